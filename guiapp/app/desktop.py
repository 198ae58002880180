"""Install the app into the current user's desktop menu and "Open with" lists (freedesktop: Linux, BSD).

`install_desktop()` copies resources/desktop/bom-auditor.desktop and the icons under $XDG_DATA_HOME
(default ~/.local/share), pointing Exec at the installed `bom-auditor` launcher, registers the spreadsheet
types under [Added Associations] in $XDG_CONFIG_HOME/mimeapps.list, then refreshes the desktop's caches when
their tools are present. `install_desktop(uninstall=True)` removes exactly what an install added: the files
listed in a manifest beside them, and the mimeapps.list lines recorded in a state file. Qt-free, so the CLI
can run it: `python -m guiapp.app.desktop [--uninstall]`.

It never makes the app the default for spreadsheets: "Open with" lists it, and the person chooses. Where no
mimeapps.list records a default for a type, the desktop would pick the most preferred handler, and a user's
own entry comes first; so before adding ours, the install writes the handler that is the default now (the
system's spreadsheet program) into [Default Applications], which keeps it the default (issue 14).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from guiapp.app import mimeapps
from guiapp.resources import resource_path

APP_ID = "bom-auditor"
DESKTOP_FILE = f"{APP_ID}.desktop"
LAUNCHER = "bom-auditor"
MANIFEST = Path(APP_ID) / "desktop-install.txt"
# What the install wrote into mimeapps.list, so --uninstall takes back those lines and no other.
ASSOCIATIONS = Path(APP_ID) / "desktop-associations.json"

# Characters that make an Exec argument need double quotes (freedesktop Desktop Entry spec, "Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def data_home(prefix: Path | None = None) -> Path:
    """The folder the files go under: prefix, else $XDG_DATA_HOME, else ~/.local/share."""
    if prefix is not None:
        return Path(prefix)
    env = os.environ.get("XDG_DATA_HOME", "")
    # The spec says a relative value is invalid and must be ignored.
    if env and Path(env).is_absolute():
        return Path(env)
    return Path.home() / ".local" / "share"


def find_launcher() -> list[str]:
    """The command that starts the window, as Exec arguments: the bare name when PATH finds this install's
    launcher, its absolute path when PATH does not, and `python -m guiapp` when there is no launcher."""
    beside = Path(sys.executable).parent / LAUNCHER  # a venv's bin/, or a frozen bundle's folder
    on_path = shutil.which(LAUNCHER)
    if beside.is_file():
        if on_path and Path(on_path).resolve() == beside.resolve():
            return [LAUNCHER]
        return [str(beside.absolute())]
    if on_path:
        return [LAUNCHER]
    return [str(Path(sys.executable).absolute()), "-m", "guiapp"]


def exec_arg(arg: str) -> str:
    """Quote one argument for an Exec line, then escape it as a desktop-entry string value."""
    if any(c in _RESERVED for c in arg):
        arg = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
    return arg.replace("%", "%%").replace("\\", "\\\\")


def desktop_entry_text(launcher: list[str]) -> str:
    """The shipped desktop entry with Exec and TryExec pointing at launcher."""
    template = resource_path("desktop", DESKTOP_FILE).read_text(encoding="utf-8")
    command = " ".join(exec_arg(a) for a in launcher)
    lines = []
    for line in template.splitlines():
        key, sep, value = line.partition("=")
        if sep and key == "Exec" and value.split(" ", 1)[0] == LAUNCHER:
            line = f"Exec={command}{value[len(LAUNCHER) :]}"
        elif sep and key == "TryExec":
            # TryExec takes a program name or path, unquoted; only a real launcher file qualifies.
            if len(launcher) == 1:
                line = f"TryExec={launcher[0].replace(chr(92), chr(92) * 2)}"
            else:
                continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def planned_files(base: Path) -> dict[Path, Path | None]:
    """Target path -> source file (None for the generated desktop entry), for everything an install writes."""
    plan: dict[Path, Path | None] = {base / "applications" / DESKTOP_FILE: None}
    icons = resource_path("icons")
    for png in sorted(icons.glob(f"{APP_ID}-*.png")):
        size = png.stem.rsplit("-", 1)[1]
        if size.isdigit():
            plan[base / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"] = png
    svg = icons / f"{APP_ID}.svg"
    if svg.is_file():
        plan[base / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"] = svg
    return plan


def mime_types() -> list[str]:
    """The types the shipped desktop entry opens (its MimeType key), in its order."""
    text = resource_path("desktop", DESKTOP_FILE).read_text(encoding="utf-8")
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() == "MimeType":
            return [t for t in value.strip().split(";") if t]
    return []


def _read_state(path: Path) -> dict:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def register_associations(state_path: Path) -> dict:
    """Offer the app for every type in "Open with" without changing which program opens it by default.

    For each type, in the user's mimeapps.list: where no list records an installed default, the program that
    is the default now (leaving this app out) is written under [Default Applications]; then this app is
    appended under [Added Associations]. What was written is merged into the state file at state_path.

    Returns:
        The state: the list's path, the types added and the defaults written ({type: desktop ID}).
    """
    state = _read_state(state_path)
    lst = mimeapps.MimeappsList(mimeapps.user_mimeapps_list())
    if state.get("mimeapps_list") != str(lst.path):
        state = {"mimeapps_list": str(lst.path), "created": not lst.existed, "added": [], "defaults": {}}
    added: list[str] = list(state.get("added", []))
    defaults: dict[str, str] = dict(state.get("defaults", {}))
    for mime in mime_types():
        if mimeapps.recorded_default(mime) is None:
            current = mimeapps.effective_default(mime, exclude=frozenset({DESKTOP_FILE}))
            if current is not None:
                lst.set(mimeapps.DEFAULTS, mime, [current.desktop_id])
                defaults[mime] = current.desktop_id
        listed = lst.get(mimeapps.ADDED, mime) or []
        if DESKTOP_FILE not in listed:
            lst.set(mimeapps.ADDED, mime, [*listed, DESKTOP_FILE])
            if mime not in added:
                added.append(mime)
    lst.save()
    state.update(added=added, defaults=defaults)
    state_path.parent.mkdir(parents=True, exist_ok=True)
    state_path.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return state


def unregister_associations(state_path: Path) -> dict:
    """Take back the mimeapps.list lines an install wrote, as its state file records them, and no others.

    A default the person has changed since is theirs and stays; so do the other programs in a line this app
    was added to. A list the install created and that is left empty is removed.

    Returns:
        The state that was undone ({} when there was none).
    """
    state = _read_state(state_path)
    if not state.get("mimeapps_list"):
        state_path.unlink(missing_ok=True)
        return {}
    lst = mimeapps.MimeappsList(Path(state["mimeapps_list"]))
    for mime in state.get("added", []):
        listed = lst.get(mimeapps.ADDED, mime)
        if listed is not None and DESKTOP_FILE in listed:
            rest = [d for d in listed if d != DESKTOP_FILE]
            if rest:
                lst.set(mimeapps.ADDED, mime, rest)
            else:
                lst.remove(mimeapps.ADDED, mime)
    for mime, desktop_id in state.get("defaults", {}).items():
        if lst.get(mimeapps.DEFAULTS, mime) == [desktop_id]:
            lst.remove(mimeapps.DEFAULTS, mime)
    lst.save()
    if state.get("created") and lst.existed and not any(line.strip() for line in lst.lines):
        lst.path.unlink(missing_ok=True)
    state_path.unlink(missing_ok=True)
    return state


def _run_quietly(args: list[str]) -> None:
    """Run a desktop cache tool when it is installed; a missing or failing tool is never an error."""
    if shutil.which(args[0]) is None:
        return
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60, check=False)


def refresh_caches(base: Path) -> None:
    """Let the menu, "Open with" and the icon theme see the change."""
    apps = base / "applications"
    if apps.is_dir():
        # Rebuilds mimeinfo.cache, which is what file managers read for "Open with".
        _run_quietly(["update-desktop-database", "-q", str(apps)])
    hicolor = base / "icons" / "hicolor"
    if hicolor.is_dir():
        # -t: a user's hicolor folder usually has no index.theme; -f: rebuild even if it looks current.
        _run_quietly(["gtk-update-icon-cache", "-q", "-t", "-f", str(hicolor)])
    if shutil.which("xdg-desktop-menu"):
        _run_quietly(["xdg-desktop-menu", "forceupdate"])


def install_desktop(uninstall: bool = False, prefix: Path | None = None) -> list[Path]:
    """Install (or remove) the desktop entry and icons for the current user.

    Args:
        uninstall: remove the files a previous install wrote instead of installing.
        prefix: the data folder to use instead of $XDG_DATA_HOME (~/.local/share).

    Returns:
        The files written, or the files removed.

    Raises:
        OSError: a file could not be written or removed (the message names it).
    """
    base = data_home(prefix)
    manifest = base / MANIFEST
    if uninstall:
        return _uninstall(base, manifest)
    launcher = find_launcher()
    written: list[Path] = []
    for target, source in planned_files(base).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if source is None:
            target.write_text(desktop_entry_text(launcher), encoding="utf-8")
        else:
            shutil.copyfile(source, target)
        written.append(target)
    # Keep what an earlier version installed but this one does not, so uninstall still removes it.
    previous = _read_manifest(manifest)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    listed = list(dict.fromkeys([*written, *(p for p in previous if p.exists())]))
    manifest.write_text("".join(f"{p}\n" for p in listed), encoding="utf-8")
    register_associations(base / ASSOCIATIONS)
    refresh_caches(base)
    return written


def _read_manifest(manifest: Path) -> list[Path]:
    try:
        text = manifest.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [Path(line) for line in text.splitlines() if line.strip()]


def _uninstall(base: Path, manifest: Path) -> list[Path]:
    unregister_associations(base / ASSOCIATIONS)
    listed = _read_manifest(manifest)
    if not listed:
        # No manifest (deleted by hand): remove only the files an install of this version writes.
        listed = list(planned_files(base))
    removed = []
    base_resolved = base.resolve()
    for path in listed:
        # Never follow a manifest line out of the data folder.
        if not path.resolve().is_relative_to(base_resolved):
            continue
        if path.is_file() or path.is_symlink():
            path.unlink()
            removed.append(path)
    manifest.unlink(missing_ok=True)
    # Fails when the folder holds something else too; then it stays.
    with contextlib.suppress(OSError):
        manifest.parent.rmdir()
    refresh_caches(base)
    return removed


def main(argv: list[str] | None = None) -> int:
    """`python -m guiapp.app.desktop [--uninstall] [--prefix DIR]`; exit 0 on success, 2 on a write error."""
    parser = argparse.ArgumentParser(
        prog="bom-auditor-cli install-desktop",
        description="Add BOM Auditor to your desktop menu and to the file manager's 'Open with' list "
        "for .xlsx, .xlsm, .xls, .xlsb, .ods and .csv files (current user only).",
    )
    parser.add_argument("--uninstall", action="store_true", help="remove what an install added")
    parser.add_argument(
        "--prefix",
        type=Path,
        default=None,
        help="data folder to use instead of $XDG_DATA_HOME (~/.local/share)",
    )
    args = parser.parse_args(argv)
    try:
        paths = install_desktop(uninstall=args.uninstall, prefix=args.prefix)
    except OSError as exc:
        where = getattr(exc, "filename", None) or data_home(args.prefix)
        print(
            f"Could not {'remove' if args.uninstall else 'install'} the desktop files ({where}): "
            f"{exc.strerror or exc}. Check that the folder is writable.",
            file=sys.stderr,
        )
        return 2
    if args.uninstall:
        print(
            f"Removed {len(paths)} file(s)."
            if paths
            else "Nothing to remove: the desktop files were not installed."
        )
    else:
        print(
            f"Installed {len(paths)} file(s) under {data_home(args.prefix)}; "
            "BOM Auditor is in the menu and in 'Open with' for spreadsheets."
        )
        state = _read_state(data_home(args.prefix) / ASSOCIATIONS)
        if state.get("added"):
            print(f"Registered 'Open with' for {len(state['added'])} type(s) in {state['mimeapps_list']}.")
        for mime, desktop_id in sorted(state.get("defaults", {}).items()):
            print(f"  kept {desktop_id} as the default for {mime} (written down, as no default was recorded)")
    for p in paths:
        print(f"  {p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
