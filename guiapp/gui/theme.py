"""Colours derived from the palette, so the window reads in the system's light and dark modes alike.

Nothing in the GUI names a fixed text or background colour: each colour here is a tint of the palette's own
window or base colour towards a hue (amber for pending, red for confirmed, ...) with a text colour that is
checked against it for contrast (WCAG 2 ratio, at least 4.5:1 for text). Callers pass the palette of the
widget that draws, or get the application palette; item models read the palette in data(), so a palette
change repaints them correctly, and widgets that write colours into HTML or style sheets redo that on
QEvent.PaletteChange.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

#: WCAG 2 minimum contrast for body text.
TEXT_CONTRAST = 4.5

#: The hue each state is tinted with (the tint's strength differs between light and dark palettes).
HUES = {
    "info": QColor("#2f7ed8"),
    "warning": QColor("#e0a800"),
    "error": QColor("#d13438"),
    "ok": QColor("#2e9e44"),
    "pending": QColor("#e8b800"),
    "confirmed": QColor("#e0473a"),
    "false_positive": QColor("#3c9a48"),
    "escalated": QColor("#8a5cc7"),
    "mixed": QColor("#8c8c8c"),
    "hit_row": QColor("#e0473a"),
    "hit_cell": QColor("#e0473a"),
    "not_screened": QColor("#8c8c8c"),
}

# How much of the hue goes into a background, (light palette, dark palette). A dark background needs more
# of the hue to be told apart; a light one less, to stay pale behind black text.
_TINT = {
    "info": (0.13, 0.30),
    "warning": (0.22, 0.30),
    "error": (0.13, 0.30),
    "ok": (0.16, 0.30),
    "pending": (0.24, 0.34),
    "confirmed": (0.30, 0.40),
    "false_positive": (0.22, 0.36),
    "escalated": (0.22, 0.40),
    "mixed": (0.16, 0.30),
    "hit_row": (0.14, 0.22),
    "hit_cell": (0.45, 0.50),
    "not_screened": (0.18, 0.22),
}

# Text hues: an error reads red, a review-level finding amber-brown; lightened or darkened for contrast.
_ERROR_TEXT = QColor("#b00020")
_REVIEW_TEXT = QColor("#8a5300")


def app_palette() -> QPalette:
    """The application's palette (what every widget without its own palette draws with)."""
    return QGuiApplication.palette()


def _pal(palette: QPalette | None) -> QPalette:
    return palette if palette is not None else app_palette()


def relative_luminance(color: QColor) -> float:
    """WCAG 2 relative luminance of an opaque colour (0 black .. 1 white)."""

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two colours (1 .. 21)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the palette's window is darker than its text (a dark mode)."""
    p = _pal(palette)
    return relative_luminance(p.color(QPalette.ColorRole.Window)) < relative_luminance(
        p.color(QPalette.ColorRole.WindowText)
    )


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """a blended towards b by t (0 = a, 1 = b), opaque."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def readable(fg: QColor, bg: QColor, minimum: float = TEXT_CONTRAST) -> QColor:
    """fg, moved towards black or white (whichever side of bg it is on) just far enough to read on bg."""
    if contrast_ratio(fg, bg) >= minimum:
        return QColor(fg)
    white, black = QColor("#ffffff"), QColor("#000000")
    # Go away from the background: towards white on a dark background, towards black on a light one.
    target = white if contrast_ratio(white, bg) >= contrast_ratio(black, bg) else black
    lo, hi = 0.0, 1.0
    for _ in range(16):
        mid = (lo + hi) / 2
        if contrast_ratio(mix(fg, target, mid), bg) >= minimum:
            hi = mid
        else:
            lo = mid
    return mix(fg, target, hi)


def _tinted(kind: str, base: QColor, dark: bool) -> QColor:
    light_t, dark_t = _TINT[kind]
    return mix(base, HUES[kind], dark_t if dark else light_t)


def _readable_on_rows(fg: QColor, p: QPalette, role: QPalette.ColorRole) -> QColor:
    """fg readable on the background role and, in a view, on the alternating rows as well."""
    fg = readable(fg, p.color(role))
    if role == QPalette.ColorRole.Base:
        fg = readable(fg, p.color(QPalette.ColorRole.AlternateBase))
    return fg


# --- text on the window or in a view -----------------------------------------------------------


def muted_text(
    palette: QPalette | None = None, role: QPalette.ColorRole = QPalette.ColorRole.Window
) -> QColor:
    """Secondary text (hints, notes): between text and background, still 4.5:1 on the background."""
    p = _pal(palette)
    bg = p.color(role)
    text_role = (
        QPalette.ColorRole.WindowText if role == QPalette.ColorRole.Window else QPalette.ColorRole.Text
    )
    return _readable_on_rows(mix(p.color(text_role), bg, 0.38), p, role)


def error_text(palette: QPalette | None = None, role: QPalette.ColorRole = QPalette.ColorRole.Base) -> QColor:
    """Red text for an error (a file that could not be read), readable on the view's background."""
    p = _pal(palette)
    red = QColor("#ff8a80") if is_dark(p) else _ERROR_TEXT
    return _readable_on_rows(red, p, role)


