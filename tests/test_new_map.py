"""A new map, made as a person makes one: Ctrl+N asks its title and template, the first concept
lands where the canvas was double-clicked, nothing stray is drawn, the find field starts empty,
and a kind added in the Kinds dialog takes its id from its label."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from mapviewer.paths import DEFAULT_MAP, MAPS_DIR
from mapviewer.ui.dialogs.kindsdialog import KindsDialog
from mapviewer.ui.dialogs.newmapdialog import NewMapDialog

from .conftest import DATA, open_window

if TYPE_CHECKING:
    from mapviewer.ui.mainwindow import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
LEFT = Qt.MouseButton.LeftButton


class WhenShown(QObject):
    """Runs ``act(dialog)`` once a NewMapDialog is up: its exec() runs its own event loop, so
    what the person types is set up before Ctrl+N and typed from inside that loop."""

    def __init__(self, act: Callable[[NewMapDialog], None]) -> None:
        super().__init__()
        self.act = act
        self.dialog: NewMapDialog | None = None
        self.texts: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        shown = event.type() == QEvent.Type.Show
        if self.dialog is None and shown and isinstance(watched, NewMapDialog):
            self.dialog = watched
            combo = watched.template_combo
            self.texts = [combo.itemText(i) for i in range(combo.count())]
            QTimer.singleShot(0, lambda: self.act(watched))
        return False


def new_map_by_keys(qtbot, win: MainWindow, act: Callable[[NewMapDialog], None]) -> WhenShown:
    """Ctrl+N on the canvas, and ``act`` on the dialog it opens."""
    answer = WhenShown(act)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(answer)
    try:
        win.view.setFocus()
        qtbot.keyClick(win.view, Qt.Key.Key_N, CTRL)
    finally:
        app.removeEventFilter(answer)
    assert answer.dialog is not None, "Ctrl+N opened no New Map dialog"
    return answer


def type_keys(*steps: str | Qt.Key) -> Callable[[NewMapDialog], None]:
    """Keys typed into whatever has the focus in the dialog: text, or single keys."""

    def act(dialog: NewMapDialog) -> None:
        for step in steps:
            target = dialog.focusWidget() or dialog
            if isinstance(step, str):
                QTest.keyClicks(target, step)
            else:
                QTest.keyClick(target, step)

    return act


def test_ctrl_n_asks_the_title_and_enter_makes_the_map(qtbot, window, real_new_map_dialog) -> None:
    shown = new_map_by_keys(qtbot, window, type_keys("Trial map", Qt.Key.Key_Return))
    doc = window.document
    assert doc.path is None and doc.title == "Trial map"
    assert window.windowTitle().startswith("Trial map — ")
    assert "Untitled map" not in window.windowTitle()
    assert not doc.cmap.kinds and not doc.cmap.nodes  # Blank is chosen first
    shipped = [json.loads(p.read_text())["title"] for p in sorted(MAPS_DIR.glob("*.json"))]
    assert shown.texts[0] == "Blank"
    assert sorted(shown.texts[1:]) == sorted(shipped)  # one template per shipped map


def test_a_template_chosen_by_keys_gives_its_kinds(qtbot, window, real_new_map_dialog) -> None:
    keys = type_keys("Vaccines", Qt.Key.Key_Tab, Qt.Key.Key_Down, Qt.Key.Key_Return)
    shown = new_map_by_keys(qtbot, window, keys)
    doc = window.document
    assert shown.texts[1] == json.loads(DEFAULT_MAP.read_text())["title"]
    wanted = [k["id"] for k in json.loads(DEFAULT_MAP.read_text())["kinds"]]
    assert [k.id for k in doc.cmap.kinds] == wanted
    assert doc.title == "Vaccines"
    assert [window.legend.item(i).text() for i in range(window.legend.count())]


def test_escape_keeps_the_map_that_was_open(qtbot, window, real_new_map_dialog) -> None:
    before = window.document
    new_map_by_keys(qtbot, window, type_keys("Never made", Qt.Key.Key_Escape))
    assert window.document is before and before.path is not None


def test_enter_with_no_title_names_the_map_untitled(qtbot, window, real_new_map_dialog) -> None:
    new_map_by_keys(qtbot, window, type_keys(Qt.Key.Key_Return))
    assert window.document.title == "Untitled map"


# --- the first concept and what is drawn around it ------------------------------------------------


def stray_highlight(win: MainWindow) -> int:
    """Pixels of the focus frame's colour inside the canvas, away from every concept (where a
    selection outline and the link handle are drawn), as the window's backing store holds
    them: a copy the scroll left behind is there, where a fresh grab() would paint it away."""
    viewport = win.view.viewport()
    image: QImage = QGuiApplication.primaryScreen().grabWindow(win.winId()).toImage()
    origin = viewport.mapTo(win, QPoint(0, 0))
    colour = win.view.palette().color(QPalette.ColorRole.Highlight)
    around = [
        win.view.mapFromScene(item.sceneBoundingRect()).boundingRect().adjusted(-30, -30, 30, 30)
        for item in win.scene.node_items.values()
    ]
    found = 0
    for y in range(8, viewport.height() - 8, 2):
        for x in range(8, viewport.width() - 8, 2):
            if any(box.contains(x, y) for box in around):
                continue
            pixel = image.pixelColor(origin.x() + x, origin.y() + y)
            distance = (
                abs(pixel.red() - colour.red())
                + abs(pixel.green() - colour.green())
                + abs(pixel.blue() - colour.blue())
            )
            found += distance < 40
    return found


def add_concept(qtbot, win: MainWindow, at: QPoint, label: str) -> str:
    """Double-click the canvas at ``at``, type the label, Enter; the new concept's id."""
    viewport = win.view.viewport()
    before = set(win.document.nodes)
    qtbot.mouseDClick(viewport, LEFT, pos=at)
    editor = win.edits.canvas.editor
    qtbot.waitUntil(editor.isVisible, timeout=10_000)
    qtbot.keyClicks(editor, label)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(set(win.document.nodes) - before), timeout=10_000)
    [node_id] = set(win.document.nodes) - before
    return node_id


