"""The Details form on several selected items: it follows the selection however it is made,
and every field sets every selected item of the shown kind in one undo step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from mapviewer.ui.details.detaileditor import DetailEditor
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, REPO, open_window

WINDOW_SIZE = (1300, 850)
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot, window: MainWindow) -> MainWindow:
    window.activateWindow()  # typing goes to the focused field of the active window
    qtbot.waitUntil(window.isActiveWindow)
    return window


def screen_pos(win: MainWindow, x: float, y: float) -> QPoint:
    return win.view.mapFromScene(QPointF(x, y))


def node_pos(win: MainWindow, node_id: str) -> QPoint:
    item = win.scene.node_items[node_id]
    return screen_pos(win, item.cx, item.cy)


def open_form(qtbot, win: MainWindow) -> DetailEditor:
    win.detail_editing.toggle.trigger()
    editor = win.detail_editing.editor
    qtbot.waitUntil(editor.isVisible, timeout=10_000)
    return editor


def rubber_band(qtbot, win: MainWindow, start: QPoint, end: QPoint) -> None:
    """Shift+drag from empty canvas, as a person selects a region."""
    viewport = win.view.viewport()
    QTest.mousePress(viewport, LEFT, SHIFT, start)
    for step in range(1, 7):
        QTest.mouseMove(viewport, start + (end - start) * (step / 6))
    QTest.mouseRelease(viewport, LEFT, SHIFT, end)


def shown(editor: DetailEditor) -> str:
    return editor.current[1]


@pytest.mark.qt_log_ignore("not accepted by receiving widget")  # Qt's own rubber band release
def test_a_rubber_band_selection_shows_in_the_form(qtbot, window) -> None:
    editor = open_form(qtbot, window)
    assert editor.empty.isVisible()
    window.view.setFocus()
    rubber_band(qtbot, window, screen_pos(window, 150, -80), screen_pos(window, 380, 230))
    nodes, _ = window.scene.selected_ids()
    assert nodes == {"pd-1", "ctla-4"}
    qtbot.waitUntil(lambda: shown(editor) in nodes, timeout=10_000)
    assert editor.label_edit.isVisible()
    caption = editor.caption
    qtbot.waitUntil(
        lambda: "style, kind and sizes apply to 2 concepts" in caption.text(), timeout=10_000
    )


def test_select_all_shows_in_the_form_and_shift_click_keeps_it_on_the_selection(
    qtbot, window
) -> None:
    editor = open_form(qtbot, window)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_A, CTRL)
    qtbot.waitUntil(lambda: bool(shown(editor)), timeout=10_000)
    assert "5 concepts and 4 links selected" in editor.caption.text()
    viewport = window.view.viewport()
    QTest.mouseClick(viewport, LEFT, pos=node_pos(window, "tregs"))
    qtbot.waitUntil(lambda: shown(editor) == "tregs", timeout=10_000)
    QTest.mouseClick(viewport, LEFT, CTRL, node_pos(window, "pd-1"))
    QTest.mouseClick(viewport, LEFT, CTRL, node_pos(window, "tregs"))  # the shown one goes
    qtbot.waitUntil(lambda: window.scene.selected_ids()[0] == {"pd-1"}, timeout=10_000)
    qtbot.waitUntil(lambda: shown(editor) == "pd-1", timeout=10_000)


def link_pos(win: MainWindow, edge_id: str) -> QPoint:
    """Where a click lands on the middle of a link's line, on screen."""
    item = win.scene.edge_items[edge_id]
    middle = item.mapToScene(item.curve.pointAtPercent(0.5))
    return screen_pos(win, middle.x(), middle.y())


def type_number(qtbot, spin, text: str) -> None:
    """Click into a number field, type over what it shows, and press Enter."""
    spin.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(spin.hasFocus, timeout=10_000)
    spin.lineEdit().selectAll()
    QTest.keyClicks(spin, text)
    QTest.keyClick(spin, Qt.Key.Key_Return)


def undo_by_keys(qtbot, win: MainWindow) -> None:
    win.view.setFocus()
    qtbot.waitUntil(win.view.hasFocus, timeout=10_000)
    QTest.keyClick(win.view, Qt.Key.Key_Z, CTRL)


