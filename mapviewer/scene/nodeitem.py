"""A concept on the canvas: its shape in its kind's colours and its wrapped label. Drawing only."""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsSceneHoverEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from mapviewer.boxes import (
    MAX_CHARS,
    box_around,
    fitted_font,
    label_shift,
    label_wrap,
    wrap_width,
)
from mapviewer.scene.dimming import NOTHING_DIMMED, REPAINT, SET_OPACITY, DimState
from mapviewer.scene.picture import draw_picture
from mapviewer.scene.style import KindStyle, Theme, outline_polygon, shape_path
from mapviewer.scene.text import LabelText, shared_label

if TYPE_CHECKING:
    from mapviewer.scene.edgeitem import EdgeItem

HANDLE_RADIUS = 6.0  # the connect handle: drag from it onto another concept to link them
HANDLE_GAP = 9.0  # its centre's distance outside the box's right edge
HALO = 5.0
# Below this many screen pixels of font height a label is unreadable: draw bars instead.
MIN_READABLE_PX = 4.5
DIM_OPACITY = 0.22
# A box the file made far taller than its label (a yEd legend's frame, an Obsidian card) lies
# under the links, above group frames: an unfilled yEd legend box holds example links, which
# a box drawn over them hid. Other concepts stay over links (1.0).
BACKDROP_Z = -0.25
# Taller than this many times its label's box, a box is a backdrop. A box a hair taller (yEd's
# 30-high nodes round a 29-high label) went under its links too: yEd's closed-folders diagram
# had a link struck through four names, and 412 concepts of the interop files lay under links.
BACKDROP_ROOM = 2.0
CAPTION_GAP = 4.0  # between a picture's icon and its name, as yEd's labels' "distance"


_NO_PEN = QPen(Qt.PenStyle.NoPen)
# Read once: each PySide6 enum lookup costs about a microsecond, 100,000 times at a big build.
_SELECTABLE = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
# The handle's room beside the box: right of it, or on another side where a linking phrase
# lies right of it (see NodeItem.handle_at).
_BOUNDS_REACH = max(HALO, HANDLE_GAP + HANDLE_RADIUS + 2)


@cache
def label_box(
    label: str,
    shape: str,
    fixed_width: float | None,
    font: QFont,
    label_width: float,
    fixed_height: float | None = None,
    captioned: bool = False,
) -> tuple[LabelText, float, float]:
    """A concept's laid-out label and the width and height of its box: one measure for the
    items and for the plain boxes a big map's overview draws before them, which must agree.
    The same measure the document packed unplaced concepts with (mapviewer.boxes). The label
    is shared with every concept of the same text and width (a 100k map repeats 40 % of its
    labels): measured once, and held once. A ``captioned`` box (a picture whose name is
    written outside it, model.caption_offset) is the file's size, its name wrapped as a box
    of no set size wraps it."""
    if captioned and fixed_width and fixed_height:
        text = shared_label(label, font, wrap_width(shape, None, label_width))
        return text, fixed_width, fixed_height
    wrap = label_wrap(label, font, shape, fixed_width, fixed_height, label_width)
    text = shared_label(label, font, wrap)
    size = text.size
    width, height = box_around(size.width(), size.height(), shape, fixed_width, fixed_height)
    return text, width, height


def caption_corner(
    at: tuple[float, float], text_w: float, text_h: float, half_w: float, half_h: float
) -> tuple[float, float]:
    """The top-left corner of a picture's name centred ``at`` (model.caption_offset) from the
    centre of a box of half-size ``half_w`` x ``half_h``, pushed out of the box where our type,
    wider than yEd's, would reach into it: "archive images", written beside its icon, ran 12
    units over it. Pushed the way it lies from the box, CAPTION_GAP clear, as yEd's labels are."""
    x, y = at[0] - text_w / 2, at[1] - text_h / 2
    if x >= half_w or x + text_w <= -half_w or y >= half_h or y + text_h <= -half_h:
        return x, y  # clear of the box already
    if abs(at[0]) * half_h >= abs(at[1]) * half_w:  # beside the box more than above or below
        return (half_w + CAPTION_GAP if at[0] > 0 else -half_w - CAPTION_GAP - text_w), y
    return x, (half_h + CAPTION_GAP if at[1] > 0 else -half_h - CAPTION_GAP - text_h)


def _halo_pen(theme: Theme, selected: bool) -> QPen:
    halo = QColor(theme.accent)
    halo.setAlphaF(0.35 if selected else 0.18)
    return QPen(halo, HALO * 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)


