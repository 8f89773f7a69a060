"""A group whose file gives its rectangle (an Obsidian group, a yEd group's geometry) is drawn
at that rectangle, as its own tool draws it, and grows only round a member outside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, QSizeF, Qt

from mapviewer.io import jsoncanvas, mapfile
from mapviewer.io.registry import open_map
from mapviewer.scene.groupframe import GroupItem
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, imported_window
from .test_editing import drag, node_pos

ROADMAP = DATA / "interop/stardust-roadmap.canvas"  # StardustXR's: see its SOURCES.md
PROTOCOL = "bdf1cf1b2f562d5f"  # "Protocol", 276 x 2440, a column of .kdl groups
NODE_KDL = "457a40c5d4d42b42"  # "node.kdl", 236 x 100 round one 125-wide card
SLIDE = {  # an Advanced Canvas slide: a 1200 x 675 group with two cards in it
    "nodes": [
        {"id": "slide", "type": "group", "label": "Slide 1", "x": 0, "y": 0},
        {"id": "a", "type": "text", "text": "Title", "x": 100, "y": 100},
        {"id": "b", "type": "text", "text": "Point", "x": 500, "y": 300},
    ],
    "edges": [],
}
for body, size in zip(SLIDE["nodes"], ((1200, 675), (260, 60), (260, 60)), strict=True):
    body["width"], body["height"] = size


def file_rects(path: Path) -> dict[str, QRectF]:
    nodes = json.loads(path.read_text(encoding="utf-8"))["nodes"]
    return {
        n["id"]: QRectF(n["x"], n["y"], n["width"], n["height"])
        for n in nodes
        if n["type"] == "group"
    }


def relative(rects: dict[str, QRectF]) -> dict[str, QRectF]:
    """The rectangles from the "Protocol" group's corner: an import opens near 0, 0."""
    corner = rects[PROTOCOL].topLeft()
    return {ident: rect.translated(-corner) for ident, rect in rects.items()}


def frame_of(win: MainWindow, group: str) -> QRectF:
    item = win.scene.node_items[group]
    assert isinstance(item, GroupItem) and item.frame is not None
    return item.frame


def test_obsidian_groups_are_drawn_at_the_rectangles_the_file_gives(qtbot) -> None:
    """StardustXR's roadmap: its "Protocol" column of ten 236-wide .kdl groups had shrunk
    round their cards, each to its own width (node.kdl 153 wide, drawable.kdl 183), the
    column ragged; each is drawn as in Obsidian, at the file's rectangle."""
    win = imported_window(qtbot, ROADMAP, (1300, 850))
    given = file_rects(ROADMAP)
    groups = [g for g in given if isinstance(win.scene.node_items[g], GroupItem)]
    assert len(groups) == 24
    shift = frame_of(win, PROTOCOL).topLeft() - given[PROTOCOL].topLeft()  # opened near 0, 0
    assert {g: frame_of(win, g) for g in groups} == {g: given[g].translated(shift) for g in groups}
    assert frame_of(win, PROTOCOL).size() == QSizeF(276, 2440)
    assert frame_of(win, NODE_KDL).width() == 236


def test_a_slide_frame_grows_round_a_card_dragged_out_and_undo_gives_it_back(
    qtbot, tmp_path: Path
) -> None:
    """An Advanced Canvas slide, 1200 x 675 round two small cards, had opened 688 x 288; it
    is its 1200 x 675 and follows its cards as a frame does: a card dragged out past its
    edge takes the frame with it, undo puts both back, and a drag of the frame moves it whole."""
    path = tmp_path / "slides.canvas"
    path.write_text(json.dumps(SLIDE), encoding="utf-8")
    win = imported_window(qtbot, path, (1300, 850))
    slide = frame_of(win, "slide")
    assert slide.size() == QSizeF(1200, 675)
    card = win.scene.node_items["a"].scene_box()
    assert card.topLeft() - slide.topLeft() == QPointF(100, 100)  # where the file has it
    start = node_pos(win, "b")
    drag(qtbot, win, start, win.view.mapFromScene(QPointF(slide.right() + 300, slide.center().y())))
    card = win.scene.node_items["b"].scene_box()
    assert card.left() > slide.right()  # past the slide's right edge
    grown = frame_of(win, "slide")
    assert grown.contains(card) and grown.contains(slide)
    assert (grown.left(), grown.top(), grown.bottom()) == (
        slide.left(),
        slide.top(),
        slide.bottom(),
    )
    win.edits.undo.trigger()
    assert frame_of(win, "slide") == slide
    # The frame dragged by its name (written above it, as Obsidian writes it) moves whole.
    title = win.scene.node_items["slide"].label_box()
    grip = win.view.mapFromScene(title.center())
    drag(qtbot, win, grip, grip + QPoint(80, 40))
    moved = frame_of(win, "slide")
    assert moved.size() == slide.size() and moved.topLeft() != slide.topLeft()
    assert moved.contains(win.scene.node_items["a"].scene_box())


def test_a_groups_rectangle_survives_our_format_and_goes_back_to_obsidian(
    qapp, tmp_path: Path
) -> None:
    """Saved as a map and opened again, then written as a canvas, every group of the roadmap
    goes back at the rectangle it came with (the frames measured round the cards had gone
    back in their place when a group's own no longer held them)."""
    ours = tmp_path / "roadmap.json"
    mapfile.save(open_map(ROADMAP), ours)
    again = mapfile.load(ours)
    out = tmp_path / "again.canvas"
    jsoncanvas.save(again, out)
    assert relative(file_rects(out)) == relative(file_rects(ROADMAP))
    reread = open_map(out).node_by_id()
    assert (reread[PROTOCOL].width, reread[PROTOCOL].height) == (276, 2440)


