"""Desktop integration: the entry validates, installs under $XDG_DATA_HOME and uninstalls exactly what it wrote."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guiapp.app import desktop
from guiapp.resources import resource_path

MIME_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",  # .xlsx
    "application/vnd.ms-excel.sheet.macroEnabled.12",  # .xlsm
    "application/vnd.ms-excel",  # .xls
    "application/vnd.ms-excel.sheet.binary.macroEnabled.12",  # .xlsb
    "application/vnd.oasis.opendocument.spreadsheet",  # .ods
    "text/csv",
}


def entry(text: str) -> dict[str, dict[str, str]]:
    groups: dict[str, dict[str, str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("["):
            current = groups.setdefault(line.strip("[]"), {})
        elif "=" in line and current is not None:
            k, v = line.split("=", 1)
            current[k] = v
    return groups


@pytest.fixture
def xdg(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def test_shipped_entry_opens_every_bom_type_and_has_the_screen_action() -> None:
    groups = entry(resource_path("desktop", "bom-auditor.desktop").read_text(encoding="utf-8"))
    main = groups["Desktop Entry"]
    assert main["Name"] == "BOM Auditor"
    assert main["Exec"] == "bom-auditor %F"
    assert main["Icon"] == "bom-auditor"
    assert set(filter(None, main["MimeType"].split(";"))) == MIME_TYPES
    assert groups["Desktop Action screen"]["Name"] == "Screen with BOM Auditor"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_shipped_and_installed_entries_pass_desktop_file_validate(xdg) -> None:
    installed = desktop.install_desktop()
    for path in (resource_path("desktop", "bom-auditor.desktop"), installed[0]):
        proc = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
        assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_install_writes_entry_and_every_icon_size_then_uninstall_removes_exactly_them(xdg) -> None:
    stranger = xdg / "applications" / "someone-else.desktop"
    stranger.parent.mkdir(parents=True)
    stranger.write_text("[Desktop Entry]\n")

    written = desktop.install_desktop()

    assert xdg / "applications" / "bom-auditor.desktop" in written
    for n in (16, 24, 32, 48, 64, 128, 256, 512):
        assert (xdg / "icons" / "hicolor" / f"{n}x{n}" / "apps" / "bom-auditor.png").is_file()
    assert (xdg / "icons" / "hicolor" / "scalable" / "apps" / "bom-auditor.svg").is_file()
    assert all(p.is_file() for p in written)

    removed = desktop.install_desktop(uninstall=True)

    assert sorted(removed) == sorted(written)
    assert not any(p.exists() for p in written)
    assert stranger.is_file()
    assert not (xdg / "bom-auditor").exists()  # the manifest folder goes too
    assert desktop.install_desktop(uninstall=True) == []


@pytest.mark.skipif(
    shutil.which("update-desktop-database") is None, reason="desktop-file-utils not installed"
)
def test_open_with_cache_lists_the_app_for_xlsx_until_uninstalled(xdg) -> None:
    desktop.install_desktop()
    cache = (xdg / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert any(line.startswith(xlsx + "=") and "bom-auditor.desktop" in line for line in cache.splitlines())
    desktop.install_desktop(uninstall=True)
    assert "bom-auditor.desktop" not in (xdg / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")


def test_prefix_overrides_xdg_data_home(xdg, tmp_path) -> None:
    other = tmp_path / "elsewhere"
    written = desktop.install_desktop(prefix=other)
    assert all(p.is_relative_to(other) for p in written)
    assert not (xdg / "applications").exists()


def test_exec_points_at_launcher_path_when_not_on_path(xdg, tmp_path, monkeypatch) -> None:
    bindir = tmp_path / "my tools"
    bindir.mkdir()
    launcher = bindir / "bom-auditor"
    launcher.write_text("#!/bin/sh\n")
    launcher.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(bindir / "python"))
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))

    desktop.install_desktop()

    main = entry((xdg / "applications" / "bom-auditor.desktop").read_text(encoding="utf-8"))
    assert main["Desktop Entry"]["Exec"] == f'"{launcher}" %F'
    assert main["Desktop Entry"]["TryExec"] == str(launcher)
    assert main["Desktop Action screen"]["Exec"] == f'"{launcher}" %F'


def test_exec_is_bare_name_when_path_finds_this_launcher(xdg, tmp_path, monkeypatch) -> None:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "bom-auditor").write_text("#!/bin/sh\n")
    (bindir / "bom-auditor").chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(bindir / "python"))
    monkeypatch.setenv("PATH", str(bindir))

    desktop.install_desktop()

    text = (xdg / "applications" / "bom-auditor.desktop").read_text(encoding="utf-8")
    assert "Exec=bom-auditor %F" in text


def test_without_launcher_exec_runs_the_module(xdg, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "py" / "python3"))
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    desktop.install_desktop()
    main = entry((xdg / "applications" / "bom-auditor.desktop").read_text(encoding="utf-8"))["Desktop Entry"]
    assert main["Exec"] == f"{tmp_path / 'py' / 'python3'} -m guiapp %F"
    assert "TryExec" not in main


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        ("/usr/bin/bom-auditor", "/usr/bin/bom-auditor"),
        ("/home/a b/bom-auditor", '"/home/a b/bom-auditor"'),
        ("/opt/100%/x", "/opt/100%%/x"),
        ('/x/"q"$', '"/x/\\\\"q\\\\"\\\\$"'),
    ],
)
def test_exec_arguments_are_quoted_per_the_spec(arg, expected) -> None:
    assert desktop.exec_arg(arg) == expected


def test_unwritable_folder_is_a_clear_message_not_a_traceback(tmp_path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert desktop.main(["--prefix", str(blocker)]) == 2
    err = capsys.readouterr().err
    assert "Could not install the desktop files" in err and "writable" in err


def test_module_entry_installs_and_uninstalls(xdg) -> None:
    env_run = [sys.executable, "-m", "guiapp.app.desktop"]
    proc = subprocess.run(env_run, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Installed" in proc.stdout
    proc = subprocess.run([*env_run, "--uninstall"], capture_output=True, text=True)
    assert proc.returncode == 0 and "Removed" in proc.stdout
    assert not (xdg / "applications" / "bom-auditor.desktop").exists()