def settle(qtbot, win: MainWindow) -> None:
    """Until the scene's bounds caught up with the last edit and nothing is animating."""
    qtbot.waitUntil(lambda: not win.scene._bounds_pending, timeout=10_000)
    qtbot.waitUntil(lambda: not win.view.is_animating(), timeout=10_000)
    QApplication.processEvents()


def test_the_first_concept_lands_exactly_where_double_clicked(qtbot) -> None:
    """Measured before the fix on this 1600x1000 window: it landed at (315, 306) for a double
    click at (100, 100), and blue copies of the focus frame were left across the canvas."""
    win = open_window(qtbot, DATA / "sample.json", size=(1600, 1000))
    new_map_by_keys_default(qtbot, win)
    at = QPoint(100, 100)
    node_id = add_concept(qtbot, win, at, "First idea")
    settle(qtbot, win)
    item = win.scene.node_items[node_id]
    landed = win.view.mapFromScene(item.pos())
    assert (landed - at).manhattanLength() <= 2, landed
    assert win.view.hasFocus()
    assert stray_highlight(win) == 0
    # The status line counts as a person writes ("1 concepts" before).
    assert win._status_counts.text() == "1 concept · 0 links"


def new_map_by_keys_default(qtbot, win: MainWindow) -> None:
    """Ctrl+N answered as Enter would answer it (conftest), with the canvas focused."""
    win.view.setFocus()
    qtbot.keyClick(win.view, Qt.Key.Key_N, CTRL)
    assert win.document.path is None


