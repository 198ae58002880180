"""Export an annotated copy of a screened workbook as audit evidence.

The export keeps the original sheets, adds status columns to the right of each screened table, highlights the
cells that matched, and appends a ``Findings`` sheet (one row per hit) and an ``Audit manifest`` sheet (file, run,
watchlist and coverage identity). The input file is never written to.

The work is split in two so the workbook-writing backend can be replaced without touching the annotation
logic:

* :func:`plan_export` turns a :class:`~guiapp.model.FileResult` into an :class:`ExportPlan`: plain data saying
  which cells to add to which sheet, and the rows of the two new sheets. It knows nothing about openpyxl.
* A backend writes the plan: for .xlsx/.xlsm input the original workbook is loaded with openpyxl and saved
  again (a later change replaces this with direct XML patching); for every other format (.xls, .xlsb, .ods,
  .csv) a new workbook is built from the cell text the reader produced, at the same row and column positions so
  row numbers still match the original.

Every string written (original cell text, reasons that quote it, notes) is stored as a text cell, so a cell that
reads ``=HYPERLINK(...)`` can never become a formula or a live link in the export.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import tempfile
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet import _writer as _openpyxl_writer
from openpyxl.worksheet.worksheet import Worksheet

from guiapp.evidence import xlsxpatch
from guiapp.model import (
    DECISION_LABELS,
    DECISIONS,
    METHODS,
    CancelToken,
    Decision,
    FileResult,
    Hit,
    ProgressCallback,
    RunInfo,
    SheetData,
    SheetReport,
    column_index,
    column_letter,
)
from guiapp.review.carryover import entry_fingerprint
from guiapp.settings import make_shareable

if TYPE_CHECKING:
    from guiapp.review.carryover import AuditDiff

#: Labels of the kinds of change since a previous audit, in the order they are reported.
DIFF_LABELS: dict[str, str] = {
    "new": "New hits",
    "resolved": "Resolved hits (gone since the previous audit)",
    "changed": "Changed list entries (decision not carried over)",
    "carried": "Decisions carried over",
}

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
)

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

FINDINGS_SHEET = "Findings"
FAR_SHEET = "FAR 52.204-24(e)"
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

#: Which decision a row shows when it has several hits: the one that most needs a person's attention.
_ATTENTION_ORDER: dict[str, int] = {"confirmed": 0, "escalated": 1, "pending": 2, "false_positive": 3}

#: Excel refuses cells longer than this.
_MAX_CELL_CHARS = 32767
#: Open items and changes listed in the manifest before the list is cut short (the Findings list all).
_MAX_LISTED = 500
#: Not-screened rows listed in the manifest before the list is cut short.
_MAX_ROW_RANGES = 200
#: Sheet names Excel refuses.
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
#: Characters XML 1.0 cannot carry (the same set openpyxl refuses).
_ILLEGAL_XML = re.compile(r"[\000-\010\013\014\016-\037]")

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


class ExportError(Exception):
    """The export could not be written. The message is one line naming the file and what to do."""


# --------------------------------------------------------------------------------------------------------------
# Plan: what to add, independent of how the workbook is written


@dataclass(frozen=True)
class PlanCell:
    """One cell to write.

    Attributes:
        value: the value; strings are always written as text, never as formulas.
        style: "" (plain), "header" (bold), "section" (bold, larger: a manifest section title) or
            "fill:<key>" (a fill from FILLS).
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
    """

    annotations: list[SheetAnnotation]
    findings_name: str
    findings: list[list[PlanCell]]
    manifest_name: str
    manifest: list[list[PlanCell]]
    column_widths: dict[str, list[float]] = field(default_factory=dict)
    far_name: str = ""
    far: list[list[PlanCell]] = field(default_factory=list)

    def new_sheets(self) -> list[tuple[str, list[list[PlanCell]], list[float], bool]]:
        """(name, rows, column widths, has a filtered header row) of each sheet the export adds, in order."""
        sheets = [(self.findings_name, self.findings, self.column_widths.get(self.findings_name, []), True)]
        if self.far_name:
            sheets.append((self.far_name, self.far, self.column_widths.get(self.far_name, []), True))
        sheets.append(
            (self.manifest_name, self.manifest, self.column_widths.get(self.manifest_name, []), False)
        )
        return sheets


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
        d = _decision_of(h, decisions)
        if d.status != "confirmed" or not is_section_889(h.match.lists):
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


def _far_rows(disclosures: Sequence[FarDisclosure]) -> list[list[PlanCell]]:
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


def _decision_of(hit: Hit, decisions: Mapping[tuple, Decision] | None) -> Decision:
    d = decisions.get(hit.key) if decisions else None
    if d is None or d.status not in DECISIONS:
        return Decision()
    return d


def _decision_label(d: Decision) -> str:
    label = DECISION_LABELS.get(d.status, d.status)
    # A decision applied from memory is shown as such, never silently (audit-evidence: review features, 3).
    return f"{label} (remembered)" if d.remembered else label


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


def _row_ranges(rows: list[int], limit: int = _MAX_ROW_RANGES) -> str:
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


def _status_cells(shown: Hit, decision: Decision, more: int) -> list[PlanCell]:
    m = shown.match
    entity = m.entity if not more else f"{m.entity} (+{more} more, see Findings)"
    return [
        PlanCell(_decision_label(decision), f"fill:{decision.status}"),
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
            ((h, _decision_of(h, decisions)) for h in row_hits), key=lambda hd: _attention_key(*hd)
        )
        shown, decision = judged[0]
        if row != header_row:  # a hit on the title row keeps the titles; the Findings list it
            ann.rows[row] = _status_cells(shown, decision, len(judged) - 1)
        matched_cols = sorted({column_index(h.column) for h in row_hits})
        ann.highlights[row] = (decision.status, matched_cols)
    return ann


def _findings_rows(result: FileResult, decisions: Mapping[tuple, Decision] | None) -> list[list[PlanCell]]:
    rows = [[PlanCell(t, "header") for t in FINDINGS_COLUMNS]]
    file_name = result.path.name
    order = {s.name: i for i, s in enumerate(result.sheets)}
    ordered = sorted(
        result.hits,
        key=lambda h: (order.get(h.sheet, len(order)), h.row, column_index(h.column), -float(h.match.score)),
    )
    for h in ordered:
        m = h.match
        d = _decision_of(h, decisions)
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
                PlanCell(_decision_label(d), f"fill:{d.status}"),
                PlanCell(d.note),
                PlanCell(d.reviewer),
                PlanCell(d.time),
                PlanCell(m.entity_id),
                PlanCell(entry_fingerprint(m)),
            ]
        )
    return rows


def _manifest_rows(
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
        status = _decision_of(h, decisions).status
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

    open_hits = [h for h in result.hits if _decision_of(h, decisions).status in ("pending", "escalated")]
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
                    _decision_label(_decision_of(h, decisions)),
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
        listed = [line for line in diff.lines if line.kind != "carried"][:_MAX_LISTED]
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
                        _decision_label(line.decision) if line.decision is not None else "",
                        line.detail,
                    ]
                    for line in listed
                ],
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
                _row_ranges(s.not_screened_rows) if s.not_screened_rows else "",
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
        screened = report is not None and (
            report.rows_screened or report.rows_not_screened or report.not_screened_rows or sheet_hits
        )
        if not screened or not sheet.rows:
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
    disclosures = far_disclosures(result, decisions)
    far_name = unique_sheet_name(FAR_SHEET, taken) if disclosures else ""
    if far_name:
        taken.append(far_name)
    manifest_name = unique_sheet_name(MANIFEST_SHEET, taken)
    return ExportPlan(
        annotations=annotations,
        findings_name=findings_name,
        findings=_findings_rows(result, decisions),
        manifest_name=manifest_name,
        manifest=_manifest_rows(
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
            ],
            manifest_name: [30, 60, 16, 24, 16, 12, 30, 14, 14, 30, 30, 10, 10, 14, 10],
            **({far_name: [14, 6, 26, 22, 22, 22, 30, 20, 30, 16, 21, 40]} if far_name else {}),
        },
        far_name=far_name,
        far=_far_rows(disclosures) if far_name else [],
    )


# --------------------------------------------------------------------------------------------------------------
# Backend: openpyxl


def _clean_text(value: str) -> str:
    # Characters XML cannot carry would make openpyxl refuse the whole export; show them as U+FFFD instead.
    if _ILLEGAL_XML.search(value):
        value = _ILLEGAL_XML.sub("\ufffd", value)
    return value[:_MAX_CELL_CHARS]


class _Styles:
    """openpyxl style objects for the plan's style keys, built once per export."""

    def __init__(self) -> None:
        self.bold = Font(bold=True)
        self.section = Font(bold=True, size=12)
        self.fills = {k: PatternFill(fill_type="solid", start_color=v, end_color=v) for k, v in FILLS.items()}

    def apply(self, cell, style: str) -> None:
        if not style:
            return
        if style == "header":
            cell.font = self.bold
        elif style == "section":
            cell.font = self.section
        elif style.startswith("fill:"):
            fill = self.fills.get(style[5:])
            if fill is not None:
                cell.fill = fill


