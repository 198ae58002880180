"""The evidence under each role choice of the Whole sheet tab: why the column has its role, in a short line and
a tooltip with the details and sample values.

The records are the core's (ColumnMap.evidence, built by the code that decided the mapping); this module only
words them for a person, in the window's language. The one-line reason inside the tooltip stays English: it is
the text the manifest and the log keep.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy

from guiapp.gui.i18n import field_text
from guiapp.model import ColumnEvidence, ColumnMap, column_letter

LANGUAGES = {
    "en": QT_TRANSLATE_NOOP("RoleEvidence", "English"),
    "de": QT_TRANSLATE_NOOP("RoleEvidence", "German"),
    "fr": QT_TRANSLATE_NOOP("RoleEvidence", "French"),
    "es": QT_TRANSLATE_NOOP("RoleEvidence", "Spanish"),
    "it": QT_TRANSLATE_NOOP("RoleEvidence", "Italian"),
    "pt": QT_TRANSLATE_NOOP("RoleEvidence", "Portuguese"),
    "nl": QT_TRANSLATE_NOOP("RoleEvidence", "Dutch"),
    "pl": QT_TRANSLATE_NOOP("RoleEvidence", "Polish"),
    "sv": QT_TRANSLATE_NOOP("RoleEvidence", "Swedish"),
    "fi": QT_TRANSLATE_NOOP("RoleEvidence", "Finnish"),
    "cs": QT_TRANSLATE_NOOP("RoleEvidence", "Czech"),
    "ru": QT_TRANSLATE_NOOP("RoleEvidence", "Russian"),
    "uk": QT_TRANSLATE_NOOP("RoleEvidence", "Ukrainian"),
    "zh": QT_TRANSLATE_NOOP("RoleEvidence", "Chinese"),
    "ja": QT_TRANSLATE_NOOP("RoleEvidence", "Japanese"),
    "ko": QT_TRANSLATE_NOOP("RoleEvidence", "Korean"),
}
SHAPES = {
    "part_number": QT_TRANSLATE_NOOP("RoleEvidence", "part numbers"),
    "company": QT_TRANSLATE_NOOP("RoleEvidence", "company names"),
    "prose": QT_TRANSLATE_NOOP("RoleEvidence", "prose"),
    "number": QT_TRANSLATE_NOOP("RoleEvidence", "numbers"),
    "date": QT_TRANSLATE_NOOP("RoleEvidence", "dates"),
    "designator": QT_TRANSLATE_NOOP("RoleEvidence", "designators"),
    "value": QT_TRANSLATE_NOOP("RoleEvidence", "component values"),
    "link": QT_TRANSLATE_NOOP("RoleEvidence", "links"),
    "other": QT_TRANSLATE_NOOP("RoleEvidence", "other text"),
}
VERDICTS = {
    "confirmed": QT_TRANSLATE_NOOP("RoleEvidence", "header confirmed by the values"),
    "overturned": QT_TRANSLATE_NOOP("RoleEvidence", "header overturned by the values"),
    "dropped": QT_TRANSLATE_NOOP("RoleEvidence", "no role: the values are numbers, dates or designators"),
    "header": QT_TRANSLATE_NOOP("RoleEvidence", "by the header; the values neither confirm nor overturn it"),
    "too_few": QT_TRANSLATE_NOOP("RoleEvidence", "by the header; too few values to weigh"),
    "not_used": QT_TRANSLATE_NOOP("RoleEvidence", "not used: a column with a stronger header has the role"),
    "by_hand": QT_TRANSLATE_NOOP("RoleEvidence", "set by you"),
}
translate = QCoreApplication.translate


def _named(table: dict[str, str], key: str) -> str:
    return translate("RoleEvidence", table[key]) if key in table else key


def role_name(role: str) -> str:
    """A role in the window's words ("part number"), as the tables say it (i18n.field_text)."""
    if role == "other":
        return translate("RoleEvidence", "no screened role")
    return field_text(role)


def top_shapes(rec: ColumnEvidence, top: int = 2) -> str:
    """'6/6 part numbers, 1/6 prose': the commonest shapes of a column's sampled values, in the window's words."""
    ranked = sorted(
        ((n, s) for s, n in rec.counts.items() if n and s != "empty"), key=lambda x: (-x[0], x[1])
    )
    return ", ".join(f"{n}/{rec.sampled} {_named(SHAPES, s)}" for n, s in ranked[:top])


def short_text(rec: ColumnEvidence) -> str:
    """One line for under the role choice: the verdict first, then the values and the header word."""
    values = top_shapes(rec)
    if rec.verdict == "by_hand":
        head = translate("RoleEvidence", "Set by you")
    elif rec.verdict == "overturned":
        head = translate("RoleEvidence", "Overturned")
    elif rec.verdict == "confirmed":
        head = translate("RoleEvidence", "Confirmed")
    else:
        head = translate("RoleEvidence", "By header")
    line = translate("RoleEvidence", "{head}: {values}").format(head=head, values=values) if values else head
    if rec.verdict == "overturned":
        line += translate("RoleEvidence", " · header “{term}” = {header_role}").format(
            term=rec.term or rec.header, header_role=role_name(rec.header_role)
        )
    elif rec.term and rec.language:
        line += translate("RoleEvidence", " · “{term}” ({language})").format(
            term=rec.term, language=_named(LANGUAGES, rec.language)
        )
    elif rec.term:
        line += f" · “{rec.term}”"
    return line


