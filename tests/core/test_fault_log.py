"""A hard crash (an abort inside Qt, a segfault) leaves faulthandler's stacks in faults.log, and the next start
knows the last run crashed."""

from __future__ import annotations

import json
import subprocess
import sys

START = "import json; from guiapp.logsetup import enable_fault_log; p, prev = enable_fault_log(); "


def _start(then: str = "") -> subprocess.CompletedProcess:
    # Each start is its own process, as the app's are (faulthandler is per process).
    code = START + "print(json.dumps([str(p), prev]), flush=True); " + then
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_a_crash_is_written_to_the_fault_log_and_told_at_the_next_start(_app_home):
    first = _start()
    path, previous = json.loads(first.stdout)
    assert path.endswith("faults.log") and previous == ""  # a first start: nothing to tell
    crashed = _start("import faulthandler; faulthandler._sigsegv()")
    assert crashed.returncode != 0
    _path, previous = json.loads(_start().stdout)
    assert "Fatal Python error" in previous and "Segmentation fault" in previous
    # The run before ended normally: nothing to tell now.
    assert json.loads(_start().stdout)[1] == ""
