"""Logging for both front ends: a rotating file in the platformdirs log folder, the record of what ran.

Every run, export and error is logged by the core and the application layer (guiapp.app) with the standard
``logging`` module; this module only decides where it goes. The level is INFO, DEBUG with the CLI's --debug
or the environment variable BOM_AUDITOR_DEBUG=1 (for the window). Nothing goes to the terminal unless asked
(--debug): the CLI's own output stays the contract.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from guiapp.model import printable
from guiapp.settings import app_dirs, remove_stale_app_temp_files

DEBUG_ENV = "BOM_AUDITOR_DEBUG"
LOG_NAME = "bom-auditor.log"
_MAX_BYTES = 2_000_000
_BACKUPS = 5
_FORMAT = "%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s"


class _PrintableFormatter(logging.Formatter):
    """Escapes control characters from file names and cells, so that reading the log cannot drive a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record))


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time of the record (a test's capture, or a redirected CLI)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def log_path() -> Path:
    """Where the log file is (its folder is created)."""
    return app_dirs().logs / LOG_NAME


def debug_requested() -> bool:
    """BOM_AUDITOR_DEBUG set to anything but 0/false/empty."""
    return os.environ.get(DEBUG_ENV, "").strip().lower() not in ("", "0", "false", "no")


def configure_logging(*, debug: bool = False, console: bool = False) -> Path:
    """Send guiapp's log records to the rotating log file (and to stderr with console); returns the file.

    Idempotent: a second call (a test, or the folder moved with BOM_AUDITOR_HOME) replaces the handlers this
    function added before, never the ones another program configured.
    """
    path = log_path()
    logger = logging.getLogger("guiapp")
    for h in list(logger.handlers):
        if getattr(h, "_bom_auditor", False):
            logger.removeHandler(h)
            h.close()
    level = logging.DEBUG if debug or debug_requested() else logging.INFO
    handlers: list[logging.Handler] = []
    try:
        handlers.append(
            logging.handlers.RotatingFileHandler(
                # backslashreplace: a file name that is not UTF-8 is logged as \udcff, not a logging error.
                path,
                maxBytes=_MAX_BYTES,
                backupCount=_BACKUPS,
                encoding="utf-8",
                errors="backslashreplace",
            )
        )
    except OSError as exc:  # a read-only log folder must not stop screening
        print(f"bom-auditor: warning: cannot write the log file {path} ({exc.strerror})", file=sys.stderr)
    if console:
        handlers.append(_StderrHandler())
    if not handlers:
        handlers.append(logging.NullHandler())  # no fallback to Python's last-resort stderr handler
    for h in handlers:
        h.setFormatter(_PrintableFormatter(_FORMAT))
        h._bom_auditor = True  # type: ignore[attr-defined]
        logger.addHandler(h)
    logger.setLevel(level)
    # Both programs call this first: the place to clear what a killed run left in the app's folders.
    for stale in remove_stale_app_temp_files():
        logger.info("removed %s, left by a run that was killed while writing", stale)
    # Records stay in our handlers; a host program's root handlers (pytest's capture) still see them.
    return path


#: faulthandler's dump of a hard crash (an abort in Qt, a segfault) goes here, beside the log.
FAULTS_NAME = "faults.log"
_START_MARK = "=== BOM Auditor started"
_faults_file = None


def enable_fault_log() -> tuple[Path, str]:
    """Send faulthandler's tracebacks of a hard crash to faults.log in the log folder.

    A crash that kills the interpreter (none_dealloc, a segfault in a Qt library) leaves no Python exception
    to log; faulthandler writes every thread's stack to this file as the process dies. Returns the file and
    what the previous run left there after its start mark ("" when it ended normally), so the window can say
    that the last session crashed and where the details are.
    """
    import faulthandler
    import time

    global _faults_file
    path = app_dirs().logs / FAULTS_NAME
    previous = ""
    try:
        if path.exists() and path.stat().st_size > 1_000_000:
            path.replace(path.with_suffix(".log.1"))  # kept small; the older dumps stay one file back
        text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        last = text.rfind(_START_MARK)
        if last >= 0:
            previous = text[last:].partition("\n")[2].strip()
        if _faults_file is not None:
            _faults_file.close()
        _faults_file = path.open("a", encoding="utf-8")
        _faults_file.write(f"{_START_MARK} pid {os.getpid()} at {time.strftime('%Y-%m-%dT%H:%M:%S%z')}\n")
        _faults_file.flush()
        faulthandler.enable(file=_faults_file, all_threads=True)
    except OSError:
        faulthandler.enable()  # to stderr at least
    return path, previous
