"""Watchlists: the built-in list that ships with the app and a person's own CSV/XLSX lists.

A Watchlist is plain data (entities with aliases, list memberships and part-number patterns); matching lives
in guiapp.matching.matcher. Importers for the trade.gov Consolidated Screening List and OpenSanctions exports are meant
to produce the same Watchlist objects (see `load_user_list` for the shape of a table importer).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from guiapp.model import WatchlistInfo, printable_name
from guiapp.resources import resource_path

BUILTIN_FILE = "builtin.json"
CONFIDENCES = ("high", "medium", "low")
RELATIONSHIPS = ("self", "subsidiary", "brand", "affiliate", "subordinate")
ALIAS_KINDS = ("legal", "short", "former", "cjk", "brand", "trade", "core")
#: What kind of party an entry names. Only organisations make parts; the others are screened only when a
#: person switches them on for a list (a person's name rarely appears in a BOM, and common first and last
#: names would flood the review with false hits).
PARTIES = ("organisation", "person", "vessel", "aircraft")


@dataclass(frozen=True)
class ListEntry:
    """Membership of an entity in one public list.

    Attributes:
        code: list code, e.g. "BIS-EL", "NDAA-889", "FCC-CL", "UFLPA".
        date: date added (ISO), when known.
        note: edition or scope remark.
        via_affiliate: True when covered only through 'subsidiary or affiliate' wording, not named.
    """

    code: str
    date: str = ""
    note: str = ""
    via_affiliate: bool = False


@dataclass(frozen=True)
class Alias:
    """Another name of an entity.

    Attributes:
        name: the name as written.
        kind: legal, short, former, cjk, brand, trade (or core, derived by the matcher).
        confidence: high, medium or low.
        review: True when a match on this name is a review item only (e.g. bare 'Dahua').
    """

    name: str
    kind: str = "short"
    confidence: str = "high"
    review: bool = False


@dataclass(frozen=True)
class PartPattern:
    """A manufacturer's part-number convention.

    Attributes:
        regex: Python regular expression (searched case-insensitively).
        label: plain words for reasons, e.g. "camera model pattern DS-…".
        examples: strings that must match.
        must_not_match: real counter-examples that must not match.
        confidence: high, medium or low (low patterns give review-level matches).
        context: words of which one must appear in the cell or row (lower case); empty when none is needed.
        context_mode: "require" (no match without context) or "review" (review-level match without it).
        note: why the pattern looks the way it does.
    """

    regex: str
    label: str = ""
    examples: tuple[str, ...] = ()
    must_not_match: tuple[str, ...] = ()
    confidence: str = "high"
    context: tuple[str, ...] = ()
    context_mode: str = ""
    note: str = ""

    def compiled(self) -> re.Pattern[str]:
        """The compiled regex (cached per pattern text)."""
        return _compile(self.regex)


_PATTERN_CACHE: dict[str, re.Pattern[str]] = {}


def read_list_file(path: Path) -> bytes:
    """The bytes of a list file; a pipe or device (which would block or never end) is refused.

    Raises:
        ValueError: the file cannot be read (one line naming it and why).
    """
    from guiapp.ingest.reading import open_regular_file

    try:
        with open_regular_file(path) as fh:
            return fh.read()
    except OSError as exc:
        raise ValueError(f"{printable_name(path)}: cannot open the file ({exc.strerror or exc})") from exc


def _compile(regex: str) -> re.Pattern[str]:
    pattern = _PATTERN_CACHE.get(regex)
    if pattern is None:
        pattern = re.compile(regex, re.IGNORECASE)
        _PATTERN_CACHE[regex] = pattern
    return pattern


@dataclass(frozen=True)
class Entity:
    """One list entry: a listed company or body, or a subsidiary, brand or subordinate of one.

    Attributes:
        id: stable identifier, e.g. "HIKVISION-EZVIZ".
        name: canonical name.
        parent_id: id of the listed parent; None for a listed parent itself.
        relationship: self, subsidiary, brand, affiliate or subordinate.
        lists: list memberships.
        country: country code(s).
        citation: where the listing is documented.
        confidence: confidence of the data: high, medium or low.
        scope_note: what the list actually restricts for this entity.
        aliases: other names.
        patterns: part-number patterns.
        review: True for REVIEW-only rows: their matches are never automatic hits.
        near_miss: names of unrelated firms that must never match this entity.
        derive_core: whether the matcher may derive a core alias (leading place and domain words dropped).
        matchable: False for category or context rows that carry information but no name to match.
        notes: remarks for a person.
        valid_from: when the tie to the listed parent began (ISO date or year; "" when not recorded).
        valid_to: when that tie ended (sale, spin-off, buy-back; ISO date or year); "" while it lasts.
        divested: what ended the tie and what follows for a part, e.g. "sold to Skywatch in 2023".
        divested_source: the citation (URL) for the dates and the reasoning.
        number: the entry's number in the published list it was imported from (e.g. the CSL's
            entity_number); "" when the list gives none.
        party: organisation, person, vessel or aircraft (see PARTIES).
    """

    id: str
    name: str
    parent_id: str | None = None
    relationship: str = "self"
    lists: tuple[ListEntry, ...] = ()
    country: str = ""
    citation: str = ""
    confidence: str = "high"
    scope_note: str = ""
    aliases: tuple[Alias, ...] = ()
    patterns: tuple[PartPattern, ...] = ()
    review: bool = False
    near_miss: tuple[str, ...] = ()
    derive_core: bool = True
    matchable: bool = True
    notes: str = ""
    # The list's own identifier of the entry (like id, it names the entry rather than describing it): no part
    # of the fingerprint, so a reader that starts filling it in (OFAC ent_num, UN reference) leaves the
    # decisions remembered on its entries in force (guiapp.review.identity.entity_fingerprint).
    number: str = field(default="", metadata={"fingerprint": "no"})
    # Added after entry fingerprints were first kept: counted only when set, so remembered decisions on
    # entries without them survive the upgrade.
    valid_from: str = field(default="", metadata={"fingerprint": "when set"})
    valid_to: str = field(default="", metadata={"fingerprint": "when set"})
    divested: str = field(default="", metadata={"fingerprint": "when set"})
    divested_source: str = field(default="", metadata={"fingerprint": "when set"})

    @property
    def affiliation_ended(self) -> bool:
        """True when the entity's tie to its listed parent has ended (a former subsidiary or divested brand)."""
        return bool(self.valid_to) and self.parent_id is not None

    party: str = field(default="organisation", metadata={"fingerprint": "when set"})

    @property
    def list_codes(self) -> tuple[str, ...]:
        """Distinct list codes, in file order."""
        return tuple(dict.fromkeys(entry.code for entry in self.lists))


