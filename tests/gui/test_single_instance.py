"""A second launch hands its files to the running window; macOS file-open events reach open_paths too."""

from __future__ import annotations

import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from guihelpers import make_bom
from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QWidget

from guiapp.gui import single_instance
from guiapp.gui.app import FileOpenEventFilter, OpenRequestRouter
from guiapp.gui.single_instance import (
    MessageReader,
    ProtocolError,
    SingleInstanceServer,
    encode_message,
    send_paths,
    server_name,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def name(tmp_path) -> str:
    # A short path: Unix socket paths are limited to about 100 bytes.
    return server_name()


@pytest.fixture
def server(qtbot, name):
    srv = SingleInstanceServer(name)
    assert srv.listen()
    yield srv
    srv.close()


CLIENT = (
    "import json, sys\n"
    "from guiapp.gui.single_instance import send_paths\n"
    "sys.exit(0 if send_paths(json.loads(sys.argv[2]), sys.argv[1]) else 3)\n"
)


class Launch:
    """A later launch in its own process, as in real use: PySide6 keeps the GIL in blocking socket waits,
    so a client thread in the test process would stall the server it talks to."""

    def __init__(self, paths, name) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CLIENT, name, json.dumps(paths)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )

    def answered(self, qtbot) -> bool:
        """Keep the event loop turning until the launch has its answer; True when the app took the paths."""
        qtbot.waitUntil(lambda: self.proc.poll() is not None, timeout=10_000)
        assert self.proc.returncode in (0, 3), self.proc.stderr.read()
        return self.proc.returncode == 0


def launch(paths, name) -> Launch:
    return Launch(paths, name)


# --- the message format ------------------------------------------------------------------------
def test_messages_survive_arbitrary_chunking() -> None:
    data = encode_message({"v": 1, "paths": ["/a/Stückliste.xlsx"]}) + encode_message({"v": 1, "paths": []})
    reader = MessageReader()
    got = []
    for i in range(len(data)):
        got += reader.feed(data[i : i + 1])
    assert got == [{"v": 1, "paths": ["/a/Stückliste.xlsx"]}, {"v": 1, "paths": []}]


@pytest.mark.parametrize(
    "data",
    [
        struct.pack(">I", single_instance.MAX_MESSAGE_BYTES + 1),
        struct.pack(">I", 3) + b"\xff\xfe\x00",
        struct.pack(">I", 5) + b"[1,2]",
        struct.pack(">I", 4) + b"nope",
    ],
)
def test_bad_messages_are_protocol_errors(data) -> None:
    with pytest.raises(ProtocolError):
        MessageReader().feed(data)


def test_name_depends_on_the_app_home(monkeypatch, tmp_path) -> None:
    first = server_name()
    monkeypatch.setenv("BOM_AUDITOR_HOME", str(tmp_path / "other"))
    assert server_name() != first


# --- server and client in one process ------------------------------------------------------------
def test_second_launch_hands_paths_to_the_running_one(qtbot, server, name) -> None:
    with qtbot.waitSignal(server.pathsReceived, timeout=5_000) as signal:
        client = launch(["/boms/a.xlsx", "/boms/b b.csv"], name)
    assert client.answered(qtbot) is True
    assert signal.args == [["/boms/a.xlsx", "/boms/b b.csv"]]


def test_without_a_running_app_the_launch_goes_on_at_once(name) -> None:
    assert send_paths(["/x.xlsx"], name) is False


def test_a_bad_request_is_refused_without_opening_anything(qtbot, server, name) -> None:
    received = []
    server.pathsReceived.connect(received.append)
    client = QLocalSocket()
    client.connectToServer(name)
    assert client.waitForConnected(2_000)
    client.write(encode_message({"v": 1, "paths": [3, None]}))
    client.flush()
    answer = []

    def answered() -> bool:
        answer.extend(MessageReader().feed(bytes(client.readAll().data())))
        return bool(answer)

    qtbot.waitUntil(answered, timeout=5_000)
    assert answer[0]["ok"] is False
    assert received == []
    client.abort()


