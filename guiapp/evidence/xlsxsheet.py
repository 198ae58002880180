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

from guiapp.evidence import xmlns
from guiapp.evidence.xlsxpackage import (
    NS_MAIN,
    NS_REL,
    PatchUnsupported,
    check_xml,
    xml_attr,
    xml_text,
)
from guiapp.model import CancelToken, column_index, column_letter

_CELL_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{1,3})(\d+)["']""")
_ROW_NUM = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
_SPANS = re.compile(rb"""\sspans\s*=\s*["'][^"']*["']""")
_S_ATTR = re.compile(rb"""\ss\s*=\s*["'](\d+)["']""")
_TAG_END = (b" ", b">", b"/", b"\t", b"\n", b"\r")
_XMLNS_DECL = re.compile(rb"<[^<>]*\sxmlns\b")
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


#: The footer of the sheets the export adds: sheet name on the left, "Page N of M" on the right.
PRINT_FOOTER = "&L&A&RPage &P of &N"
#: Total column width (in characters) up to which a sheet is printed one page wide: wider sheets would
#: print too small to read, so they print across pages instead (with the header row repeated).
FIT_WIDTH_CHARS = 240


def fits_page_width(sheet: NewSheet) -> bool:
    """Whether a sheet the export adds is printed scaled to one page wide (a table narrow enough to read)."""
    return sheet.header and bool(sheet.widths) and sum(sheet.widths) <= FIT_WIDTH_CHARS


