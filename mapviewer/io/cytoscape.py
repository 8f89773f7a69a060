"""Cytoscape JSON: ``.cyjs`` from Cytoscape desktop and ``cy.json()`` element arrays, both ways.

Reading: ``{"elements": {"nodes": [...], "edges": [...]}}`` (desktop, and ``cy.json()``), or a
flat array of elements told apart by ``group`` (or, failing that, by having source and target).
Each element's ``data`` holds its id, label (``label``, ``gene_name``, ``name``... whichever comes
first in records.LABEL_FIELDS), type and every other attribute; ``position`` is the centre;
compound nodes (``parent``) are members of that group (``Node.parent``) and their parents get
``data["group"] = True``. Network-level ``data.name`` is the title. A node's colour, label
colour and shape come from the element's ``style`` (Cytoscape.js's bypass) or else from data
fields that name them (``color``, ``background-color``, ``KEGG_NODE_FILL_COLOR``,
``KEGG_NODE_LABEL_COLOR``, ``KEGG_NODE_SHAPE``...), its least height from the style's
``height`` (pixels, with or without ``px``; ``label``, fit to the label, is mapviewer's own
way); an edge's from ``style`` (``line-color``, ``line-style``, ``width`` in Cytoscape.js's
pixels, its default CY_LINE_WIDTH a normal line) or ``color``; ``data.directed`` false makes it
undirected.

Writing: a ``.cyjs`` Cytoscape desktop and Cytoscape.js both read, with ``label`` and ``name``
(Cytoscape's default label column), ``kind``, ``description`` and every data field in ``data``;
quotes, aliases and the map's sources, kinds and tours in ``data.mapviewer``. Concepts' and
links' own looks go into each element's ``style``, which Cytoscape.js draws.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
    build_map,
    fail,
    field_key,
    is_our_meta,
    item_meta,
    json_object,
    load_json,
    map_meta,
    number,
    pick_field,
    split_data,
    take_fields,
)
from mapviewer.model import ConceptMap, Edge, Node

RESERVED = ("id", "source", "target", "parent", "label", "name", "kind", "description")
# Data fields (compared by records.field_key) naming a node's fill, label colour and shape.
FILL_FIELDS = ("backgroundcolor", "fillcolor", "nodefillcolor", "color", "colour")
TEXT_FIELDS = ("labelcolor", "textcolor", "fontcolor", "nodelabelcolor")
SHAPE_FIELDS = ("shape", "nodeshape")
SHAPES = {  # Cytoscape shape -> mapviewer shape; any other is skipped with a warning
    "ellipse": "ellipse",
    "circle": "ellipse",
    "rectangle": "rectangle",
    "roundrectangle": "rounded",
    "round-rectangle": "rounded",
    "hexagon": "hexagon",
    "octagon": "octagon",
    "diamond": "diamond",
    "rhomboid": "parallelogram",
    "parallelogram": "parallelogram",
}
CY_SHAPES = {  # mapviewer shape -> Cytoscape.js shape (a pill has none: it travels as metadata)
    "rounded": "round-rectangle",
    "rectangle": "rectangle",
    "ellipse": "ellipse",
    "hexagon": "hexagon",
    "octagon": "octagon",
    "diamond": "diamond",
    "parallelogram": "rhomboid",
}
LINE_STYLES = {"solid": "solid", "dashed": "dash", "dotted": "dot"}
CY_LINES = {"solid": "solid", "dash": "dashed", "dot": "dotted"}
CY_LINE_WIDTH = 3.0  # Cytoscape.js's default edge width: mapviewer's normal line


def _is_element(value: Any) -> bool:
    return isinstance(value, dict) and ("data" in value or "group" in value)


def sniff(data: Any) -> bool:
    """Cytoscape JSON: an object with ``elements``, an array of elements, or cytoscape.js's
    elements object ``{"nodes": [...], "edges": [...]}`` itself (elements hold ``data``)."""
    if isinstance(data, dict):
        if "elements" in data:
            return True
        nodes, edges = data.get("nodes"), data.get("edges", [])
        if not isinstance(nodes, list) or not isinstance(edges, list) or not (nodes or edges):
            return False
        return all(_is_element(e) for e in [*nodes[:50], *edges[:50]])
    if isinstance(data, list) and data:
        return all(_is_element(e) for e in data[:50])
    return False


def _split(elements: Any, name: str) -> tuple[list[Any], list[Any]]:
    """Nodes and edges, whichever of the two layouts the file uses."""
    if isinstance(elements, dict):
        nodes, edges = elements.get("nodes", []), elements.get("edges", [])
        if isinstance(nodes, list) and isinstance(edges, list):
            return nodes, edges
    elif isinstance(elements, list):
        nodes, edges = [], []
        for element in elements:
            data = json_object(json_object(element).get("data"))
            group = json_object(element).get("group")
            is_edge = group == "edges" or (group is None and "source" in data)
            (edges if is_edge else nodes).append(element)
        return nodes, edges
    raise fail(name, 'not Cytoscape JSON: "elements" must hold "nodes" and "edges" arrays')


class _Reader:
    def __init__(self, data: Any, name: str) -> None:
        self.name = name
        self.top = data if isinstance(data, dict) else {}
        self.graph = GraphRecord(name, "Cytoscape JSON")
        network = json_object(self.top.get("data"))
        meta = network.get(META_KEY)
        self.graph.meta = meta if is_our_meta(meta) else None
        title = pick_field(network, ("name", "title", "sharedname"))
        self.graph.title = title[1] if title else None
        description = network.get("description")
        self.graph.description = description if isinstance(description, str) else ""
        self.graph.producer = str(self.top.get("generated_by", ""))[:80]
        top_level = isinstance(data, dict) and "elements" not in data  # {nodes, edges} itself
        self.elements = data.get("elements") if isinstance(data, dict) and not top_level else data

    def read(self, progress: Progress) -> GraphRecord:
        nodes, edges = _split(self.elements, self.name)
        ours = self.graph.meta is not None
        for index, element in enumerate(progress.each(nodes)):
            self.graph.nodes.append(self._node(element, index, ours))
        self._name_unnamed()
        parents = {n.parent for n in self.graph.nodes if n.parent}
        for node in self.graph.nodes:
            if node.id in parents and not ours:
                node.data.setdefault("group", True)
        for index, element in enumerate(edges):
            self.graph.edges.append(self._edge(element, index, ours))
        return self.graph

    def _data(self, element: Any, where: str) -> dict[str, Any]:
        data = json_object(element).get("data")
        if not isinstance(data, dict):
            raise fail(self.name, 'an element needs a "data" object', _at(where))
        return dict(data)

    def _node(self, element: Any, index: int, ours: bool) -> NodeRecord:
        data = self._data(element, f"nodes[{index}]")
        ident = data.pop("id", None)
        if ident is None:  # cytoscape.js makes one up; so do we, once all ids are known
            node = NodeRecord("", at=_at(f"nodes[{index}]"))
        elif not isinstance(ident, str | int) or isinstance(ident, bool) or ident == "":
            raise fail(self.name, 'a node\'s "id" must be text or a number', _at(f"nodes[{index}]"))
        else:
            node = NodeRecord(str(ident), at=_at(f"nodes[id={ident}]"))
        meta = data.pop(META_KEY, None)
        parent = data.pop("parent", None)
        node.parent = str(parent) if isinstance(parent, str | int) and parent != "" else None
        if ours and data.get("name") == data.get("label"):
            data.pop("name", None)  # written beside the label for Cytoscape desktop
        position = json_object(json_object(element).get("position"))
        node.x, node.y = number(position.get("x")), number(position.get("y"))
        classes = json_object(element).get("classes")
        if isinstance(classes, str | list) and classes:
            data.setdefault("classes", classes)
        take_fields(node, data, ours=ours)
        _node_look(node, json_object(json_object(element).get("style")), data)
        apply_item_meta(node, meta)
        return node

    def _name_unnamed(self) -> None:
        """Nodes without an id (cytoscape.js gives them one) get ``node-N``, N their place
        among the nodes, unless the file already uses that id; no edge can name them."""
        taken = {n.id for n in self.graph.nodes}
        unnamed = 0
        for index, node in enumerate(self.graph.nodes):
            if node.id == "":
                ident = f"node-{index + 1}"
                while ident in taken:
                    ident += "a"
                taken.add(ident)
                node.id = ident
                unnamed += 1
        if unnamed:
            self.graph.notes.append(
                f"{unnamed} node{'s' if unnamed > 1 else ''} without an id got one (node-N)"
            )

    def _edge(self, element: Any, index: int, ours: bool) -> EdgeRecord:
        data = self._data(element, f"edges[{index}]")
        source, target = data.pop("source", None), data.pop("target", None)
        if not isinstance(source, str | int) or not isinstance(target, str | int):
            raise fail(self.name, "an edge needs a source and a target", _at(f"edges[{index}]"))
        ident = data.pop("id", None)
        edge = EdgeRecord(str(source), str(target), id=str(ident) if ident is not None else None)
        edge.at = _at(f"edges[id={ident}]" if ident is not None else f"edges[{index}]")
        meta = data.pop(META_KEY, None)
        if data.get("directed") is False:
            edge.directed = False
            del data["directed"]
        style = json_object(json_object(element).get("style"))
        edge.color = style.get("line-color") or _field(data, ("color", "linecolor", "edgecolor"))
        line = style.get("line-style")
        if isinstance(line, str):
            edge.dash = LINE_STYLES.get(line, line)
        if "width" in style:
            edge.width = _line_width(style["width"])
        take_fields(edge, data, edge=True, ours=ours)
        apply_item_meta(edge, meta)
        return edge


def _line_width(value: Any) -> Any:
    """A Cytoscape.js edge ``width`` (3, "3px") in normal lines; None for the default, and the
    value as written where it is no number ("mapData(...)"): the builder says it left it out."""
    text = value.strip().removesuffix("px") if isinstance(value, str) else value
    pixels = number(text)
    if pixels is None:
        return value
    return None if pixels == CY_LINE_WIDTH else round(pixels / CY_LINE_WIDTH, 3)


def _field(data: dict[str, Any], names: tuple[str, ...]) -> Any:
    """The value of the first field ``names`` name (also as a suffix: ``KEGG_NODE_SHAPE``)."""
    keyed = {field_key(k): v for k, v in data.items() if isinstance(k, str)}
    for name in names:
        if name in keyed:
            return keyed[name]
    for name in names:
        for key, value in keyed.items():
            if key.endswith(name) and len(name) > 5:
                return value
    return None


def _node_look(node: NodeRecord, style: dict[str, Any], data: dict[str, Any]) -> None:
    """Colour, label colour and shape: the style bypass first, then data fields naming them.
    The fields stay in ``data``: they are the file's own columns."""
    node.color = style.get("background-color") or _field(data, FILL_FIELDS)
    text = style.get("color") or _field(data, TEXT_FIELDS)
    if text is not None and str(text).upper() not in ("#000000", "#000"):  # the default ink
        node.text_color = text
    node.height = _pixels(style.get("height"))
    shape = style.get("shape") or _field(data, SHAPE_FIELDS)
    if isinstance(shape, str):
        node.shape = SHAPES.get(shape.lower(), shape)
    elif shape is not None:
        node.shape = shape


