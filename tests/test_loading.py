"""Opening a big map runs in the background: progress with Cancel through to the first frame,
the map open before stays usable (a click selects) until the new one is ready, Cancel keeps it,
and a file that breaks halfway gives the usual box naming the file and the place.

Big files are faked by lowering the size from which files open in the background; a load is
held at a stage by LoadWorker.stage_hook (a threading.Event), never by waiting a while."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton

from mapviewer.document import Document
from mapviewer.io import registry
from mapviewer.layout import Box
from mapviewer.layout.bigplace import BIG_FROM, place_big, rows
from mapviewer.model import ConceptMap, Edge, Node
from mapviewer.ui.files import fileactions, loading
from mapviewer.ui.files.loading import LoadWorker, MapLoad
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA

GUARD = 20_000  # ms: generous, for a loaded machine


class Gate:
    """Holds a background load at the start of one stage until released."""

    def __init__(self, stage: str) -> None:
        self.stage = stage
        self.reached = threading.Event()
        self.release = threading.Event()

    def __call__(self, name: str) -> None:
        if name == self.stage:
            self.reached.set()
            self.release.wait(GUARD / 1000)


@pytest.fixture
def in_background(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every file opens as a big one does; a gate left shut is opened after the test."""
    monkeypatch.setattr(fileactions, "PROGRESS_FROM_BYTES", 0)
    yield
    hook = LoadWorker.stage_hook
    LoadWorker.stage_hook = None
    if isinstance(hook, Gate):
        hook.release.set()


def gate(stage: str) -> Gate:
    held = Gate(stage)
    LoadWorker.stage_hook = held
    return held


def press_ctrl_o(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """File > Open by its shortcut, the file dialog answering ``path``."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.view.setFocus()
    qtbot.keyClick(QApplication.focusObject(), Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)


def the_load(window: MainWindow) -> MapLoad:
    load = window.files.loading
    assert load is not None, "the file is not loading in the background"
    return load


def at_concept(window: MainWindow, node_id: str):
    item = window.scene.node_items[node_id]
    return window.view.mapFromScene(QPointF(item.cx, item.cy))


def error_box(window: MainWindow) -> QMessageBox | None:
    """The box saying a file could not be opened, while it shows."""
    shown = [b for b in window.findChildren(QMessageBox, "FileErrorDialog") if b.isVisible()]
    return shown[-1] if shown else None


def other_map(tmp_path: Path) -> Path:
    """A map other than the window's: the sample with a title of its own."""
    cmap = registry.open_map(DATA / "sample.json")
    cmap.title = "The other map"
    path = tmp_path / "other.json"
    registry.save_map(cmap, path)
    return path


def test_the_old_map_answers_clicks_while_the_new_one_loads(
    qtbot, window, monkeypatch, tmp_path, in_background
) -> None:
    old = window.document
    held = gate(loading.LAYING_OUT)
    press_ctrl_o(qtbot, window, monkeypatch, other_map(tmp_path))
    load = the_load(window)
    qtbot.waitUntil(held.reached.is_set, timeout=GUARD)
    qtbot.waitUntil(load.dialog.isVisible, timeout=GUARD)
    qtbot.waitUntil(lambda: "Laying out" in load.dialog.labelText(), timeout=GUARD)
    node_id = next(iter(window.scene.node_items))
    QTest.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=at_concept(window, node_id)
    )
    assert window.document is old
    assert window.scene.current == ("node", node_id)  # the old map still selects
    with qtbot.waitSignal(load.finished, timeout=GUARD) as done:
        held.release.set()
    assert done.args == [True]
    assert window.document.title == "The other map"
    assert load.done  # and its dialog closed (deleted once the loop runs)


def test_cancel_keeps_the_map_that_was_open(
    qtbot, window, monkeypatch, tmp_path, in_background
) -> None:
    old, old_scene = window.document, window.scene
    title = window.windowTitle()
    held = gate(loading.CHECKING)
    press_ctrl_o(qtbot, window, monkeypatch, other_map(tmp_path))
    load = the_load(window)
    qtbot.waitUntil(held.reached.is_set, timeout=GUARD)
    qtbot.waitUntil(load.dialog.isVisible, timeout=GUARD)
    button = load.dialog.findChild(QPushButton)
    assert button is not None and button.isEnabled()
    with qtbot.waitSignal(load.finished, timeout=GUARD) as done:
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    held.release.set()
    qtbot.waitUntil(lambda: not load.worker.isRunning(), timeout=GUARD)
    QApplication.processEvents()  # whatever the worker sent once let go
    assert done.args == [False]
    assert window.document is old and window.scene is old_scene
    assert window.windowTitle() == title
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_file_broken_halfway_names_file_and_place_and_keeps_the_map(
    qtbot, window, tmp_path, in_background
) -> None:
    old = window.document
    good = tmp_path / "good.graphml"
    registry.save_map(registry.open_map(DATA / "sample.json"), good)
    text = good.read_text(encoding="utf-8")
    cut = text.index("<edge ")
    broken = tmp_path / "broken.graphml"
    broken.write_text(text[:cut] + "<edge <<oops" + text[cut:], encoding="utf-8")
    line = text[:cut].count("\n") + 1
    window.open_path(broken)  # what a drop or Open Recent calls
    load = the_load(window)
    with qtbot.waitSignal(load.finished, timeout=GUARD) as done:
        pass
    assert done.args == [False]

    qtbot.waitUntil(lambda: error_box(window) is not None, timeout=GUARD)
    box = error_box(window)
    assert box is not None
    assert str(broken) in box.text()
    assert f"{broken}:{line}:" in box.informativeText()
    assert window.document is old
    box.close()


