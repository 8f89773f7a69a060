"""The window under a real hand: files dropped on it, closing it with unsaved edits, the find
field's suggestion list and the source reader's mouse, all through Qt's event delivery."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QToolBar,
    QWidget,
)

from mapviewer.io.mapfile import load
from mapviewer.paths import MAPS_DIR
from mapviewer.ui.files.fileactions import FileActions
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, open_window
from .real_input import context_click, drag_and_drop, file_mime, keys_when_shown

SAMPLE = DATA / "sample.json"
OTHER_MAP = MAPS_DIR / "checkpoints.json"
# conftest answers "Discard" for every test; these tests want the real question. Read at import,
# before any fixture has replaced it.
REAL_ASK_TO_SAVE = FileActions.ask_to_save


def named(win: QWidget, kind: type[QWidget], name: str) -> QWidget:
    """The widget a screen reader announces as ``name``."""
    found = [w for w in win.findChildren(kind) if w.accessibleName() == name]
    assert len(found) == 1, f"{len(found)} widgets named {name!r}"
    return found[0]


def at_concept(win: MainWindow, node_id: str) -> QPoint:
    item = win.scene.node_items[node_id]
    return win.view.mapFromScene(QPointF(item.cx, item.cy))


def focus(qtbot, win: MainWindow, widget: QWidget) -> None:
    """Give ``widget`` the keyboard in an active window, so shortcuts resolve as on a desktop."""
    win.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=10_000)


# --- files dropped on the window ---------------------------------------------------------------


def drop_targets(win: MainWindow) -> dict[str, tuple[QWidget, QPoint]]:
    toolbar = win.findChild(QToolBar, "MainToolbar")
    assert toolbar is not None
    return {
        "canvas": (win.view.viewport(), at_concept(win, "pd-1")),
        "empty canvas": (win.view.viewport(), QPoint(6, 6)),
        "details": (win.details.viewport(), QPoint(40, 40)),
        "toolbar": (toolbar, QPoint(toolbar.width() - 4, toolbar.height() // 2)),
    }


@pytest.mark.parametrize("where", ["canvas", "empty canvas", "details", "toolbar"])
def test_a_map_file_dropped_anywhere_on_the_window_opens(qtbot, window, where: str) -> None:
    widget, pos = drop_targets(window)[where]
    assert drag_and_drop(widget, pos, file_mime(OTHER_MAP)), f"the {where} refused the drop"
    qtbot.waitUntil(lambda: window.document.path == OTHER_MAP.resolve(), timeout=10_000)
    assert window.document.title == "Immune checkpoints: PD-1, PD-L1 and CTLA-4"
    assert len(window.scene.node_items) == len(load(OTHER_MAP).nodes)


def test_text_dragged_onto_the_canvas_is_not_taken_for_a_file(window: MainWindow) -> None:
    mime = file_mime()
    mime.setText("PD-1")
    assert not drag_and_drop(window.view.viewport(), QPoint(6, 6), mime)
    assert window.document.path == SAMPLE.resolve()


# --- closing with unsaved edits: the real Save / Discard / Cancel question ----------------------


@pytest.fixture
def real_question(qtbot, monkeypatch: pytest.MonkeyPatch):
    """The real message box when closing with edits. Requested after qtbot, so it is undone
    before qtbot closes what is left, and a failing test cannot leave a dialog waiting."""
    monkeypatch.setattr(FileActions, "ask_to_save", REAL_ASK_TO_SAVE)
    yield
    monkeypatch.setattr(FileActions, "ask_to_save", lambda self: "discard")


def delete_concept_by_keys(qtbot, win: MainWindow, node_id: str) -> None:
    qtbot.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=at_concept(win, node_id))
    focus(qtbot, win, win.view)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    assert node_id not in win.document.nodes and win.document.modified


def discard_button(box: QWidget) -> QWidget:
    assert isinstance(box, QMessageBox)
    return box.button(QMessageBox.StandardButton.Discard)


def test_closing_with_edits_asks_and_cancel_keeps_the_window(
    qtbot, tmp_path: Path, real_question
) -> None:
    copy = tmp_path / "sample.json"
    shutil.copy(SAMPLE, copy)
    win = open_window(qtbot, copy, (1200, 800))
    delete_concept_by_keys(qtbot, win, "pd-1")
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Escape]) as box:
        assert win.close() is False
    assert box.active and box.texts[0].startswith("Save the changes to “Checkpoint sample”")
    assert win.isVisible() and win.document.modified
    assert "pd-1" not in win.document.nodes  # the edit is still there
    assert "pd-1" in load(copy).node_by_id()  # and the file untouched
    # Tab to Discard and press Space: the window closes and the file stays as it was.
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Space], target=discard_button) as box:
        assert win.close() is True
    assert box.active and not win.isVisible()
    assert "pd-1" in load(copy).node_by_id()


def test_closing_with_edits_and_pressing_enter_saves_them(
    qtbot, tmp_path: Path, real_question
) -> None:
    copy = tmp_path / "sample.json"
    shutil.copy(SAMPLE, copy)
    win = open_window(qtbot, copy, (1200, 800))
    delete_concept_by_keys(qtbot, win, "tregs")
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]) as box:  # Save is the default
        assert win.close() is True
    assert box.active and not win.isVisible()
    assert "tregs" not in load(copy).node_by_id()


# --- the find field's suggestions -------------------------------------------------------------


def has_ink(image_colour: QColor, background: QColor) -> bool:
    return abs(image_colour.lightness() - background.lightness()) > 60


def test_typing_in_the_find_field_lists_suggestions_and_enter_goes_there(
    qtbot, window: MainWindow
) -> None:
    focus(qtbot, window, window.view)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit) and field.accessibleName() == "Find a concept"
    qtbot.keyClicks(field, "keytr")
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=10_000)
    popup = QApplication.activePopupWidget()
    assert isinstance(popup, QAbstractItemView) and popup.accessibleName() == "Search results"
    qtbot.waitExposed(popup)
    row = popup.visualRect(popup.model().index(0, 0))
    assert popup.model().index(0, 0).data() == "Pembrolizumab"
    # The row is painted by the list's delegate: the name, then why it matched, in ink.
    image = popup.viewport().grab(row).toImage()
    paper = image.pixelColor(image.width() - 2, image.height() // 2)
    inked = {x for x in range(image.width()) for y in range(image.height())
             if has_ink(image.pixelColor(x, y), paper)}  # fmt: skip
    assert inked and min(inked) < row.width() // 4  # the name starts at the left
    assert max(inked) > min(inked) + 100  # "Pembrolizumab   also called: Keytruda"
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.scene.current == ("node", "pembrolizumab"), timeout=10_000)


# --- the source reader -------------------------------------------------------------------------


def open_reader(qtbot, win: MainWindow) -> QPlainTextEdit:
    dock = win.findChild(QDockWidget, "SourceDock")
    assert dock is not None
    dock.show()
    text = named(win, QPlainTextEdit, "Source text")
    assert isinstance(text, QPlainTextEdit)
    qtbot.waitUntil(lambda: "A short primer" in text.toPlainText(), timeout=10_000)
    qtbot.waitExposed(text)
    return text


def span(text: QPlainTextEdit, words: str) -> tuple[QPoint, QPoint]:
    """Where ``words`` begin and end (the caret positions) in the reader's viewport."""
    found = text.document().find(words)
    assert not found.isNull(), words
    start, end = QTextCursor(found), QTextCursor(found)
    start.setPosition(found.selectionStart())
    end.setPosition(found.selectionEnd())
    first: QRect = text.cursorRect(start)
    last: QRect = text.cursorRect(end)
    return first.center(), last.center()


