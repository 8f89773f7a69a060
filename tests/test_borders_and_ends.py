"""Concepts' own outlines and links' own end marks, as yEd draws them: a real file opens with
its dashed, dotted and thick borders and its UML triangles and diamonds, and keeps them when it
goes back to yEd."""

from __future__ import annotations

import base64
import math
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtTest import QTest

from mapviewer.document import Document
from mapviewer.io import cxl, graphml
from mapviewer.io.mapfile import dumps, load
from mapviewer.io.registry import save_map
from mapviewer.model import ConceptMap, caption_offset
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.style import DARK, DASH_PATTERNS
from mapviewer.ui import mainwindow

from .conftest import DATA, INTEROP, needs_shared, shown_window
from .io.chromium import BINARY, MISSING, Browser
from .io.util import round_trip
from .test_link_width_editing import choose_by_keys

WORKFLOW = INTEROP / "graphml/scibot-workflow-paper-id.graphml"
PALETTE = DATA / "interop/yed-uml-palette.graphml"
GENERALIZATION = DATA / "interop/yed-uml-generalization.graphml"
FOLDERS = DATA / "interop/yed-closed-folders.graphml"
IMAGE = DATA / "interop/yed-image-node.graphml"
Y = "{http://www.yworks.com/xml/graphml}"
CXL = "{http://cmap.ihmc.us/xml/cmap/}"
ZOOM = 4.0  # pixels a scene unit in the close-ups the tests look at


def opened(qtbot, path: Path) -> mainwindow.MainWindow:
    """The yEd file imported into a main window, shown and painted, as File > Open does."""
    win = shown_window(qtbot, Document(graphml.load(path)), (1400, 900))
    return win


def close_up(scene: MapScene, centre: QPointF, half: float = 6.0) -> QImage:
    """The scene round ``centre`` as it paints, ZOOM times magnified."""
    side = round(2 * half * ZOOM)
    image = QImage(side, side, QImage.Format.Format_ARGB32)
    image.fill(scene.theme.canvas)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    source = QRectF(centre.x() - half, centre.y() - half, 2 * half, 2 * half)
    scene.render(painter, QRectF(0, 0, side, side), source)
    painter.end()
    return image


