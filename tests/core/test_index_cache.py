"""The compiled matcher index cached on disk: the same matches as a fresh build, and never trusted blindly."""

from __future__ import annotations

import dataclasses
import os
import pickle
import threading
from pathlib import Path

import pytest

from guiapp.app import indexcache
from guiapp.app.indexcache import cache_key, load_or_build
from guiapp.lists.watchlist import Watchlist, load_builtin
from guiapp.matching.matcher import Matcher
from guiapp.review.identity import watchlist_fingerprints

CSL = Path(__file__).resolve().parents[3] / "shared" / "real-lists" / "derived" / "consolidated.csv"

VALUES = [
    ("Hikvision", "manufacturer"),
    ("Hangzhou Hik-Vision Digital Tech", "manufacturer"),
    ("HUAWEI TECHNOLOGIES CO LTD", "manufacturer"),
    ("DS-2CD2143G0-I", "part_number"),
    ("Murata", "manufacturer"),
    ("ZTE Corporation", "supplier"),
    ("IP camera module by Dahua", "description"),
    ("海康威视", "manufacturer"),
]


@pytest.fixture
def cached_small(monkeypatch):
    """Cache even the built-in list (normally too small to be worth it)."""
    monkeypatch.setattr(indexcache, "MIN_NAMES", 0)
    return [load_builtin()]


def _cache_files() -> list[Path]:
    return sorted(indexcache._cache_dir().glob("*.idx"))


def _matches(matcher: Matcher, values=VALUES) -> list:
    return [matcher.match(v, f) for v, f in values]


def test_a_second_start_reads_the_index_back_and_matches_the_same(cached_small):
    first = load_or_build(cached_small, 88.0)
    assert first.source == "built" and len(_cache_files()) == 1
    second = load_or_build(cached_small, 88.0)
    assert second.source == "cache"
    fresh = Matcher(cached_small, threshold=88.0)
    assert _matches(second.matcher) == _matches(fresh)
    assert any(_matches(fresh))  # the values do hit: the comparison is not of empty lists
    assert second.fingerprints == watchlist_fingerprints(cached_small)
    # The lists are not copied into the cache: the matcher of the run holds the run's own list objects.
    assert second.matcher.watchlists[0] is cached_small[0]


def test_another_threshold_or_list_edition_is_another_key(cached_small):
    builtin = cached_small[0]
    other = Watchlist(builtin.name, builtin.version, builtin.date, "0" * 64, "x", list(builtin.entities))
    keys = {cache_key(cached_small, 88.0), cache_key(cached_small, 80.0), cache_key([other], 88.0)}
    assert len(keys) == 3
    load_or_build(cached_small, 88.0)
    assert load_or_build(cached_small, 80.0).source == "built"
    assert load_or_build(cached_small, 80.0).source == "cache"
    assert (
        load_or_build(cached_small, 88.0).source == "cache"
    )  # both kept: a CLI run does not evict the window's
    # Only the most recently used files are kept: the cache does not grow without end.
    for threshold in (70.0, 71.0, 72.0, 73.0):
        load_or_build(cached_small, threshold)
    assert len(_cache_files()) == indexcache.KEEP_FILES
    stale = indexcache._cache_dir() / ".index-killed.tmp"  # a writer killed mid-write, long ago
    stale.write_bytes(b"half")
    os.utime(stale, (1, 1))
    assert load_or_build(cached_small, 88.0).source == "built"  # the least recently used went first
    assert not stale.exists()


@pytest.mark.parametrize(
    "damage",
    ["garbage", "truncated", "flipped byte", "empty"],
)
def test_a_damaged_cache_file_is_rebuilt_not_trusted(cached_small, damage):
    load_or_build(cached_small, 88.0)
    (path,) = _cache_files()
    data = path.read_bytes()
    if damage == "garbage":
        data = b"not a cache file at all" * 10
    elif damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "flipped byte":
        data = data[:-100] + bytes([data[-100] ^ 0xFF]) + data[-99:]
    else:
        data = b""
    path.write_bytes(data)
    again = load_or_build(cached_small, 88.0)
    assert again.source == "built"
    assert _matches(again.matcher) == _matches(Matcher(cached_small, threshold=88.0))
    assert load_or_build(cached_small, 88.0).source == "cache"  # the rebuilt file is good again


