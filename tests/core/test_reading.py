"""Reading BOM files: every format, encodings, delimiters, layouts, warnings and clear errors."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from guiapp.ingest.mapping import data_row_numbers
from guiapp.ingest.reading import SUPPORTED_SUFFIXES, file_sha256, iter_bom_files, read_bom
from guiapp.model import BomReadError, Cancelled, CancelToken

HEADER = ["Item", "Qty", "Manufacturer", "Mfr PN", "Description", "Supplier"]
DATA = [
    [1, 2, "Texas Instruments", "LM317T", "Regulator", "Digi-Key"],
    [2, 10, "Murata", "GRM188R71H104KA93D", "Cap 100nF", "Mouser"],
]


def _xlsx(path: Path, sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def _ods(path: Path, rows: list[list[str]], name: str = "Sheet1") -> Path:
    """A minimal OpenDocument spreadsheet written by hand (no ODS writer is installed)."""
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
            for value in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{name}">{cells}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED
        )
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content)
    return path


def _csv_bytes(rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def _text_rows(rows: list[list]) -> list[list[str]]:
    return [[str(v) for v in row] for row in rows]


# --- formats ---------------------------------------------------------------------------------------


def test_xlsx_cells_as_written_with_real_row_numbers(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "bom.xlsx", {"BOM": [HEADER, *DATA, [3, 1.5, True, " padded ", 0.1, None]]})
    bom = read_bom(path)
    assert bom.format == "xlsx"
    assert bom.sha256 == file_sha256(path)
    sheet = bom.sheets[0]
    assert sheet.name == "BOM"
    assert sheet.first_row == 1 and sheet.first_col == 0
    assert sheet.cell(2, 2) == "Texas Instruments"
    assert sheet.cell(2, 1) == "2"  # integral float without ".0"
    assert sheet.row_values(4)[:5] == ["3", "1.5", "TRUE", "padded", "0.1"]
    assert sheet.mapping.header_row == 1
    assert sheet.mapping.letters() == {
        "manufacturer": ["C"],
        "part_number": ["D"],
        "description": ["E"],
        "supplier": ["F"],
    }


def test_xlsm_is_read_and_named(tmp_path: Path) -> None:
    src = _xlsx(tmp_path / "src.xlsx", {"BOM": [HEADER, *DATA]})
    dst = tmp_path / "bom.xlsm"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            zout.writestr(info, data)
    bom = read_bom(dst)
    assert bom.format == "xlsm"
    assert bom.sheets[0].cell(3, 2) == "Murata"


def test_ods_is_read(tmp_path: Path) -> None:
    path = _ods(
        tmp_path / "bom.ods", [["Title block"], [], HEADER, ["1", "2", "Yageo", "RC0603", "Res", "LCSC"]]
    )
    bom = read_bom(path)
    assert bom.format == "ods"
    sheet = bom.sheets[0]
    assert sheet.mapping.header_row == 3
    assert sheet.cell(4, 2) == "Yageo"


def test_workbook_saved_as_csv_is_read_by_content(tmp_path: Path) -> None:
    src = _xlsx(tmp_path / "src.xlsx", {"BOM": [HEADER, *DATA]})
    path = tmp_path / "misnamed.csv"
    path.write_bytes(src.read_bytes())
    bom = read_bom(path)
    assert bom.format == "xlsx"
    assert bom.sheets[0].cell(2, 2) == "Texas Instruments"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),  # with BOM
        ("utf-16-le", "utf-16-le"),  # without BOM
        ("utf-16-be", "utf-16-be"),
        ("cp1252", "cp1252"),
    ],
)
def test_csv_encodings(tmp_path: Path, encoding: str, expected: str) -> None:
    rows = [["Manufacturer", "Part Number", "Description"], ["Müller Société", "AB-1", "Câble 5 € µF"]]
    path = tmp_path / "bom.csv"
    path.write_bytes(_csv_bytes(rows).encode(encoding))
    bom = read_bom(path)
    assert bom.format == "csv"
    assert bom.encoding == expected
    assert bom.sheets[0].rows == rows


@pytest.mark.parametrize(
    ("encoding", "rows"),
    [
        (
            "gb18030",
            [
                ["制造商", "型号", "描述"],
                ["海康威视", "DS-2CD2143", "网络摄像机"],
                ["华为技术有限公司", "HI3516", "视频处理芯片"],
            ],
        ),
        (
            "shift_jis",
            [
                ["メーカー", "型番", "説明"],
                ["村田製作所", "GRM188", "積層セラミックコンデンサ"],
                ["東芝", "TC74", "ロジックIC"],
            ],
        ),
    ],
)
def test_csv_east_asian_encodings(tmp_path: Path, encoding: str, rows: list[list[str]]) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(_csv_bytes(rows).encode(encoding))
    bom = read_bom(path)
    assert bom.encoding == encoding
    assert bom.sheets[0].rows == rows
    assert bom.sheets[0].mapping.letters() == {
        "manufacturer": ["A"],
        "part_number": ["B"],
        "description": ["C"],
    }


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiters(tmp_path: Path, delimiter: str) -> None:
    rows = [["Manufacturer", "Part Number", "Description"], ["Vishay", "CRCW0603", "Res 10k, 1%; thin film"]]
    path = tmp_path / ("bom.tsv" if delimiter == "\t" else "bom.csv")
    path.write_text(_csv_bytes(rows, delimiter), encoding="utf-8")
    bom = read_bom(path)
    assert bom.delimiter == delimiter
    assert bom.sheets[0].rows == rows


def test_csv_rows_count_records_and_keep_blank_lines(tmp_path: Path) -> None:
    # A blank line after the header (as in real Altium exports), a quoted multi-line field, mixed line
    # endings, a ragged row, NUL bytes and a very long field.
    long_refs = ",".join(f"R{i}" for i in range(60_000))
    text = (
        'Designator,Manufacturer,MPN\r\n\r\n"R1",Yageo,RC0603\n"C1\nC2",Murata,GRM188\r'
        f'"{long_refs}",Vishay\x00,CRCW\r\nX,Y\n'
    )
    path = tmp_path / "bom.csv"
    path.write_text(text, encoding="utf-8", newline="")
    bom = read_bom(path)
    sheet = bom.sheets[0]
    assert sheet.name == "bom"
    assert sheet.mapping.header_row == 1
    assert sheet.cell(2, 0) == ""
    assert sheet.cell(3, 1) == "Yageo"
    assert sheet.cell(4, 0) == "C1\nC2"
    assert sheet.cell(5, 1) == "Vishay"
    assert len(sheet.cell(5, 0)) == len(long_refs)
    assert sheet.row_values(6) == ["X", "Y"]
    assert list(data_row_numbers(sheet)) == [2, 3, 4, 5, 6]


def test_csv_excel_sep_line(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_text("sep=;\nManufacturer;MPN\nTDK;C1608\n", encoding="utf-8")
    bom = read_bom(path)
    assert bom.delimiter == ";"
    assert bom.sheets[0].cell(2, 0) == "TDK"


def test_delimited_text_named_xls_is_read(tmp_path: Path) -> None:
    path = tmp_path / "erp.xls"
    path.write_text(_csv_bytes([HEADER, *_text_rows(DATA)], "\t"), encoding="utf-8")
    bom = read_bom(path)
    assert bom.format == "csv"
    assert bom.sheets[0].cell(2, 2) == "Texas Instruments"
    assert any("delimited text" in w for w in bom.warnings)


def test_html_table_saved_as_xls_is_read(tmp_path: Path) -> None:
    html = (
        '<html><head><meta charset="utf-8"><title>Export</title></head><body><table border="1">'
        "<tr><th>Manufacturer</th><th>Part Number</th><th>Description</th></tr>"
        "<tr><td>Hikvision &amp; Co</td><td>DS-2CD</td><td>Camera<br>PoE</td></tr>"
        '<tr><td colspan="2">merged</td><td>x</td></tr>'
        "</table></body></html>"
    )
    path = tmp_path / "export.xls"
    path.write_text(html, encoding="utf-8")
    bom = read_bom(path)
    assert bom.format == "html"
    sheet = bom.sheets[0]
    assert sheet.name == "export"
    assert sheet.cell(2, 0) == "Hikvision & Co"
    assert sheet.cell(2, 2) == "Camera\nPoE"
    assert sheet.row_values(3) == ["merged", "", "x"]
    assert sheet.mapping.letters()["manufacturer"] == ["A"]


# --- layouts and warnings ---------------------------------------------------------------------------


def test_title_block_and_table_at_b2(tmp_path: Path) -> None:
    rows = [
        [None, None],
        [None, "Bill of Materials"],
        [None, "Project:", "Widget"],
        [None, "Revision:", "1.0"],
        [None],
        [None, "Designator", "Quantity", "Manufacturer", "Manufacturer Part Number"],
        [None, "U1", 1, "Analog Devices", "AD8421"],
    ]
    bom = read_bom(_xlsx(tmp_path / "altium.xlsx", {"BOM": rows}))
    sheet = bom.sheets[0]
    assert sheet.first_row == 2 and sheet.first_col == 1
    assert sheet.mapping.header_row == 6
    assert sheet.mapping.letters() == {"manufacturer": ["D"], "part_number": ["E"]}
    assert sheet.cell(7, 3) == "Analog Devices"
    assert "header on row 6" in sheet.mapping.notes


def test_several_columns_share_a_role(tmp_path: Path) -> None:
    rows = [
        ["Manufacturer 1", "Mfr PN 1", "Manufacturer 2", "Mfr PN 2"],
        ["TI", "LM317", "ON Semi", "LM317T"],
    ]
    sheet = read_bom(_xlsx(tmp_path / "alt.xlsx", {"BOM": rows})).sheets[0]
    assert sheet.mapping.letters() == {"manufacturer": ["A", "C"], "part_number": ["B", "D"]}


def test_hidden_sheets_are_read_and_flagged(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "h.xlsx", {"BOM": [HEADER, *DATA], "Old": [HEADER, *DATA]}, hidden=("Old",))
    bom = read_bom(path)
    assert [(s.name, s.hidden) for s in bom.sheets] == [("BOM", False), ("Old", True)]
    assert "sheet 'Old' is hidden" in bom.warnings
    assert bom.sheets[1].cell(2, 2) == "Texas Instruments"


def test_formulas_without_cached_value_are_counted(tmp_path: Path) -> None:
    rows = [
        HEADER,
        [1, 2, '="Hik"&"vision"', "X1", "Camera", "=F3"],
        [2, 1, "Murata", "GRM", "Cap", "Mouser"],
    ]
    bom = read_bom(_xlsx(tmp_path / "f.xlsx", {"BOM": rows, "Clean": [HEADER, *DATA]}))
    assert bom.sheets[0].formula_cells_without_value == 2
    assert bom.sheets[1].formula_cells_without_value == 0
    warnings = [w for w in bom.warnings if "formula" in w]
    assert len(warnings) == 1 and warnings[0].startswith("sheet 'BOM': 2 formula cells have no saved value")


def test_empty_sheet_and_header_row_override(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "o.xlsx", {"BOM": [["x"], HEADER, *DATA], "Empty": []})
    bom = read_bom(
        path, header_row=2, column_overrides={"manufacturer": ["Supplier"], "part_number": ["Nope"]}
    )
    sheet = bom.sheets[0]
    assert sheet.mapping.source == "override"
    assert sheet.mapping.header_row == 2
    assert sheet.mapping.columns["manufacturer"] == [5]
    assert "supplier" not in sheet.mapping.columns
    assert bom.sheets[1].rows == []
    assert any("'Nope'" in w and "no column" in w for w in bom.warnings)


def test_progress_and_cancel(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "p.xlsx", {"A": [HEADER, *DATA], "B": [HEADER]})
    calls: list[tuple[int, int, str]] = []
    read_bom(path, progress=lambda d, t, m: calls.append((d, t, m)))
    assert calls[0][:2] == (0, 2) and calls[-1][:2] == (2, 2)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        read_bom(path, cancel=token)


# --- errors ----------------------------------------------------------------------------------------


def _error(path: Path) -> str:
    with pytest.raises(BomReadError) as info:
        read_bom(path)
    assert "\n" not in info.value.reason
    assert str(info.value).startswith(path.name)
    return info.value.reason


@pytest.mark.parametrize("name", ["empty.xlsx", "empty.csv"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert _error(path) == "file is empty"


def test_text_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("Please find the BOM attached.\nRegards\n", encoding="utf-8")
    assert _error(path).startswith("not a spreadsheet: the content is plain text")


def test_truncated_zip(tmp_path: Path) -> None:
    src = _xlsx(tmp_path / "src.xlsx", {"BOM": [HEADER, *DATA]})
    path = tmp_path / "cut.xlsx"
    path.write_bytes(src.read_bytes()[:1500])
    assert _error(path) == "damaged workbook (corrupt zip): ask the sender for a fresh copy"


def test_random_bytes_xls(tmp_path: Path) -> None:
    path = tmp_path / "junk.xls"
    path.write_bytes(bytes(range(256)) * 40)
    assert _error(path).startswith("not a spreadsheet")


def test_damaged_ole2_xls(tmp_path: Path) -> None:
    path = tmp_path / "broken.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert "workbook" in _error(path)


def test_password_protected_ooxml(tmp_path: Path) -> None:
    path = tmp_path / "secret.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000) + "EncryptedPackage".encode("utf-16-le")
    )
    assert _error(path) == "protected by a password: open it in Excel and save a copy without one"


def test_pdf_and_word_are_named(tmp_path: Path) -> None:
    pdf = tmp_path / "bom.xlsx"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(100))
    assert "PDF" in _error(pdf)
    docx = tmp_path / "bom2.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
    assert "Word document" in _error(docx)


def test_missing_file(tmp_path: Path) -> None:
    assert _error(tmp_path / "gone.xlsx") == "no such file"


# --- file discovery --------------------------------------------------------------------------------


def test_iter_bom_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in [
        "a.xlsx",
        "sub/b.CSV",
        "sub/c.ods",
        "~$a.xlsx",
        ".x.csv",
        "a.audited.xlsx",
        "r.pdf",
        ".hidden/d.xlsx",
    ]:
        (tmp_path / name).write_bytes(b"x")
    loose = tmp_path / "given.pdf"
    loose.write_bytes(b"x")
    found = iter_bom_files([tmp_path, loose])
    assert found == sorted([tmp_path / "a.xlsx", tmp_path / "sub/b.CSV", tmp_path / "sub/c.ods", loose])
    assert ".xlsb" in SUPPORTED_SUFFIXES and ".tsv" in SUPPORTED_SUFFIXES


def test_utf32_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF32_LE + "Manufacturer\tMPN\nTDK\tC1\n".encode("utf-32-le"))
    bom = read_bom(path)
    assert bom.encoding == "utf-32"
    assert bom.sheets[0].cell(2, 0) == "TDK"


def test_formula_shapes_shared_and_cached_values(tmp_path: Path) -> None:
    # Shared formulas (<f .../>), cached values, and an empty-string result (<v></v>) as Excel writes them.
    src = _xlsx(tmp_path / "src.xlsx", {"BOM": [["Manufacturer", "MPN"], ["TI", "X"]]})
    sheet_xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Manufacturer</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>MPN</t></is></c></row>'
        '<row r="2"><c r="A2" t="str"><f>"T"&amp;"I"</f><v>TI</v></c><c r="B2"><f t="shared" ref="B2:B4" si="0">1+1</f></c></row>'
        '<row r="3"><c r="A3" t="str"><f>""</f><v></v></c><c r="B3"><f t="shared" si="0"/></c></row>'
        '<row r="4"><c r="A4"><f>1</f><v>1</v></c><c r="B4"><f t="shared" si="0"/><v>2</v></c></row>'
        "</sheetData></worksheet>"
    )
    path = tmp_path / "shared.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = sheet_xml.encode() if info.filename == "xl/worksheets/sheet1.xml" else zin.read(info)
            zout.writestr(info, data)
    bom = read_bom(path)
    assert bom.sheets[0].formula_cells_without_value == 2  # B2 and B3
    assert bom.sheets[0].cell(2, 0) == "TI"


_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.mark.parametrize(
    ("cells", "extent", "formulas"),
    [
        # The usual form, settled by one search: columns A to Z whatever the rows.
        ('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c><c r="C1"><v>2</v></c></row>', 26, 0),
        ('<row r="5"><c r="B5"><f>A1*2</f></c><c r="C5"><f>A1</f><v>3</v></c></row>', 26, 1),
        # Anything else takes the exact passes: reference not first, two-letter columns, no reference.
        ('<row r="2"><c s="1" r="B2"><v>1</v></c><c r="D9"><v>1</v></c></row>', 8 * 3, 0),
        ('<row r="1"><c r="A1"><v>1</v></c><c r="AB3"><v>1</v></c></row>', 3 * 28, 0),
        ('<row r="1"><c r="A1"><v>1</v></c><c><v>2</v></c><c/></row><row><c><v>3</v></c></row>', 2 * 2, 0),
        ('<row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576"><f>1</f></c></row>', 1048576 * 16384, 1),
    ],
)
def test_sheet_scan_finds_extent_and_formulas_without_values(cells, extent, formulas):
    from guiapp.ingest.guards import _scan_sheet_part

    for prefix in ("", "x:"):
        xml = f'<worksheet xmlns="{_NS}"><sheetData>{cells}</sheetData></worksheet>'
        if prefix:
            xml = xml.replace("<worksheet xmlns=", "<x:worksheet xmlns:x=").replace(
                "</worksheet", "</x:worksheet"
            )
            for tag in ("sheetData", "row", "c", "v", "f", "is", "t"):
                xml = xml.replace(f"<{tag}>", f"<x:{tag}>").replace(f"<{tag} ", f"<x:{tag} ")
                xml = xml.replace(f"<{tag}/>", f"<x:{tag}/>").replace(f"</{tag}>", f"</x:{tag}>")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("sheet.xml", xml)
        with zipfile.ZipFile(buf) as zf:
            scan = _scan_sheet_part(zf, "sheet.xml", None)
        assert (scan.cells, scan.formulas_without_value) == (extent, formulas), (prefix, xml)


def test_a_formula_without_a_saved_value_is_not_clear(tmp_path: Path, capsys) -> None:
    # The maker hides behind a formula nobody recalculated: its text is unknown, so the file is partly
    # screened (JSON, report, window) and the CLI does not exit 0.
    import json

    from guiapp.cli.main import main

    rows = [
        HEADER,
        [1, 2, '="Hik"&"vision"', "X1", "Camera", "Mouser"],
        [2, 1, "Murata", "GRM", "Cap", "Mouser"],
    ]
    path = _xlsx(tmp_path / "f.xlsx", {"BOM": rows})
    assert main(["screen", "--json", str(path)]) == 2
    doc = json.loads(capsys.readouterr().out)
    f = doc["files"][0]
    assert f["coverage"] == "partly screened" and f["sheets"][0]["cells_without_value"] == 1
    clean = _xlsx(tmp_path / "c.xlsx", {"BOM": [HEADER, rows[2]]})
    assert main(["screen", str(clean)]) == 0
