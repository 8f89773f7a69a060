"""Zoomed out on a big map, where the canvas draws every concept in a few batched calls
(scene/overview.py), a concept with a picture shows its picture, small, as the canvas draws it
closer in, not a box of its kind's colour."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from mapviewer.document import Document
from mapviewer.model import ConceptMap, Kind, Node, picture_uri
from mapviewer.scene.mapscene import OVERVIEW_MIN_NODES
from mapviewer.ui.mainwindow import MainWindow

from .conftest import shown_window

GUARD = 20_000
SIDE = 20  # 400 concepts in a square
PICTURED = ("c0", "c21", "c210", "c399")
RED = "#ff0000"


def red_picture() -> str:
    image = QImage(16, 16, QImage.Format.Format_RGB32)
    image.fill(QColor(RED))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    return picture_uri("image/png", bytes(data.data()))


def big_map() -> ConceptMap:
    picture = red_picture()
    nodes = [
        Node(
            id=f"c{i}",
            label=f"C{i}",
            kind="cell",
            x=(i % SIDE) * 300.0,
            y=(i // SIDE) * 300.0,
            width=200.0,
            height=200.0,
            picture=picture if f"c{i}" in PICTURED else None,
        )
        for i in range(SIDE * SIDE)
    ]
    return ConceptMap(kinds=[Kind(id="cell", label="Cell", color="#0072B2")], nodes=nodes)


@pytest.fixture
def win(qtbot) -> Iterator[MainWindow]:
    window = shown_window(qtbot, Document(big_map()), (1200, 900))
    yield window


def red_share(win: MainWindow, node_id: str) -> float:
    """The share of the concept's box, as the view shows it, drawn red."""
    view = win.view
    box = view.mapFromScene(win.scene.node_items[node_id].scene_box()).boundingRect()
    box = box.adjusted(2, 2, -2, -2)
    image = view.viewport().grab().toImage()
    xs, ys = range(box.left(), box.right()), range(box.top(), box.bottom())
    points = [(x, y) for x in xs for y in ys]
    return sum(image.pixelColor(x, y).name() == RED for x, y in points) / max(len(points), 1)


def test_pictures_are_drawn_small_in_the_big_map_overview(qtbot, win: MainWindow) -> None:
    scene = win.scene
    assert len(scene.node_items) >= OVERVIEW_MIN_NODES
    qtbot.waitUntil(lambda: scene.overview_mode, timeout=GUARD)  # at fit no label reads
    for node_id in PICTURED:
        qtbot.waitUntil(lambda n=node_id: red_share(win, n) > 0.5, timeout=GUARD)
    assert red_share(win, "c1") == 0  # a concept without a picture is its box
