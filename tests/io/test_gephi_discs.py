"""Gephi draws each node a disc of its ``viz:size``, the label over it: its files open as
circles (a shape as tall as it is wide) on the canvas, in a rendered picture, in the web page
and on slides, and go back to Gephi, yEd and Cytoscape round."""

from __future__ import annotations

import json
import math
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage

from mapviewer.document import Document
from mapviewer.io import gexf, graphml
from mapviewer.io.html import page_data
from mapviewer.io.registry import open_map, save_map
from mapviewer.model import ConceptMap, Node, Tour, TourStep
from mapviewer.render import render_to_file
from mapviewer.scene.mapscene import OVERVIEW_MIN_NODES, MapScene
from mapviewer.scene.mapview import MapView
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.scene.style import LIGHT
from mapviewer.slides import Stage, StageOptions, render_step
from mapviewer.tours import resolve

from ..conftest import DATA, INTEROP, needs_shared
from .chromium import BINARY, MISSING, Browser

shared = needs_shared(INTEROP)
needs_chromium = pytest.mark.skipif(BINARY is None, reason=MISSING)
LES_MIS = INTEROP / "gexf" / "les-miserables-gephi081.gexf"
GEPHI_FILES = [
    LES_MIS,
    INTEROP / "gexf" / "les-miserables-gephilite.gexf",
    INTEROP / "gexf" / "us-airports-gephi093.gexf",
    DATA / "interop" / "gephi-miserables.graphml",  # Gephi's GraphML export
]
RIO = DATA / "interop" / "gephi-rio.gexf"  # 366 nodes: seen whole, drawn in one batch


def drawn(cmap: ConceptMap) -> MapScene:
    scene = MapScene(Document(cmap), LIGHT)
    scene.flush_geometry()
    return scene


def item_named(scene: MapScene, label: str) -> NodeItem:
    return next(item for item in scene.node_items.values() if item.label == label)


@shared
@pytest.mark.parametrize("path", GEPHI_FILES, ids=lambda p: p.name)
def test_every_gephi_node_is_a_disc_holding_its_label(qapp, path: Path) -> None:
    """Each concept's box is as tall as it is wide (an ellipse had been as tall as its label:
    Valjean 240 by 41), at least the width its viz:size gives, and its label lies inside the
    circle, centred."""
    cmap = open_map(path)
    scene = drawn(cmap)
    widths = {n.id: n.width for n in cmap.nodes}
    for ident, item in scene.node_items.items():
        box = item.box
        assert item.style.shape == "circle"
        assert box.width() == box.height(), item.label
        assert box.width() >= (widths[ident] or 0.0)
        text = item.text.size
        assert math.hypot(text.width(), text.height()) <= box.width(), item.label
        assert item._text_pos.x() == pytest.approx(-text.width() / 2)


@shared
@pytest.mark.parametrize("path", GEPHI_FILES[:2], ids=lambda p: p.name)
def test_les_miserables_discs_keep_gephis_proportions(qapp, path: Path) -> None:
    """Valjean, Gephi's biggest node, is the biggest disc, 240 across; Napoleon one of the
    smallest; a link meets a disc on its rim, not at its bounding square's edge."""
    scene = drawn(open_map(path))
    valjean, napoleon = item_named(scene, "Valjean"), item_named(scene, "Napoleon")
    assert valjean.box.width() == valjean.box.height() == gexf.MAX_WIDTH
    assert napoleon.box.width() < valjean.box.width() / 2
    for edge in valjean.edges:
        end = edge.curve.pointAtPercent(0 if edge.source is valjean else 1)
        end = edge.mapToScene(end)
        reach = math.hypot(end.x() - valjean.cx, end.y() - valjean.cy)
        assert reach == pytest.approx(gexf.MAX_WIDTH / 2, abs=3.0)


def colour_at(image: QImage, x: float, y: float) -> str:
    return QColor(image.pixel(round(x), round(y))).name().upper()


@shared
def test_a_rendered_picture_draws_the_disc_round(qapp, tmp_path: Path) -> None:
    """`mapviewer render` draws the canvas's items: 84 units above Valjean's centre is inside
    his disc (it was canvas above a 41-high ellipse), and the corner of its square is not."""
    scene = drawn(open_map(LES_MIS))
    valjean = item_named(scene, "Valjean")
    fill = valjean.style.fill.name().upper()
    source = QRectF(valjean.cx - 150, valjean.cy - 150, 300, 300)
    picture = tmp_path / "valjean.png"
    render_to_file(scene, picture, source=source, width=300)
    image = QImage(str(picture))
    assert colour_at(image, 150, 150 - 84) == fill
    assert colour_at(image, 150 + 84, 150) == fill
    assert colour_at(image, 150 - 112, 150 - 112) != fill  # inside the square, outside the disc


