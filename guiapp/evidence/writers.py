"""The three writers of an annotated .xlsx: XML patch, openpyxl load-and-save, and rebuilt from the cell text.

Each takes the screened file, plans the export for the workbook it writes (guiapp.evidence.plan) and saves it
to an open binary file. :func:`save_xml_patch` copies an .xlsx/.xlsm package and patches it
(guiapp.evidence.xlsxpatch); :func:`save_openpyxl` loads the original with openpyxl and saves it again (the
fallback); :func:`save_rebuilt` builds a new workbook for .xls/.xlsb/.ods/.csv input from the cell text the
reader produced, at the same row and column positions. Strings are always written as text cells, and
openpyxl's temporary files are removed when a save fails.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, TYPE_CHECKING

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.stylesheet import write_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.worksheet import _writer as _openpyxl_writer
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from guiapp.evidence import xlsxpatch
from guiapp.evidence.errors import ExportError
from guiapp.evidence.plan import plan_export, unique_sheet_name
from guiapp.evidence.plan_types import FILLS, STATUS_COLUMNS, ExportPlan, PlanCell, SheetAnnotation
from guiapp.evidence.rebuiltsheet import RowWriter, StyleIdOf, plan_dimension, plan_rows, splice_rows
from guiapp.evidence.typed import TypedSource
from guiapp.evidence.xlsxpackage import CHUNK, zip_info
from guiapp.model import CancelToken, Decision, FileResult, ProgressCallback, RunInfo

if TYPE_CHECKING:
    from guiapp.review.carryover import AuditDiff

#: Excel refuses cells longer than this.
_MAX_CELL_CHARS = 32767
#: Characters XML 1.0 cannot carry (the same set openpyxl refuses).
_ILLEGAL_XML = re.compile(r"[\000-\010\013\014\016-\037\ud800-\udfff\ufffe\uffff]")


# --------------------------------------------------------------------------------------------------------------
# Backend: openpyxl


def _clean_text(value: str) -> str:
    # Characters XML cannot carry would make openpyxl refuse the whole export; show them as U+FFFD instead.
    if _ILLEGAL_XML.search(value):
        value = _ILLEGAL_XML.sub("\ufffd", value)
    return value[:_MAX_CELL_CHARS]


class _Styles:
    """openpyxl style objects for the plan's style keys, built once per export."""

    def __init__(self) -> None:
        self.bold = Font(bold=True)
        self.section = Font(bold=True, size=12)
        self.fills = {k: PatternFill(fill_type="solid", start_color=v, end_color=v) for k, v in FILLS.items()}
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def apply(self, cell, style: str) -> None:
        if not style:
            return
        if style == "header":
            cell.font = self.bold
        elif style == "section":
            cell.font = self.section
        elif style == "wrap":
            cell.alignment = self.wrap
        elif style.startswith("fill:"):
            fill = self.fills.get(style[5:].removesuffix("+wrap"))
            if fill is not None:
                cell.fill = fill
            if style.endswith("+wrap"):
                cell.alignment = self.wrap


def _set_value(cell, value: str | int | float | None) -> None:
    """Set a cell's value; strings always become text cells, never formulas or error values."""
    if isinstance(value, str):
        cell.value = _clean_text(value)
        # openpyxl turns "=..." into a formula and "#N/A" into an error; the cell must stay the text as read.
        cell.data_type = "s"
    else:
        cell.value = value


def _write_plan_rows(ws, rows: list[list[PlanCell]], styles: _Styles) -> None:
    for r, cells in enumerate(rows, start=1):
        for c, pc in enumerate(cells, start=1):
            if pc.value is None and not pc.style:
                continue
            cell = ws.cell(row=r, column=c)
            _set_value(cell, pc.value)
            styles.apply(cell, pc.style)


def _print_setup(ws, name: str, rows: list, widths: list[float], header: bool) -> None:
    """Landscape, the header row on every page, one page wide when narrow enough, "Page N of M" footer.

    The same layout as the XML patch writes (guiapp.evidence.xlsxsheet.new_sheet_xml).
    """
    ws.page_setup.orientation = "landscape"
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.right.text = "Page &P of &N"
    if header:
        ws.print_title_rows = "1:1"
        if xlsxpatch.fits_page_width(xlsxpatch.NewSheet(name, rows, widths, header)):
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0


