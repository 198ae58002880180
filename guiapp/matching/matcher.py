"""Matching BOM cell values against watchlists, with a plain-words reason for every match.

How a value is compared (see the research notes on failure modes of other engines):

* exact: the normalised value equals a listed name, legal name or derived core name (a dict lookup, spaces
  removed, so "Hik Vision" meets "Hikvision"); aliases, brands and Chinese names give method "alias".
* fuzzy: candidates come from an inverted index of distinctive tokens and a one-deletion neighbourhood of those
  tokens; rapidfuzz scores only those candidates. A distinctive token must match; generic and domain words never
  make a hit alone; tokens of four characters or fewer and numbers match exactly only; extra words in the BOM value
  cost more than missing words of a long listed name.
* Chinese script: exact names and their well-known short forms, searched as substrings of a CJK cell; never
  one character.
* part_number: anchored regexes per maker with counter-examples and context words.
* description: a listed name or distinctive alias appearing as whole word(s) inside longer text.

The Matcher here is the facade over the parts: the name index and its look-ups (nameindex.py), the
part-number patterns (partnumbers.py) and their quick clearance (clearance.py), scores (scoring.py), reason
texts (reasons.py) and word classes (words.py).
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from guiapp.gcpause import gc_paused
from guiapp.lists.watchlist import Watchlist
from guiapp.matching.clearance import PartNumberClearance
from guiapp.matching.context import with_context_phrase
from guiapp.matching.nameindex import NameIndex
from guiapp.matching.normalize import Normalized, mixes_letters_and_digits, normalize
from guiapp.matching.partnumbers import PartNumberPatterns
from guiapp.matching.reasons import replace_match
from guiapp.matching.scoring import best_per_entity, token_similarity
from guiapp.matching.textscan import EVERYTHING, NAMES, PATTERNS, TextClearance
from guiapp.matching.variants import PinyinNames, is_pinyin_word
from guiapp.matching.words import (
    ABBREVIATIONS,
    WEIGHT_COMMON,
    WEIGHT_DISTINCTIVE,
    WEIGHT_DOMAIN,
    canon,
    legal_tokens,
    ordinary_words,
    strip_legal,
)
from guiapp.model import CancelToken, Match, ProgressCallback

#: Public names; token_similarity lives in scoring.py and is re-exported for the callers that import it here.
__all__ = ["Matcher", "token_similarity"]

# '1' stands for 'i' or 'l'; the other digits for one letter each.
_DIGITS_AS_LETTERS = tuple(
    str.maketrans({"0": "o", "1": one, "3": "e", "4": "a", "5": "s", "7": "t", "8": "b"}) for one in "il"
)

_FIELD_KINDS = {
    "manufacturer": "name",
    "supplier": "name",
    "part_number": "part_number",
    "mpn": "part_number",
    "description": "text",
    "text": "text",
}


_WORD = re.compile(r"[^\W_]+")

# A value word agrees with a listed word at this similarity (a typo of it, as the near-match rules allow).
_WORD_AGREES = 85.0
# Legal-form words too general to tell one firm's form from another's ('Company', 'Group').
_GENERAL_FORMS = frozenset({"company", "group", "holding", "holdings"})


#: A word this long that is no ordinary word, nor two of them or pinyin run together, names one firm.
_LONG_COINAGE = 9


def _long_coinage(word: str) -> bool:
    """A long made-up word ('rosoboronexport'), unlike a short one or one spelled by ordinary words or
    pinyin ('unistar' = 'uni' + 'star', 'corebai' = 'core' + 'bai', 'liansheng')."""
    if len(word) < _LONG_COINAGE or not word.isalpha() or word in ordinary_words() or is_pinyin_word(word, 4):
        return False
    common = ordinary_words()

    def part(x: str) -> bool:
        return (len(x) >= 3 and x in common) or is_pinyin_word(x, 1)

    return not any(part(word[:i]) and part(word[i:]) for i in range(2, len(word) - 1))


# One legal form written in several languages or spelled out: the same form for agreeing.
_SAME_FORM = {
    "ooo": "llc", "tov": "llc", "limited liability company": "llc", "limited liability": "llc", "l l c": "llc",
    "ao": "jsc", "zao": "jsc", "oao": "jsc", "pao": "jsc", "cjsc": "jsc", "ojsc": "jsc", "pjsc": "jsc",
    "joint stock company": "jsc", "joint stock": "jsc", "aktsionernoe obshchestvo": "jsc",
    "obshchestvo s ogranichennoy otvetstvennostyu": "llc",
}  # fmt: skip


def _legal_form_words(words: tuple[str, ...]) -> frozenset[str]:
    """The legal forms written before or after a name, one word each ('jsc' for 'AO' and 'Joint Stock
    Company', 'limited' of 'Co., Ltd.'), without the general ones ('Company', 'Group')."""
    bare = strip_legal(words)
    start = next((i for i in range(len(words)) if words[i : i + len(bare)] == bare), 0)
    out: set[str] = set()
    for around in (words[:start], words[start + len(bare) :]):
        text = " ".join(around)
        for phrase, form in _SAME_FORM.items():
            if " " in phrase and f" {phrase} " in f" {text} ":
                out.add(form)
        out.update(_SAME_FORM.get(t, t) for t in around if t in legal_tokens())
    return frozenset(out) - _GENERAL_FORMS


@dataclass
class Prescan:
    """What Matcher.prescan_texts() found out ahead of screening, keyed by exact cell value.

    Bounded by limit (about 70 MB of texts): past it, values are scanned during screening as before, so a
    million-row BOM keeps within its memory budget.
    """

    #: Free text -> what it may meet (TextClearance.bulk_scan's stages; 0: provably nothing).
    texts: dict[str, int] = field(default_factory=dict)
    #: Texts looked up as part numbers, and those of them that provably match nothing.
    looked_up: set[str] = field(default_factory=set)
    cleared: set[str] = field(default_factory=set)
    limit: int = 500_000


class Matcher:
    """Match cell values against one or more watchlists.

    Args:
        watchlists: the lists to screen against.
        threshold: minimum score (0..100) of a fuzzy match.
    """

    def __init__(self, watchlists: Sequence[Watchlist], threshold: float = 88.0) -> None:
        self.watchlists = list(watchlists)
        self.threshold = float(threshold)
        self._cache: dict[tuple[str, str], tuple[list[Match], list[tuple[int, str]]]] = {}
        self._waiting: set[tuple[str, str]] = set()  # cache keys whose result has patterns awaiting context
        # The index is tens of thousands of small long-lived objects; the cyclic collector would scan them
        # again and again while they are made (measured 1.6-4 s instead of 0.9 s for 50,000 names), and none
        # of them form cycles that need collecting.
        with gc_paused():
            self._index = NameIndex(self.watchlists, self.threshold)
            self._patterns = PartNumberPatterns(self.watchlists)
            self._pinyin = PinyinNames(self.watchlists)  # every listed Chinese name, in pinyin
        # For the quick clearance of ordinary part numbers (see PartNumberClearance.quick_clear).
        self._clearance = PartNumberClearance(
            (rx for *_, rx in self._patterns.entries),
            self._index.names,
            self._index.exact,
            self._index.other_exact_keys(),
        )
        self._text_clearance: TextClearance | None = None  # built at the first batch of free text
        self._sources = {wl.label: wl.source for wl in self.watchlists}
        self._listed_cache: dict[str, tuple[tuple[str, ...], tuple[str, ...], frozenset[str]] | None] = {}

    # ------------------------------------------------------------------------------------------ public
    @property
    def text_clearance(self) -> TextClearance:
        """The one-pass clearance of free-text values (descriptions, notes), built at first use."""
        if self._text_clearance is None:
            exact, mentions, word_sets = self._index.lookup_keys()
            mentions += self._pinyin.text_keys()  # a listed name's pinyin inside text sends its value on
            self._text_clearance = TextClearance(
                self._clearance.prefilter, exact, mentions, word_sets, ABBREVIATIONS
            )
        return self._text_clearance

    @property
    def name_count(self) -> int:
        """Number of indexed names (including derived core names)."""
        return len(self._index.names)

    def match(self, value: str, field: str, context: str = "") -> list[Match]:
        """Match one cell value.

        Args:
            value: the cell text as written.
            field: manufacturer, part_number, description, supplier or text (free text).
            context: optional other text of the same row (e.g. the manufacturer cell), used only by part-number
                patterns that need a context word such as 'Hytera'.

        Returns:
            Matches sorted best first, at most one per entity.
        """
        kind = _FIELD_KINDS.get(field, "text")
        if not value or not value.strip():
            return []
        cache_key = (value, kind)
        cached = self._cache.get(cache_key)
        if cached is None:
            if self._clearance.quick_clear(value, kind):
                return []
            cached = self._match_uncached(value, kind)
            self._cache[cache_key] = cached
            if cached[1]:
                self._waiting.add(cache_key)
        matches, pending = cached
        if context and pending:
            extra = self._patterns.context_matches(value, context, pending)
            if extra:
                return best_per_entity(list(matches) + extra)
        return list(matches)

    def needs_context(self, value: str, field: str) -> bool:
        """Whether a part-number pattern fits this value but waits for a context word from its row.

        Screening learns the same from match_field() for a whole field, and only then builds the row's text
        and calls match() again with it, so the common case stays one look-up per distinct value.
        """
        kind = _FIELD_KINDS.get(field, "text")
        cached = self._cache.get((value, kind))
        if cached is None:
            if not value or not value.strip() or self._clearance.quick_clear(value, kind):
                return False
            self.match(value, field)
            cached = self._cache.get((value, kind))
        return bool(cached and cached[1])

    def part_look_alike(self, match: Match) -> str:
        """For a part-number match: a counter-example of its pattern that has the hit's shape, or ""."""
        if match.method != "part_number":
            return ""
        return self._patterns.look_alike(match.normalized_name, match.normalized_value)

    def names_in(self, text: str) -> list[Match]:
        """Listed names the text mentions in words (never a part-number pattern): e.g. a description
        "Image processor Hisilicon Hi3516CV500" names HiSilicon. Used to weigh a part-number hit."""
        norm = normalize(text)
        if not norm.folded:
            return []
        return [m for m in self._index.mentions(norm, field_kind="text") if not m.review]

    def waiting_for_context(self, items: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """The (value, field) pairs, among values already matched, whose pattern waits for a row's context.

        Cheap after match_values(): only values that took the full path can be waiting, and they are
        remembered as they are matched.
        """
        if not self._waiting:
            return set()
        waiting = self._waiting
        return {(v, f) for v, f in items if (v, _FIELD_KINDS.get(f, "text")) in waiting}

    def match_values(
        self,
        items: Iterable[tuple[str, str]],
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> dict[tuple[str, str], list[Match]]:
        """Match distinct (value, field) pairs.

        Args:
            items: (value, field) pairs; duplicates are matched once.
            progress: progress(done, total, message), called every few hundred values.
            cancel: checked between chunks; raises model.Cancelled when cancelled.

        Returns:
            (value, field) -> matches (empty lists included).
        """
        distinct = list(dict.fromkeys(items))
        total = len(distinct)
        out: dict[tuple[str, str], list[Match]] = {}
        # The common case of a large BOM: part numbers cleared together, kept out of match()'s general path
        # and out of the cache (a million distinct part numbers would hold half a gigabyte there).
        part_numbers = [k for k in distinct if _FIELD_KINDS.get(k[1]) == "part_number"]
        cleared = self._clearance.bulk_quick_clear([v for v, _ in part_numbers])
        out.update((k, []) for k, ok in zip(part_numbers, cleared, strict=True) if ok)
        # Free text likewise: distinct descriptions are as many as rows, and most meet nothing.
        texts = [k for k in distinct if _FIELD_KINDS.get(k[1], "text") == "text"]
        for key, stages in zip(texts, self.text_clearance.bulk_scan([v for v, _ in texts]), strict=True):
            if stages != EVERYTHING:
                out[key] = self._match_text(key[0], stages)
        for i, key in enumerate(distinct):
            if i % 256 == 0:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                if progress is not None:
                    progress(i, total, "Matching values")
            if key not in out:
                out[key] = self.match(*key)
        if progress is not None:
            progress(total, total, "Matching values")
        return out

    def prescan_texts(self, texts: Sequence[str], ahead: Prescan) -> None:
        """Scan cell texts ahead of match_field (while a sheet is still being parsed), into ahead.

        Texts with a space are scanned as free text, the others as part numbers; texts already in ahead
        are skipped, and nothing is added once ahead is full. What is kept is what match_field's own
        scans give the same value, so handing ahead to match_field changes what it costs, never what it finds.
        """
        room = ahead.limit - len(ahead.texts) - len(ahead.looked_up)
        if room <= 0:
            return
        spaced = [t for t in texts if " " in t and t not in ahead.texts][:room]
        if spaced:
            ahead.texts.update(zip(spaced, self.text_clearance.bulk_scan(spaced), strict=True))
        plain = [t for t in texts if " " not in t and t not in ahead.looked_up][: room - len(spaced)]
        if plain:
            ahead.looked_up.update(plain)
            ahead.cleared.update(itertools.compress(plain, self._clearance.bulk_quick_clear(plain)))

    def match_field(
        self,
        values: Sequence[str],
        field: str,
        cancel: CancelToken | None = None,
        prescanned: Prescan | None = None,
    ) -> tuple[dict[str, list[Match]], list[str]]:
        """Match distinct values of one field; what screening a large BOM needs, without a key per value.

        Args:
            values: distinct cell values (empty ones are fine and never match).
            field: their field, as in match().
            cancel: checked every few hundred values that take the full path.
            prescanned: what prescan_texts() scanned ahead; the other values are scanned here.

        Returns:
            (value -> matches, for the values with any; the values among them and the others whose
            part-number pattern waits for a context word from the row, see needs_context()).
        """
        kind = _FIELD_KINDS.get(field, "text")
        partial: list[tuple[str, int]] = []  # text values that take some of the look-ups, with which
        if kind == "part_number":
            if prescanned is not None and prescanned.cleared:
                values = list(itertools.filterfalse(prescanned.cleared.__contains__, values))
            cleared = self._clearance.bulk_quick_clear(values)
            values = list(itertools.compress(values, map(operator.not_, cleared)))
        elif kind == "text":
            # One pass over all the values: most meet nothing, the rest skip the look-ups that cannot find
            # anything in them (28 regex searches for a value that names a maker but holds no part number).
            scanned = self._scan_texts(values, prescanned.texts if prescanned is not None else None)
            # Only the values that may meet something are looked at one by one (itertools.compress, in C).
            kept = list(itertools.compress(zip(values, scanned, strict=True), scanned))
            partial = [(v, s) for v, s in kept if s != EVERYTHING]
            values = [v for v, s in kept if s == EVERYTHING]
        found: dict[str, list[Match]] = {}
        waiting: list[str] = []
        remembered = self._waiting
        for i, (value, stages) in enumerate(partial):
            if cancel is not None and i % 256 == 0:
                cancel.raise_if_cancelled()
            matches = self._match_text(value, stages)
            if matches:
                found[value] = matches
            if remembered and (value, kind) in remembered:
                waiting.append(value)
        for i, value in enumerate(values):
            if cancel is not None and i % 256 == 0:
                cancel.raise_if_cancelled()
            matches = self.match(value, field)
            if matches:
                found[value] = matches
            if remembered and (value, kind) in remembered:
                waiting.append(value)
        return found, waiting

    def _scan_texts(self, values: Sequence[str], prescanned: dict[str, int] | None) -> list[int]:
        """bulk_scan() of the values, taking what prescanned already holds."""
        if not prescanned:
            return self.text_clearance.bulk_scan(values)
        known = list(map(prescanned.get, values))
        rest = [v for v, s in zip(values, known, strict=True) if s is None]
        if not rest:
            return known  # type: ignore[return-value]  # no None left
        fresh = iter(self.text_clearance.bulk_scan(rest))
        return [next(fresh) if s is None else s for s in known]

    # ------------------------------------------------------------------------------------------ core
    def _match_text(self, value: str, stages: int) -> list[Match]:
        """match(value, "text") for a value whose bulk_scan() left out some stages (0: none can find anything).

        The result is what the full path gives (the stages left out find nothing), and is cached as that.
        """
        if not stages:
            return []
        key = (value, "text")
        cached = self._cache.get(key)
        if cached is None:
            cached = self._match_uncached(value, "text", stages)
            self._cache[key] = cached
            if cached[1]:
                self._waiting.add(key)
        return list(cached[0])

    def _match_uncached(
        self, value: str, kind: str, stages: int = EVERYTHING
    ) -> tuple[list[Match], list[tuple[int, str]]]:
        norm = normalize(value)
        if not norm.folded:
            return [], []
        tokens = tuple(canon(t) for t in norm.tokens)
        found: list[Match] = []
        pending: list[tuple[int, str]] = []
        pinyin: list[Match] = []
        if kind == "name":
            found += self._index.exact_matches(norm, tokens)
            if norm.has_cjk:
                found += self._index.cjk_matches(norm)
            found += self._index.fuzzy_matches(norm, tokens)
            found += self._index.leet_matches(norm, tokens)
            if not found and norm.compact.isascii():
                pinyin = self._pinyin.matches(norm)  # syllables of a Chinese name: their own rules of level
                found += pinyin
            if not found:
                found += self._index.mentions(norm, field_kind=kind)
        elif kind == "part_number":
            patterns, pending = self._patterns.matches(value)
            found += patterns
            found += self._index.exact_matches(norm, tokens)
            if norm.has_cjk:
                found += self._index.cjk_matches(norm)
        else:
            if stages & PATTERNS:
                patterns, pending = self._patterns.matches(value)
                found += patterns
            if stages & NAMES:
                found += self._index.exact_matches(norm, tokens)
                found += self._index.mentions(norm, field_kind=kind)
                found += self._pinyin.text_matches(norm)  # "by Haikang Weishi": review level
            if norm.has_cjk:
                found += self._index.cjk_matches(norm)
        found = [m for m in found if not self._guarded(m, norm, tokens)]
        if kind == "name":
            spelled = {id(m) for m in pinyin}
            found = [
                self._fragment_review(m, norm, tokens)
                if id(m) in spelled
                else self._one_word_review(self._fragment_review(m, norm, tokens), norm)
                for m in found
            ]
        # "Huawei compatible", "replacement for Hikvision DS-2CD...", "not Dahua": a look, not a hit.
        found = [with_context_phrase(m, norm) for m in found]
        # A value that is a listed name exactly does not also need look-alike findings in the same group.
        exact_parents = {m.parent_id for m in found if m.method in ("exact", "alias") and not m.review}
        found = [
            m for m in found if not (m.method in ("fuzzy", "description") and m.parent_id in exact_parents)
        ]
        # The value is a name the list marks review-only (bare 'Dahua'): near matches in that group stay review.
        review_parents = {m.parent_id for m in found if m.method in ("exact", "alias") and m.review}
        found = [
            replace_match(
                m, review=True, reason=m.reason + " (review: the value is a name shared by unrelated firms)"
            )
            if m.parent_id in review_parents and not m.review
            else m
            for m in found
        ]
        return best_per_entity(found), pending

    def _fragment_review(self, m: Match, norm: Normalized, tokens: tuple[str, ...]) -> Match:
        """A maker cell that holds one word of a longer listed name is a look, not a hit, when that word names
        many firms: an ordinary word ('Camel' of 'Camel Group Co., Ltd.', 'Face' of 'Face++'), three letters
        or fewer ('KTK' of 'KTK Group') or a Chinese word in pinyin ('Zhongxing' of 'Zhongxing Telecom'). A
        value that is one of the entry's own names as listed ('ZTE', 'DJI') keeps its level."""
        if m.review or m.method not in ("exact", "alias", "fuzzy") or norm.has_cjk:
            return m
        if len(norm.tokens) != 1 or len(_WORD.findall(norm.original)) != 1:
            return m  # 'Camel Group' says more than one word
        if self._index.written_as_listed(m.entity_id, norm):
            return m  # 'ZTE' is a name the list gives as such
        word = canon(norm.tokens[0])
        if len(word) <= 3:
            why = "three letters or fewer, which many firms' names share"
        elif word in ordinary_words():
            why = "an ordinary word that many firms use in their names"
        elif is_pinyin_word(word):
            why = "a Chinese word in pinyin that many firms' names use"
        else:
            return m
        shown = norm.original.strip()
        return replace_match(
            m,
            review=True,
            reason=f"{m.reason} (review: '{shown}' alone is {why}, only part of the listed name "
            f"'{m.matched_name}'; check the row's part number and description)",
        )

    def _one_word_review(self, m: Match, norm: Normalized) -> Match:
        """A maker cell that meets an imported list's name on one word alone is a look, not a hit.

        Among thousands of parties, a name whose only word that carries weight is 'Echelon', 'Unistar' or
        'Costar' (an ordinary word, a brand-like coinage, a transliteration of one) is shared by unrelated
        firms the world over, so the word agreeing is weak evidence. The finding keeps its level when more
        agrees: a second word of the listed name (also a place or domain word of it: 'Romashka Trading'), or
        the same legal form in any language ('AO Veltron' for 'VELTRON JSC', not 'Echelon Corporation' for
        'JSC NPO ECHELON'). The built-in list's names are curated one by one and keep their level; pinyin
        matches have their own rules.
        """
        if m.review or m.method not in ("exact", "alias", "fuzzy", "description"):
            return m
        if self._sources.get(m.watchlist, "built-in") == "built-in" or norm.has_cjk:
            return m
        listed = self._listed_words(m.matched_name)
        if listed is None:
            return m
        content, telling, listed_forms = listed
        value_words = tuple(canon(t) for t in norm.folded.split())

        def agrees(w: str) -> bool:
            return any(v == w or token_similarity(v, w) >= _WORD_AGREES for v in value_words)

        agreeing = [w for w in content if agrees(w)]
        if len(content) >= 2 and agreeing:
            return m  # one of several words that carry weight: the near-match rules judge that case
        if agreeing and any(agrees(w) for w in telling):
            return m  # a second word agrees: a place, or a domain word of the name ('Romashka Trading')
        value_forms = _legal_form_words(value_words)
        if value_forms & listed_forms:
            return m
        if (
            len(agreeing) == 1
            and self._index.token_weight(agreeing[0]) == WEIGHT_DISTINCTIVE  # few listed groups share it
            and _long_coinage(agreeing[0])
        ):
            return m  # 'Rosoboronexport': a long made-up word that no ordinary words or syllables spell
        word = agreeing[0] if agreeing else m.normalized_name
        return replace_match(
            m,
            review=True,
            reason=f"{m.reason} (review: only the word '{word}' of the listed name agrees; one word alone "
            "names many firms among thousands of listed parties, and no second word or legal form agrees; "
            "check the row's country, part number and description)",
        )

    def _listed_words(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]] | None:
        """A listed name's words that carry weight (legal forms, domain words and places aside), its domain
        words and places, and its legal forms; None for a Chinese-script name. Remembered per name text."""
        if text in self._listed_cache:
            return self._listed_cache[text]
        norm = normalize(text)
        out = None
        if not norm.has_cjk:
            words = tuple(canon(t) for t in norm.folded.split())
            bare = strip_legal(words)
            weights = [self._index.token_weight(t) for t in bare]
            content = tuple(
                dict.fromkeys(t for t, w in zip(bare, weights, strict=True) if w >= WEIGHT_COMMON)
            )
            telling = tuple(
                dict.fromkeys(
                    t for t, w in zip(bare, weights, strict=True) if WEIGHT_DOMAIN <= w < WEIGHT_COMMON
                )
            )
            out = (content, telling, _legal_form_words(words))
        self._listed_cache[text] = out
        return out

    def _guarded(self, m: Match, norm: Normalized, tokens: tuple[str, ...]) -> bool:
        """True when a near-miss name in the value explains the match (e.g. 大华 inside 西安大华时代)."""
        if m.method == "part_number":
            return False
        readings = [tokens]
        if any(mixes_letters_and_digits(t) for t in tokens):
            # Digits read as letters find the listed name ("Sh1da1"): they must find its near misses too.
            for table in _DIGITS_AS_LETTERS:
                readings.append(
                    tuple(t.translate(table) if mixes_letters_and_digits(t) else t for t in tokens)
                )
        ids = {m.entity_id, m.parent_id}
        for reading in readings:
            value_key = "".join(reading)
            for entity_id in ids:
                for guard_key in self._index.guard_hits(entity_id, reading, value_key):
                    if m.method == "fuzzy" or m.normalized_name.replace(" ", "") in guard_key:
                        return True
        return False
