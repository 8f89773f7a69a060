"""Cytoscape JSON: ``.cyjs`` from Cytoscape desktop and ``cy.json()`` element arrays, both ways.

Reading: ``{"elements": {"nodes": [...], "edges": [...]}}`` (desktop, and ``cy.json()``), or a
flat array of elements told apart by ``group`` (or, failing that, by having source and target).
Each element's ``data`` holds its id, label (``label``, ``gene_name``, ``name``... whichever comes
first in records.LABEL_FIELDS), type and every other attribute (an edge's ``interaction``, "pp",
too: Cytoscape draws no edge label unless a style maps one); ``position`` is the centre;
compound nodes (``parent``) are members of that group (``Node.parent``) and their parents get
``data["group"] = True``. Network-level ``data.name`` is the title.

An element's look is its ``style`` (Cytoscape.js's bypass) over the rules of a top-level
``style`` array (a cytoscape.js stylesheet, as ``cy.json()`` writes it: ``selector`` and
``style`` or ``css``), later rules over earlier ones, as cytoscape.js applies them. Selectors
read: ``node``, ``edge``, ``*``, ``#id``, ``.class``, data tests (``[type = 'x']``, ``!=``,
``<``, ``>``, ``<=``, ``>=``, ``[field]``, ``[^field]``, ``[?field]``, ``[!field]``), the
compound tests ``:parent``, ``:childless``, ``:child``, ``:orphan``, those joined
(``node.drug[score > 2]``) and lists of them (``node, edge``). A rule for a passing state
(``:selected``, ``:active``...) never shows in a still picture and is passed over; any other
selector (descendants, ``*=`` and the like) is left out and the import says how many.
``data(field)`` values are the element's field; ``mapData`` and other functions are left out
with a warning.
A node's colour, label colour, shape, ``width`` (its box width) and ``height`` (its least
height; pixels, with or without ``px``; ``label``, fit to the label, is mapviewer's own way)
and ``label``/``content`` come from that look, its colours and shape else from data fields
that name them (``color``, ``background-color``, ``KEGG_NODE_FILL_COLOR``,
``KEGG_NODE_LABEL_COLOR``, ``KEGG_NODE_SHAPE``...); an edge's (``line-color``, ``line-style``,
``width`` in Cytoscape.js's pixels, its default CY_LINE_WIDTH a normal line) or ``color``.
``data.directed`` false, or ``target-arrow-shape: none`` with no ``source-arrow-shape``, makes a
link undirected; a ``source-arrow-shape`` gives it a head at each end (``Edge.arrows``), or,
without a target head, turns it round. A link nothing gives a ``target-arrow-shape`` is drawn
as the file's tools draw it (_head_unsaid): without a head in cytoscape.js and in Cytoscape
desktop's default style (a desktop ``.cyjs`` carries no style), so it opens undirected; with
one where the file is mapviewer's own, where networkx says ``"directed": true``, or where it
is a KEGGscape import (``KEGG_PATHWAY_ID``), whose KEGG Style draws a triangle.

Writing: a ``.cyjs`` Cytoscape desktop and Cytoscape.js both read, with ``label`` and ``name``
(Cytoscape's default label column), ``kind``, ``description`` and every data field in ``data``;
quotes, aliases and the map's sources, kinds and tours in ``data.mapviewer``. Concepts' and
links' own looks go into each element's ``style``, which Cytoscape.js draws: a box's width and
height, a link's colour, line and width, and its arrowheads: ``target-arrow-shape: triangle``
on a directed link (with ``curve-style: bezier``: cytoscape.js draws no head on its default
haystack edges), ``none`` on an undirected one, and ``source-arrow-shape`` as well for one with
a head at each end.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
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
from mapviewer.model import ConceptMap, Edge, Kind, Node

RESERVED = ("id", "source", "target", "parent", "label", "name", "kind", "description")
# A link's "name" is written as it came: Cytoscape's edge name ("A (pp) B"), not the label.
EDGE_RESERVED = tuple(field for field in RESERVED if field != "name")
# Data fields (compared by records.field_key) naming a node's fill, label colour and shape.
FILL_FIELDS = ("backgroundcolor", "fillcolor", "nodefillcolor", "color", "colour")
TEXT_FIELDS = ("labelcolor", "textcolor", "fontcolor", "nodelabelcolor")
SHAPE_FIELDS = ("shape", "nodeshape")
SHAPES = {  # Cytoscape shape -> mapviewer shape; any other is skipped with a warning
    "ellipse": "ellipse",
    # Not a shape Cytoscape draws, but what a file's own shape column says (KEGG_NODE_SHAPE:
    # KEGGscape draws KEGG's compounds as round dots, 8 by 8): round, as tall as it is wide.
    "circle": "circle",
    "rectangle": "rectangle",
    "roundrectangle": "rounded",
    "round-rectangle": "rounded",
    "hexagon": "hexagon",
    "octagon": "octagon",
    "diamond": "diamond",
    "rhomboid": "parallelogram",
    "parallelogram": "parallelogram",
    "tag": "tag",
    "round-tag": "tag",
    "triangle": "triangle",
    "round-triangle": "triangle",
    # Cytoscape.js's drum, what it draws a database as; and vis.js's and many exporters' word
    # for a cylinder (not a shape Cytoscape.js draws).
    "barrel": "cylinder",
    "database": "cylinder",
    "cylinder": "cylinder",
}
# Looked up without case or separators, so Cytoscape desktop's own names (its styles'
# ROUND_RECTANGLE) match too; with Cytoscape 2's RECT and ROUND_RECT, still in its users'
# shape columns (a Hif1a network of cytoscape/cyjs-sample had "node_shape": "RECT" skipped).
SHAPE_NAMES = {field_key(name): shape for name, shape in SHAPES.items()} | {
    "rect": "rectangle",
    "roundrect": "rounded",
}
CY_SHAPES = {  # mapviewer shape -> Cytoscape.js shape (a pill has none: it travels as metadata)
    "rounded": "round-rectangle",
    "rectangle": "rectangle",
    "ellipse": "ellipse",
    "hexagon": "hexagon",
    "octagon": "octagon",
    "diamond": "diamond",
    "parallelogram": "rhomboid",
    "circle": "ellipse",  # as wide as tall (_node_element), the shape itself in the metadata
    "tag": "tag",
    "triangle": "triangle",
    "cylinder": "barrel",  # its drum; it has no cloud, document or card (they are metadata)
}
LINE_STYLES = {"solid": "solid", "dashed": "dash", "dotted": "dot"}
CY_LINES = {"solid": "solid", "dash": "dashed", "dot": "dotted"}
CY_LINE_WIDTH = 3.0  # Cytoscape.js's default edge width: mapviewer's normal line
CY_ARROW = "triangle"  # the arrowhead mapviewer's links are written with
KEPT_LOOK = ("SUID", "selected")  # Cytoscape's session ids and selection, kept in data
# GeneMANIA colours each interaction by the kind of evidence for it (its data_type), in its
# Cytoscape app and on the cytoscape.js page its export comes from: a network it wrote
# (network data type "genemania") carries no style, and opened all grey.
GENEMANIA_LINKS = {
    "Physical interactions": "#EAA2A3",
    "Co-expression": "#D0B7D3",
    "Shared protein domains": "#DAD4A8",
    "Predicted": "#F6C28C",
    "Co-localization": "#A0B3D8",
    "Pathway": "#9BD8DD",
    "Genetic interactions": "#90E190",
}
# GeneMANIA's web page hands its network to cytoscape.js as bare elements: no network data to
# say "genemania", each interaction's kind a code in "group" beside GeneMANIA's own
# "networkGroupId" (the cytoscape.js gene demos, 593 links, opened all grey).
GENEMANIA_CODES = {
    "pi": "Physical interactions",
    "coexp": "Co-expression",
    "spd": "Shared protein domains",
    "predict": "Predicted",
    "coloc": "Co-localization",
    "path": "Pathway",
    "gi": "Genetic interactions",
}
# SBGN maps as SBGNViz (cytoscape.js) writes them: a glyph's class, label and box in
# sbgnclass, sbgnlabel and sbgnbbox. cytoscape.js's glycolysis demo opened as 44 nodes named
# by their ids ("glyph9" for hexokinase) in one kind; SBGN draws each class in its own shape.
SBGN_SHAPES = {
    "macromolecule": "rounded",
    "nucleic acid feature": "rounded",
    "simple chemical": "circle",
    "unspecified entity": "ellipse",
    "complex": "octagon",
    "phenotype": "hexagon",
    "process": "rectangle",
    "omitted process": "rectangle",
    "uncertain process": "rectangle",
    "association": "circle",
    "dissociation": "circle",
}
# An SBGN arc's class says whether it has a head: a consumption is a plain line into the
# process, every other arc (production, catalysis, stimulation...) points at its target.
SBGN_PLAIN_ARCS = ("consumption", "logic arc", "equivalence arc")
# Selector states of an element being handled, never of a saved picture: rules for them are
# passed over without a word.
PASSING_STATES = (
    "selected",
    "unselected",
    "active",
    "inactive",
    "grabbed",
    "free",
    "hover",
    "locked",
    "unlocked",
    "selectable",
    "unselectable",
    "grabbable",
    "ungrabbable",
    "visible",
    "hidden",
    "backgrounding",
    "nonbackgrounding",
    "animated",
    "unanimated",
)
COMPOUND_STATES = ("parent", "childless", "child", "nonorphan", "orphan")
COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}
_SIMPLE = re.compile(
    r"""\s*(?P<group>node|edge|\*)?(?P<rest>(?:[#.][\w-]+|\[[^\]]*\]|:[\w-]+)*)\s*$"""
)
_PART = re.compile(r"[#.][\w-]+|\[[^\]]*\]|:[\w-]+")
_TEST = re.compile(
    r"""^\[\s*(?P<field>[\w-]+)\s*(?:(?P<op>!=|<=|>=|=|<|>)\s*(?P<value>"[^"]*"|'[^']*'|[^\s\]]+)\s*)?\]$"""
)
_FLAG = re.compile(r"^\[\s*(?P<op>[?!^])\s*(?P<field>[\w-]+)\s*\]$")  # [?f] [!f] [^f]
_DATA = re.compile(r"^\s*data\(\s*([\w-]+)\s*\)\s*$")


@dataclass
class Selector:
    """One simple cytoscape.js selector: the elements it names, by group, id, class, data and
    place in a compound graph."""

    group: str | None = None  # "nodes", "edges" or None for both
    ids: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    tests: list[tuple[str, str | None, Any]] = field(default_factory=list)
    states: list[str] = field(default_factory=list)  # COMPOUND_STATES

    def matches(self, group: str, element: Element) -> bool:
        if self.group is not None and self.group != group:
            return False
        if any(ident != element.ident for ident in self.ids):
            return False
        if any(name not in element.classes for name in self.classes):
            return False
        if not all(_passes(element.data, test) for test in self.tests):
            return False
        return all(element.compound.get(state, False) for state in self.states)


@dataclass
class Element:
    """What a selector looks at in one element."""

    ident: str
    classes: set[str]
    data: dict[str, Any]
    compound: dict[str, bool] = field(default_factory=dict)


def _passes(data: dict[str, Any], test: tuple[str, str | None, Any]) -> bool:
    """A data test as cytoscape.js runs it: ``[field]`` is there and not null, ``[^field]``
    is not, ``[?field]`` is true (JavaScript's truth: not false, 0, "" or null) and
    ``[!field]`` is not; a comparison of numbers as numbers, of true and false as such, of
    anything else as text."""
    name, op, wanted = test
    value = data.get(name)
    if op is None:
        return value is not None
    if op == "^":
        return value is None
    if op in ("?", "!"):
        return bool(value) == (op == "?")
    if value is None:
        return op == "!="
    if isinstance(wanted, bool):
        return COMPARE[op](value is wanted, True) if op in ("=", "!=") else False
    if isinstance(wanted, float):
        have = number(value)
        if have is None:
            return op == "!="
        return COMPARE[op](have, wanted)
    if op not in ("=", "!="):
        return False
    return COMPARE[op](str(value), wanted)


def parse_selector(text: str) -> Selector | None:
    """One selector of a list (``node.drug[score > 2]``); None for one mapviewer does not
    read, and for a rule about a passing state (see PASSING_STATES)."""
    match = _SIMPLE.match(text)
    if match is None or not text.strip():
        return None
    selector = Selector({"node": "nodes", "edge": "edges"}.get(match.group("group") or ""))
    for part in _PART.findall(match.group("rest")):
        if part[0] == "#":
            selector.ids.append(part[1:])
        elif part[0] == ".":
            selector.classes.append(part[1:])
        elif part[0] == ":":
            if part[1:] not in COMPOUND_STATES:
                return None
            selector.states.append(part[1:])
        elif (flag := _FLAG.match(part)) is not None:
            selector.tests.append((flag.group("field"), flag.group("op"), None))
        else:
            test = _TEST.match(part)
            if test is None:
                return None
            value: Any = test.group("value")
            if value is not None and value[:1] in "\"'":
                value = value[1:-1]
            elif value in ("true", "false"):
                value = value == "true"
            elif value is not None:
                value = number(value) if number(value) is not None else value
            selector.tests.append((test.group("field"), test.group("op"), value))
    return selector


def _passing(text: str) -> bool:
    """A selector about a state an element passes through (``node:selected``)."""
    return any(f":{state}" in text for state in PASSING_STATES)


def stylesheet(rules: Any) -> tuple[list[tuple[Selector, dict[str, Any]]], list[str]]:
    """A cytoscape.js stylesheet's rules in order, and the selectors left out."""
    out: list[tuple[Selector, dict[str, Any]]] = []
    left: list[str] = []
    for rule in rules if isinstance(rules, list) else []:
        rule = json_object(rule)
        text, look = rule.get("selector"), rule.get("style", rule.get("css"))
        if not isinstance(text, str) or not isinstance(look, dict):
            continue
        for part in text.split(","):
            selector = parse_selector(part)
            if selector is not None:
                out.append((selector, look))
            elif not _passing(part):
                left.append(part.strip())
    return out, left


def _resolved(look: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """``data(field)`` values as the element's own field (absent where it has none)."""
    out: dict[str, Any] = {}
    for name, value in look.items():
        found = _DATA.match(value) if isinstance(value, str) else None
        if found is None:
            out[name] = value
        elif data.get(found.group(1)) is not None:
            out[name] = data[found.group(1)]
    return out


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
        self.rules, left = stylesheet(self.top.get("style"))
        self.head = _head_unsaid(self.top, network, ours=self.graph.meta is not None)
        self.genemania = network.get("type") == "genemania" and self.graph.meta is None
        if left:
            shown = ", ".join(repr(text) for text in left[:3])
            more = f" and {len(left) - 3} more" if len(left) > 3 else ""
            self.graph.notes.append(
                f"{len(left)} stylesheet selector{'s' if len(left) > 1 else ''} mapviewer does "
                f"not read left out ({shown}{more})"
            )
        self.parents: set[str] = set()  # nodes that hold others: cytoscape.js's :parent

    def read(self, progress: Progress) -> GraphRecord:
        nodes, edges = _split(self.elements, self.name)
        ours = self.graph.meta is not None
        for element in nodes:
            parent = json_object(json_object(element).get("data")).get("parent")
            if isinstance(parent, str | int) and parent != "":
                self.parents.add(str(parent))
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

    def look(self, group: str, element: Any, data: dict[str, Any]) -> dict[str, Any]:
        """The element's look: the stylesheet's rules that name it, in order, then its own
        ``style``; ``data(field)`` values read from its data."""
        raw = json_object(element)
        classes = raw.get("classes")
        names = classes.split() if isinstance(classes, str) else classes
        ident = str(data.get("id", ""))
        parent = data.get("parent")
        child = isinstance(parent, str | int) and parent != ""
        compound = {
            "parent": ident in self.parents,
            "childless": ident not in self.parents,
            "child": child,
            "nonorphan": child,
            "orphan": not child,
        }
        seen = Element(
            ident,
            {str(n) for n in names} if isinstance(names, list) else set(),
            data,
            compound if group == "nodes" else {},
        )
        look: dict[str, Any] = {}
        for selector, rule in self.rules:
            if selector.matches(group, seen):
                look.update(rule)
        look.update(json_object(raw.get("style")))
        return _resolved(look, data)

    def _data(self, element: Any, where: str) -> dict[str, Any]:
        data = json_object(element).get("data")
        if not isinstance(data, dict):
            raise fail(self.name, 'an element needs a "data" object', _at(where))
        return dict(data)

    def _node(self, element: Any, index: int, ours: bool) -> NodeRecord:
        data = self._data(element, f"nodes[{index}]")
        look = self.look("nodes", element, data)
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
        shown = look.get("label", look.get("content"))
        if isinstance(shown, str | int | float) and not isinstance(shown, bool) and not ours:
            node.label = str(shown)  # what cytoscape.js writes on the node
        glyph = not ours and isinstance(data.get("sbgnclass"), str)
        if glyph:
            _sbgn_glyph(node, data)
        elif ours and data.get("label") == "":  # drawn unnamed (an SBGN process), not "glyph8"
            node.unlabelled = True
            data.pop("label")
            if data.get("name") == "":
                data.pop("name")
        take_fields(node, data, ours=ours)
        _node_look(node, look, data)
        if glyph:
            _sbgn_box(node, data)
        apply_item_meta(node, meta)
        if ours and node.shape == "circle" and node.height == node.width:
            node.height = None  # written only so cytoscape.js draws it round (_node_element)
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
        look = self.look("edges", element, data)
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
        edge.color = look.get("line-color") or _field(data, ("color", "linecolor", "edgecolor"))
        if edge.color is None and not ours:
            edge.color = _genemania_color(data, self.genemania)
        line = look.get("line-style")
        if isinstance(line, str):
            edge.dash = LINE_STYLES.get(line, line)
        if "width" in look:
            edge.width = _line_width(look["width"])
        self._arrowheads(edge, look)
        arc = data.get("sbgnclass")
        if not ours and isinstance(arc, str) and not {"target-arrow-shape"} & look.keys():
            edge.directed = arc not in SBGN_PLAIN_ARCS
        shown = look.get("label", look.get("content"))
        if isinstance(shown, str | int | float) and not isinstance(shown, bool) and not ours:
            edge.label = str(shown)
        take_fields(edge, data, edge=True, ours=ours)
        apply_item_meta(edge, meta)
        return edge

    def _arrowheads(self, edge: EdgeRecord, look: dict[str, Any]) -> None:
        """Direction from the arrow shapes drawn: none at either end undirected, one at each
        end two-way, one at the source only a link the other way round."""
        target = look.get("target-arrow-shape", self.head)
        source = look.get("source-arrow-shape", "none")
        if target == "none" and source == "none":
            edge.directed = False
        elif target == "none":
            edge.source, edge.target = edge.target, edge.source
        elif source != "none":
            edge.arrows = "both"


def _genemania_color(data: dict[str, Any], genemania: bool) -> str | None:
    """GeneMANIA's colour for an interaction's kind of evidence: its Cytoscape app's
    ``data_type`` in a network it wrote, or its web page's code in ``group``."""
    if genemania:
        return GENEMANIA_LINKS.get(str(data.get("data_type")))
    if "networkGroupId" in data:
        return GENEMANIA_LINKS.get(GENEMANIA_CODES.get(str(data.get("group")), ""))
    return None


def _head_unsaid(top: dict[str, Any], network: dict[str, Any], *, ours: bool) -> str:
    """The target arrowhead of a link whose look names none, as the file's tool draws it.

    Cytoscape.js draws none, and so does Cytoscape desktop's default style (its 3.1 sample
    styles give ``target-arrow-shape: none`` to all but Directed and KEGG Style): GeneMANIA's
    255 interactions have no direction. A desktop ``.cyjs`` leaves its style out, so the
    producers whose style is known are read from what they write."""
    directed = top.get("directed")  # networkx's cytoscape_data
    if ours or directed is True or "KEGG_PATHWAY_ID" in network:
        return CY_ARROW
    return "none"


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
    node.width = _pixels(style.get("width"))
    node.height = _pixels(style.get("height"))
    shape = style.get("shape") or _field(data, SHAPE_FIELDS)
    if isinstance(shape, str):
        node.shape = SHAPE_NAMES.get(field_key(shape), shape)
    elif shape is not None:
        node.shape = shape


def _sbgn_glyph(node: NodeRecord, data: dict[str, Any]) -> None:
    """An SBGN glyph's name and class: a process has no name, and is drawn unnamed as SBGN
    draws it, not named by its id."""
    node.kind = data.pop("sbgnclass")
    label = data.pop("sbgnlabel", None)
    if isinstance(label, str) and label.strip():
        node.label = label
    elif not node.label:
        node.label = ""
        node.unlabelled = True


def _sbgn_box(node: NodeRecord, data: dict[str, Any]) -> None:
    """The glyph's shape for its class and its size from its sbgnbbox, where the file's style
    says neither: a 120 x 60 macromolecule, a 60 across chemical, a 20 x 20 process."""
    if node.shape is None:
        node.shape = SBGN_SHAPES.get(str(node.kind))
    box = json_object(data.get("sbgnbbox"))
    width, height = number(box.get("w")), number(box.get("h"))
    if node.width is None and width is not None and width > 0:
        node.width = width
    if node.height is None and height is not None and height > 0:
        node.height = height


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


def _node_element(node: Node, ids: set[str], kind: Kind | None = None) -> dict[str, Any]:
    """A node as Cytoscape reads it, in the colour and shape mapviewer draws it: its own, else
    its kind's (a .cyjs holds no kinds; drawn from its own style alone, KEGG's green genes,
    whose kind held the colour, went back grey)."""
    data: dict[str, Any] = {"id": node.id, "label": node.label, "name": node.label}
    if node.kind:
        data["kind"] = node.kind
    if node.description:
        data["description"] = node.description
    if node.parent in ids and node.parent != node.id:
        data["parent"] = node.parent  # a compound node: Cytoscape draws it around its members
    shown, kept = split_data(node.data, RESERVED)
    data.update(shown)
    if "sbgnbbox" in node.data and kind is not None:  # an SBGN glyph: SBGNViz reads these
        data["sbgnclass"] = kind.label
        if node.label:
            data["sbgnlabel"] = node.label
    native = ["label", "description", "kind", "placed", "parent", "color", "text_color"]
    style: dict[str, Any] = {}
    colour = node.color or (kind.color if kind else None)
    if colour:
        style["background-color"] = colour
    if node.text_color:
        style["color"] = node.text_color
    shape = node.shape or (kind.shape if kind else None)
    native += _shape_style(node, shape, style)
    meta = item_meta(node, native, kept)
    if shape == "circle":
        # Its kind's circle too goes as an ellipse, and came back one: KEGG's compounds, round
        # when opened, were flat ellipses after a save.
        meta["shape"] = shape
    if meta:
        data[META_KEY] = meta
    element: dict[str, Any] = {"data": data}
    if node.placed:
        element["position"] = {"x": node.x, "y": node.y}
    if style:
        element["style"] = style
    return element


def _shape_style(node: Node, shape: str | None, style: dict[str, Any]) -> list[str]:
    """The shape and size into ``style``; the fields it holds as they will be read back."""
    native = []
    if shape in CY_SHAPES:
        style["shape"] = CY_SHAPES[shape or ""]
        if SHAPES.get(style["shape"]) == shape:  # a circle goes as an ellipse: not native
            native.append("shape")
    for size in ("width", "height"):
        if getattr(node, size):
            style[size] = getattr(node, size)
            native.append(size)
    if shape == "circle" and "width" in style and "height" not in style:
        style["height"] = style["width"]  # cytoscape.js draws it 30 high unless told
    return native


def _edge_element(edge: Edge) -> dict[str, Any]:
    data: dict[str, Any] = {"id": edge.id, "source": edge.source, "target": edge.target}
    data["label"] = edge.label
    if edge.description:
        data["description"] = edge.description
    shown, kept = split_data(edge.data, EDGE_RESERVED)
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
    if not edge.directed:
        style["target-arrow-shape"] = "none"
    else:
        style["target-arrow-shape"] = CY_ARROW
        style["curve-style"] = "bezier"  # cytoscape.js's haystack edges draw no arrowhead
        if edge.arrows == "both":
            style["source-arrow-shape"] = CY_ARROW
            native.append("arrows")
    meta = item_meta(edge, native, kept)
    if meta:
        data[META_KEY] = meta
    element: dict[str, Any] = {"data": data}
    if style:
        element["style"] = style
    return element


def to_json(cmap: ConceptMap) -> dict[str, Any]:
    ids = {n.id for n in cmap.nodes}
    kinds = cmap.kind_by_id()
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
            "nodes": [_node_element(n, ids, kinds.get(n.kind or "")) for n in cmap.nodes],
            "edges": [_edge_element(e) for e in cmap.edges],
        },
    }


def save(cmap: ConceptMap, path: Path) -> None:
    """Write a map as Cytoscape JSON (``.cyjs``)."""
    write_json(path, to_json(cmap), indent=1)
