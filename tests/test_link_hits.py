"""A link found by the pointer on its bare line, off its phrase: a click selects it and the
pointer resting there lights it. The link item's bounding box is worked out from its points
(EdgeItem._bounds) and its hit band made only when Qt asks; a box short of the band would
let Qt's index pass the link by there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from mapviewer.document import Document
from mapviewer.io.registry import open_map
from mapviewer.scene.edgeitem import HIT_WIDTH, is_strong
from mapviewer.scene.mapscene import MapScene
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, REPO

EMPTY = QPoint(6, 6)  # a corner of the canvas with no concept or link under it


def beside_line(window: MainWindow, edge_id: str) -> QPoint:
    """A point a fifth of the way along the link's line, most of half the band off it, in
    viewport pixels: on the link's band, off its phrase and off both concepts."""
    link = window.scene.edge_items[edge_id]
    assert link.line is not None  # a straight link
    along = link.line.pointAt(0.2)
    normal = link.line.normalVector().unitVector()
    off = HIT_WIDTH / 2 * 0.8
    spot = QPointF(along.x() + normal.dx() * off, along.y() + normal.dy() * off)
    assert not link.label_rect.contains(spot)
    assert window.scene.node_at(spot) is None
    return window.view.mapFromScene(spot)


def test_a_click_beside_a_links_line_selects_it(qtbot, window: MainWindow) -> None:
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=EMPTY)
    assert window.scene.current != ("edge", "e1")
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=beside_line(window, "e1"))
    assert window.scene.current == ("edge", "e1")
    assert window.scene.edge_items["e1"].isSelected()


def test_the_pointer_beside_a_links_line_lights_it(qtbot, window: MainWindow) -> None:
    viewport = window.view.viewport()
    link = window.scene.edge_items["e1"]
    qtbot.mouseMove(viewport, EMPTY)
    assert not is_strong(link)
    qtbot.mouseMove(viewport, beside_line(window, "e1"))
    qtbot.waitUntil(lambda: is_strong(link), timeout=10_000)
    qtbot.mouseMove(viewport, EMPTY)
    qtbot.waitUntil(lambda: not is_strong(link), timeout=10_000)


@pytest.mark.parametrize(
    "path",
    [
        REPO / "maps" / "immunotherapy.json",  # routed and bent links, phrases
        DATA / "interop" / "gephi-miserables.graphml",  # straight links without phrases
        DATA / "interop" / "yed-uml-palette.graphml",  # diamonds, vees, two-way links
    ],
    ids=lambda p: p.name,
)
def test_every_links_box_holds_its_hit_band(qapp, path: Path) -> None:
    """Qt looks for what is under the pointer among the items whose box holds it: where a
    link's band reached past its box, a click or the pointer there missed the link."""
    scene = MapScene(Document(open_map(path)))
    scene.build_links()
    assert scene.edge_items
    for item in scene.edge_items.values():
        box = item.sceneBoundingRect().adjusted(-1e-6, -1e-6, 1e-6, 1e-6)
        assert box.contains(item.shape().boundingRect()), item.edge_id
