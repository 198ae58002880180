"""Screenshots of the window's main states on the sample BOM, for docs and for checking the layout.

Usage: python tests/tools/screenshots.py [OUTPUT_FOLDER] [--sizes 1366x768,1920x1080] [--readme-shot PATH] [--dark]

Writes only into OUTPUT_FOLDER (default: a new temporary folder, printed), one subfolder per window size.
--readme-shot copies the main state (findings with the detail pane, at the first size) to PATH as well,
e.g. resources/screenshots/main-window.png for the README. --dark asks Qt for the dark colour scheme
(QStyleHints.setColorScheme) and, where the platform theme has no dark palette (offscreen, Xvfb), sets a
dark QPalette with the Fusion style, as a desktop in dark mode would.

Runs the real window: offscreen unless QT_QPA_PLATFORM says otherwise (xcb under Xvfb shows the real
window decorations and fonts). It uses a throw-away app folder (BOM_AUDITOR_HOME) so a person's settings,
autosave and decision memory are never touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path


def parse_size(text: str) -> tuple[int, int]:
    w, h = text.lower().split("x")
    return int(w), int(h)


def use_dark_palette(app) -> None:
    """Dark mode: the platform's own dark palette when it has one, else a dark Fusion palette."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from guiapp.gui import theme

    hints = QGuiApplication.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt 6.8+
        hints.setColorScheme(Qt.ColorScheme.Dark)
        app.processEvents()
    if not theme.is_dark(app.palette()):
        app.setStyle("Fusion")
        app.setPalette(theme.dark_palette())


def make_revision(source: Path, target: Path) -> Path:
    """A next revision of the sample: the Dahua row replaced by another maker, a Hikvision row added."""
    import openpyxl

    wb = openpyxl.load_workbook(source)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "DAHUA" in cell.value.upper():
                    cell.value = "Quectel Wireless Solutions"
    ws = wb.worksheets[0]
    ws.append(["U40", 1, "Network camera, 2MP", "Hikvision", "DS-2CD1023G0E-I", "Anjia"])
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def wait_for(signal, settle, timeout_ms: int = 60_000):
    """Run the event loop until signal fires (or the timeout); returns its arguments."""
    from PySide6.QtCore import QEventLoop, QTimer

    got: list = []
    loop = QEventLoop()

    def done(*args) -> None:
        got.extend(args)
        loop.quit()

    signal.connect(done)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(done)
    return got


