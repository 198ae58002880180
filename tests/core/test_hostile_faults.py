"""File-system faults and lying text files through the real CLI (issue 13): no hang, no silence, no false clear.

A FIFO or /dev/zero used to hang the run forever, an unreadable subfolder was skipped without a word, an
HTML table inside one CSV cell turned the whole CSV into a web page (0 hits, exit 0) and an unclosed quote
swallowed the rest of a CSV into one cell (exit 0 with a listed maker below it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
_LIMIT_S = 60.0


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "guiapp.cli.main", "screen", *args],
        capture_output=True,
        text=True,
        timeout=_LIMIT_S,  # a hang fails the test instead of stalling the suite
        cwd=ROOT,
        env={**os.environ},
    )


def _good_csv(folder: Path, name: str = "good.csv") -> Path:
    p = folder / name
    p.write_text("Manufacturer,MPN\nHikvision,DS-2CD2043G2-I\nMurata,GRM188\n", encoding="utf-8")
    return p


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_in_a_folder_is_skipped_and_given_directly_is_refused(tmp_path: Path) -> None:
    _good_csv(tmp_path)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    proc = _cli(str(tmp_path))  # the folder: the pipe is not a BOM file, the good file is screened
    assert proc.returncode == 1, proc.stderr
    assert "pipe.csv" not in proc.stdout
    proc = _cli(str(fifo))
    assert proc.returncode == 2
    assert (
        proc.stderr.strip() == "error: pipe.csv: is a named pipe (FIFO), not a file: only files are screened"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_device_is_refused_without_reading_it() -> None:
    proc = _cli("/dev/zero")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: zero: is a device, not a file: only files are screened"
    assert "Traceback" not in proc.stderr


def test_unlistable_subfolder_is_reported_not_skipped(tmp_path: Path, monkeypatch, capsys) -> None:
    """Permissions cannot lock out root (CI may run as root), so listing the folder is made to fail."""
    from guiapp.cli.main import main

    _good_csv(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    _good_csv(locked, "hidden-from-us.csv")
    real_scandir = os.scandir

    def scandir(path=".", *args, **kwargs):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    status = main(["screen", "--json", str(tmp_path)])
    out, err = capsys.readouterr()
    assert status == 2  # hits in good.csv, but a folder was not screened: never 0 or 1
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert files["good.csv"]["hits"]
    assert files["locked"]["status"] == "error"
    assert "could not be listed (Permission denied)" in files["locked"]["error"]


def test_html_table_inside_a_csv_cell_keeps_the_file_a_csv(tmp_path: Path) -> None:
    p = tmp_path / "note.csv"
    p.write_text(
        'Manufacturer,MPN,Note\nTI,LM317,"<table><tr><td>x</td></tr></table>"\nHikvision,DS-2CD,ok\n',
        encoding="utf-8",
    )
    proc = _cli("--json", str(p))
    assert proc.returncode == 1, proc.stderr  # Hikvision found: the rows were read as CSV
    doc = json.loads(proc.stdout)
    assert doc["files"][0]["hits"][0]["value"] == "Hikvision"


def test_unclosed_quote_does_not_hide_the_rows_after_it(tmp_path: Path) -> None:
    p = tmp_path / "quote.csv"
    p.write_text(
        'Manufacturer,MPN\n"TI,LM317\nMurata,GRM\nHikvision,DS-2CD\nYAGEO,RC0402\n', encoding="utf-8"
    )
    proc = _cli("--json", str(p))
    assert proc.returncode == 1, proc.stderr
    entry = json.loads(proc.stdout)["files"][0]
    assert [h["value"] for h in entry["hits"]] == ["Hikvision"]
    assert any("never closed" in w for w in entry["warnings"])


def test_csv_of_only_quotes_is_not_clear(tmp_path: Path) -> None:
    p = tmp_path / "quotes.csv"
    p.write_text('""""""""""""\n""""""\n"""', encoding="utf-8")
    proc = _cli(str(p))
    assert proc.returncode == 2, proc.stdout
    assert "NOT SCREENED" in proc.stdout


