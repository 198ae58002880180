"""Every text a window shows a person, and the English words among them that should read German.

``window_texts`` walks a widget tree as a person would see it: labels, buttons, tab titles, tooltips, window
titles, menu and toolbar actions, the items of combo boxes and every table's or list's headers and cells
(display text and tooltip). ``english_words`` finds, in such texts, the words of the English source texts
of a translation file that no German translation uses, and the words of the core's own values (roles,
methods, confidences, decisions, relationships, parties); the evidence a window quotes (cell texts, list
data, matcher reasons, file names) is taken out first, since it stays as written by design.
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QTextEdit,
    QWidget,
)

_WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"\w+")
_QUOTED = re.compile(r"[“„][^“”„]*[”“]")


def _plain(text: str) -> str:
    """Rich text as a person reads it (tags and entities gone); plain text unchanged."""
    if "<" in text and ">" in text:
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def _source_words(text: str) -> set[str]:
    text = re.sub(r"<[^>]+>|&\w+;|\{\w*\}|%n|%\d", " ", text)
    return {w.casefold() for w in _WORD.findall(text.replace("&", ""))}


def english_vocabulary(ts: Path, core_values: Iterable[str]) -> set[str]:
    """The words of a .ts file's English sources that none of its translations use, and of the core values.

    A word both languages write the same ("Score", "CSV", a product name) is not English in the window.
    """
    sources: set[str] = set()
    german: set[str] = set()
    for m in ET.parse(ts).getroot().iter("message"):
        sources |= _source_words(m.findtext("source") or "")
        tr = m.find("translation")
        if tr is None:
            continue
        forms = [f.text or "" for f in tr.findall("numerusform")] or [tr.text or ""]
        for form in forms:
            german |= _source_words(form)
    core: set[str] = set()
    for value in core_values:
        core |= _source_words(value.replace("_", " "))
    return (sources | core) - german


def evidence_strings(objects: Iterable[object], core_values: Iterable[str]) -> set[str]:
    """Every string held in these objects (dataclasses, lists, dicts), except the core's own values.

    What the core found and quoted stays as written; its vocabulary (a role, a method) must be translated.
    The values are left in only as the core writes them (lower case), so a file's header "Description"
    stays evidence while a raw "description" does not.
    """
    # As the core writes them ("part_number", "high"); a header cell "Description" is the file's own text.
    skip = {*core_values} | {v.replace("_", " ") for v in core_values}
    out: set[str] = set()
    seen: set[int] = set()

    def walk(obj: object, depth: int) -> None:
        if depth > 6 or id(obj) in seen:
            return
        if isinstance(obj, str):
            if obj.strip() and obj not in skip:
                out.update({obj, " ".join(obj.split())})  # as written, and as a one-line label shows it
            return
        if isinstance(obj, Path):
            out.update({str(obj), obj.name})
            return
        seen.add(id(obj))
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            for f in dataclasses.fields(obj):
                walk(getattr(obj, f.name, None), depth + 1)
        elif isinstance(obj, dict):
            for k, v in obj.items():
                walk(k, depth + 1)
                walk(v, depth + 1)
        elif isinstance(obj, (list, tuple, set, frozenset)):
            for v in obj:
                walk(v, depth + 1)

    for obj in objects:
        walk(obj, 0)
    return out


def english_words(texts: Iterable[str], vocabulary: set[str], evidence: Iterable[str]) -> dict[str, str]:
    """English word -> where it was first seen (the text around it), with the evidence taken out first.

    Short capitals ("AT", "CN") are column letters and codes, not words; so are letters run together
    with digits. Text the window sets in typographic quotes (“…”, „…“) is a value it quotes from the file
    (a header word, sample cells) and counts as evidence too.
    """
    quoted = sorted({e for e in evidence if e.strip()}, key=len, reverse=True)
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(e)}(?!\w)" for e in quoted)) if quoted else None
    found: dict[str, str] = {}
    for text in texts:
        rest = (pattern.sub(" ", text) if pattern is not None else text).replace("&", "")
        rest = _QUOTED.sub(" ", rest)
        for match in _TOKEN.finditer(rest):
            word = match.group()
            if not word.isalpha():  # "Manufacturer1", "part_no": a code or a cut header, not a word
                continue
            w = word.casefold()
            if w in vocabulary and w not in found and not (word.isupper() and len(word) <= 3):
                found[w] = " ".join(rest[max(0, match.start() - 50) : match.end() + 30].split())
    return found


def model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> Iterator[str]:
    """Headers, display texts and tooltips of every cell of a model (tree models included)."""
    parent = parent or QModelIndex()
    try:
        columns = model.columnCount(parent)
    except TypeError:  # QAbstractListModel keeps columnCount private in PySide6: one column
        columns = 1
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    if not parent.isValid():
        for orientation, count in (
            (Qt.Orientation.Horizontal, columns),
            (Qt.Orientation.Vertical, model.rowCount(parent)),
        ):
            for section in range(count):
                for role in roles:
                    value = model.headerData(section, orientation, role)
                    if value not in (None, ""):
                        yield str(value)
    for row in range(model.rowCount(parent)):
        for col in range(columns):
            index = model.index(row, col, parent)
            for role in roles:
                value = model.data(index, role)
                if value not in (None, "") and not isinstance(value, bool):
                    yield str(value)
            if col == 0 and columns > 1 and model.rowCount(index):
                yield from model_texts(model, index)


def window_texts(root: QWidget) -> Iterator[str]:
    """Every text a person can meet in root's visible widgets, its actions and its models."""
    widgets = [root, *root.findChildren(QWidget)]
    models: list[QAbstractItemModel] = []
    for w in widgets:
        if w.isWindow() and w.windowTitle():
            yield w.windowTitle()
        if not (w.isVisible() or isinstance(w, QMenu)):
            continue
        if w.toolTip():
            yield _plain(w.toolTip())
        if isinstance(w, QLabel):
            yield _plain(w.text())
        elif isinstance(w, QAbstractButton):
            yield w.text()
        elif isinstance(w, QGroupBox):
            yield w.title()
        elif isinstance(w, QLineEdit):
            yield w.placeholderText()
        elif isinstance(w, QTextEdit):
            yield w.toPlainText()
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                yield w.tabText(i)
                yield w.tabToolTip(i)
        elif isinstance(w, QMenu):
            yield w.title()
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                yield w.itemText(i)
                tip = w.itemData(i, Qt.ItemDataRole.ToolTipRole)
                if tip:
                    yield str(tip)
        elif isinstance(w, QAbstractItemView) and w.model() is not None and w.model() not in models:
            models.append(w.model())
    for action in root.findChildren(QAction):
        yield action.text()
        if action.toolTip() != action.text().replace("&", ""):
            yield action.toolTip()
        yield action.statusTip()
    for model in models:
        yield from model_texts(model)
