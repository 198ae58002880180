"""`bom-auditor-cli lists update`: fetch the official list files, keep the new editions, say what changed.

Exit status: 0 every source was updated or is current (or --offline was asked for), 2 any source could not be
updated (the kept edition stays in use and the line says which), 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import sys

from guiapp.cli.exits import EXIT_CLEAN, EXIT_ERROR


def add_update_parser(actions) -> None:
    """Add the `update` action to the `lists` subcommand's actions."""
    from guiapp.lists.sources import DEFAULT_SOURCES

    known = "; ".join(
        f"{s.key}: {s.url}{'' if s.enabled else ' (off unless switched on)'}" for s in DEFAULT_SOURCES
    )
    upd = actions.add_parser(
        "update",
        help="fetch the official list files, keep new editions and show what changed",
        description="Fetch each list source's published file, verify it (HTTP status, size, SHA-256 when given, "
        "and that it reads as that list) and keep it as the list's new edition; print the entries added, removed "
        "and changed and the remembered decisions that no longer apply. Without a network the kept editions stay "
        f"in use. Sources: {known}. Exit status: 0 every source updated or current, 2 any could not be updated.",
    )
    upd.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help="update only these sources, switched on or not (default: every source switched on)",
    )
    upd.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="NAME=URL",
        help="fetch source NAME from URL instead (a new NAME adds a list kept under that name); repeatable",
    )
    upd.add_argument(
        "--sha256",
        action="append",
        default=[],
        metavar="NAME=HEX",
        help="the SHA-256 the file of NAME must have",
    )
    upd.add_argument(
        "--enable-source",
        action="append",
        default=[],
        metavar="NAME",
        help="switch source NAME on for this and later updates (kept in settings; see 'lists sources'); "
        "repeatable",
    )
    upd.add_argument(
        "--disable-source",
        action="append",
        default=[],
        metavar="NAME",
        help="switch source NAME off for this and later updates (kept in settings); repeatable",
    )
    upd.add_argument("--offline", action="store_true", help="fetch nothing; report the editions kept")
    upd.add_argument(
        "--proxy",
        metavar="URL",
        help="proxy for the download ('direct' for none; default: settings, then the environment)",
    )
    upd.add_argument("--timeout", type=float, metavar="SECONDS", help="give up on a server after this long")
    upd.add_argument("--json", action="store_true", help="print one JSON document on stdout")


def cmd_lists_update(args: argparse.Namespace) -> int:
    """Run `lists update` (see the module docstring for the exit status)."""
    from guiapp.app.listupdate import run_list_update, sources_from_settings
    from guiapp.lists.sources import parse_source_spec
    from guiapp.settings import load_settings

    settings = load_settings()
    if args.enable_source or args.disable_source:
        from guiapp.app.listupdate import set_source_enabled
        from guiapp.settings import save_settings

        try:
            switched = [set_source_enabled(settings, n, True) for n in args.enable_source]
            switched += [set_source_enabled(settings, n, False) for n in args.disable_source]
            save_settings(settings)
        except (ValueError, OSError) as exc:
            print(f"bom-auditor-cli: error: {exc}", file=sys.stderr)
            return EXIT_ERROR
        if not args.json:
            for src in switched:
                state = "on" if src.enabled else "off"
                print(f"source {src.key} ({src.list_name}) switched {state}: {src.url}", flush=True)
    if args.proxy is not None:
        settings.update_proxy = args.proxy
    if args.timeout is not None:
        if args.timeout <= 0:
            print("bom-auditor-cli: error: --timeout must be more than 0 seconds", file=sys.stderr)
            return EXIT_ERROR
        settings.update_timeout = args.timeout
    try:
        overrides = dict(parse_source_spec(s) for s in args.source)
        hashes: dict[str, str] = {}
        for spec in args.sha256:
            name, sep, hexdigest = spec.partition("=")
            hexdigest = hexdigest.strip().lower()
            if not sep or len(hexdigest) != 64 or any(c not in "0123456789abcdef" for c in hexdigest):
                raise ValueError(f"'{spec}': give --sha256 as NAME=<64 hex digits>")
            hashes[name.strip()] = hexdigest
        sources = sources_from_settings(settings, overrides, hashes, args.names)
    except ValueError as exc:
        print(f"bom-auditor-cli: error: {exc}", file=sys.stderr)
        return EXIT_ERROR

    def show(outcome) -> None:
        # A source that could not be updated is an error line (stderr), unless offline was asked for.
        line = f"{outcome.source.list_name} [{outcome.status}]: {outcome.message}"
        if not outcome.ok and not args.offline:
            print(f"bom-auditor-cli: {line}", file=sys.stderr, flush=True)
        elif not args.json:
            print(line, flush=True)

    report = run_list_update(sources, settings=settings, offline=args.offline, on_outcome=show)
    if args.json:
        json.dump(report.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for o in report.outcomes:
            if o.changes is not None and not o.changes.empty:
                print("\n".join("  " + line for line in o.changes.summary_lines()))
        if report.touched:
            lines = report.summary_lines()
            start = next(i for i, line in enumerate(lines) if line.startswith("remembered decisions"))
            print("\n".join(lines[start:]))
    if args.offline:
        return EXIT_CLEAN
    return EXIT_CLEAN if report.ok else EXIT_ERROR


def add_sources_parser(actions) -> None:
    """Add the `sources` action to the `lists` subcommand's actions."""
    text = (
        "show the list sources Update lists knows: name, published address, whether it is switched on "
        "(lists update --enable-source / --disable-source NAME) and when it was last fetched"
    )
    src = actions.add_parser("sources", help=text, description=text[0].upper() + text[1:] + ".")
    src.add_argument("--json", action="store_true", help="print one JSON document on stdout")


def cmd_lists_sources(args: argparse.Namespace) -> int:
    """Run `lists sources`: one block per source (or --json)."""
    from guiapp.app.listupdate import source_states
    from guiapp.settings import load_settings

    states = source_states(load_settings())
    if args.json:
        json.dump({"sources": [s.to_json() for s in states]}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_CLEAN
    for st in states:
        src = st.source
        print(f"{src.key}: {src.list_name} [{'on' if src.enabled else 'off'}]")
        print(f"  address: {src.url}")
        print(f"  last fetched: {st.last_fetched or 'never'}; kept edition: {st.kept or 'none'}")
    off = [st.source.key for st in states if not st.source.enabled]
    if off:
        print(f"switch one on with: bom-auditor-cli lists update --enable-source {off[0]}")
    return EXIT_CLEAN
