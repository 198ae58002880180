"""The export's output file: written to a temporary file beside it, then fsynced and renamed into place.

:func:`temporary_output` makes the temporary file, hands the writers a sink that swallows whatever they
still write after a failure, and on success renames it over the destination, so an earlier export survives
a failed one; every OS error becomes an :class:`~guiapp.evidence.errors.ExportError` whose one line says what
to do (a full disk, a read-only folder, a file open in Excel...).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

from guiapp.evidence.errors import ExportError
from guiapp.settings import make_shareable, temp_prefix


def _io_message(exc: OSError, out_path: Path) -> str:
    name = out_path.name
    if exc.errno in _DISK_FULL:
        return f"{name}: the disk is full; free some space or choose another folder, then export again"
    if isinstance(exc, IsADirectoryError):
        return f"{name}: a folder has this name; choose another name or folder and export again"
    if isinstance(exc, PermissionError):
        return f"{name}: cannot write to {out_path.parent}; choose a folder you can write to"
    if exc.errno == errno.EROFS:
        return f"{name}: {out_path.parent} is read-only; choose another folder"
    return f"{name}: could not be written ({exc.strerror or exc}); choose another folder and export again"


#: Errors that mean "no room": a full disk, or the person's quota used up (reads the same to them).
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


class _OutputSink:
    """The temporary output as a backend sees it; after a failure it swallows whatever is still written.

    openpyxl leaves its ZipFile open when a write fails (a full disk); when that object is garbage-collected
    it tries to finish the archive into the temporary file, which is closed and deleted by then, and Python
    prints "Exception ignored ... Traceback" on stderr. Writes into a discarded sink go nowhere instead.
    """

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh: IO[bytes] | None = fh
        self._pos = 0  # where a discarded sink pretends to be, so a zip writer's offsets stay consistent

    def discard(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError, ValueError):
                self._pos = self._fh.tell()
        self._fh = None

    def write(self, data) -> int:
        if self._fh is None:
            n = memoryview(data).nbytes
            self._pos += n
            return n
        return self._fh.write(data)

    def tell(self) -> int:
        return self._pos if self._fh is None else self._fh.tell()

    def seek(self, pos: int, whence: int = 0) -> int:
        if self._fh is None:
            self._pos = pos if whence == 0 else self._pos + pos
            return self._pos
        return self._fh.seek(pos, whence)

    def flush(self) -> None:
        if self._fh is not None:
            self._fh.flush()

    def truncate(self, size: int | None = None) -> int:
        return 0 if self._fh is None else self._fh.truncate(size)

    def read(self, n: int = -1) -> bytes:
        return b"" if self._fh is None else self._fh.read(n)

    def seekable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True


@contextlib.contextmanager
def temporary_output(out_path: Path) -> Iterator[IO[bytes]]:
    """Yield a temporary file beside ``out_path``; on success fsync and rename it over ``out_path``.

    On any failure the temporary file is removed and an earlier file at ``out_path`` is left as it was.
    """
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(out_path), suffix=".tmp", dir=out_path.parent)
    except (NotADirectoryError, FileExistsError) as exc:
        raise ExportError(
            f"{out_path.name}: {out_path.parent} is not a folder (a file has that name); choose another folder"
        ) from exc
    except OSError as exc:
        raise ExportError(_io_message(exc, out_path)) from exc
    try:
        make_shareable(fd)
        with os.fdopen(fd, "w+b") as fh:
            sink = _OutputSink(fh)
            try:
                # The sink stands in for the file: the writers use only its file methods.
                yield cast(IO[bytes], sink)
            except BaseException:
                sink.discard()
                raise
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.replace(tmp, out_path)
        except PermissionError as exc:
            # On Windows a file open in Excel cannot be replaced.
            raise ExportError(
                f"{out_path.name}: the file is in use by another program; close it (e.g. in Excel) and "
                "export again"
            ) from exc
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ExportError(_io_message(exc, out_path)) from exc
        raise
