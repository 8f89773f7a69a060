"""Groups in the map file: what a concept's ``parent`` may name, and the pure helpers that
layouts and the canvas use to keep a group's members together."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from mapviewer.io import mapfile
from mapviewer.problems import MapFileError

GROUPED = {
    "format": "mapviewer-map",
    "version": 1,
    "title": "groups",
    "nodes": [
        {"id": "checkpoints", "label": "Checkpoints", "x": 0, "y": 0},
        {"id": "pd1", "label": "PD-1", "parent": "checkpoints", "x": -60, "y": 0},
        {"id": "ctla4", "label": "CTLA-4", "parent": "checkpoints", "x": 60, "y": 0},
        {"id": "t", "label": "T cells", "x": 0, "y": 200},
    ],
    "edges": [],
}


def problems(tmp_path: Path, data: object) -> list[str]:
    path = tmp_path / "map.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(MapFileError) as caught:
        mapfile.load(path)
    return [str(p) for p in caught.value.problems]


def test_a_grouped_map_loads_and_keeps_its_groups(tmp_path: Path) -> None:
    path = tmp_path / "map.json"
    path.write_text(json.dumps(GROUPED), encoding="utf-8")
    cmap = mapfile.load(path)
    assert cmap.node_by_id()["pd1"].parent == "checkpoints"
    assert not cmap.node_by_id()["checkpoints"].collapsed


def test_a_group_that_is_not_a_concept_is_named(tmp_path: Path) -> None:
    data = copy.deepcopy(GROUPED)
    data["nodes"][1]["parent"] = "nowhere"
    path = tmp_path / "map.json"
    assert problems(tmp_path, data) == [
        f"{path}: nodes[id=pd1].parent: group 'nowhere' is not a concept in this map"
    ]


def test_a_concept_in_its_own_group_is_named(tmp_path: Path) -> None:
    data = copy.deepcopy(GROUPED)
    data["nodes"][3]["parent"] = "t"
    path = tmp_path / "map.json"
    assert problems(tmp_path, data) == [
        f"{path}: nodes[id=t].parent: concept 't' names itself as its group"
    ]


def test_groups_containing_each_other_are_named_once(tmp_path: Path) -> None:
    data = copy.deepcopy(GROUPED)
    data["nodes"][0]["parent"] = "t"  # checkpoints in t
    data["nodes"][3]["parent"] = "pd1"  # t in pd1, which is in checkpoints: a cycle
    path = tmp_path / "map.json"
    found = problems(tmp_path, data)
    assert found == [
        f"{path}: nodes[id=checkpoints].parent: groups contain each other in a cycle: "
        "checkpoints → t → pd1 → checkpoints"
    ]


def test_collapsed_is_saved_only_when_set(tmp_path: Path) -> None:
    path = tmp_path / "map.json"
    path.write_text(json.dumps(GROUPED), encoding="utf-8")
    cmap = mapfile.load(path)
    assert "collapsed" not in mapfile.dumps(cmap)
    cmap.nodes[0].collapsed = True
    mapfile.save(cmap, path)
    assert mapfile.load(path).nodes[0].collapsed
