"""Every text the window shows a person goes through tr()/translate(): an AST walk over guiapp/gui finds string
literals (and f-strings, and sums holding them) handed straight to a Qt text setter, text-taking constructor or
static dialog, where lupdate cannot see them and the German window would show English.

Text made only of placeholders and punctuation ("{word} ({n})", text + ".") carries no words and passes; so does
HTML markup around data. What stays English on purpose is in ALLOWED, each with its reason."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

GUI = Path(__file__).resolve().parents[2] / "guiapp" / "gui"

# Method name -> positions of its text arguments (None: every argument). Other positions are data or paths.
SETTERS: dict[str, tuple[int, ...] | None] = {
    "setText": None,
    "setWindowTitle": None,
    "setToolTip": None,
    "setStatusTip": None,
    "setWhatsThis": None,
    "setPlaceholderText": None,
    "setAccessibleName": None,
    "setAccessibleDescription": None,
    "setTitle": None,
    "setLabelText": None,
    "setInformativeText": None,
    "setDetailedText": None,
    "setButtonText": (1,),
    "setTabText": (1,),
    "setTabToolTip": (1,),
    "addTab": (1,),
    "insertTab": (2,),
    "addItem": (0,),
    "addItems": None,
    "addRow": (0,),
    "addMenu": None,
    "addAction": None,
    "addButton": (0,),
    "setHeaderLabels": None,
    "setHorizontalHeaderLabels": None,
    "setVerticalHeaderLabels": None,
    "showMessage": (0,),
    "setPrefix": None,
    "setSuffix": None,
    "setSpecialValueText": None,
    "drawText": None,
}
# Widgets whose constructor takes a text.
CONSTRUCTORS = {
    "QLabel",
    "QPushButton",
    "QToolButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "QMenu",
    "QCommandLinkButton",
    "QMessageBox",
}
# Static dialogs called on their class -> positions of their texts (parent first; directories and paths are data).
STATIC = {
    "QMessageBox": {n: (1, 2) for n in ("information", "warning", "critical", "question", "about")},
    "QInputDialog": {n: (1, 2) for n in ("getText", "getMultiLineText", "getItem", "getInt", "getDouble")},
    "QFileDialog": {
        "getOpenFileName": (1, 3),
        "getOpenFileNames": (1, 3),
        "getSaveFileName": (1, 3),
        "getExistingDirectory": (1,),
    },
}
# (file, literal) -> why it stays English.
ALLOWED = {
    ("mainwindow.py", "'BOM Auditor'"): "the product's name is the same in every language",
    # The PDF is the audit report: evidence, English for every examiner like the rest of the report.
    (
        "pdf.py",
        "f'Page {page + 1} of {pages}'",
    ): "the PDF report's page footer is part of the English evidence",
}


def _words(node: ast.AST) -> str:
    """The literal text a string expression contributes (HTML tags and placeholders left out)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.sub(r"<[^>]*>", "", node.value)
    if isinstance(node, ast.JoinedStr):
        parts = (v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        return re.sub(r"<[^>]*>", "", "".join(str(p) for p in parts)).replace("{}", "")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _words(node.left) + " " + _words(node.right)
    if isinstance(node, (ast.List, ast.Tuple)):
        return " ".join(_words(e) for e in node.elts)
    return ""


def _receiver(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        v = func.value
        return v.id if isinstance(v, ast.Name) else v.attr if isinstance(v, ast.Attribute) else ""
    return ""


def untranslated(source: str) -> list[tuple[int, str]]:
    """(line, literal source) of every word-bearing literal passed straight to a Qt text API."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        positions: tuple[int, ...] | None | bool = False
        if isinstance(func, ast.Name) and func.id in CONSTRUCTORS:
            positions = None
        elif isinstance(func, ast.Attribute):
            receiver = _receiver(func)
            if receiver in STATIC:
                positions = STATIC[receiver].get(func.attr, False)
            elif func.attr in SETTERS and receiver not in ("log", "logger", "logging"):
                positions = SETTERS[func.attr]
        if positions is False:
            continue
        args = [a for i, a in enumerate(node.args) if positions is None or i in positions]
        args += [k.value for k in node.keywords if positions is None or k.arg in ("text", "title", "caption")]
        for arg in args:
            if re.search(r"[^\W\d_]", _words(arg)):
                found.append((node.lineno, ast.unparse(arg)))
    return found


def test_the_detector_finds_literals_and_passes_translated_text():
    sample = """
self.setWindowTitle("Watchlists")
QPushButton(f"Import {name}")
QMessageBox.question(self, "Remove list", self.tr("Sure?"))
QFileDialog.getOpenFileName(self, self.tr("Open"), "", "Lists (*.csv)")
label.setText("<b>Done</b> " + str(n))
self.setWindowTitle(self.tr("Watchlists"))
label.setText(f"{a} ({b})")
combo.addItem(self.tr("Open items"), "open")
log.warning("not shown to a person")
QFileDialog.getExistingDirectory(self, self.tr("Folder"), "/home/x")
"""
    found = [text for _, text in untranslated(sample)]
    assert found == [
        "'Watchlists'",
        "f'Import {name}'",
        "'Remove list'",
        "'Lists (*.csv)'",
        "'<b>Done</b> ' + str(n)",
    ]


def test_every_user_visible_literal_in_the_window_is_translated():
    files = sorted(GUI.glob("*.py"))
    assert len(files) > 20
    offending = []
    used = set()
    for path in files:
        for line, text in untranslated(path.read_text(encoding="utf-8")):
            key = (path.name, text)
            if key in ALLOWED:
                used.add(key)
                continue
            offending.append(f"{path.name}:{line}: {text}")
    assert not offending, (
        "wrap these in self.tr()/QCoreApplication.translate(), then ./dev.sh i18n:\n" + "\n".join(offending)
    )
    # An allow-list entry whose literal is gone would hide nothing: keep the list true.
    assert used == set(ALLOWED), f"stale ALLOWED entries: {set(ALLOWED) - used}"


@pytest.mark.parametrize("name", ["bom_auditor_de.ts"])
def test_accelerators_do_not_collide_within_a_dialog_or_menu(name):
    """Within one context (a dialog, a menu's builder), the German texts with an & give distinct keys when the
    English ones do."""
    import xml.etree.ElementTree as ET

    from guiapp.resources import resource_path

    def key(text: str) -> str | None:
        m = re.search(r"&([^&\s])", text.replace("&&", ""))
        return m.group(1).lower() if m else None

    for ctx in ET.parse(resource_path("i18n", name)).getroot().iter("context"):
        english: dict[str, list[str]] = {}
        german: dict[str, list[str]] = {}
        for m in ctx.iter("message"):
            src, tr = m.findtext("source") or "", m.findtext("translation") or ""
            if key(src):
                english.setdefault(key(src), []).append(src)  # type: ignore[arg-type]
                assert key(tr), f"{ctx.findtext('name')}: {tr!r} lost the accelerator of {src!r}"
                german.setdefault(key(tr), []).append(tr)  # type: ignore[arg-type]
        english_clashes = sum(len(v) - 1 for v in english.values())
        german_clashes = sum(len(v) - 1 for v in german.values())
        assert german_clashes <= english_clashes, (
            f"{ctx.findtext('name')}: German accelerators collide: "
            + str({k: v for k, v in german.items() if len(v) > 1})
        )
