"""The window end to end on the real core: open, drop, screen, cancel, review by keyboard, export, resume."""

from __future__ import annotations

import hashlib
import shutil
import time
import warnings
from pathlib import Path

import pytest
from guihelpers import BOM_ROWS, make_bom, open_and_wait
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton, QStyleOptionViewItem

from guiapp.app.screener import Screener
from guiapp.gui import review_controller
from guiapp.gui.models import REF_ROLE, GroupsTableModel, HitsTableModel
from guiapp.model import Cancelled


def _statuses(window):
    return {e.path.name: e.status for e in window.files_model.entries()}


def _decisions(window):
    return [window.session.decision(r).status for r in window.session.refs()]


def _select_first_finding(window, qtbot):
    window.tabs.setCurrentIndex(0)
    window.hits_view.setFocus()
    window.hits_view.selectRow(0)
    qtbot.waitUntil(lambda: window.hits_view.currentIndex().isValid())


def test_empty_window_offers_a_drop_target_and_the_sample(window, qtbot):
    assert window.stack.currentWidget() is window.empty_page
    assert window.findChild(QPushButton, "sampleButton").isVisible()
    with qtbot.waitSignal(window.screeningFinished, timeout=30_000):
        qtbot.mouseClick(window.empty_page.sample_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.splitter
    assert _statuses(window) == {"sample-bom.xlsx": "ok"}
    assert window.hits_model.rowCount() > 5


def test_open_by_path_screens_and_lists_hits(window, qtbot, bom_file):
    open_and_wait(qtbot, window, [bom_file])
    entry = window.files_model.entry(0)
    assert entry.status == "ok"
    n = len(entry.result.hits)
    assert n >= 3
    # The J2 row names no maker and no part number: the list says so instead of a bare hit count.
    assert window.files_model.index(0).data().endswith(f"{n} hits\n1 row not screened")
    assert window.hits_model.rowCount() == n
    values = {window.hits_model.ref(i).hit.value for i in range(n)}
    assert "Hikvision" in values
    assert "screened" not in window.status_label.text() or "finding" in window.status_label.text()
    assert str(bom_file) in window.recent_files()


def test_drop_of_a_folder_opens_every_bom_in_it(window, qtbot, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    make_bom(folder / "one.xlsx")
    make_bom(folder / "two.xlsx", rows=BOM_ROWS[:3])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    with warnings.catch_warnings():  # PySide marks the QPoint constructor deprecated; it is the only one
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, buttons, mods)
    with qtbot.waitSignal(window.screeningFinished, timeout=30_000):
        QApplication.sendEvent(window, event)
    assert event.isAccepted()
    assert _statuses(window) == {"one.xlsx": "ok", "two.xlsx": "ok"}
    assert not window.hits_view.isColumnHidden(HitsTableModel.FILE)


def test_a_bad_file_shows_its_error_and_the_other_file_still_screens(window, qtbot, tmp_path, bom_file):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(bytes(range(256)) * 20)
    open_and_wait(qtbot, window, [bad, bom_file])
    assert _statuses(window) == {"broken.xlsx": "error", "board-a.xlsx": "ok"}
    row = window.files_model.row_of(bad.resolve())
    idx = window.files_model.index(row)
    assert "error" in idx.data()
    assert "broken.xlsx" in idx.data(Qt.ItemDataRole.ToolTipRole)
    assert idx.data(Qt.ItemDataRole.ForegroundRole).color().red() > 150
    assert window.hits_model.rowCount() > 0
    assert "1 unreadable" in window.status_label.text()


def test_long_file_names_keep_their_end_and_the_tooltip_has_path_and_status(window, qtbot, tmp_path):
    # Found in the real window: names sharing a long prefix were cut at the end ("06_greatscottgadgets_…").
    long = make_bom(tmp_path / ("06_greatscottgadgets_" + "hackrf_one_" * 4 + "r9_bom.xlsx"))
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(bytes(range(256)) * 20)
    open_and_wait(qtbot, window, [long, bad])
    assert window.files_view.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert not window.files_view.horizontalScrollBar().isVisible()  # elided, not scrolled out of sight
    idx = window.files_model.index(window.files_model.row_of(long.resolve()))
    tip = idx.data(Qt.ItemDataRole.ToolTipRole)
    assert str(long.resolve()) in tip and "hits" in tip
    bad_tip = window.files_model.index(window.files_model.row_of(bad.resolve())).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert bad_tip.startswith("broken.xlsx: ") and bad_tip.endswith("\n" + str(bad.resolve()))


def test_cancel_stops_the_batch_and_marks_the_files(window, qtbot, tmp_path, monkeypatch):
    started = []

    def slow_screen(self, path, *, progress=None, cancel=None):
        started.append(path)
        while True:  # a long file: only the cancel token ends it
            cancel.raise_if_cancelled()
            time.sleep(0.01)

    monkeypatch.setattr(Screener, "screen", slow_screen)
    files = [make_bom(tmp_path / f"f{i}.xlsx") for i in range(3)]
    window.open_paths(files)
    qtbot.waitUntil(lambda: bool(started) and window.cancel_button.isVisible(), timeout=30_000)
    qtbot.waitUntil(lambda: _statuses(window)["f0.xlsx"] == "screening", timeout=5000)
    with qtbot.waitSignal(window.screeningFinished, timeout=10_000):
        qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    assert set(_statuses(window).values()) == {"cancelled"}
    assert len(started) == 1
    assert not window.cancel_button.isVisible()
    assert window.status_label.text() == "Screening cancelled"
    assert Cancelled  # the worker ends through the core's Cancelled


def test_keyboard_review_decides_moves_on_and_edits_the_note(window, qtbot, bom_file):
    open_and_wait(qtbot, window, [bom_file])
    _select_first_finding(window, qtbot)
    first = window.current_ref()
    qtbot.keyClick(window.hits_view, Qt.Key.Key_C)
    d = window.session.decision(first)
    assert (d.status, d.reviewer) == ("confirmed", "Tess Tester")
    assert d.time
    # The cursor moved to the next finding.
    second = window.current_ref()
    assert second != first
    qtbot.keyClick(window.hits_view, Qt.Key.Key_F)
    assert window.session.decision(second).status == "false_positive"
    qtbot.keyClick(window.hits_view, Qt.Key.Key_Up)
    qtbot.keyClick(window.hits_view, Qt.Key.Key_Up)
    assert window.current_ref() == first
    qtbot.keyClick(window.hits_view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.session.decision(first).status == "escalated"
    # Enter edits the note in place; typing letters there must not trigger decisions.
    qtbot.keyClick(window.hits_view, Qt.Key.Key_Up)
    assert window.current_ref() == first
    qtbot.keyClick(window.hits_view, Qt.Key.Key_Return)
    editor = QApplication.focusWidget()
    assert editor is not window.hits_view
    qtbot.keyClicks(editor, "camera for the lab")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits through a queued call.
    qtbot.waitUntil(lambda: window.session.decision(first).note != "", timeout=2000)
    d = window.session.decision(first)
    assert (d.status, d.note) == ("escalated", "camera for the lab")
    row = window.hits_view.currentIndex().row()
    assert window.hits_proxy.index(row, HitsTableModel.DECISION).data() == "Escalated"


def test_decision_applies_to_a_multi_selection(window, qtbot, bom_file):
    open_and_wait(qtbot, window, [bom_file])
    _select_first_finding(window, qtbot)
    window.hits_view.selectAll()
    qtbot.keyClick(window.hits_view, Qt.Key.Key_E)
    assert set(_decisions(window)) == {"escalated"}
    window.decision_filter.setCurrentIndex(window.decision_filter.findData("confirmed"))
    assert window.hits_proxy.rowCount() == 0
    window.decision_filter.setCurrentIndex(window.decision_filter.findData("open"))
    assert window.hits_proxy.rowCount() == window.hits_model.rowCount()


def test_the_reviewer_is_asked_once(make_window, qtbot, bom_file, monkeypatch):
    from guiapp.settings import Settings, load_settings, save_settings

    save_settings(Settings(reviewer=""))
    window = make_window()
    asked = []
    monkeypatch.setattr(
        review_controller.QInputDialog,
        "getText",
        staticmethod(lambda *a, **k: (asked.append(1), ("Ria", True))[1]),
    )
    open_and_wait(qtbot, window, [bom_file])
    _select_first_finding(window, qtbot)
    qtbot.keyClick(window.hits_view, Qt.Key.Key_C)
    qtbot.keyClick(window.hits_view, Qt.Key.Key_C)
    assert asked == [1]
    assert load_settings().reviewer == "Ria"
    assert window.session.decision(window.session.refs()[0]).reviewer == "Ria"


def test_group_decision_covers_every_row_of_the_value(window, qtbot, bom_file):
    open_and_wait(qtbot, window, [bom_file])
    window.tabs.setCurrentIndex(1)
    model = window.groups_proxy
    row = next(i for i in range(model.rowCount()) if model.index(i, 0).data(REF_ROLE).value == "Hikvision")
    group = model.index(row, 0).data(REF_ROLE)
    assert len(group.refs) >= 2
    window.groups_view.setFocus()
    window.groups_view.selectRow(row)
    qtbot.keyClick(window.groups_view, Qt.Key.Key_F)
    assert {window.session.decision(r).status for r in group.refs} == {"false_positive"}
    assert "False positive" in model.index(row, 7).data()
    others = [r for r in window.session.refs() if r not in group.refs]
    assert {window.session.decision(r).status for r in others} == {"pending"}


def test_decision_memory_suggests_a_false_positive_in_the_next_bom_until_accepted(
    window, qtbot, tmp_path, bom_file
):
    open_and_wait(qtbot, window, [bom_file])
    window.tabs.setCurrentIndex(1)
    row = next(
        i
        for i in range(window.groups_proxy.rowCount())
        if window.groups_proxy.index(i, 0).data(REF_ROLE).value == "Hikvision"
    )
    window.groups_view.setFocus()
    window.groups_view.selectRow(row)
    qtbot.keyClick(window.groups_view, Qt.Key.Key_F)
    window.flush_autosave()  # writes decision memory too
    sha_a = next(r.sha256 for r in window.session.results if r.path.name == "board-a.xlsx")
    decided_a = {r.hit.key: window.session.decision(r) for r in window.session.refs() if r.file == sha_a}

    other = make_bom(tmp_path / "board-b.xlsx", rows=[*BOM_ROWS[:3], ["X9", 2, "HIKVISION", "", "", ""]])
    open_and_wait(qtbot, window, [other])
    sha_b = next(r.sha256 for r in window.session.results if r.path.name == "board-b.xlsx")
    refs_b = [r for r in window.session.refs() if r.file == sha_b and r.hit.field == "manufacturer"]
    # Remembered from board-a, it is a suggestion: the hit stays pending, nothing is cleared silently.
    assert refs_b and all(window.session.decision(r).status == "pending" for r in refs_b)
    suggestion = window.session.suggestion(refs_b[0])
    assert suggestion.status == "false_positive" and "board-a.xlsx" in suggestion.text()
    assert "Tess Tester" in suggestion.text()
    window.tabs.setCurrentIndex(0)
    texts = [
        window.hits_proxy.index(i, HitsTableModel.DECISION).data()
        for i in range(window.hits_proxy.rowCount())
    ]
    assert "Pending: suggested false positive" in texts
    row = next(
        i
        for i in range(window.hits_proxy.rowCount())
        if window.hits_proxy.index(i, 0).data(REF_ROLE) == refs_b[0]
    )
    tip = window.hits_proxy.index(row, HitsTableModel.DECISION).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Suggestion: cleared as a false positive in board-a.xlsx") and "Press A" in tip
    assert "False positive (remembered)" not in texts
    # The earlier BOM's decisions did not move.
    assert {
        r.hit.key: window.session.decision(r) for r in window.session.refs() if r.file == sha_a
    } == decided_a

    # A person accepts it with A: recorded under their name, saying it was an accepted suggestion.
    window.hits_view.setFocus()
    window.hits_view.selectRow(row)
    qtbot.keyClick(window.hits_view, Qt.Key.Key_A)
    d = window.session.decision(refs_b[0])
    assert (d.status, d.reviewer) == ("false_positive", "Tess Tester")
    assert d.note.startswith("Accepted suggestion: cleared as a false positive in board-a.xlsx")
    assert "Accepted 1 suggestion" in window.banner.text()


def test_resume_after_a_crash_picks_up_files_and_decisions(make_window, qtbot, bom_file):
    first = make_window()
    open_and_wait(qtbot, first, [bom_file])
    _select_first_finding(first, qtbot)
    ref = first.current_ref()
    qtbot.keyClick(first.hits_view, Qt.Key.Key_C)
    qtbot.waitUntil(
        lambda: (
            first.autosave.current.exists()
            and '"confirmed"' in first.autosave.current.read_text(encoding="utf-8")
        ),
        timeout=5000,
    )
    # A crash: no close, no shutdown. A new window starts and offers the last session.
    second = make_window(offer_resume=True)
    assert second.banner.isVisible() and "Resume" in second.banner.text()
    resume = second.banner.findChild(QPushButton, "banner_resume")
    with qtbot.waitSignal(second.screeningFinished, timeout=30_000):
        qtbot.mouseClick(resume, Qt.MouseButton.LeftButton)
    assert second.session.decision(ref).status == "confirmed"
    assert second.session.decision(ref).reviewer == "Tess Tester"


def test_a_damaged_autosave_is_recovered_from_the_previous_copy_with_a_warning(make_window, qtbot, bom_file):
    first = make_window()
    open_and_wait(qtbot, first, [bom_file])
    first.flush_autosave()
    _select_first_finding(first, qtbot)
    qtbot.keyClick(first.hits_view, Qt.Key.Key_C)
    first.flush_autosave()
    first.autosave.current.write_text("{torn", encoding="utf-8")
    second = make_window(offer_resume=True)
    assert "damaged" in second.banner.text() and "previous copy" in second.banner.text()


def test_export_from_the_window_writes_beside_the_original(window, qtbot, bom_file, monkeypatch):
    before = hashlib.sha256(bom_file.read_bytes()).hexdigest()
    open_and_wait(qtbot, window, [bom_file])
    _select_first_finding(window, qtbot)
    qtbot.keyClick(window.hits_view, Qt.Key.Key_C)
    suggested = []

    def fake_save(parent, caption, directory, filter=""):
        suggested.append(directory)
        return directory, filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    window.files_view.setCurrentIndex(window.files_model.index(0))
    with qtbot.waitSignal(window.exported, timeout=30_000) as blocker:
        window.export_action.trigger()
    out = Path(blocker.args[0])
    assert Path(suggested[0]).parent == bom_file.parent and Path(suggested[0]) != bom_file
    assert out.is_file() and out != bom_file
    assert hashlib.sha256(bom_file.read_bytes()).hexdigest() == before
    assert "Exported" in window.banner.text()
    import openpyxl

    wb = openpyxl.load_workbook(out, read_only=True)
    text = " ".join(
        str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
    )
    assert "Tess Tester" in text and "Confirmed" in text


def test_export_refuses_to_overwrite_the_input(window, qtbot, bom_file, monkeypatch):
    open_and_wait(qtbot, window, [bom_file])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(bom_file), "")))
    before = bom_file.read_bytes()
    window.export_action.trigger()
    assert "overwrite the original" in window.banner.text()
    assert bom_file.read_bytes() == before


