"""Help > About, the error dialog of the exception hook, and the remembered-decisions model of Settings."""

from __future__ import annotations

import logging
import logging.handlers
import sys

import pytest
from guihelpers import open_and_wait
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from guiapp import __version__
from guiapp.gui.dialogs import AboutDialog
from guiapp.gui.memory_model import MemoryTableModel
from guiapp.review.memory import DecisionMemory
from guiapp.settings import app_dirs


def _builtin_info():
    from guiapp.app.screener import load_lists as load_watchlists

    return load_watchlists()[0].info()


def test_about_shows_the_version_and_the_watchlist_edition_with_its_date(window, qtbot, bom_file):
    open_and_wait(qtbot, window, [bom_file])
    info = _builtin_info()
    window.show_about()
    dlg = window.about_dialog
    qtbot.waitUntil(dlg.isVisible)
    text = dlg.text()
    assert f"BOM Auditor {__version__}" in text
    assert f"version {info.version}" in text
    assert f"dated {info.date}" in text
    assert str(app_dirs().logs) in text
    dlg.close()


def test_about_before_any_file_loads_the_watchlists_in_the_background(window, qtbot):
    info = _builtin_info()
    window.show_about()
    dlg = window.about_dialog
    qtbot.waitUntil(lambda: f"dated {info.date}" in dlg.text(), timeout=10_000)
    assert f"version {info.version}" in dlg.text()
    dlg.close()


def test_about_dialog_says_when_the_lists_are_still_loading(qtbot):
    dlg = AboutDialog([])
    qtbot.addWidget(dlg)
    assert "loading" in dlg.text()
    assert __version__ in dlg.text()


@pytest.fixture
def excepthook(monkeypatch):
    """install_excepthook with the log in this test's logs folder; hook, handler and log path restored after."""
    from guiapp.gui import app as gui_app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    # setup_logging adds its file handler only when there is none yet; start from none.
    for h in before:
        if isinstance(h, logging.handlers.RotatingFileHandler):
            root.removeHandler(h)
    log_path = gui_app.setup_logging()
    gui_app.install_excepthook(log_path)
    shown = []

    def fake_exec(box):
        shown.append((box.text(), box.detailedText()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    yield log_path, shown
    for h in list(root.handlers):
        if h not in before:
            root.removeHandler(h)
            h.close()
    for h in before:
        if h not in root.handlers:
            root.addHandler(h)
    root.setLevel(level)


def test_exception_hook_logs_the_traceback_and_shows_the_log_path(qapp, excepthook):
    log_path, shown = excepthook
    assert log_path.parent == app_dirs().logs
    try:
        raise RuntimeError("the export queue broke")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    for h in logging.getLogger().handlers:
        h.flush()
    logged = log_path.read_text(encoding="utf-8")
    assert "RuntimeError: the export queue broke" in logged
    assert "Traceback" in logged and "test_dialogs.py" in logged
    assert len(shown) == 1
    text, details = shown[0]
    assert str(log_path) in text
    assert "RuntimeError: the export queue broke" in text
    assert "Traceback" in details


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_reaches_the_hook(qtbot, excepthook):
    log_path, shown = excepthook

    def broken_slot():
        raise ValueError("a slot that fails")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=5_000)
    assert "ValueError: a slot that fails" in shown[0][0]
    assert str(log_path) in shown[0][0]


def _memory_with_entries(tmp_path):
    from guiapp.model import Decision, Hit, Match

    memory = DecisionMemory(tmp_path / "memory.json")
    for i, (value, entity, status) in enumerate(
        [
            ("Hik Vision", "HIKVISION", "confirmed"),
            ("Dahua Tech", "DAHUA", "false_positive"),
            ("ZTE", "ZTE", "confirmed"),
        ]
    ):
        m = Match(entity, entity.title(), entity, entity.title(), value, ("BIS-EL",), "alias", 97.0, "why")
        hit = Hit("BOM", i + 2, "C", "manufacturer", value, m)
        memory.remember(
            hit, Decision(status=status, note=f"note {i}", reviewer="Tess", time=f"2026-01-0{i + 1}"), "fp"
        )
    return memory


def test_remembered_decisions_model_passes_the_model_tester_and_forgets_rows(qtmodeltester, tmp_path):
    memory = _memory_with_entries(tmp_path)
    model = MemoryTableModel(memory)
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    values = {model.index(r, MemoryTableModel.VALUE).data() for r in range(3)}
    assert values == {"Hik Vision", "Dahua Tech", "ZTE"}
    row = next(r for r in range(3) if model.index(r, MemoryTableModel.VALUE).data() == "Dahua Tech")
    assert model.index(row, MemoryTableModel.DECISION).data() == "False positive"
    assert model.index(row, MemoryTableModel.BY).data() == "Tess"
    assert model.forget([row]) == 1
    assert model.rowCount() == 2 and len(memory) == 2
    qtmodeltester.check(model)
    empty = MemoryTableModel(DecisionMemory(tmp_path / "none.json"))
    qtmodeltester.check(empty)


def test_settings_dialog_lists_remembered_decisions_sorted_in_a_view(qtbot, tmp_path):
    from PySide6.QtWidgets import QTableView, QTableWidget

    from guiapp.gui.dialogs import SettingsDialog
    from guiapp.settings import Settings

    memory = _memory_with_entries(tmp_path)
    dlg = SettingsDialog(Settings(reviewer="Tess"), memory)
    qtbot.addWidget(dlg)
    assert not dlg.findChildren(QTableWidget)
    assert isinstance(dlg.memory_table, QTableView)
    view_model = dlg.memory_table.model()
    # Newest first.
    assert [view_model.index(r, 0).data() for r in range(3)] == ["ZTE", "Dahua Tech", "Hik Vision"]
    dlg.memory_table.selectRow(0)
    dlg.remove_button.click()
    assert [view_model.index(r, 0).data() for r in range(2)] == ["Dahua Tech", "Hik Vision"]
    assert "2 remembered decisions" in dlg.memory_count.text()


def test_about_shows_the_licence_and_the_third_party_notices(qtbot) -> None:
    from guiapp.app import notices

    dlg = AboutDialog([])
    qtbot.addWidget(dlg)
    assert "Licence: MIT" in dlg.text()
    qtbot.mouseClick(dlg.licences_button, Qt.MouseButton.LeftButton)
    licences = dlg.licences_dialog
    qtbot.waitUntil(licences.isVisible)
    assert licences.page_text(0) == notices.project_licence()
    assert licences.page_text(0).startswith("MIT License")
    third_party = licences.page_text(1)
    for name in ("PySide6", "shiboken6", "python-calamine", "openpyxl", "GNU LESSER GENERAL PUBLIC LICENSE"):
        assert name in third_party
    licences.close()
