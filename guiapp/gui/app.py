"""Entry point of the window: `bom-auditor [FILES...]` and `python -m guiapp`."""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

from guiapp import __version__
from guiapp.logsetup import configure_logging, enable_fault_log

log = logging.getLogger("guiapp")


def setup_logging() -> Path:
    """Log to the rotating file in the logs folder (DEBUG with BOM_AUDITOR_DEBUG=1); returns its path."""
    return configure_logging()


def install_excepthook(log_path: Path) -> None:
    """Log any uncaught exception with its traceback and tell the person where the log is."""

    def hook(exc_type, exc, tb) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("uncaught exception:\n%s", text)
        try:
            from PySide6.QtWidgets import QApplication, QMessageBox

            if QApplication.instance() is not None:
                box = QMessageBox(
                    QMessageBox.Icon.Critical,
                    QCoreApplication.translate("Startup", "BOM Auditor: unexpected error"),
                    QCoreApplication.translate(
                        "Startup",
                        "Something went wrong: {error}\n\nYour decisions are autosaved. The details were "
                        "written to:\n{path}\n\nPlease send that file with your report.",
                    ).format(error=f"{exc_type.__name__}: {exc}", path=log_path),
                )
                box.setDetailedText(text)
                box.exec()
        except Exception:  # the hook must never raise
            sys.__excepthook__(exc_type, exc, tb)

    sys.excepthook = hook


def app_icon():
    """The window and taskbar icon: the SVG plus its rendered sizes (crisp at 16 px, where SVG blurs)."""
    from PySide6.QtGui import QIcon

    from guiapp.resources import resource_path

    icon = QIcon()
    try:
        folder = resource_path("icons")
    except FileNotFoundError:
        return icon
    for png in sorted(folder.glob("bom-auditor-*.png")):
        icon.addFile(str(png))
    svg = folder / "bom-auditor.svg"
    if svg.is_file():
        icon.addFile(str(svg))
    return icon


def configure_app(app) -> None:
    """Names, icon and desktop file that the taskbar, dock and window manager show."""
    app.setApplicationName("BOM Auditor")
    app.setApplicationDisplayName("BOM Auditor")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("BOM Auditor")
    # Wayland and the taskbar match the window to resources/desktop/bom-auditor.desktop by this name.
    app.setDesktopFileName("bom-auditor")
    app.setWindowIcon(app_icon())
    follow_color_scheme(app)
    hints = app.styleHints()
    if hasattr(hints, "colorSchemeChanged"):  # Qt 6.5+
        hints.colorSchemeChanged.connect(lambda _scheme: follow_color_scheme(app))


def follow_color_scheme(app) -> bool:
    """Use Fusion when the system is in dark mode but the native style kept a light palette.

    Windows' native style (windowsvista) always draws light, whatever the system setting; Fusion takes the
    platform's dark palette. Elsewhere the platform theme's palette is already dark and nothing changes.
    Returns True when the style was switched.
    """
    from PySide6.QtCore import Qt

    from guiapp.gui import theme

    hints = app.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else None
    if scheme != Qt.ColorScheme.Dark or theme.is_dark(app.palette()):
        return False
    if app.style().name().casefold() == "fusion":
        return False
    log.info("the system is in dark mode but the %s style is light; using Fusion", app.style().name())
    app.setStyle("Fusion")
    return True


def bring_to_front(window) -> None:
    """Un-minimise, raise and activate the window (a second launch asked for it)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    window.setWindowState(
        (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
    )
    window.show()
    window.raise_()
    window.activateWindow()
    # Window managers may refuse focus to an app the person did not click; then the taskbar entry flashes.
    QApplication.alert(window)


class OpenRequestRouter(QObject):
    """Queues files from a second launch and from macOS file-open events until the window exists,
    then hands them to its open_paths() in one call."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._window = None
        self._pending: list[str] = []
        self._raise = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # macOS sends one event per file when several are opened at once; gather them.
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._flush)

    def request(self, paths, *, bring_forward: bool = False) -> None:
        """Open paths (and raise the window) as soon as the window exists."""
        self._pending.extend(str(p) for p in paths)
        self._raise = self._raise or bring_forward
        if self._window is not None:
            self._timer.start()

    def request_from_launch(self, paths) -> None:
        """A second launch: open its files and bring the window forward."""
        log.info("a second launch handed over %d path(s)", len(paths))
        self.request(paths, bring_forward=True)

    def set_window(self, window) -> None:
        """The window that receives the paths; anything queued before it existed goes now."""
        self._window = window
        if self._pending or self._raise:
            self._timer.start()

    def _flush(self) -> None:
        if self._window is None:
            return
        paths, self._pending = list(dict.fromkeys(self._pending)), []
        bring, self._raise = self._raise, False
        if paths:
            self._window.open_paths(paths)
        if bring:
            bring_to_front(self._window)


class FileOpenEventFilter(QObject):
    """Routes QFileOpenEvent (macOS: a file dropped on the Dock icon or opened from Finder) to the router."""

    def __init__(self, router: OpenRequestRouter, parent=None) -> None:
        super().__init__(parent)
        self._router = router

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FileOpen:
            path = event.file() or event.url().toLocalFile()
            if path:
                self._router.request([path])
            return True
        return False


USAGE = """usage: bom-auditor [--new-instance] [--smoke-test] [FILE|FOLDER ...]

Open the BOM Auditor window on the files and folders given (.xlsx .xlsm .xls .xlsb .ods .csv).
When BOM Auditor is already open, the files go to that window.

  --new-instance  open a separate window even if BOM Auditor is already running
  --smoke-test    open the files (the sample BOM when none is given), wait for screening, print a
                  one-line summary, open Help > About > Licences and exit: 0 when screening finished
                  and the licences showed, 1 otherwise (for CI)
  --version       print the version
"""

