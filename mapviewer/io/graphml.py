"""GraphML from yEd, networkx, Gephi and hand-written files, and GraphML yEd opens nicely.

Reading: every ``<key>`` with an ``attr.name`` becomes an attribute (typed as the key says, with
its ``<default>``); label, kind and description come from the usual attribute names, the rest
goes into ``data``. yEd's ``y:`` graphics give the label (``y:NodeLabel``/``y:EdgeLabel``),
geometry (``y:Geometry`` is the top-left corner: converted to the centre), fill colour, shape
and label colour; an edge's line colour, dash and width (yEd's 1.0 is a normal line, so only
another width is the link's own), and its arrowheads: none at either end is an
undirected link, one only at the source end a link drawn the other way (its ends are swapped),
one at each end a two-way link (``Edge.arrows`` "both"), written back with both; an end shape
that does not point (a UML diamond, a circle, a crow's foot) is no head, and goes back to yEd
as it was. UML's ends are drawn as yEd draws them (``Edge.head`` and ``tail``: white_delta an
open triangle, plain a vee, the diamonds and circles filled or open), on an undirected link
too where they do not point. A node's border (``y:BorderStyle``), yEd's default black line
included, is its own outline (``Node.border_color``, ``border_width``, ``border_dash``), one
without a colour (``hasColor="false"``) no outline (``border_width`` 0), and each node's
outline is written back as a BorderStyle. A NodeLabel's ``fontSize`` is the concept's own text
size (yEd's pixels as 3/4 of a point, records.POINTS_PER_PIXEL), written back as one.
``edgedefault="undirected"`` and ``directed="false"`` make undirected links too. A line's
colour is the link's own, yEd's default black included (it opens and goes back black); yEd's
black label text is no colour of the concept's own (mapviewer picks readable text). An
unfilled node (``hasColor="false"`` or ``transparent="true"``) shows yEd's white canvas through
it: it opens white (mapviewer draws every concept filled), remembered as ``yed-fill: none`` in
its data, and is written back unfilled while it stays white. So does an image or SVG node,
which yEd draws as its picture alone: the picture (its ``y:Image`` or ``y:SVGContent`` refid's
``<y:Resource>``) is the concept's ``picture``, written back as such a node, each picture once
in the file's resources; one that cannot be read is named in the import's notes.
A see-through fill (``#RRGGBBAA``) opens as yEd paints it on its white canvas (one of no
opacity at all, ``#RRGGBB00``, unfilled), and a "custom" line as the dots or dashes of its
``dash`` pattern (a line without one). yEd Live
(yFiles for HTML) names its keys by a ``y:attr.uri`` instead: its labels (``y:Label``), boxes
(``y:RectD``) and ShapeNodeStyle fills and strokes (outlines, as a BorderStyle's) are read
from those, its link labels too.
A line without a colour (``hasColor="false"``) takes no colour of its own.
Files without the GraphML namespace read the same. Nodes inside a yEd group (a nested
``<graph>``) are members of that group (``Node.parent``), drawn inside its frame; a closed
group (``yfiles.foldertype="folder"``) opens collapsed. An open group's header is read as yEd
draws it (its label's background colour, or a GenericGroupNode's fill, with the label's text
colour and place: the group's colour, text colour and ``title_at``) and written back so.
Writing nests members the same way.
Edges drawn with bends (``y:Path`` points) on a fifth of the links or more open the map with
its links routed round the boxes, at right angles where those bends are (``orthogonal``), else
curved, as are maps of yEd's curved edges (Bezier, arc, spline): yEd's workflow diagrams,
drawn straight, ran their links through the boxes the author had steered them round. Each
edge's own bends (its ``y:Path`` points; yEd Live's ``y:Bend`` locations) are the link's own
route (``Edge.bends``), moved with the boxes, and go back to yEd as a ``y:Path``; a curved
edge's are drawn as one smooth curve (``Edge.smooth``), a polyline's with their corners.

Writing: ``y:ShapeNode`` with geometry, fill, label (and its colour) and the concept's shape,
and ``y:PolyLineEdge`` (a smooth link's ``y:SplineEdge``, through its bends, or the curve yEd
had given it) with the link's label, colour, dash, width and arrowhead, so yEd shows the map as
drawn; a graph of undirected links says so (``edgedefault="undirected"``);
plain keys (label, description, kind and each data field of a simple type) for networkx and
friends. Quotes, aliases, sources, kinds and tours travel as JSON in ``mapviewer`` keys.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from mapviewer.colours import CSS_NAMED, HUED, composite, parse, to_hex
from mapviewer.groups import (
    HEADER_TINT,
    Box,
    box_at,
    depth,
    given_frames,
    group_frames,
    innermost_holders,
    parent_map,
)
from mapviewer.io import xmlsafe
from mapviewer.io.atomic import write_atomic
from mapviewer.io.gexf import (
    GEPHI_SHAPE,
    GEPHI_WEIGHT,
    gephi_widths,
    source_colours,
    weight_widths,
)
from mapviewer.io.records import (
    META_KEY,
    UNFILLED,
    EdgeRecord,
    GraphRecord,
    NodeRecord,
    ProgressCallback,
    apply_item_meta,
    as_progress,
    box_size,
    build_map,
    data_types,
    dumps_meta,
    export_positions,
    is_our_meta,
    item_meta,
    lettering_of,
    loads_meta,
    map_meta,
    number,
    own_text_color,
    pick_field,
    pixels_of_points,
    points_of_pixels,
    split_data,
    take_fields,
    transparent,
)
from mapviewer.io.xmlsafe import Element, XmlDoc, child, children, descendants, local, sub
from mapviewer.model import (
    CAPTION_AT,
    POINTING_ENDS,
    ConceptMap,
    Edge,
    Node,
    caption_offset,
    picture_parts,
    picture_type,
    picture_uri,
)
from mapviewer.palette import readable_text

NS = "http://graphml.graphdrawing.org/xmlns"
Y = "http://www.yworks.com/xml/graphml"
SHAPES = {  # mapviewer shape -> yEd shape
    "rounded": "roundrectangle",
    "rectangle": "rectangle",
    "ellipse": "ellipse",
    "pill": "roundrectangle",
    "hexagon": "hexagon",
    "diamond": "diamond",
    "octagon": "octagon",
    "parallelogram": "parallelogram",
    "circle": "ellipse",  # in a square box (records.box_size)
    "triangle": "triangle",
}
# mapviewer's flowchart shapes are no y:Shape of yEd's: they go as the GenericNode yEd's
# flowchart palette draws them with.
YED_GENERIC = {
    "cylinder": "com.yworks.flowchart.dataBase",
    "cloud": "com.yworks.flowchart.cloud",
    "document": "com.yworks.flowchart.document",
    "tag": "com.yworks.flowchart.userMessage",
    "card": "com.yworks.flowchart.card",
}
YED_SHAPES = {  # yEd shape -> mapviewer shape; any other is skipped with a warning
    "roundrectangle": "rounded",
    "rectangle": "rectangle",
    "rectangle3d": "rectangle",
    "ellipse": "ellipse",
    "hexagon": "hexagon",
    "diamond": "diamond",
    "octagon": "octagon",
    "parallelogram": "parallelogram",
    "triangle": "triangle",
}
# yEd's nodes drawn by a realizer of their own (GenericNode's configuration, or the realizer's
# name) -> the nearest mapviewer shape; any other keeps its kind's.
YED_CONFIGURATIONS = {
    "com.yworks.flowchart.process": "rectangle",
    "com.yworks.flowchart.decision": "diamond",
    "com.yworks.flowchart.terminator": "pill",
    "com.yworks.flowchart.start1": "ellipse",
    "com.yworks.flowchart.start2": "ellipse",
    "com.yworks.flowchart.data": "parallelogram",
    "com.yworks.flowchart.preparation": "hexagon",
    "com.yworks.flowchart.cloud": "cloud",
    "com.yworks.flowchart.dataBase": "cylinder",
    "com.yworks.flowchart.document": "document",
    "com.yworks.flowchart.card": "card",
    "com.yworks.flowchart.predefinedProcess": "rectangle",
    "com.yworks.flowchart.manualInput": "rectangle",
    "com.yworks.flowchart.userMessage": "tag",
    "com.yworks.flowchart.networkMessage": "rectangle",
    "com.yworks.flowchart.onPageReference": "ellipse",
    # distributed-greeter's message queue (a cylinder on its side: round at both ends), its
    # session cache (a paper tape) and its UML notes (square-cornered) had opened rounded.
    "com.yworks.flowchart.directData": "pill",
    "com.yworks.flowchart.paperType": "document",
    "UMLClassNode": "rectangle",
    "UMLNoteNode": "rectangle",
    # BPMN's events are circles and its gateways diamonds (its activities rounded boxes, as
    # mapviewer's own): react-app-archetype's start event, a circle in yEd, had opened square.
    "com.yworks.bpmn.Event": "ellipse",
    "com.yworks.bpmn.Gateway": "diamond",
    "com.yworks.bpmn.Conversation": "hexagon",
}
YED_LINE_WIDTH = 1.0  # yEd's width of a new edge's line: mapviewer's normal line
LINE_TYPES = {"line": "solid", "dashed": "dash", "dotted": "dot", "dashed_dotted": "dashdot"}
YED_LINES = {"solid": "line", "dash": "dashed", "dot": "dotted", "dashdot": "dashed_dotted"}
# To give yEd its look back; ``yed-straightness``: how far a QuadCurveEdge bows from its
# bends' polyline (yEd's 0 to 1), without which yEd drew it at its default 0.1.
KEPT_LOOK = ("yed-fill", "yed-shape", "yed-arrows", "yed-edge", "yed-straightness")
# yEd's end shapes that point: a link with one at its target runs towards it. The others mark
# an end without pointing (a UML diamond marks the whole, a circle or a crow's foot a count):
# read as no head, and kept (``yed-arrows``) so yEd gets them back.
YED_HEADS = frozenset({"standard", "delta", "white_delta", "short", "plain", "concave", "convex"})
# yEd's end shapes drawn otherwise than the normal filled head (Edge.head, Edge.tail): a UML
# diagram's inheritance, composition and aggregation, which had all opened as one triangle or
# nothing. yEd's other filled heads (delta, short, ...) are the normal one here.
YED_ENDS = {
    "white_delta": "open_triangle",
    "plain": "vee",
    "diamond": "diamond",
    "white_diamond": "open_diamond",
    "circle": "circle",
    "transparent_circle": "open_circle",
}
YED_ENDS_BACK = {"triangle": "standard"} | {end: shape for shape, end in YED_ENDS.items()}
BORDER_COLOR = "#39424A"  # what the writer gives yEd for a concept without an outline of its own
LINK_COLOR = "#6B7780"  # what mapviewer draws a link without a colour of its own in
TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


@dataclass(frozen=True)
class Key:
    """A ``<key>``: what a ``<data key=...>`` means."""

    name: str
    type: str
    scope: str  # the key's ``for``: node, edge, graph or all
    graphics: str  # yfiles.type, e.g. "nodegraphics"
    default: str | None


def _keys(root: Element) -> dict[str, Key]:
    keys = {}
    for key in children(root, "key"):
        default = child(key, "default")
        name = key.get("attr.name") or key.get("id") or ""
        uri = next((v for k, v in key.attrib.items() if local(k) == "attr.uri"), "")
        graphics = key.get("yfiles.type", "")
        if not graphics and YWORKS in uri:  # yEd Live's labels, geometry, styles, z-order
            graphics = HTML + name
        keys[key.get("id", "")] = Key(
            name,
            (key.get("attr.type") or "string").lower(),
            key.get("for", "all"),
            graphics,
            default.text if default is not None else None,
        )
    return keys


def _typed(text: str, kind: str) -> Any:
    """A data value as the key's ``attr.type`` says; text that does not fit stays text."""
    if kind == "boolean":
        return text.strip().lower() in ("true", "1")
    if kind in ("int", "long"):
        try:
            return int(text.strip())
        except ValueError:
            return text
    if kind in ("float", "double"):
        value = number(text)
        return text if value is None else value
    return text


