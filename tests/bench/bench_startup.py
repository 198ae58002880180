"""Start-up with a large kept list: a CLI run on a 10-row BOM and the window showing it, with the built-in list
only and with the full Consolidated Screening List kept, cold and warm.

Each run is a fresh process (what a person waits for), timed from launch to exit:

* CLI: ``bom-auditor-cli screen --json bom.csv``;
* window: ``bom-auditor --smoke-test bom.csv`` (the real window, offscreen, opens the BOM, screens it, shows the
  findings and quits).

"warm": the app's caches are in place (the second and later start); "cold": the app's caches (the kept lists'
parsed copies and the compiled matcher index) are removed before each run, as after an upgrade or the first
start after an import. The operating system's file cache is not dropped (that needs root).

Prints the median wall time and CPU time of each case and the ratio CSL / built-in; the cases take turns run
by run, and CPU time is less disturbed by other work on a shared machine. Asserts nothing.
The requirement it watches: with the CSL kept, warm start within 1.5x of the built-in list only.

python tests/bench/bench_startup.py [--csl ../shared/real-lists/derived/consolidated.csv] [--runs 5]
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The source tree whose code is timed (--code: e.g. a checkout of the baseline commit).
CODE = [ROOT]
PYCACHE = [Path(tempfile.gettempdir()) / "bom-auditor-startup-pycache"]
DEFAULT_CSL = ROOT.parent / "shared" / "real-lists" / "derived" / "consolidated.csv"

BOM_ROWS = [
    ("Manufacturer", "Part Number", "Description"),
    ("Murata", "GRM155R71C104KA88D", "Capacitor 100nF 16V X7R 0402"),
    ("Texas Instruments", "LM358DR", "Dual op amp"),
    ("Hikvision", "DS-2CD2143G0-I", "IP camera module"),
    ("Yageo", "RC0402FR-0710KL", "Resistor 10k 1%"),
    ("Molex", "5031821852", "microSD connector"),
    ("STMicroelectronics", "STM32F103C8T6", "Microcontroller"),
    ("Samsung", "CL10A106KP8NNNC", "Capacitor 10uF"),
    ("Vishay", "SI2302CDS-T1-GE3", "N-channel MOSFET"),
    ("Nexperia", "BC847B,215", "NPN transistor"),
    ("TDK", "MPZ1608S221ATA00", "Ferrite bead"),
]

COMMANDS = {
    "cli": [sys.executable, "-m", "guiapp.cli", "screen", "--json"],
    "window": [sys.executable, "-m", "guiapp.gui.app", "--smoke-test"],
}


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["BOM_AUDITOR_HOME"] = str(home)
    env["PYTHONPATH"] = str(CODE[0]) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # As installed: modules compiled once and kept (in a folder of the bench's, never in the source tree).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE[0])
    return env


def clear_caches(home: Path) -> None:
    """Remove what the app rebuilds on its own: parsed lists and compiled indexes."""
    for sub in (home / "data" / "lists" / "cache", home / "cache"):
        shutil.rmtree(sub, ignore_errors=True)


def _child_cpu() -> float:
    """CPU seconds (user + system) of the children waited for so far (0 where the platform cannot say)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(kind: str, home: Path, bom: Path) -> tuple[float, float]:
    """(wall seconds from launch to exit, CPU seconds of the process); exit 0 or 1 means it screened."""
    cpu0 = _child_cpu()
    t0 = time.perf_counter()
    done = subprocess.run(
        [*COMMANDS[kind], str(bom)],
        env=_env(home),
        capture_output=True,
        text=True,
        check=False,
        cwd=home.parent,
    )
    elapsed = time.perf_counter() - t0
    if done.returncode not in (0, 1):
        raise SystemExit(
            f"{kind} run failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        )
    return elapsed, _child_cpu() - cpu0


def measure(kind: str, homes: dict[str, Path], bom: Path, runs: int, cold: bool) -> dict[str, list[tuple]]:
    """`runs` timings per home, the homes taking turns run by run so a change in the machine's load (shared
    machines) falls on every case alike; one unmeasured run of each first warms the OS file cache."""
    times: dict[str, list[tuple]] = {name: [] for name in homes}
    for home in homes.values():
        timed_run(kind, home, bom)
    for _ in range(runs):
        for name, home in homes.items():
            if cold:
                clear_caches(home)
            times[name].append(timed_run(kind, home, bom))
    return times


def _median(pairs: list[tuple], i: int) -> float:
    return statistics.median(p[i] for p in pairs)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--csl", type=Path, default=DEFAULT_CSL, help="a consolidated.csv to keep")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--kinds", default="cli,window", help="cli, window or both (comma-separated)")
    parser.add_argument("--code", type=Path, default=ROOT, help="the source tree to time (default: this one)")
    args = parser.parse_args()
    CODE[0] = args.code.resolve()
    if not args.csl.is_file():
        print(f"no list file at {args.csl}; pass --csl", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="bom-auditor-startup-"))
    PYCACHE[0] = work / "pycache"
    try:
        bom = work / "bom10.csv"
        with bom.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(BOM_ROWS)
        builtin_home, csl_home = work / "builtin", work / "csl"
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "guiapp.cli", "lists", "import", str(args.csl)],
            env=_env(csl_home), capture_output=True, check=True, cwd=work,
        )  # fmt: skip
        print(f"code: {CODE[0]}")
        print(f"imported {args.csl.name} in {time.perf_counter() - t0:.2f} s")
        for kind in args.kinds.split(","):
            for state in ("warm", "cold"):
                t = measure(kind, {"builtin": builtin_home, "csl": csl_home}, bom, args.runs, state == "cold")
                for i, what in ((0, "wall"), (1, "CPU ")):
                    base, big = _median(t["builtin"], i), _median(t["csl"], i)
                    print(
                        f"{kind:6} {state} {what}: built-in only {base:6.2f} s   with CSL kept {big:6.2f} s   "
                        f"ratio {big / base if base else float('nan'):4.2f}x   (median of {args.runs})",
                        flush=True,
                    )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
