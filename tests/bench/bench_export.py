"""Benchmark export_annotated on a large BOM, beside the raw python-calamine read of the same file.

Generates a ROWS x 12 .xlsx with openpyxl's write-only mode, builds a FileResult with about 1% hits by hand
(no reader or matcher involved), and prints, in one run, the median time and the peak Python allocations
(tracemalloc, measured in a separate run so it does not slow the timed ones) of:

* the raw python-calamine read of the file (the yardstick: the target is 5x this for the XML patch);
* export with the XML-patch backend (what .xlsx/.xlsm inputs take);
* export with the openpyxl backend (the fallback);
* a bare openpyxl load and save of the same file (what the fallback costs at least);
* the rebuilt path (what .csv/.xls/.xlsb/.ods inputs take; the target is 5x the raw read, the aim 3x), for a
  .csv written here and, when LibreOffice (``soffice``) is installed, an .ods and an .xls it converts that .csv
  to (numbers then are typed cells; .xls holds at most 65,536 rows, so it is left out above that). Each is
  read with the app's reader, as the app would, and its own raw calamine read is printed beside it.

Usage:
    python tests/bench/bench_export.py [--rows 100000] [--repeat 3] [--distinct] [--producer xlsxwriter]
        [--styled-tail 8] [--skip-openpyxl] [--skip-rebuilt] [--rebuilt-inputs csv,ods,xls]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from guiapp.evidence.export import export_annotated
from guiapp.ingest.reading import read_bom
from guiapp.model import (
    Bom,
    ColumnMap,
    Decision,
    FileResult,
    Hit,
    Match,
    RunInfo,
    SheetData,
    SheetReport,
    WatchlistInfo,
)

HEADERS = [
    "Item",
    "Manufacturer",
    "Part number",
    "Description",
    "Qty",
    "Supplier",
    "Ref des",
    "Package",
    "Value",
    "Tolerance",
    "Lifecycle",
    "Notes",
]
MAKERS = ["Texas Instruments", "Murata", "Yageo", "Hikvision", "Vishay", "Dahua", "Bourns", "ZTE"]


WORDS = [
    "resistor",
    "capacitor",
    "ferrite",
    "bead",
    "thin",
    "film",
    "ceramic",
    "tantalum",
    "schottky",
    "diode",
    "regulator",
    "crystal",
]


def _distinct_text(i: int, salt: int) -> str:
    """A description no other row has, of a realistic length (about 60 characters)."""
    h = (i * 2654435761 + salt) & 0xFFFFFFFF
    words = " ".join(WORDS[(h >> (3 * k)) % len(WORDS)] for k in range(5))
    return f"{words} {h:08x}-{i} AEC-Q200"


def make_rows(n: int, distinct: bool = False) -> list[list[str]]:
    rows = [HEADERS]
    for i in range(1, n + 1):
        maker = MAKERS[i % len(MAKERS)] if i % 25 == 0 else MAKERS[(i % 3) * 2 % len(MAKERS)]
        if distinct:
            # Every cell text but the maker differs from row to row, as in a real BOM's descriptions.
            rows.append(
                [
                    str(i),
                    maker,
                    f"PN-{i:06d}-{(i * 7919) % 1000:03d}",
                    _distinct_text(i, 1),
                    str(i % 10 + 1),
                    f"Distributor {i % 997}",
                    f"R{i}, C{i}",
                    f"{(i % 50) * 0.1:.1f} mm",
                    f"{i % 1000}k",
                    f"{i % 5}%",
                    _distinct_text(i, 2)[:24],
                    "" if i % 7 else f"check lot {i}",
                ]
            )
            continue
        rows.append(
            [
                str(i),
                maker,
                f"PN-{i:06d}",
                f"Part {i} description",
                str(i % 10 + 1),
                "Distributor A",
                f"R{i}",
                "0603",
                "10k",
                "1%",
                "Active",
                "" if i % 7 else "check",
            ]
        )
    return rows


def write_xlsx(path: Path, rows: list[list[str]], producer: str = "openpyxl", styled_tail: int = 0) -> None:
    """Write the BOM with openpyxl (inline strings) or XlsxWriter (a shared-strings table, as Excel writes).

    ``styled_tail`` formatted empty cells follow each row, as in BOMs whose rows were formatted whole in Excel:
    the status columns then land on existing cells.
    """
    if producer == "xlsxwriter":
        import xlsxwriter

        wb = xlsxwriter.Workbook(str(path))
        ws = wb.add_worksheet("BOM")
        grey = wb.add_format({"bg_color": "#EEEEEE"})
        width = len(HEADERS)
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
            for c in range(width, width + styled_tail):
                ws.write_blank(r, c, None, grey)
        wb.close()
        return
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import PatternFill

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("BOM")
    grey = PatternFill("solid", start_color="EEEEEE")
    for r in rows:
        tail = []
        for _ in range(styled_tail):
            cell = WriteOnlyCell(ws)
            cell.fill = grey
            tail.append(cell)
        ws.append(r + tail)
    wb.save(path)


def result_of_read(path: Path) -> FileResult:
    """The FileResult of a file read with the app's reader, with the same kind of hits as make_result."""
    bom = read_bom(path)
    sheet = bom.sheets[0]
    hits = []
    for i, r in enumerate(sheet.rows[1:], start=sheet.first_row + 1):
        maker = r[1] if len(r) > 1 else ""
        if maker in ("Hikvision", "Dahua", "ZTE"):
            eid = maker.upper()
            m = Match(eid, maker, eid, maker, maker.lower(), ("BIS-EL",), "exact", 100.0, "exact name")
            hits.append(Hit(sheet.name, i, "B", "manufacturer", maker, m))
    report = SheetReport(sheet.name, False, sheet.mapping, rows_screened=len(sheet.rows) - 1)
    return FileResult(path=path, sha256=bom.sha256, sheets=[report], hits=hits, bom=bom)