class _Trap:
    """Unpickling this creates the marker file: it shows whether a cache file was unpickled at all."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_foreign_pickle_is_never_unpickled(cached_small, tmp_path):
    load_or_build(cached_small, 88.0)
    (path,) = _cache_files()
    marker = tmp_path / "unpickled"
    payload = pickle.dumps(_Trap(marker))
    head = indexcache.MAGIC + indexcache.CACHE_FORMAT.to_bytes(2, "big")
    # Signed with another key (another install, or someone guessing): refused before unpickling.
    path.write_bytes(head + b"\0" * 32 + payload)
    assert load_or_build(cached_small, 88.0).source == "built"
    assert not marker.exists()


def test_a_signed_file_naming_classes_outside_the_app_is_refused(cached_small, tmp_path):
    """Defence in depth: even with the install's own key, only the app's classes are loaded."""
    import hashlib
    import hmac

    load_or_build(cached_small, 88.0)
    (path,) = _cache_files()
    marker = tmp_path / "unpickled"
    payload = pickle.dumps(_Trap(marker))
    key = indexcache._signing_key(create=False)
    assert key is not None and len(key) == 32
    digest = hmac.new(key, payload, hashlib.sha256).digest()
    path.write_bytes(indexcache.MAGIC + indexcache.CACHE_FORMAT.to_bytes(2, "big") + digest + payload)
    assert load_or_build(cached_small, 88.0).source == "built"
    assert not marker.exists()


def test_a_reference_outside_the_lists_fails_the_load(cached_small, monkeypatch):
    """A cache keyed for these lists but referring past their end is rebuilt, not half-loaded."""
    load_or_build(cached_small, 88.0)
    shorter = [dataclasses.replace(cached_small[0], entities=cached_small[0].entities[:3])]
    # Same key on purpose (as if two lists hashed alike): the reference check still refuses it.
    monkeypatch.setattr(indexcache, "cache_key", lambda *_a: _cache_files()[0].stem)
    assert load_or_build(shorter, 88.0).source == "built"


def test_concurrent_builders_leave_one_good_file(cached_small):
    results = []

    def build() -> None:
        results.append(load_or_build(cached_small, 88.0).source)

    threads = [threading.Thread(target=build) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(results) == 4 and set(results) <= {"built", "cache"}
    files = list(indexcache._cache_dir().iterdir())
    assert [f.suffix for f in files] == [".idx"]  # no temporary files left behind
    assert load_or_build(cached_small, 88.0).source == "cache"


def test_the_cache_can_be_turned_off_and_small_lists_are_not_cached(monkeypatch):
    lists = [load_builtin()]
    assert load_or_build(lists, 88.0).source == "built, not cached"
    monkeypatch.setattr(indexcache, "MIN_NAMES", 0)
    assert load_or_build(lists, 88.0, use_cache=False).source == "built, not cached"
    assert _cache_files() == []


def test_an_unwritable_cache_folder_still_screens(cached_small, monkeypatch, tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setattr(indexcache, "_cache_dir", lambda: blocker / "index")
    compiled = load_or_build(cached_small, 88.0)
    assert compiled.source == "built, not cached"
    assert any(_matches(compiled.matcher))


def test_the_screener_uses_the_cache(cached_small):
    from guiapp.app.screener import Screener
    from guiapp.model import ScreenOptions

    first = Screener.load(ScreenOptions())
    assert len(_cache_files()) == 1
    second = Screener.load(ScreenOptions())
    assert second.fingerprints == first.fingerprints == watchlist_fingerprints(second.watchlists)
    assert _matches(second.matcher) == _matches(first.matcher)


@pytest.mark.skipif(not CSL.is_file(), reason="../shared/real-lists is not here")
def test_the_full_consolidated_screening_list_round_trips():
    from guiapp.lists.importers import import_list

    csl = import_list(CSL).watchlist
    lists = [load_builtin(), csl]
    built = load_or_build(lists, 88.0)
    assert built.source == "built"
    read = load_or_build(lists, 88.0)
    assert read.source == "cache"
    names = [(e.name, "manufacturer") for e in csl.entities[::400]]
    variants = [(n.upper().replace(",", ""), f) for n, f in names]
    assert _matches(read.matcher, names + variants) == _matches(built.matcher, names + variants)
    assert sum(1 for m in _matches(read.matcher, names) if m) >= len(names) * 0.9
    assert read.fingerprints == built.fingerprints


def test_the_key_follows_the_parties_a_list_screens():
    """Switching persons on screens other entries of the same file (same SHA-256): another index."""
    import dataclasses

    from guiapp.app.indexcache import cache_key
    from guiapp.lists.watchlist import Entity, Watchlist

    orgs = [Entity(id=f"O{i}", name=f"Org {i} Trading LLC") for i in range(3)]
    person = Entity(id="P1", name="Ivan Petrov", party="person")
    base = Watchlist(
        name="X", version="1", date="2026-01-01", sha256="ab" * 32, source="x.csv", entities=orgs
    )
    mixed = dataclasses.replace(base, entities=[*orgs[:2], person])
    assert cache_key([base], 88.0) != cache_key([mixed], 88.0)


def test_the_cache_keeps_the_pinyin_syllables(cached_small, monkeypatch):
    """What a small BOM would otherwise wait for is read back with the index, and decides the same."""
    from guiapp.matching import variants

    load_or_build(cached_small, 88.0)
    syllables = variants.toneless_syllables()
    assert "zhong" in syllables  # pypinyin's data was read: the comparison below is not of empty sets
    monkeypatch.setattr(variants, "_PRIMED", [])

    def no_read():
        raise AssertionError("pypinyin's data read although the cache holds the syllables")

    monkeypatch.setattr(variants, "_read_toneless_syllables", no_read)
    second = load_or_build(cached_small, 88.0)
    assert second.source == "cache"
    assert variants.toneless_syllables() == syllables


EVAL = CSL.parents[2] / "eval" / "screening-cases.csv"
REAL_BOMS = CSL.parents[2] / "real-boms"


def test_the_cache_keeps_the_free_text_scan(cached_small):
    """The free-text scan is built before writing and read back: the first description builds nothing."""
    load_or_build(cached_small, 88.0)
    read = load_or_build(cached_small, 88.0)
    assert read.source == "cache"
    assert read.matcher._text_clearance is not None  # read back, not left for the first description
    fresh = Matcher(cached_small, threshold=88.0)
    texts = [v for v, _ in VALUES] + ["Hikvision IP camera 4MP", "Capacitor 100nF X7R", "Dual op amp"]
    scanned = read.matcher.text_clearance.bulk_scan(texts)
    assert scanned == fresh.text_clearance.bulk_scan(texts)
    assert 0 in scanned and any(scanned)  # some values are cleared and some are not: a real comparison


def test_a_cached_index_matches_pinyin_without_pypinyin(cached_small, monkeypatch):
    """A warm start does not import pypinyin (most of a second): the legal forms' pinyin is in the cache."""
    from guiapp.matching import variants

    values = [("Haikang Weishi Youxian Gongsi", "manufacturer"), ("haikangweishi", "manufacturer")]
    fresh = Matcher(cached_small, threshold=88.0)
    expected = _matches(fresh, values)
    assert expected[0] and expected[1]  # the pinyin with and without its legal form both hit
    load_or_build(cached_small, 88.0)

    def no_pypinyin():
        raise AssertionError("pypinyin used although the cache holds the pinyin the matcher needs")

    monkeypatch.setattr(variants, "_lazy_pinyin", no_pypinyin)
    read = load_or_build(cached_small, 88.0)
    assert read.source == "cache"
    assert _matches(read.matcher, values) == expected


