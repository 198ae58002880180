"""Read BOM files (Excel, OpenDocument, CSV/TSV, web-ERP HTML tables) into a Bom of plain text cells.

The reader trusts a file's content, not its name: a workbook saved as .csv, a tab-separated or HTML
export named .xls, and a password-protected workbook are all recognised from their first bytes. Every
problem a person can cause becomes a BomReadError with one line saying what to do; no raw exception
escapes for a bad file.

Cell text is "as written": strings without surrounding whitespace, whole numbers without ".0", booleans
as TRUE/FALSE, dates in ISO form. Row numbers are the real 1-based spreadsheet rows (CSV: the record
number, header record = 1, blank lines kept as empty rows as Excel shows them).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import errno
import hashlib
import io
import itertools
import posixpath
import re
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import python_calamine
from defusedxml import ElementTree as SafeET

from guiapp.gcpause import gc_paused
from guiapp.ingest.mapping import apply_overrides, detect_mapping, resolve_override_columns
from guiapp.model import (
    ROLES,
    Bom,
    BomReadError,
    Cancelled,
    CancelToken,
    ProgressCallback,
    SheetData,
    column_letter,
)

#: File suffixes searched for in folders (files given one by one are tried whatever their suffix).
SUPPORTED_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".txt", ".tsv")

_TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
# Zip bombs are refused from the sizes the archive declares, before anything is unpacked. A
# 1,000,000-row BOM unpacks to about 400 MB and its sheets compress about 10:1; whitespace or repeated
# XML compresses 1000:1. Members that lie about their size are cut at the declared size and then fail
# their checksum (zipfile and calamine both stop there), so a lie cannot inflate past these limits.
#: Refuse a workbook declaring more than this in total when unpacked.
_MAX_UNPACKED_TOTAL = 1024**3
#: Refuse a member larger than _RATIO_MIN_SIZE that unpacks to more than this many times its packed size.
_MAX_RATIO = 200
_RATIO_MIN_SIZE = 50 * 1024**2
#: calamine builds a dense grid over the used cells (32 bytes each) and aborts the whole process, with no
#: exception to catch, when that allocation fails: one cell in A1 and one in XFD1048576 ask for 549 GB.
#: Sheets whose used cells span more than this are refused before calamine sees them.
#: Set just above a full-height sheet of columns A to Z (27.3 million cells, about 0.9 GB in calamine).
_MAX_SHEET_CELLS = 28_000_000
_CHUNK_ROWS = 10_000
_HEAD_BYTES = 8192
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

# csv refuses fields over 128 KiB by default; real exports put whole reference lists in one field.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _shown(text: str, limit: int = 60) -> str:
    """A name taken from inside a file, safe in a one-line message: controls shown as '?', whitespace collapsed.

    Zip member and sheet names are whatever the file says; a newline in one would break the one-line
    message a person (or a script reading stderr) relies on. Found by fuzzing.
    """
    text = " ".join("".join("?" if unicodedata.category(c) in ("Cc", "Cs") else c for c in text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def file_sha256(path: str | Path) -> str:
    """Return the hex SHA-256 of a file, read in chunks so large files do not fill memory.

    Args:
        path: the file.

    Returns:
        The lower-case hex digest.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _is_candidate(path: Path) -> bool:
    name = path.name
    if name.startswith(("~$", ".")):  # Office lock files, hidden files
        return False
    if name.lower().endswith(".audited.xlsx"):  # our own output
        return False
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def iter_bom_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into the BOM files to read.

    Files given directly are kept whatever their suffix (the reader then says clearly if one is not a
    spreadsheet); folders are searched recursively for supported suffixes, skipping Office lock files
    (~$*), hidden files and folders, and our own *.audited.xlsx outputs.

    Args:
        paths: files and folders, e.g. from a drop or the command line.

    Returns:
        Sorted, de-duplicated paths.
    """
    found: set[Path] = set()
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for child in path.rglob("*"):
                if any(part.startswith(".") for part in child.relative_to(path).parts[:-1]):
                    continue  # inside a hidden folder (.git, .venv...)
                if child.is_file() and _is_candidate(child):
                    found.add(child)
        else:
            found.add(path)
    return sorted(found)


# ---------------------------------------------------------------------------------------------------
# Cell text


def _float_text(value: float) -> str:
    # _convert_rows_unchecked has the same rule inline.
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def _cell_text(value: Any) -> str:
    """Text of a non-string cell value as a person reads it in the spreadsheet."""
    kind = type(value)
    if kind is float:
        return _float_text(value)
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if kind is dt.datetime:
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if kind is dt.date or kind is dt.time:
        return value.isoformat()
    if kind is dt.timedelta:
        return str(value)
    if kind is str:
        return value.strip()
    return str(value).strip()


def _convert_rows(raw: Iterable[list[Any]], cancel: CancelToken | None) -> list[list[str]]:
    """Turn calamine rows into text rows; strings (most cells) take the fast path.

    Rows are taken one at a time from calamine's iterator, so its Python copy of the whole sheet never
    exists beside ours, and repeated texts (makers, suppliers, descriptions, units) share one string:
    together that took a 1,000,000-row, 8-column read from a 1.04 GB peak (1.03 GB kept) to 0.84 GB
    (0.59 GB kept).
    """
    # Building a million small lists triggers the cyclic garbage collector over and over although
    # none of them can form a cycle; pausing it cuts the conversion time by about 40 %.
    with gc_paused():
        return _convert_rows_unchecked(raw, cancel)


def _convert_rows_unchecked(raw: Iterable[list[Any]], cancel: CancelToken | None) -> list[list[str]]:
    out: list[list[str]] = []
    shared: dict[str, str] = {}
    share = shared.setdefault
    it = iter(raw)
    while True:
        if cancel is not None:
            cancel.raise_if_cancelled()
        chunk = list(itertools.islice(it, _CHUNK_ROWS))
        if not chunk:
            break
        # Strings, then floats (calamine gives most numbers as floats) inline; the rest via _cell_text.
        out.extend(
            [
                [
                    share(t := c.strip(), t)
                    if (k := type(c)) is str
                    else (str(int(c)) if c.is_integer() and -1e16 < c < 1e16 else repr(c))
                    if k is float
                    else _cell_text(c)
                    for c in row
                ]
                for row in chunk
            ]
        )
        if len(shared) > 4 * _CHUNK_ROWS:
            shared.clear()  # mostly unique texts (part numbers): sharing would only cost memory
    while out and not any(out[-1]):
        out.pop()
    return out


# ---------------------------------------------------------------------------------------------------
# Format sniffing


def _refuse_zip_bomb(path: Path, zf: zipfile.ZipFile) -> None:
    """Raise BomReadError when the archive's declared sizes are those of a zip bomb, not of a BOM."""
    total = 0
    for info in zf.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_MIN_SIZE and ratio > _MAX_RATIO:
            raise BomReadError(
                path,
                f"unsafe workbook (a zip bomb?): part '{_shown(info.filename)}' would unpack from "
                f"{_megabytes(info.compress_size)} to {_megabytes(info.file_size)}; it was not opened — "
                "ask the sender for a fresh copy",
            )
    if total > _MAX_UNPACKED_TOTAL:
        raise BomReadError(
            path,
            f"unsafe workbook (a zip bomb?): it would unpack to {_megabytes(total)}, more than any BOM; "
            "it was not opened — split the BOM or ask the sender for a fresh copy",
        )