def _active_realizer(graphics: Element) -> Element:
    """What yEd draws of a node: a group's or folder's ``<y:Realizers active="N">`` holds one
    realizer for it open and one closed, and draws the active one. The first had been read:
    TorchStudio's nine closed folders ("datasets", "models", ...) opened as nine boxes named
    "5" on one spot, their open realizers' leftovers."""
    realizers = next(descendants(graphics, "Realizers"), None)
    if realizers is None:
        return graphics
    drawn = list(realizers)
    active = number(realizers.get("active"))
    if active is not None and active.is_integer() and 0 <= active < len(drawn):
        return drawn[int(active)]
    return drawn[0] if drawn else graphics


def _yed_node(graphics: Element, node: NodeRecord, ours: bool) -> None:
    """Label, centre, size, colour and shape from a yEd node realizer (the active one of a
    group's). In our own files the shape only echoes the kind, so it is not kept."""
    graphics = _active_realizer(graphics)
    for label in descendants(graphics, "NodeLabel"):
        text = xmlsafe.text_of(label)
        if text and not node.label:
            node.label = text
    geometry = next(descendants(graphics, "Geometry"), None)
    if geometry is not None:
        _place_box(node, geometry, "x", "y", "width", "height")
    fill = next(descendants(graphics, "Fill"), None)
    realizer = next(iter(graphics), None)
    pictured = realizer is not None and local(realizer.tag) in PICTURE_NODES
    # yEd draws a picture without its fill: another tool's is a leftover (volta's lavender
    # phone), ours the concept's own colour, kept for when it is a box again.
    if (pictured and not ours) or (
        fill is not None
        and (
            fill.get("transparent") == "true"
            or fill.get("hasColor") == "false"
            or transparent(fill.get("color"))  # #RRGGBB00: AKAENE's drone, no fill in yEd
        )
    ):
        node.color = UNFILLED  # not the kind's grey: in yEd the canvas shows through
        node.data["yed-fill"] = "none"
    elif fill is not None:
        node.color = _yed_fill(fill)
    if ours:  # the shape echoes the kind; the concept's own shape and text colour are metadata
        return
    shape = next(descendants(graphics, "Shape"), None)
    if shape is not None and shape.get("type"):
        kind = shape.get("type", "")
        node.shape = YED_SHAPES.get(kind, kind)
        node.data["yed-shape"] = kind
    elif realizer is not None:
        # yEd's flowchart and UML nodes are realizers of their own: drawn as our nearest shape
        # (a flowchart's decisions had opened as rounded boxes, like its processes).
        configuration = realizer.get("configuration", local(realizer.tag))
        plain = configuration.removesuffix(".withShadow")  # the same shape, shadowed
        node.shape = YED_CONFIGURATIONS.get(plain, node.shape)
    first = next(descendants(graphics, "NodeLabel"), None)
    text_color = first.get("textColor") if first is not None else None
    if text_color:
        node.text_color = own_text_color(text_color, node.color)
    if first is not None and first.get("fontSize"):
        # yEd's title node in 16 and notes in 10 had all opened in the theme's one size.
        node.text_size = points_of_pixels(first.get("fontSize"))
    if not pictured:  # yEd draws a picture alone, without the border its realizer keeps
        _yed_border(graphics, node)


def _uml_members(graphics: Element, node: NodeRecord) -> None:
    """A UML class's stereotype, attributes and methods, which yEd draws in the box under its
    name, as the concept's description (after the file's own): kryptopus's 17 classes had
    opened as bare names, their "+baseAsset", "+execute()" and "<<GraphDataInterface>>" lost
    and gone from every save."""
    uml = next(descendants(_active_realizer(graphics), "UML"), None)
    if uml is None:
        return
    stereotype = (uml.get("stereotype") or "").strip()
    parts = [f"<<{stereotype}>>"] if stereotype else []  # as yEd writes it in the box
    for compartment in ("AttributeLabel", "MethodLabel"):
        parts += [xmlsafe.text_of(label).strip() for label in descendants(uml, compartment)]
    members = "\n".join(part for part in parts if part)
    if members:
        node.description = "\n\n".join(t for t in (node.description, members) if t)


def _caption_at(graphics: Element, node: NodeRecord) -> list[float] | None:
    """Where yEd writes a picture's name, from the icon's centre, when it writes it outside
    the icon (below it, as its "sandwich" and "eight_pos" labels at "s" and its smart labels
    do, or above or beside it): the centre of the NodeLabel's own box, which yEd gives from
    the node's top-left corner whatever its label model. Written inside the icon, phenodcc's
    "image host servers" covered the two servers beside it."""
    width, height = node.width, node.height
    if not (isinstance(width, float) and isinstance(height, float) and width and height):
        return None
    for label in descendants(graphics, "NodeLabel"):
        if not xmlsafe.text_of(label) or label.get("visible") == "false":
            continue
        x, y, w, h = (number(label.get(name)) for name in ("x", "y", "width", "height"))
        if x is None or y is None or w is None or h is None:
            return None
        inside = x >= 0 and y >= 0 and x + w <= width and y + h <= height
        if inside:
            return None
        return [round(x + (w - width) / 2, 2), round(y + (h - height) / 2, 2)]
    return None


