"""The auditor's window: files on the left, findings / groups / whole sheet in the middle, detail on the right.

The window renders the core's AuditSession. It is the facade the app, the tests and the tools use; the work
is split between
- the view (guiapp.gui.views: layout; guiapp.gui.menus: menus and actions), and
- controllers, one per concern, holding the calls to guiapp.app: TaskController (the pool), Screening
  (open_paths, batches, re-screen), Review (selection, decisions, detail), Sheet (Whole sheet tab and the
  column mapping), Export (workbooks, report), PreviousAudit (carry-over, diff) and Session (autosave,
  resume, audit files, settings, lists).
Controllers get the window (typed QMainWindow: importing this module back would be an import cycle, which
the rules forbid) and reach through it the state it owns (settings, memories, session, models), the view
and each other. Long work (reading, screening, re-screening, export) runs on a QThreadPool and comes back
through signals. Every way of opening files ends in open_paths().
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow

from guiapp import __version__
from guiapp.gui import accessible
from guiapp.gui.desktop import recent_files, window_settings
from guiapp.gui.export_controller import ExportController
from guiapp.gui.menus import WindowMenus
from guiapp.gui.models import (
    FilesListModel,
    GroupsFilterProxyModel,
    GroupsTableModel,
    HitsFilterProxyModel,
    HitsTableModel,
    SheetTableModel,
)
from guiapp.gui.previous_controller import PreviousAuditController
from guiapp.gui.review_controller import ReviewController
from guiapp.gui.screening_controller import ScreeningController, expand_paths
from guiapp.gui.session_controller import SessionController
from guiapp.gui.sheet_controller import SheetController
from guiapp.gui.tasks import TaskController
from guiapp.gui.typed_controller import TypedDecisionsController
from guiapp.gui.views import MainView
from guiapp.model import FileResult
from guiapp.review.identity import watchlist_fingerprints
from guiapp.review.memory import DecisionMemory, MappingMemory
from guiapp.review.session import AuditSession, Autosave, HitRef
from guiapp.settings import Settings, load_settings


class MainWindow(QMainWindow):
    """The BOM Auditor window: owns the settings, the memories, the session and its models; composes the
    view and the controllers and forwards its public methods to them."""

    #: Every queued file was screened (or the batch was cancelled).
    screeningFinished = Signal()
    #: A sheet was re-screened with a new mapping.
    rescreened = Signal()
    #: An export finished: the output path.
    exported = Signal(object)
    #: "Export all" finished: the paths written and the files that failed (messages).
    exportedAll = Signal(list, list)
    #: An audit report was written: the paths (HTML first, then the PDF when asked for).
    reportWritten = Signal(list)
    #: A previous audit was applied to a file: its AuditDiff.
    previousAuditApplied = Signal(object)

    def __init__(self, *, offer_resume: bool = True, crash_note: str = "") -> None:
        super().__init__()
        self.setWindowTitle("BOM Auditor")
        self.setObjectName("mainWindow")
        self.settings: Settings = load_settings()
        self.memory = DecisionMemory.load()
        self.mapping_memory = MappingMemory.load()
        self.autosave = Autosave()
        self.session = AuditSession(
            reviewer=self.settings.reviewer,
            memory=self.memory if self.settings.decision_memory else None,
            fingerprints=watchlist_fingerprints([]),
        )

        # Models over the session.
        self.files_model = FilesListModel(self)
        self.hits_model = HitsTableModel(self.session, self)
        self.hits_proxy = HitsFilterProxyModel(self)
        self.hits_proxy.setSourceModel(self.hits_model)
        self.groups_model = GroupsTableModel(self.session, self)
        self.groups_proxy = GroupsFilterProxyModel(self)
        self.groups_proxy.setSourceModel(self.groups_model)
        self.sheet_model = SheetTableModel(self)

        # The view, and the widgets the app, the tests and the tools reach by name.
        v = self.view = MainView(
            self.files_model,
            self.hits_model,
            self.hits_proxy,
            self.groups_model,
            self.groups_proxy,
            self.sheet_model,
        )
        self.setCentralWidget(v)
        v.add_status_widgets(self.statusBar())
        self.banner = v.banner
        self.stack = v.stack
        self.empty_page = v.empty_page
        self.splitter = v.splitter
        self.files_view = v.files_view
        self.tabs = v.tabs
        self.detail = v.detail
        self.status_label = v.status_label
        self.file_progress = v.file_progress
        self.overall_progress = v.overall_progress
        self.cancel_button = v.cancel_button
        self.hits_view = v.findings.table
        self.hits_fitter = v.findings.fitter
        self.count_label = v.findings.count_label
        self.filter_edit = v.findings.filter_edit
        self.decision_filter = v.findings.decision_filter
        self.list_filter = v.findings.list_filter
        self.method_filter = v.findings.method_filter
        self.score_filter = v.findings.score_filter
        self.review_filter = v.findings.review_filter
        self.groups_view = v.groups.table
        self.groups_fitter = v.groups.fitter
        self.groups_count_label = v.groups.count_label
        self.groups_filter_edit = v.groups.filter_edit
        self.groups_decision_filter = v.groups.decision_filter
        self.groups_review_filter = v.groups.review_filter
        self.sheet_tab = v.sheet
        self.sheet_view = v.sheet.table
        self.sheet_legend = v.sheet.legend
        self.sheet_file_combo = v.sheet.file_combo
        self.sheet_combo = v.sheet.sheet_combo
        self.header_spin = v.sheet.header_spin
        self.role_combos = v.sheet.role_combos
        self.reset_mapping_button = v.sheet.reset_mapping_button
        self.mapping_note = v.sheet.mapping_note

        # Controllers, one per concern; they reach each other through these attributes.
        self.tasks = TaskController(self)
        self.screening = ScreeningController(self)
        self.review = ReviewController(self)
        self.sheets = SheetController(self)
        self.exports = ExportController(self)
        self.previous = PreviousAuditController(self)
        self.typed = TypedDecisionsController(self)
        self.sessions = SessionController(self)
        self.session.on_change = self.sessions.schedule_autosave
        self.screening.finished.connect(self.screeningFinished)
        self.screening.rescreened.connect(self.rescreened)
        self.exports.exported.connect(self.exported)
        self.exports.exportedAll.connect(self.exportedAll)
        self.exports.reportWritten.connect(self.reportWritten)
        self.previous.applied.connect(self.previousAuditApplied)

        # Menus and the actions reached by name.
        m = self.menus = WindowMenus(self)
        self.open_action = m.open_action
        self.recent_menu = m.recent_menu
        self.export_action = m.export_action
        self.export_all_action = m.export_all_action
        self.report_action = m.report_action
        self.apply_audit_action = m.apply_audit_action
        self.batch_action = m.batch_action
        self.remove_file_action = m.remove_file_action
        self.decision_actions = m.decision_actions
        self.settings_action = m.settings_action
        self.watchlists_action = m.watchlists_action
        self.open_log_action = m.open_log_action

        self.setAcceptDrops(True)
        v.refuse_child_drops()
        accessible.name_controls(self)
        accessible.install(QCoreApplication.instance())
        self.sessions.restore_state()
        v.update_empty()
        if self.memory.load_error:
            self.banner.show_message(self.memory.load_error, "warning")
        if offer_resume:
            self.sessions.offer_resume(crash_note)
        elif crash_note:
            self.banner.show_message(crash_note, "warning")

    # --- what the app, the tests and the tools call ------------------------------------------
    def open_paths(self, paths) -> None:
        """Open files and folders: the one entry for the command line, File > Open, recent files and drops."""
        self.screening.open_paths(paths)

    def is_busy(self) -> bool:
        return self.screening.worker is not None or self.tasks.busy()

    def selected_refs(self) -> list[HitRef]:
        return self.review.selected_refs()

    def current_ref(self) -> HitRef | None:
        return self.review.current_ref()

    def current_file_result(self) -> FileResult | None:
        return self.review.current_file_result()

    def current_sheet(self):
        """(file result, sheet) shown on the Whole sheet tab."""
        return self.sheets.current_sheet()

    def decide_selected(self, status: str) -> None:
        self.review.decide_selected(status)

    def show_current_in_sheet(self) -> None:
        self.review.show_current_in_sheet()

    def export_current(self) -> None:
        self.exports.export_current()

    def export_all(self) -> None:
        self.exports.export_all()

    def export_report_dialog(self) -> None:
        self.exports.export_report_dialog()

    def export_report(self, out_path: Path, *, pdf: bool = True) -> None:
        self.exports.export_report(out_path, pdf=pdf)

    def apply_previous_audit_dialog(self) -> None:
        self.previous.apply_previous_audit_dialog()

    def apply_previous_audit(
        self, audit_path: Path, target: FileResult | None = None, previous_bom: Path | None = None
    ) -> None:
        self.previous.apply_previous_audit(audit_path, target, previous_bom)

    def open_batch_dialog(self) -> None:
        self.screening.open_batch_dialog()

    def save_audit_dialog(self) -> None:
        self.sessions.save_audit_dialog()

    def open_audit_dialog(self) -> None:
        self.sessions.open_audit_dialog()

    def show_about(self) -> None:
        self.sessions.show_about()

    def flush_autosave(self) -> None:
        """Write the autosave (and the decision memory) now."""
        self.sessions.flush_autosave()

    def recent_files(self) -> list[str]:
        return recent_files()

    @property
    def _screener(self):
        return self.screening.screener

    @property
    def _matcher(self):
        return self.screening.matcher

    @property
    def _screen_worker(self):
        return self.screening.worker

    @_screen_worker.setter
    def _screen_worker(self, worker) -> None:
        self.screening.worker = worker

    @property
    def batch_dialog(self):
        return self.screening.batch_dialog

    @property
    def diff_dialog(self):
        return self.previous.diff_dialog

    @property
    def about_dialog(self):
        return self.sessions.about_dialog

    # --- drops and closing ---------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)
        else:
            event.ignore()

    def shutdown(self) -> None:
        """Stop background work and write everything to disk (close, or a test's teardown)."""
        self.screening.stop()
        self.tasks.cancel_all()
        self.tasks.pool.waitForDone(10_000)
        self.sessions.flush_autosave()
        self.sessions.save_state()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)


__all__ = ["MainWindow", "expand_paths", "window_settings", "__version__"]
