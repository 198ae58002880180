"""Texts that fit where they are shown, in German (longer words) and English, at the small screens people use:
detail-pane labels wrap between words only, and the Watchlists dialog shows every column title whole."""

from __future__ import annotations

import pytest
from guihelpers import open_and_wait
from layoutcheck import cut_headers, midword_breaks, table_rows

from guiapp.gui.i18n import install_translators
from guiapp.resources import resource_path


@pytest.fixture(params=["de", "en"])
def language(request, qapp):
    install_translators(request.param)
    yield request.param
    install_translators("en")


@pytest.mark.parametrize("screen", [(1024, 768), (1366, 768)])
def test_detail_labels_break_between_words_only(language, screen, make_window, qtbot):
    """At 1024x768 in German the pane showed "Verlässlichke / it der Listendaten" and "Entscheidun / g"."""
    w = make_window()
    w.resize(*screen)
    open_and_wait(qtbot, w, [resource_path("samples") / "sample-bom.xlsx"])
    qtbot.wait(20)
    assert w.width() <= screen[0]
    for row in range(w.hits_view.model().rowCount()):
        w.hits_view.selectRow(row)
        w.detail.flush()
        assert w.detail.toPlainText().count("\n") > 20  # a hit's whole detail, with its tables
        assert midword_breaks(w.detail) == [], (language, screen, row)
    html = w.detail.toHtml()
    # Side by side when the pane has room for it: the label column has a width, no label sits on its own.
    if w.detail.viewport().width() >= 360:
        assert '<th align="left" valign="top" width=' in html.replace("'", '"')


def test_a_narrow_detail_pane_puts_labels_above_their_values(language, make_window, qtbot):
    """Too narrow for a label column and a readable value: each label goes on its own line, whole."""
    w = make_window()
    w.resize(1366, 768)
    open_and_wait(qtbot, w, [resource_path("samples") / "sample-bom.xlsx"])
    splitter = w.view.work_splitter  # the findings | the detail pane
    total = sum(splitter.sizes())
    splitter.setSizes([total - 420, 420])
    w.hits_view.selectRow(0)
    w.detail.flush()
    assert w.detail._labels_beside
    rows_beside = table_rows(w.detail)
    splitter.setSizes([total - 190, 190])
    qtbot.waitUntil(lambda: table_rows(w.detail) > rows_beside)
    assert midword_breaks(w.detail) == []
    splitter.setSizes([total - 420, 420])  # and back beside them when the pane is wide again
    qtbot.waitUntil(lambda: table_rows(w.detail) == rows_beside)


def test_the_watchlists_dialog_shows_every_column_title_whole(language, qtbot, _app_home):
    """At its default width the German dialog cut "Personen, Schiffe" and "Geltungshinweis"."""
    from guiapp.gui.watchlists_dialog import WatchlistsDialog
    from guiapp.lists.store import ListStore

    dialog = WatchlistsDialog(ListStore())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for view in (dialog.lists_view, dialog.entities_view):
        assert cut_headers(view.horizontalHeader()) == [], view.objectName()
    assert dialog.width() <= 1024
