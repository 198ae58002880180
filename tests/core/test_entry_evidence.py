"""Every hit carries its list entry's evidence, as the list gives it, in the JSON, the Findings sheet and the
report: list, programme, entity number, Federal Register citation, start date, source URL, edition and import
time; a field the entry lacks says "not given in the list".

The CSL tests import a slice of the real consolidated.csv (../shared/real-lists) and skip when it is absent.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from listsamples import write_maker_bom  # noqa: E402

from guiapp.cli.main import main  # noqa: E402
from guiapp.lists.store import ListStore  # noqa: E402
from guiapp.lists.watchlist import load_builtin  # noqa: E402
from guiapp.model import NOT_GIVEN  # noqa: E402
from guiapp.review.identity import entity_fingerprint  # noqa: E402

CSL = Path(__file__).resolve().parents[3] / "shared" / "real-lists" / "derived" / "consolidated.csv"
needs_csl = pytest.mark.skipif(not CSL.is_file(), reason="../shared/real-lists is not here")


def _screen_json(capsys, *args: str) -> dict:
    code = main(["screen", "--json", *args])
    assert code == 1, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def _csl_slice(path: Path) -> list[dict]:
    """A slice of the real CSL: organisations with an entity number, and ones with a Federal Register citation
    (chosen by what the rows carry, spread over the file), written in the file's own layout."""
    with CSL.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    orgs = [r for r in rows if r["type"].strip().lower() in ("entity", "")]
    single = [r for r in orgs if ";" not in r["name"] and len(r["name"].split()) >= 3]
    numbered = [r for r in single if r["entity_number"].strip() and r["source_list_url"].strip()][::700][:6]
    cited = [r for r in single if re.search(r"\d F\.?R\.? \d", r["federal_register_notice"])][::60][:6]
    chosen = numbered + cited
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(chosen)
    assert len(numbered) >= 3 and len(cited) >= 3
    return chosen


@needs_csl
def test_a_hit_on_an_imported_csl_entry_carries_its_evidence(tmp_path, capsys):
    src = tmp_path / "consolidated.csv"
    chosen = _csl_slice(src)
    assert main(["lists", "import", str(src)]) == 0
    capsys.readouterr()
    record = ListStore().records()[0]
    bom = write_maker_bom(tmp_path / "bom.csv", [r["name"].strip() for r in chosen])
    doc = _screen_json(capsys, "--no-builtin", str(bom))
    hits = {h["entity_id"]: h for h in doc["files"][0]["hits"]}
    checked = 0
    for row in chosen:
        hit = hits.get(f"CSL-{row['_id']}")
        if hit is None:
            continue
        checked += 1
        entry = hit["entry"]
        assert entry["list"] == "Consolidated Screening List"
        assert entry["edition"] == record.edition_date and entry["edition"]
        assert entry["imported_at"] == record.imported_at and entry["source"] == "consolidated.csv"
        assert entry["entity_number"] == (row["entity_number"].strip() or None)
        if row["source_list_url"].strip():
            assert row["source_list_url"].strip() in entry["source_urls"]
        listing = entry["listings"][0]
        assert listing["programme"] == (row["programs"].strip() or None)
        assert listing["start_date"] == (row["start_date"].strip()[:10] or None)
        assert entry["start_dates"] == ([row["start_date"].strip()[:10]] if row["start_date"].strip() else [])
        for cite in re.findall(r"\d{1,3} F\.R\. \d{1,6}", row["federal_register_notice"]):
            assert any(f.startswith(cite) for f in entry["federal_register"]), (cite, entry)
        if not row["federal_register_notice"].strip():
            assert entry["federal_register"] == []
    assert checked >= len(chosen) - 2  # every chosen name hits its own entry (a near twin may win once)