def test_csv_wider_than_a_spreadsheet_is_one_clear_error(tmp_path: Path) -> None:
    """20,000 fields per record: more than column XFD; refused while parsing, then the batch goes on."""
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(20_000)) + "\n" + ",".join(["Hikvision"] * 20_000) + "\n")
    _good_csv(tmp_path)
    out = tmp_path / "out"
    proc = _cli("--out", str(out), str(tmp_path))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert (
        "error: wide.csv: record 1 has 20,000 fields, more than the 16,384 columns a spreadsheet holds; "
        "check the delimiter, or split the table"
    ) in proc.stderr
    assert (out / "good.audited.xlsx").exists()


def test_html_past_the_cell_limit_is_refused(tmp_path: Path, monkeypatch) -> None:
    from guiapp.ingest import text_tables
    from guiapp.ingest.reading import read_bom
    from guiapp.model import BomReadError

    monkeypatch.setattr(text_tables, "MAX_TEXT_CELLS", 50)
    p = tmp_path / "erp.xls"
    p.write_text("<table>" + "<tr><td>a</td><td colspan='9'>b</td></tr>" * 10 + "</table>", encoding="utf-8")
    with pytest.raises(BomReadError, match="more than 1,048,576 rows, 16,384 columns or 50 cells"):
        read_bom(p)


@given(
    st.lists(
        st.lists(st.text(alphabet=st.sampled_from('ab,;"\t\n\r <>x'), max_size=8), min_size=1, max_size=5),
        min_size=1,
        max_size=8,
    ),
)
def test_property_any_delimited_text_reads_or_fails_in_one_line(tmp_path_factory, rows) -> None:
    """Quotes, delimiters, markup and line breaks in any order: a Bom or one BomReadError, nothing else."""
    from guiapp.ingest.reading import read_bom
    from guiapp.model import BomReadError

    p = tmp_path_factory.mktemp("prop") / "t.csv"
    p.write_text("\n".join(",".join(r) for r in rows) + "\nHikvision,X\n", encoding="utf-8")
    try:
        bom = read_bom(p)
    except BomReadError as exc:
        assert "\n" not in str(exc)
        return
    # The listed maker on the last line is never swallowed into a cell of some earlier record: it starts a
    # cell of its own (quotes taken as text may leave a quote character after it, never before it).
    cells = [c for s in bom.sheets for r in s.rows for c in r]
    assert any(c.startswith("Hikvision") for c in cells), cells


def test_file_changed_while_read_is_reported_not_hashed_wrongly(tmp_path: Path) -> None:
    """The SHA-256 in the evidence is of the bytes screened: a file written to during the read is refused."""
    from guiapp.ingest.reading import read_bom
    from guiapp.model import BomReadError

    p = _good_csv(tmp_path)

    def writer_meanwhile(*_args) -> None:
        with p.open("a", encoding="utf-8") as fh:
            fh.write("ZTE,ZX1\n")

    with pytest.raises(BomReadError, match="changed while it was being read"):
        read_bom(p, progress=writer_meanwhile)
    assert read_bom(p).sheets[0].rows[-1] == ["ZTE", "ZX1"]  # read again once complete: all of it


def _escape_csv(folder: Path) -> Path:
    """A BOM whose cells and file name carry terminal escape sequences (clear screen, retitle, red)."""
    name = "esc\x1b[31m.csv"
    p = folder / name
    rows = ["Manufacturer,MPN,Note"] + [f"Maker{i},PN{i},fine" for i in range(40)]
    rows.append("Hikvision\x1b[2J,DS-2CD\x1b]0;pwned\x07,\u202eevil")
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return p


def test_escape_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    _escape_csv(tmp_path)
    proc = _cli(str(tmp_path))
    assert proc.returncode == 1, proc.stderr
    for stream in (proc.stdout, proc.stderr):
        assert "\x1b" not in stream and "\x07" not in stream and "\u202e" not in stream
    assert "esc\\x1b[31m.csv" in proc.stdout  # shown, escaped
    proc = _cli("--json", str(tmp_path))
    doc = json.loads(proc.stdout)  # still valid JSON, and the text is kept exactly
    assert "\x1b" not in proc.stdout and "\u202e" not in proc.stdout
    assert doc["files"][0]["path"].endswith("esc\x1b[31m.csv")
    assert any(h["value"].startswith("Hikvision") for h in doc["files"][0]["hits"])


@pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="needs a file system that takes any bytes in a name"
)
def test_file_name_that_is_not_utf8_with_report(tmp_path: Path) -> None:
    """Used to end in a traceback with exit 1: the name could not be printed, logged, sealed or written."""
    folder = tmp_path / "in"
    folder.mkdir()
    bad = os.fsdecode(b"bad\xff\x1b[31mname.csv")
    (folder / bad).write_text("Manufacturer,MPN\nHikvision,DS-2CD\n", encoding="utf-8")
    _good_csv(folder)
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "guiapp.cli.main",
            "screen",
            "--out",
            str(out),
            "--report",
            "--no-pdf",
            str(folder),
        ],
        capture_output=True,
        timeout=_LIMIT_S,
        cwd=ROOT,
    )
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1, err  # hits in both files, everything screened and written
    assert "Traceback" not in err and "Logging error" not in err
    assert "bad\\udcff\\x1b[31mname.audited.xlsx" in err  # "wrote ...", escaped
    assert (out / os.fsdecode(b"bad\xff\x1b[31mname.audited.xlsx")).exists()
    report = (out / "audit-report.html").read_text(encoding="utf-8")
    assert "bad\\xff\\x1b[31mname.csv" in report


def test_ten_concurrent_list_imports_keep_all_ten(tmp_path: Path) -> None:
    """Each import reads, extends and rewrites the index: without a lock across processes some were lost."""
    files = []
    for i in range(10):
        p = tmp_path / f"own-list-{i}.csv"
        p.write_text(f"name,notes\nConcurrent Maker {i} Ltd,import {i}\n", encoding="utf-8")
        files.append(p)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "guiapp.cli.main", "lists", "import", str(p), "--name", f"own {i}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for i, p in enumerate(files)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=_LIMIT_S * 2)
        assert proc.returncode == 0, err
    from guiapp.lists.store import ListStore

    assert sorted(r.name for r in ListStore().records()) == sorted(f"own {i}" for i in range(10))


@pytest.mark.parametrize("damage", ["{not json", "[1, 2]", '{"lists": [{"name": 3}]}', '{"lists": 7}'])
def test_damaged_list_index_is_one_line_exit_2(tmp_path: Path, damage: str) -> None:
    from guiapp.lists.store import ListStore

    index = ListStore().index_file
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text(damage, encoding="utf-8")
    bom = _good_csv(tmp_path)
    for args in (["lists"], ["screen", str(bom)]):
        proc = subprocess.run(
            [sys.executable, "-m", "guiapp.cli.main", *args],
            capture_output=True,
            text=True,
            timeout=_LIMIT_S,
            cwd=ROOT,
        )
        assert proc.returncode == 2, (args, proc.stdout)
        assert "Traceback" not in proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and str(index) in lines[0] and "move it away" in lines[0], proc.stderr


def test_second_run_does_not_screen_the_first_runs_outputs_even_renamed(tmp_path: Path) -> None:
    from guiapp.evidence.plan_types import FINDINGS_SHEET, MANIFEST_SHEET
    from guiapp.ingest.reading import OWN_OUTPUT_SHEETS

    assert OWN_OUTPUT_SHEETS == (FINDINGS_SHEET, MANIFEST_SHEET)
    folder = tmp_path / "boms"
    folder.mkdir()
    _good_csv(folder)
    proc = _cli("--out", str(folder / "out"), str(folder))
    assert proc.returncode == 1, proc.stderr
    (folder / "out" / "good.audited.xlsx").rename(folder / "out" / "good-renamed.xlsx")
    proc = _cli("--json", str(folder))
    names = [Path(f["path"]).name for f in json.loads(proc.stdout)["files"]]
    assert names == ["good.csv"]


