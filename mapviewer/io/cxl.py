"""CmapTools maps (CXL): concepts, and linking phrases read as labelled links.

In CXL a proposition is two connections through a linking phrase: concept -> phrase ->
concept. A phrase joining one concept to several (or several to one) becomes one link per pair,
as the propositions read. Positions are the centres of the boxes (``concept-appearance`` x/y);
sizes of -1 mean "fit the text" and are left unset. A ``dc:description`` that is one question
is the map's focus question (as in IHMC's reference file), and a focus question is written
there. A concept's ``background-color``, ``font-color`` and ``border-shape`` are its own
colour, text colour and shape, its ``font-size`` its own text size (CmapTools' pixels as 3/4 of
a point, records.POINTS_PER_PIXEL), and its ``border-color``, ``border-thickness`` and
``border-style`` its own outline, CmapTools' own black line included (none: no outline);
a proposition's connections' ``color`` (black included, as
CmapTools draws it), ``style`` (dotted,
dashed, dash-dot) and ``thickness`` are its link's colour, dash and width (CmapTools' 1 is a
normal line), and ``arrowhead="no"`` on both makes the link undirected, as does
``"if-to-concept-and-slopes-up"`` on a link whose concept is not above its phrase (CmapTools
draws no head there; written back as "no", the same drawing at those places). Each of these is
looked up as CmapTools does: the element's own appearance, else the style sheet its
``stylesheet-id`` names (and that sheet's ``parent-id`` sheets), else the ``_Default_`` sheet,
so a map styled through sheets opens in its sheets' colours. What mapviewer cannot draw (a
dash-dot-dot or invisible line, an unknown shape) is left out with a warning. Resources
(images, documents, web pages) are kept in their concepts' data and counted in the import's
notes; proposition lists are skipped. A concept or phrase without an
id is named by its label, as the IHMC reference sample does (``from-id="have"``). A phrase
connected on one side only becomes a concept, so nothing on the map disappears. A curved
connection (``type`` bezier-3pt or bezier-4pt, whose ``control-point``s pull the curve and lie
off it) gives its link the points of the curve it draws (its middle; its thirds), a vector or
spline one its control points, which it passes through; such a link also passes through its
phrase (``Edge.bends``). Written back, the bends on each side of the phrase become the curve's
control points again (whole numbers, as CmapTools writes them); a link drawn sharp goes as a
vector, straight between them with corners, as CmapTools draws a vector.

Writing: concepts and a linking phrase per link, two connections each (links read from one
phrase a CmapTools author drew for several go back as that one phrase), and appearances with
positions, sizes, colours and fonts. A concept's description goes in ``short-comment`` (what
CmapTools shows on hover). What CXL has no attribute for (quotes, aliases, kinds, data, tours,
sources) goes where the CXL reference says a generator may store "non standard information":
``<extra-properties-list>``, one ``<properties-list id=...>`` per concept or phrase with a
``mapviewer`` property holding JSON, and one with ``id="mapviewer:map"`` for the map itself.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mapviewer.groups import parent_map
from mapviewer.io import xmlsafe
from mapviewer.io.atomic import write_atomic
from mapviewer.io.records import (
    META_KEY,
    UNFILLED,
    EdgeRecord,
    GraphRecord,
    NodeRecord,
    Progress,
    ProgressCallback,
    apply_item_meta,
    as_progress,
    build_map,
    dumps_meta,
    export_positions,
    is_our_meta,
    item_meta,
    lettering_of,
    loads_meta,
    map_meta,
    number,
    own_text_color,
    parse_color,
    pixels_of_points,
    points_of_pixels,
    transparent,
)
from mapviewer.io.xmlsafe import Element, XmlDoc, child, children, descendants, local, sub
from mapviewer.model import (
    FOCUS_QUESTION_LIMIT,
    PHRASE_AT,
    SHARED_PHRASE,
    TEXT_SIZE_MAX,
    TEXT_SIZE_MIN,
    ConceptMap,
    Edge,
    Node,
    phrase_offset,
)
from mapviewer.routing import halfway

NS = "http://cmap.ihmc.us/xml/cmap/"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
MAP_PROPERTIES = "mapviewer:map"
# Appearance attributes kept in a concept's data and written back on export.
SHAPES = {  # CmapTools border-shape -> mapviewer shape; any other is skipped with a warning
    "rectangle": "rectangle",
    "rounded-rectangle": "rounded",
    "oval": "ellipse",
    "ellipse": "ellipse",
    # CmapTools fits an oval's height to its text; its circle is round whatever the text.
    "circle": "circle",
    "diamond": "diamond",
    "hexagon": "hexagon",
    "octagon": "octagon",
}
CXL_SHAPES = {  # mapviewer shape -> CmapTools border-shape (others travel as metadata)
    "rectangle": "rectangle",
    "rounded": "rounded-rectangle",
    "ellipse": "oval",
    # No CmapTools document we hold names "circle": a circle drawn here goes as an oval, which
    # every CmapTools draws; one read as "circle" goes back as read (its kept border-shape).
    "circle": "oval",
}
SLOPES_UP = "if-to-concept-and-slopes-up"  # a head only on a link climbing to its concept
THICKNESS = 1.0  # CmapTools' default line thickness: mapviewer's normal line
LINE_STYLES = {"solid": "solid", "dotted": "dot", "dashed": "dash", "dash-dot": "dashdot"}
CXL_LINES = {dash: style for style, dash in LINE_STYLES.items()}
Point = tuple[float, float]  # x, y: a centre, a bend, a control point
DEFAULT_SHEET = "_default_"  # the sheet under every other; the reference writes it both ways
# Which part of a style sheet styles which appearance.
SHEET_PARTS = {
    "concept-appearance": "concept-style",
    "linking-phrase-appearance": "linking-phrase-style",
    "connection-appearance": "connection-style",
}
STYLE_KEYS = (
    "font-name",
    "font-size",
    "font-style",
    "font-color",
    "border-color",
    "border-shape",
    "border-style",
    "border-thickness",
    "text-alignment",
)


def _key(element: Element) -> str:
    """A node's id, or its label where the file gives none (placeholder ids)."""
    return element.get("id") or element.get("label") or ""


