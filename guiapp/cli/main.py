"""Command line: `bom-auditor-cli screen ...` and `bom-auditor-cli lists ...` (and `python -m guiapp.cli.main`).

Never imports Qt. Exit status of `screen`: 0 no hits, 1 hits found, 2 a usage error or any file that could not
be read; of `lists`: 0 done, 2 an error (one line on stderr).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from guiapp import __version__
from guiapp.cli.exits import EXIT_CLEAN, EXIT_ERROR, EXIT_HITS, EXIT_INTERRUPTED
from guiapp.logsetup import configure_logging
from guiapp.model import ROLES, ScreenOptions

__all__ = ["EXIT_CLEAN", "EXIT_ERROR", "EXIT_HITS", "EXIT_INTERRUPTED", "build_parser", "main"]

log = logging.getLogger(__name__)

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


def _version_text() -> str:
    """`--version`: the version, the licence and, in a standalone build, the oldest glibc it runs on."""
    from guiapp.app.bundleinfo import running_bundle_glibc
    from guiapp.app.notices import PROJECT_LICENCE

    glibc = running_bundle_glibc()
    # Short enough for argparse not to wrap it (it fills the version text to the terminal's width).
    needs = f"; standalone build: needs glibc {glibc} or newer" if glibc else ""
    return f"bom-auditor {__version__} ({PROJECT_LICENCE} licence{needs})"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of bom-auditor-cli."""
    parser = _Parser(
        prog="bom-auditor-cli",
        description="Screen bills of materials against export-control and procurement watchlists.",
    )
    parser.add_argument("--version", action="version", version=_version_text())
    parser.add_argument(
        "--debug",
        action="store_true",
        help="log in detail, to stderr as well as to the log file (Help > Open log folder in the window)",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    # How files are screened: shared by screen and review, which screens the original BOM again.
    screening = _Parser(add_help=False)
    screening.add_argument(
        "--threshold",
        type=_threshold,
        metavar="N",
        help=f"minimum fuzzy score, 0-100 (default: the window's setting, {ScreenOptions().threshold:g} "
        "unless changed there)",
    )
    screening.add_argument(
        "--watchlist",
        action="append",
        default=[],
        metavar="FILE",
        type=Path,
        help="add a list file for this run: a trade.gov consolidated.csv/.json, an OpenSanctions "
        "targets.simple.csv or your own CSV/XLSX with a name column (format read from the content); may be repeated",
    )
    screening.add_argument("--no-builtin", action="store_true", help="leave the built-in watchlist out")
    screening.add_argument(
        "--no-stored-lists",
        action="store_true",
        help="leave out the lists kept with 'lists import' and the private list (default: use the enabled ones)",
    )
    screening.add_argument(
        "--header-row", type=_positive_int, metavar="N", help="use row N as the header row on every sheet"
    )
    screening.add_argument(
        "--column",
        action="append",
        default=[],
        type=_parse_column,
        metavar="ROLE=HEADER",
        help="use the column with this header text (or letter) for ROLE "
        "(manufacturer, part_number, description, supplier); may be repeated",
    )
    screening.add_argument(
        "--no-remembered-mappings",
        action="store_true",
        help="detect the columns afresh instead of using the mappings corrected earlier in the window for "
        "the same header layout",
    )

    screen = sub.add_parser(
        "screen",
        parents=[screening],
        help="screen BOM files or folders",
        description="Screen BOM files (.xlsx .xlsm .xls .xlsb .ods .csv .txt) or folders of them. "
        "Exit status: 0 every row of every file screened and no hits, 1 hits found, 2 usage error, a file "
        "that could not be read or screened, or (without hits) rows that could not be screened, 130 "
        "interrupted.",
    )
    screen.add_argument(
        "paths", nargs="+", metavar="PATH", help="a BOM file or a folder (searched recursively)"
    )
    screen.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    screen.add_argument(
        "--out", metavar="DIR", type=Path, help="write <stem>.audited.xlsx for each file into DIR"
    )
    screen.add_argument(
        "--report",
        action="store_true",
        help="with --out: also write an audit report (audit-report.html and .pdf) and, for several files, "
        "batch-summary.xlsx",
    )
    screen.add_argument("--no-pdf", action="store_true", help="with --report: write the HTML report only")
    screen.add_argument(
        "--force",
        action="store_true",
        help="with --out: replace annotated copies, reports and summaries already in DIR (default: refuse)",
    )
    screen.add_argument(
        "--reviewer",
        metavar="NAME",
        help="who runs this screening, recorded in the copies and the report (default: the reviewer name "
        "set in the window's settings)",
    )
    screen.add_argument(
        "--previous",
        type=Path,
        metavar="FILE",
        help="an earlier annotated copy (.audited.xlsx) of the same BOM: carry its decisions over where the "
        "cell text and list entry are unchanged, and report what changed (one input file only)",
    )
    review = sub.add_parser(
        "review",
        parents=[screening],
        help="record decisions typed into an annotated copy's Findings sheet, one by one, in a new sealed copy",
        description="Show each decision typed into a sealed annotated copy since it was exported (the sealed "
        "value beside the typed one), record the accepted ones under the reviewer's name with their history, "
        "and write a new sealed copy from the original BOM, which is screened again. Nothing typed counts "
        "until it is accepted here. On a terminal each change is asked about; otherwise say which with --accept. "
        "Exit status: 0 the new copy was written, 2 nothing was written (a usage error, a copy whose seal does "
        "not hold, the original BOM not found, or an accepted change that cannot be recorded), 130 interrupted.",
    )
    review.add_argument("copy", type=Path, metavar="COPY", help="the annotated copy (.audited.xlsx)")
    review.add_argument(
        "--reviewer",
        metavar="NAME",
        help="who accepts the typed decisions (default: the reviewer name set in the window's settings); required",
    )
    review.add_argument(
        "--accept",
        metavar="WHICH",
        help="'all', 'none' (only list them), or Findings row numbers such as 4,7,12 (default on a terminal: ask "
        "for each change)",
    )
    review.add_argument(
        "--reason",
        metavar="TEXT",
        help="the reason recorded for a cleared hit whose Note cell was left empty",
    )
    review.add_argument(
        "--bom",
        type=Path,
        metavar="FILE",
        help="the original BOM the copy was made from (default: found by its SHA-256 at the path the copy "
        "records, beside the copy, or in the folder above)",
    )
    review.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="the new copy (default: <copy stem>.reviewed.xlsx beside the copy)",
    )
    review.add_argument(
        "--force", action="store_true", help="replace --output if it exists (default: refuse)"
    )
    lists = sub.add_parser(
        "lists",
        help="show, import, enable, disable or remove watchlists",
        description="Without an action: show the lists screening uses (built-in, imported, private). "
        "Exit status: 0 done, 2 an error.",
    )
    lists.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    verify = sub.add_parser(
        "verify",
        help="check that annotated copies are exactly what this tool sealed, and which install sealed them",
        description="Check the seal of annotated copies: intact (nothing edited since export) and sealed by "
        "this install or one it trusts. Exit status: 0 every file verifies, 2 any does not.",
    )
    verify.add_argument("files", nargs="+", type=Path, metavar="FILE")
    sub.add_parser(
        "licenses",
        aliases=["licences"],
        help="print BOM Auditor's licence and the third-party notices (as Help > About shows them)",
        description="Print LICENSE, then the notices of every third-party component with its licence text "
        "(the standalone build's THIRD-PARTY-NOTICES.txt, else generated from the installed metadata).",
    )
    keys = sub.add_parser(
        "keys",
        help="show this install's sealing key, or trust another install's",
        description="Without an action: print this install's public key and its id (give them to colleagues "
        "whose tools should accept your copies). 'trust KEY --label NAME' accepts another install's copies.",
    )
    key_actions = keys.add_subparsers(dest="action", parser_class=_Parser, metavar="ACTION")
    trust = key_actions.add_parser("trust", help="trust another install's public key")
    trust.add_argument("key", metavar="PUBLIC_KEY")
    trust.add_argument("--label", required=True, metavar="NAME", help="whose key it is, shown by verify")
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
        description="Import a list file: trade.gov consolidated.csv/.json (also resaved as .xlsx), OFAC sdn.csv or "
        "cons_prim.csv (with alt.csv and add.csv beside it) or sdn.xml, the UN consolidated XML, the BIS Denied "
        "Persons text, the FCC Covered List table, the DoD 1260H table, an OpenSanctions targets.simple.csv or "
        "FollowTheMoney JSON lines, or your own CSV/XLSX list; print what it holds and keep it in the app's data "
        "folder. A file given the name of a kept list replaces it as a newer edition (the old edition's record is "
        "kept); an older or much smaller edition is refused unless --replace is given. Only organisations are "
        "screened unless --parties says otherwise.",
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--name", metavar="NAME", help="the list's name (default: from the file's format)")
    imp.add_argument("--json", action="store_true", help="print the preview as JSON")
    imp.add_argument("--dry-run", action="store_true", help="show what the file holds without keeping it")
    imp.add_argument(
        "--replace",
        action="store_true",
        help="replace a kept list even by an older edition or a much smaller file",
    )
    imp.add_argument(
        "--parties",
        metavar="KINDS",
        help="which parties screening uses, comma-separated: organisation,person,vessel,aircraft "
        "(default: organisation, or the replaced edition's choice)",
    )
    from guiapp.cli.listupdate import add_sources_parser, add_update_parser

    add_update_parser(actions)
    add_sources_parser(actions)
    for action, text in (
        ("remove", "stop keeping a list (its record stays in the history)"),
        ("enable", "use a kept list when screening"),
        ("disable", "keep a list but leave it out of screening"),
    ):
        one = actions.add_parser(action, help=text, description=text[0].upper() + text[1:] + ".")
        one.add_argument("name", metavar="NAME")
        if action == "enable":
            one.add_argument(
                "--parties",
                metavar="KINDS",
                help="which parties screening uses, comma-separated: organisation,person,vessel,aircraft",
            )
    return parser


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
                "edition": r.edition_text,
                "edition_source": r.edition_source,
                "parties": list(r.parties),
                "parties_found": dict(r.parties_found),
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


