"""The imported lists a person keeps in the app's data folder, and their private list ("My entries").

Layout under ``app_dirs().data / "lists"``::

    index.json            every record: name, file, import time, SHA-256, edition, format, counts, enabled,
                          status (active / superseded / removed)
    files/<sha12>/<name>  a copy of each imported file, exactly as imported, with the files read beside it
                          (OFAC's alt.csv and add.csv); older stores kept files/<sha12>-<name>
    cache/<sha256>-<v>.pickle
                          the parsed Watchlist, keyed by the file's SHA-256 and the importer's version, so a
                          30,000-name list loads in a fraction of the time a parse takes
    my-entries.json       the private list, in the built-in list's JSON format (never the built-in file)

Replacing a list by a newer edition keeps the old edition's record (status "superseded") so reports that
used it can still be traced to its date and SHA-256. Replacing it by an older edition or a much smaller file
is refused with what would change (ReplaceNeedsConfirmation) until the person confirms (replace=True).

Every change holds a lock file in the store folder, so two processes importing at once both keep their list;
copies, the index and the cache are written to a temporary file and renamed into place.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import json
import os
import pickle
import re
import shutil
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from guiapp import __version__
from guiapp.lists.importers import ImportResult, edition_text, import_list
from guiapp.lists.watchlist import (
    PARTIES,
    Alias,
    Entity,
    ListEntry,
    Watchlist,
    entity_to_json,
    load_builtin,
    load_json,
    with_parties,
)
from guiapp.settings import AppDirs, app_dirs, atomic_write_bytes, atomic_write_text

#: Bump when the importers' output changes: cached lists from an older version are parsed again.
#: 2: CSL entries keep their entity_number; 3: every party kept and typed; 4: OFAC and UN entry numbers.
IMPORTER_VERSION = "4"
PRIVATE_LIST_NAME = "My entries"
PRIVATE_LIST_CODE = "MY-ENTRIES"
_INDEX_VERSION = 1
#: Only organisations make parts: the other parties are screened when a person switches them on for a list.
DEFAULT_PARTIES: tuple[str, ...] = ("organisation",)
#: A new edition with fewer entries than this share of the kept one is "much smaller" and must be confirmed.
SHRINK_LIMIT = 0.9


class ListStoreError(ValueError):
    """A store operation a person asked for cannot be done; the message is one line saying why."""


class ReplaceNeedsConfirmation(ListStoreError):
    """Keeping a file would replace a kept list by an older edition or a much smaller one.

    Attributes:
        kept: the active record that would be superseded.
        result: the import that would replace it.
        changes: plain lines saying what would change (editions, entries before -> after).
    """

    def __init__(self, kept: ListRecord, result: ImportResult, changes: list[str]) -> None:
        self.kept = kept
        self.result = result
        self.changes = changes
        super().__init__(
            f"{result.path.name}: would replace '{kept.name}' by "
            + " and ".join(c for c in changes if c.startswith(("an older", "a smaller")))
            + f" ({'; '.join(c for c in changes if not c.startswith(('an older', 'a smaller')))}); "
            "confirm to replace it anyway (CLI: --replace)"
        )


def replace_changes(kept: ListRecord, result: ImportResult) -> list[str]:
    """Why keeping `result` under the name of `kept` needs a confirmation; [] when it is a plain update.

    The first lines name the reasons ("an older edition", "a smaller list"), the others the facts: the
    editions and the entry counts before -> after.
    """
    reasons = []
    if kept.edition_date and result.edition_date and result.edition_date < kept.edition_date:
        reasons.append("an older edition")
    if kept.entries and result.entries < kept.entries * SHRINK_LIMIT:
        reasons.append(f"a smaller list ({kept.entries - result.entries} entries fewer)")
    if not reasons:
        return []
    return [
        *reasons,
        f"edition {edition_text(kept.edition_date, kept.edition_source)} -> "
        f"{edition_text(result.edition_date, result.edition_source)}",
        f"entries {kept.entries} -> {result.entries}, names {kept.names} -> {result.names}",
    ]


@dataclass
class ListRecord:
    """One imported list edition as the store keeps it.

    Attributes:
        name: the list's name, unique among active lists (e.g. "Consolidated Screening List").
        file_name: the imported file's name as it was.
        stored_file: the copy's path relative to the store folder.
        imported_at: ISO 8601 UTC time of the import.
        sha256: SHA-256 of the file bytes.
        edition_date: the edition date the file carries ("" when none).
        format: the detected format (see guiapp.lists.importers.FORMATS).
        entries: entries imported.
        names: matchable names.
        records: records read from the file.
        skipped: records left out.
        lists: list code -> entries on it.
        enabled: whether screening uses it.
        status: "active", "superseded" (replaced by a newer edition) or "removed".
        superseded_by: SHA-256 of the edition that replaced it.
        changed_at: ISO time of the last status change.
        edition_source: where the edition date was read ("the file", "the file name", "file date", ...).
        parties: the party kinds screening uses from this list (default: organisations only).
        parties_found: party kind -> entries of that kind in the file.
        companions: the stored files read with the main one (relative to the store folder).
    """

    name: str
    file_name: str
    stored_file: str
    imported_at: str
    sha256: str
    edition_date: str = ""
    format: str = ""
    entries: int = 0
    names: int = 0
    records: int = 0
    skipped: int = 0
    lists: dict[str, int] = field(default_factory=dict)
    enabled: bool = True
    status: str = "active"
    superseded_by: str = ""
    changed_at: str = ""
    edition_source: str = ""
    parties: list[str] = field(default_factory=lambda: list(DEFAULT_PARTIES))
    parties_found: dict[str, int] = field(default_factory=dict)
    companions: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        """Whether this is the current edition of a kept list."""
        return self.status == "active"

    @property
    def label(self) -> str:
        """Name with edition, as every match from this list carries it."""
        return f"{self.name} ({self.edition_date})" if self.edition_date else self.name

    @property
    def edition_text(self) -> str:
        """The edition with where it came from, e.g. "published 2026-02-27 (from the file)"."""
        return edition_text(self.edition_date, self.edition_source)

    def to_json(self) -> dict:
        """As stored in index.json and printed by `bom-auditor-cli lists --json`."""
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> ListRecord:
        """Build from to_json() output (unknown keys ignored)."""
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()


def _safe_file_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "list"
    return cleaned[:80]


def _find_active(records: Sequence[ListRecord], name: str) -> ListRecord:
    for r in records:
        if r.active and r.name.casefold() == name.strip().casefold():
            return r
    names = ", ".join(f"'{r.name}'" for r in records if r.active) or "none"
    raise ListStoreError(f"no imported list named '{name}' (imported lists: {names})")


def _copy_atomic(source: Path, target: Path) -> None:
    """Copy a file so that the target is either absent or complete (temporary file + rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        shutil.copy2(source, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def check_parties(parties: Iterable[str]) -> list[str]:
    """The party kinds in PARTIES order; an unknown word raises ListStoreError naming the known ones."""
    wanted = {p.strip().lower() for p in parties if p.strip()}
    wanted = {"organisation" if p in ("organization", "organisations", "organizations") else p.rstrip("s")
              if p.rstrip("s") in PARTIES else p for p in wanted}  # fmt: skip
    unknown = wanted - set(PARTIES)
    if unknown:
        raise ListStoreError(
            f"unknown party kind {', '.join(sorted(unknown))}; use {', '.join(PARTIES)} (comma-separated)"
        )
    if not wanted:
        raise ListStoreError(f"name at least one party kind: {', '.join(PARTIES)}")
    return [p for p in PARTIES if p in wanted]


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:120]


def _lock_file(fh) -> None:
    """Block until this process holds the lock on an open file (fcntl on Unix, msvcrt on Windows)."""
    if sys.platform == "win32":
        import msvcrt

        fh.seek(0)
        while True:
            try:
                msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
                return
            except OSError:  # LK_LOCK gives up after ten seconds; another import is still running
                continue
    import fcntl

    fcntl.flock(fh.fileno(), fcntl.LOCK_EX)


def _unlock_file(fh) -> None:
    if sys.platform == "win32":
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


class ListStore:
    """Imported lists and the private list, kept in the data folder.

    Args:
        dirs: the app's folders (default: app_dirs(), which honours BOM_AUDITOR_HOME).
    """

    def __init__(self, dirs: AppDirs | None = None) -> None:
        self.root = (dirs or app_dirs()).data / "lists"
        self._lock = threading.RLock()
        self._loaded: dict[str, Watchlist] = {}

    # ------------------------------------------------------------------------------------------ paths
    @property
    def index_file(self) -> Path:
        """index.json."""
        return self.root / "index.json"

    @property
    def private_file(self) -> Path:
        """my-entries.json, the private list."""
        return self.root / "my-entries.json"

    def _cache_file(self, sha256: str) -> Path:
        return self.root / "cache" / f"{sha256}-{IMPORTER_VERSION}-{__version__}.pickle"

    # ------------------------------------------------------------------------------------------ index
    @contextlib.contextmanager
    def _changing(self):
        """Hold this store's thread lock and the data folder's lock file for one read-modify-write.

        The index is rewritten whole; two processes importing at once each read it, added their list and
        wrote it back, and the later write lost the earlier list (ten concurrent imports kept six). The
        lock file serialises them across processes; each write is still atomic (temporary file + rename).
        """
        with self._lock:
            self.root.mkdir(parents=True, exist_ok=True)
            with open(self.root / ".lock", "a+b") as fh:
                _lock_file(fh)
                try:
                    yield
                finally:
                    _unlock_file(fh)

    def _read_index(self) -> list[ListRecord]:
        try:
            data = json.loads(self.index_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            raise ListStoreError(
                f"{self.index_file}: the list index cannot be read ({_reason(exc)}); move it away to start afresh"
            ) from None
        try:
            return [ListRecord.from_json(r) for r in data.get("lists", []) if isinstance(r, dict)]
        except (AttributeError, TypeError, ValueError, KeyError) as exc:
            raise ListStoreError(
                f"{self.index_file}: the list index is damaged ({type(exc).__name__}); move it away to start "
                "afresh and import the lists again"
            ) from None

    def _write_index(self, records: Sequence[ListRecord]) -> None:
        doc = {"version": _INDEX_VERSION, "lists": [r.to_json() for r in records]}
        atomic_write_text(self.index_file, json.dumps(doc, indent=1, ensure_ascii=False))

    def records(self, include_history: bool = False) -> list[ListRecord]:
        """The kept lists (active ones; with include_history also superseded and removed editions)."""
        with self._lock:
            records = self._read_index()
        return records if include_history else [r for r in records if r.active]

    def record(self, name: str) -> ListRecord:
        """The active list with this name (case-insensitive).

        Raises:
            ListStoreError: no such list.
        """
        return _find_active(self.records(), name)

    # ------------------------------------------------------------------------------------------ changes
    def preview(self, path: str | Path, name: str | None = None) -> ImportResult:
        """Read a list file without keeping it: what an import would bring in.

        Raises:
            ValueError: the file cannot be imported (one line naming the file).
        """
        return import_list(path, name=name)

    def import_file(
        self,
        path: str | Path,
        name: str | None = None,
        result: ImportResult | None = None,
        *,
        replace: bool = False,
        parties: Iterable[str] | None = None,
    ) -> ListRecord:
        """Keep a list file: copy it in, record it and enable it.

        A file with the name of an active list replaces it as a newer edition; the old edition's record is kept,
        marked superseded. An older edition or a much smaller file is refused with what would change
        (ReplaceNeedsConfirmation) unless `replace` is True.

        Args:
            path: the list file.
            name: the list's name (default: the name the importer gives).
            result: the preview already made for this file (saves parsing it twice).
            replace: keep it even when it is an older or much smaller edition of a kept list.
            parties: the party kinds screening uses (default: the replaced edition's, else organisations).

        Returns:
            The new record.

        Raises:
            ReplaceNeedsConfirmation: it would replace a kept list by an older or much smaller one.
            ValueError: the file cannot be imported, or this exact file is already kept.
        """
        path = Path(path)
        if result is None or result.path != path:
            result = import_list(path, name=name)
        elif name:
            result.watchlist.name = name
        list_name = (name or result.watchlist.name).strip()
        if not list_name:
            raise ListStoreError(f"{path.name}: give the list a name")
        if list_name.casefold() == PRIVATE_LIST_NAME.casefold():
            raise ListStoreError(
                f"{path.name}: '{PRIVATE_LIST_NAME}' is the private list's name; choose another"
            )
        chosen = check_parties(parties) if parties is not None else None
        with self._changing():
            records = self._read_index()
            for r in records:
                if r.active and r.sha256 == result.sha256:
                    raise ListStoreError(f"{path.name}: this file is already imported as '{r.name}'")
            kept = next((r for r in records if r.active and r.name.casefold() == list_name.casefold()), None)
            if kept is not None and not replace:
                changes = replace_changes(kept, result)
                if changes:
                    raise ReplaceNeedsConfirmation(kept, result, changes)
            folder = Path("files") / result.sha256[:12]
            stored = folder / _safe_file_name(path.name)
            companions = [folder / _safe_file_name(p.name) for p in result.companions]
            try:
                for source, copy in ((path, stored), *zip(result.companions, companions, strict=True)):
                    _copy_atomic(source, self.root / copy)
            except OSError as exc:
                raise ListStoreError(
                    f"{path.name}: cannot copy it into {self.root} ({exc.strerror or exc})"
                ) from exc
            now = _now()
            enabled = True
            kept_parties = list(DEFAULT_PARTIES)
            for r in records:
                if r.active and r.name.casefold() == list_name.casefold():
                    r.status = "superseded"
                    r.superseded_by = result.sha256
                    r.changed_at = now
                    enabled = r.enabled
                    kept_parties = list(r.parties)
                    r.enabled = False
            record = ListRecord(
                name=list_name,
                file_name=path.name,
                stored_file=stored.as_posix(),
                imported_at=now,
                sha256=result.sha256,
                edition_date=result.edition_date,
                format=result.format,
                entries=result.entries,
                names=result.names,
                records=result.records,
                skipped=len(result.skipped),
                lists=dict(result.lists),
                enabled=enabled,
                changed_at=now,
                edition_source=result.edition_source,
                parties=chosen or kept_parties,
                parties_found=dict(result.parties),
                companions=[c.as_posix() for c in companions],
            )
            records.append(record)
            self._write_index(records)
            result.watchlist.name = list_name
            self._write_cache(result.sha256, result.watchlist)
            self._loaded[result.sha256] = result.watchlist
        return record

    def replace(self, name: str, path: str | Path, *, confirmed: bool = False) -> ListRecord:
        """Replace the active list `name` by a newer file (the old edition's record is kept, superseded).

        Raises:
            ReplaceNeedsConfirmation: the file is an older or much smaller edition and `confirmed` is False.
            ValueError: no such list, or the file cannot be imported.
        """
        return self.import_file(path, name=self.record(name).name, replace=confirmed)

    def set_parties(self, name: str, parties: Iterable[str]) -> ListRecord:
        """Choose which kinds of party of the active list `name` screening uses (see PARTIES).

        Raises:
            ListStoreError: no such list, or an unknown party kind.
        """
        chosen = check_parties(parties)
        with self._changing():
            records = self._read_index()
            r = _find_active(records, name)
            r.parties = chosen
            r.changed_at = _now()
            self._write_index(records)
            return r

    def set_enabled(self, name: str, enabled: bool) -> ListRecord:
        """Enable or disable the active list `name` for screening.

        Raises:
            ListStoreError: no such list.
        """
        with self._changing():
            records = self._read_index()
            r = _find_active(records, name)
            r.enabled = bool(enabled)
            r.changed_at = _now()
            self._write_index(records)
            return r

    def remove(self, name: str) -> ListRecord:
        """Stop keeping the active list `name`: its copy and cache are deleted, its record stays as "removed".

        Raises:
            ListStoreError: no such list.
        """
        with self._changing():
            records = self._read_index()
            r = _find_active(records, name)
            r.status = "removed"
            r.enabled = False
            r.changed_at = _now()
            self._write_index(records)
            still_used = {f for x in records if x.status != "removed" for f in (x.stored_file, *x.companions)}
            for kept_file in (r.stored_file, *r.companions):
                if kept_file not in still_used:
                    (self.root / kept_file).unlink(missing_ok=True)
            self._cache_file(r.sha256).unlink(missing_ok=True)
            self._loaded.pop(r.sha256, None)
            return r

    # ------------------------------------------------------------------------------------------ loading
    def _write_cache(self, sha256: str, watchlist: Watchlist) -> None:
        # The cache only saves time: when it cannot be written, the list is parsed again next time.
        with contextlib.suppress(OSError):
            atomic_write_bytes(
                self._cache_file(sha256), pickle.dumps(watchlist, protocol=pickle.HIGHEST_PROTOCOL)
            )

    def _read_cache(self, sha256: str) -> Watchlist | None:
        path = self._cache_file(sha256)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            # Only our own files in the app's data folder are unpickled (written by _write_cache).
            from guiapp.gcpause import gc_paused

            with gc_paused(freeze=True):
                watchlist = pickle.loads(data)  # noqa: S301
        except Exception:  # a stale or damaged cache is parsed again from the kept file
            return None
        if not isinstance(watchlist, Watchlist) or watchlist.sha256 != sha256:
            return None
        return watchlist

    def watchlist(self, record: ListRecord) -> Watchlist:
        """The Watchlist of a kept list (from the cache when it is there; parsed and cached otherwise).

        Raises:
            ValueError: the kept file is missing or changed (one line naming it and what to do).
        """
        with self._lock:
            cached = self._loaded.get(record.sha256)
            if cached is None:
                cached = self._read_cache(record.sha256)
            if cached is None:
                path = self.root / record.stored_file
                if not path.is_file():
                    raise ListStoreError(
                        f"{record.name}: its file {path} is missing; import {record.file_name} again"
                    )
                result = import_list(path)
                if result.sha256 != record.sha256:
                    raise ListStoreError(
                        f"{record.name}: its file {path} changed since it was imported; import it again"
                    )
                cached = result.watchlist
                self._write_cache(record.sha256, cached)
            cached.name = record.name
            cached.source = record.file_name
            cached.imported_at = record.imported_at
            if record.edition_date:
                cached.date = cached.version = record.edition_date
            self._loaded[record.sha256] = cached
            return cached

    def screened_watchlist(self, record: ListRecord) -> Watchlist:
        """The part of a kept list screening uses: its entries of the record's party kinds."""
        whole = self.watchlist(record)
        key = f"{record.sha256}:{','.join(record.parties)}"
        with self._lock:
            cached = self._loaded.get(key)
            if cached is None or cached.name != whole.name:
                cached = with_parties(whole, record.parties)
                self._loaded[key] = cached
            return cached

    def enabled_watchlists(self, include_builtin: bool = True) -> list[Watchlist]:
        """The lists screening uses: the built-in list, every enabled kept list and the private list.

        Raises:
            ValueError: a kept list cannot be loaded (one line naming it).
        """
        lists: list[Watchlist] = [load_builtin()] if include_builtin else []
        lists.extend(self.screened_watchlist(r) for r in self.records() if r.enabled)
        private = self.private_watchlist()
        if private.entities:
            lists.append(private)
        return lists

    # ------------------------------------------------------------------------------------------ private list
    def private_watchlist(self) -> Watchlist:
        """The private list ("My entries"); empty when nothing was added yet."""
        with self._lock:
            if self.private_file.is_file():
                try:
                    return load_json(self.private_file, source=PRIVATE_LIST_NAME)
                except ValueError as exc:
                    raise ListStoreError(
                        f"{self.private_file}: the private list cannot be read ({exc}); move it away to start afresh"
                    ) from exc
            return Watchlist(
                name=PRIVATE_LIST_NAME, version="", date="", sha256="", source=PRIVATE_LIST_NAME, entities=[]
            )

    def _save_private(self, entities: Iterable[Entity]) -> Watchlist:
        entities = list(entities)
        doc = {
            "format": "bom-auditor-watchlist/1",
            "name": PRIVATE_LIST_NAME,
            "version": _dt.date.today().isoformat(),
            "date": _dt.date.today().isoformat(),
            "description": "Entries and aliases added by the person using this computer.",
            "entities": [entity_to_json(e) for e in entities],
        }
        atomic_write_text(self.private_file, json.dumps(doc, indent=1, ensure_ascii=False))
        return self.private_watchlist()

    def add_private_entry(
        self,
        name: str,
        aliases: Sequence[str] = (),
        lists: Sequence[str] = (PRIVATE_LIST_CODE,),
        country: str = "",
        notes: str = "",
        citation: str = "",
    ) -> Entity:
        """Add an entry to the private list.

        Args:
            name: the company's name.
            aliases: other names.
            lists: list codes to record (default "MY-ENTRIES").
            country: country code(s).
            notes: why it is on the list.
            citation: where the reason is documented (default: "Added to My entries on <date>").

        Returns:
            The new entry.

        Raises:
            ListStoreError: the name is empty.
        """
        name = name.strip()
        if not name:
            raise ListStoreError("a private entry needs a name")
        with self._changing():
            entities = list(self.private_watchlist().entities)
            used = {e.id for e in entities}
            base = "MY-" + (re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-")[:40] or "ENTRY")
            entity_id, n = base, 2
            while entity_id in used:
                entity_id, n = f"{base}-{n}", n + 1
            today = _dt.date.today().isoformat()
            entity = Entity(
                id=entity_id,
                name=name,
                lists=tuple(ListEntry(code.strip(), today) for code in lists if code.strip()),
                country=country.strip(),
                citation=citation.strip() or f"Added to {PRIVATE_LIST_NAME} on {today}",
                confidence="high",
                aliases=tuple(Alias(a.strip(), "short") for a in aliases if a.strip()),
                notes=notes.strip(),
            )
            self._save_private([*entities, entity])
        return entity

    def add_private_alias(self, target: Entity, alias: str, notes: str = "") -> Entity:
        """Add a private alias to an entry of any list (the built-in file is never changed).

        The alias is kept in the private list under the target's id, name and lists, so a hit on the alias
        reads as a hit on the target, and the same cell matching the target's own name is one finding.

        Args:
            target: the entry the alias belongs to (from the built-in, an imported or the private list).
            alias: the other name.
            notes: why it was added.

        Returns:
            The private list's entry holding the alias.

        Raises:
            ListStoreError: the alias is empty.
        """
        alias = alias.strip()
        if not alias:
            raise ListStoreError("an alias needs a name")
        today = _dt.date.today().isoformat()
        with self._changing():
            entities = list(self.private_watchlist().entities)
            for i, e in enumerate(entities):
                if e.id == target.id:
                    if any(a.name.casefold() == alias.casefold() for a in e.aliases) or e.name == alias:
                        return e
                    updated = dataclasses.replace(e, aliases=(*e.aliases, Alias(alias, "short")))
                    entities[i] = updated
                    self._save_private(entities)
                    return updated
            entity = Entity(
                id=target.id,
                name=target.name,
                lists=target.lists,
                country=target.country,
                citation=f"Private alias added on {today}; the entry: {target.citation}",
                confidence=target.confidence,
                scope_note=target.scope_note,
                aliases=(Alias(alias, "short"),),
                derive_core=False,
                notes=("Private alias. " + notes.strip()).strip(),
            )
            self._save_private([*entities, entity])
        return entity

    def remove_private_entry(self, entity_id: str) -> None:
        """Remove an entry (or a target's private aliases) from the private list.

        Raises:
            ListStoreError: no such entry.
        """
        with self._changing():
            entities = list(self.private_watchlist().entities)
            kept = [e for e in entities if e.id != entity_id]
            if len(kept) == len(entities):
                raise ListStoreError(f"no private entry with id {entity_id!r}")
            self._save_private(kept)
