"""Each format's own styling: concepts' colours, shapes and text colours, links' colours, dashes
and direction, read from real files of the tools that wrote them and written back out."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import networkx as nx
import pytest
from PySide6.QtGui import QColor

from mapviewer.colours import contrast, parse
from mapviewer.io import cxl, cytoscape, gexf, graphml, jgf, jsoncanvas, mapfile
from mapviewer.io.html import page_data
from mapviewer.io.registry import open_map, save_map
from mapviewer.model import ConceptMap, Edge, Kind, Node
from mapviewer.problems import MapFileError
from mapviewer.scene.style import (
    DARK,
    LIGHT,
    PROJECTOR_DARK,
    PROJECTOR_LIGHT,
    concept_style,
    kind_styles,
)

from ..conftest import DATA, INTEROP, needs_shared
from .chromium import BINARY, MISSING, dump_dom
from .util import drawn_look, round_trip

LOCAL = DATA / "interop"
shared = needs_shared(INTEROP)
needs_chromium = pytest.mark.skipif(BINARY is None, reason=MISSING)


def by_label(cmap: ConceptMap) -> dict[str, Node]:
    return {n.label: n for n in cmap.nodes}


def styled_map() -> ConceptMap:
    """A concept of each kind of own look, and links with a colour, a dash, no direction and a
    line width."""
    return ConceptMap(
        title="Styled",
        nodes=[
            Node(id="a", label="Red fill", x=0, y=0, color="#E93147"),
            Node(id="b", label="Blue text", x=200, y=0, text_color="#0072B2"),
            Node(id="c", label="Diamond", x=0, y=150, shape="diamond", width=180.0, height=90.0),
            Node(id="d", label="Pill", x=200, y=150, shape="pill", color="#08B94E"),
            Node(id="e", label="Plain", x=400, y=0),
        ],
        edges=[
            Edge(id="ab", source="a", target="b", label="colours", color="#D55E00"),
            Edge(id="bc", source="b", target="c", label="dashes", dash="dash"),
            Edge(id="cd", source="c", target="d", label="touches", directed=False, width=2.5),
            Edge(id="de", source="d", target="e", label="plain"),
        ],
    )


def readable(fill: str, text: str) -> bool:
    return contrast(parse(fill), parse(text)) >= 4.5


def looks(cmap: ConceptMap) -> tuple[dict, dict]:
    nodes = {n.id: (n.color, n.shape, n.text_color, n.width, n.height) for n in cmap.nodes}
    edges = {e.id: (e.color, e.dash, e.directed, e.width) for e in cmap.edges}
    return nodes, edges


# --- JSON Canvas -----------------------------------------------------------------------------


def test_canvas_presets_are_obsidians_colours_and_an_unknown_one_is_skipped(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="mapviewer.io.records"):
        cmap = jsoncanvas.load(LOCAL / "presets.canvas")
    nodes = cmap.node_by_id()
    colours = {n: nodes[n].color for n in ("red", "orange", "yellow", "green", "cyan", "purple")}
    assert colours == {  # Obsidian's default (light) --color-red ... --color-purple
        "red": "#E93147",
        "orange": "#EC7500",
        "yellow": "#E0AC00",
        "green": "#08B94E",
        "cyan": "#00BFBC",
        "purple": "#7852EE",
    }
    assert nodes["hex"].color == "#1565C0"
    assert nodes["odd"].color is None  # "9" is no preset: the import goes on without it
    assert "nodes[id=odd]: color '9' skipped: not a colour" in caplog.text
    assert "were left out: nodes[id=odd]: color '9' (not a colour)." in cmap.description
    links = cmap.edge_by_id()
    assert (links["e1"].color, links["e1"].directed) == ("#08B94E", True)
    assert links["e2"].directed is False  # no arrowhead at either end


@shared
def test_a_real_obsidian_canvas_keeps_its_group_colours() -> None:
    cmap = open_map(INTEROP / "canvas/stardust-solid-aurora-overview.canvas")
    groups = by_label(cmap)
    assert groups["Reference"].color == "#00BFBC"  # preset 5, cyan
    assert groups["Augmentation Surface Patterns"].color == "#E0AC00"  # preset 3, yellow
    assert groups["Implementations"].color == "#08B94E"  # preset 4, green


def test_canvas_writes_obsidians_presets_back_as_numbers(tmp_path: Path) -> None:
    path = tmp_path / "out.canvas"
    jsoncanvas.save(styled_map(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    bodies = {b["id"]: b for b in data["nodes"]}
    assert bodies["a"]["color"] == "1" and bodies["d"]["color"] == "4"
    edges = {b["id"]: b for b in data["edges"]}
    assert edges["ab"]["color"] == "#D55E00" and edges["cd"]["toEnd"] == "none"


# --- GEXF -----------------------------------------------------------------------------------


@shared
def test_gephi_colours_sizes_and_an_undirected_graph() -> None:
    cmap = open_map(INTEROP / "gexf/les-miserables-gephi081.gexf")
    nodes = by_label(cmap)
    assert nodes["Valjean"].color == "#F55B5B"  # viz:color r=245 g=91 b=91
    assert nodes["Myriel"].color == "#5B5BF5"
    assert len({n.color for n in cmap.nodes}) >= 8  # the communities' colours, not grey
    widths = [n.width for n in cmap.nodes]
    assert min(widths) == gexf.MIN_WIDTH and max(widths) == gexf.MAX_WIDTH
    assert nodes["Valjean"].width == gexf.MAX_WIDTH  # the biggest node in Gephi
    assert nodes["Napoleon"].width < nodes["Myriel"].width
    assert not any(e.directed for e in cmap.edges)  # defaultedgetype="undirected"
    # No viz:shape: Gephi draws every node a disc, whatever its community.
    assert {drawn_look(cmap, n.label)[2] for n in cmap.nodes} == {"circle"}


def test_gexf_shapes_edge_looks_and_bad_values(tmp_path: Path, caplog) -> None:
    path = tmp_path / "looks.gexf"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
  <graph defaultedgetype="directed">
    <nodes>
      <node id="a" label="A"><viz:shape value="square"/><viz:size value="-3"/></node>
      <node id="b" label="B"><viz:shape value="image"/><viz:color r="300" g="0" b="0"/></node>
      <node id="c" label="C"><viz:shape value="triangle"/></node>
    </nodes>
    <edges>
      <edge id="1" source="a" target="b" type="undirected">
        <viz:color r="0" g="114" b="178"/><viz:shape value="dashed"/>
      </edge>
      <edge id="2" source="b" target="a"/>
    </edges>
  </graph>
</gexf>""",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="mapviewer.io.records"):
        cmap = gexf.load(path)
    a, b = cmap.node_by_id()["a"], cmap.node_by_id()["b"]
    assert (a.shape, a.width) == ("rectangle", None)
    assert (b.shape, b.color) == (None, None)
    assert cmap.node_by_id()["c"].shape == "triangle"  # one of Gephi's shapes mapviewer has
    for skipped in ("width '-3'", "shape 'image'", "color ('300', '0', '0')"):
        assert skipped in caplog.text
    first, second = cmap.edges
    assert (first.directed, first.color, first.dash) == (False, "#0072B2", "dash")
    assert second.directed is True