def shoot_evidence(window, shot, settle, folder: Path) -> None:
    """The batch dialog after a run over the sample and a damaged file; a previous audit applied to a revision."""
    import tempfile

    from guiapp.resources import sample_bom

    work = Path(tempfile.mkdtemp(prefix="bom-auditor-shots-evidence-"))
    boms = work / "supplier drop"
    boms.mkdir()
    shutil.copyfile(sample_bom(), boms / "sample-bom.xlsx")
    (boms / "damaged-bom.xlsx").write_bytes(b"not a workbook")
    window.open_batch_dialog()
    dlg = window.batch_dialog
    dlg.resize(900, 420)
    dlg.folder_edit.setText(str(boms))
    dlg.out_edit.setText(str(work / "batch out"))
    dlg.start()
    wait_for(dlg.batchFinished, settle)
    shot("13-batch", dlg)
    dlg.close()

    rev1 = work / "rev1" / "sample-bom.xlsx"
    rev1.parent.mkdir()
    shutil.copyfile(sample_bom(), rev1)
    audit = window.session.save(work / "rev1" / "sample-bom.bomaudit.json")
    rev2 = make_revision(rev1, work / "rev2" / "sample-bom.xlsx")
    window.open_paths([rev2])
    if window.is_busy():
        wait_for(window.screeningFinished, settle)
    row = window.files_model.row_of(rev2)
    window.files_view.setCurrentIndex(window.files_model.index(row))
    target = window.current_file_result()
    window.apply_previous_audit(audit, target, previous_bom=rev1)
    wait_for(window.previousAuditApplied, settle)
    shot("14-previous-audit-diff", window.diff_dialog)
    window.diff_dialog.close()
    shot("15-after-previous-audit")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "folder", nargs="?", type=Path, help="where to write the PNGs (default: a temp folder)"
    )
    parser.add_argument("--sizes", default="1366x768,1920x1080")
    parser.add_argument("--readme-shot", type=Path, help="also save the main state here (first size)")
    parser.add_argument("--dark", action="store_true", help="run the window in a dark palette")
    args = parser.parse_args(argv)
    out = args.folder or Path(tempfile.mkdtemp(prefix="bom-auditor-screenshots-"))
    out.mkdir(parents=True, exist_ok=True)
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")
    os.environ["BOM_AUDITOR_HOME"] = tempfile.mkdtemp(prefix="bom-auditor-shots-home-")

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from guiapp.gui.app import app_icon
    from guiapp.gui.mainwindow import MainWindow
    from guiapp.gui.models import REF_ROLE, REVIEW_ROLE
    from guiapp.resources import sample_bom
    from guiapp.settings import Settings, save_settings

    save_settings(Settings(reviewer="Sample Reviewer"))
    app = QApplication([sys.argv[0]])
    app.setApplicationName("BOM Auditor")
    app.setWindowIcon(app_icon())
    from guiapp.gui.i18n import install_translators

    install_translators("")  # as the app does: BOM_AUDITOR_LANG=de shoots the German window
    if args.dark:
        use_dark_palette(app)

    def settle(ms: int = 200) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    main_shot: Path | None = None
    for width, height in sizes:
        folder = out / f"{width}x{height}"
        folder.mkdir(exist_ok=True)
        # A fresh window (and app folder state) per size: nothing from the previous size carries over.
        for name in ("window.ini", "autosave.json"):
            for p in Path(os.environ["BOM_AUDITOR_HOME"]).rglob(name):
                p.unlink()
        window = MainWindow(offer_resume=False)
        window.resize(width, height)
        window.show()

        def shot(name: str, target=None, _folder=folder, _window=window) -> Path:
            settle()
            path = _folder / f"{name}.png"
            (target or _window).grab().save(str(path))
            print(path)
            return path

        shot("01-empty")

        # The screening state: the progress bars and Cancel in the status bar, caught while the worker runs.
        loop = QEventLoop()
        window.screeningFinished.connect(loop.quit)
        taken: list[Path] = []

        def grab_screening(*_args, _folder=folder, _window=window, taken=taken) -> None:
            if not taken and _window.is_busy():
                path = _folder / "02-screening.png"
                _window.grab().save(str(path))
                taken.append(path)
                print(path)

        window.open_paths([sample_bom()])
        if window._screen_worker is not None:
            window._screen_worker.signals.fileStarted.connect(grab_screening)
            window._screen_worker.signals.fileProgress.connect(grab_screening)
        QTimer.singleShot(60_000, loop.quit)
        if window.is_busy():
            loop.exec()

        # A few decisions so the states show: confirm one, escalate one with a note, leave the rest pending.
        window.tabs.setCurrentIndex(0)
        window.hits_view.setFocus()
        window.hits_view.selectRow(0)
        window.decide_selected("confirmed")
        window.hits_view.selectRow(1)
        window.decide_selected("escalated")
        window.hits_view.selectRow(2)
        refs = window.selected_refs()
        window.session.set_note(refs, "Hikvision camera on the gateway; replace with Axis P3245")
        window.decide_selected("confirmed")
        window.hits_view.selectRow(1)
        main = shot("03-findings-detail")
        if main_shot is None:
            main_shot = main

        review_rows = [
            r for r in range(window.hits_proxy.rowCount()) if window.hits_proxy.index(r, 0).data(REVIEW_ROLE)
        ]
        if review_rows:
            window.hits_view.selectRow(review_rows[0])
            shot("04-review-level-hit")
        pattern_rows = [
            r
            for r in range(window.hits_proxy.rowCount())
            if window.hits_proxy.index(r, 0).data(REF_ROLE).hit.match.method == "part_number"
        ]
        if pattern_rows:
            window.hits_view.selectRow(pattern_rows[0])
            shot("05-pattern-hit")

        window.tabs.setCurrentIndex(1)
        window.groups_view.setFocus()
        window.groups_view.selectRow(0)
        shot("06-by-value")

        window.tabs.setCurrentIndex(0)
        window.hits_view.selectRow(1)
        window.show_current_in_sheet()
        shot("07-whole-sheet")

        window.tabs.setCurrentIndex(0)
        window.filter_edit.setText("hik")
        window.hits_view.selectRow(0)
        shot("08-filtered")
        window.filter_edit.clear()

        # A banner over the work, and a file that could not be read (red in the file list).
        window.banner.show_message(
            "Exported sample-bom.audited.xlsx to the sample folder.", "ok", [("Open folder", lambda: None)]
        )
        shot("11-banner")
        window.banner.show_message("The watchlists could not be loaded: an example error.", "error")
        bad = Path(os.environ["BOM_AUDITOR_HOME"]) / "damaged-bom.xlsx"
        bad.write_bytes(b"not a workbook")
        loop = QEventLoop()
        window.screeningFinished.connect(loop.quit)
        QTimer.singleShot(30_000, loop.quit)
        window.open_paths([bad])
        if window.is_busy():
            loop.exec()
        shot("12-error-banner-and-file")
        window.banner.hide()

        window.show_about()
        settle(600)  # the watchlists are already loaded; give the dialog its size
        shot("09-about", window.about_dialog)
        window.about_dialog.close()

        from guiapp.gui.dialogs import SettingsDialog

        dlg = SettingsDialog(window.settings, window.memory, window)
        dlg.show()
        shot("10-settings", dlg)
        dlg.close()

        from guiapp.gui.watchlists_dialog import WatchlistsDialog
        from guiapp.lists.store import ListStore

        lists = WatchlistsDialog(ListStore(), window)
        lists.resize(1000, 600)
        lists.show()
        settle(400)
        shot("10b-watchlists", lists)
        lists.close()

        shoot_evidence(window, shot, settle, folder)

        window.shutdown()
        window.close()
        window.deleteLater()
        app.processEvents()

    if args.readme_shot and main_shot is not None:
        args.readme_shot.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(main_shot, args.readme_shot)
        print(args.readme_shot)
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
