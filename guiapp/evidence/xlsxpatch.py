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

Producers spell the namespaces with different prefixes (Excel, LibreOffice, openpyxl with lxml declaring
``xmlns:r`` on each ``<sheet>``, ``x:``-prefixed packages): every element edited is found by its namespace URI
and written with the prefix in scope where it goes (guiapp.evidence.xmlns), never by an assumed prefix.

Text is always written as inline strings (``t="inlineStr"``), never as formulas. The XML is scanned with
byte-level regular expressions over bounded chunks, never parsed by an entity-expanding parser, so a hostile
DOCTYPE cannot expand; parts that declare a DOCTYPE are refused. The few small parts that are read as trees
(relationships, content types, workbook) go through defusedxml.

A workbook this module cannot handle (strict OOXML, a missing part, a layout it does not expect) raises
:class:`PatchUnsupported` before or while writing; the caller falls back to another backend.

This module writes the patched package (:func:`write_patched`) and re-exports what the export uses; the
package plumbing (reading parts, relationships, namespaces, small edits, zip entries) is in
guiapp.evidence.xlsxpackage and the styles, cells and sheet streaming in guiapp.evidence.xlsxsheet.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO

from guiapp.evidence import xmlns
from guiapp.evidence.xlsxpackage import (
    CHUNK,
    CT_MAIN,
    CT_MAIN_MACRO,
    CT_VBA,
    CT_WORKSHEET,
    NS_CT,
    NS_MAIN,
    NS_PKG_REL,
    NS_REL,
    REL_VBA,
    REL_WORKSHEET,
    Package,
    PatchUnsupported,
    SheetPart,
    drawing_width,
    iter_part,
    merged_width,
    open_package,
    read_part,
    rels_part_of,
    xml_attr,
    xml_text,
    zip_info,
)
from guiapp.evidence.xlsxsheet import (
    STATUS_WIDTHS,
    STATUS_WRAP,
    Annotation,
    NewSheet,
    SheetPatcher,
    StyleBook,
    fits_page_width,
    new_sheet_xml,
)
from guiapp.model import CancelToken, column_index, column_letter

__all__ = [
    "STATUS_WIDTHS",
    "STATUS_WRAP",
    "NewSheet",
    "Package",
    "PatchUnsupported",
    "SheetPart",
    "drawing_width",
    "StyleBook",
    "fits_page_width",
    "merged_width",
    "new_sheet_xml",
    "open_package",
    "widened_area",
    "write_patched",
]


