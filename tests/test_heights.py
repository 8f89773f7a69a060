"""A concept's own height: the box at least that tall, as other tools' files draw it, and set
from the Style menu and the Details form, one undo step each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMenu

from mapviewer.boxes import map_measure
from mapviewer.document import Document
from mapviewer.groups import parent_map
from mapviewer.io.mapfile import dumps
from mapviewer.io.registry import open_map, save_map
from mapviewer.render import render_to_file
from mapviewer.scene.groupframe import GroupItem
from mapviewer.scene.mapscene import MapScene
from mapviewer.ui.editing import stylemenu
from mapviewer.ui.mainwindow import MainWindow

from .conftest import INTEROP, needs_shared

shared = needs_shared(INTEROP)
STARDUST = INTEROP / "canvas/stardust-solid-aurora-overview.canvas"
SCIBOT = INTEROP / "graphml/scibot-workflow-paper-id.graphml"


def scene_of(path: Path) -> MapScene:
    scene = MapScene(Document(open_map(path)))
    scene.flush_geometry()
    return scene


def overlapping(boxes: dict[str, QRectF]) -> list[tuple[str, str]]:
    """Pairs of boxes that cover each other by more than half a unit each way."""
    ids = sorted(boxes)
    pairs = []
    for index, first in enumerate(ids):
        for second in ids[index + 1 :]:
            common = boxes[first].intersected(boxes[second])
            if common.width() > 0.5 and common.height() > 0.5:
                pairs.append((first, second))
    return pairs


# --- other tools' files -----------------------------------------------------------------------


@shared
def test_obsidian_cards_open_as_big_as_their_author_made_them(qtbot) -> None:
    """The text cards of 683x218 and 620x220 and the image cards of 400x400, 711x400 and
    400x551 drew as one-line boxes, so their groups looked empty."""
    cards = {c["id"]: c for c in json.loads(STARDUST.read_text(encoding="utf-8"))["nodes"]}
    scene = scene_of(STARDUST)
    drawn = {
        (cards[i]["width"], cards[i]["height"]): (item.box.width(), item.box.height())
        for i, item in scene.node_items.items()
        if cards[i]["type"] != "group"
    }
    for size in ((683, 218), (620, 220), (400, 400), (711, 400), (400, 551)):
        assert drawn[size] == size
    assert scene.document.nodes["be6257827d224cb5"].height == 218  # the 683x218 text card
    measure = map_measure(scene.document.cmap)  # what layouts and packing measure
    for node in scene.document.cmap.nodes:
        box = scene.node_items[node.id].box
        if node.id not in set(parent_map(scene.document.cmap.nodes).values()):
            assert measure(node) == (box.width(), box.height()), node.id


@shared
def test_obsidian_file_and_link_cards_are_cards_not_pills_or_hexagons(qtbot) -> None:
    """At their own sizes the image cards drew as 400-unit pills and hexagons (the shapes a
    kind takes from the cycle): Obsidian draws every card a rounded rectangle."""
    cards = {c["id"]: c for c in json.loads(STARDUST.read_text(encoding="utf-8"))["nodes"]}
    scene = scene_of(STARDUST)
    shapes = {
        cards[i]["type"]: item.style.shape
        for i, item in scene.node_items.items()
        if cards[i]["type"] in ("text", "file", "link")
    }
    assert shapes == {"text": "rounded", "file": "rounded", "link": "rounded"}


@shared
def test_tidy_leaves_no_card_of_the_obsidian_canvas_overlapping(qtbot, tmp_path: Path) -> None:
    from mapviewer.arrange import arrange  # noqa: PLC0415

    scene = scene_of(STARDUST)
    scene.document.move_nodes(arrange(scene, "tidy"))
    scene.flush_geometry()
    groups = set(parent_map(scene.document.cmap.nodes).values())
    boxes = {i: item.scene_box() for i, item in scene.node_items.items() if i not in groups}
    assert max(b.height() for b in boxes.values()) == 708  # a 400x708 link card: real boxes
    assert overlapping(boxes) == []


@shared
def test_the_yed_legend_is_its_authors_box_with_its_entries_apart(qtbot, tmp_path: Path) -> None:
    """The unfilled 415x333 Legend drew as a one-line box, and its entries' labels, wrapped
    inside their 30-high yEd boxes, stacked four lines high over one another (8 pairs). It is
    the frame of its entries now (drawn behind them, as yEd's big plain node is): at least
    yEd's size, as wide as our bolder labels need (480)."""
    scene = scene_of(SCIBOT)
    labels = {n.id: n.label for n in scene.document.cmap.nodes}
    legend = scene.node_items[next(i for i, label in labels.items() if label == "Legend")]
    assert isinstance(legend, GroupItem) and legend.frame is not None
    assert legend.box.width() >= 415.5 and legend.box.height() >= 333.5
    frame = legend.scene_box()
    entries = {
        i: item.scene_box()
        for i, item in scene.node_items.items()
        if item is not legend and frame.contains(item.scene_box().center())
    }
    assert len(entries) == 15
    assert overlapping(entries) == []
    assert all(box.height() < 50 for box in entries.values())  # one or two lines, as in yEd
    # The example links inside the legend stay drawn over it, not hidden under its fill.
    ids = {label: i for i, label in labels.items()}
    source = scene.node_items[ids["has tag OR\nhas reply with tag"]].scene_box()
    target = scene.node_items[ids["annotation\nor reply"]].scene_box()
    middle = (source.left() + target.right()) / 2
    strip = QRectF(middle - 2, source.top(), 4, source.height())
    path = tmp_path / "legend.png"
    render_to_file(scene, path, source=strip, width=8)
    image = QImage(str(path))
    darkest = min(
        image.pixelColor(x, y).lightness()
        for x in range(image.width())
        for y in range(image.height())
    )
    assert darkest < 180, "the link under the legend's white fill"


@shared
def test_cmaptools_fitted_heights_are_not_taken_as_set_ones(qtbot) -> None:
    """CmapTools writes every box's height as its text's, in a narrower font than ours: read
    as set heights they put two-line labels on one wider line, and the boxes of a row met
    (3 overlapping pairs in bacterial-characteristics became 5). A height set in mapviewer
    comes back from its own CXL."""
    path = INTEROP / "cxl/bacterial-characteristics.cxl"
    cmap = open_map(path)
    assert {n.height for n in cmap.nodes} == {None}
    scene = scene_of(path)
    boxes = {i: item.scene_box() for i, item in scene.node_items.items()}
    assert len(overlapping(boxes)) <= 3


def test_cytoscape_style_height(tmp_path: Path) -> None:
    path = tmp_path / "styled.cyjs"
    elements = [
        {"data": {"id": "a", "label": "A"}, "style": {"height": "120px"}},
        {"data": {"id": "b", "label": "B"}, "style": {"height": 60}},
        {"data": {"id": "c", "label": "C"}, "style": {"height": "label"}},
        {"data": {"id": "d", "label": "D"}},
    ]
    path.write_text(json.dumps({"elements": {"nodes": elements, "edges": []}}), encoding="utf-8")
    cmap = open_map(path)
    assert [n.height for n in cmap.nodes] == [120.0, 60.0, None, None]
    again = tmp_path / "again.cyjs"
    save_map(cmap, again)
    assert dumps(open_map(again)) == dumps(cmap)


@pytest.mark.parametrize("suffix", [".canvas", ".graphml", ".cxl", ".cyjs", ".gexf", ".json"])
def test_a_height_goes_out_and_comes_back_and_none_is_not_made_up(
    tmp_path: Path, suffix: str
) -> None:
    """Canvas and yEd write every box's height: one mapviewer made up (no height of its own)
    comes back as none, so the box still fits its label."""
    cmap = open_map(Path(__file__).parent / "data" / "sample.json")
    cmap.nodes[0].height = 140.0
    cmap.nodes[1].height = 12.5  # less than the label needs: kept, the label still fits
    path = tmp_path / f"map{suffix}"
    save_map(cmap, path)
    back = open_map(path)
    assert [n.height for n in back.nodes] == [140.0, 12.5] + [None] * (len(cmap.nodes) - 2)


# --- the Style menu and the Details form ------------------------------------------------------


def press(qtbot, menu: QMenu, *keys: Qt.Key) -> None:
    for key in keys:
        qtbot.keyClick(menu, key)


def open_style_menu(qtbot, window: MainWindow) -> QMenu:
    menu: QMenu = window.style_menu
    menu.popup(window.mapToGlobal(QPoint(60, 40)))
    qtbot.waitUntil(menu.isVisible, timeout=10_000)
    return menu


def choose_height(qtbot, window: MainWindow, steps_down: int) -> None:
    """Style > Height by keyboard: Alt-less mnemonic H opens the submenu, Down to the item,
    Return picks it."""
    menu = open_style_menu(qtbot, window)
    press(qtbot, menu, Qt.Key.Key_H)
    height_menu = window.styles.height_menu
    qtbot.waitUntil(height_menu.isVisible, timeout=10_000)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is height_menu, timeout=10_000)
    press(qtbot, height_menu, *[Qt.Key.Key_Down] * steps_down, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=10_000)


