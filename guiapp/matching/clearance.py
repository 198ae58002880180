"""The quick clearance of ordinary part numbers, which spares most values of a large BOM the full matching.

A part-number cell is screened by the makers' patterns and by exact listed names. PartNumberClearance proves
cheaply that a value meets neither: no starting fragment of any pattern occurs in it (the PatternPrefilter of
prefilter.py), and neither its compact form nor any of its words is a listed name's key or word, or no listed
name's key holds its digits (then it cannot equal one, whatever its words).
quick_clear() answers for one value and is the reference; bulk_quick_clear() gives the same answers for a
whole batch with a few regex passes over the values joined together.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from guiapp.matching.indexedname import IndexedName
from guiapp.matching.prefilter import PatternPrefilter, trie_regex
from guiapp.matching.words import ABBREVIATIONS

_ASCII_WORDS = re.compile(r"[a-z0-9]+")
_DIGIT = re.compile(r"[0-9]")
_SINGLE_LETTER = re.compile(r"(?<![a-z0-9])[a-z](?![a-z0-9])")
# For the bulk clearance: values joined by NUL, with a NUL before the first and after the last.
_NO_DIGIT_VALUE = re.compile(r"\x00[^0-9\x00]*(?=\x00)")
_ALNUM_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
_NOT_ALNUM = bytes(b for b in range(256) if b not in _ALNUM_BYTES)
_NOT_ALNUM_OR_NUL = _NOT_ALNUM.replace(b"\x00", b"")
_SINGLE_LETTER_WORDS = frozenset(bytes([b]) for b in b"abcdefghijklmnopqrstuvwxyz")
# The same text with every other byte but NUL a space: a single letter is then a letter after a space or NUL
# and before no letter or digit, which a regex finds by its first byte (the look-behind of _SINGLE_LETTER
# makes re try every position: 0.038 s against 0.01 s for 190,000 part numbers).
_ALNUM_OR_NUL_ELSE_SPACE = bytes.maketrans(_NOT_ALNUM_OR_NUL, b" " * len(_NOT_ALNUM_OR_NUL))
_SINGLE_LETTER_AFTER = re.compile(rb"[ \x00][a-z](?![a-z0-9])")
_NOT_DIGIT_BYTES = bytes(b for b in range(256) if not 0x30 <= b <= 0x39)
#: Below this many values the per-value clearance is as quick; above this many listed words found in one
#: batch, the whole-word regex of them would cost more than it saves.
_BULK_MIN_VALUES = 32
_BULK_MAX_WORDS = 400


class PartNumberClearance:
    """Clears part numbers that provably meet no pattern and no listed name.

    Args:
        patterns: the compiled part-number patterns.
        names: the indexed names.
        exact: the name index's exact keys (compact keys of the names).
        other_keys: the index's other look-up keys (without legal forms, words sorted), which a value's
            words may equal too.
    """

    def __init__(
        self,
        patterns: Iterable[re.Pattern[str]],
        names: Sequence[IndexedName],
        exact: dict[str, list[int]],
        other_keys: Iterable[str] = (),
    ) -> None:
        self._exact = exact
        # The digits of every key that holds some, sorted: a plain-ASCII value keeps its digits through
        # normalisation (and no legal form or abbreviation holds one), so its look-up keys have its digits,
        # and a value whose digits are no key's digits equals no listed name, whatever words it holds.
        self.key_digits = frozenset(
            digits for key in itertools.chain(exact, other_keys) if (digits := _sorted_digits(key))
        )
        self.prefilter = PatternPrefilter(patterns)
        name_words = {t for n in names for t in (*n.tokens, *n.norm.tokens) if not t.isdigit()}
        abbreviations = {short for short, full in ABBREVIATIONS.items() if full in name_words}
        self.quick_words = frozenset(name_words | abbreviations)
        # The same as bytes, for bulk_quick_clear (only plain-ASCII values are cleared).
        self._quick_words_ascii = frozenset(w.encode("ascii") for w in self.quick_words if w.isascii())
        self._exact_ascii = frozenset(k.encode("ascii") for k in exact if k.isascii())
        self._key_digits_ascii = frozenset(d.encode("ascii") for d in self.key_digits if d.isascii())

    def bulk_quick_clear(self, values: Sequence[str]) -> list[bool]:
        """[quick_clear(v, "part_number") for v in values], with each test one pass over all of them.

        Calling quick_clear per value costs about 2 us, most of it the calls: 0.4 s for the 195,000
        distinct part numbers of a 100,000-row BOM. Here the plain-ASCII values are joined by NUL (which
        none of them holds), lower-cased once, and each test is one regex pass over the joined text whose
        few finds are mapped back to their value; a value is cleared when no test finds anything in it.
        """
        n = len(values)
        prefilter = self.prefilter
        if n < _BULK_MIN_VALUES or not prefilter.bulk_safe:
            return [self.quick_clear(v, "part_number") for v in values]
        joined = "\x00".join(values)
        if joined.isascii() and joined.count("\x00") == n - 1:
            chosen: list[int] | None = None
            plain = values
        else:  # Non-ASCII values take the full path, as in quick_clear; a value holding a NUL is asked alone.
            chosen = [i for i, v in enumerate(values) if v.isascii() and "\x00" not in v]
            plain = [values[i] for i in chosen]
            joined = "\x00".join(plain)
        text = "\x00" + joined.lower() + "\x00"
        raw = text.encode("ascii")
        blocked = [m.start() for m in _NO_DIGIT_VALUE.finditer(text)]
        if prefilter.ascii_regex is not None:
            blocked += [m.start() for m in prefilter.ascii_regex.finditer(text)]
        # Words (runs of letters and digits) as bytes: a C translate and split, three times quicker than findall.
        spaced = raw.translate(_ALNUM_OR_NUL_ELSE_SPACE)
        words = spaced.replace(b"\x00", b" ").split()
        listed = self._quick_words_ascii.intersection(words)
        if len(listed) > _BULK_MAX_WORDS:
            return [self.quick_clear(v, "part_number") for v in values]
        index: list[int] = []
        if listed:
            alternatives = trie_regex((w.decode("ascii") for w in listed), whole=True).encode("ascii")
            # A listed word after a space or NUL in spaced (a find starts at that byte), as for single letters.
            found = re.finditer(rb"[ \x00](?:" + alternatives + rb")(?![a-z0-9])", spaced)
            # A listed word matters only in a value whose digits are some key's digits (see quick_clear).
            key_digits = self._key_digits_ascii
            index += [
                i
                for i in dict.fromkeys(value_indices(text, [m.start() for m in found]))
                if bytes(sorted(plain[i].encode("ascii").translate(None, _NOT_DIGIT_BYTES))) in key_digits
            ]
        if not _SINGLE_LETTER_WORDS.isdisjoint(words):
            # Spaced-out letters ("H I K 1 2") are joined by normalisation: two single letters take the full path.
            # (A find starts at the space or NUL before its letter; a NUL counts for the value it begins.)
            starts = [m.start() for m in _SINGLE_LETTER_AFTER.finditer(spaced)]
            letters = Counter(value_indices(text, starts))
            index += [i for i, count in letters.items() if count >= 2]
        index += value_indices(text, blocked)
        compact = raw.translate(None, _NOT_ALNUM_OR_NUL).split(b"\x00")[1:-1]
        exact = self._exact_ascii
        if not exact.isdisjoint(compact):
            index += [i for i, key in enumerate(compact) if key in exact]
        ok = [True] * len(plain)
        for i in index:
            ok[i] = False
        if chosen is None:
            return ok
        out = [False] * n
        for i, cleared in zip(chosen, ok, strict=True):
            out[i] = cleared
        for i, v in enumerate(values):
            if "\x00" in v:
                out[i] = self.quick_clear(v, "part_number")
        return out

    def quick_clear(self, value: str, kind: str) -> bool:
        """True when an ordinary part number provably meets nothing, without the full pipeline.

        A part-number cell is screened by the makers' patterns and by exact listed names. A plain-ASCII
        value with a digit in it (look-alike letters, zero-width characters and Chinese script always take
        the full path) cannot fit a pattern when none of the patterns' starting fragments occurs in it, and
        cannot equal a listed name when neither its compact form nor any of its words (bare numbers aside:
        they equal a name only together with its other words) is a listed name's key or word. Its words are
        not asked about when its digits are no listed key's digits: every look-up key made of the value holds
        its digits (normalisation keeps the digits of plain ASCII; legal forms and abbreviations hold none),
        so such a value equals no listed name whatever its words (a CSL name's word such as 'neo' or 'sara'
        in "NEO-6M-0-001" then no longer sends it down the full path). Spaced-out
        letters are joined by normalisation, so two single letters send a value down the full path. Most
        part numbers of a large BOM end here; bulk_quick_clear gives the same answers for a whole batch
        (tests/core/test_prefilter.py holds the two together), this one stays the reference.
        """
        if kind != "part_number" or not value.isascii():
            return False
        lowered = value.lower()
        if _DIGIT.search(lowered) is None or self.prefilter.may_match(lowered):
            return False
        words = _ASCII_WORDS.findall(lowered)
        if "".join(words) in self._exact:
            return False
        if not self.quick_words.isdisjoint(words) and _sorted_digits(lowered) in self.key_digits:
            return False
        return len(_SINGLE_LETTER.findall(lowered)) < 2


def _sorted_digits(text: str) -> str:
    """The ASCII digits of text in sorted order ("" for none): what any rearrangement of its words keeps."""
    return "".join(sorted(_DIGIT.findall(text)))


def value_indices(text: str, positions: list[int]) -> list[int]:
    """For text of values each led by a NUL: the index of the value each position falls in (NUL: the next),
    for the positions in ascending order. The NULs are counted up to each position in turn, in C: for a few
    finds quicker than finding every NUL of the text."""
    out = []
    index = -1
    done = 0
    for p in sorted(positions):
        index += text.count("\x00", done, p + 1)
        done = p + 1
        out.append(index)
    return out
