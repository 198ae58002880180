"""File > Review typed decisions in a copy: the window shows each typed change and records only the ticked ones,
under the reviewer's name; the next export is a new sealed copy (the twin of ``bom-auditor-cli review``)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from guihelpers import open_and_wait
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from guiapp.cli.main import main
from guiapp.evidence.verify import verify_copy
from guiapp.gui.typed_dialog import TypedEditsDialog, TypedEditsTableModel


def _typed_copy(bom_file: Path, tmp_path: Path) -> tuple[Path, dict[str, int]]:
    assert main(["screen", "--out", str(tmp_path / "out"), "--reviewer", "Ann", str(bom_file)]) in (0, 1)
    copy = tmp_path / "out" / f"{bom_file.stem}.audited.xlsx"
    wb = openpyxl.load_workbook(copy)
    ws = wb["Findings"]
    col = {c.value: c.column for c in ws[1]}
    typed = {}
    for r in range(2, ws.max_row + 1):
        text = ws.cell(r, col["Cell text"]).value
        if ws.cell(r, col["Field"]).value != "manufacturer" or len(typed) == 2 or text in typed:
            continue
        ws.cell(r, col["Decision"]).value = "Confirmed" if not typed else "Escalated"
        ws.cell(r, col["Note"]).value = f"typed for {text}"
        typed[text] = r
    wb.save(copy)
    return copy, typed


def test_ticked_typed_decisions_are_recorded_and_exported_sealed(
    window, qtbot, tmp_path, bom_file, monkeypatch
):
    copy, typed = _typed_copy(bom_file, tmp_path)
    (first, first_row), (second, _second_row) = typed.items()
    open_and_wait(qtbot, window, [bom_file])
    shown = []

    def exec_(dialog: TypedEditsDialog):
        # The reviewer reads the list and ticks only the first change (a real click on its tick).
        shown.append(
            [dialog.model.index(i, TypedEditsTableModel.VALUE).data() for i in range(dialog.model.rowCount())]
        )
        assert all(
            dialog.model.index(i, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
            for i in range(dialog.model.rowCount())
        )
        row = next(
            i for i in range(dialog.model.rowCount()) if dialog.model.index(i, 1).data() == str(first_row)
        )
        dialog.model.setData(
            dialog.model.index(row, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
        )
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TypedEditsDialog, "exec", exec_)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(copy), "")))
    with qtbot.waitSignal(window.typed.recorded, timeout=30_000) as sig:
        window.menus.review_typed_action.trigger()
    assert sig.args == [1]
    assert sorted(shown[0]) == sorted([first, second])
    decided = [
        (r.hit.value, window.session.decision(r))
        for r in window.session.refs()
        if window.session.decision(r).status != "pending"
    ]
    # Exactly the ticked change is recorded; the other typed change is not.
    assert len(decided) == 1 and decided[0][0] == first
    d = decided[0][1]
    assert (d.status, d.reviewer, d.note) == ("confirmed", "Tess Tester", f"typed for {first}")
    assert (
        "Recorded 1 typed decision" in window.banner.text()
        and "Export to write a new sealed copy" in window.banner.text()
    )
    history = window.session.history.entries[-1]
    assert history.action == f"typed into {copy.name}, accepted:" and history.reviewer == "Tess Tester"
    # Exported again, the copy is sealed and carries the accepted decision with its history.
    out = tmp_path / "reviewed.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(out), "")))
    with qtbot.waitSignal(window.exported, timeout=30_000):
        window.export_action.trigger()
    assert verify_copy(out).ok
    ws = openpyxl.load_workbook(out)["Findings"]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)]
    mine = next(r for r in rows if r["Cell text"] == first and r["Field"] == "manufacturer")
    assert mine["Decision"] == "Confirmed" and f"typed into {copy.name}, accepted" in mine["History"]


def test_a_copy_of_a_bom_that_is_not_open_offers_to_open_it(window, qtbot, tmp_path, bom_file):
    copy, _typed = _typed_copy(bom_file, tmp_path)
    window.typed.review_typed(copy)
    qtbot.waitUntil(lambda: "which is not open" in window.banner.text(), timeout=30_000)
    # The banner offers to open the BOM the copy was made from (found by its SHA-256 at its recorded path).
    from PySide6.QtWidgets import QPushButton

    button = window.banner.findChild(QPushButton, f"banner_open_{bom_file.name.lower()}")
    assert button is not None
    with qtbot.waitSignal(window.screeningFinished, timeout=30_000):
        button.click()
    assert any(r.path == bom_file.resolve() for r in window.session.results)