def test_audit_file_round_trip_through_a_new_window(make_window, qtbot, bom_file, tmp_path, monkeypatch):
    first = make_window()
    open_and_wait(qtbot, first, [bom_file])
    _select_first_finding(first, qtbot)
    ref = first.current_ref()
    qtbot.keyClick(first.hits_view, Qt.Key.Key_E)
    audit = tmp_path / "audit.bomaudit.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(audit), "")))
    first.save_audit_dialog()
    assert audit.is_file()

    # On another machine: the BOM sits beside the audit file, not at its old path.
    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.copy(bom_file, other / bom_file.name)
    shutil.copy(audit, other / audit.name)
    bom_file.unlink()
    second = make_window()
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(other / audit.name), ""))
    )
    with qtbot.waitSignal(second.screeningFinished, timeout=30_000):
        second.open_audit_dialog()
    assert second.session.decision(ref).status == "escalated"


def test_changing_a_column_rescreens_at_once_and_is_remembered(make_window, qtbot, tmp_path, bom_file):
    window = make_window()
    open_and_wait(qtbot, window, [bom_file])
    window.tabs.setCurrentIndex(2)
    assert window.sheet_model.rowCount() == len(BOM_ROWS)
    assert any(r.hit.field == "manufacturer" for r in window.session.refs())
    combo = window.role_combos["manufacturer"]
    assert combo.currentText().startswith("C")
    with qtbot.waitSignal(window.rescreened, timeout=30_000):
        combo.setCurrentIndex(0)  # "(not used)"
    assert not any(r.hit.field == "manufacturer" for r in window.session.refs())
    sheet = window.current_sheet()[1]
    assert sheet.mapping.source == "override" and "manufacturer" not in sheet.mapping.columns
    assert "Set by hand" in window.mapping_note.text()

    # The same header layout in another BOM gets the corrected mapping.
    again = make_bom(tmp_path / "board-c.xlsx")
    second = make_window()
    open_and_wait(qtbot, second, [again])
    res = second.session.results[0]
    assert res.bom.sheets[0].mapping.source == "remembered"
    assert not any(h.field == "manufacturer" for h in res.hits)