def test_clicking_a_quoted_passage_in_the_reader_selects_who_quotes_it(
    qtbot, window: MainWindow
) -> None:
    text = open_reader(qtbot, window)
    start, _ = span(text, "CTLA-4 is another immune checkpoint")
    qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(20, 0))
    qtbot.waitUntil(lambda: window.scene.current == ("node", "ctla-4"), timeout=10_000)
    assert window.details.toPlainText().startswith("CTLA-4")


def test_right_click_on_selected_words_offers_to_quote_them_first(
    qtbot, window: MainWindow
) -> None:
    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=at_concept(window, "t-cells")
    )
    text = open_reader(qtbot, window)
    start, end = span(text, "A short primer")
    viewport = text.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert text.textCursor().selectedText() == "A short primer"
    assert window.scene.current == ("node", "t-cells")  # a drag is not a click on a passage
    # Down picks the first entry, Return takes it; three words ask first, Return quotes anyway.
    with (
        keys_when_shown(QMessageBox, [Qt.Key.Key_Return]) as asked,
        keys_when_shown(QMenu, [Qt.Key.Key_Down, Qt.Key.Key_Return]) as menu,
    ):
        context_click(viewport, end)
    assert menu.active
    assert asked.active and "Quote anyway?" in asked.texts[0]
    assert menu.texts[0] == "Add as quote to T cells"
    assert "&Copy" in menu.texts
    quotes = window.document.nodes["t-cells"].quotes
    assert [q.text for q in quotes] == ["A short primer"]
