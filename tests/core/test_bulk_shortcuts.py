"""Shortcuts that screen a large BOM once per batch or per distinct value must give what the per-value path
gives: each is compared here with the plain per-value function it stands in for, on random, adversarial
and real values."""

from __future__ import annotations

import functools
import random
import string
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from guiapp.ingest.shapes import link_hosts, may_hold_links

_CSL = Path(__file__).resolve().parents[2].parent / "shared" / "real-lists" / "derived" / "consolidated.csv"

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


# ---------------------------------------------------------------------------------------------------
# Cell conversion column by column (ingest/workbooks.py)

_CELLS = st.one_of(
    st.sampled_from(["", " ", "Murata", " Murata ", "Res 10k", "\tR1\n", "TRUE", "1"]),
    st.text(max_size=6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1.0, 1e16, -1e16, 9999999999999998.0, 2.5, 1e300]),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.none(),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.timedeltas(),
)


def _per_cell(rows):
    from guiapp.ingest.workbooks import _cell_text

    out = [[_cell_text(c) for c in row] for row in rows]
    while out and not any(out[-1]):
        out.pop()
    return out


@given(st.integers(min_value=0, max_value=5).flatmap(lambda w: st.lists(st.lists(_CELLS, min_size=w, max_size=w))),
       st.lists(st.lists(_CELLS, max_size=4), max_size=4))  # fmt: skip
@example([["a", 1.0, " b "], ["a", 2.5, None], ["c", 1e16, True]], [["x"], ["y", 1.0]])
def test_columns_converted_together_give_each_cell_its_text(sheet, ragged):
    """calamine's rows share one width and take the column path; ragged rows the per-row one; small sample
    sizes make the 'mostly distinct texts' path run on short columns too."""
    from unittest import mock

    from guiapp.ingest import workbooks

    for sample in (2, workbooks._SAMPLE):
        with mock.patch.object(workbooks, "_SAMPLE", sample):
            for rows in (sheet, ragged, sheet + ragged):
                assert workbooks._convert_rows(iter(rows), None) == _per_cell(rows)


def test_column_conversion_of_a_large_sheet_keeps_texts_and_shares_repeated_ones():
    from guiapp.ingest.workbooks import _CHUNK_ROWS, _convert_rows

    rnd = random.Random(5)
    makers = ["Murata ", "Yageo", " TI", "Nexperia"]
    rows = [
        [float(i), f"R{i}", rnd.choice(makers), f"Res {rnd.random():.6f} 0402", rnd.choice([1.0, 2.5, ""])]
        for i in range(_CHUNK_ROWS * 2 + 17)
    ]
    rows[_CHUNK_ROWS + 3][3] = 7.0  # one number in a text column: that column takes the per-cell path
    out = _convert_rows(iter(rows), None)
    assert out == _per_cell(rows)
    shared = {id(row[2]) for row in out}
    assert len(shared) == len(makers)  # one string per distinct maker, however many rows


# ---------------------------------------------------------------------------------------------------
# Part numbers beside listed words: cleared when no listed key holds their digits (matching/clearance.py)

_DIGIT_NAMES = [
    "Neo 360 Technology Co., Ltd.",
    "Sara 7 Industries",
    "Bat Research Institute 54",
    "3D Vision Systems",
    "Orion 4 5 Group",
]


@pytest.fixture(scope="module")
def digit_matcher(tmp_path_factory):
    import csv

    from guiapp.lists.watchlist import load_builtin, load_user_list
    from guiapp.matching.matcher import Matcher

    path = tmp_path_factory.mktemp("lists") / "digits.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "list"])
        for name in [*_DIGIT_NAMES, "Sara Neo Bat Holdings", "Kestrel Dynamics"]:
            writer.writerow([name, "TEST"])
    return Matcher([load_builtin(), load_user_list(path)])


_PN_PARTS = [
    "neo", "NEO", "sara", "Bat", "kestrel", "dynamics", "3d", "vision", "systems", "orion", "group", "Co", "Ltd",
    "Technology", "industries", "research", "institute", "holdings", "360", "036", "7", "54", "45", "4", "5", "3",
    "6M", "0", "001", "R", "A", "x1", "-", " ", "/", ".", ",", "_", "hik", "vision", "huawei", "DS-", "2CD",
]  # fmt: skip