def test_choosing_the_header_row_rescreens(window, qtbot, tmp_path):
    f = make_bom(tmp_path / "titled.xlsx", title_rows=2)
    open_and_wait(qtbot, window, [f])
    window.tabs.setCurrentIndex(2)
    assert window.header_spin.value() == 3
    with qtbot.waitSignal(window.rescreened, timeout=30_000):
        window.header_spin.setValue(0)
    sheet = window.current_sheet()[1]
    assert sheet.mapping.header_row is None
    assert {r.hit.field for r in window.session.refs()} == {"text"}
    with qtbot.waitSignal(window.rescreened, timeout=30_000):
        window.header_spin.setValue(3)
    assert window.current_sheet()[1].mapping.columns.get("manufacturer") == [2]


def test_show_in_sheet_jumps_to_the_row(window, qtbot, bom_file):
    open_and_wait(qtbot, window, [bom_file])
    _select_first_finding(window, qtbot)
    ref = window.current_ref()
    window.show_current_in_sheet()
    assert window.tabs.currentIndex() == 2
    row = window.sheet_view.currentIndex().row()
    assert window.sheet_model.spreadsheet_row(row) == ref.hit.row
    assert window.sheet_model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_detail_pane_explains_the_hit_and_shows_the_row(window, qtbot, bom_file):
    open_and_wait(qtbot, window, [bom_file])
    window.filter_edit.setText("Hikvision")
    _select_first_finding(window, qtbot)
    text = window.detail.toPlainText()
    assert "Why:" in text and "List entry" in text and "Row " in text
    assert "Manufacturer Part Number" in text and "Camera module" in text


