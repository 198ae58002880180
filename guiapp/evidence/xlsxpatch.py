"""Write an annotated copy of an .xlsx/.xlsm by patching its XML parts, keeping everything else as it was.

openpyxl's load-and-save rebuilds the whole workbook from its object model: it drops what it does not model
(images, charts, some extensions) and holds every cell in memory. This module never builds a model:

* every zip member the annotations do not touch (images, charts, drawings, comments, ``vbaProject.bin``,
  custom XML, printer settings, other sheets, shared strings...) is copied with its content byte for byte;
* each annotated sheet is streamed in chunks: the status cells are appended to the end of the right ``<row>``
  elements (rows that do not exist yet are inserted in order), the matched cells get a highlight style, the
  ``<dimension>`` is widened and ``<col>`` widths are added for the new columns. Everything else in the sheet
  (merged cells, conditional formatting, data validation, freeze panes, drawings, tables) passes through;
* ``styles.xml`` gets fonts, fills and cell formats appended after the existing ones, so every existing style
  index keeps its meaning; a highlighted cell that already had a style gets a copy of that style with the fill
  replaced;
* the new sheets (findings, manifest, disclosure) are new worksheet parts registered in ``workbook.xml``, its
  relationships and ``[Content_Types].xml``. Defined names and sheet states are kept.

Text is always written as inline strings (``t="inlineStr"``), never as formulas. The XML is scanned with
byte-level regular expressions over bounded chunks, never parsed by an entity-expanding parser, so a hostile
DOCTYPE cannot expand; parts that declare a DOCTYPE are refused. The few small parts that are read as trees
(relationships, content types, workbook) go through defusedxml.

A workbook this module cannot handle (strict OOXML, a missing part, a layout it does not expect) raises
:class:`PatchUnsupported` before or while writing; the caller falls back to another backend.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from defusedxml import ElementTree as SafeET

from guiapp.model import CancelToken, column_index, column_letter

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_OFFICE_DOC = NS_REL + "/officeDocument"
REL_WORKSHEET = NS_REL + "/worksheet"
REL_STYLES = NS_REL + "/styles"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_MAIN_MACRO = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_VBA = "application/vnd.ms-office.vbaProject"

#: Decompressed bytes read from a sheet per step: bounds the memory whatever the number of rows.
_CHUNK = 1 << 20
#: zlib level for the parts this module writes: level 1 is several times faster than 6 for 10% more size.
_COMPRESS_LEVEL = 1
_MAX_CELL_CHARS = 32767
_ILLEGAL_XML = re.compile(r"[\000-\010\013\014\016-\037\ud800-\udfff\ufffe\uffff]")
#: Excel reads _xHHHH_ in a string as an escaped character; a literal one is written as _x005F_xHHHH_.
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_CELL_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{1,3})(\d+)["']""")
_ROW_NUM = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
_SPANS = re.compile(rb"""\sspans\s*=\s*["'][^"']*["']""")
_S_ATTR = re.compile(rb"""\ss\s*=\s*["'](\d+)["']""")
_CONTENT = re.compile(rb"<(?:\w+:)?(?:v|f|is)\b")


class PatchUnsupported(Exception):
    """The workbook has a shape this module does not patch; write it with another backend."""


class _Cell(Protocol):
    value: str | int | float | None
    style: str


class _Annotation(Protocol):
    target_name: str
    start_col: int
    header_row: int | None
    rows: dict[int, list[Any]]
    highlights: dict[int, tuple[str, list[int]]]

    def status(self, row: int) -> Sequence[Any] | None: ...


@dataclass
class NewSheet:
    """A worksheet to add at the end of the workbook.

    Attributes:
        name: the sheet name (already unique in the workbook).
        rows: rows of cells (objects with ``value`` and ``style``); row 1 first.
        widths: column widths from column A on.
        header: freeze the first row and put an autoFilter over the table.
    """

    name: str
    rows: Sequence[Sequence[Any]]
    widths: Sequence[float] = ()
    header: bool = False


@dataclass
class SheetPart:
    """A worksheet of the workbook: its name, state and zip member."""

    name: str
    part: str
    state: str = "visible"


@dataclass
class Package:
    """What the patcher learned about a workbook package before writing anything."""

    zf: zipfile.ZipFile
    workbook_part: str
    workbook_rels_part: str
    styles_part: str
    sheets: list[SheetPart] = field(default_factory=list)
    #: parts to drop when the macros are not kept (VBA project and what hangs off it)
    vba_parts: list[str] = field(default_factory=list)
    macro_enabled: bool = False

    def sheet(self, name: str) -> SheetPart | None:
        """The sheet with this name."""
        return next((s for s in self.sheets if s.name == name), None)


# --------------------------------------------------------------------------------------------------------------
# Reading the package


def _read(zf: zipfile.ZipFile, name: str) -> bytes:
    try:
        data = zf.read(name)
    except KeyError as exc:
        raise PatchUnsupported(f"part {name} is missing") from exc
    _check_xml(data, name)
    return data


def _check_xml(data: bytes, name: str) -> None:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:200]:
        raise PatchUnsupported(f"part {name} is not UTF-8")
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise PatchUnsupported(f"part {name} declares a DOCTYPE")


def _parse(data: bytes, name: str):
    try:
        return SafeET.fromstring(data)
    except Exception as exc:  # defusedxml raises ParseError and its own DTD/entity errors
        raise PatchUnsupported(f"part {name} is not well-formed XML ({exc})") from exc


