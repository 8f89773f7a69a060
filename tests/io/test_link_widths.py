"""A link's line width (Edge.width, in normal lines): read from yEd, CmapTools, Gephi and
Cytoscape files as their own tools draw it, drawn on the canvas and in the web page, written
back by every writer, and refused with its field named when a map file holds a bad one."""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF

from mapviewer.document import Document
from mapviewer.io import cytoscape, gexf, graphml, mapfile
from mapviewer.io.html import page_data
from mapviewer.io.registry import open_map, save_map
from mapviewer.model import ConceptMap, Edge, Node
from mapviewer.problems import MapFileError
from mapviewer.scene.edgeitem import ARROW_LENGTH, YED_ARROW_WIDTH, EdgeItem
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.style import LIGHT, PROJECTOR_LIGHT

from ..conftest import DATA, INTEROP, needs_shared
from .chromium import BINARY, MISSING, Browser
from .util import round_trip

shared = needs_shared(INTEROP)
needs_chromium = pytest.mark.skipif(BINARY is None, reason=MISSING)


def drawn_widths(cmap: ConceptMap) -> dict[str, float]:
    """Each link's pen width on the canvas (light theme), as the link layer draws it."""
    scene = MapScene(Document(cmap), LIGHT)
    scene.flush_geometry()
    layer = scene.link_layer
    return {ident: layer.pen_for(item).widthF() for ident, item in scene.edge_items.items()}


def widths(cmap: ConceptMap) -> Counter[float | None]:
    return Counter(e.width for e in cmap.edges)


def wide_map() -> ConceptMap:
    return ConceptMap(
        title="Widths",
        nodes=[
            Node(id="a", label="A", x=0, y=0),
            Node(id="b", label="B", x=400, y=0),
            Node(id="c", label="C", x=0, y=300),
        ],
        edges=[
            Edge(id="ab", source="a", target="b", label="thick", width=3.0),
            Edge(id="bc", source="b", target="c", label="normal"),
            Edge(id="ca", source="c", target="a", label="thin dashed", width=0.5, dash="dash"),
        ],
    )


# --- reading other tools' files ---------------------------------------------------------------


@shared
def test_yed_line_widths_are_drawn_in_proportion(qapp) -> None:
    """scibot-workflow-paper-id's legend tells its lines apart by width: 11 links of 3.0 and 5
    of 2.0, the rest yEd's 1.0. A width-3 link is drawn three times as wide as a normal one."""
    cmap = graphml.load(INTEROP / "graphml" / "scibot-workflow-paper-id.graphml")
    assert widths(cmap) == Counter({None: 54, 3.0: 11, 2.0: 5})
    pens = drawn_widths(cmap)
    normal = {pens[e.id] for e in cmap.edges if e.width is None}
    assert normal == {LIGHT.link_width}
    for edge in cmap.edges:
        if edge.width:
            assert pens[edge.id] == pytest.approx(edge.width * LIGHT.link_width)
    three = next(e.id for e in cmap.edges if e.width == 3.0)
    assert pens[three] == pytest.approx(3 * normal.pop())


@shared
def test_a_heavy_yed_line_ends_in_an_arrow_wider_than_itself(qapp) -> None:
    """scibot-architecture's red bottleneck line is 7.0 wide: its arrowhead grows with it (a
    normal-size arrow was a stub inside the line), by the square root of the width."""
    cmap = graphml.load(INTEROP / "graphml" / "scibot-architecture.graphml")
    assert widths(cmap) == Counter({None: 16, 7.0: 1, 3.0: 1, 2.0: 1})
    heavy = next(e for e in cmap.edges if e.width == 7.0)
    assert heavy.color == "#FF0000"
    scene = MapScene(Document(cmap), LIGHT)
    scene.flush_geometry()
    item = scene.edge_items[heavy.id]
    tip, left, right = (item.arrow.at(i) for i in range(3))
    base = (left + right) / 2
    length = math.hypot(tip.x() - base.x(), tip.y() - base.y())
    across = math.hypot(left.x() - right.x(), left.y() - right.y())
    assert length == pytest.approx(ARROW_LENGTH * math.sqrt(7))
    assert across == pytest.approx(YED_ARROW_WIDTH * math.sqrt(7))  # yEd's heads, 10 wide at 1
    assert across > 2 * scene.link_layer.pen_for(item).widthF()
    plain = next(i for i in scene.edge_items.values() if i.width == 1.0 and i.directed)
    p1, p2 = plain.arrow.at(1), plain.arrow.at(2)
    assert math.hypot(p1.x() - p2.x(), p1.y() - p2.y()) == pytest.approx(YED_ARROW_WIDTH)


