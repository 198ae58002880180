"""Words around a listed name that change what it means: "compatible with X", "replacement for X", "not X".

A cell that says "Huawei compatible" or "Charger for Hikvision cameras" names a listed maker but describes a
product for it, like it or instead of it, made by someone else; "not Dahua" and "Hikvision-free" deny it.
Such a finding is worth a look but is not evidence of the maker's part: context_phrase() finds the phrase
around a match and with_context_phrase() makes the match review-level with the phrase quoted in its reason.

The phrases are read on the folded text (lower case, punctuation as spaces, accents removed), so the same
expressions cover "Huawei-compatible", "HUAWEI COMPATIBLE" and "kompatibel für Hikvision". The name must sit
within a few words of the phrase: "Hikvision camera, not waterproof" keeps its finding.
"""

from __future__ import annotations

import re

from guiapp.matching.normalize import Normalized, has_cjk
from guiapp.matching.reasons import original_span, replace_match
from guiapp.model import Match

# The object X of a phrase: one to four words.
_X_AFTER = r"(?P<x>\S+(?: \S+){0,3})"
_X_BEFORE = r"(?P<x>(?:\S+ ){0,2}\S+)"

# Words that put the name X after them, in English, German, French, Spanish and Italian (folded spellings).
_LEADS = (
    r"compatible (?:with|to|for|avec|con)",
    r"compatibile con",
    r"kompatibel (?:mit|zu|fur)",
    r"(?:works|fits|for use) with",
    r"(?:replacement|replaces|replacing|substitute|substitutes|alternative|equivalent|ersatz|remplacement"
    r"|reemplazo|sustituto|sostituto|sostituisce|remplace|reemplaza|ersetzt)(?: (?:for|of|to|fur|pour|de|para|per))?",
    r"(?:instead of|anstelle von|statt|au lieu de|en lugar de|en vez de|invece di)",
    r"(?:not|non|without|except|excluding|nicht|kein|keine|keinen|ohne|pas|sans|sin|senza)",
    r"(?:suitable for|passend fur|geeignet fur|adapte a|adapte pour|adecuado para|adatto per)",
)
# Words that follow the name X.
_TAILS = (
    r"(?:compatible|kompatibel|compatibile|free|frei|libre|replacement|equivalent|alternative|clone|style"
    r"|ersatz)",
)
# "for X cameras": a preposition, the name, then what the product is for.
_FOR = r"(?:for|fur|pour|para|per)"
_OBJECTS = (
    r"(?:cameras?|kameras?|camaras?|telecamere|nvrs?|dvrs?|xvrs?|phones?|smartphones?|handys?|telephones?"
    r"|radios?|funkgerate|devices?|gerate|routers?|modems?|systems?|equipment|products?|models?|batteries"
    r"|battery|akkus?|chargers?|ladegerate?|laptops?|notebooks?|tablets?|switches|recorders?|doorbells?"
    r"|intercoms?|mounts?|brackets?|housings?|cables?)"
)

_LATIN = [
    re.compile(rf"(?:^| )(?P<cue>{lead}) {_X_AFTER}") for lead in _LEADS
] + [
    re.compile(rf"{_X_BEFORE} (?P<cue>{tail})(?= |$)") for tail in _TAILS
] + [
    re.compile(rf"(?:^| )(?P<cue>{_FOR}) (?:use with |the |die |der |les |los |le |la |el )?"
               rf"(?P<x>\S+(?: \S+){{0,2}}) {_OBJECTS}(?= |$)"),
    re.compile(rf"(?:^| )(?P<cue>{_FOR} {_OBJECTS}) {_X_AFTER}"),
]  # fmt: skip

# Chinese: compatible with / suitable for / replaces / instead of / not / without X; X compatible / X excepted.
_CJK = [
    re.compile(
        r"(?P<cue>兼容|适用于|适用|适配|用于|配套|替代|代替|取代|替换|非|不含|不是|除了)(?P<x>.{2,12})"
    ),
    re.compile(r"(?P<x>.{2,12}?)(?P<cue>兼容|替代品|替换件|以外|除外|专用|适用)"),
]


def context_phrase(norm: Normalized, match: Match) -> str:
    """The phrase of the value that puts the match's name in context ("compatible with Huawei"), or ""."""
    key = _key(match)
    if not key:
        return ""
    folded = norm.folded
    for rx in _LATIN:
        for found in rx.finditer(folded):
            if key in _compact(found.group("x")):
                return original_span(norm.original, found.group(0).strip())
    if has_cjk(folded):
        text = folded.replace(" ", "")
        for rx in _CJK:
            for found in rx.finditer(text):
                if key in _compact(found.group("x")):
                    return found.group(0)
    return ""


def with_context_phrase(match: Match, norm: Normalized) -> Match:
    """The match made review-level with the phrase quoted, when words around the name change its sense."""
    phrase = context_phrase(norm, match)
    if not phrase:
        return match
    return replace_match(
        match,
        review=True,
        reason=(
            f"{match.reason}; the value says '{phrase}' (review: a product for, like or instead of the "
            "listed maker's, or a denial of it, is not evidence of the maker's part)"
        ),
    )


def _key(match: Match) -> str:
    """The compact text of what the match found in the value: the listed name's words or the part number."""
    if match.method == "part_number":
        return _compact(match.normalized_value.lower())
    tokens = match.normalized_name.split()
    if not tokens:
        return ""
    if len(tokens) == 1 or has_cjk(match.normalized_name):
        return "".join(tokens)
    # A long listed name is rarely written whole next to "compatible": its most telling word stands for it.
    return max(tokens, key=len)


def _compact(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())
