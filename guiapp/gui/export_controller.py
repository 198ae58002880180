"""Exports: annotated workbooks (the selected file, or every file into one folder) and the audit report.

Decisions and changes since a previous audit are read on the GUI thread and handed to guiapp.app's export
functions, which run on the pool; the worker never touches the session.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from guiapp.app.export import copy_path, export_copies, export_copy, plan_copies
from guiapp.evidence.manifest import pending_hits
from guiapp.gui import desktop
from guiapp.model import FileResult

REPORT_FILTER = QT_TRANSLATE_NOOP(
    "ExportController", "PDF report, with the HTML beside it (*.pdf);;HTML report (*.html)"
)


class ExportController(QObject):
    """File > Export annotated workbook(s) and File > Export report."""

    #: An export finished: the output path.
    exported = Signal(object)
    #: "Export all" finished: the paths written and the files that failed (messages).
    exportedAll = Signal(list, list)
    #: An audit report was written: the paths (HTML first, then the PDF when asked for).
    reportWritten = Signal(list)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._view = window.view
        #: Hits still pending in what is being exported: the copy is marked DRAFT and the banner says so.
        self._pending_on_export = 0

    # --- annotated workbooks -------------------------------------------------------------------
    def export_current(self) -> None:
        """Export the selected file as an annotated workbook with the decisions, beside the original."""
        w, banner = self._window, self._view.banner
        result = w.review.current_file_result()
        if result is None:
            banner.show_message(
                self.tr("Select a screened file in the list on the left to export it."), "info"
            )
            return
        suggested = copy_path(Path(result.path))
        kind = (
            self.tr("Excel macro-enabled workbook (*.xlsm)")
            if suggested.suffix == ".xlsm"
            else self.tr("Excel workbook (*.xlsx)")
        )
        out, _ = QFileDialog.getSaveFileName(
            w, self.tr("Export {0}").format(Path(result.path).name), str(suggested), kind
        )
        if not out:
            return
        # A macro workbook stays .xlsm with its macros, whatever suffix was typed.
        out_path = copy_path(Path(result.path), Path(out))
        if out_path.resolve() == Path(result.path).resolve():
            banner.show_message(
                self.tr(
                    "The export would overwrite the original BOM; choose another name (the original is never"
                    " changed)."
                ),
                "error",
            )
            return
        # The save dialog asked about the name typed; a suffix changed to keep macros names another file.
        if out_path != Path(out) and out_path.exists() and not self.confirm_replace([out_path]):
            return
        run = w.screening.run_info()
        decisions = w.session.decisions_for_file(w.session.key_of(result))
        fn = functools.partial(
            export_copy, result, out_path, run, decisions, diff=w.previous.diffs.get(w.session.key_of(result))
        )
        self._pending_on_export = pending_hits(result, decisions)
        self._view.status_label.setText(self.tr("Exporting {name}…").format(name=out_path.name))
        w.tasks.run(fn, self._on_exported)

    def export_all(self) -> None:
        """Export every screened file as `<stem>.audited.xlsx` into one folder (the originals' by default)."""
        results = [r for r in self._window.session.results if r.ok and r.bom is not None]
        if not results:
            self._view.banner.show_message(
                self.tr("Open and screen BOM files first; there is nothing to export yet."), "info"
            )
            return
        if len(results) == 1:
            self.export_current()
            return
        first = Path(results[0].path).parent
        folder = QFileDialog.getExistingDirectory(
            self._window, self.tr("Export %n annotated workbook(s) to folder", "", len(results)), str(first)
        )
        if not folder:
            return
        jobs = self.plan_export_all(results, Path(folder))
        existing = [out for _, out in jobs if out.exists()]
        if existing and not self.confirm_replace(existing):
            return
        self._export_jobs(jobs)

    @staticmethod
    def plan_export_all(results: list[FileResult], folder: Path) -> list[tuple[FileResult, Path]]:
        """Output path per file: `<stem>.audited.xlsx` in folder, numbered when two inputs share a stem."""
        targets = plan_copies([Path(r.path) for r in results], folder)
        return [(r, targets[Path(r.path)]) for r in results]

    def confirm_replace(self, paths: list[Path]) -> bool:
        """Ask before replacing earlier exports (never an input: plan_export_all avoids those)."""
        names = "\n".join(p.name for p in paths[:8]) + (
            self.tr("\n… and {n} more").format(n=len(paths) - 8) if len(paths) > 8 else ""
        )
        answer = QMessageBox.question(
            self._window,
            self.tr("Replace earlier exports?"),
            self.tr("%n of these files already exist(s) and will be replaced:", "", len(paths))
            + f"\n\n{names}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _export_jobs(self, jobs: list[tuple[FileResult, Path]]) -> None:
        w = self._window
        run = w.screening.run_info()
        # Decisions are read here, on the GUI thread: the worker never touches the session.
        plan = [(r, out, w.session.decisions_for_file(w.session.key_of(r))) for r, out in jobs]
        diffs = {
            r.sha256: w.previous.diffs[w.session.key_of(r)]
            for r, _ in jobs
            if w.session.key_of(r) in w.previous.diffs
        }
        fn = functools.partial(export_copies, plan, run, diffs)
        self._pending_on_export = sum(pending_hits(r, d) for r, _, d in plan)
        self._view.status_label.setText(self.tr("Exporting %n file(s)…", "", len(plan)))
        task = w.tasks.run(fn, self._on_exported_all)
        task.signals.progress.connect(self._on_progress)

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if message:
            self._view.status_label.setText(message)

    def _on_exported_all(self, value) -> None:
        written, failed = value
        written = [Path(p) for p in written]
        self._window.review.update_status_summary()
        folder = written[0].parent if written else None
        text = self.tr("Exported %n annotated workbook(s)", "", len(written))
        text += self.tr(" to {folder}.").format(folder=folder) if folder else "."
        pending = self._pending_on_export
        if pending:
            text += self.tr(" Marked DRAFT: %n hit(s) still pending review.", "", pending)
        if failed:
            text += self.tr(" Not exported: ") + "; ".join(failed)
        buttons = [(self.tr("Open folder"), lambda: desktop.open_folder(folder))] if folder else []
        self._view.banner.show_message(text, "warning" if failed or pending else "ok", buttons)
        self.exportedAll.emit(written, failed)

    def _on_exported(self, path) -> None:
        path = Path(path)
        self._window.review.update_status_summary()
        pending = self._pending_on_export
        draft = (
            self.tr(" It is marked DRAFT: %n hit(s) still pending review.", "", pending) if pending else ""
        )
        self._view.banner.show_message(
            self.tr("Exported {name} to {folder}.").format(name=path.name, folder=path.parent) + draft,
            "warning" if pending else "ok",
            [(self.tr("Open folder"), lambda: desktop.open_folder(path.parent))],
        )
        self.exported.emit(path)

    # --- audit report --------------------------------------------------------------------------
    def report_results(self) -> list[FileResult]:
        """What a report covers: every screened file of the session, then the files that could not be read."""
        failed = [
            e.result
            for e in self._window.files_model.entries()
            if e.status == "error" and e.result is not None and not e.result.ok
        ]
        return [*self._window.session.results, *failed]

    def suggested_report_path(self) -> Path:
        """`<stem>.audit-report.pdf` beside the selected (or only) file; `<stem> and N more...` for several."""
        oks = [r for r in self._window.session.results if r.ok]
        current = self._window.review.current_file_result() or oks[0]
        path = Path(current.path)
        if len(oks) == 1:
            return path.with_name(f"{path.stem}.audit-report.pdf")
        return path.with_name(f"{path.stem} and {len(oks) - 1} more.audit-report.pdf")

    def export_report_dialog(self) -> None:
        """File > Export report: ask where, then write the HTML (and PDF) report in the background."""
        if not any(r.ok for r in self._window.session.results):
            self._view.banner.show_message(
                self.tr("Open and screen BOM files first; there is nothing to report yet."), "info"
            )
            return
        out, chosen = QFileDialog.getSaveFileName(
            self._window,
            self.tr("Export audit report"),
            str(self.suggested_report_path()),
            self.tr(REPORT_FILTER),
        )
        if not out:
            return
        out_path = Path(out)
        pdf = out_path.suffix.lower() != ".html" and not (chosen or "").startswith("HTML")
        if out_path.suffix.lower() not in (".pdf", ".html"):
            out_path = out_path.with_name(out_path.name + (".pdf" if pdf else ".html"))
        self.export_report(out_path, pdf=pdf)

    def export_report(self, out_path: Path, *, pdf: bool = True) -> None:
        """Write the audit report of every file in the session (HTML, and PDF beside it when pdf)."""
        from guiapp.evidence.entries import entry_evidence
        from guiapp.evidence.report import write_report

        w = self._window
        results = self.report_results()
        run = w.screening.run_info()
        # Decisions and diffs are read here, on the GUI thread: the worker never touches the session.
        decisions = {r.sha256: w.session.decisions_for_file(w.session.key_of(r)) for r in results if r.ok}
        diffs = {sha: d for sha, d in w.previous.diffs.items() if sha in decisions}
        from guiapp.gui.pdf import render_pdf

        renderer = render_pdf if pdf else None
        entries = entry_evidence(w.screening.watchlists, (h for r in results for h in r.hits))
        fn = functools.partial(
            write_report, results, run, decisions, out_path, renderer, diffs=diffs, entries=entries
        )
        self._view.status_label.setText(self.tr("Writing the report {name}…").format(name=out_path.name))
        w.tasks.run(fn, self._on_report_written, pass_progress=False, on_error=self._on_report_failed)

    def _on_report_written(self, paths) -> None:
        paths = [Path(p) for p in paths]
        self._window.review.update_status_summary()
        main = paths[-1]
        names = self.tr(" and ").join(p.name for p in reversed(paths))
        self._view.banner.show_message(
            self.tr("Report written: {names} in {folder}.").format(names=names, folder=main.parent),
            "ok",
            [
                (self.tr("Open report"), lambda: desktop.open_file(main)),
                (self.tr("Open folder"), lambda: desktop.open_folder(main.parent)),
            ],
        )
        self.reportWritten.emit(paths)

    def _on_report_failed(self, message: str) -> None:
        self._window.review.update_status_summary()
        self._view.banner.show_message(
            self.tr(
                "The report could not be written: {reason}. Choose another folder, or close the file if it "
                "is open in another program."
            ).format(reason=message),
            "error",
        )