def _megabytes(size: int) -> str:
    return f"{size / 1024**2:,.1f} MB" if size < 1024**3 else f"{size / 1024**3:,.1f} GB"


def _zip_kind(path: Path, zf: zipfile.ZipFile) -> str:
    """Name the format of a zip container: xlsx, xlsm, xlsb, ods, or raise for anything else."""
    names = set(zf.namelist())
    _refuse_zip_bomb(path, zf)
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "xl/workbook.xml" in names:
        types = zf.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        return "xlsm" if b"macroEnabled" in types else "xlsx"
    if "mimetype" in names:
        mimetype = zf.read("mimetype")[:100]
        if b"spreadsheet" in mimetype:
            return "ods"
        raise BomReadError(
            path,
            f"not a spreadsheet: the content is an OpenDocument file ({_shown(mimetype.decode('ascii', 'replace'))}); "
            "save it as .xlsx or .csv",
        )
    if "content.xml" in names:
        return "ods"
    if "word/document.xml" in names:
        raise BomReadError(
            path, "not a spreadsheet: the content is a Word document; save the table as .xlsx or .csv"
        )
    if "ppt/presentation.xml" in names:
        raise BomReadError(
            path, "not a spreadsheet: the content is a PowerPoint file; save it as .xlsx or .csv"
        )
    raise BomReadError(
        path, "not a spreadsheet: the content is a zip archive; unpack it and add the BOM inside"
    )


def _ole2_is_encrypted(path: Path) -> bool:
    """Whether an OLE2 file is an encrypted OOXML workbook (it holds an 'EncryptedPackage' stream)."""
    tail = b""
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            if _ENCRYPTED_PACKAGE in tail + chunk:
                return True
            tail = chunk[-len(_ENCRYPTED_PACKAGE) :]
    return False


_BINARY_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"{\\rtf", "an RTF document"),
)


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


def _looks_binary(head: bytes) -> bool:
    """Whether leading bytes are binary rather than text in some encoding."""
    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if _utf16_without_bom(head):
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.02


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
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for n, record in enumerate(reader):
            if n % _CHUNK_ROWS == 0 and cancel is not None:
                cancel.raise_if_cancelled()
            rows.append([field.strip() for field in record])
    except csv.Error as exc:
        raise BomReadError(
            path, f"damaged text table near record {len(rows) + 1} ({exc}); save it again as .csv"
        ) from None
    while rows and not any(rows[-1]):
        rows.pop()
    bom.sheets.append(SheetData(name=path.stem, rows=rows))


# ---------------------------------------------------------------------------------------------------
# HTML tables (web ERPs save these as .xls)


