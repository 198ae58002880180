"""The PDF report as an examiner gets it, read back with pypdf: page numbers, running header, repeated table
headers, hashes that copy exactly, embedded fonts (PDF/A), Chinese, Japanese and Cyrillic names, sign-off.

The report is made once by the real CLI (``screen --out --report``) over a BOM built here, in a child process
so this process keeps no QGuiApplication.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

pytest.importorskip("PySide6.QtGui")
pypdf = pytest.importorskip("pypdf")

LOTS = 90  # distinct description texts, so the findings table runs over several pages
NAMES = {"U1": "海康威视", "U2": "ハイクビジョン Hikvision", "U3": "Хиквижн Hikvision"}


def _bom(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Parts"
    ws.append(["Designator", "Manufacturer", "Part Number", "Description"])
    for i in range(LOTS):
        ws.append([f"C{i + 1}", "Murata", f"GRM{i:04d}", f"IP camera module by Hikvision, lot {i:03d}"])
    for ref, name in NAMES.items():
        ws.append([ref, name, "DS-2CD2143", "Camera"])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("pdfreport")
    bom = _bom(root / "office-fit.xlsx")  # "ffi" and "fi" in the name: ligatures would show in the header
    out = root / "out"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BOM_AUDITOR_HOME": str(root / "home")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "guiapp.cli",
            "screen",
            "--out",
            str(out),
            "--report",
            "--reviewer",
            "A. Auditor",
            str(bom),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr  # hits found
    pdf = out / "audit-report.pdf"
    reader = pypdf.PdfReader(pdf)
    return {
        "bom": bom,
        "out": out,
        "pdf": pdf,
        "env": env,
        "reader": reader,
        # Qt places each word on its own; pypdf gives the gaps as tabs. A person copying sees spaces.
        "pages": [re.sub(r"[ \t]+", " ", page.extract_text()) for page in reader.pages],
    }


def test_every_page_has_the_running_header_and_page_n_of_m(report):
    pages = report["pages"]
    assert len(pages) >= 4
    for n, text in enumerate(pages, 1):
        lines = [line for line in text.splitlines() if line.strip()]
        head = next(line for line in lines if "audit report" in line)
        assert head.startswith("DRAFT") and "office-fit.xlsx" in head and re.search(r"\d{4}-\d\d-\d\d", head)
        assert f"Page {n} of {len(pages)}" in text


def test_the_findings_table_repeats_its_header_on_every_page_it_runs_over(report):
    pages_with_lots = [text for text in report["pages"] if re.search(r"lot \d{3}", text)]
    findings = [text for text in pages_with_lots if "How it matched" in text or "Parts!D row" in text]
    assert len(findings) >= 2  # the table runs over pages
    for text in findings:
        assert "How it matched" in text and "Cell text" in text  # the header row, again on every page


def test_hashes_copied_out_of_the_pdf_equal_sha256sum(report):
    text = "\n".join(report["pages"])
    found = set(re.findall(r"\b[0-9a-f]{64}\b", text))
    expected = {
        hashlib.sha256(report["bom"].read_bytes()).hexdigest(),
        hashlib.sha256((report["out"] / "office-fit.audited.xlsx").read_bytes()).hexdigest(),
    }
    assert expected <= found
    builtin = re.search(r"BOM Auditor built-in watchlist.*?\b([0-9a-f]{64})\b", text, re.S)
    assert builtin is not None


def test_no_ligatures_anywhere_so_copied_text_is_exact(report):
    text = "\n".join(report["pages"])
    assert not re.search("[\ufb00-\ufb06]", text)  # ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ
    assert "office-fit.xlsx" in text and "Confirmed" in text and "final evidence" in text


def _fonts(reader) -> dict[str, dict]:
    fonts: dict[str, dict] = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            fonts[str(font["/BaseFont"])] = described["/FontDescriptor"].get_object()
    return fonts


def test_archival_pdf_with_every_font_embedded(report):
    reader = report["reader"]
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part\W+1", xmp) and re.search(r"pdfaid:conformance\W+B", xmp)
    assert "/OutputIntents" in reader.trailer["/Root"]  # PDF/A-1 names the colour space it prints in
    fonts = _fonts(reader)
    assert fonts
    for name, descriptor in fonts.items():
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{name} not embedded"


def test_chinese_japanese_and_cyrillic_names_render_with_an_embedded_font(report):
    text = "\n".join(report["pages"])
    for name in NAMES.values():
        assert all(word in text for word in name.split()), name  # a narrow cell may wrap between words
    assert any("DroidSansFallback" in name for name in _fonts(report["reader"]))


def test_each_finding_names_its_list_entry_and_the_report_ends_with_a_sign_off(report):
    text = "\n".join(report["pages"])
    for label in ("Programmes (start date)", "Federal Register", "Source URL", "List imported", "Citation"):
        assert label in text
    assert "BIS-EL" in text and "since 20" in text
    last = report["pages"][-1]
    assert "Sign-off" in last and "Approver" in last and "A. Auditor" in last


def test_the_sealed_pdf_and_page_still_verify(report):
    for name in ("audit-report.pdf", "audit-report.html"):
        proc = subprocess.run(
            [sys.executable, "-m", "guiapp.cli", "verify", str(report["out"] / name)],
            capture_output=True,
            text=True,
            env=report["env"],
            timeout=120,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