@shared
def test_cmaptools_thickness_through_style_sheets(qapp) -> None:
    """bacterial-characteristics draws three propositions 2 thick (its other 79 take
    CmapTools' 1, some through style sheets): they come out twice as wide."""
    cmap = open_map(INTEROP / "cxl" / "bacterial-characteristics.cxl")
    assert widths(cmap) == Counter({None: 79, 2.0: 3})
    pens = drawn_widths(cmap)
    assert {pens[e.id] for e in cmap.edges if e.width == 2.0} == {2 * LIGHT.link_width}


GEPHI_FILES = [
    INTEROP / "gexf" / "les-miserables-gephi081.gexf",
    INTEROP / "gexf" / "les-miserables-gephilite.gexf",
    DATA / "interop" / "gephi-miserables.graphml",  # Gephi's GraphML export: weight is a plain key
]


@shared
@pytest.mark.parametrize("path", GEPHI_FILES, ids=lambda p: p.name)
def test_gephi_weights_wider_than_ten_to_one_are_pressed_into_ten_normal_lines(
    qapp, path: Path
) -> None:
    """Les Misérables' weights run from 1 to 31: drawn in proportion Valjean and Cosette's 31
    would be a rope 31 lines wide, so the range is pressed into 1 to 10 normal lines, linearly
    from the lightest. The 97 links of weight 1 (Gephi's default) are normal lines, a weight
    of 2 1.3 lines; Gephi's GraphML export had drawn every link as a normal line."""
    cmap = open_map(path)
    labels = cmap.labels()
    by_ends = {frozenset((labels[e.source], labels[e.target])): e for e in cmap.edges}
    assert by_ends[frozenset(("Valjean", "Cosette"))].width == 10.0
    assert by_ends[frozenset(("Valjean", "Cosette"))].data["weight"] == 31
    found = widths(cmap)
    assert found[None] == 97 and found[1.3] == 50 and max(w or 0 for w in found) == 10.0
    for edge in cmap.edges:
        weight = edge.data.get("weight", 1.0)
        assert (edge.width or 1.0) == pytest.approx(1 + 9 * (weight - 1) / 30, abs=1e-3)
    pens = drawn_widths(cmap)
    heaviest = by_ends[frozenset(("Valjean", "Cosette"))].id
    assert pens[heaviest] == pytest.approx(10 * LIGHT.link_width)


def gephi_file(tmp_path: Path, weights: list[str]) -> Path:
    """A GEXF as Gephi 0.10 writes one: a chain of nodes, each edge with a ``weight``."""
    nodes = "".join(f'<node id="{i}" label="N{i}"/>' for i in range(len(weights) + 1))
    edges = "".join(
        f'<edge id="e{i}" source="{i}" target="{i + 1}" weight="{w}"/>'
        for i, w in enumerate(weights)
    )
    path = tmp_path / "weights.gexf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gexf xmlns="http://gexf.net/1.3" version="1.3"><meta><creator>Gephi 0.10.1</creator>'
        f'</meta><graph defaultedgetype="undirected"><nodes>{nodes}</nodes>'
        f"<edges>{edges}</edges></graph></gexf>",
        encoding="utf-8",
    )
    return path


def test_gephi_weights_1_and_2_are_drawn_one_and_two_lines_wide(qapp, tmp_path: Path) -> None:
    """As Gephi's Overview draws them: in proportion. Rescaled as its Preview does (0.1 to 1.0
    of its thickness), a weight of 2 had been a rope ten times the width of a weight of 1."""
    cmap = gexf.load(gephi_file(tmp_path, ["1", "2", "1.5", "2"]))
    assert [e.width for e in cmap.edges] == [None, 2.0, 1.5, 2.0]
    pens = drawn_widths(cmap)
    light, heavy = (pens[cmap.edges[i].id] for i in (0, 1))
    assert light == LIGHT.link_width and heavy == pytest.approx(2 * light)


def test_gephi_weights_keep_their_proportion_from_the_lightest(tmp_path: Path) -> None:
    """Weights 4 and 6 are one and a half normal lines apart, not 1 and 10; one of 0 or less
    gives no proportion and is a normal line, and so is every link where all weigh the same."""
    cmap = gexf.load(gephi_file(tmp_path, ["4", "6", "0", "-3", "5"]))
    assert [e.width for e in cmap.edges] == [None, 1.5, None, None, 1.25]
    assert [e.data["weight"] for e in cmap.edges] == [4, 6, 0, -3, 5]
    same = gexf.load(gephi_file(tmp_path, ["3", "3"]))
    assert [e.width for e in same.edges] == [None, None]