def test_temp_files_of_a_killed_run_are_removed_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = out / f".good.audited.xlsx.bom-auditor-{int(dead.stdout)}.x1y2z3.tmp"
    stale.write_bytes(b"half a copy")
    alive = out / f".other.xlsx.bom-auditor-{os.getpid()}.a1b2c3.tmp"  # a run still writing: left alone
    alive.write_bytes(b"in progress")
    unrelated = out / ".notes.tmp"
    unrelated.write_bytes(b"not ours")
    proc = _cli("--out", str(out), str(_good_csv(tmp_path)))
    assert proc.returncode == 1, proc.stderr
    assert not stale.exists() and alive.exists() and unrelated.exists()
    assert (out / "good.audited.xlsx").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_sigterm_mid_export_exits_130_and_leaves_no_temp_file(tmp_path: Path) -> None:
    import signal
    import time

    big = tmp_path / "big.csv"
    rows = ["Manufacturer,MPN,Description"] + [f"Maker {i},PN{i},Resistor {i}" for i in range(150_000)]
    big.write_text("\n".join(rows) + "\nHikvision,DS-2CD,camera\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "guiapp.cli.main", "screen", "--out", str(out), str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    saw_temp = False
    deadline = time.monotonic() + _LIMIT_S
    while proc.poll() is None and time.monotonic() < deadline:
        if any(p.name.endswith(".tmp") for p in out.iterdir()):
            saw_temp = True
            proc.send_signal(signal.SIGTERM)
            break
        time.sleep(0.005)
    _, err = proc.communicate(timeout=_LIMIT_S)
    assert saw_temp, "the export ended before a temporary file was seen; make the input larger"
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert list(out.iterdir()) == []


def test_cell_longer_than_a_spreadsheet_cell_is_warned_and_kept_whole(tmp_path: Path) -> None:
    """40,000 characters in one cell: the copy can keep 32,767; the Findings sheet and the report keep all."""
    import openpyxl

    long_text = "Hikvision " + "x" * 39_980 + " END-OF-CELL"
    p = tmp_path / "long.csv"
    p.write_text(f'Manufacturer,MPN\n"{long_text}",DS-2CD\n', encoding="utf-8")
    out = tmp_path / "out"
    proc = _cli("--json", "--out", str(out), "--report", "--no-pdf", str(p))
    assert proc.returncode == 1, proc.stderr
    entry = json.loads(proc.stdout)["files"][0]
    warning = next(w for w in entry["warnings"] if "32,767" in w)
    assert "cell A2 holds 40,002 characters" in warning and "Findings sheet and the report" in warning
    wb = openpyxl.load_workbook(out / "long.audited.xlsx", read_only=True)
    rows = list(wb["Findings"].iter_rows(values_only=True))
    head = list(rows[0])
    first = rows[1]
    text = first[head.index("Cell text")] + first[head.index("Cell text (continued 2)")]
    assert text == long_text
    report = (out / "audit-report.html").read_text(encoding="utf-8")
    assert "END-OF-CELL" in report
    proc = subprocess.run(
        [sys.executable, "-m", "guiapp.cli.main", "verify", str(out / "long.audited.xlsx")],
        capture_output=True,
        text=True,
        timeout=_LIMIT_S,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr  # the seal covers the continued text too


def test_batch_of_a_hostile_folder_goes_on_and_reports_every_problem(tmp_path: Path, monkeypatch) -> None:
    """The batch dialog's path (app.batch.run_batch): a bomb, a pipe, a folder that cannot be listed and a
    renamed copy beside a good BOM. The good file is screened and exported; each problem is one line."""
    sys.path.insert(0, str(Path(__file__).parent))
    import test_hostile_formats as formats

    from guiapp.app.batch import run_batch
    from guiapp.app.screener import Screener, screen_options
    from guiapp.settings import load_settings

    folder = tmp_path / "boms"
    folder.mkdir()
    _good_csv(folder)
    formats.CASES["xls: cell at row 65,536, column 65,536"][0](folder)
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.csv")
    locked = folder / "locked"
    locked.mkdir()
    _good_csv(locked, "unseen.csv")
    real_scandir = os.scandir

    def scandir(path=".", *args, **kwargs):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    out = tmp_path / "out"
    outcome = run_batch(
        folder,
        out,
        load_screener=lambda: Screener.load(screen_options(load_settings()), use_builtin=True),
        report_stem=None,
    )
    by_name = {r.path.name: r for r in outcome.results}
    assert set(by_name) == {"good.csv", "far.xls", "locked"}  # the pipe is not a BOM file
    assert by_name["good.csv"].hits and (out / "good.audited.xlsx").exists()
    assert "too many to read safely" in by_name["far.xls"].error
    assert "could not be listed" in by_name["locked"].error
    assert all("\n" not in e for e in outcome.errors)


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="FIFOs and /dev/zero")
def test_list_files_that_are_pipes_or_devices_are_refused(tmp_path: Path) -> None:
    """`lists import /dev/zero` read until memory ran out; a FIFO given as --watchlist hung the run."""
    fifo = tmp_path / "list.csv"
    os.mkfifo(fifo)
    bom = _good_csv(tmp_path)
    for args, shown in (
        (["lists", "import", "/dev/zero", "--dry-run"], "zero: cannot open the file (a device)"),
        (
            ["screen", "--watchlist", str(fifo), str(bom)],
            "list.csv: cannot open the file (a named pipe (FIFO))",
        ),
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "guiapp.cli.main", *args],
            capture_output=True,
            text=True,
            timeout=_LIMIT_S,
            cwd=ROOT,
        )
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.strip() == f"bom-auditor-cli: error: {shown}"


