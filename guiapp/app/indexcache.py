"""The compiled matcher index, kept on disk so a start with a large kept list does not rebuild it.

Building the matcher for the 16,116-party Consolidated Screening List (names normalised, tokens weighed,
typo neighbourhoods, part-number patterns) and fingerprinting its entries takes seconds; loading them back
takes a fraction of that. The cache file holds whatever :class:`~guiapp.matching.matcher.Matcher` builds,
pickled as a whole right after it was built (so its internals can change without this module knowing them),
with its free-text scan built first (an Aho-Corasick automaton, pickled by pyahocorasick itself), plus the
entries' fingerprints.

Keyed by: the lists (SHA-256, name, edition, entry count, in order), the fuzzy threshold, the cache format,
the Python version and a digest of the code that builds the index (the matching package, the watchlist
model, the fingerprints): any change gives another file; the few most recently used files are kept.

Trust: a cache file is only unpickled when its HMAC-SHA256, made with a random key kept in the app's data
folder, verifies; a damaged, truncated, foreign or tampered file is ignored and the index is built afresh.
The unpickler also accepts only the app's own classes and plain containers. The lists themselves are not in
the file: their entries are referenced by position and resolved to the lists loaded for this run, so a cache
can never bring in entries the lists do not hold.

Writers are atomic (a temporary file renamed into place): processes building the same index at once each
write a complete file, and the last rename wins.
"""

from __future__ import annotations

import contextlib
import copyreg
import hashlib
import hmac
import io
import logging
import os
import pickle
import secrets
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from guiapp import __version__
from guiapp.gcpause import gc_paused
from guiapp.lists.watchlist import Entity, Watchlist
from guiapp.matching.matcher import Matcher
from guiapp.matching.variants import prime_toneless_syllables, toneless_syllables
from guiapp.resources import resources_dir
from guiapp.review.identity import watchlist_fingerprints
from guiapp.settings import app_dirs

log = logging.getLogger(__name__)

#: Bump when the layout of the cache file changes.
CACHE_FORMAT = 4  # 4: the matcher's free-text scan (its Aho-Corasick automaton) kept, built before writing
MAGIC = b"BOMAUDIDX"
_KEY_FILE = "index-cache.key"
_DIGEST = 32
#: Resource folders that hold nothing the matcher reads (left out of the code digest).
_NOT_MATCHER_DATA = {
    "fonts",
    "icons",
    "i18n",
    "screenshots",
    "licenses",
    "desktop",
    "packaging",
    "samples",
    "schema",
}
#: Cache files kept (the most recently used): a CLI run with other lists than the window's does not evict it.
KEEP_FILES = 3
#: Lists this small build faster than a cache file could be checked and read: they are not cached.
MIN_NAMES = 2000
#: The app's packages whose classes a cache file may name (classes only, never functions).
_INDEX_PACKAGES = ("guiapp.matching.", "guiapp.lists.", "guiapp.model")
#: Everything else a cache file may name: compiled regular expressions and plain containers.
_SAFE_NAMES = {("re", "_compile"), ("copyreg", "_reconstructor"), ("builtins", "set"), ("builtins", "frozenset"),
               ("builtins", "object"), ("collections", "defaultdict"), ("collections", "OrderedDict"),
               ("ahocorasick", "Automaton")}  # fmt: skip


@dataclass
class Compiled:
    """What a run matches with: the matcher and the entries' fingerprints, and where they came from.

    Attributes:
        matcher: the matcher built for the lists.
        fingerprints: entity id -> fingerprint (guiapp.review.identity.watchlist_fingerprints).
        source: "cache" (read back from disk), "built" (built and cached) or "built, not cached" (small lists,
            caching off or the cache folder not writable).
    """

    matcher: Matcher
    fingerprints: dict[str, str]
    source: str


def code_digest() -> str:
    """A digest of the code whose output the cache holds (an edit to the matcher gives another key)."""
    import guiapp.lists.watchlist as watchlist_module
    import guiapp.matching.matcher as matcher_module
    import guiapp.review.identity as identity_module

    h = hashlib.sha256(f"{__version__}|{sys.version}|{CACHE_FORMAT}".encode())
    files = sorted(Path(matcher_module.__file__).parent.glob("*.py"))
    files += [Path(watchlist_module.__file__), Path(identity_module.__file__)]
    files += [Path(__file__)]
    # Data the matcher may read (word lists, name frequencies): every resource folder but the ones that only
    # the window, the packaging or the exports use.
    with contextlib.suppress(OSError, TypeError):
        for folder in sorted(resources_dir().iterdir()):
            if folder.is_dir() and folder.name not in _NOT_MATCHER_DATA:
                files += sorted(f for f in folder.rglob("*") if f.is_file())
    found = False
    for path in files:
        with contextlib.suppress(OSError):
            h.update(path.name.encode() + b"\0" + path.read_bytes())
            found = True
    if not found:  # an installed bundle without sources: its executable stands for the code
        with contextlib.suppress(OSError):
            st = os.stat(sys.executable)
            h.update(f"{sys.executable}|{st.st_size}|{st.st_mtime_ns}".encode())
    return h.hexdigest()


