"""The cells outside the role columns: notes, comments, remarks, links. Screened too, at review level.

A listed maker named only in a remarks column ("海康人脸识别" under 备注), a product link to hikvision.com or
"Dahua OEM" in a Comment column is worth a look, but the column was not meant to say who made the part:
such hits are review level, and the reason names the column. Columns whose header or values are
quantities, prices, dates, designators, footprints or packages are left out (they never name a maker).

Domain names count: "www.dahuasecurity.com" is read as "dahua security" when its first part is a listed
name, so a link names its maker as a word would. Such a reading is always review level.
"""

from __future__ import annotations

import dataclasses
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass

from guiapp.ingest.mapping import never_names_header
from guiapp.ingest.shapes import link_hosts, may_hold_links, never_a_name
from guiapp.matching.matcher import Matcher
from guiapp.model import ColumnMap, Match, column_letter

# Host labels that are never a maker's name.
_HOST_NOISE = frozenset(
    ("www", "www2", "m", "en", "cn", "us", "eu", "com", "net", "org", "co", "shop", "store")
)
#: A domain label is split into a listed name and the rest only when both parts are this long at least, so
#: "facebook" does not read as "face book".
_MIN_HEAD = 5
_MIN_TAIL = 3


@dataclass(frozen=True)
class UnmappedColumn:
    """A column of a sheet with a header row that carries no role but may name a maker.

    Attributes:
        col: 0-based absolute column index.
        header: its header cell text ("" when the header cell is blank).
        keep: the distinct cell texts worth screening (not numbers, dates, designators or single characters).
    """

    col: int
    header: str
    keep: frozenset[str]


def unmapped_columns(
    mapping: ColumnMap,
    block: Sequence[Sequence[str]],
    first_col: int,
) -> list[UnmappedColumn]:
    """The columns of a sheet's data rows that no role holds and that may name a maker.

    Args:
        mapping: the sheet's mapping (with a header row).
        block: the data rows, as in SheetData.rows.
        first_col: the 0-based absolute index of block's first column.

    Returns:
        One UnmappedColumn per column worth screening, left to right.
    """
    mapped = {c for cols in mapping.columns.values() for c in cols}
    width = max(map(len, block), default=0)
    shortest = min(map(len, block), default=0)  # rows from a workbook all have the sheet's width
    out: list[UnmappedColumn] = []
    for j in range(width):
        col = first_col + j
        header = mapping.headers.get(col, "")
        if col in mapped or (header and never_names_header(header)):
            continue
        if j < shortest:
            distinct = set(map(operator.itemgetter(j), block))  # in C, as screening reads role columns
            distinct.discard("")
        else:
            distinct = {r[j] for r in block if j < len(r) and r[j]}
        keep = frozenset(
            v for v in distinct if len(v) >= 2 and any(c.isalpha() for c in v) and not never_a_name(v)
        )
        if keep:
            out.append(UnmappedColumn(col, header, keep))
    return out


#: A name mentioned in an unmapped column counts when it is at least this long (or written as listed, or in
#: capitals): notes are prose, where short listed names are often ordinary words ("Face plate", "Camel-case").
_MIN_PLAIN_NAME = 6


def worth_a_look(match: Match, value: str) -> bool:
    """Whether a match in an unmapped column is worth a review-level finding.

    A mention of a listed name inside prose counts when the cell writes the name as the list does
    ("Dahua OEM", "Face++ SDK"), writes it in capitals as an acronym ("ZTE module"), or the name is long enough
    not to be an ordinary word; patterns, Chinese names and whole-cell names always count.
    """
    if match.method != "description":
        return True
    name = match.normalized_name or ""
    if len(name.replace(" ", "")) >= _MIN_PLAIN_NAME:
        return True
    folded = value.casefold()
    if match.matched_name and match.matched_name.casefold() in folded:
        return True
    if name and "." in value and any(name in host.split(".") for host in link_hosts(value)):
        return True  # a domain of its own: zte.com.cn
    return bool(name) and re.search(rf"(?<![A-Za-z]){re.escape(name.upper())}(?![A-Za-z])", value) is not None


def at_review_level(match: Match, header: str, col: int) -> Match:
    """A match found in an unmapped column, made review level with the column named in its reason."""
    where = f"the column '{header}' ({column_letter(col)})" if header else f"column {column_letter(col)}"
    return dataclasses.replace(
        match,
        review=True,
        reason=f"{match.reason}; found in {where}, which is not a manufacturer, part-number, description or "
        "supplier column, so this needs a look",
    )


class DomainReader:
    """Reads the domain names of links in a cell as words: "dahuasecurity.com" as "dahua security".

    One reader serves one screening run; the split of each host label is worked out once.
    """

    def __init__(self, matcher: Matcher) -> None:
        self._matcher = matcher
        self._labels: dict[str, str] = {}

    def _is_name(self, text: str) -> bool:
        return any(m.method in ("exact", "alias") for m in self._matcher.match(text, "manufacturer"))

    def _split(self, label: str) -> str:
        """'dahuasecurity' -> 'dahua security' when 'dahua' is a listed name, else ''."""
        cached = self._labels.get(label)
        if cached is not None:
            return cached
        reading = ""
        if label.isalpha() and len(label) >= _MIN_HEAD + _MIN_TAIL:
            for i in range(len(label) - _MIN_TAIL, _MIN_HEAD - 1, -1):  # the longest listed head first
                if self._is_name(label[:i]):
                    reading = f"{label[:i]} {label[i:]}"
                    break
        self._labels[label] = reading
        return reading

    def bulk_matches(self, values: Sequence[str]) -> dict[str, list[Match]]:
        """matches() of each value, for the values with any; one pass proves most values hold no link."""
        return {
            value: found
            for value, maybe in zip(values, may_hold_links(values), strict=True)
            if maybe and (found := self.matches(value))
        }

    def matches(self, value: str) -> list[Match]:
        """The review-level matches a cell's domain names give when read as words.

        Args:
            value: a cell's text.

        Returns:
            Matches (review level, their reason saying how the domain was read), or [] when no domain in the
            cell splits into a listed name and the rest.
        """
        if "." not in value:
            return []
        readings: list[tuple[str, str]] = []
        for host in link_hosts(value):
            labels = host.split(".")
            for label in labels[:-1]:
                if label in _HOST_NOISE:
                    continue
                reading = self._split(label)
                if reading:
                    readings.append((host, reading))
        if not readings:
            return []
        text = " ".join(r for _, r in readings)
        how = "; ".join(f"the domain '{host}' read as '{r}'" for host, r in readings)
        return [
            dataclasses.replace(
                m, review=True, reason=f"{m.reason}; {how} (a domain read as words is only worth a look)"
            )
            for m in self._matcher.match(text, "text")
        ]
