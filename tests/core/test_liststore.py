"""The kept lists: import, enable/disable, replace by a newer edition, remove, cache, private list."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from listsamples import CSL_ROWS, synthetic_csl_rows, write_csl_csv, write_opensanctions  # noqa: E402

from guiapp.app.screener import load_lists as load_watchlists  # noqa: E402
from guiapp.lists.store import PRIVATE_LIST_NAME, ListStore, ListStoreError  # noqa: E402
from guiapp.lists.watchlist import load_builtin  # noqa: E402
from guiapp.matching.matcher import Matcher  # noqa: E402
from guiapp.settings import app_dirs  # noqa: E402


@pytest.fixture
def store() -> ListStore:
    return ListStore()


def test_import_keeps_a_copy_and_a_record(store, tmp_path):
    src = write_csl_csv(tmp_path / "consolidated.csv")
    record = store.import_file(src)
    assert store.root == app_dirs().data / "lists"
    assert record.name == "Consolidated Screening List"
    assert record.file_name == "consolidated.csv" and len(record.sha256) == 64
    assert record.edition_source == "file date" and record.format == "csl-csv"
    assert (record.entries, record.records, record.skipped) == (5, 6, 1)
    assert record.parties == ["organisation"]
    assert record.parties_found == {"organisation": 3, "person": 1, "vessel": 1}
    assert record.enabled and record.active and record.imported_at
    assert (store.root / record.stored_file).read_bytes() == src.read_bytes()
    src.unlink()  # the store no longer needs the original
    fresh = ListStore()
    assert [r.name for r in fresh.records()] == ["Consolidated Screening List"]
    names = [w.name for w in fresh.enabled_watchlists()]
    assert names == ["BOM Auditor built-in watchlist", "Consolidated Screening List"]


def test_same_file_twice_is_refused(store, tmp_path):
    src = write_csl_csv(tmp_path / "consolidated.csv")
    store.import_file(src)
    with pytest.raises(ValueError, match="already imported as 'Consolidated Screening List'"):
        store.import_file(src)


def test_enable_disable_and_screening_uses_enabled_lists(store, tmp_path):
    store.import_file(write_csl_csv(tmp_path / "consolidated-2021-06-03.csv"))
    lists = load_watchlists(store=store)
    assert [w.name for w in lists] == ["BOM Auditor built-in watchlist", "Consolidated Screening List"]
    hit = Matcher(lists).match("Zorvex Optics", "manufacturer")[0]
    assert hit.watchlist == "Consolidated Screening List (2021-06-03)"
    store.set_enabled("consolidated screening list", False)
    assert [w.name for w in load_watchlists(store=store)] == ["BOM Auditor built-in watchlist"]
    assert load_watchlists(use_builtin=False, store=store) == []
    with pytest.raises(ListStoreError, match="no imported list named 'Nope'"):
        store.set_enabled("Nope", True)


def test_newer_edition_supersedes_and_keeps_the_old_record(store, tmp_path):
    old = store.import_file(write_csl_csv(tmp_path / "csl-2021-06-03.csv"))
    store.set_enabled(old.name, False)
    rows = [*CSL_ROWS, {**CSL_ROWS[0], "_id": "n1", "name": "Newco Devices", "start_date": "2026-11-20"}]
    new = store.replace("Consolidated Screening List", write_csl_csv(tmp_path / "csl-2026-11-20.csv", rows))
    assert new.edition_date == "2026-11-20" and new.entries == 6
    assert not new.enabled  # keeps the person's choice
    history = store.records(include_history=True)
    assert [(r.sha256, r.status) for r in history] == [(old.sha256, "superseded"), (new.sha256, "active")]
    assert history[0].superseded_by == new.sha256
    assert [r.sha256 for r in store.records()] == [new.sha256]


def test_remove_deletes_the_copy_but_keeps_the_record(store, tmp_path):
    record = store.import_file(write_opensanctions(tmp_path / "targets.simple.csv"))
    assert record.name == "OpenSanctions targets"
    store.remove("OpenSanctions targets")
    assert store.records() == []
    assert [r.status for r in store.records(include_history=True)] == ["removed"]
    assert not (store.root / record.stored_file).exists()
    with pytest.raises(ListStoreError):
        store.remove("OpenSanctions targets")


def test_a_chosen_name_and_two_lists(store, tmp_path):
    store.import_file(write_csl_csv(tmp_path / "c-2021-06-03.csv"), name="CSL November")
    store.import_file(write_opensanctions(tmp_path / "t-2026-11-18.csv"))
    assert [r.name for r in store.records()] == ["CSL November", "OpenSanctions targets"]
    labels = [w.label for w in store.enabled_watchlists(include_builtin=False)]
    assert labels == ["CSL November (2021-06-03)", "OpenSanctions targets (2026-11-18)"]
    with pytest.raises(ListStoreError, match="private list"):
        store.import_file(write_csl_csv(tmp_path / "x.csv", CSL_ROWS[:2]), name=PRIVATE_LIST_NAME)


def test_cache_is_used_and_a_damaged_cache_is_rebuilt(store, tmp_path):
    record = store.import_file(write_csl_csv(tmp_path / "c.csv"))
    caches = list((store.root / "cache").glob(f"{record.sha256}-*.pickle"))
    assert len(caches) == 1
    caches[0].write_bytes(b"garbage")
    wl = ListStore().watchlist(record)
    assert len(wl.entities) == 5
    assert caches[0].read_bytes() != b"garbage"


def test_changed_kept_file_is_a_clear_error(store, tmp_path):
    record = store.import_file(write_csl_csv(tmp_path / "c.csv"))
    for cache in (store.root / "cache").glob("*.pickle"):
        cache.unlink()
    (store.root / record.stored_file).write_text("name\nsomething else\n")
    with pytest.raises(ValueError, match="changed since it was imported"):
        ListStore().watchlist(record)


def test_damaged_index_is_a_clear_error(store):
    store.index_file.parent.mkdir(parents=True, exist_ok=True)
    store.index_file.write_text("{not json")
    with pytest.raises(ListStoreError, match="index.json: the list index cannot be read"):
        store.records()


def test_private_entries_and_aliases_never_touch_the_builtin(store):
    builtin_file_before = json.dumps([e.name for e in load_builtin().entities])
    entry = store.add_private_entry("Quorvane Sensors GmbH", aliases=["Quorvane"], notes="failed audit 2026")
    assert entry.id.startswith("MY-") and entry.lists[0].code == "MY-ENTRIES"
    hikvision = load_builtin().entity("HIKVISION")
    store.add_private_alias(hikvision, "HKV Vision Works")
    store.add_private_alias(hikvision, "HKV Vision Works")  # twice is once
    private = store.private_watchlist()
    assert private.name == PRIVATE_LIST_NAME and store.private_file.is_file()
    assert [e.id for e in private.entities] == [entry.id, "HIKVISION"]
    assert [a.name for a in private.entities[1].aliases] == ["HKV Vision Works"]
    lists = store.enabled_watchlists()
    matcher = Matcher(lists)
    assert matcher.match("Quorvane", "manufacturer")[0].watchlist.startswith(PRIVATE_LIST_NAME)
    alias_hit = matcher.match("HKV Vision Works", "manufacturer")[0]
    assert alias_hit.entity_id == "HIKVISION" and "BIS-EL" in alias_hit.lists
    # The listed name itself is one finding, not one per list.
    assert len([m for m in matcher.match("Hangzhou Hikvision Digital Technology", "manufacturer")
                if m.entity_id == "HIKVISION"]) == 1  # fmt: skip
    assert json.dumps([e.name for e in load_builtin().entities]) == builtin_file_before
    store.remove_private_entry(entry.id)
    assert [e.id for e in store.private_watchlist().entities] == ["HIKVISION"]
    with pytest.raises(ListStoreError, match="needs a name"):
        store.add_private_entry("  ")


def test_full_size_list_loads_from_the_cache(store, tmp_path):
    """A CSL-sized list (30,000 names) loads whole from the cache (tests/bench/bench_lists.py times it)."""
    src = write_csl_csv(tmp_path / "big.csv", synthetic_csl_rows(15000))
    record = store.import_file(src)
    assert record.names >= 25000
    wl = ListStore().watchlist(record)
    assert len(wl.entities) == record.entries


def test_a_list_read_back_from_the_cache_is_frozen_out_of_the_collector(store, tmp_path):
    """Its entries live as long as the run: later collections of a warm start must not walk them again."""
    import gc

    record = store.import_file(write_csl_csv(tmp_path / "c.csv"))
    gc.unfreeze()
    try:
        wl = ListStore().watchlist(record)
        assert len(wl.entities) == 5  # read back from the cache, not parsed
        assert gc.get_freeze_count() > 0
        # Frozen: no generation of the collector holds the entries any more.
        assert not any(obj is wl.entities for obj in gc.get_objects())
    finally:
        gc.unfreeze()
