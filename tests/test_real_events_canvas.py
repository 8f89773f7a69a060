"""The canvas under a real hand: wheel, keys, hover, tooltips, right clicks, mouse buttons.

Every event here goes through Qt's event loop to the widget under the pointer (see
tests/real_input.py), so MapView's, the items' and the scene's event handlers run as they do
for a person, not the slots behind them.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QDockWidget, QMenu, QToolTip

from mapviewer.scene.edgeitem import is_strong
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA
from .real_input import context_click, keys_when_shown, wheel

SAMPLE = DATA / "sample.json"
EMPTY = QPoint(6, 6)  # a corner of the canvas with no concept or link under it


def at_concept(win: MainWindow, node_id: str) -> QPoint:
    """Where a concept's centre is on the canvas, in viewport pixels."""
    item = win.scene.node_items[node_id]
    return win.view.mapFromScene(QPointF(item.cx, item.cy))


def bright(win: MainWindow) -> set[str]:
    return {n for n, item in win.scene.node_items.items() if not item.dimmed}


def close(a: QPointF, b: QPointF) -> bool:
    return abs(a.x() - b.x()) < 1.5 and abs(a.y() - b.y()) < 1.5


def test_the_wheel_zooms_about_the_pointer(window: MainWindow) -> None:
    view, viewport = window.view, window.view.viewport()
    pointer = at_concept(window, "ctla-4")
    under = view.mapToScene(pointer)
    zoom = view.zoom
    event = wheel(viewport, pointer, 1)
    assert event.isAccepted()  # the page around does not scroll too
    assert view.zoom == pytest.approx(zoom * 1.25)
    assert close(view.mapToScene(pointer), under)  # CTLA-4 stays under the pointer
    wheel(viewport, pointer, -1)  # towards the user: out again
    assert view.zoom == pytest.approx(zoom)


def test_many_wheel_notches_keep_the_concept_under_the_pointer(window: MainWindow) -> None:
    view, viewport = window.view, window.view.viewport()
    pointer = at_concept(window, "ctla-4")
    under = view.mapToScene(pointer)
    for _ in range(8):
        wheel(viewport, pointer, 1)
    drift = (view.mapToScene(pointer) - under) * view.zoom  # in screen pixels
    assert abs(drift.x()) <= 3 and abs(drift.y()) <= 3


def test_a_trackpad_swipe_and_shift_wheel_pan_without_zooming(window: MainWindow) -> None:
    view, viewport = window.view, window.view.viewport()
    view.set_camera(view.center(), 2.0)  # zoomed in, so there is room to pan
    pointer = QPoint(300, 300)
    centre = view.center()
    wheel(viewport, pointer, pixels=QPoint(0, -60))  # two fingers up: the map moves up
    assert view.zoom == pytest.approx(2.0)
    assert view.center().y() > centre.y() + 20
    assert view.center().x() == pytest.approx(centre.x(), abs=1)
    centre = view.center()
    wheel(viewport, pointer, -1, Qt.KeyboardModifier.ShiftModifier)
    assert view.zoom == pytest.approx(2.0)
    assert view.center().x() > centre.x() + 20
    wheel(viewport, pointer, 1, Qt.KeyboardModifier.ControlModifier)  # Ctrl+wheel still zooms
    assert view.zoom == pytest.approx(2.5)


def test_plus_minus_and_zero_keys_zoom_and_fit(qtbot, window: MainWindow) -> None:
    view = window.view
    window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=10_000)
    fitted = view.zoom
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Plus)
    assert view.zoom == pytest.approx(fitted * 1.25)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Minus)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Minus)
    assert view.zoom == pytest.approx(fitted / 1.25)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_0)  # eases back to the whole map
    qtbot.waitUntil(lambda: not view.is_animating(), timeout=10_000)
    assert view.zoom == pytest.approx(fitted)


def test_hovering_a_concept_lights_its_neighbours_and_leaving_restores(
    qtbot, window: MainWindow
) -> None:
    viewport = window.view.viewport()
    qtbot.mouseMove(viewport, EMPTY)
    assert bright(window) == set(window.scene.node_items)
    qtbot.mouseMove(viewport, at_concept(window, "tregs"))
    qtbot.waitUntil(lambda: bright(window) == {"tregs", "t-cells"}, timeout=10_000)
    qtbot.mouseMove(viewport, EMPTY)
    qtbot.waitUntil(lambda: bright(window) == set(window.scene.node_items), timeout=10_000)


def test_hovering_a_link_draws_it_in_the_accent_colour(qtbot, window: MainWindow) -> None:
    viewport = window.view.viewport()
    link = window.scene.edge_items["e3"]
    qtbot.mouseMove(viewport, EMPTY)
    assert not is_strong(link)
    qtbot.mouseMove(viewport, window.view.mapFromScene(link.label_rect.center()))
    qtbot.waitUntil(lambda: is_strong(link), timeout=10_000)
    qtbot.mouseMove(viewport, EMPTY)
    qtbot.waitUntil(lambda: not is_strong(link), timeout=10_000)


