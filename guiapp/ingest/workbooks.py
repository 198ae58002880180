"""Read Excel and OpenDocument workbooks (xlsx, xlsm, xls, xlsb, ods) through calamine into text rows.

Runs the structural guards first, then converts every sheet's cell values to text "as written" (strings
without surrounding whitespace, whole numbers without ".0", booleans as TRUE/FALSE, dates in ISO form),
sheet by sheet and in chunks of rows so cancelling is prompt and memory stays low, and turns calamine's
errors into one line saying what to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

import python_calamine

from guiapp.gcpause import gc_paused
from guiapp.ingest.guards import _scan_sheets, _scan_xlsb_sheets, _SheetScan, _shown
from guiapp.ingest.ods_guard import check_ods
from guiapp.ingest.prefetch import SHARED_STRINGS, cell_texts, worth_prefetching
from guiapp.ingest.xls_guard import check_xls
from guiapp.model import Bom, CancelToken, ProgressCallback, SheetData, TextSink

#: Rows converted between cancel checks (text_tables reads CSV records in the same steps).
_CHUNK_ROWS = 10_000
#: Cells of a column looked at to tell whether its texts repeat.
_SAMPLE = 200
#: Sheet parts smaller than this (about 3,000 rows) are parsed in a few tens of milliseconds: their texts are
#: not handed over during the parse (the helper thread and the second unpacking would cost about as much).
_PREFETCH_MIN_BYTES = 2 * 1024**2


# ---------------------------------------------------------------------------------------------------
# Cell text


def _float_text(value: float) -> str:
    # _convert_column has the same rule inline.
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
    it = iter(raw)
    while True:
        if cancel is not None:
            cancel.raise_if_cancelled()
        chunk = list(itertools.islice(it, _CHUNK_ROWS))
        if not chunk:
            break
        widths = set(map(len, chunk))
        if len(widths) == 1 and 0 not in widths:
            # calamine gives every row of a sheet the same width: convert column by column, so a column of
            # strings (most of a BOM) or of floats is converted by map() in C instead of cell by cell.
            columns = [_convert_column(column, shared) for column in zip(*chunk, strict=True)]
            out.extend(map(list, zip(*columns, strict=True)))
        else:
            out.extend([_convert_column(row, shared) for row in chunk])
        if len(shared) > 4 * _CHUNK_ROWS:
            shared.clear()  # mostly unique texts (part numbers): sharing would only cost memory
    while out and not any(out[-1]):
        out.pop()
    return out


def _convert_column(cells: Sequence[Any], shared: dict[str, str]) -> list[str]:
    """Text of each cell; repeated texts share one string (shared maps a text to its first copy)."""
    kinds = set(map(type, cells))
    if kinds == {str}:
        texts = list(map(str.strip, cells))
        if len(texts) > _SAMPLE and len(set(texts[:_SAMPLE])) > _SAMPLE // 2:
            return texts  # a column of mostly distinct texts (descriptions, part numbers): nothing to share
        return list(map(shared.setdefault, texts, texts))
    if kinds == {float}:
        # (Separate map() passes for whole numbers and for prices measured slower than this one comprehension.)
        return [str(int(c)) if c.is_integer() and -1e16 < c < 1e16 else repr(c) for c in cells]
    # Strings, then floats (calamine gives most numbers as floats) inline; the rest via _cell_text.
    share = shared.setdefault
    return [
        share(t := c.strip(), t)
        if (k := type(c)) is str
        else (str(int(c)) if c.is_integer() and -1e16 < c < 1e16 else repr(c))
        if k is float
        else _cell_text(c)
        for c in cells
    ]


# ---------------------------------------------------------------------------------------------------
# Workbooks via calamine


def _read_workbook(
    path: Path,
    bom: Bom,
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
    on_texts: TextSink | None = None,
) -> None:
    # calamine opens and parses without holding Python's lock. On two cores, for an .xlsx or .xlsm, a helper
    # thread opens the workbook (its shared strings: 0.15 s for a 100,000-row workbook) while the guards scan
    # the sheets, and parses each sheet while its texts go to on_texts.
    helper = bom.format in ("xlsx", "xlsm") and worth_prefetching()
    with ThreadPoolExecutor(1, thread_name_prefix="calamine") if helper else contextlib.nullcontext() as pool:
        opening = pool.submit(_open_calamine, path) if pool is not None and _opens_as_xlsx(path) else None
        try:
            scans = _guard(path, bom, cancel)
        except BaseException:
            if opening is not None:  # the guards refused the file: calamine's opening is thrown away
                with contextlib.suppress(BaseException):
                    opening.result().close()
            raise
        with opening.result() if opening is not None else _open_calamine(path) as wb:
            _read_sheets(wb, path, bom, scans, progress, cancel, pool, on_texts)
    for sheet_data in bom.sheets:
        scan = scans.get(sheet_data.name)
        count = scan.formulas_without_value if scan else 0
        if count:
            sheet_data.formula_cells_without_value = count
            bom.warnings.append(
                f"sheet '{_shown(sheet_data.name)}': {count} formula cells have no saved value (the file was never "
                "recalculated); those cells cannot be screened — open and save it in Excel to fix"
            )


def _guard(path: Path, bom: Bom, cancel: CancelToken | None) -> dict[str, _SheetScan]:
    """Run every structural guard before calamine parses a sheet; the xlsx scans, by sheet name."""
    if bom.format == "xls":
        check_xls(path, cancel)
        return {}
    # Before calamine: it aborts the process on sheets whose cells span too far (see _MAX_SHEET_CELLS).
    # calamine picks its reader by the file's suffix, not by what the zip holds (xlsb parts in a file
    # named .xlsx, worksheet XML in one named .ods), so every guard runs; each looks only at its parts.
    scans = _scan_sheets(path, cancel)
    _scan_xlsb_sheets(path, cancel)
    check_ods(path, cancel)
    return scans


def _opens_as_xlsx(path: Path) -> bool:
    """True when calamine opens the file with its xlsx reader, which reads no sheet until asked.

    Only then may it open the workbook before the guards have looked at the sheets: its reader for .ods
    parses every sheet on opening, and a file of another or no suffix is tried with every reader.
    """
    return _utf8_name(path) and path.suffix in (".xlsx", ".xlsm")  # else opened from its bytes, by content


def _read_sheets(
    wb: python_calamine.CalamineWorkbook,
    path: Path,
    bom: Bom,
    scans: dict[str, _SheetScan],
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
    pool: ThreadPoolExecutor | None,
    on_texts: TextSink | None,
) -> None:
    shared = [SHARED_STRINGS]  # handed over once, with the first sheet
    metadata = list(wb.sheets_metadata)
    total = len(metadata)
    for done, meta in enumerate(metadata):
        if cancel is not None:
            cancel.raise_if_cancelled()
        if progress is not None:
            progress(done, total, f"reading sheet '{meta.name}'")
        hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
        scan = scans.get(meta.name)
        if (
            pool is not None
            and on_texts is not None
            and scan is not None
            and scan.size >= _PREFETCH_MIN_BYTES
        ):
            members = [scan.member, *shared]
            sheet = _parse_handing_texts(pool, wb, meta.name, path, members, on_texts, cancel)
            shared = []
        else:
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
            SheetData(name=meta.name, hidden=hidden, rows=rows, first_row=start[0] + 1, first_col=start[1])
        )


def _parse_handing_texts(
    pool: ThreadPoolExecutor,
    wb: python_calamine.CalamineWorkbook,
    name: str,
    path: Path,
    members: list[str],
    on_texts: TextSink,
    cancel: CancelToken | None,
) -> python_calamine.CalamineSheet:
    """calamine's parse of one sheet in the helper thread; meanwhile its texts go to on_texts.

    calamine parses without holding Python's lock, so the two run on two cores. The texts stop when the
    parse is done (what was not handed over is screened afterwards as usual). The parse cannot be
    interrupted: a cancel (raised by on_texts or between batches) takes effect when it ends, as without this.
    """
    with gc_paused():
        parsed = pool.submit(wb.get_sheet_by_name, name)
        try:
            for batch in cell_texts(path, members, cancel):
                if parsed.done():
                    break
                on_texts(batch)
        finally:
            wait([parsed])
        return parsed.result()


def _open_calamine(path: Path) -> python_calamine.CalamineWorkbook:
    """calamine's workbook; a name that is not UTF-8 (which calamine cannot open by name) is given as a file.

    calamine picks its reader by suffix when given a name and by content when given a file; the guards have
    run for every format, so either is safe.
    """
    if not _utf8_name(path):
        with open(path, "rb") as fh:
            return python_calamine.CalamineWorkbook.from_filelike(fh)
    return python_calamine.CalamineWorkbook.from_path(str(path))


def _utf8_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
