"""The workbook package as the XML patcher sees it: zip members, relationships, namespaces and small edits.

Holds the OOXML namespace and content-type constants, :class:`PatchUnsupported`, :func:`open_package` that
finds the workbook, sheets, styles and VBA parts of an .xlsx/.xlsm (:class:`Package`, :class:`SheetPart`),
the safe reading of parts (UTF-8 only, no DOCTYPE; the few read as trees go through defusedxml), escaping
attribute and text values, where drawings and merged ranges reach, and the zip entries the patched package
is written with. Elements of the parts edited as bytes are found by namespace (guiapp.evidence.xmlns). The sheet and style
patching (guiapp.evidence.xlsxsheet) and the package writer (guiapp.evidence.xlsxpatch) build on it.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO

from defusedxml import ElementTree as SafeET

from guiapp.evidence.errors import PatchUnsupported as PatchUnsupported  # re-exported
from guiapp.model import column_index

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
CHUNK = 1 << 20
#: zlib level for the parts this module writes: level 1 is several times faster than 6 for 10% more size.
_COMPRESS_LEVEL = 1
_MAX_CELL_CHARS = 32767
_ILLEGAL_XML = re.compile(r"[\000-\010\013\014\016-\037\ud800-\udfff\ufffe\uffff]")
#: Excel reads _xHHHH_ in a string as an escaped character; a literal one is written as _x005F_xHHHH_.
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


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


def read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    """A part's bytes, refused unless it is UTF-8 XML without a DOCTYPE."""
    try:
        data = zf.read(name)
    except KeyError as exc:
        raise PatchUnsupported(f"part {name} is missing") from exc
    check_xml(data, name)
    return data


def check_xml(data: bytes, name: str) -> None:
    """Refuse a part (or its first bytes) that is not UTF-8 or declares a DOCTYPE."""
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


def rels_part_of(part: str) -> str:
    """The relationships part of a part: ``xl/_rels/workbook.xml.rels`` for ``xl/workbook.xml``."""
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
    rels = names.get(rels_part_of(source_part).lower())
    if rels is None:
        return []
    root = _parse(read_part(zf, rels), rels)
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
    wb_xml = read_part(zf, workbook_part)
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
        workbook_rels_part=names.get(rels_part_of(workbook_part).lower(), rels_part_of(workbook_part)),
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
    ct = _parse(read_part(zf, ct_name), ct_name)
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


def iter_part(zf: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """A part's decompressed bytes in chunks of at most CHUNK bytes."""
    with zf.open(part) as fh:
        while chunk := fh.read(CHUNK):
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
    for chunk in iter_part(pkg.zf, sheet.part):
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
# Escaping


def xml_attr(value: str) -> bytes:
    """A value escaped for a double-quoted XML attribute, as UTF-8."""
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").encode()
    )


def xml_text(value: str) -> bytes:
    """Text escaped for XML content: illegal characters as U+FFFD, cut to Excel's limit, _xHHHH_ literal."""
    value = _ILLEGAL_XML.sub("\ufffd", value)[:_MAX_CELL_CHARS]
    if "_x" in value:
        value = _EXCEL_ESCAPE.sub(r"_x005F_\1", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")


# --------------------------------------------------------------------------------------------------------------
# Zip members


def zip_info(src: zipfile.ZipInfo | None, name: str, compress_type: int | None = None) -> zipfile.ZipInfo:
    """A zip entry for a member written anew, with the date and attributes of the original ``src`` if any."""
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
    # typeshed's ZipInfo stub leaves out this private attribute.
    info._compresslevel = _COMPRESS_LEVEL  # type: ignore[attr-defined]
    return info


# --------------------------------------------------------------------------------------------------------------
# Drawings: where charts, images and shapes sit, so the status columns go clear of them

NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
REL_DRAWING = NS_REL + "/drawing"
#: EMUs in a default-width column (64 pixels at 96 dpi): to place one-cell and absolute anchors.
_EMU_PER_COLUMN = 609600


def _anchor_box(anchor) -> tuple[int, int, int, int] | None:
    """(first column, last column, first row, last row), 0-based, of a drawing anchor (None if unreadable)."""

    def cell(tag: str) -> tuple[int, int, int] | None:
        el = anchor.find(f"{{{NS_XDR}}}{tag}")
        if el is None:
            return None
        try:
            col = int(el.findtext(f"{{{NS_XDR}}}col", "0"))
            row = int(el.findtext(f"{{{NS_XDR}}}row", "0"))
            col_off = int(el.findtext(f"{{{NS_XDR}}}colOff", "0"))
        except ValueError:
            return None
        return col, row, col_off

    start = cell("from")
    local = anchor.tag.rpartition("}")[2]
    if local == "twoCellAnchor":
        end = cell("to")
        if start is None or end is None:
            return None
        last = end[0] if end[2] > 0 or end[0] == start[0] else end[0] - 1
        return start[0], last, start[1], end[1]
    ext = anchor.find(f"{{{NS_XDR}}}ext")
    try:
        cx = int(ext.get("cx", "0")) if ext is not None else 0
        cy = int(ext.get("cy", "0")) if ext is not None else 0
    except ValueError:
        return None
    rows = cy // 190500 + 1  # 20 px default rows
    if local == "oneCellAnchor" and start is not None:
        return start[0], start[0] + (start[2] + cx) // _EMU_PER_COLUMN, start[1], start[1] + rows
    if local == "absoluteAnchor":
        pos = anchor.find(f"{{{NS_XDR}}}pos")
        try:
            x = int(pos.get("x", "0")) if pos is not None else 0
        except ValueError:
            return None
        first = x // _EMU_PER_COLUMN
        return first, (x + cx) // _EMU_PER_COLUMN, 0, 1 << 20
    return None


def drawing_width(pkg: Package, sheet_name: str, first_row: int, last_row: int) -> int:
    """Columns from A to the right edge of the sheet's drawings (charts, images, shapes) that reach rows
    ``first_row``..``last_row`` (1-based); 0 when none. The status columns go right of them, not under them.
    """
    sheet = pkg.sheet(sheet_name)
    if sheet is None or not sheet.part:
        return 0
    names = {n.lower(): n for n in pkg.zf.namelist()}
    width = 0
    for _, typ, target in _relationships(pkg.zf, names, sheet.part):
        if typ != REL_DRAWING or target.lower() not in names:
            continue
        try:
            root = _parse(read_part(pkg.zf, names[target.lower()]), target)
        except PatchUnsupported:
            continue  # an unreadable drawing is copied as it is; the status columns go where the table ends
        for anchor in root:
            box = _anchor_box(anchor)
            if box is None:
                continue
            c0, c1, r0, r1 = box
            if r1 + 1 < first_row or r0 + 1 > last_row:
                continue
            width = max(width, c1 + 1)
    return width
