"""The Whole sheet tab shows, under each role choice, why its column has that role (issue 15 point 1): the
verdict (header confirmed or overturned by the values), the values' shapes and the header word with its
language; the tooltip has the details and sample values; a role changed by hand says "Set by you"."""

from __future__ import annotations

import sys
from pathlib import Path

from guihelpers import make_bom, open_and_wait

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from exportlayouts import SAMPLE_MAKERS, SAMPLE_PARTS  # noqa: E402

from guiapp.model import column_letter

HEADERS = ["Item", "Qty", "Mfr", "Manufacturer No", "Beschreibung", "Lieferant"]
ROWS = [HEADERS] + [
    [i + 1, 2, p, m, f"op amp dual {i}", "Digi-Key"]
    for i, (m, p) in enumerate(zip(SAMPLE_MAKERS, SAMPLE_PARTS, strict=True))
]


def _open(qtbot, window, tmp_path):
    window.resize(1366, 768)
    open_and_wait(qtbot, window, [make_bom(tmp_path / "cart.xlsx", rows=ROWS)])
    window.tabs.setCurrentIndex(2)
    return window.view.sheet


def test_each_role_choice_shows_its_columns_evidence(window, qtbot, tmp_path):
    tab = _open(qtbot, window, tmp_path)
    labels = tab.role_evidence
    # The headers lie, the values do not: "Mfr" holds part numbers, "Manufacturer No" company names.
    assert tab.role_combos["part_number"].currentText().startswith("C")
    assert labels["part_number"].full_text() == "Overturned: 6/6 part numbers · header “mfr” = manufacturer"
    assert labels["manufacturer"].full_text().startswith("Overturned: 6/6 company names")
    assert labels["description"].full_text() == "Confirmed: 6/6 prose · “beschreibung” (German)"
    assert labels["supplier"].full_text() == "Confirmed: 6/6 company names · “lieferant” (German)"
    tip = labels["part_number"].toolTip()
    assert "Column C “Mfr”" in tip and "LM358DR" in tip and "header overturned by the values" in tip
    assert "English" in tip and "confidence 100%" in tip
    for role, label in labels.items():
        assert label.isVisible()
        assert label.accessibleName() and label.accessibleDescription() == label.full_text()
        # The choice itself says it to a screen reader, after what the choice is for.
        desc = tab.role_combos[role].accessibleDescription()
        assert desc.startswith("The column screened") and desc.endswith(label.full_text())


def test_changing_a_role_shows_set_by_you_and_use_detected_brings_the_evidence_back(window, qtbot, tmp_path):
    tab = _open(qtbot, window, tmp_path)
    labels = tab.role_evidence
    qty = HEADERS.index("Qty")
    with qtbot.waitSignal(window.rescreened, timeout=30_000):
        tab.role_combos["manufacturer"].setCurrentIndex(qty + 1)
    assert tab.role_combos["manufacturer"].currentText().startswith(column_letter(qty))
    assert labels["manufacturer"].full_text() == "Set by you: 6/6 numbers"
    assert "Sample values: “2”" in labels["manufacturer"].toolTip()
    assert "set by you" in labels["manufacturer"].toolTip()
    # The other roles keep what was detected.
    assert labels["part_number"].full_text().startswith("Overturned: 6/6 part numbers")
    sheet = window.current_sheet()[1]
    assert sheet.mapping.evidence[qty].verdict == "by_hand"

    with qtbot.waitSignal(window.rescreened, timeout=30_000):
        tab.role_combos["manufacturer"].setCurrentIndex(0)  # "(not used)"
    assert labels["manufacturer"].full_text() == "No column: not screened as this role"

    with qtbot.waitSignal(window.rescreened, timeout=30_000):
        tab.reset_mapping_button.click()
    assert labels["manufacturer"].full_text().startswith("Overturned: 6/6 company names")


def test_the_evidence_fits_the_tab_at_1366_by_768(window, qtbot, tmp_path):
    tab = _open(qtbot, window, tmp_path)
    qtbot.waitUntil(lambda: tab.table.height() > 0)
    for role, label in tab.role_evidence.items():
        combo = tab.role_combos[role]
        # Under its choice, inside the tab, one line high.
        assert label.geometry().top() >= combo.geometry().bottom()
        assert label.geometry().left() == combo.geometry().left()
        assert label.geometry().right() <= tab.width()
        assert label.height() <= 2 * label.fontMetrics().height()
    # The sheet keeps most of the tab.
    assert tab.table.height() >= tab.height() // 2


def test_a_narrow_window_leaves_the_lines_out_and_keeps_the_evidence_in_the_choices_tooltips(
    window, qtbot, tmp_path
):
    tab = _open(qtbot, window, tmp_path)
    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.view.compact)
    for role, label in tab.role_evidence.items():
        assert not label.isVisible()
        assert tab.role_combos[role].toolTip() == label.toolTip() != ""
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: not window.view.compact)
    assert all(label.isVisible() for label in tab.role_evidence.values())


def test_a_role_of_several_columns_tallies_their_verdicts_first(qapp):
    from guiapp.gui.role_evidence import describe_role
    from guiapp.ingest.mapping import detect_mapping
    from guiapp.model import SheetData

    rows = [["Mfr", "MPN", "Part Number", "Manufacturer"]]
    rows += [[p, p, "x", m] for m, p in zip(SAMPLE_MAKERS, SAMPLE_PARTS, strict=True)]
    mapping = detect_mapping(SheetData(name="S", rows=rows, first_row=1, first_col=0))
    assert mapping.columns["part_number"] == [0, 1, 2]
    short, tip = describe_role(mapping, "part_number")
    assert short.startswith("3 columns: 1 confirmed, 1 overturned, 1 by header | ")  # "x" decides nothing
    assert short.count(" | ") == 3 and " | A: Overturned: 6/6 part numbers" in short
    assert tip.count("<hr>") == 2 and "Column C “Part Number”" in tip