class _HtmlTables(HTMLParser):
    """Collect the text of every <table> as rows of cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._stack: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._span = 1

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
        self._stack[-1][-1].extend([text] + [""] * (self._span - 1))
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
    parser.feed(text)
    parser.close()
    if not parser.tables:
        raise BomReadError(
            path, "not a spreadsheet: the content is a web page without a table; save it as .xlsx or .csv"
        )
    bom.encoding = encoding
    bom.warnings.append("the file is a web page (HTML table) named like a spreadsheet; its table was read")
    for i, table in enumerate(parser.tables, start=1):
        name = path.stem if len(parser.tables) == 1 else f"{path.stem} (table {i})"
        bom.sheets.append(SheetData(name=name, rows=table))


# ---------------------------------------------------------------------------------------------------
# Formulas without cached values (xlsx/xlsm)

_WORKSHEET_TAG = re.compile(rb"<(\w+:)?worksheet[\s>]")


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> zip member of its worksheet XML, from the workbook and its relationships."""
    rel_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    workbook = SafeET.fromstring(zf.read("xl/workbook.xml"))
    try:
        rels = SafeET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts = {}
    for el in workbook.iter():
        if el.tag.endswith("}sheet") and el.get("name") is not None:
            target = targets.get(el.get(rel_id))
            if not target:
                continue
            member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            parts[el.get("name")] = member
    return parts


@dataclass
class _SheetScan:
    """What a byte scan of one worksheet part found before calamine reads it."""

    formulas_without_value: int = 0
    #: Bounding box of the cells with content, 0-based (row, col); None when no cell was seen.
    top: int | None = None
    left: int | None = None
    bottom: int = -1
    right: int = -1

    def add(self, row: int, col: int) -> None:
        self.top = row if self.top is None else min(self.top, row)
        self.left = col if self.left is None else min(self.left, col)
        self.bottom = max(self.bottom, row)
        self.right = max(self.right, col)

    @property
    def cells(self) -> int:
        """Cells in the dense grid calamine would build over the bounding box."""
        if self.top is None or self.left is None:
            return 0
        return (self.bottom - self.top + 1) * (self.right - self.left + 1)


