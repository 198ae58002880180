"""What the report says about each matched list entry: the evidence an examiner checks a finding against.

A hit names its entry by id and the list edition it came from (``Match.watchlist``); the entry's own fields
(its programmes with their start dates, the Federal Register citation, the source URL, when the list was
imported) live in the :class:`~guiapp.lists.watchlist.Watchlist`. :func:`entry_evidence` looks them up once
per report, for the entries that were hit, so the report stands alone without the app or the list file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from guiapp.lists.watchlist import Entity, Watchlist
from guiapp.model import Hit

#: An entry is known by the list edition it came from and its id (two lists may use the same id).
EntryKey = tuple[str, str]

_URL = re.compile(r"https?://[^\s;,)]+|\b(?:[a-z0-9-]+\.)+(?:gov|int|org|eu|uk)(?:/[^\s;,)]*)?", re.I)
_FR = re.compile(r"\b\d{1,3} FR \d{3,6}\b")


@dataclass(frozen=True)
class Listing:
    """One programme the entry is on: the list code, the programme or scope words, and since when."""

    code: str
    programme: str = ""
    start_date: str = ""
    via_affiliate: bool = False
    #: The listing belongs to the entry's listed parent (the entry itself is a brand or subsidiary).
    via_parent: str = ""

    def text(self) -> str:
        """One line: "BIS-EL, Entity List programme, since 2019-10-09 (through parent X)"."""
        parts = [self.code]
        if self.programme:
            parts.append(self.programme)
        parts.append(f"since {self.start_date}" if self.start_date else "start date not given")
        line = ", ".join(parts)
        if self.via_affiliate:
            line += " (covered as an affiliate, not named)"
        if self.via_parent:
            line += f" (through its listed parent {self.via_parent})"
        return line


@dataclass(frozen=True)
class EntryEvidence:
    """The list entry behind a finding, as the report shows it.

    Attributes:
        entity_id: the entry's id in its list.
        name: the entry's name as listed.
        parent: the listed parent's name ("" for a listed entity itself).
        watchlist: the list with its edition, e.g. "Consolidated Screening List (2026-11-20)".
        source: where the list came from ("built-in", or the imported file's name).
        imported_at: when the list was imported into the app ("" for the built-in list).
        listings: the programmes the entry is on, with their start dates.
        citation: where the listing is documented, as the list gives it.
        federal_register: Federal Register citations found in it ("84 FR 54002").
        urls: source addresses found in it.
        country: the entry's country code(s).
        scope: what the listing restricts, as the list says.
    """

    entity_id: str
    name: str
    parent: str
    watchlist: str
    source: str
    imported_at: str
    listings: tuple[Listing, ...]
    citation: str
    federal_register: tuple[str, ...]
    urls: tuple[str, ...]
    country: str
    scope: str


def _listings(watchlist: Watchlist, entity: Entity) -> tuple[Listing, ...]:
    own = tuple(Listing(x.code, x.note, x.date, x.via_affiliate) for x in entity.lists)
    if own:
        return own
    parent = watchlist.top_parent(entity)
    return tuple(Listing(x.code, x.note, x.date, x.via_affiliate, parent.name) for x in parent.lists)


def _evidence(watchlist: Watchlist, entity: Entity) -> EntryEvidence:
    parent = watchlist.top_parent(entity)
    return EntryEvidence(
        entity_id=entity.id,
        name=entity.name,
        parent=parent.name if parent.id != entity.id else "",
        watchlist=watchlist.label,
        source=watchlist.source,
        imported_at=watchlist.imported_at,
        listings=_listings(watchlist, entity),
        citation=entity.citation,
        federal_register=tuple(dict.fromkeys(_FR.findall(entity.citation))),
        urls=tuple(dict.fromkeys(u.rstrip(".") for u in _URL.findall(entity.citation))),
        country=entity.country,
        scope=entity.scope_note,
    )


def entry_key(hit: Hit) -> EntryKey:
    """The key of a hit's entry in :func:`entry_evidence`'s answer."""
    return (hit.match.watchlist, hit.match.entity_id)


def entry_evidence(watchlists: Sequence[Watchlist], hits: Iterable[Hit]) -> dict[EntryKey, EntryEvidence]:
    """The evidence of every entry the hits matched, keyed by :func:`entry_key`.

    Only the list edition a hit came from answers for it: an entry whose edition is not among ``watchlists``
    (the lists changed since screening) is left out, and the report says its evidence is not at hand rather
    than show another edition's fields.
    """
    by_label = {w.label: w for w in watchlists}
    out: dict[EntryKey, EntryEvidence] = {}
    for hit in hits:
        key = entry_key(hit)
        if key in out:
            continue
        watchlist = by_label.get(hit.match.watchlist)
        entity = watchlist.entity(hit.match.entity_id) if watchlist is not None else None
        if watchlist is not None and entity is not None:
            out[key] = _evidence(watchlist, entity)
    return out