def cache_key(watchlists: Sequence[Watchlist], threshold: float) -> str:
    """The cache key of these lists with this threshold, under the current code."""
    h = hashlib.sha256(code_digest().encode())
    h.update(f"|threshold={float(threshold)!r}".encode())
    for wl in watchlists:
        # The same file screens other entries when persons or vessels are switched on (same SHA-256).
        parties = ",".join(sorted({e.party for e in wl.entities}))
        h.update(f"|{wl.sha256}|{wl.name}|{wl.version}|{wl.date}|{len(wl.entities)}|{parties}".encode())
    return h.hexdigest()


def _cache_dir() -> Path:
    dirs = app_dirs()
    return (dirs.cache or dirs.data / "cache") / "index"


def _signing_key(create: bool) -> bytes | None:
    """The install's random key for signing cache files (made once, private to the user)."""
    path = app_dirs().data / _KEY_FILE
    with contextlib.suppress(OSError):
        key = path.read_bytes()
        if len(key) == 32:
            return key
    if not create:
        return None
    # Made aside and linked into place: two processes starting at once both end up using the same key.
    fd, tmp = tempfile.mkstemp(prefix=".key-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                with contextlib.suppress(OSError):
                    os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    with contextlib.suppress(OSError):
        key = path.read_bytes()
        if len(key) == 32:
            return key
    return None


def _objects(watchlists: Sequence[Watchlist]) -> list[object]:
    """The lists and their entries in one flat sequence: a reference in the cache file is a position here."""
    flat: list[object] = []
    for wl in watchlists:
        flat.append(wl)
        flat.extend(wl.entities)
    return flat


def _ref(position: int) -> object:
    """Stands in the cache file for a list or entry of the run; the unpickler resolves it to the run's own."""
    raise pickle.UnpicklingError(f"list reference {position} outside an index cache")


class _Pickler(pickle.Pickler):
    """Pickles the index, writing the lists and their entries as references to the lists of the run."""

    def __init__(self, fh, watchlists: Sequence[Watchlist]) -> None:
        super().__init__(fh, protocol=pickle.HIGHEST_PROTOCOL)
        self._refs = {id(obj): n for n, obj in enumerate(_objects(watchlists))}
        # Only lists and entries go through Python here (once each: pickle's memo keeps repeats short);
        # everything else is pickled in C at full speed.
        self.dispatch_table = copyreg.dispatch_table.copy()
        self.dispatch_table[Watchlist] = self._reduce
        self.dispatch_table[Entity] = self._reduce

    def _reduce(self, obj):
        n = self._refs.get(id(obj))
        if n is None:  # not one of the run's (a copy made by the index): kept in the file as it is
            return obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
        return _ref, (n,)


class _Unpickler(pickle.Unpickler):
    """Reads a verified cache file: references resolve to the run's lists, classes only from a short list."""

    def __init__(self, fh, watchlists: Sequence[Watchlist]) -> None:
        super().__init__(fh)
        # A reference is a position in the run's lists, looked up in C; a position out of range fails the
        # load, and the index is rebuilt.
        self._resolve = _objects(watchlists).__getitem__

    def find_class(self, module: str, name: str):  # noqa: D102 (pickle's hook)
        if module == __name__ and name == _ref.__name__:
            return self._resolve
        if (module, name) in _SAFE_NAMES:
            return super().find_class(module, name)
        if "." not in name and (module + ".").startswith(_INDEX_PACKAGES):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in an index cache")


def _read(path: Path, key: bytes, watchlists: Sequence[Watchlist]) -> tuple[Matcher, dict[str, str]] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + 2
    if len(data) < head + _DIGEST or not data.startswith(MAGIC):
        log.warning("index cache %s is not a cache file; building the index again", path.name)
        return None
    if int.from_bytes(data[len(MAGIC) : head], "big") != CACHE_FORMAT:
        return None
    digest, payload = data[head : head + _DIGEST], data[head + _DIGEST :]
    if not hmac.compare_digest(digest, hmac.new(key, payload, hashlib.sha256).digest()):
        log.warning(
            "index cache %s does not verify (damaged or not ours); building the index again", path.name
        )
        return None
    try:
        # Frozen: the collector never walks these long-lived objects again (nor right after the load).
        with gc_paused(freeze=True):
            loaded = _Unpickler(io.BytesIO(payload), watchlists).load()
        matcher, fingerprints, syllables = loaded
    except Exception as exc:  # a verified file that still cannot be read: rebuild rather than fail the run
        log.warning("index cache %s could not be read (%s); building the index again", path.name, exc)
        return None
    if not isinstance(matcher, Matcher) or not isinstance(fingerprints, dict):
        return None
    if not isinstance(syllables, frozenset):
        return None
    matcher.watchlists = list(watchlists)
    prime_toneless_syllables(syllables)
    return matcher, fingerprints


def _write(path: Path, key: bytes, matcher: Matcher, fingerprints: dict[str, str]) -> bool:
    buf = io.BytesIO()
    try:
        # Built at the first free-text value otherwise (a quarter of a second with the CSL, at every start
        # that screens a description): built now, it is read back with the rest.
        matcher.text_clearance  # noqa: B018 (the property builds it)
        # The pickler's memo holds every object of the index: the collector would walk them over and over.
        with gc_paused():
            # Also what a small BOM would wait for: the pinyin syllables (read from pypinyin's data).
            _Pickler(buf, matcher.watchlists).dump((matcher, fingerprints, toneless_syllables()))
    except Exception as exc:  # an index part that cannot be pickled: run without the cache
        log.warning("the matcher index cannot be cached (%s); it is built at every start", exc)
        return False
    payload = buf.getvalue()
    digest = hmac.new(key, payload, hashlib.sha256).digest()
    try:
        _write_atomically(path, MAGIC + CACHE_FORMAT.to_bytes(2, "big") + digest + payload)
    except OSError as exc:
        log.warning("the matcher index could not be cached in %s (%s)", path.parent, exc)
        return False
    _prune(path.parent)
    return True


def _write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file renamed into place: a reader sees the old file or the whole new one.

    Not synced to disk (unlike the app's records): a file cut short by a power failure fails its signature
    and is rebuilt, so a cache need not wait for the disk.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _prune(folder: Path) -> None:
    """Remove all but the KEEP_FILES most recently used cache files (other lists, or older code)."""
    files = []
    for f in folder.glob("*.idx"):
        with contextlib.suppress(OSError):
            files.append((f.stat().st_mtime, f))
    for _mtime, old in sorted(files, reverse=True)[KEEP_FILES:]:
        with contextlib.suppress(OSError):
            old.unlink()
    # Left by a writer that was killed; an hour old, no writer is still at it.
    for tmp in folder.glob(".index-*.tmp"):
        with contextlib.suppress(OSError):
            if time.time() - tmp.stat().st_mtime > 3600:
                tmp.unlink()


def load_or_build(watchlists: Sequence[Watchlist], threshold: float, *, use_cache: bool = True) -> Compiled:
    """The matcher and fingerprints for these lists: read back from the cache, else built (and cached).

    Args:
        watchlists: the lists of the run, in order.
        threshold: the fuzzy threshold.
        use_cache: False builds without reading or writing the cache.

    Never raises for a cache problem: an unreadable, foreign or stale cache means building afresh.
    """
    watchlists = list(watchlists)
    names = sum(wl.name_count() for wl in watchlists)
    if not use_cache or names < MIN_NAMES:
        return _build(watchlists, threshold, "built, not cached")
    t0 = time.perf_counter()
    try:
        path = _cache_dir() / f"{cache_key(watchlists, threshold)}.idx"
        key = _signing_key(create=True)
    except OSError as exc:
        log.warning("no index cache (%s)", exc)
        return _build(watchlists, threshold, "built, not cached")
    if key is None:
        return _build(watchlists, threshold, "built, not cached")
    found = _read(path, key, watchlists)
    if found is not None:
        with contextlib.suppress(OSError):
            os.utime(path)  # most recently used: the last to be pruned
        log.info("matcher index read from the cache in %.2f s (%s)", time.perf_counter() - t0, path.name[:16])
        return Compiled(found[0], found[1], "cache")
    compiled = _build(watchlists, threshold, "built")
    if not _write(path, key, compiled.matcher, compiled.fingerprints):
        compiled.source = "built, not cached"
    return compiled


def _build(watchlists: list[Watchlist], threshold: float, source: str) -> Compiled:
    t0 = time.perf_counter()
    matcher = Matcher(watchlists, threshold=threshold)
    with gc_paused():
        fingerprints = watchlist_fingerprints(watchlists)
    log.info("matcher index built in %.2f s (%d names)", time.perf_counter() - t0, matcher.name_count)
    return Compiled(matcher, fingerprints, source)


def is_cached(watchlists: Sequence[Watchlist], threshold: float) -> bool:
    """Whether a cache file for these lists and threshold is in place (not verified: a read checks that)."""
    try:
        return (_cache_dir() / f"{cache_key(list(watchlists), threshold)}.idx").is_file()
    except OSError:
        return False


def warm(watchlists: Sequence[Watchlist], threshold: float) -> str:
    """Build and cache the index of these lists now, so the next start with them reads it back.

    Called where the lists change (import, update, enable, disable). Returns what was done: "cached" (a file
    was already in place), "built" (built and written), "not cached" (too small to be worth it, or the cache
    could not be written: logged). Never raises: a warming that fails leaves the next run to build.
    """
    watchlists = list(watchlists)
    try:
        if sum(wl.name_count() for wl in watchlists) < MIN_NAMES:
            return "not cached"
        if is_cached(watchlists, threshold):
            return "cached"
        compiled = load_or_build(watchlists, threshold)
    except Exception as exc:  # warming is a convenience: the next screening builds the index itself
        log.warning("the matcher index could not be prepared in advance (%s)", exc)
        return "not cached"
    return "built" if compiled.source in ("built", "cache") else "not cached"
