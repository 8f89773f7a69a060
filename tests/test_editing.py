"""Editing as a person does it with mouse and keyboard; every edit undoes and redoes."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QPalette

from mapviewer.io.mapfile import dumps
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA
from .real_input import wheel

WINDOW_SIZE = (1300, 850)

SAMPLE = DATA / "sample.json"


def screen_pos(win: MainWindow, x: float, y: float) -> QPoint:
    return win.view.mapFromScene(QPointF(x, y))


def node_pos(win: MainWindow, node_id: str) -> QPoint:
    item = win.scene.node_items[node_id]
    return screen_pos(win, item.cx, item.cy)


def type_and_enter(qtbot, win: MainWindow, text: str) -> None:
    editor = win.edits.canvas.editor
    assert editor.isVisible() and editor.hasFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_double_click_on_empty_canvas_creates_a_named_concept(qtbot, window) -> None:
    before = dumps(window.document.cmap)
    spot = screen_pos(window, 100, 250)
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    type_and_enter(qtbot, window, "Nivolumab")
    [new] = [n for n in window.document.cmap.nodes if n.label == "Nivolumab"]
    assert new.id in window.scene.node_items
    assert window.scene.current == ("node", new.id)
    assert window.isWindowModified()
    window.edits.undo.trigger()
    assert dumps(window.document.cmap) == before
    window.edits.redo.trigger()
    assert any(n.label == "Nivolumab" for n in window.document.cmap.nodes)


def test_escape_cancels_a_new_concept(qtbot, window) -> None:
    qtbot.mouseDClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=screen_pos(window, 100, 250)
    )
    qtbot.keyClicks(window.edits.canvas.editor, "Oops")
    qtbot.keyClick(window.edits.canvas.editor, Qt.Key.Key_Escape)
    assert len(window.document.cmap.nodes) == 5
    assert window.document.undo_stack.count() == 0


def test_f2_renames_in_place_and_undo_restores_the_label(qtbot, window) -> None:
    window.go_to("node", "pd-1")
    window.edits.rename.trigger()
    type_and_enter(qtbot, window, "PD-1 receptor")
    assert window.document.nodes["pd-1"].label == "PD-1 receptor"
    assert window.scene.node_items["pd-1"].label == "PD-1 receptor"
    window.edits.undo.trigger()
    assert window.document.nodes["pd-1"].label == "PD-1"
    assert window.scene.node_items["pd-1"].label == "PD-1"


def test_double_click_on_a_link_edits_its_phrase(qtbot, window) -> None:
    edge = window.scene.edge_items["e4"]
    point = window.view.mapFromScene(edge.label_rect.center())
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    type_and_enter(qtbot, window, "inhibit")
    assert window.document.edges["e4"].label == "inhibit"
    window.edits.undo.trigger()
    assert window.document.edges["e4"].label == "suppress"


def drag(qtbot, win: MainWindow, start: QPoint, end: QPoint, mods=Qt.KeyboardModifier.NoModifier):
    viewport = win.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, mods, start)
    steps = 6
    for step in range(1, steps + 1):
        point = start + (end - start) * (step / steps)
        qtbot.mouseMove(viewport, point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, mods, end)


def test_dragging_a_concept_moves_it_in_one_undo_step(qtbot, window) -> None:
    doc = window.document
    start = node_pos(window, "ctla-4")
    link = window.scene.edge_items["e3"]
    old_line = link.line
    drag(qtbot, window, start, start + QPoint(0, 60))
    moved = doc.nodes["ctla-4"]
    assert moved.y > 160 + 20
    assert link.line != old_line  # the link followed
    assert doc.undo_stack.count() == 1
    window.edits.undo.trigger()
    assert (doc.nodes["ctla-4"].x, doc.nodes["ctla-4"].y) == (260.0, 160.0)
    assert window.scene.node_items["ctla-4"].cy == 160.0


def test_several_concepts_move_together(qtbot, window) -> None:
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=node_pos(window, "pd-1"))
    qtbot.mouseClick(
        viewport,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        node_pos(window, "ctla-4"),
    )
    assert {i.node_id for i in window.scene.selectedItems() if hasattr(i, "node_id")} == {
        "pd-1",
        "ctla-4",
    }
    start = node_pos(window, "pd-1")
    drag(qtbot, window, start, start + QPoint(40, 0))
    doc = window.document
    assert doc.nodes["pd-1"].x > 270 and doc.nodes["ctla-4"].x > 270
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Move 2 concepts"
    window.edits.undo.trigger()
    assert (doc.nodes["pd-1"].x, doc.nodes["ctla-4"].x) == (260.0, 260.0)


def test_rubber_band_selects_many(qtbot, window) -> None:
    top_left = screen_pos(window, 150, -80)
    bottom_right = screen_pos(window, 380, 230)
    drag(qtbot, window, top_left, bottom_right, Qt.KeyboardModifier.ShiftModifier)
    selected = {i.node_id for i in window.scene.selectedItems() if hasattr(i, "node_id")}
    assert selected == {"pd-1", "ctla-4"}


def test_dragging_from_the_handle_onto_a_concept_links_them(qtbot, window) -> None:
    window.go_to("node", "ctla-4")
    window.view.fit_all()
    handle = window.scene.node_items["ctla-4"].handle_centre()
    drag(qtbot, window, window.view.mapFromScene(handle), node_pos(window, "tregs"))
    type_and_enter(qtbot, window, "is expressed by")
    doc = window.document
    [new] = [e for e in doc.cmap.edges if e.source == "ctla-4" and e.target == "tregs"]
    assert new.label == "is expressed by"
    assert new.id in window.scene.edge_items
    window.edits.undo.trigger()  # the link and its phrase go in one step
    assert not any(e.source == "ctla-4" and e.target == "tregs" for e in doc.cmap.edges)


def test_dragging_from_the_handle_to_empty_canvas_adds_a_linked_concept(qtbot, window) -> None:
    window.go_to("node", "t-cells")
    window.view.fit_all()
    handle = window.scene.node_items["t-cells"].handle_centre()
    drag(qtbot, window, window.view.mapFromScene(handle), screen_pos(window, 700, 300))
    type_and_enter(qtbot, window, "Killer T cells")  # the new concept's label
    type_and_enter(qtbot, window, "include")  # then the link's phrase
    doc = window.document
    [node] = [n for n in doc.cmap.nodes if n.label == "Killer T cells"]
    [edge] = [e for e in doc.cmap.edges if e.target == node.id]
    assert edge.source == "t-cells" and edge.label == "include"
    # The Details page of what was just made says the phrase typed, not "linked to".
    assert window.details.current[1] in (node.id, edge.id)
    page = window.details.toPlainText()
    assert "include" in page and "linked to" not in page
    window.edits.undo.trigger()  # undone, the page no longer says it
    qtbot.waitUntil(lambda: "include" not in window.details.toPlainText(), timeout=10_000)


def test_link_two_selected_concepts_with_the_shortcut(qtbot, window) -> None:
    window.scene.node_items["pembrolizumab"].setSelected(True)
    window.scene.node_items["t-cells"].setSelected(True)
    window.edits.connect.trigger()
    type_and_enter(qtbot, window, "reactivates")
    assert any(
        e.source == "pembrolizumab" and e.target == "t-cells" and e.label == "reactivates"
        for e in window.document.cmap.edges
    )


def test_deleting_many_is_one_step_and_undo_restores_everything(qtbot, window) -> None:
    doc = window.document
    before = dumps(doc.cmap)
    window.scene.node_items["pd-1"].setSelected(True)
    window.scene.node_items["tregs"].setSelected(True)
    window.scene.edge_items["e3"].setSelected(True)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert set(doc.nodes) == {"pembrolizumab", "ctla-4", "t-cells"}
    assert not doc.edges
    assert doc.undo_stack.count() == 1
    window.edits.undo.trigger()
    assert dumps(doc.cmap) == before


def test_changing_kind_from_the_menu(qtbot, window) -> None:
    window.scene.node_items["tregs"].setSelected(True)
    window.edits.set_kind("checkpoint")
    assert window.document.nodes["tregs"].kind == "checkpoint"
    assert window.scene.node_items["tregs"].style.shape == "hexagon"
    assert window.legend.row_for("checkpoint").text() == "Checkpoint / target  (3)"
    window.edits.undo.trigger()
    assert window.document.nodes["tregs"].kind == "immune-cell"


def test_copy_paste_within_and_across_maps(qtbot, window, tmp_path) -> None:
    for node_id in ("pembrolizumab", "pd-1"):
        window.scene.node_items[node_id].setSelected(True)
    window.edits.copy.trigger()
    assert QGuiApplication.clipboard().text() == "Pembrolizumab\nPD-1"
    window.edits.paste_clipboard()
    doc = window.document
    assert len(doc.cmap.nodes) == 7 and len(doc.cmap.edges) == 5  # the link came along
    pasted = {i.node_id for i in window.scene.selectedItems() if hasattr(i, "node_id")}
    assert len(pasted) == 2 and not pasted & {"pembrolizumab", "pd-1"}
    window.edits.undo.trigger()
    assert len(doc.cmap.nodes) == 5
    # Into a new, empty map: the kinds and the quoted source come along.
    window.files.maybe_save = lambda: True
    window.files.new_map()
    window.edits.paste_clipboard()
    new = window.document
    assert {n.label for n in new.cmap.nodes} == {"Pembrolizumab", "PD-1"}
    assert {k.id for k in new.cmap.kinds} == {"drug", "checkpoint"}
    assert [s.id for s in new.cmap.sources] == ["primer"]
    # The source file is still found, outside the new map's folder: read once allowed.
    assert new.source_status("primer").blocked and new.source_text("primer") is None
    qtbot.mouseClick(window.trust_bar.allow_button, Qt.MouseButton.LeftButton)
    assert new.source_text("primer") is not None
    window.edits.undo.trigger()
    assert not new.cmap.nodes and not new.cmap.kinds and not new.cmap.sources


def test_cut_removes_and_pastes_back(qtbot, window) -> None:
    window.scene.node_items["tregs"].setSelected(True)
    window.edits.cut.trigger()
    assert "tregs" not in window.document.nodes
    window.edits.paste_clipboard()
    assert any(n.label == "Regulatory T cells" for n in window.document.cmap.nodes)


def test_pasting_plain_text_makes_concepts(qtbot, window) -> None:
    window.edits.paste_text("Macrophages\n\n  Dendritic   cells \n", QPointF(0, 400))
    labels = [n.label for n in window.document.cmap.nodes[-2:]]
    assert labels == ["Macrophages", "Dendritic cells"]


def test_insert_adds_a_concept_beside_the_current_one(qtbot, window) -> None:
    window.go_to("node", "tregs")
    window.edits.new_concept.trigger()
    type_and_enter(qtbot, window, "MDSCs")
    [node] = [n for n in window.document.cmap.nodes if n.label == "MDSCs"]
    assert node.kind == "immune-cell"  # the kind of the concept it was added beside
    assert node.x > 520


def test_undo_history_lists_the_steps(qtbot, window) -> None:
    window.go_to("node", "pd-1")
    window.edits.rename.trigger()
    type_and_enter(qtbot, window, "PD1")
    assert window.history.stack() is window.document.undo_stack
    assert window.history.model().rowCount() == 2  # "Opened" + "Rename"


def test_the_maps_page_counts_again_after_undoing_a_new_concept(qtbot, window) -> None:
    """A new concept linked to another, then both undone: Details, back on the map's own page,
    said one concept and one link more than the map had (the status bar had it right)."""
    details = window.details
    assert "5 concepts · 4 links" in details.toPlainText()
    viewport = window.view.viewport()
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=screen_pos(window, 100, 250))
    type_and_enter(qtbot, window, "Nivolumab")
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, ctrl, node_pos(window, "pd-1"))
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    qtbot.keyClick(QGuiApplication.focusObject(), Qt.Key.Key_L, ctrl)  # Ctrl+L links them
    type_and_enter(qtbot, window, "blocks")
    assert len(window.document.cmap.edges) == 5
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    for _ in range(2):
        qtbot.keyClick(QGuiApplication.focusObject(), Qt.Key.Key_Z, ctrl)
    assert (len(window.document.cmap.nodes), len(window.document.cmap.edges)) == (5, 4)
    qtbot.waitUntil(lambda: details.current == ("", ""), timeout=10_000)
    qtbot.waitUntil(lambda: "5 concepts · 4 links" in details.toPlainText(), timeout=10_000)


def hint_width(editor) -> int:
    """How wide, in pixels, the grey writing in an empty label box runs: the text cursor alone
    is a line one or two pixels wide."""
    image = editor.grab().toImage()
    base = editor.palette().color(QPalette.ColorRole.Base)
    columns = [
        x
        for x in range(4, image.width() - 4)
        for y in range(4, image.height() - 4)
        if abs(image.pixelColor(x, y).lightness() - base.lightness()) > 40
    ]
    return max(columns) - min(columns) if columns else 0


def test_an_empty_label_box_says_what_to_type(qtbot, window) -> None:
    """The box for a new concept, and the one for a new link's phrase, opened blank: Qt hides a
    centred field's placeholder while it has the focus, so nothing said "New concept" or
    "linking phrase" until the person clicked away, which closed the box."""
    editor = window.edits.canvas.editor
    viewport = window.view.viewport()
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=screen_pos(window, 100, 250))
    assert editor.hasFocus() and not editor.text()
    words = editor.fontMetrics().horizontalAdvance("New concept")
    assert hint_width(editor) > words * 0.8
    qtbot.keyClicks(editor, "Nivolumab")
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, ctrl, node_pos(window, "pd-1"))
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    qtbot.keyClick(QGuiApplication.focusObject(), Qt.Key.Key_L, ctrl)  # Ctrl+L links them
    qtbot.waitUntil(editor.hasFocus, timeout=10_000)
    assert not editor.text()
    words = editor.fontMetrics().horizontalAdvance("linking phrase")
    assert hint_width(editor) > words * 0.8
    qtbot.keyClicks(editor, "b")  # typing replaces the hint: one letter is all that shows
    assert hint_width(editor) < words * 0.3


def press_in_window(qtbot, win: MainWindow, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier):
    """A key pressed on the canvas, so the window's shortcuts (Ctrl+Z, Delete, F2) resolve."""
    win.view.setFocus()
    qtbot.waitUntil(win.view.hasFocus, timeout=10_000)
    qtbot.keyClick(QGuiApplication.focusObject(), key, modifiers)


