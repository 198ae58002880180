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
    """A fake XDG environment: the user's data and config folders and the system's, all under tmp_path,
    and no desktop session (so xdg-mime takes its generic, spec-following path)."""
    home = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_DIRS", str(tmp_path / "system-share"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "system-xdg"))
    for name in (
        "XDG_CURRENT_DESKTOP",
        "DESKTOP_SESSION",
        "XDG_MENU_PREFIX",
        "KDE_FULL_SESSION",
        "GNOME_DESKTOP_SESSION_ID",
        "MATE_DESKTOP_SESSION_ID",
    ):
        monkeypatch.delenv(name, raising=False)
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


# --- "Open with" only: the effective default stays the system's (issue 14) ---------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
XLSB = "application/vnd.ms-excel.sheet.binary.macroEnabled.12"
CALC_TYPES = [XLSX, ODS, "application/vnd.ms-excel", "text/csv"]  # no .xlsb: nothing else opens it


@pytest.fixture
def system_calc(xdg, tmp_path) -> Path:
    """The system's spreadsheet program, as a distribution installs it: an entry in
    $XDG_DATA_DIRS/applications with a MimeType, and its mimeinfo.cache when desktop-file-utils is present."""
    apps = tmp_path / "system-share" / "applications"
    apps.mkdir(parents=True)
    entry = apps / "libreoffice-calc.desktop"
    entry.write_text(
        "[Desktop Entry]\nType=Application\nName=LibreOffice Calc\nExec=true %U\n"
        f"MimeType={';'.join(CALC_TYPES)};\n",
        encoding="utf-8",
    )
    if shutil.which("update-desktop-database"):
        subprocess.run(["update-desktop-database", "-q", str(apps)], check=True)
    return entry


def user_list(tmp_path) -> Path:
    return tmp_path / "config" / "mimeapps.list"


def test_install_writes_down_the_system_default_and_adds_open_with_only(system_calc, tmp_path) -> None:
    from guiapp.app import mimeapps

    assert mimeapps.effective_default(XLSX).desktop_id == "libreoffice-calc.desktop"

    desktop.install_desktop()

    groups = entry(user_list(tmp_path).read_text(encoding="utf-8"))
    for mime in CALC_TYPES:
        # Where nothing was recorded, the default of the moment is written down, so it stays the default...
        assert groups["Default Applications"][mime] == "libreoffice-calc.desktop;"
        assert mimeapps.effective_default(mime).desktop_id == "libreoffice-calc.desktop"
    for mime in MIME_TYPES:
        # ...and BOM Auditor is an "Open with" candidate for every type it reads.
        assert groups["Added Associations"][mime] == "bom-auditor.desktop;"
        assert "bom-auditor.desktop" in mimeapps.candidates(mime)
    # No other program opens .xlsb: there was no default to keep, and none is invented.
    assert XLSB not in groups["Default Applications"]


def test_a_recorded_default_is_left_alone(system_calc, tmp_path) -> None:
    from guiapp.app import mimeapps

    other = tmp_path / "share" / "applications" / "gnumeric.desktop"
    other.parent.mkdir(parents=True)
    other.write_text(f"[Desktop Entry]\nType=Application\nName=Gnumeric\nExec=true\nMimeType={XLSX};\n")
    system_list = tmp_path / "system-xdg" / "mimeapps.list"
    system_list.parent.mkdir(parents=True)
    system_list.write_text(f"[Default Applications]\n{XLSX}=gnumeric.desktop;\n", encoding="utf-8")

    desktop.install_desktop()

    groups = entry(user_list(tmp_path).read_text(encoding="utf-8"))
    assert XLSX not in groups["Default Applications"]  # recorded elsewhere: nothing to write down
    assert groups["Default Applications"][ODS] == "libreoffice-calc.desktop;"
    assert mimeapps.effective_default(XLSX).desktop_id == "gnumeric.desktop"


