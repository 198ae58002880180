"""A review killed mid-way (SIGKILL: no close, no shutdown, no flush) loses at most the last decision.

A driver runs the real window in a separate process, opens the sample BOM, waits for screening and decides
findings one by one with the review key ("C", the path a reviewer's keyboard takes), printing each decision.
The test kills it with SIGKILL right after the fifth, then resumes in a window of its own from the autosave.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from guiapp.review.session import Autosave

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and selectors on pipes need POSIX")

KILL_AFTER = 5

DRIVER = r"""
import json, sys, time
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from guiapp.gui.mainwindow import MainWindow
from guiapp.resources import sample_bom

pace = float(sys.argv[1])
app = QApplication([])
w = MainWindow(offer_resume=False)
w.show()
loop = QEventLoop()
w.screeningFinished.connect(loop.quit)
QTimer.singleShot(30_000, loop.quit)
w.open_paths([sample_bom()])
loop.exec()
if w.hits_model.rowCount() < 8:
    print("error: the sample screened to", w.hits_model.rowCount(), "findings", flush=True)
    sys.exit(3)


def spin(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)


w.tabs.setCurrentIndex(0)
w.activateWindow()
w.hits_view.setFocus()
w.hits_view.selectRow(0)
spin(0.8)  # the opened file is autosaved before the review starts
for n in range(1, 9):
    ref = w.current_ref()
    QTest.keyClick(w.hits_view, Qt.Key.Key_C)
    if w.session.explicit_decision(ref) is None:
        print("error: the key recorded no decision", flush=True)
        sys.exit(3)
    print("decided", n, json.dumps([ref.file, list(ref.hit.key)]), flush=True)
    spin(pace)
spin(30)
"""


def run_and_kill(home: Path, pace: float, timeout: float = 25.0) -> list[tuple[str, tuple]]:
    """Run the driver, SIGKILL it after the fifth decision; return (sha256, hit key) of each decision."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BOM_AUDITOR_HOME": str(home)}
    proc = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(pace)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    decided: list[tuple[str, tuple]] = []
    lines: list[str] = []
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    buffer = b""
    try:
        while len(decided) < KILL_AFTER and time.monotonic() < deadline:
            if not sel.select(timeout=0.2):
                if proc.poll() is not None:
                    break
                continue
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                break
            buffer += chunk
            while b"\n" in buffer and len(decided) < KILL_AFTER:
                line, buffer = buffer.split(b"\n", 1)
                lines.append(line.decode())
                if line.startswith(b"decided "):
                    sha, key = json.loads(line.decode().split(" ", 2)[2])
                    decided.append((sha, tuple(key)))
    finally:
        alive = proc.poll() is None
        if alive:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        err = proc.stderr.read().decode(errors="replace")
        proc.stdout.close()
        proc.stderr.close()
        sel.close()
    assert alive and proc.returncode == -signal.SIGKILL, (proc.returncode, lines, err[-2000:])
    assert len(decided) == KILL_AFTER, (lines, err[-2000:])
    return decided


def kept(session, decided) -> int:
    return sum(
        1 for sha, key in decided if (d := session.decisions.get((sha, key))) and d.status == "confirmed"
    )


@pytest.mark.parametrize(
    "pace",
    [
        pytest.param(0.6, id="reading each finding"),
        pytest.param(0.15, id="brisk keyboard review"),
    ],
)
def test_sigkill_mid_review_loses_at_most_the_last_decision(make_window, qtbot, _app_home, pace):
    decided = run_and_kill(_app_home, pace)
    assert len(set(decided)) == KILL_AFTER  # five different findings

    loaded, warning = Autosave().read()
    assert loaded is not None and warning == "", warning
    assert kept(loaded, decided) >= KILL_AFTER - 1, loaded.decisions

    # The next start offers the session; resuming reopens the file with the decisions in force.
    window = make_window(offer_resume=True)
    assert "Resume" in window.banner.text()
    resume = window.banner.findChild(QPushButton, "banner_resume")
    with qtbot.waitSignal(window.screeningFinished, timeout=30_000):
        qtbot.mouseClick(resume, Qt.MouseButton.LeftButton)
    assert kept(window.session, decided) >= KILL_AFTER - 1
    assert window.hits_model.rowCount() > KILL_AFTER


def test_truncated_autosave_after_a_kill_is_recovered_from_the_previous_copy_with_a_warning(
    make_window, qtbot, _app_home
):
    """A crash that tears the autosave (a disk dying mid-write): the previous copy, and the window says so."""
    decided = run_and_kill(_app_home, 0.6)
    autosave = Autosave()
    assert autosave.previous.exists(), "no previous good copy was kept"
    data = autosave.current.read_bytes()
    autosave.current.write_bytes(data[: len(data) // 2])

    window = make_window(offer_resume=True)
    text = window.banner.text()
    assert "damaged" in text and "previous copy" in text and "Resume" in text, text
    assert window.banner.kind == "warning"
    assert window.banner.isVisible()
    resume = window.banner.findChild(QPushButton, "banner_resume")
    with qtbot.waitSignal(window.screeningFinished, timeout=30_000):
        qtbot.mouseClick(resume, Qt.MouseButton.LeftButton)
    # The previous copy is one autosave behind: it holds every decision but (at most) the last saved one.
    assert kept(window.session, decided) >= KILL_AFTER - 2
    # The review goes on and the next autosave is whole again.
    window.flush_autosave()
    again, warning = Autosave().read()
    assert again is not None and warning == ""
    assert kept(again, decided) >= KILL_AFTER - 2


class _Killed(BaseException):
    """Stands for the process dying at this point (nothing after it runs, no handler sees it)."""


def test_a_kill_between_the_autosave_steps_leaves_the_last_autosave_whole(tmp_path, monkeypatch):
    """Dying after the previous copy is made but before the new autosave is in place: no damage, no warning.

    Qt-free: the window only schedules the writes; the steps are the core's.
    """
    from guiapp.model import Hit, Match
    from guiapp.review import session as review
    from guiapp.review.session import AuditSession, HitRef

    match = Match(
        "HIKVISION", "Hikvision", "HIKVISION", "Hikvision", "hikvision", ("NDAA-889",), "alias", 100.0, ""
    )
    refs = [HitRef("ab" * 32, Hit("BOM", row, "C", "manufacturer", "Hikvision", match)) for row in (2, 3)]
    session = AuditSession(reviewer="A. Auditor")
    auto = Autosave(tmp_path / "auto")
    session.decide(refs[:1], "confirmed")
    auto.write(session)
    session.decide(refs[1:], "confirmed")
    auto.write(session)  # two decisions saved

    real = review.atomic_write_bytes

    def die_on_the_new_autosave(path, data):
        if Path(path) == auto.current:
            raise _Killed
        real(path, data)

    session.decide(refs[:1], "false_positive", "another company with a similar name")
    monkeypatch.setattr(review, "atomic_write_bytes", die_on_the_new_autosave)
    with pytest.raises(_Killed):
        auto.write(session)
    monkeypatch.undo()
    restored, warning = Autosave(tmp_path / "auto").read()
    assert warning == "", warning
    assert restored is not None and len(restored.decisions) == 2
    assert {d.status for d in restored.decisions.values()} == {"confirmed"}
