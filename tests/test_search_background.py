"""The find field on a big map never makes a keystroke wait for the search index (issue 18: the
first keystroke on a 20k map took 1.7 s while the index was built). The index is built on a
worker thread once a find field takes the keyboard; typed before it is ready, the list says
"Indexing…" and fills when it arrives; after an edit the new names are found once the index is
built again."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt

from mapviewer.commands import EditNodeCommand
from mapviewer.document import Document
from mapviewer.model import ConceptMap, Node
from mapviewer.ui.navigation import searchfield
from mapviewer.ui.navigation.searchpopup import INDEXING

if TYPE_CHECKING:
    from mapviewer.ui.mainwindow import MainWindow

WORDS = ("antigen", "receptor", "kinase", "ligand", "marker", "signal", "pathway", "cohort")
WAIT_MS = 30_000  # a busy two-core machine builds the index of this map in well under that


def big_map() -> ConceptMap:
    """More concepts than the find field indexes on the spot, placed on a grid."""
    count = searchfield.SMALL_MAP + 300
    nodes = [
        Node(
            id=f"c{i}",
            label=f"{WORDS[i % len(WORDS)].title()} {WORDS[i // len(WORDS) % len(WORDS)]} {i}",
            x=float(i % 50) * 200,
            y=float(i // 50) * 80,
        )
        for i in range(count)
    ]
    nodes.append(Node(id="okapi", label="Okapi receptor", x=-300.0, y=-300.0))
    return ConceptMap(title="Big", nodes=nodes)


def rows(window: MainWindow) -> list[str]:
    suggestions = window.search_field._suggestions
    if suggestions is None:
        return []
    model = suggestions.model
    return [model.item(row).text() for row in range(model.rowCount())]


def type_in_find_field(qtbot, window: MainWindow, text: str) -> None:
    """Ctrl+F from the map, then the keys one by one into the focused find field."""
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.search_field.hasFocus, timeout=10_000)
    qtbot.keyClicks(window.search_field, text)


@pytest.fixture
def held_worker(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The index builds only once the test sets the event: typing comes first for certain."""
    release = threading.Event()
    build = searchfield._build

    def held(cmap: ConceptMap, previous):
        release.wait(timeout=60)
        return build(cmap, previous)

    monkeypatch.setattr(searchfield, "_build", held)
    yield release
    release.set()  # never leave the worker waiting past the test


def test_typing_right_after_opening_a_big_map_shows_indexing_then_the_results(
    qtbot, window: MainWindow, held_worker: threading.Event
) -> None:
    window.set_document(Document(big_map()))
    type_in_find_field(qtbot, window, "okapi")
    assert window.search_field.text() == "okapi"  # every key went in: nothing waited
    assert rows(window) == [INDEXING]
    popup = window.search_field._suggestions.popup
    assert popup.isVisible()
    held_worker.set()
    qtbot.waitUntil(lambda: rows(window)[:1] == ["Okapi receptor"], timeout=WAIT_MS)
    assert popup.isVisible()
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.scene.current == ("node", "okapi")


def test_typing_once_the_index_is_built_lists_the_results_at_once(
    qtbot, window: MainWindow
) -> None:
    window.set_document(Document(big_map()))
    field = window.search_field
    keeper = field._keeper
    assert keeper is not None
    # Ctrl+F: the field taking the keyboard starts the index; the keys come once it is built.
    with qtbot.waitSignal(keeper.ready, timeout=WAIT_MS):
        type_in_find_field(qtbot, window, "")
    qtbot.keyClicks(field, "okapi")
    assert rows(window)[:1] == ["Okapi receptor"]


def test_a_renamed_concept_is_found_by_its_new_name(qtbot, window: MainWindow) -> None:
    window.set_document(Document(big_map()))
    document = window.document
    type_in_find_field(qtbot, window, "okapi")
    qtbot.waitUntil(lambda: rows(window)[:1] == ["Okapi receptor"], timeout=WAIT_MS)
    document.undo_stack.push(EditNodeCommand(document, "c7", "label", "Quagga ligand"))
    type_in_find_field(qtbot, window, "quagga")
    qtbot.waitUntil(lambda: rows(window)[:1] == ["Quagga ligand"], timeout=WAIT_MS)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.scene.current == ("node", "c7")
    # Undone, the old name is the one found again.
    document.undo_stack.undo()
    type_in_find_field(qtbot, window, "quagga")
    qtbot.waitUntil(lambda: INDEXING not in rows(window) and not rows(window), timeout=WAIT_MS)


def test_a_huge_maps_index_waits_for_the_first_keystroke(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, held_worker: threading.Event
) -> None:
    """Built on opening, the 100k map's index cost 850 MB of peak memory and its first frame
    5.7 s, for a search nobody may make: a huge map's index starts with the first key."""
    monkeypatch.setattr(searchfield, "HUGE_MAP", searchfield.SMALL_MAP)
    built: list[int] = []
    build = searchfield._build

    def counted(cmap: ConceptMap, previous):
        built.append(len(cmap.nodes))
        return build(cmap, previous)

    monkeypatch.setattr(searchfield, "_build", counted)
    window.set_document(Document(big_map()))
    window.document.undo_stack.push(EditNodeCommand(window.document, "c7", "label", "Quagga"))
    keeper = window.search_field._keeper
    assert keeper is not None and keeper.index is None
    # Nothing is on its way, or will be of itself: no job, and no timer to start one.
    assert keeper._job is None and not keeper._timer.isActive()
    held_worker.set()
    type_in_find_field(qtbot, window, "quagga")
    qtbot.waitUntil(lambda: rows(window)[:1] == ["Quagga"], timeout=WAIT_MS)
    assert len(built) == 1