@needs_csl
def test_the_findings_sheet_and_report_carry_the_csl_evidence(tmp_path, capsys):
    src = tmp_path / "consolidated.csv"
    chosen = _csl_slice(src)
    assert main(["lists", "import", str(src)]) == 0
    numbered = chosen[0]
    bom = write_maker_bom(tmp_path / "bom.csv", [numbered["name"].strip(), "Hikvision"])
    out = tmp_path / "out"
    code = main(["screen", "--out", str(out), "--report", "--no-pdf", str(bom)])
    assert code == 1, capsys.readouterr().err
    ws = openpyxl.load_workbook(out / "bom.audited.xlsx")["Findings"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head = rows[0]
    by_entity = {r[head.index("Entity id")]: dict(zip(head, r, strict=False)) for r in rows[1:]}
    csl_row = by_entity[f"CSL-{numbered['_id']}"]
    assert csl_row["Entry: Entity number"] == numbered["entity_number"].strip()
    assert numbered["source_list_url"].strip() in csl_row["Entry: Source URL"]
    assert csl_row["Entry: List edition"] == ListStore().records()[0].edition_date
    assert csl_row["Entry: List imported"] == ListStore().records()[0].imported_at
    builtin_row = by_entity["HIKVISION"]
    # The built-in list gives no entity numbers: said so, not left blank and not invented.
    assert builtin_row["Entry: Entity number"] == NOT_GIVEN
    assert "84 FR 54002" in builtin_row["Entry: Federal Register"]
    assert "BIS-EL" in builtin_row["Entry: Programmes (start date)"]
    report = (out / "audit-report.html").read_text(encoding="utf-8")
    assert numbered["entity_number"].strip() in report and NOT_GIVEN in report


def test_a_builtin_hit_carries_its_evidence_and_says_what_the_list_does_not_give(tmp_path, capsys):
    bom = write_maker_bom(tmp_path / "bom.csv", ["Hikvision", "Murata"])
    doc = _screen_json(capsys, str(bom))
    (hit,) = [h for h in doc["files"][0]["hits"] if h["entity_id"] == "HIKVISION"]
    entry = hit["entry"]
    builtin = load_builtin()
    hik = builtin.entity("HIKVISION")
    assert hik is not None
    assert entry["list"] == builtin.name and entry["edition"] == builtin.edition
    assert entry["source"] == "built-in" and entry["imported_at"] is None
    assert entry["entity_number"] is None  # the built-in list has none
    assert [x["list"] for x in entry["listings"]] == [x.code for x in hik.lists]
    assert entry["start_dates"] == list(dict.fromkeys(x.date for x in hik.lists if x.date))
    assert "84 FR 54002" in entry["federal_register"]
    assert entry["citation"] == hik.citation


def test_fields_added_later_leave_older_fingerprints_alone():
    """Remembered decisions are tied to entry fingerprints: fields added to entries later (the entity number,
    the dates of a former affiliation) must not change the fingerprint of an entry that leaves them empty, and
    must count when set (the entry number never counts). The fingerprint below was computed by the code
    of d4dd40b, before those fields."""
    import dataclasses

    from guiapp.lists.watchlist import Alias, Entity, ListEntry

    entity = Entity(
        id="ACME-OPTICS",
        name="Acme Optics Co., Ltd.",
        lists=(ListEntry(code="BIS-EL", date="2020-06-05"),),
        country="CN",
        citation="85 FR 34495",
        aliases=(Alias(name="Acme Optics", kind="short"),),
    )
    fingerprint = "1be7374daf1734db"
    assert entity_fingerprint(entity) == fingerprint
    for field_name in ("valid_from", "valid_to", "divested", "divested_source"):
        changed = dataclasses.replace(entity, **{field_name: "2023"})
        assert entity_fingerprint(changed) != fingerprint, field_name
    # The entry's number is the list's identifier for it (as the id is ours): a reader that starts giving it
    # must not withdraw the decisions remembered on the entry.
    assert entity_fingerprint(dataclasses.replace(entity, number="36447")) == fingerprint
