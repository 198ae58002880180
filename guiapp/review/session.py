"""Review decisions: the audit session, its audit file and autosave, and decisions remembered across BOMs.

Qt-free. Decisions are keyed by the file's SHA-256 and the hit's key (sheet, row, column, entity), so an
audit file saved on one machine can be re-applied to the same BOM on another. Decisions remembered across
BOMs are keyed by the normalised cell text and the list entry, and stop applying when that entry changes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from guiapp import __version__
from guiapp.model import DECISIONS, Decision, FileResult, Hit, Match
from guiapp.review.history import FindingKey, History, HistoryEntry
from guiapp.review.identity import fingerprint_for, normalize_value, utc_now
from guiapp.review.memory import DecisionMemory, Suggestion
from guiapp.settings import app_dirs, atomic_write_bytes, atomic_write_text

#: Version of the audit-file / autosave JSON layout.
AUDIT_SCHEMA = 1
AUDIT_KIND = "bom-auditor-audit"

HitKey = tuple[str, int, str, str]


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
    """A hit together with the key of the file it is in (hits do not carry their file).

    The key is the file's SHA-256, or, for a second file with the same content opened from another path,
    the SHA-256 and that path (see :meth:`AuditSession.key_of`), so two copies never share decisions.
    """

    file: str
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
class FileRecord:
    """A BOM file named in an audit: enough to find it again and check it is the same file."""

    name: str
    path: str
    sha256: str
    #: The session's key for the file: its SHA-256, or SHA-256 and path for a same-content second file.
    key: str = ""

    def __post_init__(self) -> None:
        self.key = self.key or self.sha256

    def to_json(self) -> dict:
        """As stored."""
        out = {"name": self.name, "path": self.path, "sha256": self.sha256}
        if self.key != self.sha256:
            out["key"] = self.key
        return out


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
        #: path -> the key its decisions are filed under (see key_of).
        self._keys: dict[str, str] = {}
        #: Files named by a loaded audit that have not been opened (yet).
        self.records: list[FileRecord] = []
        self.decisions: dict[tuple[str, HitKey], Decision] = {}
        #: Every change of every decision, append-only (guiapp.review.history).
        self.history = History()
        #: The list editions in force, recorded with each history entry (set by whoever loads the lists).
        self.lists_label = ""
        self.created = utc_now()
        #: Called after every change (the GUI schedules an autosave from it).
        self.on_change: Callable[[], None] | None = None

    # --- files -------------------------------------------------------------------------------
    def add_result(self, result: FileResult) -> None:
        """Add a screened file, replacing an earlier result for the same path.

        Files are told apart by path as well as content: a second file with the same bytes opened from
        another path gets a key of its own, so a decision on one copy never shows on the other.
        """
        path = str(Path(result.path))
        for i, r in enumerate(self.results):
            if Path(r.path) == Path(result.path):
                self.results[i] = result
                break
        else:
            self.results.append(result)
        self._keys[path] = self._new_key(result, path)
        self._changed()

    def _new_key(self, result: FileResult, path: str) -> str:
        if self._keys.get(path, "").startswith(result.sha256):
            return self._keys[path]  # re-screened, same bytes: same decisions
        # A file named by a loaded audit keeps the key its decisions were saved under.
        record = next((r for r in self.records if r.path == path and r.sha256 == result.sha256), None)
        if record is not None:
            return record.key
        twins = [
            str(Path(r.path)) for r in self.results if str(Path(r.path)) != path and r.sha256 == result.sha256
        ]
        # A file named by the audit at another path that still exists there is a twin, not the same file moved.
        twins += [
            r.path
            for r in self.records
            if r.path != path and r.key == result.sha256 and Path(r.path).is_file()
        ]
        if any(self._keys.get(t, result.sha256) == result.sha256 for t in twins):
            return f"{result.sha256}@{path}"
        return result.sha256

    def key_of(self, result: FileResult) -> str:
        """The key the session files this result's decisions under (its SHA-256 unless a twin is open)."""
        # str(), not Path(): called for every hit on every keypress; add_result stores str(Path(path)).
        return self._keys.get(str(result.path)) or result.sha256

    def remove_file(self, path: str | Path) -> None:
        """Drop a file from the session (its decisions are kept, under its key)."""
        # Its record stays: a same-content file opened later from another path must not take its decisions.
        self.records += [
            FileRecord(Path(r.path).name, str(r.path), r.sha256, self.key_of(r))
            for r in self.results
            if Path(r.path) == Path(path)
        ]
        self.results = [r for r in self.results if Path(r.path) != Path(path)]
        self._keys.pop(str(Path(path)), None)
        self._changed()

    def result_for(self, key: str) -> FileResult | None:
        """The screened file with this key (see :meth:`key_of`; a SHA-256 for most files)."""
        return next((r for r in self.results if self.key_of(r) == key), None)

    def file_records(self) -> list[FileRecord]:
        """Every file of the session: screened ones first, then named-but-unopened ones."""
        out = [FileRecord(Path(r.path).name, str(r.path), r.sha256, self.key_of(r)) for r in self.results]
        seen = {(r.path, r.sha256) for r in out}
        out += [r for r in self.records if (r.path, r.sha256) not in seen]
        return out

    def refs(self) -> list[HitRef]:
        """Every hit of every screened file."""
        return [HitRef(self.key_of(r), h) for r in self.results if r.ok for h in r.hits]

    # --- decisions ---------------------------------------------------------------------------
    def fingerprint(self, match: Match) -> str:
        """The fingerprint of the list entry behind a match."""
        return fingerprint_for(match, self.fingerprints)

    def explicit_decision(self, ref: HitRef) -> Decision | None:
        """The decision taken in this session (or loaded from an audit file), if any."""
        return self.decisions.get((ref.file, ref.hit.key))

    def decision(self, ref: HitRef) -> Decision:
        """The decision in force: taken (or accepted) here for this BOM, else pending.

        A decision remembered from another BOM is never in force by itself: see :meth:`suggestion`.
        """
        return self.decisions.get((ref.file, ref.hit.key)) or Decision()

    def suggestion(self, ref: HitRef) -> Suggestion | None:
        """What decision memory suggests for a hit that has no decision here, or None."""
        if self.memory is None or (ref.file, ref.hit.key) in self.decisions:
            return None
        return self.memory.lookup(ref.hit, self.fingerprint(ref.hit.match), ref.file)

    def accept_suggestions(self, refs: Iterable[HitRef], reviewer: str | None = None) -> int:
        """Take each hit's suggestion as this reviewer's decision; the note says it was accepted, from where.

        Returns:
            How many hits had a suggestion and were decided.
        """
        who = self.reviewer if reviewer is None else reviewer
        now = utc_now()
        changes = []
        for ref in refs:
            s = self.suggestion(ref)
            if s is None:
                continue
            note = f"Accepted suggestion: {s.text()}"
            changes.append(
                ((ref.file, ref.hit.key), Decision(status=s.status, note=note, reviewer=who, time=now))
            )
        self._apply(changes, "accepted suggestion", who, now)
        return len(changes)

    def _apply(
        self,
        changes: Sequence[tuple[FindingKey, Decision | None]],
        action: str,
        who: str,
        now: str,
        *,
        undoable: bool = True,
    ) -> None:
        """Put decisions in force (None: pending again) as one operation of the history."""
        if not changes:
            return
        op = self.history.next_op()
        entries = []
        for finding, after in changes:
            before = self.decisions.get(finding)
            if after is None:
                self.decisions.pop(finding, None)
            else:
                self.decisions[finding] = after
            entries.append(HistoryEntry(op, finding, action, before, after, who, now, lists=self.lists_label))
        self.history.record(entries, undoable=undoable)
        self._changed()

    def _replay(self, op: int | None, action: str, reviewer: str | None) -> int:
        """Undo (action "undone": back to each entry's before) or redo (forward to its after) an operation."""
        if op is None:
            return 0
        entries = self.history.of_op(op)
        if action == "undone":
            changes = [(e.finding, e.before) for e in reversed(entries)]
        else:
            changes = [(e.finding, e.after) for e in entries]
        who = self.reviewer if reviewer is None else reviewer
        self._apply(changes, action, who, utc_now(), undoable=False)
        if self.memory is not None:
            # Decision memory follows: what was undone is no longer remembered (pending forgets).
            for finding, d in changes:
                result = self.result_for(finding[0])
                hit = next((h for h in result.hits if h.key == finding[1]), None) if result else None
                if hit is not None:
                    self.memory.remember(hit, d or Decision(), self.fingerprint(hit.match), finding[0])
        return len(changes)

    def undo(self, reviewer: str | None = None) -> int:
        """Undo the last decision operation (single or bulk); returns how many findings changed."""
        return self._replay(self.history.pop_undo(), "undone", reviewer)

    def redo(self, reviewer: str | None = None) -> int:
        """Redo the operation undone last; returns how many findings changed."""
        return self._replay(self.history.pop_redo(), "redone", reviewer)

    def decide(
        self,
        refs: Iterable[HitRef],
        status: str,
        note: str | None = None,
        reviewer: str | None = None,
        *,
        remember: bool = True,
        action: str = "decided",
    ) -> None:
        """Record a decision on each hit, with the reviewer and the UTC time.

        Args:
            refs: the hits.
            status: one of DECISIONS.
            note: the rationale; None keeps each hit's current note.
            reviewer: who decided (default: the session's reviewer).
            remember: also store it in decision memory (when the session has one).
            action: how the history names the change (e.g. "typed into X.xlsx; accepted").

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
        changes: list[tuple[FindingKey, Decision | None]] = []
        for ref in refs:
            current = self.decision(ref)
            d = Decision(
                status=status,
                note=current.note if note is None else note,
                reviewer=who,
                time=now,
            )
            changes.append(((ref.file, ref.hit.key), d))
            if remember and self.memory is not None:
                result = self.result_for(ref.file)
                name = Path(result.path).name if result is not None else ""
                self.memory.remember(ref.hit, d, self.fingerprint(ref.hit.match), ref.file, name)
        self._apply(changes, action, who, now)

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
        """hit.key -> decision in force for every hit of one file (for export), by the file's key."""
        result = self.result_for(sha256)
        keys = (
            [h.key for h in result.hits]
            if result is not None
            else [k for (s, k) in self.decisions if s == sha256]
        )
        history = self.history.by_finding()
        out = {}
        for key in keys:
            d = self.decisions.get((sha256, key)) or Decision()
            lines = tuple(e.text() for e in history.get((sha256, key), ()))
            out[key] = dataclasses.replace(d, history=lines) if lines else d
        return out

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
            "history": [e.to_json() for e in self.history.entries],
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
            session.records.append(
                FileRecord(str(f["name"]), str(f["path"]), str(f["sha256"]), str(f.get("key", "")))
            )
        for item in data.get("decisions", []):
            sheet, row, col, entity = item["key"]
            key = (str(sheet), int(row), str(col), str(entity))
            session.decisions[(str(item["sha256"]), key)] = Decision.from_json(item)
        session.history.entries = [HistoryEntry.from_json(e) for e in data.get("history", [])]
        return session

    def merge_decisions(self, other: AuditSession, action: str = "") -> None:
        """Take over another session's decisions, history and unopened file records.

        With an action ("carried over"), the decisions taken over are recorded in the history as one
        operation, which can be undone; without one (an audit file being resumed) its history comes along.
        """
        known = {(r.path, r.sha256) for r in self.file_records()}
        self.records += [r for r in other.records if (r.path, r.sha256) not in known]
        ours = {(e.op, e.finding, e.time) for e in self.history.entries}
        self.history.entries += [e for e in other.history.entries if (e.op, e.finding, e.time) not in ours]
        if action:
            self._apply(list(other.decisions.items()), action, self.reviewer, utc_now())
        else:
            self.decisions.update(other.decisions)
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
        #: The bytes this object last wrote to current (known good: no need to parse them again).
        self._written: bytes | None = None

    def write(self, session: AuditSession) -> None:
        """Save the session; the last readable autosave becomes the previous copy first.

        Called after every decision: with an hour's history (10,000 entries) the JSON is megabytes, so it is
        written without indentation, and what this object wrote last is kept as the previous copy without
        being read and parsed again.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        # Copied, not renamed: a crash between the two writes must still find a whole current autosave, not
        # a missing one that reads as damaged.
        good = self._written
        if good is None:
            try:
                good = self.current.read_bytes()
            except OSError:
                good = None
            if good is not None and self._parse(good) is None:
                good = None
        if good is not None:
            atomic_write_bytes(self.previous, good)
        data = json.dumps(session.to_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        atomic_write_bytes(self.current, data)
        self._written = data

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
        self._written = None
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
