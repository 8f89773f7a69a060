"""How a map looks: the theme (canvas, fonts, links) and each kind's colour and shape.

A kind's colour is its concepts' fill, drawn as given in every theme: the kinds' palette
(mapviewer.palette) is designed so fills differ in lightness as well as hue and stay apart under
simulated deuteranopia and protanopia, which pale tints of it did not (tests/test_kind_colours.py).
The label on a fill is the theme's text colour where that reads at 4.5:1, else black or white;
the outline keeps 3:1 against the canvas. Every kind also gets its own shape so colour is never
the only cue. A tinted map (ConceptMap.fills, how Obsidian draws a coloured card) draws the colour
as the outline instead, round a faint tint of it, under the theme's text colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cache, cached_property

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen, QPolygonF

from mapviewer.boxes import (
    LABEL_PT,
    LABEL_WIDTH,
    cylinder_lid,
    document_wave,
    label_font,
    polygon_fractions,
)
from mapviewer.colours import (
    AA_GRAPHIC,
    AA_TEXT,
    RGB,
    composite,
    contrast,
    readable_on,
    tinted_look,
    to_hex,
)
from mapviewer.model import ConceptMap, Kind, Node
from mapviewer.palette import DEFAULT_COLOR, DEFAULT_SHAPE, kind_color, kind_shape, readable_text
from mapviewer.palette import PALETTE as PALETTE  # the kinds dialog offers these colours

DEFAULT_KIND = Kind.model_construct(
    id="", label="Concept", color=DEFAULT_COLOR, shape=DEFAULT_SHAPE
)


LINK_PT = 8.5  # linking phrases' type in the window
# Dash patterns in pen widths: Qt's own (4 on, 2 off) read as a solid line at a link's width.
DASH_PATTERNS = {"dash": [5.0, 3.5], "dot": [0.1, 2.6], "dashdot": [5.0, 2.6, 0.1, 2.6]}
PHRASE_WIDTH = 120.0  # linking phrases wrap at this many scene units in the window


@dataclass(frozen=True)
class KindStyle:
    """The resolved look of one kind: what the painter needs, nothing to look up while painting."""

    id: str
    label: str
    color: QColor
    fill: QColor
    border: QColor
    text: QColor
    shape: str
    pen: QPen
    brush: QBrush
    # The concept's own outline (Node.border_width, border_dash), which a group's frame draws
    # with its own thinner pen too: the width in the theme's outlines, the dash a DASHES name.
    border_scale: float = 1.0
    border_dash: str = "solid"
    # The concept's own label type (Node.text_size) in the theme's family and lettering; None:
    # the theme's node_font. Shared by the concepts of one look, so metrics are measured once.
    font: QFont | None = None
    # A group's own inside (Node.inside_color), opaque as its tool filled it; None: a tint.
    inside: QColor | None = None


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: caches key on it
class Theme:
    """Canvas-wide look. The projector and dark themes are instances of this, not subclasses."""

    name: str = "light"
    canvas: QColor = field(default_factory=lambda: QColor("#FBFBF8"))
    text: QColor = field(default_factory=lambda: QColor("#1B1F23"))
    link: QColor = field(default_factory=lambda: QColor("#6B7780"))
    link_label: QColor = field(default_factory=lambda: QColor("#39424A"))
    accent: QColor = field(default_factory=lambda: QColor("#1565C0"))
    # The label font and wrap width are mapviewer.boxes's, with which the document packs the
    # concepts a file left unplaced: a theme that changed them would draw other boxes than that.
    font_family: str = ""
    font_pt: float = LABEL_PT
    link_font_pt: float = LINK_PT
    link_width: float = 1.4
    border_width: float = 1.8
    label_width: float = LABEL_WIDTH  # labels wrap at this many scene units
    plain_labels: bool = False  # a map whose labels are plain (ConceptMap.lettering): see lettered

    @cached_property
    def node_font(self) -> QFont:
        return label_font(self.font_family, self.font_pt, self.plain_labels)

    def node_font_at(self, size: float | None) -> QFont:
        """A concept's type at its own text size (Node.text_size), or the theme's without one."""
        if size is None:
            return self.node_font
        return label_font(self.font_family, size, self.plain_labels)

    @property
    def phrase_wrap(self) -> float:
        """How wide a linking phrase's lines may grow, in scene units: wider as its type is
        bigger, so a projector's larger phrases break where the window's do. On slides they
        wrapped at the window's width, "patrol the body for abnormal cells such as" on four
        lines, too tall to sit on its link."""
        return PHRASE_WIDTH * self.link_font_pt / LINK_PT

    @cached_property
    def link_font(self) -> QFont:
        font = QFont(self.font_family) if self.font_family else QFont()
        font.setPointSizeF(self.link_font_pt)
        return font


_PLAIN: dict[Theme, Theme] = {}  # a theme -> its copy for plain labels
_BOLD: dict[Theme, Theme] = {}  # and back


def lettered(theme: Theme, lettering: str) -> Theme:
    """``theme`` for a map lettered ``lettering`` (ConceptMap.lettering): plain labels in a
    copy made once per theme, so caches keyed on a theme hold."""
    plain = lettering == "plain"
    if theme.plain_labels == plain:
        return theme
    if not plain:
        return _BOLD[theme]
    found = _PLAIN.get(theme)
    if found is None:
        found = _PLAIN[theme] = replace(theme, plain_labels=True)
        _BOLD[found] = theme
    return found


_PAGED: dict[tuple[Theme, str], Theme] = {}  # (a theme, a map's page colour) -> its copy


def on_page(theme: Theme, background: str | None) -> Theme:
    """``theme`` for a map drawn on a page of its own colour (ConceptMap.background): that
    canvas, with text, phrases, links and accent taken from the theme of the page's lightness
    (a dark page: the dark theme's light text) and kept readable on it (text 4.5:1, lines and
    accent 3:1). A CmapTools map made on navy wrote white phrases the light theme drew in
    near-black, unreadable. One copy per theme and colour, so caches keyed on a theme hold."""
    if background is None or theme.canvas == QColor(background):
        return theme
    found = _PAGED.get((theme, background))
    if found is None:
        page = QColor(background)
        projector = theme.name.startswith("projector")
        if (page.lightness() < 128) == (theme.canvas.lightness() < 128):
            ink = theme
        elif page.lightness() < 128:
            ink = PROJECTOR_DARK if projector else DARK
        else:
            ink = PROJECTOR_LIGHT if projector else LIGHT
        found = replace(
            theme,
            canvas=page,
            text=legible_on(ink.text, page),
            link=legible_on(ink.link, page, AA_GRAPHIC),
            link_label=legible_on(ink.link_label, page),
            accent=legible_on(ink.accent, page, AA_GRAPHIC),
        )
        _PAGED[(theme, background)] = found
    return found


LIGHT = Theme()
DARK = Theme(
    name="dark",
    canvas=QColor("#1C1F24"),
    text=QColor("#ECEFF3"),
    link=QColor("#8C98A5"),
    link_label=QColor("#C9D1D9"),
    accent=QColor("#58A6FF"),
)

# Projector themes: high contrast, thick links and outlines. Fonts and label widths stay those of
# LIGHT so every box keeps the size the map was laid out for; type is made big for the hall by
# the presentation's zoom, which it picks from the screen height.
PROJECTOR_LIGHT = Theme(
    name="projector-light",
    canvas=QColor("#FFFFFF"),
    text=QColor("#000000"),
    link=QColor("#2E3338"),
    link_label=QColor("#000000"),
    accent=QColor("#0047AB"),
    link_width=2.6,
    border_width=3.0,
)
PROJECTOR_DARK = Theme(
    name="projector-dark",
    canvas=QColor("#000000"),
    text=QColor("#FFFFFF"),
    link=QColor("#D0D7DE"),
    link_label=QColor("#FFFFFF"),
    accent=QColor("#FFC83D"),
    link_width=2.6,
    border_width=3.0,
)


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``t`` of ``a`` over ``1 - t`` of ``b``."""
    return QColor.fromRgbF(
        a.redF() * t + b.redF() * (1 - t),
        a.greenF() * t + b.greenF() * (1 - t),
        a.blueF() * t + b.blueF() * (1 - t),
    )


