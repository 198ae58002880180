"""Structural guards that look inside a workbook before calamine reads it, so hostile files fail cleanly.

calamine unpacks zip members and builds a dense grid over a sheet's used cells; a zip bomb, or a few cells
far apart (A1 and XFD1048576, an OpenDocument row repeated a million times), would make it exhaust memory
and abort the whole process with no exception to catch. The scans here read only the declared zip sizes
and stream the raw sheet parts (xlsx/xlsm XML, xlsb BIFF12 records) to refuse such files with a
BomReadError first; the xlsx scan also counts formula cells saved without a value. ods_guard and xls_guard
do the same for OpenDocument repeats and legacy .xls records, with the same cell budget. _shown makes names
taken from inside a file safe in a one-line message.
"""

from __future__ import annotations

import itertools
import posixpath
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.parsers import expat

from defusedxml import ElementTree as SafeET

from guiapp.ingest.zipparts import DAMAGED, member_chunks
from guiapp.model import BomReadError, CancelToken, column_letter

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


def _shown(text: str, limit: int = 60) -> str:
    """A name taken from inside a file, safe in a one-line message: controls shown as '?', whitespace collapsed.

    Zip member and sheet names are whatever the file says; a newline in one would break the one-line
    message a person (or a script reading stderr) relies on. Found by fuzzing.
    """
    text = " ".join("".join("?" if unicodedata.category(c) in ("Cc", "Cs") else c for c in text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    #: The zip member scanned, and its size unpacked.
    member: str = ""
    size: int = 0
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


#: Rows of at most 1,049,999 (six digits, or 10[0-4]xxxx): 26 columns of them stay within the cell budget.
_FAST_ROW = rb"(?:[0-9]{1,6}|10[0-4][0-9]{4})"


class _SheetPatterns:
    """Byte patterns for one worksheet's namespace prefix ('' or e.g. 'x:').

    The quick modes accept only cell tags of one plain spelling, <c r="B12" ...>; any other spelling of a cell
    (single quotes, spaces around '=', another namespace prefix, a character reference) makes them give up,
    and the sheet goes to the XML parser (_scan_by_parser), which reads what calamine reads. So a cell cannot
    hide from the guard by how it is written. Each pattern starts with a literal ("<c", ":c") so that re
    skips ahead to it: a lookahead at every '<' took the 100,000-row scan from 0.55 s to 1.3 s.
    """

    def __init__(self, prefix: bytes) -> None:
        p = re.escape(prefix)
        no_value = rb"\s*(?:</" + p + rb"c>|<" + p + rb"v\s*/>)"
        self.formula_tag = b"<" + prefix + b"f"
        # The cell's other content sits before <f>, so "no value" is exactly: the formula element is followed
        # by the cell's end or an empty <v/>.  <f>A1*2</f></c>,  <f>..</f><v/>,  <f t="shared" si="0"/></c>
        self.formula_closed = re.compile(rb"</" + p + rb"f>" + no_value)
        # <f>..</f><v></v>: an empty string result when the cell is t="str" (Excel), no value otherwise
        # (openpyxl writes it so when lxml is installed, and so do pandas' files).
        self.formula_empty_v = re.compile(rb"</" + p + rb"f>\s*<" + p + rb"v\s*>\s*</" + p + rb"v>")
        self.cell_open = b"<" + prefix + b"c"
        self.formula_shared = re.compile(rb"<" + p + rb"f\s[^>]*/>" + no_value)
        # A plainly spelled cell, unless it is plainly self-closing (a styled empty cell <c r="XFD1" s="3"/>
        # holds nothing); a tag whose attribute values hold '/>' or '>' counts as a cell with content.
        self.cell_ref = re.compile(
            rb"<" + p + rb"c r=\"([A-Z]{1,3})([0-9]{1,7})\"(?!(?: [A-Za-z:]+=\"[^\"<>]*\")*/>)"
        )
        # A cell under another namespace prefix than the sheet's (calamine matches cells by local name).
        # Text such as "a:c " also matches: the slower modes then decide, which costs time, never safety.
        bare = re.escape(prefix[:-1])
        own = rb"(?<!<" + bare + rb")(?<!/" + bare + rb")" if prefix else b""
        unprefixed = rb"|<c[\t\n\r />]" if prefix else b""  # a default-namespace cell in an x:-prefixed sheet
        self.prefixed_cell = re.compile(own + rb":c[\t\n\r />]" + unprefixed)
        # A cell tag not spelled <c r="XFD12"> (then the refs mode cannot place every cell).
        self.unplain_cell = re.compile(rb"<" + p + rb"c(?:[\t\n\r>/]| (?!r=\"[A-Z]{1,3}[0-9]{1,7}\"))")
        # A cell tag not of the usual form <c r="B12" ...> with a one-letter column (A to Z) first.
        unusual = p + rb"c(?:[\t\n\r>/]| (?!r=\"[A-Z]" + _FAST_ROW + rb"\"))"
        self.unusual_cell = re.compile(rb"<" + unusual)
        # The same or a formula: a sheet part without either is settled by one search (see _stream_scan).
        self.unusual_cell_or_formula = re.compile(rb"<(?:" + p + rb"f|" + unusual + rb")")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _columns_fast(buf: bytes, pats: _SheetPatterns, scan: _SheetScan) -> bool:
    """True when complete rows hold only cells of columns A to Z, each starting <c r="A..Z<digit>.

    Then even all 1,048,576 rows fit the cell budget, so the rows need not be looked at. One search in C
    for any other cell tag: about 0.05 s for a 100,000-row, 12-column sheet (seven byte counts took 0.26 s).
    """
    if pats.unusual_cell.search(buf) or pats.prefixed_cell.search(buf):
        return False
    scan.add(0, 0)
    scan.add(0, 25)
    return True


def _extent_by_refs(buf: bytes, pats: _SheetPatterns, scan: _SheetScan) -> bool:
    """Widen scan by the referenced cells with content; False when some cell tag is not of the plain spelling."""
    if pats.unplain_cell.search(buf) or pats.prefixed_cell.search(buf):
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
    """One streaming pass over a worksheet part in mode "fast" or "refs" (see _scan_sheet_part).

    Returns None when the sheet needs the next, more exact mode.
    """
    scan = _SheetScan()
    carry = b""
    pats: _SheetPatterns | None = None
    for chunk in itertools.chain(member_chunks(zf, member), [b""]):
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
        if (
            mode == "fast"
            and pats.unusual_cell_or_formula.search(done) is None
            and pats.prefixed_cell.search(done) is None
        ):
            # The common case settled in one pass: no formula, and only usual cells of columns A to Z.
            scan.add(0, 0)
            scan.add(0, 25)
            continue
        if pats.formula_tag in done:
            scan.formulas_without_value += sum(1 for _ in pats.formula_closed.finditer(done))
            scan.formulas_without_value += sum(1 for _ in pats.formula_shared.finditer(done))
            scan.formulas_without_value += _empty_values_of_numbers(done, pats)
        if mode == "fast":
            if not _columns_fast(done, pats, scan):
                return None
        elif not _extent_by_refs(done, pats, scan):
            return None
    return scan


def _empty_values_of_numbers(done: bytes, pats: _SheetPatterns) -> int:
    """Formula cells whose saved value is an empty <v></v> and that are not text cells (t="str")."""
    count = 0
    for m in pats.formula_empty_v.finditer(done):
        start = done.rfind(pats.cell_open, 0, m.start())
        tag = done[start : done.find(b">", start) + 1] if start >= 0 else b""
        if not re.search(rb"""\st\s*=\s*["']str["']""", tag):
            count += 1
    return count


def _scan_sheet_part(zf: zipfile.ZipFile, member: str, cancel: CancelToken | None) -> _SheetScan:
    """Stream one worksheet part: count formula cells whose cached value is missing, and find its extent.

    Byte patterns first: parsing a 100,000-row sheet with an XML parser took eight times as long as
    calamine's whole read, while the patterns run in C. "fast" accepts sheets whose cells are all spelled
    <c r="A..Z<row>" ...> (what Excel, LibreOffice and openpyxl write), which fit the budget whatever their
    rows; "refs" finds rows and columns of plainly spelled cells with content. A sheet with any other cell
    spelling goes to the XML parser, which places cells the way calamine does. zipfile stops at the part's
    declared size and checks its CRC, so a part that lies about its size cannot inflate here.
    """
    for mode in ("fast", "refs"):
        scan = _stream_scan(zf, member, cancel, mode)
        if scan is not None:
            return scan
    return _scan_by_parser(zf, member, cancel)


class _Stop(Exception):
    """Ends a parse early: the sheet is already past the cell budget."""


class _SheetParse:
    """Expat handlers that place cells as calamine does: by local name, whatever the namespace prefix.

    A row's r sets the row (else the row after the previous); a cell's r sets row and column (else the
    column after the previous). A cell counts when it holds an element or text (a styled empty cell
    <c r="XFD1" s="3"/> holds nothing).
    """

    def __init__(self) -> None:
        self.scan = _SheetScan()
        self.row = -1
        self.col = -1
        self.in_cell = False
        self.content = False
        self.formula = False
        self.value = False
        self.in_value = False

    @staticmethod
    def _ref(attrs: dict[str, str]) -> str | None:
        if "r" in attrs:
            return attrs["r"]
        return next((v for k, v in attrs.items() if k.rpartition(":")[2] == "r"), None)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if self.in_cell:
            self.content = True
            self.formula |= local == "f"
            self.in_value = local == "v"
            return
        if local == "row":
            ref = self._ref(attrs)
            self.row = int(ref) - 1 if ref and ref.isdigit() and ref.isascii() else self.row + 1
            self.col = -1
        elif local == "c":
            found = _REF.fullmatch(self._ref(attrs) or "")
            if found:
                self.row, self.col = int(found.group(2)) - 1, _column_number(found.group(1).upper().encode())
            else:
                self.col += 1
            self.in_cell, self.content, self.formula, self.value = True, False, False, False

    def end(self, name: str) -> None:
        if not self.in_cell:
            return
        local = name.rpartition(":")[2]
        if local == "v":
            self.in_value = False
        elif local == "c":
            self.in_cell = False
            if self.formula and not self.value:
                self.scan.formulas_without_value += 1
            if self.content:
                self.scan.add(self.row, self.col)
                if self.scan.cells > _MAX_SHEET_CELLS:
                    raise _Stop

    def text(self, data: str) -> None:
        if self.in_cell and data.strip():
            self.content = True
            self.value |= self.in_value


_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,10})")