def _print_with_status(ws, ann: SheetAnnotation) -> None:
    """The print area widened to the status columns and the header row repeated, as the XML patch does
    (guiapp.evidence.xlsxpatch.extend_print_names)."""
    last_col = ann.start_col + len(STATUS_COLUMNS) - 1
    if ws.print_area:
        widened = ",".join(
            xlsxpatch.widened_area(part, ann.start_col, last_col, max(ann.rows, default=0))
            for part in ws.print_area.split(",")
        )
        if widened != ws.print_area:
            ws.print_area = widened
    if ann.header_row is not None and not ws.print_title_rows and not ws.print_title_cols:
        ws.print_title_rows = f"{ann.header_row}:{ann.header_row}"


def _add_new_sheets(wb, plan: ExportPlan, styles: _Styles) -> None:
    for name, rows, widths, header in plan.new_sheets():
        ws = wb.create_sheet(name)
        _write_plan_rows(ws, rows, styles)
        if header:
            last = get_column_letter(max((len(r) for r in rows), default=1))
            ws.auto_filter.ref = f"A1:{last}{max(len(rows), 1)}"
            ws.freeze_panes = "A2"
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        _print_setup(ws, name, rows, widths, header)


def _used_width(ws) -> int:
    """Columns from A to the rightmost cell holding a value or a merged range (ignores empty styled cells)."""
    width = 0
    # ws._cells is the only way to see the stored cells without openpyxl creating every empty one in the
    # max_row x max_column rectangle, which a whole-column format can make 16,384 wide.
    for (_r, c), cell in ws._cells.items():
        if c > width and cell.value is not None:
            width = c
    for rng in ws.merged_cells.ranges:
        width = max(width, rng.max_col)
    return width


def _apply_annotation(ws, ann: SheetAnnotation, styles: _Styles, cancel: CancelToken | None) -> None:
    base = ann.start_col + 1  # openpyxl columns are 1-based
    for i, (row, cells) in enumerate(ann.iter_status()):
        if cancel is not None and i % 5000 == 0:
            cancel.raise_if_cancelled()
        for j, pc in enumerate(cells):
            if pc.value is None:
                continue
            cell = ws.cell(row=row, column=base + j)
            _set_value(cell, pc.value)
            styles.apply(cell, pc.style)
            if j in xlsxpatch.STATUS_WRAP:
                cell.alignment = styles.wrap
    for row, (status, cols) in ann.highlights.items():
        fill = styles.fills.get(status)
        if fill is None:
            continue
        # Only the cells that matched get the fill: the rest of the row keeps its own formatting.
        for c in cols:
            ws.cell(row=row, column=c + 1).fill = fill
        if row != ann.header_row:
            for j in range(1, len(STATUS_COLUMNS)):
                ws.cell(row=row, column=base + j).fill = fill


