"""Matching BOM cell values against watchlists, with a plain-words reason for every match.

How a value is compared (see the research notes on failure modes of other engines):

* exact: the normalised value equals a listed name, legal name or derived core name (a dict lookup, spaces
  removed, so "Hik Vision" meets "Hikvision"); aliases, brands and Chinese names give method "alias".
* fuzzy: candidates come from an inverted index of distinctive tokens and a one-deletion neighbourhood of those
  tokens; rapidfuzz scores only those candidates. A distinctive token must match; generic and domain words never
  make a hit alone; tokens of four characters or fewer and numbers match exactly only; extra words in the BOM value
  cost more than missing words of a long listed name.
* Chinese script: exact names and their well-known short forms, searched as substrings of a CJK cell; never
  one character.
* part_number: anchored regexes per maker with counter-examples and context words.
* description: a listed name or distinctive alias appearing as whole word(s) inside longer text.
"""

from __future__ import annotations

import dataclasses
import itertools
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Levenshtein

from guiapp.gcpause import gc_paused
from guiapp.lists.watchlist import Entity, PartPattern, Watchlist
from guiapp.matching.normalize import (
    SOFT_HYPHEN,
    ZERO_WIDTH,
    Normalized,
    has_cjk,
    is_cjk_char,
    leet_key,
    mixes_letters_and_digits,
    normalize,
)
from guiapp.matching.prefilter import PatternPrefilter, trie_regex
from guiapp.model import CancelToken, Match, ProgressCallback

_ASCII_WORDS = re.compile(r"[a-z0-9]+")
_DIGIT = re.compile(r"[0-9]")
_SINGLE_LETTER = re.compile(r"(?<![a-z0-9])[a-z](?![a-z0-9])")
# For the bulk clearance: values joined by NUL, with a NUL before the first and after the last.
_NO_DIGIT_VALUE = re.compile(r"\x00[^0-9\x00]*(?=\x00)")
_ALNUM_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
_NOT_ALNUM = bytes(b for b in range(256) if b not in _ALNUM_BYTES)
_ALNUM_ELSE_SPACE = bytes.maketrans(_NOT_ALNUM, b" " * len(_NOT_ALNUM))
_NOT_ALNUM_OR_NUL = _NOT_ALNUM.replace(b"\x00", b"")
_SINGLE_LETTER_WORDS = frozenset(bytes([b]) for b in b"abcdefghijklmnopqrstuvwxyz")
#: Below this many values the per-value clearance is as quick; above this many listed words found in one
#: batch, the whole-word regex of them would cost more than it saves.
_BULK_MIN_VALUES = 32
_BULK_MAX_WORDS = 400

# --- word classes ---------------------------------------------------------------------------------------
#: Legal forms and connecting words: almost no weight.
GENERIC_WORDS = frozenset(
    [
        "co",
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "company",
        "llc",
        "gmbh",
        "ag",
        "sa",
        "bv",
        "nv",
        "plc",
        "pte",
        "pty",
        "srl",
        "spa",
        "kg",
        "oy",
        "and",
        "of",
        "the",
        "a",
        "an",
        "for",
        "de",
        "la",
        "le",
        "et",
        "und",
        "y",
        "group",
        "holding",
        "holdings",
        "series",
        "products",
        "product",
        "brand",
        "parts",
        "components",
        "oem",
        "original",
        "genuine",
        "enterprise",
        "enterprises",
        "firm",
        "branch",
        "factory",
        "plant",
        "subsidiary",
        "international",
        "global",
        "worldwide",
        "intl",
    ]
)
#: Domain words of electronics/industry company names: low weight, never distinctive.
DOMAIN_WORDS = frozenset(
    [
        "technology",
        "technologies",
        "tech",
        "techn",
        "digital",
        "information",
        "info",
        "communication",
        "communications",
        "comm",
        "comms",
        "telecom",
        "telecommunication",
        "telecommunications",
        "network",
        "networks",
        "networking",
        "science",
        "sciences",
        "scientific",
        "electronic",
        "electronics",
        "electric",
        "electrical",
        "elec",
        "electro",
        "semiconductor",
        "semiconductors",
        "semi",
        "micro",
        "microelectronics",
        "optoelectronic",
        "optoelectronics",
        "system",
        "systems",
        "solution",
        "solutions",
        "intelligent",
        "intelligence",
        "smart",
        "software",
        "hardware",
        "device",
        "devices",
        "equipment",
        "instrument",
        "instruments",
        "industrial",
        "industry",
        "industries",
        "manufacturing",
        "manufacture",
        "trading",
        "trade",
        "import",
        "export",
        "development",
        "research",
        "institute",
        "engineering",
        "new",
        "energy",
        "materials",
        "material",
        "power",
        "vision",
        "video",
        "security",
        "services",
        "service",
        "computing",
        "cloud",
        "data",
        "memory",
        "silicon",
        "mechanics",
        "mechanical",
        "machinery",
        "automation",
        "components",
        "component",
        "integrated",
        "circuit",
        "circuits",
        "chip",
        "chips",
        "wireless",
        "mobile",
        "media",
        "display",
        "optical",
        "photonics",
        "precision",
        "innovation",
        "innovations",
        "labs",
        "lab",
        "works",
        "public",
        "bureau",
        "municipal",
        "municipality",
        "prefecture",
        "autonomous",
        "district",
        "region",
        "regional",
        "government",
        "people",
        "peoples",
        "department",
        "county",
        "city",
        "province",
        "provincial",
    ]
)
#: Places that often lead a company name: some weight, never distinctive alone.
PLACE_WORDS = frozenset(
    [
        "china",
        "chinese",
        "beijing",
        "shanghai",
        "shenzhen",
        "hangzhou",
        "zhejiang",
        "xiamen",
        "guangzhou",
        "guangdong",
        "jiangsu",
        "suzhou",
        "nanjing",
        "wuxi",
        "hefei",
        "anhui",
        "sichuan",
        "chengdu",
        "wuhan",
        "hubei",
        "tianjin",
        "chongqing",
        "dongguan",
        "zhuhai",
        "ningbo",
        "qingdao",
        "shandong",
        "fujian",
        "xian",
        "hunan",
        "changsha",
        "henan",
        "zhengzhou",
        "hebei",
        "liaoning",
        "dalian",
        "shenyang",
        "jilin",
        "harbin",
        "yunnan",
        "guangxi",
        "jiangxi",
        "shanxi",
        "shaanxi",
        "gansu",
        "inner",
        "mongolia",
        "hainan",
        "hong",
        "kong",
        "hongkong",
        "macau",
        "taiwan",
        "taipei",
        "usa",
        "us",
        "america",
        "american",
        "europe",
        "european",
        "eu",
        "asia",
        "asian",
        "pacific",
        "canada",
        "uk",
        "britain",
        "british",
        "japan",
        "korea",
        "germany",
        "india",
        "singapore",
        "netherlands",
        "france",
        "italy",
        "spain",
        "emea",
        "apac",
        "north",
        "south",
        "east",
        "west",
    ]
)
GEO_GENERIC = frozenset(
    {"international", "global", "worldwide", "intl", "europe", "european", "usa", "us", "emea"}
)

