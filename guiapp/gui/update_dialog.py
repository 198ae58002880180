"""Tools > Update lists: fetch the official list files, keep new editions, show what changed.

The work is guiapp.app.listupdate.run_list_update, run by an UpdateListsWorker on a QThreadPool; the dialog
only renders the sources, the progress and the report, and saves the addresses and proxy to Settings.
"""

from __future__ import annotations

import dataclasses
import logging
import traceback
from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from guiapp.app.listupdate import ListUpdateReport, run_list_update, set_source_enabled, source_states
from guiapp.gui.tablemodel import ColumnsTableModel, Index
from guiapp.gui.workers import CancellableWorker
from guiapp.lists.sources import ListSource, parse_source_spec
from guiapp.lists.store import ListStore
from guiapp.lists.update import SourceOutcome, last_fetched
from guiapp.settings import Settings, save_settings

log = logging.getLogger(__name__)


class UpdateListsSignals(QObject):
    """Signals of an UpdateListsWorker."""

    #: bytes done, bytes in all (0 when the server did not say), message.
    progress = Signal(int, int, str)
    #: SourceOutcome of one source, as soon as it is known.
    outcome = Signal(object)
    #: ListUpdateReport at the end (also after a cancel: the sources left say "cancelled").
    finished = Signal(object)
    failed = Signal(str)


class UpdateListsWorker(CancellableWorker):
    """Run the update of the given sources off the GUI thread."""

    def __init__(
        self, sources: Sequence[ListSource], settings: Settings, store: ListStore, offline: bool
    ) -> None:
        super().__init__(UpdateListsSignals())
        self.sources = list(sources)
        self.settings = settings
        self.store = store
        self.offline = offline

    def _run(self, s: UpdateListsSignals) -> None:
        try:
            report = run_list_update(
                self.sources,
                settings=self.settings,
                store=self.store,
                offline=self.offline,
                progress=s.progress.emit,
                cancel=self.cancel_token,
                on_outcome=s.outcome.emit,
            )
        except Exception as exc:
            log.error("list update failed:\n%s", traceback.format_exc())
            s.failed.emit(str(exc) or type(exc).__name__)
            return
        s.finished.emit(report)


_STATUS_TEXT = {
    "": QT_TRANSLATE_NOOP("UpdateSourcesModel", "not fetched yet"),
    "waiting": QT_TRANSLATE_NOOP("UpdateSourcesModel", "waiting"),
    "updated": QT_TRANSLATE_NOOP("UpdateSourcesModel", "updated"),
    "unchanged": QT_TRANSLATE_NOOP("UpdateSourcesModel", "no new edition"),
    "older": QT_TRANSLATE_NOOP("UpdateSourcesModel", "older edition served, kept ours"),
    "offline": QT_TRANSLATE_NOOP("UpdateSourcesModel", "offline, kept ours"),
    "failed": QT_TRANSLATE_NOOP("UpdateSourcesModel", "failed, kept ours"),
    "cancelled": QT_TRANSLATE_NOOP("UpdateSourcesModel", "cancelled"),
    "skipped": QT_TRANSLATE_NOOP("UpdateSourcesModel", "format not readable"),
    "off": QT_TRANSLATE_NOOP("UpdateSourcesModel", "switched off"),
}


@dataclasses.dataclass
class SourceRow:
    """One row of the sources table."""

    source: ListSource
    kept: str  # the kept edition, "" when none
    status: str = ""
    message: str = ""
    last_fetched: str = ""  # ISO time of the last successful fetch, "" when never


