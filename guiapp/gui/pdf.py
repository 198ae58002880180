"""The PDF engine for reports: Qt's QTextDocument laid out on an archival (PDF/A-1b) QPdfWriter.

The core's report (guiapp.evidence.report) is HTML; this renders it. The window and the CLI pass
:func:`render_pdf` to the report writer; a build without Qt writes the HTML report only.

Each page is painted here rather than by ``QTextDocument.print_``, so that every page carries the running
header (the report's ``<meta name="bom-auditor:running-header">``) and "Page N of M". Tables repeat their
``<thead>`` row on every page (Qt's layout does it for header rows). The fonts that must render everywhere ship
in resources/fonts and are embedded: a CJK font for Chinese and Japanese names, and DejaVu Sans Mono for hashes,
and ligatures are switched off in all the text, so a hash copied out of the PDF is the hash that was written.
"""

from __future__ import annotations

import html
import logging
import os
import re
import threading
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from guiapp.evidence.report_html import RUNNING_HEADER_META
from guiapp.resources import resource_path

log = logging.getLogger(__name__)
_APP: QGuiApplication | None = None
_FONTS_LOADED = False
_FONTS_LOCK = threading.Lock()
#: Fonts embedded in every report (resources/fonts/README.md says why these).
REPORT_FONTS = ("DroidSansFallbackFull.ttf", "DejaVuSansMono.ttf")
#: The CJK font's family: the report's CSS names it after the Latin fonts, and so does the running header
#: (PySide6 does not bind QFontDatabase.addApplicationFallbackFontFamily, which would make it a fallback for all).
CJK_FAMILY = "Droid Sans Fallback"
#: The report is laid out at 96 dpi (CSS points), so 9pt text prints at 9pt.
_LAYOUT_DPI = 96
#: Heights of the running header and the page-number line, in layout pixels (about 6 mm each).
_BAND = 24.0
_BAND_FONT_PT = 7.5
_NO_LIGATURES = ("liga", "clig", "dlig", "calt")
_LIGATURE_BREAKING_SPACING = 1 / 64


def load_report_fonts() -> None:
    """Register the shipped report fonts with Qt, once per process (QFontDatabase is thread-safe; the window
    renders reports on a worker thread)."""
    global _FONTS_LOADED
    with _FONTS_LOCK:
        if _FONTS_LOADED:
            return
        for name in REPORT_FONTS:
            font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
            if font_id < 0:
                log.warning("report font %s could not be loaded; CJK names may not render", name)
        _FONTS_LOADED = True


def running_header_of(html_text: str) -> str:
    """The running header the report page asks for ("" when it names none)."""
    pattern = rf'<meta name="{re.escape(RUNNING_HEADER_META)}" content="([^"]*)"'
    found = re.search(pattern, html_text[:8192])
    return html.unescape(found.group(1)) if found else ""


def _no_ligature_features() -> dict[QFont.Tag, int]:
    return {QFont.Tag(t): 0 for t in _NO_LIGATURES}


def _without_ligatures(doc: QTextDocument) -> None:
    """Switch ligatures off in all the text: what is copied out of the PDF (a hash, a file name with "fi" in it,
    a decision) is then the text that was written, character for character, never an "ﬁ" glyph."""
    fmt = QTextCharFormat()
    if hasattr(fmt, "setFontFeatures"):  # bound from PySide6 6.11
        fmt.setFontFeatures(_no_ligature_features())
    else:
        # PySide6 6.10 does not bind it. Qt's shaper turns ligatures off for text with letter spacing
        # (qtextengine.cpp: dontLigate = hasLetterSpacing), and 1/64 px, its smallest step, is invisible.
        fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
        fmt.setFontLetterSpacing(_LIGATURE_BREAKING_SPACING)
    cursor = QTextCursor(doc)
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.mergeCharFormat(fmt)


def render_pdf(html_text: str, path: Path) -> None:
    """Lay out the report HTML on A4 landscape pages and write an archival PDF (PDF/A-1b) to path.

    Without a running QGuiApplication one is created, offscreen when no platform is set (the CLI).
    """
    global _APP
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _APP = QGuiApplication([])
    load_report_fonts()
    writer = QPdfWriter(str(path))
    # PDF/A-1b: every font embedded, XMP metadata and an sRGB output intent, no transparency.
    writer.setPdfVersion(QPagedPaintDevice.PdfVersion.PdfVersion_A1b)
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(10, 8, 10, 8),
            QPageLayout.Unit.Millimeter,
        )
    )
    doc = QTextDocument()
    doc.setHtml(html_text)
    _without_ligatures(doc)
    writer.setTitle(
        doc.metaInformation(QTextDocument.MetaInformation.DocumentTitle) or "BOM screening audit report"
    )
    writer.setCreator("BOM Auditor")
    header = running_header_of(html_text)

    rect = writer.pageLayout().paintRect(QPageLayout.Unit.Point)
    width = rect.width() * _LAYOUT_DPI / 72
    body_height = rect.height() * _LAYOUT_DPI / 72 - 2 * _BAND
    doc.setPageSize(QSizeF(width, body_height))
    pages = doc.pageCount()

    band_font = QFont(doc.defaultFont())
    band_font.setFamilies(["DejaVu Sans", CJK_FAMILY])
    for tag, value in _no_ligature_features().items():
        band_font.setFeature(tag, value)
    scale = writer.resolution() / _LAYOUT_DPI
    # The painter draws at the writer's resolution, scaled up from layout pixels: size the font to match.
    band_font.setPointSizeF(_BAND_FONT_PT / scale)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"{path.name}: the PDF could not be started")
    try:
        painter.scale(scale, scale)
        for page in range(pages):
            if page:
                writer.newPage()
            _paint_page(painter, doc, page, pages, header, band_font, width, body_height)
    finally:
        painter.end()
    del writer  # the PDF is finished when the writer goes away


def _paint_page(
    painter: QPainter,
    doc: QTextDocument,
    page: int,
    pages: int,
    header: str,
    band_font: QFont,
    width: float,
    body_height: float,
) -> None:
    painter.save()
    painter.setFont(band_font)
    top = QRectF(0, 0, width, _BAND - 6)
    painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, header)
    painter.drawLine(0, _BAND - 3, width, _BAND - 3)
    bottom = QRectF(0, _BAND + body_height + 4, width, _BAND - 4)
    painter.drawText(
        bottom, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, f"Page {page + 1} of {pages}"
    )
    painter.restore()

    painter.save()
    painter.translate(0, _BAND - page * body_height)
    clip = QRectF(0, page * body_height, width, body_height)
    painter.setClipRect(clip)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = clip
    doc.documentLayout().draw(painter, context)
    painter.restore()
