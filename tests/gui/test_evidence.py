"""Evidence from the window: the audit report, a batch over a folder, and a previous audit carried over."""

from __future__ import annotations

import time
from pathlib import Path

import openpyxl
import pytest
from guihelpers import BOM_ROWS, make_bom, open_and_wait
from PySide6.QtWidgets import QFileDialog

from guiapp.app.batch import SUMMARY_NAME
from guiapp.gui.batch_dialog import BatchDialog


def _refs_with_value(window, value):
    return [r for r in window.session.refs() if r.hit.value == value]


# --- report --------------------------------------------------------------------------------------


def test_export_report_writes_html_and_pdf_beside_the_bom(window, qtbot, bom_file, monkeypatch):
    open_and_wait(qtbot, window, [bom_file])
    hik = _refs_with_value(window, "Hikvision")
    window.session.decide(hik, "confirmed", note="camera on the gateway; replace")
    asked = {}

    def save_name(parent, caption, suggested, filters):
        asked["suggested"] = Path(suggested)
        return suggested, filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    with qtbot.waitSignal(window.reportWritten, timeout=30_000) as sig:
        window.report_action.trigger()
    assert asked["suggested"] == bom_file.with_name("board-a.audit-report.pdf")
    html, pdf = sig.args[0]
    assert html == bom_file.with_name("board-a.audit-report.html")
    assert pdf == bom_file.with_name("board-a.audit-report.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    text = html.read_text(encoding="utf-8")
    assert "camera on the gateway; replace" in text and "board-a.xlsx" in text
    assert "Report written" in window.banner.text()


def test_report_as_html_only_and_nothing_to_report(window, qtbot, bom_file, tmp_path, monkeypatch):
    window.export_report_dialog()
    assert "nothing to report" in window.banner.text()
    open_and_wait(qtbot, window, [bom_file])
    out = tmp_path / "reports" / "mine"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(out), "HTML report (*.html)"))
    )
    with qtbot.waitSignal(window.reportWritten, timeout=30_000) as sig:
        window.export_report_dialog()
    assert sig.args[0] == [tmp_path / "reports" / "mine.html"]
    assert not (tmp_path / "reports" / "mine.pdf").exists()


# --- batch ---------------------------------------------------------------------------------------


def _batch_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "boms"
    (folder / "rev-b").mkdir(parents=True)
    make_bom(folder / "board-a.xlsx")
    make_bom(folder / "rev-b" / "board-a.xlsx", rows=BOM_ROWS[:4])  # same name in a subfolder
    (folder / "damaged.xlsx").write_bytes(b"this is not a workbook")
    return folder


def _open_batch(window) -> BatchDialog:
    window.batch_action.trigger()
    dlg = window.batch_dialog
    assert dlg.isVisible()
    return dlg


def test_batch_dialog_screens_a_folder_and_lists_errors(window, qtbot, tmp_path):
    folder = _batch_folder(tmp_path)
    out = tmp_path / "out"
    dlg = _open_batch(window)
    assert not dlg.start_button.isEnabled()
    dlg.folder_edit.setText(str(folder))
    assert dlg.out_edit.text().startswith(str(folder))  # a dated folder inside it is proposed
    dlg.out_edit.setText(str(out))
    with qtbot.waitSignal(dlg.batchFinished, timeout=60_000) as sig:
        dlg.start_button.click()
        assert dlg.is_running() and not dlg.close_button.isEnabled()
    outcome = sig.args[0]
    status = {str(f.path.relative_to(folder)): f.status for f in outcome.files}
    assert status == {"board-a.xlsx": "done", "rev-b/board-a.xlsx": "done", "damaged.xlsx": "error"}
    assert {p.name for p in out.iterdir()} >= {
        "board-a.audited.xlsx",
        "board-a-2.audited.xlsx",
        SUMMARY_NAME,
        "batch-report.html",
        "batch-report.pdf",
    }
    # The dialog shows each file's state; the damaged one says why.
    m = dlg.model
    rows = {m.index(r, m.FILE).data(): r for r in range(m.rowCount())}
    bad = rows["damaged.xlsx"]
    assert m.index(bad, m.STATUS).data() == "error"
    assert "damaged.xlsx" in m.index(bad, m.OUTPUT).data()
    assert m.index(rows["board-a.xlsx"], m.HITS).data() not in ("", "0")
    assert "2 of 3 files" in dlg.status_label.text() and "1 with errors" in dlg.status_label.text()
    ws = openpyxl.load_workbook(out / SUMMARY_NAME, read_only=True)["Files"]
    body = [r for r in ws.iter_rows(values_only=True)][1:]
    assert sorted(r[0] for r in body) == ["board-a.xlsx", "board-a.xlsx", "damaged.xlsx"]
    assert dlg.close_button.isEnabled() and dlg.open_button.isEnabled()
    # A second run over the same folder leaves the outputs out of the files screened.
    dlg.out_edit.setText(str(folder / "again"))
    with qtbot.waitSignal(dlg.batchFinished, timeout=60_000):
        dlg.start_button.click()
    with qtbot.waitSignal(dlg.batchFinished, timeout=60_000) as sig2:
        dlg.start_button.click()
    assert len(sig2.args[0].files) == 3