def kind_styles(cmap: ConceptMap, theme: Theme = LIGHT) -> dict[str, KindStyle]:
    """Every kind of the map resolved to colours and a shape, plus ``""`` for kind-less concepts;
    filled or tinted as the map's ``fills`` says."""
    tinted = cmap.fills == "tinted"
    styles = {"": _resolve(DEFAULT_KIND, 0, theme, tinted)}
    for index, kind in enumerate(cmap.kinds):
        styles[kind.id] = _resolve(kind, index, theme, tinted)
    return styles


def rgb(color: QColor) -> RGB:
    """A QColor's sRGB channels, for mapviewer.colours."""
    return (color.redF(), color.greenF(), color.blueF())


def from_rgb(channels: RGB) -> QColor:
    """Rounded to 8 bits a channel, as it is painted: a palette colour then equals its pixels."""
    return QColor(to_hex(channels))


def legible_on(colour: QColor, behind: QColor, ratio: float = AA_TEXT) -> QColor:
    """``colour`` made just dark or light enough to read on ``behind`` (opaque) at ``ratio``."""
    return from_rgb(readable_on(rgb(colour), rgb(behind), ratio))


def frame_title(style: KindStyle, theme: Theme, band: QColor) -> QColor:
    """A frame's title: its kind's outline a shade further from the canvas, at 4.5:1 on the
    title ``band`` (translucent, over the canvas) it is written on."""
    dark = theme.canvas.lightness() < 128
    shade = style.border.lighter(120) if dark else style.border.darker(130)
    behind = from_rgb(composite(rgb(band), band.alphaF(), rgb(theme.canvas)))
    return legible_on(shade, behind)


