"""The detail pane shows the matched entry's evidence (the same fields as the JSON, Findings and report)."""

from __future__ import annotations

from pathlib import Path

from guiapp.evidence.entries import attach_entry_evidence
from guiapp.gui.detail import hit_html
from guiapp.lists.watchlist import load_builtin
from guiapp.matching.matcher import Matcher
from guiapp.model import Decision, FileResult, Hit


def test_the_detail_pane_shows_the_evidence():
    builtin = load_builtin()
    (m, *_) = Matcher([builtin]).match("Hikvision", "manufacturer")
    result = FileResult(path=Path("bom.csv"), hits=[Hit("BOM", 2, "C", "manufacturer", "Hikvision", m)])
    attach_entry_evidence(result, [builtin])
    hit = result.hits[0]
    assert hit.match.entry is not None and m.entry is None  # the matcher's cached match stays as it was
    html = hit_html(hit, None, Decision("pending"), None, "bom.csv")
    assert "Evidence of the list entry" in html and "Entity number" in html
    assert "not given in the list" in html and "84 FR 54002" in html
    bare = hit_html(Hit("BOM", 2, "C", "manufacturer", "Hikvision", m), None, Decision("pending"), None, "b")
    assert "Not at hand" in bare
