"""The concept map as plain data: pydantic models with no Qt, shared by the app, the CLI and io.

Every model keeps fields it does not know (``extra="allow"``) so a file written by a newer
mapviewer or annotated by hand loses nothing when this version saves it.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Final, Literal, TypeVar, get_args
from urllib.parse import unquote_to_bytes

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

FORMAT_NAME: Final = "mapviewer-map"
FORMAT_VERSION: Final = 1

_Value = TypeVar("_Value")

Id = Annotated[str, StringConstraints(min_length=1, max_length=200)]
# A name a tour step keeps of what was deleted from under it: a label or a link's sentence,
# as long as those may be (a limit they do not have would write a file that does not load).
GoneName = Annotated[str, StringConstraints(min_length=1)]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]

# The largest numbers a map may hold. A file can say "x": 1e308 and still be valid JSON, but the
# canvas turns that into NaN (1e308 - -1e308 is infinity) and every view of it fails; the
# limits leave a million times the room the largest real maps use (a few thousand units).
COORDINATE_LIMIT: Final = 10_000_000.0  # |x| and |y| of a concept's centre, in scene units
WIDTH_LIMIT: Final = 100_000.0  # a concept's box, each way: a label never needs more
FRAME_LIMIT: Final = 2 * COORDINATE_LIMIT  # a tour's camera: room for a frame around any map
# A link's line width, in normal lines: 1 is the theme's own link line, as a width of 1 is in
# yEd, CmapTools and Gephi. Fifty normal lines is wider than any concept box is tall.
LINE_WIDTH_LIMIT: Final = 50.0
# A concept's own label size, in points: yEd's and CmapTools' smallest notes (8 px) to a poster
# title; a size outside it is a typo or a unit mix-up (a file's pixels read as tenths).
TEXT_SIZE_MIN: Final = 4.0
TEXT_SIZE_MAX: Final = 96.0
Coordinate = Annotated[float, Field(ge=-COORDINATE_LIMIT, le=COORDINATE_LIMIT)]
# A focus question is one line drawn as the map's heading: a tab, a line break or another
# control character would break that line (or hide text) on the canvas, in slides and in CXL.
FOCUS_QUESTION_LIMIT: Final = 300  # characters; a question longer than this is a paragraph
FocusQuestion = Annotated[
    str,
    StringConstraints(max_length=FOCUS_QUESTION_LIMIT, pattern=r"^[^\x00-\x1f\x7f-\x9f]*$"),
]
FramePosition = Annotated[float, Field(ge=-FRAME_LIMIT, le=FRAME_LIMIT)]
# A link's bend: a point (x, y) of the scene its line passes through. yEd's busiest orthogonal
# routes have a few dozen; a thousand is a file gone wrong, not a route.
Bend = tuple[Coordinate, Coordinate]
BENDS_LIMIT: Final = 1000

# A concept's picture (yEd's image and SVG nodes): a ``data:`` URI of one of these types and
# nothing else. A picture is the file's own bytes; a ``file:`` or ``http:`` address would read a
# disk or a network the map's author chose, which a map never does (RELIABILITY.md).
PICTURE_TYPES: Final = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")
# The first bytes each type starts with: a resource of garbage named a PNG is refused here rather
# than handed to an image decoder. An SVG is text: its root element is looked for instead.
_PICTURE_MAGIC: Final = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}
# yEd's icons are a few kilobytes (scibot's largest SVG 9 kB, the drone's PNG 54 kB): 2 MB is a
# photograph, and a map of a thousand of them is not a map any more.
PICTURE_LIMIT: Final = 2 * 1024 * 1024  # bytes of one picture, decoded
MAP_PICTURES_LIMIT: Final = 64 * 1024 * 1024  # characters of all a map's pictures together
_PICTURE_URI: Final = re.compile(r"data:([a-z0-9.+-]+/[a-z0-9.+-]+)((?:;[a-z0-9=._+-]+)*),", re.I)


def picture_parts(uri: str) -> tuple[str, bytes]:
    """The media type and bytes of a picture's ``data:`` URI (base64, or an SVG's own text
    percent-encoded), or ValueError saying what is wrong with it. Nothing it names is fetched:
    a URI of any other scheme is refused."""
    found = _PICTURE_URI.match(uri)
    if found is None:
        scheme = uri.split(":", 1)[0][:20] if ":" in uri else ""
        said = f"a {scheme}: address" if scheme else "no data: URI"
        raise ValueError(f"a picture is a data: URI of an image held in the map, not {said}")
    media, params = found.group(1).lower(), found.group(2).lower().split(";")[1:]
    if media not in PICTURE_TYPES:
        raise ValueError(f"{media} is no picture type mapviewer draws ({', '.join(PICTURE_TYPES)})")
    body = uri[found.end() :]
    if len(body) > 4 * PICTURE_LIMIT:  # before decoding: base64 is 4/3, percent-escapes 3
        raise ValueError(f"a picture is at most {PICTURE_LIMIT // 1024 // 1024} MB")
    if "base64" in params:
        try:
            data = base64.b64decode("".join(body.split()), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("the picture's base64 does not decode") from None
    elif media == "image/svg+xml":
        data = unquote_to_bytes(body)
    else:
        raise ValueError(f"a {media} picture is written in base64 (;base64,)")
    if len(data) > PICTURE_LIMIT:
        raise ValueError(f"a picture is at most {PICTURE_LIMIT // 1024 // 1024} MB")
    magic = _PICTURE_MAGIC.get(media)
    if magic is not None and not data.startswith(magic):
        raise ValueError(f"the picture's bytes are not a {media.split('/')[1].upper()} image")
    if magic is None and b"<svg" not in data[:65536]:
        raise ValueError("the picture's text is not an SVG image (no <svg> element)")
    return media, data


def picture_type(data: bytes) -> str | None:
    """A picture's media type read from its own bytes (a file's name can say anything), or
    None when they are no PNG, JPEG, GIF or SVG image."""
    for media, starts in _PICTURE_MAGIC.items():
        if data.startswith(starts):
            return media
    return "image/svg+xml" if b"<svg" in data[:65536] else None


def picture_uri(media: str, data: bytes) -> str:
    """The ``data:`` URI a picture is kept as: its bytes in base64, one way for every type."""
    return f"data:{media};base64,{base64.b64encode(data).decode('ascii')}"


def _checked_picture(uri: str) -> str:
    picture_parts(uri)
    return uri


Picture = Annotated[
    str,
    AfterValidator(_checked_picture),
    Field(
        json_schema_extra={
            "pattern": r"^data:image/(png|jpeg|gif|svg\+xml)[;,]",
            "maxLength": 4 * PICTURE_LIMIT + 200,
        }
    ),
]

# "circle": an ellipse that stays round (as wide as it is tall), for tools that draw nodes as
# discs of a size (Gephi): an ellipse is as tall as its label, so a disc came out a flat oval.
# The flowchart shapes other tools' files use (yEd's dataBase, cloud, document, userMessage and
# card, Cytoscape's tag and triangle, Advanced Canvas's database and document) opened as
# rounded boxes and rectangles, so a database read as one more process: "cylinder" (a
# database), "cloud", "document" (a wavy foot), "tag" (pointed at the right), "triangle"
# (pointing up) and "card" (its top-left corner cut off).
Shape = Literal[
    "rounded",
    "rectangle",
    "ellipse",
    "pill",
    "hexagon",
    "diamond",
    "octagon",
    "parallelogram",
    "circle",
    "cylinder",
    "cloud",
    "document",
    "tag",
    "triangle",
    "card",
]
SHAPES: tuple[str, ...] = get_args(Shape)
DASHES = ("solid", "dash", "dot", "dashdot")
Dash = Literal["solid", "dash", "dot", "dashdot"]
# Which ends of a directed link carry an arrowhead: "end" (the target's, as every link has by
# default) or "both" (a two-way link: yEd's source="standard" target="standard", JSON Canvas's
# fromEnd "arrow", Cytoscape's source-arrow-shape).
ARROWS = ("end", "both")
Arrows = Literal["end", "both"]
# What a link's end is drawn as, in place of the normal arrowhead (a filled triangle), as UML
# diagrams draw theirs (yEd's y:Arrows): an open triangle for inheritance, a filled or open
# diamond for composition or aggregation, a bare "vee" for a dependency. The first three point:
# they stand in for the arrowhead the link has at that end (Edge.directed, Edge.arrows), and an
# end without one draws none. The others mark their end on any link, as a UML diamond marks
# the whole of an undirected association.
ENDS = ("triangle", "open_triangle", "vee", "diamond", "open_diamond", "circle", "open_circle")
End = Literal[
    "triangle", "open_triangle", "vee", "diamond", "open_diamond", "circle", "open_circle"
]
POINTING_ENDS = frozenset({"triangle", "open_triangle", "vee"})
# The side of a concept's box a link leaves or reaches it by, as JSON Canvas's fromSide and
# toSide: the link then leaves that side square to it, curving to the other end, as Obsidian
# draws it.
SIDES = ("top", "right", "bottom", "left")
Side = Literal["top", "right", "bottom", "left"]
ROUTINGS = ("straight", "curved", "orthogonal")
Routing = Literal["straight", "curved", "orthogonal"]
# How a concept's colour (its own or its kind's) is drawn: "filled", the colour filling its box
# under black or white text; "tinted", the colour as the box's outline round a faint tint of it
# under the map's text colour, as Obsidian draws a coloured card.
FILLS = ("filled", "tinted")
Fills = Literal["filled", "tinted"]
# How concepts' labels are lettered: "bold", as mapviewer draws its own maps, or "plain", as
# yEd, CmapTools, Gephi, Cytoscape and Obsidian draw theirs (their boxes sized for it).
LETTERINGS = ("bold", "plain")
Lettering = Literal["bold", "plain"]
# Where a group's frame writes its name: "left", "centre" or "right" in a band of the group's
# own colour across the frame's top, as yEd draws a group's header; "above" over the frame's
# top-left corner, outside it, as Obsidian labels a canvas group. None: centred in a pale band
# of its colour, as mapviewer draws its own groups.
TITLE_PLACES = ("left", "centre", "right", "above")
TitlePlace = Literal["left", "centre", "right", "above"]
MapLook = Literal["routing", "fills", "lettering", "background"]  # map-wide choices of its look


class Record(BaseModel):
    """Base of every map record: unknown fields survive, NaN and infinity do not."""

    model_config = ConfigDict(
        extra="allow",
        allow_inf_nan=False,
        validate_assignment=False,
        populate_by_name=True,
    )


class Source(Record):
    """A document the map quotes; ``file`` is relative to the map file."""

    id: Id
    title: str
    citation: str = ""
    file: str | None = None
    url: str | None = None


class Kind(Record):
    """A category of concepts with its look: therapy, drug, immune cell..."""

    id: Id
    label: str
    color: Color | None = None
    shape: Shape | None = None
    description: str = ""


class Quote(Record):
    """Words copied verbatim from a source that support a concept or a link. ``page`` is the
    1-based page of a paged source (a PDF) the words were taken from: the reader opens there,
    and the words are looked for on that page first when the document repeats them."""

    source: Id
    text: Annotated[str, StringConstraints(min_length=1)]
    page: int | None = Field(default=None, ge=1, le=1_000_000)


class Node(Record):
    """A concept. ``x``/``y`` is the centre of its box in scene units; absent means unplaced."""

    id: Id
    label: str
    kind: str | None = None
    aliases: list[str] = Field(default_factory=list)
    description: str = ""
    quotes: list[Quote] = Field(default_factory=list)
    x: Coordinate | None = None
    y: Coordinate | None = None
    # Of a group's frame, ``width`` and ``height`` are the rectangle the file drew it as,
    # centred on x/y (an Obsidian group's, a yEd group's open geometry): the frame keeps at
    # least that, growing only round members outside it (mapviewer.groups.kept_frame).
    width: float | None = Field(default=None, gt=0, le=WIDTH_LIMIT)
    # The least height of the box (an Obsidian card's, a yEd node's): a label needing more
    # still gets more, as a label wraps within ``width`` and the box grows to hold it.
    height: float | None = Field(default=None, gt=0, le=WIDTH_LIMIT)
    # The concept's own look, over its kind's: what other tools' files carry per node.
    color: Color | None = None
    shape: Shape | None = None
    text_color: Color | None = None
    # The outline's own colour, width (in normal outlines: 1 is the theme's, as yEd's and
    # CmapTools' 1.0 is theirs; the same limit as a link's) and dash, as yEd's y:BorderStyle
    # and CXL's border-color, border-thickness and border-style draw a node's; a yEd group's
    # dashed frame is one. None: the kind's outline, as mapviewer draws it; a width of 0: no
    # outline at all, as yEd draws a border without a colour (``hasColor="false"``).
    border_color: Color | None = None
    border_width: float | None = Field(default=None, ge=0, le=LINE_WIDTH_LIMIT)
    border_dash: Dash | None = None
    # The label's own type size in points, as CXL's font-size and yEd's NodeLabel fontSize give
    # a title node bigger type and notes smaller (their pixels read as 3/4 of a point, as at 96
    # dpi). None: the theme's label size. The box grows or shrinks round the label.
    text_size: float | None = Field(default=None, ge=TEXT_SIZE_MIN, le=TEXT_SIZE_MAX)
    # The concept that contains this one (a group's frame), as Cytoscape's compound nodes and
    # CXL's parent-id: absent for a concept at the top.
    parent: Id | None = None
    # A group (a concept others name as parent) drawn as one box, its members hidden, instead
    # of as a frame around them.
    collapsed: bool = False
    # Where the group's frame writes its name (TITLE_PLACES), as the tool it came from does.
    title_at: TitlePlace | None = None
    # A group's inside, as its tool filled it (yEd's GroupNode y:Fill: react-app-archetype's
    # #F2F0D8 under #B7B69E headers). None: a pale tint of its colour, mapviewer's own look.
    inside_color: Color | None = None
    # The concept drawn as a picture (yEd's image and SVG nodes): a ``data:`` URI of a PNG,
    # JPEG, GIF or SVG (Picture), scaled into its box keeping its proportions, with no fill or
    # outline, as yEd draws it. None: the box drawn as its shape.
    picture: Picture | None = None
    data: dict[str, Any] = Field(default_factory=dict)

    @property
    def placed(self) -> bool:
        return self.x is not None and self.y is not None


# Links one CmapTools linking phrase joins (its "can cause" to three concepts): the phrase's key
# in each link's data, and where the phrase stood, from the link's source concept's centre. The
# canvas draws them through that point, the phrase written there once; CXL writes one phrase.
SHARED_PHRASE: Final = "cxl-phrase"
PHRASE_AT: Final = "cxl-phrase-at"
# Where a picture's caption stands, from its box's centre: the centre of the name yEd writes
# outside an image or SVG node (below the icon, above it, beside it). The box is the icon's,
# what links end on and a click hits; the name is written there, outside it.
CAPTION_AT: Final = "yed-caption-at"
# A concept's own width and height before a picture was given it in the app (null where it
# had none), so that taking the picture away gives that box back, not the icon's 64 units.
BOX_BEFORE_PICTURE: Final = "box-before-picture"


def phrase_meetings(edges: Iterable[Edge]) -> dict[str, tuple[tuple[float, float], bool]]:
    """The links that meet where their shared phrase stood: link id -> (its PHRASE_AT, whether
    it writes the phrase). Links of one phrase and one wording meet, two or more of them; the
    first in the map's order writes it. A link reworded since is a link of its own."""
    groups: dict[tuple[str, str], list[tuple[str, tuple[float, float]]]] = {}
    for edge in edges:
        key, offset = edge.data.get(SHARED_PHRASE), phrase_offset(edge.data)
        if isinstance(key, str) and offset is not None:
            groups.setdefault((key, edge.label), []).append((edge.id, offset))
    return {
        edge_id: (offset, index == 0)
        for members in groups.values()
        if len(members) > 1
        for index, (edge_id, offset) in enumerate(members)
    }