def _set_value(cell, value: str | int | float | None) -> None:
    """Set a cell's value; strings always become text cells, never formulas or error values."""
    if isinstance(value, str):
        cell.value = _clean_text(value)
        # openpyxl turns "=..." into a formula and "#N/A" into an error; the cell must stay the text as read.
        cell.data_type = "s"
    else:
        cell.value = value


def _write_plan_rows(ws, rows: list[list[PlanCell]], styles: _Styles) -> None:
    for r, cells in enumerate(rows, start=1):
        for c, pc in enumerate(cells, start=1):
            if pc.value is None and not pc.style:
                continue
            cell = ws.cell(row=r, column=c)
            _set_value(cell, pc.value)
            styles.apply(cell, pc.style)


def _add_new_sheets(wb, plan: ExportPlan, styles: _Styles) -> None:
    for name, rows, widths, header in plan.new_sheets():
        ws = wb.create_sheet(name)
        _write_plan_rows(ws, rows, styles)
        if header:
            last = get_column_letter(max((len(r) for r in rows), default=1))
            ws.auto_filter.ref = f"A1:{last}{max(len(rows), 1)}"
            ws.freeze_panes = "A2"
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width


def _used_width(ws) -> int:
    """Columns from A to the rightmost cell holding a value or a merged range (ignores empty styled cells)."""
    width = 0
    # ws._cells is the only way to see the stored cells without openpyxl creating every empty one in the
    # max_row x max_column rectangle, which a whole-column format can make 16,384 wide.
    for (_r, c), cell in ws._cells.items():
        if c > width and cell.value is not None:
            width = c
    for rng in ws.merged_cells.ranges:
        width = max(width, rng.max_col)
    return width


