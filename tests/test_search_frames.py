"""Enter in the find field goes to the concept found as a student wants to see it: centred,
readable, with what it links to around it, as View > Focus shows a neighbourhood.

Typed into the window's find field key by key; what the view shows is read off its camera."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QRectF, Qt

from mapviewer.paths import DEFAULT_MAP
from mapviewer.scene.hubnames import LEGIBLE_PX
from mapviewer.scene.mapview import STEP
from tests.conftest import open_window

if TYPE_CHECKING:
    from mapviewer.ui.mainwindow import MainWindow


def find(qtbot, window: MainWindow, name: str) -> None:
    """Ctrl+F, the name typed, Enter; back once the camera has landed."""
    field = window.search_field
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(field.hasFocus, timeout=10_000)
    qtbot.keyClicks(field, name)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.view.hasFocus() and not window.view.is_animating(), timeout=10_000
    )


def seen(window: MainWindow, node_id: str) -> tuple[int, int, float, float]:
    """The concept's neighbours wholly in view, how many it has, how far (px) its centre is
    from the view's, and its label's height on screen."""
    view, scene = window.view, window.scene
    shown = QRectF(view.viewport().rect())
    nodes, _ = window.document.neighbourhood(node_id, 1)
    around = nodes - {node_id}
    inside = sum(
        shown.contains(view.mapFromScene(scene.node_items[n].scene_box()).boundingRect().toRectF())
        for n in around
    )
    item = scene.node_items[node_id]
    centre = view.mapFromScene(item.scene_box().center()).toPointF()
    off = (centre - shown.center()).manhattanLength()
    label = item.text_font.pointSizeF() * 96 / 72 * view.zoom
    return inside, len(around), off, label


def at_the_maps_edge(window: MainWindow) -> tuple[bool, bool]:
    """Whether the view stands against the map's edge across and up or down, where it cannot
    scroll further to centre what is near that edge."""
    bars = (window.view.horizontalScrollBar(), window.view.verticalScrollBar())
    across, upright = (bar.value() in (bar.minimum(), bar.maximum()) for bar in bars)
    return across, upright


@pytest.mark.parametrize(
    ("size", "name", "node_id", "before"),
    [
        # Neighbours in sight before, when Enter centred the concept at a zoom of 85 % (now 7,
        # 13, 7, 7, 7 and 2, labels 8 px where they were 11).
        ((1920, 1080), "PD-1", "pd-1", 7),
        ((1920, 1080), "T cells", "t-cells", 7),
        ((1920, 1080), "Cancer immunotherapy", "cancer-immunotherapy", 2),
        ((1280, 720), "PD-1", "pd-1", 6),
        ((1280, 720), "T cells", "t-cells", 4),
        ((1280, 720), "Cancer immunotherapy", "cancer-immunotherapy", 1),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_enter_shows_the_concept_found_with_its_neighbours(
    qtbot, size, name, node_id, before
) -> None:
    """Every neighbour in sight while the labels are drawn as words; where they cannot all be,
    as many as are at the smallest size that still reads (one step further out they would not),
    the concept centred as far as the map's edge allows."""
    window = open_window(qtbot, DEFAULT_MAP, size)
    find(qtbot, window, name)
    assert window.scene.current == ("node", node_id)
    inside, count, off, label = seen(window, node_id)
    view = window.view
    item = window.scene.node_items[node_id]
    centre = view.mapFromScene(item.scene_box().center()).toPointF()
    middle = QRectF(view.viewport().rect()).center()
    edge_x, edge_y = at_the_maps_edge(window)
    assert edge_x or abs(centre.x() - middle.x()) <= 2, f"{name}: {off:.0f} px off the middle"
    assert edge_y or abs(centre.y() - middle.y()) <= 2, f"{name}: {off:.0f} px off the middle"
    assert label >= LEGIBLE_PX
    assert inside == count or label < LEGIBLE_PX * STEP, f"{name}: {inside} of {count}"
    assert inside >= before, f"{name}: {inside} of {count} neighbours in sight"
