"""A link's own route (Edge.bends) in the window: drawn through its bends, selected anywhere on
it, kept or carried by moves, edited by its handles, straightened, left out of a focus."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage

from mapviewer.io.mapfile import dumps
from mapviewer.routing import smooth_through
from mapviewer.scene.edgeitem import EdgeItem, _cubic_at
from mapviewer.ui.mainwindow import MainWindow

from .conftest import open_window
from .test_editing import drag, node_pos, screen_pos
from .test_groups import title_point

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier

# Routed round boxes at right angles, as a yEd file draws them; "ce" has no bends of its own.
BENT = {
    "format": "mapviewer-map",
    "version": 1,
    "title": "Bent links",
    "routing": "orthogonal",
    "nodes": [
        {"id": "a", "label": "Tumour cell", "x": 0, "y": 0},
        {"id": "b", "label": "PD-L1", "x": 300, "y": 200},
        {"id": "c", "label": "T cell", "x": 0, "y": 400},
        {"id": "d", "label": "Nivolumab", "x": 420, "y": 0},
        {"id": "e", "label": "Macrophage", "x": 300, "y": 420},
    ],
    "edges": [
        {"id": "ab", "source": "a", "target": "b", "label": "expresses", "bends": [[0, 200]]},
        {
            "id": "bc",
            "source": "b",
            "target": "c",
            "label": "binds",
            "bends": [[300, 320], [120, 320], [120, 400]],
        },
        {"id": "db", "source": "d", "target": "b", "label": "blocks", "bends": [[420, 200]]},
        {"id": "ce", "source": "c", "target": "e", "label": "meets"},
        {
            "id": "ea",
            "source": "e",
            "target": "a",
            "label": "eats",
            "bends": [[520, 420], [520, -90], [0, -90]],
        },
    ],
}


@pytest.fixture
def win(qtbot, tmp_path: Path) -> MainWindow:
    path = tmp_path / "bent.json"
    path.write_text(json.dumps(BENT), encoding="utf-8")
    return open_window(qtbot, path, (1300, 900))


def course(item: EdgeItem) -> list[tuple[float, float]]:
    [polygon] = item.curve.toSubpathPolygons()
    return [(round(p.x(), 1), round(p.y(), 1)) for p in polygon]


def bends(win: MainWindow, edge_id: str) -> list[tuple[float, float]]:
    return [(x, y) for x, y in win.document.edges[edge_id].bends]


def ink(image: QImage, win: MainWindow, x: float, y: float) -> int:
    """How far from the canvas the darkest pixel within 2 px of the scene point is painted."""
    spot = screen_pos(win, x, y)
    canvas = QColor(win.scene.theme.canvas)
    darkest = 0
    for dx in range(-2, 3):
        for dy in range(-2, 3):
            pixel = image.pixelColor(spot.x() + dx, spot.y() + dy)
            gap = abs(pixel.red() - canvas.red()) + abs(pixel.green() - canvas.green())
            darkest = max(darkest, gap + abs(pixel.blue() - canvas.blue()))
    return darkest


def press(qtbot, win: MainWindow, key: Qt.Key, mods=Qt.KeyboardModifier.NoModifier) -> None:
    win.view.setFocus()
    qtbot.keyClick(win.view, key, mods)


def click_scene(qtbot, win: MainWindow, x: float, y: float, mods=Qt.KeyboardModifier.NoModifier):
    qtbot.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, mods, screen_pos(win, x, y))


def test_a_bent_link_is_drawn_through_its_bends_with_its_head_along_the_last_piece(win) -> None:
    item = win.scene.edge_items["bc"]
    b, c = win.scene.node_items["b"], win.scene.node_items["c"]
    points = course(item)
    assert points[1:-1] == [(300.0, 320.0), (120.0, 320.0), (120.0, 400.0)]
    # Leaves PD-L1's outline straight down towards the first bend, as a straight link aims.
    assert points[0] == (300.0, round(b.cy + b.half_h, 1))
    # Ends inside its arrowhead, which points left along the last piece onto T cell's side.
    tip = item.arrow_tip
    assert tip is not None and tip == pytest.approx((c.cx + c.half_w, 400.0), abs=0.5)
    assert points[-1][1] == 400.0 and tip[0] < points[-1][0] < 120.0
    corners = list(item.arrow)
    base = ((corners[1].x() + corners[2].x()) / 2, (corners[1].y() + corners[2].y()) / 2)
    assert base[1] == pytest.approx(400.0, abs=0.01) and base[0] > tip[0] + 8
    # Its phrase sits on the line's middle piece, not between the concepts' centres.
    assert any(item.label_rect.contains(QPointF(x, 320.0)) for x in range(120, 301, 10))
    # The window paints it there: ink on the far piece of "eats", none on the straight line
    # from Macrophage to Tumour cell that the map's routing would have drawn.
    image = win.view.grab().toImage()
    assert ink(image, win, 520, 150) > 60
    assert ink(image, win, 150, 210) < 10


def test_a_click_on_the_far_piece_selects_the_link(qtbot, win) -> None:
    click_scene(qtbot, win, 520, 120)
    assert win.scene.current == ("edge", "ea")
    # The selected look follows it: the far piece is drawn in the accent colour.
    image = win.view.grab().toImage()
    spot = screen_pos(win, 520, 120)
    accent = QColor(win.scene.theme.accent)
    colours = [image.pixelColor(spot.x() + dx, spot.y()) for dx in range(-2, 3)]
    assert any(abs(p.red() - accent.red()) + abs(p.green() - accent.green()) < 40 for p in colours)


def test_dragging_one_end_keeps_the_bends_where_they_are(qtbot, win) -> None:
    start = node_pos(win, "d")
    drag(qtbot, win, start, start + QPoint(60, 0))
    assert win.document.nodes["d"].x > 430
    assert bends(win, "db") == [(420.0, 200.0)]
    assert (420.0, 200.0) in course(win.scene.edge_items["db"])


def test_dragging_both_ends_moves_the_bends_in_the_same_undo_step(qtbot, win) -> None:
    doc = win.document
    before = dumps(doc.cmap)
    viewport = win.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=node_pos(win, "a"))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, CTRL, node_pos(win, "b"))
    start = node_pos(win, "a")
    drag(qtbot, win, start, start + QPoint(40, 30))
    dx, dy = doc.nodes["a"].x, doc.nodes["a"].y
    assert dx > 10 and dy > 10
    assert bends(win, "ab") == [(round(0 + dx, 1), round(200 + dy, 1))]
    assert course(win.scene.edge_items["ab"])[1] == bends(win, "ab")[0]
    assert bends(win, "bc")[0] == (300.0, 320.0)  # only one of its ends moved
    assert doc.undo_stack.count() == 1
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert dumps(doc.cmap) == before
    assert course(win.scene.edge_items["ab"])[1] == (0.0, 200.0)


def test_ctrl_arrow_nudges_carry_the_bends_of_links_between_the_nudged(qtbot, win) -> None:
    viewport = win.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=node_pos(win, "d"))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, CTRL, node_pos(win, "b"))
    for _ in range(3):
        press(qtbot, win, Qt.Key.Key_Right, CTRL)
    moved = win.document.nodes["d"].x - 420
    assert moved > 0
    assert bends(win, "db") == [(420 + moved, 200.0)]
    assert win.document.undo_stack.count() == 1
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert bends(win, "db") == [(420.0, 200.0)]
    assert (420.0, 200.0) in course(win.scene.edge_items["db"])


def test_dragging_a_bend_handle_moves_the_bend_in_one_undo_step(qtbot, win) -> None:
    click_scene(qtbot, win, 420, 100)
    assert win.scene.current == ("edge", "db")
    start = screen_pos(win, 420, 200)
    drag(qtbot, win, start, start + QPoint(0, 50))
    [(x, y)] = bends(win, "db")
    assert x == pytest.approx(420, abs=1.5) and y > 200 + 25
    assert (x, y) in course(win.scene.edge_items["db"])
    assert win.document.nodes["d"].x == 420 and win.document.nodes["b"].y == 200  # no concept moved
    assert win.document.undo_stack.undoText() == "Move bend"
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert bends(win, "db") == [(420.0, 200.0)]
    assert (420.0, 200.0) in course(win.scene.edge_items["db"])


def style_action(win: MainWindow, text: str):
    menu = win.styles.menu
    menu.aboutToShow.emit()  # as opening the menu does: enables what applies
    return next(a for a in menu.actions() if a.text().replace("&", "") == text)


def test_straighten_links_takes_the_bends_out_in_one_undo_step(qtbot, win) -> None:
    click_scene(qtbot, win, 110, 600)  # nothing: the canvas below the map
    click_scene(qtbot, win, 150, 418)  # "meets", which has no bends
    assert win.scene.current == ("edge", "ce")
    assert not style_action(win, "Straighten Links").isEnabled()
    click_scene(qtbot, win, 520, 120)
    straighten = style_action(win, "Straighten Links")
    assert straighten.isEnabled()
    straighten.trigger()
    assert bends(win, "ea") == []
    assert (520.0, -90.0) not in course(win.scene.edge_items["ea"])
    assert not style_action(win, "Straighten Links").isEnabled()
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert bends(win, "ea") == [(520.0, 420.0), (520.0, -90.0), (0.0, -90.0)]
    assert course(win.scene.edge_items["ea"])[1:-1] == bends(win, "ea")


def test_straighten_links_clears_a_curves_smoothing_with_its_bends(qtbot, tmp_path) -> None:
    """A link drawn smooth through its bends (a yEd spline) straightened keeps no stale flag:
    none in the model nor in the file saved; undo gives the curve back."""
    curved = json.loads(json.dumps(BENT))
    curved["edges"][-1]["smooth"] = True
    path = tmp_path / "curved.json"
    path.write_text(json.dumps(curved), encoding="utf-8")
    win = open_window(qtbot, path, (1300, 900))
    click_scene(qtbot, win, 110, 600)
    click_scene(qtbot, win, 520, -90)  # a bend: the curve passes through it
    assert win.scene.current == ("edge", "ea")
    style_action(win, "Straighten Links").trigger()
    assert bends(win, "ea") == []
    assert win.document.edges["ea"].smooth is False
    press(qtbot, win, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not win.document.modified, timeout=10000)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert "smooth" not in next(e for e in saved["edges"] if e["id"] == "ea")
    press(qtbot, win, Qt.Key.Key_Z, CTRL)  # one step: bends and curve together
    assert win.document.edges["ea"].smooth is True
    assert bends(win, "ea") == [(520.0, 420.0), (520.0, -90.0), (0.0, -90.0)]


def test_a_focus_draws_links_without_bends_and_leaving_it_draws_them_again(qtbot, win) -> None:
    before = {e: course(i) for e, i in win.scene.edge_items.items()}
    win.go_to("node", "b")
    win.explore.set_focus(1)
    qtbot.waitUntil(lambda: bool(win.scene.staged()), timeout=5000)
    qtbot.waitUntil(lambda: not win.view.is_animating(), timeout=5000)
    for edge_id in ("ab", "bc", "db"):
        assert len(course(win.scene.edge_items[edge_id])) == 2  # straight between the rings
    press(qtbot, win, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not win.scene.staged(), timeout=5000)
    assert {e: course(i) for e, i in win.scene.edge_items.items()} == before


def test_a_layout_clears_the_bends_of_the_links_it_moves_in_its_undo_step(qtbot, win) -> None:
    doc = win.document
    before = dumps(doc.cmap)
    with qtbot.waitSignal(win.layouts.finished, timeout=120000):
        win.layouts.run("layered")
    assert all(not e.bends for e in doc.cmap.edges)
    assert doc.undo_stack.count() == 1
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert dumps(doc.cmap) == before


def test_a_layout_clears_a_curves_smoothing_with_its_bends(qtbot, tmp_path) -> None:
    curved = json.loads(json.dumps(BENT))
    curved["edges"][-1]["smooth"] = True
    path = tmp_path / "curved.json"
    path.write_text(json.dumps(curved), encoding="utf-8")
    win = open_window(qtbot, path, (1300, 900))
    with qtbot.waitSignal(win.layouts.finished, timeout=120000):
        win.layouts.run("layered")
    assert (bends(win, "ea"), win.document.edges["ea"].smooth) == ([], False)
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert win.document.edges["ea"].smooth is True
    assert bends(win, "ea") == [(520.0, 420.0), (520.0, -90.0), (0.0, -90.0)]


def test_pasted_links_keep_their_bends_moved_with_their_concepts(qtbot, win) -> None:
    doc = win.document
    viewport = win.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=node_pos(win, "a"))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, CTRL, node_pos(win, "b"))
    press(qtbot, win, Qt.Key.Key_C, CTRL)
    press(qtbot, win, Qt.Key.Key_V, CTRL)
    [edge] = [e for e in doc.cmap.edges if e.id not in {"ab", "bc", "db", "ce", "ea"}]
    source = doc.nodes[edge.source]
    assert source.label == "Tumour cell" and source.id != "a"
    assert source.x is not None and source.y is not None and (source.x, source.y) != (0, 0)
    # Where it was from its source, wherever the copy went.
    [(x, y)] = edge.bends
    assert (x - source.x, y - source.y) == pytest.approx((0.0, 200.0), abs=0.11)
    assert course(win.scene.edge_items[edge.id])[1] == (x, y)
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert edge.id not in doc.edges and bends(win, "ab") == [(0.0, 200.0)]


def test_dragging_a_frame_carries_the_bends_of_links_between_its_members(qtbot, tmp_path) -> None:
    framed = json.loads(json.dumps(BENT))
    framed["nodes"].insert(0, {"id": "g", "label": "Tumour side", "x": 150, "y": 100})
    for node in framed["nodes"]:
        if node["id"] in ("a", "b"):
            node["parent"] = "g"
    path = tmp_path / "framed.json"
    path.write_text(json.dumps(framed), encoding="utf-8")
    win = open_window(qtbot, path, (1300, 900))
    doc = win.document
    start = title_point(win, "g")
    drag(qtbot, win, start, start + QPoint(50, -40))
    dx, dy = doc.nodes["a"].x, doc.nodes["a"].y
    assert dx > 10 and dy < -10
    assert (doc.nodes["b"].x - 300, doc.nodes["b"].y - 200) == pytest.approx((dx, dy))
    assert bends(win, "ab") == [(round(dx, 1), round(200 + dy, 1))]
    assert bends(win, "db") == [(420.0, 200.0)]  # Nivolumab stayed outside
    assert course(win.scene.edge_items["ab"])[1] == bends(win, "ab")[0]
    assert doc.undo_stack.count() == 1
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert bends(win, "ab") == [(0.0, 200.0)]


def test_a_layout_draws_the_links_it_unbends_without_their_bends_at_every_frame(qtbot, win) -> None:
    doc = win.document
    old = {e.id: [(x, y) for x, y in e.bends] for e in doc.cmap.edges if e.bends}
    before = {edge_id: course(win.scene.edge_items[edge_id]) for edge_id in old}
    frames: list[dict[str, list[tuple[float, float]]]] = []

    def grab(_t: object) -> None:  # after the runner's own step: the frame as painted
        frames.append({edge_id: course(win.scene.edge_items[edge_id]) for edge_id in old})

    win.layouts.animation.valueChanged.connect(grab)
    with qtbot.waitSignal(win.layouts.finished, timeout=120000):
        press(qtbot, win, Qt.Key.Key_L, CTRL_SHIFT)  # Map > Automatic Layout > Layered
    assert len(frames) > 2
    for frame in frames:  # no line kinks to a point its concepts have left
        for edge_id, points in frame.items():
            assert not set(old[edge_id]) & set(points), (edge_id, points)
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert {e: bends(win, e) for e in old} == old
    assert {e: course(win.scene.edge_items[e]) for e in old} == before


# One bend below two concepts, as CmapTools draws a curved connection: an arc through it.
ARC = {
    "format": "mapviewer-map",
    "version": 1,
    "title": "Curved link",
    "nodes": [
        {"id": "a", "label": "Gram resistant", "x": 0, "y": 0},
        {"id": "b", "label": "thick & waxy", "x": 400, "y": 0},
    ],
    "edges": [
        {
            "id": "ab",
            "source": "a",
            "target": "b",
            "label": "which is why",
            "bends": [[200, 200]],
            "smooth": True,
        }
    ],
}


def test_a_smooth_link_is_drawn_as_a_curve_through_its_bends(qtbot, tmp_path: Path) -> None:
    """Drawn as CmapTools draws it: no corner at the bend; a click on the curve, far from the
    corner's straight pieces, selects it; its head along the curve's last tangent, steep as the
    arc meets the box, where the straight piece came in at 45 degrees."""
    path = tmp_path / "arc.json"
    path.write_text(json.dumps(ARC), encoding="utf-8")
    win = open_window(qtbot, path, (1100, 800))
    item = win.scene.edge_items["ab"]
    points = course(item)
    assert (200.0, 200.0) in points or any(
        math.dist(p, (200.0, 200.0)) < 1.5 for p in points
    )  # through its bend...
    turns = [
        abs(math.atan2(c[1] - b[1], c[0] - b[0]) - math.atan2(b[1] - a[1], b[0] - a[0]))
        for a, b, c in zip(points, points[1:], points[2:], strict=False)
    ]
    assert max(turns) < math.radians(20)  # ...turning a little at a time, never a corner
    a = win.scene.node_items["a"]
    start = a.boundary_xy(200.0, 200.0)
    [first, *_] = smooth_through(
        [start, (200.0, 200.0), win.scene.node_items["b"].boundary_xy(200, 200)]
    )
    on_curve = _cubic_at(first, 0.5)
    assert min(math.dist(on_curve, p) for p in points) < 2.0
    image = win.view.grab().toImage()
    assert ink(image, win, *on_curve) > 60
    assert ink(image, win, (start[0] + 200) / 2, (start[1] + 200) / 2) < 10  # no straight piece
    click_scene(qtbot, win, *on_curve)
    assert win.scene.current == ("edge", "ab")
    tip = item.arrow_tip
    assert tip is not None
    corners = list(item.arrow)
    base = ((corners[1].x() + corners[2].x()) / 2, (corners[1].y() + corners[2].y()) / 2)
    assert abs(base[1] - tip[1]) > 2 * abs(base[0] - tip[0])  # steep, not 45 degrees
    # Its phrase at the curve's middle, the bend.
    assert item.label_rect.contains(QPointF(200.0, 200.0))


def test_double_clicking_bends_away_one_by_one_clears_the_smoothing_with_the_last(
    qtbot, tmp_path
) -> None:
    """A bend's handle double-clicked takes that bend out, one undo step each; the last one
    takes the curve's ``smooth`` with it in its own step, so the straight link saves none, and
    undo gives back the curve through its last bend."""
    curved = json.loads(json.dumps(BENT))
    curved["edges"][-1]["smooth"] = True
    path = tmp_path / "curved.json"
    path.write_text(json.dumps(curved), encoding="utf-8")
    win = open_window(qtbot, path, (1300, 900))
    doc = win.document
    click_scene(qtbot, win, 110, 600)
    click_scene(qtbot, win, 520, -90)  # a bend: the curve passes through it
    assert win.scene.current == ("edge", "ea")
    for left in ([(520.0, 420.0), (0.0, -90.0)], [(0.0, -90.0)], []):
        x, y = next(b for b in bends(win, "ea") if b not in left)
        spot = screen_pos(win, x, y)
        qtbot.mouseDClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
        qtbot.waitUntil(lambda left=left: bends(win, "ea") == left, timeout=10_000)
        assert doc.undo_stack.undoText() == "Remove bend"
    assert doc.edges["ea"].smooth is False and doc.undo_stack.count() == 3
    assert "smooth" not in next(e for e in json.loads(dumps(doc.cmap))["edges"] if e["id"] == "ea")
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert doc.edges["ea"].smooth is True and bends(win, "ea") == [(0.0, -90.0)]