def test_uninstall_restores_the_users_mimeapps_list_byte_for_byte(system_calc, tmp_path) -> None:
    listing = user_list(tmp_path)
    listing.parent.mkdir(parents=True)
    before = (
        "# my associations\n[Added Associations]\n"
        f"{XLSX}=libreoffice-calc.desktop;\ntext/plain=gedit.desktop;\n\n"
        "[Default Applications]\ntext/html=firefox.desktop;\n"
    )
    listing.write_text(before, encoding="utf-8")

    desktop.install_desktop()
    desktop.install_desktop()  # a second install adds nothing twice
    groups = entry(listing.read_text(encoding="utf-8"))
    assert groups["Added Associations"][XLSX] == "libreoffice-calc.desktop;bom-auditor.desktop;"
    assert listing.read_text(encoding="utf-8").count("bom-auditor.desktop") == len(MIME_TYPES)

    desktop.install_desktop(uninstall=True)

    assert listing.read_text(encoding="utf-8") == before
    assert not (tmp_path / "share" / "bom-auditor").exists()


def test_uninstall_removes_a_list_it_created_and_keeps_a_default_the_person_chose(system_calc, tmp_path):
    desktop.install_desktop()
    desktop.install_desktop(uninstall=True)
    assert not user_list(tmp_path).exists()

    desktop.install_desktop()
    listing = user_list(tmp_path)
    # The person makes BOM Auditor the default for .ods after the install: that line is theirs.
    text = listing.read_text(encoding="utf-8").replace(
        f"{ODS}=libreoffice-calc.desktop;", f"{ODS}=bom-auditor.desktop;"
    )
    listing.write_text(text, encoding="utf-8")

    desktop.install_desktop(uninstall=True)

    assert listing.read_text(encoding="utf-8") == f"[Default Applications]\n{ODS}=bom-auditor.desktop;\n"


def xdg_mime_default(mime: str) -> str:
    proc = subprocess.run(["xdg-mime", "query", "default", mime], capture_output=True, text=True, timeout=60)
    return proc.stdout.strip()


@pytest.mark.skipif(
    shutil.which("xdg-mime") is None or shutil.which("update-desktop-database") is None,
    reason="xdg-utils and desktop-file-utils are not installed",
)
def test_xdg_mime_default_is_the_system_program_before_and_after_install(system_calc, tmp_path) -> None:
    assert xdg_mime_default(XLSX) == "libreoffice-calc.desktop"

    desktop.install_desktop()

    for mime in CALC_TYPES:
        assert xdg_mime_default(mime) == "libreoffice-calc.desktop"
    # "Open with": the desktop database of the user's folder lists BOM Auditor for each type.
    cache = entry((tmp_path / "share" / "applications" / "mimeinfo.cache").read_text(encoding="utf-8"))
    assert all("bom-auditor.desktop" in cache["MIME Cache"][mime] for mime in MIME_TYPES)

    desktop.install_desktop(uninstall=True)
    assert xdg_mime_default(XLSX) == "libreoffice-calc.desktop"


def test_a_list_with_bytes_that_are_not_utf8_is_restored_exactly(system_calc, tmp_path) -> None:
    listing = user_list(tmp_path)
    listing.parent.mkdir(parents=True)
    before = b"[Default Applications]\ntext/x-caf\xe9=old.desktop;\n"
    listing.write_bytes(before)
    desktop.install_desktop()
    assert b"text/x-caf\xe9=old.desktop;" in listing.read_bytes()
    desktop.install_desktop(uninstall=True)
    assert listing.read_bytes() == before


def test_a_mimeapps_list_that_cannot_be_written_is_a_clear_message(system_calc, tmp_path, capsys) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "mimeapps.list").mkdir()  # a folder where the list should be: cannot be read or replaced
    assert desktop.main([]) == 2
    err = capsys.readouterr().err
    assert "Could not install the desktop files" in err and "mimeapps.list" in err
