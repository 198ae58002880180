"""The window's translations: every text lupdate finds is in the shipped files, German is complete, the
compiled .qm files say what the .ts files say, and the real window speaks German (plurals included)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from guiapp.gui.i18n import install_translators, resolve_language
from guiapp.resources import resource_path
from guiapp.settings import Settings, load_settings, save_settings

ROOT = Path(__file__).resolve().parents[2]
I18N = resource_path("i18n")


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) -> <message> of a .ts file."""
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            out[(name, m.findtext("source") or "")] = m
    return out


def _tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    if found.exists():
        return str(found)
    return shutil.which(name) or pytest.skip(f"{name} is not installed")


def _lupdate(tmp_path: Path, *extra: str) -> dict[tuple[str, str], ET.Element]:
    out = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "guiapp" / "gui").glob("*.py"))
    subprocess.run(
        [_tool("pyside6-lupdate"), "-silent", "-locations", "none", *extra, *sources, "-ts", str(out)],
        check=True,
        capture_output=True,
    )
    return _messages(out)


def test_every_text_in_the_sources_is_in_the_shipped_translations(tmp_path):
    fresh = _lupdate(tmp_path)
    assert len(fresh) > 100
    shipped = _messages(I18N / "bom_auditor_de.ts")
    missing = sorted(set(fresh) - set(shipped))
    assert not missing, f"run ./dev.sh i18n and translate: {missing}"
    assert not sorted(set(shipped) - set(fresh)), "obsolete entries: run ./dev.sh i18n"
    plurals = {k for k, m in fresh.items() if m.get("numerus") == "yes"}
    assert set(_messages(I18N / "bom_auditor_en.ts")) == plurals
    # lupdate takes a count only from tr(text, "", n) with n a name; QCoreApplication.translate(..., n) loses it.
    lost = sorted(k for k, m in fresh.items() if "%n" in k[1] and m.get("numerus") != "yes")
    assert not lost, f"use self.tr(text, '', n) for these plurals: {lost}"


@pytest.mark.parametrize("name", ["bom_auditor_de.ts", "bom_auditor_en.ts"])
def test_the_translations_are_complete(name):
    messages = _messages(I18N / name)
    assert messages
    for key, m in messages.items():
        tr = m.find("translation")
        assert tr.get("type") is None, f"unfinished: {key}"
        if m.get("numerus") == "yes":
            forms = [f.text or "" for f in tr.findall("numerusform")]
            assert len(forms) == 2 and all("%n" in f for f in forms), key
        else:
            assert (tr.text or "").strip(), f"empty: {key}"
            # Placeholders and menu accelerators' escaped && survive translation.
            assert set(re.findall(r"\{\w+\}", tr.text)) == set(re.findall(r"\{\w+\}", key[1])), key
            assert ("&&" in tr.text) == ("&&" in key[1]), key


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_compiled_files_say_what_the_sources_say(lang):
    translator = QTranslator()
    assert translator.load(str(I18N / f"bom_auditor_{lang}.qm"))
    for (ctx, source), m in _messages(I18N / f"bom_auditor_{lang}.ts").items():
        tr = m.find("translation")
        if m.get("numerus") == "yes":
            one, many = (f.text for f in tr.findall("numerusform"))
            assert translator.translate(ctx, source, "", 1) == one, (ctx, source)
            assert translator.translate(ctx, source, "", 5) == many, (ctx, source)
        else:
            assert translator.translate(ctx, source) == tr.text, (ctx, source)


def test_language_comes_from_the_environment_then_the_setting(monkeypatch):
    monkeypatch.setenv("BOM_AUDITOR_LANG", "de")
    assert resolve_language("en") == "de"
    monkeypatch.delenv("BOM_AUDITOR_LANG")
    assert resolve_language("de") == "de"
    assert resolve_language("en") == "en"


def test_the_language_setting_is_stored_and_old_files_still_load(_app_home):
    save_settings(Settings(language="de"))
    assert load_settings().language == "de"
    assert Settings.from_json({"reviewer": "A"}).language == ""
    assert Settings.from_json({"language": "xx"}).language == ""


