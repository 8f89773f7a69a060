"""A concept added to an imported map looks like the map's others, as CmapTools gives a new
concept the map's default style sheet: drawn in the colour, shape and border most of its
concepts carry, not in the default kind's dark box. A map whose concepts differ keeps the
kind's look."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from mapviewer.io.mapfile import dumps
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, INTEROP, imported_window, needs_shared
from .test_editing import drag, press_in_window, type_and_enter

BACTERIA = INTEROP / "cxl/bacterial-characteristics.cxl"  # 57 of 75: pale blue rounded boxes
UML = DATA / "interop/yed-uml-palette.graphml"  # 20 of 28: grey ellipses, black 2-wide outline
VARIED = DATA / "interop/yed-demo-groups.graphml"  # 14 of 30 yellow, 10 blue, 7 ...


def empty_spot(win: MainWindow) -> QPoint:
    """A point of the canvas with nothing under it, to double-click."""
    viewport = win.view.viewport()
    for y in range(20, viewport.height() - 20, 40):
        for x in range(20, viewport.width() - 20, 40):
            if not win.view.items(QPoint(x, y)):
                return QPoint(x, y)
    raise AssertionError("no empty canvas in sight")


def new_concept(win: MainWindow, label: str) -> str:
    [node] = [n for n in win.document.cmap.nodes if n.label == label]
    return node.id


def drawn(win: MainWindow, node_id: str) -> tuple[str, str, str, float]:
    """Fill, shape, outline colour and outline width of the concept as the scene draws it."""
    style = win.scene.node_items[node_id].style
    return style.brush.color().name(), style.shape, style.pen.color().name(), style.border_scale


@needs_shared(BACTERIA)
def test_a_double_clicked_concept_in_a_cmaptools_map_looks_like_its_neighbours(qtbot) -> None:
    win = imported_window(qtbot, BACTERIA, (1400, 900))
    neighbour = next(n.id for n in win.document.cmap.nodes if n.color == "#EDF4F6")
    before = dumps(win.document.cmap)
    qtbot.mouseDClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=empty_spot(win))
    type_and_enter(qtbot, win, "Spirochete")
    new = new_concept(win, "Spirochete")
    assert drawn(win, new) == drawn(win, neighbour)
    assert drawn(win, new)[:2] == ("#edf4f6", "rounded")  # pale blue, not the kind's dark fill
    assert win.document.undo_stack.count() == 1
    press_in_window(qtbot, win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dumps(win.document.cmap) == before


def test_inserted_dragged_and_pasted_concepts_take_the_yed_maps_common_look(qtbot) -> None:
    win = imported_window(qtbot, UML, (1400, 900))
    common = ("#e0e0e0", "ellipse", "#000000", 2.0)  # #C0C0C07F over white, as yEd paints it
    ellipse = next(n.id for n in win.document.cmap.nodes if n.shape == "ellipse")
    assert drawn(win, ellipse) == common
    rectangle = next(n.id for n in win.document.cmap.nodes if n.shape == "rectangle")
    win.go_to("node", rectangle)  # beside a rectangle: still the map's common look
    press_in_window(qtbot, win, Qt.Key.Key_Insert)
    type_and_enter(qtbot, win, "Inserted")
    assert drawn(win, new_concept(win, "Inserted")) == common
    win.view.fit_all()
    handle = win.scene.node_items[ellipse].handle_centre()
    win.scene.node_items[ellipse].setSelected(True)  # its + handle shows
    drag(qtbot, win, win.view.mapFromScene(handle), empty_spot(win))
    type_and_enter(qtbot, win, "Dragged out")
    type_and_enter(qtbot, win, "uses")
    assert drawn(win, new_concept(win, "Dragged out")) == common
    win.edits.paste_text("Pasted", QPointF(0, 900))
    assert drawn(win, new_concept(win, "Pasted")) == common
    assert win.document.undo_stack.count() == 3  # one step each, as before


def test_a_map_whose_concepts_differ_gives_a_new_concept_the_kinds_look(qtbot) -> None:
    win = imported_window(qtbot, VARIED, (1400, 900))
    qtbot.mouseDClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=empty_spot(win))
    type_and_enter(qtbot, win, "Plain")
    node = win.document.nodes[new_concept(win, "Plain")]
    assert (node.color, node.shape, node.border_color) == (None, None, None)
    assert drawn(win, node.id)[0] != "#ffcc00"  # not the 14 yellow boxes' colour
    assert node.text_size == pytest.approx(9.0)  # the size most have still holds