def text_on(fill: QColor, theme: Theme) -> QColor:
    """The theme's text colour where it reads on ``fill`` at WCAG AA (4.5:1), else black or
    white, whichever reads better: dark labels on light fills, light ones on dark fills."""
    if contrast(rgb(theme.text), rgb(fill)) >= AA_TEXT:
        return QColor(theme.text)
    return QColor(readable_text(fill.name()))


def _resolve(kind: Kind, index: int, theme: Theme, tinted: bool) -> KindStyle:
    color = QColor(kind_color(kind, index))
    shape = kind_shape(kind, index)
    if tinted:
        fill, border = _tinted(color, theme)
    else:
        fill = QColor(color)
        shade = color.darker(115) if theme.canvas.lightness() > 128 else color.lighter(130)
        # A light fill on a light canvas (or a dark one on a dark canvas) is still outlined.
        border = legible_on(shade, theme.canvas, AA_GRAPHIC)
    pen = QPen(border, theme.border_width)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    text = text_on(fill, theme)
    return KindStyle(kind.id, kind.label, color, fill, border, text, shape, pen, QBrush(fill))


def _tinted(color: QColor, theme: Theme) -> tuple[QColor, QColor]:
    """Fill and outline of a concept in a tinted map (colours.tinted_look); its label then reads
    in the theme's text colour."""
    fill, outline = tinted_look(rgb(color), rgb(theme.canvas))
    return from_rgb(fill), from_rgb(outline)


def concept_style(
    styles: dict[str, KindStyle],
    node: Node,
    theme: Theme,
    cache: dict[str, KindStyle],
    tinted: bool = False,
) -> KindStyle:
    """The look of one concept: its kind's, with the concept's own colour, shape, text colour,
    outline (a yEd or CmapTools border) and text size over it. Concepts with the same overrides
    share one style object, kept in ``cache`` under its id (which the caller empties with the
    kinds), so the overview and the minimap group them by id and comparing looks stays cheap.

    A concept's own colour is its fill, drawn as given, as yEd, Gephi and CmapTools draw theirs:
    a kind's colour is tinted because it only tells categories apart. Its text is the concept's
    own text colour, else black or white, whichever reads better on that fill. In a ``tinted``
    map (the map's fills) its colour outlines it round a faint tint of it instead, as its
    kind's would, and ``cache`` is emptied when that changes."""
    base = styles.get(node.kind or "", styles[""])
    own = (
        node.color,
        node.shape,
        node.text_color,
        node.border_color,
        node.border_dash,
        node.inside_color,
    )
    sizes = (node.border_width, node.text_size)
    if own == (None,) * len(own) and sizes == (None, None):
        return base
    key = "\0".join((base.id, *(value or "" for value in own), *map(repr, sizes)))
    style = cache.get(key)
    if style is None:
        style = cache[key] = _override(key, base, node, theme, tinted)
    return style


