"""The rows of a rebuilt copy's sheets (.csv/.xls/.xlsb/.ods input), streamed as worksheet XML.

openpyxl writes the parts of a rebuilt copy and the layout of each sheet (workbook, styles, sheet states, print
setup, frozen panes, filters, column widths) with no rows; the rows of every sheet are streamed into its package
from here (guiapp.evidence.writers.save_rebuilt). The original sheets grow with the BOM, and writing them cell by
cell through openpyxl's write-only mode (with lxml) cost about 9 microseconds a cell (a WriteOnlyCell or a value
per cell, its coordinate, type and style looked up, an lxml element each): 8.6 times the calamine read of the
same BOM at 100,000 rows (11.8 s beside 1.4 s). Here the cells of a row are formatted straight into the sheet's
XML text:

* a row's text is checked once for anything that needs escaping (``&<>``, characters XML cannot carry, Excel's
  ``_xHHHH_``, a carriage return, over-long cells); only rows that have some take the slow path per cell
  (guiapp.evidence.xlsxpackage.xml_text);
* column letters are worked out once per column and the shared "Clear" status once per sheet;
* cell formats are registered with openpyxl once per combination (decision fill, number format, plan style,
  wrap) and cells refer to them by index, so no style object is made per cell.

Values are written as openpyxl writes them (inline strings, ``t="n"`` numbers, ``t="b"`` booleans, dates as
serial numbers with their number format), so the copy reads back the same; floats keep all their digits
(``repr``) and text keeps ``_xHHHH_`` literal as the XML patch writes it. Memory stays flat: rows are
formatted and handed on in batches of about BATCH_CHARS characters, never held.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from openpyxl.utils.datetime import to_excel

from guiapp.evidence.plan_types import PlanCell, SheetAnnotation
from guiapp.evidence.typed import TypedValue
from guiapp.evidence.xlsxpackage import xml_text
from guiapp.evidence.xlsxsheet import STATUS_WRAP
from guiapp.model import CancelToken, SheetData, column_letter

#: Anything in a row's text that the fast path cannot write as is (see xlsxpackage.xml_text).
_NEEDS_ESCAPE = re.compile(r"[&<>\r\000-\010\013\014\016-\037\ud800-\udfff\ufffe\uffff]|_x")
_MAX_CELL_CHARS = 32767
#: Characters of rows formatted before they are handed to the writer (bounds memory, keeps the writes few).
BATCH_CHARS = 1 << 18
_DATES = (dt.datetime, dt.date, dt.time, dt.timedelta)

#: (plan style, decision fill key or None, number format, wrap) -> cell format index in the workbook.
StyleIdOf = Callable[[str, "str | None", str, bool], int]


def _text_cell(ref: str, text: str, s: str) -> str:
    """A cell of escaped text (inline string, spaces kept when it starts or ends with one)."""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _escaped(value: str) -> str:
    # A carriage return is kept as a reference: XML readers turn a literal one (and CR LF) into a line feed.
    return xml_text(value).decode("utf-8").replace("\r", "&#13;")


def _in_batches(rows: Iterable[str]) -> Iterator[str]:
    """``<row>`` elements joined into batches of about BATCH_CHARS characters (one zip write each)."""
    batch: list[str] = []
    size = 0
    for xml in rows:
        batch.append(xml)
        size += len(xml)
        if size >= BATCH_CHARS:
            yield "".join(batch)
            batch, size = [], 0
    if batch:
        yield "".join(batch)


def _value_cell(ref: str, value: Any, s: str) -> str:
    """A cell of a non-text value (int, float, bool, date) or of text, with the ``s`` attribute given."""
    kind = type(value)
    if kind is str:
        if not value:
            return f'<c r="{ref}"{s}/>' if s else ""
        return _text_cell(ref, _escaped(value), s)
    if kind is bool:
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if kind is int:
        return f'<c r="{ref}"{s} t="n"><v>{value}</v></c>'
    if kind is float:
        if math.isfinite(value):
            return f'<c r="{ref}"{s} t="n"><v>{value!r}</v></c>'
        return _text_cell(ref, _escaped(str(value)), s)
    if isinstance(value, _DATES):
        return f'<c r="{ref}"{s} t="n"><v>{to_excel(value)!r}</v></c>'
    if value is None:
        return f'<c r="{ref}"{s}/>' if s else ""
    return _text_cell(ref, _escaped(str(value)), s)


class RowWriter:
    """Formats the rows of one rebuilt sheet: original values, highlights and status columns.

    Args:
        sheet: the sheet as read (its position: ``first_row``, ``first_col``).
        ann: the sheet's annotation, or None when it is not annotated.
        style_id: gives the cell format index of a style combination (registered with openpyxl).
    """

    def __init__(self, sheet: SheetData, ann: SheetAnnotation | None, style_id: StyleIdOf) -> None:
        self.sheet = sheet
        self.ann = ann
        self._style_id = style_id
        self._styles: dict[tuple[str, str | None, str, bool], str] = {}
        width = max((len(r) for r in sheet.rows), default=0) + sheet.first_col
        if ann is not None:
            width = max(width, ann.start_col + max((len(c) for c in ann.rows.values()), default=1))
        self._letters = [column_letter(c) for c in range(width + 1)]
        self._templates: dict[int, tuple[list[list[str]], Sequence[PlanCell]]] = {}
        self._width = width
        self.last_row = sheet.last_row if ann is None else max(sheet.last_row, ann.last_row)

    def dimension(self, n_status: int) -> bytes:
        """The sheet's ``<dimension>`` element, worked out before the rows are written (an upper bound)."""
        last_col = self._width - 1
        if self.ann is not None and self.last_row:
            last_col = max(last_col, self.ann.start_col + n_status - 1)
        return f'<dimension ref="A1:{column_letter(max(last_col, 0))}{max(self.last_row, 1)}"/>'.encode()

    def _letter(self, col: int) -> str:
        letters = self._letters
        while col >= len(letters):
            letters.append(column_letter(len(letters)))
        return letters[col]

    def _s(self, style: str, fill: str | None, number_format: str = "", wrap: bool = False) -> str:
        """The ``s`` attribute of a style combination ("" for the default format)."""
        key = (style, fill, number_format, wrap)
        got = self._styles.get(key)
        if got is None:
            index = self._style_id(style, fill, number_format, wrap)
            got = self._styles[key] = f' s="{index}"' if index else ""
        return got

    def _original(self, ref: str, value: Any, fill: str | None) -> str:
        """An original cell: a str, a plain value or a TypedValue (with its number format), maybe highlighted."""
        if type(value) is TypedValue:
            return _value_cell(ref, value.value, self._s("", fill, value.number_format))
        return _value_cell(ref, value, self._s("", fill) if fill is not None else "")

    def _status(self, row: int, status: Sequence[PlanCell], fill: str | None) -> list[str]:
        """The status cells of a row, styled as the plan says, in the decision's fill when there is one."""
        assert self.ann is not None
        out = []
        num = str(row)
        for j, pc in enumerate(status):
            style = pc.style
            wrap = j in STATUS_WRAP and bool(pc.value)
            cell_fill = fill if fill is not None and not style.startswith("fill:") else None
            if pc.value is None and not style and cell_fill is None:
                continue
            col = self.ann.start_col + j
            ref = self._letter(col) + num
            value = pc.value if pc.value is not None else ""
            s = self._s(style, cell_fill, "", wrap) if (style or cell_fill or wrap) else ""
            cell = _value_cell(ref, value, s)
            if cell:
                out.append(cell)
        return out

    def _shared_status(self, row: int, status: Sequence[PlanCell]) -> list[str]:
        """The status of a row whose cells are one shared tuple (the "Clear" rows): formatted once per sheet."""
        got = self._templates.get(id(status))
        if got is None or got[1] is not status:
            marker = "999999999"
            got = ([p.split(marker) for p in self._status(int(marker), status, None)], status)
            self._templates[id(status)] = got
        num = str(row)
        return [num.join(parts) for parts in got[0]]

    # -- rows -----------------------------------------------------------------------------------------------
    def rows(self, typed: Iterator[list[Any]], cancel: CancelToken | None) -> Iterator[str]:
        """The ``<row>`` elements of the sheet, in batches of about BATCH_CHARS characters."""
        return _in_batches(self._row_elements(typed, cancel))

    def _row_elements(self, typed: Iterator[list[Any]], cancel: CancelToken | None) -> Iterator[str]:
        sheet, ann = self.sheet, self.ann
        first_row, first_col, n_rows = sheet.first_row, sheet.first_col, len(sheet.rows)
        last = self.last_row
        letters = self._letters
        needs_escape = _NEEDS_ESCAPE.search
        status_of = ann.status if ann is not None else None
        highlights = ann.highlights if ann is not None else {}
        shared = type(())
        for row in range(1, last + 1):
            if row % 5000 == 0 and cancel is not None:
                cancel.raise_if_cancelled()
            i = row - first_row
            values = next(typed, []) if 0 <= i < n_rows else []
            num = str(row)
            cells: list[str] = []
            highlight = highlights.get(row)
            if highlight is not None:
                fill_key = highlight[0]
                fill_cols = set(highlight[1])
                cells.extend(
                    c
                    for j, v in enumerate(values, first_col)
                    if (c := self._original(self._letter(j) + num, v, fill_key if j in fill_cols else None))
                )
            elif values:
                joined = "".join([v for v in values if type(v) is str])
                if needs_escape(joined) or len(joined) > _MAX_CELL_CHARS:
                    cells.extend(
                        c
                        for j, v in enumerate(values, first_col)
                        if (c := self._original(letters[j] + num, v, None))
                    )
                else:
                    # The usual row: nothing to escape in its text. Spaces at either end are kept as written.
                    append = cells.append
                    for j, v in enumerate(values, first_col):
                        kind = type(v)
                        if kind is str:
                            if not v:
                                continue
                            if v == v.strip():
                                append(f'<c r="{letters[j]}{num}" t="inlineStr"><is><t>{v}</t></is></c>')
                            else:
                                append(_text_cell(letters[j] + num, v, ""))
                        elif kind is int:
                            append(f'<c r="{letters[j]}{num}" t="n"><v>{v}</v></c>')
                        elif c := self._original(letters[j] + num, v, None):
                            append(c)
            if status_of is not None:
                status = status_of(row)
                if status:
                    if highlight is None and type(status) is shared:
                        cells.extend(self._shared_status(row, status))
                    else:
                        cells.extend(self._status(row, status, highlight[0] if highlight else None))
            if cells:
                yield f'<row r="{num}">{"".join(cells)}</row>'


