"""The namespace-aware scanner the XML patcher edits parts with (guiapp.evidence.xmlns)."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

from guiapp.evidence import xmlns
from guiapp.evidence.errors import PatchUnsupported

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def test_elements_are_found_by_namespace_whatever_the_prefix():
    xml = (
        f'<r:workbook xmlns:r="{MAIN}" xmlns:main="{REL}"><!-- <r:sheet name="not me"/> -->'
        f'<r:sheets><![CDATA[<r:sheet/>]]><r:sheet name="A" main:id="rId1"/>'
        f'<sheet xmlns="{MAIN}" xmlns:q="{REL}" name="B" q:id="rId2"/></r:sheets></r:workbook>'
    ).encode()
    els = xmlns.scan(xml)
    sheets = xmlns.find(els, MAIN, b"sheet")
    assert [s.attr(xml, "", b"name") for s in sheets] == [b"A", b"B"]
    assert [s.attr(xml, REL, b"id") for s in sheets] == [b"rId1", b"rId2"]
    assert xmlns.find(els, REL, b"sheet") == []


def test_new_elements_use_the_prefix_in_scope_or_declare_their_own():
    xml = f'<x:workbook xmlns:x="{MAIN}"><x:sheets><x:sheet name="A"/></x:sheets></x:workbook>'.encode()
    els = xmlns.scan(xml)
    sheets = xmlns.first(els, MAIN, b"sheets")
    w = xmlns.Writer(sheets.scope)
    name, decl = w.qname(MAIN, b"sheet")
    assert (name, decl) == (b"x:sheet", b"")
    rid, rdecl = w.attr(REL, b"id", b"x")
    new = w.element(MAIN, b"sheet", [(b"name", b"B"), (rid, b"rId9")], extra_decl=rdecl)
    out = xmlns.insert_children(xml, sheets, new)
    root = ET.fromstring(out)  # well formed, namespaces bound
    got = [(s.get("name"), s.get(f"{{{REL}}}id")) for s in root.iter(f"{{{MAIN}}}sheet")]
    assert got == [("A", None), ("B", "rId9")]
    # No prefix for the namespace in scope: the element declares it.
    w2 = xmlns.Writer({b"": "urn:other"})
    assert w2.element(MAIN, b"fill") == f'<fill xmlns="{MAIN}"/>'.encode()


def test_self_closing_parent_is_expanded_and_counts_are_raised():
    xml = f'<styleSheet xmlns="{MAIN}"><fills count="0"/><fonts count="2"><font/><font/></fonts></styleSheet>'
    xml_b = xml.encode()
    els = xmlns.scan(xml_b)
    fills, fonts = xmlns.first(els, MAIN, b"fills"), xmlns.first(els, MAIN, b"fonts")
    edits = xmlns.append_counted(xml_b, fills, b"<fill/>", 1) + xmlns.append_counted(
        xml_b, fonts, b"<font/>", 1
    )
    out = xmlns.replace_span(xml_b, edits)
    root = ET.fromstring(out)
    assert root.find(f"{{{MAIN}}}fills").get("count") == "1" and len(root.find(f"{{{MAIN}}}fills")) == 1
    assert root.find(f"{{{MAIN}}}fonts").get("count") == "3" and len(root.find(f"{{{MAIN}}}fonts")) == 3


@pytest.mark.parametrize(
    "xml",
    [b"<x:workbook><x:sheets/></x:workbook>", b'<a xmlns="urn:a"><b></a></b>', b"</a>"],
)
def test_undeclared_prefixes_and_mismatched_tags_are_refused(xml: bytes):
    with pytest.raises(PatchUnsupported):
        xmlns.scan(xml)
