"""What a cell's text looks like: a part number, a company name, prose, a quantity, a designator, a link.

Headers lie ("Mfr. #" holds part numbers, "Manufacturer_No" too); the values under them do not. Column-role
detection (mapping.py) uses these shapes to confirm or overturn a header's guess, and screening uses them to
leave out cells that can never name a maker (quantities, prices, dates, reference designators).

Shapes are deliberately coarse and cheap (one or two regular expressions per distinct value): they weigh a
column by the share of its values of each shape, never decide a single cell's meaning.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: The shapes, in the order they are tested (the first that fits wins).
SHAPES = (
    "empty",
    "number",
    "date",
    "designator",
    "value",
    "link",
    "part_number",
    "company",
    "prose",
    "other",
)

# "12", "1,000", "0.5", "$1.20", "12 pcs", "€ 0,35", "25%", "x2"
_NUMBER = re.compile(
    r"^[~≈<>±+\-x×]?\s*[$€£¥]?\s*\d[\d,.' \u00a0]*\s*(?:[$€£¥%]|pcs?|ea|each|x|usd|eur|cny|rmb|stk|st|шт)?\.?$",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
    r"|^\d{4}年\d{1,2}月(?:\d{1,2}日)?$"
)
# "R1", "C12, C13", "U1-U4", "R1 R2 R3", "LED1;LED2", "J1A"
# The usual designator letters (IEEE 315 and common practice), so "LM358" or "BC847" are not read as one.
_DESIGNATOR_ONE = (
    r"(?:R|C|L|D|U|Q|J|P|K|F|T|X|Y|S|W|Z|H|M|E|B|A|SW|LED|TP|FB|IC|CN|JP|BT|VR|RV|RN|ZD|MH|FID|TR|DS|XTAL"
    r"|CR|RL|LD|IR|PS|FL|PCB|MP|G)\d{1,3}[A-Z]?"
)
_DESIGNATOR = re.compile(
    rf"^{_DESIGNATOR_ONE}(?:\s*(?:[,;/]\s*|\s+|\s*[-–~]\s*){_DESIGNATOR_ONE}|\s*[-–]\s*\d{{1,3}})*,?$"
)
# Component values: "10k", "100nF", "4.7 uF", "1K5", "0R", "10Ω 1%", "3.3V"
_VALUE = re.compile(
    r"^\d{1,4}(?:[.,]\d+)?\s*(?:[pnuµμmkKMG]|meg)?\s*(?:F|H|Ω|ohms?|R|V|A|W|Hz|%)?\d*"
    r"(?:\s*[,/ ]\s*\d+(?:[.,]\d+)?\s*(?:[pnuµμmkKMG])?(?:F|H|Ω|R|V|A|W|Hz|%))*$"
)
_TOP_DOMAINS = r"(?:com|net|org|cn|io|de|jp|kr|tw|hk|ru|eu|uk|fr|it|es|co|info|biz)(?:\.[a-z]{2})?"
_LINK = re.compile(
    r"(?i)\b(?:https?://|ftp://|www\.)\S+"
    rf"|\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.{_TOP_DOMAINS}(?=$|[/:?#\s)\],;.])"
)
# What every find of _LINK holds, searched in many values joined by NUL at once (see may_hold_links): a
# scheme, "www." or a dot before a top-level domain that ends there (a value's end is a NUL in the joined text).
# Each branch but the scheme's starts at the dot, so the search skips to the next ':' or '.' in C.
_LINK_HINT = re.compile(rf"(?i)://|\.(?:(?<=www\.)|{_TOP_DOMAINS}(?=$|[\x00/:?#\s)\],;.]))")
# A part number: one token (a space inside is allowed once, "LM358 DR"), letters and digits together.
_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_./+#(),\[\]]{1,39}(?: [A-Za-z0-9\-_./+#()]{1,12})?$")
_NUMBERED_WORD = re.compile(r"^[A-Z]?[a-z]{3,}[ _-]?\d{1,3}$")
_LEGAL_FORMS = re.compile(
    r"(?i)\b(?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|gmbh|ag|sa|s\.?a|srl|spa|bv|nv|ab"
    r"|oy|kk|plc|pte|pty|group|technology|technologies|electronics?|semiconductors?|industries|international)\b"
)


def shape_of(text: str) -> str:
    """Return the shape of one cell's text, one of SHAPES.

    Args:
        text: the cell text as written.

    Returns:
        "empty", "number" (counts, prices, percentages), "date", "designator" (reference designators, one or a
        list), "value" (component values such as 10k or 100nF), "link" (a URL or a domain name), "part_number",
        "company", "prose" (several words with numbers or many words) or "other".
    """
    text = text.strip()
    if not text:
        return "empty"
    if _NUMBER.match(text):
        return "number"
    if _DATE.match(text):
        return "date"
    if _DESIGNATOR.match(text) and not _LEGAL_FORMS.search(text):
        return "designator"
    if _VALUE.match(text):
        return "value"
    if _LINK.search(text):
        return "link"
    has_digit = any(ch.isdigit() for ch in text)
    letters = sum(ch.isalpha() for ch in text)
    cjk = any(ord(ch) > 0x2E80 for ch in text)
    words = text.split()
    if cjk:
        # Chinese, Japanese or Korean: a short run of script without digits is a name ("海康威视", "村田"),
        # with digits or long it is a description ("贴片电阻 10K 0603").
        return "company" if not has_digit and len(text) <= 16 else "prose"
    digits = sum(ch.isdigit() for ch in text)
    # Part numbers carry at least two digits (LM358, 1N4148, DS-2CD2143G2-I); one digit among letters is as
    # often a name ("Maker1", "Cirrus4").
    if _NUMBERED_WORD.match(text):
        return "company"  # a word with a number after it ("Maker12", "Vendor 3"), not a part number
    if digits >= 2 and letters and _PART.match(text):
        return "part_number"
    legal = _LEGAL_FORMS.search(text) is not None
    # Lower-case words after the first make a phrase ("camera module for the door"), not a name.
    phrase = len(words) > 2 and any(len(w) > 1 and w.islower() for w in words[1:])
    if letters >= 2 and len(words) <= 6 and (digits <= 1 or legal) and (legal or not phrase):
        return "company"  # "Texas Instruments", "YAGEO", "Würth Elektronik GmbH & Co. KG"
    if len(words) >= 2:
        return "prose"
    return "other"


@dataclass(frozen=True)
class ColumnShape:
    """The shapes of one column's values.

    Attributes:
        counts: shape -> how many of the sampled non-empty values have it.
        total: how many non-empty values were sampled.
    """

    counts: dict[str, int]
    total: int

    def share(self, *shapes: str) -> float:
        """The share (0..1) of sampled values having any of these shapes; 0 when nothing was sampled."""
        if not self.total:
            return 0.0
        return sum(self.counts.get(s, 0) for s in shapes) / self.total

    def describe(self, *shapes: str) -> str:
        """'9 of 10 values' for these shapes, for mapping notes."""
        n = sum(self.counts.get(s, 0) for s in shapes)
        return f"{n} of {self.total} values"

    @property
    def never_names(self) -> bool:
        """Whether the column holds only numbers, dates, designators and component values (never a name)."""
        return self.total > 0 and self.share("number", "date", "designator", "value") >= 0.9


def column_shape(values: Iterable[str], limit: int = 200) -> ColumnShape:
    """Sample up to `limit` non-empty values of a column and count their shapes.

    Args:
        values: the column's cells, top to bottom.
        limit: how many non-empty values to look at.

    Returns:
        The column's ColumnShape.
    """
    counts: Counter[str] = Counter()
    total = 0
    for value in values:
        if not value or not value.strip():
            continue
        counts[shape_of(value)] += 1
        total += 1
        if total >= limit:
            break
    return ColumnShape(dict(counts), total)


def never_a_name(text: str) -> bool:
    """Whether one cell's text can never name a maker (a number, date, designator list or component value)."""
    return shape_of(text) in ("empty", "number", "date", "designator", "value")


