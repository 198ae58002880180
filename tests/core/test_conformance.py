"""Producer conformance corpus: workbooks written by every program auditors get BOMs from, annotated by the XML patch.

Each producer writes the same small BOM (text, numbers, dates, booleans, a formula with its cached value, rich text,
merged cells, frozen panes, a hidden sheet and whatever else the producer can add: tables, defined names, charts,
images, comments, data validation, a VBA project). Each file is read, screened against the built-in list and
exported with the XML-patch backend (no fallback), and the copy must:

* have every XML part well formed (namespaces included: an unbound prefix is a parse error);
* open in openpyxl and in calamine;
* keep every original cell value (formula text through openpyxl, cached values through calamine);
* carry the status columns, the Findings sheet and a seal that verifies;
* convert with LibreOffice headless (one slow test, skipped when soffice is absent).

pandas is not a dependency: its two engines are openpyxl and XlsxWriter, so its files are reproduced by writing
the layout pandas writes (index column, bold bordered header) through those two producers.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from guiapp.evidence.export import export_annotated
from guiapp.evidence.verify import verify_copy
from guiapp.lists.watchlist import load_builtin
from guiapp.model import ScreenOptions, column_index
from guiapp.screening.screen import build_matcher, make_run_info, screen_file
from tests.core.test_xlsxpatch import add_parts, tiny_png

REAL_BOMS = Path(__file__).resolve().parents[3] / "shared" / "real-boms"
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

HEADER = ["Item", "Manufacturer", "Part number", "Description", "Qty", "Unit price", "Needed by", "RoHS"]
DATA = [
    [1, "Hikvision", "DS-2CD2143", "Camera, 4 MP", 2, 129.5, dt.datetime(2024, 3, 1), True],
    [2, "Dahua Technology", "IPC-HFW", "Bullet camera", 1, 99.25, dt.datetime(2024, 3, 15), False],
    [3, "Texas Instruments", "LM358", "Op amp", 10, 0.42, dt.datetime(2024, 4, 2), True],
    [4, "Murata", "GRM188", "Capacitor 100n", 250, 0.01, dt.datetime(2024, 4, 2), True],
]

# openpyxl in a child process, so it can be made to run with or without lxml (openpyxl decides at import).
OPENPYXL_SCRIPT = textwrap.dedent(
    """
    import sys, datetime, datetime as dt
    if sys.argv[2] == "no-lxml":
        sys.modules["lxml"] = None
    import openpyxl
    from openpyxl.xml import LXML
    assert LXML == (sys.argv[2] == "lxml"), LXML
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.styles import Border, Font, Side, Alignment
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.table import Table
    header, data, layout = {header!r}, {data!r}, sys.argv[3]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BOM"
    if layout == "pandas":
        # What DataFrame.to_excel writes: an index column and a bold, bordered, centred header.
        thin = Side(style="thin")
        for c, title in enumerate(header, start=2):
            cell = ws.cell(row=1, column=c, value=title)
            cell.font = Font(bold=True)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(horizontal="center", vertical="top")
        for r, row in enumerate(data, start=2):
            ws.cell(row=r, column=1, value=r - 2).font = Font(bold=True)
            for c, v in enumerate(row, start=2):
                cell = ws.cell(row=r, column=c, value=v)
                if isinstance(v, dt.datetime):
                    cell.number_format = "YYYY-MM-DD HH:MM:SS"
    else:
        ws["A1"] = "Project Falcon BOM"
        ws.merge_cells("A1:D1")
        ws.append([])
        ws.append(header)
        for row in data:
            ws.append(row)
        ws["D5"] = CellRichText([TextBlock(InlineFont(b=True), "Bullet"), " camera"])
        ws["I4"] = "=E4*F4"
        ws["B4"].comment = Comment("check this supplier", "QA")
        ws.freeze_panes = "A4"
        dv = DataValidation(type="list", formula1='"1,2,3"', allow_blank=True)
        ws.add_data_validation(dv)
        dv.add("E4:E20")
        ws.add_table(Table(displayName="Parts", ref="A3:H7"))
        chart = BarChart()
        chart.add_data(Reference(ws, min_col=5, min_row=3, max_row=7), titles_from_data=True)
        ws.add_chart(chart, "K12")
        wb.defined_names["Quantities"] = DefinedName("Quantities", attr_text="BOM!$E$4:$E$7")
        hidden = wb.create_sheet("Totals")
        hidden["A1"], hidden["B1"] = "Total qty", "=SUM(BOM!E4:E7)"
        hidden.sheet_state = "hidden"
    wb.save(sys.argv[1])
    """
).format(header=HEADER, data=DATA)


def openpyxl_producer(lxml: bool, layout: str = "bom") -> Callable[[Path], None]:
    def write(path: Path) -> None:
        if lxml:
            pytest.importorskip("lxml")
        mode = "lxml" if lxml else "no-lxml"
        subprocess.run(
            [sys.executable, "-c", OPENPYXL_SCRIPT, str(path), mode, layout], check=True, timeout=120
        )
        if layout == "bom":
            add_parts(path, image=True)  # openpyxl drops images it did not make; add one by hand

    return write


def xlsxwriter_producer(constant_memory: bool = False, layout: str = "bom") -> Callable[[Path], None]:
    def write(path: Path) -> None:
        xlsxwriter = pytest.importorskip("xlsxwriter")
        # constant_memory writes every string inline (t="inlineStr"); the default uses shared strings.
        wb = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
        ws = wb.add_worksheet("BOM")
        bold = wb.add_format({"bold": True})
        date = wb.add_format({"num_format": "yyyy-mm-dd"})
        if layout == "pandas":
            head = wb.add_format({"bold": True, "border": 1, "align": "center", "valign": "top"})
            for c, title in enumerate(HEADER, start=1):
                ws.write(0, c, title, head)
            for r, row in enumerate(DATA, start=1):
                ws.write_number(r, 0, r - 1, head)
                for c, v in enumerate(row, start=1):
                    ws.write_datetime(r, c, v, date) if isinstance(v, dt.datetime) else ws.write(r, c, v)
            wb.close()
            return
        ws.merge_range("A1:D1", "Project Falcon BOM", bold)
        ws.write_row(2, 0, HEADER, bold)
        for r, row in enumerate(DATA, start=3):
            for c, v in enumerate(row):
                if isinstance(v, dt.datetime):
                    ws.write_datetime(r, c, v, date)
                elif r == 4 and c == 3:
                    ws.write_rich_string(r, c, bold, "Bullet", " camera")
                else:
                    ws.write(r, c, v)
            ws.write_formula(r, 8, f"=E{r + 1}*F{r + 1}", None, row[4] * row[5])
        ws.freeze_panes(3, 0)
        if not constant_memory:
            ws.write_comment("B4", "check this supplier")
            ws.add_table(
                "A3:H7", {"name": "Parts", "autofilter": False, "columns": [{"header": h} for h in HEADER]}
            )
        ws.data_validation("E4:E20", {"validate": "list", "source": ["1", "2", "3"]})
        chart = wb.add_chart({"type": "column"})
        chart.add_series({"values": "=BOM!$E$4:$E$7"})
        ws.insert_chart("K12", chart)
        png = path.with_suffix(".png")
        png.write_bytes(tiny_png())
        ws.insert_image("K2", str(png))
        wb.define_name("Quantities", "=BOM!$E$4:$E$7")
        hidden = wb.add_worksheet("Totals")
        hidden.write("A1", "Total qty")
        hidden.write_formula("B1", "=SUM(BOM!E4:E7)", None, sum(r[4] for r in DATA))
        hidden.hide()
        wb.close()

    return write


def libreoffice_producer(path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    src = path.with_name(path.stem + "-src.xlsx")
    openpyxl_producer(False)(src)
    _soffice([src], "xlsx:Calc MS Excel 2007 XML", path.parent / "lo", path.parent)
    (path.parent / "lo" / src.name).replace(path)


def reprefixed(prefixes: dict[str, str], sheetdata_default: bool = False) -> Callable[[Path], None]:
    """An openpyxl file whose XML parts are re-serialized with other namespace prefixes (as other tools do)."""

    def write(path: Path) -> None:
        src = path.with_name(path.stem + "-src.xlsx")
        openpyxl_producer(False)(src)
        saved = dict(ET._namespace_map)  # register_namespace is process-wide: put it back afterwards
        try:
            for uri, prefix in prefixes.items():
                ET._namespace_map.pop(uri, None)
                ET.register_namespace(prefix, uri)
            with zipfile.ZipFile(src) as a, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as b:
                for item in a.infolist():
                    data = a.read(item.filename)
                    if (
                        item.filename.startswith("xl/")
                        and item.filename.endswith(".xml")
                        and "theme" not in item.filename
                    ):
                        data = ET.tostring(ET.fromstring(data), xml_declaration=True, encoding="UTF-8")
                        if sheetdata_default and item.filename.startswith("xl/worksheets/sheet1"):
                            data = _sheetdata_in_default_namespace(data, prefixes[NS_MAIN].encode())
                    b.writestr(item, data)
        finally:
            ET._namespace_map.clear()
            ET._namespace_map.update(saved)

    return write


def _sheetdata_in_default_namespace(xml: bytes, p: bytes) -> bytes:
    """<p:sheetData> ... </p:sheetData> rewritten as <sheetData xmlns="main"> with unprefixed rows and cells."""
    start = xml.index(b"<" + p + b":sheetData")
    end = xml.index(b"</" + p + b":sheetData>") + len(b"</" + p + b":sheetData>")
    region = xml[start:end].replace(b"<" + p + b":", b"<").replace(b"</" + p + b":", b"</")
    region = region.replace(b"<sheetData", b'<sheetData xmlns="%s"' % NS_MAIN.encode(), 1)
    return xml[:start] + region + xml[end:]


def vba_producer(path: Path) -> None:
    openpyxl_producer(False)(path)
    add_parts(path, image=False, vba=True)


PRODUCERS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "openpyxl": ("xlsx", openpyxl_producer(False)),
    "openpyxl-lxml": ("xlsx", openpyxl_producer(True)),
    "xlsxwriter": ("xlsx", xlsxwriter_producer()),
    "xlsxwriter-inline": ("xlsx", xlsxwriter_producer(constant_memory=True)),
    "pandas-openpyxl": ("xlsx", openpyxl_producer(True, layout="pandas")),
    "pandas-xlsxwriter": ("xlsx", xlsxwriter_producer(layout="pandas")),
    "libreoffice": ("xlsx", libreoffice_producer),
    "prefix-x": ("xlsx", reprefixed({NS_MAIN: "x", NS_REL: "rel"})),
    "prefix-swapped": ("xlsx", reprefixed({NS_MAIN: "r", NS_REL: "main"})),
    "sheetdata-default-ns": ("xlsx", reprefixed({NS_MAIN: "s", NS_REL: "r"}, sheetdata_default=True)),
    "vba": ("xlsm", vba_producer),
}


def _soffice(files: list[Path], to: str, outdir: Path, profile: Path) -> subprocess.CompletedProcess:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None
    return subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{profile}/lo-profile", "--convert-to", to]
        + ["--outdir", str(outdir), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def screener():
    lists = [load_builtin()]
    options = ScreenOptions()
    return build_matcher(lists, options.threshold), options, make_run_info(lists, options, reviewer="QA")


def _export(src: Path, out_dir: Path, screener) -> tuple[Path, int]:
    matcher, options, run = screener
    result = screen_file(src, matcher, options)
    assert result.ok, result.error
    suffix = ".xlsm" if src.suffix == ".xlsm" else ".xlsx"
    out = export_annotated(result, out_dir / (src.stem + ".audited" + suffix), run, backend="xml-patch")
    return out, len(result.hits)


def _corpus_case(name: str, tmp: Path, screener) -> tuple[Path, Path, int]:
    suffix, produce = PRODUCERS[name]
    src = tmp / f"{name}.{suffix}"
    produce(src)
    out, hits = _export(src, tmp, screener)
    return src, out, hits


def check_copy(src: Path, out: Path, hits: int) -> None:
    """The checks every copy must pass (see the module docstring)."""
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        for name in b.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            try:
                ET.fromstring(b.read(name))
            except ET.ParseError as exc:
                original_ok = True
                try:
                    ET.fromstring(a.read(name))
                except (KeyError, ET.ParseError):
                    original_ok = name not in a.namelist()
                assert not original_ok, f"{out.name}: part {name} is not well formed: {exc}"
    original = openpyxl.load_workbook(src, rich_text=False)
    copy = openpyxl.load_workbook(out, rich_text=False)
    assert copy.sheetnames[: len(original.sheetnames)] == original.sheetnames
    assert "Findings" in copy.sheetnames and "Audit manifest" in copy.sheetnames
    for ws in original.worksheets:
        cws = copy[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cws[cell.coordinate].value == cell.value, (out.name, ws.title, cell.coordinate)
    a_cal, b_cal = CalamineWorkbook.from_path(str(src)), CalamineWorkbook.from_path(str(out))
    for sheet in a_cal.sheet_names:
        before = a_cal.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        after = b_cal.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        for r, row in enumerate(before):
            for c, value in enumerate(row):
                if value != "":
                    assert after[r][c] == value, (out.name, sheet, r + 1, c + 1)
    statuses = [v for ws in copy.worksheets[: len(original.sheetnames)] for row in ws.values for v in row]
    assert "Status" in statuses
    findings = b_cal.get_sheet_by_name("Findings").to_python()
    assert len(findings) == hits + 1
    check = verify_copy(out)
    assert check.seal.intact, (
        check.message()
    )  # the key is trusted by the install that made it; intact is ours


class Corpus:
    """Each producer's file and its annotated copy, made on first use (so a failure belongs to its producer)."""

    def __init__(self, tmp: Path, screener) -> None:
        self.tmp, self.screener = tmp, screener
        self.made: dict[str, tuple[Path, Path, int]] = {}

    def get(self, name: str) -> tuple[Path, Path, int]:
        if name not in self.made:
            self.made[name] = _corpus_case(name, self.tmp, self.screener)
        return self.made[name]

    def installed(self) -> dict[str, tuple[Path, Path, int]]:
        """Every producer that is installed (the copies are made now)."""
        for name in PRODUCERS:
            try:
                self.get(name)
            except pytest.skip.Exception:
                continue
        return dict(self.made)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, screener) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("corpus"), screener)


