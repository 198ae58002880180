"""A cheap test that a part number cannot fit any listed maker's pattern.

A 100,000-row BOM holds tens of thousands of distinct part numbers, and running every pattern of every
maker on each (28 regexes) costs more than reading the file. Each pattern can only begin with a small set
of character triples ("ds-", "hi3", "zx2" ...), derived here from the regex's own parse tree; a value with
none of them anywhere in it cannot fit. A pattern whose start cannot be derived disables the shortcut, so
the test never hides a match.

Most patterns also begin with "(?<![A-Z0-9])" or "\\b": their fragment cannot follow a letter or digit, so
"TVM43434" does not wake the pattern for "VM4...". That boundary is kept with the fragment and checked on
plain-ASCII text (where lower-casing keeps every character in place); other text gets the plain test.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # typeshed describes the regex parser only under its pre-3.11 names; since 3.11 sre_constants and sre_parse
    # re-export re._constants and re._parser (and warn when imported), so their stubs describe the same modules.
    import sre_constants as _c
    import sre_parse as _p
else:
    try:  # Python 3.11+
        from re import _constants as _c
        from re import _parser as _p
    except ImportError:  # pragma: no cover - older Pythons are not supported, but fail safe
        _c = _p = None

#: Length of the starting fragments compared: at least K; longer (up to the first of LONGER that gives at most
#: _MAX_FRAGMENTS fragments) when the pattern begins with enough fixed characters. "Boudica 150" of HiSilicon
#: then wakes on "boudica", not on the "bou" of every "Bourns" in a BOM's descriptions.
K = 3
LONGER = (8, 6, 4)
_MAX_FRAGMENTS = 48
#: More fragments than this for one pattern: its starts are treated as unknown.
_MAX_SET = 20000
#: The same while trying longer fragments: past this many the longer length is given up early.
_MAX_SET_LONGER = 400
# A class with more members than this is treated as "any character" (the set would explode).
_MAX_CLASS = 64
_DIGITS = frozenset("0123456789")
_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_SPACE = frozenset(" \t\n\r\f\v")
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
#: Leads a fragment that cannot follow a letter or digit (from a negative lookbehind of letters and digits).
_AFTER_NON_ALNUM = "\x01"
#: Leads a fragment that follows a word boundary (\\b): the same, when the fragment begins with a word character.
_AFTER_BOUNDARY = "\x02"
_MARKS = (_AFTER_NON_ALNUM, _AFTER_BOUNDARY)


#: The character classes (\\d, \\w, \\s) met while deriving the starts of the regex being parsed: they match
#: non-ASCII characters too, which the fragments (ASCII only) do not stand for.
_met = threading.local()


class _Unknown(Exception):
    """The regex uses a construct whose possible starts are not derived: no shortcut for it."""


def _class_chars(items: list) -> frozenset[str]:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av).lower())
        elif op is _c.RANGE:
            lo, hi = av
            if hi - lo > _MAX_CLASS:
                raise _Unknown()
            chars.update(chr(x).lower() for x in range(lo, hi + 1))
        elif op is _c.CATEGORY:
            if hasattr(_met, "categories"):
                _met.categories.add(str(av).lower().replace("category_", ""))
            if av is _c.CATEGORY_DIGIT:
                chars |= _DIGITS
            elif av is _c.CATEGORY_WORD:
                chars |= _WORD
            elif av is _c.CATEGORY_SPACE:
                chars |= _SPACE
            else:
                raise _Unknown()
        else:  # NEGATE and anything else
            raise _Unknown()
    return frozenset(chars)


def _k() -> int:
    """The fragment length of the regex being parsed (see _marked_starts)."""
    return getattr(_met, "k", K)


def _flen(s: str) -> int:
    """Characters of a fragment, its leading boundary mark not counted."""
    return len(s) - 1 if s[:1] in _MARKS else len(s)


def _concat(left: set[str], right: set[str]) -> set[str]:
    k = _k()
    out = set()
    for a in left:
        if _flen(a) >= k:
            out.add(a)
            continue
        for b in right:
            if a and b[:1] in _MARKS:
                b = b[1:]  # a boundary counts only before the fragment's first character
            piece = a + b
            out.add(piece[: k + 1] if piece[:1] in _MARKS else piece[:k])
        if len(out) > (_MAX_SET if k == K else _MAX_SET_LONGER):
            raise _Unknown()  # too many to be worth it (and a repeat of a class would grow without end)
    return out


def _seq(items: Iterable, icase: bool) -> set[str]:
    k = _k()
    acc = {""}
    for op, av in items:
        if all(_flen(s) >= k for s in acc):
            break
        acc = _concat(acc, _item(op, av, icase))
    return acc


def _lookbehind_mark(av, icase: bool) -> str:
    """The mark for a negative lookbehind that refuses every letter and digit before it, else ''.

    Only for a case-insensitive pattern: the fragments are compared with lower-cased text, where a
    case-sensitive [A-Z0-9] would no longer refuse the letters it refuses.
    """
    direction, sub = av
    items = list(sub)
    if not icase or direction != -1 or len(items) != 1 or items[0][0] is not _c.IN:
        return ""
    try:
        chars = _class_chars(items[0][1])
    except _Unknown:
        return ""
    return _AFTER_NON_ALNUM if chars >= _ALNUM else ""


def _item(op, av, icase: bool) -> set[str]:
    if op is _c.LITERAL:
        return {chr(av).lower()}
    if op is _c.ASSERT_NOT:
        return {_lookbehind_mark(av, icase)}
    if op is _c.AT and av is _c.AT_BOUNDARY:
        return {_AFTER_BOUNDARY}
    if op in (_c.AT, _c.ASSERT):
        return {""}  # zero-width
    if op is _c.IN:
        return set(_class_chars(av))
    if op is _c.SUBPATTERN:
        return _seq(av[-1], icase)
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            out |= _seq(branch, icase)
        return out
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        lo, hi, sub = av
        one = _seq(sub, icase)
        acc = {""} if lo == 0 else None
        current = {""}
        reps = 0
        k = _k()
        while reps < max(lo, 1) or (reps < hi and any(_flen(s) < k for s in current)):
            current = _concat(current, one)
            reps += 1
            if reps >= lo:
                acc = current if acc is None else acc | current
            if reps > k + lo:
                break
        return acc or {""}
    if op is _c.ANY:
        raise _Unknown()
    raise _Unknown()


def _marked_starts(regex: str, flags: int = 0) -> set[str] | None:
    """The fragments a match can begin with, each led by a boundary mark where one applies; None if unknown."""
    if _p is None:
        return None
    try:
        parsed = _p.parse(regex, flags)
    except Exception:  # noqa: BLE001 - any surprise from the parser means: no shortcut
        return None
    icase = bool((flags | parsed.state.flags) & re.IGNORECASE)
    # The longest fragments that stay few (a fixed start such as "boudica"), else the K-character ones.
    for k in (*LONGER, K):
        _met.categories = set()
        _met.k = k
        try:
            starts = _seq(parsed.data, icase)  # the items a SubPattern iterates over
        except Exception:  # noqa: BLE001 - _Unknown or any surprise means: no shortcut at this length
            starts = None
        finally:
            _met.k = K
        if starts is not None and (k == K or len(starts) <= _MAX_FRAGMENTS):
            break
    if starts is None or any(_flen(s) == 0 for s in starts):
        return None  # unknown, or the pattern can match the empty string: no shortcut
    return starts


def pattern_starts(regex: str) -> set[str] | None:
    """The lower-case fragments (K characters or more, fewer where a match may be that short) a match of regex
    can begin with, or None if unknown."""
    starts = _marked_starts(regex)
    return None if starts is None else {s[1:] if s[:1] in _MARKS else s for s in starts}


def trie_regex(words: Iterable[str], whole: bool = False) -> str:
    """One regex for a set of literal strings, shaped as a trie ("" for none).

    The regex engine tries the branches of an alternation one by one at every position; sharing prefixes
    ("hm0|hm1|hp0" as "h(?:m[01]|p0)") makes that about one test per character (0.12 s -> 0.02 s over
    195,000 part numbers). For a search (whole=False) a string that begins another is enough on its own,
    so the longer one is dropped; with whole=True (the caller adds boundaries after it) both stay.
    """
    end = object()
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            if not whole and end in node:
                break
            node = node.setdefault(ch, {})
        else:
            if not whole:
                node.clear()
            node[end] = None

    def emit(node: dict) -> str:
        tails: dict[str, list[str]] = {}
        for ch in sorted(k for k in node if k is not end):
            tails.setdefault(emit(node[ch]), []).append(ch)
        alternatives = []
        for tail, chars in tails.items():
            head = (
                re.escape(chars[0]) if len(chars) == 1 else "[" + "".join(re.escape(c) for c in chars) + "]"
            )
            alternatives.append(head + tail)
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        if end in node:  # the word may also end here
            body = (body if len(alternatives) > 1 else f"(?:{body})") + "?"
        return body

    return emit(root) if root else ""


class PatternPrefilter:
    """Answers "could any of these patterns match this value?" without running them.

    Args:
        regexes: the patterns, compiled (their flags are used) or as text (compiled case-insensitively
            elsewhere: only inline flags are known then, so a lookbehind boundary is not used).
    """

    def __init__(self, regexes: Iterable[str | re.Pattern[str]]) -> None:
        bounded: set[str] = set()  # fragments that cannot follow a letter or digit
        free: set[str] = set()
        usable = True
        categories: set[str] = set()
        for regex in regexes:
            if isinstance(regex, re.Pattern):
                starts = _marked_starts(regex.pattern, regex.flags & re.IGNORECASE)
            else:
                starts = _marked_starts(regex)
            categories |= _met.categories
            if starts is None:
                usable = False
                break
            for s in starts:
                if s[:1] == _AFTER_NON_ALNUM or (s[:1] == _AFTER_BOUNDARY and s[1] in _WORD):
                    bounded.add(s[1:])
                else:
                    free.add(s[1:] if s[:1] in _MARKS else s)
        self.usable = usable
        #: The classes ("digit", "word", "space") a fragment stands for: each also matches non-ASCII
        #: characters (Arabic-Indic digits, accented letters, no-break spaces) that no fragment holds.
        self.start_categories = frozenset(categories)
        everything = trie_regex(bounded | free)
        self._any = re.compile(everything) if everything else None
        # For lower-cased plain-ASCII text, where each character stays in its place, led by a NUL: the
        # fragment's preceding character is then part of the match, and a class the regex engine can skip
        # ahead to (a lookbehind is tried at every position: 30 % slower).
        parts = [f"[^a-z0-9](?:{trie_regex(bounded)})" if bounded else "", trie_regex(free)]
        ascii_text = "|".join(p for p in parts if p)
        #: The regex for "\x00" + lower-cased plain-ASCII text (None: no fragments). The text may hold several
        #: values, each led by a NUL: no fragment holds one (see bulk_safe), so a match starts at the NUL
        #: before a value or inside it, and ends inside it.
        self.ascii_regex = re.compile(ascii_text) if ascii_text else None
        #: Whether ascii_regex may scan values joined with NUL.
        self.bulk_safe = usable and not any("\x00" in f for f in bounded | free)

    def may_match(self, lowered: str) -> bool:
        """False only when no pattern can match the (lower-cased) value."""
        if not self.usable:
            return True
        if lowered.isascii():
            return self.ascii_regex is not None and self.ascii_regex.search("\x00" + lowered) is not None
        return self._any is not None and self._any.search(lowered) is not None
