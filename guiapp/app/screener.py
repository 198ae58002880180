"""Open and screen a file, once for the window, the CLI and batch: lists, matcher, remembered mappings, coverage.

A :class:`Screener` is what a run screens with: the lists resolved for it (built-in, kept, private, run-only),
the matcher built from them, the options, and the column mappings a person corrected earlier. Every entry point
builds one and calls :meth:`Screener.screen`, so a mapping remembered in the window is used by the CLI too,
and a file whose rows were not screened carries the same warning everywhere.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from guiapp.app.indexcache import load_or_build
from guiapp.evidence.entries import attach_entry_evidence
from guiapp.ingest.column_evidence import evidence_after_choice
from guiapp.lists.importers import import_list
from guiapp.lists.watchlist import Watchlist, load_builtin, with_parties
from guiapp.matching.matcher import Matcher
from guiapp.model import CancelToken, ColumnMap, FileResult, ProgressCallback, RunInfo, ScreenOptions
from guiapp.review.identity import utc_now, watchlist_fingerprints
from guiapp.review.memory import MappingMemory, sheet_signature
from guiapp.screening.screen import make_run_info, rescreen_sheet, screen_file
from guiapp.settings import Settings

if TYPE_CHECKING:
    from guiapp.lists.store import ListStore

log = logging.getLogger(__name__)

#: The warning a file gets when no row of any sheet was screened: 0 hits then does not mean clear.
NOTHING_SCREENED = "no row was screened on any sheet, so 0 hits does not mean clear"


def load_lists(
    use_builtin: bool = True, extra: Iterable[str | Path] = (), store: ListStore | None = None
) -> list[Watchlist]:
    """The lists a run screens against: built-in (unless use_builtin is False), the store's enabled and private
    lists, and each run-only list file.

    Args:
        use_builtin: include the built-in list.
        extra: list files for this run only, in any importable format (detected from their content).
        store: the kept lists (guiapp.lists.store.ListStore); None: the built-in list alone.

    Raises:
        ValueError: a list cannot be read; the message names the file.
    """
    if store is not None:
        lists = store.enabled_watchlists(include_builtin=use_builtin)
    else:
        lists = [load_builtin()] if use_builtin else []
    for path in extra:
        # A run-only list screens its organisations, like a kept list does by default.
        lists.append(with_parties(import_list(Path(path)).watchlist, ("organisation",)))
    return lists


def screen_options(
    settings: Settings,
    *,
    threshold: float | None = None,
    header_row: int | None = None,
    column_overrides: dict[str, list[str]] | None = None,
) -> ScreenOptions:
    """The options of a run: the settings made in the window, with what this run overrides."""
    return ScreenOptions(
        threshold=settings.threshold if threshold is None else threshold,
        header_row=header_row,
        column_overrides=dict(column_overrides or {}),
        roles=tuple(settings.roles),
    )


def apply_remembered_mappings(
    result: FileResult, matcher: Matcher, options: ScreenOptions, memory: MappingMemory
) -> FileResult:
    """Re-screen every sheet whose header layout has a remembered mapping, with that mapping."""
    if not result.ok or result.bom is None or not len(memory):
        return result
    for sheet in list(result.bom.sheets):
        found = memory.lookup(sheet_signature(sheet))
        if found is None:
            continue
        header_row, columns = found
        headers = {}
        if header_row is not None:
            headers = {c: t for c, t in enumerate(sheet.row_values(header_row)) if t}
        mapping = ColumnMap(
            header_row=header_row,
            columns=columns,
            headers=headers,
            confidence=1.0,
            source="remembered",
            notes="a mapping corrected earlier for this header layout",
        )
        # The remembered columns were a person's choice: their evidence says so, with their values' shapes.
        chosen = [c for cols in columns.values() for c in cols]
        mapping.evidence = evidence_after_choice(sheet, mapping, columns, chosen)
        log.info("%s: sheet %r screened with a remembered column mapping", result.path.name, sheet.name)
        result = rescreen_sheet(result, sheet.name, mapping, matcher, options)
    return result


def note_coverage(result: FileResult, options: ScreenOptions) -> FileResult:
    """Warn when no row was screened, so zero hits is never read as clear (in every front end and export)."""
    if result.coverage != "not screened":
        return result
    hint = ""
    if options.header_row and not any(s.rows_not_screened for s in result.sheets):
        hint = f"; header row {options.header_row} leaves no rows below it"
    message = NOTHING_SCREENED + hint
    if message not in result.warnings:
        result.warnings.append(message)
    return result


class NoListsError(ValueError):
    """Every list is switched off or missing: there is nothing to screen against."""


@dataclass
class Screener:
    """What a run screens with: the lists, the matcher built from them, the options, remembered mappings.

    Attributes:
        watchlists: the lists, in the order they were resolved.
        matcher: the index built from them.
        options: threshold, header row and column overrides, roles.
        mappings: column mappings a person corrected, applied to sheets with the same header layout (None:
            detection alone).
    """

    watchlists: list[Watchlist]
    matcher: Matcher
    options: ScreenOptions
    mappings: MappingMemory | None = None
    #: entity id -> entry fingerprint; computed from the lists when not given (the index cache keeps them).
    fingerprints: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.fingerprints:
            self.fingerprints = watchlist_fingerprints(self.watchlists)

    @classmethod
    def load(
        cls,
        options: ScreenOptions,
        *,
        use_builtin: bool = True,
        extra_lists: Sequence[str | Path] = (),
        store: ListStore | None = None,
        mappings: MappingMemory | None = None,
    ) -> Screener:
        """Resolve the lists and build the matcher (seconds with a large list: call it off the GUI thread).

        Raises:
            ValueError: a list cannot be read, or no list is left to screen against.
        """
        t0 = time.perf_counter()
        watchlists = load_lists(use_builtin, extra_lists, store)
        if not watchlists:
            raise NoListsError(
                "no watchlist to screen against: turn the built-in list on, enable a kept list or add a list file"
            )
        # With a large kept list, building the index is most of a start: it is read back from the disk cache.
        compiled = load_or_build(watchlists, options.threshold)
        screener = cls(watchlists, compiled.matcher, options, mappings, compiled.fingerprints)
        log.info(
            "lists loaded in %.2f s (index %s): %s",
            time.perf_counter() - t0,
            compiled.source,
            "; ".join(f"{w.name} {w.version} sha256 {w.sha256[:16]}" for w in watchlists),
        )
        return screener

    def run_info(self, reviewer: str = "") -> RunInfo:
        """Who ran what, when and how: taken when screening starts and exported as such."""
        return dataclasses.replace(
            make_run_info(self.watchlists, self.options, reviewer), fingerprints=dict(self.fingerprints)
        )

    def screen(
        self,
        path: str | Path,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> FileResult:
        """Read and screen one file; a file that cannot be read gives status "error", never an exception.

        Raises:
            Cancelled: the cancel token was set.
        """
        path = Path(path)
        started = utc_now()
        result = screen_file(path, self.matcher, self.options, progress=progress, cancel=cancel)
        result.screened_at = started
        if result.ok and self.mappings is not None:
            result = apply_remembered_mappings(result, self.matcher, self.options, self.mappings)
        note_coverage(result, self.options)
        attach_entry_evidence(result, self.watchlists)
        if result.ok:
            log.info(
                "screened %s sha256 %s: %d sheet(s), %d row(s) screened, %d not, %d hit(s) in %.2f s%s",
                path,
                result.sha256,
                len(result.sheets),
                sum(s.rows_screened for s in result.sheets),
                sum(s.rows_not_screened for s in result.sheets),
                len(result.hits),
                result.elapsed_s,
                "; warnings: " + "; ".join(result.warnings) if result.warnings else "",
            )
        else:
            log.warning("could not screen %s: %s", path, result.error)
        return result

    def rescreen_sheet(self, result: FileResult, sheet_name: str, mapping: ColumnMap) -> FileResult:
        """Re-screen one sheet with a person's mapping; a new FileResult, the input is unchanged."""
        new = rescreen_sheet(result, sheet_name, mapping, self.matcher, self.options)
        new.screened_at = utc_now()
        new.warnings = [w for w in new.warnings if not w.startswith(NOTHING_SCREENED)]
        return attach_entry_evidence(note_coverage(new, self.options), self.watchlists)
