"""The readers for the lists agencies publish, on the real files of ../shared/real-lists (skipped when absent):
each format is recognised, its parties typed, its edition read from the file (or said to come from elsewhere),
and a BOM naming one of its organisations hits it through the CLI."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from listsamples import write_maker_bom  # noqa: E402

from guiapp.cli.main import main  # noqa: E402
from guiapp.lists.importers import import_list  # noqa: E402
from guiapp.lists.store import ListStore, ReplaceNeedsConfirmation  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
REAL = REPO.parent / "shared" / "real-lists"
BOMS = REPO.parent / "shared" / "real-boms"

needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-lists is not there")

# file -> (format, list name, where the edition comes from, party kinds expected)
REAL_FILES = {
    "ofac-sdn-2024-05-03.csv": ("ofac-csv", "OFAC SDN List", "the file name", {"organisation", "person", "vessel", "aircraft"}),
    "ofac-cons-prim-2025-12-19.csv": ("ofac-csv", "OFAC Consolidated (non-SDN) List", "the file name", {"organisation", "person"}),
    "un-consolidated-2026-02-27.xml": ("un-xml", "UN Security Council Consolidated List", "the file", {"organisation", "person"}),
    "bis-dpl-2022-09-07.txt": ("bis-dpl", "BIS Denied Persons List", "the file name", {"organisation", "person"}),
    "fcc-covered-list-table.csv": ("fcc-covered", "FCC Covered List", "file date", {"organisation"}),
    "dod-1260h.csv": ("dod-1260h", "DoD 1260H Chinese Military Companies", "file date", {"organisation"}),
    "os-section-889.csv": ("typed-table", "os-section-889", "file date", {"organisation"}),
    "bis-mieu.csv": ("typed-table", "bis-mieu", "file date", {"organisation"}),
    "bis-el-ita-fixture.csv": ("ita-csv", "BIS Entity List", "file date", {"organisation"}),
    "csl-sample-2025-06-25.csv": ("csl-csv", "Consolidated Screening List", "the file name", {"organisation", "person"}),
    "derived/consolidated-excel.xlsx": ("csl-xlsx", "Consolidated Screening List", "file date", {"organisation", "person", "vessel", "aircraft"}),
}  # fmt: skip


def _plain_name(entities, party: str) -> str:
    """A name of this party kind as a person would type it in a BOM: two or more words, letters only."""
    for e in entities:
        words = e.name.split()
        if e.party == party and 2 <= len(words) <= 6 and re.fullmatch(r"[A-Za-z .,&-]{8,60}", e.name):
            return e.name
    raise AssertionError(f"no plain {party} name")


def _screen(capsys, bom: Path) -> list[dict]:
    capsys.readouterr()
    main(["screen", "--json", "--no-builtin", str(bom)])
    return json.loads(capsys.readouterr().out)["files"][0]["hits"]


@needs_real
@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_each_real_list_is_read_typed_and_dated(name):
    fmt, list_name, source, parties = REAL_FILES[name]
    result = import_list(REAL / name)
    assert result.format == fmt
    assert result.watchlist.name == list_name
    assert set(result.parties) == parties
    assert result.edition_source == source
    if source == "the file name":
        assert result.edition_date == re.search(r"\d{4}-\d{2}-\d{2}", name).group(0)
    # Never the newest entry's date: an edition is the file's.
    assert result.entries > 0 and all(e.name for e in result.watchlist.entities)


@needs_real
def test_ofac_sdn_reads_aliases_and_countries_from_alt_and_add_beside_it():
    result = import_list(REAL / "ofac-sdn-2024-05-03.csv")
    assert [p.name for p in result.companions] == ["ofac-alt-2025-02-27.csv", "ofac-add-2025-02-27.csv"]
    bank = next(e for e in result.watchlist.entities if e.id == "OFAC-306")
    assert bank.name == "BANCO NACIONAL DE CUBA" and bank.party == "organisation"
    assert {a.name for a in bank.aliases} >= {"NATIONAL BANK OF CUBA", "BNC"}
    assert "Switzerland" in bank.country
    assert result.parties["vessel"] > 500 and result.parties["person"] > 5000
    # alt.csv alone is not a list, and says what to import instead.
    with pytest.raises(ValueError, match="this is OFAC's alt.csv .* import sdn.csv"):
        import_list(REAL / "ofac-alt-2025-02-27.csv")


@needs_real
def test_un_xml_edition_is_its_date_generated():
    result = import_list(REAL / "un-consolidated-2026-02-27.xml")
    assert result.edition_date == "2026-02-27"
    assert result.edition_text == "published 2026-02-27 (from the file)"
    adf = next(e for e in result.watchlist.entities if e.id == "UN-CDe.001")
    assert "Allied Democratic Forces" in {a.name for a in adf.aliases}


@needs_real
def test_fcc_table_names_the_companies_and_skips_categories():
    result = import_list(REAL / "fcc-covered-list-table.csv")
    names = [e.name for e in result.watchlist.entities]
    assert "Huawei Technologies Company" in names and "AO Kaspersky Lab" in names
    # "Pacific Networks Corp and its wholly-owned subsidiary ComNet (USA) LLC" is two companies.
    assert "Pacific Networks Corp" in names and "ComNet (USA) LLC" in names
    assert result.skipped_reasons() == {"names no company (a category of equipment)": 4}
    huawei = result.watchlist.entities[names.index("Huawei Technologies Company")]
    assert huawei.lists[0].date == "2021-03-12"


@needs_real
def test_1260h_leaves_out_companies_removed_from_the_list():
    result = import_list(REAL / "dod-1260h.csv")
    assert "removed from the list on" in next(iter(result.skipped_reasons()))
    avic = next(e for e in result.watchlist.entities if e.name == "AVIC Chengdu Aircraft Co., Ltd.")
    assert {"ZEMIC"} <= {a.name for a in avic.aliases} and "Aviation Industry Corporation" in avic.notes


@needs_real
def test_csl_resaved_by_a_spreadsheet_program_is_still_the_csl():
    csv_result = import_list(REAL / "derived" / "consolidated.csv")
    xlsx_result = import_list(REAL / "derived" / "consolidated-excel.xlsx")
    assert xlsx_result.format == "csl-xlsx" and xlsx_result.parties == csv_result.parties
    assert xlsx_result.lists == csv_result.lists
    orgs = {e.name for e in csv_result.watchlist.entities if e.party == "organisation"}
    assert {e.name for e in xlsx_result.watchlist.entities if e.party == "organisation"} == orgs


@pytest.mark.skipif(not BOMS.is_dir(), reason="../shared/real-boms is not there")
def test_no_real_bom_is_accepted_as_a_watchlist():
    files = [p for p in sorted(BOMS.iterdir()) if p.name != "SOURCES.md"]
    assert files
    for path in files:
        with pytest.raises(ValueError, match="looks like a bill of materials") as info:
            import_list(path)
        assert str(info.value).startswith(path.name) and "File > Open" in str(info.value)


def test_an_empty_table_says_so(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n")
    with pytest.raises(ValueError, match="empty.csv: the file is empty"):
        import_list(empty)
    header_only = tmp_path / "header.csv"
    header_only.write_text("name,aliases\n")
    with pytest.raises(ValueError, match="a table with a header and no rows"):
        import_list(header_only)


@needs_real
@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_a_bom_naming_an_organisation_of_each_list_hits_it(name, tmp_path, capsys):
    assert main(["lists", "import", str(REAL / name)]) == 0
    store = ListStore()
    (record,) = store.records()
    maker = _plain_name(store.watchlist(record).entities, "organisation")
    hits = _screen(capsys, write_maker_bom(tmp_path / "bom.csv", [maker, "Murata"]))
    assert [h["entity"] for h in hits] == [maker]
    assert hits[0]["watchlist"].startswith(record.name)


@needs_real
@pytest.mark.parametrize("name", ["ofac-sdn-2024-05-03.csv", "un-consolidated-2026-02-27.xml"])
def test_persons_are_screened_only_when_switched_on(name, tmp_path, capsys):
    assert main(["lists", "import", str(REAL / name)]) == 0
    store = ListStore()
    (record,) = store.records()
    person = _plain_name(store.watchlist(record).entities, "person")
    bom = write_maker_bom(tmp_path / "bom.csv", [person])
    assert not [h for h in _screen(capsys, bom) if h["entity"] == person]
    assert main(["lists", "enable", record.name, "--parties", "organisation,person"]) == 0
    assert [h["entity"] for h in _screen(capsys, bom)] == [person]
    assert main(["lists", "enable", record.name, "--parties", "people"]) == 2
    assert "unknown party kind people" in capsys.readouterr().err


@needs_real
def test_an_older_edition_is_refused_without_replace(capsys):
    newer, older = REAL / "ofac-sdn-2024-05-03.csv", REAL / "ofac-sdn-2024-04-26.csv"
    assert main(["lists", "import", str(newer)]) == 0
    capsys.readouterr()
    assert main(["lists", "import", str(older)]) == 2
    captured = capsys.readouterr()
    assert "an older edition" in captured.out
    assert "edition 2024-05-03 (from the file name) -> 2024-04-26 (from the file name)" in captured.out
    assert "entries 14965 -> 14668" in captured.out and "--replace" in captured.err
    assert [r.edition_date for r in ListStore().records()] == ["2024-05-03"]
    assert main(["lists", "import", "--replace", str(older)]) == 0
    history = ListStore().records(include_history=True)
    assert [(r.edition_date, r.status) for r in history] == [
        ("2024-05-03", "superseded"),
        ("2024-04-26", "active"),
    ]


@needs_real
def test_a_much_smaller_file_under_a_kept_name_asks(tmp_path):
    store = ListStore()
    kept = store.import_file(REAL / "csl-sample-2019-12-03.csv")
    with pytest.raises(ReplaceNeedsConfirmation) as info:
        store.import_file(REAL / "csl-sample-2025-06-25.csv")
    # Newer, but about a tenth of the parties kept: a person must see it before it replaces the list.
    new = info.value.result.entries
    assert kept.entries > 100 and new < 20
    assert info.value.changes[0] == f"a smaller list ({kept.entries - new} entries fewer)"
    assert f"entries {kept.entries} -> {new}, names" in info.value.changes[-1]
    assert store.import_file(REAL / "csl-sample-2025-06-25.csv", replace=True).entries == new


@needs_real
def test_a_kept_ofac_list_keeps_its_alt_file(tmp_path):
    # Copy sdn.csv and alt.csv away, import, then delete the copies and the cache: the list is parsed again
    # from the store's own copies, aliases included.
    for name in ("ofac-cons-prim-2025-12-19.csv", "ofac-cons-alt-2025-12-19.csv"):
        (tmp_path / name).write_bytes((REAL / name).read_bytes())
    store = ListStore()
    record = store.import_file(tmp_path / "ofac-cons-prim-2025-12-19.csv")
    assert len(record.companions) == 1
    for path in [*tmp_path.glob("ofac-*.csv"), *(store.root / "cache").glob("*.pickle")]:
        path.unlink()
    entities = ListStore().watchlist(record).entities
    assert sum(len(e.aliases) for e in entities) > 300


def _sdn_xml(rows: list[list[str]], alt: dict[str, list[str]], published: str) -> bytes:
    """OFAC's sdn.xml layout (namespace, publshInformation, sdnEntry) written from rows of the legacy CSV."""
    ns = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"
    root = ET.Element("sdnList", xmlns=ns)
    info = ET.SubElement(root, "publshInformation")
    ET.SubElement(info, "Publish_Date").text = published
    ET.SubElement(info, "Record_Count").text = str(len(rows))
    for row in rows:
        entry = ET.SubElement(root, "sdnEntry")
        ET.SubElement(entry, "uid").text = row[0]
        kind = row[2].strip()
        if kind == "individual" and ", " in row[1]:
            last, first = row[1].split(", ", 1)
            ET.SubElement(entry, "firstName").text = first
            ET.SubElement(entry, "lastName").text = last
        else:
            ET.SubElement(entry, "lastName").text = row[1]
        ET.SubElement(entry, "sdnType").text = {"-0-": "Entity", "individual": "Individual"}.get(
            kind, kind.title()
        )
        programs = ET.SubElement(entry, "programList")
        ET.SubElement(programs, "program").text = row[3]
        if row[0] in alt:
            akas = ET.SubElement(entry, "akaList")
            for n, name in enumerate(alt[row[0]]):
                aka = ET.SubElement(akas, "aka")
                ET.SubElement(aka, "uid").text = f"{row[0]}{n}"
                ET.SubElement(aka, "type").text = "a.k.a."
                ET.SubElement(aka, "category").text = "strong"
                ET.SubElement(aka, "lastName").text = name
    return b'<?xml version="1.0" standalone="yes"?>\n' + ET.tostring(root, encoding="utf-8")


