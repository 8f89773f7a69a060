"""Other tools' files open looking as they did in their own tools and go back out so: yEd's
black lines, Cytoscape.js styles and stylesheets, Gephi's sizes, weights and edge ids."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from mapviewer.colours import WHITE, contrast, difference, parse
from mapviewer.document import Document
from mapviewer.io import cytoscape, gexf, graphml, html, jsoncanvas
from mapviewer.io.records import collecting_notes
from mapviewer.io.registry import open_map
from mapviewer.model import ConceptMap, Node
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.style import DARK, LIGHT, PROJECTOR_DARK, Theme, rgb

from ..conftest import DATA, INTEROP, needs_shared
from .util import drawn_look, round_trip

shared = needs_shared(INTEROP)
WORKFLOW = INTEROP / "graphml/scibot-workflow-paper-id.graphml"
ARCHITECTURE = INTEROP / "graphml/scibot-architecture.graphml"
STYLESHEET = DATA / "interop/cytoscape-js-stylesheet.json"  # hand-made: see its SOURCES.md


def drawn(cmap: ConceptMap, theme: Theme = LIGHT, **changes: object) -> MapScene:
    """The map (with ``changes``, such as another routing) as the canvas draws it."""
    scene = MapScene(Document(cmap.model_copy(update=changes) if changes else cmap), theme)
    scene.flush_geometry()
    return scene


def drawn_colours(cmap: ConceptMap, theme: Theme = LIGHT) -> dict[str, str]:
    """Each link's colour as the link layer draws it unselected."""
    scene = drawn(cmap, theme)
    layer = scene.link_layer
    return {
        i: layer.pen_for(item, 1).color().name().upper() for i, item in scene.edge_items.items()
    }


# --- yEd ------------------------------------------------------------------------------------


@shared
def test_yeds_black_lines_open_black_and_go_back_black(qapp, tmp_path: Path) -> None:
    """yEd draws every line black unless told otherwise: 52 of the scibot workflow's 70 links
    and 17 of its architecture's 19. They opened in mapviewer's grey and went back grey."""
    for path, black in ((WORKFLOW, 52), (ARCHITECTURE, 17)):
        cmap = graphml.load(path)
        assert Counter(e.color for e in cmap.edges)["#000000"] == black
        assert Counter(drawn_colours(cmap).values())["#000000"] == black
        out = tmp_path / path.name
        graphml.save(cmap, out)
        assert out.read_text(encoding="utf-8").count('<y:LineStyle color="#000000"') == black
        again = graphml.load(out)
        assert Counter(e.color for e in again.edges)["#000000"] == black


@shared
def test_black_lines_stay_visible_on_a_dark_canvas(qapp) -> None:
    """Drawn black where the canvas is light; on the dark and projector canvases, where black
    would not be seen, in the theme's own link colour."""
    cmap = graphml.load(ARCHITECTURE)
    black = [e.id for e in cmap.edges if e.color == "#000000"]
    for theme in (DARK, PROJECTOR_DARK):
        colours = drawn_colours(cmap, theme)
        for ident in black:
            assert colours[ident] == theme.link.name().upper()
            assert contrast(rgb(theme.link), rgb(theme.canvas)) >= 3
    assert drawn_colours(cmap, DARK)["e15"] == "#FF0000"  # yEd's red stays red


@shared
def test_yeds_bent_edges_open_routed_at_right_angles_round_the_boxes(qapp, tmp_path) -> None:
    """yEd stores the bends its author gave each edge: the scibot workflow's 70 edges take 102,
    at right angles round the boxes. Drawn straight, 26 of its links ran under 34 boxes (25
    since the legend's box became the frame of its entries, 24 since its labels are drawn in
    yEd's 12 px, no longer the theme's wider 10 pt); the map opens with orthogonal
    routing, which leaves at most 4 there, and each link runs through its own bends, which
    leave as few whatever the map's routing. The architecture diagram (one bend in 19 edges)
    stays straight, and a map saved again keeps its routing."""
    from ..test_map_layout import links_through_boxes  # noqa: PLC0415

    cmap = graphml.load(WORKFLOW)
    assert cmap.routing == "orthogonal"
    assert graphml.load(ARCHITECTURE).routing == "straight"
    unbent = [e.model_copy(update={"bends": []}) for e in cmap.edges]
    straight = drawn(cmap, routing="straight", edges=unbent)
    assert len({e for e, _ in links_through_boxes(straight)}) == 24
    assert len({e for e, _ in links_through_boxes(drawn(cmap, edges=unbent))}) <= 4
    for routing in ("orthogonal", "straight"):
        assert len({e for e, _ in links_through_boxes(drawn(cmap, routing=routing))}) <= 4
    cmap.routing = "curved"
    graphml.save(cmap, tmp_path / "again.graphml")
    assert graphml.load(tmp_path / "again.graphml").routing == "curved"


