"""Export faults on a machine that fills up or refuses: a clear line, nothing half-written, nothing lost.

Every case runs a real export of a really screened file (XML-patch, openpyxl and rebuilt backends) and breaks
the file system underneath it at the OS level: the bytes really go out until the fault, so a partial temporary
file really exists and must be gone afterwards. Each case checks what an auditor would notice: one line naming
the output and what to do, no stray file in the folder, an earlier export at the same path byte-identical, and
the input byte-identical.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet import _writer

from guiapp.evidence import atomic_output
from guiapp.evidence.export import ExportError, default_output_path, export_annotated
from guiapp.model import FileResult, ScreenOptions

ROWS = [
    ["Item", "Qty", "Manufacturer", "Mfr PN", "Description"],
    ["1", "2", "Texas Instruments", "LM317T", "Regulator"],
    ["2", "10", "Hikvision", "DS-2CD2043G2-I", "Camera"],
    ["3", "1", "Murata", "GRM188R71H104KA93D", "Cap 100nF"],
]

#: name -> (input suffix, export backend). The xlsx input exercises the XML patch and the openpyxl fallback;
#: the CSV input exercises the rebuilt (write-only openpyxl) path.
BACKENDS = {
    "xml-patch": (".xlsx", "xml-patch"),
    "openpyxl": (".xlsx", "openpyxl"),
    "rebuilt": (".csv", "auto"),
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_input(folder: Path, suffix: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"supplier bom{suffix}"
    if suffix == ".csv":
        path.write_text("\r\n".join(",".join(r) for r in ROWS) + "\r\n", encoding="utf-8")
    else:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "BOM"
        for r in ROWS:
            ws.append(r)
        ws.append([f"filler {i}" for i in range(5)])
        for i in range(300):  # enough data that a write fault lands mid-stream, not before the first byte
            ws.append([str(i), "1", f"Maker {i}", f"PN-{i:05d}", f"Part number {i} with some text"])
        wb.save(path)
    return path


@pytest.fixture(scope="module")
def screening():
    from guiapp.app.screener import load_lists as load_watchlists
    from guiapp.screening.screen import build_matcher, make_run_info

    options = ScreenOptions()
    watchlists = load_watchlists()
    return (
        build_matcher(watchlists, options.threshold),
        make_run_info(watchlists, options, "A. Auditor"),
        options,
    )


@pytest.fixture(params=list(BACKENDS))
def case(request, tmp_path: Path, screening):
    """(screened result, run info, backend, output path with an earlier good export already there)."""
    from guiapp.screening.screen import screen_file

    suffix, backend = BACKENDS[request.param]
    matcher, run, options = screening
    src = make_input(tmp_path / "in", suffix)
    result = screen_file(src, matcher, options)
    assert result.ok and result.hits, result.error
    out = default_output_path(src, tmp_path / "out")
    export_annotated(result, out, run, backend=backend)
    return result, run, backend, out


def folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def assert_one_line(message: str, name: str) -> None:
    assert "\n" not in message and "Traceback" not in message, message
    assert message.startswith(f"{name}: "), message
    assert len(message) < 300, message


def assert_nothing_lost(result: FileResult, out: Path, out_sha: str, listing: list[str], in_sha: str) -> None:
    # Whatever the failed export left half-open is finalised now, inside this test: a writer that prints
    # "Exception ignored ... Traceback" on its way out fails the test (pytest turns it into an error).
    gc.collect()
    assert not [p for p in _writer.ALL_TEMP_FILES if os.path.exists(p)], (
        "openpyxl temporary files left behind"
    )
    assert folder_listing(out.parent) == listing, "a partial or temporary file was left behind"
    assert sha256(out) == out_sha, "the earlier export was damaged"
    assert sha256(result.path) == in_sha, "the input file changed"
    with zipfile.ZipFile(out) as z:  # and it is still a whole workbook
        assert z.testzip() is None


class FullDiskFile(io.RawIOBase):
    """A writable file that takes ``room`` bytes and then fails like a full disk, as the OS would."""

    def __init__(self, real, room: int, err: int = errno.ENOSPC) -> None:
        self._real = real
        self._room = room
        self._err = err
        self.written = 0

    def write(self, b) -> int:
        data = bytes(b)
        left = self._room - self.written
        if left <= 0:
            raise OSError(self._err, os.strerror(self._err))
        n = self._real.write(data[:left])
        self._real.flush()
        self.written += n
        return n

    def __getattr__(self, name):
        return getattr(self._real, name)

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, pos, whence=0):
        return self._real.seek(pos, whence)

    def tell(self):
        return self._real.tell()

    def read(self, n=-1):
        return self._real.read(n)

    def readinto(self, b):
        return self._real.readinto(b)

    def truncate(self, size=None):
        return self._real.truncate(size)

    def flush(self) -> None:
        self._real.flush()

    def fileno(self) -> int:
        return self._real.fileno()

    def close(self) -> None:
        if not self.closed:
            super().close()  # flushes through self.flush first
            self._real.close()


def fill_disk_after(monkeypatch, room: int, err: int = errno.ENOSPC) -> list[FullDiskFile]:
    """Make the export's output file run out of space after ``room`` bytes really written."""
    made: list[FullDiskFile] = []
    real_fdopen = os.fdopen

    def fdopen(fd, mode="r", *args, **kwargs):
        fh = real_fdopen(fd, mode, *args, **kwargs)
        if "w" in mode or "+" in mode:
            made.append(FullDiskFile(fh, room, err))
            return made[-1]
        return fh

    monkeypatch.setattr(atomic_output.os, "fdopen", fdopen)
    return made


