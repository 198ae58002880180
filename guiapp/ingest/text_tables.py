"""Read BOMs that are text: CSV/TSV exports and HTML tables that web ERPs save as .xls.

Holds the encoding detection (byte-order marks, UTF-16 without one, UTF-8, then a guess among the legacy
encodings BOMs really arrive in), the delimiter detection for delimited text (including Excel's "sep="
line), and a small HTML parser that collects every <table> as rows of cells.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

from guiapp.ingest.workbooks import _CHUNK_ROWS
from guiapp.model import Bom, BomReadError, CancelToken, SheetData, printable

#: Limits on a text table, enforced while parsing: an annotated copy is an .xlsx, which holds at most
#: 1,048,576 rows and 16,384 columns, and past the cell budget the workbook readers refuse too.
MAX_TEXT_ROWS = 1_048_576
MAX_TEXT_COLUMNS = 16_384
MAX_TEXT_CELLS = 28_000_000
#: A text file larger than this is not read into memory at all.
MAX_TEXT_BYTES = 1024**3

# csv refuses fields over 128 KiB by default; real exports put whole reference lists in one field.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NULs sit in alternate positions (ASCII text in UTF-16), else None."""
    n = len(sample) // 2
    if n < 2:
        return None
    even = sample[0 : 2 * n : 2].count(0)
    odd = sample[1 : 2 * n : 2].count(0)
    if odd > 0.4 * n and even < 0.05 * n:
        return "utf-16-le"
    if even > 0.4 * n and odd < 0.05 * n:
        return "utf-16-be"
    return None


# ---------------------------------------------------------------------------------------------------
# Text decoding and CSV

# Legacy encodings BOMs really arrive in: Western and Central European, Cyrillic, Chinese, Japanese,
# Korean. A closed list keeps charset-normalizer from exotic guesses on short files.
_CANDIDATE_ENCODINGS = ["cp1252", "cp1250", "cp1251", "gb18030", "big5", "shift_jis", "euc_kr", "koi8_r"]


_ASCII_BYTES = bytes(range(128))
_MIN_NON_ASCII_TO_GUESS = 4