@dataclass(frozen=True)
class NearMiss:
    """A real, unrelated company whose name looks like a listed one."""

    name: str
    resembles: tuple[str, ...] = ()
    handling: str = ""


@dataclass
class Watchlist:
    """One watchlist edition: identity and entities.

    Attributes:
        name: e.g. "BOM Auditor built-in watchlist".
        version: edition, e.g. "2026.11.1".
        date: date of the edition (ISO).
        sha256: SHA-256 of the file bytes.
        source: "built-in", or the imported file's path.
        entities: the entries.
        near_misses: known look-alike names that must not be flagged.
        description: what the list holds.
        caveats: what a reader must keep in mind.
        imported_at: when a kept list was imported into the app (ISO 8601 UTC; "" for the built-in list and
            a list given for one run only), for the report's list-entry evidence.
    """

    name: str
    version: str
    date: str
    sha256: str
    source: str
    entities: list[Entity] = field(default_factory=list)
    near_misses: list[NearMiss] = field(default_factory=list)
    description: str = ""
    caveats: list[str] = field(default_factory=list)
    imported_at: str = ""

    def __post_init__(self) -> None:
        self._by_id = {e.id: e for e in self.entities}

    @property
    def edition(self) -> str:
        """The edition in words: the date of the edition, else its version ("" when neither is known)."""
        return self.date or self.version

    @property
    def label(self) -> str:
        """The list's name with its edition, e.g. "Consolidated Screening List (2026-11-20)": every match
        carries it, so a finding names the edition it came from."""
        edition = self.edition
        if edition and edition not in self.name:
            return f"{self.name} ({edition})"
        return self.name

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id, or None."""
        return self._by_id.get(entity_id)

    def top_parent(self, entity: Entity) -> Entity:
        """The listed parent at the top of the entity's chain (the entity itself for a parent)."""
        seen = {entity.id}
        current = entity
        while current.parent_id and current.parent_id in self._by_id and current.parent_id not in seen:
            seen.add(current.parent_id)
            current = self._by_id[current.parent_id]
        return current

    def name_count(self) -> int:
        """Number of matchable names (canonical names plus aliases)."""
        return sum(1 + len(e.aliases) for e in self.entities if e.matchable)

    def info(self) -> WatchlistInfo:
        """Identity of this edition for evidence records."""
        return WatchlistInfo(
            name=self.name,
            version=self.version,
            date=self.date,
            sha256=self.sha256,
            entities=len(self.entities),
            names=self.name_count(),
            source=self.source,
            imported_at=self.imported_at,
        )