def _override(ident: str, base: KindStyle, node: Node, theme: Theme, tinted: bool) -> KindStyle:
    color, fill, border, pen, brush = base.color, base.fill, base.border, base.pen, base.brush
    text = base.text
    if node.color is not None:
        color = QColor(node.color)
        if tinted:
            fill, border = _tinted(color, theme)
            text = text_on(fill, theme)
        else:
            fill = QColor(color)
            border = fill.darker(140) if fill.lightness() > 60 else fill.lighter(170)
            text = QColor(readable_text(node.color))
        pen = QPen(border, theme.border_width)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        brush = QBrush(fill)
    if node.text_color is not None:
        text = QColor(node.text_color)
        if tinted:  # its card is the theme's: a blue for a white card kept legible on a dark one
            text = legible_on(text, fill)
    if node.border_color is not None:
        # Kept 3:1 against the canvas, as a kind's outline is: yEd's black frames vanished
        # on the dark themes (a frame has no fill to stand out from), its pale greys on white.
        border = legible_on(QColor(node.border_color), theme.canvas, AA_GRAPHIC)
    scale = 1.0 if node.border_width is None else node.border_width
    dash = node.border_dash or "solid"
    if (node.border_color, node.border_width, node.border_dash) != (None, None, None):
        pen = outline_pen(border, theme.border_width * scale, dash)
    shape = node.shape or base.shape
    style = KindStyle(ident, base.label, color, fill, border, text, shape, pen, brush)
    font = theme.node_font_at(node.text_size) if node.text_size is not None else None
    inside = QColor(node.inside_color) if node.inside_color else None
    return replace(style, border_scale=scale, border_dash=dash, font=font, inside=inside)


def outline_pen(color: QColor, width: float, dash: str) -> QPen:
    """A concept's or a frame's outline: round at the corners, dashed as ``dash`` says (a
    dot is a round cap, so it shows); none at a width of 0, which Qt would draw one pixel
    wide (a cosmetic pen)."""
    if width <= 0:
        return QPen(Qt.PenStyle.NoPen)
    pen = QPen(color, width)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pattern = DASH_PATTERNS.get(dash)
    if pattern is not None:
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setDashPattern(pattern)
    return pen


def shape_polygon(shape: str, rect: QRectF) -> list[QPointF] | None:
    """The corners of polygonal shapes (None for rectangles and curved shapes)."""
    points = polygon_fractions(shape, rect.width(), rect.height())
    if points is None:
        return None
    return [
        QPointF(rect.left() + fx * rect.width(), rect.top() + fy * rect.height())
        for fx, fy in points
    ]


CURVED_SHAPES = ("cylinder", "cloud", "document")  # drawn in curves: see outline_polygon
# yEd's cloud: eight round bumps, one at each side, three along its top and three its foot.
CLOUD_BUMPS = 8
ROUND_ARC = 0.5523  # a quarter circle's cubic control points lie this share of its radius out


@cache
def cloud_curves() -> list[tuple[float, float]]:
    """A cloud round the unit circle as a start point and cubic curves (two controls and an
    end each): a half circle bulging out between each two dips, every bump reaching 1, so
    the cloud fills its box. Stretched to a box the bumps stay round, as an affine map keeps
    a Bezier curve."""
    half = math.pi / CLOUD_BUMPS
    dip = 1 / (math.cos(half) + math.sin(half))  # a bump's top is its chord's middle + radius
    radius = dip * math.sin(half)
    points: list[tuple[float, float]] = []
    for i in range(CLOUD_BUMPS):
        a = 2 * math.pi * i / CLOUD_BUMPS  # a bump's top: one at each side, not a dip
        mx, my = dip * math.cos(half) * math.cos(a), dip * math.cos(half) * math.sin(a)
        for quarter in range(2):
            start = a - math.pi / 2 + quarter * math.pi / 2
            stop = start + math.pi / 2
            p0 = (mx + radius * math.cos(start), my + radius * math.sin(start))
            p1 = (mx + radius * math.cos(stop), my + radius * math.sin(stop))
            if not points:
                points.append(p0)
            k = ROUND_ARC * radius
            points.append((p0[0] - k * math.sin(start), p0[1] + k * math.cos(start)))
            points.append((p1[0] + k * math.sin(stop), p1[1] - k * math.cos(stop)))
            points.append(p1)
    return points