def _pixels(value: Any) -> Any:
    """A Cytoscape.js size: ``30``, ``"30"`` or ``"30px"`` as a number; ``"label"`` (fit the
    label, as mapviewer does anyway) as none; anything else as it is, for the builder to
    report and skip."""
    if isinstance(value, str):
        text = value.strip().lower()
        if text == "label":
            return None
        return number(text.removesuffix("px")) or value
    return value


def _at(where: str) -> At:
    return At(where=where)


def from_data(
    data: Any, name: str, progress: ProgressCallback | Progress | None = None
) -> ConceptMap:
    """Build a map from parsed Cytoscape JSON (the registry parses ``.json`` files once)."""
    reporter = as_progress(progress)
    if not sniff(data):
        raise fail(name, 'not Cytoscape JSON: expected an object with "elements" or an array')
    graph = _Reader(data, name).read(reporter.part(0.0, 0.5))
    return build_map(graph, reporter.part(0.5, 1.0))


def load(path: Path, progress: ProgressCallback | None = None) -> ConceptMap:
    """Open a ``.cyjs`` file or a saved ``cy.json()`` elements array."""
    return load_json(path, progress, from_data)


# --- writing ------------------------------------------------------------------------------------


def _node_element(node: Node, ids: set[str]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": node.id, "label": node.label, "name": node.label}
    if node.kind:
        data["kind"] = node.kind
    if node.description:
        data["description"] = node.description
    if node.parent in ids and node.parent != node.id:
        data["parent"] = node.parent  # a compound node: Cytoscape draws it around its members
    shown, kept = split_data(node.data, RESERVED)
    data.update(shown)
    native = ["label", "description", "kind", "placed", "parent", "color", "text_color"]
    style: dict[str, Any] = {}
    if node.color:
        style["background-color"] = node.color
    if node.text_color:
        style["color"] = node.text_color
    if node.shape in CY_SHAPES:
        style["shape"] = CY_SHAPES[node.shape or ""]
        native.append("shape")
    if node.height:
        style["height"] = node.height
        native.append("height")
    meta = item_meta(node, native, kept)
    if meta:
        data[META_KEY] = meta
    element: dict[str, Any] = {"data": data}
    if node.placed:
        element["position"] = {"x": node.x, "y": node.y}
    if style:
        element["style"] = style
    return element


def _edge_element(edge: Edge) -> dict[str, Any]:
    data: dict[str, Any] = {"id": edge.id, "source": edge.source, "target": edge.target}
    data["label"] = edge.label
    if edge.description:
        data["description"] = edge.description
    shown, kept = split_data(edge.data, RESERVED)
    data.update(shown)
    if not edge.directed:
        data["directed"] = False
    native = ["label", "description", "color", "directed"]
    style: dict[str, Any] = {}
    if edge.color:
        style["line-color"] = edge.color
    if edge.dash in CY_LINES:
        style["line-style"] = CY_LINES[edge.dash or ""]
        native.append("dash")
    if edge.width:  # drawn by Cytoscape.js; the exact width also travels in the metadata
        style["width"] = round(edge.width * CY_LINE_WIDTH, 3)
    meta = item_meta(edge, native, kept)
    if meta:
        data[META_KEY] = meta
    element: dict[str, Any] = {"data": data}
    if style:
        element["style"] = style
    return element


def to_json(cmap: ConceptMap) -> dict[str, Any]:
    ids = {n.id for n in cmap.nodes}
    network: dict[str, Any] = {"name": cmap.title, "shared_name": cmap.title}
    if cmap.description:
        network["description"] = cmap.description
    network[META_KEY] = map_meta(cmap)
    return {
        "format_version": "1.0",
        "generated_by": "mapviewer",
        "target_cytoscapejs_version": "~2.1",
        "data": network,
        "elements": {
            "nodes": [_node_element(n, ids) for n in cmap.nodes],
            "edges": [_edge_element(e) for e in cmap.edges],
        },
    }


def save(cmap: ConceptMap, path: Path) -> None:
    """Write a map as Cytoscape JSON (``.cyjs``)."""
    write_json(path, to_json(cmap), indent=1)
