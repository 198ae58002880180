"""Long work on the QThreadPool; results come back to the GUI thread through queued signals.

Workers never touch widgets: they call core functions and emit plain Python objects.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from guiapp.gcpause import gc_paused
from guiapp.model import Cancelled, CancelToken, FileResult, ScreenOptions

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

    def run(self) -> None:
        # Freeze what the worker built: collections during the review then never walk the BOM again.
        with gc_paused(freeze=True):
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