def _rels_part_of(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _resolve(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def _relationships(
    zf: zipfile.ZipFile, names: Mapping[str, str], source_part: str
) -> list[tuple[str, str, str]]:
    """(Id, Type, resolved part name) of a part's internal relationships."""
    rels = names.get(_rels_part_of(source_part).lower())
    if rels is None:
        return []
    root = _parse(_read(zf, rels), rels)
    out = []
    for rel in root.iter(f"{{{NS_PKG_REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = _resolve(source_part, rel.get("Target", ""))
        out.append((rel.get("Id", ""), rel.get("Type", ""), names.get(target.lower(), target)))
    return out


def open_package(data: bytes | IO[bytes]) -> Package:
    """Open a workbook package and find its workbook, sheets and styles.

    Args:
        data: the .xlsx/.xlsm bytes (or a seekable binary file).

    Returns:
        The package, with its zip file open for reading.

    Raises:
        PatchUnsupported: not a transitional SpreadsheetML package this module can patch.
    """
    import io

    try:
        zf = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes | bytearray) else data)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PatchUnsupported(f"not a zip package ({exc})") from exc
    names = {n.lower(): n for n in zf.namelist()}
    if "[content_types].xml" not in names:
        raise PatchUnsupported("[Content_Types].xml is missing")
    root_rels = _relationships(zf, names, "")
    # The package root's relationships live in /_rels/.rels.
    if not root_rels and "_rels/.rels" in names:
        root_rels = []
    docs = [t for _, typ, t in root_rels if typ == REL_OFFICE_DOC]
    if not docs:
        strict = any(typ.endswith("/officeDocument") and typ != REL_OFFICE_DOC for _, typ, _ in root_rels)
        raise PatchUnsupported("strict OOXML" if strict else "no workbook part")
    workbook_part = docs[0]
    wb_xml = _read(zf, workbook_part)
    if NS_STRICT.encode() in wb_xml[:2000]:
        raise PatchUnsupported("strict OOXML")
    wb = _parse(wb_xml, workbook_part)
    if wb.tag != f"{{{NS_MAIN}}}workbook":
        raise PatchUnsupported(f"unexpected workbook root {wb.tag}")
    rels = _relationships(zf, names, workbook_part)
    by_id = {rid: (typ, target) for rid, typ, target in rels}
    styles = [t for _, typ, t in rels if typ == REL_STYLES]
    if not styles or styles[0].lower() not in names:
        raise PatchUnsupported("the workbook has no styles part")
    pkg = Package(
        zf=zf,
        workbook_part=workbook_part,
        workbook_rels_part=names.get(_rels_part_of(workbook_part).lower(), _rels_part_of(workbook_part)),
        styles_part=styles[0],
    )
    for sh in wb.iter(f"{{{NS_MAIN}}}sheet"):
        rid = sh.get(f"{{{NS_REL}}}id", "")
        typ, target = by_id.get(rid, ("", ""))
        if typ == REL_WORKSHEET and target.lower() not in names:
            raise PatchUnsupported(f"sheet part {target} is missing")
        part = target if typ == REL_WORKSHEET else ""  # chartsheets and dialog sheets are not annotated
        pkg.sheets.append(SheetPart(name=sh.get("name", ""), part=part, state=sh.get("state", "visible")))
    for _, typ, target in rels:
        if typ == REL_VBA:
            pkg.vba_parts.append(target)
            pkg.vba_parts += [t for _, _, t in _relationships(zf, names, target) if t.lower() in names]
    ct_name = names["[content_types].xml"]
    ct = _parse(_read(zf, ct_name), ct_name)
    defaults = {
        d.get("Extension", "").lower(): d.get("ContentType", "") for d in ct.iter(f"{{{NS_CT}}}Default")
    }
    overrides = {
        o.get("PartName", "").lstrip("/").lower(): o.get("ContentType", "")
        for o in ct.iter(f"{{{NS_CT}}}Override")
    }
    pkg.macro_enabled = any(t == CT_MAIN_MACRO for t in overrides.values())
    for lname, name in names.items():
        ctype = overrides.get(lname) or defaults.get(posixpath.splitext(lname)[1].lstrip("."), "")
        if ctype.startswith("application/vnd.ms-office.vbaProject") and name not in pkg.vba_parts:
            pkg.vba_parts.append(name)
    return pkg


def _iter_part(zf: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    with zf.open(part) as fh:
        while chunk := fh.read(_CHUNK):
            yield chunk


def merged_width(pkg: Package, sheet_name: str) -> int:
    """Columns from A to the rightmost merged range of a sheet (0 when none), read in bounded chunks.

    The status columns go right of merged ranges too, so a merged block never swallows them.
    """
    sheet = pkg.sheet(sheet_name)
    if sheet is None or not sheet.part:
        return 0
    tail = b""
    found = False
    carry = b""
    for chunk in _iter_part(pkg.zf, sheet.part):
        if found:
            tail += chunk
            continue
        buf = carry + chunk
        i = buf.find(b"mergeCell")
        if i >= 0:
            found = True
            tail = buf[i:]
        else:
            carry = buf[-16:]
    width = 0
    for m in re.finditer(rb"""ref\s*=\s*["'][A-Za-z]+\d+:([A-Za-z]+)\d+["']""", tail):
        width = max(width, column_index(m.group(1).decode()) + 1)
    return width


# --------------------------------------------------------------------------------------------------------------
# Small text edits on small parts


def _root_prefix(xml: bytes, local: bytes) -> bytes:
    m = re.search(rb"<(\w+:)?" + local + rb"[\s>/]", xml)
    if m is None:
        raise PatchUnsupported(f"no <{local.decode()}> element")
    return m.group(1) or b""


def _ns_prefix(xml: bytes, uri: str) -> bytes | None:
    m = re.search(rb"""xmlns:(\w+)\s*=\s*["']""" + re.escape(uri.encode()) + rb"""["']""", xml)
    return m.group(1) if m else None


def _insert_in(xml: bytes, prefix: bytes, local: bytes, payload: bytes, attrs_if_new: bytes = b"") -> bytes:
    """Insert payload at the end of the element <prefix:local>, expanding it when it is self-closing."""
    close = b"</" + prefix + local + b">"
    i = xml.rfind(close)
    if i >= 0:
        return xml[:i] + payload + xml[i:]
    m = re.search(rb"<" + re.escape(prefix + local) + rb"\b([^>]*?)/>", xml)
    if m is None:
        raise PatchUnsupported(f"no <{local.decode()}> element")
    return xml[: m.start()] + b"<" + prefix + local + m.group(1) + b">" + payload + close + xml[m.end() :]


def _bump_count(xml: bytes, prefix: bytes, local: bytes, added: int) -> bytes:
    m = re.search(rb"<" + re.escape(prefix + local) + rb"\b[^>]*>", xml)
    if m is None:
        return xml
    tag = m.group()
    c = re.search(rb"""\scount\s*=\s*["'](\d+)["']""", tag)
    if c is None:
        return xml
    new_tag = tag[: c.start(1)] + str(int(c.group(1)) + added).encode() + tag[c.end(1) :]
    return xml[: m.start()] + new_tag + xml[m.end() :]


def _attr(value: str) -> bytes:
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").encode()
    )


def _text(value: str) -> bytes:
    value = _ILLEGAL_XML.sub("\ufffd", value)[:_MAX_CELL_CHARS]
    if "_x" in value:
        value = _EXCEL_ESCAPE.sub(r"_x005F_\1", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")


# --------------------------------------------------------------------------------------------------------------
# Styles


class StyleBook:
    """The styles.xml of the workbook plus the formats this export adds, appended after the existing ones.

    Args:
        xml: the original styles part.
        fills: decision key -> RGB hex of its fill.
    """

    def __init__(self, xml: bytes, fills: Mapping[str, str]) -> None:
        self.xml = xml
        self.p = _root_prefix(xml, b"styleSheet")
        p = re.escape(self.p)
        fonts = re.search(rb"<" + p + rb"fonts\b[^>]*>(.*?)</" + p + rb"fonts>", xml, re.S)
        fills_el = re.search(rb"<" + p + rb"fills\b[^>]*>(.*?)</" + p + rb"fills>", xml, re.S)
        xfs = re.search(rb"<" + p + rb"cellXfs\b[^>]*>(.*?)</" + p + rb"cellXfs>", xml, re.S)
        if fonts is None or fills_el is None or xfs is None:
            raise PatchUnsupported("styles.xml has no fonts, fills or cell formats")
        font_re = re.compile(rb"<" + p + rb"font\b(?:[^>]*/>|.*?</" + p + rb"font>)", re.S)
        self._fonts = font_re.findall(fonts.group(1))
        self._n_fills = len(re.findall(rb"<" + p + rb"fill\b", fills_el.group(1)))
        xf_re = re.compile(rb"<" + p + rb"xf\b(?:[^>]*?/>|[^>]*>.*?</" + p + rb"xf>)", re.S)
        self._xfs: list[bytes] = xf_re.findall(xfs.group(1))
        if not self._fonts or not self._xfs:
            raise PatchUnsupported("styles.xml has no default font or cell format")
        self._has_style_xfs = re.search(rb"<" + p + rb"cellStyleXfs\b", xml) is not None
        self._new_fonts: list[bytes] = []
        self._new_fills: list[bytes] = []
        self._new_xfs: list[bytes] = []
        self._fill_ids: dict[str, int] = {}
        for key, rgb in fills.items():
            self._fill_ids[key] = self._n_fills + len(self._new_fills)
            self._new_fills.append(
                b'<%sfill><%spatternFill patternType="solid"><%sfgColor rgb="FF%s"/>'
                b'<%sbgColor indexed="64"/></%spatternFill></%sfill>'
                % (self.p, self.p, self.p, rgb.upper().encode(), self.p, self.p, self.p)
            )
        bold = self._font_variant(bold=True)
        section = self._font_variant(bold=True, size=12)
        self.styles: dict[str, int] = {
            "header": self._add_xf(font=bold),
            "section": self._add_xf(font=section),
        }
        for key in fills:
            self.styles[f"fill:{key}"] = self._add_xf(fill=self._fill_ids[key])
        self._clones: dict[tuple[int, str], int] = {}

    def _font_variant(self, bold: bool, size: int | None = None) -> int:
        font = self._fonts[0]
        p = re.escape(self.p)
        if font.endswith(b"/>") and not font.endswith(b"font>"):
            font = font[:-2] + b"></" + self.p + b"font>"
        inner_start = font.index(b">") + 1
        inner_end = font.rindex(b"</")
        inner = font[inner_start:inner_end]
        inner = re.sub(rb"<" + p + rb"b\b[^>]*/>", b"", inner)
        if size is not None:
            inner = re.sub(rb"<" + p + rb"sz\b[^>]*/>", b"", inner)
            inner = b'<%ssz val="%d"/>' % (self.p, size) + inner
        if bold:
            inner = b"<" + self.p + b"b/>" + inner
        self._new_fonts.append(font[:inner_start] + inner + font[inner_end:])
        return len(self._fonts) + len(self._new_fonts) - 1

    def _add_xf(self, font: int = 0, fill: int = 0) -> int:
        xf_id = b' xfId="0"' if self._has_style_xfs else b""
        apply = (b' applyFont="1"' if font else b"") + (b' applyFill="1"' if fill else b"")
        self._new_xfs.append(
            b'<%sxf numFmtId="0" fontId="%d" fillId="%d" borderId="0"%s%s/>'
            % (self.p, font, fill, xf_id, apply)
        )
        return len(self._xfs) + len(self._new_xfs) - 1

    def style(self, key: str) -> int:
        """The cell format index of a plan style key ("" gives 0)."""
        return self.styles.get(key, 0)

    def highlighted(self, existing: int, fill_key: str) -> int:
        """A copy of an existing cell format with its fill replaced by the decision's fill."""
        key = (existing, fill_key)
        got = self._clones.get(key)
        if got is not None:
            return got
        fill = self._fill_ids.get(fill_key)
        if fill is None:
            return existing
        xf = self._xfs[existing] if 0 <= existing < len(self._xfs) else self._xfs[0]
        head_end = xf.index(b">")
        head, rest = xf[:head_end], xf[head_end:]
        if head.endswith(b"/"):
            head, rest = head[:-1], b"/" + rest
        for name, value in ((b"fillId", str(fill).encode()), (b"applyFill", b"1")):
            pat = re.compile(rb"""\s""" + name + rb"""\s*=\s*["'][^"']*["']""")
            head = pat.sub(b"", head)
            head += b" " + name + b'="' + value + b'"'
        self._new_xfs.append(head + rest)
        index = len(self._xfs) + len(self._new_xfs) - 1
        self._clones[key] = index
        return index

    def render(self) -> bytes:
        """The styles part with the added fonts, fills and cell formats."""
        xml = self.xml
        for local, items in (
            (b"fonts", self._new_fonts),
            (b"fills", self._new_fills),
            (b"cellXfs", self._new_xfs),
        ):
            if items:
                xml = _insert_in(xml, self.p, local, b"".join(items))
                xml = _bump_count(xml, self.p, local, len(items))
        return xml


# --------------------------------------------------------------------------------------------------------------
# Cells


def _cell_xml(p: bytes, ref: bytes, value: str | int | float | None, style: int) -> bytes:
    s = b' s="%d"' % style if style else b""
    if value is None or value == "":
        return b'<%sc r="%s"%s/>' % (p, ref, s) if style else b""
    if isinstance(value, bool):
        value = "Yes" if value else "No"
    if isinstance(value, int | float):
        return b'<%sc r="%s"%s><%sv>%s</%sv></%sc>' % (p, ref, s, p, repr(value).encode(), p, p)
    text = _text(str(value))
    return b'<%sc r="%s"%s t="inlineStr"><%sis><%st xml:space="preserve">%s</%st></%sis></%sc>' % (
        p,
        ref,
        s,
        p,
        p,
        text,
        p,
        p,
        p,
    )


def _cells_for(
    p: bytes, row: int, start_col: int, cells: Sequence[_Cell], styles: StyleBook, fill_key: str | None
) -> list[tuple[int, bytes]]:
    out = []
    suffix = str(row).encode()
    for j, pc in enumerate(cells):
        col = start_col + j
        key = pc.style
        if fill_key is not None and not key.startswith("fill:"):
            key = f"fill:{fill_key}"
        xml = _cell_xml(p, column_letter(col).encode() + suffix, pc.value, styles.style(key))
        if xml:
            out.append((col, xml))
    return out


_LETTERS: dict[bytes, int] = {}


def _col_of(letters: bytes) -> int:
    got = _LETTERS.get(letters)
    if got is None:
        got = _LETTERS[letters] = column_index(letters.decode())
    return got


# --------------------------------------------------------------------------------------------------------------
# Sheets


#: Widths of the status columns (Status, Matched entity, Parent, List(s), Method, Score, Reason, Note,
#: Reviewer, Decided at).
STATUS_WIDTHS: tuple[float, ...] = (16, 26, 22, 20, 11, 7, 48, 30, 16, 21)


class _SheetPatcher:
    """Stream one worksheet part, adding an annotation's cells and styles."""

    def __init__(self, ann: _Annotation, styles: StyleBook, prefix: bytes, n_status: int) -> None:
        self.ann = ann
        self.styles = styles
        self.p = prefix
        self.n_status = n_status
        p = re.escape(prefix)
        self.row_re = re.compile(rb"<" + p + rb"row\b([^>]*?)(?:/>|>(.*?)</" + p + rb"row>)", re.S)
        self.cell_open = b"<" + prefix + b"c"
        self.cell_re = re.compile(rb"<" + p + rb"c\b([^>]*?)(?:/>|>.*?</" + p + rb"c>)", re.S)
        self.sheetdata_re = re.compile(rb"<" + p + rb"sheetData\b[^>]*?(/?)>")
        self.close_sheetdata = b"</" + prefix + b"sheetData>"
        # Rows that may be missing from the XML; clear rows have content, so they are always there.
        self.planned = sorted(ann.rows.keys() | ann.highlights.keys())
        self.next_planned = 0
        self.last_row = 0

    # -- head: dimension and column widths ------------------------------------------------------------
    def patch_head(self, head: bytes) -> bytes:
        ann = self.ann
        p = re.escape(self.p)
        last_col = ann.start_col + self.n_status - 1
        last_row = max(ann.rows, default=0)
        dim = re.search(rb"""<""" + p + rb"""dimension\b[^>]*?\sref\s*=\s*["']([^"']*)["']""", head)
        if dim is not None:
            new_ref = _widen_ref(dim.group(1).decode(), last_col, last_row)
            head = head[: dim.start(1)] + new_ref.encode() + head[dim.end(1) :]
        return self._patch_cols(head)

    def _patch_cols(self, head: bytes) -> bytes:
        p = self.p
        lo = self.ann.start_col + 1  # <col> min/max are 1-based
        widths = STATUS_WIDTHS[: self.n_status]
        wanted = {lo + i: w for i, w in enumerate(widths)}
        m = re.search(rb"<" + re.escape(p) + rb"cols\b[^>]*>(.*?)</" + re.escape(p) + rb"cols>", head, re.S)
        if m is None:
            body = b"".join(
                _col_xml(p, c, c, {"width": repr(float(w)), "customWidth": "1"}) for c, w in wanted.items()
            )
            sd = re.search(rb"<" + re.escape(p) + rb"sheetData\b", head)
            pos = sd.start() if sd else len(head)
            return head[:pos] + b"<" + p + b"cols>" + body + b"</" + p + b"cols>" + head[pos:]
        existing = []
        for el in re.finditer(rb"<" + re.escape(p) + rb"col\b([^>]*?)/?>", m.group(1)):
            attrs = dict(
                (k.decode(), v.decode())
                for k, v in re.findall(rb"""([\w:]+)\s*=\s*["']([^"']*)["']""", el.group(1))
            )
            try:
                existing.append((int(attrs["min"]), int(attrs["max"]), attrs))
            except (KeyError, ValueError) as exc:
                raise PatchUnsupported("a <col> element without min/max") from exc
        pieces: list[tuple[int, int, dict[str, str]]] = []
        covered: set[int] = set()
        for a, b, attrs in existing:
            # Split a range that covers status columns: keep its attributes, replace the width there.
            start = a
            for c in range(max(a, lo), min(b, lo + len(widths) - 1) + 1):
                if start < c:
                    pieces.append((start, c - 1, attrs))
                pieces.append((c, c, {**attrs, "width": repr(float(wanted[c])), "customWidth": "1"}))
                covered.add(c)
                start = c + 1
            if start <= b:
                pieces.append((start, b, attrs))
        for c, w in wanted.items():
            if c not in covered:
                pieces.append((c, c, {"width": repr(float(w)), "customWidth": "1"}))
        pieces.sort(key=lambda t: t[0])
        body = b"".join(_col_xml(p, a, b, attrs) for a, b, attrs in pieces)
        return head[: m.start(1)] + body + head[m.end(1) :]

    # -- rows -----------------------------------------------------------------------------------------
    def _new_row(self, row: int) -> bytes:
        ann = self.ann
        hl = ann.highlights.get(row)
        fill_key = hl[0] if hl is not None and row != ann.header_row else None
        cells = _cells_for(self.p, row, ann.start_col, ann.status(row) or (), self.styles, fill_key)
        if not cells:
            return b""
        return b'<%srow r="%d">%s</%srow>' % (self.p, row, b"".join(x for _, x in cells), self.p)

    def _flush_before(self, row: int) -> list[bytes]:
        out = []
        planned = self.planned
        while self.next_planned < len(planned) and planned[self.next_planned] < row:
            out.append(self._new_row(planned[self.next_planned]))
            self.next_planned += 1
        if self.next_planned < len(planned) and planned[self.next_planned] == row:
            self.next_planned += 1
        return out

    def _patch_row(self, row: int, attrs: bytes, content: bytes, status: Sequence[_Cell] | None) -> bytes:
        ann = self.ann
        hl = ann.highlights.get(row)
        if hl is not None:
            content = self._highlight(row, content, hl)
        if status:
            fill_key = hl[0] if hl is not None and row != ann.header_row else None
            new = _cells_for(self.p, row, ann.start_col, status, self.styles, fill_key)
            last = content.rfind(self.cell_open)
            last_col = -1
            if last >= 0:
                end = content.find(b">", last)
                ref = _CELL_REF.search(content, last, end) if end > 0 else None
                last_col = _col_of(ref.group(1).upper()) if ref else 1 << 20
            if last_col < ann.start_col:
                content = content + b"".join(x for _, x in new)
            else:
                content = self._merge_cells(row, content, new)
            attrs = _SPANS.sub(b"", attrs)
        return b"<%srow%s>%s</%srow>" % (self.p, attrs, content, self.p)

    def _cells(self, content: bytes) -> list[tuple[int, bytes, bytes]]:
        """(column, start-tag attributes, element) of every cell of a row, columns inferred where r is absent."""
        out = []
        col = -1
        for m in self.cell_re.finditer(content):
            ref = _CELL_REF.search(m.group(1))
            col = _col_of(ref.group(1).upper()) if ref else col + 1
            out.append((col, m.group(1), m.group()))
        return out

    def _merge_cells(self, row: int, content: bytes, new: list[tuple[int, bytes]]) -> bytes:
        existing = self._cells(content)
        ours = dict(new)
        merged: list[tuple[int, bytes]] = []
        for col, _attrs, el in existing:
            if col in ours and _CONTENT.search(el) is None:
                continue  # an empty formatted cell where a status cell goes: the status cell replaces it
            if col in ours:
                del ours[col]  # never overwrite the original's content
            if _CELL_REF.search(_attrs) is None:
                el = (
                    el[: len(self.cell_open)]
                    + b' r="%s%d"' % (column_letter(col).encode(), row)
                    + el[len(self.cell_open) :]
                )
            merged.append((col, el))
        merged.extend(ours.items())
        merged.sort(key=lambda t: t[0])
        return b"".join(el for _, el in merged)

    def _highlight(self, row: int, content: bytes, hl: tuple[str, list[int]]) -> bytes:
        decision, cols = hl
        wanted = set(cols)
        if not wanted:
            return content
        out = []
        pos = 0
        col = -1
        for m in self.cell_re.finditer(content):
            ref = _CELL_REF.search(m.group(1))
            col = _col_of(ref.group(1).upper()) if ref else col + 1
            if col not in wanted:
                continue
            attrs = m.group(1)
            s = _S_ATTR.search(attrs)
            existing = int(s.group(1)) if s else 0
            new_s = self.styles.highlighted(existing, decision)
            new_attrs = (_S_ATTR.sub(b"", attrs) if s else attrs) + b' s="%d"' % new_s
            if attrs.endswith(b"/"):  # never for cells with values; kept for safety
                new_attrs = _S_ATTR.sub(b"", attrs[:-1]) + b' s="%d"/' % new_s
            start = m.start(1)
            out.append(content[pos:start])
            out.append(new_attrs)
            pos = m.end(1)
        out.append(content[pos:])
        return b"".join(out)

    def run(self, chunks: Iterator[bytes], write: Callable[[bytes], Any], cancel: CancelToken | None) -> None:
        """Read the sheet from ``chunks`` and write the patched sheet with ``write``."""
        buf = b""
        sd = None
        for chunk in chunks:
            buf += chunk
            sd = self.sheetdata_re.search(buf)
            if sd is not None:
                break
        if sd is None:
            raise PatchUnsupported(f"sheet {self.ann.target_name!r} has no sheetData")
        write(self.patch_head(buf[: sd.start()]))
        if sd.group(1):  # <sheetData/>: an empty sheet
            write(b"<" + self.p + b"sheetData>")
            write(b"".join(self._flush_before(1 << 30)))
            write(self.close_sheetdata)
            write(buf[sd.end() :])
            for chunk in chunks:
                write(chunk)
            return
        write(buf[sd.start() : sd.end()])
        buf = buf[sd.end() :]
        row_re = self.row_re
        done = False
        n = 0
        while True:
            end = buf.find(self.close_sheetdata)
            region = buf if end < 0 else buf[:end]
            out: list[bytes] = []
            pos = 0
            status_of = self.ann.status
            highlights = self.ann.highlights
            for m in row_re.finditer(region):
                attrs = m.group(1)
                num = _ROW_NUM.search(attrs)
                row = int(num.group(1)) if num else self.last_row + 1
                if row <= self.last_row:
                    raise PatchUnsupported(f"sheet {self.ann.target_name!r} has rows out of order")
                self.last_row = row
                if self.next_planned < len(self.planned) and self.planned[self.next_planned] <= row:
                    out.extend(self._flush_before(row))
                status = status_of(row)
                if status is not None or row in highlights:
                    if num is None:
                        attrs = b' r="%d"' % row + attrs
                    content = m.group(2)
                    if content is None:
                        attrs = attrs[:-1] if attrs.endswith(b"/") else attrs
                        content = b""
                    out.append(self._patch_row(row, attrs, content, status))
                elif num is None:
                    out.append(b"<" + self.p + b"row" + b' r="%d"' % row + m.group()[len(self.p) + 4 :])
                else:
                    out.append(m.group())
                pos = m.end()
            n += len(out)
            write(b"".join(out))
            if cancel is not None:
                cancel.raise_if_cancelled()
            if end >= 0:
                if region[pos:].strip():
                    raise PatchUnsupported(f"sheet {self.ann.target_name!r}: unexpected content in sheetData")
                buf = buf[end:]
                done = True
                break
            buf = buf[pos:]
            nxt = next(chunks, None)
            if nxt is None:
                break
            buf += nxt
        if not done:
            raise PatchUnsupported(f"sheet {self.ann.target_name!r}: sheetData is not closed")
        write(b"".join(self._flush_before(1 << 30)))
        write(buf)
        for chunk in chunks:
            write(chunk)


def _col_xml(p: bytes, a: int, b: int, attrs: Mapping[str, str]) -> bytes:
    rest = b"".join(b' %s="%s"' % (k.encode(), _attr(v)) for k, v in attrs.items() if k not in ("min", "max"))
    return b'<%scol min="%d" max="%d"%s/>' % (p, a, b, rest)


def _split_ref(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d+)", ref)
    if m is None:
        raise PatchUnsupported(f"unexpected cell reference {ref!r}")
    return column_index(m.group(1)), int(m.group(2))


def _widen_ref(ref: str, last_col: int, last_row: int) -> str:
    parts = ref.split(":")
    c0, r0 = _split_ref(parts[0])
    c1, r1 = _split_ref(parts[-1])
    return f"{column_letter(c0)}{r0}:{column_letter(max(c1, last_col))}{max(r1, last_row)}"


def new_sheet_xml(sheet: NewSheet, styles: StyleBook) -> Iterator[bytes]:
    """The worksheet part of a new sheet, in pieces."""
    ncols = max((len(r) for r in sheet.rows), default=1)
    nrows = max(len(sheet.rows), 1)
    yield (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="%s" xmlns:r="%s">' % (NS_MAIN.encode(), NS_REL.encode())
    )
    yield b'<dimension ref="A1:%s%d"/>' % (column_letter(max(ncols - 1, 0)).encode(), nrows)
    if sheet.header:
        yield (
            b'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"'
            b' state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        )
    else:
        yield b'<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    yield b'<sheetFormatPr defaultRowHeight="15"/>'
    if sheet.widths:
        yield (
            b"<cols>"
            + b"".join(
                _col_xml(b"", i, i, {"width": repr(float(w)), "customWidth": "1"})
                for i, w in enumerate(sheet.widths, 1)
            )
            + b"</cols>"
        )
    yield b"<sheetData>"
    batch: list[bytes] = []
    for r, cells in enumerate(sheet.rows, start=1):
        suffix = str(r).encode()
        xml = b"".join(
            _cell_xml(b"", column_letter(c).encode() + suffix, pc.value, styles.style(pc.style))
            for c, pc in enumerate(cells)
        )
        batch.append(b'<row r="%d">%s</row>' % (r, xml) if xml else b"")
        if len(batch) >= 2000:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch)
    yield b"</sheetData>"
    if sheet.header and sheet.rows:
        yield b'<autoFilter ref="A1:%s%d"/>' % (column_letter(ncols - 1).encode(), nrows)
    yield (
        b'<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        b'<pageSetup orientation="landscape" fitToHeight="0"/></worksheet>'
    )


# --------------------------------------------------------------------------------------------------------------
# Writing the package


def _zinfo(src: zipfile.ZipInfo | None, name: str, compress_type: int | None = None) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=src.date_time if src else (1980, 1, 1, 0, 0, 0))
    info.compress_type = (
        compress_type if compress_type is not None else (src.compress_type if src else zipfile.ZIP_DEFLATED)
    )
    if src is not None:
        info.external_attr = src.external_attr
        info.create_system = src.create_system
    else:
        info.external_attr = 0o600 << 16
    # A ZipInfo's level is private API (a property of that name still exists in 3.13); without it the
    # ZipFile's level is ignored for ZipInfo writes and zlib's slower default applies.
    info._compresslevel = _COMPRESS_LEVEL
    return info


def _quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def write_patched(
    pkg: Package,
    annotations: Iterable[_Annotation],
    new_sheets: Sequence[NewSheet],
    out: IO[bytes],
    *,
    fills: Mapping[str, str],
    n_status: int,
    keep_vba: bool,
    progress: Callable[[str], None] | None = None,
    cancel: CancelToken | None = None,
) -> None:
    """Write the patched package to ``out``.

    Args:
        pkg: the package from :func:`open_package`.
        annotations: what to add to each original sheet (``target_name`` names the sheet).
        new_sheets: sheets to add at the end.
        out: a seekable binary file.
        fills: decision key -> RGB of its fill.
        n_status: number of status columns (for widths and the dimension).
        keep_vba: keep the VBA project (.xlsm output); otherwise drop it and declare a plain workbook.
        progress: called with a message per sheet.
        cancel: checked between chunks of rows.

    Raises:
        PatchUnsupported: the workbook has a shape this module does not patch (nothing usable was written).
    """
    zf = pkg.zf
    names = {n.lower(): n for n in zf.namelist()}
    by_part = {}
    for ann in annotations:
        sheet = pkg.sheet(ann.target_name)
        if sheet is None or not sheet.part:
            raise PatchUnsupported(f"sheet {ann.target_name!r} is not a worksheet of the workbook")
        by_part[sheet.part] = ann
    styles = StyleBook(_read(zf, pkg.styles_part), fills)
    drop = {p.lower() for p in pkg.vba_parts} if not keep_vba else set()
    if drop:
        drop |= {_rels_part_of(p).lower() for p in pkg.vba_parts}

    # New parts and their registration.
    taken = set(names)
    wb_xml = _read(zf, pkg.workbook_part)
    rels_xml = _read(zf, pkg.workbook_rels_part)
    ct_name = names["[content_types].xml"]
    ct_xml = _read(zf, ct_name)
    wb_p = _root_prefix(wb_xml, b"workbook")
    r_prefix = _ns_prefix(wb_xml, NS_REL)
    rel_p = _root_prefix(rels_xml, b"Relationships")
    ct_p = _root_prefix(ct_xml, b"Types")
    ids = set(re.findall(rb"""\sId\s*=\s*["']([^"']+)["']""", rels_xml))
    sheet_ids = [
        int(x)
        for x in re.findall(
            rb"""<""" + re.escape(wb_p) + rb"""sheet\b[^>]*?\ssheetId\s*=\s*["'](\d+)["']""", wb_xml
        )
    ]
    next_sheet_id = max(sheet_ids, default=0) + 1
    wb_dir = posixpath.dirname(pkg.workbook_part)
    new_parts: list[tuple[str, NewSheet]] = []
    sheet_els, rel_els, ct_els, filter_names = [], [], [], []
    n = 1
    for k, sheet in enumerate(new_sheets):
        while f"{wb_dir}/worksheets/sheet{n}.xml".lower() in taken:
            n += 1
        part = f"{wb_dir}/worksheets/sheet{n}.xml".lstrip("/")
        taken.add(part.lower())
        rid_n = len(ids) + 1
        while f"rId{rid_n}".encode() in ids:
            rid_n += 1
        rid = f"rId{rid_n}"
        ids.add(rid.encode())
        new_parts.append((part, sheet))
        rel_target = posixpath.relpath(part, wb_dir) if wb_dir else part
        rel_els.append(
            b'<%sRelationship Id="%s" Type="%s" Target="%s"/>'
            % (rel_p, rid.encode(), REL_WORKSHEET.encode(), _attr(rel_target))
        )
        ct_els.append(
            b'<%sOverride PartName="/%s" ContentType="%s"/>' % (ct_p, _attr(part), CT_WORKSHEET.encode())
        )
        rid_attr = b"%s:id" % r_prefix if r_prefix else b'xmlns:r="%s" r:id' % NS_REL.encode()
        sheet_els.append(
            b'<%ssheet name="%s" sheetId="%d" %s="%s"/>'
            % (wb_p, _attr(sheet.name), next_sheet_id + k, rid_attr, rid.encode())
        )
        if sheet.header and sheet.rows:
            ncols = max(len(r) for r in sheet.rows)
            ref = f"{_quote_sheet(sheet.name)}!$A$1:${column_letter(ncols - 1)}${len(sheet.rows)}"
            filter_names.append(
                b'<%sdefinedName name="_xlnm._FilterDatabase" localSheetId="%d" hidden="1">%s</%sdefinedName>'
                % (wb_p, len(pkg.sheets) + k, _text(ref), wb_p)
            )
    wb_xml = _insert_in(wb_xml, wb_p, b"sheets", b"".join(sheet_els))
    if filter_names:
        if re.search(rb"<" + re.escape(wb_p) + rb"definedNames\b", wb_xml):
            wb_xml = _insert_in(wb_xml, wb_p, b"definedNames", b"".join(filter_names))
        else:
            # definedNames follows sheets, functionGroups and externalReferences in the schema's order.
            anchor = -1
            for local in (b"externalReferences", b"functionGroups", b"sheets"):
                close = b"</" + wb_p + local + b">"
                i = wb_xml.rfind(close)
                if i >= 0:
                    anchor = i + len(close)
                    break
            block = b"<" + wb_p + b"definedNames>" + b"".join(filter_names) + b"</" + wb_p + b"definedNames>"
            wb_xml = wb_xml[:anchor] + block + wb_xml[anchor:]
    rels_xml = _insert_in(rels_xml, rel_p, b"Relationships", b"".join(rel_els))
    ct_xml = _insert_in(ct_xml, ct_p, b"Types", b"".join(ct_els))
    if drop:
        rels_xml = re.sub(
            rb"<" + re.escape(rel_p) + rb"Relationship\b[^>]*?" + re.escape(REL_VBA.encode()) + rb"[^>]*/>",
            b"",
            rels_xml,
        )
        ct_xml = ct_xml.replace(CT_MAIN_MACRO.encode(), CT_MAIN.encode())
        for part in drop:
            ct_xml = re.sub(
                rb"<"
                + re.escape(ct_p)
                + rb"""Override\b[^>]*?PartName\s*=\s*["']/"""
                + re.escape(part.encode())
                + rb"""["'][^>]*/>""",
                b"",
                ct_xml,
                flags=re.I,
            )
        remaining_bins = [n for n in names if n.endswith(".bin") and n not in drop]
        if not remaining_bins:
            ct_xml = re.sub(
                rb"<"
                + re.escape(ct_p)
                + rb"""Default\b[^>]*?ContentType\s*=\s*["']"""
                + re.escape(CT_VBA.encode())
                + rb"""["'][^>]*/>""",
                b"",
                ct_xml,
            )
    replaced = {
        pkg.workbook_part.lower(): wb_xml,
        pkg.workbook_rels_part.lower(): rels_xml,
        ct_name.lower(): ct_xml,
    }

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zout:
        styles_info = None
        for info in zf.infolist():
            lname = info.filename.lower()
            if lname in drop:
                continue
            if lname == pkg.styles_part.lower():
                styles_info = info  # written last: patched sheets add cell formats to it
                continue
            if lname in replaced:
                zout.writestr(_zinfo(info, info.filename, zipfile.ZIP_DEFLATED), replaced[lname])
                continue
            ann = by_part.get(info.filename)
            if ann is not None:
                if progress is not None:
                    progress(f"Annotating sheet {ann.target_name}")
                prefix = _sheet_prefix(zf, info.filename)
                patcher = _SheetPatcher(ann, styles, prefix, n_status)
                with zout.open(_zinfo(info, info.filename, zipfile.ZIP_DEFLATED), "w") as dst:
                    patcher.run(_iter_part(zf, info.filename), dst.write, cancel)
                continue
            with zf.open(info) as src, zout.open(_zinfo(info, info.filename), "w") as dst:
                while chunk := src.read(_CHUNK):
                    dst.write(chunk)
        for part, sheet in new_parts:
            if progress is not None:
                progress(f"Adding sheet {sheet.name}")
            with zout.open(_zinfo(None, part), "w") as dst:
                for piece in new_sheet_xml(sheet, styles):
                    dst.write(piece)
        zout.writestr(_zinfo(styles_info, pkg.styles_part, zipfile.ZIP_DEFLATED), styles.render())


def _sheet_prefix(zf: zipfile.ZipFile, part: str) -> bytes:
    with zf.open(part) as fh:
        head = fh.read(8192)
    _check_xml(head, part)
    if NS_STRICT.encode() in head:
        raise PatchUnsupported("strict OOXML")
    return _root_prefix(head, b"worksheet")