@given(st.lists(st.sampled_from(_PN_PARTS), min_size=1, max_size=7), st.randoms(use_true_random=False))
@example(["neo", " ", "360"], None)
@example(["360", " ", "NEO", " ", "technology"], None)
@example(["sara", "-", "7"], None)
@example(["54", " ", "institute", " ", "research", " ", "bat"], None)
@example(["orion", " ", "5", " ", "4", " ", "group"], None)
def test_a_cleared_part_number_meets_nothing_on_the_full_path(digit_matcher, parts, rnd):
    clearance = digit_matcher._clearance
    value = "".join(parts)
    if clearance.quick_clear(value, "part_number"):
        assert digit_matcher._match_uncached(value, "part_number") == ([], []), value
    batch = [value] + (["".join(rnd.sample(_PN_PARTS, 3)) + str(i) for i in range(40)] if rnd else [])
    batch = list(dict.fromkeys(batch))
    assert clearance.bulk_quick_clear(batch) == [clearance.quick_clear(v, "part_number") for v in batch]


def test_listed_words_beside_digits_no_listed_key_holds_are_cleared(digit_matcher):
    """'neo', 'sara', 'bat' are words of listed names; the digits of these part numbers are in no listed key,
    so the values cannot equal a listed name and are cleared in bulk; the listed names with their digits
    (in any order, with a legal form) still take the full path and hit."""
    clearance = digit_matcher._clearance
    cleared = ["NEO-6M-0-001", "SARA-R410M-02B", "BAT54C", "neo 361", "Sara 17", "Orion 46 Group"]
    listed = ["Neo 360 Technology Co Ltd", "360 Neo Technology", "Industries Sara 7", "54 Bat Research Institute",
              "Orion 4 5 Group", "Vision Systems 3D"]  # fmt: skip
    for value in cleared:
        assert digit_matcher._match_uncached(value, "part_number") == ([], []), value
    batch = cleared + [f"X{i}Y" for i in range(40)]
    assert clearance.bulk_quick_clear(batch)[: len(cleared)] == [True] * len(cleared)
    for value in listed:
        assert not clearance.quick_clear(value, "part_number"), value
        assert digit_matcher.match(value, "part_number"), value


@pytest.mark.skipif(not _CSL.exists(), reason="needs ../shared/real-lists (the CSL-layout file)")
def test_csl_words_in_part_numbers_never_hide_a_match():
    """With the 16,116-party CSL: part numbers made of its names' words and digits (and its names with digits)
    are either sent down the full path or meet nothing there; and most are cleared."""
    from guiapp.app.screener import load_lists
    from guiapp.matching.matcher import Matcher

    matcher = Matcher(load_lists(extra=[_CSL]))
    clearance = matcher._clearance
    rnd = random.Random(15)
    words = sorted(w for w in clearance.quick_words if w.isascii() and w.isalpha())
    with_digits = sorted(
        {n.text for n in matcher._index.names if any(c.isdigit() for c in n.text) and n.text.isascii()}
    )
    values = []
    for _ in range(3000):
        kind = rnd.random()
        if kind < 0.5:
            values.append(
                f"{rnd.choice(words).upper()}-{rnd.randint(0, 9999)}{rnd.choice(['', 'M', '-02B'])}"
            )
        elif kind < 0.8:
            values.append(f"{rnd.randint(1, 999)} {rnd.choice(words)} {rnd.choice(words)}")
        else:
            name = rnd.choice(with_digits)
            values.append(rnd.choice([name, " ".join(reversed(name.split())), name.upper()]))
    values = list(dict.fromkeys(values))
    quick = [clearance.quick_clear(v, "part_number") for v in values]
    assert clearance.bulk_quick_clear(values) == quick
    for value, ok in zip(values, quick, strict=True):
        if ok:
            assert matcher._match_uncached(value, "part_number") == ([], []), value
    assert sum(quick) > len(values) // 3