@pytest.fixture
def german(qapp):
    install_translators("de")
    yield
    install_translators("en")


def _menu_titles(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def _bom_with_hits(path: Path, hits: int) -> Path:
    """A BOM whose only listed maker is Hikvision, on ``hits`` rows."""
    from guihelpers import BOM_ROWS, make_bom

    rows = [BOM_ROWS[0], *([f"U{i}", 1, "Hikvision", f"CAM-{i}", "Camera", "Digi-Key"] for i in range(hits))]
    return make_bom(path, rows=rows)


def test_the_window_in_german(german, make_window, qtbot, tmp_path):
    from guihelpers import open_and_wait
    from PySide6.QtCore import Qt

    from guiapp.gui.models import HitsTableModel

    w = make_window()
    assert _menu_titles(w) == ["&Datei", "&Prüfung", "&Ansicht", "E&xtras", "&Hilfe"]
    # The menu found by its title, not through QAction.menu(): PySide6 6.10 hands back a wrapper whose C++
    # object reads as deleted there.
    from PySide6.QtWidgets import QMenu

    file_menu = next(m for m in w.menuBar().findChildren(QMenu) if m.title() == "&Datei")
    assert [a.text() for a in file_menu.actions()][:1] == ["Ö&ffnen…"]
    assert w.view.empty_page.sample_button.text() == "Beispiel-Stückliste ausprobieren"
    header = w.hits_model.headerData(HitsTableModel.DECISION, Qt.Orientation.Horizontal)
    assert header == "Entscheidung"
    assert w.view.tabs.tabText(0) == "Befunde"
    assert w.view.findings.decision_filter.itemText(2) == "Offen"
    count = w.view.findings.count_label
    open_and_wait(qtbot, w, [_bom_with_hits(tmp_path / "one.xlsx", 1)])
    assert count.text().startswith("1 von 1 Befund angezeigt · C bestätigt, F Fehlalarm"), count.text()
    assert w.files_view.model().data(w.files_view.model().index(0, 0)).endswith("\n1 Treffer")
    open_and_wait(qtbot, w, [_bom_with_hits(tmp_path / "four.xlsx", 4)])
    assert count.text().startswith("5 von 5 Befunden angezeigt"), count.text()
    assert w.hits_model.data(w.hits_model.index(0, HitsTableModel.DECISION)) == "Offen"


def test_english_plurals_in_the_window(make_window, qtbot, tmp_path):
    from guihelpers import open_and_wait

    w = make_window()
    count = w.view.findings.count_label
    open_and_wait(qtbot, w, [_bom_with_hits(tmp_path / "one.xlsx", 1)])
    assert count.text().startswith("1 of 1 finding shown · C confirmed"), count.text()
    assert w.files_view.model().data(w.files_view.model().index(0, 0)).endswith("\n1 hit")
    open_and_wait(qtbot, w, [_bom_with_hits(tmp_path / "four.xlsx", 4)])
    assert count.text().startswith("5 of 5 findings shown"), count.text()
    assert w.files_view.model().data(w.files_view.model().index(1, 0)).endswith("\n4 hits")


def test_the_german_filter_bar_shows_its_choices_whole_at_1366x768(german, make_window, qtbot, tmp_path):
    """German words are longer: at 1366x768 the filter combos showed "Alle Entsche…" and "Alle Method…"."""
    from guihelpers import open_and_wait
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    w = make_window()
    w.show()
    open_and_wait(qtbot, w, [_bom_with_hits(tmp_path / "one.xlsx", 3)])
    w.resize(1366, 768)
    qtbot.wait(50)
    bar = w.view.findings
    assert not bar._compact_bar
    assert bar.decision_filter.currentText() == "Alle Entscheidungen"
    for combo in (bar.decision_filter, bar.list_filter, bar.method_filter):
        opt = QStyleOptionComboBox()
        combo.initStyleOption(opt)
        field = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, combo
        )
        need = combo.fontMetrics().horizontalAdvance(combo.currentText())
        assert field.width() >= need, (combo.currentText(), field.width(), need)
    assert w.width() <= 1366