def save_openpyxl(
    data: IO[bytes],
    keep_vba: bool,
    result: FileResult,
    run: RunInfo,
    decisions: Mapping[tuple, Decision] | None,
    exported_at: str,
    notes: list[str],
    out: IO[bytes],
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
    diff: AuditDiff | None = None,
) -> None:
    """Load the original workbook, add the plan and save it to ``out``."""
    name = result.path.name
    # openpyxl reports what it cannot keep (data validation extensions, slicers...) as warnings; they belong in
    # the manifest, not on a console. catch_warnings is process-wide, which is acceptable for one export.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            wb = openpyxl.load_workbook(
                data, keep_vba=keep_vba, keep_links=False, rich_text=True, data_only=False
            )
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
            raise ExportError(
                f"{name}: cannot be opened as a workbook for export ({exc}); export from a fresh copy"
            ) from exc
    for w in caught:
        notes.append(f"The workbook library could not keep everything: {w.message}")
    notes.append(
        "Charts, images and some extensions of the original workbook may be missing from this copy; "
        "the original file is unchanged."
    )

    sheets = {ws.title: ws for ws in wb.worksheets if isinstance(ws, Worksheet)}
    bom = result.bom
    assert bom is not None
    plan = plan_export(
        result,
        run,
        decisions,
        sheet_names={s.name: s.name for s in bom.sheets if s.name in sheets},
        used_widths={t: _used_width(ws) for t, ws in sheets.items()},
        taken_names=wb.sheetnames,
        exported_at=exported_at,
        notes=notes,
        backend="openpyxl",
        diff=diff,
        cancel=cancel,
    )
    styles = _Styles()
    total = len(plan.annotations) + 2
    for i, ann in enumerate(plan.annotations):
        if progress is not None:
            progress(i, total, f"Annotating sheet {ann.target_name}")
        if cancel is not None:
            cancel.raise_if_cancelled()
        _apply_annotation(sheets[ann.target_name], ann, styles, cancel)
        _print_with_status(sheets[ann.target_name], ann)
    if progress is not None:
        progress(total - 2, total, "Adding findings and manifest")
    _add_new_sheets(wb, plan, styles)
    if cancel is not None:
        cancel.raise_if_cancelled()
    if progress is not None:
        progress(total - 1, total, f"Saving {name}")
    with _openpyxl_temporary_files_removed_on_failure():
        wb.save(out)


# --------------------------------------------------------------------------------------------------------------
# Backend: XML patch (guiapp.evidence.xlsxpatch)


def save_xml_patch(
    data: IO[bytes],
    keep_vba: bool,
    result: FileResult,
    run: RunInfo,
    decisions: Mapping[tuple, Decision] | None,
    exported_at: str,
    notes: list[str],
    out: IO[bytes],
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
    diff: AuditDiff | None = None,
) -> None:
    """Copy the original package and patch the annotated sheets, styles and workbook parts into ``out``.

    Raises:
        PatchUnsupported: the workbook cannot be patched; ``out`` may hold a partial file.
    """
    pkg = xlsxpatch.open_package(data)
    bom = result.bom
    assert bom is not None
    worksheets = {s.name for s in pkg.sheets if s.part}
    screened = {r.name for r in result.sheets if r.rows_screened or r.rows_not_screened} | {
        h.sheet for h in result.hits
    }
    plan = plan_export(
        result,
        run,
        decisions,
        sheet_names={s.name: s.name for s in bom.sheets if s.name in worksheets},
        used_widths={n: _patch_width(pkg, bom, n) for n in screened if n in worksheets},
        taken_names=[s.name for s in pkg.sheets],
        exported_at=exported_at,
        notes=notes,
        backend="xml-patch",
        diff=diff,
        cancel=cancel,
    )
    total = len(plan.annotations) + 3
    step = iter(range(total))

    def report(message: str) -> None:
        if progress is not None:
            progress(next(step, total - 1), total, message)

    xlsxpatch.write_patched(
        pkg,
        plan.annotations,
        _new_sheets(plan),
        out,
        fills=FILLS,
        n_status=len(STATUS_COLUMNS),
        keep_vba=keep_vba,
        progress=report,
        cancel=cancel,
    )


def _patch_width(pkg: xlsxpatch.Package, bom, name: str) -> int:
    """Columns the status columns must clear: merged ranges, and drawings beside the table's rows."""
    sheet = next((s for s in bom.sheets if s.name == name), None)
    width = xlsxpatch.merged_width(pkg, name)
    if sheet is not None and sheet.rows:
        width = max(width, xlsxpatch.drawing_width(pkg, name, max(sheet.first_row - 1, 1), sheet.last_row))
    return width


def _new_sheets(plan: ExportPlan) -> list[xlsxpatch.NewSheet]:
    return [xlsxpatch.NewSheet(*sheet) for sheet in plan.new_sheets()]


# --------------------------------------------------------------------------------------------------------------
# Backend: rebuilt from the cell text (.xls, .xlsb, .ods, .csv)


