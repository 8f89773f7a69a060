"""One CmapTools linking phrase joining a concept to several: drawn as CmapTools draws it, the
links meeting where the phrase stood and the phrase written there once (a real expert map
repeated "Creates", "Allow" and "producability" three times each)."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QPointF

from mapviewer.commands import EditEdgeCommand
from mapviewer.document import Document
from mapviewer.io import cxl
from mapviewer.io.html import page_data
from mapviewer.io.registry import open_map, save_map
from mapviewer.model import PHRASE_AT, SHARED_PHRASE, ConceptMap
from mapviewer.scene.mapscene import MapScene

from .conftest import INTEROP, needs_shared
from .io.chromium import BINARY, MISSING, dump_dom

needs_chromium = pytest.mark.skipif(BINARY is None, reason=MISSING)

CXL = """<?xml version="1.0" encoding="UTF-8"?>
<cmap xmlns="http://cmap.ihmc.us/xml/cmap/"><map>
<concept-list>
  <concept id="n" label="Customer needs"/><concept id="a" label="Market analysis"/>
  <concept id="b" label="Clinical problem"/><concept id="c" label="Societal concerns"/>
</concept-list>
<linking-phrase-list><linking-phrase id="p" label="Creates"/></linking-phrase-list>
<connection-list>
  <connection id="1" from-id="n" to-id="p"/><connection id="2" from-id="p" to-id="a"/>
  <connection id="3" from-id="p" to-id="b"/><connection id="4" from-id="p" to-id="c"/>
</connection-list>
<concept-appearance-list>
  <concept-appearance id="n" x="400" y="100"/><concept-appearance id="a" x="150" y="400"/>
  <concept-appearance id="b" x="400" y="400"/><concept-appearance id="c" x="650" y="400"/>
</concept-appearance-list>
<linking-phrase-appearance-list>
  <linking-phrase-appearance id="p" x="400" y="240"/>
