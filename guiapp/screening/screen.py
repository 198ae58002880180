"""Screening: a read Bom and a Matcher in, a FileResult with explained Hits and coverage out.

The work is done on distinct values: a BOM of 100,000 rows has a few thousand distinct manufacturers, so
each (value, field) pair is matched once and the result is fanned out to every row that holds it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import functools
import itertools
import operator
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from guiapp import __version__
from guiapp.gcpause import gc_paused
from guiapp.ingest.mapping import apply_overrides, data_row_numbers
from guiapp.ingest.reading import file_sha256, read_bom
from guiapp.lists.watchlist import Watchlist
from guiapp.matching.matcher import Matcher, Prescan
from guiapp.model import (
    FREE_TEXT,
    Bom,
    BomReadError,
    CancelToken,
    ColumnMap,
    FileResult,
    Hit,
    Match,
    ProgressCallback,
    RunInfo,
    ScreenOptions,
    SheetData,
    SheetReport,
    column_letter,
)
from guiapp.screening.unmapped import (
    DomainReader,
    UnmappedColumn,
    at_review_level,
    unmapped_columns,
    worth_a_look,
)

TOOL_NAME = "bom-auditor"

_WORDS = re.compile(r"[^\W\d_]{2,}")
# How many distinct values are matched between two progress reports / cancel checks.
_CHUNK = 2000
# Part numbers are mostly cleared in bulk (about 0.4 us each), so they go in larger chunks.
_PART_NUMBER_FIELDS = ("part_number", "mpn")
#: Fields that identify a maker: a row with none of them filled is "not screened".
_IDENTITY_FIELDS = ("manufacturer", "part_number", "supplier")
#: Fields whose cells are read as text, where a link's domain name may name a maker.
_TEXT_FIELDS = (FREE_TEXT, "description")


def build_matcher(watchlists: Sequence[Watchlist], threshold: float) -> Matcher:
    """Build the matcher (its indexes) for these lists and fuzzy threshold."""
    return Matcher(watchlists, threshold=threshold)


def make_run_info(watchlists: Sequence[Watchlist], options: ScreenOptions, reviewer: str = "") -> RunInfo:
    """Record who ran what, when and how, for the manifest and the report."""
    return RunInfo(
        tool_name=TOOL_NAME,
        tool_version=__version__,
        started_at=_dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat(),
        watchlists=[w.info() for w in watchlists],
        options=options,
        reviewer=reviewer,
    )


def _looks_screenable(text: str) -> bool:
    """Whether a free-text cell can hold a name or part number (not a bare number or one character)."""
    if len(text) < 2:
        return False
    return any(ch.isalpha() for ch in text)


@dataclass
class _Column:
    """One screened column of a sheet's data rows: values[i] is the cell on spreadsheet row first_row + i."""

    field: str
    col: int  # 0-based absolute column index
    first_row: int
    values: list[str]
    unmapped: UnmappedColumn | None = None  # set for a column without a role, screened at review level