@pytest.mark.parametrize("producer", [p for p in PRODUCERS if p != "libreoffice"])
def test_copy_of_each_producers_workbook_is_sound(producer: str, corpus: Corpus):
    src, out, hits = corpus.get(producer)
    if producer != "pandas-openpyxl" and producer != "pandas-xlsxwriter":
        assert hits >= 2, "Hikvision and Dahua are on the built-in list"
    check_copy(src, out, hits)


def test_producers_really_differ(corpus: Corpus):
    """The corpus covers what it claims: per-sheet xmlns:r, other prefixes, inline and shared strings, VBA."""
    made = {k: v for k, v in corpus.installed().items() if k != "libreoffice"}

    def part(name: str, member: str) -> bytes:
        with zipfile.ZipFile(made[name][0]) as zf:
            return zf.read(member)

    if "openpyxl-lxml" in made:
        assert b"<sheet xmlns:r=" in part("openpyxl-lxml", "xl/workbook.xml")
    assert b"<sheet xmlns:r=" not in part("openpyxl", "xl/workbook.xml")
    assert b"<x:workbook" in part("prefix-x", "xl/workbook.xml")
    assert b"<r:workbook" in part("prefix-swapped", "xl/workbook.xml")
    assert b'<sheetData xmlns="' in part("sheetdata-default-ns", "xl/worksheets/sheet1.xml")
    if "xlsxwriter-inline" in made:
        assert b'"inlineStr"' in part("xlsxwriter-inline", "xl/worksheets/sheet1.xml")
    if "xlsxwriter" in made:
        assert b"<table " in part("xlsxwriter", "xl/tables/table1.xml")
    with zipfile.ZipFile(made["vba"][1]) as zf:
        assert "xl/vbaProject.bin" in zf.namelist()


