"""The guard for legacy .xls workbooks: walk the BIFF records calamine will read and refuse memory bombs first.

calamine reads an .xls in three steps that trust numbers written in the file: the compound file's stream
sizes, the shared-string table's count (it reserves room for that many strings up front), each sheet's
DIMENSIONS record (it reserves rows x columns cells up front) and the cells themselves (a dense grid over
their bounding box). A few hundred bytes can ask for gigabytes through any of them, and a failed
allocation aborts the whole process with nothing to catch. This module reads the Workbook stream out of
the compound file itself (header, FAT, directory, mini stream: MS-CFB) and walks the records the way
calamine's xls reader does (MS-XLS), so such a file becomes one BomReadError instead.
"""

from __future__ import annotations

import mmap
import struct
from pathlib import Path

from guiapp.ingest.guards import _MAX_SHEET_CELLS, _refuse_spread, _SheetScan, _shown
from guiapp.model import BomReadError, CancelToken

_END = 0xFFFFFFFA  # sector numbers from here up are markers (end of chain, free, FAT, DIFAT)
#: The largest DIMENSIONS calamine may reserve cells for: the whole BIFF8 grid, 65,536 rows x 256 columns.
_MAX_DIMENSION_CELLS = 65_536 * 256
#: Records calamine keeps as one cell at (row, column) in their first four bytes: Number, Label, BoolErr,
#: Rk, LabelSst and Formula.
_CELL_RECORDS = frozenset((0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006))
_MULRK = 0x00BD
_DIMENSIONS = 0x0200
_BOUNDSHEET = 0x0085
_SST = 0x00FC
_EOF = 0x000A


class _NotCompound(Exception):
    """The compound file cannot be followed; calamine then fails on it with an error of its own."""