#: The lists actions after which screening uses other lists: the index cache is prepared for them.
_CHANGES_LISTS = {"import", "update", "enable", "disable", "remove"}


def _cmd_lists(args: argparse.Namespace) -> int:
    status = _cmd_lists_action(args)
    if args.action in _CHANGES_LISTS and not getattr(args, "dry_run", False):
        # After the report (already printed): the next screening reads the index back instead of building it.
        sys.stdout.flush()
        from guiapp.app.warmcache import warm_index_cache

        warm_index_cache()
    return status


def _cmd_lists_action(args: argparse.Namespace) -> int:
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
                edition = row.get("edition") or row["version"] or "no edition date"
                if row["date"] and row["date"] != row["version"]:
                    edition += f" ({row['date']})"
                if row.get("parties_found") and set(row["parties_found"]) != {"organisation"}:
                    edition += f"; screens {', '.join(row['parties'])}"
                print(
                    f"{state}  {row['name']} [{row['kind']}] {edition}: {row['entities']} entities, "
                    f"{row['names']} names, sha256 {row['sha256'][:16]}…, from {row['source']}"
                )
            return EXIT_CLEAN
        if action == "import":
            from guiapp.lists.importers import import_list
            from guiapp.lists.store import ReplaceNeedsConfirmation

            parties = args.parties.split(",") if args.parties else None
            result = import_list(args.file, name=args.name)
            if not args.dry_run:
                try:
                    record = store.import_file(
                        args.file, name=args.name, result=result, replace=args.replace, parties=parties
                    )
                except ReplaceNeedsConfirmation as exc:
                    if args.json:
                        doc = {
                            **result.to_json(),
                            "not_kept": {"replaces": exc.kept.name, "changes": exc.changes},
                        }
                        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
                        sys.stdout.write("\n")
                        print(f"bom-auditor-cli: error: {exc}", file=sys.stderr)
                        return EXIT_ERROR
                    print("\n".join(result.summary_lines()))
                    print(f"not kept: it would replace '{exc.kept.name}' by " + ", ".join(exc.changes[:-2]))
                    for line in exc.changes[-2:]:
                        print(f"  {line}")
                    print("  give --replace to keep it anyway", flush=True)
                    print(f"bom-auditor-cli: error: {exc}", file=sys.stderr)
                    return EXIT_ERROR
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
        if action == "update":
            from guiapp.cli.listupdate import cmd_lists_update

            return cmd_lists_update(args)
        if action == "sources":
            from guiapp.cli.listupdate import cmd_lists_sources

            return cmd_lists_sources(args)
        if action in ("enable", "disable"):
            if getattr(args, "parties", None):
                store.set_parties(args.name, args.parties.split(","))
            record = store.set_enabled(args.name, action == "enable")
            if getattr(args, "parties", None):
                print(f"'{record.name}' {action}d; screening uses its {', '.join(record.parties)} entries")
            else:
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
    log_file = configure_logging(debug=args.debug, console=args.debug)
    log.info("bom-auditor-cli %s: %s", __version__, " ".join(sys.argv[1:] if argv is None else argv))
    with _printable_output(json_out=bool(getattr(args, "json", False))), _terminate_as_interrupt():
        return _run(parser, args, log_file)