def test_a_width_typed_over_mixed_sets_every_selected_concept_in_one_step(qtbot, window) -> None:
    doc = window.document
    viewport = window.view.viewport()
    QTest.mouseClick(viewport, LEFT, pos=node_pos(window, "pd-1"))
    editor = open_form(qtbot, window)
    type_number(qtbot, editor.width_spin, "200")  # one concept of three made wider first
    assert doc.nodes["pd-1"].width == 200.0
    for node_id in ("ctla-4", "tregs"):
        QTest.mouseClick(viewport, LEFT, CTRL, node_pos(window, node_id))
    three = ("pd-1", "ctla-4", "tregs")
    qtbot.waitUntil(lambda: "3 concepts selected" in editor.caption.text(), timeout=10_000)
    width = editor.width_spin
    assert width.text() == "" and width.lineEdit().placeholderText() == "Mixed"
    steps = doc.undo_stack.count()
    type_number(qtbot, width, "150")
    assert [doc.nodes[n].width for n in three] == [150.0] * 3
    assert doc.undo_stack.count() == steps + 1
    assert doc.undo_stack.undoText() == "Width of 3 concepts"
    assert width.text() == "150 wide"
    undo_by_keys(qtbot, window)
    assert [doc.nodes[n].width for n in three] == [200.0, None, None]
    qtbot.waitUntil(lambda: width.text() == "", timeout=10_000)  # "Mixed" again
    # The shown concept's own number typed over "Mixed" sets the others too.
    size = editor.text_size_spin
    type_number(qtbot, size, "14")
    assert [doc.nodes[n].text_size for n in three] == [14.0] * 3
    assert doc.undo_stack.undoText() == "Text size of 3 concepts"
    QTest.mouseClick(viewport, LEFT, pos=node_pos(window, "ctla-4"))
    qtbot.waitUntil(lambda: editor.current == ("node", "ctla-4"), timeout=10_000)
    type_number(qtbot, editor.border_width_spin, "3")
    QTest.mouseClick(viewport, LEFT, CTRL, node_pos(window, "pd-1"))
    qtbot.waitUntil(lambda: editor.border_width_spin.text() == "", timeout=10_000)
    type_number(qtbot, editor.border_width_spin, "3")  # the shown one's: the other follows
    assert [doc.nodes[n].border_width for n in ("ctla-4", "pd-1")] == [3.0, 3.0]
    assert doc.undo_stack.undoText() == "Border width of 2 concepts"


def test_a_line_width_typed_over_mixed_sets_every_selected_link(qtbot, window) -> None:
    doc = window.document
    viewport = window.view.viewport()
    QTest.mouseClick(viewport, LEFT, pos=link_pos(window, "e2"))
    editor = open_form(qtbot, window)
    line = editor.line_width_spin
    type_number(qtbot, line, "3")
    assert doc.edges["e2"].width == 3.0
    QTest.mouseClick(viewport, LEFT, CTRL, link_pos(window, "e3"))
    qtbot.waitUntil(lambda: "2 links selected" in editor.caption.text(), timeout=10_000)
    qtbot.waitUntil(lambda: line.text() == "", timeout=10_000)
    type_number(qtbot, line, "2")
    assert [doc.edges[e].width for e in ("e2", "e3")] == [2.0, 2.0]
    assert doc.undo_stack.undoText() == "Link width of 2 links"
    undo_by_keys(qtbot, window)
    assert [doc.edges[e].width for e in ("e2", "e3")] == [3.0, None]


def test_a_colour_written_in_small_letters_is_the_listed_colour(qtbot, tmp_path: Path) -> None:
    """A file's #0072b2 is the list's Blue (#0072B2): shown as Blue, not as a colour of its own,
    and two concepts written either way are not "Mixed"."""
    cmap = json.loads((DATA / "sample.json").read_text(encoding="utf-8"))
    colours = {"pd-1": "#0072b2", "ctla-4": "#0072B2"}
    for node in cmap["nodes"]:
        node["color"] = colours.get(node["id"], node.get("color"))
    path = tmp_path / "map.json"
    path.write_text(json.dumps(cmap), encoding="utf-8")
    win = open_window(qtbot, path, WINDOW_SIZE)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    viewport = win.view.viewport()
    QTest.mouseClick(viewport, LEFT, pos=node_pos(win, "pd-1"))
    editor = open_form(qtbot, win)
    combo = editor.colour_combo
    qtbot.waitUntil(lambda: combo.currentText() == "Blue", timeout=10_000)
    QTest.mouseClick(viewport, LEFT, CTRL, node_pos(win, "ctla-4"))
    qtbot.waitUntil(lambda: "2 concepts selected" in editor.caption.text(), timeout=10_000)
    assert combo.currentText() == "Blue"