@needs_real
def test_ofac_xml_reads_the_same_parties_and_its_publish_date(tmp_path):
    text = (REAL / "ofac-sdn-2024-05-03.csv").read_text("latin-1")
    rows = [r for r in csv.reader(text.splitlines()) if r and r[0].isdigit()][:300]
    alt: dict[str, list[str]] = {}
    for r in csv.reader((REAL / "ofac-alt-2025-02-27.csv").read_text("latin-1").splitlines()):
        if len(r) >= 4:
            alt.setdefault(r[0], []).append(r[3])
    xml = tmp_path / "sdn.xml"
    xml.write_bytes(_sdn_xml(rows, alt, "05/03/2024"))
    result = import_list(xml)
    assert result.format == "ofac-xml" and result.entries == 300
    assert result.edition_text == "published 2024-05-03 (from the file)"
    bank = next(e for e in result.watchlist.entities if e.id == "OFAC-306")
    assert bank.name == "BANCO NACIONAL DE CUBA" and "NATIONAL BANK OF CUBA" in {a.name for a in bank.aliases}
    assert bank.number == "306"  # the entry's uid, OFAC's own number for it
    assert {e.number for e in result.watchlist.entities} == {r[0] for r in rows}
    csv_parties = {r[0]: ("person" if r[2].strip() == "individual" else None) for r in rows}
    xml_persons = {e.id.removeprefix("OFAC-") for e in result.watchlist.entities if e.party == "person"}
    assert xml_persons == {k for k, v in csv_parties.items() if v == "person"}


