"""A researcher making their own map from their own sources, start to finish: File > New,
concepts typed in, links, a group, a picture of it. Each test drives the window as they did."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMenu

from mapviewer.render import MARGIN
from mapviewer.scene.nodeitem import HANDLE_RADIUS
from mapviewer.ui.details.textpage import link_href
from mapviewer.ui.dialogs import exportdialog

from .conftest import DATA, open_window
from .io.chromium import BINARY, MISSING, dump_dom
from .real_input import click_anchor, drag_and_drop, file_mime
from .test_new_map import add_concept

if TYPE_CHECKING:
    from mapviewer.ui.mainwindow import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier
needs_chromium = pytest.mark.skipif(BINARY is None, reason=MISSING)


def menu_item(win: MainWindow, *path: str) -> QAction:
    """The action at ``path`` in the menu bar ("File", "Export Image…"), found by its text."""
    actions = win.menuBar().actions()
    for step, text in enumerate(path):
        found = next(a for a in actions if a.text().replace("&", "") == text)
        if step == len(path) - 1:
            return found
        menu = found.menu()
        assert isinstance(menu, QMenu)
        menu.aboutToShow.emit()  # as opening it does: menus filled on showing fill now
        actions = menu.actions()
    raise AssertionError(path)


def click_concept(
    qtbot, win: MainWindow, node_id: str, modifier: Qt.KeyboardModifier = NONE
) -> None:
    centre = win.scene.node_items[node_id].sceneBoundingRect().center()
    QTest.mouseClick(win.view.viewport(), LEFT, modifier, win.view.mapFromScene(centre))
    qtbot.waitUntil(lambda: node_id in win.scene.selection_order(), timeout=5000)


def new_map(qtbot, names: list[str]) -> tuple[MainWindow, list[str]]:
    """File > New (Ctrl+N, the template answered as Enter would), then a concept per name,
    each double-clicked onto the canvas and typed, in rows of three."""
    win = open_window(qtbot, DATA / "sample.json", (1400, 900))
    win.view.setFocus()
    QTest.keyClick(win.view, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: not win.document.cmap.nodes, timeout=10_000)
    ids = [
        add_concept(qtbot, win, QPoint(150 + (i % 3) * 330, 120 + (i // 3) * 220), name)
        for i, name in enumerate(names)
    ]
    return win, ids


def link(qtbot, win: MainWindow, first: str, second: str, phrase: str) -> None:
    """Click one concept, Ctrl+click the other, Ctrl+L, type the phrase, Enter."""
    click_concept(qtbot, win, first)
    click_concept(qtbot, win, second, CTRL)
    count = len(win.document.cmap.edges)
    QTest.keyClick(win.view, Qt.Key.Key_L, CTRL)
    editor = win.edits.canvas.editor
    qtbot.waitUntil(editor.isVisible, timeout=5000)
    QTest.keyClicks(editor, phrase)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(win.document.cmap.edges) == count + 1, timeout=5000)


def group_as(qtbot, win: MainWindow, name: str) -> None:
    """Ctrl+G on the selection, the new group's name typed over the one offered, Enter."""
    QTest.keyClick(win.view, Qt.Key.Key_G, CTRL)
    editor = win.edits.canvas.editor
    qtbot.waitUntil(editor.isVisible, timeout=5000)
    editor.selectAll()
    QTest.keyClicks(editor, name)
    QTest.keyClick(editor, Qt.Key.Key_Return)


def box_colour(image: QImage, win: MainWindow, node_id: str, scale: float) -> QColor:
    """The colour of a concept's box in a picture of the whole map at ``scale``, a few pixels
    in from its left edge (clear of its name)."""
    box = win.scene.node_items[node_id].scene_box()
    origin = win.scene.picture_bounds().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN).topLeft()
    at = (QPointF(box.left() + 6, box.center().y()) - origin) * scale
    return image.pixelColor(int(at.x()), int(at.y()))