def _comments(element: Element, ours: bool) -> str:
    """Short and long comment as one description; our own files hold it in the short one."""
    if ours:
        return element.get("short-comment", "")
    parts = [element.get("short-comment", "").strip(), element.get("long-comment", "").strip()]
    return "\n\n".join(p for p in parts if p)


def _properties(root: Element) -> dict[str, Any]:
    """Our metadata from ``<extra-properties-list>``, by the id of what it describes."""
    found: dict[str, Any] = {}
    for plist in descendants(root, "properties-list"):
        for prop in children(plist, "property"):
            if prop.get("key") == META_KEY:
                found[plist.get("id", "")] = loads_meta(prop.get("value"))
    return found


def _sheet_id(ident: str) -> str:
    """A style sheet's id as looked up: the reference spells the default both ``_Default_``
    and ``_default_``."""
    return DEFAULT_SHEET if ident.lower() == DEFAULT_SHEET else ident


class _Looks:
    """Every element's appearance, resolved through the style sheets as CmapTools draws it."""

    def __init__(self, root: Element) -> None:
        self.own: dict[str, Element] = {}
        for kind in ("concept-appearance", "linking-phrase-appearance", "connection-appearance"):
            for element in descendants(root, kind):
                self.own.setdefault(element.get("id", ""), element)
        self.sheets: dict[str, Element] = {}
        for sheet in descendants(root, "style-sheet"):
            self.sheets.setdefault(_sheet_id(sheet.get("id", "")), sheet)

    def appearance(self, key: str) -> Element | None:
        return self.own.get(key)

    def style(self, key: str, part: str) -> dict[str, str]:
        """The attributes that style one element (``part`` names its kind in a sheet, e.g.
        ``concept-style``): its own over its sheet's (and that sheet's parents') over the
        ``_Default_`` sheet's. An element with no appearance of its own is drawn in the
        default sheet's look, as CmapTools draws it."""
        look = self.own.get(key)
        layers = [dict(look.attrib)] if look is not None else []
        seen: set[str] = set()
        wanted = look.get("stylesheet-id") if look is not None else None
        for ident in (wanted, DEFAULT_SHEET):
            while ident and _sheet_id(ident) not in seen:  # a parent-id cycle ends the walk
                seen.add(_sheet_id(ident))
                sheet = self.sheets.get(_sheet_id(ident))
                if sheet is None:
                    break
                style = child(sheet, part)
                if style is not None:
                    layers.append(dict(style.attrib))
                ident = sheet.get("parent-id")
        merged: dict[str, str] = {}
        for layer in reversed(layers):  # the element's own attributes are applied last
            merged.update(layer)
        return merged


def _node(
    doc: XmlDoc,
    element: Element,
    look: Element | None,
    style: dict[str, str],
    meta: Any,
    ours: bool,
) -> NodeRecord:
    key = _key(element)
    description = _comments(element, ours)
    node = NodeRecord(key, label=element.get("label", ""), description=description)
    # A concept left without a name went out as label="" and came back named by its id
    # ("c1"). Only in our own files: a CmapTools concept is named as it always was.
    node.unlabelled = ours and element.get("label") == "" and element.get("id") is not None
    node.at = doc.at(element, f"concept {key!r}")
    node.parent = element.get("parent-id")
    if look is not None:
        node.x, node.y = number(look.get("x")), number(look.get("y"))
        # The width only (-1: CmapTools fits the box to the text). Its height is always the
        # text's, in CmapTools' narrower font: taken as a set height it made labels that
        # need two lines here run on one, wider than the row allows (bacterial-characteristics:
        # 3 overlapping boxes became 5). Our own CXL keeps a set height in its metadata.
        value = number(look.get("width"))
        node.width = value if value and value > 0 else None
    fill = style.get("background-color")
    if fill and transparent(fill) and not ours:
        # CmapTools draws no fill (an alpha of 0): its white page shows through the box, not
        # the kind's dark grey under white text. The file's value goes back while it is white.
        node.color = UNFILLED
        node.data[CLEAR_FILL] = fill
    else:
        node.color = fill
    node.data.update({k: style[k] for k in STYLE_KEYS if style.get(k)})
    if not ours:  # ours: the concept's own text colour and shape are in its metadata
        node.text_color = own_text_color(style.get("font-color"), node.color)
        shape = style.get("border-shape")
        if shape:
            node.shape = SHAPES.get(shape, shape)
        _border(style, node)
        size = _font_size(node.label, look, style)
        if size:  # the concept's, its sheet's or the default sheet's, or a run's over most of it
            node.text_size = points_of_pixels(size)
            if (
                isinstance(node.text_size, float)
                and TEXT_SIZE_MIN <= node.text_size <= TEXT_SIZE_MAX
            ):
                node.data.pop("font-size", None)  # written back from text_size
    apply_item_meta(node, meta)
    if ours:  # written from the concept's own look, which its metadata restores
        looks = (
            ("text_color", "font-color"),
            ("shape", "border-shape"),
            ("text_size", "font-size"),
        )
        for field, key in looks:
            if getattr(node, field) is not None:
                node.data.pop(key, None)
    return node