def test_a_yed_node_drawn_behind_others_is_their_frame(tmp_path: Path) -> None:
    """yEd authors frame blocks with a big plain node behind them: the FPGA round its blocks,
    LiteDRAM round three of them inside it. As boxes, the members covered them, so the
    positions were spread 3.3 times apart and the blocks fell outside their frames."""
    cmap = graphml.load(DATA / "interop/yed-frame-nodes.graphml")
    labels = {n.id: n.label for n in cmap.nodes}
    members = {labels[n.id]: labels.get(n.parent or "") for n in cmap.nodes}
    assert members["LiteDRAM"] == "FPGA"
    assert members["DFI Switch"] == members["PHY"] == "LiteDRAM"
    assert members["EtherBone"] == "FPGA"
    assert members["Host PC\n(Python scripts)"] is None and members["DRAM"] is None
    assert "apart" not in cmap.description  # drawn where yEd drew them
    nodes = {n.label: n for n in cmap.nodes}
    assert nodes["EtherBone"].y == nodes["Payload\nExecutor"].y == nodes["DRAM"].y
    again = round_trip(cmap, tmp_path, ".graphml")  # back out as yEd groups, and in again
    assert {n.label: n.parent for n in again.nodes} == {n.label: n.parent for n in cmap.nodes}


def test_a_yed_folder_is_read_from_the_realizer_yed_draws(tmp_path: Path) -> None:
    """A yEd group or folder holds a realizer for it open and one closed; yEd draws the active
    one. The first had been read: TorchStudio's nine closed module folders opened as nine
    boxes named "5", all on one spot, with the links to them converging there."""
    cmap = graphml.load(DATA / "interop/yed-closed-folders.graphml")
    folders = ["datasets", "analyzers", "renderers", "models", "loss", "metrics", "optim"]
    nodes = {n.label: n for n in cmap.nodes}
    assert "5" not in nodes
    assert all(name in nodes for name in [*folders, "schedulers"])
    assert len({(nodes[name].x, nodes[name].y) for name in folders}) == len(folders)
    # In a row, in yEd's order, at their closed size, in their own colours, boxes not frames.
    assert [nodes[name].x for name in folders] == sorted(nodes[name].x for name in folders)
    assert len({nodes[name].y for name in folders}) == 1
    assert nodes["datasets"].width == pytest.approx(75.3) and nodes["datasets"].height == 50
    assert nodes["datasets"].color == "#DDBBFF" and nodes["renderers"].color == "#FFCC00"
    parents = {n.parent for n in cmap.nodes}
    assert not {nodes[name].id for name in folders} & parents
    assert nodes["datasets"].parent == nodes["Module Scripts"].id  # in the group yEd drew
    again = round_trip(cmap, tmp_path, ".graphml")
    assert {n.label: (n.x, n.y) for n in again.nodes if n.label in folders} == {
        name: (nodes[name].x, nodes[name].y) for name in folders
    }


def test_gephis_graphml_is_drawn_as_gephi_drew_it() -> None:
    """Gephi's GraphML export holds positions as Gephi does, y up (as in GEXF), and sizes as
    plain keys: Les Misérables opened upside down with Valjean (100) as small as Labarre (4)."""
    cmap = graphml.load(DATA / "interop/gephi-miserables.graphml")
    nodes = {n.label: n for n in cmap.nodes}
    assert nodes["Valjean"].width == gexf.MAX_WIDTH and nodes["Labarre"].width == gexf.MIN_WIDTH
    assert nodes["Valjean"].color == "#F55B5B"
    # In the file Myriel's y is -299.7 and Valjean's 6.8: in Gephi, y up, Myriel is below.
    assert nodes["Myriel"].y > nodes["Valjean"].y
    assert nodes["Gavroche"].x > nodes["Valjean"].x  # x as it was (387.9 against -87.9)


def test_a_yed_node_with_a_blank_label_stays_unlabelled_at_its_size(qapp, tmp_path) -> None:
    """A frame of lines in yEd runs between 8 x 8 nodes whose labels are blank (Orange's RML
    code diagram): they were named by their ids, "n17" in a box 56 x 31."""
    y = 'xmlns:y="http://www.yworks.com/xml/graphml"'
    node = (
        '<node id="{id}"><data key="g"><y:ShapeNode><y:Geometry x="{x}" y="0" width="{w}" '
        'height="{h}"/><y:NodeLabel>{label}</y:NodeLabel></y:ShapeNode></data></node>'
    )
    text = (
        f'<graphml xmlns="http://graphml.graphdrawing.org/xmlns" {y}>'
        '<key id="g" for="node" yfiles.type="nodegraphics"/><graph edgedefault="directed">'
        + node.format(id="n17", x=0, w=8, h=8, label="  ")
        + node.format(id="n18", x=400, w=8, h=8, label="")
        + node.format(id="a", x=200, w=80, h=30, label="Class")
        + '<edge id="e" source="n17" target="n18"/></graph></graphml>'
    )
    path = tmp_path / "corners.graphml"
    path.write_text(text, encoding="utf-8")
    cmap = graphml.load(path)
    assert [n.label for n in cmap.nodes] == ["", "", "Class"]
    scene = MapScene(Document(cmap))
    corner = scene.node_items["n17"].box
    assert (corner.width(), corner.height()) == (8.0, 8.0)
    assert scene.node_items["a"].box.width() >= 80.0  # a labelled box as before


