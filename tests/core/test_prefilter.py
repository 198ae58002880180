"""The part-number shortcut may only ever clear values the full matcher would also clear."""

from __future__ import annotations

import random
import re
import string

import pytest

from guiapp.lists.watchlist import load_builtin
from guiapp.matching.matcher import Matcher
from guiapp.matching.prefilter import PatternPrefilter, pattern_starts, trie_regex


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
            out.append(
                rnd.choice(
                    [
                        f"{name} {rnd.randint(1, 9)}",
                        f"{name.upper()}-{rnd.randint(10, 99)}",
                        f"{rnd.randint(1, 9)} {name}",
                        name.replace("i", "1"),
                    ]
                )
            )
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
        if matcher._clearance.quick_clear(value, "part_number"):
            cleared += 1
            full, pending = matcher._match_uncached(value, "part_number")
            assert full == [] and pending == [], value
    assert cleared > 1000  # the shortcut does its job on ordinary part numbers


def test_listed_part_numbers_still_hit(matcher):
    for value, parent in [
        ("DS-2CD2143G2-IS", "HIKVISION"),
        ("Hi3516EV300", "HUAWEI"),
        ("ME909s-120", "HUAWEI"),
        ("DHI-NVR1108HS-S3/H", "DAHUA"),
    ]:
        assert {m.parent_id for m in matcher.match(value, "part_number")} == {parent}
    assert matcher.match("GRM155R71H104KE14D", "part_number") == []


def _tricky_values(rnd: random.Random, matcher: Matcher, n: int) -> list[str]:
    """Part-number-like values with every case the bulk clearance must agree on."""
    examples = [ex for _, exs in _examples() for ex in exs]
    names = sorted({name.text for name in matcher._index.names})
    words = sorted(matcher._clearance.quick_words)
    junk = string.ascii_letters + string.digits + "-_ /:=.&#()+"
    out = [
        "",
        " ",
        "\x00",
        "AB\x0012",
        "x",
        "12",
        "ÄB12",
        "海思3516",
        "ＤＳ-2CD2143",
        "DS\u200b-2CD2143G2",
        "R 1 2",
    ]
    for _ in range(n):
        kind = rnd.random()
        if kind < 0.3:  # ordinary part numbers
            out.append(
                "".join(rnd.choices(string.ascii_uppercase, k=rnd.randint(1, 4)))
                + str(rnd.randint(0, 99999))
                + rnd.choice(["", "-1", "/H", "-ND", " T&R", "V200", " R"])
            )
        elif kind < 0.45:  # pattern examples, bare, glued to letters, lower-case, with a tail
            ex = rnd.choice(examples)
            out.append(rnd.choice([ex, ex.lower(), f"X{ex}", f"1{ex}", f"-{ex}", f"{ex}-ND", f"P/N {ex}"]))
        elif kind < 0.6:  # listed names: with digits, spaced out, leet, glued, with a NUL
            name = rnd.choice(names)
            out.append(
                rnd.choice(
                    [
                        name,
                        f"{name} {rnd.randint(1, 9)}",
                        " ".join(name.upper()),
                        name.replace("i", "1"),
                        name.replace(" ", "") + "12",
                        f"{name}\x0012",
                        f"X{name}7",
                    ]
                )
            )
        elif kind < 0.75:  # a listed word inside or beside a part number
            word = rnd.choice(words)
            out.append(
                rnd.choice(
                    [
                        f"{word}-{rnd.randint(1, 999)}",
                        f"A{word}{rnd.randint(1, 9)}",
                        f"{rnd.randint(1, 99)} {word.upper()}",
                        f"{word}_{rnd.randint(1, 9)}",
                    ]
                )
            )
        elif kind < 0.85:  # single letters, spaced-out evasions
            out.append(" ".join(rnd.choices(string.ascii_letters + string.digits, k=rnd.randint(1, 6))))
        else:
            out.append("".join(rnd.choices(junk, k=rnd.randint(0, 14))))
    return out


