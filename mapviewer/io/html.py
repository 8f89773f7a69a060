"""A map as one self-contained web page a student can open in any browser, offline.

One file, no network at all: CSS and JavaScript are inline, fonts are the system's, and a
Content-Security-Policy (``default-src 'none'``) makes the browser refuse any fetch a future
edit might add. The map travels as JSON in a ``<script type="application/json">`` element,
escaped so no text in it can end that element (``<``, ``>``, ``&``, U+2028/9 become ``\\uXXXX``);
the script draws it as SVG and puts every piece of map text in with ``textContent``, never as
HTML, so a label reading ``<img onerror=...>`` is shown, not run.

The page: pan (drag), zoom (wheel, + / - / fit buttons and keys), search by label or alias
(accents and case ignored), click a concept or link to read its description and every quote
with its source's title and citation; ``#select=ID`` in the address selects and centres one (a
link to a concept can be shared, and tests drive the page with it). Tours are not shown.
By keyboard: Tab walks the map in reading order, the arrow keys go from a concept along its
links, Enter opens an item's details with the keyboard on their heading (Tab walks their links),
and Escape or Shift+Tab goes back to the item; the search box is a combobox (Down and Up through
the results); "?" lists the keys.

A link with its own route (``Edge.bends``) runs straight from bend to bend (a smooth one,
``Edge.smooth``, as one curve through them), from outline to outline, its phrase from the
middle of its length; every line stops inside its arrowhead, whose
tip is on the outline, as in the window.

Zoomed out until labels are too small to read (at fit, on a map of a hundred concepts), the page
names the main concepts as the window does (mapviewer.scene.hubnames): the few most linked that
fit over their box, groups' titles, then the other most linked concepts, each in readable type in
its kind's colours, none covering another name or another concept's box; the rest are left out.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from mapviewer import fans
from mapviewer.colours import (
    AA_GRAPHIC,
    AA_TEXT,
    contrast,
    line_on,
    luminance,
    parse,
    readable_on,
    tinted_look,
    to_hex,
)
from mapviewer.groups import (
    BUNDLE_FROM,
    COUNT_AT,
    HEADER_TINT,
    MIN_BUNDLE,
    ancestors,
    concept_counts,
    frame_ids,
    own_frame,
    parent_map,
)
from mapviewer.io.atomic import write_atomic
from mapviewer.io.records import box_size, export_positions
from mapviewer.model import (
    ConceptMap,
    Edge,
    Node,
    arrow_scale,
    caption_offset,
    common_text_size,
    drawn_ends,
    phrase_meetings,
    said_aliases,
)
from mapviewer.palette import DEFAULT_COLOR, DEFAULT_SHAPE, kind_color, kind_shape, readable_text

CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)
_SCRIPT_SAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` element whatever strings it holds."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return "".join(_SCRIPT_SAFE.get(c, c) for c in text)


# A link's dash as SVG's stroke-dasharray, for a normal line (a wider line's are as much longer).
DASH_ARRAYS = {"solid": "", "dash": "6 4", "dot": "1.5 3", "dashdot": "6 3 1.5 3"}
ARROW_MARKER = 7.0  # the page's arrowhead marker, in widths of the line it ends


def _dash_array(edge: Edge) -> str:
    return _scaled_dash(edge.dash, edge.width)


def _scaled_dash(dash: str | None, width: float | None) -> str:
    """``dash`` as a stroke-dasharray for a line ``width`` normal lines wide."""
    pattern = DASH_ARRAYS.get(dash or "solid", "")
    if not width or not pattern:
        return pattern
    return " ".join(f"{float(part) * width:g}" for part in pattern.split())


def _border(node: Node, canvas: str) -> dict[str, Any]:
    """The concept's own outline for the page: its colour, and a style giving the width (in
    the page's outlines) and dash the outline's CSS reads."""
    out: dict[str, Any] = {}
    if node.border_color:  # kept 3:1 on the page, as the window keeps it on its canvas
        color = readable_on(parse(node.border_color), parse(canvas), AA_GRAPHIC)
        out["border"] = to_hex(color)
    style = []
    if node.border_width is not None:  # 0: no outline, a stroke 0 wide
        style.append(f"--bw:{node.border_width:g}")
    if node.border_dash and node.border_dash != "solid":
        # In the page's outline widths (1.8), as a link's dashes are in its 1.4.
        dashes = _scaled_dash(node.border_dash, 1.8 / 1.4 * (node.border_width or 1.0))
        style.append(f"--bd:{dashes}")
    if style:
        out["outline"] = ";".join(style)
    return out


def _arrow_marker(edge: Edge) -> float:
    """The marker size of a wide link's arrowhead (0: the normal marker). SVG sizes a marker
    in widths of its line: this one grows by arrow_scale, as on the canvas, not with the line."""
    if not edge.width:
        return 0
    return round(ARROW_MARKER * arrow_scale(edge.width) / edge.width, 4)


def link_bends(cmap: ConceptMap, where: dict[str, tuple[float, float]]) -> dict[str, float]:
    """Each link's bend as the window gives it: links between the same two drawn boxes (a
    collapsed group's for its members), either way round, fan out (mapviewer.fans) about
    the straight line, measured to the left of each link's own direction. The page drew them
    all on the one straight line, phrases on top of each other."""
    parents = parent_map(cmap.nodes)
    collapsed = {n.id for n in cmap.nodes if n.collapsed and n.id in parents.values()}

    def drawn(node_id: str) -> str:
        end = node_id
        for group in ancestors(node_id, parents):
            if group in collapsed:
                end = group
        return end

    links = [(edge.id, drawn(edge.source), drawn(edge.target)) for edge in cmap.edges]
    links = [(i, a, b) for i, a, b in links if a in where and b in where]
    bends: dict[str, float] = {}
    for group in fans.parallel(links, lambda link: (link[1], link[2])):
        a, b = group[0][1], group[0][2]
        first = min(a, b)
        sources = [source for _, source, _ in group]
        for (edge_id, _, _), bend in zip(
            group, fans.bends(sources, first, where[a], where[b]), strict=True
        ):
            bends[edge_id] = bend or 0.0
    return bends


def _box_or_frame(node: Node, group: bool) -> dict[str, Any]:
    """A concept's least box; a group's size is its frame's least (mapviewer.groups.kept_frame),
    its collapsed box measured round its name as the window's is."""
    if group:
        sized = node.width and node.height
        return {"width": 0, "height": 0, **({"least": [node.width, node.height]} if sized else {})}
    caption = caption_offset(node)  # a picture's name, written outside its box
    return {
        "width": node.width or 0,
        "height": node.height or 0,  # a label may need more
        **({"caption": list(caption)} if caption is not None else {}),
    }


