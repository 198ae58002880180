"""Evaluate name matching with the big real lists loaded: false hits on innocent makers and real BOMs, recall
and wrong-entity rate on name variants generated from the list itself, beside two plain baselines.

    python tests/tools/eval_lists.py [--entities N] [--innocent N] [--seed S] [--no-baselines] [--no-boms]
                                     [--show N] [--why]

The lists are the built-in one plus ../shared/real-lists/derived/consolidated.csv, read through the product's
own import path (guiapp.lists.importers.import_list) and matched by the product's Matcher. Figures:

* innocent: share of ../shared/eval/innocent-makers.csv names with any finding (flag rate) and with a finding
  that is not review-level (confident rate), screened as manufacturer names.
* real BOMs: confident and review hits when the product screens each file of ../shared/real-boms (none of them
  holds a listed part, so every hit is a false one).
* variants: for a seeded sample of the list's organisations, names written the way people type them (legal form
  added in front or behind in several languages, legal form dropped, place dropped, word abbreviations, one
  edit or transposition in the most distinctive word, case and punctuation changes). Recall = the right entry
  is among the findings; wrong entity = the best finding names another entry (entries whose names are the same
  after normalisation, e.g. one firm on two source lists, count as the same entry).
* listed, label outdated: names labelled innocent that a loaded list does name (a firm added since, or a
  maker's own entry for a listed firm), from tests/tools/eval_data/listed-label-outdated.csv with the list entry
  that proves each. A name leaves the innocent figures only when that entry is among the loaded lists' names;
  it is then reported apart, found or missed.
* baselines: rapidfuzz Jaro-Winkler >= 0.92 and token_set_ratio >= 90 of the value against every list name
  (both after rapidfuzz's default_process), the best-scoring name taken as the finding.

innocent-makers.csv is a development set: the matcher must never be tuned to its exact names.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
CSL = SHARED / "real-lists" / "derived" / "consolidated.csv"
INNOCENT = SHARED / "eval" / "innocent-makers.csv"
BOMS = SHARED / "real-boms"
OUTDATED = REPO / "tests" / "tools" / "eval_data" / "listed-label-outdated.csv"

# Legal forms people write, by language: (form, position) with position "pre", "post" or "both".
LEGAL_FORMS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (("LLC", "post"), ("Ltd.", "post"), ("Co., Ltd.", "post"), ("Inc.", "post"), ("Corp.", "post"),
           ("Limited", "post"), ("Joint Stock Company", "both"), ("JSC", "both"), ("LLC", "pre"),
           ("Company Limited", "post"), ("PLC", "post")),
    "ru-latin": (("OOO", "pre"), ("AO", "pre"), ("ZAO", "pre"), ("PAO", "pre"), ("OAO", "pre"), ("TOO", "pre"),
                 ("FGUP", "pre"), ("NPO", "pre"), ("AO", "post"), ("OOO", "post")),
    "ru-cyrillic": (("ООО", "pre"), ("АО", "pre"), ("ЗАО", "pre"), ("ПАО", "pre"), ("ОАО", "pre"),
                    ("ФГУП", "pre"), ("ООО", "post")),
    "zh": (("有限公司", "post"), ("股份有限公司", "post"), ("有限责任公司", "post"), ("集团有限公司", "post")),
    "de": (("GmbH", "post"), ("AG", "post"), ("GmbH & Co. KG", "post"), ("KG", "post"), ("UG", "post")),
    "fr": (("SARL", "post"), ("S.A.", "post"), ("SAS", "post"), ("Société", "pre"), ("SA", "post")),
    "es": (("S.A.", "post"), ("S.L.", "post"), ("S.A. de C.V.", "post"), ("SRL", "post"), ("Sociedad Anónima", "post")),
    "ja": (("株式会社", "pre"), ("株式会社", "post"), ("K.K.", "post"), ("Kabushiki Kaisha", "post"), ("有限会社", "post")),
    "ko": (("주식회사", "pre"), ("(주)", "pre"), ("Co., Ltd.", "post"), ("Chusik Hoesa", "post")),
}  # fmt: skip

# Legal forms removed from a listed name to get the bare name (token sequences, lower case, no punctuation).
_STRIP_FORMS = sorted(
    (
        tuple(f.split())
        for f in (
            "co ltd", "co limited", "company limited", "limited liability company", "joint stock company",
            "closed joint stock company", "open joint stock company", "public joint stock company", "co inc",
            "corp ltd", "corporation limited", "co", "ltd", "limited", "inc", "incorporated", "corp",
            "corporation", "company", "llc", "l l c", "gmbh", "ag", "s a", "sa", "b v", "bv", "n v", "nv", "plc",
            "pte ltd", "pte", "pty ltd", "pty", "srl", "s r l", "spa", "s p a", "kg", "oy", "ab", "as", "sas",
            "sarl", "fze", "fzco", "fzc", "llp", "lp", "jsc", "ojsc", "cjsc", "pjsc", "ooo", "oao", "zao", "pao",
            "ao", "tov", "too", "ltda", "s de rl", "sa de cv", "s a de c v", "sdn bhd", "bhd", "pvt ltd",
            "private limited", "ood", "eood", "d o o", "doo", "kft", "sp z o o", "gie", "cie",
        )
    ),
    key=len,
    reverse=True,
)  # fmt: skip

# Word abbreviations people use.
ABBREV = {
    "technology": "Tech", "technologies": "Tech", "international": "Intl", "corporation": "Corp",
    "company": "Co", "limited": "Ltd", "manufacturing": "Mfg", "industries": "Inds", "industrial": "Indl",
    "electronics": "Elec", "engineering": "Eng", "trading": "Trdg", "group": "Grp", "research": "Res",
    "institute": "Inst", "development": "Dev", "equipment": "Eqpt", "communications": "Comms",
    "incorporated": "Inc", "association": "Assn", "enterprise": "Ent", "science": "Sci", "systems": "Sys",
    "national": "Natl", "university": "Univ", "aviation": "Avn", "services": "Svcs", "management": "Mgmt",
}  # fmt: skip

# Places dropped when a name starts or ends with one, or holds one in parentheses.
PLACES = frozenset(
    [
        "beijing",
        "shanghai",
        "shenzhen",
        "hangzhou",
        "guangzhou",
        "wuhan",
        "chengdu",
        "tianjin",
        "chongqing",
        "nanjing",
        "xian",
        "harbin",
        "changsha",
        "dalian",
        "qingdao",
        "xiamen",
        "suzhou",
        "hefei",
        "zhengzhou",
        "shenyang",
        "moscow",
        "moskva",
        "saint",
        "petersburg",
        "st",
        "tehran",
        "dubai",
        "istanbul",
        "minsk",
        "kiev",
        "kyiv",
        "damascus",
        "beirut",
        "pyongyang",
        "karachi",
        "lahore",
        "hong",
        "kong",
        "singapore",
        "kuala",
        "lumpur",
        "china",
        "russia",
        "iran",
        "syria",
        "belarus",
        "uae",
        "turkey",
        "pakistan",
        "india",
        "germany",
        "uk",
        "usa",
        "ukraine",
        "lebanon",
        "iraq",
    ]
)

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def _words(text: str) -> list[str]:
    return _PUNCT.sub(" ", text).split()


def _key(text: str) -> str:
    return " ".join(_words(text.casefold()))


def bare_name(name: str) -> str:
    """The listed name with legal forms at its end or front removed (never to nothing)."""
    words = _words(name)
    low = [w.casefold() for w in words]
    changed = True
    while changed and len(low) > 1:
        changed = False
        for form in _STRIP_FORMS:
            n = len(form)
            if n < len(low) and tuple(low[-n:]) == form:
                words, low, changed = words[:-n], low[:-n], True
                break
            if n < len(low) and tuple(low[:n]) == form:
                words, low, changed = words[n:], low[n:], True
                break
    return " ".join(words)


def _trim(words: list[str]) -> str:
    while len(words) > 1 and words[-1].casefold() in ("of", "the", "and", "in", "de"):
        words = words[:-1]
    return " ".join(words)


def _edit(word: str, rng: random.Random) -> str:
    """One substitution, deletion, insertion or transposition inside the word (first letter kept)."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("sub", "del", "ins", "swap"))
    letters = "aeiourstnlm"
    if kind == "sub":
        repl = rng.choice([c for c in letters if c != word[i].lower()])
        return word[:i] + (repl.upper() if word[i].isupper() else repl) + word[i + 1 :]
    if kind == "del":
        return word[:i] + word[i + 1 :]
    if kind == "ins":
        c = rng.choice(letters)
        return word[:i] + (c.upper() if word[i].isupper() else c) + word[i:]
    j = i if i + 1 < len(word) else i - 1
    if word[j] == word[j + 1]:
        return word[:i] + word[i + 1 :]
    return word[:j] + word[j + 1] + word[j] + word[j + 2 :]


