"""The window's layout: files on the left, findings / by value / whole sheet in the middle, detail on the right.

Views build widgets and wire them only to the models they display (filters to their proxy, counts to the
rows shown); what a click or a selection does is the controllers' (guiapp.gui.*_controller) business.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QItemSelectionModel, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QStyle,
    QStyleOptionComboBox,
    QTableView,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from guiapp.gui import theme
from guiapp.gui.columns import ColumnFitter, FitContent, SortHeader
from guiapp.gui.detail import DetailPane
from guiapp.gui.files_delegate import FilesDelegate
from guiapp.gui.i18n import decision_label
from guiapp.gui.models import (
    FilesListModel,
    GroupsFilterProxyModel,
    GroupsTableModel,
    HitsFilterProxyModel,
    HitsTableModel,
    SheetTableModel,
)
from guiapp.gui.note_delegate import NoteDelegate
from guiapp.gui.role_evidence import RoleEvidenceLabel
from guiapp.gui.widgets import Banner, EmptyPage
from guiapp.model import DECISIONS, METHODS, ROLES

REVIEW_ONLY_TIP = QT_TRANSLATE_NOOP(
    "Views",
    "Show only review-level findings: weak evidence (a loose part-number pattern or list data of "
    "low confidence), marked with an amber ? in the Method column.",
)
ROLE_LABELS = {
    "manufacturer": QT_TRANSLATE_NOOP("Views", "Manufacturer"),
    "part_number": QT_TRANSLATE_NOOP("Views", "Part number"),
    "description": QT_TRANSLATE_NOOP("Views", "Description"),
    "supplier": QT_TRANSLATE_NOOP("Views", "Supplier"),
}
METHOD_LABELS = {
    "exact": QT_TRANSLATE_NOOP("Views", "Exact"),
    "alias": QT_TRANSLATE_NOOP("Views", "Alias"),
    "fuzzy": QT_TRANSLATE_NOOP("Views", "Fuzzy"),
    "part_number": QT_TRANSLATE_NOOP("Views", "Pattern (part number)"),
    "description": QT_TRANSLATE_NOOP("Views", "Description"),
}


def _views_tr(text: str) -> str:
    return QCoreApplication.translate("Views", text)


class ReviewTableView(QTableView):
    """A row-selecting table whose current cell and selection always agree, so the next key decides the row
    the detail pane shows.

    - The current cell never sits in a hidden column (the File column with one file open): after a
      re-screen or a reset it moves to the first visible column of its row, so arrow and page keys work.
    - Ctrl+Home, Ctrl+End (and Ctrl with the other moves) select the row they move to; in an extended
      selection Qt would move the cursor only, leaving the selection on another row.
    """

    _MOVES = frozenset(
        {
            Qt.Key.Key_Home,
            Qt.Key.Key_End,
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
            Qt.Key.Key_PageUp,
            Qt.Key.Key_PageDown,
        }
    )

    def first_visible_column(self) -> int:
        header = self.horizontalHeader()
        for visual in range(header.count()):
            logical = header.logicalIndex(visual)
            if not header.isSectionHidden(logical):
                return logical
        return 0

    def currentChanged(self, current, previous) -> None:
        super().currentChanged(current, previous)
        if current.isValid() and self.isColumnHidden(current.column()):
            moved = current.siblingAtColumn(self.first_visible_column())
            if moved.isValid() and moved != current:
                self.selectionModel().setCurrentIndex(moved, QItemSelectionModel.SelectionFlag.NoUpdate)

    def selectionCommand(self, index, event=None):
        if (
            event is not None
            and event.type() == QEvent.Type.KeyPress
            and event.key() in self._MOVES
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            return QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        return super().selectionCommand(index, event)


def make_table(name: str) -> QTableView:
    """A sortable, row-selecting table with the window's header and row height."""
    v = ReviewTableView()
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


def _watch_rows(proxy, slot) -> None:
    for sig in (proxy.rowsInserted, proxy.rowsRemoved, proxy.modelReset, proxy.layoutChanged):
        sig.connect(slot)


def _combo_width_for(combo: QComboBox, text: str) -> int:
    """The width a combo box needs to show text whole (its frame and arrow included)."""
    opt = QStyleOptionComboBox()
    combo.initStyleOption(opt)
    content = QSize(combo.fontMetrics().horizontalAdvance(text), combo.fontMetrics().height())
    return combo.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, opt, content, combo).width()