def page_data(cmap: ConceptMap) -> dict[str, Any]:
    """What the page needs, and nothing else: no file paths of sources, no private data."""
    where = export_positions(cmap)
    canvas, _, line, _ = page_inks(cmap)  # the map's own page colour, where it has one
    colours = [kind_color(k, i) for i, k in enumerate(cmap.kinds)]
    kinds = [
        {"id": k.id, "label": k.label, "color": colour, "text": _ink_on(colour)}
        for k, colour in zip(cmap.kinds, colours, strict=True)
    ]
    kind_shapes = {k.id: kind_shape(k, i) for i, k in enumerate(cmap.kinds)}
    sources = [
        {"id": s.id, "title": s.title, "citation": s.citation, "url": s.url or ""}
        for s in cmap.sources
    ]
    nodes = []
    kind_colours = {k.id: c for k, c in zip(cmap.kinds, colours, strict=True)}
    # A group with no members is a frame too when its file drew it at a rectangle of its own
    # (Obsidian's bands across its columns), as in the window.
    groups = frame_ids(cmap.nodes)
    for node in cmap.nodes:
        x, y = where[node.id]
        look = {}
        if cmap.fills == "tinted":  # as the window draws it (colours.tinted_look), theme's ink
            colour = node.color or kind_colours.get(node.kind or "", DEFAULT_COLOR)
            fill, stroke = tinted_look(parse(colour), parse(canvas))
            look = {"fill": to_hex(fill), "stroke": to_hex(stroke), "text": node.text_color or ""}
        nodes.append(
            {
                "id": node.id,
                "label": node.label,
                "kind": node.kind or "",
                "aliases": said_aliases(node),
                "description": node.description,
                "quotes": [{"source": q.source, "text": q.text} for q in node.quotes],
                "x": x,
                "y": y,
                **_box_or_frame(node, node.id in groups),
                "color": node.color or "",
                "shape": node.shape or kind_shapes.get(node.kind or "", DEFAULT_SHAPE),
                "text": node.text_color or _own_ink(node, kind_colours),
                "estimate": box_size(node)[0],
                "parent": node.parent or "",  # a group: drawn as a frame around its members
                **({"own_frame": True} if own_frame(node) else {}),  # a frame, members or none
                "collapsed": node.collapsed,
                "title_at": node.title_at or "",  # a frame's title placed as its file says
                **({"inside": node.inside_color} if node.inside_color else {}),  # a group's own
                # Drawn as an <image> of its data: URI (the page's CSP lets no other in): an
                # SVG shown as an image runs no script and loads nothing.
                **({"picture": node.picture} if node.picture and node.id not in groups else {}),
                **look,
                **_border(node, canvas),
                # Its own text size in the page's pixels (13 px is the window's 10 pt).
                **({"size": round(node.text_size * 4 / 3, 2)} if node.text_size else {}),
            }
        )
    meetings = phrase_meetings(cmap.edges)
    bends = link_bends(cmap, where)
    edges = [
        {
            "id": e.id,
            "source": e.source,
            "target": e.target,
            "label": e.label,
            "description": e.description,
            "quotes": [{"source": q.source, "text": q.text} for q in e.quotes],
            "color": _line_colour(e.color, canvas, line),
            "dash": _dash_array(e),
            "width": e.width or 1,
            "arrow": _arrow_marker(e),
            "directed": e.directed,
            "both": e.directed and e.arrows == "both",  # a two-way link: a head at each end
            # What its source's and target's ends are drawn with ("": nothing), as on the canvas.
            "ends": [end or "" for end in drawn_ends(e)],
            "sides": [e.from_side or "", e.to_side or ""],  # anchored there, as on the canvas
            # Through where its shared CmapTools phrase stood (from its source's centre), the
            # phrase written by the first of its links only, as on the canvas.
            "via": list(meetings[e.id][0]) if e.id in meetings else None,
            "phrase": meetings.get(e.id, (None, True))[1],
            # Curved this far off the straight line, as the window fans out links that join
            # the same two concepts (0: straight).
            "bend": bends.get(e.id, 0.0),
            # Its own route (Edge.bends): drawn straight through these points, as the window.
            **({"route": [[x, y] for x, y in e.bends]} if e.bends else {}),
            **({"smooth": True} if e.bends and e.smooth else {}),  # one curve through them
        }
        for e in cmap.edges
    ]
    return {
        "title": cmap.title,
        "lettering": cmap.lettering,
        "focus_question": cmap.focus_question,
        "description": cmap.description,
        "kinds": kinds,
        "sources": sources,
        "nodes": nodes,
        "edges": edges,
        "counts": concept_counts(cmap.nodes, len(groups)),  # frames are no concepts to a reader
        "routing": cmap.routing,  # "orthogonal": links at right angles, as the window has them
        **_label_px(cmap),
    }


