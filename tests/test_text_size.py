"""A concept's own text size, as CmapTools and yEd give each label its own: the files' sizes
open as drawn there (a title bigger, notes smaller, the common size as narrow as the tool's),
go back to those tools, and are changed from the Style menu and the Details form."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtTest import QTest

from mapviewer.document import Document
from mapviewer.io import cxl, graphml
from mapviewer.io.mapfile import dumps
from mapviewer.io.registry import open_map, save_map
from mapviewer.model import ConceptMap, Node
from mapviewer.paths import DEFAULT_MAP
from mapviewer.problems import MapFileError
from mapviewer.scene.hubnames import LEGIBLE_PX
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, INTEROP, needs_shared, open_window, shown_window
from .io.chromium import BINARY, MISSING, Browser
from .test_link_width_editing import choose_by_keys

BACTERIA = INTEROP / "cxl/bacterial-characteristics.cxl"
DASHED_FRAMES = DATA / "interop/yed-dashed-frames.graphml"
FRAME_NODES = DATA / "interop/yed-frame-nodes.graphml"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
CXL = "{http://cmap.ihmc.us/xml/cmap/}"
Y = "{http://www.yworks.com/xml/graphml}"


def scene_of(cmap: ConceptMap) -> MapScene:
    return MapScene(Document(cmap))


def items_by_label(scene: MapScene) -> dict[str, NodeItem]:
    nodes = scene.document.nodes
    return {nodes[i].label: item for i, item in scene.node_items.items()}


def label_rect(item: NodeItem) -> QRectF:
    """Where the label's letters are drawn, in scene coordinates."""
    size = item.text.size
    return QRectF(
        item.cx - size.width() / 2, item.cy - size.height() / 2, size.width(), size.height()
    )


def label_pt(item: NodeItem) -> float:
    return item.text_font.pointSizeF()


# --- opening the tools' files ---------------------------------------------------------------


@needs_shared(BACTERIA)
def test_cmaptools_12_px_labels_no_longer_cover_their_neighbours(qapp) -> None:
    """The bacteria map's flagella row stands 100 apart, as CmapTools fits 12 px Segoe UI:
    in the theme's wider 10 pt "monotrichous"'s box covered the "l" of "lophotrichous".
    Its 16 px "Gram +" and 18 px "Bacteria" are bigger than the 12 px concepts round them."""
    cmap = cxl.load(BACTERIA)
    sizes = sorted({n.text_size for n in cmap.nodes if n.text_size})
    assert sizes[0] == 9.0  # CmapTools' 12 px, the map's common size
    scene = scene_of(cmap)
    items = items_by_label(scene)
    mono, lopho = items["monotrichous"], items["lophotrichous"]
    assert not mono.scene_box().intersects(label_rect(lopho))
    assert not lopho.scene_box().intersects(label_rect(mono))
    assert label_pt(items["Bacteria"]) == 13.5  # 18 px, its whole label's own run
    common = label_pt(items["prokaryotes"])
    assert common == 9.0
    gram = next(item for label, item in items.items() if label.startswith("Gram") and "+" in label)
    assert label_pt(gram) == 12.0  # 16 px
    assert gram.text.line_height > 1.25 * items["prokaryotes"].text.line_height


def test_yed_labels_open_in_their_own_sizes(qapp) -> None:
    """ml-io's dashed frames letters its blocks in yEd's 10 px and its frames in 12: in the
    theme's one size "TensorFlow" ran over "PyTorch" beside it. The LiteX diagram's FPGA frame
    is titled in 16 px over its 14 px blocks."""
    items = items_by_label(scene_of(graphml.load(DASHED_FRAMES)))
    assert label_pt(items["NumPy"]) == 7.5 and label_pt(items["Environments"]) == 9.0
    assert not items["TensorFlow"].scene_box().intersects(label_rect(items["PyTorch"]))
    frames = items_by_label(scene_of(graphml.load(FRAME_NODES)))
    big, small = frames["FPGA"], items["NumPy"]
    assert label_pt(big) == 12.0
    # Drawn larger: its letters taller and its line wider for each letter.
    assert big.text.line_height == pytest.approx(small.text.line_height * 16 / 10, rel=0.12)
    assert big.text.size.width() / 4 > small.text.size.width() / 5


