"""A student who explores with the keyboard: the arrow keys follow links from the selected
concept, but on a map with nothing selected (how every map opens) they did nothing at all, so
the first concept could only be reached with the mouse or by typing its name."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.mainwindow import MainWindow

WINDOW_MAP = DEFAULT_MAP
WINDOW_SIZE = (1280, 720)


def press(qtbot, window: MainWindow, key: Qt.Key) -> None:
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    qtbot.keyClick(QApplication.focusWidget(), key)


def nearest_the_middle(window: MainWindow) -> str:
    view = window.view
    middle = view.mapToScene(view.viewport().rect().center())
    items = [item for item in window.scene.node_items.values() if item.shown and item.isVisible()]
    return min(items, key=lambda i: math.hypot(i.cx - middle.x(), i.cy - middle.y())).node_id


def test_an_arrow_on_a_map_with_nothing_selected_picks_the_concept_in_the_middle(
    qtbot, window: MainWindow
) -> None:
    assert window.scene.selected_ids() == (set(), set())
    expected = nearest_the_middle(window)
    press(qtbot, window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: window.scene.selected_ids()[0] == {expected}, timeout=10_000)
    qtbot.waitUntil(lambda: not window.view.is_animating(), timeout=10_000)
    item = window.scene.node_items[expected]
    box = window.view.mapFromScene(item.sceneBoundingRect()).boundingRect()
    assert window.view.viewport().rect().contains(box)
    assert window.view.hasFocus()  # the next arrow follows a link from it
    neighbours = {n.node_id for n in window.view.neighbours(item)}
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Up):
        press(qtbot, window, key)
        if window.scene.selected_ids()[0] != {expected}:
            break
    assert window.scene.selected_ids()[0] <= neighbours
    assert len(window.scene.selected_ids()[0]) == 1


def test_an_arrow_with_a_concept_selected_still_follows_its_links(
    qtbot, window: MainWindow
) -> None:
    item = window.scene.node_items["pd-1"]
    qtbot.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.view.mapFromScene(QPointF(item.cx, item.cy)),
    )
    qtbot.waitUntil(lambda: window.scene.selected_ids()[0] == {"pd-1"}, timeout=10_000)
    target = window.view.linked_in_direction(item, 1.0, 0.0)
    assert target is not None
    press(qtbot, window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: window.scene.selected_ids()[0] == {target}, timeout=10_000)


def test_zoomed_in_with_nothing_selected_the_arrows_still_pan(qtbot, window: MainWindow) -> None:
    """The first arrow starts the walk only where there is nothing to pan to (the whole map in
    view): zoomed in, the arrows scroll the map as they always did; the big-map tests pan so."""
    view = window.view
    view.fly_to(view.mapToScene(view.viewport().rect().center()), 1.5, animate=False)
    before = view.center()
    press(qtbot, window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: view.center().x() > before.x(), timeout=10_000)
    assert window.scene.selected_ids() == (set(), set())


def click_link(qtbot, window: MainWindow, edge_id: str) -> None:
    """Bring the link's phrase to the middle at 100 % and click it, as a reader picks a link."""
    link = window.scene.edge_items[edge_id]
    window.view.set_camera(link.label_rect.center(), 1.0)
    point = window.view.mapFromScene(link.label_rect.center())
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: window.scene.current == ("edge", edge_id), timeout=10_000)


def a_level_link(window: MainWindow) -> tuple[str, str, str]:
    """A link drawn left to right or right to left (far more across than up or down), whose
    phrase shows: its id, its left end and its right end."""
    doc, items = window.document, window.scene.node_items
    for edge_id, link in sorted(window.scene.edge_items.items()):
        edge = doc.edges[edge_id]
        source, target = items.get(edge.source), items.get(edge.target)
        if source is None or target is None or link.label_rect.isEmpty():
            continue
        if abs(target.cx - source.cx) > 3 * abs(target.cy - source.cy) + 100:
            left, right = sorted((source, target), key=lambda i: i.cx)
            return edge_id, left.node_id, right.node_id
    raise AssertionError("the default map has a level link")


def test_arrows_from_a_selected_link_go_to_its_end_that_way(qtbot, window: MainWindow) -> None:
    """A link clicked, the arrow keys did nothing: the walk along the links could not start
    from it. Left goes to its left end, Right to its right end."""
    edge_id, left, right = a_level_link(window)
    for key, end in ((Qt.Key.Key_Left, left), (Qt.Key.Key_Right, right)):
        click_link(qtbot, window, edge_id)
        press(qtbot, window, key)
        qtbot.waitUntil(
            lambda end=end: window.scene.selected_ids() == ({end}, set()), timeout=10_000
        )
        assert window.scene.current == ("node", end)


def test_up_and_down_across_a_level_link_go_to_its_source_and_target(
    qtbot, window: MainWindow
) -> None:
    edge_id, _, _ = a_level_link(window)
    edge = window.document.edges[edge_id]
    for key, end in ((Qt.Key.Key_Up, edge.source), (Qt.Key.Key_Down, edge.target)):
        click_link(qtbot, window, edge_id)
        press(qtbot, window, key)
        qtbot.waitUntil(
            lambda end=end: window.scene.selected_ids() == ({end}, set()), timeout=10_000
        )
