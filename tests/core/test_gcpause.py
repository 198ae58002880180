"""The shared collector pause: nested and concurrent pauses end together, and the state is restored."""

from __future__ import annotations

import gc
import threading

from guiapp.gcpause import gc_paused


def test_nested_pauses_restore_the_collector_once_the_last_ends():
    assert gc.isenabled()
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_concurrent_pauses_share_one_pause():
    inside = threading.Event()
    release = threading.Event()

    def worker():
        with gc_paused():
            inside.set()
            release.wait(5)

    t = threading.Thread(target=worker)
    t.start()
    inside.wait(5)
    with gc_paused():
        pass
    # The other thread's pause is still running: the collector stays off.
    assert not gc.isenabled()
    release.set()
    t.join(5)
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled():
    gc.disable()
    try:
        with gc_paused(freeze=True):
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
