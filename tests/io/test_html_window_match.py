"""The web page draws a map's concepts and links as the window draws them.

Measured against the window on the same map: the page cut its hexagons and octagons at fixed
shares of the box where the window's cut is a share of the height held to a quarter of the
width, so a wide hexagon on the page had long slanted sides. It wrapped names at 200 units
where the window wraps them at 150, filling lines where the window balances them: 104 of the
default map's 161 boxes and 152 of biocypher's 296 were another width than the window's.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath

from mapviewer.document import Document
from mapviewer.io.registry import open_map, save_map
from mapviewer.model import ConceptMap, Edge, Kind, Node
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.style import shape_polygon

from ..conftest import DATA, INTEROP, REPO, needs_shared
from .chromium import BINARY, MISSING, Browser

needs_chromium = pytest.mark.skipif(BINARY is None, reason=MISSING)

POLYGONAL = ("hexagon", "octagon", "diamond", "parallelogram", "triangle", "tag", "card")
SIZES = ((300.0, 40.0), (90.0, 160.0), (100.0, 100.0))  # wide, tall, square

# Each concept's drawn outline: its corners (a polygon's) and its box, round its centre.
OUTLINES_JS = """
(function () {
  const out = {};
  for (const g of document.querySelectorAll('.nodes .node')) {
    const drawn = g.firstElementChild, box = drawn.getBBox();
    out[g.dataset.id] = {tag: drawn.tagName, w: box.width, h: box.height,
      lines: [...g.querySelectorAll('text tspan')].map(function (s) { return s.textContent; }),
      points: drawn.tagName === 'polygon' ? [...drawn.points].map(function (p) {
        return [p.x, p.y];
      }) : null};
  }
  return out;
})()
"""


def _shown(browser: Browser, cmap: ConceptMap, folder: Path) -> None:
    page = folder / "map.html"
    save_map(cmap, page)
    browser.open(page.as_uri())


@needs_chromium
def test_every_polygonal_shape_has_the_windows_corners(browser: Browser, tmp_path: Path) -> None:
    """Every polygonal shape, wide, tall and square, has the corners the window gives a box
    of that size, to a tenth of a unit: a 300 x 40 hexagon's slanted sides run 10 units in
    from its ends (the window's 0.45 of its height), not 45 (0.15 of its width)."""
    nodes = [
        Node(id=f"{shape}-{w:g}x{h:g}", label="", shape=shape, width=w, height=h, x=i * 400.0)
        for i, (shape, (w, h)) in enumerate((shape, size) for shape in POLYGONAL for size in SIZES)
    ]
    _shown(browser, ConceptMap(title="Shapes", nodes=nodes), tmp_path)
    drawn = browser.evaluate(OUTLINES_JS)
    for node in nodes:
        outline = drawn[node.id]
        assert outline["tag"] == "polygon", node.id
        w, h = outline["w"], outline["h"]
        assert (w, h) == pytest.approx((node.width, node.height)), node.id
        window = [
            (p.x(), p.y())
            for p in shape_polygon(node.shape or "", QRectF(-w / 2, -h / 2, w, h)) or []
        ]
        assert len(outline["points"]) == len(window), node.id
        for page_point, window_point in zip(outline["points"], window, strict=True):
            assert page_point == pytest.approx(window_point, abs=0.1), node.id


BIOCYPHER = INTEROP / "graphml" / "biocypher-biolink-ontology.graphml"


@needs_chromium
@pytest.mark.parametrize(
    "path",
    [
        pytest.param(REPO / "maps" / "immunotherapy.json", id="default-map"),
        pytest.param(BIOCYPHER, id="biocypher", marks=needs_shared(BIOCYPHER)),
    ],
)
def test_boxes_are_as_wide_as_the_windows_with_the_same_lines(
    qtbot, browser: Browser, tmp_path: Path, path: Path
) -> None:
    """Every concept's box on the page is the window's width and height to a unit, its name
    broken into the same lines: "Cancer" over "immunotherapy" in a box 141 wide, where the
    page drew "Cancer immunotherapy" on one line 195 wide; and biocypher's long class names
    balanced ("behavior to behavioral" over "feature association"), not filled."""
    cmap = open_map(path)
    scene = MapScene(Document(cmap, path))
    scene.flush_geometry()
    _shown(browser, cmap, tmp_path)
    drawn = browser.evaluate(OUTLINES_JS)
    frames = {n.parent for n in cmap.nodes if n.parent}
    compared = 0
    for node_id, item in scene.node_items.items():
        if node_id in frames:
            continue
        page = drawn[node_id]
        assert page["lines"] == item.text.lines, node_id
        assert page["w"] == pytest.approx(2 * item.half_w, abs=1.0), (node_id, item.text.lines)
        assert page["h"] == pytest.approx(2 * item.half_h, abs=1.0), (node_id, item.text.lines)
        compared += 1
    assert compared >= 150


# Each phrase's lines, as drawn: 13-unit line boxes centred on each line (dominant-baseline
# central), as wide as the text; and each concept's box, both in the map's units.
PHRASES_JS = """
(function () {
  const out = {phrases: {}, boxes: {}};
  for (const t of document.querySelectorAll('.phrases text')) {
    const spans = [...t.children], box = t.getBBox();
    out.phrases[t.dataset.id] = [box.x, Number(spans[0].getAttribute('y')) - 6.5,
      box.x + box.width, Number(spans[spans.length - 1].getAttribute('y')) + 6.5];
  }
  for (const g of document.querySelectorAll('.nodes .node')) {
    const m = /translate\\(([-0-9.e]+)[ ,]([-0-9.e]+)\\)/.exec(g.getAttribute('transform'));
    const box = g.firstElementChild.getBBox(), x = Number(m[1]), y = Number(m[2]);
    out.boxes[g.dataset.id] = [x + box.x, y + box.y, x + box.x + box.width,
      y + box.y + box.height];
  }
  return out;
})()
"""
VS_SYSBP = INTEROP / "cxl" / "vs-sysbp-metamodel3.cxl"
SHORT_LINK = ConceptMap(
    title="A long phrase on a short link",
    nodes=[
        Node(id="a", label="Alpha", x=0.0, y=0.0),
        Node(id="b", label="Beta", x=130.0, y=0.0),
    ],
    edges=[Edge(id="ab", source="a", target="b", label="is one of the mechanisms of")],
)


def _meet(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@needs_chromium
@pytest.mark.parametrize(
    "path",
    [
        pytest.param(None, id="short-link"),
        pytest.param(REPO / "maps" / "immunotherapy.json", id="default-map"),
        pytest.param(VS_SYSBP, id="vs-sysbp", marks=needs_shared(VS_SYSBP)),
    ],
)
def test_no_phrase_touches_a_concept_where_the_windows_touch_none(
    qtbot, browser: Browser, tmp_path: Path, path: Path | None
) -> None:
    """No linking phrase's text meets a concept's box on the page, as none does in the window:
    written in the middle of its link, "is one of the mechanisms of" ran over both ends of a
    link 130 long, and vs-sysbp's "hasDEC" over the two boxes beside its links. Now a phrase
    goes where the window would look for room: further along, on more lines, beside."""
    cmap = SHORT_LINK if path is None else open_map(path)
    scene = MapScene(Document(cmap, path))
    scene.flush_geometry()
    boxes = {
        n: (i.cx - i.half_w, i.cy - i.half_h, i.cx + i.half_w, i.cy + i.half_h)
        for n, i in scene.node_items.items()
    }
    frames = {n.parent for n in cmap.nodes if n.parent}
    for item in scene.edge_items.values():  # the window's: none touches a box
        r = item.label_rect
        if item.label and not r.isEmpty():
            phrase = [r.left(), r.top(), r.right(), r.bottom()]
            meets = [n for n, box in boxes.items() if n not in frames and _meet(phrase, list(box))]
            assert meets == [], item.label
    _shown(browser, cmap, tmp_path)
    drawn = browser.evaluate(PHRASES_JS)
    assert drawn["phrases"]
    touching = [
        (edge_id, node_id)
        for edge_id, phrase in drawn["phrases"].items()
        for node_id, box in drawn["boxes"].items()
        if node_id not in frames and _meet(phrase, box)
    ]
    assert touching == []


FRAME_NODES = DATA / "interop" / "yed-frame-nodes.graphml"  # routing "orthogonal" (yEd bends)
PATHS_JS = """
Object.fromEntries([...document.querySelectorAll('.links .link')].map(function (g) {
  return [g.dataset.id, g.querySelector('path.line').getAttribute('d')];
}))
"""


def _pieces(d: str) -> list[tuple[str, list[float]]]:
    """An SVG path's commands with their numbers."""
    return [
        (command, [float(n) for n in re.findall(r"-?[0-9.]+(?:e-?[0-9]+)?", numbers)])
        for command, numbers in re.findall(r"([MLQC])([^MLQC]*)", d)
    ]


def _on_piece(point: list[float], a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether ``point`` lies on the straight piece from ``a`` to ``b``."""
    return abs(math.dist(a, point) + math.dist(point, b) - math.dist(a, b)) < 0.01


@needs_chromium
def test_a_yed_map_of_orthogonal_links_has_them_at_right_angles(
    qtbot, browser: Browser, tmp_path: Path
) -> None:
    """yEd's FPGA diagram, whose links its file bends at right angles, has them so on the page
    as in the window: every straight piece of every link runs across or down. A link the file
    routes itself turns at its own bends (WishBone up, over and down to the DRAM Controller:
    three, where the map's routing had made two); the others at rounded corners, as many on
    each link as the window's. The page drew them as diagonals across the frame."""
    cmap = open_map(FRAME_NODES)
    assert cmap.routing == "orthogonal"
    scene = MapScene(Document(cmap, FRAME_NODES))
    scene.flush_geometry()
    _shown(browser, cmap, tmp_path)
    paths = browser.evaluate(PATHS_JS)
    labels = {edge.id: edge.label for edge in cmap.edges}
    routes = {edge.id: edge.bends for edge in cmap.edges if edge.bends}
    assert len(routes) == 4
    cornered = 0
    for edge_id, item in scene.edge_items.items():
        pieces = _pieces(paths[edge_id])
        assert pieces[0][0] == "M"
        at = pieces[0][1]
        corners = 0
        for command, numbers in pieces[1:]:
            assert command in "LQ", (labels[edge_id], paths[edge_id])
            if command == "L":  # a straight piece: across or down
                dx, dy = numbers[0] - at[0], numbers[1] - at[1]
                assert min(abs(dx), abs(dy)) < 0.01, (labels[edge_id], paths[edge_id])
            else:
                corners += 1
            at = numbers[-2:]
        if edge_id in routes:  # through the file's own bends, in order, and nowhere else
            # (a bend where yEd's line leaves its box is where it starts, one where it meets
            # its target's lies on its last piece, beyond the line's end inside the head)
            route = [(x, y) for x, y in routes[edge_id]]
            start, end = pieces[0][1], pieces[-1][1]
            if math.dist(route[0], start) < 0.01:
                route = route[1:]
            if len(route) > 1 and _on_piece(end, route[-2], route[-1]):
                route = route[:-1]
            turns = [n for _, numbers in pieces[1:-1] for n in numbers]
            bends = [n for bend in route for n in bend]
            assert turns == pytest.approx(bends, abs=0.01), (labels[edge_id], paths[edge_id])
            cornered += 1
            continue
        course = item.curve
        window = sum(
            1
            for i in range(course.elementCount())
            if course.elementAt(i).type == QPainterPath.ElementType.CurveToElement
        )
        assert corners == window, (labels[edge_id], paths[edge_id])
        cornered += corners > 0
    assert cornered >= 4  # CSRs, WishBone, and the two to the SRAMs


@needs_chromium
def test_an_orthogonal_link_through_a_crowd_goes_as_the_windows_l(
    qtbot, browser: Browser, tmp_path: Path
) -> None:
    """A link whose straight line crosses more than a dozen boxes is not searched round them,
    in the window or on the page: it goes across and then down, one corner, as the window's
    does, through whatever stands there (on a 5,000-concept map the page spent over 20 s
    routing before it showed)."""
    crowd = [
        Node(id=f"c{i}", label=f"c{i}", x=100.0 + 60.0 * i, y=40.0 + 24.0 * i) for i in range(14)
    ]
    cmap = ConceptMap(
        title="Through a crowd",
        routing="orthogonal",
        nodes=[
            Node(id="a", label="From", x=0.0, y=0.0),
            Node(id="b", label="To", x=1000.0, y=400.0),
            *crowd,
            Node(id="across", label="on the way across", x=500.0, y=0.0),
            Node(id="down", label="on the way down", x=1000.0, y=200.0),
        ],
        edges=[Edge(id="ab", source="a", target="b", label="")],
    )
    scene = MapScene(Document(cmap))
    scene.flush_geometry()
    course = scene.edge_items["ab"].curve
    points = [course.elementAt(i) for i in range(course.elementCount())]
    # Qt holds a rounded corner as a cubic: its first control point is 2/3 of the way from
    # the corner's start to the corner.
    corners = [
        (
            points[i - 1].x + 1.5 * (points[i].x - points[i - 1].x),
            points[i - 1].y + 1.5 * (points[i].y - points[i - 1].y),
        )
        for i in range(1, len(points))
        if points[i].type == QPainterPath.ElementType.CurveToElement
    ]
    assert len(corners) == 1 and corners[0] == pytest.approx((1000.0, 0.0))  # the window's L
    _shown(browser, cmap, tmp_path)
    pieces = _pieces(browser.evaluate(PATHS_JS)["ab"])
    assert [command for command, _ in pieces] == ["M", "L", "Q", "L"]
    assert pieces[2][1][:2] == pytest.approx([1000.0, 0.0])


# Each concept's label colour as the browser paints it.
INKS_JS = """
(function () {
  const out = {};
  for (const g of document.querySelectorAll('.nodes .node')) {
    out[g.dataset.id] = getComputedStyle(g.querySelector('text')).fill;
  }
  return out;
})()
"""


def _rgb(css: str) -> str:
    found = re.fullmatch(r"rgb\((\d+), (\d+), (\d+)\)", css)
    assert found, css
    return "#{:02x}{:02x}{:02x}".format(*map(int, found.groups()))


@needs_chromium
def test_a_concept_with_no_kind_is_lettered_in_the_windows_colour(
    qtbot, browser: Browser, tmp_path: Path
) -> None:
    """A concept with no kind and no colour of its own is filled in the default grey on both,
    and lettered white as in the window, not in the page's dark ink (3:1 on that grey); a
    kind's label and one of a kind the map does not list keep the window's colour too."""
    cmap = ConceptMap(
        title="Inks",
        kinds=[Kind(id="pale", label="Pale", color="#ffe082"), Kind(id="deep", label="Deep")],
        nodes=[
            Node(id="plain", label="No kind", x=0.0, y=0.0),
            Node(id="stray", label="Unlisted kind", kind="gone", x=200.0, y=0.0),
            Node(id="pale", label="Pale kind", kind="pale", x=400.0, y=0.0),
            Node(id="deep", label="Deep kind", kind="deep", x=600.0, y=0.0),
            Node(id="own", label="Own colour", color="#fafafa", x=800.0, y=0.0),
        ],
    )
    scene = MapScene(Document(cmap))
    scene.flush_geometry()
    window = {i: item.style.text.name() for i, item in scene.node_items.items()}
    assert window["plain"] == "#ffffff"
    _shown(browser, cmap, tmp_path)
    page = {i: _rgb(css) for i, css in browser.evaluate(INKS_JS).items()}
    assert page == window


@needs_chromium
def test_a_label_of_more_than_twelve_lines_is_cut_as_the_windows(
    qtbot, browser: Browser, tmp_path: Path
) -> None:
    """A label of 40 lines is drawn in the window's 12, the last ending in "…", in a box as
    tall as the window's (the page drew all 40, a box over 600 units tall); a label of one
    long paragraph is cut so too."""
    words = " ".join(f"word{i}" for i in range(200))
    cmap = ConceptMap(
        title="Long labels",
        nodes=[
            Node(id="lines", label="\n".join(f"line {i}" for i in range(1, 41)), x=0.0, y=0.0),
            Node(id="words", label=words, x=400.0, y=0.0),
            Node(id="twelve", label="\n".join(f"row {i}" for i in range(1, 13)), x=800.0),
        ],
    )
    scene = MapScene(Document(cmap))
    scene.flush_geometry()
    _shown(browser, cmap, tmp_path)
    drawn = browser.evaluate(OUTLINES_JS)
    for node_id, item in scene.node_items.items():
        assert drawn[node_id]["lines"] == item.text.lines, node_id
        # 12 lines of 13 px against 12 of the window's 10 pt: within 2 units, not 600.
        assert drawn[node_id]["h"] == pytest.approx(2 * item.half_h, abs=2.0), node_id
    assert drawn["lines"]["lines"][-1] == "line 12…"
    assert drawn["words"]["lines"][-1].endswith("…") and len(drawn["words"]["lines"]) == 12
    assert drawn["twelve"]["lines"][-1] == "row 12"


# Each link's pieces under a concept box it does not join, sampled every 2 units along the
# drawn path: [link id, concept id] pairs.
UNDER_JS = """
(function () {
  const boxes = [];
  for (const g of document.querySelectorAll('.nodes .node')) {
    const m = /translate\\(([-0-9.e]+)[ ,]([-0-9.e]+)\\)/.exec(g.getAttribute('transform'));
    const b = g.firstElementChild.getBBox(), x = Number(m[1]), y = Number(m[2]);
    boxes.push([g.dataset.id, x + b.x, y + b.y, x + b.x + b.width, y + b.y + b.height]);
  }
  const data = JSON.parse(document.getElementById('map-data').textContent);
  const ends = new Map(data.edges.map(function (e) { return [e.id, [e.source, e.target]]; }));
  const found = [];
  for (const g of document.querySelectorAll('.links .link')) {
    const path = g.querySelector('path.line'), total = path.getTotalLength();
    const own = ends.get(g.dataset.id), hit = new Set();
    for (let s = 0; s <= total; s += 2) {
      const p = path.getPointAtLength(s);
      for (const b of boxes) {
        if (own.includes(b[0]) || hit.has(b[0])) continue;
        if (b[1] + 1 < p.x && p.x < b[3] - 1 && b[2] + 1 < p.y && p.y < b[4] - 1) hit.add(b[0]);
      }
    }
    for (const b of hit) found.push([g.dataset.id, b]);
  }
  return found;
})()
"""


@needs_chromium
def test_a_curved_map_bends_its_links_round_the_boxes_as_the_window(
    qtbot, browser: Browser, tmp_path: Path
) -> None:
    """On a map routed "curved" a link whose straight line runs under another concept bows
    round it through the window's control point, and on the default map no link runs under a
    concept it does not join, as in the window (drawn straight, 15 did)."""
    cmap = ConceptMap(
        title="Round the middle",
        routing="curved",
        nodes=[
            Node(id="a", label="From here", x=0.0, y=0.0),
            Node(id="middle", label="In the way", x=300.0, y=10.0),
            Node(id="b", label="To there", x=600.0, y=0.0),
        ],
        # Undirected: the window stops a curve inside its arrowheads (27a4fb1), which would cut
        # the bow this compares; without heads its path is the whole bow.
        edges=[Edge(id="ab", source="a", target="b", label="", directed=False)],
    )
    scene = MapScene(Document(cmap))
    scene.flush_geometry()
    curve = scene.edge_items["ab"].curve
    start, first = curve.elementAt(0), curve.elementAt(1)
    assert first.type == QPainterPath.ElementType.CurveToElement  # one bow
    # Qt holds the bow as a cubic: its first control point is 2/3 of the way to the bow's.
    control = (start.x + 1.5 * (first.x - start.x), start.y + 1.5 * (first.y - start.y))
    _shown(browser, cmap, tmp_path)
    pieces = _pieces(browser.evaluate(PATHS_JS)["ab"])
    assert [command for command, _ in pieces] == ["M", "Q"]
    assert pieces[1][1][:2] == pytest.approx(control, abs=0.5)
    assert browser.evaluate(UNDER_JS) == []

    path = REPO / "maps" / "immunotherapy.json"
    default = open_map(path)
    assert default.routing == "curved"
    _shown(browser, default, tmp_path)
    assert browser.evaluate(UNDER_JS) == []