def _sheet_columns(sheet: SheetData, roles: Sequence[str]) -> tuple[list[_Column], int, list[int]]:
    """The columns to screen on one sheet, the number of rows screened, and the rows not screened.

    Working column by column keeps the per-cell work in list comprehensions and set operations: a
    100,000-row sheet has half a million role cells but only a few distinct values per column.
    """
    mapping = sheet.mapping
    data = data_row_numbers(sheet)
    if not len(data):
        return [], 0, []
    i0 = data.start - sheet.first_row
    block = sheet.rows[i0 : i0 + len(data)]
    first, first_col = data.start, sheet.first_col
    columns: list[_Column] = []
    if mapping.header_row is None or not any(mapping.columns.get(r) for r in roles):
        # No recognised header (or none of the screened roles mapped): every text cell is free text.
        width = max((len(r) for r in block), default=0)
        for j in range(width):
            values = [r[j] if j < len(r) and _looks_screenable(r[j]) else "" for r in block]
            if any(values):
                columns.append(_Column(FREE_TEXT, first_col + j, first, values))
    else:
        shortest = min(map(len, block), default=0)  # rows from a workbook all have the sheet's width
        for role in roles:
            for c in mapping.columns.get(role, []):
                j = c - first_col
                if j < 0:
                    continue
                if j < shortest:
                    values = list(map(operator.itemgetter(j), block))  # in C: 4x quicker than a comprehension
                else:
                    values = [r[j] if j < len(r) else "" for r in block]
                columns.append(_Column(role, c, first, values))
        # Every other cell that may name a maker (notes, comments, links) is screened too, at review level.
        for extra in unmapped_columns(mapping, block, first_col):
            j, keep = extra.col - first_col, extra.keep
            if j < shortest:  # each cell kept when worth screening, else "": one look-up per cell in C
                kept = {v: v for v in keep}.get
                values = list(map(kept, map(operator.itemgetter(j), block), itertools.repeat("")))
            else:
                values = [r[j] if j < len(r) and r[j] in keep else "" for r in block]
            columns.append(_Column(FREE_TEXT, extra.col, first, values, extra))
    # A row counts as screened when it has something that identifies a maker: a manufacturer, part number
    # or supplier (audit-evidence: rows with none of them are "not screened", never "clear"). Free-text
    # sheets have no such columns; every text cell there is screened. A hit on a description-only row
    # makes it screened after all (see _screen_sheets).
    basis = [
        c for c in columns if c.field in _IDENTITY_FIELDS or (c.field == FREE_TEXT and c.unmapped is None)
    ]
    filled = list(map(any, zip(*(c.values for c in basis), strict=True))) if basis else [False] * len(block)
    screened = sum(filled)
    not_screened = [first + i for i, f in enumerate(filled) if not f and any(block[i])]
    return columns, screened, not_screened


def _row_role_text(sheet: SheetData, row: int, role: str) -> str:
    """The row's text in a role's columns (all of them joined), for part-number context."""
    cols = sheet.mapping.columns.get(role, [])
    return " / ".join(v for v in (sheet.cell(row, c) for c in cols) if v)


def _row_text(sheet: SheetData, row: int, skip_col: int) -> str:
    """The row's other cells joined, as context for patterns that need a maker's name nearby."""
    return " | ".join(v for c, v in enumerate(sheet.row_values(row)) if v and c != skip_col)


def _with_context(
    match: Match, field: str, value: str, manufacturer: str, description: str, matcher: Matcher
) -> Match:
    """Weigh a part-number or description hit against the rest of its row.

    A part number that fits a listed maker's pattern on a row whose manufacturer is someone else is
    worth a look (relabelled hardware, a pattern collision), but is not evidence on its own; unless the
    cell or the row's description names the listed maker itself, which is.
    """
    if match.method not in ("part_number", "description") or field in ("manufacturer", "supplier"):
        return match
    if manufacturer and any(
        m.parent_id == match.parent_id and not m.review for m in matcher.match(manufacturer, "manufacturer")
    ):
        return dataclasses.replace(
            match, reason=f"{match.reason}; the row's manufacturer '{manufacturer}' confirms it"
        )
    if match.method == "part_number":
        named = _names_parent(match.parent_id, (value, description), matcher)
        if named:
            also = f"; the row's manufacturer says '{manufacturer}'" if manufacturer else ""
            return dataclasses.replace(match, reason=f"{match.reason}; {named} confirms it{also}")
    if not manufacturer:
        return _part_inside_other_text(match, field, value, matcher)
    counter = matcher.part_look_alike(match)
    shape = f", and '{match.normalized_value}' has the shape of other makers' parts such as '{counter}'"
    return dataclasses.replace(
        match,
        review=True,
        reason=(
            f"{match.reason}; but the row's manufacturer says '{manufacturer}'{shape if counter else ''}, "
            "so this needs a look"
        ),
    )


def _part_inside_other_text(match: Match, field: str, value: str, matcher: Matcher) -> Match:
    """A pattern hit inside a part-number cell that holds other words ("EMC DS-4100B"), with no maker
    column to confirm it, is a review item when the hit has the shape of the pattern's counter-examples
    (other makers' parts): the pattern alone is then not distinctive enough to name the maker."""
    if match.method != "part_number" or match.review or field not in ("part_number", "mpn"):
        return match
    words = _words_beside(value, match.normalized_value)
    if not words:
        return match
    counter = matcher.part_look_alike(match)
    if not counter:
        return match
    return dataclasses.replace(
        match,
        review=True,
        reason=(
            f"{match.reason}; the cell also says '{' '.join(words)}', no maker column confirms it, and "
            f"'{match.normalized_value}' has the shape of other makers' parts such as '{counter}', so this needs a look"
        ),
    )


