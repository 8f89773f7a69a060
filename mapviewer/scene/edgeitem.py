"""A link on the canvas: the geometry of an arrow between two concepts and its linking phrase.

Link items never paint themselves (``ItemHasNoContents``): the LinkLayer draws every visible
link in one pass, which saves a Python call per link per frame. The item still takes part in
hit testing, selection and hover through the stroked outline it hands to QGraphicsPathItem, all
in C++.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QColor, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsSceneHoverEvent

from mapviewer.scene.gridindex import GridIndex
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.scene.style import Theme
from mapviewer.scene.text import LabelText, shared_label

ARROW_LENGTH = 11.0
ARROW_WIDTH = 8.0
LABEL_PAD_X = 5.0
LABEL_PAD_Y = 2.0
LABEL_WIDTH = 120.0
HIT_WIDTH = 10.0  # links are thin; a click within this many units of one selects it
_HIT_PEN = QPen(QColor(0, 0, 0, 0), HIT_WIDTH)


class EdgeItem(QGraphicsPathItem):
    """One link's geometry and state; drawn by the scene's LinkLayer."""

    Type = QGraphicsItem.UserType + 2  # type: ignore[attr-defined]  # missing from the stubs

    def __init__(
        self, edge_id: str, source: NodeItem, target: NodeItem, label: str, theme: Theme
    ) -> None:
        super().__init__()
        self.edge_id = edge_id
        self.source = source
        self.target = target
        self.emphasis = 0
        self.hovered = False
        self.shown = True  # not filtered out (by kind, source or focus); kept by the scene
        self.dimmed = False  # drawn faint by the link layer; set by the scene
        self.bend = 0.0  # sideways offset of the curve's middle, for links sharing two concepts
        self._theme = theme
        self.index: GridIndex[EdgeItem] | None = None  # where the link layer finds it to paint
        self.layer: QGraphicsItem | None = None  # the layer that draws it
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
        )
        self.setAcceptHoverEvents(True)
        self.setPen(_HIT_PEN)
        self.curve = QPainterPath()
        self.line: QLineF | None = None  # set when the link is straight: drawn in a batch
        self.arrow = QPolygonF()
        self.label_rect = QRectF()
        source.edges.append(self)
        if target is not source:
            target.edges.append(self)
        self.set_label(label)

    def type(self) -> int:
        return EdgeItem.Type

    def set_label(self, label: str) -> None:
        self.label = label
        self.text: LabelText | None = (
            shared_label(label, self._theme.link_font, LABEL_WIDTH) if label else None
        )
        self.update_geometry()

    def set_emphasis(self, level: int) -> None:
        if level != self.emphasis:
            self.emphasis = level
            self._refresh()

    def set_dimmed(self, dimmed: bool) -> None:
        if dimmed != self.dimmed:
            self.dimmed = dimmed
            self._refresh()

    def _refresh(self, area: QRectF | None = None) -> None:
        """Repaint this link: the layer draws it, so the layer is told, for the link's area."""
        if self.layer is not None and self.scene() is not None:
            self.layer.update(area if area is not None else self.sceneBoundingRect())

    # --- geometry -------------------------------------------------------------------------------

    def update_geometry(self) -> None:
        """Recompute the curve between the two outlines; called when either concept changes."""
        old = self.sceneBoundingRect() if self.scene() is not None else None
        if self.source is self.target:
            mid = self._loop_geometry()
        elif self.bend:
            mid = self._bent_geometry()
        else:
            mid = self._straight_geometry()
        outline = QPainterPath(self.curve)
        outline.addPolygon(self.arrow)
        if self.text is not None:
            w = self.text.size.width() + 2 * LABEL_PAD_X
            h = self.text.size.height() + 2 * LABEL_PAD_Y
            self.label_rect = QRectF(mid[0] - w / 2, mid[1] - h / 2, w, h)
            outline.addRect(self.label_rect)
        else:
            self.label_rect = QRectF()
        self.setPath(outline)
        if self.index is not None:
            self.index.set(self, self.sceneBoundingRect(), self.line)
        if old is not None:
            self._refresh(old.united(self.sceneBoundingRect()))

    def _straight_geometry(self) -> tuple[float, float]:
        source, target = self.source, self.target
        sx, sy = source.boundary_xy(target.cx, target.cy)
        ex, ey = target.boundary_xy(source.cx, source.cy)
        self._set_arrow(sx, sy, ex, ey)
        # The line stops inside the arrowhead so its round cap never pokes past the tip.
        dx, dy = sx - ex, sy - ey
        length = math.hypot(dx, dy)
        if length > ARROW_LENGTH:
            ex += dx / length * ARROW_LENGTH * 0.8
            ey += dy / length * ARROW_LENGTH * 0.8
        start, end = QPointF(sx, sy), QPointF(ex, ey)
        self.line = QLineF(start, end)
        path = QPainterPath(start)
        path.lineTo(end)
        self.curve = path
        return (sx + ex) / 2, (sy + ey) / 2

    def _bent_geometry(self) -> tuple[float, float]:
        source, target = self.source, self.target
        dx, dy = target.cx - source.cx, target.cy - source.cy
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length, dx / length  # the left-hand normal of source -> target
        cx = (source.cx + target.cx) / 2 + nx * 2 * self.bend
        cy = (source.cy + target.cy) / 2 + ny * 2 * self.bend
        start = QPointF(*source.boundary_xy(cx, cy))
        end = QPointF(*target.boundary_xy(cx, cy))
        path = QPainterPath(start)
        path.quadTo(QPointF(cx, cy), end)
        tail = path.pointAtPercent(0.96)
        self._set_arrow(tail.x(), tail.y(), end.x(), end.y())
        self.curve = path
        self.line = None
        mid = path.pointAtPercent(0.5)
        return mid.x(), mid.y()

    def _loop_geometry(self) -> tuple[float, float]:
        node = self.source
        top = node.cy + node.box.top()
        half = node.box.width() * 0.2
        start = QPointF(node.cx + half, top)
        end = QPointF(node.cx - half, top)
        lift = 46.0
        path = QPainterPath(start)
        path.cubicTo(QPointF(start.x() + 30, top - lift), QPointF(end.x() - 30, top - lift), end)
        self.curve = path
        self.line = None
        tail = path.pointAtPercent(0.95)
        self._set_arrow(tail.x(), tail.y(), end.x(), end.y())
        mid = path.pointAtPercent(0.5)
        return mid.x(), mid.y()

    def _set_arrow(self, fx: float, fy: float, tx: float, ty: float) -> None:
        """An arrowhead with its tip at (tx, ty), pointing away from (fx, fy)."""
        angle = math.atan2(ty - fy, tx - fx)
        cos, sin = math.cos(angle), math.sin(angle)
        bx, by = tx - cos * ARROW_LENGTH, ty - sin * ARROW_LENGTH
        sx, sy = -sin * ARROW_WIDTH / 2, cos * ARROW_WIDTH / 2
        self.arrow = QPolygonF(
            [QPointF(tx, ty), QPointF(bx + sx, by + sy), QPointF(bx - sx, by - sy)]
        )

    # --- hover ----------------------------------------------------------------------------------

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.hovered = True
        self._refresh()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.hovered = False
        self._refresh()
        super().hoverLeaveEvent(event)


def is_strong(item: EdgeItem) -> bool:
    """Drawn in the accent colour: selected, hovered or emphasised by the scene."""
    return item.isSelected() or item.hovered or bool(item.emphasis)
