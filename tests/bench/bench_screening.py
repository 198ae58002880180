"""Benchmark: reading, mapping, screening and export of a large BOM, against baselines in the same run.

Prints medians and ratios; it asserts nothing (the machines are shared and noisy, so speed targets live
here, not in timed tests). Each measurement runs in its own subprocess so peak memory (max RSS) is per stage.

Stages, on one generated .xlsx of N rows x 12 columns (default 100,000; --rows 1000000 on request):
  calamine    raw python-calamine read of every sheet (the baseline)
  openpyxl    openpyxl read-only iteration of every cell (the old way)
  ours        our read + map + screen (read_bom + screen_bom with the built-in list)
  export      our annotated export of the screened file
  openpyxl-rt openpyxl load + save of the same file (what a naive exporter costs)
and the matching target: 5,000 distinct names against a 30,000-name list (index build and match), and
the .xlsb guard: its scan of a 100,000-row .xlsb against the whole read (stage xlsb).

Usage: python tests/bench/bench_screening.py [--rows N] [--repeat K] [--skip STAGE,...] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MAKERS_CLEAN = [
    "Texas Instruments",
    "Murata Electronics",
    "YAGEO",
    "STMicroelectronics",
    "Analog Devices",
    "Samsung Electro-Mechanics",
    "Wurth Elektronik",
    "Nexperia",
    "Vishay Dale",
    "Microchip",
    "Nordic Semiconductor",
    "Espressif",
    "Quectel",
    "Diodes Zetex",
    "Sensirion",
    "Holtek",
    "GigaDevice",
]
MAKERS_LISTED = [
    "Hikvision",
    "Zhejiang Dahua Technology Co., Ltd.",
    "HiSilicon",
    "Huawei Technologies",
    "ZTE",
]


def make_bom(path: Path, rows: int, seed: int = 7) -> None:
    """Write a BOM of `rows` data rows x 12 columns with a few thousand distinct makers (~1% listed)."""
    from openpyxl import Workbook

    rnd = random.Random(seed)
    # A few thousand distinct manufacturer strings, as in a real large BOM.
    makers = list(MAKERS_CLEAN)
    while len(makers) < 3000:
        base = rnd.choice(MAKERS_CLEAN)
        suffix = "".join(rnd.choices(string.ascii_uppercase, k=3))
        makers.append(
            f"{base} {suffix} Co., Ltd." if rnd.random() < 0.5 else f"{suffix}{base.split()[0]} Inc"
        )
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("BOM")
    ws.append(["Bill of Materials", "generated for the benchmark"])
    ws.append([])
    ws.append(
        [
            "Item",
            "Designator",
            "Qty",
            "Value",
            "Footprint",
            "Description",
            "Manufacturer",
            "Manufacturer Part Number",
            "Supplier",
            "Supplier PN",
            "Unit Price",
            "Notes",
        ]
    )
    for i in range(rows):
        listed = rnd.random() < 0.01
        maker = rnd.choice(MAKERS_LISTED) if listed else rnd.choice(makers)
        mpn = f"{''.join(rnd.choices(string.ascii_uppercase, k=3))}{rnd.randint(100, 99999)}-{rnd.randint(1, 9)}"
        ws.append(
            [
                i + 1,
                f"R{i + 1}",
                rnd.randint(1, 20),
                f"{rnd.randint(1, 999)}k",
                "0402",
                f"Resistor {rnd.randint(1, 999)}k 1% 0402",
                maker,
                mpn,
                "Digi-Key",
                f"{rnd.randint(100000, 999999)}-ND",
                round(rnd.random(), 4),
                "",
            ]
        )
    wb.save(path)


def _child(stage: str, path: str) -> dict:
    """Run one stage in this process and return its time and peak memory."""
    import resource

    t0 = time.perf_counter()
    extra: dict = {}
    if stage == "calamine":
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_path(path)
        n = 0
        for name in wb.sheet_names:
            n += len(wb.get_sheet_by_name(name).to_python())
        extra["rows"] = n
    elif stage == "openpyxl":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        n = 0
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                n += 1
        extra["rows"] = n
    elif stage in ("ours", "export"):
        from guiapp.app.screener import load_lists as load_watchlists
        from guiapp.model import ScreenOptions
        from guiapp.screening.screen import build_matcher, make_run_info, screen_file

        lists = load_watchlists()
        options = ScreenOptions()
        matcher = build_matcher(lists, options.threshold)
        t_index = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = screen_file(path, matcher, options)
        extra.update(
            index_s=t_index,
            status=result.status,
            hits=len(result.hits),
            rows=sum(s.rows_screened for s in result.sheets),
        )
        if stage == "export":
            from guiapp.evidence.export import export_annotated

            out = Path(tempfile.mkdtemp()) / "bench.audited.xlsx"
            t0 = time.perf_counter()
            export_annotated(result, out, make_run_info(lists, options))
            extra["out_bytes"] = out.stat().st_size
            out.unlink()
    elif stage == "openpyxl-rt":
        from openpyxl import load_workbook

        wb = load_workbook(path)
        out = Path(tempfile.mkdtemp()) / "roundtrip.xlsx"
        wb.save(out)
        out.unlink()
    elif stage == "match":
        extra.update(_match_bench())
    elif stage == "xlsb":
        extra.update(_xlsb_bench())
    else:
        raise SystemExit(f"unknown stage {stage}")
    elapsed = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"stage": stage, "seconds": elapsed, "peak_mb": peak_kb / 1024, **extra}


def _company_names(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    syll = [
        "ka",
        "ro",
        "tel",
        "vi",
        "on",
        "ix",
        "mar",
        "su",
        "den",
        "qua",
        "zen",
        "lo",
        "tri",
        "bel",
        "cor",
        "ha",
        "no",
        "ve",
        "xa",
        "pi",
        "gra",
        "dy",
        "mo",
        "lu",
        "fer",
        "tan",
        "wi",
        "so",
        "re",
        "ul",
    ]
    tails = [
        "Technology Co., Ltd.",
        "Electronics Inc.",
        "Semiconductor Corp.",
        "GmbH",
        "Limited",
        "Industrial Co.",
        "Systems",
        "Microelectronics",
        "Group",
        "",
    ]
    out = set()
    while len(out) < n:
        word = "".join(rnd.choices(syll, k=rnd.randint(2, 4))).capitalize()
        extra = "".join(rnd.choices(syll, k=rnd.randint(2, 3))).capitalize() if rnd.random() < 0.4 else ""
        out.add(" ".join(x for x in (word, extra, rnd.choice(tails)) if x))
    return sorted(out)


def _match_bench() -> dict:
    """5,000 distinct BOM names against a 30,000-name list built like a screening list."""
    import csv

    from guiapp.lists.watchlist import load_user_list
    from guiapp.matching.matcher import Matcher

    listed = _company_names(30000, seed=1)
    tmp = Path(tempfile.mkdtemp()) / "big-list.csv"
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "list"])
        for name in listed:
            w.writerow([name, "BENCH"])
    big = load_user_list(tmp)
    rnd = random.Random(2)
    queries = _company_names(4800, seed=3) + [
        n.replace("o", "0", 1) if rnd.random() < 0.5 else n.upper() for n in rnd.sample(listed, 200)
    ]
    t0 = time.perf_counter()
    matcher = Matcher([big], threshold=88)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = matcher.match_values([(q, "manufacturer") for q in queries])
    t_match = time.perf_counter() - t0
    return {
        "list_names": len(listed),
        "queries": len(queries),
        "build_s": t_build,
        "match_s": t_match,
        "queries_with_hits": sum(1 for v in found.values() if v),
    }


def _xlsb_bench() -> dict:
    """The .xlsb guard's scan against the whole read of 100,000 rows x 8 columns (900,000 records)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
    from test_xlsb import sheet_bin, xlsb_bytes  # the hand-made BIFF12 writer of the tests

    from guiapp.ingest.guards import _scan_xlsb_sheets
    from guiapp.ingest.reading import read_bom

    strings: dict[str, int] = {}
    rows: list[list[object]] = [
        ["Item", "Designator", "Qty", "Manufacturer", "Mfr PN", "Description", "Supplier", "Value"]
    ]
    rows += [
        [i, f"R{i}", i % 7 + 1, "Murata", f"PN-{i * 7919 % 1_000_003:07d}", f"Res {i % 97} k", "Mouser", 3.3]
        for i in range(1, 100_001)
    ]
    path = Path(tempfile.mkdtemp()) / "bench.xlsb"
    path.write_bytes(xlsb_bytes({"BOM": sheet_bin(rows, strings)}, strings))
    t0 = time.perf_counter()
    _scan_xlsb_sheets(path, None)
    scan_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    bom = read_bom(path)
    read_s = time.perf_counter() - t0
    path.unlink()
    return {"xlsb_rows": len(bom.sheets[0].rows), "scan_s": scan_s, "read_s": read_s}


