"""The FAR 52.204-24(e) disclosures of a screened file: one line per confirmed NDAA section 889 hit.

Holds the disclosure sheet's columns and name, :class:`FarDisclosure` (what the clause asks to disclose for
one BOM row and entity), :func:`far_disclosures` that collects them from a screened file (the report uses it
too) and :func:`far_rows` that turns them into the rows of the sheet the export adds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from guiapp.evidence.plan_types import PlanCell, decision_of
from guiapp.model import Decision, FileResult, SheetData

#: Columns of the FAR 52.204-24(e) disclosure sheet, in order.
FAR_COLUMNS: tuple[str, ...] = (
    "Sheet",
    "Row",
    "Producing entity",
    "Listed parent",
    "Brand (as written)",
    "Model or part number",
    "Item description",
    "Lists",
    "Decision note",
    "Reviewer",
    "Decided at",
    "Proposed use",
)
#: The list code whose confirmed hits need a FAR 52.204-24(e) disclosure (NDAA section 889 covered entities).
SECTION_889 = "NDAA-889"
#: Name of the disclosure sheet the export adds (made unique in the workbook).
FAR_SHEET = "FAR 52.204-24(e)"


@dataclass(frozen=True)
class FarDisclosure:
    """What FAR 52.204-24(e)(1) asks to disclose for one confirmed section 889 hit (one BOM row and entity).

    Attributes:
        sheet: sheet of the BOM row.
        row: 1-based row.
        entity: the producing entity as listed (the matched entry).
        parent: its listed parent.
        brand: the row's manufacturer text as written (the brand offered).
        part_number: the row's part-number text (model or part number).
        description: the row's description text.
        lists: the list codes of the entry.
        decision: the confirmed decision (note, reviewer, time).
    """

    sheet: str
    row: int
    entity: str
    parent: str
    brand: str
    part_number: str
    description: str
    lists: tuple[str, ...]
    decision: Decision


def is_section_889(lists: Iterable[str]) -> bool:
    """Whether list codes (possibly with an edition, e.g. "NDAA-889 2024") include NDAA section 889."""
    return any(code.strip().upper().startswith(SECTION_889) for code in lists)


def far_disclosures(result: FileResult, decisions: Mapping[tuple, Decision] | None) -> list[FarDisclosure]:
    """The FAR 52.204-24(e) disclosure lines of a screened file: one per confirmed section 889 hit.

    Only decisions made or accepted for this BOM count: a decision carried over from a previous audit
    (``remembered``) is disclosed once a reviewer confirms it for this revision.

    Brand, model or part number and item description are the row's own cells in the columns mapped as
    manufacturer, part number and description; empty when the sheet has no such column.
    """
    bom = result.bom
    sheets = {s.name: s for s in bom.sheets} if bom is not None else {}
    reports = {r.name: r for r in result.sheets}
    out: list[FarDisclosure] = []
    seen: set[tuple[str, int, str]] = set()

    def cells(sheet: SheetData | None, mapping, role: str, row: int) -> str:
        if sheet is None or mapping is None:
            return ""
        return " / ".join(v for v in (sheet.cell(row, c) for c in mapping.columns.get(role, [])) if v)

    for h in sorted(result.hits, key=lambda h: (h.sheet, h.row, h.column)):
        d = decision_of(h, decisions)
        if d.status != "confirmed" or d.remembered or not is_section_889(h.match.lists):
            continue
        key = (h.sheet, h.row, h.match.entity_id)
        if key in seen:
            continue
        seen.add(key)
        sheet = sheets.get(h.sheet)
        report = reports.get(h.sheet)
        mapping = report.mapping if report is not None else (sheet.mapping if sheet is not None else None)
        brand = cells(sheet, mapping, "manufacturer", h.row) or (h.value if h.field == "manufacturer" else "")
        out.append(
            FarDisclosure(
                sheet=h.sheet,
                row=h.row,
                entity=h.match.entity,
                parent=h.match.parent,
                brand=brand,
                part_number=cells(sheet, mapping, "part_number", h.row),
                description=cells(sheet, mapping, "description", h.row),
                lists=h.match.lists,
                decision=d,
            )
        )
    return out


def far_rows(disclosures: Sequence[FarDisclosure]) -> list[list[PlanCell]]:
    """The rows of the disclosure sheet: the FAR_COLUMNS titles, then one row per disclosure."""
    rows = [[PlanCell(t, "header") for t in FAR_COLUMNS]]
    for f in disclosures:
        rows.append(
            [
                PlanCell(f.sheet),
                PlanCell(f.row),
                PlanCell(f.entity),
                PlanCell(f.parent),
                PlanCell(f.brand),
                PlanCell(f.part_number),
                PlanCell(f.description),
                PlanCell(", ".join(f.lists)),
                PlanCell(f.decision.note),
                PlanCell(f.decision.reviewer),
                PlanCell(f.decision.time),
                PlanCell(""),
            ]
        )
    return rows
