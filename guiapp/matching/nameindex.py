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
    WEIGHT_PLACE,
    canon,
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
        self._build()

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
        common_at = max(6, int(0.0005 * len(groups)))
        for t, g in group_df.items():
            w = word_class_weight(t)
            if w == WEIGHT_DISTINCTIVE and len(g) >= common_at:
                w = WEIGHT_COMMON
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
            core = self._core_tokens(tokens)
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
        distinctive = [t for t in tokens if self._weights.get(t, 1.0) == WEIGHT_DISTINCTIVE]
        mentionable = not cjk and bool(distinctive) and len(key) >= 3
        idx = len(self.names)
        weights = tuple(self._weights.get(t, word_class_weight(t)) for t in tokens)
        numbers = frozenset(
            j for j, t in enumerate(tokens) if not t.isalpha() and any(c.isdigit() for c in t)
        )
        self.names.append(
            IndexedName(entity, parent, wl, text, kind, norm, tokens, key, conf, review or entity.review,
                        method, cjk, mentionable, weights, sum(weights), numbers)
        )  # fmt: skip
        self.exact.setdefault(key, []).append(idx)
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

    def lookup_keys(self) -> tuple[list[str], list[str], list[tuple[str, ...]]]:
        """What a value's words can meet, for a one-pass prefilter over many values (textscan.py).

        Returns:
            (every exact key, the keys that may be mentioned inside text, the words of each multi-word name).
        """
        word_sets = [self.names[i].tokens for idxs in self._sorted_exact.values() for i in idxs]
        return list(self.exact), list(self._mention), word_sets

    # ------------------------------------------------------------------------------------------ look-ups
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
            out.append(make_match(name, name.method, score, reason, norm))
        if not out and len(tokens) > 1:
            for idx in self._sorted_exact.get("".join(sorted(tokens)), ()):
                name = self.names[idx]
                reason = f"'{norm.original.strip()}' has the words of '{name.text}' in a different order"
                out.append(make_match(name, name.method, 96.0, reason, norm))
        return out

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
            sim = token_similarity(token, c)
            if sim >= self._token_threshold:
                out.append((c, sim))
        return out

    def fuzzy_matches(self, norm: Normalized, tokens: tuple[str, ...], tricks: str = "") -> list[Match]:
        """Near matches at or above the threshold, at most one per entity."""
        out: list[Match] = []
        best: dict[str, tuple[float, IndexedName, list]] = {}
        for option in self._value_token_options(tokens):
            # name token -> [(similarity, value token position)]
            reverse: dict[str, list[tuple[float, int]]] = {}
            cand_idx: set[int] = set()
            for i, t in enumerate(option):
                reverse.setdefault(t, []).append((100.0, i))
                if self._weights.get(t, word_class_weight(t)) < WEIGHT_DISTINCTIVE:
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
                name = self.names[idx]
                score, pairs = weighted_token_score(option, wv, v_numbers, name, reverse)
                if score < self.threshold:
                    continue
                prev = best.get(name.entity.id)
                # A near match on a name the list trusts beats a closer one on an unverified alias of the
                # same entry: the finding then stands on the trusted name instead of a review-level one.
                if prev is None or (trusted(name), score) > (trusted(prev[1]), prev[0]):
                    best[name.entity.id] = (score, name, pairs)
        for score, name, pairs in best.values():
            if score >= 99.95:
                continue  # equal after abbreviation folding: the exact pass reports it
            score = min(score, FUZZY_MAX)
            out.append(
                make_match(name, "fuzzy", score, fuzzy_reason(norm, name, score, pairs) + tricks, norm)
            )
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
                    reason = (
                        f"the text mentions '{original_span(norm.original, shown)}', "
                        f"{'the listed name' if name.method == 'exact' else kind_word(name.kind)} '{name.text}'"
                    )
                    score = MENTION_SCORE if field_kind == "text" else 90.0
                    out.append(make_match(name, "description", score, reason, norm))
        return out


def _deletes(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def _min_conf(a: str, b: str) -> str:
    return a if _CONF_ORDER.get(a, 0) <= _CONF_ORDER.get(b, 0) else b


def _contains_seq(hay: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    if n == 0 or n > len(hay):
        return False
    return any(tuple(hay[i : i + n]) == tuple(needle) for i in range(len(hay) - n + 1))