def test_a_concept_without_a_size_keeps_the_themes(qapp) -> None:
    cmap = ConceptMap(
        nodes=[
            Node(id="a", label="checkpoint", x=0, y=0),
            Node(id="b", label="checkpoint", x=0, y=200, text_size=20),
        ]
    )
    scene = scene_of(cmap)
    a, b = scene.node_items["a"], scene.node_items["b"]
    assert label_pt(a) == scene.theme.node_font.pointSizeF()
    assert b.scene_box().width() > a.scene_box().width() * 1.5
    assert b.scene_box().height() > a.scene_box().height()


# --- writing them back ----------------------------------------------------------------------


@needs_shared(BACTERIA)
def test_cmaptools_sizes_go_back_to_cmaptools(tmp_path: Path) -> None:
    """Each concept's font-size goes back as read (12 px stays "12", not the theme's 13.3)."""
    cmap = cxl.load(BACTERIA)
    out = tmp_path / "bacteria.cxl"
    cxl.save(cmap, out)
    root = ElementTree.parse(out).getroot()
    written = {a.get("id"): a.get("font-size") for a in root.iter(f"{CXL}concept-appearance")}
    for node in cmap.nodes:
        assert written[node.id] == f"{round(node.text_size * 4 / 3)}", node.label
    assert [n.text_size for n in cxl.load(out).nodes] == [n.text_size for n in cmap.nodes]


def test_yed_sizes_go_back_to_yed(tmp_path: Path) -> None:
    cmap = graphml.load(DASHED_FRAMES)
    out = tmp_path / "frames.graphml"
    graphml.save(cmap, out)
    sizes = sorted(
        label.get("fontSize", "")
        for label in ElementTree.parse(out).getroot().iter(f"{Y}NodeLabel")
    )
    assert sizes.count("10") >= 9 and "12" in sizes
    assert {n.id: n.text_size for n in graphml.load(out).nodes} == {
        n.id: n.text_size for n in cmap.nodes
    }


@pytest.mark.parametrize("suffix", [".cxl", ".graphml", ".gexf", ".cyjs", ".canvas", ".json"])
def test_a_text_size_comes_back_from_every_format(tmp_path: Path, suffix: str) -> None:
    """A size set here (11 pt, no whole number of pixels) and a file's 9.75 (13 px) come back
    exactly; a concept without one gets none made up."""
    cmap = open_map(DATA / "sample.json")
    cmap.nodes[0].text_size = 11.0
    cmap.nodes[1].text_size = 9.75
    path = tmp_path / f"map{suffix}"
    save_map(cmap, path)
    back = open_map(path)
    assert [n.text_size for n in back.nodes] == [11.0, 9.75] + [None] * (len(cmap.nodes) - 2)


# --- bad values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "said"),
    [(200, "less than or equal to 96"), (2, "greater than or equal to 4"), ("big", "number")],
)
def test_a_bad_text_size_is_refused_naming_the_field(tmp_path: Path, value, said) -> None:
    data = json.loads((DATA / "sample.json").read_text(encoding="utf-8"))
    data["nodes"][0]["text_size"] = value
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(MapFileError) as caught:
        open_map(path)
    assert f"nodes[id={data['nodes'][0]['id']}].text_size" in str(caught.value)
    assert said in str(caught.value)


def test_a_cmaptools_size_mapviewer_cannot_draw_is_skipped_and_kept(tmp_path: Path, caplog) -> None:
    """font-size "huge" or 400 px: the concept opens in the theme's size, the import says
    which concept and value it skipped, and the value goes back to CmapTools as it was."""
    source = tmp_path / "odd.cxl"
    source.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<cmap xmlns="http://cmap.ihmc.us/xml/cmap/"><map>