def _yed_border(graphics: Element, node: NodeRecord) -> None:
    """The outline yEd draws the node with (its active realizer's y:BorderStyle), yEd's own
    black line included, as a link's black line is: scibot's workflow draws its sixteen
    optional steps dashed and its branches dashed-dotted, and yEd's groups come with a dashed
    frame; all had opened as mapviewer's solid outlines, and volta's 28 black-edged boxes in
    shades taken from their fills (dark orange round orange). A border without a colour
    (``hasColor="false"``) is no outline (a width of 0): TorchStudio's legend boxes "Local"
    and "Local or Remote" are bare colour in yEd, and had opened outlined."""
    border = next(descendants(graphics, "BorderStyle"), None)
    if border is None:
        return
    if border.get("hasColor") == "false":
        node.border_width = 0.0
        return
    color, kind = border.get("color") or "#000000", _line_type(border)
    width = number(border.get("width"))
    node.border_color = color
    node.border_dash = LINE_TYPES.get(kind, kind)  # not one we draw: the builder says so
    if width is not None and width != YED_LINE_WIDTH:
        node.border_width = width


def _line_type(style: Element) -> str:
    """yEd's line ``type``, a "custom" one read from its ``dash`` pattern as the nearest of
    yEd's own: none is a line, marks no longer than the line is wide dots, longer ones dashes
    (AKAENE's drone frame, ``dash="2.0, 2.0"``, had been skipped and drawn solid)."""
    kind = style.get("type") or "line"
    if kind != "custom":
        return kind
    marks = [number(part) for part in (style.get("dash") or "").split(",") if part.strip()]
    if not marks or any(mark is None for mark in marks):
        return "line"
    width = number(style.get("width")) or YED_LINE_WIDTH
    return "dotted" if (marks[0] or 0.0) <= 2 * width else "dashed"


def _saturation(colour: str | None) -> float:
    try:
        high, low = max(rgb := parse(colour or "")), min(rgb)
    except ValueError:
        return 0.0
    return (high - low) / high if high > 0 else 0.0


def _yed_fill(fill: Element) -> str | None:
    """The one colour a node's gradient is drawn in: yEd shades a node from ``color`` to
    ``color2``. Its flowchart nodes all start at the same near-white (#E8EEF7) and are told
    apart by the second colour alone: Orange's Kafka pipeline has three stages yellow
    (#FFFF99) among pale blue ones, and they all opened the same near-white. The second
    colour is taken where it is a hue and the first is not; a gradient of a hue into its own
    darker shade (yEd's #68B0E3 to #3C679B) keeps the first, as before."""
    first, second = _on_canvas(fill.get("color")), _on_canvas(fill.get("color2"))
    if second and _saturation(first) < HUED <= _saturation(second):
        return second
    return first


def _on_canvas(color: str | None) -> str | None:
    """A yEd colour as yEd paints it on its white canvas: ``#RRGGBBAA`` with an alpha under
    FF is see-through (the UML palette's grey #C0C0C07F dots are drawn half as dark, TorchStudio's
    closed folders' #CAECFF84 a paler blue); mapviewer fills every box, so the mix is taken."""
    text = (color or "").strip()
    if len(text) != 9 or not text.startswith("#"):
        return color
    try:
        alpha = int(text[7:9], 16) / 255
        rgb = parse(text[:7])
    except ValueError:
        return color  # not a colour: the builder warns and leaves it out
    if alpha in (0.0, 1.0):
        return color  # none at all, or solid: as written
    return to_hex(composite(rgb, alpha, (1.0, 1.0, 1.0)))


# yEd's places for a group's label (NodeLabel modelPosition) -> where the frame writes its title;
# a label across the top ("t", the group's whole width) is placed by its alignment instead.
YED_TITLE_PLACES = {"tl": "left", "bl": "left", "tr": "right", "br": "right"}
YED_ALIGNMENTS = {"left": "left", "center": "centre", "right": "right"}
YED_ALIGNMENTS_BACK = {place: alignment for alignment, place in YED_ALIGNMENTS.items()}
HEADERS = ("left", "centre", "right")  # title places drawn in a header band (TITLE_PLACES)


def _yed_header(graphics: Element, node: NodeRecord) -> None:
    """An open group's header as yEd draws it: a band in the label's background colour (a
    GroupNode's: kubermatic's grey "configuration directory", TorchStudio's blue #99CCFF) or,
    for a GenericGroupNode (yEd's DemoGroup), in the group's fill (kubermatic's #68B0E3), with
    the title in the label's text colour at the label's place. These are the group's own
    colour, text colour and title place; a group whose label has no band keeps mapviewer's
    look. They had opened as mapviewer's pale frames with centred titles. A GroupNode's own
    fill under its band is the group's inside (react-app-archetype's #F2F0D8, which had opened
    as a faint tint of its #B7B69E headers)."""
    realizer = _active_realizer(graphics)
    label = next(descendants(realizer, "NodeLabel"), None)
    if label is None:
        return
    band = label.get("backgroundColor") if label.get("hasBackgroundColor") != "false" else None
    fill = next(descendants(realizer, "Fill"), None)
    filled = (
        fill is not None and fill.get("transparent") != "true" and fill.get("hasColor") != "false"
    )
    if band is None and local(realizer.tag) == "GenericGroupNode":
        band = fill.get("color") if filled and fill is not None else None
    elif band and filled and fill is not None:
        node.inside_color = fill.get("color")
    if not band:
        return
    node.color = band
    node.data.pop("yed-fill", None)  # the band's colour is the group's, filled
    node.text_color = own_text_color(label.get("textColor"), band)
    place = YED_TITLE_PLACES.get(label.get("modelPosition") or "")
    node.title_at = place or YED_ALIGNMENTS.get(label.get("alignment") or "center", "centre")


def _yed_edge(graphics: Element, edge: EdgeRecord) -> None:
    """Colour, dash, width and arrowheads of a yEd edge realizer."""
    line = next(descendants(graphics, "LineStyle"), None)
    if line is not None:
        # Black too: yEd draws its lines black, and so should we (as grey they faded).
        edge.color = line.get("color") if line.get("hasColor") != "false" else None
        kind = _line_type(line)
        edge.dash = LINE_TYPES.get(kind, kind)
        width = line.get("width")
        if width is not None and number(width) != YED_LINE_WIDTH:
            edge.width = width  # not a number: the builder says so and leaves it out
    arrows = next(descendants(graphics, "Arrows"), None)
    if arrows is not None:
        shapes = (arrows.get("source") or "none", arrows.get("target") or "none")
        ends = tuple(shape if shape in YED_HEADS else "none" for shape in shapes)
        if ends == ("none", "none"):
            edge.directed = False
        elif ends[1] == "none":  # drawn pointing at its source: the link runs the other way
            edge.source, edge.target = edge.target, edge.source
            shapes = shapes[::-1]
            if isinstance(edge.bends, list):  # its route runs the other way too
                edge.bends.reverse()
        elif ends[0] != "none":  # a head at each end: a two-way link
            edge.arrows = "both"
        edge.tail, edge.head = (YED_ENDS.get(shape) for shape in shapes)
        # Kept for yEd, and for the canvas, which draws yEd's filled heads at yEd's size.
        if set(shapes) != {"none"}:
            edge.data["yed-arrows"] = " ".join(shapes)  # at its source and target, as read


def _yed_bends(graphics: Element) -> list[tuple[str | None, str | None]] | None:
    """The bends yEd draws an edge through (its ``y:Path``'s points), in the frame of its
    nodes' geometry, as written: the builder names and skips what is no number."""
    path = next(descendants(graphics, "Path"), None)
    points = [] if path is None else list(children(path, "Point"))
    return [(point.get("x"), point.get("y")) for point in points] or None


def _html_bends(geometry: Element | None) -> list[tuple[str, ...]] | None:
    """yEd Live's bends: ``<y:Bend Location="x,y"/>`` in the edge's EdgeGeometry, in the frame
    of its boxes (``y:RectD``). The AKAENE drone's "Flying Commands" runs round two corners."""
    bends = [] if geometry is None else list(descendants(geometry, "Bend"))
    return [tuple((bend.get("Location") or "").split(",")) for bend in bends] or None


def _yed_end(end: str | None, pointed: bool) -> str:
    """yEd's shape for one end of a link: ``end`` (Edge.head or tail) where it is drawn,
    ``pointed`` whether the link has an arrowhead there."""
    if end is None:
        return "standard" if pointed else "none"
    if end in POINTING_ENDS and not pointed:
        return "none"
    return YED_ENDS_BACK.get(end, "standard")


def _drawn_as(shape: str) -> str:
    """What mapviewer draws for one of yEd's end shapes: its end, a normal head, or nothing."""
    return YED_ENDS.get(shape) or ("triangle" if shape in YED_HEADS else "none")


def _yed_arrows(edge: Edge) -> tuple[str, str]:
    """The shapes at a link's source and target for yEd: those read from yEd while they
    still draw what the link draws (yEd's "delta" stays "delta", its crow's foot stays),
    else the link's own ends."""
    arrow = _yed_end(edge.head, edge.directed)
    tail = _yed_end(edge.tail, edge.directed and edge.arrows == "both")
    kept = edge.data.get("yed-arrows")
    shapes = kept.split() if isinstance(kept, str) else []
    drawn = [_drawn_as(tail), _drawn_as(arrow)]
    if len(shapes) == 2 and [_drawn_as(shape) for shape in shapes] == drawn:
        return shapes[0], shapes[1]
    return tail, arrow