def _font_size(label: str, look: Element | None, style: dict[str, str]) -> str | None:
    """The size CmapTools draws most of the label in: its style's font-size, unless runs of the
    text (``localized-style``) set another over most of its characters, as the bacteria map's
    "Bacteria" is 18 over the Root Style's 12 and the plants map's title 16 after an 18 capital."""
    base = style.get("font-size")
    sizes = [base] * min(len(label), 2000)  # as far as the canvas draws a label (boxes.MAX_CHARS)
    for run in children(look, "localized-style") if look is not None else ():
        size = run.get("font-size")
        begin, end = number(run.get("begin")), number(run.get("end"))
        if not size or begin is None:
            continue
        stop = len(sizes) if end is None else min(int(end), len(sizes))
        for index in range(max(int(begin), 0), stop):
            sizes[index] = size
    found = Counter(size for size in sizes if size)
    return found.most_common(1)[0][0] if found else base


CXL_BORDER = "#000000"  # CmapTools' border where neither the concept nor a sheet gives one
BORDER_KEYS = ("border-color", "border-style", "border-thickness")


def _border(style: dict[str, str], node: NodeRecord) -> None:
    """The concept's border as CmapTools draws it, its own black 1-thick line included: the
    plants map's two dotted 2-thick concepts and vs-sysbp's red one had opened in mapviewer's
    outline, and the concepts in CmapTools' black one in a shade of their fill (57 of
    bacterial-characteristics' a pale grey round pale blue). None at all (a clear colour,
    ``border-style="none"``, a thickness of 0) is no outline (a width of 0), as CmapTools
    draws it. A border taken is the concept's own (written back from it), no longer kept."""
    color, kind = style.get("border-color"), style.get("border-style") or "solid"
    thickness = number(style.get("border-thickness"))
    if transparent(color) or kind == "none" or thickness == 0:
        node.border_width = 0.0
        for key in BORDER_KEYS:
            node.data.pop(key, None)
        return
    node.border_color = color or CXL_BORDER  # not a colour: the builder says so, leaves it out
    node.border_dash = LINE_STYLES.get(kind, kind)
    if style.get("border-thickness") is not None and thickness != THICKNESS:
        node.border_width = style.get("border-thickness")
    for key in BORDER_KEYS:
        node.data.pop(key, None)


def _head(doc: XmlDoc, graph: GraphRecord) -> None:
    meta = child(doc.root, "res-meta")
    if meta is None:
        return
    for element in meta:
        name = local(element.tag)
        if name == "title":
            graph.title = xmlsafe.text_of(element)
        elif name == "description":
            text = xmlsafe.text_of(element)
            if _is_question(text):
                graph.focus_question = text.strip()
            else:
                graph.description = text
        elif name == "publisher":
            graph.producer = xmlsafe.text_of(element)


def _background(root: Element, looks: _Looks) -> str | None:
    """The map's page colour: ``background-color`` of the ``map-style`` in the sheet its
    ``<map>`` names (``default-stylesheet-id``), else in ``_Default_``, as ``#RRGGBB``.
    CmapTools' own is white at an alpha of 0 (no colour set: None, the theme's canvas); a dark
    page made for light text is drawn dark. A value that is no colour is left out, and said."""
    body = child(root, "map")
    wanted = body.get("default-stylesheet-id") if body is not None else None
    for ident in (wanted, DEFAULT_SHEET):
        sheet = looks.sheets.get(_sheet_id(ident)) if ident else None
        style = child(sheet, "map-style") if sheet is not None else None
        value = style.get("background-color") if style is not None else None
        if value:
            return value
    return None


def _is_question(text: str) -> bool:
    """Whether a ``dc:description`` is a focus question: IHMC's own reference file keeps its
    map's ("How do plants grow?") there, one line ending in a question mark. Anything else is
    an ordinary description."""
    line = text.strip()
    return (
        line.endswith("?")
        and len(line) <= FOCUS_QUESTION_LIMIT
        and not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in line)
    )


