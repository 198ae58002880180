"""Dated facts of the built-in list: divested brands and former subsidiaries, and the DoD 1260H list."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from guiapp.lists.watchlist import entity_to_json, load_builtin, load_json
from guiapp.matching.matcher import Matcher

REPO = Path(__file__).resolve().parents[2]
SHARED_1260H = REPO.parent / "shared" / "real-lists" / "dod-1260h.csv"


@pytest.fixture(scope="module")
def builtin():
    return load_builtin()


@pytest.fixture(scope="module")
def matcher(builtin):
    return Matcher([builtin])


@pytest.mark.parametrize(
    ("value", "owner", "span"),
    [
        ("Lorex", "Dahua", "2018–2023"),
        ("Lorex Technology Inc.", "Dahua", "2018–2023"),
        ("Honor", "Huawei", "2013–2020"),
        ("HMN Technologies", "Huawei", "2008–2020"),
    ],
)
def test_a_divested_brand_is_a_review_hit_that_says_when_and_why(matcher, value, owner, span):
    hits = matcher.match(value, "manufacturer")
    assert hits, value
    for m in hits:
        assert m.review, m.reason
        assert f"{owner} {span}" in m.reason
        assert f"is not a {owner} part: review" in m.reason
        assert "(source: " in m.reason


def test_every_dated_entity_has_reasoning_and_source(builtin):
    dated = [e for e in builtin.entities if e.valid_to]
    assert {"DAHUA-LOREX", "HUAWEI-HONOR", "HUAWEI-MARINE"} <= {e.id for e in dated}
    for e in dated:
        assert e.parent_id and e.divested and e.divested_source, e.id
        assert e.valid_from <= e.valid_to, e.id


def test_dated_fields_round_trip_and_old_lists_still_load(builtin, tmp_path):
    lorex = builtin.entity("DAHUA-LOREX")
    data = entity_to_json(lorex)
    assert data["valid_to"] == "2023" and data["divested_source"]
    old = {
        k: v for k, v in data.items() if k not in ("valid_from", "valid_to", "divested", "divested_source")
    }
    plain = entity_to_json(builtin.entity("DAHUA"))
    assert "valid_to" not in plain  # undated entities are written as before
    path = tmp_path / "old.json"
    path.write_text(
        json.dumps({"name": "old", "version": "1", "date": "2024-01-01", "entities": [plain, old]})
    )
    loaded = load_json(path)
    assert loaded.entity("DAHUA-LOREX").valid_to == "" and not loaded.entity("DAHUA-LOREX").affiliation_ended


def test_quectel_is_a_dod_1260h_hit(matcher):
    m = matcher.match("Quectel Wireless Solutions Co., Ltd.", "manufacturer")
    assert m and "DOD-1260H" in m[0].lists and not m[0].review


def test_a_bare_letter_code_of_a_1260h_company_is_review_only(matcher):
    for code in ("BOE", "CATL", "BYD"):
        for m in matcher.match(code, "manufacturer"):
            assert m.review, (code, m.reason)


def test_the_built_in_json_is_what_the_build_script_writes(tmp_path):
    """The committed JSON is reproducible from the build script and its committed data tables."""
    code = (
        "import json, runpy, sys; ns = runpy.run_path(sys.argv[1]); "
        "print(json.dumps(ns['build'](), ensure_ascii=False, indent=1))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(REPO / "tests" / "tools" / "build_watchlist.py")],
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    ).stdout
    committed = (REPO / "resources" / "watchlist" / "builtin.json").read_text(encoding="utf-8")
    assert json.loads(out) == json.loads(committed)


@pytest.mark.skipif(not SHARED_1260H.is_file(), reason="shared real lists not present")
def test_every_company_of_the_latest_1260h_edition_is_flagged(matcher):
    with SHARED_1260H.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    latest = max(r["Start date"] for r in rows)
    missed = []
    for r in rows:
        if r["Start date"] != latest:
            continue
        hits = [m for m in matcher.match(r["Clean Name"], "manufacturer") if "DOD-1260H" in m.lists]
        if not hits:
            missed.append(r["Clean Name"])
    assert not missed, missed


@pytest.mark.skipif(not SHARED_1260H.is_file(), reason="shared real lists not present")
def test_a_company_the_dod_removed_loses_the_membership(builtin):
    megvii = builtin.entity("MEGVII")
    assert "DOD-1260H" not in megvii.list_codes
    assert "DoD 1260H list 2024-01-31 to 2025-01-07" in megvii.notes


@pytest.mark.skipif(not SHARED_1260H.is_file(), reason="shared real lists not present")
def test_the_committed_1260h_table_matches_the_publication(tmp_path):
    import runpy

    spec_globals = runpy.run_path(str(REPO / "tests" / "tools" / "derive_1260h.py"))
    with SHARED_1260H.open(encoding="utf-8-sig", newline="") as fh:
        fresh = spec_globals["derive"](list(csv.DictReader(fh)))
    with (REPO / "tests" / "tools" / "watchlist_data" / "dod-1260h.csv").open(
        encoding="utf-8", newline=""
    ) as fh:
        committed = list(csv.DictReader(fh))
    assert committed == fresh


REAL_LISTS = REPO.parent / "shared" / "real-lists"


@pytest.mark.skipif(
    not (REAL_LISTS / "os-section-5949.csv").is_file(), reason="shared real lists not present"
)
@pytest.mark.parametrize("filename", ["os-section-5949.csv", "os-section-889.csv"])
def test_every_company_of_the_ndaa_lists_is_flagged_under_its_section(matcher, filename):
    code = "NDAA-5949" if "5949" in filename else "NDAA-889"
    with (REAL_LISTS / filename).open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for r in rows:
        for name in [r["name"], *(a for a in r["aliases"].split(";") if a.strip())]:
            hits = [
                m for m in matcher.match(name.strip(), "manufacturer") if code in m.lists and not m.review
            ]
            assert hits, (filename, name)


@pytest.mark.skipif(
    not (REAL_LISTS / "fcc-covered-list-table.csv").is_file(), reason="shared real lists not present"
)
def test_the_fcc_inclusion_dates_are_those_of_the_published_table(builtin):
    import datetime
    import re

    with (REAL_LISTS / "fcc-covered-list-table.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    # A row updated later reads "December 22, 2025Updated:January 7, 2026...": the first date is the inclusion.
    dates = {
        datetime.datetime.strptime(
            re.match(r"[A-Z][a-z]+ \d{1,2}, \d{4}", r["date_of_inclusion_on_covered_list"].strip()).group(0),
            "%B %d, %Y",
        )
        .date()
        .isoformat()
        for r in rows
    }
    named = {
        x.date
        for e in builtin.entities
        for x in e.lists
        if x.code == "FCC-CL" and not x.via_affiliate and x.date
    }
    # Every date the built-in list gives a named FCC entry is one the FCC published, and every published
    # date is used (no entry of the table was left out).
    assert named <= dates, named - dates
    assert dates <= named, dates - named
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in named)


@pytest.mark.parametrize("value", ["DJI", "SMIC", "Hikvision", "Dahua Technology"])
def test_a_curated_company_on_the_1260h_list_is_one_entry_with_the_membership(matcher, value):
    hits = matcher.match(value, "manufacturer")
    assert len({m.parent_id for m in hits}) == 1, [(m.entity_id, m.parent_id) for m in hits]
    assert "DOD-1260H" in hits[0].lists
