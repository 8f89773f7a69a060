"""A foreign file whose nodes sit closer than their boxes are wide opens spread apart, its
drawing's shape kept; a file drawn with room, and any file mapviewer wrote, keeps its
coordinates."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import pytest

from mapviewer.document import Document
from mapviewer.io import graphml
from mapviewer.io.registry import open_map
from mapviewer.io.spread import spread_factor
from mapviewer.model import ConceptMap
from mapviewer.scene.mapscene import MapScene


def _karate(path: Path) -> dict[int, tuple[float, float]]:
    """Zachary's karate club as networkx users write it: spring_layout's coordinates, between
    -1 and 1, stored as node attributes x and y."""
    graph = nx.karate_club_graph()
    positions = nx.spring_layout(graph, seed=1)
    for node, (x, y) in positions.items():
        graph.nodes[node].update(x=float(x), y=float(y), label=f"member {node}")
        graph.nodes[node].pop("club", None)
    nx.write_graphml(graph, path)
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}


def _covering(cmap: ConceptMap, path: Path) -> int:
    """Concepts whose box, as the canvas draws it, covers another's."""
    scene = MapScene(Document(cmap, path))
    rects = [item.scene_box() for item in scene.node_items.values()]
    return sum(
        1
        for i, a in enumerate(rects)
        if any(a.intersects(b) for j, b in enumerate(rects) if i != j)
    )


def test_a_networkx_layout_opens_with_its_boxes_apart_and_its_shape_kept(qapp, tmp_path) -> None:
    """All 34 members had opened on one spot, one box over 33 others."""
    path = tmp_path / "karate.graphml"
    file_positions = _karate(path)
    cmap = open_map(path)
    assert _covering(cmap, path) <= 34 // 4
    nodes = cmap.node_by_id()
    # One factor for every distance: the file's picture, larger.
    ratios = []
    for a, b in ((0, 33), (5, 16), (24, 25), (2, 30)):
        fa, fb = file_positions[a], file_positions[b]
        na, nb = nodes[str(a)], nodes[str(b)]
        assert na.x is not None and na.y is not None and nb.x is not None and nb.y is not None
        drawn = math.hypot(na.x - nb.x, na.y - nb.y)
        ratios.append(drawn / math.hypot(fa[0] - fb[0], fa[1] - fb[1]))
    assert max(ratios) == pytest.approx(min(ratios), rel=1e-3)
    assert ratios[0] > 50
    assert "drawn" in cmap.description and "times as far apart" in cmap.description


def test_a_file_drawn_with_room_keeps_its_coordinates(tmp_path: Path) -> None:
    graph = nx.DiGraph()
    for name, x, y in (("PD-1", 0.0, 0.0), ("PD-L1", 300.0, 0.0), ("T-cells", 150.0, 200.0)):
        graph.add_node(name, label=name, x=x, y=y)
    graph.add_edge("PD-L1", "PD-1")
    path = tmp_path / "roomy.graphml"
    nx.write_graphml(graph, path)
    nodes = open_map(path).node_by_id()
    assert (nodes["PD-L1"].x - nodes["PD-1"].x, nodes["T-cells"].y - nodes["PD-1"].y) == (
        300.0,
        200.0,
    )
    assert "far apart" not in open_map(path).description


def test_a_crowded_map_mapviewer_saved_reopens_where_it_was(tmp_path: Path) -> None:
    """Our own export carries our positions: spreading them again would grow the map at every
    round trip."""
    karate = tmp_path / "karate.graphml"
    _karate(karate)
    cmap = open_map(karate)
    crowded = cmap.model_copy(
        update={
            "nodes": [
                n.model_copy(update={"x": (n.x or 0) / 100, "y": (n.y or 0) / 100})
                for n in cmap.nodes
            ]
        }
    )
    saved = tmp_path / "saved.graphml"
    graphml.save(crowded, saved)
    again = open_map(saved).node_by_id()
    for node in crowded.nodes:
        assert (again[node.id].x, again[node.id].y) == pytest.approx((node.x, node.y), abs=1e-3)


def test_concepts_all_on_one_spot_are_left_there() -> None:
    """No factor parts boxes with the same centre: the file's positions stand."""
    assert spread_factor([(0.0, 0.0, 80.0, 30.0)] * 10) == 1.0
    assert spread_factor([(0.0, 0.0, 80.0, 30.0)]) == 1.0
    assert spread_factor([]) == 1.0


def test_a_big_crowded_file_is_measured_on_a_sample() -> None:
    """Gephi's Power Grid (4,941 stations a tenth of a box apart) is measured on 2,000 of its
    boxes; the factor is the one the whole grid needs to within a tenth."""
    side = 80
    boxes = [(i * 8.0, j * 3.0, 80.0, 30.0) for i in range(side) for j in range(side)]
    factor = spread_factor(boxes)
    # Boxes 8 apart across and 3 down, 80 x 30: 10 times apart clears them across and down.
    assert 10.0 * 1.15 * 0.9 <= factor <= 10.0 * 1.15 * 1.1


def test_a_crowded_file_near_the_coordinate_limit_still_opens(tmp_path: Path) -> None:
    """Spread by the factor its boxes need, a file 9 million units across would have gone past
    the 10 million a map holds and been refused: it is spread as far as the limit allows."""
    graph = nx.Graph()
    for i in range(40):
        graph.add_node(f"n{i}", label=f"Station {i}", x=(i % 2) * 9_000_000.0, y=i * 5.0)
    path = tmp_path / "wide.graphml"
    nx.write_graphml(graph, path)
    nodes = open_map(path).nodes
    assert all(n.x is not None and abs(n.x) <= 10_000_000 for n in nodes)
    assert all(n.y is not None and abs(n.y) <= 10_000_000 for n in nodes)
