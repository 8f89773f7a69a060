"""A link's line width changed as a person changes it: the Style menu's Link Width presets by
the keyboard, the Details form's Line width field typed into, Reset to Kind's Style; each one
undo step, drawn at once, and a wide link still selected by a click on it."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from mapviewer.io.mapfile import dumps
from mapviewer.scene.edgeitem import EdgeItem
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.scene.style import LIGHT
from mapviewer.ui.mainwindow import MainWindow


def drawn_width(window: MainWindow, edge_id: str) -> float:
    """The link's pen as the canvas draws it unselected."""
    scene = window.scene
    item = scene.edge_items[edge_id]
    return scene.link_layer.pen_for(item, group=1).widthF()


def checked(window: MainWindow) -> list[str]:
    return [a.text() for a in window.styles.line_width_menu.actions() if a.isChecked()]


@pytest.fixture
def active(qtbot, window: MainWindow) -> MainWindow:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def choose_by_keys(qtbot, window: MainWindow, *keys: Qt.Key) -> None:
    """Open the Style menu where it drops from the menu bar and press ``keys`` in the menus
    that open, as a person picks a submenu's entry by its underlined letters."""
    menu = window.style_menu
    menu.popup(window.mapToGlobal(QPoint(60, 40)))
    qtbot.waitUntil(menu.isVisible, timeout=10_000)
    for key in keys:
        QTest.keyClick(_open_menu(menu), key)
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=10_000)


def _open_menu(menu):
    """The deepest menu open under ``menu``: where a key press goes."""
    for action in menu.actions():
        sub = action.menu()
        if sub is not None and sub.isVisible():
            return _open_menu(sub)
    return menu


def test_link_width_presets_from_the_style_menu_by_keyboard(qtbot, active) -> None:
    window = active
    doc = window.document
    before = dumps(doc.cmap)
    normal = drawn_width(window, "e2")
    window.scene.select_many([], ["e1", "e2"])
    choose_by_keys(qtbot, window, Qt.Key.Key_K, Qt.Key.Key_H)  # Lin&k Width > T&hick
    assert (doc.edges["e1"].width, doc.edges["e2"].width) == (2.0, 2.0)
    assert drawn_width(window, "e2") == pytest.approx(2 * normal)
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Link width of 2 links"
    window.style_menu.popup(window.mapToGlobal(QPoint(60, 40)))
    qtbot.waitUntil(window.style_menu.isVisible, timeout=10_000)
    assert checked(window) == ["T&hick (2×)"]  # the menu shows the selection's width
    window.style_menu.hide()
    window.scene.select("edge", "e1")
    choose_by_keys(qtbot, window, Qt.Key.Key_K, Qt.Key.Key_E)  # H&eavy
    assert doc.edges["e1"].width == 4.0 and doc.edges["e2"].width == 2.0
    window.scene.select_many([], ["e1", "e2"])
    window.style_menu.popup(window.mapToGlobal(QPoint(60, 40)))
    qtbot.waitUntil(window.style_menu.isVisible, timeout=10_000)
    assert checked(window) == []  # two widths: none ticked
    window.style_menu.hide()
    choose_by_keys(qtbot, window, Qt.Key.Key_R)  # &Reset to Kind's Style
    assert (doc.edges["e1"].width, doc.edges["e2"].width) == (None, None)
    assert drawn_width(window, "e1") == normal
    assert doc.undo_stack.count() == 3
    for _ in range(3):
        window.edits.undo.trigger()
    assert dumps(doc.cmap) == before


def test_the_menu_offers_link_widths_only_for_links(qtbot, window) -> None:
    window.scene.select("node", "pd-1")
    window.style_menu.popup(window.mapToGlobal(QPoint(60, 40)))
    qtbot.waitUntil(window.style_menu.isVisible, timeout=10_000)
    assert not window.styles.line_width_menu.isEnabled()
    window.style_menu.hide()
    window.scene.select("edge", "e1")
    window.style_menu.popup(window.mapToGlobal(QPoint(60, 40)))
    qtbot.waitUntil(window.style_menu.isVisible, timeout=10_000)
    assert window.styles.line_width_menu.isEnabled()
    assert checked(window) == ["&Normal (1×)"]
    window.style_menu.hide()


def test_the_details_form_types_a_line_width_as_one_step(qtbot, active) -> None:
    window = active
    doc = window.document
    window.go_to("edge", "e1")
    window.detail_editing.toggle.trigger()
    editor = window.detail_editing.editor
    spin = editor.line_width_spin
    assert spin.isVisible() and spin.value() == 1.0
    assert not editor.width_spin.isVisible()  # a concept's box width is not a link's
    spin.setFocus(Qt.FocusReason.TabFocusReason)
    spin.selectAll()
    qtbot.keyClicks(spin, "3.5")
    editor.dash_combo.setFocus(Qt.FocusReason.TabFocusReason)  # leaving the field
    assert doc.edges["e1"].width == 3.5
    assert drawn_width(window, "e1") == pytest.approx(3.5 * LIGHT.link_width)
    assert [doc.undo_stack.text(i) for i in range(doc.undo_stack.count())] == [
        "Link width of link “blocks”"
    ]
    window.go_to("edge", "e2")
    assert spin.value() == 1.0
    window.go_to("edge", "e1")
    assert spin.value() == 3.5
    qtbot.mouseClick(editor.reset_style_button, Qt.MouseButton.LeftButton)
    assert doc.edges["e1"].width is None and spin.value() == 1.0
    window.edits.undo.trigger()
    assert doc.edges["e1"].width == 3.5 and spin.value() == 3.5
    window.edits.undo.trigger()
    assert doc.edges["e1"].width is None and spin.value() == 1.0


def test_a_thick_link_is_selected_by_a_click_on_its_line(qtbot, window) -> None:
    """A click on the outer part of a 20-wide line (11 units off its middle, where a normal
    link's band of 10 ended) selects the link, as a person clicks what they see."""
    window.document.update_edge("e4", width=20.0)
    scene, view = window.scene, window.view
    item = scene.edge_items["e4"]
    qtbot.waitUntil(lambda: item.line is not None or not item.curve.isEmpty(), timeout=10_000)
    pen = scene.link_layer.pen_for(item, group=1).widthF()
    assert pen == pytest.approx(20 * LIGHT.link_width)
    spot = None
    for t in (0.2, 0.25, 0.3, 0.7, 0.75, 0.8, 0.35, 0.65):
        middle = item.curve.pointAtPercent(t)
        angle = math.radians(-item.curve.angleAtPercent(t))
        normal = QPointF(-math.sin(angle), math.cos(angle))
        for side in (1, -1):
            candidate = middle + normal * (11 * side)
            under = [i for i in scene.items(candidate) if isinstance(i, NodeItem | EdgeItem)]
            if under == [item] and not item.label_rect.contains(candidate):
                spot = candidate
                break
        if spot is not None:
            break
    assert spot is not None, "no free spot beside the link"
    view.centerOn(spot)
    pos = view.mapFromScene(spot)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: item.isSelected(), timeout=10_000)
    assert scene.selectedItems() == [item]