def convert(soffice: str, src: Path, fmt: str, folder: Path) -> Path | None:
    """``src`` converted by LibreOffice to ``fmt`` (ods, xls), or None when it fails."""
    target = "xls:MS Excel 97" if fmt == "xls" else fmt
    proc = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{folder}/lo", "--convert-to", target]
        + ["--outdir", str(folder / fmt), str(src)],
        capture_output=True,
        timeout=1800,
    )
    out = folder / fmt / f"{src.stem}.{fmt}"
    if proc.returncode != 0 or not out.exists():
        print(f"LibreOffice could not convert to .{fmt}: {proc.stderr.decode(errors='replace')[-300:]}")
        return None
    return out


def bench_rebuilt(
    folder: Path, rows: list[list[str]], fmts: list[str], base: float, repeat: int, decided: Callable
) -> None:
    """Time the rebuilt export of a .csv and, when LibreOffice is installed, of an .ods and .xls made from it."""
    src = folder / "big.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    for fmt in fmts:
        path: Path | None = src
        if fmt != "csv":
            if soffice is None:
                print(f"rebuilt .{fmt}: skipped (LibreOffice is not installed)")
                continue
            if fmt == "xls" and len(rows) > 65536:
                print(f"rebuilt .{fmt}: skipped (.xls holds at most 65,536 rows)")
                continue
            path = convert(soffice, src, fmt, folder)
            if path is None:
                continue
            own = timed(f"raw calamine read of the .{fmt}", lambda p=path: read_raw(p), repeat)
        result = result_of_read(path)
        decisions = decided(result)
        out = folder / f"big-{fmt}.audited.xlsx"
        median = timed(
            f"export rebuilt from .{fmt}",
            lambda r=result, o=out, d=decisions: export_annotated(r, o, run_info(), d),
            repeat,
            out,
        )
        extra = f", {median / own:.1f}x its own read" if fmt != "csv" else ""
        print(f"{'':34s} = {median / base:.1f}x the raw .xlsx read (target: 5x, aim 3x){extra}")


