"""Big maps draw without Qt's item walk when zoomed out, and a map dense with links across it
is indexed in bounded memory (a 100k map of long links once ran out of memory and crashed)."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from mapviewer.document import Document
from mapviewer.model import ConceptMap, Edge, Kind, Node
from mapviewer.scene.gridindex import MAX_SEGMENT_CELLS, GridIndex
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.mapview import MapView

from .test_gridindex import box_of, crosses


def hostile_map(count: int = 600, links: int = 2400, span: float = 400_000.0) -> ConceptMap:
    """Concepts scattered over a huge canvas, most links joining two far-apart concepts."""
    rng = random.Random(18)
    nodes = [
        Node(
            id=f"n{i}",
            label=f"Concept {i}",
            kind="k",
            x=rng.uniform(0, span),
            y=rng.uniform(0, span),
        )
        for i in range(count)
    ]
    edges = []
    for j in range(links):
        a, b = rng.sample(range(count), 2)
        edges.append(Edge(id=f"e{j}", source=f"n{a}", target=f"n{b}", label="joins"))
    return ConceptMap(title="Hostile", kinds=[Kind(id="k", label="Kind")], nodes=nodes, edges=edges)


def fitted_view(qtbot, cmap: ConceptMap, links_later: bool = False) -> tuple[MapScene, MapView]:
    """``cmap`` in a shown 1000x700 view, painted once, then fitted: zoomed out to the overview
    (with ``links_later``, as the window opens a big map: link items not made yet)."""
    scene = MapScene(Document(cmap), links_later=links_later)
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitUntil(lambda: view.painted, timeout=20_000)
    scene.flush_geometry()
    view.fit_all()
    assert scene.overview_mode
    return scene, view


def test_no_link_is_filed_under_more_than_a_bounded_number_of_cells() -> None:
    """Links across a big map are kept aside, not filed under hundreds of cells each: before,
    each of these took up to 1,500 cell entries."""
    rng = random.Random(7)
    index: GridIndex[int] = GridIndex()
    lines = {}
    for key in range(1500):
        line = QLineF(*(rng.uniform(0, 200_000) for _ in range(4)))
        lines[key] = line
        index.set(key, box_of(line), line)
    filed: dict[int, int] = {}
    for members in index._cells.values():
        for key in members:
            filed[key] = filed.get(key, 0) + 1
    assert max(filed.values(), default=0) <= MAX_SEGMENT_CELLS
    for _ in range(40):
        area = QRectF(rng.uniform(0, 198_000), rng.uniform(0, 198_000), 2000, 1200)
        found = index.query(area)
        assert [k for k, line in lines.items() if crosses(line, area) and k not in found] == []
    index.discard(3)
    assert 3 not in index.query(QRectF(-1, -1, 200_002, 200_002))


def test_a_link_dense_map_across_a_huge_canvas_opens_draws_and_selects(qtbot) -> None:
    scene, view = fitted_view(qtbot, hostile_map(span=60_000.0))
    before = view.grab().toImage()
    # A click on a concept at fit selects it, and the selection is drawn in the accent colour.
    # (Concepts are a pixel or less here: one whose centre's pixel falls inside its box.)
    point = next(
        p
        for p in (view.mapFromScene(QPointF(i.cx, i.cy)) for i in scene.node_items.values())
        if scene.node_at(view.mapToScene(p)) is not None
    )
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )
    qtbot.waitUntil(lambda: scene.current[0] == "node", timeout=10_000)
    chosen = scene.node_items[scene.current[1]]
    spot = view.mapFromScene(QPointF(chosen.cx, chosen.cy))
    accent = QColor(scene.theme.accent)
    after = view.grab().toImage()

    def accent_near(image, at: QPoint) -> bool:
        """A pixel of about the accent colour (a box under a pixel is drawn partly covered)."""
        for dx in range(-2, 3):
            for dy in range(-2, 3):
                pixel = QColor(image.pixel(at.x() + dx, at.y() + dy))
                if all(
                    abs(a - b) <= 48
                    for a, b in zip(pixel.getRgb()[:3], accent.getRgb()[:3], strict=True)
                ):
                    return True
        return False

    assert accent_near(after, spot) and not accent_near(before, spot)
    # Closer in, the links are drawn from the index: pixels other than the canvas.
    view.set_camera(QPointF(chosen.cx, chosen.cy), 0.05)
    image = view.grab().toImage()
    assert len({image.pixel(x, y) for x in range(0, 1000, 25) for y in range(0, 700, 25)}) > 2


def test_the_focus_question_is_drawn_over_the_zoomed_out_map(qtbot) -> None:
    """Zoomed out, the view draws the overview itself: items other than concepts and links
    (the focus question here) must still be drawn."""
    cmap = hostile_map(count=400, links=300, span=40_000.0)
    cmap.focus_question = "How do these concepts relate?"
    scene, view = fitted_view(qtbot, cmap)
    heading = view.mapFromScene(scene.focus_heading.scene_rect()).boundingRect()
    image = view.grab().toImage()
    canvas = QColor(scene.theme.canvas).rgb()
    inside = heading.intersected(view.viewport().rect())
    colours = {
        image.pixel(x, y)
        for x in range(inside.left(), inside.right(), 2)
        for y in range(inside.top(), inside.bottom(), 2)
    }
    assert colours - {canvas}, "the focus question was not drawn"


def test_dimming_follows_every_filter_change(qtbot) -> None:
    """Dimming touches only what changes; the result must equal the filters' verdict."""
    scene = MapScene(Document(hostile_map(count=120, links=200, span=5000.0)))
    nodes, edges = list(scene.node_items), list(scene.edge_items)
    rng = random.Random(3)

    def check() -> None:
        filters = [scene.dim_filter(n) for n in ("a", "b") if scene.dim_filter(n) is not None]
        for node_id, item in scene.node_items.items():
            assert item.dimmed == any(node_id not in keep for keep, _ in filters)
        for edge_id, link in scene.edge_items.items():
            assert link.dimmed == any(edge_id not in keep for _, keep in filters)

    for _ in range(6):
        scene.set_dim_filter("a", set(rng.sample(nodes, 30)), set(rng.sample(edges, 40)))
        check()
        scene.set_dim_filter("b", set(rng.sample(nodes, 60)), set(rng.sample(edges, 90)))
        check()
        scene.clear_dim_filter("a")
        check()
    scene.clear_dim_filter("b")
    check()


@pytest.mark.qt_log_ignore("not accepted by receiving widget")  # Qt's own rubber band release
def test_shift_drag_draws_its_rectangle_over_the_zoomed_out_map(qtbot) -> None:
    """Zoomed out the view draws the frame itself; the rubber band of a Shift+drag must show."""
    scene, view = fitted_view(qtbot, hostile_map(count=400, links=300, span=40_000.0))
    start, end = QPoint(3, 3), QPoint(300, 200)  # from the empty margin
    assert scene.node_at(view.mapToScene(start)) is None
    before = view.viewport().grab().toImage()
    shift = Qt.KeyboardModifier.ShiftModifier
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, shift, start)
    for step in range(1, 11):
        QTest.mouseMove(view.viewport(), start + (end - start) * step / 10)
    qtbot.waitUntil(lambda: not view.rubberBandRect().isEmpty(), timeout=10_000)
    view.viewport().repaint()
    during = view.viewport().grab().toImage()
    edge = [(x, 100) for x in range(2, 8)] + [(150, y) for y in range(2, 8)]
    assert any(during.pixel(x, y) != before.pixel(x, y) for x, y in edge)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, shift, end)
