"""Update lists: fetch the official list files from their published addresses, verify them and keep them.

Qt-free. For each source (a list name, an address and the formats the file must have) the file is downloaded
into the store's folder with progress and a cancel check between chunks, then verified: the HTTP status, a
size limit, an optional expected SHA-256, and that it parses as that list through the ordinary import path
(guiapp.lists.importers.import_list). Only a file that passed every check is handed to ListStore.import_file,
which records it atomically; anything else leaves the kept edition as it was and says so. Without a network
the kept editions stay in use ("offline, keeping edition X of list Y").

Proxies: the standard http_proxy / https_proxy / no_proxy environment is honoured; a proxy setting replaces
it ("direct" turns proxies off).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import email.utils
import errno
import hashlib
import json
import logging
import shutil
import socket
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from guiapp import __version__
from guiapp.lists.changes import ListChanges, diff_watchlists
from guiapp.lists.importers import FORMAT_LABELS, ImportResult, import_list
from guiapp.lists.sources import ListSource, UpdateError
from guiapp.lists.store import ListRecord, ListStore
from guiapp.lists.watchlist import Watchlist
from guiapp.model import Cancelled, CancelToken, ProgressCallback
from guiapp.settings import atomic_write_text

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 60.0
_CHUNK = 64 * 1024
_POLL_SECONDS = 0.1

#: Outcome statuses, in words a person reads.
STATUSES = ("updated", "unchanged", "older", "offline", "failed", "cancelled", "skipped")


class OfflineError(UpdateError):
    """The source's server cannot be reached at all (no network, name not resolved, connection refused)."""


# --------------------------------------------------------------------------------------------------------
# Fetching
# --------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FetchedFile:
    """A downloaded file: where it is, its SHA-256 and size, and what the server said about it."""

    path: Path
    url: str
    sha256: str
    size: int
    last_modified: str = ""


def _opener(proxy: str) -> urllib.request.OpenerDirector:
    proxy = proxy.strip()
    if proxy.lower() == "direct":
        handler = urllib.request.ProxyHandler({})
    elif proxy:
        handler = urllib.request.ProxyHandler({"http": proxy, "https": proxy})
    else:
        handler = urllib.request.ProxyHandler()  # http_proxy, https_proxy, no_proxy from the environment
    return urllib.request.build_opener(handler)


def _file_name(url: str, fallback: str) -> str:
    name = Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path)).name
    cleaned = "".join(c if c.isalnum() or c in "._-" else "_" for c in name).strip("._")
    return cleaned or f"{fallback}.download"


_UNREACHABLE_ERRNOS = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN}


def _unreachable(reason: object) -> bool:
    """Whether a connection error means the host cannot be reached at all (offline), not a server fault."""
    if isinstance(reason, (socket.gaierror, ConnectionRefusedError)):
        return True
    return isinstance(reason, OSError) and reason.errno in _UNREACHABLE_ERRNOS