def read_raw(path: Path) -> None:
    CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def make_result(path: Path, rows: list[list[str]], fmt: str) -> FileResult:
    mapping = ColumnMap(
        header_row=1,
        columns={"manufacturer": [1], "part_number": [2], "description": [3], "supplier": [5]},
        headers=dict(enumerate(HEADERS)),
        confidence=0.95,
        source="detected",
    )
    sha = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""
    bom = Bom(path=path, sha256=sha, format=fmt, sheets=[SheetData(name="BOM", rows=rows, mapping=mapping)])
    hits = []
    for i, r in enumerate(rows[1:], start=2):
        if r[1] in ("Hikvision", "Dahua", "ZTE"):
            eid = r[1].upper()
            m = Match(eid, r[1], eid, r[1], r[1].lower(), ("BIS-EL",), "exact", 100.0, "exact name")
            hits.append(Hit("BOM", i, "B", "manufacturer", r[1], m))
    report = SheetReport("BOM", False, mapping, rows_screened=len(rows) - 1)
    return FileResult(path=path, sha256=sha, sheets=[report], hits=hits, bom=bom)


def run_info() -> RunInfo:
    return RunInfo(
        tool_name="BOM Auditor",
        tool_version="bench",
        started_at="2024-01-01T00:00:00Z",
        watchlists=[WatchlistInfo("Built-in", "1", "2024-01-01", "0" * 64, 800)],
    )


def timed(label: str, fn: Callable[[], object], repeat: int, out: Path | None = None) -> float:
    """Print the median time of ``fn`` over ``repeat`` runs and its peak Python allocations; return the median."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = f"   output {out.stat().st_size / 2**20:5.1f} MiB" if out is not None and out.exists() else ""
    median = statistics.median(times)
    print(f"{label:34s} median {median:6.2f} s   peak Python allocations {peak / 2**20:7.1f} MiB{size}")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-openpyxl", action="store_true", help="leave out the slow openpyxl runs")
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="every cell text differs from row to row (as real descriptions)",
    )
    parser.add_argument(
        "--producer",
        choices=("openpyxl", "xlsxwriter"),
        default="openpyxl",
        help="openpyxl writes inline strings; xlsxwriter a shared-strings table as Excel does",
    )
    parser.add_argument("--styled-tail", type=int, default=0, help="formatted empty cells after each row")
    parser.add_argument("--skip-rebuilt", action="store_true", help="leave out the rebuilt exports")
    parser.add_argument(
        "--rebuilt-inputs",
        default="csv,ods,xls",
        help="inputs of the rebuilt export, comma-separated (ods and xls are made by LibreOffice)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        src = folder / "big.xlsx"
        rows = make_rows(args.rows, args.distinct)
        write_xlsx(src, rows, args.producer, args.styled_tail)
        print(
            f"{args.rows} rows x {len(HEADERS)} columns (+{args.styled_tail} formatted empty), written by "
            f"{args.producer}{', all texts distinct' if args.distinct else ''}: {src.stat().st_size / 2**20:.1f} MiB"
        )
        result = make_result(src, rows, "xlsx")
        decisions = {h.key: Decision("false_positive", "bench", "bench") for h in result.hits[::3]}
        print(f"{len(result.hits)} hits ({100 * len(result.hits) / args.rows:.1f}% of rows)")

        def read() -> None:
            CalamineWorkbook.from_path(str(src)).get_sheet_by_index(0).to_python()

        base = timed("raw calamine read", read, args.repeat)
        out = folder / "big.audited.xlsx"
        patch = timed(
            "export .xlsx (XML patch)",
            lambda: export_annotated(result, out, run_info(), decisions, backend="xml-patch"),
            args.repeat,
            out,
        )
        print(f"{'':34s} = {patch / base:.1f}x the raw read (target: 5x)")
        if not args.skip_openpyxl:
            out2 = folder / "big.openpyxl.xlsx"
            timed(
                "export .xlsx (openpyxl backend)",
                lambda: export_annotated(result, out2, run_info(), decisions, backend="openpyxl"),
                args.repeat,
                out2,
            )
            out3 = folder / "big.loadsave.xlsx"
            timed(
                "openpyxl load + save only", lambda: openpyxl.load_workbook(src).save(out3), args.repeat, out3
            )

        if args.skip_rebuilt:
            return
        bench_rebuilt(
            folder,
            rows,
            [f.strip() for f in args.rebuilt_inputs.split(",") if f.strip()],
            base,
            args.repeat,
            lambda r: {h.key: Decision("false_positive", "bench", "bench") for h in r.hits[::3]},
        )
        print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
