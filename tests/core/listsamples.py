"""Small list files in the documented public layouts, built in code (no real CSL/OpenSanctions data shipped),
made-up imported parties, and a small BOM of makers to screen them with."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from guiapp.lists.watchlist import Alias, Entity, ListEntry, Watchlist

CSL_HEADER = [
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
]

EL = "Entity List (EL) - Bureau of Industry and Security"
CSL_ROWS: list[dict] = [
    {
        "_id": "a1",
        "source": EL,
        "type": "",
        "name": "Zorvex Photonics Co., Ltd.; and any successor, sub-unit, or subsidiary thereof",
        "addresses": "No. 1 Road, Shenzhen, , 518000, CN",
        "federal_register_notice": "84 FR 54002",
        "start_date": "2019-10-09",
        "license_requirement": "For all items subject to the EAR.",
        "license_policy": "Presumption of denial.",
        "source_list_url": "https://www.bis.doc.gov/entity-list",
        "alt_names": "Zorvex Optics; Zorvex Lasers; and Shenzhen Zorvex",
    },
    {
        "_id": "a2",
        "source": "Entity List (EL) - Bureau of Industry and Security",
        "type": "",
        "name": "Quellin People?s Instruments (Hong Kong Entity) [aka QPI Ltd]",
        "federal_register_notice": "85 FR 51596",
        "start_date": "2020-08-17",
        "alt_names": "",
    },
    {
        "_id": "a3",
        "source": "Specially Designated Nationals (SDN) - Treasury Department",
        "type": "Individual",
        "name": "DOE, John",
        "start_date": "2021-01-01",
    },
    {
        "_id": "a4",
        "source": "Specially Designated Nationals (SDN) - Treasury Department",
        "type": "Vessel",
        "name": "SEA STAR",
    },
    {
        "_id": "a5",
        "source": "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department",
        "type": "Entity",
        "name": "Travanta Semiconductor Corporation",
        "start_date": "2021-06-03",
        "source_list_url": "https://home.treasury.gov/cmic",
    },
    {
        "_id": "a6",
        "source": "Military End User List (MEU) - Bureau of Industry and Security",
        "type": "",
        "name": "",
    },
]


def write_csl_csv(path: Path, rows: list[dict] | None = None) -> Path:
    """consolidated.csv with the 29 documented columns."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSL_HEADER)
        writer.writeheader()
        for row in rows if rows is not None else CSL_ROWS:
            writer.writerow({k: row.get(k, "") for k in CSL_HEADER})
    return path


def write_csl_json(path: Path, rows: list[dict] | None = None) -> Path:
    """consolidated.json: {"results": [...]} with lists for the multi-value fields."""
    results = []
    for row in rows if rows is not None else CSL_ROWS:
        rec = {k: row.get(k, "") for k in CSL_HEADER if k != "_id"}
        rec["id"] = row.get("_id", "")
        alt = row.get("alt_names", "")
        rec["alt_names"] = [a.strip() for a in alt.split(";") if a.strip()] if alt else []
        rec["programs"] = ["EAR"] if "EL" in row.get("source", "") else []
        rec["addresses"] = (
            [{"address": "No. 1 Road", "city": "Shenzhen", "country": "CN"}] if row.get("addresses") else []
        )
        for key in ("citizenships", "dates_of_birth", "nationalities", "places_of_birth", "ids"):
            rec[key] = []
        results.append(rec)
    path.write_text(json.dumps({"results": results}), encoding="utf-8")
    return path