@pytest.mark.skipif(not (CSL.is_file() and EVAL.is_file()), reason="../shared is not here")
def test_with_the_full_csl_a_cached_index_screens_exactly_as_a_fresh_one(monkeypatch):
    """Format 4 (free-text scan and legal forms' pinyin in the file): the labelled cases and every real BOM
    give the same matches and the same findings whether the index was read back or built afresh."""
    import csv

    from guiapp.lists.importers import import_list
    from guiapp.model import ScreenOptions
    from guiapp.screening.screen import screen_file

    lists = [load_builtin(), import_list(CSL).watchlist]
    assert load_or_build(lists, 88.0).source == "built"
    read = load_or_build(lists, 88.0)
    assert read.source == "cache"
    fresh = load_or_build(lists, 88.0, use_cache=False).matcher
    with EVAL.open(encoding="utf-8", newline="") as fh:
        cases = [(row["value"], row["field"]) for row in csv.DictReader(fh)]
    cases += [(value, "description") for value, _ in cases]
    got = _matches(read.matcher, cases)
    assert got == _matches(fresh, cases)
    assert sum(1 for m in got if m) >= len(cases) // 4  # the labelled cases do hit
    options = ScreenOptions()
    boms = sorted(p for p in REAL_BOMS.glob("*") if p.name[:2].isdigit()) if REAL_BOMS.is_dir() else []
    for path in boms:
        a, b = screen_file(path, read.matcher, options), screen_file(path, fresh, options)
        assert (a.status, a.hits, a.sheets) == (b.status, b.hits, b.sheets), path.name