def _lid(rect: QRectF) -> float:
    """Half the height of a cylinder's lid (boxes.cylinder_lid, which the label keeps under)."""
    return cylinder_lid(rect.width(), rect.height())


def _silhouette(shape: str, rect: QRectF) -> QPainterPath | None:
    """The outer edge of a curved shape (None for the others): what a link ends on."""
    path = QPainterPath()
    left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
    width, height = rect.width(), rect.height()
    if shape == "cylinder":
        lid = _lid(rect)
        path.moveTo(left, top + lid)
        path.arcTo(QRectF(left, top, width, 2 * lid), 180, -180)
        path.lineTo(right, bottom - lid)
        path.arcTo(QRectF(left, bottom - 2 * lid, width, 2 * lid), 0, -180)
    elif shape == "document":  # a page whose foot is a wave: down at a quarter, up at three
        wave = document_wave(width, height)
        path.moveTo(left, top)
        path.lineTo(right, top)
        path.lineTo(right, bottom - wave)
        path.quadTo(left + width * 0.75, bottom - 3 * wave, left + width * 0.5, bottom - wave)
        path.quadTo(left + width * 0.25, bottom + wave, left, bottom - wave)
    elif shape == "cloud":
        cx, cy, rx, ry = rect.center().x(), rect.center().y(), width / 2, height / 2
        points = cloud_curves()
        path.moveTo(cx + rx * points[0][0], cy + ry * points[0][1])
        for i in range(1, len(points), 3):
            (ax, ay), (bx, by), (ex, ey) = points[i : i + 3]
            path.cubicTo(
                cx + rx * ax, cy + ry * ay, cx + rx * bx, cy + ry * by, cx + rx * ex, cy + ry * ey
            )
    else:
        return None
    path.closeSubpath()
    return path


def outline_polygon(shape: str, rect: QRectF) -> list[QPointF] | None:
    """The outline a link ends on, as corners: a polygonal shape's own, a curved one's edge in
    short straight steps (None for rectangles, rounded boxes, pills and ellipses, which the
    concept works out exactly)."""
    polygon = shape_polygon(shape, rect)
    if polygon is not None:
        return polygon
    silhouette = _silhouette(shape, rect)
    if silhouette is None:
        return None
    fill = silhouette.toFillPolygon()
    points = [fill.at(i) for i in range(fill.size())]
    return points[:-1] if len(points) > 1 and points[0] == points[-1] else points


def shape_path(shape: str, rect: QRectF, radius: float = 9.0) -> QPainterPath:
    """The outline of a concept box of ``shape`` filling ``rect``; ``radius`` rounds a rounded
    box's corners (a name drawn zoomed out is a line tall: there 9 would make it a pill)."""
    path = QPainterPath()
    polygon = shape_polygon(shape, rect)
    silhouette = _silhouette(shape, rect)
    if polygon is not None:
        path.addPolygon(QPolygonF(polygon))
        path.closeSubpath()
    elif silhouette is not None:
        path.addPath(silhouette)
        if shape == "cylinder":
            # The lid's near rim, as an open stroke: drawn, yet filled over (it turns the same
            # way as the edge, so with the winding rule the half-moon under it stays filled).
            path.setFillRule(Qt.FillRule.WindingFill)
            lid = _lid(rect)
            path.moveTo(rect.right(), rect.top() + lid)
            path.arcTo(QRectF(rect.left(), rect.top(), rect.width(), 2 * lid), 0, -180)
    elif shape == "rectangle":
        path.addRect(rect)
    elif shape == "ellipse":
        path.addEllipse(rect)
    elif shape == "circle":  # round in any rect (a swatch is wider than tall): a box is square
        side = min(rect.width(), rect.height())
        path.addEllipse(
            QRectF(0, 0, side, side).translated(rect.center() - QPointF(side, side) / 2)
        )
    elif shape == "pill":
        radius = rect.height() / 2
        path.addRoundedRect(rect, radius, radius)
    else:  # rounded
        path.addRoundedRect(rect, radius, radius)
    return path
