"""Real files from yEd, Obsidian and CmapTools open looking as they did in their own tools:
group frames with the header, colours and title placement the file gives them, and CmapTools'
own line colours."""

from __future__ import annotations

import json
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage
from PySide6.QtTest import QTest

from mapviewer.io import cxl, mapfile
from mapviewer.io.registry import open_map
from mapviewer.problems import MapFileError
from mapviewer.render import render_to_file
from mapviewer.scene.groupframe import GroupItem
from mapviewer.scene.mapscene import MapScene

from ..conftest import DATA, INTEROP, needs_shared
from .test_interop_looks import drawn, drawn_colours
from .util import round_trip

shared = needs_shared(INTEROP)
BACTERIA = INTEROP / "cxl/bacterial-characteristics.cxl"
METAMODEL = INTEROP / "cxl/vs-sysbp-metamodel3.cxl"
CANVAS_SAMPLE = INTEROP / "canvas/jsoncanvas-sample.canvas"
STARDUST = INTEROP / "canvas/stardust-solid-aurora-overview.canvas"
DEMO_GROUPS = DATA / "interop/yed-demo-groups.graphml"  # kubermatic's: see its SOURCES.md
FOLDERS = DATA / "interop/yed-closed-folders.graphml"  # TorchStudio's
DEFAULT_MAP = Path(__file__).resolve().parents[2] / "maps/immunotherapy.json"


# --- CmapTools --------------------------------------------------------------------------------


@shared
def test_cmaptools_black_lines_open_black_and_go_back_black(qapp, tmp_path: Path) -> None:
    """CmapTools draws the lines its connection styles give: 78 of the bacterial
    characteristics' 82 links and all 22 of the metamodel's black, 4 red. The black ones opened
    in mapviewer's grey, like the file's dotted ones, and went back without a colour."""
    for path, black, red in ((BACTERIA, 78, 4), (METAMODEL, 22, 0)):
        colours = Counter(drawn_colours(cxl.load(path)).values())
        assert (colours["#000000"], colours["#FF0000"]) == (black, red)
        out = tmp_path / path.name
        cxl.save(cxl.load(path), out)
        assert Counter(e.color for e in cxl.load(out).edges)["#000000"] == black


# --- group frames -----------------------------------------------------------------------------


def frame_picture(scene: MapScene, group: str, tmp_path: Path) -> tuple[QImage, QRectF]:
    """The frame of ``group`` with what is drawn round it, rendered at 100 % as File > Export
    Image renders it, and where the frame itself lies in that picture."""
    item = scene.node_items[group]
    assert isinstance(item, GroupItem) and item.frame is not None
    source = item.frame.adjusted(-10, -40, 10, 10)
    path = tmp_path / f"{group}.png"
    render_to_file(scene, path, source=source, scale=1.0)
    image = QImage(str(path))
    return image, item.frame.translated(-source.topLeft())


def ink(image: QImage, area: QRectF, colour: str) -> list[int]:
    """The x of every pixel in ``area`` near ``colour`` (text is antialiased: near it)."""
    want = QColor(colour)
    found = []
    for y in range(int(area.top()), int(area.bottom())):
        for x in range(int(area.left()), int(area.right())):
            got = image.pixelColor(x, y)
            if (
                max(
                    abs(got.red() - want.red()),
                    abs(got.green() - want.green()),
                    abs(got.blue() - want.blue()),
                )
                < 40
            ):
                found.append(x)
    return found


def group_id(scene: MapScene, label: str) -> str:
    return next(n.id for n in scene.document.cmap.nodes if n.label == label)


