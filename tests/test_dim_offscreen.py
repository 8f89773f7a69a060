"""A click close up fades all but the clicked concept's neighbourhood, over the whole map: what
is panned to afterwards is drawn faded too, and clearing the selection brings it all back.

Concepts off screen learn their fading as they are drawn (mapviewer.scene.dimming), so these
tests pan with real wheel and drag events to places never drawn before the click, and read
the pixels the view shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage

from mapviewer.io.mapfile import save
from mapviewer.model import ConceptMap, Edge, Kind, Node
from mapviewer.scene import dimming
from mapviewer.scene.edgeitem import EdgeItem
from mapviewer.scene.mapview import MapView
from mapviewer.scene.nodeitem import DIM_OPACITY, NodeItem
from mapviewer.scene.style import mix
from mapviewer.ui.mainwindow import MainWindow

from .conftest import open_window
from .real_input import wheel
from .test_big_maps_drawing import fitted_view

COLUMNS, ROWS = 36, 34  # 1,224 concepts: big enough for the overview at fit
STEP_X, STEP_Y = 260.0, 170.0
LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier
START = "c10-10"  # clicked close up
FAR = "c24-26"  # off screen then, never drawn before the click


def grid_map() -> ConceptMap:
    """Concepts on a grid, each linked to the next one right and the next one down."""
    nodes = [
        Node(id=f"c{r}-{c}", label=f"C{r}-{c}", kind="k", x=c * STEP_X, y=r * STEP_Y)
        for r in range(ROWS)
        for c in range(COLUMNS)
    ]
    edges = [
        Edge(id=f"h{r}-{c}", source=f"c{r}-{c}", target=f"c{r}-{c + 1}", label="")
        for r in range(ROWS)
        for c in range(COLUMNS - 1)
    ] + [
        Edge(id=f"v{r}-{c}", source=f"c{r}-{c}", target=f"c{r + 1}-{c}", label="")
        for r in range(ROWS - 1)
        for c in range(COLUMNS)
    ]
    kind = Kind(id="k", label="Kind", color="#c03030", shape="rectangle")
    return ConceptMap(title="Grid", kinds=[kind], nodes=nodes, edges=edges)


@pytest.fixture
def grid_window(qtbot, tmp_path: Path) -> MainWindow:
    """The grid map in the window, zoomed in on START at 100 % and drawn once."""
    path = tmp_path / "grid.json"
    save(grid_map(), path)
    win = open_window(qtbot, path, (1200, 800))
    scene = win.scene
    start = scene.node_items[START]
    win.view.set_camera(QPointF(start.cx, start.cy), 1.0)
    qtbot.waitUntil(lambda: not scene.overview_mode, timeout=10_000)
    win.view.viewport().grab()  # what is in view is drawn (into its pixel cache) before the click
    return win


def at(view: MapView, node_id: str) -> QPoint:
    item = view.map_scene().node_items[node_id]
    return view.mapFromScene(QPointF(item.cx, item.cy))


def empty_point(view: MapView) -> QPoint:
    """A point of the viewport with no concept and no link under it."""
    rect = view.viewport().rect()
    for y in range(rect.top() + 30, rect.bottom() - 30, 7):
        for x in range(rect.left() + 30, rect.right() - 30, 7):
            if not view.items(QPoint(x, y)):
                return QPoint(x, y)
    raise AssertionError("no empty canvas in view")


def in_view(view: MapView) -> list[NodeItem]:
    """The concepts whose whole box is in the viewport, with some room round it."""
    seen = view.mapToScene(view.viewport().rect().adjusted(20, 20, -20, -20)).boundingRect()
    return [i for i in view.map_scene().node_items.values() if seen.contains(i.scene_box())]


def fill_seen(view: MapView, image: QImage, item: NodeItem) -> QColor:
    """The colour drawn inside the concept's top-left corner: its fill, away from its label,
    its border and the links that meet it halfway along its sides."""
    box = item.scene_box()
    inset = 6 / view.zoom
    return image.pixelColor(view.mapFromScene(QPointF(box.left() + inset, box.top() + inset)))


def distance(a: QColor, b: QColor) -> int:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue()))


def looks_faded(view: MapView, image: QImage, item: NodeItem) -> bool:
    """Drawn faded into the canvas rather than at full strength (whichever it is nearer)."""
    full = item.style.brush.color()
    faded = mix(full, view.map_scene().theme.canvas, DIM_OPACITY)
    seen = fill_seen(view, image, item)
    assert min(distance(seen, full), distance(seen, faded)) <= 12, "not a concept's fill"
    return distance(seen, faded) < distance(seen, full)


def drawn_as_dimmed(view: MapView) -> list[str]:
    """Concepts in view drawn otherwise than their verdict says (faded or not); none is right."""
    image = view.viewport().grab().toImage()
    return [i.node_id for i in in_view(view) if looks_faded(view, image, i) != i.dimmed]


def drag_towards(qtbot, view: MapView, node_id: str) -> None:
    """Drag the canvas (from empty canvas, in six moves) until the concept is in view."""
    viewport = view.viewport()
    for _ in range(60):
        if node_id in {i.node_id for i in in_view(view)}:
            return
        start = empty_point(view)
        offset = viewport.rect().center() - at(view, node_id)
        step = QPoint(max(-300, min(300, offset.x())), max(-200, min(200, offset.y())))
        qtbot.mousePress(viewport, LEFT, NONE, start)
        for index in range(1, 7):
            qtbot.mouseMove(viewport, start + step * (index / 6))
        qtbot.mouseRelease(viewport, LEFT, NONE, start + step)
    raise AssertionError(f"{node_id} never came into view")


def scroll_towards(view: MapView, node_id: str) -> None:
    """Two-finger trackpad scrolls (wheel events with pixels) until the concept is in view."""
    viewport = view.viewport()
    for _ in range(60):
        if node_id in {i.node_id for i in in_view(view)}:
            return
        offset = viewport.rect().center() - at(view, node_id)
        step = QPoint(max(-300, min(300, offset.x())), max(-200, min(200, offset.y())))
        wheel(viewport, viewport.rect().center(), pixels=step)
    raise AssertionError(f"{node_id} never came into view")


def no_hover(qtbot, win: MainWindow) -> None:
    """The pointer onto empty canvas, so no hovered concept lights its own neighbourhood."""
    qtbot.mouseMove(win.view.viewport(), empty_point(win.view))
    kind, ident = win.scene.current
    wanted = win.document.neighbourhood(ident, 1)[0] if kind == "node" else None
    qtbot.waitUntil(
        lambda: (win.scene.dim_filter("neighbours") or (None, None))[0] == wanted,
        timeout=10_000,
    )


@pytest.mark.parametrize("drop_all", [False, True])
def test_what_is_panned_to_after_a_click_close_up_is_drawn_faded(
    qtbot, grid_window: MainWindow, monkeypatch: pytest.MonkeyPatch, drop_all: bool
) -> None:
    """Also with every picture dropped at each change (``drop_all``), the way taken when a
    long tour of a big map has drawn thousands of concepts."""
    if drop_all:
        monkeypatch.setattr(dimming, "REDRAW_ALL_FROM", 0, raising=False)
    win = grid_window
    view, scene = win.view, win.scene
    before = [i for i in in_view(view) if i.node_id != START]
    qtbot.mouseClick(view.viewport(), LEFT, NONE, at(view, START))
    qtbot.waitUntil(lambda: scene.current == ("node", START), timeout=10_000)
    neighbours = win.document.neighbourhood(START, 1)[0]
    # In view: the concept and its neighbours bright, the rest faded, drawn as they were before.
    image = view.viewport().grab().toImage()
    assert not looks_faded(view, image, scene.node_items[START])
    lit = {i.node_id for i in before if i.node_id in neighbours}
    assert lit and {i.node_id for i in before if not looks_faded(view, image, i)} == lit
    assert drawn_as_dimmed(view) == []
    # Off screen then, drawn now: faded.
    far = scene.node_items[FAR]
    assert far.dimmed
    drag_towards(qtbot, view, FAR)
    no_hover(qtbot, win)
    image = view.viewport().grab().toImage()
    assert looks_faded(view, image, far)
    assert drawn_as_dimmed(view) == []
    # Nothing selected: all of it at full strength, here and back where the click was.
    qtbot.mouseClick(view.viewport(), LEFT, NONE, empty_point(view))
    qtbot.waitUntil(lambda: scene.current == ("", ""), timeout=10_000)
    no_hover(qtbot, win)
    assert not scene.node_items[FAR].dimmed
    image = view.viewport().grab().toImage()
    assert not looks_faded(view, image, far)
    assert drawn_as_dimmed(view) == []
    scroll_towards(view, before[0].node_id)
    assert drawn_as_dimmed(view) == []
    assert not any(looks_faded(view, view.viewport().grab().toImage(), i) for i in before)


def test_a_click_then_a_scroll_to_where_nothing_was_drawn_and_back(
    qtbot, grid_window: MainWindow
) -> None:
    """Concepts faded as they were first drawn come back when the selection moves to them."""
    win = grid_window
    view, scene = win.view, win.scene
    qtbot.mouseClick(view.viewport(), LEFT, NONE, at(view, START))
    qtbot.waitUntil(lambda: scene.current == ("node", START), timeout=10_000)
    scroll_towards(view, FAR)
    no_hover(qtbot, win)
    assert drawn_as_dimmed(view) == []
    # Its own neighbourhood bright now, the first one faded once back in view.
    qtbot.mouseClick(view.viewport(), LEFT, NONE, at(view, FAR))
    qtbot.waitUntil(lambda: scene.current == ("node", FAR), timeout=10_000)
    no_hover(qtbot, win)
    image = view.viewport().grab().toImage()
    assert not looks_faded(view, image, scene.node_items[FAR])
    assert drawn_as_dimmed(view) == []
    scroll_towards(view, START)
    no_hover(qtbot, win)
    assert scene.node_items[START].dimmed
    assert drawn_as_dimmed(view) == []


def test_a_click_close_up_tells_only_the_concepts_drawn_so_far(
    qtbot, grid_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fading all but a neighbourhood costs nothing per concept off screen. Before, the first
    click close up set the opacity of every concept of the map (here 1,224; on the 20k map
    50 ms of the click, on the 100k map 0.4 s); the others learn their fading as drawn."""
    win = grid_window
    view, scene = win.view, win.scene
    told: list[str] = []
    genuine = NodeItem.setOpacity

    def counted(item: NodeItem, opacity: float) -> None:
        told.append(item.node_id)
        genuine(item, opacity)

    monkeypatch.setattr(NodeItem, "setOpacity", counted)
    qtbot.mouseClick(view.viewport(), LEFT, NONE, at(view, START))
    qtbot.waitUntil(lambda: scene.current == ("node", START), timeout=10_000)
    assert sum(i.dimmed for i in scene.node_items.values()) > 1000
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    on_screen = {n for n, i in scene.node_items.items() if i.sceneBoundingRect().intersects(seen)}
    assert told and set(told) <= on_screen
    assert drawn_as_dimmed(view) == []