def middle(image: QImage) -> QColor:
    return image.pixelColor(image.width() // 2, image.height() // 2)


def near(a: QColor, b: QColor, by: int = 40) -> bool:
    return all(abs(x - y) <= by for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def drawn_pens(win: mainwindow.MainWindow) -> dict[str, tuple[str, list[float], float]]:
    """Each concept's outline as its item paints it: colour, dash pattern, width."""
    out = {}
    for node_id, item in win.scene.node_items.items():
        pen = item.style.pen
        dashes = list(pen.dashPattern()) if pen.style() != Qt.PenStyle.SolidLine else []
        out[node_id] = (pen.color().name().upper(), dashes, pen.widthF())
    return out


@needs_shared(WORKFLOW)
def test_yeds_dashed_dotted_and_thick_borders_open_as_yed_draws_them(qtbot) -> None:
    """scibot's paper-id workflow tells its steps apart by their borders alone: sixteen dashed
    (optional), eight dashed-dotted and four dotted at 2.0, eight solid at 2.0, its legend
    in a grey 3.0 frame. Each had opened in mapviewer's one solid outline."""
    win = opened(qtbot, WORKFLOW)
    pens = drawn_pens(win)
    normal = win.scene.theme.border_width
    dash, dot, dashdot = (pytest.approx(DASH_PATTERNS[d]) for d in ("dash", "dot", "dashdot"))
    looks = list(pens.values())
    assert sum(1 for c, d, w in looks if c == "#000000" and d == dash and w == normal) == 16
    assert sum(1 for c, d, w in looks if d == dashdot and w == 2 * normal) == 8
    assert sum(1 for c, d, w in looks if d == dot and w == 2 * normal) == 4
    assert sum(1 for c, d, w in looks if c == "#000000" and not d and w == 2 * normal) == 8
    assert ("#929292", [], 3 * normal) in looks  # its #C0C0C0, kept 3:1 on the canvas
    # yEd's own border (black, 1.0, a line) is drawn as yEd draws it: black, the theme's
    # width. The 14 steps with it had drawn in an outline taken from their fill (pale grey
    # round the white ones, dark red round the red).
    assert sum(1 for c, d, w in looks if c == "#000000" and not d and w == normal) == 14
    assert all(n.border_color for n in win.document.cmap.nodes)


def test_yeds_black_borders_are_drawn_black_and_a_picture_without_one(qtbot) -> None:
    """volta's architecture draws its 28 boxes with yEd's own border, a black 1.0 line, in
    fills from orange to dark grey; they had opened outlined in shades of their fills (a
    dark orange round the orange). Its phone is a picture, which yEd draws without the
    border its realizer keeps: it stays an empty box in the theme's outline."""
    win = opened(qtbot, IMAGE)
    pens = drawn_pens(win)
    normal = win.scene.theme.border_width
    nodes = win.document.cmap.nodes
    boxes = [n for n in nodes if n.data.get("yed-fill") != "none"]
    assert len(boxes) == 28
    assert all(pens[n.id] == ("#000000", [], normal) for n in boxes)
    (picture,) = (n for n in nodes if n.data.get("yed-fill") == "none")
    assert picture.border_color is None
    assert pens[picture.id][0] != "#000000"


def test_a_yed_groups_own_border_draws_its_frame(qtbot) -> None:
    """TorchStudio's open groups are framed in yEd's #666699; the frame is drawn in it."""
    win = opened(qtbot, FOLDERS)
    group = next(
        n for n in win.document.cmap.nodes if n.label == "TorchStudio Package (Open Source)"
    )
    assert group.border_color == "#666699"
    item = win.scene.node_items[group.id]
    assert item.frame is not None
    outline = item.mapToScene(item.outline()).boundingRect()
    edge = QPointF(outline.left(), outline.center().y())
    assert near(middle(close_up(win.scene, edge, 2.0)), QColor("#666699"))


def test_a_yed_border_without_a_colour_draws_no_outline_and_goes_back_so(
    qtbot, tmp_path: Path
) -> None:
    """TorchStudio's legend boxes "Local" and "Local or Remote" have a border without a
    colour (``hasColor="false"``): yEd draws them as bare colour, and they had opened with an
    outline. Now their edge is their fill, and saved for yEd they are borderless again."""
    win = opened(qtbot, FOLDERS)
    bare = {n.label: n for n in win.document.cmap.nodes if n.label.startswith("Local")}
    assert {label: n.border_width for label, n in bare.items()} == {
        "Local": 0,
        "Local or Remote": 0,
    }
    for node in bare.values():
        item = win.scene.node_items[node.id]
        assert item.style.pen.style() == Qt.PenStyle.NoPen
        outline = item.mapToScene(item.outline()).boundingRect()
        just_inside = QPointF(outline.left() + 0.6, outline.center().y())
        assert near(middle(close_up(win.scene, just_inside, 0.3)), QColor(node.color), 10)
    outlined = next(n for n in win.document.cmap.nodes if n.label == "datasets")
    item = win.scene.node_items[outlined.id]
    outline = item.mapToScene(item.outline()).boundingRect()
    just_inside = QPointF(outline.left() + 0.6, outline.center().y())
    assert not near(middle(close_up(win.scene, just_inside, 0.3)), QColor(outlined.color), 10)
    out = tmp_path / "folders.graphml"
    save_map(win.document.cmap, out)
    borders = {
        xml_label(node): node.find(f".//{Y}BorderStyle")
        for node in ElementTree.parse(out).iter("{http://graphml.graphdrawing.org/xmlns}node")
    }
    assert borders["Local"].get("hasColor") == "false"
    assert borders["Local or Remote"].get("hasColor") == "false"
    assert borders["datasets"].get("hasColor") != "false"


def xml_label(node: ElementTree.Element) -> str:
    label = node.find(f".//{Y}NodeLabel")
    return (label.text or "").strip() if label is not None else ""


def test_uml_ends_open_as_yed_draws_them_and_a_person_sees_them(qtbot) -> None:
    """yEd's UML palette: inheritance is an open triangle, a dependency a bare vee, an
    aggregation an open diamond and a composition a filled one. All had opened as one filled
    triangle, or (the diamonds) nothing."""
    win = opened(qtbot, PALETTE)
    edges = win.document.cmap.edges
    assert sorted((e.head or "-", e.tail or "-") for e in edges if e.head or e.tail) == [
        ("-", "diamond"),
        ("-", "open_diamond"),
        ("open_triangle", "-"),
        ("open_triangle", "-"),
        ("vee", "-"),
        ("vee", "-"),
        ("vee", "-"),
        ("vee", "-"),
        ("vee", "-"),
    ]
    scene = win.scene
    canvas = scene.theme.canvas
    for edge in edges:
        item = scene.edge_items[edge.id]
        if edge.head == "open_triangle":  # hollow: the canvas shows inside it
            inside = item.arrow.boundingRect().center()
            assert near(middle(close_up(scene, inside, 1.0)), canvas, 12)
        if edge.tail in ("diamond", "open_diamond"):  # a diamond where no head had been
            assert item.tail.size() == 4
            inside = item.tail.boundingRect().center()
            colour = middle(close_up(scene, inside, 1.0))
            if edge.tail == "diamond":
                assert not near(colour, canvas, 60)
            else:
                assert near(colour, canvas, 12)
    # A plain yEd head is drawn filled, as before.
    generalization = opened(qtbot, GENERALIZATION)
    assert {e.head for e in generalization.document.cmap.edges} == {"open_triangle"}


def test_uml_open_triangles_are_drawn_at_yeds_size(qtbot) -> None:
    """yEd's own picture of the tutorial's generalization (docs/class-diagram/generalization.png
    in ruslo/yed-uml, drawn 1:1) shows each open triangle about 14.5 long and 12 wide, against
    its 26-high boxes; mapviewer drew them at its arrowhead's 11 by 8, a smaller mark. A plain
    link's arrowhead keeps its size."""
    win = opened(qtbot, GENERALIZATION)
    for edge in win.document.cmap.edges:
        corners = [(p.x(), p.y()) for p in win.scene.edge_items[edge.id].arrow]
        assert len(corners) == 3
        tip, left, right = corners
        base = ((left[0] + right[0]) / 2, (left[1] + right[1]) / 2)
        length = math.dist(tip, base)
        width = math.dist(left, right)
        assert 13.5 <= length <= 15.5 and 11 <= width <= 13
    sample = mainwindow.MainWindow(Document(load(DATA / "sample.json")))
    qtbot.addWidget(sample)
    tip, left, right = ((p.x(), p.y()) for p in sample.scene.edge_items["e1"].arrow)
    assert math.dist(left, right) == pytest.approx(8.0)


def test_uml_diamonds_are_drawn_at_yeds_size(qtbot) -> None:
    """yEd's own pictures of the tutorial's composition and aggregation (docs/class-diagram/
    composition.png and aggregation.png in ruslo/yed-uml, drawn 1:1) show each diamond about
    14 long and 10 wide; mapviewer drew them 17.6 long and 8 wide, a thinner, longer mark."""
    win = opened(qtbot, PALETTE)
    diamonds = [e for e in win.document.cmap.edges if e.tail in ("diamond", "open_diamond")]
    assert len(diamonds) == 2
    for edge in diamonds:
        tip, side, back, other = ((p.x(), p.y()) for p in win.scene.edge_items[edge.id].tail)
        assert 13 <= math.dist(tip, back) <= 15
        assert 9.5 <= math.dist(side, other) <= 11


def test_borders_and_ends_go_back_to_yed_and_open_again(qtbot, tmp_path: Path) -> None:
    """Saved as GraphML, yEd gets its border styles and end shapes back, and mapviewer reads
    the same map from it."""
    cmap = graphml.load(PALETTE)
    folders = graphml.load(FOLDERS)
    for source in (cmap, folders):
        out = tmp_path / "again.graphml"
        graphml.save(source, out)
        again = graphml.load(out)
        looks = ("border_color", "border_width", "border_dash")
        assert [[getattr(n, k) for k in looks] for n in again.nodes] == [
            [getattr(n, k) for k in looks] for n in source.nodes
        ]
        ends = [(e.source, e.target, e.directed, e.head, e.tail) for e in source.edges]
        assert [(e.source, e.target, e.directed, e.head, e.tail) for e in again.edges] == ends
    graphml.save(cmap, out)
    root = ElementTree.parse(out).getroot()
    shapes = {(a.get("source"), a.get("target")) for a in root.iter(f"{Y}Arrows")}
    assert {("none", "white_delta"), ("none", "plain"), ("diamond", "none")} <= shapes
    assert ("white_diamond", "none") in shapes
    # A concept given a dotted red outline here is drawn so by yEd.
    edited = ConceptMap.model_validate(cmap.model_dump())
    edited.nodes[0].border_color, edited.nodes[0].border_dash = "#CC0000", "dot"
    edited.nodes[0].border_width = 2.5
    graphml.save(edited, out)
    border = next(ElementTree.parse(out).getroot().iter(f"{Y}BorderStyle"))
    assert (border.get("color"), border.get("type"), border.get("width")) == (
        "#CC0000",
        "dotted",
        "2.5",
    )
    assert graphml.load(out).nodes[0].border_width == 2.5


@pytest.mark.skipif(BINARY is None, reason=MISSING)
def test_the_web_page_draws_the_same_borders_and_ends(tmp_path: Path) -> None:
    """The page exported from yEd's UML palette ends its links with the marks the canvas
    draws, open ones hollow; a concept's own dashed outline is dashed there too."""
    cmap = graphml.load(PALETTE)
    dashed = cmap.nodes[0]
    dashed.border_color, dashed.border_dash, dashed.border_width = "#CC0000", "dash", 2.0
    page = tmp_path / "uml.html"
    save_map(cmap, page)
    browser = Browser(tmp_path / "profile")
    try:
        browser.open(page.as_uri())
        ends = browser.evaluate(
            """Array.from(document.querySelectorAll('.link path.line')).map(function (l) {
              return [l.getAttribute('marker-start') || '', l.getAttribute('marker-end') || ''];
            })"""
        )
        # Each mark's kind, whatever colour and size it was made in (end-vee-_000000).
        marks = sorted(
            m.split("#")[1].rstrip(")").split("-")[1] for pair in ends for m in pair if m
        )
        assert marks.count("open_triangle") == 2
        assert marks.count("vee") == 5
        assert ("diamond" in marks, "open_diamond" in marks) == (True, True)
        hollow = browser.evaluate(
            "getComputedStyle(document.querySelector('#end-open_diamond path')).fill"
        )
        assert hollow == browser.evaluate("getComputedStyle(document.body).backgroundColor")
        # A diamond as the window draws it (yEd's 14 by 10), in px on a normal 1.4 px line.
        diamond = browser.evaluate(
            """(function () {
              const m = document.getElementById('end-diamond'), box = m.querySelector('path')
                .getBBox(), view = m.viewBox.baseVal, px = 1.4 * m.markerWidth.baseVal.value;
              return [box.width * px / view.width, box.height * px / view.width];
            })()"""
        )
        assert diamond == pytest.approx([14, 10], abs=0.5)
        outline = browser.evaluate(
            f"""(function () {{
              const o = document.querySelector('.node[data-id="{dashed.id}"]').firstElementChild;
              const s = getComputedStyle(o);
              return [s.stroke, s.strokeDasharray, s.strokeWidth];
            }})()"""
        )
        assert outline[0] == "rgb(204, 0, 0)"
        assert outline[1] not in ("none", "")
        assert float(outline[2].rstrip("px")) == pytest.approx(3.6)
        shot = browser.call("Page.captureScreenshot", session=True)["data"]
        (tmp_path / "page.png").write_bytes(base64.b64decode(shot))
    finally:
        browser.close()


PLANTS = INTEROP / "cxl/plants-ihmc-annotated.cxl"
LINK_TYPES = DATA / "interop/cmaptools-link-types.cxl"


@needs_shared(PLANTS)
def test_a_cmaptools_border_opens_as_drawn_and_goes_back(qtbot, tmp_path: Path) -> None:
    """IHMC's annotated plants map draws "Leaves" in a dotted black border 2 thick; it had
    opened in mapviewer's solid outline."""
    win = mainwindow.MainWindow(Document(cxl.load(PLANTS)))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.view.painted, timeout=20_000)
    pens = {win.document.nodes[i].label: look for i, look in drawn_pens(win).items()}
    normal = win.scene.theme.border_width
    assert pens["Leaves"] == ("#000000", pytest.approx(DASH_PATTERNS["dot"]), 2 * normal)
    assert pens["Plants"][1] == []
    cmap = win.document.cmap
    out = tmp_path / "again.cxl"
    cxl.save(cmap, out)
    looks = {
        a.get("id"): (a.get("border-color"), a.get("border-style"), a.get("border-thickness"))
        for a in ElementTree.parse(out).getroot().iter(f"{CXL}concept-appearance")
    }
    leaves = next(n for n in cmap.nodes if n.label == "Leaves")
    assert looks[leaves.id] == ("0,0,0,255", "dotted", "2")
    again = {n.label: (n.border_color, n.border_width, n.border_dash) for n in cxl.load(out).nodes}
    assert again == {n.label: (n.border_color, n.border_width, n.border_dash) for n in cmap.nodes}
    # Made dashed red here, CmapTools is told so.
    leaves.border_color, leaves.border_dash = "#CC0000", "dash"
    cxl.save(cmap, out)
    back = {n.label: n for n in cxl.load(out).nodes}["Leaves"]
    assert (back.border_color, back.border_dash, back.border_width) == ("#CC0000", "dash", 2.0)


def test_cmaptools_own_black_border_is_drawn_black_and_goes_back(qtbot, tmp_path: Path) -> None:
    """The grading map's default sheet gives its 12 concepts CmapTools' own border, black, 1
    thick, solid, round pale blue #EDF4F6, as CmapTools draws every new concept; they had
    opened outlined in a grey taken from the fill (#A9AEB0)."""
    win = mainwindow.MainWindow(Document(cxl.load(LINK_TYPES)))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.view.painted, timeout=20_000)
    normal = win.scene.theme.border_width
    pens = drawn_pens(win)
    assert len(pens) == 12
    assert all(look == ("#000000", [], normal) for look in pens.values())
    out = tmp_path / "again.cxl"
    cxl.save(win.document.cmap, out)
    borders = {
        a.get("border-color")
        for a in ElementTree.parse(out).getroot().iter(f"{CXL}concept-appearance")
    }
    assert borders == {"0,0,0,255"}


