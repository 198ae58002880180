"""The detail pane: why a hit was found, what the list entry says, and the whole BOM row for context."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from html import escape, unescape
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QTextBrowser

from guiapp.gui import theme
from guiapp.gui.i18n import confidence_text, decision_label, field_text, method_text, relationship_text
from guiapp.model import NOT_GIVEN, Decision, EntryEvidence, FileResult, Hit, column_letter
from guiapp.review.history import HistoryEntry
from guiapp.review.memory import Suggestion

translate = QCoreApplication.translate

# The pane's labels are translated; what they label (the matcher's reason, list data, BOM cells) is evidence
# and stays as the core wrote it.
_METHOD_WORDS = {
    "exact": QT_TRANSLATE_NOOP("Detail", "The cell text is the listed name itself (after normalisation)."),
    "alias": QT_TRANSLATE_NOOP(
        "Detail", "The cell text is a known alias, brand or former name of the listed entity."
    ),
    "fuzzy": QT_TRANSLATE_NOOP(
        "Detail", "The cell text is close to a listed name but not identical; the score says how close."
    ),
    "part_number": QT_TRANSLATE_NOOP(
        "Detail", "The part number follows a model-number pattern the listed maker uses."
    ),
    "description": QT_TRANSLATE_NOOP(
        "Detail", "The description names the listed entity or one of its brands."
    ),
}


def find_entity(watchlists: Iterable[Any], entity_id: str) -> Any | None:
    """The list entry with this id in any of the watchlists."""
    for wl in watchlists:
        entities = getattr(wl, "entities", ())
        if isinstance(entities, Mapping):
            e = entities.get(entity_id)
            if e is not None:
                return e
            continue
        for e in entities:
            if getattr(e, "id", None) == entity_id:
                return e
    return None


#: How every label cell of the pane opens; evidence is escaped, so this tag is only ever a label's.
_LABEL_CELL = "<th align='left' valign='top'>"
_LABEL_TEXT = re.compile(re.escape(_LABEL_CELL) + r"(.*?)</th>", re.S)
_LABEL_ROW = re.compile("<tr>" + re.escape(_LABEL_CELL) + r"(.*?)</th><td>", re.S)
#: Twice the tables' cellpadding and their spacing, and a pixel for rounding.
_LABEL_PADDING = 7
#: A label word longer than this many average characters (a file's header run together) may break.
_LABEL_MOST_CHARS = 28
#: The least room, in average characters, a value keeps beside its label; with less, labels go above.
_VALUE_LEAST_CHARS = 16


def fit_label_column(html: str, font: QFont, width: int) -> tuple[str, int]:
    """Lay out the label cells of html so a label wraps between words, never inside one.

    Left to itself, Qt's rich-text table shares a narrow pane's width out and breaks a long label inside a
    word ("Verlässlichke / it der Listendaten" in German). Here the label column gets the width of the
    widest label word, measured with the font's metrics (bold, as a <th> draws), the same in every table so
    the pane's columns align; when that leaves a value too little of ``width``, each label goes on a line
    of its own above its value.

    Returns the HTML and the least width at which labels sit beside their values (0: html has no labels).
    """
    words = [
        w for label in _LABEL_TEXT.findall(html) for w in unescape(re.sub(r"<[^>]+>", " ", label)).split()
    ]
    if not words:
        return html, 0
    bold = QFont(font)
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    label = min(max(map(metrics.horizontalAdvance, words)), metrics.averageCharWidth() * _LABEL_MOST_CHARS)
    label += _LABEL_PADDING
    beside = label + QFontMetrics(font).averageCharWidth() * _VALUE_LEAST_CHARS
    if width >= beside:
        return html.replace(_LABEL_CELL, f"<th align='left' valign='top' width='{label}'>"), beside
    indent = QFontMetrics(font).averageCharWidth() * 2
    stacked = _LABEL_ROW.sub(
        lambda m: f"<tr>{_LABEL_CELL}{m.group(1)}</th></tr><tr><td style='padding-left:{indent}px'>", html
    )
    return stacked, beside


# The labels of the entry evidence (guiapp.model.ENTRY_FIELDS), for translation; the values are list data.
_ENTRY_LABELS = {
    "List": QT_TRANSLATE_NOOP("Detail", "List"),
    "Programmes (start date)": QT_TRANSLATE_NOOP("Detail", "Programmes (start date)"),
    "Entity number": QT_TRANSLATE_NOOP("Detail", "Entity number"),
    "Federal Register": QT_TRANSLATE_NOOP("Detail", "Federal Register"),
    "Start date": QT_TRANSLATE_NOOP("Detail", "Start date"),
    "Source URL": QT_TRANSLATE_NOOP("Detail", "Source URL"),
    "List edition": QT_TRANSLATE_NOOP("Detail", "List edition"),
    "List imported": QT_TRANSLATE_NOOP("Detail", "List imported"),
}


def entry_evidence_html(entry: EntryEvidence | None, muted: str) -> str:
    """The matched entry's evidence as the list gives it: the same fields as the JSON, Findings and report."""
    title = translate("Detail", "Evidence of the list entry")
    if entry is None:
        text = translate("Detail", "Not at hand: the list this hit came from is not loaded.")
        return f"<h4>{title}</h4><p style='color:{muted}'>{escape(text)}</p>"
    parts = [f"<h4>{title}</h4><table cellspacing='2' cellpadding='2'>"]
    for label, text in entry.fields():
        shown = translate("Detail", "not given in the list") if text == NOT_GIVEN else text
        value = escape(shown) if text != NOT_GIVEN else f"<i style='color:{muted}'>{escape(shown)}</i>"
        parts.append(
            f"<tr>{_LABEL_CELL}{escape(translate('Detail', _ENTRY_LABELS.get(label, label)))}"
            f"</th><td>{value}</td></tr>"
        )
    parts.append("</table>")
    return "".join(parts)


