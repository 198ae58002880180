"""Export an annotated copy of a screened workbook as audit evidence.

The export keeps the original sheets, adds status columns to the right of each screened table, highlights the
cells that matched, and appends a ``Findings`` sheet (one row per hit) and an ``Audit manifest`` sheet (file, run,
watchlist and coverage identity). The input file is never written to.

This module is the entry point (:func:`export_annotated`, :func:`default_output_path`,
:class:`ExportError`) and re-exports the names other packages use. The work is split so the workbook-writing
backend can be replaced without touching the annotation logic:

* :func:`~guiapp.evidence.plan.plan_export` turns a :class:`~guiapp.model.FileResult` into an
  :class:`~guiapp.evidence.plan_types.ExportPlan`: plain data saying which cells to add to which sheet, and
  the rows of the new sheets (guiapp.evidence.manifest, guiapp.evidence.far). It knows nothing about openpyxl.
* A writer (guiapp.evidence.writers) writes the plan: for .xlsx/.xlsm input the original package is patched
  (guiapp.evidence.xlsxpatch), falling back to an openpyxl load and save; for every other format (.xls, .xlsb,
  .ods, .csv) a new workbook is built from the cell text the reader produced, at the same row and column
  positions so row numbers still match the original.
* The output is written to a temporary file and renamed into place (guiapp.evidence.atomic_output).

Every string written (original cell text, reasons that quote it, notes) is stored as a text cell, so a cell that
reads ``=HYPERLINK(...)`` can never become a formula or a live link in the export.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from guiapp.evidence import xlsxpatch
from guiapp.evidence.atomic_output import temporary_output
from guiapp.evidence.errors import ExportError
from guiapp.evidence.far import (
    FAR_COLUMNS,
    FAR_SHEET,
    SECTION_889,
    FarDisclosure,
    far_disclosures,
    is_section_889,
)
from guiapp.evidence.manifest import BACKEND_LABELS, DIFF_LABELS, METHOD_STATEMENT
from guiapp.evidence.plan import plan_export, unique_sheet_name
from guiapp.evidence.plan_types import (
    FILLS,
    FINDINGS_COLUMNS,
    FINDINGS_SHEET,
    MANIFEST_SHEET,
    STATUS_CLEAR,
    STATUS_COLUMNS,
    STATUS_NOT_SCREENED,
    ExportPlan,
    PlanCell,
    SheetAnnotation,
)
from guiapp.model import DECISION_LABELS, CancelToken, Decision, FileResult, ProgressCallback, RunInfo

if TYPE_CHECKING:
    from guiapp.review.carryover import AuditDiff

__all__ = [
    "BACKEND_LABELS",
    "DECISION_LABELS",
    "DIFF_LABELS",
    "FAR_COLUMNS",
    "FAR_SHEET",
    "FILLS",
    "FINDINGS_COLUMNS",
    "FINDINGS_SHEET",
    "MANIFEST_SHEET",
    "METHOD_STATEMENT",
    "SECTION_889",
    "STATUS_CLEAR",
    "STATUS_COLUMNS",
    "STATUS_NOT_SCREENED",
    "ExportError",
    "ExportPlan",
    "FarDisclosure",
    "PlanCell",
    "SheetAnnotation",
    "default_output_path",
    "export_annotated",
    "far_disclosures",
    "is_section_889",
    "plan_export",
    "unique_sheet_name",
]


# --------------------------------------------------------------------------------------------------------------
# Public entry points


def default_output_path(input_path: Path, out_dir: Path | None = None) -> Path:
    """Return where the annotated copy of ``input_path`` goes by default.

    The copy is ``<stem>.audited.xlsx`` in ``out_dir`` (or beside the input). A macro workbook (.xlsm) gives
    ``<stem>.audited.xlsm``: its macros are kept in the copy, and Excel refuses to open a workbook with macros
    under an .xlsx name.

    Args:
        input_path: the BOM file.
        out_dir: the folder for the copy; None for the input's folder.

    Returns:
        The output path.
    """
    input_path = Path(input_path)
    suffix = ".xlsm" if input_path.suffix.lower() == ".xlsm" else ".xlsx"
    folder = Path(out_dir) if out_dir is not None else input_path.parent
    return folder / f"{input_path.stem}.audited{suffix}"


def _is_same_file(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
    except OSError:
        pass
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _sha256_stream(fh: IO[bytes]) -> str:
    h = hashlib.sha256()
    while chunk := fh.read(1 << 20):
        h.update(chunk)
    return h.hexdigest()


def _save_workbook(
    source: IO[bytes],
    keep_vba: bool,
    result: FileResult,
    run: RunInfo,
    decisions: Mapping[tuple, Decision] | None,
    exported_at: str,
    notes: list[str],
    out: IO[bytes],
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
    backend: str,
    diff: AuditDiff | None = None,
) -> None:
    """Write an .xlsx/.xlsm copy with the chosen backend; "auto" falls back from the XML patch to openpyxl."""
    from guiapp.evidence import writers  # openpyxl loads only when a copy is written

    if backend != "openpyxl":
        source.seek(0)
        try:
            writers.save_xml_patch(
                source,
                keep_vba,
                result,
                run,
                decisions,
                exported_at,
                list(notes),
                out,
                progress,
                cancel,
                diff,
            )
            return
        except xlsxpatch.PatchUnsupported as exc:
            if backend != "auto":
                raise ExportError(f"{result.path.name}: cannot be patched in place ({exc})") from exc
            out.seek(0)
            out.truncate()
            notes.append(f"The workbook could not be patched in place ({exc}); openpyxl wrote this copy.")
    source.seek(0)
    writers.save_openpyxl(
        source, keep_vba, result, run, decisions, exported_at, notes, out, progress, cancel, diff
    )


def export_annotated(
    result: FileResult,
    out_path: Path,
    run: RunInfo,
    decisions: Mapping[tuple, Decision] | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    overwrite: bool = True,
    backend: str = "auto",
    diff: AuditDiff | None = None,
) -> Path:
    """Write an annotated copy of a screened BOM as audit evidence.

    The copy keeps the original sheets and adds, per screened sheet, status columns one blank column to the
    right of the table (Status, Matched entity, Parent, List(s), Method, Score, Reason, Note, Reviewer, Decided
    at), a fill by decision on the cells that matched and on their status cells, a ``Findings`` sheet and an
    ``Audit manifest`` sheet. A row with several hits shows the one that most needs attention (confirmed, then
    escalated, pending, false positive; then the highest score) and says how many more the Findings list.

    .xlsx/.xlsm inputs are copied with their formatting and hidden sheets (an .xlsm keeps its macros when the
    output name ends in .xlsm, see :func:`default_output_path`); other formats are rebuilt from the cell text
    as read. The output is written to a temporary file in its folder and renamed into place, so an earlier
    export survives a failed one.

    Args:
        result: the screened file (``result.bom`` set, status "ok").
        out_path: where to write; .xlsx, or .xlsm for an .xlsm input.
        run: run identity recorded in the manifest.
        decisions: review decisions keyed by ``Hit.key``; missing keys are pending.
        progress: called as progress(done, total, message) per sheet.
        cancel: checked between sheets and chunks of rows; raises Cancelled, leaving nothing behind.
        overwrite: replace an existing output (default); when False an existing output raises ExportError.
        backend: for .xlsx/.xlsm input, "auto" (XML patch, falling back to openpyxl when the workbook cannot
            be patched), "xml-patch" (no fallback) or "openpyxl". The manifest records which one wrote it.
        diff: what changed since a previous audit (:func:`guiapp.review.carryover.carry_over`), shown in the manifest.

    Returns:
        The path written.

    Raises:
        ExportError: a one-line message naming the file and what to do.
        Cancelled: when ``cancel`` was cancelled.
    """
    from guiapp.evidence import writers  # openpyxl loads only when a copy is written

    out_path = Path(out_path)
    name = result.path.name
    bom = result.bom
    if not result.ok or bom is None:
        raise ExportError(
            f"{name}: was not screened ({result.error or 'no data'}); screen it before exporting"
        )
    for original in {result.path, bom.path}:
        if _is_same_file(out_path, original):
            raise ExportError(f"{out_path.name}: is the input file; choose another output name or folder")
    if not overwrite and out_path.exists():
        raise ExportError(f"{out_path.name}: already exists; choose another name or allow overwriting")

    fmt = (bom.format or result.path.suffix.lstrip(".")).lower()
    out_suffix = out_path.suffix.lower()
    if out_suffix not in (".xlsx", ".xlsm"):
        raise ExportError(f"{out_path.name}: the annotated copy is an Excel workbook; name it .xlsx")
    if out_suffix == ".xlsm" and fmt != "xlsm":
        raise ExportError(
            f"{out_path.name}: only a macro workbook (.xlsm) can be exported as .xlsm; use .xlsx"
        )

    exported_at = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    notes: list[str] = []
    with contextlib.ExitStack() as stack:
        source: IO[bytes] | None = None
        if fmt in ("xlsx", "xlsm"):
            # The file is hashed and then read through the same open handle, in chunks: the bytes exported
            # are the bytes checked, and memory does not grow with the file.
            try:
                source = stack.enter_context(result.path.open("rb"))
                digest = _sha256_stream(source)
            except FileNotFoundError as exc:
                raise ExportError(f"{name}: the input file is gone; put it back or open it again") from exc
            except OSError as exc:
                raise ExportError(
                    f"{name}: cannot be read ({exc.strerror or exc}); close it or check access"
                ) from exc
            expected = result.sha256 or bom.sha256
            if expected and digest != expected:
                raise ExportError(f"{name}: changed since it was screened; screen it again before exporting")
            if fmt == "xlsm" and out_suffix == ".xlsx":
                notes.append("Macros of the original were not kept: the copy is named .xlsx.")

        with temporary_output(out_path) as fh:
            if source is not None:
                keep_vba = fmt == "xlsm" and out_suffix == ".xlsm"
                _save_workbook(
                    source,
                    keep_vba,
                    result,
                    run,
                    decisions,
                    exported_at,
                    notes,
                    fh,
                    progress,
                    cancel,
                    backend,
                    diff,
                )
            else:
                writers.save_rebuilt(result, run, decisions, exported_at, notes, fh, progress, cancel, diff)
    if progress is not None:
        progress(1, 1, f"Exported {out_path.name}")
    return out_path