def phrase_offset(data: dict[str, Any], key: str = PHRASE_AT) -> tuple[float, float] | None:
    """The PHRASE_AT of a link's data (or another offset ``key``, a concept's CAPTION_AT) as
    two finite numbers, or None."""
    value = data.get(key)
    if not (isinstance(value, list) and len(value) == 2):
        return None
    x, y = value
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (x, y)):
        return None
    # As far as a concept may lie from the middle: a hand-edited 1e300 drew a course to nowhere.
    if not all(math.isfinite(v) and abs(v) <= COORDINATE_LIMIT for v in (x, y)):
        return None
    return float(x), float(y)


def caption_offset(node: Node) -> tuple[float, float] | None:
    """Where a picture concept's name stands from its box's centre (CAPTION_AT), or None: a
    name in its box, as every other concept's. Only a box of the file's own size has one."""
    if not (node.width and node.height):
        return None
    return phrase_offset(node.data, CAPTION_AT)


def box_before_picture(node: Node) -> tuple[float | None, float | None]:
    """The width and height ``node`` had before its picture (BOX_BEFORE_PICTURE), each None
    where it had none of its own or the file says no size a box may have."""
    value = node.data.get(BOX_BEFORE_PICTURE)
    if not (isinstance(value, list) and len(value) == 2):
        return None, None
    width, height = (
        float(v)
        if isinstance(v, int | float) and not isinstance(v, bool) and 0 < v <= WIDTH_LIMIT
        else None
        for v in value
    )
    return width, height