def make_variants(
    name: str, rng: random.Random, distinctive: Callable[[str], float]
) -> list[tuple[str, str]]:
    """(kind, variant) pairs of one listed organisation name, as people type it.

    Args:
        name: the listed name.
        rng: the seeded random source.
        distinctive: token -> how distinctive it is (higher is more); picks the word a typo goes into.
    """
    bare = bare_name(name)
    words = bare.split()
    if not words:
        return []
    out: list[tuple[str, str]] = []
    lang = rng.choice(sorted(LEGAL_FORMS))
    form, pos = rng.choice(LEGAL_FORMS[lang])
    if pos == "both":
        pos = rng.choice(("pre", "post"))
    if lang in ("zh", "ja", "ko") and pos == "post" and not form.isascii():
        out.append((f"legal-{lang}", f"{bare}{form}" if rng.random() < 0.5 else f"{bare} {form}"))
    elif pos == "pre":
        quoted = lang.startswith("ru") and rng.random() < 0.5
        out.append((f"legal-{lang}", f"{form} «{bare}»" if quoted else f"{form} {bare}"))
    else:
        out.append((f"legal-{lang}", f"{bare} {form}" if rng.random() < 0.6 else f"{bare}, {form}"))
    if bare != " ".join(_words(name)):
        out.append(("legal-dropped", bare))
    low = [w.casefold() for w in words]
    no_paren = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if no_paren != name and bare_name(no_paren):
        out.append(("place-dropped", bare_name(no_paren)))
    elif len(low) > 2 and low[0] in PLACES:
        out.append(("place-dropped", " ".join(words[1:])))
    elif len(low) > 2 and low[-1] in PLACES:
        out.append(("place-dropped", _trim(words[:-1])))
    abbreviated = [ABBREV.get(w, words[i]) for i, w in enumerate(low)]
    if abbreviated != words:
        out.append(("abbreviation", " ".join(abbreviated)))
    candidates = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if candidates:
        best = max(candidates, key=lambda i: (distinctive(low[i]), len(words[i])))
        typo = list(words)
        typo[best] = _edit(words[best], rng)
        out.append(("typo", " ".join(typo)))
    style = rng.choice(("upper", "lower", "title", "nopunct", "hyphen"))
    if style == "upper":
        out.append(("case-punct", name.upper()))
    elif style == "lower":
        out.append(("case-punct", name.lower()))
    elif style == "title":
        out.append(("case-punct", name.title()))
    elif style == "nopunct":
        out.append(("case-punct", " ".join(_words(name))))
    else:
        out.append(("case-punct", "-".join(_words(name))))
    return out


