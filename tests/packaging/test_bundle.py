"""The PyInstaller bundle is complete: built from the spec, its CLI screens the sample, writes the annotated copy
and the PDF report and verifies them, its window opens a file, it carries the licences and states the oldest
glibc it runs on, which is what its ELF files need.

Slow (about a minute): skipped when PyInstaller is not installed (`pip install -e .[bundle]`) or when
BOM_AUDITOR_SKIP_BUNDLE is set.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "resources" / "packaging" / "bom-auditor.spec"
SAMPLE = ROOT / "resources" / "samples" / "sample-bom.xlsx"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(os.environ.get("BOM_AUDITOR_SKIP_BUNDLE")), reason="BOM_AUDITOR_SKIP_BUNDLE is set"
    ),
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    pytest.importorskip("PyInstaller", reason="PyInstaller is not installed (pip install -e .[bundle])")
    work = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(SPEC),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    folder = work / "dist" / "bom-auditor"
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"\nbundle built in {time.monotonic() - started:.0f} s, {size / 2**20:.0f} MiB")
    return folder


def run_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(BOM_AUDITOR_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return env


def run(bundle: Path, program: str, *args: str, cwd: Path, timeout: int = 180) -> subprocess.CompletedProcess:
    # Run from a folder outside the checkout so nothing can come from the source tree.
    return subprocess.run(
        [str(bundle / f"{program}{EXE_SUFFIX}"), *args],
        cwd=cwd,
        env=run_env(cwd / "home"),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_bundle_holds_both_programs_and_every_resource(bundle) -> None:
    assert (bundle / f"bom-auditor{EXE_SUFFIX}").is_file()
    assert (bundle / f"bom-auditor-cli{EXE_SUFFIX}").is_file()
    resources = bundle / "_internal" / "resources"
    assert (resources / "watchlist" / "builtin.json").is_file()
    assert (resources / "samples" / "sample-bom.xlsx").is_file()
    assert (resources / "desktop" / "bom-auditor.desktop").is_file()
    # The PDF report embeds these: without them Chinese and Japanese names do not render on a bare machine.
    assert (resources / "fonts" / "DroidSansFallbackFull.ttf").is_file()
    assert (resources / "fonts" / "DejaVuSansMono.ttf").is_file()
    assert not (resources / "packaging").exists()
    # Every file of resources/ goes in, so a new folder (fonts, translations) needs no edit of the spec.
    source = ROOT / "resources"
    for f in source.rglob("*"):
        rel = f.relative_to(source)
        if (
            f.is_file()
            and rel.parts[0] != "packaging"
            and "__pycache__" not in rel.parts
            and f.suffix != ".pyc"
        ):
            assert (resources / rel).is_file(), rel


def test_bundle_leaves_out_the_gtk3_platform_theme_and_what_only_it_needs(bundle) -> None:
    """Qt's gtk3 platform-theme plugin is not used; it brought GTK, GDK, ATK, Pango and Cairo along."""
    internal = bundle / "_internal"
    plugins = next(internal.rglob("plugins/platforms"), None)
    assert plugins is not None, "no Qt platform plugins in the bundle"
    assert any(plugins.iterdir())  # the platforms the window needs are still there
    assert not list(internal.rglob("platformthemes/*gtk3*"))
    for library in ("libgtk-3", "libgdk-3", "libatk-1.0", "libpango-1.0", "libcairo.so"):
        assert not list(internal.rglob(f"{library}*")), library


