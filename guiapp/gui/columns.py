"""Column widths that fit the view: every column visible, the room shared by weight, until the person drags one.

Fixed pixel widths break with the platform font (DejaVu under X11 is wider than Segoe UI), so minimums are
measured in text and the rest of the viewport is shared out by weight. Once the person resizes a column
by hand, their layout wins (and is what the window saves).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView

#: (sample text the column must show whole, or a width in px; weight of the spare room)
ColumnSpec = tuple[str | int, float]


class ColumnFitter(QObject):
    """Keeps a table's visible columns inside its viewport.

    Args:
        view: the table.
        specs: logical column -> (minimum: sample text or px, weight of the spare room).
    """

    #: Cell padding and a sort arrow in the header.
    PADDING = 18
    #: The narrowest a text column gets before the view scrolls instead.
    FLOOR = 44

    def __init__(self, view: QTableView, specs: Mapping[int, ColumnSpec]) -> None:
        super().__init__(view)
        self._view = view
        self._specs = dict(specs)
        self._fitting = False
        self.user_sized = False
        view.viewport().installEventFilter(self)
        view.horizontalHeader().sectionResized.connect(self._on_section_resized)

    def minimum(self, col: int) -> int:
        sample, _ = self._specs.get(col, (60, 0.0))
        if isinstance(sample, int):
            return sample
        fm = self._view.fontMetrics()
        header = self._view.model().headerData(col, self._view.horizontalHeader().orientation())
        text_w = max(fm.horizontalAdvance(sample), fm.horizontalAdvance(str(header or "")))
        return text_w + self.PADDING

    def fit(self) -> None:
        """Share the viewport among the visible columns (nothing happens once the person sized one)."""
        if self.user_sized or self._view.model() is None:
            return
        cols = [c for c in self._specs if not self._view.isColumnHidden(c)]
        if not cols:
            return
        available = self._view.viewport().width()
        mins = {c: self.minimum(c) for c in cols}
        over = sum(mins.values()) - available
        if over > 0:
            # Too narrow for every sample (more columns shown, a smaller window): the text columns (those
            # with a weight) give up room in proportion to what they have above a floor; they elide more.
            give = {c: max(0, mins[c] - self.FLOOR) for c in cols if self._specs[c][1] > 0}
            total = sum(give.values())
            if total:
                for c, g in give.items():
                    mins[c] -= min(g, -(-over * g // total))
        spare = max(0, available - sum(mins.values()))
        weight = sum(self._specs[c][1] for c in cols) or 1.0
        widths = {c: mins[c] + int(spare * self._specs[c][1] / weight) for c in cols}
        # Rounding leaves a few pixels: give them to the widest-weighted column so the edge lines up.
        rest = available - sum(widths.values())
        if rest > 0:
            widest = max(cols, key=lambda c: self._specs[c][1])
            widths[widest] += rest
        self._fitting = True
        try:
            for c, w in widths.items():
                if self._view.columnWidth(c) != w:
                    self._view.setColumnWidth(c, w)
        finally:
            self._fitting = False

    def reset(self) -> None:
        """Forget the person's widths and fit again."""
        self.user_sized = False
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _on_section_resized(self, index: int, old: int, new: int) -> None:
        # Only a drag by the person counts; our own and Qt's layout changes come while fitting or hidden.
        if not self._fitting and self._view.isVisible() and self._view.horizontalHeader().underMouse():
            self.user_sized = True
