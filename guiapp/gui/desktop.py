"""What the window keeps on the desktop: QSettings for geometry and recent files, and opening folders."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices

from guiapp.settings import app_dirs


def window_settings() -> QSettings:
    """QSettings for geometry and recent files only, kept in the app's config folder (moves with BOM_AUDITOR_HOME)."""
    return QSettings(str(app_dirs().config / "window.ini"), QSettings.Format.IniFormat)


def recent_files() -> list[str]:
    value = window_settings().value("recent_files", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or [])]


def add_recent(path: Path, limit: int) -> None:
    recent = [p for p in recent_files() if p != str(path)]
    recent.insert(0, str(path))
    window_settings().setValue("recent_files", recent[:limit])


def clear_recent() -> None:
    window_settings().remove("recent_files")


def last_dir() -> str:
    """Where file dialogs start: the folder of the most recent file, else home."""
    recent = recent_files()
    return str(Path(recent[0]).parent) if recent else str(Path.home())


def open_folder(folder: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def open_file(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def shiboken_alive(obj) -> bool:
    """False once Qt deleted the C++ side of obj (a dialog closed with WA_DeleteOnClose)."""
    import shiboken6

    return shiboken6.isValid(obj)
