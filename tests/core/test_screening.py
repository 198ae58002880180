"""Screening: distinct values fanned out to rows, coverage, free-text sheets, re-screening, cancel."""

from __future__ import annotations

import openpyxl
import pytest

from guiapp.app.screener import load_lists as load_watchlists
from guiapp.model import Cancelled, CancelToken, ScreenOptions
from guiapp.screening.screen import (
    build_matcher,
    make_run_info,
    override_mapping,
    rescreen_sheet,
    screen_file,
)


@pytest.fixture(scope="module")
def matcher():
    return build_matcher(load_watchlists(), ScreenOptions().threshold)


def _book(path, sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def test_same_value_on_many_rows_gives_a_hit_per_row(tmp_path, matcher):
    rows = [["Ref", "Manufacturer", "MPN"]]
    rows += [[f"R{i}", "YAGEO", "RC0402"] for i in range(50)]
    rows += [[f"U{i}", "Hikvision", "X"] for i in range(5)]
    f = _book(tmp_path / "b.xlsx", {"BOM": rows})
    result = screen_file(f, matcher, ScreenOptions())
    assert result.ok
    man = [h for h in result.hits if h.field == "manufacturer"]
    assert [h.row for h in man] == [52, 53, 54, 55, 56]
    assert {h.match.parent_id for h in man} == {"HIKVISION"}
    assert result.sheets[0].rows_screened == 55


def test_rows_without_screenable_cells_are_counted_not_screened(tmp_path, matcher):
    rows = [
        ["Ref", "Qty", "Manufacturer", "MPN"],
        ["R1", 1, "Murata", "GRM155"],
        ["J2", 1, "", ""],  # content, but nothing to screen
        [None, None, None, None],  # blank: not a row at all
        ["PCB", 1, None, None],
    ]
    f = _book(tmp_path / "b.xlsx", {"BOM": rows})
    result = screen_file(f, matcher, ScreenOptions())
    sheet = result.sheets[0]
    assert sheet.rows_screened == 1
    assert sheet.rows_not_screened == 2
    assert sheet.not_screened_rows == [3, 5]


def test_sheet_without_header_is_screened_as_free_text(tmp_path, matcher):
    rows = [["12", "pcs", "Camera from Hikvision"], ["3", "pcs", "Resistor 10k"]]
    f = _book(tmp_path / "b.xlsx", {"Notes": rows})
    result = screen_file(f, matcher, ScreenOptions())
    sheet = result.sheets[0]
    assert sheet.mapping.header_row is None
    assert [(h.row, h.column, h.field) for h in result.hits] == [(1, "C", "text")]
    assert result.hits[0].match.parent_id == "HIKVISION"


def test_hidden_sheet_is_screened_and_reported(tmp_path, matcher):
    f = _book(
        tmp_path / "b.xlsx",
        {"BOM": [["Manufacturer"], ["TI"]], "Old": [["Manufacturer"], ["ZTE Corporation"]]},
        hidden=("Old",),
    )
    result = screen_file(f, matcher, ScreenOptions())
    old = next(s for s in result.sheets if s.name == "Old")
    assert old.hidden
    assert any("hidden" in w and "Old" in w for w in result.warnings)
    assert [h.match.parent_id for h in result.hits] == ["ZTE"]


def test_part_number_hit_against_another_maker_is_review(tmp_path, matcher):
    rows = [["Manufacturer", "MPN"], ["Hikvision", "DS-2CD2143G2-IS"], ["Acme Optics", "DS-2CD2143G2-IS"]]
    f = _book(tmp_path / "b.xlsx", {"BOM": rows})
    result = screen_file(f, matcher, ScreenOptions())
    pn = {h.row: h for h in result.hits if h.field == "part_number"}
    assert not pn[2].match.review and "confirms" in pn[2].match.reason
    assert pn[3].match.review and "Acme Optics" in pn[3].match.reason


def test_rescreen_sheet_with_a_persons_mapping(tmp_path, matcher):
    rows = [["Ref", "Who", "Code"], ["U1", "Dahua Technology", "A"], ["U2", "Murata", "B"]]
    f = _book(tmp_path / "b.xlsx", {"BOM": rows, "Other": [["Manufacturer"], ["Huawei"]]})
    result = screen_file(f, matcher, ScreenOptions())
    assert {h.sheet for h in result.hits} == {"Other"} or any(h.field == "text" for h in result.hits)
    sheet = result.bom.sheets[0]
    mapping = override_mapping(sheet, 1, {"manufacturer": ["Who"]})
    again = rescreen_sheet(result, "BOM", mapping, matcher, ScreenOptions())
    bom_hits = [h for h in again.hits if h.sheet == "BOM"]
    assert [(h.row, h.column, h.field, h.match.parent_id) for h in bom_hits] == [
        (2, "B", "manufacturer", "DAHUA")
    ]
    # The other sheet's hits are kept, and the original result is unchanged.
    assert any(h.sheet == "Other" for h in again.hits)
    assert result.bom.sheets[0].mapping is not mapping


def test_cancel_stops_screening(tmp_path, matcher):
    f = _book(tmp_path / "b.xlsx", {"BOM": [["Manufacturer"], ["TI"]]})
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        screen_file(f, matcher, ScreenOptions(), cancel=token)


def test_run_info_names_every_list(matcher):
    lists = load_watchlists()
    info = make_run_info(lists, ScreenOptions(), reviewer="A. Auditor")
    assert info.watchlists[0].sha256 and info.watchlists[0].version
    assert info.tool_name == "bom-auditor" and info.reviewer == "A. Auditor"


def test_error_message_stays_one_line_for_a_file_name_with_a_newline(tmp_path, matcher):
    bad = tmp_path / "supplier\nbom.xlsx"
    bad.write_text("not a spreadsheet", encoding="utf-8")
    result = screen_file(bad, matcher, ScreenOptions())
    assert result.status == "error"
    assert "\n" not in result.error and "supplier?bom.xlsx" in result.error


def test_part_numbers_cleared_quickly_are_not_cached(matcher):
    before = len(matcher._cache)
    values = [(f"QQX{n}-7", "part_number") for n in range(2000)]
    out = matcher.match_values(values)
    assert all(v == [] for v in out.values())
    assert len(matcher._cache) - before < 50  # a million distinct part numbers must not pile up in memory
    assert not matcher.needs_context("QQX12-7", "part_number")


def test_many_part_numbers_are_screened_in_bulk_without_losing_a_hit(tmp_path, matcher):
    rows = [["Manufacturer", "Manufacturer Part Number", "Supplier PN"]]
    rows += [["Yageo", f"RC0402FR-07{n}KL", f"{311 + n}-{n}KLRCT-ND"] for n in range(400)]
    rows[101] = ["Hytera", "PD782", "PD782-ND"]  # a weak pattern with its maker in the row: a hit
    rows[202] = ["Texas Instruments", "PD782", ""]  # the same part number without it: none
    rows[303] = ["Yageo", "DS-2CD2143G2-IS", ""]  # a listed maker's pattern under another maker: review
    rows[304] = ["Yageo", "Beijing 8-Star", "8 S"]  # listed names with digits, one spaced out
    result = screen_file(_book(tmp_path / "b.xlsx", {"BOM": rows}), matcher, ScreenOptions())
    found = {(h.row, h.column, h.match.parent_id) for h in result.hits}
    assert (102, "B", "HYTERA") in found and (102, "C", "HYTERA") in found
    assert (304, "B", "HIKVISION") in found
    assert (305, "B", "ZTE") in found and (305, "C", "ZTE") in found
    assert not any(h.row == 203 for h in result.hits)
    assert {h.row for h in result.hits} == {102, 304, 305}
    assert result.sheets[0].rows_screened == 400


def test_rows_with_only_a_description_are_not_screened_unless_they_name_a_maker(tmp_path, matcher):
    rows = [
        ["Ref", "Description", "Manufacturer", "MPN"],
        ["U1", "MCU", "STMicroelectronics", "STM32F103C8T6"],
        ["S1", "Sensor", "", ""],  # nothing identifies a maker: not screened, never "clear"
        ["C1", "Camera module, Hikvision OEM", "", ""],  # the description names one: screened, a hit
    ]
    f = _book(tmp_path / "b.xlsx", {"BOM": rows})
    result = screen_file(f, matcher, ScreenOptions())
    sheet = result.sheets[0]
    assert sheet.not_screened_rows == [3]
    assert (sheet.rows_screened, sheet.rows_not_screened) == (2, 1)
    assert [(h.row, h.field) for h in result.hits] == [(4, "description")]


def test_a_description_naming_the_maker_confirms_a_part_number_against_a_generic_manufacturer(
    tmp_path, matcher
):
    rows = [
        ["Ref", "Description", "Manufacturer", "MPN"],
        ["U1", "Image processor Hisilicon Hi3516CV500 based board", "Generic", "Hi3516CV500"],
        ["U2", "Image processor", "Generic", "Hi3516CV500"],
    ]
    f = _book(tmp_path / "b.xlsx", {"BOM": rows})
    result = screen_file(f, matcher, ScreenOptions())
    pn = {h.row: h.match for h in result.hits if h.field == "part_number"}
    assert not pn[2].review and "confirms it" in pn[2].reason
    assert pn[3].review and "Generic" in pn[3].reason
    described = [h for h in result.hits if h.row == 2 and h.field == "description"]
    assert described and not described[0].match.review