def _ink_on(fill: str) -> str:
    """A label's colour on a kind's ``fill``, by the window's rule (scene.style.text_on, light
    theme): the page's ink where it reads at AA, else black or white, whichever reads better."""
    if contrast(parse(PAGE_INK), parse(fill)) >= AA_TEXT:
        return PAGE_INK
    return readable_text(fill)


def _own_ink(node: Node, kind_colours: dict[str, str]) -> str:
    """A label's colour where the concept's own colour or its lack of a kind decides it ("": its
    kind's): a concept with neither colour nor kind is filled as the window's default kind is,
    and was written in the page's dark ink on that grey where the window writes it in white."""
    if node.color:
        return readable_text(node.color)
    return "" if (node.kind or "") in kind_colours else _ink_on(DEFAULT_COLOR)


def _label_px(cmap: ConceptMap) -> dict[str, float]:
    """How high most concepts' labels are on the page at zoom 1, when that is a size of their
    own (Node.text_size, in the page's pixels: 13 px is the window's 10 pt): the size the
    window's MapScene.label_px finds, which decides when names are drawn over the map. None
    for a map most of whose concepts have none, so its page is as it was."""
    common = common_text_size(cmap.nodes)
    return {} if common is None else {"label_px": round(common * 4 / 3, 2)}


