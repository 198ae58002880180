"""Apply a previous audit to a new revision of a BOM or to a newer list edition, and say what changed.

Rows move between revisions, so a previous decision is found again by what the row says, not where it is:
the sheet, the cell text (normalised as for grouping) and the matched list entry. A decision carries over
only while the list entry is unchanged (same fingerprint); when the entry changed, the hit is pending again
and the diff says why. The outcome is the carried decisions plus an :class:`AuditDiff` (new hits, resolved
hits, changed entries, carried decisions) that the annotated workbook's manifest and the report show.

Previous findings come from one of two places:

* an audit file (``AuditSession.save``) together with the previous revision's screening result, since the
  audit file keys its decisions by file SHA-256 and hit position and does not hold the cell text;
* a previous annotated workbook (its Findings sheet carries the cell text, entity id and entry fingerprint),
  which is what auditors keep.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from guiapp.model import DECISIONS, Decision, FileResult, Hit, Match
from guiapp.review.identity import line_identity, normalize_value
from guiapp.review.session import AuditFileError, AuditSession

HitKey = tuple[str, int, str, str]


def entry_fingerprint(match: Match, fingerprints: Mapping[str, str] | None = None) -> str:
    """The fingerprint of the list entry behind a match.

    Args:
        match: the match.
        fingerprints: entity id -> fingerprint of the entry (``review.watchlist_fingerprints``), when the lists
            are at hand; otherwise what the match says about the entry (id, names, parent, list codes) is
            hashed. The list's edition name is left out, so a new edition with an unchanged entry keeps it.

    Returns:
        A short hex string.
    """
    if fingerprints and match.entity_id in fingerprints:
        return fingerprints[match.entity_id]
    h = hashlib.sha256()
    for part in (match.entity_id, match.entity, match.parent_id, match.parent, *sorted(match.lists)):
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class PriorFinding:
    """A hit of the previous audit with its decision.

    Attributes:
        sheet: the sheet.
        row: its 1-based row in the previous revision.
        column: its column letter.
        value: the cell text as written.
        entity_id: the matched list entry.
        entity: the entry's display name.
        fingerprint: the entry's fingerprint at the time (see :func:`entry_fingerprint`).
        decision: the decision recorded.
        line: which BOM line it was on (designator / item / position, part number and cell text).
    """

    sheet: str
    row: int
    column: str
    value: str
    entity_id: str
    entity: str
    fingerprint: str
    decision: Decision
    line: str = ""  # the line identity (review.identity.line_identity); "" when not known

    @property
    def group(self) -> tuple[str, str, str]:
        """What a decision is found again by: sheet, normalised cell text, entry."""
        return (self.sheet, normalize_value(self.value), self.entity_id)


@dataclass(frozen=True)
class DiffLine:
    """One change since the previous audit.

    Attributes:
        kind: "new", "resolved", "changed", "carried" or "unchanged" (see export.DIFF_LABELS).
        sheet: the sheet.
        row: the row in the new revision (the previous row for a resolved hit).
        old_row: the row in the previous revision, when there was one.
        column: the column letter.
        value: the cell text.
        entity: the matched entry's display name.
        decision: the decision carried (carried) or the previous decision (changed, resolved, unchanged).
        detail: plain words.
    """

    kind: str
    sheet: str
    row: int
    old_row: int | None
    column: str
    value: str
    entity: str
    decision: Decision | None
    detail: str


@dataclass
class AuditDiff:
    """What changed between a previous audit and this run.

    Attributes:
        previous: how the previous audit is named (its file).
        previous_sha256: SHA-256 of the BOM the previous audit was taken on.
        lines: the changes, new hits first.
    """

    previous: str
    previous_sha256: str
    lines: list[DiffLine] = field(default_factory=list)

    def count(self, kind: str) -> int:
        """Number of lines of one kind."""
        return sum(1 for line in self.lines if line.kind == kind)

    def of_kind(self, kind: str) -> list[DiffLine]:
        """The lines of one kind."""
        return [line for line in self.lines if line.kind == kind]


def priors_from_result(
    result: FileResult,
    decisions: Mapping[HitKey, Decision],
    fingerprints: Mapping[str, str] | None = None,
) -> list[PriorFinding]:
    """Previous findings from the previous revision's screening result and its decisions (keyed by Hit.key)."""
    out = []
    for h in result.hits:
        d = decisions.get(h.key) or Decision()
        out.append(
            PriorFinding(
                h.sheet, h.row, h.column, h.value, h.match.entity_id, h.match.entity,
                entry_fingerprint(h.match, fingerprints), d, hit_line(result, h),
            )
        )  # fmt: skip
    return out


def hit_line(result: FileResult, hit: Hit) -> str:
    """The line identity of a hit in a screened file ("" when its cells are no longer at hand)."""
    if result.bom is None:
        return ""
    sheet = next((s for s in result.bom.sheets if s.name == hit.sheet), None)
    return line_identity(sheet, hit.row, hit.value) if sheet is not None else ""


def priors_from_audit_file(
    audit_path: str | Path, previous: FileResult, fingerprints: Mapping[str, str] | None = None
) -> list[PriorFinding]:
    """Previous findings from a saved audit file and the previous revision's screening result.

    Args:
        audit_path: the audit file (JSON written by ``AuditSession.save``).
        previous: the previous revision, screened (its SHA-256 names its decisions in the audit file).
        fingerprints: entity id -> entry fingerprint of the lists the previous revision was decided on.

    Raises:
        AuditFileError: the audit file cannot be read, or holds no decision for that file.
    """
    session = AuditSession.load(audit_path)
    decisions = {key: d for (sha, key), d in session.decisions.items() if sha == previous.sha256}
    if not decisions and session.decisions:
        raise AuditFileError(
            f"{Path(audit_path).name}: holds no decisions for {previous.path.name} (SHA-256 "
            f"{previous.sha256[:12]}...); choose the audit taken on that file"
        )
    return priors_from_result(previous, decisions, fingerprints)