class Edge(Record):
    """A link: the proposition ``source -- label -> target``."""

    id: Id
    source: Id
    target: Id
    label: str = ""
    description: str = ""
    quotes: list[Quote] = Field(default_factory=list)
    # The link's own look; an undirected link (GraphML/GEXF undirected graphs) has no arrowhead.
    color: Color | None = None
    dash: Dash | None = None
    # How thick the line is, in normal lines (see LINE_WIDTH_LIMIT): the theme draws a 2 twice
    # as wide as its own links, so a width keeps its meaning on the projector. None: normal.
    width: float | None = Field(default=None, gt=0, le=LINE_WIDTH_LIMIT)
    directed: bool = True
    # Arrowheads at both ends (ARROWS; None: at the target only). An undirected link has none
    # whatever this says, and gets both back when it is given its direction again.
    arrows: Arrows | None = None
    # What the target's and the source's ends are drawn as (ENDS; None: the normal
    # arrowhead where the link has one, nothing elsewhere).
    head: End | None = None
    tail: End | None = None
    # The sides of its concepts' boxes the link is anchored to (SIDES; None: it runs between
    # the boxes by the map's routing).
    from_side: Side | None = None
    to_side: Side | None = None
    # Points the line passes through on its way from source to target, in scene units (yEd's
    # bends, CmapTools' control points): the author's own route, kept rather than re-routed.
    # Empty: the map's routing draws it.
    bends: list[Bend] = Field(default_factory=list, max_length=BENDS_LIMIT)
    # Drawn through its bends as one smooth curve, as CmapTools draws its curved connections
    # (and yEd its curved edges), rather than straight from bend to bend with corners, as yEd
    # draws a polyline: a link's own, as those tools draw the two kinds side by side.
    smooth: bool = False
    data: dict[str, Any] = Field(default_factory=dict)


