"""Planning an export: what it adds to each sheet and the rows of the new sheets, without writing anything.

:func:`plan_export` turns a screened :class:`~guiapp.model.FileResult` into an
:class:`~guiapp.evidence.plan_types.ExportPlan`: the status cells and highlights of each screened sheet (a row
with several hits shows the one that most needs attention), the Findings rows, the FAR 52.204-24(e) rows
(guiapp.evidence.far) and the manifest rows (guiapp.evidence.manifest), under sheet names Excel accepts
(:func:`unique_sheet_name`). It knows nothing about openpyxl or the XML of a workbook.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from guiapp.evidence.byvalue import BY_VALUE_SHEET, BY_VALUE_WIDTHS, by_value_rows
from guiapp.evidence.errors import ExportError
from guiapp.evidence.far import FAR_SHEET, far_disclosures, far_rows
from guiapp.evidence.manifest import manifest_rows
from guiapp.evidence.plan_types import (
    FINDINGS_COLUMNS,
    FINDINGS_SHEET,
    MANIFEST_SHEET,
    STATUS_COLUMNS,
    STATUS_NOT_SCREENED,
    TYPED_COLUMNS,
    ExportPlan,
    PlanCell,
    SheetAnnotation,
    decision_label,
    decision_of,
)
from guiapp.evidence.seal import SEAL_KEY, content_digest, seal_text
from guiapp.model import (
    CELL_LIMIT,
    ENTRY_FIELDS,
    METHODS,
    NOT_AT_HAND,
    CancelToken,
    Decision,
    FileResult,
    Hit,
    Match,
    RunInfo,
    SheetData,
    SheetReport,
    column_index,
)
from guiapp.review.carryover import entry_fingerprint, hit_line

if TYPE_CHECKING:
    from guiapp.review.carryover import AuditDiff

#: Which decision a row shows when it has several hits: the one that most needs a person's attention.
_ATTENTION_ORDER: dict[str, int] = {"confirmed": 0, "escalated": 1, "pending": 2, "false_positive": 3}
#: Sheet names Excel refuses.
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def _attention_key(hit: Hit, decision: Decision) -> tuple:
    method_rank = METHODS.index(hit.match.method) if hit.match.method in METHODS else len(METHODS)
    return (_ATTENTION_ORDER.get(decision.status, 2), -float(hit.match.score), method_rank, hit.column)


def unique_sheet_name(wanted: str, taken: Iterable[str]) -> str:
    """Return a sheet name based on ``wanted`` that Excel accepts and that is not in ``taken``.

    Excel compares sheet names without regard to case and limits them to 31 characters.

    Args:
        wanted: the preferred name.
        taken: names already in the workbook.

    Returns:
        ``wanted`` cleaned of characters Excel refuses, or ``wanted (2)``, ``wanted (3)``... when taken.
    """
    lower = {t.lower() for t in taken}
    base = _SHEET_NAME_BAD.sub("_", wanted).strip("'") or "Sheet"
    base = base[:31]
    if base.lower() not in lower:
        return base
    n = 2
    while True:
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        if candidate.lower() not in lower:
            return candidate
        n += 1


def _status_cells(shown: Hit, decision: Decision, more: int) -> list[PlanCell]:
    m = shown.match
    entity = m.entity if not more else f"{m.entity} (+{more} more, see Findings)"
    return [
        PlanCell(decision_label(decision), f"fill:{decision.status}"),
        PlanCell(entity),
        PlanCell(m.parent),
        PlanCell(", ".join(m.lists)),
        PlanCell(m.method),
        PlanCell(round(float(m.score), 1)),
        PlanCell(m.reason),
        PlanCell(decision.note),
        PlanCell(decision.reviewer),
        PlanCell(decision.time),
    ]


def _plan_sheet(
    sheet: SheetData,
    report: SheetReport,
    target_name: str,
    used_width: int,
    hits: list[Hit],
    decisions: Mapping[tuple, Decision] | None,
    cancel: CancelToken | None,
) -> SheetAnnotation:
    mapping = report.mapping
    if mapping.header_row is not None:
        header_row: int | None = mapping.header_row
        first_data = mapping.header_row + 1
    else:
        # No header: every row of the range is data. Put the titles on the empty row above the range when
        # there is one; a range starting on row 1 gets no titles rather than hiding row 1's status.
        header_row = sheet.first_row - 1 if sheet.first_row > 1 else None
        first_data = sheet.first_row
    ann = SheetAnnotation(
        source_name=sheet.name,
        target_name=target_name,
        start_col=max(used_width, sheet.width) + 1,
        header_row=header_row,
        first_data=first_data,
        sheet=sheet,
    )
    if header_row is not None:
        ann.rows[header_row] = [PlanCell(t, "header") for t in STATUS_COLUMNS]

    by_row: dict[int, list[Hit]] = {}
    for h in hits:
        by_row.setdefault(h.row, []).append(h)
    not_screened = set(report.not_screened_rows)

    for row in sorted(not_screened):
        if row >= first_data and row not in by_row:
            ann.rows[row] = [PlanCell(STATUS_NOT_SCREENED, "fill:not_screened")]

    for row, row_hits in by_row.items():
        judged = sorted(
            ((h, decision_of(h, decisions)) for h in row_hits), key=lambda hd: _attention_key(*hd)
        )
        shown, decision = judged[0]
        if row != header_row:  # a hit on the title row keeps the titles; the Findings list it
            ann.rows[row] = _status_cells(shown, decision, len(judged) - 1)
        matched_cols = sorted({column_index(h.column) for h in row_hits})
        ann.highlights[row] = (decision.status, matched_cols)
    return ann


def _entry_texts(m: Match) -> list[str]:
    """The Findings' evidence cells of a hit: its entry's fields, each saying when the list does not give it."""
    if m.entry is None:
        return [NOT_AT_HAND] * len(ENTRY_FIELDS)
    return [text for _label, text in m.entry.fields()]


def _findings_rows(
    result: FileResult, decisions: Mapping[tuple, Decision] | None, fingerprints: Mapping[str, str]
) -> list[list[PlanCell]]:
    rows = [[PlanCell(t, "header") for t in FINDINGS_COLUMNS]]
    # A cell holds at most 32,767 characters: longer cell text goes on in columns after the last, so the
    # Findings keep all of it (one row per hit stays true for anything reading the sheet back).
    parts = max((-(-len(h.value) // CELL_LIMIT) for h in result.hits), default=1)
    rows[0].extend(PlanCell(f"Cell text (continued {n})", "header") for n in range(2, parts + 1))
    file_name = result.path.name
    order = {s.name: i for i, s in enumerate(result.sheets)}
    ordered = sorted(
        result.hits,
        key=lambda h: (order.get(h.sheet, len(order)), h.row, column_index(h.column), -float(h.match.score)),
    )
    for h in ordered:
        m = h.match
        d = decision_of(h, decisions)
        rows.append(
            [
                PlanCell(file_name),
                PlanCell(h.sheet),
                PlanCell(h.row),
                PlanCell(h.column),
                PlanCell(h.field),
                PlanCell(h.value),
                PlanCell(m.entity),
                PlanCell(m.parent),
                PlanCell(m.matched_name),
                PlanCell(", ".join(m.lists)),
                PlanCell(m.method),
                PlanCell(round(float(m.score), 1)),
                PlanCell(m.confidence),
                PlanCell("Yes" if m.review else "No"),
                PlanCell(m.reason),
                PlanCell(m.watchlist),
                PlanCell(decision_label(d), f"fill:{d.status}"),
                PlanCell(d.note),
                PlanCell(d.reviewer),
                PlanCell(d.time),
                PlanCell(m.entity_id),
                PlanCell(entry_fingerprint(m, fingerprints)),
                PlanCell(hit_line(result, h)),
                PlanCell("\n".join(d.history)),
                # What the typed columns say now, sealed: a decision typed into the copy later is told
                # apart from this one and shown for review (guiapp.evidence.verify), never read as sealed.
                PlanCell(json.dumps([decision_label(d), d.note, d.reviewer, d.time], ensure_ascii=False)),
                *(PlanCell(text) for text in _entry_texts(m)),
                *(PlanCell(h.value[n * CELL_LIMIT : (n + 1) * CELL_LIMIT]) for n in range(1, parts)),
            ]
        )
    return rows


def plan_export(
    result: FileResult,
    run: RunInfo,
    decisions: Mapping[tuple, Decision] | None = None,
    *,
    sheet_names: Mapping[str, str] | None = None,
    used_widths: Mapping[str, int] | None = None,
    taken_names: Iterable[str] = (),
    exported_at: str = "",
    notes: Iterable[str] = (),
    backend: str = "",
    diff: AuditDiff | None = None,
    cancel: CancelToken | None = None,
) -> ExportPlan:
    """Work out what an export adds to the workbook, without writing anything.

    Args:
        result: the screened file; ``result.bom`` must be set.
        run: run identity for the manifest.
        decisions: review decisions keyed by ``Hit.key``; a missing key means pending.
        sheet_names: BOM sheet name -> name in the output workbook; sheets missing here are not annotated.
            Defaults to every BOM sheet under its own name.
        used_widths: output sheet name -> number of columns from A to the rightmost used cell, when the
            workbook holds cells the BOM text does not show (the status columns go after whichever is wider).
        taken_names: sheet names already in the output workbook (the new sheets get names not among them).
        exported_at: ISO 8601 UTC time of the export.
        notes: lines for the manifest's "Export notes" section (what the backend could not keep, etc.).
        backend: how the workbook is written, recorded in the manifest (see BACKEND_LABELS).
        diff: what changed since a previous audit (see guiapp.review.carryover), shown in the manifest.
        cancel: checked between sheets.

    Returns:
        The plan.
    """
    bom = result.bom
    if bom is None:
        raise ExportError(f"{result.path.name}: nothing to export; screen the file first")
    sheet_names = dict(sheet_names) if sheet_names is not None else {s.name: s.name for s in bom.sheets}
    used_widths = used_widths or {}
    reports = {r.name: r for r in result.sheets}
    hits_by_sheet: dict[str, list[Hit]] = {}
    for h in result.hits:
        hits_by_sheet.setdefault(h.sheet, []).append(h)

    notes = list(notes)
    annotations: list[SheetAnnotation] = []
    for sheet in bom.sheets:
        if cancel is not None:
            cancel.raise_if_cancelled()
        report = reports.get(sheet.name)
        sheet_hits = hits_by_sheet.get(sheet.name, [])
        if report is None or not sheet.rows:
            continue
        screened = report.rows_screened or report.rows_not_screened or report.not_screened_rows or sheet_hits
        if not screened:
            continue
        target = sheet_names.get(sheet.name)
        if target is None:
            notes.append(f"Sheet '{sheet.name}' was not found in the workbook; it was not annotated.")
            continue
        annotations.append(
            _plan_sheet(sheet, report, target, used_widths.get(target, 0), sheet_hits, decisions, cancel)
        )
    known = set(sheet_names)
    for name in sorted({h.sheet for h in result.hits} - known):
        notes.append(f"Hits on sheet '{name}' are listed in the findings but the sheet is not in the file.")

    taken = list(taken_names)
    findings_name = unique_sheet_name(FINDINGS_SHEET, taken)
    taken.append(findings_name)
    by_value_name = unique_sheet_name(BY_VALUE_SHEET, taken) if result.hits else ""
    if by_value_name:
        taken.append(by_value_name)
    disclosures = far_disclosures(result, decisions)
    far_name = unique_sheet_name(FAR_SHEET, taken) if disclosures else ""
    if far_name:
        taken.append(far_name)
    manifest_name = unique_sheet_name(MANIFEST_SHEET, taken)
    plan = ExportPlan(
        annotations=annotations,
        findings_name=findings_name,
        findings=_findings_rows(result, decisions, run.fingerprints),
        manifest_name=manifest_name,
        manifest=manifest_rows(
            result, run, decisions, exported_at, annotations, notes, backend, far_name, diff
        ),
        column_widths={
            findings_name: [
                24,
                18,
                7,
                8,
                14,
                30,
                26,
                22,
                22,
                18,
                12,
                7,
                11,
                12,
                50,
                22,
                18,
                30,
                16,
                22,
                20,
                18,
                18,
                40,
                16,
                # The entry's evidence: list, programmes, number, FR, start date, URL, edition, imported.
                24,
                40,
                12,
                18,
                12,
                40,
                12,
                22,
            ],
            **({by_value_name: list(BY_VALUE_WIDTHS)} if by_value_name else {}),
            manifest_name: [30, 60, 16, 24, 16, 12, 30, 14, 14, 30, 30, 10, 10, 14, 10],
            **({far_name: [14, 6, 26, 22, 22, 22, 30, 20, 30, 16, 21, 40]} if far_name else {}),
        },
        far_name=far_name,
        far=far_rows(disclosures) if far_name else [],
        by_value_name=by_value_name,
        by_value=by_value_rows(result, decisions) if by_value_name else [],
    )
    seal_plan(plan)
    return plan


def seal_plan(plan: ExportPlan) -> None:
    """Append the seal to the manifest: a signature over every cell of the sheets the export adds.

    A decision typed into the copy later, a deleted finding or a renamed sheet then no longer verifies
    (guiapp.evidence.seal; ``bom-auditor-cli verify``), and decisions are read back only from a copy that does.
    """
    sheets = [(name, [[c.value for c in row] for row in rows]) for name, rows, _w, _f in plan.new_sheets()]
    typed = {plan.findings_name: TYPED_COLUMNS}
    digest = content_digest(sheets, typed)
    assert digest is not None  # the plan's own Findings sheet has every typed column
    plan.manifest.append([])
    plan.manifest.append(
        [PlanCell(SEAL_KEY, "header"), PlanCell(seal_text([name for name, _ in sheets], digest, typed))]
    )
