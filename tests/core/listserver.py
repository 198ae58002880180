"""A local HTTP server in a thread for the Update lists tests: serves files from a folder, never the internet.

Paths are looked up by their last part, so the server also answers a request made through it as a proxy
("GET http://lists.invalid/consolidated.csv"). `/slow/NAME` waits before answering (for timeouts).
"""

from __future__ import annotations

import contextlib
import email.utils
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Handler(BaseHTTPRequestHandler):
    server: ListServer

    def log_message(self, format, *args):  # noqa: A002 - keep test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.server.requests.append(self.path)
        parts = urllib.parse.urlsplit(self.path).path.strip("/").split("/")
        if parts[0] == "slow":
            self.server.release.wait(self.server.slow_seconds)
        path = self.server.folder / parts[-1]
        if not parts[-1] or not path.is_file():
            self.send_error(404, "File not found")
            return
        data = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(data)))
        # As web servers do: the file's modification time (how an update dates a file without a date inside).
        self.send_header("Last-Modified", email.utils.formatdate(path.stat().st_mtime, usegmt=True))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(data)


class ListServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, folder: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.folder = folder
        self.requests: list[str] = []
        self.release = threading.Event()
        self.slow_seconds = 30.0

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{name}"


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[ListServer]:
    """Serve folder on a free local port for the duration of the block."""
    server = ListServer(folder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
