"""One window per user: a second `bom-auditor FILE` hands its files to the running app and exits.

The running app listens on a QLocalServer (a Unix socket in a folder only the user can reach: see
private_socket_dir; a named pipe on Windows) whose name is derived from the user and BOM_AUDITOR_HOME, so tests and separate setups never
meet. A second launch connects with a QLocalSocket and sends one message; the server answers with one.

Each message is a 4-byte big-endian length followed by that many bytes of UTF-8 JSON:
    request  {"v": 1, "paths": ["/abs/a.xlsx", ...]}   (empty paths: just bring the window forward)
    answer   {"v": 1, "ok": true}

A server that crashed leaves its socket file behind on Unix. Before listening we connect to the name: an
answer means another instance runs. Otherwise the file is stale; with UserAccessOption Qt 6.12 replaces it
itself, and where listening still fails with "address in use", QLocalServer.removeServer() deletes it and
listening is tried again.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import logging
import os
import stat
import struct
import sys
import tempfile
import time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from guiapp.settings import HOME_ENV

log = logging.getLogger(__name__)

PROTOCOL_VERSION = 1
#: A request bigger than this is refused: thousands of paths fit in far less.
MAX_MESSAGE_BYTES = 4 * 1024 * 1024
_HEADER = struct.Struct(">I")
#: How long the server keeps a connection that has not sent a whole request.
CONNECTION_TIMEOUT_MS = 5_000


class ProtocolError(ValueError):
    """A peer sent something that is not a valid message."""


def server_name() -> str:
    """The per-user (and per-BOM_AUDITOR_HOME) name of the running app's local server."""
    try:
        user = getpass.getuser()
    except Exception:  # no login name (a container without /etc/passwd entry)
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    home = os.path.abspath(os.environ[HOME_ENV]) if os.environ.get(HOME_ENV) else ""
    digest = hashlib.sha256(f"{user}\0{home}".encode()).hexdigest()[:16]
    name = f"bom-auditor-{digest}"
    if sys.platform == "win32":
        return name  # a named pipe; Windows gives it the user's security descriptor
    return os.path.join(private_socket_dir(), name)


def _is_private(path: str) -> bool:
    """A real folder (not a link) owned by this user that no one else may enter, list or write."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


def private_socket_dir() -> str:
    """A folder only this user can reach, for the single-instance socket (Unix).

    $XDG_RUNTIME_DIR when it is set and private; otherwise bom-auditor-<uid> in the temp folder, created
    0700, or, when someone else made that name first (the temp folder is shared: they would receive the
    BOM paths and no window would open), a folder in the user's own cache. Each candidate is checked with
    lstat: a real folder, owned by this user, mode 0700; a link or a foreign folder is never used.
    """
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isabs(runtime) and _is_private(runtime):
        return runtime
    uid = os.getuid()
    candidates = [
        os.path.join(tempfile.gettempdir(), f"bom-auditor-{uid}"),
        os.path.join(os.path.expanduser("~"), ".cache", f"bom-auditor-run-{uid}"),
    ]
    for folder in candidates:
        with contextlib.suppress(OSError):
            os.makedirs(os.path.dirname(folder), exist_ok=True)
            os.mkdir(folder, 0o700)
        if _is_private(folder):
            return folder
        log.warning(
            "not using %s for the single-instance socket: it is not a private folder of this user", folder
        )
    # No private folder at all: a fresh one with a random name (later launches will not find this one).
    return tempfile.mkdtemp(prefix=f"bom-auditor-{uid}-")


def socket_is_ours(name: str) -> bool:
    """Whether a socket path may be sent BOM paths: it does not exist yet, or it is this user's socket."""
    if sys.platform == "win32" or not os.path.isabs(name):
        return True
    try:
        st = os.lstat(name)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISSOCK(st.st_mode) and st.st_uid == os.getuid() and _is_private(os.path.dirname(name))


def encode_message(obj: dict) -> bytes:
    """One framed message: length prefix plus compact UTF-8 JSON."""
    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(data) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message of {len(data)} bytes is over the {MAX_MESSAGE_BYTES}-byte limit")
    return _HEADER.pack(len(data)) + data


