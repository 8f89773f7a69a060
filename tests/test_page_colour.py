"""Map > Page Colour… and Default Page Colour: the colour a map is drawn on, chosen and taken
away by a person as CmapTools' dark pages were only read; one undo step, saved in the file, the
words and lines inked to read on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QColorDialog, QGraphicsView, QWidget

from mapviewer.colours import AA_GRAPHIC, AA_TEXT, contrast
from mapviewer.scene.style import rgb
from mapviewer.ui.mainwindow import MainWindow

from .conftest import copy_sample, open_window

NAVY = "#1B2A41"


def map_action(window: MainWindow, text: str) -> QAction:
    """The Map menu's item ``text``, found through the menu bar as a person finds it."""
    bar_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Map" and a.menu())
    return next(a for a in bar_menu.actions() if a.text() == text)


def page_pixel(window: MainWindow) -> str:
    """The colour of the view's top left corner, where the sample map draws nothing."""
    return window.view.viewport().grab().toImage().pixelColor(3, 3).name().upper()


def press(qtbot, window: MainWindow, key: Qt.Key) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, key, Qt.KeyboardModifier.ControlModifier)


def test_page_colour_is_chosen_undone_saved_and_taken_away(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy_sample(tmp_path)
    window = open_window(qtbot, path)
    document = window.document
    light = window.scene.theme.canvas.name().upper()
    asked: list[QColor] = []

    def pick(initial: QColor, _parent: QWidget, _title: str) -> QColor:
        asked.append(QColor(initial))
        return QColor(NAVY)

    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(pick))
    default = map_action(window, "De&fault Page Colour")
    assert not default.isEnabled()  # the map has no colour of its own to take away

    map_action(window, "Page C&olour…").trigger()
    assert asked[0].name().upper() == light  # the dialog opens on the page as drawn
    qtbot.waitUntil(lambda: page_pixel(window) == NAVY, timeout=10_000)
    assert document.cmap.background == NAVY
    assert document.undo_stack.count() == 1 and window.isWindowModified()
    theme = window.scene.theme
    page = rgb(QColor(NAVY))
    assert contrast(rgb(theme.text), page) >= AA_TEXT  # light words on the dark page
    assert contrast(rgb(theme.link_label), page) >= AA_TEXT
    assert contrast(rgb(theme.link), page) >= AA_GRAPHIC
    assert default.isEnabled()

    press(qtbot, window, Qt.Key.Key_Z)  # one Ctrl+Z: the page it was, greyed item again
    qtbot.waitUntil(lambda: page_pixel(window) == light, timeout=10_000)
    assert document.cmap.background is None and not default.isEnabled()
    press(qtbot, window, Qt.Key.Key_Y)
    qtbot.waitUntil(lambda: page_pixel(window) == NAVY, timeout=10_000)

    press(qtbot, window, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=10_000)
    assert json.loads(path.read_text(encoding="utf-8"))["background"] == NAVY
    copy = tmp_path / "navy.json"
    copy.write_bytes(path.read_bytes())

    default.trigger()  # back to the theme's page, one more step, and saved so
    qtbot.waitUntil(lambda: page_pixel(window) == light, timeout=10_000)
    assert document.cmap.background is None and document.undo_stack.count() == 2
    assert window.isWindowModified() and not default.isEnabled()
    press(qtbot, window, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=10_000)
    assert "background" not in json.loads(path.read_text(encoding="utf-8"))
    reopened = open_window(qtbot, copy)  # the saved page opens on its colour
    assert page_pixel(reopened) == NAVY
    assert map_action(reopened, "De&fault Page Colour").isEnabled()


def test_a_cancelled_colour_dialog_changes_nothing(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, copy_sample(tmp_path))
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *_: QColor()))
    map_action(window, "Page C&olour…").trigger()
    assert window.document.undo_stack.count() == 0 and not window.isWindowModified()
    assert window.document.cmap.background is None


def test_a_page_colour_chosen_while_presenting_shows_in_the_hall_at_once(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chosen from the editing window while the show ran (the presenter's screen), the new page
    reached the hall only at the next F5."""
    window = open_window(qtbot, copy_sample(tmp_path), (1200, 800))
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    qtbot.keyClick(window.view, Qt.Key.Key_F5)
    show = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "PresentationWindow")
    qtbot.waitExposed(show)
    stage = show.findChild(QGraphicsView)

    def hall_page() -> str:
        return stage.viewport().grab().toImage().pixelColor(3, 3).name().upper()

    before = hall_page()
    assert before != NAVY
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *_: QColor(NAVY)))
    map_action(window, "Page C&olour…").trigger()
    qtbot.waitUntil(lambda: hall_page() == NAVY, timeout=10_000)
    QTest.keyClick(show, Qt.Key.Key_Right)  # the next step is drawn on it too
    qtbot.waitUntil(lambda: show.index == 1, timeout=10_000)
    assert hall_page() == NAVY
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: hall_page() == before, timeout=10_000)
    QTest.keyClick(show, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not show.isVisible(), timeout=10_000)
