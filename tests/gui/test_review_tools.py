"""Review tools around the findings: review-level marking and filter, the by-value decision filter, Export all,
the whole-sheet headers, the pattern in the detail pane, and columns that fit the window."""

from __future__ import annotations

import openpyxl
import pytest
from guihelpers import BOM_ROWS, make_bom, open_and_wait
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from guiapp.gui.models import REF_ROLE, REVIEW_ROLE, GroupsTableModel, HitsTableModel

#: A weak part-number pattern (EZVIZ CS-…, list data of low confidence): a review-level finding.
REVIEW_ROW = ["U9", 1, "EZVIZ Network Co. Ltd", "CS-C6N-A0-1C2WFR", "Camera", "Anjia"]


@pytest.fixture
def review_bom(tmp_path):
    return make_bom(tmp_path / "board-r.xlsx", rows=[*BOM_ROWS, REVIEW_ROW])


def _visible_rows(view):
    model = view.model()
    return [model.index(r, 0).data(REF_ROLE) for r in range(model.rowCount())]


def test_review_level_findings_are_marked_and_can_be_shown_alone(window, qtbot, review_bom):
    open_and_wait(qtbot, window, [review_bom])
    model = window.hits_model
    review_rows = [r for r in range(model.rowCount()) if model.ref(r).hit.match.review]
    firm_rows = [r for r in range(model.rowCount()) if not model.ref(r).hit.match.review]
    assert len(review_rows) == 1 and firm_rows
    weak = model.index(review_rows[0], HitsTableModel.METHOD)
    firm = model.index(firm_rows[0], HitsTableModel.METHOD)
    # The mark a person sees: an icon, amber text, italics and a tooltip that says why; firm hits have none.
    assert weak.data(Qt.ItemDataRole.DecorationRole) is not None
    assert firm.data(Qt.ItemDataRole.DecorationRole) is None
    assert weak.data(Qt.ItemDataRole.FontRole).italic()
    assert firm.data(Qt.ItemDataRole.FontRole) is None
    assert "Review-level" in weak.data(Qt.ItemDataRole.ToolTipRole)
    assert weak.data() == "pattern"  # a part-number pattern, not to be confused with the Field column
    assert "1 review-level" in window.count_label.text()

    window.review_filter.setChecked(True)
    shown = _visible_rows(window.hits_view)
    assert [r.hit.value for r in shown] == ["CS-C6N-A0-1C2WFR"]
    window.review_filter.setChecked(False)
    assert window.hits_proxy.rowCount() == model.rowCount()

    window.tabs.setCurrentIndex(1)
    window.groups_review_filter.setChecked(True)
    groups = _visible_rows(window.groups_view)
    assert [g.value for g in groups] == ["CS-C6N-A0-1C2WFR"]
    assert window.groups_proxy.index(0, 0).data(REVIEW_ROLE) is True


def test_by_value_view_filters_on_decision_state(window, qtbot, bom_file):
    open_and_wait(qtbot, window, [bom_file])
    window.tabs.setCurrentIndex(1)
    window.groups_view.setFocus()
    total = window.groups_proxy.rowCount()
    hik = next(
        r for r in range(total) if window.groups_proxy.index(r, GroupsTableModel.VALUE).data() == "Hikvision"
    )
    window.groups_view.selectRow(hik)
    qtbot.keyClick(window.groups_view, Qt.Key.Key_F)  # both Hikvision rows become false positives
    combo = window.groups_decision_filter

    def choose(status):
        combo.setCurrentIndex(combo.findData(status))
        return sorted(g.value for g in _visible_rows(window.groups_view))

    assert choose("false_positive") == ["Hikvision"]
    assert "Hikvision" not in choose("pending")
    assert len(choose("pending")) == total - 1
    assert "Hikvision" not in choose("open")
    assert choose("mixed") == []
    assert "of" in window.groups_count_label.text()
    # Make the Hikvision value mixed: confirm one of its two rows in the findings table.
    choose("")
    window.tabs.setCurrentIndex(0)
    window.hits_view.setFocus()
    row = next(r for r, ref in enumerate(_visible_rows(window.hits_view)) if ref.hit.value == "Hikvision")
    window.hits_view.selectRow(row)
    qtbot.keyClick(window.hits_view, Qt.Key.Key_C)
    window.tabs.setCurrentIndex(1)
    assert choose("mixed") == ["Hikvision"]
    assert choose("confirmed") == ["Hikvision"]
    assert choose("false_positive") == ["Hikvision"]
    window.groups_filter_edit.setText("zhejiang")  # the cell text or the matched entry
    assert choose("") == ["DHI-NVR1108HS-S3/H", "ZHEJIANG DAHUA TECHNOLOGY CO., LTD."]
    window.groups_filter_edit.setText("nvr1108")
    assert choose("") == ["DHI-NVR1108HS-S3/H"]