def test_followthemoney_lines(tmp_path):
    lines = [
        {"id": "NK-1", "schema": "Company", "target": True, "datasets": ["us_trade_csl"],
         "properties": {"name": ["Zorvex Photonics Co., Ltd."], "alias": ["Zorvex Optics"], "country": ["cn"]}},
        {"id": "NK-2", "schema": "Person", "target": True, "datasets": ["us_ofac_sdn"],
         "properties": {"name": ["Jane Roe"]}},
        {"id": "NK-3", "schema": "Vessel", "target": True, "properties": {"name": ["SEA STAR"]}},
        {"id": "NK-4", "schema": "Company", "target": False, "properties": {"name": ["Parent Holdings"]}},
        {"id": "NK-5", "schema": "Sanction", "properties": {"program": ["X"]}},
    ]  # fmt: skip
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    result = import_list(path)
    assert result.format == "ftm-json"
    assert result.parties == {"organisation": 1, "person": 1, "vessel": 1}
    zorvex = result.watchlist.entities[0]
    assert zorvex.list_codes == ("CSL",) and [a.name for a in zorvex.aliases] == ["Zorvex Optics"]
    assert set(result.skipped_reasons()) == {"not listed itself (a related party)", "not a party (Sanction)"}


@needs_real
def test_two_processes_importing_at_once_keep_both_lists(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    files = ["fcc-covered-list-table.csv", "dod-1260h.csv", "bis-mieu.csv", "un-consolidated-2026-02-27.xml"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "guiapp.cli", "lists", "import", str(REAL / name)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name in files
    ]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    records = ListStore().records()
    assert sorted(r.file_name for r in records) == sorted(files)
    assert all((ListStore().root / r.stored_file).is_file() for r in records)
    assert not list(ListStore().root.rglob("*.tmp"))


@needs_real
def test_csl_csv_resaved_with_semicolons_and_us_dates_is_still_the_csl(tmp_path):
    # What a spreadsheet program set to a European locale writes: ";" between cells, Windows-1252, and dates
    # retyped as month/day/year.
    with (REAL / "csl-sample-2019-12-03.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    date_col = rows[0].index("start_date")
    for row in rows[1:]:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[date_col]):
            y, m, d = row[date_col].split("-")
            row[date_col] = f"{int(m)}/{int(d)}/{y}"
    resaved = tmp_path / "consolidated.csv"
    with resaved.open("w", encoding="cp1252", errors="replace", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    original = import_list(REAL / "csl-sample-2019-12-03.csv")
    result = import_list(resaved)
    assert result.format == "csl-csv" and result.entries == original.entries
    assert [e.lists[0].date for e in result.watchlist.entities] == [
        e.lists[0].date for e in original.watchlist.entities
    ]
