"""Measurements of laid-out text: where a rich-text table's labels break, whether a header shows its text whole."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from PySide6.QtGui import QFont, QFontMetrics, QTextBlock, QTextDocument, QTextTable
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QTextEdit


def _tables(doc: QTextDocument) -> list[QTextTable]:
    out = []
    frames = [doc.rootFrame()]
    while frames:
        frame = frames.pop()
        if isinstance(frame, QTextTable):
            out.append(frame)
        frames.extend(frame.childFrames())
    return out


def table_rows(edit: QTextEdit) -> int:
    """How many rows the tables of a rich-text view hold together."""
    return sum(t.rows() for t in _tables(edit.document()))


def _breaks_a_word(before: str, after: str) -> bool:
    # Chinese and Japanese break between any two characters; that is no broken word.
    wide = any(unicodedata.east_asian_width(c) in "WF" for c in before + after)
    return before.isalnum() and after.isalnum() and not wide


def _label_cells(doc: QTextDocument) -> Iterator[tuple[QTextBlock, QTextBlock]]:
    """(first block, last block) of every table cell drawn bold, as a <th> is."""
    for table in _tables(doc):
        for row in range(table.rows()):
            for column in range(table.columns()):
                cell = table.cellAt(row, column)
                if not cell.isValid():
                    continue
                first = cell.firstCursorPosition().block()
                if first.begin().fragment().charFormat().fontWeight() >= QFont.Weight.Bold:
                    yield first, cell.lastCursorPosition().block()


def _lines(block: QTextBlock) -> list[str]:
    layout = block.layout()
    text = block.text()
    return [
        text[ln.textStart() : ln.textStart() + ln.textLength()]
        for ln in map(layout.lineAt, range(layout.lineCount()))
    ]


def midword_breaks(edit: QTextEdit) -> list[str]:
    """The label cells (<th>, drawn bold) of every table whose text the layout broke inside a word.

    Returns each such label as laid out, its lines joined by " | " ("Verlässlichke | it der Listendaten").
    A line that ends at a space, a hyphen or a zero-width space is a break a reader expects.
    """
    doc = edit.document()
    doc.setTextWidth(edit.viewport().width())
    broken = []
    for first, last in _label_cells(doc):
        block = first
        while block.isValid():
            lines = _lines(block)
            if any(_breaks_a_word(a[-1:], b[:1]) for a, b in zip(lines, lines[1:], strict=False)):
                broken.append(" | ".join(lines))
            if block == last:
                break
            block = block.next()
    return broken


def cut_headers(header: QHeaderView) -> list[tuple[str, int, int]]:
    """(text, section width, width the text needs) of every visible section too narrow for its title.

    The need is measured as the style draws a section: the text in the header's font plus the section's
    margins and, on the section that shows the sort arrow, room for it.
    """
    model = header.model()
    fm = QFontMetrics(header.font())
    style = header.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, QStyleOptionHeader(), header)
    cut = []
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = str(model.headerData(section, header.orientation()) or "")
        need = fm.horizontalAdvance(text) + 2 * margin
        if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
            need += style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, QStyleOptionHeader(), header)
        if header.sectionSize(section) < need:
            cut.append((text, header.sectionSize(section), need))
    return cut