# --- GraphML ----------------------------------------------------------------------------------


@shared
def test_a_colour_coded_yed_diagram() -> None:
    cmap = open_map(INTEROP / "graphml/scibot-workflow-paper-id.graphml")
    nodes = by_label(cmap)
    assert nodes["fully identified"].color == "#00FF00"
    assert nodes["TERMINATE"].color == "#FFCC00"
    assert nodes["don't do this"].color == "#FF0000"
    assert {n.shape for n in cmap.nodes} == {"rectangle"}
    dashed = [e for e in cmap.edges if e.dash == "dash"]
    assert len(dashed) == 50 and {"#FFCC00", "#00FF00", "#000000"} < {e.color for e in dashed}
    # 15 edges carry their arrowhead at the source end: they run the other way.
    fully = next(n.id for n in cmap.nodes if n.label == "fully identified")
    assert not any(e.source == fully for e in cmap.edges)


@shared
def test_unfilled_yed_nodes_open_white_and_go_back_unfilled(tmp_path: Path) -> None:
    """16 nodes of the scibot diagram have ``<y:Fill hasColor="false">``: yEd shows its white
    canvas through them, with their black labels. They were drawn mapviewer's dark grey with
    white text."""
    cmap = open_map(INTEROP / "graphml/scibot-workflow-paper-id.graphml")
    unfilled = [n for n in cmap.nodes if n.data.get("yed-fill") == "none"]
    assert len(unfilled) == 16
    assert {"PMID", "state", "Legend", "has tag"} <= {n.label for n in unfilled}
    for label in ("state", "Legend", "has tag", "next state"):
        assert drawn_look(cmap, label)[:2] == ("#FFFFFF", "#000000")
    assert sum(n.color == "#FFFFFF" for n in cmap.nodes if n.label == "PMID") == 5
    assert by_label(cmap)["fully identified"].color == "#00FF00"  # filled ones as before
    path = tmp_path / "again.graphml"
    graphml.save(cmap, path)
    # The legend, a frame now, goes back as a yEd group: unfilled open and closed.
    assert path.read_text(encoding="utf-8").count('<y:Fill hasColor="false"') == 17
    back = graphml.load(path)
    assert looks(back) == looks(cmap)
    by_label(back)["state"].color = "#FF0000"  # recoloured in mapviewer: filled from then on
    graphml.save(back, path)
    assert path.read_text(encoding="utf-8").count('<y:Fill hasColor="false"') == 16


