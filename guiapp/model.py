"""Plain data that flows through the core: file -> Bom -> screening -> Hits -> decisions -> export.

Every stage is a function of these dataclasses. Nothing here imports Qt; the GUI renders these objects
and never owns the data.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: Column roles recognised in a BOM, in screening priority order.
ROLES: tuple[str, ...] = ("manufacturer", "part_number", "description", "supplier")
#: The field name given to cells of a sheet without a recognised header (every text cell is free text).
FREE_TEXT = "text"

#: Hit methods, from strongest to weakest evidence.
METHODS: tuple[str, ...] = ("exact", "alias", "fuzzy", "part_number", "description")


class Cancelled(Exception):
    """Raised inside long work when its CancelToken was cancelled."""


class CancelToken:
    """A flag long-running core work checks between chunks; safe to set from another thread."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next check."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """Whether cancel() was called."""
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        """Raise Cancelled when cancel() was called."""
        if self._event.is_set():
            raise Cancelled()


#: progress(done, total, message): called from the worker's thread; total may be 0 when unknown.
ProgressCallback = Callable[[int, int, str], None]
#: Given batches of distinct cell texts of a workbook while calamine parses it (see ingest/prefetch.py).
TextSink = Callable[[list[str]], None]


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 row", "5 rows", "0 rows": a count with its noun in the right number (``plural`` when not noun+s)."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


#: The most characters a spreadsheet cell holds (Excel's limit; longer text is cut by every writer).
CELL_LIMIT = 32_767


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column index (0 -> 'A', 27 -> 'AB')."""
    if index < 0:
        raise ValueError("column index must be >= 0")
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letter: str) -> int:
    """Return the 0-based index of a spreadsheet column letter ('A' -> 0, 'AB' -> 27)."""
    letter = letter.strip().upper()
    if not letter or not letter.isalpha() or not letter.isascii():
        raise ValueError(f"not a column letter: {letter!r}")
    n = 0
    for ch in letter:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


class BomReadError(Exception):
    """A file could not be read. The message is one line for a person: it names the file and what to do."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{printable_name(path)}: {reason}")


def printable_name(path: str | Path) -> str:
    """A file's name for a one-line message: control characters (a newline in a name) shown as '?'.

    A name that is not valid UTF-8 (Python keeps its bytes as lone surrogates) shows those bytes as \\xff,
    so the message can be printed, logged and written to a report.
    """
    return "".join("?" if ord(c) < 32 or ord(c) == 127 else _unsurrogate(c) for c in Path(path).name)


def _unsurrogate(c: str) -> str:
    code = ord(c)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return f"\\u{code:04x}"
    return c


