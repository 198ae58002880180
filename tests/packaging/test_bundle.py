"""The PyInstaller bundle is complete: built from the spec, its CLI screens the sample and its window opens it.

Slow (about a minute): skipped when PyInstaller is not installed (`pip install -e .[bundle]`) or when
BOM_AUDITOR_SKIP_BUNDLE is set.
"""

from __future__ import annotations

import json
import os
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


def test_bundle_holds_both_programs_and_the_resources(bundle) -> None:
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
