"""Spelling and script folding, and the context phrases that turn a finding into a review item (issue 15).

The spellings are generated from the list entries (OpenCC's s2t for Traditional, Unicode names for small
capitals, an invented Chinese name in an imported list for pinyin), so the tests hold the mechanism, not a
table of the strings that prompted it.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import unicodedata
from pathlib import Path

import pytest

from guiapp.cli.main import main
from guiapp.lists.watchlist import load_builtin, load_user_list
from guiapp.matching.matcher import Matcher
from guiapp.matching.normalize import has_cjk, normalize

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def builtin():
    return load_builtin()


@pytest.fixture(scope="module")
def matcher(builtin):
    return Matcher([builtin])


def _parents(matches, confident_only=False):
    return {m.parent_id for m in matches if not (confident_only and m.review)}


# ------------------------------------------------------------------------------------------ Chinese script
def test_every_listed_chinese_name_is_found_in_traditional_characters(builtin, matcher):
    opencc = pytest.importorskip("opencc")
    s2t = opencc.OpenCC("s2t")
    checked = 0
    for entity in builtin.entities:
        if not entity.matchable or entity.review:
            continue
        parent = builtin.top_parent(entity).id
        for alias in entity.aliases:
            trad = s2t.convert(alias.name)
            if not has_cjk(alias.name) or trad == alias.name or alias.review:
                continue
            found = [m for m in matcher.match(trad, "manufacturer") if m.parent_id == parent]
            assert found, trad
            assert "read as Simplified" in found[0].reason and "after folding" in found[0].reason
            checked += 1
    assert checked >= 20


def test_pinyin_is_generated_for_an_imported_lists_chinese_name(tmp_path):
    # An invented firm: its pinyin can only come from the list entry, not from anything typed for it.
    p = tmp_path / "mine.csv"
    p.write_text("Company,Aliases,List\nZorblax Systems,泽博莱克斯光电科技,internal\n", encoding="utf-8")
    m = Matcher([load_user_list(p)])
    for spelling in ("Zebolaikesi Guangdian Keji", "ZE BO LAI KE SI GUANG DIAN KE JI", "zébóláikèsī guāngdiàn kējì",
                     "ze2 bo2 lai2 ke4 si1 guang1 dian4 ke1 ji4", "Zebolaikesi Guangdian Keji Youxian Gongsi"):  # fmt: skip
        found = m.match(spelling, "manufacturer")
        assert [x.entity for x in found] == ["Zorblax Systems"], spelling
        assert "pinyin of the Chinese name '泽博莱克斯光电科技'" in found[0].reason
        assert not found[0].review
    assert m.match("Zebolai Guangdian", "manufacturer") == []  # a part of the pinyin is not the name


def test_pinyin_of_listed_chinese_names(matcher):
    hik = matcher.match("Haikang Weishi", "manufacturer")
    assert _parents(hik, confident_only=True) == {"HIKVISION"}
    assert "海康威视" in hik[0].reason
    # Two syllables are shared by many unrelated names: a review item, found all the same.
    shangtang = matcher.match("Shangtang", "manufacturer")
    assert _parents(shangtang) == {"SENSETIME"} and all(m.review for m in shangtang)
    assert "商汤" in shangtang[0].reason


# ------------------------------------------------------------------------------------------ Latin tricks
def _small_caps(text):
    return "".join(unicodedata.lookup(f"LATIN LETTER SMALL CAPITAL {c.upper()}") if c.upper() in "HIKVON" else c
                   for c in text)  # fmt: skip


@pytest.mark.parametrize(
    ("spelling", "trick"),
    [
        (_small_caps("hikvision"), "small capitals"),
        ("\u202enoisivkiH\u202c", "right-to-left override"),
        ("Hik\u2067vis\u2069ion", "invisible control characters"),
        ("Hikv\u2063ision", "invisible control characters"),
        ("H\u00f8kvisi\u00f8n".replace("\u00f8k", "ik").replace("\u00f8", "o"), ""),
    ],
)
def test_latin_tricks_are_folded_and_named(matcher, spelling, trick):
    found = matcher.match(spelling, "manufacturer")
    assert _parents(found, confident_only=True) == {"HIKVISION"}, spelling
    if trick:
        assert trick in found[0].reason and "read as 'hikvision' after folding" in found[0].reason


def test_right_to_left_override_reads_as_shown():
    assert normalize("\u202eiewauH\u202c Technologies").name == "huawei technologies"
    assert normalize("Acme \u202eiewauH").folded == "acme huawei"


def test_stroked_letters_read_from_unicode_names():
    assert normalize("Dah\u0289a").folded == "dahua"  # LATIN SMALL LETTER U BAR
    assert normalize("\u029c\u026a\u1d0b").folded == "hik"  # small capitals H, I, K


# ------------------------------------------------------------------------------------------ part numbers
@pytest.mark.parametrize(
    "value",
    ["DS2CD2143G2I", "DS\u20132CD2143G2-I", "DS\u20142CD2143G2\u2013I", "DS 2CD2143G2 I", "DS.2CD2143G2.I"],
)
def test_part_number_separators_are_folded(matcher, value):
    found = matcher.match(value, "part_number")
    assert _parents(found, confident_only=True) == {"HIKVISION"}, value
    assert "dash to hyphens" in found[0].reason or "separators are ignored" in found[0].reason


@pytest.mark.parametrize(
    "value", ["DS3231MZ+", "DS1307Z+", "DS2431P+", "DS18B20", "HI-1620", "HI-3593", "ZXMN3A01F"]
)
def test_separator_folding_leaves_other_makers_parts_alone(matcher, value):
    # The DS- pattern's own counter-example DS3231MZ+ shows its hyphen matters for parts of that shape.
    assert matcher.match(value, "part_number") == [], value


# ------------------------------------------------------------------------------------------ context
@pytest.mark.parametrize(
    ("value", "field", "phrase"),
    [
        ("Huawei compatible", "manufacturer", "Huawei compatible"),
        ("HUAWEI-COMPATIBLE", "manufacturer", "HUAWEI-COMPATIBLE"),
        ("Power supply compatible with Hikvision NVR", "description", "compatible with Hikvision NVR"),
        ("Replacement for Dahua DH-IPC-HDW1230", "description", "Replacement for Dahua DH-IPC-HDW1230"),
        ("Wall bracket for Hikvision cameras", "description", "for Hikvision cameras"),
        ("not Hikvision", "manufacturer", "not Hikvision"),
        ("Hikvision-free design", "description", "Hikvision-free"),
        ("Non-Huawei modem", "description", "Non-Huawei"),
        ("Hikvision kompatibel", "manufacturer", "Hikvision kompatibel"),
        ("Wandhalterung für Hikvision Kameras", "description", "für Hikvision Kameras"),  # quoted as written
        ("compatible avec Huawei", "description", "compatible avec Huawei"),
        ("华为兼容", "manufacturer", "华为兼容"),
        ("兼容海康威视", "description", "兼容海康威视"),
    ],
)
def test_context_phrase_makes_a_review_item_with_the_phrase_quoted(matcher, value, field, phrase):
    found = matcher.match(value, field)
    assert found and all(m.review for m in found), value
    assert f"the value says '{phrase}" in found[0].reason


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ("Huawei", "manufacturer"),
        ("Hikvision camera, not waterproof", "description"),
        ("Hikvision DS-2CD2143G2-I camera for outdoor use", "description"),
        ("Part No. DS-2CD2143G2-I", "description"),
    ],
)
def test_names_without_such_a_phrase_stay_confident(matcher, value, field):
    assert any(not m.review for m in matcher.match(value, field)), value


def test_context_and_folding_through_the_cli(tmp_path, capsys):
    bom = tmp_path / "bom.csv"
    bom.write_text(
        "Ref,Manufacturer,MPN,Description\n"
        "R1,Yageo,RC0603FR-0710KL,Resistor 10k\n"
        "U1,Huawei compatible,PSU-12V,Charger\n"
        "U2,海康威視,DS\u20132CD2143G2-I,Camera\n"
        "U3,Maxim,DS3231MZ+,RTC\n",
        encoding="utf-8",
    )
    code = main(["screen", "--json", str(bom)])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    by_row: dict[int, list[dict]] = {}
    for h in doc["files"][0]["hits"]:
        by_row.setdefault(h["row"], []).append(h)
    assert set(by_row) == {3, 4}
    assert all(h["review"] for h in by_row[3]) and "Huawei compatible" in by_row[3][0]["reason"]
    fields = {h["field"]: h for h in by_row[4]}
    assert not fields["manufacturer"]["review"] and "read as Simplified" in fields["manufacturer"]["reason"]
    assert "en dash" in fields["part_number"]["reason"]


# ------------------------------------------------------------------------------------------ the spellings set
def test_spellings_set_built_from_the_list_is_found():
    spec = importlib.util.spec_from_file_location(
        "eval_spellings", REPO / "tests" / "tools" / "eval_spellings.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    r = module.evaluate()
    assert r.total >= 500
    assert r.found == r.total, r.misses[:10]
    # Near-miss names written with digits for letters ("X1'an Dahua Sh1da1 ...") are guarded as written
    # plainly; folding may add no finding of its own.
    assert r.false_positives == [], r.false_positives


def test_pattern_inside_another_makers_cell_needs_the_maker_or_a_distinctive_shape(tmp_path, capsys):
    bom = tmp_path / "parts.csv"
    bom.write_text(
        "Ref,MPN,Description\n"
        "U1,EMC DS-4100B,Storage array\n"  # DS-4100B has the shape of Maxim's DS3231MZ+, a counter-example
        "U2,Acme DS-2CD2143G2-I,Camera\n"  # seven letter/digit runs: no counter-example looks like it
        "U3,DS-4100B,Storage array\n",  # the cell is the part number alone
        encoding="utf-8",
    )
    assert main(["screen", "--json", str(bom)]) == 1
    hits = {h["row"]: h for h in json.loads(capsys.readouterr().out)["files"][0]["hits"]}
    assert (
        hits[2]["review"] and "has the shape of other makers' parts such as 'DS3231MZ+'" in hits[2]["reason"]
    )
    assert not hits[3]["review"] and not hits[4]["review"]