def in_sight(win: MainWindow, node_id: str) -> bool:
    shown = win.view.mapToScene(win.view.viewport().rect()).boundingRect()
    return shown.contains(win.scene.node_items[node_id].sceneBoundingRect())


def test_undo_selects_the_concept_it_brings_back(qtbot, window) -> None:
    """Deleted, then Ctrl+Z: the concept and its links came back with nothing selected and the
    Details pane on the map's own page, so the person had to find what the undo did."""
    ctrl = Qt.KeyboardModifier.ControlModifier
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=node_pos(window, "tregs"))
    press_in_window(qtbot, window, Qt.Key.Key_Delete)
    assert "tregs" not in window.document.nodes
    assert window.details.current == ("", "")
    press_in_window(qtbot, window, Qt.Key.Key_Z, ctrl)
    assert "e4" in window.document.edges  # its link came back with it
    assert window.scene.selected_ids() == ({"tregs"}, set())
    qtbot.waitUntil(lambda: window.details.current == ("node", "tregs"), timeout=10_000)
    assert window.details.toPlainText().startswith("Regulatory T cells")
    press_in_window(qtbot, window, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert "tregs" not in window.document.nodes  # redone: gone again, nothing left selected
    assert window.scene.selected_ids() == (set(), set())


def test_undo_and_redo_bring_an_edit_off_screen_into_view(qtbot, window) -> None:
    """A rename undone after the person had zoomed elsewhere changed a label out of sight."""
    ctrl = Qt.KeyboardModifier.ControlModifier
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=node_pos(window, "pembrolizumab"))
    press_in_window(qtbot, window, Qt.Key.Key_F2)
    type_and_enter(qtbot, window, "Keytruda")
    # Zoomed in on Regulatory T cells, with the wheel, and that concept clicked.
    for _ in range(8):
        wheel(viewport, node_pos(window, "tregs"), 1.0, ctrl)
    qtbot.waitUntil(lambda: not in_sight(window, "pembrolizumab"), timeout=10_000)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=node_pos(window, "tregs"))
    press_in_window(qtbot, window, Qt.Key.Key_Z, ctrl)
    assert window.document.nodes["pembrolizumab"].label == "Pembrolizumab"
    assert window.scene.current == ("node", "pembrolizumab")
    qtbot.waitUntil(lambda: in_sight(window, "pembrolizumab"), timeout=10_000)
    qtbot.waitUntil(lambda: not window.view.is_animating(), timeout=10_000)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=node_pos(window, "pembrolizumab"))
    press_in_window(qtbot, window, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert window.document.nodes["pembrolizumab"].label == "Keytruda"
    assert window.scene.current == ("node", "pembrolizumab")


def test_undo_in_sight_leaves_the_camera_alone(qtbot, window) -> None:
    """Undo selects the renamed concept again, but with it in sight the camera stays put."""
    ctrl = Qt.KeyboardModifier.ControlModifier
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=node_pos(window, "pd-1"))
    press_in_window(qtbot, window, Qt.Key.Key_F2)
    type_and_enter(qtbot, window, "PD1")
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=node_pos(window, "ctla-4"))
    camera = (window.view.center(), window.view.zoom)
    press_in_window(qtbot, window, Qt.Key.Key_Z, ctrl)
    assert window.scene.current == ("node", "pd-1")
    assert (window.view.center(), window.view.zoom) == camera and not window.view.is_animating()


