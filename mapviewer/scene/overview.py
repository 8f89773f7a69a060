"""The whole map in a few batched draw calls, for zoom levels where no label is readable.

Painting 5,000 concept items one Python call at a time costs over 100 ms; this item draws every
link with one ``drawLines`` and the concepts with one ``drawRects`` per kind, so a big map at fit
repaints in a few milliseconds.

The view draws it itself in overview mode (``draw_on_view``), from a picture of the map at the
current scale: Qt's own drawing first asks its item index for every item under the viewport and
sorts them, which on a 20k map (48,000 items, all under the viewport at fit) cost 90-200 ms a
frame before a single pixel was drawn. A pan blits the picture; a zoom step draws the old
picture scaled, and the view asks for a sharp one once zooming stops.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from mapviewer.scene.picture import DECODED_KEPT, draw_picture
from mapviewer.scene.style import KindStyle, Theme, mix, shape_path

# A link's own colour, faded less than the theme's grey so the links someone coloured stand out.
OWN_COLOUR_FADE = 0.3
# Dash patterns of 1.2-pixel cosmetic lines, in pen widths: the map far away still shows them.
OVERVIEW_DASHES = {"dash": [4.0, 3.0], "dot": [1.0, 2.5], "dashdot": [4.0, 2.5, 1.0, 2.5]}
LineStyle = tuple[str | None, str]  # a link's own colour "#RRGGBB" (None: the theme's) and dash
# The picture covers the whole map when it is at most this many viewports in pixels (a pan is
# then a blit), else the viewport and a margin of half a viewport round it.
WHOLE_MAP_VIEWPORTS = 4.0
# Shapes a far-away rectangle stands in for (a rounded box's corners are a pixel or two there);
# any other shape is drawn as itself: Gephi's discs (rio's 366, the Arctic's 1,715) had all
# turned into squares once the map was far enough away to be drawn here.
BOXY_SHAPES = {"rectangle", "rounded"}
# Concepts drawn as their picture in the overview, at most: each costs about 65 us a picture of
# the map made (a pixmap looked up and drawn), where a box costs 10 us; 500 of them add 35 ms
# to a 5,000-concept map's 53 ms. Past it, or past the pictures kept decoded (each would be
# decoded again for every picture made), they are drawn as boxes, as before.
OVERVIEW_PICTURES = 500


class OverviewFrame(NamedTuple):
    """A group's frame as the canvas draws it (GroupItem.overview_frame): drawn in the
    overview's concept colours, a frame was a solid block over the links inside it."""

    box: QRectF
    fill: QColor  # translucent, as the canvas's
    border: QColor
    band: QRectF | None  # the title band across the top; None: the title is written above
    band_fill: QColor
    title: QRectF  # where the title is written: a bar stands for it, as for a concept's label


