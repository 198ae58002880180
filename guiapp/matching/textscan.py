"""One pass over many free-text values (descriptions, notes) that proves most of them meet nothing listed.

A distinct description costs the full matcher about 65 us (90 us with a 16,000-party list loaded): its 28
part-number regexes, its exact look-up and the mention n-grams of every word run. A 100,000-row BOM whose
descriptions all differ (as real ones do) then costs seconds, growing with patterns x values. Here a batch
of values is joined into one text and each thing that could make a text value match is looked for once:

* a part-number pattern can only begin with one of its starting fragments (PatternPrefilter, one regex pass);
* an exact or mentioned listed name is a run of whole words whose concatenation is a listed key: an
  Aho-Corasick automaton of every key (pyahocorasick, built once per Matcher) scans the words of all values
  with the spaces between them ignored, and a find counts only when it begins and ends at word boundaries
  (keys that the matcher only compares with a whole value count only at the value's start);
* a listed name whose words come in another order holds its longest word as a whole word (the same scan);
* spaced-out letters ("H I K") are joined by normalisation: a key is found across the spaces anyway, and
  an abbreviation spelled out so ("i n t l", folded to "international" once joined) sends its value on.

A value none of these finds cannot match (it would take the full path only to find nothing); the rest, and
every value that is not plain ASCII, take the full path. bulk_clear() is checked against the full path on
random and adversarial values by tests/core/test_textscan.py.

Why pyahocorasick: the keys are the listed names (22,900 with the Consolidated Screening List), matched
across the spaces of the value; the automaton is built in about 30 ms and scans in C with spaces ignored,
where one trie-shaped regex of the same keys takes seconds to compile and cannot skip spaces inside a key.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence

import ahocorasick

from guiapp.matching.prefilter import PatternPrefilter, trie_regex

_ALNUM = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
# Every byte that is not a lower-case letter, a digit or the NUL between values becomes a space, as in fold().
_TO_SPACE = bytes(b for b in range(256) if b not in _ALNUM and b != 0)
_WORDS_ONLY = bytes.maketrans(_TO_SPACE, b" " * len(_TO_SPACE))
#: Needle kinds, as bits: a key that may stand anywhere among a value's words, a key compared only with a
#: whole value (so only from its first word), an abbreviation spelled out in single letters.
_ANYWHERE = 1
_FROM_START = 2
_SPACED = 4

#: What bulk_scan() says a value may meet: a part-number pattern, a listed name (0: nothing).
PATTERNS = 1
NAMES = 2
EVERYTHING = PATTERNS | NAMES


class TextClearance:
    """Clears free-text values that provably meet no part-number pattern and no listed name.

    Args:
        prefilter: the part-number patterns' starting fragments.
        exact_keys: compact keys of every listed name (words joined, abbreviations folded), matched only
            against a whole value.
        mention_keys: the keys that may be mentioned anywhere inside longer text.
        word_sets: the words of every multi-word listed name (matched in any order against a whole value).
        abbreviations: short word -> the word it is folded to before comparing (words.ABBREVIATIONS).
    """

    def __init__(
        self,
        prefilter: PatternPrefilter,
        exact_keys: Iterable[str],
        mention_keys: Iterable[str],
        word_sets: Iterable[Sequence[str]],
        abbreviations: Mapping[str, str],
    ) -> None:
        self._prefilter = prefilter
        needles: dict[str, int] = {}

        def add(key: str, kind: int) -> None:
            if key and key.isascii():
                needles[key] = needles.get(key, 0) | kind

        for key in exact_keys:
            add(key, _FROM_START)
        for key in mention_keys:
            add(key, _ANYWHERE)
        for words in word_sets:
            if words and all(w.isascii() for w in words):
                # A value with these words in another order holds each of them: the longest is the rarest.
                add(max(words, key=lambda w: (len(w), w)), _ANYWHERE)
        for short in abbreviations:
            add(short, _SPACED)
        self.usable = prefilter.usable and prefilter.bulk_safe
        automaton = ahocorasick.Automaton()
        for key, kinds in needles.items():
            automaton.add_word(key, (len(key), kinds))
        if needles:
            automaton.make_automaton()
        self._automaton = automaton if needles else None
        self._abbreviations = dict(abbreviations)
        words = trie_regex(self._abbreviations, whole=True)
        self._abbreviation_rx = re.compile(rf"(?<![a-z0-9])(?:{words})(?![a-z0-9])") if words else None

    def bulk_clear(self, values: Sequence[str]) -> list[bool]:
        """For each value, True when it provably meets nothing as free text (kind "text")."""
        return [not stages for stages in self.bulk_scan(values)]

    def bulk_scan(self, values: Sequence[str]) -> list[int]:
        """For each value, what it may meet as free text: PATTERNS, NAMES, both, or 0 (provably nothing).

        A stage left out cannot find anything in the value, so the full matching may skip it. A value that
        is not plain ASCII, or that holds a NUL, is given EVERYTHING.
        """
        n = len(values)
        if not n or not self.usable:
            return [EVERYTHING] * n
        chosen = [i for i, v in enumerate(values) if v.isascii() and "\x00" not in v]
        plain = [values[i] for i in chosen] if len(chosen) < n else values
        lowered = "\x00" + "\x00".join(plain).lower() + "\x00"
        ascii_regex = self._prefilter.ascii_regex
        patterns: list[int] = []
        if ascii_regex is not None:
            patterns = _value_indices(lowered, [m.start() for m in ascii_regex.finditer(lowered)])
        names: list[int] = []
        # The words of each value as normalisation reads plain ASCII: '&' is 'and', anything else not a
        # letter or digit a space; abbreviations folded as canon() folds them.
        words = lowered.replace("&", " and ").encode("ascii").translate(_WORDS_ONLY).decode("ascii")
        if self._abbreviation_rx is not None:
            table = self._abbreviations
            words = self._abbreviation_rx.sub(lambda m: table[m.group(0)], words)
        if self._automaton is not None:
            names = _value_indices(words, self._finds(words))
        stages = [0] * len(plain)
        for i in patterns:
            stages[i] = PATTERNS
        for i in names:
            stages[i] |= NAMES
        if len(chosen) == n:
            return stages
        out = [EVERYTHING] * n
        for i, found in zip(chosen, stages, strict=True):
            out[i] = found
        return out

    def _finds(self, words: str) -> list[int]:
        """Start positions of keys found in words (values led and ended by NUL) as runs of whole words."""
        assert self._automaton is not None
        starts = [m.start() for m in re.finditer("\x00", words)]
        out = []
        size = len(words)
        for end, (length, kinds) in self._automaton.iter(words, ignore_white_space=True):
            if end + 1 < size and words[end + 1] not in " \x00":
                continue  # ends inside a word
            # Walk back over the key's letters (spaces between them are skipped by the automaton).
            pos = end
            left = length
            while True:
                if words[pos] != " ":
                    left -= 1
                    if not left:
                        break
                pos -= 1
            if words[pos - 1] not in " \x00":
                continue  # begins inside a word
            if kinds & _ANYWHERE:
                out.append(pos)
            elif kinds & _FROM_START and not words[starts[bisect_right(starts, pos) - 1] + 1 : pos].strip(
                " "
            ):
                out.append(pos)  # a whole-value key that begins the value
            elif kinds & _SPACED and " " in words[pos:end]:
                out.append(pos)
        return out


def _value_indices(text: str, positions: list[int]) -> list[int]:
    """For text of values each led by a NUL: the index of the value each position falls in (NUL: the next)."""
    if not positions:
        return []
    starts = [m.start() for m in re.finditer("\x00", text)]
    return [bisect_right(starts, p) - 1 for p in positions]