def test_a_kind_chosen_over_mixed_gives_every_selected_concept_that_kind(qtbot, window) -> None:
    doc = window.document
    viewport = window.view.viewport()
    QTest.mouseClick(viewport, LEFT, pos=node_pos(window, "pd-1"))
    editor = open_form(qtbot, window)
    QTest.mouseClick(viewport, LEFT, CTRL, node_pos(window, "tregs"))
    kind = editor.kind_combo
    qtbot.waitUntil(lambda: kind.currentText() == "Mixed", timeout=10_000)
    steps = doc.undo_stack.count()
    kind.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(kind, Qt.Key.Key_Home)  # Drug, for both
    assert [doc.nodes[n].kind for n in ("pd-1", "tregs")] == ["drug", "drug"]
    assert doc.undo_stack.count() == steps + 1
    assert doc.undo_stack.undoText() == "Make 2 concepts Drug"
    assert kind.currentText() == "Drug"
    undo_by_keys(qtbot, window)
    assert [doc.nodes[n].kind for n in ("pd-1", "tregs")] == ["checkpoint", "immune-cell"]
    qtbot.waitUntil(lambda: kind.currentText() == "Mixed", timeout=10_000)


def test_the_arrows_on_mixed_step_every_selected_concept_from_the_shown_ones(qtbot, window) -> None:
    """The first Up (key or arrow button) on "Mixed" steps all three from the shown concept's
    number, where it only showed that number and changed nothing."""
    doc = window.document
    viewport = window.view.viewport()
    QTest.mouseClick(viewport, LEFT, pos=node_pos(window, "pd-1"))
    editor = open_form(qtbot, window)
    type_number(qtbot, editor.width_spin, "200")
    type_number(qtbot, editor.height_spin, "60")
    QTest.mouseClick(viewport, LEFT, CTRL, node_pos(window, "tregs"))
    width, height = editor.width_spin, editor.height_spin
    qtbot.waitUntil(lambda: width.text() == "" and height.text() == "", timeout=10_000)
    width.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(width, Qt.Key.Key_Up)  # from 200, the shown concept's
    assert [doc.nodes[n].width for n in ("pd-1", "tregs")] == [210.0, 210.0]
    assert doc.undo_stack.undoText() == "Width of 2 concepts"
    up_arrow = QPoint(height.width() - 4, 4)
    QTest.mouseClick(height, LEFT, pos=up_arrow)
    qtbot.waitUntil(lambda: doc.nodes["tregs"].height == 70.0, timeout=10_000)
    assert doc.nodes["pd-1"].height == 70.0
    assert doc.undo_stack.undoText() == "Height of 2 concepts"


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768)])
def test_the_form_fits_the_docked_pane_of_a_small_screen(qtbot, size) -> None:
    """On a laptop or a 4:3 projector the Details dock is under 300 pixels wide: the form, its
    quote cards with their source list and buttons among it, reads without scrolling sideways."""
    win = open_window(qtbot, REPO / "maps" / "immunotherapy.json", size)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    QTest.mouseClick(
        win.view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, node_pos(win, "t-cells")
    )
    editor = open_form(qtbot, win)
    qtbot.waitUntil(lambda: shown(editor) == "t-cells" and len(editor.cards) > 0, timeout=10_000)
    qtbot.waitUntil(lambda: editor.cards[0].isVisible(), timeout=10_000)
    assert editor.viewport().width() < 300  # the narrow dock this is about
    assert not editor.horizontalScrollBar().isVisible()
    assert editor.widget().minimumSizeHint().width() <= editor.viewport().width()
