"""`bom-auditor-cli review COPY`: decisions typed into an annotated copy, shown one by one, recorded if accepted."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from guiapp.app.screener import NoListsError
from guiapp.app.typed import TypedCopy, edit_status, find_source, read_typed_copy, review_copy
from guiapp.cli.exits import EXIT_CLEAN, EXIT_ERROR
from guiapp.cli.screen import reviewer_from_args, screener_from_args
from guiapp.evidence.errors import ExportError
from guiapp.evidence.verify import TypedEdit
from guiapp.model import DECISION_LABELS
from guiapp.review.session import AuditFileError


def _error(message: str) -> int:
    print(f"bom-auditor-cli: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def _default_output(copy: Path) -> Path:
    stem = copy.stem.removesuffix(".reviewed")
    return copy.with_name(f"{stem}.reviewed{copy.suffix}")


def _pick(
    edits: Sequence[TypedEdit], accept: str | None, ask: Callable[[str], str] | None
) -> list[TypedEdit] | None:
    """The accepted edits; None when the choice is invalid (already reported)."""
    if accept is None:
        if ask is None:
            return []
        chosen = []
        for e in edits:
            status = edit_status(e)
            as_what = DECISION_LABELS.get(status, "?") if status else "not a decision word"
            while True:
                answer = ask(f"Record row {e.row} as {as_what}? [y]es / [n]o / [q]uit: ").strip().casefold()
                if answer in ("y", "yes", "n", "no", "q", "quit", ""):
                    break
            if answer in ("q", "quit"):
                return None
            if answer in ("y", "yes"):
                chosen.append(e)
        return chosen
    word = accept.strip().casefold()
    if word == "all":
        return list(edits)
    if word == "none":
        return []
    try:
        rows = {int(x) for x in word.replace(" ", "").split(",") if x}
    except ValueError:
        print(
            f"bom-auditor-cli: error: --accept {accept!r}: give 'all', 'none' or Findings row numbers such as 4,7",
            file=sys.stderr,
        )
        return None
    unknown = sorted(rows - {e.row for e in edits})
    if unknown:
        print(
            f"bom-auditor-cli: error: --accept: no typed change on Findings row(s) {', '.join(map(str, unknown))}",
            file=sys.stderr,
        )
        return None
    return [e for e in edits if e.row in rows]


def cmd_review(args: argparse.Namespace, ask: Callable[[str], str] | None = None) -> int:
    """Run `review`; returns the exit status (0 a new copy written, 2 nothing written)."""
    try:
        copy: TypedCopy = read_typed_copy(args.copy)
    except AuditFileError as exc:
        return _error(str(exc))
    edits = copy.edits
    print(f"{copy.path.name}: sealed by {copy.check.seal.signer}; {len(edits)} typed change(s)")
    for e in edits:
        print(f"  {e.text()}")
    if not edits:
        print("nothing was typed into it since it was sealed; nothing to record")
        return EXIT_CLEAN
    reviewer = reviewer_from_args(args)
    if not reviewer:
        return _error("typed decisions are recorded under a person's name: give --reviewer NAME")
    if ask is None and args.accept is None and sys.stdin.isatty():
        ask = input
    accepted = _pick(edits, args.accept, ask)
    if accepted is None:
        return EXIT_ERROR
    if not accepted:
        print(
            "nothing accepted, nothing written"
            + (
                ""
                if args.accept is not None or ask is not None
                else ": say which with --accept all or --accept ROWS"
            ),
        )
        return EXIT_ERROR
    source = args.bom or find_source(copy)
    if source is None:
        return _error(
            f"the BOM {copy.source_name or 'the copy was made from'} was not found (SHA-256 "
            f"{copy.source_sha256[:12]}…) at {copy.source_path or 'its recorded path'}, beside the copy or above "
            "it; give it with --bom FILE"
        )
    output = args.output or _default_output(copy.path)
    if output.suffix.lower() != copy.path.suffix.lower():
        output = output.with_name(output.name + copy.path.suffix)
    if output.exists() and not args.force:
        return _error(
            f"{output} already exists; evidence is never replaced silently: use --force or --output"
        )
    if output.resolve() == copy.path.resolve():
        return _error("the new copy cannot replace the copy being reviewed; choose another --output")
    try:
        screener = screener_from_args(args)
    except NoListsError as exc:
        return _error(str(exc))
    except (ValueError, OSError) as exc:
        return _error(str(exc))
    try:
        outcome = review_copy(
            copy,
            accepted,
            screener,
            source=Path(source),
            output=output,
            reviewer=reviewer,
            reason=args.reason or "",
        )
    except (AuditFileError, ExportError, OSError) as exc:
        return _error(str(exc))
    if outcome.recorded.refused:
        for e, why in outcome.recorded.refused:
            print(f"bom-auditor-cli: error: Findings row {e.row}: {why}", file=sys.stderr)
        return _error("nothing was recorded and no copy was written; fix the rows above and run review again")
    print(f"recorded {len(outcome.recorded.recorded)} typed decision(s) by {reviewer}")
    print(f"wrote {outcome.output}", file=sys.stderr)
    return EXIT_CLEAN