class _Reader:
    """Reads one CXL document into records; phrases become links once all connections are known."""

    def __init__(self, doc: XmlDoc, progress: Progress) -> None:
        self.doc = doc
        self.progress = progress
        self.graph = GraphRecord(doc.name, "CmapTools (CXL)")
        self.looks = _Looks(doc.root)
        self.meta = _properties(doc.root)
        self.phrases: dict[str, Element] = {}
        self.concepts: set[str] = set()

    def read(self) -> GraphRecord:
        root = self.doc.root
        if local(root.tag) != "cmap" or child(root, "map") is None:
            found = local(root.tag)
            raise self.doc.error(root, f"not a CmapTools CXL file: root <{found}> has no <map>")
        _head(self.doc, self.graph)
        map_meta = self.meta.get(MAP_PROPERTIES)
        self.graph.meta = map_meta if is_our_meta(map_meta) else None
        for element in descendants(root, "concept"):
            self._add_node(element)
        self.graph.lettering = lettering_of(n.data.get("font-style") for n in self.graph.nodes)
        self._page()
        for element in descendants(root, "linking-phrase"):
            self.phrases.setdefault(_key(element), element)
        self._links(list(descendants(root, "connection")))
        self._resources()
        return self.graph

    def _page(self) -> None:
        """The map's page colour (_background); a concept drawn without a fill shows that page
        through it, not white: white text on a white box had vanished."""
        page = _background(self.doc.root, self.looks)
        self.graph.background = parse_color(page)
        if page and not self.graph.background and not transparent(page):
            self.graph.notes.append(f"the map's background-color {page!r} (not a colour) left out")
        if self.graph.background and self.graph.meta is None:
            for node in self.graph.nodes:
                if CLEAR_FILL in node.data and node.color == UNFILLED:
                    node.color = self.graph.background

    def _resources(self) -> None:
        """Images, documents and web pages attached to concepts: mapviewer shows none, so each
        is kept in its concept's data (label, address, description, type) and the import says
        how many, rather than dropping them unsaid."""
        nodes = {n.id: n for n in self.graph.nodes}
        kept = 0
        for group in descendants(self.doc.root, "resource-group"):
            node = nodes.get(group.get("parent-id", ""))
            if node is None:
                continue
            for resource in children(group, "resource"):
                entry = {
                    key: value
                    for key, value in (
                        ("label", resource.get("label")),
                        ("url", resource.get("resource-url")),
                        ("description", resource.get("description")),
                        ("type", group.get("group-type") or resource.get("resource-mimetype")),
                    )
                    if value
                }
                node.data.setdefault("resources", []).append(entry)
                kept += 1
        if kept:
            self.graph.notes.append(
                f"{kept} resource{'s' if kept > 1 else ''} (images, documents, web pages) "
                "listed in their concepts' Details, not drawn"
            )

    def _add_node(self, element: Element) -> None:
        key = _key(element)
        if not key:
            raise self.doc.error(element, "a concept has neither an id nor a label")
        look, style = self.looks.appearance(key), self.looks.style(key, "concept-style")
        ours = self.graph.meta is not None
        self.graph.nodes.append(_node(self.doc, element, look, style, self.meta.get(key), ours))
        self.concepts.add(key)

    def _links(self, connections: list[Element]) -> None:
        into: dict[str, list[tuple[str, Element]]] = defaultdict(list)
        out_of: dict[str, list[tuple[str, Element]]] = defaultdict(list)
        direct: list[Element] = []
        for conn in self.progress.each(connections):
            source, target = conn.get("from-id", ""), conn.get("to-id", "")
            for end in (source, target):
                if end not in self.concepts and end not in self.phrases:
                    cid = conn.get("id", "")
                    msg = f"connection {cid!r} names {end!r}: no concept or linking phrase has it"
                    raise self.doc.error(conn, msg)
            if source in self.concepts and target in self.phrases:
                into[target].append((source, conn))
            elif source in self.phrases and target in self.concepts:
                out_of[source].append((target, conn))
            elif source in self.concepts and target in self.concepts:
                direct.append(conn)
            # phrase -> phrase joins no concepts: not a proposition, nothing to draw
        for key, phrase in self.phrases.items():
            self._phrase(key, phrase, into[key], out_of[key])
        for conn in direct:
            source, target = conn.get("from-id", ""), conn.get("to-id", "")
            link = EdgeRecord(source, target, id=conn.get("id"))
            link.at = self.doc.at(conn)
            link.bends = self._route(source, conn, target) or None
            self.graph.edges.append(link)

    def _phrase(
        self,
        key: str,
        phrase: Element,
        sources: list[tuple[str, Element]],
        targets: list[tuple[str, Element]],
    ) -> None:
        if not sources or not targets:  # half a proposition: keep the phrase as a concept
            ours = self.graph.meta is not None
            look, style = self.looks.appearance(key), self.looks.style(key, "linking-phrase-style")
            node = _node(self.doc, phrase, look, style, self.meta.get(key), ours)
            node.data["cxl"] = "linking-phrase"
            self.graph.nodes.append(node)
            self.concepts.add(key)
            ends = [(a, key, c) for a, c in sources] + [(key, b, c) for b, c in targets]
            for source, target, conn in ends:
                link = EdgeRecord(source, target, id=conn.get("id"))
                link.at = self.doc.at(conn)
                link.bends = self._route(source, conn, target) or None
                self.graph.edges.append(link)
            return
        pairs = [(a, ca, b, cb) for a, ca in sources for b, cb in targets]
        for index, (source, in_conn, target, out_conn) in enumerate(pairs, start=1):
            ident = key if len(pairs) == 1 else f"{key}-{index}"
            link = EdgeRecord(source, target, id=ident, label=phrase.get("label", ""))
            if len(pairs) > 1:  # one phrase the author drew for several: written back as one
                link.data[SHARED_PHRASE] = key
                at = self._phrase_at(key, source)
                if at is not None:  # drawn through where the phrase stood
                    link.data[PHRASE_AT] = at
            link.description = _comments(phrase, self.graph.meta is not None)
            link.at = self.doc.at(phrase, f"linking phrase {key!r}")
            if "true" in (in_conn.get("isBidirectional"), out_conn.get("isBidirectional")):
                link.data["bidirectional"] = True
            self._link_look(link, in_conn, out_conn)
            link.bends = self._route(source, in_conn, key, out_conn, target)
            if link.bends and self.graph.meta is None:  # the phrase's point: written back there
                link.data[PHRASE_BEND] = len(self._route(source, in_conn, key) or [])
                # Drawn as CmapTools draws it (ours: as our metadata says).
                link.smooth = self._curved(in_conn, out_conn)
            if link.directed and not self._has_head(key, target, in_conn, out_conn):
                link.directed = False
            apply_item_meta(link, self.meta.get(key))
            self.graph.edges.append(link)

    def _centre(self, key: str) -> Point | None:
        look = self.looks.appearance(key)
        x, y = (number(look.get(k)) for k in "xy") if look is not None else (None, None)
        return None if x is None or y is None else (x, y)

    def _route(self, *stops: str | Element) -> list[Any] | None:
        """The points a link's line passes through as CmapTools draws it: ``stops`` are the
        ids of the concepts and phrase it joins with the connections between them. Where a
        connection is curved, the points of its curve; where any is, the phrase's centre too,
        which CmapTools' line passes through. None for a link drawn straight throughout.
        CmapTools' control points pull a curve, which passes through none of them (its curved
        "can be" swings a third of the way towards its control point): taken as bends, the
        link had run out to them."""
        ends = [self._centre(stop) for stop in stops if isinstance(stop, str)]
        route: list[Any] = []
        curved = False
        for index, conn in enumerate(stop for stop in stops if not isinstance(stop, str)):
            start, end = ends[index], ends[index + 1]
            look = self.looks.appearance(conn.get("id", ""))
            kind = self.looks.style(conn.get("id", ""), "connection-style").get("type")
            points = [] if look is None else list(children(look, "control-point"))
            read = [(p.get("x"), p.get("y")) for p in points]
            through = _through(kind, read, start, end)
            curved = curved or bool(through)
            if index and start is not None:  # the phrase between this connection and the last
                route.append(start)
            route.extend(through)
        return route if curved else None

    def _curved(self, *connections: Element) -> bool:
        """Whether CmapTools draws a link's route as curves: a Bezier or spline connection,
        none drawn as a vector (straight from point to point, with corners)."""
        kinds = {
            self.looks.style(conn.get("id", ""), "connection-style").get("type")
            for conn in connections
        }
        return bool(kinds & CURVES) and "vector" not in kinds

    def _phrase_at(self, key: str, source: str) -> list[float] | None:
        """Where a phrase stood, from its source concept's centre (both centres in CXL): an
        offset keeps true however the importer shifts or spreads the map's positions."""
        phrase, concept = self.looks.appearance(key), self.looks.appearance(source)
        if phrase is None or concept is None:
            return None
        px, py = number(phrase.get("x")), number(phrase.get("y"))
        cx, cy = number(concept.get("x")), number(concept.get("y"))
        if None in (px, py, cx, cy):
            return None
        return [float(px or 0) - float(cx or 0), float(py or 0) - float(cy or 0)]

    def _has_head(self, phrase: str, target: str, in_conn: Element, out_conn: Element) -> bool:
        """False where the connection into the concept says "if-to-concept-and-slopes-up" and
        that concept does not stand above its phrase: CmapTools draws no head there. That is
        CmapTools' default sheet in many maps (link-types.cxl); read as "if-to-concept",
        every link going down the page had a head CmapTools does not draw."""
        into = self.looks.style(out_conn.get("id", ""), "connection-style").get("arrowhead")
        out_of = self.looks.style(in_conn.get("id", ""), "connection-style").get("arrowhead")
        if into != SLOPES_UP or out_of == "yes":
            return True
        below, above = self.looks.appearance(phrase), self.looks.appearance(target)
        if below is None or above is None:
            return True  # nowhere to tell the slope from: drawn as before
        phrase_y, target_y = number(below.get("y")), number(above.get("y"))
        return phrase_y is None or target_y is None or target_y < phrase_y

    def _link_look(self, link: EdgeRecord, *conns: Element) -> None:
        """A proposition's colour, dash, width and direction, from its two connections' styles;
        where they differ, the one into the target concept (the arrow a reader follows) wins."""
        styles = [self.looks.style(c.get("id", ""), "connection-style") for c in conns]
        if all(style.get("arrowhead") == "no" for style in styles):
            link.directed = False
        # Black too: CmapTools draws its lines black, and so should we (in our grey, the
        # bacterial characteristics' solid black lines looked like its dotted grey ones).
        colors = [style["color"] for style in styles if style.get("color")]
        if colors:
            link.color = colors[-1]
        lines = [style["style"] for style in styles if style.get("style")]
        if lines:  # a style mapviewer does not draw stays as written: the builder warns
            link.dash = LINE_STYLES.get(lines[-1], lines[-1])
        widths = [style["thickness"] for style in styles if style.get("thickness")]
        if widths and number(widths[-1]) != THICKNESS:
            link.width = widths[-1]  # 0 or not a number: the builder warns and leaves it out