def _apply_annotation(ws, ann: SheetAnnotation, styles: _Styles, cancel: CancelToken | None) -> None:
    base = ann.start_col + 1  # openpyxl columns are 1-based
    for i, (row, cells) in enumerate(ann.iter_status()):
        if cancel is not None and i % 5000 == 0:
            cancel.raise_if_cancelled()
        for j, pc in enumerate(cells):
            if pc.value is None:
                continue
            cell = ws.cell(row=row, column=base + j)
            _set_value(cell, pc.value)
            styles.apply(cell, pc.style)
    for row, (status, cols) in ann.highlights.items():
        fill = styles.fills.get(status)
        if fill is None:
            continue
        # Only the cells that matched get the fill: the rest of the row keeps its own formatting.
        for c in cols:
            ws.cell(row=row, column=c + 1).fill = fill
        if row != ann.header_row:
            for j in range(1, len(STATUS_COLUMNS)):
                ws.cell(row=row, column=base + j).fill = fill


def _save_openpyxl(
    data: IO[bytes],
    keep_vba: bool,
    result: FileResult,
    run: RunInfo,
    decisions: Mapping[tuple, Decision] | None,
    exported_at: str,
    notes: list[str],
    out: IO[bytes],
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
    diff: AuditDiff | None = None,
) -> None:
    """Load the original workbook, add the plan and save it to ``out``."""
    name = result.path.name
    # openpyxl reports what it cannot keep (data validation extensions, slicers...) as warnings; they belong in
    # the manifest, not on a console. catch_warnings is process-wide, which is acceptable for one export.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            wb = openpyxl.load_workbook(
                data, keep_vba=keep_vba, keep_links=False, rich_text=True, data_only=False
            )
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
            raise ExportError(
                f"{name}: cannot be opened as a workbook for export ({exc}); export from a fresh copy"
            ) from exc
    for w in caught:
        notes.append(f"The workbook library could not keep everything: {w.message}")
    notes.append(
        "Charts, images and some extensions of the original workbook may be missing from this copy; "
        "the original file is unchanged."
    )

    sheets = {ws.title: ws for ws in wb.worksheets if isinstance(ws, Worksheet)}
    bom = result.bom
    assert bom is not None
    plan = plan_export(
        result,
        run,
        decisions,
        sheet_names={s.name: s.name for s in bom.sheets if s.name in sheets},
        used_widths={t: _used_width(ws) for t, ws in sheets.items()},
        taken_names=wb.sheetnames,
        exported_at=exported_at,
        notes=notes,
        backend="openpyxl",
        diff=diff,
        cancel=cancel,
    )
    styles = _Styles()
    total = len(plan.annotations) + 2
    for i, ann in enumerate(plan.annotations):
        if progress is not None:
            progress(i, total, f"Annotating sheet {ann.target_name}")
        if cancel is not None:
            cancel.raise_if_cancelled()
        _apply_annotation(sheets[ann.target_name], ann, styles, cancel)
    if progress is not None:
        progress(total - 2, total, "Adding findings and manifest")
    _add_new_sheets(wb, plan, styles)
    if cancel is not None:
        cancel.raise_if_cancelled()
    if progress is not None:
        progress(total - 1, total, f"Saving {name}")
    with _openpyxl_temporary_files_removed_on_failure():
        wb.save(out)


