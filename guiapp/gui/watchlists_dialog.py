"""The Watchlists dialog: the lists with edition and counts, enable/disable, import with a preview, browse and
search entities, add a private entry or alias. Views and wiring only; the data lives in guiapp.lists.store."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from guiapp.gui.i18n import confidence_text, party_text
from guiapp.gui.tablemodel import ColumnsTableModel
from guiapp.lists.importers import ImportResult
from guiapp.lists.store import DEFAULT_PARTIES, ListStore, ReplaceNeedsConfirmation
from guiapp.lists.watchlist import PARTIES, Entity, Watchlist, load_builtin


@dataclass
class ListRow:
    """One row of the lists table."""

    name: str
    kind: str  # "built-in", "imported", "private"
    edition: str
    source: str
    entities: int
    names: int
    enabled: bool
    parties: tuple[str, ...] = DEFAULT_PARTIES
    parties_found: dict[str, int] = field(default_factory=dict)

    @property
    def has_other_parties(self) -> bool:
        """Whether the list holds persons, vessels or aircraft (which screening can be told to use)."""
        return any(p != "organisation" for p in self.parties_found)


#: The lists table's checkable columns.
ENABLED_COLUMN = 5
PARTIES_COLUMN = 6


class ListsTableModel(ColumnsTableModel):
    """The lists screening can use; the Enabled column is checkable for imported lists, and so is "Persons,
    vessels" for an imported list that holds such parties (only organisations are screened by default)."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "Name"),
        QT_TRANSLATE_NOOP("Columns", "Edition"),
        QT_TRANSLATE_NOOP("Columns", "Source"),
        QT_TRANSLATE_NOOP("Columns", "Entities"),
        QT_TRANSLATE_NOOP("Columns", "Names"),
        QT_TRANSLATE_NOOP("Columns", "Enabled"),
        QT_TRANSLATE_NOOP("Columns", "Persons, vessels"),
    )
    toggled = Signal(str, bool)
    parties_toggled = Signal(str, bool)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ListRow] = []

    def set_rows(self, rows: list[ListRow]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> ListRow:
        """The row at a source row number."""
        return self._rows[index]

    def _checkable(self, r: ListRow, col: int) -> bool:
        if r.kind != "imported":
            return False
        return col == ENABLED_COLUMN or (col == PARTIES_COLUMN and r.has_other_parties)

    def flags(self, index):
        base = super().flags(index)
        if index.isValid() and self._checkable(self._rows[index.row()], index.column()):
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (r.name, r.edition or "—", r.source, r.entities, r.names)
            return values[col] if col < len(values) else None
        if role == Qt.ItemDataRole.CheckStateRole and col == ENABLED_COLUMN:
            return Qt.CheckState.Checked if r.enabled else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.CheckStateRole and col == PARTIES_COLUMN and self._checkable(r, col):
            screened = any(p != "organisation" for p in r.parties)
            return Qt.CheckState.Checked if screened else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and col == ENABLED_COLUMN and r.kind != "imported":
            return self.tr("The built-in and private lists are always used.")
        if role == Qt.ItemDataRole.ToolTipRole and col == PARTIES_COLUMN and self._checkable(r, col):
            found = ", ".join(f"{n} {party_text(p)}" for p, n in r.parties_found.items())
            return self.tr("Also screen the persons, vessels and aircraft of this list ({0}).").format(found)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        r = self._rows[index.row()]
        if not self._checkable(r, index.column()):
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if index.column() == ENABLED_COLUMN:
            r.enabled = checked
            self.dataChanged.emit(index, index, [role])
            self.toggled.emit(r.name, r.enabled)
            return True
        r.parties = PARTIES if checked else DEFAULT_PARTIES
        self.dataChanged.emit(index, index, [role])
        self.parties_toggled.emit(r.name, checked)
        return True


class EntitiesTableModel(ColumnsTableModel):
    """Every entity of the lists with its aliases, lists, citation, scope note and patterns."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "Name"),
        QT_TRANSLATE_NOOP("Columns", "List"),
        QT_TRANSLATE_NOOP("Columns", "Aliases"),
        QT_TRANSLATE_NOOP("Columns", "Lists"),
        QT_TRANSLATE_NOOP("Columns", "Confidence"),
        QT_TRANSLATE_NOOP("Columns", "Citation"),
        QT_TRANSLATE_NOOP("Columns", "Scope note"),
        QT_TRANSLATE_NOOP("Columns", "Patterns"),
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Watchlist, Entity]] = []

    def set_watchlists(self, watchlists: list[Watchlist]) -> None:
        """Show the entities of these lists."""
        self.beginResetModel()
        self._rows = [(wl, e) for wl in watchlists for e in wl.entities]
        self.endResetModel()

    def entity(self, row: int) -> tuple[Watchlist, Entity]:
        """The list and entity at a source row number."""
        return self._rows[row]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        wl, e = self._rows[index.row()]
        col = index.column()
        if col == 0:
            return e.name
        if col == 1:
            return wl.label
        if col == 2:
            return "; ".join(a.name for a in e.aliases)
        if col == 3:
            return ", ".join(f"{x.code} {x.date}".strip() for x in e.lists)
        if col == 4:
            return confidence_text(e.confidence) + (self.tr(" (review)") if e.review else "")
        if col == 5:
            return e.citation
        if col == 6:
            return e.scope_note
        return "; ".join(p.label or p.regex for p in e.patterns)


def fit_header_titles(view: QTableView) -> None:
    """Widen every section of view's header that is narrower than its title (a German title is longer).

    From the header's own size hint (its text in its font, margins, sort arrow), not the cells: measuring
    the cells of 16,000 entities would cost a second at every open.
    """
    header = view.horizontalHeader()
    for section in range(header.count()):
        if header.sectionResizeMode(section) == QHeaderView.ResizeMode.Interactive:
            header.resizeSection(section, max(header.sectionSize(section), header.sectionSizeHint(section)))


class WatchlistsDialog(QDialog):
    """Manage the watchlists: see, enable/disable, import with a preview, remove, browse, add private entries.

    Args:
        store: the kept lists.
        parent: the parent widget.

    Signals:
        lists_changed: emitted after anything that changes what screening uses (re-screen to apply it).
    """

    lists_changed = Signal()

    def __init__(self, store: ListStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Watchlists"))
        self.store = store
        self.lists_model = ListsTableModel(self)
        self.lists_model.toggled.connect(self._on_toggled)
        self.lists_model.parties_toggled.connect(self._on_parties_toggled)
        self.lists_view = QTableView()
        self.lists_view.setObjectName("listsTable")
        self.lists_view.setModel(self.lists_model)
        self.lists_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lists_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.lists_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        self.entities_model = EntitiesTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.entities_model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.entities_view = QTableView()
        self.entities_view.setObjectName("entitiesTable")
        self.entities_view.setModel(self.proxy)
        self.entities_view.setSortingEnabled(True)
        # Qt's header starts with a descending indicator, so enabling sorting alone listed Z first.
        self.entities_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        # The name is what one looks for; it gets the width the other columns leave (was 100 px, elided).
        self.entities_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.entities_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.entities_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Search names, aliases, lists, citations…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_text_changed)

        self.import_button = QPushButton(self.tr("Import list…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.add_entry_button = QPushButton(self.tr("Add private entry…"))
        self.add_alias_button = QPushButton(self.tr("Add alias to selected…"))
        self.import_button.clicked.connect(self._on_import_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.add_entry_button.clicked.connect(self._on_add_entry_clicked)
        self.add_alias_button.clicked.connect(self._on_add_alias_clicked)
        self.status = QLabel()
        self.status.setWordWrap(True)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.lists_view)
        row = QHBoxLayout()
        for b in (self.import_button, self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        top_layout.addLayout(row)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.filter_edit)
        bottom_layout.addWidget(self.entities_view)
        row2 = QHBoxLayout()
        for b in (self.add_entry_button, self.add_alias_button):
            row2.addWidget(b)
        row2.addStretch(1)
        bottom_layout.addLayout(row2)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        for view in (self.lists_view, self.entities_view):
            fit_header_titles(view)
        self.resize(1000, 640)
        self.refresh()

    # ------------------------------------------------------------------------------------------ data
    def refresh(self) -> None:
        """Read the store again and show it."""
        builtin = load_builtin()
        rows = [
            ListRow(builtin.name, "built-in", builtin.version, self.tr("built-in"), len(builtin.entities),
                    builtin.name_count(), True)
        ]  # fmt: skip
        watchlists = [builtin]
        for r in self.store.records():
            rows.append(
                ListRow(r.name, "imported", r.edition_text if r.edition_date else "", r.file_name, r.entries,
                        r.names, r.enabled, tuple(r.parties), dict(r.parties_found))
            )  # fmt: skip
            try:
                watchlists.append(self.store.watchlist(r))
            except ValueError as exc:
                self.status.setText(str(exc))
        private = self.store.private_watchlist()
        if private.entities:
            rows.append(
                ListRow(private.name, "private", private.date, self.tr("this computer"), len(private.entities),
                        private.name_count(), True)
            )  # fmt: skip
            watchlists.append(private)
        self.lists_model.set_rows(rows)
        self.entities_model.set_watchlists(watchlists)

    # ------------------------------------------------------------------------------------------ actions
    def import_path(self, path: str | Path, name: str | None = None) -> bool:
        """Read a list file, show the preview, and keep it when the person accepts. Returns True when kept."""
        try:
            result = self.store.preview(path, name=name)
        except ValueError as exc:
            self._error(str(exc))
            return False
        if not self.confirm_import(result):
            self.status.setText(self.tr("{0}: not imported.").format(Path(path).name))
            return False
        try:
            try:
                record = self.store.import_file(path, name=name, result=result)
            except ReplaceNeedsConfirmation as asked:
                if not self.confirm_replace(asked):
                    self.status.setText(self.tr("{0}: not imported; '{1}' stays as it was.").format(
                        Path(path).name, asked.kept.name))  # fmt: skip
                    return False
                record = self.store.import_file(path, name=name, result=result, replace=True)
        except ValueError as exc:
            self._error(str(exc))
            return False
        self.status.setText(
            self.tr("Imported '{name}' (%n entries, {names} names).", "", record.entries).format(
                name=record.name, names=record.names
            )
        )
        self.refresh()
        self.lists_changed.emit()
        return True

    def confirm_import(self, result: ImportResult) -> bool:
        """Show the import preview and ask whether to keep the list."""
        dialog = ImportPreviewDialog(result, self)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def confirm_replace(self, asked: ReplaceNeedsConfirmation) -> bool:
        """Show what replacing a kept list by an older or much smaller edition would change, and ask."""
        reasons = [c for c in asked.changes if c.startswith(("an older", "a smaller"))]
        facts = [c for c in asked.changes if c not in reasons]
        text = self.tr("{0} would replace '{1}' by {2}.").format(
            asked.result.path.name, asked.kept.name, "; ".join(reasons)
        )
        details = "\n".join(facts)
        answer = QMessageBox.question(
            self,
            self.tr("Replace list"),
            text + "\n\n" + details + "\n\n" + self.tr("Replace the kept edition anyway?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _on_parties_toggled(self, name: str, screened: bool) -> None:
        try:
            self.store.set_parties(name, PARTIES if screened else DEFAULT_PARTIES)
        except ValueError as exc:
            self._error(str(exc))
            return
        self.lists_changed.emit()

    def _error(self, message: str) -> None:
        self.status.setText(message)
        QMessageBox.warning(self, self.tr("Watchlists"), message)

    def _selected_list(self) -> ListRow | None:
        rows = self.lists_view.selectionModel().selectedRows()
        return self.lists_model.row(rows[0].row()) if rows else None

    def _selected_entity(self) -> Entity | None:
        rows = self.entities_view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.entities_model.entity(self.proxy.mapToSource(rows[0]).row())[1]

    def _on_toggled(self, name: str, enabled: bool) -> None:
        try:
            self.store.set_enabled(name, enabled)
        except ValueError as exc:
            self._error(str(exc))
            return
        self.lists_changed.emit()

    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)

    def _on_import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a watchlist"),
            "",
            self.tr("Lists ({patterns});;All files (*)").format(
                patterns="*.csv *.json *.jsonl *.xlsx *.xls *.txt *.xml"
            ),
        )
        if path:
            self.import_path(path)

    def _on_remove_clicked(self) -> None:
        row = self._selected_list()
        if row is None or row.kind != "imported":
            self.status.setText(
                self.tr("Select an imported list to remove (the built-in list always stays).")
            )
            return
        answer = QMessageBox.question(
            self, self.tr("Remove list"), self.tr("Stop using and remove '{0}'?").format(row.name)
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.remove_list(row.name)

    def remove_list(self, name: str) -> None:
        """Remove a kept list (its record stays in the history)."""
        try:
            self.store.remove(name)
        except ValueError as exc:
            self._error(str(exc))
            return
        self.refresh()
        self.lists_changed.emit()

    def _on_add_entry_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Add private entry"), self.tr("Company name:"))
        if not ok or not name.strip():
            return
        aliases, _ = QInputDialog.getText(
            self, self.tr("Add private entry"), self.tr("Other names (separate with ;):")
        )
        self.add_private_entry(name, [a for a in aliases.split(";") if a.strip()])

    def add_private_entry(self, name: str, aliases: list[str] | None = None) -> None:
        """Add an entry to the private list ("My entries")."""
        try:
            self.store.add_private_entry(name, aliases or [])
        except ValueError as exc:
            self._error(str(exc))
            return
        self.refresh()
        self.lists_changed.emit()

    def _on_add_alias_clicked(self) -> None:
        entity = self._selected_entity()
        if entity is None:
            self.status.setText(self.tr("Select an entity to add an alias to."))
            return
        alias, ok = QInputDialog.getText(
            self, self.tr("Add alias"), self.tr("Another name for {0}:").format(entity.name)
        )
        if ok and alias.strip():
            self.add_alias(entity, alias)

    def add_alias(self, entity: Entity, alias: str) -> None:
        """Add a private alias to an entity of any list (kept in the private list)."""
        try:
            self.store.add_private_alias(entity, alias)
        except ValueError as exc:
            self._error(str(exc))
            return
        self.refresh()
        self.lists_changed.emit()


class ImportPreviewDialog(QDialog):
    """What a list file holds (entries, names, lists, skipped rows, edition), before it is kept."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import {0}").format(result.path.name))
        text = QPlainTextEdit("\n".join(result.summary_lines(max_examples=50)))
        text.setReadOnly(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.resize(640, 400)
