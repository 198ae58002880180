"""Small widgets of the main window: the message banner, the dashed drop target and the empty page."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from guiapp.gui import theme


class Banner(QFrame):
    """A message strip over the work area with optional buttons (never a blocking dialog).

    Its background is a tint of the window colour by kind (info, warning, error, ok) and its text the
    palette's, checked for contrast; both are taken again when the palette changes (light or dark mode).
    """

    KINDS = ("info", "warning", "error", "ok")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.kind = "info"
        self._label = QLabel()
        self._label.setObjectName("bannerText")
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._buttons = QHBoxLayout()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 6, 6)
        lay.addWidget(self._label, 1)
        lay.addLayout(self._buttons)
        self.hide()

    def text(self) -> str:
        return self._label.text()

    def colors(self) -> tuple[QColor, QColor, QColor]:
        """(background, text, border) for the current kind in the current palette."""
        return theme.banner_colors(self.kind, self.palette())

    def text_color(self) -> QColor:
        """The colour the message is drawn in."""
        return self._label.palette().color(QPalette.ColorRole.WindowText)

    def show_message(self, text: str, kind: str = "info", buttons: list[tuple[str, object]] = ()) -> None:
        while self._buttons.count():
            item = self._buttons.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for label, slot in [*buttons, (self.tr("Dismiss"), None)]:
            b = QPushButton(label)
            b.setObjectName(f"banner_{label.lower().replace(' ', '_').strip('…')}")
            if slot is not None:
                b.clicked.connect(slot)
            b.clicked.connect(self.hide)
            self._buttons.addWidget(b)
        self.kind = kind if kind in self.KINDS else "info"
        self._apply_text_color()
        self._label.setText(text)
        self.update()
        self.show()

    def _apply_text_color(self) -> None:
        theme.set_text_color(self._label, self.colors()[1])

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_text_color()

    def paintEvent(self, event) -> None:
        bg, _fg, border = self.colors()
        p = QPainter(self)
        p.fillRect(self.rect(), bg)
        p.setPen(border)
        p.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        p.end()


class DropBox(QFrame):
    """The dashed drop target, drawn in the palette's muted colour (a style sheet would pin its children's
    palettes, so the hint inside could not follow a switch to dark mode)."""

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(theme.muted_text(self.palette()), 2, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 12, 12)
        p.end()


class EmptyPage(QWidget):
    """What the window shows before any file is open: a drop target and the sample.

    The window's screening controller connects open_button and sample_button.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        title = QLabel(self.tr("Drop BOM files here, or Open…"))
        title.setObjectName("dropTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.8)
        title.setFont(f)
        sub = QLabel(
            self.tr(
                "Excel (.xlsx, .xlsm, .xls, .xlsb), OpenDocument (.ods) and CSV files, or whole folders.\n"
                "Each file is screened against the watchlists; you then review every finding."
            )
        )
        sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
        sub.setObjectName("dropHint")
        self.hint = sub
        row = QHBoxLayout()
        row.addStretch(1)
        self.open_button = QPushButton(self.tr("Open…"))
        self.sample_button = QPushButton(self.tr("Try the sample BOM"))
        self.sample_button.setObjectName("sampleButton")
        row.addWidget(self.open_button)
        row.addWidget(self.sample_button)
        row.addStretch(1)
        box = DropBox()
        box.setObjectName("dropBox")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(40, 40, 40, 40)
        inner.addWidget(title)
        inner.addWidget(sub)
        inner.addSpacing(12)
        inner.addLayout(row)
        outer = QHBoxLayout()
        outer.addStretch(1)
        outer.addWidget(box, 3)
        outer.addStretch(1)
        lay.addLayout(outer)
        lay.addStretch(2)
        self.apply_palette()

    def apply_palette(self) -> None:
        """The hint in the muted text colour of the current palette."""
        theme.set_text_color(self.hint, theme.muted_text(self.palette()))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.apply_palette()
