"""Batch runs: every BOM under a folder screened and annotated (run_batch), and the summary workbook.

A folder of BOMs is screened file by file (``screening.screen_paths``), each annotated copy is exported on
its own; this workbook is the index an auditor opens first: which files were read, which failed and why,
how many rows were and were not screened, the hits per list, and where each annotated copy is.
"""

from __future__ import annotations

import io
import logging
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from guiapp.evidence.export import FILLS, METHOD_STATEMENT
from guiapp.model import DECISIONS, Cancelled, CancelToken, Decision, FileResult, RunInfo, ScreenOptions
from guiapp.settings import atomic_write_bytes

if TYPE_CHECKING:
    from guiapp.evidence.report import PdfRenderer

HitKey = tuple[str, int, str, str]
log = logging.getLogger(__name__)

SUMMARY_SHEET = "Files"
RUN_SHEET = "Run"
#: Fixed columns of the Files sheet; one "Hits: <list>" column per list code follows "Review-level hits".
BASE_COLUMNS: tuple[str, ...] = (
    "File",
    "Path",
    "SHA-256",
    "Status",
    "Sheets",
    "Rows screened",
    "Rows not screened",
    "Hits",
    "Open items",
    "Confirmed",
    "Review-level hits",
)
TAIL_COLUMNS: tuple[str, ...] = ("Errors and warnings", "Annotated copy", "Report")

_ILLEGAL = str.maketrans({c: "\ufffd" for c in [*range(0, 9), 11, 12, *range(14, 32)]})


def _cell(ws, value, *, bold: bool = False, fill: str | None = None):
    cell = WriteOnlyCell(ws, value=value if not isinstance(value, str) else value.translate(_ILLEGAL)[:32767])
    if isinstance(value, str):
        cell.data_type = "s"  # file names and messages are text, never formulas
    if bold:
        cell.font = Font(bold=True)
    if fill:
        cell.fill = PatternFill(fill_type="solid", start_color=fill, end_color=fill)
    return cell


def _list_code(code: str) -> str:
    return code.split()[0] if code.strip() else code


def write_batch_summary(
    results: Sequence[FileResult],
    run: RunInfo,
    out_path: str | Path,
    *,
    exports: Mapping[str, str] | None = None,
    reports: Mapping[str, str] | None = None,
    decisions: Mapping[str, Mapping[HitKey, Decision]] | None = None,
) -> Path:
    """Write the batch summary workbook.

    Args:
        results: one per file, in the order screened (error results included).
        run: the run identity (tool, time, lists, settings, reviewer).
        out_path: the .xlsx to write (atomically; an earlier file survives a failure).
        exports: str(file path) -> path of its annotated copy ("" when the export failed).
        reports: str(file path) -> path of its report, when one was written per file.
        decisions: file SHA-256 -> Hit.key -> decision (missing: pending).

    Returns:
        The path written.

    Raises:
        OSError: the workbook could not be written.
    """
    out_path = Path(out_path)
    exports = exports or {}
    reports = reports or {}
    decisions = decisions or {}
    codes = sorted({_list_code(c) for r in results for h in r.hits for c in h.match.lists})
    headers = [*BASE_COLUMNS, *(f"Hits: {c}" for c in codes), *TAIL_COLUMNS]

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(SUMMARY_SHEET)
    ws.freeze_panes = "A2"
    widths = [28, 40, 66, 10, 24, 13, 16, 8, 11, 11, 16, *([12] * len(codes)), 60, 40, 40]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(results) + 1}"
    ws.append([_cell(ws, h, bold=True) for h in headers])
    totals: Counter[str] = Counter()
    for r in results:
        file_decisions = decisions.get(r.sha256, {})
        status_of = [(file_decisions.get(h.key) or Decision()).status for h in r.hits]
        by_code = Counter(_list_code(c) for h in r.hits for c in set(h.match.lists))
        export = exports.get(str(r.path))
        messages = [r.error] if not r.ok else list(r.warnings)
        if export == "":
            messages.append("the annotated copy could not be written")
        status = "screened" if r.ok else "error"
        open_items = sum(1 for s in status_of if s in ("pending", "escalated"))
        confirmed = sum(1 for s in status_of if s == "confirmed")
        row = [
            _cell(ws, r.path.name),
            _cell(ws, str(r.path)),
            _cell(ws, r.sha256),
            _cell(ws, status, fill=None if r.ok else FILLS["confirmed"]),
            _cell(ws, ", ".join(s.name for s in r.sheets)),
            sum(s.rows_screened for s in r.sheets),
            _cell(
                ws,
                sum(s.rows_not_screened for s in r.sheets),
                fill=FILLS["not_screened"] if any(s.rows_not_screened for s in r.sheets) else None,
            ),
            len(r.hits),
            _cell(ws, open_items, fill=FILLS["pending"] if open_items else None),
            _cell(ws, confirmed, fill=FILLS["confirmed"] if confirmed else None),
            sum(1 for h in r.hits if h.match.review),
            *[by_code.get(c, 0) for c in codes],
            _cell(ws, "; ".join(m for m in messages if m)),
            _cell(ws, export or ""),
            _cell(ws, reports.get(str(r.path), "")),
        ]
        ws.append(row)
        totals["files"] += 1
        totals["errors"] += 0 if r.ok else 1
        totals["hits"] += len(r.hits)
        totals["open"] += open_items

    info = wb.create_sheet(RUN_SHEET)
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 70
    for c in "CDEFG":
        info.column_dimensions[c].width = 18
    written_at = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    for key, value in (
        ("Written at (UTC)", written_at),
        ("Tool", f"{run.tool_name} {run.tool_version}"),
        ("Screening started at (UTC)", run.started_at),
        ("Reviewer", run.reviewer),
        ("Files", totals["files"]),
        ("Files that could not be screened", totals["errors"]),
        ("Hits", totals["hits"]),
        ("Open items (pending or escalated)", totals["open"]),
        ("Fuzzy threshold", run.options.threshold),
        ("Roles screened", ", ".join(run.options.roles)),
    ):
        info.append([_cell(info, key, bold=True), _cell(info, value) if isinstance(value, str) else value])
    info.append([])
    info.append(
        [_cell(info, h, bold=True) for h in ("List", "Version", "Date", "SHA-256", "Entities", "Source")]
    )
    for w in run.watchlists:
        info.append([_cell(info, w.name), _cell(info, w.version), _cell(info, w.date), _cell(info, w.sha256),
                     w.entities, _cell(info, w.source)])  # fmt: skip
    info.append([])
    info.append([_cell(info, "Method", bold=True), _cell(info, METHOD_STATEMENT)])
    info.append(
        [_cell(info, "Decisions", bold=True), _cell(info, ", ".join(DECISIONS) + " (missing: pending)")]
    )

    buf = io.BytesIO()
    wb.save(buf)
    atomic_write_bytes(out_path, buf.getvalue(), shareable=True)
    return out_path