class Camera(Record):
    """A rectangle of the scene to frame."""

    x: FramePosition
    y: FramePosition
    width: float = Field(gt=0, le=2 * FRAME_LIMIT)
    height: float = Field(gt=0, le=2 * FRAME_LIMIT)


class TourStep(Record):
    """One step of a lecture tour: what is in focus, what is revealed, what is said."""

    id: str = ""
    title: str = ""
    focus: list[Id] = Field(default_factory=list)
    reveal: list[Id] = Field(default_factory=list)
    # Links held back from this step on: a link otherwise shows once both its concepts are
    # revealed; a held one waits until a later step focuses or reveals it.
    hold: list[Id] = Field(default_factory=list)
    camera: Camera | None = None
    caption: str = ""
    quote: Quote | None = None
    notes: str = ""
    # What the step was about, by name, once all of it was deleted from the map (its ids went,
    # as a file naming what is not in the map does not load): kept in the file, so a reopened
    # map still tells the author the step lost its subject rather than pass it for an overview.
    gone: list[GoneName] = Field(default_factory=list)


class Tour(Record):
    """An ordered walk through the map for teaching."""

    id: Id
    title: str
    description: str = ""
    steps: list[TourStep] = Field(default_factory=list)


class ConceptMap(Record):
    """A whole map file, version 1."""

    format: Literal["mapviewer-map"] = FORMAT_NAME
    version: Literal[1] = FORMAT_VERSION
    title: str = "Untitled map"
    description: str = ""
    # The question the map answers, drawn above it as CmapTools does ("" when it has none).
    focus_question: FocusQuestion = ""
    # How links are drawn: straight centre to centre, or routed around the boxes they do not join.
    routing: Routing = "straight"
    # How the concepts' colours are drawn: filling their boxes, or tinted under a coloured outline.
    fills: Fills = "filled"
    # How the concepts' labels are lettered: bold, or plain as other tools letter theirs.
    lettering: Lettering = "bold"
    # The colour the map is drawn on, where its file gave one (CmapTools' map-style
    # background-color): a map made on a dark page has light text that vanishes on the theme's
    # pale canvas. None: the theme's canvas.
    background: Color | None = None
    sources: list[Source] = Field(default_factory=list)
    kinds: list[Kind] = Field(default_factory=list)
    nodes: list[Node] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)
    tours: list[Tour] = Field(default_factory=list)

    @model_validator(mode="after")
    def _pictures_fit(self) -> ConceptMap:
        """Each picture is capped, and so are all together: a map is not an album."""
        total = sum(len(n.picture) for n in self.nodes if n.picture)
        if total > MAP_PICTURES_LIMIT:
            limit = MAP_PICTURES_LIMIT // 1024 // 1024
            raise ValueError(f"the map's pictures come to more than {limit} MB together")
        return self

    def node_by_id(self) -> dict[str, Node]:
        return {n.id: n for n in self.nodes}

    def edge_by_id(self) -> dict[str, Edge]:
        return {e.id: e for e in self.edges}

    def kind_by_id(self) -> dict[str, Kind]:
        return {k.id: k for k in self.kinds}

    def source_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    def labels(self) -> dict[str, str]:
        return {n.id: n.label for n in self.nodes}


