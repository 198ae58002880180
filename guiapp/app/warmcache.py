"""Prepare the compiled matcher index right after the lists change, so the next screening starts warm.

An import, update, enable or disable changes the lists a run screens with, and so the index cache key
(guiapp.app.indexcache): without this, the first screening after the change would build the index (seconds
with the Consolidated Screening List) and write the cache. The CLI's ``lists`` commands call
:func:`warm_index_cache` after they report; the window runs it on its task pool.
"""

from __future__ import annotations

import logging

from guiapp.app.indexcache import warm
from guiapp.app.screener import load_lists
from guiapp.lists.store import ListStore
from guiapp.settings import Settings, load_settings

log = logging.getLogger(__name__)


def warm_index_cache(store: ListStore | None = None, settings: Settings | None = None) -> str:
    """Build and cache the index for the lists a screening would use now (the settings' built-in choice and
    threshold, the store's enabled lists).

    Returns "cached", "built" or "not cached" (see guiapp.app.indexcache.warm). Never raises: a list that
    cannot be read or a cache that cannot be written is logged and left to the next screening.
    """
    try:
        settings = settings if settings is not None else load_settings()
        store = store if store is not None else ListStore()
        watchlists = load_lists(settings.use_builtin_watchlist, (), store)
    except Exception as exc:
        log.warning("the matcher index could not be prepared in advance (%s)", exc)
        return "not cached"
    if not watchlists:
        return "not cached"
    outcome = warm(watchlists, settings.threshold)
    log.info("matcher index for the current lists: %s", outcome)
    return outcome
