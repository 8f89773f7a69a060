"""Presenting under a real hand: the show starts with F5 from the window, and the stage, the
blank screen and the window's own area get the events a lecturer's keys and mouse make."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QSizeF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGraphicsView, QMenu, QWidget
from shiboken6 import isValid

from mapviewer.io.mapfile import load, save
from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.mainwindow import MainWindow
from mapviewer.ui.present.presentation import PresentationWindow

from .conftest import DATA, open_window
from .real_input import context_click, keys_when_shown

SAMPLE = DATA / "sample.json"
HIDDEN = Qt.CursorShape.BlankCursor


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:
    yield open_window(qtbot, SAMPLE, (1200, 800))
    for show in shows():  # a failed test must not leave its show on screen for the next
        show.close()


def shows() -> list[QWidget]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if w.objectName() == "PresentationWindow" and w.isVisible()
    ]


def start_walk_from(qtbot, win: MainWindow, node_id: str) -> QWidget:
    """Click a concept, press F5: with no tour, the show walks from it along its links."""
    item = win.scene.node_items[node_id]
    pos = win.view.mapFromScene(QPointF(item.cx, item.cy))
    qtbot.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    win.activateWindow()
    win.view.setFocus()
    qtbot.waitUntil(win.view.hasFocus, timeout=10_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F5)
    assert len(shows()) == 1
    show = shows()[0]
    qtbot.waitExposed(show)
    return show


def gone(show: QWidget) -> bool:
    """Closed: a presentation window deletes itself when it closes."""
    return not isValid(show) or not show.isVisible()


# The main window lies under the full-screen show, and the offscreen platform does not stack
# windows: pointer events go to the show's own window, as the pointer over it would.
def click(show: QWidget, pos: QPoint, button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    QTest.mouseClick(show.windowHandle(), button, Qt.KeyboardModifier.NoModifier, pos)


def double_click(show: QWidget, pos: QPoint) -> None:
    QTest.mouseDClick(
        show.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos
    )


def move_pointer(show: QWidget, pos: QPoint) -> None:
    QTest.mouseMove(show.windowHandle(), pos)


def stage_of(show: QWidget) -> QGraphicsView:
    stage = show.findChild(QGraphicsView)
    assert stage is not None
    assert stage.viewport().size() == show.size()  # the map fills the whole screen
    return stage


def on_stage(stage: QGraphicsView, node_id: str) -> QPoint:
    item = next(i for i in stage.scene().items() if getattr(i, "node_id", None) == node_id)
    return stage.mapFromScene(item.sceneBoundingRect().center())


def step_of(show: QWidget) -> int:
    assert isinstance(show, PresentationWindow)
    return show.index


def test_a_key_that_reaches_the_map_still_steps_the_show(qtbot, window: MainWindow) -> None:
    show = start_walk_from(qtbot, window, "pd-1")
    stage = stage_of(show)
    assert step_of(show) == 0
    qtbot.keyClick(stage, Qt.Key.Key_Right)  # the map passes every key to the show
    assert step_of(show) == 1
    qtbot.keyClick(stage.viewport(), Qt.Key.Key_Left)
    assert step_of(show) == 0
    qtbot.keyClick(stage, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: gone(show), timeout=10_000)


def test_a_double_click_on_the_stage_steps_twice(qtbot, window: MainWindow) -> None:
    show = start_walk_from(qtbot, window, "pd-1")
    stage = stage_of(show)
    double_click(show, stage.viewport().mapTo(show, QPoint(300, 200)))
    assert step_of(show) == 2  # two quick clicks are two steps, not one and a lost click


def test_a_right_click_on_a_concept_steps_back_and_neither_selects_nor_opens_a_menu(
    qtbot, window: MainWindow
) -> None:
    show = start_walk_from(qtbot, window, "pd-1")
    stage = stage_of(show)
    qtbot.keyClick(show, Qt.Key.Key_Right)
    assert step_of(show) == 1
    where = on_stage(stage, "pd-1")
    click(show, stage.viewport().mapTo(show, where), Qt.MouseButton.RightButton)
    assert step_of(show) == 0
    with keys_when_shown(QMenu, [Qt.Key.Key_Escape]) as menu:
        context_click(stage.viewport(), where)  # the menu key, or the right click's menu event
    assert menu.shown is None
    assert not stage.scene().selectedItems()  # nothing lights up on the big screen
    assert step_of(show) == 0


def test_moving_the_mouse_over_the_blank_screen_shows_the_pointer(
    qtbot, window: MainWindow
) -> None:
    show = start_walk_from(qtbot, window, "pd-1")
    qtbot.keyClick(show, Qt.Key.Key_B)  # black screen
    under = QApplication.widgetAt(show.mapToGlobal(QPoint(300, 200)))
    assert under is not None and under is not stage_of(show).viewport()  # the black overlay
    assert under.cursor().shape() == HIDDEN
    move_pointer(show, QPoint(300, 200))
    move_pointer(show, QPoint(320, 210))
    qtbot.waitUntil(lambda: under.cursor().shape() != HIDDEN, timeout=10_000)


def test_a_mouse_move_on_the_window_itself_shows_the_pointer(qtbot, window: MainWindow) -> None:
    """The map covers the window, so only a move no child takes reaches the window: it must
    wake the pointer too."""
    show = start_walk_from(qtbot, window, "pd-1")
    assert show.cursor().shape() == HIDDEN
    pos = QPointF(5, 5)
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        pos,
        QPointF(show.mapToGlobal(pos)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(show, move)
    assert show.cursor().shape() != HIDDEN


def test_closing_the_main_window_ends_the_show(qtbot, window: MainWindow) -> None:
    show = start_walk_from(qtbot, window, "pd-1")
    assert show.isVisible()
    assert window.close()
    qtbot.waitUntil(lambda: gone(show), timeout=10_000)


def test_a_walk_across_a_big_map_shows_each_step_readably(qtbot, tmp_path) -> None:
    """A walk from one concept of the default map (its tours removed, as on a map of one's
    own): its links reach concepts across the map, and 6 of its first 12 steps zoomed out
    until labels were under 20 px on a 1080-line screen (11 px for the FDA step). A step that
    does not read where the map has its concepts is shown alone, laid out afresh round its
    first concept."""
    cmap = load(DEFAULT_MAP)
    cmap.tours = []
    path = tmp_path / "own.json"
    save(cmap, path)
    window = open_window(qtbot, path, (1600, 1000))
    show = start_walk_from(qtbot, window, "pembrolizumab")
    assert isinstance(show, PresentationWindow)
    screen = QSizeF(1920, 1080)
    small = []
    for _ in range(12):
        view = show.views[show.index]
        framed = show.stage.frame(view, screen)
        # 27 px is the back row's rule; a neighbourhood of seven laid out afresh draws 24 px
        if framed.label_px < 20:
            small.append((view.title, round(framed.label_px, 1)))
        QTest.keyClick(show, Qt.Key.Key_Right)
    assert small == []
    QTest.keyClick(show, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: gone(show), timeout=10_000)


def test_a_walks_caption_says_a_concept_mid_sentence_in_small_letters(qtbot, tmp_path) -> None:
    """Walking from T cells on the default map (no tours): its first link read "T cells are a
    type of Immune cells" with a capital mid-sentence; names keep theirs ("... take the brakes
    off T cells")."""
    cmap = load(DEFAULT_MAP)
    cmap.tours = []
    path = tmp_path / "own.json"
    save(cmap, path)
    window = open_window(qtbot, path, (1600, 1000))
    show = start_walk_from(qtbot, window, "t-cells")
    assert isinstance(show, PresentationWindow)
    captions = []
    for _ in range(4):
        QTest.keyClick(show, Qt.Key.Key_Right)
        overlay = show.overlay_widget.overlay
        assert overlay is not None
        captions.append(overlay.texts[0].text)  # the step's words; a quote follows
    assert "T cells are a type of immune cells" in captions
    assert "Immune checkpoint inhibitors take the brakes off T cells" in captions
    QTest.keyClick(show, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: gone(show), timeout=10_000)
