"""Tests for guiapp.app.batch: the summary workbook of a batch run."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from guiapp.evidence.summary import RUN_SHEET, SUMMARY_SHEET, write_batch_summary
from guiapp.model import FileResult, Hit, Match, SheetReport
from tests.core.test_export import DECISIONS, make_result, run_info, source_xlsx  # noqa: F401  (fixtures)


def test_one_row_per_file_with_status_rows_hits_by_list_errors_and_exports(
    source_xlsx: Path,  # noqa: F811
    run_info,  # noqa: F811
    tmp_path: Path,
):
    good = make_result(source_xlsx)
    weak = Match(
        "HYTERA", "Hytera", "HYTERA", "Hytera", "pd", ("NDAA-889",), "part_number", 70, "x", review=True
    )
    other = FileResult(
        path=Path("/boms/=cmd|'calc'!A0.csv"),
        sha256="ef" * 32,
        sheets=[SheetReport("s", False, good.sheets[0].mapping, rows_screened=10)],
        hits=[Hit("s", 2, "A", "part_number", "PD785", weak)],
    )
    broken = FileResult(
        path=Path("/boms/broken.xlsx"), sha256="00" * 32, status="error", error="broken.xlsx: not a zip"
    )
    out = write_batch_summary(
        [good, other, broken],
        run_info,
        tmp_path / "out" / "batch-summary.xlsx",
        exports={str(good.path): "/out/falcon.audited.xlsx", str(other.path): ""},
        decisions={good.sha256: DECISIONS},
    )
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [SUMMARY_SHEET, RUN_SHEET]
    rows = [list(r) for r in wb[SUMMARY_SHEET].iter_rows(values_only=True)]
    head = rows[0]
    assert head[-5:] == ["Hits: BIS-EL", "Hits: NDAA-889", "Errors and warnings", "Annotated copy", "Report"]
    by_name = {r[0]: dict(zip(head, r, strict=True)) for r in rows[1:]}
    falcon = by_name["falcon.xlsx"]
    assert falcon["SHA-256"] == good.sha256 and falcon["Status"] == "screened"
    assert falcon["Rows screened"] == 5 and falcon["Rows not screened"] == 1
    assert falcon["Hits"] == 4 and falcon["Open items"] == 2 and falcon["Confirmed"] == 1
    assert falcon["Hits: BIS-EL"] == 4 and falcon["Hits: NDAA-889"] == 4
    assert falcon["Annotated copy"] == "/out/falcon.audited.xlsx"
    csv = by_name["=cmd|'calc'!A0.csv"]  # a file name that looks like a formula stays text
    assert csv["Review-level hits"] == 1 and "could not be written" in csv["Errors and warnings"]
    assert wb[SUMMARY_SHEET]["A3"].data_type == "s"
    err = by_name["broken.xlsx"]
    assert err["Status"] == "error" and err["Errors and warnings"] == "broken.xlsx: not a zip"
    run_rows = {r[0]: r[1] for r in wb[RUN_SHEET].iter_rows(values_only=True) if r and r[0]}
    assert run_rows["Files that could not be screened"] == 1 and run_rows["Hits"] == 5
    assert "Built-in" in run_rows
    assert wb[SUMMARY_SHEET].freeze_panes == "A2"
    CalamineWorkbook.from_path(str(out)).get_sheet_by_name(SUMMARY_SHEET).to_python()
