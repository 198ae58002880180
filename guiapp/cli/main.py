"""Command line: `bom-auditor-cli screen ...` and `bom-auditor-cli lists ...` (and `python -m guiapp.cli.main`).

Never imports Qt. Exit status of `screen`: 0 no hits, 1 hits found, 2 a usage error or any file that could not
be read; of `lists`: 0 done, 2 an error (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from guiapp import __version__
from guiapp.model import ROLES, FileResult, RunInfo, ScreenOptions

EXIT_CLEAN = 0
EXIT_HITS = 1
EXIT_ERROR = 2

_ROLE_ALIASES = {
    "manufacturer": "manufacturer",
    "mfr": "manufacturer",
    "maker": "manufacturer",
    "part_number": "part_number",
    "part-number": "part_number",
    "partnumber": "part_number",
    "mpn": "part_number",
    "pn": "part_number",
    "description": "description",
    "desc": "description",
    "supplier": "supplier",
    "vendor": "supplier",
}


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors exit with status 2 and one clear line, pointing at --help.

    argparse's default printed the whole usage block (six lines for ``screen``) above the message.
    """

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _parse_column(spec: str) -> tuple[str, str]:
    if "=" not in spec:
        raise argparse.ArgumentTypeError(f"expected ROLE=HEADER, got {spec!r}")
    role, header = spec.split("=", 1)
    key = _ROLE_ALIASES.get(role.strip().lower())
    if key is None:
        raise argparse.ArgumentTypeError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    if not header.strip():
        raise argparse.ArgumentTypeError(f"no header or column letter given for {role!r}")
    return key, header.strip()


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError("the threshold is a score from 0 to 100")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a row number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("row numbers start at 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of bom-auditor-cli."""
    parser = _Parser(
        prog="bom-auditor-cli",
        description="Screen bills of materials against export-control and procurement watchlists.",
    )
    parser.add_argument("--version", action="version", version=f"bom-auditor {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    screen = sub.add_parser(
        "screen",
        help="screen BOM files or folders",
        description="Screen BOM files (.xlsx .xlsm .xls .xlsb .ods .csv .txt) or folders of them. "
        "Exit status: 0 no hits, 1 hits found, 2 usage error or a file that could not be read.",
    )
    screen.add_argument(
        "paths", nargs="+", metavar="PATH", help="a BOM file or a folder (searched recursively)"
    )
    screen.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    screen.add_argument(
        "--out", metavar="DIR", type=Path, help="write <stem>.audited.xlsx for each file into DIR"
    )
    screen.add_argument(
        "--threshold",
        type=_threshold,
        default=ScreenOptions().threshold,
        metavar="N",
        help="minimum fuzzy score, 0-100 (default %(default)s)",
    )
    screen.add_argument(
        "--watchlist",
        action="append",
        default=[],
        metavar="FILE",
        type=Path,
        help="add a list file for this run: a trade.gov consolidated.csv/.json, an OpenSanctions "
        "targets.simple.csv or your own CSV/XLSX with a name column (format read from the content); may be repeated",
    )
    screen.add_argument("--no-builtin", action="store_true", help="leave the built-in watchlist out")
    screen.add_argument(
        "--no-stored-lists",
        action="store_true",
        help="leave out the lists kept with 'lists import' and the private list (default: use the enabled ones)",
    )
    screen.add_argument(
        "--header-row", type=_positive_int, metavar="N", help="use row N as the header row on every sheet"
    )
    screen.add_argument(
        "--column",
        action="append",
        default=[],
        type=_parse_column,
        metavar="ROLE=HEADER",
        help="use the column with this header text (or letter) for ROLE "
        "(manufacturer, part_number, description, supplier); may be repeated",
    )
    screen.add_argument(
        "--report",
        action="store_true",
        help="with --out: also write an audit report (audit-report.html and .pdf) and, for several files, "
        "batch-summary.xlsx",
    )
    screen.add_argument("--no-pdf", action="store_true", help="with --report: write the HTML report only")
    screen.add_argument(
        "--previous",
        type=Path,
        metavar="FILE",
        help="an earlier annotated copy (.audited.xlsx) of the same BOM: carry its decisions over where the "
        "cell text and list entry are unchanged, and report what changed (one input file only)",
    )
    lists = sub.add_parser(
        "lists",
        help="show, import, enable, disable or remove watchlists",
        description="Without an action: show the lists screening uses (built-in, imported, private). "
        "Exit status: 0 done, 2 an error.",
    )
    lists.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    desktop = sub.add_parser(
        "install-desktop",
        help="add the app to the desktop menu and the file manager's 'Open with' (current user)",
        description="Install the desktop entry and icons for the current user so a double-click or "
        "'Open with' on .xlsx, .xlsm, .xls, .xlsb, .ods and .csv files offers BOM Auditor. "
        "Exit status: 0 done, 2 an error.",
    )
    desktop.add_argument("--uninstall", action="store_true", help="remove what an install added")
    desktop.add_argument("--prefix", type=Path, metavar="DIR", help="data folder instead of $XDG_DATA_HOME")
    actions = lists.add_subparsers(dest="action", parser_class=_Parser, metavar="ACTION")
    imp = actions.add_parser(
        "import",
        help="import a list file and keep it (a newer edition of a kept list replaces it)",
        description="Import a trade.gov consolidated.csv/.json, an OpenSanctions targets.simple.csv or your own "
        "CSV/XLSX list; print what it holds and keep it in the app's data folder. A file given the name of a kept "
        "list replaces it as a newer edition (the old edition's record is kept).",
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--name", metavar="NAME", help="the list's name (default: from the file's format)")
    imp.add_argument("--json", action="store_true", help="print the preview as JSON")
    imp.add_argument("--dry-run", action="store_true", help="show what the file holds without keeping it")
    for action, text in (
        ("remove", "stop keeping a list (its record stays in the history)"),
        ("enable", "use a kept list when screening"),
        ("disable", "keep a list but leave it out of screening"),
    ):
        one = actions.add_parser(action, help=text, description=text[0].upper() + text[1:] + ".")
        one.add_argument("name", metavar="NAME")
    return parser


def _file_summary(result: FileResult) -> list[str]:
    lines = [f"== {result.path}"]
    if not result.ok:
        lines.append(f"   ERROR: {result.error}")
        return lines
    lines.append(f"   sha256 {result.sha256}")
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


def _cmd_screen(args: argparse.Namespace) -> int:
    # Imported here so `--help` and usage errors stay instant.
    from guiapp.evidence.export import ExportError, export_annotated, far_disclosures
    from guiapp.ingest.reading import iter_bom_files
    from guiapp.screening.screen import build_matcher, load_watchlists, make_run_info, screen_file

    overrides: dict[str, list[str]] = {}
    for role, header in args.column:
        overrides.setdefault(role, []).append(header)
    options = ScreenOptions(threshold=args.threshold, header_row=args.header_row, column_overrides=overrides)

    try:
        store = None if args.no_stored_lists else _store()
        watchlists = load_watchlists(not args.no_builtin, args.watchlist, store=store)
    except (ValueError, OSError) as exc:
        print(f"bom-auditor-cli: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if not watchlists:
        print(
            "bom-auditor-cli: error: --no-builtin needs at least one --watchlist FILE or an enabled kept list",
            file=sys.stderr,
        )
        return EXIT_ERROR

    missing = [p for p in args.paths if not Path(p).exists()]
    files = iter_bom_files([p for p in args.paths if Path(p).exists()])
    if not files and not missing:
        print("bom-auditor-cli: error: no BOM files found in " + ", ".join(args.paths), file=sys.stderr)
        return EXIT_ERROR
    if args.out:
        if args.out.exists() and not args.out.is_dir():
            print(
                f"bom-auditor-cli: error: {args.out} is a file, not a folder; choose a folder for --out",
                file=sys.stderr,
            )
            return EXIT_ERROR
        try:
            args.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(
                f"bom-auditor-cli: error: cannot create the output folder {args.out} ({exc.strerror}); "
                "choose a folder you can write to",
                file=sys.stderr,
            )
            return EXIT_ERROR

    if (args.report or args.previous) and not args.out:
        print("bom-auditor-cli: error: --report and --previous need --out DIR", file=sys.stderr)
        return EXIT_ERROR
    priors = None
    if args.previous:
        from guiapp.evidence.previous import priors_from_export
        from guiapp.review.carryover import AuditFileError

        if len(files) != 1 or missing:
            print("bom-auditor-cli: error: --previous takes exactly one BOM file", file=sys.stderr)
            return EXIT_ERROR
        try:
            priors = priors_from_export(args.previous)
        except (AuditFileError, OSError) as exc:
            print(f"bom-auditor-cli: error: {exc}", file=sys.stderr)
            return EXIT_ERROR

    matcher = build_matcher(watchlists, options.threshold)
    run = make_run_info(watchlists, options)
    results: list[FileResult] = [
        FileResult(path=Path(p), status="error", error=f"{Path(p).name}: no such file or folder")
        for p in missing
    ]
    exports: dict[str, str] = {}
    decisions: dict[str, dict] = {}
    diffs: dict = {}
    far: dict = {}
    if args.out:
        from guiapp.app.batch import plan_outputs

        # Two inputs with the same name in different subfolders must not overwrite each other's copy.
        targets = plan_outputs(files, args.out)
    for f in files:
        result = screen_file(f, matcher, options)
        results.append(result)
        if result.ok and not any(s.rows_screened for s in result.sheets):
            # Zero hits on zero screened rows is not a clear BOM: say so in the output, manifest and report.
            hint = (
                f"; --header-row {args.header_row} leaves no rows below it"
                if args.header_row and not any(s.rows_not_screened for s in result.sheets)
                else ""
            )
            result.warnings.append(f"no row was screened on any sheet, so 0 hits does not mean clear{hint}")
        if not (args.out and result.ok):
            continue
        diff = None
        if priors is not None:
            from guiapp.review.carryover import carry_over

            carried, diff = carry_over(
                priors[0], result, previous=args.previous.name, previous_sha256=priors[1]
            )
            decisions[result.sha256] = carried
            diffs[result.sha256] = diff
        try:
            out = export_annotated(result, targets[f], run, decisions.get(result.sha256), diff=diff)
            exports[str(f)] = str(out)
        except ExportError as exc:
            result.warnings.append(f"export failed: {exc}")
            exports[str(f)] = ""
            print(f"error: export failed: {exc}", file=sys.stderr)
        else:
            if not args.json:
                print(f"wrote {exports[str(f)]}", file=sys.stderr)
        # The annotated copy is written: the cells are not needed any more (a folder of big BOMs would
        # otherwise be held in memory at once); hits and coverage stay for the report and summary, and the
        # FAR disclosure lines (which quote the row's part number and description) are taken first.
        if args.report:
            far[result.sha256] = far_disclosures(result, decisions.get(result.sha256))
        result.bom = None

    reports: list[Path] = []
    if args.out and args.report:
        reports = _write_report_files(args, results, run, decisions, diffs, exports, far)
    any_error = (
        any(not r.ok for r in results)
        or any(v == "" for v in exports.values())
        or (args.report and not reports)
    )
    any_hits = any(r.hits for r in results)

    if args.json:
        doc = {
            "tool": {"name": run.tool_name, "version": run.tool_version},
            "watchlist": _watchlist_json(run),
            "watchlists": [w.to_json() for w in run.watchlists],
            "settings": options.to_json(),
            "files": [],
        }
        for r in results:
            entry = r.to_json()
            if str(r.path) in exports:
                entry["export"] = exports[str(r.path)]
            if r.sha256 in diffs:
                entry["changes"] = {
                    k: diffs[r.sha256].count(k) for k in ("new", "resolved", "changed", "carried")
                }
            doc["files"].append(entry)
        if reports:
            doc["reports"] = [str(p) for p in reports]
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
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
        for r in results:
            lines.extend(_file_summary(r))
        lines.extend(_hits_table(results))
        n_hits = sum(len(r.hits) for r in results)
        n_err = sum(1 for r in results if not r.ok)
        lines.append("")
        lines.append(
            f"{len(results)} file(s): {n_hits} hit(s), {n_err} could not be read. "
            "A hit is a finding for a person to review, not a verdict."
        )
        print("\n".join(lines))
        for r in results:
            if not r.ok:
                print(f"error: {r.error}", file=sys.stderr)

    if any_error:
        return EXIT_ERROR
    return EXIT_HITS if any_hits else EXIT_CLEAN


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


def _write_report_files(
    args: argparse.Namespace,
    results: list[FileResult],
    run: RunInfo,
    decisions: dict[str, dict],
    diffs: dict,
    exports: dict[str, str],
    far: dict | None = None,
) -> list[Path]:
    """The audit report (HTML, and PDF unless --no-pdf) and, for several files, the batch summary."""
    from guiapp.app.batch import SUMMARY_NAME, write_batch_summary
    from guiapp.evidence.report import write_report

    written: list[Path] = []
    base = args.out / "audit-report"
    try:
        written += write_report(
            results,
            run,
            {r.sha256: decisions.get(r.sha256, {}) for r in results},
            base,
            pdf=None,
            diffs=diffs,
            far=far,
        )
    except OSError as exc:
        print(f"bom-auditor-cli: error: cannot write the report into {args.out}: {exc}", file=sys.stderr)
        return []
    renderer = None if args.no_pdf else pdf_renderer()
    if not args.no_pdf and renderer is None:
        print(
            "bom-auditor-cli: warning: no PDF (Qt is not available); the HTML report is written",
            file=sys.stderr,
        )
    if renderer is not None:
        from guiapp.evidence.report import build_report_html, write_pdf

        try:
            html = build_report_html(
                results,
                run,
                {r.sha256: decisions.get(r.sha256, {}) for r in results},
                diffs=diffs,
                far=far,
            )
            written.append(write_pdf(html, base.with_suffix(".pdf"), renderer))
        except OSError as exc:
            print(f"bom-auditor-cli: warning: the PDF report could not be written: {exc}", file=sys.stderr)
    if len(results) > 1 or any(Path(p).is_dir() for p in args.paths):
        report_path = str(written[0]) if written else ""
        try:
            written.append(
                write_batch_summary(
                    results,
                    run,
                    args.out / SUMMARY_NAME,
                    exports=exports,
                    reports={str(r.path): report_path for r in results},
                )
            )
        except OSError as exc:
            print(f"bom-auditor-cli: error: cannot write the batch summary: {exc}", file=sys.stderr)
    if not args.json:
        for p in written:
            print(f"wrote {p}", file=sys.stderr)
    return written


def _watchlist_json(run: RunInfo) -> dict:
    """The contract's single "watchlist" object: the combination of every list used."""
    import hashlib

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


def _store():
    from guiapp.lists.store import ListStore

    return ListStore()


def _lists_rows(store) -> list[dict]:
    """Every list screening would use or could use: built-in, kept lists (enabled or not), private list."""
    from guiapp.lists.watchlist import load_builtin

    builtin = load_builtin()
    rows = [
        {
            "name": builtin.name,
            "kind": "built-in",
            "version": builtin.version,
            "date": builtin.date,
            "sha256": builtin.sha256,
            "entities": len(builtin.entities),
            "names": builtin.name_count(),
            "enabled": True,
            "source": "built-in",
        }
    ]
    for r in store.records():
        rows.append(
            {
                "name": r.name,
                "kind": "imported",
                "version": r.edition_date,
                "date": r.edition_date,
                "sha256": r.sha256,
                "entities": r.entries,
                "names": r.names,
                "enabled": r.enabled,
                "source": r.file_name,
                "format": r.format,
                "imported_at": r.imported_at,
                "lists": dict(r.lists),
                "skipped": r.skipped,
            }
        )
    private = store.private_watchlist()
    if private.entities:
        rows.append(
            {
                "name": private.name,
                "kind": "private",
                "version": private.version,
                "date": private.date,
                "sha256": private.sha256,
                "entities": len(private.entities),
                "names": private.name_count(),
                "enabled": True,
                "source": str(store.private_file),
            }
        )
    return rows


def _cmd_lists(args: argparse.Namespace) -> int:
    store = _store()
    action = args.action
    try:
        if action is None:
            rows = _lists_rows(store)
            if args.json:
                history = [r.to_json() for r in store.records(include_history=True) if not r.active]
                json.dump({"lists": rows, "history": history}, sys.stdout, ensure_ascii=False, indent=2)
                sys.stdout.write("\n")
                return EXIT_CLEAN
            for row in rows:
                state = "enabled " if row["enabled"] else "disabled"
                edition = row["version"] or "no edition date"
                if row["date"] and row["date"] != row["version"]:
                    edition += f" ({row['date']})"
                print(
                    f"{state}  {row['name']} [{row['kind']}] {edition}: {row['entities']} entities, "
                    f"{row['names']} names, sha256 {row['sha256'][:16]}…, from {row['source']}"
                )
            return EXIT_CLEAN
        if action == "import":
            from guiapp.lists.importers import import_list

            result = import_list(args.file, name=args.name)
            if not args.dry_run:
                record = store.import_file(args.file, name=args.name, result=result)
            if args.json:
                doc = result.to_json()
                if not args.dry_run:
                    doc["stored"] = record.to_json()
                json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
                sys.stdout.write("\n")
            else:
                print("\n".join(result.summary_lines()))
                if not args.dry_run:
                    state = "enabled" if record.enabled else "disabled"
                    print(
                        f"kept as '{record.name}' ({state}); screening uses it from now on"
                        if record.enabled
                        else f"kept as '{record.name}' ({state})"
                    )
            return EXIT_CLEAN
        if action == "remove":
            record = store.remove(args.name)
            print(
                f"removed '{record.name}' ({record.edition_date or 'no edition date'}); its record stays in the history"
            )
            return EXIT_CLEAN
        if action in ("enable", "disable"):
            record = store.set_enabled(args.name, action == "enable")
            print(f"'{record.name}' {action}d")
            return EXIT_CLEAN
    except (ValueError, OSError) as exc:
        print(f"bom-auditor-cli: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"bom-auditor-cli: error: unknown lists action {action}", file=sys.stderr)
    return EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of bom-auditor-cli; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    if args.command == "screen":
        try:
            return _cmd_screen(args)
        except KeyboardInterrupt:
            print("bom-auditor-cli: interrupted", file=sys.stderr)
            return EXIT_ERROR
        except BrokenPipeError:
            # The reader went away (`... | head`): stop quietly, without a traceback at exit either.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_ERROR
    if args.command == "lists":
        return _cmd_lists(args)
    if args.command == "install-desktop":
        from guiapp.app.desktop import main as desktop_main

        forwarded = ["--uninstall"] if args.uninstall else []
        if args.prefix:
            forwarded += ["--prefix", str(args.prefix)]
        return desktop_main(forwarded)
    parser.error(f"unknown command {args.command}")
    return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
