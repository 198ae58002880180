"""Write tests/tools/watchlist_data/dod-1260h.csv, the DoD section 1260H facts the built-in list is built from.

The source is the DoD's own publication (the 2025-01-07 and 2026-06-08 lists of "Entities identified as
Chinese military companies operating in the United States", media.defense.gov) as kept in
../shared/real-lists/dod-1260h.csv. The derived table keeps one row per company of the latest edition, with
the date the company was first identified, its aliases and former names, its parent, the edition's URL, and the
companies of earlier editions that are no longer on it (with the date they left). build_watchlist.py reads the
derived table, so the build needs no file outside the repository; run this again when a new edition appears:

    python tests/tools/derive_1260h.py [path/to/dod-1260h.csv]
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "watchlist_data" / "dod-1260h.csv"
DEFAULT_SOURCE = HERE.parents[2] / "shared" / "real-lists" / "dod-1260h.csv"
COLUMNS = ["name", "aliases", "former_names", "parent", "first_listed", "status", "left", "source_url"]


def _split(text: str) -> list[str]:
    return [t.strip() for t in text.split(";") if t.strip()]


_LEGAL = {"co", "ltd", "company", "limited", "corp", "corporation", "inc", "group", "plc", "llc"}


def _key(name: str) -> str:
    """A spelling-blind key: editions differ in case, apostrophes, a trailing '(ACRONYM)' and legal forms."""
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name.replace("\u2019", "'"))
    words = re.findall(r"[a-z0-9]+", name.casefold())
    return " ".join(w for w in words if w not in _LEGAL)


def derive(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """One row per company: status "current" (in the latest edition) or "removed" (in an earlier one only)."""
    latest = max(r["Start date"] for r in rows if r["Start date"])
    first: dict[str, str] = {}
    for r in rows:
        name = r["Clean Name"].strip()
        if r["Start date"] and (name not in first or r["Start date"] < first[name]):
            first[name] = r["Start date"]
    current = [r for r in rows if r["Start date"] == latest]
    keys_now = {
        _key(n) for r in current for n in [r["Clean Name"], *_split(r["Alias"]), *_split(r["Previous Name"])]
    }
    out = []
    for r in current:
        name = r["Clean Name"].strip()
        formers = _split(r["Previous Name"])
        # A company listed earlier under a former name was identified since then.
        since = min([first.get(name, latest)] + [first[f] for f in formers if f in first])
        out.append(
            {
                "name": name,
                "aliases": "; ".join(_split(r["Alias"])),
                "former_names": "; ".join(formers),
                "parent": r["Parent Name"].strip(),
                "first_listed": since,
                "status": "current",
                "left": "",
                "source_url": r["Source Url"].strip(),
            }
        )
    gone: dict[str, dict[str, str]] = {}
    for r in rows:
        name = r["Clean Name"].strip()
        if r["Start date"] == latest or _key(name) in keys_now:
            continue
        left = r["End date"] or latest  # not carried into the latest edition: gone by its date at the latest
        prev = gone.get(name)
        if prev is None or left > prev["left"]:
            gone[name] = {
                "name": name,
                "aliases": "; ".join(_split(r["Alias"])),
                "former_names": "; ".join(_split(r["Previous Name"])),
                "parent": r["Parent Name"].strip(),
                "first_listed": first.get(name, ""),
                "status": "removed",
                "left": left,
                "source_url": r["Source Url"].strip(),
            }
    return out + sorted(gone.values(), key=lambda d: d["name"])


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    with source.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    table = derive(rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    print(
        f"wrote {OUT} ({sum(1 for t in table if t['status'] == 'current')} current, "
        f"{sum(1 for t in table if t['status'] == 'removed')} removed)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