class FindingsView(QWidget):
    """Tab 1: every finding, with the filter bar above and the count below."""

    def __init__(self, model: HitsTableModel, proxy: HitsFilterProxyModel, parent=None) -> None:
        super().__init__(parent)
        self._model = model
        self._proxy = proxy
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("filterEdit")
        self.filter_edit.setPlaceholderText(self.tr("Filter findings…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(proxy.set_text)
        self.decision_filter = QComboBox()
        self.decision_filter.setObjectName("decisionFilter")
        self.decision_filter.addItem(self.tr("All decisions"), "")
        self.decision_filter.addItem(self.tr("Open items"), "open")
        self.decision_filter.setItemData(1, self.tr("Pending or escalated"), Qt.ItemDataRole.ToolTipRole)
        for d in DECISIONS:
            self.decision_filter.addItem(decision_label(d), d)
        self.decision_filter.currentIndexChanged.connect(
            lambda: proxy.set_decision(self.decision_filter.currentData())
        )
        self.list_filter = QComboBox()
        self.list_filter.setObjectName("listFilter")
        self.list_filter.addItem(self.tr("All lists"), "")
        self.list_filter.currentIndexChanged.connect(
            lambda: proxy.set_list(self.list_filter.currentData() or "")
        )
        self.method_filter = QComboBox()
        self.method_filter.setObjectName("methodFilter")
        self.method_filter.addItem(self.tr("All methods"), "")
        for m in METHODS:
            label = METHOD_LABELS.get(m) or m.replace("_", " ").capitalize()
            self.method_filter.addItem(_views_tr(label), m)
        self.method_filter.currentIndexChanged.connect(
            lambda: proxy.set_method(self.method_filter.currentData() or "")
        )
        self.file_filter = QComboBox()
        self.file_filter.setObjectName("fileFilter")
        self.file_filter.addItem(self.tr("All files"), "")
        self.file_filter.setToolTip(
            self.tr("Show the findings of one file (shown when more than one file is open)")
        )
        self.file_filter.currentIndexChanged.connect(
            lambda: proxy.set_file(self.file_filter.currentData() or "")
        )
        self.file_filter.hide()
        self.score_filter = QSpinBox()
        self.score_filter.setObjectName("scoreFilter")
        self.score_filter.setRange(0, 100)
        self.score_filter.setPrefix(self.tr("Score ≥ "))
        self.score_filter.valueChanged.connect(proxy.set_min_score)
        self.review_filter = QCheckBox(self.tr("Review-level only"))
        self.review_filter.setObjectName("reviewFilter")
        self.review_filter.setToolTip(_views_tr(REVIEW_ONLY_TIP))
        self.review_filter.toggled.connect(proxy.set_review_only)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.count_label.setWordWrap(True)  # a long count line wraps rather than widening the window
        for combo in (self.file_filter, self.decision_filter, self.list_filter, self.method_filter):
            # The combos may narrow to a few characters (the full text is in the drop-down).
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
        self._bar = bar = QGridLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        self._bar_widgets = [
            (self.filter_edit, 3),
            (self.file_filter, 2),
            (self.decision_filter, 2),
            (self.list_filter, 1),
            (self.method_filter, 1),
            (self.score_filter, 0),
            (self.review_filter, 0),
        ]
        self.table = make_table("hitsView")
        self.table.setModel(proxy)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.sortByColumn(HitsTableModel.SCORE, Qt.SortOrder.DescendingOrder)
        self.table.setItemDelegateForColumn(HitsTableModel.NOTE, NoteDelegate(self.table))
        # Every column fits the view (at 1366x768 beside the file list and the detail pane). The short
        # columns take the width of what they hold; the rest goes first to the cell text and the matched
        # entity (what a reviewer reads), then parent, lists and note. Long names are elided; the tooltip
        # and the detail pane show them whole.
        H = HitsTableModel
        self.fitter = ColumnFitter(
            self.table,
            {
                H.FILE: ("board-a.xlsx", 1.0),
                H.SHEET: (FitContent(cap="Alternates"), 0.0),
                H.ROW: (FitContent(), 0.0),
                H.FIELD: (FitContent(), 0.0),
                H.VALUE: ("ZHEJIANG DAHUA", 3.0),
                H.ENTITY: ("Hangzhou Hikvision", 3.0),
                # The lists are the key fact of a hit: they keep room before the (mostly empty) parent does.
                H.PARENT: ("Hangzhou", 0.3),
                H.LISTS: ("BIS-EL, NDAA", 1.2),
                H.METHOD: (FitContent(), 0.0),
                H.SCORE: (FitContent(), 0.0),
                H.DECISION: (FitContent(floor="False positive", cap="Confirmed (remembered)"), 0.2),
                H.NOTE: ("Note", 0.4),
            },
        )
        self.table.horizontalHeader().setMinimumSectionSize(30)
        self.table.setColumnHidden(HitsTableModel.FILE, True)  # shown once a second file is open
        fl = QVBoxLayout(self)
        fl.setContentsMargins(4, 4, 4, 4)
        fl.addLayout(bar)
        fl.addWidget(self.table, 1)
        fl.addWidget(self.count_label)
        # Laid out once the filters are this view's children, so that which of them are hidden is known.
        self.set_compact(False)

    def set_compact(self, on: bool) -> None:
        """One row of filters, or two on a narrow window (the text filter alone on the first)."""
        bar = self._bar
        for w, _ in self._bar_widgets:
            bar.removeWidget(w)
        for c in range(bar.columnCount()):
            bar.setColumnStretch(c, 0)
        if on:
            bar.addWidget(self.filter_edit, 0, 0, 1, len(self._bar_widgets) - 1)
            rest = self._bar_widgets[1:]
            row = 1
        else:
            rest = self._bar_widgets
            row = 0
        self._compact_bar = on
        for col, (w, stretch) in enumerate(rest):
            bar.addWidget(w, row, col)
            # A hidden filter (the file filter with one file open) must not keep its share of the row empty.
            bar.setColumnStretch(col, stretch if w.isVisibleTo(self) else 0)
        self._fit_filter_texts()

    def _fit_filter_texts(self) -> None:
        """On one row with room to spare, each filter combo shows its "All ..." choice whole, in any language
        ("Alle Entscheidungen" was cut to "Alle Entsche…" at 1366x768), while the text filter keeps room for a
        word or two; where that does not fit (two rows, a narrow window) the combos may narrow as before."""
        bar = self._bar
        cols = [] if self._compact_bar else [(c, w) for c, (w, _) in enumerate(self._bar_widgets)]
        shown = [(c, w) for c, w in cols if w.isVisibleTo(self)]
        wanted = {c: _combo_width_for(w, w.itemText(0)) for c, w in shown if isinstance(w, QComboBox)}
        others = sum(w.sizeHint().width() for c, w in shown if c not in wanted and w is not self.filter_edit)
        text_room = self.filter_edit.fontMetrics().horizontalAdvance(self.filter_edit.placeholderText())
        spacing = max(bar.horizontalSpacing(), 0) * max(len(shown) - 1, 0)
        fits = sum(wanted.values()) + others + text_room + spacing <= self.width() - 8
        for c in range(bar.columnCount()):
            bar.setColumnMinimumWidth(c, wanted.get(c, 0) if fits else 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_filter_texts()

    def set_files(self, files: list[tuple[str, str]]) -> None:
        """The file filter offers each open file (key, name); hidden with one file. The choice stays when still there."""
        chosen = self.file_filter.currentData()
        self.file_filter.blockSignals(True)
        self.file_filter.clear()
        self.file_filter.addItem(self.tr("All files"), "")
        for key, name in files:
            self.file_filter.addItem(name, key)
        i = self.file_filter.findData(chosen)
        self.file_filter.setCurrentIndex(max(0, i))
        self.file_filter.blockSignals(False)
        self._proxy.set_file(self.file_filter.currentData() or "")
        if self.file_filter.isHidden() == (len(files) > 1):
            self.file_filter.setVisible(len(files) > 1)
            self.set_compact(self._compact_bar)

    def set_list_codes(self, codes: list[str]) -> None:
        """The list filter offers the lists that have findings; the chosen one stays chosen when still there."""
        chosen = self.list_filter.currentData()
        self.list_filter.blockSignals(True)
        self.list_filter.clear()
        self.list_filter.addItem(self.tr("All lists"), "")
        for c in codes:
            self.list_filter.addItem(c, c)
        i = self.list_filter.findData(chosen)
        self.list_filter.setCurrentIndex(max(0, i))
        self.list_filter.blockSignals(False)

    def update_count(self, *args) -> None:
        total = self._model.rowCount()
        shown = self._proxy.rowCount()
        review = sum(1 for r in self._model.refs() if r.hit.match.review)
        review_txt = self.tr(" · {review} review-level (amber ?)").format(review=review) if review else ""
        self.count_label.setText(
            self.tr("{shown} of %n finding(s) shown", "", total).format(shown=shown)
            + review_txt
            + self.tr(
                " · C confirmed, F false positive, E escalated, P pending, A accepts a suggestion"
                " · Enter edits the note"
            )
        )


class GroupsView(QWidget):
    """Tab 2: the findings grouped by value; a decision here covers every row of the value."""

    def __init__(self, model: GroupsTableModel, proxy: GroupsFilterProxyModel, parent=None) -> None:
        super().__init__(parent)
        self._model = model
        self._proxy = proxy
        self.table = make_table("groupsView")
        self.table.setModel(proxy)
        self.table.sortByColumn(GroupsTableModel.ROWS, Qt.SortOrder.DescendingOrder)
        G = GroupsTableModel
        self.fitter = ColumnFitter(
            self.table,
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
        self.table.horizontalHeader().setMinimumSectionSize(30)
        self.table.setColumnHidden(GroupsTableModel.FILES, True)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("groupsFilterEdit")
        self.filter_edit.setPlaceholderText(self.tr("Filter values…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(proxy.set_text)
        self.decision_filter = QComboBox()
        self.decision_filter.setObjectName("groupsDecisionFilter")
        self.decision_filter.addItem(self.tr("All decisions"), "")
        self.decision_filter.addItem(self.tr("Open items"), "open")
        self.decision_filter.setItemData(
            1, self.tr("Values with a row still pending or escalated"), Qt.ItemDataRole.ToolTipRole
        )
        for d in DECISIONS:
            self.decision_filter.addItem(decision_label(d), d)
            self.decision_filter.setItemData(
                self.decision_filter.count() - 1,
                self.tr("Values with at least one row marked {decision}").format(
                    decision=decision_label(d).lower()
                ),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.decision_filter.addItem(self.tr("Mixed"), "mixed")
        self.decision_filter.setItemData(
            self.decision_filter.count() - 1,
            self.tr("Values whose rows have different decisions"),
            Qt.ItemDataRole.ToolTipRole,
        )
        self.decision_filter.currentIndexChanged.connect(
            lambda: proxy.set_decision(self.decision_filter.currentData())
        )
        self.review_filter = QCheckBox(self.tr("Review-level only"))
        self.review_filter.setObjectName("groupsReviewFilter")
        self.review_filter.setToolTip(_views_tr(REVIEW_ONLY_TIP))
        self.review_filter.toggled.connect(proxy.set_review_only)
        gbar = QHBoxLayout()
        gbar.setContentsMargins(0, 0, 0, 0)
        gbar.addWidget(self.filter_edit, 3)
        gbar.addWidget(self.decision_filter, 2)
        gbar.addWidget(self.review_filter)
        gbar.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("groupsCountLabel")
        self.count_label.setWordWrap(True)
        gl = QVBoxLayout(self)
        gl.setContentsMargins(4, 4, 4, 4)
        gl.addLayout(gbar)
        gl.addWidget(self.table, 1)
        gl.addWidget(self.count_label)

    def update_count(self, *args) -> None:
        self.count_label.setText(
            self.tr("{shown} of %n distinct value(s) shown", "", self._model.rowCount()).format(
                shown=self._proxy.rowCount()
            )
            + self.tr(" · a decision here covers every row the value appears in")
        )


class SheetView(QWidget):
    """Tab 3: the whole sheet of one file with its column mapping (file, sheet, header row, role columns)."""

    def __init__(self, model: SheetTableModel, parent=None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        self.file_combo = QComboBox()
        self.file_combo.setObjectName("sheetFileCombo")
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("sheetCombo")
        self.header_spin = QSpinBox()
        self.header_spin.setObjectName("headerRowSpin")
        self.header_spin.setRange(0, 1_000_000)
        self.header_spin.setSpecialValueText(self.tr("none"))
        self.header_spin.setKeyboardTracking(False)
        self.role_combos: dict[str, QComboBox] = {}
        for role in ROLES:
            c = QComboBox()
            c.setObjectName(f"roleCombo_{role}")
            c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            c.setMinimumContentsLength(8)
            self.role_combos[role] = c
        # Under each choice: why its column has the role (header word, values, confirmed or overturned).
        self.role_evidence: dict[str, RoleEvidenceLabel] = {}
        for role in ROLES:
            e = RoleEvidenceLabel()
            e.setObjectName(f"roleEvidence_{role}")
            self.role_evidence[role] = e
        self.reset_mapping_button = QPushButton(self.tr("Use detected"))
        self.reset_mapping_button.setObjectName("resetMappingButton")
        self.reset_mapping_button.setToolTip(
            self.tr("Forget the corrected columns for this header layout and re-screen")
        )
        self.mapping_note = QLabel()
        self.mapping_note.setObjectName("mappingNote")
        self.mapping_note.setWordWrap(True)
        grid.addWidget(QLabel(self.tr("File")), 0, 0)
        grid.addWidget(self.file_combo, 0, 1)
        grid.addWidget(QLabel(self.tr("Sheet")), 0, 2)
        grid.addWidget(self.sheet_combo, 0, 3)
        grid.addWidget(QLabel(self.tr("Header row")), 0, 4)
        grid.addWidget(self.header_spin, 0, 5)
        for i, role in enumerate(ROLES):
            row, col = 1 + (i // 2) * 2, (i % 2) * 2
            grid.addWidget(QLabel(_views_tr(ROLE_LABELS[role])), row, col)
            grid.addWidget(self.role_combos[role], row, col + 1)
            # The right-hand lines may also take the free cells under the button.
            grid.addWidget(self.role_evidence[role], row + 1, col + 1, 1, 1 if col == 0 else 3)
        grid.addWidget(self.reset_mapping_button, 1, 4, 1, 2)
        grid.addWidget(self.mapping_note, 5, 0, 1, 6)
        for col in (1, 3):
            grid.setColumnStretch(col, 1)
        lay.addLayout(grid)
        self.table = make_table("sheetView")
        self.table.setModel(model)
        self.table.setSortingEnabled(False)
        self.table.verticalHeader().show()
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setDefaultSectionSize(130)
        # Fit columns to the first rows only: measuring every row of a 100,000-row BOM would stall.
        self.table.horizontalHeader().setResizeContentsPrecision(60)
        self.legend = QLabel()
        self.legend.setObjectName("sheetLegend")
        self.legend.setWordWrap(True)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.legend)
        self.apply_palette()

    def set_compact(self, on: bool) -> None:
        """A narrow window keeps the sheet's rows: the evidence lines go, the choices' tooltips keep it."""
        for label in self.role_evidence.values():
            label.setVisible(not on)

    def legend_html(self) -> str:
        """The whole-sheet legend, in the fills the sheet view uses in the current palette."""
        pal = self.palette()
        return (
            theme.span(self.tr("&nbsp;row with a finding&nbsp;"), "hit_row", pal)
            + " "
            + theme.span(self.tr("&nbsp;matching cell&nbsp;"), "hit_cell", pal)
            + " "
            + theme.span(
                self.tr("<i>&nbsp;not screened (nothing to screen in the mapped columns)&nbsp;</i>"),
                "not_screened",
                pal,
            )
            + self.tr(" <b>bold</b> = header row")
        )

    def apply_palette(self) -> None:
        """Colours written into labels and HTML follow the palette (the system's light or dark mode)."""
        theme.set_text_color(self.mapping_note, theme.muted_text(self.palette()))
        for label in self.role_evidence.values():
            theme.set_text_color(label, theme.muted_text(self.palette()))
        self.legend.setText(self.legend_html())

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.apply_palette()


class MainView(QWidget):
    """The window's central widget: the banner over either the empty page or files | tabs | detail.

    It also makes the status bar's widgets (message, per-file and overall progress, cancel); the window puts
    them in its status bar with add_status_widgets().
    """

    def __init__(
        self,
        files_model: FilesListModel,
        hits_model: HitsTableModel,
        hits_proxy: HitsFilterProxyModel,
        groups_model: GroupsTableModel,
        groups_proxy: GroupsFilterProxyModel,
        sheet_model: SheetTableModel,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self._files_model = files_model
        # Left: files.
        self.files_view = QListView()
        self.files_view.setObjectName("filesView")
        self.files_view.setModel(files_model)
        self.files_view.setSpacing(2)
        self.files_view.setUniformItemSizes(False)
        # BOMs often share a long prefix ("06_greatscottgadgets_…"): keep the distinguishing end and the
        # extension visible; the tooltip has the whole path. Without a horizontal scroll bar the items are
        # painted at the view's width, so the names are elided instead of scrolled out of sight.
        self.files_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        # Each line elided on its own: a long name must never take the status line with it.
        self.files_view.setItemDelegate(FilesDelegate(self.files_view))
        self.files_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        # Centre: findings, by value, whole sheet.
        self.findings = FindingsView(hits_model, hits_proxy)
        self.groups = GroupsView(groups_model, groups_proxy)
        self.sheet = SheetView(sheet_model)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(self.findings, self.tr("Findings"))
        self.tabs.addTab(self.groups, self.tr("By value"))
        self.tabs.addTab(self.sheet, self.tr("Whole sheet && columns"))
        # Either table's rows changing updates both counts.
        _watch_rows(hits_proxy, self.update_counts)
        _watch_rows(groups_proxy, self.update_counts)

        # Right: detail.
        self.detail = DetailPane()

        # Files | (tabs | detail). On a narrow window (a 1366x768 screen at 200 % scaling is 683 px wide) the
        # detail pane moves under the tables instead of squeezing them (see resizeEvent).
        self.work_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.work_splitter.setObjectName("workSplitter")
        self.work_splitter.addWidget(self.tabs)
        self.work_splitter.addWidget(self.detail)
        self.work_splitter.setStretchFactor(0, 3)
        self.work_splitter.setStretchFactor(1, 1)
        self.work_splitter.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.files_view)
        self.splitter.addWidget(self.work_splitter)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        # The table gets the room: at 1366x768 every findings column fits beside a 300 px detail pane.
        self.splitter.setSizes([140, 1216])
        self.work_splitter.setSizes([916, 300])
        self.compact = False

        self.empty_page = EmptyPage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_page)
        self.stack.addWidget(self.splitter)

        self.banner = Banner()
        cl = QVBoxLayout(self)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(self.banner)
        cl.addWidget(self.stack, 1)

        self.status_label = QLabel(self.tr("Ready"))
        self.status_label.setObjectName("statusLabel")
        # A long message is cut at the window's edge (the whole text is in the tooltip), never widening it.
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.file_progress = QProgressBar()
        self.file_progress.setObjectName("fileProgress")
        self.file_progress.setMaximumWidth(160)
        self.file_progress.setFormat(self.tr("file %p%"))
        self.overall_progress = QProgressBar()
        self.overall_progress.setObjectName("overallProgress")
        self.overall_progress.setMaximumWidth(160)
        self.overall_progress.setFormat(self.tr("%v of %m files"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelButton")

    #: Below this width the detail pane sits under the tables and the filter bar takes two rows.
    COMPACT_WIDTH = 1000

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.set_compact(self.width() < self.COMPACT_WIDTH)

    def set_compact(self, on: bool) -> None:
        """Lay the work area out for a narrow window (detail under the tables) or a wide one (beside them)."""
        if on == self.compact:
            return
        self.compact = on
        self.work_splitter.setOrientation(Qt.Orientation.Vertical if on else Qt.Orientation.Horizontal)
        self.findings.set_compact(on)
        self.sheet.set_compact(on)
        if on:
            h = max(self.work_splitter.height(), 200)
            self.work_splitter.setSizes([h * 2 // 3, h - h * 2 // 3])
        else:
            w = max(self.work_splitter.width(), 600)
            self.work_splitter.setSizes([w - min(300, w // 4), min(300, w // 4)])

    def add_status_widgets(self, sb: QStatusBar) -> None:
        sb.addWidget(self.status_label, 1)
        sb.addPermanentWidget(self.file_progress)
        sb.addPermanentWidget(self.overall_progress)
        sb.addPermanentWidget(self.cancel_button)
        self.show_progress(False)

    def show_progress(self, on: bool) -> None:
        for w in (self.file_progress, self.overall_progress, self.cancel_button):
            w.setVisible(on)

    def update_counts(self, *args) -> None:
        self.findings.update_count()
        self.groups.update_count()

    def update_empty(self) -> None:
        """The empty page until a file is open, then the work area."""
        self.stack.setCurrentIndex(1 if self._files_model.rowCount() else 0)

    def refuse_child_drops(self) -> None:
        # Text widgets would swallow a dropped file as its URL text; the window handles drops itself.
        for w in self.findChildren(QWidget):
            if isinstance(w, (QLineEdit, QTextEdit, QAbstractItemView, QSpinBox, QComboBox)):
                w.setAcceptDrops(False)
                if isinstance(w, QAbstractItemView):
                    w.viewport().setAcceptDrops(False)
