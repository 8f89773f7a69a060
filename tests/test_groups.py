"""Groups on the canvas, driven as a person does: frames around members that follow them, a
frame dragged by its title, collapse and expand from the keyboard, the Group menu's edits; each
one undo step."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtWidgets import QLabel, QMenu

from mapviewer.io import mapfile
from mapviewer.scene.groupframe import TITLE_PAD, GroupItem
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, open_window
from .real_input import context_click, keys_when_shown
from .test_editing import drag, node_pos

WINDOW_MAP = DATA / "groups.json"
WINDOW_SIZE = (1300, 850)
MEMBERS = ("pd1", "ctla4", "ligands", "pdl1", "pdl2")
LEAVES = ("pd1", "ctla4", "pdl1", "pdl2")  # members that are not groups: their x/y is their own


def frame_of(win: MainWindow, group: str) -> QRectF:
    item = win.scene.node_items[group]
    assert isinstance(item, GroupItem) and item.frame is not None
    return item.frame


def box(win: MainWindow, node_id: str) -> QRectF:
    return win.scene.node_items[node_id].scene_box()


def title_point(win: MainWindow, group: str) -> QPoint:
    """A point on the frame's title band, left of the title: where a person grabs a frame."""
    frame = frame_of(win, group)
    return win.view.mapFromScene(QPointF(frame.left() + 12, frame.top() + 8))


def press_keys(qtbot, win: MainWindow, key: Qt.Key, mods: Qt.KeyboardModifier) -> None:
    win.view.setFocus()
    qtbot.waitUntil(win.view.hasFocus, timeout=10_000)
    qtbot.keyClick(win.view, key, mods)


def test_a_group_is_a_titled_frame_around_its_members_nested_groups_inside(window) -> None:
    outer = frame_of(window, "checkpoints")
    inner = frame_of(window, "ligands")
    for member in MEMBERS:
        assert outer.contains(box(window, member)), member
    assert inner.contains(box(window, "pdl1")) and inner.contains(box(window, "pdl2"))
    assert outer.contains(inner)
    assert not outer.intersects(box(window, "t"))  # an outsider stays outside
    item = window.scene.node_items["checkpoints"]
    assert item.zValue() < window.scene.node_items["pd1"].zValue()  # drawn behind its members
    assert item.zValue() < window.scene.node_items["ligands"].zValue()  # inner frames on top


def test_dragging_a_member_away_stretches_its_frames(qtbot, window) -> None:
    start = node_pos(window, "pdl2")
    drag(qtbot, window, start, start + QPoint(0, 120))
    assert window.document.undo_stack.count() == 1
    assert frame_of(window, "ligands").contains(box(window, "pdl2"))
    assert frame_of(window, "checkpoints").contains(frame_of(window, "ligands"))
    window.edits.undo.trigger()
    assert frame_of(window, "ligands").bottom() < box(window, "pdl2").bottom() + 40


def test_dragging_a_frame_by_its_title_moves_its_members_in_one_undo_step(qtbot, window) -> None:
    doc = window.document
    before = {n: (doc.nodes[n].x, doc.nodes[n].y) for n in LEAVES}
    outside = (doc.nodes["t"].x, doc.nodes["t"].y)
    start = title_point(window, "checkpoints")
    drag(qtbot, window, start, start + QPoint(150, 80))
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText().startswith("Move")
    shifts = {
        (round(doc.nodes[n].x - before[n][0]), round(doc.nodes[n].y - before[n][1])) for n in LEAVES
    }
    assert len(shifts) == 1 and shifts != {(0, 0)}  # all moved, by the same amount
    assert (doc.nodes["t"].x, doc.nodes["t"].y) == outside
    assert frame_of(window, "checkpoints").contains(box(window, "pdl2"))
    window.edits.undo.trigger()
    assert {n: (doc.nodes[n].x, doc.nodes[n].y) for n in LEAVES} == before