def test_cancel_stays_until_the_new_map_is_built_and_goes_as_it_is_shown(
    qtbot, window, monkeypatch, tmp_path, in_background
) -> None:
    path = other_map(tmp_path)
    window.open_path(path)
    load = the_load(window)
    states: dict[str, bool] = {}
    load.stage_shown.connect(lambda name: states.setdefault(name, load.cancel_button.isEnabled()))
    with qtbot.waitSignal(load.finished, timeout=GUARD) as done:
        pass
    assert states[loading.BUILDING] and not states[loading.DRAWING]
    assert done.args == [True] and window.document.title == "The other map"


@pytest.fixture
def held_build() -> Iterator[threading.Event]:
    """The new map's items are not made until the event is set."""
    release = threading.Event()
    MapLoad.build_gate = release.is_set
    yield release
    MapLoad.build_gate = None


def at_building(qtbot, window: MainWindow, monkeypatch, tmp_path) -> MapLoad:
    press_ctrl_o(qtbot, window, monkeypatch, other_map(tmp_path))
    load = the_load(window)
    qtbot.waitUntil(lambda: loading.BUILDING in load.dialog.labelText(), timeout=GUARD)
    return load


def test_the_old_map_answers_clicks_while_the_new_one_is_built(
    qtbot, window, monkeypatch, tmp_path, in_background, held_build
) -> None:
    old = window.document
    load = at_building(qtbot, window, monkeypatch, tmp_path)
    node_id = next(iter(window.scene.node_items))
    QTest.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=at_concept(window, node_id)
    )
    assert window.document is old
    assert window.scene.current == ("node", node_id)  # the old map still selects
    assert load.cancel_button.isEnabled()
    with qtbot.waitSignal(load.finished, timeout=GUARD) as done:
        held_build.set()
    assert done.args == [True]
    assert window.document.title == "The other map"


def test_cancel_while_the_new_map_is_built_keeps_the_old_one(
    qtbot, window, monkeypatch, tmp_path, in_background, held_build
) -> None:
    old, old_scene = window.document, window.scene
    load = at_building(qtbot, window, monkeypatch, tmp_path)
    with qtbot.waitSignal(load.finished, timeout=GUARD) as done:
        QTest.mouseClick(load.cancel_button, Qt.MouseButton.LeftButton)
    held_build.set()
    QApplication.processEvents()
    assert done.args == [False]
    assert window.document is old and window.scene is old_scene
    assert "cancelled" in window.statusBar().currentMessage()
    node_id = next(iter(window.scene.node_items))
    QTest.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=at_concept(window, node_id)
    )
    assert window.scene.current == ("node", node_id)


def test_a_big_map_without_positions_is_laid_out_without_overlaps() -> None:
    count = 400
    boxes = [Box(f"n{i}", 60.0 + (i % 5) * 20, 30.0 + (i % 3) * 14) for i in range(count)]
    edges = [(f"n{i}", f"n{(i * 7 + 1) % count}") for i in range(count)]
    seen: list[float] = []
    placed = place_big(boxes, edges, lambda f: seen.append(f) or True)
    assert seen == sorted(seen) and seen[-1] == 1.0
    rects = []
    for box in boxes:
        x, y = placed[box.id]
        rects.append((x - box.width / 2, y - box.height / 2, x + box.width / 2, y + box.height / 2))
    rects.sort()
    for index, (_left, top, right, bottom) in enumerate(rects):
        for other in rects[index + 1 :]:
            if other[0] >= right:
                break
            assert other[1] >= bottom or other[3] <= top, "two boxes overlap"


def test_cancelling_the_big_layout_stops_it() -> None:
    from mapviewer.layout import LayoutCancelled  # noqa: PLC0415

    boxes = [Box(f"n{i}", 80.0, 40.0) for i in range(50)]
    with pytest.raises(LayoutCancelled):
        place_big(boxes, [], lambda f: f < 0.5)