def test_a_yed_line_without_a_colour_takes_none(tmp_path: Path) -> None:
    path = tmp_path / "lines.graphml"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key id="n" for="node" yfiles.type="nodegraphics"/>
  <key id="e" for="edge" yfiles.type="edgegraphics"/>
  <graph id="G" edgedefault="directed">
    <node id="a"><data key="n"><y:ShapeNode><y:Fill color="#FF0000" transparent="true"/>
      <y:BorderStyle hasColor="false" type="line" width="1.0"/>
      <y:NodeLabel textColor="#0000FF">A</y:NodeLabel></y:ShapeNode></data></node>
    <node id="b"><data key="n"><y:ShapeNode><y:Fill color="#FFCC00" transparent="false"/>
      <y:BorderStyle hasColor="false" type="line" width="1.0"/>
      <y:NodeLabel>B</y:NodeLabel></y:ShapeNode></data></node>
    <edge id="ab" source="a" target="b"><data key="e"><y:PolyLineEdge>
      <y:LineStyle hasColor="false" color="#FF0000" type="dashed" width="1.0"/>
      <y:Arrows source="none" target="standard"/></y:PolyLineEdge></data></edge>
  </graph>
</graphml>""",
        encoding="utf-8",
    )
    cmap = graphml.load(path)
    a, b = cmap.node_by_id()["a"], cmap.node_by_id()["b"]
    assert (a.color, a.text_color) == ("#FFFFFF", "#0000FF")  # transparent: the canvas
    assert b.color == "#FFCC00"  # a border without a colour changes nothing
    assert (cmap.edges[0].color, cmap.edges[0].dash) == (None, "dash")


def test_undirected_graphml_imports_and_exports_undirected(tmp_path: Path) -> None:
    cmap = graphml.load(LOCAL / "plain-small.graphml")
    assert cmap.edges and not any(e.directed for e in cmap.edges)
    path = tmp_path / "out.graphml"
    graphml.save(cmap, path)
    assert 'edgedefault="undirected"' in path.read_text(encoding="utf-8")
    assert not nx.read_graphml(path).is_directed()
    assert not any(e.directed for e in graphml.load(path).edges)


def test_graphml_for_yed_carries_the_look(tmp_path: Path) -> None:
    path = tmp_path / "styled.graphml"
    graphml.save(styled_map(), path)
    text = path.read_text(encoding="utf-8")
    assert '<y:Fill color="#E93147"' in text and '<y:Shape type="diamond"' in text
    assert 'textColor="#0072B2"' in text and 'color="#D55E00" type="line"' in text
    assert 'type="dashed"' in text and '<y:Arrows source="none" target="none"' in text
    assert nx.read_graphml(path).is_directed()  # one undirected link: networkx still reads it


# --- Cytoscape ------------------------------------------------------------------------------


@shared
def test_kegg_colours_and_shapes_from_cytoscape() -> None:
    """KEGG's look, and a legend that shows it: every gene is KEGG green and every compound a
    white circle, so their kinds are (the legend showed the palette's orange and green, which
    no concept on the map was drawn in); so is the blue-grey of 13 of the 14 pathway boxes
    (the title box keeps its own teal)."""
    cmap = open_map(INTEROP / "cytoscape/tca-cycle-kegg.cyjs")
    fill, _, shape = drawn_look(cmap, "Glycolysis / Gluconeogenesis")
    assert (fill, shape) == ("#6999AE", "rounded")
    fill, _, shape = drawn_look(cmap, "C00024")  # KEGG_NODE_SHAPE "circle", FILL_COLOR #FFFFFF
    assert (fill, shape) == ("#FFFFFF", "circle")  # a round dot, as KEGG draws compounds
    genes = [n for n in cmap.nodes if n.kind == "gene"]
    assert len(genes) == 22 and {drawn_look(cmap, n.label)[0] for n in genes} == {"#BFFFBF"}
    kinds = {k.label: (k.color, k.shape) for k in cmap.kinds}
    assert kinds["gene"] == ("#BFFFBF", "rectangle")
    assert kinds["compound"] == ("#FFFFFF", "circle")
    assert kinds["map"] == ("#6999AE", "rounded")  # 13 of its 14; the title box keeps its teal


def test_cytoscape_style_bypass_and_undirected_data(tmp_path: Path) -> None:
    path = tmp_path / "out.cyjs"
    cytoscape.save(styled_map(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    nodes = {n["data"]["id"]: n for n in data["elements"]["nodes"]}
    assert nodes["a"]["style"] == {"background-color": "#E93147"}
    assert nodes["c"]["style"] == {"shape": "diamond", "width": 180.0, "height": 90.0}  # its sizes
    edges = {e["data"]["id"]: e for e in data["elements"]["edges"]}
    assert edges["cd"]["data"]["directed"] is False
    assert edges["bc"]["style"] == {
        "line-style": "dashed",
        "target-arrow-shape": "triangle",
        "curve-style": "bezier",
    }


# --- CXL and JGF ----------------------------------------------------------------------------


@shared
def test_cmaptools_fills_and_arrowless_links() -> None:
    cmap = open_map(INTEROP / "cxl/vs-sysbp-metamodel3.cxl")
    assert {n.color for n in cmap.nodes} >= {"#FFFF96", "#00FF00", "#C896FF"}
    assert {n.shape for n in cmap.nodes} == {"rectangle", None}
    assert sum(not e.directed for e in cmap.edges) == 18  # arrowhead="no" on both connections
    bacteria = open_map(INTEROP / "cxl/bacterial-characteristics.cxl")
    assert sum(e.color == "#FF0000" for e in bacteria.edges) == 4  # red connections


def test_a_cmaptools_concept_without_a_fill_opens_on_white(tmp_path: Path, caplog) -> None:
    """CmapTools 6 writes an unfilled box as an alpha of 0 (``224,223,227,0``, as in a real
    expert map of 33 such concepts): it was refused as "not a colour" and drawn in the kind's
    dark grey under white text. It opens white with black text, and goes back unfilled."""
    path = tmp_path / "clear.cxl"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<cmap xmlns="http://cmap.ihmc.us/xml/cmap/"><map>'
        '<concept-list><concept id="a" label="Heart"/><concept id="b" label="Lungs"/>'
        "</concept-list><concept-appearance-list>"
        '<concept-appearance id="a" x="100" y="50" font-color="0,0,0,255" '
        'background-color="224,223,227,0"/>'
        '<concept-appearance id="b" x="300" y="50" background-color="255,200,0,255"/>'
        "</concept-appearance-list></map></cmap>",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="mapviewer.io.records"):
        cmap = open_map(path)
    assert "not a colour" not in caplog.text
    assert drawn_look(cmap, "Heart")[:2] == ("#FFFFFF", "#000000")
    assert drawn_look(cmap, "Lungs")[0] == "#FFC800"
    out = tmp_path / "again.cxl"
    cxl.save(cmap, out)
    assert 'background-color="224,223,227,0"' in out.read_text(encoding="utf-8")
    cmap.nodes[0].color = "#56B4E9"  # filled since: written with its new fill
    cxl.save(cmap, out)
    assert 'background-color="86,180,233,255"' in out.read_text(encoding="utf-8")


@shared
def test_cmaptools_style_sheets_fill_concepts_and_dot_links(tmp_path: Path) -> None:
    """bacterial-characteristics styles 39 of its 75 concepts only through style sheets
    ("Normal" pale blue, "Characteristics" yellow rectangles, "Root Style" green ovals) and
    its "Leading to" links through a dotted sheet. They were drawn dark grey and solid."""
    cmap = open_map(INTEROP / "cxl/bacterial-characteristics.cxl")
    assert all(n.color for n in cmap.nodes)
    assert drawn_look(cmap, "Mycoplasma") == ("#EDF4F6", "#000000", "rounded")  # Normal
    assert drawn_look(cmap, "Outer Membrane")[:2] == ("#EDF4F6", "#000000")
    assert drawn_look(cmap, "prokaryotes") == ("#FFFFCC", "#000000", "rectangle")  # Characteristics
    assert drawn_look(cmap, "Bacteria") == ("#C8FFC8", "#000000", "ellipse")  # Root Style
    # Own appearance over the sheet: Gram - keeps its orange, in the sheet's oval.
    assert drawn_look(cmap, "Gram -")[::2] == ("#FF6400", "ellipse")
    nodes = cmap.node_by_id()
    dotted = {(nodes[e.source].label, e.label, nodes[e.target].label) for e in cmap.edges if e.dash}
    assert {
        ("Fimbria", "are mainly", "Gram -"),
        ("L & P", "are all", "Gram -"),
        ("Pilus", "are all", "Gram -"),
    } <= dotted
    assert all(e.dash in (None, "dot") for e in cmap.edges) and len(dotted) == 4
    # The _Default_ sheet's red dotted line is under every connection with its own solid black.
    assert sum(e.color == "#FF0000" for e in cmap.edges) == 4
    assert all(readable(*drawn_look(cmap, n.label)[:2]) for n in cmap.nodes)
    back = round_trip(cmap, tmp_path, ".cxl")  # written as each element's own appearance
    assert looks(back) == looks(cmap)


@shared
def test_cmaptools_own_font_colour_on_its_default_sheets_fill() -> None:
    """IHMC's annotated sample: "Plants" has its own red text (200,0,0) over the _Default_
    sheet's pale fill, "Leaves" the "Comic Green Concept" sheet (green on dark red). Plants'
    red sat on mapviewer's dark grey at 1.05:1."""
    cmap = open_map(INTEROP / "cxl/plants-ihmc-annotated.cxl")
    assert drawn_look(cmap, "Plants") == ("#EDF4F6", "#C80000", "rounded")
    assert drawn_look(cmap, "Leaves") == ("#960000", "#00FF00", "rectangle")
    assert all(readable(*drawn_look(cmap, label)[:2]) for label in ("Plants", "Leaves"))
    assert cmap.edges[0].color == "#FFAA00"  # the connection's own orange