def _words_beside(value: str, hit: str) -> list[str]:
    """The words of a cell outside the whitespace-delimited stretch that holds the hit: "EMC" in
    "EMC DS-4100B", nothing in "DHI-NVR1108HS-S3/H-ND" (the rest of the same part number is not another word)."""
    start = value.upper().find(hit.upper()) if hit else -1
    if start >= 0:
        end = start + len(hit)
        while start > 0 and not value[start - 1].isspace():
            start -= 1
        while end < len(value) and not value[end].isspace():
            end += 1
        rest = f"{value[:start]} {value[end:]}"
    else:  # the hit was read after folding: leave out every token that shares its first run of letters/digits
        first = re.match(r"[A-Za-z0-9]+", hit or "")
        key = first.group(0).upper() if first else ""
        rest = " ".join(
            t for t in value.split() if not key or key not in re.sub(r"[^A-Za-z0-9]", "", t).upper()
        )
    return [w for w in _WORDS.findall(rest) if w.upper() not in hit.upper()]


def _names_parent(parent_id: str, texts: Sequence[str], matcher: Matcher) -> str:
    """How the texts name a listed parent in words ("the description's 'Hisilicon'"), or ""."""
    for text in texts:
        if not text:
            continue
        if any(m.parent_id == parent_id for m in matcher.names_in(text)):
            return f"the text '{text}'"
    return ""


def _add_domain_matches(values: Sequence[str], found: dict[str, list[Match]], domains: DomainReader) -> None:
    """Add what the values' domain names say when read as words ("dahuasecurity.com"), for new parents only."""
    for value, extra in domains.bulk_matches(values).items():
        have = found.get(value, [])
        parents = {m.parent_id for m in have}
        new = [m for m in extra if m.parent_id not in parents]
        if new:
            found[value] = have + new


def _best_per_parent(matches: Sequence[Match]) -> list[Match]:
    """Keep the strongest match per listed parent (a cell naming a brand and its parent is one finding)."""
    best: dict[str, Match] = {}
    for m in matches:
        cur = best.get(m.parent_id)
        if cur is None or (not m.review, m.score) > (not cur.review, cur.score):
            best[m.parent_id] = m
    return sorted(best.values(), key=lambda m: (m.review, -m.score))


def screen_sheets(
    bom: Bom,
    sheets: Sequence[SheetData],
    matcher: Matcher,
    options: ScreenOptions,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    prescanned: Prescan | None = None,
) -> tuple[list[SheetReport], list[Hit]]:
    """Screen the given sheets of a Bom with their current mappings (prescanned: see screen_file)."""
    # Hundreds of thousands of small keys and lists are made here while the read Bom (a million strings in
    # lists) is alive; each full collection walks all of it. Nothing made here forms cycles: pausing the
    # collector took a 100,000-row screening from 1.6 s to 0.9 s.
    with gc_paused():
        return _screen_sheets(
            bom, sheets, matcher, options, progress=progress, cancel=cancel, prescanned=prescanned
        )


