"""The base of the flat table models: a list of rows shown under a fixed tuple of column titles."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class ColumnsTableModel(QAbstractTableModel):
    """A flat table whose rows are the items of ``self._rows`` and whose columns are ``COLUMNS``.

    Subclasses set ``COLUMNS`` (the header titles, in order), keep their rows in ``self._rows`` (replacing
    the list between beginResetModel and endResetModel) and implement ``data``.
    """

    COLUMNS: ClassVar[tuple[str, ...]] = ()
    #: Columns a header click sorts highest first (scores, counts); the others sort A to Z first.
    DESCENDING_FIRST: ClassVar[frozenset[int]] = frozenset()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.COLUMNS)
        ):
            return QCoreApplication.translate("Columns", self.COLUMNS[section])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.InitialSortOrderRole:
            # QHeaderView reads this when a column is clicked for the first time.
            order = (
                Qt.SortOrder.DescendingOrder
                if section in self.DESCENDING_FIRST
                else Qt.SortOrder.AscendingOrder
            )
            return order.value
        return None