class UpdateSourcesModel(ColumnsTableModel):
    """The list sources: list (ticked when updates fetch it), address (editable), kept edition, what the last
    update did and when the source was last fetched."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "List"),
        QT_TRANSLATE_NOOP("Columns", "Address"),
        QT_TRANSLATE_NOOP("Columns", "Kept edition"),
        QT_TRANSLATE_NOOP("Columns", "Status"),
        QT_TRANSLATE_NOOP("Columns", "Last fetched"),
    )
    LIST = 0
    ADDRESS = 1
    #: key, new address: a person edited an address.
    addressEdited = Signal(str, str)
    #: key, switched on: a person ticked or cleared a source.
    enabledToggled = Signal(str, bool)

    def set_rows(self, rows: list[SourceRow]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[SourceRow]:
        """The rows as shown."""
        return list(self._rows)

    def set_status(
        self,
        key: str,
        status: str,
        message: str = "",
        kept: str | None = None,
        fetched: str | None = None,
    ) -> None:
        """Show what happened to one source."""
        for i, row in enumerate(self._rows):
            if row.source.key == key:
                row.status, row.message = status, message
                if kept is not None:
                    row.kept = kept
                if fetched is not None:
                    row.last_fetched = fetched
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))

    def flags(self, index: Index):
        base = super().flags(index)
        if index.isValid() and index.column() == self.ADDRESS:
            return base | Qt.ItemFlag.ItemIsEditable
        if index.isValid() and index.column() == self.LIST:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return row.source.list_name
            if col == 1:
                return row.source.url
            if col == 2:
                return row.kept or self.tr("none kept yet")
            if col == 3:
                status = row.status or ("" if row.source.enabled else "off")
                return self.tr(_STATUS_TEXT.get(status, status))
            if col == 4:
                return row.last_fetched.replace("T", " ").replace("+00:00", " UTC") or self.tr("never")
        if role == Qt.ItemDataRole.CheckStateRole and col == self.LIST:
            return Qt.CheckState.Checked if row.source.enabled else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 0:
                return row.source.description or None
            if col == 3:
                return row.message or None
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if index.isValid() and index.column() == self.LIST and role == Qt.ItemDataRole.CheckStateRole:
            row = self._rows[index.row()]
            on = value if isinstance(value, bool) else Qt.CheckState(value) == Qt.CheckState.Checked
            if on == row.source.enabled:
                return True
            row.source = dataclasses.replace(row.source, enabled=on)
            self.dataChanged.emit(index, self.index(index.row(), len(self.COLUMNS) - 1))
            self.enabledToggled.emit(row.source.key, on)
            return True
        if not index.isValid() or index.column() != self.ADDRESS or role != Qt.ItemDataRole.EditRole:
            return False
        url = str(value).strip()
        row = self._rows[index.row()]
        try:
            parse_source_spec(f"{row.source.key}={url}")
        except ValueError:
            return False
        row.source = dataclasses.replace(row.source, url=url)
        self.dataChanged.emit(index, index)
        self.addressEdited.emit(row.source.key, url)
        return True


class UpdateListsDialog(QDialog):
    """Fetch the official list files with progress and cancel; show what changed and which decisions it touches.

    Args:
        settings: the window's settings (addresses, proxy, timeout); edits are saved to the settings file.
        store: the kept lists.
        pool: the thread pool the update runs on.
    """

    #: An update kept a new edition of at least one list: open BOMs should be screened again.
    listsChanged = Signal()

    def __init__(
        self,
        settings: Settings,
        store: ListStore,
        pool: QThreadPool | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Update lists"))
        self.setObjectName("updateListsDialog")
        self.settings = settings
        self.store = store
        self._pool = pool or QThreadPool.globalInstance()
        self._worker: UpdateListsWorker | None = None
        self._close_when_done = False
        self.report: ListUpdateReport | None = None

        intro = QLabel(
            self.tr(
                "Fetches each list from its published address, checks that the file is that list, and keeps it "
                "as the new edition. A list that cannot be fetched stays as it is. Double-click an address to "
                "change it."
            )
            + " "
            + self.tr("Only the ticked lists are fetched; the choice is kept for the next update.")
        )
        intro.setWordWrap(True)
        self.model = UpdateSourcesModel(self)
        self.model.addressEdited.connect(self._on_address_edited)
        self.model.enabledToggled.connect(self._on_enabled_toggled)
        self.table = QTableView()
        self.table.setObjectName("updateSourcesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setAccessibleName(self.tr("List sources"))

        self.proxy_edit = QLineEdit(settings.update_proxy)
        self.proxy_edit.setObjectName("updateProxyEdit")
        self.proxy_edit.setPlaceholderText(self.tr("empty: the system's proxy settings; 'direct': none"))
        self.proxy_edit.setAccessibleName(self.tr("Proxy"))
        self.proxy_edit.editingFinished.connect(self._on_proxy_edited)
        self.offline_check = QCheckBox(self.tr("Work offline (fetch nothing; keep the editions there are)"))
        self.offline_check.setObjectName("updateOfflineCheck")
        form = QFormLayout()
        form.addRow(self.tr("Proxy"), self.proxy_edit)
        form.addRow("", self.offline_check)

        self.progress = QProgressBar()
        self.progress.setObjectName("updateProgress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status_label = QLabel("")
        self.status_label.setObjectName("updateStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report_view = QPlainTextEdit()
        self.report_view.setObjectName("updateReport")
        self.report_view.setReadOnly(True)
        self.report_view.setAccessibleName(self.tr("What changed"))
        self.report_view.setPlaceholderText(
            self.tr(
                "What changed (entries added, removed and changed) and the remembered decisions it touches"
            )
        )

        self.buttons = QDialogButtonBox()
        self.update_button = self.buttons.addButton(self.tr("Update"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.update_button.setObjectName("updateStart")
        self.cancel_button = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("updateCancel")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.update_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.table, 1)
        lay.addLayout(form)
        lay.addWidget(self.progress)
        lay.addWidget(self.status_label)
        lay.addWidget(self.report_view, 2)
        lay.addWidget(self.buttons)
        self.resize(900, 560)
        self.refresh()
        self._update_buttons()

    # --- state ---------------------------------------------------------------------------------
    def is_running(self) -> bool:
        """Whether an update is running."""
        return self._worker is not None

    def refresh(self) -> None:
        """Show every known source from settings, ticked when updates fetch it, with the editions kept now."""
        try:
            states = source_states(self.settings, self.store)
        except ValueError as exc:
            self.status_label.setText(str(exc))
            states = []
        self.model.set_rows([SourceRow(st.source, st.kept, last_fetched=st.last_fetched) for st in states])
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(1, self.table.fontMetrics().horizontalAdvance("x" * 60))

    def _update_buttons(self) -> None:
        running = self.is_running()
        self.update_button.setEnabled(not running and any(r.source.enabled for r in self.model.rows()))
        self.cancel_button.setEnabled(running)
        self.close_button.setEnabled(not running)
        for w in (self.proxy_edit, self.offline_check, self.table):
            w.setEnabled(not running)

    def _on_address_edited(self, key: str, url: str) -> None:
        self.settings.update_sources = {
            k: v for k, v in self.settings.update_sources.items() if k.casefold() != key.casefold()
        }
        self.settings.update_sources[key] = url
        save_settings(self.settings)

    def _on_enabled_toggled(self, key: str, on: bool) -> None:
        try:
            set_source_enabled(self.settings, key, on)
        except ValueError as exc:
            self.status_label.setText(str(exc))
            return
        save_settings(self.settings)
        self._update_buttons()

    def _on_proxy_edited(self) -> None:
        proxy = self.proxy_edit.text().strip()
        if proxy != self.settings.update_proxy:
            self.settings.update_proxy = proxy
            save_settings(self.settings)

    # --- running -------------------------------------------------------------------------------
    def start(self) -> None:
        """Update every ticked source, off the GUI thread."""
        if self.is_running():
            return
        self._on_proxy_edited()
        sources = [row.source for row in self.model.rows() if row.source.enabled]
        if not sources:
            return
        for s in sources:
            self.model.set_status(s.key, "waiting")
        self.report = None
        self.report_view.clear()
        self.progress.setRange(0, 0)
        self.status_label.setText(self.tr("Fetching the lists…"))
        worker = UpdateListsWorker(sources, self.settings, self.store, self.offline_check.isChecked())
        s = worker.signals
        s.progress.connect(self._on_progress)
        s.outcome.connect(self._on_outcome)
        s.finished.connect(self._on_finished)
        s.failed.connect(self._on_failed)
        self._worker = worker
        self._update_buttons()
        self._pool.start(worker)

    def cancel(self) -> None:
        """Stop the download; the kept editions stay as they are."""
        if self._worker is not None:
            self._worker.cancel()
            self.status_label.setText(self.tr("Cancelling…"))
            self.cancel_button.setEnabled(False)

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            # Bytes in kilobytes: a QProgressBar holds an int and a list may pass 2 GB one day.
            self.progress.setRange(0, max(total // 1024, 1))
            self.progress.setValue(min(done // 1024, total // 1024))
        else:
            self.progress.setRange(0, 0)
        self.status_label.setText(message)

    def _on_outcome(self, outcome: SourceOutcome) -> None:
        kept = (outcome.record.edition_date or outcome.record.imported_at[:10]) if outcome.record else None
        fetched = last_fetched(self.store).get(outcome.source.key, {}).get("time") if outcome.ok else None
        self.model.set_status(outcome.source.key, outcome.status, outcome.message, kept, fetched)

    def _on_finished(self, report: ListUpdateReport) -> None:
        self._worker = None
        self.report = report
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        updated = sum(1 for o in report.outcomes if o.status == "updated")
        problems = sum(1 for o in report.outcomes if not o.ok)
        text = self.tr("%n list(s) updated", "", updated)
        if problems:
            text += self.tr("; %n could not be updated and keep their edition", "", problems)
        if report.touched:
            text += self.tr("; %n remembered decision(s) withdrawn", "", len(report.touched))
        self.status_label.setText(text + ".")
        self.report_view.setPlainText("\n".join(report.summary_lines(max_examples=200)))
        self._update_buttons()
        if report.lists_changed:
            self.listsChanged.emit()
        if self._close_when_done:
            super().reject()

    def _on_failed(self, message: str) -> None:
        self._worker = None
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status_label.setText(self.tr("The update could not run: {reason}").format(reason=message))
        self._update_buttons()
        if self._close_when_done:
            super().reject()

    def reject(self) -> None:
        # Closing while running cancels first; the dialog closes when the worker has stopped.
        if self.is_running():
            self._close_when_done = True
            self.cancel()
            return
        super().reject()
