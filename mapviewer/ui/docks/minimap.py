"""The overview dock: the whole map in miniature, with the main view's rectangle to drag around.

The miniature is drawn the way the scene's OverviewItem draws a big map — one ``drawRects`` per
kind and one ``drawLines`` — into a pixmap that is redrawn only when the map changes; following
the main view's pans and zooms repaints just the pixmap and a rectangle. Links take the course
the canvas gives them (curved or orthogonal round the boxes, Map > Links): the scene's own
``link_lines``, in scene units, kept until a concept moves, the routing changes or something
shows or hides, and drawn through a transform with a one-pixel pen (a resize redraws them
without asking the scene again).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLineF, QObject, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from mapviewer.scene.groupframe import GroupItem
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.mapview import STEP
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.scene.style import mix
from mapviewer.ui.signals import Wiring, wire
from mapviewer.ui.workspace import Workspace

PADDING = 8.0  # widget pixels kept free around the miniature
MIN_BOX = 2.0  # a concept is never drawn smaller than this many pixels
FRAME_TINT = 0.12  # of a frame's kind colour over the canvas (0.07 on the canvas, where it is big)


def _drawn_as_frame(item: NodeItem) -> bool:
    """A group drawn round its members; collapsed, a group is a box like any concept."""
    return isinstance(item, GroupItem) and item.frame is not None


FIRST_HEIGHT = 220  # pixels the dock takes when first shown


class Minimap(QWidget):
    """Draws the workspace's map small; a drag or click moves its view. It follows the scene
    the workspace holds, so another map or theme never leaves it drawing a deleted one."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.view = view = workspace.view
        self.setAccessibleName("Overview of the whole map")
        self.setToolTip("The whole map. Drag the rectangle, or click, to move the view.")
        self.setMinimumSize(120, 90)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._pixmap: QPixmap | None = None
        self._lines: list[QLineF] | None = None  # the shown links' courses, in scene units
        self._scale = 1.0
        self._origin = QPointF()  # scene point drawn at widget (0, 0)
        self._grab: QPointF | None = None  # where in the rectangle the mouse holds it
        self._connections: list[Wiring] = []
        view.scale_changed.connect(self._view_moved)
        view.horizontalScrollBar().valueChanged.connect(self._view_moved)
        view.verticalScrollBar().valueChanged.connect(self._view_moved)
        view.viewport().installEventFilter(self)  # a resized viewport shows more or less
        workspace.scene_replaced.connect(self.follow_scene)
        self.follow_scene()

    # --- following the map and the view ---------------------------------------------------------

    @property
    def scene(self) -> MapScene:
        return self.workspace.scene

    def follow_scene(self, *_: object) -> None:
        """Draw the current scene (after another map or theme replaced the old one)."""
        wire(self._connections, False)  # the old scene or document may be gone
        scene = self.scene
        document = scene.document
        self._connections = [
            *((signal, self.invalidate) for signal in document.content_signals(moves=True)),
            (document.routing_changed, self.invalidate),
            (scene.visibility_changed, self.invalidate),
            (scene.selectionChanged, self.update),
        ]
        wire(self._connections, True)
        self.invalidate()

    def invalidate(self, *_: object) -> None:
        """The map changed: redraw the miniature the next time it is painted."""
        self._pixmap = None
        self._lines = None
        self.update()

    def _view_moved(self, *_: object) -> None:
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.update()
        return False

    # --- geometry -------------------------------------------------------------------------------

    def _fit(self) -> None:
        bounds = self.scene.map_bounds()
        width = max(self.width() - 2 * PADDING, 1.0)
        height = max(self.height() - 2 * PADDING, 1.0)
        self._scale = min(width / max(bounds.width(), 1.0), height / max(bounds.height(), 1.0))
        # centre the miniature in the widget
        shown_w = bounds.width() * self._scale
        shown_h = bounds.height() * self._scale
        left = PADDING + (width - shown_w) / 2
        top = PADDING + (height - shown_h) / 2
        self._origin = QPointF(bounds.left() - left / self._scale, bounds.top() - top / self._scale)

    @property
    def scale(self) -> float:
        """Widget pixels per scene unit."""
        return self._scale

    def scene_to_widget(self, point: QPointF) -> QPointF:
        return (point - self._origin) * self._scale

    def widget_to_scene(self, point: QPointF) -> QPointF:
        return point / self._scale + self._origin

    def _scene_rect_to_widget(self, rect: QRectF) -> QRectF:
        return QRectF(self.scene_to_widget(rect.topLeft()), rect.size() * self._scale)

    def view_rect(self) -> QRectF:
        """The part of the map the main view shows, in this widget's pixels."""
        if self._pixmap is None:
            self._fit()
        visible = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        return self._scene_rect_to_widget(visible)

    # --- drawing --------------------------------------------------------------------------------

    def _render(self) -> QPixmap:
        """The miniature: links with one drawLines, concepts with one drawRects per kind."""
        self._fit()
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        scene = self.scene
        theme = scene.theme
        pixmap.fill(theme.canvas)
        painter = QPainter(pixmap)
        # Theme frames as the canvas draws them, a faint tint in an outline, under the links:
        # drawn in their kind's colour with the concepts, they were solid grey blocks over the
        # links inside them, the miniature unlike the map it stands for.
        frames = sorted(
            (i for i in scene.node_items.values() if i.shown and _drawn_as_frame(i)),
            key=lambda i: i.zValue(),
        )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for item in frames:
            outline = QPen(item.style.border, 1.0)
            outline.setCosmetic(True)
            painter.setPen(outline)
            painter.setBrush(mix(item.style.color, theme.canvas, FRAME_TINT))
            painter.drawRect(self._box(item))
        if self._lines is None:
            self._lines = [line for pieces in scene.link_lines().values() for line in pieces]
        scale, origin = self._scale, self._origin
        painter.save()
        painter.setTransform(
            QTransform(scale, 0, 0, scale, -origin.x() * scale, -origin.y() * scale), True
        )
        pen = QPen(mix(theme.link, theme.canvas, 0.5), 1.0)
        pen.setCosmetic(True)  # one pixel wide at any scale
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(pen)
        painter.drawLines(self._lines)
        painter.restore()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        by_kind: dict[str, list[QRectF]] = {}
        for item in scene.node_items.values():
            if item.shown and not _drawn_as_frame(item):
                by_kind.setdefault(item.style.id, []).append(self._box(item))
        for kind_id, rects in by_kind.items():
            painter.setBrush(scene.style_for(kind_id).color)
            painter.drawRects(rects)
        painter.end()
        return pixmap

    def _box(self, item: NodeItem) -> QRectF:
        centre = self.scene_to_widget(QPointF(item.cx, item.cy))
        width = max(2 * item.half_w * self._scale, MIN_BOX)
        height = max(2 * item.half_h * self._scale, MIN_BOX)
        return QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._pixmap is None or self._pixmap.deviceIndependentSize().toSize() != self.size():
            self._pixmap = self._render()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._pixmap)
        scene = self.scene
        accent = scene.theme.accent
        selected = [i for i in scene.selectedItems() if isinstance(i, NodeItem)]
        if selected:
            painter.setPen(QPen(accent.darker(130), 1.0))
            painter.setBrush(accent)
            painter.drawRects([self._box(i) for i in selected])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        frame = self.view_rect()
        veil = QPainterPath()
        veil.setFillRule(Qt.FillRule.OddEvenFill)
        veil.addRect(QRectF(self.rect()))
        veil.addRect(frame)
        shade = QColor(self.palette().color(QPalette.ColorRole.Text))
        shade.setAlphaF(0.10)
        painter.fillPath(veil, shade)
        painter.setPen(QPen(accent, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(frame.adjusted(0.8, 0.8, -0.8, -0.8))
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1.0))
        painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._pixmap = None

    def sizeHint(self) -> QSize:
        return QSize(240, 170)

    # --- moving the main view -------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        pos = event.position()
        frame = self.view_rect()
        # Holding the rectangle keeps the grip; clicking elsewhere centres the view there.
        self._grab = pos - frame.center() if frame.contains(pos) else QPointF()
        self._move_view_to(pos)
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._grab is not None:
            self._move_view_to(pos)
        else:
            over = self.view_rect().contains(pos)
            self.setCursor(
                Qt.CursorShape.OpenHandCursor if over else Qt.CursorShape.PointingHandCursor
            )
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._grab is not None:
            self._move_view_to(event.position())
            self._grab = None
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """The wheel zooms the main view about its centre."""
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.view.zoom_by(STEP**steps, self.view.viewport().rect().center())
        event.accept()

    def _move_view_to(self, pos: QPointF) -> None:
        centre = self.widget_to_scene(pos - (self._grab or QPointF()))
        self.view.fly_to(centre, self.view.zoom, animate=False)


class MinimapDock(QDockWidget):
    """The Overview dock of the main window."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Overview", parent)
        self.setObjectName("OverviewDock")
        self.minimap = Minimap(workspace, self)
        self.setWidget(self.minimap)
        self._sized = False
        self.visibilityChanged.connect(self._on_visibility)

    def _on_visibility(self, visible: bool) -> None:
        main = self.parentWidget()
        if visible and not self._sized and not self.isFloating() and isinstance(main, QMainWindow):
            self._sized = True  # first shown: tall enough to read, whatever the split gave it
            main.resizeDocks([self], [FIRST_HEIGHT], Qt.Orientation.Vertical)
