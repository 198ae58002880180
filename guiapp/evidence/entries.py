"""What the report says about each matched list entry: the evidence an examiner checks a finding against.

A hit names its entry by id and the list edition it came from (``Match.watchlist``); the entry's own fields
(its programmes with their start dates, the Federal Register citation, the source URL, when the list was
imported) live in the :class:`~guiapp.lists.watchlist.Watchlist`. :func:`entry_evidence` looks them up once
per report, for the entries that were hit, so the report stands alone without the app or the list file.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

from guiapp.lists.watchlist import Entity, Watchlist
from guiapp.model import EntryEvidence, FileResult, Hit, Listing, Match

__all__ = ["EntryEvidence", "EntryKey", "Listing", "attach_entry_evidence", "entry_evidence", "entry_key"]

#: An entry is known by the list edition it came from and its id (two lists may use the same id).
EntryKey = tuple[str, str]

_URL = re.compile(r"https?://[^\s;,)]+|\b(?:[a-z0-9-]+\.)+(?:gov|int|org|eu|uk)(?:/[^\s;,)]*)?", re.I)
# "84 FR 54002", "68 F.R. 38290 6/27/03" (the BIS lists' form, with the date) and "Vol. 88, No. 151, 08/08/2023".
_FR = re.compile(
    r"\b\d{1,3}\s?F\.?\s?R\.?\s\d{1,6}\b(?:,?\s\d{1,2}/\d{1,2}/\d{2,4}\b)?"
    r"|\bVol\.\s?\d{1,3},\s?No\.\s?\d{1,4}(?:,\s?\d{1,2}/\d{1,2}/\d{2,4}\b)?"
)


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
        entity_number=entity.number,
        list_name=watchlist.name,
        edition=watchlist.edition,
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
        if hit.match.entry is not None:  # attached when the hit was screened, from its own list edition
            out[key] = hit.match.entry
            continue
        watchlist = by_label.get(hit.match.watchlist)
        entity = watchlist.entity(hit.match.entity_id) if watchlist is not None else None
        if watchlist is not None and entity is not None:
            out[key] = _evidence(watchlist, entity)
    return out


def attach_entry_evidence(result: FileResult, watchlists: Sequence[Watchlist]) -> FileResult:
    """Give every hit of a screened file its list entry's evidence (``Match.entry``), in place.

    Done once per file, for the entries hit, from the list edition each hit came from; a hit whose edition is
    not among ``watchlists`` keeps ``entry`` None (the views then say the evidence is not at hand).
    """
    by_label = {w.label: w for w in watchlists}
    found: dict[EntryKey, EntryEvidence | None] = {}
    # Hits of one value share one Match object (the matcher caches per value): replace each once.
    replaced: dict[int, Match] = {}
    hits: list[Hit] = []
    for hit in result.hits:
        m = hit.match
        new = replaced.get(id(m))
        if new is None:
            key = entry_key(hit)
            if key not in found:
                watchlist = by_label.get(key[0])
                entity = watchlist.entity(key[1]) if watchlist is not None else None
                found[key] = _evidence(watchlist, entity) if watchlist and entity else None
            new = dataclasses.replace(m, entry=found[key]) if found[key] is not None else m
            replaced[id(m)] = new
        hits.append(hit if new is m else dataclasses.replace(hit, match=new))
    result.hits = hits
    return result
