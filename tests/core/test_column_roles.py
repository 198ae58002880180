"""Column roles from headers and values together (issue 15): the values under a header confirm or
overturn it, vocabularies of nine languages and common tool exports, and the evidence in the notes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from exportlayouts import SAMPLE_MAKERS, SAMPLE_PARTS  # noqa: E402

from guiapp.ingest.mapping import detect_mapping, mapping_for_header_row, never_names_header  # noqa: E402
from guiapp.ingest.shapes import column_shape, link_hosts, shape_of  # noqa: E402
from guiapp.model import SheetData  # noqa: E402


def _sheet(rows: list[list[str]]) -> SheetData:
    return SheetData(name="S", rows=rows, first_row=1, first_col=0)


def _role_of(sheet: SheetData, header: str) -> str | None:
    mapping = detect_mapping(sheet)
    col = next(c for c, t in mapping.headers.items() if t == header)
    return mapping.role_of(col)


@pytest.mark.parametrize("header", ["Manufacturer Part", "Manufacturer_No", "Mfr. #", "Mfr. No:", "Manf#"])
def test_the_part_number_headers_of_the_issue_are_part_numbers_and_the_maker_column_is_kept(header):
    rows = [["Ref", "Qty", "Manufacturer", header, "Description"]]
    rows += [
        [f"U{i}", "1", m, p, "IC"] for i, (m, p) in enumerate(zip(SAMPLE_MAKERS, SAMPLE_PARTS, strict=True))
    ]
    sheet = _sheet(rows)
    assert _role_of(sheet, header) == "part_number"
    assert _role_of(sheet, "Manufacturer") == "manufacturer"


def test_part_numbers_under_a_maker_header_overturn_it_and_the_notes_say_why():
    rows = [["Item", "Mfr", "Maker", "Description"]]
    rows += [[str(i), p, m, "IC"] for i, (m, p) in enumerate(zip(SAMPLE_MAKERS, SAMPLE_PARTS, strict=True))]
    sheet = _sheet(rows)
    mapping = detect_mapping(sheet)
    assert mapping.columns["part_number"] == [1]
    assert mapping.columns["manufacturer"] == [2]
    assert "'Mfr' (B) reads as manufacturer but 6 of 6 values look like part numbers" in mapping.notes
    assert "C: 6 of 6 values look like company names" in mapping.notes
    # A header row chosen by hand is weighed the same way.
    assert mapping_for_header_row(sheet, 1).columns["part_number"] == [1]


def test_company_names_under_a_manufacturer_number_header_make_it_the_maker_column():
    rows = [["Manufacturer No", "MPN", "Description"]]
    rows += [[m, p, "IC"] for m, p in zip(SAMPLE_MAKERS, SAMPLE_PARTS, strict=True)]
    mapping = detect_mapping(_sheet(rows))
    assert mapping.columns["manufacturer"] == [0]
    assert "look like company names, so manufacturer" in mapping.notes


def test_numbers_under_a_maker_header_are_not_screened_as_names():
    rows = [["Manufacturer", "MPN", "Description"]]
    rows += [[str(100 + i), p, "IC"] for i, p in enumerate(SAMPLE_PARTS)]
    mapping = detect_mapping(_sheet(rows))
    assert "manufacturer" not in mapping.columns
    assert "are numbers, dates or designators" in mapping.notes


@pytest.mark.parametrize("header", ["Vendor", "Supplier", "Distributor", "Lieferant", "供应商", "Поставщик"])
def test_vendor_supplier_and_distributor_stay_apart_from_the_manufacturer(header):
    rows = [["Manufacturer", "MPN", header]]
    rows += [
        [m, p, d]
        for m, p, d in zip(
            SAMPLE_MAKERS, SAMPLE_PARTS, ["Digi-Key", "Mouser", "Arrow", "Avnet", "TME", "LCSC"], strict=True
        )
    ]
    sheet = _sheet(rows)
    assert _role_of(sheet, header) == "supplier"
    assert _role_of(sheet, "Manufacturer") == "manufacturer"


def test_order_codes_under_a_supplier_header_are_part_numbers():
    rows = [["Designation", "Fournisseur et réf."]]
    rows += [["Condensateur", f"{399 + i}-1092-1-ND"] for i in range(6)]
    assert _role_of(_sheet(rows), "Fournisseur et réf.") == "part_number"


# (layout, headers -> role) as the tools and languages write them; None: not a role.
EXPORT_HEADERS = [
    ("Mouser", {"Mouser #": "part_number", "Mfr. #": "part_number", "Manufacturer": "manufacturer"}),
    ("LCSC", {"LCSC Part Number": "part_number", "Manufacture Part Number": "part_number"}),
    ("JLCPCB", {"JLCPCB Part #": "part_number", "Comment": "description"}),
    ("Octopart", {"Distributor SKU": "part_number", "Distributor": "supplier", "Schematic Reference": None}),
    ("KiCad", {"Manf": "manufacturer", "Manf#": "part_number"}),
    ("Altium", {"Manufacturer 1": "manufacturer", "Manufacturer Part Number 1": "part_number"}),
    ("OrCAD", {"Part Reference": None, "Mfr_Name": "manufacturer", "Manufacturer_No": "part_number"}),
    ("SAP", {"Material Description": "description", "Mfr Part Number": "part_number", "Vendor": "supplier"}),
    ("Oracle", {"Item Description": "description", "Manufacturer Name": "manufacturer"}),
    ("de", {"Herstellerbezeichnung": "part_number", "Bestellnummer": "part_number", "Bemerkung": None}),
    ("fr", {"Réf. fournisseur": "part_number", "Remarque": None, "Repère": None}),
    ("es", {"Número de parte del fabricante": "part_number", "Observaciones": None, "Designador": None}),
    ("it", {"Codice produttore": "part_number", "Riferimento": None, "Fornitore": "supplier"}),
    ("zh-Hant", {"廠商": "manufacturer", "料號": "part_number", "供應商": "supplier", "備註": None}),
    ("ja", {"メーカー型番": "part_number", "仕入先": "supplier", "部品記号": None}),
    ("ko", {"제조사": "manufacturer", "부품번호": "part_number", "비고": None}),
    ("ru", {"Артикул производителя": "part_number", "Поз. обозначение": None, "Примечание": None}),
]


@pytest.mark.parametrize(("tool", "headers"), EXPORT_HEADERS, ids=[t for t, _ in EXPORT_HEADERS])
def test_export_and_language_headers(tool, headers):
    names = list(headers)
    rows = [["Qty", "Description", *names]]
    for i in range(6):
        rows.append([str(i + 1), "IC", *(_value_for(role, i) for role in headers.values())])
    mapping = detect_mapping(_sheet(rows))
    for col, header in enumerate(names, start=2):
        assert mapping.role_of(col) == headers[header], (tool, header, mapping.notes)


def _value_for(role: str | None, i: int) -> str:
    if role == "manufacturer":
        return SAMPLE_MAKERS[i]
    if role == "supplier":
        return ["Digi-Key", "Mouser", "Arrow", "Avnet", "TME", "LCSC"][i]
    if role == "part_number":
        return SAMPLE_PARTS[i]
    if role == "description":
        return "RES 10K 1% 0603"
    return f"R{i + 1}"


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("12", "number"), ("$1.20", "number"), ("2024-05-01", "date"), ("R1, R2, R5", "designator"),
        ("U1-U4", "designator"), ("100nF", "value"), ("4.7 uF", "value"), ("DS-2CD2143G2-I", "part_number"),
        ("LM358", "part_number"), ("ME909s-120", "part_number"), ("Texas Instruments", "company"),
        ("Würth Elektronik GmbH & Co. KG", "company"), ("海康威视", "company"), ("RES 10K 1% 0603", "prose"),
        ("Maker12", "company"), ("Vendor 3", "company"),
        ("https://www.hikvision.com/en/", "link"), ("see zte.com.cn", "link"),
    ],
)  # fmt: skip
def test_value_shapes(text, shape):
    assert shape_of(text) == shape


def test_column_shape_counts_the_sampled_values():
    shape = column_shape(["", "R1", "C2", "U3", "12", ""])
    assert shape.total == 4 and shape.never_names
    assert not column_shape(["Hikvision", "R1"]).never_names


def test_link_hosts():
    assert link_hosts("see https://www.dahuasecurity.com/en/x and hikvision.com.") == [
        "www.dahuasecurity.com",
        "hikvision.com",
    ]


@pytest.mark.parametrize(
    ("header", "never"),
    [
        ("Qty", True), ("Unit Price (USD)", True), ("Designator", True), ("Footprint", True), ("位号", True),
        ("Дата", True), ("Notes", False), ("Comment", False), ("备注", False), ("Datasheet", False),
        ("Product Link", False), ("Customer Reference", False), ("", False),
    ],
)  # fmt: skip
def test_headers_whose_cells_never_name_a_maker(header, never):
    assert never_names_header(header) is never
