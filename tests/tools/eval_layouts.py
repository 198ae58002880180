"""Measure column detection and whole-row screening on BOM layouts shaped like real exports.

    python tests/tools/eval_layouts.py [--keep DIR] [--verbose]

Writes every layout of tests/core/exportlayouts.py (distributor carts, EDA exports, part masters, nine
languages; openpyxl, XlsxWriter and csv files) with planted listed parts and innocent rows, screens them
with the built-in list, and prints per layout and in total: planted items found, the "part" and "maker"
rows found at full strength, and innocent rows with any hit. Run it with PYTHONPATH pointing at another
checkout to get the figures of that code (the before/after of a change).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from exportlayouts import score, write_all  # noqa: E402

from guiapp.lists.watchlist import load_builtin  # noqa: E402
from guiapp.matching.matcher import Matcher  # noqa: E402
from guiapp.model import ScreenOptions  # noqa: E402
from guiapp.screening.screen import screen_file  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the layouts here and keep them")
    parser.add_argument("--verbose", action="store_true", help="print each miss and innocent hit")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="layouts-"))
    written = write_all(folder)
    matcher = Matcher([load_builtin()])
    totals: dict[str, int] = {}
    print(f"{'layout':14} planted found confident(part+maker) innocent hit  mapping")
    for w in written:
        result = screen_file(w.path, matcher, ScreenOptions())
        hits = [(h.row, h.match.parent_id, h.match.review) for h in result.hits]
        counts = score(w, hits)
        for k, v in counts.items():
            totals[k] = totals.get(k, 0) + v
        letters = result.sheets[0].mapping.letters() if result.sheets else {}
        print(
            f"{w.layout.name:14} {counts['planted']:7} {counts['found']:5} {counts['found_confident']:9}"
            f"{'':22}{counts['innocent']:4} {counts['innocent_hit']:3}  {letters}"
        )
        if args.verbose:
            found_rows = {(h.row, h.match.parent_id) for h in result.hits}
            for row, spec in w.planted.items():
                if (row, spec.parent_id) not in found_rows:
                    print(f"    missed row {row}: {spec}")
            for h in result.hits:
                if h.row in w.innocent_rows:
                    print(f"    innocent hit row {h.row} {h.column}: {h.value!r} -> {h.match.entity_id}")
    print(
        f"TOTAL: planted items found {totals['found']} of {totals['planted']}; listed part rows at full strength "
        f"{totals['found_confident']}; innocent rows hit {totals['innocent_hit']} of {totals['innocent']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
