"""A yEd link's filled arrowhead is drawn as wide as yEd draws it at 1:1 (9 wide round its
1 px outline: 10 in all), where it was a normal head's 8, 2 px narrower than the file's; the
map's own links keep the theme's normal head."""

from __future__ import annotations

import math
from pathlib import Path
from xml.etree import ElementTree

from PySide6.QtGui import QPolygonF

from mapviewer.document import Document
from mapviewer.io.registry import open_map, save_map
from mapviewer.scene.edgeitem import EdgeItem

from .conftest import DATA, open_window, shown_window

KAFKA = DATA / "interop" / "orange-kafka-pipeline.graphml"
Y = "{http://www.yworks.com/xml/graphml}"


def _base_and_length(head: QPolygonF) -> tuple[float, float]:
    """A filled head's width across its base and its length from base to tip."""
    tip, left, right = (head.at(i) for i in range(3))
    base = (left + right) / 2
    return math.dist(left.toTuple(), right.toTuple()), math.dist(tip.toTuple(), base.toTuple())


def _heads(items: dict[str, EdgeItem]) -> list[tuple[float, float]]:
    return [
        tuple(round(v, 1) for v in _base_and_length(item.arrow))  # type: ignore[misc]
        for item in items.values()
        if item.has_head and item.width == 1.0
    ]


def test_yeds_arrowheads_are_as_wide_as_yed_draws_them(qtbot) -> None:
    """The Kafka pipeline's standard heads: 11 long and 10 wide (8 before)."""
    window = shown_window(qtbot, Document(open_map(KAFKA)), (1200, 900))
    heads = _heads(window.scene.edge_items)
    assert heads and set(heads) == {(10.0, 11.0)}


def test_the_maps_own_links_keep_the_normal_head(qtbot) -> None:
    """The sample map's links keep the theme's 11 x 8."""
    window = open_window(qtbot, DATA / "sample.json")
    heads = _heads(window.scene.edge_items)
    assert heads and set(heads) == {(8.0, 11.0)}


def test_yed_gets_its_standard_heads_back(tmp_path: Path) -> None:
    """Kept for the canvas, yEd's heads still go back to yEd as they were."""
    out = tmp_path / "again.graphml"
    save_map(open_map(KAFKA), out)
    ends = {
        (arrows.get("source"), arrows.get("target"))
        for arrows in ElementTree.parse(out).getroot().iter(f"{Y}Arrows")
    }
    before = {
        (arrows.get("source"), arrows.get("target"))
        for arrows in ElementTree.parse(KAFKA).getroot().iter(f"{Y}Arrows")
    }
    assert ends == before
