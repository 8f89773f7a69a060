"""A label of the map's text cut with an ellipsis where its room is too small, rather than
widening its dock or window, or pushing the fields under it out of sight."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QSizePolicy

from mapviewer.scene.text import plain_tooltip

ELLIPSIS = "…"  # as Qt's elidedText ends a cut line


def wrapped(paragraph: str, font: QFont, width: int) -> list[str]:
    """``paragraph`` broken into the lines it takes ``width`` pixels wide in ``font``, at words
    (within a word too long for a line)."""
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout = QTextLayout(paragraph, font)
    layout.setTextOption(option)
    lines: list[str] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(width, 1))
        start = line.textStart()
        lines.append(paragraph[start : start + line.textLength()].rstrip())
    layout.endLayout()
    return lines or [""]


class ElidedLabel(QLabel):
    """Plain text in at most ``lines`` lines, wrapped at words, the last one ending in an
    ellipsis when more would follow. Its height is those lines whatever the text, so what is
    under it neither moves nor is pushed out of sight as the text changes; its text, tooltip
    and accessible name stay whole."""

    def __init__(self, text: str = "", lines: int = 1) -> None:
        super().__init__(text)
        self.lines = lines
        self.setTextFormat(Qt.TextFormat.PlainText)  # the map's text, never markup
        vertical = QSizePolicy.Policy.Preferred if lines == 1 else QSizePolicy.Policy.Fixed
        self.setSizePolicy(QSizePolicy.Policy.Ignored, vertical)
        self.setMinimumWidth(60)

    def setText(self, text: str) -> None:
        """The text, and in a label of several lines the whole of it as its tooltip."""
        super().setText(text)
        if self.lines > 1:
            self.setToolTip(plain_tooltip(text))

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.lines == 1:
            return hint
        return QSize(hint.width(), self._height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if self.lines == 1:
            return hint
        return QSize(hint.width(), self._height())

    def _height(self) -> int:
        margins = self.contentsMargins()
        return self.fontMetrics().lineSpacing() * self.lines + margins.top() + margins.bottom()

    def shown(self) -> list[str]:
        """The lines drawn: a line for each paragraph of the text (a focus, then what is held
        back), as many as there are lines, the spare lines going to the first paragraphs that
        wrap; each paragraph's last shown line cut with an ellipsis where more would follow."""
        metrics = self.fontMetrics()
        width = self.contentsRect().width()
        paragraphs = self.text().splitlines() or [""]
        wraps = [wrapped(p, self.font(), width) for p in paragraphs[: self.lines]]
        spare = self.lines - len(wraps)
        lines: list[str] = []
        for wrap in wraps:
            extra = min(spare, len(wrap) - 1)
            spare -= extra
            lines += wrap[:extra]
            rest = " ".join(wrap[extra:])
            lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
        if len(paragraphs) > self.lines and not lines[-1].endswith(ELLIPSIS):
            lines[-1] = metrics.elidedText(
                f"{lines[-1]} {ELLIPSIS}", Qt.TextElideMode.ElideRight, width
            )
        return lines

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        if self.lines == 1:
            shown = self.fontMetrics().elidedText(
                self.text(), Qt.TextElideMode.ElideRight, self.width()
            )
            painter.drawText(self.rect(), int(self.alignment()), shown)
            return
        area = self.contentsRect()
        step = self.fontMetrics().lineSpacing()
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for row, line in enumerate(self.shown()):
            painter.drawText(
                QRect(area.left(), area.top() + row * step, area.width(), step), flags, line
            )
