"""Importing the Consolidated Screening List, OpenSanctions and a person's own list, from files built in code."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from listsamples import (  # noqa: E402
    CSL_ROWS,
    write_csl_csv,
    write_csl_json,
    write_opensanctions,
)

from guiapp.lists.importers import clean_name, csl_source_code, detect_format, import_list  # noqa: E402
from guiapp.matching.matcher import Matcher  # noqa: E402


@pytest.mark.parametrize(
    ("writer", "fmt"),
    [(write_csl_csv, "csl-csv"), (write_csl_json, "csl-json"), (write_opensanctions, "opensanctions-csv")],
)
def test_format_is_detected_from_content_not_name(tmp_path, writer, fmt):
    path = writer(tmp_path / "download.txt")
    assert detect_format(path) == fmt


def test_user_formats_are_detected(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    csv_path = tmp_path / "mine.csv"
    csv_path.write_text("Company,Aliases\nAcme,AC\n", encoding="utf-8")
    assert detect_format(csv_path) == "user-csv"
    wb = openpyxl.Workbook()
    wb.active.append(["Name"])
    wb.active.append(["Zorblax Systems"])
    xlsx = tmp_path / "list.data"  # no telling suffix: the zip content decides
    wb.save(xlsx)
    assert detect_format(xlsx) == "user-xlsx"
    result = import_list(xlsx)
    assert result.format == "user-xlsx" and result.watchlist.entities[0].name == "Zorblax Systems"


@pytest.mark.parametrize("writer", [write_csl_csv, write_csl_json])
def test_csl_quirks(tmp_path, writer):
    result = import_list(writer(tmp_path / "consolidated.x"))
    wl = result.watchlist
    by_id = {e.id: e for e in wl.entities}
    zorvex = by_id["CSL-a1"]
    # The tail is a note, not part of the name; the last alt name loses its "and ".
    assert zorvex.name == "Zorvex Photonics Co., Ltd."
    assert "successor, sub-unit, or subsidiary" in zorvex.notes
    assert [a.name for a in zorvex.aliases] == ["Zorvex Optics", "Zorvex Lasers", "Shenzhen Zorvex"]
    assert zorvex.lists[0].code == "BIS-EL" and zorvex.lists[0].date == "2019-10-09"
    assert "84 FR 54002" in zorvex.citation and "bis.doc.gov" in zorvex.citation
    assert zorvex.confidence == "high" and zorvex.country == "CN"
    assert "Presumption of denial" in zorvex.scope_note
    quellin = by_id["CSL-a2"]
    # '?' for an apostrophe, "(Hong Kong Entity)" as a note, "[aka ...]" as an alias.
    assert quellin.name == "Quellin People's Instruments"
    assert "Hong Kong Entity" in quellin.notes
    assert [a.name for a in quellin.aliases] == ["QPI Ltd"]
    assert by_id["CSL-a5"].lists[0].code == "NS-CMIC"


@pytest.mark.parametrize("writer", [write_csl_csv, write_csl_json])
def test_csl_preview_counts_and_types_persons_and_vessels(tmp_path, writer):
    result = import_list(writer(tmp_path / "consolidated.x"))
    assert result.records == len(CSL_ROWS) == 6
    # Persons and vessels are kept, typed: screening leaves them out unless switched on (guiapp.lists.store).
    assert result.entries == 5
    assert result.parties == {"organisation": 3, "person": 1, "vessel": 1}
    assert {e.name: e.party for e in result.watchlist.entities}["DOE, John"] == "person"
    assert result.skipped_reasons() == {"no name": 1}
    # The newest start_date (2021-06-03) is an entry's date, not the edition's: the file carries none.
    assert result.edition_source == "file date" and result.edition_date != "2021-06-03"
    text = "\n".join(result.summary_lines())
    assert "skipped 1 record(s)" in text and "BIS-EL 2" in text
    assert "parties: 3 organisations, 1 persons, 1 vessels" in text
    assert "file date" in text and "(the file carries no date)" in text


def test_csl_json_file_date_wins_over_start_dates(tmp_path):
    import json

    path = write_csl_json(tmp_path / "consolidated.json")
    doc = json.loads(path.read_text())
    doc["sources_used"] = [{"source": "EL", "source_last_updated": "2026-11-20T05:00:00+00:00"}]
    path.write_text(json.dumps(doc))
    result = import_list(path)
    assert result.edition_date == "2026-11-20"
    assert result.edition_text == "published 2026-11-20 (from the source's metadata)"


def test_imported_csl_matches_and_names_the_edition(tmp_path):
    wl = import_list(write_csl_csv(tmp_path / "consolidated-2021-06-03.csv")).watchlist
    matches = Matcher([wl]).match("ZORVEX OPTICS", "manufacturer")
    assert matches and matches[0].entity == "Zorvex Photonics Co., Ltd."
    assert matches[0].watchlist == "Consolidated Screening List (2021-06-03)"
    assert matches[0].lists == ("BIS-EL",)
    # The note never becomes a name: "any successor" matches nothing.
    assert not Matcher([wl]).match("Successor Sub-Unit Subsidiary", "manufacturer")


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Entity List (EL) - Bureau of Industry and Security", "BIS-EL"),
        ("Entity List (EL)", "BIS-EL"),
        ("Military End User (MEU) List - Bureau of Industry and Security", "BIS-MEU"),
        ("Unverified List (UVL) - Bureau of Industry and Security", "BIS-UVL"),
        ("Denied Persons List (DPL) - Bureau of Industry and Security", "BIS-DPL"),
        ("Specially Designated Nationals (SDN) - Treasury Department", "OFAC-SDN"),
        ("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", "OFAC-NS-MBS"),
        (
            "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department",
            "NS-CMIC",
        ),
        ("ITAR Debarred (DTC) - State Department", "DDTC-DEBARRED"),
        ("Nonproliferation Sanctions (ISN) - State Department", "ISN"),
        ("Entity List - Bureau of Industry and Security", "BIS-EL"),  # label without its code
        ("Some New List", "CSL:Some New List"),
    ],
)
def test_drifting_source_labels(label, code):
    assert csl_source_code(label) == code


def test_clean_name_variants():
    assert clean_name("Acme Co. (a.k.a. Acme Trading; Acme HK)") == (
        "Acme Co.",
        ["Acme Trading", "Acme HK"],
        [],
    )
    assert clean_name("Beta Ltd., and all subsidiaries")[0] == "Beta Ltd."
    assert clean_name("Huawei Device (Dongguan) Co., Ltd.")[0] == "Huawei Device (Dongguan) Co., Ltd."


@pytest.mark.parametrize("program_ids", [True, False])
def test_opensanctions(tmp_path, program_ids):
    result = import_list(write_opensanctions(tmp_path / "targets.simple.csv", program_ids=program_ids))
    wl = result.watchlist
    assert result.format == "opensanctions-csv"
    orgs = [e for e in wl.entities if e.party == "organisation"]
    assert [e.name for e in orgs] == ["Brellium Memory Technologies Co., Ltd.", "Kestrel Radio Works"]
    brellium = wl.entities[0]
    assert [a.name for a in brellium.aliases] == ["Brellium Memory", "Brellium"]
    assert brellium.list_codes == ("US-SPECIAL-LEG", "DOD-1260H")
    assert "US DoD Chinese military companies" in brellium.citation
    assert result.parties == {"organisation": 2, "person": 1} and not result.skipped
    # last_change / last_seen are the entries' dates, not the export's.
    assert result.edition_source == "file date"
    assert orgs[1].list_codes == ("FCC-CL",)


def test_user_list_goes_through_import_list(tmp_path):
    path = tmp_path / "blocked.csv"
    path.write_text(
        "Company,Aliases,List\nAcme Widgets Ltd,Acme; AW,internal\n,orphan alias,x\n", encoding="utf-8"
    )
    result = import_list(path)
    assert result.format == "user-csv" and result.entries == 1 and result.names == 3
    assert [(s.row, s.reason) for s in result.skipped] == [(3, "no name in the name column")]
    assert result.lists == {"internal": 1}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02binary", "binary content"),
        (b'{"foo": 1}', "JSON without 'results'"),
        (b"foo,bar\n1,2\n", "no name column"),
        (b"Name\n\n", "a table with a header and no rows"),
        (b"Name\n,\n", "a table with a header and no rows"),
    ],
)
def test_errors_are_one_line_naming_the_file(tmp_path, content, message):
    path = tmp_path / "weird.csv"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message) as info:
        import_list(path)
    assert str(info.value).startswith("weird.csv: ") and "\n" not in str(info.value)


def test_only_persons_is_imported_with_a_warning(tmp_path):
    rows = [{"_id": "p", "source": "SDN", "type": "Individual", "name": "Roe, Jane"}]
    result = import_list(write_csl_csv(tmp_path / "c.csv", rows))
    assert result.parties == {"person": 1}
    assert any("no organisation on this list" in w for w in result.warnings)
