"""Tests for the lossless XML-patch backend of the annotated workbook (guiapp.evidence.xlsxpatch via export_annotated)."""

from __future__ import annotations

import hashlib
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineWorkbook

from guiapp.evidence import xlsxpatch
from guiapp.evidence.export import FILLS, STATUS_COLUMNS, ExportError, export_annotated
from guiapp.model import (
    Bom,
    ColumnMap,
    Decision,
    FileResult,
    Hit,
    Match,
    RunInfo,
    SheetData,
    SheetReport,
    WatchlistInfo,
)

HYPERLINK = '=HYPERLINK("http://example.com","click")'
MAPPING = ColumnMap(
    header_row=3,
    columns={"manufacturer": [1], "part_number": [2], "description": [3]},
    headers={0: "Item", 1: "Manufacturer", 2: "Part number", 3: "Description", 4: "Qty"},
    confidence=0.9,
    source="detected",
)
#: Parts the patch rewrites; every other part must come out byte for byte.
PATCHED = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = zlib.compress(b"\x00\xff\x00\x00")
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


PIC = (
    "<xdr:oneCellAnchor><xdr:from><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>20</xdr:row>"
    '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="952500" cy="952500"/><xdr:pic><xdr:nvPicPr>'
    '<xdr:cNvPr id="9" name="Logo"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill>'
    '<a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="rIdLogo"/>'
    '<a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:prstGeom prst="rect"><a:avLst/>'
    "</a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>"
)