def _border(node: Node) -> dict[str, str]:
    """A node's y:BorderStyle: its own outline, else the writer's grey; none (a width of 0)
    as yEd writes a border without a colour."""
    if node.border_width == 0:
        return {"hasColor": "false", "type": "line", "width": repr(YED_LINE_WIDTH)}
    return {
        "color": node.border_color or BORDER_COLOR,
        "type": YED_LINES[node.border_dash or "solid"],
        "width": repr(node.border_width or YED_LINE_WIDTH),
    }


# yEd draws these as their picture alone (a resource of the file), whatever y:Fill they keep
# from the node they were made from: volta's phone, a PNG, had opened as a lavender box.
PICTURE_NODES = {"ImageNode", "SVGNode"}
CURVED_EDGES = {"BezierEdge", "ArcEdge", "QuadCurveEdge", "SplineEdge"}
# A smooth link goes to yEd as its curve through its bends (a natural cubic spline, every bend
# on it, as mapviewer draws it), or as the curve yEd had drawn it with (kept as ``yed-edge``);
# an arc takes its height from a y:Arc that is not kept, so it goes back as a spline.
SMOOTH_EDGE = "SplineEdge"
CURVES_BACK = {"BezierEdge", "QuadCurveEdge", "SplineEdge"}
BENT_SHARE = 0.2  # of the edges drawn with bends, from which the map draws its links routed...
SQUARE_SHARE = 0.8  # ...at right angles where this share of those bends make right angles


def _image_uri(text: str) -> str:
    """A yEd y:Image resource (base64, as Java's BufferedImage wrote it, or already a data:
    URI) as a picture's data: URI, its type read from its bytes."""
    body = "".join(text.split())
    if body.startswith("data:"):
        return picture_uri(*picture_parts(body))
    try:
        data = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("its image is not base64") from None
    media = picture_type(data)
    if media in (None, "image/svg+xml"):  # a y:Image is a raster picture
        raise ValueError("its bytes are no PNG, JPEG or GIF image")
    return picture_uri(*picture_parts(picture_uri(media, data)))


def _svg_uri(text: str) -> str:
    """A yEd SVGContent resource (the SVG's own text) as a picture's data: URI."""
    return picture_uri(*picture_parts(picture_uri("image/svg+xml", text.strip().encode())))


CAPTION_GAP = 4.0  # a picture's name off its box, as yEd's smart labels' "distance"


# The first bytes of the images yEd's y:Image resources hold.
class _Bends:
    """How yEd drew the file's edges, for the map's routing: the workflow diagram's 70 edges
    take 102 bends at right angles round its boxes, and drawn straight they cut through them."""

    def __init__(self) -> None:
        self.edges = self.bent = self.square = self.curved = 0

    def count(self, graphics: Element) -> None:
        self.edges += 1
        realizer = next(iter(graphics), None)  # the <data>'s one element: y:PolyLineEdge...
        if realizer is not None and local(realizer.tag) in CURVED_EDGES:
            self.curved += 1
        path = next(descendants(graphics, "Path"), None)
        points = [] if path is None else list(children(path, "Point"))
        if not points:
            return
        self.bent += 1
        xy = [(number(p.get("x")), number(p.get("y"))) for p in points]
        pairs = list(pairwise(xy))
        if pairs and all(a[0] == b[0] or a[1] == b[1] for a, b in pairs):
            self.square += 1  # a lone bend may be either: only a run of them says

    def routing(self) -> str | None:
        if self.edges and self.curved >= self.edges / 2:
            return "curved"
        if not self.edges or self.bent < BENT_SHARE * self.edges:
            return None
        return "orthogonal" if self.square >= SQUARE_SHARE * self.bent else "curved"


def _attributes(element: Element, keys: dict[str, Key], scope: str) -> dict[str, Any]:
    """The element's data, defaults first, by attribute name; graphics keys left out."""
    values: dict[str, Any] = {}
    for key in keys.values():
        if key.default is not None and not key.graphics and key.scope in (scope, "all"):
            values[key.name] = _typed(key.default, key.type)
    for data in children(element, "data"):
        declared = keys.get(data.get("key", ""))
        if declared is None:
            values[data.get("key", "data")] = data.text or ""
        elif not declared.graphics:
            values[declared.name] = _typed(data.text or "", declared.type)
    return values


# A node this many times as wide and as tall as nodes lying wholly inside it is their frame.
FRAME_SCALE = 1.5
FRAME_CANDIDATES = 50  # the biggest nodes looked at as frames: the test is each against all


def _frames_drawn_as_nodes(nodes: list[NodeRecord]) -> None:
    """yEd authors often frame a part of a diagram with a big plain node drawn behind it (the
    FPGA around its blocks, "Environments" round six libraries) rather than a group. Drawn as
    a box it hid the links inside it, and its members' boxes counted as covering it, so the
    positions were spread 3.3 and 9.3 times apart and the blocks fell outside their frame. Such
    a node becomes the group of what lies wholly inside it (the smallest frame wins), as a
    canvas group does, and is drawn as a frame behind them."""
    boxes: list[Box | None] = [
        box_at((n.x, n.y), (n.width, n.height))
        if n.x is not None and n.y is not None and n.width and n.height and not n.data.get("group")
        else None
        for n in nodes
    ]
    sizes = [(b[2] - b[0]) * (b[3] - b[1]) if b else 0.0 for b in boxes]
    biggest = sorted((i for i, b in enumerate(boxes) if b), key=lambda i: -sizes[i])
    levels = [n.parent for n in nodes]  # frames hold their own graph's nodes only
    held = innermost_holders(boxes, biggest[:FRAME_CANDIDATES], FRAME_SCALE, levels)
    for node, holder in zip(nodes, held, strict=True):
        if holder is not None:
            node.parent = nodes[holder].id
    for holder in {h for h in held if h is not None}:
        frame = nodes[holder]
        frame.data["group"] = True
        frame.width = frame.height = None  # the frame is measured around its members


def _graphics(element: Element, keys: dict[str, Key]) -> Element | None:
    for data in children(element, "data"):
        key = keys.get(data.get("key", ""))
        if key is not None and key.graphics in ("nodegraphics", "edgegraphics"):
            return data
    return None


# yEd Live (yFiles for HTML) writes no yfiles.type: its keys name what they hold by a
# y:attr.uri (NodeLabels, NodeGeometry, NodeStyle, EdgeLabels), and shared styles sit in a
# SharedData block that the nodes name as {y:GraphMLReference N}.
YWORKS = "yworks.com/xml/"
HTML = "html:"  # Key.graphics of a yEd Live key, before its attr.name
REFERENCE = re.compile(r"^\{y:GraphMLReference\s+([^}\s]+)\s*\}$")


def _html_data(element: Element, keys: dict[str, Key]) -> dict[str, Element]:
    """A yEd Live node's or edge's ``<data>`` by what it holds: NodeLabels, NodeGeometry..."""
    found: dict[str, Element] = {}
    for data in children(element, "data"):
        key = keys.get(data.get("key", ""))
        if key is not None and key.graphics.startswith(HTML):
            found.setdefault(key.graphics[len(HTML) :], data)
    return found


def _shared_data(root: Element) -> dict[str, Element]:
    """yEd Live's shared styles and colours, by their ``x:Key``."""
    shared: dict[str, Element] = {}
    for block in descendants(root, "SharedData"):
        for item in block:
            ident = next((v for k, v in item.attrib.items() if local(k) == "Key"), None)
            if ident is not None:
                shared.setdefault(ident, item)
    return shared


def _html_label(data: Element | None) -> str:
    """The first label with text: ``<y:Label Text=...>``, or its ``<y:Label.Text>``."""
    for label in descendants(data, "Label") if data is not None else ():
        text = label.get("Text")
        if text is None:
            text = xmlsafe.text_of(child(label, "Label.Text"))
        if text.strip():
            return text.strip()
    return ""


def _html_color(value: str | None, shared: dict[str, Element]) -> str | None:
    """A yFiles for HTML fill as ``#RRGGBB``: a CSS colour, an ``#AARRGGBB`` colour (its
    alpha first, as yFiles writes it; none at all is yEd Live's white canvas), or a reference
    to a shared CssFill or Color. None where it is no colour mapviewer can tell."""
    match = REFERENCE.match(value or "")
    if match:
        item = shared.get(match.group(1))
        value = None if item is None else item.get("cssString") or item.get("value")
    text = (value or "").strip()
    if len(text) == 9 and text.startswith("#"):
        try:
            alpha = int(text[1:3], 16) / 255
            rgb = parse("#" + text[3:])
        except ValueError:
            return None
        return to_hex(composite(rgb, alpha, (1.0, 1.0, 1.0)))
    if len(text) == 7 and text.startswith("#"):
        return text.upper()
    return CSS_NAMED.get(text.lower())  # yFiles' own defaults: black, an arrow's BLACK