@pytest.mark.parametrize("room", [0, 3000])
def test_disk_full_mid_export(case, monkeypatch, room: int):
    result, run, backend, out = case
    before_out, before_in, listing = sha256(out), sha256(result.path), folder_listing(out.parent)
    files = fill_disk_after(monkeypatch, room)
    with pytest.raises(ExportError) as info:
        export_annotated(result, out, run, backend=backend)
    assert files and files[0].written == room, "the fault did not happen mid-write"
    message = str(info.value)
    assert_one_line(message, out.name)
    assert "disk is full" in message and "free" in message and "another folder" in message
    assert_nothing_lost(result, out, before_out, listing, before_in)
    # With space again, the same export goes through: no state was left behind by the failure.
    monkeypatch.undo()
    export_annotated(result, out, run, backend=backend)
    assert openpyxl.load_workbook(out, read_only=True).sheetnames[-1] == "Audit manifest"


def test_disk_full_reported_only_at_fsync(case, monkeypatch):
    """Delayed allocation: every write 'succeeds' and the full disk shows at fsync."""
    result, run, backend, out = case
    before_out, before_in, listing = sha256(out), sha256(result.path), folder_listing(out.parent)

    def fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_output.os, "fsync", fsync)
    with pytest.raises(ExportError, match="disk is full") as info:
        export_annotated(result, out, run, backend=backend)
    assert_one_line(str(info.value), out.name)
    assert_nothing_lost(result, out, before_out, listing, before_in)


def test_disk_quota_exceeded_reads_like_a_full_disk(case, monkeypatch):
    result, run, backend, out = case
    before_out, before_in, listing = sha256(out), sha256(result.path), folder_listing(out.parent)
    fill_disk_after(monkeypatch, 1000, errno.EDQUOT)
    with pytest.raises(ExportError) as info:
        export_annotated(result, out, run, backend=backend)
    assert_one_line(str(info.value), out.name)
    assert "full" in str(info.value) and "another folder" in str(info.value)
    assert_nothing_lost(result, out, before_out, listing, before_in)


def test_destination_folder_is_a_file(case):
    """A "folder" that is really a file: as root, chmod cannot make a folder unwritable, this always fails."""
    result, run, backend, out = case
    before_in = sha256(result.path)
    blocker = out.parent / "report.txt"
    blocker.write_text("not a folder")
    listing = folder_listing(out.parent)
    for target in (blocker / "o.xlsx", blocker / "deeper" / "o.xlsx"):
        with pytest.raises(ExportError) as info:
            export_annotated(result, target, run, backend=backend)
        assert_one_line(str(info.value), "o.xlsx")
        assert "folder" in str(info.value)
    assert blocker.read_text() == "not a folder"
    assert folder_listing(out.parent) == listing
    assert sha256(result.path) == before_in


def test_destination_not_writable(case, monkeypatch):
    result, run, backend, out = case
    before_out, before_in, listing = sha256(out), sha256(result.path), folder_listing(out.parent)

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic_output.tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError, match="choose a folder you can write to") as info:
        export_annotated(result, out, run, backend=backend)
    assert_one_line(str(info.value), out.name)
    assert str(out.parent) in str(info.value)
    assert_nothing_lost(result, out, before_out, listing, before_in)


def test_read_only_file_system(case, monkeypatch):
    result, run, backend, out = case
    before_out, before_in, listing = sha256(out), sha256(result.path), folder_listing(out.parent)

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(atomic_output.tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError, match="read-only; choose another folder") as info:
        export_annotated(result, out, run, backend=backend)
    assert_one_line(str(info.value), out.name)
    assert_nothing_lost(result, out, before_out, listing, before_in)


def test_output_locked_by_another_program(case, monkeypatch):
    """Windows refuses to replace a file Excel holds open: os.replace raises PermissionError."""
    result, run, backend, out = case
    before_out, before_in, listing = sha256(out), sha256(result.path), folder_listing(out.parent)

    def locked(src, dst):
        raise PermissionError(errno.EACCES, "The process cannot access the file because it is being used")

    monkeypatch.setattr(atomic_output.os, "replace", locked)
    with pytest.raises(ExportError, match="in use by another program; close it") as info:
        export_annotated(result, out, run, backend=backend)
    assert_one_line(str(info.value), out.name)
    assert_nothing_lost(result, out, before_out, listing, before_in)


