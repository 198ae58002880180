"""Tests for guiapp.evidence.report: the standalone HTML audit report and its PDF."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from guiapp.evidence.report import build_report_html, write_report
from guiapp.model import Decision, FileResult
from guiapp.review.carryover import AuditDiff, DiffLine
from tests.core.test_export import DECISIONS, make_result, run_info, source_xlsx  # noqa: F401  (fixtures)

EVIL = '<img src="http://evil.example/x.png" onerror="alert(1)">'


@pytest.fixture
def result(source_xlsx: Path) -> FileResult:  # noqa: F811
    r = make_result(source_xlsx)
    r.bom.sheets[0].rows[4][3] = EVIL  # row 5: the description of the confirmed Dahua row
    return r


def test_report_has_summary_coverage_lists_hits_and_far(result: FileResult, run_info):  # noqa: F811
    broken = FileResult(path=Path("/x/broken.xlsx"), status="error", error="broken.xlsx: not a workbook")
    text = build_report_html([result, broken], run_info, {result.sha256: DECISIONS}, generated_at="T")
    assert result.sha256 in text and "falcon.xlsx" in text
    assert "ab" * 32 in text and "2024.3" in text and "built-in" in text
    assert "not a verdict" in text  # the method statement
    # Summary counts: 4 hits, one of each decision; two open items (pending + escalated).
    summary = re.search(r"<h2>Summary</h2>(.*?)</table>", text, re.S).group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', summary) == ["2", "4", "1", "1", "1", "1", "2", "5", "1"]
    assert "ERROR" in text and "broken.xlsx: not a workbook" in text
    assert "Dahua camera, remove" in text and "A. Auditor" in text and "2024-10-01T10:00:00Z" in text
    # FAR: the confirmed section 889 row, with the row's part number and description.
    far = text[text.index("FAR 52.204-24(e) disclosure") :]
    assert "IPC-HFW" in far and "Proposed use" in far


def test_report_escapes_bom_text_and_loads_nothing_from_outside(result: FileResult, run_info):  # noqa: F811
    text = build_report_html([result], run_info, {result.sha256: DECISIONS})
    assert EVIL not in text and "&lt;img src=&quot;http://evil.example" in text
    assert "=HYPERLINK(&quot;http://example.com&quot;" in text
    assert not re.search(r"<(script|link|img|iframe)\b", text)
    assert not re.search(r"\b(src|href)=[\"']", text)


def test_report_shows_changes_since_previous_audit(result: FileResult, run_info):  # noqa: F811
    diff = AuditDiff(
        "falcon-v1.audit.json",
        "cd" * 32,
        [
            DiffLine("new", "BOM", 4, None, "B", "Hikvision", "Hikvision", None, "not in the previous audit"),
            DiffLine(
                "resolved", "BOM", 9, 9, "B", "Huawei", "Huawei", Decision("confirmed"), "no longer found"
            ),
            DiffLine("carried", "BOM", 5, 6, "B", "Dahua", "Dahua", Decision("confirmed"), "carried"),
        ],
    )
    text = build_report_html([result], run_info, {result.sha256: DECISIONS}, diffs={result.sha256: diff})
    section = text[text.index("Since the previous audit") :]
    assert "falcon-v1.audit.json" in section and "cd" * 32 in section
    assert "Huawei" in section and "New hits" in section


def test_write_report_html_and_pdf(result: FileResult, run_info, tmp_path: Path):  # noqa: F811
    pytest.importorskip("PySide6.QtGui")
    out = tmp_path / "rep" / "audit"
    # The PDF needs a QGuiApplication; make it in a child process so this test process keeps none.
    code = (
        "import sys, pickle\n"
        "from guiapp.evidence.report import write_report\n"
        "from guiapp.gui.pdf import render_pdf\n"
        "results, run, decisions, out = pickle.load(sys.stdin.buffer)\n"
        "print([str(p) for p in write_report(results, run, decisions, out, pdf=render_pdf)])\n"
    )
    import pickle

    payload = pickle.dumps(([result], run_info, {result.sha256: DECISIONS}, out))
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-c", code], input=payload, capture_output=True, env=env, timeout=60
    )
    assert proc.returncode == 0, proc.stderr.decode()
    pdf = out.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
    assert out.with_suffix(".html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not list(pdf.parent.glob("*.tmp"))


def test_write_report_html_only_needs_no_qt(result: FileResult, run_info, tmp_path: Path):  # noqa: F811
    written = write_report([result], run_info, {result.sha256: DECISIONS}, tmp_path / "a.html", pdf=None)
    assert written == [tmp_path / "a.html"]