def test_the_edit_menu_counts_one_pasted_concept_as_one(qtbot, window) -> None:
    """Edit > Undo read "Undo Paste 1 concepts" after pasting one concept or one line."""
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=node_pos(window, "tregs")
    )
    press_in_window(qtbot, window, Qt.Key.Key_C, ctrl)
    press_in_window(qtbot, window, Qt.Key.Key_V, ctrl)
    assert window.edits.undo.text() == "&Undo Paste 1 concept"
    QGuiApplication.clipboard().setText("Macrophages\n")
    press_in_window(qtbot, window, Qt.Key.Key_V, ctrl)
    assert window.edits.undo.text() == "&Undo Paste 1 concept"
    QGuiApplication.clipboard().setText("Macrophages\nDendritic cells\n")
    press_in_window(qtbot, window, Qt.Key.Key_V, ctrl)
    assert window.edits.undo.text() == "&Undo Paste 2 concepts"


def test_escape_in_a_new_links_phrase_takes_the_link_back(qtbot, window) -> None:
    """Ctrl+L (or a handle dropped on a concept), then Escape: the link stayed, unnamed, where
    Escape in a new concept's box leaves no concept. Now it goes, with no Redo to bring it back,
    and the two concepts stay selected; Escape after naming a new linked concept keeps both."""
    ctrl = Qt.KeyboardModifier.ControlModifier
    doc = window.document
    before = dumps(doc.cmap)
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=node_pos(window, "pembrolizumab"))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, ctrl, node_pos(window, "tregs"))
    press_in_window(qtbot, window, Qt.Key.Key_L, ctrl)
    editor = window.edits.canvas.editor
    qtbot.waitUntil(editor.hasFocus, timeout=10_000)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert dumps(doc.cmap) == before
    assert not window.isWindowModified()
    assert window.edits.undo.text() == "&Undo" and not window.edits.redo.isEnabled()
    assert window.scene.selected_ids() == ({"pembrolizumab", "tregs"}, set())

    window.go_to("node", "t-cells")
    window.view.fit_all()
    handle = window.scene.node_items["t-cells"].handle_centre()
    drag(qtbot, window, window.view.mapFromScene(handle), screen_pos(window, 700, 300))
    type_and_enter(qtbot, window, "Killer T cells")  # the new concept's name, then
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # no phrase for its link
    [node] = [n for n in doc.cmap.nodes if n.label == "Killer T cells"]
    assert [e.source for e in doc.cmap.edges if e.target == node.id] == ["t-cells"]


