"""The detail pane and the note editor: a wide in-place editor, the detail shows what the current tab selects."""

from __future__ import annotations

from guihelpers import open_and_wait
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from guiapp.gui.models import REF_ROLE, HitsTableModel
from guiapp.gui.note_delegate import NOTE_EDITOR_MIN_WIDTH


def test_enter_opens_a_wide_framed_note_editor_and_the_detail_shows_the_note(window, qtbot, bom_file):
    window.resize(1366, 768)
    open_and_wait(qtbot, window, [bom_file])
    window.tabs.setCurrentIndex(0)
    window.hits_view.setFocus()
    window.hits_view.selectRow(0)
    qtbot.waitUntil(lambda: window.hits_view.currentIndex().isValid())
    ref = window.current_ref()
    note_width = window.hits_view.columnWidth(HitsTableModel.NOTE)
    assert note_width < NOTE_EDITOR_MIN_WIDTH  # the column itself is narrow at this window size

    qtbot.keyClick(window.hits_view, Qt.Key.Key_Return)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    # Before: the editor was exactly the narrow cell, frameless (a reviewer saw no editor at all).
    assert editor.width() >= min(NOTE_EDITOR_MIN_WIDTH, window.hits_view.viewport().width())
    assert editor.hasFrame()
    assert editor.geometry().right() <= window.hits_view.viewport().width()
    assert editor.geometry().left() >= 0

    qtbot.keyClicks(editor, "checked with the supplier")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.decision(ref).note == "checked with the supplier", timeout=2000)
    # The detail pane shows the note without moving to another finding and back.
    qtbot.waitUntil(lambda: "checked with the supplier" in window.detail.toPlainText(), timeout=2000)


def test_by_value_detail_does_not_follow_the_hidden_findings_table(window, qtbot, bom_file):
    # Found in the real window: after adding a private alias (a re-screen) the By value tab had no row
    # selected while the detail pane showed the Findings tab's current hit; C then did nothing.
    open_and_wait(qtbot, window, [bom_file])
    window.tabs.setCurrentIndex(0)
    window.hits_view.selectRow(0)
    window.tabs.setCurrentIndex(1)
    window.groups_view.clearSelection()
    assert window.groups_view.selectionModel().selectedRows() == []
    hidden = window.hits_proxy.index(1, 0).data(REF_ROLE)
    window.hits_view.selectRow(1)  # what a refresh of the findings table does behind the tab
    assert hidden.hit.value not in window.detail.toPlainText()
    # A selected value still shows its own detail.
    window.groups_view.selectRow(0)
    group = window.groups_view.selectionModel().selectedRows()[0].data(REF_ROLE)
    assert group.refs[0].hit.value in window.detail.toPlainText()
