"""The real window in German, walked as a person would read it: no English word that has a German translation.

The syntax-tree test (test_i18n_sources.py) sees texts written in the window's code; this one sees what reaches
the screen, the core's values included ("manufacturer", "fuzzy", "high", "subsidiary"), which the display
layer must translate while the core, the evidence documents and the JSON keep them English.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from guihelpers import make_bom, open_and_wait
from uitext import english_vocabulary, english_words, evidence_strings, window_texts

from guiapp.gui.detail import find_entity
from guiapp.gui.i18n import LANGUAGE_NAMES, install_translators
from guiapp.lists.watchlist import ALIAS_KINDS, CONFIDENCES, PARTIES, RELATIONSHIPS
from guiapp.model import DECISIONS, FREE_TEXT, METHODS, ROLES
from guiapp.resources import resource_path
from guiapp.settings import app_dirs

ROOT = Path(__file__).resolve().parents[2]
REAL_BOMS = ROOT.parent / "shared" / "real-boms"
#: The values the core hands the window (evidence documents keep them English; the window must not).
CORE_VALUES = (
    *ROLES,
    FREE_TEXT,
    *METHODS,
    "pattern",
    *CONFIDENCES,
    *DECISIONS,
    *RELATIONSHIPS,
    *ALIAS_KINDS,
    *PARTIES,
    "review",
    "mixed",
    "remembered",
    "suggested",
    "screened",
    "partly screened",
    "not screened",
)
#: A row for each way a cell can match: exact, alias, fuzzy, part-number pattern, description, plus notes.
HIT_ROWS = [
    ["Ref", "Qty", "Manufacturer", "Manufacturer Part Number", "Description", "Supplier"],
    ["U1", 1, "Hikvision", "CAM-1", "Camera", "Digi-Key"],
    ["U2", 1, "Hangzhou Hikvision Digital Technology Co., Ltd.", "X", "Camera", "Digi-Key"],
    ["U3", 1, "Hikvison", "X2", "Camera", "Digi-Key"],
    ["U4", 1, "", "DS-2CD2143G2-IS", "Camera module", "Anjia"],
    ["U5", 1, "", "", "NVR board made by Dahua", "Distributor A"],
    ["U6", 1, "ZTE Corporation", "ZX-1", "Modem", "Digi-Key"],
]


@pytest.fixture
def german(qapp):
    install_translators("de")
    yield
    install_translators("en")


def _real_bom() -> list[Path]:
    found = sorted(REAL_BOMS.glob("01_*.xlsx")) if REAL_BOMS.is_dir() else []
    return found[:1]


def _evidence(window) -> set[str]:
    """What the window quotes: the files read, their cells, the hits' match data and the lists behind them."""
    session = window.session
    watchlists = window.screening.watchlists
    entities = [find_entity(watchlists, r.hit.match.entity_id) for r in session.refs()]
    lists = [(wl.name, wl.label, wl.version, wl.date, wl.source) for wl in watchlists]
    entries = [r.hit.match.entry.fields() for r in session.refs() if r.hit.match.entry is not None]
    return evidence_strings([*session.results, *entities, entries, lists], CORE_VALUES)


def _visit_every_finding(window, qtbot) -> list[str]:
    """The detail pane's text for each finding and each value group (both tabs)."""
    texts = []
    for tab, view in ((0, window.hits_view), (1, window.view.groups.table)):
        window.tabs.setCurrentIndex(tab)
        for row in range(view.model().rowCount()):
            view.selectRow(row)
            texts.append(window.detail.toPlainText())
    window.tabs.setCurrentIndex(2)
    qtbot.wait(10)
    return texts


def test_the_german_window_shows_no_english_ui_word(german, make_window, qtbot, tmp_path):
    from guiapp.gui.dialogs import SettingsDialog
    from guiapp.gui.watchlists_dialog import WatchlistsDialog
    from guiapp.lists.store import ListStore

    w = make_window()
    sample = resource_path("samples") / "sample-bom.xlsx"
    paths = [sample, make_bom(tmp_path / "every-method.xlsx", rows=HIT_ROWS), *_real_bom()]
    open_and_wait(qtbot, w, paths)
    methods = {r.hit.match.method for r in w.session.refs()}
    fields = {r.hit.field for r in w.session.refs()}
    # The walk must meet every kind of value it checks, or it proves nothing about them.
    assert set(METHODS) <= methods, methods
    assert {"manufacturer", "part_number", "description"} <= fields, fields

    vocabulary = english_vocabulary(resource_path("i18n") / "bom_auditor_de.ts", CORE_VALUES)
    assert {"manufacturer", "fuzzy", "high", "pending", "subsidiary", "decision"} <= vocabulary
    evidence = _evidence(w)
    texts = [*_visit_every_finding(w, qtbot), *window_texts(w)]
    for row in range(w.files_model.rowCount()):  # each file's whole sheet, with its column roles
        w.files_view.setCurrentIndex(w.files_model.index(row, 0))
        texts.extend(window_texts(w))
    w.tabs.setCurrentIndex(0)
    w.hits_view.selectRow(0)
    w.decide_selected("confirmed")  # remembered for future BOMs: Settings lists it with its decision
    assert w.memory.entries()
    settings = SettingsDialog(w.settings, w.memory, w)
    dialog = WatchlistsDialog(ListStore(), w)
    for d in (settings, dialog):
        qtbot.addWidget(d)
        d.show()
        texts.extend(window_texts(d))
    # A language's own name stays as it is (so a person finds theirs); the data folder is a path.
    own = [[e for _, e in dialog.entities_model._rows], w.memory.entries(), LANGUAGE_NAMES, app_dirs().data]
    evidence |= evidence_strings(own, CORE_VALUES)
    english = english_words(texts, vocabulary, evidence)
    assert not english, "\n".join(f"{word!r} in {text!r}" for word, text in sorted(english.items()))


def test_the_walk_finds_an_untranslated_core_value(german, make_window, qtbot, tmp_path):
    """The check itself: the same walk over a label holding a raw core value flags it."""
    from PySide6.QtWidgets import QLabel

    w = make_window()
    label = QLabel("Hersteller: fuzzy, Konfidenz high", w.view)
    label.show()
    vocabulary = english_vocabulary(resource_path("i18n") / "bom_auditor_de.ts", CORE_VALUES)
    english = english_words(window_texts(w), vocabulary, {"Hikvision"})
    assert set(english) >= {"fuzzy", "high"}
    assert "hersteller" not in english
