"""Free texts scanned while calamine parses a sheet (ingest/prefetch.py, Matcher.prescan_texts).

The texts taken from the sheet's XML must read as the cells do (else the scan is wasted, never wrong), the
hits must be the same with and without the scan ahead, and a cancel or a damaged part must behave as
without it. calamine parses a small sheet faster than the first batch of texts is ready, so the tests hold
the parse back until every batch was handed over (slow_parse).
"""

from __future__ import annotations

import io
import random
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
import xlsxwriter

import guiapp.ingest.workbooks as workbooks
from guiapp.app.screener import load_lists
from guiapp.ingest.guards import _sheet_parts
from guiapp.ingest.prefetch import SHARED_STRINGS, cell_texts, worth_prefetching
from guiapp.ingest.reading import read_bom
from guiapp.matching.matcher import Matcher, Prescan
from guiapp.model import BomReadError, Cancelled, CancelToken, ScreenOptions
from guiapp.screening.screen import build_matcher, screen_file

sys.path.insert(0, str(Path(__file__).parent))
import test_hostile_inputs as hostile  # noqa: E402  (the shared builders: _rezip, _good_xlsx_bytes)

HEADER = ["Item", "Manufacturer", "Mfr PN", "Description", "Notes"]
# Descriptions that name listed makers in the ways the text scan looks for, innocent ones, and texts that
# XML escapes or pads, so that a text read differently from its cell would show.
DESCRIPTIONS = [
    "Replacement for Hikvision DS-2CD2143G2-I dome camera",
    "IP camera module, Dahua OEM, 4MP",
    "Charger compatible with Huawei SuperCharge 40W",
    "NVR 8ch  (Hi3536 inside)",
    "Cap Ceramic 10µF ±10% 16V X7R 0603 T&R",
    "Res Thick Film 4.7kΩ 1% <0.1W> 0402",
    "  padded text with a Hytera radio  ",
    "海康威视 网络摄像机 DS-2CD1043G0-I",
    "Op amp rail-to-rail, \"low noise\" & 'fast'",
    "MCU 32-bit ARM Cortex-M4 STM32F405RGT6",
]


def _rows(n: int = 60) -> list[list[str]]:
    rng = random.Random(7)
    rows = []
    for i in range(n):
        desc = DESCRIPTIONS[i % len(DESCRIPTIONS)] + (
            "" if i < len(DESCRIPTIONS) else f" rev {rng.randint(1, 999)}"
        )
        rows.append(
            [
                str(i + 1),
                rng.choice(["Texas Instruments", "Murata", "Hikvision", "Yageo"]),
                f"PN-{rng.randint(1000, 9999)}",
                desc,
                rng.choice(["", "DNP", "see note 3"]),
            ]
        )
    return rows


