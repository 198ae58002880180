"""Opening and screening files: the queue of paths, ScreenWorker batches, cancel, and re-screening a sheet.

Every way of opening files (command line, File > Open, recent files, drops, a resumed audit) ends in
ScreeningController.open_paths(). The Screener (lists, matcher, options, remembered mappings) is loaded on
the first batch and kept until the lists or the settings change.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow

from guiapp.app.screener import Screener, screen_options
from guiapp.gui import desktop
from guiapp.gui.workers import ScreenWorker
from guiapp.model import ColumnMap, FileResult, ScreenOptions
from guiapp.review.memory import MappingMemory, sheet_signature
from guiapp.screening.screen import make_run_info

BOM_FILTER = QT_TRANSLATE_NOOP(
    "ScreeningController", "BOM files (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.tsv *.txt);;All files (*)"
)


def expand_paths(paths) -> list[Path]:
    """Files to open: files as given, folders searched for BOM files (via the reader's rules)."""
    out: list[Path] = []
    folders = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            folders.append(p)
        else:
            out.append(p)
    if folders:
        from guiapp.ingest.reading import iter_bom_files

        out.extend(iter_bom_files(folders))
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = p.resolve() if p.exists() else p
        if key not in seen:
            seen.add(key)
            unique.append(key)
    return unique


def _load_screener(options: ScreenOptions, use_builtin: bool, mappings: MappingMemory) -> Screener:
    """The lists (built-in, kept, private), the matcher and the remembered mappings (runs on a worker)."""
    from guiapp.lists.store import ListStore

    return Screener.load(options, use_builtin=use_builtin, store=ListStore(), mappings=mappings)


class ScreeningController(QObject):
    """Screens what is opened, one batch at a time on the pool, and re-screens a sheet with a new mapping."""

    #: Every queued file was screened (or the batch was cancelled).
    finished = Signal()
    #: A sheet was re-screened with a new mapping.
    rescreened = Signal()

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._view = window.view
        self.screener: Screener | None = None
        #: The watchlists of the current screener (or loaded for Help > About before any screening).
        self.watchlists: list = []
        self.worker: ScreenWorker | None = None
        self.batch_dialog = None
        self._batch: list[tuple[int, Path]] = []
        self._pending: list[Path] = []
        self._view.cancel_button.clicked.connect(self.cancel)
        self._view.empty_page.open_button.clicked.connect(self.open_dialog)
        self._view.empty_page.sample_button.clicked.connect(self.open_sample)

    @property
    def matcher(self):
        return self.screener.matcher if self.screener is not None else None

    # --- opening and closing files -----------------------------------------------------------
    def open_paths(self, paths) -> None:
        """Open files and folders: the one entry for the command line, File > Open, recent files and drops."""
        w, v = self._window, self._view
        try:
            files = expand_paths(paths)
        except Exception as exc:  # a folder that cannot be listed
            v.banner.show_message(self.tr("Could not open: {reason}").format(reason=exc), "error")
            return
        if not files:
            v.banner.show_message(
                self.tr("No BOM files were found there (.xlsx, .xlsm, .xls, .xlsb, .ods, .csv)."), "warning"
            )
            return
        for f in files:
            w.files_model.add(f)
            desktop.add_recent(f, w.settings.recent_limit)
            if f not in self._pending:
                self._pending.append(f)
        v.update_empty()
        if v.files_view.currentIndex().row() < 0:
            v.files_view.setCurrentIndex(w.files_model.index(w.files_model.row_of(files[0]), 0))
        self._start_next_batch()

    def open_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self._window, self.tr("Open BOM files"), desktop.last_dir(), self.tr(BOM_FILTER)
        )
        if paths:
            self.open_paths(paths)

    def open_sample(self) -> None:
        from guiapp.resources import sample_bom

        try:
            path = sample_bom()
        except FileNotFoundError as exc:
            self._view.banner.show_message(str(exc), "error")
            return
        if not path.is_file():
            self._view.banner.show_message(
                self.tr("The sample BOM is missing ({path}); reinstall the application.").format(path=path),
                "error",
            )
            return
        self.open_paths([path])

    def remove_current_file(self) -> None:
        w = self._window
        row = self._view.files_view.currentIndex().row()
        if row < 0:
            return
        entry = w.files_model.entry(row)
        if entry.status in ("queued", "screening"):
            return
        w.files_model.remove(row)
        w.session.remove_file(entry.path)
        w.review.reload_views()
        self._view.update_empty()

    # --- batches -----------------------------------------------------------------------------
    def options(self) -> ScreenOptions:
        return screen_options(self._window.settings)

    def run_info(self):
        """Who ran what, with which lists and settings (the lists of the current screener).

        The time is when screening of the session's files started, never the time of the export or report.
        """
        run = dataclasses.replace(
            make_run_info(self.watchlists, self.options(), self._window.settings.reviewer),
            fingerprints=dict(self._window.session.fingerprints),
        )
        times = [r.screened_at for r in self._window.session.results if r.screened_at]
        return dataclasses.replace(run, started_at=min(times)) if times else run

    def _loader(self):
        """() -> Screener for a worker: the lists and matcher as the settings say (loaded on the worker)."""
        s = self._window.settings
        return functools.partial(
            _load_screener, self.options(), s.use_builtin_watchlist, self._window.mapping_memory
        )

    def _start_next_batch(self) -> None:
        if self.worker is not None or not self._pending:
            return
        v = self._view
        paths, self._pending = self._pending, []
        self._batch = [(self._window.files_model.row_of(p), p) for p in paths]
        worker = ScreenWorker(paths, self.screener, self._loader())
        worker.signals.screenerReady.connect(self._on_screener_ready)
        worker.signals.fileStarted.connect(self._on_file_started)
        worker.signals.fileProgress.connect(self._on_file_progress)
        worker.signals.fileDone.connect(self._on_file_done)
        worker.signals.failed.connect(self._on_failed)
        worker.signals.cancelled.connect(self._on_cancelled)
        worker.signals.finished.connect(self._on_finished)
        self.worker = worker
        v.overall_progress.setRange(0, len(paths))
        v.overall_progress.setValue(0)
        v.file_progress.setRange(0, 0)
        v.show_progress(True)
        v.status_label.setText(
            self.tr("Loading the watchlists…") if self.screener is None else self.tr("Screening…")
        )
        self._window.tasks.pool.start(worker)

    def cancel(self) -> None:
        """Stop the running batch at its next check and drop the queued files."""
        if self.worker is not None:
            self.worker.cancel()
        for p in self._pending:
            row = self._window.files_model.row_of(p)
            if row >= 0:
                self._window.files_model.update(row, status="cancelled")
        self._pending = []
        self._view.status_label.setText(self.tr("Cancelling…"))

    def stop(self) -> None:
        """Closing: cancel the batch and the batch dialog's work, drop the queue (nothing is marked)."""
        if self.worker is not None:
            self.worker.cancel()
        batch = self.batch_dialog
        if batch is not None and desktop.shiboken_alive(batch):
            batch.cancel()
        self._pending = []

    def forget_screener(self) -> None:
        """Lists or settings changed: the next screening loads the lists and builds the matcher again."""
        self.screener = None
        self.watchlists = []

    def _on_screener_ready(self, screener: Screener) -> None:
        self.screener = screener
        self.watchlists = list(screener.watchlists)
        self._window.session.fingerprints = dict(screener.fingerprints)
        self._window.session.lists_label = "; ".join(
            f"{w.name} {w.version}".strip() for w in screener.watchlists
        )

    def _on_file_started(self, i: int, path) -> None:
        v = self._view
        row = self._window.files_model.row_of(Path(path))
        if row >= 0:
            self._window.files_model.update(row, status="screening")
        v.overall_progress.setValue(i)
        v.file_progress.setRange(0, 0)
        v.status_label.setText(
            self.tr("Screening {name} ({i} of {n})…").format(
                name=Path(path).name, i=i + 1, n=len(self._batch)
            )
        )

    def _on_file_progress(self, i: int, done: int, total: int, message: str) -> None:
        v = self._view
        if total > 0:
            v.file_progress.setRange(0, total)
            v.file_progress.setValue(min(done, total))
        if message:
            v.status_label.setText(message)

    def _on_file_done(self, i: int, result: FileResult) -> None:
        w = self._window
        files = w.files_model
        row = files.row_of(Path(result.path))
        self._view.overall_progress.setValue(i + 1)
        if row < 0:  # closed meanwhile
            return
        if result.ok:
            files.update(row, status="ok", result=result, message="")
            w.session.add_result(result)
            w.review.reload_views()
            if result.warnings:
                files.update(row, message="; ".join(result.warnings))
            if result.coverage == "not screened":
                # Zero hits on zero screened rows must never read as clear: say it where it cannot be missed.
                self._view.banner.show_message(
                    self.tr(
                        "{name} was NOT SCREENED: no row of any sheet could be screened, so "
                        "no hits does not mean clear. Choose the header row and the columns in Whole sheet & "
                        "columns."
                    ).format(name=Path(result.path).name),
                    "error",
                )
        else:
            files.update(
                row, status="error", result=result, message=result.error or self.tr("Unreadable file")
            )
            w.session.remove_file(result.path)
            w.review.reload_views()

    def _on_failed(self, message: str) -> None:
        files = self._window.files_model
        for _, p in self._batch:
            row = files.row_of(p)
            if row >= 0 and files.entry(row).status in ("queued", "screening"):
                files.update(row, status="error", message=message)
        self._view.banner.show_message(self.tr("Screening stopped: {reason}").format(reason=message), "error")

    def _on_cancelled(self) -> None:
        files = self._window.files_model
        for _, p in self._batch:
            row = files.row_of(p)
            if row >= 0 and files.entry(row).status in ("queued", "screening"):
                files.update(
                    row,
                    status="cancelled",
                    message=self.tr("Screening was cancelled; open the file again to screen it."),
                )
        self._view.status_label.setText(self.tr("Screening cancelled"))

    def _on_finished(self) -> None:
        self.worker = None
        self._batch = []
        if self._pending:
            self._start_next_batch()
            return
        self._view.show_progress(False)
        if self._view.status_label.text() != self.tr("Screening cancelled"):
            self._window.review.update_status_summary()
        self._focus_findings()
        self.finished.emit()

    def _focus_findings(self) -> None:
        """After screening, the keyboard is where the review happens: C/F/E/P work at once on the first finding.

        Only when the focus is nowhere useful (the file list, the empty page, nothing): a person typing in a
        filter keeps their place.
        """
        focus = QApplication.focusWidget()
        table = self._view.findings.table
        if self._view.tabs.currentWidget() is not self._view.findings or not table.model().rowCount():
            return
        if focus is None or focus is self._view.files_view or not focus.isVisible():
            table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- re-screening with a corrected mapping -----------------------------------------------
    def rescreen(self, result: FileResult, sheet, mapping: ColumnMap, remember: bool = True) -> None:
        """Re-screen one sheet with a new mapping on the pool; remember the correction by header layout."""
        w, v = self._window, self._view
        if self.screener is None:
            v.banner.show_message(
                self.tr("The watchlists are still loading; try again in a moment."), "warning"
            )
            w.sheets.show_current_sheet()
            return
        if remember:
            w.mapping_memory.remember(sheet_signature(sheet), mapping.header_row, mapping.columns)
            try:
                w.mapping_memory.save()
            except OSError as exc:
                v.banner.show_message(
                    self.tr("The corrected columns could not be remembered: {reason}").format(reason=exc),
                    "warning",
                )
        v.status_label.setText(self.tr("Re-screening {sheet}…").format(sheet=sheet.name))
        fn = functools.partial(self.screener.rescreen_sheet, result, sheet.name, mapping)
        w.tasks.run(fn, self._on_rescreened, pass_progress=False)

    def reset_mapping(self, result: FileResult, sheet) -> None:
        """Forget the corrected columns for this header layout and re-screen with the detected ones."""
        from guiapp.ingest.mapping import detect_mapping

        self._window.mapping_memory.forget(sheet_signature(sheet))
        self._window.mapping_memory.save()
        self.rescreen(result, sheet, detect_mapping(sheet), remember=False)

    def _on_rescreened(self, result: FileResult) -> None:
        w = self._window
        row = w.files_model.row_of(Path(result.path))
        if row >= 0:
            w.files_model.update(row, status="ok", result=result)
        w.session.add_result(result)
        w.review.reload_views()
        w.sheets.show_current_sheet()
        self.rescreened.emit()

    # --- batch dialog ------------------------------------------------------------------------
    def open_batch_dialog(self) -> None:
        """File > Batch screen folder: a dialog that screens, annotates and summarises a whole folder."""
        from guiapp.gui.batch_dialog import BatchDialog

        # Decisions remembered from other BOMs are suggestions, never decisions: a batch exports every hit
        # pending; the window offers the suggestions when a file is opened for review.
        w = self._window
        if self.screener is not None:
            ready = self.screener

            def load() -> Screener:
                return ready
        else:
            load = self._loader()
        dlg = BatchDialog(
            w.tasks.pool,
            load,
            reviewer=w.settings.reviewer,
            parent=w,
        )
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.batch_dialog = dlg
        dlg.open()
