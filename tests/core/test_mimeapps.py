"""mimeapps.list per the freedesktop mime-apps spec: which program opens a type, and edits that keep every
other line as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from guiapp.app import mimeapps

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def env(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_DIRS", str(tmp_path / "sys1") + ":" + str(tmp_path / "sys2"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "etc"))
    monkeypatch.delenv("XDG_CURRENT_DESKTOP", raising=False)
    return tmp_path


def app(folder: Path, desktop_id: str, mime: str = XLSX, extra: str = "") -> None:
    path = folder / "applications" / desktop_id
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"[Desktop Entry]\nType=Application\nName={desktop_id}\nExec=true\nMimeType={mime};\n{extra}"
    )


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_without_a_recorded_default_the_users_entry_comes_before_the_systems(env) -> None:
    # The situation that made install-desktop take over .xlsx: nothing recorded, a user entry present.
    app(env / "sys1", "calc.desktop")
    assert mimeapps.effective_default(XLSX) == mimeapps.DefaultApp("calc.desktop", None)
    app(env / "share", "mine.desktop")
    assert mimeapps.effective_default(XLSX).desktop_id == "mine.desktop"
    assert mimeapps.effective_default(XLSX, exclude=frozenset({"mine.desktop"})).desktop_id == "calc.desktop"


def test_recorded_defaults_follow_the_lists_order_and_skip_what_is_not_installed(env, monkeypatch) -> None:
    app(env / "sys1", "calc.desktop")
    app(env / "sys2", "gnumeric.desktop")
    write(env / "etc" / "mimeapps.list", f"[Default Applications]\n{XLSX}=gone.desktop;gnumeric.desktop;\n")
    assert mimeapps.recorded_default(XLSX) == mimeapps.DefaultApp(
        "gnumeric.desktop", env / "etc" / "mimeapps.list"
    )
    # A desktop-specific list comes before the generic one of the same folder, and the user's before the system's.
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "GNOME")
    write(env / "config" / "gnome-mimeapps.list", f"[Default Applications]\n{XLSX}=calc.desktop\n")
    assert mimeapps.effective_default(XLSX).desktop_id == "calc.desktop"


def test_removed_and_hidden_entries_are_no_candidates_and_added_ones_come_first(env) -> None:
    app(env / "sys1", "calc.desktop")
    app(env / "sys1", "hidden.desktop", extra="Hidden=true\n")
    app(env / "sys2", "viewer.desktop", mime="text/plain")
    write(
        env / "config" / "mimeapps.list",
        f"[Added Associations]\n{XLSX}=viewer.desktop;\n[Removed Associations]\n{XLSX}=calc.desktop;\n",
    )
    assert mimeapps.candidates(XLSX) == ["viewer.desktop"]


def test_desktop_ids_of_entries_in_subfolders_use_dashes(env) -> None:
    app(env / "sys1", "kde/calligra.desktop")
    assert "kde-calligra.desktop" in mimeapps.desktop_entries()
    assert mimeapps.candidates(XLSX) == ["kde-calligra.desktop"]


def test_edits_touch_only_their_lines(tmp_path) -> None:
    path = tmp_path / "mimeapps.list"
    before = "# keep me\n[Default Applications]\ntext/html = firefox.desktop\n\n[Other]\nx=y\n"
    path.write_text(before, encoding="utf-8")
    lst = mimeapps.MimeappsList(path)
    assert lst.get(mimeapps.DEFAULTS, "text/html") == ["firefox.desktop"]
    lst.set(mimeapps.DEFAULTS, XLSX, ["calc.desktop"])
    lst.set(mimeapps.ADDED, XLSX, ["bom-auditor.desktop"])
    lst.save()
    after = path.read_text(encoding="utf-8")
    assert after.startswith(
        "# keep me\n[Default Applications]\ntext/html = firefox.desktop\n" + f"{XLSX}=calc.desktop;\n"
    )
    assert after.endswith(f"[Added Associations]\n{XLSX}=bom-auditor.desktop;\n")
    lst = mimeapps.MimeappsList(path)
    lst.remove(mimeapps.DEFAULTS, XLSX)
    lst.remove(mimeapps.ADDED, XLSX)
    lst.save()
    assert path.read_text(encoding="utf-8") == before
