"""Long work on the QThreadPool; results come back to the GUI thread through queued signals.

Workers never touch widgets: they call core functions and emit plain Python objects.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from guiapp.model import Cancelled, CancelToken, FileResult, ScreenOptions

log = logging.getLogger(__name__)

_gc_lock = threading.Lock()
_gc_busy = 0
_gc_was_enabled = True


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector while a worker builds a big BOM; freeze what it built.

    A full collection walks every live object while holding the GIL. Reading a 100,000-row BOM makes
    about a million strings in lists, and each full collection then freezes the GUI thread for
    100-500 ms, growing with the heap (measured by tests/bench/bench_gui.py). The rows hold no
    reference cycles, so reference counting frees them anyway; at the end the survivors are moved to
    the permanent generation (gc.freeze) so later collections, during review, never walk them again.
    Nested and concurrent workers share one pause.
    """
    global _gc_busy, _gc_was_enabled
    with _gc_lock:
        if _gc_busy == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_busy += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_busy -= 1
            if _gc_busy == 0:
                gc.freeze()
                if _gc_was_enabled:
                    gc.enable()


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

    def run(self) -> None:
        with gc_paused():
            self._run(self.signals)

    def _run(self, signals) -> None:
        raise NotImplementedError


class ScreenSignals(QObject):
    """Signals of a ScreenWorker (a QRunnable cannot have signals itself)."""

    #: watchlists, matcher: the lists were loaded and the matcher built (once per settings).
    matcherReady = Signal(object, object)
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
    """Read and screen a batch of files one by one.

    Args:
        paths: the files.
        options: screening options.
        matcher: the matcher, or None to load the watchlists and build one first.
        load_matcher: () -> (watchlists, matcher), called in the worker when matcher is None.
        screen: (path, matcher, options, progress=, cancel=) -> FileResult (screening.screen_file),
            followed by post (result, matcher) -> FileResult for remembered mappings.
    """

    def __init__(
        self,
        paths: Sequence[Path],
        options: ScreenOptions,
        matcher,
        load_matcher: Callable[[], tuple[list, object]],
        screen: Callable[..., FileResult],
        post: Callable[[FileResult, object], FileResult] | None = None,
    ) -> None:
        super().__init__(ScreenSignals())
        self.paths = list(paths)
        self.options = options
        self.matcher = matcher
        self._load_matcher = load_matcher
        self._screen = screen
        self._post = post

    def _run(self, s: ScreenSignals) -> None:
        try:
            if self.matcher is None:
                watchlists, matcher = self._load_matcher()
                self.matcher = matcher
                s.matcherReady.emit(watchlists, matcher)
            for i, path in enumerate(self.paths):
                self.cancel_token.raise_if_cancelled()
                s.fileStarted.emit(i, path)

                def progress(done: int, total: int, message: str, _i: int = i) -> None:
                    s.fileProgress.emit(_i, done, total, message)

                try:
                    result = self._screen(
                        path, self.matcher, self.options, progress=progress, cancel=self.cancel_token
                    )
                    if self._post is not None and result.ok:
                        result = self._post(result, self.matcher)
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
