"""Importing public and private lists into Watchlists: trade.gov CSL, OpenSanctions, a person's own table.

The format is detected from the file's content, never from its name alone. Each importer returns the
Watchlist together with a preview a person sees before the list is used: how many entries and names, which
lists they came from, which rows were left out and why, and the edition date the file carries.

Layouts and quirks handled here are documented in the project's list-formats notes:

* CSL CSV cells with several values are joined with "; "; the last alt name may begin with "and ".
* CSL names carry tails ("; and any successor, sub-unit, or subsidiary thereof"), "[aka ...]" and notes such as
  "(Hong Kong Entity)"; these become notes or aliases, never part of the matched name.
* BIS names use "?" where an apostrophe belongs ("People?s").
* CSL source labels drift between versions; the code in parentheses ("(EL)") is what counts.
* OpenSanctions targets.simple.csv is read by header name (older exports lack program_ids).

Only organisations are kept for BOM screening: persons, vessels and aircraft are reported as skipped.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from guiapp.gcpause import gc_paused
from guiapp.lists.watchlist import (
    Alias,
    Entity,
    ListEntry,
    Watchlist,
    load_json,
    read_list_file,
    user_list_with_skipped,
)

#: Formats detect_format() can return.
FORMATS: tuple[str, ...] = (
    "csl-csv",
    "csl-json",
    "opensanctions-csv",
    "user-csv",
    "user-xlsx",
    "watchlist-json",
)
FORMAT_LABELS: dict[str, str] = {
    "csl-csv": "Consolidated Screening List (CSV)",
    "csl-json": "Consolidated Screening List (JSON)",
    "opensanctions-csv": "OpenSanctions targets.simple.csv",
    "user-csv": "own list (CSV)",
    "user-xlsx": "own list (spreadsheet)",
    "watchlist-json": "BOM Auditor watchlist (JSON)",
}

#: CSL source code (the text in parentheses) -> list code used across the product.
CSL_CODES: dict[str, str] = {
    "EL": "BIS-EL",
    "DPL": "BIS-DPL",
    "UVL": "BIS-UVL",
    "MEU": "BIS-MEU",
    "SDN": "OFAC-SDN",
    "SSI": "OFAC-SSI",
    "FSE": "OFAC-FSE",
    "PLC": "OFAC-PLC",
    "CAP": "OFAC-CAP",
    "NS-MBS": "OFAC-NS-MBS",
    "CMIC": "NS-CMIC",
    "NS-CMIC": "NS-CMIC",
    "DTC": "DDTC-DEBARRED",
    "ISN": "ISN",
}
# Label words for rows whose source has no code in parentheses (labels drift; codes are preferred).
_CSL_LABEL_WORDS: tuple[tuple[str, str], ...] = (
    ("entity list", "EL"),
    ("denied persons", "DPL"),
    ("unverified", "UVL"),
    ("military end user", "MEU"),
    ("specially designated", "SDN"),
    ("sectoral sanctions", "SSI"),
    ("foreign sanctions evaders", "FSE"),
    ("palestinian legislative", "PLC"),
    ("correspondent account", "CAP"),
    ("menu-based", "NS-MBS"),
    ("chinese military", "CMIC"),
    ("debarred", "DTC"),
    ("nonproliferation", "ISN"),
)

#: OpenSanctions dataset title words -> list code.
_OS_DATASETS: tuple[tuple[str, str], ...] = (
    ("consolidated screening", "CSL"),
    ("fcc covered", "FCC-CL"),
    ("covered list", "FCC-CL"),
    ("chinese military", "DOD-1260H"),
    ("1260h", "DOD-1260H"),
    ("uflpa", "UFLPA"),
    ("forced labor", "UFLPA"),
    ("special leg", "US-SPECIAL-LEG"),
    ("section 889", "NDAA-889"),
)
_OS_KEEP = {"organization", "company", "legalentity", "publicbody"}
_CSL_KEEP = {"entity", ""}

_CSL_CSV_MARKERS = {"source", "name", "alt_names", "entity_number", "federal_register_notice"}
_OS_CSV_MARKERS = {"schema", "name", "aliases", "dataset"}


class ListImportError(ValueError):
    """A list file cannot be imported; the message is one line naming the file and what to do."""


@dataclass(frozen=True)
class SkippedRow:
    """A record of the file that did not become an entry.

    Attributes:
        row: 1-based line/record number in the file (CSV: the header is line 1; JSON: the record's position).
        name: the record's name, when it has one.
        reason: plain words, e.g. "individual (not an organisation)".
    """

    row: int
    name: str
    reason: str


@dataclass
class ImportResult:
    """What an import produced, for a person to look at before the list is used.

    Attributes:
        watchlist: the list as the matcher will use it.
        format: one of FORMATS.
        path: the imported file.
        sha256: SHA-256 of the file bytes.
        edition_date: the edition date the file carries (ISO date), or "" when it carries none.
        records: records read (rows or JSON results, without the header).
        lists: list code -> number of entries on it.
        skipped: records that were left out, with the reason.
        warnings: other remarks (e.g. source labels without a known code).
    """

    watchlist: Watchlist
    format: str
    path: Path
    sha256: str
    edition_date: str = ""
    records: int = 0
    lists: dict[str, int] = field(default_factory=dict)
    skipped: list[SkippedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def entries(self) -> int:
        """Entries imported."""
        return len(self.watchlist.entities)

    @property
    def names(self) -> int:
        """Matchable names (entry names plus aliases)."""
        return self.watchlist.name_count()

    def skipped_reasons(self) -> dict[str, int]:
        """Reason -> how many records were skipped for it, most frequent first."""
        return dict(Counter(s.reason for s in self.skipped).most_common())

    def summary_lines(self, max_examples: int = 5) -> list[str]:
        """The preview as plain lines (the CLI prints them; the window shows the same facts)."""
        lines = [
            f"{self.path.name}: {FORMAT_LABELS.get(self.format, self.format)}",
            f"  edition date: {self.edition_date or 'not given in the file'}",
            f"  records read: {self.records}; entries imported: {self.entries}; names: {self.names}",
        ]
        if self.lists:
            lines.append("  lists: " + ", ".join(f"{code} {n}" for code, n in self.lists.items()))
        if self.skipped:
            reasons = "; ".join(f"{reason}: {n}" for reason, n in self.skipped_reasons().items())
            lines.append(f"  skipped {len(self.skipped)} record(s) — {reasons}")
            for s in self.skipped[:max_examples]:
                lines.append(f"    row {s.row}: {s.name or '(no name)'} — {s.reason}")
            if len(self.skipped) > max_examples:
                lines.append(f"    … and {len(self.skipped) - max_examples} more")
        for w in self.warnings:
            lines.append(f"  note: {w}")
        return lines

    def to_json(self) -> dict:
        """The preview as plain data."""
        return {
            "file": str(self.path),
            "format": self.format,
            "sha256": self.sha256,
            "edition_date": self.edition_date,
            "records": self.records,
            "entries": self.entries,
            "names": self.names,
            "lists": dict(self.lists),
            "skipped": len(self.skipped),
            "skipped_reasons": self.skipped_reasons(),
            "warnings": list(self.warnings),
        }


# --------------------------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------------------------
def _read(path: Path) -> bytes:
    try:
        return read_list_file(path)
    except ValueError as exc:
        raise ListImportError(str(exc)) from None


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _header_fields(text: str) -> set[str]:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        row = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return set()
    return {c.strip().lower() for c in row}


def _detect(path: Path, data: bytes) -> str:
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return "user-xlsx"
    if b"\x00" in data[:4096]:
        raise ListImportError(
            f"{path.name}: not a list file this app can read (binary content); use a CSV, JSON or XLSX list"
        )
    text = _decode(data[:65536]).lstrip("\ufeff \t\r\n")
    if text.startswith("{") or text.startswith("["):
        head_text = text[:4096]
        if '"results"' in head_text or text.startswith("["):
            return "csl-json"
        if '"entities"' in head_text or "bom-auditor-watchlist" in head_text:
            return "watchlist-json"
        # The key order of a JSON document is not guaranteed: look at the whole thing.
        try:
            doc = json.loads(_decode(data))
        except ValueError as exc:
            raise ListImportError(f"{path.name}: not valid JSON ({exc})") from exc
        if isinstance(doc, dict) and "results" in doc:
            return "csl-json"
        if isinstance(doc, dict) and "entities" in doc:
            return "watchlist-json"
        raise ListImportError(
            f"{path.name}: JSON without 'results' (CSL) or 'entities' (BOM Auditor watchlist); "
            "download consolidated.json from trade.gov"
        )
    fields = _header_fields(text)
    if fields >= _CSL_CSV_MARKERS:
        return "csl-csv"
    if fields >= _OS_CSV_MARKERS:
        return "opensanctions-csv"
    return "user-csv"


def detect_format(path: str | Path) -> str:
    """Tell which list format a file holds, from its content.

    Args:
        path: the file.

    Returns:
        One of FORMATS: "csl-csv", "csl-json", "opensanctions-csv", "user-csv", "user-xlsx" or
        "watchlist-json" (the built-in list's own format).

    Raises:
        ValueError: the file cannot be opened or is no list format (one line naming the file).
    """
    path = Path(path)
    return _detect(path, _read(path))


# --------------------------------------------------------------------------------------------------------
# Shared cleaning
# --------------------------------------------------------------------------------------------------------
_APOSTROPHE_Q = re.compile(r"(?<=[A-Za-z])\?(?=[A-Za-z])")
_AKA_BRACKET = re.compile(
    r"[\[(]\s*(?:a\.?k\.?a\.?|f\.?k\.?a\.?|formerly|also known as)[\s,.:]+([^\])]*)[\])]", re.I
)
_AKA_INLINE = re.compile(r"[,;]?\s*\b(?:a\.k\.a\.|aka|f\.k\.a\.|also known as)[\s,:]+(.+)$", re.I)
_TAIL = re.compile(
    r"[;,]?\s*(?:and\s+)?(?:any|all|each)\s+(?:of\s+(?:its|their)\s+)?"
    r"(?:successors?|sub-?units?|subsidiar(?:y|ies)|affiliates?|branch(?:es)?)\b.*$",
    re.I,
)
_ENTITY_NOTE = re.compile(r"\(\s*[^()]*\b(?:Entity|entity|branch|Branch|office|Office)\s*\)")
_SPACES = re.compile(r"\s+")


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" ;,\t") if text else ""


def clean_name(raw: str) -> tuple[str, list[str], list[str]]:
    """Split a list name into the name to match, extra aliases and notes.

    "Xinjiang People?s Government PSB [aka XPSB]; and any successor, sub-unit, or subsidiary thereof" gives
    ("Xinjiang People's Government PSB", ["XPSB"], ["and any successor, sub-unit, or subsidiary thereof"]).

    Args:
        raw: the name as written in the list.

    Returns:
        (name, aliases, notes); the name is "" when nothing but notes remained.
    """
    text = _APOSTROPHE_Q.sub("'", raw or "")
    aliases: list[str] = []
    notes: list[str] = []
    for found in _AKA_BRACKET.finditer(text):
        aliases.extend(a for a in (_tidy(x) for x in re.split(r";|,\s+(?=[A-Z])", found.group(1))) if a)
    text = _AKA_BRACKET.sub(" ", text)
    tail = _TAIL.search(text)
    if tail and tail.start() > 0:
        notes.append(_tidy(tail.group(0)))
        text = text[: tail.start()]
    inline = _AKA_INLINE.search(text)
    if inline and inline.start() > 0:
        aliases.extend(a for a in (_tidy(x) for x in inline.group(1).split(";")) if a)
        text = text[: inline.start()]
    for found in _ENTITY_NOTE.finditer(text):
        notes.append(found.group(0).strip("() "))
    text = _ENTITY_NOTE.sub(" ", text)
    return _tidy(text), aliases, notes


def _split_alt_names(cell: str | list | None) -> list[str]:
    """CSL alt names: a list (JSON) or one cell joined with "; " (CSV); the last one may begin with "and "."""
    if cell is None:
        return []
    parts = [str(x) for x in cell] if isinstance(cell, list) else str(cell).split(";")
    parts = [p.strip() for p in parts if p and p.strip()]
    if parts and parts[-1].startswith("and ") and len(parts[-1]) > 4:
        parts[-1] = parts[-1][4:].strip()
    return parts


def _iso_date(text: str | None) -> str:
    """An ISO date (YYYY-MM-DD) from common date spellings, or ""."""
    if not text:
        return ""
    text = str(text).strip()
    found = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if found:
        return found.group(0)
    found = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})$", text)
    if found:
        month, day, year = (int(x) for x in found.groups())
        try:
            return _dt.date(year, month, day).isoformat()
        except ValueError:
            return ""
    found = re.match(r"(\d{4})(\d{2})(\d{2})$", text)
    if found:
        return "-".join(found.groups())
    return ""


def _names_and_aliases(raw_name: str, alt_names: Iterable[str]) -> tuple[str, list[Alias], list[str]]:
    name, extra, notes = clean_name(raw_name)
    seen = {name.casefold()}
    aliases: list[Alias] = []
    for candidate in [*extra, *alt_names]:
        alias, more, alias_notes = clean_name(candidate)
        notes.extend(n for n in alias_notes if n not in notes)
        for a in [alias, *more]:
            if a and a.casefold() not in seen:
                seen.add(a.casefold())
                aliases.append(Alias(a, "short", "high"))
    if not name and aliases:
        name = aliases.pop(0).name
    return name, aliases, notes


# --------------------------------------------------------------------------------------------------------
# Consolidated Screening List
# --------------------------------------------------------------------------------------------------------
def csl_source_code(label: str) -> str:
    """The product's list code for a CSL source label ("Entity List (EL) - Bureau of Industry and Security" ->
    "BIS-EL"); an unknown label gives "CSL:" and the label."""
    label = (label or "").strip()
    for found in reversed(re.findall(r"\(([A-Za-z][A-Za-z0-9-]*)\)", label)):
        code = found.upper()
        if code in CSL_CODES:
            return CSL_CODES[code]
    lowered = label.lower()
    for words, code in _CSL_LABEL_WORDS:
        if words in lowered:
            return CSL_CODES[code]
    return f"CSL:{label}" if label else "CSL"


def _csl_country(addresses: object) -> str:
    countries: list[str] = []
    if isinstance(addresses, list):
        for a in addresses:
            if isinstance(a, dict) and a.get("country"):
                countries.append(str(a["country"]).strip())
    elif isinstance(addresses, str) and addresses.strip():
        for one in addresses.split(";"):
            last = one.rsplit(",", 1)[-1].strip()
            if last:
                countries.append(last)
    return ";".join(dict.fromkeys(countries))


def _csl_record(rec: dict, number: int, skipped: list[SkippedRow], unknown: set[str]) -> Entity | None:
    raw_name = str(rec.get("name") or "").strip()
    kind = str(rec.get("type") or "").strip()
    if kind.lower() not in _CSL_KEEP:
        skipped.append(SkippedRow(number, raw_name, f"{kind.lower()} (not an organisation)"))
        return None
    if not raw_name:
        skipped.append(SkippedRow(number, "", "no name"))
        return None
    name, aliases, notes = _names_and_aliases(raw_name, _split_alt_names(rec.get("alt_names")))
    if not name:
        skipped.append(SkippedRow(number, raw_name, "no name left once notes were removed"))
        return None
    source = str(rec.get("source") or "").strip()
    code = csl_source_code(source)
    if code.startswith("CSL"):
        unknown.add(source or "(blank)")
    programs = rec.get("programs")
    if isinstance(programs, list):
        programs = "; ".join(str(p) for p in programs)
    start = _iso_date(rec.get("start_date"))
    entry = ListEntry(code, start, str(programs or "").strip())
    frn = str(rec.get("federal_register_notice") or "").strip()
    url = str(rec.get("source_list_url") or "").strip()
    citation = "; ".join(x for x in (source or "Consolidated Screening List", frn, url) if x)
    requirement = str(rec.get("license_requirement") or "").strip()
    policy = str(rec.get("license_policy") or "").strip()
    scope = " ".join(x for x in (requirement, f"Licence policy: {policy}" if policy else "") if x)
    remarks = str(rec.get("remarks") or "").strip()
    ident = str(rec.get("id") or rec.get("_id") or rec.get("entity_number") or number).strip()
    entity_number = str(rec.get("entity_number") or "").strip()
    return Entity(
        id=f"CSL-{ident}",
        name=name,
        lists=(entry,),
        country=_csl_country(rec.get("addresses")),
        citation=citation,
        confidence="high",
        scope_note=scope,
        aliases=tuple(aliases),
        notes=" ".join(x for x in ("; ".join(notes), remarks) if x),
        number=entity_number,
    )


def _csl_rows_csv(text: str) -> Iterator[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames:
        reader.fieldnames = [f.strip().lower() for f in reader.fieldnames]
    yield from enumerate(reader, start=2)


def _import_csl(path: Path, data: bytes, fmt: str) -> ImportResult:
    skipped: list[SkippedRow] = []
    unknown: set[str] = set()
    entities: list[Entity] = []
    dates: list[str] = []
    file_dates: list[str] = []
    records = 0
    if fmt == "csl-json":
        try:
            doc = json.loads(_decode(data))
        except ValueError as exc:
            raise ListImportError(f"{path.name}: not valid JSON ({exc})") from exc
        rows = doc.get("results") if isinstance(doc, dict) else doc
        if not isinstance(rows, list):
            raise ListImportError(
                f"{path.name}: 'results' is not a list of records; is this consolidated.json?"
            )
        if isinstance(doc, dict):
            for src in doc.get("sources_used", []) or []:
                if isinstance(src, dict):
                    file_dates.append(_iso_date(src.get("source_last_updated") or src.get("last_updated")))
            file_dates.append(_iso_date(doc.get("date") or doc.get("last_updated")))
        numbered: Iterable[tuple[int, dict]] = enumerate(rows, start=1)
    else:
        numbered = _csl_rows_csv(_decode(data))
    used: set[str] = set()
    with gc_paused():
        for number, rec in numbered:
            records += 1
            if not isinstance(rec, dict):
                skipped.append(SkippedRow(number, "", "not a record"))
                continue
            entity = _csl_record(rec, number, skipped, unknown)
            if entity is None:
                continue
            if entity.id in used:
                entity = _with_id(entity, f"{entity.id}-{number}")
            used.add(entity.id)
            entities.append(entity)
            if entity.lists[0].date:
                dates.append(entity.lists[0].date)
    edition = max([d for d in file_dates if d] or dates or [""])
    warnings = [f"source label without a known code, kept as written: {u}" for u in sorted(unknown)]
    return _result(
        path, data, fmt, "Consolidated Screening List", edition, entities, records, skipped, warnings
    )


def _with_id(entity: Entity, new_id: str) -> Entity:
    from dataclasses import replace

    return replace(entity, id=new_id)


# --------------------------------------------------------------------------------------------------------
# OpenSanctions targets.simple.csv
# --------------------------------------------------------------------------------------------------------
def _os_code(title: str) -> str:
    lowered = title.lower()
    for words, code in _OS_DATASETS:
        if words in lowered:
            return code
    return title.strip()


def _multi(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split(";") if x.strip()]


def _import_opensanctions(path: Path, data: bytes) -> ImportResult:
    reader = csv.DictReader(io.StringIO(_decode(data)))
    if reader.fieldnames:
        reader.fieldnames = [f.strip().lower() for f in reader.fieldnames]
    skipped: list[SkippedRow] = []
    entities: list[Entity] = []
    dates: list[str] = []
    records = 0
    used: set[str] = set()
    with gc_paused():
        for number, row in enumerate(reader, start=2):
            records += 1
            raw_name = (row.get("name") or "").strip()
            schema = (row.get("schema") or "").strip()
            if schema.lower() not in _OS_KEEP:
                skipped.append(
                    SkippedRow(number, raw_name, f"{schema.lower() or 'no schema'} (not an organisation)")
                )
                continue
            if not raw_name:
                skipped.append(SkippedRow(number, "", "no name"))
                continue
            name, aliases, notes = _names_and_aliases(raw_name, _multi(row.get("aliases")))
            titles = _multi(row.get("dataset"))
            programs = "; ".join(_multi(row.get("program_ids")))
            changed = max(_iso_date(row.get("last_change")), _iso_date(row.get("last_seen")))
            if changed:
                dates.append(changed)
            first_seen = _iso_date(row.get("first_seen"))
            lists = tuple(ListEntry(_os_code(t), first_seen, programs) for t in titles) or (
                ListEntry("OpenSanctions", first_seen, programs),
            )
            ident = (row.get("id") or str(number)).strip()
            entity_id = f"OS-{ident}"
            if entity_id in used:
                entity_id = f"{entity_id}-{number}"
            used.add(entity_id)
            sanctions = (row.get("sanctions") or "").strip()
            citation = f"OpenSanctions ({'; '.join(titles) or 'dataset not given'}), id {ident}"
            if sanctions:
                citation += f"; {sanctions}"
            entities.append(
                Entity(
                    id=entity_id,
                    name=name,
                    lists=tuple(dict.fromkeys(lists)),
                    country=";".join(_multi(row.get("countries"))),
                    citation=citation,
                    confidence="high",
                    scope_note=sanctions,
                    aliases=tuple(aliases),
                    notes="; ".join(notes),
                )
            )
    edition = max(dates, default="")
    return _result(
        path, data, "opensanctions-csv", "OpenSanctions targets", edition, entities, records, skipped, []
    )


# --------------------------------------------------------------------------------------------------------
# Result and entry point
# --------------------------------------------------------------------------------------------------------
def _result(
    path: Path,
    data: bytes,
    fmt: str,
    name: str,
    edition: str,
    entities: list[Entity],
    records: int,
    skipped: list[SkippedRow],
    warnings: list[str],
) -> ImportResult:
    if not entities and records:
        reasons = "; ".join(f"{r}: {n}" for r, n in Counter(s.reason for s in skipped).most_common(3))
        raise ListImportError(
            f"{path.name}: no organisation could be imported ({records} records; {reasons})"
        )
    sha = hashlib.sha256(data).hexdigest()
    watchlist = Watchlist(
        name=name,
        version=edition,
        date=edition,
        sha256=sha,
        source=path.name,
        entities=entities,
        description=f"Imported from {path.name} ({FORMAT_LABELS.get(fmt, fmt)}).",
    )
    counts: Counter[str] = Counter()
    for e in entities:
        counts.update(e.list_codes)
    return ImportResult(
        watchlist=watchlist,
        format=fmt,
        path=path,
        sha256=sha,
        edition_date=edition,
        records=records,
        lists=dict(counts.most_common()),
        skipped=skipped,
        warnings=warnings,
    )


def import_list(path: str | Path, name: str | None = None) -> ImportResult:
    """Read any importable list file (format detected from its content) into a Watchlist with a preview.

    Args:
        path: a trade.gov consolidated.csv / consolidated.json, an OpenSanctions targets.simple.csv, a person's
            own CSV/XLSX list, or a BOM Auditor watchlist JSON.
        name: the list's name (default: "Consolidated Screening List", "OpenSanctions targets", or the file stem
            for a person's own list).

    Returns:
        The ImportResult.

    Raises:
        ValueError: the file cannot be read or holds no usable entry (one line naming the file and what to do).
    """
    path = Path(path)
    data = _read(path)
    fmt = _detect(path, data)
    if fmt in ("csl-csv", "csl-json"):
        result = _import_csl(path, data, fmt)
    elif fmt == "opensanctions-csv":
        result = _import_opensanctions(path, data)
    elif fmt == "watchlist-json":
        watchlist = load_json(path, source=path.name)
        counts: Counter[str] = Counter()
        for e in watchlist.entities:
            counts.update(e.list_codes)
        result = ImportResult(
            watchlist=watchlist,
            format=fmt,
            path=path,
            sha256=watchlist.sha256,
            edition_date=watchlist.date,
            records=len(watchlist.entities),
            lists=dict(counts.most_common()),
        )
    else:
        watchlist, skipped_rows, records = user_list_with_skipped(
            path, data, kind="xlsx" if fmt == "user-xlsx" else "csv"
        )
        if not watchlist.entities:
            raise ListImportError(f"{path.name}: the name column is empty; add at least one name")
        counts = Counter()
        for e in watchlist.entities:
            counts.update(e.list_codes)
        result = ImportResult(
            watchlist=watchlist,
            format=fmt,
            path=path,
            sha256=watchlist.sha256,
            records=records,
            lists=dict(counts.most_common()),
            skipped=[SkippedRow(n, "", reason) for n, reason in skipped_rows],
        )
    if name:
        result.watchlist.name = name
    return result
