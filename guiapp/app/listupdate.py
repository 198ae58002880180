"""The "Update lists" use case, once for the window and the CLI: fetch, verify and keep the official list
files (guiapp.lists.update), then say what changed and which remembered decisions that touches.

A remembered decision (guiapp.review.memory) is tied to its list entry's fingerprint: once the entry changes
or leaves the list, the decision is no longer suggested. The report names each such decision, so a reviewer
knows which earlier verdicts must be made again.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from guiapp.lists.changes import entry_changes
from guiapp.lists.sources import (
    DEFAULT_SOURCES,
    ListSource,
    configured_sources,
    find_source,
    select_sources,
)
from guiapp.lists.store import ListStore
from guiapp.lists.update import SourceOutcome, last_fetched, update_sources
from guiapp.model import CancelToken, ProgressCallback
from guiapp.review.identity import entity_fingerprint
from guiapp.review.memory import DecisionMemory
from guiapp.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TouchedDecision:
    """A remembered decision an update withdraws, because its list entry changed or left the list.

    Attributes:
        list_name: the list updated.
        entity_id: the entry's id.
        entity_name: the entry's name (as it was).
        value: the cell text the decision was taken on.
        status: the remembered decision ("confirmed" or "false_positive").
        reviewer: who took it.
        time: when.
        origin_name: the BOM it was taken in.
        why: "left the list" or "entry changed: names, aliases".
    """

    list_name: str
    entity_id: str
    entity_name: str
    value: str
    status: str
    reviewer: str
    time: str
    origin_name: str
    why: str

    def text(self) -> str:
        """One line: "'Baikal' (false_positive by Ann in x.xlsx) on BAIKAL ELECTRONICS JSC: entry changed: names"."""
        who = f" by {self.reviewer}" if self.reviewer else ""
        where = f" in {self.origin_name}" if self.origin_name else ""
        return (
            f"'{self.value}' ({self.status}{who}{where}) on {self.entity_name} [{self.entity_id}]: {self.why}"
        )

    def to_json(self) -> dict:
        """As plain data."""
        return dict(vars(self))


@dataclass
class ListUpdateReport:
    """What Update lists did: one outcome per source and the remembered decisions it withdrew."""

    outcomes: list[SourceOutcome] = field(default_factory=list)
    touched: list[TouchedDecision] = field(default_factory=list)

    @property
    def lists_changed(self) -> bool:
        """Whether any kept list got a new edition (open BOMs should be screened again)."""
        return any(o.status == "updated" for o in self.outcomes)

    @property
    def ok(self) -> bool:
        """Whether every source was updated or already current."""
        return all(o.ok for o in self.outcomes)

    def summary_lines(self, max_examples: int = 10) -> list[str]:
        """The report as plain lines (the CLI prints them; the window shows them)."""
        lines: list[str] = []
        for o in self.outcomes:
            lines.append(f"{o.source.list_name} [{o.status}]: {o.message}")
            if o.changes is not None and not o.changes.empty:
                lines += ["  " + line for line in o.changes.summary_lines(max_examples)]
        if self.touched:
            lines.append(
                f"remembered decisions withdrawn ({len(self.touched)}): decide these again when they come up"
            )
            lines += ["  " + t.text() for t in self.touched[:max_examples]]
            if len(self.touched) > max_examples:
                lines.append(f"  ... and {len(self.touched) - max_examples} more")
        return lines

    def to_json(self) -> dict:
        """As plain data for `lists update --json`."""
        return {
            "sources": [o.to_json() for o in self.outcomes],
            "withdrawn_decisions": [t.to_json() for t in self.touched],
        }


def touched_decisions(memory: DecisionMemory, outcome: SourceOutcome) -> list[TouchedDecision]:
    """The remembered decisions on entries of this list that the new edition withdraws.

    A decision counts when it was still suggested against the old edition (its fingerprint is the old entry's)
    and no longer is against the new one: the entry with its id is gone or differs.
    """
    old, new = outcome.old_watchlist, outcome.new_watchlist
    if old is None or new is None:
        return []
    out: list[TouchedDecision] = []
    for entry in memory.entries():
        before = old.entity(entry.entity_id)
        if before is None or entity_fingerprint(before) != entry.fingerprint:
            continue
        after = new.entity(entry.entity_id)
        if after is None:
            why = "left the list"
        elif entity_fingerprint(after) == entry.fingerprint:
            continue
        else:
            categories = [f.category for f in entry_changes(before, after)]
            why = "entry changed: " + (", ".join(categories) or "details")
        out.append(
            TouchedDecision(
                list_name=outcome.source.list_name,
                entity_id=entry.entity_id,
                entity_name=before.name,
                value=entry.example or entry.value,
                status=entry.status,
                reviewer=entry.reviewer,
                time=entry.time,
                origin_name=entry.origin_name,
                why=why,
            )
        )
    return out


def sources_from_settings(
    settings: Settings,
    overrides: Mapping[str, str] | None = None,
    sha256: Mapping[str, str] | None = None,
    names: Sequence[str] = (),
    defaults: Sequence[ListSource] = DEFAULT_SOURCES,
    *,
    include_disabled: bool = False,
) -> list[ListSource]:
    """The sources to update: the defaults, the addresses and switches set in Settings, then the command line's.

    Without names only the switched-on sources are returned (all of them with include_disabled); a source
    named is returned switched on or not.

    Raises:
        ValueError: a name in names is no known source.
    """
    urls = dict(settings.update_sources)
    for name, url in (overrides or {}).items():
        for known in [k for k in urls if k.casefold() == name.casefold()]:
            urls.pop(known)
        urls[name] = url
    sources = configured_sources(urls, sha256, defaults, settings.update_enabled)
    if include_disabled and not names:
        return sources
    return select_sources(sources, names)


def set_source_enabled(
    settings: Settings, name: str, enabled: bool, defaults: Sequence[ListSource] = DEFAULT_SOURCES
) -> ListSource:
    """Switch a source on or off for the updates to come (in settings; the caller saves them).

    Returns:
        The source as it is now.

    Raises:
        ValueError: no source has that key or list name.
    """
    source = find_source(sources_from_settings(settings, defaults=defaults, include_disabled=True), name)
    switches = {k: v for k, v in settings.update_enabled.items() if k.casefold() != source.key.casefold()}
    default = next((d.enabled for d in defaults if d.key.casefold() == source.key.casefold()), True)
    if enabled != default:
        switches[source.key] = enabled
    settings.update_enabled = switches
    return dataclasses.replace(source, enabled=enabled)


@dataclass(frozen=True)
class SourceState:
    """A list source as `lists sources` and the Update lists window show it.

    Attributes:
        source: the source (address and switch as configured).
        kept: the kept edition of its list ("" when none is kept).
        last_fetched: when it was last fetched and verified ("" when never, as far as this install knows).
    """

    source: ListSource
    kept: str
    last_fetched: str

    def to_json(self) -> dict:
        """As plain data for `lists sources --json`."""
        return {
            "key": self.source.key,
            "list": self.source.list_name,
            "url": self.source.url,
            "enabled": self.source.enabled,
            "formats": list(self.source.formats),
            "description": self.source.description,
            "page": self.source.page or None,
            "kept_edition": self.kept or None,
            "last_fetched": self.last_fetched or None,
        }


def source_states(settings: Settings, store: ListStore | None = None) -> list[SourceState]:
    """Every known source (switched on or not) with its kept edition and when it was last fetched."""
    store = store or ListStore()
    fetched = last_fetched(store)
    out = []
    for src in sources_from_settings(settings, include_disabled=True):
        try:
            record = store.record(src.list_name)
            kept = record.edition_date or record.imported_at[:10]
        except ValueError:
            kept = ""
        out.append(SourceState(src, kept, str(fetched.get(src.key, {}).get("time", ""))))
    return out


def run_list_update(
    sources: Sequence[ListSource],
    *,
    settings: Settings,
    store: ListStore | None = None,
    memory: DecisionMemory | None = None,
    offline: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    on_outcome: Callable[[SourceOutcome], None] | None = None,
) -> ListUpdateReport:
    """Update the kept lists from their sources and report what changed and which decisions it touches.

    Args:
        sources: what to fetch (sources_from_settings).
        settings: the proxy and timeout.
        store: the kept lists (default: the app's).
        memory: the remembered decisions (default: the app's file).
        offline: fetch nothing; report the editions kept.
        progress: progress(done, total, message) while downloading.
        cancel: stops between chunks; nothing is half-imported.
        on_outcome: called after each source.

    Returns:
        The report. Old and new entries are dropped from the outcomes once the decisions are worked out.
    """
    store = store or ListStore()
    outcomes = update_sources(
        store,
        sources,
        timeout=settings.update_timeout,
        proxy=settings.update_proxy,
        offline=offline,
        progress=progress,
        cancel=cancel,
        on_outcome=on_outcome,
    )
    report = ListUpdateReport(outcomes=outcomes)
    if any(o.status == "updated" for o in outcomes):
        memory = memory or DecisionMemory.load()
        for o in outcomes:
            report.touched += touched_decisions(memory, o)
    for o in outcomes:
        o.old_watchlist = o.new_watchlist = None
    log.info(
        "lists update: %s; %d remembered decision(s) withdrawn",
        ", ".join(f"{o.source.key} {o.status}" for o in outcomes) or "no sources",
        len(report.touched),
    )
    return report