def test_settings_dialog_lists_and_forgets_remembered_decisions(window, qtbot, bom_file):
    from guiapp.gui.dialogs import SettingsDialog

    open_and_wait(qtbot, window, [bom_file])
    _select_first_finding(window, qtbot)
    qtbot.keyClick(window.hits_view, Qt.Key.Key_F)
    dlg = SettingsDialog(window.settings, window.memory, window)
    qtbot.addWidget(dlg)
    model = dlg.memory_table.model()
    assert model.rowCount() == 1
    assert model.index(0, 2).data() == "False positive"
    assert not dlg.remove_button.isEnabled()
    dlg.memory_table.selectRow(0)
    assert dlg.remove_button.isEnabled()
    qtbot.mouseClick(dlg.remove_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 0 and len(window.memory) == 0
    assert "Nothing remembered" in dlg.memory_count.text()
    dlg.threshold_spin.setValue(95)
    assert dlg.result_settings().threshold == 95


def test_a_second_open_of_the_same_file_does_not_duplicate_it(window, qtbot, bom_file):
    open_and_wait(qtbot, window, [bom_file])
    n = window.hits_model.rowCount()
    open_and_wait(qtbot, window, [bom_file])
    assert window.files_model.rowCount() == 1 and window.hits_model.rowCount() == n


@pytest.mark.parametrize("size", [(1366, 768), (1024, 640)])
def test_window_fits_small_screens(window, qtbot, bom_file, size):
    open_and_wait(qtbot, window, [bom_file])
    window.resize(*size)
    qtbot.wait(10)
    assert window.width() <= size[0]


def test_findings_columns_give_the_room_to_cell_text_and_entity(window, qtbot, bom_file):
    open_and_wait(qtbot, window, [bom_file])
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.hits_view.viewport().width() > 600)
    H = HitsTableModel
    view, fm = window.hits_view, window.hits_view.fontMetrics()
    width = view.columnWidth
    # The short columns hold their values whole, and take no more than that needs.
    for col in (H.ROW, H.FIELD, H.METHOD, H.SCORE):
        texts = [view.model().index(r, col).data() for r in range(view.model().rowCount())]
        assert max(fm.horizontalAdvance(t) for t in texts) < width(col) - 4, H.COLUMNS[col]
    assert width(H.METHOD) < fm.horizontalAdvance("description") + 40
    # What a reviewer reads gets the most room; everything fits without scrolling.
    for col in (H.SHEET, H.ROW, H.FIELD, H.PARENT, H.LISTS, H.METHOD, H.SCORE, H.DECISION, H.NOTE):
        assert width(H.VALUE) > width(col) and width(H.ENTITY) > width(col), H.COLUMNS[col]
    shown = [c for c in range(len(H.COLUMNS)) if not view.isColumnHidden(c)]
    assert sum(width(c) for c in shown) <= view.viewport().width()


