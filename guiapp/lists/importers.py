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
    PARTIES,
    Alias,
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
    # FollowTheMoney entities name their datasets by key, not title.
    ("us_trade_csl", "CSL"),
    ("us_fcc_covered_list", "FCC-CL"),
    ("us_dod_chinese_milcorps", "DOD-1260H"),
    ("us_dhs_uflpa", "UFLPA"),
    ("us_special_leg", "US-SPECIAL-LEG"),
    ("us_ofac_sdn", "OFAC-SDN"),
    ("un_sc_sanctions", "UN-SC"),
)
_PARTY_LABELS = {
    "organisation": "organisations",
    "person": "persons",
    "vessel": "vessels",
    "aircraft": "aircraft",
}

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


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _header_fields(text: str) -> set[str]:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(",;\t|", key=first.count)
    try:
        row = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return set()
    return {c.strip().lower() for c in row}


_DPL_MARKERS = {"name", "street_address", "effective_date"}
_ITA_MARKERS = {"source list", "name", "federal register notice"}
_1260H_MARKERS = {"name", "clean name", "parent name"}


def _detect_table(fields: set[str]) -> str:
    """The list format a header row belongs to ("" when it is no known agency layout)."""
    if fields >= _CSL_CSV_MARKERS:
        return "csl-csv"
    if fields >= _OS_CSV_MARKERS:
        return "opensanctions-csv"
    if fields >= _ITA_MARKERS:
        return "ita-csv"
    if fields >= _DPL_MARKERS:
        return "bis-dpl"
    if any("covered_equipment" in f or "covered equipment" in f for f in fields):
        return "fcc-covered"
    if fields >= _1260H_MARKERS:
        return "dod-1260h"
    if "name" in fields and ({"schema", "type"} & fields) and ({"alias", "aliases", "program"} & fields):
        return "typed-table"
    return ""


def _detect(path: Path, data: bytes) -> str:
    from guiapp.lists import readers

    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return "user-xlsx"
    if b"\x00" in data[:4096]:
        raise ListImportError(
            f"{path.name}: not a list file this app can read (binary content); use a CSV, JSON or XLSX list"
        )
    text = _decode(data[:65536]).lstrip("\ufeff \t\r\n")
    if not text.strip():
        raise ListImportError(f"{path.name}: the file is empty; download the list again")
    if text.startswith("<"):
        root = readers.xml_root_name(data)
        if root == "sdnList":
            return "ofac-xml"
        if root == "CONSOLIDATED_LIST":
            return "un-xml"
        raise ListImportError(
            f"{path.name}: XML this app does not read as a list (root element <{root or '?'}>); "
            "import OFAC's sdn.xml, the UN consolidated XML, or a CSV/JSON list"
        )
    if text.startswith("{") and readers.looks_like_ftm(text):
        return "ftm-json"
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
    ofac = readers.ofac_csv_kind(readers._first_rows(data))
    if ofac == "primary":
        return "ofac-csv"
    if ofac in ("alt", "add"):
        raise ListImportError(
            f"{path.name}: this is OFAC's {ofac}.csv ({'aliases' if ofac == 'alt' else 'addresses'} only); "
            "import sdn.csv or cons_prim.csv and keep this file in the same folder"
        )
    return _detect_table(_header_fields(text)) or "user-csv"


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
    from guiapp.lists.readers import PARTY_WORDS

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
    edition = max([d for d in file_dates if d] or [""])
    warnings = [f"source label without a known code, kept as written: {u}" for u in sorted(unknown)]
    name = "Consolidated Screening List" if fmt != "ita-csv" else "trade.gov screening list"
    published_from = "the file" if edition else ""
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
def _os_code(title: str) -> str:
    lowered = title.lower()
    for words, code in _OS_DATASETS:
        if words in lowered:
            return code
    return title.strip()


def _multi(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split(";") if x.strip()]


