"""The part-number shortcut may only ever clear values the full matcher would also clear."""

from __future__ import annotations

import random
import string

import pytest

from guiapp.matching import Matcher
from guiapp.prefilter import PatternPrefilter, pattern_starts
from guiapp.watchlist import load_builtin


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher([load_builtin()])


def _examples():
    for entity in load_builtin().entities:
        for pattern in entity.patterns:
            yield pattern, list(pattern.examples)


def test_every_builtin_pattern_has_derivable_starts():
    for pattern, _ in _examples():
        assert pattern_starts(pattern.regex), pattern.regex


def test_pattern_examples_are_never_prefiltered_away():
    pf = PatternPrefilter(p.regex for p, _ in _examples())
    assert pf.usable
    for _, examples in _examples():
        for ex in examples:
            assert pf.may_match(ex.lower()), ex
            assert pf.may_match(f"xx {ex} yy".lower()), ex


def test_unknown_constructs_disable_the_shortcut():
    assert pattern_starts(r".*foo") is None
    assert pattern_starts(r"(?:abc)?") is None  # can match empty
    assert not PatternPrefilter([r"ABC[0-9]", r"[^x]yz"]).usable
    pf = PatternPrefilter([r"(?<![A-Z0-9])AB(?:1|22)X"])
    assert pf.may_match("zz ab1x") and pf.may_match("ab22x") and not pf.may_match("ba12")


def _values(rnd: random.Random, n: int) -> list[str]:
    out = []
    names = ["Hikvision", "Dahua", "ZTE", "Huawei", "HiSilicon", "Hytera", "Beijing 8-Star", "8s", "CXMT"]
    for _ in range(n):
        kind = rnd.random()
        if kind < 0.5:
            out.append(
                "".join(rnd.choices(string.ascii_uppercase, k=rnd.randint(1, 4)))
                + str(rnd.randint(0, 99999))
                + rnd.choice(["", "-1", "/H", "-ND", " T&R", "V200"])
            )
        elif kind < 0.8:
            name = rnd.choice(names)
            out.append(rnd.choice([f"{name} {rnd.randint(1, 9)}", f"{name.upper()}-{rnd.randint(10, 99)}",
                                   f"{rnd.randint(1, 9)} {name}", name.replace("i", "1")]))
        else:
            _, examples = rnd.choice(list(_examples()))
            if examples:
                ex = rnd.choice(examples)
                out.append(rnd.choice([ex, ex.lower(), f"{ex}-ND", f"P/N {ex}"]))
    return out


def test_quick_clear_never_hides_a_match(matcher):
    rnd = random.Random(20261124)
    cleared = 0
    for value in _values(rnd, 4000):
        if matcher._quick_clear(value, "part_number"):
            cleared += 1
            full, pending = matcher._match_uncached(value, "part_number")
            assert full == [] and pending == [], value
    assert cleared > 1000  # the shortcut does its job on ordinary part numbers


def test_listed_part_numbers_still_hit(matcher):
    for value, parent in [("DS-2CD2143G2-IS", "HIKVISION"), ("Hi3516EV300", "HUAWEI"), ("ME909s-120", "HUAWEI"),
                          ("DHI-NVR1108HS-S3/H", "DAHUA")]:
        assert {m.parent_id for m in matcher.match(value, "part_number")} == {parent}
    assert matcher.match("GRM155R71H104KE14D", "part_number") == []