def _save_xml_patch(
    data: IO[bytes],
    keep_vba: bool,
    result: FileResult,
    run: RunInfo,
    decisions: Mapping[tuple, Decision] | None,
    exported_at: str,
    notes: list[str],
    out: IO[bytes],
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
    diff: AuditDiff | None = None,
) -> None:
    """Copy the original package and patch the annotated sheets, styles and workbook parts into ``out``.

    Raises:
        PatchUnsupported: the workbook cannot be patched; ``out`` may hold a partial file.
    """
    pkg = xlsxpatch.open_package(data)
    bom = result.bom
    assert bom is not None
    worksheets = {s.name for s in pkg.sheets if s.part}
    screened = {r.name for r in result.sheets if r.rows_screened or r.rows_not_screened} | {
        h.sheet for h in result.hits
    }
    plan = plan_export(
        result,
        run,
        decisions,
        sheet_names={s.name: s.name for s in bom.sheets if s.name in worksheets},
        used_widths={n: xlsxpatch.merged_width(pkg, n) for n in screened if n in worksheets},
        taken_names=[s.name for s in pkg.sheets],
        exported_at=exported_at,
        notes=notes,
        backend="xml-patch",
        diff=diff,
        cancel=cancel,
    )
    total = len(plan.annotations) + 3
    step = iter(range(total))

    def report(message: str) -> None:
        if progress is not None:
            progress(next(step, total - 1), total, message)

    xlsxpatch.write_patched(
        pkg,
        plan.annotations,
        _new_sheets(plan),
        out,
        fills=FILLS,
        n_status=len(STATUS_COLUMNS),
        keep_vba=keep_vba,
        progress=report,
        cancel=cancel,
    )