@cache
def _selected_pen(theme: Theme) -> QPen:
    pen = QPen(theme.accent, theme.border_width * 1.6)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


class NodeItem(QGraphicsRectItem):
    """Paints one concept; the scene owns the mapping from concept id to item."""

    Type = QGraphicsItem.UserType + 1  # type: ignore[attr-defined]  # missing from the stubs

    # The box around the label, centred on the item's origin (Qt's own rect() is the bounds,
    # see set_label); read as a plain attribute, thousands of times a frame.
    box: QRectF
    label: str
    style: KindStyle
    dim_state: DimState = NOTHING_DIMMED  # the scene's, handed over as it makes the item
    backdrop = False  # drawn under links: see BACKDROP_Z
    caption: QRectF | None = None  # a picture's name outside its box, round the item's origin
    # Faded by ``paint`` as it draws; a subclass that paints itself (a group's frame) is faded
    # by its Qt opacity instead (see show_dimmed).
    fades_as_painted = True

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.fades_as_painted = cls.paint is NodeItem.paint

    def __init__(
        self,
        node_id: str,
        label: str,
        style: KindStyle,
        theme: Theme,
        width: float | None = None,
        height: float | None = None,
        caption_at: tuple[float, float] | None = None,
        picture: str | None = None,
    ) -> None:
        super().__init__()
        self.setPen(_NO_PEN)
        self.fixed_width = width  # a box width the file sets (imported maps keep their sizes)
        self.fixed_height = height  # and the least height
        # A picture's name, written outside its box, centred this far from the box's centre
        # (model.caption_offset); None: in the box.
        self.caption_at = caption_at
        # Drawn as this picture (Node.picture) in place of its shape's fill and outline.
        self.picture = picture
        self.node_id = node_id
        self.edges: list[EdgeItem] = []
        self.emphasis = 0  # 0 normal, 1 highlighted (neighbour of the focus); set by the scene
        self.hovered = False
        self.shown = True  # not filtered out (by kind, source or focus); kept by the scene
        self.editable = True  # shows the connect handle when hovered or selected
        self.veiled = False  # the overview stands in for it: fully transparent
        self.cx = 0.0  # the centre, kept as floats: reading pos() costs 4 us a call
        self.cy = 0.0
        self.setFlags(_SELECTABLE)
        self.setAcceptHoverEvents(True)
        self.setZValue(1.0)
        self._theme = theme
        self.set_label(label, style)

    def type(self) -> int:
        return NodeItem.Type

    # --- state the scene sets -------------------------------------------------------------------

    def set_label(self, label: str, style: KindStyle, follow: bool = True) -> bool:
        """Measure the label again and resize the box. True when the box changed size or shape:
        then its links follow, unless ``follow`` is off because the caller updates the links of
        many concepts at once (see update_links). A new colour moves no link."""
        before = (self.box.size(), self.style.shape) if self.edges else None
        self.prepareGeometryChange()
        self.label = label
        self.style = style
        # The concept's own text size (a yEd title, CmapTools' notes), else the theme's.
        # A box the file sized for narrower type keeps its lines.
        self._font = fitted_font(
            label,
            style.font or self._theme.node_font,
            style.shape,
            self.fixed_width,
            self.fixed_height,
            self._theme.label_width,
            self.caption_at is not None,
        )
        self._font_px = self._font.pointSizeF() * 96 / 72
        self.text, width, height = label_box(
            label,
            style.shape,
            self.fixed_width,
            self._font,
            self._theme.label_width,
            self.fixed_height,
            self.caption_at is not None,
        )
        size = self.text.size
        text_w, text_h = size.width(), size.height()
        half_w = self.half_w = width / 2  # as floats: bounds of 5,000 boxes without 20,000
        half_h = self.half_h = height / 2  # Qt calls
        self.box = QRectF(-half_w, -half_h, width, height)
        caption = self.caption_at if self.fixed_width and self.fixed_height else None
        if caption is not None:  # outside the box, where the file wrote the picture's name
            x, y = caption_corner(caption, text_w, text_h, half_w, half_h)
            self._text_pos = QPointF(x, y)
        else:  # centred, or low in a triangle, under a cylinder's lid, over a wavy foot
            shift = label_shift(style.shape, width, height, text_h)
            self._text_pos = QPointF(-text_w / 2, -text_h / 2 + shift)
        self.caption = QRectF(self._text_pos, size) if caption is not None else None
        backdrop = (
            caption is None
            and bool(self.fixed_height)
            and height > BACKDROP_ROOM * box_around(text_w, text_h, style.shape, None)[1]
        )
        if backdrop != self.backdrop:
            self.backdrop = backdrop
            self.setZValue(BACKDROP_Z if backdrop else 1.0)
        reach = _BOUNDS_REACH
        self._bounds = QRectF(
            -half_w - reach, -half_h - reach, width + 2 * reach, height + 2 * reach
        )
        if self.caption is not None:
            self._bounds = self._bounds.united(self.caption)
        # The bounds live in C++ (QGraphicsRectItem): Qt asks for them many times a frame, for
        # every concept in view, and a Python boundingRect made that cost 20 ms on a 20k map.
        self.setRect(self._bounds)
        self._path: QPainterPath | None = None
        self._hit: QPainterPath | None = None
        self._hit_handle = QPointF()  # where the handle was when ``_hit`` was made
        self._bars: tuple[QColor, list[QRectF]] | None = None  # see bars
        self._polygon: list[tuple[float, float]] | None = None
        self._polygon_ready = False  # corners are worked out when a link first meets the box
        self.update()
        # Without links nothing follows, and the answer is True as before (None != a size).
        reshaped = before is None or before != (self.box.size(), style.shape)
        if reshaped and follow:
            self.update_edges()
        return reshaped

    @property
    def text_font(self) -> QFont:
        """The type the label is drawn in: the concept's own size (Node.text_size) or the
        theme's. What a label is typed over in, so the typing is the size it will be."""
        return self._font

    @property
    def label_px(self) -> float:
        """How tall the label's type is in scene units (pixels at 100 %): what a zoom must
        keep readable."""
        return self._font_px

    def scene_box(self) -> QRectF:
        """The box in scene coordinates: what is drawn, hit, framed and laid out."""
        return self.box.translated(self.cx, self.cy)

    def held_box(self) -> QRectF:
        """What a frame holding this concept must enclose: its box (a group's frame adds a
        title written above it, GroupItem.held_box; a picture its name outside it)."""
        if self.caption is not None:
            return self.scene_box().united(self.label_box())
        return self.scene_box()

    def label_box(self) -> QRectF:
        """Where the label is, in scene coordinates: the box a label is typed over (a
        picture's caption, outside its box)."""
        if self.caption is not None:
            return self.caption.translated(self.cx, self.cy)
        return self.scene_box()

    def keep_clear(self) -> tuple[float, float, float, float]:
        """What links and linking phrases keep off, as scene left, top, right, bottom: the
        whole box (plain numbers: asked twice for every link routed), and a picture's name
        written outside it: a phrase laid over "RRID resolver" hid it, as one over a frame's
        title did."""
        x, y, hw, hh = self.cx, self.cy, self.half_w, self.half_h
        if self.caption is not None:
            held = self.held_box()
            return held.left(), held.top(), held.right(), held.bottom()
        return x - hw, y - hh, x + hw, y + hh

    def place(self, x: float, y: float) -> None:
        """Move the concept's centre to (x, y); the caller updates links (see update_edges)."""
        self.cx = x
        self.cy = y
        self.setPos(x, y)

    def update_edges(self) -> None:
        """Links follow a concept that moved or changed size (the scene calls this after setPos)."""
        for edge in self.edges:
            edge.update_geometry()

    def set_emphasis(self, level: int) -> None:
        if level != self.emphasis:
            self.emphasis = level
            self.update()

    @property
    def dimmed(self) -> bool:
        """Faded back so what matters stands out: the scene's dim filters say."""
        return self.dim_state.node(self.node_id)

    def show_dimmed(self) -> None:
        """Be drawn as the scene's dim filters now say (the scene calls it on a change): one
        drawn already is faded or brought back by its opacity, or painted again when the old
        fade is painted into its picture; one not drawn yet fades as it paints."""
        if not self.fades_as_painted:
            self.apply_opacity()
            return
        action = self.dim_state.restyle_node(self.node_id)
        if action == SET_OPACITY:
            self.apply_opacity()
        elif action == REPAINT:
            self.update()

    def set_veiled(self, veiled: bool) -> None:
        """Drawn not at all (the overview draws the map instead) yet still selectable."""
        if veiled != self.veiled:
            self.veiled = veiled
            self.apply_opacity()

    def apply_opacity(self) -> None:
        """Take the opacity the veil and the dim state give (a concept drawn already is faded
        by it, see mapviewer.scene.dimming)."""
        if self.fades_as_painted:
            faded = self.dim_state.faded_by_opacity(self.node_id)
        else:
            faded = self.dimmed
        self.setOpacity(0.0 if self.veiled else DIM_OPACITY if faded else 1.0)

    def outline(self) -> QPainterPath:
        """The shape's outline, built on first use (big maps at fit never need most of them)."""
        if self._path is None:
            self._path = shape_path(self.style.shape, self.box)
        return self._path

    def handle_centre(self) -> QPointF:
        """Scene position of the connect handle."""
        return QPointF(self.cx, self.cy) + self.handle_at()

    def handle_at(self) -> QPointF:
        """The handle's centre beside the box, in the item's coordinates: right of it, else
        left, below or above, the first where it covers no linking phrase. Right of a concept
        whose link ran right, it hid the first letter of the link's phrase ("upply water to")."""
        box, gap = self.box, HANDLE_GAP
        sides = (
            QPointF(box.right() + gap, 0),
            QPointF(box.left() - gap, 0),
            QPointF(0, box.bottom() + gap),
            QPointF(0, box.top() - gap),
        )
        if not self.editable:
            return sides[0]
        phrases = self._phrases_near()
        if not phrases:
            return sides[0]
        r = HANDLE_RADIUS + 1
        for side in sides:
            at = QPointF(self.cx, self.cy) + side
            disc = QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r)
            if not any(disc.intersects(rect) for rect in phrases):
                return side
        return sides[0]

    def _phrases_near(self) -> list[QRectF]:
        """The linking phrases drawn within the handle's reach of the box (scene rectangles):
        its own links' and, filed in the scene's links context, any other link's."""
        near = self.scene_box().adjusted(
            -_BOUNDS_REACH, -_BOUNDS_REACH, _BOUNDS_REACH, _BOUNDS_REACH
        )
        links: set[EdgeItem] = set(self.edges)
        context = getattr(self.scene(), "link_context", None)
        if context is not None:
            links |= context.phrases.near((near.left(), near.top(), near.right(), near.bottom()))
        return [
            link.label_rect
            for link in links
            if link.shown and not link.label_rect.isEmpty() and link.label_rect.intersects(near)
        ]

    def handle_visible(self) -> bool:
        return self.editable and (self.hovered or self.isSelected())

    def tooltip_text(self) -> str:
        label = self.label  # a label of 2 million characters is said in its first MAX_CHARS
        label = label if len(label) <= MAX_CHARS else label[:MAX_CHARS] + "…"
        return f"{label}\n{self.style.label}" if self.style.label else label

    # --- QGraphicsItem overrides (Qt calls these exact names) -----------------------------------

    def shape(self) -> QPainterPath:
        # The handle belongs to the concept for the mouse, so moving onto it keeps the hover.
        at = self.handle_at() if self.handle_visible() else self._hit_handle
        if self._hit is None or at != self._hit_handle:
            hit = QPainterPath(self.outline())
            if at.isNull():  # none placed yet: right of the box, where it shows first
                at = QPointF(self.box.right() + HANDLE_GAP, 0)
            hit.addEllipse(at, HANDLE_RADIUS + 2, HANDLE_RADIUS + 2)
            # The way from the box to it, so moving onto it keeps the hover.
            r, gap = HANDLE_RADIUS, HANDLE_GAP + 1
            if at.y() == 0:
                hit.addRect(
                    QRectF(min(at.x(), at.x() - math.copysign(gap, at.x())), -r, gap, 2 * r)
                )
            else:
                hit.addRect(
                    QRectF(-r, min(at.y(), at.y() - math.copysign(gap, at.y())), 2 * r, gap)
                )
            self._hit = hit
            self._hit_handle = at
        return self._hit

    def paint_handle(self, painter: QPainter) -> None:
        """The + handle beside a selected or hovered box: drag it to link, or to a new concept."""
        painter.setPen(QPen(self._theme.accent, 1.5))
        painter.setBrush(self._theme.canvas)
        centre = self.handle_at()
        painter.drawEllipse(centre, HANDLE_RADIUS, HANDLE_RADIUS)
        painter.drawLine(centre - QPointF(3, 0), centre + QPointF(3, 0))
        painter.drawLine(centre - QPointF(0, 3), centre + QPointF(0, 3))

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        # Faded here, not by Qt's opacity: a new verdict then costs nothing for the thousands
        # of concepts off screen (see mapviewer.scene.dimming). Not when an opacity fades it
        # (once drawn, a group's frame, a slide's faint or spotlit concepts): that is the look.
        if self.dim_state.paint_node(self.node_id, self.opacity()):
            painter.setOpacity(painter.opacity() * DIM_OPACITY)
        path = self.outline()
        style = self.style
        selected = self.isSelected()
        if selected or self.hovered or self.emphasis:
            painter.setPen(_halo_pen(self._theme, selected))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        if self.picture is None or not draw_picture(painter, self.picture, self.box):
            painter.setBrush(style.brush)
            painter.setPen(_selected_pen(self._theme) if selected else style.pen)
            painter.drawPath(path)
        elif selected:  # a picture has no outline of its own (yEd's): the selection's alone
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(_selected_pen(self._theme))
            painter.drawPath(path)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if self.editable and (selected or self.hovered) and lod > 0.3:
            self.paint_handle(painter)
        if lod * self._font_px >= MIN_READABLE_PX:
            # A caption is on the canvas, not on the box's fill: in the map's text colour.
            painter.setPen(style.text if self.caption is None else self._theme.text)
            painter.setFont(self._font)
            self.text.draw(painter, self._text_pos)
        else:
            bar, rects = self.bars()
            for rect in rects:
                painter.fillRect(rect, bar)

    def bars(self) -> tuple[QColor, list[QRectF]]:
        """The label's stand-ins when too small to read (their colour, where they lie): worked
        out with the label, not at each of a zoom's frames for each concept in view."""
        if self._bars is None:
            bar = QColor(self.style.text)
            bar.setAlphaF(0.45)
            self._bars = bar, [rect.translated(self._text_pos) for rect in self.text.bars()]
        return self._bars

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.hovered = True
        self.update()
        scene = self.scene()
        if hasattr(scene, "hover_changed"):
            scene.hover_changed.emit(self.node_id)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.hovered = False
        self.update()
        scene = self.scene()
        if hasattr(scene, "hover_changed"):
            scene.hover_changed.emit("")
        super().hoverLeaveEvent(event)

    # --- geometry helpers for edges ---------------------------------------------------------------

    def boundary_point(self, toward: QPointF) -> QPointF:
        """Where the line from this concept's centre toward ``toward`` leaves its outline."""
        return QPointF(*self.boundary_xy(toward.x(), toward.y()))

    def boundary_xy(self, tx: float, ty: float) -> tuple[float, float]:
        dx = tx - self.cx
        dy = ty - self.cy
        if dx == 0 and dy == 0:
            return self.cx, self.cy
        t = min(self._exit_fraction(dx, dy), 1.0)
        return self.cx + dx * t, self.cy + dy * t

    def _exit_fraction(self, dx: float, dy: float) -> float:
        """The t at which centre + t*(dx, dy) crosses the outline, computed per shape family."""
        half_w, half_h = self.half_w, self.half_h
        shape = self.style.shape
        if shape in ("ellipse", "circle"):
            return 1.0 / ((dx / half_w) ** 2 + (dy / half_h) ** 2) ** 0.5
        if not self._polygon_ready:
            polygon = outline_polygon(shape, self.box)
            self._polygon = [(p.x(), p.y()) for p in polygon] if polygon else None
            self._polygon_ready = True
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