def test_yed_groups_are_drawn_at_their_open_geometry(qtbot) -> None:
    """TorchStudio's architecture (yEd): "Module Scripts" spans the package's width in yEd,
    1,304 x 145, its eight folders at its right; it had shrunk round them to 828 x 105, and
    every frame below it lost its place in yEd's column. Each group is its y:Geometry."""
    win = imported_window(qtbot, DATA / "interop/yed-closed-folders.graphml", (1300, 850))
    geometry = {  # x, y, width, height of each open group in the file
        "TorchStudio Package (Open Source)": (232.0112, -81.4441, 1343.2221, 479.0642),
        "Module Scripts": (251.8328, -44.0676, 1303.5422, 145.2721),
        "Root Scripts": (251.8328, 141.25, 1303.5422, 232.3765),
        "TorchStudio GUI": (232.0112, 434.7338, 1343.2221, 109.3765),
    }
    ids = {n.label: n.id for n in win.document.cmap.nodes}
    frames = {label: frame_of(win, ids[label]) for label in geometry}
    corner = frames["TorchStudio Package (Open Source)"].topLeft()
    x0, y0 = geometry["TorchStudio Package (Open Source)"][:2]
    for label, (x, y, width, height) in geometry.items():
        frame = frames[label].translated(-corner)
        drawn = (frame.x(), frame.y(), frame.width(), frame.height())
        assert drawn == pytest.approx((x - x0, y - y0, width, height), abs=0.01), label


# Groups laid across each other, as CoreMedia's course overview lays them: two "level" bands
# across two subject columns. A card has one group, the smallest round it, so the columns hold
# the cards and the bands none. Written after the cards, as a canvas may list them.
BANDS = DATA / "interop/level-bands.canvas"


def test_a_band_holding_no_card_is_a_frame_behind_the_cards_as_in_obsidian(
    qtbot, tmp_path: Path
) -> None:
    """Obsidian draws every group as a labelled rectangle behind the cards, its name above its
    top-left corner, whether or not a card lies in it. A band across columns holds none (the
    columns do): it had opened as a box with its name in its middle, lying over the cards and
    the columns' frames and catching clicks; it is a frame at the file's rectangle, behind,
    its name above it, and it goes back to Obsidian as a group there."""
    path = tmp_path / "course.canvas"
    path.write_bytes(BANDS.read_bytes())
    win = imported_window(qtbot, path, (1300, 850))
    scene = win.scene
    given = file_rects(path)
    shift = frame_of(win, "left").topLeft() - given["left"].topLeft()  # opened near 0, 0
    for band in ("basic", "advanced"):
        assert frame_of(win, band) == given[band].translated(shift)
        title = scene.node_items[band].label_box()  # above the frame's top-left, as Obsidian
        assert title.bottom() <= frame_of(win, band).top()
        assert title.left() == frame_of(win, band).left()
        assert scene.node_items[band].label == {"basic": "Basic Level"}.get(band, "Advanced Level")
    # The map's page counts the bands as groups, not concepts (see the status bar below).
    assert "4 concepts · 4 groups" in win.details.toPlainText()
    # Every card reads white, as it does in Obsidian: no band's tint lies over it.
    shot = win.view.viewport().grab().toImage()
    for card in ("Intro", "Views", "Studio", "Plugins"):
        box = scene.node_items[card].scene_box()
        spot = win.view.mapFromScene(QPointF(box.left() + 8, box.bottom() - 6))
        assert shot.pixelColor(spot).name() == "#ffffff", card
    # Each level's name is on top where it is written ("Advanced Level" is written over the
    # band above it, whose box had hidden it), and in reach of the pointer there.
    for band in ("basic", "advanced"):
        title = scene.node_items[band].label_box().center()
        on_top = next(i for i in scene.items(title) if isinstance(i, NodeItem))
        assert on_top is scene.node_items[band]
    # A click in a band, between the columns, is a click on the canvas: nothing is selected.
    gap = frame_of(win, "left").right() + 10, frame_of(win, "basic").center().y()
    qtbot.mouseClick(
        win.view.viewport(), Qt.MouseButton.LeftButton, pos=win.view.mapFromScene(QPointF(*gap))
    )
    assert scene.selected_ids() == (set(), set())
    # Dragged by its name, a band moves as a frame does, the cards staying put; undo.
    before = frame_of(win, "advanced")
    cards = {c: scene.node_items[c].scene_box() for c in ("Views", "Plugins")}
    grip = win.view.mapFromScene(scene.node_items["advanced"].label_box().center())
    drag(qtbot, win, grip, grip + QPoint(0, 60))
    moved = frame_of(win, "advanced")
    assert moved.size() == before.size() and moved.top() > before.top()
    assert {c: scene.node_items[c].scene_box() for c in cards} == cards
    win.edits.undo.trigger()
    assert frame_of(win, "advanced") == before
    # "23 concepts · 8 groups" for CoreMedia's: the bands are groups, not concepts (it had
    # said 25 and 6), in the status bar and on the map's page alike.
    assert "4 concepts · 4 groups" in win._status_counts.text()
    out = tmp_path / "again.canvas"
    jsoncanvas.save(win.document.cmap, out)
    kinds = {n["id"]: n["type"] for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]}
    assert kinds["basic"] == kinds["advanced"] == "group"  # they had gone back as text cards
    back = file_rects(out)
    corner = back["left"].topLeft() - given["left"].topLeft()
    assert {g: r.translated(-corner) for g, r in back.items()} == given
    again = imported_window(
        qtbot, out, (1300, 850)
    )  # and opened from there, still frames at their size
    assert frame_of(again, "basic").size() == frame_of(again, "advanced").size() == QSizeF(760, 300)
