"""Time the matcher: index build for a synthetic 30,000-name list, then 5,000 distinct BOM names against it.

python tests/bench/bench_matching.py [--names 30000] [--values 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from guiapp.lists.watchlist import Entity, ListEntry, Watchlist, load_builtin  # noqa: E402
from guiapp.matching.matcher import Matcher  # noqa: E402

SYLLABLES = [
    "ka",
    "ri",
    "to",
    "mo",
    "na",
    "se",
    "vi",
    "lo",
    "tek",
    "zen",
    "bar",
    "qua",
    "sol",
    "dyn",
    "mex",
    "por",
    "fal",
    "gen",
    "tri",
    "lux",
    "nor",
    "ver",
    "tal",
    "cor",
    "sun",
]
PLACES = ["Shenzhen", "Hangzhou", "Beijing", "Ohio", "Bavaria", "Osaka", "Texas", ""]
WORDS = [
    "Electronics",
    "Technology",
    "Semiconductor",
    "Systems",
    "Devices",
    "Industrial",
    "Micro",
    "Power",
    "",
]
FORMS = ["Co., Ltd.", "Inc.", "GmbH", "Corp.", "Limited", "LLC", ""]


def company_name(rng: random.Random) -> str:
    """A random company-like name: place, invented word(s), domain word, legal form."""
    core = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
    if rng.random() < 0.3:
        core += " " + "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
    parts = [rng.choice(PLACES), core, rng.choice(WORDS), rng.choice(FORMS)]
    return " ".join(p for p in parts if p)


def synthetic_watchlist(n: int, seed: int = 1) -> Watchlist:
    """A watchlist of n random company-like names."""
    rng = random.Random(seed)
    entities = [
        Entity(id=f"SYN-{i}", name=company_name(rng), lists=(ListEntry("SYN"),), citation="synthetic")
        for i in range(n)
    ]
    return Watchlist(name="synthetic", version="1", date="", sha256="", source="synthetic", entities=entities)


def bom_values(n: int, wl: Watchlist, seed: int = 2) -> list[tuple[str, str]]:
    """n distinct manufacturer values: random names, list names with typos, and real listed names."""
    rng = random.Random(seed)
    out: dict[tuple[str, str], None] = {}
    while len(out) < n:
        r = rng.random()
        if r < 0.6:
            value = company_name(rng)
        elif r < 0.9:
            name = rng.choice(wl.entities).name
            i = rng.randrange(len(name))
            value = name[:i] + name[i + 1 :]
        else:
            value = rng.choice(wl.entities).name.upper()
        out[(value, "manufacturer")] = None
    return list(out)


def main() -> int:
    """Print build and matching times (median of runs)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--names", type=int, default=30000)
    ap.add_argument("--values", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    wl = synthetic_watchlist(args.names)
    builtin = load_builtin()
    values = bom_values(args.values, wl)
    builds, matches, hits = [], [], 0
    for _ in range(args.runs):
        from guiapp.matching.normalize import normalize

        normalize.cache_clear()
        t0 = time.perf_counter()
        matcher = Matcher([builtin, wl])
        t1 = time.perf_counter()
        result = matcher.match_values(values)
        t2 = time.perf_counter()
        builds.append(t1 - t0)
        matches.append(t2 - t1)
        hits = sum(1 for v in result.values() if v)
    sys.stdout.write(
        f"index build ({matcher.name_count} names incl. built-in and core names): "
        f"median {statistics.median(builds):.2f} s\n"
        f"{len(values)} distinct values: median {statistics.median(matches):.2f} s "
        f"({hits} values with matches)\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
