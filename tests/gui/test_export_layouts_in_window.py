"""Column roles weighed by their values and whole-row screening, in the real window (issue 15).

A BOM typed after a real export, with its part numbers under "Manufacturer Part" and "Mfr. No:" and a
listed maker's site in a Link column, opens in the window: the sheet tab's mapping shows the part-number
columns and the value evidence, the listed parts are confident findings, and the link is a review-level
finding that names its column.
"""

from __future__ import annotations

import sys
from pathlib import Path

from guihelpers import open_and_wait

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from exportlayouts import LAYOUTS, write_layout  # noqa: E402

from guiapp.model import column_letter  # noqa: E402


def test_a_typed_export_layout_is_mapped_by_its_values_and_screened_whole(make_window, qtbot, tmp_path):
    layout = next(lay for lay in LAYOUTS if lay.name == "typed-issue")
    written = write_layout(layout, tmp_path)
    window = make_window()
    open_and_wait(qtbot, window, [written.path])
    window.tabs.setCurrentIndex(2)
    _, sheet = window.current_sheet()
    headers = {text: col for col, text in sheet.mapping.headers.items()}
    assert sheet.mapping.role_of(headers["Manufacturer Part"]) == "part_number"
    assert sheet.mapping.role_of(headers["Manufacturer"]) == "manufacturer"
    assert window.role_combos["manufacturer"].currentText().startswith(column_letter(headers["Manufacturer"]))
    note = window.mapping_note.text()
    assert "look like part numbers" in note and "look like company names" in note

    refs = window.session.refs()
    found = {(r.hit.row, r.hit.match.parent_id) for r in refs}
    assert all((row, p.parent_id) in found for row, p in written.planted.items())
    assert not any(r.hit.row in written.innocent_rows for r in refs)
    part_hits = [r.hit for r in refs if r.hit.field == "part_number" and r.hit.row in written.planted]
    assert part_hits and all(not h.match.review for h in part_hits)
    link_col = column_letter(headers["Link"])
    link_hits = [r.hit for r in refs if r.hit.column == link_col]
    assert link_hits and all(h.match.review for h in link_hits)
    assert all(f"'Link' ({link_col})" in h.match.reason for h in link_hits)
    # The findings table shows them, review level with its amber mark.
    assert window.hits_model.rowCount() == len(refs)
