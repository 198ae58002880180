"""`bom-auditor-cli screen`: parse the request, run it through guiapp.app, print what happened.

The screening, carry-over, export, report and summary are the application layer's (guiapp.app.batch), the
same steps the window and its batch dialog run; this module only turns arguments into a request and the
outcome into text or JSON and an exit status.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from guiapp.app.batch import BatchFile, BatchOutcome, plan_outputs, screen_files
from guiapp.app.screener import NoListsError, Screener, screen_options
from guiapp.cli.exits import EXIT_CLEAN, EXIT_ERROR, EXIT_HITS
from guiapp.evidence.manifest import DIFF_LABELS, pending_hits
from guiapp.evidence.summary import SUMMARY_NAME
from guiapp.ingest.reading import iter_bom_files
from guiapp.model import FileResult, RunInfo, ScreenOptions, counted, printable
from guiapp.review.identity import utc_now

REPORT_STEM = "audit-report"
#: Layout version of the --json document; raise it when a field changes meaning or goes away.
JSON_SCHEMA_VERSION = 2


def _error(message: str) -> int:
    print(f"bom-auditor-cli: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def _file_summary(result: FileResult) -> list[str]:
    lines = [f"== {result.path}"]
    if not result.ok:
        lines.append(f"   ERROR: {result.error}")
        return lines
    lines.append(f"   sha256 {result.sha256}")
    lines.append(
        f"   coverage: {result.coverage.upper() if result.coverage == 'not screened' else result.coverage}"
    )
    for s in result.sheets:
        hidden = " (hidden)" if s.hidden else ""
        m = s.mapping
        if m.header_row is None:
            mapping = "no header row recognised: every text cell screened as free text"
        else:
            cols = (
                ", ".join(f"{role} {'/'.join(letters)}" for role, letters in m.letters().items())
                or "no role columns"
            )
            mapping = f"header row {m.header_row} ({m.source}, {m.confidence:.0%} sure): {cols}"
        lines.append(f"   sheet '{s.name}'{hidden}: {mapping}")
        lines.append(f"      rows screened {s.rows_screened}, rows not screened {s.rows_not_screened}")
    for w in result.warnings:
        lines.append(f"   warning: {w}")
    n = len(result.hits)
    review = sum(1 for h in result.hits if h.match.review)
    lines.append(f"   {n} hit{'s' if n != 1 else ''}" + (f" ({review} for review only)" if review else ""))
    return lines


def _hits_table(results: Sequence[FileResult]) -> list[str]:
    rows = []
    for r in results:
        for h in r.hits:
            m = h.match
            rows.append(
                [
                    r.path.name,
                    h.sheet,
                    str(h.row),
                    h.column,
                    h.field,
                    h.value,
                    m.parent if m.parent == m.entity else f"{m.entity} ({m.parent})",
                    ";".join(m.lists),
                    m.method + (" (review)" if m.review else ""),
                    f"{m.score:.0f}",
                    m.reason,
                ]
            )
    if not rows:
        return []
    header = ["file", "sheet", "row", "col", "field", "value", "entity", "lists", "method", "score", "reason"]
    limits = [28, 18, 6, 4, 12, 32, 40, 30, 20, 5, 0]

    def clip(text: str, limit: int) -> str:
        text = " ".join(text.split())
        return text if not limit or len(text) <= limit else text[: limit - 1] + "…"

    table = [header] + [[clip(c, lim) for c, lim in zip(row, limits, strict=True)] for row in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
    out = ["", "Hits:"]
    for row in table:
        out.append("  ".join(c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1])
    return out


def screener_from_args(args: argparse.Namespace) -> Screener:
    """The lists, matcher and remembered mappings for this run (the window's, unless told otherwise)."""
    from guiapp.lists.store import ListStore
    from guiapp.review.memory import MappingMemory
    from guiapp.settings import load_settings

    # The settings made in the window apply here too (threshold, roles, built-in list); flags override them.
    settings = load_settings()
    overrides: dict[str, list[str]] = {}
    for role, header in args.column:
        overrides.setdefault(role, []).append(header)
    options = screen_options(
        settings, threshold=args.threshold, header_row=args.header_row, column_overrides=overrides
    )
    store = None if args.no_stored_lists else ListStore()
    # A person's explicit --header-row/--column wins over a remembered mapping, which would re-map the sheet.
    remembered = not (args.no_remembered_mappings or args.header_row or overrides)
    return Screener.load(
        options,
        use_builtin=settings.use_builtin_watchlist and not args.no_builtin,
        extra_lists=args.watchlist,
        store=store,
        mappings=MappingMemory.load() if remembered else None,
    )


def reviewer_from_args(args: argparse.Namespace) -> str:
    """--reviewer, else the name set in the window's settings (the same person on the same install)."""
    if args.reviewer is not None:
        return " ".join(args.reviewer.split())
    from guiapp.settings import load_settings

    return load_settings().reviewer


def _memory():
    """Decision memory (when on in the window's settings): its suggestions are reported, never applied."""
    from guiapp.review.memory import DecisionMemory
    from guiapp.settings import load_settings

    return DecisionMemory.load() if load_settings().decision_memory else None


def _wants_summary(args: argparse.Namespace, files: Sequence[Path], missing: Sequence[str]) -> bool:
    """The batch summary is the index of several files (or a folder); one file's report says it all."""
    return len(files) + len(missing) > 1 or any(Path(p).is_dir() for p in args.paths)


def _existing_outputs(args: argparse.Namespace, files: Sequence[Path], missing: Sequence[str]) -> list[Path]:
    """The evidence files this run would write into --out that are there already."""
    wanted = list(plan_outputs(files, args.out).values())
    if args.report:
        wanted += [args.out / f"{REPORT_STEM}.html"] + (
            [] if args.no_pdf else [args.out / f"{REPORT_STEM}.pdf"]
        )
        if _wants_summary(args, files, missing):
            wanted.append(args.out / SUMMARY_NAME)
    return [p for p in wanted if p.exists()]


def _check_out_dir(out: Path) -> str | None:
    if out.exists() and not out.is_dir():
        return f"{out} is a file, not a folder; choose a folder for --out"
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"cannot create the output folder {out} ({exc.strerror}); choose a folder you can write to"
    return None


def cmd_screen(args: argparse.Namespace) -> int:
    """Run `screen`; returns the exit status (0 clear, 1 hits, 2 an error or a file not fully screened)."""
    missing = [p for p in args.paths if not Path(p).exists()]
    files = iter_bom_files([p for p in args.paths if Path(p).exists()])
    if not files and not missing:
        return _error("no BOM files found in " + ", ".join(args.paths))
    if args.out and (problem := _check_out_dir(args.out)):
        return _error(problem)
    if (args.report or args.previous) and not args.out:
        return _error("--report and --previous need --out DIR")
    if args.previous and (len(files) != 1 or missing):
        return _error("--previous takes exactly one BOM file")
    if args.out and not args.force and (taken := _existing_outputs(args, files, missing)):
        more = f" and {len(taken) - 1} more" if len(taken) > 1 else ""
        return _error(
            f"{taken[0]}{more} already exist(s); evidence is never replaced silently: use --force to replace, "
            "or choose another --out folder"
        )
    try:
        screener = screener_from_args(args)
    except NoListsError as exc:
        if args.no_builtin:
            return _error("--no-builtin needs at least one --watchlist FILE or an enabled kept list")
        return _error(str(exc))
    except (ValueError, OSError) as exc:
        return _error(str(exc))

    pdf = None
    if args.report and not args.no_pdf:
        pdf = pdf_renderer()
        if pdf is None:
            print(
                "bom-auditor-cli: warning: no PDF (Qt is not available); the HTML report is written",
                file=sys.stderr,
            )

    def on_file(_i: int, f: BatchFile) -> None:
        if f.status == "done" and f.output is not None and not args.json:
            print(f"wrote {f.output}", file=sys.stderr)

    outcome = screen_files(
        files,
        screener,
        args.out,
        reviewer=reviewer_from_args(args),
        previous=args.previous,
        report_stem=REPORT_STEM if args.report else None,
        pdf=pdf,
        # The summary is the index of several files; one file's report says it all.
        summary=bool(args.report) and _wants_summary(args, files, missing),
        memory=_memory(),
        failed=[
            FileResult(path=Path(p), status="error", error=f"{Path(p).name}: no such file or folder")
            for p in missing
        ],
        on_file=on_file,
    )
    written = outcome.reports + ([outcome.summary] if outcome.summary else [])
    if not args.json:
        for p in written:
            print(f"wrote {p}", file=sys.stderr)
    for w in outcome.warnings:
        print(f"bom-auditor-cli: warning: {w}", file=sys.stderr)
    for r in outcome.results:
        n = sum(s.rows_not_screened for s in r.sheets)
        if r.coverage == "partly screened" and n:
            print(
                f"bom-auditor-cli: warning: {printable(r.path.name)}: {counted(n, 'row')} with no manufacturer, "
                "part number or supplier could not be screened; no hit there does not mean clear (see the "
                "copy's or the report's 'Not screened' rows, or map their columns with --column)",
                file=sys.stderr,
            )
    pending = {
        r.sha256: pending_hits(r, outcome.decisions.get(r.sha256))
        for r in outcome.results
        if outcome.exports.get(str(r.path))
    }
    if any(pending.values()):
        n_files = sum(1 for n in pending.values() if n)
        print(
            f"bom-auditor-cli: warning: {sum(pending.values())} hit(s) in {n_files} file(s) are pending review: "
            "the annotated copies and the report are marked DRAFT",
            file=sys.stderr,
        )
    if args.json:
        _print_json(outcome, screener.options, written)
    else:
        _print_text(outcome)
    return exit_status(outcome, report_wanted=bool(args.report))


def exit_status(outcome: BatchOutcome, *, report_wanted: bool = False) -> int:
    """0 only when every file was fully screened and nothing was found; 1 hits; 2 any error, any file not
    screened, or (without hits) a file with rows that could not be screened."""
    results = outcome.results
    any_error = (
        any(r.coverage in ("error", "not screened") for r in results)
        or any(v == "" for v in outcome.exports.values())
        or (report_wanted and not outcome.reports)
        or bool(outcome.errors)
    )
    if any_error:
        return EXIT_ERROR
    if any(r.hits for r in results):
        return EXIT_HITS
    # Rows with content but no manufacturer, part number or supplier could not be screened: a file with
    # such rows is not a clear result (audit evidence: "not screened" must never look like "clear").
    if any(r.coverage == "partly screened" for r in results):
        return EXIT_ERROR
    return EXIT_CLEAN


def _print_json(outcome: BatchOutcome, options: ScreenOptions, written: list[Path]) -> None:
    doc = json_document(outcome, options, written)
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    # The reasons a run exits 2 are on stderr too, one line each, as in text mode.
    for e in outcome.errors:
        print(f"error: {e}", file=sys.stderr)


def json_document(outcome: BatchOutcome, options: ScreenOptions, written: list[Path]) -> dict:
    """The --json document (resources/schema/screen-output.schema.json)."""
    run = outcome.run
    assert run is not None
    doc: dict = {
        # Version of this document's layout (resources/schema/screen-output.schema.json describes it).
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": {"name": run.tool_name, "version": run.tool_version},
        "started_at": run.started_at,
        "generated_at": utc_now(),
        "watchlist": _watchlist_json(run),
        "watchlists": [w.to_json() for w in run.watchlists],
        "settings": options.to_json(),
        "files": [],
    }
    for r in outcome.results:
        entry = r.to_json()
        offered = outcome.suggestions.get(r.sha256, {})
        for hit, h in zip(entry["hits"], r.hits, strict=True):
            if h.key in offered:
                s = offered[h.key]
                # A suggestion is not a decision: the hit is pending until someone accepts it.
                hit["suggestion"] = {
                    "decision": s.status,
                    "note": s.note,
                    "reviewer": s.reviewer,
                    "time": s.time,
                    "from": s.origin_name,
                    "text": s.text(),
                }
        if str(r.path) in outcome.exports:
            entry["export"] = outcome.exports[str(r.path)]
        if r.sha256 in outcome.diffs:
            diff = outcome.diffs[r.sha256]
            entry["changes"] = {k: diff.count(k) for k in DIFF_LABELS}
            # Every line, not only counts: which decision was carried where, from which audit, by whom.
            entry["change_lines"] = [
                {
                    "kind": line.kind,
                    "sheet": line.sheet,
                    "row": line.row,
                    "previous_row": line.old_row,
                    "column": line.column,
                    "value": line.value,
                    "entity": line.entity,
                    "decision": line.decision.status if line.decision else None,
                    "reviewer": line.decision.reviewer if line.decision else None,
                    "decided_at": line.decision.time if line.decision else None,
                    "from": diff.previous,
                    "detail": line.detail,
                }
                for line in diff.lines
            ]
        doc["files"].append(entry)
    if outcome.reports:
        doc["reports"] = [str(p) for p in written]
    doc["errors"] = list(outcome.errors)
    return doc


def _print_text(outcome: BatchOutcome) -> None:
    run = outcome.run
    assert run is not None
    lines: list[str] = []
    for w in run.watchlists:
        # A list file of your own has no version or date: leave them out rather than print "own  ()".
        edition = " ".join(
            p for p in (w.version, f"({w.date})" if w.date and w.date != w.version else "") if p
        )
        lines.append(
            f"watchlist: {' '.join(p for p in (w.name, edition) if p)}, {w.entities} entities, "
            f"sha256 {w.sha256[:16]}…"
        )
    for r in outcome.results:
        lines.extend(_file_summary(r))
    lines.extend(_hits_table(outcome.results))
    n_suggested = sum(len(v) for v in outcome.suggestions.values())
    if n_suggested:
        lines.append(
            f"{n_suggested} hit(s) have a suggestion from decisions taken in other BOMs; they stay pending "
            "until a reviewer accepts them (in the window: A)."
        )
    n_hits = sum(len(r.hits) for r in outcome.results)
    n_err = sum(1 for r in outcome.results if not r.ok)
    lines.append("")
    lines.append(
        f"{len(outcome.results)} file(s): {n_hits} hit(s), {n_err} could not be read. "
        "A hit is a finding for a person to review, not a verdict."
    )
    print("\n".join(lines))
    for r in outcome.results:
        if not r.ok:
            print(f"error: {r.error}", file=sys.stderr)
    reported = {r.error for r in outcome.results if not r.ok}
    for e in outcome.errors:
        if e not in reported:
            print(f"error: {e}", file=sys.stderr)


def pdf_renderer():
    """Qt's PDF engine when Qt is installed, else None (the report is then written as HTML only).

    The one place outside guiapp.gui that reaches Qt, and only for this: the import-linter contracts allow
    exactly this import (pyproject.toml).
    """
    try:
        from guiapp.gui.pdf import render_pdf
    except ImportError:
        return None
    return render_pdf


def _watchlist_json(run: RunInfo) -> dict:
    """The contract's single "watchlist" object: the combination of every list used."""
    if len(run.watchlists) == 1:
        w = run.watchlists[0]
        return {
            "name": w.name,
            "version": w.version,
            "sha256": w.sha256,
            "entities": w.entities,
            "date": w.date,
        }
    digest = hashlib.sha256("".join(w.sha256 for w in run.watchlists).encode()).hexdigest()
    return {
        "name": " + ".join(w.name for w in run.watchlists),
        "version": " + ".join(w.version for w in run.watchlists),
        "sha256": digest,
        "entities": sum(w.entities for w in run.watchlists),
        "date": max((w.date for w in run.watchlists), default=""),
    }
