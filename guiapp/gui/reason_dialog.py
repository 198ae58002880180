"""Why a confident hit is cleared: a short pick list and free text, asked before 'False positive' is recorded.

Clearing a hit is the line an examiner reads first, so it never happens with a single keypress alone: the
reason becomes the decision's note, recorded with the reviewer's name and the time.
"""

from __future__ import annotations

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

_PICK = "Choose a reason…"


class ClearReasonDialog(QDialog):
    """Asks why the selected confident hits are false positives; OK only once a reason is complete."""

    def __init__(
        self, count: int, entity: str, current_note: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clearReasonDialog")
        self.setWindowTitle("Reason for clearing")
        what = f"{count} confident hits" if count != 1 else "a confident hit"
        intro = QLabel(
            f"You are clearing {what} on <b>{entity}</b> as a false positive. The reason is recorded with "
            "your name and the time, and shown in the copy and the report."
        )
        intro.setWordWrap(True)
        self.reason = QComboBox()
        self.reason.setObjectName("clearReason")
        self.reason.setAccessibleName("Reason for clearing")
        self.reason.addItems([_PICK, *CLEARING_REASONS])
        self.details = QLineEdit(current_note)
        self.details.setObjectName("clearDetails")
        self.details.setAccessibleName("Details")
        self.details.setPlaceholderText("What you checked (required for 'Other')")
        form = QFormLayout()
        form.addRow("&Reason", self.reason)
        form.addRow("&Details", self.details)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Clear as false positive")
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
        reason = self.reason.currentText().replace(" (explain)", "")
        details = " ".join(self.details.text().split())
        return f"{reason}: {details}" if details else reason

    def is_complete(self) -> bool:
        """A reason is chosen, and 'Other' is explained."""
        i = self.reason.currentIndex()
        if i <= 0:
            return False
        return bool(self.details.text().strip()) or not self.reason.currentText().startswith("Other")

    def _update(self, *args) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.is_complete())


def ask_clearing_reason(parent: QWidget, count: int, entity: str, current_note: str = "") -> str | None:
    """The reason (as a note) for clearing confident hits, or None when the person cancels."""
    dlg = ClearReasonDialog(count, entity, current_note, parent)
    return dlg.note() if dlg.exec() == QDialog.DialogCode.Accepted else None