@contextlib.contextmanager
def _terminate_as_interrupt():
    """SIGTERM (kill, a CI timeout, a closing terminal) ends the command like Ctrl-C: exit 130, and every
    temporary file is removed on the way out (Python's default for SIGTERM ends at once and leaves them)."""
    if not hasattr(signal, "SIGTERM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace, log_file: Path) -> int:
    try:
        return _dispatch(parser, args)
    except KeyboardInterrupt:
        log.info("interrupted")
        print("bom-auditor-cli: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly, without a traceback at exit either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as exc:  # never a traceback for the user: one line, the details in the log
        log.exception("unexpected error")
        print(
            f"bom-auditor-cli: error: unexpected {type(exc).__name__}: {exc} (details in {log_file})",
            file=sys.stderr,
        )
        return EXIT_ERROR


class _PrintableStream(io.TextIOBase):
    """A text stream that escapes what could drive a terminal before it reaches the real stream.

    Cell text, sheet names and file names come from the files screened: an escape sequence in one would
    recolour, move or rewrite the terminal, and a name that is not UTF-8 (lone surrogates in Python) would
    fail to print. Human output shows them as \\x1b, \\u202e; JSON gets \\u001b-style escapes, still valid JSON.
    """

    def __init__(self, stream, table: dict[int, str]) -> None:
        self._stream = stream
        self._table = table

    def write(self, text: str) -> int:
        safe = text.translate(self._table)
        if any(0xD800 <= ord(c) <= 0xDFFF for c in safe):
            safe = safe.encode("utf-8", "backslashreplace").decode("utf-8")
        self._stream.write(safe)
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def fileno(self) -> int:
        return self._stream.fileno()

    def isatty(self) -> bool:
        return self._stream.isatty()

    @property
    def encoding(self):  # type: ignore[override]
        return getattr(self._stream, "encoding", "utf-8")


_UNSAFE = [
    *range(0x00, 0x09),
    *range(0x0B, 0x20),
    *range(0x7F, 0xA0),
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
]
_HUMAN = {c: f"\\x{c:02x}" if c < 256 else f"\\u{c:04x}" for c in _UNSAFE}
#: JSON text: json.dump already escapes C0 controls; the rest become \\uXXXX escapes inside the strings.
_JSON = {c: f"\\u{c:04x}" for c in _UNSAFE}


@contextlib.contextmanager
def _printable_output(*, json_out: bool):
    """stdout and stderr escape control characters for the length of one command."""
    out, err = sys.stdout, sys.stderr
    sys.stdout = _PrintableStream(out, _JSON if json_out else _HUMAN)
    sys.stderr = _PrintableStream(err, _HUMAN)
    try:
        yield
    finally:
        try:
            sys.stdout.flush()
        finally:
            sys.stdout, sys.stderr = out, err


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command == "screen":
        from guiapp.cli.screen import cmd_screen

        return cmd_screen(args)
    if args.command == "lists":
        return _cmd_lists(args)
    if args.command == "review":
        from guiapp.cli.review import cmd_review

        return cmd_review(args)
    if args.command == "verify":
        from guiapp.evidence.verify import verify_file

        checks = [verify_file(f) for f in args.files]
        for c in checks:
            print(c.message())
            for edit in c.edits:
                print(f"  typed: {edit.text()}")
        return EXIT_CLEAN if all(c.ok for c in checks) else EXIT_ERROR
    if args.command in ("licenses", "licences"):
        from guiapp.app.notices import project_licence, shown_notices

        print(project_licence().rstrip() + "\n\n")
        print(shown_notices().rstrip())
        return EXIT_CLEAN
    if args.command == "keys":
        import base64

        from guiapp.evidence.seal import key_id, own_public_key, trust_key

        if args.action == "trust":
            try:
                kid = trust_key(args.key, args.label)
            except ValueError:
                print(
                    "bom-auditor-cli: error: not a public key printed by 'bom-auditor-cli keys'",
                    file=sys.stderr,
                )
                return EXIT_ERROR
            print(f"trusted key {kid} ({args.label}): copies it sealed now verify here")
            return EXIT_CLEAN
        raw = own_public_key()
        print(f"this install's sealing key {key_id(raw)}: {base64.b64encode(raw).decode()}")
        return EXIT_CLEAN
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
