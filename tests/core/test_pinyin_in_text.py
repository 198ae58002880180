"""The pinyin of a listed Chinese name inside a description or a note (issue 15): found at review level when the
name has three syllables or more and its pinyin stands as whole words, split only where syllables meet, with
the folds named in the reason; one or two syllables never hit inside text.

The names are read from the built-in list (every Chinese name it has, nothing typed here) and spelled with
pypinyin, as a supplier would write them; the innocent makers and the real BOMs of ../shared must gain no hit.
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import pytest

from guiapp.lists.watchlist import load_builtin
from guiapp.matching.matcher import Matcher
from guiapp.matching.normalize import has_cjk, is_cjk_char, normalize, strip_legal_forms
from guiapp.matching.variants import MIN_TEXT_SYLLABLES, pinyin_syllables
from guiapp.model import ScreenOptions
from guiapp.screening.screen import screen_file

pypinyin = pytest.importorskip("pypinyin")

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
TEMPLATES = (
    "IP camera module made by {} for the door station",
    "replacement board, vendor {} (see quote)",
    "Notes: sourced from {} via a distributor",
)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher([load_builtin()])


def _listed_chinese_names(matcher: Matcher) -> dict[str, tuple[list[str], str]]:
    """Chinese core name -> (its pinyin syllables, the entry id), for every matchable entry of the lists."""
    out: dict[str, tuple[list[str], str]] = {}
    for wl in matcher.watchlists:
        for e in wl.entities:
            if not e.matchable:
                continue
            for text in [e.name] + [a.name for a in e.aliases]:
                core = strip_legal_forms(normalize(text).folded).replace(" ", "")
                if has_cjk(text) and len(core) >= 2 and all(is_cjk_char(c) for c in core):
                    syllables = pinyin_syllables(core)
                    if syllables:
                        out.setdefault(core, (syllables, e.id))
    return out


def _spellings(core: str, syllables: list[str]) -> dict[str, str]:
    toned = pypinyin.lazy_pinyin(core, style=pypinyin.Style.TONE)
    return {
        "spaced": " ".join(s.capitalize() for s in syllables),
        "joined": "".join(syllables).capitalize(),
        "capitals": "".join(syllables).upper(),
        "tone marks": " ".join(toned),
    }


def _pinyin_hits(matches, entity_id: str | None = None):
    return [
        m
        for m in matches
        if "the pinyin" in m.reason and "the text holds" in m.reason and entity_id in (None, m.entity_id)
    ]


def test_a_long_names_pinyin_inside_text_is_found_at_review_level_with_its_folds(matcher):
    names = {c: v for c, v in _listed_chinese_names(matcher).items() if len(v[0]) >= MIN_TEXT_SYLLABLES}
    assert len(names) >= 20  # the built-in list's Chinese names of three syllables or more
    rng = random.Random(15)
    missed = []
    for core, (syllables, entity_id) in names.items():
        for how, spelled in _spellings(core, syllables).items():
            text = rng.choice(TEMPLATES).format(spelled)
            for field in ("description", "text"):
                # Through the matcher the entry is found (by its pinyin, or by a listed Latin name it also has).
                if not any(m.entity_id == entity_id for m in matcher.match(text, field)):
                    missed.append((core, how, field, text))
            hits = [m for m in matcher._pinyin.text_matches(normalize(text)) if m.entity_id == entity_id]
            if not hits:
                missed.append((core, how, "pinyin", text))
                continue
            hit = hits[0]
            assert hit.review and hit.method == "description"
            assert f"the text holds '{spelled}'" in hit.reason and "Chinese name '" in hit.reason
            if how == "joined":
                assert "written as one word" in hit.reason
            if how == "tone marks" and spelled != " ".join(syllables):
                assert "tone marks left out" in hit.reason
            if how == "capitals":
                assert "capitals folded" in hit.reason
    assert not missed, missed[:5]


def test_the_bulk_path_of_a_sheet_finds_them_too(matcher):
    # match_field() clears most free text in one pass: the pinyin must survive that pass.
    names = {c: v for c, v in _listed_chinese_names(matcher).items() if len(v[0]) >= MIN_TEXT_SYLLABLES}
    values = [f"camera by {_spellings(c, s)['spaced']}, 4MP" for c, (s, _) in names.items()]
    values += [f"10k resistor 0603 lot {i}" for i in range(200)]
    found, _ = matcher.match_field(values, "text")
    for value, (_core, (_s, entity_id)) in zip(values, names.items(), strict=False):
        assert any(m.entity_id == entity_id for m in found.get(value, [])), value
    assert sum(bool(_pinyin_hits(found.get(v, []))) for v in values) >= len(names) // 2


def test_short_names_single_syllables_and_split_syllables_do_not_hit_inside_text(matcher):
    names = _listed_chinese_names(matcher)
    short = {c: v for c, v in names.items() if len(v[0]) < MIN_TEXT_SYLLABLES}
    assert short  # two-character names exist in the list (大华, 中兴 ...)
    for core, (syllables, _) in short.items():
        for spelled in _spellings(core, syllables).values():
            assert not _pinyin_hits(matcher.match(f"module from {spelled} today", "description")), spelled
    for syllables, _ in names.values():
        for syllable in syllables:
            assert not _pinyin_hits(matcher.match(f"the {syllable} board", "description"))
        if len(syllables) >= MIN_TEXT_SYLLABLES:
            joined = "".join(syllables)
            # Split inside a syllable ("haik angweishi"), or glued to other letters ("xhaikangweishi"):
            # not the name written in pinyin.
            cut = len(syllables[0]) - 1
            assert not _pinyin_hits(matcher.match(f"see {joined[:cut]} {joined[cut:]} now", "text"))
            assert not _pinyin_hits(matcher.match(f"see x{joined} now", "text"))


@pytest.mark.skipif(
    not (SHARED / "eval" / "innocent-makers.csv").exists(), reason="../shared/eval not present"
)
def test_no_innocent_maker_gets_a_pinyin_hit_inside_text(matcher):
    with (SHARED / "eval" / "innocent-makers.csv").open(encoding="utf-8") as fh:
        names = [row["name"] for row in csv.DictReader(fh)]
    assert len(names) > 3000
    hits = []
    for name in names:
        for text in (name, f"Capacitor from {name} 0603 reel", f"alt source: {name}"):
            hits += [(text, m.reason) for m in _pinyin_hits(matcher.match(text, "text"))]
    assert not hits, hits[:5]


@pytest.mark.skipif(not (SHARED / "real-boms").is_dir(), reason="../shared/real-boms not present")
def test_the_real_boms_get_no_pinyin_hit_inside_text(matcher):
    for path in sorted((SHARED / "real-boms").iterdir()):
        if path.suffix == ".md":
            continue
        result = screen_file(path, matcher, ScreenOptions())
        assert not _pinyin_hits([h.match for h in result.hits]), path.name


def test_a_maker_written_in_pinyin_with_tone_numbers_inside_its_words_is_found(matcher):
    """'Hai3kang1 Wei1shi4': the tone numbers of syllables run together are left out where each syllable ends,
    for every listed Chinese name; digits that do not stand where a syllable ends are not read as tones."""
    names = _listed_chinese_names(matcher)
    assert len(names) >= 10
    missed, wrong = [], []
    for core, (_, entity_id) in names.items():
        numbered = pypinyin.lazy_pinyin(core, style=pypinyin.Style.TONE3)
        glued = " ".join("".join(numbered[i : i + 2]).capitalize() for i in range(0, len(numbered), 2))
        if not any(ch.isdigit() for w in glued.split() for ch in w[:-1]):
            continue  # no tone number inside a word (neutral tones only)
        found = matcher.match(glued, "manufacturer")
        if not any(m.entity_id == entity_id and "tone numbers are left out" in m.reason for m in found):
            missed.append(glued)
        # The same letters with each tone number moved one letter to the left no longer read as pinyin.
        shifted = re.sub(r"([a-z])([1-5])", r"\2\1", glued)
        if any(
            m.entity_id == entity_id and "tone numbers" in m.reason
            for m in matcher.match(shifted, "manufacturer")
        ):
            wrong.append(shifted)
    assert not missed
    assert not wrong
