"""Pinyin spellings of every listed Chinese name, generated when the lists are loaded.

A supplier who writes 海康威视 in Latin letters writes its pinyin: "Haikang Weishi", "HAIKANGWEISHI",
"Hǎikāng Wēishì" or "hai3 kang1 wei1 shi4". PinyinNames reads every Chinese name of every matchable entry of
the lists (built-in and imported alike: nothing is typed by hand) into its pinyin with pypinyin, without its
legal form (有限公司 ...), and looks a value up by its letters with spaces, tone marks (folded away by
normalize()) and tone numbers removed. The pinyin of a two-character name is review-level: two syllables are
shared by many unrelated names (homophones, given names), so such a finding is a prompt to look, not a hit.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from functools import cache

from guiapp.lists.watchlist import Watchlist
from guiapp.matching.indexedname import IndexedName
from guiapp.matching.normalize import (
    _LEGAL_FORMS_CJK,
    Normalized,
    has_cjk,
    is_cjk_char,
    normalize,
    strip_legal_forms,
)
from guiapp.matching.reasons import make_match
from guiapp.matching.scoring import ALIAS_SCORE
from guiapp.model import Match

log = logging.getLogger(__name__)

_CONF_ORDER = {"high": 2, "medium": 1, "low": 0}
_TONE_NUMBER = re.compile(r"^[a-zü]+[1-5]?$")  # the neutral tone may go without its 5


@cache
def _lazy_pinyin():
    """pypinyin's lazy_pinyin and its Style (None when the library is not installed)."""
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError:
        log.warning("pypinyin is not installed: listed Chinese names are not matched in pinyin")
        return None
    return lazy_pinyin, Style


def pinyin_syllables(chinese: str) -> list[str]:
    """The toneless pinyin syllables of a Chinese text ('ü' as 'u'), or [] when some character has none."""
    lib = _lazy_pinyin()
    if lib is None:
        return []
    lazy_pinyin, style = lib
    syllables = [s.replace("ü", "u").replace("v", "u") for s in lazy_pinyin(chinese, style=style.NORMAL)]
    if len(syllables) != len(chinese) or not all(s.isascii() and s.isalpha() for s in syllables):
        return []
    return syllables


#: Set by prime_toneless_syllables (the index cache keeps them): reading pypinyin's data takes a good part
#: of a second, a long time for a small BOM.
_PRIMED: list[frozenset[str]] = []


def prime_toneless_syllables(syllables: frozenset[str]) -> None:
    """Use these syllables (read earlier from pypinyin by toneless_syllables) instead of reading its data."""
    if syllables:
        _PRIMED[:] = [frozenset(syllables)]


def toneless_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable pypinyin knows ('zhong', 'xing', 'lu' for 'lü'), read from its data."""
    if _PRIMED:
        return _PRIMED[0]
    return _read_toneless_syllables()


@cache
def _read_toneless_syllables() -> frozenset[str]:
    try:
        from pypinyin.pinyin_dict import pinyin_dict
    except ImportError:
        return frozenset()
    # 42,000 characters share about 1,500 readings: each distinct reading is folded once.
    readings: set[str] = set()
    for listed in pinyin_dict.values():
        readings.update(listed.split(","))
    out: set[str] = set()
    for reading in readings:
        plain = "".join(c for c in unicodedata.normalize("NFKD", reading) if not unicodedata.combining(c))
        if plain.isascii() and plain.isalpha():
            out.add(plain.lower())
    return frozenset(out)


def is_pinyin_word(token: str, max_syllables: int = 2) -> bool:
    """True when the token is one to max_syllables pinyin syllables run together ('zhongxing', 'dahua'):
    a Chinese word in Latin letters, which many unrelated firms' names use ('Hikvision' is not one)."""
    syllables = toneless_syllables()
    if not syllables or not token.isascii() or not token.isalpha():
        return False
    word = token.lower()
    # reach[i]: the fewest syllables that spell word[:i]
    reach = [0] + [max_syllables + 1] * len(word)
    for i in range(1, len(word) + 1):
        for j in range(max(0, i - 6), i):
            if reach[j] < max_syllables and word[j:i] in syllables:
                reach[i] = min(reach[i], reach[j] + 1)
    return reach[-1] <= max_syllables


