"""Long work on the QThreadPool; results come back to the GUI thread through queued signals.

Workers never touch widgets: they call core functions and emit plain Python objects.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from guiapp.app.screener import Screener
from guiapp.gcpause import gc_paused
from guiapp.model import Cancelled, CancelToken, FileResult

log = logging.getLogger(__name__)


class CancellableWorker(QRunnable):
    """A QRunnable its owner keeps (not auto-deleted) with a cancel token and a signals object.

    run() pauses the garbage collector (see gc_paused) around the subclass's _run(signals), which reports
    only through those signals.
    """

    def __init__(self, signals: QObject) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.cancel_token = CancelToken()
        self.signals = signals

    def cancel(self) -> None:
        self.cancel_token.cancel()

    #: What a finished worker keeps: everything else is dropped when run() ends (see _release).
    _KEEP = frozenset({"cancel_token", "signals"})

    def run(self) -> None:
        try:
            # Freeze what the worker built: collections during the review then never walk the BOM again.
            with gc_paused(freeze=True):
                self._run(self.signals)
        finally:
            self._release()

    def _release(self) -> None:
        """Drop what the work needed (the files, the screener, the task's function and its arguments).

        PySide's thread pool keeps a reference to every runnable started with autoDelete off, so whatever
        a finished worker still held stayed in memory for the life of the window: a whole matcher and its
        lists' index per re-screen after a lists change (found by tests/gui/test_soak.py, ~1 MB each).
        The results went out through the signals, which own them.
        """
        for name in list(vars(self)):
            if name not in self._KEEP:
                setattr(self, name, None)

    def _run(self, signals) -> None:
        raise NotImplementedError


class ScreenSignals(QObject):
    """Signals of a ScreenWorker (a QRunnable cannot have signals itself)."""

    #: Screener: the lists were loaded and the matcher built (once per settings).
    screenerReady = Signal(object)
    #: index of the file in the batch, path.
    fileStarted = Signal(int, object)
    #: index, done, total, message: progress inside one file.
    fileProgress = Signal(int, int, int, str)
    #: index, FileResult.
    fileDone = Signal(int, object)
    #: the whole batch ended (after cancel, too).
    finished = Signal()
    cancelled = Signal()
    #: a failure that is not one file's fault (e.g. the watchlist cannot be loaded).
    failed = Signal(str)


class ScreenWorker(CancellableWorker):
    """Read and screen a batch of files one by one with the application layer's Screener.

    Args:
        paths: the files.
        screener: the lists, matcher, options and remembered mappings, or None to load them first.
        load_screener: () -> Screener, called in the worker when screener is None.
    """

    def __init__(
        self,
        paths: Sequence[Path],
        screener: Screener | None,
        load_screener: Callable[[], Screener],
    ) -> None:
        super().__init__(ScreenSignals())
        self.paths = list(paths)
        self.screener = screener
        self._load_screener = load_screener

    def _run(self, s: ScreenSignals) -> None:
        try:
            if self.screener is None:
                self.screener = self._load_screener()
                s.screenerReady.emit(self.screener)
            for i, path in enumerate(self.paths):
                self.cancel_token.raise_if_cancelled()
                s.fileStarted.emit(i, path)

                def progress(done: int, total: int, message: str, _i: int = i) -> None:
                    s.fileProgress.emit(_i, done, total, message)

                try:
                    result = self.screener.screen(path, progress=progress, cancel=self.cancel_token)
                except Cancelled:
                    raise
                except Exception as exc:  # one bad file must never stop the batch
                    log.exception("screening %s failed", path)
                    result = FileResult(path=Path(path), status="error", error=f"{Path(path).name}: {exc}")
                s.fileDone.emit(i, result)
        except Cancelled:
            s.cancelled.emit()
        except Exception as exc:
            log.error("screening batch failed:\n%s", traceback.format_exc())
            s.failed.emit(str(exc) or exc.__class__.__name__)
        finally:
            s.finished.emit()


class TaskSignals(QObject):
    """Signals of a TaskWorker."""

    progress = Signal(int, int, str)
    result = Signal(object)
    error = Signal(str)
    cancelled = Signal()
    finished = Signal()


class TaskWorker(CancellableWorker):
    """Run fn(progress=, cancel=) on the pool and hand its return value back (export, re-screen...)."""

    def __init__(self, fn: Callable[..., object], *, pass_progress: bool = True) -> None:
        super().__init__(TaskSignals())
        self._fn = fn
        self._pass_progress = pass_progress

    def _run(self, s: TaskSignals) -> None:
        try:
            if self._pass_progress:
                value = self._fn(progress=s.progress.emit, cancel=self.cancel_token)
            else:
                value = self._fn()
            s.result.emit(value)
        except Cancelled:
            s.cancelled.emit()
        except Exception as exc:
            log.error("background task failed:\n%s", traceback.format_exc())
            s.error.emit(str(exc) or exc.__class__.__name__)
        finally:
            s.finished.emit()
