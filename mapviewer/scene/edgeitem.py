"""A link on the canvas: the geometry of an arrow between two concepts and its linking phrase.

Link items never paint themselves (``ItemHasNoContents``): the LinkLayer draws every visible
link in one pass, which saves a Python call per link per frame. The item still takes part in
hit testing, selection and hover: its path is only its bounding box, which Qt reads in C++, and
its shape the band a click finds it in, made when Qt first asks.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsSceneHoverEvent

from mapviewer.model import SHAPES, arrow_scale, end_marks
from mapviewer.routing import (
    SEARCH_LATER,
    STRAIGHT,
    BoxGrid,
    Rect,
    Route,
    Surroundings,
    halfway,
    route,
    smooth_through,
    toward,
)
from mapviewer.scene.dimming import NOTHING_DIMMED, DimState
from mapviewer.scene.gridindex import GridIndex
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.scene.style import Theme
from mapviewer.scene.text import LabelText, shared_label
from mapviewer.sides import NORMALS, PULL

ARROW_LENGTH = 11.0
ARROW_WIDTH = 8.0
# How much longer than an arrowhead each end mark is (Edge.head, tail): a UML diamond is
# drawn longer than wide, as yEd draws it, or it reads as a square; a circle is round.
# yEd's own pictures of the yed-uml tutorial's composition and aggregation (1:1) show each
# diamond about 14 long and 10 wide: at 17.6 by 8 it read as a thinner, longer mark.
END_LENGTHS = {"diamond": 1.27, "open_diamond": 1.27, "circle": ARROW_WIDTH / ARROW_LENGTH}
END_LENGTHS["open_circle"] = END_LENGTHS["circle"]
# UML's open triangle (yEd's white_delta) is drawn as yEd draws it, about 14.5 long and 12 wide
# at a normal line (measured on yEd's own picture of the yed-uml tutorial's generalization):
# at an arrowhead's 11 x 8 it read as a smaller mark than the file's.
END_LENGTHS["open_triangle"] = 1.3
# Of ARROW_WIDTH, as END_LENGTHS are of ARROW_LENGTH.
END_WIDTHS = {"open_triangle": 1.5, "diamond": 1.25, "open_diamond": 1.25}
# A yEd link's filled head (its "standard", "delta", "short"; Edge.data's yed-arrows), drawn as
# yEd draws it at 1:1: 11 long and 9 wide round its 1 px outline, 10 wide in all, where a
# normal head's 8 read as a thinner arrow than the file's. The map's own links keep the normal.
YED_HEAD = "yed_triangle"
YED_ARROW_WIDTH = 10.0
END_WIDTHS[YED_HEAD] = YED_ARROW_WIDTH / ARROW_WIDTH
YED_FILLED_HEADS = frozenset({"standard", "delta", "short", "concave", "convex"})
FILLED_ENDS = frozenset({"triangle", "diamond", "circle", YED_HEAD})  # the others are outlines
CIRCLE_POINTS = 16  # corners of the polygon a round end is drawn as
LABEL_PAD_X = 5.0
LABEL_PAD_Y = 2.0
HIT_WIDTH = 10.0  # links are thin; a click within this many units of one selects it
BEND_HANDLE_PX = 8.0  # a selected link's bend handles, square, on screen at any zoom
BEND_HANDLES_FROM = 0.3  # zoomed out beyond this scale a selected link shows no handles
_NO_PEN = QPen(Qt.PenStyle.NoPen)  # see _outline
STRONG_WIDTH = 1.6  # a selected, hovered or emphasised link is drawn this much wider
PHRASE_GAP = 2.0  # scene units kept free around a linking phrase
# Where along the link a phrase may sit, as fractions of its length: the middle first.
PHRASE_AT = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.12, 0.88)
# Where no place on the link is free, the phrase is tried on more lines there, at these shares
# of its width, before going beside it.
NARROWER = (0.65, 0.45)
PHRASE_BESIDE_AT = (0.5, 0.35, 0.65, 0.2, 0.8)  # then beside the link, at these fractions
PHRASE_BESIDE = (1.0, 2.2)  # this many half-boxes to either side
LANE_SHARE = 0.35  # an orthogonal lane is this share of the bend, so it leaves its box's side
Corners = Sequence[tuple[float, float]]  # an end mark's, in order (see end_corners)
# Shapes whose outline lies inside their box somewhere (all but the two boxes): a link ends on
# the outline, not on the box round it.
_SHAPED_OUTLINES = frozenset(SHAPES) - {"rounded", "rectangle"}


class LinkContext:
    """What the links of one scene share: the routing mode, the concept boxes they keep clear
    of, and the phrases already placed, each in a grid so a link looks only at its neighbours."""

    def __init__(self, routing: str = STRAIGHT) -> None:
        self.routing = routing
        self.boxes: BoxGrid[NodeItem] = BoxGrid()
        self.phrases: BoxGrid[EdgeItem] = BoxGrid()
        # Routing every link of a big map at once could take minutes (a 5k map's long links
        # cross crowds of boxes): past this perf_counter() time the rest are drawn straight
        # until a concept near them moves. Set by the scene around a whole-map update.
        self.route_until = math.inf
        # While True (a frame of an animation) links are drawn without going round boxes,
        # whatever the budget: the last frame routes them.
        self.paused = False
        # While True (a layout's glide) each phrase rides at its link's middle, filed nowhere:
        # looking for a free place was a quarter of a frame's 30 ms of CPU on the default map,
        # and the last frame places every phrase afresh, as a map is placed when opened.
        self.gliding = False
        # While True a link no cheap shape clears is drawn straight and waits here, in the
        # order made, for the scene's finish_searches (see MapScene's ``searches_later``).
        self.search_later = False
        self.waiting: dict[EdgeItem, None] = {}
        # While concepts are staged (a focus, a slide), the links recomputed: each took its
        # course round boxes and titles where they stood then, and is recomputed once they
        # are home (MapScene.unstage).
        self.recording: dict[EdgeItem, None] | None = None
        # Whether a phrase keeps off other links' courses where its own link has room (see
        # MapScene.keep_phrases_off_links).
        self.off_links = False
        # The concepts staged (see MapScene.stage): their links are drawn without their bends.
        self.unbent: frozenset[str] = frozenset()

    def budget(self, seconds: float | None) -> None:
        """Route for at most ``seconds`` from now (None: no limit, for edits of a few links)."""
        self.route_until = math.inf if seconds is None else time.perf_counter() + seconds

    def track(self, node: NodeItem) -> None:
        """File what the concept keeps clear where it is now (a no-op when it has not moved)."""
        self.boxes.set(node, node.keep_clear())


def box_rect(node: NodeItem) -> Rect:
    x, y, hw, hh = node.cx, node.cy, node.half_w, node.half_h
    return x - hw, y - hh, x + hw, y + hh


class EdgeItem(QGraphicsPathItem):
    """One link's geometry and state; drawn by the scene's LinkLayer."""

    Type = QGraphicsItem.UserType + 2  # type: ignore[attr-defined]  # missing from the stubs
    dim_state: DimState = NOTHING_DIMMED  # the scene's, handed over as it makes the item

    def __init__(
        self,
        edge_id: str,
        source: NodeItem,
        target: NodeItem,
        label: str,
        theme: Theme,
        context: LinkContext | None = None,
        style: tuple[QColor | None, str, bool] = (None, "solid", True),
        width: float = 1.0,
        both_ends: bool = False,
        sides: tuple[str | None, str | None] = (None, None),
        ends: tuple[str | None, str | None] = (None, None),
        bend: float = 0.0,
        yed_heads: tuple[bool, bool] = (False, False),
        bends: Sequence[tuple[float, float]] = (),
        smooth: bool = False,
    ) -> None:
        """``context`` routes the link and places its phrase among the others (None: straight,
        phrase in the middle); ``style`` is its own colour, dash and direction, ``width`` its
        line's width in normal lines (the map's Edge.width), ``both_ends`` whether a directed
        link has an arrowhead at its source too (Edge.arrows "both"), ``sides`` the sides of the
        boxes it is anchored to (Edge.from_side, to_side), ``ends`` what its source's and
        target's ends are drawn as (Edge.tail, head; None: the normal arrowhead), ``bend`` the
        sideways offset it is made with (see ``bend`` below), ``yed_heads`` whether its source's
        and target's arrowheads are yEd's (see yed_heads), ``bends`` the points its line passes
        through (Edge.bends; see set_bends), ``smooth`` whether as one smooth curve
        (Edge.smooth) or straight from bend to bend."""
        super().__init__()
        self.edge_id = edge_id
        self.source = source
        self.target = target
        self.emphasis = 0
        self.hovered = False
        self.shown = True  # not filtered out (by kind, source or focus); kept by the scene
        self.bend = bend  # sideways offset of the curve's middle, for links sharing two concepts
        self.context = context
        self.color, self.dash, self.directed = style  # colour None: the theme's
        self.width = width
        self.both_ends = both_ends
        self.sides = sides
        self.ends = ends
        self.yed_heads = yed_heads
        # The author's own route (Edge.bends), and where its ends' centres stood when it was
        # set: while both ends move together by the same step (a drag of both, before the
        # document hears of it) the bends are drawn moved with them, as the move will leave
        # them (see drawn_bends).
        self.bends: list[tuple[float, float]] = [(x, y) for x, y in bends]
        self._bends_from = ((source.cx, source.cy), (target.cx, target.cy))
        self.smooth = smooth
        self._settle_ends()
        self.routed = False  # on a course of its own (round boxes, side to side), not straight
        self.unrouted = False  # hidden when its course changed: worked out when shown
        # Through the point its CmapTools linking phrase stood (that far from the source's
        # centre), where the links of one phrase meet; its phrase written there unless another
        # of them writes it (phrase_shown False). None: a link of its own.
        self.junction: tuple[float, float] | None = None
        self.phrase_shown = True
        self.in_bundle = False  # drawn only as part of a bundle (the link layer says)
        self._theme = theme
        self.index: GridIndex[EdgeItem] | None = None  # where the link layer finds it to paint
        self.layer: QGraphicsItem | None = None  # the layer that draws it
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
        )
        self.setAcceptHoverEvents(True)
        self.setPen(_NO_PEN)
        self._curve: QPainterPath | None = QPainterPath()  # see curve
        self.line: QLineF | None = None  # set when the link is straight: drawn in a batch
        # The end marks' corners, made into polygons when first asked (see ``arrow``).
        self._arrow_corners: Corners = ()
        self._arrow: QPolygonF | None = None
        self.arrow_tip: tuple[float, float] | None = None  # read as floats: see LinkLayer
        # The arrowhead at the source of a two-way link (empty for any other link).
        self._tail_corners: Corners = ()
        self._tail: QPolygonF | None = None
        self.tail_tip: tuple[float, float] | None = None
        self.label_rect = QRectF()
        self._hit: QPainterPath | None = None  # see shape
        self._mid: tuple[float, float] | None = None  # the course's middle, for the phrase
        source.edges.append(self)
        if target is not source:
            target.edges.append(self)
        self.set_label(label)

    def type(self) -> int:
        return EdgeItem.Type

    @property
    def curve(self) -> QPainterPath:
        """The course as a path; a straight link's made from its line when first asked: the
        link layer draws the line, and making the path at each of a glide's frames cost a
        fifth of recomputing a straight link (10 of its 50 us)."""
        if self._curve is None:
            line = self.line
            assert line is not None  # a course of no line is always set as a path
            self._curve = QPainterPath(line.p1())
            self._curve.lineTo(line.p2())
        return self._curve

    @curve.setter
    def curve(self, path: QPainterPath) -> None:
        self._curve = path

    def set_label(self, label: str) -> None:
        self.label = label
        # The phrase as it wraps by itself; self.text is it, or it on more lines where only
        # that fits on the link (see _place_phrase).
        self._wide: LabelText | None = (
            shared_label(label, self._theme.link_font, self._theme.phrase_wrap) if label else None
        )
        self.text: LabelText | None = self._wide
        self.update_geometry()

    @property
    def wide_text(self) -> LabelText | None:
        """The phrase as it wraps by itself, however it is drawn now: what a layout leaves
        room for, the same whatever was shown before."""
        return self._wide

    def set_theme(self, theme: Theme) -> None:
        """Draw with ``theme`` (the scene's, whose phrase type changed): the phrase laid out in
        its font and placed again on the same course (the course is not recomputed: routing
        every link again took a presentation step from 0.2 to 1.6 s)."""
        self._theme = theme
        if not self.label:
            return
        self._wide = shared_label(self.label, theme.link_font, theme.phrase_wrap)
        self.text = self._wide
        if self.shown and not self.label_rect.isEmpty():
            self.place_phrase_again()
        elif not self.label_rect.isEmpty():
            # Hidden: the same middle, outlined when shown and placed (most of a tour's links
            # are hidden at each step; outlining them all again doubled a step's time).
            w, h = _padded(self.text)
            centre = self.label_rect.center()
            self.label_rect = QRectF(centre.x() - w / 2, centre.y() - h / 2, w, h)

    def set_emphasis(self, level: int) -> None:
        if level != self.emphasis:
            self.emphasis = level
            self._refresh()

    @property
    def dimmed(self) -> bool:
        """Drawn faint by the link layer: the scene's dim filters say."""
        return self.dim_state.edge(self.edge_id)

    def _refresh(self, area: QRectF | None = None) -> None:
        """Repaint this link: the layer draws it, so the layer is told, for the link's area."""
        if self.layer is not None and self.scene() is not None:
            self.layer.update(area if area is not None else self.sceneBoundingRect())

    # --- look and geometry ----------------------------------------------------------------------

    def set_style(self, color: QColor | None, dash: str, directed: bool) -> None:
        """The link's own look from the map; an undirected link loses its arrowhead."""
        if (color, dash, directed) == (self.color, self.dash, self.directed):
            return
        arrow_changed = directed != self.directed
        self.color, self.dash, self.directed = color, dash, directed
        if arrow_changed:
            self._settle_ends()
            self.update_geometry()
        else:
            self._refresh()

    def set_width(self, width: float) -> None:
        """The line's width in normal lines: the arrowhead grows with it (arrow_scale), and so
        do the band a click finds it in and the area it repaints."""
        if width == self.width:
            return
        self.width = width
        self.update_geometry()

    def set_both_ends(self, both_ends: bool) -> None:
        """Arrowheads at both ends or at the target only: the course shortens at the source
        under the second head, so the geometry is made again."""
        if both_ends == self.both_ends:
            return
        self.both_ends = both_ends
        self._settle_ends()
        self.update_geometry()

    def set_ends(
        self, ends: tuple[str | None, str | None], yed: tuple[bool, bool] = (False, False)
    ) -> None:
        """Other marks at its ends: a diamond is longer than an arrowhead, and a mark that
        does not point is drawn on an undirected link too, so the geometry is made again;
        ``yed``: whether its arrowheads are yEd's, wider than a normal one."""
        if (ends, yed) != (self.ends, self.yed_heads):
            self.ends, self.yed_heads = ends, yed
            self._settle_ends()
            self.update_geometry()

    def _settle_ends(self) -> None:
        """Which ends carry a mark and which (mapviewer.model.end_marks), worked out when the
        link's direction, heads or ends change: the link layer asks for every link it paints.
        ``has_head``: a mark at the target (an arrowhead where the link points there, a UML
        diamond on any link); ``has_tail``: one at the source (a two-way link's second head,
        a composition's diamond); their kinds, the arrowhead where there is none."""
        tail, head = end_marks(self.directed, self.both_ends, *self.ends)
        self.has_head, self.has_tail = head is not None, tail is not None
        self.head_kind, self.tail_kind = head or "triangle", tail or "triangle"
        yed_tail, yed_head = self.yed_heads
        if yed_head and self.head_kind == "triangle":
            self.head_kind = YED_HEAD
        if yed_tail and self.tail_kind == "triangle":
            self.tail_kind = YED_HEAD

    def set_junction(self, offset: tuple[float, float] | None, phrase_shown: bool) -> None:
        """Drawn through the point ``offset`` from its source's centre (None: not), its
        phrase there or left to another link of the same phrase."""
        if (offset, phrase_shown) != (self.junction, self.phrase_shown):
            self.junction, self.phrase_shown = offset, phrase_shown
            self.update_geometry()

    def set_sides(self, sides: tuple[str | None, str | None]) -> None:
        """Anchored to other sides of its boxes (or to none: routed again)."""
        if sides != self.sides:
            self.sides = sides
            self.update_geometry()

    def set_bends(self, bends: Sequence[tuple[float, float]]) -> None:
        """Drawn through ``bends`` (empty: by the map's routing), from where its ends are now."""
        bends = [(x, y) for x, y in bends]
        self._bends_from = ((self.source.cx, self.source.cy), (self.target.cx, self.target.cy))
        if bends != self.bends:
            self.bends = bends
            self.update_geometry()

    def set_smooth(self, smooth: bool) -> None:
        """Drawn through its bends as a smooth curve, or straight from bend to bend."""
        if smooth != self.smooth:
            self.smooth = smooth
            if self.bends:
                self.update_geometry()

    def rebase_bends(self) -> None:
        """Its ends are where the document has them: the bends are drawn where it has them too
        (called by the scene once a move reached the document, which moved the bends that
        follow in the same step)."""
        if not self.bends:
            return
        drawn = self.drawn_bends()
        self._bends_from = ((self.source.cx, self.source.cy), (self.target.cx, self.target.cy))
        if self.drawn_bends() != drawn:
            self.update_geometry()

    def drawn_bends(self) -> list[tuple[float, float]]:
        """The points the line is drawn through now: none for a loop, nor while either end
        is staged (a focus lays its neighbourhood out afresh, where the author's route means
        nothing); moved with both ends while they moved by the same step since the bends were
        set (a drag of both), else where the map has them (one end dragged: yEd keeps them)."""
        if not self.bends or self.source is self.target:
            return []
        context = self.context
        if context is not None and (
            self.source.node_id in context.unbent or self.target.node_id in context.unbent
        ):
            return []
        (sx, sy), (tx, ty) = self._bends_from
        dx, dy = self.source.cx - sx, self.source.cy - sy
        if (
            (dx or dy)
            and math.isclose(dx, self.target.cx - tx, abs_tol=0.05)
            and math.isclose(dy, self.target.cy - ty, abs_tol=0.05)
        ):
            return [(x + dx, y + dy) for x, y in self.bends]
        return list(self.bends)

    @property
    def arrow_scale(self) -> float:
        return arrow_scale(self.width)

    def _hit_width(self) -> float:
        """HIT_WIDTH, or wider for a line so thick that it is drawn beyond that band. Its
        bounding box reaches as far round its course: as far as the widest drawing of it
        (selected) goes, or a thick link left streaks when it moved."""
        drawn = self._theme.link_width * self.width * STRONG_WIDTH
        return max(HIT_WIDTH, drawn + 4.0)

    def reroute(self) -> None:
        """Recompute the course now if the link is shown, or when it is shown next (the scene's
        _apply_visibility). A tour step hides most of the map and moves concepts: routing the
        hidden links round them made a clicker's press on the default map wait 1-2.3 s."""
        if self.shown:
            self.update_geometry()
        else:
            self.unrouted = True

    def update_geometry(self) -> None:
        """Recompute the course between the two outlines and place the phrase; called when
        either concept changes, or something moved nearby."""
        self.unrouted = False
        gliding = self.context is not None and self.context.gliding and self.index is not None
        # Gliding, Qt's box is left as it was (see _outline): there is nothing to read off it.
        old = self.sceneBoundingRect() if not gliding and self.scene() is not None else None
        if self.context is not None and self.context.recording is not None:
            self.context.recording[self] = None
        self.routed = False
        meeting = self._meeting_point()
        bends = self._bends_between()
        if self.source is self.target:
            mid = self._loop_geometry()
        elif bends:
            mid = self._bends_geometry(bends)
        elif meeting is not None:
            mid = self._junction_geometry(meeting)
        elif self.sides != (None, None):
            mid = self._sided_geometry()
        elif self._routed_geometry():
            mid = None
        elif self.bend:
            mid = self._bent_geometry()
        else:
            mid = self._straight_geometry()
        if not self.has_head:
            self._arrow_corners, self._arrow = (), None
        if not self.has_tail:
            self._set_tail_corners((), None)
        self._mid = mid
        if self.text is not None and (self.phrase_shown or meeting is None):
            self.label_rect = self._place_phrase(mid)
        else:
            self.label_rect = QRectF()
            if self.context is not None:
                self.context.phrases.discard(self)
        self._outline(old)

    def place_phrase_again(self) -> None:
        """Put the phrase where it is freest now, on the same course: what it keeps clear of
        changed (concepts and links shown or hidden)."""
        if self.text is None:
            return
        old = self.sceneBoundingRect() if self.scene() is not None else None
        self.label_rect = self._place_phrase(self._mid)
        self._outline(old)

    def phrase_off_phrases(self) -> bool:
        """Move the phrase, as wide as it is drawn, to the first spot along or beside its link
        that nothing covers, if it sits on another phrase and its link has one; whether it
        moved. Placed in turn, a phrase that found no free spot took the least covered, on an
        earlier phrase that had somewhere else to go."""
        context = self.context
        rect = self.label_rect
        if self.text is None or context is None or context.gliding or rect.isEmpty():
            return False
        here = (rect.left(), rect.top(), rect.right(), rect.bottom())
        others = (key for key in context.phrases.near(here) if key is not self and key.shown)
        if not any(rect.intersects(other.label_rect) for other in others):
            return False
        w, h = rect.width(), rect.height()
        centre = rect.center()
        mid = self._mid or (centre.x(), centre.y())
        context.phrases.discard(self)
        spots = itertools.chain(self._along(mid), self._beside(w, h))
        spot = next(_free(context, spots, w, h), None)
        context.phrases.set(self, here if spot is None else spot)
        if spot is None:
            return False
        old = self.sceneBoundingRect() if self.scene() is not None else None
        self.label_rect = QRectF(spot[0], spot[1], w, h)
        self._outline(old)
        return True

    def _outline(self, old: QRectF | None) -> None:
        """The box round the course (its hit band), arrowheads and phrase as the item's path;
        filed and repainted. The path is only that box, and the item has no pen: Qt reads its
        bounding rectangle off it in C++. With a pen Qt asked ``shape`` for it, so every link
        made was stroked and united with its heads and phrase as it was filed: a quarter of
        the time to make a 19k-link map's items."""
        bounds = self._bounds()
        self._hit = None
        if self.context is not None and self.context.gliding and self.index is not None:
            # A frame of a layout's glide: filed for the layer to draw, Qt's own box (its
            # index, the pointer) left until the glide's last frame recomputes every link it
            # moved. Setting it cost a sixth of such a frame on the default map in full HD.
            # The whole layer is repainted, once a frame: nearly every link moves in a glide,
            # and each link's area, its old box read off Qt and united with its new one, cost
            # 2 ms of such a frame.
            self.index.set(self, bounds, self.line)
            if self.layer is not None:
                self.layer.update()
            return
        path = QPainterPath()
        path.addRect(bounds)
        self.setPath(path)
        if self.index is not None:
            self.index.set(self, self.sceneBoundingRect(), self.line)
        if old is not None:
            self._refresh(old.united(self.sceneBoundingRect()))

    def _bounds(self) -> QRectF:
        """What ``shape`` covers, boxed: the course stroked HIT_WIDTH wide (square ends, as a
        stroker makes it), the heads and the phrase. Worked out from the ends of a straight
        link, the corners of its band (the same box to a few 1e-13); round a curve, from the
        curve's own box and the farthest a band's square end reaches, which holds its band."""
        half = self._hit_width() / 2
        line = self.line
        if line is not None:
            x1, y1, x2, y2 = line.x1(), line.y1(), line.x2(), line.y2()
            length = math.hypot(x2 - x1, y2 - y1)
            if length > 0:
                ux, uy = (x2 - x1) / length * half, (y2 - y1) / length * half
            else:
                ux, uy = half, 0.0
            # A band's corners reach |ux| + |uy| beyond its ends along each axis.
            reach = abs(ux) + abs(uy)
            left, right = min(x1, x2) - reach, max(x1, x2) + reach
            top, bottom = min(y1, y2) - reach, max(y1, y2) + reach
        else:
            box = self.curve.boundingRect()
            if box.isNull():  # a curve of no length has no band: concepts on each other
                left = top = math.inf
                right = bottom = -math.inf
            else:
                reach = half * math.sqrt(2)
                left, top = box.left() - reach, box.top() - reach
                right, bottom = box.right() + reach, box.bottom() + reach
        # Folded in as plain numbers: a QRectF made and united per head took about a third
        # of this (0.1 s of CPU for the 19,025 links of the political-blogs map).
        for corners in (self._arrow_corners, self._tail_corners):
            for x, y in corners:
                if x < left:
                    left = x
                if x > right:
                    right = x
                if y < top:
                    top = y
                if y > bottom:
                    bottom = y
        label = self.label_rect
        if not label.isEmpty():
            left, top = min(left, label.left()), min(top, label.top())
            right, bottom = max(right, label.right()), max(bottom, label.bottom())
        if left > right:
            return QRectF()
        return QRectF(left, top, right - left, bottom - top)

    def shape(self) -> QPainterPath:
        """Where a click finds the link: a band HIT_WIDTH wide (wider round a line drawn wider)
        along its course, its arrowhead and its phrase's box. A path item's own shape also fills
        the path, and a curve's fill is all the space between it and its chord: a click on
        another link's phrase there picked this one (115 of the default map's 299 phrases)."""
        if self._hit is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(self._hit_width())
            extra = QPainterPath()
            extra.addPolygon(self.arrow)
            extra.addPolygon(self.tail)
            if not self.label_rect.isEmpty():
                extra.addRect(self.label_rect)
            self._hit = stroker.createStroke(self.curve).united(extra)
        return self._hit

    # --- where the phrase sits ------------------------------------------------------------------

    def _place_phrase(self, mid: tuple[float, float] | None) -> QRectF:
        """The phrase's box along the link where it covers no concept and no other phrase: the
        middle first, then further along, then on more lines along it, then beside the link;
        the middle if nowhere is free. A phrase longer than the gap between its concepts had
        gone beside its link, apart from it ("is an obstacle in the" under Exhausted T cells'
        link on a slide) where on two lines it sat on it."""
        assert self._wide is not None
        self.text = wide = self._wide
        w, h = _padded(wide)
        context = self.context
        if mid is None:
            point = self.curve.pointAtPercent(0.5)
            mid = point.x(), point.y()
        if context is not None:
            context.phrases.discard(self)
        if context is None or context.gliding:
            return QRectF(mid[0] - w / 2, mid[1] - h / 2, w, h)
        phrases = context.phrases
        best = _freest(context, self._along(mid), w, h)
        if best[0] == 0 and context.off_links and self._crossed(best[1]):
            # Free, but where another link passes under it: the phrase reads as either link's
            # (two "blocks" side by side where Nivolumab's and Pembrolizumab's links to PD-1
            # cross, on a tour's slide). A free spot further along its own link clear of them.
            clear = (r for r in _free(context, self._along(mid), w, h) if not self._crossed(r))
            best = (0.0, next(clear, best[1]))
        for share in NARROWER if best[0] > 0 and len(wide.lines) < 3 and " " in self.label else ():
            narrow = shared_label(self.label, self._theme.link_font, wide.size.width() * share)
            if len(narrow.lines) > len(wide.lines):
                nw, nh = _padded(narrow)
                found = _freest(context, self._along(mid), nw, nh)
                if found[0] == 0:
                    self.text, w, h, best = narrow, nw, nh, found
                    break
        if best[0] > 0:
            beside = _freest(context, self._beside(w, h), w, h)
            if beside[0] < best[0]:
                best = beside
        chosen = best[1]
        phrases.set(self, chosen)
        return QRectF(chosen[0], chosen[1], w, h)

    def _crossed(self, rect: Rect) -> bool:
        """Whether another shown link's course passes under the phrase box ``rect``."""
        if self.index is None:
            return False
        box = QRectF(rect[0], rect[1], rect[2] - rect[0], rect[3] - rect[1])
        for other in self.index.query(box):
            if other is self or not other.shown:
                continue
            line = other.line
            if line is not None:
                if _meets((line.x1(), line.y1()), (line.x2(), line.y2()), rect):
                    return True
            elif other.curve.intersects(box):  # the curve or the room between it and its chord
                for course in other.curve.toSubpathPolygons():
                    points = [(course.at(i).x(), course.at(i).y()) for i in range(course.size())]
                    if any(_meets(a, b, rect) for a, b in pairwise(points)):
                        return True
        return False

    def _along(self, mid: tuple[float, float]) -> Iterator[tuple[float, float]]:
        """Candidate centres on the link, best first; made one at a time, as most phrases take
        the first."""
        yield mid
        line, curve = self.line, self.curve
        for t in PHRASE_AT[1:]:
            p = line.pointAt(t) if line is not None else curve.pointAtPercent(t)
            yield p.x(), p.y()

    def _beside(self, w: float, h: float) -> Iterator[tuple[float, float]]:
        """Candidate centres beside the link for a box ``w`` by ``h``, best first."""
        line, curve = self.line, self.curve
        for far in PHRASE_BESIDE:
            for t in PHRASE_BESIDE_AT:
                if line is not None:
                    p = line.pointAt(t)
                    angle = math.radians(-line.angle())
                else:
                    p = curve.pointAtPercent(t)
                    angle = math.radians(-curve.angleAtPercent(t))
                nx, ny = -math.sin(angle), math.cos(angle)
                # Far enough to the side that the box clears the line, whatever its slope.
                reach = (abs(nx) * w / 2 + abs(ny) * h / 2) * far + 3
                yield p.x() + nx * reach, p.y() + ny * reach
                yield p.x() - nx * reach, p.y() - ny * reach

    # --- geometry -------------------------------------------------------------------------------

    def _routed_geometry(self) -> bool:
        """In a routed mode, a course round the boxes the link does not join; False when the
        straight (or bent) drawing of today passes under none."""
        context = self.context
        if context is None or context.routing == STRAIGHT or context.paused:
            return False
        if context.route_until != math.inf and time.perf_counter() > context.route_until:
            return False
        source, target = self.source, self.target
        context.track(source)
        context.track(target)
        around = Surroundings(
            context.boxes, (source, target), ((source.cx, source.cy), (target.cx, target.cy))
        )
        lane = self.bend if context.routing != "orthogonal" else self._lane()
        course = route(
            context.routing,
            box_rect(source),
            box_rect(target),
            around,
            lane,
            search=not context.search_later,
        )
        if course is SEARCH_LATER:
            context.waiting[self] = None
            return False
        if course is None:
            return False
        self._follow(course)
        self.routed = True
        return True

    def _lane(self) -> float:
        """An orthogonal lane stays inside both ends' boxes, so each link still leaves its box."""
        reach = min(self.source.half_h, self.target.half_h, self.source.half_w) - 4
        return max(-reach, min(reach, self.bend * LANE_SHARE))

    def _follow(self, course: Route) -> None:
        source, target = self.source, self.target
        self.line = None
        if course.control is not None:
            control = QPointF(*course.control)
            start = QPointF(*source.boundary_xy(control.x(), control.y()))
            end = QPointF(*target.boundary_xy(control.x(), control.y()))
            path = QPainterPath(start)
            path.quadTo(control, end)
            tail = path.pointAtPercent(0.96)
            self._set_arrow(tail.x(), tail.y(), end.x(), end.y())
            self._set_tail(path)
            self.curve = self._under_heads(path)
            return
        points = list(course.points)
        points[0] = _onto_outline(source, points[0], points[1])
        points[-1] = _onto_outline(target, points[-1], points[-2])
        (tx, ty), (ex, ey) = points[-2], points[-1]
        self._set_arrow(tx, ty, ex, ey)
        if self.has_head:
            points[-1] = self._under_head(points[-1], points[-2], self.head_kind)
        if self.has_tail:
            (hx, hy), (sx, sy) = points[1], points[0]
            self._set_tail_corners(self._head(hx, hy, sx, sy, self.tail_kind), (sx, sy))
            points[0] = self._under_head(points[0], points[1], self.tail_kind)
        path = QPainterPath(QPointF(*points[0]))
        for index in range(1, len(points) - 1):
            corner = points[index]
            radius = course.radii[index - 1] if index - 1 < len(course.radii) else 0.0
            if radius <= 0:
                path.lineTo(QPointF(*corner))
                continue
            path.lineTo(QPointF(*toward(corner, points[index - 1], radius)))
            path.quadTo(QPointF(*corner), QPointF(*toward(corner, points[index + 1], radius)))
        path.lineTo(QPointF(*points[-1]))
        self.curve = path

    def _bends_between(self) -> list[tuple[float, float]]:
        """The drawn bends outside both ends' boxes: the line leaves each outline toward the
        first bend beyond it (a bend under its own concept would turn it back across it)."""
        bends = self.drawn_bends()
        source, target = self.source, self.target
        while bends and _under(source, bends[0]):
            bends.pop(0)
        while bends and _under(target, bends[-1]):
            bends.pop()
        return bends

    def _bends_geometry(self, bends: list[tuple[float, float]]) -> tuple[float, float]:
        """Straight pieces from the source's outline (aimed from its centre at the first bend,
        as a straight link aims at the other centre) through each bend to the target's; the
        heads along the end pieces, the line stopped inside them; the middle by length."""
        start = self.source.boundary_xy(*bends[0])
        end = self.target.boundary_xy(*bends[-1])
        if self.smooth:
            return self._smooth_geometry(start, bends, end)
        points = [start, *bends, end]
        middle = halfway(points)[1]
        self._set_arrow(*bends[-1], *end)
        if self.has_head:
            points[-1] = self._under_head(end, bends[-1], self.head_kind)
        if self.has_tail:
            self._set_tail_corners(self._head(*bends[0], *start, self.tail_kind), start)
            points[0] = self._under_head(start, bends[0], self.tail_kind)
        path = QPainterPath(QPointF(*points[0]))
        for x, y in points[1:]:
            path.lineTo(x, y)
        self.curve = path
        self.line = None
        self.routed = True  # on a course of its own: the overview draws that, not the chord
        return middle

    def _smooth_geometry(
        self,
        start: tuple[float, float],
        bends: list[tuple[float, float]],
        end: tuple[float, float],
    ) -> tuple[float, float]:
        """One smooth curve from the source's outline through each bend to the target's
        (routing.smooth_through), as CmapTools draws a curved connection: the heads along its
        end tangents, the line stopped inside them on the curve; the middle by length."""
        # A first or last bend on the outline (where yEd's line leaves its box by a port) is
        # the end itself: a piece of no length there would leave the head no direction.
        points = [start, *bends, end]
        if math.dist(start, bends[0]) <= 0.5:
            points.pop(0)
        if math.dist(end, bends[-1]) <= 0.5 and len(points) > 2:
            points.pop()
        pieces = smooth_through(points)
        start, end = points[0], points[-1]
        whole = QPainterPath(QPointF(*start))
        for _, c1, c2, b in pieces:
            whole.cubicTo(QPointF(*c1), QPointF(*c2), QPointF(*b))
        middle = whole.pointAtPercent(0.5)
        # Along the last tangent: from the handle that leads into the end (the bend itself
        # where that handle has no length).
        toward_end = pieces[-1][2] if pieces[-1][2] != end else pieces[-1][0]
        self._set_arrow(*toward_end, *end)
        if self.has_tail:
            from_start = pieces[0][1] if pieces[0][1] != start else pieces[0][3]
            self._set_tail_corners(self._head(*from_start, *start, self.tail_kind), start)
        for index, present, kind, at_start in (
            (0, self.has_tail, self.tail_kind, True),
            (-1, self.has_head, self.head_kind, False),
        ):
            cut = ARROW_LENGTH * self.arrow_scale * END_LENGTHS.get(kind, 1.0) * 0.8
            piece = pieces[index]
            if not present or kind == "vee" or cut >= math.dist(piece[0], piece[3]) * 0.8:
                continue
            t = _t_from_end(piece, cut, at_start)
            pieces[index] = (
                _cubic_between(piece, t, 1.0) if at_start else _cubic_between(piece, 0.0, t)
            )
        path = QPainterPath(QPointF(*pieces[0][0]))
        for _, c1, c2, b in pieces:
            path.cubicTo(QPointF(*c1), QPointF(*c2), QPointF(*b))
        self.curve = path
        self.line = None
        self.routed = True  # on a course of its own: the overview draws that, not the chord
        return middle.x(), middle.y()

    def _meeting_point(self) -> tuple[float, float] | None:
        """Where the link's phrase stood (see ``junction``), unless that is now inside either
        concept (a concept moved onto it): then the link runs as a link of its own."""
        if self.junction is None:
            return None
        source, target = self.source, self.target
        x, y = source.cx + self.junction[0], source.cy + self.junction[1]
        for end in (source, target):
            if abs(x - end.cx) < end.half_w and abs(y - end.cy) < end.half_h:
                return None
        return x, y

    def _junction_geometry(self, meeting: tuple[float, float]) -> tuple[float, float]:
        """From the source to the meeting point, then on to the target, as CmapTools draws a
        phrase's connections; the arrowhead at the target only."""
        mx, my = meeting
        sx, sy = self.source.boundary_xy(mx, my)
        ex, ey = self.target.boundary_xy(mx, my)
        self._set_arrow(mx, my, ex, ey)
        if self.has_head:
            ex, ey = self._under_head((ex, ey), (mx, my), self.head_kind)
        path = QPainterPath(QPointF(sx, sy))
        path.lineTo(QPointF(mx, my))
        path.lineTo(QPointF(ex, ey))
        self._set_tail(path)
        self.curve = path
        self.line = None
        return mx, my

    def _straight_geometry(self) -> tuple[float, float]:
        source, target = self.source, self.target
        sx, sy = source.boundary_xy(target.cx, target.cy)
        ex, ey = target.boundary_xy(source.cx, source.cy)
        self._set_arrow(sx, sy, ex, ey)
        # The line stops inside the arrowhead so its round cap never pokes past the tip.
        if self.has_head:
            ex, ey = self._under_head((ex, ey), (sx, sy), self.head_kind)
        if self.has_tail:
            self._set_tail_corners(self._head(ex, ey, sx, sy, self.tail_kind), (sx, sy))
            sx, sy = self._under_head((sx, sy), (ex, ey), self.tail_kind)
        self.line = QLineF(sx, sy, ex, ey)
        self._curve = None  # made from the line when asked (see curve)
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
        self._set_tail(path)
        self.curve = self._under_heads(path)
        self.line = None
        mid = path.pointAtPercent(0.5)
        return mid.x(), mid.y()

    def _sided_geometry(self) -> tuple[float, float]:
        """From side to side: each anchored end at the middle of its side (where the outline
        meets the side's normal through the centre, whatever the shape), leaving square to it;
        an end with no side meets its outline towards the other end, as a straight link."""
        source, target = self.source, self.target
        start = _side_point(source, self.sides[0])
        end = _side_point(target, self.sides[1])
        if start is None:
            aim = end or (target.cx, target.cy)
            start = source.boundary_xy(*aim)
        if end is None:
            end = target.boundary_xy(*start)
        share, least, most = PULL
        pull = min(max(math.dist(start, end) * share, least), most)
        controls = []
        for point, side in ((start, self.sides[0]), (end, self.sides[1])):
            nx, ny = NORMALS.get(side or "", (0.0, 0.0))
            controls.append(QPointF(point[0] + nx * pull, point[1] + ny * pull))
        path = QPainterPath(QPointF(*start))
        path.cubicTo(controls[0], controls[1], QPointF(*end))
        near = path.pointAtPercent(0.96)
        self._set_arrow(near.x(), near.y(), end[0], end[1])
        self._set_tail(path)
        self.curve = self._under_heads(path)
        self.line = None
        self.routed = True  # on a course of its own: the overview draws that, not the chord
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
        self.line = None
        tail = path.pointAtPercent(0.95)
        self._set_arrow(tail.x(), tail.y(), end.x(), end.y())
        self._set_tail(path, 0.05)
        self.curve = self._under_heads(path)
        # The phrase sits on the loop's top, not over it: centred there, scibot's two-line
        # "load dashboard (bottleneck)" hid orpheus's loop and its arrowhead.
        top_of_loop = path.pointAtPercent(0.5)
        above = _padded(self._wide)[1] / 2 + PHRASE_GAP if self._wide is not None else 0.0
        return top_of_loop.x(), top_of_loop.y() - above

    def _set_arrow(self, fx: float, fy: float, tx: float, ty: float) -> None:
        """The target's arrowhead, its tip at (tx, ty), pointing away from (fx, fy)."""
        self.arrow_tip = (tx, ty)
        self._arrow_corners, self._arrow = self._head(fx, fy, tx, ty, self.head_kind), None

    def _under_heads(self, path: QPainterPath) -> QPainterPath:
        """A one-piece curve stopped inside its arrowheads, as a straight line is (see
        _under_head): drawn to the tip, a thick curve ran out through the head's point, a
        7-wide yEd link (10 px) as a band past the narrow end of its 29-long head."""
        if path.elementCount() != 4:  # a start and one cubic (Qt stores a quad as one)
            return path
        points = [(path.elementAt(i).x, path.elementAt(i).y) for i in range(4)]
        chord = math.dist(points[0], points[3])
        cuts = [
            ARROW_LENGTH * self.arrow_scale * END_LENGTHS.get(kind, 1.0) * 0.8
            if present and kind != "vee"
            else 0.0
            for present, kind in ((self.has_tail, self.tail_kind), (self.has_head, self.head_kind))
        ]
        if not any(cuts) or sum(cuts) >= chord * 0.8:
            return path
        start = _t_from_end(points, cuts[0], at_start=True) if cuts[0] else 0.0
        end = _t_from_end(points, cuts[1], at_start=False) if cuts[1] else 1.0
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = _cubic_between(points, start, end)
        trimmed = QPainterPath(QPointF(x0, y0))
        trimmed.cubicTo(QPointF(x1, y1), QPointF(x2, y2), QPointF(x3, y3))
        return trimmed

    def _set_tail(self, path: QPainterPath, at: float = 0.04) -> None:
        """A curve's arrowhead at its start, for a two-way link (the curve is stopped inside
        it by _under_heads, as at the target)."""
        if self.has_tail:
            start, near = path.pointAtPercent(0.0), path.pointAtPercent(at)
            tail = self._head(near.x(), near.y(), start.x(), start.y(), self.tail_kind)
            self._set_tail_corners(tail, (start.x(), start.y()))

    def _set_tail_corners(self, corners: Corners, tip: tuple[float, float] | None) -> None:
        self._tail_corners, self._tail, self.tail_tip = corners, None, tip

    @property
    def arrow(self) -> QPolygonF:
        """The mark at the target (empty: none) as a polygon, made when first asked: the link
        layer asks only for the marks it draws, and a big map opens far out, where it draws
        none (making all 19,025 of the political-blogs map's took 0.3 s as it opened)."""
        if self._arrow is None:
            self._arrow = _polygon(self._arrow_corners)
        return self._arrow

    @property
    def tail(self) -> QPolygonF:
        """The mark at the source (empty: none), made when first asked as ``arrow`` is."""
        if self._tail is None:
            self._tail = _polygon(self._tail_corners)
        return self._tail

    def _head(self, fx: float, fy: float, tx: float, ty: float, kind: str = "triangle") -> Corners:
        """The mark ``kind`` (mapviewer.model.ENDS) with its tip at (tx, ty), pointing away
        from (fx, fy): a "vee" is its two strokes as an open polyline, the rest outlines."""
        return end_corners(kind, (fx, fy), (tx, ty), self.arrow_scale)

    def _under_head(
        self, tip: tuple[float, float], other: tuple[float, float], kind: str = "triangle"
    ) -> tuple[float, float]:
        """Where the line ends under a mark with its tip at ``tip`` (the line comes from
        ``other``): inside it, so the line's round cap never pokes past the tip; at the tip
        of a vee, whose strokes have no inside to hide it in."""
        if kind == "vee":
            return tip
        dx, dy = other[0] - tip[0], other[1] - tip[1]
        length = math.hypot(dx, dy)
        arrow = ARROW_LENGTH * self.arrow_scale * END_LENGTHS.get(kind, 1.0)
        if length <= arrow:
            return tip
        return tip[0] + dx / length * arrow * 0.8, tip[1] + dy / length * arrow * 0.8

    # --- hover ----------------------------------------------------------------------------------

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        if self.in_bundle:  # nothing of it is drawn: the pointer is on its bundle
            return
        self.hovered = True
        self._refresh()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.hovered = False
        self._refresh()
        super().hoverLeaveEvent(event)


def _padded(text: LabelText) -> tuple[float, float]:
    """A phrase's box round its text."""
    return text.size.width() + 2 * LABEL_PAD_X, text.size.height() + 2 * LABEL_PAD_Y


def _freest(
    context: LinkContext, spots: Iterable[tuple[float, float]], w: float, h: float
) -> tuple[float, Rect]:
    """Of the boxes ``w`` by ``h`` centred on ``spots``, the first that nothing covers, else the
    least covered (the first of those), with how much is covered."""
    best: tuple[float, Rect] | None = None
    for x, y in spots:
        rect = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        covered = _covered(context, rect)
        if covered == 0:
            return 0.0, rect
        if best is None or covered < best[0]:
            best = covered, rect
    assert best is not None  # there is always the middle
    return best


def _free(
    context: LinkContext, spots: Iterable[tuple[float, float]], w: float, h: float
) -> Iterator[Rect]:
    """The boxes ``w`` by ``h`` centred on ``spots`` that nothing covers, in order."""
    for x, y in spots:
        rect = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        if _covered(context, rect) == 0:
            yield rect


def _meets(a: tuple[float, float], b: tuple[float, float], rect: Rect) -> bool:
    """Whether the segment from ``a`` to ``b`` passes through ``rect`` (Liang-Barsky)."""
    left, top, right, bottom = rect
    (ax, ay), (bx, by) = a, b
    if max(ax, bx) < left or min(ax, bx) > right or max(ay, by) < top or min(ay, by) > bottom:
        return False
    dx, dy = bx - ax, by - ay
    low, high = 0.0, 1.0
    for p, q in ((-dx, ax - left), (dx, right - ax), (-dy, ay - top), (dy, bottom - ay)):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            low = max(low, q / p)
        else:
            high = min(high, q / p)
        if low > high:
            return False
    return True


def _covered(context: LinkContext, rect: Rect) -> float:
    """How much of ``rect`` (with its gap round it) shown concept boxes and other shown phrases
    cover. What a filter hides takes no room: on a tour's slide the concepts not yet revealed
    pushed phrases off their links, next to others ("respond less to" sat on the wrong link)."""
    room = (rect[0] - PHRASE_GAP, rect[1] - PHRASE_GAP, rect[2] + PHRASE_GAP, rect[3] + PHRASE_GAP)
    others = [context.boxes.rect(key) for key in context.boxes.near(room) if key.shown]
    others += [context.phrases.rect(key) for key in context.phrases.near(room) if key.shown]
    overlaps = []
    for other in others:
        if other is not None:
            dx = min(room[2], other[2]) - max(room[0], other[0])
            dy = min(room[3], other[3]) - max(room[1], other[1])
            overlaps.append(max(dx, 0.5) * max(dy, 0.5))
    # fsum: exact whatever the order the grid's sets list them in (which follows the items'
    # hashes, so changes from run to run); a rounded sum let two equal spots swap places.
    return math.fsum(overlaps)


def _onto_outline(
    node: NodeItem, edge: tuple[float, float], after: tuple[float, float]
) -> tuple[float, float]:
    """Where a course that leaves ``node``'s box at ``edge`` (heading for ``after``) really
    leaves its outline: inside the box for ellipses, diamonds and the like."""
    if node.style.shape not in _SHAPED_OUTLINES:
        return edge
    dx, dy = edge[0] - after[0], edge[1] - after[1]
    length = math.hypot(dx, dy)
    if length == 0:
        return edge
    ux, uy = dx / length, dy / length
    reach = (node.cx - edge[0]) * ux + (node.cy - edge[1]) * uy  # to the nearest point to centre
    if reach <= 0:
        return edge

    def inside(t: float) -> bool:
        x, y = edge[0] + ux * t - node.cx, edge[1] + uy * t - node.cy
        bx, by = node.boundary_xy(node.cx + x, node.cy + y)
        return math.hypot(x, y) <= math.hypot(bx - node.cx, by - node.cy) + 1e-6

    if not inside(reach):
        return edge
    lo, hi = 0.0, reach
    for _ in range(14):
        t = (lo + hi) / 2
        if inside(t):
            hi = t
        else:
            lo = t
    return edge[0] + ux * hi, edge[1] + uy * hi


def _under(node: NodeItem, point: tuple[float, float]) -> bool:
    """Whether ``point`` lies inside the concept's box."""
    return abs(point[0] - node.cx) < node.half_w and abs(point[1] - node.cy) < node.half_h


def is_strong(item: EdgeItem) -> bool:
    """Drawn in the accent colour: selected, hovered or emphasised by the scene."""
    return item.isSelected() or item.hovered or bool(item.emphasis)


def _side_point(node: NodeItem, side: str | None) -> tuple[float, float] | None:
    """The middle of ``side`` of the concept's outline (None: no side given)."""
    if side not in NORMALS:
        return None
    nx, ny = NORMALS[side]
    reach = node.half_w + node.half_h + 1.0
    return node.boundary_xy(node.cx + nx * reach, node.cy + ny * reach)


def end_corners(
    kind: str, start: tuple[float, float], tip: tuple[float, float], scale: float = 1.0
) -> Corners:
    """A link's end mark ``kind`` (mapviewer.model.ENDS) with its tip at ``tip``, pointing
    away from ``start``, ``scale`` times a normal arrowhead's size: its corners in order, as
    plain numbers (the item makes them a polygon when it is drawn, see EdgeItem.arrow)."""
    (fx, fy), (tx, ty) = start, tip
    angle = math.atan2(ty - fy, tx - fx)
    ux, uy = math.cos(angle), math.sin(angle)
    length = ARROW_LENGTH * scale * END_LENGTHS.get(kind, 1.0)
    half = ARROW_WIDTH * scale * END_WIDTHS.get(kind, 1.0) / 2
    nx, ny = -uy * half, ux * half  # half the width, square to the line
    if kind in ("circle", "open_circle"):
        cx, cy = tx - ux * half, ty - uy * half
        steps = [2 * math.pi * i / CIRCLE_POINTS for i in range(CIRCLE_POINTS)]
        return [(cx + half * math.cos(a), cy + half * math.sin(a)) for a in steps]
    bx, by = tx - ux * length, ty - uy * length
    if kind in ("diamond", "open_diamond"):
        mx, my = (tx + bx) / 2, (ty + by) / 2
        return [(tx, ty), (mx + nx, my + ny), (bx, by), (mx - nx, my - ny)]
    if kind == "vee":
        return [(bx + nx, by + ny), (tx, ty), (bx - nx, by - ny)]
    return [(tx, ty), (bx + nx, by + ny), (bx - nx, by - ny)]


Cubic = tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]