</linking-phrase-appearance-list>
</map></cmap>
"""


@pytest.fixture
def creates(tmp_path: Path) -> ConceptMap:
    path = tmp_path / "creates.cxl"
    path.write_text(CXL, encoding="utf-8")
    return open_map(path)


def meeting(scene: MapScene) -> QPointF:
    source = scene.node_items["n"]
    return QPointF(source.cx, source.cy + 140)


def passes_through(scene: MapScene, edge_id: str, point: QPointF) -> bool:
    curve = scene.edge_items[edge_id].curve
    corners = [curve.elementAt(i) for i in range(curve.elementCount())]
    return any(abs(c.x - point.x()) < 0.01 and abs(c.y - point.y()) < 0.01 for c in corners)


def test_the_links_of_one_phrase_meet_where_it_stood_and_it_is_written_once(qtbot, creates) -> None:
    assert [e.data[PHRASE_AT] for e in creates.edges] == [[0.0, 140.0]] * 3
    scene = MapScene(Document(creates))
    point = meeting(scene)
    assert all(passes_through(scene, e.id, point) for e in creates.edges)
    written = [e.id for e in creates.edges if not scene.edge_items[e.id].label_rect.isEmpty()]
    assert written == [creates.edges[0].id]
    assert scene.edge_items[written[0]].label_rect.contains(point)  # at the meeting point
    # Each keeps its own arrowhead, at its own concept.
    tips = {scene.edge_items[e.id].arrow_tip for e in creates.edges}
    assert len(tips) == 3


def test_a_reworded_link_leaves_the_phrase_and_undo_brings_it_back(qtbot, creates) -> None:
    doc = Document(creates)
    scene = MapScene(doc)
    first, second, third = (e.id for e in creates.edges)
    doc.undo_stack.push(EditEdgeCommand(doc, first, "label", "Produces"))
    point = meeting(scene)
    assert not passes_through(scene, first, point)  # a link of its own, its phrase its own
    assert not scene.edge_items[first].label_rect.isEmpty()
    assert passes_through(scene, second, point) and passes_through(scene, third, point)
    assert not scene.edge_items[second].label_rect.isEmpty()  # "Creates" still written once
    assert scene.edge_items[third].label_rect.isEmpty()
    doc.undo_stack.undo()
    assert all(passes_through(scene, e, point) for e in (first, second, third))
    assert scene.edge_items[second].label_rect.isEmpty()


def test_the_meeting_point_follows_its_source_and_gives_way_to_a_concept(qtbot, creates) -> None:
    doc = Document(creates)
    scene = MapScene(doc)
    doc.move_nodes({"n": (500.0, 0.0)})
    point = meeting(scene)
    assert all(passes_through(scene, e.id, point) for e in creates.edges)
    doc.move_nodes({"b": (point.x(), point.y())})  # a concept dropped on it
    link_to_b = next(e.id for e in creates.edges if e.target == "b")
    assert not passes_through(scene, link_to_b, point)


def test_cmaptools_gets_one_phrase_back_where_it_was(creates, tmp_path: Path) -> None:
    out = tmp_path / "again.cxl"
    cxl.save(creates, out)
    root = ElementTree.parse(out).getroot()
    ns = "{http://cmap.ihmc.us/xml/cmap/}"
    phrases = list(root.iter(f"{ns}linking-phrase-appearance"))
    concepts = {c.get("id"): c for c in root.iter(f"{ns}concept-appearance")}
    assert len(phrases) == 1
    source = concepts["n"]
    x, y = float(phrases[0].get("x", "")), float(phrases[0].get("y", ""))
    assert (x - float(source.get("x", "")), y - float(source.get("y", ""))) == (0.0, 140.0)
    again = open_map(out)
    assert [e.data.get(PHRASE_AT) for e in again.edges] == [[0.0, 140.0]] * 3


@needs_shared(INTEROP)
def test_a_real_cmaptools_map_writes_each_shared_phrase_once(qtbot) -> None:
    """bacterial-characteristics shares 17 phrases among 40 of its 82 links."""
    cmap = open_map(INTEROP / "cxl/bacterial-characteristics.cxl")
    scene = MapScene(Document(cmap))
    shared = [e for e in cmap.edges if SHARED_PHRASE in e.data]
    assert len(shared) == 40
    keys = {e.data[SHARED_PHRASE] for e in shared}
    written = [e for e in shared if not scene.edge_items[e.id].label_rect.isEmpty()]
    assert len(written) == len(keys) == 17


def test_the_web_page_draws_the_phrase_once_where_its_links_meet(creates) -> None:
    data = page_data(creates)
    edges = data["edges"]
    assert [e["via"] for e in edges] == [[0.0, 140.0]] * 3
    assert [e["phrase"] for e in edges] == [True, False, False]


@needs_chromium
def test_the_web_page_in_a_real_browser(creates, tmp_path: Path) -> None:
    page = tmp_path / "creates.html"
    save_map(creates, page)
    dom = dump_dom(page.as_uri(), tmp_path / "profile")
    courses = re.findall(r'<path class="line[^"]*" d="([^"]+)"', dom)
    nodes = {n.id: n for n in creates.nodes}
    meeting = f"L{nodes['n'].x:g},{(nodes['n'].y or 0) + 140:g}"
    assert len(courses) == 3 and all(f" {meeting} " in f" {d} " for d in courses)
    assert len(re.findall(r">Creates</tspan>", dom)) == 1


@pytest.mark.parametrize("value", ["here", [1.0], [1e300, 0.0], [float("nan"), 0.0], [True, 2]])
def test_a_meeting_point_that_is_no_point_leaves_the_link_its_own(qtbot, creates, value) -> None:
    """Hand-edited data: the link runs as a link of its own, its phrase written on it."""
    creates.edges[0].data[PHRASE_AT] = value
    scene = MapScene(Document(creates))
    first = scene.edge_items[creates.edges[0].id]
    assert first.junction is None and not first.label_rect.isEmpty()
