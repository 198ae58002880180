"""The decisions remembered for future BOMs, as the Settings dialog lists them (a model over DecisionMemory)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt

from guiapp.gui.i18n import decision_label
from guiapp.gui.models import DECISION_COLORS, REF_ROLE, SORT_ROLE, fill_brush
from guiapp.gui.tablemodel import ColumnsTableModel, Index
from guiapp.review.memory import DecisionMemory, MemoryEntry


class MemoryTableModel(ColumnsTableModel):
    """The decisions remembered for future BOMs (value + list entry), as listed in Settings.

    It renders a DecisionMemory (the store); forgetting rows changes that memory, which the caller saves.
    """

    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "Cell text"),
        QT_TRANSLATE_NOOP("Columns", "Entity"),
        QT_TRANSLATE_NOOP("Columns", "Decision"),
        QT_TRANSLATE_NOOP("Columns", "Note"),
        QT_TRANSLATE_NOOP("Columns", "By"),
        QT_TRANSLATE_NOOP("Columns", "When"),
    )
    VALUE, ENTITY, DECISION, NOTE, BY, WHEN = range(6)

    def __init__(self, memory: DecisionMemory, parent=None) -> None:
        super().__init__(parent)
        self._memory = memory
        self._rows: list[MemoryEntry] = memory.entries()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._memory.entries()
        self.endResetModel()

    def entry(self, row: int) -> MemoryEntry:
        return self._rows[row]

    def forget(self, rows) -> int:
        """Remove these rows from the memory; returns how many were removed."""
        keys = {(self._rows[r].value, self._rows[r].entity_id) for r in rows if 0 <= r < len(self._rows)}
        removed = sum(1 for value, entity_id in keys if self._memory.remove(value, entity_id))
        if keys:
            self.reload()
        return removed

    def _display(self, e: MemoryEntry, col: int) -> str:
        if col == self.VALUE:
            return e.example or e.value
        if col == self.ENTITY:
            return e.entity_id
        if col == self.DECISION:
            return decision_label(e.status)
        if col == self.NOTE:
            return e.note
        if col == self.BY:
            return e.reviewer
        if col == self.WHEN:
            # "2026-11-24T02:01:27+00:00" -> "2026-11-24 02:01" (UTC; the tooltip has it whole).
            return e.time[:16].replace("T", " ")
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        e = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(e, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{e.time} (UTC)" if col == self.WHEN else self._display(e, col)
        if role == SORT_ROLE:
            return e.time if col == self.WHEN else self._display(e, col).casefold()
        if role == REF_ROLE:
            return e
        if (
            role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole)
            and col == self.DECISION
            and e.status in DECISION_COLORS
        ):
            return fill_brush(e.status, role)
        return None
