"""One screening path: the CLI entry point and the window's controllers give the same answers.

Each case goes through the real `bom-auditor-cli` main() and through the real window (its actions and
controllers), on the same files and the same app folder, and compares what an auditor would see: the
findings, each file's status, and every cell of the exported copies (timestamps aside).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from guihelpers import BOM_ROWS, make_bom, open_and_wait
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from guiapp.cli.main import main as cli_main

# Manifest lines that say when something happened: the only cells allowed to differ between two runs.
# The seal signs the timestamps too, so it differs whenever the two exports fall in different seconds (each
# copy's seal is checked by the seal tests).
_TIMESTAMP_KEYS = ("Exported at (UTC)", "Screening started at (UTC)", "Written at (UTC)", "Seal")


def _cli(capsys, *args: str) -> tuple[int, dict]:
    code = cli_main(["screen", "--json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)


def _finding(h: dict) -> tuple:
    keys = ("sheet", "row", "column", "field", "value", "entity_id", "method", "score", "reason", "review")
    return tuple(h[k] for k in keys)


def _window_findings(window, path: Path) -> list[tuple]:
    result = next(r for r in window.session.results if Path(r.path).resolve() == path.resolve())
    return sorted(_finding(h.to_json()) for h in result.hits)


def _cli_findings(doc: dict, path: Path) -> list[tuple]:
    entry = next(f for f in doc["files"] if Path(f["path"]).resolve() == path.resolve())
    return sorted(_finding(h) for h in entry["hits"])


_HISTORY_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")


def _cells(path: Path) -> dict:
    """Every cell of every sheet, manifest timestamps and the times in decision histories blanked."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows(values_only=True):
            if row and row[0] in _TIMESTAMP_KEYS:
                row = (row[0],)
            rows.append(tuple(_HISTORY_TIME.sub("<time>", v) if isinstance(v, str) else v for v in row))
        out[ws.title] = rows
    return out


@pytest.fixture
def window_export(monkeypatch, qtbot):
    """Export the current file of a window through Ctrl+E's action, to the path a person types."""

    def export(window, typed: Path) -> Path:
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(typed), "")))
        with qtbot.waitSignal(window.exported, timeout=30_000) as sig:
            window.export_action.trigger()
        return Path(sig.args[0])

    return export


def test_a_mapping_corrected_in_the_window_is_used_by_the_cli(make_window, qtbot, tmp_path, capsys):
    rows = [
        ["Ref", "Qty", "Fab", "Part Number", "Description"],
        ["U1", 1, "Texas Instruments", "TPS62133RGTR", "DC/DC buck"],
        ["U2", 1, "Hikvision", "X-100", "Camera module"],
        ["U3", 1, "Murata Electronics", "GRM155R71H104KE14D", "MLCC 100nF"],
    ]
    bom = make_bom(tmp_path / "odd-header.xlsx", rows=rows)
    code, before = _cli(capsys, str(bom))
    # "Fab" names no role: a listed maker there is only worth a look (review level, field "text").
    fab_before = [f for f in _cli_findings(before, bom) if f[4] == "Hikvision"]
    assert fab_before and all(f[3] == "text" and f[9] for f in fab_before), "the 'Fab' column is not a role"

    window = make_window()
    open_and_wait(qtbot, window, [bom])
    window.tabs.setCurrentIndex(2)
    combo = window.role_combos["manufacturer"]
    fab = next(i for i in range(combo.count()) if combo.itemText(i).startswith("C"))  # column C, "Fab"
    with qtbot.waitSignal(window.rescreened, timeout=30_000):
        combo.setCurrentIndex(fab)
    in_window = _window_findings(window, bom)
    assert any(f[4] == "Hikvision" and f[3] == "manufacturer" and not f[9] for f in in_window)

    code, after = _cli(capsys, str(bom))
    assert _cli_findings(after, bom) == in_window
    assert code == 1
    sheet = after["files"][0]["sheets"][0]
    assert sheet["mapping_source"] == "remembered"


