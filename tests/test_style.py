"""A concept's own look on the canvas, and changing the look from the Style menu and the
Details form: each change one undo step, undo shown at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QImage
from PySide6.QtWidgets import QMenu

from mapviewer.boxes import map_measure
from mapviewer.document import Document
from mapviewer.io.mapfile import dumps
from mapviewer.model import ConceptMap, Edge, Kind, Node
from mapviewer.render import render_to_file
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.style import LIGHT
from mapviewer.ui.mainwindow import MainWindow

from .conftest import open_window

VERMILLION = "#D55E00"


def styled_scene() -> MapScene:
    cmap = ConceptMap(
        kinds=[Kind(id="drug", label="Drug", color="#0072B2", shape="pill")],
        nodes=[
            Node(id="own", label="Own colour", kind="drug", x=0, y=0, color=VERMILLION),
            Node(id="kind", label="Kind's colour", kind="drug", x=0, y=120),
            Node(id="dark", label="Dark", x=260, y=0, color="#1B2A49", shape="diamond"),
            Node(id="ink", label="Blue ink", x=260, y=120, text_color="#0072B2"),
        ],
    )
    return MapScene(Document(cmap), LIGHT)


def pixel_inside(scene: MapScene, node_id: str, tmp_path: Path, suffix: str = ".png") -> QColor:
    """Render the concept's box alone, as File > Export Image does, and read its fill just
    below the middle of its top edge (past the outline, above the label)."""
    box = scene.node_items[node_id].scene_box()
    path = tmp_path / f"{node_id}{suffix}"
    render_to_file(scene, path, source=QRectF(box), width=round(box.width()))
    image = QImage(str(path))
    return image.pixelColor(image.width() // 2, 5)


def test_a_concept_is_drawn_in_its_own_colour(qtbot, tmp_path: Path) -> None:
    scene = styled_scene()
    assert pixel_inside(scene, "own", tmp_path).name().upper() == VERMILLION
    kind_fill = pixel_inside(scene, "kind", tmp_path)
    assert kind_fill.name().upper() != VERMILLION and kind_fill.blue() > kind_fill.red()
    own, dark = scene.node_items["own"].style, scene.node_items["dark"].style
    assert own.shape == "pill"  # the kind's shape where the concept has none of its own
    assert dark.shape == "diamond"
    assert dark.text.name() == "#ffffff" and own.text.name() == "#000000"  # readable on fill
    assert scene.node_items["ink"].style.text.name().upper() == "#0072B2"
    svg = tmp_path / "map.svg"
    render_to_file(scene, svg)
    assert VERMILLION.lower() in svg.read_text(encoding="utf-8").lower()


def test_an_own_shape_is_measured_as_it_is_drawn(qtbot) -> None:
    """Concepts a file leaves unplaced are packed with the boxes the canvas will draw: a
    concept's own shape changes its box, so the packing must know it."""
    scene = styled_scene()
    measure = map_measure(scene.document.cmap)
    for node in scene.document.cmap.nodes:
        box = scene.node_items[node.id].box
        assert measure(node) == (box.width(), box.height()), node.id


def test_recolouring_a_concept_redraws_it(qtbot, tmp_path: Path) -> None:
    scene = styled_scene()
    scene.document.update_node("kind", color="#009E73")
    assert pixel_inside(scene, "kind", tmp_path).name().upper() == "#009E73"
    scene.document.update_node("kind", color=None)
    assert scene.node_items["kind"].style is scene.style_for("drug")


# --- the Style menu ---------------------------------------------------------------------------


def style_action(qtbot, window: MainWindow, *path: str) -> QAction:
    """The Style menu's action at ``path`` (submenu titles, then the action's text), after the
    menu was opened as a person opens it, so it shows the selection's state."""
    menu: QMenu = window.style_menu
    menu.popup(window.mapToGlobal(QPoint(60, 40)))
    qtbot.waitUntil(menu.isVisible, timeout=10_000)
    for title in path[:-1]:
        menu = next(a.menu() for a in menu.actions() if a.menu() and a.text() == title)
    action = next(a for a in menu.actions() if a.text() == path[-1])
    window.style_menu.hide()
    return action


