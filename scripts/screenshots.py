"""Screenshots of the window's main states on the sample BOM, for docs and for checking the layout.

Usage: python scripts/screenshots.py OUTPUT_FOLDER

Runs the real window at 1366x768: offscreen unless QT_QPA_PLATFORM says otherwise (e.g. xcb under Xvfb).
It uses a throw-away app folder (BOM_AUDITOR_HOME) so a person's settings and autosave are never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")
    os.environ["BOM_AUDITOR_HOME"] = tempfile.mkdtemp(prefix="bom-auditor-shots-")

    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from guiapp.gui.app import app_icon
    from guiapp.gui.mainwindow import MainWindow
    from guiapp.resources import sample_bom
    from guiapp.settings import Settings, save_settings

    save_settings(Settings(reviewer="Sample Reviewer"))
    app = QApplication([sys.argv[0]])
    app.setWindowIcon(app_icon())
    window = MainWindow(offer_resume=False)
    window.resize(1366, 768)
    window.show()

    def settle(ms: int = 150) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def shot(name: str) -> None:
        settle()
        path = out / f"{name}.png"
        window.grab().save(str(path))
        print(path)

    shot("01-empty")

    loop = QEventLoop()
    window.screeningFinished.connect(loop.quit)
    window.open_paths([sample_bom()])
    QTimer.singleShot(60_000, loop.quit)
    loop.exec()

    # A few decisions so the states show: confirm the first, mark a near miss false positive.
    window.tabs.setCurrentIndex(0)
    window.hits_view.setFocus()
    window.hits_view.selectRow(0)
    window.decide_selected("confirmed")
    window.decide_selected("escalated")
    window.hits_view.selectRow(2)
    refs = window.selected_refs()
    window.session.set_note(refs, "Hikvision camera on the gateway; replace with Axis P3245")
    window.decide_selected("confirmed")
    window.hits_view.selectRow(1)
    shot("02-findings-detail")

    window.tabs.setCurrentIndex(1)
    window.groups_view.setFocus()
    window.groups_view.selectRow(0)
    shot("03-grouped")

    window.tabs.setCurrentIndex(0)
    window.hits_view.selectRow(1)
    window.show_current_in_sheet()
    shot("04-whole-sheet")

    window.filter_edit.setText("hik")
    window.tabs.setCurrentIndex(0)
    window.hits_view.selectRow(0)
    shot("05-filtered")

    window.shutdown()
    window.close()
    app.processEvents()
    del Qt
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
