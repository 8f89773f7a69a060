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

# A link's own colour, faded less than the theme's grey so the links someone coloured stand out.
OWN_COLOUR_FADE = 0.3
# Dash patterns of 1.2-pixel cosmetic lines, in pen widths: the map far away still shows them.
OVERVIEW_DASHES = {"dash": [4.0, 3.0], "dot": [1.0, 2.5], "dashdot": [4.0, 2.5, 1.0, 2.5]}
LineStyle = tuple[str | None, str]  # a link's own colour "#RRGGBB" (None: the theme's) and dash


class OverviewItem(QGraphicsItem):
    """Draws cached rectangles and lines; the scene refreshes the cache when the map changes."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._bounds = QRectF()
        self._lines: list[tuple[QPen, list[QLineF]]] = []
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
        lines: dict[LineStyle, list[QLineF]],
        bounds: QRectF,
    ) -> None:
        """``lines``: the links as straight pieces (a routed link gives several), by style."""
        self.prepareGeometryChange()
        self._bounds = bounds.adjusted(-10, -10, 10, 10)
        self._lines = [(self._pen(color, dash), pieces) for (color, dash), pieces in lines.items()]
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

    def _pen(self, color: str | None, dash: str) -> QPen:
        """Opaque colours and a cosmetic pen wider than 1 take Qt's fast span filler: alpha-
        blended or hairline (width 0) pens cost 5-12 times as much per pixel."""
        shade = (
            self._link_color
            if color is None
            else mix(QColor(color), self._theme.canvas, OWN_COLOUR_FADE)
        )
        pen = QPen(shade, 1.2)
        pen.setCosmetic(True)
        pattern = OVERVIEW_DASHES.get(dash)
        if pattern is not None:
            pen.setDashPattern(pattern)
        return pen

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
        for pen, lines in self._lines:
            painter.setPen(pen)
            painter.drawLines(lines)
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