def test_yeds_black_label_on_a_fill_of_its_own_stays_black(qapp, tmp_path) -> None:
    """kubermatic's UML classes are #3366FF with yEd's black labels: they opened white on blue,
    the black dropped as yEd's default. Black on a fill of the node's own is what yEd shows;
    on a node without one (the kind's dark fill) it is still left to mapviewer."""
    y = 'xmlns:y="http://www.yworks.com/xml/graphml"'
    node = (
        '<node id="{id}"><data key="g"><y:ShapeNode><y:Geometry x="{x}" y="0" width="90" '
        'height="40"/>{fill}<y:NodeLabel textColor="{ink}">{id}</y:NodeLabel></y:ShapeNode>'
        "</data></node>"
    )
    blue = '<y:Fill color="#3366FF" transparent="false"/>'
    text = (
        f'<graphml xmlns="http://graphml.graphdrawing.org/xmlns" {y}>'
        '<key id="g" for="node" yfiles.type="nodegraphics"/><graph edgedefault="directed">'
        + node.format(id="Registry", x=0, fill=blue, ink="#000000")
        + node.format(id="Plain", x=200, fill="", ink="#000000")
        + node.format(id="Note", x=400, fill=blue, ink="#FFFFFF")
        + "</graph></graphml>"
    )
    path = tmp_path / "classes.graphml"
    path.write_text(text, encoding="utf-8")
    nodes = graphml.load(path).node_by_id()
    assert nodes["Registry"].text_color == "#000000"
    assert nodes["Plain"].text_color is None
    assert nodes["Note"].text_color is None  # white is what mapviewer picks on that blue
    scene = MapScene(Document(graphml.load(path)))
    assert scene.node_items["Registry"].style.text == QColor("#000000")


def test_yeds_flowchart_and_uml_nodes_take_the_nearest_shape(tmp_path: Path) -> None:
    """A flowchart's decision is a diamond, its terminator a pill, its data a parallelogram;
    a UML class a rectangle. They opened as rounded boxes, like everything else."""
    y = 'xmlns:y="http://www.yworks.com/xml/graphml"'
    node = (
        '<node id="{id}"><data key="g"><y:GenericNode configuration="{c}"><y:Geometry x="{x}" '
        'y="0" width="90" height="40"/><y:NodeLabel>{id}</y:NodeLabel></y:GenericNode></data>'
        "</node>"
    )
    flowchart = "com.yworks.flowchart."
    text = (
        f'<graphml xmlns="http://graphml.graphdrawing.org/xmlns" {y}>'
        '<key id="g" for="node" yfiles.type="nodegraphics"/><graph edgedefault="directed">'
        + node.format(id="Ask", c=flowchart + "decision", x=0)
        + node.format(id="Stop", c=flowchart + "terminator", x=200)
        + node.format(id="Input", c=flowchart + "data", x=400)
        + node.format(id="Other", c="com.example.unknown", x=600)
        + "</graph></graphml>"
    )
    path = tmp_path / "flow.graphml"
    path.write_text(text, encoding="utf-8")
    shapes = {
        n.label: drawn_look(cmap, n.label)[2] for cmap in [graphml.load(path)] for n in cmap.nodes
    }
    assert shapes == {
        "Ask": "diamond",
        "Stop": "pill",
        "Input": "parallelogram",
        "Other": "rounded",
    }
    uml = graphml.load(DATA / "interop/yed-uml-diamonds.graphml")
    assert {drawn_look(uml, n.label)[2] for n in uml.nodes} == {"rectangle"}


def test_yeds_gradient_nodes_are_told_apart_by_their_second_colour(tmp_path: Path) -> None:
    """Orange's Kafka pipeline (yEd): every node shades from the same near-white #E8EEF7, the
    three stages mapviewer's own code runs into yellow (#FFFF99), the rest into pale blue.
    They all opened the same near-white; the stages open yellow, the rest as before."""
    cmap = graphml.load(DATA / "interop/orange-kafka-pipeline.graphml")
    fills = {n.label: drawn_look(cmap, n.label)[0] for n in cmap.nodes}
    stages = ["KafkaSource", "RMLMapper", "KafkaSink"]
    assert {fills[name] for name in stages} == {"#FFFF99"}
    assert {fill for name, fill in fills.items() if name not in stages} == {"#E8EEF7"}
    again = round_trip(cmap, tmp_path, ".graphml")
    assert {n.label: n.color for n in again.nodes} == {n.label: n.color for n in cmap.nodes}
    # A hue shading into its own darker shade (#DDBBFF to #BB88EE) keeps the hue it starts from.
    folders = graphml.load(DATA / "interop/yed-closed-folders.graphml").node_by_id()
    assert {n.color for n in folders.values()} >= {"#DDBBFF", "#FFCC00"}


def test_a_yed_uml_diamond_is_no_arrowhead_and_goes_back_to_yed(tmp_path: Path) -> None:
    """UrDriver holds its interfaces: yEd draws a diamond at UrDriver's end and nothing at the
    other. Read as an arrowhead, the link had been turned round to point into UrDriver."""
    cmap = graphml.load(DATA / "interop/yed-uml-diamonds.graphml")
    labels = {n.id: n.label for n in cmap.nodes}
    links = [(labels[e.source], labels[e.target], e.directed) for e in cmap.edges]
    assert links[0] == ("UrDriver", "comm::ReverseInterface", False)
    assert not any(directed for _, _, directed in links)
    out = tmp_path / "again.graphml"
    graphml.save(cmap, out)
    arrows = ElementTree.parse(out).getroot().iter("{http://www.yworks.com/xml/graphml}Arrows")
    assert [(a.get("source"), a.get("target")) for a in arrows] == [("diamond", "none")] * 4
    # Made directed, it keeps its diamond (the link's tail) and gains a plain head.
    cmap.edges[0].directed = True
    graphml.save(cmap, out)
    first = next(ElementTree.parse(out).getroot().iter("{http://www.yworks.com/xml/graphml}Arrows"))
    assert (first.get("source"), first.get("target")) == ("diamond", "standard")
    # Its diamond taken away, a plain head alone is written.
    cmap.edges[0].tail = None
    graphml.save(cmap, out)
    first = next(ElementTree.parse(out).getroot().iter("{http://www.yworks.com/xml/graphml}Arrows"))
    assert (first.get("source"), first.get("target")) == ("none", "standard")


