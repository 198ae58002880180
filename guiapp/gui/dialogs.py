"""Settings dialog and the About text."""

from __future__ import annotations

import dataclasses
from html import escape

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from guiapp import __version__
from guiapp.model import DECISION_LABELS, ROLES
from guiapp.review import DecisionMemory
from guiapp.settings import Settings, app_dirs


class SettingsDialog(QDialog):
    """Reviewer, matching threshold, screened roles, decision memory and where the data lives.

    Changes to decision memory (removals) are made on the DecisionMemory passed in; the caller saves it.
    """

    def __init__(self, settings: Settings, memory: DecisionMemory, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self._settings = dataclasses.replace(settings, roles=list(settings.roles))
        self._memory = memory
        lay = QVBoxLayout(self)

        form = QFormLayout()
        self.reviewer_edit = QLineEdit(settings.reviewer)
        self.reviewer_edit.setObjectName("reviewerEdit")
        form.addRow("Reviewer name", self.reviewer_edit)
        self.threshold_spin = QDoubleSpinBox()
        self.threshold_spin.setObjectName("thresholdSpin")
        self.threshold_spin.setRange(50, 100)
        self.threshold_spin.setDecimals(0)
        self.threshold_spin.setValue(settings.threshold)
        self.threshold_spin.setToolTip(
            "Minimum similarity (0-100) for a fuzzy match; lower finds more, with more false positives."
        )
        form.addRow("Fuzzy match threshold", self.threshold_spin)
        roles_row = QHBoxLayout()
        self.role_checks = {}
        for role in ROLES:
            cb = QCheckBox(role.replace("_", " ").capitalize())
            cb.setChecked(role in settings.roles)
            self.role_checks[role] = cb
            roles_row.addWidget(cb)
        form.addRow("Columns screened", roles_row)
        self.builtin_check = QCheckBox("Screen against the built-in watchlist")
        self.builtin_check.setChecked(settings.use_builtin_watchlist)
        form.addRow("", self.builtin_check)
        folder = app_dirs().data
        folder_label = QLabel(
            f"<a href='{QUrl.fromLocalFile(str(folder)).toString()}'>{escape(str(folder))}</a>"
        )
        folder_label.setObjectName("dataFolderLabel")
        folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        folder_label.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        form.addRow("Data folder", folder_label)
        lay.addLayout(form)

        box = QGroupBox("Remembered decisions")
        bl = QVBoxLayout(box)
        self.memory_check = QCheckBox("Apply remembered decisions to new BOMs (shown as “remembered”)")
        self.memory_check.setChecked(settings.decision_memory)
        bl.addWidget(self.memory_check)
        # A small, read-only listing owned by the dialog; the store is DecisionMemory.
        self.memory_table = QTableWidget(0, 5)
        self.memory_table.setObjectName("memoryTable")
        self.memory_table.setHorizontalHeaderLabels(["Cell text", "Entity", "Decision", "Note", "By / when"])
        self.memory_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.memory_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.memory_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.memory_table.horizontalHeader().setStretchLastSection(True)
        self.memory_table.verticalHeader().hide()
        bl.addWidget(self.memory_table)
        self.remove_button = QPushButton("Forget selected")
        self.remove_button.setObjectName("forgetButton")
        self.remove_button.clicked.connect(self._remove_selected)
        bl.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignRight)
        lay.addWidget(box, 1)
        self._fill_memory()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(760, 520)

    def _fill_memory(self) -> None:
        entries = self._memory.entries()
        self.memory_table.setRowCount(len(entries))
        for i, e in enumerate(entries):
            values = [
                e.example or e.value,
                e.entity_id,
                DECISION_LABELS.get(e.status, e.status),
                e.note,
                f"{e.reviewer} {e.time}".strip(),
            ]
            for j, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, (e.value, e.entity_id))
                self.memory_table.setItem(i, j, item)

    def _remove_selected(self) -> None:
        rows = {i.row() for i in self.memory_table.selectionModel().selectedRows()}
        for row in rows:
            value, entity_id = self.memory_table.item(row, 0).data(Qt.ItemDataRole.UserRole)
            self._memory.remove(value, entity_id)
        self._fill_memory()

    def result_settings(self) -> Settings:
        """The settings as edited."""
        s = self._settings
        s.reviewer = self.reviewer_edit.text().strip()
        s.threshold = float(self.threshold_spin.value())
        s.roles = [r for r, cb in self.role_checks.items() if cb.isChecked()] or list(ROLES)
        s.use_builtin_watchlist = self.builtin_check.isChecked()
        s.decision_memory = self.memory_check.isChecked()
        return s


def about_text(watchlists) -> str:
    """Version, watchlist editions and where the data and logs are."""
    dirs = app_dirs()
    lines = [
        f"<h3>BOM Auditor {escape(__version__)}</h3>",
        "<p>Screens bills of materials against export-control watchlists.</p>",
    ]
    if watchlists:
        lines.append("<p><b>Watchlists</b><br>")
        for wl in watchlists:
            info = wl.info()
            lines.append(
                f"{escape(info.name)} — version {escape(str(info.version))}, dated {escape(str(info.date))}, "
                f"{info.entities} entries, SHA-256 {escape(info.sha256[:12])}…<br>"
            )
        lines.append("</p>")
    else:
        lines.append("<p>The watchlists are loaded when the first file is screened.</p>")
    lines.append(f"<p>Data: {escape(str(dirs.data))}<br>Logs: {escape(str(dirs.logs))}</p>")
    return "".join(lines)
