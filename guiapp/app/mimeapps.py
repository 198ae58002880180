"""File associations per the freedesktop "Association between MIME types and applications" spec (mime-apps).

Reads the mimeapps.list files in their order of precedence and the installed desktop entries, answers which
application opens a type now (`effective_default`), and edits the user's own `$XDG_CONFIG_HOME/mimeapps.list`
line by line, so every line it does not change stays as it was (comments, order, other programs' entries).

Why install-desktop needs this: where no list records a default for a type, the desktop picks the most
preferred application that handles it, and a user's own desktop entry (in ~/.local/share/applications)
comes before the system's. Without a recorded default, installing BOM Auditor for "Open with" made it the
default for .xlsx over the system's spreadsheet program (issue 14).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

DEFAULTS = "Default Applications"
ADDED = "Added Associations"
REMOVED = "Removed Associations"


def _dirs(variable: str, default: str) -> list[Path]:
    # The base-directory spec: relative entries are invalid and ignored; an empty value means the default.
    value = os.environ.get(variable, "") or default
    return [Path(p) for p in value.split(":") if p and Path(p).is_absolute()]


def _home(variable: str, default: Path) -> Path:
    value = os.environ.get(variable, "")
    return Path(value) if value and Path(value).is_absolute() else default


def config_home() -> Path:
    """$XDG_CONFIG_HOME, else ~/.config: where the user's mimeapps.list lives."""
    return _home("XDG_CONFIG_HOME", Path.home() / ".config")


def data_home() -> Path:
    """$XDG_DATA_HOME, else ~/.local/share."""
    return _home("XDG_DATA_HOME", Path.home() / ".local" / "share")


def applications_dirs() -> list[Path]:
    """The folders of desktop entries, most important first: the user's, then the system's."""
    return [d / "applications" for d in [data_home(), *_dirs("XDG_DATA_DIRS", "/usr/local/share:/usr/share")]]


def mimeapps_lists() -> list[Path]:
    """Every mimeapps.list to consult, most important first (the spec's table, desktop-specific first)."""
    desktops = [d.lower() for d in os.environ.get("XDG_CURRENT_DESKTOP", "").split(":") if d]
    folders = [config_home(), *_dirs("XDG_CONFIG_DIRS", "/etc/xdg"), *applications_dirs()]
    return [
        folder / f"{prefix}mimeapps.list"
        for folder in folders
        for prefix in [f"{d}-" for d in desktops] + [""]
    ]


def user_mimeapps_list() -> Path:
    """The list install-desktop writes: $XDG_CONFIG_HOME/mimeapps.list."""
    return config_home() / "mimeapps.list"