def _quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def write_patched(
    pkg: Package,
    annotations: Iterable[Annotation],
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
    for annotation in annotations:
        sheet_part = pkg.sheet(annotation.target_name)
        if sheet_part is None or not sheet_part.part:
            raise PatchUnsupported(f"sheet {annotation.target_name!r} is not a worksheet of the workbook")
        by_part[sheet_part.part] = annotation
    styles = StyleBook(read_part(zf, pkg.styles_part), fills)
    drop = {p.lower() for p in pkg.vba_parts} if not keep_vba else set()
    if drop:
        drop |= {rels_part_of(p).lower() for p in pkg.vba_parts}

    # New parts and their registration.
    ct_name = names["[content_types].xml"]
    wb_xml = read_part(zf, pkg.workbook_part)
    rels_xml = read_part(zf, pkg.workbook_rels_part)
    ct_xml = read_part(zf, ct_name)
    new_parts, wb_xml, rels_xml, ct_xml = _register_sheets(pkg, new_sheets, names, wb_xml, rels_xml, ct_xml)
    wb_xml = extend_print_names(wb_xml, pkg, list(by_part.values()), n_status)
    if drop:
        rels_xml, ct_xml = _drop_vba(rels_xml, ct_xml, drop, names)
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
                zout.writestr(zip_info(info, info.filename, zipfile.ZIP_DEFLATED), replaced[lname])
                continue
            ann = by_part.get(info.filename)
            if ann is not None:
                if progress is not None:
                    progress(f"Annotating sheet {ann.target_name}")
                patcher = SheetPatcher(ann, styles, n_status)
                with zout.open(zip_info(info, info.filename, zipfile.ZIP_DEFLATED), "w") as dst:
                    patcher.run(iter_part(zf, info.filename), dst.write, cancel)
                continue
            with zf.open(info) as src, zout.open(zip_info(info, info.filename), "w") as dst:
                while chunk := src.read(CHUNK):
                    dst.write(chunk)
        for part, sheet in new_parts:
            if progress is not None:
                progress(f"Adding sheet {sheet.name}")
            with zout.open(zip_info(None, part), "w") as dst:
                for piece in new_sheet_xml(sheet, styles):
                    dst.write(piece)
        zout.writestr(zip_info(styles_info, pkg.styles_part, zipfile.ZIP_DEFLATED), styles.render())


def _register_sheets(
    pkg: Package,
    new_sheets: Sequence[NewSheet],
    names: Mapping[str, str],
    wb_xml: bytes,
    rels_xml: bytes,
    ct_xml: bytes,
) -> tuple[list[tuple[str, NewSheet]], bytes, bytes, bytes]:
    """Name the parts of the new sheets and register them in the workbook, its relationships and the content
    types; every element is found by namespace and written with the prefixes in scope where it goes."""
    wb_els = xmlns.scan(wb_xml)
    xmlns.root(wb_els, NS_MAIN, b"workbook")
    sheets_el = xmlns.first(wb_els, NS_MAIN, b"sheets")
    if sheets_el is None:
        raise PatchUnsupported("the workbook has no <sheets> element")
    rels_els = xmlns.scan(rels_xml)
    rels_root = xmlns.root(rels_els, NS_PKG_REL, b"Relationships")
    ct_els = xmlns.scan(ct_xml)
    ct_root = xmlns.root(ct_els, NS_CT, b"Types")

    ids = {r.attr(rels_xml, "", b"Id") for r in xmlns.find(rels_els, NS_PKG_REL, b"Relationship")}
    sheet_ids = [
        int(v)
        for el in xmlns.find(wb_els, NS_MAIN, b"sheet")
        if (v := el.attr(wb_xml, "", b"sheetId")) is not None and v.isdigit()
    ]
    next_sheet_id = max(sheet_ids, default=0) + 1
    taken = set(names)
    wb_dir = posixpath.dirname(pkg.workbook_part)
    new_parts: list[tuple[str, NewSheet]] = []
    sheet_w = xmlns.Writer(sheets_el.scope)
    rel_w = xmlns.Writer(rels_root.scope)
    ct_w = xmlns.Writer(ct_root.scope)
    sheet_els, rel_els, ct_new, filter_names = [], [], [], []
    n = 1
    for k, sheet in enumerate(new_sheets):
        while f"{wb_dir}/worksheets/sheet{n}.xml".lower() in taken:
            n += 1
        part = f"{wb_dir}/worksheets/sheet{n}.xml".lstrip("/")
        taken.add(part.lower())
        rid_n = len(ids) + 1
        while f"rId{rid_n}".encode() in ids:
            rid_n += 1
        rid = f"rId{rid_n}".encode()
        ids.add(rid)
        new_parts.append((part, sheet))
        rel_target = posixpath.relpath(part, wb_dir) if wb_dir else part
        rel_els.append(
            rel_w.element(
                NS_PKG_REL,
                b"Relationship",
                [(b"Id", rid), (b"Type", REL_WORKSHEET.encode()), (b"Target", xml_attr(rel_target))],
            )
        )
        ct_new.append(
            ct_w.element(
                NS_CT,
                b"Override",
                [(b"PartName", b"/" + xml_attr(part)), (b"ContentType", CT_WORKSHEET.encode())],
            )
        )
        sheet_qname, _ = sheet_w.qname(NS_MAIN, b"sheet")
        el_prefix = sheet_qname.rpartition(b":")[0]
        rid_name, rid_decl = sheet_w.attr(NS_REL, b"id", el_prefix)
        sheet_els.append(
            sheet_w.element(
                NS_MAIN,
                b"sheet",
                [(b"name", xml_attr(sheet.name)), (b"sheetId", b"%d" % (next_sheet_id + k)), (rid_name, rid)],
                extra_decl=rid_decl,
            )
        )
        if sheet.header and sheet.rows:
            ncols = max(len(r) for r in sheet.rows)
            ref = f"{_quote_sheet(sheet.name)}!$A$1:${column_letter(ncols - 1)}${len(sheet.rows)}"
            index = len(pkg.sheets) + k
            filter_names.append((index, b"_xlnm._FilterDatabase", xml_text(ref), True))
            # The header row is printed at the top of every page.
            filter_names.append(
                (index, b"_xlnm.Print_Titles", xml_text(f"{_quote_sheet(sheet.name)}!$1:$1"), False)
            )
    wb_xml = xmlns.insert_children(wb_xml, sheets_el, b"".join(sheet_els))
    if filter_names:
        wb_xml = _add_filter_names(wb_xml, filter_names)
    rels_xml = xmlns.insert_children(rels_xml, rels_root, b"".join(rel_els))
    ct_xml = xmlns.insert_children(ct_xml, ct_root, b"".join(ct_new))
    return new_parts, wb_xml, rels_xml, ct_xml


def _add_filter_names(wb_xml: bytes, filter_names: Sequence[tuple[int, bytes, bytes, bool]]) -> bytes:
    """The new sheets' built-in names (autoFilter ranges, print titles), in <definedNames> (made if absent)."""
    els = xmlns.scan(wb_xml)
    wb_root = els[0]
    defined = xmlns.first(els, NS_MAIN, b"definedNames")
    w = xmlns.Writer(defined.scope if defined is not None else wb_root.scope)
    items = b"".join(
        w.element(
            NS_MAIN,
            b"definedName",
            [(b"name", name), (b"localSheetId", b"%d" % index)] + ([(b"hidden", b"1")] if hidden else []),
            ref,
        )
        for index, name, ref, hidden in filter_names
    )
    if defined is not None:
        return xmlns.insert_children(wb_xml, defined, items)
    # definedNames follows sheets, functionGroups and externalReferences in the schema's order.
    anchor = None
    for local in (b"externalReferences", b"functionGroups", b"sheets"):
        found = [e for e in xmlns.find(els, NS_MAIN, local) if e.depth == 1]
        if found:
            anchor = found[-1].end
            break
    if anchor is None or anchor < 0:
        raise PatchUnsupported("the workbook has no <sheets> element")
    block = xmlns.Writer(wb_root.scope).element(NS_MAIN, b"definedNames", content=items)
    return wb_xml[:anchor] + block + wb_xml[anchor:]


def _drop_vba(
    rels_xml: bytes, ct_xml: bytes, drop: set[str], names: Mapping[str, str]
) -> tuple[bytes, bytes]:
    """The workbook relationships and content types without the VBA project (a plain .xlsx)."""
    rels_els = xmlns.scan(rels_xml)
    rels_xml = xmlns.replace_span(
        rels_xml,
        [
            (r.start, r.end, b"")
            for r in xmlns.find(rels_els, NS_PKG_REL, b"Relationship")
            if r.attr(rels_xml, "", b"Type") == REL_VBA.encode()
        ],
    )
    ct_els = xmlns.scan(ct_xml)
    remaining_bins = [n for n in names if n.endswith(".bin") and n not in drop]
    edits = []
    for el in xmlns.find(ct_els, NS_CT, b"Override"):
        part = (el.attr(ct_xml, "", b"PartName") or b"").decode("utf-8", "replace").lstrip("/").lower()
        if part in drop:
            edits.append((el.start, el.end, b""))
        elif el.attr(ct_xml, "", b"ContentType") == CT_MAIN_MACRO.encode():
            tag = xmlns.set_attr(ct_xml[: el.open_end], el, b"ContentType", CT_MAIN.encode())[el.start :]
            edits.append((el.start, el.open_end, tag))
    if not remaining_bins:
        edits += [
            (el.start, el.end, b"")
            for el in xmlns.find(ct_els, NS_CT, b"Default")
            if el.attr(ct_xml, "", b"ContentType") == CT_VBA.encode()
        ]
    return rels_xml, xmlns.replace_span(ct_xml, edits)


_AREA = re.compile(r"(\$?)([A-Za-z]{1,3})(\$?)(\d*):(\$?)([A-Za-z]{1,3})(\$?)(\d*)")


def widened_area(text: str, first_col: int, last_col: int, last_row: int) -> str:
    """A print area (one or more ranges) with each range that covers the table reaching the status columns."""

    def widen(m: re.Match[str]) -> str:
        d1, c1, d2, r1, d3, c2, d4, r2 = m.groups()
        if column_index(c2.upper()) < first_col - 2:  # a range left of the table's last column: not the table
            return m.group()
        c2 = column_letter(max(column_index(c2.upper()), last_col))
        if r2:
            r2 = str(max(int(r2), last_row))
        return f"{d1}{c1}{d2}{r1}:{d3}{c2}{d4}{r2}"

    return _AREA.sub(widen, text)


def extend_print_names(
    wb_xml: bytes, pkg: Package, annotations: Sequence[Annotation], n_status: int
) -> bytes:
    """Print areas of annotated sheets widened to their status columns; print titles added where there are none.

    A sheet printed through a print area set before the export would otherwise print without its status; a
    sheet with a header row and no print titles gets that row repeated at the top of every page.
    """
    index = {s.name: i for i, s in enumerate(pkg.sheets)}
    wanted = {index[a.target_name]: a for a in annotations if a.target_name in index}
    if not wanted:
        return wb_xml
    els = xmlns.scan(wb_xml)
    edits: list[tuple[int, int, bytes]] = []
    titled: set[int] = set()
    for el in xmlns.find(els, NS_MAIN, b"definedName"):
        name = el.attr(wb_xml, "", b"name")
        local = el.attr(wb_xml, "", b"localSheetId")
        if name is None or local is None or not local.isdigit() or int(local) not in wanted:
            continue
        if name.lower() == b"_xlnm.print_titles":
            titled.add(int(local))
        if name.lower() != b"_xlnm.print_area" or el.empty:
            continue
        ann = wanted[int(local)]
        text = wb_xml[el.open_end : el.close_start].decode("utf-8", "replace")
        new = widened_area(text, ann.start_col, ann.start_col + n_status - 1, max(ann.rows, default=0))
        if new != text:
            edits.append((el.open_end, el.close_start, xml_text(new)))
    wb_xml = xmlns.replace_span(wb_xml, edits)
    titles = []
    for i, ann in sorted(wanted.items()):
        if i in titled or ann.header_row is None:
            continue
        ref = f"{_quote_sheet(ann.target_name)}!${ann.header_row}:${ann.header_row}"
        titles.append((i, b"_xlnm.Print_Titles", xml_text(ref), False))
    return _add_filter_names(wb_xml, titles) if titles else wb_xml
