"""Tests for guiapp.evidence.export: the annotated workbook that serves as audit evidence."""

from __future__ import annotations

import csv
import hashlib
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill

from guiapp.evidence import atomic_output, export, manifest, xlsxpatch
from guiapp.evidence.export import (
    FILLS,
    FINDINGS_COLUMNS,
    STATUS_COLUMNS,
    ExportError,
    default_output_path,
    export_annotated,
)
from guiapp.model import (
    Bom,
    Cancelled,
    CancelToken,
    ColumnMap,
    Decision,
    FileResult,
    Hit,
    Match,
    RunInfo,
    ScreenOptions,
    SheetData,
    SheetReport,
    WatchlistInfo,
)

HYPERLINK = '=HYPERLINK("http://example.com","click")'


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def text_of(value) -> str:
    return "" if value is None else str(value)


def bom_from_workbook(path: Path, mappings: dict[str, ColumnMap]) -> Bom:
    """Cell text of every sheet, the way a reader would hand it over (no reader module needed)."""
    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        rows = [[text_of(v) for v in r] for r in ws.iter_rows(values_only=True)]
        sheets.append(
            SheetData(
                name=ws.title,
                hidden=ws.sheet_state != "visible",
                rows=rows,
                first_row=1,
                first_col=0,
                mapping=mappings.get(ws.title, ColumnMap()),
            )
        )
    fmt = path.suffix.lstrip(".").lower()
    return Bom(
        path=path, sha256=sha256(path), format=fmt, sheets=sheets, warnings=["Sheet 'Totals' is hidden"]
    )


def make_match(entity_id: str, score: float = 100.0, method: str = "exact", reason: str = "") -> Match:
    return Match(
        entity_id=entity_id,
        entity=entity_id.title(),
        parent_id=entity_id,
        parent=f"{entity_id.title()} Group",
        matched_name=entity_id.lower(),
        lists=("BIS-EL 2024-09", "NDAA-889"),
        method=method,
        score=score,
        reason=reason or f"name '{entity_id.lower()}' matches exactly",
        confidence="high",
        review=False,
        watchlist="Built-in 2024.3",
    )


@pytest.fixture
def run_info() -> RunInfo:
    return RunInfo(
        tool_name="BOM Auditor",
        tool_version="0.1.0",
        started_at="2024-10-01T09:00:00Z",
        watchlists=[
            WatchlistInfo(
                name="Built-in",
                version="2024.3",
                date="2024-09-16",
                sha256="ab" * 32,
                entities=812,
                names=2400,
                source="built-in",
            )
        ],
        options=ScreenOptions(threshold=91.0, column_overrides={"manufacturer": ["Maker"]}),
        reviewer="A. Auditor",
    )