SUMMARY_NAME = "batch-summary.xlsx"
REPORT_STEM = "batch-report"


@dataclass
class BatchFile:
    """One file of a batch and how far it got."""

    path: Path
    status: str = "waiting"  # waiting | screening | exporting | done | error | cancelled
    hits: int = 0
    open_items: int = 0
    output: Path | None = None
    message: str = ""


@dataclass
class BatchOutcome:
    """What a batch run wrote and what went wrong."""

    files: list[BatchFile]
    summary: Path | None = None
    reports: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cancelled: bool = False


def plan_outputs(paths: Sequence[Path], out_dir: Path) -> dict[Path, Path]:
    """`<stem>.audited.xlsx` per input in out_dir; numbered when two inputs (in different subfolders) share a stem."""
    from guiapp.evidence.export import default_output_path

    taken: set[str] = {SUMMARY_NAME.casefold()}
    out: dict[Path, Path] = {}
    for p in paths:
        target = default_output_path(p, out_dir)
        n = 2
        while target.name.casefold() in taken or target.resolve() == p.resolve():
            target = out_dir / f"{p.stem}-{n}.audited{target.suffix}"
            n += 1
        taken.add(target.name.casefold())
        out[p] = target
    return out


def find_boms(folder: Path, out_dir: Path | None = None) -> list[Path]:
    """The BOM files under folder (the reader's rules), leaving out the output folder and earlier summaries."""
    from guiapp.ingest.reading import iter_bom_files

    # Summaries of earlier runs kept under the folder are outputs, not BOMs (annotated copies the reader skips).
    files = [p for p in iter_bom_files([folder]) if p.name.casefold() != SUMMARY_NAME]
    if out_dir is None:
        return files
    out = out_dir.resolve()
    return [p for p in files if not p.resolve().is_relative_to(out)]


