"""The "Hits by value" sheet: the findings grouped by distinct cell value, laid out to print.

The Findings sheet is the full record, one row per hit with 24 columns (ids, fingerprints, line identity) that
carry-over and verification read back; printed, a 300-hit BOM gives dozens of pages. This sheet answers the
printed question "what was found, where, and what was decided" in a few landscape pages: one row per sheet,
cell text, matched entity and decision, with the hit count and the rows compressed ("4-9, 12"), the columns
sized to fit one page wide on A4 and Letter (the writers set fit-to-width and repeat the header row).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from guiapp.evidence.plan_types import PlanCell, decision_label, decision_of
from guiapp.model import Decision, FileResult, Hit

BY_VALUE_SHEET = "Hits by value"
BY_VALUE_COLUMNS: tuple[str, ...] = (
    "Decision",
    "Cell text",
    "Matched entity",
    "Lists",
    "Method",
    "Score",
    "Hits",
    "Rows",
    "Sheet",
    "Reason",
    "Note",
)
#: Column widths (characters): about 215 in all, so fit-to-width prints at about two thirds of full size.
BY_VALUE_WIDTHS: tuple[float, ...] = (15, 28, 26, 14, 10, 6, 5, 18, 12, 50, 30)
#: Columns whose text wraps (0-based): cell text, entity, rows, reason, note.
BY_VALUE_WRAP: frozenset[int] = frozenset({1, 2, 7, 9, 10})

_ORDER = {"confirmed": 0, "escalated": 1, "pending": 2, "false_positive": 3}


def compress_rows(rows: Iterable[int]) -> str:
    """Row numbers as ranges: [4, 5, 6, 9, 12, 13] -> "4-6, 9, 12-13"."""
    out: list[str] = []
    run: list[int] = []
    for r in sorted(set(rows)):
        if run and r == run[-1] + 1:
            run.append(r)
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [r]
    if run:
        out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(out)


def by_value_rows(result: FileResult, decisions: Mapping[tuple, Decision] | None) -> list[list[PlanCell]]:
    """The rows of the sheet (the first is the header): most pressing decision first, then entity and text."""
    groups: dict[tuple[str, str, str, str], list[tuple[Hit, Decision]]] = {}
    for h in result.hits:
        d = decision_of(h, decisions)
        key = (h.sheet, h.value, h.match.entity_id or h.match.entity, d.status)
        groups.setdefault(key, []).append((h, d))
    rows = [[PlanCell(t, "header") for t in BY_VALUE_COLUMNS]]

    def order(item: tuple[tuple[str, str, str, str], list[tuple[Hit, Decision]]]) -> tuple:
        (sheet, value, _entity, status), members = item
        return (_ORDER.get(status, 2), members[0][0].match.entity.lower(), value.lower(), sheet)

    for (sheet, value, _entity, status), members in sorted(groups.items(), key=order):
        best, decision = max(members, key=lambda hd: float(hd[0].match.score))
        m = best.match
        notes = sorted({d.note for _, d in members if d.note})
        methods = sorted({h.match.method for h, _ in members})
        rows.append(
            [
                PlanCell(decision_label(decision), f"fill:{status}"),
                PlanCell(value, "wrap"),
                PlanCell(m.entity, "wrap"),
                PlanCell(", ".join(m.lists)),
                PlanCell(", ".join(methods)),
                PlanCell(round(float(m.score), 1)),
                PlanCell(len(members)),
                PlanCell(compress_rows(h.row for h, _ in members), "wrap"),
                PlanCell(sheet),
                PlanCell(m.reason, "wrap"),
                PlanCell("; ".join(notes), "wrap"),
            ]
        )
    return rows