def _rebuilt_sheet_names(result: FileResult) -> dict[str, str]:
    assert result.bom is not None
    names: dict[str, str] = {}
    for s in result.bom.sheets:
        names[s.name] = unique_sheet_name(s.name, names.values())
    return names


def save_rebuilt(
    result: FileResult,
    run: RunInfo,
    decisions: Mapping[tuple, Decision] | None,
    exported_at: str,
    notes: list[str],
    out: IO[bytes],
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
    diff: AuditDiff | None = None,
) -> None:
    """Build a new workbook from the BOM's cell text plus the plan, and save it to ``out``."""
    bom = result.bom
    assert bom is not None
    names = _rebuilt_sheet_names(result)
    typed = TypedSource(bom, result.sha256 or bom.sha256)
    kept = (
        "numbers, dates and booleans as values, formulas as their saved values"
        if bom.format in ("xls", "xlsb", "ods")
        else "plain numbers and ISO dates as values, everything else as text"
    )
    notes.append(
        f"The original is a .{bom.format} file: its sheets were rebuilt from the cells as read ({kept}; "
        "same rows and columns, no formatting)."
    )
    if typed.note:
        notes.append(typed.note)
    for src, dst in names.items():
        if src != dst:
            notes.append(f"Sheet '{src}' is named '{dst}' in this workbook (Excel does not accept the name).")
    plan = plan_export(
        result,
        run,
        decisions,
        sheet_names=names,
        taken_names=names.values(),
        exported_at=exported_at,
        notes=notes,
        backend="rebuilt",
        diff=diff,
        cancel=cancel,
    )
    styles = _Styles()
    annotations = {a.source_name: a for a in plan.annotations}
    wb = openpyxl.Workbook(write_only=True)
    # openpyxl writes the workbook with every sheet's layout (state, print setup, frozen panes, filter, widths)
    # and no rows; the rows are streamed into its package afterwards (guiapp.evidence.rebuiltsheet). A cancel
    # or a write fault anywhere below leaves sheets half-written: close them and delete their temporary files
    # (see _discard_write_only).
    # Sheet name -> (its rows as XML, made as the package is written; its <dimension> element).
    rows: dict[str, tuple[Iterable[str], bytes]] = {}
    try:
        total = len(bom.sheets) + len(plan.new_sheets()) + 1
        for sheet in bom.sheets:
            if cancel is not None:
                cancel.raise_if_cancelled()
            ws = wb.create_sheet(names[sheet.name])
            if sheet.hidden:
                ws.sheet_state = "hidden"
            ann = annotations.get(sheet.name)
            if ann is not None:
                _print_with_status(ws, ann)
            writer = RowWriter(sheet, ann, _style_ids(ws, styles))
            rows[ws.title] = (writer.rows(typed.rows(sheet), cancel), writer.dimension(len(STATUS_COLUMNS)))
        if progress is not None:
            progress(0, total, "Adding findings and manifest")
        for name, new_rows, widths, header in plan.new_sheets():
            ws = wb.create_sheet(name)
            for i, width in enumerate(widths, start=1):
                ws.column_dimensions[get_column_letter(i)].width = width
            _print_setup(ws, name, new_rows, widths, header)
            if header:
                ws.freeze_panes = "A2"
                last = get_column_letter(max((len(r) for r in new_rows), default=1))
                ws.auto_filter.ref = f"A1:{last}{max(len(new_rows), 1)}"
            rows[ws.title] = (plan_rows(new_rows, _style_ids(ws, styles)), plan_dimension(new_rows))
        if cancel is not None:
            cancel.raise_if_cancelled()

        def report(k: int, name: str) -> None:
            if progress is not None:
                progress(k + 1, total, f"Writing sheet {name}")

        with tempfile.SpooledTemporaryFile(max_size=32 << 20) as skeleton:
            with _openpyxl_temporary_files_removed_on_failure():
                wb.save(skeleton)
            _write_rebuilt_package(skeleton, out, wb, rows, report)
    except BaseException:
        _discard_write_only(wb)
        raise
    finally:
        typed.close()