def test_a_narrow_findings_table_elides_note_and_lists_before_cell_text(window, qtbot, bom_file):
    open_and_wait(qtbot, window, [bom_file])
    H = HitsTableModel
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.hits_view.viewport().width() > 600)
    wide = {c: window.hits_view.columnWidth(c) for c in (H.VALUE, H.ENTITY, H.NOTE, H.LISTS)}
    window.resize(1024, 640)
    qtbot.waitUntil(lambda: window.hits_view.columnWidth(H.NOTE) <= window.hits_fitter.FLOOR)
    assert window.hits_view.columnWidth(H.LISTS) < wide[H.LISTS]
    assert window.hits_view.columnWidth(H.VALUE) > window.hits_view.columnWidth(H.LISTS)


def test_sheet_tab_detail_never_shows_a_finding_gone_after_a_rescreen(window, qtbot, bom_file):
    # Found in the real window: after re-mapping a column on the Whole sheet tab the detail pane kept the
    # old finding (or the findings table's current hit), though that finding no longer existed.
    open_and_wait(qtbot, window, [bom_file])
    window.hits_view.selectRow(0)
    window.tabs.setCurrentIndex(2)
    window.sheet_view.selectRow(window.sheet_model.source_row_of(6))  # the Dahua row: two findings
    assert "Manufacturer in" in window.detail.toPlainText()
    with qtbot.waitSignal(window.rescreened, timeout=30_000):
        window.role_combos["manufacturer"].setCurrentIndex(0)  # "(not used)"
    # The same row stays selected and shows the finding it has now.
    assert window.sheet_model.spreadsheet_row(window.sheet_view.currentIndex().row()) == 6
    text = window.detail.toPlainText()
    assert "Manufacturer in" not in text and "Part number in" in text

    # A row without a finding stays one, whatever the findings table selects behind the tab.
    window.sheet_view.selectRow(window.sheet_model.source_row_of(2))
    assert "Row 2: no finding" in window.detail.toPlainText()
    with qtbot.waitSignal(window.rescreened, timeout=30_000):
        window.role_combos["part_number"].setCurrentIndex(0)
    assert "Row 2: no finding" in window.detail.toPlainText()

    # Nothing selected: the neutral placeholder, not the last finding.
    window.sheet_view.setCurrentIndex(QModelIndex())
    with qtbot.waitSignal(window.rescreened, timeout=30_000):
        window.header_spin.setValue(0)
    assert window.detail.toPlainText() == window.detail.EMPTY