@pytest.fixture
def active(qtbot, window: mainwindow.MainWindow) -> mainwindow.MainWindow:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_a_concepts_border_is_chosen_from_the_style_menu_by_keys(qtbot, active) -> None:
    """Style > Border > Dashed, then Thick, then Black: each one undo step, drawn at once,
    ticked in the menu; Reset to Kind's Style takes it back."""
    window = active
    doc = window.document
    before = dumps(doc.cmap)
    normal = window.scene.theme.border_width
    window.scene.select_many(["pd-1", "t-cells"], [])
    choose_by_keys(qtbot, window, Qt.Key.Key_B, Qt.Key.Key_D)  # &Border > &Dashed
    assert {doc.nodes[n].border_dash for n in ("pd-1", "t-cells")} == {"dash"}
    assert drawn_pens(window)["pd-1"][1] == pytest.approx(DASH_PATTERNS["dash"])
    assert doc.undo_stack.undoText() == "Border line of 2 concepts"
    choose_by_keys(qtbot, window, Qt.Key.Key_B, Qt.Key.Key_H)  # T&hick
    choose_by_keys(qtbot, window, Qt.Key.Key_B, Qt.Key.Key_B)  # &Black
    assert drawn_pens(window)["t-cells"] == (
        "#000000",
        pytest.approx(DASH_PATTERNS["dash"]),
        2 * normal,
    )
    window.style_menu.popup(window.mapToGlobal(QPoint(60, 40)))
    qtbot.waitUntil(window.style_menu.isVisible, timeout=10_000)
    ticked = [a.text() for a in window.styles.border_menu.actions() if a.isChecked()]
    assert ticked == ["&Black", "&Dashed", "T&hick (2×)"]  # the colour they share too
    window.style_menu.hide()
    assert doc.undo_stack.count() == 3
    choose_by_keys(qtbot, window, Qt.Key.Key_B, Qt.Key.Key_U)  # No O&utline
    assert window.scene.node_items["pd-1"].style.pen.style() == Qt.PenStyle.NoPen
    assert doc.nodes["pd-1"].border_width == 0
    window.style_menu.popup(window.mapToGlobal(QPoint(60, 40)))
    qtbot.waitUntil(window.style_menu.isVisible, timeout=10_000)
    ticked = [a.text() for a in window.styles.border_menu.actions() if a.isChecked()]
    assert ticked == ["&Black", "&Dashed", "No O&utline"]
    window.style_menu.hide()
    choose_by_keys(qtbot, window, Qt.Key.Key_R)  # &Reset to Kind's Style
    assert drawn_pens(window)["pd-1"][1:] == ([], normal)
    for _ in range(5):
        window.edits.undo.trigger()
    assert dumps(doc.cmap) == before


