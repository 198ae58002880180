"""Settings dialog, the About dialog and the licences it shows."""

from __future__ import annotations

import dataclasses
from html import escape

import PySide6
from PySide6.QtCore import QCoreApplication, QEvent, QSortFilterProxyModel, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QFontDatabase, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
)

from guiapp import __version__
from guiapp.app import bundleinfo, notices
from guiapp.gui import theme
from guiapp.gui.columns import ColumnFitter
from guiapp.gui.i18n import LANGUAGE_NAMES
from guiapp.gui.memory_model import MemoryTableModel
from guiapp.gui.models import SORT_ROLE
from guiapp.gui.views import ROLE_LABELS
from guiapp.model import ROLES
from guiapp.review.memory import DecisionMemory
from guiapp.settings import LANGUAGES, Settings, app_dirs


class SettingsDialog(QDialog):
    """Reviewer, matching threshold, screened roles, decision memory and where the data lives.

    Changes to decision memory (removals) are made on the DecisionMemory passed in; the caller saves it.
    """

    def __init__(self, settings: Settings, memory: DecisionMemory, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setObjectName("settingsDialog")
        self._settings = dataclasses.replace(settings, roles=list(settings.roles))
        self._memory = memory
        lay = QVBoxLayout(self)

        form = QFormLayout()
        self.reviewer_edit = QLineEdit(settings.reviewer)
        self.reviewer_edit.setObjectName("reviewerEdit")
        form.addRow(self.tr("Reviewer name"), self.reviewer_edit)
        self.threshold_spin = QDoubleSpinBox()
        self.threshold_spin.setObjectName("thresholdSpin")
        self.threshold_spin.setRange(50, 100)
        self.threshold_spin.setDecimals(0)
        self.threshold_spin.setValue(settings.threshold)
        self.threshold_spin.setToolTip(
            self.tr(
                "Minimum similarity (0-100) for a fuzzy match; lower finds more, with more false positives."
            )
        )
        form.addRow(self.tr("Fuzzy match threshold"), self.threshold_spin)
        roles_row = QHBoxLayout()
        self.role_checks = {}
        for role in ROLES:
            cb = QCheckBox(QCoreApplication.translate("Views", ROLE_LABELS[role]))
            cb.setChecked(role in settings.roles)
            self.role_checks[role] = cb
            roles_row.addWidget(cb)
        form.addRow(self.tr("Columns screened"), roles_row)
        self.builtin_check = QCheckBox(self.tr("Screen against the built-in watchlist"))
        self.builtin_check.setChecked(settings.use_builtin_watchlist)
        form.addRow("", self.builtin_check)
        folder = app_dirs().data
        folder_label = QLabel(
            f"<a href='{QUrl.fromLocalFile(str(folder)).toString()}'>{escape(str(folder))}</a>"
        )
        folder_label.setObjectName("dataFolderLabel")
        folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        folder_label.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        form.addRow(self.tr("Data folder"), folder_label)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("languageCombo")
        for code in LANGUAGES:
            name = LANGUAGE_NAMES[code]
            self.language_combo.addItem(
                QCoreApplication.translate("Languages", name) if not code else name, code
            )
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))
        language_row = QVBoxLayout()
        language_row.addWidget(self.language_combo)
        language_note = QLabel(
            self.tr("Applies at the next start. Reports and annotated copies stay English.")
        )
        language_note.setWordWrap(True)
        language_row.addWidget(language_note)
        form.addRow(self.tr("Language"), language_row)
        lay.addLayout(form)

        box = QGroupBox(self.tr("Remembered decisions"))
        bl = QVBoxLayout(box)
        self.memory_check = QCheckBox(
            self.tr("Apply remembered decisions to new BOMs (shown as “remembered”)")
        )
        self.memory_check.setChecked(settings.decision_memory)
        bl.addWidget(self.memory_check)
        M = MemoryTableModel
        self.memory_model = MemoryTableModel(memory, self)
        self.memory_proxy = QSortFilterProxyModel(self)
        self.memory_proxy.setSortRole(SORT_ROLE)
        self.memory_proxy.setSourceModel(self.memory_model)
        self.memory_table = QTableView()
        self.memory_table.setObjectName("memoryTable")
        self.memory_table.setModel(self.memory_proxy)
        self.memory_table.setSortingEnabled(True)
        self.memory_table.sortByColumn(MemoryTableModel.WHEN, Qt.SortOrder.DescendingOrder)
        self.memory_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.memory_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.memory_table.setWordWrap(False)
        self.memory_table.verticalHeader().hide()
        header = self.memory_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.memory_fitter = ColumnFitter(
            self.memory_table,
            {
                M.VALUE: ("Hikvision Europe", 2.0),
                M.ENTITY: ("HIKVISION-SALES", 1.0),
                M.DECISION: ("False positive", 0.0),
                M.NOTE: ("Note", 2.0),
                M.BY: ("Reviewer", 0.5),
                M.WHEN: ("2026-11-24 02:01", 0.0),
            },
        )
        bl.addWidget(self.memory_table)
        self.remove_button = QPushButton(self.tr("Forget selected"))
        self.remove_button.setObjectName("forgetButton")
        self.remove_button.clicked.connect(self._remove_selected)
        bl.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignRight)
        self.memory_count = QLabel()
        self.memory_count.setObjectName("memoryCount")
        theme.set_text_color(self.memory_count, theme.muted_text(self.palette()))
        bl.addWidget(self.memory_count)
        lay.addWidget(box, 1)
        self.memory_model.modelReset.connect(self._update_memory_count)
        self.memory_table.selectionModel().selectionChanged.connect(self._update_memory_count)
        self._update_memory_count()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(760, 520)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            theme.set_text_color(self.memory_count, theme.muted_text(self.palette()))

    def _update_memory_count(self, *args) -> None:
        n = self.memory_model.rowCount()
        self.memory_count.setText(
            self.tr(
                "Nothing remembered yet: a confirmation or false positive is remembered when you decide it."
            )
            if n == 0
            else self.tr("%n remembered decision(s)", "", n)
        )
        self.remove_button.setEnabled(self.memory_table.selectionModel().hasSelection())

    def _remove_selected(self) -> None:
        rows = [
            self.memory_proxy.mapToSource(i).row() for i in self.memory_table.selectionModel().selectedRows()
        ]
        self.memory_model.forget(rows)

    def result_settings(self) -> Settings:
        """The settings as edited."""
        s = self._settings
        s.reviewer = self.reviewer_edit.text().strip()
        s.threshold = float(self.threshold_spin.value())
        s.roles = [r for r, cb in self.role_checks.items() if cb.isChecked()] or list(ROLES)
        s.use_builtin_watchlist = self.builtin_check.isChecked()
        s.decision_memory = self.memory_check.isChecked()
        s.language = self.language_combo.currentData() or ""
        return s