class OverviewItem(QGraphicsItem):
    """Draws cached rectangles and lines; the scene refreshes the cache when the map changes."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._bounds = QRectF()
        self._lines: list[tuple[QPen, list[QLineF]]] = []
        self._rects: list[tuple[QColor, QColor, list[QRectF]]] = []
        self._shapes: list[tuple[QColor, QColor, QPainterPath]] = []
        self._bars: list[QRectF] = []
        self._pictures: list[tuple[QRectF, str, QColor, QColor]] = []
        self._frames: list[OverviewFrame] = []
        self._selected: list[QRectF] = []
        self._selected_frames: list[QRectF] = []
        self._link_color = mix(theme.link, theme.canvas, 0.55)
        self._bar_color = mix(theme.text, theme.canvas, 0.35)
        self.setZValue(-1.0)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        # The view's picture of the drawing (see draw_on_view): pixels, the scale they were
        # drawn at, and the scene rectangle they cover; ``None`` when the content changed.
        self._picture: tuple[QPixmap, float, QRectF] | None = None

    def set_content(
        self,
        nodes: list[tuple[QRectF, KindStyle]],
        lines: dict[LineStyle, list[QLineF]],
        bounds: QRectF,
        frames: list[OverviewFrame] | None = None,
        pictures: list[tuple[QRectF, KindStyle, str]] | None = None,
    ) -> None:
        """``lines``: the links as straight pieces (a routed link gives several), by style;
        ``frames``: the groups drawn round their members, outermost first, drawn behind the
        links as the canvas draws them; ``pictures``: the concepts drawn as their picture,
        small, as the canvas draws them, while there are at most OVERVIEW_PICTURES of them
        and no more different pictures than are kept decoded (scene.picture.DECODED_KEPT):
        more, and they are boxes like the rest (see OVERVIEW_PICTURES)."""
        self.prepareGeometryChange()
        pictures = pictures or []
        distinct = len({uri for _, _, uri in pictures})
        if len(pictures) > OVERVIEW_PICTURES or distinct > DECODED_KEPT:
            nodes = [*nodes, *((rect, style) for rect, style, _ in pictures)]
            pictures = []
        self._pictures = [(rect, uri, s.fill, s.border) for rect, s, uri in pictures]
        self._frames = list(frames or [])
        self._bounds = bounds.adjusted(-10, -10, 10, 10)
        self._lines = [(self._pen(color, dash), pieces) for (color, dash), pieces in lines.items()]
        by_kind: dict[str, tuple[QColor, QColor, list[QRectF]]] = {}
        shaped: dict[str, tuple[QColor, QColor, QPainterPath]] = {}
        bars = []
        for rect, style in nodes:
            if style.shape in BOXY_SHAPES:
                by_kind.setdefault(style.id, (style.fill, style.border, []))[2].append(rect)
            else:
                if style.id not in shaped:
                    path = QPainterPath()
                    path.setFillRule(Qt.FillRule.WindingFill)  # two that overlap leave no hole
                    shaped[style.id] = (style.fill, style.border, path)
                shaped[style.id][2].addPath(shape_path(style.shape, rect))
            bar_h = min(rect.height() * 0.22, 9.0)
            bars.append(
                QRectF(
                    rect.left() + rect.width() * 0.15,
                    rect.center().y() - bar_h / 2,
                    rect.width() * 0.7,
                    bar_h,
                )
            )
        for framed in self._frames:
            bar_h = min(framed.title.height() * 0.6, 9.0)
            title = framed.title
            bars.append(QRectF(title.left(), title.center().y() - bar_h / 2, title.width(), bar_h))
        self._rects = list(by_kind.values())
        self._shapes = list(shaped.values())
        self._bars = bars
        self._picture = None
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

    def set_selected(self, rects: list[QRectF], frames: list[QRectF] | None = None) -> None:
        """The selection is drawn over the picture, so selecting redraws no link. A selected
        frame (``frames``) is outlined, as the canvas outlines it: filled, it hid its members."""
        frames = frames or []
        changed = self._selected + self._selected_frames + rects + frames
        self._selected, self._selected_frames = rects, frames
        if changed:
            area = changed[0]
            for rect in changed[1:]:
                area = area.united(rect)
            self.update(area.adjusted(-2, -2, 2, 2))

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never under the mouse: clicks go to the items or the canvas

    def draw_on_view(
        self, painter: QPainter, transform: QTransform, viewport: QRect, sharp: bool
    ) -> bool:
        """Draw onto a view whose scene-to-pixel ``transform`` scales and moves only, with
        ``painter`` in pixels. Reuses the picture when its scale matches; when it does not and
        ``sharp`` is False (a zoom under way) the old picture is drawn scaled. Returns whether
        what was drawn is sharp; the caller asks again with ``sharp`` once zooming stops."""
        scale = transform.m11()
        wanted = transform.inverted()[0].mapRect(QRectF(viewport))
        seen = wanted.intersected(self._bounds)
        picture = self._picture
        fresh = picture is not None and abs(picture[1] - scale) <= scale * 1e-9
        if seen.isEmpty():
            render = False  # nothing of the map in view; the selection is drawn below
        elif picture is None:
            render = True
        elif fresh:
            render = not picture[2].contains(seen)
        else:
            render = sharp or picture[2].intersected(seen).isEmpty()
        if render:
            picture = self._render(scale, wanted, viewport)
            fresh = True
        if picture is not None and not seen.isEmpty():
            self._blit(painter, transform, picture, fresh)
        if self._selected or self._selected_frames:
            painter.save()
            painter.setTransform(transform)
            self._draw_selection(painter)
            painter.restore()
        return fresh or seen.isEmpty()

    def _draw_selection(self, painter: QPainter) -> None:
        painter.setPen(QPen(self._theme.accent, 0))
        painter.setBrush(self._theme.accent)
        painter.drawRects(self._selected)
        if self._selected_frames:
            outline = QPen(self._theme.accent, 2.0)
            outline.setCosmetic(True)
            painter.setPen(outline)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects(self._selected_frames)

    @staticmethod
    def _blit(
        painter: QPainter,
        transform: QTransform,
        picture: tuple[QPixmap, float, QRectF],
        fresh: bool,
    ) -> None:
        pixmap, _, covered = picture
        target = transform.mapRect(covered)
        if fresh:
            painter.drawPixmap(QPointF(round(target.left()), round(target.top())), pixmap)
        else:
            painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))

    def _render(
        self, scale: float, wanted: QRectF, viewport: QRect
    ) -> tuple[QPixmap, float, QRectF]:
        """A transparent picture at ``scale``: of the whole map when it is small enough, else
        of ``wanted`` and half a viewport round it."""
        whole = self._bounds
        pixels = whole.width() * whole.height() * scale * scale
        if pixels <= WHOLE_MAP_VIEWPORTS * viewport.width() * viewport.height():
            covered = QRectF(whole)
        else:
            grow_x, grow_y = wanted.width() / 2, wanted.height() / 2
            covered = wanted.adjusted(-grow_x, -grow_y, grow_x, grow_y).intersected(whole)
        # Whole pixels, so the picture is blitted without resampling.
        left, top = math.floor(covered.left() * scale), math.floor(covered.top() * scale)
        right, bottom = math.ceil(covered.right() * scale), math.ceil(covered.bottom() * scale)
        covered = QRectF(left / scale, top / scale, (right - left) / scale, (bottom - top) / scale)
        pixmap = QPixmap(max(1, right - left), max(1, bottom - top))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setTransform(QTransform(scale, 0, 0, scale, -left, -top))
        self._draw(painter, scale, with_selection=False)
        painter.end()
        self._picture = (pixmap, scale, covered)
        return self._picture

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        self._draw(painter, option.levelOfDetailFromTransform(painter.worldTransform()))

    def _draw(self, painter: QPainter, lod: float, with_selection: bool = True) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for framed in self._frames:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(framed.fill)
            painter.drawRect(framed.box)
            if framed.band is not None:
                painter.setBrush(framed.band_fill)
                painter.drawRect(framed.band.intersected(framed.box))
            outline = QPen(framed.border, 1.0)
            outline.setCosmetic(True)
            painter.setPen(outline)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(framed.box)
        for pen, lines in self._lines:
            painter.setPen(pen)
            painter.drawLines(lines)
        for fill, border, rects in self._rects:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill if lod > 0.08 else border)
            painter.drawRects(rects)
        for fill, border, path in self._shapes:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill if lod > 0.08 else border)
            painter.drawPath(path)
        for rect, uri, fill, border in self._pictures:
            # A picture that cannot be read, or one too far away to show, is its box.
            if lod <= 0.08 or not draw_picture(painter, uri, rect):
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill if lod > 0.08 else border)
                painter.drawRect(rect)
        if lod > 0.08:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._bar_color)
            painter.drawRects(self._bars)
        if with_selection:
            self._draw_selection(painter)