# --- Cytoscape --------------------------------------------------------------------------------


def test_a_cytoscape_js_stylesheet_gives_the_look_it_gives_in_cytoscape_js() -> None:
    """``cy.json()`` with a top-level ``style`` array: rules by group, type, weight, class and
    id, later ones over earlier ones and the element's own ``style`` over all; a state rule
    (``:selected``) passed over, a descendant selector left out and said."""
    with collecting_notes() as notes:
        cmap = cytoscape.load(STYLESHEET)
    look = {n.id: (n.label, *drawn_look(cmap, n.label)[::2], n.width, n.height) for n in cmap.nodes}
    assert look == {
        "pd1": ("PD-1", "#56B4E9", "diamond", 120.0, 40.0),  # label: data(display); #pd1
        "pembro": ("Pembrolizumab", "#F0A030", "ellipse", 120.0, 40.0),  # [type = 'drug']
        "tcell": ("T cell", "#888888", "rounded", 160.0, 40.0),  # [weight > 50]: "160px"
        "tumour": ("Tumour cell", "#009E73", "rounded", 120.0, 40.0),  # its own style wins
    }
    links = {e.id: (e.source, e.target, e.label, e.color, e.directed, e.arrows) for e in cmap.edges}
    assert links == {
        "e1": ("pembro", "pd1", "blocks", "#555555", True, None),
        "e2": ("pd1", "tcell", "sits on", "#555555", False, None),  # target-arrow-shape: none
        "e3": ("tcell", "tumour", "kills", "#D55E00", True, "both"),  # and a source arrow
        "e4": ("pd1", "tumour", "binds", "#555555", True, None),  # its head at the source
    }
    assert notes == ["1 stylesheet selector mapviewer does not read left out ('node > node')"]


def test_cytoscape_element_styles_size_and_direct_without_a_stylesheet() -> None:
    data = {
        "elements": {
            "nodes": [
                {"data": {"id": "a", "name": "A"}, "style": {"width": "150px", "height": 60}},
                {"data": {"id": "b", "name": "B"}},
            ],
            "edges": [
                {"data": {"id": "ab", "source": "a", "target": "b"}},
                {
                    "data": {"id": "ba", "source": "b", "target": "a"},
                    "style": {"target-arrow-shape": "none"},
                },
                {
                    "data": {"id": "aa", "source": "a", "target": "b"},
                    "style": {"source-arrow-shape": "triangle", "target-arrow-shape": "vee"},
                },
            ],
        }
    }
    cmap = cytoscape.from_data(data, "bypass.cyjs")
    assert (cmap.nodes[0].width, cmap.nodes[0].height) == (150.0, 60.0)
    assert cmap.nodes[1].width is None  # a desktop file says nothing: fit to the label
    assert [(e.id, e.directed, e.arrows) for e in cmap.edges] == [
        ("ab", False, None),  # nothing said: no arrowhead, as cytoscape.js and Cytoscape draw it
        ("ba", False, None),
        ("aa", True, "both"),
    ]


@shared
def test_cytoscape_desktop_files_draw_the_heads_their_styles_draw(tmp_path: Path) -> None:
    """A desktop ``.cyjs`` carries no style: GeneMANIA's interactions have no arrowhead in
    Cytoscape's default style (or in its demo page), KEGGscape's reactions one in KEGG Style.
    Undirected, they go back out undirected, to GraphML as to Cytoscape.js."""
    genemania = open_map(INTEROP / "cytoscape/genemania-export.cyjs")
    assert len(genemania.edges) == 255 and not any(e.directed for e in genemania.edges)
    tca = open_map(INTEROP / "cytoscape/tca-cycle-kegg.cyjs")
    assert len(tca.edges) == 139 and all(e.directed and not e.arrows for e in tca.edges)
    # Each interaction in GeneMANIA's colour for its kind of evidence, as its app draws it.
    colours = Counter((e.data["data_type"], e.color) for e in genemania.edges)
    assert colours[("Physical interactions", "#EAA2A3")] == 75
    assert colours[("Co-expression", "#D0B7D3")] == 62
    assert len(colours) == 6
    assert not any(e.directed for e in round_trip(genemania, tmp_path, ".graphml").edges)
    out = tmp_path / "genemania.cyjs"
    cytoscape.save(genemania, out)
    heads = Counter(
        e["style"]["target-arrow-shape"] for e in json.loads(out.read_text())["elements"]["edges"]
    )
    assert heads == {"none": 255}


