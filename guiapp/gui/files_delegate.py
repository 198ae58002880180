"""The file list's items: the file name and its status lines, each elided on its own.

Qt elides an item's text as one block: a long name ("16_hmn1990_rubiks-cube-robot_物料清单.xlsx") in the narrow
list took the status line ("NOT SCREENED") with it, so the one state a reviewer must see was cut. Here the name
keeps its start and its extension (elided in the middle) and each status line is elided at its end.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem


class FilesDelegate(QStyledItemDelegate):
    """Paints each line of a file item separately elided (the name in the middle, the status at the end)."""

    MARGIN = 3

    def _lines(self, index) -> list[str]:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "").split("\n")

    def sizeHint(self, option, index) -> QSize:
        fm = option.fontMetrics
        n = len(self._lines(index))
        return QSize(option.rect.width() or 120, n * fm.lineSpacing() + 2 * self.MARGIN)

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        lines = self._lines(index)
        opt.text = ""  # the style draws the background and selection; the lines are drawn below
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = opt.palette.color(role)
        brush = index.data(Qt.ItemDataRole.ForegroundRole)
        if brush is not None and not selected:
            color = brush.color()
        painter.save()
        painter.setPen(color)
        painter.setFont(opt.font)
        fm = opt.fontMetrics
        r = opt.rect.adjusted(self.MARGIN + 1, self.MARGIN, -self.MARGIN, -self.MARGIN)
        for i, text in enumerate(self.elided_lines(lines, fm, r.width())):
            rect = QRect(r.left(), r.top() + i * fm.lineSpacing(), r.width(), fm.lineSpacing())
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
        painter.restore()

    @staticmethod
    def elided_lines(lines: list[str], fm, width: int) -> list[str]:
        """The lines as painted in width pixels: the name elided in the middle, the status lines at the end."""
        return [
            fm.elidedText(
                line, Qt.TextElideMode.ElideMiddle if i == 0 else Qt.TextElideMode.ElideRight, width
            )
            for i, line in enumerate(lines)
        ]
