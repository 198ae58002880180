"""Shortcuts that screen a large BOM once per batch or per distinct value must give what the per-value path
gives: each is compared here with the plain per-value function it stands in for, on random, adversarial
and real values."""

from __future__ import annotations

import random
import string

from hypothesis import example, given
from hypothesis import strategies as st

from guiapp.ingest.shapes import link_hosts, may_hold_links

_LINKISH = [
    "https://", "http://x", "ftp://", "www.", "WWW.", ".com", ".COM", ".co", ".co.uk", ".com.cn", ".de", ".info",
    "dahuasecurity", "hikvision", ".", "..", "-", "/", ":", "?", "#", ")", "]", ",", ";", " ", "\n", "\t",
    "\u00a0", "\u017fhop", ".\u212a", "0.1%", "2.54mm", "Res", "x", "\x00",
]  # fmt: skip


@given(st.lists(st.lists(st.one_of(st.sampled_from(_LINKISH), st.text(max_size=4)), max_size=6), max_size=8))
@example([["see https://www.dahuasecurity.com/en/x and hikvision.com."], ["0.1%"], ["a.co"], ["b.co.uk"]])
@example([["https://a"], ["www.b.com"]])  # a link running to its value's end must not hide the next one
def test_may_hold_links_never_misses_a_link(parts):
    values = ["".join(p) for p in parts]
    flags = may_hold_links(values)
    assert len(flags) == len(values)
    for value, flag in zip(values, flags, strict=True):
        if link_hosts(value):
            assert flag, value


def test_may_hold_links_leaves_out_ordinary_descriptions():
    rnd = random.Random(3)
    values = [
        f"Res {rnd.randint(1, 99)}.{rnd.randint(0, 9)}k 0.1% 0402 {''.join(rnd.choices(string.ascii_uppercase, k=4))}"
        for _ in range(500)
    ]
    values += ["Camera, see www.hikvision.com", "dahuasecurity.com.cn", "http://example.org/x"]
    flags = may_hold_links(values)
    assert flags[-3:] == [True, True, True]
    assert not any(flags[:-3])


def test_pinyin_syllables_are_read_once_per_distinct_reading_with_the_same_result():
    import unicodedata

    import pytest

    pinyin_dict = pytest.importorskip("pypinyin.pinyin_dict").pinyin_dict
    from guiapp.matching import variants

    expected = set()
    for readings in pinyin_dict.values():  # every reading of every character, folded one by one
        for reading in readings.split(","):
            plain = "".join(c for c in unicodedata.normalize("NFKD", reading) if not unicodedata.combining(c))
            if plain.isascii() and plain.isalpha():
                expected.add(plain.lower())
    variants._read_toneless_syllables.cache_clear()
    assert variants._read_toneless_syllables() == expected
    assert {"zhong", "xing", "lu", "nu"} <= expected


@given(st.text(alphabet="ab \u00b5\u03bc\u2126\u03a9±°é\u00a0\x00", max_size=30))
@example("\u00b5 \u03bc \u2126 \u03a9")
def test_replacing_each_character_once_equals_one_substitution(text):
    from guiapp.matching.textscan import _NON_ASCII, _replace_each

    # Replacements that hold other replaced characters (so their order would matter), and identities.
    table = {
        "\u00b5": "\u03bc",
        "\u03bc": "mu",
        "\u2126": "\u03a9",
        "\u03a9": "ohm \u03a9",
        "±": "+-",
        "°": "°",
        "é": "e",
        "\u00a0": " ",
    }
    chars = set(_NON_ASCII.findall(text))
    assert _replace_each(text, chars, table) == _NON_ASCII.sub(lambda m: table[m.group(0)], text)
    plain = {k: v for k, v in table.items() if k in "±°é\u00a0"}
    chars &= set(plain)
    kept = "".join(c for c in text if c.isascii() or c in plain)
    assert _replace_each(kept, chars, plain) == _NON_ASCII.sub(lambda m: plain[m.group(0)], kept)


def test_unmapped_columns_read_in_c_equal_the_ragged_rows_path():
    """A workbook's rows all have the sheet's width and take the C path; CSV rows may be ragged and take the
    per-cell one: the same cells give the same findings either way."""
    from pathlib import Path

    from guiapp.ingest.mapping import detect_mapping
    from guiapp.lists.watchlist import load_builtin
    from guiapp.matching.matcher import Matcher
    from guiapp.model import Bom, ScreenOptions, SheetData
    from guiapp.screening.screen import screen_sheets

    header = ["Item", "Manufacturer", "Part Number", "Description", "Comment", "Link", "Qty"]
    data = [
        ["1", "Murata", "GRM155R71C104KA88D", "Cap 100nF 0402", "Hikvision OEM board", "", "4"],
        ["2", "Yageo", "RC0402FR-0710KL", "Res 10k", "", "www.dahuasecurity.com/en", "2"],
        ["3", "TI", "TPS62130RGTR", "Buck converter", "see ZTE module", "", "1"],
        ["4", "Nexperia", "BSS138", "MOSFET", "alt. OK", "https://www.hikvision.com", ""],
        ["5", "Vishay", "CRCW040210K0FKED", "Res 10k", "", "", ""],
    ]
    full = [header, *data]
    ragged = [header, *[r[: max(i for i, v in enumerate(r) if v) + 1] for r in data]]
    assert any(len(r) < len(header) for r in ragged)
    matcher = Matcher([load_builtin()])
    found = []
    for rows in (full, ragged):
        sheet = SheetData(name="BOM", rows=rows)
        sheet.mapping = detect_mapping(sheet)
        bom = Bom(path=Path("bom.xlsx"), sha256="", format="xlsx", sheets=[sheet])
        reports, hits = screen_sheets(bom, [sheet], matcher, ScreenOptions())
        found.append(([(h.row, h.column, h.value, h.match.parent_id, h.match.reason) for h in hits], reports))
    assert found[0] == found[1]
    assert {(row, column) for row, column, *_ in found[0][0]} >= {(2, "E"), (3, "F"), (5, "F")}


@given(st.text(alphabet="ab \x00", max_size=40))
def test_nul_positions_are_where_the_nuls_are(text):
    from guiapp.matching.textscan import _nul_positions

    assert _nul_positions(text) == [i for i, c in enumerate(text) if c == "\x00"]


@given(st.lists(st.sampled_from(["a", "B", "1", "2", "é", "ß", "x", "ab", "10k", "hik", "I"]), max_size=10),
       st.lists(st.sampled_from([" ", "  ", "   "]), min_size=10, max_size=10))  # fmt: skip
@example(["h", "1", "k", "2", "v"], [" "] * 10)
@example(["h", "i", "k", "1"], [" "] * 10)
def test_spaced_letters_shortcut_equals_the_whole_walk(words, gaps):
    from guiapp.matching.normalize import _join_runs, _join_spaced_letters

    spaced = "".join(g + w for g, w in zip(gaps, words, strict=False))
    tokens = spaced.split()
    assert _join_spaced_letters(tokens, spaced) == _join_runs(tokens, spaced)
