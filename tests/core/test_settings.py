"""Settings: defaults, round trip, bad files, BOM_AUDITOR_HOME moving every folder."""

from __future__ import annotations

import json

from guiapp.settings import Settings, app_dirs, load_settings, save_settings


def test_home_env_moves_every_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("BOM_AUDITOR_HOME", str(tmp_path / "home"))
    dirs = app_dirs()
    for d in (dirs.config, dirs.data, dirs.logs):
        assert d.is_dir() and (tmp_path / "home") in d.parents


def test_round_trip_and_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("BOM_AUDITOR_HOME", str(tmp_path))
    assert load_settings() == Settings()
    s = Settings(reviewer="Dana Reviewer", threshold=92.0, roles=["manufacturer", "supplier"])
    save_settings(s)
    assert load_settings() == s
    # No temporary files are left beside the settings file.
    assert [p.name for p in app_dirs().config.iterdir()] == ["settings.json"]


def test_bad_values_fall_back_to_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("BOM_AUDITOR_HOME", str(tmp_path))
    dirs = app_dirs()
    dirs.settings_file.write_text(
        json.dumps(
            {"reviewer": 5, "threshold": "high", "roles": ["colour"], "unknown": 1, "decision_memory": False}
        ),
        encoding="utf-8",
    )
    s = load_settings()
    assert s.reviewer == "" and s.threshold == Settings().threshold
    assert s.roles == Settings().roles and s.decision_memory is False
    dirs.settings_file.write_text("{not json", encoding="utf-8")
    assert load_settings() == Settings()
