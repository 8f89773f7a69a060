"""The Overview dock: the whole map small, the view's rectangle to drag, following every pan."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QImage

from mapviewer.commands import AddItemsCommand
from mapviewer.model import Node
from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.docks.minimap import Minimap
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, open_window
from .test_link_routing import in_a_row, links_menu_action, write_map

WINDOW_MAP = DEFAULT_MAP
WINDOW_SIZE = (1600, 1000)


@pytest.fixture
def window(qtbot, window: MainWindow) -> MainWindow:
    win = window
    win.minimap_dock.show()
    qtbot.waitUntil(lambda: win.minimap_dock.minimap.isVisible())
    # zoomed in on the middle of the map, so the rectangle is small and free to move
    win.view.set_camera(win.scene.map_bounds().center(), 0.6)
    win.view.auto_fit = False
    return win


def frame_box(minimap: Minimap) -> QRect:
    """Where the view's rectangle is drawn: the pixels in the accent colour."""
    image = minimap.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    accent = QColor(minimap.scene.theme.accent)
    xs, ys = [], []
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if (
                abs(colour.red() - accent.red())
                + abs(colour.green() - accent.green())
                + abs(colour.blue() - accent.blue())
                < 40
            ):
                xs.append(x)
                ys.append(y)
    assert xs, "no view rectangle drawn"
    return QRect(QPoint(min(xs), min(ys)), QPoint(max(xs), max(ys)))


def test_the_rectangle_shows_what_the_view_shows(qtbot, window: MainWindow) -> None:
    minimap = window.minimap_dock.minimap
    drawn = frame_box(minimap)
    expected = minimap.view_rect().toRect()
    assert abs(drawn.center().x() - expected.center().x()) <= 2
    assert abs(drawn.center().y() - expected.center().y()) <= 2
    assert abs(drawn.width() - expected.width()) <= 3


def test_dragging_the_rectangle_moves_the_main_view(qtbot, window: MainWindow) -> None:
    minimap = window.minimap_dock.minimap
    before = window.view.center()
    grip = minimap.view_rect().center().toPoint()
    qtbot.mousePress(minimap, Qt.MouseButton.LeftButton, pos=grip)
    qtbot.mouseMove(minimap, grip + QPoint(10, 4))
    qtbot.mouseMove(minimap, grip + QPoint(20, 8))
    qtbot.mouseRelease(minimap, Qt.MouseButton.LeftButton, pos=grip + QPoint(20, 8))
    after = window.view.center()
    scale = minimap.view_rect().width() / window.view.viewport().width() * window.view.zoom
    moved = (after - before) * scale  # in minimap pixels
    assert abs(moved.x() - 20) < 1.5 and abs(moved.y() - 8) < 1.5
    assert not window.view.auto_fit  # the user moved the camera; resizing no longer refits


def test_clicking_beside_the_rectangle_centres_the_view_there(qtbot, window: MainWindow) -> None:
    minimap = window.minimap_dock.minimap
    frame = minimap.view_rect()
    target = QPoint(int(frame.right() + 15), int(frame.center().y()))
    qtbot.mouseClick(minimap, Qt.MouseButton.LeftButton, pos=target)
    centre = minimap.widget_to_scene(QPointF(target))
    now = window.view.center()
    assert abs(now.x() - centre.x()) < 2 / minimap.scale + 1
    assert abs(now.y() - centre.y()) < 2 / minimap.scale + 1


def test_panning_the_main_view_moves_the_rectangle(qtbot, window: MainWindow) -> None:
    minimap = window.minimap_dock.minimap
    before = frame_box(minimap)
    bar = window.view.horizontalScrollBar()
    bar.setValue(bar.value() + 300)  # what a two-finger scroll or a canvas drag does
    after = frame_box(minimap)
    expected = 300 / window.view.zoom * minimap.scale
    assert abs((after.center().x() - before.center().x()) - expected) <= 2
    assert after.center().y() == before.center().y()