def review_text(
    palette: QPalette | None = None, role: QPalette.ColorRole = QPalette.ColorRole.Base
) -> QColor:
    """Amber text of a review-level finding, readable on the view's background."""
    p = _pal(palette)
    amber = QColor("#f0b45a") if is_dark(p) else _REVIEW_TEXT
    return _readable_on_rows(amber, p, role)


# --- fills with their text -----------------------------------------------------------------------


def banner_colors(kind: str, palette: QPalette | None = None) -> tuple[QColor, QColor, QColor]:
    """(background, text, border) of a message banner: info, warning, error or ok."""
    p = _pal(palette)
    dark = is_dark(p)
    window = p.color(QPalette.ColorRole.Window)
    bg = _tinted(kind if kind in _TINT else "info", window, dark)
    fg = readable(p.color(QPalette.ColorRole.WindowText), bg)
    border = mix(bg, p.color(QPalette.ColorRole.WindowText), 0.25)
    return bg, fg, border


def fill_colors(kind: str, palette: QPalette | None = None) -> tuple[QColor, QColor]:
    """(background, text) of a filled cell in a view: a decision (pending, confirmed, false_positive,
    escalated, mixed) or a sheet marking (hit_row, hit_cell, not_screened)."""
    p = _pal(palette)
    dark = is_dark(p)
    bg = _tinted(kind if kind in _TINT else "mixed", p.color(QPalette.ColorRole.Base), dark)
    fg = readable(p.color(QPalette.ColorRole.Text), bg)
    return bg, fg


def decision_colors(status: str, palette: QPalette | None = None) -> tuple[QColor, QColor]:
    """(background, text) of a decision cell."""
    return fill_colors(status, palette)


def css(color: QColor) -> str:
    """A colour for HTML or a style sheet."""
    return color.name(QColor.NameFormat.HexRgb)


def span(text_html: str, kind: str, palette: QPalette | None = None) -> str:
    """HTML of text on a filled background that reads in the current palette (legend entries, highlights)."""
    bg, fg = fill_colors(kind, palette)
    return f"<span style='background:{css(bg)}; color:{css(fg)}'>{text_html}</span>"


def set_text_color(widget, color: QColor) -> None:
    """Give a label (or any widget drawing WindowText/Text) this text colour, keeping the rest of its palette."""
    # A fresh palette resolves only the roles set here; a copy of widget.palette() would pin every role
    # (the inherited ones included) and the widget would stop following later palette changes.
    p = QPalette()
    p.setResolveMask(0)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        p.setColor(role, color)
    widget.setPalette(p)


def dark_palette() -> QPalette:
    """A dark palette like the ones desktop themes provide (for screenshots and tests of dark mode)."""
    p = QPalette()
    window, base, text = QColor("#2b2b2b"), QColor("#1e1e1e"), QColor("#e6e6e6")
    R = QPalette.ColorRole
    colors = {
        R.Window: window,
        R.WindowText: text,
        R.Base: base,
        R.AlternateBase: QColor("#262626"),
        R.ToolTipBase: QColor("#3a3a3a"),
        R.ToolTipText: text,
        R.PlaceholderText: QColor("#9a9a9a"),
        R.Text: text,
        R.Button: QColor("#353535"),
        R.ButtonText: text,
        R.BrightText: QColor("#ff6b6b"),
        R.Light: QColor("#474747"),
        R.Midlight: QColor("#3c3c3c"),
        R.Mid: QColor("#2f2f2f"),
        R.Dark: QColor("#1a1a1a"),
        R.Shadow: QColor("#000000"),
        R.Highlight: QColor("#2f65ca"),
        R.HighlightedText: QColor("#ffffff"),
        R.Link: QColor("#6ea8fe"),
        R.LinkVisited: QColor("#b197fc"),
    }
    for role, color in colors.items():
        p.setColor(role, color)
    disabled = QColor("#7f7f7f")
    for role in (R.WindowText, R.Text, R.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p
