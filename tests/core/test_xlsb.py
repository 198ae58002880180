"""Binary workbooks (.xlsb): read, and refused before calamine when their cells spread too far.

No Python library writes .xlsb and LibreOffice cannot export it, so ``xlsb_bytes`` builds one by hand from
the BIFF12 records of MS-XLSB: workbook.bin (BrtBundleSh per sheet), one sheet part per sheet (BrtWsDim,
BrtRowHdr, BrtCellIsst / BrtCellRk / BrtCellSt), sharedStrings.bin, [Content_Types].xml and relationships.
A hostile file would make calamine abort the process (a failed Rust allocation cannot be caught), so the
hostile files are read in a child process: a regression fails the test instead of killing the test run.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["Item", "Qty", "Manufacturer", "Mfr PN", "Description"]
ROWS = [
    [1, 2, "Texas Instruments", "LM317T", "Regulator"],
    [2, 10, "Hikvision", "DS-2CD2043G2-I", "Camera"],
    [3, 1, "Murata", "GRM188R71H104KA93D", "Cap 100nF"],
]

# ---------------------------------------------------------------------------------------------------
# A minimal BIFF12 writer


def _varint(value: int, max_bytes: int) -> bytes:
    out = bytearray()
    for _ in range(max_bytes):
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)
    raise ValueError("value too large for a BIFF12 varint")


def record(typ: int, data: bytes = b"") -> bytes:
    """One BIFF12 record: type (up to 2 bytes of 7 bits), size (up to 4), data."""
    return _varint(typ, 2) + _varint(len(data), 4) + data


def _wide(text: str) -> bytes:
    """XLWideString: character count, then UTF-16LE."""
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def _cell(col: int) -> bytes:
    return struct.pack("<II", col, 0)  # column, style 0


def row_header(row: int) -> bytes:
    """BrtRowHdr for a 0-based row: rw, ixfe, miyRw, flags (3 bytes), ccolspan 0."""
    return record(0x0000, struct.pack("<IIH3sI", row, 0, 300, b"\0\0\0", 0))


def cell_record(col: int, value: object, strings: dict[str, int]) -> bytes:
    """BrtCellRk for small whole numbers, BrtCellReal for other numbers, BrtCellIsst for text."""
    if isinstance(value, int) and -(2**29) <= value < 2**29:
        return record(0x0002, _cell(col) + struct.pack("<i", (value << 2) | 2))
    if isinstance(value, (int, float)):
        return record(0x0005, _cell(col) + struct.pack("<d", float(value)))
    index = strings.setdefault(str(value), len(strings))
    return record(0x0007, _cell(col) + struct.pack("<I", index))


def sheet_bin(
    rows: list[list[object]],
    strings: dict[str, int],
    dimension: tuple[int, int, int, int] | None = None,
    extra: bytes = b"",
) -> bytes:
    """A sheet part: rows from A1; dimension (first row, last row, first col, last col, 0-based) as given."""
    if dimension is None:
        dimension = (0, max(len(rows) - 1, 0), 0, max((len(r) for r in rows), default=1) - 1)
    first_row, last_row, first_col, last_col = dimension
    body = bytearray()
    body += record(0x0081)  # BrtBeginSheet
    body += record(0x0094, struct.pack("<IIII", first_row, last_row, first_col, last_col))  # BrtWsDim
    body += record(0x0085) + record(0x0086)  # BrtBeginWsViews / BrtEndWsViews
    body += record(0x0091)  # BrtBeginSheetData
    for r, row in enumerate(rows):
        body += row_header(r)
        for c, value in enumerate(row):
            body += cell_record(c, value, strings)
    body += extra
    body += record(0x0092)  # BrtEndSheetData
    body += record(0x0082)  # BrtEndSheet
    return bytes(body)


def _shared_strings(strings: dict[str, int]) -> bytes:
    ordered = sorted(strings, key=strings.__getitem__)
    out = bytearray(record(0x009F, struct.pack("<II", len(ordered), len(ordered))))  # BrtBeginSst
    for text in ordered:
        out += record(0x0013, b"\0" + _wide(text))  # BrtSSTItem: RichStr without runs
    out += record(0x00A0)  # BrtEndSst
    return bytes(out)


def _workbook_bin(names: list[str]) -> bytes:
    out = bytearray(record(0x0083))  # BrtBeginBook
    out += record(0x008F)  # BrtBeginBundleShs
    for i, name in enumerate(names, start=1):
        out += record(0x009C, struct.pack("<II", 0, i) + _wide(f"rId{i}") + _wide(name))  # BrtBundleSh
    out += record(0x0090)  # BrtEndBundleShs
    out += record(0x009D, struct.pack("<IIIdB", 0, 100, 0, 0.001, 0) + b"\0" * 6)  # BrtCalcProp
    out += record(0x0084)  # BrtEndBook
    return bytes(out)


_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>'
)
_REL = '<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{type}" Target="{target}"/>'


def xlsb_bytes(sheets: dict[str, bytes], strings: dict[str, int]) -> bytes:
    """A whole .xlsb package around sheet parts (built with the same ``strings`` table)."""
    names = list(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.bin" ContentType="application/vnd.ms-excel.worksheet"/>'
        for i in range(1, len(names) + 1)
    )
    rels = "".join(
        _REL.format(id=f"rId{i}", type="worksheet", target=f"worksheets/sheet{i}.bin")
        for i in range(1, len(names) + 1)
    )
    rels += _REL.format(id=f"rId{len(names) + 1}", type="sharedStrings", target="sharedStrings.bin")
    package_rels = _RELS.format(_REL.format(id="rId1", type="officeDocument", target="xl/workbook.bin"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT.format(overrides=overrides))
        zf.writestr("_rels/.rels", package_rels)
        zf.writestr("xl/workbook.bin", _workbook_bin(names))
        zf.writestr("xl/_rels/workbook.bin.rels", _RELS.format(rels))
        for i, part in enumerate(sheets.values(), start=1):
            zf.writestr(f"xl/worksheets/sheet{i}.bin", part)
        zf.writestr("xl/sharedStrings.bin", _shared_strings(strings))
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------------
# Builders (also used by tests/core/test_hostile_inputs.py and tests/tools/hostile_table.py)


def good_xlsb(d: Path) -> Path:
    """A small valid BOM as .xlsb."""
    strings: dict[str, int] = {}
    part = sheet_bin([HEADER, *ROWS], strings)
    p = d / "bom.xlsb"
    p.write_bytes(xlsb_bytes({"BOM": part}, strings))
    return p


def xlsb_far_corner_cell(d: Path) -> Path:
    """Three real rows, a BrtWsDim of A1:XFD1048576 and one cell record in XFD1048576 (549 GB for calamine)."""
    strings: dict[str, int] = {}
    far = row_header(1_048_575) + cell_record(16_383, "x", strings)
    part = sheet_bin([HEADER, *ROWS], strings, dimension=(0, 1_048_575, 0, 16_383), extra=far)
    p = d / "far-corner.xlsb"
    p.write_bytes(xlsb_bytes({"BOM": part}, strings))
    return p


def xlsb_huge_column(d: Path) -> Path:
    """One cell in row 1 at column 4,000,000,000: calamine takes the column as written."""
    strings: dict[str, int] = {}
    part = sheet_bin([HEADER], strings, extra=row_header(0) + cell_record(4_000_000_000, 7, strings))
    p = d / "huge-column.xlsb"
    p.write_bytes(xlsb_bytes({"BOM": part}, strings))
    return p


def xlsb_dimension_only(d: Path) -> Path:
    """A BrtWsDim claiming 1,048,576 x 16,384 over four real rows: calamine sizes nothing by it, so it reads."""
    strings: dict[str, int] = {}
    part = sheet_bin([HEADER, *ROWS], strings, dimension=(0, 1_048_575, 0, 16_383))
    p = d / "dimension-only.xlsb"
    p.write_bytes(xlsb_bytes({"BOM": part}, strings))
    return p


def xlsb_parts_in_xlsx(d: Path) -> Path:
    """The far-corner xlsb named .xlsx: calamine picks its reader by suffix, the guard by content."""
    p = xlsb_far_corner_cell(d)
    return p.rename(p.with_suffix(".xlsx"))


CASES = {
    "xlsb: stray cell in XFD1048576": (xlsb_far_corner_cell, "error"),
    "xlsb: cell at column 4,000,000,000": (xlsb_huge_column, "error"),
    "xlsb: dimension 1,048,576 x 16,384, 4 rows": (xlsb_dimension_only, "ok"),
}

# ---------------------------------------------------------------------------------------------------
# Tests

_CHILD = r"""
import json, sys
from guiapp.model import BomReadError
from guiapp.ingest.reading import read_bom
try:
    bom = read_bom(sys.argv[1])
