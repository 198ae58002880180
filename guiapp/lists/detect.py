"""Telling which list format a file holds from its content, and refusing a file that is no list (a BOM, an empty
table) with what it looks like."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from guiapp.lists import readers
from guiapp.lists.cleaning import ListImportError, _decode

_CSL_CSV_MARKERS = {"source", "name", "alt_names", "entity_number", "federal_register_notice"}
_OS_CSV_MARKERS = {"schema", "name", "aliases", "dataset"}


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