def test_resting_the_pointer_on_a_concept_shows_its_name_and_kind(
    qtbot, window: MainWindow
) -> None:
    viewport = window.view.viewport()
    qtbot.mouseMove(viewport, EMPTY)
    qtbot.mouseMove(viewport, at_concept(window, "pd-1"))
    qtbot.waitUntil(QToolTip.isVisible, timeout=10_000)
    tip = QTextDocumentFragment.fromHtml(QToolTip.text()).toPlainText()
    assert tip.splitlines() == ["PD-1", "Checkpoint / target"]
    qtbot.mouseMove(viewport, EMPTY)  # nothing there: the tip goes
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=10_000)


def test_right_click_on_a_concept_selects_it_and_offers_its_edits(window: MainWindow) -> None:
    viewport = window.view.viewport()
    window.go_to("node", "tregs")
    with keys_when_shown(QMenu, [Qt.Key.Key_Escape]) as menu:
        context_click(viewport, at_concept(window, "pd-1"))
    assert menu.shown is not None and menu.active  # it popped up, and Escape closed it
    assert "&Rename" in menu.texts and "&Delete" in menu.texts
    assert window.scene.current == ("node", "pd-1")  # the concept clicked, not the one before
    assert QApplication.activePopupWidget() is None
    assert window.document.nodes["pd-1"].label == "PD-1"  # Escape chose nothing


def test_right_click_on_a_link_selects_the_link(window: MainWindow) -> None:
    link = window.scene.edge_items["e3"]
    with keys_when_shown(QMenu, [Qt.Key.Key_Escape]) as menu:
        context_click(window.view.viewport(), window.view.mapFromScene(link.label_rect.center()))
    assert menu.active and "&Rename" in menu.texts
    assert window.scene.current == ("edge", "e3")


def test_right_click_on_empty_canvas_offers_a_new_concept_there(window: MainWindow) -> None:
    with keys_when_shown(QMenu, [Qt.Key.Key_Escape]) as menu:
        context_click(window.view.viewport(), EMPTY)
    assert menu.active
    assert "New Concept Here" in menu.texts and "&Rename" not in menu.texts
    assert len(window.document.cmap.nodes) == 5


def test_the_mouse_back_and_forward_buttons_walk_the_history(qtbot, window: MainWindow) -> None:
    viewport = window.view.viewport()
    for node_id in ("pd-1", "tregs"):
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=at_concept(window, node_id))
    assert window.scene.current == ("node", "tregs")
    qtbot.mouseClick(viewport, Qt.MouseButton.BackButton, pos=EMPTY)
    assert window.scene.current == ("node", "pd-1")
    qtbot.mouseClick(viewport, Qt.MouseButton.ForwardButton, pos=EMPTY)
    assert window.scene.current == ("node", "tregs")


def test_alt_left_and_alt_right_on_the_canvas_walk_the_history(qtbot, window: MainWindow) -> None:
    viewport = window.view.viewport()
    for node_id in ("pd-1", "tregs"):
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=at_concept(window, node_id))
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    alt = Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, alt)
    assert window.scene.current == ("node", "pd-1")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, alt)
    assert window.scene.current == ("node", "tregs")


def test_resizing_the_window_keeps_the_whole_map_in_view_until_the_user_zooms(
    qtbot, window: MainWindow
) -> None:
    view = window.view

    def whole_map_shown() -> bool:
        shown = view.mapFromScene(window.scene.map_bounds()).boundingRect()
        return view.viewport().rect().contains(shown)

    width = view.viewport().width()
    window.resize(900, 600)
    qtbot.waitUntil(lambda: view.viewport().width() < width, timeout=10_000)
    qtbot.waitUntil(whole_map_shown, timeout=10_000)
    wheel(view.viewport(), at_concept(window, "ctla-4"), 2)  # the user takes the camera
    zoom, width = view.zoom, view.viewport().width()
    window.resize(1300, 900)
    qtbot.waitUntil(lambda: view.viewport().width() > width, timeout=10_000)
    assert view.zoom == pytest.approx(zoom)  # the window does not undo the user's zoom


def test_the_wheel_over_the_overview_zooms_the_map_about_its_centre(
    qtbot, window: MainWindow
) -> None:
    dock = window.findChild(QDockWidget, "OverviewDock")
    assert dock is not None
    dock.show()
    minimap = dock.widget()
    qtbot.waitUntil(lambda: minimap.isVisible() and minimap.width() > 50, timeout=10_000)
    view = window.view
    centre, zoom = view.center(), view.zoom
    wheel(minimap, minimap.rect().center(), 1)
    assert view.zoom == pytest.approx(zoom * 1.25)
    assert close(view.center(), centre)
    wheel(minimap, minimap.rect().center(), -1)
    assert view.zoom == pytest.approx(zoom)
