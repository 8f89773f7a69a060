"""The web page fans out links between the same two concepts as the window does.

scibot's architecture (yEd) joins several pairs of boxes both ways: the page drew each pair on
one straight line, "-> annotation id + payload" over "<- POST annotation" and "<- RRID" over
"-> xml (bottleneck)", where the window curves them apart. Its long names break where the
window's do too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mapviewer.io import cytoscape, graphml, html
from mapviewer.io.registry import save_map
from mapviewer.model import ConceptMap, Edge, Node

from ..conftest import DATA, INTEROP, needs_shared
from .chromium import BINARY, MISSING, Browser

needs_chromium = pytest.mark.skipif(BINARY is None, reason=MISSING)
SCIBOT = INTEROP / "graphml" / "scibot-architecture.graphml"

# Each link's path, its phrase's box on the screen and the two ends of its course in the map's
# units (at the target, its arrowhead's tip), with the outline boxes of its two concepts
# (centre, width, height) as drawn.
LINKS_JS = """
(function () {
  const out = {};
  for (const g of document.querySelectorAll('.link')) {
    const line = g.querySelector('path.line');
    const phrase = document.querySelector('.phrases text[data-id="' + g.dataset.id + '"]');
    const total = line.getTotalLength();
    const at = function (t) { const p = line.getPointAtLength(total * t); return [p.x, p.y]; };
    // Where the arrowhead's tip stands, the line stopping inside the head: as far beyond the
    // line's end as the marker reaches past its reference point (sized in the page's units).
    const tip = function () {
      const url = /#([^)"]+)/.exec(line.getAttribute('marker-end') || '');
      const end = at(1);
      if (!url) return end;
      const marker = document.getElementById(url[1]), box = marker.viewBox.baseVal;
      const unit = marker.markerUnits.baseVal === SVGMarkerElement.SVG_MARKERUNITS_USERSPACEONUSE
        ? 1 : parseFloat(getComputedStyle(line).strokeWidth);
      const ahead = (box.x + box.width - marker.refX.baseVal.value) / box.width *
        marker.markerWidth.baseVal.value * unit;
      const back = line.getPointAtLength(total - 0.5), dx = end[0] - back.x, dy = end[1] - back.y;
      const length = Math.hypot(dx, dy) || 1;
      return [end[0] + dx / length * ahead, end[1] + dy / length * ahead];
    };
    const r = phrase ? phrase.getBoundingClientRect() : null;
    out[g.dataset.id] = {d: line.getAttribute('d'), start: at(0), middle: at(0.5),
      end: tip(), phrase: r ? [r.left, r.top, r.right, r.bottom] : null,
      text: phrase ? [...phrase.children].map(function (s) { return s.textContent; }).join(' ')
        : ''};
  }
  return out;
})()
"""
BOXES_JS = """
(function () {
  const out = {};
  for (const g of document.querySelectorAll('.node')) {
    const shape = g.firstElementChild, box = shape.getBBox();
    const m = /translate\\(([-0-9.e]+)[ ,]([-0-9.e]+)\\)/.exec(g.getAttribute('transform'));
    out[g.dataset.id] = [Number(m[1]), Number(m[2]), box.width, box.height];
  }
  return out;
})()
"""


def _meet(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _off_outline(point: list[float], box: list[float]) -> float:
    """How far ``point`` lies from the outline of the rectangle ``box`` (centre, w, h)."""
    dx, dy = abs(point[0] - box[0]) - box[2] / 2, abs(point[1] - box[1]) - box[3] / 2
    if dx <= 0 and dy <= 0:
        return -max(dx, dy)  # inside: to the nearest side
    return float(max(dx, 0) ** 2 + max(dy, 0) ** 2) ** 0.5


@needs_shared(SCIBOT)
@needs_chromium
def test_links_joining_the_same_two_concepts_curve_apart_with_their_phrases(
    tmp_path: Path,
) -> None:
    """At 1280x800, each pair of scibot's links between the same two boxes (either way round)
    runs on two curves, their middles apart; the two phrases' boxes do not overlap; each
    course starts and ends on its boxes' outlines, where its arrowheads are."""
    cmap = graphml.load(SCIBOT)
    page = tmp_path / "scibot.html"
    save_map(cmap, page)
    browser = Browser(tmp_path / "profile")
    try:
        browser.screen(1280, 800)
        browser.open(page.as_uri())
        links, boxes = browser.evaluate(LINKS_JS), browser.evaluate(BOXES_JS)
    finally:
        browser.close()
    pairs: dict[frozenset[str], list[str]] = {}
    for edge in cmap.edges:
        if edge.source != edge.target:
            pairs.setdefault(frozenset((edge.source, edge.target)), []).append(edge.id)
    fans = [ids for ids in pairs.values() if len(ids) > 1]
    assert len(fans) == 6  # API-scibot, API-orpheus, and scibot to RRID, pubmed and client...
    said = {links[e]["text"] for ids in fans for e in ids}
    assert {"-> annotation id + payload", "<- POST annotation", "<- RRID"} <= said
    for ids in fans:
        first, second = (links[e] for e in ids)
        assert first["d"] != second["d"]
        apart = (
            (first["middle"][0] - second["middle"][0]) ** 2
            + (first["middle"][1] - second["middle"][1]) ** 2
        ) ** 0.5
        assert apart > 20, ids  # was 0: one on the other
        if first["phrase"] and second["phrase"]:
            assert not _meet(first["phrase"], second["phrase"]), (first["text"], second["text"])
        for edge_id in ids:
            edge = next(e for e in cmap.edges if e.id == edge_id)
            course = links[edge_id]
            assert _off_outline(course["start"], boxes[edge.source]) < 1.0, edge_id
            assert _off_outline(course["end"], boxes[edge.target]) < 1.0, edge_id


