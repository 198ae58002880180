"""A maker cell that meets an imported list's name on one word alone is a review item: among thousands of
listed parties such a word (a coinage like 'Unistar', a dictionary word like 'Echelon', a transliteration of
one) is shared by unrelated firms. The finding keeps its level when a second word of the name, a place or
domain word of it, or the same legal form (in any language) agrees, or when the word is a long coinage that
no ordinary words or pinyin syllables spell; the built-in list keeps its levels."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from listsamples import imported_entity, imported_watchlist  # noqa: E402

from guiapp.lists.watchlist import Entity, load_builtin  # noqa: E402
from guiapp.matching.matcher import Matcher  # noqa: E402


def _entity(ident: str, name: str, *aliases: str, country: str = "") -> Entity:
    return imported_entity(ident, name, *aliases, country=country, list_code="OFAC-SDN")


# Made-up parties shaped like the CSL's: one word of weight behind or inside legal forms and general words.
BULK = imported_watchlist(
    [
        _entity("VELTRON", "JOINT STOCK COMPANY VELTRON UNION", "JSC NPO VELTRON", country="Russia"),
        _entity("SOLARIX", "SOLARIX GROUP CO., LTD.", country="China"),
        _entity("QUORVEX", "NADIR STAR INTERNATIONAL", "QUORVEX COMPANY", country="Syria"),
        _entity("KORVANA", "KORVANA TRADING LLC", country="Russia"),
        _entity("ZELMAR", "ZELMAR PETROVSK FOUNDRY", country="Russia"),
        _entity("ZORBAVELINSK", "ZORBAVELINSK LLC", country="Russia"),  # a long made-up word
        _entity(
            "STARBRIGHT", "STARBRIGHT COMPANY LIMITED", country="China"
        ),  # two ordinary words run together
        _entity("GUANGHUITONG", "GUANGHUITONG GROUP", country="China"),  # three pinyin syllables
    ],
    name="Imported parties",
    source="/tmp/parties.csv",
)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher([load_builtin(), BULK])


def _found(matcher: Matcher, value: str, entity_id: str):
    found = [m for m in matcher.match(value, "manufacturer") if m.entity_id == entity_id]
    assert found, (value, matcher.match(value, "manufacturer"))
    return found[0]


@pytest.mark.parametrize(
    ("value", "entity_id", "word"),
    [
        ("Veltron Corporation", "VELTRON", "veltron"),  # another country's legal form than the listed one
        ("Veltron", "VELTRON", "veltron"),
        ("Quorvex", "QUORVEX", "quorvex"),  # the alias 'QUORVEX COMPANY' without its general word
        ("Quorvex Inc.", "QUORVEX", "quorvex"),
        # a near match: the value's other word is not listed
        ("Solarix Electronics Inc", "SOLARIX", "solarix"),
        ("Starbright Inc", "STARBRIGHT", "starbright"),  # long, but spelled by two ordinary words
        ("Guanghuitong", "GUANGHUITONG", "guanghuitong"),  # long, but pinyin
    ],
)
def test_one_word_alone_is_a_review_item_that_says_why(matcher, value, entity_id, word):
    m = _found(matcher, value, entity_id)
    assert m.review, m
    assert f"only the word '{word}' of the listed name agrees" in m.reason
    # Still found, so the reviewer sees it, with the listed name that it met.
    assert m.matched_name


@pytest.mark.parametrize(
    ("value", "entity_id"),
    [
        ("AO Veltron", "VELTRON"),  # the same legal form in Russian as the listed 'JSC'
        ("Veltron JSC", "VELTRON"),
        ("Aktsionernoe Obshchestvo Veltron", "VELTRON"),
        ("Veltron Union", "VELTRON"),  # a second word of the name
        ("Solarix Co., Ltd.", "SOLARIX"),  # the same legal form
        ("Korvana Trading", "KORVANA"),  # a domain word of the name agrees too
        ("OOO Korvana Trading", "KORVANA"),
        ("Zelmar Petrovsk Foundry", "ZELMAR"),
        ("Zorbavelinsk Corporation", "ZORBAVELINSK"),  # a long coinage of no ordinary words names one firm
        ("Zorbavelinsk", "ZORBAVELINSK"),
    ],
)
def test_more_evidence_keeps_the_finding_confident(matcher, value, entity_id):
    m = _found(matcher, value, entity_id)
    assert not m.review, m


def test_the_built_in_lists_one_word_names_keep_their_level(matcher):
    for value in ("Hikvision", "EZVIZ", "Huawei"):
        found = matcher.match(value, "manufacturer")
        assert found and not found[0].review, (value, found)