def run_batch(
    folder: Path,
    out_dir: Path,
    *,
    options: ScreenOptions,
    load_matcher: Callable[[], tuple[list, object]],
    reviewer: str = "",
    decisions_for: Callable[[FileResult, Mapping[str, str]], Mapping[HitKey, Decision]] | None = None,
    pdf: PdfRenderer | None = None,
    on_files: Callable[[list[BatchFile]], None] | None = None,
    on_file: Callable[[int, BatchFile], None] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: CancelToken | None = None,
) -> BatchOutcome:
    """Screen every BOM under folder, write each annotated copy, the batch summary and a report into out_dir.

    One file's failure (unreadable, export refused) is recorded and the batch goes on; a cancel stops
    before the next file (copies already written stay) and writes no summary.

    Args:
        folder: searched recursively for BOM files (the output folder is left out).
        out_dir: where the copies, ``batch-summary.xlsx`` and ``batch-report.html``/``.pdf`` go.
        options: screening options.
        load_matcher: () -> (watchlists, matcher).
        reviewer: recorded in the run identity.
        decisions_for: (result, fingerprints) -> decisions to export (remembered ones); None: all pending.
        pdf: also write the report as PDF with this renderer.
        on_files: called once with the files found.
        on_file: called as a file changes state (with a copy of its BatchFile).
        progress: progress(done, total, message) over the files.
        cancel: checked between files and inside screening and export.

    Returns:
        The outcome.
    """
    from guiapp.app.batch import write_batch_summary
    from guiapp.evidence.export import export_annotated
    from guiapp.evidence.report import write_report
    from guiapp.review.session import watchlist_fingerprints
    from guiapp.screening.screen import make_run_info, screen_file

    cancel = cancel or CancelToken()
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = find_boms(folder, out_dir)
    files = [BatchFile(p) for p in paths]
    if on_files is not None:
        on_files([replace(f) for f in files])
    outcome = BatchOutcome(files)
    if not files:
        outcome.errors.append(
            f"No BOM files (.xlsx, .xlsm, .xls, .xlsb, .ods, .csv) were found under {folder}."
        )
        return outcome

    def changed(i: int) -> None:
        if on_file is not None:
            on_file(i, replace(files[i]))

    watchlists, matcher = load_matcher()
    fingerprints = watchlist_fingerprints(watchlists)
    run = make_run_info(watchlists, options, reviewer)
    targets = plan_outputs(paths, out_dir)
    results: list[FileResult] = []
    exports: dict[str, str] = {}
    decisions: dict[str, Mapping[HitKey, Decision]] = {}
    try:
        for i, f in enumerate(files):
            cancel.raise_if_cancelled()
            if progress is not None:
                progress(i, len(files), f"Screening {f.path.name} ({i + 1} of {len(files)})…")
            f.status = "screening"
            changed(i)
            try:
                result = screen_file(f.path, matcher, options, cancel=cancel)
            except Cancelled:
                raise
            except Exception as exc:  # one bad file never stops the batch
                log.exception("batch: screening %s failed", f.path)
                result = FileResult(path=f.path, status="error", error=f"{f.path.name}: {exc}")
            results.append(result)
            if not result.ok:
                f.status, f.message = "error", result.error or "could not be read"
                outcome.errors.append(f.message)
                changed(i)
                continue
            file_decisions = dict(decisions_for(result, fingerprints)) if decisions_for else {}
            decisions[result.sha256] = file_decisions
            f.hits = len(result.hits)
            f.open_items = sum(
                1
                for h in result.hits
                if (file_decisions.get(h.key) or Decision()).status in ("pending", "escalated")
            )
            f.status = "exporting"
            changed(i)
            try:
                f.output = export_annotated(result, targets[f.path], run, file_decisions, cancel=cancel)
                exports[str(result.path)] = str(f.output)
                f.status = "done"
                f.message = "; ".join(result.warnings)
            except Cancelled:
                raise
            except Exception as exc:  # ExportError names the file; anything else is still one file's failure
                log.warning("batch: export of %s failed: %s", f.path, exc)
                exports[str(result.path)] = ""
                f.status, f.message = "error", f"{exc}"
                outcome.errors.append(f.message)
            changed(i)
    except Cancelled:
        outcome.cancelled = True
        for i, f in enumerate(files):
            if f.status in ("waiting", "screening", "exporting"):
                f.status, f.message = "cancelled", "not screened: the batch was cancelled"
                changed(i)
        return outcome

    if progress is not None:
        progress(len(files), len(files), "Writing the batch summary and report…")
    try:
        outcome.summary = write_batch_summary(
            results, run, out_dir / SUMMARY_NAME, exports=exports, decisions=decisions
        )
    except OSError as exc:
        outcome.errors.append(f"{SUMMARY_NAME}: could not be written ({exc.strerror or exc})")
    try:
        outcome.reports = write_report(results, run, decisions, out_dir / REPORT_STEM, pdf)
    except Exception as exc:  # a report failure must not hide the copies and the summary already written
        log.warning("batch: report failed: %s", exc)
        outcome.errors.append(f"{REPORT_STEM}: could not be written ({exc})")
    return outcome