def may_hold_links(values: Sequence[str]) -> list[bool]:
    """For each value, False when it provably holds no link or domain name (link_hosts() would find none).

    One regex pass over all the values joined, instead of link_hosts() per value: a BOM's descriptions
    hold dots ("0.1%", "2.54mm") far more often than links.
    """
    n = len(values)
    joined = "\x00".join(values)
    if joined.count("\x00") != n - 1:  # a value holds a NUL itself: no way to tell the values apart
        return [True] * n
    out = [False] * n
    found = [m.start() for m in _LINK_HINT.finditer(joined)]
    if found:
        ends = list(itertools.accumulate(map((1).__add__, map(len, values))))  # one past each value's NUL
        for pos in found:
            out[bisect.bisect_right(ends, pos)] = True
    return out


def link_hosts(text: str) -> list[str]:
    """The host names of the links and domain names in a text ("www.dahuasecurity.com/en" -> that host).

    Args:
        text: a cell's text.

    Returns:
        Lower-case host names in order, without duplicates.
    """
    hosts: list[str] = []
    for m in _LINK.finditer(text):
        found = m.group(0)
        found = re.sub(r"(?i)^[a-z]+://", "", found)
        host = re.split(r"[/:?#\s)\],;]", found, maxsplit=1)[0].lower().strip(".")
        if host and host not in hosts:
            hosts.append(host)
    return hosts