def _place_box(node: NodeRecord, box: Element, *names: str) -> None:
    """A box given by its top-left corner and size (yEd desktop's ``y:Geometry`` and yEd Live's
    ``y:RectD`` name the same four numbers differently) as the concept's centre and size."""
    x, y, width, height = (number(box.get(name)) for name in names)
    if x is not None and y is not None:
        node.x, node.y = x + (width or 0.0) / 2, y + (height or 0.0) / 2
    node.width, node.height = width or None, height or None


def _html_node(html: dict[str, Element], node: NodeRecord, shared: dict[str, Element]) -> None:
    """A yEd Live node's label, box (``y:RectD``: its top-left corner and size) and fill: the
    AKAENE drone's "Remote Control" and its frames had opened named "n0::n1::n2", laid out
    anew, in the kind's grey."""
    if not node.label:
        node.label = _html_label(html.get("NodeLabels"))
    box = next(descendants(html["NodeGeometry"], "RectD"), None) if "NodeGeometry" in html else None
    if box is not None:
        _place_box(node, box, "X", "Y", "Width", "Height")
    style = next(iter(html["NodeStyle"]), None) if "NodeStyle" in html else None
    if style is None or local(style.tag) != "ShapeNodeStyle":
        return
    fill = style.get("fill")
    if fill is None:  # written as a child element, or not at all: yFiles' white
        holder = child(style, "ShapeNodeStyle.fill")
        inner = next(iter(holder), None) if holder is not None else None
        fill = None if inner is None else inner.get("cssString") or inner.get("value")
    color = _html_color(fill, shared) if fill is not None else UNFILLED
    if color is not None:
        node.color = color
    _html_border(style, node, shared)


# yFiles for HTML's dashStyle names -> mapviewer's dashes (others, as DashDotDot, are skipped).
HTML_DASHES = {"Dash": "dash", "Dot": "dot", "DashDot": "dashdot", "Solid": "solid"}


def _html_stroke(style: Element, shared: dict[str, Element]) -> tuple[str | None, Element | None]:
    """A yEd Live edge style's stroke: a colour written in its ``stroke`` attribute, or the
    ``<yjs:Stroke>`` it holds or names by reference (for its fill, thickness and dash)."""
    value = style.get("stroke")
    match = REFERENCE.match(value or "")
    if match:
        item = shared.get(match.group(1))
        if item is not None and local(item.tag) == "Stroke":
            return None, item
        return _html_color(value, shared), None
    if value is not None:
        return _html_color(value, shared), None
    holder = next((c for c in style if local(c.tag).endswith(".stroke")), None)
    inner = next(iter(holder), None) if holder is not None else None
    return None, inner if inner is not None and local(inner.tag) == "Stroke" else None


def _html_edge(html: dict[str, Element], edge: EdgeRecord, shared: dict[str, Element]) -> None:
    """A yEd Live link's label and its line's colour, dash and width, from its edge style's
    stroke (yed-live-simple.graphml's brown #663800 lines had opened in the theme's grey)."""
    if not edge.label:
        edge.label = _html_label(html.get("EdgeLabels"))
    data = html.get("EdgeStyle")
    style = next(iter(data), None) if data is not None else None
    if style is not None and local(style.tag) == "GraphMLReference":  # the style shared
        style = shared.get(style.get("ResourceKey", ""))
    if style is None:
        return
    color, stroke = _html_stroke(style, shared)
    if stroke is not None:
        color = _stroke_fill(stroke, shared)
        dash = stroke.get("dashStyle")
        if dash:
            edge.dash = HTML_DASHES.get(dash, dash)  # one mapviewer cannot draw: the builder warns
        thickness = stroke.get("thickness")
        if thickness is not None and number(thickness) != 1.0:
            edge.width = thickness
    if color is not None:
        edge.color = color


def _stroke_fill(stroke: Element, shared: dict[str, Element]) -> str | None:
    """A ``<yjs:Stroke>``'s colour: its ``fill`` attribute or ``<yjs:Stroke.fill>`` child; None
    where it has neither (yFiles' black, which the caller knows for its own default)."""
    fill = stroke.get("fill")
    if fill is None:  # written as a child: <yjs:Stroke.fill><yjs:CssFill .../>
        holder = child(stroke, "Stroke.fill")
        inner = next(iter(holder), None) if holder is not None else None
        fill = None if inner is None else inner.get("cssString") or inner.get("value")
    return _html_color(fill, shared) if fill is not None else None


def _html_border(style: Element, node: NodeRecord, shared: dict[str, Element]) -> None:
    """A yEd Live node's outline from its ShapeNodeStyle's stroke, taken as yEd desktop's
    BorderStyle is (_yed_border): none written is yFiles' own black line, ``{x:Null}`` no
    outline at all. yed-live-simple.graphml's two boxes are outlined in brown #663800 and
    the drone's groups dashed; all had opened in the theme's grey solid outline."""
    if style.get("stroke", "").replace(" ", "") == "{x:Null}":
        node.border_width = 0.0
        return
    color, stroke = _html_stroke(style, shared)
    dash, width = "solid", YED_LINE_WIDTH
    if stroke is not None:
        color = _stroke_fill(stroke, shared)
        kind = stroke.get("dashStyle") or "Solid"
        dash = HTML_DASHES.get(kind, kind)  # one mapviewer cannot draw: the builder warns
        found = number(stroke.get("thickness"))
        width = YED_LINE_WIDTH if found is None else found
    node.border_color = color or "#000000"
    node.border_dash = dash
    if width != YED_LINE_WIDTH:
        node.border_width = width


