"""GEXF (Gephi): labels, typed attributes, viz position/size/colour, y flipped to grow down;
and GEXF 1.3 written for Gephi that opens again as the map it was."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import networkx
import pytest

from mapviewer.io import gexf
from mapviewer.io.registry import open_map
from mapviewer.model import ConceptMap, Edge, Kind, Node
from mapviewer.problems import MapFileError

from ..conftest import DATA, needs_shared
from ..conftest import INTEROP as SHARED_INTEROP
from .util import drawn_look

INTEROP = DATA / "interop"


def test_gexf_13_attributes_viz_and_kinds() -> None:
    cmap = gexf.load(INTEROP / "small-13.gexf")
    assert cmap.title == "Small Gephi graph"
    assert "Gephi 0.10.1" in cmap.description and "Three characters." in cmap.description
    assert [k.label for k in cmap.kinds] == ["hero", "officer"]  # from the "type" attribute
    nodes = cmap.node_by_id()
    valjean, javert = nodes["0"], nodes["1"]
    # One node has a viz:size: nothing to be in proportion to, so its box fits its label.
    assert (valjean.label, valjean.kind, valjean.width) == ("Valjean", "hero", None)
    assert valjean.data == {"score": 2.5, "main": True, "gephi-size": 40.0}  # written back
    assert javert.data == {"score": 0.5}  # the attribute's default
    assert (drawn_look(cmap, "Valjean")[0], drawn_look(cmap, "Javert")[0]) == ("#F55B5B", "#00FF00")
    # Gephi's y grows upwards: Valjean is lower-left in Gephi, so lower-left here too.
    assert valjean.x < javert.x and valjean.y < javert.y
    assert (valjean.x, valjean.y) == (-100.0, -50.0)
    assert nodes["2"].parent == "0" and not nodes["2"].placed


def test_edge_ids_shared_with_nodes_are_renamed_and_weights_kept() -> None:
    cmap = gexf.load(INTEROP / "small-13.gexf")
    pursues = cmap.edges[0]
    # Gephi numbers nodes and edges from 0; mapviewer ids name one thing each.
    assert (pursues.id, pursues.source, pursues.target) == ("e0", "1", "0")
    assert pursues.label == "pursues"
    assert pursues.data == {"since": 1815, "weight": 3.0, "original_id": "0"}  # written back


def test_gexf_12_with_a_malformed_viz_namespace() -> None:
    cmap = open_map(INTEROP / "small-12.gexf")
    nodes = cmap.node_by_id()
    # (0, 0) and (10, 10), y up: centred, y turned down, spread as their boxes would meet.
    a, b = nodes["a"], nodes["b"]
    assert (a.x, a.y) == (-b.x, -b.y) and a.x == -a.y < -5.0 and a.width is None
    assert [(e.source, e.target) for e in cmap.edges] == [("a", "b")]


def test_not_a_gexf_file(tmp_path: Path) -> None:
    path = tmp_path / "graph.gexf"
    path.write_text('<?xml version="1.0"?>\n<graphml><graph/></graphml>', encoding="utf-8")
    with pytest.raises(MapFileError, match=r"graph.gexf:2:1: not a GEXF file: root <graphml>"):
        gexf.load(path)


# --- writing ------------------------------------------------------------------------------------

GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
GEPHI_FILES = sorted((SHARED_INTEROP / "gexf").glob("*.gexf")) if SHARED_INTEROP.exists() else []


def drawn_map() -> ConceptMap:
    """Everything a person can give a concept or a link a look with, and groups two deep."""
    return ConceptMap(
        title="Drawn",
        description="Checkpoints, their ligands and the drugs that block them.",
        focus_question="What do checkpoint inhibitors block?",
        kinds=[Kind(id="drug", label="Drug", color="#E69F00", shape="diamond")],
        nodes=[
            Node(id="checkpoints", label="Checkpoints", x=0, y=0, color="#CC79A7"),
            Node(id="pd1", label="PD-1", x=-80, y=10, parent="checkpoints", width=150.0),
            Node(id="ligands", label="Ligands", x=60, y=-110, parent="checkpoints"),
            Node(id="pdl1", label="PD-L1", x=40, y=-120.5, parent="ligands", shape="ellipse"),
            Node(id="pembro", label="Pembrolizumab", x=300, y=40, kind="drug"),
            Node(id="t", label="T cell", x=-300, y=200, text_color="#0072B2", shape="hexagon"),
        ],
        edges=[
            Edge(id="blocks", source="pembro", target="pd1", label="blocks", color="#D55E00"),
            Edge(id="binds", source="pdl1", target="pd1", label="binds", directed=False),
            Edge(id="on", source="pd1", target="t", label="is on", dash="dash"),
            Edge(id="maybe", source="t", target="pembro", label="maybe", dash="dashdot"),
        ],
    )


def test_our_gexf_is_gexf_13_with_the_look_gephi_draws(tmp_path: Path) -> None:
    path = tmp_path / "drawn.gexf"
    gexf.save(drawn_map(), path)
    assert path.read_bytes().startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ElementTree.parse(path).getroot()  # the standard library's parser takes it
    assert (root.tag, root.get("version")) == (f"{GEXF}gexf", "1.3")
    graph = root.find(f"{GEXF}graph")
    assert graph is not None and graph.get("defaultedgetype") == "directed"
    nodes = {n.get("id"): n for n in graph.iter(f"{GEXF}node")}

    def viz(element: ElementTree.Element, part: str) -> dict[str, str]:
        found = element.find(f"{VIZ}{part}")
        return dict(found.attrib) if found is not None else {}

    assert viz(nodes["checkpoints"], "color") == {"r": "204", "g": "121", "b": "167"}
    assert viz(nodes["pembro"], "color") == {"r": "230", "g": "159", "b": "0"}  # its kind's
    assert viz(nodes["pembro"], "shape") == {"value": "diamond"}  # its kind's
    assert viz(nodes["pdl1"], "shape") == {"value": "disc"}
    # Gephi's sizes: 10 (a new node's in Gephi) for the narrowest box, the others in proportion.
    assert viz(nodes["pd1"], "size") == {"value": "21.428571"}  # a box 150 wide
    # Gephi's y points up: PD-L1, above the group's centre here, is above it in Gephi.
    assert viz(nodes["pdl1"], "position") == {"x": "40.0", "y": "120.5", "z": "0.0"}
    # Groups nest as GEXF's hierarchy: PD-L1 inside Ligands inside Checkpoints.
    inner = f"{GEXF}nodes/{GEXF}node"
    assert [n.get("id") for n in nodes["checkpoints"].findall(inner)] == ["pd1", "ligands"]
    assert [n.get("id") for n in nodes["ligands"].findall(inner)] == ["pdl1"]
    assert [n.get("id") for n in graph.findall(inner)] == ["checkpoints", "pembro", "t"]
    edges = {e.get("id"): e for e in graph.iter(f"{GEXF}edge")}
    assert edges["binds"].get("type") == "undirected"
    assert edges["blocks"].get("type") is None  # the graph's default: directed
    assert viz(edges["blocks"], "color") == {"r": "213", "g": "94", "b": "0"}
    assert viz(edges["on"], "shape") == {"value": "dashed"}
    assert viz(edges["maybe"], "shape") == {"value": "dashed"}  # GEXF has no dash-dot
    assert (edges["on"].get("source"), edges["on"].get("target")) == ("pd1", "t")
    assert edges["on"].get("label") == "is on"


def test_a_drawn_map_with_groups_two_deep_comes_back_as_it_was(tmp_path: Path) -> None:
    original = drawn_map()
    path = tmp_path / "drawn.gexf"
    gexf.save(original, path)
    back = gexf.load(path)
    assert back.node_by_id()["pdl1"].parent == "ligands"
    assert back.node_by_id()["ligands"].parent == "checkpoints"
    assert back.edge_by_id()["maybe"].dash == "dashdot"  # drawn dashed in Gephi, kept here
    back.nodes.sort(key=lambda n: n.id)
    original.nodes.sort(key=lambda n: n.id)
    assert back.model_dump() == original.model_dump()


def test_an_undirected_gephi_graph_goes_back_out_undirected(tmp_path: Path) -> None:
    cmap = drawn_map()
    for edge in cmap.edges:
        edge.directed = False
    path = tmp_path / "undirected.gexf"
    gexf.save(cmap, path)
    graph = ElementTree.parse(path).getroot().find(f"{GEXF}graph")
    assert graph is not None and graph.get("defaultedgetype") == "undirected"
    assert not any(e.get("type") for e in graph.iter(f"{GEXF}edge"))
    assert not any(e.directed for e in gexf.load(path).edges)


@needs_shared(SHARED_INTEROP)
@pytest.mark.parametrize("source", GEPHI_FILES, ids=lambda p: p.name)
def test_gephis_own_files_survive_our_gexf(tmp_path: Path, source: Path) -> None:
    first = gexf.load(source)
    path = tmp_path / source.name
    gexf.save(first, path)
    again = gexf.load(path)
    assert (len(again.nodes), len(again.edges)) == (len(first.nodes), len(first.edges))

    def drawn(cmap: ConceptMap) -> dict[str, tuple]:
        return {n.id: (n.color, n.x, n.y, n.width) for n in cmap.nodes}

    assert drawn(again) == drawn(first)
    assert len({n.color for n in again.nodes}) >= 8  # the communities' colours, not grey
    assert [e.directed for e in again.edges] == [e.directed for e in first.edges]
    assert again.model_dump() == first.model_dump()


def test_text_xml_cannot_hold_never_makes_the_file_invalid(tmp_path: Path) -> None:
    """Control characters are not allowed in XML 1.0: they travel in our metadata's JSON."""
    cmap = ConceptMap(
        title="Bell\x07",
        nodes=[
            Node(id="a", label="NUL\x00 and ESC\x1b", description="tab\tfeed\x0c", x=0, y=0),
            Node(id="b", label="B", data={"note": "bell\x07", "Kind": "not the kind", "n": 2**70}),
        ],
        edges=[Edge(id="ab", source="a", target="b", label="form\x0cfeed")],
    )
    path = tmp_path / "bad.gexf"
    gexf.save(cmap, path)
    ElementTree.parse(path)
    back = gexf.load(path)
    assert back.model_dump() == cmap.model_dump()
    assert back.node_by_id()["b"].kind is None  # a data field named "Kind" stays data


def test_another_gexf_reader_sees_the_drawing(tmp_path: Path) -> None:
    """networkx knows nothing of our metadata: positions, colours, sizes and the hierarchy
    are GEXF's own."""
    cmap = drawn_map()
    for edge in cmap.edges:
        edge.directed = True  # networkx refuses a graph with links of both sorts
    path = tmp_path / "drawn.gexf"
    gexf.save(cmap, path)
    graph = networkx.read_gexf(path)
    assert graph.is_directed() and graph.number_of_edges() == 4
    pdl1 = graph.nodes["pdl1"]
    assert (pdl1["label"], pdl1["pid"]) == ("PD-L1", "ligands")
    assert pdl1["viz"]["position"] == {"x": 40.0, "y": 120.5, "z": 0.0}
    assert graph.nodes["pembro"]["kind"] == "drug"
    assert graph.nodes["checkpoints"]["viz"]["color"] == {"r": 204, "g": 121, "b": 167, "a": 1.0}
