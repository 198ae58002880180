"""What every list reader shares: decoding, cleaning a listed name into name, aliases and notes, dates, party
words, and the edition a file has when it carries no publication date.

Layouts and quirks handled here are documented in the project's list-formats notes:

* CSL CSV cells with several values are joined with "; "; the last alt name may begin with "and ".
* CSL names carry tails ("; and any successor, sub-unit, or subsidiary thereof"), "[aka ...]" and notes such as
  "(Hong Kong Entity)"; these become notes or aliases, never part of the matched name.
* BIS names use "?" where an apostrophe belongs ("People?s").
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from pathlib import Path

from guiapp.lists.watchlist import Alias


class ListImportError(ValueError):
    """A list file cannot be imported; the message is one line naming the file and what to do."""


#: Party words of the various formats -> the product's party kinds.
PARTY_WORDS: dict[str, str] = {
    "": "organisation",
    "-0-": "organisation",
    "entity": "organisation",
    "organization": "organisation",
    "organisation": "organisation",
    "company": "organisation",
    "legalentity": "organisation",
    "publicbody": "organisation",
    "individual": "person",
    "person": "person",
    "vessel": "vessel",
    "aircraft": "aircraft",
    "airplane": "aircraft",
}

#: OpenSanctions dataset title words -> list code.
_OS_DATASETS: tuple[tuple[str, str], ...] = (
    ("consolidated screening", "CSL"),
    ("fcc covered", "FCC-CL"),
    ("covered list", "FCC-CL"),
    ("chinese military", "DOD-1260H"),
    ("1260h", "DOD-1260H"),
    ("uflpa", "UFLPA"),
    ("forced labor", "UFLPA"),
    ("special leg", "US-SPECIAL-LEG"),
    ("section 889", "NDAA-889"),
    # FollowTheMoney entities name their datasets by key, not title.
    ("us_trade_csl", "CSL"),
    ("us_fcc_covered_list", "FCC-CL"),
    ("us_dod_chinese_milcorps", "DOD-1260H"),
    ("us_dhs_uflpa", "UFLPA"),
    ("us_special_leg", "US-SPECIAL-LEG"),
    ("us_ofac_sdn", "OFAC-SDN"),
    ("un_sc_sanctions", "UN-SC"),
)


# --------------------------------------------------------------------------------------------------------
# Text and names
# --------------------------------------------------------------------------------------------------------
def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


_APOSTROPHE_Q = re.compile(r"(?<=[A-Za-z])\?(?=[A-Za-z])")
_AKA_BRACKET = re.compile(
    r"[\[(]\s*(?:a\.?k\.?a\.?|f\.?k\.?a\.?|formerly|also known as)[\s,.:]+([^\])]*)[\])]", re.I
)
_AKA_INLINE = re.compile(r"[,;]?\s*\b(?:a\.k\.a\.|aka|f\.k\.a\.|also known as)[\s,:]+(.+)$", re.I)
_TAIL = re.compile(
    r"[;,]?\s*(?:and\s+)?(?:any|all|each)\s+(?:of\s+(?:its|their)\s+)?"
    r"(?:successors?|sub-?units?|subsidiar(?:y|ies)|affiliates?|branch(?:es)?)\b.*$",
    re.I,
)
_ENTITY_NOTE = re.compile(r"\(\s*[^()]*\b(?:Entity|entity|branch|Branch|office|Office)\s*\)")
_SPACES = re.compile(r"\s+")


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" ;,\t") if text else ""


def clean_name(raw: str) -> tuple[str, list[str], list[str]]:
    """Split a list name into the name to match, extra aliases and notes.

    "Xinjiang People?s Government PSB [aka XPSB]; and any successor, sub-unit, or subsidiary thereof" gives
    ("Xinjiang People's Government PSB", ["XPSB"], ["and any successor, sub-unit, or subsidiary thereof"]).

    Args:
        raw: the name as written in the list.

    Returns:
        (name, aliases, notes); the name is "" when nothing but notes remained.
    """
    text = _APOSTROPHE_Q.sub("'", raw or "")
    aliases: list[str] = []
    notes: list[str] = []
    for found in _AKA_BRACKET.finditer(text):
        aliases.extend(a for a in (_tidy(x) for x in re.split(r";|,\s+(?=[A-Z])", found.group(1))) if a)
    text = _AKA_BRACKET.sub(" ", text)
    tail = _TAIL.search(text)
    if tail and tail.start() > 0:
        notes.append(_tidy(tail.group(0)))
        text = text[: tail.start()]
    inline = _AKA_INLINE.search(text)
    if inline and inline.start() > 0:
        aliases.extend(a for a in (_tidy(x) for x in inline.group(1).split(";")) if a)
        text = text[: inline.start()]
    for found in _ENTITY_NOTE.finditer(text):
        notes.append(found.group(0).strip("() "))
    text = _ENTITY_NOTE.sub(" ", text)
    return _tidy(text), aliases, notes


def _split_alt_names(cell: str | list | None) -> list[str]:
    """CSL alt names: a list (JSON) or one cell joined with "; " (CSV); the last one may begin with "and "."""
    if cell is None:
        return []
    parts = [str(x) for x in cell] if isinstance(cell, list) else str(cell).split(";")
    parts = [p.strip() for p in parts if p and p.strip()]
    if parts and parts[-1].startswith("and ") and len(parts[-1]) > 4:
        parts[-1] = parts[-1][4:].strip()
    return parts


def _iso_date(text: str | None) -> str:
    """An ISO date (YYYY-MM-DD) from common date spellings, or ""."""
    if not text:
        return ""
    text = str(text).strip()
    found = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if found:
        return found.group(0)
    found = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})$", text)
    if found:
        month, day, year = (int(x) for x in found.groups())
        try:
            return _dt.date(year, month, day).isoformat()
        except ValueError:
            return ""
    found = re.match(r"(\d{4})(\d{2})(\d{2})$", text)
    if found:
        return "-".join(found.groups())
    return ""


def _names_and_aliases(raw_name: str, alt_names: Iterable[str]) -> tuple[str, list[Alias], list[str]]:
    name, extra, notes = clean_name(raw_name)
    seen = {name.casefold()}
    aliases: list[Alias] = []
    for candidate in [*extra, *alt_names]:
        alias, more, alias_notes = clean_name(candidate)
        notes.extend(n for n in alias_notes if n not in notes)
        for a in [alias, *more]:
            if a and a.casefold() not in seen:
                seen.add(a.casefold())
                aliases.append(Alias(a, "short", "high"))
    if not name and aliases:
        name = aliases.pop(0).name
    return name, aliases, notes


def _os_code(title: str) -> str:
    lowered = title.lower()
    for words, code in _OS_DATASETS:
        if words in lowered:
            return code
    return title.strip()


# --------------------------------------------------------------------------------------------------------
# Edition of a file without publication data
# --------------------------------------------------------------------------------------------------------
_NAME_DATE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")


def edition_text(date: str, source: str) -> str:
    """An edition date with where it came from, as the preview and the lists table show it."""
    if not date:
        return "no edition date"
    if source == "file date":
        return f"file date {date} (the file carries no date)"
    if source in ("the file", "the source's metadata", "the server's Last-Modified"):
        return f"published {date} (from {source})"
    return f"{date} (from {source})" if source else date


def file_edition(path: Path) -> tuple[str, str]:
    """The edition a file without publication data has: a date in its name, else its modification date.

    Returns:
        (ISO date, "the file name" or "file date"); ("", "") when neither can be read.
    """
    for found in _NAME_DATE.finditer(path.name):
        try:
            return _dt.date(*(int(x) for x in found.groups())).isoformat(), "the file name"
        except ValueError:
            continue
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return "", ""
    return _dt.datetime.fromtimestamp(stamp, _dt.UTC).date().isoformat(), "file date"