def _screen_sheets(
    bom: Bom,
    sheets: Sequence[SheetData],
    matcher: Matcher,
    options: ScreenOptions,
    *,
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
    prescanned: Prescan | None,
) -> tuple[list[SheetReport], list[Hit]]:
    reports: list[SheetReport] = []
    per_sheet: list[tuple[SheetData, list[_Column]]] = []
    distinct: dict[str, set[str]] = {}  # field -> its distinct values, over all sheets
    for sheet in sheets:
        columns, screened, not_screened = _sheet_columns(sheet, options.roles)
        reports.append(
            SheetReport(
                name=sheet.name,
                hidden=sheet.hidden,
                mapping=sheet.mapping,
                rows_screened=screened,
                rows_not_screened=len(not_screened),
                not_screened_rows=not_screened,
                cells_without_value=sheet.formula_cells_without_value,
            )
        )
        per_sheet.append((sheet, columns))
        for column in columns:
            distinct.setdefault(column.field, set()).update(column.values)
        if cancel:
            cancel.raise_if_cancelled()

    # Matched field by field: no (value, field) key per value, and a field's part numbers are cleared in bulk.
    results: dict[str, dict[str, list[Match]]] = {}  # field -> value -> matches, for values with any
    needs_row: dict[str, set[str]] = {}  # field -> values whose weak pattern waits for a maker in the row
    total = sum(len(values) - ("" in values) for values in distinct.values())
    done = 0
    domains = DomainReader(matcher)
    for fld, value_set in distinct.items():
        value_set.discard("")
        values = list(value_set)
        found = results.setdefault(fld, {})
        waiting = needs_row.setdefault(fld, set())
        step = _CHUNK * 10 if fld in _PART_NUMBER_FIELDS else _CHUNK
        for start in range(0, len(values), step):
            if cancel:
                cancel.raise_if_cancelled()
            chunk_found, chunk_waiting = matcher.match_field(
                values[start : start + step], fld, cancel=cancel, prescanned=prescanned
            )
            found.update(chunk_found)
            if fld in _TEXT_FIELDS:
                _add_domain_matches(values[start : start + step], found, domains)
            if fld != "manufacturer":
                waiting.update(chunk_waiting)
            done += min(step, len(values) - start)
            if progress:
                progress(done, total, f"{bom.path.name}: matched {done} of {total} distinct values")

    found_hits: list[tuple[int, int, int, Hit]] = []
    role_hits: set[tuple[int, int, str]] = set()  # (sheet order, row, parent) found in a role column
    for order, (sheet, columns) in enumerate(per_sheet):
        for column in columns:  # role columns come first, so role_hits is complete for the unmapped ones
            fld = column.field
            matched, waiting = results[fld], needs_row[fld]
            if not matched and not waiting:
                continue
            letter = column_letter(column.col)
            wanted = matched.keys() | waiting
            values = column.values
            for i in itertools.compress(range(len(values)), map(wanted.__contains__, values)):
                value = values[i]
                row = column.first_row + i
                matches = matched.get(value)
                if value in waiting:
                    # A weak pattern counts only with the maker named in the row.
                    matches = matcher.match(value, fld, context=_row_text(sheet, row, column.col))
                if not matches:
                    continue
                if column.unmapped is not None:
                    for m in _best_per_parent(matches):
                        if (order, row, m.parent_id) not in role_hits and worth_a_look(m, value):
                            m = at_review_level(m, column.unmapped.header, column.col)
                            hit = Hit(
                                sheet=sheet.name, row=row, column=letter, field=fld, value=value, match=m
                            )
                            found_hits.append((order, row, column.col, hit))
                    continue
                manufacturer = description = ""
                if fld not in ("manufacturer", "supplier") and any(
                    m.method in ("part_number", "description") for m in matches
                ):
                    manufacturer = _row_role_text(sheet, row, "manufacturer")
                    if fld != "description":
                        description = _row_role_text(sheet, row, "description")
                weighed = [_with_context(m, fld, value, manufacturer, description, matcher) for m in matches]
                for m in _best_per_parent(weighed):
                    hit = Hit(sheet=sheet.name, row=row, column=letter, field=fld, value=value, match=m)
                    found_hits.append((order, row, column.col, hit))
                    role_hits.add((order, row, m.parent_id))
    found_hits.sort(key=lambda t: t[:3])
    # A row without maker columns that still named a listed maker (in its description) was screened; a hit in
    # an unmapped column is only worth a look, so it does not count.
    hit_rows = {(order, row) for order, row, _ in role_hits}
    for order, report in enumerate(reports):
        if report.not_screened_rows and any((order, r) in hit_rows for r in report.not_screened_rows):
            report.not_screened_rows = [r for r in report.not_screened_rows if (order, r) not in hit_rows]
            moved = report.rows_not_screened - len(report.not_screened_rows)
            report.rows_not_screened -= moved
            report.rows_screened += moved
    return reports, [t[3] for t in found_hits]