def test_batch_cancel_and_close_while_running(window, qtbot, tmp_path, monkeypatch):
    # Patched where the application layer looks it up (guiapp.app.screener imports it by name).
    import guiapp.app.screener as screening

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(4):
        make_bom(folder / f"b{i}.xlsx")
    real = screening.screen_file

    def slow_screen(*args, **kwargs):
        time.sleep(0.25)  # long enough for the click to land while the batch runs
        return real(*args, **kwargs)

    monkeypatch.setattr(screening, "screen_file", slow_screen)
    dlg = _open_batch(window)
    dlg.folder_edit.setText(str(folder))
    dlg.out_edit.setText(str(tmp_path / "out"))
    dlg.model.dataChanged.connect(lambda *a: dlg.reject())  # close at the first file's progress
    with qtbot.waitSignal(dlg.batchFinished, timeout=30_000) as sig:
        dlg.start_button.click()
    outcome = sig.args[0]
    assert outcome.cancelled
    assert any(f.status == "cancelled" for f in outcome.files)
    assert not (tmp_path / "out" / SUMMARY_NAME).exists()
    qtbot.waitUntil(lambda: not dlg.isVisible())


# --- previous audit ------------------------------------------------------------------------------

V2_ROWS = [
    BOM_ROWS[0],
    ["C9", 2, "Murata Electronics", "GRM155R71H104KE14D", "MLCC 100nF", "Digi-Key"],  # rows move down
    *BOM_ROWS[1:5],  # the two Hikvision rows stay, same text
    ["U7", 1, "Huawei Technologies", "", "LTE module", "Distributor B"],  # new hit
    *BOM_ROWS[6:],  # the Dahua row is gone
]


@pytest.fixture
def previous_audit(make_window, qtbot, tmp_path):
    """Revision 1 screened, Hikvision confirmed, the audit saved beside it; returns (audit path, bom path)."""
    (tmp_path / "rev1").mkdir()
    v1 = make_bom(tmp_path / "rev1" / "board.xlsx")
    w1 = make_window()
    open_and_wait(qtbot, w1, [v1])
    w1.session.decide(_refs_with_value(w1, "Hikvision"), "confirmed", note="replace with Axis")
    audit = w1.session.save(tmp_path / "rev1" / "board.bomaudit.json")
    return audit, v1, w1


def _revision_2(tmp_path: Path) -> Path:
    (tmp_path / "rev2").mkdir()
    return make_bom(tmp_path / "rev2" / "board.xlsx", rows=V2_ROWS)


