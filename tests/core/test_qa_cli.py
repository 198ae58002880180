"""Found in QA from the command line: an auditor's flow from a first export to a report on the next revision."""

from __future__ import annotations

import html
import re
from pathlib import Path

import openpyxl

from guiapp.cli.main import main

HEADER = ["Designator", "Qty", "Description", "Manufacturer", "Mfr Part Number", "Supplier"]
ROWS = [
    ["U1", 1, "LTE modem", "ZTE Corp.", "MF286", "Avnet"],
    ["R1", 4, "Resistor 10k 0402", "YAGEO", "RC0402FR-0710KL", "Digi-Key"],
]


def _xlsx(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BOM"
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _decide_in_findings(path: Path, cell_text: str, decision: str, note: str) -> None:
    """What an auditor does in Excel: type a decision and a note on the Findings sheet of the copy."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Findings"]
    col = {c.value: c.column for c in ws[1]}
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, col["Cell text"]).value == cell_text:
            ws.cell(r, col["Decision"]).value = decision
            ws.cell(r, col["Note"]).value = note
            ws.cell(r, col["Reviewer"]).value = "QA"
    wb.save(path)


def _text(path: Path) -> str:
    t = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", html.unescape(t))


def _sealed_copy_with_decision(tmp_path: Path, bom: Path, cell_text: str, status: str, note: str) -> Path:
    """A copy as the tool writes it after a reviewer decided (sealed), through the application layer."""
    from guiapp.app.batch import screen_files
    from guiapp.app.screener import Screener
    from guiapp.model import Decision, ScreenOptions

    def decided(result, _fingerprints):
        return {
            h.key: Decision(status, note, "QA", "2026-01-01T00:00:00+00:00")
            for h in result.hits
            if h.value == cell_text
        }

    outcome = screen_files([bom], Screener.load(ScreenOptions()), tmp_path / "out1", decisions_for=decided)
    return Path(outcome.exports[str(bom)])


def test_report_far_table_quotes_part_number_and_description(tmp_path, capsys):
    # The CLI's run frees each file's cells after its export; the report's FAR 52.204-24(e) table was then
    # built without them and left "Model or part number" and "Item description" empty.
    from guiapp.app.batch import screen_files
    from guiapp.app.screener import Screener
    from guiapp.model import Decision, ScreenOptions

    bom = _xlsx(tmp_path / "bom.xlsx", [HEADER, *ROWS])

    def decided(result, _fingerprints):
        return {
            h.key: Decision("confirmed", "covered modem", "QA", "t")
            for h in result.hits
            if h.value == "ZTE Corp."
        }

    out = tmp_path / "out2"
    outcome = screen_files(
        [bom], Screener.load(ScreenOptions()), out, decisions_for=decided, report_stem="audit-report"
    )
    assert outcome.results[0].bom is None  # the cells were freed after the export
    text = _text(out / "audit-report.html")
    far = text[text.index("FAR 52.204-24(e) disclosure") :]
    assert "ZTE Corp. MF286 LTE modem covered modem" in far


def test_the_far_table_leaves_out_decisions_carried_from_a_previous_audit(tmp_path, capsys):
    bom = _xlsx(tmp_path / "bom.xlsx", [HEADER, *ROWS])
    previous = _sealed_copy_with_decision(tmp_path, bom, "ZTE Corp.", "confirmed", "covered modem")
    out = tmp_path / "out2"
    code = main(["screen", "--out", str(out), "--report", "--no-pdf", "--previous", str(previous), str(bom)])
    capsys.readouterr()
    assert code == 1
    text = _text(out / "audit-report.html")
    assert "ZTE Corp. MF286 LTE modem covered modem" not in text[text.find("FAR 52.204-24(e) disclosure") :]


def test_a_decision_typed_into_a_copy_is_never_carried_silently(tmp_path, capsys):
    # Typing "Confirmed" into a copy's Findings sheet used to be accepted by --previous as a decision; the
    # edit is now listed as typed by hand and the copy is refused by name until a reviewer accepts it.
    from guiapp.evidence.previous import priors_from_export
    from guiapp.review.session import AuditFileError

    bom = _xlsx(tmp_path / "bom.xlsx", [HEADER, *ROWS])
    main(["screen", "--out", str(tmp_path / "out"), str(bom)])
    copy = tmp_path / "out" / "bom.audited.xlsx"
    assert main(["verify", str(copy)]) == 0
    _decide_in_findings(copy, "ZTE Corp.", "confirmed", "typed by hand")
    capsys.readouterr()
    assert main(["verify", str(copy)]) == 2
    out = capsys.readouterr().out
    assert "typed into by hand" in out and "Decision: Pending -> confirmed" in out
    try:
        priors_from_export(copy)
    except AuditFileError as exc:
        assert "bom.audited.xlsx" in str(exc) and "not carried over" in str(exc)
    else:
        raise AssertionError("an edited copy was read as decisions")
    code = main(["screen", "--out", str(tmp_path / "out2"), "--previous", str(copy), str(bom)])
    assert code == 2 and "not carried over" in capsys.readouterr().err


def test_usage_error_is_one_line(tmp_path, capsys):
    import pytest

    for bad in (["--threshold", "150"], ["--column", "colour=Red"], ["--header-row", "0"], ["--bogus"]):
        with pytest.raises(SystemExit) as exc:
            main(["screen", *bad, str(tmp_path)])
        assert exc.value.code == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1, err
        assert err.startswith("bom-auditor-cli") and ": error: " in err and "--help" in err


def test_nothing_screened_is_said_not_clear(tmp_path, capsys):
    # --header-row past the last row screened nothing, printed "0 hits" with no warning and exited 0.
    import json

    bom = _xlsx(tmp_path / "bom.xlsx", [HEADER, *ROWS])
    main(["screen", "--json", "--header-row", "99", str(bom)])
    doc = json.loads(capsys.readouterr().out)
    warnings = doc["files"][0]["warnings"]
    assert any("no row was screened" in w and "header row 99" in w for w in warnings)
    main(["screen", "--json", str(bom)])
    assert json.loads(capsys.readouterr().out)["files"][0]["warnings"] == []


def test_rows_that_could_not_be_screened_never_exit_clear(tmp_path, capsys):
    # A row naming no manufacturer, part number or supplier ("camera module, see drawing") cannot be screened:
    # without hits the file used to exit 0, which scripts read as "clear".
    clean = [["R1", 4, "Resistor 10k 0402", "YAGEO", "RC0402FR-0710KL", "Digi-Key"]]
    bom = _xlsx(tmp_path / "bom.xlsx", [HEADER, *clean])
    assert main(["screen", str(bom)]) == 0
    capsys.readouterr()
    partly = _xlsx(
        tmp_path / "partly.xlsx", [HEADER, *clean, ["M1", 1, "camera module, see drawing", "", "", ""]]
    )
    assert main(["screen", str(partly)]) == 2
    err = capsys.readouterr().err
    assert "partly.xlsx: 1 row with no manufacturer, part number or supplier could not be screened" in err
    # Hits are still reported as hits (1), with the same warning.
    hit = _xlsx(tmp_path / "hit.xlsx", [HEADER, *ROWS, ["M1", 1, "camera module, see drawing", "", "", ""]])
    assert main(["screen", str(hit)]) == 1
    assert "could not be screened" in capsys.readouterr().err


def test_own_list_without_edition_prints_cleanly(tmp_path, capsys):
    # An own list has no version or date; the header line read "watchlist: own  (), 1 entities".
    own = tmp_path / "own.csv"
    own.write_text("name\nBlocked Widgets GmbH\n", encoding="utf-8")
    bom = _xlsx(tmp_path / "bom.xlsx", [HEADER, *ROWS])
    main(["screen", "--no-stored-lists", "--watchlist", str(own), str(bom)])
    out = capsys.readouterr().out
    # Its edition is the file's date (issue 16: an own list carries no publication date).
    import datetime as dt

    stamp = dt.datetime.fromtimestamp(own.stat().st_mtime, dt.UTC).date().isoformat()
    assert f"watchlist: own {stamp}, 1 entities" in out
    assert "()" not in out.split("==")[0]


def test_screen_piped_into_head_has_no_traceback(tmp_path):
    import subprocess
    import sys

    bom = _xlsx(tmp_path / "bom.xlsx", [HEADER, *(ROWS * 2000)])
    cmd = f"'{sys.executable}' -m guiapp.cli.main screen '{bom}' | head -1"
    done = subprocess.run(["sh", "-c", cmd], capture_output=True, text=True, timeout=120)
    assert done.stdout.startswith("watchlist:")
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
