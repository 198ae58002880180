"""A small namespace-aware scanner for the XML parts the patcher edits as bytes.

The patcher edits parts as bytes so that everything it does not touch stays byte for byte (a tree parser and
serializer would rename prefixes and break ``mc:Ignorable`` lists). Producers spell the same namespaces with
different prefixes: Excel writes ``<workbook xmlns="...main" xmlns:r="...relationships">``, openpyxl with lxml
declares ``xmlns:r`` on every ``<sheet>`` element, others write ``<x:workbook xmlns:x="...main">``. So the
elements are found here by (namespace URI, local name), with the prefixes in scope at each element worked out
from the declarations around it, and new elements are written with the prefix in scope for their namespace
at the point they go in, or with a declaration of their own when there is none.

Comments, processing instructions and CDATA sections are skipped, so a ``<sheet`` inside a comment is never
taken for an element. A part that is cut short (the head of a streamed worksheet) gives the elements whose
start tags are complete; those not closed yet have ``end == -1``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from guiapp.evidence.errors import PatchUnsupported

NS_XML = "http://www.w3.org/XML/1998/namespace"

_TOKEN = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<![^>]*>"
    rb"|<(/?)([^\s/>!?]+)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>",
    re.S,
)
_ATTR = re.compile(rb"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_XMLNS = re.compile(rb"""\sxmlns(?::([^\s=]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')""")

Scope = Mapping[bytes, str]


@dataclass
class Element:
    """One element of a part, located by byte offsets.

    Attributes:
        uri: its namespace URI ("" when it has none).
        local: its local name.
        prefix: the prefix it is written with (b"" for the default namespace).
        start: offset of its start tag's "<".
        open_end: offset just after its start tag.
        close_start: offset of its end tag's "<" (== open_end when it is self-closing; -1 when not closed).
        end: offset just after its end tag (-1 when not closed in the bytes scanned).
        scope: prefix -> URI in scope inside the element (b"" is the default namespace).
        depth: 0 for the root element.
    """

    uri: str
    local: bytes
    prefix: bytes
    start: int
    open_end: int
    close_start: int = -1
    end: int = -1
    scope: Scope = field(default_factory=dict)
    depth: int = 0

    @property
    def empty(self) -> bool:
        """Written as a self-closing tag."""
        return self.close_start == self.open_end and self.end == self.open_end

    def attrs(self, xml: bytes) -> dict[bytes, bytes]:
        """The raw attributes of the start tag (qualified names, values not unescaped)."""
        return {
            m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
            for m in _ATTR.finditer(xml, self.start, self.open_end)
        }

    def attr(self, xml: bytes, uri: str, local: bytes) -> bytes | None:
        """The value of the attribute (uri, local) of the start tag, or None; uri "" is an unqualified name."""
        for name, value in self.attrs(xml).items():
            p, _, loc = name.rpartition(b":")
            if loc != local or p == b"xmlns" or name.startswith(b"xmlns"):
                continue
            if (uri == "" and not p) or (p and self.scope.get(p) == uri):
                return value
        return None


def scan(xml: bytes, stop: int | None = None) -> list[Element]:
    """Every element of a part (or of its first ``stop`` bytes) in document order, with namespaces resolved.

    Raises:
        PatchUnsupported: a prefix that is not declared, or end tags that do not match.
    """
    out: list[Element] = []
    stack: list[Element] = []
    scope: dict[bytes, str] = {b"xml": NS_XML}
    scopes: list[dict[bytes, str]] = []
    end_at = len(xml) if stop is None else stop
    for m in _TOKEN.finditer(xml, 0, end_at):
        name = m.group(2)
        if name is None:
            continue  # comment, PI, CDATA, DOCTYPE
        if m.group(1):  # end tag
            if not stack:
                raise PatchUnsupported(f"an end tag </{name.decode(errors='replace')}> without a start tag")
            el = stack.pop()
            qname = el.prefix + b":" + el.local if el.prefix else el.local
            if qname != name:
                raise PatchUnsupported(
                    f"<{qname.decode(errors='replace')}> closed by </{name.decode(errors='replace')}>"
                )
            el.close_start, el.end = m.start(), m.end()
            scope = scopes.pop()
            continue
        attrs = m.group(3)
        inner = scope
        if b"xmlns" in attrs:
            inner = dict(scope)
            for d in _XMLNS.finditer(attrs):
                uri = (d.group(2) if d.group(2) is not None else d.group(3)).decode("utf-8", "replace")
                inner[d.group(1) or b""] = uri
        prefix, _, local = name.rpartition(b":")
        uri = inner.get(prefix)
        if uri is None:
            if prefix:
                raise PatchUnsupported(f"the prefix {prefix.decode(errors='replace')}: is not declared")
            uri = ""
        el = Element(uri, local, prefix, m.start(), m.end(), scope=inner, depth=len(stack))
        out.append(el)
        if m.group(4):  # self-closing
            el.close_start = el.end = m.end()
        else:
            stack.append(el)
            scopes.append(scope)
            scope = inner
    return out


def find(elements: Sequence[Element], uri: str, local: bytes) -> list[Element]:
    """The elements with this namespace URI and local name."""
    return [e for e in elements if e.local == local and e.uri == uri]


def first(elements: Sequence[Element], uri: str, local: bytes) -> Element | None:
    """The first element with this namespace URI and local name, or None."""
    return next((e for e in elements if e.local == local and e.uri == uri), None)


def children(elements: Sequence[Element], parent: Element) -> list[Element]:
    """The child elements of ``parent`` (which must be closed), in order."""
    return [
        e
        for e in elements
        if e.depth == parent.depth + 1
        and parent.open_end <= e.start
        and (parent.end < 0 or e.end <= parent.end)
    ]


def root(elements: Sequence[Element], uri: str, local: bytes) -> Element:
    """The root element, refused unless it is (uri, local)."""
    if not elements:
        raise PatchUnsupported(f"no <{local.decode()}> element")
    el = elements[0]
    if el.uri != uri or el.local != local:
        raise PatchUnsupported(
            f"expected <{local.decode()}> in {uri}, found <{el.local.decode(errors='replace')}>"
        )
    return el


class Writer:
    """Qualified names for new elements and attributes written inside an element with a given scope.

    Uses a prefix already in scope for a namespace when there is one; otherwise the element written gets its
    own declaration (``decl``), so the bytes are correct whatever the surrounding prefixes are.
    """

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def _prefix(self, uri: str, for_attr: bool) -> bytes | None:
        if not for_attr and self.scope.get(b"") == uri:
            return b""
        for p, u in self.scope.items():
            if p and p != b"xml" and u == uri:
                return p
        return None

    def qname(self, uri: str, local: bytes) -> tuple[bytes, bytes]:
        """(qualified element name, declaration to put in its start tag (b"" when none is needed))."""
        p = self._prefix(uri, for_attr=False)
        if p is not None:
            return (p + b":" + local if p else local), b""
        return local, b' xmlns="%s"' % uri.encode()

    def attr(self, uri: str, local: bytes, element_prefix: bytes = b"") -> tuple[bytes, bytes]:
        """(qualified attribute name, declaration for the start tag) of a namespaced attribute."""
        p = self._prefix(uri, for_attr=True)
        if p is not None and p != element_prefix:
            return p + b":" + local, b""
        fresh = next(
            c for c in (b"r", b"rel", b"ba_r", b"ba_r2") if c not in self.scope and c != element_prefix
        )
        return fresh + b":" + local, b' xmlns:%s="%s"' % (fresh, uri.encode())

    def element(
        self,
        uri: str,
        local: bytes,
        attrs: Sequence[tuple[bytes, bytes]] = (),
        content: bytes | None = None,
        extra_decl: bytes = b"",
    ) -> bytes:
        """A complete element; ``attrs`` are (already qualified name, escaped value)."""
        name, decl = self.qname(uri, local)
        head = b"<" + name + decl + extra_decl + b"".join(b' %s="%s"' % kv for kv in attrs)
        if content is None:
            return head + b"/>"
        return head + b">" + content + b"</" + name + b">"


def inner_writer(parent: Element, uri: str) -> tuple[Writer, bytes]:
    """A Writer for children of ``parent`` in ``uri``, and the prefix (with colon) they will be written with.

    The prefix is b"" when the namespace is the default one in scope; children then need no declaration.
    When ``uri`` has no prefix in scope, raises PatchUnsupported: callers that stream many children need one.
    """
    w = Writer(parent.scope)
    p = w._prefix(uri, for_attr=False)
    if p is None:
        raise PatchUnsupported(f"no prefix for {uri} inside <{parent.local.decode(errors='replace')}>")
    return w, (p + b":" if p else b"")


def insert_children(xml: bytes, parent: Element, payload: bytes) -> bytes:
    """``payload`` added as the last content of ``parent``, expanding it when it is self-closing."""
    if parent.end < 0:
        raise PatchUnsupported(f"<{parent.local.decode(errors='replace')}> is not closed")
    if parent.empty:
        qname = parent.prefix + b":" + parent.local if parent.prefix else parent.local
        head = xml[parent.start : parent.open_end]
        head = head[:-2].rstrip() + b">"
        return xml[: parent.start] + head + payload + b"</" + qname + b">" + xml[parent.end :]
    return xml[: parent.close_start] + payload + xml[parent.close_start :]


def set_attr(xml: bytes, el: Element, name: bytes, value: bytes) -> bytes:
    """The start tag of ``el`` with the unqualified attribute ``name`` set to ``value`` (added when absent)."""
    tag = xml[el.start : el.open_end]
    pat = re.compile(rb"""(\s)""" + re.escape(name) + rb"""\s*=\s*(?:"[^"]*"|'[^']*')""")
    if pat.search(tag):
        tag = pat.sub(lambda m: m.group(1) + name + b'="' + value + b'"', tag, count=1)
    else:
        cut = len(tag) - (2 if tag.endswith(b"/>") else 1)
        tag = tag[:cut].rstrip() + b" " + name + b'="' + value + b'"' + tag[cut:]
    return xml[: el.start] + tag + xml[el.open_end :]


def replace_span(xml: bytes, edits: Sequence[tuple[int, int, bytes]]) -> bytes:
    """Apply non-overlapping (start, end, replacement) edits at once."""
    out = []
    pos = 0
    for a, b, rep in sorted(edits, key=lambda t: t[0]):
        if a < pos:
            raise PatchUnsupported("overlapping edits")
        out.append(xml[pos:a])
        out.append(rep)
        pos = b
    out.append(xml[pos:])
    return b"".join(out)


def append_counted(xml: bytes, parent: Element, payload: bytes, added: int) -> list[tuple[int, int, bytes]]:
    """Edits that append ``payload`` to ``parent`` and raise its count attribute (when it has one) by ``added``."""
    count = parent.attr(xml, "", b"count")
    head = xml[parent.start : parent.open_end]
    if count is not None and count.isdigit():
        head = set_attr(head, _shifted(parent, -parent.start), b"count", b"%d" % (int(count) + added))
    if parent.empty:
        qname = parent.prefix + b":" + parent.local if parent.prefix else parent.local
        return [(parent.start, parent.end, head[:-2].rstrip() + b">" + payload + b"</" + qname + b">")]
    return [(parent.start, parent.open_end, head), (parent.close_start, parent.close_start, payload)]


def _shifted(el: Element, by: int) -> Element:
    return Element(
        el.uri, el.local, el.prefix, el.start + by, el.open_end + by, scope=el.scope, depth=el.depth
    )
