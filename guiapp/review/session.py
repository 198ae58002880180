"""Review decisions: the audit session, its audit file and autosave, and decisions remembered across BOMs.

Qt-free. Decisions are keyed by the file's SHA-256 and the hit's key (sheet, row, column, entity), so an
audit file saved on one machine can be re-applied to the same BOM on another. Decisions remembered across
BOMs are keyed by the normalised cell text and the list entry, and stop applying when that entry changes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import hashlib
import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from guiapp import __version__
from guiapp.model import DECISIONS, Decision, FileResult, Hit, Match
from guiapp.settings import app_dirs, atomic_write_bytes, atomic_write_text

#: Version of the audit-file / autosave JSON layout.
AUDIT_SCHEMA = 1
#: Version of the decision-memory JSON layout.
MEMORY_SCHEMA = 1
AUDIT_KIND = "bom-auditor-audit"
MEMORY_KIND = "bom-auditor-decision-memory"

HitKey = tuple[str, int, str, str]


def utc_now() -> str:
    """The current time as ISO 8601 UTC, to the second."""
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()


def normalize_value(text: str) -> str:
    """Normalise cell text for grouping and memory: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _sha(parts: Iterable[str]) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:16]


def _strings(value: Any) -> list[str]:
    """Flatten an entity attribute (str, list of str, list of objects) into sorted strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return sorted(f"{k}={_strings(v)}" for k, v in value.items())
    if isinstance(value, Iterable):
        out: list[str] = []
        for v in value:
            out.extend(_strings(v) if not hasattr(v, "__dict__") else [repr(sorted(vars(v).items()))])
        return sorted(out)
    return [str(value)]


_FINGERPRINT_FALLBACK = (
    "id",
    "name",
    "parent_id",
    "relationship",
    "lists",
    "aliases",
    "patterns",
    "review",
    "matchable",
)


def entity_fingerprint(entity: Any) -> str:
    """A short hash of every field of a list entry: names, aliases, parent, lists with their programmes and
    dates, country, citation, patterns, notes.

    A remembered decision is tied to this: when anything about the entry is edited, the fingerprint changes
    and the suggestion is withdrawn (a reviewer decides again on the entry as it is now).
    """
    names = (
        [f.name for f in dataclasses.fields(entity)]
        if dataclasses.is_dataclass(entity) and not isinstance(entity, type)
        else list(_FINGERPRINT_FALLBACK)
    )
    return _sha(f"{attr}:{_strings(getattr(entity, attr, None))}" for attr in names)


def match_fingerprint(match: Match) -> str:
    """Fallback fingerprint when the list entry itself is not at hand: what the hit says about it."""
    return _sha([match.entity_id, match.entity, match.parent_id, match.watchlist, *sorted(match.lists)])


def watchlist_fingerprints(watchlists: Iterable[Any]) -> dict[str, str]:
    """entity id -> fingerprint for every entry of these watchlists."""
    out: dict[str, str] = {}
    for wl in watchlists:
        entities = getattr(wl, "entities", ())
        if isinstance(entities, Mapping):
            entities = entities.values()
        for e in entities:
            out[str(getattr(e, "id", ""))] = entity_fingerprint(e)
    return out


#: Why a confident hit is cleared: the pick list the window offers (free text may follow each).
CLEARING_REASONS: tuple[str, ...] = (
    "Another company with a similar name",
    "Not made by the listed entity (brand, trademark or product name only)",
    "Distributor or reseller, not the maker",
    "Typing or data error in the BOM",
    "Other (explain)",
)


class ReasonRequired(ValueError):
    """Clearing a confident hit needs a reason and a reviewer's name; nothing was recorded."""


def needs_reason(hit: Hit, status: str) -> bool:
    """Whether this decision clears a confident hit (a false positive on a hit that is not review-level)."""
    return status == "false_positive" and not hit.match.review


class HitRef(NamedTuple):
    """A hit together with the SHA-256 of the file it is in (hits do not carry their file)."""

    sha256: str
    hit: Hit

    @property
    def group_key(self) -> tuple[str, str]:
        """The distinct-value key: normalised cell text and matched entry."""
        return (normalize_value(self.hit.value), self.hit.match.entity_id)


