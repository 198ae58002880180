"""The building blocks of the report page: its style, escaped text, tables with repeating headers, hashes.

Two engines lay the same HTML out: a browser (the .html file, printed from there) and Qt's QTextDocument (the
PDF, guiapp.gui.pdf). So the page sticks to what both render: tables whose header rows sit in ``<thead>`` (both
repeat them on every printed page), simple class styles, page breaks before sections. The running header of
the printed page is given twice: as CSS page-margin boxes for a browser, and in a ``<meta>`` element that the
PDF engine reads (:data:`RUNNING_HEADER_META`), because Qt's engine knows no page-margin boxes.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from guiapp.model import printable

#: The name of the <meta> element whose content the PDF engine prints at the top of every page.
RUNNING_HEADER_META = "bom-auditor:running-header"

#: Fonts: DejaVu Sans for Latin, Greek and Cyrillic; a CJK font after it for Chinese and Japanese names (the PDF
#: engine embeds resources/fonts/DroidSansFallbackFull.ttf; a browser uses what the system has).
BODY_FONTS = "'DejaVu Sans', Arial, 'Droid Sans Fallback', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
#: Hashes and ids are set in a monospace font without ligatures, so text copied out of the page is exact.
MONO_FONTS = "'DejaVu Sans Mono', Consolas, 'Courier New', monospace"

_CSS = """
body { font-family: %(body)s; font-size: 8.5pt; color: #111; }
h1 { font-size: 15pt; margin: 0 0 4pt 0; }
h2 { font-size: 12pt; margin: 12pt 0 4pt 0; border-bottom: 1px solid #888; }
h3 { font-size: 10pt; margin: 9pt 0 3pt 0; }
table { border-collapse: collapse; margin: 2pt 0 6pt 0; }
th { background-color: #e8e8e8; text-align: left; font-weight: bold; }
th, td { border: 1px solid #999; padding: 2pt 4pt; vertical-align: top; }
td.num { text-align: right; }
.muted { color: #555; }
.mono { font-family: %(mono)s; font-variant-ligatures: none; font-feature-settings: "liga" 0, "clig" 0;
        white-space: nowrap; }
.confirmed { background-color: #ff9c9c; }
.pending { background-color: #ffe699; }
.escalated { background-color: #f4b183; }
.false_positive { background-color: #d9d9d9; }
.notscreened { background-color: #ddebf7; }
p.draft { color: #9c0006; background-color: #ffc7ce; padding: 3pt; }
p.method { max-width: 60em; }
@page { size: A4 landscape; margin: 14mm 12mm;
  @top-left { content: "%(header)s"; font-family: %(body)s; font-size: 7.5pt; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-family: %(body)s; font-size: 7.5pt; } }
@media print { h2, h3 { page-break-after: avoid; } tr { page-break-inside: avoid; }
  thead { display: table-header-group; } }
"""


def e(value: Any) -> str:
    """HTML-escaped text of a value (None as "")."""
    # printable: a file name that is not UTF-8, or a cell holding escape sequences, cannot break the page.
    return html.escape("" if value is None else printable(str(value)), quote=True)


def css_string(text: str) -> str:
    """Text inside a CSS double-quoted string in a <style> element: only plain characters stay as they are,
    every other one is a CSS escape, so a file name can close neither the string nor the element."""
    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _.,:;()-+")
    # A hex escape swallows one whitespace after it (CSS Syntax 4.3.7), so each one ends with its own space.
    return "".join(c if c in safe else f"\\{ord(c):06x} " for c in text)


def stylesheet(running_header: str) -> str:
    """The page's CSS, with the running header in the browser's page-margin box."""
    return _CSS % {"body": BODY_FONTS, "mono": MONO_FONTS, "header": css_string(running_header)}


class Mono(str):
    """A cell value set in the monospace class (a hash, an id): it must copy exactly."""

    __slots__ = ()


class Lines(tuple):
    """A cell of several lines (a note, then the decision history oldest first), each escaped on its own."""

    __slots__ = ()


def _cell(v: Any, width: str = "") -> str:
    w = f' width="{width}"' if width else ""
    if isinstance(v, Lines):
        return f"<td{w}>{'<br>'.join(e(line) for line in v)}</td>"
    if isinstance(v, Mono):
        return f'<td class="mono"{w}>{e(v)}</td>'
    if isinstance(v, int | float) and not isinstance(v, bool):
        return f'<td class="num"{w}>{e(v)}</td>'
    return f"<td{w}>{e(v)}</td>"


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    classes: Sequence[str] | None = None,
    widths: Sequence[str] | None = None,
    details: Sequence[Lines | None] | None = None,
) -> str:
    """A table whose header row repeats on every printed page; a row's class colours it (e.g. its decision).

    Args:
        headers: column titles.
        rows: cell values (numbers right-aligned, :class:`Mono` values in the monospace class).
        classes: one CSS class per row ("" for none).
        widths: column widths ("20%"), or None to let the engine choose.
        details: per row, lines shown across the full width under it (a decision history), or None.
    """
    ws = list(widths) if widths else [""] * len(headers)
    out = ['<table cellspacing="0" cellpadding="3" border="1" width="100%"><thead><tr>']
    out += [
        f'<th width="{w}">{e(h)}</th>' if w else f"<th>{e(h)}</th>" for h, w in zip(headers, ws, strict=True)
    ]
    out.append("</tr></thead><tbody>")
    for i, row in enumerate(rows):
        cls = f' class="{classes[i]}"' if classes and classes[i] else ""
        out.append(f"<tr{cls}>")
        out.extend(_cell(v) for v in row)
        out.append("</tr>")
        if details and details[i]:
            lines = "<br>".join(e(line) for line in details[i] or ())
            out.append(f'<tr{cls}><td colspan="{len(headers)}">{lines}</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def kv(rows: Sequence[tuple[str, Any]], key_width: str = "18%") -> str:
    """A two-column table of labelled values."""
    body = "".join(f'<tr><th width="{key_width}">{e(k)}</th>{_cell(v)}</tr>' for k, v in rows)
    return f'<table cellspacing="0" cellpadding="3" border="1" width="100%">{body}</table>'
