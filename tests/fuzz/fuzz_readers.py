"""Coverage-guided fuzzing of read_bom with atheris, over mutated small xlsx, csv, ods, xls and html seeds.

Each input's first byte picks the file suffix (.xlsx, .csv, .ods, .xls); the rest is written to a temporary
file and read with read_bom. A BomReadError is the expected way to fail; any other exception, a hang
(-timeout) or memory beyond -rss_limit_mb is a finding, saved by libFuzzer as crash-*/timeout-*/oom-*.

    pip install atheris          # not a test dependency
    python tests/fuzz/fuzz_readers.py -atheris_runs=20000
    python tests/fuzz/fuzz_readers.py -max_total_time=300 corpus/   # keep a growing corpus

Not collected by pytest (the name does not start with test_).
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import zipfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["guiapp"]):
    from guiapp.ingest.reading import read_bom
    from guiapp.model import BomReadError

SUFFIXES = (".xlsx", ".csv", ".ods", ".xls")
_TMP = Path(tempfile.mkdtemp(prefix="fuzz-readers-"))


def _xlsx_seed() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BOM"
    ws.append(["Item", "Qty", "Manufacturer", "Mfr PN", "Description"])
    ws.append([1, 2, "Hikvision", "DS-2CD2043G2-I", "Camera"])
    ws.append([2, 1.5, "Murata", "GRM188R71H104KA93D", "=B2*2"])
    ws["F3"] = "=SUM(B2:B3)"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _ods_seed() -> bytes:
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    rows = "".join(
        "<table:table-row>" + "".join(cell.format(v) for v in row) + "</table:table-row>"
        for row in [["Manufacturer", "Part"], ["Hikvision", "DS-2CD"], ["Murata", "GRM188"]]
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="S">{rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED
        )
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content)
    return buf.getvalue()


def seeds() -> dict[str, bytes]:
    """Seed inputs: suffix byte + content. Stored workbooks (no compression) let mutations reach the XML."""
    xlsx = _xlsx_seed()
    stored = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
    csv_text = 'Item;Qty;Manufacturer;Mfr PN\r\n1;2;Hikvision;DS-2CD\r\n2;"1,5";"Mu""rata";GRM\r\n'
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
    import test_hostile_formats as formats

    cells = [formats._dims(0, 3, 0, 2), *formats._good_cells()]
    html = (
        "<html><table><tr><th>Manufacturer</th><th>PN</th></tr><tr><td>Hikvision</td><td>X</td></tr></table>"
    )
    return {
        "xlsx": bytes([0]) + xlsx,
        "xlsx-stored": bytes([0]) + stored.getvalue(),
        "csv": bytes([1]) + csv_text.encode("utf-8"),
        "csv-utf16": bytes([1]) + csv_text.encode("utf-16"),
        "csv-gb18030": bytes([1]) + "制造商,型号\r\n海康威视,DS\r\n".encode("gb18030"),
        "ods": bytes([2]) + _ods_seed(),
        "html-xls": bytes([3]) + html.encode("utf-8"),
        # BIFF8 records in a compound file, in the mini stream and in ordinary sectors (issue 13's .xls guard).
        "xls-mini": bytes([3]) + formats._ole2_mini(formats._workbook_stream(cells, pad=0)),
        "xls": bytes([3]) + formats.hostile._ole2({"Workbook": formats._workbook_stream(cells)}),
    }


def test_one_input(data: bytes) -> None:
    """Write the input to a file named by its first byte and read it; only BomReadError may escape."""
    if not data:
        return
    path = _TMP / f"input{SUFFIXES[data[0] % len(SUFFIXES)]}"
    path.write_bytes(data[1:])
    try:
        read_bom(path)
    except BomReadError as exc:
        message = str(exc)
        if "\n" in message or not message.startswith(f"{path.name}: "):
            raise AssertionError(f"not one clear line naming the file: {message!r}") from None


def main() -> None:
    """Run libFuzzer over a corpus folder (the seeds are written into a fresh one when none is given)."""
    args = list(sys.argv)
    inputs = [Path(a) for a in args[1:] if not a.startswith("-")]
    if inputs and all(p.is_file() for p in inputs):  # replaying crash files: no corpus to seed
        atheris.Setup(args, test_one_input)
        atheris.Fuzz()
        return
    folders = [p for p in inputs if not p.is_file()]
    if not folders:
        folders = [_TMP / "corpus"]
        args.append(str(folders[0]))
    corpus = folders[0]
    corpus.mkdir(parents=True, exist_ok=True)
    for name, data in seeds().items():  # always start from the seeds, also in a kept corpus
        (corpus / f"seed-{name}").write_bytes(data)
    # Targets from issue 7: every input within 30 s and 1.5 GB.
    for flag in ("-timeout=30", "-rss_limit_mb=1536", "-max_len=65536"):
        if not any(a.startswith(flag.split("=")[0] + "=") for a in args):
            args.insert(1, flag)
    os.environ.setdefault("RUST_BACKTRACE", "0")
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
