"""The Overview dock stands for the map: its theme frames are drawn as the canvas draws them, a
faint tint in an outline with the links running through, not as solid blocks in the Theme
kind's grey that hid every link inside them."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDockWidget

from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.docks.minimap import Minimap
from mapviewer.ui.mainwindow import MainWindow

WINDOW_MAP = DEFAULT_MAP
WINDOW_SIZE = (1280, 720)


def close_to(a: QColor, b: QColor, tolerance: int = 6) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) <= (
        tolerance
    )


def test_overview_frames_are_tints_in_outlines_not_grey_blocks(qtbot, window: MainWindow) -> None:
    dock = window.findChild(QDockWidget, "OverviewDock")
    assert dock is not None
    dock.toggleViewAction().trigger()  # View > Overview
    minimap = dock.findChild(Minimap)
    assert minimap is not None
    qtbot.waitUntil(lambda: minimap.isVisible() and minimap.width() > 50, timeout=10_000)
    image: QImage = minimap.grab().toImage()
    scene = window.scene
    frame = scene.node_items["theme-checkpoints"]
    grey = scene.style_for(frame.style.id).color
    top_left = minimap.scene_to_widget(QPointF(frame.cx - frame.half_w, frame.cy - frame.half_h))
    bottom_right = minimap.scene_to_widget(
        QPointF(frame.cx + frame.half_w, frame.cy + frame.half_h)
    )
    inside = [
        image.pixelColor(x, y)
        for y in range(int(top_left.y()) + 2, int(bottom_right.y()) - 1)
        for x in range(int(top_left.x()) + 2, int(bottom_right.x()) - 1)
    ]
    assert len(inside) > 100
    in_grey = sum(close_to(colour, grey) for colour in inside)
    assert in_grey < len(inside) // 10, f"{in_grey} of {len(inside)} pixels in the frame's grey"
    # Every concept in its kind's colour: drawn kind by kind, the frames in the Theme grey
    # covered the concepts of the kinds drawn before theirs (55 of the 161, Therapy among them).
    hidden = []
    for node_id in sorted(set(scene.node_items) - set(scene.group_ids())):
        item = scene.node_items[node_id]
        at = minimap.scene_to_widget(QPointF(item.cx, item.cy)).toPoint()
        if item.shown and not close_to(image.pixelColor(at), scene.style_for(item.style.id).color):
            hidden.append(node_id)
    assert hidden == []
