"""The same edit reads the same in Edit > Undo whichever place made it: typed or chosen in the
Details form, or chosen from the Style menu. Details named one concept's border width "Border
width" where the Style menu said "Border of “PD-1”", and its width "Width" where the menu said
"Width of “PD-1”": the history read as two kinds of edit."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QMenu

from mapviewer.io.mapfile import dumps
from mapviewer.ui.details.detaileditor import DetailEditor
from mapviewer.ui.mainwindow import MainWindow

GUARD = 10_000
Edit = Callable[[object, DetailEditor], None]


def typed(spin: str, text: str) -> Edit:
    """``text`` typed over the Details number field ``spin``, and the field left."""

    def edit(qtbot, editor: DetailEditor) -> None:
        field: QAbstractSpinBox = getattr(editor, spin)
        field.setFocus(Qt.FocusReason.TabFocusReason)
        field.selectAll()
        qtbot.keyClicks(field, text)
        editor.label_edit.setFocus(Qt.FocusReason.TabFocusReason)

    return edit


def stepped(combo: str) -> Edit:
    """The Details choice ``combo`` moved one down with the arrow key."""

    def edit(_qtbot, editor: DetailEditor) -> None:
        choice: QComboBox = getattr(editor, combo)
        choice.setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(choice, Qt.Key.Key_Down)

    return edit


def style_entry(qtbot, window: MainWindow, submenu: str, entry: str) -> None:
    """Style > ``submenu`` > ``entry`` from the menu bar, opened as a person opens it."""
    bar = window.menuBar()
    menu = next(a.menu() for a in bar.actions() if a.text() == "&Style")
    menu.popup(window.mapToGlobal(QPoint(60, 40)))
    qtbot.waitUntil(menu.isVisible, timeout=GUARD)
    sub: QMenu = next(a.menu() for a in menu.actions() if a.menu() and a.text() == submenu)
    sub.popup(window.mapToGlobal(QPoint(200, 40)))
    qtbot.waitUntil(sub.isVisible, timeout=GUARD)
    action = next(a for a in sub.actions() if a.text() == entry)
    assert action.isEnabled()
    sub.hide()
    menu.hide()
    action.trigger()


CASES = [
    ("node", "pd-1", typed("width_spin", "150"), ("&Width", "Narrow (120)"), "Width"),
    ("node", "pd-1", typed("height_spin", "50"), ("&Height", "Medium (70)"), "Height"),
    (
        "node",
        "pd-1",
        typed("text_size_spin", "14"),
        ("Te&xt Size", "&Reset to Theme's Size"),
        "Text size",
    ),
    ("node", "pd-1", stepped("colour_combo"), ("&Colour", "Orange"), "Colour"),
    ("node", "pd-1", stepped("text_colour_combo"), ("&Text Colour", "White"), "Text colour"),
    ("node", "pd-1", stepped("shape_combo"), ("&Shape", "Hexagon"), "Shape"),
    ("node", "pd-1", stepped("border_colour_combo"), ("&Border", "Dark &Grey"), "Border colour"),
    ("node", "pd-1", stepped("border_dash_combo"), ("&Border", "Do&tted"), "Border line"),
    ("node", "pd-1", typed("border_width_spin", "3"), ("&Border", "T&hick (2×)"), "Border width"),
    ("edge", "e1", stepped("dash_combo"), ("Link &Line", "Dotted"), "Link line"),
    ("edge", "e1", typed("line_width_spin", "3"), ("Lin&k Width", "T&hick (2×)"), "Link width"),
]


@pytest.mark.parametrize(("kind", "ident", "in_details", "in_style", "what"), CASES)
def test_an_edit_is_named_alike_from_details_and_from_the_style_menu(
    qtbot,
    window: MainWindow,
    kind: str,
    ident: str,
    in_details: Edit,
    in_style: tuple[str, str],
    what: str,
) -> None:
    doc = window.document
    before = dumps(doc.cmap)
    named = "“PD-1”" if kind == "node" else "link “blocks”"
    window.go_to(kind, ident)
    window.detail_editing.toggle.trigger()
    editor = window.detail_editing.editor
    qtbot.waitUntil(lambda: editor.current == (kind, ident), timeout=GUARD)
    qtbot.waitUntil(editor.label_edit.isVisible, timeout=GUARD)
    in_details(qtbot, editor)
    assert doc.undo_stack.count() == 1
    assert window.edits.undo.text() == f"&Undo {what} of {named}"
    nodes, edges = ([ident], []) if kind == "node" else ([], [ident])
    window.scene.select_many(nodes, edges)
    style_entry(qtbot, window, *in_style)
    assert doc.undo_stack.count() == 2
    assert window.edits.undo.text() == f"&Undo {what} of {named}"
    for _ in range(2):
        QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dumps(doc.cmap) == before
