"""Decisions typed into an annotated copy: listed one by one, recorded only when a named reviewer accepts them,
in a new sealed copy built from the original BOM (``bom-auditor-cli review``)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from guiapp.cli.main import main
from guiapp.evidence.previous import priors_from_export
from guiapp.evidence.verify import verify_copy

HEADER = ["Designator", "Manufacturer", "Mfr Part Number", "Description"]
ROWS = [
    ["U1", "Hikvision", "DS-2CD2143G2-IS", "Camera"],
    ["U2", "ZTE Corp.", "MF286", "LTE modem"],
    ["R1", "YAGEO", "RC0402FR-0710KL", "Resistor"],
]


def _bom(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "BOM"
    for r in [HEADER, *ROWS]:
        wb.active.append(r)
    wb.save(path)
    return path


def _type(copy: Path, cell_text: str, **cells: str) -> int:
    """What a reviewer does in Excel; returns the Findings row typed into."""
    wb = openpyxl.load_workbook(copy)
    ws = wb["Findings"]
    col = {c.value: c.column for c in ws[1]}
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["Cell text"]).value == cell_text)
    for title, value in cells.items():
        ws.cell(row, col[title.replace("_", " ").capitalize()]).value = value
    wb.save(copy)
    return row


def _findings(path: Path) -> dict[str, dict[str, str]]:
    ws = openpyxl.load_workbook(path)["Findings"]
    rows = list(ws.values)
    head = list(rows[0])
    return {r[head.index("Cell text")]: dict(zip(head, r, strict=False)) for r in rows[1:]}


@pytest.fixture
def copy(tmp_path, capsys) -> Path:
    bom = _bom(tmp_path / "bom.xlsx")
    assert main(["screen", "--out", str(tmp_path / "out"), "--reviewer", "Ann", str(bom)]) == 1
    capsys.readouterr()
    return tmp_path / "out" / "bom.audited.xlsx"


def test_accepted_typed_decisions_are_recorded_under_the_reviewer_in_a_new_sealed_copy(copy, capsys):
    zte = _type(copy, "ZTE Corp.", decision="Confirmed", note="LTE modem from ZTE, remove")
    hik = _type(
        copy, "Hikvision", decision="False positive", note=""
    )  # a confident hit cleared with no reason
    code = main(["review", str(copy), "--reviewer", "Bo Checker", "--accept", str(zte)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "2 typed change(s)" in out and f"Findings row {zte}" in out and f"Findings row {hik}" in out
    assert "Pending -> Confirmed" in out and "recorded 1 typed decision(s) by Bo Checker" in out
    new = copy.with_name("bom.audited.reviewed.xlsx")
    check = verify_copy(new)
    assert check.ok, check.message()
    rows = _findings(new)
    assert rows["ZTE Corp."]["Decision"] == "Confirmed" and rows["ZTE Corp."]["Reviewer"] == "Bo Checker"
    assert rows["ZTE Corp."]["Note"] == "LTE modem from ZTE, remove"
    assert f"typed into {copy.name}, accepted: Confirmed" in rows["ZTE Corp."]["History"]
    # The change not accepted is not in the new copy: the hit is pending, as sealed.
    assert rows["Hikvision"]["Decision"] == "Pending"
    # The new copy's decisions are read by --previous like any sealed copy's.
    priors, _ = priors_from_export(new)
    assert {p.value: p.decision.status for p in priors}["ZTE Corp."] == "confirmed"
    # The reviewed copy is never silently replaced.
    assert main(["review", str(copy), "--reviewer", "Bo Checker", "--accept", str(zte)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_clearing_a_confident_hit_needs_a_reason_and_then_nothing_is_written(copy, capsys):
    _type(copy, "Hikvision", decision="false positive", note="")
    _type(copy, "ZTE Corp.", decision="Confirmed")
    assert main(["review", str(copy), "--reviewer", "Bo", "--accept", "all"]) == 2
    err = capsys.readouterr().err
    assert "needs a reason" in err and "no copy was written" in err
    assert not copy.with_name("bom.audited.reviewed.xlsx").exists()
    # With a reason given, both are recorded.
    assert (
        main(
            ["review", str(copy), "--reviewer", "Bo", "--accept", "all", "--reason", "a Hikvision lookalike"]
        )
        == 0
    )
    rows = _findings(copy.with_name("bom.audited.reviewed.xlsx"))
    assert (
        rows["Hikvision"]["Decision"] == "False positive"
        and rows["Hikvision"]["Note"] == "a Hikvision lookalike"
    )


def test_no_name_no_choice_and_bad_words_record_nothing(copy, capsys, monkeypatch):
    row = _type(copy, "ZTE Corp.", decision="looks fine")
    with monkeypatch.context() as m:
        m.setattr("guiapp.cli.review.reviewer_from_args", lambda _a: "")
        assert main(["review", str(copy), "--accept", "all"]) == 2
        assert "--reviewer" in capsys.readouterr().err
    assert main(["review", str(copy), "--reviewer", "Bo"]) == 2  # not a terminal, no --accept: list only
    assert "--accept" in capsys.readouterr().out
    assert main(["review", str(copy), "--reviewer", "Bo", "--accept", "99"]) == 2
    assert "no typed change on Findings row(s) 99" in capsys.readouterr().err
    assert main(["review", str(copy), "--reviewer", "Bo", "--accept", str(row)]) == 2
    assert "'looks fine' is not a decision" in capsys.readouterr().err


def test_the_questions_on_a_terminal(copy, capsys):
    import argparse

    from guiapp.cli.main import build_parser
    from guiapp.cli.review import cmd_review

    zte = _type(copy, "ZTE Corp.", decision="Escalated", note="ask the supplier")
    _type(copy, "Hikvision", decision="Confirmed", note="camera")
    args: argparse.Namespace = build_parser().parse_args(["review", str(copy), "--reviewer", "Bo"])
    answers = iter(["maybe", "y", "n"])  # Findings order (Hikvision first); an unclear answer is asked again
    asked = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    assert cmd_review(args, ask=ask) == 0
    assert len(asked) == 3 and "as Confirmed?" in asked[0]
    rows = _findings(copy.with_name("bom.audited.reviewed.xlsx"))
    assert rows["Hikvision"]["Decision"] == "Confirmed" and rows["ZTE Corp."]["Decision"] == "Pending"
    assert zte


def test_a_copy_whose_sealed_content_was_edited_or_the_bom_is_missing(copy, tmp_path, capsys):
    _type(copy, "ZTE Corp.", decision="Confirmed")
    (tmp_path / "bom.xlsx").rename(tmp_path / "elsewhere.xlsx")
    assert main(["review", str(copy), "--reviewer", "Bo", "--accept", "all"]) == 2
    assert "give it with --bom FILE" in capsys.readouterr().err
    assert (
        main(
            [
                "review",
                str(copy),
                "--reviewer",
                "Bo",
                "--accept",
                "all",
                "--bom",
                str(tmp_path / "elsewhere.xlsx"),
            ]
        )
        == 0
    )
    capsys.readouterr()
    wb = openpyxl.load_workbook(copy)
    ws = wb["Findings"]
    col = [c.value for c in ws[1]].index("Matched entity") + 1
    ws.cell(2, col).value = "Somebody else"
    wb.save(copy)
    assert main(["review", str(copy), "--reviewer", "Bo", "--accept", "all", "--force"]) == 2
    assert "NOT verified" in capsys.readouterr().err
