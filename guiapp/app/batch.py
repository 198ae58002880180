"""Screen, annotate and report several files: one run for the CLI's `screen`, the batch dialog and scripts.

:func:`screen_files` is the whole flow for a list of files: screen each with a :class:`Screener`, carry a
previous audit's decisions over, export each annotated copy, then write the report and the batch summary.
:func:`run_batch` is the same for every BOM under a folder. One file's failure (unreadable, export refused) is
recorded and the run goes on; a cancel stops before the next file (copies already written stay).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from guiapp.app.export import export_copy, plan_copies
from guiapp.app.previous import carry_previous
from guiapp.evidence.entries import entry_evidence
from guiapp.evidence.export import FarDisclosure, far_disclosures
from guiapp.evidence.report import build_report_html, write_html_report, write_pdf
from guiapp.evidence.summary import SUMMARY_NAME, write_batch_summary
from guiapp.ingest.reading import iter_bom_files
from guiapp.model import Cancelled, CancelToken, Decision, FileResult, RunInfo
from guiapp.review.carryover import AuditDiff
from guiapp.review.history import HistoryEntry
from guiapp.review.identity import fingerprint_for, utc_now
from guiapp.review.memory import DecisionMemory, Suggestion
from guiapp.review.session import AuditFileError
from guiapp.settings import remove_stale_temp_files

if TYPE_CHECKING:
    from guiapp.app.screener import Screener
    from guiapp.evidence.report import PdfRenderer

HitKey = tuple[str, int, str, str]
log = logging.getLogger(__name__)

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
    """What a run screened and wrote, and what went wrong.

    Attributes:
        files: each file's state, in order.
        results: one per file (errors included), in order.
        exports: str(input path) -> its annotated copy ("" when the export failed).
        decisions: file SHA-256 -> Hit.key -> the decision exported.
        diffs: file SHA-256 -> changes since the previous audit.
        summary: the batch summary workbook, when written.
        reports: the report files written (HTML first, then PDF).
        errors: one message per failure (a file, an export, the report or the summary).
        warnings: problems that did not stop anything (e.g. no PDF engine).
        cancelled: the run was cancelled.
        run: the run identity, taken when screening started.
        suggestions: file SHA-256 -> Hit.key -> what decision memory suggests (never a decision).
    """

    files: list[BatchFile]
    results: list[FileResult] = field(default_factory=list)
    exports: dict[str, str] = field(default_factory=dict)
    decisions: dict[str, dict[HitKey, Decision]] = field(default_factory=dict)
    diffs: dict[str, AuditDiff] = field(default_factory=dict)
    summary: Path | None = None
    reports: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False
    run: RunInfo | None = None
    suggestions: dict[str, dict[HitKey, Suggestion]] = field(default_factory=dict)


def find_boms(folder: Path, out_dir: Path | None = None) -> list[Path]:
    """The BOM files under folder (the reader's rules), leaving out the output folder and earlier summaries."""
    # Summaries of earlier runs kept under the folder are outputs, not BOMs (annotated copies the reader skips).
    files = [p for p in iter_bom_files([folder]) if p.name.casefold() != SUMMARY_NAME]
    if out_dir is None:
        return files
    out = out_dir.resolve()
    return [p for p in files if not p.resolve().is_relative_to(out)]


def plan_outputs(paths: Sequence[Path], out_dir: Path) -> dict[Path, Path]:
    """Each input's annotated copy in out_dir, never the batch summary's name (see app.export.plan_copies)."""
    return plan_copies(paths, out_dir, reserved=frozenset({SUMMARY_NAME}))


@dataclass
class _Run:
    """The state of one screen_files call, shared by its steps."""

    screener: Screener
    out_dir: Path | None
    run: RunInfo
    outcome: BatchOutcome
    targets: dict[Path, Path]
    decisions_for: Callable[[FileResult, Mapping[str, str]], Mapping[HitKey, Decision]] | None
    previous: Path | None
    far: dict[str, list[FarDisclosure]]
    want_far: bool
    keep_cells: bool
    memory: DecisionMemory | None
    on_file: Callable[[int, BatchFile], None] | None
    cancel: CancelToken

    def changed(self, i: int) -> None:
        if self.on_file is not None:
            self.on_file(i, replace(self.outcome.files[i]))

    def one(self, i: int) -> None:
        """Screen, carry over and export file i."""
        f = self.outcome.files[i]
        f.status = "screening"
        self.changed(i)
        try:
            result = self.screener.screen(f.path, cancel=self.cancel)
        except Cancelled:
            raise
        except Exception as exc:  # one bad file never stops the run
            log.exception("screening %s failed", f.path)
            result = FileResult(path=f.path, status="error", error=f"{f.path.name}: {exc}")
        self.outcome.results.append(result)
        if not result.ok:
            f.status, f.message = "error", result.error or "could not be read"
            self.outcome.errors.append(f.message)
            self.changed(i)
            return
        decisions = dict(self.decisions_for(result, self.screener.fingerprints)) if self.decisions_for else {}
        diff = None
        if self.previous is not None:
            try:
                carried, diff = carry_previous(self.previous, result, self.screener, current=decisions)
            except (AuditFileError, OSError) as exc:
                f.status, f.message = "error", str(exc)
                self.outcome.errors.append(f.message)
                self.changed(i)
                return
            # The copy's History says how each carried decision got there, as the window's does.
            now = utc_now()
            carried = {
                key: replace(
                    d,
                    history=(
                        HistoryEntry(
                            1, (result.sha256, key), "carried over", None, d, self.run.reviewer, now
                        ).text(),
                    ),
                )
                for key, d in carried.items()
            }
            decisions = {**carried, **decisions}
            self.outcome.diffs[result.sha256] = diff
        self.outcome.decisions[result.sha256] = decisions
        if self.memory is not None:
            offered = {
                h.key: s
                for h in result.hits
                if h.key not in decisions
                and (
                    s := self.memory.lookup(
                        h, fingerprint_for(h.match, self.screener.fingerprints), result.sha256
                    )
                )
                is not None
            }
            if offered:
                self.outcome.suggestions[result.sha256] = offered
        f.hits = len(result.hits)
        f.open_items = sum(
            1 for h in result.hits if (decisions.get(h.key) or Decision()).status in ("pending", "escalated")
        )
        f.message = "; ".join(result.warnings)
        if self.out_dir is not None:
            f.status = "exporting"
            self.changed(i)
            try:
                f.output = export_copy(
                    result, self.targets[f.path], self.run, decisions, diff=diff, cancel=self.cancel
                )
                self.outcome.exports[str(result.path)] = str(f.output)
            except Cancelled:
                raise
            except Exception as exc:  # ExportError names the file; anything else is still one file's failure
                log.warning("export of %s failed: %s", f.path, exc)
                self.outcome.exports[str(result.path)] = ""
                f.status, f.message = "error", f"export failed: {exc}"
                result.warnings.append(f.message)
                self.outcome.errors.append(f.message)
                self.changed(i)
                return
        if self.want_far:
            # The FAR 52.204-24 lines quote the row's part number and description: taken before the cells go.
            self.far[result.sha256] = far_disclosures(result, decisions)
        if not self.keep_cells:
            # A folder of big BOMs would otherwise be held in memory at once; hits and coverage stay.
            result.bom = None
        f.status = "done"
        self.changed(i)


def screen_files(
    paths: Sequence[Path],
    screener: Screener,
    out_dir: Path | None = None,
    *,
    reviewer: str = "",
    decisions_for: Callable[[FileResult, Mapping[str, str]], Mapping[HitKey, Decision]] | None = None,
    previous: Path | None = None,
    report_stem: str | None = None,
    pdf: PdfRenderer | None = None,
    summary: bool = True,
    keep_cells: bool = False,
    failed: Sequence[FileResult] = (),
    memory: DecisionMemory | None = None,
    on_files: Callable[[list[BatchFile]], None] | None = None,
    on_file: Callable[[int, BatchFile], None] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: CancelToken | None = None,
) -> BatchOutcome:
    """Screen each file; with out_dir, export each annotated copy, then the report and the batch summary.

    Args:
        paths: the BOM files, in order.
        screener: the lists, matcher, options and remembered mappings (app.screener.Screener).
        out_dir: where the copies, the summary and the report go; None: screen only.
        reviewer: recorded in the run identity.
        decisions_for: (result, list fingerprints) -> decisions to export (remembered ones); None: all pending.
        previous: a previous audit (annotated copy) whose decisions carry over to the same findings.
        report_stem: the report's file name without suffix in out_dir; None: no report.
        pdf: also write the report as PDF with this renderer.
        summary: write the batch summary workbook (needs out_dir).
        keep_cells: keep each result's cells (result.bom) after export; by default they are dropped.
        failed: results of inputs that failed before screening (a missing path), reported with the rest.
        memory: decision memory, whose suggestions are reported as suggestions (outcome.suggestions).
        on_files: called once with the files.
        on_file: called as a file changes state (with a copy of its BatchFile).
        progress: progress(done, total, message) over the files.
        cancel: checked between files and inside screening and export.

    Returns:
        The outcome; a cancelled run writes no summary or report.
    """
    t0 = time.perf_counter()
    cancel = cancel or CancelToken()
    files = [BatchFile(Path(p)) for p in paths]
    outcome = BatchOutcome(files, results=list(failed), run=screener.run_info(reviewer))
    outcome.errors.extend(r.error for r in failed)
    if on_files is not None:
        on_files([replace(f) for f in files])
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        for stale in remove_stale_temp_files(out_dir):  # left by a run that was killed mid-write
            log.info("removed %s, left by a run that was killed while writing", stale)
    assert outcome.run is not None
    state = _Run(
        screener=screener,
        out_dir=out_dir,
        run=outcome.run,
        outcome=outcome,
        targets=plan_outputs([f.path for f in files], out_dir) if out_dir is not None else {},
        decisions_for=decisions_for,
        previous=previous,
        far={},
        want_far=report_stem is not None,
        keep_cells=keep_cells,
        memory=memory,
        on_file=on_file,
        cancel=cancel,
    )
    log.info(
        "run of %d file(s) started by %r into %s; settings %s",
        len(files),
        reviewer,
        out_dir or "(screen only)",
        screener.options.to_json(),
    )
    try:
        for i, f in enumerate(files):
            cancel.raise_if_cancelled()
            if progress is not None:
                progress(i, len(files), f"Screening {f.path.name} ({i + 1} of {len(files)})…")
            state.one(i)
    except Cancelled:
        outcome.cancelled = True
        for i, f in enumerate(files):
            if f.status in ("waiting", "screening", "exporting"):
                f.status, f.message = "cancelled", "not screened: the batch was cancelled"
                state.changed(i)
        log.info("run cancelled after %.1f s", time.perf_counter() - t0)
        return outcome

    if out_dir is not None:
        if progress is not None:
            progress(len(files), len(files), "Writing the report and the batch summary…")
        if report_stem is not None:
            _write_reports(outcome, out_dir / report_stem, state.far, pdf, state.screener)
        if summary:
            _write_summary(outcome, out_dir)
    log.info(
        "run finished in %.1f s: %d file(s), %d hit(s), %d error(s)",
        time.perf_counter() - t0,
        len(outcome.results),
        sum(len(r.hits) for r in outcome.results),
        len(outcome.errors),
    )
    return outcome


def _write_reports(
    outcome: BatchOutcome,
    base: Path,
    far: Mapping[str, Sequence[FarDisclosure]],
    pdf: PdfRenderer | None,
    screener: Screener,
) -> None:
    """The HTML report, and the PDF beside it; a PDF failure is a warning (the HTML stands on its own)."""
    assert outcome.run is not None
    decisions = {r.sha256: outcome.decisions.get(r.sha256, {}) for r in outcome.results}
    entries = entry_evidence(screener.watchlists, (h for r in outcome.results for h in r.hits))
    copies = {
        r.sha256: Path(outcome.exports[str(r.path)])
        for r in outcome.results
        if outcome.exports.get(str(r.path))
    }
    html = build_report_html(
        outcome.results, outcome.run, decisions, diffs=outcome.diffs, far=far, entries=entries, copies=copies
    )
    try:
        outcome.reports.append(write_html_report(html, base.with_suffix(".html")))
    except OSError as exc:
        outcome.errors.append(f"{base.name}: the report could not be written into {base.parent} ({exc})")
        return
    if pdf is None:
        return
    try:
        outcome.reports.append(write_pdf(html, base.with_suffix(".pdf"), pdf))
    except Exception as exc:  # the PDF engine's failure leaves the HTML report standing
        log.warning("the PDF report could not be written: %s", exc, exc_info=True)
        outcome.warnings.append(f"the PDF report could not be written: {exc}")


def _write_summary(outcome: BatchOutcome, out_dir: Path) -> None:
    assert outcome.run is not None
    report = str(outcome.reports[0]) if outcome.reports else ""
    try:
        outcome.summary = write_batch_summary(
            outcome.results,
            outcome.run,
            out_dir / SUMMARY_NAME,
            exports=outcome.exports,
            reports={str(r.path): report for r in outcome.results} if report else None,
            decisions=outcome.decisions,
        )
    except OSError as exc:
        outcome.errors.append(f"{SUMMARY_NAME}: could not be written ({exc.strerror or exc})")


def run_batch(
    folder: Path,
    out_dir: Path,
    *,
    load_screener: Callable[[], Screener],
    on_files: Callable[[list[BatchFile]], None] | None = None,
    **kwargs,
) -> BatchOutcome:
    """Screen every BOM under folder into out_dir: copies, ``batch-summary.xlsx`` and ``batch-report``.

    Args:
        folder: searched recursively for BOM files (the output folder is left out).
        out_dir: where everything is written.
        load_screener: () -> Screener (the lists are loaded only when there is a file to screen).
        on_files: called once with the files found.
        kwargs: as for :func:`screen_files` (reviewer, decisions_for, pdf, on_file, progress, cancel...).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = find_boms(folder, out_dir)
    if not paths:
        if on_files is not None:
            on_files([])
        outcome = BatchOutcome([])
        outcome.errors.append(
            f"No BOM files (.xlsx, .xlsm, .xls, .xlsb, .ods, .csv) were found under {folder}."
        )
        return outcome
    kwargs.setdefault("report_stem", REPORT_STEM)
    return screen_files(paths, load_screener(), out_dir, on_files=on_files, **kwargs)
