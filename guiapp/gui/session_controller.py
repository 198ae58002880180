"""The audit session on disk and the app around it: autosave and resume, audit files, recent files, window
state, and the Settings, Watchlists, About and log-folder entries of the menus.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu

from guiapp.app.screener import load_lists
from guiapp.gui import desktop
from guiapp.review.session import AuditFileError, AuditSession, locate_file
from guiapp.settings import app_dirs, save_settings

log = logging.getLogger(__name__)

AUDIT_FILTER = QT_TRANSLATE_NOOP(
    "SessionController", "BOM Auditor audit (*.bomaudit.json *.json);;All files (*)"
)


def _load_lists(use_builtin: bool) -> list:
    """The lists screening would use, for Help > About (runs on a worker)."""
    from guiapp.lists.store import ListStore

    return load_lists(use_builtin=use_builtin, store=ListStore())


class SessionController(QObject):
    """Keeps the session on disk (autosave, audit files, resume) and the settings, lists and window state."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._view = window.view
        self._resume_candidate: AuditSession | None = None
        self.about_dialog = None
        self.update_dialog = None
        self._warming = False
        self._warm_again = False
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        # Written as soon as the current event is handled: a crash or kill may then lose at most the
        # decision being made. Several changes from one action (a group decision) share one write.
        self._autosave_timer.setInterval(0)
        self._autosave_timer.timeout.connect(self.flush_autosave)

    # --- autosave and resume -------------------------------------------------------------------
    def schedule_autosave(self) -> None:
        if not self._autosave_timer.isActive():
            self._autosave_timer.start()

    def flush_autosave(self) -> None:
        """Write the autosave (and the decision memory) now."""
        w = self._window
        self._autosave_timer.stop()
        if not w.session.results and not w.session.decisions and not w.session.records:
            return
        try:
            w.autosave.write(w.session)
            if w.settings.decision_memory:
                w.memory.save()
        except OSError as exc:
            log.warning("autosave failed: %s", exc)
            self._view.status_label.setText(self.tr("Autosave failed: {reason}").format(reason=exc))

    def offer_resume(self, crash_note: str = "") -> None:
        """Offer to resume the autosaved session; crash_note says the last run crashed (and where it is told)."""
        loaded, warning = self._window.autosave.read()
        warning = " ".join(t for t in (crash_note, warning) if t)
        if loaded is None or not loaded.records and not loaded.decisions:
            if warning:
                self._view.banner.show_message(
                    warning, "error" if loaded is None and not crash_note else "warning"
                )
            return
        self._resume_candidate = loaded
        decided = len(loaded.decisions)
        text = self.tr("Your last session had %n file(s)", "", len(loaded.records)) + self.tr(
            " and %n decision(s). Resume it?", "", decided
        )
        if warning:
            text = warning + " " + text
        self._view.banner.show_message(
            text,
            "warning" if warning else "info",
            [
                (self.tr("Resume"), self.resume_last_session),
                (self.tr("Start fresh"), self._discard_last_session),
            ],
        )

    def resume_last_session(self) -> None:
        loaded = self._resume_candidate
        self._resume_candidate = None
        if loaded is not None:
            self._resume_from(loaded, None, what=self.tr("Resumed"))

    def _discard_last_session(self) -> None:
        self._resume_candidate = None
        self._window.autosave.clear()

    # --- audit files ---------------------------------------------------------------------------
    def save_audit_dialog(self) -> None:
        w = self._window
        first = w.session.results[0].path if w.session.results else Path.home() / "audit"
        suggested = Path(first).with_name(Path(first).stem + ".bomaudit.json")
        out, _ = QFileDialog.getSaveFileName(w, self.tr("Save audit"), str(suggested), self.tr(AUDIT_FILTER))
        if not out:
            return
        try:
            path = w.session.save(out)
        except OSError as exc:
            self._view.banner.show_message(
                self.tr("{name} could not be saved: {reason}").format(
                    name=Path(out).name, reason=exc.strerror or exc
                ),
                "error",
            )
            return
        self._view.banner.show_message(self.tr("Audit saved to {path}.").format(path=path), "ok")

    def open_audit_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._window, self.tr("Open audit"), desktop.last_dir(), self.tr(AUDIT_FILTER)
        )
        if path:
            self.open_audit(Path(path))

    def open_audit(self, path: Path) -> None:
        """Load an audit file's decisions and open its BOM files (found where recorded, or beside the audit)."""
        try:
            loaded = AuditSession.load(path)
        except AuditFileError as exc:
            self._view.banner.show_message(str(exc), "error")
            return
        self._resume_from(loaded, path.parent, what=self.tr("Audit {name}").format(name=path.name))

    def _resume_from(self, loaded: AuditSession, audit_dir: Path | None, what: str) -> None:
        w = self._window
        w.session.merge_decisions(loaded)
        if loaded.reviewer and not w.settings.reviewer:
            w.settings.reviewer = loaded.reviewer
            w.session.reviewer = loaded.reviewer
        found, missing = [], []
        for rec in loaded.records:
            p = locate_file(rec, audit_dir)
            (found if p else missing).append(p or rec.name)
        if found:
            w.screening.open_paths(found)
        msg = self.tr("{what}: %n decision(s)", "", len(loaded.decisions)).format(what=what) + self.tr(
            " for %n file(s).", "", len(loaded.records)
        )
        if missing:
            msg += self.tr(" Not found (open them to apply their decisions): ") + ", ".join(map(str, missing))
            self._view.banner.show_message(msg, "warning")
        else:
            self._view.banner.show_message(msg, "ok")

    # --- settings and watchlists ---------------------------------------------------------------
    def open_settings(self) -> None:
        from guiapp.gui.dialogs import SettingsDialog

        w = self._window
        before = (w.settings.threshold, tuple(w.settings.roles), w.settings.use_builtin_watchlist)
        dlg = SettingsDialog(w.settings, w.memory, w)
        accepted = dlg.exec()
        dlg.deleteLater()  # parented to the window: kept for its whole life otherwise, one per opening
        if not accepted:
            return
        w.settings = dlg.result_settings()
        save_settings(w.settings)
        w.memory.save()
        w.session.reviewer = w.settings.reviewer
        w.session.memory = w.memory if w.settings.decision_memory else None
        after = (w.settings.threshold, tuple(w.settings.roles), w.settings.use_builtin_watchlist)
        if after != before:
            w.screening.forget_screener()
            paths = [e.path for e in w.files_model.entries()]
            if paths:
                w.screening.open_paths(paths)
        else:
            w.review.after_decision()

    def open_watchlists(self) -> None:
        """Tools > Watchlists: import, enable and remove lists; open files are re-screened when they change."""
        from guiapp.gui.watchlists_dialog import WatchlistsDialog
        from guiapp.lists.store import ListStore

        dlg = WatchlistsDialog(ListStore(), self._window)
        dlg.lists_changed.connect(self._on_lists_changed)
        dlg.exec()
        dlg.deleteLater()

    def open_update_lists(self) -> None:
        """Tools > Update lists: fetch the official list files; open files are re-screened when a list changed."""
        from guiapp.gui.update_dialog import UpdateListsDialog
        from guiapp.lists.store import ListStore

        w = self._window
        w.memory.save()  # the update reads the remembered decisions from their file, off the GUI thread
        dlg = UpdateListsDialog(w.settings, ListStore(), w.tasks.pool, w)
        dlg.listsChanged.connect(self._on_lists_changed)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.update_dialog = dlg
        dlg.open()

    def _on_lists_changed(self) -> None:
        w = self._window
        w.screening.forget_screener()
        paths = [e.path for e in w.files_model.entries() if e.status != "error" or e.path.exists()]
        if paths:
            w.screening.open_paths(paths)  # the re-screening builds the index and caches it
        else:
            self.warm_index_cache()

    def warm_index_cache(self) -> None:
        """Prepare the index cache for the lists now in use, on the pool: the next screening starts warm.

        Several changes in a row (a dialog's imports and switches) give one warming at a time, and one more
        after it for the lists as they are then. A failure is logged, never shown: screening builds the index
        itself.
        """
        if self._warming:
            self._warm_again = True
            return
        from guiapp.app.warmcache import warm_index_cache

        self._warming, self._warm_again = True, False
        w = self._window
        fn = functools.partial(warm_index_cache, settings=w.settings)
        w.tasks.run(fn, self._on_index_warmed, pass_progress=False, on_error=self._on_index_warmed)

    def _on_index_warmed(self, _outcome: object = None) -> None:
        self._warming = False
        if self._warm_again:
            self.warm_index_cache()

    # --- help ----------------------------------------------------------------------------------
    def open_log_folder(self) -> None:
        """Help > Open log folder: what ran, on which files and lists, and every error with its traceback."""
        from guiapp.logsetup import log_path

        desktop.open_folder(log_path().parent)

    def open_data_folder(self) -> None:
        desktop.open_folder(app_dirs().data)

    def show_about(self) -> None:
        """Help > About: version and watchlist editions (loaded in the background when not yet known)."""
        from guiapp.gui.dialogs import AboutDialog

        w = self._window
        dlg = AboutDialog(w.screening.watchlists, w)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_dialog = dlg
        if not w.screening.watchlists:
            fn = functools.partial(_load_lists, w.settings.use_builtin_watchlist)
            w.tasks.run(fn, self._on_about_lists, pass_progress=False, on_error=self._on_about_lists_failed)
        dlg.open()

    def _on_about_lists(self, watchlists) -> None:
        screening = self._window.screening
        if not screening.watchlists:
            screening.watchlists = list(watchlists)
        dlg = self.about_dialog
        if dlg is not None and desktop.shiboken_alive(dlg):
            dlg.set_watchlists(screening.watchlists)

    def _on_about_lists_failed(self, message: str) -> None:
        dlg = self.about_dialog
        if dlg is not None and desktop.shiboken_alive(dlg):
            dlg.set_watchlists([], loading=False)
        self._view.banner.show_message(
            self.tr("The watchlists could not be loaded: {reason}").format(reason=message), "error"
        )

    # --- recent files and window state -------------------------------------------------------
    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        recent = desktop.recent_files()
        if not recent:
            a = menu.addAction(self.tr("(none)"))
            a.setEnabled(False)
            return
        for p in recent:
            a = menu.addAction(Path(p).name)
            a.setToolTip(p)
            a.triggered.connect(functools.partial(self._window.screening.open_paths, [p]))
        menu.addSeparator()
        menu.addAction(self.tr("Clear"), desktop.clear_recent)

    def _header_states(self):
        v = self._view
        return (
            ("hits_header_v2", v.findings.table, v.findings.fitter),
            ("groups_header_v2", v.groups.table, v.groups.fitter),
        )

    def restore_state(self) -> None:
        qs = desktop.window_settings()
        geometry = qs.value("geometry")
        if geometry is None or not self._window.restoreGeometry(geometry):
            self._window.resize(1366, 768)
        self.fit_to_screen()
        splitter = qs.value("splitter_v2")
        if splitter is not None:
            self._view.splitter.restoreState(splitter)
        work = qs.value("work_sizes")
        if isinstance(work, list) and len(work) == 2 and not self._view.compact:
            self._view.work_splitter.setSizes([int(x) for x in work])
        # Column widths the person set by hand; without them the columns fit the view.
        for key, view, fitter in self._header_states():
            header = qs.value(key)
            if header is not None and view.horizontalHeader().restoreState(header):
                fitter.user_sized = True

    #: Room for a window manager's frame before the window is shown and its real frame is known.
    FRAME_GUESS = (16, 48)

    def fit_to_screen(self) -> None:
        """Shrink and move the window so that it, frame included, lies within the screen's available area.

        A 1366x768 screen (or one at 200 % scaling, 683x384 logical pixels) must show the status bar with the
        progress and Cancel; a geometry saved on a bigger monitor is brought back within this one.
        """
        w = self._window
        screen = w.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        avail = screen.availableGeometry()
        frame_w = w.frameGeometry().width() - w.width()
        frame_h = w.frameGeometry().height() - w.height()
        if not w.isVisible() or frame_w <= 0 and frame_h <= 0:
            frame_w, frame_h = (0, 0) if w.isVisible() else self.FRAME_GUESS
        width = max(min(w.width(), avail.width() - frame_w), 1)
        height = max(min(w.height(), avail.height() - frame_h), 1)
        self._view.set_compact(width < self._view.COMPACT_WIDTH)
        if (width, height) != (w.width(), w.height()):
            w.resize(width, height)
        frame = w.frameGeometry()
        x = min(max(frame.x(), avail.x()), avail.right() - frame.width() + 1)
        y = min(max(frame.y(), avail.y()), avail.bottom() - frame.height() + 1)
        if (x, y) != (frame.x(), frame.y()):
            w.move(max(x, avail.x()), max(y, avail.y()))

    def save_state(self) -> None:
        qs = desktop.window_settings()
        qs.setValue("geometry", self._window.saveGeometry())
        qs.setValue("splitter_v2", self._view.splitter.saveState())
        if not self._view.compact:
            qs.setValue("work_sizes", self._view.work_splitter.sizes())
        for key, view, fitter in self._header_states():
            if fitter.user_sized:
                qs.setValue(key, view.horizontalHeader().saveState())
            else:
                qs.remove(key)
