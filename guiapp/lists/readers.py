"""Readers for the list files agencies publish: OFAC (legacy CSV and sdn.xml), the UN consolidated XML, the BIS
Denied Persons text, the FCC Covered List table, the DoD 1260H table, typed tables (schema/type, name, aliases)
and FollowTheMoney JSON lines.

Each reader turns a file into entries typed by party (organisation, person, vessel, aircraft), says which records
it left out and why, and reports the edition date the file itself carries (never an entry's date). Detection
and the common result live in guiapp.lists.importers; the layouts are described in the project's list-formats
notes and in each agency's own documentation.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
import xml.etree.ElementTree as ET  # noqa: N817 - only parses files a person chose, entities are not expanded
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from guiapp.lists.cleaning import PARTY_WORDS, _iso_date, _names_and_aliases, _os_code
from guiapp.lists.cleaning import _decode as _decode_text
from guiapp.lists.watchlist import Alias, Entity, ListEntry


@dataclass
class Parsed:
    """What a reader found in a file, before it becomes an ImportResult.

    Attributes:
        name: the list's default name, e.g. "OFAC SDN List".
        entities: the entries, each typed by party.
        records: records read.
        skipped: (record number, name, reason) of records left out.
        warnings: other remarks for the preview.
        published: the edition date the file or its metadata carries ("" when none).
        published_from: where that date was read ("the file", "the source's metadata").
        companions: other files read with this one (OFAC's alt.csv and add.csv).
    """

    name: str
    entities: list[Entity] = field(default_factory=list)
    records: int = 0
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    published: str = ""
    published_from: str = ""
    companions: list[Path] = field(default_factory=list)


def _names(raw: str, alt: Iterable[str]) -> tuple[str, list[Alias], list[str]]:
    return _names_and_aliases(raw, list(alt))


def _date(text: str | None) -> str:
    return _iso_date(text)


_MONTH_DATE = re.compile(r"([A-Z][a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")


def _month_date(text: str) -> str:
    """ISO date of the first "March 12, 2021" in a text, or ""."""
    found = _MONTH_DATE.search(text or "")
    if not found:
        return ""
    for fmt in ("%B %d %Y", "%b %d %Y"):
        try:
            return _dt.datetime.strptime(" ".join(found.groups()), fmt).date().isoformat()
        except ValueError:
            continue
    return ""


def _decode(data: bytes) -> str:
    return _decode_text(data)


def _unique_id(entity_id: str, used: set[str], number: int) -> str:
    if entity_id in used:
        entity_id = f"{entity_id}-{number}"
    used.add(entity_id)
    return entity_id


def _entity(
    entity_id: str,
    raw_name: str,
    alt: Iterable[str],
    lists: tuple[ListEntry, ...],
    party: str,
    citation: str,
    country: str = "",
    notes: str = "",
    scope: str = "",
    number: str = "",
) -> Entity | None:
    name, aliases, name_notes = _names(raw_name, alt)
    if not name:
        return None
    return Entity(
        id=entity_id,
        name=name,
        lists=lists,
        country=country,
        citation=citation,
        confidence="high",
        scope_note=scope,
        aliases=tuple(aliases),
        notes=" ".join(x for x in ("; ".join(name_notes), notes) if x),
        party=party,
        number=number.strip(),
    )


# --------------------------------------------------------------------------------------------------------
# OFAC legacy CSV: sdn.csv / cons_prim.csv with alt.csv / add.csv beside it
# --------------------------------------------------------------------------------------------------------
_OFAC_EMPTY = "-0-"
_OFAC_AKA = re.compile(r"\b[af]\.k\.a\.,?\s*'([^']+)'", re.I)
#: OFAC non-SDN programme tags -> list code (the CSL's codes for the same lists).
_OFAC_CONS_CODES: tuple[tuple[str, str], ...] = (
    ("NS-PLC", "OFAC-PLC"),
    ("CMIC", "NS-CMIC"),
    ("MBS", "OFAC-NS-MBS"),
    ("CAPTA", "OFAC-CAP"),
    ("FSE", "OFAC-FSE"),
    ("UKRAINE-EO13662", "OFAC-SSI"),
    ("SSI", "OFAC-SSI"),
)


def _ofac_cell(text: str) -> str:
    text = (text or "").strip()
    return "" if text == _OFAC_EMPTY else text


def ofac_csv_kind(first_rows: list[list[str]]) -> str:
    """ "primary", "alt", "add" or "" for the first rows of a headerless OFAC legacy CSV."""
    rows = [r for r in first_rows if r and r[0].strip()]
    if not rows or not all(r[0].strip().isdigit() for r in rows):
        return ""
    if not any(_OFAC_EMPTY in (c.strip() for c in r) for r in rows) and len(rows) > 1:
        return ""
    widths = {len(r) for r in rows}
    if widths == {12}:
        return "primary"
    if widths == {5} and all(r[1].strip().isdigit() for r in rows):
        return "alt"
    if widths == {6} and all(r[1].strip().isdigit() for r in rows):
        return "add"
    return ""


def _ofac_rows(data: bytes) -> Iterator[list[str]]:
    # The files end with a DOS end-of-file mark (0x1A) on a line of its own.
    for row in csv.reader(io.StringIO(_decode(data).replace("\x1a", ""))):
        if row and row[0].strip().isdigit():
            yield row


def _first_rows(data: bytes, n: int = 5) -> list[list[str]]:
    lines = _decode(data[:16384]).replace("\x1a", "").splitlines()
    if len(data) > 16384:
        lines = lines[:-1]  # cut in the middle
    try:
        return [r for r in csv.reader(lines[:n]) if r]
    except csv.Error:
        return []


def ofac_companions(path: Path) -> dict[str, Path]:
    """OFAC's alt.csv / add.csv beside a primary file ("alt"/"add" -> path).

    The official names are sdn.csv/alt.csv/add.csv and cons_prim.csv/cons_alt.csv/cons_add.csv; a person who
    renamed them (e.g. "ofac-sdn-2024-05-03.csv") usually kept the same pattern, so a file in the same folder
    whose name is the primary's with "sdn"/"prim" replaced by "alt"/"add" (any date) counts, and its content
    must have the companion's layout.
    """
    stem = path.stem.lower()
    consolidated = "cons" in stem
    found: dict[str, Path] = {}
    try:
        siblings = sorted(p for p in path.parent.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    except OSError:
        return found
    date = re.compile(r"\d{4}[-_.]?\d{2}[-_.]?\d{2}")
    prefix = date.sub("", re.split(r"sdn|prim", stem)[0]) if re.search(r"sdn|prim", stem) else ""
    for kind in ("alt", "add"):
        candidates = []
        for p in siblings:
            s = p.stem.lower()
            if p == path or kind not in s or ("cons" in s) != consolidated:
                continue
            if date.sub("", s.split(kind)[0]) != prefix:
                continue
            try:
                with p.open("rb") as fh:
                    head = fh.read(20000)
            except OSError:
                continue
            if ofac_csv_kind(_first_rows(head)) == kind:
                candidates.append(p)
        if candidates:
            # The same date as the primary file first, then the newest by name.
            own = date.search(stem)
            same = [
                p
                for p in candidates
                if own and (m := date.search(p.stem.lower())) and m.group(0) == own.group(0)
            ]
            found[kind] = (same or sorted(candidates))[-1]
    return found


def read_ofac_csv(path: Path, data: bytes, companions: dict[str, bytes] | None = None) -> Parsed:
    """OFAC's legacy sdn.csv or cons_prim.csv, with alt.csv/add.csv beside it when present.

    Columns: ent_num, name, type (-0- for an entity, individual, vessel, aircraft), programs, title, call sign,
    vessel type, tonnage, GRT, vessel flag, vessel owner, remarks.
    """
    consolidated = "cons" in path.stem.lower()
    parsed = Parsed(name="OFAC Consolidated (non-SDN) List" if consolidated else "OFAC SDN List")
    companion_paths = ofac_companions(path) if companions is None else {}
    if companions is None:
        companions = {}
        for kind, p in companion_paths.items():
            try:
                companions[kind] = p.read_bytes()
                parsed.companions.append(p)
            except OSError as exc:
                parsed.warnings.append(
                    f"{p.name} could not be read ({exc.strerror or exc}); aliases left out"
                )
    alt: dict[str, list[str]] = {}
    for row in _ofac_rows(companions.get("alt", b"")):
        if len(row) >= 4 and _ofac_cell(row[3]):
            alt.setdefault(row[0].strip(), []).append(_ofac_cell(row[3]))
    countries: dict[str, list[str]] = {}
    for row in _ofac_rows(companions.get("add", b"")):
        if len(row) >= 5 and _ofac_cell(row[4]):
            countries.setdefault(row[0].strip(), []).append(_ofac_cell(row[4]))
    if "alt" not in companions:
        parsed.warnings.append(
            "no alt.csv beside the file: aliases come only from the remarks (put OFAC's alt.csv and add.csv "
            "in the same folder to import every alias)"
        )
    used: set[str] = set()
    joined = 0
    for number, row in enumerate(_ofac_rows(data), start=1):
        parsed.records += 1
        row = (row + [""] * 12)[:12]
        ent_num = row[0].strip()
        raw_name = _ofac_cell(row[1])
        kind = _ofac_cell(row[2]).lower()
        party = PARTY_WORDS.get(kind, "organisation")
        programs = " ".join(_ofac_cell(row[3]).replace("] [", " ").strip("[] ").split())
        remarks = _ofac_cell(row[11])
        if not raw_name:
            parsed.skipped.append((number, "", "no name"))
            continue
        names = alt.get(ent_num, [])
        joined += bool(names)
        aliases = names + _OFAC_AKA.findall(remarks)
        if consolidated:
            code = next((c for tag, c in _OFAC_CONS_CODES if tag in programs.upper()), "OFAC-CONS")
        else:
            code = "OFAC-SDN"
        vessel = ", ".join(
            x for x in (
                f"call sign {_ofac_cell(row[5])}" if _ofac_cell(row[5]) else "",
                _ofac_cell(row[6]), f"flag {_ofac_cell(row[9])}" if _ofac_cell(row[9]) else "",
            ) if x
        )  # fmt: skip
        entity = _entity(
            _unique_id(f"OFAC-{ent_num}", used, number),
            raw_name,
            aliases,
            (ListEntry(code, "", programs),),
            party,
            f"OFAC {'non-SDN consolidated list' if consolidated else 'SDN list'}, ent_num {ent_num}"
            + (f"; programs {programs}" if programs else ""),
            country=";".join(dict.fromkeys(countries.get(ent_num, []))),
            notes="; ".join(x for x in (vessel, remarks) if x),
            number=ent_num,
        )
        if entity is None:
            parsed.skipped.append((number, raw_name, "no name left once notes were removed"))
            continue
        parsed.entities.append(entity)
    if alt and not joined:
        parsed.warnings.append(
            f"{companion_paths.get('alt', 'alt.csv')}: none of its aliases belongs to this file's entries (another edition?)"
        )
    return parsed


# --------------------------------------------------------------------------------------------------------
# XML: OFAC sdn.xml and the UN consolidated list
# --------------------------------------------------------------------------------------------------------
def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(elem: ET.Element, name: str) -> str:
    for child in elem:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _children(elem: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in elem.iter() if _local(c.tag) == name]


def xml_root_name(data: bytes) -> str:
    """The local name of an XML document's root element ("" when it is not XML)."""
    try:
        for _event, elem in ET.iterparse(io.BytesIO(data[:65536]), events=("start",)):
            return _local(elem.tag)
    except ET.ParseError:
        return ""
    return ""


def read_ofac_xml(path: Path, data: bytes) -> Parsed:
    """OFAC's sdn.xml / cons_prim.xml (root sdnList, one sdnEntry per party, Publish_Date in publshInformation)."""
    parsed = Parsed(name="OFAC SDN List")
    used: set[str] = set()
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValueError(f"{path.name}: the XML is damaged ({exc}); download it again") from None
    info = next((e for e in root if _local(e.tag) == "publshInformation"), None)
    if info is not None:
        parsed.published = _date(_child_text(info, "Publish_Date"))
        parsed.published_from = "the file" if parsed.published else ""
    consolidated = "cons" in path.stem.lower()
    if consolidated:
        parsed.name = "OFAC Consolidated (non-SDN) List"
    for number, entry in enumerate((e for e in root if _local(e.tag) == "sdnEntry"), start=1):
        parsed.records += 1
        uid = _child_text(entry, "uid")
        last, first = _child_text(entry, "lastName"), _child_text(entry, "firstName")
        raw_name = f"{last}, {first}" if last and first else last or first
        party = PARTY_WORDS.get(_child_text(entry, "sdnType").lower(), "organisation")
        programs = " ".join(p.text.strip() for p in _children(entry, "program") if p.text)
        aliases = []
        for aka in _children(entry, "aka"):
            a_last, a_first = _child_text(aka, "lastName"), _child_text(aka, "firstName")
            alias = f"{a_last}, {a_first}" if a_last and a_first else a_last or a_first
            if alias:
                aliases.append(alias)
        countries = [c.text.strip() for c in _children(entry, "country") if c.text and c.text.strip()]
        code = "OFAC-CONS" if consolidated else "OFAC-SDN"
        if consolidated:
            code = next((c for tag, c in _OFAC_CONS_CODES if tag in programs.upper()), "OFAC-CONS")
        entity = _entity(
            _unique_id(f"OFAC-{uid or number}", used, number),
            raw_name,
            aliases,
            (ListEntry(code, "", programs),),
            party,
            f"OFAC {'non-SDN consolidated list' if consolidated else 'SDN list'} (XML), uid {uid}"
            + (f"; programs {programs}" if programs else ""),
            country=";".join(dict.fromkeys(countries)),
            notes=_child_text(entry, "remarks"),
            number=uid,
        )
        if entity is None:
            parsed.skipped.append((number, raw_name, "no name"))
            continue
        parsed.entities.append(entity)
    return parsed


def read_un_xml(path: Path, data: bytes) -> Parsed:
    """The UN Security Council consolidated list (root CONSOLIDATED_LIST with dateGenerated)."""
    parsed = Parsed(name="UN Security Council Consolidated List")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValueError(f"{path.name}: the XML is damaged ({exc}); download it again") from None
    parsed.published = _date(root.get("dateGenerated", ""))
    parsed.published_from = "the file" if parsed.published else ""
    used: set[str] = set()
    number = 0
    for group, kind, party in (
        ("INDIVIDUALS", "INDIVIDUAL", "person"),
        ("ENTITIES", "ENTITY", "organisation"),
    ):
        for holder in (e for e in root if _local(e.tag) == group):
            for entry in (e for e in holder if _local(e.tag) == kind):
                number += 1
                parsed.records += 1
                parts = [
                    _child_text(entry, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
                ]
                raw_name = " ".join(p for p in parts if p)
                aliases = [
                    a.text.strip() for a in _children(entry, "ALIAS_NAME") if a.text and a.text.strip()
                ]
                original = _child_text(entry, "NAME_ORIGINAL_SCRIPT")
                if original:
                    aliases.append(original)
                ref = _child_text(entry, "REFERENCE_NUMBER")
                regime = _child_text(entry, "UN_LIST_TYPE")
                countries = [
                    c.text.strip()
                    for addr in _children(entry, f"{kind}_ADDRESS")
                    for c in addr
                    if _local(c.tag) == "COUNTRY" and c.text and c.text.strip()
                ]
                entity = _entity(
                    _unique_id(f"UN-{ref or _child_text(entry, 'DATAID') or number}", used, number),
                    raw_name,
                    aliases,
                    (ListEntry("UN-SC", _date(_child_text(entry, "LISTED_ON")), regime),),
                    party,
                    f"UN Security Council Consolidated List, {ref}" + (f" ({regime})" if regime else ""),
                    country=";".join(dict.fromkeys(countries)),
                    notes=_child_text(entry, "COMMENTS1")[:500],
                    # The UN's own reference (e.g. KPe.001); DATAID only for an entry without one.
                    number=ref or _child_text(entry, "DATAID"),
                )
                if entity is None:
                    parsed.skipped.append((number, raw_name, "no name"))
                    continue
                parsed.entities.append(entity)
    return parsed


# --------------------------------------------------------------------------------------------------------
# Tables with a header: BIS Denied Persons, FCC Covered List, DoD 1260H, typed tables
# --------------------------------------------------------------------------------------------------------
def table_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header (lower case, trimmed) and rows of a CSV or tab-separated text, the delimiter sniffed."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(",;\t|", key=first.count)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    rows = [
        dict(zip(header, (c.strip() for c in row), strict=False))
        for row in reader
        if any(c.strip() for c in row)
    ]
    return header, rows


# Words that make a Denied Persons name an organisation (the list does not type its parties).
_ORG_WORDS = re.compile(
    r"\b(?:l\.?t\.?d|llc|l\.l\.c|inc|corp|corporation|co|company|compan[iy]a|gmbh|ag|s\.?a|s\.?r\.?l|b\.?v|"
    r"pte|pvt|plc|limited|group|trading|industr(?:y|ies)|international|enterprises?|technolog(?:y|ies)|"
    r"electronics?|aviation|airlines?|systems?|services|engineering|import|export|logistics|holdings?|"
    r"establishment|est|fze|fzc|jsc|ooo|oao|zao|pao|sarl|srl|kft|firm|factory|institute|university|bank)\b\.?",
    re.I,
)


def dpl_party(name: str) -> str:
    """The Denied Persons List names people and firms alike: a name with a company word is an organisation."""
    return "organisation" if _ORG_WORDS.search(name) else "person"


def read_dpl(path: Path, data: bytes) -> Parsed:
    """The BIS Denied Persons List text file (tab-separated, quoted header, one row per address)."""
    parsed = Parsed(name="BIS Denied Persons List")
    _header, rows = table_rows(_decode(data))
    by_name: dict[str, dict] = {}
    for number, row in enumerate(rows, start=2):
        parsed.records += 1
        raw = (row.get("name") or "").strip()
        if not raw:
            parsed.skipped.append((number, "", "no name"))
            continue
        one = by_name.setdefault(raw.casefold(), {"name": raw, "rows": [], "number": number})
        one["rows"].append(row)
    used: set[str] = set()
    for one in by_name.values():
        rows_of = one["rows"]
        first = rows_of[0]
        countries = [r.get("country", "") for r in rows_of if r.get("country")]
        citations = list(dict.fromkeys(r.get("fr_citation", "") for r in rows_of if r.get("fr_citation")))
        entity = _entity(
            _unique_id(f"DPL-{one['number']}", used, one["number"]),
            one["name"],
            [],
            (ListEntry("BIS-DPL", _date(first.get("effective_date")), ""),),
            dpl_party(one["name"]),
            "BIS Denied Persons List" + (f"; {citations[0]}" if citations else ""),
            country=";".join(dict.fromkeys(countries)),
            notes=" ".join(
                x
                for x in (
                    f"Denial effective {first.get('effective_date')}" if first.get("effective_date") else "",
                    f"expires {first.get('expiration_date')}." if first.get("expiration_date") else "",
                    f"{len(rows_of)} addresses." if len(rows_of) > 1 else "",
                )
                if x
            ),  # fmt: skip
        )
        if entity is None:
            parsed.skipped.append((one["number"], one["name"], "no name left once notes were removed"))
            continue
        parsed.entities.append(entity)
    return parsed


# "... produced by Huawei Technologies Company, including ..." / "provided by China Telecom (Americas) Corp.
# subject to ..." / "supplied, directly or indirectly, by AO Kaspersky Lab or any of its ..."
_FCC_BY = re.compile(
    r"\b(?:produced|provided|supplied)(?:\s+or\s+provided)?(?:,\s*directly or indirectly,)?\s+by\s+(.+?)"
    r"(?=,\s*(?:including|subject|to the extent)|\s+(?:or any of|or any|including|subject to|to the extent)\b|\.\s*$|$)",
    re.I,
)
_FCC_SUBSIDIARY = re.compile(r"\s+and its (?:wholly[- ]owned )?subsidiar(?:y|ies)\s+", re.I)


def read_fcc(path: Path, data: bytes) -> Parsed:
    """The FCC Covered List as a two-column table: the covered equipment or service, and its inclusion date.

    The first column is prose; the company is read from "produced/provided/supplied by <company>". A row that
    names no company (a category such as foreign-produced routers) cannot be matched by name and is skipped with
    that reason; "X and its wholly-owned subsidiary Y" gives two entries.
    """
    parsed = Parsed(name="FCC Covered List")
    header, rows = table_rows(_decode(data))
    text_col = next((h for h in header if "covered" in h or "equipment" in h or "service" in h), header[0])
    date_col = next((h for h in header if "date" in h), "")
    used: set[str] = set()
    for number, row in enumerate(rows, start=2):
        parsed.records += 1
        text = " ".join((row.get(text_col) or "").split())
        found = _FCC_BY.search(text)
        if not found:
            parsed.skipped.append((number, text[:60], "names no company (a category of equipment)"))
            continue
        added = _month_date(row.get(date_col, "")) if date_col else ""
        for part in _FCC_SUBSIDIARY.split(found.group(1).strip(" ,.")):
            entity = _entity(
                _unique_id(f"FCC-{number}", used, len(parsed.entities) + number * 100),
                part.strip(),
                [],
                (ListEntry("FCC-CL", added, ""),),
                "organisation",
                f"FCC Covered List (47 CFR 1.50002), added {row.get(date_col, '').split('Updated')[0].strip()}",
                scope=text,
            )
            if entity is not None:
                parsed.entities.append(entity)
    return parsed


def _split_names(cell: str) -> list[str]:
    return [x.strip() for x in re.split(r";|\|", cell or "") if x.strip()]


def read_1260h(path: Path, data: bytes) -> Parsed:
    """The DoD section 1260H table (Name, Clean Name, Alias, Previous Name, Parent Name, Note, Start/End date)."""
    parsed = Parsed(name="DoD 1260H Chinese Military Companies")
    _header, rows = table_rows(_decode(data))
    used: set[str] = set()
    for number, row in enumerate(rows, start=2):
        parsed.records += 1
        raw = row.get("clean name") or row.get("name") or ""
        if not raw:
            parsed.skipped.append((number, "", "no name"))
            continue
        ended = _date(row.get("end date"))
        if ended:
            parsed.skipped.append((number, raw, f"removed from the list on {ended}"))
            continue
        alt = _split_names(row.get("alias", "")) + _split_names(row.get("previous name", ""))
        parent = row.get("parent name", "")
        entity = _entity(
            _unique_id("DOD1260H-" + re.sub(r"[^A-Z0-9]+", "-", raw.upper()).strip("-")[:40], used, number),
            raw,
            alt,
            (ListEntry("DOD-1260H", _date(row.get("start date")), ""),),
            "organisation",
            "DoD section 1260H list" + (f"; {row['source url']}" if row.get("source url") else ""),
            notes=" ".join(x for x in (f"Parent: {parent}." if parent else "", row.get("note", "")) if x),
        )
        if entity is None:
            parsed.skipped.append((number, raw, "no name left once notes were removed"))
            continue
        parsed.entities.append(entity)
    return parsed


def _program_code(program: str, fallback: str) -> str:
    program = program.strip()
    if program and " " not in program and len(program) <= 24:
        return program.upper().removeprefix("US-")
    section = re.search(r"\bSection (\d{3,4})\b", program, re.I)
    if section and re.search(r"Defense Authorization|NDAA", program, re.I):
        return f"NDAA-{section.group(1)}"
    return fallback


def read_typed_table(path: Path, data: bytes) -> Parsed:
    """A table whose rows say what they name: schema or type (Company, Person, ...), name, alias(es), program,
    country, date, source URL (e.g. OpenSanctions source sheets, BIS MIEU extracts)."""
    parsed = Parsed(name=path.stem)
    header, rows = table_rows(_decode(data))
    type_col = "schema" if "schema" in header else "type"
    alias_col = "aliases" if "aliases" in header else "alias"
    date_col = next((h for h in ("start-date", "start date", "date", "listed on") if h in header), "")
    url_col = next((h for h in ("source_url", "source url", "url") if h in header), "")
    fallback = re.sub(r"[^A-Z0-9]+", "-", path.stem.upper()).strip("-") or "LIST"
    used: set[str] = set()
    for number, row in enumerate(rows, start=2):
        parsed.records += 1
        raw = row.get("name", "")
        kind = re.sub(r"[^a-z]", "", (row.get(type_col) or "").lower())
        if not raw:
            parsed.skipped.append((number, "", "no name"))
            continue
        if kind not in PARTY_WORDS:
            parsed.skipped.append((number, raw, f"not a party ({row.get(type_col)})"))
            continue
        program = row.get("program", "")
        entity = _entity(
            _unique_id(f"{fallback}-{number}", used, number),
            raw,
            _split_names(row.get(alias_col, "")),
            (
                ListEntry(
                    _program_code(program, fallback), _date(row.get(date_col)) if date_col else "", program
                ),
            ),
            PARTY_WORDS[kind],
            "; ".join(x for x in (program or path.name, row.get(url_col, "") if url_col else "") if x),
            country=row.get("country", ""),
            notes=row.get("notes", "") or row.get("reason", ""),
        )
        if entity is None:
            parsed.skipped.append((number, raw, "no name left once notes were removed"))
            continue
        parsed.entities.append(entity)
    return parsed


# --------------------------------------------------------------------------------------------------------
# FollowTheMoney JSON lines (OpenSanctions entities.ftm.json)
# --------------------------------------------------------------------------------------------------------
def looks_like_ftm(text: str) -> bool:
    """Whether the first line of a text is a FollowTheMoney entity (an object with schema and properties)."""
    first = text.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
    try:
        doc = json.loads(first)
    except ValueError:
        return False
    return isinstance(doc, dict) and "schema" in doc and isinstance(doc.get("properties"), dict)


def read_ftm(path: Path, data: bytes) -> Parsed:
    """FollowTheMoney entities, one JSON object per line; only targets (listed parties) become entries."""
    parsed = Parsed(name="OpenSanctions entities")
    os_code = _os_code
    used: set[str] = set()
    changed: list[str] = []
    for number, line in enumerate(_decode(data).splitlines(), start=1):
        if not line.strip():
            continue
        parsed.records += 1
        try:
            doc = json.loads(line)
        except ValueError:
            parsed.skipped.append((number, "", "not valid JSON"))
            continue
        if not isinstance(doc, dict):
            parsed.skipped.append((number, "", "not an entity"))
            continue
        props = doc.get("properties") or {}
        names = [str(n) for n in props.get("name", []) if str(n).strip()]
        schema = str(doc.get("schema", ""))
        party = PARTY_WORDS.get(schema.lower())
        if party is None:
            parsed.skipped.append(
                (number, names[0] if names else "", f"not a party ({schema or 'no schema'})")
            )
            continue
        if doc.get("target") is False:
            parsed.skipped.append((number, names[0] if names else "", "not listed itself (a related party)"))
            continue
        if not names:
            parsed.skipped.append((number, "", "no name"))
            continue
        alt = names[1:] + [str(a) for k in ("alias", "previousName", "weakAlias") for a in props.get(k, [])]
        datasets = [str(d) for d in doc.get("datasets", [])]
        programs = "; ".join(str(p) for p in props.get("programId", []) + props.get("program", []))
        first_seen = _date(doc.get("first_seen"))
        if doc.get("last_change"):
            changed.append(_date(doc.get("last_change")))
        ident = str(doc.get("id") or number)
        lists = tuple(dict.fromkeys(ListEntry(os_code(d), first_seen, programs) for d in datasets)) or (
            ListEntry("OpenSanctions", first_seen, programs),
        )
        entity = _entity(
            _unique_id(f"OS-{ident}", used, number),
            names[0],
            alt,
            lists,
            party,
            f"OpenSanctions ({'; '.join(datasets) or 'dataset not given'}), id {ident}",
            country=";".join(str(c) for c in props.get("country", []) + props.get("jurisdiction", [])),
            notes="; ".join(str(n) for n in props.get("notes", []))[:500],
        )
        if entity is None:
            parsed.skipped.append((number, names[0], "no name left once notes were removed"))
            continue
        parsed.entities.append(entity)
    return parsed