@dataclass
class NewSheet:
    """A worksheet to add at the end of the workbook.

    Attributes:
        name: the sheet name (already unique in the workbook).
        rows: rows of cells (objects with ``value`` and ``style``); row 1 first.
        widths: column widths from column A on.
        header: freeze the first row, put an autoFilter over the table and repeat it on every printed page.
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
        els = xmlns.scan(xml)
        xmlns.root(els, NS_MAIN, b"styleSheet")
        top = {e.local: e for e in els if e.depth == 1 and e.uri == NS_MAIN}
        fonts, fills_el, xfs = top.get(b"fonts"), top.get(b"fills"), top.get(b"cellXfs")
        if fonts is None or fills_el is None or xfs is None:
            raise PatchUnsupported("styles.xml has no fonts, fills or cell formats")
        self._els = els
        self._blocks = {b"fonts": fonts, b"fills": fills_el, b"cellXfs": xfs}
        font_els = [e for e in xmlns.children(els, fonts) if e.uri == NS_MAIN and e.local == b"font"]
        self._fonts = [xml[e.start : e.end] for e in font_els]
        self._n_fills = sum(
            1 for e in xmlns.children(els, fills_el) if e.uri == NS_MAIN and e.local == b"fill"
        )
        self._xfs: list[bytes] = [
            xml[e.start : e.end] for e in xmlns.children(els, xfs) if e.uri == NS_MAIN and e.local == b"xf"
        ]
        if not self._fonts or not self._xfs:
            raise PatchUnsupported("styles.xml has no default font or cell format")
        self._font0 = font_els[0]
        self._xf_w = xmlns.Writer(xfs.scope)
        self._has_style_xfs = b"cellStyleXfs" in top
        self._new_fonts: list[bytes] = []
        self._new_fills: list[bytes] = []
        self._new_xfs: list[bytes] = []
        self._fill_ids: dict[str, int] = {}
        fw = xmlns.Writer(fills_el.scope)
        for key, rgb in fills.items():
            self._fill_ids[key] = self._n_fills + len(self._new_fills)
            fill = fw.element(
                NS_MAIN,
                b"patternFill",
                [(b"patternType", b"solid")],
                fw.element(NS_MAIN, b"fgColor", [(b"rgb", b"FF" + rgb.upper().encode())])
                + fw.element(NS_MAIN, b"bgColor", [(b"indexed", b"64")]),
            )
            self._new_fills.append(fw.element(NS_MAIN, b"fill", content=fill))
        bold = self._font_variant(bold=True)
        section = self._font_variant(bold=True, size=12)
        self.styles: dict[str, int] = {
            "header": self._add_xf(font=bold),
            "section": self._add_xf(font=section),
        }
        self.styles["wrap"] = self._add_xf(wrap=True)
        for key in fills:
            self.styles[f"fill:{key}"] = self._add_xf(fill=self._fill_ids[key])
            self.styles[f"fill:{key}+wrap"] = self._add_xf(fill=self._fill_ids[key], wrap=True)
        self._clones: dict[tuple[int, str], int] = {}

    def _font_variant(self, bold: bool, size: int | None = None) -> int:
        """A copy of the default font, bold and optionally of another size; its children found by namespace."""
        xml, font = self.xml, self._font0
        kids = [e for e in xmlns.children(self._els, font) if e.uri == NS_MAIN]
        drop = {b"b"} | ({b"sz"} if size is not None else set())
        w = xmlns.Writer(font.scope)
        added = b""
        if bold:
            added += w.element(NS_MAIN, b"b")
        if size is not None:
            added += w.element(NS_MAIN, b"sz", [(b"val", b"%d" % size)])
        edits = [(e.start - font.start, e.end - font.start, b"") for e in kids if e.local in drop]
        copy = xmlns.replace_span(xml[font.start : font.end], edits)
        if font.empty:
            qname = font.prefix + b":font" if font.prefix else b"font"
            copy = copy[:-2].rstrip() + b">" + added + b"</" + qname + b">"
        else:
            cut = font.open_end - font.start
            copy = copy[:cut] + added + copy[cut:]
        self._new_fonts.append(copy)
        return len(self._fonts) + len(self._new_fonts) - 1

    def _add_xf(self, font: int = 0, fill: int = 0, wrap: bool = False) -> int:
        xf_id = b' xfId="0"' if self._has_style_xfs else b""
        apply = (b' applyFont="1"' if font else b"") + (b' applyFill="1"' if fill else b"")
        attrs = b' numFmtId="0" fontId="%d" fillId="%d" borderId="0"%s%s' % (font, fill, xf_id, apply)
        name, decl = self._xf_w.qname(NS_MAIN, b"xf")
        if wrap:
            alignment = xmlns.Writer(self._xf_w.scope).element(
                NS_MAIN, b"alignment", [(b"wrapText", b"1"), (b"vertical", b"top")]
            )
            if decl:  # the xf declares the namespace itself, so its child is in scope of that declaration
                alignment = b'<alignment wrapText="1" vertical="top"/>'
            xf = b'<%s%s%s applyAlignment="1">%s</%s>' % (name, decl, attrs, alignment, name)
        else:
            xf = b"<%s%s%s/>" % (name, decl, attrs)
        self._new_xfs.append(xf)
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
        """The styles part with the added fonts, fills and cell formats, and their counts raised."""
        edits = []
        for local, items in (
            (b"fonts", self._new_fonts),
            (b"fills", self._new_fills),
            (b"cellXfs", self._new_xfs),
        ):
            if items:
                edits += xmlns.append_counted(self.xml, self._blocks[local], b"".join(items), len(items))
        return xmlns.replace_span(self.xml, edits)


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
        if j in STATUS_WRAP and pc.value:
            key = f"{key}+wrap" if key.startswith("fill:") else "wrap"
        xml = _cell_xml(p, column_letter(col).encode() + suffix, pc.value, styles.style(key))
        if xml:
            out.append((col, xml))
    return out


def _letters_from(col: int) -> bytes:
    """A regex matching the column letters of ``col`` (0-based) and of every column right of it."""
    s = column_letter(col)
    k = len(s)
    alts = [b"[A-Za-z]{%d,3}" % (k + 1)] if k < 3 else []
    for i in range(k):
        c = s[i]
        if c != "Z":
            nxt = chr(ord(c) + 1)
            rng = f"[{nxt}-Z{nxt.lower()}-z]"
            alts.append((s[:i] + rng + ("[A-Za-z]" * (k - i - 1))).encode())
    alts.append(s.encode())
    return b"|".join(b"(?:%s)" % a for a in alts)


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
#: Status columns whose text wraps (0-based from the Status column): Reason and Note.
STATUS_WRAP: frozenset[int] = frozenset({6, 7})


class SheetPatcher:
    """Stream one worksheet part, adding an annotation's cells and styles."""

    def __init__(self, ann: Annotation, styles: StyleBook, n_status: int) -> None:
        self.ann = ann
        self.styles = styles
        self.n_status = n_status
        self._use_prefix(b"")
        # Rows that may be missing from the XML; clear rows have content, so they are always there.
        self.planned = sorted(ann.rows.keys() | ann.highlights.keys())
        self._templates: dict[int, list[tuple[int, list[bytes]]]] = {}
        self._merged: dict[tuple[int, bytes], list[bytes]] = {}
        self._keep: list[object] = []
        self.next_planned = 0
        self.last_row = 0

    def _use_prefix(self, prefix: bytes) -> None:
        """Match and write the rows and cells with ``prefix`` (b"" or b"x:"), bound to the main namespace."""
        self.p = prefix
        p = re.escape(prefix)
        self.row_re = re.compile(rb"<" + p + rb"row\b([^>]*?)(?:/>|>(.*?)</" + p + rb"row>)", re.S)
        self.cell_open = b"<" + prefix + b"c"
        self.cell_re = re.compile(rb"<" + p + rb"c\b([^>]*?)(?:/>|>.*?</" + p + rb"c>)", re.S)
        self.close_sheetdata = b"</" + prefix + b"sheetData>"
        # A cell whose reference is at or right of the first status column.
        self.tail_re = re.compile(
            rb"<"
            + p
            + rb"c\s[^>]*?(?<=\s)r\s*=\s*[\"'](?:"
            + _letters_from(self.ann.start_col)
            + rb")\d+[\"']"
        )

    # -- head: dimension and column widths ------------------------------------------------------------
    def patch_head(self, head: bytes, els: list[xmlns.Element]) -> bytes:
        """The part up to <sheetData> with the dimension widened and the status column widths added.

        ``els`` are the elements of ``head`` (xmlns.scan); they are found by namespace, whatever their prefix.
        """
        ann = self.ann
        last_col = ann.start_col + self.n_status - 1
        last_row = max(ann.rows, default=0)
        edits = []
        dim = xmlns.first(els, NS_MAIN, b"dimension")
        ref = dim.attr(head, "", b"ref") if dim is not None else None
        if dim is not None and ref is not None:
            new_ref = _widen_ref(ref.decode(), last_col, last_row).encode()
            tag = xmlns.set_attr(head[: dim.open_end], dim, b"ref", new_ref)[dim.start :]
            edits.append((dim.start, dim.open_end, tag))
        edits.append(self._patch_cols(head, els))
        return xmlns.replace_span(head, edits)

    def _patch_cols(self, head: bytes, els: list[xmlns.Element]) -> tuple[int, int, bytes]:
        """The edit that gives the status columns their widths (a <cols> made when there is none)."""
        lo = self.ann.start_col + 1  # <col> min/max are 1-based
        widths = STATUS_WIDTHS[: self.n_status]
        wanted = {lo + i: w for i, w in enumerate(widths)}
        cols = next((e for e in xmlns.find(els, NS_MAIN, b"cols") if e.depth == 1), None)
        if cols is None or cols.end < 0:
            root = els[0]
            _w, p = xmlns.inner_writer(root, NS_MAIN)
            body = b"".join(
                _col_xml(p, c, c, {"width": repr(float(w)), "customWidth": "1"}) for c, w in wanted.items()
            )
            sd = next(e for e in els if e.uri == NS_MAIN and e.local == b"sheetData")
            return sd.start, sd.start, b"<" + p + b"cols>" + body + b"</" + p + b"cols>"
        _w, p = xmlns.inner_writer(cols, NS_MAIN)
        existing = []
        for el in xmlns.children(els, cols):
            if el.uri != NS_MAIN or el.local != b"col":
                continue
            attrs = {k.decode(): v.decode() for k, v in el.attrs(head).items()}
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
        return cols.open_end, cols.close_start, body

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
            new = self._status_xml(row, status, fill_key)
            split = self._tail_start(content)
            if split == len(content):
                content = content + b"".join(x for _, x in new)
            elif split is not None:
                # Cells at or right of the status columns (often formatted empty cells): merge only those.
                tail = content[split:]
                content = content[:split] + (
                    self._merge_tail(row, tail, new, status)
                    if fill_key is None
                    else self._merge_cells(row, tail, new)
                )
            else:
                content = self._merge_cells(row, content, new)
            attrs = _SPANS.sub(b"", attrs)
        return b"<%srow%s>%s</%srow>" % (self.p, attrs, content, self.p)

    def _status_xml(self, row: int, status: Sequence[_Cell], fill_key: str | None) -> list[tuple[int, bytes]]:
        """The status cells of a row; the one shared "Clear" tuple is built once and its row number filled in."""
        if fill_key is None and type(status) is tuple:
            cached = self._templates.get(id(status))
            if cached is None:
                marker = 999_999_999
                cells = _cells_for(self.p, marker, self.ann.start_col, status, self.styles, None)
                cached = [(col, xml.split(b"%d" % marker)) for col, xml in cells]
                self._templates[id(status)] = cached
                self._keep.append(status)  # the id stays this object's while the template is cached
            num = b"%d" % row
            return [(col, num.join(parts)) for col, parts in cached]
        return _cells_for(self.p, row, self.ann.start_col, status, self.styles, fill_key)

    def _tail_start(self, content: bytes) -> int | None:
        """Offset of the first cell at or right of the status columns (len(content) when none; None: unknown).

        Cells are in column order: the last cell says whether any is that far right; if so one regex search
        finds the first. None when the last cell has no reference (the whole row is then parsed).
        """
        opener = self.cell_open
        n = len(opener)
        pos = len(content)
        while True:
            i = content.rfind(opener, 0, pos)
            if i < 0:
                return len(content)
            if content[i + n : i + n + 1] in _TAG_END:
                break
            pos = i  # <color>, <charset> ... of rich text: not a cell
        end = content.find(b">", i)
        ref = _CELL_REF.search(content, i, end) if end > 0 else None
        if ref is None:
            return None
        if _col_of(ref.group(1).upper()) < self.ann.start_col:
            return len(content)  # the usual row: its last cell is left of the status columns
        m = self.tail_re.search(content)
        return m.start() if m is not None else None

    def _merge_tail(
        self, row: int, tail: bytes, new: list[tuple[int, bytes]], status: Sequence[_Cell]
    ) -> bytes:
        """The cells at and right of the status columns merged with the status cells.

        Rows formatted whole in Excel repeat the same formatted empty cells row after row: for the shared "Clear"
        status the merged result is kept with the row numbers taken out and reused for every row like it.
        """
        if type(status) is not tuple:
            return self._merge_cells(row, tail, new)
        num_q = b'%d"' % row
        n = tail.count(num_q)
        # Every `<row number>"` must be the end of a cell reference (r="M12"), so that putting the number back
        # touches nothing else.
        if n == 0 or n != tail.count(b' r="') or b'#"' in tail:
            return self._merge_cells(row, tail, new)
        key = (id(status), tail.replace(num_q, b'#"'))
        parts = self._merged.get(key)
        if parts is None:
            merged = self._merge_cells(row, tail, new)
            if merged.count(num_q) != merged.count(b' r="') or len(self._merged) > 1000:
                return merged
            parts = merged.replace(num_q, b'#"').split(b'#"')
            self._merged[key] = parts
            return merged
        return num_q.join(parts)

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

    def _find_sheetdata(self, buf: bytes) -> tuple[list[xmlns.Element], xmlns.Element] | None:
        """The head's elements and the <sheetData> element once its start tag is in ``buf``."""
        i = buf.find(b"sheetData")
        while i >= 0:
            j = buf.find(b">", i)
            if j < 0:
                return None
            els = xmlns.scan(buf, j + 1)
            sd = els[-1] if els else None
            if sd is not None and sd.uri == NS_MAIN and sd.local == b"sheetData" and sd.depth == 1:
                break
            i = buf.find(b"sheetData", j)
        else:
            return None
        check_xml(buf[:4096], f"sheet {self.ann.target_name!r}")
        xmlns.root(els, NS_MAIN, b"worksheet")
        self._use_prefix(sd.prefix + b":" if sd.prefix else b"")
        return els, sd

    def run(self, chunks: Iterator[bytes], write: Callable[[bytes], Any], cancel: CancelToken | None) -> None:
        """Read the sheet from ``chunks`` and write the patched sheet with ``write``."""
        buf = b""
        for chunk in chunks:
            buf += chunk
            if b"sheetData" in buf[-len(chunk) - 16 :] and self._find_sheetdata(buf) is not None:
                break
        found = self._find_sheetdata(buf)
        if found is None:
            raise PatchUnsupported(f"sheet {self.ann.target_name!r} has no sheetData")
        els, sd = found
        write(self.patch_head(buf[: sd.start], els))
        if sd.empty:  # <sheetData/>: an empty sheet
            write(b"<" + self.p + b"sheetData>")
            write(b"".join(self._flush_before(1 << 30)))
            write(self.close_sheetdata)
            write(buf[sd.end :])
            for chunk in chunks:
                write(chunk)
            return
        write(buf[sd.start : sd.open_end])
        buf = buf[sd.open_end :]
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
            if b"xmlns" in region and _XMLNS_DECL.search(region):
                # Rows are matched with the prefix bound at <sheetData>; a declaration inside could rebind it.
                raise PatchUnsupported(f"sheet {self.ann.target_name!r} declares namespaces inside its rows")
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
    fit = fits_page_width(sheet)
    if fit:
        yield b'<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
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
    yield b'<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
    yield b'<pageSetup orientation="landscape"%s/>' % (b' fitToWidth="1" fitToHeight="0"' if fit else b"")
    yield b"<headerFooter><oddFooter>%s</oddFooter></headerFooter></worksheet>" % xml_text(PRINT_FOOTER)