SMOKE_TIMEOUT_MS = 120_000


def _run_smoke_test(app, window, files: list[str]) -> int:
    """Open files, wait for screening, print what the status bar says, and quit."""
    import time

    from PySide6.QtCore import QTimer

    from guiapp.resources import sample_bom

    files = files or [str(sample_bom())]
    missing = [f for f in files if not Path(f).exists()]
    if missing:
        # A smoke test of files that are not there must fail, not report an empty window as fine.
        print(f"smoke test: no such file or folder: {', '.join(missing)}", flush=True)
        window.close()
        return 2
    started = time.monotonic()
    outcome = {"code": 1}

    def finished() -> None:
        status = getattr(window, "status_label", None)
        summary = status.text() if status is not None else "screening finished"
        print(f"smoke test: {summary} ({time.monotonic() - started:.1f} s)", flush=True)
        bad = [e for e in window.files_model.entries() if e.status != "ok"]
        for e in bad:
            print(f"smoke test: {e.path.name}: {e.status}: {e.message}", flush=True)
        outcome["code"] = 1 if bad or not _smoke_licences(window) else 0
        app.quit()

    def timed_out() -> None:
        print(f"smoke test: screening did not finish within {SMOKE_TIMEOUT_MS // 1000} s", flush=True)
        app.quit()

    window.screeningFinished.connect(finished)
    QTimer.singleShot(SMOKE_TIMEOUT_MS, timed_out)
    window.open_paths(files)
    app.exec()
    window.close()
    return outcome["code"]


def _smoke_licences(window) -> bool:
    """Help > About > Licences, opened as a reviewer would: True when the licence and the notices show."""
    window.show_about()
    about = window.about_dialog
    about.show_licences()
    project, notices = about.licences_dialog.page_text(0), about.licences_dialog.page_text(1)
    count = notices.count("\n" + "=" * 100 + "\n")
    first = project.strip().splitlines()[0] if project.strip() else "no licence"
    print(f"smoke test: Help > About > Licences: {first}, {count} third-party notices", flush=True)
    about.close()
    return bool(project.strip()) and count > 0


def _install_smoke_excepthook() -> None:
    """In a smoke test an error must end the run with a traceback, never wait on a dialog."""

    def hook(exc_type, exc, tb) -> None:
        # A windowed Windows build has no stderr (sys.stderr is None); the log still gets it.
        with contextlib.suppress(Exception):
            traceback.print_exception(exc_type, exc, tb)
            sys.stderr.flush()
        log.error("uncaught exception:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        os._exit(70)

    sys.excepthook = hook


def main(argv: list[str] | None = None) -> int:
    """Open the window with the files named on the command line (or hand them to the open window)."""
    argv = list(sys.argv if argv is None else [sys.argv[0] if sys.argv else "bom-auditor", *argv])
    options = set(argv[1:])
    if options & {"--version", "-V"}:
        print(f"bom-auditor {__version__}")
        return 0
    if options & {"--help", "-h"}:
        print(USAGE, end="")
        return 0
    smoke = "--smoke-test" in options
    new_instance = smoke or "--new-instance" in options
    if (
        smoke
        and sys.platform.startswith("linux")
        and not (
            os.environ.get("DISPLAY")
            or os.environ.get("WAYLAND_DISPLAY")
            or os.environ.get("QT_QPA_PLATFORM")
        )
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # CI has no screen

    from PySide6.QtWidgets import QApplication

    from guiapp.gui.single_instance import SingleInstanceServer, send_paths

    log_path = setup_logging()
    faults_path, last_crash = enable_fault_log()
    if last_crash:
        log.error("the previous session ended in a crash; faulthandler wrote:\n%s", last_crash[:4000])
    app = QApplication.instance() or QApplication(argv)
    configure_app(app)
    from guiapp.gui.i18n import install_translators
    from guiapp.settings import load_settings

    install_translators(load_settings().language)
    # Qt removed its own options (-platform ...) from arguments(); what starts with "-" now is ours.
    files = [a for a in app.arguments()[1:] if not a.startswith("-")]

    server = None
    if not new_instance:
        if send_paths([str(Path(f).absolute()) for f in files]):
            log.info("handed %d path(s) to the running BOM Auditor", len(files))
            return 0
        server = SingleInstanceServer(parent=app)
        if not server.listen():
            # Another instance listens but did not answer (busy); run on our own rather than lose the files.
            log.warning("could not become the single instance; later launches will open their own windows")

    log.info("starting BOM Auditor %s at %s", __version__, _dt.datetime.now(_dt.UTC).isoformat())
    router = OpenRequestRouter(app)
    file_open_filter = FileOpenEventFilter(router, app)
    app.installEventFilter(file_open_filter)
    if server is not None:
        server.pathsReceived.connect(router.request_from_launch)

    from guiapp.gui.mainwindow import MainWindow

    if smoke:
        _install_smoke_excepthook()
    else:
        install_excepthook(log_path)
    crash_note = (
        QCoreApplication.translate(
            "Startup",
            "BOM Auditor stopped unexpectedly last time; the details are in {path} (please send that file "
            "with your report).",
        ).format(path=faults_path)
        if last_crash and not smoke
        else ""
    )
    window = MainWindow(offer_resume=not files and not smoke, crash_note=crash_note)
    window.show()
    # Once shown, the window manager's frame is known: the whole window must fit the screen.
    QTimer.singleShot(0, window.sessions.fit_to_screen)
    if smoke:
        return _run_smoke_test(app, window, files)
    if files:
        window.open_paths(files)
    router.set_window(window)
    try:
        return app.exec()
    finally:
        if server is not None:
            server.close()


if __name__ == "__main__":
    raise SystemExit(main())