@shared
def test_gexf_without_weights_or_thickness_is_drawn_as_before() -> None:
    cmap = gexf.load(INTEROP / "gexf" / "us-airports-gephi093.gexf")
    assert widths(cmap) == Counter({None: len(cmap.edges)})


def test_gexf_thickness_wins_over_weight_and_a_bad_one_is_left_out(tmp_path: Path, caplog) -> None:
    path = tmp_path / "thick.gexf"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
  <graph defaultedgetype="directed">
    <nodes><node id="a" label="A"/><node id="b" label="B"/><node id="c" label="C"/></nodes>
    <edges>
      <edge id="e1" source="a" target="b" weight="9"><viz:thickness value="2.5"/></edge>
      <edge id="e2" source="b" target="c" weight="1"><viz:thickness value="1"/></edge>
      <edge id="e3" source="c" target="a"><viz:thickness value="wide"/></edge>
    </edges>
  </graph>
</gexf>
""",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="mapviewer.io.records"):
        cmap = gexf.load(path)
    assert [e.width for e in cmap.edges] == [2.5, None, None]
    assert "width 'wide' skipped" in caplog.text
    assert "Style values mapviewer cannot draw were left out" in cmap.description


def test_a_yed_width_that_is_no_number_is_left_out_and_said(tmp_path: Path, caplog) -> None:
    path = tmp_path / "bad.graphml"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="edge" id="d1" yfiles.type="edgegraphics"/>
  <graph edgedefault="directed" id="G">
    <node id="a"/><node id="b"/>
    <edge id="e0" source="a" target="b"><data key="d1"><y:PolyLineEdge>
      <y:LineStyle color="#000000" type="line" width="thick"/></y:PolyLineEdge></data></edge>
    <edge id="e1" source="b" target="a"><data key="d1"><y:PolyLineEdge>
      <y:LineStyle color="#000000" type="line" width="80.0"/></y:PolyLineEdge></data></edge>
  </graph>
</graphml>
""",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="mapviewer.io.records"):
        cmap = graphml.load(path)
    assert [e.width for e in cmap.edges] == [None, None]
    assert "width 'thick' skipped" in caplog.text and "width '80.0' skipped" in caplog.text


def test_cytoscape_js_edge_width_in_pixels(tmp_path: Path) -> None:
    """Cytoscape.js draws an edge 3 pixels wide by default: that is a normal line."""
    path = tmp_path / "widths.cyjs"
    elements = {
        "nodes": [{"data": {"id": "a"}}, {"data": {"id": "b"}}],
        "edges": [
            {"data": {"id": "e1", "source": "a", "target": "b"}, "style": {"width": 9}},
            {"data": {"id": "e2", "source": "b", "target": "a"}, "style": {"width": "3px"}},
            {"data": {"id": "e3", "source": "a", "target": "a"}, "style": {"width": "1.5px"}},
        ],
    }
    path.write_text(json.dumps({"elements": elements}), encoding="utf-8")
    cmap = cytoscape.load(path)
    assert [e.width for e in cmap.edges] == [3.0, None, 0.5]


# --- writing and reading back -----------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".graphml", ".gexf", ".cyjs", ".cxl", ".canvas"])
def test_widths_survive_a_round_trip(tmp_path: Path, suffix: str) -> None:
    original = wide_map()
    back = round_trip(original, tmp_path, suffix)
    assert {e.id: e.width for e in back.edges} == {"ab": 3.0, "bc": None, "ca": 0.5}
    assert back.model_dump() == original.model_dump()


def test_each_format_writes_the_width_its_tool_draws(tmp_path: Path) -> None:
    cmap = wide_map()
    for suffix in (".graphml", ".gexf", ".cyjs", ".cxl"):
        save_map(cmap, tmp_path / f"w{suffix}")
    yed = (tmp_path / "w.graphml").read_text(encoding="utf-8")
    assert re.findall(r'<y:LineStyle [^>]*width="([^"]+)"', yed) == ["3.0", "1.0", "0.5"]
    gephi = (tmp_path / "w.gexf").read_text(encoding="utf-8")
    assert re.findall(r'<viz:thickness value="([^"]+)"', gephi) == ["3.0", "0.5"]
    cy = json.loads((tmp_path / "w.cyjs").read_text(encoding="utf-8"))
    assert [e.get("style", {}).get("width") for e in cy["elements"]["edges"]] == [9.0, None, 1.5]
    cmaptools = (tmp_path / "w.cxl").read_text(encoding="utf-8")
    # Whole numbers in CmapTools: 0.5 is drawn 1 thick there, its width kept in our metadata.
    assert re.findall(r'thickness="(\d+)"', cmaptools) == ["3", "3", "1", "1"]


