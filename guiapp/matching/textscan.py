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

A value none of these finds cannot match (it would take the full path only to find nothing); the rest take
the look-ups that may find something. Values are read as normalisation reads them: lower case, '&' as
'and', other punctuation as spaces. Non-ASCII characters that normalisation folds one by one, whatever
stands beside them (micro and ohm signs, plus-minus, degrees, accented letters, full-width letters), are
read as it reads them; a value with any other (Chinese script, combining marks, invisible characters, a
letter a pattern's class could match) takes the full path. bulk_clear() is checked against the full path on
random and adversarial values by tests/core/test_textscan.py.

Why pyahocorasick: the keys are the listed names (20,800 plain-ASCII keys with the Consolidated Screening
List), matched across the spaces of the value; the automaton of them is built in 0.04 s and scans in C
with spaces ignored, where one trie-shaped regex of the same keys took 2.0 s to compile (measured on the
development machine) and cannot skip the spaces inside a key.
"""

from __future__ import annotations

import itertools
import operator
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence

import ahocorasick

from guiapp.matching.clearance import value_indices
from guiapp.matching.normalize import SOFT_HYPHEN, ZERO_WIDTH, fold, is_cjk_char
from guiapp.matching.prefilter import PatternPrefilter, trie_regex
from guiapp.matching.words import word_class_weight

_ALNUM = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
# Every byte that is not a lower-case letter, a digit or the NUL between values becomes a space, as in fold().
_TO_SPACE = bytes(b for b in range(256) if b not in _ALNUM and b != 0)
_WORDS_ONLY = bytes.maketrans(_TO_SPACE, b" " * len(_TO_SPACE))
#: Needle kinds, as bits: a key that may stand anywhere among a value's words, a key compared only with a
#: whole value (so only from its first word), an abbreviation spelled out in single letters, a word of a
#: listed name that the value may hold in another order.
_ANYWHERE = 1
_FROM_START = 2
_SPACED = 4
_WORDS = 8
#: Normalisation joins spaced-out letters only when a value holds this many single letters (a-z).
_JOINABLE = 3
_ASCII_ALNUM = re.compile(r"[a-z0-9]", re.IGNORECASE)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CLASSES = {"digit": re.compile(r"\d"), "word": re.compile(r"\w"), "space": re.compile(r"\s")}

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
        # A value with a name's words in another order holds each of them as a whole word: the scan looks
        # for the most distinctive one, and a find counts when the value holds the others too.
        sets_by_word: dict[str, list[frozenset[str]]] = {}
        for words in word_sets:
            if words and all(w.isascii() for w in words):
                # A word of one or two letters would be found inside most other words (each find is then
                # looked at in Python): any word of the name will do, so a longer one is taken when there is one.
                word = max(words, key=lambda w: (len(w) > 2, word_class_weight(w), len(w), w))
                add(word, _WORDS)
                sets_by_word.setdefault(word, []).append(frozenset(words))
        for short in abbreviations:
            add(short, _SPACED)
        self.usable = prefilter.usable and prefilter.bulk_safe
        automaton = ahocorasick.Automaton()
        for key, kinds in needles.items():
            automaton.add_word(key, (len(key), kinds, tuple(sets_by_word.get(key, ()))))
        if needles:
            automaton.make_automaton()
        self._automaton = automaton if needles else None
        # Characters whose reading is known: each maps to (its pattern text, its words); ASCII but NUL read as is.
        self._plain = set(map(chr, range(1, 128)))
        self._pattern_table: dict[str, str] = {}
        self._words_table: dict[str, str] = {}
        self._refused: set[str] = set()
        self._classes = [_CLASSES[c] for c in prefilter.start_categories if c in _CLASSES]
        self._abbreviations = dict(abbreviations)
        self._abbreviation_words = (
            re.compile(" (" + trie_regex(self._abbreviations, whole=True) + ")(?= )")
            if abbreviations
            else None
        )

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
        joined = "\x00".join(values)
        if joined.isascii() and joined.count("\x00") == n - 1:
            chosen = None
            plain = values
            lowered = "\x00" + joined.lower() + "\x00"
            pattern_text = lowered
        else:
            present = set(_NON_ASCII.findall(joined))
            self._learn(present)
            known = self._plain
            if joined.count("\x00") == n - 1 and known.issuperset(present):
                # Every character is one whose reading is known (micro, ohm, plus-minus): all values are read,
                # without a look at each (0.08 s for 100,000 descriptions).
                chosen = None
                plain = values
                joined = "\x00" + joined + "\x00"
            else:
                chosen = [
                    i
                    for i, v in enumerate(values)
                    if (v.isascii() and "\x00" not in v) or known.issuperset(v)
                ]
                plain = [values[i] for i in chosen]
                joined = "\x00" + "\x00".join(plain) + "\x00"
            # What the patterns search (compatibility forms folded), and the words normalisation reads.
            present &= known
            pattern_text = _replace_each(joined, present, self._pattern_table).lower()
            lowered = _replace_each(joined, present, self._words_table).lower()
        ascii_regex = self._prefilter.ascii_regex
        patterns: list[int] = []
        if ascii_regex is not None:
            patterns = value_indices(pattern_text, [m.start() for m in ascii_regex.finditer(pattern_text)])
        names: list[int] = []
        # The words of each value as normalisation reads them: '&' is 'and', anything else not a letter or
        # digit a space; abbreviations folded as canon() folds them.
        words = lowered.replace("&", " and ").encode("ascii").translate(_WORDS_ONLY).decode("ascii")
        if self._abbreviation_words is not None:
            # A NUL between values stands alone, so every word (a run of letters and digits) has a space on
            # either side and one regex pass finds the abbreviations among them: starting at a space, it is
            # three times quicker than splitting 100,000 descriptions into their million words and back.
            table = self._abbreviations
            words = self._abbreviation_words.sub(
                lambda m: " " + table[m.group(1)], words.replace("\x00", " \x00 ")
            )
        if self._automaton is not None:
            starts = _nul_positions(words)
            names = [bisect_right(starts, p) - 1 for p in self._finds(words, starts)]
        stages = [0] * len(plain)
        for i in patterns:
            stages[i] = PATTERNS
        for i in names:
            stages[i] |= NAMES
        if chosen is None:
            return stages
        out = [EVERYTHING] * n
        for i, found in zip(chosen, stages, strict=True):
            out[i] = found
        return out

    def _learn(self, chars: set[str]) -> None:
        """Decide, once per character, whether its reading is known without its neighbours."""
        for ch in chars - self._plain - self._refused:
            reading = self._reading(ch)
            if reading is None:
                self._refused.add(ch)
                continue
            self._pattern_table[ch], self._words_table[ch] = reading
            self._plain.add(ch)

    def _reading(self, ch: str) -> tuple[str, str] | None:
        """(what the patterns see, the words normalisation reads) for one non-ASCII character, or None.

        None for a character whose reading depends on its neighbours or that the fast path cannot vouch
        for: marks, invisible and control characters, Chinese and other scripts without case, any character
        that a pattern's class (\\d, \\w, \\s) or a case-insensitive ASCII letter could match.
        """
        category = unicodedata.category(ch)
        if category[0] in "MC" or category in ("Lo", "Lm"):
            return None
        if ch in ZERO_WIDTH or ch == SOFT_HYPHEN or is_cjk_char(ch):
            return None
        pattern_text = unicodedata.normalize("NFKC", ch)
        # Patterns read every dash as a hyphen (partnumbers._pattern_text): en dash, minus, non-breaking hyphen.
        pattern_text = "".join("-" if _is_dash(x) else x for x in pattern_text)
        for x in pattern_text + pattern_text.lower():
            if x.isascii():
                continue
            if unicodedata.combining(x) or _ASCII_ALNUM.match(x) or any(rx.match(x) for rx in self._classes):
                return None
        # The words: between two words, so that a leading or trailing space shows and nothing is joined.
        folded, tricks = fold(f"ab{ch}ab")
        if (
            not folded.isascii()
            or not folded.startswith("ab")
            or not folded.endswith("ab")
            or "\x00" in folded
        ):
            return None
        if any("spaced" in t for t in tricks):
            return None
        return pattern_text, folded[2:-2]

    def _finds(self, words: str, starts: list[int]) -> list[int]:
        """Start positions of keys found in words (values led and ended by NUL, whose positions are starts) as
        runs of whole words."""
        assert self._automaton is not None
        out = []
        found = list(self._automaton.iter(words, ignore_white_space=True))
        # Most finds end inside a word ('res' in 'research'): those are dropped in C, a few calls per find,
        # before the rest are looked at one by one (0.27 s to 0.1 s for 190,000 finds in 100,000 descriptions).
        after = map((words + " ").__getitem__, map((1).__add__, map(operator.itemgetter(0), found)))
        for end, (length, kinds, word_sets) in itertools.compress(found, map(" \x00".__contains__, after)):
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
                continue
            value = bisect_right(starts, pos) - 1
            if kinds & _FROM_START and not words[starts[value] + 1 : pos].strip(" "):
                out.append(pos)  # a whole-value key that begins the value
            elif kinds & _SPACED and " " in words[pos:end]:
                out.append(pos)
            elif word_sets:
                tokens = words[starts[value] + 1 : starts[value + 1]].split()
                # Single letters may be joined into the missing words by normalisation, which joins only
                # with three single letters; single digits alone ("2.2M 1/10W 2%") never start a join.
                if sum(len(t) == 1 and t.isalpha() for t in tokens) >= _JOINABLE or any(
                    s.issubset(tokens) for s in word_sets
                ):
                    out.append(pos)
        return out


def _replace_each(text: str, chars: set[str], table: Mapping[str, str]) -> str:
    """text with each of chars replaced by table[char], as one regex substitution of them all would.

    One C str.replace per distinct character (a BOM's descriptions hold a handful: micro, ohm, plus-minus)
    instead of a Python call per occurrence; when a replacement holds another of the characters (so the
    order of the replacements would matter) the substitution is done in one pass after all.
    """
    if any(not chars.isdisjoint(table[ch].replace(ch, "")) for ch in chars):
        return _NON_ASCII.sub(lambda m: table[m.group(0)], text)
    for ch in chars:
        if table[ch] != ch:
            text = text.replace(ch, table[ch])
    return text


def _is_dash(ch: str) -> bool:
    """A dash that part-number patterns read as a hyphen."""
    return ch == "\u2212" or unicodedata.category(ch) == "Pd"


def _nul_positions(text: str) -> list[int]:
    """The positions of the NULs in text, from the lengths of the stretches between them (in C)."""
    stretches = text.split("\x00")[:-1]
    return list(itertools.accumulate(map((1).__add__, map(len, stretches)), initial=-1))[1:]
