"""Tests for guiapp.evidence.report: the standalone HTML audit report and its PDF."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from guiapp.evidence.report import build_report_html, write_report
from guiapp.model import Decision, FileResult, Hit
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


# ------------------------------------------------------------------------------------------------------------
# A report that stands alone (issue 17): list-entry evidence, grouping, every diff line, hashes, sign-off.
# ------------------------------------------------------------------------------------------------------------
def _watchlist_with(entity_ids: list[str], imported_at: str = "2026-11-20T08:00:00+00:00"):
    from guiapp.lists.watchlist import Entity, ListEntry, Watchlist

    entities = [
        Entity(
            id=eid,
            name=eid.title() + " Co., Ltd.",
            lists=(ListEntry("BIS-EL", "2019-10-09", "Entity List (15 CFR 744 Supp. 4)"),),
            citation="84 FR 54002 (FR Doc 2019-22210); https://www.federalregister.gov/d/2019-22210",
            country="CN",
            scope_note="licence required for all items subject to the EAR",
        )
        for eid in entity_ids
    ]
    return Watchlist(
        "Built-in", "2024.3", "", "ab" * 32, "trade.gov-csl.csv", entities, imported_at=imported_at
    )


def _section(text: str, start: str, end: str | None = None) -> str:
    tail = text[text.index(start) :]
    return tail[: tail.index(end, len(start))] if end else tail


def test_findings_carry_the_list_entry_evidence_reason_and_history(result: FileResult, run_info):  # noqa: F811
    from guiapp.evidence.entries import entry_evidence

    watchlist = _watchlist_with(["HIKVISION", "DAHUA", "DAHUA-PN", "ZTE"])
    watchlist.name = "Built-in 2024.3"  # the label the test matches carry
    entries = entry_evidence([watchlist], result.hits)
    decisions = dict(DECISIONS)
    key = ("BOM", 5, "B", "DAHUA")
    decisions[key] = Decision(
        "confirmed",
        "Dahua camera, remove",
        "A. Auditor",
        "2024-10-01T10:00:00Z",
        history=(
            "2024-10-01 09:58 UTC, B. Boss: decided Escalated (was Pending)",
            "2024-10-01 10:00 UTC, A. Auditor: decided Confirmed (was Escalated): Dahua camera, remove",
        ),
    )
    text = build_report_html([result], run_info, {result.sha256: decisions}, entries=entries)
    findings = _section(text, "Findings and decisions", "Sign-off")
    dahua = _section(findings, "Dahua &middot;", "Dahua-Pn &middot;")
    for expected in (
        "Dahua Co., Ltd.",  # the entry as listed
        "Built-in 2024.3; source trade.gov-csl.csv",  # list and edition, where it came from
        "2026-11-20T08:00:00+00:00",  # when the list was imported
        "BIS-EL, Entity List (15 CFR 744 Supp. 4), since 2019-10-09",  # programme and start date
        "84 FR 54002",  # Federal Register citation
        "https://www.federalregister.gov/d/2019-22210",  # source URL
        "name &#x27;dahua&#x27; matches exactly",  # the reason
        "B. Boss: decided Escalated",  # the history, oldest first
        "A. Auditor: decided Confirmed (was Escalated)",
        "BOM!B row 5",
    ):
        assert expected in dahua, expected
    # An entry whose list edition is gone is said to be so, never filled in from another edition.
    other_edition = _watchlist_with(["HIKVISION", "DAHUA", "DAHUA-PN", "ZTE"])
    other_edition.name, other_edition.version = "Built-in", "2024.4"
    assert entry_evidence([other_edition], result.hits) == {}
    text = build_report_html([result], run_info, {result.sha256: decisions}, entries={})
    assert "not at hand" in _section(text, "Findings and decisions")


def test_findings_group_hits_by_distinct_cell_text_with_every_row(tmp_path: Path, run_info):  # noqa: F811
    from tests.core.test_export import make_match

    values = ["Hikvision", "海康威视", "Хиквижн"]
    hits = [
        Hit("BOM", row, "C", "manufacturer", values[row % 3], make_match("HIKVISION"))
        for row in range(2, 302)
    ]
    r = FileResult(path=tmp_path / "big.xlsx", sha256="cd" * 32, hits=hits)
    bulk = Decision("false_positive", "camera housing only", "A. Auditor", "2024-10-01T10:00:00Z")
    decisions = {h.key: bulk for h in hits if h.value == "Hikvision"}
    text = build_report_html([r], run_info, {r.sha256: decisions})
    findings = _section(text, "Findings and decisions", "Sign-off")
    body = _section(findings, "<tbody>", "</tbody>")
    # 300 hits, three cell texts, one decision each: three lines, each naming every one of its rows.
    assert body.count("<tr") == 3
    for value, first in (("Hikvision", 3), ("海康威视", 4), ("Хиквижн", 2)):
        line = next(tr for tr in body.split("<tr")[1:] if f"<td>{value}</td>" in tr)
        rows = [int(n) for n in re.findall(r"\d+", line.split("BOM!C rows ")[1].split("<")[0])]
        assert rows == list(range(first, 302, 3))
        assert '<td class="num">100</td>' in line
    assert "False positive" in body and "camera housing only" in body
    # Hits of one text decided differently get a line each.
    decisions[hits[0].key] = Decision("confirmed", "", "B. Boss", "2024-10-02T10:00:00Z")
    text = build_report_html([r], run_info, {r.sha256: decisions})
    body = _section(_section(text, "Findings and decisions", "Sign-off"), "<tbody>", "</tbody>")
    assert body.count("<tr") == 4 and "BOM!C row 2<" in body


def test_every_diff_line_is_listed_by_kind_including_carried_decisions(
    result: FileResult,
    run_info,  # noqa: F811
    monkeypatch,
):
    from guiapp.evidence.manifest import DIFF_LABELS

    # A kind the lead adds to DIFF_LABELS shows without a change to the report.
    monkeypatch.setitem(DIFF_LABELS, "moved", "Moved lines")
    carried = Decision("false_positive", "housing only", "C. Carrier", "2024-09-01T08:00:00Z")
    diff = AuditDiff(
        "falcon-v1.audited.xlsx",
        "cd" * 32,
        [
            DiffLine("new", "BOM", 4, None, "B", "Hikvision", "Hikvision", None, "not in the previous audit"),
            DiffLine("carried", "BOM", 5, 6, "B", "Dahua", "Dahua", carried, "same line, same entry"),
            DiffLine(
                "resolved", "BOM", 9, 9, "B", "Huawei", "Huawei", Decision("confirmed"), "no longer found"
            ),
            DiffLine("moved", "BOM", 7, 3, "B", "ZTE", "ZTE", None, "same line, moved up"),
            DiffLine("renamed", "BOM", 8, 8, "B", "Ezviz", "Ezviz", None, "a kind nobody labelled"),
        ],
    )
    text = build_report_html([result], run_info, {result.sha256: DECISIONS}, diffs={result.sha256: diff})
    section = _section(text, "Since the previous audit", "Findings and decisions")
    headings = re.findall(r"<h3>([^<]*): (\d+)</h3>", section)
    assert [h for h, _ in headings] == [*DIFF_LABELS.values(), "renamed"]
    assert dict(headings)["Decisions carried over"] == "1"
    carried_part = _section(section, "<h3>Decisions carried over", "<h3>")
    for expected in (
        "<td>Dahua</td>",
        "False positive",
        "C. Carrier",
        "2024-09-01T08:00:00Z",
        "falcon-v1.audited.xlsx",
    ):
        assert expected in carried_part, expected
    assert "<td>ZTE</td>" in _section(section, "<h3>Moved lines", "<h3>")
    assert "<td>Ezviz</td>" in _section(section, "<h3>renamed")


def test_running_header_names_the_bom_the_date_and_draft(result: FileResult, run_info):  # noqa: F811
    from guiapp.evidence.report_html import RUNNING_HEADER_META

    def header(decisions) -> str:
        text = build_report_html(
            [result], run_info, {result.sha256: decisions}, generated_at="2026-12-04T09:00:00Z"
        )
        return html.unescape(
            re.search(rf'<meta name="{RUNNING_HEADER_META}" content="([^"]*)"', text).group(1)
        )

    draft = header(DECISIONS)  # one hit left pending
    assert draft.startswith("DRAFT") and "falcon.xlsx" in draft and "2026-12-04" in draft
    decided = {h.key: Decision("confirmed", "", "A", "T") for h in result.hits}
    final = header(decided)
    assert "DRAFT" not in final and "falcon.xlsx" in final


def test_a_file_name_cannot_break_out_of_the_page_style(tmp_path: Path, run_info):  # noqa: F811
    r = FileResult(path=tmp_path / 'x"</style><script>alert(1)</script>.xlsx', sha256="ef" * 32)
    text = build_report_html([r], run_info, {})
    assert "<script" not in text
    style = _section(text, "<style>", "</style>")
    assert "</" not in style and '"</' not in style


def test_hashes_of_input_copy_and_lists_are_set_to_copy_exactly(result: FileResult, run_info, tmp_path: Path):  # noqa: F811
    import hashlib

    copy = tmp_path / "falcon.audited.xlsx"
    copy.write_bytes(b"the annotated copy")
    text = build_report_html([result], run_info, {result.sha256: DECISIONS}, copies={result.sha256: copy})
    hashes = _section(text, "Evidence hashes", "</table>")
    mono = re.findall(r'<td class="mono">([0-9a-f]{64})</td>', hashes)
    assert mono == [result.sha256, hashlib.sha256(b"the annotated copy").hexdigest(), "ab" * 32]
    style = _section(text, "<style>", "</style>")
    assert "font-variant-ligatures: none" in style and "monospace" in style


def test_sign_off_block_names_the_reviewer_and_what_stands_in_the_way(result: FileResult, run_info):  # noqa: F811
    text = build_report_html([result], run_info, {result.sha256: DECISIONS})
    signoff = _section(text, ">Sign-off</h2>")
    assert "Not ready to sign" in signoff and "pending review" in signoff
    assert "A. Auditor" in signoff and "Approver" in signoff and "Signature" in signoff
    decided = {h.key: Decision("confirmed", "", "A", "T") for h in result.hits}
    signoff = _section(build_report_html([result], run_info, {result.sha256: decided}), ">Sign-off</h2>")
    # Row 8 of the fixture holds nothing to screen: the file is partly screened, which the signer must see.
    assert "pending review" not in signoff and "Not ready to sign" not in signoff
    assert "Check before signing" in signoff and "falcon.xlsx" in signoff
    assert "PARTLY SCREENED" in build_report_html([result], run_info, {result.sha256: decided})[:2000]
    for s in result.sheets:
        s.rows_not_screened, s.not_screened_rows = 0, []
    signoff = _section(build_report_html([result], run_info, {result.sha256: decided}), ">Sign-off</h2>")
    assert "Not ready to sign" not in signoff and "Check before signing" not in signoff


def test_a_file_not_screened_never_reads_as_clear(tmp_path: Path, run_info):  # noqa: F811
    from guiapp.model import ColumnMap, SheetReport

    r = FileResult(
        path=tmp_path / "nothing.xlsx",
        sha256="12" * 32,
        sheets=[SheetReport("Sheet1", False, ColumnMap(), rows_screened=0, rows_not_screened=65)],
    )
    text = build_report_html([r], run_info, {}, generated_at="2026-12-04T09:00:00Z")
    assert "NOT SCREENED" in text[: text.index("</head>")]  # the running header of every page
    assert "Not screened: no row was screened" in _section(text, "<h2>Files", "</table>")
    assert "Final" not in _section(text, "<h2>Files", "</table>")
    assert "Not ready to sign" in _section(text, ">Sign-off</h2>")


def test_summary_comes_first(result: FileResult, run_info):  # noqa: F811
    text = build_report_html([result], run_info, {result.sha256: DECISIONS})
    order = [
        text.index(s)
        for s in ("<h2>Summary", "<h2>Evidence hashes", "<h2>Files", "Findings and decisions", ">Sign-off")
    ]
    assert order == sorted(order)


def test_the_running_header_for_browsers_keeps_its_spaces_and_quotes():
    from guiapp.evidence.report_html import css_string

    # A CSS hex escape swallows the whitespace after it; each escape brings its own so the text's space stays.
    assert css_string('a · "b"') == "a \\0000b7  \\000022 b\\000022 "


def test_hits_decided_alike_share_a_line_and_list_every_history_line_with_its_rows(tmp_path: Path, run_info):  # noqa: F811
    from tests.core.test_export import make_match

    hits = [Hit("BOM", row, "C", "manufacturer", "Hikvision", make_match("HIKVISION")) for row in range(2, 8)]
    bulk = "2026-12-04 10:00 UTC, A. Auditor: decided Confirmed (was Pending): remove"
    decisions = {
        h.key: Decision(
            "confirmed",
            "remove",
            "A. Auditor",
            "2026-12-04T10:00:00Z",
            history=(f"2026-12-04 09:0{h.row} UTC, B. Boss: decided Escalated (was Pending)", bulk),
        )
        for h in hits
    }
    r = FileResult(path=tmp_path / "b.xlsx", sha256="cd" * 32, hits=hits)
    body = _section(
        _section(build_report_html([r], run_info, {r.sha256: decisions}), "Findings and"), "<tbody>"
    )
    body = body[: body.index("</tbody>")]
    assert body.count("<tr") == 2  # the line, and its history across the full width
    history = _section(body, "History:")
    lines = history.split("</td>")[0].split("<br>")[1:]
    # Each hit's own step once with its row, the bulk step once for all six rows, in time order.
    assert lines == [
        f"BOM!C row {n}: 2026-12-04 09:0{n} UTC, B. Boss: decided Escalated (was Pending)"
        for n in range(2, 8)
    ] + [f"BOM!C rows 2-7: {bulk}"]