def test_export_all_writes_every_file_beside_the_originals(window, qtbot, tmp_path, monkeypatch):
    one = make_bom(tmp_path / "one.xlsx")
    two = make_bom(tmp_path / "two.xlsx", rows=BOM_ROWS[:3])
    other = tmp_path / "elsewhere"
    other.mkdir()
    same_stem = make_bom(other / "one.xlsx", rows=BOM_ROWS[:4])
    originals = {p: p.read_bytes() for p in (one, two, same_stem)}
    open_and_wait(qtbot, window, [one, two, same_stem])
    asked = []

    def folder_dialog(parent, caption, directory):
        asked.append(directory)
        return str(tmp_path)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", folder_dialog)
    with qtbot.waitSignal(window.exportedAll, timeout=30_000) as sig:
        window.export_all_action.trigger()
    written, failed = sig.args
    assert asked == [str(tmp_path)]
    assert failed == []
    names = sorted(p.name for p in written)
    # Two inputs named one.xlsx: the second copy is numbered, never written over the first.
    assert names == ["one-2.audited.xlsx", "one.audited.xlsx", "two.audited.xlsx"]
    for p in written:
        wb = openpyxl.load_workbook(p, read_only=True)
        assert "Findings" in wb.sheetnames
        wb.close()
    assert all(p.read_bytes() == data for p, data in originals.items())
    assert "Exported 3 annotated workbooks" in window.banner.text()

    # A second run asks before replacing the earlier exports; saying no writes nothing.
    qtbot.waitUntil(lambda: not window.is_busy())
    before = {p: p.stat().st_mtime_ns for p in written}
    monkeypatch.setattr(window.exports, "confirm_replace", lambda paths: len(paths) == 3 and False)
    window.export_all()
    assert not window.is_busy()
    assert {p: p.stat().st_mtime_ns for p in written} == before


def test_whole_sheet_headers_show_letter_and_header_text(window, qtbot, bom_file):
    open_and_wait(qtbot, window, [bom_file])
    window.tabs.setCurrentIndex(2)
    model = window.sheet_model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert titles[0] == "A · Ref"
    assert titles[1] == "B · Qty"
    assert titles[2] == "C · Manufacturer"
    assert titles[3] == "D · Manufacturer Part Number"  # the header already names its role
    assert "Screened as manufacturer" in model.headerData(
        2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole).bold()
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole) is None


def test_detail_pane_labels_a_part_number_pattern_as_the_pattern(window, qtbot, bom_file):
    open_and_wait(qtbot, window, [bom_file])
    window.tabs.setCurrentIndex(0)
    rows = _visible_rows(window.hits_view)
    row = next(i for i, r in enumerate(rows) if r.hit.match.method == "part_number")
    window.hits_view.selectRow(row)
    text = window.detail.toPlainText()
    assert "Pattern (regular expression)" in text
    assert "Matched pattern" in text
    assert "Name, normalised" not in text
    row = next(i for i, r in enumerate(rows) if r.hit.match.method != "part_number")
    window.hits_view.selectRow(row)
    assert "Name, normalised" in window.detail.toPlainText()


def test_every_findings_column_fits_at_1366x768(window, qtbot, tmp_path):
    window.resize(1366, 768)
    open_and_wait(qtbot, window, [make_bom(tmp_path / "a.xlsx"), make_bom(tmp_path / "b.xlsx")])
    window.tabs.setCurrentIndex(0)
    qtbot.wait(50)
    view = window.hits_view
    header = view.horizontalHeader()
    assert not view.isColumnHidden(HitsTableModel.FILE)  # two files: the File column shows
    right = max(
        header.sectionViewportPosition(c) + header.sectionSize(c)
        for c in range(view.model().columnCount())
        if not view.isColumnHidden(c)
    )
    assert right <= view.viewport().width() + 1
    for c in (HitsTableModel.PARENT, HitsTableModel.LISTS, HitsTableModel.METHOD, HitsTableModel.NOTE):
        assert header.sectionSize(c) >= 30, view.model().headerData(c, Qt.Orientation.Horizontal)
    assert window.view.work_splitter.sizes()[1] <= 340  # the detail pane leaves the table its room


def test_changing_the_watchlists_rescreens_open_files(window, qtbot, bom_file, monkeypatch):
    from guiapp.gui.watchlists_dialog import WatchlistsDialog

    open_and_wait(qtbot, window, [bom_file])
    before = window.hits_model.rowCount()
    assert window._matcher is not None

    def exec_and_change(dlg):
        dlg.lists_changed.emit()
        return 0

    monkeypatch.setattr(WatchlistsDialog, "exec", exec_and_change)
    with qtbot.waitSignal(window.screeningFinished, timeout=30_000):
        window.watchlists_action.trigger()
    assert window._matcher is not None  # rebuilt from the lists as they are now
    assert window.hits_model.rowCount() == before
    assert window.files_model.entry(0).status == "ok"