def _new_sheets(plan: ExportPlan) -> list[xlsxpatch.NewSheet]:
    return [xlsxpatch.NewSheet(*sheet) for sheet in plan.new_sheets()]


def _rebuilt_sheet_names(result: FileResult) -> dict[str, str]:
    assert result.bom is not None
    names: dict[str, str] = {}
    for s in result.bom.sheets:
        names[s.name] = unique_sheet_name(s.name, names.values())
    return names


def _text_or_cell(ws, value: str):
    """A value for a write-only row: plain text stays a str unless openpyxl would read it as formula/error."""
    value = _clean_text(value)
    if value.startswith("=") or value in ERROR_CODES:
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def _plan_cell_for_write_only(ws, pc: PlanCell, styles: _Styles):
    if pc.value is None and not pc.style:
        return None
    if not pc.style:
        return _text_or_cell(ws, pc.value) if isinstance(pc.value, str) else pc.value
    cell = WriteOnlyCell(ws)
    _set_value(cell, pc.value)
    styles.apply(cell, pc.style)
    return cell


def _save_rebuilt(
    result: FileResult,
    run: RunInfo,
    decisions: Mapping[tuple, Decision] | None,
    exported_at: str,
    notes: list[str],
    out: IO[bytes],
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
    diff: AuditDiff | None = None,
) -> None:
    """Build a new workbook from the BOM's cell text plus the plan, and save it to ``out``."""
    bom = result.bom
    assert bom is not None
    names = _rebuilt_sheet_names(result)
    notes.append(
        f"The original is a .{bom.format} file: its sheets were rebuilt from the cell text as read (values "
        "only, same rows and columns, no formatting)."
    )
    for src, dst in names.items():
        if src != dst:
            notes.append(f"Sheet '{src}' is named '{dst}' in this workbook (Excel does not accept the name).")
    plan = plan_export(
        result,
        run,
        decisions,
        sheet_names=names,
        taken_names=names.values(),
        exported_at=exported_at,
        notes=notes,
        backend="rebuilt",
        diff=diff,
        cancel=cancel,
    )
    styles = _Styles()
    annotations = {a.source_name: a for a in plan.annotations}
    wb = openpyxl.Workbook(write_only=True)
    # A cancel or a write fault anywhere below leaves sheets half-written: close them and delete their
    # temporary files (see _discard_write_only).
    try:
        total = len(bom.sheets) + 2
        for k, sheet in enumerate(bom.sheets):
            if progress is not None:
                progress(k, total, f"Writing sheet {names[sheet.name]}")
            if cancel is not None:
                cancel.raise_if_cancelled()
            ws = wb.create_sheet(names[sheet.name])
            if sheet.hidden:
                ws.sheet_state = "hidden"
            _write_rebuilt_rows(ws, sheet, annotations.get(sheet.name), styles, cancel)
        if progress is not None:
            progress(total - 2, total, "Adding findings and manifest")
        for name, rows, widths, header in plan.new_sheets():
            ws = wb.create_sheet(name)
            for i, width in enumerate(widths, start=1):
                ws.column_dimensions[get_column_letter(i)].width = width
            if header:
                ws.freeze_panes = "A2"
                ws.auto_filter.ref = (
                    f"A1:{get_column_letter(max((len(r) for r in rows), default=1))}{max(len(rows), 1)}"
                )
            for cells in rows:
                ws.append([_plan_cell_for_write_only(ws, pc, styles) for pc in cells])
        if cancel is not None:
            cancel.raise_if_cancelled()
        if progress is not None:
            progress(total - 1, total, f"Saving {result.path.name}")
        with _openpyxl_temporary_files_removed_on_failure():
            wb.save(out)
    except BaseException:
        _discard_write_only(wb)
        raise