def ink_rows(scene: MapScene, node_id: str, tmp_path: Path) -> tuple[float, float]:
    """The box's height in pixels and the middle of its label's ink, rendered as File >
    Export Image does."""
    box = scene.node_items[node_id].scene_box()
    inner = box.adjusted(6, 6, -6, -6)
    path = tmp_path / f"{node_id}.png"
    render_to_file(scene, path, source=inner, width=round(inner.width()))
    image = QImage(str(path))
    fill = image.pixelColor(2, 2)
    rows = [
        y
        for y in range(image.height())
        if any(
            abs(image.pixelColor(x, y).lightness() - fill.lightness()) > 60
            for x in range(0, image.width(), 2)
        )
    ]
    return image.height(), (min(rows) + max(rows)) / 2


def test_the_style_menu_sets_a_height_by_keyboard_one_step_each(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    doc = window.document
    before = dumps(doc.cmap)
    fitted = window.scene.node_items["tregs"].box.height()
    window.scene.select_many(["tregs", "pd-1"], [])
    choose_height(qtbot, window, 2)  # Short, Medium, Tall
    assert [doc.nodes[n].height for n in ("pd-1", "tregs")] == [110.0, 110.0]
    assert window.scene.node_items["tregs"].box.height() == 110
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Height of 2 concepts"
    tall, middle = ink_rows(window.scene, "tregs", tmp_path)
    assert abs(middle - tall / 2) < tall * 0.08  # the label stays in the middle of the box
    choose_height(qtbot, window, 4)  # ... Other Height..., Fit to Label
    assert doc.nodes["tregs"].height is None
    assert window.scene.node_items["tregs"].box.height() == fitted
    assert doc.undo_stack.count() == 2
    window.edits.undo.trigger()
    window.edits.undo.trigger()
    assert dumps(doc.cmap) == before


def test_other_height_asks_and_reset_takes_it_back(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []

    def answer(parent, title, prompt, value, low, high, step):
        asked.append(value)
        return 230, True

    monkeypatch.setattr(stylemenu.QInputDialog, "getInt", answer)
    doc = window.document
    window.scene.select("node", "tregs")
    choose_height(qtbot, window, 3)  # Other Height...
    assert asked == [70]  # the medium preset, as the concept had none of its own
    assert doc.nodes["tregs"].height == 230.0
    assert window.scene.node_items["tregs"].box.height() == 230
    menu = open_style_menu(qtbot, window)
    press(qtbot, menu, Qt.Key.Key_R)  # &Reset to Kind's Style
    assert doc.nodes["tregs"].height is None
    assert doc.undo_stack.count() == 2


@pytest.fixture
def editing(qtbot, window: MainWindow) -> MainWindow:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_the_details_form_types_a_height_as_one_step(qtbot, editing: MainWindow) -> None:
    window = editing
    doc = window.document
    window.go_to("node", "pd-1")
    window.detail_editing.toggle.trigger()
    editor = window.detail_editing.editor
    spin = editor.height_spin
    assert spin.isVisible() and spin.text() == "Fit to label"
    spin.setFocus(Qt.FocusReason.TabFocusReason)
    spin.selectAll()
    qtbot.keyClicks(spin, "150")
    editor.colour_combo.setFocus(Qt.FocusReason.TabFocusReason)  # leaving the field
    assert doc.nodes["pd-1"].height == 150.0
    assert window.scene.node_items["pd-1"].box.height() == 150
    assert [doc.undo_stack.text(i) for i in range(doc.undo_stack.count())] == ["Height of “PD-1”"]
    window.edits.undo.trigger()
    assert doc.nodes["pd-1"].height is None and spin.text() == "Fit to label"
    window.edits.redo.trigger()
    assert spin.value() == 150
    qtbot.mouseClick(editor.reset_style_button, Qt.MouseButton.LeftButton)
    assert doc.nodes["pd-1"].height is None and spin.text() == "Fit to label"
    window.go_to("edge", "e1")
    assert not spin.isVisible()  # a link has no box


def test_the_height_and_width_menus_tick_the_selections_size(qtbot, window: MainWindow) -> None:
    """Shape and Link Width tick what the selection has; Width and Height ticked nothing, so
    which height a concept had could not be seen from the menu."""
    window.scene.select_many(["tregs"], [])
    choose_height(qtbot, window, 2)  # Tall
    menu = open_style_menu(qtbot, window)
    press(qtbot, menu, Qt.Key.Key_H)
    height_menu = window.styles.height_menu
    qtbot.waitUntil(height_menu.isVisible, timeout=10_000)
    ticked = [a.text() for a in height_menu.actions() if a.isChecked()]
    width_ticked = [a.text() for a in window.styles.width_menu.actions() if a.isChecked()]
    press(qtbot, height_menu, Qt.Key.Key_Escape)
    press(qtbot, menu, Qt.Key.Key_Escape)
    assert ticked == ["Tall (110)"]
    assert width_ticked == ["&Fit to Label"]
