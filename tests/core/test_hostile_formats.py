"""Hostile workbooks the structural guards must refuse before calamine aborts the process (issue 13).

Every case here, before the guards read structure instead of one spelling, made calamine allocate gigabytes
and abort the whole process (or, for the .ods with another table prefix, read nothing and call the file
clear). Each file is read in a child process with its address space capped at 1.5 GB and a timeout, so a
regression shows as a failed test, never as a dead test run. tests/tools/hostile_table.py times them too.
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import test_hostile_inputs as hostile  # noqa: E402  (the shared builders: _ole2, _rezip, _good_xlsx_bytes)

ROOT = Path(__file__).resolve().parents[2]
_LIMIT_S = 60.0
_LIMIT_AS = 1536 * 1024**2

# ---------------------------------------------------------------------------------------------------
# .xlsx: one far cell, spelled every way XML allows

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}" xmlns:x="{_MAIN}">'
        f"<sheetData>{hostile._inline_rows([hostile.HEADER, *hostile.ROWS[:2]])}{body}</sheetData></worksheet>"
    ).encode()


def _xlsx_with(name: str, body: str) -> Callable[[Path], Path]:
    def build(d: Path) -> Path:
        p = d / f"{name}.xlsx"
        p.write_bytes(hostile._rezip(hostile._good_xlsx_bytes(), {"xl/worksheets/sheet1.xml": _sheet(body)}))
        return p

    build.__doc__ = f"A stray far cell written as {body[:60]}..."
    return build


_FAR_XLSX = {
    "xlsx: far cell, single quotes": "<row r='1048576'><c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c></row>",
    "xlsx: far cell, spaces around =": '<row r="1048576"><c r = "XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    "xlsx: far cell, x: prefix": '<x:row r="1048576"><x:c r="XFD1048576" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>',
    "xlsx: far cell, undeclared prefix": '<row r="1048576"><q:c r="XFD1048576"><v>1</v></q:c></row>',
    "xlsx: far cell, '>' in an attribute value": '<row r="1048576"><c r="XFD1048576" x="/>"><v>1</v></c></row>',
    "xlsx: column Z, row 9,999,999": '<row r="9999999"><c r="Z9999999" t="inlineStr"><is><t>x</t></is></c></row>',
    "xlsx: character reference in r": '<row r="1048576"><c r="&#88;FD1048576"><v>1</v></c></row>',
}


def xlsx_prefixed_sheet_plain_far_cell(d: Path) -> Path:
    """A sheet written wholly under the x: prefix, with one far cell in the default namespace."""
    rows = hostile._inline_rows([hostile.HEADER, *hostile.ROWS[:2]])
    for tag in ("row", "c", "is", "t"):
        rows = (
            rows.replace(f"<{tag} ", f"<x:{tag} ")
            .replace(f"<{tag}>", f"<x:{tag}>")
            .replace(f"</{tag}>", f"</x:{tag}>")
        )
    xml = (
        f'<?xml version="1.0"?><x:worksheet xmlns:x="{_MAIN}" xmlns="{_MAIN}"><x:sheetData>{rows}'
        '<x:row r="1048576"><c r="XFD1048576"><v>1</v></c></x:row></x:sheetData></x:worksheet>'
    ).encode()
    p = d / "prefixed-sheet.xlsx"
    p.write_bytes(hostile._rezip(hostile._good_xlsx_bytes(), {"xl/worksheets/sheet1.xml": xml}))
    return p


# ---------------------------------------------------------------------------------------------------
# .xls: BIFF8 records in an OLE2 compound file, built by hand


def _rec(typ: int, data: bytes) -> bytes:
    return struct.pack("<HH", typ, len(data)) + data


def _label(r: int, c: int, text: str) -> bytes:
    b = text.encode("latin-1")
    return _rec(0x0204, struct.pack("<HHHHB", r, c, 15, len(b), 0) + b)


def _dims(rf: int, rl: int, cf: int, cl: int) -> bytes:
    return _rec(0x0200, struct.pack("<IIHHH", rf, rl, cf, cl, 0))


def _workbook_stream(sheet_records: list[bytes], sst: bytes = b"", pad: int = 4096) -> bytes:
    bof = _rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))
    name = b"BOM"
    pos = len(bof) + len(sst) + 4 + 8 + len(name) + 4  # after BoundSheet8 and EOF
    glob = bof + sst + _rec(0x0085, struct.pack("<IBBBB", pos, 0, 0, len(name), 0) + name) + _rec(0x000A, b"")
    sheet_bof = _rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0))
    return (glob + sheet_bof + b"".join(sheet_records) + _rec(0x000A, b"")).ljust(pad, b"\0")


def _good_cells() -> list[bytes]:
    rows = [["Manufacturer", "MPN"], ["Hikvision", "DS-2CD2043G2-I"], ["Murata", "GRM188"]]
    return [_label(r, c, v) for r, row in enumerate(rows) for c, v in enumerate(row)]


def _xls(name: str, records: list[bytes], sst: bytes = b"") -> Callable[[Path], Path]:
    def build(d: Path) -> Path:
        p = d / f"{name}.xls"
        p.write_bytes(hostile._ole2({"Workbook": _workbook_stream(records, sst)}))
        return p

    return build


def xls_stream_size_lie(d: Path) -> Path:
    """The directory says the Workbook stream holds 4 GB in a 6 KB file."""
    data = bytearray(hostile._ole2({"Workbook": _workbook_stream(_good_cells())}))
    directory = 512 * 2  # header, FAT sector, then the directory sector
    for off in range(directory, directory + 512, 128):
        if data[off : off + 16] == "Workbook".encode("utf-16-le"):
            struct.pack_into("<I", data, off + 120, 0xFFFFFFF0)
    p = d / "stream-size-lie.xls"
    p.write_bytes(bytes(data))
    return p


# ---------------------------------------------------------------------------------------------------
# .ods: repeats


def _ods_file(name: str, rows_xml: str, prefix: str = "table") -> Callable[[Path], Path]:
    def build(d: Path) -> Path:
        data = hostile._ods(rows_xml)
        if prefix != "table":
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                content = zf.read("content.xml")
                for before in (b"<", b"</", b" "):
                    content = content.replace(before + b"table:", before + prefix.encode() + b":")
                content = content.replace(b"xmlns:table=", b"xmlns:" + prefix.encode() + b"=")
            data = hostile._rezip(data, {"content.xml": content})
        p = d / f"{name}.ods"
        p.write_bytes(data)
        return p

    return build


_CELL = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
_HEAD = hostile._ods_row(hostile.HEADER)

CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    **{name: (_xlsx_with(f"far{i}", body), "error") for i, (name, body) in enumerate(_FAR_XLSX.items())},
    "xlsx: x:-prefixed sheet, far cell without prefix": (xlsx_prefixed_sheet_plain_far_cell, "error"),
    "xls: valid, built by hand": (_xls("good", [_dims(0, 3, 0, 2), *_good_cells()]), "ok"),
    "xls: DIMENSIONS of 4 billion rows": (
        _xls("dimbomb", [_dims(0, 0xFFFFFFFF, 0, 256), *_good_cells()]),
        "error",
    ),
    "xls: DIMENSIONS that wrap around": (_xls("dimwrap", [_dims(5, 1, 0, 2), *_good_cells()]), "error"),
    "xls: cell at row 65,536, column 65,536": (
        _xls("far", [*_good_cells(), _rec(0x0203, struct.pack("<HHHd", 65535, 65535, 15, 1.0))]),
        "error",
    ),
    "xls: string table of 2 billion strings": (
        _xls("sst", _good_cells(), _rec(0x00FC, struct.pack("<ii", 5, 0x7FFFFFFF))),
        "error",
    ),
    "xls: stream size of 4 GB declared": (xls_stream_size_lie, "error"),
    "ods: tables under the prefix t:": (
        _ods_file("prefix", _HEAD + hostile._ods_row(hostile.ROWS[0]), "t"),
        "error",
    ),
    "ods: one cell of 400 million spaces": (
        _ods_file(
            "spaces",
            _HEAD + '<table:table-row><table:table-cell office:value-type="string"><text:p>'
            '<text:s text:c="400000000"/></text:p></table:table-cell></table:table-row>',
        ),
        "error",
    ),  # fmt: skip
    "ods: empty cells repeated a billion times before a value": (
        _ods_file(
            "empty-run",
            _HEAD
            + '<table:table-row><table:table-cell table:number-columns-repeated="1000000000"/>'
            + _CELL.format("x")
            + "</table:table-row>",
        ),
        "error",
    ),  # fmt: skip
    "ods: rows repeated in single quotes": (
        _ods_file(
            "single-quoted",
            _HEAD + "<table:table-row table:number-rows-repeated='1000000'>"
            "<table:table-cell table:number-columns-repeated='90' office:value-type='string'>"
            "<text:p>x</text:p></table:table-cell></table:table-row>",
        ),
        "error",
    ),  # fmt: skip
    "ods: long text repeated 100,000 x 10 times": (
        _ods_file(
            "text-repeat",
            _HEAD + '<table:table-row table:number-rows-repeated="100000">'
            '<table:table-cell table:number-columns-repeated="10" office:value-type="string">'
            f"<text:p>{'y' * 400}</text:p></table:table-cell></table:table-row>",
        ),
        "error",
    ),  # fmt: skip
}

# ---------------------------------------------------------------------------------------------------
# Tests

_CHILD = r"""
import json, resource, sys
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from guiapp.model import BomReadError
from guiapp.ingest.reading import read_bom
try:
    bom = read_bom(sys.argv[1])
