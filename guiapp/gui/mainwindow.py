"""The auditor's window: files on the left, findings / groups / whole sheet in the middle, detail on the right.

The window renders the core's AuditSession; long work (reading, screening, re-screening, export) runs on a
QThreadPool and comes back through signals. Every way of opening files ends in open_paths().
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    Qt,
    QThreadPool,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from guiapp import __version__
from guiapp.app.export import copy_path, export_copies, export_copy, plan_copies
from guiapp.app.previous import carry_previous
from guiapp.app.screener import Screener, load_lists, screen_options
from guiapp.gui import theme
from guiapp.gui.columns import ColumnFitter, FitContent, SortHeader
from guiapp.gui.detail import DetailPane, find_entity, hit_html, note_html
from guiapp.gui.models import (
    REF_ROLE,
    FilesListModel,
    GroupsFilterProxyModel,
    GroupsTableModel,
    HitsFilterProxyModel,
    HitsTableModel,
    SheetTableModel,
)
from guiapp.gui.note_delegate import NoteDelegate
from guiapp.gui.workers import ScreenWorker, TaskWorker
from guiapp.model import (
    DECISION_LABELS,
    DECISIONS,
    METHODS,
    ROLES,
    ColumnMap,
    FileResult,
    ScreenOptions,
    column_letter,
)
from guiapp.review.session import (
    AuditFileError,
    AuditSession,
    Autosave,
    DecisionMemory,
    HitRef,
    MappingMemory,
    locate_file,
    sheet_signature,
    watchlist_fingerprints,
)
from guiapp.screening.screen import make_run_info
from guiapp.settings import Settings, app_dirs, load_settings, save_settings

log = logging.getLogger(__name__)


def shiboken_alive(obj) -> bool:
    """False once Qt deleted the C++ side of obj (a dialog closed with WA_DeleteOnClose)."""
    import shiboken6

    return shiboken6.isValid(obj)


BOM_FILTER = "BOM files (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.tsv *.txt);;All files (*)"
AUDIT_FILTER = "BOM Auditor audit (*.bomaudit.json *.json);;All files (*)"
PREVIOUS_AUDIT_FILTER = (
    "Previous audit (*.bomaudit.json *.json *.audited.xlsx *.audited.xlsm);;"
    "Audit file (*.bomaudit.json *.json);;Annotated workbook (*.xlsx *.xlsm);;All files (*)"
)
REPORT_FILTER = "PDF report, with the HTML beside it (*.pdf);;HTML report (*.html)"
DECISION_KEYS = {"confirmed": "C", "false_positive": "F", "escalated": "E", "pending": "P"}
DECISION_ALT_KEYS = {
    "confirmed": "Ctrl+1",
    "false_positive": "Ctrl+2",
    "escalated": "Ctrl+3",
    "pending": "Ctrl+4",
}


def window_settings() -> QSettings:
    """QSettings for geometry and recent files only, kept in the app's config folder (moves with BOM_AUDITOR_HOME)."""
    return QSettings(str(app_dirs().config / "window.ini"), QSettings.Format.IniFormat)


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


def _load_lists(use_builtin: bool) -> list:
    """The lists screening would use, for Help > About (runs on a worker)."""
    from guiapp.lists.store import ListStore

    return load_lists(use_builtin=use_builtin, store=ListStore())


class Banner(QFrame):
    """A message strip over the work area with optional buttons (never a blocking dialog).

    Its background is a tint of the window colour by kind (info, warning, error, ok) and its text the
    palette's, checked for contrast; both are taken again when the palette changes (light or dark mode).
    """

    KINDS = ("info", "warning", "error", "ok")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.kind = "info"
        self._label = QLabel()
        self._label.setObjectName("bannerText")
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._buttons = QHBoxLayout()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 6, 6)
        lay.addWidget(self._label, 1)
        lay.addLayout(self._buttons)
        self.hide()

    def text(self) -> str:
        return self._label.text()

    def colors(self) -> tuple[QColor, QColor, QColor]:
        """(background, text, border) for the current kind in the current palette."""
        return theme.banner_colors(self.kind, self.palette())

    def text_color(self) -> QColor:
        """The colour the message is drawn in."""
        return self._label.palette().color(QPalette.ColorRole.WindowText)

    def show_message(self, text: str, kind: str = "info", buttons: list[tuple[str, object]] = ()) -> None:
        while self._buttons.count():
            item = self._buttons.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for label, slot in [*buttons, ("Dismiss", None)]:
            b = QPushButton(label)
            b.setObjectName(f"banner_{label.lower().replace(' ', '_').strip('…')}")
            if slot is not None:
                b.clicked.connect(slot)
            b.clicked.connect(self.hide)
            self._buttons.addWidget(b)
        self.kind = kind if kind in self.KINDS else "info"
        self._apply_text_color()
        self._label.setText(text)
        self.update()
        self.show()

    def _apply_text_color(self) -> None:
        theme.set_text_color(self._label, self.colors()[1])

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_text_color()

    def paintEvent(self, event) -> None:
        bg, _fg, border = self.colors()
        p = QPainter(self)
        p.fillRect(self.rect(), bg)
        p.setPen(border)
        p.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        p.end()


class DropBox(QFrame):
    """The dashed drop target, drawn in the palette's muted colour (a style sheet would pin its children's
    palettes, so the hint inside could not follow a switch to dark mode)."""

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(theme.muted_text(self.palette()), 2, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 12, 12)
        p.end()


