"""Rebuilt copies (.csv, .ods, .xlsb, .xls) keep numbers, dates and booleans typed (issue 17, point 2).

The fixtures are written here: a CSV, an OpenDocument spreadsheet assembled from its XML (value types, a date,
a boolean and a formula with its saved value), the hand-built .xlsb of test_xlsb, and an .xls that LibreOffice
converts (skipped when soffice is absent). Each is read, screened and exported; the copy's cells are then read
with openpyxl, which says what type each cell really has.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from guiapp.evidence.export import FILLS, export_annotated
from guiapp.lists.watchlist import load_builtin
from guiapp.model import ScreenOptions
from guiapp.screening.screen import build_matcher, make_run_info, screen_file
from tests.core.test_xlsb import good_xlsb


@pytest.fixture(scope="module")
def screener():
    lists = [load_builtin()]
    options = ScreenOptions()
    return build_matcher(lists, options.threshold), options, make_run_info(lists, options)


def export(src: Path, screener) -> openpyxl.Workbook:
    matcher, options, run = screener
    result = screen_file(src, matcher, options)
    assert result.ok, result.error
    out = export_annotated(result, src.with_name(src.stem + ".audited.xlsx"), run)
    return openpyxl.load_workbook(out)


def manifest(wb: openpyxl.Workbook) -> str:
    return " ".join(str(v) for row in wb["Audit manifest"].values for v in row if v is not None)


def test_csv_numbers_and_iso_dates_become_values_and_the_rest_stays_text(tmp_path: Path, screener):
    src = tmp_path / "parts.csv"
    rows = [
        ["Manufacturer", "Part number", "Qty", "Price", "Needed by", "Code", "Total", "Flag", "Big", "Sci"],
        [
            "Hikvision",
            "0805",
            "12",
            "1.50",
            "2024-03-01",
            "00123",
            "1,000",
            "TRUE",
            "12345678901234567890",
            "1e5",
        ],
        ["Murata", "GRM188", "-3", "-0.25", "2024-02-30", "12", "7", "FALSE", "42", "0.1"],
    ]
    with src.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    wb = export(src, screener)
    ws = wb["parts"]
    got = {
        c.coordinate: (c.value, c.number_format) for row in ws.iter_rows(max_row=3, max_col=10) for c in row
    }
    assert got["C2"] == (12, "General") and got["C3"] == (-3, "General")
    assert got["D2"] == (1.5, "0.00") and got["D3"] == (-0.25, "0.00")
    assert got["E2"] == (dt.datetime(2024, 3, 1), "yyyy-mm-dd")
    assert got["J3"] == (0.1, "0.0") and got["I3"] == (42, "General")
    # Text a spreadsheet would mangle stays exactly as written.
    for ref, text in {
        "B2": "0805",
        "F2": "00123",
        "G2": "1,000",
        "H2": "TRUE",
        "I2": "12345678901234567890",
        "J2": "1e5",
        "E3": "2024-02-30",
        "A2": "Hikvision",
    }.items():
        assert got[ref] == (text, "General"), ref
    assert ws["A2"].fill.fgColor.rgb[-6:] == FILLS["pending"]  # the matched cell is still highlighted
    assert "plain numbers and ISO dates as values" in manifest(wb)
    assert ws.print_title_rows == "$1:$1"  # the header row repeats on every printed page


def _ods(path: Path) -> None:
    """An OpenDocument spreadsheet written from its XML, as LibreOffice stores typed cells."""

    def cell(kind: str, text: str, **attrs: str) -> str:
        extra = "".join(f' {k.replace("_", ":", 1)}="{v}"' for k, v in attrs.items())
        return (
            f'<table:table-cell office:value-type="{kind}"{extra}><text:p>{text}</text:p></table:table-cell>'
        )

    def s(text: str) -> str:
        return cell("string", text)

    rows = [
        [s("Manufacturer"), s("Part number"), s("Qty"), s("Price"), s("Needed by"), s("RoHS"), s("Total")],
        [
            s("Hikvision"),
            s("0805"),
            cell("float", "2", office_value="2"),
            cell("float", "129.50", office_value="129.5"),
            cell("date", "2024-03-01", office_date__value="2024-03-01"),
            cell("boolean", "TRUE", office_boolean__value="true"),
            cell("float", "259", office_value="259", table_formula="of:=[.C2]*[.D2]"),
        ],
        [
            s("Murata"),
            s("GRM188"),
            cell("float", "250", office_value="250"),
            cell("float", "0.01", office_value="0.01"),
            cell("date", "2024-04-02T13:30:00", office_date__value="2024-04-02T13:30:00"),
            cell("boolean", "FALSE", office_boolean__value="false"),
            cell("float", "2.5", office_value="2.5", table_formula="of:=[.C3]*[.D3]"),
        ],
    ]
    body = "".join("<table:table-row>" + "".join(r) + "</table:table-row>" for r in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
        f'<office:spreadsheet><table:table table:name="BOM">{body}</table:table></office:spreadsheet>'
        "</office:body></office:document-content>"
    ).replace("__", "-")
    manifest_xml = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", manifest_xml, zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


def test_ods_values_dates_booleans_and_formula_results_stay_typed(tmp_path: Path, screener):
    src = tmp_path / "parts.ods"
    _ods(src)
    wb = export(src, screener)
    ws = wb["BOM"]
    assert ws["B2"].value == "0805"
    assert ws["C2"].value == 2 and ws["C3"].value == 250
    assert ws["D2"].value == 129.5 and ws["D3"].value == 0.01
    assert ws["E2"].value == dt.datetime(2024, 3, 1) and ws["E2"].number_format == "yyyy-mm-dd"
    assert (
        ws["E3"].value == dt.datetime(2024, 4, 2, 13, 30) and ws["E3"].number_format == "yyyy-mm-dd hh:mm:ss"
    )
    assert ws["F2"].value is True and ws["F3"].value is False
    assert ws["G2"].value == 259 and ws["G3"].value == 2.5  # the formulas' saved results
    assert "formulas as their saved values" in manifest(wb)


def test_xlsb_numbers_stay_numbers(tmp_path: Path, screener):
    src = good_xlsb(tmp_path)
    wb = export(src, screener)
    ws = wb.worksheets[0]
    values = [[c.value for c in row] for row in ws.iter_rows(max_row=4, max_col=5)]
    assert values[1][:3] == [1, 2, "Texas Instruments"] and values[2][1] == 10
    assert all(isinstance(v, int) for v in (values[1][0], values[1][1], values[3][1]))


def test_an_original_changed_after_screening_is_written_as_the_text_screened(tmp_path: Path, screener):
    src = tmp_path / "parts.ods"
    _ods(src)
    matcher, options, run = screener
    result = screen_file(src, matcher, options)
    with zipfile.ZipFile(src, "a") as zf:
        zf.writestr("extra.txt", "changed")
    out = export_annotated(result, tmp_path / "parts.audited.xlsx", run)
    wb = openpyxl.load_workbook(out)
    assert wb["BOM"]["C2"].value == "2"
    assert "changed after it was screened" in manifest(wb)


@pytest.mark.slow
def test_xls_made_by_libreoffice_keeps_its_types(tmp_path: Path, screener):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    xlsx = tmp_path / "parts.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BOM"
    ws.append(["Manufacturer", "Part number", "Qty", "Price", "Needed by", "RoHS", "Total"])
    ws.append(["Hikvision", "0805", 2, 129.5, dt.datetime(2024, 3, 1), True, "=C2*D2"])
    ws["E2"].number_format = "yyyy-mm-dd"
    wb.save(xlsx)
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xls"]
        + ["--outdir", str(tmp_path / "xls"), str(xlsx)],
        capture_output=True,
        timeout=300,
        check=True,
    )
    copy = export(tmp_path / "xls" / "parts.xls", screener)["BOM"]
    assert copy["B2"].value == "0805" and copy["C2"].value == 2 and copy["D2"].value == 129.5
    assert copy["E2"].value == dt.datetime(2024, 3, 1) and copy["E2"].number_format == "yyyy-mm-dd"
    assert copy["F2"].value is True
    assert copy["G2"].value == 259  # LibreOffice saved the formula's result; the copy keeps it