def test_zooming_the_main_view_resizes_the_rectangle(qtbot, window: MainWindow) -> None:
    minimap = window.minimap_dock.minimap
    before = frame_box(minimap)
    window.view.zoom_by(2.0, window.view.viewport().rect().center())
    after = frame_box(minimap)
    assert abs(after.width() - before.width() / 2) <= 3


def test_the_miniature_follows_the_map(qtbot, window: MainWindow) -> None:
    minimap = window.minimap_dock.minimap
    before = minimap.grab().toImage()
    bounds = window.scene.map_bounds()
    far = Node(id="far", label="Far away", x=bounds.right() + 3000, y=bounds.center().y())
    window.document.undo_stack.push(AddItemsCommand(window.document, [far], [], "New"))
    after = minimap.grab().toImage()
    assert after != before  # redrawn: the map is wider now, so everything else shrank


def test_a_new_document_is_drawn(qtbot, window: MainWindow) -> None:
    assert window.open_path(DATA / "sample.json")
    minimap = window.minimap_dock.minimap
    assert minimap.scene is window.scene
    window.view.fit_all()
    drawn = frame_box(minimap)
    assert drawn.width() > minimap.width() * 0.6  # fitted: the rectangle covers the miniature


# --- links as the canvas runs them (issue 14) ---------------------------------------------------


def _ink_near(minimap: Minimap, image: QImage, scene_point: QPointF) -> bool:
    """Whether anything but the canvas is drawn within a pixel of ``scene_point``."""
    canvas = QColor(minimap.scene.theme.canvas)
    ratio = image.devicePixelRatio()
    centre = minimap.scene_to_widget(scene_point) * ratio
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            colour = image.pixelColor(int(centre.x()) + dx, int(centre.y()) + dy)
            far = abs(colour.red() - canvas.red()) + abs(colour.green() - canvas.green())
            if far + abs(colour.blue() - canvas.blue()) > 24:
                return True
    return False


def _free_points(scene, points: list[QPointF]) -> list[QPointF]:
    """The points no concept's box covers (boxes are drawn over links in the miniature)."""
    boxes = [item.scene_box().adjusted(-12, -12, 12, 12) for item in scene.node_items.values()]
    return [p for p in points if not any(box.contains(p) for box in boxes)]


@pytest.mark.parametrize("routing", ["Curved", "Orthogonal"])
def test_the_miniature_runs_links_where_the_canvas_routes_them(
    qtbot, tmp_path: Path, routing: str
) -> None:
    window = open_window(qtbot, write_map(tmp_path, in_a_row()), (1000, 700))
    window.minimap_dock.show()
    minimap = window.minimap_dock.minimap
    qtbot.waitUntil(minimap.isVisible, timeout=10_000)
    scene = window.scene
    a, b = scene.node_items["a"], scene.node_items["b"]
    straight = _free_points(
        scene, [QPointF(a.cx + (b.cx - a.cx) * t, a.cy + (b.cy - a.cy) * t) for t in (0.2, 0.8)]
    )
    assert straight
    drawn = minimap.grab().toImage()
    assert all(_ink_near(minimap, drawn, p) for p in straight)  # straight, under the tumour
    links_menu_action(window, routing).trigger()  # Map > Links, as a person chooses it
    course = scene.edge_items["ab"].curve
    assert scene.edge_items["ab"].routed
    on_route = _free_points(scene, [course.pointAtPercent(t / 20) for t in range(1, 20)])
    assert len(on_route) >= 5
    qtbot.waitUntil(lambda: minimap.grab().toImage() != drawn, timeout=10_000)
    drawn = minimap.grab().toImage()
    assert all(_ink_near(minimap, drawn, p) for p in on_route)  # round the tumour...
    assert not any(_ink_near(minimap, drawn, p) for p in straight)  # ...not under it
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo
    qtbot.waitUntil(
        lambda: all(_ink_near(minimap, minimap.grab().toImage(), p) for p in straight),
        timeout=10_000,
    )
