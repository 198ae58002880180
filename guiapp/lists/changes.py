"""What changed between two editions of a watchlist: entries added, removed and changed, by entity id.

Qt-free and independent of the list's format: every field of an entry is compared, so a reader that adds a
field (addresses, a Federal Register citation, a party type) is covered without a change here. The fields are
reported in the words a reviewer uses: names, aliases, addresses, country, programme, dates, lists, ...
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from guiapp.gcpause import gc_paused
from guiapp.lists.watchlist import Entity, Watchlist

#: Entry field -> the word a reviewer reads. Fields not named here are reported by their own name; a field
#: whose name holds "date", "program" or "address" is reported as dates, programme or addresses.
_FIELD_WORDS: dict[str, str] = {
    "name": "names",
    "aliases": "aliases",
    "country": "country",
    "parent_id": "parent",
    "relationship": "parent",
    "citation": "citation",
    "scope_note": "scope",
    "notes": "notes",
    "patterns": "part-number patterns",
    "confidence": "confidence",
    "review": "review level",
    "near_miss": "near misses",
    "matchable": "matchable",
    "derive_core": "core name",
}
#: The order categories are listed in (others follow alphabetically).
CATEGORY_ORDER: tuple[str, ...] = (
    "names",
    "aliases",
    "addresses",
    "country",
    "lists",
    "programme",
    "dates",
    "parent",
    "citation",
    "scope",
    "notes",
)


def _category(field_name: str) -> str:
    word = _FIELD_WORDS.get(field_name)
    if word:
        return word
    lowered = field_name.lower()
    if "date" in lowered:
        return "dates"
    if "program" in lowered:
        return "programme"
    if "address" in lowered:
        return "addresses"
    return lowered.replace("_", " ")


def _text(value: Any) -> str:
    """A short, order-independent text of a field's value for "before -> after" lines."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = getattr(value, "name", None)
        if isinstance(name, str):  # an alias reads as its name
            return name
        return ", ".join(
            _text(getattr(value, f.name)) for f in dataclasses.fields(value) if getattr(value, f.name)
        )
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0])))
    if isinstance(value, Iterable):
        return "; ".join(sorted({_text(v) for v in value} - {""}))
    return str(value)


def _comparable(value: Any) -> Any:
    """Order of aliases, lists and addresses is not a change; their content is."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return frozenset(_comparable(v) for v in value)
    if isinstance(value, dict):
        return frozenset((k, _comparable(v)) for k, v in value.items())
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def _list_parts(entity: Entity) -> dict[str, tuple[frozenset, str]]:
    """An entry's list memberships split into what a reviewer asks about: which lists, programmes, dates."""
    entries = getattr(entity, "lists", ()) or ()
    codes = frozenset(e.code for e in entries)
    programmes = frozenset(" ".join(e.note.split()) for e in entries if e.note)
    dates = frozenset(f"{e.code} {e.date}" for e in entries if e.date)
    return {
        "lists": (codes, "; ".join(sorted(codes))),
        "programme": (programmes, "; ".join(sorted(programmes))),
        "dates": (dates, "; ".join(sorted(dates))),
    }


@dataclass(frozen=True)
class FieldChange:
    """One changed aspect of an entry: the category and its value before and after, as text."""

    category: str
    before: str
    after: str


@dataclass(frozen=True)
class EntryChange:
    """An entry on both editions whose content differs.

    Attributes:
        entity_id: the entry's id (the same in both editions).
        old: the entry as it was.
        new: the entry as it is now.
        fields: what changed, in CATEGORY_ORDER (names, aliases, addresses, country, programme, dates, ...).
    """

    entity_id: str
    old: Entity
    new: Entity
    fields: tuple[FieldChange, ...]

    @property
    def categories(self) -> tuple[str, ...]:
        """The changed categories, e.g. ("names", "aliases")."""
        return tuple(f.category for f in self.fields)


@dataclass(frozen=True)
class ListChanges:
    """What changed between two editions of one list.

    Attributes:
        old_label: the old edition's name and date.
        new_label: the new edition's name and date.
        added: entries only in the new edition.
        removed: entries only in the old edition.
        changed: entries in both whose content differs.
        unchanged: how many entries are the same in both.
    """

    old_label: str
    new_label: str
    added: tuple[Entity, ...] = ()
    removed: tuple[Entity, ...] = ()
    changed: tuple[EntryChange, ...] = ()
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        """True when the editions hold the same entries."""
        return not (self.added or self.removed or self.changed)

    def counts_text(self) -> str:
        """ "3 added, 1 removed, 2 changed, 16,000 unchanged"."""
        return (
            f"{len(self.added):,} added, {len(self.removed):,} removed, {len(self.changed):,} changed, "
            f"{self.unchanged:,} unchanged"
        )

    def summary_lines(self, max_examples: int = 10) -> list[str]:
        """The changes as plain lines (the CLI prints them; the window shows the same)."""
        lines = [f"{self.old_label} -> {self.new_label}: {self.counts_text()}"]

        def some(items: tuple, render) -> None:
            for item in items[:max_examples]:
                lines.append(render(item))
            if len(items) > max_examples:
                lines.append(f"    ... and {len(items) - max_examples:,} more")

        if self.added:
            lines.append("  added:")
            some(self.added, lambda e: f"    + {e.name} [{e.id}]")
        if self.removed:
            lines.append("  removed:")
            some(self.removed, lambda e: f"    - {e.name} [{e.id}]")
        if self.changed:
            lines.append("  changed:")

            def render(c: EntryChange) -> str:
                parts = []
                for f in c.fields:
                    if f.category in ("names", "country"):
                        parts.append(f"{f.category}: '{_clip(f.before)}' -> '{_clip(f.after)}'")
                    else:
                        parts.append(f.category)
                return f"    ~ {c.new.name} [{c.entity_id}]: " + ", ".join(parts)

            some(self.changed, render)
        return lines

    def to_json(self) -> dict:
        """As plain data: ids and names of added and removed entries, and per changed entry its fields."""
        return {
            "old": self.old_label,
            "new": self.new_label,
            "added": [{"id": e.id, "name": e.name} for e in self.added],
            "removed": [{"id": e.id, "name": e.name} for e in self.removed],
            "changed": [
                {
                    "id": c.entity_id,
                    "name": c.new.name,
                    "fields": [{"field": f.category, "before": f.before, "after": f.after} for f in c.fields],
                }
                for c in self.changed
            ],
            "unchanged": self.unchanged,
        }


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _order(category: str) -> tuple[int, str]:
    try:
        return CATEGORY_ORDER.index(category), category
    except ValueError:
        return len(CATEGORY_ORDER), category