def test_a_picture_of_the_map_shows_every_concept_whatever_was_clicked_last(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new map of 3 concepts, two linked; the last one linked still clicked, File > Export
    Image… wrote a PNG in which the third concept was faded to a pale grey, as the window fades
    all but the clicked concept's neighbours: a map of 9 concepts showed 2 at full strength. The
    picture is the map whole; the window still lights the neighbours afterwards."""
    win, (fungi, plants, drought) = new_map(qtbot, ["Mycorrhizal fungi", "Plants", "Drought"])
    link(qtbot, win, fungi, plants, "feed")
    click_concept(qtbot, win, fungi)
    qtbot.waitUntil(lambda: win.scene.node_items[drought].dimmed, timeout=5000)
    monkeypatch.setattr(
        exportdialog.ExportOptions, "exec", lambda self: QDialog.DialogCode.Accepted
    )
    target = tmp_path / "soil.png"
    monkeypatch.setattr(
        exportdialog.QFileDialog,
        "getSaveFileName",
        lambda *args: (str(target), "PNG image (*.png)"),
    )
    menu_item(win, "File", "Export Image…").trigger()
    qtbot.waitUntil(target.exists, timeout=10_000)
    image = QImage(str(target))
    bounds = win.scene.picture_bounds().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    scale = image.width() / bounds.width()
    lit, other = box_colour(image, win, fungi, scale), box_colour(image, win, drought, scale)
    assert abs(lit.lightness() - other.lightness()) <= 8, (lit.name(), other.name())
    assert win.scene.node_items[drought].dimmed  # the window's own highlight is back
    assert win.scene.selection_order() == [fungi]


def test_a_new_groups_details_name_its_members_and_each_member_its_group(qtbot) -> None:
    """Two concepts clicked, Ctrl+G, "Soil life" typed: the group's Details read "■ Concept"
    and "No quotation from the sources yet." with no word of what it holds, and a member's
    nothing of its group. Now the group says "Group" and "Holds 2 concepts: …", each name a
    link; clicking one reads that member, which says "In the group Soil life"."""
    win, (bacteria, nitrogen, _drought) = new_map(qtbot, ["Soil bacteria", "Nitrogen", "Drought"])
    click_concept(qtbot, win, bacteria)
    click_concept(qtbot, win, nitrogen, CTRL)
    group_as(qtbot, win, "Soil life")
    qtbot.waitUntil(lambda: "Soil life" in win.details.toPlainText(), timeout=5000)
    lines = win.details.toPlainText().splitlines()
    assert lines[:3] == ["Soil life", "■ Group", "Holds 2 concepts: Soil bacteria, Nitrogen"]
    click_anchor(qtbot, win.details, link_href("node", nitrogen))
    qtbot.waitUntil(lambda: win.scene.selection_order() == [nitrogen], timeout=5000)
    assert win.details.toPlainText().splitlines()[:3] == [
        "Nitrogen",
        "■ Concept",
        "In the group Soil life",
    ]


def test_a_new_map_gives_its_concepts_a_kind_from_the_concept_kind_menu(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two concepts of a new map selected, Edit > Concept Kind offered "No kind" alone: a kind
    had to be found in Map > Kinds… and then given from the menu again. Its New Kind… asks a
    name and gives the selected concepts a kind of that name, in a colour of its own, in one
    undo step, which the Legend lists."""
    win, (fungi, bacteria, drought) = new_map(qtbot, ["Fungi", "Soil bacteria", "Drought"])
    click_concept(qtbot, win, fungi)
    click_concept(qtbot, win, bacteria, CTRL)
    asked: list[str] = []

    def answer(parent: object, title: str, label: str) -> tuple[str, bool]:
        asked.append(label)
        return "Soil organism", True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    stack = win.document.undo_stack
    steps = stack.count()
    menu_item(win, "Edit", "Concept Kind", "New Kind…").trigger()
    assert asked == ["Name of the new kind:"]
    [kind] = win.document.cmap.kinds
    assert kind.label == "Soil organism" and kind.color is not None
    nodes = win.document.nodes
    assert [nodes[n].kind for n in (fungi, bacteria, drought)] == [kind.id, kind.id, None]
    assert stack.count() == steps + 1
    assert stack.undoText() == "New kind “Soil organism” for 2 concepts"
    qtbot.waitUntil(lambda: "Soil organism  (2)" in win.legend.item(0).text(), timeout=5000)
    QTest.keyClick(win.view, Qt.Key.Key_Z, CTRL)
    assert win.document.cmap.kinds == [] and nodes[fungi].kind is None


def test_grouping_three_concepts_moves_a_fourth_out_from_under_the_new_frame(qtbot) -> None:
    """Soil bacteria, Nitrogen and Earthworms grouped on a new map: the frame drawn round them
    took in Phosphorus, which lay between them, so it read (in the window, the PNG and the
    slides) as one of the group. Now the grouping moves Phosphorus just clear of the frame,
    in the same undo step; Ctrl+Z twice (the name, then the group) puts it back."""
    names = ["Phosphorus", "Soil bacteria", "Drought", "Nitrogen", "Earthworms"]
    win, (phosphorus, bacteria, drought, nitrogen, worms) = new_map(qtbot, names)
    before = {n: (win.document.nodes[n].x, win.document.nodes[n].y) for n in win.document.nodes}
    click_concept(qtbot, win, bacteria)
    click_concept(qtbot, win, nitrogen, CTRL)
    click_concept(qtbot, win, worms, CTRL)
    group_as(qtbot, win, "Soil life")
    [group] = [n for n in win.document.nodes if n not in before]
    items = win.scene.node_items
    qtbot.waitUntil(lambda: win.document.nodes[group].label == "Soil life", timeout=5000)
    frame = items[group].scene_box()
    inside = [n for n in before if items[n].scene_box().intersects(frame)]
    assert sorted(inside) == sorted([bacteria, nitrogen, worms])
    moved = [n for n in before if (win.document.nodes[n].x, win.document.nodes[n].y) != before[n]]
    assert moved == [phosphorus]
    assert drought not in moved
    stack = win.document.undo_stack
    QTest.keyClick(win.view, Qt.Key.Key_Z, CTRL)  # the name
    QTest.keyClick(win.view, Qt.Key.Key_Z, CTRL)  # the group, and the move out of it
    now = {n: (win.document.nodes[n].x, win.document.nodes[n].y) for n in win.document.nodes}
    assert now == before
    assert not stack.canUndo() or stack.undoText() == "New concept"


def test_three_documents_dropped_on_the_source_dock_are_said_as_sources(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new map saved, then a text file, a Markdown file and a PDF dropped on the Source dock
    at once: the bar said "Added “Notes”, “Review”, “Paper” as a source (a copy beside the
    map)." Now "as sources (copies beside the map)"; the three copies are in sources/."""
    win, _ids = new_map(qtbot, ["Soil carbon"])
    folder = tmp_path / "soil"
    folder.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args, **kw: (str(folder / "soil.json"), "")
    )
    QTest.keyClick(win.view, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: win.document.path is not None, timeout=5000)
    files = [tmp_path / "notes.txt", tmp_path / "review.md", tmp_path / "paper.pdf"]
    files[0].write_text("Soil holds more carbon than the atmosphere.\n", encoding="utf-8")
    files[1].write_text("# Review\n\nFungi move **carbon** into soil.\n", encoding="utf-8")
    shutil.copy(DATA / "reading" / "two-column.pdf", files[2])
    win.reader_dock.show()
    qtbot.waitUntil(win.reader_dock.isVisible, timeout=5000)
    assert drag_and_drop(win.reader, QPoint(40, 40), file_mime(*files))
    assert [s.title for s in win.document.cmap.sources] == ["Notes", "Review", "Paper"]
    assert win.statusBar().currentMessage() == (
        "Added “Notes”, “Review”, “Paper” as sources (copies beside the map)."
    )
    assert sorted(p.name for p in (folder / "sources").iterdir()) == sorted(f.name for f in files)