def link_seen(view: MapView, image: QImage, link: EdgeItem) -> QColor:
    """The darkest colour drawn across the middle of a horizontal link (its line is thinner
    than two pixels, so one pixel of the few across it is the line's own colour)."""
    middle = view.mapFromScene(link.line.center())
    across = [image.pixelColor(middle.x(), middle.y() + dy) for dy in range(-3, 4)]
    return min(across, key=lambda colour: colour.lightness())


def test_links_built_when_a_big_map_is_first_zoomed_in_take_the_fading_set_at_fit(
    qtbot,
) -> None:
    """A big map opened in the window builds its link items only when a closer zoom needs
    them: a click at fit before then faded the concepts, and the links built afterwards were
    all drawn at full strength, the neighbourhood's no brighter than the rest."""
    scene, view = fitted_view(qtbot, grid_map(), links_later=True)
    assert scene.links_pending
    nodes, edges = scene.document.neighbourhood(START, 1)
    scene.set_dim_filter("neighbours", nodes, edges)  # as the window does on a click at fit
    for _ in range(40):  # real wheel notches over the clicked concept, until links are drawn
        if not scene.overview_mode and view.zoom >= 1.0:
            break
        wheel(view.viewport(), at(view, START), 1.0)
    assert not scene.links_pending
    image = view.viewport().grab().toImage()
    full = scene.theme.link
    faded = mix(full, scene.theme.canvas, DIM_OPACITY)
    row = START.removeprefix("c").split("-")[0]
    shown = [
        link
        for link in scene.edge_items.values()
        if link.edge_id.startswith(f"h{row}-")
        and view.viewport().rect().contains(view.mapFromScene(link.line.center()))
    ]
    lit = [link for link in shown if link.edge_id in edges]
    dark = [link for link in shown if link.edge_id not in edges]
    assert lit and dark
    for link in lit:
        seen = link_seen(view, image, link)
        assert distance(seen, full) < distance(seen, faded), link.edge_id
    for link in dark:
        seen = link_seen(view, image, link)
        assert distance(seen, faded) < distance(seen, full), link.edge_id
        assert link.dimmed


def test_arrowheads_of_links_from_off_screen_are_drawn(qtbot, grid_window: MainWindow) -> None:
    """The link layer draws only the arrowheads near the part it paints (most links crossing
    a big map's screen have theirs far off it): one whose link starts off screen is drawn."""
    view, scene = grid_window.view, grid_window.scene
    seen = view.mapToScene(view.viewport().rect().adjusted(30, 30, -30, -30)).boundingRect()
    links = [
        link
        for link in scene.edge_items.values()
        if link.directed
        and not seen.contains(QPointF(link.source.cx, link.source.cy))
        and seen.contains(link.arrow.boundingRect())
    ]
    assert links
    image = view.viewport().grab().toImage()
    for link in links:
        middle = link.arrow.boundingRect().center()
        tip = QPointF(*link.arrow_tip) if link.arrow_tip else middle
        point = view.mapFromScene((middle + middle + tip) / 3)  # inside the head, near its tip
        assert distance(image.pixelColor(point), scene.theme.link) <= 40, link.edge_id