def test_a_big_gephi_map_seen_whole_draws_its_discs_round(qtbot) -> None:
    """Rio+20's web (Gephi 0.8.1, 366 discs) seen whole is drawn in one batch, as every map
    of 300 concepts or more is: there each disc had become a square. The corners of the
    biggest discs' squares show the canvas; inside the rim is the disc's colour."""
    cmap = open_map(RIO)
    assert len(cmap.nodes) >= OVERVIEW_MIN_NODES
    scene = MapScene(Document(cmap), LIGHT)
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(1600, 1000)
    view.show()
    qtbot.waitUntil(lambda: view.painted, timeout=20_000)
    view.fit_all()
    assert scene.overview_mode
    image = view.viewport().grab().toImage()
    items = list(scene.node_items.values())
    alone = [  # no other concept's box reaches into its square
        item
        for item in items
        if not any(
            other is not item and other.scene_box().intersects(item.scene_box()) for other in items
        )
    ]
    checked = 0
    for item in sorted(alone, key=lambda i: -i.box.width())[:5]:
        square = view.mapFromScene(item.scene_box()).boundingRect()
        side = square.width()
        assert side >= 15  # big enough on screen to tell a disc from a square
        # Its fill, or its border's darker shade where the map is seen from this far.
        colours = {item.style.fill.name().upper(), item.style.border.name().upper()}
        centre = square.center()
        assert colour_at(image, centre.x(), centre.y() + 0.3 * side) in colours  # below its bar
        inset = 0.07 * side  # inside the square, outside the disc
        corners = [
            (square.left() + inset, square.top() + inset),
            (square.right() - inset, square.top() + inset),
            (square.left() + inset, square.bottom() - inset),
            (square.right() - inset, square.bottom() - inset),
        ]
        assert all(colour_at(image, x, y) not in colours for x, y in corners), item.label
        checked += 1
    assert checked == 5


@shared
def test_a_slide_draws_the_disc_round(qapp) -> None:
    """A tour step on Valjean, as the slides export draws it: as tall as it is wide."""
    cmap = open_map(LES_MIS)
    ident = next(n.id for n in cmap.nodes if n.label == "Valjean")
    cmap.tours = [Tour(id="t", title="Valjean", steps=[TourStep(title="Valjean", focus=[ident])])]
    document = Document(cmap)
    stage = Stage(document, StageOptions(), cached=False)
    image = render_step(stage, resolve(document.cmap, cmap.tours[0])[0], QSize(1280, 720))
    fill = stage.scene.node_items[ident].style.fill.name().upper()
    red = [
        (x, y)
        for y in range(0, image.height(), 4)
        for x in range(0, image.width(), 4)
        if colour_at(image, x, y) == fill
    ]
    across = max(x for x, _ in red) - min(x for x, _ in red)
    down = max(y for _, y in red) - min(y for _, y in red)
    assert across > 100 and down == pytest.approx(across, abs=8)


def test_a_circle_grows_round_its_label(qapp) -> None:
    """A concept given the circle shape (the Style menu offers it) with a long label: its lines
    wrap narrower than a box's, and the circle grows until it holds them all."""
    label = "Chimeric antigen receptor T-cell therapy"
    cmap = ConceptMap(
        title="Round",
        nodes=[
            Node(id="car", label=label, shape="circle", x=0, y=0),
            Node(id="box", label=label, x=400, y=0),
        ],
    )
    scene = drawn(cmap)
    car, box = scene.node_items["car"], scene.node_items["box"]
    assert car.box.width() == car.box.height()
    assert len(car.text.lines) > len(box.text.lines)
    text = car.text.size
    assert math.hypot(text.width(), text.height()) < car.box.width() < box.box.width()


@shared
def test_the_web_page_has_the_discs() -> None:
    nodes = page_data(open_map(LES_MIS))["nodes"]
    assert {n["shape"] for n in nodes} == {"circle"}


@shared
@needs_chromium
def test_the_web_page_draws_the_discs_round_in_a_real_browser(tmp_path: Path) -> None:
    page = tmp_path / "lesmis.html"
    save_map(open_map(LES_MIS), page)
    browser = Browser(tmp_path / "profile")
    try:
        browser.open(page.as_uri())
        drawn_radii = json.loads(
            browser.evaluate(
                "JSON.stringify(Array.from(document.querySelectorAll('.node')).map(g => {"
                " const e = g.querySelector('ellipse'); return [g.getAttribute('aria-label'),"
                " e ? +e.getAttribute('rx') : null, e ? +e.getAttribute('ry') : null]; }))"
            )
        )
        assert len(drawn_radii) == 77
        assert all(rx is not None and rx == ry for _, rx, ry in drawn_radii)
        radii = {name: rx for name, rx, _ in drawn_radii}
        assert radii["Valjean"] == gexf.MAX_WIDTH / 2
    finally:
        browser.close()


@shared
def test_discs_go_back_round(tmp_path: Path) -> None:
    """To Gephi a disc (viz:shape), to yEd an ellipse in a square, to Cytoscape.js an ellipse
    as high as wide; each comes back a circle."""
    cmap = open_map(LES_MIS)
    valjean = next(n for n in cmap.nodes if n.label == "Valjean")
    out = tmp_path / "back.gexf"
    save_map(cmap, out)
    shapes = {e.get("value") for e in ElementTree.parse(out).iter(f"{{{gexf.VIZ}}}shape")}
    assert shapes == {"disc"}
    yed = tmp_path / "back.graphml"
    save_map(cmap, yed)
    node = next(
        e for e in ElementTree.parse(yed).iter(f"{{{graphml.NS}}}node") if e.get("id") == valjean.id
    )
    geometry = next(node.iter(f"{{{graphml.Y}}}Geometry"))
    assert geometry.get("width") == geometry.get("height") == "240.0"
    assert next(node.iter(f"{{{graphml.Y}}}Shape")).get("type") == "ellipse"
    cy = tmp_path / "back.cyjs"
    save_map(cmap, cy)
    elements = json.loads(cy.read_text(encoding="utf-8"))["elements"]["nodes"]
    style = next(e["style"] for e in elements if e["data"]["id"] == valjean.id)
    assert (style["shape"], style["width"], style["height"]) == ("ellipse", 240.0, 240.0)
    for path in (out, yed, cy):
        again = {n.label: n for n in open_map(path).nodes}
        assert again["Valjean"].shape == "circle" and again["Valjean"].height is None
