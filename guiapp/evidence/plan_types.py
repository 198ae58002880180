"""The export plan as plain data: the layout of what is added and the classes that hold it.

Holds the titles of the status columns and of the Findings sheet, the names of the sheets the export adds,
the fills by decision, the plan's data classes (:class:`PlanCell`, :class:`SheetAnnotation`,
:class:`ExportPlan`) and the two helpers that say which decision a hit has and how it reads. Nothing here
knows how a workbook is written: the writers (guiapp.evidence.writers, guiapp.evidence.xlsxpatch) turn
these into cells.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from guiapp.model import DECISION_LABELS, DECISIONS, ENTRY_FIELDS, Decision, Hit, SheetData

#: Titles of the status columns added to each screened sheet, in order.
STATUS_COLUMNS: tuple[str, ...] = (
    "Status",
    "Matched entity",
    "Parent",
    "List(s)",
    "Method",
    "Score",
    "Reason",
    "Note",
    "Reviewer",
    "Decided at",
)

#: Columns of the Findings sheet, in order.
FINDINGS_COLUMNS: tuple[str, ...] = (
    "File",
    "Sheet",
    "Row",
    "Column",
    "Field",
    "Cell text",
    "Matched entity",
    "Parent",
    "Matched name",
    "Lists",
    "Method",
    "Score",
    "Confidence",
    "Review-level",
    "Reason",
    "Watchlist",
    "Decision",
    "Note",
    "Reviewer",
    "Decided at",
    "Entity id",
    "Entry fingerprint",
    "Line identity",
    "History",
    "Sealed decision",
    # The matched entry's evidence as its list gives it (guiapp.model.EntryEvidence.fields).
    *(f"Entry: {label}" for label in ENTRY_FIELDS),
)

#: Findings columns a reviewer may type into after export (left out of the seal's digest).
TYPED_COLUMNS: tuple[str, ...] = ("Decision", "Note", "Reviewer", "Decided at")
#: The sealed column that keeps what the typed columns held when the copy was sealed (a JSON array).
SEALED_DECISION = "Sealed decision"

FINDINGS_SHEET = "Findings"
MANIFEST_SHEET = "Audit manifest"
STATUS_CLEAR = "Clear"
STATUS_NOT_SCREENED = "Not screened"

#: Fill colours (RGB hex) by decision; "not_screened" marks the Status cell of rows that could not be screened.
FILLS: dict[str, str] = {
    "pending": "FFE699",  # amber
    "confirmed": "FF9C9C",  # red
    "escalated": "F4B183",  # orange
    "false_positive": "D9D9D9",  # light grey
    "not_screened": "DDEBF7",  # pale blue: visibly different from a clear row
}


@dataclass(frozen=True)
class PlanCell:
    """One cell to write.

    Attributes:
        value: the value; strings are always written as text, never as formulas.
        style: "" (plain), "header" (bold), "section" (bold, larger: a manifest section title),
            "wrap" (text wraps, aligned to the top) or "fill:<key>" (a fill from FILLS).
    """

    value: str | int | float | None
    style: str = ""


#: The status of a data row without hits: one shared tuple, however many rows are clear.
_CLEAR_CELLS: tuple[PlanCell, ...] = (PlanCell(STATUS_CLEAR),)


@dataclass
class SheetAnnotation:
    """What to add to one original sheet.

    Data rows that are clear are not stored one by one (a 100,000-row sheet would hold 100,000 entries): they
    are worked out from the sheet's text on demand by :meth:`status`, so the plan stays small.

    Attributes:
        source_name: the sheet's name in the BOM as read.
        target_name: the sheet's name in the output workbook (differs only for rebuilt workbooks whose source
            name Excel would refuse).
        start_col: 0-based index of the first status column (one blank column after the last used column).
        header_row: 1-based row of the status column titles, or None when there is no row to put them on.
        rows: 1-based row -> status cells from start_col on, for every row whose status is not "Clear".
        highlights: 1-based row -> (decision, 0-based columns of the cells that matched).
        first_data: 1-based first data row; data rows with content and no entry in ``rows`` are "Clear".
        sheet: the sheet's text, to tell clear rows (None: no clear rows).
    """

    source_name: str
    target_name: str
    start_col: int
    header_row: int | None
    rows: dict[int, list[PlanCell]] = field(default_factory=dict)
    highlights: dict[int, tuple[str, list[int]]] = field(default_factory=dict)
    first_data: int = 1
    sheet: SheetData | None = field(default=None, repr=False, compare=False)

    def status(self, row: int) -> Sequence[PlanCell] | None:
        """The status cells of a 1-based row, or None when the row gets none."""
        cells = self.rows.get(row)
        if cells is not None:
            return cells
        sheet = self.sheet
        if sheet is None or row < self.first_data or row in self.highlights:
            return None
        i = row - sheet.first_row
        if 0 <= i < len(sheet.rows) and any(c.strip() for c in sheet.rows[i]):
            return _CLEAR_CELLS
        return None

    def iter_status(self) -> Iterator[tuple[int, Sequence[PlanCell]]]:
        """(row, status cells) for every row that gets a status, in row order."""
        candidates = set(self.rows)
        if self.sheet is not None:
            candidates.update(range(max(self.first_data, self.sheet.first_row), self.sheet.last_row + 1))
        for row in sorted(candidates):
            cells = self.status(row)
            if cells is not None:
                yield row, cells

    @property
    def last_row(self) -> int:
        """The last row that gets a status (0 when none)."""
        last = max(self.rows, default=0)
        if self.sheet is not None:
            last = max(last, self.sheet.last_row)
        return last


@dataclass
class ExportPlan:
    """Everything an export adds to the workbook, as plain data a backend writes.

    Attributes:
        annotations: per screened sheet, the status columns and highlights.
        findings_name: name of the Findings sheet (unique in the workbook).
        findings: its rows; the first is the header.
        manifest_name: name of the manifest sheet (unique in the workbook).
        manifest: its rows.
        column_widths: sheet name -> list of column widths for the new sheets.
        far_name: name of the FAR 52.204-24(e) disclosure sheet; "" when no confirmed section 889 hit needs one.
        far: its rows; the first is the header.
        by_value_name: name of the "Hits by value" sheet (guiapp.evidence.byvalue); "" when there are no hits.
        by_value: its rows; the first is the header.
    """

    annotations: list[SheetAnnotation]
    findings_name: str
    findings: list[list[PlanCell]]
    manifest_name: str
    manifest: list[list[PlanCell]]
    column_widths: dict[str, list[float]] = field(default_factory=dict)
    far_name: str = ""
    far: list[list[PlanCell]] = field(default_factory=list)
    by_value_name: str = ""
    by_value: list[list[PlanCell]] = field(default_factory=list)

    def new_sheets(self) -> list[tuple[str, list[list[PlanCell]], list[float], bool]]:
        """(name, rows, column widths, has a filtered header row) of each sheet the export adds, in order."""
        sheets = [(self.findings_name, self.findings, self.column_widths.get(self.findings_name, []), True)]
        if self.by_value_name:
            sheets.append(
                (self.by_value_name, self.by_value, self.column_widths.get(self.by_value_name, []), True)
            )
        if self.far_name:
            sheets.append((self.far_name, self.far, self.column_widths.get(self.far_name, []), True))
        sheets.append(
            (self.manifest_name, self.manifest, self.column_widths.get(self.manifest_name, []), False)
        )
        return sheets


def decision_of(hit: Hit, decisions: Mapping[tuple, Decision] | None) -> Decision:
    """The decision recorded for a hit; pending (a fresh Decision) when there is none or it is unknown."""
    d = decisions.get(hit.key) if decisions else None
    if d is None or d.status not in DECISIONS:
        return Decision()
    return d


def decision_label(d: Decision) -> str:
    """How a decision reads in the workbook, e.g. "Confirmed" or "False positive (remembered)"."""
    label = DECISION_LABELS.get(d.status, d.status)
    # A decision applied from memory is shown as such, never silently (audit-evidence: review features, 3).
    return f"{label} (remembered)" if d.remembered else label