except BomReadError as exc:
    out = {"error": str(exc)}
else:
    out = {"rows": [list(r) for s in bom.sheets for r in s.rows][:20]}
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def read_in_child(path: Path) -> dict:
    """Read a file in a child process under a 1.5 GB address-space cap; fail clearly if it dies."""
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(_LIMIT_AS)],
        capture_output=True,
        text=True,
        timeout=_LIMIT_S,
        cwd=ROOT,
    )
    assert proc.returncode == 0 and proc.stdout.strip(), (
        f"the reader process died (exit {proc.returncode}): {proc.stderr.strip()[-500:]}"
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_workbook_is_refused_in_one_line_or_read(case: str, tmp_path: Path) -> None:
    build, expected = CASES[case]
    path = build(tmp_path)
    out = read_in_child(path)
    if expected == "error":
        assert "error" in out, f"{case}: read instead of refused: {out}"
        message = out["error"]
        assert message.startswith(f"{path.name}: ") and "\n" not in message and len(message) < 400, message
        assert "Traceback" not in message
    else:
        assert "error" not in out, out
        assert ["Hikvision", "DS-2CD2043G2-I"] in out["rows"]
    assert out["peak_mb"] < 1536


def test_message_names_the_limit(tmp_path: Path) -> None:
    out = read_in_child(CASES["xls: DIMENSIONS of 4 billion rows"][0](tmp_path))
    assert "65,536 rows x 256 columns" in out["error"]
    out = read_in_child(CASES["ods: tables under the prefix t:"][0](tmp_path))
    assert "prefix 't:'" in out["error"] and "LibreOffice" in out["error"]


def test_cli_batch_goes_on_past_a_bomb(tmp_path: Path) -> None:
    """One bomb in a folder: exit 2, one line for it, and the good file beside it still screened (a hit)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for case in (
        "xls: cell at row 65,536, column 65,536",
        "xlsx: far cell, x: prefix",
        "xls: valid, built by hand",
    ):
        CASES[case][0](folder)
    env = {**os.environ}
    proc = subprocess.run(
        [sys.executable, "-m", "guiapp.cli.main", "screen", "--json", str(folder)],
        capture_output=True,
        text=True,
        timeout=_LIMIT_S * 2,
        env=env,
        cwd=ROOT,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    doc = json.loads(proc.stdout)
    by_name = {Path(f["path"]).name: f for f in doc["files"]}
    assert by_name["good.xls"]["hits"] and by_name["good.xls"]["coverage"] == "screened"
    assert by_name["far.xls"]["status"] == "error" and by_name["far2.xlsx"]["status"] == "error"


# ---------------------------------------------------------------------------------------------------
# Property: whatever the spelling of one far cell, the guard refuses it (in-process: it must refuse before
# calamine is ever called, so nothing here can abort).


_spellings = st.tuples(
    st.sampled_from(["", "x:", "q:"]),  # element prefix (x is declared, q is not)
    st.sampled_from(['"', "'"]),  # quote
    st.sampled_from(["=", " = ", "\t=", "=\n"]),  # around '='
    st.sampled_from(["r", "x:r"]),  # the attribute's own prefix
    st.booleans(),  # reference first, or after another attribute
    st.sampled_from(["XFD1048576", "XFD1", "A1048576000", "ZZ99999", "&#88;FD1048576"]),
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_spellings)
def test_property_far_cell_is_found_however_it_is_spelled(spelling) -> None:
    from guiapp.ingest.guards import _MAX_SHEET_CELLS, _scan_sheet_part

    prefix, quote, eq, attr, first, ref = spelling
    attrs = [f"{attr}{eq}{quote}{ref}{quote}", f"t{eq}{quote}n{quote}"]
    if not first:
        attrs.reverse()
    cell = f"<{prefix}c {' '.join(attrs)}><{prefix}v>1</{prefix}v></{prefix}c>"
    xml = _sheet(f"<row>{cell}</row>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("sheet.xml", xml)
    from guiapp.ingest.guards import _Unreadable

    with zipfile.ZipFile(buf) as zf:
        try:
            scan = _scan_sheet_part(zf, "sheet.xml", None)
        except _Unreadable:
            return  # refused as not well-formed (an undeclared prefix): also safe
    letters, digits = {"XFD1048576": ("XFD", 1048576), "XFD1": ("XFD", 1), "A1048576000": ("A", 1048576000),
                       "ZZ99999": ("ZZ", 99999), "&#88;FD1048576": ("XFD", 1048576)}[ref]  # fmt: skip
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    # The guard's box holds the cell where calamine puts it, so calamine's grid is never larger than judged.
    assert scan.bottom >= digits - 1 and scan.right >= column - 1, (xml, scan)
    if (digits * column) > _MAX_SHEET_CELLS:
        assert scan.cells > _MAX_SHEET_CELLS


# ---------------------------------------------------------------------------------------------------
# Properties per format: generated .xls cell records and .ods repeats. The guard must refuse exactly the
# files whose grid would pass the budget, and read the rest as written. Generated positions are either
# near (a small grid calamine builds in a blink) or far (past the budget), never in between, so a wrong
# answer fails the test instead of allocating a gigabyte.

_near = st.tuples(st.integers(0, 200), st.integers(0, 60))
_far = st.tuples(st.integers(20_000, 65_535), st.integers(2_000, 65_535))


@settings(max_examples=30, deadline=None)
@given(cells=st.lists(st.one_of(_near, _near, _far), min_size=1, max_size=12), dims=st.booleans())
def test_property_xls_refused_exactly_when_its_grid_is_past_the_budget(tmp_path_factory, cells, dims) -> None:
    from guiapp.ingest.guards import _MAX_SHEET_CELLS
    from guiapp.ingest.reading import read_bom
    from guiapp.model import BomReadError

    records = list(_good_cells())
    for r, c in cells:
        records.append(_rec(0x0203, struct.pack("<HHHd", r, c, 15, float(r * 1000 + c))))
    rows = [r for r, _ in cells] + [0, 2]
    cols = [c for _, c in cells] + [0, 1]
    if dims:  # an honest DIMENSIONS record, as Excel writes it
        records.insert(0, _dims(0, max(rows) + 1, 0, min(max(cols) + 1, 256)))
    grid = (max(rows) - min(rows) + 1) * (max(cols) - min(cols) + 1)
    path = tmp_path_factory.mktemp("xls") / "gen.xls"
    path.write_bytes(hostile._ole2({"Workbook": _workbook_stream(records)}))
    if grid > _MAX_SHEET_CELLS:
        with pytest.raises(BomReadError, match="too many to read safely"):
            read_bom(path)
        return
    bom = read_bom(path)
    sheet = bom.sheets[0]
    for r, c in cells:
        assert sheet.cell(r + 1, c) == str(r * 1000 + c)
    assert sheet.cell(2, 0) == "Hikvision"


_ods_cell = st.tuples(st.integers(1, 3), st.booleans())  # (columns repeated, has a value)
_ods_row = st.tuples(st.integers(1, 4), st.lists(_ods_cell, min_size=1, max_size=4))  # (rows repeated, cells)
_ods_bomb = st.tuples(st.integers(200_000, 2_000_000), st.integers(200, 5_000))  # (rows, columns) repeated


@settings(max_examples=30, deadline=None)
@given(rows=st.lists(_ods_row, min_size=1, max_size=6), bomb=st.one_of(st.none(), _ods_bomb))
def test_property_ods_repeats_refused_exactly_past_the_budget(tmp_path_factory, rows, bomb) -> None:
    from guiapp.ingest.guards import _MAX_SHEET_CELLS
    from guiapp.ingest.reading import read_bom
    from guiapp.model import BomReadError

    xml = [_HEAD]
    expected: list[list[str]] = [list(hostile.HEADER)]
    for r_rep, cells in rows:
        row_xml, row_vals = [], []
        for c_rep, valued in cells:
            if valued:
                row_xml.append(
                    f'<table:table-cell table:number-columns-repeated="{c_rep}" office:value-type="string">'
                    "<text:p>v</text:p></table:table-cell>"
                )
                row_vals += ["v"] * c_rep
            else:
                row_xml.append(f'<table:table-cell table:number-columns-repeated="{c_rep}"/>')
                row_vals += [""] * c_rep
        xml.append(
            f'<table:table-row table:number-rows-repeated="{r_rep}">{"".join(row_xml)}</table:table-row>'
        )
        expected += [row_vals] * r_rep
    if bomb is not None:
        n_rows, n_cols = bomb
        xml.append(
            f'<table:table-row table:number-rows-repeated="{n_rows}"><table:table-cell '
            f'table:number-columns-repeated="{n_cols}" office:value-type="string"><text:p>x</text:p>'
            "</table:table-cell></table:table-row>"
        )
    path = _ods_file("gen", "".join(xml))(tmp_path_factory.mktemp("ods"))
    width = max(len(hostile.HEADER), max(len(r) for r in expected), bomb[1] if bomb else 0)
    if bomb is not None and (len(expected) + bomb[0]) * width > _MAX_SHEET_CELLS:
        with pytest.raises(BomReadError, match="too many to read safely"):
            read_bom(path)
        return
    assert bomb is None  # every generated bomb is past the budget
    got = [list(r) for r in read_bom(path).sheets[0].rows]
    while expected and not any(expected[-1]):
        expected.pop()
    assert [r + [""] * (len(e) - len(r)) for r, e in zip(got, expected, strict=False)] == [
        e + [""] * (len(r) - len(e)) for r, e in zip(got, expected, strict=False)
    ]
    assert len(got) == len(expected)


def _ole2_mini(stream: bytes) -> bytes:
    """An OLE2 file whose one stream ("Workbook", under 4,096 bytes) lives in the mini stream (64-byte sectors),
    the way Excel stores a small workbook."""
    end, free, fat_sect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    assert len(stream) < 4096
    n_mini = -(-len(stream) // 64)
    container = stream.ljust(n_mini * 64, b"\0")
    n_container = -(-len(container) // 512)
    # sector 0: FAT, 1: directory, 2: mini FAT, 3..: the mini stream's container
    fat = [fat_sect, end, end] + list(range(4, 3 + n_container)) + [end]
    fat += [free] * (128 - len(fat))
    minifat = list(range(1, n_mini)) + [end]
    minifat += [free] * (128 - len(minifat))
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("d0cf11e0a1b11ae1"), b"\0" * 16, 0x3E, 3,
                         0xFFFE, 9, 6, b"\0" * 6, 0, 1, 1, 0, 4096, 2, 1, end, 0)  # fmt: skip
    header += struct.pack("<109I", 0, *([free] * 108))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return struct.pack("<64sHBBIII16sIQQIQ", raw, len(raw), kind, 1, free, free, child, b"\0" * 16, 0, 0, 0,
                           start, size)  # fmt: skip

    directory = entry("Root Entry", 5, 1, 3, len(container)) + entry("Workbook", 2, free, 0, len(stream))
    directory = directory.ljust(512, b"\0")
    return (
        header
        + struct.pack("<128I", *fat)
        + directory
        + struct.pack("<128I", *minifat)
        + container.ljust(n_container * 512, b"\0")
    )


def xls_small_dimension_bomb(d: Path) -> Path:
    """2.5 KB on disk: a DIMENSIONS record of 4 billion rows in a workbook stream kept in the mini stream."""
    p = d / "small-bomb.xls"
    p.write_bytes(_ole2_mini(_workbook_stream([_dims(0, 0xFFFFFFFF, 0, 256), *_good_cells()], pad=0)))
    return p


CASES["xls: 2.5 KB, DIMENSIONS bomb in the mini stream"] = (xls_small_dimension_bomb, "error")


def test_small_xls_in_the_mini_stream_is_guarded_and_read(tmp_path: Path) -> None:
    """A workbook stream under 4,096 bytes sits in the mini stream: the guard follows it there too."""

    def stream(records: list[bytes]) -> bytes:
        return _workbook_stream(records, pad=0)

    good = tmp_path / "small.xls"
    good.write_bytes(_ole2_mini(stream([_dims(0, 3, 0, 2), *_good_cells()])))
    out = read_in_child(good)
    assert ["Hikvision", "DS-2CD2043G2-I"] in out["rows"], out
    bomb = tmp_path / "small-bomb.xls"
    bomb.write_bytes(_ole2_mini(stream([_dims(0, 0xFFFFFFFF, 0, 256), *_good_cells()])))
    assert bomb.stat().st_size <= 2560  # 2.5 KB on disk
    out = read_in_child(bomb)
    assert "65,536 rows x 256 columns" in out.get("error", ""), out