@given(st.text(alphabet=string.printable + "\x00\x7f", max_size=30))
@example("H I K 1 2")
@example("Co. Ltd 3 GmbH 4")
def test_plain_ascii_keeps_its_digits_through_normalisation(value):
    """What the part-number clearance relies on: every look-up key made of a plain-ASCII value (its words
    canonicalised, legal forms left out, words sorted) holds the value's digits."""
    from guiapp.matching.normalize import normalize
    from guiapp.matching.words import canon, strip_legal

    digits = sorted(c for c in value if c.isdigit())
    tokens = tuple(canon(t) for t in normalize(value).tokens)
    if not tokens:
        return
    for key in ("".join(tokens), "".join(strip_legal(tokens)), "".join(sorted(tokens))):
        assert sorted(c for c in key if c.isdigit()) == digits, (value, tokens)


# ---------------------------------------------------------------------------------------------------
# The free-text scan: single digits never make a value's words joinable (matching/textscan.py)


@functools.lru_cache(maxsize=1)
def _builtin_matcher():
    from guiapp.lists.watchlist import load_builtin
    from guiapp.matching.matcher import Matcher

    return Matcher([load_builtin()])


def _multiword_words() -> list[str]:
    index = _builtin_matcher()._index
    return sorted({t for n in index.names if len(n.tokens) > 1 and n.text.isascii() for t in n.tokens})


@given(
    st.lists(
        st.one_of(
            st.sampled_from(_multiword_words()),
            st.sampled_from(list("abhikvsxyz")),
            st.sampled_from(list("0123456789")),
            st.sampled_from(["2.2M", "1/10W", "2%", "10k", "x1"]),
        ),
        max_size=10,
    ),
    st.sampled_from([" ", "  ", ", ", "-", "/"]),
)
@example(["thick", "film", "2", "1", "2", "a"], " ")
@example(["h", "1", "k", "2", "v", "film"], " ")
def test_a_value_the_scan_leaves_out_meets_no_listed_name(parts, sep):
    """Words of multi-word listed names among single letters and digits: when the scan says a value meets no
    listed name, the name look-ups of the full path find none in it."""
    from guiapp.matching.normalize import normalize
    from guiapp.matching.textscan import NAMES
    from guiapp.matching.words import canon

    matcher = _builtin_matcher()
    values = [sep.join(parts), sep.join(reversed(parts)), sep.join(parts).upper()]
    for value, stages in zip(values, matcher.text_clearance.bulk_scan(values), strict=True):
        if not stages & NAMES:
            norm = normalize(value)
            tokens = tuple(canon(t) for t in norm.tokens)
            assert matcher._index.exact_matches(norm, tokens) == [], value
            assert matcher._index.mentions(norm, field_kind="text") == [], value


def test_single_digits_in_a_description_do_not_send_it_to_the_name_look_ups():
    """'film' is the scan's word for a multi-word listed name; three single digits (2.2M 1/10W 2%) used to
    count as letters that normalisation might join, sending the value to the full name look-ups."""
    from guiapp.matching.textscan import NAMES

    scan = _builtin_matcher().text_clearance.bulk_scan
    assert scan(["Res Thick Film 2.2M 1/10W 2% TO-252 Molex", "Film cap 1 2 3 4 uF"]) == [0, 0]
    assert scan(["Thick Film F I L M 1 2"])[0] & NAMES  # three single letters: they may be joined


@pytest.mark.parametrize(
    "column",
    [
        [1.0, 2.0, 3.0, -0.0, 9999999999999998.0, -9999999999999998.0],  # whole numbers
        [0.5655, 1e-7, float("nan"), float("inf"), float("-inf"), 2.5e300],  # none whole
        [1.0, 0.5, 1e16, -1e16, 1e300, float("nan"), 3.0],  # both, and whole numbers too large for "1"
        [1e16, 2.0],  # whole, but one as large as 1e16 is written as Excel's float text
    ],
)
def test_a_column_of_floats_converted_at_once_gives_each_cell_its_text(column):
    from guiapp.ingest.workbooks import _cell_text, _convert_column

    assert _convert_column(column, {}) == [_cell_text(c) for c in column]
    assert _convert_column([*column, -0.0], {}) == [_cell_text(c) for c in [*column, -0.0]]


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True) | st.integers(-(10**17), 10**17).map(float)))
def test_any_column_of_floats_gives_each_cell_its_text(column):
    from guiapp.ingest.workbooks import _cell_text, _convert_column

    assert _convert_column(column, {}) == [_cell_text(c) for c in column]
