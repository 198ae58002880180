"""Broken and hostile files: each ends in a correct result or one clear line naming the file, fast and small.

Every bad file is built here in code. The builders are plain functions in ``CASES`` so that
``tests/tools/hostile_table.py`` can run the same inputs in subprocesses and measure time and peak memory.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_xlsb import good_xlsb  # noqa: E402

HEADER = ["Item", "Qty", "Manufacturer", "Mfr PN", "Description"]
ROWS = [
    ["1", "2", "Texas Instruments", "LM317T", "Regulator"],
    ["2", "10", "Hikvision", "DS-2CD2043G2-I", "Camera"],
    ["3", "1", "Murata", "GRM188R71H104KA93D", "Cap 100nF"],
]

# ---------------------------------------------------------------------------------------------------
# Builders: each writes one file into a folder and returns its path.


def _good_xlsx_bytes(rows: list[list[str]] | None = None) -> bytes:
    """A small valid workbook with shared strings (openpyxl writes every string there)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BOM"
    for row in [HEADER, *(rows or ROWS)]:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """Copy a zip, replacing members (None drops one); new members are appended."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in replace:
                new = replace[info.filename]
                if new is not None:
                    dst.writestr(info.filename, new)
            else:
                dst.writestr(info, src.read(info.filename))
        for name, new in replace.items():
            if new is not None and name not in src.namelist():
                dst.writestr(name, new)
    return out.getvalue()


def _sheet_xml(body: str, dimension: str = "A1:E4") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    ).encode()


def _inline_rows(rows: list[list[str]], first: int = 1) -> str:
    out = []
    for r, row in enumerate(rows, start=first):
        cells = "".join(
            f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in enumerate(row)
        )
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out)


def empty_xlsx(d: Path) -> Path:
    """A zero-byte file named .xlsx."""
    p = d / "empty.xlsx"
    p.write_bytes(b"")
    return p


def empty_csv(d: Path) -> Path:
    """A zero-byte file named .csv."""
    p = d / "empty.csv"
    p.write_bytes(b"")
    return p


def text_renamed_xlsx(d: Path) -> Path:
    """A short note (not a table) saved with the .xlsx suffix."""
    p = d / "notes.xlsx"
    p.write_text("Please find the BOM attached.\nRegards,\nSupplier\n", encoding="utf-8")
    return p


def truncated_zip(d: Path) -> Path:
    """The first half of a valid workbook."""
    data = _good_xlsx_bytes()
    p = d / "truncated.xlsx"
    p.write_bytes(data[: len(data) // 2])
    return p


def random_bytes_xls(d: Path) -> Path:
    """64 KiB of random bytes named .xls."""
    p = d / "random.xls"
    p.write_bytes(random.Random(7).randbytes(65536))
    return p


def html_as_xls(d: Path) -> Path:
    """A web ERP's HTML table saved as .xls (read it)."""
    cells = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in [HEADER, *ROWS])
    html = f'<html><head><meta charset="utf-8"></head><body><table border="1">{cells}</table></body></html>'
    p = d / "erp export.xls"
    p.write_text(html, encoding="utf-8")
    return p


def missing_sheet_part(d: Path) -> Path:
    """A workbook whose sheet1.xml member is gone although the workbook lists it."""
    p = d / "missing-sheet.xlsx"
    p.write_bytes(_rezip(_good_xlsx_bytes(), {"xl/worksheets/sheet1.xml": None}))
    return p


def malformed_sheet_xml(d: Path) -> Path:
    """A sheet whose XML breaks off mid-element with mismatched tags."""
    bad = _sheet_xml(_inline_rows([HEADER]))[:-40] + b"<row><c r='A2'><v>1</row></c"
    p = d / "malformed.xlsx"
    p.write_bytes(_rezip(_good_xlsx_bytes(), {"xl/worksheets/sheet1.xml": bad}))
    return p