def test_cxl_style_sheet_cascade(tmp_path: Path, caplog) -> None:
    """Own attributes over the named sheet over its parent over ``_default_`` (either
    spelling); a line style mapviewer cannot draw is left out with a warning."""
    path = tmp_path / "sheets.cxl"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<cmap xmlns="http://cmap.ihmc.us/xml/cmap/"><map>
  <concept-list>
    <concept id="a" label="A"/><concept id="b" label="B"/><concept id="c" label="C"/>
    <concept id="d" label="D"/>
  </concept-list>
  <linking-phrase-list><linking-phrase id="p" label="p"/><linking-phrase id="q" label="q"/>
  </linking-phrase-list>
  <connection-list>
    <connection id="1" from-id="a" to-id="p"/><connection id="2" from-id="p" to-id="b"/>
    <connection id="3" from-id="c" to-id="q"/><connection id="4" from-id="q" to-id="d"/>
  </connection-list>
  <concept-appearance-list>
    <concept-appearance id="a" x="0" y="0" stylesheet-id="child"/>
    <concept-appearance id="b" x="200" y="0" stylesheet-id="child" background-color="0,0,0,255"/>
    <concept-appearance id="c" x="0" y="200" stylesheet-id="missing"/>
    <concept-appearance id="d" x="200" y="200" background-color="255,255,255,0"/>
  </concept-appearance-list>
  <connection-appearance-list>
    <connection-appearance id="2" stylesheet-id="child"/>
    <connection-appearance id="4" style="dash-dot-dot"/>
  </connection-appearance-list>
  <style-sheet-list>
    <style-sheet id="_default_">
      <concept-style background-color="255,255,150,255" border-shape="oval"/>
      <connection-style color="0,0,255,255" style="dashed"/>
    </style-sheet>
    <style-sheet id="parent"><concept-style font-color="0,0,200,255" border-shape="rectangle"/>
    </style-sheet>
    <style-sheet id="child" parent-id="parent">
      <concept-style background-color="200,255,200,255"/>
      <connection-style style="dotted"/>
    </style-sheet>
  </style-sheet-list>
