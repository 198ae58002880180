"""Every real-world BOM in the shared corpus reads cleanly and is mapped as SOURCES.md describes."""

from __future__ import annotations

from pathlib import Path

import pytest

from guiapp.ingest.mapping import data_row_numbers
from guiapp.ingest.reading import read_bom

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "real-boms"
if not CORPUS.is_dir():
    pytest.skip("real-BOM corpus not present", allow_module_level=True)

FILES = sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name[:2].isdigit())

# number -> (main sheet, header row, manufacturer headers, headers accepted as supplier instead).
# File 02 names its makers (Thorlabs...) in "CATALOG": a weak manufacturer name, used because the sheet has
# no better one. File 18 has "Vendor" and "Brand" with the same content: Brand is the manufacturer and
# Vendor is treated as the supplier it normally is; both are screened.
EXPECTED: dict[str, tuple[str | None, int, tuple[str, ...], tuple[str, ...]]] = {
    "01": ("Arkusz1", 1, ("Manufacturer", "Manufacturer1 Example", "Manufacturer_Name"), ()),
    "02": ("in", 1, ("CATALOG",), ()),
    "03": ("BOM Report", 10, ("Manufacturer",), ()),
    "04": (None, 1, ("Manufacturer",), ()),
    "06": (None, 1, ("Manufacturer",), ()),
    "07": ("JellyBean_BOM", 2, ("Manufacturer",), ()),
    "08": ("Sheet1", 1, ("Mfr",), ()),
    "09": ("Feuille1", 1, (), ()),
    "12": ("Sheet1", 2, (), ()),
    "16": ("Sheet1", 2, (), ()),
    "18": ("BLEduinoShieldShield 20140717", 1, ("Brand",), ("Vendor",)),
    "22": (None, 1, (), ()),
}


def test_every_corpus_file_has_expectations() -> None:
    assert {p.name[:2] for p in FILES} == set(EXPECTED)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:2])
def test_real_bom_reads_and_maps(path: Path) -> None:
    sheet_name, header_row, manufacturers, suppliers = EXPECTED[path.name[:2]]
    bom = read_bom(path)
    assert bom.sheets
    sheet = bom.sheets[0] if sheet_name is None else next(s for s in bom.sheets if s.name == sheet_name)
    mapping = sheet.mapping
    assert mapping.header_row == header_row
    by_header = {text: col for col, text in mapping.headers.items()}
    for header in manufacturers:
        assert mapping.role_of(by_header[header]) == "manufacturer", header
    for header in suppliers:
        assert mapping.role_of(by_header[header]) == "supplier", header
    if not manufacturers:
        assert "manufacturer" not in mapping.columns
    # Something on the main sheet is screened as a role column.
    assert mapping.columns
    assert len(data_row_numbers(sheet)) > 0


def test_csv_blank_line_after_header_keeps_numbers() -> None:
    path = next(p for p in FILES if p.name.startswith("04"))
    sheet = read_bom(path).sheets[0]
    assert sheet.row_values(2) == []
    assert sheet.cell(3, 4) != ""  # first data record sits on row 3, as Excel shows it
    assert sheet.last_row == 78  # header + blank line + 76 data rows


def test_second_sheets_are_read_too() -> None:
    jelly = read_bom(next(p for p in FILES if p.name.startswith("07")))
    digikey = next(s for s in jelly.sheets if s.name == "ImportPart_DigiKey")
    assert digikey.mapping.header_row is None  # one "qty,PN" column: screened as free text
    assert digikey.first_row == 2 and digikey.first_col == 1
