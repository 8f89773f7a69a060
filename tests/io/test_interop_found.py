"""Real files made by Gephi, Cytoscape and Obsidian, found on GitHub (tests/data/interop/
SOURCES.md), open looking as their tools drew them."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from PySide6.QtGui import QImage

from mapviewer.colours import LEAST_LINE_CONTRAST, contrast, difference, line_on, parse, to_hex
from mapviewer.document import Document
from mapviewer.io import cxl, cytoscape, gexf, graphml, jsoncanvas
from mapviewer.io.registry import open_map, open_map_noting
from mapviewer.model import picture_parts
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.style import DARK, LIGHT, Theme, concept_style, kind_styles, rgb

from ..conftest import DATA
from .test_interop_looks import drawn_colours
from .util import drawn_look, round_trip

GENEMANIA_WEB = DATA / "interop/genemania-web-elements.json"


def test_genemanias_web_network_draws_each_kind_of_evidence_in_its_colour(qapp) -> None:
    """GeneMANIA's page gives cytoscape.js bare elements, each interaction's kind a code in
    ``group`` (cytoscape.js's gene demos): its 593 links had all opened grey."""
    cmap = open_map(GENEMANIA_WEB)
    assert len(cmap.nodes) == 21 and len(cmap.edges) == 593
    colours = drawn_colours(cmap)
    seen = Counter((e.data["group"], colours[e.id]) for e in cmap.edges)
    assert seen[("coexp", "#D0B7D3")] == 253  # co-expression lilac
    assert seen[("pi", "#EAA2A3")] == 113  # physical interactions pink
    assert seen[("predict", "#F6C28C")] == 95
    assert seen[("path", "#9BD8DD")] == 82
    assert seen[("coloc", "#A0B3D8")] == 23
    assert not any(e.directed for e in cmap.edges)  # as cytoscape.js draws them


@pytest.mark.parametrize("theme", (LIGHT, DARK), ids=("light", "dark"))
def test_genemanias_sand_links_are_drawn_sand_not_grey(qapp, theme: Theme) -> None:
    """GeneMANIA's "shared protein domains" are sand (#DAD4A8): its 27 links had been drawn in
    the theme's grey, the darkest lines of the light map, as HSV saturation (0.229) called the
    sand a grey. They are sand now, on the light canvas a hair darker so they still stand out
    from it at 1.5:1, as every pale link colour does; a true grey still takes the theme's."""
    cmap = open_map(GENEMANIA_WEB)
    colours = drawn_colours(cmap, theme)
    sand = {colours[e.id] for e in cmap.edges if e.data["group"] == "spd"}
    assert len([e for e in cmap.edges if e.data["group"] == "spd"]) == 27 and len(sand) == 1
    drawn = parse(sand.pop())
    assert difference(drawn, parse("#DAD4A8")) < 3  # the same sand to the eye
    assert contrast(drawn, rgb(theme.canvas)) >= LEAST_LINE_CONTRAST
    black = line_on(parse("#101820"), rgb(DARK.canvas), rgb(DARK.link))
    assert to_hex(black) == DARK.link.name().upper()  # a near-black on the dark canvas


def test_canvas_groups_laid_across_each_other_leave_the_cards_where_they_are(tmp_path) -> None:
    """A course canvas (CoreMedia's overview, no licence to copy it) lays three level bands
    2040 wide across four subject columns, each card in a column and a band. The two bands
    holding no card of their own counted as boxes covering every card: the cards were spread
    2.59 times apart, out of their columns. Obsidian draws them where the file puts them."""

    def group(ident: str, x: int, y: int, w: int, h: int) -> dict[str, object]:
        return {
            "id": ident,
            "type": "group",
            "x": x,
            "y": y,
            "width": w,
            "height": h,
            "label": ident,
        }

    def card(ident: str, x: int, y: int) -> dict[str, object]:
        return {
            "id": ident,
            "type": "text",
            "text": ident,
            "x": x,
            "y": y,
            "width": 250,
            "height": 60,
        }

    bands = [group("Basic", -1560, 300, 2040, 660), group("Advanced", -1560, 960, 2040, 600)]
    columns = [group(f"column{i}", -1320 + 460 * i, 300, 420, 1260) for i in range(4)]
    cards = [card(f"{i}.{j}", -1235 + 460 * i, 412 + 170 * j) for i in range(4) for j in range(6)]
    path = tmp_path / "course.canvas"
    path.write_text(json.dumps({"nodes": [*bands, *columns, *cards], "edges": []}))
    cmap = open_map(path)
    assert "apart" not in cmap.description
    nodes = {n.id: n for n in cmap.nodes}
    # Each card 460 from its neighbour's column and 170 below the one above, as in the file.
    assert nodes["1.0"].x - nodes["0.0"].x == 460 and nodes["0.1"].y - nodes["0.0"].y == 170
    assert all(nodes[c["id"]].parent == f"column{c['id'][0]}" for c in cards)


SBGN = DATA / "interop/sbgn-glycolysis-elements.json"


def test_an_sbgn_pathway_opens_named_and_shaped_as_sbgn_draws_it(qapp, tmp_path) -> None:
    """cytoscape.js's glycolysis demo, as SBGNViz writes a map: each glyph's name, class and
    box in sbgnlabel, sbgnclass and sbgnbbox. Its 44 nodes had opened named by their ids
    ("glyph9" for hexokinase), all in one kind and look, every arc without a head."""
    cmap = open_map(SBGN)
    labels = Counter(n.label for n in cmap.nodes)
    assert labels["hexokinase"] == 1 and labels["glucose"] == 1 and labels["ATP"] == 4
    assert not any(n.label.startswith("glyph") for n in cmap.nodes)
    kinds = {k.id: k.label for k in cmap.kinds}
    assert Counter(kinds[n.kind or ""] for n in cmap.nodes) == {
        "simple chemical": 24,
        "macromolecule": 10,
        "process": 10,
    }
    assert drawn_look(cmap, "hexokinase")[2] == "rounded"
    assert drawn_look(cmap, "glucose")[2] == "circle"
    scene = MapScene(Document(cmap))
    scene.flush_geometry()
    processes = [n for n in cmap.nodes if kinds[n.kind or ""] == "process"]
    for node in processes:  # a small unnamed square, as SBGN draws a process
        box = scene.node_items[node.id].box
        assert (box.width(), box.height()) == (20.0, 20.0)
        assert node.label == ""
    hexokinase = scene.node_items[next(n.id for n in cmap.nodes if n.label == "hexokinase")]
    assert (hexokinase.box.width(), hexokinase.box.height()) == (120.0, 60.0)
    # A consumption is a plain line into its process; productions and catalyses point on.
    heads = Counter((e.data["sbgnclass"], e.directed) for e in cmap.edges)
    assert heads == {("production", True): 19, ("catalysis", True): 10, ("consumption", False): 15}
    # Saved for cytoscape.js and opened again: the processes stay unnamed, and SBGNViz finds
    # each glyph's class and name where it looks for them.
    for suffix in (".cyjs", ".gexf"):
        again = round_trip(cmap, tmp_path, suffix)
        assert sorted(n.label for n in again.nodes) == sorted(n.label for n in cmap.nodes)
    cytoscape.save(cmap, tmp_path / "out.cyjs")
    written = json.loads((tmp_path / "out.cyjs").read_text())["elements"]["nodes"]
    glyphs = Counter((n["data"]["sbgnclass"], "sbgnlabel" in n["data"]) for n in written)
    assert glyphs == {
        ("simple chemical", True): 24,
        ("macromolecule", True): 10,
        ("process", False): 10,
    }


FRANCE = DATA / "interop/gephi-france-communities.gexf"


def test_gephis_links_between_communities_are_drawn_between_their_colours(qapp, tmp_path) -> None:
    """Gephi 0.8.1's map of 17 French towns in three communities (sigma.js's example, MIT),
    undirected: Gephi draws a link without a colour of its own half way between its towns'
    colours. The 8 joining two communities had opened in their source's alone (n1 to Paris
    red, where Gephi draws it purple); the 24 inside one keep its colour."""
    cmap = gexf.load(FRANCE)
    towns = {n.label: n for n in cmap.nodes}
    red, blue = towns["n1"].color, towns["Paris"].color
    assert (red, blue) == ("#F74A4A", "#4A4AF7")
    drawn = drawn_colours(cmap)
    label = {n.id: n.label for n in cmap.nodes}
    links = {(label[e.source], label[e.target]): drawn[e.id] for e in cmap.edges}
    assert links[("n1", "Paris")] == "#A04AA0"  # red and blue: purple, as Gephi draws it
    assert links[("n4", "n1")] == red  # inside a community: its colour
    colours = {n.id: n.color for n in cmap.nodes}
    between = [e for e in cmap.edges if colours[e.source] != colours[e.target]]
    assert len(between) == 8
    assert not {e.color for e in between} & {red, blue, towns["n14"].color}
    # Y up, as Gephi has it: Dunkirk's n1 (latitude 50.9) above Paris, Brest's n6 left of all.
    assert towns["n1"].y < towns["Paris"].y
    assert towns["n6"].x == min(n.x for n in cmap.nodes)
    again = round_trip(cmap, tmp_path, ".gexf")  # goes back to Gephi with the colours drawn
    assert [e.color for e in again.edges] == [e.color for e in cmap.edges]


def test_advanced_canvas_flowchart_shapes_open_as_the_plugin_draws_them(tmp_path) -> None:
    """A student's flowchart (alfredprof3/Obsidian-vault, no licence to copy it; this is its
    shape) made with Advanced Canvas: "Inicia" a pill, "Decision" a diamond, "Process" a
    plain card (``"shape": null``), in ``styleAttributes``. All three opened as plain cards.
    Saved as a canvas, the plugin's attributes go back at each card's top, the shape
    following the concept's."""

    def card(ident: str, x: int, style: dict[str, object]) -> dict[str, object]:
        return {
            "id": ident,
            "type": "text",
            "text": ident,
            "styleAttributes": style,
            "x": x,
            "y": 0,
            "width": 260,
            "height": 60,
        }

    nodes = [
        card("Inicia", 0, {"shape": "pill", "textAlign": "center"}),
        card("Decision", 400, {"shape": "diamond", "textAlign": "center"}),
        card("Process", 800, {"shape": None, "textAlign": "center"}),
        card("Records", 1200, {"shape": "database"}),
    ]
    path = tmp_path / "Flowchart.canvas"
    path.write_text(json.dumps({"nodes": nodes, "edges": [], "metadata": {}}))
    cmap = open_map(path)
    shapes = {n.label: drawn_look(cmap, n.label)[2] for n in cmap.nodes}
    assert shapes == {
        "Inicia": "pill",
        "Decision": "diamond",
        "Process": "rounded",  # an Obsidian card
        "Records": "cylinder",  # the plugin's database
    }
    decision = next(n for n in cmap.nodes if n.label == "Decision")
    decision.shape = "parallelogram"
    out = tmp_path / "out.canvas"
    jsoncanvas.save(cmap, out)
    written = {b["id"]: b.get("styleAttributes") for b in json.loads(out.read_text())["nodes"]}
    assert written == {
        "Inicia": {"shape": "pill", "textAlign": "center"},
        "Decision": {"shape": "parallelogram", "textAlign": "center"},
        "Process": {"shape": None, "textAlign": "center"},
        "Records": {"shape": "database"},
    }
    again = open_map(out)
    assert {n.label: n.shape for n in again.nodes}["Decision"] == "parallelogram"


HIERARCHY = DATA / "interop/gexf-hierarchy-inner-edges.gexf"


def test_links_a_gexf_group_holds_itself_are_drawn(qapp) -> None:
    """GEXF's own hierarchy example (gephi/gexf, CC BY 4.0) keeps each group's links in the
    group node's ``<edges>``, none at the top: its four links had all been lost, the map
    three frames without a line, two of them laid over each other. Now they are read as
    links at the top are, and the three between concepts and groups are drawn."""
    cmap = gexf.load(HIERARCHY)
    label = {n.id: n.label for n in cmap.nodes}
    links = {(label[e.source], label[e.target]): e.id for e in cmap.edges}
    drawn = [("human1", "human2"), ("God", "Me"), ("frog2", "God")]
    assert set(drawn) <= set(links)
    scene = MapScene(Document(cmap))
    assert all(scene.edge_items[links[pair]].isVisible() for pair in drawn)


LINK_TYPES = DATA / "interop/cmaptools-link-types.cxl"


def test_cmaptools_heads_only_links_that_climb_to_their_concept(qapp, tmp_path) -> None:
    """A CmapTools 6.04 map (concept-map-grading, GPL-3.0) drawn with CmapTools' default
    ``arrowhead="if-to-concept-and-slopes-up"``: a head only where a link climbs to its
    concept, so of its 14 propositions, read down the page, only "4,0 (back)" and
    "10,7 (cross)" have one. All 14 had opened with heads."""
    cmap = cxl.load(LINK_TYPES)
    assert len(cmap.edges) == 14
    scene = MapScene(Document(cmap))
    headed = {e.label for e in cmap.edges if scene.edge_items[e.id].directed}
    assert headed == {"4,0 (back)", "10,7 (cross)"}
    again = round_trip(cmap, tmp_path, ".cxl")  # CmapTools draws the same heads from ours
    assert {e.label for e in again.edges if e.directed} == headed


VOLTA = DATA / "interop/yed-image-node.graphml"


def test_a_yed_picture_opens_as_its_png_over_no_fill(qapp) -> None:
    """volta's architecture (yEd 3.14.4, MPL-2.0) draws the phone as a PNG, an image node
    that keeps the #CCCCFF fill of the box it was made from, which yEd does not draw: it had
    opened as a lavender box, then as an empty white one. The phone opens as its PNG (the
    file's resource, 240 x 200), over white, and the import has nothing to say of it."""
    cmap, notes = open_map_noting(VOLTA)
    phone = next(n for n in cmap.nodes if n.id == "n9")
    assert not phone.label.strip()
    assert phone.picture is not None and phone.picture.startswith("data:image/png;base64,")
    image = QImage.fromData(picture_parts(phone.picture)[1])
    assert (image.width(), image.height()) == (240, 200)
    fill = concept_style(kind_styles(cmap, LIGHT), phone, LIGHT, {}).fill
    assert fill.name().upper() == "#FFFFFF"
    assert drawn_look(cmap, "VoltaBox")[0] == "#333333"  # the shapes round it keep theirs
    assert not any("picture" in note for note in notes)


PHYLOGENY = DATA / "interop/gexf-phylogeny.gexf"


def test_a_gexf_phylogenys_parents_are_kept_and_told(tmp_path) -> None:
    """GEXF's phylogeny example (gephi/gexf, CC BY 4.0): cake names two parents, cheese and
    cherry, which no group can hold. They had been dropped without a word; now cake's data
    keeps them, through our own file too, and the import says so."""
    cmap, notes = open_map_noting(PHYLOGENY)
    cake = next(n for n in cmap.nodes if n.label == "cake")
    label = {n.id: n.label for n in cmap.nodes}
    assert [label[p] for p in cake.data["parents"]] == ["cheese", "cherry"]
    assert any("1 concept of a GEXF phylogeny" in note for note in notes)
    again = round_trip(cmap, tmp_path, ".gexf")
    assert next(n for n in again.nodes if n.label == "cake").data["parents"] == ["a", "b"]


YED_LIVE = DATA / "interop/yed-live-subgraphs.graphml"
YED_LIVE_SIMPLE = DATA / "interop/yed-live-simple.graphml"


def test_yed_live_files_open_named_and_where_yed_live_drew_them(qapp) -> None:
    """yEd Live (yFiles for HTML 3.0) keeps labels, boxes and fills in keys named by a
    y:attr.uri, not yEd's yfiles.type (AKAENE's control-structure parser, MIT): its drone
    had opened as "n0", "n0::n1::n2"..., laid out anew, grey, its links unlabelled. Now
    the names, boxes and link labels are yEd Live's, and its white boxes white."""
    cmap = graphml.load(YED_LIVE)
    names = {n.id: n.label for n in cmap.nodes}
    assert names == {
        "n0": "AIDA System",
        "n0::n0": "Remote Control",
        "n0::n1": "Drone",
        "n0::n1::n0": "Propulsion System",
        "n0::n1::n1": "Payload",
        "n0::n1::n2": "Flight Control & Monitoring System",
    }
    at = {n.label: n for n in cmap.nodes}
    payload, propulsion = at["Payload"], at["Propulsion System"]
    assert (payload.width, payload.height) == (284.5, 60.0)
    assert propulsion.x - payload.x == 1901 - 1586.5 and propulsion.y == payload.y
    assert at["Flight Control & Monitoring System"].y - payload.y == 1191 - 1401
    links = {names[e.target]: e.label for e in cmap.edges}
    assert links["Propulsion System"] == "Power up/down"
    assert links["Payload"] == "Take videos, pictures"
    assert links["Flight Control & Monitoring System"].startswith("Flying Commands (Position")
    assert at["Drone"].parent == "n0" and at["Payload"].parent == "n0::n1"
    simple = graphml.load(YED_LIVE_SIMPLE)
    assert sorted(n.label for n in simple.nodes) == ["Source with ports", "Target with ports"]
    assert {(n.width, n.height, n.color) for n in simple.nodes} == {(312.0, 60.0, "#FFFFFF")}
    assert sorted(e.label for e in simple.edges) == ["Control action", "Feedback"]


YED_DRONE = DATA / "interop/yed-desktop-drone.graphml"


def test_yeds_clear_fills_and_custom_lines_open_as_yed_draws_them(qapp) -> None:
    """The same drone saved by yEd 3.23.2 (AKAENE, MIT): its boxes are filled #FF8C0000, dark
    orange with no opacity at all, which yEd does not paint, and outlined with yEd's "custom"
    line; they had opened orange and their outlines were skipped with a warning. Now they
    are white as on yEd's canvas, outlined as yEd draws them, and nothing is left out."""
    cmap, notes = open_map_noting(YED_DRONE)
    boxes = ("Flight Control & Monitoring System", "Payload", "Propulsion System")
    assert {drawn_look(cmap, label)[0] for label in boxes} == {"#FFFFFF"}
    assert not any("left out" in note for note in notes)
