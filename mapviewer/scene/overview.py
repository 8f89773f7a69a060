"""The whole map in a few batched draw calls, for zoom levels where no label is readable.

Painting 5,000 concept items one Python call at a time costs over 100 ms; this item draws every
link with one ``drawLines`` and the concepts with one ``drawRects`` per kind, so a big map at fit
repaints in a few milliseconds.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from mapviewer.scene.style import KindStyle, Theme, mix


class OverviewItem(QGraphicsItem):
    """Draws cached rectangles and lines; the scene refreshes the cache when the map changes."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._bounds = QRectF()
        self._lines: list[QLineF] = []
        self._rects: list[tuple[QColor, QColor, list[QRectF]]] = []
        self._bars: list[QRectF] = []
        self._selected: list[QRectF] = []
        self._link_color = mix(theme.link, theme.canvas, 0.55)
        self._bar_color = mix(theme.text, theme.canvas, 0.35)
        self.setZValue(-1.0)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_content(
        self,
        nodes: list[tuple[QRectF, KindStyle]],
        lines: list[QLineF],
        bounds: QRectF,
    ) -> None:
        self.prepareGeometryChange()
        self._bounds = bounds.adjusted(-10, -10, 10, 10)
        self._lines = lines
        by_kind: dict[str, tuple[QColor, QColor, list[QRectF]]] = {}
        bars = []
        for rect, style in nodes:
            by_kind.setdefault(style.id, (style.fill, style.border, []))[2].append(rect)
            bar_h = min(rect.height() * 0.22, 9.0)
            bars.append(
                QRectF(
                    rect.left() + rect.width() * 0.15,
                    rect.center().y() - bar_h / 2,
                    rect.width() * 0.7,
                    bar_h,
                )
            )
        self._rects = list(by_kind.values())
        self._bars = bars
        self.update()

    def set_selected(self, rects: list[QRectF]) -> None:
        self._selected = rects
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never under the mouse: clicks go to the items or the canvas

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        # Opaque colours and a cosmetic pen wider than 1 take Qt's fast span filler: alpha-blended
        # or hairline (width 0) pens cost 5-12 times as much per pixel.
        pen = QPen(self._link_color, 1.2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawLines(self._lines)
        for fill, border, rects in self._rects:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill if lod > 0.08 else border)
            painter.drawRects(rects)
        if lod > 0.08:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._bar_color)
            painter.drawRects(self._bars)
        if self._selected:
            painter.setPen(QPen(self._theme.accent, 0))
            painter.setBrush(self._theme.accent)
            painter.drawRects(self._selected)