class _Reader:
    def __init__(self, doc: XmlDoc) -> None:
        self.doc = doc
        self.keys = _keys(doc.root)
        self.shared = _shared_data(doc.root)
        self.graph = GraphRecord(doc.name, "GraphML")
        self.ours = False
        self.undirected = False  # the graph's edgedefault
        self.bends = _Bends()
        self.font_styles: list[str | None] = []  # of yEd's labels, for the map's lettering
        # yEd's image and SVG nodes whose picture could not be read: opened as empty boxes,
        # each said by name and line in the import's notes.
        self.unread: list[str] = []
        self.resources: dict[str, str | None] | None = None  # <y:Resource> by id, once read
        self.gephi = False  # Gephi's GraphML export (see _gephi_look)
        self.boxes: dict[str, NodeRecord] | None = None  # the nodes by id, once edges are read

    def read(self) -> GraphRecord:
        root = self.doc.root
        top = child(root, "graph")
        if local(root.tag) != "graphml" or top is None:
            raise self.doc.error(
                root, f"not a GraphML file: root <{local(root.tag)}> has no <graph>"
            )
        attrs = _attributes(top, self.keys, "graph")
        meta = loads_meta(attrs.pop(META_KEY, None))
        if is_our_meta(meta):
            self.graph.meta, self.ours = meta, True
        title = pick_field(attrs, ("name", "title", "label"))
        self.graph.title = title[1] if title else None
        description = pick_field(attrs, ("description",))
        self.graph.description = description[1] if description else ""
        self.undirected = top.get("edgedefault") == "undirected"
        self._nodes(top)
        if not self.ours:
            _frames_drawn_as_nodes(self.graph.nodes)
            self._gephi_look()
            self.graph.lettering = lettering_of(self.font_styles)
        for edge in descendants(root, "edge"):
            self.graph.edges.append(self._edge(edge))
        if self.gephi:
            self._gephi_links()
        self.graph.routing = self.bends.routing()
        if self.unread:
            count = len(self.unread)
            told = "1 picture" if count == 1 else f"{count} pictures"
            listed = "; ".join(self.unread[:5]) + ("; ..." if count > 5 else "")
            self.graph.notes.append(
                f"{told} (yEd image or SVG nodes) could not be read and opened as empty "
                f"boxes: {listed}"
            )
        return self.graph

    def _picture(self, realizer: Element, node: NodeRecord) -> None:
        """The picture of a yEd image or SVG node, from the file's ``<y:Resources>`` (by the
        ``refid`` of its y:Image or y:SVGContent), as a ``data:`` URI; one that cannot be
        read is said in the notes, by the node's name and line."""
        svg = local(realizer.tag) == "SVGNode"
        ref = next(descendants(realizer, "SVGContent" if svg else "Image"), None)
        refid = ref.get("refid") if ref is not None else None
        if self.resources is None:
            self.resources = {
                r.get("id", ""): xmlsafe.text_of(r) for r in descendants(self.doc.root, "Resource")
            }
        text = self.resources.get(refid or "")
        try:
            if not text:
                raise ValueError(f"no resource {refid!r} in the file")
            node.picture = _svg_uri(text) if svg else _image_uri(text)
        except ValueError as exc:
            name = " ".join(node.label.split()) or node.id
            where = f"line {node.at.line}" if node.at.line else f"node {node.id!r}"
            self.unread.append(f"{name!r} ({where}: {exc})")

    def _gephi_look(self) -> None:
        """Gephi's GraphML export writes each node's x, y and size as plain keys, with its
        colour as r, g, b (or one ``color``): its x and y as Gephi holds them, y up, as GEXF
        does (so flipped here), and its size a diameter, drawn as GEXF's are (in proportion,
        gexf.gephi_widths) on a disc (GEPHI_SHAPE). Les Misérables opened upside down, Valjean
        as small as Labarre, each a rounded box."""
        names = {k.name for k in self.keys.values() if k.scope in ("node", "all")}
        if not ({"x", "y", "size"} <= names and ({"r", "g", "b"} <= names or "color" in names)):
            return
        self.graph.y_up = self.gephi = True
        sizes = {}
        for node in self.graph.nodes:
            size = number(node.data.get("size"))
            if size is not None and size > 0:
                sizes[id(node)] = size
            if node.shape is None and not node.data.get("group"):
                node.shape = GEPHI_SHAPE
        gephi_widths(self.graph.nodes, sizes)

    def _gephi_links(self) -> None:
        """Link widths from the ``weight`` Gephi writes on every edge, and colours from their
        source nodes, drawn as GEXF's are (gexf.weight_widths, gexf.source_colours): Les
        Misérables' 254 links had all been grey normal lines."""
        source_colours(self.graph.nodes, self.graph.edges)
        weights = {}
        for edge in self.graph.edges:
            if edge.width is None:
                weight = number(edge.data.get("weight"))
                weights[id(edge)] = GEPHI_WEIGHT if weight is None else weight
        weight_widths(self.graph.edges, weights)

    def _nodes(self, top: Element) -> None:
        stack: list[tuple[Element, str | None]] = [(top, None)]
        while stack:  # a loop, not recursion: nesting depth is the file's to choose
            graph, parent = stack.pop()
            for element in children(graph, "node"):
                node = self._node(element)
                node.parent = parent
                self.graph.nodes.append(node)
                inner = list(children(element, "graph"))
                held = any(next(children(g, "node"), None) is not None for g in inner)
                # A yEd group: drawn as a frame around its members. A folder with none is a
                # box as yEd draws it, at its own size.
                if held and not self.ours:
                    node.data.setdefault("group", True)
                    node.collapsed = element.get("yfiles.foldertype") == "folder"
                    if node.collapsed:  # its geometry is the closed box's, not the frame's
                        node.width = node.height = None
                    # Open, yEd draws the group at its geometry whatever lies inside: the
                    # frame keeps at least that (mapviewer.groups.kept_frame).
                    graphics = _graphics(element, self.keys)
                    if graphics is not None and not node.collapsed:
                        _yed_header(graphics, node)
                stack.extend((graph, node.id) for graph in inner)

    def _node(self, element: Element) -> NodeRecord:
        ident = element.get("id")
        if not ident:
            raise self.doc.error(element, "a <node> has no id")
        node = NodeRecord(ident, at=self.doc.at(element, f"node {ident!r}"))
        graphics = _graphics(element, self.keys)
        attrs = _attributes(element, self.keys, "node")
        meta = loads_meta(attrs.pop(META_KEY, None))
        if graphics is None:  # networkx or Gephi: positions and colours as plain attributes
            _plain_geometry(node, attrs)
        take_fields(node, attrs, ours=self.ours)
        if graphics is not None:
            _yed_node(graphics, node, self.ours)
            if not self.ours:
                _uml_members(graphics, node)
            realizer = next(iter(_active_realizer(graphics)), None)
            if realizer is not None and local(realizer.tag) in PICTURE_NODES:
                self._picture(realizer, node)
                if (at := _caption_at(_active_realizer(graphics), node)) is not None:
                    node.data[CAPTION_AT] = at
            label = next(descendants(_active_realizer(graphics), "NodeLabel"), None)
            self.font_styles.append(label.get("fontStyle") if label is not None else None)
            # yEd draws a node whose labels are blank without one (the corners of a frame of
            # lines, 8 x 8): it was named by its id, "n17" in a box five times its size.
            node.unlabelled = not node.label.strip()
        elif (html := _html_data(element, self.keys)) and not self.ours:
            _html_node(html, node, self.shared)
        apply_item_meta(node, meta)
        return node

    def _edge(self, element: Element) -> EdgeRecord:
        source, target = element.get("source"), element.get("target")
        if not source or not target:
            raise self.doc.error(element, "an <edge> needs both source and target")
        edge = EdgeRecord(source, target, id=element.get("id"), at=self.doc.at(element))
        directed = element.get("directed")
        edge.directed = directed == "true" if directed in ("true", "false") else not self.undirected
        attrs = _attributes(element, self.keys, "edge")
        meta = loads_meta(attrs.pop(META_KEY, None))
        take_fields(edge, attrs, edge=True, ours=self.ours)
        graphics = _graphics(element, self.keys)
        if graphics is not None and not edge.label:
            labels = map(xmlsafe.text_of, descendants(graphics, "EdgeLabel"))
            edge.label = next((text for text in labels if text), "")
        if graphics is not None:
            edge.bends = _yed_bends(graphics)
            if edge.bends:
                edge.bends = self._from_ports(graphics, edge, edge.bends)
        elif html := _html_data(element, self.keys):
            edge.bends = _html_bends(html.get("EdgeGeometry"))
        if graphics is not None and not self.ours:  # ours keeps the link's look as metadata
            _yed_edge(graphics, edge)
            self.bends.count(graphics)
            realizer = next(iter(graphics), None)  # drawn through its bends as yEd curves it
            curve = local(getattr(realizer, "tag", ""))
            edge.smooth = bool(edge.bends) and curve in CURVED_EDGES
            if edge.smooth and curve in CURVES_BACK - {SMOOTH_EDGE}:
                edge.data["yed-edge"] = curve
                bow = realizer.get("straightness") if realizer is not None else None
                straightness = number(bow)
                if curve == "QuadCurveEdge" and straightness is not None:
                    edge.data["yed-straightness"] = float(straightness)
        elif graphics is None:  # yEd Live's
            _html_edge(_html_data(element, self.keys), edge, self.shared)
        apply_item_meta(edge, meta)
        return edge

    def _from_ports(self, graphics: Element, edge: EdgeRecord, bends: list[Any]) -> list[Any]:
        """The bends with, first and last, where yEd's line leaves its source's box and meets
        its target's: yEd runs it from a port (the ``y:Path``'s ``sx sy`` and ``tx ty``, off
        its node's centre), where mapviewer runs a link from the centre. Aimed from the
        centres, the scibot workflow's first and last pieces ran aslant where yEd has them
        across or down, into the side of the box at the port's height."""
        if self.boxes is None:
            self.boxes = {n.id: n for n in self.graph.nodes}
        path = next(descendants(graphics, "Path"), None)
        read = [(number(x), number(y)) for x, y in bends]
        points = [(x, y) for x, y in read if x is not None and y is not None]
        if path is None or len(points) < len(read):
            return bends  # the builder names and skips what is no number
        ends = ((edge.source, "sx", "sy", 0), (edge.target, "tx", "ty", -1))
        found: list[Point | None] = []
        for ident, sx, sy, index in ends:
            node, x, y = self.boxes.get(ident), number(path.get(sx)), number(path.get(sy))
            if node is None or (not x and not y):  # at the centre: as mapviewer runs it
                found.append(None)
                continue
            found.append(_leaves(node, (x or 0.0, y or 0.0), points[index]))
        start, end = found
        return [*([start] if start else []), *bends, *([end] if end else [])]


Point = tuple[float, float]


def _leaves(node: NodeRecord, port: Point, bend: Point) -> Point | None:
    """Where the line from the port (off the node's centre) to the bend leaves the node's
    box; None where either is not inside and outside it as a port and a bend are."""
    if node.x is None or node.y is None or not node.width or not node.height:
        return None
    half_w, half_h = number(node.width) or 0.0, number(node.height) or 0.0
    half_w, half_h = half_w / 2, half_h / 2
    px, py = node.x + port[0], node.y + port[1]
    dx, dy = bend[0] - px, bend[1] - py
    if abs(port[0]) > half_w + 0.01 or abs(port[1]) > half_h + 0.01:
        return None  # a port out in the air: drawn from there, as the next bend is
    if abs(bend[0] - node.x) <= half_w and abs(bend[1] - node.y) <= half_h:
        return None  # a bend inside the box: no side to leave it by
    reach = [
        ((node.x + half_w if d > 0 else node.x - half_w) - p) / d
        for p, d in ((px, dx), (py, dy))
        if d
    ]
    t = max(0.0, min(reach))
    return round(px + t * dx, 3), round(py + t * dy, 3)


