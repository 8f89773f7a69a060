"""A link with arrowheads at both ends (yEd's two-headed lines, Edge.arrows "both"): opened from
yEd with both heads, drawn with both in pictures, given or taken from the Style menu by its keys
and from the Details form by a click, each one undo step, and written back with both."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QImage

from mapviewer.document import Document
from mapviewer.io import gexf, graphml, html, jsoncanvas
from mapviewer.io.mapfile import dumps, map_from_data
from mapviewer.model import ConceptMap, Edge, Node
from mapviewer.problems import MapFileError
from mapviewer.render import render_to_file
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.style import LIGHT
from mapviewer.ui.mainwindow import MainWindow

from .conftest import INTEROP, needs_shared
from .test_link_width_editing import choose_by_keys

VERMILLION = "#D55E00"
ARCHITECTURE = INTEROP / "graphml" / "scibot-architecture.graphml"


def painted_near_source(scene: MapScene, edge_id: str, tmp_path: Path) -> int:
    """How many pixels of the link's colour a picture of the 40-unit square where the link
    leaves its source holds: a second arrowhead there is a filled triangle."""
    item = scene.edge_items[edge_id]
    source, target = item.source, item.target
    x, y = source.boundary_xy(target.cx, target.cy)
    square = QRectF(x - 20, y - 20, 40, 40)
    path = tmp_path / f"{edge_id}-{len(list(tmp_path.iterdir()))}.png"
    render_to_file(scene, path, source=square, width=160)
    image = QImage(str(path))
    count = 0
    for py in range(image.height()):
        for px in range(image.width()):
            color = image.pixelColor(px, py)
            count += color.red() > 180 and color.green() < 130 and color.blue() < 80
    return count


def test_a_second_arrowhead_is_drawn_at_the_source_in_a_picture(qtbot, tmp_path: Path) -> None:
    cmap = ConceptMap(
        nodes=[Node(id="a", label="RabbitMQ", x=0, y=0), Node(id="b", label="API", x=300, y=0)],
        edges=[Edge(id="ab", source="a", target="b", color=VERMILLION, width=2.0)],
    )
    scene = MapScene(Document(cmap), LIGHT)
    one = painted_near_source(scene, "ab", tmp_path)
    scene.document.update_edge("ab", arrows="both")
    two = painted_near_source(scene, "ab", tmp_path)
    assert two > 1.5 * one, (one, two)
    scene.document.update_edge("ab", directed=False)  # an undirected link has no head at all
    assert painted_near_source(scene, "ab", tmp_path) < two
    scene.document.update_edge("ab", directed=True, arrows=None)
    assert painted_near_source(scene, "ab", tmp_path) == one


def test_arrowheads_other_than_one_or_both_ends_are_refused_by_name() -> None:
    data = {
        "format": "mapviewer-map",
        "version": 1,
        "nodes": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
        "edges": [{"id": "ab", "source": "a", "target": "b", "arrows": "three"}],
    }
    with pytest.raises(MapFileError) as caught:
        map_from_data(data, "bad.json")
    assert "edges[id=ab].arrows" in str(caught.value)


@needs_shared(INTEROP)
def test_yed_two_headed_lines_open_and_go_back_out_with_both_heads(qtbot, tmp_path: Path) -> None:
    cmap = graphml.load(ARCHITECTURE)
    two = sorted(e.id for e in cmap.edges if e.arrows == "both")
    assert two == [
        "e0",
        "e4",
        "e7",
    ]  # RabbitMQ <-> Postgres, RabbitMQ <-> API, Dashboard <-> orpheus
    scene = MapScene(Document(cmap), LIGHT)
    scene.flush_geometry()
    drawn = sorted(i.edge_id for i in scene.edge_items.values() if not i.tail.isEmpty())
    assert drawn == two
    out = tmp_path / "architecture.graphml"
    graphml.save(cmap, out)
    assert out.read_text(encoding="utf-8").count('source="standard" target="standard"') == 3
    again = graphml.load(out)
    assert sorted(e.id for e in again.edges if e.arrows == "both") == two


@pytest.fixture
def active(qtbot, window: MainWindow) -> MainWindow:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_style_menu_gives_links_a_head_at_each_end_by_keyboard(qtbot, active) -> None:
    window = active
    doc = window.document
    before = dumps(doc.cmap)
    doc.update_edge("e2", directed=False)
    doc.undo_stack.clear()
    window.scene.select_many([], ["e1", "e2"])
    choose_by_keys(qtbot, window, Qt.Key.Key_E)  # Link Arrowheads at Both &Ends
    for edge_id in ("e1", "e2"):  # the undirected one is given its direction too
        edge = doc.edges[edge_id]
        assert (edge.directed, edge.arrows) == (True, "both")
        assert not window.scene.edge_items[edge_id].tail.isEmpty()
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Link arrowheads of 2 links"
    window.style_menu.popup(window.mapToGlobal(QPoint(60, 40)))
    qtbot.waitUntil(window.style_menu.isVisible, timeout=10_000)
    assert window.styles.both_ends.isChecked()
    window.style_menu.hide()
    window.scene.select("edge", "e1")
    choose_by_keys(qtbot, window, Qt.Key.Key_E)  # and taken away again
    assert doc.edges["e1"].arrows is None and window.scene.edge_items["e1"].tail.isEmpty()
    assert doc.edges["e2"].arrows == "both"
    window.edits.undo.trigger()
    window.edits.undo.trigger()
    assert window.scene.edge_items["e1"].tail.isEmpty()
    doc.update_edge("e2", directed=True)
    assert dumps(doc.cmap) == before


def test_the_details_form_ticks_both_ends_with_a_click(qtbot, active) -> None:
    window = active
    doc = window.document
    window.go_to("edge", "e1")
    window.detail_editing.toggle.trigger()
    check = window.detail_editing.editor.both_ends_check
    qtbot.waitUntil(check.isVisible, timeout=10_000)
    assert not check.isChecked()
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert doc.edges["e1"].arrows == "both" and check.isChecked()
    assert not window.scene.edge_items["e1"].tail.isEmpty()
    assert [doc.undo_stack.text(i) for i in range(doc.undo_stack.count())] == [
        "Link arrowheads of link “blocks”"
    ]
    window.edits.undo.trigger()
    assert doc.edges["e1"].arrows is None and not check.isChecked()
    window.go_to("node", "pd-1")
    assert not check.isVisible()  # a concept has no arrowheads


def test_a_canvas_edge_with_a_head_at_each_end_keeps_both() -> None:
    """JSON Canvas says it with ``fromEnd: "arrow"`` (``toEnd`` is an arrow by default)."""
    canvas = {
        "nodes": [
            {"id": "a", "type": "text", "text": "A", "x": 0, "y": 0, "width": 80, "height": 40},
            {"id": "b", "type": "text", "text": "B", "x": 300, "y": 0, "width": 80, "height": 40},
        ],
        "edges": [
            {"id": "ab", "fromNode": "a", "toNode": "b", "fromEnd": "arrow"},
            {"id": "ba", "fromNode": "b", "toNode": "a"},
        ],
    }
    cmap = jsoncanvas.from_data(canvas, "two.canvas")
    assert [(e.id, e.directed, e.arrows) for e in cmap.edges] == [
        ("ab", True, "both"),
        ("ba", True, None),
    ]
    bodies = {e["id"]: e for e in jsoncanvas.to_json(cmap)["edges"]}
    assert bodies["ab"].get("fromEnd") == "arrow" and "fromEnd" not in bodies["ba"]
    assert bodies["ab"].get("toEnd", "arrow") == "arrow"


def test_the_web_page_draws_a_head_at_each_end() -> None:
    cmap = ConceptMap(
        nodes=[Node(id="a", label="A", x=0, y=0), Node(id="b", label="B", x=300, y=0)],
        edges=[
            Edge(id="ab", source="a", target="b", arrows="both"),
            Edge(id="ba", source="b", target="a"),
        ],
    )
    links = {e["id"]: e for e in html.page_data(cmap)["edges"]}
    assert links["ab"]["both"] and not links["ba"]["both"]
    assert 'setAttribute("marker-start"' in html.render(cmap)


def test_a_mutual_gexf_edge_has_a_head_at_each_end(tmp_path: Path) -> None:
    """GEXF's edge type "mutual" is its two-way edge (it was kept as data, drawn one-way)."""
    path = tmp_path / "mutual.gexf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph defaultedgetype="directed">'
        '<nodes><node id="a" label="A"/><node id="b" label="B"/></nodes>'
        '<edges><edge id="0" source="a" target="b" type="mutual"/>'
        '<edge id="1" source="b" target="a"/></edges></graph></gexf>',
        encoding="utf-8",
    )
    cmap = gexf.load(path)
    assert [(e.directed, e.arrows, e.data) for e in cmap.edges] == [
        (True, "both", {}),
        (True, None, {}),
    ]
    out = tmp_path / "again.gexf"
    gexf.save(cmap, out)
    text = out.read_text(encoding="utf-8")
    assert text.count('type="mutual"') == 1
    assert [e.arrows for e in gexf.load(out).edges] == ["both", None]
