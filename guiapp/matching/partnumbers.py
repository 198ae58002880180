"""Part-number patterns: each listed maker's anchored regexes, with the context words some of them need.

PartNumberPatterns compiles the patterns of every matchable entry once and searches a value with them. A
pattern that needs a context word (a maker's name such as 'Hytera') which the value itself lacks leaves its
hit pending (with context_mode "review" it still reports a review-level match); given the row's other text
later, context_matches() turns the pending hits whose word the row holds into matches. Each reason names the
maker's short name, the pattern's label and the context word found or missing.

Separators are folded: every dash (en, em, minus, non-breaking hyphen ...) reads as a hyphen, and each
pattern is compiled a second time with its hyphens loosened to "a hyphen, space, dot, slash or nothing", so
DS2CD2143G2I and DS 2CD2143G2 I fit the pattern written DS-2CD... Whether a pattern's hyphen is what tells it
from other makers' parts is measured on the pattern's own counter-examples: when the loosened pattern takes
one of them (the Hikvision DS- pattern without its hyphen takes Maxim's DS3231MZ+), the shape of that
counter-example (its runs of letters and digits: DS3231MZ is letters-digits-letters) is what the hyphen
stands between; a value that fits only without its separators and has such a shape (DS1307Z) is left alone,
while one of another shape (DS2CD2143G2I: letters, digits, letters, digits ...) is a finding that says its
separators were ignored.
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
        # The regex of each entry is the loosened one (it takes everything the pattern takes); _strict holds
        # the pattern as written and _essential the counter-example that shows its separator matters.
        self.entries: list[tuple[Entity, Entity, Watchlist, PartPattern, re.Pattern[str]]] = []
        self._strict: list[re.Pattern[str]] = []
        self._essential: list[dict[str, str]] = []  # run shape -> the counter-example that has it
        # Pattern regex -> the run shapes of all its counter-examples (see look_alike()).
        self._counter_shapes: dict[str, dict[str, str]] = {}
        for wl in watchlists:
            for entity in wl.entities:
                if not entity.matchable or not entity.patterns:
                    continue
                parent = wl.top_parent(entity)
                for pattern in entity.patterns:
                    strict = pattern.compiled()
                    loose = loosened(strict)
                    self.entries.append((entity, parent, wl, pattern, loose))
                    self._strict.append(strict)
                    self._essential.append(_separator_counter_shapes(strict, loose, pattern.must_not_match))
                    shapes = self._counter_shapes.setdefault(pattern.regex, {})
                    for counter in pattern.must_not_match:
                        shapes.setdefault(run_shape(counter), counter)

    def matches(self, value: str) -> tuple[list[Match], list[tuple[int, str]]]:
        """The pattern matches of a value, and the (pattern index, hit) pairs waiting for a context word."""
        out: list[Match] = []
        pending: list[tuple[int, str]] = []
        norm = normalize(value)
        text, dashes = _pattern_text(value)
        lowered = norm.folded
        for k, (entity, parent, wl, pattern, rx) in enumerate(self.entries):
            found = rx.search(text)
            if not found:
                continue
            strict = self._strict[k].search(text) if rx is not self._strict[k] else found
            hit = (strict or found).group(0)
            context_ok = not pattern.context or any(_has_word(lowered, c) for c in pattern.context)
            if not context_ok:
                pending.append((k, hit))
                if pattern.context_mode != "review":
                    continue
            if strict is None and run_shape(hit) in self._essential[k]:
                continue  # without its hyphen, indistinguishable from the pattern's counter-examples
            m = self._pattern_match(entity, parent, wl, pattern, hit, value, context_ok, norm)
            if strict is None or dashes:
                m = self._separators_folded(m, k, hit, dashes if strict else "")
            out.append(m)
        return out, pending

    def look_alike(self, regex: str, hit: str) -> str:
        """A counter-example of the pattern with the same letter/digit run shape as the hit, or "".

        This is how distinctive a hit is on its own: DS-4100B (letters, digits, letters) has the shape of
        Maxim's DS3231MZ+, one of the Hikvision DS- pattern's counter-examples, so the pattern alone does not
        tell the two makers apart; DS-2CD2143G2-I (seven runs) has no such twin.
        """
        return self._counter_shapes.get(regex, {}).get(run_shape(hit), "")

    def _separators_folded(self, m: Match, k: int, hit: str, dashes: str) -> Match:
        """The match of a part number that fits only once its dashes or separators are folded, so worded."""
        if dashes:
            return replace_match(m, reason=f"{m.reason}; read as '{hit}' after folding {dashes} to hyphens")
        reason = f"{m.reason}; fits once its separators are ignored (hyphen, dash, space, dot, slash)"
        if self._essential[k]:
            counter = next(iter(self._essential[k].values()))
            reason += f", and its shape differs from the pattern's counter-examples such as '{counter}'"
        return replace_match(m, reason=reason)

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


def _pattern_text(value: str) -> tuple[str, str]:
    """The value as patterns read it (invisible characters out, NFKC, every dash a hyphen) and the dashes
    that were folded, in words ("en dash"), or ""."""
    if value.isascii():
        return value, ""
    text = "".join(
        c for c in value if c not in ZERO_WIDTH and c != SOFT_HYPHEN and unicodedata.category(c) != "Cf"
    )
    text = unicodedata.normalize("NFKC", text)
    dashes = {c for c in text if c != "-" and (unicodedata.category(c) == "Pd" or c == "\u2212")}
    if not dashes:
        return text, ""
    names = sorted(unicodedata.name(c, f"U+{ord(c):04X}").lower() for c in dashes)
    return "".join("-" if c in dashes else c for c in text), " and ".join(names)


#: What a pattern's hyphen may be written as: a hyphen, space, dot, slash, or nothing at all.
_LOOSE_SEPARATOR = "[-./ ]?"


def loosened(rx: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern with each literal hyphen outside a character class loosened to _LOOSE_SEPARATOR.

    Returns the pattern itself when it has no such hyphen (or the loosened one does not compile, e.g. a
    hyphen inside a fixed-width lookbehind).
    """
    src = rx.pattern
    out: list[str] = []
    i = 0
    in_class = False
    changed = False
    while i < len(src):
        ch = src[i]
        if ch == "\\" and i + 1 < len(src):
            if not in_class and src[i + 1] == "-":
                out.append(_LOOSE_SEPARATOR)
                changed = True
            else:
                out.append(src[i : i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]" and not (src[i - 1] == "[" or src[i - 2 : i] == "[^"):
                in_class = False
        elif ch == "[":
            in_class = True
        elif ch == "-":
            out.append(_LOOSE_SEPARATOR)
            changed = True
            i += 1
            continue
        out.append(ch)
        i += 1
    if not changed:
        return rx
    try:
        return re.compile("".join(out), rx.flags)
    except re.error:
        return rx


def run_shape(text: str) -> str:
    """The runs of letters and digits of a text: "DS3231MZ" -> "A9A", "DS2CD2143G2I" -> "A9A9A9A"."""
    out: list[str] = []
    for ch in text:
        kind = "9" if ch.isdigit() else "A" if ch.isalpha() else ""
        if kind and (not out or out[-1] != kind):
            out.append(kind)
    return "".join(out)


def _separator_counter_shapes(
    strict: re.Pattern[str], loose: re.Pattern[str], counters: Sequence[str]
) -> dict[str, str]:
    """The run shapes of the pattern's counter-examples that only the loosened pattern takes."""
    shapes: dict[str, str] = {}
    if loose is strict:
        return shapes
    for counter in counters:
        found = loose.search(counter)
        if found and not strict.search(counter):
            shapes.setdefault(run_shape(found.group(0)), counter)
    return shapes


def _has_word(folded: str, word: str) -> bool:
    if has_cjk(word):
        return word in folded
    return re.search(rf"(?<![0-9a-z]){re.escape(word)}(?![0-9a-z])", folded) is not None


def _first_context(folded: str, words: Sequence[str]) -> str:
    for w in words:
        if _has_word(folded, w):
            return w
    return words[0] if words else ""