@pytest.mark.parametrize(
    "name", sorted(p.name for p in REAL_BOMS.glob("*.xlsx")) if REAL_BOMS.is_dir() else ["(absent)"]
)
def test_copy_of_each_excel_made_real_bom_is_sound(name: str, tmp_path: Path, screener):
    if not REAL_BOMS.is_dir():
        pytest.skip("../shared/real-boms is not here")
    src = tmp_path / name
    shutil.copyfile(REAL_BOMS / name, src)
    out, hits = _export(src, tmp_path, screener)
    check_copy(src, out, hits)


def test_namespaces_declared_inside_rows_fall_back_to_openpyxl(tmp_path: Path, screener):
    """A redeclaration inside <sheetData> could rebind the prefix rows are matched with: not guessed at."""
    src = tmp_path / "odd.xlsx"
    openpyxl_producer(False)(src)
    tmp = tmp_path / "odd-tmp.xlsx"
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(tmp, "w") as b:
        for item in a.infolist():
            data = a.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<row r="4"', b'<row xmlns:q="urn:x" r="4"', 1)
            b.writestr(item, data)
    tmp.replace(src)
    matcher, options, run = screener
    result = screen_file(src, matcher, options)
    out = export_annotated(result, tmp_path / "odd.audited.xlsx", run)
    check_copy(src, out, len(result.hits))
    manifest = " ".join(str(v) for r in openpyxl.load_workbook(out)["Audit manifest"].values for v in r if v)
    assert "could not be patched in place" in manifest and "namespaces" in manifest