def test_networkx_cytoscape_data_says_whether_links_have_heads() -> None:
    graph = nx.DiGraph([("pd1", "tcell")])
    directed = cytoscape.from_data(nx.cytoscape_data(graph), "directed.json")
    undirected = cytoscape.from_data(nx.cytoscape_data(graph.to_undirected()), "plain.json")
    assert [e.directed for e in directed.edges] == [True]
    assert [e.directed for e in undirected.edges] == [False]


def test_cytoscape_js_draws_the_heads_of_what_mapviewer_writes(tmp_path: Path) -> None:
    """Cytoscape.js's default edges (haystack) draw no arrowhead even when asked for one."""
    out = tmp_path / "heads.cyjs"
    cytoscape.save(cytoscape.load(STYLESHEET), out)
    edges = {e["data"]["id"]: e["style"] for e in json.loads(out.read_text())["elements"]["edges"]}
    assert edges["e1"] == {
        "line-color": "#555555",
        "target-arrow-shape": "triangle",
        "curve-style": "bezier",
    }
    assert edges["e2"]["target-arrow-shape"] == "none" and "curve-style" not in edges["e2"]


def test_cytoscape_writes_sizes_and_arrowheads_back(tmp_path: Path) -> None:
    cmap = cytoscape.load(STYLESHEET)
    out = tmp_path / "again.cyjs"
    cytoscape.save(cmap, out)
    written = json.loads(out.read_text(encoding="utf-8"))
    nodes = {n["data"]["id"]: n["style"] for n in written["elements"]["nodes"]}
    assert (nodes["tcell"]["width"], nodes["tcell"]["height"]) == (160.0, 40.0)
    edges = {e["data"]["id"]: e.get("style", {}) for e in written["elements"]["edges"]}
    assert edges["e2"]["target-arrow-shape"] == "none"
    assert edges["e3"]["source-arrow-shape"] == edges["e3"]["target-arrow-shape"] == "triangle"
    assert cytoscape.load(out).model_dump() == cmap.model_dump()
    # Read as a stranger's file (no mapviewer metadata), the styles alone say the same.
    for element in written["elements"]["nodes"] + written["elements"]["edges"]:
        element["data"].pop("mapviewer", None)
    written["data"].pop("mapviewer")
    stranger = cytoscape.from_data(written, "stranger.cyjs")
    assert [(e.directed, e.arrows) for e in stranger.edges] == [
        (e.directed, e.arrows) for e in cmap.edges
    ]
    assert [n.width for n in stranger.nodes] == [n.width for n in cmap.nodes]


# --- Gephi ------------------------------------------------------------------------------------


def _gexf_parts(path: Path) -> tuple[dict[str, str], list[tuple[str, str, str, str | None]], set]:
    """Each node's viz:size, each edge's (id, source, target, weight), and the titles of the
    edge attributes, as Gephi reads them from the file."""
    root = ElementTree.parse(path).getroot()
    sizes = {}
    for node in root.iter():
        if node.tag.endswith("}node"):
            size = next((p for p in node if p.tag.endswith("}size")), None)
            sizes[node.get("id", "")] = size.get("value", "") if size is not None else ""
    edges = [
        (e.get("id", ""), e.get("source", ""), e.get("target", ""), e.get("weight"))
        for e in root.iter()
        if e.tag.endswith("}edge")
    ]
    titles = {
        a.get("title")
        for block in root.iter()
        if block.tag.endswith("}attributes") and block.get("class") == "edge"
        for a in block
    }
    return sizes, edges, titles


@shared
@pytest.mark.parametrize(
    "name", ["les-miserables-gephi081", "us-airports-gephi093", "les-miserables-gephilite"]
)
def test_gephi_files_go_back_with_their_sizes_weights_and_edge_ids(name: str, tmp_path) -> None:
    """Exported again, Gephi's files keep each node's viz:size (Les Misérables' 4 to 100
    went out as box widths, 70 to 240), each edge's id (77 of Les Misérables' 254 and 235
    of US Airports' 1,297 went out renamed "e0", "e1"...) and its weight in ``weight``
    (157 of Les Misérables' went out as a "weight" attribute)."""
    source = INTEROP / f"gexf/{name}.gexf"
    out = tmp_path / "again.gexf"
    gexf.save(gexf.load(source), out)
    sizes, edges, _ = _gexf_parts(source)
    sizes_out, edges_out, titles = _gexf_parts(out)
    assert {k: float(v) for k, v in sizes_out.items()} == {k: float(v) for k, v in sizes.items()}
    assert [e[:3] for e in edges_out] == [e[:3] for e in edges]
    assert [float(e[3]) if e[3] else None for e in edges_out] == [
        float(e[3]) if e[3] else None for e in edges
    ]
    assert "weight" not in titles and "original_id" not in titles


def _without_our_metadata(path: Path, into: Path) -> None:
    """The file as a tool that drops what it does not know writes it again: no mapviewer
    element in ``<meta>`` and no mapviewer attribute values."""
    tree = ElementTree.parse(path)
    ours = {
        a.get("id")
        for a in tree.iter()
        if a.tag.endswith("}attribute") and a.get("title") == "mapviewer"
    }
    for parent in list(tree.iter()):
        for part in list(parent):
            tag = part.tag.rsplit("}", 1)[-1]
            if tag == "mapviewer" or (tag == "attvalue" and part.get("for") in ours):
                parent.remove(part)
    tree.write(into, encoding="utf-8", xml_declaration=True)


