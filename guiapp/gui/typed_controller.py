"""File > Review typed decisions in a copy: the window twin of ``bom-auditor-cli review``.

The copy is read and verified on the pool (guiapp.app.typed.read_typed_copy); the changes are shown in a
TypedEditsDialog, and the ticked ones are recorded in the window's session on the BOM the copy was made from
(guiapp.app.typed.record_typed), under the reviewer's name. The next export writes a new sealed copy.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow

from guiapp.app.typed import TypedCopy, find_source, read_typed_copy, record_typed
from guiapp.gui import desktop

COPY_FILTER = QT_TRANSLATE_NOOP(
    "TypedDecisionsController", "Annotated copy (*.audited.xlsx *.audited.xlsm *.xlsx *.xlsm);;All files (*)"
)


class TypedDecisionsController(QObject):
    """Reads a copy's typed decisions, asks which to accept, records them."""

    #: Typed decisions were recorded: how many.
    recorded = Signal(int)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._view = window.view
        self.dialog = None

    def review_typed_dialog(self) -> None:
        """Ask for the copy, then review it."""
        path, _ = QFileDialog.getOpenFileName(
            self._window,
            self.tr("Annotated copy with typed decisions"),
            desktop.last_dir(),
            self.tr(COPY_FILTER),
        )
        if path:
            self.review_typed(Path(path))

    def review_typed(self, path: Path) -> None:
        """Read and verify the copy in the background; the dialog follows."""
        self._view.status_label.setText(
            self.tr("Reading the typed decisions in {name}…").format(name=path.name)
        )
        self._window.tasks.run(
            functools.partial(read_typed_copy, path),
            self._on_read,
            pass_progress=False,
            on_error=self._on_failed,
        )

    def _on_failed(self, message: str) -> None:
        self._view.banner.show_message(message, "error")
        self._window.review.update_status_summary()

    def _on_read(self, copy: TypedCopy) -> None:
        w = self._window
        w.review.update_status_summary()
        if not copy.edits:
            self._view.banner.show_message(
                self.tr("{name}: nothing was typed into it since it was sealed; nothing to record.").format(
                    name=copy.path.name
                ),
                "info",
            )
            return
        same = [r for r in w.session.results if r.ok and r.sha256 == copy.source_sha256]
        target = next((r for r in same if str(r.path) == copy.source_path), same[0] if same else None)
        if target is None:
            source = find_source(copy)
            name = copy.source_name or self.tr("the BOM it was made from")
            actions = (
                [(self.tr("Open {name}").format(name=source.name), functools.partial(w.open_paths, [source]))]
                if source
                else []
            )
            self._view.banner.show_message(
                self.tr(
                    "{copy} was made from {name}, which is not open: open it, then review the typed "
                    "decisions again (they are recorded on that BOM)."
                ).format(copy=copy.path.name, name=name),
                "warning",
                actions,
            )
            return
        if not w.settings.reviewer and not w.review.ask_reviewer():
            return
        self.dialog = dialog = self._make_dialog(copy, Path(target.path).name, w.settings.reviewer)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        accepted = dialog.model.accepted()
        if not accepted:
            self._view.banner.show_message(self.tr("Nothing was ticked; nothing was recorded."), "info")
            return
        outcome = record_typed(accepted, target, w.session, w.settings.reviewer, copy.path.name)
        if outcome.refused:
            first = "; ".join(
                self.tr("Findings row {row}: {reason}").format(row=e.row, reason=why)
                for e, why in outcome.refused[:3]
            )
            more = (
                self.tr(" (and {n} more)").format(n=len(outcome.refused) - 3)
                if len(outcome.refused) > 3
                else ""
            )
            self._view.banner.show_message(
                self.tr(
                    "Nothing was recorded. {first}{more}. Decide those rows in the window, or untick them."
                ).format(first=first, more=more),
                "error",
            )
            return
        w.review.forget_detail()
        w.review.after_decision()
        n = len(outcome.recorded)
        self._view.banner.show_message(
            self.tr(
                "Recorded %n typed decision(s) from {copy} on {name} by {reviewer}. Export to write a new sealed copy.",
                "",
                n,
            ).format(copy=copy.path.name, name=Path(target.path).name, reviewer=w.settings.reviewer),
            "ok",
        )
        self.recorded.emit(n)

    def _make_dialog(self, copy: TypedCopy, bom_name: str, reviewer: str):
        from guiapp.gui.typed_dialog import TypedEditsDialog

        return TypedEditsDialog(copy, bom_name, reviewer, self._window)
