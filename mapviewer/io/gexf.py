"""GEXF 1.2 and 1.3 (Gephi, Gephi Lite, graphology): reading, and writing GEXF 1.3.

Node and edge ``label``s are labels; ``<attvalue>``s are typed by their ``<attribute>``
declaration (with its ``<default>``) and kept in ``data`` under the attribute's title; a
``type``-like attribute becomes the kind. ``viz:position`` is the centre, in Gephi's y-up space
(flipped here); ``viz:color`` is the node's colour and ``viz:shape`` its shape (a disc
without one, as Gephi draws it); ``viz:size``,
the node's diameter, sets its width in proportion, between MIN_WIDTH and MAX_WIDTH (Gephi's
sizes run from 1 to hundreds, in units of its own layout), and is kept as it was in ``data``
(SIZE_KEY). An edge's ``weight`` stays in ``data["weight"]``, its GEXF 1.3 ``kind`` in
``data["kind"]`` (both written back as GEXF's own); an edge id that also names a node
(Gephi numbers both from 0) is changed, the file's kept as ``data["original_id"]``. An edge's
``viz:color`` and ``viz:shape`` are the link's colour and dash (without a colour, in a file
Gephi desktop wrote, its source node's, as Gephi draws it); a graph or edge ``type`` of
"undirected" makes links without direction, one of "mutual" a link with an arrowhead at each
end (``Edge.arrows``), written back so. A link's width is its ``viz:thickness`` (graphology
and Gephi Lite draw that), else its ``weight`` as Gephi's Overview draws weights (see
weight_widths).
Nodes nested in a node's ``<nodes>``, or naming one with ``pid``, are members of that group;
links in a node's own ``<edges>`` are read as those at the top. A phylogeny's ``<parents>``
(several per node) are kept in the node's ``data["parents"]`` and counted in the notes.
Time (dynamic graphs): a node's or edge's spells and the history of each timed ``<attvalue>``
stay in its ``data`` (``spells``, ``history``), its other values being the latest; a node
written once per spell (GEXF 1.1) is one concept. The import says what it flattened.
The ``viz`` namespace is matched by name only: Gephi Lite writes a malformed one.

Writing: GEXF 1.3 as Gephi draws it: each concept's centre (y up), colour (its own, else its
kind's; one read with an alpha goes back as the file said it until it is changed, see
_viz_color), ``viz:size`` (the reader's width turned round: a Gephi file's own sizes back as
they were, see gephi_sizes) and ``viz:shape`` where GEXF has the shape; each link's file id
where it came from one, its ``weight``, label, colour (its alpha kept so too), dash, width
(``viz:thickness``) and direction
(``defaultedgetype``, and ``type`` on the links that differ);
groups as nested ``<nodes>``. Kind, description and each data field of a simple type are node
and edge attributes, so Gephi can partition and colour by them. What GEXF has no place for
(quotes, aliases, text colours, widths, sources, kinds, tours, the focus question) travels as
JSON: in a ``mapviewer`` attribute per node and edge, and in a ``<mapviewer>`` element of
``<meta>`` for the map (Gephi skips ``<meta>``; graphology reads its children as graph
attributes). Reading a file with that element, the JSON wins over the drawing: widths are not
rescaled and Gephi's shapes are not added to ``data``, so a map comes back as it was saved.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from mapviewer.colours import WHITE, composite, mix, parse, quantize, to_hex
from mapviewer.groups import depth, parent_map
from mapviewer.io import xmlsafe
from mapviewer.io.atomic import write_atomic
from mapviewer.io.records import (
    META_KEY,
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
    field_key,
    is_our_meta,
    item_meta,
    loads_meta,
    map_meta,
    number,
    parse_color,
    split_data,
    take_fields,
)
from mapviewer.io.xmlsafe import Element, XmlDoc, child, children, local, sub
from mapviewer.model import ConceptMap, Edge, Node

MIN_WIDTH = 70.0  # the box of the file's smallest node...
MAX_WIDTH = 240.0  # ...and of its largest
NODE_SHAPES = {  # else skipped
    "disc": "circle",
    "square": "rectangle",
    "diamond": "diamond",
    "triangle": "triangle",
}
# A node without viz:shape is a disc in Gephi and Gephi Lite: rio's categories had each come out
# in a shape of the palette's (rectangles, pills, hexagons), and as ellipses Les Misérables'
# discs were flat ovals as tall as their labels (Valjean 240 by 40).
GEPHI_SHAPE = "circle"
EDGE_SHAPES = {"solid": "solid", "dashed": "dash", "dotted": "dot"}
# A link's width from its weight, as Gephi's Overview (where its users work) draws it: in
# proportion, the lightest link a normal line and one of twice its weight two normal lines.
# Gephi's Preview, with "Rescale weight" on, maps any range of weights onto 0.1 to 1.0 of its
# thickness: that made a graph of weights 1 and 2 hairs against ropes ten times as wide. A
# range wider than WEIGHT_WIDTHS is pressed into it, linearly from the lightest (Les
# Misérables: weights 1 to 31, widths 1 to 10), so the heaviest stays readable beside the rest.
# Gephi gives an edge without a weight a weight of 1.
WEIGHT_WIDTHS = (1.0, 10.0)
GEPHI_WEIGHT = 1.0
SIZE_KEY = "gephi-size"  # a node's viz:size as the file said it, kept in its data
# A viz:color with an alpha as the file said it ({"color": "#RRGGBB", "a": 0.5}), kept in data
COLOR_KEY = "gephi-color"
KEPT_LOOK = (SIZE_KEY, "gephi-shape", COLOR_KEY)  # kept in data to give Gephi its look back
# A map with no sizes of Gephi's: its boxes are written in proportion from Gephi's own size of
# a new node (10) for the narrowest box width the reader gives (MIN_WIDTH).
GEPHI_SIZE = 10.0
DEFAULT_SIZES = (GEPHI_SIZE, GEPHI_SIZE * MAX_WIDTH / MIN_WIDTH)

Declarations = dict[str, tuple[str, str, str | None]]  # id -> (title, type, default)


def _typed(text: str, kind: str) -> Any:
    kind = kind.lower()
    if kind == "boolean":
        return text.strip().lower() in ("true", "1")
    if kind in ("integer", "long", "short", "byte"):
        try:
            return int(text.strip())
        except ValueError:
            return text
    if kind in ("float", "double", "bigdecimal"):
        value = number(text)
        return text if value is None else value
    return text


def _declarations(graph: Element) -> dict[str, Declarations]:
    found: dict[str, Declarations] = {"node": {}, "edge": {}}
    for block in children(graph, "attributes"):
        scope = block.get("class", "node")
        for attribute in children(block, "attribute"):
            default = child(attribute, "default")
            ident = attribute.get("id", "")
            found.setdefault(scope, {})[ident] = (
                attribute.get("title") or ident,
                attribute.get("type", "string"),
                default.text if default is not None else None,
            )
    return found


def _when(element: Element) -> list[Any]:
    """A time interval ``[start, end]`` as the file writes it (dates or numbers; None: open)."""
    return [
        element.get("start") or element.get("startopen"),
        element.get("end") or element.get("endopen"),
    ]


def _spells(element: Element) -> list[list[Any]]:
    """When a node or edge exists: its own start/end, and each ``<spell>`` (GEXF 1.2, 1.3)."""
    found = [_when(element)] if any(_when(element)) else []
    for block in children(element, "spells"):
        found += [_when(spell) for spell in children(block, "spell")]
    return found


def _attvalues(element: Element, declared: Declarations) -> tuple[dict[str, Any], dict[str, Any]]:
    """The values (the last one, for an attribute with a history) and the full history of every
    attribute that changes over time: ``{title: [{"value", "start", "end"}, ...]}``."""
    values = {title: _typed(d, kind) for title, kind, d in declared.values() if d is not None}
    history: dict[str, list[dict[str, Any]]] = {}
    for block in children(element, "attvalues"):
        for value in children(block, "attvalue"):
            key = value.get("for") or value.get("id") or ""
            title, kind, _ = declared.get(key, (key, "string", None))
            typed = _typed(value.get("value", ""), kind)
            values[title] = typed
            start, end = _when(value)
            if start is not None or end is not None:
                history.setdefault(title, []).append({"value": typed, "start": start, "end": end})
    return values, history


def _keep_time(record: NodeRecord | EdgeRecord, spells: list[Any], history: dict[str, Any]) -> bool:
    """Spells and value histories into ``data`` (the map itself has no time); True if any."""
    if spells:
        record.data.setdefault("spells", []).extend(spells)
    for title, values in history.items():
        record.data.setdefault("history", {}).setdefault(title, []).extend(values)
    return bool(spells or history)


def _merge(into: NodeRecord | EdgeRecord, again: NodeRecord | EdgeRecord) -> None:
    """A node (or edge) written once per spell, as GEXF 1.1's dynamic graphs do: one concept,
    its spells and histories joined, its other values those of its latest entry."""
    spells = again.data.pop("spells", [])
    history = again.data.pop("history", {})
    into.data.update(again.data)
    _keep_time(into, spells, history)
    if isinstance(into, NodeRecord) and isinstance(again, NodeRecord) and into.x is None:
        into.x, into.y = again.x, again.y


# Gephi 0.9 writes its opaque colours at an alpha of 254/255 (0.99607843): drawn as they are.
OPAQUE = 254 / 255 - 1e-6


def _color(part: Element, kept: dict[str, Any]) -> Any:
    """``hex="#rrggbb"`` or ``r g b``, either with an ``a``. With an ``a`` under 1 the colour as
    Gephi shows it, laid over its white page at that alpha (a="0.5" red is pink there, and had
    opened full red; a hex colour's ``a`` had been dropped); a fully transparent colour is no
    colour. A colour with an alpha is kept in ``kept`` as the file said it (COLOR_KEY, with
    ``hex`` when it was written so), so an export writes that back (see _viz_color). Anything
    not a colour goes to the builder as written, which says so."""
    written: Any = part.get("hex") or tuple(part.get(c) for c in "rgb")
    alpha = number(part.get("a"))
    if alpha is None or not 0 < alpha <= 1:
        return "transparent" if alpha == 0 else written
    solid = parse_color(written)
    if solid is None:
        return written
    kept[COLOR_KEY] = {"color": solid, "a": alpha, **({"hex": True} if part.get("hex") else {})}
    return _seen(solid, alpha)


def _seen(solid: str, alpha: float) -> str:
    """``solid`` at ``alpha`` as Gephi shows it: over its white page."""
    if alpha >= OPAQUE:
        return solid
    return to_hex(quantize(composite(parse(solid), alpha, WHITE)))


def _viz_color(item: Node | Edge, color: str) -> dict[str, object]:
    """``viz:color``'s attributes for an item drawn in ``color``: the file's own translucent
    colour while the item is still drawn as it (an export had written a="0.5" red as opaque
    pink), else ``color``."""
    kept = item.data.get(COLOR_KEY)
    if isinstance(kept, dict):
        solid, alpha = parse_color(kept.get("color")), number(kept.get("a"))
        if solid and alpha is not None and 0 < alpha <= 1 and _seen(solid, alpha) == color.upper():
            written = {"hex": solid} if kept.get("hex") is True else _rgb(solid)
            return {**written, "a": _number(alpha)}
    return dict(_rgb(color))


def _viz(element: Element, node: NodeRecord, sizes: dict[int, float], ours: bool) -> None:
    """Position, size, colour and shape. In our own files the width and shape are the
    concept's metadata (the size only mirrors the box, the shape may echo the kind)."""
    for part in element:
        name = local(part.tag)
        if ours and name in ("size", "shape"):
            continue
        if name == "position":
            node.x, node.y = number(part.get("x")), number(part.get("y"))
        elif name == "size":
            size = number(part.get("value"))
            if size is not None and size > 0:
                sizes[id(node)] = size
                node.data[SIZE_KEY] = size  # written back as it was while the box keeps it
            else:
                node.width = part.get("value")  # the builder warns about it and skips it
        elif name == "color":
            node.color = _color(part, node.data)
        elif name == "shape" and part.get("value"):
            value = part.get("value", "")
            node.shape = NODE_SHAPES.get(value, value)
            node.data["gephi-shape"] = value


def gephi_widths(nodes: list[NodeRecord], sizes: dict[int, float]) -> None:
    """Gephi's diameters as box widths, in proportion: a graph's sizes often span 4 to 100."""
    if not sizes:
        return
    low, high = min(sizes.values()), max(sizes.values())
    if high == low:
        return  # all alike: each box fits its label, as with no size at all
    for node in nodes:
        size = sizes.get(id(node))
        if size is not None:
            node.width = _width(size, low, high)


def _width(size: float, low: float, high: float) -> float:
    """The box width for a viz:size among sizes from ``low`` to ``high`` (``low < high``)."""
    return round(MIN_WIDTH + (size - low) / (high - low) * (MAX_WIDTH - MIN_WIDTH), 1)


def _size(width: float, low: float, high: float) -> float:
    """The viz:size whose box is ``width`` wide: _width turned round (below MIN_WIDTH, in
    proportion to ``low``, so a narrow box never gets a size of 0 or less)."""
    if width < MIN_WIDTH:
        return round(low * width / MIN_WIDTH, 6)
    return round(low + (width - MIN_WIDTH) / (MAX_WIDTH - MIN_WIDTH) * (high - low), 6)


def gephi_sizes(nodes: list[Node]) -> dict[str, float]:
    """Each concept's viz:size as Gephi means it, the reader's widths turned round: a size
    from a Gephi file goes back as it was while its box is as wide as the reader made it;
    any other box (widened since, added, or from another tool) gets the size whose width it
    has, among the file's sizes (DEFAULT_SIZES for a map with none). Box widths written as
    sizes made Gephi draw the Les Misérables nodes 70 to 240 across instead of 4 to 20."""
    given = {}
    for node in nodes:
        size = number(node.data.get(SIZE_KEY))
        if size is not None and size > 0:
            given[node.id] = size
    varied = len(set(given.values())) > 1
    low, high = (min(given.values()), max(given.values())) if varied else DEFAULT_SIZES
    out = {}
    for node in nodes:
        size = given.get(node.id)
        if size is not None and node.width == (_width(size, low, high) if varied else None):
            out[node.id] = size
        else:
            out[node.id] = _size(node.width or box_size(node)[0], low, high)
    return out


def weight_widths(edges: list[EdgeRecord], weights: dict[int, float]) -> None:
    """Widths from weights (WEIGHT_WIDTHS), for the links in ``weights`` (those with no width
    of their own): in proportion to the lightest positive weight, pressed into the range where
    the heaviest is more than WEIGHT_WIDTHS[1] times it. None where every weight is the same
    (Gephi draws them all alike), and a normal line for a weight of 0 or less, which gives no
    proportion. GEXF's and Gephi's GraphML export both carry weights."""
    positive = [w for w in weights.values() if w > 0 and math.isfinite(w)]
    if not positive:
        return
    low, high = min(positive), max(positive)
    if high == low:
        return
    thin, thick = WEIGHT_WIDTHS
    ratio = high / low
    if not math.isfinite(ratio):
        return
    squeeze = 1.0 if ratio <= thick / thin else (thick - thin) / (thin * ratio - thin)
    for edge in edges:
        weight = weights.get(id(edge))
        if weight is not None and low < weight <= high:
            edge.width = round(thin + (thin * weight / low - thin) * squeeze, 3)


class _Reader:
    def __init__(self, doc: XmlDoc) -> None:
        self.doc = doc
        self.graph = GraphRecord(doc.name, "GEXF (Gephi)", y_up=True)
        self.sizes: dict[int, float] = {}  # node record's id() -> viz:size
        self.weights: dict[int, float] = {}  # edge record's id() -> weight, for one without width
        self.undirected = False
        self.ours = False  # written by mapviewer: its metadata restores what GEXF cannot hold
        self.gephi = False  # written by Gephi desktop (``<creator>Gephi ...``), see source_colours
        self.repeated = 0  # nodes and edges written again for another spell (GEXF 1.1)
        self.parented = 0  # nodes naming their parents (GEXF's phylogeny), kept in data

    def read(self) -> GraphRecord:
        root = self.doc.root
        graph = child(root, "graph")
        if local(root.tag) != "gexf" or graph is None:
            raise self.doc.error(root, f"not a GEXF file: root <{local(root.tag)}> has no <graph>")
        self._meta(child(root, "meta"))
        self.undirected = graph.get("defaultedgetype") == "undirected"
        declared = _declarations(graph)
        seen: dict[str, NodeRecord] = {}
        stack: list[tuple[Element, str | None]] = [(graph, None)]
        holders: list[Element] = []  # the graph and every node: each may hold <edges>
        while stack:  # nested <nodes>: a loop, so the file cannot choose our recursion depth
            holder, parent = stack.pop()
            holders.append(holder)
            for nodes in children(holder, "nodes"):
                for element in children(nodes, "node"):
                    node = self._node(element, declared["node"])
                    node.parent = element.get("pid") or parent
                    if node.id in seen:
                        _merge(seen[node.id], node)
                        self.repeated += 1
                    else:
                        seen[node.id] = node
                        self.graph.nodes.append(node)
                    stack.append((element, node.id))
        edges_seen: dict[tuple[str | None, str, str], EdgeRecord] = {}
        # GEXF's hierarchy puts a group's own links in the group node's <edges> (gephi/gexf's
        # hierarchy2.gexf: all four there); read only at the top, the map had lost them.
        for edges in (found for holder in holders for found in children(holder, "edges")):
            for element in children(edges, "edge"):
                edge = self._edge(element, declared.get("edge", {}))
                key = (edge.id, edge.source, edge.target)
                if edge.id is not None and key in edges_seen:
                    _merge(edges_seen[key], edge)
                    self.repeated += 1
                else:
                    edges_seen[key] = edge
                    self.graph.edges.append(edge)
        if not self.ours:  # ours: each width is in the concept's metadata, or it has none
            gephi_widths(self.graph.nodes, self.sizes)
            weight_widths(self.graph.edges, self.weights)
        if self.gephi and not self.ours:
            source_colours(self.graph.nodes, self.graph.edges)
        self._time_notes(graph)
        if self.parented:
            one = self.parented == 1
            self.graph.notes.append(
                f"{self.parented} concept{'' if one else 's'} of a GEXF phylogeny "
                f"name{'s its' if one else ' their'} parents: kept in "
                f'{"its" if one else "their"} data as "parents", not drawn'
            )
        return self.graph

    def _time_notes(self, graph: Element) -> None:
        """Say what of the file's time data the map holds: spells and histories in ``data``,
        each concept and link showing its latest values."""
        records: list[NodeRecord | EdgeRecord] = [*self.graph.nodes, *self.graph.edges]
        timed = sum(1 for r in records if "spells" in r.data or "history" in r.data)
        if not timed and not self.repeated:
            return
        note = (
            f"GEXF time data flattened: {timed} concepts and links keep their spells and "
            "value history in their data, and show their latest values"
        )
        if self.repeated:
            entries = "entry" if self.repeated == 1 else "entries"
            note += f"; {self.repeated} repeated {entries} (one per spell) joined to the first"
        if graph.get("mode") == "dynamic":
            self.graph.description = (
                f"{self.graph.description}\n\nA dynamic graph from {graph.get('start') or '?'} "
                f"to {graph.get('end') or '?'}."
            ).strip()
        self.graph.notes.append(note)

    def _meta(self, meta: Element | None) -> None:
        if meta is None:
            return
        for part in meta:
            name = local(part.tag)
            if name == "title":
                self.graph.title = xmlsafe.text_of(part)
            elif name == "description":
                self.graph.description = xmlsafe.text_of(part)
            elif name in ("creator", "authors") and not self.graph.producer:
                self.graph.producer = xmlsafe.text_of(part)
                # Gephi Lite (graphology) writes no creator, and its own file's <authors> may
                # still name the Gephi that made it: only a creator says Gephi drew the file.
                self.gephi = name == "creator" and self.graph.producer.startswith("Gephi")
            elif name == META_KEY:
                found = loads_meta(xmlsafe.text_of(part))
                if is_our_meta(found):
                    self.graph.meta, self.ours = found, True

    def _node(self, element: Element, declared: Declarations) -> NodeRecord:
        ident = element.get("id")
        if not ident:
            raise self.doc.error(element, "a <node> has no id")
        node = NodeRecord(ident, label=element.get("label", ""))
        # A concept drawn without a name (an SBGN process) went out with label="": it came
        # back named by its id ("glyph8"). Only in our own files: Gephi writes what it has.
        node.unlabelled = self.ours and element.get("label") == ""
        node.at = self.doc.at(element, f"node {ident!r}")
        _viz(element, node, self.sizes, self.ours)
        if node.shape is None and not self.ours:
            node.shape = GEPHI_SHAPE  # as Gephi and Gephi Lite draw it, not a kind's own shape
        values, history = _attvalues(element, declared)
        meta = loads_meta(values.pop(META_KEY, None))
        take_fields(node, values, ours=self.ours)
        _keep_time(node, _spells(element), history)
        # GEXF's phylogeny: a node naming several parents (gephi/gexf's phylogeny.gexf, cake
        # of cheese and cherry) is no group member; the names are kept, as networkx keeps them.
        parents = [
            str(parent.get("for"))
            for holder in children(element, "parents")
            for parent in children(holder, "parent")
            if parent.get("for")
        ]
        if parents and not self.ours:
            node.data["parents"] = parents
            self.parented += 1
        apply_item_meta(node, meta)
        return node

    def _edge(self, element: Element, declared: Declarations) -> EdgeRecord:
        source, target = element.get("source"), element.get("target")
        if not source or not target:
            raise self.doc.error(element, "an <edge> needs both source and target")
        edge = EdgeRecord(source, target, id=element.get("id"), label=element.get("label", ""))
        edge.at = self.doc.at(element)
        attrs, history = _attvalues(element, declared)
        meta = loads_meta(attrs.pop(META_KEY, None))
        _keep_time(edge, _spells(element), history)
        weight = number(element.get("weight"))
        if weight is not None:
            attrs["weight"] = weight
        relation = element.get("kind")  # GEXF 1.3's kind of edge (Gephi's edge type): had been lost
        if relation:
            attrs.setdefault("kind", relation)
        kind = element.get("type")
        edge.directed = kind in ("directed", "mutual") or (
            kind != "undirected" and not self.undirected
        )
        thickness: str | None = None
        if kind == "mutual":  # GEXF's two-way edge: an arrowhead at each end
            edge.arrows = "both"
        elif kind and kind not in ("directed", "undirected"):
            attrs["type"] = kind  # kept, drawn directed
        for part in element:
            name = local(part.tag)
            if name == "color":
                edge.color = _color(part, attrs)
            elif name == "shape" and part.get("value"):
                value = part.get("value", "")
                edge.dash = EDGE_SHAPES.get(value, value)
            elif name == "thickness" and part.get("value") is not None:
                thickness = part.get("value")
                if number(thickness) != 1.0:  # 1: a normal line, as a file without one
                    edge.width = thickness  # not a positive number: the builder warns
        if thickness is None:
            self.weights[id(edge)] = GEPHI_WEIGHT if weight is None else weight
        take_fields(edge, attrs, edge=True, ours=self.ours)
        apply_item_meta(edge, meta)
        return edge


def source_colours(nodes: list[NodeRecord], edges: list[EdgeRecord]) -> None:
    """Gephi draws an edge without a colour of its own in its source node's colour when it is
    directed, and an undirected one half way between its two nodes' colours (Overview,
    Edge2dModel; Preview's default preset mixes them too): a community-coloured graph's links
    show which communities they join, where mapviewer would draw them all grey. Such a link
    takes that colour as its own, and goes out with it. Drawn in the source's alone, Les
    Misérables' links between Valjean's red and Cosette's green were all red."""
    colours = {node.id: parse_color(node.color) for node in nodes}
    for edge in edges:
        source, target = colours.get(edge.source), colours.get(edge.target)
        if edge.color or not source:
            continue
        if edge.directed or not target:
            edge.color = source
        else:
            edge.color = to_hex(quantize(mix(parse(source), parse(target), 0.5)))


def load(path: Path, progress: ProgressCallback | None = None) -> ConceptMap:
    """Open a GEXF file (Gephi 0.8 to 0.10, Gephi Lite) as a map."""
    reporter = as_progress(progress)
    doc = xmlsafe.parse(Path(path), reporter.part(0.0, 0.6))
    return build_map(_Reader(doc).read(), reporter.part(0.6, 1.0))


# --- writing ------------------------------------------------------------------------------------

NS = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}  # GEXF attribute types
LONG = 2**63  # Gephi reads a long into 64 bits: larger integers travel as metadata
# Attribute names our reader takes as label, kind or description (compared as field_key does):
# a data field so named travels as metadata, or it would come back as the concept's kind.
RESERVED = ("label", "description", "kind", META_KEY)
GEXF_SHAPES = {ours: theirs for theirs, ours in NODE_SHAPES.items()} | {"ellipse": "disc"}
GEXF_DASHES = {ours: theirs for theirs, ours in EDGE_SHAPES.items()}