def test_the_style_menu_colours_concepts_and_links_as_one_step(qtbot, window) -> None:
    doc = window.document
    before = dumps(doc.cmap)
    window.scene.select_many(["pd-1", "ctla-4"], ["e1"])
    style_action(qtbot, window, "&Colour", "Vermillion").trigger()
    assert [doc.nodes[n].color for n in ("pd-1", "ctla-4")] == [VERMILLION, VERMILLION]
    assert doc.edges["e1"].color == VERMILLION
    assert window.scene.node_items["pd-1"].style.fill.name().upper() == VERMILLION
    assert (
        doc.undo_stack.count() == 1
        and doc.undo_stack.undoText() == "Colour of 2 concepts and 1 link"
    )
    window.edits.undo.trigger()
    assert dumps(doc.cmap) == before
    assert window.scene.node_items["pd-1"].style is window.scene.style_for("checkpoint")


def test_shape_width_line_and_direction_from_the_menu(qtbot, window) -> None:
    doc = window.document
    window.scene.select_many(["tregs"], ["e2"])
    style_action(qtbot, window, "&Shape", "Diamond").trigger()
    assert window.scene.node_items["tregs"].style.shape == "diamond"
    style_action(qtbot, window, "&Width", "Wide (260)").trigger()
    assert window.scene.node_items["tregs"].box.width() == 260
    style_action(qtbot, window, "Link &Line", "Dashed").trigger()
    assert doc.edges["e2"].dash == "dash"
    direction = style_action(qtbot, window, "Link Has &Direction")
    assert direction.isChecked()  # the link has one: the menu says so
    direction.trigger()
    assert doc.edges["e2"].directed is False
    assert doc.undo_stack.count() == 4
    style_action(qtbot, window, "&Reset to Kind's Style").trigger()
    tregs = doc.nodes["tregs"]
    assert (tregs.shape, tregs.width, doc.edges["e2"].dash) == (None, None, None)
    assert doc.edges["e2"].directed is False  # a direction is meaning, not look: kept
    assert doc.undo_stack.count() == 5
    window.edits.undo.trigger()
    assert (doc.nodes["tregs"].shape, doc.nodes["tregs"].width) == ("diamond", 260.0)


def test_the_menu_offers_only_what_the_selection_takes(qtbot, window) -> None:
    window.scene.select("node", "pd-1")
    assert not style_action(qtbot, window, "Link Has &Direction").isEnabled()
    assert style_action(qtbot, window, "&Shape").isEnabled()
    window.scene.select("edge", "e1")
    assert not style_action(qtbot, window, "&Shape").isEnabled()
    assert style_action(qtbot, window, "Link Has &Direction").isEnabled()


# --- the Details form -------------------------------------------------------------------------


@pytest.fixture
def editing(qtbot, window: MainWindow) -> MainWindow:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_the_details_form_edits_the_look_one_step_each(qtbot, editing) -> None:
    window = editing
    doc = window.document
    window.go_to("node", "pd-1")
    window.detail_editing.toggle.trigger()
    editor = window.detail_editing.editor
    assert editor.colour_combo.currentText() == "Kind's colour"
    editor.colour_combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(editor.colour_combo, Qt.Key.Key_Down)  # the first swatch: blue
    assert doc.nodes["pd-1"].color == "#0072B2"
    assert window.scene.node_items["pd-1"].style.fill.name().upper() == "#0072B2"
    editor.shape_combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(editor.shape_combo, "circ")  # typed, as a person picks it from the list
    assert doc.nodes["pd-1"].shape == "circle"
    round_box = window.scene.node_items["pd-1"].box
    assert round_box.width() == round_box.height()  # drawn round at once
    editor.width_spin.setFocus(Qt.FocusReason.TabFocusReason)
    editor.width_spin.selectAll()
    qtbot.keyClicks(editor.width_spin, "250")
    editor.colour_combo.setFocus(Qt.FocusReason.TabFocusReason)  # leaving the field
    assert doc.nodes["pd-1"].width == 250.0
    assert [doc.undo_stack.text(i) for i in range(doc.undo_stack.count())] == [
        "Colour of “PD-1”",
        "Shape of “PD-1”",
        "Width of “PD-1”",
    ]
    window.edits.undo.trigger()
    window.edits.undo.trigger()
    assert editor.shape_combo.currentText() == "Kind's shape"
    assert editor.width_spin.text() == "Fit to label"
    qtbot.mouseClick(editor.reset_style_button, Qt.MouseButton.LeftButton)
    assert doc.nodes["pd-1"].color is None
    assert editor.colour_combo.currentText() == "Kind's colour"


