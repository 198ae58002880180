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

from guiapp.evidence.xlsxpackage import (
    CHUNK,
    CT_MAIN,
    CT_MAIN_MACRO,
    CT_VBA,
    CT_WORKSHEET,
    NS_REL,
    REL_VBA,
    REL_WORKSHEET,
    Package,
    PatchUnsupported,
    SheetPart,
    insert_in,
    iter_part,
    merged_width,
    ns_prefix,
    open_package,
    read_part,
    rels_part_of,
    root_prefix,
    sheet_prefix,
    xml_attr,
    xml_text,
    zip_info,
)
from guiapp.evidence.xlsxsheet import (
    STATUS_WIDTHS,
    Annotation,
    NewSheet,
    SheetPatcher,
    StyleBook,
    new_sheet_xml,
)
from guiapp.model import CancelToken, column_letter

__all__ = [
    "STATUS_WIDTHS",
    "NewSheet",
    "Package",
    "PatchUnsupported",
    "SheetPart",
    "StyleBook",
    "merged_width",
    "new_sheet_xml",
    "open_package",
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
    taken = set(names)
    wb_xml = read_part(zf, pkg.workbook_part)
    rels_xml = read_part(zf, pkg.workbook_rels_part)
    ct_name = names["[content_types].xml"]
    ct_xml = read_part(zf, ct_name)
    wb_p = root_prefix(wb_xml, b"workbook")
    r_prefix = ns_prefix(wb_xml, NS_REL)
    rel_p = root_prefix(rels_xml, b"Relationships")
    ct_p = root_prefix(ct_xml, b"Types")
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
            % (rel_p, rid.encode(), REL_WORKSHEET.encode(), xml_attr(rel_target))
        )
        ct_els.append(
            b'<%sOverride PartName="/%s" ContentType="%s"/>' % (ct_p, xml_attr(part), CT_WORKSHEET.encode())
        )
        rid_attr = b"%s:id" % r_prefix if r_prefix else b'xmlns:r="%s" r:id' % NS_REL.encode()
        sheet_els.append(
            b'<%ssheet name="%s" sheetId="%d" %s="%s"/>'
            % (wb_p, xml_attr(sheet.name), next_sheet_id + k, rid_attr, rid.encode())
        )
        if sheet.header and sheet.rows:
            ncols = max(len(r) for r in sheet.rows)
            ref = f"{_quote_sheet(sheet.name)}!$A$1:${column_letter(ncols - 1)}${len(sheet.rows)}"
            filter_names.append(
                b'<%sdefinedName name="_xlnm._FilterDatabase" localSheetId="%d" hidden="1">%s</%sdefinedName>'
                % (wb_p, len(pkg.sheets) + k, xml_text(ref), wb_p)
            )
    wb_xml = insert_in(wb_xml, wb_p, b"sheets", b"".join(sheet_els))
    if filter_names:
        if re.search(rb"<" + re.escape(wb_p) + rb"definedNames\b", wb_xml):
            wb_xml = insert_in(wb_xml, wb_p, b"definedNames", b"".join(filter_names))
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
    rels_xml = insert_in(rels_xml, rel_p, b"Relationships", b"".join(rel_els))
    ct_xml = insert_in(ct_xml, ct_p, b"Types", b"".join(ct_els))
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
                zout.writestr(zip_info(info, info.filename, zipfile.ZIP_DEFLATED), replaced[lname])
                continue
            ann = by_part.get(info.filename)
            if ann is not None:
                if progress is not None:
                    progress(f"Annotating sheet {ann.target_name}")
                prefix = sheet_prefix(zf, info.filename)
                patcher = SheetPatcher(ann, styles, prefix, n_status)
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
