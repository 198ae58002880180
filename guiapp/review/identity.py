"""Identity of findings and list entries: normalised cell text, entry fingerprints, UTC time stamps.

A decision is tied to what it was about: the cell text (normalised) and the list entry as it was (a
fingerprint of every field). Shared by the session, decision memory and carry-over.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from guiapp.model import Match


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
    if dataclasses.is_dataclass(entity) and not isinstance(entity, type):
        # A field marked "when set" was added later: left out while it holds its default (empty, or the
        # default kind of party), so old fingerprints still hold.
        # A field marked "no" (an identifier such as the list's entry number) is never counted.
        names = [
            f.name
            for f in dataclasses.fields(entity)
            if f.metadata.get("fingerprint") != "no"
            and (
                f.metadata.get("fingerprint") != "when set"
                or getattr(entity, f.name, None) not in ("", None, f.default)
            )
        ]
    else:
        names = list(_FINGERPRINT_FALLBACK)
    return _sha(f"{attr}:{_strings(getattr(entity, attr, None))}" for attr in names)


def match_fingerprint(match: Match) -> str:
    """Fallback fingerprint when the list entry itself is not at hand: what the hit says about it."""
    return _sha([match.entity_id, match.entity, match.parent_id, match.watchlist, *sorted(match.lists)])


def fingerprint_for(match: Match, fingerprints: Mapping[str, str]) -> str:
    """The fingerprint of the entry behind a match: from the lists' map, else what the match says."""
    return fingerprints.get(match.entity_id) or match_fingerprint(match)


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


#: Headers of the columns that name a BOM line (reference designator, item or position number).
_LINE_HEADER = re.compile(
    r"^\s*(ref(erence)?s?\b|ref\.?\s*des|designator|designation|item\b|item\s*(no|#|number)|pos(ition)?\b|"
    r"line\b|line\s*(no|#)|part\s*ref|位号|位置|序号|項目|位置番号|Bezeichner|Position)",
    re.IGNORECASE,
)


def line_identity(sheet: Any, row: int, cell_text: str) -> str:
    """Which BOM line a finding is on, independent of where the row sits: a short hash of the line's
    reference designator / item / position columns, its part-number columns and the finding's cell text.

    A decision carries to the same line in a new revision (moved rows included), never to a new line that
    merely repeats the decided text; a line whose designator or part number changed is a new line.
    """
    mapping = getattr(sheet, "mapping", None)
    values = sheet.row_values(row) if sheet is not None else []
    cols: list[int] = []
    if mapping is not None:
        cols += [c for c, text in sorted(mapping.headers.items()) if _LINE_HEADER.search(text or "")]
        cols += [c for c in mapping.columns.get("part_number", []) if c not in cols]
    parts = [normalize_value(values[c]) if 0 <= c < len(values) else "" for c in cols]
    return _sha([normalize_value(cell_text), *parts])