def _text(value: Any) -> str:
    if value is None or value == "" or value == () or value == []:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, Iterable):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _breakable(text: str) -> str:
    """Let a long regular expression wrap in a narrow pane (zero-width spaces after | ) ])."""
    for ch in "|)]":
        text = text.replace(ch, ch + "\u200b")
    return text


def _when(iso: str) -> str:
    """'2026-11-24T02:30:44+00:00' as '2026-11-24 02:30 UTC': it reads, and wraps at a space in a narrow pane."""
    try:
        when = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or "?"
    if when.utcoffset() == timedelta(0):
        return f"{when:%Y-%m-%d %H:%M} UTC"
    return when.isoformat(sep=" ", timespec="minutes")


def _row(label: str, value: Any) -> str:
    text = _text(value)
    if not text:
        return ""
    return f"<tr>{_LABEL_CELL}{escape(label)}</th><td>{escape(text)}</td></tr>"


def note_html(text: str, palette: QPalette | None = None) -> str:
    """A highlighted note above the detail (a multi-selection, a value group), readable in light and dark."""
    bg, fg = theme.banner_colors("info", palette)[:2]
    return (
        f"<table width='100%' cellpadding='4' style='background:{theme.css(bg)}'><tr>"
        f"<td style='color:{theme.css(fg)}'>{escape(text)}</td></tr></table>"
    )


def muted_html(text: str, palette: QPalette | None = None) -> str:
    """A grey hint paragraph in the detail pane's colours."""
    color = theme.css(theme.muted_text(palette, QPalette.ColorRole.Base))
    return f"<p style='color:{color}'>{escape(text)}</p>"