@dataclass
class ValueGroup:
    """Every hit with the same (normalised) cell text and list entry; one decision covers them all."""

    key: tuple[str, str]
    refs: list[HitRef] = field(default_factory=list)

    @property
    def value(self) -> str:
        """The cell text as written in the first row."""
        return self.refs[0].hit.value if self.refs else ""

    @property
    def match(self) -> Match:
        """The strongest match of the group."""
        return max((r.hit.match for r in self.refs), key=lambda m: m.score)


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


@dataclass
class FileRecord:
    """A BOM file named in an audit: enough to find it again and check it is the same file."""

    name: str
    path: str
    sha256: str

    def to_json(self) -> dict:
        """As stored."""
        return {"name": self.name, "path": self.path, "sha256": self.sha256}


class AuditFileError(Exception):
    """An audit file could not be read; the message names the file and what to do."""


class AuditSession:
    """The files under review and the decisions taken on their hits.

    Args:
        reviewer: the default reviewer recorded with decisions.
        memory: decision memory: it learns from decisions taken here and offers suggestions for pending
            hits, never decisions (None: no memory).
        fingerprints: entity id -> fingerprint of the list entry (see watchlist_fingerprints); entries
            missing from it fall back to match_fingerprint().
    """

    def __init__(
        self,
        reviewer: str = "",
        memory: DecisionMemory | None = None,
        fingerprints: Mapping[str, str] | None = None,
    ) -> None:
        self.reviewer = reviewer
        self.memory = memory
        self.fingerprints: Mapping[str, str] = fingerprints or {}
        self.results: list[FileResult] = []
        #: Files named by a loaded audit that have not been opened (yet).
        self.records: list[FileRecord] = []
        self.decisions: dict[tuple[str, HitKey], Decision] = {}
        self.created = utc_now()
        #: Called after every change (the GUI schedules an autosave from it).
        self.on_change: Callable[[], None] | None = None

    # --- files -------------------------------------------------------------------------------
    def add_result(self, result: FileResult) -> None:
        """Add a screened file, replacing an earlier result for the same path."""
        for i, r in enumerate(self.results):
            if Path(r.path) == Path(result.path):
                self.results[i] = result
                break
        else:
            self.results.append(result)
        self._changed()

    def remove_file(self, path: str | Path) -> None:
        """Drop a file from the session (its decisions are kept, keyed by SHA-256)."""
        self.results = [r for r in self.results if Path(r.path) != Path(path)]
        self._changed()

    def result_for(self, sha256: str) -> FileResult | None:
        """The screened file with this SHA-256."""
        return next((r for r in self.results if r.sha256 == sha256), None)

    def file_records(self) -> list[FileRecord]:
        """Every file of the session: screened ones first, then named-but-unopened ones."""
        out = [FileRecord(Path(r.path).name, str(r.path), r.sha256) for r in self.results]
        seen = {(r.path, r.sha256) for r in out}
        out += [r for r in self.records if (r.path, r.sha256) not in seen]
        return out

    def refs(self) -> list[HitRef]:
        """Every hit of every screened file."""
        return [HitRef(r.sha256, h) for r in self.results if r.ok for h in r.hits]

    # --- decisions ---------------------------------------------------------------------------
    def fingerprint(self, match: Match) -> str:
        """The fingerprint of the list entry behind a match."""
        return self.fingerprints.get(match.entity_id) or match_fingerprint(match)

    def explicit_decision(self, ref: HitRef) -> Decision | None:
        """The decision taken in this session (or loaded from an audit file), if any."""
        return self.decisions.get((ref.sha256, ref.hit.key))

    def decision(self, ref: HitRef) -> Decision:
        """The decision in force: taken (or accepted) here for this BOM, else pending.

        A decision remembered from another BOM is never in force by itself: see :meth:`suggestion`.
        """
        return self.decisions.get((ref.sha256, ref.hit.key)) or Decision()

    def suggestion(self, ref: HitRef) -> Suggestion | None:
        """What decision memory suggests for a hit that has no decision here, or None."""
        if self.memory is None or (ref.sha256, ref.hit.key) in self.decisions:
            return None
        return self.memory.lookup(ref.hit, self.fingerprint(ref.hit.match), ref.sha256)

    def accept_suggestions(self, refs: Iterable[HitRef], reviewer: str | None = None) -> int:
        """Take each hit's suggestion as this reviewer's decision; the note says it was accepted, from where.

        Returns:
            How many hits had a suggestion and were decided.
        """
        who = self.reviewer if reviewer is None else reviewer
        now = utc_now()
        accepted = 0
        for ref in refs:
            s = self.suggestion(ref)
            if s is None:
                continue
            note = f"Accepted suggestion: {s.text()}"
            self.decisions[(ref.sha256, ref.hit.key)] = Decision(
                status=s.status, note=note, reviewer=who, time=now
            )
            accepted += 1
        if accepted:
            self._changed()
        return accepted

    def decide(
        self,
        refs: Iterable[HitRef],
        status: str,
        note: str | None = None,
        reviewer: str | None = None,
        *,
        remember: bool = True,
    ) -> None:
        """Record a decision on each hit, with the reviewer and the UTC time.

        Args:
            refs: the hits.
            status: one of DECISIONS.
            note: the rationale; None keeps each hit's current note.
            reviewer: who decided (default: the session's reviewer).
            remember: also store it in decision memory (when the session has one).

        Raises:
            ReasonRequired: a confident hit would be cleared without a reason (note) or a reviewer's name.
        """
        if status not in DECISIONS:
            raise ValueError(f"unknown decision {status!r}")
        who = self.reviewer if reviewer is None else reviewer
        refs = list(refs)
        for ref in refs:
            # Checked for every hit before any is recorded: a bulk decision is recorded whole or not at all.
            if needs_reason(ref.hit, status) and not (
                who.strip() and (note if note is not None else self.decision(ref).note).strip()
            ):
                raise ReasonRequired(
                    f"clearing the confident hit on {ref.hit.value!r} ({ref.hit.match.entity}) as a false "
                    "positive needs a reason and a reviewer's name"
                )
        now = utc_now()
        for ref in refs:
            current = self.decision(ref)
            d = Decision(
                status=status,
                note=current.note if note is None else note,
                reviewer=who,
                time=now,
            )
            self.decisions[(ref.sha256, ref.hit.key)] = d
            if remember and self.memory is not None:
                result = self.result_for(ref.sha256)
                name = Path(result.path).name if result is not None else ""
                self.memory.remember(ref.hit, d, self.fingerprint(ref.hit.match), ref.sha256, name)
        self._changed()

    def set_note(self, refs: Iterable[HitRef], note: str, reviewer: str | None = None) -> None:
        """Change the rationale note of each hit, keeping its status."""
        refs = list(refs)
        by_status: dict[str, list[HitRef]] = {}
        for ref in refs:
            by_status.setdefault(self.decision(ref).status, []).append(ref)
        for status, group in by_status.items():
            self.decide(group, status, note, reviewer)

    def groups(self) -> list[ValueGroup]:
        """Hits grouped by distinct value (normalised cell text + entry), most rows first."""
        groups: dict[tuple[str, str], ValueGroup] = {}
        for ref in self.refs():
            groups.setdefault(ref.group_key, ValueGroup(ref.group_key)).refs.append(ref)
        return sorted(groups.values(), key=lambda g: (-len(g.refs), g.key))

    def group_refs(self, ref: HitRef) -> list[HitRef]:
        """Every hit with the same distinct value as this one."""
        return [r for r in self.refs() if r.group_key == ref.group_key]

    def decisions_for_file(self, sha256: str) -> dict[HitKey, Decision]:
        """hit.key -> decision in force for every hit of one file (for export)."""
        result = self.result_for(sha256)
        if result is None:
            return {k: d for (s, k), d in self.decisions.items() if s == sha256}
        return {h.key: self.decision(HitRef(sha256, h)) for h in result.hits}

    def summary(self) -> Counter:
        """Count of hits by decision status."""
        return Counter(self.decision(r).status for r in self.refs())

    # --- persistence -------------------------------------------------------------------------
    def to_json(self) -> dict:
        """The session as plain data: files (name, path, SHA-256) and decisions keyed by SHA + hit key."""
        return {
            "kind": AUDIT_KIND,
            "schema": AUDIT_SCHEMA,
            "tool_version": __version__,
            "created": self.created,
            "saved": utc_now(),
            "reviewer": self.reviewer,
            "files": [r.to_json() for r in self.file_records()],
            "decisions": [
                {"sha256": sha, "key": list(key), **d.to_json()}
                for (sha, key), d in sorted(self.decisions.items(), key=lambda kv: (kv[0][0], kv[0][1]))
            ],
        }

    @classmethod
    def from_json(cls, data: Any, **kwargs: Any) -> AuditSession:
        """Build a session (files as records, not opened) from to_json() output.

        Raises:
            ValueError: the data is not an audit of a schema this version understands.
        """
        if not isinstance(data, dict) or data.get("kind") != AUDIT_KIND:
            raise ValueError("this is not a BOM Auditor audit file")
        schema = data.get("schema")
        if not isinstance(schema, int) or schema > AUDIT_SCHEMA:
            raise ValueError(
                f"audit schema {schema!r} is newer than this version understands; update the app"
            )
        session = cls(reviewer=str(data.get("reviewer", "")), **kwargs)
        session.created = str(data.get("created", session.created))
        for f in data.get("files", []):
            session.records.append(FileRecord(str(f["name"]), str(f["path"]), str(f["sha256"])))
        for item in data.get("decisions", []):
            sheet, row, col, entity = item["key"]
            key = (str(sheet), int(row), str(col), str(entity))
            session.decisions[(str(item["sha256"]), key)] = Decision.from_json(item)
        return session

    def merge_decisions(self, other: AuditSession) -> None:
        """Take over another session's decisions and unopened file records."""
        self.decisions.update(other.decisions)
        known = {(r.path, r.sha256) for r in self.file_records()}
        self.records += [r for r in other.records if (r.path, r.sha256) not in known]
        self._changed()

    def save(self, path: str | Path) -> Path:
        """Write the audit file (JSON) atomically."""
        path = Path(path)
        atomic_write_text(path, json.dumps(self.to_json(), indent=1, ensure_ascii=False))
        return path

    @classmethod
    def load(cls, path: str | Path, **kwargs: Any) -> AuditSession:
        """Read an audit file.

        Raises:
            AuditFileError: the file is missing, corrupt or not an audit; the message names it.
        """
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls.from_json(data, **kwargs)
        except OSError as exc:
            raise AuditFileError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise AuditFileError(f"{path.name}: not a readable audit file ({exc})") from exc

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()


