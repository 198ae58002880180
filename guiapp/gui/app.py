"""Entry point of the window: `bom-auditor [FILES...]` and `python -m guiapp`."""

from __future__ import annotations

import datetime as _dt
import logging
import logging.handlers
import sys
import traceback
from pathlib import Path

from guiapp import __version__
from guiapp.settings import app_dirs

log = logging.getLogger("guiapp")


def setup_logging() -> Path:
    """Log to a rotating file in the logs folder; returns its path."""
    path = app_dirs().logs / "bom-auditor.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


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
                    "BOM Auditor: unexpected error",
                    f"Something went wrong: {exc_type.__name__}: {exc}\n\n"
                    f"Your decisions are autosaved. The details were written to:\n{log_path}\n\n"
                    "Please send that file with your report.",
                )
                box.setDetailedText(text)
                box.exec()
        except Exception:  # the hook must never raise
            sys.__excepthook__(exc_type, exc, tb)

    sys.excepthook = hook


def app_icon():
    from PySide6.QtGui import QIcon

    from guiapp.resources import resource_path

    try:
        path = resource_path("icons", "bom-auditor.svg")
    except FileNotFoundError:
        return QIcon()
    return QIcon(str(path)) if path.is_file() else QIcon()


def main(argv: list[str] | None = None) -> int:
    """Open the window with the files named on the command line."""
    argv = list(sys.argv if argv is None else [sys.argv[0] if sys.argv else "bom-auditor", *argv])
    if any(a in ("--version", "-V") for a in argv[1:]):
        print(f"bom-auditor {__version__}")
        return 0
    from PySide6.QtWidgets import QApplication

    from guiapp.gui.mainwindow import MainWindow

    log_path = setup_logging()
    log.info("starting BOM Auditor %s at %s", __version__, _dt.datetime.now(_dt.UTC).isoformat())
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("BOM Auditor")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("BOM Auditor")
    app.setDesktopFileName("bom-auditor")
    app.setWindowIcon(app_icon())
    install_excepthook(log_path)
    files = [a for a in app.arguments()[1:] if not a.startswith("-")]
    window = MainWindow(offer_resume=not files)
    window.show()
    if files:
        window.open_paths(files)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
