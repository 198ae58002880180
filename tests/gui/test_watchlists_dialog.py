"""The Watchlists dialog on the real store: lists, enable/disable, import with preview, search, private entries."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from listsamples import CSL_ROWS, write_csl_csv  # noqa: E402

from guiapp.gui.watchlists_dialog import EntitiesTableModel, ListsTableModel, WatchlistsDialog  # noqa: E402
from guiapp.lists.store import ListStore  # noqa: E402


@pytest.fixture
def dialog(qtbot):
    d = WatchlistsDialog(ListStore())
    qtbot.addWidget(d)
    return d


def _names(model) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_models_pass_the_model_tester(qtmodeltester, dialog, tmp_path, monkeypatch):
    monkeypatch.setattr(dialog, "confirm_import", lambda result: True)
    dialog.import_path(write_csl_csv(tmp_path / "c.csv"))
    qtmodeltester.check(dialog.lists_model)
    qtmodeltester.check(dialog.entities_model)
    assert isinstance(dialog.lists_model, ListsTableModel) and isinstance(
        dialog.entities_model, EntitiesTableModel
    )


def test_shows_the_builtin_list(dialog):
    assert _names(dialog.lists_model) == ["BOM Auditor built-in watchlist"]
    assert dialog.entities_model.rowCount() >= 100


def test_import_with_preview_then_toggle(dialog, qtbot, tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(dialog, "confirm_import", lambda result: seen.append(result) or True)
    with qtbot.waitSignal(dialog.lists_changed):
        assert dialog.import_path(write_csl_csv(tmp_path / "consolidated-2021-06-03.csv"))
    assert seen[0].entries == 5 and seen[0].skipped
    assert _names(dialog.lists_model) == ["BOM Auditor built-in watchlist", "Consolidated Screening List"]
    edition = dialog.lists_model.index(1, 1).data()
    assert edition == "2021-06-03 (from the file name)"
    enabled = dialog.lists_model.index(1, 5)
    assert enabled.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    with qtbot.waitSignal(dialog.lists_changed):
        dialog.lists_model.setData(enabled, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert not ListStore().records()[0].enabled
    # The built-in list cannot be switched off here.
    assert not dialog.lists_model.setData(
        dialog.lists_model.index(0, 5), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )


def test_declined_preview_keeps_nothing(dialog, tmp_path, monkeypatch):
    monkeypatch.setattr(dialog, "confirm_import", lambda result: False)
    assert not dialog.import_path(write_csl_csv(tmp_path / "consolidated.csv"))
    assert ListStore().records() == []
    assert "not imported" in dialog.status.text()


def test_bad_file_is_one_clear_message(dialog, tmp_path, monkeypatch):
    messages = []
    monkeypatch.setattr("guiapp.gui.watchlists_dialog.QMessageBox.warning", lambda *a: messages.append(a[2]))
    bad = tmp_path / "colours.csv"
    bad.write_text("colour\nred\n")
    assert not dialog.import_path(bad)
    assert messages and messages[0].startswith("colours.csv: no name column")


def test_search_entities(dialog):
    dialog.filter_edit.setText("hisilicon")
    names = [dialog.proxy.index(r, 0).data() for r in range(dialog.proxy.rowCount())]
    assert names and all("hisilicon" in n.lower() or "haisi" in n.lower() for n in names[:1])
    dialog.filter_edit.setText("NDAA-5949")  # lists column
    names = [dialog.proxy.index(r, 0).data() for r in range(dialog.proxy.rowCount())]
    assert "Semiconductor Manufacturing International Corporation" in names


def test_private_entry_and_alias(dialog, qtbot):
    with qtbot.waitSignal(dialog.lists_changed):
        dialog.add_private_entry("Quorvane Sensors GmbH", ["Quorvane"])
    assert _names(dialog.lists_model)[-1] == "My entries"
    dialog.filter_edit.setText("Hangzhou Hikvision Digital")
    dialog.entities_view.selectRow(0)
    entity = dialog._selected_entity()
    assert entity.id == "HIKVISION"
    dialog.add_alias(entity, "HKV Works")
    private = ListStore().private_watchlist()
    assert [e.id for e in private.entities][-1] == "HIKVISION"
    assert [a.name for a in private.entities[-1].aliases] == ["HKV Works"]


def test_remove_list(dialog, tmp_path, monkeypatch):
    monkeypatch.setattr(dialog, "confirm_import", lambda result: True)
    dialog.import_path(write_csl_csv(tmp_path / "consolidated.csv"))
    dialog.remove_list("Consolidated Screening List")
    assert _names(dialog.lists_model) == ["BOM Auditor built-in watchlist"]


def test_entries_are_listed_a_to_z_with_a_wide_name_column(dialog):
    # Found in the real window: setSortingEnabled alone sorted by name descending (the list began at
    # "Zhuhai ...") and the names were elided in a 100-pixel column beside unused space.
    dialog.resize(1000, 640)
    dialog.show()
    names = _names(dialog.proxy)
    assert names[0].casefold() < names[-1].casefold()
    assert dialog.entities_view.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    other = [dialog.entities_view.columnWidth(c) for c in range(1, dialog.proxy.columnCount())]
    assert dialog.entities_view.columnWidth(0) > max(other)


def test_persons_and_vessels_are_switched_on_per_list(dialog, qtbot, tmp_path, monkeypatch):
    from guiapp.gui.watchlists_dialog import PARTIES_COLUMN

    monkeypatch.setattr(dialog, "confirm_import", lambda result: True)
    dialog.import_path(write_csl_csv(tmp_path / "consolidated.csv"))
    cell = dialog.lists_model.index(1, PARTIES_COLUMN)
    assert cell.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert cell.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    screened = ListStore().enabled_watchlists(include_builtin=False)[0]
    assert {e.party for e in screened.entities} == {"organisation"}
    with qtbot.waitSignal(dialog.lists_changed):
        dialog.lists_model.setData(cell, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert ListStore().records()[0].parties == ["organisation", "person", "vessel", "aircraft"]
    screened = ListStore().enabled_watchlists(include_builtin=False)[0]
    assert {e.party for e in screened.entities} == {"organisation", "person", "vessel"}
    # The built-in list has only organisations: nothing to switch on.
    assert not dialog.lists_model.index(0, PARTIES_COLUMN).flags() & Qt.ItemFlag.ItemIsUserCheckable


def test_an_older_edition_asks_before_replacing(dialog, tmp_path, monkeypatch):
    monkeypatch.setattr(dialog, "confirm_import", lambda result: True)
    monkeypatch.setattr(dialog, "_error", lambda message: pytest.fail(message))
    newer = [*CSL_ROWS, {**CSL_ROWS[0], "_id": "n1", "name": "Newco Devices"}]
    assert dialog.import_path(write_csl_csv(tmp_path / "consolidated-2026-11-20.csv", newer))
    asked = []
    monkeypatch.setattr(
        "guiapp.gui.watchlists_dialog.QMessageBox.question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No,
    )
    assert not dialog.import_path(write_csl_csv(tmp_path / "consolidated-2021-06-03.csv"))
    assert "an older edition" in asked[0] and "2026-11-20 (from the file name) -> 2021-06-03" in asked[0]
    assert [r.edition_date for r in ListStore().records()] == ["2026-11-20"]
    assert "not imported" in dialog.status.text()
    monkeypatch.setattr(
        "guiapp.gui.watchlists_dialog.QMessageBox.question", lambda *a, **k: QMessageBox.StandardButton.Yes
    )
    assert dialog.import_path(write_csl_csv(tmp_path / "consolidated-2021-06-03.csv"))
    assert [r.edition_date for r in ListStore().records()] == ["2021-06-03"]
