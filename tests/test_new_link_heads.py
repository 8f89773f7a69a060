"""A link drawn by hand on a yEd map gets the head its map's links have (yEd's, 10 wide), not
the theme's 8-wide one; on mapviewer's own maps it keeps the theme's."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from mapviewer.scene.edgeitem import YED_ARROW_WIDTH
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, imported_window, open_window
from .test_editing import type_and_enter

KAFKA = DATA / "interop" / "orange-kafka-pipeline.graphml"


def head_width(win: MainWindow, edge_id: str) -> float:
    head = win.scene.edge_items[edge_id].arrow
    return round(math.dist(head.at(1).toTuple(), head.at(2).toTuple()), 1)


def link_two_unlinked(qtbot, win: MainWindow) -> str:
    """Click one concept, Ctrl+click another not linked to it, Ctrl+L, name the link."""
    linked = {(e.source, e.target) for e in win.document.cmap.edges}
    nodes = [n.id for n in win.document.cmap.nodes if n.id in win.scene.node_items]
    first, second = next(
        (a, b)
        for a in nodes
        for b in nodes
        if a != b and (a, b) not in linked and (b, a) not in linked
    )
    viewport = win.view.viewport()
    for node_id, mods in (
        (first, Qt.KeyboardModifier.NoModifier),
        (second, Qt.KeyboardModifier.ControlModifier),
    ):
        item = win.scene.node_items[node_id]
        qtbot.mouseClick(
            viewport, Qt.MouseButton.LeftButton, mods, win.view.mapFromScene(item.pos())
        )
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(QGuiApplication.focusObject(), Qt.Key.Key_L, ctrl)
    type_and_enter(qtbot, win, "feeds")
    [new] = [e for e in win.document.cmap.edges if (e.source, e.target) == (first, second)]
    qtbot.waitUntil(lambda: new.id in win.scene.edge_items, timeout=10_000)
    return new.id


def test_a_new_link_on_a_yed_map_has_the_maps_arrowhead(qtbot) -> None:
    win = imported_window(qtbot, KAFKA)
    imported = next(iter(win.scene.edge_items))
    new = link_two_unlinked(qtbot, win)
    assert head_width(win, imported) == YED_ARROW_WIDTH
    assert head_width(win, new) == YED_ARROW_WIDTH  # was 8.0


def test_a_new_link_on_our_own_map_keeps_the_themes_head(qtbot) -> None:
    win = open_window(qtbot, DATA / "sample.json")
    new = link_two_unlinked(qtbot, win)
    assert head_width(win, new) == 8.0