def test_a_map_over_the_big_size_takes_the_rows_and_keeps_ids(qapp) -> None:
    import numpy as np  # noqa: PLC0415

    xy = np.random.default_rng(1).normal(size=(BIG_FROM, 2))
    sizes = np.full((BIG_FROM, 2), (100.0, 40.0))
    found = rows(xy, sizes)
    assert len({(round(x), round(y)) for x, y in found}) == BIG_FROM  # nobody on anybody
    cmap = ConceptMap(
        nodes=[Node(id=f"c{i}", label=f"c{i}") for i in range(3)],
        edges=[Edge(id="e", source="c0", target="c1")],
    )
    loading.place_unplaced(cmap)
    assert all(node.placed for node in cmap.nodes)


def test_a_document_opened_without_the_window_lays_a_big_map_out_in_rows(qapp, monkeypatch) -> None:
    """`mapviewer render`, the CLI and --bench make the Document themselves: with the packer
    they took 183 s on the 100k map without positions (the window's loader 30 s)."""
    from mapviewer.layout import bigplace  # noqa: PLC0415

    monkeypatch.setattr(bigplace, "BIG_FROM", 40)
    used: list[int] = []
    real = bigplace.place_big

    def spy(boxes, edges, progress):
        used.append(len(boxes))
        return real(boxes, edges, progress)

    monkeypatch.setattr(bigplace, "place_big", spy)
    cmap = ConceptMap(
        title="Unplaced",
        nodes=[Node(id=f"n{i}", label=f"Concept {i}") for i in range(60)],
        edges=[Edge(id=f"e{i}", source=f"n{i}", target=f"n{i + 1}") for i in range(59)],
    )
    document = Document(cmap)
    assert used == [60]
    assert all(node.placed for node in document.cmap.nodes)


def rename(window: MainWindow, label: str) -> None:
    """An edit, as the Details pane or F2 makes one."""
    from mapviewer.commands import EditNodeCommand  # noqa: PLC0415

    document = window.document
    document.undo_stack.push(EditNodeCommand(document, "pd-1", "label", label))


def test_edits_discarded_for_an_open_that_is_refused_stay_protected(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    """Edits, Ctrl+O, a broken file, Discard: the file was refused and the edits stayed on
    screen, unsaved, but their crash journal had gone and was not written again, so a crash
    then lost them. They stay in the journal while they stay on screen."""
    rename(window, "Edited before the refused open")
    keeper = window.recovery
    qtbot.waitUntil(keeper.journal.path.exists, timeout=GUARD)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    answered = []
    monkeypatch.setattr(
        fileactions.FileActions,
        "ask_to_save",
        lambda self: answered.append(1) or fileactions.DISCARD,
    )
    press_ctrl_o(qtbot, window, monkeypatch, broken)
    qtbot.waitUntil(lambda: bool(answered), timeout=GUARD)

    qtbot.waitUntil(lambda: error_box(window) is not None, timeout=GUARD)
    error_box(window).close()
    assert window.document.nodes["pd-1"].label == "Edited before the refused open"
    assert keeper.journal.path.exists()
    assert "Edited before the refused open" in keeper.journal.path.read_text(encoding="utf-8")
    rename(window, "Edited after it")  # and the edits after it reach the journal too
    qtbot.waitUntil(
        lambda: "Edited after it" in keeper.journal.path.read_text(encoding="utf-8"),
        timeout=GUARD,
    )
    window.files.open_path(other_map(tmp_path))  # replaced by another map: the journal goes
    assert window.document.cmap.title == "The other map"
    assert not keeper.journal.path.exists()


def test_a_big_file_opened_with_unsaved_edits_asks_about_them_once(
    qtbot, window, tmp_path, monkeypatch, in_background
) -> None:
    """Edits, Ctrl+O on a map big enough to load in the background, Discard: when it had
    loaded, the same question came again. It is asked again only for edits made meanwhile."""
    rename(window, "Edited")
    answered = []
    monkeypatch.setattr(
        fileactions.FileActions,
        "ask_to_save",
        lambda self: answered.append(1) or fileactions.DISCARD,
    )
    press_ctrl_o(qtbot, window, monkeypatch, other_map(tmp_path))
    qtbot.waitUntil(lambda: window.document.cmap.title == "The other map", timeout=GUARD)
    assert len(answered) == 1
    # Edited while the next one loads: those edits are asked about.
    held = gate(loading.CHECKING)
    qtbot.waitUntil(lambda: window.files.loading is None, timeout=GUARD)  # its dialog gone
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view, timeout=GUARD)
    press_ctrl_o(qtbot, window, monkeypatch, DATA / "sample.json")
    qtbot.waitUntil(held.reached.is_set, timeout=GUARD)
    rename(window, "Edited while it loads")
    held.release.set()
    qtbot.waitUntil(lambda: window.document.cmap.title != "The other map", timeout=GUARD)
    assert len(answered) == 2
