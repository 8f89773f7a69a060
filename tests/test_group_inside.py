"""A yEd group's own inside (its GroupNode's y:Fill under the label's band) drawn and exported
as yEd has it: react-app-archetype's groups are #F2F0D8 under #B7B69E headers in yEd's
picture, and had opened as a faint tint of the header's colour."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QColorDialog

from mapviewer.io import html, xmlsafe
from mapviewer.io.mapfile import dumps
from mapviewer.io.registry import open_map, save_map

from .conftest import DATA, imported_window
from .test_editing import node_pos, screen_pos
from .test_link_width_editing import choose_by_keys
from .test_style import style_action

ARCHETYPE = DATA / "interop" / "yed-react-archetype.graphml"
Y = "{http://www.yworks.com/xml/graphml}"
INSIDE = "#F2F0D8"


def test_a_yed_groups_inside_is_drawn_in_its_own_fill(qtbot) -> None:
    win = imported_window(qtbot, ARCHETYPE, (1400, 1000))
    (proxy,) = (n for n in win.document.cmap.nodes if n.label == "rest-api-proxy (easer)")
    frame = win.scene.node_items[proxy.id].scene_box()
    corner = screen_pos(win, frame.left() + 5, frame.bottom() - 5)  # no member there
    seen = win.view.grab().toImage().pixelColor(corner)
    wanted = QColor(INSIDE)
    assert max(abs(seen.red() - wanted.red()), abs(seen.green() - wanted.green())) <= 3
    assert abs(seen.blue() - wanted.blue()) <= 3, seen.name()  # a tint had been #F2F2ED
    assert (proxy.color, proxy.inside_color) == ("#B7B69E", INSIDE)  # the band, the inside


def test_a_yed_groups_inside_goes_back_to_yed_and_the_page(tmp_path: Path) -> None:
    cmap = open_map(ARCHETYPE)
    yed = tmp_path / "back.graphml"
    save_map(cmap, yed)
    root = xmlsafe.parse(yed, None).root  # type: ignore[arg-type]
    opened = [
        next(group.iter(f"{Y}Fill")).get("color")
        for realizers in root.iter(f"{Y}Realizers")
        for group in list(realizers)[:1]  # the open group, as yEd draws it
    ]
    assert opened == [INSIDE] * 10
    again = tmp_path / "again.json"  # the map file and our own GraphML keep it too
    save_map(open_map(yed), again)
    assert {n.inside_color for n in open_map(again).nodes if n.inside_color} == {INSIDE}
    page = tmp_path / "page.html"
    html.save(cmap, page)
    frames = [n for n in html.page_data(cmap)["nodes"] if n.get("inside")]
    assert len(frames) == 10 and {n["inside"] for n in frames} == {INSIDE}
    assert json.dumps(INSIDE) in page.read_text(encoding="utf-8")


# --- choosing a group's inside ------------------------------------------------------------------

PALE_BLUE = "#E3EEF8"


def inside_seen(win, node_id: str) -> QColor:
    """The pixel in the frame's bottom-left corner, where no member lies, as the view shows it."""
    frame = win.scene.node_items[node_id].scene_box()
    corner = screen_pos(win, frame.left() + 5, frame.bottom() - 5)
    return win.view.grab().toImage().pixelColor(corner)


def close_to(seen: QColor, wanted: str) -> bool:
    want = QColor(wanted)
    pairs = ((seen.red(), want.red()), (seen.green(), want.green()), (seen.blue(), want.blue()))
    return all(abs(a - b) <= 3 for a, b in pairs)


def menu_actions(qtbot, win, title: str) -> list[QAction]:
    """The Style submenu ``title``'s actions once the menu was opened, showing the selection."""
    win.style_menu.popup(win.mapToGlobal(QPoint(60, 40)))
    qtbot.waitUntil(win.style_menu.isVisible, timeout=10_000)
    sub = next(a.menu() for a in win.style_menu.actions() if a.menu() and a.text() == title)
    actions = sub.actions()
    win.style_menu.hide()
    return actions


