"""The history of every finding: an append-only record of who changed its decision, when, how and from what.

Nothing is ever removed or rewritten: an undo is itself an entry (it restores the decision an earlier entry
replaced), so the record an examiner reads shows the whole path, not only the last state. Each change names
the operation it belongs to (one bulk decision over 40 rows is one operation, undone or redone as one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from guiapp import __version__
from guiapp.model import DECISION_LABELS, Decision

HitKey = tuple[str, int, str, str]
FindingKey = tuple[str, HitKey]  # file SHA-256, Hit.key

#: What an entry records: a decision taken, a suggestion accepted, decisions carried from a previous
#: audit, or an operation undone or redone. A decision typed into a copy and accepted in review reads
#: "typed into <copy>, accepted:" (guiapp.app.typed).
ACTIONS = ("decided", "accepted suggestion", "carried over", "undone", "redone")


@dataclass(frozen=True)
class HistoryEntry:
    """One change of one finding's decision.

    Attributes:
        op: the operation it belongs to (one keypress over many rows is one operation).
        finding: (file SHA-256, Hit.key).
        action: one of ACTIONS.
        before: the decision it replaced (None: there was none).
        after: the decision now in force (None: none, the hit is pending again).
        reviewer: who made the change.
        time: when (ISO 8601 UTC).
        tool_version: the app that recorded it.
        lists: the list editions in force (names and versions), as far as the session knows them.
    """

    op: int
    finding: FindingKey
    action: str
    before: Decision | None
    after: Decision | None
    reviewer: str
    time: str
    tool_version: str = __version__
    lists: str = ""

    def to_json(self) -> dict:
        """As stored in the audit file."""
        return {
            "op": self.op,
            "sha256": self.finding[0],
            "key": list(self.finding[1]),
            "action": self.action,
            "before": self.before.to_json() if self.before else None,
            "after": self.after.to_json() if self.after else None,
            "reviewer": self.reviewer,
            "time": self.time,
            "tool_version": self.tool_version,
            "lists": self.lists,
        }

    @classmethod
    def from_json(cls, data: dict) -> HistoryEntry:
        """From to_json() output."""
        sheet, row, col, entity = data["key"]
        return cls(
            op=int(data["op"]),
            finding=(str(data["sha256"]), (str(sheet), int(row), str(col), str(entity))),
            action=str(data["action"]),
            before=Decision.from_json(data["before"]) if data.get("before") else None,
            after=Decision.from_json(data["after"]) if data.get("after") else None,
            reviewer=str(data.get("reviewer", "")),
            time=str(data.get("time", "")),
            tool_version=str(data.get("tool_version", "")),
            lists=str(data.get("lists", "")),
        )

    def text(self) -> str:
        """One line: "2026-12-04 09:12 UTC, Ana: decided False positive (was Pending): reason"."""

        def label(d: Decision | None) -> str:
            return DECISION_LABELS.get(d.status, d.status) if d else "Pending"

        when = self.time.replace("T", " ")[:16] + " UTC" if self.time else "?"
        note = f": {self.after.note}" if self.after and self.after.note else ""
        return f"{when}, {self.reviewer or '?'}: {self.action} {label(self.after)} (was {label(self.before)}){note}"


@dataclass
class History:
    """The append-only log and the undo/redo stacks of operations (the stacks live for the session only)."""

    entries: list[HistoryEntry] = field(default_factory=list)
    _undo: list[int] = field(default_factory=list)
    _redo: list[int] = field(default_factory=list)

    def next_op(self) -> int:
        """A number for a new operation."""
        return max((e.op for e in self.entries), default=0) + 1

    def record(self, entries: Iterable[HistoryEntry], *, undoable: bool = True) -> None:
        """Append the entries of one operation; a new operation clears what could be redone."""
        entries = list(entries)
        if not entries:
            return
        self.entries.extend(entries)
        if undoable:
            self._undo.append(entries[0].op)
            self._redo.clear()

    def of(self, finding: FindingKey) -> list[HistoryEntry]:
        """One finding's entries, oldest first."""
        return [e for e in self.entries if e.finding == finding]

    def by_finding(self) -> dict[FindingKey, list[HistoryEntry]]:
        """Every finding's entries, oldest first, in one pass (an export of many findings)."""
        out: dict[FindingKey, list[HistoryEntry]] = {}
        for e in self.entries:
            out.setdefault(e.finding, []).append(e)
        return out

    def of_op(self, op: int) -> list[HistoryEntry]:
        """The entries one operation recorded."""
        return [e for e in self.entries if e.op == op]

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def pop_undo(self) -> int | None:
        """The operation to undo now (it moves to the redo stack)."""
        if not self._undo:
            return None
        op = self._undo.pop()
        self._redo.append(op)
        return op

    def pop_redo(self) -> int | None:
        """The operation to redo now (it moves back to the undo stack)."""
        if not self._redo:
            return None
        op = self._redo.pop()
        self._undo.append(op)
        return op
