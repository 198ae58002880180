"""The one way to reach files in resources/ (built-in watchlist, samples, icons, desktop files).

In a checkout resources/ sits beside the package; installed, it is the package `bom_auditor_resources`
(see pyproject.toml). A frozen bundle (PyInstaller) puts it under sys._MEIPASS.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    """Return the folder holding the resources, wherever the app runs from."""
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    candidates.append(Path(__file__).resolve().parent.parent / "resources")
    try:
        import bom_auditor_resources  # installed layout

        candidates.append(Path(bom_auditor_resources.__file__).resolve().parent)
    except ImportError:
        pass
    for c in candidates:
        if (c / "watchlist").is_dir():
            return c
    raise FileNotFoundError("BOM Auditor's resources folder is missing; reinstall the application.")


def resource_path(*parts: str) -> Path:
    """Path of a file inside resources/, e.g. resource_path("samples", "sample-bom.xlsx")."""
    return resources_dir().joinpath(*parts)


def sample_bom() -> Path:
    """The sample BOM that ships with the app (a one-click try-it and the quick start's file)."""
    return resource_path("samples", "sample-bom.xlsx")
