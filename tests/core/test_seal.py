"""Sealed evidence: a copy verifies only when nothing was edited and a trusted install sealed it, and only
then are its decisions read back (a forged or edited Findings sheet never is)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from guiapp.cli.main import main
from guiapp.evidence.previous import priors_from_export
from guiapp.evidence.verify import verify_copy
from guiapp.review.session import AuditFileError

HEADER = ["Designator", "Manufacturer", "Mfr Part Number"]
ROWS = [["U1", "Hikvision", "DS-2CD2143G2-IS"], ["R1", "YAGEO", "RC0402FR-0710KL"]]


def _bom(path: Path, rows=ROWS) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "BOM"
    for r in [HEADER, *rows]:
        wb.active.append(r)
    wb.save(path)
    return path


@pytest.fixture
def copy(tmp_path, capsys) -> Path:
    bom = _bom(tmp_path / "bom.xlsx")
    assert main(["screen", "--out", str(tmp_path / "out"), str(bom)]) == 1
    capsys.readouterr()
    return tmp_path / "out" / "bom.audited.xlsx"


def test_a_fresh_copy_verifies_and_names_this_install(copy, capsys):
    check = verify_copy(copy)
    assert check.seal.ok and check.seal.signer == "this install"
    assert any(n.startswith("Findings") for n in check.sheets)
    assert main(["verify", str(copy)]) == 0
    assert "intact, sealed by this install" in capsys.readouterr().out


@pytest.mark.parametrize(
    "edit",
    ["a sealed decision", "a matched entity", "a manifest line", "a deleted finding", "a renamed sheet"],
)
def test_any_edit_to_the_evidence_sheets_breaks_the_seal(copy, edit):
    wb = openpyxl.load_workbook(copy)
    if edit in ("a sealed decision", "a matched entity"):
        ws = wb["Findings"]
        title = "Sealed decision" if edit == "a sealed decision" else "Matched entity"
        col = [c.value for c in ws[1]].index(title) + 1
        ws.cell(2, col).value = '["False positive", "", "", ""]' if edit == "a sealed decision" else "YAGEO"
    elif edit == "a manifest line":
        ws = wb["Audit manifest"]
        row = next(r for r in ws.iter_rows() if r[0].value == "Reviewer")
        row[1].value = "Somebody Else"
    elif edit == "a deleted finding":
        wb["Findings"].delete_rows(2)
    else:
        wb["Findings"].title = "Findings (old)"
    wb.save(copy)
    check = verify_copy(copy)
    assert not check.seal.ok and not check.seal.intact
    with pytest.raises(AuditFileError, match="not carried over"):
        priors_from_export(copy)


def test_a_decision_typed_into_a_copy_is_shown_never_taken(copy, capsys):
    """The sealed content still verifies; the typed cells are listed and read neither by --previous nor as sealed."""
    wb = openpyxl.load_workbook(copy)
    ws = wb["Findings"]
    head = [c.value for c in ws[1]]
    ws.cell(2, head.index("Decision") + 1).value = "false positive "
    ws.cell(2, head.index("Note") + 1).value = "supplier says it is a relabelled part"
    wb.save(copy)
    check = verify_copy(copy)
    assert check.seal.intact and not check.ok and len(check.edits) == 1
    edit = check.edits[0]
    assert (edit.row, edit.sheet, edit.value) == (2, "BOM", ws.cell(2, head.index("Cell text") + 1).value)
    assert [c[0] for c in edit.changes()] == ["Decision", "Note"]
    assert edit.sealed["Decision"] == "Pending" and edit.typed["Decision"] == "false positive"
    with pytest.raises(AuditFileError, match="typed into by hand"):
        priors_from_export(copy)
    priors, _sha = priors_from_export(copy, as_sealed=True)
    assert {p.decision.status for p in priors} == {"pending"}  # what was sealed, not what was typed
    assert main(["verify", str(copy)]) == 2
    out = capsys.readouterr().out
    assert (
        "typed into by hand" in out and "typed: Findings row 2" in out and "Pending -> false positive" in out
    )


def test_a_forged_hidden_findings_sheet_in_a_supplier_file_is_never_read_as_decisions(tmp_path, capsys):
    """Revision A of a supplier's BOM hides a sheet named like ours that marks its Hikvision rows cleared."""
    rev_a = _bom(tmp_path / "supplier-rev-a.xlsx")
    wb = openpyxl.load_workbook(rev_a)
    forged = wb.create_sheet("Findings")
    forged.sheet_state = "hidden"
    cols = [
        "Sheet",
        "Row",
        "Column",
        "Cell text",
        "Matched entity",
        "Decision",
        "Entity id",
        "Entry fingerprint",
    ]
    forged.append(cols)
    forged.append(["BOM", 2, "B", "Hikvision", "Hikvision", "False positive", "HIKVISION", "x"])
    manifest = wb.create_sheet("Audit manifest")
    manifest.append(["SHA-256", "0" * 64])
    wb.save(rev_a)
    rev_b = _bom(tmp_path / "supplier-rev-b.xlsx", [*ROWS, ["U2", "HIKVISION", ""]])
    code = main(["screen", "--json", "--out", str(tmp_path / "out"), "--previous", str(rev_a), str(rev_b)])
    captured = capsys.readouterr()
    assert code == 2
    assert "supplier-rev-a.xlsx: NOT verified: it has no seal" in captured.err
    assert not (tmp_path / "out" / "supplier-rev-b.audited.xlsx").exists() or "False positive" not in str(
        [
            r
            for r in openpyxl.load_workbook(tmp_path / "out" / "supplier-rev-b.audited.xlsx")[
                "Findings"
            ].values
        ]
    )


