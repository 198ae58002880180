"""A printable audit report: one standalone HTML page (and a PDF of it) per audit.

The HTML has its CSS inline and loads nothing from outside, so it opens the same way in years; every piece of
BOM text is escaped. The same HTML is laid out by Qt's QTextDocument for the PDF, so it sticks to what that
engine renders (see guiapp.evidence.report_html); the sections of evidence are built in
guiapp.evidence.report_sections.

The PDF engine comes in as a :data:`PdfRenderer` (Qt's, from guiapp.gui.pdf), so this module imports without Qt.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from guiapp.evidence.entries import EntryEvidence, EntryKey
from guiapp.evidence.far import FarDisclosure, far_disclosures
from guiapp.evidence.manifest import METHOD_STATEMENT, evidence_status, row_ranges
from guiapp.evidence.report_html import RUNNING_HEADER_META, e, kv, stylesheet, table
from guiapp.evidence.report_sections import (
    decision_of,
    diff_section,
    findings_section,
    hashes_section,
    open_items_section,
    signoff_section,
)
from guiapp.evidence.seal import seal_html, seal_sidecar
from guiapp.model import DECISION_LABELS, DECISIONS, Decision, FileResult, RunInfo, column_letter
from guiapp.settings import atomic_write_bytes, make_shareable, temp_prefix

if TYPE_CHECKING:
    from guiapp.review.carryover import AuditDiff

HitKey = tuple[str, int, str, str]
#: decisions per file: file SHA-256 -> Hit.key -> decision (AuditSession.decisions_for_file gives one file's).
FileDecisions = Mapping[str, Mapping[HitKey, Decision]]


def running_header(results: Sequence[FileResult], generated_at: str, pending: int) -> str:
    """The line printed at the top of every page: the BOM (or how many), the date, DRAFT while hits are
    pending, and NOT SCREENED when a file was not (or only partly) screened: neither may read as clear."""
    what = results[0].path.name if len(results) == 1 else f"{len(results)} BOM files"
    line = f"BOM screening audit report · {what} · {generated_at[:10]}"
    unscreened = sum(1 for r in results if r.coverage in ("not screened", "error"))
    partly = sum(1 for r in results if r.coverage == "partly screened")
    if unscreened:
        line = f"NOT SCREENED: {unscreened} file(s) · {line}"
    elif partly:
        line = f"PARTLY SCREENED: {partly} file(s) · {line}"
    return f"DRAFT ({pending} hit(s) pending review) · {line}" if pending else line


def _evidence(result: FileResult, decisions: Mapping[HitKey, Decision]) -> str:
    if result.coverage == "not screened":
        return "Not screened: no row was screened, this is not a clear result"
    status = evidence_status(result, decisions)
    return f"{status}; partly screened" if result.coverage == "partly screened" else status


def build_report_html(
    results: Sequence[FileResult],
    run: RunInfo,
    decisions: FileDecisions,
    *,
    diffs: Mapping[str, AuditDiff] | None = None,
    generated_at: str = "",
    far: Mapping[str, Sequence[FarDisclosure]] | None = None,
    entries: Mapping[EntryKey, EntryEvidence] | None = None,
    copies: Mapping[str, Path] | None = None,
) -> str:
    """Build the audit report as one standalone HTML page.

    The summary comes first, then the hashes, files, coverage, lists, method, open items, FAR disclosure, the
    changes since a previous audit, the findings per matched list entry with that entry's evidence, and the
    sign-off block.

    Args:
        results: the screened files (files that could not be read are listed with their error).
        run: who ran what, when and how.
        decisions: file SHA-256 -> Hit.key -> decision; missing ones are pending.
        diffs: file SHA-256 -> what changed since the previous audit of that file (guiapp.review.carryover).
        generated_at: ISO 8601 UTC time to print (default: now).
        far: file SHA-256 -> its FAR 52.204-24(e) disclosures, taken while the file's cells were at hand
            (a caller that frees ``FileResult.bom`` after the export passes them here); files not in it are
            worked out from ``FileResult.bom``.
        entries: the matched list entries' evidence (:func:`guiapp.evidence.entries.entry_evidence`); an entry
            not in it is reported as not at hand.
        copies: file SHA-256 -> the annotated copy written in the same run, whose SHA-256 the report records.

    Returns:
        The HTML text.
    """
    generated_at = generated_at or datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    diffs = diffs or {}
    entries = entries or {}
    ok = [r for r in results if r.ok]
    counts: Counter[str] = Counter()
    for r in ok:
        file_decisions = decisions.get(r.sha256, {})
        for h in r.hits:
            counts[decision_of(file_decisions, h).status] += 1
    open_count = counts.get("pending", 0) + counts.get("escalated", 0)
    screened = sum(s.rows_screened for r in ok for s in r.sheets)
    not_screened = sum(s.rows_not_screened for r in ok for s in r.sheets)
    title = "BOM screening audit report"
    if len(results) == 1:
        title += f": {results[0].path.name}"
    pending = counts.get("pending", 0)
    if pending:
        # Not final evidence while a hit is undecided: said in the title (the PDF's too) and first thing.
        title = "DRAFT: " + title
    header = running_header(results, generated_at, pending)

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta name="{RUNNING_HEADER_META}" content="{e(header)}">',
        f"<title>{e(title)}</title><style>{stylesheet(header)}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        (
            f'<p class="draft"><b>DRAFT</b>: {pending} of {sum(counts.values())} hits are pending review; '
            "this report is not final evidence until every hit is decided.</p>"
            if pending
            else ""
        ),
        f'<p class="muted">Generated {e(generated_at)} by {e(run.tool_name)} {e(run.tool_version)}; '
        f"screening started {e(run.started_at)}; reviewer {e(run.reviewer or 'not recorded')}.</p>",
        "<h2>Summary</h2>",
        table(
            [
                "Files",
                "Hits",
                *[DECISION_LABELS[s] for s in DECISIONS],
                "Open items",
                "Rows screened",
                "Rows not screened",
            ],
            [
                [
                    len(results),
                    sum(counts.values()),
                    *[counts.get(s, 0) for s in DECISIONS],
                    open_count,
                    screened,
                    not_screened,
                ]
            ],
        ),
    ]
    errors = [r for r in results if not r.ok]
    if errors:
        parts.append(
            f"<p><b>{len(errors)} file(s) could not be screened</b>; they are not clear (see Files).</p>"
        )
    if not_screened:
        parts.append(
            f"<p>{not_screened} row(s) had content but nothing that could be screened: they are "
            "<b>not screened</b>, which is not the same as clear (see Coverage).</p>"
        )

    parts.append("<h2>Evidence hashes (SHA-256)</h2>")
    parts.append(hashes_section(results, run, copies or {}))
    parts.append(
        '<p class="muted">This report is sealed as well: <span class="mono">bom-auditor-cli verify</span> '
        "checks the HTML page, and the PDF with the .pdf.seal file beside it.</p>"
    )

    parts.append("<h2>Files</h2>")
    parts.append(
        table(
            [
                "File",
                "Status",
                "Evidence",
                "Sheets",
                "Rows screened",
                "Rows not screened",
                "Hits",
                "Warnings / error",
            ],
            [
                [
                    r.path.name,
                    r.coverage if r.ok else "ERROR",
                    _evidence(r, decisions.get(r.sha256, {})) if r.ok else "not screened (error)",
                    ", ".join(s.name for s in r.sheets),
                    sum(s.rows_screened for s in r.sheets),
                    sum(s.rows_not_screened for s in r.sheets),
                    len(r.hits),
                    r.error if not r.ok else "; ".join(r.warnings),
                ]
                for r in results
            ],
        )
    )

    parts.append("<h2>Coverage per sheet</h2>")
    cov_rows = []
    cov_classes = []
    for r in ok:
        for s in r.sheets:
            m = s.mapping
            mapping = "; ".join(
                f"{role}: {', '.join(column_letter(c) for c in cols)}"
                for role, cols in m.columns.items()
                if cols
            )
            cov_rows.append(
                [
                    r.path.name,
                    s.name + (" (hidden)" if s.hidden else ""),
                    m.header_row if m.header_row is not None else "none (free text)",
                    mapping or "none",
                    s.rows_screened,
                    s.rows_not_screened,
                    row_ranges(s.not_screened_rows, 60) if s.not_screened_rows else "",
                ]
            )
            cov_classes.append("notscreened" if s.rows_not_screened else "")
    parts.append(
        table(
            [
                "File",
                "Sheet",
                "Header row",
                "Columns screened",
                "Rows screened",
                "Rows not screened",
                "Not-screened rows",
            ],
            cov_rows,
            cov_classes,
        )
    )

    parts.append("<h2>Lists used</h2>")
    parts.append(
        table(
            ["List", "Version", "Date", "Entities", "Names", "Source", "Imported"],
            [
                [
                    w.name,
                    w.version,
                    w.date,
                    w.entities,
                    w.names,
                    w.source,
                    w.imported_at
                    or ("ships with the app" if w.source == "built-in" else "for this run only"),
                ]
                for w in run.watchlists
            ],
        )
    )
    opts = run.options
    parts.append("<h2>Method</h2>")
    parts.append(
        kv(
            [
                ("Fuzzy threshold", opts.threshold),
                ("Roles screened", ", ".join(opts.roles)),
                ("Header row", opts.header_row if opts.header_row is not None else "detected per sheet"),
                (
                    "Column overrides",
                    "; ".join(f"{k}: {', '.join(v)}" for k, v in opts.column_overrides.items() if v)
                    or "none",
                ),
            ]
        )
    )
    parts.append(f'<p class="method">{e(METHOD_STATEMENT)}</p>')

    parts.append("<h2>Open items</h2>")
    parts.append(open_items_section(ok, decisions))

    far_rows = []
    for r in ok:
        file_decisions = decisions.get(r.sha256, {})
        disclosures = far[r.sha256] if far and r.sha256 in far else far_disclosures(r, file_decisions)
        for f in disclosures:
            far_rows.append(
                [
                    r.path.name,
                    f"{f.sheet} row {f.row}",
                    f.entity + (f" ({f.parent})" if f.parent and f.parent != f.entity else ""),
                    f.brand,
                    f.part_number,
                    f.description,
                    f.decision.note,
                    "",
                ]
            )
    parts.append("<h2>FAR 52.204-24(e) disclosure (confirmed section 889 hits)</h2>")
    if far_rows:
        parts.append(
            table(
                [
                    "File",
                    "Where",
                    "Producing entity",
                    "Brand",
                    "Model or part number",
                    "Item description",
                    "Decision note",
                    "Proposed use",
                ],
                far_rows,
            )
        )
    else:
        parts.append("<p>No confirmed hit on a section 889 covered entity.</p>")

    for r in ok:
        diff = diffs.get(r.sha256)
        if diff is not None:
            parts.append(diff_section(r, diff))

    parts.append("<h2>Findings and decisions, per matched list entry</h2>")
    for r in ok:
        parts.append(f"<h2>{e(r.path.name)}</h2>" if len(ok) > 1 else "")
        parts.append(findings_section(r, decisions.get(r.sha256, {}), entries))
    parts.append(
        signoff_section(
            run,
            open_count,
            pending,
            [r.path.name for r in results if r.coverage in ("not screened", "error")],
            [r.path.name for r in results if r.coverage == "partly screened"],
        )
    )
    parts.append(
        '<p class="muted">A hit is a finding for a person to judge, not a verdict. '
        "The original files were not modified; their SHA-256 identify them.</p></body></html>"
    )
    return "\n".join(parts)


#: Lays the report HTML out as a PDF at the given path (a temporary file beside the final one). The core has
#: no PDF engine of its own; the caller passes one in (the window and the CLI pass guiapp.gui.pdf.render_pdf,
#: which uses Qt), so this module imports without Qt.
PdfRenderer = Callable[[str, Path], None]


def write_pdf(html_text: str, out_path: Path, render: PdfRenderer) -> Path:
    """Write the report HTML as a PDF with ``render``, atomically: a half-written PDF never takes the name.

    Raises:
        OSError: the PDF could not be written.
    """
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(out_path), suffix=".tmp", dir=out_path.parent)
    make_shareable(fd)
    os.close(fd)
    try:
        render(html_text, Path(tmp))
        if not os.path.getsize(tmp):
            raise OSError(f"{out_path.name}: the PDF engine wrote an empty file")
        os.replace(tmp, out_path)
        seal_sidecar(out_path)  # the PDF's bytes, sealed beside it (<name>.pdf.seal)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return out_path


def write_html_report(text: str, path: Path) -> Path:
    """Write the report page atomically, sealed like the copies ('bom-auditor-cli verify' checks it).

    Raises:
        OSError: the file could not be written.
    """
    atomic_write_bytes(path, seal_html(text).encode("utf-8"), shareable=True)
    return path


def write_report(
    results: Sequence[FileResult],
    run: RunInfo,
    decisions: FileDecisions,
    out_path: str | Path,
    pdf: PdfRenderer | None = None,
    *,
    diffs: Mapping[str, AuditDiff] | None = None,
    far: Mapping[str, Sequence[FarDisclosure]] | None = None,
    entries: Mapping[EntryKey, EntryEvidence] | None = None,
    copies: Mapping[str, Path] | None = None,
) -> list[Path]:
    """Write the report as ``<out_path stem>.html`` and, given a PDF renderer, also ``.pdf`` beside it.

    Args:
        results: the screened files.
        run: run identity.
        decisions: file SHA-256 -> Hit.key -> decision.
        out_path: the report path (its suffix is replaced).
        pdf: also write a PDF with this renderer (None: HTML only).
        diffs: file SHA-256 -> changes since the previous audit.
        far: file SHA-256 -> FAR 52.204-24(e) disclosures (see :func:`build_report_html`).
        entries: the matched list entries' evidence (see :func:`build_report_html`).
        copies: file SHA-256 -> its annotated copy written in the same run (see :func:`build_report_html`).

    Returns:
        The paths written (HTML first).

    Raises:
        OSError: a file could not be written.
    """
    out_path = Path(out_path)
    text = build_report_html(results, run, decisions, diffs=diffs, far=far, entries=entries, copies=copies)
    written = [write_html_report(text, out_path.with_suffix(".html"))]
    if pdf is not None:
        written.append(write_pdf(text, out_path.with_suffix(".pdf"), pdf))
    return written
