"""Screen every hostile input (and a valid 1,000,000-row workbook) in its own process; print a markdown table.

Each input is built by the builders in tests/core/test_hostile_inputs.py, then screened by a fresh Python
process that reports its outcome, the seconds screen_file took and the process's peak resident memory
(resource.getrusage max RSS, which includes the interpreter and the built-in watchlist's matcher).

    python tests/tools/hostile_table.py              # all cases and the 1M-row workbook
    python tests/tools/hostile_table.py --no-million # skip the large workbook (about two minutes to write)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT_S = 30.0
LIMIT_MB = 1536.0

_CHILD = r"""
import json, resource, sys, time
from guiapp.model import ScreenOptions
from guiapp.screening.screen import build_matcher, screen_file
from guiapp.app.screener import load_lists as load_watchlists
matcher = build_matcher(load_watchlists(), 88.0)
t0 = time.perf_counter()
result = screen_file(sys.argv[1], matcher, ScreenOptions())
seconds = time.perf_counter() - t0
rows = sum(len(s.rows) for s in result.bom.sheets) if result.bom else 0
print(json.dumps({
    "status": result.status, "error": result.error, "hits": len(result.hits), "rows": rows,
    "warnings": len(result.warnings), "seconds": seconds,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def write_million_rows(path: Path, rows: int = 1_000_000) -> Path:
    """A valid BOM workbook of `rows` data rows and eight columns, written with openpyxl's write-only mode."""
    import openpyxl

    makers = [
        "Texas Instruments",
        "Murata",
        "YAGEO",
        "Samsung Electro-Mechanics",
        "Vishay",
        "Hikvision",
        "Bourns",
    ]
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("BOM")
    ws.append(["Item", "Designator", "Qty", "Manufacturer", "Mfr PN", "Description", "Supplier", "Value"])
    for i in range(1, rows + 1):
        ws.append(
            [i, f"R{i}", i % 7 + 1, makers[i % len(makers)], f"PN-{i * 7919 % 1_000_003:07d}",
             f"Resistor {i % 97} k 0402 1%", "Digi-Key" if i % 2 else "Mouser", f"{i % 1000}k"]
        )  # fmt: skip
    wb.save(path)
    return path


def run_case(path: Path) -> dict:
    """Screen one file in a fresh process; returns the child's report (or a crash/timeout outcome)."""
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=300, cwd=ROOT
        )
    except subprocess.TimeoutExpired:
        return {
            "status": "TIMEOUT",
            "error": "",
            "seconds": time.perf_counter() - t0,
            "peak_mb": float("nan"),
        }
    if proc.returncode != 0 or not proc.stdout.strip():
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"status": f"CRASH ({proc.returncode})", "error": tail, "seconds": time.perf_counter() - t0,
                "peak_mb": float("nan")}  # fmt: skip
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _outcome(report: dict) -> str:
    if report["status"] == "ok":
        extra = f", {report['warnings']} warning(s)" if report.get("warnings") else ""
        return f"read: {report['rows']:,} rows, {report['hits']} hit(s){extra}"
    if report["status"] == "error":
        reason = report["error"].split(": ", 1)[-1]
        return f"error: {reason[:90]}{'…' if len(reason) > 90 else ''}"
    return f"**{report['status']}** {report.get('error', '')}"


def main(argv: list[str] | None = None) -> int:
    """Build, screen and tabulate; exit 1 when any case breaks the time or memory target or crashes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-million", action="store_true", help="skip the 1,000,000-row workbook")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "tests" / "core"))
    import test_hostile_formats
    import test_hostile_inputs as hostile
    import test_xlsb

    failed = False
    print("| input | outcome | seconds | peak MB |")
    print("|---|---|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        # test_xlsb's hostile files are kept out of hostile.CASES, which the tests also read in-process.
        cases = [
            (name, build)
            for name, (build, _) in {**hostile.CASES, **test_xlsb.CASES, **test_hostile_formats.CASES}.items()
        ]
        if not args.no_million:
            cases.append(("valid workbook, 1,000,000 rows x 8 columns", None))
        for i, (name, build) in enumerate(cases):
            folder = Path(tmp) / f"case{i}"
            folder.mkdir()
            if build is None:
                t0 = time.perf_counter()
                path = write_million_rows(folder / "million.xlsx")
                size = path.stat().st_size / 1024**2
                name += f" ({size:.0f} MB, written in {time.perf_counter() - t0:.0f} s)"
            else:
                path = build(folder)
            report = run_case(path)
            bad = report["status"] not in ("ok", "error") or not (
                report["seconds"] < LIMIT_S and report["peak_mb"] < LIMIT_MB
            )
            failed |= bad
            mark = " ⚠" if bad else ""
            print(
                f"| {name} | {_outcome(report)}{mark} | {report['seconds']:.2f} | {report['peak_mb']:.0f} |"
            )
            sys.stdout.flush()
            path.unlink()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