DRAWN_THROUGH = ("vector", "spline")  # CmapTools' lines through every control point
CURVES = {"bezier-3pt", "bezier-4pt", "spline"}  # CmapTools' connections drawn as curves


def _through(
    kind: str | None,
    read: list[tuple[str | None, str | None]],
    start: Point | None,
    end: Point | None,
) -> list[Any]:
    """The points one connection of ``kind`` passes through, from its control points as read
    (the builder names and skips what is no number): a vector's or spline's own points, a
    3-point Bezier's middle (t = 1/2), a 4-point one's thirds. A straight line ignores them, as
    CmapTools does. The curve is taken between the centres of its ends, where CmapTools
    anchors most (a side's anchor moves the middle by a quarter of the box's half-height)."""
    if kind in DRAWN_THROUGH:
        return list(read)
    controls = [(number(x), number(y)) for x, y in read]
    if start is None or end is None or any(None in c for c in controls):
        return list(read[:2]) if kind in ("bezier-3pt", "bezier-4pt") else []
    if kind == "bezier-4pt" and len(controls) >= 2:
        (ax, ay), (bx, by) = controls[0], controls[1]
        return [
            _bezier(start, (ax or 0.0, ay or 0.0), (bx or 0.0, by or 0.0), end, t)
            for t in (1 / 3, 2 / 3)
        ]
    if kind in ("bezier-3pt", "bezier-4pt") and controls:
        cx, cy = controls[0]
        return [_bezier(start, (cx or 0.0, cy or 0.0), (cx or 0.0, cy or 0.0), end, 0.5, 3)]
    return []