@needs_chromium
def test_the_web_page_of_a_map_with_one_group_and_one_link_counts_them_as_one(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File > Export Map As… a web page, of a new map of 3 concepts, 2 in a group, 1 link: its
    foot read "3 concepts, 1 groups, 1 links" -> "3 concepts, 1 group, 1 link"."""
    win, (fungi, plants, _drought) = new_map(qtbot, ["Fungi", "Plants", "Drought"])
    link(qtbot, win, fungi, plants, "feed")
    click_concept(qtbot, win, fungi)
    click_concept(qtbot, win, plants, CTRL)
    QTest.keyClick(win.view, Qt.Key.Key_G, CTRL)
    editor = win.edits.canvas.editor
    qtbot.waitUntil(editor.isVisible, timeout=5000)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    page = tmp_path / "soil.html"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args, **kw: (str(page), "Web page (*.html)")
    )
    menu_item(win, "File", "Export Map As…").trigger()
    qtbot.waitUntil(page.exists, timeout=10_000)
    dom = dump_dom(page.as_uri(), tmp_path / "profile")
    assert '<span id="stats">3 concepts, 1 group, 1 link</span>' in dom


def test_clicking_a_concept_with_no_links_yet_fades_nothing(qtbot) -> None:
    """Building a map, its author clicks the concept just typed, not yet linked: every other
    concept faded to near-unreadable, as if lighting its neighbours, of which it had none.
    Once linked, a click lights its neighbours as before."""
    win, (fungi, plants, drought) = new_map(qtbot, ["Mycorrhizal fungi", "Plants", "Drought"])
    click_concept(qtbot, win, drought)
    qtbot.waitUntil(lambda: win.scene.current == ("node", drought), timeout=5000)
    assert [n for n, item in win.scene.node_items.items() if item.dimmed] == []
    link(qtbot, win, fungi, plants, "feed")
    click_concept(qtbot, win, fungi)
    qtbot.waitUntil(lambda: win.scene.node_items[drought].dimmed, timeout=5000)
    assert not win.scene.node_items[plants].dimmed


def test_the_details_kind_list_names_a_new_kind_for_the_selected_concepts(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Details > Edit on two concepts of a new map: the Kind list offered "No kind" alone, where
    Edit > Concept Kind has New Kind…. Its last entry is now "New kind…": chosen from the
    keyboard it asks a name, and both concepts get a kind of that name, in one undo step."""
    win, (fungi, bacteria, drought) = new_map(qtbot, ["Fungi", "Soil bacteria", "Drought"])
    click_concept(qtbot, win, fungi)
    click_concept(qtbot, win, bacteria, CTRL)
    QTest.keyClick(win.view, Qt.Key.Key_E, CTRL | Qt.KeyboardModifier.ShiftModifier)
    combo = win.detail_editing.editor.kind_combo
    qtbot.waitUntil(combo.isVisible, timeout=5000)
    assert [combo.itemText(i) for i in range(combo.count())] == ["No kind", "New kind…"]
    monkeypatch.setattr(QInputDialog, "getText", lambda *args: ("Soil organism", True))
    steps = win.document.undo_stack.count()
    combo.setFocus(Qt.FocusReason.MouseFocusReason)
    QTest.keyClick(combo, Qt.Key.Key_End)
    [kind] = win.document.cmap.kinds
    nodes = win.document.nodes
    assert kind.label == "Soil organism"
    assert [nodes[n].kind for n in (fungi, bacteria, drought)] == [kind.id, kind.id, None]
    assert combo.currentText() == "Soil organism"
    assert win.document.undo_stack.count() == steps + 1
    QTest.keyClick(win.view, Qt.Key.Key_Z, CTRL)
    assert win.document.cmap.kinds == [] and nodes[fungi].kind is None


def test_the_status_count_is_whole_as_soon_as_a_group_is_made_at_1024_wide(qtbot) -> None:
    """At 1024x768, Ctrl+G on three concepts: the status bar's count, now longer by
    "· 1 group", was drawn in the place of the shorter one, cut to "6 concepts · 1 group ·"
    until the bar was laid out again. It is laid out as it changes, whole on the bar."""
    names = ["Phosphorus", "Soil bacteria", "Drought", "Nitrogen", "Earthworms", "Fungi"]
    win, ids = new_map(qtbot, names)
    link(qtbot, win, ids[0], ids[1], "feed")
    win.resize(1024, 768)
    qtbot.waitUntil(lambda: win.width() == 1024, timeout=5000)
    for modifier, node_id in zip((NONE, CTRL, CTRL), ids[1:4], strict=True):
        click_concept(qtbot, win, node_id, modifier)
    count = win._status_counts
    QTest.keyClick(win.view, Qt.Key.Key_G, CTRL)
    assert count.text() == "6 concepts · 1 group · 1 link"
    assert count.width() >= count.sizeHint().width()
    assert count.geometry().right() < win.statusBar().width()
    QTest.keyClick(win.view, Qt.Key.Key_Z, CTRL)  # the group taken back: shorter, still whole
    assert count.text() == "6 concepts · 1 link"
    assert count.width() >= count.sizeHint().width()


def test_the_link_handle_of_a_selected_concept_covers_no_linking_phrase(qtbot) -> None:
    """Fungi linked to Plants a little way right of it, "supply water to": clicking Fungi put
    the + handle right of its box, over the phrase's first letter ("upply water to"). The
    handle goes to the first side where it covers no phrase (here the left), and dragging
    from it onto Drought still links the two."""
    win, [fungi] = new_map(qtbot, ["Fungi"])
    plants = add_concept(qtbot, win, QPoint(150 + 280, 120), "Plants")
    drought = add_concept(qtbot, win, QPoint(150, 340), "Drought")
    link(qtbot, win, fungi, plants, "supply water to")
    click_concept(qtbot, win, fungi)
    item = win.scene.node_items[fungi]
    centre = item.handle_centre()
    reach = HANDLE_RADIUS + 1.5  # its ring's pen
    disc = QRectF(centre.x() - reach, centre.y() - reach, 2 * reach, 2 * reach)
    [phrase] = [e.label_rect for e in win.scene.edge_items.values()]
    assert not phrase.isEmpty() and not disc.intersects(phrase)
    assert not disc.intersects(item.scene_box())
    view = win.view.viewport()
    start = win.view.mapFromScene(centre)
    end = win.view.mapFromScene(win.scene.node_items[drought].scene_box().center())
    QTest.mousePress(view, LEFT, NONE, start)
    for step in range(1, 7):
        QTest.mouseMove(view, start + (end - start) * (step / 6))
    QTest.mouseRelease(view, LEFT, NONE, end)
    editor = win.edits.canvas.editor
    qtbot.waitUntil(editor.isVisible, timeout=5000)
    QTest.keyClicks(editor, "stresses")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(win.document.cmap.edges) == 2, timeout=5000)
    [made] = [e for e in win.document.cmap.edges if e.target == drought]
    assert made.source == fungi and made.label == "stresses"