@pytest.mark.slow
def test_libreoffice_converts_every_copy(corpus: Corpus, tmp_path: Path):
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed")
    cases = corpus.installed()
    check_copy(*cases["libreoffice"])  # LibreOffice as a producer, too
    outs = [out for _, out, _ in cases.values()]
    proc = _soffice(outs, "csv", tmp_path / "csv", tmp_path)
    for out in outs:
        csv = tmp_path / "csv" / (out.stem + ".csv")
        assert csv.exists(), (out.name, proc.stdout, proc.stderr)
        text = csv.read_text(encoding="utf-8", errors="replace")
        assert "Status" in text and "Hikvision" in text, out.name


def test_rows_formatted_whole_get_their_status_on_every_row(tmp_path: Path, screener):
    """Excel users format whole rows: formatted empty cells sit where the status columns go and beyond.

    The patcher merges only those cells, and reuses the merged result of one row for the rows like it (with
    the row number put back): every row must still carry its own status and keep the formatting beyond.
    """
    xlsxwriter = pytest.importorskip("xlsxwriter")
    src = tmp_path / "formatted.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet("BOM")
    grey = wb.add_format({"bg_color": "#DDDDDD"})
    ws.write_row(0, 0, HEADER[:4])
    makers = ["Murata", "Hikvision", "Yageo", "Texas Instruments", "Bourns"]
    for r in range(1, 120):
        ws.write_row(r, 0, [r, makers[r % len(makers)], f"PN-{r}", f"part {r}"])
    for r in range(0, 120):
        for c in range(4, 30):  # E..AD: under the status columns (F..O) and past them
            ws.write_blank(r, c, None, grey)
    wb.close()
    matcher, options, run = screener
    result = screen_file(src, matcher, options)
    out = export_annotated(result, tmp_path / "formatted.audited.xlsx", run, backend="xml-patch")
    check_copy(src, out, len(result.hits))
    hit_rows = {h.row for h in result.hits}
    assert hit_rows == {r + 1 for r in range(1, 120) if r % len(makers) == 1}
    copy = openpyxl.load_workbook(out)["BOM"]
    assert copy["F1"].value == "Status"
    for r in range(2, 121):
        assert copy.cell(row=r, column=6).value == ("Pending" if r in hit_rows else "Clear"), r
        assert (
            ("Hikvision" in copy.cell(row=r, column=7).value)
            if r in hit_rows
            else copy.cell(row=r, column=7).value is None
        ), r
        assert copy.cell(row=r, column=20).fill.fgColor.rgb[-6:] == "DDDDDD", r  # past the status columns
    with zipfile.ZipFile(out) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    for r in range(1, 121):  # every reference in a row names that row, in column order
        row_xml = sheet.split(b'<row r="%d"' % r, 1)[1].split(b"</row>", 1)[0]
        refs = re.findall(rb'<c r="([A-Z]+)(\d+)"', row_xml)
        assert {int(n) for _, n in refs} == {r}, r
        cols = [column_index(c.decode()) for c, _ in refs]
        assert cols == sorted(set(cols)), r