def _openpyxl(path: Path, rows: list[list[str]]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [HEADER, *rows]:
        ws.append(row)
    wb.save(path)


def _xlsxwriter(path: Path, rows: list[list[str]]) -> None:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("BOM")
    for r, row in enumerate([HEADER, *rows]):
        for c, value in enumerate(row):
            ws.write_string(r, c, value)
    wb.close()


def _inline(path: Path, rows: list[list[str]]) -> None:
    """Inline strings, as openpyxl's write-only mode and many exporters write them; µ as a character reference."""
    escaped = [[escape(v).replace("µ", "&#181;") for v in row] for row in [HEADER, *rows]]
    cells = hostile._inline_rows(escaped).replace("<t>", '<t xml:space="preserve">')
    sheet = f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>'
    path.write_bytes(hostile._rezip(hostile._good_xlsx_bytes(), {"xl/worksheets/sheet1.xml": sheet.encode()}))


WRITERS = {"openpyxl": _openpyxl, "XlsxWriter": _xlsxwriter, "inline strings": _inline}


def _members(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return [*_sheet_parts(zf).values(), SHARED_STRINGS]


@pytest.mark.parametrize("writer", WRITERS)
def test_texts_read_as_the_cells_do(tmp_path: Path, writer: str) -> None:
    path = tmp_path / f"{writer}.xlsx"
    WRITERS[writer](path, _rows())
    texts = {t for batch in cell_texts(path, _members(path), None) for t in batch}
    cells = {v for sheet in read_bom(path).sheets for row in sheet.rows for v in row}
    assert cells - texts <= {""} | {v for v in cells if v.isdigit()}  # every text arrives as its cell reads
    assert texts <= cells  # and nothing that no cell holds


@pytest.fixture
def slow_parse(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Hold calamine's parse until every batch of texts was handed over; count what was handed over."""
    done = threading.Event()
    seen = {"batches": 0}
    real_texts, real_open = workbooks.cell_texts, workbooks._open_calamine

    def texts(*args: object) -> Iterator[list[str]]:
        try:
            for batch in real_texts(*args):  # type: ignore[arg-type]
                seen["batches"] += 1
                yield batch
        finally:
            done.set()

    class Held:
        def __init__(self, wb: object) -> None:
            self.wb = wb

        def __enter__(self) -> Held:
            self.wb.__enter__()  # type: ignore[attr-defined]
            return self

        def __exit__(self, *exc: object) -> None:
            self.wb.__exit__(*exc)  # type: ignore[attr-defined]

        def __getattr__(self, name: str) -> object:
            return getattr(self.wb, name)

        def get_sheet_by_name(self, name: str) -> object:
            assert done.wait(30)
            return self.wb.get_sheet_by_name(name)  # type: ignore[attr-defined]

    monkeypatch.setattr(workbooks, "cell_texts", texts)
    monkeypatch.setattr(workbooks, "_open_calamine", lambda path: Held(real_open(path)))
    monkeypatch.setattr(workbooks, "worth_prefetching", lambda: True)
    monkeypatch.setattr(workbooks, "_PREFETCH_MIN_BYTES", 0)
    return seen


def _hits(result) -> list[tuple]:
    return [
        (h.sheet, h.row, h.column, h.value, h.match.entity_id, h.match.method, h.match.review, h.match.reason)
        for h in result.hits
    ]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return build_matcher(load_lists(), ScreenOptions().threshold)


@pytest.mark.parametrize("writer", WRITERS)
def test_hits_are_the_same_with_the_texts_scanned_ahead(
    tmp_path: Path, writer: str, matcher: Matcher, slow_parse: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / f"{writer}.xlsx"
    WRITERS[writer](path, _rows(300))
    scanned: list[str] = []
    real = Matcher.prescan_texts

    def spy(self: Matcher, texts: list[str], ahead: Prescan) -> None:
        scanned.extend(texts)
        real(self, texts, ahead)

    monkeypatch.setattr(Matcher, "prescan_texts", spy)
    ahead = screen_file(path, matcher, ScreenOptions())
    assert slow_parse["batches"] and any("Hikvision" in t for t in scanned)
    monkeypatch.setattr(workbooks, "worth_prefetching", lambda: False)
    plain = screen_file(path, build_matcher(load_lists(), ScreenOptions().threshold), ScreenOptions())
    assert ahead.status == plain.status == "ok"
    assert _hits(ahead) == _hits(plain)
    assert {h.value for h in ahead.hits} >= {DESCRIPTIONS[0], DESCRIPTIONS[1]}


def test_match_field_takes_a_partial_prescan(matcher: Matcher) -> None:
    rng = random.Random(3)
    values = [f"{rng.choice(DESCRIPTIONS)} lot {i}" for i in range(400)] + DESCRIPTIONS
    ahead = Prescan()
    matcher.prescan_texts(values[::3], ahead)
    assert len(ahead.texts) == len(set(values[::3]))
    with_scan = matcher.match_field(values, "description", prescanned=ahead)
    fresh = build_matcher(load_lists(), ScreenOptions().threshold)
    assert with_scan == fresh.match_field(values, "description")
    assert with_scan[0]  # the listed makers were found


def test_part_numbers_cleared_ahead_are_the_ones_that_match_nothing(matcher: Matcher) -> None:
    rng = random.Random(5)
    listed = ["DS-2CD2143G2-I", "DH-IPC-HFW2431S", "Hi3516CV300", "IPC-HDW2431T-AS"]
    values = [
        f"{rng.choice(['GRM', 'LM', 'STM32F', 'CRCW'])}{rng.randint(100, 99999)}" for _ in range(300)
    ] + listed
    ahead = Prescan()
    matcher.prescan_texts(values, ahead)
    assert ahead.cleared and not ahead.cleared & set(listed)
    with_scan = matcher.match_field(values, "part_number", prescanned=ahead)
    assert with_scan == build_matcher(load_lists(), ScreenOptions().threshold).match_field(
        values, "part_number"
    )
    assert set(with_scan[0]) >= {"DS-2CD2143G2-I", "Hi3516CV300"}


def test_the_scan_ahead_stops_at_its_limit(matcher: Matcher) -> None:
    ahead = Prescan(limit=50)
    matcher.prescan_texts([f"Cap {i} nF" for i in range(40)] + [f"PN{i}" for i in range(40)], ahead)
    assert len(ahead.texts) == 40 and len(ahead.looked_up) == 10
    matcher.prescan_texts(["Res 1 k"], ahead)
    assert "Res 1 k" not in ahead.texts


def test_cancel_while_texts_are_handed_over(tmp_path: Path, slow_parse: dict[str, int]) -> None:
    path = tmp_path / "bom.xlsx"
    _inline(path, _rows(200))
    cancel = CancelToken()

    def sink(texts: list[str]) -> None:
        cancel.cancel()

    with pytest.raises(Cancelled):
        read_bom(path, cancel=cancel, on_texts=sink)
    assert not [t for t in threading.enumerate() if t.name.startswith("calamine")]  # the parse was waited for


def test_a_damaged_part_ends_the_texts_quietly(tmp_path: Path) -> None:
    path = tmp_path / "bom.xlsx"
    _inline(path, _rows(2000))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 200, start + info.compress_size - 10, 97):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    list(cell_texts(path, ["xl/worksheets/sheet1.xml", SHARED_STRINGS], None))  # no exception
    result = screen_file(path, build_matcher(load_lists(), ScreenOptions().threshold), ScreenOptions())
    assert result.status == "error" and "damaged" in result.error


def test_a_small_sheet_is_parsed_without_a_helper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bom.xlsx"
    _inline(path, _rows(200))
    monkeypatch.setattr(workbooks, "worth_prefetching", lambda: True)
    asked: list[object] = []
    monkeypatch.setattr(workbooks, "cell_texts", lambda *a: asked.append(a) or iter([]))
    assert read_bom(path, on_texts=lambda texts: None).sheets[0].rows
    assert asked == []  # a part of a few kilobytes: parsed alone
    monkeypatch.setattr(workbooks, "_PREFETCH_MIN_BYTES", 0)
    assert read_bom(path, on_texts=lambda texts: None).sheets[0].rows
    assert len(asked) == 1


def test_one_core_reads_without_a_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0}, raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert not worth_prefetching()
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert worth_prefetching()


def test_the_workbook_is_opened_beside_the_guards_only_by_the_xlsx_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """calamine's xlsx reader reads no sheet when it opens a workbook, so it may open one while the guards
    scan the sheets; its .ods reader parses every sheet on opening, and other names are tried with each."""
    monkeypatch.setattr(workbooks, "worth_prefetching", lambda: True)
    opened_in: list[str] = []
    real_open = workbooks._open_calamine

    def spy(path: Path) -> object:
        opened_in.append(threading.current_thread().name)
        return real_open(path)

    monkeypatch.setattr(workbooks, "_open_calamine", spy)
    source = tmp_path / "source.xlsx"
    _inline(source, _rows(20))
    for name, beside in [("bom.xlsx", True), ("bom.xlsm", True), ("BOM.XLSX", False), ("bom.ods", False),
                         ("bom", False), ("bom.xlsx.bak", False)]:  # fmt: skip
        path = tmp_path / name
        path.write_bytes(source.read_bytes())
        opened_in.clear()
        try:
            read_bom(path)
        except BomReadError:
            assert not beside  # a suffix calamine reads otherwise may fail; it must not be opened early
        assert opened_in and opened_in[0].startswith("calamine") == beside, name


def test_a_refused_workbook_waits_for_the_early_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbooks, "worth_prefetching", lambda: True)
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"{hostile._inline_rows([hostile.HEADER, *hostile.ROWS])}{far}</sheetData></worksheet>"
    )
    path = tmp_path / "far.xlsx"
    path.write_bytes(hostile._rezip(hostile._good_xlsx_bytes(), {"xl/worksheets/sheet1.xml": sheet.encode()}))
    with pytest.raises(BomReadError, match="too many rows and columns|spreads"):
        read_bom(path)
    assert not [t for t in threading.enumerate() if t.name.startswith("calamine")]
