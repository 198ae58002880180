"""The annotated copy prints (issue 17, point 3).

Status columns go right of the table and of charts beside it, a print area set before the export reaches the
status columns, the header row repeats on every page, Reason and Note wrap, frozen panes stay, and the "Hits by
value" sheet of a 300-hit BOM prints on a few landscape pages of A4 and of Letter (the page count comes from
LibreOffice's PDF export, a slow test skipped where soffice is absent).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from guiapp.evidence.byvalue import BY_VALUE_COLUMNS, BY_VALUE_SHEET, compress_rows
from guiapp.evidence.export import export_annotated
from guiapp.lists.watchlist import load_builtin
from guiapp.model import Decision, ScreenOptions
from guiapp.screening.screen import build_matcher, make_run_info, screen_file

LISTED = [
    "Hikvision",
    "Dahua Technology",
    "ZTE Corporation",
    "Huawei",
    "Hytera",
    "Kaspersky Lab",
    "DJI",
    "Megvii",
    "SenseTime",
    "iFlytek",
    "Yangtze Memory",
    "SMIC",
]
CLEAN = ["Murata", "Yageo", "Texas Instruments", "Bourns", "Vishay", "TDK", "Kemet", "Nexperia"]


@pytest.fixture(scope="module")
def screener():
    lists = [load_builtin()]
    options = ScreenOptions()
    return build_matcher(lists, options.threshold), options, make_run_info(lists, options, reviewer="QA")


def _bom(path: Path, rows: int, listed_every: int = 1, chart_at: str | None = None) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BOM"
    ws.append(["Item", "Manufacturer", "Part number", "Description", "Qty"])
    for i in range(1, rows + 1):
        maker = LISTED[i % len(LISTED)] if i % listed_every == 0 else CLEAN[i % len(CLEAN)]
        ws.append([i, maker, f"PN-{i}", f"Part {i}", i % 9 + 1])
    ws.freeze_panes = "A2"
    if chart_at:
        chart = BarChart()
        chart.add_data(Reference(ws, min_col=5, min_row=1, max_row=6), titles_from_data=True)
        ws.add_chart(chart, chart_at)
    wb.save(path)


def _export(src: Path, screener, decisions=None, backend: str = "auto") -> tuple[Path, object]:
    matcher, options, run = screener
    result = screen_file(src, matcher, options)
    assert result.ok, result.error
    out = export_annotated(result, src.with_name(src.stem + ".audited.xlsx"), run, decisions, backend=backend)
    return out, result


def _status_col(ws) -> int:
    return next(c.column for c in ws[1] if c.value == "Status")


def test_status_columns_clear_a_chart_beside_the_table_but_not_one_below(tmp_path: Path, screener):
    beside = tmp_path / "beside.xlsx"
    _bom(beside, 20, listed_every=5, chart_at="G3")  # a chart from G to about O, rows 3 to 18
    out, _ = _export(beside, screener)
    with zipfile.ZipFile(out) as zf:
        drawing = zf.read("xl/drawings/drawing1.xml")
    # openpyxl anchors charts by their top-left cell and size: the right edge is the size in default columns.
    from_col = int(re.search(rb"<(?:\w+:)?from><(?:\w+:)?col>(\d+)<", drawing).group(1))
    cx = int(re.search(rb'<(?:\w+:)?ext cx="(\d+)"', drawing).group(1))
    to_col = from_col + cx // 609600
    status = _status_col(openpyxl.load_workbook(out)["BOM"])
    assert status - 1 > to_col  # 1-based status column right of the chart's last (0-based) column

    below = tmp_path / "below.xlsx"
    _bom(below, 20, listed_every=5, chart_at="A30")
    out, _ = _export(below, screener)
    assert _status_col(openpyxl.load_workbook(out)["BOM"]) == 7  # one blank column after E


@pytest.mark.parametrize("backend", ["xml-patch", "openpyxl"])
def test_print_area_reaches_the_status_columns_and_titles_repeat(tmp_path: Path, screener, backend: str):
    src = tmp_path / "printed.xlsx"
    _bom(src, 30, listed_every=3)
    wb = openpyxl.load_workbook(src)
    wb["BOM"].print_area = "A1:E31"
    wb.save(src)
    out, _ = _export(src, screener, backend=backend)
    copy = openpyxl.load_workbook(out)
    ws = copy["BOM"]
    last_status = _status_col(ws) + 9
    assert ws.print_area == f"'BOM'!$A$1:${openpyxl.utils.get_column_letter(last_status)}$31"
    assert ws.print_title_rows == "$1:$1"
    assert ws.freeze_panes == "A2"
    findings = copy["Findings"]
    assert findings.print_title_rows == "$1:$1" and findings.page_setup.orientation == "landscape"
    assert "Page &P of &N" in findings.oddFooter.right.text


@pytest.mark.parametrize("backend", ["xml-patch", "openpyxl"])
def test_existing_print_titles_are_kept(tmp_path: Path, screener, backend: str):
    src = tmp_path / "titled.xlsx"
    _bom(src, 10, listed_every=3)
    wb = openpyxl.load_workbook(src)
    wb["BOM"].print_title_cols = "A:B"
    wb.save(src)
    out, _ = _export(src, screener, backend=backend)
    ws = openpyxl.load_workbook(out)["BOM"]
    assert ws.print_title_cols == "$A:$B" and ws.print_title_rows is None


def test_reason_and_note_wrap(tmp_path: Path, screener):
    src = tmp_path / "notes.xlsx"
    _bom(src, 6, listed_every=3)
    matcher, options, run = screener
    result = screen_file(src, matcher, options)
    hit = result.hits[0]
    decisions = {
        hit.key: Decision("escalated", "Ask the supplier for a declaration " * 4, "QA", "2024-01-01")
    }
    out = export_annotated(result, tmp_path / "notes.audited.xlsx", run, decisions)
    ws = openpyxl.load_workbook(out)["BOM"]
    col = _status_col(ws)
    reason, note = ws.cell(row=hit.row, column=col + 6), ws.cell(row=hit.row, column=col + 7)
    assert reason.value and reason.alignment.wrap_text
    assert note.value.startswith("Ask the supplier") and note.alignment.wrap_text
    assert note.fill.fgColor.rgb[-6:] == "F4B183"  # the escalated fill and the wrap together
    assert not ws.cell(row=hit.row, column=col + 1).alignment.wrap_text


def test_hits_by_value_groups_300_hits_and_is_set_to_print_one_page_wide(tmp_path: Path, screener):
    src = tmp_path / "many.xlsx"
    _bom(src, 300)
    out, result = _export(src, screener)
    assert len(result.hits) >= 300
    wb = openpyxl.load_workbook(out)
    ws = wb[BY_VALUE_SHEET]
    rows = list(ws.values)
    assert list(rows[0]) == list(BY_VALUE_COLUMNS)
    assert len(rows) - 1 == len(LISTED)  # one row per distinct value, not per hit
    assert sum(r[6] for r in rows[1:]) == len(result.hits)
    hik = next(r for r in rows[1:] if r[1] == "Hikvision")
    assert hik[7] == compress_rows(h.row for h in result.hits if h.value == "Hikvision")
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$1"
    assert (
        not wb["Findings"].sheet_properties.pageSetUpPr
        or not wb["Findings"].sheet_properties.pageSetUpPr.fitToPage
    )


def test_compress_rows():
    assert compress_rows([9, 4, 5, 6, 12, 13, 4]) == "4-6, 9, 12-13"
    assert compress_rows([]) == "" and compress_rows([7]) == "7"


def _pdf_pages(pdf: Path) -> int:
    data = pdf.read_bytes()
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


@pytest.mark.slow
@pytest.mark.parametrize("paper", [("A4", 9), ("Letter", 1)])
def test_hits_by_value_of_300_hits_prints_on_a_few_pages(tmp_path: Path, screener, paper):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    src = tmp_path / "many.xlsx"
    _bom(src, 300)
    out, _ = _export(src, screener)
    # Print only one sheet: hide the others (hidden sheets are not printed) and set the paper.
    counts = {}
    for sheet in (BY_VALUE_SHEET, "Findings"):
        wb = openpyxl.load_workbook(out)
        for ws in wb.worksheets:
            ws.sheet_state = "visible" if ws.title == sheet else "hidden"
        wb.active = wb.sheetnames.index(sheet)
        wb[sheet].page_setup.paperSize = paper[1]
        one = tmp_path / f"{paper[0]}-{sheet.replace(' ', '_')}.xlsx"
        wb.save(one)
        proc = subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf"]
            + ["--outdir", str(tmp_path / "pdf"), str(one)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        pdf = tmp_path / "pdf" / (one.stem + ".pdf")
        assert pdf.exists(), proc.stderr
        counts[sheet] = _pdf_pages(pdf)
    print(paper[0], "pages:", counts)
    assert 1 <= counts[BY_VALUE_SHEET] <= 2, counts
    assert counts["Findings"] > counts[BY_VALUE_SHEET]  # the full record is the long one