def _bezier(
    a: Point, b: Point, c: Point, d: Point, t: float, order: int = 4
) -> tuple[float, float]:
    """The point at ``t`` of CmapTools' quadratic (``order`` 3: a, b, d) or cubic curve."""
    u = 1 - t
    if order == 3:
        weights = (u * u, 2 * u * t, 0.0, t * t)
    else:
        weights = (u**3, 3 * u * u * t, 3 * u * t * t, t**3)
    points = (a, b, c, d)
    return (
        round(sum(w * p[0] for w, p in zip(weights, points, strict=True)), 3),
        round(sum(w * p[1] for w, p in zip(weights, points, strict=True)), 3),
    )


def load(path: Path, progress: ProgressCallback | None = None) -> ConceptMap:
    """Open a CmapTools CXL file as a map."""
    reporter = as_progress(progress)
    doc = xmlsafe.parse(Path(path), reporter.part(0.0, 0.5))
    graph = _Reader(doc, reporter.part(0.5, 0.7)).read()
    return build_map(graph, reporter.part(0.7, 1.0))


# --- writing ------------------------------------------------------------------------------------


# A link's data names the CmapTools linking phrase it shares with others (see _phrases).
# Kept in data to write the CmapTools look back: its appearance, a linking phrase's marks.
CLEAR_FILL = "cxl-fill"  # data: the fill a CmapTools concept drawn without one was read with
# data: which of a link's bends its CmapTools phrase stood at (the line passes through it)
PHRASE_BEND = "cxl-phrase-bend"
KEPT_LOOK = (
    *STYLE_KEYS,
    "cxl",
    SHARED_PHRASE,
    PHRASE_AT,
    PHRASE_BEND,
    "bidirectional",
    CLEAR_FILL,
)


def _rgba(color: str | None) -> str | None:
    if not color:
        return None
    return ",".join(str(int(color[i : i + 2], 16)) for i in (1, 3, 5)) + ",255"


def _properties_list(parent: Element, ident: str, meta: dict[str, Any]) -> None:
    if meta:
        plist = sub(parent, f"{{{NS}}}properties-list", {"id": ident})
        sub(plist, f"{{{NS}}}property", {"key": META_KEY, "value": dumps_meta(meta)})


def _res_meta(root: Element, cmap: ConceptMap) -> None:
    head = sub(root, f"{{{NS}}}res-meta")
    sub(head, f"{{{DC}}}title", text=cmap.title)
    # CmapTools' place for the focus question; the description then travels in our metadata.
    said = cmap.focus_question or cmap.description
    if said:
        sub(head, f"{{{DC}}}description", text=said)
    sub(head, f"{{{DC}}}format", text="x-cmap/x-storable")
    sub(head, f"{{{DC}}}publisher", text="mapviewer")


def _concept_look(
    node: Node, x: float, y: float, fill: str | None, page: str | None = None
) -> dict[str, object]:
    """A concept's appearance; one read unfilled goes back unfilled while it still shows the
    white page or the map's own (``page``, which _Reader._page filled it with)."""
    look: dict[str, object] = {"id": node.id, "x": round(x), "y": round(y)}
    if node.width:
        look["width"] = round(node.width)
    if node.height:
        look["height"] = round(node.height)
    look.update({k: str(v) for k in STYLE_KEYS if isinstance(v := node.data.get(k), str | int)})
    clear = node.data.get(CLEAR_FILL)
    if isinstance(clear, str) and (node.color or "").upper() in (UNFILLED, page):
        look["background-color"] = clear  # unfilled, as read
    else:
        look["background-color"] = _rgba(node.color or fill)
    if node.text_color:
        look["font-color"] = _rgba(node.text_color)
    if node.border_color:
        look["border-color"] = _rgba(node.border_color)
    if node.border_width is not None:  # 0: no outline
        look["border-thickness"] = f"{node.border_width:g}"
    if node.border_dash:
        look["border-style"] = CXL_LINES[node.border_dash]
    if node.text_size:
        look["font-size"] = str(pixels_of_points(node.text_size))
    kept = look.get("border-shape")
    if node.shape in CXL_SHAPES and SHAPES.get(str(kept)) != node.shape:
        look["border-shape"] = CXL_SHAPES[node.shape or ""]
    return look


