"""No text from a map ever reaches Qt as rich text (issue 15).

Qt reads a QLabel in its default AutoText format, a tooltip, and a message box as HTML as soon
as the string merely looks like a tag, so a label ``<img src=x><b>bold</b>`` once rendered bold
with a broken image in the Legend tooltip, the presenter view, the Unsaved-changes box, the
crash-recovery box and the Source dock's "Add as quote to …" tooltip. This test opens a map
whose every text is hostile, goes through the window as a person does (docks open, a concept
chosen, a quote opened, words selected, the presenter view, the Kinds and Map Properties
dialogs, the two message boxes), and walks every widget, action, item and tooltip it meets.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QTextCursor, QTextDocumentFragment
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QWidget,
)

from mapviewer.io.mapfile import save
from mapviewer.model import ConceptMap as Map
from mapviewer.model import Edge, Kind, Node, Quote, Source, Tour, TourStep
from mapviewer.recovery import Journal
from mapviewer.ui.files import recoveryui
from mapviewer.ui.files.fileactions import DISCARD, FileActions
from mapviewer.ui.mainwindow import MainWindow

from .conftest import open_window

might_be_rich = QtGui.Qt.mightBeRichText  # PySide6 has Qt's text helpers on QtGui's Qt

# Each would change what is shown if read as HTML: a tag, an image (a resource load), an entity.
MARKUP = ("<b>", "<img src=x>", "<i>", "&amp;")
TEXT = "Tumours escape T cells. The brakes on T cells are released by the drug."


def hostile(name: str) -> str:
    return f"<img src=x><b>{name}</b> <i>it</i> &amp; more"


@pytest.fixture
def hostile_map(tmp_path: Path) -> Path:
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "paper.txt").write_text(TEXT, "utf-8")
    quote = Quote(source="paper", text="The brakes on T cells")
    cmap = Map(
        title=hostile("Title"),
        description=hostile("Description"),
        sources=[
            Source(id="paper", title=hostile("Source"), citation=hostile("Cite"), file="paper.txt")
        ],
        kinds=[Kind(id="k", label=hostile("Kind"), description=hostile("Kind text"))],
        nodes=[
            Node(id="a", label=hostile("Label"), kind="k", x=0, y=0, quotes=[quote]),
            Node(id="b", label=hostile("Other"), kind="k", x=300, y=0, aliases=[hostile("Alias")]),
            Node(id="c", label=hostile("No kind"), x=150, y=200),
        ],
        edges=[Edge(id="e", source="a", target="b", label=hostile("Link"), quotes=[quote])],
        tours=[
            Tour(
                id="t",
                title=hostile("Tour"),
                steps=[
                    TourStep(title=hostile("Step one"), focus=["a"], notes=hostile("Notes")),
                    TourStep(title=hostile("Step two"), focus=["b"], caption=hostile("Cap")),
                ],
            )
        ],
    )
    path = folder / "<b>map<i> &amp; <img src=x>.json"  # the file name shows in boxes too
    save(cmap, path)
    return path


# --- what counts as a leak --------------------------------------------------------------------


def consumed(text: str) -> list[str]:
    """Markup of the map that Qt would interpret in ``text`` read as HTML: a tag that vanishes
    into formatting, or an entity that turns into another character."""
    shown = QTextDocumentFragment.fromHtml(text).toPlainText()
    return [m for m in MARKUP if m in text and m not in shown]


def label_leak(label: QLabel) -> list[str]:
    fmt, text = label.textFormat(), label.text()
    rich = fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and might_be_rich(text))
    return consumed(text) if rich else []


def tip_leak(tip: str) -> list[str]:
    return consumed(tip) if tip and might_be_rich(tip) else []


def model_tips(view: QAbstractItemView) -> Iterable[str]:
    model = view.model()
    if model is None:
        return

    def columns(parent: QModelIndex) -> int:
        try:
            return max(1, model.columnCount(parent))
        except TypeError:  # a list model keeps columnCount private: it has one
            return 1

    def walk(parent: QModelIndex) -> Iterable[str]:
        for row in range(model.rowCount(parent)):
            for column in range(columns(parent)):
                index = model.index(row, column, parent)
                tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str):
                    yield tip
                yield from walk(index)

    yield from walk(QModelIndex())


def leaks_in(tops: Iterable[QWidget]) -> list[str]:
    """Every place under ``tops`` where map markup would be read as HTML, described."""
    found: list[str] = []
    for top in tops:
        for widget in [top, *top.findChildren(QWidget)]:
            where = f"{type(widget).__name__} {widget.objectName() or ''}".strip()
            if isinstance(widget, QLabel) and (bad := label_leak(widget)):
                found.append(f"{where} label {widget.text()!r}: {bad}")
            if bad := tip_leak(widget.toolTip()):
                found.append(f"{where} tooltip {widget.toolTip()!r}: {bad}")
            if widget.isWindow() and "&lt;" in widget.windowTitle():
                found.append(f"{where} window title escaped twice: {widget.windowTitle()!r}")
            if isinstance(widget, QAbstractItemView):
                found += [f"{where} item tooltip {t!r}" for t in model_tips(widget) if tip_leak(t)]
        for action in top.findChildren(QAction):
            # A button made for the action shows its tooltip and is walked above; a menu shows
            # one only when told to.
            menus = [o for o in action.associatedObjects() if isinstance(o, QMenu)]
            if not any(menu.toolTipsVisible() for menu in menus):
                continue
            if bad := tip_leak(action.toolTip()):
                found.append(f"action {action.text()!r} tooltip {action.toolTip()!r}: {bad}")
    return found


def walk_window(win: MainWindow) -> list[str]:
    scene_tips = [item.toolTip() for item in win.scene.items()]
    found = [f"scene item tooltip {t!r}" for t in scene_tips if tip_leak(t)]
    tops = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    return found + leaks_in(tops)


def answer_box(qtbot, ask: Callable[[], object], button: str) -> list[str]:
    """Run ``ask``, which shows a modal message box; walk the box as it stands on screen, then
    click its ``button`` as a person would. Returns the leaks found in the box."""
    seen: dict[str, list[str]] = {}

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            QTimer.singleShot(0, look)  # exec() has not shown it yet: look on the next turn
            return
        seen["leaks"] = leaks_in([box])
        seen["texts"] = [box.windowTitle(), box.text(), box.informativeText()]
        target = next(b for b in box.findChildren(QPushButton) if b.text().strip("&") == button)
        QTest.mouseClick(target, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, look)
    ask()
    assert "leaks" in seen, "the box never showed"
    assert any(hostile("Title") in text for text in seen["texts"])  # shown as written
    return seen["leaks"]


# --- the walk ---------------------------------------------------------------------------------


def press(qtbot, win: QWidget, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    win.activateWindow()
    target = QApplication.focusWidget() or win
    qtbot.keyClick(target, key, modifiers)


def test_no_map_text_is_read_as_html_anywhere(qtbot, hostile_map: Path) -> None:
    win = open_window(qtbot, hostile_map)
    for dock in (win.reader_dock, win.minimap_dock, win.path_dock, win.stats_dock, win.tours.dock):
        dock.toggleViewAction().trigger()
    win.go_to("node", "a")
    win.open_quote("node", "a", 0)
    reader = win.reader
    qtbot.waitUntil(lambda: reader.text.toPlainText() == TEXT, timeout=10_000)
    # Words selected in the source: "Add as quote to <label>", elided in a narrow dock.
    cursor = reader.text.textCursor()
    cursor.setPosition(0)
    cursor.movePosition(QTextCursor.MoveOperation.NextWord, QTextCursor.MoveMode.KeepAnchor, 2)
    reader.text.setTextCursor(cursor)
    reader.add_quote_button.resize(120, reader.add_quote_button.height())
    assert reader.add_quote_action.isEnabled()
    tip = QTextDocumentFragment.fromHtml(reader.add_quote_action.toolTip()).toPlainText()
    assert tip == f"Add the selected words as a quote to {hostile('Label')}"
    # The search field's list of matches.
    win.focus_search()
    qtbot.keyClicks(win.search_field, "Label")
    leaks = walk_window(win)
    press(qtbot, win, Qt.Key.Key_Escape)

    # The Kinds and Map Properties dialogs.
    for action in (win.act_kinds, win.act_map_properties):
        action.trigger()
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog)]
        shown = [d for d in dialogs if d.isVisible()]
        assert shown
        leaks += leaks_in(shown)
        for dialog in shown:
            dialog.reject()

    # The presenter view, opened with its key, beside the presentation.
    win.view.setFocus()
    press(qtbot, win, Qt.Key.Key_F5, Qt.KeyboardModifier.AltModifier)
    runner = win.tours.runner
    qtbot.waitUntil(lambda: runner.presenter is not None and runner.presenter.isVisible())
    presenter = runner.presenter
    assert presenter is not None
    assert presenter.title.text() == hostile("Tour")
    assert presenter.next_title.text() == f"Next: {hostile('Step two')}"
    leaks += walk_window(win)
    runner.presentation.close()

    assert leaks == [], "\n".join(leaks)


def test_the_unsaved_changes_box_shows_the_title_as_written(
    qtbot, hostile_map: Path, real_unsaved_question, monkeypatch
) -> None:
    win = open_window(qtbot, hostile_map)
    win.view.setFocus()
    win.go_to("node", "c")
    press(qtbot, win, Qt.Key.Key_Delete)
    assert win.document.modified
    try:
        leaks = answer_box(
            qtbot,
            lambda: press(qtbot, win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier),
            "Cancel",
        )
    finally:  # closing the window at the end must not ask again
        monkeypatch.setattr(FileActions, "ask_to_save", lambda self: DISCARD)
    assert leaks == [], "\n".join(leaks)
    assert win.document.modified and "c" not in win.document.nodes  # Cancel kept the edit


def test_the_crash_recovery_box_shows_the_title_as_written(qtbot, hostile_map: Path) -> None:
    win = open_window(qtbot, hostile_map)
    journal = Journal()
    journal.write(win.document.cmap, hostile_map)
    record = json.loads(journal.path.read_text("utf-8"))
    record["pid"] = 0  # written by a process that is gone
    journal.path.write_text(json.dumps(record), "utf-8")
    assert win.recovery is not None
    leaks = answer_box(
        qtbot, lambda: recoveryui.offer_recovery(win.workspace, win.recovery), "Later"
    )
    assert leaks == [], "\n".join(leaks)
    journal.path.unlink()
