"""The plain-words reason of every name match, and the Match record that carries it.

make_match() turns a matched IndexedName into a Match and adds to its reason what a reviewer needs beyond the
comparison itself: the evasion tricks normalisation undid, the entity's relationship to its listed parent,
and why a finding is review-only. fuzzy_reason() names the differing letters of a near match or the listed
name's other words; kind_word(), digit_word() and original_span() word the other reasons, and
replace_match() copies a Match with a reworded reason or a changed score.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from rapidfuzz.distance import OSA, Levenshtein

from guiapp.lists.watchlist import Entity
from guiapp.matching.indexedname import IndexedName
from guiapp.matching.normalize import Normalized
from guiapp.model import Match


def make_match(
    name: IndexedName,
    method: str,
    score: float,
    reason: str,
    norm: Normalized,
    review: bool | None = None,
    matched_name: str | None = None,
) -> Match:
    """The Match of a listed name; the reason gains the tricks undone, the relationship and any review."""
    entity = name.entity
    rv = name.review or name.confidence == "low" if review is None else review
    if name.review:
        rv = True
    if entity.affiliation_ended:
        rv = True  # the name alone cannot tell a part made before the sale from one made after it
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


def fuzzy_reason(
    norm: Normalized, name: IndexedName, score: float, pairs: list[tuple[str, str, float]]
) -> str:
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


def kind_word(kind: str) -> str:
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


def digit_word(d: str, table: dict) -> str:
    return f"'{d}' read as '{table[ord(d)]}'" if ord(d) in table else f"'{d}'"


def original_span(original: str, shown: str) -> str:
    """The stretch of the original text that folded to `shown`, when it can be found simply."""
    pattern = r"[\W_]*".join(re.escape(t) for t in shown.split())
    found = re.search(pattern, original, re.IGNORECASE)
    if found:
        return found.group(0)
    # Accents were folded away ("für" -> "fur"): search a copy with each letter replaced by its base letter,
    # which keeps every position, and quote the original's stretch.
    bases = "".join(_base_letter(ch) for ch in original)
    found = re.search(pattern, bases, re.IGNORECASE)
    return original[found.start() : found.end()] if found else shown


def _base_letter(ch: str) -> str:
    if ch.isascii():
        return ch
    decomposed = unicodedata.normalize("NFKD", ch)
    return decomposed[0] if decomposed and decomposed[0].isascii() else ch


def replace_match(m: Match, **changes) -> Match:
    return dataclasses.replace(m, **changes)


def _short_lists(entity: Entity) -> tuple[str, ...]:
    return entity.list_codes


def _tricks_suffix(norm: Normalized) -> str:
    if not norm.tricks:
        return ""
    return f"; read as '{norm.folded}' after folding ({'; '.join(norm.tricks)})"


def _relation_suffix(name: IndexedName) -> str:
    entity = name.entity
    if entity.id == name.parent.id:
        return ""
    if entity.affiliation_ended:
        return " — " + former_affiliation(entity, name.parent)
    rel = entity.relationship
    covered = [x.code for x in entity.lists if x.via_affiliate]
    text = f" — {entity.name} is a {rel} of {name.parent.name}"
    if covered:
        text += f", covered as such under {', '.join(dict.fromkeys(covered))}"
    return text


def former_affiliation(entity: Entity, parent: Entity) -> str:
    """Why a former subsidiary or divested brand is a review item: the dates of the tie, what ended it, the source.

    E.g. "Lorex Technology Inc.: owned by Dahua 2018–2023, sold to Skywatch in 2023; a part made after
    2023 is not a Dahua part: review (source: ...)".
    """
    owner = _short_name(parent)
    span = (
        f"{entity.valid_from[:4]}–{entity.valid_to[:4]}"
        if entity.valid_from
        else f"until {entity.valid_to[:4]}"
    )
    verb = "owned by" if entity.relationship in ("subsidiary", "brand") else "tied to"
    text = f"{entity.name}: {verb} {owner} {span}"
    if entity.divested:
        text += f", {entity.divested}"
    text += f"; a part made after {entity.valid_to} is not a {owner} part: review"
    if entity.divested_source:
        text += f" (source: {entity.divested_source})"
    return text


def _short_name(entity: Entity) -> str:
    """The shortest Latin short name or brand of an entity ('Dahua'), else its listed name."""
    names = [a.name for a in entity.aliases if a.kind in ("short", "brand") and a.name.isascii()]
    return min(names, key=len) if names else entity.name


def _review_suffix(name: IndexedName) -> str:
    if name.entity.affiliation_ended:
        return ""  # the former-affiliation text already says why
    if name.entity.review:
        return " (review: listed for a person to check, not an automatic hit)"
    if name.review:
        return " (review: this short name is shared by unrelated firms)"
    return " (review: low-confidence list data)"