def test_bulk_quick_clear_equals_the_per_value_test(matcher):
    rnd = random.Random(20261125)
    values = list(dict.fromkeys(_tricky_values(rnd, matcher, 12000)))
    clearance = matcher._clearance
    expected = [clearance.quick_clear(v, "part_number") for v in values]
    assert clearance.bulk_quick_clear(values) == expected
    assert 1000 < sum(expected) < len(values) - 1000  # both outcomes are well represented
    plain = [v for v in values if v.isascii() and "\x00" not in v]  # the all-plain fast path
    assert clearance.bulk_quick_clear(plain) == [clearance.quick_clear(v, "part_number") for v in plain]
    for start in range(0, 3000, 97):  # small batches, below and above the bulk threshold
        batch = values[start : start + rnd.randint(0, 80)]
        assert clearance.bulk_quick_clear(batch) == [clearance.quick_clear(v, "part_number") for v in batch]


def test_screening_batches_give_what_single_values_give(matcher):
    rnd = random.Random(7)
    values = list(dict.fromkeys(_tricky_values(rnd, matcher, 1500)))
    found, waiting = matcher.match_field(values, "part_number")
    single = {v: matcher.match(v, "part_number") for v in values}
    assert found == {v: m for v, m in single.items() if m}
    assert set(waiting) == {v for v in values if matcher.needs_context(v, "part_number")}
    assert found and waiting


def test_the_prefilter_never_hides_a_pattern_match(matcher):
    rnd = random.Random(11)
    compiled = [rx for *_, rx in matcher._patterns.entries]
    pf = matcher._clearance.prefilter
    for value in _tricky_values(rnd, matcher, 6000):
        if not pf.may_match(value.lower()):
            assert not any(rx.search(value) for rx in compiled), value


def test_fragments_keep_the_patterns_leading_boundary():
    bounded = PatternPrefilter([re.compile(r"(?<![A-Z0-9])VM[0-9]{3}", re.IGNORECASE)])
    assert bounded.may_match("vm434") and bounded.may_match("x-vm434") and bounded.may_match("radio vm434")
    assert not bounded.may_match("tvm43434") and not bounded.may_match("8vm434")
    # As text the flags are unknown: a case-sensitive [A-Z0-9] would not refuse a lower-case letter before.
    assert PatternPrefilter([r"(?<![A-Z0-9])VM[0-9]{3}"]).may_match("tvm43434")
    words = PatternPrefilter([re.compile(r"\bKirin\s?[0-9]{3}", re.IGNORECASE), re.compile(r"\b-X9", re.I)])
    assert words.may_match("a kirin 990") and not words.may_match("xkirin990")
    assert words.may_match("a-x9")  # \b before a non-word character needs a word character before it
    # Non-ASCII text gets the plain test (lower-casing may move characters).
    assert bounded.may_match("ä-tvm434")


@pytest.mark.parametrize("whole", [False, True])
def test_trie_regex_finds_what_an_alternation_finds(whole):
    rnd = random.Random(3)
    for _ in range(200):
        words = {"".join(rnd.choices("ab1-.", k=rnd.randint(1, 4))) for _ in range(rnd.randint(1, 25))}
        plain = "|".join(re.escape(w) for w in words)
        trie = trie_regex(words, whole=whole)
        if whole:
            plain, trie = (rf"(?<![a-z0-9])(?:{x})(?![a-z0-9])" for x in (plain, trie))
        for _ in range(50):
            text = "".join(rnd.choices("ab1-. x", k=rnd.randint(0, 9)))
            assert bool(re.search(trie, text)) == bool(re.search(plain, text)), (words, text)


def test_a_pattern_with_a_fixed_start_wakes_on_its_longer_fragment_only(matcher):
    """'Boudica 150' (HiSilicon) begins with seven fixed letters: its fragment is 'boudic', so the 'bou' of
    'Bourns' (a maker named in many descriptions) no longer sends a value to the patterns."""
    pf = matcher._clearance.prefilter
    assert pf.may_match("boudica 150") and pf.may_match("nb-iot chip boudica150")
    assert not pf.may_match("bourns 3296w-1-103lf") and not pf.may_match("ballast resistor")
    starts = pattern_starts(r"\bBoudica\s?[0-9]{3}")
    assert starts is not None and {len(s) for s in starts} == {6} and "boudic" in starts
    # A start made of classes stays at K characters: longer fragments would be too many.
    classes = pattern_starts(r"\b[A-Z]{2}[0-9]{4}")
    assert classes is not None and {len(s) for s in classes} == {3}
    # Where a match is shorter than the longer length, the fragment is the whole match.
    assert pattern_starts(r"AB(?:1|22)X") == {"ab1x", "ab22x"}
