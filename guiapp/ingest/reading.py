"""Read BOM files (Excel, OpenDocument, CSV/TSV, web-ERP HTML tables) into a Bom of plain text cells.

The reader trusts a file's content, not its name: a workbook saved as .csv, a tab-separated or HTML
export named .xls, and a password-protected workbook are all recognised from their first bytes. Every
problem a person can cause becomes a BomReadError with one line saying what to do; no raw exception
escapes for a bad file.

Cell text is "as written": strings without surrounding whitespace, whole numbers without ".0", booleans
as TRUE/FALSE, dates in ISO form. Row numbers are the real 1-based spreadsheet rows (CSV: the record
number, header record = 1, blank lines kept as empty rows as Excel shows them).

This module is the entry point: it finds BOM files in folders, fingerprints them, sniffs the real format
and hands the file on: guards refuses hostile workbooks before calamine sees them, workbooks reads them
through calamine, text_tables reads CSV/TSV and HTML tables; then each sheet gets its column mapping.
"""

from __future__ import annotations

import codecs
import csv
import errno
import hashlib
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, cast

import python_calamine

from guiapp.ingest.guards import _refuse_zip_bomb, _shown
from guiapp.ingest.mapping import apply_overrides, detect_mapping, resolve_override_columns
from guiapp.ingest.text_tables import (
    _DELIMITERS,
    MAX_TEXT_BYTES,
    _decode_text,
    _delimiter_score,
    _read_html,
    _read_text_table,
    _utf16_without_bom,
)
from guiapp.ingest.workbooks import _calamine_reason, _read_workbook
from guiapp.model import (
    CELL_LIMIT,
    ROLES,
    Bom,
    BomReadError,
    Cancelled,
    CancelToken,
    ProgressCallback,
    TextSink,
    column_letter,
)

#: File suffixes searched for in folders (files given one by one are tried whatever their suffix).
SUPPORTED_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".txt", ".tsv")

_TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
_HEAD_BYTES = 8192
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def file_sha256(path: str | Path) -> str:
    """Return the hex SHA-256 of a file, read in chunks so large files do not fill memory.

    Args:
        path: the file.

    Returns:
        The lower-case hex digest.

    Raises:
        OSError: the file cannot be read, or it is not a regular file (a pipe or a device would never end).
    """
    digest = hashlib.sha256()
    with open_regular_file(Path(path)) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def open_regular_file(path: Path) -> BinaryIO:
    """Open a regular file for reading; refuse pipes, sockets and devices without blocking on them.

    Opening a FIFO for reading waits for a writer forever, and /dev/zero never ends: both hung the run.
    O_NONBLOCK makes the open return at once; the file's type is then checked on the open descriptor, so
    a file swapped for a pipe between a check and the open is refused too.
    """
    nonblock = getattr(os, "O_NONBLOCK", 0)  # POSIX only; Windows has no FIFOs to block on
    fd = os.open(path, os.O_RDONLY | nonblock | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(mode):
            raise _NotRegular(errno.EINVAL, _special_kind(mode), str(path))
        if nonblock:
            os.set_blocking(fd, True)
        return cast(BinaryIO, os.fdopen(fd, "rb"))
    except BaseException:
        os.close(fd)
        raise


class _NotRegular(OSError):
    """A path that is a pipe, socket or device, not a file (strerror says which)."""


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _is_candidate(path: Path) -> bool:
    name = path.name
    if name.startswith(("~$", ".")):  # Office lock files, hidden files
        return False
    if name.lower().endswith(".audited.xlsx"):  # our own output
        return False
    return path.suffix.lower() in SUPPORTED_SUFFIXES


#: The sheets every annotated copy carries (guiapp.evidence.plan_types names them; a test keeps the two equal).
OWN_OUTPUT_SHEETS = ("Findings", "Audit manifest")
_SHEET_NAME = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")


def is_annotated_copy(path: Path) -> bool:
    """Whether a workbook is an annotated copy this tool wrote (it has the Findings and Audit manifest sheets).

    Recognised by content, not by name: a copy renamed from x.audited.xlsx to x.xlsx is still left out of a
    folder's BOMs, so a second run does not screen the first run's outputs. Only the workbook part's sheet
    list is read.
    """
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return False
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.NameToInfo.get("xl/workbook.xml")
            if info is None or info.file_size > 1 << 20:
                return False
            names = [n.decode("utf-8", "replace") for n in _SHEET_NAME.findall(zf.read(info))]
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError):
        return False
    return all(any(n.startswith(sheet) for n in names) for sheet in OWN_OUTPUT_SHEETS)


