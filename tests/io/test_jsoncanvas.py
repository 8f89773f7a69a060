"""JSON Canvas (Obsidian): text, file, link and group nodes, labelled edges, and back out."""

from __future__ import annotations

import json
from pathlib import Path

from mapviewer.io import jsoncanvas, mapfile
from mapviewer.io.registry import open_map

from ..conftest import DATA

INTEROP = DATA / "interop"


def test_node_types_labels_colours_and_groups() -> None:
    cmap = jsoncanvas.load(INTEROP / "small.canvas")
    nodes = cmap.node_by_id()
    pd1 = nodes["t1"]
    assert (pd1.label, pd1.description) == ("PD-1", "A **receptor** on T cells.")
    assert pd1.kind is None and pd1.parent == "g1"  # inside the group's rectangle
    assert (nodes["t2"].label, nodes["t2"].color) == ("PD-L1 & friends", "#FF0000")
    assert (nodes["f1"].label, nodes["f1"].kind) == ("pd1.md", "file")
    assert nodes["f1"].data == {"file": "notes/biology/pd1.md", "subpath": "#Binding"}
    assert (nodes["l1"].label, nodes["l1"].kind) == ("https://example.invalid/pd1", "link")
    group = nodes["g1"]
    assert (group.label, group.kind, group.color) == ("Checkpoints", "group", "#08B94E")
    # Canvas x/y is the top-left corner; concepts keep centres, the map centred on 0,0.
    assert (pd1.x - nodes["t2"].x, pd1.width) == (-300.0, 200.0)
    edges = cmap.edge_by_id()
    assert edges["e1"].label == "binds"
    assert edges["e1"].data == {"fromSide": "left", "toSide": "right"}
    assert edges["e1"].color == "#E93147"  # preset 1, the link's own colour
    assert (edges["e3"].source, edges["e3"].target) == ("l1", "l1")


def test_round_trip_is_exact_and_obsidian_sees_text_nodes(tmp_path: Path) -> None:
    original = mapfile.load(DATA / "sample.json")
    original.nodes[2].label = "two\nlines"
    original.nodes[2].description = "and a description"
    target = tmp_path / "sample.canvas"
    jsoncanvas.save(original, target)
    assert mapfile.dumps(open_map(target)) == mapfile.dumps(original)
    data = json.loads(target.read_text(encoding="utf-8"))
    first = data["nodes"][0]
    assert first["type"] == "text"
    assert first["text"] == "Pembrolizumab\n\nAn anti-PD-1 antibody."
    assert first["x"] + first["width"] / 2 == 0.0  # the centre is where the map put it
    assert data["edges"][0] == {
        "id": "e1",
        "fromNode": "pembrolizumab",
        "toNode": "pd-1",
        "label": "blocks",
        "mapviewer": {"quotes": [original.edges[0].quotes[0].model_dump(exclude_none=True)]},
    }


def test_unplaced_concepts_get_a_place_on_the_canvas_but_stay_unplaced_here(
    tmp_path: Path,
) -> None:
    original = mapfile.load(DATA / "sample.json")
    for node in original.nodes[3:]:
        node.x = node.y = None
    target = tmp_path / "loose.canvas"
    jsoncanvas.save(original, target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert all(isinstance(n["x"], float | int) for n in data["nodes"])
    back = open_map(target)
    assert [n.placed for n in back.nodes] == [True, True, True, False, False]