def _decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes, returning (text, encoding name)."""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its mark starts the same way
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    utf16 = _utf16_without_bom(data[:4096])
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Two or three accented bytes are no evidence for any script: 'ä' in cp1252 is 'д' in cp1251 and half a
    # character in Shift-JIS. Guessing then would garble a Western file, so the most common legacy
    # encoding wins until there is enough text to tell.
    if len(data[:262_144].translate(None, _ASCII_BYTES)) < _MIN_NON_ASCII_TO_GUESS:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    try:
        import charset_normalizer

        best = charset_normalizer.from_bytes(data[:262_144], cp_isolation=_CANDIDATE_ENCODINGS).best()
    except Exception:  # the detector is a heuristic; any failure falls back to cp1252 below
        best = None
    if best is not None and best.encoding:
        name = codecs.lookup(best.encoding).name
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            text = None
        if text is not None:
            # Short Western text often fits cp1250 as well; name the far more common cp1252 when the
            # characters come out the same.
            if name != "cp1252":
                try:
                    western = data.decode("cp1252")
                except UnicodeDecodeError:
                    western = None
                if western == text:
                    name = "cp1252"
                elif western is not None and _mixed_script_words(text) > _mixed_script_words(western):
                    # A guess that puts Cyrillic or CJK inside Latin words ("Xßß" read as Big5 "X葔") is wrong.
                    return western, "cp1252"
            return text, name
    return data.decode("cp1252", errors="replace"), "cp1252"


_WORDS = re.compile(r"[^\W_]+")


def _mixed_script_words(text: str) -> int:
    """Words (in the first 64 KB) mixing plain Latin letters with letters of another script."""
    count = 0
    for word in _WORDS.findall(text[:65536]):
        if word.isascii() or not any(c.isascii() for c in word):
            continue
        if any(not c.isascii() and not unicodedata.name(c, "").startswith("LATIN") for c in word):
            count += 1
    return count


_DELIMITERS = (",", ";", "\t", "|")


def _delimiter_score(lines: list[str], delimiter: str) -> float:
    """How consistently a delimiter splits sample lines into more than one field (0 = not at all)."""
    counts = [len(rec) for rec in csv.reader(lines, delimiter=delimiter) if rec]
    if not counts:
        return 0.0
    mode = max(set(counts), key=counts.count)
    if mode < 2:
        return 0.0
    consistent = sum(1 for c in counts if c == mode) / len(counts)
    return consistent + min(mode, 50) / 1000.0  # more fields breaks near-ties


def _detect_delimiter(text: str, suffix: str) -> str:
    """Pick the delimiter that splits the sample most consistently; csv.Sniffer breaks ties."""
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    lines = sample.splitlines()[:200]
    scores = {d: _delimiter_score(lines, d) for d in _DELIMITERS}
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    preferred = "\t" if suffix == ".tsv" else ","
    best = max(_DELIMITERS, key=lambda d: (round(scores[d], 2), d == sniffed, d == preferred))
    return best if scores[best] > 0 else preferred


def _read_text_table(path: Path, bom: Bom, data: bytes, cancel: CancelToken | None) -> None:
    text, encoding = _decode_text(data)
    text = text.replace("\x00", "")  # stray NULs from broken exports would make csv fail
    bom.encoding = encoding
    if "\ufffd" in text and encoding.startswith("utf"):
        bom.warnings.append(f"some characters could not be decoded as {encoding} and show as '\ufffd'")
    delimiter = None
    # Excel's "sep=;" first line sets the delimiter and is not shown as a row.
    match = re.match(r"sep=(.)\r?\n", text[:8])
    if match:
        delimiter = match.group(1)
        text = text[match.end() :]
    if delimiter is None:
        delimiter = _detect_delimiter(text, path.suffix.lower())
    bom.delimiter = delimiter
    try:
        # Strict first: a file whose quotes are all closed properly (what Excel and every ERP write) is
        # read once, and no cell can hide later records.
        rows = _parse_records(path, text, delimiter, cancel, csv.QUOTE_MINIMAL, strict=True)
        swallowed = None
    except _QuoteError:
        rows = _parse_records(path, text, delimiter, cancel, csv.QUOTE_MINIMAL)
        swallowed = _swallowed_record(rows)
    if swallowed is not None:
        # A quote opened and never closed makes every later line one cell: those rows would go unscreened
        # while the file read as clear. Read it again taking quotes as plain characters.
        rows = _parse_records(path, text, delimiter, cancel, csv.QUOTE_NONE)
        bom.warnings.append(
            f"record {swallowed} opens a quote that is never closed, which would hide the lines after it in "
            "one cell; the file was read with quotes taken as plain text: check it in a spreadsheet program"
        )
    while rows and not any(rows[-1]):
        rows.pop()
    bom.sheets.append(SheetData(name=printable(path.stem), rows=rows))


def _parse_records(
    path: Path,
    text: str,
    delimiter: str,
    cancel: CancelToken | None,
    quoting: Literal[0, 1, 2, 3],
    *,
    strict: bool = False,
) -> list[list[str]]:
    """Parse delimited text into stripped rows, enforcing the row, column and cell limits as it goes.

    Raises:
        _QuoteError: strict, and a quote is misplaced or never closed.
        BomReadError: a limit is passed, or the text cannot be parsed at all.
    """
    rows: list[list[str]] = []
    cells = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=quoting, strict=strict)
    try:
        for n, record in enumerate(reader):
            if n % _CHUNK_ROWS == 0 and cancel is not None:
                cancel.raise_if_cancelled()
            if len(record) > MAX_TEXT_COLUMNS:
                raise BomReadError(
                    path,
                    f"record {n + 1} has {len(record):,} fields, more than the {MAX_TEXT_COLUMNS:,} columns a "
                    "spreadsheet holds; check the delimiter, or split the table",
                )
            cells += len(record)
            if n >= MAX_TEXT_ROWS or cells > MAX_TEXT_CELLS:
                what = f"{MAX_TEXT_ROWS:,} rows" if n >= MAX_TEXT_ROWS else f"{MAX_TEXT_CELLS:,} cells"
                raise BomReadError(
                    path, f"more than {what}, too many to read safely: split the BOM into smaller files"
                )
            rows.append([field.strip() for field in record])
    except csv.Error as exc:
        if strict:
            raise _QuoteError from None
        raise BomReadError(
            path, f"damaged text table near record {len(rows) + 1} ({exc}); save it again as .csv"
        ) from None
    return rows


class _QuoteError(Exception):
    """A strict parse met a quote out of place."""


def _swallowed_record(rows: list[list[str]]) -> int | None:
    """The 1-based first record with a cell that spans lines, or None; asked only when quotes are broken.

    A quote left open swallows the lines up to the next quote character (often the end of the file) into
    one cell, and whether those lines hold the delimiter depends on the guess of the delimiter. With the
    quotes known to be broken, any cell spanning lines is suspect: reading the file with quotes as plain
    text then screens every line, at worst splitting a real multi-line cell.
    """
    for n, row in enumerate(rows, start=1):
        if any("\n" in cell for cell in row):
            return n
    return None


# ---------------------------------------------------------------------------------------------------
# HTML tables (web ERPs save these as .xls)


class _TooLarge(Exception):
    """A web page's tables are past the row, column or cell limits."""