def test_next_start_removes_what_a_killed_run_left_in_the_app_folders(tmp_path: Path) -> None:
    from guiapp.settings import app_dirs

    dirs = app_dirs()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    (dirs.data / "lists").mkdir(parents=True, exist_ok=True)
    stale = [
        dirs.config / f".settings.json.bom-auditor-{int(dead.stdout)}.abc123.tmp",
        dirs.data / "lists" / f".index.json.bom-auditor-{int(dead.stdout)}.def456.tmp",
    ]
    for p in stale:
        p.write_text("{half", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "guiapp.cli.main", "lists"],
        capture_output=True,
        text=True,
        timeout=_LIMIT_S,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert not any(p.exists() for p in stale)


_html_cell = st.tuples(
    st.sampled_from(["td", "th"]),
    st.integers(0, 2000),  # colspan (the reader keeps 1..999, treats the rest as 1)
    st.text(alphabet=st.sampled_from("Hikvsion <>&;\"'x"), max_size=12),
)


@given(
    tables=st.lists(
        st.lists(st.lists(_html_cell, max_size=5), min_size=1, max_size=6), min_size=1, max_size=3
    ),
    nested=st.booleans(),
)
def test_property_html_tables_read_or_fail_in_one_line(tmp_path_factory, tables, nested) -> None:
    """Web-ERP pages of any shape (colspans, stray markup, a table in a cell): a Bom with every row no wider
    than the limit, or one BomReadError line, never anything else."""
    from guiapp.ingest import text_tables
    from guiapp.ingest.reading import read_bom
    from guiapp.model import BomReadError

    parts = []
    for rows in tables:
        body = "".join(
            "<tr>" + "".join(f'<{tag} colspan="{span}">{text}</{tag}>' for tag, span, text in row) + "</tr>"
            for row in rows
        )
        parts.append(f"<table>{body}</table>")
    page = "<html><body>" + (
        "<table><tr><td>" + "".join(parts) + "</td></tr></table>" if nested else "".join(parts)
    )
    p = tmp_path_factory.mktemp("html") / "erp.xls"
    p.write_text(
        page + "<table><tr><td>Manufacturer</td></tr><tr><td>Hikvision</td></tr></table>", encoding="utf-8"
    )
    try:
        bom = read_bom(p)
    except BomReadError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("erp.xls: ")
        return
    assert all(len(r) <= text_tables.MAX_TEXT_COLUMNS for s in bom.sheets for r in s.rows)
    assert any("Hikvision" in c for s in bom.sheets for r in s.rows for c in r)
