"""Column mapping: header row detection, role names in many languages, overrides and signatures."""

from __future__ import annotations

import pytest

from guiapp.ingest.mapping import (
    apply_overrides,
    classify_header,
    data_row_numbers,
    detect_mapping,
    header_signature,
    mapping_for_header_row,
)
from guiapp.model import SheetData


def _sheet(rows: list[list[str]], first_row: int = 1, first_col: int = 0) -> SheetData:
    return SheetData(name="S", rows=rows, first_row=first_row, first_col=first_col)


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Manufacturer", "manufacturer"),
        ("MFG", "manufacturer"),
        ("Mfr.", "manufacturer"),
        ("Mfg Name", "manufacturer"),
        ("Manufacturer_Name", "manufacturer"),
        ("Manufacturer1 Example", "manufacturer"),
        ("Brand", "manufacturer"),
        ("Hersteller", "manufacturer"),
        ("Fabricant", "manufacturer"),
        ("Fabricante", "manufacturer"),
        ("Produttore", "manufacturer"),
        ("Производитель", "manufacturer"),
        ("生产厂家", "manufacturer"),
        ("制造商", "manufacturer"),
        ("品牌", "manufacturer"),
        ("メーカー", "manufacturer"),
        ("제조사", "manufacturer"),
        ("MPN", "part_number"),
        ("Mfr PN", "part_number"),
        ("Mfr. Part #", "part_number"),
        ("Manufacturer Part Number", "part_number"),
        ("Mfg Part No", "part_number"),
        ("P/N", "part_number"),
        ("Herstellerteilenummer", "part_number"),
        ("Référence fabricant", "part_number"),
        ("规格型号", "part_number"),
        ("型番", "part_number"),
        ("Description", "description"),
        ("Désignation", "description"),
        ("Beschreibung", "description"),
        ("Описание", "description"),
        ("物料名称", "description"),
        ("Comment", "description"),
        ("Supplier", "supplier"),
        ("Vendor", "supplier"),
        ("Lieferant", "supplier"),
        ("Fournisseur", "supplier"),
        ("供应商", "supplier"),
        ("仕入先", "supplier"),
        ("Digi-Key Part Number", "part_number"),
        ("Supplier PN", "part_number"),
        ("Qty", "other"),
        ("DigiKey Quantity", "other"),
        ("Mouser Price/Stock", "other"),
        ("Footprint", "other"),
        ("Designator", "other"),
        ("CATALOG", "weak_manufacturer"),
        ("Value", "weak_description"),
        ("Resource", None),
    ],
)
def test_classify_header(header: str, role: str | None) -> None:
    assert classify_header(header) == role


def test_mfr_pn_is_part_number_not_manufacturer() -> None:
    mapping = detect_mapping(_sheet([["Mfr", "Mfr PN", "Qty"], ["TI", "LM317", "1"]]))
    assert mapping.letters() == {"manufacturer": ["A"], "part_number": ["B"]}


def test_header_under_title_block_in_several_languages() -> None:
    rows = [
        ["Stückliste"],
        ["Projekt:", "Steuerung"],
        [],
        ["Pos", "Menge", "Hersteller", "Herstellerteilenummer", "Bezeichnung", "Lieferant"],
        ["1", "2", "Würth", "885012", "Kondensator", "Farnell"],
    ]
    mapping = detect_mapping(_sheet(rows, first_row=3, first_col=1))
    assert mapping.header_row == 6
    assert mapping.source == "detected"
    assert mapping.letters() == {
        "manufacturer": ["D"],
        "part_number": ["E"],
        "description": ["F"],
        "supplier": ["G"],
    }
    assert mapping.headers[3] == "Hersteller"
    assert mapping.notes.startswith("header on row 6: 'Hersteller' -> manufacturer (D)")
    assert 0.5 < mapping.confidence <= 1.0


def test_chinese_title_row_above_header() -> None:
    rows = [["整机物料："], ["物料名称", "数量", "生产厂家", "型号"], ["螺丝", "12个", "某厂", "M3x6"]]
    mapping = detect_mapping(_sheet(rows))
    assert mapping.header_row == 2
    assert mapping.letters() == {"manufacturer": ["C"], "part_number": ["D"], "description": ["A"]}