@dataclass
class Figures:
    """The figures of one method."""

    innocent_total: int = 0
    innocent_flagged: int = 0
    innocent_confident: int = 0
    flagged_examples: list[str] = field(default_factory=list)
    variants_total: int = 0
    variants_found: int = 0
    variants_confident: int = 0  # found by a finding that is not review-level
    variants_wrong: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [found, total]
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    bom_confident: int = 0
    bom_review: int = 0
    bom_examples: list[str] = field(default_factory=list)

    def rate(self, n: int, d: int) -> float:
        return n / d if d else 0.0


@dataclass
class Setup:
    """The lists, the matcher and the organisations sampled for variants."""

    watchlists: list
    matcher: object
    build_s: float
    names: list[tuple[str, str]]  # (list name, entity id) of every matchable name, for the baselines
    same: dict[str, set[str]]  # entity id -> ids of entries with the same name (the same firm)
    shown: dict[str, str] = field(default_factory=dict)  # entity id -> its name, for the examples


def load(csl: Path = CSL, threshold: float = 88.0) -> Setup:
    """Import the CSL file as the product does and build the matcher over it and the built-in list."""
    from guiapp.lists.importers import import_list
    from guiapp.lists.store import DEFAULT_PARTIES
    from guiapp.lists.watchlist import load_builtin, with_parties
    from guiapp.screening.screen import build_matcher

    # As screening uses a kept list by default: its organisations (persons and vessels are switched on per list).
    watchlists = [load_builtin(), with_parties(import_list(csl).watchlist, DEFAULT_PARTIES)]
    t0 = time.perf_counter()
    matcher = build_matcher(watchlists, threshold)
    build_s = time.perf_counter() - t0
    names: list[tuple[str, str]] = []
    by_name: dict[str, set[str]] = {}
    for wl in watchlists:
        for e in wl.entities:
            if not e.matchable:
                continue
            for text in (e.name, *(a.name for a in e.aliases)):
                names.append((text, e.id))
            by_name.setdefault(_key(bare_name(e.name)), set()).add(e.id)
    same: dict[str, set[str]] = {}
    for ids in by_name.values():
        for i in ids:
            same.setdefault(i, set()).update(ids)
    shown = {e.id: e.name for wl in watchlists for e in wl.entities}
    return Setup(watchlists, matcher, build_s, names, same, shown)