def about_text(watchlists, loading: bool = False) -> str:
    """Version, the watchlist editions with their dates, and where the data and logs are (in the window's language;
    list names, versions and hashes are data and stay as they are)."""
    dirs = app_dirs()
    lines = [
        f"<h3>BOM Auditor {escape(__version__)}</h3>",
        "<p>"
        + QCoreApplication.translate(
            "AboutDialog", "Screens bills of materials against export-control watchlists."
        )
        + "</p>",
    ]
    heading = "<p><b>" + QCoreApplication.translate("AboutDialog", "Watchlists") + "</b><br>"
    if watchlists:
        lines.append(heading)
        for wl in watchlists:
            info = wl.info()
            lines.append(
                QCoreApplication.translate(
                    "AboutDialog",
                    "{name}: version {version}, dated {date}, {entities} entries, SHA-256 {sha}…",
                ).format(
                    name=escape(info.name),
                    version=escape(str(info.version)),
                    date=escape(str(info.date)),
                    entities=info.entities,
                    sha=escape(info.sha256[:12]),
                )
                + "<br>"
            )
        lines.append("</p>")
    elif loading:
        lines.append(heading + QCoreApplication.translate("AboutDialog", "loading…") + "</p>")
    else:
        lines.append(
            heading + QCoreApplication.translate("AboutDialog", "could not be loaded; see the log.") + "</p>"
        )
    lines.append(
        "<p>"
        + QCoreApplication.translate("AboutDialog", "Data: {data}<br>Logs: {logs}").format(
            data=escape(str(dirs.data)), logs=escape(str(dirs.logs))
        )
        + f"<br>Qt {escape(qVersion())}, PySide6 {escape(PySide6.__version__)}</p>"
    )
    glibc = bundleinfo.running_bundle_glibc()
    lines.append(
        "<p>"
        + QCoreApplication.translate(
            "AboutDialog",
            "Licence: {licence}; Qt and PySide6 under the LGPL-3.0 (Licences… shows every licence and the "
            "third-party notices).",
        ).format(licence=notices.PROJECT_LICENCE)
        + (
            "<br>"
            + QCoreApplication.translate(
                "AboutDialog", "This standalone build runs on Linux with glibc {glibc} or newer."
            ).format(glibc=escape(glibc))
            if glibc
            else ""
        )
        + "</p>"
    )
    return "".join(lines)