@shared
def test_a_yed_file_comes_back_with_its_widths(tmp_path: Path) -> None:
    cmap = graphml.load(INTEROP / "graphml" / "scibot-workflow-paper-id.graphml")
    for suffix in (".graphml", ".gexf", ".cyjs", ".cxl", ".json"):
        back = round_trip(cmap, tmp_path, suffix)
        assert {e.id: e.width for e in back.edges} == {e.id: e.width for e in cmap.edges}


# --- bad values --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, -2, 51, "thick", [3]])
def test_a_bad_width_in_a_map_file_names_its_link(tmp_path: Path, value: object) -> None:
    data = mapfile.to_data(wide_map())
    data["edges"][2]["width"] = value
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(MapFileError) as caught:
        mapfile.load(path)
    assert [p.where for p in caught.value.problems] == ["edges[id=ca].width"]


# --- drawing -----------------------------------------------------------------------------------


def test_the_projector_keeps_the_proportion(qapp) -> None:
    """A width is in normal lines, so the projector's thicker links stay in proportion."""
    scene = MapScene(Document(wide_map()), PROJECTOR_LIGHT)
    pens = {i: scene.link_layer.pen_for(item).widthF() for i, item in scene.edge_items.items()}
    assert pens == pytest.approx(
        {"ab": 3 * PROJECTOR_LIGHT.link_width, "bc": PROJECTOR_LIGHT.link_width, "ca": 1.3}
    )


def test_a_wide_link_is_selected_where_it_is_drawn(qapp) -> None:
    """A click on the thick line's edge, beyond the band that found a normal link, finds it;
    and the link's box covers its drawing, so moving it leaves no streak."""
    cmap = wide_map()
    cmap.edges[0].width = 20.0
    scene = MapScene(Document(cmap), LIGHT)
    scene.flush_geometry()
    item = scene.edge_items["ab"]
    assert item.line is not None
    drawn = scene.link_layer.pen_for(item).widthF()
    assert drawn == 28.0
    point = item.line.pointAt(0.2)
    off = QPointF(point.x(), point.y() + 11)  # on the line, 11 of its 14 half-width off centre
    assert item.shape().contains(off)
    assert item.boundingRect().height() >= drawn * 1.6  # selected, it is drawn wider
    assert not scene.edge_items["bc"].shape().contains(QPointF(0, 40))


def test_changing_a_width_redraws_the_link_and_undo_takes_it_back(qapp) -> None:
    document = Document(wide_map())
    scene = MapScene(document, LIGHT)
    item = scene.edge_items["bc"]
    assert isinstance(item, EdgeItem) and scene.link_layer.pen_for(item).widthF() == 1.4
    document.update_edge("bc", width=4.0)
    assert scene.link_layer.pen_for(item).widthF() == pytest.approx(5.6)
    assert item.arrow_scale == 2.0
    document.update_edge("bc", width=None)
    assert scene.link_layer.pen_for(item).widthF() == 1.4 and item.arrow_scale == 1.0


# --- the web page ------------------------------------------------------------------------------


def test_the_web_page_has_the_widths() -> None:
    edges = {e["id"]: e for e in page_data(wide_map())["edges"]}
    assert [edges[i]["width"] for i in ("ab", "bc", "ca")] == [3.0, 1, 0.5]
    assert edges["ca"]["dash"] == "3 2"  # the dashes of a half-width line are half as long
    assert edges["bc"]["arrow"] == 0  # the page's own marker
    assert edges["ab"]["arrow"] == pytest.approx(7 / math.sqrt(3), abs=1e-4)


@needs_chromium
def test_the_web_page_draws_the_widths_in_a_real_browser(tmp_path: Path) -> None:
    page = tmp_path / "widths.html"
    save_map(wide_map(), page)
    browser = Browser(tmp_path / "profile")
    try:
        browser.open(page.as_uri())
        drawn = browser.evaluate(
            "JSON.stringify(Array.from(document.querySelectorAll('.link')).map(g => "
            "[g.dataset.id, getComputedStyle(g.querySelector('path.line')).strokeWidth]))"
        )
        assert dict(json.loads(drawn)) == {"ab": "4.2px", "bc": "1.4px", "ca": "0.7px"}
        browser.evaluate("location.hash = '#select=ab'")
        browser.wait_for(
            "getComputedStyle(document.querySelector('.link.selected path.line')).strokeWidth"
            " === '9px'"
        )
        assert browser.evaluate("document.getElementById('violations').hidden") is True
    finally:
        browser.close()