def _maker_names(path: Path, limit: int | None, label: str = "innocent") -> list[str]:
    """The names of innocent-makers.csv with that label ('innocent' or 'listed'), the first `limit` rows."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows = rows[:limit] if limit else rows
    return [
        r["name"].strip() for r in rows if r.get("name", "").strip() and r.get("label", "innocent") == label
    ]


@dataclass
class Outdated:
    """An innocent-labelled name that a loaded list names, with the entry that proves it."""

    name: str
    entry: str
    lists: str
    evidence: str


def outdated_labels(setup: Setup, path: Path = OUTDATED) -> tuple[list[Outdated], list[str]]:
    """The reviewed 'listed, label outdated' names whose proving entry is among the loaded lists' names.

    Returns:
        (the names proved by the loaded lists, a warning for each row whose entry is not among them: such a
        name stays in the innocent figures).
    """
    if not path.is_file():
        return [], [f"{path}: not found; every innocent label is taken as it is"]
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [Outdated(r["name"].strip(), r["entry"].strip(), r["list"].strip(), r["evidence"].strip())
                for r in csv.DictReader(fh) if r.get("name", "").strip()]  # fmt: skip
    listed = {_key(text) for text, _ in setup.names}
    proved = [r for r in rows if _key(r.entry) in listed]
    warnings = [f"{r.name!r}: its entry {r.entry!r} is not in the loaded lists; kept as innocent"
                for r in rows if r not in proved]  # fmt: skip
    return proved, warnings


def why_lines(setup: Setup, value: str) -> list[str]:
    """Every finding of the product for a manufacturer value: entry, list, method, score, level and reason."""
    out = []
    for m in setup.matcher.match(value, "manufacturer"):
        level = "review" if m.review else "confident"
        out.append(f"{level} {m.method} {m.score:.1f} -> {m.entity!r} [{', '.join(m.lists)}]: {m.reason}")
    return out


def sample_organisations(setup: Setup, n: int, seed: int) -> list:
    """A seeded sample of the CSL's organisations (the imported list, not the built-in one)."""
    entities = [e for e in setup.watchlists[-1].entities if e.matchable and len(bare_name(e.name)) >= 3]
    rng = random.Random(seed)
    return rng.sample(entities, min(n, len(entities)))


def generate(setup: Setup, n: int, seed: int) -> list[tuple[str, str, str]]:
    """(kind, variant, entity id) for n sampled organisations, with a fixed seed."""
    df: dict[str, int] = {}
    for text, _ in setup.names:
        for w in set(_key(text).split()):
            df[w] = df.get(w, 0) + 1
    rng = random.Random(seed + 1)
    out = []
    for e in sample_organisations(setup, n, seed):
        for kind, variant in make_variants(e.name, rng, lambda w: -df.get(w, 0)):
            out.append((kind, variant, e.id))
    return out


Finder = Callable[[str], list[tuple[str, bool]]]  # value -> [(entity id, review)], best first


def product_finder(setup: Setup) -> Finder:
    def find(value: str) -> list[tuple[str, bool]]:
        return [(m.entity_id, m.review) for m in setup.matcher.match(value, "manufacturer")]

    return find