@shared
def test_a_box_widened_after_a_gephi_import_gets_the_size_gephi_would_give_it(tmp_path) -> None:
    """The sizes are the reader's widths turned round: a stranger's reader (no metadata)
    gives every box back the width it had, the widened one included."""
    cmap = gexf.load(INTEROP / "gexf/les-miserables-gephi081.gexf")
    napoleon = next(n for n in cmap.nodes if n.label == "Napoleon")
    assert (napoleon.width, napoleon.data["gephi-size"]) == (70.0, 4.0)  # the smallest
    napoleon.width = 240.0  # as wide as the largest, Valjean (100)
    out = tmp_path / "widened.gexf"
    gexf.save(cmap, out)
    assert float(_gexf_parts(out)[0][napoleon.id]) == 100.0
    stranger = tmp_path / "stranger.gexf"
    _without_our_metadata(out, stranger)
    again = {n.id: n.width for n in gexf.load(stranger).nodes}
    assert again == {n.id: n.width for n in cmap.nodes}


def test_a_map_of_our_own_goes_to_gephi_at_gephis_sizes(tmp_path) -> None:
    """No Gephi sizes to go back to: 10, Gephi's size of a new node, for the narrowest box a
    Gephi import gives (70), wider boxes in proportion; not box widths of 60 to 260."""
    cmap = ConceptMap(
        nodes=[
            Node(id="a", label="A", x=0, y=0, width=70.0),
            Node(id="b", label="B", x=300, y=0, width=140.0),
            Node(id="c", label="C", x=0, y=200, width=240.0),
        ]
    )
    out = tmp_path / "ours.gexf"
    gexf.save(cmap, out)
    sizes = {k: float(v) for k, v in _gexf_parts(out)[0].items()}
    assert sizes == {"a": 10.0, "b": 20.0, "c": pytest.approx(34.285714)}


@shared
def test_gephis_links_take_their_source_concepts_colour_as_gephi_draws_them(qapp, tmp_path) -> None:
    """Gephi draws an undirected edge without a colour half way between its nodes' colours
    (its Overview's Edge2dModel, its Preview's default preset): Les Misérables' 254 edges show
    which communities they join. They all opened grey, then all in the source's colour (69
    joining two communities, Valjean's red to Cosette's purple among them, drawn red). Pale
    ones (the greens, 1.2 to 1.4:1 on the light canvas) are drawn a shade darker in their own
    hue, not grey."""
    cmap = gexf.load(INTEROP / "gexf/les-miserables-gephi081.gexf")
    colour = {n.id: n.color for n in cmap.nodes}
    assert len(cmap.edges) == 254 and not any(e.directed for e in cmap.edges)
    inside = [e for e in cmap.edges if colour[e.source] == colour[e.target]]
    assert len(inside) == 185 and all(e.color == colour[e.source] for e in inside)
    between = [e for e in cmap.edges if colour[e.source] != colour[e.target]]
    for edge in between:
        ends = [QColor(colour[edge.source]), QColor(colour[edge.target])]
        own = QColor(edge.color)
        for channel in ("red", "green", "blue"):
            halves = sum(getattr(end, channel)() for end in ends) / 2
            assert abs(getattr(own, channel)() - halves) <= 1, (edge.id, edge.color)
    drawn = drawn_colours(cmap)
    canvas = rgb(LIGHT.canvas)
    for edge in cmap.edges:
        own, painted = QColor(edge.color), QColor(drawn[edge.id])
        assert painted != LIGHT.link
        assert abs(own.hsvHue() - painted.hsvHue()) <= 3, (edge.color, drawn[edge.id])
        assert contrast(rgb(painted), canvas) >= 1.5
    pale = [e for e in cmap.edges if contrast(rgb(QColor(e.color)), canvas) < 1.5]
    assert len(pale) > 100  # the greens and teals: the test would pass vacuously without them
    out = tmp_path / "again.gexf"
    gexf.save(cmap, out)
    again = gexf.load(out)
    assert [e.color for e in again.edges] == [e.color for e in cmap.edges]


@shared
def test_the_web_page_draws_gephis_link_colours_as_the_window_does(qapp) -> None:
    """File > Export as a web page: each link in the colour the window draws it on the same
    canvas, the pale greens a shade darker too (the page drew them as given, 1.2:1)."""
    cmap = gexf.load(INTEROP / "gexf/les-miserables-gephi081.gexf")
    assert html.PAGE_CANVAS.upper() == LIGHT.canvas.name().upper()
    page = {e["id"]: e["color"] for e in html.page_data(cmap)["edges"]}
    assert page == drawn_colours(cmap)