def plan_rows(rows: Sequence[Sequence[PlanCell]], style_id: StyleIdOf) -> Iterator[str]:
    """The ``<row>`` elements of a sheet the export adds (Findings, manifest...), in batches.

    Cells are written as openpyxl would write them: strings as text, numbers as numbers, the plan's style
    as a cell format registered once per style key.
    """
    return _in_batches(_plan_row_elements(rows, style_id))


def _plan_row_elements(rows: Sequence[Sequence[PlanCell]], style_id: StyleIdOf) -> Iterator[str]:
    attrs: dict[str, str] = {"": ""}
    letters: list[str] = []
    for r, cells in enumerate(rows, start=1):
        while len(letters) < len(cells):
            letters.append(column_letter(len(letters)))
        num = str(r)
        out = []
        for c, pc in enumerate(cells):
            s = attrs.get(pc.style)
            if s is None:
                index = style_id(pc.style, None, "", False)
                s = attrs[pc.style] = f' s="{index}"' if index else ""
            if cell := _value_cell(letters[c] + num, pc.value, s):
                out.append(cell)
        if out:
            yield f'<row r="{num}">{"".join(out)}</row>'


def plan_dimension(rows: Sequence[Sequence[PlanCell]]) -> bytes:
    """The ``<dimension>`` element of a sheet the export adds."""
    last_col = max((len(r) for r in rows), default=1) - 1
    return f'<dimension ref="A1:{column_letter(max(last_col, 0))}{max(len(rows), 1)}"/>'.encode()


def splice_rows(skeleton: bytes, rows: Iterable[str], dimension: bytes) -> Iterator[bytes]:
    """The worksheet part with the streamed rows put into the empty ``<sheetData>`` openpyxl wrote.

    ``dimension`` (the ``<dimension>`` element) goes before ``<sheetViews>``; it is left out when the skeleton
    has no sheetViews (the element is optional).

    Raises:
        ValueError: the skeleton has no empty sheetData (openpyxl wrote something unexpected).
    """
    for empty in (b"<sheetData></sheetData>", b"<sheetData/>"):
        at = skeleton.find(empty)
        if at >= 0:
            break
    else:
        raise ValueError("the rebuilt sheet has no empty sheetData")
    head, tail = skeleton[:at], skeleton[at + len(empty) :]
    views = head.find(b"<sheetViews")
    if views >= 0:
        head = head[:views] + dimension + head[views:]
    yield head + b"<sheetData>"
    for chunk in rows:
        yield chunk.encode("utf-8")
    yield b"</sheetData>" + tail