def test_a_macro_workbook_exports_the_same_xlsm_from_both(
    make_window, qtbot, tmp_path, capsys, window_export
):
    from tests.core.test_export import make_xlsm

    src = tmp_path / "macro.xlsm"
    make_xlsm(src)
    code, doc = _cli(capsys, str(src), "--out", str(tmp_path / "cli"), "--reviewer", "Tess Tester")
    assert code == 1
    cli_copy = Path(doc["files"][0]["export"])
    assert cli_copy.suffix == ".xlsm"

    window = make_window()
    open_and_wait(qtbot, window, [src])
    assert _window_findings(window, src) == _cli_findings(doc, src)
    # A person types an .xlsx name: the copy still keeps the macros, under .xlsm.
    gui_copy = window_export(window, tmp_path / "gui" / "macro-copy.xlsx")
    assert gui_copy.suffix == ".xlsm"
    # The hit is still pending: the window says the copy is a draft, as the CLI does.
    assert "marked DRAFT: 1 hit still pending review" in window.banner.text()
    for copy in (cli_copy, gui_copy):
        with zipfile.ZipFile(copy) as zf:
            assert "xl/vbaProject.bin" in zf.namelist()
    # Typed as .xlsx again, the .xlsm it becomes already exists: the save dialog asked about the .xlsx name
    # only, so the window asks before replacing the evidence; Cancel writes nothing.
    asked = []
    before = gui_copy.read_bytes()
    window.exports.confirm_replace = lambda paths: asked.append(paths) or False
    from PySide6.QtWidgets import QFileDialog

    with pytest.MonkeyPatch.context() as m:
        m.setattr(
            QFileDialog,
            "getSaveFileName",
            staticmethod(lambda *a: (str(tmp_path / "gui" / "macro-copy.xlsx"), "")),
        )
        window.export_action.trigger()
    assert asked == [[gui_copy]] and gui_copy.read_bytes() == before
    a, b = _cells(cli_copy), _cells(gui_copy)
    assert a.keys() == b.keys()
    for name in a:
        if name.startswith("Audit manifest"):
            # The copy's own file name and folder differ by design; every other line is the same.
            a[name] = [r for r in a[name] if r[0] not in ("Annotated copy", "Output")]
            b[name] = [r for r in b[name] if r[0] not in ("Annotated copy", "Output")]
        assert a[name] == b[name], name


def test_a_folder_of_three_files_gives_the_same_statuses_and_findings(make_window, qtbot, tmp_path, capsys):
    folder = tmp_path / "boms"
    folder.mkdir()
    good = make_bom(folder / "a.xlsx")
    other = make_bom(
        folder / "b.xlsx", rows=[["Manufacturer", "MPN"], ["Dahua", "DH-IPC-HFW"], ["YAGEO", "RC0402"]]
    )
    broken = folder / "c.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    code, doc = _cli(capsys, str(folder))
    assert code == 2  # one file could not be read
    window = make_window()
    open_and_wait(qtbot, window, [folder])
    statuses = {e.path.name: e.status for e in window.files_model.entries()}
    assert statuses == {Path(f["path"]).name: f["status"] for f in doc["files"]}
    assert statuses["c.xlsx"] == "error"
    for f in (good, other):
        assert _window_findings(window, f) == _cli_findings(doc, f)


def test_previous_audit_carries_the_same_decisions_in_both(
    make_window, qtbot, tmp_path, capsys, window_export
):
    (tmp_path / "rev1").mkdir()
    rev1 = make_bom(tmp_path / "rev1" / "board.xlsx")
    w1 = make_window()
    open_and_wait(qtbot, w1, [rev1])
    # Decided without decision memory, which the CLI does not read (a remembered decision is another path).
    w1.session.decide(w1.session.refs(), "confirmed", "replace with Axis", remember=False)
    kept = window_export(w1, tmp_path / "rev1" / "board.audited.xlsx")

    (tmp_path / "rev2").mkdir()
    rows = [*BOM_ROWS[:5], ["U6", 1, "Huawei", "HI3516", "SoC", "Shenzhen"], *BOM_ROWS[5:]]
    rev2 = make_bom(tmp_path / "rev2" / "board.xlsx", rows=rows)
    code, doc = _cli(
        capsys,
        str(rev2),
        "--out",
        str(tmp_path / "cli"),
        "--previous",
        str(kept),
        "--reviewer",
        "Tess Tester",
    )
    cli_copy = Path(doc["files"][0]["export"])

    w2 = make_window()
    open_and_wait(qtbot, w2, [rev2])
    with qtbot.waitSignal(w2.previousAuditApplied, timeout=30_000) as sig:
        w2.apply_previous_audit(kept)
    diff = sig.args[0]
    assert doc["files"][0]["changes"] == {
        k: diff.count(k) for k in ("new", "resolved", "changed", "carried", "unchanged")
    }
    assert diff.count("carried") >= 2 and diff.count("new") >= 1
    gui_copy = window_export(w2, tmp_path / "gui" / "board.audited.xlsx")
    a, b = _cells(cli_copy), _cells(gui_copy)
    findings = next(n for n in a if n.startswith("Findings"))
    assert a[findings] == b[findings]
    assert a["BOM"] == b["BOM"]


