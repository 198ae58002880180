"""The Whole sheet tab: which file and sheet it shows, the selected row's detail, and the mapping controls.

A corrected mapping (header row, the columns of a role, "Use detected") goes to the screening controller,
which re-screens the sheet and remembers the correction.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QObject, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QMainWindow

from guiapp.gui.role_evidence import describe_role, role_name
from guiapp.ingest.column_evidence import evidence_after_choice
from guiapp.model import ROLES, ColumnMap, FileResult, column_letter
from guiapp.review.session import HitRef

MAPPING_SOURCES = {
    "detected": QT_TRANSLATE_NOOP("SheetController", "Detected"),
    "override": QT_TRANSLATE_NOOP("SheetController", "Set by hand"),
    "remembered": QT_TRANSLATE_NOOP("SheetController", "Remembered"),
    "none": QT_TRANSLATE_NOOP("SheetController", "No header found"),
}


class SheetController(QObject):
    """Shows a sheet of a screened file with its mapping, and turns edits of the mapping into re-screens."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._tab = window.view.sheet
        self._model = window.sheet_model
        self._updating_mapping = False
        self._shown_path = None  # the file whose sheet the tab shows
        tab = self._tab
        tab.file_combo.currentIndexChanged.connect(self._on_file_changed)
        tab.sheet_combo.currentIndexChanged.connect(self.show_current_sheet)
        tab.header_spin.valueChanged.connect(self._on_header_row_changed)
        for role, combo in tab.role_combos.items():
            combo.currentIndexChanged.connect(functools.partial(self._on_role_changed, role))
        tab.reset_mapping_button.clicked.connect(self._on_reset_mapping)
        tab.table.selectionModel().currentRowChanged.connect(self._on_row_changed)

    # --- which sheet ---------------------------------------------------------------------------
    def fill_file_combo(self) -> None:
        """The screened files to choose from (after the session's files changed); keeps the chosen one."""
        combo = self._tab.file_combo
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for r in self._window.session.results:
            if r.ok and r.bom is not None:
                combo.addItem(Path(r.path).name, str(r.path))
        i = combo.findData(chosen)
        combo.setCurrentIndex(i if i >= 0 else 0)
        combo.blockSignals(False)
        self._on_file_changed(keep_sheet=True)

    def select_file(self, path: Path) -> None:
        i = self._tab.file_combo.findData(str(path))
        if i >= 0:
            self._tab.file_combo.setCurrentIndex(i)

    def current_sheet_result(self) -> FileResult | None:
        path = self._tab.file_combo.currentData()
        return next((r for r in self._window.session.results if str(r.path) == path), None)

    def current_sheet(self):
        result = self.current_sheet_result()
        name = self._tab.sheet_combo.currentData()
        if result is None or result.bom is None or name is None:
            return result, None
        return result, next((s for s in result.bom.sheets if s.name == name), None)

    def _on_file_changed(self, *args, keep_sheet: bool = False) -> None:
        combo = self._tab.sheet_combo
        result = self.current_sheet_result()
        chosen = combo.currentText() if keep_sheet else ""
        combo.blockSignals(True)
        combo.clear()
        if result is not None and result.bom is not None:
            for s in result.bom.sheets:
                combo.addItem(s.name + (self.tr(" (hidden)") if s.hidden else ""), s.name)
            # Start on the sheet with the most findings.
            counts = {s.name: 0 for s in result.bom.sheets}
            for h in result.hits:
                counts[h.sheet] = counts.get(h.sheet, 0) + 1
            i = combo.findText(chosen) if chosen else -1
            if i < 0 and counts:
                i = combo.findData(max(counts, key=lambda k: counts[k]))
            combo.setCurrentIndex(max(0, i))
        combo.blockSignals(False)
        self.show_current_sheet()

    def show_current_sheet(self, *args) -> None:
        model, view = self._model, self._tab.table
        result, sheet = self.current_sheet()
        # Keep the selected row when the same sheet is shown again (a re-screen after re-mapping).
        shown = (self._shown_path, getattr(model.sheet(), "name", None))
        self._shown_path = result.path if result is not None else None
        cur = view.currentIndex()
        same = sheet is not None and shown == (self._shown_path, sheet.name)
        keep_row = model.spreadsheet_row(cur.row()) if same and cur.isValid() else None
        if sheet is None:
            model.set_sheet(None)
            self._fill_mapping_controls(None)
            self.show_sheet_detail()
            return
        report = next((r for r in result.sheets if r.name == sheet.name), None)
        hits = [h for h in result.hits if h.sheet == sheet.name]
        model.set_sheet(sheet, hits, report.not_screened_rows if report else [])
        self._fit_columns(sheet)
        self._fill_mapping_controls(sheet, report)
        if keep_row is not None:
            r = model.source_row_of(keep_row)
            if 0 <= r < model.rowCount():
                view.selectRow(r)
        # The reset dropped the old row (and any finding shown for it): show what is selected now.
        self.show_sheet_detail()

    def show_in_sheet(self, ref: HitRef) -> None:
        """Switch to the Whole sheet tab on the row of a finding."""
        w, tab = self._window, self._tab
        result = w.session.result_for(ref.file)
        if result is None:
            return
        w.view.tabs.setCurrentIndex(2)
        i = tab.file_combo.findData(str(result.path))
        tab.file_combo.setCurrentIndex(i)
        j = tab.sheet_combo.findText(ref.hit.sheet)
        tab.sheet_combo.setCurrentIndex(j)
        r = self._model.source_row_of(ref.hit.row)
        if 0 <= r < self._model.rowCount():
            tab.table.selectRow(r)
            tab.table.scrollTo(self._model.index(r, 0), QAbstractItemView.ScrollHint.PositionAtCenter)

    def _fit_columns(self, sheet) -> None:
        """Size the columns to the header and the first data rows (title rows above the header and the
        rest of a 100,000-row sheet are not measured: the first would widen, the second would stall)."""
        view = self._tab.table
        fm = view.fontMetrics()
        bold = view.horizontalHeader().font()
        bold.setBold(True)
        hfm = QFontMetrics(bold)
        start = (sheet.mapping.header_row or sheet.first_row - 1) + 1
        rows = range(start, min(start + 80, sheet.last_row + 1))
        for c in range(self._model.columnCount()):
            title = self._model.headerData(c, Qt.Orientation.Horizontal) or ""
            widest = hfm.horizontalAdvance(title) + 16
            for r in rows:
                widest = max(widest, fm.horizontalAdvance(sheet.cell(r, c)) + 12)
            view.setColumnWidth(c, min(max(widest, 48), 260))

    # --- the selected row ----------------------------------------------------------------------
    def _on_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.show_sheet_detail()

    def show_sheet_detail(self) -> None:
        """On the Whole sheet tab: the detail of the selected row's finding, or a placeholder."""
        w = self._window
        if w.view.tabs.currentIndex() != 2:
            return
        result, sheet = self.current_sheet()
        current = self._tab.table.currentIndex()
        if sheet is None or not current.isValid() or self._model.sheet() is not sheet:
            w.review.clear_detail()
            return
        r = self._model.spreadsheet_row(current.row())
        hits = [h for h in result.hits if h.sheet == sheet.name and h.row == r]
        if hits:
            w.review.show_detail(HitRef(w.session.key_of(result), hits[0]))
        else:
            note = self._model.data(current, Qt.ItemDataRole.ToolTipRole) or ""
            w.review.clear_detail(self.tr("Row {row}: no finding.").format(row=r) + f" {note}")

    # --- the mapping controls ------------------------------------------------------------------
    def _fill_mapping_controls(self, sheet, report=None) -> None:
        tab = self._tab
        self._updating_mapping = True
        try:
            for c in tab.role_combos.values():
                c.clear()
            enabled = sheet is not None
            for widget in (tab.header_spin, tab.reset_mapping_button, *tab.role_combos.values()):
                widget.setEnabled(enabled)
            if sheet is None:
                tab.mapping_note.setText("")
                self._show_evidence(ColumnMap())
                return
            m = sheet.mapping
            # SheetData.width walks every row; a 100,000-row sheet makes that 20 ms a call.
            width = self._model.columnCount() if self._model.sheet() is sheet else sheet.width
            tab.header_spin.setRange(0, max(sheet.last_row, 1))
            tab.header_spin.setValue(m.header_row or 0)
            header_cells = sheet.row_values(m.header_row) if m.header_row else []
            for role, combo in tab.role_combos.items():
                combo.addItem(self.tr("(not used)"), [])
                for col in range(width):
                    text = header_cells[col] if col < len(header_cells) else ""
                    text = text if len(text) <= 24 else text[:23] + "…"
                    combo.addItem(f"{column_letter(col)}: {text}" if text else column_letter(col), [col])
                cols = m.columns.get(role, [])
                if len(cols) > 1:
                    combo.addItem(", ".join(column_letter(c) for c in cols), list(cols))
                    combo.setCurrentIndex(combo.count() - 1)
                elif cols:
                    combo.setCurrentIndex(cols[0] + 1)
                else:
                    combo.setCurrentIndex(0)
            source = self.tr(MAPPING_SOURCES.get(m.source, m.source))
            coverage = ""
            if report is not None:
                coverage = self.tr(" · %n row(s) screened", "", report.rows_screened) + self.tr(
                    ", {n} not screened"
                ).format(n=report.rows_not_screened)
            confidence = self.tr("{source} (confidence {confidence})").format(
                source=source, confidence=f"{m.confidence:.0%}"
            )
            # The notes are the core's, recorded in the manifest: they stay English.
            tab.mapping_note.setText(f"{confidence}{coverage}. {m.notes}")
            tab.mapping_note.setToolTip(m.notes)
            self._show_evidence(m)
        finally:
            self._updating_mapping = False

    def _show_evidence(self, mapping: ColumnMap) -> None:
        """Under each role choice: why its column has the role; the choice's description says it too."""
        tab = self._tab
        for role, label in tab.role_evidence.items():
            text, tip = describe_role(mapping, role) if mapping.header_row is not None else ("", "")
            label.set_evidence(text, tip)
            label.setAccessibleName(self.tr("Evidence for the {role} column").format(role=role_name(role)))
            combo = tab.role_combos[role]
            combo.setToolTip(tip)  # the details, also where a narrow window leaves the line out
            # The combo's own description (accessible.py) comes first; the evidence follows it.
            base = combo.property("baseDescription")
            if base is None:
                base = combo.accessibleDescription()
                combo.setProperty("baseDescription", base)
            combo.setAccessibleDescription(f"{base}. {text}" if text and base else text or base)

    def _on_header_row_changed(self, value: int) -> None:
        if self._updating_mapping:
            return
        result, sheet = self.current_sheet()
        if sheet is None:
            return
        if value == 0:
            mapping = ColumnMap(
                header_row=None,
                source="override",
                confidence=1.0,
                notes="no header row: every text cell is screened",
            )
        else:
            from guiapp.ingest.mapping import mapping_for_header_row

            mapping = mapping_for_header_row(sheet, value)
        self._window.screening.rescreen(result, sheet, mapping)

    def _on_role_changed(self, role: str, index: int) -> None:
        if self._updating_mapping or index < 0:
            return
        result, sheet = self.current_sheet()
        if sheet is None:
            return
        cols = list(self._tab.role_combos[role].currentData() or [])
        base = sheet.mapping
        columns = {r: [c for c in cs if c not in cols] for r, cs in base.columns.items()}
        columns[role] = cols
        columns = {r: columns[r] for r in ROLES if columns.get(r)}
        note = f"{role.replace('_', ' ')} set by hand to " + (
            ", ".join(column_letter(c) for c in cols) or "none"
        )
        chosen = set(cols) | set(base.columns.get(role, []))
        mapping = ColumnMap(
            header_row=base.header_row,
            columns=columns,
            headers=dict(base.headers),
            confidence=1.0,
            source="override",
            notes=note,
            evidence=evidence_after_choice(sheet, base, columns, sorted(chosen)),
        )
        self._show_evidence(mapping)  # at once; the re-screen fills the controls again when it is done
        self._window.screening.rescreen(result, sheet, mapping)

    def _on_reset_mapping(self) -> None:
        result, sheet = self.current_sheet()
        if sheet is None:
            return
        self._window.screening.reset_mapping(result, sheet)
