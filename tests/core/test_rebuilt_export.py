"""Rebuilt copies (.csv, .ods, .xls input: a new .xlsx whose sheet rows are streamed as XML) keep what they carry.

The rows of a rebuilt copy's sheets are written by guiapp.evidence.rebuiltsheet into the workbook openpyxl
writes without rows (issue 17, point 6: speed). These tests hold that copy to what a reader of it sees:

* every cell of the real .csv/.ods/.xls BOMs of the shared corpus comes back from the copy at the same
  position with the same value and type (numbers, dates, booleans as values; text exactly as read), and the
  copy's seal verifies;
* a BOM with hits, made here as a .csv and converted by LibreOffice to .ods and .xls (skipped when soffice is
  absent), keeps its typed values, its status columns (bold titles, "Clear" rows, decisions with their fill,
  wrapped reasons), the highlight of the matched cells, the Findings sheet (frozen header, filter) and the
  header row repeated on printed pages;
* text a spreadsheet would read otherwise (``_x0041_``, a carriage return, ``&<>``, characters XML cannot carry,
  a formula's text, spaces at either end) reads back as the text the BOM had.

Values are read back with python-calamine (as Excel and LibreOffice read them, e.g. ``_xHHHH_`` unescaped) and
styles with openpyxl.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from guiapp.evidence.export import FILLS, export_annotated
from guiapp.evidence.verify import verify_copy
from guiapp.lists.watchlist import load_builtin
from guiapp.model import Decision, ScreenOptions
from guiapp.screening.screen import build_matcher, make_run_info, screen_file

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "real-boms"
REAL = (
    sorted(p for p in CORPUS.iterdir() if p.suffix.lower() in (".csv", ".ods", ".xls"))
    if CORPUS.is_dir()
    else []
)


@pytest.fixture(scope="module")
def screener():
    lists = [load_builtin()]
    options = ScreenOptions()
    return build_matcher(lists, options.threshold), options, make_run_info(lists, options)


def _rows(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def _same(original, copied) -> bool:
    """The copy's value is the original's: equal, and a number stays a number, text stays text."""
    if isinstance(original, str) or isinstance(copied, str):
        return str(original).strip() == copied if isinstance(copied, str) else False
    if isinstance(original, float | int) and not isinstance(original, bool):
        return not isinstance(copied, bool) and isinstance(copied, float | int) and copied == original
    return copied == original


@pytest.mark.skipif(not REAL, reason="real-BOM corpus not present")
@pytest.mark.parametrize("src", REAL, ids=lambda p: p.name[:2])
def test_real_bom_copy_has_every_value_where_it_was_and_verifies(tmp_path: Path, screener, src: Path):
    matcher, options, run = screener
    local = tmp_path / src.name
    shutil.copyfile(src, local)
    result = screen_file(local, matcher, options)
    assert result.ok, result.error
    out = export_annotated(result, tmp_path / "copy.xlsx", run)
    assert result.bom is not None
    checked = 0
    copied = CalamineWorkbook.from_path(str(out))
    is_csv = src.suffix.lower() == ".csv"
    for k, sheet in enumerate(result.bom.sheets):
        copy = copied.get_sheet_by_name(copied.sheet_names[k]).to_python(skip_empty_area=False)
        if is_csv:
            # A text table has no types: the copy holds the text, or the number/date it plainly is.
            cells = [
                (sheet.first_row - 1 + i, sheet.first_col + j, text)
                for i, row in enumerate(sheet.rows)
                for j, text in enumerate(row)
            ]
        else:
            grid = _rows(local, sheet.name)
            cells = [(r, c, v) for r in range(sheet.first_row - 1, len(grid)) for c, v in enumerate(grid[r])]
        for r, c, value in cells:
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            got = copy[r][c] if r < len(copy) and c < len(copy[r]) else None
            if is_csv and isinstance(got, dt.date):
                ok = (got.date() if isinstance(got, dt.datetime) else got) == dt.date.fromisoformat(value)
            elif is_csv and not isinstance(got, str):
                ok = got == float(value)
            else:
                ok = _same(value, got)
            assert ok, (sheet.name, r + 1, c + 1, value, got)
            checked += 1
    assert checked > 50
    check = verify_copy(out)
    assert check.seal.ok, check.message()


def _source_rows() -> list[list[str]]:
    return [
        ["Manufacturer", "Part number", "Description", "Qty", "Price", "Needed by", "Code"],
        ["Hikvision", "DS-2CD", "IP camera", "2", "129.5", "2024-03-01", "0805"],
        ["Murata", "GRM188", "  spaces at both ends  ", "250", "0.01", "2024-04-02", "00123"],
        ["ZTE", "_x0041_", "a & b <c> d", "1", "3.25", "", '=HYPERLINK("http://x")'],
        ["Yageo", "RC0603", "ten\rk", "5000", "0.001", "", "#N/A"],
        ["Dahua", "DH-IPC", "ctl\x01char", "7", "12", "", "β-Ω 電容"],
        ["Vishay", "CRCW", "resistor", "10", "0.02", "2024-12-31", "x"],
    ]


def _inputs(tmp_path: Path) -> dict[str, Path]:
    src = tmp_path / "parts.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(_source_rows())
    made = {"csv": src}
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return made
    for fmt, target in (("ods", "ods"), ("xls", "xls:MS Excel 97")):
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", target]
            + [
                "--infilter=CSV:44,34,76,1,1/2/2/2/3/2/4/1/5/1/6/5/7/2",
                "--outdir",
                str(tmp_path / fmt),
                str(src),
            ],
            capture_output=True,
            timeout=300,
            check=True,
        )
        made[fmt] = tmp_path / fmt / f"parts.{fmt}"
    return made


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "ods", "xls"])
def test_copy_keeps_types_annotations_and_styles(tmp_path: Path, screener, fmt: str):
    inputs = _inputs(tmp_path)
    if fmt not in inputs:
        pytest.skip("LibreOffice is not installed")
    matcher, options, run = screener
    result = screen_file(inputs[fmt], matcher, options)
    assert result.ok, result.error
    by_row = {h.row: h for h in result.hits}
    assert {2, 4, 6} <= set(by_row), sorted(by_row)  # Hikvision, ZTE, Dahua
    decisions = {
        by_row[2].key: Decision("confirmed", "seen on the list"),
        by_row[4].key: Decision("false_positive"),
    }
    out = export_annotated(result, tmp_path / f"{fmt}.audited.xlsx", run, decisions)

    values = _rows(out, "parts" if fmt == "csv" else result.bom.sheets[0].name)
    # Typed values stay typed; part numbers and codes stay text.
    assert values[1][3] == 2 and values[2][3] == 250 and values[4][3] == 5000
    assert values[1][4] == 129.5 and values[2][4] == 0.01
    assert values[1][5] in (dt.date(2024, 3, 1), dt.datetime(2024, 3, 1))
    assert values[1][6] == "0805" and values[2][6] == "00123"
    # Text reads back as the BOM had it (the reader trims the ends of a cell).
    assert values[2][2] == "spaces at both ends"
    assert values[3][1] == "_x0041_" and values[3][2] == "a & b <c> d"
    assert values[3][6] == '=HYPERLINK("http://x")' and values[4][6] == "#N/A"
    assert values[4][2] == "ten\rk" or fmt != "csv"  # LibreOffice's CSV import changes the CR itself
    assert values[5][2] == "ctl\ufffdchar" or fmt != "csv"  # LibreOffice drops the control character
    assert values[5][6] == "β-Ω 電容"
    status = values[0].index("Status")
    assert [values[r][status] for r in range(1, 7)] == [
        "Confirmed",
        "Clear",
        "False positive",
        "Clear",
        "Pending",
        "Clear",
    ]

    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    col = status + 1  # openpyxl is 1-based
    assert ws.cell(1, col).font.b  # status titles are bold
    assert ws.cell(2, 1).fill.fgColor.rgb[-6:] == FILLS["confirmed"]  # the matched cell
    assert ws.cell(2, 2).fill.fill_type is None  # the rest of the row keeps no fill
    assert ws.cell(2, col).fill.fgColor.rgb[-6:] == FILLS["confirmed"]
    assert ws.cell(4, col + 2).fill.fgColor.rgb[-6:] == FILLS["false_positive"]
    assert ws.cell(6, 1).fill.fgColor.rgb[-6:] == FILLS["pending"]
    reason = values[0].index("Reason") + 1
    assert ws.cell(2, reason).alignment.wrap_text and ws.cell(2, reason).alignment.vertical == "top"
    assert ws.cell(3, col).fill.fill_type is None  # a clear row is not filled
    assert ws.print_title_rows == "$1:$1"
    assert ws["F2"].number_format == "yyyy-mm-dd" or fmt == "xls"  # .xls keeps LibreOffice's date format
    assert ws["E2"].number_format in ("0.0", "General")
    findings = wb["Findings"]
    assert findings.freeze_panes == "A2" and findings.auto_filter.ref
    assert findings.cell(1, 1).font.b and findings.max_row == 1 + len(result.hits)
    check = verify_copy(out)
    assert check.seal.ok, check.message()
