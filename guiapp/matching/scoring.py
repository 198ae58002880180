"""Scores: how alike two tokens are, the weighted token score of a near match, and which finding wins.

token_similarity() compares two tokens (a swap of neighbouring letters costs half an edit);
weighted_token_score() is the asymmetric score of a value's tokens against a listed name's (a distinctive
word must be shared, differing numbers rule a name out, extra words in the value cost more than missing words
of the name); best_per_entity() keeps one match per entity, ranked by review level, score and method. The
fixed scores of alias, mention, Chinese-script and part-number matches are defined here beside them.
"""

from __future__ import annotations

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Levenshtein

from guiapp.matching.indexedname import IndexedName
from guiapp.matching.words import WEIGHT_COMMON, WEIGHT_DISTINCTIVE, WEIGHT_ORDINARY
from guiapp.model import Match

#: Score of a match on an alias (method "alias"), by alias kind.
ALIAS_SCORE = 97.0
MENTION_SCORE = 92.0
FUZZY_MAX = 96.0  # a near match never outranks an exact alias
CJK_SUBSTRING_SCORE = 93.0
PATTERN_SCORES = {"high": 95.0, "medium": 88.0, "low": 75.0}
_METHOD_RANK = {"exact": 5, "alias": 4, "fuzzy": 3, "part_number": 2, "description": 1}


def token_similarity(a: str, b: str) -> float:
    """Similarity 0..100 of two tokens; a transposition of neighbours costs half an edit.

    "hikvisoin" vs "hikvision" is 94.4 (one transposition); "dahuaa" vs "dahua" is 90.9.
    """
    if a == b:
        return 100.0
    longest = max(len(a), len(b))
    lev = Levenshtein.distance(a, b)
    osa = OSA.distance(a, b)
    transpositions = lev - osa
    cost = osa - 0.5 * transpositions
    return max(fuzz.ratio(a, b), 100.0 * (1.0 - cost / longest))


def weighted_token_score(
    option: tuple[str, ...],
    wv: list[float],
    v_numbers: frozenset[int],
    name: IndexedName,
    reverse: dict[str, list[tuple[float, int]]],
    weak: bool = False,
) -> tuple[float, list[tuple[str, str, float]]]:
    """Asymmetric weighted token score; 0 without a distinctive token in common or with differing numbers."""
    pairs: list[tuple[float, int, int]] = []
    for j, nt in enumerate(name.tokens):
        for sim, i in reverse.get(nt, ()):
            pairs.append((sim, i, j))
    if not pairs:
        return 0.0, []
    pairs.sort(reverse=True)
    used_v: set[int] = set()
    used_n: set[int] = set()
    chosen = []
    distinctive = False
    long_strong = False
    ordinary = 0
    nw = name.weights
    for s, i, j in pairs:
        if i in used_v or j in used_n:
            continue
        used_v.add(i)
        used_n.add(j)
        chosen.append((s, i, j))
        if nw[j] == WEIGHT_DISTINCTIVE:
            distinctive = True
            long_strong = long_strong or len(name.tokens[j]) > 3
        elif nw[j] >= WEIGHT_COMMON:
            ordinary += 1
    if not distinctive:
        # Ordinary words ('crystal', 'century') and words many listed names share alone are no evidence,
        # unless they are the whole name: two or more of them, every one of the name's ordinary words met
        # ('Iron Mountain', 'Atomic Energy Organization').
        # A weak listed name (one ordinary word) may meet its own word, as a review item (see NameIndex.weak).
        needed = sum(1 for w in nw if w == WEIGHT_ORDINARY)
        if ordinary < needed or ordinary < (1 if weak else 2):
            return 0.0, []
    elif not long_strong and any(w >= WEIGHT_COMMON for j, w in enumerate(nw) if j not in used_n):
        return 0.0, []  # an acronym-like fragment ('CK', 'PMC') only when the rest of the name agrees too
    if (v_numbers - used_v) and (name.numbers - used_n):
        return 0.0, []  # numbers distinguish entities ("CETC 13" is not "CETC 14")
    cov_v = sum(wv[i] * s for s, i, _ in chosen) / (100.0 * sum(wv))
    cov_n = sum(nw[j] * s for s, _, j in chosen) / (100.0 * name.weight_total)
    score = 100.0 * (0.75 * cov_v + 0.25 * cov_n)
    return score, [(option[i], name.tokens[j], s) for s, i, j in chosen]


def trusted(name: IndexedName) -> bool:
    """Whether a matched name alone makes a full (not review-level) finding."""
    return not (name.review or name.confidence == "low")


def _rank(m: Match) -> tuple:
    return (not m.review, m.score, _METHOD_RANK.get(m.method, 0))


def best_per_entity(matches: list[Match]) -> list[Match]:
    """The best match of each entity, best first."""
    best: dict[str, Match] = {}
    for m in matches:
        prev = best.get(m.entity_id)
        if prev is None or _rank(m) > _rank(prev):
            best[m.entity_id] = m
    return sorted(best.values(), key=_rank, reverse=True)