def _window_bends(cmap: ConceptMap) -> dict[str, float]:
    from mapviewer.document import Document  # noqa: PLC0415 - Qt only where a test needs it
    from mapviewer.scene.mapscene import MapScene  # noqa: PLC0415

    scene = MapScene(Document(cmap))
    scene.build_links()
    return {edge_id: item.bend for edge_id, item in scene.edge_items.items()}


def _closed_group() -> ConceptMap:
    """Two links into two members of a collapsed group, one each way, and one between the
    members: the first two join the group's box and the concept outside, so they fan out."""
    return ConceptMap(
        nodes=[
            Node(id="g", label="Checkpoints", x=0, y=0, collapsed=True),
            Node(id="m1", label="PD-1", x=-60, y=0, parent="g"),
            Node(id="m2", label="CTLA-4", x=60, y=0, parent="g"),
            Node(id="t", label="T cells", x=0, y=300),
        ],
        edges=[
            Edge(id="in", source="t", target="m1", label="express"),
            Edge(id="out", source="m2", target="t", label="dampens"),
            Edge(id="inside", source="m1", target="m2"),
        ],
    )


@pytest.mark.parametrize(
    "load",
    [
        pytest.param(lambda: graphml.load(SCIBOT), marks=needs_shared(SCIBOT), id="scibot"),
        pytest.param(  # dozens of links between RFC3 and RFC4: the fan is narrowed
            lambda: cytoscape.load(DATA / "interop" / "genemania-web-elements.json"),
            id="genemania",
        ),
        pytest.param(lambda: _closed_group(), id="closed-group"),
    ],
)
def test_the_page_bends_each_link_as_the_window_does(qtbot, load) -> None:
    """The page is given the bend the window gives each link, so the two draw the same fan."""
    cmap = load()
    window = _window_bends(cmap)
    page = {e["id"]: e["bend"] for e in json.loads(html.script_json(html.page_data(cmap)))["edges"]}
    assert any(window.values())
    assert page == pytest.approx(window)


LINES_JS = """
(function () {
  const out = {};
  for (const g of document.querySelectorAll('.node')) {
    out[g.dataset.id] = [...g.querySelectorAll('text tspan')].map(function (s) {
      return s.textContent;
    });
  }
  return out;
})()
"""


@needs_shared(SCIBOT)
@needs_chromium
def test_a_long_name_breaks_at_its_slashes_as_in_the_window(qtbot, tmp_path: Path) -> None:
    """scibot's "rrid-metadata/rrid/resolver.rkt" stood on one line on the page, its box
    230 wide where the window's is 132 and reads "rrid-metadata/" over "rrid/resolver.rkt".
    Now every one of the map's names is broken into the window's lines."""
    from mapviewer.document import Document  # noqa: PLC0415 - Qt only where a test needs it
    from mapviewer.scene.mapscene import MapScene  # noqa: PLC0415

    cmap = graphml.load(SCIBOT)
    scene = MapScene(Document(cmap))
    scene.finish_items()
    window = {node_id: list(item.text.lines) for node_id, item in scene.node_items.items()}
    page = tmp_path / "scibot.html"
    save_map(cmap, page)
    browser = Browser(tmp_path / "profile")
    try:
        browser.open(page.as_uri())
        lines = browser.evaluate(LINES_JS)
    finally:
        browser.close()
    assert window["n9"][-2:] == ["rrid-metadata/", "rrid/resolver.rkt"]
    assert lines == window
