"""The window prepares the index cache off the GUI thread when the lists change and no file is open."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from listsamples import write_csl_csv  # noqa: E402

from guiapp.app import indexcache  # noqa: E402
from guiapp.app.screener import load_lists  # noqa: E402
from guiapp.lists.store import ListStore  # noqa: E402


def test_a_list_change_with_no_file_open_warms_the_index_cache(window, qtbot, tmp_path, monkeypatch):
    from guiapp.gui.watchlists_dialog import WatchlistsDialog

    monkeypatch.setattr(indexcache, "MIN_NAMES", 0)  # the sample list is far below the size worth caching
    store = ListStore()
    store.import_file(write_csl_csv(tmp_path / "consolidated-2021-06-03.csv"))
    lists = load_lists(window.settings.use_builtin_watchlist, (), store)
    assert not indexcache.is_cached(lists, window.settings.threshold)
    warmed = []
    real_warm = indexcache.warm

    def counted(watchlists, threshold):
        warmed.append(len(watchlists))
        return real_warm(watchlists, threshold)

    monkeypatch.setattr("guiapp.app.warmcache.warm", counted)

    def exec_and_change(dlg):  # three changes in the dialog: one warming running, one after it
        for _ in range(3):
            dlg.lists_changed.emit()
        return 0

    monkeypatch.setattr(WatchlistsDialog, "exec", exec_and_change)
    window.watchlists_action.trigger()
    qtbot.waitUntil(lambda: not window.is_busy() and not window.sessions._warming, timeout=60_000)
    assert indexcache.is_cached(lists, window.settings.threshold)
    assert warmed == [len(lists), len(lists)]
    assert window.screening.screener is None  # nothing was screened: only the cache was prepared
