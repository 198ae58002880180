"""A cheap test that a part number cannot fit any listed maker's pattern.

A 100,000-row BOM holds tens of thousands of distinct part numbers, and running every pattern of every
maker on each (28 regexes) costs more than reading the file. Each pattern can only begin with a small set
of character triples ("ds-", "hi3", "zx2" ...), derived here from the regex's own parse tree; a value with
none of them anywhere in it cannot fit. A pattern whose start cannot be derived disables the shortcut, so
the test never hides a match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - older Pythons are not supported, but fail safe
    _c = _p = None

#: Length of the starting fragments compared.
K = 3
# A class with more members than this is treated as "any character" (the set would explode).
_MAX_CLASS = 64
_DIGITS = frozenset("0123456789")
_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_SPACE = frozenset(" \t\n\r\f\v")


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


def _concat(left: set[str], right: set[str]) -> set[str]:
    out = set()
    for a in left:
        if len(a) >= K:
            out.add(a)
            continue
        for b in right:
            out.add((a + b)[:K])
    return out


def _seq(items: Iterable) -> set[str]:
    acc = {""}
    for op, av in items:
        if all(len(s) >= K for s in acc):
            break
        acc = _concat(acc, _item(op, av))
        if len(acc) > 20000:
            raise _Unknown()
    return acc


def _item(op, av) -> set[str]:
    if op is _c.LITERAL:
        return {chr(av).lower()}
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return {""}  # zero-width
    if op is _c.IN:
        return set(_class_chars(av))
    if op is _c.SUBPATTERN:
        return _seq(av[-1])
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            out |= _seq(branch)
        return out
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        lo, hi, sub = av
        one = _seq(sub)
        acc = {""} if lo == 0 else None
        current = {""}
        reps = 0
        while reps < max(lo, 1) or (reps < hi and any(len(s) < K for s in current)):
            current = _concat(current, one)
            reps += 1
            if reps >= lo:
                acc = current if acc is None else acc | current
            if reps > K + lo:
                break
        return acc or {""}
    if op is _c.ANY:
        raise _Unknown()
    raise _Unknown()


def pattern_starts(regex: str) -> set[str] | None:
    """The lower-case fragments (up to K characters) a match of regex can begin with, or None if unknown."""
    if _p is None:
        return None
    try:
        parsed = _p.parse(regex)
        starts = _seq(parsed)
    except Exception:  # noqa: BLE001 - _Unknown or any surprise from the parser means: no shortcut
        return None
    if "" in starts:
        return None  # the pattern can match the empty string: no shortcut
    return starts


class PatternPrefilter:
    """Answers "could any of these patterns match this value?" without running them.

    Args:
        regexes: the pattern texts (compiled case-insensitively elsewhere).
    """

    def __init__(self, regexes: Iterable[str]) -> None:
        full: set[str] = set()
        short: set[str] = set()
        usable = True
        for regex in regexes:
            starts = pattern_starts(regex)
            if starts is None:
                usable = False
                break
            for s in starts:
                (full if len(s) == K else short).add(s)
        self.usable = usable
        # One alternation of literal fragments: the regex engine scans the value once, in C.
        fragments = sorted(full | short, key=lambda f: (-len(f), f))
        self._any = re.compile("|".join(re.escape(f) for f in fragments)) if fragments else None

    def may_match(self, lowered: str) -> bool:
        """False only when no pattern can match the (lower-cased) value."""
        if not self.usable:
            return True
        return self._any is not None and self._any.search(lowered) is not None