def _plain_geometry(node: NodeRecord, attrs: dict[str, Any]) -> None:
    x, y = number(attrs.get("x")), number(attrs.get("y"))
    if x is not None and y is not None:
        node.x, node.y = x, y
        del attrs["x"], attrs["y"]
    for size in ("width", "height"):
        if number(attrs.get(size)):
            setattr(node, size, number(attrs.pop(size)))
    if isinstance(attrs.get("color"), str):
        node.color = attrs.pop("color")
    elif all(number(attrs.get(c)) is not None for c in "rgb"):
        node.color = tuple(attrs.pop(c) for c in "rgb")


def load(path: Path, progress: ProgressCallback | None = None) -> ConceptMap:
    """Open a GraphML file (yEd, networkx, Gephi...) as a map."""
    reporter = as_progress(progress)
    doc = xmlsafe.parse(Path(path), reporter.part(0.0, 0.6))
    graph = _Reader(doc).read()
    return build_map(graph, reporter.part(0.6, 1.0))


# --- writing ------------------------------------------------------------------------------------

NATIVE_NODE = (
    "label",
    "description",
    "kind",
    "color",
    "width",
    "height",
    "parent",
)  # parent: nesting
RESERVED = ("label", "description", "kind", META_KEY)


def _plain(value: Any) -> bool:
    return type(value) in TYPES


class _Writer:
    def __init__(self, cmap: ConceptMap) -> None:
        self.cmap = cmap
        xmlsafe.ET.register_namespace("", NS)
        xmlsafe.ET.register_namespace("y", Y)
        self.root = Element(f"{{{NS}}}graphml")
        self.ids: dict[tuple[str, str], str] = {}
        self.typed = {
            "node": data_types(cmap.nodes, TYPES, RESERVED),
            "edge": data_types(cmap.edges, TYPES, RESERVED),
        }
        self.undirected = False  # the graph's edgedefault, set by tree()
        self.resources: dict[str, str] = {}  # a picture's data: URI -> its y:Resource id

    def key(self, scope: str, name: str, kind: str = "string", graphics: str = "") -> str:
        if (scope, name) not in self.ids:
            ident = f"d{len(self.ids)}"
            attrs = {"id": ident, "for": scope}
            if graphics:
                attrs["yfiles.type"] = graphics
            else:
                attrs.update({"attr.name": name, "attr.type": kind})
            key = Element(f"{{{NS}}}key", attrs)
            self.root.insert(len(self.ids), key)  # keys come before the graph
            self.ids[(scope, name)] = ident
        return self.ids[(scope, name)]

    def data(
        self, parent: Element, scope: str, name: str, value: Any, kind: str = "string"
    ) -> None:
        if isinstance(value, bool):
            value = "true" if value else "false"
        sub(parent, f"{{{NS}}}data", {"key": self.key(scope, name, kind)}, text=str(value))

    def plain_data(self, element: Element, scope: str, item: Node | Edge) -> dict[str, Any]:
        """Write data fields as typed keys; returns those that must travel as metadata."""
        typed = self.typed[scope]
        shown, kept = split_data(item.data, RESERVED, _plain)
        for name, value in shown.items():
            if name in typed:
                self.data(element, scope, name, value, typed[name])
            else:
                kept[name] = value
        return kept

    def tree(self) -> Element:
        for scope, names in self.typed.items():  # declare keys before the graph, as required
            for name, value_type in names.items():
                self.key(scope, name, value_type)
        graphics = {
            s: self.key(s, f"{s}graphics", graphics=f"{s}graphics") for s in ("node", "edge")
        }
        # Undirected when every link is: networkx refuses a graph whose edges contradict it.
        edges = self.cmap.edges
        self.undirected = bool(edges) and not any(e.directed for e in edges)
        default = "undirected" if self.undirected else "directed"
        graph = sub(self.root, f"{{{NS}}}graph", {"id": "G", "edgedefault": default})
        self.data(graph, "graph", META_KEY, dumps_meta(map_meta(self.cmap)))
        self.data(graph, "graph", "name", self.cmap.title)
        where = export_positions(self.cmap)
        kinds = self.cmap.kind_by_id()
        parents = parent_map(self.cmap.nodes)
        sizes = {n.id: box_size(n) for n in self.cmap.nodes}
        # the geometry a yEd group was read with: kept while it holds its members
        given = given_frames(self.cmap.nodes, where, parents)
        frames = group_frames(where, sizes, parents, given=given)
        inner: dict[str, Element] = {}  # a group's own <graph>, which holds its members
        # Groups before their members: a member goes into its group's <graph>, as yEd nests them.
        for node in sorted(self.cmap.nodes, key=lambda n: depth(n.id, parents)):
            container = inner.get(parents.get(node.id, ""), graph)
            element = sub(container, f"{{{NS}}}node", {"id": node.id})
            self.data(element, "node", "label", node.label)
            if node.kind:
                self.data(element, "node", "kind", node.kind)
            if node.description:
                self.data(element, "node", "description", node.description)
            kept = self.plain_data(element, "node", node)
            # A picture goes to yEd as its own (an image or SVG node); a group's stays ours.
            native = NATIVE_NODE if node.id in frames else (*NATIVE_NODE, "picture")
            meta = item_meta(node, native, kept)
            kind = kinds.get(node.kind or "")
            if node.id in frames and not node.color and not (kind and kind.color):
                meta["color"] = None  # yEd's grey is drawn for it; read back, it has none
            elif node.id in frames and node.title_at in HEADERS and node.color:
                meta["color"] = node.color  # its header's; yEd's fill is the pale inside
            if meta:
                self.data(element, "node", META_KEY, dumps_meta(meta))
            look = sub(element, f"{{{NS}}}data", {"key": graphics["node"]})
            if node.id in frames:
                element.set("yfiles.foldertype", "folder" if node.collapsed else "group")
                _group_node(look, node, frames[node.id], kind.color if kind else None)
                inner[node.id] = sub(
                    element, f"{{{NS}}}graph", {"id": f"{node.id}:", "edgedefault": "directed"}
                )
                continue
            if node.picture is not None:
                fill = node.color or (kind.color if kind else None)
                _picture_node(look, node, where[node.id], fill, self.resource(node.picture))
                continue
            _shape_node(
                look,
                node,
                where[node.id],
                kind.color if kind else None,
                node.shape or (kind.shape if kind else None),
            )
        for edge in self.cmap.edges:
            self.edge(graph, edge, graphics["edge"])
        self.write_resources()
        return self.root

    def resource(self, picture: str) -> str:
        """The id of the ``<y:Resource>`` a picture goes to yEd in: one for each picture,
        however many concepts show it (scibot's database server, six times), as yEd writes."""
        return self.resources.setdefault(picture, str(len(self.resources) + 1))

    def write_resources(self) -> None:
        """The pictures, at the end of the file as yEd keeps them: an SVG's own text, an
        image's bytes in base64 (yEd's BufferedImage)."""
        if not self.resources:
            return
        key = self.key("graphml", "resources", graphics="resources")
        held = sub(sub(self.root, f"{{{NS}}}data", {"key": key}), f"{{{Y}}}Resources")
        for picture, ident in self.resources.items():
            media, data = picture_parts(picture)
            if media == "image/svg+xml":
                text = data.decode("utf-8", errors="replace")
                sub(held, f"{{{Y}}}Resource", {"id": ident}, text=text)
            else:
                attrs = {"id": ident, "type": "java.awt.image.BufferedImage"}
                sub(held, f"{{{Y}}}Resource", attrs, text=base64.b64encode(data).decode("ascii"))

    def edge(self, graph: Element, edge: Edge, graphics: str) -> None:
        attrs = {"id": edge.id, "source": edge.source, "target": edge.target}
        element = sub(graph, f"{{{NS}}}edge", attrs)
        self.data(element, "edge", "label", edge.label)
        if edge.description:
            self.data(element, "edge", "description", edge.description)
        kept = self.plain_data(element, "edge", edge)
        # In a graph with links of both sorts the undirected ones say so in metadata (and by
        # their missing arrowhead): networkx refuses a directed="false" edge in a directed graph.
        native = (
            ("label", "description", "bends", "directed")
            if self.undirected
            else ("label", "description", "bends")
        )
        meta = item_meta(edge, native, kept)
        if meta:
            self.data(element, "edge", META_KEY, dumps_meta(meta))
        realizer = _realizer(edge)
        look = sub(sub(element, f"{{{NS}}}data", {"key": graphics}), f"{{{Y}}}{realizer}")
        straightness = edge.data.get("yed-straightness")
        if realizer == "QuadCurveEdge" and number(straightness) is not None:
            look.set("straightness", repr(number(straightness)))
        if edge.bends:  # the link's own route, from the centre of its source to its target's
            centre = {"sx": "0.0", "sy": "0.0", "tx": "0.0", "ty": "0.0"}
            path = sub(look, f"{{{Y}}}Path", centre)
            for x, y in edge.bends:
                sub(path, f"{{{Y}}}Point", {"x": repr(x), "y": repr(y)})
        line = {"color": edge.color or LINK_COLOR, "type": YED_LINES[edge.dash or "solid"]}
        sub(look, f"{{{Y}}}LineStyle", {**line, "width": repr(edge.width or YED_LINE_WIDTH)})
        tail, arrow = _yed_arrows(edge)
        sub(look, f"{{{Y}}}Arrows", {"source": tail, "target": arrow})
        if edge.label:
            sub(look, f"{{{Y}}}EdgeLabel", text=edge.label)


