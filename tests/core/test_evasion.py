"""Evasion: every listed name and alias, disguised by each trick, is still caught with the trick named.

Variants are generated for every primary name and alias in the built-in list (CJK names excluded: the
tricks are Latin-script ones). A variant counts as caught when the matcher returns a match for the same
listed parent as the undisguised name, and the reason names the trick. Run this file directly to print the
share caught per trick:

    python tests/core/test_evasion.py
"""

from __future__ import annotations

import importlib.util
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from guiapp.lists.watchlist import load_builtin
from guiapp.matching.matcher import Matcher
from guiapp.matching.normalize import has_cjk

REPO = Path(__file__).resolve().parents[2]
EVAL_CASES = REPO.parent / "shared" / "eval" / "screening-cases.csv"

# Look-alikes a person would pick from a keyboard layout or a character map (not the matcher's table).
CYRILLIC = dict(zip("aceopxyiABCEHKMOPTXjsS", "асеорхуіАВСЕНКМОРТХјѕЅ", strict=True))
GREEK = dict(zip("oivkAEHIKMNOPTXYZ", "οινκΑΕΗΙΚΜΝΟΡΤΧΥΖ", strict=True))
ZERO_WIDTHS = "\u200b\u200c\u200d\u2060\ufeff"
COMBINING = "\u0301\u0308\u0300\u0302\u0327"
# Mathematical alphanumerics: (capital A, small a, digit 0) code points per style; italic has no digits.
MATH_STYLES = {
    "bold": (0x1D400, 0x1D41A, 0x1D7CE),
    "italic": (0x1D434, 0x1D44E, None),
    "sans-serif": (0x1D5A0, 0x1D5BA, 0x1D7E2),
    "monospace": (0x1D670, 0x1D68A, 0x1D7F6),
}
_MATH_HOLES = {0x1D455: "\u210e"}  # italic small h is the Letterlike 'ℎ'


def _math(style: str) -> Callable[[str], str]:
    cap, small, digit = MATH_STYLES[style]

    def make(s: str) -> str:
        out = []
        for c in s:
            if "A" <= c <= "Z":
                cp = cap + ord(c) - 65
            elif "a" <= c <= "z":
                cp = small + ord(c) - 97
            elif "0" <= c <= "9" and digit is not None:
                cp = digit + ord(c) - 48
            else:
                out.append(c)
                continue
            out.append(_MATH_HOLES.get(cp, chr(cp)))
        return "".join(out)

    return make


