"""Real files from other tools found on GitHub (tests/data/interop-extra/SOURCES.md) open as
their tools draw them, and keep what they showed through Save and reopen."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from PySide6.QtCore import QLineF, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from mapviewer.io.registry import open_map, save_map

from ..conftest import DATA, imported_window
from .util import drawn_look, round_trip

EXTRA = DATA / "interop-extra"
GRAPHML_PRIMER = EXTRA / "graphology-attributes.graphml"
DOTTED_EDGE = EXTRA / "graphology-edge_viz.gexf"
GEXF_13 = EXTRA / "graphology-v1_3.gexf"
UML_CLASSES = EXTRA / "yed-kryptopus-architecture.graphml"


def test_the_graphml_primers_colour_names_open_in_their_colours(qapp, tmp_path: Path) -> None:
    """The GraphML primer's example (copied by graphology and networkx) colours its nodes with
    a plain ``color`` key by CSS name, "yellow" by default: all six had opened grey, the names
    dropped as "not a colour", and were lost on Save."""
    cmap = open_map(GRAPHML_PRIMER)
    want = {
        "n0": "#008000",  # green
        "n1": "#FFFF00",  # yellow, the key's default
        "n2": "#0000FF",  # blue
        "n3": "#FF0000",  # red
        "n4": "#FFFF00",
        "n5": "#40E0D0",  # turquoise
    }
    assert {n.label: drawn_look(cmap, n.label)[0] for n in cmap.nodes} == want
    for suffix in (".graphml", ".json"):
        again = round_trip(cmap, tmp_path, suffix)
        assert {n.label: drawn_look(again, n.label)[0] for n in again.nodes} == want


def inked_along(win, line: QLineF, steps: int = 400) -> float:
    """The share of the pixels on ``line`` (view coordinates) painted clearly off the canvas."""
    image = win.view.viewport().grab().toImage()
    canvas = QColor(win.scene.theme.canvas)
    inked = 0
    for i in range(steps):
        point = line.pointAt(i / steps).toPoint()
        pixel = image.pixelColor(point)
        off = max(
            abs(pixel.red() - canvas.red()),
            abs(pixel.green() - canvas.green()),
            abs(pixel.blue() - canvas.blue()),
        )
        inked += off > 40
    return inked / steps


def test_a_dotted_gephi_link_is_drawn_as_dots(qtbot) -> None:
    """graphology's edge test gives Napoleon's link to Myriel ``viz:shape`` dotted, 2.0 thick:
    each dot had been drawn as a hair-thin slash across the line (a dot is a dash of 0.1 that
    only its round cap makes round, and straight links were drawn with flat caps), so the
    link all but vanished: 7 % of the pixels along it inked at 150 %, round dots ink 44 %."""
    win = imported_window(qtbot, DOTTED_EDGE, (1600, 1000))
    edge = win.document.cmap.edges[0]
    assert edge.dash == "dot"
    for _ in range(3):  # close enough to see the dots, as a reader zooms in on a link
        scale = win.view.transform().m11()
        QTest.keyClick(win, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda s=scale: win.view.transform().m11() > s, timeout=10_000)
    line = win.scene.edge_items[edge.id].line  # as drawn, border to border, in the scene
    win.view.centerOn(line.center())
    start, end = 0.2, 0.7  # clear of both ends and of the arrowhead

    def middle() -> QLineF:
        return QLineF(
            win.view.mapFromScene(line.pointAt(start)).toPointF(),
            win.view.mapFromScene(line.pointAt(end)).toPointF(),
        )

    assert middle().length() > 60
    qtbot.waitUntil(lambda: inked_along(win, middle()) > 0.2, timeout=10_000)


def test_a_gexf_13_edges_kind_is_kept_and_goes_back_to_gephi(qapp, tmp_path: Path) -> None:
    """GEXF 1.3 gives an edge a ``kind`` (Gephi's edge type, which lets two people both like
    and know each other): graphology's 1.3 example says John ``kind="likes"`` Suzy. It was
    dropped without a word on opening, so neither a save nor the link's details had it."""
    cmap = open_map(GEXF_13)
    assert [e.data.get("kind") for e in cmap.edges] == ["likes"]
    out = tmp_path / "again.gexf"
    save_map(cmap, out)
    edges = [e for e in ElementTree.parse(out).getroot().iter() if e.tag.endswith("}edge")]
    assert [e.get("kind") for e in edges] == ["likes"]
    for suffix in (".gexf", ".json"):
        assert [e.data.get("kind") for e in round_trip(cmap, tmp_path, suffix).edges] == ["likes"]


def test_a_yed_uml_class_keeps_its_attributes_and_methods(qapp, tmp_path: Path) -> None:
    """kryptopus's architecture (yEd 3.17) is 17 UML classes in 16 groups; yEd draws each
    class's stereotype, attributes and methods under its name. They had all been dropped on
    opening (13 classes have some): now each is the concept's description, kept by a save."""
    cmap = open_map(UML_CLASSES)
    described = {n.label: n.description for n in cmap.nodes if n.description}
    assert len(described) == 13
    assert described["Candlestick"] == (
        "<<GraphDataInterface>>\n+openTime\n+closeTime\n+open\n+close\n+high\n+low"
    )
    assert described["BotInterface"] == "+execute()"
    for suffix in (".graphml", ".json"):
        again = round_trip(cmap, tmp_path, suffix)
        assert {n.label: n.description for n in again.nodes if n.description} == described