def hit_html(
    hit: Hit,
    result: FileResult | None,
    decision: Decision,
    entity: Any | None,
    file_name: str,
    palette: QPalette | None = None,
    suggestion: Suggestion | None = None,
    history: Sequence[HistoryEntry] = (),
) -> str:
    """The detail of one hit as HTML, coloured for palette (the application's when None)."""
    m = hit.match
    base = QPalette.ColorRole.Base
    muted = theme.css(theme.muted_text(palette, base))
    parts = [f"<h3>{escape(hit.value)}</h3>"]
    who = escape(m.entity) + (
        translate("Detail", " (part of {parent})").format(parent=escape(m.parent))
        if m.parent_id != m.entity_id
        else ""
    )
    method = (
        translate("Detail", "part-number pattern") if m.method == "part_number" else method_text(m.method)
    )
    field = field_text(hit.field)
    parts.append(
        translate(
            "Detail",
            "<p><b>{field}</b> in {file}, sheet <b>{sheet}</b>, cell <b>{cell}</b> matches <b>{who}</b> "
            "on {lists} — {method}, score {score}.</p>",
        ).format(
            field=escape(field[:1].upper() + field[1:]),
            file=escape(file_name),
            sheet=escape(hit.sheet),
            cell=f"{escape(hit.column)}{hit.row}",
            who=who,
            lists=escape(", ".join(m.lists) or translate("Detail", "no list")),
            method=escape(method),
            score=f"{m.score:.0f}",
        )
    )
    if m.review:
        parts.append(
            f"<p style='color:{theme.css(theme.review_text(palette))}'>"
            + translate("Detail", "<b>Review-level finding:</b> the evidence is weak on its own.")
            + "</p>"
        )
    parts.append("<p>" + translate("Detail", "<b>Why:</b> {reason}").format(reason=escape(m.reason)) + "</p>")
    if m.method in _METHOD_WORDS:
        parts.append(f"<p style='color:{muted}'>{escape(translate('Detail', _METHOD_WORDS[m.method]))}</p>")
    parts.append("<table cellspacing='2' cellpadding='2'>")
    if m.method == "part_number":
        # For a pattern hit, normalized_name holds the regular expression, not a name.
        parts.append(_row(translate("Detail", "Matched pattern"), m.matched_name))
        parts.append(_row(translate("Detail", "Part number, as compared"), m.normalized_value))
        if m.normalized_name:
            parts.append(
                f"<tr>{_LABEL_CELL}" + translate("Detail", "Pattern (regular expression)") + "</th>"
                f"<td><code>{_breakable(escape(m.normalized_name))}</code></td></tr>"
            )
    else:
        parts.append(_row(translate("Detail", "Matched name"), m.matched_name))
        parts.append(_row(translate("Detail", "Cell, normalised"), m.normalized_value))
        parts.append(_row(translate("Detail", "Name, normalised"), m.normalized_name))
    parts.append(_row(translate("Detail", "List data confidence"), confidence_text(m.confidence)))
    parts.append(_row(translate("Detail", "Watchlist"), m.watchlist))
    d_label = decision_label(decision.status) + (
        translate("Detail", " (remembered)") if decision.remembered else ""
    )
    parts.append(_row(translate("Detail", "Decision"), d_label))
    if suggestion is not None:
        parts.append(
            _row(
                translate("Detail", "Suggestion"),
                suggestion.text() + translate("Detail", " (press A to accept it for this BOM)"),
            )
        )
    parts.append(_row(translate("Detail", "Note"), decision.note))
    if decision.reviewer or decision.time:
        parts.append(
            _row(
                translate("Detail", "Decided by"),
                translate("Detail", "{reviewer} at {time}").format(
                    reviewer=decision.reviewer or "?", time=_when(decision.time)
                ),
            )
        )
    parts.append("</table>")
    if history:
        parts.append(
            "<p>" + translate("Detail", "<b>History</b> (oldest first; nothing is ever removed)") + "</p><ol>"
        )
        parts.extend(f"<li>{escape(e.text())}</li>" for e in history)
        parts.append("</ol>")

    parts.append(entry_evidence_html(m.entry, muted))
    if entity is not None:
        title = translate("Detail", "List entry")
        parts.append(f"<h4>{title}</h4><table cellspacing='2' cellpadding='2'>")
        parts.append(
            _row(translate("Detail", "Entry"), f"{getattr(entity, 'name', '')} [{getattr(entity, 'id', '')}]")
        )
        parts.append(_row(translate("Detail", "Parent"), getattr(entity, "parent_id", None) or ""))
        parts.append(
            _row(
                translate("Detail", "Relationship"),
                relationship_text(getattr(entity, "relationship", "") or ""),
            )
        )
        for le in getattr(entity, "lists", ()) or ():
            code = getattr(le, "code", None)
            if code is None:
                parts.append(_row(translate("Detail", "List"), le))
                continue
            bits = [
                translate("Detail", "added {date}").format(date=le.date) if getattr(le, "date", "") else "",
                getattr(le, "note", ""),
            ]
            if getattr(le, "via_affiliate", False):
                bits.append(translate("Detail", "covered as a subsidiary or affiliate, not named"))
            parts.append(
                _row(
                    translate("Detail", "List {code}").format(code=code),
                    "; ".join(b for b in bits if b) or translate("Detail", "listed"),
                )
            )
        parts.append(_row(translate("Detail", "Citation"), getattr(entity, "citation", "")))
        parts.append(_row(translate("Detail", "Scope"), getattr(entity, "scope_note", "")))
        parts.append(
            _row(
                translate("Detail", "Data confidence"),
                confidence_text(getattr(entity, "confidence", "") or ""),
            )
        )
        parts.append(_row(translate("Detail", "Country"), getattr(entity, "country", "")))
        aliases = [getattr(a, "name", a) for a in getattr(entity, "aliases", ()) or ()]
        if aliases:
            shown = ", ".join(str(a) for a in aliases[:12]) + (
                translate("Detail", " and {n} more").format(n=len(aliases) - 12) if len(aliases) > 12 else ""
            )
            parts.append(_row(translate("Detail", "Aliases"), shown))
        patterns = [
            getattr(p, "label", "") or getattr(p, "regex", p) for p in getattr(entity, "patterns", ()) or ()
        ]
        parts.append(_row(translate("Detail", "Part-number patterns"), patterns))
        parts.append(_row(translate("Detail", "Notes"), getattr(entity, "notes", "")))
        parts.append("</table>")

    sheet = None
    if result is not None and result.bom is not None:
        sheet = next((s for s in result.bom.sheets if s.name == hit.sheet), None)
    if sheet is not None:
        values = sheet.row_values(hit.row)
        headers = sheet.mapping.headers
        title = translate("Detail", "Row {row} of the BOM").format(row=hit.row)
        parts.append(f"<h4>{title}</h4><table cellspacing='2' cellpadding='2'>")
        for col, value in enumerate(values):
            if not value:
                continue
            label = headers.get(col) or column_letter(col)
            role = sheet.mapping.role_of(col)
            label = f"{label} ({column_letter(col)})"
            text = escape(value)
            if column_letter(col) == hit.column:
                text = theme.span(text, "hit_cell", palette)
            role_txt = f" <i style='color:{muted}'>[{escape(field_text(role))}]</i>" if role else ""
            parts.append(f"<tr>{_LABEL_CELL}{escape(label)}</th><td>{text}{role_txt}</td></tr>")
        parts.append("</table>")
    return "".join(parts)


