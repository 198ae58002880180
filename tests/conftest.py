"""Shared test setup: Qt offscreen by default, every test in its own app folder, Qt warnings fail GUI tests,
hypothesis profiles."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Before any Qt import: tests never need a display (set QT_QPA_PLATFORM=xcb to watch them).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Hypothesis profiles, chosen with HYPOTHESIS_PROFILE:
# - "ci" (the default, with or without CI set): derandomized, so every run of `./dev.sh test` draws the
#   same examples and a failure on one machine is a failure on every machine; no example database (so a
#   past local failure is not replayed), no deadline (timings never decide a test), and print_blob so a
#   failure prints the @reproduce_failure line.
# - "dev" (HYPOTHESIS_PROFILE=dev ./dev.sh test): random and ten times deeper, with the local example
#   database, to look for new failing inputs; add each one found as an @example.
settings.register_profile("ci", derandomize=True, max_examples=50, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=500, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "ci")


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


@pytest.fixture(autouse=True)
def _cli_json_matches_its_schema(monkeypatch):
    """Every --json document a test makes in this process is checked against the published JSON Schema."""
    import json
    from pathlib import Path

    import jsonschema

    from guiapp.cli import screen as cli_screen

    schema_path = Path(__file__).resolve().parents[1] / "resources" / "schema" / "screen-output.schema.json"
    validator = jsonschema.Draft202012Validator(json.loads(schema_path.read_text(encoding="utf-8")))
    real = cli_screen.json_document

    def checked(*args, **kwargs):
        doc = real(*args, **kwargs)
        validator.validate(doc)
        return doc

    monkeypatch.setattr(cli_screen, "json_document", checked)