def test_a_silent_client_is_dropped_after_the_timeout(qtbot, server, name, monkeypatch) -> None:
    monkeypatch.setattr(single_instance, "CONNECTION_TIMEOUT_MS", 200)
    client = QLocalSocket()
    client.connectToServer(name)
    assert client.waitForConnected(2_000)
    client.write(struct.pack(">I", 100) + b"{")  # promises more than it sends
    client.flush()
    qtbot.waitUntil(lambda: client.state() == QLocalSocket.LocalSocketState.UnconnectedState, timeout=5_000)
    # The server still serves the next launch.
    with qtbot.waitSignal(server.pathsReceived, timeout=5_000):
        client = launch([], name)
    assert client.answered(qtbot) is True


def test_a_live_server_is_never_displaced(qtbot, server, name) -> None:
    intruder = SingleInstanceServer(name)
    assert intruder.listen() is False
    with qtbot.waitSignal(server.pathsReceived, timeout=5_000):
        client = launch(["/a.xlsx"], name)
    assert client.answered(qtbot) is True


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes leave no file behind")
def test_a_stale_socket_from_a_crash_is_replaced(qtbot, name) -> None:
    path = name if os.path.isabs(name) else os.path.join(qt_temp_dir(), name)
    dead = socket.socket(socket.AF_UNIX)
    dead.bind(path)  # a socket file nobody listens on: what a killed app leaves
    dead.close()
    assert os.path.exists(path)
    srv = SingleInstanceServer(name)
    try:
        assert srv.listen()
        with qtbot.waitSignal(srv.pathsReceived, timeout=5_000):
            client = launch(["/a.xlsx"], name)
        assert client.answered(qtbot) is True
    finally:
        srv.close()


def qt_temp_dir() -> str:
    from PySide6.QtCore import QDir

    return QDir.tempPath()


