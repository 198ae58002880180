"""One way to pause CPython's cyclic garbage collector around bulk work, shared by every thread.

Reading a 100,000-row BOM makes about a million strings in lists; screening it and building a list's
index make hundreds of thousands of small long-lived objects. Each full collection walks every live
object while holding the GIL, so repeated collections during such work cost 2-3x the work itself and
freeze the window for 100-500 ms (measured in tests/bench/bench_gui.py and bench_screening.py). None of
these objects form reference cycles, so reference counting frees them anyway.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = True
_freeze = False


@contextlib.contextmanager
def gc_paused(freeze: bool = False) -> Iterator[None]:
    """Pause the collector until the last of all nested and concurrent pauses ends.

    Args:
        freeze: when the last pause ends, move the survivors to the permanent generation (gc.freeze) so
            later collections (during a long review) never walk a big BOM again.
    """
    global _depth, _was_enabled, _freeze
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
        _freeze = _freeze or freeze
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                if _freeze:
                    gc.freeze()
                    _freeze = False
                if _was_enabled:
                    gc.enable()