@contextlib.contextmanager
def _openpyxl_temporary_files_removed_on_failure() -> Iterator[None]:
    """Delete the per-sheet temporary files openpyxl made during a save that failed.

    openpyxl writes each sheet to a file in the system temp folder and deletes it once it is in the archive;
    when the archive write fails (a full disk) the file stays until the program exits, filling the disk further
    in a long session. Uses openpyxl's own registry of those files (private, hence the getattr).
    """
    registry = getattr(_openpyxl_writer, "ALL_TEMP_FILES", None)
    before = set(registry) if isinstance(registry, list) else set()
    try:
        yield
    except BaseException:
        if isinstance(registry, list):
            for path in [p for p in registry if p not in before]:
                with contextlib.suppress(OSError):
                    os.remove(path)
                with contextlib.suppress(ValueError):
                    registry.remove(path)
        raise


def _discard_write_only(wb) -> None:
    """Close and delete the per-sheet temporary files of a write-only workbook whose save failed.

    Left alone, each sheet openpyxl had not saved yet keeps a suspended row writer which, when garbage-collected,
    writes into a file that is already closed (Python prints "Exception ignored ... Traceback" on stderr), and
    its temporary file stays in the system temp folder, on a disk that may be full, until the program exits.
    """
    for ws in wb.worksheets:
        with contextlib.suppress(Exception):
            if not ws.closed:
                ws.close()
        rows = getattr(ws, "_rows", None)
        if rows is not None:
            with contextlib.suppress(Exception):
                rows.close()
        writer = getattr(ws, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.close()
            with contextlib.suppress(Exception):
                writer.cleanup()  # the temporary file of a sheet closed only now


def _style_ids(ws, styles: _Styles) -> StyleIdOf:
    """The cell format index of each style combination the rebuilt rows use, registered with openpyxl.

    A prototype cell is styled the way a written cell would be and its ``style_id`` read: openpyxl then keeps
    the format (and its number format) in the workbook's styles part. RowWriter caches the index per
    combination, so this runs a handful of times per export, not per cell.
    """

    def style_id(style: str, fill: str | None, number_format: str, wrap: bool) -> int:
        cell = WriteOnlyCell(ws)
        styles.apply(cell, style)
        if fill is not None:
            cell.fill = styles.fills[fill]
        if number_format:
            cell.number_format = number_format
        if wrap:
            cell.alignment = styles.wrap
        return cell.style_id

    return style_id


def _write_rebuilt_package(
    skeleton: IO[bytes],
    out: IO[bytes],
    wb,
    sheets: Mapping[str, tuple[Iterable[str], bytes]],
    report: Callable[[int, str], None],
) -> None:
    """Copy the workbook openpyxl saved (``skeleton``, its sheets without rows) to ``out``, streaming the
    rows of every sheet into it.

    ``sheets`` maps a sheet name to its rows (XML text, made as they are written) and its ``<dimension>``.
    The rows register their cell formats with ``wb`` as they are made, so the styles part is rendered again
    from ``wb`` and written last.
    """
    pkg = xlsxpatch.open_package(skeleton)
    parts = {s.part: (s.name, *sheets[s.name]) for s in pkg.sheets if s.name in sheets and s.part}
    with pkg.zf as zf, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zout:
        styles_info = None
        done = 0
        for info in zf.infolist():
            if info.filename == pkg.styles_part:
                styles_info = info
                continue
            target = zip_info(info, info.filename, zipfile.ZIP_DEFLATED)
            got = parts.get(info.filename)
            with zout.open(target, "w") as dst:
                if got is None:
                    with zf.open(info) as src:
                        while chunk := src.read(CHUNK):
                            dst.write(chunk)
                    continue
                name, sheet_rows, dimension = got
                report(done, name)
                done += 1
                for piece in splice_rows(zf.read(info), sheet_rows, dimension):
                    dst.write(piece)
        styles = tostring(write_stylesheet(wb))
        zout.writestr(zip_info(styles_info, pkg.styles_part, zipfile.ZIP_DEFLATED), styles)