class _Compound:
    """Just enough of MS-CFB to read one stream: sector chains through the FAT, and the mini stream."""

    def __init__(self, data: mmap.mmap | bytes) -> None:
        self.data = data
        if len(data) < 512:
            raise _NotCompound
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if not 7 <= shift <= 16 or not 2 <= mini_shift < shift:
            raise _NotCompound
        self.size = 1 << shift
        self.mini_size = 1 << mini_shift
        (n_fat, self.dir_start, _, self.cutoff, self.minifat_start, n_minifat, difat_start, n_difat) = (
            struct.unpack_from("<IIIIIIII", data, 0x2C)
        )
        self.sectors = max(0, (len(data) - 512) // self.size + 1)
        fat_sectors = list(struct.unpack_from("<109I", data, 0x4C))
        sector, seen = difat_start, 0
        per = self.size // 4 - 1
        while sector < _END and seen < min(n_difat, self.sectors):
            entries = struct.unpack_from(f"<{per + 1}I", self._sector(sector))
            fat_sectors.extend(entries[:per])
            sector, seen = entries[per], seen + 1
        fat = bytearray()
        for sector in fat_sectors[: min(n_fat, self.sectors)]:
            if sector >= _END:
                break
            fat += self._sector(sector)
        self.fat = memoryview(bytes(fat)).cast("I")
        self.minifat = memoryview(bytes(self._chain_bytes(self.minifat_start, self.fat))).cast("I")

    def _sector(self, n: int) -> bytes:
        start = (n + 1) * self.size
        if n >= self.sectors or start + self.size > len(self.data):
            raise _NotCompound
        return bytes(self.data[start : start + self.size])

    def _chain(self, start: int, table: memoryview) -> list[int]:
        chain: list[int] = []
        n = start
        while n < _END:
            if n >= len(table) or len(chain) > self.sectors:  # out of the table, or a loop
                raise _NotCompound
            chain.append(n)
            n = table[n]
        return chain

    def _chain_bytes(self, start: int, table: memoryview) -> bytes:
        return b"".join(self._sector(n) for n in self._chain(start, table)) if start < _END else b""

    def stream(self, names: tuple[str, ...], path: Path) -> bytes | None:
        """The first stream of the directory named (case-insensitively) one of names, or None."""
        directory = self._chain_bytes(self.dir_start, self.fat)
        root_start = root_size = 0
        found: tuple[int, int] | None = None
        wanted = {n.lower() for n in names}
        for off in range(0, len(directory) - 127, 128):
            name_len, kind = struct.unpack_from("<HB", directory, off + 64)
            start, size = struct.unpack_from("<IQ", directory, off + 116)
            if self.size == 512:
                size &= 0xFFFFFFFF  # version 3 files may leave garbage in the high half
            name = directory[off : off + max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace")
            if kind == 5:
                root_start, root_size = start, size
            elif kind == 2 and name.lower() in wanted and found is None:
                found = (start, size)
        if found is None:
            return None
        start, size = found
        if size > len(self.data):
            # calamine reserves the declared size before reading: a lie here is a multi-gigabyte allocation.
            raise BomReadError(
                path,
                f"damaged workbook: its workbook stream claims {size:,} bytes in a file of {len(self.data):,}; "
                "ask the sender for a fresh copy",
            )
        if size < self.cutoff:
            mini = self._chain_bytes(root_start, self.fat)[:root_size]
            chunks = []
            for n in self._chain(start, self.minifat):
                off = n * self.mini_size
                if off + self.mini_size > len(mini):
                    raise _NotCompound
                chunks.append(mini[off : off + self.mini_size])
            return b"".join(chunks)[:size]
        return self._chain_bytes(start, self.fat)[:size]


def _records(stream: bytes, pos: int):
    """(type, data) of each BIFF record from pos to the end of the stream or a cut-off record."""
    end = len(stream)
    while pos + 4 <= end:
        typ, size = struct.unpack_from("<HH", stream, pos)
        yield typ, stream[pos + 4 : pos + 4 + size]
        pos += 4 + size


def _dimension_cells(data: bytes) -> int:
    """How many cells calamine reserves for a DIMENSIONS record (its arithmetic wraps like Rust's u32)."""
    if len(data) == 10:
        rf, rl, cf, cl = struct.unpack_from("<HHHH", data)
    elif len(data) == 14:
        rf, rl, cf, cl = struct.unpack_from("<IIHH", data)
    else:
        return 0  # calamine stops on this sheet with an error of its own
    end_r, end_c = (rl - 1, cl - 1) if rl >= 1 and cl >= 1 else (rf, cf)
    rows = (end_r - rf + 1) & 0xFFFFFFFF
    cols = (end_c - cf + 1) & 0xFFFFFFFF
    return rows * cols


def _scan_sheet(stream: bytes, pos: int, path: Path, shown: str, cancel: CancelToken | None) -> None:
    scan = _SheetScan()
    for i, (typ, data) in enumerate(_records(stream, pos)):
        if cancel is not None and i % 65536 == 0:
            cancel.raise_if_cancelled()
        if typ in _CELL_RECORDS and len(data) >= 4:
            row, col = struct.unpack_from("<HH", data)
            scan.add(row, col)
        elif typ == _MULRK and len(data) >= 6:
            row, first = struct.unpack_from("<HH", data)
            scan.add(row, first)
            scan.add(row, first + max(0, (len(data) - 6) // 6 - 1))
        elif typ == _DIMENSIONS:
            cells = _dimension_cells(data)
            if cells > _MAX_DIMENSION_CELLS:
                raise BomReadError(
                    path,
                    f"{shown} declares {cells:,} cells, more than an .xls sheet can hold (65,536 rows x 256 "
                    "columns), too many to read safely: open it in Excel and save it as .xlsx",
                )
        elif typ == _EOF:
            break
        if scan.cells > _MAX_SHEET_CELLS:
            _refuse_spread(path, shown, scan)


def check_xls(path: Path, cancel: CancelToken | None) -> None:
    """Refuse an .xls whose stream sizes, string table, DIMENSIONS or cell positions would make calamine abort.

    Raises:
        BomReadError: the file would ask calamine for more memory than any BOM needs.
    """
    with open(path, "rb") as fh:
        try:
            data: mmap.mmap | bytes = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (ValueError, OSError):  # empty or not mappable (a pipe, a special file system)
            data = fh.read()
    try:
        try:
            stream = _Compound(data).stream(("Workbook", "Book"), path)
        except (_NotCompound, struct.error):
            return  # not a compound file calamine can follow either: its own error names the problem
        if stream is None:
            return
        sheets: list[tuple[int, str]] = []
        for typ, record in _records(stream, 0):
            if typ == _BOUNDSHEET and len(record) >= 8:
                wide = bool(record[7] & 1)
                raw = record[8 : 8 + record[6] * (2 if wide else 1)]
                name = raw.decode("utf-16-le" if wide else "latin-1", "replace")
                sheets.append((struct.unpack_from("<I", record)[0], name))
            elif typ == _SST and len(record) >= 8:
                count = struct.unpack_from("<i", record, 4)[0]
                if count > len(stream):  # every string takes at least three bytes
                    raise BomReadError(
                        path,
                        f"damaged workbook: its string table claims {count:,} strings in {len(stream):,} bytes, "
                        "too many to read safely; open it in Excel and save it as .xlsx",
                    )
            elif typ == _EOF:
                break
        for pos, name in dict(sheets).items():
            if pos < len(stream):
                _scan_sheet(stream, pos, path, f"sheet '{_shown(name)}'", cancel)
    finally:
        if isinstance(data, mmap.mmap):
            data.close()