def test_a_colour_of_no_swatch_shows_as_itself(qtbot, editing) -> None:
    window = editing
    window.document.update_node("pd-1", color="#123456")
    window.document.update_node("ctla-4", color="#ABCDEF")
    window.go_to("node", "pd-1")
    window.detail_editing.toggle.trigger()
    combo = window.detail_editing.editor.colour_combo
    assert combo.currentText() == "#123456"
    count = combo.count()
    window.go_to("node", "ctla-4")
    assert (combo.currentText(), combo.count()) == ("#ABCDEF", count)  # one custom entry
    window.go_to("node", "t-cells")
    assert combo.currentText() == "Kind's colour"


def test_the_details_form_edits_a_links_line_and_direction(qtbot, editing) -> None:
    window = editing
    doc = window.document
    window.go_to("edge", "e1")
    window.detail_editing.toggle.trigger()
    editor = window.detail_editing.editor
    assert not editor.shape_combo.isVisible() and editor.directed_check.isChecked()
    editor.dash_combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(editor.dash_combo, Qt.Key.Key_Down)
    assert doc.edges["e1"].dash == "dash"
    qtbot.mouseClick(editor.directed_check, Qt.MouseButton.LeftButton)
    assert doc.edges["e1"].directed is False
    assert doc.undo_stack.count() == 2
    window.edits.undo.trigger()
    assert editor.directed_check.isChecked() and doc.edges["e1"].directed


# --- Map > Concept colours --------------------------------------------------------------------


def map_submenu_action(window: MainWindow, title: str, text: str) -> QAction:
    menu = next(a.menu() for a in window.map_menu.actions() if a.menu() and a.text() == title)
    return next(a for a in menu.actions() if a.text() == text)


def test_concept_colours_tinted_from_the_map_menu_in_one_undo_step(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """Every concept's colour becomes its outline round a faint tint of it, and back with one
    Ctrl+Z; the choice is saved with the map."""
    doc, scene = window.document, window.scene
    node = doc.nodes["pd-1"]
    kind_colour = scene.style_for(node.kind).color
    assert pixel_inside(scene, "pd-1", tmp_path) == kind_colour
    assert map_submenu_action(window, "Concept &colours", "Filled").isChecked()
    map_submenu_action(window, "Concept &colours", "Tinted").trigger()
    tint = pixel_inside(scene, "pd-1", tmp_path, ".tinted.png")
    assert min(tint.red(), tint.green(), tint.blue()) > 225  # nearly white, not the colour
    assert scene.node_items["pd-1"].style.border.hslHue() == kind_colour.hslHue()
    assert doc.undo_stack.count() == 1 and doc.modified
    assert '"fills": "tinted"' in dumps(doc.cmap)
    assert map_submenu_action(window, "Concept &colours", "Tinted").isChecked()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: doc.cmap.fills == "filled", timeout=10_000)
    assert pixel_inside(scene, "pd-1", tmp_path, ".again.png") == kind_colour
    assert map_submenu_action(window, "Concept &colours", "Filled").isChecked()
    assert not doc.modified


def test_free_link_ends_from_the_style_menu_in_one_undo_step(qtbot, tmp_path: Path) -> None:
    """A link a canvas anchored to the sides of its cards leaves the bottom of one for the top
    of the other; freed, it runs as the map's routing draws it, centre towards centre; Ctrl+Z
    anchors it again."""
    cmap = ConceptMap(
        nodes=[
            Node(id="a", label="Start", x=0, y=0),
            Node(id="b", label="Installed", x=400, y=300),
        ],
        edges=[Edge(id="ab", source="a", target="b", from_side="bottom", to_side="top")],
    )
    path = tmp_path / "flow.json"
    path.write_text(dumps(cmap), encoding="utf-8")
    window = open_window(qtbot, path, (1000, 700))
    scene, doc = window.scene, window.document

    def leaves_bottom() -> bool:
        start = scene.edge_items["ab"].curve.pointAtPercent(0)
        box = scene.node_items["a"].scene_box()
        return abs(start.x() - box.center().x()) < 1 and abs(start.y() - box.bottom()) < 1

    assert leaves_bottom()
    scene.select_many([], ["ab"])
    style_action(qtbot, window, "&Free Link Ends from Sides").trigger()
    assert (doc.edges["ab"].from_side, doc.edges["ab"].to_side) == (None, None)
    assert not leaves_bottom()  # towards the other concept, below and to the right
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == (
        "Free link ends of link “Start” → “Installed”"
    )
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(leaves_bottom, timeout=10_000)
    assert doc.edges["ab"].from_side == "bottom"