def test_ctrl_arrows_move_the_selected_concepts(qtbot, window) -> None:
    """No key moved a concept: the arrows walk the links and Ctrl+arrows scrolled the view,
    so a concept could only be moved with the mouse. Ctrl+arrow moves the selection 10 units,
    Ctrl+Shift+arrow 1, and a run of presses is one undo step."""
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    doc = window.document
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=node_pos(window, "pd-1"))
    for _ in range(3):
        press_in_window(qtbot, window, Qt.Key.Key_Right, ctrl)
    press_in_window(qtbot, window, Qt.Key.Key_Down, ctrl | shift)
    assert (doc.nodes["pd-1"].x, doc.nodes["pd-1"].y) == (290.0, 1.0)
    assert window.scene.node_items["pd-1"].cx == 290.0  # drawn where it now is
    assert doc.undo_stack.count() == 1 and window.edits.undo.text() == "&Undo Move concept"
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, ctrl, node_pos(window, "ctla-4"))
    press_in_window(qtbot, window, Qt.Key.Key_Left, ctrl)
    assert (doc.nodes["pd-1"].x, doc.nodes["ctla-4"].x) == (280.0, 250.0)
    assert window.edits.undo.text() == "&Undo Move 2 concepts"
    press_in_window(qtbot, window, Qt.Key.Key_Z, ctrl)
    press_in_window(qtbot, window, Qt.Key.Key_Z, ctrl)
    assert (doc.nodes["pd-1"].x, doc.nodes["pd-1"].y, doc.nodes["ctla-4"].x) == (260, 0, 260)
    window.go_to("node", "pd-1")
    press_in_window(qtbot, window, Qt.Key.Key_Right)  # the arrow alone still follows a link
    assert window.scene.current == ("node", "t-cells")
    assert doc.nodes["pd-1"].x == 260.0