#: Abbreviations folded to one spelling before comparison (nomenklatura #245).
ABBREVIATIONS = {
    "tech": "technology", "techn": "technology", "technologies": "technology", "techs": "technology",
    "comm": "communications", "comms": "communications", "communication": "communications",
    "telecomm": "telecommunications", "telecommunication": "telecommunications",
    "grp": "group", "intl": "international", "int": "international", "elec": "electronics",
    "electronic": "electronics", "info": "information", "sci": "science", "sciences": "science",
    "mfg": "manufacturing", "dev": "development", "eqpt": "equipment", "equip": "equipment", "sys": "systems",
    "system": "systems", "corp": "corporation", "co": "company", "ltd": "limited", "inc": "incorporated",
    "semi": "semiconductor", "semiconductors": "semiconductor", "networks": "network", "devices": "device",
}  # fmt: skip

WEIGHT_GENERIC = 0.05
WEIGHT_GEO = 0.1
WEIGHT_DOMAIN = 0.15
WEIGHT_PLACE = 0.3
WEIGHT_COMMON = 0.3  # a token shared by many listed groups
WEIGHT_DISTINCTIVE = 1.0

#: Score of a match on an alias (method "alias"), by alias kind.
ALIAS_SCORE = 97.0
MENTION_SCORE = 92.0
FUZZY_MAX = 96.0  # a near match never outranks an exact alias
CJK_SUBSTRING_SCORE = 93.0
PATTERN_SCORES = {"high": 95.0, "medium": 88.0, "low": 75.0}
_FIELD_KINDS = {
    "manufacturer": "name",
    "supplier": "name",
    "part_number": "part_number",
    "mpn": "part_number",
    "description": "text",
    "text": "text",
}
_METHOD_RANK = {"exact": 5, "alias": 4, "fuzzy": 3, "part_number": 2, "description": 1}


def _canon(token: str) -> str:
    return ABBREVIATIONS.get(token, token)


def _word_class_weight(token: str) -> float:
    if token in GENERIC_WORDS:
        return WEIGHT_GEO if token in GEO_GENERIC else WEIGHT_GENERIC
    if token in GEO_GENERIC:
        return WEIGHT_GEO
    if token in DOMAIN_WORDS:
        return WEIGHT_DOMAIN
    if token in PLACE_WORDS:
        return WEIGHT_PLACE
    if token.isdigit():
        return 0.5
    return WEIGHT_DISTINCTIVE


@dataclass
class _Name:
    """One matchable name of an entity, normalised once at index time."""

    entity: Entity
    parent: Entity
    watchlist: Watchlist
    text: str
    kind: str  # canonical, legal, short, former, cjk, brand, trade, core
    norm: Normalized
    tokens: tuple[str, ...]  # canonicalised (abbreviations folded)
    key: str  # compact key of tokens
    confidence: str
    review: bool
    method: str  # "exact" or "alias"
    cjk: bool = False
    mentionable: bool = False
    weights: tuple[float, ...] = ()
    weight_total: float = 1.0
    numbers: frozenset[int] = frozenset()


def token_similarity(a: str, b: str) -> float:
    """Similarity 0..100 of two tokens; a transposition of neighbours costs half an edit.

    "hikvisoin" vs "hikvision" is 94.4 (one transposition); "dahuaa" vs "dahua" is 90.9.
    """
    if a == b:
        return 100.0
    longest = max(len(a), len(b))
    lev = Levenshtein.distance(a, b)
    osa = OSA.distance(a, b)
    transpositions = lev - osa
    cost = osa - 0.5 * transpositions
    return max(fuzz.ratio(a, b), 100.0 * (1.0 - cost / longest))


def _edit_note(a: str, b: str) -> str:
    lev = Levenshtein.distance(a, b)
    osa = OSA.distance(a, b)
    if osa == 1 and lev == 2:
        return "one transposition"
    if osa == 1:
        if len(a) > len(b):
            return "one extra letter"
        if len(a) < len(b):
            return "one letter missing"
        return "one letter different"
    return f"{osa} edits"


