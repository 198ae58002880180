"""Pinyin spellings of every listed Chinese name, generated when the lists are loaded.

A supplier who writes 海康威视 in Latin letters writes its pinyin: "Haikang Weishi", "HAIKANGWEISHI",
"Hǎikāng Wēishì" or "hai3 kang1 wei1 shi4". PinyinNames reads every Chinese name of every matchable entry of
the lists (built-in and imported alike: nothing is typed by hand) into its pinyin with pypinyin, without its
legal form (有限公司 ...), and looks a value up by its letters with spaces, tone marks (folded away by
normalize()) and tone numbers removed. The pinyin of a two-character name is review-level: two syllables are
shared by many unrelated names (homophones, given names), so such a finding is a prompt to look, not a hit.

Inside longer text (a description, a note) the pinyin of a name of three syllables or more is found too, at
review level, when it stands as whole words split only where its syllables meet ("Haikang Weishi",
"HAIKANGWEISHI", "Hǎikāng Wēishì" in "IP camera by Haikang Weishi"): one or two syllables spell ordinary
Chinese words and given names ("dahua", "zhongxing"), which would flag many innocent texts.
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
from guiapp.matching.reasons import make_match, replace_match
from guiapp.matching.scoring import ALIAS_SCORE
from guiapp.model import Match

log = logging.getLogger(__name__)

_CONF_ORDER = {"high": 2, "medium": 1, "low": 0}
#: A word of pinyin with tone numbers: each syllable followed by its tone, the neutral tone may go without its 5;
#: several syllables may be run together ("hai3kang1").
_TONE_NUMBER = re.compile(r"^(?:[a-zü]+[1-5])*[a-zü]+[1-5]?$")
_TONE_DIGITS = str.maketrans("", "", "12345")
#: A listed name's pinyin is looked for inside longer text only with this many syllables or more.
MIN_TEXT_SYLLABLES = 3


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
        # Keys of MIN_TEXT_SYLLABLES or more -> the offsets in the key where its syllables meet.
        self._in_text: dict[str, frozenset[int]] = {}
        self._longest_in_text = 0
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
        # Read from pypinyin now, while it is loaded for the names: kept with the index (a cached index then
        # matches without importing pypinyin, most of a second).
        self._legal_forms = _legal_form_keys() if self._by_key else ()

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
        if len(syllables) >= MIN_TEXT_SYLLABLES:
            ends = [sum(len(s) for s in syllables[: i + 1]) for i in range(len(syllables))]
            self._in_text[key] = self._in_text.get(key, frozenset()) | frozenset(ends)
            self._longest_in_text = max(self._longest_in_text, len(key))

    def text_keys(self) -> list[str]:
        """The keys looked for inside longer text (for the free-text prefilter: a value holding none is cleared)."""
        return list(self._in_text)

    def text_matches(self, norm: Normalized) -> list[Match]:
        """The listed Chinese names (three syllables or more) whose pinyin stands as whole words inside a text.

        A run of the text's words is the pinyin when its letters are the name's syllables and it is split only
        where two syllables meet ("haikang weishi", not "haik angweishi"). Always review level: a prompt to
        look at the row, with the folds that were needed named in the reason.
        """
        if not self._in_text:
            return []
        words = norm.folded.split()
        found: list[tuple[int, Match]] = []
        seen: set[str] = set()
        for i in range(len(words)):
            run, ends = "", []
            for j in range(i, len(words)):
                word = words[j]
                if not word.isascii() or not word.isalpha():
                    break
                run += word
                ends.append(len(run))
                if len(run) > self._longest_in_text:
                    break
                meets = self._in_text.get(run)
                if meets is None or run in seen or not meets.issuperset(ends):
                    continue
                seen.add(run)
                found += [(len(run), m) for m in self._text_match(norm, words[i : j + 1], run)]
        # One finding per entry: its longest name in the text ("zhe jiang da hua ji shu" over "zhe jiang da hua").
        out: dict[str, Match] = {}
        for _, m in sorted(found, key=lambda f: -f[0]):
            out.setdefault(m.entity_id, m)
        return list(out.values())

    def _text_match(self, norm: Normalized, words: list[str], key: str) -> list[Match]:
        written = _as_written(norm.original, words)
        folds = []
        if len(words) == 1:
            folds.append("written as one word")
        if any(unicodedata.combining(c) for c in unicodedata.normalize("NFKD", written)):
            folds.append("tone marks left out")
        if any(c.isupper() for c in written):
            folds.append("capitals folded")
        how = f" ({', '.join(folds)})" if folds else ""
        out = []
        for name, chinese in self._by_key.get(key, ()):
            reason = (
                f"the text holds '{written}'{how}, the pinyin '{name.text}' of the Chinese name '{chinese}'"
            )
            m = make_match(name, "description", ALIAS_SCORE - 6.0, reason, norm)
            if not m.review:
                why = " (review: pinyin inside a text is a prompt to look, the same syllables may spell other names)"
                m = replace_match(m, review=True, reason=m.reason + why)
            out.append(m)
        return out

    def matches(self, norm: Normalized) -> list[Match]:
        """The listed Chinese names whose pinyin the value is (spaces, tones and legal form aside)."""
        if not self._by_key or not norm.compact.isascii():
            return []
        tokens = norm.name.split()
        toned = any(t[-1].isdigit() for t in tokens) and all(map(_is_toned_word, tokens))
        if toned:
            tokens = [t.translate(_TONE_DIGITS) for t in tokens]
        key = "".join(tokens).replace("v", "u")
        if not key.isalpha():
            return []
        hits = self._by_key.get(key)
        stripped = key
        while not hits:
            for form in self._legal_forms:
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


def _is_toned_word(token: str) -> bool:
    """Whether a word reads as pinyin with tone numbers: 'kang1', 'wei', 'hai3kang1' (a tone number inside the
    word only where a syllable ends: 'ha3ikang1' is not pinyin)."""
    if not _TONE_NUMBER.match(token):
        return False
    pieces = re.split(r"[1-5]", token)
    if len(pieces) <= 2 and not pieces[-1]:
        return True  # one tone number, at the end, or none: 'kang1', 'wei'
    return all(not p or is_pinyin_word(p, max_syllables=1) for p in pieces)


def _as_written(original: str, words: list[str]) -> str:
    """The part of the original text that reads as these folded words (tone marks and case as written)."""
    plain, where = [], []
    for k, ch in enumerate(original):
        for d in unicodedata.normalize("NFKD", ch):
            if not unicodedata.combining(d):
                plain.append(d)
                where.append(k)
    pattern = r"(?<![^\W_])" + r"[\W_]*".join(re.escape(w) for w in words) + r"(?![^\W_])"
    m = re.search(pattern, "".join(plain), re.IGNORECASE)
    if m is None:
        return " ".join(words)
    return original[where[m.start()] : where[m.end() - 1] + 1]


def _min_conf(a: str, b: str) -> str:
    return a if _CONF_ORDER.get(a, 0) <= _CONF_ORDER.get(b, 0) else b