#: Characters that move the cursor, recolour or rewrite a terminal, or reorder text: C0 and C1 controls,
#: DEL, and the bidirectional overrides and isolates.
_TERMINAL_UNSAFE = {
    code: f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"
    for code in [*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    if code not in (0x09, 0x0A)
}


def printable(text: str) -> str:
    """Text safe to print to a terminal: controls and escape sequences shown as \\x1b, \\u202e.

    Tabs and line breaks are kept (callers that print one line per item split first); bytes of a name that
    was not UTF-8 show as \\xff.
    """
    text = text.translate(_TERMINAL_UNSAFE)
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        text = "".join(_unsurrogate(c) for c in text)
    return text


@dataclass(frozen=True)
class ColumnEvidence:
    """Why one column got (or did not get) its role: the header's word and the shapes of the values under it.

    Built by the code that decides the mapping (ingest/mapping.py), so what it says is what was decided.

    Attributes:
        column: 0-based absolute column index.
        header: the header cell as written.
        term: the vocabulary phrase the header matched ("mfr", "hersteller"), or "" for none.
        language: ISO 639-1 code of that phrase ("en", "de", "zh"...), or "" when unknown.
        header_role: the role the header names ("manufacturer"...), "other" or "" for none.
        weak: whether the header's word is a weak name ("Value", "CATALOG"), used only without a strong one.
        role: the role the column has in the mapping, or "" for none.
        verdict: "confirmed" (values agree with the header), "overturned" (values gave another role),
            "dropped" (values are numbers, dates or designators: no role), "header" (the header decided:
            the values neither confirm nor overturn it), "too_few" (too few values to weigh), "not_used"
            (a weak name where a strong column has that role) or "by_hand" (a person chose the role).
        counts: value shape (shapes.SHAPES) -> how many sampled values have it.
        sampled: how many non-empty values were sampled.
        samples: the first distinct sampled values, for a person to look at.
        confidence: 0..1, how sure this column's role is.
        reason: one line in plain English, for logs, tooltips and the manifest.
    """

    column: int
    header: str
    term: str = ""
    language: str = ""
    header_role: str = ""
    weak: bool = False
    role: str = ""
    verdict: str = "header"
    counts: dict[str, int] = field(default_factory=dict)
    sampled: int = 0
    samples: tuple[str, ...] = ()
    confidence: float = 0.0
    reason: str = ""

    def share(self, *shapes: str) -> float:
        """The share (0..1) of sampled values having any of these shapes; 0 when nothing was sampled."""
        if not self.sampled:
            return 0.0
        return sum(self.counts.get(s, 0) for s in shapes) / self.sampled

    def to_json(self) -> dict:
        """The record as in the CLI's --json contract (without the sampled values: they are the file's data)."""
        return {
            "column": column_letter(self.column),
            "header": self.header,
            "term": self.term,
            "language": self.language,
            "header_role": self.header_role,
            "weak_header": self.weak,
            "role": self.role,
            "verdict": self.verdict,
            "confidence": self.confidence,
            "value_shapes": dict(self.counts),
            "values_sampled": self.sampled,
            "reason": self.reason,
        }


@dataclass
class ColumnMap:
    """Which row holds the headers and which columns carry which role, for one sheet.

    Attributes:
        header_row: 1-based spreadsheet row of the headers; None when no header was recognised and every
            text cell is screened as free text.
        columns: role -> 0-based absolute column indices (several columns may share a role).
        headers: 0-based absolute column index -> header text, for every non-blank header cell.
        confidence: 0..1, how sure the detection is (1.0 for a person's override).
        source: "detected", "override" (CLI/GUI choice) or "remembered" (a stored layout), or "none".
        notes: plain words on how the mapping was chosen.
        evidence: column -> why it has its role (header word, value shapes, verdict), for the columns whose
            header names a role and for the columns a person chose.
    """

    header_row: int | None = None
    columns: dict[str, list[int]] = field(default_factory=dict)
    headers: dict[int, str] = field(default_factory=dict)
    confidence: float = 0.0
    source: str = "none"
    notes: str = ""
    evidence: dict[int, ColumnEvidence] = field(default_factory=dict)

    def letters(self) -> dict[str, list[str]]:
        """Role -> column letters, for reports and JSON."""
        return {role: [column_letter(c) for c in cols] for role, cols in self.columns.items() if cols}

    def role_of(self, col: int) -> str | None:
        """The role of an absolute column index, or None."""
        for role, cols in self.columns.items():
            if col in cols:
                return role
        return None


@dataclass
class SheetData:
    """One sheet's cells as text, as the person sees them in the spreadsheet.

    Attributes:
        name: sheet name (a CSV file's stem).
        hidden: whether the sheet is hidden (or very hidden) in the workbook.
        rows: the used range as rows of cell text ("" for blank); rows[i][j] is the cell at spreadsheet row
            first_row + i and 0-based column first_col + j. Rows may be ragged.
        first_row: 1-based spreadsheet row number of rows[0].
        first_col: 0-based column index of rows[i][0].
        mapping: the column mapping used for screening.
        formula_cells_without_value: count of formula cells that had no cached value (not screenable).
    """

    name: str
    hidden: bool = False
    rows: list[list[str]] = field(default_factory=list)
    first_row: int = 1
    first_col: int = 0
    mapping: ColumnMap = field(default_factory=ColumnMap)
    formula_cells_without_value: int = 0

    def cell(self, row: int, col: int) -> str:
        """Cell text at a 1-based spreadsheet row and 0-based absolute column ("" outside the range)."""
        i = row - self.first_row
        j = col - self.first_col
        if 0 <= i < len(self.rows):
            r = self.rows[i]
            if 0 <= j < len(r):
                return r[j]
        return ""

    def row_values(self, row: int) -> list[str]:
        """All cells of a 1-based spreadsheet row, indexed from column 0 (absolute)."""
        i = row - self.first_row
        if not 0 <= i < len(self.rows):
            return []
        return [""] * self.first_col + list(self.rows[i])

    @property
    def last_row(self) -> int:
        """1-based row number of the last row in the range (first_row - 1 when empty)."""
        return self.first_row + len(self.rows) - 1

    @property
    def width(self) -> int:
        """Number of columns from column A to the rightmost used column."""
        return self.first_col + max((len(r) for r in self.rows), default=0)


@dataclass
class Bom:
    """A BOM file as read: identity, format, sheets and warnings (e.g. hidden sheet, formulas without values)."""

    path: Path
    sha256: str
    format: str  # "xlsx", "xlsm", "xls", "xlsb", "ods", "csv"
    sheets: list[SheetData] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None  # CSV only
    delimiter: str | None = None  # CSV only
    #: The encoding of a text file is a doubtful guess: its rows may be misread and never read as clear.
    encoding_doubtful: bool = False


#: What every evidence view says where a list entry does not carry a field: never a guess in its place.
NOT_GIVEN = "not given in the list"
#: What the evidence views say when the list a hit came from was not loaded.
NOT_AT_HAND = "not at hand: the list this hit came from is not loaded"
#: The labels of EntryEvidence.fields(), in order (the Findings sheet's evidence columns).
ENTRY_FIELDS: tuple[str, ...] = (
    "List",
    "Programmes (start date)",
    "Entity number",
    "Federal Register",
    "Start date",
    "Source URL",
    "List edition",
    "List imported",
)


@dataclass(frozen=True)
class Listing:
    """One programme a list entry is on: the list code, the programme or scope words, and since when."""

    code: str
    programme: str = ""
    start_date: str = ""
    via_affiliate: bool = False
    #: The listing belongs to the entry's listed parent (the entry itself is a brand or subsidiary).
    via_parent: str = ""

    def text(self) -> str:
        """One line: "BIS-EL, Entity List programme, since 2019-10-09 (through parent X)"."""
        parts = [self.code]
        if self.programme:
            parts.append(self.programme)
        parts.append(f"since {self.start_date}" if self.start_date else "start date not given")
        line = ", ".join(parts)
        if self.via_affiliate:
            line += " (covered as an affiliate, not named)"
        if self.via_parent:
            line += f" (through its listed parent {self.via_parent})"
        return line

    def to_json(self) -> dict:
        """As in the CLI's --json contract; null where the list does not give it."""
        return {
            "list": self.code,
            "programme": self.programme or None,
            "start_date": self.start_date or None,
            "via_affiliate": self.via_affiliate,
            "via_parent": self.via_parent or None,
        }


@dataclass(frozen=True)
class EntryEvidence:
    """The list entry behind a finding, as the list gives it (guiapp.evidence.entries builds it).

    Attributes:
        entity_id: the entry's id in its list.
        name: the entry's name as listed.
        parent: the listed parent's name ("" for a listed entity itself).
        watchlist: the list with its edition, e.g. "Consolidated Screening List (2026-11-20)".
        source: where the list came from ("built-in", or the imported file's name).
        imported_at: when the list was imported into the app ("" for the built-in list).
        listings: the programmes the entry is on, with their start dates.
        citation: where the listing is documented, as the list gives it.
        federal_register: Federal Register citations found in it ("84 FR 54002").
        urls: source addresses found in it.
        country: the entry's country code(s).
        scope: what the listing restricts, as the list says.
        entity_number: the entry's number in the published list (the CSL's entity_number), "" when none.
        list_name: the list's name without its edition.
        edition: the list's edition (its date, else its version), "" when the list gives none.
    """

    entity_id: str
    name: str
    parent: str
    watchlist: str
    source: str
    imported_at: str
    listings: tuple[Listing, ...]
    citation: str
    federal_register: tuple[str, ...]
    urls: tuple[str, ...]
    country: str
    scope: str
    entity_number: str = ""
    list_name: str = ""
    edition: str = ""

    @property
    def imported_text(self) -> str:
        """When the list was imported, in words."""
        if self.source == "built-in":
            return "ships with the app (built-in list)"
        return self.imported_at or "given for this run only (not kept in the app)"

    def fields(self) -> list[tuple[str, str]]:
        """(label, text) of every evidence field, in the order the views show them; a field the entry lacks
        says so (NOT_GIVEN) rather than stay blank."""
        starts = "; ".join(dict.fromkeys(x.start_date for x in self.listings if x.start_date))
        texts = (
            self.list_name or self.watchlist,
            "; ".join(x.text() for x in self.listings) or NOT_GIVEN,
            self.entity_number or NOT_GIVEN,
            "; ".join(self.federal_register) or NOT_GIVEN,
            starts or NOT_GIVEN,
            "; ".join(self.urls) or NOT_GIVEN,
            self.edition or NOT_GIVEN,
            self.imported_text,
        )
        return list(zip(ENTRY_FIELDS, texts, strict=True))

    def to_json(self) -> dict:
        """As in the CLI's --json contract (resources/schema): null where the list does not give a field."""
        return {
            "entity_id": self.entity_id,
            "name": self.name,
            "parent": self.parent or None,
            "list": self.list_name or self.watchlist,
            "watchlist": self.watchlist,
            "edition": self.edition or None,
            "source": self.source,
            "imported_at": self.imported_at or None,
            "listings": [x.to_json() for x in self.listings],
            "entity_number": self.entity_number or None,
            "federal_register": list(self.federal_register),
            "start_dates": list(dict.fromkeys(x.start_date for x in self.listings if x.start_date)),
            "source_urls": list(self.urls),
            "citation": self.citation or None,
            "country": self.country or None,
            "scope": self.scope or None,
        }


@dataclass(frozen=True)
class Match:
    """One way a cell value meets a watchlist entry, independent of where the value sits.

    Attributes:
        entity_id: id of the matched list entry (e.g. "HIKVISION-EZVIZ").
        entity: display name of the matched entry (the brand or subsidiary when it is one).
        parent_id: id of the listed parent ("HIKVISION"); equal to entity_id for a listed entity itself.
        parent: display name of the listed parent.
        matched_name: the alias, Chinese name or pattern that matched.
        lists: list codes with their edition, e.g. ("BIS-EL", "NDAA-889").
        method: one of METHODS.
        score: 0..100.
        reason: plain-words explanation for a person.
        confidence: confidence of the list data behind the entry: "high", "medium" or "low".
        review: True when this is a review-level finding (low-confidence data, weak pattern, REVIEW rows).
        normalized_value: the cell value after normalisation, as compared.
        normalized_name: the list name after normalisation, as compared.
        watchlist: name of the watchlist (edition) the entry came from.
        entry: the evidence of the list entry (programmes, numbers, citations, edition), attached by the
            app once screening is done; None when the list was not at hand. Not part of a match's identity.
    """

    entity_id: str
    entity: str
    parent_id: str
    parent: str
    matched_name: str
    lists: tuple[str, ...]
    method: str
    score: float
    reason: str
    confidence: str = "high"
    review: bool = False
    normalized_value: str = ""
    normalized_name: str = ""
    watchlist: str = ""
    entry: EntryEvidence | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Hit:
    """A Match at a place in a BOM."""

    sheet: str
    row: int  # 1-based spreadsheet row (CSV: line number of the record, header = 1)
    column: str  # column letter
    field: str  # a role from ROLES, or FREE_TEXT
    value: str  # cell text as written
    match: Match

    @property
    def key(self) -> tuple[str, int, str, str]:
        """Stable identity of a hit within one file: sheet, row, column, matched entry."""
        return (self.sheet, self.row, self.column, self.match.entity_id)

    def to_json(self) -> dict:
        """The hit as in the CLI's --json contract."""
        m = self.match
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "value": self.value,
            "entity_id": m.entity_id,
            "entity": m.entity,
            "parent": m.parent,
            "parent_id": m.parent_id,
            "matched_name": m.matched_name,
            "lists": list(m.lists),
            "method": m.method,
            "score": round(float(m.score), 1),
            "reason": m.reason,
            "confidence": m.confidence,
            "review": m.review,
            "watchlist": m.watchlist,
            "entry": m.entry.to_json() if m.entry is not None else None,
        }


