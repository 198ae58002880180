"""Typed settings stored as JSON in the platformdirs config folder, and the app's other folders.

The environment variable BOM_AUDITOR_HOME moves every folder (config, data, logs) under one directory;
tests use it so they never touch a real user's files.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from platformdirs import PlatformDirs

from guiapp.model import ROLES

APP_NAME = "bom-auditor"
APP_AUTHOR = "BOM Auditor"
HOME_ENV = "BOM_AUDITOR_HOME"
#: The window's languages by code ("" follows the system); the GUI holds the translations.
LANGUAGES = ("", "en", "de")


@dataclass(frozen=True)
class AppDirs:
    """Where the app keeps its files."""

    config: Path
    data: Path
    logs: Path
    #: What the app can rebuild at any time (the compiled matcher index); not created up front.
    cache: Path | None = None

    @property
    def settings_file(self) -> Path:
        """The settings JSON file."""
        return self.config / "settings.json"


def app_dirs(create: bool = True) -> AppDirs:
    """Return the app's folders (created when create is True), honouring BOM_AUDITOR_HOME."""
    home = os.environ.get(HOME_ENV)
    if home:
        base = Path(home)
        dirs = AppDirs(config=base / "config", data=base / "data", logs=base / "logs", cache=base / "cache")
    else:
        pd = PlatformDirs(APP_NAME, APP_AUTHOR)
        dirs = AppDirs(
            config=Path(pd.user_config_dir),
            data=Path(pd.user_data_dir),
            logs=Path(pd.user_log_dir),
            cache=Path(pd.user_cache_dir),
        )
    if create:
        for d in (dirs.config, dirs.data, dirs.logs):
            d.mkdir(parents=True, exist_ok=True)
    return dirs


@dataclass
class Settings:
    """User settings with their defaults.

    Attributes:
        reviewer: the reviewer's name recorded with each decision (asked once).
        threshold: minimum fuzzy score for a fuzzy hit (0..100).
        roles: the column roles that are screened.
        decision_memory: apply remembered decisions to new BOMs.
        use_builtin_watchlist: screen against the built-in list.
        recent_limit: how many recent files the File menu keeps.
        language: the window's language ("" follows the system, "en", "de"); applies at the next start.
        update_sources: list source name -> URL for Update lists, replacing a default address or adding a
            source (guiapp.lists.update.DEFAULT_SOURCES).
        update_enabled: list source name -> whether Update lists fetches it (the defaults say which are on).
        update_proxy: proxy URL for Update lists ("" uses the standard http_proxy/https_proxy environment).
        update_timeout: seconds Update lists waits for a server before giving up.
    """

    reviewer: str = ""
    threshold: float = 88.0
    roles: list[str] = field(default_factory=lambda: list(ROLES))
    decision_memory: bool = True
    use_builtin_watchlist: bool = True
    recent_limit: int = 10
    language: str = ""
    update_sources: dict[str, str] = field(default_factory=dict)
    update_enabled: dict[str, bool] = field(default_factory=dict)
    update_proxy: str = ""
    update_timeout: float = 60.0

    @classmethod
    def from_json(cls, data: dict) -> Settings:
        """Build from stored JSON, ignoring unknown keys and keeping defaults for bad values."""
        s = cls()
        known = {f.name for f in fields(cls)}
        types = {f.name: str(f.type) for f in fields(cls)}
        for key, value in data.items():
            if key not in known:
                continue
            default = getattr(s, key)
            if isinstance(default, bool):
                if isinstance(value, bool):
                    setattr(s, key, value)
            elif isinstance(default, (int, float)) and not isinstance(default, bool):
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    setattr(s, key, type(default)(value))
            elif isinstance(default, list):
                if isinstance(value, list):
                    setattr(s, key, [v for v in value if isinstance(v, str)])
            elif isinstance(default, dict):
                if isinstance(value, dict):
                    kind = bool if types[key].endswith("bool]") else str
                    setattr(
                        s, key, {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, kind)}
                    )
            elif isinstance(default, str) and isinstance(value, str):
                setattr(s, key, value)
        s.threshold = min(100.0, max(50.0, s.threshold))
        s.roles = [r for r in s.roles if r in ROLES] or list(ROLES)
        s.update_timeout = min(3600.0, max(1.0, s.update_timeout))
        if s.language not in LANGUAGES:
            s.language = ""
        return s


def load_settings(dirs: AppDirs | None = None) -> Settings:
    """Read the settings file; a missing or unreadable file gives the defaults."""
    dirs = dirs or app_dirs()
    try:
        data = json.loads(dirs.settings_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    return Settings.from_json(data) if isinstance(data, dict) else Settings()


def save_settings(settings: Settings, dirs: AppDirs | None = None) -> None:
    """Write the settings file atomically."""
    dirs = dirs or app_dirs()
    atomic_write_text(dirs.settings_file, json.dumps(asdict(settings), indent=2, ensure_ascii=False))


def atomic_write_text(path: Path, text: str) -> None:
    """Write text to path through a temporary file in the same folder, fsync and rename."""
    atomic_write_bytes(path, text.encode("utf-8"))


def make_shareable(fd: int) -> None:
    """Give a temporary file the permissions a normal new file would get (mkstemp makes it private).

    Exports and reports are documents people hand on; settings and autosaves stay private.
    """
    if os.name != "posix":
        return
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    os.fchmod(fd, 0o666 & ~_UMASK)


_UMASK: int | None = None


#: Temporary files carry the writing process's id, so the next run can tell those of a killed run.
_TEMP_TAG = "bom-auditor-"
_STALE_TEMP = re.compile(r"^\..*\.bom-auditor-(\d+)\.[^.]*\.tmp$")


def temp_prefix(path: Path) -> str:
    """The mkstemp prefix for a temporary file written beside path: .<name>.bom-auditor-<pid>."""
    return f".{path.name}.{_TEMP_TAG}{os.getpid()}."


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete the temporary files in folder left by runs of this tool that were killed mid-write.

    A temporary file is removed on every exit Python sees (an error, Ctrl-C, SIGTERM in the CLI); only a
    hard kill or a power cut leaves one. Its name holds the writer's process id: files of processes that
    still run are left alone.

    Returns:
        The files removed.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _STALE_TEMP.match(entry.name)
        if m is None or not entry.is_file(follow_symlinks=False) or _process_alive(int(m.group(1))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def remove_stale_app_temp_files(dirs: AppDirs | None = None) -> list[Path]:
    """At start-up: remove the temporary files killed runs left in the app's own folders (settings,
    sessions, lists, keys), two levels deep; see remove_stale_temp_files."""
    dirs = dirs or app_dirs()
    removed: list[Path] = []
    for top in (dirs.config, dirs.data):
        folders = [top]
        with contextlib.suppress(OSError):
            for child in top.iterdir():
                if child.is_dir() and not child.is_symlink():
                    folders.append(child)
                    folders.extend(g for g in child.iterdir() if g.is_dir() and not g.is_symlink())
        for folder in folders:
            removed += remove_stale_temp_files(folder)
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # cannot tell cheaply: keep the file rather than delete another run's
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def atomic_write_bytes(path: Path, data: bytes, *, shareable: bool = False) -> None:
    """Write bytes to path through a temporary file in the same folder, fsync and rename.

    Args:
        path: the destination.
        data: the content.
        shareable: give the file normal permissions (see make_shareable) instead of private ones.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=path.parent)
    try:
        if shareable:
            make_shareable(fd)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