@pytest.fixture
def source_xlsx(tmp_path: Path) -> Path:
    """A BOM with a title row, headers on row 3, formatting, a formula-looking text cell and a hidden sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BOM"
    ws["A1"] = "Project Falcon BOM"
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(["Item", "Manufacturer", "Part number", "Description", "Qty"])
    ws.append(["1", "Hikvision", "DS-2CD2143", "Camera", "2"])  # row 4: pending hit
    ws.append(["2", "Dahua", "IPC-HFW", "Camera", "1"])  # row 5: two hits
    ws.append(["3", "x", "", "ZTE modem", "1"])  # row 6: escalated hit on description
    ws.append(["4", "Texas Instruments", "LM358", "Op amp", "10"])  # row 7: clear
    ws.append(["5", "", "", "", "3"])  # row 8: not screened
    ws.append(["6", "Acme", "", "", "1"])  # row 9: clear
    ws["D6"] = HYPERLINK
    ws["D6"].data_type = "s"  # text that looks like a formula, as a person typed it with a leading quote
    ws["C7"].fill = PatternFill(fill_type="solid", start_color="00FF00", end_color="00FF00")
    ws.column_dimensions["B"].width = 33
    totals = wb.create_sheet("Totals")
    totals["A1"] = "Total qty"
    totals["B1"] = "=SUM(BOM!E4:E9)"
    totals.sheet_state = "hidden"
    wb.create_sheet("Empty")
    path = tmp_path / "in" / "falcon.xlsx"
    path.parent.mkdir()
    wb.save(path)
    return path


BOM_MAP = ColumnMap(
    header_row=3,
    columns={"manufacturer": [1], "part_number": [2], "description": [3]},
    headers={0: "Item", 1: "Manufacturer", 2: "Part number", 3: "Description", 4: "Qty"},
    confidence=0.92,
    source="detected",
    notes="headers found on row 3",
)


def make_result(path: Path) -> FileResult:
    bom = bom_from_workbook(path, {"BOM": BOM_MAP})
    hits = [
        Hit("BOM", 4, "B", "manufacturer", "Hikvision", make_match("HIKVISION")),
        Hit("BOM", 5, "B", "manufacturer", "Dahua", make_match("DAHUA", 100.0)),
        Hit("BOM", 5, "C", "part_number", "IPC-HFW", make_match("DAHUA-PN", 80.0, "part_number")),
        Hit(
            "BOM",
            6,
            "D",
            "description",
            HYPERLINK,
            make_match("ZTE", 90.0, "description", reason=f"description {HYPERLINK} names ZTE"),
        ),
    ]
    sheets = [
        SheetReport("BOM", False, BOM_MAP, rows_screened=5, rows_not_screened=1, not_screened_rows=[8]),
        SheetReport("Totals", True, ColumnMap(), rows_screened=0),
        SheetReport("Empty", False, ColumnMap(), rows_screened=0),
    ]
    return FileResult(path=path, sha256=bom.sha256, sheets=sheets, hits=hits, bom=bom)


DECISIONS = {
    ("BOM", 5, "B", "DAHUA"): Decision(
        "confirmed", "Dahua camera, remove", "A. Auditor", "2024-10-01T10:00:00Z"
    ),
    ("BOM", 5, "C", "DAHUA-PN"): Decision(
        "false_positive", "pattern only", "A. Auditor", "2024-10-01T10:01:00Z"
    ),
    ("BOM", 6, "D", "ZTE"): Decision("escalated", "=ask legal", "B. Boss", "2024-10-01T10:02:00Z"),
}


@pytest.fixture
def exported(source_xlsx: Path, run_info: RunInfo, tmp_path: Path) -> Path:
    out = default_output_path(source_xlsx, tmp_path / "out")
    return export_annotated(make_result(source_xlsx), out, run_info, DECISIONS)


def status_block(ws, row: int, start_col: int = 7) -> list:
    return [ws.cell(row=row, column=start_col + i).value for i in range(len(STATUS_COLUMNS))]


def fill_rgb(cell) -> str:
    return (cell.fill.fgColor.rgb or "")[-6:] if cell.fill.fill_type == "solid" else ""


def test_default_output_path_keeps_macro_workbooks_as_xlsm(tmp_path: Path):
    assert default_output_path(Path("/a/b/bom.xlsx")) == Path("/a/b/bom.audited.xlsx")
    assert default_output_path(Path("/a/b/bom.csv"), tmp_path) == tmp_path / "bom.audited.xlsx"
    assert default_output_path(Path("/a/b/bom.XLSM")) == Path("/a/b/bom.audited.xlsm")


def test_status_columns_placed_after_one_blank_column_and_filled(exported: Path):
    ws = openpyxl.load_workbook(exported)["BOM"]
    # The table ends in column E; F stays blank; the status columns start in G on the header row.
    assert ws.cell(row=3, column=6).value is None
    assert status_block(ws, 3) == list(STATUS_COLUMNS)
    assert ws["G3"].font.b
    assert status_block(ws, 4)[:6] == [
        "Pending",
        "Hikvision",
        "Hikvision Group",
        "BIS-EL 2024-09, NDAA-889",
        "exact",
        100,
    ]
    assert ws["G7"].value == "Clear"
    assert ws["G8"].value == "Not screened"
    assert ws["G9"].value == "Clear"
    # Title rows above the header are not data: no status.
    assert ws["G1"].value is None and ws["G2"].value is None


def test_row_with_several_hits_shows_the_one_needing_attention(exported: Path):
    ws = openpyxl.load_workbook(exported)["BOM"]
    row5 = status_block(ws, 5)
    assert row5[0] == "Confirmed"
    assert row5[1] == "Dahua (+1 more, see Findings)"
    assert row5[7:] == ["Dahua camera, remove", "A. Auditor", "2024-10-01T10:00:00Z"]


def test_hit_cells_and_status_highlighted_by_decision(exported: Path):
    ws = openpyxl.load_workbook(exported)["BOM"]
    assert fill_rgb(ws["B4"]) == FILLS["pending"]
    assert fill_rgb(ws["G4"]) == FILLS["pending"]
    assert fill_rgb(ws["B5"]) == FILLS["confirmed"] and fill_rgb(ws["C5"]) == FILLS["confirmed"]
    assert fill_rgb(ws["D6"]) == FILLS["escalated"]
    assert fill_rgb(ws["G8"]) == FILLS["not_screened"]
    assert fill_rgb(ws["G7"]) == ""  # a clear row is not highlighted
    assert fill_rgb(ws["A4"]) == ""  # the rest of the row keeps its own formatting


def test_findings_sheet_lists_every_hit(exported: Path):
    ws = openpyxl.load_workbook(exported)["Findings"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0] == list(FINDINGS_COLUMNS)
    assert len(rows) == 5
    by_key = {(r[1], r[2], r[3]): dict(zip(FINDINGS_COLUMNS, r, strict=True)) for r in rows[1:]}
    dahua_pn = by_key[("BOM", 5, "C")]
    assert dahua_pn["File"] == "falcon.xlsx"
    assert dahua_pn["Field"] == "part_number"
    assert dahua_pn["Cell text"] == "IPC-HFW"
    assert dahua_pn["Method"] == "part_number" and dahua_pn["Score"] == 80
    assert dahua_pn["Decision"] == "False positive"
    assert dahua_pn["Note"] == "pattern only"
    assert by_key[("BOM", 4, "B")]["Decision"] == "Pending"
    assert by_key[("BOM", 4, "B")]["Watchlist"] == "Built-in 2024.3"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:AG5"  # 25 columns, then the entry evidence (8)


def manifest_text(path: Path) -> str:
    ws = openpyxl.load_workbook(path)["Audit manifest"]
    return "\n".join(" | ".join(text_of(v) for v in r) for r in ws.iter_rows(values_only=True))


def test_manifest_records_file_run_lists_settings_mapping_and_coverage(exported: Path, source_xlsx: Path):
    text = manifest_text(exported)
    assert sha256(source_xlsx) in text
    assert "falcon.xlsx" in text
    assert "BOM Auditor 0.1.0" in text
    assert "2024-10-01T09:00:00Z" in text and "A. Auditor" in text
    assert "Built-in | 2024.3 | 2024-09-16 | " + "ab" * 32 + " | 812" in text
    assert "Fuzzy threshold | 91" in text
    assert "manufacturer: Maker" in text
    assert (
        "manufacturer: B (Manufacturer); part_number: C (Part number); description: D (Description)" in text
    )
    assert "detected | 0.92" in text
    # Coverage: screened and not-screened rows per sheet, the not-screened rows listed.
    assert "BOM | No | 3 |" in text and " | 5 | 1 | 8 | from column G | " in text
    assert "Totals | Yes | none (free text)" in text
    assert "Sheet 'Totals' is hidden" in text
    assert (
        "Confirmed | 1" in text and "Pending | 1" in text and "Open items (pending or escalated) | 2" in text
    )
    assert "Hits by list | BIS-EL 2024-09: 4; NDAA-889: 4" in text
    # Open items are listed: the pending Hikvision row and the escalated ZTE row.
    assert "BOM | 4 | B | Hikvision | Hikvision |" in text and "BOM | 6 | D |" in text
    assert "Rows read" in text
    assert "not a verdict" in text


def test_formula_looking_text_is_written_as_text(exported: Path):
    wb = openpyxl.load_workbook(exported)
    assert wb["BOM"]["D6"].value == HYPERLINK and wb["BOM"]["D6"].data_type == "s"
    findings = wb["Findings"]
    texts = [
        c for r in findings.iter_rows() for c in r if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert {c.value for c in texts} >= {HYPERLINK, "=ask legal"}
    assert all(c.data_type == "s" for c in texts)
    bom_ws = wb["BOM"]
    assert bom_ws["N6"].value == "=ask legal" and bom_ws["N6"].data_type == "s"
    with zipfile.ZipFile(exported) as zf:
        sheet_xml = {n: zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/sheet")}
        assert not any(n.startswith("xl/worksheets/_rels") for n in zf.namelist()), "no hyperlink relations"
    with_formula = [n for n, xml in sheet_xml.items() if "<f>" in xml or "<f " in xml]
    # Only the original formula of the hidden Totals sheet (sheet2) stays a formula.
    assert with_formula == ["xl/worksheets/sheet2.xml"]


def test_input_file_is_not_modified(source_xlsx: Path, run_info: RunInfo, tmp_path: Path):
    before = sha256(source_xlsx)
    mtime = source_xlsx.stat().st_mtime_ns
    export_annotated(make_result(source_xlsx), tmp_path / "x.audited.xlsx", run_info, DECISIONS)
    assert sha256(source_xlsx) == before
    assert source_xlsx.stat().st_mtime_ns == mtime


def test_output_to_the_input_is_refused(source_xlsx: Path, run_info: RunInfo):
    result = make_result(source_xlsx)
    before = sha256(source_xlsx)
    for target in (source_xlsx, source_xlsx.parent / ".." / "in" / source_xlsx.name):
        with pytest.raises(ExportError, match="is the input file"):
            export_annotated(result, target, run_info)
    link = source_xlsx.parent / "link.xlsx"
    link.symlink_to(source_xlsx)
    with pytest.raises(ExportError, match="is the input file"):
        export_annotated(result, link, run_info)
    assert sha256(source_xlsx) == before


def test_original_formatting_other_sheets_and_hidden_state_kept(exported: Path):
    wb = openpyxl.load_workbook(exported)
    assert wb.sheetnames == [
        "BOM",
        "Totals",
        "Empty",
        "Findings",
        "Hits by value",
        "FAR 52.204-24(e)",
        "Audit manifest",
    ]
    bom = wb["BOM"]
    assert bom["A1"].value == "Project Falcon BOM" and bom["A1"].font.b and bom["A1"].font.sz == 14
    assert fill_rgb(bom["C7"]) == "00FF00"
    assert bom.column_dimensions["B"].width == 33
    assert [c.value for c in bom[4]][:5] == ["1", "Hikvision", "DS-2CD2143", "Camera", "2"]
    assert wb["Totals"].sheet_state == "hidden"
    assert wb["Totals"]["B1"].value == "=SUM(BOM!E4:E9)"
    # Sheets that were not screened get nothing.
    assert wb["Totals"].max_column == 2
    assert wb["Empty"].max_row == 1 and wb["Empty"]["A1"].value is None


def test_new_sheet_names_do_not_clash(tmp_path: Path, run_info: RunInfo):
    wb = openpyxl.Workbook()
    wb.active.title = "findings"
    wb.active.append(["Manufacturer"])
    wb.active.append(["Hikvision"])
    wb.create_sheet("Audit manifest")
    src = tmp_path / "clash.xlsx"
    wb.save(src)
    mapping = ColumnMap(header_row=1, columns={"manufacturer": [0]}, headers={0: "Manufacturer"})
    bom = bom_from_workbook(src, {"findings": mapping})
    result = FileResult(
        path=src,
        sha256=bom.sha256,
        sheets=[SheetReport("findings", False, mapping, rows_screened=1)],
        hits=[Hit("findings", 2, "A", "manufacturer", "Hikvision", make_match("HIKVISION"))],
        bom=bom,
    )
    out = export_annotated(result, tmp_path / "clash.audited.xlsx", run_info)
    names = openpyxl.load_workbook(out).sheetnames
    assert names == ["findings", "Audit manifest", "Findings (2)", "Hits by value", "Audit manifest (2)"]


def test_csv_input_becomes_a_new_workbook_with_values_on_the_same_rows(tmp_path: Path, run_info: RunInfo):
    src = tmp_path / "parts.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(
            [["Maker", "MPN"], ["Hikvision", "DS-1"], ["", ""], ["=1+2", "@SUM(A1)"], ["Acme", "007"]]
        )
    rows = [["Maker", "MPN"], ["Hikvision", "DS-1"], ["", ""], ["=1+2", "@SUM(A1)"], ["Acme", "007"]]
    mapping = ColumnMap(
        header_row=1, columns={"manufacturer": [0], "part_number": [1]}, headers={0: "Maker", 1: "MPN"}
    )
    bom = Bom(
        path=src,
        sha256=sha256(src),
        format="csv",
        sheets=[SheetData(name="parts", rows=rows, mapping=mapping)],
        encoding="utf-8",
        delimiter=",",
    )
    result = FileResult(
        path=src,
        sha256=bom.sha256,
        sheets=[SheetReport("parts", False, mapping, rows_screened=3)],
        hits=[Hit("parts", 2, "A", "manufacturer", "Hikvision", make_match("HIKVISION"))],
        bom=bom,
    )
    out = export_annotated(result, default_output_path(src), run_info)
    assert out == tmp_path / "parts.audited.xlsx"
    wb = openpyxl.load_workbook(out)
    ws = wb["parts"]
    assert [ws.cell(row=r, column=1).value for r in range(1, 6)] == [
        "Maker",
        "Hikvision",
        None,
        "=1+2",
        "Acme",
    ]
    assert ws["A4"].data_type == "s" and ws["B4"].value == "@SUM(A1)"
    assert ws["B5"].value == "007"  # text as read, not the number 7
    assert ws["D1"].value == "Status" and ws["D2"].value == "Pending" and ws["D5"].value == "Clear"
    assert ws["D3"].value is None  # a blank line has no status
    assert fill_rgb(ws["A2"]) == FILLS["pending"]
    assert "Findings" in wb.sheetnames and "Audit manifest" in wb.sheetnames
    assert "utf-8" in manifest_text(out)
    with zipfile.ZipFile(out) as zf:
        assert not any("<f>" in zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/"))


def test_sheet_without_header_starting_on_row_one_gets_status_but_no_titles(
    tmp_path: Path, run_info: RunInfo
):
    src = tmp_path / "notes.csv"
    src.write_text("Hikvision camera\nnothing here\n", encoding="utf-8")
    bom = Bom(
        path=src,
        sha256=sha256(src),
        format="csv",
        sheets=[SheetData(name="notes", rows=[["Hikvision camera"], ["nothing here"]])],
    )
    result = FileResult(
        path=src,
        sha256=bom.sha256,
        sheets=[SheetReport("notes", False, ColumnMap(), rows_screened=2)],
        hits=[Hit("notes", 1, "A", "text", "Hikvision camera", make_match("HIKVISION"))],
        bom=bom,
    )
    ws = openpyxl.load_workbook(export_annotated(result, tmp_path / "o.xlsx", run_info))["notes"]
    assert ws["C1"].value == "Pending" and ws["C2"].value == "Clear"


def test_existing_output_is_replaced_or_refused(exported: Path, source_xlsx: Path, run_info: RunInfo):
    result = make_result(source_xlsx)
    with pytest.raises(ExportError, match="already exists"):
        export_annotated(result, exported, run_info, overwrite=False)
    export_annotated(result, exported, run_info)  # no decisions now: everything pending
    ws = openpyxl.load_workbook(exported)["BOM"]
    assert ws["G5"].value == "Pending"


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_unwritable_destination_raises_export_error(
    source_xlsx: Path, run_info: RunInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="o.xlsx"):
        export_annotated(make_result(source_xlsx), blocker / "o.xlsx", run_info)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if os.access(locked, os.W_OK):
        # Running with privileges that ignore folder permissions: refuse the temporary file the same way.
        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(atomic_output.tempfile, "mkstemp", refuse)
    try:
        with pytest.raises(ExportError, match="choose a folder you can write to"):
            export_annotated(make_result(source_xlsx), locked / "o.xlsx", run_info)
        assert leftovers(locked) == [] and not (locked / "o.xlsx").exists()
    finally:
        locked.chmod(0o700)


def test_output_locked_by_another_program(
    exported: Path, source_xlsx: Path, run_info: RunInfo, monkeypatch: pytest.MonkeyPatch
):
    before = sha256(exported)

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used")

    monkeypatch.setattr(atomic_output.os, "replace", locked)
    with pytest.raises(ExportError, match="in use by another program"):
        export_annotated(make_result(source_xlsx), exported, run_info)
    assert sha256(exported) == before
    assert leftovers(exported.parent) == []


def test_failed_export_leaves_earlier_export_intact(
    exported: Path, source_xlsx: Path, run_info: RunInfo, monkeypatch: pytest.MonkeyPatch
):
    before = sha256(exported)

    def broken_save(self, out):
        out.write(b"PK\x03\x04 half a zip")
        raise OSError(28, "No space left on device")

    def broken_patch(pkg, annotations, new_sheets, out, **kwargs):
        broken_save(None, out)

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    monkeypatch.setattr(xlsxpatch, "write_patched", broken_patch)
    for backend in ("auto", "openpyxl"):
        with pytest.raises(ExportError, match="disk is full"):
            export_annotated(make_result(source_xlsx), exported, run_info, DECISIONS, backend=backend)
        assert sha256(exported) == before
        assert leftovers(exported.parent) == []


def test_cancel_leaves_nothing_behind(source_xlsx: Path, run_info: RunInfo, tmp_path: Path):
    token = CancelToken()
    seen = []

    def progress(done, total, message):
        seen.append(message)
        token.cancel()

    out = tmp_path / "c" / "o.xlsx"
    with pytest.raises(Cancelled):
        export_annotated(make_result(source_xlsx), out, run_info, progress=progress, cancel=token)
    assert seen and not out.exists() and leftovers(out.parent) == []


def test_input_changed_since_screening_is_refused(source_xlsx: Path, run_info: RunInfo, tmp_path: Path):
    result = make_result(source_xlsx)
    wb = openpyxl.load_workbook(source_xlsx)
    wb["BOM"].insert_rows(2)
    wb.save(source_xlsx)
    with pytest.raises(ExportError, match="changed since it was screened"):
        export_annotated(result, tmp_path / "o.xlsx", run_info)
    source_xlsx.unlink()
    with pytest.raises(ExportError, match="input file is gone"):
        export_annotated(result, tmp_path / "o.xlsx", run_info)


def test_progress_reports_each_sheet(source_xlsx: Path, run_info: RunInfo, tmp_path: Path):
    calls = []
    export_annotated(
        make_result(source_xlsx), tmp_path / "o.xlsx", run_info, progress=lambda *a: calls.append(a)
    )
    assert any("BOM" in m for _, _, m in calls)
    assert calls[-1][0] == calls[-1][1]


def test_not_screened_rows_are_compressed_in_the_manifest():
    assert manifest.row_ranges([3, 4, 5, 9, 11, 12]) == "3-5, 9, 11-12"
    text = manifest.row_ranges(list(range(1, 1000, 2)), limit=3)
    assert text.startswith("1, 3, 5, ... and 497 more rows")


def make_xlsm(path: Path) -> None:
    """A macro workbook: an openpyxl-made workbook with a (dummy) VBA project and the macro content type."""
    plain = path.with_suffix(".tmp.xlsx")
    wb = openpyxl.Workbook()
    wb.active.title = "BOM"
    wb.active.append(["Manufacturer"])
    wb.active.append(["Hikvision"])
    wb.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(
                    b'<Default Extension="xml"',
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                    b'<Default Extension="xml"',
                )
            dst.writestr(item, data)
        dst.writestr("xl/vbaProject.bin", b"dummy vba project")
    plain.unlink()


@pytest.mark.parametrize("suffix, keeps_macros", [(".xlsm", True), (".xlsx", False)])
def test_macro_workbook_keeps_its_macros_only_under_an_xlsm_name(
    tmp_path: Path, run_info: RunInfo, suffix: str, keeps_macros: bool
):
    src = tmp_path / "macro.xlsm"
    make_xlsm(src)
    mapping = ColumnMap(header_row=1, columns={"manufacturer": [0]}, headers={0: "Manufacturer"})
    bom = bom_from_workbook(src, {"BOM": mapping})
    result = FileResult(
        path=src,
        sha256=bom.sha256,
        sheets=[SheetReport("BOM", False, mapping, rows_screened=1)],
        hits=[Hit("BOM", 2, "A", "manufacturer", "Hikvision", make_match("HIKVISION"))],
        bom=bom,
    )
    out = tmp_path / f"macro.audited{suffix}"
    if suffix == ".xlsm":
        assert default_output_path(src) == out
    export_annotated(result, out, run_info)
    with zipfile.ZipFile(out) as zf:
        assert ("xl/vbaProject.bin" in zf.namelist()) is keeps_macros
        assert (b"macroEnabled" in zf.read("[Content_Types].xml")) is keeps_macros
    assert ("Macros of the original were not kept" in manifest_text(out)) is not keeps_macros


def test_xlsm_name_refused_for_a_workbook_without_macros(
    source_xlsx: Path, run_info: RunInfo, tmp_path: Path
):
    with pytest.raises(ExportError, match="use .xlsx"):
        export_annotated(make_result(source_xlsx), tmp_path / "o.xlsm", run_info)


def test_control_characters_and_overlong_text_do_not_break_the_export(tmp_path: Path, run_info: RunInfo):
    src = tmp_path / "odd.csv"
    src.write_text("x\n", encoding="utf-8")
    rows = [["Maker"], ["Hik\x07vision"], ["#N/A"], ["y" * 40000]]
    mapping = ColumnMap(header_row=1, columns={"manufacturer": [0]}, headers={0: "Maker"})
    bom = Bom(
        path=src, sha256=sha256(src), format="csv", sheets=[SheetData("odd", rows=rows, mapping=mapping)]
    )
    result = FileResult(
        path=src,
        sha256=bom.sha256,
        sheets=[SheetReport("odd", False, mapping, rows_screened=3)],
        hits=[Hit("odd", 2, "A", "manufacturer", "Hik\x07vision", make_match("HIKVISION"))],
        bom=bom,
    )
    wb = openpyxl.load_workbook(export_annotated(result, tmp_path / "odd.audited.xlsx", run_info))
    ws = wb["odd"]
    assert ws["A2"].value == "Hik\ufffdvision"
    assert ws["A3"].value == "#N/A" and ws["A3"].data_type == "s"  # text, not an error value
    assert len(ws["A4"].value) == 32767
    assert wb["Findings"]["F2"].value == "Hik\ufffdvision"


@pytest.mark.parametrize("backend", ["xml-patch", "openpyxl"])
def test_far_disclosure_sheet_lists_confirmed_section_889_hits(
    source_xlsx: Path, run_info: RunInfo, tmp_path: Path, backend: str
):
    out = export_annotated(
        make_result(source_xlsx), tmp_path / "o.xlsx", run_info, DECISIONS, backend=backend
    )
    wb = openpyxl.load_workbook(out)
    ws = wb["FAR 52.204-24(e)"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0] == list(export.FAR_COLUMNS)
    # Only the confirmed Dahua row: the false positive, pending and escalated hits need no disclosure.
    assert len(rows) == 2
    far = dict(zip(export.FAR_COLUMNS, rows[1], strict=True))
    assert far["Row"] == 5 and far["Producing entity"] == "Dahua"
    assert far["Brand (as written)"] == "Dahua" and far["Model or part number"] == "IPC-HFW"
    assert far["Item description"] == "Camera" and far["Proposed use"] is None
    assert far["Decision note"] == "Dahua camera, remove"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:L2"
    assert "1 (FAR 52.204-24(e) fields on sheet 'FAR 52.204-24(e)')" in manifest_text(out)


def test_no_far_sheet_without_confirmed_section_889_hits(
    source_xlsx: Path, run_info: RunInfo, tmp_path: Path
):
    out = export_annotated(make_result(source_xlsx), tmp_path / "o.xlsx", run_info, {})
    assert "FAR 52.204-24(e)" not in openpyxl.load_workbook(out).sheetnames
    assert "Confirmed section 889 hits | 0" in manifest_text(out)
    assert export.is_section_889(["NDAA-889 2024"]) and not export.is_section_889(["BIS-EL"])