@dataclass
class SheetReport:
    """What screening did on one sheet: the mapping used and the coverage."""

    name: str
    hidden: bool
    mapping: ColumnMap
    rows_screened: int = 0
    rows_not_screened: int = 0
    #: 1-based row numbers of data rows with content but nothing screenable (no role column filled).
    not_screened_rows: list[int] = field(default_factory=list)
    #: Formula cells saved without a value: their text is unknown, so they were not screened.
    cells_without_value: int = 0

    def to_json(self) -> dict:
        """The sheet as in the CLI's --json contract."""
        return {
            "name": self.name,
            "hidden": self.hidden,
            "header_row": self.mapping.header_row,
            "columns": self.mapping.letters(),
            "mapping_confidence": round(self.mapping.confidence, 2),
            "mapping_source": self.mapping.source,
            "mapping_notes": self.mapping.notes,
            "column_evidence": [e.to_json() for _, e in sorted(self.mapping.evidence.items())],
            "rows_screened": self.rows_screened,
            "rows_not_screened": self.rows_not_screened,
            "cells_without_value": self.cells_without_value,
        }


@dataclass
class ScreenOptions:
    """Settings of a screening run (recorded in every export).

    Attributes:
        threshold: minimum fuzzy score (0..100) for a fuzzy hit.
        header_row: force this 1-based header row on every sheet (None: detect).
        column_overrides: role -> header texts or column letters to use for that role (replaces detection
            for that role).
        roles: the roles to screen.
    """

    threshold: float = 88.0
    header_row: int | None = None
    column_overrides: dict[str, list[str]] = field(default_factory=dict)
    roles: tuple[str, ...] = ROLES

    def to_json(self) -> dict:
        """Settings as plain data."""
        return {
            "threshold": self.threshold,
            "header_row": self.header_row,
            "column_overrides": {k: list(v) for k, v in self.column_overrides.items()},
            "roles": list(self.roles),
        }


