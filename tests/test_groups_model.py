"""Groups in the map file: what a concept's ``parent`` may name, and the pure helpers that
layouts and the canvas use to keep a group's members together."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from mapviewer import groups
from mapviewer.clipboard import prepare_paste
from mapviewer.io import mapfile
from mapviewer.model import ConceptMap, Node
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


def _boxes_overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_parent_map_drops_what_cannot_be_drawn() -> None:
    nodes = [
        Node(id="a", label="a", parent="b"),
        Node(id="b", label="b", parent="a"),
        Node(id="c", label="c", parent="gone"),
        Node(id="d", label="d", parent="b"),
    ]
    parents = groups.parent_map(nodes)
    assert "c" not in parents
    assert groups.ancestors("d", parents)[0] == "b"
    assert len(groups.ancestors("d", parents)) <= 2  # the a<->b cycle was broken


def test_a_group_box_encloses_its_members_and_its_title() -> None:
    frame = groups.group_box([(0, 0, 50, 20), (100, 40, 150, 60)], title_width=400)
    assert frame is not None
    left, top, right, bottom = frame
    assert left < 0 and right > 150 and bottom > 60
    assert top < -groups.TITLE_HEIGHT
    assert right - left >= 400


def test_keep_groups_together_clusters_members_without_overlaps() -> None:
    # A layout scattered the group's members across the map, with a stranger between them.
    positions = {
        "g": (0.0, 0.0),
        "a": (-600.0, 0.0),
        "b": (600.0, 0.0),
        "inner": (0.0, 0.0),
        "c": (0.0, 400.0),
        "d": (200.0, 400.0),
        "stranger": (0.0, 0.0),
    }
    parents = {"a": "g", "b": "g", "inner": "g", "c": "inner", "d": "inner"}
    size = {n: (80.0, 30.0) for n in positions}
    placed = groups.keep_groups_together(positions, size, parents)

    def box(n: str) -> tuple[float, float, float, float]:
        return groups.box_at(placed[n], size[n])

    members = ["a", "b", "c", "d"]
    frame = groups.group_box(
        [box("a"), box("b"), groups.group_box([box("c"), box("d")]) or box("c")]
    )
    assert frame is not None
    assert frame[2] - frame[0] < 600  # compact: no longer spread 1,200 units wide
    assert not _boxes_overlap(frame, box("stranger"))
    for i, m in enumerate(members):
        for other in members[i + 1 :]:
            assert not _boxes_overlap(box(m), box(other))


def test_a_map_without_groups_keeps_its_layout() -> None:
    positions = {"a": (0.0, 0.0), "b": (10.0, 0.0)}
    assert groups.keep_groups_together(positions, {}, {}) == positions


def test_a_pasted_copy_keeps_its_group_only_when_the_group_came_along() -> None:
    cmap = ConceptMap.model_validate(GROUPED)

    def fresh(stem: str, avoid: set[str]) -> str:
        return f"{stem}-copy"

    alone = {"nodes": [GROUPED["nodes"][1]]}  # PD-1 without its group
    paste = prepare_paste(alone, cmap, fresh, (0.0, 0.0))
    assert paste is not None and paste.nodes[0].parent is None
    both = {"nodes": GROUPED["nodes"][:2]}
    paste = prepare_paste(both, cmap, fresh, (0.0, 0.0))
    assert paste is not None and paste.nodes[1].parent == "checkpoints-copy"


def test_a_frame_the_file_sized_keeps_its_size_and_its_neighbours_clear_of_it() -> None:
    """An Advanced Canvas slide, 1200 x 675 round two cards: a layout packed its cards and put
    a card beside them, inside the slide the canvas draws; the slide keeps its size round its
    packed cards and the card lands outside it."""
    positions = {"slide": (0.0, 0.0), "a": (-50.0, 0.0), "b": (50.0, 0.0), "other": (300.0, 0.0)}
    parents = {"a": "slide", "b": "slide"}
    size = {n: (80.0, 30.0) for n in positions}
    placed = groups.keep_groups_together(positions, size, parents, least={"slide": (1200, 675)})
    slide = groups.box_at(placed["slide"], (1200.0, 675.0))
    assert groups.union([slide, groups.box_at(placed["a"], size["a"])]) == slide
    assert not _boxes_overlap(slide, groups.box_at(placed["other"], size["other"]))
