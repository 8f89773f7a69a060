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
