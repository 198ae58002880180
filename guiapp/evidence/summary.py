"""The batch summary workbook: the index an auditor opens first after screening a folder of BOMs.

Which files were read, which failed and why, how many rows were and were not screened, the hits per list,
and where each annotated copy and the report are.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from guiapp.evidence.export import FILLS, METHOD_STATEMENT
from guiapp.model import DECISIONS, Decision, FileResult, RunInfo, printable
from guiapp.settings import atomic_write_bytes

HitKey = tuple[str, int, str, str]

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
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    cell = WriteOnlyCell(
        ws, value=value if not isinstance(value, str) else printable(value).translate(_ILLEGAL)[:32767]
    )
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

    # Imported here: a run that writes no summary (screen without --out) never loads openpyxl.
    import openpyxl
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(SUMMARY_SHEET)
    ws.freeze_panes = "A2"
    widths = [28, 40, 66, 10, 24, 13, 16, 8, 11, 11, 16, *([12] * len(codes)), 60, 40, 40]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
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
