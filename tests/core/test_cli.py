"""The `bom-auditor-cli screen` contract: arguments, JSON shape, exit codes, exports."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from guiapp.cli.main import main

HIT_KEYS = {
    "sheet",
    "row",
    "column",
    "field",
    "value",
    "entity_id",
    "entity",
    "parent",
    "matched_name",
    "lists",
    "method",
    "score",
    "reason",
}


def _xlsx(path: Path, rows: list[list], title_rows: int = 0, sheet: str = "BOM") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for i in range(title_rows):
        ws.append([f"Title line {i + 1}"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


HEADER = ["Designator", "Qty", "Description", "Manufacturer", "Mfr Part Number", "Supplier"]
CLEAN_ROWS = [
    ["R1", 4, "Resistor 10k 0402", "YAGEO", "RC0402FR-0710KL", "Digi-Key"],
    ["U1", 1, "MCU", "STMicroelectronics", "STM32F103C8T6", "Mouser"],
    ["U2", 1, "Current sense amp", "Diodes Zetex", "ZXCT1009FTA", "Digi-Key"],
]
LISTED_ROWS = [
    ["U3", 1, "Camera module", "Hik Vision", "DS-2CD2143G2-IS", "Broker"],
    ["U4", 1, "NVR", "Zhejiang Dahua Technology Co., Ltd.", "DHI-NVR1108HS-S3/H", "Distributor"],
]


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["screen", "--json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_clean_file_exits_0(tmp_path, capsys):
    f = _xlsx(tmp_path / "clean.xlsx", [HEADER, *CLEAN_ROWS], title_rows=3)
    code, doc = run_json(capsys, str(f))
    assert code == 0
    assert doc["tool"]["name"] == "bom-auditor"
    assert set(doc["watchlist"]) >= {"name", "version", "sha256", "entities"}
    assert doc["watchlist"]["entities"] > 20
    (entry,) = doc["files"]
    assert entry["status"] == "ok" and entry["hits"] == []
    (sheet,) = entry["sheets"]
    # Three title lines and a blank-free header: the header sits on row 4.
    assert sheet["header_row"] == 4
    assert sheet["columns"]["manufacturer"] == ["D"]
    assert sheet["columns"]["part_number"] == ["E"]
    assert sheet["rows_screened"] == 3


def test_hits_exit_1_with_explained_hits(tmp_path, capsys):
    f = _xlsx(tmp_path / "listed.xlsx", [HEADER, *CLEAN_ROWS, *LISTED_ROWS])
    code, doc = run_json(capsys, str(f))
    assert code == 1
    hits = doc["files"][0]["hits"]
    assert all(set(h) >= HIT_KEYS for h in hits)
    by_row = {}
    for h in hits:
        by_row.setdefault(h["row"], []).append(h)
    # Row numbers are spreadsheet rows (header = 1): Hik Vision on row 5, Dahua on row 6.
    assert {h["parent_id"] for h in by_row[5]} == {"HIKVISION"}
    assert {h["field"] for h in by_row[5]} >= {"manufacturer", "part_number"}
    man = next(h for h in by_row[5] if h["field"] == "manufacturer")
    assert man["column"] == "D" and man["value"] == "Hik Vision"
    assert man["method"] in ("alias", "exact", "fuzzy")
    assert "Hikvision" in man["reason"] or "hikvision" in man["reason"].lower()
    assert 0 <= man["score"] <= 100
    assert "BIS-EL" in " ".join(man["lists"])
    assert any(h["parent_id"] == "DAHUA" for h in by_row[6])
    # The near miss on row 4 (Diodes Zetex, ZXCT1009) stays clear.
    assert 4 not in by_row


def test_unreadable_file_exits_2_and_others_still_screened(tmp_path, capsys):
    good = _xlsx(tmp_path / "good.xlsx", [HEADER, *LISTED_ROWS])
    bad = tmp_path / "broken.xlsx"
    bad.write_text("this is not a spreadsheet", encoding="utf-8")
    code, doc = run_json(capsys, str(good), str(bad))
    assert code == 2
    status = {Path(f["path"]).name: f for f in doc["files"]}
    assert status["good.xlsx"]["status"] == "ok" and status["good.xlsx"]["hits"]
    assert status["broken.xlsx"]["status"] == "error"
    assert "broken.xlsx" in status["broken.xlsx"]["error"]
    assert "\n" not in status["broken.xlsx"]["error"]


def test_missing_path_and_usage_errors_exit_2(tmp_path, capsys):
    assert main(["screen", str(tmp_path / "nope.xlsx")]) == 2
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        main(["screen", "--threshold", "abc", str(tmp_path)])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["screen", "--column", "colour=Red", str(tmp_path)])
    assert exc.value.code == 2
    assert "unknown role" in capsys.readouterr().err


def test_folder_is_searched_recursively(tmp_path, capsys):
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    _xlsx(sub / "deep.xlsx", [HEADER, *LISTED_ROWS])
    with (tmp_path / "top.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Ref", "Manufacturer", "MPN"])
        w.writerow(["U1", "Texas Instruments", "TPS62133RGTR"])
    code, doc = run_json(capsys, str(tmp_path))
    assert code == 1
    assert sorted(Path(f["path"]).name for f in doc["files"]) == ["deep.xlsx", "top.csv"]
    csv_entry = next(f for f in doc["files"] if f["path"].endswith("top.csv"))
    assert csv_entry["sheets"][0]["name"] == "top"


def test_csv_rows_are_line_numbers(tmp_path, capsys):
    f = tmp_path / "bom.csv"
    f.write_text(
        "Ref;Manufacturer;MPN\nR1;YAGEO;RC0402\nU9;Huawei Technologies Co Ltd;ME909s-120\n", encoding="utf-8"
    )
    code, doc = run_json(capsys, str(f))
    assert code == 1
    hit = next(h for h in doc["files"][0]["hits"] if h["field"] == "manufacturer")
    assert (hit["sheet"], hit["row"], hit["column"]) == ("bom", 3, "B")


def test_header_row_and_column_overrides(tmp_path, capsys):
    # The maker sits under an unusual header; a person points the tool at it.
    rows = [["Ref", "Who makes it", "Code"], ["U1", "Hikvision", "X1"], ["U2", "Murata", "X2"]]
    f = _xlsx(tmp_path / "odd.xlsx", rows, title_rows=1)
    code, doc = run_json(capsys, "--header-row", "2", "--column", "manufacturer=Who makes it", str(f))
    sheet = doc["files"][0]["sheets"][0]
    assert sheet["header_row"] == 2
    assert sheet["columns"]["manufacturer"] == ["B"]
    assert code == 1
    hit = doc["files"][0]["hits"][0]
    assert (hit["row"], hit["column"], hit["field"]) == (3, "B", "manufacturer")
    # A column letter works too.
    code, doc = run_json(capsys, "--header-row", "2", "--column", "manufacturer=B", str(f))
    assert doc["files"][0]["sheets"][0]["columns"]["manufacturer"] == ["B"]


def test_user_watchlist_and_no_builtin(tmp_path, capsys):
    lst = tmp_path / "mine.csv"
    lst.write_text("name,aliases,list\nAcme Widgets Ltd,Acme;ACMW,Internal\n", encoding="utf-8")
    f = _xlsx(tmp_path / "b.xlsx", [HEADER, ["U1", 1, "x", "Acme Widgets", "A1", ""], *LISTED_ROWS])
    code, doc = run_json(capsys, "--no-builtin", "--watchlist", str(lst), str(f))
    assert code == 1
    parents = {h["parent"] for h in doc["files"][0]["hits"]}
    assert parents == {"Acme Widgets Ltd"}
    code, doc = run_json(capsys, "--watchlist", str(lst), str(f))
    parents = {h["parent_id"] for h in doc["files"][0]["hits"]}
    assert {"HIKVISION", "DAHUA"} <= parents
    assert len(doc["watchlists"]) == 2


def test_bad_watchlist_is_a_clear_error(tmp_path, capsys):
    lst = tmp_path / "nolist.csv"
    lst.write_text("colour,size\nred,big\n", encoding="utf-8")
    f = _xlsx(tmp_path / "b.xlsx", [HEADER, *CLEAN_ROWS])
    assert main(["screen", "--watchlist", str(lst), str(f)]) == 2
    err = capsys.readouterr().err
    assert "nolist.csv" in err and "Traceback" not in err


def test_out_writes_annotated_copy_and_leaves_input_unchanged(tmp_path, capsys):
    f = _xlsx(tmp_path / "in.xlsx", [HEADER, *CLEAN_ROWS, *LISTED_ROWS])
    before = sha(f)
    out = tmp_path / "out"
    code, doc = run_json(capsys, "--out", str(out), str(f))
    assert code == 1
    assert sha(f) == before
    exported = out / "in.audited.xlsx"
    assert exported.exists()
    assert doc["files"][0]["export"] == str(exported)
    wb = openpyxl.load_workbook(exported)
    assert "Findings" in wb.sheetnames and "Audit manifest" in wb.sheetnames
    manifest_text = " ".join(
        str(c.value) for row in wb["Audit manifest"].iter_rows() for c in row if c.value is not None
    )
    assert before in manifest_text
    assert doc["watchlist"]["sha256"] in manifest_text or doc["watchlists"][0]["sha256"] in manifest_text


def test_readable_summary_without_json(tmp_path, capsys):
    f = _xlsx(tmp_path / "in.xlsx", [HEADER, *LISTED_ROWS], title_rows=2)
    code = main(["screen", str(f)])
    out = capsys.readouterr().out
    assert code == 1
    assert "header row 3" in out
    assert "Hik Vision" in out
    assert "not a verdict" in out


def test_console_script_and_module_entry(tmp_path):
    f = _xlsx(tmp_path / "in.xlsx", [HEADER, *CLEAN_ROWS])
    exe = shutil.which("bom-auditor-cli", path=str(Path(sys.executable).parent))
    assert exe, "the bom-auditor-cli console script is installed with the package"
    proc = subprocess.run([exe, "screen", "--json", str(f)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["files"][0]["status"] == "ok"
    proc = subprocess.run(
        [sys.executable, "-m", "guiapp.cli.main", "screen", str(f)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def test_install_desktop_round_trip(tmp_path, capsys, monkeypatch):
    # The associations go to $XDG_CONFIG_HOME/mimeapps.list: never the real user's.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_DIRS", str(tmp_path / "system"))
    prefix = tmp_path / "share"
    assert main(["install-desktop", "--prefix", str(prefix)]) == 0
    entry = prefix / "applications" / "bom-auditor.desktop"
    text = entry.read_text(encoding="utf-8")
    assert "MimeType=" in text and "%F" in text
    assert main(["install-desktop", "--uninstall", "--prefix", str(prefix)]) == 0
    assert not entry.exists()
    assert not any(p.is_file() for p in prefix.rglob("*bom-auditor*"))


def test_folder_with_report_writes_summary_and_report(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    _xlsx(src / "a.xlsx", [HEADER, *LISTED_ROWS])
    _xlsx(src / "b.xlsx", [HEADER, *CLEAN_ROWS])
    (src / "broken.xlsx").write_bytes(b"PK\x03\x04 truncated")
    out = tmp_path / "out"
    code, doc = run_json(capsys, "--out", str(out), "--report", "--no-pdf", str(src))
    assert code == 2  # one file could not be read; the others are still exported and reported
    names = sorted(p.name for p in out.iterdir())
    assert names == ["a.audited.xlsx", "audit-report.html", "b.audited.xlsx", "batch-summary.xlsx"]
    html = (out / "audit-report.html").read_text(encoding="utf-8")
    assert "Hik Vision" in html and "broken.xlsx" in html
    summary = openpyxl.load_workbook(out / "batch-summary.xlsx")
    text = " ".join(str(c.value) for ws in summary for row in ws.iter_rows() for c in row if c.value)
    assert "a.xlsx" in text and "broken.xlsx" in text and "error" in text.lower()


def test_report_needs_out(tmp_path, capsys):
    f = _xlsx(tmp_path / "in.xlsx", [HEADER, *CLEAN_ROWS])
    assert main(["screen", "--report", str(f)]) == 2
    assert "--out" in capsys.readouterr().err


def test_previous_export_carries_decisions_and_reports_changes(tmp_path, capsys):
    first = _xlsx(tmp_path / "bom.xlsx", [HEADER, *LISTED_ROWS])
    out1 = tmp_path / "out1"
    run_json(capsys, "--out", str(out1), str(first))
    # A new revision: the Dahua row is gone, a ZTE row is new, the Hikvision row moved down.
    (tmp_path / "rev2").mkdir()
    second = _xlsx(
        tmp_path / "rev2" / "bom.xlsx",
        [HEADER, ["U9", 1, "Modem", "ZTE Corporation", "MF833V", "X"], LISTED_ROWS[0]],
    )
    out2 = tmp_path / "out2"
    code, doc = run_json(
        capsys,
        "--out",
        str(out2),
        "--previous",
        str(out1 / "bom.audited.xlsx"),
        "--no-pdf",
        "--report",
        str(second),
    )
    assert code == 1
    changes = doc["files"][0]["changes"]
    assert changes["new"] >= 1 and changes["resolved"] >= 1
    assert (out2 / "audit-report.html").exists()


def test_same_file_names_in_subfolders_get_their_own_copies(tmp_path, capsys):
    for sub in ("x", "y"):
        (tmp_path / "in" / sub).mkdir(parents=True)
        _xlsx(tmp_path / "in" / sub / "bom.xlsx", [HEADER, *LISTED_ROWS])
    out = tmp_path / "out"
    code, doc = run_json(capsys, "--out", str(out), str(tmp_path / "in"))
    assert code == 1
    assert sorted(p.name for p in out.iterdir()) == ["bom-2.audited.xlsx", "bom.audited.xlsx"]
    assert len({f["export"] for f in doc["files"]}) == 2


def test_licenses_prints_the_licence_and_the_third_party_notices(capsys):
    assert main(["licenses"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("MIT License")
    assert "Third-party software in BOM Auditor" in out and "PySide6" in out and "LGPL" in out


def test_version_names_the_licence(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("bom-auditor ") and "MIT licence" in out
