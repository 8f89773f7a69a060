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
Time (dynamic graphs): a node's or edge's spells and the history of each timed ``<attvalue>``
stay in its ``data`` (``spells``, ``history``), its other values being the latest; a node
written once per spell (GEXF 1.1) is one concept. The import says what it flattened.
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
        self.repeated = 0  # nodes and edges written again for another spell (GEXF 1.1)

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
        while stack:  # nested <nodes>: a loop, so the file cannot choose our recursion depth
            holder, parent = stack.pop()
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
        for edges in children(graph, "edges"):
            for element in children(edges, "edge"):
                edge = self._edge(element, declared.get("edge", {}))
                key = (edge.id, edge.source, edge.target)
                if edge.id is not None and key in edges_seen:
                    _merge(edges_seen[key], edge)
                    self.repeated += 1
                else:
                    edges_seen[key] = edge
                    self.graph.edges.append(edge)
        _widths(self.graph.nodes, self.sizes)
        self._time_notes(graph)
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

    def _node(self, element: Element, declared: Declarations) -> NodeRecord:
        ident = element.get("id")
        if not ident:
            raise self.doc.error(element, "a <node> has no id")
        node = NodeRecord(ident, label=element.get("label", ""))
        node.at = self.doc.at(element, f"node {ident!r}")
        _viz(element, node, self.sizes)
        values, history = _attvalues(element, declared)
        take_fields(node, values)
        _keep_time(node, _spells(element), history)
        return node

    def _edge(self, element: Element, declared: Declarations) -> EdgeRecord:
        source, target = element.get("source"), element.get("target")
        if not source or not target:
            raise self.doc.error(element, "an <edge> needs both source and target")
        edge = EdgeRecord(source, target, id=element.get("id"), label=element.get("label", ""))
        edge.at = self.doc.at(element)
        attrs, history = _attvalues(element, declared)
        _keep_time(edge, _spells(element), history)
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