def _tree(cmap: ConceptMap) -> Element:
    xmlsafe.ET.register_namespace("", NS)
    xmlsafe.ET.register_namespace("dc", DC)
    xmlsafe.ET.register_namespace("dcterms", DCTERMS)
    root = xmlsafe.Element(f"{{{NS}}}cmap")
    _res_meta(root, cmap)
    where = export_positions(cmap)
    # CmapTools draws from 0,0: shift the map into positive space and remember by how much.
    left = math.floor(min((x - 150 for x, _ in where.values()), default=0.0))
    top = math.floor(min((y - 60 for _, y in where.values()), default=0.0))
    meta = {"offset": [-left, -top]}  # what was added to every position
    body = sub(root, f"{{{NS}}}map")
    lists = {
        name: sub(body, f"{{{NS}}}{name}")
        for name in (
            "concept-list",
            "linking-phrase-list",
            "connection-list",
            "concept-appearance-list",
            "linking-phrase-appearance-list",
            "connection-appearance-list",
            "extra-properties-list",
        )
    }
    if cmap.background:  # the page CmapTools draws the map on, where _background reads it
        sheets = xmlsafe.Element(f"{{{NS}}}style-sheet-list")
        body.insert(list(body).index(lists["extra-properties-list"]), sheets)
        sheet = sub(sheets, f"{{{NS}}}style-sheet", {"id": "_Default_"})
        sub(sheet, f"{{{NS}}}map-style", {"background-color": _rgba(cmap.background)})
    kind_colors = {k.id: k.color for k in cmap.kinds}
    props = lists["extra-properties-list"]
    groups = set(parent_map(cmap.nodes).values())
    for node in cmap.nodes:
        x, y = where[node.id]
        attrs = {"id": node.id, "label": node.label, "short-comment": node.description or None}
        if node.parent in groups:
            attrs["parent-id"] = node.parent  # CmapTools' nested nodes
        sub(lists["concept-list"], f"{{{NS}}}concept", attrs)
        fill = kind_colors.get(node.kind or "")
        look = _concept_look(node, x - left, y - top, fill, cmap.background)
        sub(lists["concept-appearance-list"], f"{{{NS}}}concept-appearance", look)
        kept = {k: v for k, v in node.data.items() if k not in STYLE_KEYS}
        # width, height: written only when set, and rounded (the metadata keeps them exact)
        native = ("label", "description", "color", "parent")
        _properties_list(props, node.id, item_meta(node, native, kept))
    for ident, edges in _phrases(cmap.edges):
        _write_phrase(lists, ident, edges, where, (left, top))
    _properties_list(props, MAP_PROPERTIES, {**map_meta(cmap), **meta})
    return root


def _phrase_meta(edge: Edge) -> dict[str, Any]:
    """What our importer restores of a link from its phrase's properties."""
    kept = {k: v for k, v in edge.data.items() if k not in (SHARED_PHRASE, PHRASE_AT)}
    native = ["label", "description", "color", "dash", "directed"]
    if _thickness(edge) == edge.width:
        native.append("width")  # else (1.5) drawn 2 wide in CmapTools, and kept here
    return item_meta(edge, native, kept)


def _thickness(edge: Edge) -> int:
    """The link's width as CmapTools' whole-number ``thickness``."""
    return max(1, round(edge.width or THICKNESS))


def _phrases(edges: Sequence[Edge]) -> list[tuple[str, list[Edge]]]:
    """The linking phrases to write, each with its links: one per link, except that links read
    from one phrase of a CmapTools map (SHARED_PHRASE) go back as that one phrase while they
    still are every pairing of its sources with its targets and alike in all else, so the
    author's one "can cause" to three concepts is not written three times."""
    shared: dict[str, list[Edge]] = defaultdict(list)
    for edge in edges:
        key = edge.data.get(SHARED_PHRASE)
        if isinstance(key, str):
            shared[key].append(edge)
    whole = {key for key, group in shared.items() if _still_shared(key, group)}
    found: list[tuple[str, list[Edge]]] = []
    for edge in edges:
        key = edge.data.get(SHARED_PHRASE)
        if key not in whole:
            found.append((edge.id, [edge]))
        elif edge is shared[key][0]:  # the phrase goes where its first link went
            found.append((key, shared[key]))
    return found


def _still_shared(key: str, group: list[Edge]) -> bool:
    sources = list(dict.fromkeys(e.source for e in group))
    targets = list(dict.fromkeys(e.target for e in group))
    pairs = [(a, b) for a in sources for b in targets]
    # Our importer names them key-1, key-2... in this order: the same ids come back.
    ids = [f"{key}-{index}" for index in range(1, len(pairs) + 1)]
    first = _phrase_meta(group[0])
    return (
        len(group) > 1
        and [(e.source, e.target) for e in group] == pairs
        and [e.id for e in group] == ids
        and all(_phrase_meta(e) == first for e in group[1:])
    )