def test_both_front_ends_log_the_run_to_the_same_log_folder(
    make_window, qtbot, tmp_path, capsys, monkeypatch
):
    from guiapp.gui import desktop
    from guiapp.logsetup import log_path

    bom = make_bom(tmp_path / "logged.xlsx")
    _cli(capsys, str(bom))
    text = log_path().read_text(encoding="utf-8")
    assert "bom-auditor-cli" in text and f"screened {bom}" in text and "lists loaded" in text
    opened = []
    monkeypatch.setattr(desktop.QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url)))
    window = make_window()
    window.open_log_action.trigger()
    assert Path(opened[0].toLocalFile()) == log_path().parent


def test_a_file_with_no_screened_row_is_not_screened_everywhere(make_window, qtbot, tmp_path, capsys):
    # A header the detector takes, over rows that hold nothing to screen: zero hits is not "clear".
    bom = make_bom(
        tmp_path / "empty-rows.xlsx", rows=[["Manufacturer", "Part Number", "Qty"], [None, None, 1]]
    )
    code, doc = _cli(capsys, str(bom))
    assert code == 2 and doc["files"][0]["coverage"] == "not screened"
    assert any("does not mean clear" in w for w in doc["files"][0]["warnings"])
    window = make_window()
    open_and_wait(qtbot, window, [bom])
    assert window.files_model.index(0).data().endswith("NOT SCREENED")
    tip = window.files_model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "does not mean clear" in tip
    assert "NOT SCREENED" in window.banner.text() and "does not mean clear" in window.banner.text()


def test_the_copy_records_when_the_file_was_screened_not_when_it_was_exported(
    make_window, qtbot, tmp_path, window_export
):
    bom = make_bom(tmp_path / "timed.xlsx")
    window = make_window()
    open_and_wait(qtbot, window, [bom])
    result = window.session.results[0]
    assert result.screened_at  # stamped by the application layer when screening started
    result.screened_at = "2020-01-02T03:04:05+00:00"  # as if screened long before this export
    copy = window_export(window, tmp_path / "out" / "timed.audited.xlsx")
    ws = openpyxl.load_workbook(copy)["Audit manifest"]
    when = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert when["Screening started at (UTC)"] == "2020-01-02T03:04:05+00:00"
    assert when["Exported at (UTC)"] != when["Screening started at (UTC)"]
    assert window.screening.run_info().started_at == "2020-01-02T03:04:05+00:00"


def test_the_findings_sheet_and_report_carry_each_findings_history(
    make_window, qtbot, tmp_path, window_export
):
    bom = make_bom(tmp_path / "hist.xlsx")
    window = make_window()
    open_and_wait(qtbot, window, [bom])
    ref = next(r for r in window.session.refs() if r.hit.value == "Hikvision")
    window.session.decide([ref], "escalated", "ask the supplier")
    window.session.undo()
    window.session.decide([ref], "confirmed", "camera module from the listed maker")
    copy = window_export(window, tmp_path / "out" / "hist.audited.xlsx")
    rows = list(openpyxl.load_workbook(copy)["Findings"].iter_rows(values_only=True))
    head = rows[0]
    line = next(
        r
        for r in rows[1:]
        if r[head.index("Row")] == ref.hit.row and r[head.index("Field")] == "manufacturer"
    )
    history = line[head.index("History")].splitlines()
    assert len(history) == 3
    assert "decided Escalated (was Pending): ask the supplier" in history[0]
    assert "undone Pending (was Escalated)" in history[1]
    assert "decided Confirmed (was Pending): camera module" in history[2]
    out = tmp_path / "out" / "hist.report.html"
    with qtbot.waitSignal(window.reportWritten, timeout=30_000):
        window.export_report(out, pdf=False)
    assert "undone Pending (was Escalated)" in out.read_text(encoding="utf-8")
