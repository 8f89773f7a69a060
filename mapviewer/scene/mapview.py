"""The viewport onto the map: pan by dragging or scrolling, zoom about the cursor, fit, fly to."""

from __future__ import annotations

from PySide6.QtCore import (
    QEasingCurve,
    QPoint,
    QPointF,
    QRectF,
    Qt,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import (
    QCursor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QFrame, QGraphicsView, QWidget

from mapviewer.scene.mapscene import MapScene

MIN_SCALE = 0.01
MAX_SCALE = 6.0
STEP = 1.25  # one wheel notch or key press
FIT_PADDING = 24  # screen pixels kept free around the map when fitting
READABLE_SCALE = 0.85  # flying to a concept zooms in at least this far so its label reads


class MapView(QGraphicsView):
    """A QGraphicsView with map navigation; knows nothing about the model."""

    scale_changed = Signal(float)

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Concept map")
        self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        self.painted = False  # set after the first frame, which --bench times
        # Until the user moves the camera, the map stays fitted as docks settle and windows resize.
        self.auto_fit = True
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._pan_start: QPoint | None = None
        self._panned = False
        self._animation = QVariantAnimation(self)
        self._animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._animation.valueChanged.connect(self._on_animation_step)
        self._from: tuple[QPointF, float] = (QPointF(), 1.0)
        self._to: tuple[QPointF, float] = (QPointF(), 1.0)

    def map_scene(self) -> MapScene:
        return self.scene()  # type: ignore[return-value]

    # --- camera ---------------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def center(self) -> QPointF:
        return self.mapToScene(self.viewport().rect().center())

    def set_camera(self, center: QPointF, scale: float) -> None:
        """Show ``center`` in the middle of the viewport at ``scale`` screen pixels per unit."""
        scale = max(MIN_SCALE, min(MAX_SCALE, scale))
        self.resetTransform()
        self.scale(scale, scale)
        self.centerOn(center)
        self.map_scene().set_view_scale(scale)
        self.scale_changed.emit(scale)

    def zoom_by(self, factor: float, anchor: QPoint | None = None) -> None:
        """Zoom keeping the scene point under ``anchor`` (viewport pixels) where it is."""
        self._animation.stop()
        self.auto_fit = False
        old = self.zoom
        new = max(MIN_SCALE, min(MAX_SCALE, old * factor))
        if new == old:
            return
        if anchor is None:
            anchor = self._cursor_or_centre()
        fixed = self.mapToScene(anchor)
        centre = self.center()
        ratio = old / new
        new_centre = fixed + (centre - fixed) * ratio
        self.set_camera(new_centre, new)

    def _cursor_or_centre(self) -> QPoint:
        pos = self.viewport().mapFromGlobal(QCursor.pos())
        if self.viewport().rect().contains(pos):
            return pos
        return self.viewport().rect().center()

    def fit_rect_camera(self, rect: QRectF, max_scale: float = 1.5) -> tuple[QPointF, float]:
        """The centre and scale that show ``rect`` whole, with a margin."""
        view = self.viewport().rect()
        width = max(view.width() - 2 * FIT_PADDING, 50)
        height = max(view.height() - 2 * FIT_PADDING, 50)
        scale = min(width / max(rect.width(), 1.0), height / max(rect.height(), 1.0), max_scale)
        return rect.center(), scale

    def fit_all(self, animate: bool = False) -> None:
        """Frame every visible concept; the view then keeps the map fitted until the user moves."""
        self.fly_to_rect(self.map_scene().map_bounds(), animate=animate)
        self.auto_fit = True

    def fly_to_rect(self, rect: QRectF, animate: bool = True, duration: int = 300) -> None:
        centre, scale = self.fit_rect_camera(rect)
        self.fly_to(centre, scale, animate=animate, duration=duration)

    def fly_to(
        self, centre: QPointF, scale: float, animate: bool = True, duration: int = 300
    ) -> None:
        """Move the camera, eased, so the eye can follow where it went."""
        self._animation.stop()
        self.auto_fit = False
        if not animate or not self.isVisible():
            self.set_camera(centre, scale)
            return
        self._from = (self.center(), self.zoom)
        self._to = (QPointF(centre), scale)
        self._animation.setDuration(duration)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.start()

    def is_animating(self) -> bool:
        return self._animation.state() == QVariantAnimation.State.Running

    def _on_animation_step(self, t: float) -> None:
        (c0, s0), (c1, s1) = self._from, self._to
        # Interpolate zoom geometrically so zooming in and out feel equally fast.
        scale = s0 * (s1 / s0) ** t
        self.set_camera(c0 + (c1 - c0) * t, scale)

    def reveal_node(self, node_id: str, animate: bool = True) -> None:
        """Centre a concept, zooming in far enough that its label can be read."""
        item = self.map_scene().node_items.get(node_id)
        if item is None:
            return
        scale = max(self.zoom, READABLE_SCALE)
        self.fly_to(QPointF(item.cx, item.cy), scale, animate=animate)

    def reveal_rect(self, rect: QRectF, animate: bool = True) -> None:
        centre, scale = self.fit_rect_camera(rect, max_scale=max(self.zoom, READABLE_SCALE))
        self.fly_to(centre, max(scale, min(self.zoom, 1.0)), animate=animate)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted = True

    # --- input ----------------------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:
        mods = event.modifiers()
        pixel = event.pixelDelta()
        angle = event.angleDelta()
        if not mods & Qt.KeyboardModifier.ControlModifier:
            if not pixel.isNull():  # trackpad two-finger scrolling pans, as in every canvas app
                self._scroll_by(-pixel.x(), -pixel.y())
                event.accept()
                return
            if mods & Qt.KeyboardModifier.ShiftModifier:  # Shift+wheel pans sideways
                self._scroll_by(-(angle.y() or angle.x()) // 2, 0)
                event.accept()
                return
        steps = angle.y() / 120.0
        if steps:
            self.zoom_by(STEP**steps, event.position().toPoint())
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.auto_fit and not self.is_animating():
            self.fit_all()

    def _scroll_by(self, dx: int, dy: int) -> None:
        self.auto_fit = False
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + dx)
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + dy)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        button = event.button()
        on_item = self.itemAt(event.position().toPoint()) is not None
        if button == Qt.MouseButton.MiddleButton or (
            button == Qt.MouseButton.LeftButton
            and not on_item
            and not event.modifiers()
            & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier)
        ):
            self._animation.stop()
            self._pan_start = event.position().toPoint()
            self._panned = False
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_start is not None:
            pos = event.position().toPoint()
            delta = pos - self._pan_start
            if delta.manhattanLength() >= QApplication.startDragDistance():
                self._panned = True
            if self._panned:
                self._pan_start = pos
                self._scroll_by(-delta.x(), -delta.y())
            event.accept()
            return
        over_item = self.itemAt(event.position().toPoint()) is not None
        if self.map_scene().overview_mode:
            over_item = (
                self.map_scene().node_at(self.mapToScene(event.position().toPoint())) is not None
            )
        self.viewport().setCursor(
            Qt.CursorShape.PointingHandCursor if over_item else Qt.CursorShape.OpenHandCursor
        )
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_start is not None:
            clicked = not self._panned and event.button() == Qt.MouseButton.LeftButton
            self._pan_start = None
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            if clicked:
                self._click_empty_or_overview(event.position().toPoint())
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def _click_empty_or_overview(self, pos: QPoint) -> None:
        scene = self.map_scene()
        node_id = scene.node_at(self.mapToScene(pos)) if scene.overview_mode else None
        if node_id is not None:
            scene.select("node", node_id)
        else:
            scene.clearSelection()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(STEP)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(1 / STEP)
        elif key == Qt.Key.Key_0:
            self.fit_all(animate=True)
        else:
            super().keyPressEvent(event)
            return
        event.accept()