def test_style_inside_colour_fills_the_selected_frames_in_one_step(qtbot, tmp_path: Path) -> None:
    """Style > Inside Colour on two groups, a member and a link: the two frames are filled at
    once, the member and the link untouched, one undo step; the menu ticks the colour the frames
    share; Other Colour... asks with the first frame's inside; yEd gets the chosen fill back."""
    win = imported_window(qtbot, ARCHETYPE, (1400, 1000))
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    doc = win.document
    before = dumps(doc.cmap)
    win.scene.select_many(["n1", "n3", "n6::n0"], ["e0"])
    choose_by_keys(qtbot, win, Qt.Key.Key_I, Qt.Key.Key_B)  # &Inside Colour > Pale &Blue
    assert [doc.nodes[n].inside_color for n in ("n1", "n3", "n6::n0")] == [PALE_BLUE] * 2 + [None]
    assert (
        doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Inside colour of 2 concepts"
    )
    qtbot.waitUntil(lambda: close_to(inside_seen(win, "n1"), PALE_BLUE), timeout=10_000)
    assert close_to(inside_seen(win, "n0"), INSIDE)  # not selected: yEd's own
    ticked = [a.text() for a in menu_actions(qtbot, win, "&Inside Colour") if a.isChecked()]
    assert ticked == ["Pale &Blue"]
    asked: list[str] = []

    def pick(initial: QColor, *_: object) -> QColor:
        asked.append(initial.name().upper())
        return QColor("#123456")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QColorDialog, "getColor", staticmethod(pick))
        choose_by_keys(qtbot, win, Qt.Key.Key_I, Qt.Key.Key_O)  # &Other Colour...
    assert asked == [PALE_BLUE]
    assert {doc.nodes[n].inside_color for n in ("n1", "n3")} == {"#123456"}
    assert doc.undo_stack.count() == 2
    yed = tmp_path / "chosen.graphml"
    save_map(doc.cmap, yed)
    assert {n.id: n.inside_color for n in open_map(yed).nodes if n.id in ("n1", "n3", "n0")} == {
        "n1": "#123456",
        "n3": "#123456",
        "n0": INSIDE,
    }
    choose_by_keys(qtbot, win, Qt.Key.Key_I, Qt.Key.Key_T)  # &Tint of Frame's Colour
    assert {doc.nodes[n].inside_color for n in ("n1", "n3")} == {None}
    for _ in range(3):
        win.edits.undo.trigger()
    assert dumps(doc.cmap) == before


def test_style_inside_colour_is_offered_only_for_frames(qtbot) -> None:
    win = imported_window(qtbot, ARCHETYPE)
    win.scene.select_many(["n6::n0"], ["e0"])  # a member and a link: no frame
    assert not style_action(qtbot, win, "&Inside Colour").isEnabled()
    win.scene.select("node", "n0")
    assert style_action(qtbot, win, "&Inside Colour").isEnabled()


def test_the_details_form_chooses_a_frames_inside(qtbot) -> None:
    """Details > Inside, for a group only: a swatch chosen by keys, or any colour from the
    dialog; each one undo step, drawn at once."""
    win = imported_window(qtbot, ARCHETYPE, (1400, 1000))
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    doc = win.document
    win.go_to("node", "n6::n0")
    win.detail_editing.toggle.trigger()
    editor = win.detail_editing.editor
    qtbot.waitUntil(editor.label_edit.isVisible, timeout=10_000)
    assert not editor.inside_colour_combo.isVisible()  # a member: no inside of its own
    win.go_to("node", "n1")
    combo = editor.inside_colour_combo
    qtbot.waitUntil(combo.isVisible, timeout=10_000)
    assert combo.currentText() == "Pale Yellow"  # yEd's #F2F0D8
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(combo, Qt.Key.Key_Down)  # Pale Yellow -> Pale Grey
    assert doc.nodes["n1"].inside_color == "#F0F0F0"
    qtbot.waitUntil(lambda: close_to(inside_seen(win, "n1"), "#F0F0F0"), timeout=10_000)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QColorDialog, "getColor", staticmethod(lambda *_: QColor("#ABCDEF")))
        QTest.keyClick(combo, Qt.Key.Key_End)  # Other colour...
    assert doc.nodes["n1"].inside_color == "#ABCDEF" and combo.currentText() == "#ABCDEF"
    assert [doc.undo_stack.text(i) for i in range(doc.undo_stack.count())] == [
        "Inside colour of “rest-api-proxy (easer)”"
    ] * 2
    win.edits.undo.trigger()
    win.edits.undo.trigger()
    assert doc.nodes["n1"].inside_color == INSIDE and combo.currentText() == "Pale Yellow"


def ticked(qtbot, win, title: str) -> list[str]:
    return [a.text() for a in menu_actions(qtbot, win, title) if a.isChecked()]


def test_the_style_menu_ticks_the_colours_a_mixed_selection_shares(qtbot) -> None:
    """yEd's black-bordered group and concept with a link: Border ticks Black (both have it),
    Colour ticks nothing (tan, grey and a black link: mixed), Inside ticks the one frame's;
    a colour chosen for all three is one undo step, and then ticked."""
    win = imported_window(qtbot, ARCHETYPE)
    doc = win.document
    win.scene.select_many(["n1", "n4::n0"], ["e0"])
    assert ticked(qtbot, win, "&Border") == ["&Black", "&Normal (1×)"]
    assert ticked(qtbot, win, "&Colour") == []
    assert ticked(qtbot, win, "&Inside Colour") == ["Pale &Yellow"]
    assert ticked(qtbot, win, "&Text Colour") == ["&Automatic"]
    style_action(qtbot, win, "&Colour", "Sky Blue").trigger()
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Colour of 2 concepts and 1 link"
    assert ticked(qtbot, win, "&Colour") == ["Sky Blue"]
    win.scene.select_many(["n1", "n6::n0"], [])  # one without a border of its own
    assert ticked(qtbot, win, "&Border") == ["&Solid"]  # black and the kind's: no colour