def _deletes(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def _short_lists(entity: Entity) -> tuple[str, ...]:
    return entity.list_codes


class Matcher:
    """Match cell values against one or more watchlists.

    Args:
        watchlists: the lists to screen against.
        threshold: minimum score (0..100) of a fuzzy match.
    """

    def __init__(self, watchlists: Sequence[Watchlist], threshold: float = 88.0) -> None:
        self.watchlists = list(watchlists)
        self.threshold = float(threshold)
        self._token_threshold = min(85.0, self.threshold)
        self._names: list[_Name] = []
        self._exact: dict[str, list[int]] = {}
        self._sorted_exact: dict[str, list[int]] = {}
        self._token_index: dict[str, list[int]] = {}
        self._deletion_index: dict[str, list[str]] = {}
        self._vocab: set[str] = set()
        self._weights: dict[str, float] = {}
        self._leet_vocab: dict[str, list[str]] | None = None  # built at the first value with digits in words
        self._cjk_names: list[int] = []
        self._cjk_by_char: dict[str, list[int]] = {}
        self._mention: dict[str, list[int]] = {}
        self._mention_max_tokens = 1
        self._patterns: list[tuple[Entity, Entity, Watchlist, PartPattern, re.Pattern[str]]] = []
        self._guards: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._cache: dict[tuple[str, str], tuple[list[Match], list[tuple[int, str]]]] = {}
        self._waiting: set[tuple[str, str]] = set()  # cache keys whose result has patterns awaiting context
        # The index is tens of thousands of small long-lived objects; the cyclic collector would scan them
        # again and again while they are made (measured 1.6-4 s instead of 0.9 s for 50,000 names), and none
        # of them form cycles that need collecting.
        with gc_paused():
            self._build()
        # For the quick clearance of ordinary part numbers (see _quick_clear).
        self._prefilter = PatternPrefilter(rx for *_, rx in self._patterns)
        name_words = {t for n in self._names for t in (*n.tokens, *n.norm.tokens) if not t.isdigit()}
        abbreviations = {short for short, full in ABBREVIATIONS.items() if full in name_words}
        self._quick_words = frozenset(name_words | abbreviations)
        # The same as bytes, for _bulk_quick_clear (only plain-ASCII values are cleared).
        self._quick_words_ascii = frozenset(w.encode("ascii") for w in self._quick_words if w.isascii())
        self._exact_ascii = frozenset(k.encode("ascii") for k in self._exact if k.isascii())

    # ------------------------------------------------------------------------------------------ index
    def _build(self) -> None:
        raw: list[tuple[Entity, Entity, Watchlist, str, str, str, bool]] = []
        for wl in self.watchlists:
            for entity in wl.entities:
                if not entity.matchable:
                    continue
                parent = wl.top_parent(entity)
                raw.append((entity, parent, wl, entity.name, "canonical", entity.confidence, False))
                for alias in entity.aliases:
                    conf = _min_conf(alias.confidence, entity.confidence)
                    raw.append((entity, parent, wl, alias.name, alias.kind, conf, alias.review))
                for pattern in entity.patterns:
                    self._patterns.append((entity, parent, wl, pattern, pattern.compiled()))
                for guard in entity.near_miss:
                    self._add_guard(entity.id, guard)
            for near in wl.near_misses:
                for entity_id in near.resembles:
                    self._add_guard(entity_id, near.name)

        # Document frequency by listed group: a token many groups share is not distinctive.
        group_df: dict[str, set[str]] = {}
        normed = []
        for entity, parent, wl, text, kind, conf, review in raw:
            norm = normalize(text)
            tokens = tuple(_canon(t) for t in norm.tokens)
            normed.append((entity, parent, wl, text, kind, conf, review, norm, tokens))
            for t in set(tokens):
                group_df.setdefault(t, set()).add(f"{wl.name}/{parent.id}")
        groups = {f"{wl.name}/{wl.top_parent(e).id}" for wl in self.watchlists for e in wl.entities}
        common_at = max(6, int(0.0005 * len(groups)))
        for t, g in group_df.items():
            w = _word_class_weight(t)
            if w == WEIGHT_DISTINCTIVE and len(g) >= common_at:
                w = WEIGHT_COMMON
            self._weights[t] = w

        explicit_keys: dict[str, set[str]] = {}
        for entity, *_, tokens in normed:
            explicit_keys.setdefault("".join(tokens), set()).add(entity.id)
        for entity, parent, wl, text, kind, conf, review, norm, tokens in normed:
            self._add_name(entity, parent, wl, text, kind, conf, review, norm, tokens)
        # Derived core names: leading places, domain and generic words dropped ("Hikvision").
        seen_core: set[tuple[str, str]] = set()
        for entity, parent, wl, _text, kind, conf, review, norm, tokens in normed:
            if not entity.derive_core or kind not in ("canonical", "legal") or norm.has_cjk:
                continue
            core = self._core_tokens(tokens)
            if not core or core == tokens:
                continue
            key = "".join(core)
            if len(key) < 4 or (key, entity.id) in seen_core:
                continue
            owners = explicit_keys.get(key, set())
            if owners and owners != {entity.id}:
                continue  # collides with another entry's own name
            if entity.id in owners:
                continue  # the entity already lists this name itself (with its own confidence/review flag)
            if any(self._guard_hits(entity.id, core, key)):
                continue
            seen_core.add((key, entity.id))
            core_norm = normalize(" ".join(core))
            self._add_name(entity, parent, wl, " ".join(core), "core", conf, review, core_norm, core)

    def _core_tokens(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        core = list(tokens)
        while core and self._weights.get(core[0], 1.0) == WEIGHT_PLACE:
            core.pop(0)
        core = [t for t in core if self._weights.get(t, 1.0) >= WEIGHT_PLACE]
        if not any(self._weights.get(t, 1.0) == WEIGHT_DISTINCTIVE for t in core):
            return ()
        return tuple(core)

    def _add_guard(self, entity_id: str, text: str) -> None:
        norm = normalize(text)
        tokens = tuple(_canon(t) for t in norm.tokens)
        if tokens:
            self._guards.setdefault(entity_id, []).append((tokens, "".join(tokens)))

    def _guard_hits(self, entity_id: str, value_tokens: Sequence[str], value_key: str) -> list[str]:
        hits = []
        for tokens, key in self._guards.get(entity_id, ()):
            if has_cjk(key):
                if key in value_key:
                    hits.append(key)
            elif _contains_seq(value_tokens, tokens):
                hits.append(key)
        return hits

    def _add_name(self, entity, parent, wl, text, kind, conf, review, norm, tokens) -> None:
        if not tokens:
            return
        key = "".join(tokens)
        cjk = norm.has_cjk
        if cjk and len(key) < 2:
            return  # never on one character
        method = "exact" if kind in ("canonical", "legal", "core") and not cjk else "alias"
        distinctive = [t for t in tokens if self._weights.get(t, 1.0) == WEIGHT_DISTINCTIVE]
        mentionable = not cjk and bool(distinctive) and len(key) >= 3
        idx = len(self._names)
        weights = tuple(self._weights.get(t, _word_class_weight(t)) for t in tokens)
        numbers = frozenset(
            j for j, t in enumerate(tokens) if not t.isalpha() and any(c.isdigit() for c in t)
        )
        self._names.append(
            _Name(entity, parent, wl, text, kind, norm, tokens, key, conf, review or entity.review, method, cjk,
                  mentionable, weights, sum(weights), numbers)
        )  # fmt: skip
        self._exact.setdefault(key, []).append(idx)
        if len(tokens) > 1:
            self._sorted_exact.setdefault("".join(sorted(tokens)), []).append(idx)
        if cjk:
            self._cjk_names.append(idx)
            self._cjk_by_char.setdefault(key[0], []).append(idx)
            return
        if mentionable:
            self._mention.setdefault(key, []).append(idx)
            self._mention_max_tokens = max(self._mention_max_tokens, len(tokens))
        for t in set(distinctive):
            self._token_index.setdefault(t, []).append(idx)
            if t not in self._vocab:
                self._vocab.add(t)
                if len(t) > 4 and t.isalpha():
                    index = self._deletion_index
                    index.setdefault(t, []).append(t)
                    for d in _deletes(t):
                        index.setdefault(d, []).append(t)

    # ------------------------------------------------------------------------------------------ public
    @property
    def name_count(self) -> int:
        """Number of indexed names (including derived core names)."""
        return len(self._names)

    def match(self, value: str, field: str, context: str = "") -> list[Match]:
        """Match one cell value.

        Args:
            value: the cell text as written.
            field: manufacturer, part_number, description, supplier or text (free text).
            context: optional other text of the same row (e.g. the manufacturer cell), used only by part-number
                patterns that need a context word such as 'Hytera'.

        Returns:
            Matches sorted best first, at most one per entity.
        """
        kind = _FIELD_KINDS.get(field, "text")
        if not value or not value.strip():
            return []
        cache_key = (value, kind)
        cached = self._cache.get(cache_key)
        if cached is None:
            if self._quick_clear(value, kind):
                return []
            cached = self._match_uncached(value, kind)
            self._cache[cache_key] = cached
            if cached[1]:
                self._waiting.add(cache_key)
        matches, pending = cached
        if context and pending:
            extra = self._context_pattern_matches(value, context, pending)
            if extra:
                return _best_per_entity(list(matches) + extra)
        return list(matches)

    def needs_context(self, value: str, field: str) -> bool:
        """Whether a part-number pattern fits this value but waits for a context word from its row.

        Screening learns the same from match_field() for a whole field, and only then builds the row's text
        and calls match() again with it, so the common case stays one look-up per distinct value.
        """
        kind = _FIELD_KINDS.get(field, "text")
        cached = self._cache.get((value, kind))
        if cached is None:
            if not value or not value.strip() or self._quick_clear(value, kind):
                return False
            self.match(value, field)
            cached = self._cache.get((value, kind))
        return bool(cached and cached[1])

    def names_in(self, text: str) -> list[Match]:
        """Listed names the text mentions in words (never a part-number pattern): e.g. a description
        "Image processor Hisilicon Hi3516CV500" names HiSilicon. Used to weigh a part-number hit."""
        norm = normalize(text)
        if not norm.folded:
            return []
        return [m for m in self._mentions(norm, field_kind="text") if not m.review]

    def waiting_for_context(self, items: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """The (value, field) pairs, among values already matched, whose pattern waits for a row's context.

        Cheap after match_values(): only values that took the full path can be waiting, and they are
        remembered as they are matched.
        """
        if not self._waiting:
            return set()
        waiting = self._waiting
        return {(v, f) for v, f in items if (v, _FIELD_KINDS.get(f, "text")) in waiting}

    def match_values(
        self,
        items: Iterable[tuple[str, str]],
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> dict[tuple[str, str], list[Match]]:
        """Match distinct (value, field) pairs.

        Args:
            items: (value, field) pairs; duplicates are matched once.
            progress: progress(done, total, message), called every few hundred values.
            cancel: checked between chunks; raises model.Cancelled when cancelled.

        Returns:
            (value, field) -> matches (empty lists included).
        """
        distinct = list(dict.fromkeys(items))
        total = len(distinct)
        out: dict[tuple[str, str], list[Match]] = {}
        # The common case of a large BOM: part numbers cleared together, kept out of match()'s general path
        # and out of the cache (a million distinct part numbers would hold half a gigabyte there).
        part_numbers = [k for k in distinct if _FIELD_KINDS.get(k[1]) == "part_number"]
        cleared = self._bulk_quick_clear([v for v, _ in part_numbers])
        out.update((k, []) for k, ok in zip(part_numbers, cleared, strict=True) if ok)
        for i, key in enumerate(distinct):
            if i % 256 == 0:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                if progress is not None:
                    progress(i, total, "Matching values")
            if key not in out:
                out[key] = self.match(*key)
        if progress is not None:
            progress(total, total, "Matching values")
        return out

    def match_field(
        self, values: Sequence[str], field: str, cancel: CancelToken | None = None
    ) -> tuple[dict[str, list[Match]], list[str]]:
        """Match distinct values of one field; what screening a large BOM needs, without a key per value.

        Args:
            values: distinct cell values (empty ones are fine and never match).
            field: their field, as in match().
            cancel: checked every few hundred values that take the full path.

        Returns:
            (value -> matches, for the values with any; the values among them and the others whose
            part-number pattern waits for a context word from the row, see needs_context()).
        """
        kind = _FIELD_KINDS.get(field, "text")
        if kind == "part_number":
            cleared = self._bulk_quick_clear(values)
            values = list(itertools.compress(values, map(operator.not_, cleared)))
        found: dict[str, list[Match]] = {}
        waiting: list[str] = []
        remembered = self._waiting
        for i, value in enumerate(values):
            if cancel is not None and i % 256 == 0:
                cancel.raise_if_cancelled()
            matches = self.match(value, field)
            if matches:
                found[value] = matches
            if remembered and (value, kind) in remembered:
                waiting.append(value)
        return found, waiting

    # ------------------------------------------------------------------------------------------ core
    def _bulk_quick_clear(self, values: Sequence[str]) -> list[bool]:
        """[_quick_clear(v, "part_number") for v in values], with each test one pass over all of them.

        Calling _quick_clear per value costs about 2 us, most of it the calls: 0.4 s for the 195,000
        distinct part numbers of a 100,000-row BOM. Here the plain-ASCII values are joined by NUL (which
        none of them holds), lower-cased once, and each test is one regex pass over the joined text whose
        few finds are mapped back to their value; a value is cleared when no test finds anything in it.
        """
        n = len(values)
        prefilter = self._prefilter
        if n < _BULK_MIN_VALUES or not prefilter.bulk_safe:
            return [self._quick_clear(v, "part_number") for v in values]
        joined = "\x00".join(values)
        if joined.isascii() and joined.count("\x00") == n - 1:
            chosen: list[int] | None = None
            plain = values
        else:  # Non-ASCII values take the full path, as in _quick_clear; a value holding a NUL is asked alone.
            chosen = [i for i, v in enumerate(values) if v.isascii() and "\x00" not in v]
            plain = [values[i] for i in chosen]
            joined = "\x00".join(plain)
        text = "\x00" + joined.lower() + "\x00"
        raw = text.encode("ascii")
        blocked = [m.start() for m in _NO_DIGIT_VALUE.finditer(text)]
        if prefilter.ascii_regex is not None:
            blocked += [m.start() for m in prefilter.ascii_regex.finditer(text)]
        # Words (runs of letters and digits) as bytes: a C translate and split, three times quicker than findall.
        words = raw.translate(_ALNUM_ELSE_SPACE).split()
        listed = self._quick_words_ascii.intersection(words)
        if len(listed) > _BULK_MAX_WORDS:
            return [self._quick_clear(v, "part_number") for v in values]
        if listed:
            alternatives = trie_regex((w.decode("ascii") for w in listed), whole=True)
            found = re.finditer(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])", text)
            blocked += [m.start() for m in found]
        if not _SINGLE_LETTER_WORDS.isdisjoint(words):
            # Spaced-out letters ("H I K 1 2") are joined by normalisation: two single letters take the full path.
            letters = Counter(_value_indices(text, [m.start() for m in _SINGLE_LETTER.finditer(text)]))
            index = [i for i, count in letters.items() if count >= 2]
        else:
            index = []
        index += _value_indices(text, blocked)
        compact = raw.translate(None, _NOT_ALNUM_OR_NUL).split(b"\x00")[1:-1]
        exact = self._exact_ascii
        if not exact.isdisjoint(compact):
            index += [i for i, key in enumerate(compact) if key in exact]
        ok = [True] * len(plain)
        for i in index:
            ok[i] = False
        if chosen is None:
            return ok
        out = [False] * n
        for i, cleared in zip(chosen, ok, strict=True):
            out[i] = cleared
        for i, v in enumerate(values):
            if "\x00" in v:
                out[i] = self._quick_clear(v, "part_number")
        return out

    def _quick_clear(self, value: str, kind: str) -> bool:
        """True when an ordinary part number provably meets nothing, without the full pipeline.

        A part-number cell is screened by the makers' patterns and by exact listed names. A plain-ASCII
        value with a digit in it (look-alike letters, zero-width characters and Chinese script always take
        the full path) cannot fit a pattern when none of the patterns' starting fragments occurs in it, and
        cannot equal a listed name when neither its compact form nor any of its words (bare numbers aside:
        they equal a name only together with its other words) is a listed name's key or word. Spaced-out
        letters are joined by normalisation, so two single letters send a value down the full path. Most
        part numbers of a large BOM end here; _bulk_quick_clear gives the same answers for a whole batch
        (tests/core/test_prefilter.py holds the two together), this one stays the reference.
        """
        if kind != "part_number" or not value.isascii():
            return False
        lowered = value.lower()
        if _DIGIT.search(lowered) is None or self._prefilter.may_match(lowered):
            return False
        words = _ASCII_WORDS.findall(lowered)
        if not self._quick_words.isdisjoint(words) or "".join(words) in self._exact:
            return False
        return len(_SINGLE_LETTER.findall(lowered)) < 2

    def _match_uncached(self, value: str, kind: str) -> tuple[list[Match], list[tuple[int, str]]]:
        norm = normalize(value)
        if not norm.folded:
            return [], []
        tokens = tuple(_canon(t) for t in norm.tokens)
        found: list[Match] = []
        pending: list[tuple[int, str]] = []
        if kind == "name":
            found += self._exact_matches(norm, tokens)
            if norm.has_cjk:
                found += self._cjk_matches(norm)
            found += self._fuzzy_matches(norm, tokens)
            found += self._leet_matches(norm, tokens)
            if not found:
                found += self._mentions(norm, field_kind=kind)
        elif kind == "part_number":
            patterns, pending = self._pattern_matches(value)
            found += patterns
            found += self._exact_matches(norm, tokens)
            if norm.has_cjk:
                found += self._cjk_matches(norm)
        else:
            patterns, pending = self._pattern_matches(value)
            found += patterns
            found += self._exact_matches(norm, tokens)
            found += self._mentions(norm, field_kind=kind)
            if norm.has_cjk:
                found += self._cjk_matches(norm)
        found = [m for m in found if not self._guarded(m, norm, tokens)]
        # A value that is a listed name exactly does not also need look-alike findings in the same group.
        exact_parents = {m.parent_id for m in found if m.method in ("exact", "alias") and not m.review}
        found = [
            m for m in found if not (m.method in ("fuzzy", "description") and m.parent_id in exact_parents)
        ]
        # The value is a name the list marks review-only (bare 'Dahua'): near matches in that group stay review.
        review_parents = {m.parent_id for m in found if m.method in ("exact", "alias") and m.review}
        found = [
            _replace(
                m, review=True, reason=m.reason + " (review: the value is a name shared by unrelated firms)"
            )
            if m.parent_id in review_parents and not m.review
            else m
            for m in found
        ]
        return _best_per_entity(found), pending

    def _guarded(self, m: Match, norm: Normalized, tokens: tuple[str, ...]) -> bool:
        """True when a near-miss name in the value explains the match (e.g. 大华 inside 西安大华时代)."""
        if m.method == "part_number":
            return False
        value_key = "".join(tokens)
        ids = {m.entity_id, m.parent_id}
        for entity_id in ids:
            for guard_key in self._guard_hits(entity_id, tokens, value_key):
                if m.method == "fuzzy" or m.normalized_name.replace(" ", "") in guard_key:
                    return True
        return False

    def _make(
        self,
        name: _Name,
        method: str,
        score: float,
        reason: str,
        norm: Normalized,
        review: bool | None = None,
        matched_name: str | None = None,
    ) -> Match:
        entity = name.entity
        rv = name.review or name.confidence == "low" if review is None else review
        if name.review:
            rv = True
        reason = reason + _tricks_suffix(norm) + _relation_suffix(name)
        if rv:
            reason += _review_suffix(name)
        return Match(
            entity_id=entity.id,
            entity=entity.name,
            parent_id=name.parent.id,
            parent=name.parent.name,
            matched_name=matched_name or name.text,
            lists=_short_lists(entity) or _short_lists(name.parent),
            method=method,
            score=round(float(score), 1),
            reason=reason,
            confidence=name.confidence,
            review=rv,
            normalized_value=norm.name,
            normalized_name=" ".join(name.tokens),
            watchlist=name.watchlist.label,
        )

    def _exact_matches(self, norm: Normalized, tokens: tuple[str, ...]) -> list[Match]:
        key = "".join(tokens)
        out = []
        for idx in self._exact.get(key, ()):
            name = self._names[idx]
            same_spacing = tokens == name.tokens
            if name.method == "exact":
                spaces = "" if same_spacing else " once the spaces are removed"
                reason = f"'{norm.original.strip()}' equals the listed name '{name.text}'{spaces}"
                if name.kind == "core":
                    reason = (
                        f"'{norm.original.strip()}' equals '{name.text}'{spaces}, the core of the listed name "
                        f"'{name.entity.name}' (place, domain words and legal form left out)"
                    )
                score = 100.0
            else:
                label = "Chinese name" if name.cjk else f"{_kind_word(name.kind)}"
                spaces = "" if same_spacing else " once the spaces are removed"
                reason = f"'{norm.original.strip()}' matches {label} '{name.text}'{spaces}"
                score = ALIAS_SCORE
            out.append(self._make(name, name.method, score, reason, norm))
        if not out and len(tokens) > 1:
            for idx in self._sorted_exact.get("".join(sorted(tokens)), ()):
                name = self._names[idx]
                reason = f"'{norm.original.strip()}' has the words of '{name.text}' in a different order"
                out.append(self._make(name, name.method, 96.0, reason, norm))
        return out

    def _cjk_matches(self, norm: Normalized) -> list[Match]:
        text = "".join(ch for ch in norm.folded if is_cjk_char(ch) or ch.isalnum())
        stripped = norm.compact
        spans: list[tuple[int, int, int]] = []
        for i, ch in enumerate(text):
            for idx in self._cjk_by_char.get(ch, ()):
                key = self._names[idx].key
                if text.startswith(key, i):
                    spans.append((i, i + len(key), idx))
        out = []
        for start, end, idx in spans:
            # A short name inside a longer matched name belongs to the longer one (海思 inside 海思光电子).
            if any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in spans):
                continue
            name = self._names[idx]
            if name.key == stripped:
                continue  # already an exact/alias match
            reason = f"'{norm.original.strip()}' contains the Chinese name '{name.text}'"
            out.append(self._make(name, "alias", CJK_SUBSTRING_SCORE, reason, norm))
        return out

    def _value_token_options(self, tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The tokens, plus a version with neighbours merged where the merge is a listed token ("hik vision")."""
        options = [tokens]
        merged: list[str] = []
        i = 0
        changed = False
        while i < len(tokens):
            if i + 1 < len(tokens) and tokens[i] + tokens[i + 1] in self._vocab:
                merged.append(tokens[i] + tokens[i + 1])
                i += 2
                changed = True
            else:
                merged.append(tokens[i])
                i += 1
        if changed:
            options.append(tuple(merged))
        return options

    def _similar_vocab(self, token: str) -> list[tuple[str, float]]:
        """Listed distinctive tokens within the edit budget of a value token (first letter kept)."""
        if token in self._vocab:
            return [(token, 100.0)]
        if len(token) <= 4 or any(c.isdigit() for c in token):
            return []
        cands: set[str] = set()
        for d in _deletes(token) | {token}:
            cands.update(self._deletion_index.get(d, ()))
        out = []
        budget = 1 if len(token) < 9 else 2
        for c in cands:
            if c[0] != token[0] or len(c) <= 4:
                continue
            if OSA.distance(token, c) > budget:
                continue
            sim = token_similarity(token, c)
            if sim >= self._token_threshold:
                out.append((c, sim))
        return out

    def _fuzzy_matches(self, norm: Normalized, tokens: tuple[str, ...], tricks: str = "") -> list[Match]:
        out: list[Match] = []
        best: dict[str, tuple[float, _Name, list]] = {}
        for option in self._value_token_options(tokens):
            # name token -> [(similarity, value token position)]
            reverse: dict[str, list[tuple[float, int]]] = {}
            cand_idx: set[int] = set()
            for i, t in enumerate(option):
                reverse.setdefault(t, []).append((100.0, i))
                if self._weights.get(t, _word_class_weight(t)) < WEIGHT_DISTINCTIVE:
                    continue
                for vocab_token, sim in self._similar_vocab(t):
                    if vocab_token != t:
                        reverse.setdefault(vocab_token, []).append((sim, i))
                    cand_idx.update(self._token_index.get(vocab_token, ()))
            if not cand_idx:
                continue
            wv = [self._weights.get(t, _word_class_weight(t)) for t in option]
            v_numbers = frozenset(i for i, t in enumerate(option) if any(c.isdigit() for c in t))
            for idx in cand_idx:
                name = self._names[idx]
                score, pairs = self._score(option, wv, v_numbers, name, reverse)
                if score < self.threshold:
                    continue
                prev = best.get(name.entity.id)
                # A near match on a name the list trusts beats a closer one on an unverified alias of the
                # same entry: the finding then stands on the trusted name instead of a review-level one.
                if prev is None or (_trusted(name), score) > (_trusted(prev[1]), prev[0]):
                    best[name.entity.id] = (score, name, pairs)
        for score, name, pairs in best.values():
            if score >= 99.95:
                continue  # equal after abbreviation folding: the exact pass reports it
            score = min(score, FUZZY_MAX)
            out.append(
                self._make(name, "fuzzy", score, self._fuzzy_reason(norm, name, score, pairs) + tricks, norm)
            )
        return out

    def _score(self, option, wv, v_numbers, name: _Name, reverse) -> tuple[float, list]:
        """Asymmetric weighted token score; 0 without a distinctive token in common or with differing numbers."""
        pairs: list[tuple[float, int, int]] = []
        for j, nt in enumerate(name.tokens):
            for sim, i in reverse.get(nt, ()):
                pairs.append((sim, i, j))
        if not pairs:
            return 0.0, []
        pairs.sort(reverse=True)
        used_v: set[int] = set()
        used_n: set[int] = set()
        chosen = []
        distinctive = False
        nw = name.weights
        for s, i, j in pairs:
            if i in used_v or j in used_n:
                continue
            used_v.add(i)
            used_n.add(j)
            chosen.append((s, i, j))
            if nw[j] == WEIGHT_DISTINCTIVE:
                distinctive = True
        if not distinctive:
            return 0.0, []
        if (v_numbers - used_v) and (name.numbers - used_n):
            return 0.0, []  # numbers distinguish entities ("CETC 13" is not "CETC 14")
        cov_v = sum(wv[i] * s for s, i, _ in chosen) / (100.0 * sum(wv))
        cov_n = sum(nw[j] * s for s, _, j in chosen) / (100.0 * name.weight_total)
        score = 100.0 * (0.75 * cov_v + 0.25 * cov_n)
        return score, [(option[i], name.tokens[j], s) for s, i, j in chosen]

    def _fuzzy_reason(self, norm: Normalized, name: _Name, score: float, pairs) -> str:
        value = norm.original.strip()
        typos = [(v, n, s) for v, n, s in pairs if v != n]
        if typos:
            v, n, s = typos[0]
            detail = f" ('{v}' vs '{n}': {_edit_note(v, n)})"
        else:
            matched = {n for _, n, _ in pairs}
            extra = [t for t in name.tokens if t not in matched]
            detail = f" (listed name also has: {' '.join(extra)})" if extra else ""
        return f"'{value}' is {score:.0f}% similar to '{name.text}'{detail}"

    def _leet_matches(self, norm: Normalized, tokens: tuple[str, ...]) -> list[Match]:
        mixed = {t for t in tokens if mixes_letters_and_digits(t)}
        if not mixed:
            return []
        out: list[Match] = []
        # Digits in a mixed token are the evidence; a lone digit next to one ("0-F1lm") may be a letter too.
        candidates = mixed | {t for t in tokens if t.isdigit() and len(t) <= 2}
        for table in (_LEET_I, _LEET_L):
            alt = tuple(self._leet_word(t, table) if t in candidates else t for t in tokens)
            if alt == tokens:
                continue
            alt_norm = normalize(" ".join(alt))
            alt_tokens = tuple(_canon(t) for t in alt_norm.tokens)  # legal forms such as 'C0rp.' now drop
            digits = sorted({c for t in candidates for c in t if c.isdigit()})
            trick = f"; digits used as letters ({', '.join(_digit_word(d, table) for d in digits)})"
            for m in self._exact_matches(alt_norm, alt_tokens) + self._fuzzy_matches(alt_norm, alt_tokens):
                reason = m.reason.replace(f"'{alt_norm.original.strip()}'", f"'{norm.original.strip()}'", 1)
                if trick not in reason:
                    reason += trick
                out.append(_replace(m, reason=reason, score=min(m.score, 96.0), normalized_value=norm.name))
            if out:
                break
        return out

    def _leet_word(self, token: str, table: dict[int, str]) -> str:
        """A token with its digits read as letters: a listed word when one fits, else by the table.

        '1' stands for both 'i' and 'l' ("H1S1l1c0n"), so listed words are looked up by leet_key, which
        folds 'i', 'l' and '1' together. Short tokens (3M, C0G, X7R are real BOM words) and lone digits
        change only into a listed word.
        """
        vocab = self._leet_vocab
        if vocab is None:
            vocab = {}
            abbreviations = [short for short, full in ABBREVIATIONS.items() if full in self._weights]
            for word in (*self._weights, *GENERIC_WORDS, *abbreviations):
                if word.isascii() and word.isalpha():
                    vocab.setdefault(leet_key(word), []).append(word)
            self._leet_vocab = vocab
        words = vocab.get(leet_key(token))
        if words:
            return min(words)
        if len(token) >= 5 and not token.isdigit():
            return _canon(token.translate(table))
        return token

    def _mentions(self, norm: Normalized, field_kind: str) -> list[Match]:
        tokens = [_canon(t) for t in norm.folded.split()]
        raw_tokens = norm.folded.split()
        out = []
        n_max = min(self._mention_max_tokens, 5)
        for n in range(1, n_max + 1):
            for i in range(len(tokens) - n + 1):
                gram = tokens[i : i + n]
                key = "".join(gram)
                idxs = self._mention.get(key)
                if not idxs:
                    continue
                if n > 1 and any(len(t) < 2 for t in gram):
                    continue
                if len(key) <= 4 and n > 1:
                    continue
                shown = " ".join(raw_tokens[i : i + n])
                for idx in idxs:
                    name = self._names[idx]
                    if n > 1 and len(name.tokens) == 1 and len(key) < 6:
                        continue
                    reason = (
                        f"the text mentions '{_original_span(norm.original, shown)}', "
                        f"{'the listed name' if name.method == 'exact' else _kind_word(name.kind)} '{name.text}'"
                    )
                    score = MENTION_SCORE if field_kind == "text" else 90.0
                    out.append(self._make(name, "description", score, reason, norm))
        return out

    def _pattern_matches(self, value: str) -> tuple[list[Match], list[tuple[int, str]]]:
        out: list[Match] = []
        pending: list[tuple[int, str]] = []
        norm = normalize(value)
        text = _pattern_text(value)
        lowered = norm.folded
        for k, (entity, parent, wl, pattern, rx) in enumerate(self._patterns):
            found = rx.search(text)
            if not found:
                continue
            hit = found.group(0)
            context_ok = not pattern.context or any(_has_word(lowered, c) for c in pattern.context)
            if not context_ok:
                pending.append((k, hit))
                if pattern.context_mode != "review":
                    continue
            out.append(self._pattern_match(entity, parent, wl, pattern, hit, value, context_ok, norm))
        return out, pending

    def _pattern_match(self, entity, parent, wl, pattern, hit, value, context_ok, norm) -> Match:
        label = pattern.label or f"part-number pattern {pattern.regex}"
        owner = entity.name if entity.id == parent.id else f"{entity.name} ({parent.name})"
        short_owner = _display_short(entity)
        reason = f"'{hit}' fits {short_owner}'s {label}"
        review = pattern.confidence == "low" or entity.review or entity.confidence == "low"
        if pattern.context:
            if context_ok:
                reason += f"; '{_first_context(norm.folded, pattern.context)}' appears with it"
            else:
                review = True
                reason += f"; no {' / '.join(pattern.context[:2])} in the row, so check the maker"
        reason += f" [{owner}]"
        if review:
            reason += " (review: weak pattern or unverified data)"
        score = PATTERN_SCORES.get(pattern.confidence, 75.0)
        if not context_ok:
            score = min(score, 70.0)
        return Match(
            entity_id=entity.id,
            entity=entity.name,
            parent_id=parent.id,
            parent=parent.name,
            matched_name=pattern.label or pattern.regex,
            lists=entity.list_codes or parent.list_codes,
            method="part_number",
            score=score,
            reason=reason,
            confidence=pattern.confidence,
            review=review,
            normalized_value=hit,
            normalized_name=pattern.regex,
            watchlist=wl.label,
        )

    def _context_pattern_matches(
        self, value: str, context: str, pending: list[tuple[int, str]]
    ) -> list[Match]:
        ctx = normalize(context).folded
        out = []
        norm = normalize(value)
        for k, hit in pending:
            entity, parent, wl, pattern, _ = self._patterns[k]
            if any(_has_word(ctx, c) for c in pattern.context):
                m = self._pattern_match(entity, parent, wl, pattern, hit, value, True, norm)
                word = _first_context(ctx, pattern.context)
                out.append(
                    _replace(
                        m,
                        reason=m.reason.replace("appears with it", "appears in the row").replace(
                            f"; '{_first_context(norm.folded, pattern.context)}' appears with it",
                            f"; '{word}' is in the row",
                        ),
                    )
                )
        return out


# --- helpers ---------------------------------------------------------------------------------------------
_LEET_I = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a"})
_LEET_L = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a"})
_CONF_ORDER = {"high": 2, "medium": 1, "low": 0}


def _value_indices(text: str, positions: list[int]) -> list[int]:
    """For text of values each led by a NUL: the index of the value each position falls in (NUL: the next)."""
    out = []
    index = -1
    done = 0
    for p in sorted(positions):
        index += text.count("\x00", done, p + 1)
        done = p + 1
        out.append(index)
    return out


def _digit_word(d: str, table: dict) -> str:
    return f"'{d}' read as '{table[ord(d)]}'" if ord(d) in table else f"'{d}'"


def _min_conf(a: str, b: str) -> str:
    return a if _CONF_ORDER.get(a, 0) <= _CONF_ORDER.get(b, 0) else b


def _contains_seq(hay: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    if n == 0 or n > len(hay):
        return False
    return any(tuple(hay[i : i + n]) == tuple(needle) for i in range(len(hay) - n + 1))


def _kind_word(kind: str) -> str:
    return {
        "legal": "legal name",
        "short": "alias",
        "former": "former name",
        "cjk": "Chinese name",
        "brand": "brand",
        "trade": "trade name",
        "core": "core name",
        "canonical": "listed name",
    }.get(kind, "alias")


def _tricks_suffix(norm: Normalized) -> str:
    if not norm.tricks:
        return ""
    return "; " + "; ".join(norm.tricks)


def _relation_suffix(name: _Name) -> str:
    entity = name.entity
    if entity.id == name.parent.id:
        return ""
    rel = entity.relationship
    covered = [x.code for x in entity.lists if x.via_affiliate]
    text = f" — {entity.name} is a {rel} of {name.parent.name}"
    if covered:
        text += f", covered as such under {', '.join(dict.fromkeys(covered))}"
    return text


def _review_suffix(name: _Name) -> str:
    if name.entity.review:
        return " (review: listed for a person to check, not an automatic hit)"
    if name.review:
        return " (review: this short name is shared by unrelated firms)"
    return " (review: low-confidence list data)"


def _display_short(entity: Entity) -> str:
    for alias in entity.aliases:
        if alias.kind in ("short", "brand") and not has_cjk(alias.name):
            return alias.name
    return entity.name


def _pattern_text(value: str) -> str:
    text = "".join(c for c in value if c not in ZERO_WIDTH and c != SOFT_HYPHEN)
    return unicodedata.normalize("NFKC", text)


def _has_word(folded: str, word: str) -> bool:
    if has_cjk(word):
        return word in folded
    return re.search(rf"(?<![0-9a-z]){re.escape(word)}(?![0-9a-z])", folded) is not None


def _first_context(folded: str, words: Sequence[str]) -> str:
    for w in words:
        if _has_word(folded, w):
            return w
    return words[0] if words else ""


def _original_span(original: str, shown: str) -> str:
    """The stretch of the original text that folded to `shown`, when it can be found simply."""
    pattern = r"[\W_]*".join(re.escape(t) for t in shown.split())
    found = re.search(pattern, original, re.IGNORECASE)
    return found.group(0) if found else shown


def _replace(m: Match, **changes) -> Match:
    return dataclasses.replace(m, **changes)


def _rank(m: Match) -> tuple:
    return (not m.review, m.score, _METHOD_RANK.get(m.method, 0))


def _trusted(name: _Name) -> bool:
    """Whether a matched name alone makes a full (not review-level) finding."""
    return not (name.review or name.confidence == "low")


def _best_per_entity(matches: list[Match]) -> list[Match]:
    best: dict[str, Match] = {}
    for m in matches:
        prev = best.get(m.entity_id)
        if prev is None or _rank(m) > _rank(prev):
            best[m.entity_id] = m
    return sorted(best.values(), key=_rank, reverse=True)