class _SheetPatterns:
    """Byte patterns for one worksheet's namespace prefix ('' or e.g. 'x:')."""

    def __init__(self, prefix: bytes) -> None:
        p = re.escape(prefix)
        no_value = rb"\s*(?:</" + p + rb"c>|<" + p + rb"v\s*/>)"
        self.formula_tag = b"<" + prefix + b"f"
        # The cell's other content sits before <f>, so "no value" is exactly: the formula element is followed
        # by the cell's end or an empty <v/>.  <f>A1*2</f></c>,  <f>..</f><v/>,  <f t="shared" si="0"/></c>
        self.formula_closed = re.compile(rb"</" + p + rb"f>" + no_value)
        self.formula_shared = re.compile(rb"<" + p + rb"f\s[^>]*/>" + no_value)
        # A cell with content (not self-closing: a styled empty cell <c r="XFD1" s="3"/> holds nothing).
        self.cell_ref = re.compile(rb"<" + p + rb"c\s[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"[^>]*(?<!/)>")
        # A cell without a reference: calamine then places it after the previous one.
        self.cell_without_ref = re.compile(rb"<" + p + rb"c(?=[\s/>])(?![^>]*\br=)")
        self.row_or_cell = re.compile(rb"<" + p + rb"(row|c)(?=[\s/>])([^>]*)>")
        # A cell tag not of the usual form <c r="B12" ...> with a one-letter column (A to Z) first.
        unusual_cell = rb"c(?:[>\t\n\r]|/>| (?!r=\"[A-Z][0-9]))"
        self.unusual_cell = re.compile(rb"<" + p + unusual_cell)
        # The same or a formula: a sheet part without either is settled by one search (see _stream_scan).
        self.unusual_cell_or_formula = re.compile(rb"<" + p + rb"(?:f|" + unusual_cell + rb")")


_ATTR_R = re.compile(rb"\br=\"([A-Z]{0,3})([0-9]{0,7})\"")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _extent_by_position(buf: bytes, pats: _SheetPatterns, scan: _SheetScan, state: list[int]) -> None:
    """Exact placement when some cells carry no reference: rows and cells count on from the previous one."""
    row, col = state
    for m in pats.row_or_cell.finditer(buf):
        ref = _ATTR_R.search(m.group(2))
        if m.group(1) == b"row":
            row = int(ref.group(2)) - 1 if ref and ref.group(2) else row + 1
            col = -1
            continue
        if ref and ref.group(1) and ref.group(2):
            row, col = int(ref.group(2)) - 1, _column_number(ref.group(1))
        else:
            col += 1
        if not m.group(2).endswith(b"/"):
            scan.add(row, col)
    state[:] = [row, col]


def _columns_fast(buf: bytes, pats: _SheetPatterns, scan: _SheetScan) -> bool:
    """True when complete rows hold only cells of columns A to Z, each starting <c r="A..Z<digit>.

    Then even all 1,048,576 rows fit the cell budget, so the rows need not be looked at. One search in C
    for any other cell tag: about 0.05 s for a 100,000-row, 12-column sheet (seven byte counts took 0.26 s).
    """
    if pats.unusual_cell.search(buf):
        return False
    scan.add(0, 0)
    scan.add(0, 25)
    return True


def _extent_by_refs(buf: bytes, pats: _SheetPatterns, scan: _SheetScan) -> bool:
    """Widen scan by the referenced cells with content; False when some cell has no reference."""
    if pats.cell_without_ref.search(buf):
        return False
    refs = pats.cell_ref.findall(buf)
    if refs:
        columns = [_column_number(c) for c in {letters for letters, _ in refs}]
        # Same-length digit strings compare like their numbers: the longest, then the greatest, is the maximum.
        digits = [d for _, d in refs]
        lo = min(digits, key=lambda d: (len(d), d))
        hi = max(digits, key=lambda d: (len(d), d))
        scan.add(int(lo) - 1, min(columns))
        scan.add(int(hi) - 1, max(columns))
    return True


def _stream_scan(
    zf: zipfile.ZipFile, member: str, cancel: CancelToken | None, mode: str
) -> _SheetScan | None:
    """One streaming pass over a worksheet part in mode "fast", "refs" or "position" (see _scan_sheet_part).

    Returns None when the sheet needs the next, more exact mode.
    """
    scan = _SheetScan()
    carry = b""
    pats: _SheetPatterns | None = None
    state = [-1, -1]  # position mode: the current row and column
    with zf.open(member) as fh:
        for chunk in itertools.chain(iter(lambda: fh.read(1 << 22), b""), [b""]):
            if cancel is not None:
                cancel.raise_if_cancelled()
            if pats is None:
                found = _WORKSHEET_TAG.search(chunk[:4096])
                pats = _SheetPatterns(found.group(1) if found and found.group(1) else b"")
            if chunk:
                buf = carry + chunk
                cut = buf.rfind(b"</row>")
                # Whole rows keep a cell's formula and value together; a row longer than a chunk (or a
                # sheet without rows) is cut after its last complete tag instead, so carry stays small.
                cut = cut + len(b"</row>") if cut != -1 else buf.rfind(b">") + 1
                done, carry = buf[:cut], buf[cut:]
            else:  # end of the part: whatever is left
                done, carry = carry, b""
                if not done:
                    break
            if mode == "fast" and pats.unusual_cell_or_formula.search(done) is None:
                # The common case settled in one pass: no formula, and only usual cells of columns A to Z.
                scan.add(0, 0)
                scan.add(0, 25)
                continue
            if pats.formula_tag in done:
                scan.formulas_without_value += sum(1 for _ in pats.formula_closed.finditer(done))
                scan.formulas_without_value += sum(1 for _ in pats.formula_shared.finditer(done))
            if mode == "fast":
                if not _columns_fast(done, pats, scan):
                    return None
            elif mode == "refs":
                if not _extent_by_refs(done, pats, scan):
                    return None
            else:
                _extent_by_position(done, pats, scan, state)
    return scan


def _scan_sheet_part(zf: zipfile.ZipFile, member: str, cancel: CancelToken | None) -> _SheetScan:
    """Stream one worksheet part: count formula cells whose cached value is missing, and find its extent.

    A byte scan instead of an XML parse: parsing a 100,000-row sheet with ElementTree took eight times as
    long as calamine's whole read, while these patterns run in C. Three passes, each only when the one
    before cannot decide: "fast" accepts sheets whose cells all begin <c r="..."> (what Excel, LibreOffice
    and openpyxl write) within columns A to Z, which fit the budget whatever their rows; "refs" finds rows and
    columns of the referenced cells with content; "position" places cells without references the way
    calamine does, counting on from the previous one. zipfile stops at the part's declared size and checks
    its CRC, so a part that lies about its size cannot inflate here.
    """
    for mode in ("fast", "refs"):
        scan = _stream_scan(zf, member, cancel, mode)
        if scan is not None:
            return scan
    scan = _stream_scan(zf, member, cancel, "position")
    assert scan is not None
    return scan


def _is_worksheet_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a zip member starts like worksheet XML (read only its first bytes)."""
    if info.is_dir() or info.file_size < 20:
        return False
    with zf.open(info) as fh:
        return _WORKSHEET_TAG.search(fh.read(4096)) is not None


def _scan_sheets(path: Path, cancel: CancelToken | None) -> dict[str, _SheetScan]:
    """Scan every worksheet part of an xlsx/xlsm; refuse sheets whose cells would make calamine abort."""
    scans: dict[str, _SheetScan] = {}
    with zipfile.ZipFile(path) as zf:
        try:
            parts = _sheet_parts(zf)
        except Exception:  # an unreadable workbook part: calamine names the real problem
            parts = {}
        # calamine may resolve a part our reading of the relationships does not: scan every worksheet part.
        scanned = set(parts.values())
        extra = {
            f"\x00{info.filename}": info.filename
            for info in zf.infolist()
            if info.filename not in scanned and _is_worksheet_part(zf, info)
        }
        for name, member in {**parts, **extra}.items():
            if member not in zf.NameToInfo:
                continue
            try:
                scan = _scan_sheet_part(zf, member, cancel)
            except (zipfile.BadZipFile, zlib.error, EOFError):
                raise BomReadError(
                    path, "damaged workbook (corrupt zip): ask the sender for a fresh copy"
                ) from None
            if scan.cells > _MAX_SHEET_CELLS:
                shown = f"part '{_shown(member)}'" if name.startswith("\x00") else f"sheet '{_shown(name)}'"
                _refuse_spread(path, shown, scan)
            scans[name] = scan
    return scans


def _refuse_spread(path: Path, shown: str, scan: _SheetScan) -> None:
    rows = scan.bottom - (scan.top or 0) + 1
    cols = scan.right - (scan.left or 0) + 1
    # Past XFD (a binary part can name any column up to 2**32 - 1) the letters say nothing; give the number.
    column = column_letter(scan.right) if scan.right < 16_384 else f"column {scan.right + 1:,}"
    corner = f"{column}{scan.bottom + 1}" if scan.right < 16_384 else f"{column}, row {scan.bottom + 1:,}"
    raise BomReadError(
        path,
        f"{shown} spreads its cells over {rows:,} row{'s' if rows != 1 else ''} x {cols:,} "
        f"column{'s' if cols != 1 else ''} (up to cell "
        f"{corner}), too many to read safely: delete the cells far outside the table, save, "
        "and try again",
    )


# ---------------------------------------------------------------------------------------------------
# Binary workbooks (.xlsb)
#
# An .xlsb sheet part is a stream of BIFF12 records (MS-XLSB 2.1.4): a record type (1-2 bytes of 7 bits), a
# size (1-4 bytes of 7 bits) and that many bytes. calamine's Range is a dense grid over the cells it keeps, so
# a few cell records far apart (A1 and XFD1048576, or a column number near 2**32, which it takes as written)
# make it ask for hundreds of gigabytes and abort the process. The scan below walks the records the way
# calamine's xlsb cell reader does and refuses the sheet before calamine reads it.
#
# Why a scan and not calamine in a child process (which would also survive aborts nobody has found yet): the
# desktop app is a PyInstaller bundle whose entry points do not call multiprocessing.freeze_support(), and a
# frozen app's sys.executable is the app itself, so a child reader needs changes outside the reader; every
# row would also be pickled back to the parent (start-up alone is about 0.1 s). The scan uses the same budget
# and message as the xlsx scan and costs about 0.3 s per million cells: 100,000 rows x 8 columns scan in
# 0.26 s of a 0.52 s read; a 4-row .xlsb in well under a millisecond.

#: Records calamine keeps as cells (BrtCellRk, BrtCellError, BrtCellBool, BrtCellReal, BrtCellSt,
#: BrtCellIsst, BrtFmlaString, BrtFmlaNum, BrtFmlaBool); each starts with its column as a 4-byte integer.
#: BrtCellBlank (0x01, a styled empty cell) and BrtFmlaError (0x0B) are skipped by calamine.
_XLSB_CELL_TYPES = frozenset(range(0x02, 0x0B))
_XLSB_ROW_HDR = 0x00  # BrtRowHdr: the row of the cells that follow (4 bytes)
_XLSB_WS_DIM = 0x94  # BrtWsDim: calamine looks for it first and sizes nothing by it (only a small reserve)
_XLSB_BEGIN_SHEET_DATA = 0x91
_XLSB_END_SHEET_DATA = 0x92
#: Blocks calamine skips whole while it looks for BrtBeginSheetData: views, AC blocks and column infos.
_XLSB_SKIPPED_BLOCKS = {0x85: 0x86, 0x25: 0x26, 0x186: 0x187}
#: calamine stops reading a sheet at a row header past this row.
_XLSB_LAST_ROW = 0x10_0000
#: calamine takes a sheet's part from "xl/" + its relationship's target and accepts only these folders.
_XLSB_SHEET_FOLDERS = ("worksheets", "chartsheets", "dialogsheets")


def _scan_xlsb_part(fh: io.BufferedIOBase, cancel: CancelToken | None) -> _SheetScan:
    """Stream one binary sheet part and return the bounding box of the cells calamine would keep.

    Stops early once the box is past the cell budget. A part that ends inside a record is cut there (calamine
    then fails on it with an error of its own).
    """
    top = left = 1 << 40
    bottom = right = -1
    phase = 0  # 0: looking for BrtWsDim, 1: looking for BrtBeginSheetData, 2: in the sheet data
    block_end: int | None = None  # phase 1: the record that ends a skipped block
    row = 0
    buf = b""
    pos = skip = 0
    done = False
    for chunk in itertools.chain(iter(lambda: fh.read(1 << 22), b""), [None]):
        if cancel is not None:
            cancel.raise_if_cancelled()
        final = chunk is None
        if not final:
            if skip >= len(chunk):
                skip -= len(chunk)
                continue
            buf, pos, skip = buf[pos:] + chunk[skip:], 0, 0
        end = len(buf)
        try:
            # Each record needs at most 6 header bytes and its first 4 data bytes; wait for more near the end.
            while (pos + 10 <= end or (final and pos < end)) and not done:
                b = buf[pos]
                pos += 1
                typ = b
                if b & 0x80:
                    typ = (b & 0x7F) | ((buf[pos] & 0x7F) << 7)
                    pos += 1
                b = buf[pos]
                pos += 1
                size = b & 0x7F
                shift = 7
                while b & 0x80 and shift < 28:
                    b = buf[pos]
                    pos += 1
                    size |= (b & 0x7F) << shift
                    shift += 7
                if phase == 2:
                    if typ in _XLSB_CELL_TYPES:
                        col = int.from_bytes(buf[pos : pos + 4], "little")
                        if not (top <= row <= bottom and left <= col <= right):
                            top, bottom = min(top, row), max(bottom, row)
                            left, right = min(left, col), max(right, col)
                            done = (bottom - top + 1) * (right - left + 1) > _MAX_SHEET_CELLS
                    elif typ == _XLSB_ROW_HDR:
                        row = int.from_bytes(buf[pos : pos + 4], "little")
                        done = row > _XLSB_LAST_ROW
                    elif typ == _XLSB_END_SHEET_DATA:
                        done = True
                elif phase == 1:
                    if block_end is not None:
                        if typ == block_end:
                            block_end = None
                    elif typ == _XLSB_BEGIN_SHEET_DATA:
                        phase = 2
                    else:
                        block_end = _XLSB_SKIPPED_BLOCKS.get(typ)
                elif typ == _XLSB_WS_DIM:
                    phase = 1
                pos += size
                if pos > end:  # the record runs on into the next chunks
                    skip, pos = pos - end, end
        except IndexError:  # the part ends inside a record header
            done = True
        if done or final:
            break
    scan = _SheetScan()
    if right >= 0:
        scan.add(top, left)
        scan.add(bottom, right)
    return scan


def _scan_xlsb_sheets(path: Path, cancel: CancelToken | None) -> None:
    """Refuse a binary workbook with a sheet whose cells would make calamine abort (see _scan_xlsb_part).

    Every part in a folder calamine accepts for sheets is scanned, whatever the relationships say, and every
    copy of a name that occurs twice in the zip.
    """
    with zipfile.ZipFile(path) as zf:
        if "xl/workbook.bin" not in zf.NameToInfo:
            return  # calamine's xlsb reader cannot open the workbook at all
        for info in zf.infolist():
            parts = info.filename.split("/")
            if len(parts) < 3 or parts[0] != "xl" or parts[1] not in _XLSB_SHEET_FOLDERS or info.is_dir():
                continue
            try:
                with zf.open(info) as fh:
                    scan = _scan_xlsb_part(fh, cancel)
            except (zipfile.BadZipFile, zlib.error, EOFError):
                raise BomReadError(
                    path, "damaged workbook (corrupt zip): ask the sender for a fresh copy"
                ) from None
            if scan.cells > _MAX_SHEET_CELLS:
                _refuse_spread(path, f"part '{_shown(info.filename)}'", scan)


# ---------------------------------------------------------------------------------------------------
# Workbooks via calamine


_ODS_TOKEN = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*)>")
_ODS_ROWS = re.compile(rb'number-rows-repeated="([0-9]+)"')
_ODS_COLUMNS = re.compile(rb'number-columns-repeated="([0-9]+)"')


def _check_ods_repeats(path: Path, cancel: CancelToken | None) -> None:
    """Refuse an OpenDocument sheet whose repeated rows and cells expand past the cell budget.

    A row repeated 1,000,000 times holding a cell repeated 90 times is 1.3 KB on disk and 90 million cells
    for calamine, which then aborts the process on a failed allocation. Empty repeats (LibreOffice ends every
    table with them) expand to nothing and are not counted.
    """
    with zipfile.ZipFile(path) as zf:
        if "content.xml" not in zf.NameToInfo:
            return
        with zf.open("content.xml") as fh:
            chunks = iter(lambda: fh.read(1 << 22), b"")
            rows = width = 0  # per table: rows seen, content width of the widest row
            last_row = 0
            row_repeat, col, row_width = 1, 0, 0
            carry = b""
            for chunk in chunks:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                buf = carry + chunk
                cut = buf.rfind(b">") + 1
                buf, carry = buf[:cut], buf[cut:]
                for m in _ODS_TOKEN.finditer(buf):
                    closing, tag, attrs = m.groups()
                    if tag == b"table":
                        rows = width = last_row = 0
                    elif tag == b"table-row":
                        if closing:
                            rows += row_repeat
                            if row_width:
                                last_row = rows
                                width = max(width, row_width)
                        else:
                            found = _ODS_ROWS.search(attrs)
                            row_repeat, col, row_width = int(found.group(1)) if found else 1, 0, 0
                            if attrs.endswith(b"/"):
                                rows += row_repeat
                    elif not closing:
                        found = _ODS_COLUMNS.search(attrs)
                        col += int(found.group(1)) if found else 1
                        if not attrs.endswith(b"/") or b"value-type" in attrs:
                            row_width = col
                    if last_row * width > _MAX_SHEET_CELLS:
                        raise BomReadError(
                            path,
                            f"a sheet repeats its rows and cells into more than {_MAX_SHEET_CELLS:,} cells, too "
                            "many to read safely: open it in LibreOffice, delete the repeated rows, and save again",
                        )


def _read_workbook(
    path: Path,
    bom: Bom,
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
) -> None:
    scans: dict[str, _SheetScan] = {}
    if bom.format != "xls":
        # Before calamine: it aborts the process on sheets whose cells span too far (see _MAX_SHEET_CELLS).
        # calamine picks its reader by the file's suffix, not by what the zip holds (xlsb parts in a file
        # named .xlsx, worksheet XML in one named .ods), so every guard runs; each looks only at its parts.
        scans = _scan_sheets(path, cancel)
        _scan_xlsb_sheets(path, cancel)
        _check_ods_repeats(path, cancel)
    with python_calamine.CalamineWorkbook.from_path(str(path)) as wb:
        metadata = list(wb.sheets_metadata)
        total = len(metadata)
        for done, meta in enumerate(metadata):
            if cancel is not None:
                cancel.raise_if_cancelled()
            if progress is not None:
                progress(done, total, f"reading sheet '{meta.name}'")
            hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
            sheet = wb.get_sheet_by_name(meta.name)
            start = sheet.start
            if start is None:
                bom.sheets.append(SheetData(name=meta.name, hidden=hidden))
                continue
            # iter_rows starts at row 1 (and at the first used column): skip the empty rows above.
            raw = itertools.islice(sheet.iter_rows(), start[0], None)
            rows = _convert_rows(raw, cancel)
            del raw, sheet
            bom.sheets.append(
                SheetData(
                    name=meta.name, hidden=hidden, rows=rows, first_row=start[0] + 1, first_col=start[1]
                )
            )
    for sheet_data in bom.sheets:
        scan = scans.get(sheet_data.name)
        count = scan.formulas_without_value if scan else 0
        if count:
            sheet_data.formula_cells_without_value = count
            bom.warnings.append(
                f"sheet '{_shown(sheet_data.name)}': {count} formula cells have no saved value (the file was never "
                "recalculated); those cells cannot be screened — open and save it in Excel to fix"
            )


def _calamine_reason(exc: Exception, fmt: str) -> str:
    message = " ".join(str(exc).split())
    lower = message.lower()
    if isinstance(exc, python_calamine.PasswordError) or "password" in lower or "encrypt" in lower:
        return "protected by a password: open it in Excel and save a copy without one"
    if isinstance(exc, python_calamine.WorksheetNotFound):
        return (
            f"damaged workbook: it lists the sheet '{_shown(message)}' but the sheet itself is missing; "
            "ask the sender for a fresh copy"
        )
    if "cell limit" in lower:
        return (
            "a sheet spreads its cells over too many rows and columns to read safely: delete the cells far "
            "outside the table, save, and try again"
        )
    if isinstance(exc, python_calamine.ZipError) or "zip" in lower:
        return "damaged workbook (corrupt zip): ask the sender for a fresh copy"
    if isinstance(exc, python_calamine.XmlError) or "xml" in lower:
        return (
            f"damaged workbook (invalid XML inside the {fmt} file): open it in Excel and save a copy, "
            "or ask the sender for a fresh one"
        )
    return (
        f"damaged or unsupported {fmt} workbook ({message[:160]}): open it in Excel and save a copy as .xlsx"
    )


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied: check the file's permissions or close the program that locks it"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    if exc.errno == errno.EINVAL:
        # Readers seek to offsets stored in the file; a damaged file gives impossible ones.
        return "damaged file (its internal offsets are invalid): ask the sender for a fresh copy"
    return f"could not be read ({exc.strerror or exc}): check the disk or network drive"


# ---------------------------------------------------------------------------------------------------
# Entry point


def _detect_kind(path: Path, head: bytes) -> str:
    """Name the real format of a file from its first bytes: zip, ole2, html, text, or raise."""
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith((b"PK\x05\x06", b"PK\x07\x08")):
        raise BomReadError(path, "damaged workbook (corrupt zip): ask the sender for a fresh copy")
    if head.startswith(_OLE2_MAGIC):
        return "ole2"
    for magic, what in _BINARY_KINDS:
        if head.startswith(magic):
            raise BomReadError(
                path, f"not a spreadsheet: the content is {what}; save the BOM as .xlsx or .csv"
            )
    if _looks_binary(head):
        raise BomReadError(
            path, "not a spreadsheet: the content is unrecognised binary data; save the BOM as .xlsx or .csv"
        )
    sample, _ = _decode_text(head)
    lowered = sample.lstrip("\ufeff \t\r\n").lower()
    if "urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        raise BomReadError(path, "an Excel 2003 XML spreadsheet: open it in Excel and save it as .xlsx")
    if lowered.startswith(("<!doctype html", "<html", "<table", "<meta")) or "<table" in lowered[:4096]:
        return "html"
    return "text"


def _read_content(
    path: Path,
    bom: Bom,
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
) -> None:
    with open(path, "rb") as fh:
        head = fh.read(_HEAD_BYTES)
    if not head:
        raise BomReadError(path, "file is empty")
    kind = _detect_kind(path, head)
    suffix = path.suffix.lower()
    if kind == "zip":
        try:
            with zipfile.ZipFile(path) as zf:
                bom.format = _zip_kind(path, zf)
        except (zipfile.BadZipFile, zlib.error, EOFError, KeyError):
            raise BomReadError(
                path, "damaged workbook (corrupt zip): ask the sender for a fresh copy"
            ) from None
    elif kind == "ole2":
        if _ole2_is_encrypted(path):
            raise BomReadError(path, "protected by a password: open it in Excel and save a copy without one")
        bom.format = "xls"
    if kind in ("zip", "ole2"):
        try:
            _read_workbook(path, bom, progress, cancel)
        except python_calamine.CalamineError as exc:
            raise BomReadError(path, _calamine_reason(exc, bom.format)) from None
        return
    data = path.read_bytes()
    if progress is not None:
        progress(0, 1, f"reading {path.name}")
    if kind == "html":
        bom.format = "html"
        _read_html(path, bom, data)
        return
    bom.format = "csv"
    if suffix not in _TEXT_SUFFIXES:
        # Web ERPs save tab-separated text as .xls; read it when it really is a table.
        text, _ = _decode_text(data[:65536])
        lines = [line for line in text.splitlines()[:50] if line.strip()]
        if not lines or max(_delimiter_score(lines, d) for d in _DELIMITERS) < 0.6:
            raise BomReadError(path, "not a spreadsheet: the content is plain text; save it as .xlsx or .csv")
        bom.warnings.append(
            f"the file is delimited text named {suffix or 'without a suffix'}; it was read as CSV"
        )
    _read_text_table(path, bom, data, cancel)


def _apply_mappings(bom: Bom, header_row: int | None, column_overrides: dict[str, list[str]] | None) -> None:
    overrides = {role: list(values) for role, values in (column_overrides or {}).items() if values}
    for role in overrides:
        if role not in ROLES:
            bom.warnings.append(f"unknown column role '{role}' ignored (known roles: {', '.join(ROLES)})")
    overrides = {role: values for role, values in overrides.items() if role in ROLES}
    used: set[tuple[str, str]] = set()
    for sheet in bom.sheets:
        detected = detect_mapping(sheet)
        if header_row is None and not overrides:
            sheet.mapping = detected
            continue
        mapping = apply_overrides(sheet, detected, header_row, overrides)
        for role, values in overrides.items():
            for value in values:
                if resolve_override_columns(sheet, mapping, value):
                    used.add((role, value))
        sheet.mapping = mapping
    for role, values in overrides.items():
        for value in values:
            if (role, value) not in used:
                bom.warnings.append(
                    f"column '{value}' given for {role} matches no column on any sheet; it was ignored"
                )


def read_bom(
    path: str | Path,
    *,
    header_row: int | None = None,
    column_overrides: dict[str, list[str]] | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Bom:
    """Read a BOM file into sheets of cell text, each with its column mapping.

    Args:
        path: the file; its real format is taken from its content, not its suffix.
        header_row: force this 1-based header row on every sheet (roles are detected on it).
        column_overrides: role -> header texts or column letters for that role, replacing detection.
        progress: called as progress(done, total, message) per sheet.
        cancel: checked between sheets and every 10,000 rows.

    Returns:
        The Bom with every sheet (hidden ones included) and warnings for a person.

    Raises:
        BomReadError: the file cannot be read; the reason is one line saying what to do.
        Cancelled: cancel was set.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise BomReadError(path, "is a folder, not a file")
        if path.stat().st_size == 0:
            raise BomReadError(path, "file is empty")
        bom = Bom(path=path, sha256=file_sha256(path), format="")
        _read_content(path, bom, progress, cancel)
    except (BomReadError, Cancelled):
        raise
    except OSError as exc:
        raise BomReadError(path, _os_reason(exc)) from None
    except MemoryError:
        raise BomReadError(path, "too large to read in memory: split the BOM into smaller files") from None
    except (UnicodeError, csv.Error, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise BomReadError(
            path, f"damaged file ({type(exc).__name__}): ask the sender for a fresh copy"
        ) from None
    except Exception as exc:
        # A reader library choked on a malformed file: still one clear line, no traceback.
        message = " ".join(str(exc).split())[:160]
        raise BomReadError(
            path, f"could not be read ({type(exc).__name__}: {message}); open it and save a copy as .xlsx"
        ) from None
    except BaseException as exc:
        # calamine's Rust code panics on some malformed files; pyo3 raises that as PanicException, which
        # derives from BaseException so that ordinary handlers miss it.
        if type(exc).__name__ != "PanicException":
            raise
        raise BomReadError(
            path, "damaged workbook (its contents make no sense): ask the sender for a fresh copy"
        ) from None
    for sheet in bom.sheets:
        if sheet.hidden:
            bom.warnings.append(f"sheet '{_shown(sheet.name)}' is hidden")
    _apply_mappings(bom, header_row, column_overrides)
    if progress is not None:
        progress(len(bom.sheets), len(bom.sheets), "done")
    return bom
