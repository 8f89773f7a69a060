"""Export -> import round trips through every format that can carry a map back.

Shipped maps must come back identical (concepts, links, labels, positions, and everything
else: our exporters put what a format cannot hold in its own data fields). A seeded random
generator (tests/io/util.py; hypothesis is not a dependency) adds maps full of markup,
entities, right-to-left and astral text, self-links, cycles and parallel links.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mapviewer.io import cytoscape, mapfile
from mapviewer.io.records import sanitize_id
from mapviewer.model import ConceptMap

from ..conftest import DATA, REPO
from .util import graph_of, positions_of, random_map, round_trip

FORMATS = (".cxl", ".graphml", ".gexf", ".cyjs", ".canvas")
SHIPPED = [*sorted((REPO / "maps").glob("*.json")), DATA / "sample.json"]
SEEDS = range(12)


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_maps_come_back_identical(tmp_path: Path, path: Path, suffix: str) -> None:
    original = mapfile.load(path)
    back = round_trip(original, tmp_path, suffix)
    assert graph_of(back) == graph_of(original)
    # A group's place is its frame's middle, written as the frame's corners: formats that
    # write whole units bring it back within one unit. Everything else comes back exactly.
    frames = {n.parent for n in original.nodes if n.parent}
    mine = {n.id: n for n in original.nodes}
    for node in back.nodes:
        if node.id in frames:
            was = mine[node.id]
            assert abs((node.x or 0) - (was.x or 0)) <= 1 and abs((node.y or 0) - (was.y or 0)) <= 1
            node.x, node.y = was.x, was.y
    assert positions_of(back) == positions_of(original)
    # GraphML, GEXF and CXL nest a group's members inside it: they come back after their group.
    back.nodes.sort(key=lambda n: n.id)
    original.nodes.sort(key=lambda n: n.id)
    assert back.model_dump() == original.model_dump()


def ids_as_mapped(cmap: ConceptMap) -> ConceptMap:
    """What an importer does to ids: made safe. Our generator's ids are already safe."""
    assert all(sanitize_id(n.id) == n.id for n in cmap.nodes)
    return cmap


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("seed", SEEDS)
def test_random_maps_survive(tmp_path: Path, seed: int, suffix: str) -> None:
    original = ids_as_mapped(random_map(seed))
    back = round_trip(original, tmp_path, suffix)
    assert graph_of(back) == graph_of(original)
    assert positions_of(back) == positions_of(original)
    assert back.model_dump() == original.model_dump()


@pytest.mark.parametrize("seed", SEEDS)
def test_foreign_ids_are_made_safe_and_unique(tmp_path: Path, seed: int) -> None:
    """A file from another tool whose ids need sanitising keeps its graph under the new ids."""
    original = random_map(seed, nodes=6)
    raw = {n.id: f"{n.id} <&> \u05d0 {n.id}" for n in original.nodes}  # spaces, markup, RTL
    data = cytoscape.to_json(original)
    del data["data"]["mapviewer"]  # as another tool would have written it
    for element in data["elements"]["nodes"] + data["elements"]["edges"]:
        element["data"].pop("mapviewer", None)
        for key in ("id", "source", "target"):
            if element["data"].get(key) in raw:
                element["data"][key] = raw[element["data"][key]]
    path = tmp_path / "foreign.cyjs"
    path.write_text(json.dumps(data), encoding="utf-8")
    back = cytoscape.load(path)
    mapped = {old: sanitize_id(new) for old, new in raw.items()}
    assert len(set(mapped.values())) == len(mapped)
    assert [n.id for n in back.nodes] == [mapped[n.id] for n in original.nodes]
    assert [n.label for n in back.nodes] == [n.label.strip() for n in original.nodes]
    assert [(e.source, e.target, e.label) for e in back.edges] == [
        (mapped[e.source], mapped[e.target], e.label) for e in original.edges
    ]
    assert [n.data["original_id"] for n in back.nodes] == [raw[n.id] for n in original.nodes]