def locate_file(record: FileRecord, audit_dir: Path | None = None) -> Path | None:
    """Find a BOM named in an audit: at its recorded path, or beside the audit file (by name)."""
    candidates = [Path(record.path)]
    if audit_dir is not None:
        candidates.append(audit_dir / record.name)
    for c in candidates:
        if c.is_file():
            return c
    return None


class Autosave:
    """The session autosaved as the person works, with the previous good copy kept beside it."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else app_dirs().data / "autosave"
        self.current = self.folder / "session.json"
        self.previous = self.folder / "session.previous.json"

    def write(self, session: AuditSession) -> None:
        """Save the session; the last readable autosave becomes the previous copy first."""
        self.folder.mkdir(parents=True, exist_ok=True)
        # Copied, not renamed: a crash between the two writes must still find a whole current autosave, not
        # a missing one that reads as damaged.
        try:
            good = self.current.read_bytes()
        except OSError:
            good = None
        if good is not None and self._parse(good) is not None:
            atomic_write_bytes(self.previous, good)
        atomic_write_text(self.current, json.dumps(session.to_json(), indent=1, ensure_ascii=False))

    def read(self, **kwargs: Any) -> tuple[AuditSession | None, str]:
        """The autosaved session and a warning for the person ("" when all is well).

        A corrupt autosave is recovered from the previous copy, and the warning says so.
        """
        if not self.current.exists() and not self.previous.exists():
            return None, ""
        data = self._read(self.current)
        if data is not None:
            try:
                return AuditSession.from_json(data, **kwargs), ""
            except (ValueError, KeyError, TypeError):
                pass
        prev = self._read(self.previous)
        if prev is not None:
            try:
                session = AuditSession.from_json(prev, **kwargs)
                return session, (
                    f"The last autosave ({self.current}) was damaged; the previous copy was restored, "
                    "so the most recent decisions may be missing."
                )
            except (ValueError, KeyError, TypeError):
                pass
        return None, f"The autosaved session in {self.folder} was damaged and could not be restored."

    def clear(self) -> None:
        """Forget the autosaved session (after the person discards it)."""
        for p in (self.current, self.previous):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()

    @classmethod
    def _read(cls, path: Path) -> dict | None:
        try:
            return cls._parse(path.read_bytes())
        except OSError:
            return None

    @staticmethod
    def _parse(raw: bytes) -> dict | None:
        try:
            data = json.loads(raw.decode("utf-8"))
        except ValueError:  # UnicodeDecodeError and JSONDecodeError both
            return None
        return data if isinstance(data, dict) and data.get("kind") == AUDIT_KIND else None


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
