"""GEXF (Gephi): labels, typed attributes, viz position/size/colour, y flipped to grow down."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapviewer.io import gexf
from mapviewer.io.registry import open_map
from mapviewer.problems import MapFileError

from ..conftest import DATA

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
    assert valjean.data == {"score": 2.5, "main": True}
    assert javert.data == {"score": 0.5}  # the attribute's default
    assert (valjean.color, javert.color) == ("#F55B5B", "#00FF00")
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
    assert pursues.data == {"since": 1815, "weight": 3.0}


def test_gexf_12_with_a_malformed_viz_namespace() -> None:
    cmap = open_map(INTEROP / "small-12.gexf")
    nodes = cmap.node_by_id()
    assert (nodes["a"].x, nodes["a"].y, nodes["a"].width) == (-5.0, 5.0, None)
    assert [(e.source, e.target) for e in cmap.edges] == [("a", "b")]


def test_not_a_gexf_file(tmp_path: Path) -> None:
    path = tmp_path / "graph.gexf"
    path.write_text('<?xml version="1.0"?>\n<graphml><graph/></graphml>', encoding="utf-8")
    with pytest.raises(MapFileError, match=r"graph.gexf:2:1: not a GEXF file: root <graphml>"):
        gexf.load(path)