def add_parts(path: Path, *, image: bool = True, vba: bool = False) -> None:
    """Add an image to the first drawing, and optionally a VBA project, by editing the zip by hand."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if image and item.filename == "xl/drawings/drawing1.xml":
                data = data.replace(b"</xdr:wsDr>", PIC.encode() + b"</xdr:wsDr>")
            if image and item.filename == "xl/drawings/_rels/drawing1.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdLogo" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/image" Target="../media/image1.png"/></Relationships>',
                )
            if item.filename == "[Content_Types].xml":
                if image:
                    data = data.replace(
                        b"<Default ", b'<Default Extension="png" ContentType="image/png"/><Default ', 1
                    )
                if vba:
                    data = data.replace(
                        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                    ).replace(
                        b"</Types>",
                        b'<Override PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.'
                        b'vbaProject"/></Types>',
                    )
            if vba and item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
                    b'vbaProject" Target="vbaProject.bin"/></Relationships>',
                )
            dst.writestr(item, data)
        if image:
            dst.writestr("xl/media/image1.png", tiny_png())
        if vba:
            dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not a real VBA project" * 10)
    tmp.replace(path)


def make_rich_workbook(path: Path, *, vba: bool = False) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BOM"
    ws["A1"] = "Project Falcon BOM"
    ws.merge_cells("A1:E1")
    ws.append([])
    ws.append(["Item", "Manufacturer", "Part number", "Description", "Qty"])
    ws.append(["1", "Hikvision", "DS-2CD2143", "Camera", 2])
    ws.append(["2", "Dahua", "IPC-HFW", "Camera", 1])
    ws.append(["3", "x", "", HYPERLINK, 1])
    ws["D6"].data_type = "s"
    ws.append(["4", "Texas Instruments", "LM358", "Op amp", 10])
    ws.append(["5", "", "", "", 3])
    ws["B4"].fill = PatternFill(fill_type="solid", start_color="00FF00", end_color="00FF00")
    ws["B4"].comment = Comment("check this supplier", "QA")
    ws.freeze_panes = "A4"
    ws.column_dimensions["B"].width = 33
    ws.column_dimensions.group("G", "K", hidden=False)  # a <col> range the status columns fall into
    dv = DataValidation(type="list", formula1='"1,2,3"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("E4:E20")
    red = PatternFill(fill_type="solid", start_color="FFC7CE", end_color="FFC7CE")
    ws.conditional_formatting.add("E4:E20", CellIsRule(operator="greaterThan", formula=["5"], fill=red))
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=5, min_row=3, max_row=8), titles_from_data=True)
    ws.add_chart(chart, "H12")
    totals = wb.create_sheet("Totals")
    totals["A1"] = "Total qty"
    totals["B1"] = "=SUM(BOM!E4:E8)"
    totals.sheet_state = "hidden"
    wb.defined_names["Quantities"] = DefinedName("Quantities", attr_text="BOM!$E$4:$E$8")
    wb.save(path)
    add_parts(path, image=True, vba=vba)


def rows_of(ws) -> list[list[str]]:
    return [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]


def make_result(path: Path) -> FileResult:
    wb = openpyxl.load_workbook(path)
    sheets = [
        SheetData("BOM", rows=rows_of(wb["BOM"]), mapping=MAPPING),
        SheetData("Totals", hidden=True, rows=rows_of(wb["Totals"])),
    ]
    bom = Bom(path=path, sha256=sha256(path), format=path.suffix.lstrip("."), sheets=sheets)

    def match(eid: str, lists=("BIS-EL", "NDAA-889")) -> Match:
        return Match(eid, eid.title(), eid, eid.title(), eid.lower(), lists, "exact", 100.0, "exact name")

    hits = [
        Hit("BOM", 4, "B", "manufacturer", "Hikvision", match("HIKVISION")),
        Hit("BOM", 5, "B", "manufacturer", "Dahua", match("DAHUA")),
        Hit("BOM", 6, "D", "description", HYPERLINK, match("ZTE")),
    ]
    reports = [
        SheetReport("BOM", False, MAPPING, rows_screened=4, rows_not_screened=1, not_screened_rows=[8]),
        SheetReport("Totals", True, ColumnMap()),
    ]
    return FileResult(path=path, sha256=bom.sha256, sheets=reports, hits=hits, bom=bom)


RUN = RunInfo(
    "BOM Auditor",
    "0.1.0",
    "2024-10-01T09:00:00Z",
    [WatchlistInfo("Built-in", "2024.3", "2024-09-16", "ab" * 32, 812, source="built-in")],
    reviewer="A. Auditor",
)
DECISIONS = {
    ("BOM", 5, "B", "DAHUA"): Decision("confirmed", "=ask legal", "A. Auditor", "2024-10-01T10:00:00Z"),
}


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("rich")
    src = folder / "falcon.xlsx"
    make_rich_workbook(src)
    before = sha256(src)
    out = export_annotated(
        make_result(src), folder / "falcon.audited.xlsx", RUN, DECISIONS, backend="xml-patch"
    )
    assert sha256(src) == before, "the input must not change"
    return src, out


def test_untouched_parts_are_copied_byte_for_byte(rich: tuple[Path, Path]):
    src, out = rich
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        new = set(b.namelist()) - set(a.namelist())
        assert len(new) == 4 and all(n.startswith("xl/worksheets/sheet") for n in new)
        annotated = "xl/worksheets/sheet1.xml"
        for name in a.namelist():
            if name in PATCHED or name == annotated:
                continue
            assert a.read(name) == b.read(name), name
        for part in ("xl/media/image1.png", "xl/charts/chart1.xml", "xl/drawings/drawing1.xml"):
            assert part in b.namelist()
        assert any("comments" in n for n in b.namelist())
        sheet = b.read(annotated)
        for kept in (
            b"<mergeCell ",
            b"<dataValidation ",
            b"<conditionalFormatting ",
            b"<drawing ",
            b"<legacyDrawing ",
        ):
            assert kept in sheet, kept
        assert b'state="frozen"' in sheet
        assert b"<f>" not in sheet and b"<f " not in sheet


def test_output_opens_in_openpyxl_with_everything_kept(rich: tuple[Path, Path]):
    _, out = rich
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "BOM",
        "Totals",
        "Findings",
        "Hits by value",
        "FAR 52.204-24(e)",
        "Audit manifest",
    ]
    ws = wb["BOM"]
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:E1"]
    assert ws.freeze_panes == "A4"
    assert len(ws.data_validations.dataValidation) == 1
    assert len(list(ws.conditional_formatting)) == 1
    assert ws["B4"].comment is not None and "check this supplier" in ws["B4"].comment.text
    assert wb["Totals"].sheet_state == "hidden"
    assert wb["Totals"]["B1"].value == "=SUM(BOM!E4:E8)"
    assert "Quantities" in wb.defined_names
    assert [ws.cell(row=3, column=7 + i).value for i in range(len(STATUS_COLUMNS))] == list(STATUS_COLUMNS)
    assert ws["G3"].font.b
    assert ws["G4"].value == "Pending" and ws["H4"].value == "Hikvision" and ws["L4"].value == 100
    assert ws["G5"].value == "Confirmed" and ws["N5"].value == "=ask legal" and ws["N5"].data_type == "s"
    assert ws["G7"].value == "Clear" and ws["G8"].value == "Not screened"
    assert ws["G1"].value is None and ws["G2"].value is None
    assert ws["D6"].value == HYPERLINK and ws["D6"].data_type == "s"
    # The highlight replaces the fill of the matched cell and keeps the rest of its style.
    assert ws["B5"].fill.fgColor.rgb[-6:] == FILLS["confirmed"]
    assert ws["B4"].fill.fgColor.rgb[-6:] == FILLS["pending"]
    assert ws["H5"].fill.fgColor.rgb[-6:] == FILLS["confirmed"]
    assert ws["G8"].fill.fgColor.rgb[-6:] == FILLS["not_screened"]
    assert ws["A4"].fill.fill_type is None
    assert ws.column_dimensions["B"].width == 33
    assert ws.column_dimensions["M"].width == 48  # the Reason column
    findings = wb["Findings"]
    assert (
        findings.freeze_panes == "A2" and findings.auto_filter.ref == "A1:AG4"
    )  # 25 columns, then the entry evidence (8)
    manifest = "\n".join(" | ".join(str(v) for v in r if v is not None) for r in wb["Audit manifest"].values)
    assert "XML patch" in manifest and "ab" * 32 in manifest


def test_output_reads_in_calamine(rich: tuple[Path, Path]):
    _, out = rich
    wb = CalamineWorkbook.from_path(str(out))
    assert wb.sheet_names == [
        "BOM",
        "Totals",
        "Findings",
        "Hits by value",
        "FAR 52.204-24(e)",
        "Audit manifest",
    ]
    rows = wb.get_sheet_by_name("BOM").to_python()
    assert rows[3][6] == "Pending" and rows[4][6] == "Confirmed" and rows[6][6] == "Clear"
    assert rows[5][3] == HYPERLINK
    findings = wb.get_sheet_by_name("Findings").to_python()
    assert len(findings) == 4 and findings[0][0] == "File"


def test_styles_keep_existing_indexes(rich: tuple[Path, Path]):
    src, out = rich
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        old, new = a.read("xl/styles.xml"), b.read("xl/styles.xml")

    def xfs(xml: bytes) -> list[bytes]:
        block = re.search(rb"<cellXfs[^>]*>(.*?)</cellXfs>", xml, re.S).group(1)
        return re.findall(rb"<xf\b(?:[^>]*?/>|.*?</xf>)", block, re.S)

    assert xfs(new)[: len(xfs(old))] == xfs(old)
    count = int(re.search(rb'<cellXfs count="(\d+)"', new).group(1))
    assert count == len(xfs(new))


def test_macro_workbook_keeps_its_vba_project_byte_for_byte(tmp_path: Path):
    src = tmp_path / "macro.xlsm"
    make_rich_workbook(src, vba=True)
    out = export_annotated(make_result(src), tmp_path / "macro.audited.xlsm", RUN, backend="xml-patch")
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        assert a.read("xl/vbaProject.bin") == b.read("xl/vbaProject.bin")
        assert b"macroEnabled" in b.read("[Content_Types].xml")
        assert b"vbaProject" in b.read("xl/_rels/workbook.xml.rels")
    plain = export_annotated(make_result(src), tmp_path / "macro.audited.xlsx", RUN, backend="xml-patch")
    with zipfile.ZipFile(plain) as b:
        assert "xl/vbaProject.bin" not in b.namelist()
        assert b"macroEnabled" not in b.read("[Content_Types].xml")
        assert b"vbaProject" not in b.read("xl/_rels/workbook.xml.rels")
    openpyxl.load_workbook(plain)
    CalamineWorkbook.from_path(str(plain)).get_sheet_by_name("BOM").to_python()


def test_workbook_the_patcher_cannot_handle_falls_back_to_openpyxl(tmp_path: Path):
    src = tmp_path / "disordered.xlsx"
    make_rich_workbook(src)
    # Rows 4 and 5 stored out of order: the patch stops half-way, openpyxl writes the copy, the manifest says so.
    tmp = tmp_path / "t.xlsx"
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(tmp, "w") as b:
        for item in a.infolist():
            data = a.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                r4 = re.search(rb'<row r="4".*?</row>', data).group()
                r5 = re.search(rb'<row r="5".*?</row>', data).group()
                data = data.replace(r4 + r5, r5 + r4)
            b.writestr(item, data)
    tmp.replace(src)
    result = make_result(src)
    with pytest.raises(ExportError, match="out of order"):
        export_annotated(result, tmp_path / "o.xlsx", RUN, backend="xml-patch")
    out = export_annotated(result, tmp_path / "o.xlsx", RUN)
    wb = openpyxl.load_workbook(out)
    manifest = "\n".join(" | ".join(str(v) for v in r if v is not None) for r in wb["Audit manifest"].values)
    assert "openpyxl load and save" in manifest and "could not be patched in place" in manifest
    assert wb["BOM"]["G4"].value == "Pending"


def test_strict_or_broken_packages_are_refused_before_writing(tmp_path: Path):
    with pytest.raises(xlsxpatch.PatchUnsupported, match="zip"):
        xlsxpatch.open_package(b"not a zip")
    strict = tmp_path / "strict.xlsx"
    with zipfile.ZipFile(strict, "w") as zf:
        for name, text in HAND.items():
            zf.writestr(name, text.replace(M, "http://purl.oclc.org/ooxml/spreadsheetml/main"))
    with pytest.raises(xlsxpatch.PatchUnsupported, match="strict"):
        xlsxpatch.open_package(strict.read_bytes())


# A hand-written package: prefixed namespaces, rows and cells without r, a styled empty cell where a status
# cell goes, a missing row where the titles go, no <dimension> and no <cols>.
M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HAND = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/'
        'xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
        'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{R}/worksheet" Target="/xl/worksheets/'
        f'sheet1.xml"/><Relationship Id="rId2" Type="{R}/styles" Target="styles.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="{M}" xmlns:rel="{R}"><x:sheets>'
        '<x:sheet name="Parts &amp; more" sheetId="3" rel:id="rId1"/></x:sheets></x:workbook>'
    ),
    "xl/styles.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><x:styleSheet xmlns:x="{M}"><x:fonts count="1"><x:font>'
        '<x:sz val="11"/><x:name val="Calibri"/></x:font></x:fonts><x:fills count="2"><x:fill><x:patternFill '
        'patternType="none"/></x:fill><x:fill><x:patternFill patternType="gray125"/></x:fill></x:fills>'
        '<x:borders count="1"><x:border/></x:borders><x:cellXfs count="2"><x:xf numFmtId="0" fontId="0" '
        'fillId="0" borderId="0"/><x:xf numFmtId="0" fontId="0" fillId="0" borderId="0"><x:alignment '
        'wrapText="1"/></x:xf></x:cellXfs></x:styleSheet>'
    ),
    "xl/worksheets/sheet1.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="{M}"><x:sheetData>'
        '<x:row r="2"><x:c t="inlineStr"><x:is><x:t>Maker</x:t></x:is></x:c></x:row>'
        '<x:row><x:c s="1" t="inlineStr"><x:is><x:t>Hikvision</x:t></x:is></x:c><x:c/><x:c s="1"/></x:row>'
        '<x:row><x:c t="inlineStr"><x:is><x:t>Acme</x:t></x:is></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    ),
}


def test_hand_written_package_with_prefixes_and_missing_refs(tmp_path: Path):
    src = tmp_path / "hand.xlsx"
    with zipfile.ZipFile(src, "w") as zf:
        for name, text in HAND.items():
            zf.writestr(name, text)
    mapping = ColumnMap(header_row=None, columns={}, headers={})
    sheet = SheetData("Parts & more", rows=[["Maker"], ["Hikvision"], ["Acme"]], first_row=2, mapping=mapping)
    bom = Bom(path=src, sha256=sha256(src), format="xlsx", sheets=[sheet])
    m = Match(
        "HIKVISION", "Hikvision", "HIKVISION", "Hikvision", "hikvision", ("BIS-EL",), "exact", 100.0, "x"
    )
    result = FileResult(
        path=src,
        sha256=bom.sha256,
        sheets=[SheetReport("Parts & more", False, mapping, rows_screened=3)],
        hits=[Hit("Parts & more", 3, "A", "text", "Hikvision", m)],
        bom=bom,
    )
    out = export_annotated(result, tmp_path / "hand.audited.xlsx", RUN, backend="xml-patch")
    wb = openpyxl.load_workbook(out)
    ws = wb["Parts & more"]
    # No header: the titles go on the (missing) row above the range, status columns from C.
    assert ws["C1"].value == "Status" and ws["C3"].value == "Pending" and ws["C4"].value == "Clear"
    assert ws["A3"].value == "Hikvision" and ws["A3"].alignment.wrap_text
    assert ws["A3"].fill.fgColor.rgb[-6:] == FILLS["pending"]
    assert wb.sheetnames[1:] == ["Findings", "Hits by value", "Audit manifest"]
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Parts & more").to_python()
    assert rows[0][2] == "Status" and rows[2][2] == "Pending"


def test_libreoffice_opens_the_copy(rich: tuple[Path, Path], tmp_path: Path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    _, out = rich
    proc = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "lo-out"),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    converted = tmp_path / "lo-out" / out.name
    assert converted.exists(), proc.stderr
    wb = openpyxl.load_workbook(converted)
    assert wb.sheetnames == [
        "BOM",
        "Totals",
        "Findings",
        "Hits by value",
        "FAR 52.204-24(e)",
        "Audit manifest",
    ]
    assert wb["BOM"]["G5"].value == "Confirmed"
    assert wb["BOM"]["B5"].fill.fgColor.rgb[-6:] == FILLS["confirmed"]