@shared
def test_gephi_lites_links_stay_grey_and_a_near_white_source_draws_them_in_the_themes_grey(
    qapp,
) -> None:
    """Gephi Lite (graphology, no ``<creator>``) draws edges in their own colour or grey: its
    Les Misérables opens with grey links. US Airports' 27 links too pale to see on the light
    canvas (under 1.5:1) take a colour between their airports': the 9 between two of its
    palest (#F6F3F4 and the like, 1.07:1) have no hue to keep and are drawn in the theme's
    link grey, not white; the 18 pale greens (#BEDCB0, ...) are drawn green, a shade darker
    (they had been grey too, as HSV saturation, 0.2, called them greys)."""
    lite = gexf.load(INTEROP / "gexf/les-miserables-gephilite.gexf")
    assert {e.color for e in lite.edges} == {None}
    airports = gexf.load(INTEROP / "gexf/us-airports-gephi093.gexf")
    canvas = rgb(LIGHT.canvas)
    pale = {e.id: e.color for e in airports.edges if contrast(parse(e.color), canvas) < 1.5}
    assert len(pale) == 27
    drawn = drawn_colours(airports)
    grey = LIGHT.link.name().upper()
    white = [i for i in pale if drawn[i] == grey]
    assert len(white) == 9 and all(difference(parse(pale[i]), WHITE) < 9 for i in white)
    for i in pale.keys() - set(white):
        assert difference(parse(drawn[i]), parse(pale[i])) < 6  # a shade darker, still green
        assert contrast(parse(drawn[i]), canvas) >= 1.5


# --- Obsidian ---------------------------------------------------------------------------------


@shared
def test_an_obsidian_canvas_draws_its_uncoloured_cards_white_as_obsidian_does(
    qapp, tmp_path
) -> None:
    """Obsidian draws every card without a colour white with a grey edge, and such a group as
    a grey outline: the Stardust overview's 37 text, 11 file and 4 link cards opened slate,
    orange and green, its 8 plain groups blue. Its three coloured groups keep their presets,
    and the cards go back to a canvas still without a colour."""
    path = INTEROP / "canvas/stardust-solid-aurora-overview.canvas"
    cmap = open_map(path)
    kinds = {k.id: k.color for k in cmap.kinds}
    assert kinds == {"text": "#FFFFFF", "file": "#FFFFFF", "link": "#FFFFFF", "group": "#C0C0C0"}
    scene = drawn(cmap)
    cards = Counter(n.kind for n in cmap.nodes if n.color is None and n.kind != "group")
    assert cards == {"text": 37, "file": 11, "link": 4}
    for node in cmap.nodes:
        item = scene.node_items[node.id]
        if node.kind != "group":
            assert item.style.fill.name().upper() == "#FFFFFF", node.label
            assert contrast(rgb(item.style.border), rgb(LIGHT.canvas)) >= 3  # the grey edge
            assert contrast(rgb(item.style.text), rgb(item.style.fill)) >= 4.5
    groups = {n.label: n.color for n in cmap.nodes if n.kind == "group"}
    assert sorted(c for c in groups.values() if c) == ["#00BFBC", "#08B94E", "#E0AC00"]
    out = tmp_path / "again.canvas"
    jsoncanvas.save(cmap, out)
    written = json.loads(out.read_text(encoding="utf-8"))["nodes"]
    assert sum(1 for card in written if "color" in card) == 3


@shared
def test_a_coloured_canvas_card_is_outlined_in_its_colour_as_obsidian_draws_it(
    qapp, tmp_path
) -> None:
    """Obsidian draws a coloured card white with a 7 % tint of its colour, an edge in the colour
    and its text as any card's: the spec sample's readme.md (preset 6, purple) was a solid
    purple block under white text. The canvas goes back with the preset, opens tinted again,
    and a map saved by mapviewer keeps the fills its author chose."""
    path = INTEROP / "canvas/jsoncanvas-sample.canvas"
    cmap = open_map(path)
    assert cmap.fills == "tinted"
    readme = next(n for n in cmap.nodes if n.label == "readme.md")
    style = drawn(cmap).node_items[readme.id].style
    purple = QColor(readme.color)
    assert contrast(rgb(style.fill), (1.0, 1.0, 1.0)) < 1.15  # a tint, nearly white
    assert style.fill.hslHue() == pytest.approx(purple.hslHue(), abs=6)
    assert style.border == purple and style.text == LIGHT.text
    solid = drawn(cmap, fills="filled").node_items[readme.id].style
    assert solid.fill == purple  # what it drew before
    jsoncanvas.save(cmap, tmp_path / "again.canvas")
    written = json.loads((tmp_path / "again.canvas").read_text(encoding="utf-8"))
    assert [c.get("color") for c in written["nodes"] if c.get("file") == "readme.md"] == ["6"]
    assert open_map(tmp_path / "again.canvas").fills == "tinted"
    cmap.fills = "filled"  # the author's choice, made in mapviewer, goes with the file
    jsoncanvas.save(cmap, tmp_path / "filled.canvas")
    assert open_map(tmp_path / "filled.canvas").fills == "filled"