def test_a_copy_sealed_by_another_install_verifies_once_its_key_is_trusted(
    copy, tmp_path, monkeypatch, capsys
):
    import base64

    from guiapp.evidence.seal import own_public_key

    mine = base64.b64encode(own_public_key()).decode()  # the install that sealed the copy
    monkeypatch.setenv("BOM_AUDITOR_HOME", str(tmp_path / "colleague"))  # another machine, another key
    check = verify_copy(copy)
    assert check.seal.intact and not check.seal.trusted and check.seal.signer == "an unknown install"
    with pytest.raises(AuditFileError, match="does not trust"):
        priors_from_export(copy)
    assert main(["verify", str(copy)]) == 2
    # The auditor hands over their public key; once trusted, the copy is accepted and named.
    assert main(["keys", "trust", mine, "--label", "Ana's laptop"]) == 0
    capsys.readouterr()
    assert main(["verify", str(copy)]) == 0
    assert "sealed by Ana's laptop" in capsys.readouterr().out
    assert priors_from_export(copy)[0]
    assert main(["keys", "trust", "not a key", "--label", "x"]) == 2


def test_reports_are_sealed_too_and_an_edit_shows(tmp_path, capsys):
    from guiapp.evidence.report import write_pdf

    bom = _bom(tmp_path / "bom.xlsx")
    assert main(["screen", "--out", str(tmp_path / "out"), "--report", "--no-pdf", str(bom)]) == 1
    page = tmp_path / "out" / "audit-report.html"
    capsys.readouterr()
    assert main(["verify", str(page)]) == 0
    assert "audit-report.html: intact, sealed by this install" in capsys.readouterr().out
    page.write_text(page.read_text(encoding="utf-8").replace("Pending", "Confirmed", 1), encoding="utf-8")
    assert main(["verify", str(page)]) == 2
    assert "NOT verified: the content changed after it was sealed" in capsys.readouterr().out

    # A PDF is sealed by a sidecar over its exact bytes (any PDF engine; this one writes fixed bytes).
    pdf = write_pdf("<html></html>", tmp_path / "r.pdf", lambda _html, path: path.write_bytes(b"%PDF-1.4 x"))
    assert (tmp_path / "r.pdf.seal").exists()
    assert main(["verify", str(pdf)]) == 0
    pdf.write_bytes(b"%PDF-1.4 y")
    assert main(["verify", str(pdf)]) == 2
    (tmp_path / "r.pdf.seal").unlink()
    capsys.readouterr()
    assert main(["verify", str(pdf)]) == 2 and "r.pdf.seal is missing" in capsys.readouterr().out
