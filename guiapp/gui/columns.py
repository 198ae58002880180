"""Column widths that fit the view: every column visible, the room shared by weight, until the person drags one.

Fixed pixel widths break with the platform font (DejaVu under X11 is wider than Segoe UI), so minimums are
measured in text and the rest of the viewport is shared out by weight. Short columns with a small set of
values (row numbers, scores, a method word) take the width of what they hold now (:class:`FitContent`), so
no room is kept for values that are not there. Once the person resizes a column by hand, their layout wins
(and is what the window saves).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QAbstractProxyModel, QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QStyleOptionViewItem, QTableView


@dataclass(frozen=True)
class FitContent:
    """A minimum measured on the column's cells: its widest value now (and its header), within bounds.

    Widths are measured when the rows change, not when a cell is edited, so a column whose values change
    during review (a decision) gets a ``floor`` that holds every value it can take then. With a weight,
    the column gives up room down to its floor when the view is too narrow.

    Args:
        floor: the least it takes (sample text or px), or None.
        cap: the most it takes (sample text or px); None for columns whose values are short by nature.
    """

    floor: str | int | None = None
    cap: str | int | None = None


#: (minimum: sample text the column must show whole, a width in px, or FitContent; weight of the spare room)
ColumnSpec = tuple[str | int | FitContent, float]


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
    #: Columns weighted at least this much keep IMPORTANT_FLOOR's width when the view is too narrow.
    IMPORTANT_WEIGHT = 2.0
    IMPORTANT_FLOOR = "Hikvision Dig"
    #: FitContent measures at most this many rows, spread evenly (a table of 100,000 findings stays quick).
    SAMPLE_ROWS = 100

    def __init__(self, view: QTableView, specs: Mapping[int, ColumnSpec]) -> None:
        super().__init__(view)
        self._view = view
        self._specs = dict(specs)
        self._fitting = False
        self.user_sized = False
        self._content: dict[int, int] = {}
        view.viewport().installEventFilter(self)
        view.horizontalHeader().sectionResized.connect(self._on_section_resized)
        model = view.model()
        for signal in (
            model.modelReset,
            model.rowsInserted,
            model.rowsRemoved,
            model.layoutChanged,
            model.dataChanged,
        ):
            signal.connect(self._on_model_changed)

    def _text_width(self, sample: str | int) -> int:
        if isinstance(sample, int):
            return sample
        return self._view.fontMetrics().horizontalAdvance(sample) + self.PADDING

    def minimum(self, col: int) -> int:
        sample, _ = self._specs.get(col, (60, 0.0))
        if isinstance(sample, FitContent):
            width = self._content.get(col)
            if width is None:
                width = self._content[col] = self._content_width(col)
            if sample.cap is not None:
                width = min(width, self._text_width(sample.cap))
            if sample.floor is not None:
                width = max(width, self._text_width(sample.floor))
            return width
        if isinstance(sample, int):
            return sample
        return max(self._text_width(sample), self._header_width(col))

    def _floor(self, col: int) -> int:
        """The narrowest a column with a weight gets when the view is too narrow.

        The columns a reviewer reads (weight >= IMPORTANT_WEIGHT: cell text, matched entity) keep a dozen
        characters; below that the table scrolls sideways rather than showing "Hik…" for every name.
        """
        sample, weight = self._specs[col]
        if isinstance(sample, FitContent) and sample.floor is not None:
            return self._text_width(sample.floor)
        if weight >= self.IMPORTANT_WEIGHT:
            return min(self._text_width(self.IMPORTANT_FLOOR), self.minimum(col))
        return self.FLOOR

    def _header_width(self, col: int) -> int:
        header = self._view.model().headerData(col, self._view.horizontalHeader().orientation())
        return self._text_width(str(header or ""))

    def _content_width(self, col: int) -> int:
        """The header's width or the widest cell's (text, font and icon as the delegate draws them)."""
        model = self._view.model()
        # Measured on the rows behind the filter, so a filter never makes the columns jump.
        while isinstance(model, QAbstractProxyModel) and model.sourceModel() is not None:
            model = model.sourceModel()
        delegate = self._view.itemDelegateForColumn(col) or self._view.itemDelegate()
        option = QStyleOptionViewItem()
        option.initFrom(self._view)
        size = self._view.iconSize()
        if not size.isValid():
            side = self._view.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, self._view)
            size = QSize(side, side)
        option.decorationSize = size
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
        option.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        # The delegate's hint holds the text margins; the slack is the grid line and a little air.
        widest = 0
        for row in self._sample_rows(model.rowCount()):
            widest = max(widest, delegate.sizeHint(option, model.index(row, col)).width())
        return max(widest + 6 if widest else 0, self._header_width(col))

    def _sample_rows(self, count: int) -> range:
        """Rows measured for a content-fitted column: all of a short table, else an even spread.

        A delegate's size hint costs tens of microseconds; measuring thousands of findings on every
        reload stalled the window (measured 95 ms for 300 findings in tests/bench/bench_gui.py).
        """
        if count <= self.SAMPLE_ROWS:
            return range(count)
        step = -(-count // self.SAMPLE_ROWS)  # ceiling division
        return range(0, count, step)

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
        # Too narrow for every sample (more columns shown, a smaller window): the columns with a weight give
        # up room down to their floor, the least important (lowest weight) first, columns of one weight in
        # proportion to what they have above the floor; they elide more.
        for w in sorted({self._specs[c][1] for c in cols if self._specs[c][1] > 0}):
            if over <= 0:
                break
            give = {c: max(0, mins[c] - self._floor(c)) for c in cols if self._specs[c][1] == w}
            total = sum(give.values())
            if not total:
                continue
            taken = 0
            for c, g in give.items():
                cut = min(g, -(-over * g // total))
                mins[c] -= cut
                taken += cut
            over -= taken
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

    def _on_model_changed(self, *args) -> None:
        self._content.clear()  # measured again at the next fit

    def _on_section_resized(self, index: int, old: int, new: int) -> None:
        # Only a drag by the person counts; our own and Qt's layout changes come while fitting or hidden.
        if not self._fitting and self._view.isVisible() and self._view.horizontalHeader().underMouse():
            self.user_sized = True


class SortHeader(QHeaderView):
    """A horizontal header whose sort arrow reads the way the column is sorted, in Fusion too.

    Qt passes an ascending sort to the style as ``SortDown`` and a descending one as ``SortUp``; native
    styles turn that into the platform's arrow, but Fusion draws ``SortUp`` as ▲, so the findings table
    (score, highest first) showed ▲. Under Fusion the two are swapped: ▲ ascending, ▼ descending.
    """

    _SWAP = {
        QStyleOptionHeader.SortIndicator.SortUp: QStyleOptionHeader.SortIndicator.SortDown,
        QStyleOptionHeader.SortIndicator.SortDown: QStyleOptionHeader.SortIndicator.SortUp,
    }

    def __init__(self, parent=None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)  # as QTableView's own header

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logicalIndex: int) -> None:  # noqa: N802, N803
        super().initStyleOptionForIndex(option, logicalIndex)
        if self.style().name().lower() == "fusion":
            option.sortIndicator = self._SWAP.get(option.sortIndicator, option.sortIndicator)
