"""Re-screen against a previous audit: carry its decisions to the same findings and list what changed.

One use case for the window ("Compare with previous audit") and the CLI (--previous): the previous audit is
either an annotated copy this tool wrote, or an audit session file with the BOM it was taken on.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from guiapp.evidence.previous import priors_from_export
from guiapp.model import Decision, FileResult
from guiapp.review.carryover import AuditDiff, carry_over, priors_from_audit_file
from guiapp.review.session import AuditFileError

if TYPE_CHECKING:
    from guiapp.app.screener import Screener

log = logging.getLogger(__name__)

HitKey = tuple[str, int, str, str]


def carry_previous(
    previous: Path,
    target: FileResult,
    screener: Screener,
    *,
    current: Mapping[HitKey, Decision] | None = None,
    previous_bom: Path | None = None,
    as_sealed: bool = False,
) -> tuple[dict[HitKey, Decision], AuditDiff]:
    """Carry the decisions of a previous audit to target's findings, and the line-by-line changes.

    Args:
        previous: an annotated copy (.xlsx/.xlsm) written by this tool, or an audit session file.
        target: the file screened now.
        screener: screens previous_bom the way target was screened.
        current: decisions already made on target; they win over carried ones.
        previous_bom: the BOM an audit session file was taken on (None: previous is an annotated copy).
        as_sealed: take a copy's sealed decisions even when decisions were typed into it since (the review of
            typed decisions records those separately); otherwise such a copy is refused.

    Raises:
        AuditFileError: the previous audit cannot be read or does not belong to this BOM.
        OSError: a file cannot be read.
    """
    previous = Path(previous)
    fingerprints: dict[str, str] | None
    if previous_bom is None:
        priors, previous_sha = priors_from_export(previous, as_sealed=as_sealed)
        # A sealed copy records the fingerprint of every field of each entry, as the lists now give it.
        fingerprints = screener.fingerprints
    else:
        earlier = screener.screen(previous_bom)
        if not earlier.ok:
            raise AuditFileError(f"{previous_bom.name}: {earlier.error or 'could not be read'}")
        fingerprints = screener.fingerprints
        priors = priors_from_audit_file(previous, earlier, fingerprints)
        previous_sha = earlier.sha256
    carried, diff = carry_over(
        priors,
        target,
        fingerprints=fingerprints,
        previous=previous.name,
        previous_sha256=previous_sha,
        current=dict(current) if current is not None else None,
    )
    log.info(
        "carried %d decision(s) from %s (sha256 %s) to %s: %s",
        len(carried),
        previous,
        previous_sha,
        target.path,
        {k: diff.count(k) for k in {line.kind: None for line in diff.lines}},
    )
    return carried, diff
