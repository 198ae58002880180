"""Time a full-size Consolidated Screening List: import (cold parse), load from the store's cache (warm), matcher
index build, and screening 5,000 distinct names against it.

The CSL here is synthetic (invented names in the documented consolidated.csv layout); no real list is shipped.

python tests/bench/bench_lists.py [--names 30000] [--values 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

# The synthetic names share their syllables with bench_matching, and the CSL layout with the tests' samples.
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from bench_matching import SYLLABLES, bom_values  # noqa: E402
from listsamples import CSL_HEADER as HEADER  # noqa: E402

PLACES = ["Shenzhen", "Hangzhou", "Beijing", "Moscow", "Tehran", "Dubai", "Minsk", ""]
WORDS = ["Electronics", "Technology", "Trading", "Systems", "Industrial", "Aviation", ""]
FORMS = ["Co., Ltd.", "LLC", "FZE", "Limited", "JSC", "OOO", ""]
SOURCES = [
    "Entity List (EL) - Bureau of Industry and Security",
    "Specially Designated Nationals (SDN) - Treasury Department",
    "Military End User (MEU) List - Bureau of Industry and Security",
]


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def company(rng: random.Random) -> str:
    """An invented company name."""
    parts = [rng.choice(PLACES), _word(rng, rng.randint(2, 4)), rng.choice(WORDS), rng.choice(FORMS)]
    return " ".join(p for p in parts if p)


def write_csl(path: Path, names: int, seed: int = 3) -> int:
    """Write a consolidated.csv with about `names` names (entity names plus alt names); returns rows written."""
    rng = random.Random(seed)
    written = rows = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADER)
        writer.writeheader()
        while written < names:
            alts = [
                f"{_word(rng, 3)} {rng.choice(WORDS)}".strip() for _ in range(rng.choice((0, 0, 1, 2, 3)))
            ]
            if alts:
                alts[-1] = "and " + alts[-1] if len(alts) > 1 else alts[-1]
            name = company(rng)
            if rng.random() < 0.2:
                name += "; and any successor, sub-unit, or subsidiary thereof"
            writer.writerow(
                {
                    "_id": f"id{rows}",
                    "source": rng.choice(SOURCES),
                    "type": "Entity" if rng.random() < 0.9 else "",
                    "name": name,
                    "start_date": f"20{rng.randint(10, 26):02d}-{rng.randint(1, 12):02d}-{rng.randint(10, 28)}",
                    "federal_register_notice": f"{rng.randint(80, 91)} FR {rng.randint(1000, 99999)}",
                    "alt_names": "; ".join(alts),
                }
            )
            rows += 1
            written += 1 + len(alts)
    return rows


def main() -> int:
    """Print the timings (median of runs)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--names", type=int, default=30000)
    ap.add_argument("--values", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BOM_AUDITOR_HOME"] = tmp
        from guiapp.lists.importers import import_list
        from guiapp.lists.store import ListStore
        from guiapp.lists.watchlist import load_builtin
        from guiapp.matching.matcher import Matcher
        from guiapp.matching.normalize import normalize

        src = Path(tmp) / "consolidated.csv"
        rows = write_csl(src, args.names)
        load_builtin()
        cold, warm, build, screen = [], [], [], []
        store = ListStore()
        record = None
        for run in range(args.runs):
            t0 = time.perf_counter()
            result = import_list(src)
            cold.append(time.perf_counter() - t0)
            if run == 0:
                record = store.import_file(src, result=result)
            t0 = time.perf_counter()
            wl = ListStore().watchlist(record)  # a fresh store: from the cache file
            warm.append(time.perf_counter() - t0)
            normalize.cache_clear()
            t0 = time.perf_counter()
            matcher = Matcher([load_builtin(), wl])
            build.append(time.perf_counter() - t0)
            vals = bom_values(args.values, wl, seed=4)
            t0 = time.perf_counter()
            found = matcher.match_values(vals)
            screen.append(time.perf_counter() - t0)
        hits = sum(1 for v in found.values() if v)
        med = statistics.median
        sys.stdout.write(
            f"synthetic CSL: {rows} rows, {record.entries} entities, {record.names} names "
            f"({record.skipped} skipped), {src.stat().st_size / 1e6:.1f} MB\n"
            f"cold load (parse the file):          median {med(cold):.2f} s\n"
            f"warm load (store's cache):           median {med(warm):.2f} s\n"
            f"index build (built-in + CSL, {matcher.name_count} names): median {med(build):.2f} s\n"
            f"load to ready, warm (cache + index): median {med(warm) + med(build):.2f} s\n"
            f"screen {len(vals)} distinct names:        median {med(screen):.2f} s ({hits} with matches)\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
