"""Reviewing: what is selected, the detail pane, decisions and notes, and the views after a change.

Decisions live in the window's AuditSession (guiapp.review); this controller asks it to record them and
redraws the tables, the counts and the detail pane afterwards.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject
from PySide6.QtWidgets import QApplication, QInputDialog, QMainWindow

from guiapp.gui import reason_dialog
from guiapp.gui.detail import find_entity, hit_html, note_html
from guiapp.gui.i18n import decision_label
from guiapp.gui.models import REF_ROLE, GroupsTableModel, HitsTableModel
from guiapp.model import DECISIONS, FileResult
from guiapp.review.session import HitRef, ReasonRequired, needs_reason
from guiapp.settings import save_settings

FINDINGS_TAB, GROUPS_TAB, SHEET_TAB = 0, 1, 2


class ReviewController(QObject):
    """Selection in the findings and By value tables, the detail pane, decisions and notes."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._view = window.view
        self._hits = window.view.findings.table
        self._groups = window.view.groups.table
        self._detail_key = None
        #: Set while decisions are redrawn just before the selection moves on (its detail is drawn then).
        self._quiet_detail = False
        v = self._view
        v.files_view.selectionModel().currentChanged.connect(self._on_file_current_changed)
        self._hits.selectionModel().selectionChanged.connect(self._on_hits_selection_changed)
        self._hits.selectionModel().currentRowChanged.connect(self._on_hits_selection_changed)
        self._hits.activated.connect(self._on_activated)
        # A note typed in place shows in the detail pane at once (not only after moving on).
        window.hits_model.dataChanged.connect(self._on_hits_data_changed)
        self._groups.selectionModel().selectionChanged.connect(self._on_groups_selection_changed)
        self._groups.activated.connect(self._on_activated)
        v.tabs.currentChanged.connect(self._on_tab_changed)

    # --- the views after the session's files changed ------------------------------------------
    def reload_views(self) -> None:
        w, v = self._window, self._view
        current = self.current_ref()
        w.hits_model.reload()
        w.groups_model.reload()
        v.findings.set_list_codes(sorted({c for r in w.session.refs() for c in r.hit.match.lists}))
        oks = [r for r in w.session.results if r.ok]
        names = [Path(r.path).name for r in oks]
        # Two files of one name (the same BOM from two folders) are told apart by their folder.
        v.findings.set_files(
            [
                (w.session.key_of(r), n if names.count(n) == 1 else f"{n} ({Path(r.path).parent.name})")
                for r, n in zip(oks, names, strict=True)
            ]
        )
        w.sheets.fill_file_combo()
        # The file column only tells files apart; with one file it takes room from the cell text.
        self._hits.setColumnHidden(HitsTableModel.FILE, len(w.session.results) <= 1)
        self._groups.setColumnHidden(GroupsTableModel.FILES, len(w.session.results) <= 1)
        v.findings.fitter.fit()
        v.groups.fitter.fit()
        if current is not None:
            self.select_ref(current)
        elif w.hits_proxy.rowCount() and not self._hits.selectionModel().hasSelection():
            self._hits.selectRow(0)
        v.update_counts()
        self.update_status_summary()

    def update_status_summary(self) -> None:
        w = self._window
        if w.screening.worker is not None:
            return
        counts = w.session.summary()
        n = sum(counts.values())
        files = len(w.session.results)
        errors = sum(1 for e in w.files_model.entries() if e.status == "error")
        parts = [self.tr("%n file(s)", "", files), self.tr("%n finding(s)", "", n)]
        parts += [f"{counts[d]} {decision_label(d).lower()}" for d in DECISIONS if counts.get(d)]
        if errors:
            parts.append(self.tr("{n} unreadable").format(n=errors))
        self._view.status_label.setText(" · ".join(parts))

    # --- selection -----------------------------------------------------------------------------
    def selected_refs(self) -> list[HitRef]:
        """The hits the person selected in the current view (all rows of the selected groups in By value)."""
        if self._view.tabs.currentIndex() == GROUPS_TAB:
            refs: list[HitRef] = []
            for idx in self._groups.selectionModel().selectedRows():
                refs.extend(idx.data(REF_ROLE).refs)
            return refs
        rows = self._hits.selectionModel().selectedRows()
        refs = [idx.data(REF_ROLE) for idx in sorted(rows, key=lambda i: i.row())]
        if not refs:
            cur = self._hits.currentIndex()
            if cur.isValid():
                refs = [cur.data(REF_ROLE)]
        return refs

    def current_ref(self) -> HitRef | None:
        idx = self._hits.currentIndex()
        return idx.data(REF_ROLE) if idx.isValid() else None

    def select_ref(self, ref: HitRef) -> None:
        w = self._window
        row = w.hits_model.row_of(ref)
        if row < 0:
            return
        idx = w.hits_proxy.mapFromSource(w.hits_model.index(row, self._hits.first_visible_column()))
        if idx.isValid():
            self._hits.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self._hits.scrollTo(idx)

    def current_file_result(self) -> FileResult | None:
        """The file selected in the list on the left (screened), else the only screened file."""
        w = self._window
        row = self._view.files_view.currentIndex().row()
        if row >= 0:
            e = w.files_model.entry(row)
            if e.result is not None and e.result.ok:
                return w.session.result_for(w.session.key_of(e.result)) or e.result
        oks = [r for r in w.session.results if r.ok]
        return oks[0] if len(oks) == 1 else None

    def show_current_in_sheet(self) -> None:
        ref = self.current_ref()
        if ref is not None:
            self._window.sheets.show_in_sheet(ref)

    def _on_hits_selection_changed(self, *args) -> None:
        tab = self._view.tabs.currentIndex()
        if tab == GROUPS_TAB:
            # The findings table changes behind the By value tab too (re-screening after a watchlist
            # change, a resume); the detail pane there belongs to the selected value, not to this table.
            self._on_groups_selection_changed()
            return
        if tab == SHEET_TAB:
            # Likewise behind the Whole sheet tab (a re-mapped sheet is re-screened): the pane shows the
            # selected sheet row, never the findings table's current hit.
            self._window.sheets.show_sheet_detail()
            return
        refs = self.selected_refs() if tab == FINDINGS_TAB else []
        ref = self.current_ref()
        if ref is None and refs:
            ref = refs[0]
        self.show_detail(ref, extra=len(refs) if len(refs) > 1 else 0)

    def _on_groups_selection_changed(self, *args) -> None:
        rows = self._groups.selectionModel().selectedRows()
        if not rows:
            self.clear_detail()
            return
        group = rows[0].data(REF_ROLE)
        self.show_detail(group.refs[0], group_rows=len(group.refs))

    def _on_tab_changed(self, index: int) -> None:
        if index == FINDINGS_TAB:
            self._on_hits_selection_changed()
        elif index == GROUPS_TAB:
            self._on_groups_selection_changed()
        elif index == SHEET_TAB:
            self._window.sheets.show_current_sheet()

    def _on_hits_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles=()) -> None:
        if (
            not self._quiet_detail
            and self._view.tabs.currentIndex() == FINDINGS_TAB
            and top_left.column() <= HitsTableModel.NOTE <= bottom_right.column()
        ):
            self._on_hits_selection_changed()

    def _on_activated(self, index: QModelIndex) -> None:
        self.edit_note()

    def _on_file_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not current.isValid():
            return
        entry = self._window.files_model.entry(current.row())
        if entry.status == "error":
            self.clear_detail(entry.message)
        self._window.sheets.select_file(entry.path)

    # --- the detail pane -----------------------------------------------------------------------
    def clear_detail(self, text: str | None = None) -> None:
        self._detail_key = None
        self._view.detail.show_nothing(text)

    def forget_detail(self) -> None:
        """Draw the detail pane again at the next selection even if the same hit is shown."""
        self._detail_key = None

    def show_detail(self, ref: HitRef | None, extra: int = 0, group_rows: int = 0) -> None:
        if ref is None:
            self.clear_detail()
            return
        session = self._window.session
        watchlists = self._window.screening.watchlists
        # Selection and current-row signals both land here; render a hit once, not twice (setHtml of a
        # long list entry costs ~10 ms), but again whenever its decision changed.
        suggestion = session.suggestion(ref)
        history = session.history.of((ref.file, ref.hit.key))
        key = (ref, extra, group_rows, session.decision(ref), suggestion, len(history), len(watchlists))
        if key == self._detail_key:
            return
        self._detail_key = key
        result = session.result_for(ref.file)
        entity = find_entity(watchlists, ref.hit.match.entity_id)
        decision = session.decision(ref)
        name = Path(result.path).name if result else ""
        notes = []
        if extra:
            notes.append(self.tr("%n finding(s) selected; a decision applies to all of them.", "", extra))
        if group_rows:
            notes.append(
                self.tr(
                    "This value appears in %n row(s); a decision here covers all of them.", "", group_rows
                )
            )

        def render(palette) -> str:
            head = "".join(note_html(n, palette) for n in notes)
            return head + hit_html(ref.hit, result, decision, entity, name, palette, suggestion, history)

        self._view.detail.show_rendered(render)

    # --- decisions and notes -------------------------------------------------------------------
    def ask_reviewer(self) -> bool:
        """Ask for the reviewer's name (kept in the settings); False when the person cancels."""
        w = self._window
        name, ok = QInputDialog.getText(
            w,
            self.tr("Reviewer"),
            self.tr("Your name, recorded with every decision:"),
            text=w.settings.reviewer,
        )
        name = name.strip()
        if not ok or not name:
            return False
        w.settings.reviewer = name
        w.session.reviewer = name
        save_settings(w.settings)
        return True

    def decide_selected(self, status: str) -> None:
        """Record a decision on the selected findings (or groups), then move on to the next finding."""
        w = self._window
        refs = self.selected_refs()
        if not refs:
            return
        if not w.settings.reviewer and not self.ask_reviewer():
            return
        single = (
            len(self._hits.selectionModel().selectedRows()) <= 1
            and self._view.tabs.currentIndex() == FINDINGS_TAB
        )
        note = None
        confident = [r for r in refs if needs_reason(r.hit, status)]
        if confident:
            entities = sorted({r.hit.match.entity for r in confident})
            entity = (
                entities[0] if len(entities) == 1 else self.tr("{n} listed entities").format(n=len(entities))
            )
            current = {w.session.decision(r).note for r in confident}
            focused = QApplication.focusWidget()
            note = reason_dialog.ask_clearing_reason(
                w, len(confident), entity, current.pop() if len(current) == 1 else ""
            )
            if focused is not None:
                # Back to the table the reviewer was working in, so the next key decides the next hit.
                w.activateWindow()
                focused.setFocus()
            if note is None:
                return  # cancelled: nothing recorded
        w.session.decide(refs, status, note, w.settings.reviewer)
        cur = self._hits.currentIndex()
        # One finding decided: move on to the next, whose detail is drawn then (drawing this one first
        # would be thrown away at once).
        moves_on = single and cur.isValid() and cur.row() + 1 < w.hits_proxy.rowCount()
        self.after_decision(refs, detail=not moves_on)
        if moves_on:
            cur = self._hits.currentIndex()  # a decision filter may have taken the row out of view
            nxt = w.hits_proxy.index(min(cur.row() + 1, w.hits_proxy.rowCount() - 1), cur.column())
            self._hits.selectionModel().setCurrentIndex(
                nxt,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )

    def accept_suggestions(self) -> None:
        """Accept what decision memory suggests for the selected findings, as this reviewer's decisions."""
        w = self._window
        refs = self.selected_refs()
        if not refs:
            return
        offered = [r for r in refs if w.session.suggestion(r) is not None]
        if not offered:
            w.banner.show_message(
                self.tr("No suggestion for the selected findings: decide them with C, F or E."), "info"
            )
            return
        if not w.settings.reviewer and not self.ask_reviewer():
            return
        n = w.session.accept_suggestions(offered, w.settings.reviewer)
        self.after_decision()
        w.banner.show_message(
            self.tr("Accepted %n suggestion(s) as {reviewer}'s decision(s) for this BOM.", "", n).format(
                reviewer=w.settings.reviewer
            ),
            "ok",
        )

    def edit_note(self) -> None:
        """Edit the note: in place in the findings table, in a dialog for value groups."""
        w = self._window
        if self._view.tabs.currentIndex() == FINDINGS_TAB:
            cur = self._hits.currentIndex()
            if not cur.isValid():
                return
            if not w.settings.reviewer and not self.ask_reviewer():
                return
            idx = w.hits_proxy.index(cur.row(), HitsTableModel.NOTE)
            self._hits.setCurrentIndex(idx)
            self._hits.edit(idx)
            return
        refs = self.selected_refs()
        if not refs:
            return
        if not w.settings.reviewer and not self.ask_reviewer():
            return
        current = w.session.decision(refs[0]).note
        text, ok = QInputDialog.getMultiLineText(
            w, self.tr("Note"), self.tr("Rationale for these %n finding(s):", "", len(refs)), current
        )
        if ok:
            try:
                w.session.set_note(refs, text, w.settings.reviewer)
            except ReasonRequired as exc:
                self._view.banner.show_message(
                    self.tr("The note was not changed: {reason}.").format(reason=exc), "warning"
                )
                return
            self.after_decision()

    def undo(self) -> None:
        """Review > Undo decision (Ctrl+Z): the last decision, single or bulk, recorded as undone."""
        self._replay(self._window.session.undo, undo=True)

    def redo(self) -> None:
        """Review > Redo decision (Ctrl+Shift+Z)."""
        self._replay(self._window.session.redo, undo=False)

    def _replay(self, step, *, undo: bool) -> None:
        w = self._window
        n = step(w.settings.reviewer)
        if not n:
            w.banner.show_message(
                self.tr("Nothing to undo.") if undo else self.tr("Nothing to redo."), "info"
            )
            return
        self.forget_detail()
        self.after_decision()
        w.banner.show_message(
            self.tr("Undid the decision on %n finding(s) (the history keeps both).", "", n)
            if undo
            else self.tr("Redid the decision on %n finding(s) (the history keeps both).", "", n),
            "ok",
        )

    def after_decision(self, refs=None, *, detail: bool = True) -> None:
        """Decisions changed (here, carried over, or the settings): redraw decisions, counts and detail.

        Args:
            refs: the hits whose decisions changed (None: any may have).
            detail: redraw the detail pane too (not when the selection moves on right after).
        """
        self._quiet_detail = not detail
        try:
            self._window.hits_model.refresh_decisions(refs)
            self._window.groups_model.refresh_decisions(refs)
        finally:
            self._quiet_detail = False
        self.update_status_summary()
        if not detail:
            return
        if self._view.tabs.currentIndex() == GROUPS_TAB:
            self._on_groups_selection_changed()
        else:
            self._on_hits_selection_changed()
