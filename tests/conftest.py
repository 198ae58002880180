"""Shared test setup: Qt offscreen by default, every test in its own app folder, Qt warnings fail GUI tests."""

from __future__ import annotations

import os

import pytest

# Before any Qt import: tests never need a display (set QT_QPA_PLATFORM=xcb to watch them).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _app_home(tmp_path_factory, monkeypatch):
    """Move settings, data (autosave, decision memory) and logs into a fresh folder per test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BOM_AUDITOR_HOME", str(home))
    return home


def pytest_collection_modifyitems(config, items):
    # qt_log_level_fail as a marker (not an ini option) so core tests are untouched: any Qt warning
    # logged during a GUI test fails it.
    for item in items:
        if "tests/gui" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            # The offscreen platform cannot propagate size hints; harmless, and not our code.
            item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))
