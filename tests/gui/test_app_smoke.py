"""The real entry point, end to end: `python -m guiapp --smoke-test` opens the sample BOM, screens it and exits.

Unlike the window tests, this goes through argument parsing, logging, the single-instance check and the app
setup in a fresh process, as a person starting the program would (the bundle test does the same for the
PyInstaller build, but only where PyInstaller is installed).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "sample-bom.xlsx"


def test_smoke_test_of_the_entry_point_screens_the_sample(tmp_path) -> None:
    home = tmp_path / "home"
    env = dict(os.environ, BOM_AUDITOR_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-m", "guiapp", "--smoke-test", str(SAMPLE)],
        cwd=tmp_path,  # nothing may come from the working folder
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    summary = re.search(r"smoke test: 1 file · (\d+) findings", proc.stdout)
    assert summary is not None, proc.stdout
    # 16 since the built-in list holds the DoD 1260H list of 2026-06-08: the sample's Quectel row is a finding.
    assert int(summary.group(1)) == 16
    assert re.search(r"Help > About > Licences: MIT License, [1-9]\d* third-party notices", proc.stdout), (
        proc.stdout
    )
    # Everything the run wrote (log, settings) went to the folder BOM_AUDITOR_HOME names.
    assert home.is_dir() and any(p.is_file() for p in home.rglob("*"))


def test_smoke_test_fails_on_a_missing_file_and_on_a_file_it_cannot_read(tmp_path) -> None:
    env = dict(os.environ, BOM_AUDITOR_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    for target, code, said in (
        (tmp_path / "nowhere.xlsx", 2, "no such file"),
        (broken, 1, "broken.xlsx: error"),
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "guiapp", "--smoke-test", str(target)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == code, proc.stdout + proc.stderr
        assert said in proc.stdout and "Traceback" not in proc.stderr