def test_a_links_ends_are_chosen_from_the_style_menu_by_keys(qtbot, active) -> None:
    """Style > Link Target End > Open Triangle draws the link's head hollow; Link Source End >
    Diamond puts a diamond at its source; undone, the link is as it was."""
    window = active
    doc = window.document
    before = dumps(doc.cmap)
    window.scene.select("edge", "e1")
    choose_by_keys(qtbot, window, Qt.Key.Key_G, Qt.Key.Key_O)  # Link Tar&get End > &Open Tri..
    item = window.scene.edge_items["e1"]
    assert (doc.edges["e1"].head, item.head_kind) == ("open_triangle", "open_triangle")
    inside = item.arrow.boundingRect().center()
    assert near(middle(close_up(window.scene, inside, 1.0)), window.scene.theme.canvas, 12)
    choose_by_keys(qtbot, window, Qt.Key.Key_U, Qt.Key.Key_D)  # Link So&urce End > &Diamond
    assert doc.edges["e1"].tail == "diamond" and item.tail.size() == 4
    window.style_menu.popup(window.mapToGlobal(QPoint(60, 40)))
    qtbot.waitUntil(window.style_menu.isVisible, timeout=10_000)
    ticked = [a.text() for a in window.styles.tail_menu.actions() if a.isChecked()]
    assert ticked == ["&Diamond"]
    window.style_menu.hide()
    choose_by_keys(qtbot, window, Qt.Key.Key_U, Qt.Key.Key_N)  # &None
    assert item.tail.isEmpty()
    for _ in range(3):
        window.edits.undo.trigger()
    assert dumps(doc.cmap) == before
    assert item.head_kind == "triangle" and item.tail.isEmpty()