@dataclass
class FileResult:
    """The outcome of screening one file; status "error" carries a one-line message and no hits."""

    path: Path
    sha256: str = ""
    status: str = "ok"  # "ok" | "error"
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    sheets: list[SheetReport] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    bom: Bom | None = None
    elapsed_s: float = 0.0
    #: When screening of this file started (ISO 8601 UTC): the run time its evidence records.
    screened_at: str = ""
    #: The text encoding was a doubtful guess (see Bom.encoding_doubtful): the file is at most partly screened.
    encoding_doubtful: bool = False

    @property
    def ok(self) -> bool:
        """True when the file was read and screened."""
        return self.status == "ok"

    @property
    def coverage(self) -> str:
        """How much of the file was screened: "screened", "partly screened", "not screened" or "error".

        "not screened" (no row of any sheet was screened) and "partly screened" (some rows could not be, or
        formula cells had no saved value) are states every front end shows; neither may ever read as clear.
        """
        if not self.ok:
            return "error"
        if not any(s.rows_screened for s in self.sheets):
            return "not screened"
        if any(s.rows_not_screened or s.cells_without_value for s in self.sheets) or self.encoding_doubtful:
            return "partly screened"
        return "screened"

    def to_json(self) -> dict:
        """The file as in the CLI's --json contract."""
        return {
            "path": str(self.path),
            "sha256": self.sha256,
            "status": self.status,
            "coverage": self.coverage,
            "error": self.error,
            "warnings": list(self.warnings),
            "sheets": [s.to_json() for s in self.sheets],
            "hits": [h.to_json() for h in self.hits],
        }


