"""A big map opens from plain numbers, then gets its items: concept items right after the first
frame, link items only where a closer zoom looks (issue 18's 100k budgets). The sizes from which
that happens are lowered here so that a map of a few hundred concepts takes the same path as
the 100k one, and the window is driven by real wheel turns, clicks and keys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from mapviewer.document import Document
from mapviewer.model import ConceptMap, Edge, Node
from mapviewer.scene import mapscene
from mapviewer.ui.mainwindow import MainWindow

from .conftest import shown_window
from .real_input import wheel

GUARD = 20_000  # ms: generous, for a loaded machine
SIDE = 24  # concepts a row: a 24 x 24 grid


def grid(side: int = SIDE) -> ConceptMap:
    """Concepts on a grid, each linked to its right and lower neighbours; the labels say where
    they are, so that a search finds one concept."""
    nodes = [
        Node(id=f"n{r}_{c}", label=f"Place {r} {c} zq", x=c * 240.0, y=r * 130.0)
        for r in range(side)
        for c in range(side)
    ]
    edges = [
        Edge(id=f"h{r}_{c}", source=f"n{r}_{c}", target=f"n{r}_{c + 1}")
        for r in range(side)
        for c in range(side - 1)
    ]
    edges += [
        Edge(id=f"v{r}_{c}", source=f"n{r}_{c}", target=f"n{r + 1}_{c}")
        for r in range(side - 1)
        for c in range(side)
    ]
    return ConceptMap(title="Grid", nodes=nodes, edges=edges)


@pytest.fixture
def win(qtbot, big) -> Iterator[MainWindow]:
    """The grid opened as the app opens a map at start-up, its first frame painted from plain
    numbers and the rest of the window done."""
    window = MainWindow(Document(grid()), deferred=True)
    qtbot.addWidget(window)
    pending_at_first_frame: list[bool] = []
    window.view.first_frame.connect(
        lambda: pending_at_first_frame.append(window.scene.items_pending)
    )
    window.resize(1000, 700)
    window.show()
    qtbot.waitUntil(lambda: window.view.painted, timeout=GUARD)
    assert pending_at_first_frame == [True]  # drawn before any concept item was made
    assert window.scene.overview_mode
    qtbot.waitUntil(lambda: window.ready, timeout=GUARD)
    assert not window.scene.items_pending
    yield window


def on_screen(window: MainWindow, node_id: str) -> QPoint:
    item = window.scene.node_items[node_id]
    return window.view.mapFromScene(QPointF(item.cx, item.cy))


def zoom_in_on(qtbot, window: MainWindow, node_id: str) -> None:
    """Wheel turns with the pointer on the concept until its label can be read."""
    view = window.view
    for _ in range(40):
        if not window.scene.overview_mode and view.zoom >= 0.9:
            break
        wheel(view.viewport(), on_screen(window, node_id), 1.0)
    assert not window.scene.overview_mode
    qtbot.waitUntil(lambda: bool(window.scene.edge_items), timeout=GUARD)


def links_of(window: MainWindow, node_id: str) -> set[str]:
    return {e.id for e in window.document.cmap.edges if node_id in (e.source, e.target)}


def test_zoomed_in_a_big_map_draws_its_concepts_and_a_click_selects_and_shows_details(
    qtbot, win: MainWindow
) -> None:
    scene, total = win.scene, len(win.document.cmap.edges)
    assert not scene.edge_items  # at fit, links are drawn from the map, not from items
    zoom_in_on(qtbot, win, "n3_3")
    near = links_of(win, "n3_3")
    qtbot.waitUntil(lambda: near <= set(scene.edge_items), timeout=GUARD)
    assert len(scene.edge_items) < total  # only the part looked at
    assert scene.edge_items["h3_3"].isVisible()
    item = scene.node_items["n3_3"]
    assert item.isVisible() and item.opacity() == 1.0  # drawn, not veiled by the overview
    image = win.view.grab().toImage()
    point = on_screen(win, "n3_3")
    assert image.pixelColor(point) != scene.theme.canvas  # something is drawn there
    QTest.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=on_screen(win, "n3_3"))
    assert scene.current == ("node", "n3_3")
    qtbot.waitUntil(lambda: "Place 3 3 zq" in win.details.toPlainText(), timeout=GUARD)


def test_search_goes_to_a_concept_whose_links_had_no_items(qtbot, win: MainWindow) -> None:
    scene = win.scene
    zoom_in_on(qtbot, win, "n1_1")
    far = links_of(win, "n22_21")
    assert not far & set(scene.edge_items)  # nothing made over there yet
    win.focus_search()
    field = QApplication.focusWidget()
    assert field is win.search_field
    QTest.keyClicks(field, "Place 22 21 zq")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert scene.current == ("node", "n22_21")
    qtbot.waitUntil(lambda: not win.view.is_animating(), timeout=GUARD)
    qtbot.waitUntil(lambda: far <= set(scene.edge_items), timeout=GUARD)
    assert all(scene.edge_items[e].isVisible() for e in far)
    centre = win.view.center()
    item = scene.node_items["n22_21"]
    assert abs(centre.x() - item.cx) < 2 and abs(centre.y() - item.cy) < 2
    qtbot.waitUntil(lambda: "Place 22 21 zq" in win.details.toPlainText(), timeout=GUARD)


def test_a_link_named_in_details_is_made_selected_and_shown(qtbot, win: MainWindow) -> None:
    scene = win.scene
    zoom_in_on(qtbot, win, "n1_1")
    assert "v20_20" not in scene.edge_items
    QTest.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=on_screen(win, "n1_1"))
    win.details.anchorClicked.emit(QUrl("mv:edge/v20_20"))  # as a link sentence is followed
    assert scene.current == ("edge", "v20_20")
    assert win.details.toPlainText().startswith("Place 20 20 zq")
    qtbot.waitUntil(lambda: not win.view.is_animating(), timeout=GUARD)
    link = scene.edge_items["v20_20"]
    assert link.isSelected() and link.isVisible()
    assert (
        win.view.mapToScene(win.view.viewport().rect())
        .boundingRect()
        .contains(link.sceneBoundingRect().center())
    )


def test_the_window_counts_the_link_items_it_makes() -> None:
    """A map with more links than the window makes items for is estimated without their items
    in a window, and with them drawn whole (a render)."""
    from mapviewer import memory  # noqa: PLC0415

    cmap = grid(10)
    many = ConceptMap(nodes=cmap.nodes, edges=cmap.edges * (memory.LINK_ITEMS_UP_TO // 100))
    assert len(many.edges) >= memory.LINK_ITEMS_UP_TO
    assert memory.needed_bytes(many, window=True) < memory.needed_bytes(many) / 3
    assert memory.needed_bytes(cmap, window=True) > memory.needed_bytes(cmap, window=False) / 4


def test_another_theme_keeps_the_big_map_usable_without_every_link_item(
    qtbot, win: MainWindow
) -> None:
    zoom_in_on(qtbot, win, "n2_2")
    QTest.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=on_screen(win, "n2_2"))
    dark = next(a for a in win.themes.menu.actions() if a.text() == "Dark")
    dark.trigger()
    scene = win.scene
    assert scene.theme.name == "dark" and not scene.items_pending
    assert scene.current == ("node", "n2_2")
    total = len(win.document.cmap.edges)
    qtbot.waitUntil(lambda: links_of(win, "n2_2") <= set(scene.edge_items), timeout=GUARD)
    assert len(scene.edge_items) < total
    QTest.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=on_screen(win, "n3_2"))
    assert scene.current == ("node", "n3_2")


def test_a_dragged_concept_takes_its_links_along(qtbot, win: MainWindow) -> None:
    scene = win.scene
    zoom_in_on(qtbot, win, "n3_3")
    win.view.setFocus()
    start = on_screen(win, "n3_3")
    viewport = win.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 7):
        qtbot.mouseMove(viewport, start + QPoint(20 * step, 10 * step))
    end = start + QPoint(120, 60)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    node = win.document.nodes["n3_3"]
    moved = scene.node_items["n3_3"]
    assert (moved.cx, moved.cy) == (node.x, node.y) != (3 * 240.0, 3 * 130.0)
    around = moved.scene_box().adjusted(-12, -12, 12, 12)  # a link stops short of the box
    for edge_id in links_of(win, "n3_3"):
        link = scene.edge_items[edge_id]
        assert link.isVisible()
        assert around.contains(link.line.p1()) or around.contains(link.line.p2())


def test_a_big_map_opened_in_the_background_is_shown_with_its_links_made(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    """A map big enough to open in the overview but not to make its links by region: the
    loader makes its link items in slices before showing it, so the first zoom past the
    overview has nothing left to make (made there in one block, a 20k map froze the window
    2.5-12 s at the first close zoom, by hand under Xvfb)."""
    from mapviewer.io import registry  # noqa: PLC0415
    from mapviewer.ui.files import fileactions  # noqa: PLC0415

    monkeypatch.setattr(mapscene, "LAZY_FROM", 100)
    monkeypatch.setattr(fileactions, "PROGRESS_FROM_BYTES", 0)
    assert SIDE * SIDE >= mapscene.OVERVIEW_MIN_NODES  # its links are put off at first
    path = tmp_path / "grid.json"
    registry.save_map(grid(), path)
    window = shown_window(qtbot, Document(ConceptMap(title="Before")), (1000, 700), deferred=True)
    window.open_path(path)
    load = window.files.loading
    assert load is not None
    with qtbot.waitSignal(load.finished, timeout=GUARD) as done:
        pass
    assert done.args == [True] and window.document.title == "Grid"
    scene = window.scene
    assert scene.overview_mode and not scene.links_pending
    assert len(scene.edge_items) == len(window.document.cmap.edges)
    made: list[str] = []
    make = scene._make_edge_item
    monkeypatch.setattr(
        scene, "_make_edge_item", lambda edge_id: made.append(edge_id) or make(edge_id)
    )
    zoom_in_on(qtbot, window, "n12_12")
    assert made == []  # the zoom made no link item: all were there
    QTest.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=on_screen(window, "n12_12")
    )
    assert scene.current == ("node", "n12_12")
