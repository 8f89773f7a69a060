"""Keyboard and screen-reader use: names, focus, every shortcut listed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLineEdit, QTableWidget

from mapviewer.ui.dialogs.messages import on_a_keyboard, show_shortcuts

WINDOW_SIZE = (1300, 850)


def test_main_controls_have_accessible_names(window) -> None:
    for widget in (
        window.view,
        window.search_field,
        window.legend,
        window.details,
        window.reader.text,
    ):
        assert widget.accessibleName(), widget
    for edit in window.findChildren(QLineEdit):
        assert edit.accessibleName() or edit.placeholderText(), edit.objectName()


def test_the_canvas_describes_the_selected_concept(window) -> None:
    window.go_to("node", "pd-1")
    description = window.view.accessibleDescription()
    assert description.startswith("Selected concept PD-1, Checkpoint / target, 2 links.")
    window.go_to("edge", "e1")
    assert window.view.accessibleDescription() == "Selected link: Pembrolizumab blocks PD-1."


def test_f6_moves_the_focus_through_the_panes(qtbot, window) -> None:
    window.view.setFocus()
    order = []
    for _ in range(4):
        window.explore.next_pane.trigger()
        order.append(window.focusWidget())
    assert order[0] is window.search_field
    assert window.legend in order and window.details in order


def test_the_canvas_shows_keyboard_focus(qtbot, window) -> None:
    window.search_field.setFocus()
    window.view.viewport().repaint()
    unfocused = window.view.grab().toImage().pixelColor(2, 200)
    window.view.setFocus()
    window.view.viewport().repaint()
    focused = window.view.grab().toImage().pixelColor(2, 200)
    assert focused != unfocused


def test_help_lists_every_shortcut(qtbot, window) -> None:
    dialog = show_shortcuts(window)
    table = dialog.findChild(QTableWidget)
    listed = {table.item(r, 0).text() for r in range(table.rowCount())}
    for action in window.findChildren(QAction):
        for key in filter(on_a_keyboard, action.shortcuts()):
            text = key.toString()
            assert any(text in row for row in listed), f"{action.text()} ({text}) is not listed"
    dialog.close()


def test_f1_lists_only_keys_a_keyboard_has(qtbot, window) -> None:
    """Linux's standard Undo keys are Ctrl+Z, F14 and a dedicated Undo key: the F1 card read
    "Ctrl+Z, F14, Undo". It lists the keys a person can press."""
    undo = window.edits.undo
    undo.setShortcuts(
        [QKeySequence("Ctrl+Z"), QKeySequence(Qt.Key.Key_F14), QKeySequence(Qt.Key.Key_Undo)]
    )
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    dialog = window.findChild(QDialog, "ShortcutsDialog")
    assert dialog is not None
    table = dialog.findChild(QTableWidget)
    rows = {table.item(r, 1).text(): table.item(r, 0).text() for r in range(table.rowCount())}
    assert rows[undo.text().replace("&", "")] == QKeySequence("Ctrl+Z").toString(
        QKeySequence.SequenceFormat.NativeText
    )
    dialog.close()