class MessageReader:
    """Collects bytes as they arrive and returns the complete messages among them."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[dict]:
        """Add received bytes; returns the messages completed by them.

        Raises:
            ProtocolError: an oversized length, bad UTF-8, bad JSON or a non-object message.
        """
        self._buffer += data
        messages = []
        while len(self._buffer) >= _HEADER.size:
            (length,) = _HEADER.unpack_from(self._buffer)
            if length > MAX_MESSAGE_BYTES:
                raise ProtocolError(f"announced message of {length} bytes is over the limit")
            if len(self._buffer) < _HEADER.size + length:
                break
            payload = bytes(self._buffer[_HEADER.size : _HEADER.size + length])
            del self._buffer[: _HEADER.size + length]
            try:
                obj = json.loads(payload.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise ProtocolError(f"not a JSON message: {exc}") from exc
            if not isinstance(obj, dict):
                raise ProtocolError("a message must be a JSON object")
            messages.append(obj)
        return messages


def paths_of(request: dict) -> list[str]:
    """The paths of a request, checked.

    Raises:
        ProtocolError: a wrong version or paths that are not a list of strings.
    """
    if request.get("v") != PROTOCOL_VERSION:
        raise ProtocolError(f"unsupported protocol version {request.get('v')!r}")
    paths = request.get("paths", [])
    if not isinstance(paths, list) or not all(isinstance(p, str) and p for p in paths):
        raise ProtocolError("paths must be a list of non-empty strings")
    return paths


def send_paths(paths: list[str], name: str | None = None, timeout_ms: int = 3_000) -> bool:
    """Hand paths to a running app; True when it took them, False when none runs (or it did not answer).

    The paths should be absolute: the running app has its own working folder.
    """
    name = name or server_name()
    if not socket_is_ours(name):
        log.warning("not sending paths to %s: it is not this user's socket in a private folder", name)
        return False
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(min(timeout_ms, 1_000)):
        return False
    deadline = time.monotonic() + timeout_ms / 1000
    try:
        socket.write(encode_message({"v": PROTOCOL_VERSION, "paths": list(paths)}))
        if not socket.waitForBytesWritten(timeout_ms):
            log.warning("the running BOM Auditor did not take the request: %s", socket.errorString())
            return False
        reader = MessageReader()
        while True:
            left = int((deadline - time.monotonic()) * 1000)
            if left <= 0:
                log.warning("the running BOM Auditor did not answer within %d ms", timeout_ms)
                return False
            if socket.bytesAvailable() == 0 and not socket.waitForReadyRead(left):
                log.warning("no answer from the running BOM Auditor: %s", socket.errorString())
                return False
            answers = reader.feed(bytes(socket.readAll().data()))
            if answers:
                return answers[0].get("ok") is True
    except ProtocolError as exc:
        log.warning("bad answer from the running BOM Auditor: %s", exc)
        return False
    finally:
        socket.abort()


def server_is_alive(name: str, timeout_ms: int = 1_000) -> bool:
    """True when something accepts connections on name."""
    probe = QLocalSocket()
    probe.connectToServer(name)
    alive = probe.waitForConnected(timeout_ms)
    probe.abort()
    return alive


class _Connection(QObject):
    """One client of the server: reads one request, answers, closes; dropped after a timeout."""

    def __init__(self, socket: QLocalSocket, server: SingleInstanceServer) -> None:
        super().__init__(server)
        self._socket = socket
        self._server = server
        self._reader = MessageReader()
        self._done = False
        socket.setParent(self)
        socket.readyRead.connect(self._on_ready_read)
        socket.disconnected.connect(self._on_disconnected)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self._timer.start(CONNECTION_TIMEOUT_MS)

    def _on_ready_read(self) -> None:
        if self._done:
            return
        try:
            messages = self._reader.feed(bytes(self._socket.readAll().data()))
            if not messages:
                return
            paths = paths_of(messages[0])
        except ProtocolError as exc:
            log.warning("ignored a bad request from another BOM Auditor launch: %s", exc)
            self._finish({"v": PROTOCOL_VERSION, "ok": False, "error": str(exc)})
            return
        self._finish({"v": PROTOCOL_VERSION, "ok": True})
        self._server.pathsReceived.emit(paths)

    def _finish(self, answer: dict) -> None:
        self._done = True
        self._timer.stop()
        self._socket.write(encode_message(answer))
        self._socket.flush()
        self._socket.disconnectFromServer()

    def _on_timeout(self) -> None:
        log.warning("dropped a launch that connected but sent no complete request")
        self._server._connections.discard(self)
        self._socket.abort()
        self.deleteLater()

    def _on_disconnected(self) -> None:
        self._timer.stop()
        self._server._connections.discard(self)
        self.deleteLater()


class SingleInstanceServer(QObject):
    """The running app's end: listens for later launches and emits the paths they send."""

    #: A later launch asked to open these absolute paths (possibly none: just show the window).
    pathsReceived = Signal(list)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self._server = QLocalServer(self)
        # Only this user may connect (matters for a socket in the shared temp folder).
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_new_connection)
        # Python references keep each connection's wrapper (and its reader) alive until it ends.
        self._connections: set[_Connection] = set()

    def listen(self) -> bool:
        """Start listening; removes a stale socket left by a crash. False when another instance listens."""
        # Ask first: with UserAccessOption Qt binds in a private folder and renames the socket into place,
        # which would silently take the name from a live instance.
        if server_is_alive(self.name):
            return False
        if self._server.listen(self.name):
            return True
        if self._server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
            log.warning("cannot listen for other launches on %s: %s", self.name, self._server.errorString())
            return False
        if server_is_alive(self.name):
            return False
        log.info(
            "removing a stale single-instance socket %s (a previous run ended without closing it)", self.name
        )
        QLocalServer.removeServer(self.name)
        if self._server.listen(self.name):
            return True
        log.warning("cannot listen for other launches on %s: %s", self.name, self._server.errorString())
        return False

    def is_listening(self) -> bool:
        """True while later launches can reach this app."""
        return self._server.isListening()

    def close(self) -> None:
        """Stop listening (also removes the socket file on Unix)."""
        self._server.close()

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is not None:
                self._connections.add(_Connection(socket, self))