def _import_opensanctions(path: Path, data: bytes) -> ImportResult:
    from guiapp.lists.readers import PARTY_WORDS

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
_NAME_DATE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")


def edition_text(date: str, source: str) -> str:
    """An edition date with where it came from, as the preview and the lists table show it."""
    if not date:
        return "no edition date"
    if source == "file date":
        return f"file date {date} (the file carries no date)"
    if source in ("the file", "the source's metadata"):
        return f"published {date} (from {source})"
    return f"{date} (from {source})" if source else date


def file_edition(path: Path) -> tuple[str, str]:
    """The edition a file without publication data has: a date in its name, else its modification date.

    Returns:
        (ISO date, "the file name" or "file date"); ("", "") when neither can be read.
    """
    for found in _NAME_DATE.finditer(path.name):
        try:
            return _dt.date(*(int(x) for x in found.groups())).isoformat(), "the file name"
        except ValueError:
            continue
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return "", ""
    return _dt.datetime.fromtimestamp(stamp, _dt.UTC).date().isoformat(), "file date"


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


# What a table that is no list looks like: a bill of materials has these column kinds (guiapp.ingest.mapping)
# and at least one column only a BOM has (counts, designators, packages, part numbers).
_BOM_KINDS = (
    "part_number",
    "manufacturer",
    "description",
    "other",
    "weak_description",
    "weak_part",
    "supplier",
)
_BOM_ONLY = {
    "qty",
    "q ty",
    "quantity",
    "designator",
    "designators",
    "ref des",
    "refdes",
    "reference",
    "references",
    "reference s",
    "footprint",
    "package",
    "value",
    "dnp",
    "boitier",
    "quantite",
    "menge",
    "anzahl",
    "bauform",
    "cantidad",
    "quantita",
    "quantidade",
    "position",
    "pos",
}
_BOM_ONLY_PARTS = ("数量", "位号", "封装", "用量", "수량", "数")
_LIST_HEADERS = {"alias", "aliases", "aka", "list", "lists", "program", "programs", "programme", "sanctions",
                 "federal register notice", "citation", "listed on", "entity number", "schema", "alt names"}  # fmt: skip


def _bom_only(cell: str, kind: str | None) -> bool:
    from guiapp.ingest.mapping import normalize_header

    norm = normalize_header(cell)
    return (
        kind in ("part_number", "weak_part") or norm in _BOM_ONLY or any(p in cell for p in _BOM_ONLY_PARTS)
    )


def refuse_non_list(path: Path, rows: list[list[str]]) -> None:
    """Raise a ListImportError saying what a table looks like when it is not a list of parties.

    A table is refused when it has no row with content below the header, or when a header row (within the first
    20) reads like a bill of materials: three or more BOM columns (part number, manufacturer, description,
    quantity, designators, value, footprint...), one of them a column only a BOM has, and no column a list has
    (aliases, program, list, citation).
    """
    from guiapp.ingest.mapping import classify_header, normalize_header

    filled = [r for r in rows if any(str(c).strip() for c in r)]
    if len(filled) <= 1:
        what = "an empty table" if not filled else "a table with a header and no rows"
        raise ListImportError(
            f"{path.name}: looks like {what}; a list needs one party per row under its header"
        )
    for row in filled[:20]:
        cells = [str(c).strip() for c in row if str(c).strip()]
        kinds = {c: classify_header(c) for c in cells}
        bom = [c for c, k in kinds.items() if k in _BOM_KINDS]
        if (
            len(bom) >= 3
            and any(_bom_only(c, kinds[c]) for c in bom)
            and not any(normalize_header(c) in _LIST_HEADERS for c in cells)
        ):
            shown = ", ".join(bom[:5])
            raise ListImportError(
                f"{path.name}: looks like a bill of materials (columns {shown}), not a watchlist; "
                "open it with File > Open (or `bom-auditor-cli screen`) to screen it"
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
    from guiapp.lists import readers

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
