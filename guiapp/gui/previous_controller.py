"""File > Apply previous audit: carry an earlier revision's decisions over to a new one and show what changed.

guiapp.app.previous.carry_previous does the work on the pool; the carried decisions are merged into the
window's AuditSession on the GUI thread. The changes (an AuditDiff per file) are kept here for the export
and the report.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow

from guiapp.app.previous import carry_previous
from guiapp.gui import desktop
from guiapp.gui.screening_controller import BOM_FILTER
from guiapp.model import FileResult
from guiapp.review.session import AuditFileError, AuditSession, locate_file

PREVIOUS_AUDIT_FILTER = QT_TRANSLATE_NOOP(
    "PreviousAuditController",
    "Previous audit (*.bomaudit.json *.json *.audited.xlsx *.audited.xlsm);;"
    "Audit file (*.bomaudit.json *.json);;Annotated workbook (*.xlsx *.xlsm);;All files (*)",
)


class PreviousAuditController(QObject):
    """Applies a previous audit (audit file or kept annotated workbook) to a file and shows the changes."""

    #: A previous audit was applied to a file: its AuditDiff.
    applied = Signal(object)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._view = window.view
        #: file SHA-256 -> changes since a previous audit, for export and report.
        self.diffs: dict = {}
        self.diff_dialog = None

    def apply_previous_audit_dialog(self) -> None:
        """File > Apply previous audit: carry its decisions over to the selected file and show what changed."""
        target = self._window.review.current_file_result()
        if target is None:
            self._view.banner.show_message(
                self.tr(
                    "Select the new revision in the file list first; the previous audit is applied to it."
                ),
                "info",
            )
            return
        path, _ = QFileDialog.getOpenFileName(
            self._window,
            self.tr("Previous audit to apply to {name}").format(name=Path(target.path).name),
            desktop.last_dir(),
            self.tr(PREVIOUS_AUDIT_FILTER),
        )
        if path:
            self.apply_previous_audit(Path(path), target)

    def apply_previous_audit(
        self, audit_path: Path, target: FileResult | None = None, previous_bom: Path | None = None
    ) -> None:
        """Carry a previous audit (audit file or kept annotated workbook) over to target, in the background.

        An audit file keys its decisions by the previous BOM's hits, so that BOM is screened again: found where
        the audit recorded it or beside the audit, else the person is asked for it (previous_bom skips that).
        """
        w, banner = self._window, self._view.banner
        audit_path = Path(audit_path)
        target = target or w.review.current_file_result()
        if target is None:
            return
        screener = w.screening.screener
        if screener is None:
            banner.show_message(
                self.tr("The watchlists are still loading; try again in a moment."), "warning"
            )
            return
        if audit_path.suffix.lower() in (".xlsx", ".xlsm"):
            previous_bom = None
        elif previous_bom is None:
            try:
                loaded = AuditSession.load(audit_path)
            except AuditFileError as exc:
                banner.show_message(str(exc), "error")
                return
            record = self._pick_audit_record(loaded, target)
            if record is None:
                return
            previous_bom = locate_file(record, audit_path.parent)
            if previous_bom is None:
                found, _ = QFileDialog.getOpenFileName(
                    w,
                    self.tr("Where is {name}, the BOM the previous audit was taken on?").format(
                        name=record.name
                    ),
                    str(audit_path.parent),
                    QCoreApplication.translate("ScreeningController", BOM_FILTER),
                )
                if not found:
                    return
                previous_bom = Path(found)
        current = {k: d for (sha, k), d in w.session.decisions.items() if sha == w.session.key_of(target)}
        fn = functools.partial(
            carry_previous, audit_path, target, screener, current=current, previous_bom=previous_bom
        )
        self._view.status_label.setText(
            self.tr("Applying {audit} to {name}…").format(audit=audit_path.name, name=Path(target.path).name)
        )
        w.tasks.run(
            fn,
            functools.partial(self._on_carried, target),
            pass_progress=False,
            on_error=self._on_failed,
        )

    def _pick_audit_record(self, loaded: AuditSession, target: FileResult):
        """The file of the audit that target is a revision of: the only one, the same name, or asked."""
        records = loaded.records
        if not records:
            self._view.banner.show_message(
                self.tr("That audit names no BOM file; choose the audit saved with the BOM."), "error"
            )
            return None
        if len(records) == 1:
            return records[0]
        same = [r for r in records if r.name == Path(target.path).name]
        if len(same) == 1:
            return same[0]
        names = [r.name for r in records]
        name, ok = QInputDialog.getItem(
            self._window,
            self.tr("Previous revision"),
            self.tr("Which file of the audit is the previous revision of {name}?").format(
                name=Path(target.path).name
            ),
            names,
            0,
            False,
        )
        return records[names.index(name)] if ok else None

    def _on_carried(self, target: FileResult, value) -> None:
        from guiapp.gui.diff_dialog import diff_summary

        w = self._window
        carried, diff = value
        w.review.update_status_summary()
        if not any(Path(r.path) == Path(target.path) for r in w.session.results):
            return  # the file was closed meanwhile
        key = w.session.key_of(target)
        incoming = AuditSession()
        incoming.decisions = {(key, hit_key): d for hit_key, d in carried.items()}
        w.session.merge_decisions(incoming, "carried over")
        self.diffs[key] = diff
        w.review.forget_detail()
        w.review.after_decision()
        name = Path(target.path).name
        self._view.banner.show_message(
            self.tr("Applied {audit} to {name}: {summary}.").format(
                audit=diff.previous, name=name, summary=diff_summary(diff)
            ),
            "warning" if diff.count("new") or diff.count("changed") else "ok",
            [(self.tr("Show changes"), functools.partial(self.show_audit_diff, key))],
        )
        self.show_audit_diff(key)
        self.applied.emit(diff)

    def show_audit_diff(self, sha256: str) -> None:
        """The changes since the previous audit of one file, in a dialog beside the window."""
        from guiapp.gui.diff_dialog import AuditDiffDialog

        diff = self.diffs.get(sha256)
        result = self._window.session.result_for(sha256)
        if diff is None or result is None:
            return
        dlg = AuditDiffDialog(diff, Path(result.path).name, self._window)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.diff_dialog = dlg
        dlg.open()

    def _on_failed(self, message: str) -> None:
        self._window.review.update_status_summary()
        self._view.banner.show_message(
            self.tr("The previous audit could not be applied: {reason}").format(reason=message), "error"
        )
