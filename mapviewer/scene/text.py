"""Label text: measured by mapviewer.boxes, laid out for drawing only when first drawn.

Most labels of a big map are never drawn at a readable size, so their QStaticText waits until
they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QPainter, QStaticText

from mapviewer.boxes import break_lines, font_info


@dataclass(eq=False)
class LabelText:
    """A label broken into lines, with each line's width and the block's size.

    Line breaks come from cached word widths (boxes.break_lines), not Qt's text layout, so
    measuring a label costs a few dictionary lookups; each line is drawn as its own unwrapped
    QStaticText, built the first time the label is drawn at a readable size.
    """

    lines: list[str]
    widths: list[float]
    line_height: float
    size: QSizeF
    _statics: list[QStaticText] | None = field(default=None, repr=False)
    _bars: tuple[QRectF, ...] | None = field(default=None, repr=False)

    def draw(self, painter: QPainter, top_left: QPointF) -> None:
        if self._statics is None:
            self._statics = [_static(line) for line in self.lines]
        centre = top_left.x() + self.size.width() / 2
        y = top_left.y()
        for static, width in zip(self._statics, self.widths, strict=True):
            painter.drawStaticText(QPointF(centre - width / 2, y), static)
            y += self.line_height

    def bars(self) -> tuple[QRectF, ...]:
        """Stand-ins for the lines when text is too small to read, relative to the top left.
        Worked out once: every concept too small to read drew them anew each frame of a zoom
        (148 a frame on the default map in full HD). Callers draw them moved, never change them."""
        if self._bars is None:
            self._bars = tuple(self._bars_now())
        return self._bars

    def _bars_now(self) -> list[QRectF]:
        rects = []
        for index, width in enumerate(self.widths):
            top = index * self.line_height + self.line_height * 0.3
            left = (self.size.width() - width) / 2
            rects.append(QRectF(left, top, width, self.line_height * 0.45))
        return rects


def _static(line: str) -> QStaticText:
    static = QStaticText(line)
    static.setTextFormat(Qt.TextFormat.PlainText)  # a label is never HTML
    static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
    return static


_SHARED: dict[tuple[str, str, float], LabelText] = {}


# Enough for every distinct label of a 100k-concept map (57,608 in the benchmark's) and its
# linking phrases; past it the cache starts again rather than grow without end.
_SHARED_LIMIT = 250_000


def shared_label(text: str, font: QFont, max_width: float) -> LabelText:
    """``layout_label`` for texts that repeat, such as linking phrases and concept labels: laid
    out once, shared (a LabelText is never changed once made; it only keeps what it drew)."""
    key = (font_info(font)[1], text, max_width)
    found = _SHARED.get(key)
    if found is None:
        if len(_SHARED) > _SHARED_LIMIT:
            _SHARED.clear()
        found = _SHARED[key] = layout_label(text, font, max_width)
    return found


def layout_label(text: str, font: QFont, max_width: float) -> LabelText:
    """``text`` in balanced lines no wider than ``max_width`` (see boxes.break_lines)."""
    block = break_lines(text, font, max_width)
    size = QSizeF(block.width, block.height)
    return LabelText(block.lines, block.widths, block.line_height, size)


def plain_tooltip(text: str) -> str:
    """Qt renders a tooltip as HTML when it merely looks like markup; escape it so it never is."""
    import html  # noqa: PLC0415 - only when a tooltip is shown

    escaped = html.escape(text).replace("\n", "<br>")
    return f"<p style='white-space:pre-wrap'>{escaped}</p>"


def centred(size: QSizeF) -> QPointF:
    return QPointF(-size.width() / 2, -size.height() / 2)
