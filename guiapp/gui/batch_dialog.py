"""File > Batch screen folder: every BOM under a folder screened, annotated and summarised, with progress.

The run itself (:func:`guiapp.app.batch.run_batch`) is core code that reports through callbacks; a :class:`BatchWorker` runs it on the
window's QThreadPool and turns the callbacks into queued signals, so the dialog only renders.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QObject,
    Qt,
    QThreadPool,
    QUrl,
    Signal,
)
from PySide6.QtGui import QBrush, QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from guiapp.app.batch import BatchFile, BatchOutcome, run_batch
from guiapp.app.screener import Screener
from guiapp.gui import theme
from guiapp.gui.pdf import render_pdf
from guiapp.gui.tablemodel import ColumnsTableModel, Index
from guiapp.gui.workers import CancellableWorker

log = logging.getLogger(__name__)


class BatchSignals(QObject):
    """Signals of a BatchWorker."""

    filesFound = Signal(list)
    fileChanged = Signal(int, object)
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)


class BatchWorker(CancellableWorker):
    """run_batch on the pool; every callback becomes a queued signal (the dialog is never touched here)."""

    def __init__(self, folder: Path, out_dir: Path, **kwargs) -> None:
        super().__init__(BatchSignals())
        self.folder = folder
        self.out_dir = out_dir
        self.kwargs = kwargs

    def _run(self, s: BatchSignals) -> None:
        try:
            outcome = run_batch(
                self.folder,
                self.out_dir,
                on_files=s.filesFound.emit,
                on_file=s.fileChanged.emit,
                progress=s.progress.emit,
                cancel=self.cancel_token,
                **self.kwargs,
            )
        except Exception as exc:  # the watchlists could not be loaded, the output folder cannot be made...
            log.error("batch failed:\n%s", traceback.format_exc())
            s.failed.emit(str(exc) or exc.__class__.__name__)
            return
        s.finished.emit(outcome)


class BatchFilesModel(ColumnsTableModel):
    """The files of a batch with their state, hits and output or error."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "File"),
        QT_TRANSLATE_NOOP("Columns", "Status"),
        QT_TRANSLATE_NOOP("Columns", "Hits"),
        QT_TRANSLATE_NOOP("Columns", "Open"),
        QT_TRANSLATE_NOOP("Columns", "Annotated copy or problem"),
    )
    FILE, STATUS, HITS, OPEN, OUTPUT = range(5)
    STATUS_TEXT = {
        "waiting": QT_TRANSLATE_NOOP("BatchFilesModel", "waiting"),
        "screening": QT_TRANSLATE_NOOP("BatchFilesModel", "screening…"),
        "exporting": QT_TRANSLATE_NOOP("BatchFilesModel", "exporting…"),
        "done": QT_TRANSLATE_NOOP("BatchFilesModel", "done"),
        "error": QT_TRANSLATE_NOOP("BatchFilesModel", "error"),
        "cancelled": QT_TRANSLATE_NOOP("BatchFilesModel", "cancelled"),
    }

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[BatchFile] = []
        self._root: Path | None = None

    def set_files(self, files: list[BatchFile], root: Path | None) -> None:
        self.beginResetModel()
        self._rows = list(files)
        self._root = root
        self.endResetModel()

    def update(self, row: int, f: BatchFile) -> None:
        if 0 <= row < len(self._rows):
            self._rows[row] = f
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def files(self) -> list[BatchFile]:
        return list(self._rows)

    def _name(self, f: BatchFile) -> str:
        if self._root is not None and f.path.is_relative_to(self._root):
            return str(f.path.relative_to(self._root))
        return f.path.name

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        f = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == self.FILE:
                return self._name(f) if role == Qt.ItemDataRole.DisplayRole else str(f.path)
            if col == self.STATUS:
                return self.tr(self.STATUS_TEXT.get(f.status, f.status))
            if col == self.HITS:
                return str(f.hits) if f.status in ("exporting", "done") else ""
            if col == self.OPEN:
                return str(f.open_items) if f.status in ("exporting", "done") else ""
            if col == self.OUTPUT:
                if f.status == "error" or f.status == "cancelled":
                    return f.message
                if f.output is not None:
                    text = f.output.name if role == Qt.ItemDataRole.DisplayRole else str(f.output)
                    return f"{text} ({f.message})" if f.message else text
                return ""
        if role == Qt.ItemDataRole.ForegroundRole:
            # Read from the palette at paint time: red that reads in light and dark mode.
            if f.status == "error" and col in (self.STATUS, self.OUTPUT):
                return QBrush(theme.error_text())
            if f.status in ("waiting", "cancelled"):
                return QBrush(theme.muted_text(role=QPalette.ColorRole.Base))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.HITS, self.OPEN):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class BatchDialog(QDialog):
    """Pick a folder and an output folder; screen, annotate and summarise every BOM in it, with Cancel.

    Args:
        pool: the thread pool to run on (the window's, so closing the window waits for it).
        options: screening options.
        load_matcher: () -> (watchlists, matcher), called on the worker.
        reviewer: recorded in the run identity.
        decisions_for: (result, fingerprints) -> decisions to export (remembered ones), on the worker.
        folder: the folder to start with, if any.
    """

    #: The batch ended: the BatchOutcome (cancelled ones too).
    batchFinished = Signal(object)

    def __init__(
        self,
        pool: QThreadPool,
        load_screener: Callable[[], Screener],
        *,
        reviewer: str = "",
        decisions_for=None,
        folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Batch screen a folder"))
        self.setObjectName("batchDialog")
        self._pool = pool
        self._load_screener = load_screener
        self._reviewer = reviewer
        self._decisions_for = decisions_for
        self._worker: BatchWorker | None = None
        self._close_when_done = False
        self.outcome: BatchOutcome | None = None

        self.folder_edit = QLineEdit(str(folder) if folder else "")
        self.folder_edit.setObjectName("batchFolderEdit")
        self.folder_edit.setPlaceholderText(
            self.tr("Folder with the BOM files (searched with its subfolders)")
        )
        self.folder_edit.textChanged.connect(self._on_folder_changed)
        self.out_edit = QLineEdit()
        self.out_edit.setObjectName("batchOutEdit")
        self.out_edit.setPlaceholderText(self.tr("Where the annotated copies, summary and report go"))
        self.out_edit.textChanged.connect(self._update_buttons)
        self._out_touched = False
        self.out_edit.textEdited.connect(lambda _t: setattr(self, "_out_touched", True))
        browse_in = QPushButton(self.tr("Browse…"))
        browse_in.clicked.connect(self._browse_folder)
        browse_out = QPushButton(self.tr("Browse…"))
        browse_out.clicked.connect(self._browse_out)
        self.pdf_check = QCheckBox(self.tr("Write the report as PDF too (HTML is always written)"))
        self.pdf_check.setObjectName("batchPdfCheck")
        self.pdf_check.setChecked(True)
        form = QFormLayout()
        row_in = QHBoxLayout()
        row_in.addWidget(self.folder_edit, 1)
        row_in.addWidget(browse_in)
        row_out = QHBoxLayout()
        row_out.addWidget(self.out_edit, 1)
        row_out.addWidget(browse_out)
        form.addRow(self.tr("BOM folder"), row_in)
        form.addRow(self.tr("Output folder"), row_out)
        form.addRow("", self.pdf_check)

        self.model = BatchFilesModel(self)
        self.table = QTableView()
        self.table.setObjectName("batchTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        fm = self.table.fontMetrics()
        for col, sample in ((0, "subfolder/board-rev-c.xlsx"), (1, "exporting…"), (2, "999"), (3, "999")):
            self.table.setColumnWidth(col, fm.horizontalAdvance(sample) + 24)

        self.progress = QProgressBar()
        self.progress.setObjectName("batchProgress")
        self.progress.setFormat(self.tr("%v of %m files"))
        self.progress.setValue(0)
        self.status_label = QLabel(self.tr("Choose a folder of BOM files and where the results go."))
        self.status_label.setObjectName("batchStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton(self.tr("Start"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setObjectName("batchStart")
        self.cancel_button = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("batchCancel")
        self.open_button = self.buttons.addButton(
            self.tr("Open output folder"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.setObjectName("batchOpenFolder")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button.clicked.connect(self._open_output)
        self.close_button.clicked.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.progress)
        lay.addWidget(self.status_label)
        lay.addWidget(self.buttons)
        self.resize(860, 520)
        self._on_folder_changed(self.folder_edit.text())

    # --- state ---------------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self._worker is not None

    def _update_buttons(self, *args) -> None:
        running = self.is_running()
        ready = bool(self.folder_edit.text().strip() and self.out_edit.text().strip())
        self.start_button.setEnabled(ready and not running)
        self.cancel_button.setEnabled(running)
        self.close_button.setEnabled(not running)
        self.open_button.setEnabled(self.outcome is not None and not running)
        for w in (self.folder_edit, self.out_edit, self.pdf_check):
            w.setEnabled(not running)

    def _on_folder_changed(self, text: str) -> None:
        text = text.strip()
        if text and not self._out_touched:
            # A new folder inside the chosen one, named by date and time: earlier runs are never overwritten.
            stamp = datetime.now().strftime("%Y-%m-%d %H%M")
            self.out_edit.setText(str(Path(text) / f"BOM audit {stamp}"))
        self._update_buttons()

    def _browse_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Folder with BOM files"), self.folder_edit.text()
        )
        if folder:
            self.folder_edit.setText(folder)

    def _browse_out(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Output folder"), self.out_edit.text())
        if folder:
            self._out_touched = True
            self.out_edit.setText(folder)

    # --- running -------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the batch with the folders as entered."""
        if self.is_running():
            return
        folder = Path(self.folder_edit.text().strip()).expanduser()
        out_dir = Path(self.out_edit.text().strip()).expanduser()
        if not folder.is_dir():
            self.status_label.setText(
                self.tr("{folder} is not a folder; choose the folder that holds the BOM files.").format(
                    folder=folder
                )
            )
            return
        self.outcome = None
        self.model.set_files([], folder)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status_label.setText(self.tr("Loading the watchlists and looking for BOM files…"))
        worker = BatchWorker(
            folder,
            out_dir,
            load_screener=self._load_screener,
            reviewer=self._reviewer,
            decisions_for=self._decisions_for,
            pdf=render_pdf if self.pdf_check.isChecked() else None,
        )
        s = worker.signals
        s.filesFound.connect(self._on_files_found)
        s.fileChanged.connect(self._on_file_changed)
        s.progress.connect(self._on_progress)
        s.finished.connect(self._on_finished)
        s.failed.connect(self._on_failed)
        self._worker = worker
        self._update_buttons()
        self._pool.start(worker)

    def cancel(self) -> None:
        """Stop before the next file (the copies already written stay)."""
        if self._worker is not None:
            self._worker.cancel()
            self.status_label.setText(self.tr("Cancelling…"))
            self.cancel_button.setEnabled(False)

    def _on_files_found(self, files: list) -> None:
        self.model.set_files(files, Path(self.folder_edit.text().strip()))
        self.progress.setRange(0, max(len(files), 1))

    def _on_file_changed(self, row: int, f: BatchFile) -> None:
        self.model.update(row, f)
        if f.status in ("screening", "exporting"):
            self.table.scrollTo(self.model.index(row, 0))

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status_label.setText(message)

    def _on_finished(self, outcome: BatchOutcome) -> None:
        self._worker = None
        self.outcome = outcome
        done = sum(1 for f in outcome.files if f.status == "done")
        failed = [f for f in outcome.files if f.status == "error"]
        if outcome.cancelled:
            text = self.tr(
                "Cancelled: {done} of %n file(s) screened and annotated; no summary written.",
                "",
                len(outcome.files),
            ).format(done=done)
        elif not outcome.files:
            text = outcome.errors[0] if outcome.errors else self.tr("No BOM files found.")
        else:
            self.progress.setValue(self.progress.maximum())
            text = self.tr("{done} of %n file(s) screened and annotated", "", len(outcome.files)).format(
                done=done
            )
            if failed:
                text += self.tr(", {n} with errors (listed above)").format(n=len(failed))
            written = [p.name for p in ([outcome.summary] if outcome.summary else []) + outcome.reports]
            if written:
                text += self.tr(". Wrote ") + ", ".join(written)
            text += "."
            others = [e for e in outcome.errors if not any(e == f.message for f in failed)]
            if others:
                text += self.tr(" Problems: ") + "; ".join(others)
            if outcome.warnings:
                text += self.tr(" Warnings: ") + "; ".join(outcome.warnings)
        self.status_label.setText(text)
        self._update_buttons()
        self.batchFinished.emit(outcome)
        if self._close_when_done:
            super().reject()

    def _on_failed(self, message: str) -> None:
        self._worker = None
        self.status_label.setText(self.tr("The batch could not run: {reason}").format(reason=message))
        self._update_buttons()
        self.batchFinished.emit(None)
        if self._close_when_done:
            super().reject()

    def _open_output(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.out_edit.text().strip()))

    def reject(self) -> None:
        # Closing while running cancels first; the dialog closes when the worker has stopped.
        if self.is_running():
            self._close_when_done = True
            self.cancel()
            return
        super().reject()