def test_yeds_group_headers_are_drawn_in_their_colour_titled_where_yed_puts_them(
    qapp, tmp_path: Path
) -> None:
    """yEd draws a group with a header band: kubermatic's DemoGroups #68B0E3 with their names
    in white at the left, its "configuration directory" a grey #EBEBEB band titled at the
    right, TorchStudio's #99CCFF bands titled in the middle. They had all opened as
    mapviewer's pale frames with a centred grey title."""
    cases = (
        (DEMO_GROUPS, "config", "#68B0E3", "#FFFFFF", "left"),
        (DEMO_GROUPS, "configuration\ndirectory", "#EBEBEB", "#000000", "right"),
        (FOLDERS, "Root Scripts", "#99CCFF", "#000000", "centre"),
    )
    for path, label, band, title, place in cases:
        scene = drawn(open_map(path))
        group = group_id(scene, label)
        image, frame = frame_picture(scene, group, tmp_path)
        header = QRectF(frame.left() + 4, frame.top() + 3, frame.width() - 8, 14)
        # Across the middle of the band, its colour (a link crossing it, as TorchStudio's
        # into "modules" cross "Root Scripts", is a pixel or two of it).
        quarter = int(frame.width() / 4)
        row = int(frame.top()) + 3
        across = range(int(frame.left()) + quarter, int(frame.right()) - quarter)
        colours = Counter(image.pixelColor(x, row).name().upper() for x in across)
        assert colours.most_common(1)[0][0] == band, label
        assert len(ink(image, header, band)) > header.width() * header.height() / 3, label
        letters = ink(image, header, title)
        assert letters, f"{label}: no title in {title} on its header"
        # Which side the title keeps to: at yEd's own width "configuration directory" is not
        # three titles wide, so its side is the one it leaves less room to.
        before, after = min(letters) - frame.left(), frame.right() - max(letters)
        where = "left" if 2 * before < after else "right" if 2 * after < before else "centre"
        assert where == place, label


def test_kubermatics_frames_keep_apart_as_they_do_in_yed(qapp) -> None:
    """In yEd "configuration directory" ends 30 units above "apis/registryman.kubermatic.com/
    v1alpha1". Here the second's title wrapped to three lines, as a concept's label wraps, and
    its taller title band pushed its frame 41 units up, 12 into the first. yEd writes a
    group's name on one line: so does its frame here, and no two frames of the file meet."""
    scene = drawn(open_map(DEMO_GROUPS))
    apis = scene.node_items[group_id(scene, "apis/registryman.kubermatic.com/v1alpha1")]
    directory = scene.node_items[group_id(scene, "configuration\ndirectory")]
    assert isinstance(apis, GroupItem) and isinstance(directory, GroupItem)
    assert apis.frame is not None and directory.frame is not None
    assert apis.frame.top() > directory.frame.bottom()
    line = QFontMetricsF(apis._font).height()
    assert apis.title_text().size.height() < 1.5 * line  # one line
    frames = [i.frame for i in scene.node_items.values() if isinstance(i, GroupItem) and i.frame]
    assert len(frames) == 8
    for a, b in combinations(frames, 2):
        assert not a.intersects(b)


@shared
def test_an_obsidian_groups_name_is_written_above_its_top_left_corner(qapp, tmp_path) -> None:
    """Obsidian writes a group's name over the group's top-left corner, outside it: the
    sample canvas's "JSON Canvas" had opened centred in a band inside its frame."""
    scene = drawn(open_map(CANVAS_SAMPLE))
    group = group_id(scene, "JSON Canvas")
    image, frame = frame_picture(scene, group, tmp_path)
    title = QColor(scene.node_items[group].style.border).darker(130).name()
    above = ink(image, QRectF(0, 0, image.width(), frame.top() - 1), title)
    # Above its members' cards (which start 14 units in), the frame holds no title now.
    inside = ink(image, QRectF(frame.left() + 3, frame.top() + 3, frame.width() - 6, 9), title)
    assert above and not inside
    assert max(above) < frame.left() + frame.width() / 3  # at the left
    # Typing its new name happens where the name is, above the frame too.
    assert scene.node_items[group].label_box().bottom() <= scene.node_items[group].frame.top()
    for suffix in (".json", ".canvas"):  # and so it stays, saved
        again = round_trip(scene.document.cmap, tmp_path, suffix)
        assert [n.title_at for n in again.nodes if n.label == "JSON Canvas"] == ["above"]