except BomReadError as exc:
    print(json.dumps({"error": str(exc)}))
else:
    print(json.dumps({"rows": [list(r) for s in bom.sheets for r in s.rows]}))
"""


def _read_in_child(path: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert proc.returncode == 0 and proc.stdout.strip(), (
        f"the reader process died (exit {proc.returncode}): {proc.stderr.strip()[-500:]}"
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _text(rows: list[list[object]]) -> list[list[str]]:
    return [[str(v) for v in row] for row in rows]


def test_a_hand_built_xlsb_reads(tmp_path: Path) -> None:
    from guiapp.ingest.reading import read_bom

    bom = read_bom(good_xlsb(tmp_path))
    assert bom.format == "xlsb"
    assert [s.name for s in bom.sheets] == ["BOM"]
    assert bom.sheets[0].rows == _text([HEADER, *ROWS])
    assert bom.sheets[0].mapping.columns["manufacturer"] == [2]


def test_the_scan_finds_the_cells_calamine_keeps(tmp_path: Path) -> None:
    """Skipped blocks, blank cells, a record larger than a read chunk, and rows past calamine's last row."""
    from guiapp.ingest.guards import _scan_xlsb_part

    def scan(part: bytes):
        return _scan_xlsb_part(io.BytesIO(part), None)

    strings: dict[str, int] = {}
    s = scan(sheet_bin([HEADER, *ROWS], strings))
    assert (s.top, s.left, s.bottom, s.right) == (0, 0, 3, 4)
    # BrtCellBlank (a styled empty cell) far away: calamine keeps nothing there.
    blank = row_header(1_048_575) + record(0x0001, _cell(16_383))
    assert scan(sheet_bin([HEADER], strings, extra=blank)).cells == 5
    # A row header past 0x100000 ends calamine's reading; cells after it are never kept.
    beyond = row_header(0x10_0001) + cell_record(16_383, "x", strings)
    assert scan(sheet_bin([HEADER], strings, extra=beyond)).cells == 5
    # A 5 MB text cell (longer than one 4 MB read) between the header and a far cell.
    long = record(0x0006, _cell(1) + _wide("y" * 2_600_000))
    far = row_header(1_048_575) + cell_record(16_383, "x", strings)
    s = scan(sheet_bin([HEADER], strings, extra=row_header(1) + long + far))
    assert (s.bottom, s.right) == (1_048_575, 16_383)
    # Sheet data hidden inside a views block is skipped by calamine, and so by the scan.
    part = (
        record(0x0094, struct.pack("<IIII", 0, 0, 0, 0))
        + record(0x0085)
        + record(0x0091)
        + row_header(1_048_575)
        + cell_record(16_383, 1, strings)
        + record(0x0092)
        + record(0x0086)
        + record(0x0091)
        + row_header(0)
        + cell_record(0, 1, strings)
        + record(0x0092)
    )
    assert scan(part).cells == 1
    # A part cut inside a record ends the scan without an error.
    assert scan(sheet_bin([HEADER], strings)[:-3]).cells == 5


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_xlsb_in_a_child_process(case: str, tmp_path: Path) -> None:
    build, expected = CASES[case]
    path = build(tmp_path)
    outcome = _read_in_child(path)
    if expected == "error":
        message = outcome.get("error", "")
        assert message.startswith(f"{path.name}: ") and "\n" not in message, outcome
        assert "too many to read safely" in message, message
    else:
        assert outcome.get("rows") == _text([HEADER, *ROWS]), outcome


