"""The core must stay Qt-free: every guiapp module outside guiapp.gui imports with PySide6 blocked."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import guiapp

CORE_MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(guiapp.__path__, "guiapp.")
    if not m.name.startswith("guiapp.gui") and not m.name.endswith("__main__")
)


def test_core_modules_found() -> None:
    # The list is built from the package, so a new core module is checked without editing this test.
    for expected in (
        "guiapp.model",
        "guiapp.ingest.reading",
        "guiapp.matching.matcher",
        "guiapp.screening.screen",
        "guiapp.cli.main",
    ):
        assert expected in CORE_MODULES


def test_core_imports_without_qt() -> None:
    code = (
        "import sys\n"
        "sys.modules['PySide6'] = None\n"
        "sys.modules['shiboken6'] = None\n"
        "import importlib\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "assert not any(m.startswith('PySide6.') for m in sys.modules), 'a core module imported Qt'\n"
        "print('ok')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2]
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def test_cli_help_does_not_import_qt() -> None:
    code = (
        "import sys\n"
        "sys.modules['PySide6'] = None\n"
        "from guiapp.cli.main import main\n"
        "try:\n"
        "    main(['screen', '--help'])\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "--threshold" in proc.stdout
