"""Part-number patterns: each listed maker's anchored regexes, with the context words some of them need.

PartNumberPatterns compiles the patterns of every matchable entry once and searches a value with them. A
pattern that needs a context word (a maker's name such as 'Hytera') which the value itself lacks leaves its
hit pending (with context_mode "review" it still reports a review-level match); given the row's other text
later, context_matches() turns the pending hits whose word the row holds into matches. Each reason names the
maker's short name, the pattern's label and the context word found or missing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from guiapp.lists.watchlist import Entity, PartPattern, Watchlist
from guiapp.matching.normalize import SOFT_HYPHEN, ZERO_WIDTH, Normalized, has_cjk, normalize
from guiapp.matching.reasons import replace_match
from guiapp.matching.scoring import PATTERN_SCORES
from guiapp.model import Match


class PartNumberPatterns:
    """The part-number patterns of some watchlists, in list order.

    Args:
        watchlists: the lists whose matchable entries' patterns are compiled.
    """

    def __init__(self, watchlists: Sequence[Watchlist]) -> None:
        self.entries: list[tuple[Entity, Entity, Watchlist, PartPattern, re.Pattern[str]]] = []
        for wl in watchlists:
            for entity in wl.entities:
                if not entity.matchable or not entity.patterns:
                    continue
                parent = wl.top_parent(entity)
                for pattern in entity.patterns:
                    self.entries.append((entity, parent, wl, pattern, pattern.compiled()))

    def matches(self, value: str) -> tuple[list[Match], list[tuple[int, str]]]:
        """The pattern matches of a value, and the (pattern index, hit) pairs waiting for a context word."""
        out: list[Match] = []
        pending: list[tuple[int, str]] = []
        norm = normalize(value)
        text = _pattern_text(value)
        lowered = norm.folded
        for k, (entity, parent, wl, pattern, rx) in enumerate(self.entries):
            found = rx.search(text)
            if not found:
                continue
            hit = found.group(0)
            context_ok = not pattern.context or any(_has_word(lowered, c) for c in pattern.context)
            if not context_ok:
                pending.append((k, hit))
                if pattern.context_mode != "review":
                    continue
            out.append(self._pattern_match(entity, parent, wl, pattern, hit, value, context_ok, norm))
        return out, pending

    def _pattern_match(
        self,
        entity: Entity,
        parent: Entity,
        wl: Watchlist,
        pattern: PartPattern,
        hit: str,
        value: str,
        context_ok: bool,
        norm: Normalized,
    ) -> Match:
        label = pattern.label or f"part-number pattern {pattern.regex}"
        owner = entity.name if entity.id == parent.id else f"{entity.name} ({parent.name})"
        short_owner = _display_short(entity)
        reason = f"'{hit}' fits {short_owner}'s {label}"
        review = pattern.confidence == "low" or entity.review or entity.confidence == "low"
        if pattern.context:
            if context_ok:
                reason += f"; '{_first_context(norm.folded, pattern.context)}' appears with it"
            else:
                review = True
                reason += f"; no {' / '.join(pattern.context[:2])} in the row, so check the maker"
        reason += f" [{owner}]"
        if review:
            reason += " (review: weak pattern or unverified data)"
        score = PATTERN_SCORES.get(pattern.confidence, 75.0)
        if not context_ok:
            score = min(score, 70.0)
        return Match(
            entity_id=entity.id,
            entity=entity.name,
            parent_id=parent.id,
            parent=parent.name,
            matched_name=pattern.label or pattern.regex,
            lists=entity.list_codes or parent.list_codes,
            method="part_number",
            score=score,
            reason=reason,
            confidence=pattern.confidence,
            review=review,
            normalized_value=hit,
            normalized_name=pattern.regex,
            watchlist=wl.label,
        )

    def context_matches(self, value: str, context: str, pending: list[tuple[int, str]]) -> list[Match]:
        """The waiting pattern hits of a value (from matches()) whose context word the row's text holds."""
        ctx = normalize(context).folded
        out = []
        norm = normalize(value)
        for k, hit in pending:
            entity, parent, wl, pattern, _ = self.entries[k]
            if any(_has_word(ctx, c) for c in pattern.context):
                m = self._pattern_match(entity, parent, wl, pattern, hit, value, True, norm)
                word = _first_context(ctx, pattern.context)
                out.append(
                    replace_match(
                        m,
                        reason=m.reason.replace("appears with it", "appears in the row").replace(
                            f"; '{_first_context(norm.folded, pattern.context)}' appears with it",
                            f"; '{word}' is in the row",
                        ),
                    )
                )
        return out


def _display_short(entity: Entity) -> str:
    for alias in entity.aliases:
        if alias.kind in ("short", "brand") and not has_cjk(alias.name):
            return alias.name
    return entity.name


def _pattern_text(value: str) -> str:
    text = "".join(c for c in value if c not in ZERO_WIDTH and c != SOFT_HYPHEN)
    return unicodedata.normalize("NFKC", text)


def _has_word(folded: str, word: str) -> bool:
    if has_cjk(word):
        return word in folded
    return re.search(rf"(?<![0-9a-z]){re.escape(word)}(?![0-9a-z])", folded) is not None


def _first_context(folded: str, words: Sequence[str]) -> str:
    for w in words:
        if _has_word(folded, w):
            return w
    return words[0] if words else ""
