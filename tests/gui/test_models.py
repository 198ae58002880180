"""Item models: Qt's model tester, native sorting, and the findings filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from guiapp.gui.models import (
    REF_ROLE,
    SORT_ROLE,
    FilesListModel,
    GroupsTableModel,
    HitsFilterProxyModel,
    HitsTableModel,
    SheetTableModel,
)
from guiapp.model import ColumnMap, FileResult, Hit, Match, SheetData
from guiapp.review.session import AuditSession


def _hit(value, row, entity="HIKVISION", method="alias", score=100.0, lists=("BIS-EL", "NDAA-889")):
    m = Match(
        entity, entity.title(), entity, entity.title(), value, lists, method, score, f"{value} is {entity}"
    )
    return Hit("BOM", row, "C", "manufacturer", value, m)


@pytest.fixture
def session():
    s = AuditSession(reviewer="T")
    s.add_result(
        FileResult(
            path=Path("/x/a.xlsx"),
            sha256="a",
            hits=[
                _hit("Hikvision", 3),
                _hit("Hikvision", 9),
                _hit("Dahua Tech", 12, "DAHUA", "fuzzy", 91.0, ("NDAA-889",)),
                _hit("DS-2CD2143", 100, "HIKVISION", "part_number", 9.5),
            ],
        )
    )
    return s


def test_models_pass_qt_model_tester(qtmodeltester, session):
    hits = HitsTableModel(session)
    hits.reload()
    qtmodeltester.check(hits)
    proxy = HitsFilterProxyModel()
    proxy.setSourceModel(hits)
    proxy.set_text("hik")
    qtmodeltester.check(proxy)
    groups = GroupsTableModel(session)
    groups.reload()
    qtmodeltester.check(groups)
    files = FilesListModel()
    files.add(Path("/x/a.xlsx"))
    qtmodeltester.check(files)
    sheet = SheetTableModel()
    sd = SheetData(
        "BOM", rows=[["Ref", "Mfr"], ["U1", "Hikvision"], ["U2"]], mapping=ColumnMap(1, {"manufacturer": [1]})
    )
    sheet.set_sheet(sd, [Hit("BOM", 2, "B", "manufacturer", "Hikvision", _hit("Hikvision", 2).match)], [3])
    qtmodeltester.check(sheet)


def test_sort_role_gives_native_values_so_numbers_sort_as_numbers(session):
    hits = HitsTableModel(session)
    hits.reload()
    proxy = HitsFilterProxyModel()
    proxy.setSourceModel(hits)
    proxy.sort(HitsTableModel.ROW, Qt.SortOrder.AscendingOrder)
    rows = [proxy.index(i, HitsTableModel.ROW).data() for i in range(proxy.rowCount())]
    assert rows == ["3", "9", "12", "100"]
    assert isinstance(hits.index(0, HitsTableModel.SCORE).data(SORT_ROLE), float)
    proxy.sort(HitsTableModel.SCORE, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, HitsTableModel.SCORE).data() == "10"  # 9.5 rounds for display, sorts as 9.5


def test_filters_by_text_decision_list_method_and_score(session):
    hits = HitsTableModel(session)
    hits.reload()
    proxy = HitsFilterProxyModel()
    proxy.setSourceModel(hits)
    assert proxy.rowCount() == 4
    proxy.set_text("DAHUA")
    assert proxy.rowCount() == 1
    proxy.set_text("")
    proxy.set_list("BIS-EL")
    assert proxy.rowCount() == 3
    proxy.set_list("")
    proxy.set_method("fuzzy")
    assert proxy.rowCount() == 1
    proxy.set_method("")
    proxy.set_min_score(50)
    assert proxy.rowCount() == 3
    proxy.set_min_score(0)

    session.decide([hits.ref(0)], "confirmed")
    hits.refresh_decisions()
    proxy.set_decision("confirmed")
    assert proxy.rowCount() == 1
    assert proxy.index(0, 0).data(REF_ROLE) == hits.ref(0)
    proxy.set_decision("open")
    assert proxy.rowCount() == 3
    # The filter follows new decisions without being reset.
    session.decide([hits.ref(1)], "false_positive", "a local brand")
    hits.refresh_decisions()
    assert proxy.rowCount() == 2


def test_group_model_shows_mixed_decisions_and_row_counts(session):
    groups = GroupsTableModel(session)
    groups.reload()
    g = groups.group(0)
    assert len(g.refs) == 2 and groups.index(0, GroupsTableModel.ROWS).data() == "2"
    session.decide(g.refs[:1], "confirmed")
    assert groups.index(0, GroupsTableModel.DECISION).data().startswith("Mixed")
    session.decide(g.refs, "false_positive", "a local brand")
    assert groups.index(0, GroupsTableModel.DECISION).data() == "False positive"


def test_note_is_editable_in_the_findings_model(session):
    hits = HitsTableModel(session)
    hits.reload()
    idx = hits.index(0, HitsTableModel.NOTE)
    assert hits.flags(idx) & Qt.ItemFlag.ItemIsEditable
    assert hits.setData(idx, "checked the datasheet")
    assert session.decision(hits.ref(0)).note == "checked the datasheet"
    assert session.decision(hits.ref(0)).reviewer == "T"


def test_sheet_headers_name_every_column_with_its_text_and_role(qtmodeltester):
    sheet = SheetData(
        "BOM",
        rows=[["Ref", "Mfr", "", "Comment"], ["U1", "Hikvision", "x", "camera"]],
        mapping=ColumnMap(
            header_row=1,
            columns={"manufacturer": [1], "description": [2]},
            headers={0: "Ref", 1: "Mfr", 3: "Comment"},
        ),
    )
    model = SheetTableModel()
    model.set_sheet(sheet)
    qtmodeltester.check(model)
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    # Header text for every column that has one; the role in brackets when the header does not say it.
    assert titles == ["A · Ref", "B · Mfr [manufacturer]", "C · description", "D · Comment"]


def test_the_file_list_says_when_the_encoding_was_a_doubtful_guess():
    from guiapp.model import SheetReport

    files = FilesListModel()
    row = files.add(Path("/x/short.csv"))
    sheet = SheetReport("short", False, ColumnMap(1, {"manufacturer": [0]}), rows_screened=2)
    result = FileResult(path=Path("/x/short.csv"), sha256="s", sheets=[sheet], encoding_doubtful=True)
    files.update(row, status="ok", result=result)
    text = files.status_text(files._entries[row])
    assert "no hits" in text and "encoding guessed" in text
    result.encoding_doubtful = False
    assert "encoding" not in files.status_text(files._entries[row])
