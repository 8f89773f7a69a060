"""Cytoscape JSON: desktop .cyjs, cy.json() element arrays, compound nodes, and back out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mapviewer.document import Document
from mapviewer.io import cytoscape, mapfile
from mapviewer.io.keptdata import shown_fields
from mapviewer.io.registry import open_map, open_map_noting, save_map
from mapviewer.model import ConceptMap
from mapviewer.problems import MapFileError
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.style import LIGHT

from ..conftest import DATA

INTEROP = DATA / "interop"


def test_desktop_export_labels_kinds_and_positions() -> None:
    cmap = cytoscape.load(INTEROP / "small.cyjs")
    assert cmap.title == "Small network"
    assert "cytoscape-3.10.2" in cmap.description
    nodes = cmap.node_by_id()
    # gene_name beats Cytoscape's internal "name"; node_type is a type field, so a kind.
    assert (nodes["1"].label, nodes["1"].kind) == ("PDCD1", "query")
    assert nodes["1"].data == {"name": "ENSG1", "score": 0.9, "SUID": 1}
    assert (nodes["1"].x, nodes["1"].y, nodes["2"].x) == (-100.0, 0.0, 100.0)
    assert nodes["3"].label == "orphan" and not nodes["3"].placed
    binds = cmap.edge_by_id()["10"]
    assert binds.label == ""  # Cytoscape draws no edge label by default: not "binds" or the name
    assert binds.data == {"interaction": "binds", "weight": 0.7, "name": "ENSG1 (binds) ENSG2"}


def test_elements_array_with_compound_nodes() -> None:
    cmap = open_map(INTEROP / "elements-array.json")  # .json: found by content
    nodes = cmap.node_by_id()
    assert nodes["dna"].parent == "nucleus"
    assert nodes["nucleus"].data == {"group": True} and nodes["nucleus"].parent == "cell"
    assert nodes["cell"].data == {"classes": "compartment", "group": True}
    assert [e.id for e in cmap.edges] == ["e1", "e2"]  # e2 has no group: told by source/target


def test_round_trip_is_exact_and_readable_by_cytoscape(tmp_path: Path) -> None:
    original = mapfile.load(DATA / "sample.json")
    original.nodes[1].data = {"name": "clash", "n": [1, {"a": 2}]}
    original.nodes[1].parent = "pembrolizumab"
    target = tmp_path / "sample.cyjs"
    cytoscape.save(original, target)
    assert cytoscape.load(target).model_dump() == original.model_dump()  # data order may differ
    data = json.loads(target.read_text(encoding="utf-8"))
    node = data["elements"]["nodes"][1]["data"]
    assert (node["label"], node["name"], node["parent"]) == ("PD-1", "PD-1", "pembrolizumab")
    assert node["n"] == [1, {"a": 2}]  # JSON carries nested data as it is
    assert data["elements"]["nodes"][1]["position"] == {"x": 260.0, "y": 0.0}
    assert data["elements"]["edges"][0]["data"]["label"] == "blocks"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"elements": 3}', '"elements" must hold "nodes" and "edges" arrays'),
        (
            '{"elements": {"nodes": [{"data": {"id": true}}], "edges": []}}',
            'nodes[0]: a node\'s "id" must be text or a number',
        ),
        (
            '{"elements": {"nodes": [{"data": {"id": "a"}}],'
            ' "edges": [{"data": {"source": "a"}}]}}',
            "edges[0]: an edge needs a source and a target",
        ),
    ],
)
def test_malformed_cyjs(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.cyjs"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MapFileError) as caught:
        cytoscape.load(path)
    assert message in str(caught.value)


# Cytoscape 3's own example of its .cyjs export (its manual, "Supported Network File Formats"),
# three of the yeast network's edges: each with the interaction type "pp" and the edge name
# Cytoscape makes of it. A desktop export carries no style.
YEAST = {
    "elements": {
        "nodes": [
            {"data": {"id": i, "shared_name": n, "name": n}, "position": {"x": x, "y": y}}
            for i, n, x, y in (
                ("658", "YGR085C", 804.3, -245.6),
                ("578", "YLR075W", 910.4, -217.1),
                ("660", "YDR395W", 730.9, -157.5),
                ("579", "YPR102C", 841.1, -130.8),
            )
        ],
        "edges": [
            {
                "data": {
                    "id": i,
                    "source": s,
                    "target": t,
                    "selected": False,
                    "interaction": "pp",
                    "shared_interaction": "pp",
                    "shared_name": f"{a} (pp) {b}",
                    "SUID": int(i),
                    "name": f"{a} (pp) {b}",
                },
                "selected": False,
            }
            for i, s, t, a, b in (
                ("659", "658", "578", "YGR085C", "YLR075W"),
                ("661", "658", "660", "YGR085C", "YDR395W"),
                ("580", "578", "579", "YLR075W", "YPR102C"),
            )
        ],
    }
}


def phrases_drawn(cmap: ConceptMap) -> list[str]:
    """The phrase each link shows on the canvas."""
    scene = MapScene(Document(cmap), LIGHT)
    scene.flush_geometry()
    return [item.label for item in scene.edge_items.values()]


def test_cytoscape_interactions_are_kept_but_not_drawn_as_phrases(qapp, tmp_path: Path) -> None:
    """Cytoscape draws no edge label by default: every link of a yeast network had said "pp" on
    the canvas. The interaction stays in the link's data (the Details pane lists it) and goes
    back into a .cyjs where Cytoscape reads it, as its "interaction" column."""
    path = tmp_path / "yeast.cyjs"
    path.write_text(json.dumps(YEAST), encoding="utf-8")
    cmap = open_map(path)
    assert phrases_drawn(cmap) == ["", "", ""]
    assert [e.data["interaction"] for e in cmap.edges] == ["pp", "pp", "pp"]
    assert ("interaction", "pp") in shown_fields(cmap.edges[0].data)
    again = tmp_path / "again.cyjs"
    save_map(cmap, again)
    edges = json.loads(again.read_text(encoding="utf-8"))["elements"]["edges"]
    assert [(e["data"]["interaction"], e["data"]["name"]) for e in edges] == [
        ("pp", "YGR085C (pp) YLR075W"),
        ("pp", "YGR085C (pp) YDR395W"),
        ("pp", "YLR075W (pp) YPR102C"),
    ]
    assert phrases_drawn(open_map(again)) == ["", "", ""]


def test_a_style_that_labels_edges_with_the_interaction_shows_it(qapp, tmp_path: Path) -> None:
    """A cy.json() whose stylesheet says ``label: data(interaction)`` draws it on each edge, so
    the canvas does too."""
    styled = dict(YEAST, style=[{"selector": "edge", "style": {"label": "data(interaction)"}}])
    path = tmp_path / "styled.json"
    path.write_text(json.dumps(styled), encoding="utf-8")
    cmap = open_map(path)
    assert phrases_drawn(cmap) == ["pp", "pp", "pp"]
    assert cmap.edges[0].data["interaction"] == "pp"


def test_cytoscape_desktops_own_shape_names_are_read(tmp_path: Path) -> None:
    """A Hif1a network Cytoscape 3.2 wrote (cytoscape/cyjs-sample's ps1.cyjs, no licence to
    copy it; this is its shape) keeps Cytoscape 2's "node_shape": "RECT" in a node's data,
    and Cytoscape desktop names its shapes ROUND_RECTANGLE and the like: they had been
    skipped with a warning ("shape 'RECT' skipped"), the boxes drawn rounded."""
    shapes = {"info": "RECT", "hif": "ROUND_RECT", "vhl": "ROUND_RECTANGLE", "sp1": "ELLIPSE"}
    nodes = [
        {"data": {"id": key, "name": key, "node_shape": shape}, "position": {"x": 0, "y": 80 * i}}
        for i, (key, shape) in enumerate(shapes.items())
    ]
    path = tmp_path / "ps1.cyjs"
    path.write_text(
        json.dumps(
            {
                "format_version": "1.0",
                "generated_by": "cytoscape-3.2.0-SNAPSHOT",
                "elements": {"nodes": nodes, "edges": []},
            }
        )
    )
    cmap, notes = open_map_noting(path)
    assert {n.label: n.shape for n in cmap.nodes} == {
        "info": "rectangle",
        "hif": "rounded",
        "vhl": "rounded",
        "sp1": "ellipse",
    }
    assert not any("left out" in note for note in notes)  # had said "3 style values left out"
