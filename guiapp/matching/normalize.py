"""Name normalisation for screening: Unicode folding, legal forms, spaced letters, look-alike letters.

Every step that undoes a trick a supplier could use to slip a name past a screen (a Cyrillic 'і', a zero-width
space, a mathematical bold letter) is recorded in plain words, so a hit's reason can say what was undone.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

#: Invisible characters removed outright (zero-width space/joiners, direction marks, word joiner, BOM).
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u180e")
SOFT_HYPHEN = "\u00ad"
#: Right-to-left override: the letters up to the next pop (or the end) are shown in reverse order, so a
#: supplier can store "noisivkiH" and every reader sees "Hikvision".
_RLO, _LRO, _PDF = "\u202e", "\u202d", "\u202c"

# Cyrillic and Greek letters that look like Latin ones. Explicit so the common cases never depend on the
# confusables data; extended at first use from confusable-homoglyphs.
_LOOKALIKES: dict[str, str] = {
    # Cyrillic lower case
    "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j", "к": "k", "м": "m",
    "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "ɡ": "g", "ӏ": "l", "ү": "y", "ь": "b", "п": "n", "г": "r",
    # Greek lower case
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "γ": "y", "ω": "w", "μ": "u", "ϲ": "c", "ϳ": "j",
    # Cyrillic capitals
    "А": "a", "В": "b", "Е": "e", "Ё": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p", "С": "c",
    "Т": "t", "Х": "x", "У": "y", "І": "i", "Ї": "i", "Ј": "j", "Ѕ": "s", "Һ": "h", "Ԛ": "q", "Ԝ": "w",
    "Ү": "y", "Ӏ": "i",
    # Greek capitals
    "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n", "Ο": "o",
    "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x", "Ϲ": "c", "Ϳ": "j",
}  # fmt: skip

_SCRIPT_WORDS = ("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC", "LISU", "GEORGIAN")


@cache
def _lookalike_table() -> dict[str, str]:
    """Cyrillic/Greek/other-script letters that look like an ASCII letter (case-sensitive keys)."""
    table: dict[str, str] = {}
    try:
        import confusable_homoglyphs

        data_path = Path(confusable_homoglyphs.__file__).with_name("confusables.json")
        data = json.loads(data_path.read_text(encoding="utf-8"))
    except (ImportError, OSError, ValueError):  # the explicit table still covers the common letters
        data = {}
    for ch, glyphs in data.items():
        if len(ch) != 1 or ch.isascii():
            continue
        name = unicodedata.name(ch, "")
        if not any(word in name for word in _SCRIPT_WORDS):
            continue
        targets = {g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii() and g["c"].isalpha()}
        if len(targets) == 1:
            table[ch] = targets.pop().lower()
    table.update(_LOOKALIKES)
    return table


# Legal forms removed from the end of a name, as token sequences after folding (longest first).
_LEGAL_FORMS_LATIN: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(f.split())
            for f in (
                "co ltd", "co limited", "company limited", "co inc", "corp ltd", "corporation limited",
                "co", "ltd", "limited", "inc", "incorporated", "corp", "corporation", "company", "llc", "l l c",
                "gmbh", "ag", "s a", "sa", "s a u", "sau", "b v", "bv", "n v", "nv", "plc", "pte", "pty", "srl",
                "s r l", "spa", "s p a", "kg", "oy", "ab", "as", "a s", "sas", "kk", "k k", "lp", "llp", "pvt",
                "pte ltd", "sdn bhd", "bhd", "group", "holdings", "holding",
            )
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
_FORMS_BY_LAST: dict[str, list[tuple[str, ...]]] = {}
for _form in _LEGAL_FORMS_LATIN:
    _FORMS_BY_LAST.setdefault(_form[-1], []).append(_form)
_LEGAL_FORMS_CJK: tuple[str, ...] = (
    "股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "株式会社",
)  # fmt: skip

_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_NON_ALNUM_CHAR = re.compile(r"[^0-9a-z]")
_WORD = re.compile(r"\S+")
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "l": "i", "|": "i"}
)


@dataclass(frozen=True)
class Normalized:
    """A value after each normalisation stage.

    Attributes:
        original: the text as given.
        folded: Unicode-folded, casefolded, punctuation as spaces, spaces collapsed (legal forms kept).
        name: folded with legal forms removed from the end (never empty when folded is not).
        compact: name without spaces ("hik vision" -> "hikvision").
        tokens: the words of name.
        tricks: plain words for each evasion trick that was undone, e.g. "Cyrillic 'і' read as 'i'".
    """

    original: str
    folded: str
    name: str
    compact: str
    tokens: tuple[str, ...]
    tricks: tuple[str, ...] = ()

    @property
    def has_cjk(self) -> bool:
        """Whether the value holds Chinese, Japanese or Korean script."""
        return has_cjk(self.folded)


def has_cjk(text: str) -> bool:
    """Whether text holds Chinese, Japanese or Korean characters."""
    return bool(_CJK_RE.search(text))


def is_cjk_char(ch: str) -> bool:
    """Whether one character is CJK script."""
    return bool(_CJK_RE.match(ch))


def _describe_compat(ch: str, folded: str) -> str:
    """Plain words for a compatibility character NFKC folded (full-width, mathematical, circled ...)."""
    name = unicodedata.name(ch, "").lower()
    if name.startswith("fullwidth") or name.startswith("halfwidth"):
        return "full-width letters"
    if name.startswith("mathematical"):
        style = name.replace("mathematical ", "").split(" capital")[0].split(" small")[0].split(" digit")[0]
        return f"contains a mathematical {style} letter '{ch}'; read as '{folded}'"
    if name:
        return f"'{ch}' ({name}) read as '{folded}'"
    return f"'{ch}' read as '{folded}'"


def fold(text: str) -> tuple[str, tuple[str, ...]]:
    """Fold Unicode tricks and case; punctuation becomes spaces.

    Args:
        text: any text.

    Returns:
        The folded text (lower case, single spaces, no punctuation) and the tricks undone, in plain words.
    """
    folded, tricks = _fold_once(text)
    if not folded.isascii():
        # Case folding can turn a letter into a look-alike only in its lower-case form (Armenian 'Հ' ->
        # 'հ', which reads as 'h'): fold once more so folding is idempotent.
        again, more = _fold_once(folded)
        if again != folded:
            return again, tricks + tuple(t for t in more if t not in tricks)
    return folded, tricks


@cache
def _latin_variant_table() -> dict[str, str]:
    """Latin letters written in a variant form NFKC keeps: small capitals, dotless, stroked or hooked.

    Built from the Unicode character names ("LATIN LETTER SMALL CAPITAL H" -> 'h', "LATIN SMALL LETTER O
    WITH STROKE" -> 'o'), not typed by hand, so every variant letter Unicode knows is covered.
    """
    table: dict[str, str] = {}
    blocks = ((0x00C0, 0x0250), (0x0250, 0x02B0), (0x1D00, 0x1DC0), (0x1E00, 0x1F00), (0x2C60, 0x2C80),
              (0xA720, 0xA800), (0xAB30, 0xAB70))  # fmt: skip
    for lo, hi in blocks:
        for cp in range(lo, hi):
            name = unicodedata.name(chr(cp), "")
            found = _VARIANT_NAME.match(name)
            if found:
                table[chr(cp)] = found.group(2).lower()
    return table


_VARIANT_NAME = re.compile(
    r"^LATIN (LETTER SMALL CAPITAL|SMALL LETTER DOTLESS|(?:CAPITAL|SMALL) LETTER) ([A-Z])\b"
)


def _variant_kind(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if "SMALL CAPITAL" in name:
        return "small capitals"
    if "DOTLESS" in name:
        return "dotless letters"
    return "letters with strokes or hooks"


def _visual_order(text: str) -> str:
    """The text in the order a reader sees it: each right-to-left override's letters reversed.

    Only the override reverses Latin letters; embeddings and isolates move whole runs, which a screen
    that reads words need not follow. Overrides end at a pop or a line end.
    """
    out: list[str] = []
    run: list[str] | None = None
    for ch in text:
        if ch == _RLO:
            if run is not None:
                out.extend(reversed(run))
            run = []
        elif run is not None and ch in (_PDF, _LRO, "\n", "\r"):
            out.extend(reversed(run))
            run = None
            if ch in "\n\r":
                out.append(ch)
        elif run is not None:
            run.append(ch)
        else:
            out.append(ch)
    if run is not None:
        out.extend(reversed(run))
    return "".join(out)


@cache
def _t2s():
    """OpenCC's Traditional -> Simplified converter (None when the library is not installed)."""
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional Chinese characters read as Simplified (OpenCC's t2s tables); other text unchanged."""
    conv = _t2s()
    if conv is None or not _CJK_RE.search(text):
        return text
    return conv.convert(text)


def _fold_once(text: str) -> tuple[str, tuple[str, ...]]:
    tricks: list[str] = []
    if text.isascii():
        spaced = _NON_ALNUM_CHAR.sub(" ", text.casefold().replace("&", " and "))
        tokens = spaced.split()
        joined = _join_spaced_letters(tokens, spaced)
        if joined != tokens:
            return " ".join(joined), ("spaced-out letters joined",)
        return " ".join(tokens), ()
    if _RLO in text:
        shown = _visual_order(text)
        if shown != text:
            text = shown
            tricks.append("right-to-left override undone (read in the order it is shown)")
    if any(c in ZERO_WIDTH for c in text):
        tricks.append("zero-width character removed")
        text = "".join(c for c in text if c not in ZERO_WIDTH)
    if SOFT_HYPHEN in text:
        tricks.append("soft hyphen removed")
        text = text.replace(SOFT_HYPHEN, "")
    # Other invisible format characters: bidi embeddings, overrides and isolates, invisible operators, tags.
    hidden = [c for c in text if unicodedata.category(c) == "Cf"]
    if hidden:
        names = sorted({f"U+{ord(c):04X}" for c in hidden})
        tricks.append(f"invisible control characters removed ({', '.join(names[:3])})")
        text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    # Compatibility forms: full-width and mathematical letters, ligatures. Record the first of each kind.
    if not text.isascii():
        out = []
        seen: set[str] = set()
        for ch in text:
            if ch.isascii():
                out.append(ch)
                continue
            k = unicodedata.normalize("NFKC", ch)
            if k != ch and k.isascii() and k.isalnum():
                desc = _describe_compat(ch, k)
                key = desc.split("'")[0]
                if key not in seen:
                    seen.add(key)
                    tricks.append(desc)
            out.append(k)
        text = unicodedata.normalize("NFKC", "".join(out))
    if not text.isascii():
        table = _lookalike_table()
        out = []
        prev_ascii = False
        marks = False
        seen_lookalike: set[str] = set()
        for ch in text:
            if ch.isascii():
                out.append(ch)
                prev_ascii = ch.isalnum()
                continue
            latin = table.get(ch)
            if latin is not None:
                script = unicodedata.name(ch, "").split(" ")[0].capitalize() or "Look-alike"
                if ch not in seen_lookalike:
                    seen_lookalike.add(ch)
                    tricks.append(f"{script} '{ch}' read as '{latin}'")
                out.append(latin)
                prev_ascii = True
                continue
            decomposed = unicodedata.normalize("NFKD", ch)
            if len(decomposed) > 1 and decomposed[0].isascii() and decomposed[0].isalpha():
                out.append(decomposed[0])  # accented Latin letter -> its base letter
                marks = True
                prev_ascii = True
                continue
            base = _latin_variant_table().get(ch)
            if base is not None:
                kind = _variant_kind(ch)
                if kind not in seen_lookalike:
                    seen_lookalike.add(kind)
                    tricks.append(f"{kind} read as plain letters ('{ch}' as '{base}')")
                out.append(base)
                prev_ascii = True
                continue
            if unicodedata.category(ch) in ("Mn", "Me") and prev_ascii:
                marks = True  # a combining mark on a Latin letter
                continue
            out.append(ch)
            prev_ascii = False
        if marks:
            tricks.append("accents and combining marks removed")
        text = "".join(out)
    if _CJK_RE.search(text):
        simplified = to_simplified(text)
        if simplified != text:
            changed = [(a, b) for a, b in zip(text, simplified, strict=False) if a != b]
            before = "".join(dict.fromkeys(a for a, _ in changed))[:6]
            after = "".join(dict.fromkeys(b for _, b in changed))[:6]
            tricks.append(f"Traditional Chinese '{before}' read as Simplified '{after}'")
            text = simplified
    text = text.casefold()
    text = text.replace("&", " and ")
    text = "".join(c if c.isalnum() else " " for c in text)
    tokens = text.split()
    joined = _join_spaced_letters(tokens, text)
    if joined != tokens:
        tricks.append("spaced-out letters joined")
        tokens = joined
    return " ".join(tokens), tuple(tricks)


def _join_spaced_letters(tokens: list[str], spaced: str) -> list[str]:
    """Join letters spaced out one by one: "H i k v i s i o n  U S A" -> ['hikvision', 'usa'].

    A run of three or more single characters (at least three of them Latin letters) is a spaced-out word.
    Within a run, gaps wider than the narrowest one separate words, so a name spaced out with its word
    gaps kept ("H a n g z h o u  H i k v i s i o n") keeps its words and legal forms ("C o .  L t d .").

    Args:
        tokens: the words of spaced.
        spaced: the text with each punctuation character replaced by one space (gaps keep their width).
    """
    # A run is joined only with three single Latin letters in it: most values have fewer in all (a BOM's
    # descriptions hold digits on their own, "2.2 uH 1 %") and keep their words as they are.
    if sum(1 for t in tokens if len(t) == 1 and t.isascii() and t.isalpha()) < 3:
        return tokens
    return _join_runs(tokens, spaced)


def _join_runs(tokens: list[str], spaced: str) -> list[str]:
    """_join_spaced_letters() without its shortcut for values that cannot hold a run to join."""
    # (token, gap before it) from the positions in the spaced text
    words: list[tuple[str, int]] = []
    end = 0
    for m in _WORD.finditer(spaced):
        words.append((m.group(0), m.start() - end))
        end = m.end()
    out: list[str] = []
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and len(words[j][0]) == 1 and words[j][0].isascii() and words[j][0].isalnum():
            j += 1
        run = words[i:j]
        if sum(1 for ch, _ in run if ch.isalpha()) < 3:
            out.append(words[i][0])
            i += 1
            continue
        narrowest = min(gap for _, gap in run[1:])
        group = [run[0][0]]
        for ch, gap in run[1:]:
            if gap > narrowest:
                out.append("".join(group))
                group = []
            group.append(ch)
        out.append("".join(group))
        i = j
    if out != tokens:
        # Splitting a run at its wider gaps can leave single letters side by side ("A::A::A::1/4" -> 'a',
        # 'a', 'a', '14'). Written back with single spaces they read as one spaced-out word, so a second
        # fold would join them: join them now (the output has even gaps, so this pass joins whole runs and
        # the one after it changes nothing), which keeps folding idempotent.
        return _join_spaced_letters(out, " ".join(out))
    return out


def strip_legal_forms(folded: str) -> str:
    """Remove legal forms from the end of a folded name, repeatedly, never to an empty name.

    "hello world co ltd" -> "hello world"; "co ltd" stays "co ltd"; "华为技术有限公司" -> "华为技术".
    """
    tokens = folded.split()
    while tokens:
        last = tokens[-1]
        for form in _FORMS_BY_LAST.get(last, ()):
            n = len(form)
            if len(tokens) > n and tuple(tokens[-n:]) == form:
                tokens = tokens[:-n]
                break
        else:
            if last.isascii():
                break
            for cjk_form in _LEGAL_FORMS_CJK:
                if last.endswith(cjk_form) and len(last) > len(cjk_form):
                    tokens[-1] = last[: -len(cjk_form)]
                    break
            else:
                break
    return " ".join(tokens)


@lru_cache(maxsize=65536)
def normalize(text: str) -> Normalized:
    """Normalise a name or cell value through every stage.

    Args:
        text: the value as written.

    Returns:
        A Normalized with the stages and the tricks undone.
    """
    folded, tricks = fold(text or "")
    name = strip_legal_forms(folded)
    tokens = tuple(name.split())
    return Normalized(
        original=text,
        folded=folded,
        name=name,
        compact="".join(tokens),
        tokens=tokens,
        tricks=tricks,
    )


def leet_key(compact: str) -> str:
    """Fold digits used as letters ("h1kv1si0n" -> "hikvision"); 'l' and '1' both become 'i'.

    Only meaningful for keys that mix letters and digits; pure numbers are left alone by callers, because
    numbers distinguish entities.
    """
    return compact.translate(_LEET)


def mixes_letters_and_digits(token: str) -> bool:
    """Whether a token holds both letters and digits ("h1kvision")."""
    return any(c.isdigit() for c in token) and any(c.isalpha() for c in token)