def arrow_scale(width: float) -> float:
    """How much larger than a normal link's the arrowhead of a line ``width`` normal lines wide
    is, wherever links are drawn (canvas, slides, web page). It grows with the line by its
    square root: in proportion (as Gephi draws) a 7-wide line ended in an arrow as long as a
    concept box is wide, and at one size in a stub narrower than the line. A thin line keeps
    the normal arrow, which stays visible."""
    return math.sqrt(width) if width > 1.0 else 1.0


def drawn_ends(edge: Edge) -> tuple[str | None, str | None]:
    """What a link's source and target ends are drawn with (ENDS), None where neither an
    arrowhead nor a mark is, wherever links are drawn (canvas, web page)."""
    return end_marks(edge.directed, edge.arrows == "both", edge.tail, edge.head)


def _most_common(values: Iterable[_Value]) -> tuple[_Value, int] | None:
    """The value most often met and how often, or None of nothing."""
    counts = Counter(values).most_common(1)
    return counts[0] if counts else None


def common_text_size(nodes: Iterable[Node]) -> float | None:
    """The text size most concepts have of their own (Node.text_size: a CmapTools map's 12 px
    as 9 pt), or None when most have none and are drawn in the theme's. Whether a map's labels
    read at a zoom, and so whether names are drawn over them, goes by it, in the window and on
    the web page alike."""
    found = _most_common(node.text_size for node in nodes)
    return found[0] if found else None


