"""Soak: the real window driven with real keys for 10,000 decisions and 200 re-screens of a BOM with hundreds
of hits. The process stays alive, memory stays bounded, and every decision persists in the autosave.

Marked ``soak`` (and slow): ``./dev.sh test`` runs it; ``./dev.sh test-min`` leaves it out. The PySide6 6.12.0
crash on CPython 3.11 ("none_dealloc" after ~600 decisions and 15 re-screens) is what it would have caught.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from guihelpers import make_bom
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from guiapp.review.session import AuditSession

pytestmark = [pytest.mark.slow, pytest.mark.soak]

DECISIONS = 10_000
RESCREENS = 200
KEYS = (Qt.Key.Key_C, Qt.Key.Key_E, Qt.Key.Key_F, Qt.Key.Key_P)
MAKERS = (
    "Hikvision",
    "Hangzhou Hikvision Digital Technology",
    "Dahua",
    "ZHEJIANG DAHUA TECHNOLOGY CO., LTD.",
    "Huawei Technologies",
    "HiSilicon",
    "ZTE Corporation",
    "Hytera Communications",
    "EZVIZ",
    "iFLYTEK",
)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _bom(path: Path) -> Path:
    rows = [["Ref", "Qty", "Manufacturer", "Manufacturer Part Number", "Description", "Supplier"]]
    for i in range(600):
        if i % 3 == 2:
            rows.append([f"R{i}", 1, "YAGEO", f"RC0402FR-07{i:04d}L", f"Resistor {i} ohm", "Digi-Key"])
        else:
            maker = MAKERS[i % len(MAKERS)]
            rows.append(
                [
                    f"U{i}",
                    1 + i % 4,
                    f"{maker}" + (" Ltd" if i % 7 == 0 else ""),
                    f"X-{i:05d}",
                    f"Part {i}",
                    "Distributor",
                ]
            )
    return make_bom(path, rows=rows)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="memory is read from /proc")
def test_ten_thousand_decisions_and_two_hundred_rescreens(window, qtbot, tmp_path, monkeypatch):
    from guiapp.gui.watchlists_dialog import WatchlistsDialog

    bom = _bom(tmp_path / "soak.xlsx")
    with qtbot.waitSignal(window.screeningFinished, timeout=60_000):
        window.open_paths([bom])
    hits = window.hits_proxy.rowCount()
    assert hits >= 300, hits

    def lists_changed(dlg):
        dlg.lists_changed.emit()
        return 0

    monkeypatch.setattr(WatchlistsDialog, "exec", lists_changed)
    view = window.hits_view
    view.setFocus()
    per_round = DECISIONS // RESCREENS
    baseline = None
    decided = 0
    for round_ in range(RESCREENS):
        for k in range(per_round):
            if view.currentIndex().row() >= hits - 1:
                qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClick(view, KEYS[(round_ + k) % len(KEYS)])
            decided += 1
            if k % 10 == 9:
                QApplication.processEvents()  # a reviewer's pause: the detail pane and autosave catch up
        with qtbot.waitSignal(window.screeningFinished, timeout=60_000):
            window.watchlists_action.trigger()  # every open file screened again with the lists "changed"
        view.setFocus()
        assert window.hits_proxy.rowCount() == hits
        if round_ == 20:
            gc.collect()
            baseline = _rss_mb()
    gc.collect()
    grown = _rss_mb() - (baseline or 0)
    print(
        f"soak: {decided} decisions, {RESCREENS} re-screens, {hits} hits; RSS grew {grown:.1f} MB after warm-up"
    )
    # Ten thousand history entries are a few MB; a leak per decision or per re-screen would be hundreds.
    assert grown < 150, f"memory grew {grown:.0f} MB"
    ops = {e.op for e in window.session.history.entries if e.action == "decided"}
    assert len(ops) == DECISIONS
    # Every decision persists: the autosave read back has the decisions and history in force now.
    window.flush_autosave()
    loaded, warning = window.autosave.read()
    assert warning == "" and isinstance(loaded, AuditSession)
    assert loaded.decisions == window.session.decisions
    assert len(loaded.history.entries) == len(window.session.history.entries)