def test_sorting_reads_highest_first_for_scores_and_a_to_z_for_text(window, qtbot, bom_file):
    # Found in the real window: under Fusion the findings table, sorted by score highest first, showed ▲.
    from PySide6.QtWidgets import QStyleFactory, QStyleOptionHeader

    open_and_wait(qtbot, window, [bom_file])
    header = window.hits_view.horizontalHeader()
    assert header.sortIndicatorSection() == HitsTableModel.SCORE
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    fusion = QStyleFactory.create("Fusion")
    header.setStyle(fusion)
    opt = QStyleOptionHeader()
    header.initStyleOptionForIndex(opt, HitsTableModel.SCORE)
    assert opt.sortIndicator == QStyleOptionHeader.SortIndicator.SortDown  # Fusion draws ▼
    header.grab()  # the header paints with the swapped indicator without a Qt warning

    def click(col: int) -> Qt.SortOrder:
        x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
        assert header.sortIndicatorSection() == col
        return header.sortIndicatorOrder()

    # A text column sorts A to Z first, the score highest first, however the previous column was sorted.
    assert click(HitsTableModel.VALUE) == Qt.SortOrder.AscendingOrder
    opt = QStyleOptionHeader()
    header.initStyleOptionForIndex(opt, HitsTableModel.VALUE)
    assert opt.sortIndicator == QStyleOptionHeader.SortIndicator.SortUp  # Fusion draws ▲
    assert click(HitsTableModel.VALUE) == Qt.SortOrder.DescendingOrder
    assert click(HitsTableModel.SCORE) == Qt.SortOrder.DescendingOrder
    scores = [
        window.hits_proxy.index(r, HitsTableModel.SCORE).data() for r in range(window.hits_proxy.rowCount())
    ]
    assert scores == sorted(scores, key=float, reverse=True)
    assert click(HitsTableModel.ENTITY) == Qt.SortOrder.AscendingOrder
    groups = window.groups_view.horizontalHeader()
    assert (
        groups.model().headerData(
            GroupsTableModel.ROWS, Qt.Orientation.Horizontal, Qt.ItemDataRole.InitialSortOrderRole
        )
        == Qt.SortOrder.DescendingOrder.value
    )
    header.setStyle(None)


@pytest.mark.real_reason_dialog
def test_clearing_a_confident_hit_asks_why_and_records_the_reason(window, qtbot, bom_file):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from guiapp.gui.reason_dialog import ClearReasonDialog

    open_and_wait(qtbot, window, [bom_file])
    _select_first_finding(window, qtbot)
    ref = window.current_ref()
    assert not ref.hit.match.review
    seen = {}

    def answer(cancel: bool, details: str = "") -> None:
        shown = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, ClearReasonDialog) and w.isVisible()
        ]
        if not shown:  # exec() has not shown it yet: look again in a moment
            QTimer.singleShot(10, lambda: answer(cancel, details))
            return
        dlg = shown[0]
        ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen["ok_before"] = ok.isEnabled()
        if cancel:
            qtbot.keyClick(dlg, Qt.Key.Key_Escape)
            return
        dlg.reason.setCurrentIndex(dlg.reason.count() - 1)  # "Other (explain)": needs details
        seen["ok_other_empty"] = ok.isEnabled()
        qtbot.keyClicks(dlg.details, details)
        seen["ok_ready"] = ok.isEnabled()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    # Cancelled: nothing is recorded.
    QTimer.singleShot(0, lambda: answer(cancel=True))
    qtbot.keyClick(window.hits_view, Qt.Key.Key_F)
    assert window.session.decision(ref).status == "pending" and seen["ok_before"] is False

    QTimer.singleShot(0, lambda: answer(cancel=False, details="our own camera supplier, checked the invoice"))
    # Cancelling gave the focus back to the findings table: the next key works at once.
    qtbot.waitUntil(window.hits_view.hasFocus, timeout=5000)
    qtbot.keyClick(window.hits_view, Qt.Key.Key_F)
    d = window.session.decision(ref)
    assert d.status == "false_positive" and d.reviewer == "Tess Tester", (
        seen,
        d,
        window.current_ref() == ref,
    )
    assert d.note == "Other: our own camera supplier, checked the invoice"
    assert seen["ok_other_empty"] is False and seen["ok_ready"] is True