def entity_bomb(d: Path) -> Path:
    """'Billion laughs' in sharedStrings.xml: ten levels of ten entity references."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{"".join(f"&lol{i - 1};" for _ in range(10))}">' for i in range(1, 10)
    ]
    sst = (
        '<?xml version="1.0"?><!DOCTYPE sst [' + "".join(entities) + "]>"
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        "<si><t>&lol9;</t></si></sst>"
    ).encode()
    p = d / "entity-bomb.xlsx"
    p.write_bytes(_rezip(_good_xlsx_bytes(), {"xl/sharedStrings.xml": sst}))
    return p


def _bomb_stream(size: int) -> tuple[bytes, int]:
    """A deflate stream of a sheet whose XML is padded with `size` bytes of whitespace: (raw deflate, crc)."""
    head = _sheet_xml("<!--", dimension="A1")[: -len(b"</sheetData></worksheet>")]
    tail = b"-->" + _inline_rows([HEADER]).encode() + b"</sheetData></worksheet>"
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc = zlib.crc32(head)
    parts = [comp.compress(head)]
    block = b" " * (1 << 20)
    block_crc_chain = crc
    for _ in range(size // len(block)):
        parts.append(comp.compress(block))
        block_crc_chain = zlib.crc32(block, block_crc_chain)
    parts.append(comp.compress(tail))
    crc = zlib.crc32(tail, block_crc_chain)
    parts.append(comp.flush())
    return b"".join(parts), crc


def _zip_with_raw_member(base: bytes, name: str, raw: bytes, crc: int, declared_size: int) -> bytes:
    """A copy of a zip whose member `name` is replaced by a pre-deflated stream with a chosen declared size."""
    out = io.BytesIO()
    entries = []
    with zipfile.ZipFile(io.BytesIO(base)) as src:
        for info in src.infolist():
            if info.filename == name:
                data, method, size, c = raw, 8, declared_size, crc
            else:
                plain = src.read(info.filename)
                comp = zlib.compressobj(6, zlib.DEFLATED, -15)
                data, method, size, c = comp.compress(plain) + comp.flush(), 8, len(plain), zlib.crc32(plain)
            fname = info.filename.encode()
            offset = out.tell()
            out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, method, 0, 0x21, c, len(data), size,
                                  len(fname), 0))  # fmt: skip
            out.write(fname)
            out.write(data)
            entries.append((fname, method, c, len(data), size, offset))
    cd_start = out.tell()
    for fname, method, c, csize, size, offset in entries:
        out.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, c, csize, size,
                              len(fname), 0, 0, 0, 0, 0, offset))  # fmt: skip
        out.write(fname)
    cd_size = out.tell() - cd_start
    out.write(
        struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), cd_size, cd_start, 0)
    )
    return out.getvalue()


_BOMB_SIZE = 1 << 30  # 1 GiB of sheet XML
_bomb_cache: dict[int, tuple[bytes, int]] = {}


def _bomb(size: int = _BOMB_SIZE) -> tuple[bytes, int]:
    if size not in _bomb_cache:
        _bomb_cache[size] = _bomb_stream(size)
    return _bomb_cache[size]


def zip_bomb(d: Path) -> Path:
    """About 1 MB on disk; the sheet honestly declares (and inflates to) about 1 GB."""
    raw, crc = _bomb()
    head_len = len(_sheet_xml("<!--", dimension="A1")) - len(b"</sheetData></worksheet>")
    size = head_len + _BOMB_SIZE + len(b"-->" + _inline_rows([HEADER]).encode() + b"</sheetData></worksheet>")
    p = d / "zip-bomb.xlsx"
    p.write_bytes(_zip_with_raw_member(_good_xlsx_bytes(), "xl/worksheets/sheet1.xml", raw, crc, size))
    return p


def zip_bomb_lying(d: Path) -> Path:
    """The same bomb, but its headers claim the sheet unpacks to 2 KB."""
    raw, crc = _bomb()
    p = d / "zip-bomb-lying.xlsx"
    p.write_bytes(_zip_with_raw_member(_good_xlsx_bytes(), "xl/worksheets/sheet1.xml", raw, crc, 2048))
    return p


def _ole2(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (version 3, 512-byte sectors) holding streams of >= 4096 bytes each."""
    end, free, fat_sect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    names = list(streams)
    fat = [fat_sect, end]  # sector 0: the FAT; sector 1: the directory
    starts = []
    for name in names:
        n = -(-len(streams[name]) // 512)
        start = len(fat)
        starts.append(start)
        fat.extend(range(start + 1, start + n))
        fat.append(end)
    fat.extend([free] * (128 - len(fat)))
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("d0cf11e0a1b11ae1"), b"\0" * 16, 0x3E, 3,
                         0xFFFE, 9, 6, b"\0" * 6, 0, 1, 1, 0, 4096, end, 0, end, 0)  # fmt: skip
    header += struct.pack("<109I", 0, *([free] * 108))

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return struct.pack("<64sHBBIII16sIQQIQ", raw, len(raw), kind, 1, left, right, child, b"\0" * 16, 0, 0, 0,
                           start, size)  # fmt: skip

    # Siblings ordered by name length then upper-case text: a right-leaning chain is a valid tree.
    order = sorted(range(len(names)), key=lambda i: (len(names[i]), names[i].upper()))
    directory = entry("Root Entry", 5, free, free, order[0] + 1, end, 0)
    for pos, i in enumerate(order):
        right = order[pos + 1] + 1 if pos + 1 < len(order) else free
        directory += entry(names[i], 2, free, right, free, starts[i], len(streams[names[i]]))
    directory = directory.ljust(512, b"\0")
    body = b"".join(streams[name].ljust(-(-len(streams[name]) // 512) * 512, b"\0") for name in names)
    return header + struct.pack("<128I", *fat) + directory + body


def encrypted_xlsx(d: Path) -> Path:
    """What Excel writes for a password-protected workbook: OLE2 with EncryptionInfo and EncryptedPackage."""
    rnd = random.Random(3)
    info = struct.pack("<HHI", 4, 4, 0x40) + rnd.randbytes(4088)  # agile encryption, version 4.4
    package = struct.pack("<Q", 9000) + rnd.randbytes(9000)
    p = d / "protected.xlsx"
    p.write_bytes(_ole2({"EncryptionInfo": info, "EncryptedPackage": package}))
    return p


def full_range_dimension(d: Path) -> Path:
    """A sheet claiming A1:XFD1048576 (the whole grid) that holds three real rows."""
    sheet = _sheet_xml(_inline_rows([HEADER, *ROWS[:2]]), dimension="A1:XFD1048576")
    p = d / "full-range.xlsx"
    p.write_bytes(_rezip(_good_xlsx_bytes(), {"xl/worksheets/sheet1.xml": sheet}))
    return p


def formula_without_value(d: Path) -> Path:
    """A formula cell written without a cached value (the file was never recalculated)."""
    body = _inline_rows([HEADER, ROWS[0]]) + '<row r="3"><c r="A3"><f>A2+1</f></c></row>'
    sheet = _sheet_xml(body, dimension="A1:E3")
    p = d / "formula.xlsx"
    p.write_bytes(_rezip(_good_xlsx_bytes(), {"xl/worksheets/sheet1.xml": sheet}))
    return p


def _csv_text(rows: list[list[str]], newline: str = "\r\n") -> str:
    return newline.join(",".join(row) for row in rows) + newline


def csv_nul_bytes(d: Path) -> Path:
    """NUL bytes scattered through a CSV (a broken export)."""
    data = _csv_text([HEADER, *ROWS]).encode()
    p = d / "nul.csv"
    p.write_bytes(data[:30] + b"\0\0" + data[30:60] + b"\0" + data[60:])
    return p


def csv_ragged(d: Path) -> Path:
    """Rows of different lengths."""
    rows = [HEADER, ROWS[0][:2], ROWS[1] + ["extra", "more"], ROWS[2][:4]]
    p = d / "ragged.csv"
    p.write_text(_csv_text(rows), encoding="utf-8")
    return p


def csv_mixed_newlines(d: Path) -> Path:
    """CRLF, LF and lone CR line endings in one file."""
    lines = [",".join(r) for r in [HEADER, *ROWS]]
    p = d / "mixed-newlines.csv"
    p.write_bytes((lines[0] + "\r\n" + lines[1] + "\n" + lines[2] + "\r" + lines[3] + "\r\n").encode())
    return p


def csv_long_line(d: Path) -> Path:
    """A 10 MB single line without a newline."""
    p = d / "long-line.csv"
    p.write_bytes(b"Hikvision," + b"x" * (10 * 1024 * 1024))
    return p


def csv_utf16_no_bom(d: Path) -> Path:
    """UTF-16 LE without a byte-order mark."""
    p = d / "utf16.csv"
    p.write_bytes(_csv_text([HEADER, *ROWS]).encode("utf-16-le"))
    return p


CJK_ROWS = [
    ["1", "2", "海康威视", "DS-2CD2043G2-I", "摄像机"],
    ["2", "1", "村田製作所", "GRM188R71H104KA93D", "コンデンサ"],
]


def csv_gb18030(d: Path) -> Path:
    """Chinese text in GB18030."""
    p = d / "gb18030.csv"
    p.write_bytes(
        _csv_text([HEADER, *CJK_ROWS[:1], ["3", "5", "华为技术有限公司", "ME909s-120", "模块"]]).encode(
            "gb18030"
        )
    )
    return p


def csv_shift_jis(d: Path) -> Path:
    """Japanese text in Shift-JIS."""
    p = d / "shift-jis.csv"
    rows = [HEADER, ["1", "1", "村田製作所", "GRM188R71H104KA93D", "積層セラミックコンデンサ"]]
    p.write_bytes(_csv_text(rows).encode("shift_jis"))
    return p


def non_latin_name(d: Path) -> Path:
    """A valid workbook whose file name has spaces and Cyrillic, Chinese and Greek letters."""
    p = d / "Спецификация 物料清单 Ωμέγα.xlsx"
    p.write_bytes(_good_xlsx_bytes())
    return p


#: name -> (builder, expected outcome): "error" (BomReadError) or "ok" (read; see the checks below).
CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty .xlsx": (empty_xlsx, "error"),
    "empty .csv": (empty_csv, "error"),
    "text renamed .xlsx": (text_renamed_xlsx, "error"),
    "truncated zip": (truncated_zip, "error"),
    "random bytes .xls": (random_bytes_xls, "error"),
    "HTML table saved as .xls": (html_as_xls, "ok"),
    "workbook missing its sheet part": (missing_sheet_part, "error"),
    "sheet with malformed XML": (malformed_sheet_xml, "error"),
    "entity bomb in sharedStrings.xml": (entity_bomb, "error"),
    "zip bomb (1 GB declared)": (zip_bomb, "error"),
    "zip bomb (lying sizes)": (zip_bomb_lying, "error"),
    "password-protected workbook": (encrypted_xlsx, "error"),
    "dimension A1:XFD1048576, 3 rows": (full_range_dimension, "ok"),
    "formula without cached value": (formula_without_value, "ok"),
    "CSV with NUL bytes": (csv_nul_bytes, "ok"),
    "CSV ragged rows": (csv_ragged, "ok"),
    "CSV mixed line endings": (csv_mixed_newlines, "ok"),
    "CSV 10 MB single line": (csv_long_line, "ok"),
    "CSV UTF-16 without BOM": (csv_utf16_no_bom, "ok"),
    "CSV GB18030": (csv_gb18030, "ok"),
    "CSV Shift-JIS": (csv_shift_jis, "ok"),
    "non-Latin file name with spaces": (non_latin_name, "ok"),
}


def far_corner_cells(d: Path) -> Path:
    """Three real rows and one stray cell in XFD1048576: calamine would allocate 549 GB and abort."""
    body = _inline_rows([HEADER, *ROWS[:2]]) + (
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    p = d / "far-corner.xlsx"
    p.write_bytes(_rezip(_good_xlsx_bytes(), {"xl/worksheets/sheet1.xml": _sheet_xml(body, "A1:XFD1048576")}))
    return p


def far_cells_without_refs(d: Path) -> Path:
    """The same spread without cell references: rows and cells placed by counting on (16,384 cells)."""
    wide = "<c><v>1</v></c>" * 16384
    body = _inline_rows([HEADER]) + f'<row r="1048576">{wide}</row>'
    p = d / "far-no-refs.xlsx"
    p.write_bytes(_rezip(_good_xlsx_bytes(), {"xl/worksheets/sheet1.xml": _sheet_xml(body, "A1")}))
    return p


def far_cell_reference_last(d: Path) -> Path:
    """A stray far cell whose reference is not its first attribute (the quick scan cannot decide)."""
    body = (
        _inline_rows([HEADER])
        + '<row r="1048576"><c t="inlineStr" r="AMJ1048576"><is><t>x</t></is></c></row>'
    )
    p = d / "far-ref-last.xlsx"
    p.write_bytes(_rezip(_good_xlsx_bytes(), {"xl/worksheets/sheet1.xml": _sheet_xml(body, "A1")}))
    return p


def wide_sheet_styled_far_cells(d: Path) -> Path:
    """A real 40-column table plus empty styled cells far away (Excel writes these): read, not refused."""
    header = [f"Col {i}" for i in range(40)]
    header[2] = "Manufacturer"
    rows = [header, ["x"] * 2 + ["Hikvision"] + ["y"] * 37]
    body = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{_column(c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in enumerate(row))
        + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    body += '<row r="1048576"><c r="XFD1048576" s="1"/></row>'
    p = d / "wide-styled.xlsx"
    p.write_bytes(_rezip(_good_xlsx_bytes(), {"xl/worksheets/sheet1.xml": _sheet_xml(body, "A1:XFD1048576")}))
    return p


def _column(index: int) -> str:
    from guiapp.model import column_letter

    return column_letter(index)


def _ods(rows_xml: str) -> bytes:
    """A minimal OpenDocument spreadsheet around table rows written by hand."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="BOM">{rows_xml}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED
        )
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content)
    return buf.getvalue()


def _ods_row(values: list[str], tail: str = "") -> str:
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
        for v in values
    )
    return f"<table:table-row>{cells}{tail}</table:table-row>"


def ods_repeat_bomb(d: Path) -> Path:
    """1.3 KB: a row repeated 1,000,000 times holding a text cell repeated 90 times (90 million cells)."""
    cell = (
        '<table:table-cell table:number-columns-repeated="90" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell>"
    )
    p = d / "repeat-bomb.ods"
    p.write_bytes(
        _ods(
            _ods_row(HEADER)
            + f'<table:table-row table:number-rows-repeated="1000000">{cell}</table:table-row>'
        )
    )
    return p


def ods_libreoffice_padding(d: Path) -> Path:
    """What LibreOffice writes: empty cells repeated to column AMJ and empty rows repeated to the last row."""
    pad = '<table:table-cell table:number-columns-repeated="1019"/>'
    rows = "".join(_ods_row(r, pad) for r in [HEADER, *ROWS])
    rows += '<table:table-row table:number-rows-repeated="1048572"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    p = d / "libreoffice.ods"
    p.write_bytes(_ods(rows))
    return p


def member_name_with_newline(d: Path) -> Path:
    """A part named with a newline and control characters, declaring 1.7 GB (found by fuzzing)."""
    name = "evil\r\npart\x1b[31m.xml"
    base = _rezip(_good_xlsx_bytes(), {name: b"x"})
    raw, crc = _bomb(1 << 20)
    p = d / "newline-member.xlsx"
    p.write_bytes(_zip_with_raw_member(base, name, raw, crc, 1_800_000_000))
    return p


CASES["part name with a newline"] = (member_name_with_newline, "error")
CASES["ODS repeated-cells bomb"] = (ods_repeat_bomb, "error")
CASES["ODS with LibreOffice padding"] = (ods_libreoffice_padding, "ok")
CASES["stray cell in XFD1048576"] = (far_corner_cells, "error")
CASES["stray cell, reference not first"] = (far_cell_reference_last, "error")
CASES["40 columns and styled empty far cells"] = (wide_sheet_styled_far_cells, "ok")
CASES["far cells without references"] = (far_cells_without_refs, "error")
# Only the valid one: hostile .xlsb files (tests/core/test_xlsb.py) are read in a child process.
CASES["valid .xlsb (built by hand)"] = (good_xlsb, "ok")

_LIMIT_S = 30.0  # subprocess hang guard, not a speed target (hostile_table.py measures time)
_LIMIT_MB = 1536


# ---------------------------------------------------------------------------------------------------
# Tests


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every case built once, each in its own folder, with the SHA-256 of the file as built."""
    files = {}
    for i, (name, (build, _)) in enumerate(CASES.items()):
        folder = tmp_path_factory.mktemp(f"case{i}")
        files[name] = build(folder)
    return files


@pytest.fixture(scope="module")
def matcher():
    from guiapp.app.screener import load_lists as load_watchlists
    from guiapp.screening.screen import build_matcher

    return build_matcher(load_watchlists(), 88.0)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_one_clear_line(message: str, path: Path) -> None:
    assert "\n" not in message and "Traceback" not in message, message
    assert message.startswith(f"{path.name}: "), message
    assert len(message) < 400, message


@pytest.mark.parametrize("case", list(CASES))
def test_read_and_screen_end_cleanly_and_leave_the_file_alone(
    case: str, hostile_files: dict[str, Path], matcher
) -> None:
    from guiapp.ingest.reading import read_bom
    from guiapp.model import BomReadError, ScreenOptions
    from guiapp.screening.screen import screen_file

    path = hostile_files[case]
    expected = CASES[case][1]
    before = _sha(path)
    if expected == "error":
        with pytest.raises(BomReadError) as info:
            read_bom(path)
        _assert_one_clear_line(str(info.value), path)
    else:
        bom = read_bom(path)
        assert bom.sheets and any(s.rows for s in bom.sheets)
    result = screen_file(path, matcher, ScreenOptions())
    assert result.status == expected, result.error
    if expected == "error":
        _assert_one_clear_line(result.error, path)
        assert not result.hits
    assert _sha(path) == before, "the input file changed"


def _rows(path: Path) -> list[list[str]]:
    from guiapp.ingest.reading import read_bom

    bom = read_bom(path)
    assert len(bom.sheets) == 1
    return [list(r) for r in bom.sheets[0].rows]


def test_results_of_the_files_that_read(hostile_files: dict[str, Path], matcher) -> None:
    from guiapp.ingest.reading import read_bom
    from guiapp.model import ScreenOptions
    from guiapp.screening.screen import screen_file

    table = [HEADER, *ROWS]
    assert _rows(hostile_files["HTML table saved as .xls"]) == table
    assert _rows(hostile_files["dimension A1:XFD1048576, 3 rows"]) == [HEADER, *ROWS[:2]]
    assert _rows(hostile_files["CSV with NUL bytes"]) == table
    assert _rows(hostile_files["CSV mixed line endings"]) == table
    assert _rows(hostile_files["CSV UTF-16 without BOM"]) == table
    assert _rows(hostile_files["CSV ragged rows"]) == [
        HEADER,
        ROWS[0][:2],
        ROWS[1] + ["extra", "more"],
        ROWS[2][:4],
    ]
    long_line = _rows(hostile_files["CSV 10 MB single line"])
    assert len(long_line) == 1 and long_line[0][0] == "Hikvision" and len(long_line[0][1]) == 10 * 1024 * 1024
    assert _rows(hostile_files["CSV GB18030"])[1][2] == "海康威视"
    assert _rows(hostile_files["CSV Shift-JIS"])[1][4] == "積層セラミックコンデンサ"
    assert _rows(hostile_files["non-Latin file name with spaces"]) == table

    assert _rows(hostile_files["ODS with LibreOffice padding"]) == table
    wide = read_bom(hostile_files["40 columns and styled empty far cells"]).sheets[0]
    assert len(wide.rows) == 2 and wide.width == 40

    formula = read_bom(hostile_files["formula without cached value"])
    assert formula.sheets[0].formula_cells_without_value == 1
    assert any("no saved value" in w for w in formula.warnings)

    for case in ("HTML table saved as .xls", "CSV UTF-16 without BOM", "non-Latin file name with spaces"):
        result = screen_file(hostile_files[case], matcher, ScreenOptions())
        assert {h.match.parent_id for h in result.hits} == {"HIKVISION"}, case
        assert {h.row for h in result.hits} == {3}, case
    gb = screen_file(hostile_files["CSV GB18030"], matcher, ScreenOptions())
    assert {"HIKVISION", "HUAWEI"} <= {h.match.parent_id for h in gb.hits}


def test_messages_say_what_to_do(hostile_files: dict[str, Path]) -> None:
    from guiapp.ingest.reading import read_bom
    from guiapp.model import BomReadError

    def reason(case: str) -> str:
        with pytest.raises(BomReadError) as info:
            read_bom(hostile_files[case])
        return info.value.reason

    assert reason("password-protected workbook") == (
        "protected by a password: open it in Excel and save a copy without one"
    )
    assert "zip bomb" in reason("zip bomb (1 GB declared)")
    assert "not opened" in reason("zip bomb (1 GB declared)")
    assert "damaged" in reason("zip bomb (lying sizes)")
    assert "XFD1048576" in reason("stray cell in XFD1048576")
    assert "sheet itself is missing" in reason("workbook missing its sheet part")
    assert reason("empty .csv") == "file is empty"
    assert "plain text" in reason("text renamed .xlsx")


def test_real_bom_sizes_pass_the_zip_bomb_guard(tmp_path: Path) -> None:
    """A sheet of 60 MB of ordinary rows (about 10:1) is far from the 200:1 ratio and the 1 GB total."""
    from guiapp.ingest.guards import _MAX_RATIO, _MAX_UNPACKED_TOTAL, _RATIO_MIN_SIZE

    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>R{r}</t></is></c>'
        f'<c r="B{r}" t="inlineStr"><is><t>Part {r * 7919 % 100003}</t></is></c></row>'
        for r in range(1, 2000)
    )
    sample = _sheet_xml(rows)
    ratio = len(sample) / len(zlib.compress(sample, 6))
    assert ratio < _MAX_RATIO / 5
    assert _RATIO_MIN_SIZE < _MAX_UNPACKED_TOTAL


def test_openpyxl_parses_with_defusedxml() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


#: The one module that may reach the network: Update lists, which fetches the official list files only when a
#: person asks for it (Tools > Update lists, `lists update`); nothing else is sent or fetched.
NETWORK_MODULES = {"lists/update.py"}


def test_product_code_opens_no_network_connection() -> None:
    """No module of the product imports a network client (the tool works offline and sends nothing), except
    the list update a person starts (NETWORK_MODULES).

    The window's single-instance hand-off uses Qt's local sockets (a Unix socket or a named pipe on this
    machine), which are allowed; TCP/UDP sockets and HTTP clients are not.
    """
    import re

    import guiapp

    root = Path(guiapp.__file__).parent
    banned = re.compile(
        r"^\s*(?:import|from)\s+(socket|ssl|urllib|http|requests|httpx|aiohttp|ftplib|smtplib|xmlrpc|"
        r"websocket|asyncio|PySide6\.QtWebEngine\w*)\b",
        re.MULTILINE,
    )
    qt_network = re.compile(r"^\s*from\s+PySide6\.QtNetwork\s+import\s+\(?([^)\n]+)", re.MULTILINE)
    local_only = {"QLocalServer", "QLocalSocket", "QAbstractSocket"}
    found = []
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.relative_to(root).as_posix() in NETWORK_MODULES:
            continue
        found += [f"{path.relative_to(root)}: {m.group(0).strip()}" for m in banned.finditer(text)]
        for m in qt_network.finditer(text):
            names = {n.strip() for n in m.group(1).split(",") if n.strip()}
            found += [f"{path.relative_to(root)}: QtNetwork.{n}" for n in sorted(names - local_only)]
        if re.search(r"^\s*import\s+PySide6\.QtNetwork\b", text, re.MULTILINE):
            found.append(f"{path.relative_to(root)}: import PySide6.QtNetwork")
    assert not found


def test_screening_never_loads_the_network_module() -> None:
    """Screening, export and the CLI's commands other than `lists update` run without the update module loaded."""
    code = (
        "import sys\n"
        "import guiapp.app.screener, guiapp.app.batch, guiapp.app.export, guiapp.cli.main, guiapp.cli.screen\n"
        "guiapp.cli.main.build_parser()\n"
        "print(sorted(m for m in sys.modules if m == 'guiapp.lists.update' or m.startswith(('urllib.request', 'http.client'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"


_CLI_CASES = [
    "empty .xlsx",
    "ODS repeated-cells bomb",
    "truncated zip",
    "zip bomb (1 GB declared)",
    "zip bomb (lying sizes)",
    "password-protected workbook",
    "stray cell in XFD1048576",
    "far cells without references",
    "entity bomb in sharedStrings.xml",
]


def test_cli_exit_2_with_one_line_per_bad_file(hostile_files: dict[str, Path], tmp_path: Path) -> None:
    """The CLI in a subprocess, the dangerous inputs included: exit 2, one line naming the file, bounded."""
    import resource

    paths = [hostile_files[c] for c in _CLI_CASES]
    # One run per file keeps each exit code and stderr apart; they run side by side to keep the test short.
    env = {**os.environ, "PYTHONFAULTHANDLER": ""}
    procs = [
        (p, subprocess.Popen([sys.executable, "-m", "guiapp.cli.main", "screen", str(p)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env))
        for p in paths
    ]  # fmt: skip
    for path, proc in procs:
        _, err = proc.communicate(timeout=_LIMIT_S)
        assert proc.returncode == 2, (path.name, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith(f"error: {path.name}: "), err
        assert "Traceback" not in err
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert peak_mb < _LIMIT_MB


def test_cli_reads_a_non_latin_file_name(hostile_files: dict[str, Path]) -> None:
    path = hostile_files["non-Latin file name with spaces"]
    proc = subprocess.run(
        [sys.executable, "-m", "guiapp.cli.main", "screen", "--json", str(path)],
        capture_output=True,
        timeout=_LIMIT_S,
    )
    assert proc.returncode == 1, proc.stderr  # a hit: Hikvision
    assert path.name in proc.stdout.decode("utf-8")
    assert b"Traceback" not in proc.stderr
