"""The flowchart shapes other tools' files use: yEd's databases, clouds, messages and cards,
Cytoscape's tags and triangles, Advanced Canvas's databases and documents open in their own
shapes (they opened as rounded boxes, rectangles and ellipses), links end on their outlines,
they go back to each tool as it draws them, and the Style menu offers them."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from mapviewer.io import cytoscape, graphml
from mapviewer.io.mapfile import dumps
from mapviewer.io.registry import open_map, save_map
from mapviewer.model import ConceptMap, Edge, Node
from mapviewer.scene.edgeitem import EdgeItem
from mapviewer.ui import mainwindow

from .conftest import DATA, imported_window
from .io.chromium import BINARY, MISSING, dump_dom
from .test_link_width_editing import _open_menu

INTEROP = DATA / "interop"
NEW_SHAPES = ("cylinder", "cloud", "document", "tag", "triangle", "card")
Y = "{http://www.yworks.com/xml/graphml}"


def shapes_of(path: Path) -> Counter[str]:
    cmap = open_map(path)
    return Counter(n.shape for n in cmap.nodes if n.shape)


def test_yeds_flowchart_nodes_open_in_their_own_shapes() -> None:
    """Kafka's pipeline: its brokers are clouds and its JSON messages tags; MLIO's local disk
    a cylinder beside its S3 and SageMaker clouds; the config files of the registry demo are
    cards (they were rounded boxes, ellipses and rectangles)."""
    kafka = shapes_of(INTEROP / "orange-kafka-pipeline.graphml")
    assert (kafka["cloud"], kafka["tag"], kafka["rectangle"]) == (2, 2, 5)
    mlio = {n.label: n.shape for n in open_map(INTEROP / "yed-dashed-frames.graphml").nodes}
    assert (mlio["Local Disk"], mlio["S3"], mlio["SageMaker"]) == ("cylinder", "cloud", "cloud")
    demo = {n.label: n.shape for n in open_map(INTEROP / "yed-demo-groups.graphml").nodes}
    assert {demo[f"{name}.yaml"] for name in ("registry-1", "project-1", "scanner-1")} == {"card"}


def link_end_at(edge: EdgeItem, node_id: str) -> QPointF:
    line, curve = edge.line, edge.curve
    if edge.source.node_id == node_id:
        return line.p1() if line is not None else curve.pointAtPercent(0)
    return line.p2() if line is not None else curve.pointAtPercent(1)


def test_a_link_ends_on_the_cylinders_lid_and_the_clouds_bumps(qtbot) -> None:
    """MLIO's Local Disk is drawn as a cylinder: the link up from it leaves its curved lid,
    below the corner of its box, not the box's top edge; the clouds' links leave a bump."""
    window = imported_window(qtbot, INTEROP / "yed-dashed-frames.graphml")
    scene = window.scene
    by_label = {item.label: item for item in scene.node_items.values()}
    for label, shape in (("Local Disk", "cylinder"), ("SageMaker", "cloud"), ("S3", "cloud")):
        item = by_label[label]
        assert item.style.shape == shape
        edge = next(iter(item.edges))
        end = link_end_at(edge, item.node_id)
        local = end - QPointF(item.cx, item.cy)
        length = math.hypot(local.x(), local.y())
        unit = local / length
        outline = item.outline()
        assert outline.contains(local - unit * 1.5), label  # just inside: on the outline
        assert not outline.contains(local + unit * 1.5), label
        if shape == "cylinder":  # off the centre, the lid curves down from the box's top
            assert local.y() > item.box.top() + 1.0


def test_the_new_shapes_go_back_to_yed_and_cytoscape_as_they_draw_them(tmp_path: Path) -> None:
    nodes = [
        Node(id=shape, label=shape.title(), x=i * 200.0, y=0, shape=shape)  # type: ignore[arg-type]
        for i, shape in enumerate(NEW_SHAPES)
    ]
    cmap = ConceptMap(nodes=nodes, edges=[Edge(id="e", source="cylinder", target="cloud")])
    yed = tmp_path / "shapes.graphml"
    graphml.save(cmap, yed)
    root = ElementTree.parse(yed).getroot()
    generic = {
        element.find(f"{Y}NodeLabel").text: element.get("configuration")  # type: ignore[union-attr]
        for element in root.iter(f"{Y}GenericNode")
    }
    assert generic == {
        "Cylinder": "com.yworks.flowchart.dataBase",
        "Cloud": "com.yworks.flowchart.cloud",
        "Document": "com.yworks.flowchart.document",
        "Tag": "com.yworks.flowchart.userMessage",
        "Card": "com.yworks.flowchart.card",
    }
    triangle = [s.get("type") for s in root.iter(f"{Y}Shape")]
    assert triangle == ["triangle"]
    for suffix in (".graphml", ".cyjs", ".json", ".canvas", ".cxl", ".gexf"):
        path = tmp_path / f"trip{suffix}"
        save_map(cmap, path)
        back = {n.id: n.shape for n in open_map(path).nodes}
        assert back == {shape: shape for shape in NEW_SHAPES}, suffix
    looks = {
        e["data"]["id"]: e.get("style", {}).get("shape")
        for e in json.loads((tmp_path / "trip.cyjs").read_text())["elements"]["nodes"]
    }
    assert (looks["tag"], looks["triangle"], looks["cylinder"]) == ("tag", "triangle", "barrel")
    gexf = ElementTree.parse(tmp_path / "trip.gexf").getroot()
    gephi = [e.get("value") for e in gexf.iter() if e.tag.endswith("}shape")]
    assert gephi == ["triangle"]  # Gephi's one shape of these; the others are metadata


def test_cytoscapes_tags_triangles_and_barrels_open_in_those_shapes(tmp_path: Path) -> None:
    shapes = ("tag", "round-tag", "triangle", "barrel", "star")
    elements = [
        {"data": {"id": shape, "label": shape}, "style": {"shape": shape}} for shape in shapes
    ]
    path = tmp_path / "drawn.cyjs"
    path.write_text(json.dumps({"elements": {"nodes": elements, "edges": []}}))
    cmap = cytoscape.load(path)
    opened_as = {n.id: n.shape for n in cmap.nodes}
    # A star mapviewer has no shape for: the kind's, as before.
    assert opened_as == {
        "tag": "tag",
        "round-tag": "tag",
        "triangle": "triangle",
        "barrel": "cylinder",
        "star": None,
    }


@pytest.fixture
def active(qtbot, window: mainwindow.MainWindow) -> mainwindow.MainWindow:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_style_shape_cylinder_by_keys_then_undo(qtbot, active) -> None:
    """Style > Shape, down to Cylinder, Enter: the concept is drawn as a cylinder in one undo
    step, ticked in the menu; Undo brings its shape back."""
    window = active
    doc = window.document
    before = dumps(doc.cmap)
    window.scene.select_many(["pd-1"], [])
    menu = window.style_menu
    menu.popup(window.mapToGlobal(QPoint(60, 40)))
    qtbot.waitUntil(menu.isVisible, timeout=10_000)
    QTest.keyClick(_open_menu(menu), Qt.Key.Key_S)  # &Shape
    shapes = window.styles.shape_menu
    qtbot.waitUntil(shapes.isVisible, timeout=10_000)
    texts = [a.text() for a in shapes.actions()]
    assert texts[-6:] == ["Cylinder", "Cloud", "Document", "Tag", "Triangle", "Card"]
    qtbot.waitUntil(lambda: shapes.activeAction() is not None, timeout=10_000)
    while shapes.activeAction().text() != "Cylinder":
        QTest.keyClick(shapes, Qt.Key.Key_Down)
    QTest.keyClick(shapes, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=10_000)
    assert doc.nodes["pd-1"].shape == "cylinder"
    item = window.scene.node_items["pd-1"]
    assert item.style.shape == "cylinder"
    assert doc.undo_stack.count() == 1
    menu.popup(window.mapToGlobal(QPoint(60, 40)))
    qtbot.waitUntil(menu.isVisible, timeout=10_000)
    assert [a.text() for a in shapes.actions() if a.isChecked()] == ["Cylinder"]
    menu.hide()
    window.edits.undo.trigger()
    assert dumps(doc.cmap) == before
    assert window.scene.node_items["pd-1"].style.shape != "cylinder"


@pytest.mark.skipif(BINARY is None, reason=MISSING)
def test_the_web_page_draws_the_cylinder_and_the_clouds(tmp_path: Path) -> None:
    """MLIO's page, in a real browser: Local Disk is a path with its lid's rim (a second
    subpath), S3 and SageMaker are paths of sixteen curves (eight bumps), not ellipses."""
    page = tmp_path / "mlio.html"
    save_map(open_map(INTEROP / "yed-dashed-frames.graphml"), page)
    dom = dump_dom(page.as_uri(), tmp_path / "profile")
    drawn = {
        label: (tag, re.findall(r'\bd="([^"]*)"', attrs))
        for label, tag, attrs in re.findall(
            r'<g class="node"[^>]*aria-label="([^"]+)"[^>]*><(\w+) ([^>]*)>', dom
        )
    }
    tag, [course] = drawn["Local Disk"]
    assert tag == "path" and course.count("M") == 2 and course.count("A") == 3
    for cloud in ("S3", "SageMaker"):
        tag, [course] = drawn[cloud]
        assert tag == "path" and course.count("C") == 16, cloud
    assert drawn["Data Stores"][0] == "rect"


def test_a_yed_bpmn_event_is_drawn_round(qtbot) -> None:
    """react-app-archetype's start event (yEd's com.yworks.bpmn.Event.withShadow, a green
    circle between its monitoring component and the REST proxy) had opened as a rounded
    square: its corners are canvas now, as in yEd's picture of it."""
    win = imported_window(qtbot, INTEROP / "yed-react-archetype.graphml")
    (event,) = (n for n in win.document.cmap.nodes if n.border_color == "#27AE27")
    item = win.scene.node_items[event.id]
    outline = item.outline()
    box = outline.boundingRect()
    assert outline.contains(box.center())
    inset = box.width() * 0.1  # inside a rounded square's corner, outside a circle
    assert not outline.contains(box.topLeft() + QPointF(inset, inset))
    assert item.style.shape == "ellipse"
