"""Clicking concepts on a big map zoomed out (the batched overview draws it, the concepts' own
items are veiled): the click finds the concept drawn under the pointer, also after it moved,
and the fading a selection brings shows once the map is zoomed in."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from mapviewer.commands import MoveNodesCommand
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.mapview import MapView

from .test_big_maps_drawing import fitted_view, hostile_map
from .test_dim_offscreen import drawn_as_dimmed, looks_faded


def big_view(qtbot) -> tuple[MapScene, MapView]:
    return fitted_view(qtbot, hostile_map(count=400, links=300, span=10_000.0))


def click(view: MapView, pos: QPoint) -> None:
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos
    )


def centre_of(view: MapView, node_id: str) -> QPoint:
    item = view.map_scene().node_items[node_id]
    return view.mapFromScene(QPointF(item.cx, item.cy))


def test_a_click_at_fit_selects_the_concept_there_also_after_it_moved(qtbot) -> None:
    scene, view = big_view(qtbot)
    click(view, centre_of(view, "n7"))
    qtbot.waitUntil(lambda: scene.current == ("node", "n7"), timeout=10_000)
    old = centre_of(view, "n7")
    # Moved (an undoable edit) to the far corner: a click there finds it, its old place nothing.
    bounds = scene.map_bounds()
    target = (bounds.left() + 40.0, bounds.top() + 40.0)
    scene.document.undo_stack.push(MoveNodesCommand(scene.document, {"n7": target}))
    click(view, old)
    qtbot.waitUntil(lambda: scene.current == ("", ""), timeout=10_000)
    click(view, centre_of(view, "n7"))
    qtbot.waitUntil(lambda: scene.current == ("node", "n7"), timeout=10_000)


def test_fading_set_at_fit_shows_when_zoomed_in(qtbot) -> None:
    scene, view = big_view(qtbot)
    click(view, centre_of(view, "n3"))
    qtbot.waitUntil(lambda: scene.current == ("node", "n3"), timeout=10_000)
    nodes, edges = scene.document.neighbourhood("n3", 1)
    scene.set_dim_filter("neighbours", nodes, edges)
    far = next(n for n in scene.node_items if n not in nodes)
    assert scene.node_items[far].dimmed and not scene.node_items["n3"].dimmed
    view.set_camera(QPointF(scene.node_items[far].cx, scene.node_items[far].cy), 1.5)
    qtbot.waitUntil(lambda: not scene.overview_mode, timeout=10_000)
    far_item = scene.node_items[far]
    assert looks_faded(view, view.viewport().grab().toImage(), far_item)
    assert drawn_as_dimmed(view) == []
    scene.clear_dim_filter("neighbours")
    assert not far_item.dimmed
    assert not looks_faded(view, view.viewport().grab().toImage(), far_item)
    # Close up, the concepts drawn by themselves fade and come back as the filter changes.
    scene.set_dim_filter("neighbours", nodes, edges)
    assert looks_faded(view, view.viewport().grab().toImage(), far_item)
    assert drawn_as_dimmed(view) == []
    assert not any(scene.node_items[n].dimmed for n in nodes)
