"""Tour logic without Qt: focus, cumulative reveal, framing, captions, the walk, edits, files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mapviewer import tours
from mapviewer.io.mapfile import dumps, load
from mapviewer.model import Camera, ConceptMap, Quote, Tour, TourStep
from mapviewer.quotes import locate, standalone_problem
from mapviewer.tours import Items

from .conftest import DATA
from .test_architecture import run_python

SAMPLE = DATA / "sample.json"
PD1_QUOTE = "PD-1 is an immune checkpoint that acts as a brake on T-cell activity."
# Boxes as the scene measures them: (left, top, width, height), centred on the sample's x/y.
BOXES = {
    "pembrolizumab": (-60.0, -15.0, 120.0, 30.0),
    "pd-1": (230.0, -15.0, 60.0, 30.0),
    "ctla-4": (225.0, 145.0, 70.0, 30.0),
    "t-cells": (480.0, 65.0, 80.0, 30.0),
    "tregs": (450.0, 245.0, 140.0, 30.0),
}


@pytest.fixture
def cmap() -> ConceptMap:
    return load(SAMPLE)


def tour_of(*steps: TourStep) -> Tour:
    return Tour(id="t", title="Brakes", steps=list(steps))


def test_focus_brings_link_ends_and_links_between_focused_concepts(cmap) -> None:
    tour = tour_of(TourStep(focus=["pd-1", "t-cells"]), TourStep(focus=["e1"]))
    first, second = tours.resolve(cmap, tour)
    assert first.focus == Items(frozenset({"pd-1", "t-cells"}), frozenset({"e2"}))
    assert second.focus == Items(frozenset({"pembrolizumab", "pd-1"}), frozenset({"e1"}))


def test_reveal_is_cumulative_and_reveal_adds_context_without_focus(cmap) -> None:
    tour = tour_of(
        TourStep(focus=["pd-1"]),
        TourStep(focus=["e1"], reveal=["e3"]),
        TourStep(focus=["tregs"]),
    )
    views = tours.resolve(cmap, tour)
    assert views[0].revealed == Items(frozenset({"pd-1"}), frozenset())
    assert views[1].revealed.nodes == {"pd-1", "pembrolizumab", "ctla-4", "t-cells"}
    assert views[1].revealed.edges == {"e1", "e3"}
    assert "e3" not in views[1].focus and "ctla-4" not in views[1].focus
    assert views[2].revealed.nodes == {"pd-1", "pembrolizumab", "ctla-4", "t-cells", "tregs"}
    assert views[2].focus.nodes == {"tregs"}
    assert [v.number for v in views] == ["1 / 3", "2 / 3", "3 / 3"]


def test_ids_no_longer_in_the_map_are_skipped_and_listed(cmap) -> None:
    tour = tour_of(TourStep(focus=["pd-1", "gone"], reveal=["e9"]), TourStep(focus=["t-cells"]))
    views = tours.resolve(cmap, tour)
    assert views[0].focus.nodes == {"pd-1"}
    assert views[0].missing == ("gone", "e9")
    assert tours.missing_ids(cmap, tour) == {0: ("gone", "e9")}
    cleaned = tours.with_missing_dropped(cmap, [tour], "t")
    assert cleaned[0].steps[0].focus == ["pd-1"] and cleaned[0].steps[0].reveal == []


def test_a_quote_is_cited_only_while_the_caption_is_its_words(cmap) -> None:
    quote = Quote(source="primer", text=PD1_QUOTE)
    assert tours.caption_of(TourStep(quote=quote), cmap) == tours.Caption(
        PD1_QUOTE, "Checkpoint primer", True
    )
    spaced = TourStep(caption=PD1_QUOTE.replace(" ", "\n", 2), quote=quote)
    assert tours.caption_of(spaced, cmap).quoted
    changed = TourStep(caption="PD-1 is a brake.", quote=quote)
    assert tours.caption_of(changed, cmap) == tours.Caption("PD-1 is a brake.")


def test_default_camera_frames_focus_then_revealed_then_everything(cmap) -> None:
    views = tours.resolve(cmap, tour_of(TourStep(focus=["pd-1"]), TourStep()))
    pad = tours.FOCUS_PADDING
    assert tours.default_camera(views[0], BOXES) == Camera(
        x=230 - pad, y=-15 - pad, width=60 + 2 * pad, height=30 + 2 * pad
    )
    assert tours.default_camera(views[1], BOXES).width == 60 + 2 * pad  # what is revealed
    nothing = tours.resolve(cmap, tour_of(TourStep()))[0]
    assert tours.default_camera(nothing, BOXES).width == 650 + 2 * pad  # the whole map


def test_frame_keeps_type_readable_and_the_focus_in_sight(cmap) -> None:
    stored = Camera(x=-1000, y=-1000, width=3000, height=2000)  # a wide editing view
    views = tours.resolve(
        cmap, tour_of(TourStep(focus=["tregs"], camera=stored), TourStep(camera=stored))
    )
    cx, cy, scale = tours.frame(views[0], BOXES, (1800, 800), min_scale=2.0, max_scale=4.0)
    assert scale == 2.0  # zoomed in to the readable floor...
    half_w, half_h = 1800 / scale / 2, 800 / scale / 2
    left, top, width, height = BOXES["tregs"]
    assert cx - half_w <= left and left + width <= cx + half_w  # ...and tregs is in view
    assert cy - half_h <= top and top + height <= cy + half_h
    # A step without a focus is an overview: the stored camera is fitted whole.
    cx, cy, scale = tours.frame(views[1], BOXES, (1800, 800), min_scale=2.0, max_scale=4.0)
    assert (cx, cy, scale) == (500, 0, 0.4)


def test_a_focus_too_wide_to_read_keeps_its_first_concept_in_view(cmap) -> None:
    view = tours.resolve(cmap, tour_of(TourStep(focus=["tregs", "pembrolizumab"])))[0]
    assert view.primary == "tregs"
    cx, _, scale = tours.frame(view, BOXES, (800, 400), min_scale=2.0, max_scale=4.0)
    half = 800 / scale / 2  # 200 units each side: the two concepts are 650 apart
    left, _, width, _ = BOXES["tregs"]
    assert cx - half <= left and left + width <= cx + half
    assert cx < left + width / 2  # leaning toward pembrolizumab, on the left
    edge_first = tours.resolve(cmap, tour_of(TourStep(focus=["e4"])))[0]
    assert edge_first.primary == "tregs"  # a link's source


def test_frame_caps_the_zoom_for_a_single_small_concept(cmap) -> None:
    view = tours.resolve(cmap, tour_of(TourStep(focus=["pd-1"])))[0]
    cx, cy, scale = tours.frame(view, BOXES, (1800, 800), min_scale=2.0, max_scale=4.0)
    assert (cx, cy, scale) == (260, 0, 4.0)


def test_the_walk_starts_at_the_selection_and_follows_its_links(cmap) -> None:
    walk = tours.selection_walk(cmap, ["pd-1"])
    steps = walk.steps
    assert steps[0].focus == ["pd-1"] and steps[0].quote.text == PD1_QUOTE
    assert [s.focus for s in steps[1:3]] == [["e1"], ["e2"]]  # PD-1's links, in file order
    assert steps[1].title == "Pembrolizumab blocks PD-1"
    assert steps[1].quote.source == "primer"  # the link's own evidence
    assert steps[3].focus == ["pd-1", "pembrolizumab", "t-cells"]  # PD-1 with its neighbours
    # Then the neighbours' own links, two links out: T cells' links to CTLA-4 and the Tregs.
    assert [s.focus for s in steps[4:6]] == [["e3"], ["e4"]]
    views = tours.resolve(cmap, walk)
    assert views[-1].revealed.nodes == {"pd-1", "pembrolizumab", "t-cells", "ctla-4", "tregs"}


def test_the_walk_without_a_selection_starts_from_the_whole_map(cmap) -> None:
    steps = tours.selection_walk(cmap, []).steps
    assert steps[0].focus == [] and steps[0].title == "Checkpoint sample"
    assert steps[1].focus == ["t-cells"]  # the concept with the most links
    assert tours.selection_walk(ConceptMap(), []).steps == []


def test_edit_helpers_return_new_lists_and_keep_unknown_fields() -> None:
    step = TourStep.model_validate({"caption": "a", "pointer": "laser"})
    original = [Tour.model_validate({"id": "t", "title": "T", "steps": [step], "room": "B12"})]
    added, at = tours.with_step_added(original, "t", TourStep(caption="b"))
    assert at == 1 and added[0].steps[1].id == "step-2"
    assert len(original[0].steps) == 1  # the input is never changed
    ordered = tours.with_steps_ordered(added, "t", [1, 0])
    assert [s.caption for s in ordered[0].steps] == ["b", "a"]
    changed = tours.with_step_changed(ordered, "t", 1, caption="c")
    assert changed[0].steps[1].model_extra == {"pointer": "laser"}
    assert changed[0].model_extra == {"room": "B12"}
    assert tours.with_step_removed(changed, "t", 0)[0].steps[0].caption == "c"
    more, new_id = tours.with_tour_added(changed, "T")
    assert new_id == "t-2" and [t.id for t in more] == ["t", "t-2"]
    assert tours.with_tour_changed(more, "t-2", title="U")[1].title == "U"
    assert [t.id for t in tours.with_tour_removed(more, "t")] == ["t-2"]
    with pytest.raises(ValueError, match="every step"):
        tours.with_steps_ordered(added, "t", [0, 0])


def test_focus_quotes_lists_the_quotes_of_focused_items(cmap) -> None:
    found = tours.focus_quotes(cmap, TourStep(focus=["pd-1", "e1", "t-cells"]))
    assert [owner for owner, _ in found] == ["PD-1", "Pembrolizumab blocks PD-1"]


def test_a_tour_survives_save_and_load_with_unknown_fields(tmp_path: Path) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["tours"] = [
        {
            "id": "brakes",
            "title": "Brakes",
            "audience": "second-year medicine",
            "steps": [
                {
                    "id": "s1",
                    "title": "PD-1 is a brake",
                    "focus": ["pd-1", "e2"],
                    "reveal": ["tregs"],
                    "camera": {"x": 0, "y": -50, "width": 600, "height": 300, "zoom_hint": 2},
                    "quote": {"source": "primer", "text": PD1_QUOTE},
                    "notes": "Ask who has heard of PD-1.",
                    "transition": "slow",
                }
            ],
        }
    ]
    path = tmp_path / "toured.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = load(path)
    again = tmp_path / "again.json"
    again.write_text(dumps(loaded), encoding="utf-8")
    tour = load(again).tours[0]
    assert tour.model_extra == {"audience": "second-year medicine"}
    step = tour.steps[0]
    assert step.model_extra == {"transition": "slow"}
    assert step.camera.model_extra == {"zoom_hint": 2}
    assert (step.focus, step.reveal, step.notes) == (
        ["pd-1", "e2"],
        ["tregs"],
        data["tours"][0]["steps"][0]["notes"],
    )
    assert step.quote == Quote(source="primer", text=PD1_QUOTE)
    assert dumps(load(again)) == dumps(loaded)


def test_tour_logic_never_imports_qt() -> None:
    code = "import sys, mapviewer.tours\n"
    code += "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    assert run_python(code) == "[]"


# --- the tours shipped with the maps --------------------------------------------------------------

MAPS = Path(__file__).resolve().parent.parent / "maps"
SHIPPED = {"immunotherapy.json": (2, 6, 12), "checkpoints.json": (1, 3, 12)}


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_tours_quote_their_sources_verbatim(name: str) -> None:
    path = MAPS / name
    cmap = load(path)
    least_tours, least_steps, most_steps = SHIPPED[name]
    assert len(cmap.tours) >= least_tours
    texts = {s.id: (path.parent / s.file).read_text(encoding="utf-8") for s in cmap.sources}
    for tour in cmap.tours:
        assert least_steps <= len(tour.steps) <= most_steps, tour.id
        assert tours.missing_ids(cmap, tour) == {}, tour.id  # every focus and reveal id exists
        for view, step in zip(tours.resolve(cmap, tour), tour.steps, strict=True):
            where = f"{name}: {tour.id}/{step.id}"
            assert step.focus and step.title and step.notes.strip(), where
            assert step.quote is not None, where
            assert locate(step.quote.text, texts[step.quote.source]) is not None, where
            assert view.caption.quoted, where  # shown as the source's words, with its title
            assert standalone_problem(step.quote.text) is None, where
