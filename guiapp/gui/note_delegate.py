"""The in-place note editor of the findings table: wide enough to read what one types.

The Note column is the last and narrowest one (the findings table fits 1366 pixels beside the file list and
the detail pane), so Qt's default editor was a frameless box about 45 pixels wide: a reviewer pressing Enter
saw no editor at all and typed a rationale into a slot showing its last six characters. This delegate opens
the editor over the cells to the left of the note when the column is narrow, with a frame and a hint.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate

# Wide enough for a sentence of rationale; never wider than the visible part of the table.
NOTE_EDITOR_MIN_WIDTH = 420


class NoteDelegate(QStyledItemDelegate):
    """A framed line editor at least NOTE_EDITOR_MIN_WIDTH wide, growing leftwards over the row."""

    def createEditor(self, parent, option, index):
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setFrame(True)
            editor.setPlaceholderText(self.tr("Note: Enter saves, Esc cancels"))
            editor.setAutoFillBackground(True)
        return editor

    def updateEditorGeometry(self, editor, option, index) -> None:
        rect = QRect(option.rect)
        parent = editor.parentWidget()
        available = parent.width() if parent is not None else rect.width()
        width = max(rect.width(), min(NOTE_EDITOR_MIN_WIDTH, available))
        right = min(rect.right(), available - 1)
        left = max(0, right - width + 1)
        height = max(rect.height(), editor.sizeHint().height())
        editor.setGeometry(QRect(left, rect.top(), right - left + 1, height))
