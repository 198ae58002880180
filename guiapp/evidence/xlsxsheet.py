"""Patching worksheets for the XML patcher: styles, cell XML, streaming a sheet, and the sheets it adds.

Holds :class:`StyleBook` (the styles part plus the fonts, fills and cell formats the export appends after the
existing ones, so every existing style index keeps its meaning), the XML of the cells the export writes,
:class:`SheetPatcher` that streams one worksheet part in bounded chunks (status cells appended to the right
rows, matched cells highlighted, the dimension widened, column widths added) and :func:`new_sheet_xml` that
writes a sheet the export adds (:class:`NewSheet`). Text is always written as inline strings, never formulas.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from guiapp.evidence.xlsxpackage import (
    NS_MAIN,
    NS_REL,
    PatchUnsupported,
    bump_count,
    insert_in,
    root_prefix,
    xml_attr,
    xml_text,
)
from guiapp.model import CancelToken, column_index, column_letter

_CELL_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{1,3})(\d+)["']""")
_ROW_NUM = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
_SPANS = re.compile(rb"""\sspans\s*=\s*["'][^"']*["']""")
_S_ATTR = re.compile(rb"""\ss\s*=\s*["'](\d+)["']""")
_CONTENT = re.compile(rb"<(?:\w+:)?(?:v|f|is)\b")


class _Cell(Protocol):
    value: str | int | float | None
    style: str


class Annotation(Protocol):
    """What the patcher needs of a sheet's annotation (guiapp.evidence.plan_types.SheetAnnotation)."""

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
        self.p = root_prefix(xml, b"styleSheet")
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
                xml = insert_in(xml, self.p, local, b"".join(items))
                xml = bump_count(xml, self.p, local, len(items))
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
    text = xml_text(str(value))
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


class SheetPatcher:
    """Stream one worksheet part, adding an annotation's cells and styles."""

    def __init__(self, ann: Annotation, styles: StyleBook, prefix: bytes, n_status: int) -> None:
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
    rest = b"".join(
        b' %s="%s"' % (k.encode(), xml_attr(v)) for k, v in attrs.items() if k not in ("min", "max")
    )
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