def tooltip_html(rec: ColumnEvidence) -> str:
    """The details of one column's evidence as rich text: header word, values, verdict, confidence, samples."""
    esc = html.escape
    title = translate("RoleEvidence", "Column {letter} “{header}”").format(
        letter=column_letter(rec.column), header=esc(rec.header)
    )
    lines = [f"<b>{title}</b>"]
    if rec.term and not rec.language:  # a distributor's name: its order codes
        lines.append(
            translate("RoleEvidence", "Header word: “{term}” (a name), names {header_role}").format(
                term=esc(rec.term), header_role=role_name(rec.header_role)
            )
        )
    elif rec.term:
        strength = (
            translate("RoleEvidence", "weak name") if rec.weak else translate("RoleEvidence", "strong name")
        )
        lines.append(
            translate(
                "RoleEvidence", "Header word: “{term}” ({language}, {strength}), names {header_role}"
            ).format(
                term=esc(rec.term),
                language=_named(LANGUAGES, rec.language),
                strength=strength,
                header_role=role_name(rec.header_role),
            )
        )
    shapes = top_shapes(rec, top=4)
    lines.append(
        translate("RoleEvidence", "Values: {shapes} (a sample of {n})").format(
            shapes=shapes or "-", n=rec.sampled
        )
    )
    lines.append(
        translate("RoleEvidence", "Verdict: {verdict}").format(verdict=_named(VERDICTS, rec.verdict))
    )
    role = role_name(rec.role) if rec.role else translate("RoleEvidence", "none")
    lines.append(
        translate("RoleEvidence", "Role: {role} (confidence {confidence})").format(
            role=role, confidence=f"{rec.confidence:.0%}"
        )
    )
    if rec.samples:
        # Each value quoted, as the file writes it (cut at 40 characters): the file's data, not the window's words.
        samples = "; ".join(f"“{esc(s if len(s) <= 40 else s[:39] + '…')}”" for s in rec.samples)
        lines.append(translate("RoleEvidence", "Sample values: {samples}").format(samples=samples))
    lines.append(f"<i>{esc(rec.reason)}</i>")
    return "<br>".join(lines)


def role_evidence(mapping: ColumnMap, role: str) -> list[ColumnEvidence]:
    """The evidence records of the columns that have a role in a mapping, in column order."""
    return [mapping.evidence[c] for c in mapping.columns.get(role, []) if c in mapping.evidence]


def _tally(records: list[ColumnEvidence]) -> str:
    """'2 confirmed, 1 by header': how many of a role's columns got each verdict."""
    counts = {"confirmed": 0, "overturned": 0, "by_hand": 0, "header": 0}
    for r in records:
        counts[r.verdict if r.verdict in counts else "header"] += 1
    # "{n} confirmed" reads right for every n in English and German; lupdate reads plurals from self.tr() only.
    words = {
        "confirmed": translate("RoleEvidence", "{n} confirmed"),
        "overturned": translate("RoleEvidence", "{n} overturned"),
        "by_hand": translate("RoleEvidence", "{n} set by you"),
        "header": translate("RoleEvidence", "{n} by header"),
    }
    return ", ".join(words[v].format(n=n) for v, n in counts.items() if n)


def describe_role(mapping: ColumnMap, role: str) -> tuple[str, str]:
    """(the short line, the tooltip) for one role of a mapping."""
    cols = mapping.columns.get(role, [])
    if not cols:
        return translate("RoleEvidence", "No column: not screened as this role"), ""
    records = role_evidence(mapping, role)
    if not records:
        return translate("RoleEvidence", "No evidence recorded for this column"), ""
    if len(records) == 1:
        short = short_text(records[0])
    else:
        # Several columns share the role: the tally first, then each column (the line is cut at its end).
        short = translate("RoleEvidence", "%n columns: {tally}", "", len(records)).format(
            tally=_tally(records)
        )
        short += "".join(f" | {column_letter(r.column)}: {short_text(r)}" for r in records)
    tip = "<hr>".join(tooltip_html(r) for r in records)
    return short, tip


class RoleEvidenceLabel(QLabel):
    """One line of evidence under a role choice, elided to the width it gets; the tooltip has it all."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF() * 0.9, 7.0))
        self.setFont(font)

    def set_evidence(self, text: str, tooltip: str) -> None:
        """Show this line (elided to fit) with this rich-text tooltip."""
        self._full = text
        self.setToolTip(tooltip)
        self.setAccessibleDescription(text)
        self._elide()

    def full_text(self) -> str:
        """The whole line, before eliding."""
        return self._full

    def minimumSizeHint(self) -> QSize:
        # The line may shrink away: a short window (1366x768 at 200%) keeps its rows for the sheet.
        return QSize(0, 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = QFontMetrics(self.font()).elidedText(
            self._full, Qt.TextElideMode.ElideRight, max(self.width(), 40)
        )
        if shown != self.text():
            self.setText(shown)
