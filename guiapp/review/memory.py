"""What is remembered across BOMs: decisions (offered as suggestions, never applied) and column mappings.

Qt-free. Decisions are remembered by the normalised cell text and the list entry, and stop being suggested
when that entry changes (its fingerprint); corrected column mappings by the sheet's header layout.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guiapp.model import DECISIONS, Decision, Hit
from guiapp.review.identity import normalize_value, utc_now
from guiapp.settings import app_dirs, atomic_write_text

#: Version of the decision-memory JSON layout.
MEMORY_SCHEMA = 1
MEMORY_KIND = "bom-auditor-decision-memory"


@dataclass
class MemoryEntry:
    """One remembered decision."""

    value: str  # normalised cell text
    entity_id: str
    fingerprint: str
    status: str
    note: str = ""
    reviewer: str = ""
    time: str = ""
    example: str = ""  # the cell text as first written, for the settings list
    origin: str = ""  # SHA-256 of the file it was decided in (it does not apply back to that file)
    origin_name: str = ""  # that file's name, to say where a suggestion comes from

    def to_json(self) -> dict:
        """As stored."""
        return dict(vars(self))

    @classmethod
    def from_json(cls, data: dict) -> MemoryEntry:
        """From to_json() output."""
        return cls(
            value=str(data["value"]),
            entity_id=str(data["entity_id"]),
            fingerprint=str(data.get("fingerprint", "")),
            status=str(data["status"]) if data.get("status") in DECISIONS else "pending",
            note=str(data.get("note", "")),
            reviewer=str(data.get("reviewer", "")),
            time=str(data.get("time", "")),
            example=str(data.get("example", "")),
            origin=str(data.get("origin", "")),
            origin_name=str(data.get("origin_name", "")),
        )


@dataclass(frozen=True)
class Suggestion:
    """A decision remembered from another BOM, offered for a hit that is still pending.

    It is never a decision by itself: the hit stays pending until a reviewer accepts it
    (:meth:`AuditSession.accept_suggestions`), and the acceptance is recorded under that reviewer's name.
    """

    status: str
    note: str
    reviewer: str
    time: str
    origin_name: str

    def text(self) -> str:
        """One line for the window and the CLI: "cleared in X.xlsx by N on DATE: reason"."""
        verb = {"false_positive": "cleared as a false positive", "confirmed": "confirmed"}.get(
            self.status, self.status
        )
        where = f" in {self.origin_name}" if self.origin_name else " in another BOM"
        who = f" by {self.reviewer}" if self.reviewer else ""
        when = f" on {self.time[:10]}" if self.time else ""
        return f"{verb}{where}{who}{when}" + (f": {self.note}" if self.note else "")


#: The decisions decision memory carries to future BOMs.
REMEMBERED_DECISIONS = ("confirmed", "false_positive")


class DecisionMemory:
    """Decisions remembered across BOMs: (normalised value, entity) -> decision, tied to the entry's fingerprint."""

    FILE_NAME = "decision-memory.json"

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else app_dirs().data / self.FILE_NAME
        self._entries: dict[tuple[str, str], MemoryEntry] = {}
        #: Set by load() when the file could not be read (a person should be told).
        self.load_error = ""

    @classmethod
    def load(cls, path: Path | None = None) -> DecisionMemory:
        """Read the memory file; a missing file gives an empty memory, a corrupt one sets load_error."""
        mem = cls(path)
        try:
            data = json.loads(mem.path.read_text(encoding="utf-8"))
            for item in data.get("entries", []):
                entry = MemoryEntry.from_json(item)
                mem._entries[(entry.value, entry.entity_id)] = entry
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            mem.load_error = f"{mem.path}: the remembered decisions could not be read ({exc}); starting empty"
        return mem

    def save(self) -> None:
        """Write the memory file atomically."""
        data = {
            "kind": MEMORY_KIND,
            "schema": MEMORY_SCHEMA,
            "entries": [e.to_json() for e in self.entries()],
        }
        atomic_write_text(self.path, json.dumps(data, indent=1, ensure_ascii=False))

    def entries(self) -> list[MemoryEntry]:
        """All entries, by value then entity."""
        return [self._entries[k] for k in sorted(self._entries)]

    def __len__(self) -> int:
        return len(self._entries)

    def remember(
        self, hit: Hit, decision: Decision, fingerprint: str, origin: str = "", origin_name: str = ""
    ) -> None:
        """Remember a confirmation or a false positive for this hit's value and entry.

        Only those two are verdicts about the value itself; an escalation is a question about one BOM
        and pending is no decision, so either forgets what was remembered.
        origin is the SHA-256 of the file it was decided in (origin_name its name): inside that file every
        row keeps its own decision; in other BOMs it is offered as a suggestion.
        """
        key = (normalize_value(hit.value), hit.match.entity_id)
        if decision.status not in REMEMBERED_DECISIONS:
            self._entries.pop(key, None)
            return
        self._entries[key] = MemoryEntry(
            value=key[0],
            entity_id=key[1],
            fingerprint=fingerprint,
            status=decision.status,
            note=decision.note,
            reviewer=decision.reviewer,
            time=decision.time,
            example=hit.value,
            origin=origin,
            origin_name=origin_name,
        )

    def lookup(self, hit: Hit, fingerprint: str, sha256: str = "") -> Suggestion | None:
        """The suggestion remembered for this hit, or None (also when the entry's fingerprint changed).

        Args:
            hit: the hit.
            fingerprint: the current fingerprint of its list entry.
            sha256: the hit's file; a decision is not remembered back into the file it was taken in.
        """
        entry = self._entries.get((normalize_value(hit.value), hit.match.entity_id))
        if entry is None or entry.fingerprint != fingerprint:
            return None
        if sha256 and entry.origin == sha256:
            return None
        return Suggestion(entry.status, entry.note, entry.reviewer, entry.time, entry.origin_name)

    def remove(self, value: str, entity_id: str) -> bool:
        """Forget one entry (value as normalised or as written); True when it existed."""
        return self._entries.pop((normalize_value(value), entity_id), None) is not None

    def clear(self) -> None:
        """Forget everything."""
        self._entries.clear()


