"""Unpacking zip members with zlib-ng for the byte scans (ingest/zipparts.py): the bytes zipfile gives, the
checks zipfile makes (header, declared size, CRC-32), and the same with the standard zlib."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

import guiapp.ingest.zipparts as zipparts
from guiapp.ingest.reading import read_bom
from guiapp.ingest.zipparts import DAMAGED, member_chunks
from guiapp.model import BomReadError

REAL_BOMS = Path(__file__).resolve().parents[3] / "shared" / "real-boms"


@pytest.fixture(params=["zlib-ng", "zlib"])
def inflate(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "zlib":
        monkeypatch.setattr(zipparts, "_inflate_lib", zlib)
    else:
        assert zipparts._inflate_lib is not zlib, "zlib-ng is a declared dependency"
    return str(request.param)


def _workbooks(tmp_path: Path) -> list[Path]:
    rng = random.Random(1)
    rows = [
        [f"R{i}", rng.choice(["Murata", "Hikvision", "TI"]), f"Cap {rng.random():.6f} µF"]
        for i in range(3000)
    ]
    a = tmp_path / "openpyxl.xlsx"
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(a)
    b = tmp_path / "xlsxwriter.xlsx"
    xw = xlsxwriter.Workbook(str(b))
    ws = xw.add_worksheet()
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    xw.close()
    stored = tmp_path / "stored.xlsx"
    with zipfile.ZipFile(a) as src, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
    return [a, b, stored, *sorted(REAL_BOMS.glob("*.xls[xm]"))]


@pytest.mark.parametrize("chunk", [1, 4096, 1 << 22])
def test_every_member_reads_as_zipfile_reads_it(tmp_path: Path, inflate: str, chunk: int) -> None:
    for path in _workbooks(tmp_path):
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if chunk == 1 and info.file_size > 20_000:
                    continue
                parts = list(member_chunks(zf, info.filename, chunk))
                assert b"".join(parts) == zf.read(info), (path.name, info.filename)
                assert all(len(p) == chunk for p in parts[:-1]) and all(parts)


def _one_member_zip(data: bytes, method: int = zipfile.ZIP_DEFLATED) -> bytearray:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", data)
    return bytearray(buf.getvalue())


def _read_all(raw: bytes, tmp_path: Path) -> bytes:
    path = tmp_path / "part.zip"
    path.write_bytes(raw)
    with zipfile.ZipFile(path) as zf:
        return b"".join(member_chunks(zf, "xl/worksheets/sheet1.xml", 1 << 16))


def test_damaged_data_is_refused(tmp_path: Path, inflate: str) -> None:
    raw = _one_member_zip(b"<row>" + b"hello world " * 50_000 + b"</row>")
    raw[30 + len("xl/worksheets/sheet1.xml") + 40] ^= 0xFF
    with pytest.raises(DAMAGED):
        _read_all(bytes(raw), tmp_path)


def test_a_member_larger_than_declared_stops_at_the_declared_size(tmp_path: Path, inflate: str) -> None:
    data = b"<c>" + b"x" * 10_000_000 + b"</c>"
    raw = _one_member_zip(data)
    # Declare 1,000 bytes unpacked, in the local header (offset 22) and the central directory (offset 24).
    struct.pack_into("<L", raw, 22, 1000)
    central = raw.rfind(b"PK\x01\x02")
    struct.pack_into("<L", raw, central + 24, 1000)
    path = tmp_path / "lie.zip"
    path.write_bytes(bytes(raw))
    made = 0
    with zipfile.ZipFile(path) as zf, pytest.raises(zipfile.BadZipFile):
        for part in member_chunks(zf, "xl/worksheets/sheet1.xml", 1 << 16):
            made += len(part)
    assert made <= 1000


def test_a_wrong_crc_and_a_missing_header_are_refused(tmp_path: Path, inflate: str) -> None:
    for method in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
        raw = _one_member_zip(b"<row>stored or not</row>", method)
        central = raw.rfind(b"PK\x01\x02")
        struct.pack_into("<L", raw, central + 16, 12345)  # the CRC-32 the central directory declares
        with pytest.raises(zipfile.BadZipFile):
            _read_all(bytes(raw), tmp_path)
    raw = _one_member_zip(b"<row/>")
    raw[0:4] = b"XX\x03\x04"
    with pytest.raises(zipfile.BadZipFile):
        _read_all(bytes(raw), tmp_path)


def test_an_archive_in_memory_is_read_through_zipfile() -> None:
    raw = _one_member_zip(b"<row>in memory</row>")
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        assert b"".join(member_chunks(zf, "xl/worksheets/sheet1.xml")) == b"<row>in memory</row>"


def test_a_damaged_sheet_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bom.xlsx"
    wb = openpyxl.Workbook()
    for i in range(5000):
        wb.active.append([f"Hikvision {i}", f"DS-2CD{i}", "camera module with a long description"])
    wb.save(path)
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 100, start + info.compress_size - 8, 211):
        raw[i] ^= 0x33
    path.write_bytes(bytes(raw))
    with pytest.raises(BomReadError) as err:
        read_bom(path)
    assert "damaged" in str(err.value) and "\n" not in str(err.value)