def entry_changes(old: Entity, new: Entity) -> tuple[FieldChange, ...]:
    """What differs between two versions of one entry, by category (empty when nothing does).

    Every dataclass field of the entry is compared except its id; the list memberships are split into the
    lists, programmes and dates they carry.
    """
    found: dict[str, FieldChange] = {}
    names = [f.name for f in dataclasses.fields(old)] if dataclasses.is_dataclass(old) else []
    for name in names:
        if name in ("id", "lists"):
            continue
        before, after = getattr(old, name, None), getattr(new, name, None)
        if _comparable(before) == _comparable(after):
            continue
        category = _category(name)
        prior = found.get(category)
        b, a = _text(before), _text(after)
        if prior is not None:
            b, a = f"{prior.before} | {b}", f"{prior.after} | {a}"
        found[category] = FieldChange(category, b, a)
    old_parts, new_parts = _list_parts(old), _list_parts(new)
    for category, (value, text) in old_parts.items():
        new_value, new_text = new_parts[category]
        if value != new_value and category not in found:
            found[category] = FieldChange(category, text, new_text)
    return tuple(sorted(found.values(), key=lambda f: _order(f.category)))


_SUFFIX = re.compile(r"-\d+$")


def _groups(old: Watchlist, new: Watchlist) -> dict[str, tuple[list[Entity], list[Entity]]]:
    """Entries of both editions grouped by their base id.

    An importer that meets one id twice in a file keeps the first and numbers the others by their row
    ("X", "X-1234"); a row inserted above them shifts those numbers in the next edition. So an id "X-<n>" whose
    "X" is also an id belongs to the group "X", and entries inside a group are paired by content, not by number.
    """
    ids = {e.id for e in old.entities} | {e.id for e in new.entities}
    groups: dict[str, tuple[list[Entity], list[Entity]]] = {}
    for side, entities in ((0, old.entities), (1, new.entities)):
        for e in entities:
            base = _SUFFIX.sub("", e.id)
            key = base if base != e.id and base in ids else e.id
            groups.setdefault(key, ([], []))[side].append(e)
    return groups


def _without_id(entity: Entity) -> Entity:
    return dataclasses.replace(entity, id="")


def _pair(
    olds: list[Entity], news: list[Entity]
) -> tuple[list[tuple[Entity, Entity]], list[Entity], list[Entity]]:
    """Pair the entries of one id group: same content first, then same id, then same name, then what is left
    one to one. Returns the pairs and the unpaired old (removed) and new (added) entries."""
    if len(olds) == 1 and len(news) == 1:
        return [(olds[0], news[0])], [], []
    olds, news = list(olds), list(news)
    pairs: list[tuple[Entity, Entity]] = []
    for same in (_without_id, lambda e: e.id, lambda e: e.name):
        wanted: dict[object, list[Entity]] = {}
        for n in news:
            wanted.setdefault(same(n), []).append(n)
        rest = []
        for o in olds:
            candidates = wanted.get(same(o))
            if candidates:
                n = candidates.pop(0)
                news.remove(n)
                pairs.append((o, n))
            else:
                rest.append(o)
        olds = rest
    if len(olds) == 1 and len(news) == 1:
        pairs.append((olds[0], news[0]))
        olds, news = [], []
    return pairs, olds, news


def diff_watchlists(old: Watchlist, new: Watchlist) -> ListChanges:
    """Compare two editions of a list entry by entry, matched by entity id.

    Args:
        old: the edition kept so far.
        new: the edition that replaces it.

    Returns:
        The entries added, removed and changed (with which fields), and how many are unchanged.
    """
    # Two editions of a big list are a few hundred thousand objects: a collection pass in the middle of the
    # comparison walks all of them for nothing (it cost more than the comparison on the CSL).
    with gc_paused():
        return _diff(old, new)


def _diff(old: Watchlist, new: Watchlist) -> ListChanges:
    added: list[Entity] = []
    removed: list[Entity] = []
    changed: list[EntryChange] = []
    unchanged = 0
    for olds, news in _groups(old, new).values():
        pairs, gone, came = _pair(olds, news)
        removed += gone
        added += came
        for old_entity, new_entity in pairs:
            same = (
                old_entity == new_entity
                if old_entity.id == new_entity.id
                else _without_id(old_entity) == _without_id(new_entity)
            )
            fields = () if same else entry_changes(old_entity, new_entity)
            if fields:
                changed.append(EntryChange(new_entity.id, old_entity, new_entity, fields))
            else:
                unchanged += 1
    return ListChanges(
        old_label=old.label,
        new_label=new.label,
        added=tuple(added),
        removed=tuple(removed),
        changed=tuple(changed),
        unchanged=unchanged,
    )
