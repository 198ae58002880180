"""The index cache is prepared where the lists change, so the first screening after an import starts warm."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from listsamples import write_csl_csv  # noqa: E402

from guiapp.app import indexcache  # noqa: E402
from guiapp.app.screener import Screener, load_lists  # noqa: E402
from guiapp.app.warmcache import warm_index_cache  # noqa: E402
from guiapp.cli.main import main  # noqa: E402
from guiapp.lists.store import ListStore  # noqa: E402
from guiapp.lists.watchlist import load_builtin  # noqa: E402
from guiapp.model import ScreenOptions  # noqa: E402
from guiapp.settings import load_settings  # noqa: E402

CSL = Path(__file__).resolve().parents[3] / "shared" / "real-lists" / "derived" / "consolidated.csv"


@pytest.fixture
def small_cached(monkeypatch):
    """Cache even small lists (the samples are far below the size worth caching)."""
    monkeypatch.setattr(indexcache, "MIN_NAMES", 0)


def _cache_files() -> list[Path]:
    return sorted(indexcache._cache_dir().glob("*.idx"))


def _screen_source(caplog) -> str:
    """Where the index of a screening with the current settings and lists came from."""
    caplog.clear()
    with caplog.at_level("INFO", logger="guiapp.app.screener"):
        Screener.load(ScreenOptions(threshold=load_settings().threshold), store=ListStore())
    (line,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("lists loaded")]
    return line.split("(index ", 1)[1].split(")", 1)[0]


def test_warm_builds_once_and_a_screening_then_reads_it_back(small_cached, caplog):
    lists = [load_builtin()]
    assert indexcache.warm(lists, 88.0) == "built" and len(_cache_files()) == 1
    assert indexcache.warm(lists, 88.0) == "cached" and len(_cache_files()) == 1
    assert indexcache.load_or_build(lists, 88.0).source == "cache"
    # Another threshold is another index: not the one warmed.
    assert not indexcache.is_cached(lists, 70.0)


def test_small_lists_are_not_worth_warming(caplog):
    assert indexcache.warm([load_builtin()], 88.0) == "not cached"
    assert _cache_files() == []


def test_a_cache_that_cannot_be_written_is_logged_never_fatal(small_cached, monkeypatch, caplog):
    def refuse(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(indexcache, "_write_atomically", refuse)
    with caplog.at_level("WARNING"):
        assert warm_index_cache() == "not cached"
    assert "could not be cached" in caplog.text and _cache_files() == []


def test_a_failure_to_read_the_lists_is_logged_never_fatal(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ValueError("lists.json: not a list store")

    monkeypatch.setattr("guiapp.app.warmcache.load_lists", broken)
    with caplog.at_level("WARNING"):
        assert warm_index_cache() == "not cached"
    assert "lists.json: not a list store" in caplog.text


def test_cli_import_disable_enable_leave_the_next_screening_warm(small_cached, tmp_path, capsys, caplog):
    src = write_csl_csv(tmp_path / "consolidated-2021-06-03.csv")
    assert main(["lists", "import", str(src)]) == 0
    assert "kept as 'Consolidated Screening List'" in capsys.readouterr().out
    assert _screen_source(caplog) == "cache"
    name = "Consolidated Screening List"
    assert main(["lists", "disable", name]) == 0
    assert _screen_source(caplog) == "cache"
    assert main(["lists", "enable", name, "--parties", "organisation,person"]) == 0
    assert _screen_source(caplog) == "cache"
    # The warmed index is the one of exactly these lists: the same key a screening computes.
    lists = load_lists(True, (), ListStore())
    assert indexcache.is_cached(lists, load_settings().threshold)


def test_a_dry_run_import_warms_nothing(small_cached, tmp_path, capsys):
    src = write_csl_csv(tmp_path / "consolidated-2021-06-03.csv")
    assert main(["lists", "import", str(src), "--dry-run"]) == 0
    assert _cache_files() == []


@pytest.mark.skipif(not CSL.exists(), reason="needs ../shared/real-lists (the real CSL)")
def test_importing_the_real_csl_leaves_the_first_screening_warm(capsys, caplog):
    assert main(["lists", "import", str(CSL)]) == 0
    capsys.readouterr()
    assert _screen_source(caplog) == "cache"