def _refuse_doctype(*_args: object) -> None:
    raise _Stop("doctype")


def _scan_by_parser(zf: zipfile.ZipFile, member: str, cancel: CancelToken | None) -> _SheetScan:
    """Place every cell of a worksheet part with an XML parser (the exact, slower mode of _scan_sheet_part).

    Element names are taken without namespace processing and matched by local name, as calamine does, so
    no prefix hides a cell; attribute quoting, spacing and character references are the parser's business.
    A part that is not well-formed XML, or declares a DTD (entities could expand), is refused.
    """
    handlers = _SheetParse()
    parser = expat.ParserCreate()
    parser.StartElementHandler = handlers.start
    parser.EndElementHandler = handlers.end
    parser.CharacterDataHandler = handlers.text
    parser.StartDoctypeDeclHandler = _refuse_doctype
    try:
        with zf.open(member) as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop as stop:
        if str(stop) == "doctype":
            raise _Unreadable(
                f"part '{_shown(member)}' declares a DTD, which a workbook never does"
            ) from None
    except expat.ExpatError as exc:
        raise _Unreadable(
            f"part '{_shown(member)}' is not well-formed XML ({expat.ErrorString(exc.code)})"
        ) from None
    return handlers.scan


class _Unreadable(Exception):
    """A sheet part the guard cannot vouch for; _scan_sheets turns it into a BomReadError."""


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
            except DAMAGED:
                raise BomReadError(
                    path, "damaged workbook (corrupt zip): ask the sender for a fresh copy"
                ) from None
            except _Unreadable as exc:
                raise BomReadError(
                    path,
                    f"damaged workbook: {exc}; open it in Excel and save a copy, or ask the sender for a fresh one",
                ) from None
            if scan.cells > _MAX_SHEET_CELLS:
                shown = f"part '{_shown(member)}'" if name.startswith("\x00") else f"sheet '{_shown(name)}'"
                _refuse_spread(path, shown, scan)
            scan.member, scan.size = member, zf.getinfo(member).file_size
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


def _scan_xlsb_part(fh: IO[bytes], cancel: CancelToken | None) -> _SheetScan:
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
        if chunk is not None:  # not final; tested on chunk itself so that mypy narrows it to bytes
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
