"""Background work of the window: one QThreadPool, and TaskWorkers whose results come back as queued signals."""

from __future__ import annotations

import functools

from PySide6.QtCore import QObject, QThreadPool
from PySide6.QtWidgets import QMainWindow

from guiapp.gui.workers import TaskWorker


class TaskController(QObject):
    """Runs the window's one-off tasks (re-screen, export, report, previous audit, lists for About).

    The pool is shared with the screening batches and the batch dialog. A task's failure shows in the banner
    unless the caller handles it (on_error).
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.pool = QThreadPool(window)
        self.pool.setMaxThreadCount(2)
        self._tasks: set[TaskWorker] = set()

    def run(self, fn, on_result, *, pass_progress: bool = True, on_error=None) -> TaskWorker:
        task = TaskWorker(fn, pass_progress=pass_progress)
        task.signals.result.connect(on_result)
        task.signals.error.connect(on_error or self._on_error)
        task.signals.finished.connect(functools.partial(self._on_finished, task))
        self._tasks.add(task)
        self.pool.start(task)
        return task

    def busy(self) -> bool:
        return bool(self._tasks)

    def cancel_all(self) -> None:
        for t in list(self._tasks):
            t.cancel()

    def _on_error(self, message: str) -> None:
        self._window.view.banner.show_message(message, "error")
        self._window.review.update_status_summary()

    def _on_finished(self, task: TaskWorker) -> None:
        self._tasks.discard(task)