def update_links(items: Iterable[NodeItem], bundled: bool = True) -> None:
    """Recompute every link touching ``items`` once: a link between two concepts that moved
    together (a drag of a selection) would otherwise be recomputed from each end. ``bundled``
    False leaves out the links drawn only as part of a bundle, frame edge to frame edge: a
    layout's glide, whose last frame recomputes them (120 of the default map's 299 at fit)."""
    done: set[int] = set()
    for item in items:
        for edge in item.edges:
            if id(edge) not in done:
                done.add(id(edge))
                if bundled or not edge.in_bundle:
                    edge.reroute()


def _ray_polygon(dx: float, dy: float, polygon: list[tuple[float, float]]) -> float:
    """Smallest t > 0 where the ray from the origin along (dx, dy) meets the polygon's edges."""
    best = math.inf
    count = len(polygon)
    for i in range(count):
        px, py = polygon[i]
        qx, qy = polygon[(i + 1) % count]
        ex, ey = qx - px, qy - py
        denom = dx * ey - dy * ex
        if abs(denom) < 1e-12:
            continue
        t = (px * ey - py * ex) / denom
        u = (px * dy - py * dx) / denom
        if t > 0 and -1e-9 <= u <= 1 + 1e-9:
            best = min(best, t)
    return best if best < math.inf else 1.0
