"""The guard for OpenDocument spreadsheets: expand repeated rows, cells and spaces as calamine will, first.

An .ods says "this row 1,000,000 times" (table:number-rows-repeated), "this cell 16,384 times"
(table:number-columns-repeated) and "this many spaces" (text:s text:c); calamine expands all of them into
memory, and a failed allocation aborts the whole process. A file of 1 KB can ask for gigabytes. This guard
parses content.xml with expat, matching element and attribute names literally as calamine does (it reads
only the "table:" prefix), counts the cells and characters the expansion would make, and refuses the file
past the budget. Empty repeats that end a table (LibreOffice pads every sheet with them) expand to nothing
and are not counted.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.parsers import expat

from guiapp.ingest.guards import _MAX_SHEET_CELLS, _shown
from guiapp.model import BomReadError, CancelToken

#: Characters of cell text the repeats may expand to in one file (a 1,000,000-row, 8-column BOM holds about
#: 120 million); past this calamine's copies alone would take gigabytes.
MAX_EXPANDED_TEXT = 300_000_000
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_VALUE_ATTRS = (
    "office:value",
    "office:string-value",
    "office:date-value",
    "office:time-value",
    "office:boolean-value",
    "table:formula",
)


class _Refused(Exception):
    pass


def _count(attrs: dict[str, str], name: str) -> int:
    text = attrs.get(name, "").strip()
    return int(text) if text.isascii() and text.isdigit() else 1


class _Expansion:
    """Expat handlers that count what calamine's read_table and read_row will build."""

    def __init__(self) -> None:
        self.table = ""
        self.rows = 0  # rows so far in this table, repeats included
        self.last_row = 0  # rows up to the last with content
        self.width = 0  # columns up to the last content cell of any row
        self.row_repeat = 1
        self.col = 0
        self.row_width = 0
        self.row_text = 0
        self.cell_repeat = 1
        self.cell_text = 0
        self.in_cell = False
        self.text_total = 0
        self.other_prefix = ""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if not self.other_prefix:
            for key, value in attrs.items():
                if value == _TABLE_NS and key.startswith("xmlns:") and key != "xmlns:table":
                    self.other_prefix = key[6:]
        if self.in_cell:
            if name == "text:s":
                self.cell_text += _count(attrs, "text:c")
            return
        if name == "table:table":
            self.table = attrs.get("table:name", "")
            self.rows = self.last_row = self.width = 0
        elif name == "table:table-row":
            self.row_repeat = _count(attrs, "table:number-rows-repeated")
            self.col = self.row_width = self.row_text = 0
        elif name in ("table:table-cell", "table:covered-table-cell"):
            self.cell_repeat = _count(attrs, "table:number-columns-repeated")
            self.col += self.cell_repeat
            self.in_cell = True
            self.cell_text = sum(len(attrs.get(a, "")) for a in _VALUE_ATTRS)
            if attrs.get("office:value-type") == "string" or any(a in attrs for a in _VALUE_ATTRS):
                self.row_width = self.col

    def end(self, name: str) -> None:
        if name in ("table:table-cell", "table:covered-table-cell") and self.in_cell:
            self.in_cell = False
            self.row_text += self.cell_text * self.cell_repeat
        elif name == "table:table-row":
            self.rows += self.row_repeat
            if self.row_width:
                self.last_row = self.rows
                self.width = max(self.width, self.row_width)
                self.text_total += self.row_text * self.row_repeat
            self.check()

    def text(self, data: str) -> None:
        if self.in_cell:
            self.cell_text += len(data)

    def check(self) -> None:
        if self.last_row * self.width > _MAX_SHEET_CELLS:
            raise _Refused(
                f"sheet '{_shown(self.table)}' repeats its rows and cells into {self.last_row:,} rows x "
                f"{self.width:,} columns, more than {_MAX_SHEET_CELLS:,} cells, too many to read safely: open it in "
                "LibreOffice, delete the repeated rows, and save again"
            )
        if self.text_total > MAX_EXPANDED_TEXT:
            raise _Refused(
                f"sheet '{_shown(self.table)}' repeats its text into more than {MAX_EXPANDED_TEXT:,} characters, "
                "too many to read safely: open it in LibreOffice, delete the repeated cells, and save again"
            )


def check_ods(path: Path, cancel: CancelToken | None) -> None:
    """Refuse an OpenDocument file whose repeats would expand past the cell or text budget.

    Raises:
        BomReadError: the expansion is past the budget, or the tables use a prefix calamine cannot read (it
            would read no table at all and the file would look empty).
    """
    with zipfile.ZipFile(path) as zf:
        if "content.xml" not in zf.NameToInfo:
            return
        handlers = _Expansion()
        parser = expat.ParserCreate()
        parser.StartElementHandler = handlers.start
        parser.EndElementHandler = handlers.end
        parser.CharacterDataHandler = handlers.text
        parser.StartDoctypeDeclHandler = _doctype
        try:
            with zf.open("content.xml") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _Refused as exc:
            raise BomReadError(path, str(exc)) from None
        except expat.ExpatError as exc:
            raise BomReadError(
                path,
                f"damaged spreadsheet: its content.xml is not well-formed XML ({expat.ErrorString(exc.code)}); "
                "open it in LibreOffice and save a copy, or ask the sender for a fresh one",
            ) from None
        if handlers.other_prefix:
            raise BomReadError(
                path,
                f"the spreadsheet names its tables with the prefix '{_shown(handlers.other_prefix)}:' instead of "
                "'table:', which the reader cannot read (it would see no rows): open it in LibreOffice and save "
                "it again as .ods or .xlsx",
            )


def _doctype(*_args: object) -> None:
    raise _Refused(
        "content.xml declares a DTD, which a spreadsheet never does: ask the sender for a fresh copy"
    )
