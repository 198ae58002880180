"""The index of listed names, and the look-ups that find the names a BOM value matches.

NameIndex normalises every matchable name of the watchlists once (canonical and legal names, aliases, brands,
Chinese names, and derived core names such as "Hikvision" for "Hangzhou Hikvision Digital Technology Co.,
Ltd.") and weighs each token by its word class and by how many listed groups share it. Its tables are the
candidate generation: exact keys with spaces removed, keys of sorted words, an inverted index of distinctive
tokens with a one-deletion neighbourhood of them for typos, Chinese names by first character, names that may
be mentioned in text, and the near-miss names that guard an entry. Its look-ups give the name matches: exact
and alias, Chinese names inside a cell, fuzzy (rapidfuzz scores only the candidates), digits used as letters,
and listed names mentioned in longer text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from rapidfuzz.distance import OSA

from guiapp.lists.watchlist import Entity, Watchlist
from guiapp.matching.indexedname import IndexedName
from guiapp.matching.normalize import (
    Normalized,
    has_cjk,
    is_cjk_char,
    leet_key,
    mixes_letters_and_digits,
    normalize,
)
from guiapp.matching.reasons import (
    digit_word,
    fuzzy_reason,
    kind_word,
    make_match,
    original_span,
    replace_match,
)
from guiapp.matching.scoring import (
    ALIAS_SCORE,
    CJK_SUBSTRING_SCORE,
    FUZZY_MAX,
    MENTION_SCORE,
    token_similarity,
    trusted,
    weighted_token_score,
)
from guiapp.matching.words import (
    ABBREVIATIONS,
    GENERIC_WORDS,
    WEIGHT_COMMON,
    WEIGHT_DISTINCTIVE,
    WEIGHT_GENERIC,
    WEIGHT_ORDINARY,
    WEIGHT_PLACE,
    canon,
    ordinary_words,
    strip_legal,
    word_class_weight,
)
from guiapp.model import Match

_LEET_I = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a"})
_LEET_L = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a"})
_CONF_ORDER = {"high": 2, "medium": 1, "low": 0}


class NameIndex:
    """The listed names of some watchlists, indexed for matching cell values.

    Args:
        watchlists: the lists whose matchable entries are indexed.
        threshold: minimum score (0..100) of a fuzzy match.
    """

    def __init__(self, watchlists: Sequence[Watchlist], threshold: float) -> None:
        self._watchlists = watchlists
        self.threshold = threshold
        self._token_threshold = min(85.0, self.threshold)
        self.names: list[IndexedName] = []
        self.exact: dict[str, list[int]] = {}
        self._sorted_exact: dict[str, list[int]] = {}
        self._token_index: dict[str, list[int]] = {}
        self._deletion_index: dict[str, list[str]] = {}
        self._vocab: set[str] = set()
        self._weights: dict[str, float] = {}
        self._leet_vocab: dict[str, list[str]] | None = None  # built at the first value with digits in words
        self._cjk_names: list[int] = []
        self._cjk_by_char: dict[str, list[int]] = {}
        self._mention: dict[str, list[int]] = {}
        self._mention_max_tokens = 1
        self._guards: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        # Names written without their legal forms, before or after ("OOO Romashka" -> "romashka").
        self._bare_exact: dict[str, list[int]] = {}
        self._bare_text: list[str] = []  # per name: its words without legal forms, space-separated
        # Every word of a name of several words, with the length of the name's text -> those names.
        self._by_word_len: dict[tuple[str, int], list[int]] = {}
        self._word_df: dict[str, int] = {}
        self._placeless: dict[str, list[int]] = {}  # names with a leading place or 'of <place>' left out
        # Names of a bulk list that are one ordinary word or a fragment of three letters ("Century", "TI"):
        # a match on them alone is a review item with that reason, never a confident finding.
        self.weak: set[int] = set()
        # Short forms the index derived from a bulk list's name ('Liansheng' of 'Jiangxi Liansheng Technology'):
        # the list does not give them as names, and many firms share them, so a match is a review item.
        self._derived: set[int] = set()
        self._build()
        self._written = self._written_forms()  # built with the index, so the disk cache keeps it

    # ------------------------------------------------------------------------------------------ build
    def _build(self) -> None:
        raw: list[tuple[Entity, Entity, Watchlist, str, str, str, bool]] = []
        for wl in self._watchlists:
            for entity in wl.entities:
                if not entity.matchable:
                    continue
                parent = wl.top_parent(entity)
                raw.append((entity, parent, wl, entity.name, "canonical", entity.confidence, False))
                for alias in entity.aliases:
                    conf = _min_conf(alias.confidence, entity.confidence)
                    raw.append((entity, parent, wl, alias.name, alias.kind, conf, alias.review))
                for guard in entity.near_miss:
                    self._add_guard(entity.id, guard)
            for near in wl.near_misses:
                for entity_id in near.resembles:
                    self._add_guard(entity_id, near.name)

        # Document frequency by listed group: a token many groups share is not distinctive.
        group_df: dict[str, set[str]] = {}
        normed = []
        for entity, parent, wl, text, kind, conf, review in raw:
            norm = normalize(text)
            tokens = tuple(canon(t) for t in norm.tokens)
            normed.append((entity, parent, wl, text, kind, conf, review, norm, tokens))
            for t in set(tokens):
                group_df.setdefault(t, set()).add(f"{wl.name}/{parent.id}")
        groups = {f"{wl.name}/{wl.top_parent(e).id}" for wl in self._watchlists for e in wl.entities}
        # A word is informative when few listed groups share it (document frequency across the loaded lists)
        # and when it is not an ordinary word of the language (the background vocabulary of ordinary words).
        common_at = max(6, int(0.0005 * len(groups)))
        ordinary = ordinary_words()
        places = self._country_words()
        for t, g in group_df.items():
            w = word_class_weight(t)
            if w >= WEIGHT_ORDINARY and t in places:
                w = WEIGHT_PLACE
            elif w == WEIGHT_DISTINCTIVE and len(g) >= common_at:
                w = WEIGHT_COMMON
            elif w == WEIGHT_DISTINCTIVE and t in ordinary:
                w = WEIGHT_ORDINARY
            self._weights[t] = w

        explicit_keys: dict[str, set[str]] = {}
        for entity, *_, tokens in normed:
            explicit_keys.setdefault("".join(tokens), set()).add(entity.id)
        for entity, parent, wl, text, kind, conf, review, norm, tokens in normed:
            self._add_name(entity, parent, wl, text, kind, conf, review, norm, tokens)
        # Derived core names: leading places, domain and generic words dropped ("Hikvision").
        seen_core: set[tuple[str, str]] = set()
        for entity, parent, wl, _text, kind, conf, review, norm, tokens in normed:
            if not entity.derive_core or kind not in ("canonical", "legal") or norm.has_cjk:
                continue
            bare = strip_legal(tokens)
            core = self._core_tokens(bare)
            if wl.source != "built-in" and (self._is_weak(core) or core == bare):
                # 'Century' of 'Ningbo New Century Import and Export' names nobody in particular; a core that is
                # the name without its legal form is met through the bare names already.
                continue
            if not core or core == tokens:
                continue
            key = "".join(core)
            if len(key) < 4 or (key, entity.id) in seen_core:
                continue
            owners = explicit_keys.get(key, set())
            if owners and owners != {entity.id}:
                continue  # collides with another entry's own name
            if entity.id in owners:
                continue  # the entity already lists this name itself (with its own confidence/review flag)
            if any(self.guard_hits(entity.id, core, key)):
                continue
            seen_core.add((key, entity.id))
            core_norm = normalize(" ".join(core))
            self._add_name(entity, parent, wl, " ".join(core), "core", conf, review, core_norm, core)

    def _country_words(self) -> set[str]:
        """Country names the lists give for their entries ('Iran', 'Belarus'): places, like 'Shenzhen'."""
        out: set[str] = set()
        for wl in self._watchlists:
            for e in wl.entities:
                for country in e.country.split(";"):
                    words = normalize(country).tokens
                    if len(words) == 1 and len(words[0]) >= 4 and words[0].isalpha():
                        out.add(words[0])
        return out

    def _is_weak(self, tokens: tuple[str, ...]) -> bool:
        """Domain and generic words only, or one ordinary word or a fragment of three characters beside them."""
        if not tokens or len(tokens) > 2:
            return False
        content = [t for t in tokens if self._weights.get(t, 1.0) >= WEIGHT_COMMON]
        if not content:
            return True  # domain and generic words only ('New Media Holding')
        if len(content) > 1:
            return False
        t = content[0]
        return len(t) <= 3 or t in ordinary_words()

    def _core_tokens(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        core = list(tokens)
        while core and self._weights.get(core[0], 1.0) == WEIGHT_PLACE:
            core.pop(0)
        core = [t for t in core if self._weights.get(t, 1.0) >= WEIGHT_PLACE]
        if not any(self._weights.get(t, 1.0) == WEIGHT_DISTINCTIVE for t in core):
            return ()
        return tuple(core)

    def _add_guard(self, entity_id: str, text: str) -> None:
        norm = normalize(text)
        tokens = tuple(canon(t) for t in norm.tokens)
        if tokens:
            self._guards.setdefault(entity_id, []).append((tokens, "".join(tokens)))

    def guard_hits(self, entity_id: str, value_tokens: Sequence[str], value_key: str) -> list[str]:
        """The keys of the entity's near-miss names that the value holds."""
        hits = []
        for tokens, key in self._guards.get(entity_id, ()):
            if has_cjk(key):
                if key in value_key:
                    hits.append(key)
            elif _contains_seq(value_tokens, tokens):
                hits.append(key)
        return hits

    def _add_name(
        self,
        entity: Entity,
        parent: Entity,
        wl: Watchlist,
        text: str,
        kind: str,
        conf: str,
        review: bool,
        norm: Normalized,
        tokens: tuple[str, ...],
    ) -> None:
        if not tokens:
            return
        key = "".join(tokens)
        cjk = norm.has_cjk
        if cjk and len(key) < 2:
            return  # never on one character
        method = "exact" if kind in ("canonical", "legal", "core") and not cjk else "alias"
        bulk = wl.source != "built-in"
        bare = strip_legal(tokens)
        weak = bulk and not cjk and self._is_weak(bare)
        strong = [t for t in tokens if self._weights.get(t, 1.0) == WEIGHT_DISTINCTIVE]
        distinctive = [t for t in tokens if self._weights.get(t, 1.0) >= WEIGHT_ORDINARY]
        # In free text a bulk list's name must be written as listed: a derived core or a weak name is too
        # easily an ordinary word of a description ('LoRa chipset', 'SMD Crystal').
        mentionable = (
            not cjk and bool(strong) and len(key) >= 3 and not weak and not (bulk and kind == "core")
        )
        idx = len(self.names)
        if weak:
            self.weak.add(idx)
        elif bulk and kind == "core":
            self._derived.add(idx)
        weights = tuple(self._weights.get(t, word_class_weight(t)) for t in tokens)
        if bare != tokens:
            # The words of a legal form around the name ('joint stock', 'limited liability') weigh nothing.
            start = next((i for i in range(len(tokens)) if tokens[i : i + len(bare)] == bare), None)
            if start is not None:
                inside = range(start, start + len(bare))
                weights = tuple(w if i in inside else min(w, WEIGHT_GENERIC) for i, w in enumerate(weights))
        numbers = frozenset(
            j for j, t in enumerate(tokens) if not t.isalpha() and any(c.isdigit() for c in t)
        )
        self.names.append(
            IndexedName(entity, parent, wl, text, kind, norm, tokens, key, conf, review or entity.review,
                        method, cjk, mentionable, weights, sum(weights), numbers)
        )  # fmt: skip
        self.exact.setdefault(key, []).append(idx)
        if bare != tokens:
            self._bare_exact.setdefault("".join(bare), []).append(idx)
        self._bare_text.append(" ".join(bare))
        placeless = self._without_places(bare)
        if placeless != bare and len(placeless) > 1:
            self._placeless.setdefault(" ".join(placeless), []).append(idx)
        if len(bare) > 1 and not cjk:
            for t in set(bare):
                self._by_word_len.setdefault((t, len(self._bare_text[-1])), []).append(idx)
                self._word_df[t] = self._word_df.get(t, 0) + 1
        if len(tokens) > 1:
            self._sorted_exact.setdefault("".join(sorted(tokens)), []).append(idx)
        if cjk:
            self._cjk_names.append(idx)
            self._cjk_by_char.setdefault(key[0], []).append(idx)
            return
        if mentionable:
            self._mention.setdefault(key, []).append(idx)
            self._mention_max_tokens = max(self._mention_max_tokens, len(tokens))
        for t in set(distinctive):
            self._token_index.setdefault(t, []).append(idx)
            if t not in self._vocab:
                self._vocab.add(t)
                if len(t) > 4 and t.isalpha():
                    index = self._deletion_index
                    index.setdefault(t, []).append(t)
                    for d in _deletes(t):
                        index.setdefault(d, []).append(t)

    def token_weight(self, token: str) -> float:
        """How much a (canonical) token tells, as the index weighs it (word class, listed groups sharing it)."""
        return self._weights.get(token, word_class_weight(token))

    def lookup_keys(self) -> tuple[list[str], list[str], list[tuple[str, ...]]]:
        """What a value's words can meet, for a one-pass prefilter over many values (textscan.py).

        Returns:
            (every exact key, the keys that may be mentioned inside text, the words of each multi-word name).
        """
        # A value that holds every word of a name without repeated words, with the same letters sorted, has
        # exactly its words; so such a name that the look-up in another order always passes over need not be
        # looked for (with the Consolidated Screening List: names of short words whose 's' was found 160,000
        # times in 100,000 descriptions, each find then looked at in Python).
        word_sets = [
            tokens
            for idxs in self._sorted_exact.values()
            for i in idxs
            if self._any_order(i, tokens := self.names[i].tokens) or len(set(tokens)) < len(tokens)
        ]
        return list(self.exact), list(self._mention), word_sets

    def _any_order(self, idx: int, tokens: Sequence[str]) -> bool:
        """Whether a value of these words may match name idx with its words in another order (exact_matches).

        Never a weak name; and 'Sheng Feng' is not 'Feng Sheng': short syllables in another order name another
        firm, so an imported list's name matches so only when the value has a word of more than five letters.
        """
        if idx in self.weak:
            return False
        return self.names[idx].watchlist.source == "built-in" or any(len(t) > 5 for t in tokens)

    # ------------------------------------------------------------------------------------------ look-ups
    def _written_forms(self) -> dict[str, set[str]]:
        """Entity id -> its own names as written (see written_as_listed); derived cores and CJK left out."""
        written: dict[str, set[str]] = {}
        for name in self.names:
            if name.kind == "core" or name.cjk:
                continue
            forms = written.setdefault(name.entity.id, set())
            written_name = _written(name.text)
            forms.add(written_name)
            if written_name == name.norm.compact:
                forms.add("\0" + written_name)  # nothing but case and spacing to fold: folded values count
        return written

    def other_exact_keys(self) -> list[str]:
        """The look-up keys of exact_matches() besides self.exact: without legal forms, and words sorted."""
        return [*self._bare_exact, *self._sorted_exact]

    def written_as_listed(self, entity_id: str, norm: Normalized) -> bool:
        """True when the value is one of the entity's own names as the list writes it (case, spaces and
        punctuation aside, '+' and '&' kept; a folded spelling of a plain name counts): 'ZTE' for the short
        name 'ZTE', not 'KTK' for 'KTK Group Co., Ltd.' nor 'Face' for the brand 'Face++'."""
        forms = self._written.get(entity_id, set())
        return _written(norm.original) in forms or "\0" + norm.compact in forms

    def exact_matches(self, norm: Normalized, tokens: tuple[str, ...]) -> list[Match]:
        """Listed names equal to the value without spaces; failing those, names with its words in another order."""
        key = "".join(tokens)
        out = []
        for idx in self.exact.get(key, ()):
            name = self.names[idx]
            same_spacing = tokens == name.tokens
            if name.method == "exact":
                spaces = "" if same_spacing else " once the spaces are removed"
                reason = f"'{norm.original.strip()}' equals the listed name '{name.text}'{spaces}"
                if name.kind == "core":
                    reason = (
                        f"'{norm.original.strip()}' equals '{name.text}'{spaces}, the core of the listed name "
                        f"'{name.entity.name}' (place, domain words and legal form left out)"
                    )
                score = 100.0
            else:
                label = "Chinese name" if name.cjk else f"{kind_word(name.kind)}"
                spaces = "" if same_spacing else " once the spaces are removed"
                reason = f"'{norm.original.strip()}' matches {label} '{name.text}'{spaces}"
                score = ALIAS_SCORE
            out.append(self._weak_review(idx, make_match(name, name.method, score, reason, norm)))
        found = {m.entity_id for m in out}
        out += [m for m in self._bare_matches(norm, tokens) if m.entity_id not in found]
        if not out and len(tokens) > 1:
            for idx in self._sorted_exact.get("".join(sorted(tokens)), ()):
                name = self.names[idx]
                if not self._any_order(idx, tokens):
                    continue
                reason = f"'{norm.original.strip()}' has the words of '{name.text}' in a different order"
                out.append(self._weak_review(idx, make_match(name, name.method, 96.0, reason, norm)))
        return out

    def _bare_matches(self, norm: Normalized, tokens: tuple[str, ...]) -> list[Match]:
        """Listed names equal to the value once legal forms before or after either are left out."""
        bare = strip_legal(tokens)
        key = "".join(bare)
        idxs = [i for i in self._bare_exact.get(key, ()) if self.names[i].tokens != tokens]
        if bare != tokens:
            idxs += self.exact.get(key, ())
        out = []
        for idx in dict.fromkeys(idxs):
            name = self.names[idx]
            what = "the listed name" if name.method == "exact" else kind_word(name.kind)
            reason = f"'{norm.original.strip()}' equals {what} '{name.text}' apart from the legal form"
            score = 98.0 if name.method == "exact" else ALIAS_SCORE
            out.append(self._weak_review(idx, make_match(name, name.method, score, reason, norm)))
        return out

    def _weak_review(self, idx: int, match: Match) -> Match:
        """A match on a weak name (one ordinary word, or three letters) is a review item saying why."""
        if match.review or (idx not in self.weak and idx not in self._derived):
            return match
        if idx in self._derived:
            return replace_match(
                match,
                review=True,
                reason=f"{match.reason} (review: a short form of the listed name, not a name the list gives)",
            )
        why = (
            "a short fragment that many firms share"
            if len(self.names[idx].key) <= 3
            else "an ordinary word that many firms use in their names"
        )
        return replace_match(match, review=True, reason=f"{match.reason} (review: the listed name is {why})")

    def cjk_matches(self, norm: Normalized) -> list[Match]:
        """Chinese names found inside the value (never one character; the longest of overlapping ones)."""
        text = "".join(ch for ch in norm.folded if is_cjk_char(ch) or ch.isalnum())
        stripped = norm.compact
        spans: list[tuple[int, int, int]] = []
        for i, ch in enumerate(text):
            for idx in self._cjk_by_char.get(ch, ()):
                key = self.names[idx].key
                if text.startswith(key, i):
                    spans.append((i, i + len(key), idx))
        out = []
        for start, end, idx in spans:
            # A short name inside a longer matched name belongs to the longer one (海思 inside 海思光电子).
            if any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in spans):
                continue
            name = self.names[idx]
            if name.key == stripped:
                continue  # already an exact/alias match
            reason = f"'{norm.original.strip()}' contains the Chinese name '{name.text}'"
            out.append(make_match(name, "alias", CJK_SUBSTRING_SCORE, reason, norm))
        return out

    def _value_token_options(self, tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The tokens, plus a version with neighbours merged where the merge is a listed token ("hik vision")."""
        options = [tokens]
        merged: list[str] = []
        i = 0
        changed = False
        while i < len(tokens):
            if i + 1 < len(tokens) and tokens[i] + tokens[i + 1] in self._vocab:
                merged.append(tokens[i] + tokens[i + 1])
                i += 2
                changed = True
            else:
                merged.append(tokens[i])
                i += 1
        if changed:
            options.append(tuple(merged))
        return options

    def _similar_vocab(self, token: str) -> list[tuple[str, float]]:
        """Listed distinctive tokens within the edit budget of a value token (first letter kept)."""
        if token in self._vocab:
            return [(token, 100.0)]
        if len(token) <= 4 or any(c.isdigit() for c in token):
            return []
        # A five-letter word differs from a listed one by a swap of neighbours only ('Molex' is not 'Modlex').
        swap_only = len(token) == 5
        cands: set[str] = set()
        for d in _deletes(token) | {token}:
            cands.update(self._deletion_index.get(d, ()))
        out = []
        budget = 1 if len(token) < 9 else 2
        for c in cands:
            if c[0] != token[0] or len(c) <= 4:
                continue
            if OSA.distance(token, c) > budget:
                continue
            if (swap_only or len(c) == 5) and not _swap_or_double(token, c):
                continue
            sim = token_similarity(token, c)
            if sim >= self._token_threshold:
                out.append((c, sim))
        return out

    def fuzzy_matches(self, norm: Normalized, tokens: tuple[str, ...], tricks: str = "") -> list[Match]:
        """Near matches at or above the threshold, at most one per entity."""
        out: list[Match] = []
        best: dict[str, tuple[float, IndexedName, list, int, tuple[str, ...]]] = {}
        for option in self._value_token_options(tokens):
            # name token -> [(similarity, value token position)]
            reverse: dict[str, list[tuple[float, int]]] = {}
            cand_idx: set[int] = set()
            for i, t in enumerate(option):
                reverse.setdefault(t, []).append((100.0, i))
                if self._weights.get(t, word_class_weight(t)) < WEIGHT_ORDINARY:
                    continue
                for vocab_token, sim in self._similar_vocab(t):
                    if vocab_token != t:
                        reverse.setdefault(vocab_token, []).append((sim, i))
                    cand_idx.update(self._token_index.get(vocab_token, ()))
            if not cand_idx:
                continue
            wv = [self._weights.get(t, word_class_weight(t)) for t in option]
            v_numbers = frozenset(i for i, t in enumerate(option) if any(c.isdigit() for c in t))
            for idx in cand_idx:
                if idx in self.weak:
                    continue  # a weak name is met only as written (a review item), never near it
                name = self.names[idx]
                score, pairs = weighted_token_score(option, wv, v_numbers, name, reverse, idx in self.weak)
                if score < self.threshold:
                    continue
                prev = best.get(name.entity.id)
                # A near match on a name the list trusts beats a closer one on an unverified alias of the
                # same entry: the finding then stands on the trusted name instead of a review-level one.
                if prev is None or (trusted(name), score) > (trusted(prev[1]), prev[0]):
                    best[name.entity.id] = (score, name, pairs, idx, option)
        for score, name, pairs, idx, option in best.values():
            if score >= 99.95:
                continue  # equal after abbreviation folding: the exact pass reports it
            score = min(score, FUZZY_MAX)
            reason = fuzzy_reason(norm, name, score, pairs) + tricks
            match = self._weak_review(idx, make_match(name, "fuzzy", score, reason, norm))
            said = {v for v, _, _ in pairs}
            if any(word_class_weight(t) > WEIGHT_GENERIC for t in option if t not in said) and (
                idx in self._derived or self._one_word_of_many(name, pairs)
            ):
                continue  # one shared word, and each side says more that the other does not
            if not match.review and self._one_word_of_many(name, pairs):
                match = replace_match(
                    match, review=True, reason=f"{reason} (review: only one word of the listed name agrees)"
                )
            out.append(match)
        if not out:
            out = self._whole_name_matches(norm, tokens)
        return out

    def _without_places(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        """The words without a leading place ('Iran ...', 'Tehran ...') or a trailing 'of [the] <place>'."""
        toks = list(tokens)
        while len(toks) > 1 and self._weights.get(toks[0]) == WEIGHT_PLACE:
            toks.pop(0)
        while (
            len(toks) > 2 and self._weights.get(toks[-1]) == WEIGHT_PLACE and toks[-2] in ("of", "the", "in")
        ):
            toks = toks[:-2] if toks[-2] == "of" else toks[:-1]
            if toks and toks[-1] == "of":
                toks.pop()
        while toks and toks[-1] in ("of", "the"):
            toks.pop()
        return tuple(toks) or tokens

    def _one_word_of_many(self, name: IndexedName, pairs: list[tuple[str, str, float]]) -> bool:
        """A bulk list's name of which one word agrees while other words that carry weight do not."""
        if name.watchlist.source == "built-in":
            return False
        matched = {n for _, n, _ in pairs}
        content = [t for t, w in zip(name.tokens, name.weights, strict=True) if w >= WEIGHT_COMMON]
        return len([t for t in content if t in matched]) == 1 and any(t not in matched for t in content)

    def _whole_name_matches(self, norm: Normalized, tokens: tuple[str, ...]) -> list[Match]:
        """Names of several words that the whole value spells with one slip (a letter or a swap of two).

        For names made of words many listed names share ('Nuclear Power Production and Development Company
        of Iran'), no single word is evidence; the whole name agreeing is.
        """
        bare = strip_legal(tokens)
        text = " ".join(bare)
        if len(bare) < 2 or len(text) < 12:
            return []
        if not any(self._weights.get(t, word_class_weight(t)) >= WEIGHT_COMMON for t in bare):
            return []  # domain and generic words alone ('Electronic Technology') name nobody
        df = self._word_df
        known = [t for t in set(bare) if t in df]
        if not known:
            return []
        # The rarest listed word of the value picks the candidates (the slip is in another word, or in none),
        # among names whose text is as long as the value's, give or take the one letter.
        rarest = min(known, key=lambda t: (df[t], t))  # ties by spelling: the same result every run
        n = len(text)
        by_len = self._by_word_len
        cands = [i for length in (n - 1, n, n + 1) for i in by_len.get((rarest, length), ())]
        numbers = {t for t in bare if any(c.isdigit() for c in t)}
        short = sorted(t for t in bare if len(t) <= 4)
        best: dict[str, tuple[int, IndexedName]] = {}
        for idx in cands:
            name = self.names[idx]
            name_text = self._bare_text[idx]
            d = OSA.distance(text, name_text, score_cutoff=1)
            if d > 1 or numbers != {t for t in name_text.split() if any(c.isdigit() for c in t)}:
                continue
            if short != sorted(t for t in name_text.split() if len(t) <= 4):
                continue  # the slip must be in a longer word: 'ECS International' is not 'MCS International'
            prev = best.get(name.entity.id)
            if prev is None or d < prev[0]:
                best[name.entity.id] = (d, name)
        for idx in self._placeless.get(text, ()):
            name = self.names[idx]
            if name.entity.id not in best:
                best[name.entity.id] = (-1, name)
        out = []
        for d, name in best.values():
            shown = norm.original.strip()
            if d < 0:
                score = 94.0
                reason = f"'{shown}' is the listed name '{name.text}' without its place"
            elif d == 0:
                score = 98.0
                reason = f"'{shown}' equals the listed name '{name.text}' apart from the legal form"
            else:
                score = 94.0
                reason = (
                    f"'{shown}' spells the listed name '{name.text}' with one letter different or two letters "
                    "swapped (the whole name agrees)"
                )
            out.append(make_match(name, "fuzzy" if d else name.method, score, reason, norm))
        return out

    def leet_matches(self, norm: Normalized, tokens: tuple[str, ...]) -> list[Match]:
        """Exact and near matches of the value with its digits read as letters ("H1kv1s10n")."""
        mixed = {t for t in tokens if mixes_letters_and_digits(t)}
        if not mixed:
            return []
        out: list[Match] = []
        # Digits in a mixed token are the evidence; a lone digit next to one ("0-F1lm") may be a letter too.
        candidates = mixed | {t for t in tokens if t.isdigit() and len(t) <= 2}
        for table in (_LEET_I, _LEET_L):
            alt = tuple(self._leet_word(t, table) if t in candidates else t for t in tokens)
            if alt == tokens:
                continue
            alt_norm = normalize(" ".join(alt))
            alt_tokens = tuple(canon(t) for t in alt_norm.tokens)  # legal forms such as 'C0rp.' now drop
            digits = sorted({c for t in candidates for c in t if c.isdigit()})
            trick = f"; digits used as letters ({', '.join(digit_word(d, table) for d in digits)})"
            for m in self.exact_matches(alt_norm, alt_tokens) + self.fuzzy_matches(alt_norm, alt_tokens):
                reason = m.reason.replace(f"'{alt_norm.original.strip()}'", f"'{norm.original.strip()}'", 1)
                if trick not in reason:
                    reason += trick
                out.append(
                    replace_match(m, reason=reason, score=min(m.score, 96.0), normalized_value=norm.name)
                )
            if out:
                break
        return out

    def _leet_word(self, token: str, table: dict[int, str]) -> str:
        """A token with its digits read as letters: a listed word when one fits, else by the table.

        '1' stands for both 'i' and 'l' ("H1S1l1c0n"), so listed words are looked up by leet_key, which
        folds 'i', 'l' and '1' together. Short tokens (3M, C0G, X7R are real BOM words) and lone digits
        change only into a listed word.
        """
        vocab = self._leet_vocab
        if vocab is None:
            vocab = {}
            abbreviations = [short for short, full in ABBREVIATIONS.items() if full in self._weights]
            for word in (*self._weights, *GENERIC_WORDS, *abbreviations):
                if word.isascii() and word.isalpha():
                    vocab.setdefault(leet_key(word), []).append(word)
            self._leet_vocab = vocab
        words = vocab.get(leet_key(token))
        if words:
            return min(words)
        if len(token) >= 5 and not token.isdigit():
            return canon(token.translate(table))
        return token

    def mentions(self, norm: Normalized, field_kind: str) -> list[Match]:
        """Listed names and distinctive aliases the value holds as whole words."""
        tokens = [canon(t) for t in norm.folded.split()]
        raw_tokens = norm.folded.split()
        out = []
        n_max = min(self._mention_max_tokens, 5)
        for n in range(1, n_max + 1):
            for i in range(len(tokens) - n + 1):
                gram = tokens[i : i + n]
                key = "".join(gram)
                idxs = self._mention.get(key)
                if not idxs:
                    continue
                if n > 1 and any(len(t) < 2 for t in gram):
                    continue
                if len(key) <= 4 and n > 1:
                    continue
                shown = " ".join(raw_tokens[i : i + n])
                for idx in idxs:
                    name = self.names[idx]
                    if n > 1 and len(name.tokens) == 1 and len(key) < 6:
                        continue
                    if name.watchlist.source != "built-in" and tuple(gram) != name.tokens:
                        continue  # a bulk list's name word for word: 'Altair' is not 'Al-Ta'ir'

                    reason = (
                        f"the text mentions '{original_span(norm.original, shown)}', "
                        f"{'the listed name' if name.method == 'exact' else kind_word(name.kind)} '{name.text}'"
                    )
                    score = MENTION_SCORE if field_kind == "text" else 90.0
                    out.append(make_match(name, "description", score, reason, norm))
        return out


def _swap_or_double(a: str, b: str) -> bool:
    """Whether two words differ by a swap of neighbours or by one letter typed twice ('dahuaa')."""
    if len(a) == len(b):
        return sorted(a) == sorted(b)
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if len(longer) != len(shorter) + 1:
        return False
    return any(
        longer[i] == longer[i - 1] and longer[:i] + longer[i + 1 :] == shorter for i in range(1, len(longer))
    )


def _written(text: str) -> str:
    """A name as written, for comparing: case folded, spaces and punctuation out, '+' and '&' kept."""
    return re.sub(r"[^\w+&]|_", "", unicodedata.normalize("NFKC", text).casefold())


def _deletes(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def _min_conf(a: str, b: str) -> str:
    return a if _CONF_ORDER.get(a, 0) <= _CONF_ORDER.get(b, 0) else b


def _contains_seq(hay: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    if n == 0 or n > len(hay):
        return False
    return any(tuple(hay[i : i + n]) == tuple(needle) for i in range(len(hay) - n + 1))