def _plain(value: Any) -> bool:
    """A data value GEXF can hold as a typed attribute and give back unchanged."""
    if type(value) not in TYPES:
        return False
    if isinstance(value, str):
        return _text(value)
    return not isinstance(value, int) or -LONG <= value < LONG


def _reserved(items: list[Node] | list[Edge]) -> set[str]:
    special = {field_key(name) for name in RESERVED}
    names = {name for item in items for name in item.data}
    return {*RESERVED, *(name for name in names if field_key(name) in special)}


def _rgb(color: str) -> dict[str, int]:
    return {c: int(color[i : i + 2], 16) for c, i in zip("rgb", (1, 3, 5), strict=True)}


def _text(value: str) -> bool:
    """Whether XML carries this text as it is, with no control character XML forbids (else it
    travels in the metadata's JSON)."""
    return xmlsafe.xml_text(value) == value


def _native(item: Node | Edge) -> list[str]:
    """The fields of ``item`` GEXF holds as its own: the rest travel in our metadata."""
    fields = ["color", "parent", "directed", "kind"]  # viz:color, nesting, type, attribute
    fields += [k for k in ("label", "description") if _text(getattr(item, k))]
    if isinstance(item, Edge):
        fields.append("width")  # viz:thickness
        if item.dash in GEXF_DASHES:
            fields.append("dash")  # else (dash-dot) drawn dashed in Gephi, and kept here
        if item.directed:
            fields.append("arrows")  # type="mutual"
    return fields


