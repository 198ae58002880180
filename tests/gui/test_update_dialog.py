"""Tools > Update lists against a local HTTP server: progress, report, cancel, addresses saved to Settings."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from listsamples import CSL_ROWS, EL, write_csl_csv  # noqa: E402
from listserver import serving  # noqa: E402

from guiapp.gui.update_dialog import UpdateListsDialog, UpdateSourcesModel  # noqa: E402
from guiapp.lists.store import ListStore  # noqa: E402
from guiapp.settings import Settings, load_settings  # noqa: E402


@pytest.fixture
def served(tmp_path):
    folder = tmp_path / "www"
    folder.mkdir()
    write_csl_csv(folder / "consolidated.csv")
    rows = [
        *CSL_ROWS,
        {"_id": "a9", "source": EL, "name": "Nerilux Microsystems", "start_date": "2024-05-01"},
    ]
    write_csl_csv(folder / "consolidated-2.csv", rows)
    with serving(folder) as server:
        yield server


def _dialog(qtbot, url: str) -> UpdateListsDialog:
    settings = Settings(update_sources={"csl": url}, update_timeout=20)
    d = UpdateListsDialog(settings, ListStore())
    qtbot.addWidget(d)
    return d


def _run(qtbot, d: UpdateListsDialog) -> None:
    qtbot.mouseClick(d.update_button, Qt.MouseButton.LeftButton)
    assert d.is_running() and not d.close_button.isEnabled()
    qtbot.waitUntil(lambda: not d.is_running(), timeout=30_000)


def _cell(model, row: int, col: int) -> str:
    return model.index(row, col).data()


def test_update_shows_progress_result_and_what_changed(qtbot, qtmodeltester, served):
    d = _dialog(qtbot, served.url("consolidated.csv"))
    assert _cell(d.model, 0, 0) == "Consolidated Screening List"
    assert _cell(d.model, 0, 2) == "none kept yet"
    with qtbot.waitSignal(d.listsChanged, timeout=30_000):
        _run(qtbot, d)
    assert _cell(d.model, 0, 3) == "updated"
    assert _cell(d.model, 0, 2) == ListStore().record("Consolidated Screening List").edition_date
    assert "1 list(s) updated" in d.status_label.text() or "1 list updated" in d.status_label.text()
    qtmodeltester.check(d.model)

    # The same file again: nothing new, no re-screen.
    with qtbot.assertNotEmitted(d.listsChanged):
        _run(qtbot, d)
    assert _cell(d.model, 0, 3) == "no new edition"

    # A new edition: the report lists the entry added.
    assert d.model.setData(d.model.index(0, UpdateSourcesModel.ADDRESS), served.url("consolidated-2.csv"))
    with qtbot.waitSignal(d.listsChanged, timeout=30_000):
        _run(qtbot, d)
    text = d.report_view.toPlainText()
    assert "1 added, 0 removed, 0 changed" in text and "+ Nerilux Microsystems" in text
    # The edited address was saved to the settings file.
    assert load_settings().update_sources == {"csl": served.url("consolidated-2.csv")}


def test_a_failed_fetch_and_a_bad_address(qtbot, served):
    d = _dialog(qtbot, served.url("missing.csv"))
    assert not d.model.setData(d.model.index(0, UpdateSourcesModel.ADDRESS), "not an address")
    with qtbot.assertNotEmitted(d.listsChanged):
        _run(qtbot, d)
    assert _cell(d.model, 0, 3) == "failed, kept ours"
    tip = d.model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert "HTTP 404" in tip and "no edition of list 'Consolidated Screening List' is kept yet" in tip
    assert "could not be updated" in d.status_label.text()
    assert ListStore().records() == []


def test_cancel_keeps_the_lists_as_they_were(qtbot, served):
    # The server keeps the connection open without answering (until the test ends); Cancel must end the update
    # at once, not after the 20 s timeout (which would read "failed").
    d = _dialog(qtbot, served.url("slow/consolidated.csv"))
    qtbot.mouseClick(d.update_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(d.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not d.is_running(), timeout=30_000)
    assert _cell(d.model, 0, 3) == "cancelled"
    assert ListStore().records(include_history=True) == []
    assert d.update_button.isEnabled() and d.close_button.isEnabled()


def test_offline_keeps_the_kept_edition(qtbot, served):
    d = _dialog(qtbot, served.url("consolidated.csv"))
    _run(qtbot, d)
    d.offline_check.setChecked(True)
    asked = len(served.requests)
    _run(qtbot, d)
    assert len(served.requests) == asked
    assert _cell(d.model, 0, 3) == "offline, kept ours"
    assert d.model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole).startswith("offline, keeping edition")


def test_the_window_has_the_menu_entry(window, qtbot):
    action = window.menus.update_lists_action
    assert action.text().replace("&", "") == "Update lists…"
    action.trigger()
    dlg = window.sessions.update_dialog
    assert isinstance(dlg, UpdateListsDialog) and dlg.isVisible()
    dlg.reject()


UN_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><INDIVIDUALS/><ENTITIES><ENTITY>
<DATAID>110397</DATAID><FIRST_NAME>KORVALIS MINING TRADING CORPORATION</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
<REFERENCE_NUMBER>KPe.901</REFERENCE_NUMBER><LISTED_ON>2009-04-24</LISTED_ON></ENTITY></ENTITIES></CONSOLIDATED_LIST>
"""


def test_ticked_sources_are_fetched_and_the_choice_is_kept(qtbot, qtmodeltester, served):
    (served.folder / "un.xml").write_text(UN_XML, encoding="utf-8")
    names = {"csl": "consolidated.csv", "un": "un.xml", "ofac-sdn": "sdn.xml", "ofac-cons": "cons.xml"}
    settings = Settings(update_sources={k: served.url(v) for k, v in names.items()}, update_timeout=20)
    d = UpdateListsDialog(settings, ListStore())
    qtbot.addWidget(d)
    model = d.model
    keys = [r.source.key for r in model.rows()]
    assert keys == ["csl", "un", "ofac-sdn", "ofac-cons"]
    checks = [model.index(i, 0).data(Qt.ItemDataRole.CheckStateRole) for i in range(len(keys))]
    assert checks == [Qt.CheckState.Checked] + [Qt.CheckState.Unchecked] * 3
    assert _cell(model, 1, 3) == "switched off" and _cell(model, 1, 4) == "never"
    qtmodeltester.check(model)

    # Tick the UN list, clear the CSL: only the UN file is asked for, and the choice is in the settings file.
    assert model.setData(model.index(1, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.setData(model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert load_settings().update_enabled == {"un": True, "csl": False}
    _run(qtbot, d)
    assert [p.rsplit("/", 1)[-1] for p in served.requests] == ["un.xml"]
    assert _cell(model, 1, 3) == "updated" and _cell(model, 1, 4) != "never"
    assert _cell(model, 0, 3) == "switched off"
    assert ListStore().record("UN Security Council Consolidated List").edition_date == "2026-02-27"

    # A new window shows the kept choice; with nothing ticked there is nothing to update.
    d2 = UpdateListsDialog(load_settings(), ListStore())
    qtbot.addWidget(d2)
    ticked = [r.source.key for r in d2.model.rows() if r.source.enabled]
    assert ticked == ["un"] and _cell(d2.model, 1, 4) != "never"
    assert d2.model.setData(
        d2.model.index(1, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert not d2.update_button.isEnabled()
