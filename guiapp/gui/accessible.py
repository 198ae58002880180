"""Accessible names and descriptions for every control, so a screen reader says what each one is for.

The window's controls get names and descriptions written for them (by object name); any other control of a
window or dialog gets a name from what a sighted person reads: its text, its placeholder, the label that
points at it (buddy) or its tooltip. ``name_controls`` is called once a window or dialog is built; a test
walks every widget of the window and of each dialog and fails on a control a screen reader could not name.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
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
        "Open files",
        "The files under review with their screening status; select one to work on it",
    ),
    "tabs": ("Views", "Findings, findings by value, or the whole sheet with its column mapping"),
    "qt_tabwidget_tabbar": ("View tabs", "Alt+1 findings, Alt+2 by value, Alt+3 whole sheet"),
    "hitsView": (
        "Findings",
        "Every hit with its reason and decision. C confirmed, F false positive, E escalated, P pending, "
        "A accepts a suggestion, Enter edits the note, Ctrl+Z undoes",
    ),
    "groupsView": (
        "Findings by value",
        "Each distinct cell text and list entry; a decision covers all its rows",
    ),
    "sheetView": ("Whole sheet", "The sheet as read; rows with a finding are highlighted"),
    "detailPane": (
        "Finding detail",
        "Why the selected hit matched, its list entry, decision history and row",
    ),
    "filterEdit": ("Filter findings", "Show the findings whose text, entity, list or reason contain this"),
    "fileFilter": ("File filter", "Show the findings of one file"),
    "decisionFilter": ("Decision filter", "Show findings with this decision, or the open items"),
    "listFilter": ("List filter", "Show findings on this watchlist"),
    "methodFilter": ("Method filter", "Show findings matched this way"),
    "scoreFilter": ("Minimum score", "Show findings scoring at least this much"),
    "reviewFilter": ("Review-level only", "Show only findings of weak evidence, marked with an amber ?"),
    "groupsFilterEdit": ("Filter values", "Show the values whose text or entity contain this"),
    "groupsDecisionFilter": ("Decision filter", "Show values with this decision"),
    "groupsReviewFilter": ("Review-level only", "Show only values of weak evidence"),
    "sheetFileCombo": ("File", "The file whose sheet is shown"),
    "sheetCombo": ("Sheet", "The sheet shown"),
    "headerRowSpin": ("Header row", "The row holding the column titles; changing it re-screens the sheet"),
    "roleCombo_manufacturer": ("Manufacturer column", "The column screened as the maker"),
    "roleCombo_part_number": ("Part number column", "The column screened for listed part-number patterns"),
    "roleCombo_description": ("Description column", "The column screened for listed names in descriptions"),
    "roleCombo_supplier": ("Supplier column", "The column screened as the supplier"),
    "resetMappingButton": (
        "Use detected columns",
        "Forget the corrected columns for this layout and re-screen",
    ),
    "cancelButton": ("Cancel screening", "Stop screening; files already screened keep their results"),
    "bannerText": ("Message", "The latest message of the window"),
    "sampleButton": ("Try the sample BOM", "Open the sample bill of materials that ships with the app"),
    # Dialogs.
    "memoryTable": ("Remembered decisions", "Decisions remembered from earlier BOMs, offered as suggestions"),
    "listsTable": ("Watchlists", "The lists screening uses: built-in, imported and private"),
    "entitiesTable": ("List entries", "The entries of the selected list"),
    "batchTable": ("Files of the batch", "Each file of the folder with its status, hits and output"),
    "batchStatus": ("Batch status", "What the batch run did"),
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
        name, description = WINDOW_CONTROLS.get(w.objectName(), ("", ""))
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