# --------------------------------------------------------------------------------------------------------
# Built-in list
# --------------------------------------------------------------------------------------------------------
_builtin_lock = threading.Lock()
_builtin: Watchlist | None = None


def load_builtin() -> Watchlist:
    """Load the built-in watchlist that ships in resources/watchlist (cached after the first call)."""
    global _builtin
    with _builtin_lock:
        if _builtin is None:
            _builtin = load_json(resource_path("watchlist", BUILTIN_FILE), source="built-in")
        return _builtin


def load_json(path: str | Path, source: str | None = None) -> Watchlist:
    """Load a watchlist in the built-in JSON format.

    Args:
        path: the JSON file.
        source: what to record as the source (default: the path).

    Raises:
        ValueError: the file is not a watchlist in this format (one-line message naming the file).
    """
    path = Path(path)
    data_bytes = read_list_file(path)
    try:
        data = json.loads(data_bytes.decode("utf-8"))
        entities = [_entity_from_json(e) for e in data["entities"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path.name}: not a BOM Auditor watchlist file ({exc})") from exc
    near = [
        NearMiss(n["name"], tuple(n.get("resembles", ())), n.get("handling", ""))
        for n in data.get("near_misses", [])
    ]
    return Watchlist(
        name=data.get("name", path.stem),
        version=str(data.get("version", "")),
        date=str(data.get("date", "")),
        sha256=hashlib.sha256(data_bytes).hexdigest(),
        source=source if source is not None else str(path),
        entities=entities,
        near_misses=near,
        description=data.get("description", ""),
        caveats=list(data.get("caveats", [])),
    )


def entity_to_json(e: Entity) -> dict:
    """An entity as in the built-in JSON format (the inverse of what load_json reads)."""
    return {
        "id": e.id,
        "name": e.name,
        "parent_id": e.parent_id,
        "relationship": e.relationship,
        "lists": [
            {"code": x.code, "date": x.date, "note": x.note, "via_affiliate": x.via_affiliate}
            for x in e.lists
        ],
        "country": e.country,
        "citation": e.citation,
        "confidence": e.confidence,
        "scope_note": e.scope_note,
        "aliases": [
            {"name": a.name, "kind": a.kind, "confidence": a.confidence, "review": a.review}
            for a in e.aliases
        ],
        "patterns": [
            {
                "regex": p.regex,
                "label": p.label,
                "examples": list(p.examples),
                "must_not_match": list(p.must_not_match),
                "confidence": p.confidence,
                "context": list(p.context),
                "context_mode": p.context_mode,
                "note": p.note,
            }
            for p in e.patterns
        ],
        "review": e.review,
        "near_miss": list(e.near_miss),
        "derive_core": e.derive_core,
        "matchable": e.matchable,
        "notes": e.notes,
        # Only a dated entity carries these, so lists written before they existed read back unchanged.
        **{
            k: v
            for k, v in (
                ("valid_from", e.valid_from),
                ("valid_to", e.valid_to),
                ("divested", e.divested),
                ("divested_source", e.divested_source),
            )
            if v
        },
        **({"number": e.number} if e.number else {}),
        **({"party": e.party} if e.party != "organisation" else {}),
    }


def _entity_from_json(e: dict) -> Entity:
    return Entity(
        id=e["id"],
        name=e["name"],
        parent_id=e.get("parent_id"),
        relationship=e.get("relationship", "self"),
        lists=tuple(
            ListEntry(x["code"], x.get("date", ""), x.get("note", ""), bool(x.get("via_affiliate", False)))
            for x in e.get("lists", [])
        ),
        country=e.get("country", ""),
        citation=e.get("citation", ""),
        confidence=e.get("confidence", "high"),
        scope_note=e.get("scope_note", ""),
        aliases=tuple(
            Alias(
                a["name"], a.get("kind", "short"), a.get("confidence", "high"), bool(a.get("review", False))
            )
            for a in e.get("aliases", [])
        ),
        patterns=tuple(
            PartPattern(
                regex=p["regex"],
                label=p.get("label", ""),
                examples=tuple(p.get("examples", ())),
                must_not_match=tuple(p.get("must_not_match", ())),
                confidence=p.get("confidence", "high"),
                context=tuple(c.lower() for c in p.get("context", ())),
                context_mode=p.get("context_mode", "") or ("require" if p.get("context") else ""),
                note=p.get("note", ""),
            )
            for p in e.get("patterns", [])
        ),
        review=bool(e.get("review", False)),
        near_miss=tuple(e.get("near_miss", ())),
        derive_core=bool(e.get("derive_core", True)),
        matchable=bool(e.get("matchable", True)),
        notes=e.get("notes", ""),
        valid_from=str(e.get("valid_from", "") or ""),
        valid_to=str(e.get("valid_to", "") or ""),
        divested=str(e.get("divested", "") or ""),
        divested_source=str(e.get("divested_source", "") or ""),
        number=str(e.get("number", "") or ""),
        party=e.get("party", "organisation") if e.get("party") in PARTIES else "organisation",
    )


# --------------------------------------------------------------------------------------------------------
# A person's own list (CSV / XLSX)
# --------------------------------------------------------------------------------------------------------
_HEADER_ROLES: dict[str, tuple[str, ...]] = {
    "name": (
        "name", "company", "company name", "entity", "entity name", "manufacturer", "manufacturer name",
        "supplier", "supplier name", "vendor", "organisation", "organization", "party", "listed name",
    ),
    "aliases": ("aliases", "alias", "aka", "a k a", "alt names", "alternative names", "other names"),
    "list": ("list", "list name", "lists", "program", "programs", "programme", "source list", "category"),
    "country": ("country", "countries", "country code"),
    "notes": ("notes", "note", "remarks", "comment", "comments", "reason"),
    "source": ("source", "citation", "reference", "url", "link"),
    "id": ("id", "entity id", "ref", "reference id"),
}  # fmt: skip


def _header_key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text).strip().lower()).split())