class _HtmlTables(HTMLParser):
    """Collect the text of every <table> as rows of cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._stack: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._span = 1
        self.cells = 0  # cells made so far, colspans expanded (checked against MAX_TEXT_CELLS)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._finish_cell()
            self._stack.append([])
        elif not self._stack:
            return
        elif tag == "tr":
            self._finish_cell()
            self._stack[-1].append([])
        elif tag in ("td", "th"):
            self._finish_cell()
            if not self._stack[-1]:
                self._stack[-1].append([])
            self._cell = []
            span = dict(attrs).get("colspan") or "1"
            self._span = int(span) if span.isdigit() and 0 < int(span) < 1000 else 1
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th", "tr"):
            self._finish_cell()
        elif tag == "table" and self._stack:
            self._finish_cell()
            table = self._stack.pop()
            if any(any(cell for cell in row) for row in table):
                self.tables.append(table)

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _finish_cell(self) -> None:
        if self._cell is None or not self._stack:
            self._cell = None
            return
        lines = "".join(self._cell).split("\n")
        text = "\n".join(" ".join(line.split()) for line in lines).strip()
        row = self._stack[-1][-1]
        row.extend([text] + [""] * (self._span - 1))
        self.cells += self._span
        if len(row) > MAX_TEXT_COLUMNS or self.cells > MAX_TEXT_CELLS or len(self._stack[-1]) > MAX_TEXT_ROWS:
            raise _TooLarge
        self._cell = None
        self._span = 1


def _read_html(path: Path, bom: Bom, data: bytes) -> None:
    text, encoding = _decode_text(data)
    declared = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    if declared and encoding in ("cp1252", "utf-8"):
        try:
            name = codecs.lookup(declared.group(1).decode("ascii")).name
            text, encoding = data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    parser = _HtmlTables()
    try:
        parser.feed(text)
        parser.close()
    except _TooLarge:
        raise BomReadError(
            path,
            f"its tables hold more than {MAX_TEXT_ROWS:,} rows, {MAX_TEXT_COLUMNS:,} columns or "
            f"{MAX_TEXT_CELLS:,} cells, too many to read safely: split the table",
        ) from None
    if not parser.tables:
        raise BomReadError(
            path, "not a spreadsheet: the content is a web page without a table; save it as .xlsx or .csv"
        )
    bom.encoding = encoding
    bom.warnings.append("the file is a web page (HTML table) named like a spreadsheet; its table was read")
    for i, table in enumerate(parser.tables, start=1):
        name = printable(path.stem) if len(parser.tables) == 1 else f"{printable(path.stem)} (table {i})"
        bom.sheets.append(SheetData(name=name, rows=table))
