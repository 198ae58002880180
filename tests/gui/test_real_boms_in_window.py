"""Every real BOM of the shared corpus opens in the real window, screens cleanly and shows its sheets.

Dropped as one folder (the way an auditor drops a supplier's delivery): each file is listed as screened
(never as an error), none of them has a finding (the corpus holds no listed maker), and each reports
its coverage. Skipped when ../shared is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from guihelpers import open_and_wait

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "real-boms"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="real-BOM corpus not present")


def test_the_real_bom_folder_opens_and_screens_clean(make_window, qtbot):
    window = make_window()
    open_and_wait(qtbot, window, [CORPUS], timeout=60_000)
    entries = window.files_model.entries()
    names = {e.path.name for e in entries}
    expected = {p.name for p in CORPUS.iterdir() if p.suffix.lower() in (".xlsx", ".xls", ".ods", ".csv")}
    assert names == expected
    assert all(e.status == "ok" for e in entries), [(e.path.name, e.status, e.message) for e in entries]
    assert window.hits_model.rowCount() == 0
    for entry in entries:
        result = entry.result
        assert result is not None and result.ok and result.bom is not None
        assert sum(s.rows_screened + s.rows_not_screened for s in result.sheets) > 0, entry.path.name
