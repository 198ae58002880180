"""Importing public and private lists into Watchlists: trade.gov CSL, OFAC, UN, BIS, FCC, DoD 1260H,
OpenSanctions, FollowTheMoney and a person's own table (the agency formats are read in guiapp.lists.readers).

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

Every party is kept and typed (organisation, person, vessel, aircraft); screening uses only organisations
unless persons or vessels are switched on for a list (guiapp.lists.store). The edition date comes from the
file's own publication data or its source's metadata, else from a date in the file name, else from the file's
date, and the result says which; never from an entry's date. A file that is no list (a BOM, an empty table)
is refused with what it looks like.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from guiapp.gcpause import gc_paused
from guiapp.lists import readers
from guiapp.lists.cleaning import (  # noqa: F401 - clean_name, detect's names and the edition helpers are this module's API too
    PARTY_WORDS,
    ListImportError,
    _decode,
    _iso_date,
    _names_and_aliases,
    _os_code,
    _split_alt_names,
    clean_name,
    edition_text,
    file_edition,
)
from guiapp.lists.detect import _detect, _detect_table, refuse_non_list
from guiapp.lists.watchlist import (
    PARTIES,
    Entity,
    ListEntry,
    Watchlist,
    _read_table,
    load_json,
    read_list_file,
    user_list_with_skipped,
)

#: Formats detect_format() can return.
FORMATS: tuple[str, ...] = (
    "csl-csv",
    "csl-json",
    "csl-xlsx",
    "ita-csv",
    "ofac-csv",
    "ofac-xml",
    "un-xml",
    "bis-dpl",
    "fcc-covered",
    "dod-1260h",
    "typed-table",
    "opensanctions-csv",
    "ftm-json",
    "user-csv",
    "user-xlsx",
    "watchlist-json",
)
FORMAT_LABELS: dict[str, str] = {
    "csl-csv": "Consolidated Screening List (CSV)",
    "csl-json": "Consolidated Screening List (JSON)",
    "csl-xlsx": "Consolidated Screening List (resaved by a spreadsheet program)",
    "ita-csv": "trade.gov screening list (per-list CSV layout)",
    "ofac-csv": "OFAC list (legacy CSV)",
    "ofac-xml": "OFAC list (XML)",
    "un-xml": "UN Security Council Consolidated List (XML)",
    "bis-dpl": "BIS Denied Persons List (text)",
    "fcc-covered": "FCC Covered List (table)",
    "dod-1260h": "DoD section 1260H list (table)",
    "typed-table": "list table with a type per row",
    "ftm-json": "FollowTheMoney entities (JSON lines)",
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

_PARTY_LABELS = {
    "organisation": "organisations",
    "person": "persons",
    "vessel": "vessels",
    "aircraft": "aircraft",
}


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
        edition_date: the edition date (ISO date); see edition_source for where it was read.
        edition_source: where the edition date comes from: "the file", "the source's metadata",
            "the file name" or "file date" (the file's modification date: the file carries no date).
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
    edition_source: str = ""
    companions: list[Path] = field(default_factory=list)

    @property
    def parties(self) -> dict[str, int]:
        """Party kind -> entries of that kind (organisation first)."""
        counts = Counter(e.party for e in self.watchlist.entities)
        return {p: counts[p] for p in PARTIES if counts[p]}

    @property
    def edition_text(self) -> str:
        """The edition in words with where it came from, e.g. "published 2026-02-27 (from the file)"."""
        return edition_text(self.edition_date, self.edition_source)

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
            f"  edition: {self.edition_text}",
            f"  records read: {self.records}; entries imported: {self.entries}; names: {self.names}",
        ]
        parties = self.parties
        if parties:
            words = [f"{n} {_PARTY_LABELS[p]}" for p, n in parties.items()]
            line = "  parties: " + ", ".join(words)
            if set(parties) - {"organisation"}:
                line += " (only organisations are screened unless persons or vessels are switched on)"
            lines.append(line)
        if self.companions:
            lines.append("  read with: " + ", ".join(p.name for p in self.companions))
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
            "edition_source": self.edition_source,
            "parties": self.parties,
            "companions": [str(p) for p in self.companions],
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
# --------------------------------------------------------------------------------------------------------
# Consolidated Screening List
# --------------------------------------------------------------------------------------------------------
def csl_source_code(label: str) -> str:
    """The product's list code for a CSL source label ("Entity List (EL) - Bureau of Industry and Security" ->
    "BIS-EL"); an unknown label gives "CSL:" and the label."""
    label = (label or "").strip()
    if label.upper() in CSL_CODES:  # the per-list layout writes the bare code ("EL", "MEU")
        return CSL_CODES[label.upper()]
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
    party = PARTY_WORDS.get(kind.lower())
    if party is None:
        skipped.append(SkippedRow(number, raw_name, f"unknown party type {kind!r}"))
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
        party=party,
    )


def _csl_rows_csv(text: str) -> Iterator[tuple[int, dict]]:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    # A spreadsheet program set to a European locale saves with ";" (or a tab) between cells.
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=max(",;\t", key=first.count))
    if reader.fieldnames:
        reader.fieldnames = [f.strip().lower() for f in reader.fieldnames]
    yield from enumerate(reader, start=2)


# trade.gov's per-list CSV layout (older downloads and agency extracts) -> the consolidated field names.
_ITA_FIELDS = {
    "source list": "source",
    "entity number": "entity_number",
    "sdn type": "type",
    "programs": "programs",
    "name": "name",
    "federal register notice": "federal_register_notice",
    "effective date": "start_date",
    "license requirement": "license_requirement",
    "license policy": "license_policy",
    "remarks/notes": "remarks",
    "alternate name": "alt_names",
    "web link": "source_list_url",
}


def _ita_rows(text: str) -> Iterator[tuple[int, dict]]:
    """One record per party: the per-list layout repeats a party once per address and alternate name."""
    merged: dict[tuple[str, str, str], tuple[int, dict]] = {}
    for number, row in _csl_rows_csv(text):
        key = (row.get("source list", ""), row.get("entity number", ""), row.get("name", ""))
        address = ", ".join(x for x in (row.get("city"), row.get("country")) if x)
        alt = (row.get("alternate name") or "").strip()
        if key in merged:
            rec = merged[key][1]
            if alt and alt not in rec["alt_names"]:
                rec["alt_names"].append(alt)
            if address and address not in rec["addresses"].split("; "):
                rec["addresses"] = "; ".join(x for x in (rec["addresses"], address) if x)
            continue
        rec = {new: row.get(old, "") for old, new in _ITA_FIELDS.items()}
        rec["alt_names"] = [alt] if alt else []
        rec["addresses"] = address
        rec["_id"] = row.get("entity number", "") or ""
        merged[key] = (number, rec)
    yield from merged.values()


def _sheet_rows(rows: list[list[str]]) -> Iterator[tuple[int, dict]]:
    """Rows of a resaved consolidated.csv as records (the header is the first row)."""
    header = [str(h).strip().lower() for h in rows[0]]
    for number, row in enumerate(rows[1:], start=2):
        if any(str(c).strip() for c in row):
            yield number, dict(zip(header, (_sheet_cell(c) for c in row), strict=False))


def _sheet_cell(value: object) -> str:
    text = str(value).strip()
    # A date cell comes back as "2023-07-19 00:00:00"; an id retyped as a number as "12345.0".
    if re.fullmatch(r"\d{4}-\d{2}-\d{2} 00:00:00", text):
        return text[:10]
    return text


def _import_csl(path: Path, data: bytes, fmt: str, sheet: list[list[str]] | None = None) -> ImportResult:
    skipped: list[SkippedRow] = []
    unknown: set[str] = set()
    entities: list[Entity] = []
    file_dates: list[str] = []
    own_date = ""
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
            own_date = _iso_date(doc.get("date") or doc.get("last_updated"))
        numbered: Iterable[tuple[int, dict]] = enumerate(rows, start=1)
    elif sheet is not None:
        numbered = _sheet_rows(sheet)
    elif fmt == "ita-csv":
        numbered = _ita_rows(_decode(data))
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
    # The newest entry's start date is no edition date (a list a year old can hold an entry from last week's
    # notice and none later): only the file's own date or its sources' update dates count.
    # The document's own date first; else the newest update date of the sources it was built from.
    edition = own_date or max([d for d in file_dates if d] or [""])
    warnings = [f"source label without a known code, kept as written: {u}" for u in sorted(unknown)]
    name = "Consolidated Screening List" if fmt != "ita-csv" else "trade.gov screening list"
    published_from = "the file" if own_date else "the source's metadata" if edition else ""
    if (
        fmt == "ita-csv"
        and len(set(result_codes := [e.lists[0].code for e in entities])) == 1
        and result_codes
    ):
        name = {"BIS-EL": "BIS Entity List", "BIS-MEU": "BIS Military End-User List",
                "BIS-UVL": "BIS Unverified List", "BIS-DPL": "BIS Denied Persons List"}.get(result_codes[0], name)  # fmt: skip
    return _result(
        path, data, fmt, name, edition, entities, records, skipped, warnings, published_from=published_from
    )


def _with_id(entity: Entity, new_id: str) -> Entity:
    from dataclasses import replace

    return replace(entity, id=new_id)


# --------------------------------------------------------------------------------------------------------
# OpenSanctions targets.simple.csv
# --------------------------------------------------------------------------------------------------------
def _multi(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split(";") if x.strip()]


def _import_opensanctions(path: Path, data: bytes) -> ImportResult:
    reader = csv.DictReader(io.StringIO(_decode(data)))
    if reader.fieldnames:
        reader.fieldnames = [f.strip().lower() for f in reader.fieldnames]
    skipped: list[SkippedRow] = []
    entities: list[Entity] = []
    records = 0
    used: set[str] = set()
    with gc_paused():
        for number, row in enumerate(reader, start=2):
            records += 1
            raw_name = (row.get("name") or "").strip()
            schema = (row.get("schema") or "").strip()
            party = PARTY_WORDS.get(schema.lower())
            if party is None:
                skipped.append(SkippedRow(number, raw_name, f"not a party ({schema or 'no schema'})"))
                continue
            if not raw_name:
                skipped.append(SkippedRow(number, "", "no name"))
                continue
            name, aliases, notes = _names_and_aliases(raw_name, _multi(row.get("aliases")))
            titles = _multi(row.get("dataset"))
            programs = "; ".join(_multi(row.get("program_ids")))
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
                    party=party,
                )
            )
    # last_change is an entry's date, not the export's: the edition is the file's (name or date).
    return _result(
        path, data, "opensanctions-csv", "OpenSanctions targets", "", entities, records, skipped, []
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
    published_from: str = "",
    companions: list[Path] | None = None,
    companion_bytes: Iterable[bytes] = (),
) -> ImportResult:
    if not entities:
        if records:
            reasons = "; ".join(f"{r}: {n}" for r, n in Counter(s.reason for s in skipped).most_common(3))
            raise ListImportError(f"{path.name}: no entry could be imported ({records} records; {reasons})")
        raise ListImportError(f"{path.name}: the list holds no entries; download it again")
    if not any(e.party == "organisation" for e in entities):
        warnings = [
            *warnings,
            "no organisation on this list: screening finds nothing in it until persons or vessels are switched on",
        ]
    if edition:
        source = published_from or "the file"
    else:
        edition, source = file_edition(path)
    digest = hashlib.sha256(data)
    for more in companion_bytes:
        # The entries depend on alt.csv/add.csv too: the identity of the import covers them.
        digest.update(hashlib.sha256(more).digest())
    sha = digest.hexdigest()
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
        edition_source=source,
        companions=list(companions or []),
    )


def _from_parsed(path: Path, data: bytes, fmt: str, parsed) -> ImportResult:
    companion_bytes = []
    for p in parsed.companions:
        try:
            companion_bytes.append(p.read_bytes())
        except OSError:
            continue
    return _result(
        path,
        data,
        fmt,
        parsed.name,
        parsed.published,
        parsed.entities,
        parsed.records,
        [SkippedRow(n, name, reason) for n, name, reason in parsed.skipped],
        parsed.warnings,
        published_from=parsed.published_from,
        companions=parsed.companions,
        companion_bytes=companion_bytes,
    )


def import_list(path: str | Path, name: str | None = None) -> ImportResult:
    """Read any importable list file (format detected from its content) into a Watchlist with a preview.

    Args:
        path: a trade.gov consolidated.csv / .json (also resaved as .xlsx), OFAC's sdn.csv / cons_prim.csv (with
            alt.csv and add.csv beside it) or sdn.xml, the UN consolidated XML, the BIS Denied Persons text, the
            FCC Covered List table, the DoD 1260H table, an OpenSanctions targets.simple.csv or FollowTheMoney
            JSON lines, a person's own CSV/XLSX list, or a BOM Auditor watchlist JSON.
        name: the list's name (default: from the format, or the file stem for a person's own list).

    Returns:
        The ImportResult.

    Raises:
        ValueError: the file cannot be read, holds no usable entry or is no list (one line naming the file and
            what to do).
    """
    path = Path(path)
    data = _read(path)
    fmt = _detect(path, data)
    simple = {
        "ofac-xml": readers.read_ofac_xml,
        "un-xml": readers.read_un_xml,
        "bis-dpl": readers.read_dpl,
        "fcc-covered": readers.read_fcc,
        "dod-1260h": readers.read_1260h,
        "typed-table": readers.read_typed_table,
        "ftm-json": readers.read_ftm,
        "ofac-csv": readers.read_ofac_csv,
    }
    if fmt in simple:
        try:
            with gc_paused():
                parsed = simple[fmt](path, data)
        except (ValueError, csv.Error) as exc:
            raise ListImportError(f"{path.name}: {exc}" if path.name not in str(exc) else str(exc)) from None
        result = _from_parsed(path, data, fmt, parsed)
    elif fmt in ("csl-csv", "csl-json", "ita-csv"):
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
            edition_source="the file" if watchlist.date else "",
        )
    else:
        kind = "xlsx" if fmt == "user-xlsx" else "csv"
        try:
            rows = _read_table(path, data, kind)
        except ValueError as exc:
            raise ListImportError(str(exc)) from None
        if kind == "xlsx" and rows and _detect_table({str(c).strip().lower() for c in rows[0]}) == "csl-csv":
            # trade.gov's consolidated.csv opened and saved by a spreadsheet program: still the CSL.
            result = _import_csl(path, data, "csl-xlsx", sheet=rows)
        else:
            refuse_non_list(path, rows)
            watchlist, skipped_rows, records = user_list_with_skipped(path, data, kind=kind, rows=rows)
            if not watchlist.entities:
                raise ListImportError(f"{path.name}: the name column is empty; add at least one name")
            counts = Counter()
            for e in watchlist.entities:
                counts.update(e.list_codes)
            edition, source = file_edition(path)
            watchlist.date = watchlist.version = edition
            result = ImportResult(
                watchlist=watchlist,
                format=fmt,
                path=path,
                sha256=watchlist.sha256,
                edition_date=edition,
                records=records,
                lists=dict(counts.most_common()),
                skipped=[SkippedRow(n, "", reason) for n, reason in skipped_rows],
                edition_source=source,
            )
    if name:
        result.watchlist.name = name
    return result
