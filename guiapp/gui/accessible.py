"""Accessible names and descriptions for every control, so a screen reader says what each one is for.

The window's controls get names and descriptions written for them (by object name); any other control of a
window or dialog gets a name from what a sighted person reads: its text, its placeholder, the label that
points at it (buddy) or its tooltip. ``name_controls`` is called once a window or dialog is built; a test
walks every widget of the window and of each dialog and fails on a control a screen reader could not name.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

#: object name -> (accessible name, description), for the window's controls and the dialogs'
WINDOW_CONTROLS: dict[str, tuple[str, str]] = {
    "filesView": (
        QT_TRANSLATE_NOOP("Accessible", "Open files"),
        QT_TRANSLATE_NOOP(
            "Accessible", "The files under review with their screening status; select one to work on it"
        ),
    ),
    "tabs": (
        QT_TRANSLATE_NOOP("Accessible", "Views"),
        QT_TRANSLATE_NOOP(
            "Accessible", "Findings, findings by value, or the whole sheet with its column mapping"
        ),
    ),
    "qt_tabwidget_tabbar": (
        QT_TRANSLATE_NOOP("Accessible", "View tabs"),
        QT_TRANSLATE_NOOP("Accessible", "Alt+1 findings, Alt+2 by value, Alt+3 whole sheet"),
    ),
    "hitsView": (
        QT_TRANSLATE_NOOP("Accessible", "Findings"),
        QT_TRANSLATE_NOOP(
            "Accessible",
            "Every hit with its reason and decision. C confirmed, F false positive, E escalated, P pending, "
            "A accepts a suggestion, Enter edits the note, Ctrl+Z undoes",
        ),
    ),
    "groupsView": (
        QT_TRANSLATE_NOOP("Accessible", "Findings by value"),
        QT_TRANSLATE_NOOP(
            "Accessible", "Each distinct cell text and list entry; a decision covers all its rows"
        ),
    ),
    "sheetView": (
        QT_TRANSLATE_NOOP("Accessible", "Whole sheet"),
        QT_TRANSLATE_NOOP("Accessible", "The sheet as read; rows with a finding are highlighted"),
    ),
    "detailPane": (
        QT_TRANSLATE_NOOP("Accessible", "Finding detail"),
        QT_TRANSLATE_NOOP(
            "Accessible", "Why the selected hit matched, its list entry, decision history and row"
        ),
    ),
    "filterEdit": (
        QT_TRANSLATE_NOOP("Accessible", "Filter findings"),
        QT_TRANSLATE_NOOP("Accessible", "Show the findings whose text, entity, list or reason contain this"),
    ),
    "fileFilter": (
        QT_TRANSLATE_NOOP("Accessible", "File filter"),
        QT_TRANSLATE_NOOP("Accessible", "Show the findings of one file"),
    ),
    "decisionFilter": (
        QT_TRANSLATE_NOOP("Accessible", "Decision filter"),
        QT_TRANSLATE_NOOP("Accessible", "Show findings with this decision, or the open items"),
    ),
    "listFilter": (
        QT_TRANSLATE_NOOP("Accessible", "List filter"),
        QT_TRANSLATE_NOOP("Accessible", "Show findings on this watchlist"),
    ),
    "methodFilter": (
        QT_TRANSLATE_NOOP("Accessible", "Method filter"),
        QT_TRANSLATE_NOOP("Accessible", "Show findings matched this way"),
    ),
    "scoreFilter": (
        QT_TRANSLATE_NOOP("Accessible", "Minimum score"),
        QT_TRANSLATE_NOOP("Accessible", "Show findings scoring at least this much"),
    ),
    "reviewFilter": (
        QT_TRANSLATE_NOOP("Accessible", "Review-level only"),
        QT_TRANSLATE_NOOP("Accessible", "Show only findings of weak evidence, marked with an amber ?"),
    ),
    "groupsFilterEdit": (
        QT_TRANSLATE_NOOP("Accessible", "Filter values"),
        QT_TRANSLATE_NOOP("Accessible", "Show the values whose text or entity contain this"),
    ),
    "groupsDecisionFilter": (
        QT_TRANSLATE_NOOP("Accessible", "Decision filter"),
        QT_TRANSLATE_NOOP("Accessible", "Show values with this decision"),
    ),
    "groupsReviewFilter": (
        QT_TRANSLATE_NOOP("Accessible", "Review-level only"),
        QT_TRANSLATE_NOOP("Accessible", "Show only values of weak evidence"),
    ),
    "sheetFileCombo": (
        QT_TRANSLATE_NOOP("Accessible", "File"),
        QT_TRANSLATE_NOOP("Accessible", "The file whose sheet is shown"),
    ),
    "sheetCombo": (
        QT_TRANSLATE_NOOP("Accessible", "Sheet"),
        QT_TRANSLATE_NOOP("Accessible", "The sheet shown"),
    ),
    "headerRowSpin": (
        QT_TRANSLATE_NOOP("Accessible", "Header row"),
        QT_TRANSLATE_NOOP(
            "Accessible", "The row holding the column titles; changing it re-screens the sheet"
        ),
    ),
    "roleCombo_manufacturer": (
        QT_TRANSLATE_NOOP("Accessible", "Manufacturer column"),
        QT_TRANSLATE_NOOP("Accessible", "The column screened as the maker"),
    ),
    "roleCombo_part_number": (
        QT_TRANSLATE_NOOP("Accessible", "Part number column"),
        QT_TRANSLATE_NOOP("Accessible", "The column screened for listed part-number patterns"),
    ),
    "roleCombo_description": (
        QT_TRANSLATE_NOOP("Accessible", "Description column"),
        QT_TRANSLATE_NOOP("Accessible", "The column screened for listed names in descriptions"),
    ),
    "roleCombo_supplier": (
        QT_TRANSLATE_NOOP("Accessible", "Supplier column"),
        QT_TRANSLATE_NOOP("Accessible", "The column screened as the supplier"),
    ),
    "resetMappingButton": (
        QT_TRANSLATE_NOOP("Accessible", "Use detected columns"),
        QT_TRANSLATE_NOOP("Accessible", "Forget the corrected columns for this layout and re-screen"),
    ),
    "cancelButton": (
        QT_TRANSLATE_NOOP("Accessible", "Cancel screening"),
        QT_TRANSLATE_NOOP("Accessible", "Stop screening; files already screened keep their results"),
    ),
    "bannerText": (
        QT_TRANSLATE_NOOP("Accessible", "Message"),
        QT_TRANSLATE_NOOP("Accessible", "The latest message of the window"),
    ),
    "sampleButton": (
        QT_TRANSLATE_NOOP("Accessible", "Try the sample BOM"),
        QT_TRANSLATE_NOOP("Accessible", "Open the sample bill of materials that ships with the app"),
    ),
    # Dialogs.
    "memoryTable": (
        QT_TRANSLATE_NOOP("Accessible", "Remembered decisions"),
        QT_TRANSLATE_NOOP("Accessible", "Decisions remembered from earlier BOMs, offered as suggestions"),
    ),
    "listsTable": (
        QT_TRANSLATE_NOOP("Accessible", "Watchlists"),
        QT_TRANSLATE_NOOP("Accessible", "The lists screening uses: built-in, imported and private"),
    ),
    "entitiesTable": (
        QT_TRANSLATE_NOOP("Accessible", "List entries"),
        QT_TRANSLATE_NOOP("Accessible", "The entries of the selected list"),
    ),
    "batchTable": (
        QT_TRANSLATE_NOOP("Accessible", "Files of the batch"),
        QT_TRANSLATE_NOOP("Accessible", "Each file of the folder with its status, hits and output"),
    ),
    "batchStatus": (
        QT_TRANSLATE_NOOP("Accessible", "Batch status"),
        QT_TRANSLATE_NOOP("Accessible", "What the batch run did"),
    ),
    "languageCombo": (
        QT_TRANSLATE_NOOP("Accessible", "Language"),
        QT_TRANSLATE_NOOP("Accessible", "The window's language, from the next start"),
    ),
}


def _own_text(w: QWidget) -> str:
    if isinstance(w, QAbstractButton):
        return w.text().replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
    if isinstance(w, QLineEdit):
        return w.placeholderText().rstrip("…").strip()
    return ""


def _is_internal(w: QWidget) -> bool:
    """Qt's own parts of a composite control (a combo's popup list, a spin box's editor), named by the control."""
    p = w.parentWidget()
    while p is not None:
        if isinstance(p, (QComboBox, QAbstractSpinBox)):
            return True
        if p.inherits("QComboBoxPrivateContainer"):
            return True
        p = p.parentWidget()
    return w.objectName() == "qt_spinbox_lineedit"