def _download(
    source: ListSource,
    target: Path,
    timeout: float,
    proxy: str,
    progress: ProgressCallback | None,
    stop: threading.Event,
) -> FetchedFile:
    request = urllib.request.Request(
        source.url, headers={"User-Agent": f"BOM-Auditor/{__version__} (list update)"}
    )
    digest = hashlib.sha256()
    size = 0
    try:
        with _opener(proxy).open(request, timeout=timeout) as response:
            status = getattr(response, "status", 200) or 200
            if status != 200:
                raise UpdateError(f"the server answered HTTP {status} for {source.url}")
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else 0
            if total > source.max_bytes:
                raise UpdateError(
                    f"{source.url} is {total:,} bytes, more than the {source.max_bytes:,} bytes allowed for a list"
                )
            last_modified = response.headers.get("Last-Modified", "") or ""
            with open(target, "wb") as out:
                while True:
                    if stop.is_set():
                        raise Cancelled()
                    chunk = response.read(_CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > source.max_bytes:
                        raise UpdateError(
                            f"{source.url} sent more than the {source.max_bytes:,} bytes allowed for a list"
                        )
                    digest.update(chunk)
                    out.write(chunk)
                    if progress is not None:
                        progress(
                            size,
                            total,
                            f"{source.list_name}: {size:,} of {total:,} bytes"
                            if total
                            else f"{source.list_name}: {size:,} bytes",
                        )
    except urllib.error.HTTPError as exc:
        raise UpdateError(f"the server answered HTTP {exc.code} {exc.reason} for {source.url}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise UpdateError(f"{source.url} did not answer within {timeout:g} s") from None
        if _unreachable(reason):
            raise OfflineError(f"cannot reach {source.url} ({_words(reason)})") from None
        raise UpdateError(f"cannot fetch {source.url} ({_words(reason)})") from None
    except TimeoutError:
        raise UpdateError(f"{source.url} stopped sending within {timeout:g} s") from None
    except OSError as exc:
        raise UpdateError(f"the download from {source.url} broke off ({_words(exc)})") from None
    if total and size != total:
        raise UpdateError(f"{source.url} sent {size:,} of the {total:,} bytes it announced")
    sha = digest.hexdigest()
    if source.sha256 and sha != source.sha256.lower():
        raise UpdateError(f"{source.url}: its SHA-256 is {sha}, not the expected {source.sha256.lower()}")
    return FetchedFile(path=target, url=source.url, sha256=sha, size=size, last_modified=last_modified)


def fetch(
    source: ListSource,
    folder: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    proxy: str = "",
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> FetchedFile:
    """Download a source's file into folder, checking status, size and the expected SHA-256.

    The download runs on a helper thread while this one waits in short slices: Cancel (and Ctrl-C in the
    CLI) take effect at once, also while a server keeps the connection open without answering, instead of
    after the timeout. An abandoned download stops at its next chunk or its timeout; its file is in the
    caller's temporary folder and goes with it.

    Raises:
        OfflineError: the server cannot be reached.
        UpdateError: an HTTP error, a timeout, a file too large, or a SHA-256 that differs.
        Cancelled: cancel was set before the file was complete.
    """
    target = folder / _file_name(source.url, source.key)
    stop = threading.Event()
    outcome: list[FetchedFile | BaseException] = []

    def work() -> None:
        try:
            outcome.append(_download(source, target, timeout, proxy, progress, stop))
        except BaseException as exc:  # handed to the waiting thread
            outcome.append(exc)

    helper = threading.Thread(target=work, name=f"list-update-{source.key}", daemon=True)
    helper.start()
    try:
        while helper.is_alive():
            helper.join(_POLL_SECONDS)
            if cancel is not None and cancel.cancelled and helper.is_alive():
                raise Cancelled()
    finally:
        stop.set()
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _words(exc: object) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return " ".join(str(exc).split())[:160] or type(exc).__name__


# --------------------------------------------------------------------------------------------------------
# One source, end to end
# --------------------------------------------------------------------------------------------------------
@dataclass
class SourceOutcome:
    """What updating one source did.

    Attributes:
        source: the source.
        status: one of STATUSES.
        message: one line for a person.
        previous: the edition kept before (None when the list was not kept yet).
        record: the edition kept now when status is "updated".
        changes: what changed against the previous edition (None when there was none, or nothing was kept).
        sha256: SHA-256 of the file fetched ("" when none was).
        size: bytes fetched.
        old_watchlist: the previous edition's entries (for the decisions an update touches; not in to_json).
        new_watchlist: the new edition's entries.
    """

    source: ListSource
    status: str
    message: str
    previous: ListRecord | None = None
    record: ListRecord | None = None
    changes: ListChanges | None = None
    sha256: str = ""
    size: int = 0
    old_watchlist: Watchlist | None = field(default=None, repr=False)
    new_watchlist: Watchlist | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        """Whether the source ended in a state that needs nothing from a person (updated or current)."""
        return self.status in ("updated", "unchanged")

    def to_json(self) -> dict:
        """As plain data for `lists update --json`."""
        return {
            "source": self.source.key,
            "list": self.source.list_name,
            "url": self.source.url,
            "status": self.status,
            "message": self.message,
            "sha256": self.sha256,
            "bytes": self.size,
            "previous": self.previous.to_json() if self.previous else None,
            "kept": self.record.to_json() if self.record else None,
            "changes": self.changes.to_json() if self.changes else None,
        }


def _kept_text(source: ListSource, kept: ListRecord | None) -> str:
    if kept is None:
        return f"no edition of list '{source.list_name}' is kept yet"
    return f"keeping edition {kept.edition_date or kept.imported_at[:10]} of list '{source.list_name}'"


def _dated_by_server(result: ImportResult, fetched: FetchedFile) -> ImportResult:
    """A file without publication data of its own is dated by the server's Last-Modified header (the
    source's metadata), not by when it was downloaded."""
    if result.edition_source not in ("", "file date") or not fetched.last_modified:
        return result
    try:
        stamp = email.utils.parsedate_to_datetime(fetched.last_modified)
    except (TypeError, ValueError):
        return result
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(_dt.UTC)
    date = stamp.date().isoformat()
    result.watchlist.date = result.watchlist.version = date
    return dataclasses.replace(result, edition_date=date, edition_source="the server's Last-Modified")


def update_source(
    store: ListStore,
    source: ListSource,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    proxy: str = "",
    offline: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> SourceOutcome:
    """Fetch one source, verify the file and keep it as the list's new edition when it is one.

    Never raises for a problem of the source or the network: the outcome says what happened and which
    edition stays in use. The kept edition is only replaced once the new file has passed every check, by
    ListStore.import_file (atomic); a cancel before that point leaves the store as it was.
    """
    try:
        kept: ListRecord | None = store.record(source.list_name)
    except ValueError:
        kept = None
    kept_text = _kept_text(source, kept)
    if offline:
        return SourceOutcome(source, "offline", f"offline, {kept_text}", previous=kept)
    if not source.readable:
        return SourceOutcome(
            source,
            "skipped",
            f"{source.list_name}: this version cannot read its format; {kept_text}",
            previous=kept,
        )
    store.root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".update-", dir=store.root))
    try:
        try:
            fetched = fetch(source, folder, timeout=timeout, proxy=proxy, progress=progress, cancel=cancel)
        except OfflineError as exc:
            return SourceOutcome(source, "offline", f"offline, {kept_text}: {exc}", previous=kept)
        except UpdateError as exc:
            return SourceOutcome(source, "failed", f"{exc}; {kept_text}", previous=kept)
        if kept is not None and kept.sha256 == fetched.sha256:
            return SourceOutcome(
                source,
                "unchanged",
                f"no new edition: {source.url} still serves the kept edition "
                f"{kept.edition_date or kept.imported_at[:10]} of list '{source.list_name}'",
                previous=kept,
                record=None,
                sha256=fetched.sha256,
                size=fetched.size,
            )
        if progress is not None:
            progress(0, 0, f"{source.list_name}: checking the file")
        try:
            result = import_list(fetched.path, name=source.list_name)
        except ValueError as exc:
            return SourceOutcome(
                source,
                "failed",
                f"{source.url} did not serve a list this app can read ({exc}); {kept_text}",
                previous=kept,
                sha256=fetched.sha256,
                size=fetched.size,
            )
        result = _dated_by_server(result, fetched)
        if source.formats and result.format not in source.formats:
            expected = " or ".join(FORMAT_LABELS.get(f, f) for f in source.formats)
            return SourceOutcome(
                source,
                "failed",
                f"{source.url} served {FORMAT_LABELS.get(result.format, result.format)}, not {expected}; {kept_text}",
                previous=kept,
                sha256=fetched.sha256,
                size=fetched.size,
            )
        if (
            kept is not None
            and kept.edition_date
            and result.edition_date
            and result.edition_date < kept.edition_date
        ):
            return SourceOutcome(
                source,
                "older",
                f"{source.url} serves edition {result.edition_date}, older than the kept edition "
                f"{kept.edition_date}; {kept_text}",
                previous=kept,
                sha256=fetched.sha256,
                size=fetched.size,
            )
        old_watchlist: Watchlist | None = None
        if kept is not None:
            try:
                old_watchlist = store.watchlist(kept)
            except ValueError:
                log.warning("the kept edition of %s cannot be loaded for the comparison", source.list_name)
        if cancel is not None:
            cancel.raise_if_cancelled()  # the last point where nothing was changed
        try:
            record = store.import_file(fetched.path, name=source.list_name, result=result)
        except ValueError as exc:
            return SourceOutcome(
                source, "failed", f"{exc}; {kept_text}", previous=kept, sha256=fetched.sha256
            )
        changes = diff_watchlists(old_watchlist, result.watchlist) if old_watchlist is not None else None
        edition = record.edition_date or record.imported_at[:10]
        message = f"'{source.list_name}' updated to edition {edition} ({record.entries:,} entries)"
        if changes is not None:
            message += f": {changes.counts_text()}"
        log.info("list update %s: %s (sha256 %s from %s)", source.key, message, fetched.sha256, source.url)
        return SourceOutcome(
            source,
            "updated",
            message,
            previous=kept,
            record=record,
            changes=changes,
            sha256=fetched.sha256,
            size=fetched.size,
            old_watchlist=old_watchlist,
            new_watchlist=result.watchlist,
        )
    except Cancelled:
        return SourceOutcome(source, "cancelled", f"cancelled, {kept_text}", previous=kept)
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)


# --------------------------------------------------------------------------------------------------------
# When each source was last fetched
# --------------------------------------------------------------------------------------------------------
FETCHED_FILE = "fetched.json"


def last_fetched(store: ListStore) -> dict[str, dict]:
    """Source key -> {"time", "url", "status", "sha256"} of its last successful fetch ("updated" or
    "unchanged"); empty when the file is missing or unreadable (nothing fetched yet, as far as we know)."""
    try:
        data = json.loads((store.root / FETCHED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, dict) and isinstance(v.get("time"), str)}


def _note_fetched(store: ListStore, outcome: SourceOutcome) -> None:
    if not outcome.ok:
        return
    done = last_fetched(store)
    done[outcome.source.key] = {
        "time": _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat(),
        "url": outcome.source.url,
        "status": outcome.status,
        "sha256": outcome.sha256,
    }
    try:
        atomic_write_text(store.root / FETCHED_FILE, json.dumps(done, indent=1, ensure_ascii=False))
    except OSError as exc:
        log.warning("cannot note when %s was fetched: %s", outcome.source.key, exc)


def update_sources(
    store: ListStore,
    sources: Sequence[ListSource],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    proxy: str = "",
    offline: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    on_outcome: Callable[[SourceOutcome], None] | None = None,
) -> list[SourceOutcome]:
    """Update every source in turn; after a cancel the remaining ones are reported as cancelled."""
    outcomes: list[SourceOutcome] = []
    for src in sources:
        if cancel is not None and cancel.cancelled:
            outcome = SourceOutcome(src, "cancelled", f"cancelled, {_kept_text(src, _kept(store, src))}")
        else:
            outcome = update_source(
                store, src, timeout=timeout, proxy=proxy, offline=offline, progress=progress, cancel=cancel
            )
        log.info("list update %s: %s: %s", src.key, outcome.status, outcome.message)
        _note_fetched(store, outcome)
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return outcomes


def _kept(store: ListStore, source: ListSource) -> ListRecord | None:
    try:
        return store.record(source.list_name)
    except ValueError:
        return None
