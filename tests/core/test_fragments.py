"""One word of a longer listed name, written alone in a maker cell, is a look and not a hit when that word names
many firms: an ordinary word ('Camel' of 'Camel Group Co., Ltd.'), three letters ('KTK' of 'KTK Group') or a
Chinese word in pinyin ('Zhongxing' of 'Zhongxing Telecom'). A name the list itself gives ('ZTE', 'DJI') keeps
its level (issue 15 point 3, issue 16 point 6).

The cases are generated from the built-in list's own names, so the tests hold the rule, not a table of strings.
"""

from __future__ import annotations

import json
import re

import pytest

from guiapp.cli.main import main
from guiapp.lists.watchlist import load_builtin
from guiapp.matching.matcher import Matcher
from guiapp.matching.variants import is_pinyin_word
from guiapp.matching.words import canon, ordinary_words

WORD = re.compile(r"[^\W_]+")


@pytest.fixture(scope="module")
def matcher():
    return Matcher([load_builtin()])


def _names(matcher):
    return [n for n in matcher._index.names if not n.cjk]


def _explicit(matcher, entity_id):
    return {
        re.sub(r"[^\w+&]|_", "", n.text.casefold())
        for n in matcher._index.names
        if n.entity.id == entity_id and n.kind != "core"
    }


def _generic_first_words(matcher):
    """(word, entity id) for the first word of every multi-word listed name when that word alone names many
    firms and is not itself a name the entry gives."""
    out = set()
    for n in _names(matcher):
        words = WORD.findall(n.text)
        if len(words) < 2:
            continue
        first = words[0]
        key = canon(first.casefold())
        if first.casefold() in _explicit(matcher, n.entity.id):
            continue
        if len(key) <= 3 or key in ordinary_words() or is_pinyin_word(key):
            out.add((first, n.entity.id))
    return sorted(out)


def test_a_generic_word_of_a_listed_name_alone_is_only_a_look(matcher):
    cases = _generic_first_words(matcher)
    assert len(cases) >= 10, cases  # Camel, KTK, Yitu of 'Yitu Technologies' ... from the list itself
    confident = []
    for word, entity_id in cases:
        for m in matcher.match(word, "manufacturer"):
            if m.entity_id == entity_id and not m.review:
                confident.append((word, m.reason))
    assert confident == []


def test_the_look_says_why(matcher):
    for value, why in (
        ("Camel", "an ordinary word"),
        ("KTK", "three letters or fewer"),
        ("Zhongxing", "a Chinese word in pinyin"),
        ("Face", "an ordinary word"),
    ):
        found = matcher.match(value, "manufacturer")
        assert found and all(m.review for m in found), (value, found)
        assert any(why in m.reason and "only part of the listed name" in m.reason for m in found), found


def test_names_the_list_gives_keep_their_level(matcher):
    """Every one-word name the list gives as it is (ZTE, DJI, Huawei, Hikvision, EZVIZ ...) is never made a
    look by this rule when written as listed, also in capitals or full-width letters."""
    checked = 0
    for n in _names(matcher):
        if n.review or n.kind == "core" or len(WORD.findall(n.text)) != 1 or n.entity.affiliation_ended:
            continue
        for value in (
            n.text,
            n.text.upper(),
            "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in n.text),
        ):
            found = [m for m in matcher.match(value, "manufacturer") if m.entity_id == n.entity.id]
            if not found:
                continue
            checked += 1
            assert not any("only part of the listed name" in m.reason for m in found), (value, found)
    assert checked >= 20


def test_more_words_than_the_generic_one_are_a_finding(matcher):
    for value in ("Camel Group", "KTK Group", "Zhongxing Telecom", "Camel Group Co Ltd"):
        assert any(not m.review for m in matcher.match(value, "manufacturer")), value


def test_fragments_through_the_cli(tmp_path, capsys):
    bom = tmp_path / "bom.csv"
    bom.write_text(
        "Ref,Manufacturer,MPN,Description\n"
        "B1,Camel,6-QW-60,Lead-acid battery\n"
        "B2,Camel Group,6-QW-60,Lead-acid battery\n"
        "J1,KTK,KTK-220,Connector\n"
        "U1,Zhongxing,ZX-101,Module\n"
        "U2,ZTE,ZM8620,LTE module\n",
        encoding="utf-8",
    )
    assert main(["screen", "--json", "--no-stored-lists", str(bom)]) == 1
    hits: dict[int, list[dict]] = {}
    for h in json.loads(capsys.readouterr().out)["files"][0]["hits"]:
        hits.setdefault(h["row"], []).append(h)
    for row in (2, 4, 5):
        assert hits[row] and all(h["review"] for h in hits[row]), hits[row]
        assert any("only part of the listed name" in h["reason"] for h in hits[row])
    for row in (3, 6):
        assert any(not h["review"] for h in hits[row]), hits[row]
