"""Zoomed out on a big grouped map, the canvas's overview draws group frames as the map does:
a translucent tint in an outline behind the links and concepts, with a title band, not solid
blocks in the group's colour over the links inside them (as the Overview dock drew them until
it was fixed the same way)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest

from mapviewer.document import Document
from mapviewer.model import ConceptMap, Edge, Kind, Node
from mapviewer.scene.mapscene import OVERVIEW_MIN_NODES
from mapviewer.ui.mainwindow import MainWindow

from .conftest import shown_window
from .real_input import wheel

GROUPS, MEMBERS, ROW = 8, 40, 8  # 320 concepts in 8 frames of 5 rows of 8
GUARD = 20_000  # ms: generous, for a loaded machine
MEMBER_COLOUR = QColor("#0072B2")
FRAME_COLOUR = QColor("#E69F00")


def grouped_map() -> ConceptMap:
    """Eight groups side by side in two rows, each a grid of concepts linked along its rows."""
    nodes, edges = [], []
    for g in range(GROUPS):
        left, top = (g % 4) * 2200.0, (g // 4) * 1000.0
        nodes.append(Node(id=f"g{g}", label=f"Group {g}", kind="theme"))
        for m in range(MEMBERS):
            node_id = f"g{g}m{m}"
            x, y = left + (m % ROW) * 240.0, top + (m // ROW) * 140.0
            nodes.append(Node(id=node_id, label=f"C{m}", kind="cell", x=x, y=y, parent=f"g{g}"))
            if m % ROW:
                edges.append(Edge(id=f"e{g}_{m}", source=f"g{g}m{m - 1}", target=node_id))
    kinds = [
        Kind(id="cell", label="Cell", color=MEMBER_COLOUR.name()),
        Kind(id="theme", label="Theme", color=FRAME_COLOUR.name()),
    ]
    return ConceptMap(title="Grouped", kinds=kinds, nodes=nodes, edges=edges)


@pytest.fixture
def win(qtbot) -> Iterator[MainWindow]:
    window = shown_window(qtbot, Document(grouped_map()), (1200, 800))
    yield window


def close_to(a: QColor, b: QColor, tolerance: int = 8) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) <= (
        tolerance
    )


def distance(a: QColor, b: QColor) -> int:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue()))


def at(window: MainWindow, x: float, y: float) -> QPoint:
    return window.view.mapFromScene(QPointF(x, y))


def zoom_towards_first_frame(qtbot, win: MainWindow) -> None:
    """Closer, with the wheel over the first frame, but still too far for a label to read."""
    scene, view = win.scene, win.view
    assert len(scene.node_items) >= OVERVIEW_MIN_NODES
    box = scene.node_items["g0"].scene_box()
    while view.transform().m11() < scene.overview_threshold() / 2:
        wheel(view.viewport(), at(win, box.center().x(), box.center().y()), 1.0)
    qtbot.waitUntil(lambda: not view.is_animating(), timeout=GUARD)
    assert scene.overview_mode  # no label reads: the overview draws the map


def look(win: MainWindow) -> tuple[QImage, list[int], Callable[[QPoint], bool]]:
    """The view's pixels, the groups wholly in it, and whether a point is clear of the names
    written over the map for a few concepts and their leaders (scene/hubnames.py)."""
    view, scene = win.view, win.scene
    image = view.viewport().grab().toImage()
    box = image.rect()
    seen = [
        g
        for g in range(GROUPS)
        if box.contains(view.mapFromScene(scene.node_items[f"g{g}"].scene_box()).boundingRect())
    ]
    names = view.hub_names
    covered = [rect.adjusted(-3, -3, 3, 3) for rect, _, _ in names.placed]
    covered += [
        QRectF(line.p1(), line.p2()).normalized().adjusted(-3, -3, 3, 3)
        for line, _ in names.leaders
    ]

    def clear(point: QPoint) -> bool:
        return not any(rect.contains(QPointF(point)) for rect in covered)

    return image, seen, clear


def not_in_colour(
    win: MainWindow, image: QImage, groups: list[int], clear: Callable[[QPoint], bool]
) -> list[str]:
    """The members of ``groups`` not drawn in their kind's colour where nothing is over them."""
    wrong = []
    for g in groups:
        for m in range(MEMBERS):
            item = win.scene.node_items[f"g{g}m{m}"]
            point = at(win, item.cx, item.cy - item.half_h * 0.7)  # above its label's bar
            if clear(point) and not close_to(image.pixelColor(point), MEMBER_COLOUR):
                wrong.append(f"g{g}m{m}")
    return wrong


def test_zoomed_out_frames_lie_behind_their_links_and_concepts(qtbot, win: MainWindow) -> None:
    zoom_towards_first_frame(qtbot, win)
    image, seen, clear = look(win)
    assert seen
    scene = win.scene
    # Every concept in a frame keeps its kind's colour.
    assert not_in_colour(win, image, seen, clear) == []
    # The frame is a faint tint of its colour, not a block of it: the canvas shows through
    # between its members, and the links inside it are drawn, not covered.
    canvas = scene.theme.canvas
    hidden, checked = [], 0
    for g in seen:
        for m in range(1, MEMBERS):
            if not m % ROW:
                continue
            a, b = scene.node_items[f"g{g}m{m - 1}"], scene.node_items[f"g{g}m{m}"]
            gap_x = (a.cx + a.half_w + b.cx - b.half_w) / 2
            link, between = at(win, gap_x, a.cy), at(win, gap_x, a.cy + 70.0)
            if not (clear(link) and clear(between)):
                continue
            checked += 1
            tint = image.pixelColor(between)
            assert distance(tint, canvas) < distance(tint, FRAME_COLOUR), f"g{g}: {tint.name()}"
            near = [
                image.pixelColor(link.x() + dx, link.y() + dy)
                for dx in (-1, 0, 1)
                for dy in (-2, -1, 0, 1, 2)
            ]
            if max(distance(colour, tint) for colour in near) < 40:
                hidden.append(f"e{g}_{m}")
    assert checked >= 20
    assert hidden == []
    # Its title band stands out from its inside, as on the canvas.
    frame, first = scene.node_items[f"g{seen[0]}"].scene_box(), scene.node_items[f"g{seen[0]}m0"]
    band = image.pixelColor(at(win, frame.left() + 8, frame.top() + 4))
    inside = image.pixelColor(at(win, frame.left() + 8, first.cy + 70.0))
    assert distance(band, inside) > 8


def test_a_frame_chosen_zoomed_out_is_outlined_not_filled(qtbot, win: MainWindow) -> None:
    """Selected, a frame was drawn as a block of the accent colour over all its members."""
    zoom_towards_first_frame(qtbot, win)
    _, seen, _ = look(win)
    group = f"g{seen[0]}"
    name = next(rect for rect, item, _ in win.view.hub_names.placed if item.node_id == group)
    QTest.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=name.center().toPoint())
    qtbot.waitUntil(lambda: win.scene.node_items[group].isSelected(), timeout=GUARD)
    image, _, clear = look(win)
    assert not_in_colour(win, image, [seen[0]], clear) == []
    frame = win.view.mapFromScene(win.scene.node_items[group].scene_box()).boundingRect()
    edge = image.pixelColor(frame.left(), frame.center().y())
    assert close_to(edge, win.scene.theme.accent, 40), edge.name()
