"""File > Review typed decisions: each decision typed into a sealed copy, beside the sealed value, to accept or not.

guiapp.app.typed reads the copy and records what is accepted; this dialog only shows the changes and lets
the reviewer tick the ones to record. Nothing is ticked at first: a typed change counts only when a person
chooses it.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from guiapp.app.typed import TypedCopy, edit_status
from guiapp.evidence.verify import TypedEdit
from guiapp.gui.tablemodel import ColumnsTableModel, Index


class TypedEditsTableModel(ColumnsTableModel):
    """One row per typed change; the first column is the tick that accepts it."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "Accept"),
        QT_TRANSLATE_NOOP("Columns", "Findings row"),
        QT_TRANSLATE_NOOP("Columns", "Cell"),
        QT_TRANSLATE_NOOP("Columns", "Cell text"),
        QT_TRANSLATE_NOOP("Columns", "Matched entity"),
        QT_TRANSLATE_NOOP("Columns", "Sealed decision"),
        QT_TRANSLATE_NOOP("Columns", "Typed decision"),
        QT_TRANSLATE_NOOP("Columns", "Typed note"),
    )
    ACCEPT, ROW, CELL, VALUE, ENTITY, SEALED, TYPED, NOTE = range(8)

    def __init__(self, edits: tuple[TypedEdit, ...], parent=None) -> None:
        super().__init__(parent)
        self._rows = list(edits)
        self._ticked: set[int] = set()

    def accepted(self) -> list[TypedEdit]:
        """The ticked changes, in Findings order."""
        return [e for i, e in enumerate(self._rows) if i in self._ticked]

    def set_all(self, ticked: bool) -> None:
        self._ticked = set(range(len(self._rows))) if ticked else set()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == self.ACCEPT else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        e = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == self.ACCEPT:
            return Qt.CheckState.Checked if index.row() in self._ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return e.text()
        if role == Qt.ItemDataRole.AccessibleTextRole and col == self.ACCEPT:
            return self.tr("Accept Findings row {0}").format(e.row)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        status = edit_status(e)
        typed = e.typed.get("Decision", "")
        values = {
            self.ACCEPT: "",
            self.ROW: str(e.row),
            self.CELL: f"{e.sheet}!{e.column}{e.bom_row}",
            self.VALUE: e.value,
            self.ENTITY: e.entity,
            self.SEALED: e.sealed.get("Decision", ""),
            self.TYPED: typed if status else self.tr("{typed} (not a decision)").format(typed=typed),
            self.NOTE: e.typed.get("Note", ""),
        }
        return values.get(col)

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != self.ACCEPT:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        (self._ticked.add if checked else self._ticked.discard)(index.row())
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


class TypedEditsDialog(QDialog):
    """Lists the typed changes of one copy; OK records the ticked ones."""

    def __init__(self, copy: TypedCopy, bom_name: str, reviewer: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Decisions typed into {file}").format(file=copy.path.name))
        self.setObjectName("typedEditsDialog")
        n = len(copy.edits)
        intro = QLabel(
            self.tr(
                "<b>{file}</b> (sealed by {signer}) has %n decision(s) typed into its Findings sheet since it was "
                "exported. Nothing typed counts until you accept it: the ticked ones are recorded on "
                "<b>{bom}</b> under your name (<b>{reviewer}</b>), with a note in their history; export "
                "afterwards to write a new sealed copy.",
                "",
                n,
            ).format(
                file=escape(copy.path.name),
                signer=escape(copy.check.seal.signer),
                bom=escape(bom_name),
                reviewer=escape(reviewer),
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("typedIntro")
        self.model = TypedEditsTableModel(copy.edits, self)
        self.table = QTableView()
        self.table.setObjectName("typedTable")
        self.table.setAccessibleName(self.tr("Typed decisions"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        tick_all = QPushButton(self.tr("Tick &all"))
        tick_all.setObjectName("typedTickAll")
        tick_all.clicked.connect(lambda: self.model.set_all(True))
        tick_none = QPushButton(self.tr("Tick &none"))
        tick_none.clicked.connect(lambda: self.model.set_all(False))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Record ticked"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(tick_all)
        bar.addWidget(tick_none)
        bar.addStretch(1)
        bar.addWidget(self.buttons)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.table, 1)
        lay.addLayout(bar)
        self.resize(1000, 420)
