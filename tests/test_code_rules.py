"""The architecture and code rules, enforced with the suite rather than only written down.

- import-linter: the layers import only downward, Qt stays in guiapp.gui, no cycles between packages
  (contracts in pyproject.toml);
- ruff (lint) over the package and the tests; mypy over every package but guiapp.gui;
- no module over 800 lines and no class with more than 40 methods, so no file or class becomes the place
  where everything happens again.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "guiapp"
MAX_MODULE_LINES = 800
MAX_CLASS_METHODS = 40


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    found = str(exe) if exe.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; it is in the test extras (pip install -e .[test])")
    return found


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)


def test_import_contracts_are_kept() -> None:
    proc = _run([_tool("lint-imports"), "--no-cache"])
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


def test_ruff_finds_nothing() -> None:
    proc = _run([_tool("ruff"), "check", "--no-cache", "guiapp", "tests"])
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]


def test_mypy_passes_on_the_core() -> None:
    # The configuration ([tool.mypy] in pyproject.toml) leaves guiapp.gui out: PySide6's stubs are partial.
    proc = _run([sys.executable, "-m", "mypy", "--no-incremental"])
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_over_the_line_limit() -> None:
    too_long = {
        str(p.relative_to(ROOT)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines: {too_long}"


def test_no_class_has_too_many_methods() -> None:
    crowded = {}
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                n = sum(isinstance(b, ast.FunctionDef | ast.AsyncFunctionDef) for b in node.body)
                if n > MAX_CLASS_METHODS:
                    crowded[f"{path.relative_to(ROOT)}:{node.name}"] = n
    assert not crowded, f"classes with more than {MAX_CLASS_METHODS} methods: {crowded}"


def test_the_rules_would_catch_a_qt_import_in_the_core(tmp_path: Path) -> None:
    """The Qt contract is live: a copy of the package with a core module importing PySide6 breaks it."""
    copy = tmp_path / "guiapp"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    bad = copy / "screening" / "screen.py"
    bad.write_text(bad.read_text(encoding="utf-8") + "\nimport PySide6.QtCore  # noqa\n", encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    proc = subprocess.run(
        [_tool("lint-imports"), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode != 0
    assert "guiapp.screening is not allowed to import PySide6" in proc.stdout
