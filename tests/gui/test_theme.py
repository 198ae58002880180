"""Light and dark palettes: every colour the window sets itself keeps text readable (WCAG 4.5:1).

The window starts in the light palette, then the application palette switches to a dark one, as when the
system changes mode while the app is open; the banner, hints, legend, file list, review-level text, decision
cells, sheet markings and the detail pane must follow.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from guihelpers import open_and_wait
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from guiapp.gui import theme
from guiapp.gui.detail import hit_html, note_html
from guiapp.gui.models import DECISION_ROLE, HitsTableModel, SheetTableModel
from guiapp.model import DECISIONS, Decision, FileResult, Hit, Match
from guiapp.review.session import AuditSession

MIN = theme.TEXT_CONTRAST
R = QPalette.ColorRole
BG, FG = Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole


@pytest.fixture
def palettes(qapp):
    """Switch the application palette; the original comes back after the test."""
    original = QPalette(qapp.palette())

    def switch(palette: QPalette) -> None:
        QApplication.setPalette(palette)
        qapp.processEvents()

    yield switch
    QApplication.setPalette(original)
    qapp.processEvents()


def _light() -> QPalette:
    p = QPalette(QColor("#efefef"))  # Qt derives a whole light palette from a button colour
    p.setColor(R.Base, QColor("#ffffff"))
    p.setColor(R.AlternateBase, QColor("#f5f5f5"))
    return p


def _ok(fg: QColor, bg: QColor, what: str) -> None:
    ratio = theme.contrast_ratio(fg, bg)
    assert ratio >= MIN, f"{what}: {fg.name()} on {bg.name()} is {ratio:.2f}:1"


def _pairs(html: str) -> list[tuple[QColor, QColor]]:
    """(text, background) of every element whose style names both."""
    out = []
    for style in re.findall(r"style='([^']*)'", html):
        bg = re.search(r"background:\s*(#[0-9a-f]{6})", style)
        fg = re.search(r"(?<!-)color:\s*(#[0-9a-f]{6})", style)
        if bg and fg:
            out.append((QColor(fg.group(1)), QColor(bg.group(1))))
    return out


def _review_session() -> AuditSession:
    m = Match("HIKVISION", "Hikvision", "HIKVISION", "Hikvision", "DS-2CD", ("BIS-EL",), "part_number", 60.0,
              "loose pattern", review=True)  # fmt: skip
    s = AuditSession(reviewer="T")
    s.add_result(
        FileResult(path=Path("/x/a.xlsx"), sha256="a", hits=[Hit("BOM", 3, "D", "part_number", "DS-2CD", m)])
    )
    return s


def test_contrast_ratio_follows_wcag():
    assert theme.contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert theme.contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    fixed = theme.readable(QColor("#777777"), QColor("#ffffff"))
    assert theme.contrast_ratio(fixed, QColor("#ffffff")) >= MIN


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_theme_colours_read_in_both_palettes(qapp, dark):
    pal = theme.dark_palette() if dark else _light()
    assert theme.is_dark(pal) is dark
    for kind in ("info", "warning", "error", "ok"):
        bg, fg, _ = theme.banner_colors(kind, pal)
        _ok(fg, bg, f"banner {kind}")
        assert (theme.relative_luminance(bg) < 0.2) is dark, f"banner {kind} {bg.name()} follows the palette"
    for kind in (*DECISIONS, "mixed", "hit_row", "hit_cell", "not_screened"):
        bg, fg = theme.fill_colors(kind, pal)
        _ok(fg, bg, f"fill {kind}")
    for role in (R.Base, R.AlternateBase):
        _ok(theme.error_text(pal), pal.color(role), "error text")
        _ok(theme.review_text(pal), pal.color(role), "review text")
        _ok(theme.muted_text(pal, R.Base), pal.color(role), "muted text in a view")
    _ok(theme.muted_text(pal), pal.color(R.Window), "muted text on the window")


def test_window_follows_a_switch_to_dark(window, qtbot, bom_file, tmp_path, palettes):
    palettes(_light())
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"not a workbook")
    open_and_wait(qtbot, window, [bom_file, bad])
    window.banner.show_message("Exported board-a.audited.xlsx.", "ok")
    light_banner = window.banner.colors()[0]
    window.hits_view.selectRow(0)
    light_detail = window.detail.toHtml()

    palettes(theme.dark_palette())
    pal = window.palette()
    assert theme.is_dark(pal)

    # Banner: its background followed, and its text reads on it, for every kind.
    assert window.banner.colors()[0] != light_banner
    for kind in window.banner.KINDS:
        window.banner.show_message(f"A {kind} message", kind)
        bg = window.banner.colors()[0]
        assert theme.relative_luminance(bg) < 0.2
        _ok(window.banner.text_color(), bg, f"banner {kind}")

    # Hints on the window: the empty page's and the column-mapping note.
    hint = window.empty_page.hint
    _ok(hint.palette().color(R.WindowText), window.empty_page.palette().color(R.Window), "drop hint")
    _ok(window.mapping_note.palette().color(R.WindowText), pal.color(R.Window), "mapping note")

    # The whole-sheet legend was rewritten in dark fills with their own text colour.
    legend = _pairs(window.sheet_legend.text())
    assert len(legend) == 3
    for fg, bg in legend:
        _ok(fg, bg, "legend")
        assert theme.relative_luminance(bg) < 0.2

    # File list: the unreadable file is red text that reads on the dark list.
    files = window.files_model
    row = files.row_of(bad)
    assert files.entry(row).status == "error"
    err = files.index(row).data(FG).color()
    for role in (R.Base, R.AlternateBase):
        _ok(err, window.files_view.palette().color(role), "file error text")

    # Decision cells: every decision's fill and text.
    hits = window.hits_model
    ref = hits.ref(0)
    for status in DECISIONS:
        window.session.decide([ref], status, "checked", remember=False)
        idx = hits.index(0, HitsTableModel.DECISION)
        assert idx.data(DECISION_ROLE) == status
        _ok(idx.data(FG).color(), idx.data(BG).color(), f"decision {status}")

    # The detail pane was drawn again for the dark palette, and its coloured text reads on it.
    dark_detail = window.detail.toHtml()
    assert dark_detail != light_detail
    colours = set(re.findall(r"(?<![-\w])color:\s*(#[0-9a-f]{6})", dark_detail))
    assert colours
    for c in colours:
        _ok(QColor(c), window.detail.palette().color(R.Base), f"detail text {c}")


def test_review_text_and_sheet_marks_read_in_dark(qapp, palettes):
    palettes(theme.dark_palette())
    pal = QApplication.palette()
    model = HitsTableModel(_review_session())
    model.reload()
    review = model.index(0, HitsTableModel.METHOD).data(FG).color()
    for role in (R.Base, R.AlternateBase):
        _ok(review, pal.color(role), "review-level text")

    from guiapp.model import ColumnMap, SheetData

    sheet = SheetData(
        "BOM", rows=[["Ref", "Mfr"], ["U1", "Hikvision"], ["U2"]], mapping=ColumnMap(1, {"manufacturer": [1]})
    )
    sm = SheetTableModel()
    hit = model.ref(0).hit
    sm.set_sheet(sheet, [Hit("BOM", 2, "B", "manufacturer", "Hikvision", hit.match)], [3])
    for r, c in ((1, 0), (1, 1), (2, 0)):  # hit row, matching cell, not screened
        idx = sm.index(r, c)
        _ok(idx.data(FG).color(), idx.data(BG).color(), f"sheet cell {r},{c}")


def test_detail_html_colours_read_in_dark(qapp):
    pal = theme.dark_palette()
    s = _review_session()
    ref = s.refs()[0]
    html = note_html("3 findings selected", pal) + hit_html(ref.hit, None, Decision(), None, "a.xlsx", pal)
    colours = re.findall(r"(?<!-)color:\s*(#[0-9a-f]{6})", html)
    assert colours, html
    for c in colours:
        _ok(QColor(c), pal.color(R.Base), "detail text")
    for fg, bg in _pairs(html):
        _ok(fg, bg, "detail note")


def test_dark_system_with_a_light_native_style_switches_to_fusion():
    """Windows' native style stays light in dark mode; the app then takes Fusion, which follows the system."""
    from guiapp.gui.app import follow_color_scheme

    class Style:
        def __init__(self, name):
            self._name = name

        def name(self):
            return self._name

    class Hints:
        def __init__(self, scheme):
            self._scheme = scheme

        def colorScheme(self):
            return self._scheme

    class App:
        def __init__(self, scheme, palette, style="windowsvista"):
            self.hints, self.pal, self.current = Hints(scheme), palette, Style(style)

        def styleHints(self):
            return self.hints

        def palette(self):
            return self.pal

        def style(self):
            return self.current

        def setStyle(self, name):
            self.current = Style(name.lower())

    dark_light_style = App(Qt.ColorScheme.Dark, _light())
    assert follow_color_scheme(dark_light_style) and dark_light_style.style().name() == "fusion"
    assert not follow_color_scheme(App(Qt.ColorScheme.Dark, theme.dark_palette()))  # already dark
    assert not follow_color_scheme(App(Qt.ColorScheme.Light, _light()))