def _line_colour(colour: str | None, canvas: str, grey: str) -> str:
    """A link's own colour as the page draws it: as the window would on a canvas the page's
    colour (colours.line_on), so Gephi's pale greens show there too."""
    if not colour:
        return ""
    return to_hex(line_on(parse(colour), parse(canvas), parse(grey)))


# The canvas's rule for bundling links between groups (mapviewer.groups), for the page's script.
BUNDLING = {"from": BUNDLE_FROM, "least": MIN_BUNDLE, "countAt": COUNT_AT}


# The window's dark theme's text, links and phrases (mapviewer.scene.style.DARK): a map on a
# dark page of its own is written in them on the page, as on the canvas (style.on_page).
DARK_INK = ("#eceff3", "#8c98a5", "#c9d1d9")
PAGE_PHRASE = "#39424a"  # the page's phrases on its own canvas (page.css)


def page_inks(cmap: ConceptMap) -> tuple[str, str, str, str]:
    """The colours the map is drawn in on the page: its canvas, text, lines and phrases. On a
    page of its own (ConceptMap.background), the ink of that page's lightness kept readable on
    it (text 4.5:1, lines 3:1), as the window draws it (style.on_page); else the page's own."""
    if not cmap.background:
        return PAGE_CANVAS, PAGE_INK, PAGE_LINE, PAGE_PHRASE
    page = parse(cmap.background)
    dark = luminance(page) < luminance((0.5, 0.5, 0.5))
    ink, line, phrase = (
        parse(c) for c in (DARK_INK if dark else (PAGE_INK, PAGE_LINE, PAGE_PHRASE))
    )
    return (
        cmap.background,
        to_hex(readable_on(ink, page)),
        to_hex(readable_on(line, page, AA_GRAPHIC)),
        to_hex(readable_on(phrase, page)),
    )


def page_canvas(cmap: ConceptMap) -> str:
    """CSS for the map's own page colour, "" without one: the map's area in it and in its
    inks (page_inks). The header and panel keep their white."""
    if not cmap.background:
        return ""
    canvas, ink, line, phrase = page_inks(cmap)
    return (
        f"#canvas {{ --bg: {canvas}; background: var(--bg); --ink: {ink}; --line: {line};"
        f" --phrase: {phrase}; }}\n"
    )


def render(cmap: ConceptMap) -> str:
    """The whole page as text."""
    return (
        PAGE.replace("@CSP@", CSP)
        .replace(
            "@STYLE@",
            STYLE.replace("@LINE@", PAGE_LINE)
            .replace("@CANVAS@", PAGE_CANVAS)
            .replace("@INK@", PAGE_INK)
            + page_canvas(cmap),
        )
        .replace(
            "@SCRIPT@",
            SCRIPT.replace("@BUNDLE@", script_json(BUNDLING)).replace(
                "@HEADER_TINT@", script_json(HEADER_TINT)
            ),
        )
        .replace("@DATA@", script_json(page_data(cmap)))
    )


def save(cmap: ConceptMap, path: Path) -> None:
    """Write the map as a standalone ``.html`` page."""
    write_atomic(Path(path), render(cmap).encode("utf-8"))


def _part(name: str) -> str:
    """One of the page's parts, kept as a file of its own (webpage/) so it can be read, diffed
    and linted as the HTML, CSS or JavaScript it is; shipped in the wheel as package data."""
    return (files("mapviewer.io") / "webpage" / name).read_text(encoding="utf-8")


PAGE = _part("page.html")  # @CSP@, @STYLE@, @SCRIPT@ and @DATA@ are filled in by render
PAGE_CANVAS = "#fbfbf8"  # the page's --bg...
PAGE_LINE = "#6b7780"  # ...and --line, a link's colour where it has none of its own
PAGE_INK = "#1b1f23"  # ...and --ink, the text colour of the window's light theme
STYLE = _part("page.css")  # @LINE@, @CANVAS@ and @INK@: the three colours above
SCRIPT = _part("page.js")  # @BUNDLE@ and @HEADER_TINT@: the canvas's rules for groups