# --- routing to the window: second launch and macOS QFileOpenEvent ---------------------------------
class FakeWindow(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[list[str]] = []

    def open_paths(self, paths) -> None:
        self.opened.append(list(paths))


@pytest.fixture
def file_open_filter(qtbot):
    app = QCoreApplication.instance()
    router = OpenRequestRouter()
    event_filter = FileOpenEventFilter(router)
    app.installEventFilter(event_filter)
    yield router
    app.removeEventFilter(event_filter)


def test_file_open_events_before_the_window_exists_are_kept_and_opened_together(
    qtbot, file_open_filter
) -> None:
    app = QCoreApplication.instance()
    QCoreApplication.postEvent(app, QFileOpenEvent("/boms/a.xlsx"))
    QCoreApplication.postEvent(app, QFileOpenEvent(QUrl.fromLocalFile("/boms/b.ods")))
    qtbot.wait(50)  # the events are delivered; no window yet
    window = FakeWindow()
    qtbot.addWidget(window)
    file_open_filter.set_window(window)
    qtbot.waitUntil(lambda: window.opened == [["/boms/a.xlsx", "/boms/b.ods"]], timeout=2_000)


def test_file_open_event_screens_the_file_in_the_real_window(
    qtbot, file_open_filter, window, tmp_path
) -> None:
    bom = make_bom(tmp_path / "dock-drop.xlsx")
    file_open_filter.set_window(window)
    with qtbot.waitSignal(window.screeningFinished, timeout=30_000):
        QCoreApplication.postEvent(QCoreApplication.instance(), QFileOpenEvent(str(bom)))
    assert window.files_model.rowCount() == 1
    assert window.hits_model.rowCount() > 0


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform has no window stacking
def test_a_second_launch_raises_the_window_and_opens_its_files(qtbot, server, name) -> None:
    router = OpenRequestRouter()
    window = FakeWindow()
    qtbot.addWidget(window)
    window.show()
    window.showMinimized()
    router.set_window(window)
    server.pathsReceived.connect(router.request_from_launch)
    client = launch(["/boms/c.xlsb"], name)
    qtbot.waitUntil(lambda: window.opened == [["/boms/c.xlsb"]], timeout=5_000)
    assert client.answered(qtbot) is True
    assert not window.isMinimized()


# --- the real app, twice -----------------------------------------------------------------------
def test_second_real_launch_exits_at_once_and_the_first_window_screens_its_file(tmp_path, _app_home) -> None:
    first_bom = make_bom(tmp_path / "first.xlsx")
    second_bom = make_bom(tmp_path / "second board.xlsx")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BOM_AUDITOR_HOME": str(_app_home)}
    log = _app_home / "logs" / "bom-auditor.log"
    first = subprocess.Popen(
        [sys.executable, "-m", "guiapp", str(first_bom)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not (log.is_file() and "starting BOM Auditor" in log.read_text(encoding="utf-8")):
            assert first.poll() is None, first.stderr.read()
            assert time.monotonic() < deadline, "the first instance did not start"
            time.sleep(0.05)

        second = subprocess.run(
            [sys.executable, "-m", "guiapp", second_bom.name],  # relative: resolved in the second's folder
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=30,  # a second window that stayed open instead of handing over would hang here
        )
        assert second.returncode == 0, second.stderr

        autosave = _app_home / "data" / "autosave" / "session.json"
        deadline = time.monotonic() + 30
        while not (autosave.is_file() and "second board.xlsx" in autosave.read_text(encoding="utf-8")):
            assert first.poll() is None, first.stderr.read()
            assert time.monotonic() < deadline, "the first window never screened the second file"
            time.sleep(0.1)
        assert "a second launch handed over 1 path(s)" in log.read_text(encoding="utf-8")
    finally:
        first.terminate()
        first.wait(10)


# ---------------------------------------------------------------------------------------------------
# The socket's folder (issue 13): without XDG_RUNTIME_DIR the socket used to sit in the shared temp folder,
# where another user could create the name first and receive the BOM paths.


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and modes")
def test_without_xdg_runtime_dir_the_socket_is_in_a_private_folder(monkeypatch, tmp_path) -> None:
    import stat

    from guiapp.gui.single_instance import private_socket_dir

    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    folder = private_socket_dir()
    st = os.lstat(folder)
    assert folder == str(tmp_path / f"bom-auditor-{os.getuid()}")
    assert stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) == 0o700
    assert os.path.dirname(server_name()) == folder


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and modes")
def test_a_folder_made_first_by_someone_else_is_not_used(monkeypatch, tmp_path) -> None:
    """The name in the temp folder taken in advance (here: a link, and a folder others may write)."""
    from guiapp.gui.single_instance import private_socket_dir

    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "tmp").mkdir()
    attacker = tmp_path / "attacker"
    attacker.mkdir(mode=0o777)
    os.symlink(attacker, tmp_path / "tmp" / f"bom-auditor-{os.getuid()}")
    folder = private_socket_dir()
    assert folder == str(tmp_path / "home" / ".cache" / f"bom-auditor-run-{os.getuid()}")
    assert not os.listdir(attacker)
    # An XDG_RUNTIME_DIR others can write is not trusted either.
    loose = tmp_path / "loose"
    loose.mkdir()
    loose.chmod(0o777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(loose))
    assert private_socket_dir() != str(loose)


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and modes")
def test_nothing_is_sent_to_a_socket_in_a_folder_others_can_reach(qapp, tmp_path) -> None:
    """A live server whose socket sits in a folder anyone may write: the launch does not send it paths."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    name = str(shared / "bom-auditor-socket")
    server = SingleInstanceServer(name)
    got: list = []
    server.pathsReceived.connect(got.append)
    assert server.listen()
    try:
        assert not send_paths(["/secret/bom.xlsx"], name=name)
        qapp.processEvents()
        assert got == []
    finally:
        server.close()
