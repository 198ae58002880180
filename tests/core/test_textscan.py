"""The one-pass scan of free text (textscan.py) may only skip look-ups that would find nothing.

Each test compares the fast path (Matcher.match_field / match_values over a batch, which scans the batch
once and sends only candidates, with only their stages, to the full matching) with the slow path (match()
of one value at a time, every look-up) on random and adversarial values, with the built-in list and, when
../shared is there, the 16,116-party Consolidated Screening List.
"""

from __future__ import annotations

import random
import string
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from listsamples import imported_entity, imported_watchlist  # noqa: E402

from guiapp.lists.watchlist import Watchlist, load_builtin  # noqa: E402
from guiapp.matching.matcher import Matcher  # noqa: E402
from guiapp.matching.textscan import NAMES, PATTERNS  # noqa: E402
from guiapp.matching.words import ABBREVIATIONS  # noqa: E402

CSL = Path(__file__).resolve().parents[2].parent / "shared" / "real-lists" / "derived" / "consolidated.csv"

# Real component vocabulary, as in the descriptions of real BOMs.
WORDS = [
    "Resistor",
    "Capacitor",
    "CAP",
    "CER",
    "MLCC",
    "Inductor",
    "Ferrite",
    "Bead",
    "LED",
    "Diode",
    "Schottky",
    "TVS",
    "MOSFET",
    "N-channel",
    "P-channel",
    "Op",
    "amp",
    "LDO",
    "regulator",
    "Buck",
    "converter",
    "Crystal",
    "Oscillator",
    "Connector",
    "USB-C",
    "Header",
    "Pin",
    "Socket",
    "EEPROM",
    "Flash",
    "MCU",
    "ARM",
    "Cortex-M4",
    "transceiver",
    "shielded",
    "SMD",
    "THT",
    "0402",
    "0603",
    "0805",
    "1206",
    "SOT-23",
    "SOIC-8",
    "QFN-32",
    "TSSOP-20",
    "X7R",
    "X5R",
    "C0G",
    "NP0",
    "10k",
    "4k7",
    "100nF",
    "10uF",
    "1%",
    "5%",
    "+/-10%",
    "50V",
    "16V",
    "1/10W",
    "rev",
    "Yageo",
    "Murata",
    "TDK",
    "Vishay",
    "Nexperia",
    "Bourns",
    "Microchip",
    "Analog",
    "Devices",
    "Texas",
    "Instruments",
    "ON",
    "Semi",
    "Inc",
    "Co",
    "Ltd",
    "Corp",
    "Tech",
    "Intl",
    "and",
    "&",
    "for",
    "with",
    "compatible",
]


def _builtin() -> list[Watchlist]:
    return [load_builtin()]


@pytest.fixture(scope="module")
def lists() -> list[Watchlist]:
    return _builtin()


def _pattern_examples(lists: list[Watchlist]) -> list[str]:
    return [ex for wl in lists for e in wl.entities for p in e.patterns for ex in p.examples]


_FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in string.ascii_letters + string.digits + "-&"}
_ARABIC_DIGITS = {str(d): chr(0x0660 + d) for d in range(10)}


def _disguises(text: str) -> list[str]:
    """A listed name or part number with characters that normalisation or a case-insensitive regex reads
    as ASCII letters, digits or breaks, or that change how their neighbours are read."""
    return [
        "".join(_FULL_WIDTH.get(c, c) for c in text),
        text.replace("i", "\u0131").replace("I", "\u0130"),  # dotless i, capital I with dot
        text.replace("s", "\u017f")
        .replace("K", "\u212a")
        .replace("I", "\u2160"),  # long s, kelvin, roman one
        "".join(_ARABIC_DIGITS.get(c, c) for c in text),
        text.replace("fi", "\ufb01").replace(" ", "\u00a0").replace("-", "\u2011"),
        text.replace("e", "\u00e9").replace("a", "a\u0301"),
        "\u00df\u034f" + text,  # sharp s and a combining grapheme joiner glued before it
        text.replace(" ", "\u00b1"),
    ]


