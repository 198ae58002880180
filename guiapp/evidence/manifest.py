"""The rows of the Audit manifest sheet: file, run, watchlist, settings, coverage and method identity.

Holds :func:`manifest_rows`, the labels it records (the kinds of change since a previous audit, how the
workbook was written), the method statement the batch summary repeats, and :func:`row_ranges` that
compresses not-screened row numbers ("3-7, 9, 12-13") for the manifest and the report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING

from guiapp.evidence.far import far_disclosures
from guiapp.evidence.plan_types import PlanCell, SheetAnnotation, decision_label, decision_of
from guiapp.model import DECISION_LABELS, DECISIONS, Decision, FileResult, RunInfo, column_letter, counted

if TYPE_CHECKING:
    from guiapp.review.carryover import AuditDiff

#: Labels of the kinds of change since a previous audit, in the order they are reported.
DIFF_LABELS: dict[str, str] = {
    "new": "New hits",
    "resolved": "Resolved hits (gone since the previous audit)",
    "changed": "Changed list entries (decision not carried over)",
    "carried": "Decisions carried over",
    "unchanged": "Unchanged hits (found again, nothing to carry over)",
}

#: Open items and changes listed in the manifest before the list is cut short (the Findings list all).
_MAX_LISTED = 500
#: Not-screened rows listed in the manifest before the list is cut short.
_MAX_ROW_RANGES = 200

METHOD_STATEMENT = (
    "Each cell of the mapped columns (manufacturer, part number, description, supplier; every text cell on a "
    "sheet without a recognised header) was normalised (case, punctuation, legal-form words, look-alike "
    "characters) and compared with every name, alias and part-number pattern of the watchlists listed above: "
    "exact and alias matches, fuzzy matches at or above the threshold, part-number patterns and descriptions. "
    "A hit is a finding for a person to judge, not a verdict: each one carries the decision, note, reviewer "
    "and time recorded for it; 'Pending' means nobody has judged it yet. Rows marked 'Not screened' had "
    "content but nothing that could be screened, and are not clear. The original file was not modified."
)


#: How the annotated workbook was written, as recorded in the manifest.
BACKEND_LABELS: dict[str, str] = {
    "xml-patch": "XML patch: the original's parts copied byte for byte, annotated sheets and styles patched",
    "openpyxl": "openpyxl load and save (fallback: images, charts and some extensions may be missing)",
    "rebuilt": "rebuilt from the cell text as read (values only)",
}


def row_ranges(rows: list[int], limit: int = _MAX_ROW_RANGES) -> str:
    """Compress sorted row numbers into "3-7, 9, 12-13", cut after ``limit`` ranges."""
    ranges: list[tuple[int, int]] = []
    for r in sorted(set(rows)):
        if ranges and r == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], r)
        else:
            ranges.append((r, r))
    parts = [str(a) if a == b else f"{a}-{b}" for a, b in ranges[:limit]]
    text = ", ".join(parts)
    if len(ranges) > limit:
        left = sum(b - a + 1 for a, b in ranges[limit:])
        text += f", ... and {left} more rows (every one is marked 'Not screened' in its sheet)"
    return text


def pending_hits(result: FileResult, decisions: Mapping[tuple, Decision] | None) -> int:
    """How many hits of a file nobody has decided yet."""
    return sum(1 for h in result.hits if decision_of(h, decisions).status == "pending")


def evidence_status(result: FileResult, decisions: Mapping[tuple, Decision] | None) -> str:
    """'DRAFT' while any hit is pending review, else 'Final'; with the counts, for the manifest and report."""
    pending = pending_hits(result, decisions)
    if pending:
        return f"DRAFT: {pending} of {counted(len(result.hits), 'hit')} pending review"
    if len(result.hits) == 1:
        return "Final: the 1 hit decided"
    return f"Final: all {len(result.hits)} hits decided" if result.hits else "Final: no hits"


def manifest_rows(
    result: FileResult,
    run: RunInfo,
    decisions: Mapping[tuple, Decision] | None,
    exported_at: str,
    annotations: list[SheetAnnotation],
    notes: list[str],
    backend: str = "",
    far_name: str = "",
    diff: AuditDiff | None = None,
) -> list[list[PlanCell]]:
    bom = result.bom
    rows: list[list[PlanCell]] = []

    def section(title: str) -> None:
        if rows:
            rows.append([])
        rows.append([PlanCell(title, "section")])

    def kv(key: str, value: str | int | float | None) -> None:
        rows.append([PlanCell(key, "header"), PlanCell(value)])

    def table(header: list[str], body: list[list[str | int | float | None]]) -> None:
        rows.append([PlanCell(t, "header") for t in header])
        rows.extend([PlanCell(v) for v in r] for r in body)

    section("Evidence status")
    kv("Status", evidence_status(result, decisions))

    section("Input file")
    kv("File name", result.path.name)
    kv("Path", str(result.path))
    kv("SHA-256", result.sha256 or (bom.sha256 if bom else ""))
    kv("Format", bom.format if bom else result.path.suffix.lstrip(".").lower())
    if bom and bom.encoding:
        kv("Encoding", bom.encoding)
    if bom and bom.delimiter:
        kv("Delimiter", repr(bom.delimiter))
    kv("Sheets", ", ".join(s.name for s in bom.sheets) if bom else "")

    section("Run")
    kv("Exported at (UTC)", exported_at)
    if backend:
        kv("Export method", BACKEND_LABELS.get(backend, backend))
    kv("Tool", f"{run.tool_name} {run.tool_version}")
    kv("Screening started at (UTC)", run.started_at)
    kv("Reviewer", run.reviewer)

    section("Watchlists")
    table(
        ["Name", "Version", "Date", "SHA-256", "Entities", "Names", "Source"],
        [[w.name, w.version, w.date, w.sha256, w.entities, w.names, w.source] for w in run.watchlists],
    )

    section("Settings")
    opts = run.options
    kv("Fuzzy threshold", opts.threshold)
    kv("Roles screened", ", ".join(opts.roles))
    kv("Forced header row", opts.header_row if opts.header_row is not None else "detected per sheet")
    overrides = "; ".join(f"{role}: {', '.join(v)}" for role, v in opts.column_overrides.items() if v)
    kv("Column overrides", overrides or "none")

    counts: Counter[str] = Counter()
    per_sheet: dict[str, Counter[str]] = {}
    for h in result.hits:
        status = decision_of(h, decisions).status
        counts[status] += 1
        per_sheet.setdefault(h.sheet, Counter())[status] += 1

    section("Summary")
    kv("Hits", len(result.hits))
    for status in DECISIONS:
        kv(DECISION_LABELS[status], counts.get(status, 0))
    kv("Open items (pending or escalated)", counts.get("pending", 0) + counts.get("escalated", 0))
    kv("Rows screened", sum(s.rows_screened for s in result.sheets))
    kv("Rows not screened", sum(s.rows_not_screened for s in result.sheets))
    by_list: Counter[str] = Counter(code for h in result.hits for code in h.match.lists)
    kv("Hits by list", "; ".join(f"{code}: {n}" for code, n in sorted(by_list.items())) or "none")
    far_count = len(far_disclosures(result, decisions))
    kv(
        "Confirmed section 889 hits",
        f"{far_count} (FAR 52.204-24(e) fields on sheet '{far_name}')" if far_name else "0",
    )

    open_hits = [h for h in result.hits if decision_of(h, decisions).status in ("pending", "escalated")]
    section("Open items")
    if open_hits:
        table(
            ["Sheet", "Row", "Column", "Cell text", "Matched entity", "Lists", "Method", "Score", "Decision"],
            [
                [
                    h.sheet,
                    h.row,
                    h.column,
                    h.value,
                    h.match.entity,
                    ", ".join(h.match.lists),
                    h.match.method,
                    round(float(h.match.score), 1),
                    decision_label(decision_of(h, decisions)),
                ]
                for h in open_hits[:_MAX_LISTED]
            ],
        )
        if len(open_hits) > _MAX_LISTED:
            rows.append([PlanCell(f"... and {len(open_hits) - _MAX_LISTED} more: filter the Findings sheet")])
    else:
        rows.append([PlanCell("none: every hit has a final decision")])

    if diff is not None:
        section("Since the previous audit")
        kv("Previous audit", diff.previous)
        kv("Previous file SHA-256", diff.previous_sha256)
        for kind, label in DIFF_LABELS.items():
            kv(label, diff.count(kind))
        # Every kind is listed, carried decisions too (row, decision, reviewer, source): the Findings sheet
        # holds the rest when the list is cut short.
        listed = diff.lines[:_MAX_LISTED]
        if listed:
            table(
                [
                    "Change",
                    "Sheet",
                    "Row",
                    "Previous row",
                    "Column",
                    "Cell text",
                    "Entity",
                    "Decision",
                    "Reviewer",
                    "Decided at",
                    "Detail",
                ],
                [
                    [
                        DIFF_LABELS.get(line.kind, line.kind),
                        line.sheet,
                        line.row,
                        line.old_row,
                        line.column,
                        line.value,
                        line.entity,
                        decision_label(line.decision) if line.decision is not None else "",
                        line.decision.reviewer if line.decision is not None else "",
                        line.decision.time if line.decision is not None else "",
                        line.detail,
                    ]
                    for line in listed
                ],
            )
            if len(diff.lines) > _MAX_LISTED:
                rows.append(
                    [PlanCell(f"... and {len(diff.lines) - _MAX_LISTED} more: see the Findings sheet")]
                )

    section("Sheets")
    bom_sheets = {sh.name: sh for sh in bom.sheets} if bom else {}
    placed = {a.source_name: a for a in annotations}
    body: list[list[str | int | float | None]] = []
    for s in result.sheets:
        m = s.mapping
        mapping_text = "; ".join(
            f"{role}: "
            + ", ".join(
                f"{column_letter(c)}" + (f" ({m.headers[c]})" if m.headers.get(c) else "") for c in cols
            )
            for role, cols in m.columns.items()
            if cols
        )
        ann = placed.get(s.name)
        where = ""
        if ann is not None:
            where = f"from column {column_letter(ann.start_col)}"
            if ann.target_name != s.name:
                where += f" of sheet '{ann.target_name}'"
            if ann.header_row is None:
                where += " (no title row: the data start on row 1)"
        sc = per_sheet.get(s.name, Counter())
        body.append(
            [
                s.name,
                "Yes" if s.hidden else "No",
                m.header_row if m.header_row is not None else "none (free text)",
                mapping_text or "none",
                m.source,
                round(float(m.confidence), 2),
                m.notes,
                s.rows_screened,
                s.rows_not_screened,
                row_ranges(s.not_screened_rows) if s.not_screened_rows else "",
                where or "not annotated (nothing screened)",
                *[sc.get(status, 0) for status in DECISIONS],
                len(bom_sheets[s.name].rows) if s.name in bom_sheets else "",
            ]
        )
    table(
        [
            "Sheet",
            "Hidden",
            "Header row",
            "Mapping (role: columns)",
            "Mapping source",
            "Mapping confidence",
            "Mapping notes",
            "Rows screened",
            "Rows not screened",
            "Not-screened rows",
            "Status columns",
            *[DECISION_LABELS[s] for s in DECISIONS],
            "Rows read",
        ],
        body,
    )

    # Why each column got its role (or none): the header's word and language, what its values look like, and
    # whether they confirmed or overturned the header, as the window and the CLI's --json show them.
    evidence = [(s.name, e) for s in result.sheets for _, e in sorted(s.mapping.evidence.items())]
    if evidence:
        section("Column roles")
        table(
            [
                "Sheet",
                "Column",
                "Header",
                "Header word",
                "Language",
                "Header names",
                "Role",
                "Verdict",
                "Confidence",
                "Values sampled",
                "Value shapes",
                "Reason",
            ],
            [
                [
                    sheet_name,
                    column_letter(e.column),
                    e.header,
                    e.term,
                    e.language,
                    (f"{e.header_role} (weakly)" if e.weak else e.header_role) or "no role",
                    e.role or "none",
                    e.verdict,
                    round(float(e.confidence), 2),
                    e.sampled,
                    ", ".join(f"{shape} {n}" for shape, n in sorted(e.counts.items()) if n) or "none",
                    e.reason,
                ]
                for sheet_name, e in evidence
            ],
        )

    warn = list(dict.fromkeys([*(bom.warnings if bom else []), *result.warnings]))
    section("Warnings")
    if warn:
        rows.extend([PlanCell(w)] for w in warn)
    else:
        rows.append([PlanCell("none")])

    if notes:
        section("Export notes")
        rows.extend([PlanCell(n)] for n in notes)

    section("Method")
    rows.append([PlanCell(METHOD_STATEMENT)])
    return rows