@contextlib.contextmanager
def _openpyxl_temporary_files_removed_on_failure() -> Iterator[None]:
    """Delete the per-sheet temporary files openpyxl made during a save that failed.

    openpyxl writes each sheet to a file in the system temp folder and deletes it once it is in the archive;
    when the archive write fails (a full disk) the file stays until the program exits, filling the disk further
    in a long session. Uses openpyxl's own registry of those files (private, hence the getattr).
    """
    registry = getattr(_openpyxl_writer, "ALL_TEMP_FILES", None)
    before = set(registry) if isinstance(registry, list) else set()
    try:
        yield
    except BaseException:
        if isinstance(registry, list):
            for path in [p for p in registry if p not in before]:
                with contextlib.suppress(OSError):
                    os.remove(path)
                with contextlib.suppress(ValueError):
                    registry.remove(path)
        raise


def _discard_write_only(wb) -> None:
    """Close and delete the per-sheet temporary files of a write-only workbook whose save failed.

    Left alone, each sheet openpyxl had not saved yet keeps a suspended row writer which, when garbage-collected,
    writes into a file that is already closed (Python prints "Exception ignored ... Traceback" on stderr), and
    its temporary file stays in the system temp folder, on a disk that may be full, until the program exits.
    """
    for ws in wb.worksheets:
        with contextlib.suppress(Exception):
            if not ws.closed:
                ws.close()
        rows = getattr(ws, "_rows", None)
        if rows is not None:
            with contextlib.suppress(Exception):
                rows.close()
        writer = getattr(ws, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.close()
            with contextlib.suppress(Exception):
                writer.cleanup()  # the temporary file of a sheet closed only now


def _styled_cell(ws, value, style: str, styles: _Styles, fill_key: str | None = None):
    """A write-only cell with a value, a plan style and optionally a decision fill."""
    cell = WriteOnlyCell(ws)
    _set_value(cell, value)
    styles.apply(cell, style)
    if fill_key is not None and not style.startswith("fill:"):
        cell.fill = styles.fills[fill_key]
    return cell


def _write_rebuilt_rows(
    ws, sheet: SheetData, ann: SheetAnnotation | None, styles: _Styles, cancel: CancelToken | None
) -> None:
    last = sheet.last_row
    if ann is not None:
        last = max(last, ann.last_row)
    for row in range(1, last + 1):
        if cancel is not None and row % 5000 == 0:
            cancel.raise_if_cancelled()
        i = row - sheet.first_row
        texts = sheet.rows[i] if 0 <= i < len(sheet.rows) else []
        values: list = [None] * sheet.first_col
        values.extend(_text_or_cell(ws, v) if v else None for v in texts)
        status = ann.status(row) if ann is not None else None
        highlight = ann.highlights.get(row) if ann is not None else None
        if highlight is not None:
            decision, cols = highlight
            for c in cols:
                j = c - sheet.first_col
                if 0 <= j < len(texts) and texts[j]:
                    values[c] = _styled_cell(ws, texts[j], "", styles, decision)
        if status:
            values.extend([None] * (ann.start_col - len(values)))
            fill_key = highlight[0] if highlight is not None else None
            for pc in status:
                if fill_key is None:
                    values.append(_plan_cell_for_write_only(ws, pc, styles))
                else:
                    values.append(_styled_cell(ws, pc.value, pc.style, styles, fill_key))
        ws.append(values)


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


def _io_message(exc: OSError, out_path: Path) -> str:
    name = out_path.name
    if exc.errno in _DISK_FULL:
        return f"{name}: the disk is full; free some space or choose another folder, then export again"
    if isinstance(exc, IsADirectoryError):
        return f"{name}: a folder has this name; choose another name or folder and export again"
    if isinstance(exc, PermissionError):
        return f"{name}: cannot write to {out_path.parent}; choose a folder you can write to"
    if exc.errno == errno.EROFS:
        return f"{name}: {out_path.parent} is read-only; choose another folder"
    return f"{name}: could not be written ({exc.strerror or exc}); choose another folder and export again"


#: Errors that mean "no room": a full disk, or the person's quota used up (reads the same to them).
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


class _OutputSink:
    """The temporary output as a backend sees it; after a failure it swallows whatever is still written.

    openpyxl leaves its ZipFile open when a write fails (a full disk); when that object is garbage-collected
    it tries to finish the archive into the temporary file, which is closed and deleted by then, and Python
    prints "Exception ignored ... Traceback" on stderr. Writes into a discarded sink go nowhere instead.
    """

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh: IO[bytes] | None = fh
        self._pos = 0  # where a discarded sink pretends to be, so a zip writer's offsets stay consistent

    def discard(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError, ValueError):
                self._pos = self._fh.tell()
        self._fh = None

    def write(self, data) -> int:
        if self._fh is None:
            n = memoryview(data).nbytes
            self._pos += n
            return n
        return self._fh.write(data)

    def tell(self) -> int:
        return self._pos if self._fh is None else self._fh.tell()

    def seek(self, pos: int, whence: int = 0) -> int:
        if self._fh is None:
            self._pos = pos if whence == 0 else self._pos + pos
            return self._pos
        return self._fh.seek(pos, whence)

    def flush(self) -> None:
        if self._fh is not None:
            self._fh.flush()

    def truncate(self, size: int | None = None) -> int:
        return 0 if self._fh is None else self._fh.truncate(size)

    def read(self, n: int = -1) -> bytes:
        return b"" if self._fh is None else self._fh.read(n)

    def seekable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True


@contextlib.contextmanager
def _temporary_output(out_path: Path) -> Iterator[IO[bytes]]:
    """Yield a temporary file beside ``out_path``; on success fsync and rename it over ``out_path``.

    On any failure the temporary file is removed and an earlier file at ``out_path`` is left as it was.
    """
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".tmp", dir=out_path.parent)
    except (NotADirectoryError, FileExistsError) as exc:
        raise ExportError(
            f"{out_path.name}: {out_path.parent} is not a folder (a file has that name); choose another folder"
        ) from exc
    except OSError as exc:
        raise ExportError(_io_message(exc, out_path)) from exc
    try:
        make_shareable(fd)
        with os.fdopen(fd, "w+b") as fh:
            sink = _OutputSink(fh)
            try:
                yield sink  # type: ignore[misc]
            except BaseException:
                sink.discard()
                raise
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.replace(tmp, out_path)
        except PermissionError as exc:
            # On Windows a file open in Excel cannot be replaced.
            raise ExportError(
                f"{out_path.name}: the file is in use by another program; close it (e.g. in Excel) and "
                "export again"
            ) from exc
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ExportError(_io_message(exc, out_path)) from exc
        raise


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
    if backend != "openpyxl":
        source.seek(0)
        try:
            _save_xml_patch(
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
    _save_openpyxl(source, keep_vba, result, run, decisions, exported_at, notes, out, progress, cancel, diff)


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
    out_path = Path(out_path)
    name = result.path.name
    bom = result.bom
    if not result.ok or bom is None:
        raise ExportError(
            f"{name}: was not screened ({result.error or 'no data'}); screen it before exporting"
        )
    for source in {result.path, bom.path}:
        if _is_same_file(out_path, source):
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

        with _temporary_output(out_path) as fh:
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
                _save_rebuilt(result, run, decisions, exported_at, notes, fh, progress, cancel, diff)
    if progress is not None:
        progress(1, 1, f"Exported {out_path.name}")
    return out_path