# A concept's own look but for its text size, taken as one: the parts of CmapTools' default
# style sheet that give every new concept of a map the same box.
LOOK_FIELDS: Final = ("color", "text_color", "shape", "border_color", "border_width", "border_dash")


def common_look(nodes: Sequence[Node]) -> dict[str, Any]:
    """The look of its own a new concept takes to look like the map's others (Node fields to
    values): the text size of common_text_size, and the colour, text colour, shape and border
    that more than half the concepts carry together, as CmapTools gives a new concept the
    map's default style sheet (bacterial-characteristics.cxl: 57 of 75 pale blue rounded
    boxes). A map whose concepts differ (a colour per category, 9 of 23 the most alike) or
    carry none (mapviewer's own, drawn by kind) gives none, so the new concept is drawn by
    its kind. Group frames are not counted: a new concept is never one."""
    parents = {node.parent for node in nodes if node.parent}
    concepts = [node for node in nodes if node.id not in parents]
    look: dict[str, Any] = {}
    found = _most_common(tuple(getattr(node, name) for name in LOOK_FIELDS) for node in concepts)
    if found is not None and 2 * found[1] > len(concepts):
        look = {
            name: value
            for name, value in zip(LOOK_FIELDS, found[0], strict=True)
            if value is not None
        }
    size = common_text_size(nodes)
    if size is not None:
        look["text_size"] = size
    return look