def _find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """Row index and role -> column of the first row (within 20) that has a name column."""
    for i, row in enumerate(rows[:20]):
        roles: dict[str, int] = {}
        for j, cell in enumerate(row):
            key = _header_key(cell)
            for role, names in _HEADER_ROLES.items():
                if key in names and role not in roles:
                    roles[role] = j
                    break
        if "name" in roles:
            return i, roles
    return None


def _read_table(path: Path, data: bytes, kind: str | None = None) -> list[list[str]]:
    """Rows of text from a CSV or the first sheet of a workbook (kind "csv"/"xlsx"; default: by suffix)."""
    suffix = path.suffix.lower()
    if kind is None:
        kind = "xlsx" if suffix in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods") else "csv"
    if kind == "xlsx":
        try:
            from python_calamine import CalamineWorkbook

            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            sheet = workbook.get_sheet_by_index(0).to_python()
        except Exception as exc:  # calamine raises its own error types for corrupt files
            raise ValueError(
                f"{path.name}: cannot read this workbook ({exc}); save it again as .xlsx or .csv"
            ) from exc
        return [["" if c is None else _cell_text(c) for c in row] for row in sheet]
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def load_user_list(path: str | Path) -> Watchlist:
    """Load a person's own list from a CSV or XLSX file with a name column.

    Recognised headers: name/company/entity/manufacturer/supplier (required), aliases (";"-separated),
    list, country, notes, source, id. Every row with a name becomes one listed entity (confidence "high":
    the person put it on their list).

    Args:
        path: the CSV or spreadsheet file.

    Returns:
        The list as a Watchlist named after the file.

    Raises:
        ValueError: the file cannot be read or has no name column (one-line message naming the file).
    """
    path = Path(path)
    data = read_list_file(path)
    return user_list_with_skipped(path, data)[0]