def test_apply_previous_audit_carries_decisions_and_shows_the_diff(
    make_window, qtbot, tmp_path, monkeypatch, previous_audit
):
    audit, _v1, _w1 = previous_audit
    v2 = _revision_2(tmp_path)
    w2 = make_window()
    open_and_wait(qtbot, w2, [v2])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(audit), "")))
    with qtbot.waitSignal(w2.previousAuditApplied, timeout=30_000) as sig:
        w2.apply_audit_action.trigger()
    diff = sig.args[0]
    assert diff.count("new") >= 1 and diff.count("resolved") >= 1 and diff.count("carried") >= 2
    assert any("Huawei" in line.value for line in diff.of_kind("new"))
    assert any("DAHUA" in line.value.upper() for line in diff.of_kind("resolved"))
    # Carried decisions are in force on the new rows and shown as remembered, never silently.
    for ref in _refs_with_value(w2, "Hikvision"):
        d = w2.session.decision(ref)
        assert (d.status, d.note, d.remembered) == ("confirmed", "replace with Axis", True)
    dlg = w2.diff_dialog
    assert dlg.isVisible() and dlg.model.rowCount() == len(diff.lines)
    dlg.kind_filter.setCurrentIndex(dlg.kind_filter.findData("new"))
    assert dlg.proxy.rowCount() == diff.count("new")
    assert "new hit" in w2.banner.text()
    dlg.close()

    # The next report shows the changes since the previous audit.
    out = tmp_path / "rev2" / "board.audit-report.html"
    with qtbot.waitSignal(w2.reportWritten, timeout=30_000) as rep:
        w2.export_report(out, pdf=False)
    assert "Since the previous audit" in rep.args[0][0].read_text(encoding="utf-8")


def test_apply_previous_annotated_workbook_and_bad_audit(
    make_window, qtbot, tmp_path, monkeypatch, previous_audit
):
    _audit, _v1, w1 = previous_audit
    kept = tmp_path / "rev1" / "board.audited.xlsx"
    with qtbot.waitSignal(w1.exported, timeout=30_000):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(kept), "")))
        w1.export_current()
    v2 = _revision_2(tmp_path)
    w2 = make_window()
    open_and_wait(qtbot, w2, [v2])
    with qtbot.waitSignal(w2.previousAuditApplied, timeout=30_000) as sig:
        w2.apply_previous_audit(kept)
    d = sig.args[0]
    assert d.count("carried") >= 2 and d.count("changed") == 0 and d.count("new") >= 1
    w2.diff_dialog.close()

    broken = tmp_path / "broken.bomaudit.json"
    broken.write_text("{not json", encoding="utf-8")
    w2.apply_previous_audit(broken)
    assert "broken.bomaudit.json" in w2.banner.text()
    assert w2.banner.kind == "error"


def test_apply_previous_audit_needs_a_selected_file(window, monkeypatch):
    called = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: called.append(a) or ("", "")))
    window.apply_previous_audit_dialog()
    assert not called and "Select the new revision" in window.banner.text()


def test_batch_and_diff_models_pass_the_model_tester(qtmodeltester, tmp_path):
    from guiapp.app.batch import BatchFile
    from guiapp.gui.batch_dialog import BatchFilesModel
    from guiapp.gui.diff_dialog import DiffKindProxyModel, DiffTableModel
    from guiapp.model import Decision
    from guiapp.review.carryover import AuditDiff, DiffLine

    files = BatchFilesModel()
    files.set_files(
        [
            BatchFile(tmp_path / "a.xlsx", "done", 3, 1, tmp_path / "out" / "a.audited.xlsx"),
            BatchFile(tmp_path / "sub" / "b.xlsx", "error", message="b.xlsx: not a spreadsheet"),
            BatchFile(tmp_path / "c.csv"),
        ],
        tmp_path,
    )
    qtmodeltester.check(files)
    assert files.index(1, files.FILE).data() == str(Path("sub") / "b.xlsx")
    diff = AuditDiff("old.bomaudit.json", "abc")
    diff.lines = [
        DiffLine("new", "BOM", 4, None, "C", "Hikvision", "Hikvision", None, "not in the previous audit"),
        DiffLine("carried", "BOM", 9, 7, "C", "Dahua", "Dahua", Decision("confirmed", "x"), "carried over"),
        DiffLine("resolved", "BOM", 12, 12, "D", "Huawei", "Huawei", Decision("escalated"), "gone"),
    ]
    model = DiffTableModel(diff)
    qtmodeltester.check(model)
    proxy = DiffKindProxyModel()
    proxy.setSourceModel(model)
    proxy.set_kind("carried")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1
    assert proxy.index(0, DiffTableModel.DECISION).data() == "Confirmed: x"