def _cubic_at(points: Sequence[tuple[float, float]], t: float) -> tuple[float, float]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    u = 1 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3


def _t_from_end(points: Sequence[tuple[float, float]], distance: float, at_start: bool) -> float:
    """The curve's parameter where it is ``distance`` (straight) from its start or its end."""
    end = points[0] if at_start else points[3]
    near, far = (0.0, 1.0) if at_start else (1.0, 0.0)
    for _ in range(24):
        mid = (near + far) / 2
        if math.dist(_cubic_at(points, mid), end) < distance:
            near = mid
        else:
            far = mid
    return (near + far) / 2


def _cubic_between(points: Sequence[tuple[float, float]], start: float, end: float) -> Cubic:
    """The piece of a cubic Bezier curve from parameter ``start`` to ``end``, as a cubic of its
    own (de Casteljau's split, twice)."""

    def split(p: Sequence[tuple[float, float]], t: float) -> tuple[Cubic, Cubic]:
        def lerp(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
            return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t

        ab, bc, cd = lerp(p[0], p[1]), lerp(p[1], p[2]), lerp(p[2], p[3])
        abc, bcd = lerp(ab, bc), lerp(bc, cd)
        mid = lerp(abc, bcd)
        return (p[0], ab, abc, mid), (mid, bcd, cd, p[3])

    later = split(points, start)[1]
    return split(later, (end - start) / (1 - start))[0] if start < 1 else later


def yed_heads(data: dict[str, object]) -> tuple[bool, bool]:
    """Whether a link's source and target ends were yEd's filled heads, as its data keeps
    them (Edge.data's yed-arrows, "none standard" for a link with yEd's head at its target):
    those are drawn at yEd's size (YED_HEAD), the map's own links at the normal one."""
    kept = data.get("yed-arrows")
    shapes = kept.split() if isinstance(kept, str) else []
    if len(shapes) != 2:
        return False, False
    return shapes[0] in YED_FILLED_HEADS, shapes[1] in YED_FILLED_HEADS


def _polygon(corners: Corners) -> QPolygonF:
    return QPolygonF([QPointF(x, y) for x, y in corners])
