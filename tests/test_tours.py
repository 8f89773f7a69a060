"""Tour logic without Qt: focus, cumulative reveal, framing, captions, the walk, edits, files."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from mapviewer import tours
from mapviewer.io.mapfile import dumps, load
from mapviewer.model import Camera, ConceptMap, Quote, Tour, TourStep
from mapviewer.problems import MapFileError
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
    # e2 (PD-1 brakes T cells) shows too: both its ends are revealed now, PD-1 in step 1.
    assert views[1].revealed.edges == {"e1", "e2", "e3"}
    assert views[1].new == Items(
        frozenset({"pembrolizumab", "ctla-4", "t-cells"}), frozenset({"e1", "e2", "e3"})
    )
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


def test_a_link_shows_once_both_ends_are_revealed_unless_held_back(cmap) -> None:
    # PD-1 in step 1, T cells in step 2: "PD-1 brakes T cells" (e2) shows at step 2 although
    # no step names it, as does the Tregs link at step 3.
    plain = tours.resolve(
        cmap,
        tour_of(TourStep(focus=["pd-1"]), TourStep(focus=["t-cells"]), TourStep(focus=["tregs"])),
    )
    assert [sorted(v.revealed.edges) for v in plain] == [[], ["e2"], ["e2", "e4"]]
    # Held back at step 2, e2 waits (through step 3) until step 4 reveals it by name.
    held = tours.resolve(
        cmap,
        tour_of(
            TourStep(focus=["pd-1"]),
            TourStep(focus=["t-cells"], hold=["e2"]),
            TourStep(focus=["tregs"]),
            TourStep(reveal=["e2"]),
        ),
    )
    assert [sorted(v.revealed.edges) for v in held] == [[], [], ["e4"], ["e2", "e4"]]
    assert held[3].new.edges == {"e2"}
    # A hold naming what is not in the map is listed like any other missing id.
    gone = tours.resolve(cmap, tour_of(TourStep(focus=["pd-1"], hold=["no-such-link"])))
    assert gone[0].missing == ("no-such-link",)


def test_a_hold_naming_a_concept_is_reported_when_the_file_opens(tmp_path: Path) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["tours"] = [{"id": "t", "title": "T", "steps": [{"focus": ["pd-1"], "hold": ["tregs"]}]}]
    path = tmp_path / "held.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(MapFileError, match="'tregs' is a concept: a step holds back links only"):
        load(path)


def test_a_quote_is_cited_only_while_the_caption_is_its_words(cmap) -> None:
    quote = Quote(source="primer", text=PD1_QUOTE)
    assert tours.caption_of(TourStep(quote=quote), cmap) == tours.Caption(
        PD1_QUOTE, "Checkpoint primer", True
    )
    spaced = TourStep(caption=PD1_QUOTE.replace(" ", "\n", 2), quote=quote)
    assert tours.caption_of(spaced, cmap).quoted
    changed = TourStep(caption="PD-1 is a brake.", quote=quote)
    assert tours.caption_of(changed, cmap) == tours.Caption("PD-1 is a brake.")


def test_default_camera_frames_subjects_then_revealed_then_everything(cmap) -> None:
    views = tours.resolve(cmap, tour_of(TourStep(focus=["pd-1"]), TourStep()))
    pad = tours.FOCUS_PADDING
    assert tours.default_camera(views[0], BOXES) == Camera(
        x=230 - pad, y=-15 - pad, width=60 + 2 * pad, height=30 + 2 * pad
    )
    assert tours.default_camera(views[1], BOXES).width == 60 + 2 * pad  # what is revealed
    nothing = tours.resolve(cmap, tour_of(TourStep()))[0]
    assert tours.default_camera(nothing, BOXES).width == 650 + 2 * pad  # the whole map


def inside(framing: tours.Framing, stage: tuple[float, float], box) -> bool:
    half_w, half_h = stage[0] / framing.scale / 2, stage[1] / framing.scale / 2
    return (
        framing.cx - half_w <= box[0] + 1e-6
        and box[0] + box[2] <= framing.cx + half_w + 1e-6
        and framing.cy - half_h <= box[1] + 1e-6
        and box[1] + box[3] <= framing.cy + half_h + 1e-6
    )


def test_the_frame_fits_every_subject_and_says_when_labels_would_be_too_small(cmap) -> None:
    # Tregs and Pembrolizumab are 650 units apart: on a small stage both still show, smaller.
    view = tours.resolve(cmap, tour_of(TourStep(focus=["tregs", "pembrolizumab"])))[0]
    framing = tours.frame(view, BOXES, (800, 400), min_scale=2.0, max_scale=4.0)
    assert all(inside(framing, (800, 400), BOXES[n]) for n in ("tregs", "pembrolizumab"))
    assert framing.scale < 2.0 and not framing.readable
    roomy = tours.frame(view, BOXES, (1800, 800), min_scale=1.0, max_scale=4.0)
    assert roomy.readable and all(inside(roomy, (1800, 800), BOXES[n]) for n in view.subjects)


def test_the_frame_shows_what_a_step_newly_reveals_and_its_focused_phrases(cmap) -> None:
    views = tours.resolve(
        cmap, tour_of(TourStep(focus=["pd-1"]), TourStep(focus=["pd-1"], reveal=["tregs"]))
    )
    assert views[1].subjects == {"pd-1", "tregs"}  # Tregs is new: it must be on the screen
    framing = tours.frame(views[1], BOXES, (1800, 800), min_scale=1.0, max_scale=4.0)
    assert inside(framing, (1800, 800), BOXES["tregs"])
    # A focused link's phrase is framed too, even where it lies beyond both concepts.
    link = tours.resolve(cmap, tour_of(TourStep(focus=["e2"])))[0]
    phrase = (300.0, 200.0, 60.0, 20.0)
    framing = tours.frame(link, BOXES, (1800, 800), 1.0, 4.0, phrases={"e2": phrase})
    assert inside(framing, (1800, 800), phrase)


def test_a_stored_camera_is_honoured_and_widened_when_it_leaves_the_focus_out(cmap) -> None:
    around_pd1 = Camera(x=200, y=-50, width=400, height=200)
    views = tours.resolve(
        cmap,
        tour_of(
            TourStep(focus=["pd-1"], camera=around_pd1),
            TourStep(focus=["tregs"], camera=around_pd1),
        ),
    )
    kept = tours.frame(views[0], BOXES, (1800, 800), min_scale=1.0, max_scale=8.0)
    assert (kept.cx, kept.cy, kept.scale) == (400, 50, 4.0) and not kept.widened
    widened = tours.frame(views[1], BOXES, (1800, 800), min_scale=1.0, max_scale=8.0)
    assert widened.widened and inside(widened, (1800, 800), BOXES["tregs"])
    # A step without a focus is an overview: the stored camera is fitted whole.
    wide = Camera(x=-1000, y=-1000, width=3000, height=2000)
    overview = tours.resolve(cmap, tour_of(TourStep(camera=wide)))[0]
    overview = dataclasses.replace(overview, new=Items(), subjects=frozenset())
    framing = tours.frame(overview, BOXES, (1800, 800), min_scale=2.0, max_scale=4.0)
    assert (framing.cx, framing.cy, framing.scale) == (500, 0, 0.4) and framing.readable


def test_frame_caps_the_zoom_for_a_single_small_concept(cmap) -> None:
    view = tours.resolve(cmap, tour_of(TourStep(focus=["pd-1"])))[0]
    framing = tours.frame(view, BOXES, (1800, 800), min_scale=2.0, max_scale=4.0)
    assert (framing.cx, framing.cy, framing.scale) == (260, 0, 4.0)


def test_a_step_too_wide_to_read_splits_in_two_that_each_fit(cmap) -> None:
    step = TourStep(id="s", title="Brakes", focus=["pembrolizumab", "pd-1", "t-cells", "tregs"])
    first, second = tours.split_parts(cmap, step, BOXES)
    assert first.focus == ["pembrolizumab", "pd-1"] and second.focus == ["t-cells", "tregs"]
    assert second.title == "Brakes (continued)"
    split = tours.with_step_split(cmap, [tour_of(step)], "t", 0, BOXES)
    assert [s.id for s in split[0].steps] == ["s", "step-2"]
    # PD-1 brakes T cells joins the halves: held back, it does not drag PD-1 into the second.
    assert split[0].steps[1].hold == ["e2"]
    whole = tours.resolve(cmap, tour_of(step))[0]
    assert not tours.frame(whole, BOXES, (800, 480), min_scale=2.0, max_scale=4.0).readable
    for view in tours.resolve(cmap, split[0]):
        framing = tours.frame(view, BOXES, (800, 480), min_scale=2.0, max_scale=4.0)
        assert framing.readable, view.index
    assert tours.split_parts(cmap, TourStep(focus=["e1"]), BOXES) is None  # one link: no split


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


def test_the_walk_without_a_selection_starts_on_the_most_central_concept(cmap) -> None:
    steps = tours.selection_walk(cmap, [], centre="pd-1").steps
    assert steps[0].focus == ["pd-1"]  # no empty overview first
    assert tours.selection_walk(cmap, []).steps[0].focus == ["t-cells"]  # else the most links
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