def screen_bom(
    bom: Bom,
    matcher: Matcher,
    options: ScreenOptions,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    prescanned: Prescan | None = None,
) -> FileResult:
    """Screen every sheet of a read Bom; the sheets' mappings are used as they are (prescanned: see screen_file)."""
    t0 = time.perf_counter()
    reports, hits = screen_sheets(
        bom, bom.sheets, matcher, options, progress=progress, cancel=cancel, prescanned=prescanned
    )
    return FileResult(
        path=bom.path,
        sha256=bom.sha256,
        status="ok",
        warnings=list(bom.warnings),
        encoding_doubtful=bom.encoding_doubtful,
        sheets=reports,
        hits=hits,
        bom=bom,
        elapsed_s=time.perf_counter() - t0,
    )


def screen_file(
    path: str | Path,
    matcher: Matcher,
    options: ScreenOptions,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> FileResult:
    """Read and screen one file. A file that cannot be read gives status "error", never an exception.

    While calamine parses a workbook's sheets (in a helper thread, on the other core), the cell texts of its
    XML are scanned for listed names and part numbers (Matcher.prescan_texts); screening then takes those
    scans instead of making them. The hits are the same either way (tests/core/test_prefetch.py).

    Raises:
        Cancelled: the cancel token was set.
    """
    path = Path(path)
    t0 = time.perf_counter()
    prescanned = Prescan()
    try:
        bom = read_bom(
            path,
            header_row=options.header_row,
            column_overrides=options.column_overrides or None,
            progress=progress,
            cancel=cancel,
            on_texts=functools.partial(matcher.prescan_texts, ahead=prescanned),
        )
    except BomReadError as exc:
        sha = ""
        with contextlib.suppress(OSError):
            sha = file_sha256(path)
        return FileResult(
            path=path, sha256=sha, status="error", error=str(exc), elapsed_s=time.perf_counter() - t0
        )
    result = screen_bom(bom, matcher, options, progress=progress, cancel=cancel, prescanned=prescanned)
    result.elapsed_s = time.perf_counter() - t0
    return result


def screen_paths(
    paths: Iterable[str | Path],
    matcher: Matcher,
    options: ScreenOptions,
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: CancelToken | None = None,
) -> Iterator[FileResult]:
    """Screen each file (folders are searched for BOM files), yielding one FileResult per file."""
    from guiapp.ingest.reading import iter_bom_files

    files = iter_bom_files(paths)
    for i, f in enumerate(files):
        if cancel:
            cancel.raise_if_cancelled()
        if progress:
            progress(i, len(files), f"screening {f.name}")
        yield screen_file(f, matcher, options, cancel=cancel)
    if progress:
        progress(len(files), len(files), "done")


def rescreen_sheet(
    result: FileResult,
    sheet_name: str,
    mapping: ColumnMap,
    matcher: Matcher,
    options: ScreenOptions,
) -> FileResult:
    """Re-screen one sheet with a person's mapping; returns a new FileResult, the input is unchanged."""
    if result.bom is None:
        raise ValueError(f"{result.path.name}: the file was not read, so it cannot be re-screened")
    bom = result.bom
    new_sheets: list[SheetData] = []
    target: SheetData | None = None
    for s in bom.sheets:
        if s.name == sheet_name:
            target = dataclasses.replace(s, mapping=mapping)
            new_sheets.append(target)
        else:
            new_sheets.append(s)
    if target is None:
        raise ValueError(f"{result.path.name}: no sheet named {sheet_name!r}")
    new_bom = dataclasses.replace(bom, sheets=new_sheets)
    reports, hits = screen_sheets(new_bom, [target], matcher, options)
    sheets = [reports[0] if r.name == sheet_name else r for r in result.sheets]
    other_hits = [h for h in result.hits if h.sheet != sheet_name]
    order = {s.name: i for i, s in enumerate(new_bom.sheets)}
    all_hits = sorted(other_hits + hits, key=lambda h: (order.get(h.sheet, 0), h.row))
    return dataclasses.replace(result, bom=new_bom, sheets=sheets, hits=all_hits)


def override_mapping(
    sheet: SheetData, header_row: int | None, column_overrides: dict[str, list[str]]
) -> ColumnMap:
    """A person's mapping for a sheet (header row and/or role columns), for rescreen_sheet."""
    return apply_overrides(sheet, sheet.mapping, header_row, column_overrides)