def test_the_details_form_edits_a_border_and_a_links_ends(qtbot, active) -> None:
    """The Details form's Border line and Border width (typed), and a link's Target end, each
    one undo step, drawn at once; a link's rows are not a concept's."""
    window = active
    doc = window.document
    before = dumps(doc.cmap)
    window.go_to("node", "pd-1")
    window.detail_editing.toggle.trigger()
    editor = window.detail_editing.editor
    assert editor.border_dash_combo.isVisible() and not editor.end_combos["head"].isVisible()
    combo = editor.border_dash_combo
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(combo, Qt.Key.Key_Down)  # Solid -> Dashed
    assert doc.nodes["pd-1"].border_dash == "dash"
    spin = editor.border_width_spin
    spin.setFocus(Qt.FocusReason.TabFocusReason)
    spin.selectAll()
    qtbot.keyClicks(spin, "2.5")
    combo.setFocus(Qt.FocusReason.TabFocusReason)  # leaving the field
    normal = window.scene.theme.border_width
    assert drawn_pens(window)["pd-1"][1:] == (
        pytest.approx(DASH_PATTERNS["dash"]),
        pytest.approx(2.5 * normal),
    )
    assert [doc.undo_stack.text(i) for i in range(doc.undo_stack.count())] == [
        "Border line of “PD-1”",
        "Border width of “PD-1”",
    ]
    spin.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(spin, Qt.Key.Key_PageDown)  # down to the least: no outline
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    assert spin.text() == "None" and doc.nodes["pd-1"].border_width == 0
    assert window.scene.node_items["pd-1"].style.pen.style() == Qt.PenStyle.NoPen
    window.go_to("edge", "e1")
    head = editor.end_combos["head"]
    assert head.isVisible() and head.currentText() == "Arrowhead"
    head.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(head, Qt.Key.Key_Down)  # Arrowhead -> Open Triangle
    assert window.scene.edge_items["e1"].head_kind == "open_triangle"
    assert doc.undo_stack.undoText() == "Link target end of link “blocks”"
    for _ in range(doc.undo_stack.count()):
        window.edits.undo.trigger()
    assert dumps(doc.cmap) == before