</map></cmap>""",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="mapviewer.io.records"):
        cmap = cxl.load(path)
    nodes = cmap.node_by_id()
    assert (nodes["a"].color, nodes["a"].text_color, nodes["a"].shape) == (
        "#C8FFC8",
        "#0000C8",
        "rectangle",
    )
    assert (nodes["b"].color, nodes["b"].text_color) == ("#000000", "#0000C8")
    assert (nodes["c"].color, nodes["c"].shape) == ("#FFFF96", "ellipse")  # default sheet
    assert nodes["d"].color == "#FFFFFF"  # no fill in its own look: CmapTools' white page
    links = {e.label: e for e in cmap.edges}
    assert (links["p"].color, links["p"].dash) == ("#0000FF", "dot")
    assert (links["q"].color, links["q"].dash) == ("#0000FF", None)
    assert "dash 'dash-dot-dot' skipped" in caplog.text


def test_jgf_directed_false() -> None:
    data = {
        "graph": {
            "directed": False,
            "nodes": {"a": {"label": "A"}, "b": {"label": "B"}, "c": {"label": "C"}},
            "edges": [
                {"source": "a", "target": "b"},
                {"source": "b", "target": "c", "directed": True},
            ],
        }
    }
    cmap = jgf.from_data(data, "graph.json")
    assert [e.directed for e in cmap.edges] == [False, True]


# --- every format that writes -------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".cyjs", ".canvas", ".cxl"])
def test_the_look_survives_a_round_trip(tmp_path: Path, suffix: str) -> None:
    original = styled_map()
    back = round_trip(original, tmp_path, suffix)
    assert looks(back) == looks(original)
    assert back.model_dump() == original.model_dump()


def test_cxl_writes_the_look_cmaptools_draws(tmp_path: Path) -> None:
    path = tmp_path / "styled.cxl"
    cxl.save(styled_map(), path)
    text = path.read_text(encoding="utf-8")
    assert 'background-color="233,49,71,255"' in text and 'font-color="0,114,178,255"' in text
    assert 'arrowhead="no"' in text and 'color="213,94,0,255"' in text
    assert text.count('style="dashed"') == 2  # both connections of the dashed link


def test_the_web_page_draws_the_look() -> None:
    data = page_data(styled_map())
    nodes = {n["id"]: n for n in data["nodes"]}
    assert (nodes["a"]["color"], nodes["a"]["text"]) == ("#E93147", "#000000")
    assert (nodes["c"]["shape"], nodes["b"]["text"]) == ("diamond", "#0072B2")
    assert (nodes["c"]["height"], nodes["a"]["height"]) == (90.0, 0)  # 0: as its label needs
    edges = {e["id"]: e for e in data["edges"]}
    assert (edges["cd"]["directed"], edges["bc"]["dash"]) == (False, "6 4")


# --- bad values in a map file -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "field", "value", "where"),
    [
        ("nodes", "color", "red", "nodes[id=a].color"),
        ("nodes", "text_color", "#12345", "nodes[id=a].text_color"),
        ("nodes", "shape", "blob", "nodes[id=a].shape"),
        ("nodes", "width", -40, "nodes[id=a].width"),
        ("nodes", "height", -40, "nodes[id=a].height"),
        ("nodes", "height", "tall", "nodes[id=a].height"),
        ("nodes", "height", 1e9, "nodes[id=a].height"),
        ("edges", "color", "#GGGGGG", "edges[id=ab].color"),
        ("edges", "dash", "wavy", "edges[id=ab].dash"),
        ("edges", "directed", "sometimes", "edges[id=ab].directed"),
        ("edges", "from_side", "middle", "edges[id=ab].from_side"),
    ],
)
def test_a_bad_style_value_names_its_field(
    tmp_path: Path, section: str, field: str, value: object, where: str
) -> None:
    data = mapfile.to_data(styled_map())
    item = next(i for i in data[section] if i["id"] in ("a", "ab"))
    item[field] = value
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(MapFileError) as caught:
        mapfile.load(path)
    assert [p.where for p in caught.value.problems] == [where]


@needs_chromium
def test_the_web_page_draws_the_look_in_a_real_browser(tmp_path: Path) -> None:
    page = tmp_path / "styled.html"
    save_map(styled_map(), page)
    dom = dump_dom(page.as_uri(), tmp_path / "profile")
    assert 'fill="#E93147"' in dom  # the concept's own colour is its fill
    assert "<polygon" in dom  # the diamond
    assert 'style="fill:#0072B2"' in dom  # the blue text
    assert 'style="stroke:#D55E00"' in dom and "stroke-dasharray:6 4" in dom
    lines = re.findall(r'<path class="line[^"]*"[^>]*>', dom)
    assert sum("marker-end" not in line for line in lines) == 1  # the undirected link
    assert '<ul id="violations" hidden="">' in dom  # no Content-Security-Policy violation


@needs_chromium
def test_the_web_page_fills_a_concept_with_its_kinds_colour(tmp_path: Path) -> None:
    """As the canvas does (the page drew a pale tint of it), under text that reads on it."""
    cmap = ConceptMap(
        title="Kinds",
        kinds=[Kind(id="therapy", label="Therapy", color="#0060A8")],
        nodes=[Node(id="a", label="Chemotherapy", x=0, y=0, kind="therapy")],
    )
    page = tmp_path / "kinds.html"
    save_map(cmap, page)
    dom = dump_dom(page.as_uri(), tmp_path / "profile")
    assert 'fill="#0060A8"' in dom
    assert 'style="fill:#FFFFFF"' in dom  # white on the dark blue


def test_a_fills_value_the_map_does_not_know_names_its_field(tmp_path: Path) -> None:
    data = mapfile.to_data(styled_map())
    data["fills"] = "pastel"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(MapFileError) as caught:
        mapfile.load(path)
    assert [p.where for p in caught.value.problems] == ["fills"]


def test_a_tinted_map_outlines_each_concept_in_its_colour_round_a_faint_tint(
    qapp, tmp_path: Path
) -> None:
    """Its own colour and its kind's alike; the label in the theme's text colour, readable, and
    the outline the colour itself where it shows against the canvas at 3:1. Saved and opened
    again, the map stays tinted."""
    cmap = styled_map()
    cmap.kinds = [Kind(id="therapy", label="Therapy", color="#0060A8")]
    cmap.nodes[4].kind = "therapy"
    filled = {label: drawn_look(cmap, label)[0] for label in ("Red fill", "Pill", "Plain")}
    assert filled == {"Red fill": "#E93147", "Pill": "#08B94E", "Plain": "#0060A8"}
    cmap.fills = "tinted"
    for label, colour in (("Red fill", "#E93147"), ("Plain", "#0060A8")):
        node = by_label(cmap)[label]
        style = concept_style(kind_styles(cmap, LIGHT), node, LIGHT, {}, tinted=True)
        fill, border = parse(style.fill.name()), parse(style.border.name())
        assert contrast(fill, (1.0, 1.0, 1.0)) < 1.15  # a faint tint, not the colour
        assert style.fill.hslHue() == pytest.approx(QColor(colour).hslHue(), abs=6)
        assert style.border.name().upper() == colour  # dark enough to show as it is
        assert contrast(parse(style.text.name()), fill) >= 4.5
        assert style.text == LIGHT.text
        assert contrast(border, parse(LIGHT.canvas.name())) >= 3
    for theme in (DARK, PROJECTOR_DARK, PROJECTOR_LIGHT):  # readable on every canvas
        for node in cmap.nodes:
            style = concept_style(kind_styles(cmap, theme), node, theme, {}, tinted=True)
            fill = parse(style.fill.name())
            assert contrast(parse(style.text.name()), fill) >= 4.5, (theme.name, node.label)
            assert contrast(parse(style.border.name()), parse(theme.canvas.name())) >= 3
    assert round_trip(cmap, tmp_path, ".json").fills == "tinted"
    assert '"fills": "tinted"' in mapfile.dumps(cmap)
    assert '"fills"' not in mapfile.dumps(styled_map())  # filled, the default, is not written


def test_the_web_page_draws_a_tinted_map_as_the_window_does(qapp) -> None:
    cmap = styled_map()
    cmap.fills = "tinted"
    styles = kind_styles(cmap, LIGHT)
    page = {n["id"]: n for n in page_data(cmap)["nodes"]}
    for node in cmap.nodes:
        style = concept_style(styles, node, LIGHT, {}, tinted=True)
        assert page[node.id]["fill"] == style.fill.name().upper(), node.label
        assert page[node.id]["stroke"] == style.border.name().upper(), node.label
    assert page["b"]["text"] == "#0072B2"  # its own text colour still wins
    assert "fill" not in page_data(styled_map())["nodes"][0]  # a filled map: as before


@needs_chromium
def test_the_web_page_tints_in_a_real_browser(tmp_path: Path) -> None:
    cmap = styled_map()
    cmap.fills = "tinted"
    page = tmp_path / "tinted.html"
    save_map(cmap, page)
    dom = dump_dom(page.as_uri(), tmp_path / "profile")
    red = next(n for n in page_data(cmap)["nodes"] if n["id"] == "a")
    assert f'fill="{red["fill"]}" stroke="#E93147"' in dom
    assert 'fill="#E93147"' not in dom


@needs_chromium
def test_the_web_page_draws_an_anchored_link_from_side_to_side(tmp_path: Path) -> None:
    cmap = styled_map()
    cmap.edges[0].from_side, cmap.edges[0].to_side = "right", "left"
    page = tmp_path / "sides.html"
    save_map(cmap, page)
    dom = dump_dom(page.as_uri(), tmp_path / "profile")
    courses = re.findall(
        r'<g class="link" data-id="(\w+)"><path class="line"[^>]* d="([^"]+)"', dom
    )
    drawn = dict(courses)
    assert " C" in drawn["ab"] and " C" not in drawn["bc"]  # the anchored one curves
    a = next(n for n in page_data(cmap)["nodes"] if n["id"] == "a")
    start = drawn["ab"].split(" C")[0].lstrip("M").split(",")
    assert float(start[1]) == pytest.approx(a["y"])  # the middle of the right side
    assert float(start[0]) > a["x"]
