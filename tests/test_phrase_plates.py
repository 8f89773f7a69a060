"""A link's phrase sits on its line, as in CmapTools: the line stops at the phrase's edges. Drawn
through it at 8% (a 0.92-alpha plate), the line showed as a pale grey strip across the words on
a white projector stage, read from the hall as a smudge or a strike-through."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget

from mapviewer.paths import DEFAULT_MAP
from mapviewer.scene.edgeitem import EdgeItem
from mapviewer.ui.mainwindow import MainWindow
from mapviewer.ui.present.presentation import PresentationWindow

from .conftest import open_window


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:
    yield open_window(qtbot, DEFAULT_MAP, (1280, 720))
    for show in QApplication.topLevelWidgets():
        if isinstance(show, PresentationWindow):
            show.close()


def start_show(qtbot, win: MainWindow) -> PresentationWindow:
    """F5 from the map, as a teacher starts the map's first tour, and wait for the camera."""
    win.activateWindow()
    win.view.setFocus()
    qtbot.waitUntil(win.view.hasFocus, timeout=10_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F5)
    shows = [w for w in QApplication.topLevelWidgets() if isinstance(w, PresentationWindow)]
    assert len(shows) == 1
    show = shows[0]
    qtbot.waitExposed(show)
    qtbot.waitUntil(lambda: not show.view.is_animating(), timeout=10_000)
    return show


def off_canvas(image: QImage, box: QRectF, words: QRectF, canvas: QColor) -> int:
    """The largest difference from the canvas colour of a pixel in the plate round the words:
    the plate inset a pixel (its anti-aliased edge), less the words' own box grown a pixel."""
    worst = 0
    inner = box.adjusted(1.5, 1.5, -1.5, -1.5)
    clear_of = words.adjusted(-1, -1, 1, 1)
    for y in range(int(inner.top()) + 1, int(inner.bottom())):
        for x in range(int(inner.left()) + 1, int(inner.right())):
            if clear_of.contains(QPointF(x, y)):
                continue
            colour = image.pixelColor(x, y)
            worst = max(
                worst,
                abs(colour.red() - canvas.red()),
                abs(colour.green() - canvas.green()),
                abs(colour.blue() - canvas.blue()),
            )
    return worst


def on_screen(show: PresentationWindow, rect: QRectF) -> QRectF:
    return QRectF(show.view.mapFromScene(rect).boundingRect())


def words_box(show: PresentationWindow, link: EdgeItem) -> QRectF:
    assert link.text is not None
    size = link.text.size
    centre = link.label_rect.center()
    scene_box = QRectF(
        centre.x() - size.width() / 2, centre.y() - size.height() / 2, size.width(), size.height()
    )
    return on_screen(show, scene_box)


def test_the_projected_phrases_hide_the_line_they_sit_on(qtbot, window: MainWindow) -> None:
    show = start_show(qtbot, window)
    viewport: QWidget = show.view.viewport()
    image = viewport.grab().toImage()
    canvas = QColor(show.stage.theme.canvas)
    scene = show.stage.scene
    links = [scene.edge_items[e] for e in sorted(show.current.focus.edges) if e in scene.edge_items]
    assert len(links) == 3  # T cells, Killer T cells, Cancer cells: the first step's three links
    for link in links:
        box = on_screen(show, link.label_rect)
        assert viewport.rect().contains(box.toAlignedRect()), link.edge_id
        # The line runs into the plate from its ends (it crosses the plate's edge), so a line
        # drawn through would show in the margin round the words.
        assert off_canvas(image, box, words_box(show, link), canvas) <= 2, link.edge_id