def test_collapsing_keeps_outside_links_on_one_box_and_undo_expands(qtbot, window) -> None:
    doc = window.document
    scene = window.scene
    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=title_point(window, "checkpoints")
    )
    assert scene.selection_order() == ["checkpoints"]
    press_keys(
        qtbot,
        window,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert doc.nodes["checkpoints"].collapsed
    group = scene.node_items["checkpoints"]
    assert isinstance(group, GroupItem) and group.frame is None  # one box
    assert not any(scene.node_items[m].shown for m in MEMBERS)
    # Links from outside end on the box; the link inside the group is not drawn.
    assert scene.edge_items["e1"].target is group and scene.edge_items["e1"].shown
    assert scene.edge_items["e3"].source is group and scene.edge_items["e3"].shown
    assert not scene.edge_items["e4"].shown
    assert doc.undo_stack.count() == 1
    window.edits.undo.trigger()
    assert not doc.nodes["checkpoints"].collapsed
    assert all(scene.node_items[m].shown for m in MEMBERS)
    assert scene.edge_items["e1"].target is scene.node_items["pd1"]
    assert scene.edge_items["e4"].shown
    assert frame_of(window, "checkpoints").contains(box(window, "pd1"))


def test_collapsed_state_is_saved_and_reopens_collapsed(qtbot, window, tmp_path) -> None:
    window.scene.select("node", "ligands")
    press_keys(
        qtbot,
        window,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    target = tmp_path / "saved.json"
    window.document.save(target)
    saved = mapfile.load(target)
    assert saved.node_by_id()["ligands"].collapsed
    assert not saved.node_by_id()["checkpoints"].collapsed


def test_group_ungroup_add_and_remove_are_each_one_undo_step(qtbot, window) -> None:
    doc = window.document
    scene = window.scene
    stack = doc.undo_stack
    group_pembro_and_ipi(qtbot, window)
    [made] = [
        n for n in doc.cmap.nodes if n.id not in {"checkpoints", "t", "pembro", "ipi", *MEMBERS}
    ]
    assert doc.nodes["pembro"].parent == made.id and doc.nodes["ipi"].parent == made.id
    assert stack.count() == 1 and stack.undoText() == "Group"
    assert frame_of(window, made.id).contains(box(window, "pembro"))

    # Ungroup: the members are free again and the bare frame goes, in one step.
    assert scene.selection_order() == [made.id]
    press_keys(
        qtbot,
        window,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert made.id not in doc.nodes and doc.nodes["pembro"].parent is None
    assert stack.count() == 2
    window.edits.undo.trigger()
    assert doc.nodes["pembro"].parent == made.id
    window.edits.undo.trigger()
    assert made.id not in doc.nodes and doc.nodes["ipi"].parent is None

    # Add T cells to the checkpoints group (picked last), then take it out again.
    scene.select_many(["t"])
    add_to_group_by_keys(qtbot, window, "checkpoints")
    assert doc.nodes["t"].parent == "checkpoints"
    assert frame_of(window, "checkpoints").contains(box(window, "t"))
    scene.select_many(["t"])
    press_keys(
        qtbot,
        window,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.ShiftModifier,
    )
    assert doc.nodes["t"].parent is None
    window.edits.undo.trigger()
    assert doc.nodes["t"].parent == "checkpoints"


def test_deleting_a_group_keeps_its_members_and_undo_regroups_them(qtbot, window, tmp_path) -> None:
    doc = window.document
    window.scene.select("node", "ligands")
    window.edits.delete.trigger()
    assert "ligands" not in doc.nodes
    assert doc.nodes["pdl1"].parent == "checkpoints"  # moved up to the group around
    target = tmp_path / "after-delete.json"
    doc.save(target)
    mapfile.load(target)  # still a valid map
    window.edits.undo.trigger()
    assert doc.nodes["pdl1"].parent == "ligands"
    assert frame_of(window, "ligands").contains(box(window, "pdl1"))


def test_the_canvas_menu_offers_the_group_menu(window: MainWindow) -> None:
    viewport = window.view.viewport()
    with keys_when_shown(QMenu, [Qt.Key.Key_Escape]) as menu:
        context_click(viewport, node_pos(window, "pembro"))
    assert menu.shown is not None and "&Group" in menu.texts
    group_menu = window.groups.menu
    group_menu.aboutToShow.emit()
    enabled = {a.text() for a in group_menu.actions() if a.isEnabled()}
    assert "&Group Selected Concepts" in enabled and "&Ungroup" not in enabled


def test_finding_a_concept_inside_a_collapsed_group_goes_to_the_group(
    qtbot, tmp_path, window: MainWindow
) -> None:
    """Find names PD-L1, folded away inside the collapsed Ligands: the Ligands box is selected
    and brought into view, and the status line says where PD-L1 is."""
    cmap = mapfile.load(DATA / "groups.json")
    cmap.node_by_id()["ligands"].collapsed = True
    folded = tmp_path / "folded.json"
    mapfile.save(cmap, folded)
    assert window.files.open_path(folded)
    window.focus_search()
    qtbot.keyClicks(window.search_field, "PD-L1")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.scene.current == ("node", "ligands")
    message = window.statusBar().currentMessage()
    assert "PD-L1" in message and "Ligands" in message


def test_pointing_at_a_frame_lights_its_members_not_only_its_own_links(qtbot, window) -> None:
    """The pointer over the Ligands frame's title (a group with no links of its own): PD-L1,
    PD-L2 and PD-1, which PD-L1 binds, stay bright; Pembrolizumab, linked to none, fades."""
    viewport = window.view.viewport()
    qtbot.mouseMove(viewport, title_point(window, "ligands"))
    items = window.scene.node_items
    qtbot.waitUntil(lambda: items["pembro"].dimmed, timeout=10_000)
    assert not any(items[n].dimmed for n in ("ligands", "pdl1", "pdl2", "pd1"))


def test_the_group_menu_follows_each_click_and_each_group_edit(qtbot, window) -> None:
    """What the Group menu (and so each shortcut) allows is worked out as the selection changes,
    from the groups as they are after the last edit, not as they were when first asked."""
    viewport = window.view.viewport()
    groups = window.groups

    def click(node_id: str, point: QPoint | None = None) -> None:
        qtbot.mouseClick(
            viewport, Qt.MouseButton.LeftButton, pos=point or node_pos(window, node_id)
        )
        qtbot.waitUntil(lambda: window.scene.selection_order() == [node_id], timeout=10_000)

    click("pd1")
    assert groups.remove.isEnabled() and groups.collapse.isEnabled()
    assert not groups.ungroup.isEnabled()
    click("checkpoints", title_point(window, "checkpoints"))
    assert groups.ungroup.isEnabled() and groups.collapse.isEnabled()
    click("t")
    assert not groups.remove.isEnabled() and not groups.ungroup.isEnabled()
    assert not groups.collapse.isEnabled()
    # T cells go into the checkpoints group (picked last): now they can leave it.
    add_to_group_by_keys(qtbot, window, "checkpoints")
    assert window.document.nodes["t"].parent == "checkpoints"
    click("t")
    assert groups.remove.isEnabled() and groups.collapse.isEnabled()
    # Ungrouping the checkpoints frees its members: pd1 is then in no group.
    click("checkpoints", title_point(window, "checkpoints"))
    press_keys(
        qtbot,
        window,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.document.nodes["pd1"].parent is None
    click("pd1")
    assert not groups.remove.isEnabled() and not groups.collapse.isEnabled()
    click("ligands", title_point(window, "ligands"))  # an inner group is a group still
    assert groups.ungroup.isEnabled()


def add_to_group_by_keys(qtbot, window: MainWindow, group: str) -> None:
    """Ctrl+click the group's title (picked last, with what is selected) and press Ctrl+Alt+G."""
    qtbot.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        title_point(window, group),
    )
    press_keys(
        qtbot,
        window,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
    )


def group_pembro_and_ipi(qtbot, window: MainWindow) -> str:
    """Click one drug, Ctrl+click the other, press Ctrl+G; the new group's id."""
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=node_pos(window, "pembro"))
    qtbot.mouseClick(
        viewport,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        node_pos(window, "ipi"),
    )
    press_keys(qtbot, window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    return window.document.nodes["pembro"].parent or ""


def test_a_new_group_is_named_as_it_is_made_and_undone_name_first(qtbot, window) -> None:
    doc = window.document
    stack = doc.undo_stack
    made = group_pembro_and_ipi(qtbot, window)
    assert made and window.scene.selection_order() == [made]
    editor = window.edits.canvas.editor
    # The title is open for typing, over the frame's title band, with "Group" all selected.
    qtbot.waitUntil(lambda: editor.isVisible() and editor.hasFocus(), timeout=10_000)
    assert editor.text() == "Group" and editor.selectedText() == "Group"
    band = window.view.mapFromScene(window.scene.node_items[made].label_box()).boundingRect()
    assert band.contains(editor.geometry().center())
    assert editor.height() < frame_of(window, made).height() * window.view.transform().m11()
    qtbot.keyClicks(editor, "Checkpoint drugs")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert doc.nodes[made].label == "Checkpoint drugs"
    assert window.scene.node_items[made].label == "Checkpoint drugs"
    assert not editor.isVisible() and window.view.hasFocus()
    # Ctrl+Z takes back the name first, then the group, as a word processor takes back typing.
    assert stack.count() == 2 and stack.undoText() == "Rename"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.nodes[made].label == "Group" and doc.nodes["pembro"].parent == made
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert made not in doc.nodes and doc.nodes["pembro"].parent is None


def test_escape_keeps_a_new_groups_default_name(qtbot, window) -> None:
    doc = window.document
    made = group_pembro_and_ipi(qtbot, window)
    editor = window.edits.canvas.editor
    qtbot.waitUntil(lambda: editor.isVisible() and editor.hasFocus(), timeout=10_000)
    qtbot.keyClicks(editor, "Half typed")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert doc.nodes[made].label == "Group" and doc.nodes["ipi"].parent == made
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Group"


def _frame_title(win: MainWindow, group: str) -> QRectF:
    """The frame's title as drawn: centred in the band at the frame's top."""
    item = win.scene.node_items[group]
    assert isinstance(item, GroupItem) and item.frame is not None
    width, height = item.text.size.width(), item.text.size.height()
    frame = item.frame
    return QRectF(frame.center().x() - width / 2, frame.top() + TITLE_PAD, width, height)


def _through(win: MainWindow, link: str, rect: QRectF) -> bool:
    curve = win.scene.edge_items[link].curve
    steps = max(2, int(curve.length() / 2))
    return any(rect.contains(curve.pointAtPercent(i / steps)) for i in range(steps + 1))


def test_links_cross_a_frame_freely_but_keep_off_its_title(qtbot, tmp_path) -> None:
    """A link between two concepts outside a frame runs straight across its inside, before and
    after the frame is dragged; a link whose line meets the title bends round it, its phrase
    off it. The frame's title had been filed for routing as a box at the group's own x/y, an
    unseen obstacle mid-frame that bent links and pushed phrases aside (the default map had 12
    links striking through titles and 8 phrases on them), and after a drag as the whole frame,
    which every link between two other concepts then went round."""
    cmap = {
        "format": "mapviewer-map",
        "version": 1,
        "title": "Frames",
        "routing": "curved",
        "nodes": [
            {"id": "g", "label": "Checkpoint inhibitors", "x": 0, "y": 130},
            {"id": "a", "label": "PD-1", "parent": "g", "x": -150, "y": 0},
            {"id": "b", "label": "CTLA-4", "parent": "g", "x": 150, "y": 240},
            {"id": "left", "label": "T cells", "x": -600, "y": 130},
            {"id": "right", "label": "Cancer cells", "x": 600, "y": 130},
            {"id": "up", "label": "Immune system", "x": 0, "y": -400},
            {"id": "down", "label": "Tumour", "x": 0, "y": 700},
        ],
        "edges": [
            {"id": "across", "source": "left", "target": "right", "label": "attack"},
            {"id": "over", "source": "up", "target": "down", "label": "watches over the"},
        ],
    }
    path = tmp_path / "frames.json"
    path.write_text(json.dumps(cmap), encoding="utf-8")
    win = open_window(qtbot, path, WINDOW_SIZE)
    links = win.scene.edge_items
    title = _frame_title(win, "g")
    qtbot.waitUntil(lambda: not _through(win, "over", title), timeout=10_000)
    assert not links["over"].label_rect.intersects(title)
    assert links["across"].routed is False and links["across"].line is not None
    start = title_point(win, "g")
    drag(qtbot, win, start, start + QPoint(0, 40))
    assert win.document.nodes["a"].y > 0  # the frame moved, its members with it
    moved = _frame_title(win, "g")
    assert moved.top() > title.top()
    qtbot.waitUntil(lambda: not _through(win, "over", moved), timeout=10_000)
    assert not links["over"].label_rect.intersects(moved)
    assert links["across"].routed is False and links["across"].line is not None


def test_the_counts_say_concepts_and_groups_apart(qtbot, window) -> None:
    """A frame is no concept to a reader: the default map's status bar said "174 concepts" for
    its 161 and 13 theme frames, and a student's four grouped concepts read as five."""
    counts = window.statusBar().findChildren(QLabel)
    shown = next(label for label in counts if "links" in label.text())
    assert shown.text() == "7 concepts · 2 groups · 4 links"
    group_pembro_and_ipi(qtbot, window)
    assert shown.text() == "7 concepts · 3 groups · 4 links"
    window.edits.undo.trigger()
    assert shown.text() == "7 concepts · 2 groups · 4 links"
    window.scene.clearSelection()  # the map's own page counts the same
    qtbot.waitUntil(lambda: "7 concepts · 2 groups · 4 links" in window.details.toPlainText())