def user_list_with_skipped(
    path: Path, data: bytes, kind: str | None = None, rows: list[list[str]] | None = None
) -> tuple[Watchlist, list[tuple[int, str]], int]:
    """Parse a person's own list; also say which rows with content were left out and why.

    Args:
        path: the file (named in messages and recorded as the source).
        data: its bytes.
        kind: "csv" or "xlsx" (default: by the file's suffix).
        rows: the table already read from data (saves reading it twice).

    Returns:
        (watchlist, [(row number, reason)], data rows read).

    Raises:
        ValueError: the file cannot be read or has no name column (one-line message naming the file).
    """
    if rows is None:
        rows = _read_table(path, data, kind)
    found = _find_header(rows)
    if found is None:
        raise ValueError(
            f"{path.name}: no name column found; add a header row with a column called 'name', 'company', "
            "'entity' or 'manufacturer'"
        )
    header_row, roles = found

    def cell(row: list[str], role: str) -> str:
        j = roles.get(role)
        return str(row[j]).strip() if j is not None and j < len(row) else ""

    entities: list[Entity] = []
    skipped: list[tuple[int, str]] = []
    records = 0
    used_ids: set[str] = set()
    for n, row in enumerate(rows[header_row + 1 :], start=header_row + 2):
        if not any(str(c).strip() for c in row):
            continue
        records += 1
        name = cell(row, "name")
        if not name:
            skipped.append((n, "no name in the name column"))
            continue
        entity_id = cell(row, "id") or f"USER-{n}"
        if entity_id in used_ids:
            entity_id = f"{entity_id}-{n}"
        used_ids.add(entity_id)
        list_code = cell(row, "list") or path.stem
        aliases = tuple(
            Alias(a.strip(), "short", "high") for a in re.split(r"[;\n]", cell(row, "aliases")) if a.strip()
        )
        entities.append(
            Entity(
                id=entity_id,
                name=name,
                lists=tuple(ListEntry(code.strip()) for code in list_code.split(";") if code.strip()),
                country=cell(row, "country"),
                citation=cell(row, "source") or f"{path.name}, row {n}",
                confidence="high",
                aliases=aliases,
                notes=cell(row, "notes"),
            )
        )
    watchlist = Watchlist(
        name=path.stem,
        version="",
        date="",
        sha256=hashlib.sha256(data).hexdigest(),
        source=str(path),
        entities=entities,
    )
    return watchlist, skipped, records


def with_parties(watchlist: Watchlist, parties: tuple[str, ...] | list[str]) -> Watchlist:
    """The list as screening sees it: only the entries naming these kinds of party (see PARTIES).

    Args:
        watchlist: the whole list as imported.
        parties: the party kinds to keep, e.g. ("organisation",).

    Returns:
        The same Watchlist when every entry is kept, else a copy holding only the kept entries (same name,
        edition and SHA-256: the evidence still names the file the entries came from).
    """
    keep = set(parties)
    if all(e.party in keep for e in watchlist.entities):
        return watchlist
    return Watchlist(
        name=watchlist.name,
        version=watchlist.version,
        date=watchlist.date,
        sha256=watchlist.sha256,
        source=watchlist.source,
        entities=[e for e in watchlist.entities if e.party in keep],
        near_misses=list(watchlist.near_misses),
        description=watchlist.description,
        caveats=list(watchlist.caveats),
        imported_at=watchlist.imported_at,
    )