def test_the_details_form_shows_mixed_and_sets_the_whole_selection(qtbot) -> None:
    """Two yEd concepts clicked (the second with Ctrl), the form open: Colour and Border say
    "Mixed" (orange and grey; yEd's black and none), the caption says what its choices set; a
    colour chosen there colours both in one undo step, and the form shows it."""
    win = imported_window(qtbot, ARCHETYPE, (1400, 1000))
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    doc = win.document
    viewport = win.view.viewport()
    left = Qt.MouseButton.LeftButton
    qtbot.mouseClick(viewport, left, pos=node_pos(win, "n6::n0"))
    win.detail_editing.toggle.trigger()
    editor = win.detail_editing.editor
    qtbot.waitUntil(editor.colour_combo.isVisible, timeout=10_000)
    assert editor.colour_combo.currentText() != "Mixed"
    qtbot.mouseClick(viewport, left, Qt.KeyboardModifier.ControlModifier, node_pos(win, "n4::n0"))
    qtbot.waitUntil(lambda: editor.colour_combo.currentText() == "Mixed", timeout=10_000)
    assert editor.border_colour_combo.currentText() == "Mixed"
    assert editor.border_dash_combo.currentText() == "Mixed"  # dashed and solid
    assert "2 concepts selected" in editor.caption.text()
    combo = editor.colour_combo
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(combo, Qt.Key.Key_Up)  # from Mixed to the swatch above it: Grey, for both
    assert [doc.nodes[n].color for n in ("n6::n0", "n4::n0")] == ["#777777"] * 2
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Colour of 2 concepts"
    assert combo.currentText() == "Grey"
    win.edits.undo.trigger()
    assert [doc.nodes[n].color for n in ("n6::n0", "n4::n0")] == ["#FF9900", "#F5F5F5"]
    qtbot.waitUntil(lambda: combo.currentText() == "Mixed", timeout=10_000)


def link_point(win, edge_id: str) -> QPoint:
    """Where a click lands on the middle of a link's line, on screen."""
    item = win.scene.edge_items[edge_id]
    middle = item.mapToScene(item.curve.pointAtPercent(0.5))
    return screen_pos(win, middle.x(), middle.y())


def test_the_details_form_sets_the_ends_of_every_selected_link(qtbot) -> None:
    """Three yEd links, two with a vee at the target, one with none: Target end says "Mixed"
    and Direction is partly ticked; Arrowhead chosen puts one on all three in one undo step, a
    click on Direction takes it off all three in one more, Reset to kind's style one more."""
    win = imported_window(qtbot, ARCHETYPE, (1400, 1000))
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    doc = win.document
    viewport = win.view.viewport()
    left, ctrl = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier
    qtbot.mouseClick(viewport, left, pos=link_point(win, "e1"))
    assert win.scene.current == ("edge", "e1")
    win.detail_editing.toggle.trigger()
    editor = win.detail_editing.editor
    head = editor.end_combos["head"]
    qtbot.waitUntil(head.isVisible, timeout=10_000)
    qtbot.mouseClick(viewport, left, ctrl, link_point(win, "e5"))
    qtbot.waitUntil(lambda: "2 links selected" in editor.caption.text(), timeout=10_000)
    assert head.currentText() == "Vee"  # both: shared
    qtbot.mouseClick(viewport, left, ctrl, link_point(win, "e4"))
    qtbot.waitUntil(lambda: head.currentText() == "Mixed", timeout=10_000)
    direction = editor.directed_check
    assert direction.checkState() == Qt.CheckState.PartiallyChecked  # two have one, one not
    head.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(head, Qt.Key.Key_Home)  # Arrowhead, for the three
    links = ("e1", "e4", "e5")
    assert [win.scene.edge_items[e].head_kind for e in links] == ["triangle"] * 3
    assert doc.undo_stack.undoText() == "Link target end of 3 links"
    assert head.currentText() == "Arrowhead"
    assert direction.checkState() == Qt.CheckState.Checked  # an arrowhead is a direction
    qtbot.mouseClick(direction, left)  # none of the three has one now
    assert [doc.edges[e].directed for e in links] == [False] * 3
    assert doc.undo_stack.undoText() == "Link direction of 3 links"
    assert direction.checkState() == Qt.CheckState.Unchecked
    qtbot.mouseClick(editor.reset_style_button, left)
    assert doc.undo_stack.undoText() == "Reset style of 3 links"
    assert doc.undo_stack.count() == 3
