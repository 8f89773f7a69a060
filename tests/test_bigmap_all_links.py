"""What acts on every link of the map must see every link of a big map, also those whose items
are not made yet (links by region, see tests/test_bigmap.py): Select All, the evidence
colours, slides and the start-up build, driven by real keys and clicks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from mapviewer.document import Document
from mapviewer.scene import mapscene
from mapviewer.ui.mainwindow import MainWindow

from .conftest import shown_window
from .real_input import wheel
from .test_bigmap import GUARD, grid

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def win(qtbot, big) -> Iterator[MainWindow]:
    window = shown_window(qtbot, Document(grid()), (1000, 700), deferred=True)
    yield window


def at(window: MainWindow, node_id: str) -> QPoint:
    node = window.document.nodes[node_id]
    return window.view.mapFromScene(QPointF(node.x or 0.0, node.y or 0.0))


def zoom_in_on(qtbot, window: MainWindow, node_id: str) -> None:
    for _ in range(40):
        if not window.scene.overview_mode and window.view.zoom >= 0.9:
            break
        wheel(window.view.viewport(), at(window, node_id), 1.0)
    qtbot.waitUntil(lambda: bool(window.scene.edge_items), timeout=GUARD)


def test_select_all_selects_every_link_and_links_made_later_come_selected(
    qtbot, win: MainWindow
) -> None:
    scene, total = win.scene, len(win.document.cmap.edges)
    zoom_in_on(qtbot, win, "n1_1")
    made = len(scene.edge_items)
    assert 0 < made < total
    dock = win.selection_dock
    with qtbot.waitSignal(dock.filled, timeout=GUARD):
        dock.toggleViewAction().trigger()  # View > Selection
    win.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.view, timeout=GUARD)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, CTRL)  # Edit > Select All
    qtbot.waitUntil(lambda: f"{total:,} selected links" in dock.summary.text(), timeout=GUARD)
    nodes, edges = scene.selected_ids()
    assert len(nodes) == len(win.document.cmap.nodes) and len(edges) == total
    assert len(scene.edge_items) == made  # no item made for it
    assert dock.links.proxy.rowCount() == total
    # Far away (the arrow keys pan there), the links' items come selected
    pan_to(win, 20 * 240, 20.5 * 130)
    qtbot.waitUntil(lambda: "v20_20" in scene.edge_items, timeout=GUARD)
    qtbot.waitUntil(lambda: "v20_20" in scene.edge_items, timeout=GUARD)
    assert scene.edge_items["v20_20"].isSelected()
    assert len(scene.selected_ids()[1]) == total
    # Ctrl+click takes one concept out of the selection and leaves the rest, links too
    QTest.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, CTRL, at(win, "n20_20"))
    nodes, edges = scene.selected_ids()
    assert "n20_20" not in nodes and len(nodes) == len(win.document.cmap.nodes) - 1
    assert len(edges) == total
    # Escape clears it all, the links without items too
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert scene.selected_ids() == (set(), set())
    qtbot.waitUntil(lambda: "Nothing selected" in dock.summary.text(), timeout=GUARD)


def test_window_answers_clicks_and_keys_while_a_big_map_builds_after_its_first_frame(
    qtbot, big, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start-up path (a map named on the command line) makes its concept items in slices
    after the first frame, as the background loader does, not in one block."""
    monkeypatch.setattr(mapscene, "START_SLICE", 0.0, raising=False)  # a slice per 64 concepts
    window = MainWindow(Document(grid(60)), deferred=True)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    scene = window.scene
    qtbot.waitUntil(lambda: window.view.painted and scene.items_pending, timeout=GUARD)
    assert not window.ready
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=at(window, "n30_30"))
    assert scene.current == ("node", "n30_30")
    assert scene.items_pending  # answered while the rest was still being made
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Escape)
    assert scene.current == ("", "")
    assert scene.items_pending
    qtbot.waitUntil(lambda: window.ready, timeout=GUARD)
    assert len(scene.node_items) == len(window.document.cmap.nodes)
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=at(window, "n10_50"))
    assert scene.current == ("node", "n10_50")
    qtbot.waitUntil(lambda: "Place 10 50 zq" in window.details.toPlainText(), timeout=GUARD)


def pan_to(window: MainWindow, x: float, y: float) -> None:
    """Scroll with the keys (no concept current: the view scrolls) until the view's centre
    has passed ``(x, y)``."""
    view = window.view
    for key, far_enough in (
        (Qt.Key.Key_PageDown, lambda: view.center().y() >= y),
        (Qt.Key.Key_Right, lambda: view.center().x() >= x),
    ):
        while not far_enough():
            before = view.center()
            QTest.keyClick(QApplication.focusWidget(), key)
            assert view.center() != before, "the view no longer pans"