def test_undo_selects_in_a_map_opened_after_the_first(qtbot, window) -> None:
    """The undo stack followed is the open map's: after File > New, Ctrl+Z there selects."""
    ctrl = Qt.KeyboardModifier.ControlModifier
    press_in_window(qtbot, window, Qt.Key.Key_N, ctrl)  # a blank map, as Enter in its dialog
    assert not window.document.cmap.nodes
    viewport = window.view.viewport()
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    type_and_enter(qtbot, window, "Macrophages")
    [node] = window.document.cmap.nodes
    press_in_window(qtbot, window, Qt.Key.Key_Delete)
    assert not window.document.cmap.nodes
    press_in_window(qtbot, window, Qt.Key.Key_Z, ctrl)
    assert window.scene.selected_ids() == ({node.id}, set())


def test_undo_names_what_delete_and_cut_took(qtbot, window) -> None:
    """Edit > Undo said "Undo Delete 2 items" for one concept and its link: it now names it,
    and counts concepts and links when there are several."""
    ctrl = Qt.KeyboardModifier.ControlModifier
    viewport = window.view.viewport()
    undo = window.edits.undo
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=node_pos(window, "tregs"))
    press_in_window(qtbot, window, Qt.Key.Key_Delete)
    assert undo.text() == "&Undo Delete “Regulatory T cells” and 1 link"
    press_in_window(qtbot, window, Qt.Key.Key_Z, ctrl)
    label = window.view.mapFromScene(window.scene.edge_items["e3"].label_rect.center())
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=label)
    press_in_window(qtbot, window, Qt.Key.Key_Delete)
    assert undo.text() == "&Undo Delete link “suppresses multiplication of”"
    press_in_window(qtbot, window, Qt.Key.Key_Z, ctrl)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=node_pos(window, "pd-1"))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, ctrl, node_pos(window, "ctla-4"))
    press_in_window(qtbot, window, Qt.Key.Key_Delete)
    assert undo.text() == "&Undo Delete 2 concepts and 3 links"
    press_in_window(qtbot, window, Qt.Key.Key_Z, ctrl)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=node_pos(window, "pd-1"))
    press_in_window(qtbot, window, Qt.Key.Key_X, ctrl)
    assert "pd-1" not in window.document.nodes
    assert undo.text() == "&Undo Cut “PD-1” and 2 links"
