"""One matchable name of a listed entity, normalised once when the name index is built.

An IndexedName ties a name (canonical or legal name, alias, brand, Chinese name, or a derived core name) to
its entity, the entity's top listed parent and its watchlist, and keeps what every comparison needs
precomputed: the normalised text, the tokens with abbreviations folded, their compact key, the token weights
and which tokens are numbers. The name index builds them; scoring and the reason texts read them.
"""

from __future__ import annotations

from dataclasses import dataclass

from guiapp.lists.watchlist import Entity, Watchlist
from guiapp.matching.normalize import Normalized


@dataclass
class IndexedName:
    """One matchable name of an entity, normalised once at index time."""

    entity: Entity
    parent: Entity
    watchlist: Watchlist
    text: str
    kind: str  # canonical, legal, short, former, cjk, brand, trade, core
    norm: Normalized
    tokens: tuple[str, ...]  # canonicalised (abbreviations folded)
    key: str  # compact key of tokens
    confidence: str
    review: bool
    method: str  # "exact" or "alias"
    cjk: bool = False
    mentionable: bool = False
    weights: tuple[float, ...] = ()
    weight_total: float = 1.0
    numbers: frozenset[int] = frozenset()