def carry_over(
    priors: Iterable[PriorFinding],
    result: FileResult,
    *,
    fingerprints: Mapping[str, str] | None = None,
    previous: str = "",
    previous_sha256: str = "",
    current: Mapping[HitKey, Decision] | None = None,
) -> tuple[dict[HitKey, Decision], AuditDiff]:
    """Carry previous decisions over to a newly screened file and work out what changed.

    A previous decision (other than pending) is carried to every hit with the same sheet, cell text
    (normalised) and list entry whose entry fingerprint is unchanged; it is marked as applied automatically
    (``remembered``), so it is shown as such, never silently. A decision already taken on the new file
    (``current``) is never replaced.

    Args:
        priors: the previous findings with their decisions.
        result: the new screening result.
        fingerprints: entity id -> entry fingerprint of the lists used now.
        previous: how to name the previous audit in the diff (e.g. its file name).
        previous_sha256: SHA-256 of the BOM the previous audit was taken on.
        current: decisions already taken on the new file, keyed by Hit.key.

    Returns:
        (Hit.key -> carried decision, the diff).
    """
    groups: dict[tuple[str, str, str], list[PriorFinding]] = {}
    for p in priors:
        groups.setdefault(p.group, []).append(p)
    current = current or {}
    carried: dict[HitKey, Decision] = {}
    diff = AuditDiff(previous=previous, previous_sha256=previous_sha256)
    seen_groups: set[tuple[str, str, str]] = set()
    new_lines: list[DiffLine] = []
    other_lines: list[DiffLine] = []
    for h in sorted(result.hits, key=lambda h: (h.sheet, h.row, h.column)):
        group = (h.sheet, normalize_value(h.value), h.match.entity_id)
        found = groups.get(group)
        if not found:
            new_lines.append(_line("new", h, None, None, "not in the previous audit"))
            continue
        seen_groups.add(group)
        fp = entry_fingerprint(h.match, fingerprints)
        same_entry = [p for p in found if p.fingerprint == fp]
        decided = [
            p
            for p in (same_entry or found)
            if p.decision.status != "pending" and p.decision.status in DECISIONS
        ]
        # Prefer the previous decision taken on the same column, then the latest.
        decided.sort(key=lambda p: (p.column != h.column, p.row != h.row, _neg_time(p.decision.time)))
        if not same_entry:
            prior = decided[0] if decided else found[0]
            other_lines.append(
                _line(
                    "changed", h, prior.row, prior.decision if decided else None,
                    "the list entry changed since the previous audit; decide again",
                )
            )  # fmt: skip
            continue
        if not decided:
            other_lines.append(
                _line("unchanged", h, found[0].row, None, "found again; pending in the previous audit too")
            )
            continue
        if h.key in current:
            other_lines.append(
                _line(
                    "unchanged", h, decided[0].row, decided[0].decision,
                    "found again; already decided in this audit, so the earlier decision is not applied",
                )
            )  # fmt: skip
            continue
        # Only the same line keeps its decision: a new line that repeats a decided text, or a line whose
        # designator or part number changed, is decided again (the earlier decision is shown beside it).
        line = hit_line(result, h)
        same_line = [p for p in decided if not p.line or not line or p.line == line]
        if not same_line:
            other_lines.append(
                _line(
                    "changed", h, decided[0].row, decided[0].decision,
                    "a new or changed line repeats a decided text (its designator or part number differ); "
                    "decide again",
                )
            )  # fmt: skip
            continue
        prior = same_line[0]
        carried[h.key] = replace(prior.decision, remembered=True)
        where = "same row" if prior.row == h.row else f"was row {prior.row}"
        other_lines.append(_line("carried", h, prior.row, prior.decision, f"carried over ({where})"))
    for group, found in groups.items():
        if group in seen_groups:
            continue
        for p in found:
            other_lines.append(
                DiffLine(
                    "resolved", p.sheet, p.row, p.row, p.column, p.value, p.entity, p.decision,
                    "no longer found: the row changed, was removed, or the entry left the list",
                )
            )  # fmt: skip
    order = {"new": 0, "changed": 1, "resolved": 2, "carried": 3, "unchanged": 4}
    diff.lines = new_lines + sorted(other_lines, key=lambda x: (order[x.kind], x.sheet, x.row))
    return carried, diff


def _neg_time(time: str) -> tuple[int, ...]:
    # Latest first: ISO 8601 strings sort as text, so invert their code points.
    return tuple(-ord(c) for c in time)


def _line(kind: str, h: Hit, old_row: int | None, decision: Decision | None, detail: str) -> DiffLine:
    return DiffLine(kind, h.sheet, h.row, old_row, h.column, h.value, h.match.entity, decision, detail)


def merged_decisions(
    carried: Mapping[HitKey, Decision], current: Mapping[HitKey, Decision] | None
) -> dict[HitKey, Decision]:
    """Decisions for export: the ones taken on the new file win over carried ones."""
    return {**carried, **(current or {})}


__all__: Sequence[str] = (
    "AuditDiff",
    "DiffLine",
    "PriorFinding",
    "carry_over",
    "entry_fingerprint",
    "merged_decisions",
    "priors_from_audit_file",
    "priors_from_result",
)
