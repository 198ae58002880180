"""The window's menus and actions (File, Review, View, Tools, Help), each wired to its controller."""

from __future__ import annotations

import functools

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

translate = QCoreApplication.translate

DECISION_KEYS = {"confirmed": "C", "false_positive": "F", "escalated": "E", "pending": "P"}
DECISION_ALT_KEYS = {
    "confirmed": "Ctrl+1",
    "false_positive": "Ctrl+2",
    "escalated": "Ctrl+3",
    "pending": "Ctrl+4",
}

#: The Review menu's decision actions; called when the menu is built, so the installed language applies.
MARK_TEXTS = {
    "confirmed": lambda: translate("WindowMenus", "Mark confirmed"),
    "false_positive": lambda: translate("WindowMenus", "Mark false positive"),
    "escalated": lambda: translate("WindowMenus", "Mark escalated"),
    "pending": lambda: translate("WindowMenus", "Mark pending"),
}


def _action(parent, text: str, slot, shortcut=None) -> QAction:
    a = QAction(text, parent)
    if shortcut is not None:
        a.setShortcut(QKeySequence(shortcut))
    a.triggered.connect(lambda checked=False: slot())
    return a


class WindowMenus:
    """Builds the menu bar of a window whose view and controllers exist; keeps the actions by name."""

    def __init__(self, window: QMainWindow) -> None:
        self._build_file_menu(window)
        self._build_review_menu(window)
        self._build_view_menus(window)

    def _build_file_menu(self, w: QMainWindow) -> None:
        screening, exports, sessions = w.screening, w.exports, w.sessions
        file_menu = w.menuBar().addMenu(translate("WindowMenus", "&File"))
        self.open_action = _action(
            w, translate("WindowMenus", "&Open…"), screening.open_dialog, QKeySequence.StandardKey.Open
        )
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu(translate("WindowMenus", "Open &recent"))
        self.recent_menu.aboutToShow.connect(functools.partial(sessions.fill_recent_menu, self.recent_menu))
        file_menu.addAction(
            _action(w, translate("WindowMenus", "Try the &sample BOM"), screening.open_sample)
        )
        file_menu.addSeparator()
        self.export_action = _action(
            w, translate("WindowMenus", "&Export annotated workbook…"), exports.export_current, "Ctrl+E"
        )
        file_menu.addAction(self.export_action)
        self.export_all_action = _action(
            w,
            translate("WindowMenus", "Export a&ll annotated workbooks…"),
            exports.export_all,
            "Ctrl+Shift+E",
        )
        file_menu.addAction(self.export_all_action)
        self.report_action = _action(
            w, translate("WindowMenus", "Export &report…"), exports.export_report_dialog, "Ctrl+Shift+R"
        )
        file_menu.addAction(self.report_action)
        file_menu.addAction(
            _action(
                w, translate("WindowMenus", "Save &audit as…"), sessions.save_audit_dialog, "Ctrl+Shift+S"
            )
        )
        file_menu.addAction(
            _action(w, translate("WindowMenus", "Open au&dit…"), sessions.open_audit_dialog, "Ctrl+Shift+O")
        )
        self.apply_audit_action = _action(
            w, translate("WindowMenus", "Apply &previous audit…"), w.previous.apply_previous_audit_dialog
        )
        file_menu.addAction(self.apply_audit_action)
        self.review_typed_action = _action(
            w, translate("WindowMenus", "Review &typed decisions in a copy…"), w.typed.review_typed_dialog
        )
        file_menu.addAction(self.review_typed_action)
        file_menu.addSeparator()
        self.batch_action = _action(
            w, translate("WindowMenus", "&Batch screen folder…"), screening.open_batch_dialog, "Ctrl+B"
        )
        file_menu.addAction(self.batch_action)
        file_menu.addSeparator()
        self.remove_file_action = _action(
            w, translate("WindowMenus", "&Close file"), screening.remove_current_file, "Ctrl+W"
        )
        file_menu.addAction(self.remove_file_action)
        file_menu.addAction(
            _action(w, translate("WindowMenus", "&Quit"), w.close, QKeySequence.StandardKey.Quit)
        )

    def _build_review_menu(self, w: QMainWindow) -> None:
        review = w.review
        menu = w.menuBar().addMenu(translate("WindowMenus", "&Review"))
        self.decision_actions: dict[str, QAction] = {}
        for status in ("confirmed", "false_positive", "escalated", "pending"):
            a = QAction(MARK_TEXTS[status](), w)
            a.setObjectName(f"decide_{status}")
            a.setShortcuts([QKeySequence(DECISION_KEYS[status]), QKeySequence(DECISION_ALT_KEYS[status])])
            # Single-letter shortcuts only where the person reviews, never while typing in the filter.
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(functools.partial(review.decide_selected, status))
            w.view.findings.table.addAction(a)
            w.view.groups.table.addAction(a)
            menu.addAction(a)
            self.decision_actions[status] = a
        self.accept_action = QAction(translate("WindowMenus", "&Accept suggestion"), w)
        self.accept_action.setObjectName("acceptSuggestion")
        self.accept_action.setShortcut(QKeySequence("A"))
        self.accept_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.accept_action.triggered.connect(review.accept_suggestions)
        w.view.findings.table.addAction(self.accept_action)
        w.view.groups.table.addAction(self.accept_action)
        menu.addAction(self.accept_action)
        menu.addSeparator()
        self.undo_action = _action(
            w, translate("WindowMenus", "&Undo decision"), review.undo, QKeySequence.StandardKey.Undo
        )
        self.undo_action.setObjectName("undoDecision")
        menu.addAction(self.undo_action)
        self.redo_action = _action(w, translate("WindowMenus", "&Redo decision"), review.redo, "Ctrl+Shift+Z")
        self.redo_action.setObjectName("redoDecision")
        menu.addAction(self.redo_action)
        menu.addSeparator()
        menu.addAction(_action(w, translate("WindowMenus", "Edit &note…"), review.edit_note, "Ctrl+N"))
        menu.addAction(
            _action(w, translate("WindowMenus", "Show in &sheet"), review.show_current_in_sheet, "Ctrl+J")
        )
        menu.addSeparator()
        menu.addAction(_action(w, translate("WindowMenus", "&Reviewer name…"), review.ask_reviewer))

    def _build_view_menus(self, w: QMainWindow) -> None:
        view = w.menuBar().addMenu(translate("WindowMenus", "&View"))
        tabs = (
            translate("WindowMenus", "&Findings"),
            translate("WindowMenus", "&By value"),
            translate("WindowMenus", "&Whole sheet && columns"),
        )
        for i, name in enumerate(tabs):
            view.addAction(
                _action(w, name, functools.partial(w.view.tabs.setCurrentIndex, i), f"Alt+{i + 1}")
            )

        tools = w.menuBar().addMenu(translate("WindowMenus", "&Tools"))
        self.settings_action = _action(
            w,
            translate("WindowMenus", "&Settings…"),
            w.sessions.open_settings,
            QKeySequence.StandardKey.Preferences,
        )
        self.settings_action.setShortcut("Ctrl+,")
        tools.addAction(self.settings_action)
        self.watchlists_action = _action(
            w, translate("WindowMenus", "&Watchlists…"), w.sessions.open_watchlists
        )
        tools.addAction(self.watchlists_action)
        self.update_lists_action = _action(
            w, translate("WindowMenus", "&Update lists…"), w.sessions.open_update_lists
        )
        tools.addAction(self.update_lists_action)
        tools.addAction(
            _action(w, translate("WindowMenus", "Open &data folder"), w.sessions.open_data_folder)
        )

        help_menu = w.menuBar().addMenu(translate("WindowMenus", "&Help"))
        self.open_log_action = _action(
            w, translate("WindowMenus", "Open &log folder"), w.sessions.open_log_folder
        )
        help_menu.addAction(self.open_log_action)
        help_menu.addAction(_action(w, translate("WindowMenus", "&About BOM Auditor"), w.sessions.show_about))