def _adversarial(rnd: random.Random, matcher: Matcher, lists: list[Watchlist], n: int) -> list[str]:
    """Descriptions with listed names and part numbers hidden every way the fast path must see through."""
    names = sorted({name.text for name in matcher._index.names})
    examples = _pattern_examples(lists)
    abbreviations = sorted(ABBREVIATIONS)
    # Characters real BOMs hold (micro, ohm, plus-minus, no-break space) and ones that fold to ASCII letters,
    # digits or word breaks, or change the text around them.
    odd = [*"µΩ±°²½⑴℅™Ｈé\u00a0\u2009İıſK٣\u200b\u00ad海йΣς\u0301＆－ｉ", "\ufb01", "ǅ", "\u2160"]
    out = [
        "",
        " ",
        "\x00",
        "A\x00Hikvision",
        "&",
        "a b c",
        "Ｈikvision camera",
        "海康 camera",
        "DS\u200b-2CD2143G2",
    ]
    for text in [*rnd.sample(names, min(200, len(names))), *examples]:
        out += [f"Camera {d} module" for d in _disguises(text)]
    for _ in range(n):
        words = rnd.choices(WORDS, k=rnd.randint(0, 6))
        kind = rnd.random()
        if kind < 0.35:  # a listed name, written as people and tricksters write it
            name = rnd.choice(names)
            words.insert(
                rnd.randint(0, len(words)),
                rnd.choice(
                    [
                        name,
                        name.upper(),
                        name.replace(" ", ""),
                        " ".join(name),  # spaced out letter by letter
                        "  ".join(" ".join(w) for w in name.split()),  # spaced out, word gaps kept
                        name.replace(" ", "-"),
                        name.replace(" ", " & "),
                        " ".join(reversed(name.split())),  # another word order
                        # another word order, one word spaced out letter by letter
                        " ".join(
                            reversed([" ".join(w) if i == 0 else w for i, w in enumerate(name.split())])
                        ),
                        name[: max(1, len(name) // 2)] + " " + name[max(1, len(name) // 2) :],  # split
                        name + rnd.choice([" Co., Ltd.", " Inc", " Corp", " Tech", " Intl", " GmbH"]),
                        name.replace("o", "0").replace("i", "1"),
                    ]
                ),
            )
        elif kind < 0.55 and examples:  # a listed part number, bare, glued, lower-case, with a tail
            ex = rnd.choice(examples)
            words.insert(
                rnd.randint(0, len(words)), rnd.choice([ex, ex.lower(), f"X{ex}", f"P/N:{ex}", f"{ex}-ND"])
            )
        elif kind < 0.7:  # abbreviations, also spelled out letter by letter
            short = rnd.choice(abbreviations)
            words.insert(rnd.randint(0, len(words)), rnd.choice([short, " ".join(short), short.upper()]))
        elif kind < 0.8:  # random junk
            junk = string.ascii_letters + string.digits + " -_/:=.&#()+,"
            words.append("".join(rnd.choices(junk, k=rnd.randint(1, 20))))
        sep = rnd.choice([" ", ", ", "; ", " / ", "_", "  "])
        value = sep.join(words)
        if rnd.random() < 0.3:  # odd characters anywhere, also inside a name or a part number
            for _ in range(rnd.randint(1, 3)):
                at = rnd.randint(0, len(value))
                value = value[:at] + rnd.choice(odd) + value[at:]
        out.append(value)
    return out


def _assert_fast_equals_slow(lists: list[Watchlist], values: list[str]) -> None:
    fast = Matcher(lists)
    slow = Matcher(lists)
    found, waiting = fast.match_field(values, "description")
    for value in values:
        expected = slow.match(value, "description")
        assert found.get(value, []) == expected, value
        assert (value in waiting) == slow.needs_context(value, "description"), value
    # match_values takes the same fast path for free-text fields.
    other = Matcher(lists)
    by_key = other.match_values([(v, "notes") for v in values])
    for value in values:
        assert by_key[(value, "notes")] == slow.match(value, "notes"), value


def _assert_stages_sound(matcher: Matcher, values: list[str]) -> None:
    """Each stage bulk_scan leaves out really finds nothing in the value."""
    from guiapp.matching.normalize import normalize
    from guiapp.matching.words import canon

    for value, stages in zip(values, matcher.text_clearance.bulk_scan(values), strict=True):
        if not stages & PATTERNS:
            assert matcher._patterns.matches(value) == ([], []), value
        if not stages & NAMES:
            norm = normalize(value)
            tokens = tuple(canon(t) for t in norm.tokens)
            assert matcher._index.exact_matches(norm, tokens) == [], value
            assert matcher._index.mentions(norm, field_kind="text") == [], value


def test_fast_path_equals_slow_path_on_adversarial_values(lists):
    matcher = Matcher(lists)
    values = _adversarial(random.Random(20261204), matcher, lists, 3000)
    _assert_stages_sound(matcher, values)
    _assert_fast_equals_slow(lists, values)


def test_most_ordinary_descriptions_take_no_look_up_at_all(lists):
    """The point of the scan: ordinary descriptions are cleared in the one pass."""
    rnd = random.Random(5)
    values = [" ".join(rnd.choices(WORDS[:60], k=rnd.randint(3, 8))) for _ in range(2000)]
    scanned = Matcher(lists).text_clearance.bulk_scan(values)
    assert sum(1 for s in scanned if s == 0) > 0.8 * len(values)
    # A listed name and a listed part number are still seen, each by its own stage.
    hits = Matcher(lists).text_clearance.bulk_scan(
        [
            "Camera module Hikvision 4MP",
            "NVR DS-7608NI-K2 8ch",
            "IC Hi3516CV500 image processor",
            "h i k v i s i o n",
        ]
    )
    assert hits[0] & NAMES and hits[1] & PATTERNS and hits[2] & PATTERNS and hits[3] & NAMES


def test_listed_names_in_descriptions_still_hit_through_the_fast_path(lists):
    matcher = Matcher(lists)
    found, _ = matcher.match_field(
        ["Camera module Hikvision 4MP", "IP camera DS-2CD2143G2-I 4MP", "Resistor 10k 1% 0402 Yageo"],
        "description",
    )
    assert {m.parent_id for m in found["Camera module Hikvision 4MP"]} == {"HIKVISION"}
    assert {m.parent_id for m in found["IP camera DS-2CD2143G2-I 4MP"]} == {"HIKVISION"}
    assert "Resistor 10k 1% 0402 Yageo" not in found


@given(
    st.lists(
        st.one_of(
            st.sampled_from(WORDS),
            st.sampled_from(
                ["Hikvision", "HiSilicon", "Hik Vision", "ZTE", "Dahua", "Hytera", "Hi3516", "DS-2CD"]
            ),
            st.sampled_from(sorted(ABBREVIATIONS)),
            st.text(alphabet=string.ascii_letters + string.digits + " -&./,", max_size=12),
            st.text(max_size=4),
            st.sampled_from(
                [
                    "10µF",
                    "4.7kΩ",
                    "±5%",
                    "25°C",
                    "Ｈikvision",
                    "ＤＳ-2CD2143",
                    "Hi3516ｃv500",
                    "H\u0131kvision",
                ]
            ),
        ),
        max_size=8,
    ),
    st.sampled_from([" ", "", "-", ", ", " & "]),
)
def test_fast_path_equals_slow_path_property(parts, sep):
    value = sep.join(parts)
    _assert_stages_sound(_MATCHER, [value, value.upper(), " ".join(value)])


_MATCHER = Matcher(_builtin())


@pytest.mark.skipif(not CSL.exists(), reason="../shared/real-lists is not here")
def test_fast_path_equals_slow_path_with_the_consolidated_screening_list():
    from guiapp.lists.importers import import_list

    lists = [load_builtin(), import_list(CSL).watchlist]
    matcher = Matcher(lists)
    values = _adversarial(random.Random(7), matcher, lists, 1500)
    _assert_stages_sound(matcher, values)
    _assert_fast_equals_slow(lists, values)


def test_an_imported_name_of_short_words_is_not_looked_for_in_another_order():
    """The look-up in another order passes over an imported name whose words are all short ('Sheng Feng' is not
    'Feng Sheng'), so the scan does not look for its words either; a name with a longer word still is."""
    imported = imported_watchlist(
        [
            imported_entity("SHORT", "SHENG FENG TAK", country="China"),
            imported_entity("LONG", "BRIGHTWAVE KOLOR NOVA", country="China"),
        ]
    )
    lists = [load_builtin(), imported]
    matcher = Matcher(lists)
    short_order, long_order = "Tak Feng Sheng", "Nova Kolor Brightwave"
    values = [short_order, long_order, "Feng Tak Sheng Trading", "Kolor Nova Brightwave 4K", "sheng tak"]
    _assert_stages_sound(matcher, values)
    _assert_fast_equals_slow(lists, values)
    stages = dict(zip(values, matcher.text_clearance.bulk_scan(values), strict=True))
    assert stages[short_order] == 0  # nothing could find it: no look-up is made
    assert stages[long_order] & NAMES
    assert [m.entity_id for m in Matcher(lists).match(long_order, "description")] == ["LONG"]