def test_evidence_colouring_dashes_the_links_made_after_it_was_turned_on(
    qtbot, win: MainWindow
) -> None:
    scene = win.scene
    zoom_in_on(qtbot, win, "n1_1")
    action = win.evidence.colouring.action
    assert action in win.view_menu.actions()
    action.trigger()  # View > Evidence Colouring: no link of the grid is quoted
    assert {item.dash for item in scene.edge_items.values()} == {"dash"}
    win.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.view, timeout=GUARD)
    pan_to(win, 20 * 240, 20.5 * 130)
    qtbot.waitUntil(lambda: "v20_20" in scene.edge_items, timeout=GUARD)
    assert {item.dash for item in scene.edge_items.values()} == {"dash"}
    action.trigger()  # off: the map's own look back, the links made meanwhile too
    assert {item.dash for item in scene.edge_items.values()} == {"solid"}


def test_layered_layout_of_a_big_map_follows_every_link(qtbot, win: MainWindow) -> None:
    zoom_in_on(qtbot, win, "n1_1")  # some link items made, most not
    win.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.view, timeout=GUARD)
    with qtbot.waitSignal(win.layouts.finished, timeout=120_000) as blocker:
        QTest.keyClick(win.view, Qt.Key.Key_L, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert blocker.args == [True]
    doc = win.document
    down = sum(doc.nodes[e.source].y < doc.nodes[e.target].y for e in doc.cmap.edges)
    assert down / len(doc.cmap.edges) > 0.9  # every link points down, not only the made ones


def focus_arrangement(qtbot, node_id: str) -> dict[str, tuple[float, float]]:
    """Open a grid whose links have long phrases, click ``node_id`` at fit and press
    Ctrl+Shift+1 (Focus > Within 1 Link): where its neighbourhood is drawn."""
    phrase = "is strongly associated with the lasting response of"
    cmap = grid()
    edges = [e.model_copy(update={"label": phrase}) for e in cmap.edges]
    window = shown_window(
        qtbot, Document(cmap.model_copy(update={"edges": edges})), (1000, 700), deferred=True
    )
    scene = window.scene
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=at(window, node_id))
    assert scene.current == ("node", node_id)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_1, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not window.explore.is_arranging(), timeout=GUARD)
    near = {n for e in edges if node_id in (e.source, e.target) for n in (e.source, e.target)}
    places = {
        n: (round(scene.node_items[n].x(), 1), round(scene.node_items[n].y(), 1)) for n in near
    }
    window.close()
    return places


def test_focus_on_a_big_map_leaves_room_for_every_phrase_as_on_a_small_one(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The focus rings leave room for the linking phrases: on a big map too, where the links
    of the focused concept had no items yet (they got none at fit)."""
    small = focus_arrangement(qtbot, "n12_12")
    monkeypatch.setattr(mapscene, "LAZY_FROM", 100)
    monkeypatch.setattr(mapscene, "LINKS_BY_REGION_FROM", 100)
    assert focus_arrangement(qtbot, "n12_12") == small


def test_select_all_survives_a_presentation(qtbot, win: MainWindow) -> None:
    """Back from the show, the selection is the one before it: every link, those without
    items too (the window's snapshot once kept only the made ones)."""
    scene, total = win.scene, len(win.document.cmap.edges)
    zoom_in_on(qtbot, win, "n1_1")
    win.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.view, timeout=GUARD)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, CTRL)  # Edit > Select All
    before = scene.selected_ids()
    assert len(before[1]) == total > len(scene.edge_items)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F5)  # a walk from the selection
    show = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "PresentationWindow")
    qtbot.waitExposed(show)
    QTest.keyClick(show, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not (isValid(show) and show.isVisible()), timeout=GUARD)
    assert scene.selected_ids() == before


def test_evidence_colouring_shows_at_fit_where_no_link_has_an_item(qtbot, win: MainWindow) -> None:
    """At fit a big map draws its links as the overview's lines, without items: turning the
    colouring on must change that picture too (it once restyled only the items)."""
    scene, view = win.scene, win.view
    assert scene.overview_mode and not scene.edge_items
    before = view.viewport().grab().toImage()
    action = win.evidence.colouring.action
    action.trigger()  # View > Evidence Colouring: no link of the grid is quoted
    assert {dash for _, dash in scene.link_lines()} == {"dash"}
    qtbot.waitUntil(lambda: view.viewport().grab().toImage() != before, timeout=GUARD)
    action.trigger()  # off: the map's own solid lines again
    assert {dash for _, dash in scene.link_lines()} == {"solid"}
    qtbot.waitUntil(lambda: view.viewport().grab().toImage() == before, timeout=GUARD)
