"""Typed cell values for workbooks the export rebuilds (.xls, .xlsb, .ods, .csv), so numbers stay numbers.

The reader keeps every cell as text (what screening needs). A copy that writes that text back turns
quantities, prices, dates and booleans into strings a spreadsheet will not sum or sort. So:

* a workbook (.xls, .xlsb, .ods) is read again at export, from the very bytes that were screened (their
  SHA-256 is checked), and each cell that calamine gives as a number, date, time, duration or boolean is
  written as that value; a formula cell gives its saved (cached) value. A cell whose typed value does not
  read as the screened text keeps the text;
* a text table (.csv, .tsv, HTML) has no types: a cell becomes a number only when it is written the way a
  number is (no leading zeros, no thousands separators, at most 15 digits), shown with the same decimals,
  and an ISO date (2024-03-01) becomes a date. Part numbers such as 0805 stay text.

When the original is gone or changed since screening, the copy keeps the text as read and says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import python_calamine

from guiapp.ingest.workbooks import _cell_text
from guiapp.model import Bom, SheetData

#: An integer, a decimal (its decimals in group 2) or an ISO date (groups 3-5), in one match.
_NUMBER_OR_DATE = re.compile(r"(-?(?:0|[1-9]\d{0,14}))(?:\.(\d{1,10}))?|(\d{4})-(\d{2})-(\d{2})")
#: First characters of the text from_text may turn into a number or a date.
_NUMBER_STARTS = frozenset("0123456789-")

#: Excel number formats for the typed values written, by kind.
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
TIME_FORMAT = "hh:mm:ss"


class TypedValue:
    """A value and the number format it is shown with ("" for General)."""

    __slots__ = ("number_format", "value")

    def __init__(self, value: Any, number_format: str = "") -> None:
        self.value = value
        self.number_format = number_format


def from_text(text: str) -> Any:
    """A number or date for text read from a text table, or the text itself when it is not plainly one.

    Returns the str, an int, or a TypedValue (a float with its decimals' format, or a date).
    """
    if not text or len(text) > 20:
        return text
    c = text[0]
    if not (c.isdigit() or c == "-"):
        return text
    m = _NUMBER_OR_DATE.fullmatch(text)
    if m is None:
        return text
    if m.group(1) is not None:
        decimals = m.group(2)
        return int(text) if decimals is None else TypedValue(float(text), "0." + "0" * len(decimals))
    try:
        return TypedValue(dt.date(int(m.group(3)), int(m.group(4)), int(m.group(5))), DATE_FORMAT)
    except ValueError:
        return text


def _typed(value: Any, text: str) -> Any:
    """The typed value of a workbook cell when it reads as the screened ``text``; else the text."""
    kind = type(value)
    if kind is str or not text:
        return text
    if kind is float and value.is_integer() and abs(value) < 1e15:
        # The usual number (a quantity, an item number): the integer when it reads as the text.
        number = int(value)
        return number if str(number) == text else text
    if _cell_text(value) != text:
        return text
    if kind is float:
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    if kind is bool or kind is int:
        return value
    if kind is dt.datetime:
        return TypedValue(value, DATE_FORMAT if value.time() == dt.time(0, 0) else DATETIME_FORMAT)
    if kind is dt.date:
        return TypedValue(value, DATE_FORMAT)
    if kind is dt.time:
        return TypedValue(value, TIME_FORMAT)
    if kind is dt.timedelta:
        return TypedValue(value, "[h]:mm:ss")
    return text


class TypedSource:
    """The typed values of a screened BOM's cells, row by row, for the rebuilt copy.

    Args:
        bom: the BOM as read (its path, format and SHA-256).
        expected_sha256: the SHA-256 of the bytes that were screened.
    """

    def __init__(self, bom: Bom, expected_sha256: str) -> None:
        self.bom = bom
        self.note = ""
        self._wb: Any = None
        if bom.format in ("xls", "xlsb", "ods"):
            self._open(bom.path, expected_sha256)

    def _open(self, path: Path, expected: str) -> None:
        name = path.name
        try:
            data = path.read_bytes()
        except OSError:
            self.note = f"{name} could not be read again at export: its values are written as the text read."
            return
        if expected and hashlib.sha256(data).hexdigest() != expected:
            self.note = f"{name} changed after it was screened: its values are written as the text screened."
            return
        try:
            self._wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception:  # calamine raises its own errors and panics; the text read is still good
            self.note = f"{name} could not be read again at export: its values are written as the text read."

    def rows(self, sheet: SheetData) -> Iterator[list[Any]]:
        """Per row of ``sheet.rows``, the cells' values (same length as the text row)."""
        raw = self._raw_rows(sheet)
        if raw is None:
            if self.bom.format in ("xls", "xlsb", "ods"):
                for texts in sheet.rows:
                    yield list(texts)
                return
            # Only text that starts like a number or a date can be one (from_text takes any digit, so text
            # that is not ASCII goes to it too): the rest skips the call.
            starts = _NUMBER_STARTS
            for texts in sheet.rows:
                yield [from_text(t) if t[:1] in starts or not t.isascii() else t for t in texts]
            return
        for texts in sheet.rows:
            values = next(raw, None)
            if values is None:
                yield list(texts)
                continue
            # Text cells (most of a BOM) give the text screened without a call.
            yield [
                (t if type(v := values[j]) is str else _typed(v, t)) if j < len(values) else t
                for j, t in enumerate(texts)
            ]

    def _raw_rows(self, sheet: SheetData) -> Iterator[list[Any]] | None:
        if self._wb is None or not sheet.rows:
            return None
        try:
            cal = self._wb.get_sheet_by_name(sheet.name)
        except Exception:
            return None
        start = cal.start
        if start is None or start[0] + 1 != sheet.first_row or start[1] != sheet.first_col:
            return None
        return itertools.islice(cal.iter_rows(), start[0], None)

    def close(self) -> None:
        """Release the workbook read again."""
        if self._wb is not None:
            self._wb.close()
            self._wb = None
