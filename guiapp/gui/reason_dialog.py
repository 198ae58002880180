"""Why a confident hit is cleared: a short pick list and free text, asked before 'False positive' is recorded.

Clearing a hit is the line an examiner reads first, so it never happens with a single keypress alone: the
reason becomes the decision's note, recorded with the reviewer's name and the time.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from guiapp.review.session import CLEARING_REASONS

_PICK = QT_TRANSLATE_NOOP("ClearReasonDialog", "Choose a reason…")
# The core's reasons, shown translated; the note records the English one (it is evidence).
_REASONS_TR = (
    QT_TRANSLATE_NOOP("ClearReasonDialog", "Another company with a similar name"),
    QT_TRANSLATE_NOOP(
        "ClearReasonDialog", "Not made by the listed entity (brand, trademark or product name only)"
    ),
    QT_TRANSLATE_NOOP("ClearReasonDialog", "Distributor or reseller, not the maker"),
    QT_TRANSLATE_NOOP("ClearReasonDialog", "Typing or data error in the BOM"),
    QT_TRANSLATE_NOOP("ClearReasonDialog", "Other (explain)"),
)


class ClearReasonDialog(QDialog):
    """Asks why the selected confident hits are false positives; OK only once a reason is complete."""

    def __init__(
        self, count: int, entity: str, current_note: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clearReasonDialog")
        self.setWindowTitle(self.tr("Reason for clearing"))
        intro = QLabel(
            self.tr(
                "You are clearing %n confident hit(s) on <b>{entity}</b> as a false positive. The reason is "
                "recorded with your name and the time, and shown in the copy and the report.",
                "",
                count,
            ).format(entity=entity)
        )
        intro.setWordWrap(True)
        self.reason = QComboBox()
        self.reason.setObjectName("clearReason")
        self.reason.setAccessibleName(self.tr("Reason for clearing"))
        self.reason.addItem(self.tr(_PICK), "")
        for reason in CLEARING_REASONS:
            self.reason.addItem(self.tr(reason), reason)
        self.details = QLineEdit(current_note)
        self.details.setObjectName("clearDetails")
        self.details.setAccessibleName(self.tr("Details"))
        self.details.setPlaceholderText(self.tr("What you checked (required for 'Other')"))
        form = QFormLayout()
        form.addRow(self.tr("&Reason"), self.reason)
        form.addRow(self.tr("&Details"), self.details)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Clear as false positive"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.reason.currentIndexChanged.connect(self._update)
        self.details.textChanged.connect(self._update)
        self._update()
        self.reason.setFocus()

    def note(self) -> str:
        """The decision's note: the reason, then the details."""
        reason = (self.reason.currentData() or "").replace(" (explain)", "")
        details = " ".join(self.details.text().split())
        return f"{reason}: {details}" if details else reason

    def is_complete(self) -> bool:
        """A reason is chosen, and 'Other' is explained."""
        i = self.reason.currentIndex()
        if i <= 0:
            return False
        return bool(self.details.text().strip()) or not (self.reason.currentData() or "").startswith("Other")

    def _update(self, *args) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.is_complete())


def ask_clearing_reason(parent: QWidget, count: int, entity: str, current_note: str = "") -> str | None:
    """The reason (as a note) for clearing confident hits, or None when the person cancels."""
    dlg = ClearReasonDialog(count, entity, current_note, parent)
    return dlg.note() if dlg.exec() == QDialog.DialogCode.Accepted else None
