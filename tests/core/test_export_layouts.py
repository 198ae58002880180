"""Every cell of a row is screened, on layouts shaped like real exports (issue 15).

The layouts (tests/core/exportlayouts.py: distributor carts, EDA exports, part masters, nine languages;
written by openpyxl, XlsxWriter and csv) hold listed part numbers under headers such as "Mfr. #",
"Manufacturer_No" or "Manf#", listed makers named only in notes and remarks, and links to their sites,
among innocent rows. Screened through the CLI: every planted item is found, no innocent row is hit, hits in
columns without a role are review level and name their column, and the mapping notes carry the evidence.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from exportlayouts import LAYOUTS, score, write_all  # noqa: E402

from guiapp.cli.main import main  # noqa: E402
from guiapp.lists.watchlist import load_builtin  # noqa: E402
from guiapp.matching.matcher import Matcher  # noqa: E402
from guiapp.model import ScreenOptions  # noqa: E402
from guiapp.screening.screen import screen_file  # noqa: E402


def _screen_json(capsys, *paths: Path) -> dict:
    main(["screen", "--json", "--no-stored-lists", *map(str, paths)])
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    return write_all(tmp_path_factory.mktemp("layouts"))


def test_every_planted_item_is_found_and_no_innocent_row_is_hit_through_the_cli(written, capsys):
    doc = _screen_json(capsys, *(w.path for w in written))
    by_name = {Path(f["path"]).name: f for f in doc["files"]}
    assert len(by_name) == len(LAYOUTS)
    problems = []
    for w in written:
        f = by_name[w.path.name]
        assert f["status"] == "ok", f
        hits = [(h["row"], h["parent_id"], h["review"]) for h in f["hits"]]
        counts = score(w, hits)
        if counts["found"] != counts["planted"] or counts["innocent_hit"]:
            problems.append((w.layout.name, counts))
        # A listed part number in the part-number column is found at full strength, whatever the header says,
        # unless the maker column names someone else (a reseller), which makes it worth a look only.
        if not w.layout.reseller:
            part_rows = sum(1 for p in w.planted.values() if p.kind in ("part", "maker"))
            if counts["found_confident"] != part_rows:
                problems.append((w.layout.name, "part numbers not found at full strength", counts))
    assert not problems, problems


def test_hits_outside_the_role_columns_are_review_level_and_name_their_column(written, capsys):
    doc = _screen_json(capsys, *(w.path for w in written))
    seen = 0
    for f in doc["files"]:
        sheet = f["sheets"][0]
        role_letters = {c for cols in sheet["columns"].values() for c in cols}
        for h in f["hits"]:
            if h["column"] not in role_letters:
                seen += 1
                assert h["review"], h
                assert h["field"] == "text"
                assert (
                    "which is not a manufacturer, part-number, description or supplier column" in h["reason"]
                )
                assert f"({h['column']})" in h["reason"]
    assert seen >= 2 * len(LAYOUTS) - 3  # the notes, remarks and links of (nearly) every layout


def test_the_mapping_notes_in_the_json_carry_the_value_evidence(written, capsys):
    issue = next(w for w in written if w.layout.name == "typed-issue")
    doc = _screen_json(capsys, issue.path)
    sheet = doc["files"][0]["sheets"][0]
    assert sheet["columns"]["manufacturer"] == ["C"]
    assert sorted(sheet["columns"]["part_number"]) == ["D", "F"]
    assert "look like company names" in sheet["mapping_notes"]
    assert "look like part numbers" in sheet["mapping_notes"]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.fixture(scope="module")
def matcher():
    return Matcher([load_builtin()])


def test_quantities_prices_dates_and_designators_are_not_screened_as_names(tmp_path, matcher):
    # Listed names typed into columns that hold counts, prices, dates and designators: such a column never
    # names a maker, so nothing there is a finding; the same text in a remarks column is one, at review level.
    rows = [["Manufacturer", "MPN", "Qty", "Unit Price", "Date Code", "Designator", "Remarks"]]
    rows.append(["YAGEO", "RC0603FR-0710KL", "Hikvision", "Huawei", "ZTE", "DS-2CD2143G2-I", ""])
    rows.append(["Murata", "GRM188R71H104KA93D", "2", "0.10", "2024-05-01", "C1, C2", "Hikvision OEM"])
    result = screen_file(_csv(tmp_path / "b.csv", rows), matcher, ScreenOptions())
    assert [(h.row, h.column, h.match.parent_id, h.match.review) for h in result.hits] == [
        (3, "G", "HIKVISION", True)
    ]
    assert "'Remarks' (G)" in result.hits[0].match.reason


def test_a_maker_already_found_in_its_row_is_not_found_again_in_a_note(tmp_path, matcher):
    rows = [["Manufacturer", "MPN", "Notes"], ["Hikvision", "X-1", "Hikvision camera, see hikvision.com"]]
    result = screen_file(_csv(tmp_path / "b.csv", rows), matcher, ScreenOptions())
    assert [(h.column, h.match.review) for h in result.hits] == [("A", False)]


def test_a_link_names_its_maker_by_its_domain(tmp_path, matcher):
    rows = [["Manufacturer", "MPN", "Product page"]]
    rows.append(["Acme", "CAM-1", "https://www.dahuasecurity.com/products/productDetail/1234"])
    rows.append(["Acme", "CAM-2", "https://www.facebook.com/acme"])
    rows.append(["Acme", "CAM-3", "https://www.analog.com/en/products/ad8232.html"])
    result = screen_file(_csv(tmp_path / "b.csv", rows), matcher, ScreenOptions())
    assert [(h.row, h.match.parent_id) for h in result.hits] == [(2, "DAHUA")]
    hit = result.hits[0]
    assert hit.match.review
    assert "the domain 'www.dahuasecurity.com' read as 'dahua security'" in hit.match.reason


def test_a_row_named_only_in_a_note_still_counts_as_not_screened(tmp_path, matcher):
    # Coverage is about maker columns: a note naming a maker is worth a look, but the row had nothing that
    # identifies its maker, so it stays "not screened" (never "clear").
    rows = [["Manufacturer", "MPN", "Description", "Notes"], ["", "", "Camera", "海康人脸识别"]]
    result = screen_file(_csv(tmp_path / "b.csv", rows), matcher, ScreenOptions())
    assert [(h.column, h.match.parent_id, h.match.review) for h in result.hits] == [("D", "HIKVISION", True)]
    assert result.sheets[0].rows_not_screened == 1


SHARED_CASES = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "screening-cases.csv"


def _texts_to_check(matcher) -> list[str]:
    """Every listed name, alias and pattern example, alone and inside a note, plus the labelled cases."""
    texts: list[str] = []
    for wl in matcher.watchlists:
        for e in wl.entities:
            names = [e.name, *(a.name for a in e.aliases), *(x for p in e.patterns for x in p.examples)]
            for name in names:
                texts += [name, f"alt source: {name} (rev B)", name.upper(), name.replace(" ", "-")]
    if SHARED_CASES.is_file():
        with SHARED_CASES.open(encoding="utf-8") as fh:
            texts += [row["value"] for row in csv.DictReader(fh)]
    return texts


def test_the_text_scan_never_clears_a_text_the_matcher_would_match(matcher):
    # Notes columns go through the matcher's one-pass scan of free text; it may let through too much, never
    # too little.
    texts = _texts_to_check(matcher)
    may_meet = matcher.text_clearance.bulk_scan(texts)
    lost = [t for t, stages in zip(texts, may_meet, strict=True) if matcher.match(t, "text") and not stages]
    assert not lost, lost[:20]
    # And it does clear ordinary notes.
    ordinary = ["Do not populate", "check stock, rev B", "replaced by new part per ECO 1234", "RoHS ok"]
    assert not any(matcher.text_clearance.bulk_scan(ordinary))