def test_where_a_frame_writes_its_title_survives_saving_in_every_format(tmp_path) -> None:
    cmap = open_map(DEMO_GROUPS)
    places = {n.label: (n.title_at, n.color, n.text_color) for n in cmap.nodes if n.title_at}
    assert len(places) == 8
    for suffix in (".json", ".graphml", ".canvas", ".cxl", ".gexf", ".cyjs"):
        again = round_trip(cmap, tmp_path, suffix)
        assert {
            n.label: (n.title_at, n.color, n.text_color) for n in again.nodes if n.title_at
        } == places, suffix


def test_a_title_place_mapviewer_does_not_draw_is_named_in_the_error(tmp_path) -> None:
    path = tmp_path / "bad.json"
    nodes = [
        {"id": "g", "label": "G", "title_at": "middle"},
        {"id": "a", "label": "A", "parent": "g"},
    ]
    path.write_text(json.dumps({"format": "mapviewer-map", "version": 1, "nodes": nodes}))
    with pytest.raises(MapFileError) as error:
        mapfile.load(path)
    assert "bad.json" in str(error.value)
    assert "nodes[id=g].title_at" in str(error.value)


def test_the_default_maps_frames_keep_their_look(qapp) -> None:
    """Its 13 theme frames say nothing of where their titles go: centred in a pale band, as
    before."""
    scene = drawn(mapfile.load(DEFAULT_MAP))
    frames = [i for i in scene.node_items.values() if isinstance(i, GroupItem)]
    assert len(frames) == 13
    assert all(i.title_at is None and i.title_text() is i.text for i in frames)


def test_opened_in_the_window_a_yed_header_shows_at_actual_size(qtbot, window) -> None:
    """Opened as a user opens it, clicked on its title and shown at 100 % (Ctrl+1), the
    "config" frame shows yEd's blue header with its name in white at the left."""
    assert window.open_path(DEMO_GROUPS)
    qtbot.waitUntil(lambda: any(n.label == "config" for n in window.document.cmap.nodes))
    group = group_id(window.scene, "config")
    item = window.scene.node_items[group]
    assert isinstance(item, GroupItem) and item.frame is not None
    view = window.view

    def on_screen(x: float, y: float) -> QPoint:
        return view.mapFromScene(QPointF(item.frame.left() + x, item.frame.top() + y))

    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=on_screen(60, 8))
    qtbot.waitUntil(lambda: item.isSelected())
    QTest.keyClick(view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: abs(view.transform().m11() - 1.0) < 1e-6, timeout=5000)
    window.scene.clearSelection()  # the selection's outline is no part of the look
    qtbot.waitUntil(lambda: not item.isSelected())
    image = view.viewport().grab().toImage()
    band = on_screen(item.frame.width() / 2, 4)
    assert image.pixelColor(band).name().upper() == "#68B0E3"
    title = on_screen(0, 0)
    header = QRectF(title.x() + 2, title.y() + 4, item.frame.width() - 4, 16)
    letters = ink(image, header, "#FFFFFF")
    assert letters and max(letters) < title.x() + item.frame.width() / 3


@shared
def test_a_nested_canvas_groups_name_stays_inside_the_group_around_it(qapp) -> None:
    """Stardust's "Triangles", "Dots", ... sit inside "Augmentation Surface Patterns": their
    names, written above them, ran across its border."""
    scene = drawn(open_map(STARDUST))
    parents = {n.id: n.parent for n in scene.document.cmap.nodes}
    nested = [
        (item, scene.node_items[parents[ident] or ""])
        for ident, item in scene.node_items.items()
        if isinstance(item, GroupItem) and item.frame is not None and parents.get(ident)
    ]
    assert len(nested) >= 6
    for item, outer in nested:
        assert isinstance(outer, GroupItem) and outer.frame is not None
        assert outer.frame.contains(item.label_box()), item.label