<concept-list><concept id="a" label="huge"/><concept id="b" label="big"/>
<concept id="c" label="small"/></concept-list>
<concept-appearance-list>
<concept-appearance id="a" x="50" y="50" font-size="huge"/>
<concept-appearance id="b" x="250" y="50" font-size="400"/>
<concept-appearance id="c" x="450" y="50" font-size="10"/>
</concept-appearance-list></map></cmap>""",
        encoding="utf-8",
    )
    cmap = cxl.load(source)
    assert [n.text_size for n in cmap.nodes] == [None, None, 7.5]
    assert "concept 'a'" in caplog.text and "text_size 'huge' skipped" in caplog.text
    assert "concept 'b'" in caplog.text and "text_size 300.0 skipped" in caplog.text
    assert "Style values mapviewer cannot draw were left out" in cmap.description
    out = tmp_path / "again.cxl"
    cxl.save(cmap, out)
    written = {
        a.get("id"): a.get("font-size")
        for a in ElementTree.parse(out).getroot().iter(f"{CXL}concept-appearance")
    }
    assert written == {"a": "huge", "b": "400", "c": "10"}


# --- editing --------------------------------------------------------------------------------


@pytest.fixture
def active(qtbot, window: MainWindow) -> MainWindow:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_text_size_from_the_style_menu_by_keys_and_undo(qtbot, active) -> None:
    """Style > Text Size > Larger on two concepts of different sizes steps each up from its
    own (10 -> 11, 14 -> 16), their boxes grow at once, one undo step; Ctrl+] and Ctrl+[ do
    the same from the canvas; Reset to Theme's Size takes it back; undone, as before."""
    window = active
    doc = window.document
    doc.cmap.nodes[1].text_size = 14.0
    window.scene.rebuild()
    first, second = doc.cmap.nodes[0].id, doc.cmap.nodes[1].id
    before = dumps(doc.cmap)
    width = window.scene.node_items[first].scene_box().width()
    window.scene.select_many([first, second], [])
    choose_by_keys(qtbot, window, Qt.Key.Key_X, Qt.Key.Key_L)  # Te&xt Size > &Larger
    assert (doc.nodes[first].text_size, doc.nodes[second].text_size) == (11.0, 16.0)
    assert window.scene.node_items[first].scene_box().width() > width
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Larger text of 2 concepts"
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    assert (doc.nodes[first].text_size, doc.nodes[second].text_size) == (12.0, 18.0)
    QTest.keyClick(window.view, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.ControlModifier)
    assert (doc.nodes[first].text_size, doc.nodes[second].text_size) == (11.0, 16.0)
    window.style_menu.popup(window.mapToGlobal(QPoint(60, 40)))
    qtbot.waitUntil(window.style_menu.isVisible, timeout=10_000)
    assert not window.styles.text_size_reset.isChecked()
    window.style_menu.hide()
    choose_by_keys(qtbot, window, Qt.Key.Key_X, Qt.Key.Key_R)  # &Reset to Theme's Size
    assert {doc.nodes[first].text_size, doc.nodes[second].text_size} == {None}
    assert window.scene.node_items[first].scene_box().width() == pytest.approx(width)
    assert doc.undo_stack.count() == 4
    for _ in range(4):
        window.edits.undo.trigger()
    assert dumps(doc.cmap) == before


def test_reset_to_kinds_style_takes_the_text_size_back(qtbot, active) -> None:
    window = active
    doc = window.document
    node = doc.cmap.nodes[0].id
    window.scene.select_many([node], [])
    choose_by_keys(qtbot, window, Qt.Key.Key_X, Qt.Key.Key_S)  # Te&xt Size > &Smaller
    assert doc.nodes[node].text_size == 9.0
    choose_by_keys(qtbot, window, Qt.Key.Key_R)  # &Reset to Kind's Style
    assert doc.nodes[node].text_size is None


def test_the_details_form_types_a_text_size_as_one_undo_step(qtbot, active) -> None:
    window = active
    doc = window.document
    node = doc.cmap.nodes[0].id
    before = dumps(doc.cmap)
    height = window.scene.node_items[node].scene_box().height()
    window.go_to("node", node)
    window.detail_editing.toggle.trigger()
    spin = window.detail_editing.editor.text_size_spin
    qtbot.waitUntil(spin.isVisible, timeout=10_000)
    assert spin.text() == "Theme's (10 pt)"
    spin.setFocus(Qt.FocusReason.TabFocusReason)
    spin.selectAll()
    qtbot.keyClicks(spin, "18")
    window.detail_editing.editor.border_dash_combo.setFocus(Qt.FocusReason.TabFocusReason)
    assert doc.nodes[node].text_size == 18.0
    assert window.scene.node_items[node].scene_box().height() > height
    assert (
        doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Text size of “Pembrolizumab”"
    )
    window.edits.undo.trigger()
    assert dumps(doc.cmap) == before
    assert spin.text() == "Theme's (10 pt)"


# --- the web page ---------------------------------------------------------------------------


@pytest.mark.skipif(BINARY is None, reason=MISSING)
def test_the_web_page_letters_a_concept_in_its_own_size(tmp_path: Path) -> None:
    """ml-io's diagram as a page: its 10 px blocks in 10 px, its 12 px frames in 12, and a
    block's box narrower than it was in the page's one 13 px."""
    cmap = graphml.load(DASHED_FRAMES)
    page = tmp_path / "frames.html"
    save_map(cmap, page)
    browser = Browser(tmp_path / "profile")
    try:
        browser.open(page.as_uri())
        ids = {n.label: n.id for n in cmap.nodes}
        sizes = {
            label: browser.evaluate(
                f"""getComputedStyle(document.querySelector(
                  '.node[data-id="{ids[label]}"] text')).fontSize"""
            )
            for label in ("NumPy", "TensorFlow")
        }
        assert sizes == {"NumPy": "10px", "TensorFlow": "10px"}
        tensorflow = ids["TensorFlow"]
        widths = browser.evaluate(
            f"""document.querySelector('.node[data-id="{tensorflow}"] text').getBBox().width"""
        )
        assert widths < 60  # yEd's 10 px "TensorFlow" is 55.5 wide; 13 px made it 72
    finally:
        browser.close()


def test_a_label_is_renamed_in_its_own_size(qtbot, active) -> None:
    """F2 types over a concept's label in the size it is drawn: a 20 pt title's editor had
    the theme's 10 pt, half the size of the letters it stood for."""
    window = active
    doc = window.document
    small, big = doc.cmap.nodes[0].id, doc.cmap.nodes[1].id
    doc.cmap.nodes[1].text_size = 20.0
    window.scene.rebuild()
    editor = window.edits.canvas.editor
    sizes = []
    for node in (small, big):
        window.go_to("node", node)
        window.view.setFocus()
        QTest.keyClick(window.view, Qt.Key.Key_F2)
        qtbot.waitUntil(editor.isVisible, timeout=10_000)
        sizes.append(editor.font().pointSizeF())
        QTest.keyClick(editor, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not editor.isVisible(), timeout=10_000)
    assert sizes[1] > 1.5 * sizes[0]


def test_focus_frames_a_small_lettered_centre_so_its_label_reads(qtbot) -> None:
    """Focus 1 fits the neighbourhood while its labels read: measured in the theme's size,
    a 5 pt centre was framed at 4.5 px, a grey bar. Its own size is measured now, and the
    camera comes in on it until it reads."""
    window = open_window(qtbot, DEFAULT_MAP, (1920, 1080))
    view, scene, doc = window.view, window.scene, window.document
    doc.nodes["cancer-immunotherapy"].text_size = 5.0
    scene.rebuild()
    window.go_to("node", "cancer-immunotherapy")
    qtbot.waitUntil(lambda: not view.is_animating(), timeout=10_000)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_1, CTRL_SHIFT)
    qtbot.waitUntil(lambda: not window.explore.is_arranging(), timeout=20_000)
    qtbot.waitUntil(lambda: not view.is_animating(), timeout=10_000)
    centre = scene.node_items["cancer-immunotherapy"]
    assert view.zoom * label_pt(centre) * 96 / 72 >= LEGIBLE_PX
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    assert seen.contains(centre.scene_box())


@needs_shared(BACTERIA)
def test_names_come_over_labels_drawn_too_small_in_their_own_size(qtbot) -> None:
    """Zoomed to 0.62, the bacteria map's 12 px labels are 7.4 px high, too small to read;
    by the theme's 13.3 px (8.3 px there) no names were drawn over them. They are now, as for
    any map whose labels are that small; at 0.7 (8.4 px) the labels read and none are."""
    window = shown_window(qtbot, Document(cxl.load(BACTERIA)), (1400, 900))
    view = window.view
    centre = window.scene.map_bounds().center()
    view.fly_to(centre, 0.62, animate=False)
    view.viewport().repaint()
    qtbot.waitUntil(lambda: len(view.hub_names.placed) > 0, timeout=10_000)
    view.fly_to(centre, 0.7, animate=False)
    view.viewport().repaint()
    qtbot.waitUntil(lambda: view.hub_names.placed == [], timeout=10_000)
