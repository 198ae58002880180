"""Evaluate how the Matcher reads listed names and part numbers written in other spellings and scripts.

    python tests/tools/eval_spellings.py [-v]

Builds its cases from the built-in list itself, for every entry (not from a hand list of strings): each Chinese
name in Traditional characters (OpenCC s2t) and in pinyin (spaced, grouped in words, run together, with tone
marks and with tone numbers); each distinctive Latin name in small capitals, behind a right-to-left override
(stored reversed so that it shows the right way round), with bidi isolates and invisible format characters
inside, with digits for letters and in full-width letters; each listed part-number example without its
separators or with an en dash, em dash, space, dot or slash for its hyphens. The counter-cases are the
near-miss names and the patterns' must-not-match examples written the same ways: none of them may hit.

Prints recall per kind of spelling and every miss and false positive; -v lists every case.
"""

from __future__ import annotations

import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

#: The spellings of the issue that opened this work (issue 15): kept as a fixed part of the set.
ISSUE_CASES = (
    ("manufacturer", "華為", "HUAWEI", "traditional"),
    ("manufacturer", "大華技術", "DAHUA", "traditional"),
    ("manufacturer", "中興通訊", "ZTE", "traditional"),
    ("manufacturer", "Haikang Weishi", "HIKVISION", "pinyin"),
    ("manufacturer", "Hainengda", "HYTERA", "pinyin"),
    ("manufacturer", "Haisi", "HUAWEI", "pinyin"),
    ("manufacturer", "H1kv1s10n", "HIKVISION", "digits"),
    ("part_number", "DS2CD2143G2I", "HIKVISION", "separators"),
    ("part_number", "DS\u20132CD2143G2-I", "HIKVISION", "separators"),
)

_DASHES = {"en dash": "\u2013", "em dash": "\u2014", "space": " ", "dot": ".", "slash": "/", "none": ""}
_LEET = str.maketrans({"i": "1", "I": "1", "o": "0", "O": "0", "e": "3", "E": "3"})


@dataclass
class SpellingResult:
    """Figures of one run: found/total per kind, misses and false positives."""

    per_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)
    false_positives: list[tuple[str, str, str]] = field(default_factory=list)
    negatives: int = 0
    confident: int = 0

    @property
    def found(self) -> int:
        return sum(v[0] for v in self.per_kind.values())

    @property
    def total(self) -> int:
        return sum(v[1] for v in self.per_kind.values())


def _small_caps(text: str) -> str:
    out = []
    for ch in text:
        try:
            out.append(unicodedata.lookup(f"LATIN LETTER SMALL CAPITAL {ch.upper()}") if ch.isalpha() else ch)
        except KeyError:
            out.append(ch)
    return "".join(out)


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)