@shared
def test_canvas_edges_leave_and_reach_the_sides_obsidian_anchors_them_to(qapp, tmp_path) -> None:
    """Every edge of a canvas names the sides of its cards it runs between (fromSide, toSide),
    and Obsidian draws it from the middle of one to the middle of the other, leaving each
    square to its side. The Stardust install flowchart's 13 edges ran centre to centre: its
    four "Installed" links met that card's top from every direction."""
    cmap = open_map(INTEROP / "canvas/stardust-install-process.canvas")
    assert [(e.from_side, e.to_side) for e in cmap.edges].count(("bottom", "top")) == 11
    scene = drawn(cmap)
    for edge in cmap.edges:
        item = scene.edge_items[edge.id]
        # Where the link meets each card: its arrowhead's tip where it has one (the line
        # stops inside the head), else the line's end.
        start = QPointF(*item.tail_tip) if item.tail_tip else item.curve.pointAtPercent(0)
        end = QPointF(*item.arrow_tip) if item.has_head else item.curve.pointAtPercent(1)
        for point, node_id, side in (
            (start, edge.source, edge.from_side),
            (end, edge.target, edge.to_side),
        ):
            box = scene.node_items[node_id].scene_box()
            middle = {
                "top": QPointF(box.center().x(), box.top()),
                "bottom": QPointF(box.center().x(), box.bottom()),
                "left": QPointF(box.left(), box.center().y()),
                "right": QPointF(box.right(), box.center().y()),
            }[side]
            assert (point - middle).manhattanLength() < 1.5, (edge.label, side)
        if edge.from_side == "bottom":  # leaving straight down, not towards the other end
            step = item.curve.pointAtPercent(0.03) - start
            assert step.y() > 0 and abs(step.x()) < step.y() / 4
    pieces = sum(len(lines) for lines in scene.link_lines().values())
    assert pieces > 5 * len(cmap.edges)  # the far-zoom overview follows the curves too
    jsoncanvas.save(cmap, tmp_path / "again.canvas")
    written = json.loads((tmp_path / "again.canvas").read_text(encoding="utf-8"))["edges"]
    assert [(e["fromSide"], e["toSide"]) for e in written] == [
        (e.from_side, e.to_side) for e in cmap.edges
    ]
    again = round_trip(cmap, tmp_path, ".graphml")  # a format without sides: kept in our meta
    assert [(e.from_side, e.to_side) for e in again.edges] == [
        (e.from_side, e.to_side) for e in cmap.edges
    ]


def test_a_canvas_curves_its_links_round_the_cards_as_obsidian_does(qapp, tmp_path) -> None:
    """Obsidian curves every edge round the cards between its ends. Drawn straight, a canvas
    laid out as Divengine's welcome page (a title card over two columns of cards) ran its links
    to the lower cards under the upper ones; curved, none passes under a card, and a map
    saved by mapviewer keeps the routing its author chose."""
    from ..test_map_layout import links_through_boxes  # noqa: PLC0415

    cards = [
        {"id": "top", "type": "text", "text": "Open Source", "x": -125, "y": -400, "width": 250},
        {"id": "blog", "type": "file", "file": "Blog.md", "x": -500, "y": -300, "width": 400},
        {"id": "docs", "type": "file", "file": "Docs.md", "x": 100, "y": -300, "width": 400},
        {"id": "tools", "type": "file", "file": "Tools.md", "x": -500, "y": 20, "width": 400},
        {"id": "videos", "type": "file", "file": "Videos.md", "x": 100, "y": 20, "width": 400},
    ]
    for card in cards:
        card["height"] = 60 if card["id"] == "top" else 240 if card["y"] < 0 else 160
    edges = [
        {"id": f"e{i}", "fromNode": "top", "fromSide": "bottom", "toNode": to, "toSide": side}
        for i, (to, side) in enumerate(
            [("blog", "right"), ("docs", "left"), ("tools", "right"), ("videos", "left")]
        )
    ]
    path = tmp_path / "welcome.canvas"
    path.write_text(json.dumps({"nodes": cards, "edges": edges}), encoding="utf-8")
    cmap = open_map(path)
    assert cmap.routing == "curved"
    assert links_through_boxes(drawn(cmap)) == []  # anchored at the sides the file gives
    free = [e.model_copy(update={"from_side": None, "to_side": None}) for e in cmap.edges]
    assert links_through_boxes(drawn(cmap, edges=free)) == []  # routed round the cards
    assert len(links_through_boxes(drawn(cmap, edges=free, routing="straight"))) == 2  # before
    cmap.routing = "straight"  # the author's choice, made in mapviewer, goes with the file
    jsoncanvas.save(cmap, tmp_path / "again.canvas")
    assert open_map(tmp_path / "again.canvas").routing == "straight"


def test_cytoscape_js_true_false_and_presence_tests() -> None:
    """``[?field]``, ``[!field]``, ``[^field]`` and ``[field = false]``, as cytoscape.js
    stylesheets mark directed and special elements."""
    data = {
        "elements": [
            {"data": {"id": "a", "hub": True}},
            {"data": {"id": "b", "hub": False, "note": "x"}},
            {"data": {"id": "c"}},
            {"data": {"id": "ab", "source": "a", "target": "b", "directed": True}},
            {"data": {"id": "bc", "source": "b", "target": "c", "directed": "no"}},
        ],
        "style": [
            {"selector": "node[?hub]", "style": {"shape": "diamond"}},
            {"selector": "node[!hub]", "style": {"shape": "ellipse"}},
            {"selector": "node[^note][hub = false]", "style": {"background-color": "#FF0000"}},
            {"selector": "node[^note]", "style": {"width": 150}},
            {"selector": "edge[directed = true]", "style": {"target-arrow-shape": "vee"}},
        ],
    }
    cmap = cytoscape.from_data(data, "flags.json")
    nodes = {n.id: (n.shape, n.color, n.width) for n in cmap.nodes}
    assert nodes == {
        "a": ("diamond", None, 150.0),
        "b": ("ellipse", None, None),  # it has a note: [^note] is not it
        "c": ("ellipse", None, 150.0),  # no hub field: [!hub] is it, [hub = false] is not
    }
    assert [(e.id, e.directed) for e in cmap.edges] == [("ab", True), ("bc", False)]
