"""A concept's picture given and taken away as a person does it: Style > Picture... answering
the file dialog, Style > Remove Picture, a picture file dropped on a concept; one undo step for
the selection, drawn at once, kept through saving and reopening, and a file that is no picture
refused by name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QSpinBox

from mapviewer.document import Document
from mapviewer.io.mapfile import dumps
from mapviewer.io.registry import open_map
from mapviewer.model import PICTURE_LIMIT, ConceptMap, Node, picture_parts, picture_uri
from mapviewer.ui.details.detaileditor import DetailEditor
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, imported_window, shown_window
from .real_input import drag_and_drop, file_mime
from .test_loading import press_ctrl_o

GUARD = 10_000
PNG_HEAD = b"\x89PNG\r\n\x1a\n"
RED = "#ff0000"
DESIGN = DATA / "interop" / "yed-phenodcc-design.graphml"


def red_png(path: Path, side: int = 24) -> Path:
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor(RED))
    assert image.save(str(path))
    return path


def style_action(qtbot, window: MainWindow, text: str) -> QAction:
    """The Style menu's entry ``text``, found through the menu bar, the menu opened once so it
    shows what applies to the selection (and shut again)."""
    bar = window.menuBar()
    menu = next(a.menu() for a in bar.actions() if a.text() == "&Style")
    menu.popup(window.mapToGlobal(QPoint(60, 40)))
    qtbot.waitUntil(menu.isVisible, timeout=GUARD)
    action = next(a for a in menu.actions() if a.text() == text)
    menu.hide()
    return action


def answer_file_dialog(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """The file dialog answering ``path``; what it was asked to show is kept."""
    asked: list[str] = []

    def chosen(*args: object, **_: object) -> tuple[str, str]:
        asked.append(str(args[-1]))
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", chosen)
    return asked


def drawn_red(window: MainWindow, node_id: str) -> bool:
    """Whether the concept's box shows the red picture (its name is written over it)."""
    box = window.view.mapFromScene(window.scene.node_items[node_id].scene_box()).boundingRect()
    image = window.view.grab().toImage()
    reds = sum(
        image.pixelColor(x, y).name() == RED
        for x in range(box.left(), box.right(), 2)
        for y in range(box.top(), box.bottom(), 2)
    )
    return reds > 20


def test_style_picture_gives_the_selection_a_picture_in_one_step_kept_through_saving(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    doc = window.document
    before = [n.model_dump() for n in doc.cmap.nodes]  # saving elsewhere moves source paths
    window.scene.select_many(["pd-1", "ctla-4"], [])
    asked = answer_file_dialog(monkeypatch, red_png(tmp_path / "red.png"))
    picture = style_action(qtbot, window, "&Picture...")
    assert picture.isEnabled()
    assert not style_action(qtbot, window, "Re&move Picture").isEnabled()  # none has one yet
    picture.trigger()
    assert "*.png" in asked[0] and "*.svg" in asked[0]
    uri = doc.nodes["pd-1"].picture
    assert uri is not None and picture_parts(uri)[0] == "image/png"
    assert doc.nodes["ctla-4"].picture == uri and doc.nodes["t-cells"].picture is None
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Picture of 2 concepts"
    qtbot.waitUntil(lambda: drawn_red(window, "pd-1"), timeout=GUARD)
    # An icon of the picture's proportions, its name written below it, as yEd's image nodes.
    item = window.scene.node_items["ctla-4"]
    assert (item.box.width(), item.box.height()) == (64.0, 64.0)
    assert item.label_box().top() > item.scene_box().bottom()
    saved = tmp_path / "saved.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    next(a for a in file_menu.actions() if a.text() == "Save &As…").trigger()
    assert {n.id: n.picture for n in open_map(saved).nodes if n.picture} == {
        "pd-1": uri,
        "ctla-4": uri,
    }
    window.edits.undo.trigger()
    assert [n.model_dump() for n in doc.cmap.nodes] == before
    qtbot.waitUntil(lambda: not drawn_red(window, "pd-1"), timeout=GUARD)
    window.edits.redo.trigger()
    window.scene.select_many(["pd-1", "ctla-4", "t-cells"], [])
    remove = style_action(qtbot, window, "Re&move Picture")
    assert remove.isEnabled()
    remove.trigger()
    assert {doc.nodes[n].picture for n in ("pd-1", "ctla-4", "t-cells")} == {None}
    assert [n.model_dump() for n in doc.cmap.nodes] == before  # the boxes and names as they were
    assert doc.undo_stack.undoText() == "Remove picture of 2 concepts"
    qtbot.waitUntil(lambda: not drawn_red(window, "pd-1"), timeout=GUARD)
    window.edits.undo.trigger()
    assert doc.nodes["ctla-4"].picture == uri
    # Reopened with File > Open, the saved pictures are drawn again.
    window.document.undo_stack.setClean()
    press_ctrl_o(qtbot, window, monkeypatch, saved)
    qtbot.waitUntil(lambda: window.document is not doc, timeout=GUARD)
    qtbot.waitUntil(lambda: "pd-1" in window.scene.node_items, timeout=GUARD)
    assert window.document.nodes["pd-1"].picture == uri
    qtbot.waitUntil(lambda: drawn_red(window, "pd-1"), timeout=GUARD)


def refused(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: said.append(text))
    return said


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("notes.png", b"just some words\n", "is no PNG, JPEG, GIF or SVG picture"),
        ("huge.png", PNG_HEAD + bytes(3 * 1024 * 1024), "the limit is 2 MB"),
        ("broken.png", PNG_HEAD + bytes(100), "PNG picture that cannot be read"),
    ],
)
def test_a_file_that_is_no_picture_is_refused_naming_it(
    qtbot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    name: str,
    content: bytes,
    reason: str,
) -> None:
    doc = window.document
    before = dumps(doc.cmap)
    path = tmp_path / name
    path.write_bytes(content)
    said = refused(monkeypatch)
    answer_file_dialog(monkeypatch, path)
    window.scene.select_many(["pd-1"], [])
    style_action(qtbot, window, "&Picture...").trigger()
    assert len(said) == 1 and str(path) in said[0] and reason in said[0]
    assert dumps(doc.cmap) == before and doc.undo_stack.count() == 0