def _values(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


class MimeappsList:
    """One mimeapps.list as lines; edits touch only the lines they change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            # surrogateescape: bytes that are not UTF-8 are kept as they were and written back unchanged.
            self.lines = path.read_text(encoding="utf-8", errors="surrogateescape").splitlines()
            self.existed = True
        except FileNotFoundError:
            self.lines = []
            self.existed = False
        self._original = list(self.lines)

    def _span(self, group: str) -> tuple[int, int] | None:
        start = None
        for i, line in enumerate(self.lines):
            text = line.strip()
            if text.startswith("[") and text.endswith("]"):
                if start is not None:
                    return start, i
                if text[1:-1] == group:
                    start = i
        return (start, len(self.lines)) if start is not None else None

    def _key_line(self, group: str, key: str) -> int | None:
        span = self._span(group)
        if span is None:
            return None
        for i in range(span[0] + 1, span[1]):
            name, sep, _ = self.lines[i].partition("=")
            if sep and not self.lines[i].lstrip().startswith("#") and name.strip() == key:
                return i
        return None

    def get(self, group: str, key: str) -> list[str] | None:
        """The desktop IDs listed for key in group; None when the key is absent."""
        i = self._key_line(group, key)
        return None if i is None else _values(self.lines[i].partition("=")[2])

    def groups(self) -> dict[str, dict[str, list[str]]]:
        """Every group with its keys (the first line of a repeated key counts)."""
        out: dict[str, dict[str, list[str]]] = {}
        current: dict[str, list[str]] | None = None
        for line in self.lines:
            text = line.strip()
            if text.startswith("[") and text.endswith("]"):
                current = out.setdefault(text[1:-1], {})
            elif current is not None and "=" in text and not text.startswith("#"):
                key, _, value = text.partition("=")
                current.setdefault(key.strip(), _values(value))
        return out

    def set(self, group: str, key: str, values: list[str]) -> None:
        """Write key=values (the group is added at the end when missing)."""
        line = f"{key}={';'.join(values)};"
        i = self._key_line(group, key)
        if i is not None:
            self.lines[i] = line
            return
        span = self._span(group)
        if span is None:
            # No blank line before it, so removing the group later restores the file exactly.
            self.lines += [f"[{group}]", line]
            return
        end = span[1]
        while end > span[0] + 1 and not self.lines[end - 1].strip():
            end -= 1
        self.lines.insert(end, line)

    def remove(self, group: str, key: str) -> None:
        """Remove key from group; a group left with nothing but its header goes too."""
        i = self._key_line(group, key)
        if i is None:
            return
        del self.lines[i]
        span = self._span(group)
        if span is not None and span[1] - span[0] == 1:
            del self.lines[span[0]]

    @property
    def changed(self) -> bool:
        return self.lines != self._original

    def save(self) -> None:
        """Write the lines back (atomically); a list this class created and left empty is removed."""
        if not self.changed or (not self.existed and not self.lines):
            return
        text = "\n".join(self.lines) + "\n" if self.lines else ""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".mimeapps-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(text)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def desktop_entries() -> dict[str, Path]:
    """Desktop file ID -> the file that wins for it (the user's before the system's)."""
    found: dict[str, Path] = {}
    for folder in applications_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.desktop")):
            # The ID is the path below applications/ with "/" turned into "-".
            found.setdefault("-".join(path.relative_to(folder).parts), path)
    return found


def _entry_keys(path: Path) -> dict[str, str]:
    keys: dict[str, str] = {}
    in_main = False
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return keys
    for line in lines:
        text = line.strip()
        if text.startswith("["):
            in_main = text == "[Desktop Entry]"
        elif in_main and "=" in text:
            key, _, value = text.partition("=")
            keys.setdefault(key.strip(), value.strip())
    return keys


def _installed(desktop_id: str, entries: dict[str, Path]) -> bool:
    path = entries.get(desktop_id)
    return path is not None and _entry_keys(path).get("Hidden", "false").lower() != "true"


@dataclass(frozen=True)
class DefaultApp:
    """Which application opens a type, and whether a mimeapps.list records it or it is only preferred."""

    desktop_id: str
    recorded_in: Path | None


def _readable_lists() -> list[MimeappsList]:
    """The mimeapps.list files that exist and can be read, in order; an unreadable one counts as absent."""
    lists = []
    for path in mimeapps_lists():
        try:
            lst = MimeappsList(path)
        except OSError:
            continue
        if lst.existed:
            lists.append(lst)
    return lists


def recorded_default(mime: str) -> DefaultApp | None:
    """The first installed application a [Default Applications] entry names for mime, in list order."""
    entries = desktop_entries()
    for lst in _readable_lists():
        for desktop_id in lst.get(DEFAULTS, mime) or []:
            if _installed(desktop_id, entries):
                return DefaultApp(desktop_id, lst.path)
    return None


def _cache_order(folder: Path, mime: str) -> list[str] | None:
    try:
        cache = MimeappsList(folder / "mimeinfo.cache")
    except OSError:
        return None
    return (cache.get("MIME Cache", mime) or []) if cache.existed else None


def candidates(mime: str) -> list[str]:
    """Every installed application for mime in order of preference, without the removed associations:
    added associations first (list by list), then each folder's entries listing mime in their MimeType."""
    entries = desktop_entries()
    lists = _readable_lists()
    removed = {d for lst in lists for d in lst.get(REMOVED, mime) or []}
    ordered: list[str] = []
    for lst in lists:
        ordered += lst.get(ADDED, mime) or []
    for folder in applications_dirs():
        if not folder.is_dir():
            continue
        cached = _cache_order(folder, mime)
        if cached is None:
            cached = [
                "-".join(p.relative_to(folder).parts)
                for p in sorted(folder.rglob("*.desktop"))
                if mime in _values(_entry_keys(p).get("MimeType", ""))
            ]
        ordered += cached
    seen: list[str] = []
    for d in ordered:
        if d not in seen and d not in removed and _installed(d, entries):
            seen.append(d)
    return seen


def effective_default(mime: str, exclude: frozenset[str] = frozenset()) -> DefaultApp | None:
    """The application that opens mime now: the recorded default, else the most preferred candidate
    (leaving out the IDs in exclude, so an app can ask what the default was before it was installed)."""
    recorded = recorded_default(mime)
    if recorded is not None:
        return recorded
    for desktop_id in candidates(mime):
        if desktop_id not in exclude:
            return DefaultApp(desktop_id, None)
    return None