def _legal_form_keys() -> tuple[str, ...]:
    """The pinyin of the Chinese legal forms ('youxiangongsi' ...), longest first."""
    keys = {"".join(pinyin_syllables(form)) for form in _LEGAL_FORMS_CJK}
    return tuple(sorted((k for k in keys if k), key=len, reverse=True))


class PinyinNames:
    """The pinyin of the Chinese names of some watchlists, by key (letters only, no tones, no spaces).

    Args:
        watchlists: the lists whose matchable entries' Chinese names are read.
    """

    def __init__(self, watchlists: Sequence[Watchlist]) -> None:
        self._by_key: dict[str, list[tuple[IndexedName, str]]] = {}
        for wl in watchlists:
            for entity in wl.entities:
                if not entity.matchable:
                    continue
                names = [(entity.name, entity.confidence, entity.review)]
                names += [
                    (a.name, _min_conf(a.confidence, entity.confidence), a.review) for a in entity.aliases
                ]
                chinese_names = [n for n in names if has_cjk(n[0])]
                if not chinese_names:
                    continue
                parent = wl.top_parent(entity)
                for text, conf, review in chinese_names:
                    self._add(entity, parent, wl, text, conf, review)

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_key.values())

    def _add(self, entity, parent, wl: Watchlist, text: str, conf: str, review: bool) -> None:
        core = strip_legal_forms(normalize(text).folded).replace(" ", "")
        if len(core) < 2 or not all(is_cjk_char(ch) for ch in core):
            return  # mixed scripts or one character: no reliable reading
        syllables = pinyin_syllables(core)
        if not syllables:
            return
        key = "".join(syllables)
        shown = " ".join(syllables)
        norm = normalize(shown)
        name = IndexedName(
            entity, parent, wl, shown, "pinyin", norm, tuple(syllables), key, conf,
            review or entity.review or len(core) <= 2, "alias",
        )  # fmt: skip
        entries = self._by_key.setdefault(key, [])
        if not any(n.entity.id == entity.id for n, _ in entries):
            entries.append((name, text))

    def matches(self, norm: Normalized) -> list[Match]:
        """The listed Chinese names whose pinyin the value is (spaces, tones and legal form aside)."""
        if not self._by_key or not norm.compact.isascii():
            return []
        tokens = norm.name.split()
        toned = any(t[-1].isdigit() for t in tokens) and all(_TONE_NUMBER.match(t) for t in tokens)
        if toned:
            tokens = [t.rstrip("12345") for t in tokens]
        key = "".join(tokens).replace("v", "u")
        if not key.isalpha():
            return []
        hits = self._by_key.get(key)
        stripped = key
        while not hits:
            for form in _legal_form_keys():
                if stripped.endswith(form) and len(stripped) > len(form):
                    stripped = stripped[: -len(form)]
                    break
            else:
                break
            hits = self._by_key.get(stripped)
        out = []
        for name, chinese in hits or ():
            how = " once the tone numbers are left out" if toned else ""
            if stripped != key:
                how += (
                    " and its legal form in pinyin left out"
                    if how
                    else " once its legal form in pinyin is left out"
                )
            reason = (
                f"'{norm.original.strip()}' is '{name.text}', the pinyin of the Chinese name '{chinese}'{how}"
            )
            out.append(make_match(name, "alias", ALIAS_SCORE - 2.0, reason, norm))
        return out


def _min_conf(a: str, b: str) -> str:
    return a if _CONF_ORDER.get(a, 0) <= _CONF_ORDER.get(b, 0) else b
