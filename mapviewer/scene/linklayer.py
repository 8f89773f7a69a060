"""Draws every visible link in one pass: lines batched, arrows and phrases per link.

One Python paint call per frame instead of one per link: at a working zoom on a 5k map a
thousand links cross the screen, and per-item painting spent more time in the calls than in
the pixels. When links cover the screen in a tangle, the long ones are drawn without
antialiasing, which costs a fifth as much per pixel, so panning stays above 60 frames a second.
Too far away for their phrases to be read, links between two groups are drawn as one bundle
(scene/bundles.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from mapviewer.colours import line_on
from mapviewer.groups import COUNT_AT
from mapviewer.scene.bundles import Bundle, bundle, redrawn
from mapviewer.scene.edgeitem import (
    ARROW_LENGTH,
    ARROW_WIDTH,
    BEND_HANDLE_PX,
    BEND_HANDLES_FROM,
    FILLED_ENDS,
    STRONG_WIDTH,
    EdgeItem,
    is_strong,
)
from mapviewer.scene.gridindex import GridIndex
from mapviewer.scene.nodeitem import DIM_OPACITY, MIN_READABLE_PX, NodeItem
from mapviewer.scene.style import DASH_PATTERNS, Theme, from_rgb, mix, rgb
from mapviewer.scene.text import centred

# Screen pixels of link length per frame beyond which long links lose their antialiasing.
TANGLE_PIXELS = 250_000
LONG_LINK_PIXELS = 400
FAINT, NORMAL, STRONG = 0, 1, 2  # drawing groups, in painting order
COUNT_PX = 10.0  # a bundle's count, on screen at any zoom
# A bundle's line is its links' colour this much over the canvas: a wide line at full strength
# drew the eye away from the concepts it joins.
BUNDLE_INK = 0.55


class LinkLayer(QGraphicsItem):
    """Paints the links the scene lists; the scene keeps ``bounds`` covering all of them."""

    def __init__(
        self, theme: Theme, end_of: Callable[[NodeItem], NodeItem] = lambda item: item
    ) -> None:
        """``end_of`` names the item a link's end is bundled at (its outermost frame)."""
        super().__init__()
        self.index: GridIndex[EdgeItem] = GridIndex()  # its scene rectangle, kept by the items
        self.bundling = True  # View > Bundle Links Between Groups
        self.bundles: list[Bundle] = []  # as last painted: none when close enough to read
        self.chips: list[QRectF] = []  # where their counts were last painted, in scene units
        self._chips_key: object = None  # what the counts' places were worked out for
        self._grouped_key: object = None  # what the bundles' links were grouped for
        self._grouped: list[Bundle] = []
        self._group_ends: dict[str, NodeItem] = {}
        self._chip_list: list[tuple[QPointF, str, QRectF]] = []
        self._chips_taken: list[QRectF] = []  # chips as placed for _chips_key
        self._chip_along: list[tuple[tuple[str, str], float, int]] = []  # ends, t, side
        # Set by a view while it paints: where it draws names over the map (scene units), which
        # the counts keep clear of. Under a name a count could be neither read nor clicked (8 of
        # the default map's 28 at fit in a full-HD window).
        self.keep_clear: list[QRectF] = []
        # Set with it while those names ride a move of the view (a wheel's zoom, a pan): the
        # counts keep the places chosen at rest, riding with their lines as the names ride,
        # and are placed again with the names once the view rests. Placing them at every
        # frame of a zoom cost 4 ms of its 30-40 on the default map in full HD.
        self.counts_ride = False
        # Set by a slide while it draws onto a PDF (mapviewer.slides.Stage.render): only the
        # phrases meeting this scene rectangle are drawn. A PDF keeps every word drawn in its
        # text layer, and phrases beyond the slide's edge or under its caption were there.
        self.phrase_window: QRectF | None = None
        self._end_of = end_of
        self._theme = theme
        self._bounds = QRectF()
        self._font_px = theme.link_font.pointSizeF() * 96 / 72
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(0.0)
        # Opaque, as CmapTools draws a linking phrase: the line stops at the phrase's edges.
        # Through a 0.92-alpha plate the line showed as a pale strip across the words, on a
        # white projector stage a smudge through "can lead to" read from the back row.
        self._label_brush = QBrush(QColor(theme.canvas))
        self._pens: dict[tuple[int, int, str, float], QPen] = {}
        self._bundle_pens: dict[tuple[str | None, float], QPen] = {}  # colour, width -> pen
        self._count_widths: dict[tuple[str, str], float] = {}  # a count's font and text -> px
        self._text_colors = {
            NORMAL: theme.link_label,
            STRONG: theme.accent,
            FAINT: mix(theme.link_label, theme.canvas, DIM_OPACITY),
        }

    def set_phrase_font(self, theme: Theme) -> None:
        """Paint phrases in ``theme``'s link font; it differs from the layer's theme in nothing
        else (see MapScene.set_phrase_font)."""
        self._theme = theme
        self._bundle_pens.clear()
        self._font_px = theme.link_font.pointSizeF() * 96 / 72
        self.update()

    def pen_for(self, item: EdgeItem, group: int | None = None) -> QPen:
        """The pen ``item`` is drawn with: its own colour (the theme's if none; the accent when
        selected, hovered or emphasised), faded when dimmed, its dash pattern and its width."""
        if group is None:
            group = STRONG if is_strong(item) else FAINT if item.dimmed else NORMAL
        color = item.color if item.color is not None else self._theme.link
        key = (group, color.rgba(), item.dash, item.width)
        pen = self._pens.get(key)
        if pen is None:
            pen = link_pen(self._theme, color, item.dash, group, item.width)
            self._pens[key] = pen
        return pen

    def set_bounds(self, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self._bounds = rect

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never under the mouse: clicks go to the items or the canvas

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        exposed = option.exposedRect
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        groups: dict[int, list[EdgeItem]] = {FAINT: [], NORMAL: [], STRONG: []}
        # In id order, not the set's (memory addresses): where links cross, the one drawn last
        # shades the crossing, and two renders of one map differed in 1,710 pixels.
        for item in sorted(self.index.query(exposed), key=_by_id):
            if item.shown:
                strong = item.isSelected() or item.hovered or item.emphasis
                groups[STRONG if strong else FAINT if item.dimmed else NORMAL].append(item)
        readable = lod * self._font_px >= MIN_READABLE_PX
        if self.far(lod):
            self.bundles = self._bundle()
        elif self.bundles:
            self._unbundle()  # each link is its own line again, and takes the pointer again
        if self.bundles:
            groups[NORMAL] = [i for i in groups[NORMAL] if not i.in_bundle]
        # Each group's phrases over its own lines and under the next group's: a faded link's
        # phrase had covered the end and arrowhead of the link a tour step was about.
        for group, links in groups.items():
            self._draw_links(painter, links, group, lod, exposed)
            if group == NORMAL and self.bundles:
                self._draw_bundles(painter, lod)
            if readable:
                self._draw_labels(painter, links, group, exposed)
        if lod >= BEND_HANDLES_FROM:
            self._draw_bend_handles(painter, groups[STRONG], lod)

    def _draw_bend_handles(self, painter: QPainter, links: list[EdgeItem], lod: float) -> None:
        """A square on each bend of a selected link that can be edited, where a drag takes
        the bend (MapView): over everything, so a phrase never hides one."""
        side = BEND_HANDLE_PX / lod
        pen = QPen(self._theme.accent, 1.5)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(self._label_brush)
        for item in links:
            if item.isSelected() and item.source.editable:
                for x, y in item.drawn_bends():
                    painter.drawRect(QRectF(x - side / 2, y - side / 2, side, side))

    def bundle_at(self, point: QPointF, scale: float) -> Bundle | None:
        """The bundle drawn under ``point`` (scene units) at ``scale``, the nearest if two
        are; None when none is drawn there."""
        if not self.far(scale):
            return None
        under = [b for b in self.bundles if b.reaches(point, scale)]
        return min(under, key=lambda b: b.distance(point), default=None)

    def bundled(self, scale: float | None = None) -> set[str]:
        """The links drawn only as part of a bundle (at ``scale``, when given: the bundles
        last painted are of no scale a view has zoomed in to since): nothing of theirs shows."""
        if scale is not None and not self.far(scale):
            return set()
        return {link for b in self.bundles for link in b.links}

    def far(self, scale: float) -> bool:
        """Whether at ``scale`` links between groups are bundled: no phrase can be read."""
        return self.bundling and scale * self._font_px < MIN_READABLE_PX

    def set_bundling(self, on: bool) -> None:
        if on != self.bundling:
            self.bundling = on
            if not on:
                self._unbundle()
            self.update()

    def _unbundle(self) -> None:
        self.bundles = []
        self._grouped_key = None
        for link in self.index.members():
            link.in_bundle = False

    def _bundle(self) -> list[Bundle]:
        """The bundles of every link drawn plainly (not only those painted now: a repaint of
        part of the view must count the same). None while some links are lit and the rest
        faded (a selection's neighbours, a filter): those are read one by one. Nor the links
        of a selected concept, or a selected or emphasised one; a hovered one stays in, its
        hover refused (nothing of it shows), or the bundle under the pointer lost a link.
        Which links make each bundle is worked out again only when the scene's revision (an
        edit, the selection, a filter), the links or their emphasis change; their lines follow
        their ends at every frame (a glide moves the frames)."""
        links = self.index.members()
        revision = getattr(self.scene(), "revision", None)  # a slide's stage has none
        key = (
            revision,
            tuple(links),
            tuple(link.emphasis for link in links),
            tuple(link.shown for link in links),
        )
        if revision is None or key != self._grouped_key:
            self._grouped, self._group_ends = self._group(links)
            self._grouped_key = key
        self._grouped = redrawn(self._grouped, self._group_ends)
        return self._grouped

    def _group(self, links: list[EdgeItem]) -> tuple[list[Bundle], dict[str, NodeItem]]:
        """The bundles the links make, and their ends by concept id; marks each link drawn
        only as part of one."""
        for link in links:
            link.in_bundle = False
        if links and links[0].dim_state.keep_edges is not None:
            return [], {}
        plain = [i for i in links if i.shown and not (i.isSelected() or i.emphasis)]
        plain = [i for i in plain if not (i.source.isSelected() or i.target.isSelected())]
        ends: dict[int, NodeItem] = {}  # each concept's end once, not once per link of it

        def end_of(item: NodeItem) -> NodeItem:
            end = ends.get(id(item))
            if end is None:
                end = ends[id(item)] = self._end_of(item)
            return end

        bundles, alone = bundle(plain, end_of)
        kept = set(alone)
        for link in plain:
            link.in_bundle = link not in kept
        return bundles, {end.node_id: end for end in ends.values()}

    def _draw_bundles(self, painter: QPainter, lod: float) -> None:
        """Each bundle a line as wide as the log of its count, the count on it."""
        theme = self._theme
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for item in self.bundles:
            painter.setPen(self._bundle_pen(item.color, item.pixel_width()))
            painter.drawLine(item.line)
        font = QFont(theme.link_font)  # a copy: the theme's is every phrase's
        font.setPixelSize(round(COUNT_PX))
        painter.setFont(font)
        for spot, text, chip in self._chip_places(font, lod):
            painter.save()
            painter.translate(spot)
            painter.scale(1 / lod, 1 / lod)
            painter.setPen(QPen(self._text_colors[NORMAL], 1.0))
            painter.setBrush(self._label_brush)
            painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
            painter.restore()

    def _bundle_pen(self, color: str | None, width: float) -> QPen:
        """A bundle's pen, made once: each frame of a zoom had mixed every bundle's ink anew."""
        key = (color, width)
        pen = self._bundle_pens.get(key)
        if pen is None:
            theme = self._theme
            link = theme.link if color is None else QColor(color)
            ink = mix(link_pen(theme, link, "solid", NORMAL).color(), theme.canvas, BUNDLE_INK)
            pen = self._bundle_pens[key] = QPen(ink, width)
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        return pen

    def _chip_places(self, font: QFont, lod: float) -> list[tuple[QPointF, str, QRectF]]:
        """Where each bundle's count goes (scene point, text, chip in pixels about it), the
        biggest bundle first, at its middle. Kept while the bundles, the scale and the names
        stay: every repaint at a still camera had searched the places again."""
        key = (
            [(b.ends, b.count, b.line) for b in self.bundles],
            lod,
            [(r.x(), r.y(), r.width(), r.height()) for r in self.keep_clear],
            font.key(),
        )
        if key == self._chips_key:
            self.chips = self._chips_taken  # riding frames between left theirs
            return self._chip_list
        if self.counts_ride and self._chips_key is not None:
            riding = self._riding_chips(key, lod)
            if riding is not None:
                return riding
        metrics = QFontMetricsF(font)
        taken: list[QRectF] = []  # chips placed, in scene units
        places = []
        along = []
        for item in sorted(self.bundles, key=lambda b: -b.count):  # the biggest at its middle
            text = str(item.count)
            # Measured once a count: a zoom places the counts again at every frame.
            width = self._count_widths.get((key[3], text))
            if width is None:
                width = self._count_widths[key[3], text] = metrics.horizontalAdvance(text)
            w, h = width + 8, metrics.height() + 2
            spot = _chip_spot(item, w / lod, h / lod, taken, self.keep_clear)
            if spot is not None:  # else names cover every place near it: its line remains
                places.append(
                    (
                        chip_point(item.line, *spot, w / lod, h / lod),
                        text,
                        QRectF(-w / 2, -h / 2, w, h),
                    )
                )
                along.append((item.ends, *spot))
        self.chips = self._chips_taken = taken
        self._chips_key, self._chip_list, self._chip_along = key, places, along
        return places

    def _riding_chips(self, key: tuple, lod: float) -> list[tuple[QPointF, str, QRectF]] | None:
        """The counts placed at rest, each as far along its line and beside it (in pixels) as
        then, where the line is now drawn; None when the bundles or the type have changed."""
        before = self._chips_key
        if not isinstance(before, tuple) or before[3] != key[3]:
            return None
        if [(ends, count) for ends, count, _ in before[0]] != [
            (b.ends, b.count) for b in self.bundles
        ]:
            return None
        lines = {b.ends: b.line for b in self.bundles}
        places = []
        self.chips = []
        for (_, text, chip), (ends, t, side) in zip(self._chip_list, self._chip_along, strict=True):
            w, h = chip.width() / lod, chip.height() / lod
            point = chip_point(lines[ends], t, side, w, h)
            places.append((point, text, chip))
            self.chips.append(QRectF(point.x() - w / 2, point.y() - h / 2, w, h))
        return places

    def _draw_links(
        self, painter: QPainter, links: list[EdgeItem], group: int, lod: float, exposed: QRectF
    ) -> None:
        """Links of one pen are batched: most maps have a single pen, so one call draws them.
        A pen has one width, so the links of a batch share the size of their arrowheads."""
        by_pen: dict[int, tuple[QPen, list[EdgeItem]]] = {}
        for item in links:
            pen = self.pen_for(item, group)
            by_pen.setdefault(id(pen), (pen, []))[1].append(item)
        for pen, same in by_pen.values():
            self._draw_pen(painter, same, pen, group, lod, exposed, same[0].arrow_scale)

    def _draw_pen(
        self,
        painter: QPainter,
        links: list[EdgeItem],
        pen: QPen,
        group: int,
        lod: float,
        exposed: QRectF,
        scale: float = 1.0,
    ) -> None:
        color = pen.color()
        straight = [i.line for i in links if i.line is not None]
        total = sum(line.length() for line in straight) * lod
        if total > TANGLE_PIXELS and group != STRONG:
            long_cut = LONG_LINK_PIXELS / lod
            long_lines = [line for line in straight if line.length() > long_cut]
            straight = [line for line in straight if line.length() <= long_cut]
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            fast = QPen(color, max(1.0, pen.widthF() * lod))
            fast.setCosmetic(True)
            if pen.style() != Qt.PenStyle.SolidLine:
                fast.setDashPattern(pen.dashPattern())
            painter.setPen(fast)
            painter.drawLines(long_lines)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # Round caps on lines over a pixel wide send the whole batch through Qt's stroker as
        # one path: most of the 73 ms of CPU a frame took at 100 % on the default map in full
        # HD (18 ms with flat caps). The ends lie under the concepts and the arrowheads; along
        # the lines nearly all pixels differ by at most 2 levels in 255. Not on a dotted or
        # dashed pen: a dot is a dash 0.1 long that only its round cap makes round, and flat
        # it was a hair-thin slash across the line (a dotted Gephi link all but vanished).
        flat = QPen(pen)
        flat.setCapStyle(Qt.PenCapStyle.FlatCap)
        solid = pen.style() == Qt.PenStyle.SolidLine
        painter.setPen(flat if solid and pen.widthF() * lod > 1.0 else pen)
        painter.drawLines(straight)
        painter.setPen(pen)
        for item in links:
            if item.line is None:
                painter.drawPath(item.curve)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        # Only arrowheads near the exposed part: a long link crossing the screen has its head
        # far off it, and asking Qt to clip each cost 2 ms a frame close up on the 20k map.
        reach = (ARROW_LENGTH + ARROW_WIDTH) * scale + 4 / max(lod, 1e-6)
        left, right = exposed.left() - reach, exposed.right() + reach
        top, bottom = exposed.top() - reach, exposed.bottom() + reach
        marks: list[tuple[QPolygonF, str]] = []  # drawn after the filled heads, pen by pen
        for item in links:
            tip = item.arrow_tip
            if item.has_head and (
                tip is None or (left <= tip[0] <= right and top <= tip[1] <= bottom)
            ):
                if item.head_kind in FILLED_ENDS:
                    painter.drawPolygon(item.arrow)
                else:
                    marks.append((item.arrow, item.head_kind))
            tip = item.tail_tip  # a two-way link's head at its source, or its mark there
            if tip is not None and left <= tip[0] <= right and top <= tip[1] <= bottom:
                if item.tail_kind in FILLED_ENDS:
                    painter.drawPolygon(item.tail)
                else:
                    marks.append((item.tail, item.tail_kind))
        if marks:
            self._draw_marks(painter, marks, pen)

    def _draw_marks(self, painter: QPainter, marks: list[tuple[QPolygonF, str]], pen: QPen) -> None:
        """Open end marks: outlined in the links' colour round the canvas (the line under an
        open triangle or diamond does not show through it, as in yEd), a vee as two strokes."""
        outline = QPen(pen)
        outline.setStyle(Qt.PenStyle.SolidLine)  # a dashed link's triangle is whole
        outline.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        outline.setWidthF(min(pen.widthF(), 2.0 * self._theme.link_width))
        painter.setPen(outline)
        for polygon, kind in marks:
            if kind == "vee":
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPolyline(polygon)
            else:
                painter.setBrush(self._theme.canvas)
                painter.drawPolygon(polygon)

    def _draw_labels(
        self, painter: QPainter, links: list[EdgeItem], group: int, exposed: QRectF
    ) -> None:
        theme = self._theme
        painter.setFont(theme.link_font)
        frame = QPen(theme.accent, 1.0) if group == STRONG else Qt.PenStyle.NoPen
        text_color = self._text_colors[group]
        window = self.phrase_window
        for item in links:
            rect = item.label_rect
            if item.text is None or not rect.intersects(exposed):
                continue
            if window is not None and not window.intersects(rect):
                continue
            painter.setPen(frame)
            painter.setBrush(self._label_brush)
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(text_color)
            item.text.draw(painter, rect.center() + centred(item.text.size))


def _chip_spot(
    bundle: Bundle, w: float, h: float, taken: list[QRectF], names: list[QRectF]
) -> tuple[float, int] | None:
    """Where a bundle's count goes (how far along its line, and on which side of it, see
    chip_point): along its line (mapviewer.groups.COUNT_AT, the middle first) where it covers
    no other count and lies under no name, then beside the line; else the first such place
    under no name. None when names cover them all."""
    line = bundle.line
    away = max(w, h) / 2 + h / 8
    # Only the names near this line, and each spot tried in turn until one is free: every
    # spot against every name was most of the 72 ms of CPU a repaint took at fit on the
    # default map in full HD (28 bundles, 85 spots each, 57 names).
    reach = QRectF(line.p1(), line.p2()).normalized()
    reach.adjust(-3 * away, -3 * away, 3 * away, 3 * away)
    names = [r for r in names if r.intersects(reach)]
    first: tuple[tuple[float, int], QRectF] | None = None
    for side in (0, 1, -1, 2, -2):
        for t in COUNT_AT:
            point = chip_point(line, t, side, w, h)
            rect = QRectF(point.x() - w / 2, point.y() - h / 2, w, h)
            if _meets(rect, names):
                continue
            if not _meets(rect, taken):
                taken.append(rect)
                return t, side
            if first is None:
                first = ((t, side), rect)
    if first is None:
        return None
    taken.append(first[1])
    return first[0]


def chip_point(line: QLineF, t: float, side: int, w: float, h: float) -> QPointF:
    """The middle of a count ``w`` x ``h`` (scene units) ``t`` along ``line``, ``side`` steps
    of its size beside it (0 on it; positive to the left of its direction)."""
    length = line.length() or 1.0
    away = max(w, h) / 2 + h / 8
    across = QPointF(-line.dy() / length, line.dx() / length) * (away * side)
    return line.pointAt(t) + across


def _meets(rect: QRectF, others: list[QRectF]) -> bool:
    return any(rect.intersects(other) for other in others)


def link_pen(theme: Theme, color: QColor, dash: str, group: int, width: float = 1.0) -> QPen:
    """A link's pen in a drawing group: the accent and wider when strong, faded when faint.
    ``width`` is the link's own, in the theme's normal lines (its dashes grow with it)."""
    width = theme.link_width * width * (STRONG_WIDTH if group == STRONG else 1.0)
    color = from_rgb(line_on(rgb(color), rgb(theme.canvas), rgb(theme.link)))
    if group == STRONG:
        color = theme.accent
    elif group == FAINT:
        color = mix(color, theme.canvas, DIM_OPACITY)  # opaque: the fast way to draw faint
    pen = QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    pattern = DASH_PATTERNS.get(dash)
    if pattern is not None:
        pen.setDashPattern(pattern)
    return pen


def _by_id(item: EdgeItem) -> str:
    return item.edge_id