def controls(root: QWidget) -> list[QWidget]:
    """The widgets of root a person can reach with the keyboard (Qt's internal parts left out)."""
    return [
        w
        for w in root.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and not _is_internal(w)
    ]


def name_controls(root: QWidget) -> None:
    """Give every control of root an accessible name (and a description where one is written)."""
    buddies = {
        id(label.buddy()): label.text() for label in root.findChildren(QLabel) if label.buddy() is not None
    }
    for w in controls(root):
        name, description = (
            QCoreApplication.translate("Accessible", t) if t else ""
            for t in WINDOW_CONTROLS.get(w.objectName(), ("", ""))
        )
        if not w.accessibleName():
            name = (
                name
                or _own_text(w)
                or buddies.get(id(w), "").replace("&", "").rstrip(":")
                or w.toolTip().split(".")[0]
                or w.windowTitle()
            )
            if name:
                w.setAccessibleName(name)
        if description and not w.accessibleDescription():
            w.setAccessibleDescription(description)


class _NameOnShow(QObject):
    """Names the controls of each window and dialog as it is first shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            name_controls(watched)
        return False


_filter: _NameOnShow | None = None


def install(app: QCoreApplication) -> None:
    """Name the controls of every window and dialog the application shows (once per application)."""
    global _filter
    if _filter is None:
        _filter = _NameOnShow(app)
        app.installEventFilter(_filter)
