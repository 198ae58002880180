"""Benchmark export_annotated on a large BOM, beside the raw python-calamine read of the same file.

Generates a ROWS x 12 .xlsx with openpyxl's write-only mode, builds a FileResult with about 1% hits by hand
(no reader or matcher involved), and prints the median export time and peak memory for the .xlsx path (load
and save with openpyxl) and the rebuilt path (what .csv/.xls/.ods inputs take).

Usage:
    python scripts/bench_export.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import statistics
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from guiapp.export import export_annotated
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


def make_rows(n: int) -> list[list[str]]:
    rows = [HEADERS]
    for i in range(1, n + 1):
        maker = MAKERS[i % len(MAKERS)] if i % 25 == 0 else MAKERS[(i % 3) * 2 % len(MAKERS)]
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


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("BOM")
    for r in rows:
        ws.append(r)
    wb.save(path)


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


def measure(label: str, result: FileResult, out: Path, decisions: dict, repeat: int) -> None:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        export_annotated(result, out, run_info(), decisions)
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    export_annotated(result, out, run_info(), decisions)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label:28s} median {statistics.median(times):6.2f} s   "
        f"peak Python allocations {peak / 2**20:7.1f} MiB   output {out.stat().st_size / 2**20:5.1f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        src = folder / "big.xlsx"
        rows = make_rows(args.rows)
        write_xlsx(src, rows)
        print(f"{args.rows} rows x {len(HEADERS)} columns, {src.stat().st_size / 2**20:.1f} MiB")

        reads = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            CalamineWorkbook.from_path(str(src)).get_sheet_by_index(0).to_python()
            reads.append(time.perf_counter() - t0)
        print(f"{'raw calamine read':28s} median {statistics.median(reads):6.2f} s")

        result = make_result(src, rows, "xlsx")
        decisions = {h.key: Decision("false_positive", "bench", "bench") for h in result.hits[::3]}
        print(f"{len(result.hits)} hits ({100 * len(result.hits) / args.rows:.1f}% of rows)")
        measure("export .xlsx (openpyxl)", result, folder / "big.audited.xlsx", decisions, args.repeat)

        csv_path = folder / "big.csv"
        rebuilt = make_result(csv_path, rows, "csv")
        rebuilt = replace(rebuilt, bom=replace(rebuilt.bom, path=csv_path))
        measure(
            "export rebuilt (csv/xls/ods)", rebuilt, folder / "big-csv.audited.xlsx", decisions, args.repeat
        )
        print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