class EmptyPage(QWidget):
    """What the window shows before any file is open: a drop target and the sample."""

    def __init__(self, on_open, on_sample, parent=None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        title = QLabel("Drop BOM files here, or Open…")
        title.setObjectName("dropTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.8)
        title.setFont(f)
        sub = QLabel(
            "Excel (.xlsx, .xlsm, .xls, .xlsb), OpenDocument (.ods) and CSV files, or whole folders.\n"
            "Each file is screened against the watchlists; you then review every finding."
        )
        sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
        sub.setObjectName("dropHint")
        self.hint = sub
        row = QHBoxLayout()
        row.addStretch(1)
        self.open_button = QPushButton("Open…")
        self.open_button.clicked.connect(on_open)
        self.sample_button = QPushButton("Try the sample BOM")
        self.sample_button.setObjectName("sampleButton")
        self.sample_button.clicked.connect(on_sample)
        row.addWidget(self.open_button)
        row.addWidget(self.sample_button)
        row.addStretch(1)
        box = DropBox()
        box.setObjectName("dropBox")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(40, 40, 40, 40)
        inner.addWidget(title)
        inner.addWidget(sub)
        inner.addSpacing(12)
        inner.addLayout(row)
        outer = QHBoxLayout()
        outer.addStretch(1)
        outer.addWidget(box, 3)
        outer.addStretch(1)
        lay.addLayout(outer)
        lay.addStretch(2)
        self.apply_palette()

    def apply_palette(self) -> None:
        """The hint in the muted text colour of the current palette."""
        theme.set_text_color(self.hint, theme.muted_text(self.palette()))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.apply_palette()


class MainWindow(QMainWindow):
    """The BOM Auditor window."""

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

    def __init__(self, *, offer_resume: bool = True) -> None:
        super().__init__()
        self.setWindowTitle("BOM Auditor")
        self.setObjectName("mainWindow")
        self.settings: Settings = load_settings()
        self.memory = DecisionMemory.load()
        self.mapping_memory = MappingMemory.load()
        self.autosave = Autosave()
        self.session = self._new_session()
        self._watchlists: list = []
        self._matcher = None
        self._screener: Screener | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._screen_worker: ScreenWorker | None = None
        self._batch: list[tuple[int, Path]] = []
        self._pending: list[Path] = []
        self._tasks: set[TaskWorker] = set()
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        # Written as soon as the current event is handled: a crash or kill may then lose at most the
        # decision being made. Several changes from one action (a group decision) share one write.
        self._autosave_timer.setInterval(0)
        self._autosave_timer.timeout.connect(self.flush_autosave)
        self._updating_mapping = False
        self._sheet_shown_path = None  # the file whose sheet the Whole sheet tab shows
        #: file SHA-256 -> changes since a previous audit (File > Apply previous audit), for export and report.
        self._diffs: dict = {}

        self._build_models()
        self._build_ui()
        self._build_actions()
        self._apply_palette()
        self.setAcceptDrops(True)
        self._refuse_child_drops()
        self._restore_state()
        self._update_empty()
        if self.memory.load_error:
            self.banner.show_message(self.memory.load_error, "warning")
        if offer_resume:
            self._offer_resume()

    # --- setup -------------------------------------------------------------------------------
    def _new_session(self) -> AuditSession:
        s = AuditSession(
            reviewer=self.settings.reviewer,
            memory=self.memory if self.settings.decision_memory else None,
            fingerprints=watchlist_fingerprints(getattr(self, "_watchlists", [])),
        )
        s.on_change = self._schedule_autosave
        return s

    def _build_models(self) -> None:
        self.files_model = FilesListModel(self)
        self.hits_model = HitsTableModel(self.session, self)
        self.hits_proxy = HitsFilterProxyModel(self)
        self.hits_proxy.setSourceModel(self.hits_model)
        self.groups_model = GroupsTableModel(self.session, self)
        self.groups_proxy = GroupsFilterProxyModel(self)
        self.groups_proxy.setSourceModel(self.groups_model)
        self.sheet_model = SheetTableModel(self)

    def _table(self, name: str) -> QTableView:
        v = QTableView()
        v.setObjectName(name)
        v.setHorizontalHeader(SortHeader(v))
        v.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        v.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        v.setAlternatingRowColors(True)
        v.setSortingEnabled(True)
        v.setWordWrap(False)
        v.verticalHeader().setDefaultSectionSize(v.fontMetrics().height() + 8)
        v.verticalHeader().hide()
        v.horizontalHeader().setHighlightSections(False)
        v.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        v.horizontalHeader().setStretchLastSection(True)
        return v

    def _build_ui(self) -> None:
        # Left: files.
        self.files_view = QListView()
        self.files_view.setObjectName("filesView")
        self.files_view.setModel(self.files_model)
        self.files_view.setSpacing(2)
        self.files_view.setUniformItemSizes(False)
        # BOMs often share a long prefix ("06_greatscottgadgets_…"): keep the distinguishing end and the
        # extension visible; the tooltip has the whole path. Without a horizontal scroll bar the items are
        # painted at the view's width, so the names are elided instead of scrolled out of sight.
        self.files_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.files_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.files_view.selectionModel().currentChanged.connect(self._on_file_current_changed)

        # Centre, tab 1: findings with the filter bar.
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("filterEdit")
        self.filter_edit.setPlaceholderText("Filter findings…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.hits_proxy.set_text)
        self.decision_filter = QComboBox()
        self.decision_filter.setObjectName("decisionFilter")
        self.decision_filter.addItem("All decisions", "")
        self.decision_filter.addItem("Open items", "open")
        self.decision_filter.setItemData(1, "Pending or escalated", Qt.ItemDataRole.ToolTipRole)
        for d in DECISIONS:
            self.decision_filter.addItem(DECISION_LABELS[d], d)
        self.decision_filter.currentIndexChanged.connect(
            lambda: self.hits_proxy.set_decision(self.decision_filter.currentData())
        )
        self.list_filter = QComboBox()
        self.list_filter.setObjectName("listFilter")
        self.list_filter.addItem("All lists", "")
        self.list_filter.currentIndexChanged.connect(
            lambda: self.hits_proxy.set_list(self.list_filter.currentData() or "")
        )
        self.method_filter = QComboBox()
        self.method_filter.setObjectName("methodFilter")
        self.method_filter.addItem("All methods", "")
        for m in METHODS:
            label = "Pattern (part number)" if m == "part_number" else m.replace("_", " ").capitalize()
            self.method_filter.addItem(label, m)
        self.method_filter.currentIndexChanged.connect(
            lambda: self.hits_proxy.set_method(self.method_filter.currentData() or "")
        )
        self.score_filter = QSpinBox()
        self.score_filter.setObjectName("scoreFilter")
        self.score_filter.setRange(0, 100)
        self.score_filter.setPrefix("Score ≥ ")
        self.score_filter.valueChanged.connect(self.hits_proxy.set_min_score)
        self.review_filter = QCheckBox("Review-level only")
        self.review_filter.setObjectName("reviewFilter")
        self.review_filter.setToolTip(
            "Show only review-level findings: weak evidence (a loose part-number pattern or list data of "
            "low confidence), marked with an amber ? in the Method column."
        )
        self.review_filter.toggled.connect(self.hits_proxy.set_review_only)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.filter_edit, 3)
        bar.addWidget(self.decision_filter, 2)
        bar.addWidget(self.list_filter, 1)
        bar.addWidget(self.method_filter, 1)
        bar.addWidget(self.score_filter)
        bar.addWidget(self.review_filter)
        self.hits_view = self._table("hitsView")
        self.hits_view.setModel(self.hits_proxy)
        self.hits_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.hits_view.sortByColumn(HitsTableModel.SCORE, Qt.SortOrder.DescendingOrder)
        self.hits_view.selectionModel().selectionChanged.connect(self._on_hits_selection_changed)
        self.hits_view.selectionModel().currentRowChanged.connect(self._on_hits_selection_changed)
        self.hits_view.activated.connect(self._on_hit_activated)
        self.hits_view.setItemDelegateForColumn(HitsTableModel.NOTE, NoteDelegate(self.hits_view))
        # A note typed in place shows in the detail pane at once (not only after moving on).
        self.hits_model.dataChanged.connect(self._on_hits_data_changed)
        # Every column fits the view (at 1366x768 beside the file list and the detail pane). The short
        # columns take the width of what they hold; the rest goes first to the cell text and the matched
        # entity (what a reviewer reads), then parent, lists and note. Long names are elided; the tooltip
        # and the detail pane show them whole.
        H = HitsTableModel
        self.hits_fitter = ColumnFitter(
            self.hits_view,
            {
                H.FILE: ("board-a.xlsx", 1.0),
                H.SHEET: (FitContent(cap="Alternates"), 0.0),
                H.ROW: (FitContent(), 0.0),
                H.FIELD: (FitContent(), 0.0),
                H.VALUE: ("ZHEJIANG DAHUA", 3.0),
                H.ENTITY: ("Hangzhou Hikvision", 3.0),
                H.PARENT: ("Hangzhou", 0.8),
                H.LISTS: ("BIS-EL", 0.6),
                H.METHOD: (FitContent(), 0.0),
                H.SCORE: (FitContent(), 0.0),
                H.DECISION: (FitContent(floor="False positive", cap="Confirmed (remembered)"), 0.2),
                H.NOTE: ("Note", 0.4),
            },
        )
        self.hits_view.horizontalHeader().setMinimumSectionSize(30)
        self.hits_view.setColumnHidden(HitsTableModel.FILE, True)  # shown once a second file is open
        for m in (self.hits_proxy,):
            for sig in (m.rowsInserted, m.rowsRemoved, m.modelReset, m.layoutChanged):
                sig.connect(self._update_count)
        findings = QWidget()
        fl = QVBoxLayout(findings)
        fl.setContentsMargins(4, 4, 4, 4)
        fl.addLayout(bar)
        fl.addWidget(self.hits_view, 1)
        fl.addWidget(self.count_label)

        # Tab 2: grouped by value.
        self.groups_view = self._table("groupsView")
        self.groups_view.setModel(self.groups_proxy)
        self.groups_view.sortByColumn(GroupsTableModel.ROWS, Qt.SortOrder.DescendingOrder)
        self.groups_view.selectionModel().selectionChanged.connect(self._on_groups_selection_changed)
        self.groups_view.activated.connect(self._on_group_activated)
        G = GroupsTableModel
        self.groups_fitter = ColumnFitter(
            self.groups_view,
            {
                G.VALUE: ("ZHEJIANG DAHUA", 3.0),
                G.ENTITY: ("Hangzhou Hikvision", 3.0),
                G.LISTS: ("BIS-EL, NDAA", 0.6),
                G.METHOD: (FitContent(cap="description, pattern"), 0.0),
                G.SCORE: (FitContent(), 0.0),
                G.ROWS: (FitContent(), 0.0),
                G.FILES: (FitContent(), 0.0),
                # "Mixed: 1 confirmed, 2 pending" is elided; the detail pane lists the rows.
                G.DECISION: (FitContent(floor="False positive", cap="Confirmed (remembered)"), 0.2),
                G.NOTE: ("Note", 0.4),
            },
        )
        self.groups_view.horizontalHeader().setMinimumSectionSize(30)
        self.groups_view.setColumnHidden(GroupsTableModel.FILES, True)
        self.groups_filter_edit = QLineEdit()
        self.groups_filter_edit.setObjectName("groupsFilterEdit")
        self.groups_filter_edit.setPlaceholderText("Filter values…")
        self.groups_filter_edit.setClearButtonEnabled(True)
        self.groups_filter_edit.textChanged.connect(self.groups_proxy.set_text)
        self.groups_decision_filter = QComboBox()
        self.groups_decision_filter.setObjectName("groupsDecisionFilter")
        self.groups_decision_filter.addItem("All decisions", "")
        self.groups_decision_filter.addItem("Open items", "open")
        self.groups_decision_filter.setItemData(
            1, "Values with a row still pending or escalated", Qt.ItemDataRole.ToolTipRole
        )
        for d in DECISIONS:
            self.groups_decision_filter.addItem(DECISION_LABELS[d], d)
            self.groups_decision_filter.setItemData(
                self.groups_decision_filter.count() - 1,
                f"Values with at least one row marked {DECISION_LABELS[d].lower()}",
                Qt.ItemDataRole.ToolTipRole,
            )
        self.groups_decision_filter.addItem("Mixed", "mixed")
        self.groups_decision_filter.setItemData(
            self.groups_decision_filter.count() - 1,
            "Values whose rows have different decisions",
            Qt.ItemDataRole.ToolTipRole,
        )
        self.groups_decision_filter.currentIndexChanged.connect(
            lambda: self.groups_proxy.set_decision(self.groups_decision_filter.currentData())
        )
        self.groups_review_filter = QCheckBox("Review-level only")
        self.groups_review_filter.setObjectName("groupsReviewFilter")
        self.groups_review_filter.setToolTip(self.review_filter.toolTip())
        self.groups_review_filter.toggled.connect(self.groups_proxy.set_review_only)
        gbar = QHBoxLayout()
        gbar.setContentsMargins(0, 0, 0, 0)
        gbar.addWidget(self.groups_filter_edit, 3)
        gbar.addWidget(self.groups_decision_filter, 2)
        gbar.addWidget(self.groups_review_filter)
        gbar.addStretch(1)
        self.groups_count_label = QLabel()
        self.groups_count_label.setObjectName("groupsCountLabel")
        for sig in (
            self.groups_proxy.rowsInserted,
            self.groups_proxy.rowsRemoved,
            self.groups_proxy.modelReset,
            self.groups_proxy.layoutChanged,
        ):
            sig.connect(self._update_count)
        groups = QWidget()
        gl = QVBoxLayout(groups)
        gl.setContentsMargins(4, 4, 4, 4)
        gl.addLayout(gbar)
        gl.addWidget(self.groups_view, 1)
        gl.addWidget(self.groups_count_label)

        # Tab 3: the whole sheet with its column mapping.
        self.sheet_tab = self._build_sheet_tab()

        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(findings, "Findings")
        self.tabs.addTab(groups, "By value")
        self.tabs.addTab(self.sheet_tab, "Whole sheet && columns")
        self.tabs.currentChanged.connect(self._on_tab_changed)

        # Right: detail.
        self.detail = DetailPane()

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.files_view)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 1)
        # The table gets the room: at 1366x768 every findings column fits beside a 300 px detail pane.
        self.splitter.setSizes([140, 916, 300])

        self.empty_page = EmptyPage(self.open_dialog, self.open_sample)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_page)
        self.stack.addWidget(self.splitter)

        self.banner = Banner()
        central = QWidget()
        cl = QVBoxLayout(central)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(self.banner)
        cl.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        # Status bar: message, per-file and overall progress, cancel.
        sb = self.statusBar()
        self.status_label = QLabel("Ready")
        self.status_label.setObjectName("statusLabel")
        self.file_progress = QProgressBar()
        self.file_progress.setObjectName("fileProgress")
        self.file_progress.setMaximumWidth(160)
        self.file_progress.setFormat("file %p%")
        self.overall_progress = QProgressBar()
        self.overall_progress.setObjectName("overallProgress")
        self.overall_progress.setMaximumWidth(160)
        self.overall_progress.setFormat("%v of %m files")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancel_screening)
        sb.addWidget(self.status_label, 1)
        sb.addPermanentWidget(self.file_progress)
        sb.addPermanentWidget(self.overall_progress)
        sb.addPermanentWidget(self.cancel_button)
        self._show_progress(False)

    def _build_sheet_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(4, 4, 4, 4)
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        self.sheet_file_combo = QComboBox()
        self.sheet_file_combo.setObjectName("sheetFileCombo")
        self.sheet_file_combo.currentIndexChanged.connect(self._on_sheet_file_changed)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("sheetCombo")
        self.sheet_combo.currentIndexChanged.connect(self._show_current_sheet)
        self.header_spin = QSpinBox()
        self.header_spin.setObjectName("headerRowSpin")
        self.header_spin.setRange(0, 1_000_000)
        self.header_spin.setSpecialValueText("none")
        self.header_spin.setKeyboardTracking(False)
        self.header_spin.valueChanged.connect(self._on_header_row_changed)
        self.role_combos: dict[str, QComboBox] = {}
        for role in ROLES:
            c = QComboBox()
            c.setObjectName(f"roleCombo_{role}")
            c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            c.setMinimumContentsLength(14)
            c.currentIndexChanged.connect(functools.partial(self._on_role_changed, role))
            self.role_combos[role] = c
        self.reset_mapping_button = QPushButton("Use detected")
        self.reset_mapping_button.setObjectName("resetMappingButton")
        self.reset_mapping_button.setToolTip(
            "Forget the corrected columns for this header layout and re-screen"
        )
        self.reset_mapping_button.clicked.connect(self._on_reset_mapping)
        self.mapping_note = QLabel()
        self.mapping_note.setObjectName("mappingNote")
        self.mapping_note.setWordWrap(True)
        grid.addWidget(QLabel("File"), 0, 0)
        grid.addWidget(self.sheet_file_combo, 0, 1)
        grid.addWidget(QLabel("Sheet"), 0, 2)
        grid.addWidget(self.sheet_combo, 0, 3)
        grid.addWidget(QLabel("Header row"), 0, 4)
        grid.addWidget(self.header_spin, 0, 5)
        labels = {
            "manufacturer": "Manufacturer",
            "part_number": "Part number",
            "description": "Description",
            "supplier": "Supplier",
        }
        for i, role in enumerate(ROLES):
            grid.addWidget(QLabel(labels[role]), 1 + i // 2, (i % 2) * 2)
            grid.addWidget(self.role_combos[role], 1 + i // 2, (i % 2) * 2 + 1)
        grid.addWidget(self.reset_mapping_button, 1, 4, 1, 2)
        grid.addWidget(self.mapping_note, 3, 0, 1, 6)
        for col in (1, 3):
            grid.setColumnStretch(col, 1)
        lay.addLayout(grid)
        self.sheet_view = self._table("sheetView")
        self.sheet_view.setModel(self.sheet_model)
        self.sheet_view.setSortingEnabled(False)
        self.sheet_view.verticalHeader().show()
        self.sheet_view.horizontalHeader().setStretchLastSection(False)
        self.sheet_view.horizontalHeader().setDefaultSectionSize(130)
        # Fit columns to the first rows only: measuring every row of a 100,000-row BOM would stall.
        self.sheet_view.horizontalHeader().setResizeContentsPrecision(60)
        self.sheet_view.selectionModel().currentRowChanged.connect(self._on_sheet_row_changed)
        self.sheet_legend = QLabel()
        self.sheet_legend.setObjectName("sheetLegend")
        lay.addWidget(self.sheet_view, 1)
        lay.addWidget(self.sheet_legend)
        return w

    def _legend_html(self) -> str:
        """The whole-sheet legend, in the fills the sheet view uses in the current palette."""
        pal = self.palette()
        return (
            theme.span("&nbsp;row with a finding&nbsp;", "hit_row", pal)
            + " "
            + theme.span("&nbsp;matching cell&nbsp;", "hit_cell", pal)
            + " "
            + theme.span(
                "<i>&nbsp;not screened (nothing to screen in the mapped columns)&nbsp;</i>",
                "not_screened",
                pal,
            )
            + " <b>bold</b> = header row"
        )

    def _apply_palette(self) -> None:
        """Colours written into labels and HTML follow the palette (the system's light or dark mode)."""
        muted = theme.muted_text(self.palette())
        theme.set_text_color(self.mapping_note, muted)
        self.sheet_legend.setText(self._legend_html())

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()

    def _build_actions(self) -> None:
        mb = self.menuBar()
        file_menu = mb.addMenu("&File")
        self.open_action = self._action("&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self._action("Try the &sample BOM", self.open_sample))
        file_menu.addSeparator()
        self.export_action = self._action("&Export annotated workbook…", self.export_current, "Ctrl+E")
        file_menu.addAction(self.export_action)
        self.export_all_action = self._action(
            "Export a&ll annotated workbooks…", self.export_all, "Ctrl+Shift+E"
        )
        file_menu.addAction(self.export_all_action)
        self.report_action = self._action("Export &report…", self.export_report_dialog, "Ctrl+Shift+R")
        file_menu.addAction(self.report_action)
        file_menu.addAction(self._action("Save &audit as…", self.save_audit_dialog, "Ctrl+Shift+S"))
        file_menu.addAction(self._action("Open au&dit…", self.open_audit_dialog, "Ctrl+Shift+O"))
        self.apply_audit_action = self._action("Apply &previous audit…", self.apply_previous_audit_dialog)
        file_menu.addAction(self.apply_audit_action)
        file_menu.addSeparator()
        self.batch_action = self._action("&Batch screen folder…", self.open_batch_dialog, "Ctrl+B")
        file_menu.addAction(self.batch_action)
        file_menu.addSeparator()
        self.remove_file_action = self._action("&Close file", self.remove_current_file, "Ctrl+W")
        file_menu.addAction(self.remove_file_action)
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        review = mb.addMenu("&Review")
        self.decision_actions: dict[str, QAction] = {}
        for status in ("confirmed", "false_positive", "escalated", "pending"):
            a = QAction(f"Mark {DECISION_LABELS[status].lower()}", self)
            a.setObjectName(f"decide_{status}")
            a.setShortcuts([QKeySequence(DECISION_KEYS[status]), QKeySequence(DECISION_ALT_KEYS[status])])
            # Single-letter shortcuts only where the person reviews, never while typing in the filter.
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(functools.partial(self.decide_selected, status))
            self.hits_view.addAction(a)
            self.groups_view.addAction(a)
            review.addAction(a)
            self.decision_actions[status] = a
        review.addSeparator()
        note = self._action("Edit &note…", self.edit_note, "Ctrl+N")
        review.addAction(note)
        review.addAction(self._action("Show in &sheet", self.show_current_in_sheet, "Ctrl+J"))
        review.addSeparator()
        review.addAction(self._action("&Reviewer name…", self.ask_reviewer))

        view = mb.addMenu("&View")
        for i, name in enumerate(("&Findings", "&By value", "&Whole sheet && columns")):
            view.addAction(
                self._action(name, functools.partial(self.tabs.setCurrentIndex, i), f"Alt+{i + 1}")
            )

        tools = mb.addMenu("&Tools")
        self.settings_action = self._action(
            "&Settings…", self.open_settings, QKeySequence.StandardKey.Preferences
        )
        self.settings_action.setShortcut("Ctrl+,")
        tools.addAction(self.settings_action)
        self.watchlists_action = self._action("&Watchlists…", self.open_watchlists)
        tools.addAction(self.watchlists_action)
        tools.addAction(self._action("Open &data folder", lambda: self._open_folder(app_dirs().data)))

        help_menu = mb.addMenu("&Help")
        self.open_log_action = self._action("Open &log folder", self.open_log_folder)
        help_menu.addAction(self.open_log_action)
        help_menu.addAction(self._action("&About BOM Auditor", self.show_about))

    def _action(self, text: str, slot, shortcut=None) -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        a.triggered.connect(lambda checked=False: slot())
        return a

    def _refuse_child_drops(self) -> None:
        # Text widgets would swallow a dropped file as its URL text; the window handles drops itself.
        for w in self.findChildren(QWidget):
            if isinstance(w, (QLineEdit, QTextEdit, QAbstractItemView, QSpinBox, QComboBox)):
                w.setAcceptDrops(False)
                if isinstance(w, QAbstractItemView):
                    w.viewport().setAcceptDrops(False)

    # --- opening files -----------------------------------------------------------------------
    def open_paths(self, paths) -> None:
        """Open files and folders: the one entry for the command line, File > Open, recent files and drops."""
        try:
            files = expand_paths(paths)
        except Exception as exc:  # a folder that cannot be listed
            self.banner.show_message(f"Could not open: {exc}", "error")
            return
        if not files:
            self.banner.show_message(
                "No BOM files were found there (.xlsx, .xlsm, .xls, .xlsb, .ods, .csv).", "warning"
            )
            return
        for f in files:
            self.files_model.add(f)
            self._add_recent(f)
            if f not in self._pending:
                self._pending.append(f)
        self._update_empty()
        if self.files_view.currentIndex().row() < 0:
            self.files_view.setCurrentIndex(self.files_model.index(self.files_model.row_of(files[0]), 0))
        self._start_next_batch()

    def open_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Open BOM files", self._last_dir(), BOM_FILTER)
        if paths:
            self.open_paths(paths)

    def open_sample(self) -> None:
        from guiapp.resources import sample_bom

        try:
            path = sample_bom()
        except FileNotFoundError as exc:
            self.banner.show_message(str(exc), "error")
            return
        if not path.is_file():
            self.banner.show_message(
                f"The sample BOM is missing ({path}); reinstall the application.", "error"
            )
            return
        self.open_paths([path])

    def remove_current_file(self) -> None:
        row = self.files_view.currentIndex().row()
        if row < 0:
            return
        entry = self.files_model.entry(row)
        if entry.status in ("queued", "screening"):
            return
        self.files_model.remove(row)
        self.session.remove_file(entry.path)
        self._reload_views()
        self._update_empty()

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

    # --- screening ---------------------------------------------------------------------------
    def _options(self) -> ScreenOptions:
        return screen_options(self.settings)

    def _start_next_batch(self) -> None:
        if self._screen_worker is not None or not self._pending:
            return
        paths, self._pending = self._pending, []
        self._batch = [(self.files_model.row_of(p), p) for p in paths]
        options = self._options()
        worker = ScreenWorker(
            paths,
            self._screener,
            functools.partial(
                _load_screener, options, self.settings.use_builtin_watchlist, self.mapping_memory
            ),
        )
        worker.signals.screenerReady.connect(self._on_screener_ready)
        worker.signals.fileStarted.connect(self._on_file_started)
        worker.signals.fileProgress.connect(self._on_file_progress)
        worker.signals.fileDone.connect(self._on_file_done)
        worker.signals.failed.connect(self._on_batch_failed)
        worker.signals.cancelled.connect(self._on_batch_cancelled)
        worker.signals.finished.connect(self._on_batch_finished)
        self._screen_worker = worker
        self.overall_progress.setRange(0, len(paths))
        self.overall_progress.setValue(0)
        self.file_progress.setRange(0, 0)
        self._show_progress(True)
        self.status_label.setText("Loading the watchlists…" if self._screener is None else "Screening…")
        self._pool.start(worker)

    def cancel_screening(self) -> None:
        """Stop the running batch at its next check and drop the queued files."""
        if self._screen_worker is not None:
            self._screen_worker.cancel()
        for p in self._pending:
            row = self.files_model.row_of(p)
            if row >= 0:
                self.files_model.update(row, status="cancelled")
        self._pending = []
        self.status_label.setText("Cancelling…")

    def is_busy(self) -> bool:
        return self._screen_worker is not None or bool(self._tasks)

    def _on_screener_ready(self, screener: Screener) -> None:
        self._screener = screener
        self._watchlists = list(screener.watchlists)
        self._matcher = screener.matcher
        self.session.fingerprints = dict(screener.fingerprints)

    def _on_file_started(self, i: int, path) -> None:
        row = self.files_model.row_of(Path(path))
        if row >= 0:
            self.files_model.update(row, status="screening")
        self.overall_progress.setValue(i)
        self.file_progress.setRange(0, 0)
        self.status_label.setText(f"Screening {Path(path).name} ({i + 1} of {len(self._batch)})…")

    def _on_file_progress(self, i: int, done: int, total: int, message: str) -> None:
        if total > 0:
            self.file_progress.setRange(0, total)
            self.file_progress.setValue(min(done, total))
        if message:
            self.status_label.setText(message)

    def _on_file_done(self, i: int, result: FileResult) -> None:
        row = self.files_model.row_of(Path(result.path))
        self.overall_progress.setValue(i + 1)
        if row < 0:  # closed meanwhile
            return
        if result.ok:
            self.files_model.update(row, status="ok", result=result, message="")
            self.session.add_result(result)
            self._reload_views()
            if result.warnings:
                self.files_model.update(row, message="; ".join(result.warnings))
        else:
            self.files_model.update(
                row, status="error", result=result, message=result.error or "Unreadable file"
            )
            self.session.remove_file(result.path)
            self._reload_views()

    def _on_batch_failed(self, message: str) -> None:
        for _, p in self._batch:
            row = self.files_model.row_of(p)
            if row >= 0 and self.files_model.entry(row).status in ("queued", "screening"):
                self.files_model.update(row, status="error", message=message)
        self.banner.show_message(f"Screening stopped: {message}", "error")

    def _on_batch_cancelled(self) -> None:
        for _, p in self._batch:
            row = self.files_model.row_of(p)
            if row >= 0 and self.files_model.entry(row).status in ("queued", "screening"):
                self.files_model.update(
                    row,
                    status="cancelled",
                    message="Screening was cancelled; open the file again to screen it.",
                )
        self.status_label.setText("Screening cancelled")

    def _on_batch_finished(self) -> None:
        self._screen_worker = None
        self._batch = []
        if self._pending:
            self._start_next_batch()
            return
        self._show_progress(False)
        if self.status_label.text() != "Screening cancelled":
            self._update_status_summary()
        self.screeningFinished.emit()

    def _show_progress(self, on: bool) -> None:
        for w in (self.file_progress, self.overall_progress, self.cancel_button):
            w.setVisible(on)

    # --- views -------------------------------------------------------------------------------
    def _reload_views(self) -> None:
        current = self.current_ref()
        self.hits_model.reload()
        self.groups_model.reload()
        codes = sorted({c for r in self.session.refs() for c in r.hit.match.lists})
        chosen = self.list_filter.currentData()
        self.list_filter.blockSignals(True)
        self.list_filter.clear()
        self.list_filter.addItem("All lists", "")
        for c in codes:
            self.list_filter.addItem(c, c)
        i = self.list_filter.findData(chosen)
        self.list_filter.setCurrentIndex(max(0, i))
        self.list_filter.blockSignals(False)
        self._fill_sheet_file_combo()
        # The file column only tells files apart; with one file it takes room from the cell text.
        self.hits_view.setColumnHidden(HitsTableModel.FILE, len(self.session.results) <= 1)
        self.groups_view.setColumnHidden(GroupsTableModel.FILES, len(self.session.results) <= 1)
        self.hits_fitter.fit()
        self.groups_fitter.fit()
        if current is not None:
            self.select_ref(current)
        elif self.hits_proxy.rowCount() and not self.hits_view.selectionModel().hasSelection():
            self.hits_view.selectRow(0)
        self._update_count()
        self._update_status_summary()

    def _update_count(self, *args) -> None:
        total = self.hits_model.rowCount()
        shown = self.hits_proxy.rowCount()
        review = sum(1 for r in self.hits_model.refs() if r.hit.match.review)
        review_txt = f" · {review} review-level (amber ?)" if review else ""
        self.count_label.setText(
            f"{shown} of {total} findings shown{review_txt} · C confirmed, F false positive, E escalated, "
            "P pending · Enter edits the note"
        )
        self.groups_count_label.setText(
            f"{self.groups_proxy.rowCount()} of {self.groups_model.rowCount()} distinct values shown · "
            "a decision here covers every row the value appears in"
        )

    def _update_status_summary(self) -> None:
        if self._screen_worker is not None:
            return
        counts = self.session.summary()
        n = sum(counts.values())
        files = len(self.session.results)
        errors = sum(1 for e in self.files_model.entries() if e.status == "error")
        parts = [f"{files} file" + ("" if files == 1 else "s"), f"{n} finding" + ("" if n == 1 else "s")]
        parts += [f"{counts[d]} {DECISION_LABELS[d].lower()}" for d in DECISIONS if counts.get(d)]
        if errors:
            parts.append(f"{errors} unreadable")
        self.status_label.setText(" · ".join(parts))

    def _update_empty(self) -> None:
        self.stack.setCurrentIndex(1 if self.files_model.rowCount() else 0)

    def selected_refs(self) -> list[HitRef]:
        """The hits the person selected in the current view (all rows of the selected groups in By value)."""
        if self.tabs.currentIndex() == 1:
            refs: list[HitRef] = []
            for idx in self.groups_view.selectionModel().selectedRows():
                refs.extend(idx.data(REF_ROLE).refs)
            return refs
        rows = self.hits_view.selectionModel().selectedRows()
        refs = [idx.data(REF_ROLE) for idx in sorted(rows, key=lambda i: i.row())]
        if not refs:
            cur = self.hits_view.currentIndex()
            if cur.isValid():
                refs = [cur.data(REF_ROLE)]
        return refs

    def current_ref(self) -> HitRef | None:
        idx = self.hits_view.currentIndex()
        return idx.data(REF_ROLE) if idx.isValid() else None

    def select_ref(self, ref: HitRef) -> None:
        row = self.hits_model.row_of(ref)
        if row < 0:
            return
        idx = self.hits_proxy.mapFromSource(self.hits_model.index(row, 0))
        if idx.isValid():
            self.hits_view.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.hits_view.scrollTo(idx)

    def _on_hits_selection_changed(self, *args) -> None:
        if self.tabs.currentIndex() == 1:
            # The findings table changes behind the By value tab too (re-screening after a watchlist
            # change, a resume); the detail pane there belongs to the selected value, not to this table.
            self._on_groups_selection_changed()
            return
        if self.tabs.currentIndex() == 2:
            # Likewise behind the Whole sheet tab (a re-mapped sheet is re-screened): the pane shows the
            # selected sheet row, never the findings table's current hit.
            self._show_sheet_detail()
            return
        refs = self.selected_refs() if self.tabs.currentIndex() == 0 else []
        ref = self.current_ref()
        if ref is None and refs:
            ref = refs[0]
        self._show_detail(ref, extra=len(refs) if len(refs) > 1 else 0)

    def _on_groups_selection_changed(self, *args) -> None:
        rows = self.groups_view.selectionModel().selectedRows()
        if not rows:
            self._clear_detail()
            return
        group = rows[0].data(REF_ROLE)
        self._show_detail(group.refs[0], group_rows=len(group.refs))

    def _clear_detail(self, text: str | None = None) -> None:
        self._detail_key = None
        self.detail.show_nothing(text)

    def _show_detail(self, ref: HitRef | None, extra: int = 0, group_rows: int = 0) -> None:
        if ref is None:
            self._clear_detail()
            return
        # Selection and current-row signals both land here; render a hit once, not twice (setHtml of a
        # long list entry costs ~10 ms), but again whenever its decision changed.
        key = (ref, extra, group_rows, self.session.decision(ref), len(self._watchlists))
        if key == getattr(self, "_detail_key", None):
            return
        self._detail_key = key
        result = self.session.result_for(ref.sha256)
        entity = find_entity(self._watchlists, ref.hit.match.entity_id)
        decision = self.session.decision(ref)
        name = Path(result.path).name if result else ""
        notes = []
        if extra:
            notes.append(f"{extra} findings selected; a decision applies to all of them.")
        if group_rows:
            notes.append(f"This value appears in {group_rows} row(s); a decision here covers all of them.")

        def render(palette) -> str:
            head = "".join(note_html(n, palette) for n in notes)
            return head + hit_html(ref.hit, result, decision, entity, name, palette)

        self.detail.show_rendered(render)

    def _on_tab_changed(self, index: int) -> None:
        if index == 0:
            self._on_hits_selection_changed()
        elif index == 1:
            self._on_groups_selection_changed()
        elif index == 2:
            self._show_current_sheet()

    def _on_hits_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles=()) -> None:
        if (
            self.tabs.currentIndex() == 0
            and top_left.column() <= HitsTableModel.NOTE <= bottom_right.column()
        ):
            self._on_hits_selection_changed()

    def _on_hit_activated(self, index: QModelIndex) -> None:
        self.edit_note()

    def _on_group_activated(self, index: QModelIndex) -> None:
        self.edit_note()

    def _on_file_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not current.isValid():
            return
        entry = self.files_model.entry(current.row())
        if entry.status == "error":
            self._clear_detail(entry.message)
        i = self.sheet_file_combo.findData(str(entry.path))
        if i >= 0:
            self.sheet_file_combo.setCurrentIndex(i)

    # --- decisions ---------------------------------------------------------------------------
    def ask_reviewer(self) -> bool:
        """Ask for the reviewer's name (kept in the settings); False when the person cancels."""
        name, ok = QInputDialog.getText(
            self, "Reviewer", "Your name, recorded with every decision:", text=self.settings.reviewer
        )
        name = name.strip()
        if not ok or not name:
            return False
        self.settings.reviewer = name
        self.session.reviewer = name
        save_settings(self.settings)
        return True

    def decide_selected(self, status: str) -> None:
        """Record a decision on the selected findings (or groups), then move on to the next finding."""
        refs = self.selected_refs()
        if not refs:
            return
        if not self.settings.reviewer and not self.ask_reviewer():
            return
        single = len(self.hits_view.selectionModel().selectedRows()) <= 1 and self.tabs.currentIndex() == 0
        self.session.decide(refs, status, None, self.settings.reviewer)
        self._after_decision()
        if single:
            cur = self.hits_view.currentIndex()
            if cur.isValid() and cur.row() + 1 < self.hits_proxy.rowCount():
                nxt = self.hits_proxy.index(cur.row() + 1, cur.column())
                self.hits_view.selectionModel().setCurrentIndex(
                    nxt,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )

    def edit_note(self) -> None:
        """Edit the note: in place in the findings table, in a dialog for value groups."""
        if self.tabs.currentIndex() == 0:
            cur = self.hits_view.currentIndex()
            if not cur.isValid():
                return
            if not self.settings.reviewer and not self.ask_reviewer():
                return
            idx = self.hits_proxy.index(cur.row(), HitsTableModel.NOTE)
            self.hits_view.setCurrentIndex(idx)
            self.hits_view.edit(idx)
            return
        refs = self.selected_refs()
        if not refs:
            return
        if not self.settings.reviewer and not self.ask_reviewer():
            return
        current = self.session.decision(refs[0]).note
        text, ok = QInputDialog.getMultiLineText(
            self, "Note", f"Rationale for these {len(refs)} finding(s):", current
        )
        if ok:
            self.session.set_note(refs, text, self.settings.reviewer)
            self._after_decision()

    def _after_decision(self) -> None:
        self.hits_model.refresh_decisions()
        self.groups_model.refresh_decisions()
        self._update_status_summary()
        if self.tabs.currentIndex() == 1:
            self._on_groups_selection_changed()
        else:
            self._on_hits_selection_changed()

    def show_current_in_sheet(self) -> None:
        ref = self.current_ref()
        if ref is None:
            return
        result = self.session.result_for(ref.sha256)
        if result is None:
            return
        self.tabs.setCurrentIndex(2)
        i = self.sheet_file_combo.findData(str(result.path))
        self.sheet_file_combo.setCurrentIndex(i)
        j = self.sheet_combo.findText(ref.hit.sheet)
        self.sheet_combo.setCurrentIndex(j)
        r = self.sheet_model.source_row_of(ref.hit.row)
        if 0 <= r < self.sheet_model.rowCount():
            self.sheet_view.selectRow(r)
            self.sheet_view.scrollTo(
                self.sheet_model.index(r, 0), QAbstractItemView.ScrollHint.PositionAtCenter
            )

    # --- whole sheet and column mapping ------------------------------------------------------
    def _fill_sheet_file_combo(self) -> None:
        chosen = self.sheet_file_combo.currentData()
        self.sheet_file_combo.blockSignals(True)
        self.sheet_file_combo.clear()
        for r in self.session.results:
            if r.ok and r.bom is not None:
                self.sheet_file_combo.addItem(Path(r.path).name, str(r.path))
        i = self.sheet_file_combo.findData(chosen)
        self.sheet_file_combo.setCurrentIndex(i if i >= 0 else 0)
        self.sheet_file_combo.blockSignals(False)
        self._on_sheet_file_changed(keep_sheet=True)

    def current_sheet_result(self) -> FileResult | None:
        path = self.sheet_file_combo.currentData()
        return next((r for r in self.session.results if str(r.path) == path), None)

    def _on_sheet_file_changed(self, *args, keep_sheet: bool = False) -> None:
        result = self.current_sheet_result()
        chosen = self.sheet_combo.currentText() if keep_sheet else ""
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        if result is not None and result.bom is not None:
            for s in result.bom.sheets:
                self.sheet_combo.addItem(s.name + (" (hidden)" if s.hidden else ""), s.name)
            # Start on the sheet with the most findings.
            counts = {s.name: 0 for s in result.bom.sheets}
            for h in result.hits:
                counts[h.sheet] = counts.get(h.sheet, 0) + 1
            i = self.sheet_combo.findText(chosen) if chosen else -1
            if i < 0 and counts:
                i = self.sheet_combo.findData(max(counts, key=lambda k: counts[k]))
            self.sheet_combo.setCurrentIndex(max(0, i))
        self.sheet_combo.blockSignals(False)
        self._show_current_sheet()

    def current_sheet(self):
        result = self.current_sheet_result()
        name = self.sheet_combo.currentData()
        if result is None or result.bom is None or name is None:
            return result, None
        return result, next((s for s in result.bom.sheets if s.name == name), None)

    def _show_current_sheet(self, *args) -> None:
        result, sheet = self.current_sheet()
        # Keep the selected row when the same sheet is shown again (a re-screen after re-mapping).
        shown = (self._sheet_shown_path, getattr(self.sheet_model.sheet(), "name", None))
        self._sheet_shown_path = result.path if result is not None else None
        cur = self.sheet_view.currentIndex()
        same = sheet is not None and shown == (self._sheet_shown_path, sheet.name)
        keep_row = self.sheet_model.spreadsheet_row(cur.row()) if same and cur.isValid() else None
        if sheet is None:
            self.sheet_model.set_sheet(None)
            self._fill_mapping_controls(None)
            self._show_sheet_detail()
            return
        report = next((r for r in result.sheets if r.name == sheet.name), None)
        hits = [h for h in result.hits if h.sheet == sheet.name]
        self.sheet_model.set_sheet(sheet, hits, report.not_screened_rows if report else [])
        self._fit_sheet_columns(sheet)
        self._fill_mapping_controls(sheet, report)
        if keep_row is not None:
            r = self.sheet_model.source_row_of(keep_row)
            if 0 <= r < self.sheet_model.rowCount():
                self.sheet_view.selectRow(r)
        # The reset dropped the old row (and any finding shown for it): show what is selected now.
        self._show_sheet_detail()

    def _fit_sheet_columns(self, sheet) -> None:
        """Size the columns to the header and the first data rows (title rows above the header and the
        rest of a 100,000-row sheet are not measured: the first would widen, the second would stall)."""
        fm = self.sheet_view.fontMetrics()
        bold = self.sheet_view.horizontalHeader().font()
        bold.setBold(True)
        hfm = QFontMetrics(bold)
        start = (sheet.mapping.header_row or sheet.first_row - 1) + 1
        rows = range(start, min(start + 80, sheet.last_row + 1))
        for c in range(self.sheet_model.columnCount()):
            title = self.sheet_model.headerData(c, Qt.Orientation.Horizontal) or ""
            widest = hfm.horizontalAdvance(title) + 16
            for r in rows:
                widest = max(widest, fm.horizontalAdvance(sheet.cell(r, c)) + 12)
            self.sheet_view.setColumnWidth(c, min(max(widest, 48), 260))

    def _on_sheet_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show_sheet_detail()

    def _show_sheet_detail(self) -> None:
        """On the Whole sheet tab: the detail of the selected row's finding, or a placeholder."""
        if self.tabs.currentIndex() != 2:
            return
        result, sheet = self.current_sheet()
        current = self.sheet_view.currentIndex()
        if sheet is None or not current.isValid() or self.sheet_model.sheet() is not sheet:
            self._clear_detail()
            return
        r = self.sheet_model.spreadsheet_row(current.row())
        hits = [h for h in result.hits if h.sheet == sheet.name and h.row == r]
        if hits:
            self._show_detail(HitRef(result.sha256, hits[0]))
        else:
            note = self.sheet_model.data(current, Qt.ItemDataRole.ToolTipRole) or ""
            self._clear_detail(f"Row {r}: no finding. {note}")

    def _fill_mapping_controls(self, sheet, report=None) -> None:
        self._updating_mapping = True
        try:
            for c in self.role_combos.values():
                c.clear()
            enabled = sheet is not None
            for w in (self.header_spin, self.reset_mapping_button, *self.role_combos.values()):
                w.setEnabled(enabled)
            if sheet is None:
                self.mapping_note.setText("")
                return
            m = sheet.mapping
            # SheetData.width walks every row; a 100,000-row sheet makes that 20 ms a call.
            width = self.sheet_model.columnCount() if self.sheet_model.sheet() is sheet else sheet.width
            self.header_spin.setRange(0, max(sheet.last_row, 1))
            self.header_spin.setValue(m.header_row or 0)
            header_cells = sheet.row_values(m.header_row) if m.header_row else []
            for role, combo in self.role_combos.items():
                combo.addItem("(not used)", [])
                for col in range(width):
                    text = header_cells[col] if col < len(header_cells) else ""
                    text = text if len(text) <= 24 else text[:23] + "…"
                    combo.addItem(f"{column_letter(col)}: {text}" if text else column_letter(col), [col])
                cols = m.columns.get(role, [])
                if len(cols) > 1:
                    combo.addItem(", ".join(column_letter(c) for c in cols), list(cols))
                    combo.setCurrentIndex(combo.count() - 1)
                elif cols:
                    combo.setCurrentIndex(cols[0] + 1)
                else:
                    combo.setCurrentIndex(0)
            source = {
                "detected": "Detected",
                "override": "Set by hand",
                "remembered": "Remembered",
                "none": "No header found",
            }.get(m.source, m.source)
            coverage = ""
            if report is not None:
                coverage = f" · {report.rows_screened} rows screened, {report.rows_not_screened} not screened"
            self.mapping_note.setText(f"{source} (confidence {m.confidence:.0%}){coverage}. {m.notes}")
            self.mapping_note.setToolTip(m.notes)
        finally:
            self._updating_mapping = False

    def _on_header_row_changed(self, value: int) -> None:
        if self._updating_mapping:
            return
        result, sheet = self.current_sheet()
        if sheet is None:
            return
        if value == 0:
            mapping = ColumnMap(
                header_row=None,
                source="override",
                confidence=1.0,
                notes="no header row: every text cell is screened",
            )
        else:
            from guiapp.ingest.mapping import mapping_for_header_row

            mapping = mapping_for_header_row(sheet, value)
        self._rescreen(result, sheet, mapping)

    def _on_role_changed(self, role: str, index: int) -> None:
        if self._updating_mapping or index < 0:
            return
        result, sheet = self.current_sheet()
        if sheet is None:
            return
        cols = list(self.role_combos[role].currentData() or [])
        base = sheet.mapping
        columns = {r: [c for c in cs if c not in cols] for r, cs in base.columns.items()}
        columns[role] = cols
        columns = {r: columns[r] for r in ROLES if columns.get(r)}
        note = f"{role.replace('_', ' ')} set by hand to " + (
            ", ".join(column_letter(c) for c in cols) or "none"
        )
        mapping = ColumnMap(
            header_row=base.header_row,
            columns=columns,
            headers=dict(base.headers),
            confidence=1.0,
            source="override",
            notes=note,
        )
        self._rescreen(result, sheet, mapping)

    def _on_reset_mapping(self) -> None:
        result, sheet = self.current_sheet()
        if sheet is None:
            return
        from guiapp.ingest.mapping import detect_mapping

        self.mapping_memory.forget(sheet_signature(sheet))
        self.mapping_memory.save()
        self._rescreen(result, sheet, detect_mapping(sheet), remember=False)

    def _rescreen(self, result: FileResult, sheet, mapping: ColumnMap, remember: bool = True) -> None:
        """Re-screen one sheet with a new mapping on the pool; remember the correction by header layout."""
        if self._screener is None:
            self.banner.show_message("The watchlists are still loading; try again in a moment.", "warning")
            self._show_current_sheet()
            return
        if remember:
            self.mapping_memory.remember(sheet_signature(sheet), mapping.header_row, mapping.columns)
            try:
                self.mapping_memory.save()
            except OSError as exc:
                self.banner.show_message(f"The corrected columns could not be remembered: {exc}", "warning")
        self.status_label.setText(f"Re-screening {sheet.name}…")
        fn = functools.partial(self._screener.rescreen_sheet, result, sheet.name, mapping)
        self._run_task(fn, self._on_rescreened, pass_progress=False)

    def _on_rescreened(self, result: FileResult) -> None:
        row = self.files_model.row_of(Path(result.path))
        if row >= 0:
            self.files_model.update(row, status="ok", result=result)
        self.session.add_result(result)
        self._reload_views()
        self._show_current_sheet()
        self.rescreened.emit()

    # --- background tasks --------------------------------------------------------------------
    def _run_task(self, fn, on_result, *, pass_progress: bool = True, on_error=None) -> TaskWorker:
        task = TaskWorker(fn, pass_progress=pass_progress)
        task.signals.result.connect(on_result)
        task.signals.error.connect(on_error or self._on_task_error)
        task.signals.finished.connect(functools.partial(self._on_task_finished, task))
        self._tasks.add(task)
        self._pool.start(task)
        return task

    def _on_task_error(self, message: str) -> None:
        self.banner.show_message(message, "error")
        self._update_status_summary()

    def _on_task_finished(self, task: TaskWorker) -> None:
        self._tasks.discard(task)

    # --- export and audit files --------------------------------------------------------------
    def current_file_result(self) -> FileResult | None:
        row = self.files_view.currentIndex().row()
        if row >= 0:
            e = self.files_model.entry(row)
            if e.result is not None and e.result.ok:
                return self.session.result_for(e.result.sha256) or e.result
        oks = [r for r in self.session.results if r.ok]
        return oks[0] if len(oks) == 1 else None

    def export_current(self) -> None:
        """Export the selected file as an annotated workbook with the decisions, beside the original."""
        result = self.current_file_result()
        if result is None:
            self.banner.show_message("Select a screened file in the list on the left to export it.", "info")
            return
        suggested = copy_path(Path(result.path))
        kind = (
            "Excel macro-enabled workbook (*.xlsm)"
            if suggested.suffix == ".xlsm"
            else "Excel workbook (*.xlsx)"
        )
        out, _ = QFileDialog.getSaveFileName(self, f"Export {Path(result.path).name}", str(suggested), kind)
        if not out:
            return
        # A macro workbook stays .xlsm with its macros, whatever suffix was typed.
        out_path = copy_path(Path(result.path), Path(out))
        if out_path.resolve() == Path(result.path).resolve():
            self.banner.show_message(
                "The export would overwrite the original BOM; choose another name (the original is never changed).",
                "error",
            )
            return
        run = self._run_info()
        decisions = self.session.decisions_for_file(result.sha256)
        fn = functools.partial(
            export_copy, result, out_path, run, decisions, diff=self._diffs.get(result.sha256)
        )
        self.status_label.setText(f"Exporting {out_path.name}…")
        self._run_task(fn, self._on_exported)

    def export_all(self) -> None:
        """Export every screened file as `<stem>.audited.xlsx` into one folder (the originals' by default)."""

        results = [r for r in self.session.results if r.ok and r.bom is not None]
        if not results:
            self.banner.show_message(
                "Open and screen BOM files first; there is nothing to export yet.", "info"
            )
            return
        if len(results) == 1:
            self.export_current()
            return
        first = Path(results[0].path).parent
        folder = QFileDialog.getExistingDirectory(
            self, f"Export {len(results)} annotated workbooks to folder", str(first)
        )
        if not folder:
            return
        jobs = self.plan_export_all(results, Path(folder))
        existing = [out for _, out in jobs if out.exists()]
        if existing and not self.confirm_replace(existing):
            return
        self._export_jobs(jobs)

    @staticmethod
    def plan_export_all(results: list[FileResult], folder: Path) -> list[tuple[FileResult, Path]]:
        """Output path per file: `<stem>.audited.xlsx` in folder, numbered when two inputs share a stem."""
        targets = plan_copies([Path(r.path) for r in results], folder)
        return [(r, targets[Path(r.path)]) for r in results]

    def confirm_replace(self, paths: list[Path]) -> bool:
        """Ask before replacing earlier exports (never an input: plan_export_all avoids those)."""
        names = "\n".join(p.name for p in paths[:8]) + (
            f"\n… and {len(paths) - 8} more" if len(paths) > 8 else ""
        )
        answer = QMessageBox.question(
            self,
            "Replace earlier exports?",
            f"{len(paths)} of these files already exist and will be replaced:\n\n{names}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _export_jobs(self, jobs: list[tuple[FileResult, Path]]) -> None:
        run = self._run_info()
        # Decisions are read here, on the GUI thread: the worker never touches the session.
        plan = [(r, out, self.session.decisions_for_file(r.sha256)) for r, out in jobs]
        diffs = {r.sha256: self._diffs[r.sha256] for r, _ in jobs if r.sha256 in self._diffs}
        fn = functools.partial(export_copies, plan, run, diffs)
        self.status_label.setText(f"Exporting {len(plan)} files…")
        task = self._run_task(fn, self._on_exported_all)
        task.signals.progress.connect(self._on_export_progress)

    def _on_export_progress(self, done: int, total: int, message: str) -> None:
        if message:
            self.status_label.setText(message)

    def _on_exported_all(self, value) -> None:
        written, failed = value
        written = [Path(p) for p in written]
        self._update_status_summary()
        folder = written[0].parent if written else None
        text = f"Exported {len(written)} annotated workbook" + ("" if len(written) == 1 else "s")
        text += f" to {folder}." if folder else "."
        if failed:
            text += " Not exported: " + "; ".join(failed)
        buttons = [("Open folder", lambda: self._open_folder(folder))] if folder else []
        self.banner.show_message(text, "warning" if failed else "ok", buttons)
        self.exportedAll.emit(written, failed)

    def _on_exported(self, path) -> None:
        path = Path(path)
        self._update_status_summary()
        self.banner.show_message(
            f"Exported {path.name} to {path.parent}.",
            "ok",
            [("Open folder", lambda: self._open_folder(path.parent))],
        )
        self.exported.emit(path)

    def _open_folder(self, folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # --- audit report -------------------------------------------------------------------------
    def report_results(self) -> list[FileResult]:
        """What a report covers: every screened file of the session, then the files that could not be read."""
        failed = [
            e.result
            for e in self.files_model.entries()
            if e.status == "error" and e.result is not None and not e.result.ok
        ]
        return [*self.session.results, *failed]

    def suggested_report_path(self) -> Path:
        """`<stem>.audit-report.pdf` beside the selected (or only) file; `<stem> and N more...` for several."""
        oks = [r for r in self.session.results if r.ok]
        current = self.current_file_result() or oks[0]
        path = Path(current.path)
        if len(oks) == 1:
            return path.with_name(f"{path.stem}.audit-report.pdf")
        return path.with_name(f"{path.stem} and {len(oks) - 1} more.audit-report.pdf")

    def export_report_dialog(self) -> None:
        """File > Export report: ask where, then write the HTML (and PDF) report in the background."""
        if not any(r.ok for r in self.session.results):
            self.banner.show_message(
                "Open and screen BOM files first; there is nothing to report yet.", "info"
            )
            return
        out, chosen = QFileDialog.getSaveFileName(
            self, "Export audit report", str(self.suggested_report_path()), REPORT_FILTER
        )
        if not out:
            return
        out_path = Path(out)
        pdf = out_path.suffix.lower() != ".html" and not (chosen or "").startswith("HTML")
        if out_path.suffix.lower() not in (".pdf", ".html"):
            out_path = out_path.with_name(out_path.name + (".pdf" if pdf else ".html"))
        self.export_report(out_path, pdf=pdf)

    def export_report(self, out_path: Path, *, pdf: bool = True) -> None:
        """Write the audit report of every file in the session (HTML, and PDF beside it when pdf)."""
        from guiapp.evidence.report import write_report

        results = self.report_results()
        run = self._run_info()
        # Decisions and diffs are read here, on the GUI thread: the worker never touches the session.
        decisions = {r.sha256: self.session.decisions_for_file(r.sha256) for r in results if r.ok}
        diffs = {sha: d for sha, d in self._diffs.items() if sha in decisions}
        from guiapp.gui.pdf import render_pdf

        renderer = render_pdf if pdf else None
        fn = functools.partial(write_report, results, run, decisions, out_path, renderer, diffs=diffs)
        self.status_label.setText(f"Writing the report {out_path.name}…")
        self._run_task(fn, self._on_report_written, pass_progress=False, on_error=self._on_report_failed)

    def _on_report_written(self, paths) -> None:
        paths = [Path(p) for p in paths]
        self._update_status_summary()
        main = paths[-1]
        names = " and ".join(p.name for p in reversed(paths))
        self.banner.show_message(
            f"Report written: {names} in {main.parent}.",
            "ok",
            [
                ("Open report", lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(main)))),
                ("Open folder", lambda: self._open_folder(main.parent)),
            ],
        )
        self.reportWritten.emit(paths)

    def _on_report_failed(self, message: str) -> None:
        self._update_status_summary()
        self.banner.show_message(
            f"The report could not be written: {message}. Choose another folder, or close the file if it "
            "is open in another program.",
            "error",
        )

    # --- batch ----------------------------------------------------------------------------------
    def open_batch_dialog(self) -> None:
        """File > Batch screen folder: a dialog that screens, annotates and summarises a whole folder."""
        from guiapp.gui.batch_dialog import BatchDialog

        memory = self.memory if self.settings.decision_memory else None

        def decisions_for(result: FileResult, fingerprints) -> dict:
            # On the worker: remembered decisions apply to batch files too (shown as remembered).
            s = AuditSession(memory=memory, fingerprints=fingerprints)
            s.add_result(result)
            return s.decisions_for_file(result.sha256)

        if self._screener is not None:
            ready = self._screener

            def load() -> Screener:
                return ready
        else:
            load = functools.partial(
                _load_screener, self._options(), self.settings.use_builtin_watchlist, self.mapping_memory
            )
        dlg = BatchDialog(
            self._pool,
            load,
            reviewer=self.settings.reviewer,
            decisions_for=decisions_for,
            parent=self,
        )
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.batch_dialog = dlg
        dlg.open()

    # --- previous audit --------------------------------------------------------------------------
    def apply_previous_audit_dialog(self) -> None:
        """File > Apply previous audit: carry its decisions over to the selected file and show what changed."""
        target = self.current_file_result()
        if target is None:
            self.banner.show_message(
                "Select the new revision in the file list first; the previous audit is applied to it.", "info"
            )
            return
        path, _ = QFileDialog.getOpenFileName(
            self,
            f"Previous audit to apply to {Path(target.path).name}",
            self._last_dir(),
            PREVIOUS_AUDIT_FILTER,
        )
        if path:
            self.apply_previous_audit(Path(path), target)

    def apply_previous_audit(
        self, audit_path: Path, target: FileResult | None = None, previous_bom: Path | None = None
    ) -> None:
        """Carry a previous audit (audit file or kept annotated workbook) over to target, in the background.

        An audit file keys its decisions by the previous BOM's hits, so that BOM is screened again: found where
        the audit recorded it or beside the audit, else the person is asked for it (previous_bom skips that).
        """
        audit_path = Path(audit_path)
        target = target or self.current_file_result()
        if target is None:
            return
        if self._screener is None:
            self.banner.show_message("The watchlists are still loading; try again in a moment.", "warning")
            return
        if audit_path.suffix.lower() in (".xlsx", ".xlsm"):
            previous_bom = None
        elif previous_bom is None:
            try:
                loaded = AuditSession.load(audit_path)
            except AuditFileError as exc:
                self.banner.show_message(str(exc), "error")
                return
            record = self._pick_audit_record(loaded, target)
            if record is None:
                return
            previous_bom = locate_file(record, audit_path.parent)
            if previous_bom is None:
                found, _ = QFileDialog.getOpenFileName(
                    self,
                    f"Where is {record.name}, the BOM the previous audit was taken on?",
                    str(audit_path.parent),
                    BOM_FILTER,
                )
                if not found:
                    return
                previous_bom = Path(found)
        current = {k: d for (sha, k), d in self.session.decisions.items() if sha == target.sha256}
        fn = functools.partial(
            carry_previous, audit_path, target, self._screener, current=current, previous_bom=previous_bom
        )
        self.status_label.setText(f"Applying {audit_path.name} to {Path(target.path).name}…")
        self._run_task(
            fn,
            functools.partial(self._on_previous_audit_carried, target),
            pass_progress=False,
            on_error=self._on_previous_audit_failed,
        )

    def _pick_audit_record(self, loaded: AuditSession, target: FileResult):
        """The file of the audit that target is a revision of: the only one, the same name, or asked."""
        records = loaded.records
        if not records:
            self.banner.show_message(
                "That audit names no BOM file; choose the audit saved with the BOM.", "error"
            )
            return None
        if len(records) == 1:
            return records[0]
        same = [r for r in records if r.name == Path(target.path).name]
        if len(same) == 1:
            return same[0]
        names = [r.name for r in records]
        name, ok = QInputDialog.getItem(
            self,
            "Previous revision",
            f"Which file of the audit is the previous revision of {Path(target.path).name}?",
            names,
            0,
            False,
        )
        return records[names.index(name)] if ok else None

    def _on_previous_audit_carried(self, target: FileResult, value) -> None:
        from guiapp.gui.diff_dialog import diff_summary

        carried, diff = value
        self._update_status_summary()
        if self.session.result_for(target.sha256) is None:
            return  # the file was closed meanwhile
        incoming = AuditSession()
        incoming.decisions = {(target.sha256, key): d for key, d in carried.items()}
        self.session.merge_decisions(incoming)
        self._diffs[target.sha256] = diff
        self._detail_key = None
        self._after_decision()
        name = Path(target.path).name
        self.banner.show_message(
            f"Applied {diff.previous} to {name}: {diff_summary(diff)}.",
            "warning" if diff.count("new") or diff.count("changed") else "ok",
            [("Show changes", functools.partial(self.show_audit_diff, target.sha256))],
        )
        self.show_audit_diff(target.sha256)
        self.previousAuditApplied.emit(diff)

    def show_audit_diff(self, sha256: str) -> None:
        """The changes since the previous audit of one file, in a dialog beside the window."""
        from guiapp.gui.diff_dialog import AuditDiffDialog

        diff = self._diffs.get(sha256)
        result = self.session.result_for(sha256)
        if diff is None or result is None:
            return
        dlg = AuditDiffDialog(diff, Path(result.path).name, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.diff_dialog = dlg
        dlg.open()

    def _on_previous_audit_failed(self, message: str) -> None:
        self._update_status_summary()
        self.banner.show_message(f"The previous audit could not be applied: {message}", "error")

    def save_audit_dialog(self) -> None:
        first = self.session.results[0].path if self.session.results else Path.home() / "audit"
        suggested = Path(first).with_name(Path(first).stem + ".bomaudit.json")
        out, _ = QFileDialog.getSaveFileName(self, "Save audit", str(suggested), AUDIT_FILTER)
        if not out:
            return
        try:
            path = self.session.save(out)
        except OSError as exc:
            self.banner.show_message(f"{Path(out).name} could not be saved: {exc.strerror or exc}", "error")
            return
        self.banner.show_message(f"Audit saved to {path}.", "ok")

    def open_audit_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open audit", self._last_dir(), AUDIT_FILTER)
        if path:
            self.open_audit(Path(path))

    def open_audit(self, path: Path) -> None:
        """Load an audit file's decisions and open its BOM files (found where recorded, or beside the audit)."""
        try:
            loaded = AuditSession.load(path)
        except AuditFileError as exc:
            self.banner.show_message(str(exc), "error")
            return
        self._resume_from(loaded, path.parent, what=f"Audit {path.name}")

    def _resume_from(self, loaded: AuditSession, audit_dir: Path | None, what: str) -> None:
        self.session.merge_decisions(loaded)
        if loaded.reviewer and not self.settings.reviewer:
            self.settings.reviewer = loaded.reviewer
            self.session.reviewer = loaded.reviewer
        found, missing = [], []
        for rec in loaded.records:
            p = locate_file(rec, audit_dir)
            (found if p else missing).append(p or rec.name)
        if found:
            self.open_paths(found)
        msg = f"{what}: {len(loaded.decisions)} decision(s) for {len(loaded.records)} file(s)."
        if missing:
            msg += " Not found (open them to apply their decisions): " + ", ".join(map(str, missing))
            self.banner.show_message(msg, "warning")
        else:
            self.banner.show_message(msg, "ok")

    # --- autosave and resume -----------------------------------------------------------------
    def _schedule_autosave(self) -> None:
        if not self._autosave_timer.isActive():
            self._autosave_timer.start()

    def flush_autosave(self) -> None:
        """Write the autosave (and the decision memory) now."""
        self._autosave_timer.stop()
        if not self.session.results and not self.session.decisions and not self.session.records:
            return
        try:
            self.autosave.write(self.session)
            if self.settings.decision_memory:
                self.memory.save()
        except OSError as exc:
            log.warning("autosave failed: %s", exc)
            self.status_label.setText(f"Autosave failed: {exc}")

    def _offer_resume(self) -> None:
        loaded, warning = self.autosave.read()
        if loaded is None:
            if warning:
                self.banner.show_message(warning, "error")
            return
        if not loaded.records and not loaded.decisions:
            return
        self._resume_candidate = loaded
        decided = len(loaded.decisions)
        text = f"Your last session had {len(loaded.records)} file(s) and {decided} decision(s). Resume it?"
        if warning:
            text = warning + " " + text
        self.banner.show_message(
            text,
            "warning" if warning else "info",
            [("Resume", self.resume_last_session), ("Start fresh", self._discard_last_session)],
        )

    def resume_last_session(self) -> None:
        loaded = getattr(self, "_resume_candidate", None)
        self._resume_candidate = None
        if loaded is not None:
            self._resume_from(loaded, None, what="Resumed")

    def _discard_last_session(self) -> None:
        self._resume_candidate = None
        self.autosave.clear()

    # --- settings, about, recent files, state ------------------------------------------------
    def open_settings(self) -> None:
        from guiapp.gui.dialogs import SettingsDialog

        before = (self.settings.threshold, tuple(self.settings.roles), self.settings.use_builtin_watchlist)
        dlg = SettingsDialog(self.settings, self.memory, self)
        if not dlg.exec():
            return
        self.settings = dlg.result_settings()
        save_settings(self.settings)
        self.memory.save()
        self.session.reviewer = self.settings.reviewer
        self.session.memory = self.memory if self.settings.decision_memory else None
        after = (self.settings.threshold, tuple(self.settings.roles), self.settings.use_builtin_watchlist)
        if after != before:
            self._forget_screener()
            paths = [e.path for e in self.files_model.entries()]
            if paths:
                self.open_paths(paths)
        else:
            self._after_decision()

    def open_watchlists(self) -> None:
        """Tools > Watchlists: import, enable and remove lists; open files are re-screened when they change."""
        from guiapp.gui.watchlists_dialog import WatchlistsDialog
        from guiapp.lists.store import ListStore

        dlg = WatchlistsDialog(ListStore(), self)
        dlg.lists_changed.connect(self._on_lists_changed)
        dlg.exec()

    def _forget_screener(self) -> None:
        """Lists or settings changed: the next screening loads the lists and builds the matcher again."""
        self._screener = None
        self._matcher = None
        self._watchlists = []

    def _run_info(self):
        """Who ran what, with which lists and settings (the lists of the current screener)."""
        return make_run_info(self._watchlists, self._options(), self.settings.reviewer)

    def _on_lists_changed(self) -> None:
        self._forget_screener()
        paths = [e.path for e in self.files_model.entries() if e.status != "error" or e.path.exists()]
        if paths:
            self.open_paths(paths)

    def open_log_folder(self) -> None:
        """Help > Open log folder: what ran, on which files and lists, and every error with its traceback."""
        from guiapp.logsetup import log_path

        self._open_folder(log_path().parent)

    def show_about(self) -> None:
        """Help > About: version and watchlist editions (loaded in the background when not yet known)."""
        from guiapp.gui.dialogs import AboutDialog

        dlg = AboutDialog(self._watchlists, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_dialog = dlg
        if not self._watchlists:
            fn = functools.partial(_load_lists, self.settings.use_builtin_watchlist)
            self._run_task(
                fn, self._on_about_watchlists, pass_progress=False, on_error=self._on_about_watchlists_failed
            )
        dlg.open()

    def _on_about_watchlists(self, watchlists) -> None:
        if not self._watchlists:
            self._watchlists = list(watchlists)
        dlg = getattr(self, "about_dialog", None)
        if dlg is not None and shiboken_alive(dlg):
            dlg.set_watchlists(self._watchlists)

    def _on_about_watchlists_failed(self, message: str) -> None:
        dlg = getattr(self, "about_dialog", None)
        if dlg is not None and shiboken_alive(dlg):
            dlg.set_watchlists([], loading=False)
        self.banner.show_message(f"The watchlists could not be loaded: {message}", "error")

    def _last_dir(self) -> str:
        recent = self.recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def recent_files(self) -> list[str]:
        value = window_settings().value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _add_recent(self, path: Path) -> None:
        recent = [p for p in self.recent_files() if p != str(path)]
        recent.insert(0, str(path))
        window_settings().setValue("recent_files", recent[: self.settings.recent_limit])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        if not recent:
            a = self.recent_menu.addAction("(none)")
            a.setEnabled(False)
            return
        for p in recent:
            a = self.recent_menu.addAction(Path(p).name)
            a.setToolTip(p)
            a.triggered.connect(functools.partial(self.open_paths, [p]))
        self.recent_menu.addSeparator()
        self.recent_menu.addAction("Clear", lambda: window_settings().remove("recent_files"))

    def _restore_state(self) -> None:
        qs = window_settings()
        geometry = qs.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1366, 768)
        splitter = qs.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        # Column widths the person set by hand; without them the columns fit the view.
        for key, view, fitter in (
            ("hits_header_v2", self.hits_view, self.hits_fitter),
            ("groups_header_v2", self.groups_view, self.groups_fitter),
        ):
            header = qs.value(key)
            if header is not None and view.horizontalHeader().restoreState(header):
                fitter.user_sized = True

    def _save_state(self) -> None:
        qs = window_settings()
        qs.setValue("geometry", self.saveGeometry())
        qs.setValue("splitter", self.splitter.saveState())
        for key, view, fitter in (
            ("hits_header_v2", self.hits_view, self.hits_fitter),
            ("groups_header_v2", self.groups_view, self.groups_fitter),
        ):
            if fitter.user_sized:
                qs.setValue(key, view.horizontalHeader().saveState())
            else:
                qs.remove(key)

    def shutdown(self) -> None:
        """Stop background work and write everything to disk (close, or a test's teardown)."""
        if self._screen_worker is not None:
            self._screen_worker.cancel()
        batch = getattr(self, "batch_dialog", None)
        if batch is not None and shiboken_alive(batch):
            batch.cancel()
        for t in list(self._tasks):
            t.cancel()
        self._pending = []
        self._pool.waitForDone(10_000)
        self.flush_autosave()
        self._save_state()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)


__all__ = ["MainWindow", "expand_paths", "window_settings", "__version__"]