def test_an_svg_picture_keeps_no_link_to_a_file(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    red = red_png(tmp_path / "red.png")
    svg = tmp_path / "linked.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' width="20" height="20"><image width="20" height="20" xlink:href="{red}"/>'
        '<rect width="20" height="20" fill="#000000"/></svg>',
        encoding="utf-8",
    )
    answer_file_dialog(monkeypatch, svg)
    window.scene.select_many(["pd-1"], [])
    style_action(qtbot, window, "&Picture...").trigger()
    media, data = picture_parts(window.document.nodes["pd-1"].picture or "")
    assert media == "image/svg+xml" and b"<rect" in data
    assert str(red).encode() not in data


def test_a_picture_file_dropped_on_a_concept_becomes_its_picture(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    doc = window.document
    png = red_png(tmp_path / "red.png")
    viewport = window.view.viewport()
    item = window.scene.node_items["t-cells"]
    at = window.view.mapFromScene(QPointF(item.cx, item.cy))
    assert drag_and_drop(viewport, at, file_mime(png))
    qtbot.waitUntil(lambda: doc.nodes["t-cells"].picture is not None, timeout=GUARD)
    assert [n.id for n in doc.cmap.nodes if n.picture] == ["t-cells"]
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Picture of “T cells”"
    qtbot.waitUntil(lambda: drawn_red(window, "t-cells"), timeout=GUARD)
    # On empty canvas the picture is not taken (nor opened as a map).
    empty = window.view.mapFromScene(window.scene.itemsBoundingRect().topLeft() - QPointF(80, 80))
    assert not drag_and_drop(viewport, empty, file_mime(png))
    assert doc.undo_stack.count() == 1


def test_the_details_form_shows_chooses_and_removes_the_picture(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    doc = window.document
    window.go_to("node", "tregs")
    window.detail_editing.toggle.trigger()
    editor = window.detail_editing.editor
    qtbot.waitUntil(editor.picture_choose.isVisible, timeout=GUARD)
    assert editor.picture_text.text() == "None" and not editor.picture_remove.isEnabled()
    answer_file_dialog(monkeypatch, red_png(tmp_path / "red.png"))
    qtbot.mouseClick(editor.picture_choose, Qt.MouseButton.LeftButton)
    assert doc.nodes["tregs"].picture is not None
    assert doc.undo_stack.undoText() == "Picture of “Regulatory T cells”"
    qtbot.waitUntil(lambda: editor.picture_text.text().startswith("PNG, "), timeout=GUARD)
    assert editor.picture_remove.isEnabled()
    qtbot.mouseClick(editor.picture_remove, Qt.MouseButton.LeftButton)
    assert doc.nodes["tregs"].picture is None and editor.picture_text.text() == "None"
    assert doc.undo_stack.count() == 2
    window.edits.undo.trigger()
    qtbot.waitUntil(lambda: editor.picture_text.text().startswith("PNG, "), timeout=GUARD)


def typed_size(qtbot, editor: DetailEditor, spin: QSpinBox, text: str) -> None:
    """``text`` typed over a Details number field, and the field left, as a person does."""
    spin.setFocus(Qt.FocusReason.TabFocusReason)
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    editor.colour_combo.setFocus(Qt.FocusReason.TabFocusReason)


def box_size(window: MainWindow, node_id: str) -> tuple[float, float]:
    box = window.scene.node_items[node_id].scene_box()
    return round(box.width(), 1), round(box.height(), 1)


def test_removing_a_picture_gives_the_box_back_its_size_from_before(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A box sized 150 x 60 in Details, given a picture (a 64-unit icon), is 150 x 60 again
    when the picture is removed, from the Style menu or Details' Remove, in one undo step:
    before, it stayed a cramped 64 x 64 icon-sized box until Undo."""
    doc = window.document
    window.go_to("node", "pd-1")
    window.detail_editing.toggle.trigger()
    editor = window.detail_editing.editor
    qtbot.waitUntil(editor.width_spin.isVisible, timeout=GUARD)
    typed_size(qtbot, editor, editor.width_spin, "150")
    typed_size(qtbot, editor, editor.height_spin, "60")
    assert box_size(window, "pd-1") == (150.0, 60.0)
    answer_file_dialog(monkeypatch, red_png(tmp_path / "red.png"))
    window.scene.select_many(["pd-1"], [])
    style_action(qtbot, window, "&Picture...").trigger()
    assert box_size(window, "pd-1") == (64.0, 64.0)
    steps = doc.undo_stack.count()
    style_action(qtbot, window, "Re&move Picture").trigger()
    assert doc.nodes["pd-1"].picture is None
    assert box_size(window, "pd-1") == (150.0, 60.0)
    item = window.scene.node_items["pd-1"]
    assert item.label_box() == item.scene_box()  # the name inside the box again
    assert doc.undo_stack.count() == steps + 1
    assert window.edits.undo.text().startswith("&Undo Remove picture of “PD-1”")
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert box_size(window, "pd-1") == (64.0, 64.0)
    # What the canvas keeps to draw and undraw the picture is no datum the Details pane lists.
    qtbot.waitUntil(lambda: "PD-1" in window.details.toPlainText(), timeout=GUARD)
    said = window.details.toPlainText()
    assert "box-before-picture" not in said and "yed-caption-at" not in said
    # Details' Remove does the same.
    qtbot.waitUntil(editor.picture_remove.isEnabled, timeout=GUARD)
    qtbot.mouseClick(editor.picture_remove, Qt.MouseButton.LeftButton)
    assert box_size(window, "pd-1") == (150.0, 60.0)
    assert doc.undo_stack.count() == steps + 1


def test_removing_an_imported_picture_gives_a_box_fitted_to_its_name(qtbot) -> None:
    """A picture that came with the file had no box before it: the box fits its name."""
    window = imported_window(qtbot, DESIGN)
    servers = next(
        i for i in window.scene.node_items.values() if i.label.startswith("image host servers")
    )
    window.scene.select_many([servers.node_id], [])
    style_action(qtbot, window, "Re&move Picture").trigger()
    node = window.document.nodes[servers.node_id]
    assert (node.picture, node.width, node.height) == (None, None, None)
    assert servers.label_box() == servers.scene_box()
    assert servers.scene_box().width() > 35.1  # wider than the icon, round its name


def test_a_picture_the_map_has_no_room_for_is_refused_naming_it(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A map holds 64 MB of pictures: 24 concepts carry 65 MB of them, and a photograph of
    1.9 MB more is refused by name, the map unchanged."""
    filler = [PNG_HEAD + i.to_bytes(4, "big") + bytes(PICTURE_LIMIT - 12) for i in range(23)]
    filler.append(PNG_HEAD + bytes(1024 * 1024))
    nodes = [
        Node(id=f"c{i}", label=f"C{i}", x=i * 80.0, y=0.0, picture=picture_uri("image/png", data))
        for i, data in enumerate(filler)
    ]
    nodes.append(Node(id="photo", label="Photo", x=0.0, y=200.0))
    window = shown_window(qtbot, Document(ConceptMap(nodes=nodes)), (1000, 700))
    noise = QImage(os.urandom(800 * 800 * 3), 800, 800, 800 * 3, QImage.Format.Format_RGB888)
    photo = tmp_path / "photo.png"
    assert noise.save(str(photo)) and 1.8e6 < photo.stat().st_size < PICTURE_LIMIT
    said = refused(monkeypatch)
    answer_file_dialog(monkeypatch, photo)
    window.scene.select_many(["photo"], [])
    style_action(qtbot, window, "&Picture...").trigger()
    assert len(said) == 1 and str(photo) in said[0] and "more than 64 MB" in said[0]
    assert window.document.nodes["photo"].picture is None
    assert window.document.undo_stack.count() == 0