OS_HEADER = [
    "id",
    "schema",
    "name",
    "aliases",
    "birth_date",
    "countries",
    "addresses",
    "identifiers",
    "sanctions",
    "phones",
    "emails",
    "program_ids",
    "dataset",
    "first_seen",
    "last_seen",
    "last_change",
]
OS_ROWS: list[dict] = [
    {
        "id": "NK-abc",
        "schema": "Company",
        "name": "Brellium Memory Technologies Co., Ltd.",
        "aliases": "Brellium Memory;Brellium",
        "countries": "cn",
        "sanctions": "Section 5949",
        "program_ids": "US-5949",
        "dataset": "US Special Legislation;US DoD Chinese military companies",
        "first_seen": "2023-01-01T00:00:00",
        "last_seen": "2026-11-18T06:00:00",
        "last_change": "2026-10-02T06:00:00",
    },
    {
        "id": "NK-per",
        "schema": "Person",
        "name": "Jane Roe",
        "dataset": "US Trade Consolidated Screening List",
        "last_seen": "2026-11-19T06:00:00",
    },
    {
        "id": "NK-org",
        "schema": "Organization",
        "name": "Kestrel Radio Works",
        "dataset": "US FCC Covered List",
        "last_seen": "2026-11-01T06:00:00",
        "last_change": "2026-11-01T06:00:00",
    },
]


def write_opensanctions(path: Path, rows: list[dict] | None = None, program_ids: bool = True) -> Path:
    """targets.simple.csv (older exports have no program_ids column)."""
    header = OS_HEADER if program_ids else [h for h in OS_HEADER if h != "program_ids"]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        for row in rows if rows is not None else OS_ROWS:
            writer.writerow({k: row.get(k, "") for k in header})
    return path


def synthetic_csl_rows(n: int, seed: int = 7) -> list[dict]:
    """n invented CSL entity rows (names like "Shenzhen Karitomo Electronics Co., Ltd.") with alt names."""
    import random

    rng = random.Random(seed)
    syll = ["ka", "ri", "to", "mo", "na", "se", "vi", "lo", "tek", "zen", "bar", "qua", "sol", "dyn", "mex",
            "por", "fal", "gen", "tri", "lux", "nor", "ver", "tal", "cor", "sun"]  # fmt: skip
    places = ["Shenzhen", "Hangzhou", "Beijing", "Moscow", "Tehran", "Dubai", ""]
    words = ["Electronics", "Technology", "Trading", "Systems", "Industrial", ""]
    forms = ["Co., Ltd.", "LLC", "FZE", "Limited", "JSC", ""]
    sources = [EL, "Specially Designated Nationals (SDN) - Treasury Department",
               "Military End User (MEU) List - Bureau of Industry and Security"]  # fmt: skip
    rows = []
    for i in range(n):
        core = "".join(rng.choice(syll) for _ in range(rng.randint(2, 4))).capitalize()
        name = " ".join(p for p in (rng.choice(places), core, rng.choice(words), rng.choice(forms)) if p)
        alts = "; ".join(
            "".join(rng.choice(syll) for _ in range(3)).capitalize() + " " + rng.choice(words or ["Co"])
            for _ in range(rng.randint(0, 2))
        )
        rows.append(
            {
                "_id": f"s{i}",
                "source": rng.choice(sources),
                "type": "Entity",
                "name": name,
                "start_date": f"20{rng.randint(10, 26):02d}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "alt_names": alts,
            }
        )
    return rows


def imported_entity(
    ident: str, name: str, *aliases: str, country: str = "", list_code: str = "BIS-EL"
) -> Entity:
    """A made-up party of an imported list: one programme since 2024-01-01, its aliases short forms."""
    return Entity(
        id=ident,
        name=name,
        lists=(ListEntry(list_code, "2024-01-01"),),
        country=country,
        aliases=tuple(Alias(a, "short") for a in aliases),
    )


def imported_watchlist(
    entities: list[Entity], name: str = "Imported test list", source: str = "/tmp/imported.csv"
) -> Watchlist:
    """A watchlist of these parties as an imported file gives it (not the built-in list)."""
    return Watchlist(
        name=name, version="1", date="2026-01-01", sha256="0" * 64, source=source, entities=entities
    )


def write_maker_bom(path: Path, makers: list[str]) -> Path:
    """A CSV BOM with one row per maker (Ref, Description, Manufacturer, Mfr Part Number), to screen a list with."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Ref", "Description", "Manufacturer", "Mfr Part Number"])
        for i, maker in enumerate(makers):
            writer.writerow([f"U{i + 1}", "part", maker, f"PN-{i}"])
    return path