def test_bundled_cli_writes_the_copy_and_the_pdf_report_and_verifies_them(bundle, tmp_path) -> None:
    # The CLI once left PySide6 out and aborted in libshiboken (exit 134) here.
    proc = run(bundle, "bom-auditor-cli", "screen", "--out", "out", "--report", str(SAMPLE), cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr  # 1: hits found
    out = tmp_path / "out"
    pdf = out / "audit-report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert pdf.stat().st_size > 10_000
    assert (out / "audit-report.html").is_file()
    copy = out / "sample-bom.audited.xlsx"
    assert copy.is_file()

    proc = run(
        bundle, "bom-auditor-cli", "verify", str(copy), str(pdf), str(out / "audit-report.html"), cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count(": intact") == 3


def runtime_requirements() -> set[str]:
    """The package's own runtime requirements that are installed here (Requires-Dist without extras)."""
    from importlib import metadata

    names = set()
    for req in metadata.distribution("bom-auditor").requires or []:
        if re.search(r"extra\s*==", req):
            continue
        name = re.match(r"[A-Za-z0-9._-]+", req).group(0)
        try:
            names.add(metadata.distribution(name).metadata["Name"])
        except metadata.PackageNotFoundError:
            continue
    return names


def test_bundle_carries_the_licence_and_the_third_party_notices(bundle, tmp_path) -> None:
    assert (bundle / "LICENSE.txt").read_text(encoding="utf-8") == (ROOT / "LICENSE").read_text(
        encoding="utf-8"
    )
    shipped = (bundle / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    # What Help > About and `licenses` show in the bundle is the shipped file.
    proc = run(bundle, "bom-auditor-cli", "licenses", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("MIT License")
    assert shipped.rstrip() in proc.stdout
    normal = re.sub(r"[-_.]+", "-", shipped).lower()
    for name in runtime_requirements() | {"shiboken6", "pyinstaller", "Python"}:
        assert re.sub(r"[-_.]+", "-", f"\n{name} ").lower() in normal, name
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in shipped and "_internal/PySide6/" in shipped
    # So is every package the analysis collected (a bundled folder or extension of a known distribution),
    # declared or not: an optional import such as openpyxl's lxml ships its code too.
    from importlib import metadata

    providers = metadata.packages_distributions()
    for entry in (bundle / "_internal").iterdir():
        for dist in providers.get(entry.name.split(".")[0], []):
            if dist != "bom-auditor":
                assert re.sub(r"[-_.]+", "-", f"\n{dist} ").lower() in normal, f"{entry.name} ({dist})"


def elf_files(folder: Path) -> list[Path]:
    return [
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink() and p.open("rb").read(4) == b"\x7fELF"
    ]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc is Linux's")
@pytest.mark.skipif(shutil.which("objdump") is None, reason="binutils (objdump) is not installed")
def test_stated_glibc_is_what_the_elf_files_need_and_this_machine_has(bundle, tmp_path) -> None:
    from guiapp.app import bundleinfo

    stated = bundleinfo.stated_glibc((bundle / "SYSTEM-REQUIREMENTS.txt").read_text(encoding="utf-8"))
    assert stated and re.fullmatch(r"2\.\d+", stated)
    # Independently of the build's reader: objdump's version references of every ELF file.
    files = elf_files(bundle)
    assert len(files) > 20
    needed = set()
    for start in range(0, len(files), 100):
        out = subprocess.run(
            ["objdump", "-p", *map(str, files[start : start + 100])],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        needed |= set(re.findall(r"\sGLIBC_(\d+(?:\.\d+)+)\s", out))
    highest = max(needed, key=lambda v: tuple(map(int, v.split("."))))
    assert stated == highest
    assert tuple(map(int, stated.split("."))) <= tuple(map(int, bundleinfo.system_glibc().split(".")))
    proc = run(bundle, "bom-auditor-cli", "--version", cwd=tmp_path)
    assert proc.returncode == 0 and f"glibc {stated} or newer" in proc.stdout, proc.stdout + proc.stderr


def test_bundled_cli_screens_the_sample(bundle, tmp_path) -> None:
    # Run from a folder outside the checkout so nothing can come from the source tree.
    proc = subprocess.run(
        [str(bundle / f"bom-auditor-cli{EXE_SUFFIX}"), "screen", "--json", str(SAMPLE)],
        cwd=tmp_path,
        env=run_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr  # 1: hits found
    report = json.loads(proc.stdout)
    hits = [h for f in report["files"] for h in f["hits"]]
    assert len(hits) >= 10
    assert any("Hikvision" in json.dumps(h) for h in hits)


def test_bundled_window_opens_and_screens_the_sample(bundle, tmp_path) -> None:
    proc = subprocess.run(
        [str(bundle / f"bom-auditor{EXE_SUFFIX}"), "--smoke-test", str(SAMPLE)],
        cwd=tmp_path,
        env=run_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "smoke test: 1 file" in proc.stdout
    assert " findings" in proc.stdout
    # The window shows the licences: Help > About > Licences, with the notices shipped in the bundle.
    shown = re.search(r"Help > About > Licences: MIT License, (\d+) third-party notices", proc.stdout)
    assert shown is not None, proc.stdout
    shipped = (bundle / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    assert int(shown.group(1)) == shipped.count("\n" + "=" * 100 + "\n") >= len(runtime_requirements())


def test_bundled_window_finds_its_own_sample(bundle, tmp_path) -> None:
    # Without a file the smoke test opens the bundled sample: resources are reached through sys._MEIPASS.
    proc = subprocess.run(
        [str(bundle / f"bom-auditor{EXE_SUFFIX}"), "--smoke-test"],
        cwd=tmp_path,
        env=run_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "smoke test: 1 file" in proc.stdout
