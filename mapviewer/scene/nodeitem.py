"""A concept on the canvas: its shape in its kind's colours and its wrapped label. Drawing only."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from mapviewer.scene.style import KindStyle, Theme, shape_padding, shape_path, shape_polygon
from mapviewer.scene.text import centred, line_bars, plain_tooltip, wrapped_text

if TYPE_CHECKING:
    from mapviewer.scene.edgeitem import EdgeItem

PAD_X = 12.0
PAD_Y = 8.0
MIN_WIDTH = 56.0
HALO = 5.0
# Below this many screen pixels of font height a label is unreadable: draw bars instead.
MIN_READABLE_PX = 4.5


class NodeItem(QGraphicsItem):
    """Paints one concept; the scene owns the mapping from concept id to item."""

    Type = QGraphicsItem.UserType + 1

    def __init__(self, node_id: str, label: str, style: KindStyle, theme: Theme) -> None:
        super().__init__()
        self.node_id = node_id
        self.edges: list[EdgeItem] = []
        self.emphasis = 0  # 0 normal, 1 highlighted (neighbour of the focus); set by the scene
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(1.0)
        self._hover = False
        self._theme = theme
        self._font = theme.node_font()
        self._font_px = self._font.pointSizeF() * 96 / 72
        self.set_label(label, style)

    def type(self) -> int:
        return NodeItem.Type

    # --- state the scene sets -------------------------------------------------------------------

    def set_label(self, label: str, style: KindStyle) -> None:
        """Lay the label out again and resize the box; edges follow through ``geometry_changed``."""
        self.prepareGeometryChange()
        self.label = label
        self.style = style
        self._text, text_size = wrapped_text(label or " ", self._font, self._theme.label_width)
        extra_x, extra_y = shape_padding(style.shape)
        width = max(MIN_WIDTH, text_size.width() + 2 * PAD_X + extra_x)
        height = text_size.height() + 2 * PAD_Y + extra_y
        self.rect = QRectF(-width / 2, -height / 2, width, height)
        self._text_pos = centred(text_size)
        self._text_size = text_size
        self._bars = line_bars(text_size, self._font)
        self._path = shape_path(style.shape, self.rect)
        self._polygon = shape_polygon(style.shape, self.rect)
        self._bounds = self.rect.adjusted(-HALO, -HALO, HALO, HALO)
        self._pen = QPen(style.border, self._theme.border_width)
        self._pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self._brush = QBrush(style.fill)
        self._text_color = style.text
        self.setToolTip(plain_tooltip(f"{label}\n{style.label}" if style.label else label))
        self.update()
        for edge in self.edges:
            edge.update_geometry()

    def set_emphasis(self, level: int) -> None:
        if level != self.emphasis:
            self.emphasis = level
            self.update()

    # --- QGraphicsItem overrides (Qt calls these exact names) -----------------------------------

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        accent = self._theme.accent
        if self.isSelected() or self._hover or self.emphasis:
            halo = QColor(accent)
            halo.setAlphaF(0.35 if self.isSelected() else 0.18)
            painter.setPen(QPen(halo, HALO * 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self._path)
        painter.setBrush(self._brush)
        if self.isSelected():
            pen = QPen(accent, self._theme.border_width * 1.6)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
        else:
            painter.setPen(self._pen)
        painter.drawPath(self._path)
        if lod * self._font_px >= MIN_READABLE_PX:
            painter.setPen(self._text_color)
            painter.setFont(self._font)
            painter.drawStaticText(self._text_pos, self._text)
        else:
            bar = QColor(self._text_color)
            bar.setAlphaF(0.45)
            left = self._text_pos.x()
            for y, width, height in self._bars:
                x = left + (self._text_size.width() - width) / 2
                painter.fillRect(QRectF(x, self._text_pos.y() + y, width, height), bar)

    def hoverEnterEvent(self, event) -> None:  # noqa: ANN001
        self._hover = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:  # noqa: ANN001
        self._hover = False
        self.update()
        super().hoverLeaveEvent(event)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.update_geometry()
        return super().itemChange(change, value)

    # --- geometry helpers for edges ---------------------------------------------------------------

    def boundary_point(self, toward: QPointF) -> QPointF:
        """Where the line from this concept's centre toward ``toward`` leaves its outline."""
        centre = self.pos()
        dx = toward.x() - centre.x()
        dy = toward.y() - centre.y()
        if dx == 0 and dy == 0:
            return QPointF(centre)
        t = min(self._exit_fraction(dx, dy), 1.0)
        return QPointF(centre.x() + dx * t, centre.y() + dy * t)

    def _exit_fraction(self, dx: float, dy: float) -> float:
        """The t at which centre + t*(dx, dy) crosses the outline, computed per shape family."""
        half_w = self.rect.width() / 2
        half_h = self.rect.height() / 2
        shape = self.style.shape
        if shape == "ellipse":
            return 1.0 / ((dx / half_w) ** 2 + (dy / half_h) ** 2) ** 0.5
        if self._polygon is not None:
            return _ray_polygon(dx, dy, self._polygon)
        t = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
        if shape == "pill":
            radius = half_h
            x = dx * t
            straight = half_w - radius
            if abs(x) > straight:  # the ray leaves through a round end: intersect that circle
                cx = math.copysign(straight, x)
                a = dx * dx + dy * dy
                b = -2 * cx * dx
                c = cx * cx - radius * radius
                disc = max(b * b - 4 * a * c, 0.0)
                t = (-b + math.sqrt(disc)) / (2 * a)
        return t


def _ray_polygon(dx: float, dy: float, polygon: list[QPointF]) -> float:
    """Smallest t > 0 where the ray from the origin along (dx, dy) meets the polygon's edges."""
    best = math.inf
    count = len(polygon)
    for i in range(count):
        p = polygon[i]
        q = polygon[(i + 1) % count]
        ex, ey = q.x() - p.x(), q.y() - p.y()
        denom = dx * ey - dy * ex
        if abs(denom) < 1e-12:
            continue
        t = (p.x() * ey - p.y() * ex) / denom
        u = (p.x() * dy - p.y() * dx) / denom
        if t > 0 and -1e-9 <= u <= 1 + 1e-9:
            best = min(best, t)
    return best if best < math.inf else 1.0
