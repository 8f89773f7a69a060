"""JSON Canvas 1.0 (Obsidian ``.canvas``), both ways.

Reading: text nodes become concepts labelled by what the card shows first (a Markdown heading,
else its first paragraph when short, else its first line; marks taken out: _split_text), the
rest of the text their description; file nodes are labelled by the file's name
(path in ``data["file"]``), link nodes by their URL (``data["url"]``), group nodes by their label
(``data["group"] = True``), their names written above their frames as Obsidian writes them.
Text, file, link and group are kinds (text only in a stranger's canvas; in ours a text card is
a concept of its own kind), drawn as Obsidian draws cards
without a colour: white, groups grey (CARD, GROUP). Canvas
positions are top-left corners: converted to centres. A node inside a group's rectangle keeps
the smallest such group as its ``parent``. Colours are ``#rrggbb`` or the presets 1-6, read
as Obsidian draws them; they are the concepts' and links' own colours. Edge labels are link
labels; an edge with no arrowhead at either end is undirected, one with a head at each end
a two-way link (``Edge.arrows`` "both", written back so); sides go into ``data``.

Writing: each concept as a text node (label, a blank line, the description), a concept with
members as a group whose rectangle encloses theirs (a canvas's group with none at its own),
each link as an edge with its label, colours as presets where they are Obsidian's; what a
canvas cannot hold travels in ``mapviewer`` fields, which the JSON Canvas spec leaves room for
and Obsidian ignores.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mapviewer.groups import (
    Box,
    box_at,
    given_frames,
    group_frames,
    innermost_holders,
    own_frame,
    parent_map,
)
from mapviewer.io.mapfile import write_json
from mapviewer.io.records import (
    META_KEY,
    At,
    EdgeRecord,
    GraphRecord,
    NodeRecord,
    Progress,
    ProgressCallback,
    apply_item_meta,
    as_progress,
    box_size,
    build_map,
    estimated_box,
    export_positions,
    fail,
    is_our_meta,
    item_meta,
    json_object,
    json_safe,
    load_json,
    map_meta,
    number,
)
from mapviewer.model import ConceptMap, Edge, Node

NODE_TYPES = ("text", "file", "link", "group")
# Obsidian's default theme's colours for the presets (its --color-red ... --color-purple, light
# mode, as mapviewer's canvas is light): red, orange, yellow, green, cyan, purple.
PRESETS = {
    "1": "#E93147",
    "2": "#EC7500",
    "3": "#E0AC00",
    "4": "#08B94E",
    "5": "#00BFBC",
    "6": "#7852EE",
}
# The same presets in Obsidian's dark mode: a colour of either set is written back as its preset.
DARK_PRESETS = {
    "1": "#FB464C",
    "2": "#E9973F",
    "3": "#E0DE71",
    "4": "#44CF6E",
    "5": "#53DFDD",
    "6": "#A882FF",
}
# Obsidian's uncoloured card (its --background-primary) and the grey of its --canvas-color,
# which outlines uncoloured cards and groups.
CARD = "#FFFFFF"
GROUP = "#C0C0C0"
PRESET_OF = {hex_: key for table in (DARK_PRESETS, PRESETS) for key, hex_ in table.items()}
GEOMETRY = ("id", "type", "x", "y", "width", "height", "color", META_KEY)
GEOMETRY_TOP = ("nodes", "edges", META_KEY)


def is_canvas(data: Any) -> bool:
    """What a ``.canvas`` file may hold: an object whose ``nodes`` and ``edges``, where present,
    are arrays. Obsidian writes ``{}`` for an empty canvas, and plugins add top-level keys of
    their own (Advanced Canvas: ``metadata``), which JSON Canvas allows."""
    if not isinstance(data, dict) or not (not data or "nodes" in data or "edges" in data):
        return False  # an object without either is some other format's (Cytoscape's, JGF's)
    return all(isinstance(data.get(k, []), list) for k in ("nodes", "edges"))


def sniff(data: Any) -> bool:
    """A canvas among other JSON (a ``.json`` file): ``nodes`` or ``edges`` arrays whose nodes
    are canvas cards (every card has a type), not Cytoscape elements (which hold ``data``) nor
    a mapviewer map whose "format" was left out (concepts with labels and no type)."""
    if not is_canvas(data) or not ("nodes" in data or "edges" in data):
        return False
    first = next((n for n in data.get("nodes", []) if isinstance(n, dict)), None)
    return first is None or "type" in first


# A stranger's card shows its first paragraph whole when it is this short (lines, characters
# a line, characters in all); a longer one is labelled by its first line, as a note's title.
SHOWN_LINES, SHOWN_LINE_CHARS, SHOWN_CHARS = 4, 60, 160
_HEADING = re.compile(r"^#{1,6}\s+")
_BULLET = re.compile(r"^\s*[-*+]\s+")
# A line of three or more -, * or _ (spaces between allowed): Obsidian draws a rule there, or,
# under a line of text, makes that line a heading. Read as words, a card opening with "---"
# was named "---", which at fit reads as a dash.
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.MULTILINE)
# An empty list item ("-"): Obsidian shows a bullet and no words; it had been named "-". A lone
# "**" is not bold round nothing but two stars, as CommonMark renders it, so it keeps its name.
_MARKS_ONLY = re.compile(r"\s*[-*+]\s*")


def _split_text(
    text: str, ours: bool, card: tuple[float | None, float | None] = (None, None)
) -> tuple[str, str]:
    """Label and description from a text card. Ours: the first line, then the text after a
    blank line. A stranger's: what Obsidian shows first, its marks taken out: a heading by
    itself, else the first paragraph when short (Odoo-Project / Link to Git-Repo / Link to
    Kubernetes-Cluster read as only "Odoo-Project") or when it fits the ``card`` (width,
    height) its author made for it (Stardust's 260 x 140 "black-hole: / 1-tap minimize
    everything (useful when stardust is an overlay)" read as only "black-hole:"), else its
    first line."""
    first, _, rest = text.partition("\n")
    if ours:
        return first, rest[1:] if rest.startswith("\n") else rest
    text = _RULE.sub("", text).strip("\n")  # a rule is no words: it parts what is around it
    if _MARKS_ONLY.fullmatch(text):
        return "", ""
    first, _, rest = text.partition("\n")
    if _HEADING.match(first):
        return _as_shown(_HEADING.sub("", first)), rest.strip()
    paragraph = text.strip("\n").split("\n\n", 1)
    lines = [line for line in paragraph[0].split("\n") if line.strip()]
    shown = [_as_shown(_BULLET.sub("\u2022 ", line)) for line in lines]
    short = all(len(line) <= SHOWN_LINE_CHARS for line in shown)
    brief = len(shown) <= SHOWN_LINES and short and sum(map(len, shown)) <= SHOWN_CHARS
    if len(shown) > 1 and (brief or _fits(shown, card)):
        return "\n".join(shown), paragraph[1].strip() if len(paragraph) > 1 else ""
    return _as_shown(first), rest.strip()


def _fits(lines: list[str], card: tuple[float | None, float | None]) -> bool:
    """Whether ``lines``, wrapped to the card's width, fit its height (estimated: no fonts)."""
    width, height = card
    if not width or not height:
        return False
    return estimated_box("\n".join(lines), width, None)[1] <= height


# Obsidian renders a text card's Markdown: "**ANCHOR**" shows as a bold ANCHOR, "[[Sans]]" as a
# link named Sans, "`cargo build`" in a code font. The label says what the card shows; the
# card's own text goes back out as its author wrote it (CARD_TEXT).
_INLINE = (
    (re.compile(r"!?\[\[([^\]|]*)\|([^\]]*)\]\]"), r"\2"),  # [[note|shown as]]
    (re.compile(r"!?\[\[([^\]]*)\]\]"), r"\1"),  # [[note]], ![[embed]]
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](address)
    (re.compile(r"(\*\*|__|~~|==)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold, struck, highlighted
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *italic*
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),  # _italic_, not snake_case
    (re.compile(r"`([^`]+)`"), r"\1"),  # `code`
)
CARD_TEXT = "canvas-text"  # a stranger's card's text as written, where the label shows it plainer
# Kept in data to give the canvas back as drawn: a group's rectangle, a card's Markdown, and
# (as maps saved before links had sides kept them) an edge's sides.
KEPT_LOOK = ("width", "height", "fromSide", "toSide", CARD_TEXT)


def _as_shown(line: str) -> str:
    """One line of a card's Markdown as Obsidian shows it, its marks taken out."""
    for pattern, shown in _INLINE:
        line = pattern.sub(shown, line)
    return line.strip()


def _node(body: dict[str, Any], index: int, ours: bool) -> NodeRecord:
    kind = body.get("type")
    ident = body.get("id")
    if not isinstance(ident, str) or not ident:
        raise ValueError(f"nodes[{index}] needs a string id")
    node = NodeRecord(ident, at=At(where=f"nodes[id={ident}]"))
    x, y = number(body.get("x")), number(body.get("y"))
    width, height = number(body.get("width")) or 0.0, number(body.get("height")) or 0.0
    if x is not None and y is not None:
        node.x, node.y = x + width / 2, y + height / 2
    node.width, node.height = width or None, height or None  # a card's size is its author's
    node.color = _color(body.get("color"))
    data = {k: v for k, v in body.items() if k not in GEOMETRY}
    _read_card(node, kind, data, ours)
    node.shape = _card_shape(body.get(STYLE_KEY))
    if kind == "group" and ours:
        pass  # our own group: its kind and look travel in our metadata
    elif kind in NODE_TYPES[1:] or (kind == "text" and not ours):
        node.kind = kind  # a stranger's text card too: it is drawn as a card (type_colors)
    elif kind != "text":
        data["type"] = kind
    node.data.update(data)
    apply_item_meta(node, body.get(META_KEY))
    return node


def _read_card(node: NodeRecord, kind: Any, data: dict[str, Any], ours: bool) -> None:
    """The concept's label (and description) from what the card shows."""
    if kind == "text":
        text = str(data.pop("text", ""))
        node.label, node.description = _split_text(text, ours, (node.width, node.height))
        # Obsidian shows an empty card empty: it had been named by its id ("b13ddbac143a3668"),
        # as was a card that shows no words (an empty heading "# ", a rule "---").
        node.unlabelled = not node.label.strip()
        if not ours and _card_text(node.label, node.description) != text:
            data[CARD_TEXT] = text  # its Markdown, to go back out as written
    elif kind == "file":
        node.label = Path(str(data.get("file", ""))).name
    elif kind == "link":
        node.label = str(data.get("url", ""))
    elif kind == "group":
        node.label = str(data.pop("label", "")) or "Group"
        if ours:  # our frame measured round the members; a size of its own is in our metadata
            node.width = node.height = None
        else:
            # Obsidian draws a group at its rectangle, whatever lies inside: measured round
            # its members, the Advanced Canvas plugin's 1200 x 675 slides shrank to their cards.
            data["group"] = True
            # Obsidian writes a group's name over its top-left corner, outside the box: it
            # had opened centred in a band inside the frame, as mapviewer's own groups are.
            node.title_at = "above"


def _color(value: Any) -> Any:
    """A canvas colour: a preset number or a hex colour (anything else the builder skips)."""
    return PRESETS.get(value, value) if isinstance(value, str) else value


def _preset(color: str) -> str:
    """How a canvas names ``color``: its preset number if it is one of Obsidian's, else hex."""
    return PRESET_OF.get(color.upper(), color)


def _rect(body: dict[str, Any]) -> Box | None:
    """A canvas body's rectangle, or None when its x, y, width or height is missing or bad."""
    x, y, w, h = (number(body.get(k)) for k in ("x", "y", "width", "height"))
    if x is None or y is None or w is None or h is None:
        return None
    return x, y, x + w, y + h


def _parents(bodies: list[dict[str, Any]], nodes: list[NodeRecord]) -> None:
    """Canvas groups hold what lies inside their rectangle: the smallest group wins."""
    groups = [i for i, body in enumerate(bodies) if body.get("type") == "group"]
    held = innermost_holders([_rect(body) for body in bodies], groups)
    for node, holder in zip(nodes, held, strict=True):
        if holder is not None:
            node.parent = str(bodies[holder].get("id"))


# Advanced Canvas, the Obsidian plugin, styles a line in the edge's ``styleAttributes``: its
# ``path`` is one of these (no path: solid). Obsidian keeps the attributes it does not know.
STYLE_KEY = "styleAttributes"
PATH_DASHES = {"dotted": "dot", "short-dashed": "dash", "long-dashed": "dash"}
# And a card's ``shape`` (its styles.css): a pill, a diamond, a parallelogram skewed 20
# degrees, an ellipse filling the card ("circle"), a box with a bar inside each end
# ("predefined-process"), a page with a wavy foot ("document"), a cylinder ("database"). A
# flowchart's "Inicia" pill and "Decision" diamond had opened as plain cards.
CARD_SHAPES = {
    "pill": "pill",
    "diamond": "diamond",
    "parallelogram": "parallelogram",
    "circle": "ellipse",
    "predefined-process": "rectangle",
    "document": "document",
    "database": "cylinder",
}
# Written back: a rectangle chosen here is no predefined process (it goes in our metadata).
SHAPE_OF_CARD = {shape: card for card, shape in CARD_SHAPES.items() if shape != "rectangle"}


def _card_shape(style: Any) -> str | None:
    """The shape Advanced Canvas draws a card in, where mapviewer has it."""
    shape = style.get("shape") if isinstance(style, dict) else None
    return CARD_SHAPES.get(shape) if isinstance(shape, str) else None


def _node_style(node: Node, kept: Any) -> dict[str, Any] | None:
    """The ``styleAttributes`` a card read from Advanced Canvas came with, at the card's top
    where the plugin looks, its shape following the concept's now (null, the plugin's own
    word for a plain card, where mapviewer's has none there). None for a card that had none."""
    if not isinstance(kept, dict):
        return None
    style = dict(kept)
    if _card_shape(style) != node.shape:
        style["shape"] = SHAPE_OF_CARD.get(node.shape or "")
    return style


def _edge(body: dict[str, Any], index: int) -> EdgeRecord:
    source, target = body.get("fromNode"), body.get("toNode")
    if not isinstance(source, str) or not isinstance(target, str):
        raise ValueError(f"edges[{index}] needs fromNode and toNode")
    ident = body.get("id")
    edge = EdgeRecord(source, target, id=ident if isinstance(ident, str) else None)
    edge.at = At(where=f"edges[id={ident}]" if ident else f"edges[{index}]")
    label = body.get("label")
    edge.label = label if isinstance(label, str) else ""
    edge.color = _color(body.get("color"))
    ends = (body.get("fromEnd", "none"), body.get("toEnd", "arrow"))
    edge.directed = ends != ("none", "none")  # neither end has an arrowhead: a plain line
    if ends == ("arrow", "arrow"):  # a head at each end: a two-way link
        edge.arrows = "both"
    # The sides Obsidian anchors the edge to: its ends leave and reach the cards there.
    edge.from_side, edge.to_side = body.get("fromSide"), body.get("toSide")
    style = body.get(STYLE_KEY)
    if isinstance(style, dict) and isinstance(style.get("path"), str):
        edge.dash = PATH_DASHES.get(style["path"])  # a dotted line had opened solid
    skip = ["id", "fromNode", "toNode", "label", "color", "fromSide", "toSide", META_KEY]
    if ends in (("none", "none"), ("none", "arrow"), ("arrow", "arrow")):  # said; else kept
        skip += ["fromEnd", "toEnd"]
    edge.data.update({k: v for k, v in body.items() if k not in skip})
    apply_item_meta(edge, body.get(META_KEY))
    return edge


def from_data(
    data: Any, name: str, progress: ProgressCallback | Progress | None = None
) -> ConceptMap:
    """Build a map from a parsed canvas."""
    reporter = as_progress(progress)
    if not is_canvas(data):
        raise fail(name, 'not a JSON Canvas file: expected an object with "nodes" and "edges"')
    meta = data.get(META_KEY)
    graph = GraphRecord(name, "JSON Canvas", meta=meta if is_our_meta(meta) else None)
    # File and link cards are drawn as Obsidian draws every card, not in shapes of a cycle:
    # at their own sizes (400 x 400 images) a pill or a hexagon filled the groups.
    graph.type_shapes = {"file": "rounded", "link": "rounded", "text": "rounded"}
    # And in Obsidian's colours: a card without a colour of its own is white with a grey edge
    # and a group a grey outline, whatever its type, where the palette made file cards orange,
    # links green, groups blue and text cards slate.
    graph.type_colors = {"text": CARD, "file": CARD, "link": CARD, "group": GROUP}
    # Obsidian curves its edges round the cards between their ends; drawn straight, the
    # Divengine welcome canvas's links to its lower cards ran under the cards above them.
    graph.routing = "curved"
    # A coloured card is outlined in its colour round a faint tint of it (app.css: a 7 % tint
    # of the colour on the card's content), not filled: readme.md of the spec's sample (preset
    # 6) was a solid purple block.
    graph.fills = "tinted"
    try:  # a plugin's own top-level fields (Advanced Canvas: "metadata") stay with the map
        graph.extra = json_safe({k: v for k, v in data.items() if k not in GEOMETRY_TOP})
    except ValueError as exc:
        raise fail(name, str(exc)) from None
    bodies = [json_object(b) for b in data.get("nodes", [])]
    try:
        ours = graph.meta is not None
        graph.nodes = [_node(b, i, ours) for i, b in enumerate(reporter.part(0, 0.4).each(bodies))]
        graph.edges = [_edge(json_object(b), i) for i, b in enumerate(data.get("edges", []))]
    except ValueError as exc:
        raise fail(name, str(exc)) from None
    if not ours:
        _parents(bodies, graph.nodes)
    return build_map(graph, reporter.part(0.5, 1.0))


def load(path: Path, progress: ProgressCallback | None = None) -> ConceptMap:
    """Open an Obsidian ``.canvas`` file as a map."""
    return load_json(path, progress, from_data)


# --- writing ------------------------------------------------------------------------------------


def _card(node: Node, kept: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The card's type and content, and which of the concept's fields the card itself says.
    A file or link card read from a canvas goes back as one (its path or address taken out of
    ``kept``); anything else is a text card."""
    key = {"file": "file", "link": "url"}.get(node.kind or "")
    target = kept.get(key) if key else None
    if key and isinstance(target, str) and target:
        card = {"type": node.kind, key: kept.pop(key)}
        if key == "file" and isinstance(kept.get("subpath"), str):
            card["subpath"] = kept.pop("subpath")
        shown = Path(target).name if key == "file" else target
        return card, ["label"] if node.label == shown else []
    written = kept.get(CARD_TEXT)
    size = (node.width, node.height)
    if isinstance(written, str) and _split_text(written, False, size) == (
        node.label,
        node.description,
    ):
        # Not edited here: the card's Markdown as its author wrote it; the plainer label and
        # the text itself go in our metadata, for mapviewer to read back as they are.
        return {"type": "text", "text": written}, []
    kept.pop(CARD_TEXT, None)  # edited: the new words are the card's
    text = _card_text(node.label, node.description)
    # A label of several lines: the text cannot say where the label ends.
    return {"type": "text", "text": text}, [] if "\n" in node.label else ["label", "description"]


def _card_text(label: str, description: str) -> str:
    """The text card mapviewer writes for a concept: its label, a blank line, the rest."""
    return f"{label}\n\n{description}" if description else label


def _card_size(node: Node) -> tuple[float, float]:
    """The card's width and height: the height it was read with (a map saved before concepts
    had a height kept it in ``data``), else its own or one made up."""
    width, height = box_size(node)
    return width, node.height or number(node.data.get("height")) or height


def _given_size(node: Node) -> tuple[float | None, float | None]:
    """The size a canvas group was read with: its own, or where a map saved before groups kept
    one had it, in ``data``."""
    return node.width or number(node.data.get("width")), node.height or number(
        node.data.get("height")
    )


def _node_body(node: Node, centre: tuple[float, float], fill: str | None) -> dict[str, Any]:
    width, height = _card_size(node)
    kept = dict(node.data)
    card, said = _card(node, kept)
    body: dict[str, Any] = {
        "id": node.id,
        **card,
        "x": round(centre[0] - width / 2, 3),
        "y": round(centre[1] - height / 2, 3),
        "width": width,
        "height": height,
    }
    if node.color or fill:
        body["color"] = _preset(node.color or fill or "")
    style = _node_style(node, kept.pop(STYLE_KEY, None))
    native = ["color", "width", "height", *said]
    if style is not None:
        body[STYLE_KEY] = style
        if _card_shape(style) == node.shape:
            native.append("shape")  # said there, as the plugin draws it
    meta = item_meta(node, native, kept)
    if meta:
        body[META_KEY] = meta
    return body


def _group_body(node: Node, frame: Box, fill: str | None) -> dict[str, Any]:
    """A concept with members as a canvas group: its rectangle encloses the members' boxes,
    which is all that makes them members in a canvas."""
    left, top, right, bottom = frame
    body: dict[str, Any] = {
        "id": node.id,
        "type": "group",
        "label": node.label,
        "x": round(left, 3),
        "y": round(top, 3),
        "width": round(right - left, 3),
        "height": round(bottom - top, 3),
    }
    if node.color or fill:
        body["color"] = _preset(node.color or fill or "")
    # The frame's own size goes in our metadata: the rectangle written may have grown round
    # a member outside it.
    meta = item_meta(node, ["color", "label"], node.data)
    if meta:
        body[META_KEY] = meta
    return body


def _edge_body(edge: Edge) -> dict[str, Any]:
    body: dict[str, Any] = {"id": edge.id, "fromNode": edge.source, "toNode": edge.target}
    if edge.label:
        body["label"] = edge.label
    if edge.color:
        body["color"] = _preset(edge.color)
    if not edge.directed:
        body["toEnd"] = "none"
    elif edge.arrows == "both":
        body["fromEnd"] = "arrow"
    if edge.from_side:
        body["fromSide"] = edge.from_side
    if edge.to_side:
        body["toSide"] = edge.to_side
    kept = dict(edge.data)
    for key in ("fromSide", "toSide", "fromEnd", "toEnd"):  # the canvas's own, as read
        if isinstance(kept.get(key), str):
            body.setdefault(key, kept.pop(key))
    style = _edge_style(edge, kept.pop(STYLE_KEY, None))
    if style is not None:
        body[STYLE_KEY] = style
    native = ("label", "color", "directed", "arrows", "from_side", "to_side")
    meta = item_meta(edge, native, kept)
    if meta:
        body[META_KEY] = meta
    return body


def _edge_style(edge: Edge, kept: Any) -> dict[str, Any] | None:
    """The ``styleAttributes`` an edge read from Advanced Canvas came with, for the plugin: at
    the edge's top, where it looks (they had gone back inside mapviewer's metadata), the
    line's path following the link's dash now. None for an edge that had none."""
    if not isinstance(kept, dict):
        return None
    style = dict(kept)
    path = style.pop("path", None)
    if edge.dash == "dot":
        path = "dotted"
    elif edge.dash == "dash":
        path = path if path in ("short-dashed", "long-dashed") else "short-dashed"
    elif path in PATH_DASHES:  # drawn solid, or in a dash the plugin lacks
        path = None
    if path is not None:
        style["path"] = path
    return style


def to_json(cmap: ConceptMap) -> dict[str, Any]:
    where = export_positions(cmap)
    # A kind named after a card type came from a canvas's cards, not from someone choosing
    # colours: its cards go back as uncoloured as they came.
    colors = {k.id: k.color for k in cmap.kinds if k.id not in NODE_TYPES}
    sizes = {n.id: _card_size(n) for n in cmap.nodes}
    parents = parent_map(cmap.nodes)
    groups = set(parents.values())
    given = given_frames(cmap.nodes, where, parents, size=_given_size)
    nodes = cmap.node_by_id()
    above = {g: 0.0 for g in groups if nodes[g].title_at == "above"}  # a name, not a band
    frames = group_frames(where, sizes, parents, given=given, titles=above)
    for n in cmap.nodes:  # a group holding no card (a band across columns) is a group still
        if n.id not in frames and n.id in where and own_frame(n):
            frames[n.id] = box_at(where[n.id], (n.width or 0.0, n.height or 0.0))
    return {
        "nodes": [
            _group_body(n, frames[n.id], colors.get(n.kind or ""))
            if n.id in frames
            else _node_body(n, where[n.id], colors.get(n.kind or ""))
            for n in cmap.nodes
        ],
        "edges": [_edge_body(e) for e in cmap.edges],
        META_KEY: map_meta(cmap),
    }


def save(cmap: ConceptMap, path: Path) -> None:
    """Write a map as an Obsidian canvas."""
    write_json(path, to_json(cmap), indent="\t")