class MappingMemory:
    """Column mappings a person corrected, keyed by the sheet's header signature (mapping.header_signature)."""

    FILE_NAME = "column-mappings.json"

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else app_dirs().data / self.FILE_NAME
        self._items: dict[str, dict] = {}

    @classmethod
    def load(cls, path: Path | None = None) -> MappingMemory:
        """Read the file; missing or corrupt gives an empty memory."""
        mem = cls(path)
        try:
            data = json.loads(mem.path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("mappings"), dict):
                mem._items = {str(k): v for k, v in data["mappings"].items() if isinstance(v, dict)}
        except (OSError, ValueError):
            pass
        return mem

    def save(self) -> None:
        """Write the file atomically."""
        atomic_write_text(
            self.path, json.dumps({"schema": 1, "mappings": self._items}, indent=1, ensure_ascii=False)
        )

    def remember(self, signature: str, header_row: int | None, columns: Mapping[str, list[int]]) -> None:
        """Store a corrected mapping for sheets with this header signature."""
        self._items[signature] = {
            "header_row": header_row,
            "columns": {k: [int(c) for c in v] for k, v in columns.items() if v},
            "time": utc_now(),
        }

    def lookup(self, signature: str) -> tuple[int | None, dict[str, list[int]]] | None:
        """(header row, role -> columns) remembered for this signature, or None."""
        item = self._items.get(signature)
        if item is None:
            return None
        try:
            hr = item.get("header_row")
            cols = {str(k): [int(c) for c in v] for k, v in item.get("columns", {}).items()}
            return (int(hr) if hr is not None else None), cols
        except (TypeError, ValueError, AttributeError):
            return None

    def forget(self, signature: str) -> None:
        """Drop the mapping remembered for this header layout."""
        self._items.pop(signature, None)

    def __len__(self) -> int:
        return len(self._items)


def sheet_signature(sheet: Any) -> str:
    """The key a corrected mapping is remembered by: the header layout the detector finds on the sheet.

    Detection is recomputed (it is deterministic), so the key is the same before and after a correction.
    """
    from guiapp.ingest.mapping import detect_mapping, header_signature

    return header_signature(sheet, detect_mapping(sheet))