def end_marks(
    directed: bool, both: bool, tail: str | None, head: str | None
) -> tuple[str | None, str | None]:
    """``drawn_ends`` from a link's parts: a pointing end stands in for the arrowhead the
    link has there (at the target if it is ``directed``, at the source too if ``both``), a
    diamond or circle marks its end on any link."""
    head, tail = head or "triangle", tail or "triangle"
    at_head = directed or head not in POINTING_ENDS
    at_tail = (directed and both) or tail not in POINTING_ENDS
    return (tail if at_tail else None), (head if at_head else None)


def link_middle(phrase: str) -> str:
    """What stands between the two concepts' names when a link is read as a sentence; rich text
    makes each of the three parts its own link, so the middle is a piece of its own."""
    return f" — {phrase or 'linked to'} → "


def proposition(source: str, phrase: str, target: str) -> str:
    """A link read as a sentence: 'PD-1 — switches off → T-cell activation'. The arrow keeps
    the direction visible, and a link without a phrase still reads."""
    return f"{source}{link_middle(phrase)}{target}"


def edge_sentence(labels: dict[str, str], edge: Edge) -> str:
    """``proposition`` for ``edge`` with its concepts' labels; a concept that is gone (a
    half-deleted map, a damaged file) is named by its id rather than failing."""
    return proposition(
        labels.get(edge.source, edge.source), edge.label, labels.get(edge.target, edge.target)
    )


_MARKS = str.maketrans("", "", "®™©")


def said_aliases(node: Node) -> list[str]:
    """The concept's other names as the Details pane says them: one spelling each, trade
    marks aside ("Also called: Keytruda, Keytruda®" named the drug twice; the ® spelling is
    kept in the map, where a quote or a search may use it)."""
    seen = {node.label.translate(_MARKS).strip().casefold()}
    said = []
    for alias in node.aliases:
        key = alias.translate(_MARKS).strip().casefold()
        if key and key not in seen:
            seen.add(key)
            said.append(alias)
    return said


def spoken_sentence(labels: dict[str, str], edge: Edge) -> str:
    """A link as it is said aloud, with no arrow: "PD-1 sits on T cells". Captions and screen
    readers use it, where an arrow would be read out as a symbol."""
    source = labels.get(edge.source, edge.source)
    return f"{source} {edge.label or 'is linked to'} {labels.get(edge.target, edge.target)}"


def _ordinary_capital(word: str) -> bool:
    """A word capitalised only as a sentence's first word would be: "Immune", "Long-term";
    not "PD-1", "CAR", "T-cell", "B7-1", "Sipuleucel-T" (a second letter that is not a small
    letter, or a capital or digit further on)."""
    return (
        len(word) > 1
        and word[0].isupper()
        and word[1].islower()
        and not any(c.isupper() or c.isdigit() for c in word[1:])
    )


def said_mid_sentence(node: Node) -> str:
    """The concept's label as a sentence says it after its first word: "T cells are a type of
    immune cells", not "... of Immune cells". Only an ordinary capitalised first word is
    lowered; acronyms and names keep their capitals ("PD-1", "CAR T-cell therapy", "T cells"),
    and so does a proper name, known by a later capitalised word ("James Allison"), a trade
    mark ("Keytruda®" among its names) or the concept's own words writing it capitalised
    mid-sentence and never in small letters ("the Fab fragment")."""
    label = node.label
    word = label.split(maxsplit=1)[0] if label.strip() else ""
    if not _ordinary_capital(word) or any(_ordinary_capital(w) for w in label.split()[1:]):
        return label
    small = word[0].lower() + word[1:]
    own = " ".join([node.description, *(q.text for q in node.quotes)])
    if not re.search(rf"\b{re.escape(small)}\b", own) and (
        any(a.startswith(word) and ("®" in a or "™" in a) for a in [label, *node.aliases])
        or re.search(rf"[^\s.!?:;]\s+{re.escape(word)}\b", own)
    ):
        return label
    return small + label.lstrip()[len(word) :]


def json_schema() -> dict[str, Any]:
    """The JSON Schema editors use to validate map files, generated from the models."""
    schema = ConceptMap.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://mapviewer.example/mapviewer-map.schema.json"
    schema["title"] = "mapviewer map, format version 1"
    return schema
