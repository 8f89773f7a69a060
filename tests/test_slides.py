"""Slides without a window: the export stays below the user interface, and what a step reveals
goes through the scene's own filters, so leaving a presentation leaves the map as it was."""

from __future__ import annotations

from mapviewer import tours
from mapviewer.document import Document
from mapviewer.io.mapfile import load
from mapviewer.model import Tour, TourStep
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