def _number(value: float) -> str:
    return repr(float(value))


class _Writer:
    def __init__(self, cmap: ConceptMap) -> None:
        self.cmap = cmap
        xmlsafe.ET.register_namespace("", NS)
        xmlsafe.ET.register_namespace("viz", VIZ)
        self.reserved = {"node": _reserved(cmap.nodes), "edge": _reserved(cmap.edges)}
        self.reserved["node"].add(SIZE_KEY)  # viz:size says it; the exact one is metadata
        self.typed = {
            "node": {"kind": "string", "description": "string", META_KEY: "string"},
            "edge": {"description": "string", META_KEY: "string"},
        }
        for scope, items in (("node", cmap.nodes), ("edge", cmap.edges)):
            self.typed[scope].update(data_types(items, TYPES, self.reserved[scope]))
        self.ids: dict[str, dict[str, str]] = {"node": {}, "edge": {}}  # declared as first used
        # The edge ids written: a file's own (``original_id``) where no other edge has it.
        self.edge_ids = {e.id for e in cmap.edges if e.data.get("original_id") is None}

    def tree(self) -> Element:
        root = Element(f"{{{NS}}}gexf", {"version": "1.3"})
        meta = sub(root, f"{{{NS}}}meta")
        sub(meta, f"{{{NS}}}creator", text="mapviewer")
        sub(meta, f"{{{NS}}}title", text=self.cmap.title)
        if self.cmap.description:
            sub(meta, f"{{{NS}}}description", text=self.cmap.description)
        sub(meta, f"{{{NS}}}{META_KEY}", text=dumps_meta(map_meta(self.cmap)))
        edges = self.cmap.edges
        undirected = bool(edges) and not any(e.directed for e in edges)
        default = "undirected" if undirected else "directed"
        graph = sub(root, f"{{{NS}}}graph", {"defaultedgetype": default, "mode": "static"})
        self.nodes(sub(graph, f"{{{NS}}}nodes"))
        links = sub(graph, f"{{{NS}}}edges")
        for edge in edges:
            self.edge(links, edge, undirected)
        for scope in ("edge", "node"):  # declared before <nodes>, only those some item uses
            if self.ids[scope]:
                block = Element(f"{{{NS}}}attributes", {"class": scope, "mode": "static"})
                for name, ident in self.ids[scope].items():
                    attrs = {"id": ident, "title": name, "type": self.typed[scope][name]}
                    sub(block, f"{{{NS}}}attribute", attrs)
                graph.insert(0, block)
        return root

    def attribute(self, scope: str, name: str) -> str:
        """The id of a declared attribute (``for`` of its values), declaring it when new."""
        ids = self.ids[scope]
        return ids.setdefault(name, str(len(ids)))

    def values(
        self, element: Element, scope: str, item: Node | Edge, native: tuple[str, ...] = ()
    ) -> None:
        """The item's attribute values: its kind and description, its data fields of a simple
        type, and as JSON what GEXF cannot hold (the other data fields among it). ``native``
        data fields are written as GEXF's own (an edge's weight and id) and not again here."""
        data = {k: v for k, v in item.data.items() if k not in native}
        shown, kept = split_data(data, self.reserved[scope], _plain)
        values: dict[str, Any] = {}
        if isinstance(item, Node) and item.kind:
            values["kind"] = item.kind
        if item.description and _text(item.description):
            values["description"] = item.description
        for name, value in shown.items():
            if name in self.typed[scope]:
                values[name] = value
            else:
                kept[name] = value
        meta = item_meta(item, _native(item), kept)
        if meta:
            values[META_KEY] = dumps_meta(meta)
        if not values:
            return
        block = sub(element, f"{{{NS}}}attvalues")
        for name, value in values.items():
            if isinstance(value, bool):
                value = "true" if value else "false"
            elif isinstance(value, float):
                value = _number(value)
            sub(block, f"{{{NS}}}attvalue", {"for": self.attribute(scope, name), "value": value})

    def nodes(self, top: Element) -> None:
        where = export_positions(self.cmap)
        sizes = gephi_sizes(self.cmap.nodes)
        kinds = self.cmap.kind_by_id()
        parents = parent_map(self.cmap.nodes)
        groups = set(parents.values())
        inner: dict[str, Element] = {}  # a group's own <nodes>, which holds its members
        # Groups before their members: a member goes into its group's <nodes> (GEXF hierarchy).
        for node in sorted(self.cmap.nodes, key=lambda n: depth(n.id, parents)):
            group = parents.get(node.id)
            container = inner[group] if group else top
            element = sub(container, f"{{{NS}}}node", {"id": node.id, "label": node.label})
            self.values(element, "node", node)
            kind = kinds.get(node.kind or "")
            color = node.color or (kind.color if kind else None)
            if color:
                sub(element, f"{{{VIZ}}}color", _viz_color(node, color))
            x, y = where[node.id]  # Gephi's y points up
            sub(element, f"{{{VIZ}}}position", {"x": _number(x), "y": _number(0.0 - y), "z": "0.0"})
            sub(element, f"{{{VIZ}}}size", {"value": _number(sizes[node.id])})
            shape = GEXF_SHAPES.get(node.shape or (kind.shape if kind else None) or "")
            if shape:
                sub(element, f"{{{VIZ}}}shape", {"value": shape})
            if node.id in groups:
                inner[node.id] = sub(element, f"{{{NS}}}nodes")

    def edge(self, links: Element, edge: Edge, undirected: bool) -> None:
        attrs = {"id": edge.id, "source": edge.source, "target": edge.target}
        native: tuple[str, ...] = ()
        original = edge.data.get("original_id")  # the id the edge had in the file it came from
        if isinstance(original, str) and original and original not in self.edge_ids:
            attrs["id"], native = original, ("original_id",)
        self.edge_ids.add(attrs["id"])
        if edge.label:
            attrs["label"] = edge.label
        if edge.directed and edge.arrows == "both":
            attrs["type"] = "mutual"  # GEXF's two-way edge
        elif edge.directed == undirected:  # differs from the graph's defaultedgetype
            attrs["type"] = "directed" if edge.directed else "undirected"
        weight = edge.data.get("weight")  # Gephi's weight, as the reader keeps it
        if isinstance(weight, int | float) and not isinstance(weight, bool) and _plain(weight):
            attrs["weight"] = _number(weight)
            native += ("weight",)
        relation = edge.data.get("kind")  # GEXF 1.3's kind of edge, as the reader keeps it
        if isinstance(relation, str) and relation:
            attrs["kind"] = relation
            native += ("kind",)
        element = sub(links, f"{{{NS}}}edge", attrs)
        self.values(element, "edge", edge, native)
        if edge.color:
            sub(element, f"{{{VIZ}}}color", _viz_color(edge, edge.color))
        dash = GEXF_DASHES.get(edge.dash or "solid", "dashed")  # dash-dot: dashed, in Gephi
        if dash != "solid":
            sub(element, f"{{{VIZ}}}shape", {"value": dash})
        if edge.width:
            sub(element, f"{{{VIZ}}}thickness", {"value": _number(edge.width)})


def save(cmap: ConceptMap, path: Path) -> None:
    """Write a map as GEXF 1.3 for Gephi (drawn as in mapviewer); our importer restores the rest."""
    write_atomic(Path(path), xmlsafe.to_bytes(_Writer(cmap).tree()))