def iter_bom_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into the BOM files to read.

    Files given directly are kept whatever their suffix (the reader then says clearly if one is not a
    spreadsheet); folders are searched recursively for supported suffixes, skipping Office lock files
    (~$*), hidden files and folders, pipes and devices, and our own outputs (*.audited.xlsx, and annotated
    copies under any name: see is_annotated_copy). A folder (or
    subfolder) that cannot be listed is returned itself, so that reading it reports it as not screened
    instead of leaving it out without a word.

    Args:
        paths: files and folders, e.g. from a drop or the command line.

    Returns:
        Sorted, de-duplicated paths.
    """
    found: set[Path] = set()
    for item in paths:
        path = Path(item)
        if path.is_dir():
            unlisted: list[Path] = []

            def note(exc: OSError, unlisted: list[Path] = unlisted, top: Path = path) -> None:
                unlisted.append(Path(exc.filename) if exc.filename else top)

            for root, dirs, names in os.walk(path, onerror=note):
                dirs[:] = [d for d in dirs if not d.startswith(".")]  # hidden folders (.git, .venv...)
                for name in names:
                    child = Path(root, name)
                    try:
                        regular = stat.S_ISREG(child.stat().st_mode)
                    except OSError:
                        regular = True  # a broken link or a vanished file: the reader says which
                    if regular and _is_candidate(child) and not is_annotated_copy(child):
                        found.add(child)
            found.update(unlisted)
        else:
            found.add(path)
    return sorted(found)


# ---------------------------------------------------------------------------------------------------
# Format sniffing


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


def _looks_binary(head: bytes) -> bool:
    """Whether leading bytes are binary rather than text in some encoding."""
    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if _utf16_without_bom(head):
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.02


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied: check the file's permissions or close the program that locks it"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(exc, _NotRegular):
        return f"is {exc.strerror}, not a file: only files are screened"
    if exc.errno == errno.EINVAL:
        # Readers seek to offsets stored in the file; a damaged file gives impossible ones.
        return "damaged file (its internal offsets are invalid): ask the sender for a fresh copy"
    return f"could not be read ({exc.strerror or exc}): check the disk or network drive"


# ---------------------------------------------------------------------------------------------------
# Entry point


_HTML_START = re.compile(
    r"<(?:!doctype html|html|head|body|meta|table|style|title|!--|\?xml[^>]*>\s*<(?:!doctype html|html))"
)


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
    # Only a file that starts as markup is a web page: a CSV with an HTML table inside one cell is still a
    # CSV (reading it as HTML read that one table, found nothing, and called the file clear).
    if _HTML_START.match(lowered):
        return "html"
    return "text"


def _read_content(
    path: Path,
    bom: Bom,
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
    on_texts: TextSink | None,
) -> None:
    with open_regular_file(path) as fh:
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
            _read_workbook(path, bom, progress, cancel, on_texts)
        except python_calamine.CalamineError as exc:
            raise BomReadError(path, _calamine_reason(exc, bom.format)) from None
        return
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise BomReadError(
            path,
            f"{size / 1024**3:,.1f} GB of text, more than {MAX_TEXT_BYTES // 1024**3} GB: split the BOM into smaller files",
        )
    with open_regular_file(path) as fh:
        data = fh.read(MAX_TEXT_BYTES + 1)
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


def _warn_long_cells(bom: Bom) -> None:
    """Warn about cells longer than a spreadsheet cell holds: the annotated copy (a new .xlsx) cuts them."""
    for sheet in bom.sheets:
        long = [
            (i, j, len(v))
            for i, row in enumerate(sheet.rows)
            if max(map(len, row), default=0) > CELL_LIMIT
            for j, v in enumerate(row)
            if len(v) > CELL_LIMIT
        ]
        if not long:
            continue
        i, j, n = long[0]
        more = f" and {len(long) - 1} more" if len(long) > 1 else ""
        bom.warnings.append(
            f"sheet '{_shown(sheet.name)}': cell {column_letter(sheet.first_col + j)}{sheet.first_row + i} holds "
            f"{n:,} characters{more}, more than the {CELL_LIMIT:,} a spreadsheet cell keeps: the annotated copy "
            f"shows the first {CELL_LIMIT:,}; the whole text is screened, and kept in the Findings sheet and the report"
        )


def _identity(path: Path) -> tuple[int, int, int, int]:
    """What changes whenever a file's bytes do: inode, size, modification and status-change times.

    The status-change time cannot be set back by a program (unlike the modification time), so equal
    identities before and after a read mean the bytes hashed are the bytes read.
    """
    st = path.stat()
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _refuse_folder(path: Path) -> None:
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        raise BomReadError(
            path,
            f"a folder that could not be listed ({exc.strerror or exc}): the BOMs in it were not screened; "
            "check its permissions",
        ) from None
    raise BomReadError(path, "is a folder, not a file")


def read_bom(
    path: str | Path,
    *,
    header_row: int | None = None,
    column_overrides: dict[str, list[str]] | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    on_texts: TextSink | None = None,
) -> Bom:
    """Read a BOM file into sheets of cell text, each with its column mapping.

    Args:
        path: the file; its real format is taken from its content, not its suffix.
        header_row: force this 1-based header row on every sheet (roles are detected on it).
        column_overrides: role -> header texts or column letters for that role, replacing detection.
        progress: called as progress(done, total, message) per sheet.
        cancel: checked between sheets and every 10,000 rows.
        on_texts: given batches of the workbook's cell texts while calamine parses its sheets (xlsx and
            xlsm, on a machine with two cores or more; see ingest/prefetch.py), a guess of what will be
            free text for work that can start before the cells arrive.

    Returns:
        The Bom with every sheet (hidden ones included) and warnings for a person.

    Raises:
        BomReadError: the file cannot be read; the reason is one line saying what to do.
        Cancelled: cancel was set.
    """
    path = Path(path)
    try:
        if path.is_dir():
            _refuse_folder(path)
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise BomReadError(path, f"is {_special_kind(mode)}, not a file: only files are screened")
        if path.stat().st_size == 0:
            raise BomReadError(path, "file is empty")
        before = _identity(path)
        bom = Bom(path=path, sha256=file_sha256(path), format="")
        _read_content(path, bom, progress, cancel, on_texts)
        if _identity(path) != before:
            # The hash recorded in the evidence must be of the bytes screened: a file written to while it was
            # hashed or read (an export still saving, a sync client) is neither.
            raise BomReadError(
                path,
                "changed while it was being read (another program is writing it?): screen it again once it is "
                "complete",
            )
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
    if bom.format not in ("xlsx", "xlsm"):  # Excel cannot save a longer cell: an .xlsx copy is patched as is
        _warn_long_cells(bom)
    for sheet in bom.sheets:
        if sheet.hidden:
            bom.warnings.append(f"sheet '{_shown(sheet.name)}' is hidden")
    _apply_mappings(bom, header_row, column_overrides)
    if progress is not None:
        progress(len(bom.sheets), len(bom.sheets), "done")
    return bom