def baseline_finders(setup: Setup, queries: Sequence[str]) -> dict[str, dict[str, list[tuple[str, bool]]]]:
    """Findings of the two plain baselines for every query (the best-scoring list name at the cutoff)."""
    from rapidfuzz import fuzz, process, utils
    from rapidfuzz.distance import JaroWinkler

    choices = [utils.default_process(t) for t, _ in setup.names]
    ids = [i for _, i in setup.names]
    out: dict[str, dict[str, list[tuple[str, bool]]]] = {}
    for label, scorer, cutoff in (
        ("jaro-winkler>=0.92", JaroWinkler.normalized_similarity, 0.92),
        ("token_set_ratio>=90", fuzz.token_set_ratio, 90.0),
    ):
        found: dict[str, list[tuple[str, bool]]] = {}
        for q in queries:
            best = process.extractOne(utils.default_process(q), choices, scorer=scorer, score_cutoff=cutoff)
            found[q] = [(ids[best[2]], False)] if best else []
        out[label] = found
    return out


def score(
    fig: Figures,
    find: Finder,
    innocent: Sequence[str],
    variants: Sequence[tuple[str, str, str]],
    same: dict[str, set[str]],
    shown: dict[str, str] | None = None,
) -> None:
    """Fill the innocent and variant figures of one method."""
    shown = shown or {}
    for name in innocent:
        found = find(name)
        fig.innocent_total += 1
        if found:
            fig.innocent_flagged += 1
            if any(not review for _, review in found):
                fig.innocent_confident += 1
            fig.flagged_examples.append(
                f"{name!r} -> {shown.get(found[0][0], found[0][0])!r}{' (review)' if found[0][1] else ''}"
            )
    for kind, value, want in variants:
        ok_ids = same.get(want, {want})
        found = find(value)
        fig.variants_total += 1
        counts = fig.by_kind.setdefault(kind, [0, 0])
        counts[1] += 1
        if any(i in ok_ids for i, _ in found):
            fig.variants_found += 1
            counts[0] += 1
            fig.variants_confident += any(i in ok_ids and not review for i, review in found)
        else:
            fig.misses.append(f"[{kind}] {value!r} (want {shown.get(want, want)!r})")
        if found and found[0][0] not in ok_ids:
            fig.variants_wrong += 1
            fig.wrong.append(
                f"[{kind}] {value!r} -> {shown.get(found[0][0], found[0][0])!r} (want {shown.get(want, want)!r})"
            )


def screen_boms(setup: Setup, fig: Figures, folder: Path = BOMS) -> None:
    """Screen every real BOM with the product's screening and count the (false) hits."""
    from guiapp.model import ScreenOptions
    from guiapp.screening.screen import screen_file

    options = ScreenOptions(threshold=setup.matcher.threshold)
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.name[:2].isdigit()):
        result = screen_file(path, setup.matcher, options)
        for hit in result.hits:
            if hit.match.review:
                fig.bom_review += 1
            else:
                fig.bom_confident += 1
            fig.bom_examples.append(
                f"{path.name[:2]} {hit.field} {hit.value!r} -> {hit.match.entity}"
                f"{' (review)' if hit.match.review else ''}"
            )


def per_value_ms(setup: Setup, values: Sequence[str]) -> float:
    """Median milliseconds per uncached match of a manufacturer value (5 rounds over the values)."""
    from guiapp.matching.matcher import Matcher

    rounds = []
    for _ in range(5):
        setup.matcher._cache.clear() if isinstance(setup.matcher, Matcher) else None
        t0 = time.perf_counter()
        for v in values:
            setup.matcher.match(v, "manufacturer")
        rounds.append((time.perf_counter() - t0) * 1000 / max(1, len(values)))
    setup.matcher._cache.clear()
    return statistics.median(rounds)