def test_undo_and_redo_decisions_with_the_keyboard_and_see_the_history(window, qtbot, bom_file):
    open_and_wait(qtbot, window, [bom_file])
    _select_first_finding(window, qtbot)
    ref = window.current_ref()
    qtbot.keyClick(window.hits_view, Qt.Key.Key_C)
    window.hits_view.selectRow(0)
    assert window.current_ref() == ref
    qtbot.keyClick(window.hits_view, Qt.Key.Key_F)  # answered by the test reason (conftest)
    assert window.session.decision(ref).status == "false_positive"
    qtbot.keyClick(window.hits_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.decision(ref).status == "confirmed"
    assert "Undid the decision on 1 finding" in window.banner.text()
    qtbot.keyClick(window.hits_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.decision(ref).status == "pending"
    qtbot.keyClick(
        window.hits_view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.session.decision(ref).status == "confirmed"
    window.hits_view.selectRow(0)
    text = window.detail.toPlainText()
    assert "History" in text and text.count("Tess Tester") >= 4
    assert "undone" in text and "redone" in text


def test_identical_files_from_two_paths_keep_their_own_decisions(window, qtbot, tmp_path, bom_file):
    # The same bytes in two folders (a BOM sent twice, for two products) are two files under review: a
    # decision on one never shows on the other, in the window or in what is exported.
    twin = tmp_path / "product-b" / bom_file.name
    twin.parent.mkdir()
    shutil.copyfile(bom_file, twin)
    open_and_wait(qtbot, window, [bom_file, twin])
    a, b = (next(r for r in window.session.results if r.path == p.resolve()) for p in (bom_file, twin))
    assert a.sha256 == b.sha256 and window.session.key_of(a) != window.session.key_of(b)
    window.tabs.setCurrentIndex(0)
    row = next(
        i
        for i in range(window.hits_proxy.rowCount())
        if window.hits_proxy.index(i, 0).data(REF_ROLE).file == window.session.key_of(a)
    )
    window.hits_view.setFocus()
    window.hits_view.selectRow(row)
    ref = window.hits_proxy.index(row, 0).data(REF_ROLE)
    qtbot.keyClick(window.hits_view, Qt.Key.Key_C)
    assert window.session.decision(ref).status == "confirmed"
    twin_ref = next(
        r for r in window.session.refs() if r.file == window.session.key_of(b) and r.hit.key == ref.hit.key
    )
    assert window.session.decision(twin_ref).status == "pending"
    assert window.session.decisions_for_file(window.session.key_of(b))[ref.hit.key].status == "pending"
    assert window.session.decisions_for_file(window.session.key_of(a))[ref.hit.key].status == "confirmed"
    # The file column names each file; the files model has both.
    names = {window.hits_proxy.index(i, 0).data(REF_ROLE).file for i in range(window.hits_proxy.rowCount())}
    assert names == {window.session.key_of(a), window.session.key_of(b)}


def test_the_window_fits_a_1366x768_screen_at_200_percent(window, qtbot, bom_file, monkeypatch):
    # 683x384 logical pixels: the layout turns compact (detail under the tables, filters on two rows) and the
    # window, frame included, fits the available area with the status bar on screen.
    from PySide6.QtCore import QRect

    open_and_wait(qtbot, window, [bom_file])
    window.resize(1366, 768)

    class Screen:
        def availableGeometry(self):
            return QRect(0, 0, 683, 384)

    monkeypatch.setattr(window, "screen", lambda: Screen())
    window.sessions.fit_to_screen()
    qtbot.wait(20)
    assert window.view.compact
    assert window.frameGeometry().width() <= 683 and window.frameGeometry().height() <= 384
    assert window.minimumSizeHint().width() <= 683 and window.minimumSizeHint().height() <= 384
    assert window.statusBar().geometry().bottom() <= window.height()
    assert window.view.work_splitter.orientation() == Qt.Orientation.Vertical
    # The findings stay readable: cell text and entity keep a dozen characters (the table scrolls instead).
    fm = window.hits_view.fontMetrics()
    for col in (HitsTableModel.VALUE, HitsTableModel.ENTITY):
        assert window.hits_view.columnWidth(col) >= fm.horizontalAdvance("Hikvision D")
    window.resize(1366, 768)
    qtbot.wait(20)
    assert not window.view.compact and window.view.work_splitter.orientation() == Qt.Orientation.Horizontal


def test_keys_move_the_current_row_and_the_selection_together(window, qtbot, bom_file):
    open_and_wait(qtbot, window, [bom_file])
    view = window.hits_view
    # Focus is on the findings after opening: the first C decides the first finding, no click needed.
    assert QApplication.focusWidget() is view
    assert not view.isColumnHidden(view.currentIndex().column())  # never in the hidden File column
    first = window.review.current_ref()
    qtbot.keyClick(view, Qt.Key.Key_C)
    assert window.session.decision(first).status == "confirmed"

    def agree():
        rows = {i.row() for i in view.selectionModel().selectedRows()}
        return rows == {view.currentIndex().row()}

    last = window.hits_proxy.rowCount() - 1
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert view.currentIndex().row() == last and agree()
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert view.currentIndex().row() == 0 and agree()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 1 and agree()
    # After a re-screen (the lists changed: every open file is screened again) the current cell is in a
    # visible column, on the same finding, and the keys work at once.
    from guiapp.gui.watchlists_dialog import WatchlistsDialog

    ref = window.review.current_ref()

    def exec_and_change(dlg):
        dlg.lists_changed.emit()
        return 0

    with pytest.MonkeyPatch.context() as m:
        m.setattr(WatchlistsDialog, "exec", exec_and_change)
        with qtbot.waitSignal(window.screeningFinished, timeout=30_000):
            window.watchlists_action.trigger()
    view.setFocus()
    assert not view.isColumnHidden(view.currentIndex().column())
    assert window.review.current_ref().hit.key == ref.hit.key and agree()
    row = view.currentIndex().row()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == min(row + 1, last) and agree()
    # Sorting by another column keeps the same finding current and selected.
    ref = window.review.current_ref()
    view.sortByColumn(HitsTableModel.VALUE, Qt.SortOrder.AscendingOrder)
    assert window.review.current_ref() == ref and agree()


def test_the_file_filter_shows_one_files_findings(window, qtbot, tmp_path, bom_file):
    other = make_bom(tmp_path / "board-b.xlsx", rows=[*BOM_ROWS[:3], ["X9", 2, "HIKVISION", "", "", ""]])
    combo = window.view.findings.file_filter
    open_and_wait(qtbot, window, [bom_file])
    assert not combo.isVisibleTo(window)  # one file: nothing to choose
    open_and_wait(qtbot, window, [other])
    assert combo.isVisibleTo(window) and combo.count() == 3
    total = window.hits_proxy.rowCount()
    b = next(r for r in window.session.results if r.path.name == "board-b.xlsx")
    combo.setCurrentIndex(combo.findData(window.session.key_of(b)))
    shown = {window.hits_proxy.index(i, 0).data(REF_ROLE).file for i in range(window.hits_proxy.rowCount())}
    assert shown == {window.session.key_of(b)} and 0 < window.hits_proxy.rowCount() < total
    assert "of " in window.view.findings.count_label.text()
    combo.setCurrentIndex(0)
    assert window.hits_proxy.rowCount() == total


def test_a_long_file_name_never_hides_its_not_screened_status(window, qtbot, tmp_path):
    # Qt elided the item as one block: a long name in the narrow list took "NOT SCREENED" with it.
    long_name = tmp_path / ("16_hmn1990_rubiks-cube-robot_" + "物料清单" * 3 + ".xlsx")
    make_bom(long_name, rows=[BOM_ROWS[0], ["C1", 1, None, None, "capacitor 100nF", None]])
    open_and_wait(qtbot, window, [long_name])
    view = window.view.files_view
    index = window.files_model.index(0)
    delegate = view.itemDelegate()
    lines = delegate.elided_lines(index.data().split("\n"), view.fontMetrics(), 110)
    assert lines[1] == "NOT SCREENED" and lines[0].endswith(".xlsx") and "…" in lines[0]
    option = QStyleOptionViewItem()
    option.initFrom(view)
    assert delegate.sizeHint(option, index).height() >= 2 * view.fontMetrics().lineSpacing()


def test_two_reviewers_on_two_boms_open_at_once(window, qtbot, tmp_path, bom_file, monkeypatch):
    # Tess reviews board-a, hands over to Ray for board-b (Review > Reviewer name): each decision keeps who
    # took it, and Ray's decisions never touch board-a's.
    from PySide6.QtWidgets import QInputDialog

    other = make_bom(tmp_path / "board-b.xlsx", rows=[*BOM_ROWS[:3], ["X9", 2, "Hikvision", "", "", ""]])
    open_and_wait(qtbot, window, [bom_file, other])
    key = {r.path.name: window.session.key_of(r) for r in window.session.results}

    def decide_first(name: str, key_press) -> object:
        row = next(
            i
            for i in range(window.hits_proxy.rowCount())
            if window.hits_proxy.index(i, 0).data(REF_ROLE).file == key[name]
        )
        window.hits_view.setFocus()
        window.hits_view.selectRow(row)
        ref = window.hits_proxy.index(row, 0).data(REF_ROLE)
        qtbot.keyClick(window.hits_view, key_press)
        return ref

    a_ref = decide_first("board-a.xlsx", Qt.Key.Key_C)
    before_a = window.session.decisions_for_file(key["board-a.xlsx"])
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Ray Other", True)))
    assert window.review.ask_reviewer()
    b_ref = decide_first("board-b.xlsx", Qt.Key.Key_E)
    assert (window.session.decision(a_ref).status, window.session.decision(a_ref).reviewer) == (
        "confirmed",
        "Tess Tester",
    )
    assert (window.session.decision(b_ref).status, window.session.decision(b_ref).reviewer) == (
        "escalated",
        "Ray Other",
    )
    assert window.session.decisions_for_file(key["board-a.xlsx"]) == before_a
    # Each one's history names its own reviewer.
    assert window.session.history.of((b_ref.file, b_ref.hit.key))[-1].reviewer == "Ray Other"
    assert window.session.history.of((a_ref.file, a_ref.hit.key))[-1].reviewer == "Tess Tester"