def test_existing_output_is_kept_when_overwriting_is_off(case):
    result, run, backend, out = case
    before_out, before_in, listing = sha256(out), sha256(result.path), folder_listing(out.parent)
    with pytest.raises(ExportError, match="already exists; choose another name") as info:
        export_annotated(result, out, run, backend=backend, overwrite=False)
    assert_one_line(str(info.value), out.name)
    assert_nothing_lost(result, out, before_out, listing, before_in)


def test_a_folder_in_the_way_of_the_output(case):
    """A folder named like the output (a copy that unzipped itself, a sync tool): named, not overwritten."""
    result, run, backend, _ = case
    before_in = sha256(result.path)
    target = result.path.parent / "in the way.xlsx"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    listing = folder_listing(target.parent)
    with pytest.raises(ExportError) as info:
        export_annotated(result, target, run, backend=backend)
    assert_one_line(str(info.value), target.name)
    assert "folder" in str(info.value) and "another name" in str(info.value)
    assert (target / "keep.txt").read_text() == "mine"
    assert folder_listing(target.parent) == listing
    assert sha256(result.path) == before_in


def test_input_cannot_be_read_is_not_blamed_on_the_output(tmp_path: Path, screening, monkeypatch):
    """A read fault on the input (a network share dropping) names the input, not the destination folder."""
    from guiapp.screening.screen import screen_file

    matcher, run, options = screening
    src = make_input(tmp_path / "in", ".xlsx")
    result = screen_file(src, matcher, options)
    out = tmp_path / "out" / "o.xlsx"
    real_open = Path.open

    def flaky_open(self, mode="r", *args, **kwargs):
        if self == src and "r" in mode:
            raise OSError(errno.EIO, "Input/output error")
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", flaky_open)
    with pytest.raises(ExportError) as info:
        export_annotated(result, out, run)
    assert_one_line(str(info.value), src.name)
    assert not out.exists()


# --------------------------------------------------------------------------------------------------------------
# The same through the CLI: exit 2, one clear line, no traceback.


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "guiapp.cli.main", "screen", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        env={**os.environ, "PYTHONFAULTHANDLER": ""},
    )


@pytest.mark.parametrize("under", ["file", "file/sub"])
def test_cli_unwritable_out_folder(tmp_path: Path, under: str):
    src = make_input(tmp_path / "in", ".xlsx")
    before = sha256(src)
    (tmp_path / "file").write_text("not a folder")
    proc = _cli("--out", str(tmp_path / under), str(src), cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert under in lines[0] and "folder" in lines[0], lines[0]
    assert sha256(src) == before
    assert (tmp_path / "file").read_text() == "not a folder"


def test_cli_export_failure_exits_2_without_a_traceback(tmp_path: Path):
    """The folder is fine but the output name is taken by a folder: the export fails, the run says so."""
    src = make_input(tmp_path / "in", ".xlsx")
    before = sha256(src)
    out = tmp_path / "out"
    (out / default_output_path(src).name).mkdir(parents=True)
    # --force: past the refusal to replace existing evidence, the export itself meets the folder.
    proc = _cli("--out", str(out), "--force", str(src), cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert f"{src.stem}.audited.xlsx: " in proc.stdout + proc.stderr
    assert folder_listing(out) == [f"{src.stem}.audited.xlsx"]
    assert sha256(src) == before


def test_cli_export_failure_names_the_problem_on_stderr(tmp_path: Path):
    src = make_input(tmp_path / "in", ".xlsx")
    out = tmp_path / "out"
    (out / default_output_path(src).name).mkdir(parents=True)
    proc = _cli("--out", str(out), "--force", str(src), cwd=tmp_path)
    errors = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("error: ") and ".audited.xlsx: " in errors[0], (
        proc.stderr
    )


def test_cancel_mid_rebuild_leaves_no_temporary_file_anywhere(tmp_path: Path, screening):
    """Cancelling a rebuilt export while its sheets are half-written: nothing in the folder or the temp folder."""
    from guiapp.model import Cancelled, CancelToken
    from guiapp.screening.screen import screen_file

    matcher, run, options = screening
    src = make_input(tmp_path / "in", ".csv")
    result = screen_file(src, matcher, options)
    out = tmp_path / "out" / "o.xlsx"
    token = CancelToken()

    def progress(done, total, message):
        if message.startswith("Adding findings"):
            token.cancel()  # the BOM's sheet is written, the new sheets are not

    with pytest.raises(Cancelled):
        export_annotated(result, out, run, progress=progress, cancel=token)
    gc.collect()
    assert not [p for p in _writer.ALL_TEMP_FILES if os.path.exists(p)]
    assert folder_listing(out.parent) == []
