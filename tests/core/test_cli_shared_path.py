"""The CLI runs on the application layer: the window's settings and reviewer, logging, honest exits."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from guiapp.cli import screen as cli_screen
from guiapp.cli.main import EXIT_ERROR, EXIT_INTERRUPTED, main
from guiapp.logsetup import log_path
from guiapp.settings import Settings, save_settings


def _bom(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BOM"
    ws.append(["Manufacturer", "Part Number", "Description"])
    ws.append(["Hikvision", "DS-2CD2143G2-IS", "Camera"])
    ws.append(["YAGEO", "RC0402FR-0710KL", "Resistor"])
    wb.save(path)
    return path


def _json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["screen", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_the_window_settings_apply_unless_a_flag_overrides(tmp_path, capsys):
    bom = _bom(tmp_path / "b.xlsx")
    save_settings(Settings(threshold=93.0, roles=["manufacturer", "part_number"]))
    _, doc = _json(capsys, str(bom))
    assert doc["settings"]["threshold"] == 93.0
    assert doc["settings"]["roles"] == ["manufacturer", "part_number"]
    _, doc = _json(capsys, "--threshold", "80", str(bom))
    assert doc["settings"]["threshold"] == 80.0


def test_the_built_in_list_switched_off_in_the_window_is_off_here(tmp_path, capsys):
    bom = _bom(tmp_path / "b.xlsx")
    save_settings(Settings(use_builtin_watchlist=False))
    code = main(["screen", str(bom)])
    err = capsys.readouterr().err
    assert code == EXIT_ERROR and "no watchlist to screen against" in err


def _manifest_reviewer(copy: Path) -> str:
    ws = openpyxl.load_workbook(copy)["Audit manifest"]
    return next(r[1] for r in ws.iter_rows(values_only=True) if r and r[0] == "Reviewer")


def test_reviewer_comes_from_the_settings_or_the_flag(tmp_path, capsys):
    bom = _bom(tmp_path / "b.xlsx")
    save_settings(Settings(reviewer="Ria Reviewer"))
    _, doc = _json(capsys, "--out", str(tmp_path / "o1"), str(bom))
    assert _manifest_reviewer(Path(doc["files"][0]["export"])) == "Ria Reviewer"
    _, doc = _json(capsys, "--out", str(tmp_path / "o2"), "--reviewer", "  Sam   Signer ", str(bom))
    assert _manifest_reviewer(Path(doc["files"][0]["export"])) == "Sam Signer"


def test_an_unexpected_error_is_one_line_and_the_traceback_is_in_the_log(tmp_path, capsys, monkeypatch):
    def boom(args):
        raise RuntimeError("something inside broke")

    monkeypatch.setattr(cli_screen, "cmd_screen", boom)
    code = main(["screen", str(_bom(tmp_path / "b.xlsx"))])
    err = capsys.readouterr().err
    assert code == EXIT_ERROR
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "RuntimeError: something inside broke" in err and str(log_path()) in err
    logged = log_path().read_text(encoding="utf-8")
    assert "Traceback" in logged and "something inside broke" in logged


def test_ctrl_c_exits_130(tmp_path, capsys, monkeypatch):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_screen, "cmd_screen", interrupted)
    assert main(["screen", str(_bom(tmp_path / "b.xlsx"))]) == EXIT_INTERRUPTED
    assert "interrupted" in capsys.readouterr().err


@pytest.mark.parametrize("debug", [False, True])
def test_the_run_is_logged_and_debug_echoes_it(tmp_path, capsys, debug):
    bom = _bom(tmp_path / "b.xlsx")
    code = main([*(["--debug"] if debug else []), "screen", str(bom)])
    err = capsys.readouterr().err
    assert code == 1
    logged = log_path().read_text(encoding="utf-8")
    assert f"screened {bom}" in logged and "sha256" in logged and "lists loaded" in logged
    assert ("lists loaded" in err) is debug


def test_a_remembered_decision_is_reported_as_a_suggestion_never_applied(tmp_path, capsys):
    from guiapp.app.screener import Screener
    from guiapp.model import ScreenOptions
    from guiapp.review.memory import DecisionMemory
    from guiapp.review.session import AuditSession

    first = _bom(tmp_path / "first.xlsx")
    screener = Screener.load(ScreenOptions())
    session = AuditSession(reviewer="Ana", memory=DecisionMemory.load(), fingerprints=screener.fingerprints)
    session.add_result(screener.screen(first))
    hik = [r for r in session.refs() if r.hit.value == "Hikvision"]
    session.decide(hik, "false_positive", "a local brand")
    session.memory.save()

    second = _bom(tmp_path / "second.xlsx")
    wb = openpyxl.load_workbook(second)
    wb.active.append(["Murata", "GRM155R71H104KE14D", "MLCC"])  # another BOM, not the same bytes
    wb.save(second)
    code, doc = _json(capsys, "--out", str(tmp_path / "out"), str(second))
    assert code == 1  # still hits to review: a suggestion clears nothing
    hits = [h for h in doc["files"][0]["hits"] if h["value"] == "Hikvision"]
    assert hits and hits[0]["suggestion"]["decision"] == "false_positive"
    assert hits[0]["suggestion"]["from"] == "first.xlsx" and hits[0]["suggestion"]["reviewer"] == "Ana"
    ws = openpyxl.load_workbook(doc["files"][0]["export"])["Findings"]
    rows = list(ws.iter_rows(values_only=True))
    decision = rows[0].index("Decision")
    assert {r[decision] for r in rows[1:]} == {"Pending"}

    save_settings(Settings(decision_memory=False))
    _, doc = _json(capsys, str(second))
    assert not any("suggestion" in h for h in doc["files"][0]["hits"])


def test_existing_evidence_is_never_replaced_without_force(tmp_path, capsys):
    bom = _bom(tmp_path / "b.xlsx")
    out = tmp_path / "out"
    assert main(["screen", "--out", str(out), "--report", "--no-pdf", str(bom)]) == 1
    copy = out / "b.audited.xlsx"
    first = copy.read_bytes()
    capsys.readouterr()
    assert main(["screen", "--out", str(out), "--report", "--no-pdf", str(bom)]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "b.audited.xlsx" in err and "and 1 more" in err and "--force" in err
    assert copy.read_bytes() == first
    assert main(["screen", "--out", str(out), "--report", "--no-pdf", "--force", str(bom)]) == 1


def test_pending_hits_make_the_copy_and_report_a_draft_and_the_cli_says_so(tmp_path, capsys):
    bom = _bom(tmp_path / "b.xlsx")
    out = tmp_path / "out"
    code = main(["screen", "--out", str(out), "--report", "--no-pdf", str(bom)])
    err = capsys.readouterr().err
    assert code == 1
    assert "pending review: the annotated copies and the report are marked DRAFT" in err
    ws = openpyxl.load_workbook(out / "b.audited.xlsx")["Audit manifest"]
    status = next(r[1] for r in ws.iter_rows(values_only=True) if r and r[0] == "Status")
    assert status.startswith("DRAFT: ") and "pending review" in status
    html = (out / "audit-report.html").read_text(encoding="utf-8")
    assert "<title>DRAFT: BOM screening audit report" in html and "not final evidence" in html


def test_a_clear_file_is_final_not_draft(tmp_path, capsys):
    wb = openpyxl.Workbook()
    wb.active.append(["Manufacturer", "Part Number"])
    wb.active.append(["YAGEO", "RC0402FR-0710KL"])
    clear = tmp_path / "clear.xlsx"
    wb.save(clear)
    out = tmp_path / "out"
    assert main(["screen", "--out", str(out), "--report", "--no-pdf", str(clear)]) == 0
    assert "DRAFT" not in capsys.readouterr().err
    ws = openpyxl.load_workbook(out / "clear.audited.xlsx")["Audit manifest"]
    assert next(r[1] for r in ws.iter_rows(values_only=True) if r and r[0] == "Status") == "Final: no hits"
    assert "DRAFT" not in (out / "audit-report.html").read_text(encoding="utf-8")


def test_json_has_a_schema_version_and_times_and_screen_without_out_loads_no_writer(tmp_path, capsys):
    import subprocess
    import sys

    bom = _bom(tmp_path / "b.xlsx")
    _, doc = _json(capsys, str(bom))  # validated against the published schema by the conftest fixture
    assert doc["schema_version"] == 2 and doc["tool"]["version"]
    assert doc["started_at"] and doc["generated_at"] >= doc["started_at"][:19]
    code = (
        "import sys\n"
        "from guiapp.cli.main import main\n"
        f"main(['screen', {str(bom)!r}])\n"
        "assert 'openpyxl' not in sys.modules, 'screen without --out loaded a spreadsheet writer'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