def test_weak_names_only_without_a_strong_one() -> None:
    weak = detect_mapping(_sheet([["CATALOG", "Value"], ["Thorlabs", "10k"]]))
    assert weak.letters() == {"manufacturer": ["A"], "description": ["B"]}
    strong = detect_mapping(
        _sheet([["CATALOG", "Manufacturer", "Value", "Description"], ["a", "b", "c", "d"]])
    )
    assert strong.letters() == {"manufacturer": ["B"], "description": ["D"]}


def test_vendor_is_supplier_and_brand_is_manufacturer() -> None:
    mapping = detect_mapping(_sheet([["Part", "Vendor", "Part No.", "Brand"], ["Reg", "TI", "296-1", "TI"]]))
    assert mapping.letters() == {
        "manufacturer": ["D"],
        "part_number": ["C"],
        "description": ["A"],
        "supplier": ["B"],
    }


def test_no_header_sheet() -> None:
    mapping = detect_mapping(_sheet([["2,P0.0GCT-ND"], ["10,P100GCT-ND"], ["Hikvision camera"]]))
    assert mapping.header_row is None
    assert mapping.columns == {}
    assert mapping.source == "none"
    assert mapping.notes == "no header row recognised: every text cell is screened as free text"


def test_data_rows_follow_the_header() -> None:
    sheet = _sheet([["Title"], ["Manufacturer", "MPN"], ["TI", "X"], ["ON", "Y"]], first_row=2)
    sheet.mapping = detect_mapping(sheet)
    assert list(data_row_numbers(sheet)) == [4, 5]
    sheet.mapping = detect_mapping(_sheet([["x"]]))
    assert list(data_row_numbers(sheet)) == [2, 3, 4, 5]


def test_overrides_by_letter_and_by_header_text() -> None:
    sheet = _sheet([["Item", "Firma", "Code", "Supplier"], ["1", "TI", "LM317", "DK"]], first_col=1)
    base = detect_mapping(sheet)
    assert "manufacturer" not in base.columns
    mapping = apply_overrides(sheet, base, None, {"manufacturer": ["FIRMA"], "part_number": ["D"]})
    assert mapping.source == "override" and mapping.confidence == 1.0
    assert mapping.letters() == {"manufacturer": ["C"], "part_number": ["D"], "supplier": ["E"]}
    # A column given to a role leaves any other role; unknown values are ignored on this sheet.
    moved = apply_overrides(sheet, base, None, {"manufacturer": ["Supplier", "Not there"]})
    assert moved.letters() == {"manufacturer": ["E"]}


def test_forced_header_row_redetects_roles() -> None:
    sheet = _sheet([["Manufacturer", "MPN"], ["Hersteller", "Beschreibung"], ["TI", "Regler"]])
    mapping = apply_overrides(sheet, detect_mapping(sheet), 2, {})
    assert mapping.header_row == 2
    assert mapping.letters() == {"manufacturer": ["A"], "description": ["B"]}
    chosen = mapping_for_header_row(sheet, 1)
    assert chosen.header_row == 1 and chosen.source == "override"
    assert chosen.letters() == {"manufacturer": ["A"], "part_number": ["B"]}


def test_header_signature_is_stable() -> None:
    a = _sheet([["Manufacturer", "Mfr PN"], ["TI", "X"]])
    b = _sheet([["  MANUFACTURER", "mfr_pn"], ["ON", "Y"], ["Z", "Z"]])
    c = _sheet([["Mfr PN", "Manufacturer"], ["X", "TI"]])
    sig_a = header_signature(a, detect_mapping(a))
    assert sig_a == header_signature(a, detect_mapping(a))
    assert sig_a == header_signature(b, detect_mapping(b))
    assert sig_a != header_signature(c, detect_mapping(c))
    assert len(sig_a) == 64


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        # "Part" beside a Description holds the part number: it is screened as one, not left out.
        (["Ref", "Manufacturer", "Part", "Description"], {"part_number": [2], "description": [3]}),
        # Beside a real part-number column it is the part's name.
        (["Ref", "Part", "Mfr Part Number", "Qty"], {"part_number": [2], "description": [1]}),
        (["Ref", "Part", "Qty"], {"part_number": [1]}),
    ],
)
def test_an_ambiguous_part_column_takes_the_free_role(headers, expected) -> None:
    rows = [headers, ["U1", "ME909s-120", "x", "1"], ["U2", "DS-7608NI-K2", "y", "2"]]
    columns = detect_mapping(_sheet(rows)).columns
    for role, cols in expected.items():
        assert columns.get(role) == cols, (role, columns)