def latin_variants(name: str) -> list[tuple[str, str]]:
    """(kind, spelling) of a Latin name as an evader or an odd export would write it."""
    out = [
        ("small capitals", _small_caps(name)),
        ("right-to-left override", "\u202e" + name[::-1] + "\u202c"),
        ("bidi isolates", "\u2067" + name[: len(name) // 2] + "\u2069" + name[len(name) // 2 :]),
        ("invisible format", name[:2] + "\u2062" + name[2:-1] + "\u2063" + name[-1]),
        ("full-width", _fullwidth(name)),
    ]
    leet = name.translate(_LEET)
    if leet != name and sum(c.isalpha() for c in leet) >= 3:
        out.append(("digits", leet))
    return out


def chinese_variants(name: str) -> list[tuple[str, str]]:
    """(kind, spelling) of a Chinese name: Traditional characters and several pinyin writings."""
    import opencc
    from pypinyin import Style, lazy_pinyin

    out = []
    trad = opencc.OpenCC("s2t").convert(name)
    if trad != name:
        out.append(("traditional", trad))
    plain = lazy_pinyin(name)
    toned = lazy_pinyin(name, style=Style.TONE)
    numbered = lazy_pinyin(name, style=Style.TONE3)
    if not all(s.isascii() and s.isalpha() for s in plain):
        return out
    words = ["".join(plain[i : i + 2]).capitalize() for i in range(0, len(plain), 2)]
    out += [
        ("pinyin", " ".join(words)),
        ("pinyin", "".join(plain).capitalize()),
        ("pinyin", " ".join(plain).upper()),
        ("pinyin tones", " ".join("".join(toned[i : i + 2]) for i in range(0, len(toned), 2))),
        ("pinyin tones", " ".join(numbered)),
        # tone numbers inside words of two syllables run together: "Hai3kang1 Wei1shi4"
        (
            "pinyin tones",
            " ".join("".join(numbered[i : i + 2]).capitalize() for i in range(0, len(numbered), 2)),
        ),
    ]
    return out


def part_variants(example: str) -> list[tuple[str, str]]:
    """(kind, spelling) of a part number with its hyphens left out or written as other separators."""
    if "-" not in example:
        return []
    return [(f"separators ({k})", example.replace("-", v)) for k, v in _DASHES.items()]


def build_cases(watchlist) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str, str, str]]]:
    """(field, value, parent id, kind) positives and (field, value, parent id or "", kind) negatives.

    A negative must not hit its parent (a pattern's counter-example), or (parent "", a near-miss name written
    another way) must not hit anything the plain spelling does not: folding may add no finding of its own.
    """
    from guiapp.lists.watchlist import Watchlist  # noqa: F401  (the type of the argument)
    from guiapp.matching.normalize import has_cjk

    positives: list[tuple[str, str, str, str]] = [c for c in ISSUE_CASES]
    negatives: list[tuple[str, str, str, str]] = []
    seen: set[str] = set()
    for entity in watchlist.entities:
        if not entity.matchable or entity.review:
            continue
        parent = watchlist.top_parent(entity).id
        for alias in entity.aliases:
            if alias.review or alias.confidence == "low" or alias.name in seen:
                continue
            seen.add(alias.name)
            if has_cjk(alias.name):
                if len(alias.name) >= 2:
                    positives += [("manufacturer", v, parent, k) for k, v in chinese_variants(alias.name)]
            elif alias.kind in ("short", "brand") and alias.name.isalpha() and len(alias.name) >= 5:
                positives += [("manufacturer", v, parent, k) for k, v in latin_variants(alias.name)]
        for pattern in entity.patterns:
            if pattern.context or pattern.confidence == "low":
                continue
            rx = pattern.compiled()
            for example in pattern.examples:
                if "X" in example or not rx.fullmatch(example):
                    continue  # a family placeholder such as DH-IPC-HDW1XXX, or not a whole part number
                positives += [("part_number", v, parent, k) for k, v in part_variants(example)]
            for counter in pattern.must_not_match:
                # A counter-example of one maker's pattern may be another listed maker's part (IPC-B140H is
                # HiLook's, not Dahua's): it must not hit the pattern's own maker. Without its hyphen it may
                # become that maker's part (HI-1620 is Holt's, Hi1620 HiSilicon's), so only dashes are tried.
                negatives.append(("part_number", counter, parent, "counter-example"))
                negatives += [
                    ("part_number", v, parent, f"counter-example {k}")
                    for k, v in part_variants(counter)
                    if "dash" in k
                ]
    for near in watchlist.near_misses:
        plain = near.name.split("(")[0].strip()
        for k, v in latin_variants(plain):
            negatives.append(("manufacturer", v, "", f"near miss, {k}|{plain}"))
    return positives, negatives


def evaluate() -> SpellingResult:
    """Screen every case with the built-in list and count what is found."""
    from guiapp.lists.watchlist import load_builtin
    from guiapp.matching.matcher import Matcher

    wl = load_builtin()
    matcher = Matcher([wl])
    positives, negatives = build_cases(wl)
    r = SpellingResult()
    for fld, value, parent, kind in positives:
        key = kind.split(" (")[0]
        r.per_kind[key][1] += 1
        good = [m for m in matcher.match(value, fld) if m.parent_id == parent]
        if good:
            r.per_kind[key][0] += 1
            r.confident += any(not m.review for m in good)
        else:
            r.misses.append((fld, value, parent, kind))
    for fld, value, parent, kind in negatives:
        r.negatives += 1
        found = matcher.match(value, fld)
        if parent:
            found = [m for m in found if m.parent_id == parent]
        else:
            kind, plain = kind.split("|")
            before = {m.parent_id for m in matcher.match(plain, fld)}
            found = [m for m in found if m.parent_id not in before]
        if found:
            r.false_positives.append((value, kind, found[0].reason))
    return r


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    args = sys.argv[1:] if argv is None else argv
    r = evaluate()
    out = sys.stdout.write
    out("spellings found per kind\n")
    for kind, (found, total) in sorted(r.per_kind.items()):
        out(f"  {kind:<24} {found:>4}/{total:<4}\n")
    out(f"  {'overall':<24} {r.found:>4}/{r.total:<4} ({r.confident} of them confident)\n")
    out(f"false positives on counter-cases: {len(r.false_positives)} of {r.negatives}\n")
    for fld, value, parent, kind in r.misses if "-v" in args else r.misses[:40]:
        out(f"  MISS [{kind}] {fld}: {value!r} (want {parent})\n")
    for value, kind, reason in r.false_positives:
        out(f"  FP   [{kind}] {value!r}: {reason}\n")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
