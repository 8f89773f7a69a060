"""Laying out label text once, so painting a frame only replays cached glyph runs."""

from __future__ import annotations

import html

from PySide6.QtCore import QPointF, QSizeF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QStaticText, QTextLayout, QTextOption


def _layout_width(text: str, font: QFont, width: float) -> tuple[int, float]:
    """Lines and widest line when ``text`` wraps at ``width``."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = 0
    widest = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        widest = max(widest, line.naturalTextWidth())
        lines += 1
    layout.endLayout()
    return lines, widest


def wrapped_text(text: str, font: QFont, max_width: float) -> tuple[QStaticText, QSizeF]:
    """A centred, plain-text label wrapped into balanced lines no wider than ``max_width``.

    Balanced means "Chimeric antigen receptor / T-cell therapy" rather than a full first line
    and an orphaned last word: the narrowest width that keeps the same number of lines.
    """
    metrics = QFontMetricsF(font)
    natural = metrics.horizontalAdvance(text)
    if natural <= max_width and "\n" not in text:
        width = natural
    else:
        lines, widest = _layout_width(text, font, max_width)
        low, high = max_width * 0.5, max_width
        if lines > 1:
            for _ in range(7):  # binary search for the narrowest width with as few lines
                mid = (low + high) / 2
                if _layout_width(text, font, mid)[0] <= lines:
                    high = mid
                else:
                    low = mid
            lines, widest = _layout_width(text, font, high)
        width = min(widest, max_width)
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)  # a label is never HTML
    option = QTextOption(Qt.AlignmentFlag.AlignHCenter)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    static.setTextOption(option)
    static.setTextWidth(width + 1.0)  # a hair of slack so the static layout breaks identically
    static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
    static.prepare(font=font)
    return static, QSizeF(width + 1.0, static.size().height())


def line_bars(text_size: QSizeF, font: QFont) -> list[tuple[float, float, float]]:
    """Stand-ins for label lines when text is too small to read: (y, width, height) each."""
    line = QFontMetricsF(font).lineSpacing()
    count = max(1, round(text_size.height() / line))
    bars = []
    for index in range(count):
        width = text_size.width() * (0.9 if index < count - 1 or count == 1 else 0.6)
        bars.append((index * line + line * 0.3, width, line * 0.45))
    return bars


def plain_tooltip(text: str) -> str:
    """Qt renders a tooltip as HTML when it merely looks like markup; escape it so it never is."""
    escaped = html.escape(text).replace("\n", "<br>")
    return f"<p style='white-space:pre-wrap'>{escaped}</p>"


def centred(size: QSizeF) -> QPointF:
    return QPointF(-size.width() / 2, -size.height() / 2)
