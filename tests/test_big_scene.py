"""A 5,000-concept scene is built and repainted: the guard against PySide6 6.12.0 on CPython 3.11,
which aborts (none_dealloc) after a few thousand wrapped calls and would kill this test."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QPointF

from mapviewer.document import Document
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.mapview import MapView

from .conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import random

from generate import generate, source_text

pytestmark = pytest.mark.slow


def placed_map(count: int):
    cmap = generate(count, seed=3, sentences=source_text(random.Random(3), 50), source_file="x.txt")
    side = int(count**0.5) + 1
    for index, node in enumerate(cmap.nodes):
        node.x = (index % side) * 230.0
        node.y = (index // side) * 120.0
    return cmap


def test_5000_concepts_build_and_repaint(qtbot) -> None:
    scene = MapScene(Document(placed_map(5000)))
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitUntil(lambda: view.painted)
    assert len(scene.node_items) == 5000
    view.fit_all()
    assert scene.overview_mode  # labels unreadable at fit: the batched overview draws
    for _ in range(5):
        view.viewport().repaint()
    view.set_camera(QPointF(5000, 3000), 1.0)
    assert not scene.overview_mode
    for _ in range(5):
        view.viewport().repaint()
    image = view.grab().toImage()
    assert len({image.pixel(x, y) for x in range(0, 1200, 40) for y in range(0, 800, 40)}) > 5


def test_layout_places_an_unplaced_1000_concept_map(qtbot) -> None:
    cmap = generate(1000, seed=5, sentences=["A sentence of words here."], source_file="x.txt")
    scene = MapScene(Document(cmap))
    items = list(scene.node_items.values())
    assert all(n.placed for n in cmap.nodes)
    rects = sorted((i.scene_box() for i in items), key=lambda r: r.left())
    for index, rect in enumerate(rects):  # sweep: no two boxes overlap
        for other in rects[index + 1 :]:
            if other.left() >= rect.right():
                break
            assert not rect.intersects(other), "two concepts overlap after layout"


def test_selection_survives_the_overview(qtbot) -> None:
    scene = MapScene(Document(placed_map(1500)))
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitUntil(lambda: view.painted)
    view.fit_all()
    assert scene.overview_mode
    assert scene.select("node", "n42")
    assert scene.current == ("node", "n42")
    assert [i.node_id for i in scene.selectedItems()] == ["n42"]
    view.reveal_node("n42", animate=False)  # zooming in keeps it selected
    assert not scene.overview_mode
    assert scene.node_items["n42"].isSelected()
    view.fit_all()
    assert scene.node_items["n42"].isSelected()
