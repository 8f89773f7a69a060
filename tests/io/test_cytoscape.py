"""Cytoscape JSON: desktop .cyjs, cy.json() element arrays, compound nodes, and back out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mapviewer.io import cytoscape, mapfile
from mapviewer.io.registry import open_map
from mapviewer.problems import MapFileError

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
    assert binds.label == "binds"  # the interaction, not the "A (binds) B" name
    assert binds.data == {"weight": 0.7, "name": "ENSG1 (binds) ENSG2"}


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