def _realizer(edge: Edge) -> str:
    """yEd's edge type for a link: a smooth one as a curve (yEd had drawn its corners), the
    curve it came as while it is still smooth; a straight or cornered one as a polyline."""
    if not (edge.smooth and edge.bends):
        return "PolyLineEdge"
    kept = edge.data.get("yed-edge")
    return kept if isinstance(kept, str) and kept in CURVES_BACK else SMOOTH_EDGE


def _shape_node(
    parent: Element, node: Node, centre: tuple[float, float], fill: str | None, shape: str | None
) -> None:
    width, height = box_size(node)
    configuration = YED_GENERIC.get(shape or "")
    if configuration is not None:
        shape_node = sub(parent, f"{{{Y}}}GenericNode", {"configuration": configuration})
    else:
        shape_node = sub(parent, f"{{{Y}}}ShapeNode")
    x, y = centre[0] - width / 2, centre[1] - height / 2
    sub(shape_node, f"{{{Y}}}Geometry", {"x": x, "y": y, "width": width, "height": height})
    _fill(shape_node, node, node.color or fill)
    sub(shape_node, f"{{{Y}}}BorderStyle", _border(node))
    label = {"textColor": node.text_color} if node.text_color else {}
    if node.text_size:
        label["fontSize"] = str(pixels_of_points(node.text_size))
    sub(shape_node, f"{{{Y}}}NodeLabel", label, text=node.label)
    if configuration is None:
        sub(shape_node, f"{{{Y}}}Shape", {"type": SHAPES.get(shape or "", "roundrectangle")})


def _picture_node(
    parent: Element, node: Node, centre: tuple[float, float], fill: str | None, resource: str
) -> None:
    """A concept with a picture as yEd's image or SVG node: the picture alone, no border, and
    its name where it stands, outside the box (a yEd smart label on that side, CAPTION_GAP off
    it) or in it. yEd had been given a box with the name inside it. Its colour goes as the
    node's fill, as yEd keeps one (a coloured concept had come back unfilled, its colour lost)."""
    width, height = box_size(node)
    svg = picture_parts(node.picture or "")[0] == "image/svg+xml"
    realizer = sub(parent, f"{{{Y}}}{'SVGNode' if svg else 'ImageNode'}")
    x, y = centre[0] - width / 2, centre[1] - height / 2
    sub(realizer, f"{{{Y}}}Geometry", {"x": x, "y": y, "width": width, "height": height})
    if fill and not (node.data.get("yed-fill") == "none" and fill.upper() == UNFILLED):
        _fill(realizer, node, fill)
    else:
        sub(realizer, f"{{{Y}}}Fill", {"hasColor": "false", "transparent": "false"})
    sub(realizer, f"{{{Y}}}BorderStyle", {"hasColor": "false", "type": "line", "width": "1.0"})
    label: dict[str, str] = {"textColor": node.text_color} if node.text_color else {}
    if node.text_size:
        label["fontSize"] = str(pixels_of_points(node.text_size))
    at = caption_offset(node)
    if at is None:
        label.update({"modelName": "internal", "modelPosition": "c"})
        sub(realizer, f"{{{Y}}}NodeLabel", label, text=node.label)
    else:  # its centre, as the reader takes it back (_caption_at), and yEd's model of it
        label.update({"x": repr(at[0] + width / 2), "y": repr(at[1] + height / 2)})
        label.update({"width": "0.0", "height": "0.0", "modelName": "custom"})
        element = sub(realizer, f"{{{Y}}}NodeLabel", label, text=node.label)
        model = sub(element, f"{{{Y}}}LabelModel")
        sub(model, f"{{{Y}}}SmartNodeLabelModel", {"distance": repr(CAPTION_GAP)})
        sub(
            sub(element, f"{{{Y}}}ModelParameter"),
            f"{{{Y}}}SmartNodeLabelModelParameter",
            _smart_side(at, width, height),
        )
    if svg:
        sub(realizer, f"{{{Y}}}SVGNodeProperties", {"usingVisualBounds": "true"})
        model = sub(realizer, f"{{{Y}}}SVGModel", {"svgBoundsPolicy": "0"})
        sub(model, f"{{{Y}}}SVGContent", {"refid": resource})
    else:
        sub(realizer, f"{{{Y}}}Image", {"alphaImage": "true", "refid": resource})


def _smart_side(at: tuple[float, float], width: float, height: float) -> dict[str, str]:
    """yEd's smart label placement for a name ``at`` from the box's centre: beside the box
    or above or below it, as nodeitem.caption_corner pushes it, CAPTION_GAP clear."""
    side = {"labelRatioX": 0.0, "labelRatioY": 0.0, "nodeRatioX": 0.0, "nodeRatioY": 0.0}
    offset = {"offsetX": 0.0, "offsetY": 0.0}
    if abs(at[0]) * height >= abs(at[1]) * width:  # beside
        sign = 1.0 if at[0] > 0 else -1.0
        side.update(labelRatioX=-0.5 * sign, nodeRatioX=0.5 * sign)
        offset["offsetX"] = CAPTION_GAP * sign
    else:
        sign = 1.0 if at[1] > 0 else -1.0
        side.update(labelRatioY=-0.5 * sign, nodeRatioY=0.5 * sign)
        offset["offsetY"] = CAPTION_GAP * sign
    return {k: repr(v) for k, v in {**side, **offset, "upX": 0.0, "upY": -1.0}.items()}


def _fill(parent: Element, node: Node, color: str | None) -> None:
    """A node's fill; one that came from yEd unfilled and is still white goes back unfilled."""
    if node.data.get("yed-fill") == "none" and (color or "").upper() == UNFILLED:
        sub(parent, f"{{{Y}}}Fill", {"hasColor": "false", "transparent": "false"})
    elif color:
        sub(parent, f"{{{Y}}}Fill", {"color": color, "transparent": "false"})


def _group_node(parent: Element, node: Node, frame: Box, fill: str | None) -> None:
    """A group as yEd writes one: an open and a closed realizer, the label in a band on top."""
    left, top, right, bottom = frame
    proxy = sub(parent, f"{{{Y}}}ProxyAutoBoundsNode")
    realizers = sub(proxy, f"{{{Y}}}Realizers", {"active": "1" if node.collapsed else "0"})
    color = node.color or fill or "#F5F5F5"
    header = node.title_at in HEADERS and not node.collapsed
    label = {"alignment": "center", "autoSizePolicy": "node_width", "modelName": "internal"}
    if node.text_size:
        label["fontSize"] = str(pixels_of_points(node.text_size))
    if header:  # a band in the group's colour over a pale inside, as it is drawn here
        label["alignment"] = YED_ALIGNMENTS_BACK[node.title_at or "centre"]
        label["backgroundColor"] = color
        label["textColor"] = node.text_color or readable_text(color)
    for closed in (False, True):
        group = sub(realizers, f"{{{Y}}}GroupNode")
        width, height = box_size(node) if closed else (right - left, bottom - top)
        x, y = (left + right - width) / 2, (top + bottom - height) / 2  # centred on the frame
        sub(group, f"{{{Y}}}Geometry", {"x": x, "y": y, "width": width, "height": height})
        tint = to_hex(composite(parse(color), HEADER_TINT, (1.0, 1.0, 1.0)))
        inside = node.inside_color or (tint if header else color)
        _fill(group, node, color if closed else inside)
        sub(group, f"{{{Y}}}BorderStyle", _border(node))
        sub(group, f"{{{Y}}}NodeLabel", {**label, "modelPosition": "t"}, text=node.label)
        sub(group, f"{{{Y}}}Shape", {"type": "roundrectangle"})
        sub(group, f"{{{Y}}}State", {"closed": "true" if closed else "false"})


def save(cmap: ConceptMap, path: Path) -> None:
    """Write a map as GraphML for yEd (drawn as in mapviewer) and graph libraries (plain keys)."""
    write_atomic(Path(path), xmlsafe.to_bytes(_Writer(cmap).tree()))
