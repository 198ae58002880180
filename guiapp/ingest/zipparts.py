"""Unpack one zip member in chunks with zlib-ng, for the byte scans that look inside workbooks.

The guards (and the texts handed over while calamine parses) read every worksheet part of an .xlsx once
more before calamine does: 65 MB of XML for a 100,000-row sheet. Python's zlib unpacks that in 0.10 s,
zlib-ng (python-zlib-ng, the same interface) in 0.04 s, and the guard's time is added to every read.

The checks are those of zipfile: the local header must be where the central directory says and carry the
zip signature, no more is unpacked than the member declares, and its CRC-32 and size must agree at the
end (else zipfile.BadZipFile, as zipfile raises). Members that zipfile reads otherwise (encrypted, or
compressed other than by deflate, or in an archive held in memory) go through zipfile itself.
"""

from __future__ import annotations

import struct
import types
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

_inflate_lib: types.ModuleType
try:
    from zlib_ng import zlib_ng as _inflate_lib
except ImportError:  # a platform without its wheel: the standard zlib does the same, slower
    _inflate_lib = zlib

#: Packed bytes read, and unpacked bytes made, per step.
_READ = 1 << 20
_CHUNK = 1 << 22
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_SIGNATURE = b"PK\x03\x04"
_ENCRYPTED = 0x1

#: What reading a damaged member may raise (zlib_ng's error is not a zlib.error).
DAMAGED: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    EOFError,
    zlib.error,
    getattr(_inflate_lib, "error", zlib.error),
)


def member_chunks(zf: zipfile.ZipFile, member: str, chunk: int = _CHUNK) -> Iterator[bytes]:
    """The unpacked bytes of one member, in chunks of at most chunk bytes.

    Raises:
        zipfile.BadZipFile: the member's header, size or CRC-32 is wrong.
        KeyError: no such member.
    """
    info = zf.getinfo(member)
    if (
        zf.filename is None  # an archive in memory
        or info.flag_bits & _ENCRYPTED
        or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
    ):
        with zf.open(info) as fh:
            yield from iter(lambda: fh.read(chunk), b"")
        return
    with open(zf.filename, "rb") as fh:
        fh.seek(info.header_offset)
        header = fh.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size or header[:4] != _SIGNATURE:
            raise zipfile.BadZipFile(f"bad local header of {member!r}")
        fields = _LOCAL_HEADER.unpack(header)
        fh.seek(fields[9] + fields[10], 1)  # the file name and the extra field
        yield from _unpack(fh, info, chunk)


def _unpack(fh: Any, info: zipfile.ZipInfo, chunk: int) -> Iterator[bytes]:
    """Chunks of exactly chunk bytes (the last one shorter), as zipfile's read(chunk) gives them."""
    packed_left = info.compress_size
    out_left = info.file_size
    crc = 0
    inflate = _inflate_lib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    pending = b""
    parts: list[bytes] = []
    have = 0
    while True:
        if not pending and packed_left > 0:
            pending = fh.read(min(_READ, packed_left))
            if not pending:
                raise zipfile.BadZipFile(f"{info.filename!r} is cut short")
            packed_left -= len(pending)
        want = chunk - have
        if inflate is None:
            data, pending = pending[:want], pending[want:]
        else:
            # Never more than the chunk asks for (a bomb cannot inflate past it), nor past the declared size.
            data = inflate.decompress(pending, min(want, out_left + 1))
            pending = inflate.unconsumed_tail
        if data:
            if len(data) > out_left:
                raise zipfile.BadZipFile(f"{info.filename!r} unpacks past its declared size")
            out_left -= len(data)
            crc = _inflate_lib.crc32(data, crc)
            parts.append(data)
            have += len(data)
            if have == chunk:
                yield b"".join(parts) if len(parts) > 1 else parts[0]
                parts, have = [], 0
        elif not pending and (packed_left == 0 or (inflate is not None and inflate.eof)):
            break
    if out_left or crc != info.CRC:
        raise zipfile.BadZipFile(f"bad CRC-32 or size of {info.filename!r}")
    if parts:
        yield b"".join(parts)
