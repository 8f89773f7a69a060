"""A link on the canvas: an arrow between two concepts with its linking phrase at the middle."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from mapviewer.scene.nodeitem import MIN_READABLE_PX, NodeItem
from mapviewer.scene.style import Theme
from mapviewer.scene.text import centred, plain_tooltip, wrapped_text

ARROW_LENGTH = 11.0
ARROW_WIDTH = 8.0
LABEL_PAD_X = 5.0
LABEL_PAD_Y = 2.0
HIT_WIDTH = 10.0  # links are thin; clicking within this many units of one selects it


class EdgeItem(QGraphicsItem):
    """Paints one link; follows its concepts whenever they move or change size."""

    Type = QGraphicsItem.UserType + 2

    def __init__(
        self, edge_id: str, source: NodeItem, target: NodeItem, label: str, theme: Theme
    ) -> None:
        super().__init__()
        self.edge_id = edge_id
        self.source = source
        self.target = target
        self.emphasis = 0
        self.bend = 0.0  # sideways offset of the curve's middle, for links sharing two concepts
        self._theme = theme
        self._font = theme.link_font()
        self._font_px = self._font.pointSizeF() * 96 / 72
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(0.0)
        self._hover = False
        self._path = QPainterPath()
        self._arrow = QPolygonF()
        self._label_rect = QRectF()
        self._bounds = QRectF()
        self._hit = QPainterPath()
        source.edges.append(self)
        if target is not source:
            target.edges.append(self)
        self.set_label(label)

    def type(self) -> int:
        return EdgeItem.Type

    def set_label(self, label: str) -> None:
        self.label = label
        if label:
            self._text, self._text_size = wrapped_text(label, self._font, 120.0)
        else:
            self._text, self._text_size = None, None
        self.setToolTip(
            plain_tooltip(f"{self.source.label} — {label or 'linked to'} → {self.target.label}")
        )
        self.update_geometry()

    def set_emphasis(self, level: int) -> None:
        if level != self.emphasis:
            self.emphasis = level
            self.update()

    # --- geometry -------------------------------------------------------------------------------

    def update_geometry(self) -> None:
        """Recompute the curve between the two outlines; called when either concept changes."""
        self.prepareGeometryChange()
        if self.source is self.target:
            self._loop_geometry()
        else:
            self._arc_geometry()
        if self._text is not None:
            mid = self._path.pointAtPercent(0.5)
            w = self._text_size.width() + 2 * LABEL_PAD_X
            h = self._text_size.height() + 2 * LABEL_PAD_Y
            self._label_rect = QRectF(mid.x() - w / 2, mid.y() - h / 2, w, h)
        else:
            self._label_rect = QRectF()
        stroker = QPainterPathStroker()
        stroker.setWidth(HIT_WIDTH)
        hit = stroker.createStroke(self._path)
        hit.addPolygon(self._arrow)
        if not self._label_rect.isNull():
            hit.addRect(self._label_rect)
        self._hit = hit
        self._bounds = hit.boundingRect().adjusted(-3, -3, 3, 3)

    def _arc_geometry(self) -> None:
        a = self.source.pos()
        b = self.target.pos()
        line = QLineF(a, b)
        if self.bend:
            normal = line.normalVector().unitVector()
            n = QPointF(normal.dx(), normal.dy())
            control = line.pointAt(0.5) + n * (2 * self.bend)
            start = self.source.boundary_point(control)
            end = self.target.boundary_point(control)
            path = QPainterPath(start)
            path.quadTo(control, end)
            tangent_from = path.pointAtPercent(0.96)
        else:
            start = self.source.boundary_point(b)
            end = self.target.boundary_point(a)
            path = QPainterPath(start)
            path.lineTo(end)
            tangent_from = start
        self._set_arrow(tangent_from, end)
        # The line stops at the arrow's base so its round cap never pokes through the tip.
        if not self.bend:
            direction = QLineF(end, start)
            if direction.length() > ARROW_LENGTH:
                direction.setLength(ARROW_LENGTH * 0.8)
                path = QPainterPath(start)
                path.lineTo(direction.p2())
        self._path = path

    def _loop_geometry(self) -> None:
        r = self.source.rect
        c = self.source.pos()
        top = c.y() + r.top()
        start = QPointF(c.x() + r.width() * 0.2, top)
        end = QPointF(c.x() - r.width() * 0.2, top)
        lift = 46.0
        path = QPainterPath(start)
        path.cubicTo(QPointF(start.x() + 30, top - lift), QPointF(end.x() - 30, top - lift), end)
        self._path = path
        self._set_arrow(path.pointAtPercent(0.95), end)

    def _set_arrow(self, tail: QPointF, tip: QPointF) -> None:
        angle = math.atan2(tip.y() - tail.y(), tip.x() - tail.x())
        back = QPointF(math.cos(angle), math.sin(angle)) * ARROW_LENGTH
        side = QPointF(-math.sin(angle), math.cos(angle)) * (ARROW_WIDTH / 2)
        base = tip - back
        self._arrow = QPolygonF([tip, base + side, base - side])

    # --- QGraphicsItem overrides ---------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._hit

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        theme = self._theme
        strong = self.isSelected() or self._hover or self.emphasis
        color = QColor(theme.accent) if strong else theme.link
        width = theme.link_width * (2.0 if self.isSelected() else 1.5 if strong else 1.0)
        pen = QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(color))
        painter.drawPolygon(self._arrow)
        if self._text is None:
            return
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod * self._font_px < MIN_READABLE_PX:
            return
        background = QColor(theme.canvas)
        background.setAlphaF(0.92)
        painter.setBrush(background)
        if strong:
            painter.setPen(QPen(color, 1.0))
        painter.drawRoundedRect(self._label_rect, 4, 4)
        painter.setPen(color if strong else theme.link_label)
        painter.setFont(self._font)
        painter.drawStaticText(self._label_rect.center() + centred(self._text_size), self._text)

    def hoverEnterEvent(self, event) -> None:  # noqa: ANN001
        self._hover = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:  # noqa: ANN001
        self._hover = False
        self.update()
        super().hoverLeaveEvent(event)
