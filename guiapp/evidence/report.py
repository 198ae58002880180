"""A printable audit report: one standalone HTML page (and a PDF of it) per audit.

The HTML has its CSS inline and loads nothing from outside, so it opens the same way in years; every piece of
BOM text is escaped. The same HTML is laid out by Qt's QTextDocument for the PDF, so it sticks to what that
engine renders (tables with cell padding, simple class styles, page breaks before sections).

The PDF engine comes in as a :data:`PdfRenderer` (Qt's, from guiapp.gui.pdf), so this module imports without Qt.
"""

from __future__ import annotations

import contextlib
import html
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guiapp.evidence.export import (
    DECISION_LABELS,
    DIFF_LABELS,
    METHOD_STATEMENT,
    FarDisclosure,
    far_disclosures,
)
from guiapp.evidence.seal import seal_html, seal_sidecar
from guiapp.model import DECISIONS, Decision, FileResult, Hit, RunInfo, column_letter, printable
from guiapp.settings import atomic_write_bytes, make_shareable, temp_prefix

if TYPE_CHECKING:
    from guiapp.review.carryover import AuditDiff

HitKey = tuple[str, int, str, str]
#: decisions per file: file SHA-256 -> Hit.key -> decision (AuditSession.decisions_for_file gives one file's).
FileDecisions = Mapping[str, Mapping[HitKey, Decision]]

_CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 9pt; color: #111; }
h1 { font-size: 16pt; margin: 0 0 4pt 0; }
h2 { font-size: 12pt; margin: 14pt 0 4pt 0; border-bottom: 1px solid #888; }
h3 { font-size: 10pt; margin: 10pt 0 3pt 0; }
table { border-collapse: collapse; margin: 2pt 0 6pt 0; }
th { background-color: #e8e8e8; text-align: left; font-weight: bold; }
th, td { border: 1px solid #999; padding: 2pt 4pt; vertical-align: top; }
td.num { text-align: right; }
.muted { color: #555; }
.mono { font-family: 'DejaVu Sans Mono', monospace; font-size: 7.5pt; }
.confirmed { background-color: #ff9c9c; }
.pending { background-color: #ffe699; }
.escalated { background-color: #f4b183; }
.false_positive { background-color: #d9d9d9; }
.notscreened { background-color: #ddebf7; }
p.draft { color: #9c0006; background-color: #ffc7ce; padding: 3pt; }
p.method { max-width: 60em; }
@page { size: A4 landscape; margin: 12mm; }
@media print { h2 { page-break-after: avoid; } tr { page-break-inside: avoid; } }
"""


def _e(value: Any) -> str:
    # printable: a file name that is not UTF-8, or a cell holding escape sequences, cannot break the page.
    return html.escape("" if value is None else printable(str(value)), quote=True)


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], classes: Sequence[str] | None = None
) -> str:
    out = ['<table cellspacing="0" cellpadding="3" border="1" width="100%">', "<tr>"]
    out += [f"<th>{_e(h)}</th>" for h in headers]
    out.append("</tr>")
    for i, row in enumerate(rows):
        cls = f' class="{classes[i]}"' if classes and classes[i] else ""
        out.append(f"<tr{cls}>")
        for v in row:
            num = isinstance(v, int | float) and not isinstance(v, bool)
            out.append(f'<td class="num">{_e(v)}</td>' if num else f"<td>{_e(v)}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def _kv(rows: Sequence[tuple[str, Any]]) -> str:
    body = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    return f'<table cellspacing="0" cellpadding="3" border="1">{body}</table>'


def _decision(decisions: FileDecisions, result: FileResult, hit: Hit) -> Decision:
    d = decisions.get(result.sha256, {}).get(hit.key)
    return d if d is not None and d.status in DECISIONS else Decision()


def _label(d: Decision) -> str:
    label = DECISION_LABELS.get(d.status, d.status)
    return f"{label} (remembered)" if d.remembered else label


def _ranges(rows: Sequence[int], limit: int = 60) -> str:
    from guiapp.evidence.manifest import row_ranges

    return row_ranges(list(rows), limit)


def build_report_html(
    results: Sequence[FileResult],
    run: RunInfo,
    decisions: FileDecisions,
    *,
    diffs: Mapping[str, AuditDiff] | None = None,
    generated_at: str = "",
    far: Mapping[str, Sequence[FarDisclosure]] | None = None,
) -> str:
    """Build the audit report as one standalone HTML page.

    Args:
        results: the screened files (files that could not be read are listed with their error).
        run: who ran what, when and how.
        decisions: file SHA-256 -> Hit.key -> decision; missing ones are pending.
        diffs: file SHA-256 -> what changed since the previous audit of that file (guiapp.review.carryover).
        generated_at: ISO 8601 UTC time to print (default: now).
        far: file SHA-256 -> its FAR 52.204-24(e) disclosures, taken while the file's cells were at hand
            (a caller that frees ``FileResult.bom`` after the export passes them here); files not in it are
            worked out from ``FileResult.bom``.

    Returns:
        The HTML text.
    """
    generated_at = generated_at or datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    diffs = diffs or {}
    ok = [r for r in results if r.ok]
    counts: Counter[str] = Counter()
    for r in ok:
        for h in r.hits:
            counts[_decision(decisions, r, h).status] += 1
    open_items = [
        (r, h, d)
        for r in ok
        for h in r.hits
        if (d := _decision(decisions, r, h)).status in ("pending", "escalated")
    ]
    screened = sum(s.rows_screened for r in ok for s in r.sheets)
    not_screened = sum(s.rows_not_screened for r in ok for s in r.sheets)
    title = "BOM screening audit report"
    if len(results) == 1:
        title += f": {results[0].path.name}"
    pending = counts.get("pending", 0)
    if pending:
        # Not final evidence while a hit is undecided: said in the title (the PDF's too) and first thing.
        title = "DRAFT: " + title

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        (
            f'<p class="draft"><b>DRAFT</b>: {pending} of {sum(counts.values())} hits are pending review; '
            "this report is not final evidence until every hit is decided.</p>"
            if pending
            else ""
        ),
        f'<p class="muted">Generated {_e(generated_at)} by {_e(run.tool_name)} {_e(run.tool_version)}; '
        f"screening started {_e(run.started_at)}; reviewer {_e(run.reviewer or 'not recorded')}.</p>",
        "<h2>Summary</h2>",
        _table(
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
                    len(open_items),
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

    parts.append("<h2>Files</h2>")
    parts.append(
        _table(
            [
                "File",
                "SHA-256",
                "Status",
                "Sheets",
                "Rows screened",
                "Rows not screened",
                "Hits",
                "Warnings / error",
            ],
            [
                [
                    r.path.name,
                    r.sha256,
                    "screened" if r.ok else "ERROR",
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
                    _ranges(s.not_screened_rows) if s.not_screened_rows else "",
                ]
            )
            cov_classes.append("notscreened" if s.rows_not_screened else "")
    parts.append(
        _table(
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
        _table(
            ["List", "Version", "Date", "Entities", "Names", "Source", "SHA-256"],
            [[w.name, w.version, w.date, w.entities, w.names, w.source, w.sha256] for w in run.watchlists],
        )
    )
    opts = run.options
    parts.append("<h2>Method</h2>")
    parts.append(
        _kv(
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
    parts.append(f'<p class="method">{_e(METHOD_STATEMENT)}</p>')

    parts.append("<h2>Open items</h2>")
    if open_items:
        parts.append(
            _table(
                [
                    "File",
                    "Sheet",
                    "Row",
                    "Cell text",
                    "Matched entity",
                    "Lists",
                    "Method",
                    "Score",
                    "Decision",
                ],
                [
                    [
                        r.path.name,
                        h.sheet,
                        h.row,
                        h.value,
                        h.match.entity,
                        ", ".join(h.match.lists),
                        h.match.method,
                        round(float(h.match.score), 1),
                        _label(d),
                    ]
                    for r, h, d in open_items
                ],
                [d.status for _, _, d in open_items],
            )
        )
    else:
        parts.append("<p>None: every hit has a final decision.</p>")

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
            _table(
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
        if diff is None:
            continue
        parts.append(
            f'<h2 style="page-break-before: always">Since the previous audit: {_e(r.path.name)}</h2>'
        )
        parts.append(
            _kv(
                [("Previous audit", diff.previous), ("Previous file SHA-256", diff.previous_sha256)]
                + [(label, diff.count(kind)) for kind, label in DIFF_LABELS.items()]
            )
        )
        changes = [line for line in diff.lines if line.kind != "carried"]
        if changes:
            parts.append(
                _table(
                    [
                        "Change",
                        "Sheet",
                        "Row",
                        "Previous row",
                        "Cell text",
                        "Entity",
                        "Previous decision",
                        "Detail",
                    ],
                    [
                        [
                            DIFF_LABELS.get(x.kind, x.kind),
                            x.sheet,
                            x.row,
                            x.old_row if x.old_row is not None else "",
                            x.value,
                            x.entity,
                            _label(x.decision) if x.decision is not None else "",
                            x.detail,
                        ]
                        for x in changes
                    ],
                )
            )

    parts.append('<h2 style="page-break-before: always">Hits and decisions</h2>')
    for r in ok:
        parts.append(f"<h3>{_e(r.path.name)}</h3>")
        if not r.hits:
            parts.append("<p>No hits.</p>")
            continue
        hits = sorted(r.hits, key=lambda h: (h.sheet, h.row, h.column))
        judged = [(h, _decision(decisions, r, h)) for h in hits]
        parts.append(
            _table(
                [
                    "Sheet",
                    "Row",
                    "Col",
                    "Cell text",
                    "Matched entity (parent)",
                    "Lists",
                    "Method",
                    "Score",
                    "Decision",
                    "Note",
                    "Reviewer",
                    "Decided at",
                    "History",
                ],
                [
                    [
                        h.sheet,
                        h.row,
                        h.column,
                        h.value,
                        h.match.entity + (f" ({h.match.parent})" if h.match.parent != h.match.entity else ""),
                        ", ".join(h.match.lists),
                        h.match.method,
                        round(float(h.match.score), 1),
                        _label(d),
                        d.note,
                        d.reviewer,
                        d.time,
                        "; ".join(d.history),
                    ]
                    for h, d in judged
                ],
                [d.status for _, d in judged],
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

    Returns:
        The paths written (HTML first).

    Raises:
        OSError: a file could not be written.
    """
    out_path = Path(out_path)
    text = build_report_html(results, run, decisions, diffs=diffs, far=far)
    written = [write_html_report(text, out_path.with_suffix(".html"))]
    if pdf is not None:
        written.append(write_pdf(text, out_path.with_suffix(".pdf"), pdf))
    return written