DASHED_FRAMES = DATA / "interop/yed-dashed-frames.graphml"


def edge_strip(scene: MapScene, x: float, top: float, bottom: float) -> list[QColor]:
    """The pixels down the middle of a vertical line at ``x``, as painted, ZOOM times close."""
    source = QRectF(x - 2, top, 4, bottom - top)
    image = QImage(round(4 * ZOOM), round((bottom - top) * ZOOM), QImage.Format.Format_ARGB32)
    image.fill(scene.theme.canvas)
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, image.width(), image.height()), source)
    painter.end()
    return [image.pixelColor(image.width() // 2, y) for y in range(image.height())]


def test_yeds_dashed_frames_are_drawn_dashed(qtbot) -> None:
    """ml-io's architecture (yEd): "Environments" and "MLIO" are plain nodes framing the
    others with a dashed black border, as yEd's picture shows; they open as frames, and their
    sides are dashed: dark and canvas in turn, where they had been one solid grey line."""
    win = opened(qtbot, DASHED_FRAMES)
    scene = win.scene
    for name in ("Environments", "MLIO"):
        node = next(n for n in win.document.cmap.nodes if n.label == name)
        assert (node.border_color, node.border_dash) == ("#000000", "dash")
        item = scene.node_items[node.id]
        assert item.frame is not None  # a frame round the blocks it encloses
        outline = item.mapToScene(item.outline()).boundingRect()
        side = edge_strip(scene, outline.left(), outline.top() + 20, outline.bottom() - 20)
        dark = sum(1 for c in side if c.lightness() < 80)
        canvas = sum(1 for c in side if near(c, scene.theme.canvas, 12))
        assert dark > len(side) / 5 and canvas > len(side) / 5
    # On the dark theme the black dashes are lightened to show on the black canvas.
    dark_scene = MapScene(Document(win.document.cmap), theme=DARK)
    frame = next(n for n in win.document.cmap.nodes if n.label == "MLIO")
    item = dark_scene.node_items[frame.id]
    outline = item.mapToScene(item.outline()).boundingRect()
    side = edge_strip(dark_scene, outline.left(), outline.top() + 20, outline.bottom() - 20)
    assert sum(1 for c in side if c.lightness() > 80) > len(side) / 5


@pytest.mark.parametrize("suffix", (".cxl", ".graphml", ".gexf", ".cyjs", ".canvas", ".json"))
def test_borders_and_ends_survive_every_format_mapviewer_writes(tmp_path: Path, suffix) -> None:
    """Saved to any format that can carry a map back and opened again, a concept's own
    outline and a link's ends are as they were: in the format's own terms where it has
    them (yEd, CmapTools), else in mapviewer's metadata."""
    cmap = load(DATA / "sample.json")
    looks = [
        ("#CC0000", 2.5, "dot"),
        ("#000000", None, "dashdot"),
        (None, 0.5, None),
        (None, 0.0, None),  # no outline
    ]
    for node, (color, width, dash) in zip(cmap.nodes, looks, strict=False):
        node.border_color, node.border_width, node.border_dash = color, width, dash
    ends = [("open_triangle", "diamond"), ("vee", None), (None, "open_circle")]
    for edge, (head, tail) in zip(cmap.edges, ends, strict=False):
        edge.head, edge.tail = head, tail
    cmap.edges[2].directed = False  # an undirected link keeps its circle
    back = round_trip(cmap, tmp_path, suffix)
    fields = ("border_color", "border_width", "border_dash")
    assert {n.id: [getattr(n, f) for f in fields] for n in back.nodes} == {
        n.id: [getattr(n, f) for f in fields] for n in cmap.nodes
    }
    assert {e.id: (e.head, e.tail, e.directed) for e in back.edges} == {
        e.id: (e.head, e.tail, e.directed) for e in cmap.edges
    }


@pytest.mark.skipif(BINARY is None, reason=MISSING)
def test_the_web_page_draws_yeds_black_uml_triangles_black_and_touching_their_box(
    tmp_path: Path,
) -> None:
    """yEd draws the tutorial's generalization with black lines and black open triangles whose
    tips touch the class they point at, and so does the window. The page drew the triangles in
    its grey (#6b7780) and ended each link 3 px short of both boxes."""
    page = tmp_path / "generalization.html"
    save_map(graphml.load(GENERALIZATION), page)
    browser = Browser(tmp_path / "profile")
    try:
        browser.open(page.as_uri())
        ends = browser.evaluate(
            """Array.from(document.querySelectorAll('.link path.line')).map(function (l) {
              const id = l.getAttribute('marker-end').split('#')[1].slice(0, -1);
              const mark = getComputedStyle(document.getElementById(id).querySelector('path'));
              const m = l.getScreenCTM(), n = l.getTotalLength();
              const at = function (p) { return [m.a * p.x + m.c * p.y + m.e,
                                                m.b * p.x + m.d * p.y + m.f]; };
              const box = function (end) {
                const r = document.querySelector('.node[data-id="' + end + '"]')
                  .firstElementChild.getBoundingClientRect();
                return [r.left, r.top, r.right, r.bottom];
              };
              const link = l.closest('.link').dataset.id;
              // the head's tip: the line stops inside the head, the marker's tip stands as
              // far beyond the line's end as it reaches past its reference point
              const marker = document.getElementById(id), vb = marker.viewBox.baseVal;
              const unit = marker.markerUnits.baseVal ===
                SVGMarkerElement.SVG_MARKERUNITS_USERSPACEONUSE ? 1
                : parseFloat(getComputedStyle(l).strokeWidth);
              const ahead = (vb.x + vb.width - marker.refX.baseVal.value) / vb.width *
                marker.markerWidth.baseVal.value * unit;
              const p = l.getPointAtLength(n), q = l.getPointAtLength(n - 0.5);
              const k = ahead / Math.hypot(p.x - q.x, p.y - q.y);
              const tip = {x: p.x + (p.x - q.x) * k, y: p.y + (p.y - q.y) * k};
              return {stroke: getComputedStyle(l).stroke, mark: mark.stroke, fill: mark.fill,
                      start: at(l.getPointAtLength(0)), end: at(tip),
                      link: link, scale: m.a};
            })"""
        )
        boxes = browser.evaluate(
            """Object.fromEntries(Array.from(document.querySelectorAll('.node')).map(
              function (g) { const r = g.firstElementChild.getBoundingClientRect();
                return [g.dataset.id, [r.left, r.top, r.right, r.bottom]]; }))"""
        )
        background = browser.evaluate("getComputedStyle(document.body).backgroundColor")
    finally:
        browser.close()
    cmap = graphml.load(GENERALIZATION)
    assert len(ends) == 2
    for end in ends:
        assert end["stroke"] == end["mark"] == "rgb(0, 0, 0)"  # as the line: yEd's black
        assert end["fill"] == background  # still open
        edge = next(e for e in cmap.edges if e.id == end["link"])

        def gap(point: list[float], box: list[float]) -> float:
            """How far the point is from the box's outline, in screen pixels."""
            left, top, right, bottom = box
            x, y = point
            return min(abs(x - left), abs(x - right), abs(y - top), abs(y - bottom))

        # The line's start and its head's tip sit on the outlines (the border's own half
        # width aside), not 3 units off them.
        slack = end["scale"] * 1.5
        assert gap(end["end"], boxes[edge.target]) <= slack
        assert gap(end["start"], boxes[edge.source]) <= slack


BOXES_AND_WORDS_JS = """Array.from(document.querySelectorAll('.node')).map(function (g) {
  const box = g.firstElementChild.getBBox(), words = g.querySelector('text').getBBox();
  return {id: g.dataset.id, box: [box.x, box.y, box.width, box.height],
          words: [words.x, words.y, words.width, words.height]};
})"""


ARCHITECTURE = INTEROP / "graphml/scibot-architecture.graphml"


@pytest.mark.skipif(BINARY is None, reason=MISSING)
def test_the_web_page_sizes_yeds_boxes_round_their_names_as_the_window_does(
    qtbot, tmp_path: Path
) -> None:
    """The page held each yEd box to the file's width: scibot's architecture (yEd sized its
    boxes for a narrower font, "orpheus" 35 wide) ran every name out of both sides of its box,
    TorchStudio's one-line legend entries ("Multiple Instances", 101 by 30) were wrapped two
    lines high, and the UML palette's 20 x 20 circles were drawn as 20 x 29 ovals. As in the
    window, a box grows round its name and an unnamed one keeps the file's size. A picture
    (scibot's ten icons) has its name outside its box, where yEd writes it
    (tests/test_picture_captions.py)."""
    files = [FOLDERS, PALETTE] + ([ARCHITECTURE] if ARCHITECTURE.exists() else [])
    pages = {}
    pictures: set[str] = set()
    browser = Browser(tmp_path / "profile")
    try:
        for path in files:
            page = tmp_path / f"{path.stem}.html"
            cmap = graphml.load(path)
            pictures |= {f"{path.name}/{n.id}" for n in cmap.nodes if caption_offset(n)}
            save_map(cmap, page)
            browser.open(page.as_uri())
            pages[path] = {n["id"]: n for n in browser.evaluate(BOXES_AND_WORDS_JS)}
    finally:
        browser.close()
    for path, drawn in pages.items():
        for node in drawn.values():
            x, _, w, _ = node["box"]
            wx, _, ww, _ = node["words"]
            if f"{path.name}/{node['id']}" in pictures:
                continue  # its name outside its icon
            assert x - 0.5 <= wx and wx + ww <= x + w + 0.5, (path.name, node)  # its name inside
    assert len(pictures) == (10 if ARCHITECTURE.exists() else 0)
    window = opened(qtbot, FOLDERS).scene.node_items["n4"].scene_box()
    legend = pages[FOLDERS]["n4"]["box"]  # "Multiple Instances": one line, as in the window
    assert legend[2:] == pytest.approx([window.width(), window.height()], rel=0.15)
    assert legend[3] == pytest.approx(30, abs=1)
    circles = [n["box"] for n in pages[PALETTE].values() if not n["words"][2]]
    assert len(circles) == 20
    assert all(box[2:] == pytest.approx([20, 20]) for box in circles)
