"""What changed since a previous audit (guiapp.review.carryover's AuditDiff), as a table with a filter by kind."""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
)

from guiapp.gui import theme
from guiapp.gui.columns import ColumnFitter, FitContent
from guiapp.gui.i18n import decision_label
from guiapp.gui.models import SORT_ROLE
from guiapp.gui.tablemodel import ColumnsTableModel, Index
from guiapp.review.carryover import AuditDiff, DiffLine

#: Short words for the table (export.DIFF_LABELS has the long ones for the report).
KIND_WORDS = {
    "new": QT_TRANSLATE_NOOP("AuditDiff", "New hit"),
    "resolved": QT_TRANSLATE_NOOP("AuditDiff", "Resolved"),
    "changed": QT_TRANSLATE_NOOP("AuditDiff", "Entry changed"),
    "carried": QT_TRANSLATE_NOOP("AuditDiff", "Carried over"),
    "unchanged": QT_TRANSLATE_NOOP("AuditDiff", "Unchanged"),
}
#: The fill each kind is shown with (a decision colour of the same meaning).
KIND_FILLS = {
    "new": "pending",
    "resolved": "false_positive",
    "changed": "escalated",
    "carried": "mixed",
    "unchanged": "pending",
}
KIND_ORDER = {"new": 0, "changed": 1, "resolved": 2, "carried": 3, "unchanged": 4}


class DiffTableModel(ColumnsTableModel):
    """One row per line of an AuditDiff."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "Change"),
        QT_TRANSLATE_NOOP("Columns", "Sheet"),
        QT_TRANSLATE_NOOP("Columns", "Row"),
        QT_TRANSLATE_NOOP("Columns", "Was row"),
        QT_TRANSLATE_NOOP("Columns", "Cell"),
        QT_TRANSLATE_NOOP("Columns", "Cell text"),
        QT_TRANSLATE_NOOP("Columns", "Matched entity"),
        QT_TRANSLATE_NOOP("Columns", "Previous decision"),
        QT_TRANSLATE_NOOP("Columns", "Detail"),
    )
    KIND, SHEET, ROW, OLD_ROW, COLUMN, VALUE, ENTITY, DECISION, DETAIL = range(9)

    def __init__(self, diff: AuditDiff | None = None, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[DiffLine] = list(diff.lines) if diff else []

    def set_diff(self, diff: AuditDiff | None) -> None:
        self.beginResetModel()
        self._rows = list(diff.lines) if diff else []
        self.endResetModel()

    def line(self, row: int) -> DiffLine:
        return self._rows[row]

    def _display(self, line: DiffLine, col: int) -> str:
        if col == self.KIND:
            return QCoreApplication.translate("AuditDiff", KIND_WORDS.get(line.kind, line.kind))
        if col == self.SHEET:
            return line.sheet
        if col == self.ROW:
            return "" if line.kind == "resolved" else str(line.row)
        if col == self.OLD_ROW:
            return "" if line.old_row is None else str(line.old_row)
        if col == self.COLUMN:
            return line.column
        if col == self.VALUE:
            return line.value
        if col == self.ENTITY:
            return line.entity
        if col == self.DECISION:
            d = line.decision
            if d is None:
                return ""
            text = decision_label(d.status)
            return f"{text}: {d.note}" if d.note else text
        if col == self.DETAIL:
            return line.detail
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        line = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(line, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                self._display(line, col) if col in (self.VALUE, self.ENTITY, self.DECISION) else line.detail
            )
        if role == SORT_ROLE:
            if col == self.KIND:
                return KIND_ORDER.get(line.kind, 9)
            if col in (self.ROW, self.OLD_ROW):
                v = line.row if col == self.ROW else line.old_row
                return -1 if v is None else v
            return self._display(line, col).casefold()
        if role == Qt.ItemDataRole.UserRole:
            return line.kind
        if col == self.KIND and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            bg, fg = theme.fill_colors(KIND_FILLS.get(line.kind, "mixed"))
            return QBrush(bg if role == Qt.ItemDataRole.BackgroundRole else fg)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.ROW, self.OLD_ROW):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class DiffKindProxyModel(QSortFilterProxyModel):
    """Shows one kind of change (or all); sorts natively."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._kind = ""

    def set_kind(self, kind: str) -> None:
        if kind == self._kind:
            return
        self.beginFilterChange()
        self._kind = kind or ""
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._kind:
            return True
        kind = self.sourceModel().index(source_row, 0, source_parent).data(Qt.ItemDataRole.UserRole)
        return kind == self._kind


def diff_summary(diff: AuditDiff) -> str:
    """One sentence: how many new, resolved, changed and carried."""
    return _DiffWords().summary(diff)


class _DiffWords(QObject):
    """The summary's words (a QObject so that lupdate sees the counts of its plurals)."""

    def summary(self, diff: AuditDiff) -> str:
        parts = [
            self.tr("%n new hit(s)", "", diff.count("new")),
            self.tr("{n} resolved").format(n=diff.count("resolved")),
            self.tr("{n} with a changed list entry").format(n=diff.count("changed")),
            self.tr("%n decision(s) carried over", "", diff.count("carried")),
            self.tr("{n} unchanged").format(n=diff.count("unchanged")),
        ]
        return ", ".join(parts)


class AuditDiffDialog(QDialog):
    """The changes since a previous audit of one file; carried decisions show as "remembered" in the window."""

    def __init__(self, diff: AuditDiff, file_name: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Changes since the previous audit: {name}").format(name=file_name))
        self.setObjectName("auditDiffDialog")
        self.diff = diff
        self.summary_label = QLabel(
            self.tr(
                "<b>{name}</b> against <b>{previous}</b>: {summary}. "
                "Carried decisions are marked “remembered” in the findings; new and changed ones are pending. "
                "The next export and report include these changes."
            ).format(
                name=file_name,
                previous=diff.previous or self.tr("the previous audit"),
                summary=diff_summary(diff),
            )
        )
        self.summary_label.setObjectName("diffSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("diffKindFilter")
        self.kind_filter.addItem(self.tr("All changes ({n})").format(n=len(diff.lines)), "")
        for kind in KIND_WORDS:
            word = QCoreApplication.translate("AuditDiff", KIND_WORDS[kind])
            self.kind_filter.addItem(f"{word} ({diff.count(kind)})", kind)
        self.model = DiffTableModel(diff, self)
        self.proxy = DiffKindProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.kind_filter.currentIndexChanged.connect(
            lambda: self.proxy.set_kind(self.kind_filter.currentData())
        )
        self.table = QTableView()
        self.table.setObjectName("diffTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DiffTableModel.KIND, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # The short columns take what they hold; cell text, entity and detail share the rest.
        D = DiffTableModel
        self.fitter = ColumnFitter(
            self.table,
            {
                D.KIND: (FitContent(), 0.0),
                D.SHEET: (FitContent(cap="Alternates"), 0.0),
                D.ROW: (FitContent(), 0.0),
                D.OLD_ROW: (FitContent(), 0.0),
                D.COLUMN: (FitContent(), 0.0),
                D.VALUE: ("Hikvision Europe B.V.", 2.5),
                D.ENTITY: ("Hangzhou Hikvision", 2.5),
                D.DECISION: ("False positive", 1.0),
                D.DETAIL: ("not in the previous audit", 2.0),
            },
        )
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Show")))
        bar.addWidget(self.kind_filter)
        bar.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary_label)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self.resize(1100, 520)
