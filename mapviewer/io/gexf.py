"""GEXF 1.2 and 1.3 (Gephi, Gephi Lite, graphology): import only.

Node and edge ``label``s are labels; ``<attvalue>``s are typed by their ``<attribute>``
declaration (with its ``<default>``) and kept in ``data`` under the attribute's title; a
``type``-like attribute becomes the kind. ``viz:position`` is the centre, in Gephi's y-up space
(flipped here); ``viz:color`` is the node's colour and ``viz:shape`` its shape; ``viz:size``, the
node's diameter, sets its width in proportion, between MIN_WIDTH and MAX_WIDTH (Gephi's sizes
run from 1 to hundreds, in units of its own layout). An edge's ``viz:color`` and ``viz:shape``
are the link's colour and dash; a graph or edge ``type`` of "undirected" makes links without
direction.
Nodes nested in a node's ``<nodes>``, or naming one with ``pid``, are members of that group.
The ``viz`` namespace is matched by name only: Gephi Lite writes a malformed one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mapviewer.io import xmlsafe
from mapviewer.io.records import (
    EdgeRecord,
    GraphRecord,
    NodeRecord,
    ProgressCallback,
    as_progress,
    build_map,
    number,
    take_fields,
)
from mapviewer.io.xmlsafe import Element, XmlDoc, child, children, local
from mapviewer.model import ConceptMap

MIN_WIDTH = 70.0  # the box of the file's smallest node...
MAX_WIDTH = 240.0  # ...and of its largest
NODE_SHAPES = {"disc": "ellipse", "square": "rectangle", "diamond": "diamond"}  # else skipped
EDGE_SHAPES = {"solid": "solid", "dashed": "dash", "dotted": "dot"}

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


def _attvalues(element: Element, declared: Declarations) -> dict[str, Any]:
    values = {title: _typed(d, kind) for title, kind, d in declared.values() if d is not None}
    for block in children(element, "attvalues"):
        for value in children(block, "attvalue"):
            key = value.get("for") or value.get("id") or ""
            title, kind, _ = declared.get(key, (key, "string", None))
            values[title] = _typed(value.get("value", ""), kind)
    return values


def _color(part: Element) -> Any:
    """``hex="#rrggbb"`` or ``r g b`` (with ``a``: a fully transparent colour is no colour)."""
    if part.get("hex"):
        return part.get("hex")
    rgb = [part.get(c) for c in "rgb"]
    alpha = number(part.get("a"))
    return (*rgb, alpha * 255) if alpha is not None and alpha <= 1 else tuple(rgb)


def _viz(element: Element, node: NodeRecord, sizes: dict[int, float]) -> None:
    for part in element:
        name = local(part.tag)
        if name == "position":
            node.x, node.y = number(part.get("x")), number(part.get("y"))
        elif name == "size":
            size = number(part.get("value"))
            if size is not None and size > 0:
                sizes[id(node)] = size
            else:
                node.width = part.get("value")  # the builder warns about it and skips it
        elif name == "color":
            node.color = _color(part)
        elif name == "shape" and part.get("value"):
            value = part.get("value", "")
            node.shape = NODE_SHAPES.get(value, value)
            node.data["gephi-shape"] = value


def _widths(nodes: list[NodeRecord], sizes: dict[int, float]) -> None:
    """Gephi's diameters as box widths, in proportion: a graph's sizes often span 4 to 100."""
    if not sizes:
        return
    low, high = min(sizes.values()), max(sizes.values())
    if high == low:
        return  # all alike: each box fits its label, as with no size at all
    for node in nodes:
        size = sizes.get(id(node))
        if size is not None:
            node.width = round(MIN_WIDTH + (size - low) / (high - low) * (MAX_WIDTH - MIN_WIDTH), 1)


class _Reader:
    def __init__(self, doc: XmlDoc) -> None:
        self.doc = doc
        self.graph = GraphRecord(doc.name, "GEXF (Gephi)", y_up=True)
        self.sizes: dict[int, float] = {}  # node record's id() -> viz:size
        self.undirected = False

    def read(self) -> GraphRecord:
        root = self.doc.root
        graph = child(root, "graph")
        if local(root.tag) != "gexf" or graph is None:
            raise self.doc.error(root, f"not a GEXF file: root <{local(root.tag)}> has no <graph>")
        self._meta(child(root, "meta"))
        self.undirected = graph.get("defaultedgetype") == "undirected"
        declared = _declarations(graph)
        stack: list[tuple[Element, str | None]] = [(graph, None)]
        while stack:  # nested <nodes>: a loop, so the file cannot choose our recursion depth
            holder, parent = stack.pop()
            for nodes in children(holder, "nodes"):
                for element in children(nodes, "node"):
                    node = self._node(element, declared["node"])
                    node.parent = element.get("pid") or parent
                    self.graph.nodes.append(node)
                    stack.append((element, node.id))
        for edges in children(graph, "edges"):
            for element in children(edges, "edge"):
                self.graph.edges.append(self._edge(element, declared.get("edge", {})))
        _widths(self.graph.nodes, self.sizes)
        return self.graph

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

    def _node(self, element: Element, declared: Declarations) -> NodeRecord:
        ident = element.get("id")
        if not ident:
            raise self.doc.error(element, "a <node> has no id")
        node = NodeRecord(ident, label=element.get("label", ""))
        node.at = self.doc.at(element, f"node {ident!r}")
        _viz(element, node, self.sizes)
        take_fields(node, _attvalues(element, declared))
        return node

    def _edge(self, element: Element, declared: Declarations) -> EdgeRecord:
        source, target = element.get("source"), element.get("target")
        if not source or not target:
            raise self.doc.error(element, "an <edge> needs both source and target")
        edge = EdgeRecord(source, target, id=element.get("id"), label=element.get("label", ""))
        edge.at = self.doc.at(element)
        attrs = _attvalues(element, declared)
        weight = number(element.get("weight"))
        if weight is not None:
            attrs["weight"] = weight
        kind = element.get("type")
        edge.directed = kind == "directed" or (kind != "undirected" and not self.undirected)
        if kind and kind not in ("directed", "undirected"):
            attrs["type"] = kind  # "mutual": kept, drawn directed
        for part in element:
            name = local(part.tag)
            if name == "color":
                edge.color = _color(part)
            elif name == "shape" and part.get("value"):
                value = part.get("value", "")
                edge.dash = EDGE_SHAPES.get(value, value)
        take_fields(edge, attrs, edge=True)
        return edge


def load(path: Path, progress: ProgressCallback | None = None) -> ConceptMap:
    """Open a GEXF file (Gephi 0.8 to 0.10, Gephi Lite) as a map."""
    reporter = as_progress(progress)
    doc = xmlsafe.parse(Path(path), reporter.part(0.0, 0.6))
    return build_map(_Reader(doc).read(), reporter.part(0.6, 1.0))
