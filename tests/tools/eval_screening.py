"""Evaluate the Matcher with the built-in list on the labelled screening cases.

    python tests/tools/eval_screening.py [path/to/screening-cases.csv]

Prints recall per category, the false-positive count and rate (review-level findings on innocent values count
as false positives and are also reported apart), and every miss and false positive. The cases are a
development set: tune the method, never a rule for one line.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CASES = REPO.parent / "shared" / "eval" / "screening-cases.csv"

#: The eval's parent labels -> parent entity ids of the built-in list.
PARENT_IDS = {
    "Hikvision": "HIKVISION",
    "Dahua": "DAHUA",
    "Huawei": "HUAWEI",
    "ZTE": "ZTE",
    "Hytera": "HYTERA",
    "SenseTime": "SENSETIME",
    "Megvii": "MEGVII",
    "iFLYTEK": "IFLYTEK",
    "Xiamen Meiya Pico": "MEIYAPICO",
    "Yitu": "YITU",
    "Yixin Science and Technology": "YIXIN",
    "Xinjiang PSB": "XJ-PSB",
}
#: The eval's field names -> the matcher's fields.
FIELDS = {"mpn": "part_number"}


@dataclass
class EvalResult:
    """Figures of one evaluation run."""

    recall: dict[str, tuple[int, int]] = field(default_factory=dict)  # category -> (found, total)
    positives: int = 0
    found: int = 0
    found_review: int = 0
    negatives: int = 0
    false_positives: list[tuple[dict, list]] = field(default_factory=list)
    review_false_positives: int = 0
    misses: list[tuple[dict, list]] = field(default_factory=list)

    @property
    def overall_recall(self) -> float:
        """Recall over every listed-company string."""
        return self.found / self.positives if self.positives else 1.0

    @property
    def fp_rate(self) -> float:
        """False-positive rate over the innocent strings (review findings included)."""
        return len(self.false_positives) / self.negatives if self.negatives else 0.0


def evaluate(cases_path: Path) -> EvalResult:
    """Run the matcher over the cases file and collect the figures."""
    from guiapp.lists.watchlist import load_builtin
    from guiapp.matching.matcher import Matcher

    matcher = Matcher([load_builtin()])
    with cases_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    result = EvalResult()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        field_name = FIELDS.get(row["field"], row["field"])
        matches = matcher.match(row["value"], field_name)
        expected = row["expected_parent"].strip()
        if expected:
            result.positives += 1
            counts[row["category"]][1] += 1
            want = PARENT_IDS[expected]
            good = [m for m in matches if m.parent_id == want]
            if good:
                result.found += 1
                counts[row["category"]][0] += 1
                if all(m.review for m in good):
                    result.found_review += 1
            else:
                result.misses.append((row, matches))
        else:
            result.negatives += 1
            if matches:
                result.false_positives.append((row, matches))
                if all(m.review for m in matches):
                    result.review_false_positives += 1
    result.recall = {k: (v[0], v[1]) for k, v in counts.items()}
    return result


def main(argv: list[str] | None = None) -> int:
    """Print the evaluation report; exit status 1 when the file is missing."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_CASES
    if not path.is_file():
        sys.stderr.write(f"{path}: cases file not found\n")
        return 1
    r = evaluate(path)
    out = sys.stdout.write
    out(f"cases: {r.positives} listed, {r.negatives} innocent ({path})\n\nrecall per category\n")
    for cat, (found, total) in sorted(r.recall.items()):
        out(f"  {cat:<12} {found:>3}/{total:<3} {found / total:.2f}\n")
    out(f"  {'overall':<12} {r.found:>3}/{r.positives:<3} {r.overall_recall:.3f}")
    out(f"  ({r.found_review} found only as review items)\n")
    out(
        f"\nfalse positives: {len(r.false_positives)} of {r.negatives} ({r.fp_rate:.3f}); "
        f"{r.review_false_positives} of them review-level only\n"
    )
    for row, _matches in r.misses:
        out(f"  MISS [{row['category']}] {row['field']}: {row['value']!r} (want {row['expected_parent']})\n")
    for row, matches in r.false_positives:
        m = matches[0]
        out(
            f"  FP   [{row['category']}] {row['field']}: {row['value']!r} -> {m.parent} ({m.method}): {m.reason}\n"
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