def test_undoing_a_layout_and_panning_leave_no_stray_lines(qtbot) -> None:
    win = open_window(qtbot, DATA / "sample.json", size=(1600, 1000))
    new_map_by_keys_default(qtbot, win)
    for at, label in (
        (QPoint(100, 100), "One"),
        (QPoint(600, 500), "Two"),
        (QPoint(900, 200), "3"),
    ):
        add_concept(qtbot, win, at, label)
    stack = win.document.undo_stack
    steps = stack.count()
    win.view.setFocus()
    qtbot.keyClick(win.view, Qt.Key.Key_L, CTRL | SHIFT)  # Map > Automatic Layout > Layered
    qtbot.waitUntil(lambda: stack.count() == steps + 1, timeout=30_000)
    settle(qtbot, win)
    qtbot.keyClick(win.view, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: stack.index() == steps, timeout=10_000)
    settle(qtbot, win)
    assert win.view.hasFocus()
    assert stray_highlight(win) == 0
    # A drag on empty canvas pans, with the canvas focused: each step scrolls the pixels.
    viewport = win.view.viewport()
    start = QPoint(1100, 800)
    centre = win.view.center()
    QTest.mousePress(viewport, LEFT, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 8):
        QTest.mouseMove(viewport, start + QPoint(-15 * step, -10 * step))
    QTest.mouseRelease(viewport, LEFT, Qt.KeyboardModifier.NoModifier, start + QPoint(-105, -70))
    settle(qtbot, win)
    assert win.view.center() != centre  # it did pan
    assert stray_highlight(win) == 0


# --- the find field and the kinds of a new map --------------------------------------------------


def test_the_find_field_starts_empty_on_a_new_or_opened_map(qtbot, window, tmp_path) -> None:
    field = window.search_field
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    qtbot.waitUntil(field.hasFocus, timeout=10_000)
    qtbot.keyClicks(field, "pembro")
    assert field.text() == "pembro"
    new_map_by_keys_default(qtbot, window)
    assert field.text() == ""
    qtbot.keyClicks(field, "tregs")
    window.open_path(DATA / "sample.json")
    assert window.document.path is not None and field.text() == ""


def kinds_dialog_by_menu(qtbot, win: MainWindow) -> KindsDialog:
    """Map > Kinds…, as a person opens it."""
    [map_menu] = [a.menu() for a in win.menuBar().actions() if a.text() == "&Map"]
    [action] = [a for a in map_menu.actions() if a.text() == "&Kinds…"]
    action.trigger()

    def shown() -> list[KindsDialog]:  # one closed before may wait for its deletion
        return [d for d in win.findChildren(KindsDialog) if d.isVisible()]

    qtbot.waitUntil(lambda: bool(shown()), timeout=10_000)
    return shown()[0]


def retype(qtbot, field: QWidget, text: str) -> None:
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(field, text)


def test_a_kind_added_in_the_dialog_takes_its_id_from_its_label(qtbot, window) -> None:
    new_map_by_keys_default(qtbot, window)
    dialog = kinds_dialog_by_menu(qtbot, window)
    for label in ("Vaccine", "Cell therapy"):
        qtbot.mouseClick(dialog.add_button, LEFT)
        retype(qtbot, dialog.label_edit, label)
    assert dialog.id_edit.text() == "cell-therapy"
    # An id typed by hand stays as typed when the label changes afterwards.
    retype(qtbot, dialog.id_edit, "cells")
    retype(qtbot, dialog.label_edit, "Cell therapies")
    assert dialog.id_edit.text() == "cells"
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), LEFT)
    assert [(k.id, k.label) for k in window.document.cmap.kinds] == [
        ("vaccine", "Vaccine"),
        ("cells", "Cell therapies"),
    ]


def test_renaming_a_kind_no_concept_uses_renames_its_id(qtbot, window) -> None:
    new_map_by_keys_default(qtbot, window)
    dialog = kinds_dialog_by_menu(qtbot, window)
    qtbot.mouseClick(dialog.add_button, LEFT)
    retype(qtbot, dialog.label_edit, "Drug")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), LEFT)
    add_concept(qtbot, window, QPoint(200, 200), "Aspirin")
    window.document.undo_stack.undo()  # the concept goes: the kind is unused again
    dialog = kinds_dialog_by_menu(qtbot, window)
    retype(qtbot, dialog.label_edit, "Medicine")
    assert dialog.id_edit.text() == "medicine"
    dialog.reject()


def test_a_kind_in_use_keeps_its_id_when_renamed(qtbot) -> None:
    win = open_window(qtbot, DATA / "sample.json")
    dialog = kinds_dialog_by_menu(qtbot, win)
    dialog.select(0)  # Drug, which pembrolizumab has
    retype(qtbot, dialog.label_edit, "Medicine")
    assert dialog.id_edit.text() == "drug"
    dialog.reject()
