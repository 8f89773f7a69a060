"""Enter in the find field and Find Path never wait for a big map's search index, built on a
worker thread: a name typed whole, or the start of one, is found at once; words only the index
can rank say "Indexing…" and are answered when it arrives. The worker is held until the test
lets it go, so everything here happens while the index is being built, for certain."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from mapviewer.document import Document
from mapviewer.ui.mainwindow import MainWindow
from mapviewer.ui.navigation.searchpopup import INDEXING

from .test_search_background import WAIT_MS, big_map, held_worker, rows, type_in_find_field

__all__ = ["held_worker"]  # the fixture, used by name below


def open_big_map(window: MainWindow) -> None:
    window.set_document(Document(big_map()))
    keeper = window.search_field._keeper
    assert keeper is not None and keeper.index is None


def index_built(window: MainWindow) -> bool:
    keeper = window.search_field._keeper
    return keeper is not None and keeper.index is not None


def test_enter_on_a_whole_name_goes_there_while_the_index_is_built(
    qtbot, window: MainWindow, held_worker: threading.Event
) -> None:
    open_big_map(window)
    type_in_find_field(qtbot, window, "Okapi receptor")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.scene.current == ("node", "okapi")
    assert not index_built(window)  # nothing waited for it


def test_enter_on_the_start_of_a_name_goes_there_while_the_index_is_built(
    qtbot, window: MainWindow, held_worker: threading.Event
) -> None:
    open_big_map(window)
    type_in_find_field(qtbot, window, "okap")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.scene.current == ("node", "okapi")
    assert not index_built(window)


def test_enter_on_words_the_index_must_rank_says_indexing_then_goes(
    qtbot, window: MainWindow, held_worker: threading.Event
) -> None:
    open_big_map(window)
    before = window.scene.current
    type_in_find_field(qtbot, window, "receptor okapi")  # both words, not the name's start
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert rows(window) == [INDEXING]
    assert window.scene.current == before and not index_built(window)
    held_worker.set()
    qtbot.waitUntil(lambda: window.scene.current == ("node", "okapi"), timeout=WAIT_MS)


def test_find_path_makes_out_whole_names_while_the_index_is_built(
    qtbot, window: MainWindow, held_worker: threading.Event
) -> None:
    open_big_map(window)
    window.path_dock.find_action.trigger()  # View > Find Path… (Ctrl+Shift+P)
    finder = window.path_dock.finder
    qtbot.keyClicks(finder.from_field, "Okapi receptor")
    qtbot.keyClicks(finder.to_field, "Kinase antigen 2")
    QTest.mouseClick(finder.find_button, Qt.MouseButton.LeftButton)
    assert finder.view.toPlainText().startswith("No path")  # the map has no links
    assert (finder.from_field.node_id, finder.to_field.node_id) == ("okapi", "c2")
    assert not index_built(window)


def test_find_path_says_indexing_for_words_the_index_must_rank_then_finds(
    qtbot, window: MainWindow, held_worker: threading.Event
) -> None:
    open_big_map(window)
    window.path_dock.find_action.trigger()
    finder = window.path_dock.finder
    qtbot.keyClicks(finder.from_field, "receptor okapi")
    qtbot.keyClicks(finder.to_field, "Kinase antigen 2")
    QTest.mouseClick(finder.find_button, Qt.MouseButton.LeftButton)
    assert finder.view.toPlainText().startswith("Indexing…")
    held_worker.set()
    qtbot.waitUntil(lambda: finder.view.toPlainText().startswith("No path"), timeout=WAIT_MS)
    assert (finder.from_field.node_id, finder.to_field.node_id) == ("okapi", "c2")


def test_a_big_maps_index_is_built_once_a_find_field_takes_the_keyboard(
    qtbot, window: MainWindow
) -> None:
    """Built on opening, the index of a map nobody searches took 12-21 MB of the 1k map's
    peak memory (131 MB against a budget of 110): it starts with Ctrl+F (or a click in a find
    field), before the first key."""
    window.set_document(Document(big_map()))
    keeper = window.search_field._keeper
    assert keeper is not None
    assert keeper._job is None and not keeper._timer.isActive()  # nothing on its way
    with qtbot.waitSignal(keeper.ready, timeout=WAIT_MS):
        type_in_find_field(qtbot, window, "")  # Ctrl+F
    assert index_built(window)
