"""JSON Graph Format v1 and v2, single graphs and the ``graphs`` array."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapviewer.io import jgf
from mapviewer.io.registry import graph_choices, open_map
from mapviewer.problems import MapFileError

from ..conftest import DATA

INTEROP = DATA / "interop"


def test_v1_nodes_array_types_metadata_and_positions() -> None:
    cmap = open_map(INTEROP / "v1-single.json")
    assert cmap.title == "Immune checkpoints (JGF v1)"
    assert "A v1 graph" in cmap.description
    nodes = cmap.node_by_id()
    assert [k.label for k in cmap.kinds] == ["receptor", "ligand", "cell"]
    assert (nodes["pd1"].kind, nodes["pdl1"].kind) == ("receptor", "ligand")
    assert nodes["pd1"].data == {"gene": "PDCD1"}
    # 20 units apart in the file, closer than their boxes are wide: centred, and drawn as far
    # apart as clears them (tests/io/test_spread.py), on the same line.
    assert nodes["pd1"].x == -nodes["pdl1"].x < -10.0
    assert nodes["pd1"].y == nodes["pdl1"].y == 0.0
    assert "Positions drawn" in cmap.description
    assert not nodes["t"].placed
    labels = {(e.source, e.target): e.label for e in cmap.edges}
    assert labels == {("pdl1", "pd1"): "binds", ("pd1", "t"): "inhibits"}
    assert cmap.edges[0].data == {"evidence": ["PMID:1"]}


def test_several_graphs_are_listed_and_picked_by_id_label_or_index() -> None:
    path = INTEROP / "v2-multi.json"
    assert graph_choices(path) == [("first", "First graph"), ("1", "Second graph")]
    assert graph_choices(INTEROP / "v1-single.json") is None
    assert graph_choices(INTEROP / "small.cyjs") is None
    first = open_map(path)
    assert [n.id for n in first.nodes] == ["a", "b"]
    assert "Graph 1 of 2" in first.description
    for key in ("1", "Second graph"):
        second = open_map(path, graph=key)
        assert second.title == "Second graph"
        assert [(n.id, n.x, n.y) for n in second.nodes] == [("c", 0.0, 0.0)]
        assert [(e.source, e.target) for e in second.edges] == [("c", "c")]


def test_an_unknown_graph_names_the_choices() -> None:
    with pytest.raises(MapFileError, match="no graph 'third' in this file; it holds 'first'"):
        open_map(INTEROP / "v2-multi.json", graph="third")


def test_jgf_suffix_and_wrong_content(tmp_path: Path) -> None:
    path = tmp_path / "graph.jgf"
    path.write_text('{"elements": []}', encoding="utf-8")
    with pytest.raises(MapFileError, match="not a JSON Graph Format file"):
        open_map(path)
    path.write_text('{"graph": {"nodes": 5}}', encoding="utf-8")
    with pytest.raises(MapFileError, match="must be an object"):
        jgf.load(path)
