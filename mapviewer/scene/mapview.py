"""The viewport onto the map: pan by dragging or scrolling, zoom about the cursor, fit, fly to."""

from __future__ import annotations

import math
from typing import ClassVar

from PySide6.QtCore import (
    QEasingCurve,
    QPoint,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import (
    QContextMenuEvent,
    QCursor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QRegion,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsLineItem,
    QGraphicsView,
    QRubberBand,
    QStyleOptionGraphicsItem,
    QStyleOptionRubberBand,
    QWidget,
)

from mapviewer.model import spoken_sentence
from mapviewer.scene.bundles import Bundle
from mapviewer.scene.edgeitem import BEND_HANDLE_PX, BEND_HANDLES_FROM, EdgeItem
from mapviewer.scene.hubnames import HubNames, wanted
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.nodeitem import HANDLE_RADIUS, NodeItem, update_links
from mapviewer.scene.picture import PICTURE_SUFFIXES

MIN_SCALE = 0.01
MAX_SCALE = 6.0
STEP = 1.25  # one wheel notch or key press
FIT_PADDING = 24  # screen pixels kept free around the map when fitting
READABLE_SCALE = 0.85  # flying to a concept zooms in at least this far so its label reads
SETTLE_MS = 150  # a zoom has stopped when the scale has not changed for this long
NUDGE = 10.0  # scene units a concept moves for Ctrl+arrow (Ctrl+Shift+arrow: 1)


class MapView(QGraphicsView):
    """A QGraphicsView with map navigation; knows nothing about the model."""

    scale_changed = Signal(float)
    first_frame = Signal()  # emitted once, after the first paint
    # Gestures, for whoever turns them into edits (the view itself never edits the map):
    canvas_double_clicked = Signal(QPointF)  # scene position
    item_activated = Signal(str, str)  # double-click on ("node" | "edge", id)
    nodes_dragged = Signal(dict, dict)  # new centres, old centres
    bend_dragged = Signal(str, list)  # a link's id and its bends, one of them dragged
    bend_removed = Signal(str, int)  # a link's id and which bend's handle was double-clicked
    nudge_requested = Signal(float, float)  # Ctrl(+Shift)+arrow: move the selection by
    connect_requested = Signal(str, str, QPointF)  # from, to ("" = new concept at the point)
    picture_dropped = Signal(str, str)  # a concept's id, the picture file dropped on it
    context_menu_requested = Signal(QPoint, QPointF)  # global position, scene position
    navigate_requested = Signal(str, str)  # keyboard: go to this concept
    details_requested = Signal()  # Enter on the current concept
    history_requested = Signal(int)  # mouse back (-1) / forward (+1) buttons

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        # A big map makes its link items where a closer look goes (MapScene.show_region): asked
        # once the camera stops changing within one turn of the event loop.
        self._region = QTimer(self)
        self._region.setSingleShot(True)
        self._region.setInterval(0)
        self._region.timeout.connect(self._show_region)
        self._picture_drag = False  # a picture file dragged over, kept from the scene
        scene.current_changed.connect(self._on_current)
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
        self.hub_names = HubNames()  # readable names of the main concepts when zoomed far out
        # While the view moves the names ride with their concepts; this long after its last
        # move they are chosen again (HubNames.follow).
        self._names_rest = QTimer(self)
        self._names_rest.setSingleShot(True)
        self._names_rest.setInterval(SETTLE_MS)
        self._names_rest.timeout.connect(self._names_at_rest)
        self._names_due = False
        self._dragging: NodeItem | None = None
        self._moved = False
        self._drag_origin = QPointF()
        self._drag_items: list[NodeItem] = []
        self._drag_start: dict[str, tuple[float, float]] = {}
        self._connect_from: NodeItem | None = None
        self._connect_target: NodeItem | None = None
        self._connect_line: QGraphicsLineItem | None = None
        self._ring_centre = ""  # Tab walks round this concept's neighbours...
        self._ring_last = ""  # ...and this is where it last stopped
        self._click_target: tuple[str, str] | None = None  # what a click selects on release
        self._click_bundle: Bundle | None = None  # a bundle a click shows on release
        self._pressed_node = False  # the press being handled landed on a concept
        # A bend handle's drag under way: the link, which bend, its bends as they were.
        self._bend_drag: tuple[EdgeItem, int, list[tuple[float, float]]] | None = None
        self._bend_moved = False
        # Until the user moves the camera, the map stays fitted as docks settle and windows resize.
        self.auto_fit = True
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._pan_start: QPoint | None = None
        self._panned = False
        self._zoom_anchor: tuple[QPoint, QPointF] | None = None  # see _anchored_point
        self._animation = QVariantAnimation(self)
        self._animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._animation.valueChanged.connect(self._on_animation_step)
        self._animation.finished.connect(self._names_at_rest)  # a flight's end: chosen at once
        self._from: tuple[QPointF, float] = (QPointF(), 1.0)
        self._to: tuple[QPointF, float] = (QPointF(), 1.0)
        # Zoomed out, a sharp overview follows this long after the scale last changed.
        self._overview_scale = 0.0
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.viewport().update)

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
        self._region.start()

    def _show_region(self) -> None:
        scene = self.map_scene()
        if scene.links_by_region and not scene.overview_mode:
            scene.show_region(self.mapToScene(self.viewport().rect()).boundingRect())

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
        fixed = self._anchored_point(anchor, old)
        centre = self.center()
        ratio = old / new
        new_centre = fixed + (centre - fixed) * ratio
        self.set_camera(new_centre, new)
        # Scroll bars move in whole pixels: put the point back under the anchor exactly.
        miss = self.mapFromScene(fixed) - anchor
        if miss.x():
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + miss.x())
        if miss.y():
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + miss.y())

    def _anchored_point(self, anchor: QPoint, zoom: float) -> QPointF:
        """The scene point under ``anchor``. Wheel notches in a row at the same pointer keep the
        point of the first one: read afresh each time, a pixel's rounding per notch added up to
        the concept under the pointer creeping ~15 px away in eight notches."""
        here = self.mapToScene(anchor)
        last = self._zoom_anchor
        if last is not None and last[0] == anchor:
            before = last[1]
            if (
                abs(here.x() - before.x()) * zoom <= 1.5
                and abs(here.y() - before.y()) * zoom <= 1.5
            ):
                here = before
        self._zoom_anchor = (QPoint(anchor), QPointF(here))
        return here

    def _cursor_or_centre(self) -> QPoint:
        pos = self.viewport().mapFromGlobal(QCursor.pos())
        if self.viewport().rect().contains(pos):
            return pos
        return self.viewport().rect().center()

    def fit_room(self) -> tuple[int, int]:
        """The screen pixels a fit fills, inside the margin: what an arrangement made to be
        framed whole (View > Focus) must fit at the scale it is to be read at."""
        view = self.viewport().rect()
        return max(view.width() - 2 * FIT_PADDING, 50), max(view.height() - 2 * FIT_PADDING, 50)

    def fit_rect_camera(self, rect: QRectF, max_scale: float = 1.5) -> tuple[QPointF, float]:
        """The centre and scale that show ``rect`` whole, with a margin."""
        width, height = self.fit_room()
        scale = min(width / max(rect.width(), 1.0), height / max(rect.height(), 1.0), max_scale)
        return rect.center(), scale

    def fit_all(self, animate: bool = False) -> None:
        """Frame every visible concept; the view then keeps the map fitted until the user moves."""
        self.map_scene().flush_geometry()  # the heading stands over the bounds as they are now
        self.fly_to_rect(self.map_scene().picture_bounds(), animate=animate)
        self.auto_fit = True

    def fly_to_rect(self, rect: QRectF, animate: bool = True, duration: int = 300) -> None:
        # The scene rectangle follows edits a turn of the event loop later; the view cannot be
        # centred past it, so a fit just after a concept moved out left it half off screen.
        self.map_scene().flush_geometry()
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
        item = self.map_scene().node_item(node_id)
        if item is None:
            return
        scale = max(self.zoom, READABLE_SCALE)
        self.fly_to(QPointF(item.cx, item.cy), scale, animate=animate)

    def reveal_rect(self, rect: QRectF, animate: bool = True) -> None:
        centre, scale = self.fit_rect_camera(rect, max_scale=max(self.zoom, READABLE_SCALE))
        self.fly_to(centre, max(scale, min(self.zoom, 1.0)), animate=animate)

    def _place_names(self, scene: MapScene, size: QSize) -> bool:
        """The names for this frame: chosen again, or, while only the view moves (a pan, a
        wheel's zoom, a flight), those chosen before riding with their concepts until it rests."""
        names, transform = self.hub_names, self.viewportTransform()
        due, self._names_due = self._names_due, False
        if (
            not due
            and names.view_moved(scene, transform, size)
            and wanted(scene.label_px(), transform.m11())
        ):
            names.follow(transform)
            self._names_rest.start()
            return False
        return names.place(scene, transform, size)

    def _names_at_rest(self) -> None:
        self._names_due = True
        self.viewport().update()

    def names_settled(self) -> bool:
        """The names drawn were chosen for the view as it is, not riding a move of it."""
        scene, size = self.map_scene(), self.viewport().size()
        chosen = self.hub_names.chosen_for(scene, self.viewportTransform(), size)
        return chosen and not (self._names_rest.isActive() or self._names_due)

    def paintEvent(self, event: QPaintEvent) -> None:
        viewport = self.viewport()
        scene = self.scene()
        changed = False
        if self.painted and isinstance(scene, MapScene):
            # The names first: the bundles' counts, painted with the map, keep clear of them.
            changed = self._place_names(scene, viewport.size())
        if isinstance(scene, MapScene) and scene.overview_mode:
            self._paint_overview(event, scene)
        elif isinstance(scene, MapScene):
            riding = self.painted and self.hub_names.riding()
            with self.hub_names.kept_clear(scene, self.viewportTransform(), riding):
                super().paintEvent(event)
        else:
            super().paintEvent(event)
        if not self.painted:
            # The names of the main concepts (scene/hubnames.py) follow in the next frame: the
            # first frame of the default map is the map as fast as it can come (5 ms sooner).
            self.painted = True
            self.first_frame.emit()
            if isinstance(scene, MapScene) and wanted(scene.label_px(), self.zoom):
                viewport.update()
        elif changed and not QRegion(viewport.rect()).subtracted(event.region()).isEmpty():
            viewport.update()  # names came or went outside the part painted now (a pan)
        focused = self.hasFocus()
        if not (self.hub_names.placed or focused):
            return
        painter = QPainter(viewport)
        self.hub_names.draw(painter)
        if focused:  # a visible keyboard focus, as every other control has
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 3)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(viewport.rect().adjusted(1, 1, -2, -2))
        painter.end()

    def _paint_overview(self, event: QPaintEvent, scene: MapScene) -> None:
        """The zoomed-out frame without Qt's item walk: the canvas, the overview's picture and
        the few other items (scene.overlay_items). Qt would first ask its index for every item
        under the viewport and sort them, 90-200 ms on a 20k map, to draw none of them (the
        concepts are veiled, the links drawn by the overview). While the scale keeps changing
        (a zoom) the overview's last picture is drawn scaled, and a sharp one follows
        SETTLE_MS after the last step."""
        viewport = self.viewport()
        transform = self.viewportTransform()
        scale = transform.m11()
        if scale != self._overview_scale:
            self._overview_scale = scale
            self._settle.start()
        painter = QPainter(viewport)
        painter.setClipRegion(event.region())
        painter.fillRect(event.rect(), scene.backgroundBrush())
        sharp = not self._settle.isActive()
        if not scene.overview.draw_on_view(painter, transform, viewport.rect(), sharp):
            self._settle.start()
        painter.setRenderHints(self.renderHints())
        option = QStyleOptionGraphicsItem()
        for item in scene.overlay_items():
            painter.setTransform(item.sceneTransform() * transform)
            option.exposedRect = item.boundingRect()
            item.paint(painter, option, viewport)
        band = self.rubberBandRect()
        if not band.isEmpty():  # Shift+drag's rectangle, as QGraphicsView draws it
            painter.resetTransform()
            look = QStyleOptionRubberBand()
            look.initFrom(viewport)
            look.rect = band
            look.shape = QRubberBand.Shape.Rectangle
            # Qt's QStyle takes ~10 ms to set up: the first frame has no rubber band.
            from PySide6.QtWidgets import QStyle  # noqa: PLC0415

            viewport.style().drawControl(
                QStyle.ControlElement.CE_RubberBand, look, painter, viewport
            )
        painter.end()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """Qt scrolls by copying the viewport's pixels, the focus frame painted over them too:
        every pan, and the jump after a new map's first concept or an undone layout, left
        copies of its blue lines across the map. Where the frame was copied to repaints."""
        super().scrollContentsBy(dx, dy)
        self._region.start()
        if (dx or dy) and self.hasFocus():
            rect = self.viewport().rect()
            band = QRegion(rect).subtracted(QRegion(rect.adjusted(4, 4, -4, -4)))
            self.viewport().update(band.translated(dx, dy))

    def setScene(self, scene: MapScene) -> None:  # type: ignore[override]
        super().setScene(scene)
        self._region.start()
        scene.current_changed.connect(self._on_current)
        self._on_current(*scene.current)

    def _on_current(self, kind: str, ident: str) -> None:
        if ident != self._ring_last:  # chosen otherwise than by Tab: Tab rings round it next
            self._ring_centre = self._ring_last = ""
        self._describe_current(kind, ident)

    def _describe_current(self, kind: str, ident: str) -> None:
        """What a screen reader says the canvas holds: the map, and the current concept."""
        scene = self.map_scene()
        doc = scene.document
        text = f"{doc.title}: {len(doc.cmap.nodes)} concepts, {len(doc.cmap.edges)} links."
        if kind == "node" and ident in doc.nodes:
            node = doc.nodes[ident]
            links = len(doc.edges_of(ident))
            text = f"Selected concept {node.label}, {doc.kind_label(node.kind)}, {links} links. "
            text += "Enter reads its details; arrow keys follow its links."
        elif kind == "edge" and ident in doc.edges:
            edge = doc.edges[ident]
            text = f"Selected link: {spoken_sentence(doc.cmap.labels(), edge)}."
        self.setAccessibleDescription(text)

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
        self._region.start()
        if self.auto_fit and not self.is_animating():
            self.fit_all()

    def _scroll_by(self, dx: int, dy: int) -> None:
        self.auto_fit = False
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + dx)
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + dy)

    # --- files dragged in -----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Files dropped on the map open in the window, as on any other part of it. Qt's view
        would hand the drag to the scene, which accepts the enter but, with no item taking
        drops, refuses every move, so the drop never came. Left ignored, the enter travels up
        to the window, which then receives the move and the drop and opens the file."""
        self._picture_drag = _picture_file(event) is not None
        if self._picture_drag:  # taken here: dropped on a concept, its picture
            event.acceptProposedAction()
            return
        urls = event.mimeData().urls()
        if urls and all(url.isLocalFile() for url in urls):
            event.ignore()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """A picture file is taken only over a concept, which the pointer then says."""
        if _picture_file(event) is None:
            super().dragMoveEvent(event)
        elif self._node_under(event.position().toPoint()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        if self._picture_drag:  # the scene was never told of this drag (Qt warns)
            self._picture_drag = False
            return
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._picture_drag = False
        path = _picture_file(event)
        if path is None:
            super().dropEvent(event)
            return
        node = self._node_under(event.position().toPoint())
        if node is None:
            event.ignore()
            return
        event.acceptProposedAction()
        # Set after the drop returns, so a message about the file does not block the drag.
        node_id = node.node_id
        QTimer.singleShot(0, lambda: self.picture_dropped.emit(node_id, path))

    # --- mouse gestures: pan, move, connect, rubber band, double-click ---------------------------

    def _node_under(self, pos: QPoint) -> NodeItem | None:
        scene = self.map_scene()
        if self.painted and self.hub_names.place(
            scene, self.viewportTransform(), self.viewport().size()
        ):
            # The names are placed as a frame paints; a click that comes after the view moved
            # but before its next frame (a busy machine, the end of a flight) had hit the names
            # of the frame before: a click on T cells at 0.85 selected Cancer cells, whose name
            # had stood there while zoomed out.
            self.viewport().update()
        named = self.hub_names.node_at(QPointF(pos))
        if named is not None:  # the name drawn over the map stands for its concept
            return named
        if scene.overview_mode:
            node_id = scene.node_at(self.mapToScene(pos))
            return scene.node_item(node_id) if node_id else None
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def _on_handle(self, node: NodeItem, pos: QPoint) -> bool:
        if not node.handle_visible():
            return False
        centre = self.mapFromScene(node.handle_centre())
        reach = max(HANDLE_RADIUS * self.zoom, 6) + 3
        return (QPointF(centre) - QPointF(pos)).manhattanLength() <= reach * 1.4

    def _bundle_under(self, pos: QPoint) -> Bundle | None:
        scene = self.map_scene()
        return scene.link_layer.bundle_at(self.mapToScene(pos), self.zoom)

    def _bundle_text(self, bundle: Bundle) -> str:
        """What the pointer on a bundle says: how many links, between what, and what a click
        does."""
        items = self.map_scene().node_items
        first, second = (items[end].label if end in items else end for end in bundle.ends)
        return f"{bundle.count} links between {first} and {second}: click to show them"

    def _show_bundle(self, bundle: Bundle) -> None:
        """Select the bundle's links (drawn each on its own, lit) and frame its two ends."""
        scene = self.map_scene()
        scene.select_many((), bundle.links)
        rect = QRectF()
        for end in bundle.ends:
            item = scene.node_items.get(end)
            if item is not None:
                rect |= item.scene_box()
        if not rect.isEmpty():
            self.fly_to_rect(rect)

    def _link_under(self, pos: QPoint) -> EdgeItem | None:
        """The link under the pointer; on a phrase, the phrase's own link, even where another
        link's line passes under it. Not one drawn only in a bundle: nothing of it shows."""
        hidden = self.map_scene().link_layer.bundled(self.zoom)
        links = [
            item
            for item in self.items(pos)
            if isinstance(item, EdgeItem) and item.edge_id not in hidden
        ]
        if not links:
            return None
        spot = self.mapToScene(pos)
        return next((link for link in links if link.label_rect.contains(spot)), links[0])

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A press and drag pans, wherever it starts, except on a concept of a map that can be
        edited (the drag moves it) or on its + handle (the drag links it); a click without
        movement selects what is under the pointer, a link as well as a concept. Links cover
        about half of a map's canvas, and pressing on one used to select it and never pan."""
        self._animation.stop()
        pos = event.position().toPoint()
        button = event.button()
        mods = event.modifiers()
        select_mods = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
        self._click_target = None
        self._click_bundle = None
        self._pressed_node = False
        if button == Qt.MouseButton.MiddleButton:
            self._start_pan(pos)
            event.accept()
            return
        if button in (Qt.MouseButton.BackButton, Qt.MouseButton.ForwardButton):
            self.history_requested.emit(-1 if button == Qt.MouseButton.BackButton else 1)
            event.accept()
            return
        if button != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        scene = self.map_scene()
        handle = self._bend_handle_under(pos) if not mods & select_mods else None
        if handle is not None:
            self._bend_drag = (handle[0], handle[1], list(handle[0].bends))
            self._bend_moved = False
            self.viewport().setCursor(Qt.CursorShape.SizeAllCursor)
            event.accept()
            return
        node = self._node_under(pos)
        if node is not None and scene.editable and self._on_handle(node, pos):
            self._start_connect(node)
            event.accept()
            return
        if node is not None:
            self._pressed_node = True
            self._press_node(node, mods)
            self._drag_origin = self.mapToScene(pos)
            if self._dragging is None and not mods & Qt.KeyboardModifier.ControlModifier:
                self._start_pan(pos)  # a map that cannot be edited pans from its concepts too
            event.accept()
            return
        bundle = None if scene.overview_mode or mods & select_mods else self._bundle_under(pos)
        if bundle is not None:  # shown on release, if the press did not become a pan
            self._start_pan(pos)
            self._click_bundle = bundle
            event.accept()
            return
        link = None if scene.overview_mode else self._link_under(pos)
        if link is not None and mods & select_mods:  # Qt's own Ctrl/Shift click on a link
            super().mousePressEvent(event)
            return
        if mods & select_mods:  # rubber band on empty canvas
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
            super().mousePressEvent(event)
            return
        self._start_pan(pos)
        if link is not None:  # selected on release, if the press did not become a pan
            self._click_target = ("edge", link.edge_id)
        event.accept()

    def _bend_handle_under(self, pos: QPoint) -> tuple[EdgeItem, int] | None:
        """The selected link and which of its bends has its handle under the pointer (the
        nearest within the handle's square, a pixel or two round it for a shaky hand)."""
        scene = self.map_scene()
        if not scene.editable or self.zoom < BEND_HANDLES_FROM:
            return None
        reach = BEND_HANDLE_PX / 2 + 2
        best: tuple[float, EdgeItem, int] | None = None
        for item in scene.selectedItems():
            if not isinstance(item, EdgeItem) or not item.shown:
                continue
            for index, (x, y) in enumerate(item.drawn_bends()):
                spot = self.mapFromScene(QPointF(x, y))
                dx, dy = abs(spot.x() - pos.x()), abs(spot.y() - pos.y())
                if dx <= reach and dy <= reach and (best is None or dx + dy < best[0]):
                    best = (dx + dy, item, index)
        return None if best is None else (best[1], best[2])

    def _track_bend(self, pos: QPoint) -> None:
        """The link drawn through the bend where the pointer is (the map hears on release)."""
        if self._bend_drag is None:
            return
        item, index, bends = self._bend_drag
        here = self.mapToScene(pos)
        if not self._bend_moved:
            start = self.mapFromScene(QPointF(*bends[index]))
            if (QPointF(pos) - QPointF(start)).manhattanLength() < (
                QApplication.startDragDistance()
            ):
                return
            self._bend_moved = True
        moved = list(bends)
        moved[index] = (round(here.x(), 1), round(here.y(), 1))
        item.set_bends(moved)

    def _finish_bend(self) -> None:
        """A bend dragged: the map hears of it as one edit; a click on a handle changes nothing."""
        if self._bend_drag is None:
            return
        item, _, bends = self._bend_drag
        self._bend_drag = None
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        if self._bend_moved:
            self._bend_moved = False
            moved = list(item.bends)
            item.set_bends(bends)  # as the map has it, until the edit says otherwise
            self.bend_dragged.emit(item.edge_id, moved)

    def _start_pan(self, pos: QPoint) -> None:
        self._pan_start = pos
        self._panned = False
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def _press_node(self, node: NodeItem, mods: Qt.KeyboardModifier) -> None:
        """Select as every desktop app does: Ctrl toggles, Shift adds, a plain click selects
        just this one. A plain press on a concept already in a bigger selection keeps the
        selection, so it can be dragged together, and the click narrows it to this concept
        when the mouse comes up without having moved (see _release_click)."""
        scene = self.map_scene()
        self._ring_centre = self._ring_last = ""  # Tab now rings round what was clicked
        self._moved = False
        if mods & Qt.KeyboardModifier.ControlModifier:
            node.setSelected(not node.isSelected())
            scene.clicked(node.node_id)
            self._dragging = None
            return
        if mods & Qt.KeyboardModifier.ShiftModifier:
            node.setSelected(True)
        elif not node.isSelected():
            scene.clearSelection()
            node.setSelected(True)
        else:
            self._click_target = ("node", node.node_id)
        scene.clicked(node.node_id)
        self._dragging = node if scene.editable else None

    def _release_click(self) -> None:
        """A click that did not become a drag: select what was pressed, and only that."""
        target, self._click_target = self._click_target, None
        if target is None:
            return
        scene = self.map_scene()
        kind, ident = target
        item = scene.node_item(ident) if kind == "node" else scene.edge_item(ident)
        if item is not None and scene.selectedItems() != [item]:
            scene.select(kind, ident)

    def _start_connect(self, node: NodeItem) -> None:
        self._connect_from = node
        self._connect_target = None
        line = QGraphicsLineItem()
        pen = QPen(self.map_scene().theme.accent, 2.0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        line.setPen(pen)
        line.setZValue(10)
        start = node.handle_centre()
        line.setLine(start.x(), start.y(), start.x(), start.y())
        self.map_scene().addItem(line)
        self._connect_line = line
        self.viewport().setCursor(Qt.CursorShape.CrossCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._pan_start is not None:
            delta = pos - self._pan_start
            if delta.manhattanLength() >= QApplication.startDragDistance():
                self._panned = True
            if self._panned:
                self._pan_start = pos
                self._scroll_by(-delta.x(), -delta.y())
            event.accept()
            return
        if self._connect_from is not None:
            self._track_connect(pos)
            event.accept()
            return
        if self._bend_drag is not None:
            self._track_bend(pos)
            event.accept()
            return
        if self._dragging is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._track_drag(pos)
            event.accept()
            return
        if self.dragMode() == QGraphicsView.DragMode.NoDrag:
            node, link = self._node_under(pos), self._link_under(pos)
            bundle = self._bundle_under(pos) if node is None and link is None else None
            item = self.itemAt(pos)  # a frame, or a link drawn only in a bundle (not "over")
            over = node or link or bundle or (item is not None and not isinstance(item, EdgeItem))
            cursor = Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.OpenHandCursor
            if link is not None and link.isSelected() and self._bend_handle_under(pos):
                cursor = Qt.CursorShape.SizeAllCursor  # a drag here takes the bend
            self.viewport().setCursor(cursor)
            # Qt shows it once the pointer rests there, as for any tooltip.
            tip = self._bundle_text(bundle) if bundle is not None else ""
            if tip != self.viewport().toolTip():
                self.viewport().setToolTip(tip)
        super().mouseMoveEvent(event)

    def _track_connect(self, pos: QPoint) -> None:
        source, line = self._connect_from, self._connect_line
        if source is None or line is None:  # no connect gesture under way
            return
        target = self._node_under(pos)
        if target is source:
            target = None
        if target is not self._connect_target:
            if self._connect_target is not None:
                self._connect_target.set_emphasis(0)
            if target is not None:
                target.set_emphasis(1)
            self._connect_target = target
        start = source.handle_centre()
        end = self.mapToScene(pos)
        if target is not None:
            end = QPointF(*target.boundary_xy(start.x(), start.y()))
        line.setLine(start.x(), start.y(), end.x(), end.y())

    def _track_drag(self, pos: QPoint) -> None:
        here = self.mapToScene(pos)
        delta = here - self._drag_origin
        if not self._moved:
            if (QPointF(pos) - self.mapFromScene(self._drag_origin)).manhattanLength() < (
                QApplication.startDragDistance()
            ):
                return
            self._moved = True
            self._drag_items = self.map_scene().with_members(  # a group's frame moves its members
                i for i in self.map_scene().selectedItems() if isinstance(i, NodeItem)
            )
            self._drag_start = {i.node_id: (i.cx, i.cy) for i in self._drag_items}
            self.viewport().setCursor(Qt.CursorShape.SizeAllCursor)
        for item in self._drag_items:
            x0, y0 = self._drag_start[item.node_id]
            item.place(x0 + delta.x(), y0 + delta.y())
        update_links(self._drag_items)
        self.map_scene().follow_drag()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._pan_start is not None:
            clicked = not self._panned and event.button() == Qt.MouseButton.LeftButton
            self._pan_start = None
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            if clicked and self._click_bundle is not None:
                self._show_bundle(self._click_bundle)
            elif clicked and self._click_target is not None:
                self._release_click()
            elif clicked and not self._pressed_node:
                self._click_empty_or_overview(pos)
            self._click_target = self._click_bundle = None
            event.accept()
            return
        if self._connect_from is not None:
            self._finish_connect(pos)
            event.accept()
            return
        if self._bend_drag is not None:
            self._finish_bend()
            event.accept()
            return
        if self._dragging is not None:
            self._finish_drag()
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if self.dragMode() != QGraphicsView.DragMode.NoDrag:
            self.setDragMode(QGraphicsView.DragMode.NoDrag)

    def _finish_connect(self, pos: QPoint) -> None:
        source, target, line = self._connect_from, self._connect_target, self._connect_line
        if line is not None:
            self.map_scene().removeItem(line)
        self._connect_line = None
        self._connect_from = None
        self._connect_target = None
        self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        if source is None:  # no connect gesture under way
            return
        if target is not None:
            target.set_emphasis(0)
            self.connect_requested.emit(source.node_id, target.node_id, QPointF())
        elif (QPointF(pos) - self.mapFromScene(source.handle_centre())).manhattanLength() > 20:
            self.connect_requested.emit(source.node_id, "", self.mapToScene(pos))

    def _finish_drag(self) -> None:
        moved = self._moved
        self._dragging = None
        self._moved = False
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        if moved:
            self._click_target = None
            new = {i.node_id: (i.cx, i.cy) for i in self._drag_items}
            self.nodes_dragged.emit(new, self._drag_start)
            self._drag_items = []
        else:
            self._release_click()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseDoubleClickEvent(event)
            return
        pos = event.position().toPoint()
        handle = self._bend_handle_under(pos)
        node = self._node_under(pos) if handle is None else None
        if handle is not None:  # as draw.io takes a waypoint out
            self.bend_removed.emit(handle[0].edge_id, handle[1])
        elif node is not None:
            self.item_activated.emit("node", node.node_id)
        else:
            item = self.itemAt(pos)
            edge_id = getattr(item, "edge_id", None)
            if edge_id is not None:
                self.item_activated.emit("edge", edge_id)
            else:
                self.canvas_double_clicked.emit(self.mapToScene(pos))
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        node = self._node_under(event.pos())
        if node is not None:
            if not node.isSelected():
                self.map_scene().clearSelection()
                node.setSelected(True)
            self.context_menu_requested.emit(event.globalPos(), self.mapToScene(event.pos()))
            return
        item = self.itemAt(event.pos())
        if isinstance(item, EdgeItem) and not item.isSelected():
            self.map_scene().clearSelection()
            item.setSelected(True)
        self.context_menu_requested.emit(event.globalPos(), self.mapToScene(event.pos()))

    def _click_empty_or_overview(self, pos: QPoint) -> None:
        scene = self.map_scene()
        node_id = scene.node_at(self.mapToScene(pos)) if scene.overview_mode else None
        if node_id is not None:
            scene.select("node", node_id)
        else:
            scene.clearSelection()

    # --- keyboard: zoom, and walking the map along its links ------------------------------------

    ARROWS: ClassVar[dict[int, tuple[float, float]]] = {  # Qt.Key is an IntEnum: event.key()
        Qt.Key.Key_Left: (-1.0, 0.0),
        Qt.Key.Key_Right: (1.0, 0.0),
        Qt.Key.Key_Up: (0.0, -1.0),
        Qt.Key.Key_Down: (0.0, 1.0),
    }

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(STEP)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(1 / STEP)
        elif key == Qt.Key.Key_0:
            self.fit_all(animate=True)
        elif key in self.ARROWS and plain and self._walk(*self.ARROWS[key]):
            pass
        elif key in self.ARROWS and self._nudges(event) and self._movable():
            # The arrows alone walk the links; with Ctrl the selected concepts move, as in
            # every drawing program (Shift too: by one unit), where the keys had scrolled.
            step = 1.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else NUDGE
            dx, dy = self.ARROWS[key]
            self.nudge_requested.emit(dx * step, dy * step)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.map_scene().current[0]:
            self.details_requested.emit()
        elif key == Qt.Key.Key_Escape and self.map_scene().selectedItems():
            self.map_scene().clearSelection()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _walk(self, dx: float, dy: float) -> bool:
        """An arrow key without Ctrl: from the current concept along a link, from the current
        link to an end, or from nothing to the middle; False for anything else current, which
        the view scrolls past as before."""
        kind, ident = self.map_scene().current
        target: str | None
        current = self._current_node()
        if current is not None:
            target = self.linked_in_direction(current, dx, dy)
        elif kind == "edge":
            target = self.link_end_in_direction(ident, dx, dy)
        elif not kind and self._fits():
            # Nothing selected and the whole map in view, as every map opens: the walk starts
            # where the reader is looking (the arrows did nothing there). Zoomed in, they pan.
            target = self.nearest_middle()
        else:
            return False
        if target is not None:
            self.navigate_requested.emit("node", target)
        return True

    def _movable(self) -> bool:
        """Concepts selected on a map that can be edited (a focus view, staged, cannot)."""
        scene = self.map_scene()
        return scene.editable and bool(scene.selected_ids()[0])

    @staticmethod
    def _nudges(event: QKeyEvent) -> bool:
        held = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = Qt.KeyboardModifier.ControlModifier
        return held in (ctrl, ctrl | Qt.KeyboardModifier.ShiftModifier)

    def _current_node(self) -> NodeItem | None:
        kind, ident = self.map_scene().current
        return self.map_scene().node_items.get(ident) if kind == "node" else None

    def _fits(self) -> bool:
        """The whole map in view: there is nothing for the arrow keys to pan to."""
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        return visible.contains(self.map_scene().map_bounds())

    def nearest_middle(self) -> str | None:
        """The shown concept whose centre is nearest the middle of the view."""
        middle = self.mapToScene(self.viewport().rect().center())
        x, y = middle.x(), middle.y()
        best: tuple[float, str] | None = None
        for item in self.map_scene().node_items.values():
            if not (item.shown and item.isVisible()):  # filtered out, or in a collapsed group
                continue
            distance = (item.cx - x) ** 2 + (item.cy - y) ** 2
            if best is None or distance < best[0]:
                best = (distance, item.node_id)
        return best[1] if best else None

    def neighbours(self, item: NodeItem) -> list[NodeItem]:
        """Linked concepts that are shown, clockwise from twelve o'clock."""
        scene = self.map_scene()
        found = {}
        for edge in scene.document.edges_of(item.node_id):
            other = edge.target if edge.source == item.node_id else edge.source
            neighbour = scene.node_items.get(other)
            if neighbour is not None and neighbour.shown and neighbour is not item:
                found[other] = neighbour
        return sorted(
            found.values(),
            key=lambda n: math.atan2(n.cx - item.cx, -(n.cy - item.cy)) % (2 * math.pi),
        )

    def linked_in_direction(self, item: NodeItem, dx: float, dy: float) -> str | None:
        """The linked concept an arrow key points at: within 70 degrees of the arrow, nearest
        first, preferring those straight ahead."""
        best: tuple[float, str] | None = None
        for neighbour in self.neighbours(item):
            vx, vy = neighbour.cx - item.cx, neighbour.cy - item.cy
            length = math.hypot(vx, vy) or 1.0
            cosine = (vx * dx + vy * dy) / length
            if cosine < math.cos(math.radians(70)):
                continue
            cost = length * (2.0 - cosine)
            if best is None or cost < best[0]:
                best = (cost, neighbour.node_id)
        return best[1] if best else None

    def link_end_in_direction(self, edge_id: str, dx: float, dy: float) -> str | None:
        """The end of a selected link an arrow key points at, so the walk along the links can
        start from a link clicked (the arrows did nothing there). A link nearly square to the
        arrow has no end that way: Left and Up then go back to its source, Right and Down on to
        its target, as the link reads."""
        scene = self.map_scene()
        edge = scene.document.edges.get(edge_id)
        if edge is None:
            return None
        ends = [scene.node_items.get(edge.source), scene.node_items.get(edge.target)]
        shown = [end for end in ends if end is not None and end.shown and end.isVisible()]
        if len(shown) < 2:  # the other end is filtered out or inside a collapsed group
            return shown[0].node_id if shown else None
        source, target = shown
        vx, vy = target.cx - source.cx, target.cy - source.cy
        along = (vx * dx + vy * dy) / (
            math.hypot(vx, vy) or 1.0
        )  # +1: the arrow points source to target
        if abs(along) < math.cos(math.radians(70)):
            along = dx + dy
        return (target if along > 0 else source).node_id

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab step round the current concept's neighbours (and keep going round
        the same centre); with no concept selected they move the keyboard focus on."""
        current = self._current_node()
        if current is None or not self.hasFocus():
            return super().focusNextPrevChild(next)
        centre = self.map_scene().node_items.get(self._ring_centre)
        if self._ring_last == current.node_id and centre is not None:
            ring = self.neighbours(centre)
            ids = [n.node_id for n in ring]
            index = ids.index(current.node_id) if current.node_id in ids else None
        else:
            centre, ring, index = current, self.neighbours(current), None
        if not ring:
            return super().focusNextPrevChild(next)
        if index is None:
            target = ring[0] if next else ring[-1]
        else:
            target = ring[(index + (1 if next else -1)) % len(ring)]
        self._ring_centre = centre.node_id
        self._ring_last = target.node_id
        self.navigate_requested.emit("node", target.node_id)
        return True


def _picture_file(event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> str | None:
    """The one local picture file (PICTURE_SUFFIXES) a drag carries, else None."""
    urls = event.mimeData().urls()
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = urls[0].toLocalFile()
    return path if path.lower().endswith(tuple(PICTURE_SUFFIXES)) else None