def test_xlsb_parts_in_a_file_named_xlsx_are_scanned(tmp_path: Path) -> None:
    outcome = _read_in_child(xlsb_parts_in_xlsx(tmp_path))
    assert "too many to read safely" in outcome.get("error", ""), outcome


def test_far_corner_message_names_the_part_and_cell(tmp_path: Path) -> None:
    from guiapp.ingest.guards import _scan_xlsb_sheets
    from guiapp.model import BomReadError

    path = xlsb_far_corner_cell(tmp_path)
    with pytest.raises(BomReadError) as info:
        _scan_xlsb_sheets(path, None)  # the scan alone: calamine never runs in this process
    assert info.value.reason == (
        "part 'xl/worksheets/sheet1.bin' spreads its cells over 1,048,576 rows x 16,384 columns (up to cell "
        "XFD1048576), too many to read safely: delete the cells far outside the table, save, and try again"
    )


def test_scan_lets_a_large_normal_xlsb_through(tmp_path: Path) -> None:
    """100,000 rows x 8 columns (900,000 records): the scan passes it and every row reads.

    The scan's cost against the whole read is a benchmark figure: tests/bench/bench_screening.py (xlsb).
    """
    from guiapp.ingest.guards import _scan_xlsb_sheets
    from guiapp.ingest.reading import read_bom

    strings: dict[str, int] = {}
    rows = [["Item", "Designator", "Qty", "Manufacturer", "Mfr PN", "Description", "Supplier", "Value"]]
    rows += [
        [i, f"R{i}", i % 7 + 1, "Murata", f"PN-{i * 7919 % 1_000_003:07d}", f"Res {i % 97} k", "Mouser", 3.3]
        for i in range(1, 100_001)
    ]
    path = tmp_path / "big.xlsb"
    path.write_bytes(xlsb_bytes({"BOM": sheet_bin(rows, strings)}, strings))
    _scan_xlsb_sheets(path, None)  # raises BomReadError when it refuses the file
    bom = read_bom(path)
    assert len(bom.sheets[0].rows) == 100_001
