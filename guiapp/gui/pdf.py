"""The PDF engine for reports: Qt's QTextDocument laid out on a QPdfWriter.

The core's report (guiapp.evidence.report) is HTML; this renders it. The window and the CLI pass
:func:`render_pdf` to the report writer; a build without Qt writes the HTML report only.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

_APP: QGuiApplication | None = None


def render_pdf(html_text: str, path: Path) -> None:
    """Lay out the report HTML on A4 landscape pages and write the PDF to path.

    Without a running QGuiApplication one is created, offscreen when no platform is set (the CLI).
    """
    global _APP
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _APP = QGuiApplication([])
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(12, 12, 12, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle("BOM screening audit report")
    writer.setCreator("BOM Auditor")
    doc = QTextDocument()
    doc.setHtml(html_text)
    # Lay the text out on a page of the printable width at 96 dpi, so 9pt text prints at 9pt.
    rect = writer.pageLayout().paintRect(QPageLayout.Unit.Point)
    doc.setPageSize(QSizeF(rect.width() * 96 / 72, rect.height() * 96 / 72))
    doc.print_(writer)
    del writer  # the PDF is finished when the writer goes away