def main(argv: list[str] | None = None) -> int:
    """Print the figures; exit status 1 when the shared files are missing."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=800, help="organisations sampled for variants")
    ap.add_argument("--innocent", type=int, default=0, help="first N rows of innocent-makers.csv (0: all)")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--no-baselines", action="store_true")
    ap.add_argument("--no-boms", action="store_true")
    ap.add_argument("--show", type=int, default=15, help="examples shown per list")
    ap.add_argument(
        "--why", action="store_true", help="each flagged innocent name's findings with their reasons"
    )
    args = ap.parse_args(argv)
    for p in (CSL, INNOCENT):
        if not p.is_file():
            sys.stderr.write(f"{p}: not found; the shared real lists and eval set are needed\n")
            return 1
    out = sys.stdout.write
    setup = load()
    innocent = _maker_names(INNOCENT, args.innocent or None)
    listed = _maker_names(INNOCENT, args.innocent or None, "listed")
    outdated, warnings = outdated_labels(setup)
    outdated = [r for r in outdated if r.name in innocent]
    innocent = [n for n in innocent if n not in {r.name for r in outdated}]
    variants = generate(setup, args.entities, args.seed)
    out(f"lists: {', '.join(f'{w.name} ({len(w.entities)} entries)' for w in setup.watchlists)}\n")
    out(f"index build: {setup.build_s:.2f} s, {setup.matcher.name_count} names\n")
    out(f"per value: {per_value_ms(setup, innocent[:1000]):.3f} ms (median of 5, innocent names, uncached)\n")
    methods: dict[str, Figures] = {"product": Figures()}
    score(methods["product"], product_finder(setup), innocent, variants, setup.same, setup.shown)
    if not args.no_boms and BOMS.is_dir():
        screen_boms(setup, methods["product"])
    if not args.no_baselines:
        queries = list(dict.fromkeys([*innocent, *(v for _, v, _ in variants)]))
        for label, found in baseline_finders(setup, queries).items():
            methods[label] = Figures()
            score(
                methods[label], lambda v, f=found: f.get(v, []), innocent, variants, setup.same, setup.shown
            )
    found_listed = [n for n in listed if setup.matcher.match(n, "manufacturer")]
    out(f"\ninnocent names: {len(innocent)}; variants: {len(variants)} of {args.entities} organisations\n")
    out(f"makers labelled listed found: {len(found_listed)}/{len(listed)}")
    out(f" (missed: {', '.join(repr(n) for n in listed if n not in found_listed) or 'none'})\n")
    found_outdated = [
        r for r in outdated if any(m.entity_id for m in setup.matcher.match(r.name, "manufacturer"))
    ]
    out(
        f"labelled innocent, listed (label outdated, {OUTDATED.name}): {len(found_outdated)}/{len(outdated)} found,"
        " left out of the innocent figures\n"
    )
    for line in warnings:
        out(f"  warning: {line}\n")
    out("\n")
    out(f"{'method':<22}{'flag':>8}{'confident':>11}{'recall':>9}{'wrong':>8}{'recall, confident':>19}\n")
    for label, f in methods.items():
        out(
            f"{label:<22}{f.rate(f.innocent_flagged, f.innocent_total):>8.2%}"
            f"{f.rate(f.innocent_confident, f.innocent_total):>11.2%}"
            f"{f.rate(f.variants_found, f.variants_total):>9.2%}{f.rate(f.variants_wrong, f.variants_total):>8.2%}"
            f"{f.rate(f.variants_confident, f.variants_total):>19.2%}\n"
        )
    prod = methods["product"]
    out("\nproduct recall by variant kind\n")
    for kind, (found, total) in sorted(prod.by_kind.items()):
        out(f"  {kind:<18}{found:>5}/{total:<5}{found / total:.2%}\n")
    if not args.no_boms:
        out(f"\nreal BOMs: {prod.bom_confident} confident hits, {prod.bom_review} review hits\n")
        for line in prod.bom_examples[: args.show]:
            out(f"  {line}\n")
    for title, lines in (("innocent flagged", prod.flagged_examples), ("misses", prod.misses),
                         ("wrong entity", prod.wrong)):  # fmt: skip
        out(f"\n{title} ({len(lines)})\n")
        for line in lines[: args.show]:
            out(f"  {line}\n")
    if args.why:
        out(f"\ninnocent flagged, why ({prod.innocent_flagged})\n")
        for name in innocent:
            lines = why_lines(setup, name)
            if lines:
                out(f"  {name!r}\n" + "".join(f"    {line}\n" for line in lines))
    out(f"\nlisted, label outdated ({len(outdated)})\n")
    for r in outdated:
        lines = why_lines(setup, r.name)
        out(f"  {r.name!r}: listed as {r.entry!r} [{r.lists}]: {r.evidence}\n")
        out("".join(f"    {line}\n" for line in lines[:1]) if lines else "    MISSED: no finding\n")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