def _write_phrase(
    lists: dict[str, Element],
    ident: str,
    edges: list[Edge],
    where: dict[str, tuple[float, float]],
    shift: tuple[float, float],
) -> None:
    """One linking phrase and its connections: from each of its links' sources, to each of
    their targets."""
    edge = edges[0]
    attrs = {"id": ident, "label": edge.label, "short-comment": edge.description or None}
    sub(lists["linking-phrase-list"], f"{{{NS}}}linking-phrase", attrs)
    look: dict[str, object] = {"arrowhead": "if-to-concept" if edge.directed else "no"}
    if edge.color:
        look["color"] = _rgba(edge.color)
    if edge.dash:
        look["style"] = CXL_LINES[edge.dash]
    if edge.width:
        look["thickness"] = _thickness(edge)
    sources = list(dict.fromkeys(e.source for e in edges))
    targets = list(dict.fromkeys(e.target for e in edges))
    ends = [("in", s, ident) for s in sources] + [("out", ident, t) for t in targets]
    route = _halves(edge, where) if len(edges) == 1 and edge.bends else None
    for count, (suffix, source, target) in enumerate(ends):
        name = f"{ident}:{suffix}" if len(edges) == 1 else f"{ident}:{suffix}{count}"
        conn = {"id": name, "from-id": source, "to-id": target}
        sub(lists["connection-list"], f"{{{NS}}}connection", conn)
        appearance = {"id": conn["id"], **look}
        element = sub(
            lists["connection-appearance-list"], f"{{{NS}}}connection-appearance", appearance
        )
        if route is not None:
            _curve(element, *route[count], shift, edge.smooth)
    if route is not None:  # the phrase where the route has it
        x, y = route[0][2]
        middle = {"id": ident, "x": round(x - shift[0]), "y": round(y - shift[1])}
        sub(lists["linking-phrase-appearance-list"], f"{{{NS}}}linking-phrase-appearance", middle)
        _properties_list(lists["extra-properties-list"], ident, _phrase_meta(edge))
        return
    middles = [
        (
            (where[e.source][0] + where[e.target][0]) / 2,
            (where[e.source][1] + where[e.target][1]) / 2,
        )
        for e in edges
    ]
    x = sum(m[0] for m in middles) / len(middles) - shift[0]
    y = sum(m[1] for m in middles) / len(middles) - shift[1]
    at = phrase_offset(edges[0].data)
    if len(edges) > 1 and at is not None:  # where the canvas draws it: the phrase's own place
        x = where[edges[0].source][0] + at[0] - shift[0]
        y = where[edges[0].source][1] + at[1] - shift[1]
    middle = {"id": ident, "x": round(x), "y": round(y)}
    sub(lists["linking-phrase-appearance-list"], f"{{{NS}}}linking-phrase-appearance", middle)
    _properties_list(lists["extra-properties-list"], ident, _phrase_meta(edge))


Half = tuple[Point, list[Point], Point]  # a connection's start, the points it passes, its end


def _halves(edge: Edge, where: dict[str, tuple[float, float]]) -> tuple[Half, Half]:
    """A link's route as CmapTools' two connections: the phrase where the link's CmapTools
    phrase stood (one of its bends, PHRASE_BEND), else at the middle of the line by length,
    where the window writes it; the bends before it go into the phrase, those after out of it.
    Split at the middle, a CmapTools route came back with the phrase off its own point and
    both curves redrawn (bacteria's "are all" had 1 + 2 points where it was drawn 1 + 1)."""
    start, end = where[edge.source], where[edge.target]
    bends = [(x, y) for x, y in edge.bends]
    kept = edge.data.get(PHRASE_BEND)
    if isinstance(kept, int) and not isinstance(kept, bool) and 0 <= kept < len(bends):
        phrase = bends[kept]
        return (start, bends[:kept], phrase), (phrase, bends[kept + 1 :], end)
    segment, phrase = halfway([start, *bends, end])
    return (start, bends[:segment], phrase), (phrase, bends[segment:], end)


def _curve(
    element: Element, start: Point, points: list[Point], end: Point, shift: Point, smooth: bool
) -> None:
    """One connection drawn through ``points`` as CmapTools draws a line. A sharp route (not
    ``smooth``) as a vector, straight from point to point with a corner at each, as the window
    draws it (IHMC's annotated CXL: a vector, like a spline, uses all its control points); a
    smooth one through one point as the middle of a 3-point Bezier, two as the thirds of a
    4-point one (the control points that pass there, the inverse of _through), more as a
    spline through each. A sharp link with a bend or two had gone as a Bezier: CmapTools drew
    it curved, and it opened again smooth."""
    if not points:
        return
    if not smooth:
        kind, controls = "vector", list(points)
    elif len(points) == 1:
        (mx, my), kind = points[0], "bezier-3pt"
        controls = [(2 * mx - (start[0] + end[0]) / 2, 2 * my - (start[1] + end[1]) / 2)]
    elif len(points) == 2:
        kind = "bezier-4pt"
        r1 = [27 * points[0][i] - 8 * start[i] - end[i] for i in (0, 1)]
        r2 = [27 * points[1][i] - start[i] - 8 * end[i] for i in (0, 1)]
        controls = [
            ((2 * r1[0] - r2[0]) / 18, (2 * r1[1] - r2[1]) / 18),
            ((2 * r2[0] - r1[0]) / 18, (2 * r2[1] - r1[1]) / 18),
        ]
    else:
        kind, controls = "spline", list(points)
    element.set("type", kind)
    for x, y in controls:
        sub(element, f"{{{NS}}}control-point", {"x": round(x - shift[0]), "y": round(y - shift[1])})


def save(cmap: ConceptMap, path: Path) -> None:
    """Write a map as CXL that CmapTools opens; our importer restores what CXL cannot hold."""
    write_atomic(Path(path), xmlsafe.to_bytes(_tree(cmap)))