class LicencesDialog(QDialog):
    """BOM Auditor's licence and the third-party notices (the bundle's file, else generated from metadata)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Licences"))
        self.setObjectName("licencesDialog")
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("licenceTabs")
        self.tabs.setAccessibleName(self.tr("Licences"))
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for title, name, text in (
            (f"BOM Auditor ({notices.PROJECT_LICENCE})", "projectLicence", notices.project_licence()),
            (self.tr("Third-party notices"), "thirdPartyNotices", notices.shown_notices()),
        ):
            view = QPlainTextEdit()
            view.setObjectName(name)
            view.setAccessibleName(title)
            view.setReadOnly(True)
            view.setFont(mono)
            view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            view.setPlainText(text)
            self.tabs.addTab(view, title)
        lay.addWidget(self.tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(820, 560)

    def page_text(self, index: int) -> str:
        view = self.tabs.widget(index)
        assert isinstance(view, QPlainTextEdit)
        return view.toPlainText()


class AboutDialog(QDialog):
    """Help > About: the version and the watchlist editions (filled in when they finish loading)."""

    def __init__(self, watchlists=(), parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About BOM Auditor"))
        self.setObjectName("aboutDialog")
        lay = QHBoxLayout(self)
        icon = QLabel()
        icon.setPixmap(self.windowIcon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        lay.addWidget(icon)
        right = QVBoxLayout()
        self.text_label = QLabel()
        self.text_label.setObjectName("aboutText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text_label.setMinimumWidth(460)
        right.addWidget(self.text_label, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.licences_button = buttons.addButton(
            self.tr("&Licences…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.licences_button.setObjectName("licencesButton")
        self.licences_button.clicked.connect(self.show_licences)
        self.licences_dialog: LicencesDialog | None = None
        right.addWidget(buttons)
        lay.addLayout(right, 1)
        self.set_watchlists(watchlists, loading=not watchlists)

    def show_licences(self) -> None:
        """The project's licence and the third-party notices, in a dialog of their own."""
        if self.licences_dialog is None:
            self.licences_dialog = LicencesDialog(self)
        self.licences_dialog.show()

    def set_watchlists(self, watchlists, loading: bool = False) -> None:
        self.text_label.setText(about_text(list(watchlists), loading=loading))

    def text(self) -> str:
        """The dialog's text as plain words (for tests and copy/paste)."""
        doc = QTextDocument()
        doc.setHtml(self.text_label.text())
        return doc.toPlainText()