def _run(stage: str, path: Path) -> dict:
    env = dict(os.environ)
    proc = subprocess.run(
        [sys.executable, __file__, "--child", stage, str(path)], capture_output=True, text=True, env=env
    )
    if proc.returncode != 0:
        return {"stage": stage, "error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip", default="", help="comma-separated stages to skip, e.g. openpyxl,openpyxl-rt")
    ap.add_argument("--keep", type=Path, help="folder to keep (and reuse) the generated BOM in")
    ap.add_argument("--child", nargs=2, metavar=("STAGE", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_child(*args.child)))
        return 0

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bom-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench-{args.rows}.xlsx"
    if not path.exists():
        t0 = time.perf_counter()
        make_bom(path, args.rows)
        print(f"generated {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")
    skip = {s for s in args.skip.split(",") if s}
    all_stages = ("calamine", "ours", "export", "openpyxl", "openpyxl-rt", "match", "xlsb")
    stages = [s for s in all_stages if s not in skip]
    results: dict[str, list[dict]] = {}
    for rep in range(args.repeat):
        for stage in stages:
            if stage in ("openpyxl", "openpyxl-rt") and rep > 0:
                continue  # slow baselines: one run is enough to show the gap
            results.setdefault(stage, []).append(_run(stage, path))
    print(f"\n{args.rows:,} rows x 12 columns, {args.repeat} runs, median seconds (peak RSS MB)")
    med = {}
    for stage, runs in results.items():
        ok = [r for r in runs if "error" not in r]
        if not ok:
            print(f"  {stage:12s} FAILED: {runs[0].get('error')}")
            continue
        med[stage] = statistics.median(r["seconds"] for r in ok)
        peak = statistics.median(r["peak_mb"] for r in ok)
        detail = {k: v for k, v in ok[-1].items() if k not in ("stage", "seconds", "peak_mb")}
        print(f"  {stage:12s} {med[stage]:8.2f} s  ({peak:7.0f} MB)  {json.dumps(detail)}")
    base = med.get("calamine")
    if base:
        print("\nratios to the raw calamine read:")
        for stage, label, target in (
            ("ours", "read+map+screen", 2.0),
            ("export", "export", 5.0),
            ("openpyxl", "openpyxl read-only", None),
            ("openpyxl-rt", "openpyxl load+save", None),
        ):
            if stage in med:
                goal = f" (target <= {target:.0f}x)" if target else ""
                print(f"  {label:20s} {med[stage] / base:6.2f}x{goal}")
    if "match" in results:
        ok = [r for r in results["match"] if "error" not in r]
        if ok:
            print(
                f"\nmatching {ok[0]['queries']:,} distinct names against {ok[0]['list_names']:,} names: "
                f"index build median {statistics.median(r['build_s'] for r in ok):.2f} s, "
                f"match median {statistics.median(r['match_s'] for r in ok):.2f} s (target < 1 s)"
            )
    if "xlsb" in results:
        ok = [r for r in results["xlsb"] if "error" not in r]
        if ok:
            scan = statistics.median(r["scan_s"] for r in ok)
            read = statistics.median(r["read_s"] for r in ok)
            print(
                f"\n.xlsb guard on {ok[0]['xlsb_rows']:,} rows x 8 columns: scan median {scan:.2f} s, "
                f"whole read median {read:.2f} s ({scan / read:.0%} of it; target: scan < 2 s)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
