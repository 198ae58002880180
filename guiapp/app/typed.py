"""Decisions a reviewer typed into an annotated copy: shown one by one, recorded only when accepted.

Some reviewers prefer the spreadsheet: they type "False positive" and a note into the copy's Findings sheet.
The copy's seal leaves those columns out of its digest and keeps what they held when sealed
(guiapp.evidence.verify), so each typed change can be shown beside the sealed value. Nothing typed counts by
itself: ``--previous`` refuses such a copy, and this use case (``bom-auditor-cli review``, the window's
File > Review typed decisions) records the accepted changes under the reviewer's name, in the history, and
writes a new sealed copy. The window twin records them in the open session and exports as usual.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from python_calamine import CalamineWorkbook

from guiapp.app.export import export_copy
from guiapp.app.previous import carry_previous
from guiapp.evidence.previous import decision_status
from guiapp.evidence.verify import CopyCheck, TypedEdit, verify_copy
from guiapp.ingest.reading import file_sha256
from guiapp.model import DECISION_LABELS, FileResult
from guiapp.review.session import AuditFileError, AuditSession, HitRef, needs_reason

if TYPE_CHECKING:
    from guiapp.app.screener import Screener

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TypedCopy:
    """A sealed copy with decisions typed into it, and what it says about the BOM it was made from.

    Attributes:
        path: the copy.
        check: its verification (intact sealed content, a trusted key, the typed edits).
        source_name: the BOM's file name, as the manifest records it.
        source_path: the BOM's path when the copy was made.
        source_sha256: the BOM's SHA-256.
    """

    path: Path
    check: CopyCheck
    source_name: str
    source_path: str
    source_sha256: str

    @property
    def edits(self) -> tuple[TypedEdit, ...]:
        """The typed changes, in Findings order."""
        return self.check.edits


def read_typed_copy(path: str | Path) -> TypedCopy:
    """Verify a copy and list the decisions typed into it since it was sealed.

    Raises:
        AuditFileError: the sealed content does not verify under a trusted key, or it is not an annotated copy;
            the message names the file and what to do.
    """
    path = Path(path)
    check = verify_copy(path)
    if not check.seal.ok:
        raise AuditFileError(f"{check.message()}; typed decisions are read only from a copy whose seal holds")
    manifest: dict[str, str] = {}
    try:
        wb = CalamineWorkbook.from_path(str(path))
        name = next((n for n in check.sheets if n.startswith("Audit manifest")), None)
        for row in wb.get_sheet_by_name(name).to_python() if name else []:
            if len(row) > 1 and isinstance(row[0], str) and row[0] not in manifest:
                manifest[row[0]] = str(row[1])
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise AuditFileError(f"{path.name}: cannot be read as a workbook ({exc})") from exc
    return TypedCopy(
        path, check, manifest.get("File name", ""), manifest.get("Path", ""), manifest.get("SHA-256", "")
    )


def find_source(copy: TypedCopy, extra_dirs: Iterable[Path] = ()) -> Path | None:
    """The BOM the copy was made from, found by its SHA-256: at the recorded path, beside the copy, or above it."""
    candidates: list[Path] = []
    if copy.source_path:
        candidates.append(Path(copy.source_path))
    folders = [*extra_dirs, copy.path.parent, copy.path.parent.parent]
    if copy.source_name:
        candidates += [d / copy.source_name for d in folders]
    seen: set[Path] = set()
    for c in candidates:
        try:
            key = c.resolve()
            if key in seen or not c.is_file() or key == copy.path.resolve():
                continue
            seen.add(key)
            if file_sha256(c) == copy.source_sha256:
                return c
        except OSError:
            continue
    return None


@dataclass
class Recorded:
    """What recording typed edits did.

    Attributes:
        recorded: the edits recorded as decisions.
        refused: (edit, why) for each accepted edit that could not be recorded.
    """

    recorded: list[TypedEdit] = field(default_factory=list)
    refused: list[tuple[TypedEdit, str]] = field(default_factory=list)


def edit_status(edit: TypedEdit) -> str | None:
    """The decision the typed Decision cell names (None: not a decision word)."""
    return decision_status(edit.typed.get("Decision", ""))


def check_edits(
    edits: Sequence[TypedEdit], result: FileResult, session: AuditSession
) -> list[tuple[TypedEdit, str]]:
    """Why each edit could not be recorded on this screening of the BOM (empty: all can)."""
    problems = []
    for e in edits:
        if edit_status(e) is None:
            words = ", ".join(DECISION_LABELS.values())
            problems.append((e, f"'{e.typed.get('Decision', '')}' is not a decision; type one of {words}"))
        elif _ref_for(e, result, session) is None:
            problems.append((e, "the finding is no longer found on this BOM with the lists in use"))
    return problems


def _ref_for(edit: TypedEdit, result: FileResult, session: AuditSession) -> HitRef | None:
    key = session.key_of(result)
    for h in result.hits:
        if (h.sheet, h.row, h.column, h.match.entity_id) == (
            edit.sheet,
            edit.bom_row,
            edit.column,
            edit.entity_id,
        ):
            return HitRef(key, h)
    return None


def record_typed(
    edits: Sequence[TypedEdit],
    result: FileResult,
    session: AuditSession,
    reviewer: str,
    copy_name: str,
    reason: str = "",
) -> Recorded:
    """Record accepted typed edits as this reviewer's decisions, all or none.

    Each decision's note is the typed note (else ``reason``); the history says it was typed into the copy
    and accepted by the reviewer. Clearing a confident hit still needs a reason and a name (as
    guiapp.review.session.ReasonRequired demands): an edit without one is refused, and then nothing is
    recorded.
    """
    out = Recorded()
    if not reviewer.strip():
        out.refused = [
            (e, "no reviewer name: a typed decision is recorded under a person's name") for e in edits
        ]
        return out
    out.refused = check_edits(edits, result, session)
    planned = []
    for e in edits:
        ref = _ref_for(e, result, session)
        status = edit_status(e)
        if ref is None or status is None:
            continue  # refused above
        note = e.typed.get("Note", "").strip() or reason.strip()
        if needs_reason(ref.hit, status) and not note:
            out.refused.append(
                (e, "clearing a confident hit needs a reason: type it into the Note column, or give one")
            )
        planned.append((ref, status, note))
    if out.refused:
        return out
    action = f"typed into {copy_name}, accepted:"
    for ref, status, note in planned:
        session.decide([ref], status, note, reviewer, remember=False, action=action)
    out.recorded = list(edits)
    log.info("recorded %d typed decision(s) from %s by %r", len(edits), copy_name, reviewer)
    return out


@dataclass
class ReviewOutcome:
    """The result of reviewing a copy end to end (the CLI's ``review``)."""

    result: FileResult
    recorded: Recorded
    output: Path | None = None


def review_copy(
    copy: TypedCopy,
    accepted: Sequence[TypedEdit],
    screener: Screener,
    *,
    source: Path,
    output: Path,
    reviewer: str,
    reason: str = "",
) -> ReviewOutcome:
    """Screen the source BOM again, carry the copy's sealed decisions, record the accepted typed ones, export.

    Raises:
        AuditFileError: the source is not the BOM the copy was made from, or cannot be screened.
        ExportError: the new copy could not be written.
    """
    result = screener.screen(source)
    if not result.ok:
        raise AuditFileError(f"{source.name}: {result.error or 'could not be read'}")
    if result.sha256 != copy.source_sha256:
        raise AuditFileError(
            f"{source.name} is not the BOM {copy.path.name} was made from (its SHA-256 differs); give the original"
        )
    session = AuditSession(reviewer=reviewer, fingerprints=screener.fingerprints)
    session.add_result(result)
    carried, diff = carry_previous(copy.path, result, screener, as_sealed=True)
    incoming = AuditSession()
    incoming.decisions = {(session.key_of(result), k): d for k, d in carried.items()}
    session.merge_decisions(incoming, f"carried over from {copy.path.name}")
    recorded = record_typed(accepted, result, session, reviewer, copy.path.name, reason)
    if recorded.refused:
        return ReviewOutcome(result, recorded)
    run = screener.run_info(reviewer)
    decisions = session.decisions_for_file(session.key_of(result))
    written = export_copy(result, output, run, decisions, diff=diff)
    return ReviewOutcome(result, recorded, written)
