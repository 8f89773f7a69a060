"""Slides without a window: the export stays below the user interface, and what a step reveals
goes through the scene's own filters, so leaving a presentation leaves the map as it was."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF

from mapviewer import tours
from mapviewer.document import Document
from mapviewer.io.mapfile import load
from mapviewer.model import Tour, TourStep
from mapviewer.paths import DEFAULT_MAP
from mapviewer.scene.edgeitem import EdgeItem
from mapviewer.scene.mapscene import MapScene
from mapviewer.slides import REVEAL_FILTER, Stage, StageOptions

from .conftest import DATA
from .test_architecture import run_python

SAMPLE = DATA / "sample.json"
ALL = ["pembrolizumab", "pd-1", "ctla-4", "t-cells", "tregs", "e1", "e2", "e3", "e4"]


def looks(scene: MapScene) -> dict[str, tuple[bool, bool, float, bool, bool]]:
    """How each concept and link is drawn: shown, visible, opacity, dimmed, selected."""
    items = {**scene.node_items, **scene.edge_items}
    return {
        ident: (i.shown, i.isVisible(), round(i.opacity(), 6), i.dimmed, i.isSelected())
        for ident, i in items.items()
    }


def shown(scene: MapScene) -> set[str]:
    items = {**scene.node_items, **scene.edge_items}
    return {ident for ident, item in items.items() if item.shown and item.isVisible()}


def test_exporting_slides_loads_no_user_interface() -> None:
    code = "import sys, mapviewer.tourexport, mapviewer.slides\n"
    code += "print(sorted(m for m in sys.modules if m.startswith('mapviewer.ui')))"
    assert run_python(code) == "[]"


def test_the_shown_filter_reveals_concepts_and_links_and_clearing_it_restores_all(qtbot) -> None:
    scene = MapScene(Document(load(SAMPLE)))
    scene.node_items["tregs"].setSelected(True)
    scene.set_dim_filter("source", {"pd-1"}, {"e2"})
    before = looks(scene)
    # T cells and Tregs are both shown, but their link was never revealed: it stays hidden.
    scene.set_shown_filter(REVEAL_FILTER, {"pd-1", "t-cells", "tregs"}, {"e2"})
    assert shown(scene) == {"pd-1", "t-cells", "tregs", "e2"}
    assert scene.visible_node_ids() == ["pd-1", "t-cells", "tregs"]
    assert not scene.is_edge_visible("e4") and scene.is_edge_visible("e2")
    # Other visibility changes (a kind hidden and shown again) keep to the filter.
    scene.set_kind_hidden("checkpoint", True)
    assert shown(scene) == {"t-cells", "tregs"}
    scene.set_kind_hidden("checkpoint", False)
    assert shown(scene) == {"pd-1", "t-cells", "tregs", "e2"}
    # Faint mode: every concept, and still only the revealed links.
    scene.set_shown_filter(REVEAL_FILTER, None, {"e2"})
    assert shown(scene) == {*scene.node_items, "e2"}
    scene.clear_shown_filter(REVEAL_FILTER)
    assert shown(scene) == set(ALL)
    scene.node_items["tregs"].setSelected(True)  # hiding a concept lets go of its selection
    assert looks(scene) == before


def test_the_stage_reveals_through_the_scene_filter(qtbot) -> None:
    document = Document(load(SAMPLE))
    tour = Tour(id="t", title="T", steps=[TourStep(focus=["pd-1", "t-cells"]), TourStep()])
    stage = Stage(document, StageOptions(spotlight=False), cached=False)
    first, _ = tours.resolve(document.cmap, tour)
    stage.apply(first)
    assert stage.scene.shown_filter(REVEAL_FILTER) == ({"pd-1", "t-cells"}, {"e2"})
    assert shown(stage.scene) == {"pd-1", "t-cells", "e2"}


def _from_course(link: EdgeItem, point: QPointF) -> float:
    """How far ``point`` is from the link's drawn course (sampled finely)."""
    spots = (link.curve.pointAtPercent(i / 100) for i in range(101))
    return min(math.hypot(p.x() - point.x(), p.y() - point.y()) for p in spots)


def test_every_phrase_on_a_tour_slide_sits_by_its_own_link(qtbot) -> None:
    """On a slide only part of the map is shown, but the concepts not yet revealed still pushed
    phrases away: "respond less to" sat on the "Hot tumours" link, 13 units from it and 60 from
    its own, and "stops CTLA-4 binding to" over a faint "blocks". Every shown phrase of every
    step of the shipped tours now sits nearer its own link than any other, over no other."""
    document = Document(load(DEFAULT_MAP), DEFAULT_MAP)
    stage = Stage(document, StageOptions())
    scene = stage.scene
    wrong = []
    for tour in document.cmap.tours:
        for view in tours.resolve(document.cmap, tour):
            stage.apply(view)
            scene.flush_geometry()
            links = [link for link in scene.edge_items.values() if link.shown]
            phrases = [link for link in links if not link.label_rect.isEmpty()]
            for link in phrases:
                rect = link.label_rect
                if any(o is not link and o.label_rect.intersects(rect) for o in phrases):
                    wrong.append((tour.id, view.index + 1, link.label, "over another phrase"))
                if link.edge_id not in view.focus.edges:
                    continue
                own = _from_course(link, rect.center())
                near = [
                    o.label
                    for o in links
                    if o is not link
                    and own - 10 > _from_course(o, rect.center()) < rect.height() / 2
                ]
                if near:
                    wrong.append((tour.id, view.index + 1, link.label, f"on {near}"))
    assert wrong == []


def test_a_slide_phrase_breaks_where_the_window_does_and_sits_on_its_link(qtbot) -> None:
    """The projector's phrases are bigger than the window's but wrapped at the window's width:
    on the first slide of "Releasing the brakes", "patrol the body for abnormal cells such as"
    ran to four lines, too tall to sit on its short link, and was put beside it. Its lines now
    break as the window's do (the wrap grows with the type) and it sits on its link."""
    document = Document(load(DEFAULT_MAP), DEFAULT_MAP)
    stage = Stage(document, StageOptions())
    tour = next(t for t in document.cmap.tours if t.id == "releasing-the-brakes")
    first = tours.resolve(document.cmap, tour)[0]
    stage.apply(first)
    stage.scene.flush_geometry()
    hall = stage.scene.edge_items["killer-t-cells-patrol-the-body-for-cancer-cells"]
    window = MapScene(document).edge_items[hall.edge_id]
    assert hall.text is not None and window.text is not None
    assert hall.text.lines == window.text.lines
    assert _from_course(hall, hall.label_rect.center()) < 3