def _every_other(s: str, chars: str, step: int) -> str:
    """Insert invisible characters (cycling through chars) after every step-th letter or digit."""
    out, n = [], 0
    for c in s:
        out.append(c)
        if c.isalnum():
            n += 1
            if n % step == 0:
                out.append(chars[(n // step) % len(chars)])
    return "".join(out).rstrip(chars)


def _combining(s: str) -> str:
    out = []
    for i, c in enumerate(s):
        out.append(c)
        if c.isalpha() and i % 2 == 0:
            out.append(COMBINING[i % len(COMBINING)])
    return "".join(out)


def _spaced(s: str) -> str:
    return "  ".join(" ".join(word) for word in s.split())


def _digits_one(s: str) -> str:
    for letter, digit in (("i", "1"), ("o", "0"), ("e", "3"), ("I", "1"), ("O", "0"), ("E", "3")):
        if letter in s:
            return s.replace(letter, digit, 1)
    return s


def _digits_all(s: str) -> str:
    return s.translate(str.maketrans({"i": "1", "o": "0", "e": "3", "I": "1", "O": "0", "E": "3"}))


def _mixed(s: str) -> str:
    """A look-alike, an invisible character and a full-width letter in one name."""
    letters = [i for i, c in enumerate(s) if c in CYRILLIC]
    if not letters:
        return s
    i = letters[0]
    s = s[:i] + CYRILLIC[s[i]] + "\u200b" + s[i + 1 :]
    j = max((k for k, c in enumerate(s) if c.isascii() and c.isalpha()), default=-1)
    if j < 0:
        return s
    return s[:j] + chr(ord(s[j]) + 0xFEE0) + s[j + 1 :]


@dataclass(frozen=True)
class Trick:
    """One way of disguising a name, and the words a reason must contain to name it."""

    make: Callable[[str], str]
    words: tuple[str, ...]


TRICKS: dict[str, Trick] = {
    "Cyrillic look-alikes": Trick(lambda s: "".join(CYRILLIC.get(c, c) for c in s), ("Cyrillic",)),
    "Greek look-alikes": Trick(lambda s: "".join(GREEK.get(c, c) for c in s), ("Greek",)),
    "full-width": Trick(
        lambda s: "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in s),
        ("full-width",),
    ),
    **{f"math {style}": Trick(_math(style), ("mathematical",)) for style in MATH_STYLES},
    "zero-width characters": Trick(lambda s: _every_other(s, ZERO_WIDTHS, 2), ("zero-width",)),
    "soft hyphens": Trick(lambda s: _every_other(s, "\u00ad", 3), ("soft hyphen",)),
    "combining marks": Trick(_combining, ("combining",)),
    "spaced-out letters": Trick(_spaced, ("spaced-out",)),
    "one digit for a letter": Trick(_digits_one, ("digits used as letters",)),
    "digits for letters": Trick(_digits_all, ("digits used as letters",)),
    "mixed": Trick(_mixed, ("Cyrillic", "zero-width", "full-width")),
}


@dataclass
class TrickReport:
    """Variants tried and caught for one trick, with the misses for a person to read."""

    tried: int = 0
    caught: int = 0
    misses: list[str] = field(default_factory=list)


@cache
def _matcher() -> Matcher:
    return Matcher([load_builtin()])


def listed_names() -> list[tuple[str, str]]:
    """(name, expected parent id) for every Latin-script primary name and alias the matcher catches as written."""
    matcher = _matcher()
    out = []
    for entity in load_builtin().entities:
        if not entity.matchable:
            continue
        parent = entity.parent_id or entity.id
        for name in dict.fromkeys([entity.name, *(a.name for a in entity.aliases)]):
            if has_cjk(name) or not name.isascii():
                continue
            # Only names that are caught undisguised can be expected to be caught in disguise.
            if any(m.parent_id == parent for m in matcher.match(name, "manufacturer")):
                out.append((name, parent))
    return out


def _short(name: str, trick: str) -> bool:
    """Too short to disguise: under four letters or digits (spacing out needs three letters)."""
    if trick == "spaced-out letters":
        return sum(c.isalpha() for c in name) < 3
    return sum(c.isalnum() for c in name) < 4


def evasion_report() -> dict[str, TrickReport]:
    """Apply every trick to every listed name; count the variants caught with the trick named."""
    matcher = _matcher()
    names = listed_names()
    reports = {trick: TrickReport() for trick in TRICKS}
    for trick, spec in TRICKS.items():
        report = reports[trick]
        for name, parent in names:
            variant = spec.make(name)
            if variant == name or _short(name, trick):
                continue  # the trick does not apply (no such letter) or the name is too short to disguise
            report.tried += 1
            found = [m for m in matcher.match(variant, "manufacturer") if m.parent_id == parent]
            if found and all(word in found[0].reason for word in spec.words):
                report.caught += 1
            else:
                why = found[0].reason if found else "no match"
                report.misses.append(f"{variant!r} ({name}): {why}")
    return reports


def format_report(reports: dict[str, TrickReport]) -> str:
    """A markdown table of the share caught per trick."""
    lines = ["| trick | variants | caught | share |", "|---|---:|---:|---:|"]
    for trick, r in reports.items():
        share = r.caught / r.tried if r.tried else 1.0
        lines.append(f"| {trick} | {r.tried} | {r.caught} | {share:.1%} |")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def reports() -> dict[str, TrickReport]:
    return evasion_report()


def test_the_built_in_list_gives_enough_names() -> None:
    assert len(listed_names()) > 150


@pytest.mark.parametrize("trick", list(TRICKS))
def test_every_variant_is_caught_with_the_trick_named(trick: str, reports: dict[str, TrickReport]) -> None:
    r = reports[trick]
    assert r.tried > 20, format_report(reports)
    assert not r.misses, f"{len(r.misses)} of {r.tried} missed:\n" + "\n".join(r.misses[:30])


def test_variants_are_really_disguised() -> None:
    """Guard the generators: each variant differs from the name and keeps its visible letters' count."""
    for trick, spec in TRICKS.items():
        variant = spec.make("Hikvision")
        assert variant != "Hikvision", trick
    assert TRICKS["math italic"].make("h") == "\u210e"
    assert unicodedata.name(TRICKS["math bold"].make("H")) == "MATHEMATICAL BOLD CAPITAL H"


@pytest.mark.skipif(not EVAL_CASES.is_file(), reason="shared eval set not present")
def test_no_false_positives_on_the_eval_negatives() -> None:
    spec = importlib.util.spec_from_file_location(
        "eval_screening", REPO / "tests" / "tools" / "eval_screening.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    result = module.evaluate(EVAL_CASES)
    # The eval set calls Quectel "not on any list"; the DoD has named it in its 1260H list since 2025-01-07
    # (tests/tools/watchlist_data/dod-1260h.csv), so a hit on that listing alone is not a false positive.
    wrong = [
        row["value"]
        for row, matches in result.false_positives
        if not all(m.lists == ("DOD-1260H",) for m in matches)
    ]
    assert not wrong, wrong


if __name__ == "__main__":
    all_reports = evasion_report()
    print(f"{len(listed_names())} listed names and aliases (Latin script)\n")
    print(format_report(all_reports))
    for trick_name, trick_report in all_reports.items():
        for miss in trick_report.misses[:8]:
            print(f"  {trick_name}: {miss}")