class DetailPane(QTextBrowser):
    """Shows the selected hit (or a hint when nothing is selected).

    The HTML carries colours taken from the palette, so the pane renders again when the palette changes:
    a hint by itself, a hit through the render function it was shown with.

    Rendering is coalesced: laying out the pane costs 15-40 ms, so requests made while keys are being
    pressed (a reviewer holding the arrow key, C on row after row) draw only the last one, when the event
    loop is next idle. Reading the pane's text draws what is pending first.
    """

    EMPTY = QT_TRANSLATE_NOOP("Detail", "Select a finding to see why it was flagged.")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.setOpenExternalLinks(False)
        self.setAcceptDrops(False)
        self._render = None
        self._pending = False
        self._beside = 0  # the least width at which the shown labels sit beside their values
        self._labels_beside = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.flush)
        self.show_nothing()
        self.flush()

    def show_nothing(self, text: str | None = None) -> None:
        hint = translate("Detail", self.EMPTY) if text is None else text
        self.show_rendered(lambda palette: muted_html(hint, palette))

    def show_rendered(self, render) -> None:
        """Show render(palette) -> HTML (at the next idle moment) and again after every palette change."""
        self._render = render
        self._pending = True
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Draw what was asked for last, now."""
        if self._pending and self._render is not None:
            self._pending = False
            width = self.viewport().width()
            html, self._beside = fit_label_column(self._render(self.palette()), self.font(), width)
            self._labels_beside = width >= self._beside
            self.setHtml(html)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # Labels go above their values, or back beside them, when the pane crosses the width that needs it.
        beside_now = self.viewport().width() >= self._beside
        if self._beside and self._render is not None and beside_now != self._labels_beside:
            self._pending = True
            if not self._timer.isActive():
                self._timer.start()

    def toPlainText(self) -> str:
        self.flush()
        return super().toPlainText()

    def toHtml(self) -> str:
        self.flush()
        return super().toHtml()

    def show_html(self, html: str) -> None:
        """Show fixed HTML (it should carry no colours of its own)."""
        self.show_rendered(lambda palette: html)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._render is not None:
            self._pending = True
            self.flush()