#: Review decisions a person can record on a hit; "pending" is the default.
DECISIONS: tuple[str, ...] = ("pending", "confirmed", "false_positive", "escalated")
DECISION_LABELS: dict[str, str] = {
    "pending": "Pending",
    "confirmed": "Confirmed",
    "false_positive": "False positive",
    "escalated": "Escalated",
}


@dataclass
class Decision:
    """A person's disposition of a hit, with the rationale, who decided and when (ISO 8601 UTC time)."""

    status: str = "pending"
    note: str = ""
    reviewer: str = ""
    time: str = ""
    remembered: bool = False  # applied automatically from decision memory (shown, never silent)
    #: The finding's decision history as lines, oldest first, for the copy and the report (not stored here:
    #: the audit session keeps the history itself).
    history: tuple[str, ...] = ()

    def to_json(self) -> dict:
        """The decision as plain data."""
        return {
            "status": self.status,
            "note": self.note,
            "reviewer": self.reviewer,
            "time": self.time,
            "remembered": self.remembered,
        }

    @classmethod
    def from_json(cls, data: dict) -> Decision:
        """Build from to_json() output; unknown statuses fall back to pending."""
        status = data.get("status", "pending")
        if status not in DECISIONS:
            status = "pending"
        return cls(
            status=status,
            note=str(data.get("note", "")),
            reviewer=str(data.get("reviewer", "")),
            time=str(data.get("time", "")),
            remembered=bool(data.get("remembered", False)),
        )


@dataclass
class WatchlistInfo:
    """Identity of a watchlist edition as recorded in evidence: name, version, date, SHA-256, size, source."""

    name: str
    version: str
    date: str
    sha256: str
    entities: int
    names: int = 0
    source: str = ""  # "built-in", or the imported file's name/path
    imported_at: str = ""  # when a kept list was imported (ISO 8601 UTC); "" for the built-in list

    def to_json(self) -> dict:
        """As in the CLI's --json contract (plus date, names and source)."""
        return {
            "name": self.name,
            "version": self.version,
            "date": self.date,
            "sha256": self.sha256,
            "entities": self.entities,
            "names": self.names,
            "source": self.source,
        }


@dataclass
class RunInfo:
    """Who ran what, when and how: recorded in the manifest of every export and report."""

    tool_name: str
    tool_version: str
    started_at: str  # ISO 8601 UTC
    watchlists: list[WatchlistInfo] = field(default_factory=list)
    options: ScreenOptions = field(default_factory=ScreenOptions)
    reviewer: str = ""
    #: entity id -> fingerprint of every field of the list entry (review.identity.watchlist_fingerprints),
    #: recorded with each finding so a later audit sees an entry that changed in any way.
    fingerprints: dict[str, str] = field(default_factory=dict)
