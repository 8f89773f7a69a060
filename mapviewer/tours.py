"""Lecture tours without Qt: what each step focuses and reveals, its framing, caption and walks.

The rules a tour follows (the README and the Help text say the same):

- A step's **focus** is the concepts and links it names in ``focus``, plus the two concepts at the
  ends of each focused link, plus every link joining two concepts focused by that same step
  (naming "PD-1" and "T cells" together is talking about how they are linked).
- **Reveal is cumulative.** Step *i* shows everything focused or named in ``reveal`` by steps
  0..*i* (a revealed link brings its two concepts). ``reveal`` adds context without focusing it.
  A link shows once both its concepts are revealed, in this step or earlier ones, unless a step
  names it in ``hold``: then it waits until a later step focuses or reveals it.
- The **frame** shows the step's **subjects** whole: its focused concepts (with both ends of
  each focused link), everything it shows for the first time (a link with both its ends), and
  the phrases of those links. The step's ``camera`` rectangle, when it has one, is honoured:
  widened to hold the subjects when it leaves one out, narrowed when too wide for labels to
  read. A step with no subjects is an overview of everything revealed.
- The **caption** is ``caption``; a step whose ``quote`` holds the same words (or whose caption is
  empty) shows them as a quotation with its source's title. Words that differ from the quote are
  shown as the lecturer's own, with no citation, so a source is never credited with words it
  did not say.
- Ids that no longer exist (a concept deleted after the tour was written) are skipped, never
  fatal; ``missing_ids`` lists them so the editor can say so.

Every edit helper returns a new list of tours: the editor wraps it in one undoable command.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from mapviewer.ids import slug, unique
from mapviewer.model import (
    Camera,
    ConceptMap,
    Edge,
    Node,
    Quote,
    Tour,
    TourStep,
    said_mid_sentence,
    spoken_sentence,
)
from mapviewer.quotes import normalize

FOCUS_PADDING = 40.0  # scene units kept around a focus when framing it
WALK_TOUR_ID = "__walk__"
WALK_DEPTH = 2  # the walk without a tour goes this many links out from the selection
AROUND_AT_ONCE = 5  # neighbours a walk's step shows round a concept; a hub's take more steps

# (left, top, width, height) of each concept's box in scene units, as the scene measured it.
Boxes = Mapping[str, tuple[float, float, float, float]]


@dataclass(frozen=True)
class Items:
    """Concept ids and link ids."""

    nodes: frozenset[str] = frozenset()
    edges: frozenset[str] = frozenset()

    def __or__(self, other: Items) -> Items:
        return Items(self.nodes | other.nodes, self.edges | other.edges)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.nodes or item_id in self.edges

    def __bool__(self) -> bool:
        return bool(self.nodes or self.edges)


@dataclass(frozen=True)
class Caption:
    """What the bottom of the screen says: words, and where they come from when quoted."""

    text: str = ""
    citation: str = ""  # the source's title, only for a verbatim quote
    quoted: bool = False


@dataclass(frozen=True)
class StepView:
    """One step resolved against the map: everything a screen, a slide or a preview needs."""

    index: int
    count: int
    title: str
    focus: Items
    revealed: Items  # cumulative: this step and every step before it
    camera: Camera | None
    caption: Caption
    notes: str
    missing: tuple[str, ...] = field(default=())
    primary: str | None = None  # the first concept the step names
    new: Items = field(default=Items())  # shown from this step on: not shown by the one before
    # The concepts the step is about, which its frame must show whole: the focus (with both ends
    # of each focused link), and whatever it shows for the first time (with both ends of each
    # link that first shows here, so no line runs off to a concept out of sight).
    subjects: frozenset[str] = frozenset()
    # Links first shown here only because both their ends now are, reaching a concept the step
    # neither focuses nor reveals: they widen the frame, and the author may hold them back.
    passing: frozenset[str] = frozenset()
    # What the step was about, by name, when all of it was deleted from the map: it shows
    # nothing of its own, and says so (the dock, the caption band) rather than pass for an
    # overview of the map. See TourStep.gone.
    gone: tuple[str, ...] = ()

    @property
    def subject_links(self) -> frozenset[str]:
        """The links whose phrases the frame must show: focused, or showing for the first time."""
        return self.focus.edges | self.new.edges

    @property
    def number(self) -> str:
        return f"{self.index + 1} / {self.count}"


class _Index:
    """Lookups over one map, made once per resolution of a tour."""

    def __init__(self, cmap: ConceptMap) -> None:
        self.cmap = cmap
        self.nodes = cmap.node_by_id()
        self.edges = cmap.edge_by_id()
        self.sources = cmap.source_by_id()
        self.links: dict[str, list[Edge]] = {n: [] for n in self.nodes}
        for edge in cmap.edges:
            self.links.setdefault(edge.source, []).append(edge)
            if edge.target != edge.source:
                self.links.setdefault(edge.target, []).append(edge)

    def split(self, ids: Iterable[str]) -> tuple[set[str], set[str], list[str]]:
        """Concept ids, link ids and ids that are neither (any longer)."""
        nodes: set[str] = set()
        edges: set[str] = set()
        missing: list[str] = []
        for item_id in ids:
            if item_id in self.nodes:
                nodes.add(item_id)
            elif item_id in self.edges:
                edges.add(item_id)
            elif item_id not in missing:
                missing.append(item_id)
        return nodes, edges, missing

    def with_ends(self, nodes: set[str], edges: set[str]) -> set[str]:
        ends = set(nodes)
        for edge_id in edges:
            edge = self.edges[edge_id]
            ends.update((edge.source, edge.target))
        return ends

    def joining(self, nodes: set[str]) -> set[str]:
        """Links whose two ends are both in ``nodes``."""
        found = set()
        for node_id in nodes:
            for edge in self.links.get(node_id, ()):
                if edge.source in nodes and edge.target in nodes:
                    found.add(edge.id)
        return found


def _focus(index: _Index, step: TourStep) -> tuple[Items, list[str]]:
    nodes, edges, missing = index.split(step.focus)
    edges |= index.joining(nodes)
    return Items(frozenset(index.with_ends(nodes, edges)), frozenset(edges)), missing


def _own_reveal(index: _Index, step: TourStep, focus: Items) -> tuple[Items, list[str]]:
    nodes, edges, missing = index.split(step.reveal)
    return focus | Items(frozenset(index.with_ends(nodes, edges)), frozenset(edges)), missing


def _primary(index: _Index, step: TourStep) -> str | None:
    for item_id in step.focus:
        if item_id in index.nodes:
            return item_id
        if item_id in index.edges:
            return index.edges[item_id].source
    return None


def caption_of(step: TourStep, cmap: ConceptMap) -> Caption:
    """The step's caption; quoted with its source's title only when the words are the quote's."""
    quote = step.quote
    text = step.caption.strip()
    if quote is not None and (not text or same_words(text, quote.text)):
        source = cmap.source_by_id().get(quote.source)
        title = source.title if source is not None else quote.source
        return Caption(quote.text.strip(), title, True)
    return Caption(text)


def same_words(a: str, b: str) -> bool:
    """Equal but for whitespace, the only difference a verbatim quote may have."""
    return normalize(a)[0] == normalize(b)[0]


def resolve(cmap: ConceptMap, tour: Tour) -> list[StepView]:
    """Every step of ``tour`` with its focus, cumulative reveal, camera and caption. A step
    whose concepts were all deleted (TourStep.gone) and that still names nothing is ``gone``."""
    index = _Index(cmap)
    views = []
    named = Items()  # everything focused or revealed so far, by name or as a link's end
    held: set[str] = set()
    shown = Items()
    count = len(tour.steps)
    for number, step in enumerate(tour.steps):
        focus, missing = _focus(index, step)
        own, more_missing = _own_reveal(index, step, focus)
        named = named | own
        hold_missing = index.split(step.hold)[2]
        held = (held | {h for h in step.hold if h in index.edges}) - own.edges
        joined = index.joining(set(named.nodes)) - held
        before, shown = shown, Items(named.nodes, named.edges | frozenset(joined))
        new = Items(shown.nodes - before.nodes, shown.edges - before.edges)
        own_nodes = focus.nodes | new.nodes
        passing = {
            e
            for e in new.edges - own.edges
            if not {index.edges[e].source, index.edges[e].target} <= own_nodes
        }
        views.append(
            StepView(
                index=number,
                count=count,
                title=step.title,
                focus=focus,
                revealed=shown,
                camera=step.camera,
                caption=caption_of(step, cmap),
                notes=step.notes,
                missing=tuple(dict.fromkeys(missing + more_missing + hold_missing)),
                primary=_primary(index, step),
                new=new,
                subjects=frozenset(index.with_ends(set(own_nodes), set(new.edges))),
                passing=frozenset(passing),
                gone=() if step.focus or step.reveal else tuple(step.gone),
            )
        )
    return views


def missing_ids(cmap: ConceptMap, tour: Tour) -> dict[int, tuple[str, ...]]:
    """Step index -> ids it names that are neither a concept nor a link of the map now."""
    return {view.index: view.missing for view in resolve(cmap, tour) if view.missing}


# --- framing --------------------------------------------------------------------------------------


def bounds(boxes: Boxes, node_ids: Iterable[str]) -> tuple[float, float, float, float] | None:
    """(left, top, width, height) around the boxes of ``node_ids``; None when there are none."""
    found = [boxes[n] for n in node_ids if n in boxes]
    if not found:
        return None
    left = min(b[0] for b in found)
    top = min(b[1] for b in found)
    right = max(b[0] + b[2] for b in found)
    bottom = max(b[1] + b[3] for b in found)
    return left, top, right - left, bottom - top


def default_camera(view: StepView, boxes: Boxes, padding: float = FOCUS_PADDING) -> Camera:
    """The rectangle a step is about when it stores no camera: its subjects, or (an overview)
    what is revealed, or all."""
    for ids in (view.subjects, view.revealed.nodes, boxes.keys()):
        rect = bounds(boxes, ids)
        if rect is not None:
            left, top, width, height = rect
            return Camera(
                x=left - padding,
                y=top - padding,
                width=width + 2 * padding,
                height=height + 2 * padding,
            )
    return Camera(x=-200, y=-150, width=400, height=300)


Rect = tuple[float, float, float, float]  # left, top, width, height


def _union(rects: Iterable[Rect]) -> Rect | None:
    found = list(rects)
    if not found:
        return None
    left = min(r[0] for r in found)
    top = min(r[1] for r in found)
    right = max(r[0] + r[2] for r in found)
    bottom = max(r[1] + r[3] for r in found)
    return left, top, right - left, bottom - top


def contains(outer: Rect, inner: Rect, slack: float = 0.5) -> bool:
    """``inner`` wholly inside ``outer`` (``slack`` units of rounding allowed)."""
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[0] + inner[2] <= outer[0] + outer[2] + slack
        and inner[1] + inner[3] <= outer[1] + outer[3] + slack
    )


@dataclass(frozen=True)
class Framing:
    """Where a step's camera looks, and whether the step shows its subjects readably."""

    cx: float  # the scene point at the middle of the stage (the screen above the caption)
    cy: float
    scale: float  # screen pixels per scene unit
    need: Rect | None  # around the subjects (and focused phrases); None for an overview
    readable: bool  # the subjects fit at a zoom where labels read from the back of the hall
    widened: bool  # a stored camera left a subject out and was widened to show it


def frame(
    view: StepView,
    boxes: Boxes,
    stage: tuple[float, float],
    min_scale: float,
    max_scale: float,
    phrases: Mapping[str, Rect] | None = None,
) -> Framing:
    """Fit a step onto a stage of ``stage`` pixels (the screen above the caption, less its
    margins): its subjects (``StepView.subjects``) and the phrases of its ``subject_links``, whole,
    as large as fits up to ``max_scale``.

    A stored camera is fitted whole, widened when it leaves a subject out, and zoomed in (moving
    as little as it must) when it is so wide labels could not be read. When the subjects do
    not fit at ``min_scale`` (the zoom at which labels read from the back of the hall), they are
    still all shown, smaller, and ``readable`` is False so the editor can say so and offer to
    split the step. A step with no subjects is an overview of what is revealed (or everything),
    fitted whole whatever the type size.
    """
    width, height = stage
    found = phrases or {}
    need = _union(
        [boxes[n] for n in view.subjects if n in boxes]
        + [found[e] for e in view.subject_links if e in found]
    )
    if need is not None:
        pad = FOCUS_PADDING / 10  # outlines and their glow sit just outside the boxes
        need = (need[0] - pad, need[1] - pad, need[2] + 2 * pad, need[3] + 2 * pad)
    region = need
    widened = False
    camera = view.camera
    if camera is not None:
        stored: Rect = (camera.x, camera.y, camera.width, camera.height)
        widened = need is not None and not contains(stored, need)
        region = _union([stored, need] if need is not None else [stored])
    if region is None:
        overview = default_camera(view, boxes)
        region = (overview.x, overview.y, overview.width, overview.height)
    scale = max(min(width / max(region[2], 1e-6), height / max(region[3], 1e-6), max_scale), 1e-3)
    cx, cy = region[0] + region[2] / 2, region[1] + region[3] / 2
    if (
        camera is not None
        and need is not None
        and scale < min_scale
        and need[2] * min_scale <= width
        and need[3] * min_scale <= height
    ):
        # A camera wider than the back row can read (saved from a zoomed-out editing view): as
        # close to it as readable type allows, the subjects still whole.
        scale = min_scale
        cx = _clamp(cx, need[0] + need[2] - width / 2 / scale, need[0] + width / 2 / scale)
        cy = _clamp(cy, need[1] + need[3] - height / 2 / scale, need[1] + height / 2 / scale)
    readable = need is None or scale >= min_scale * (1 - 1e-9)
    return Framing(cx, cy, scale, need, readable, widened)


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


# --- the walk without a tour ----------------------------------------------------------------------


def proposition(cmap: ConceptMap, edge: Edge, nodes: Mapping[str, Node] | None = None) -> str:
    """A link read as a sentence: "PD-1 sits on T cells", "T cells are a type of immune cells"
    (the concept after the phrase is said as mid-sentence words are). ``nodes``: the map's
    concepts by id, when the caller has them already."""
    nodes = cmap.node_by_id() if nodes is None else nodes
    source, target = nodes.get(edge.source), nodes.get(edge.target)
    said = {edge.target: said_mid_sentence(target)} if target is not None else {}
    if source is not None:
        said[edge.source] = source.label  # the sentence's first words; a loop keeps the label
    return spoken_sentence(said, edge)


def _first_quote(quotes: Sequence[Quote]) -> Quote | None:
    return quotes[0] if quotes else None


def selection_walk(
    cmap: ConceptMap,
    nodes: Sequence[str],
    edges: Sequence[str] = (),
    depth: int = WALK_DEPTH,
    centre: str | None = None,
) -> Tour:
    """A tour made up on the spot from the selection, for presenting a map that has none.

    Step 1 is the selection. Then, for each concept reached (the selection first, then its
    neighbours, breadth first, up to ``depth`` links away), one step per link not yet shown:
    the link and the concept at its other end, captioned with the link's own quote; then a step
    framing that concept with all its neighbours. With nothing selected the walk starts on
    ``centre`` (the caller's most central concept), else on the concept with the most links.
    """
    index = _Index(cmap)
    start_nodes = [n for n in nodes if n in index.nodes]
    for edge_id in edges:
        edge = index.edges.get(edge_id)
        if edge is not None:
            start_nodes += [e for e in (edge.source, edge.target) if e not in start_nodes]
    if not start_nodes:
        if not index.nodes:
            return Tour(id=WALK_TOUR_ID, title="Walk", steps=[])
        hub = max(cmap.nodes, key=lambda n: len(index.links.get(n.id, ()))).id
        start_nodes = [centre if centre is not None and centre in index.nodes else hub]
    first = index.nodes[start_nodes[0]]
    steps = [
        TourStep(
            id=f"at-{first.id}",
            title=", ".join(index.nodes[n].label for n in start_nodes),
            focus=[*start_nodes, *[e for e in edges if e in index.edges]],
            quote=_first_quote(first.quotes),
            notes=first.description,
        )
    ]
    _walk_links(index, steps, start_nodes, depth)
    return Tour(id=WALK_TOUR_ID, title=f"Walk from {first.label}", steps=steps)


def _walk_links(index: _Index, steps: list[TourStep], start: list[str], depth: int) -> None:
    seen_nodes = set(start)
    seen_edges: set[str] = set()
    ring = list(start)
    for _ in range(depth):
        next_ring: list[str] = []
        for node_id in ring:
            links = [e for e in index.links.get(node_id, ()) if e.id not in seen_edges]
            if not links:
                continue
            for edge in links:
                seen_edges.add(edge.id)
                other = edge.target if edge.source == node_id else edge.source
                if other not in seen_nodes:
                    seen_nodes.add(other)
                    next_ring.append(other)
                steps.append(
                    TourStep(
                        id=f"link-{edge.id}",
                        title=proposition(index.cmap, edge, index.nodes),
                        focus=[edge.id],
                        quote=_first_quote(edge.quotes),
                        notes=index.nodes[other].description,
                    )
                )
            steps += _around_steps(index, node_id, links)
        ring = next_ring


def _around_steps(index: _Index, node_id: str, links: list[Edge]) -> list[TourStep]:
    """The steps framing a concept with the neighbours the walk just linked it to: one, or
    for a hub one per AROUND_AT_ONCE of them in the order walked (PD-1's 9 neighbours drawn
    round it needed labels 26 px high on a 1080-line screen where the back row needs 30;
    Immune checkpoint inhibitors' 25, 8 px)."""
    neighbours: list[str] = []
    for edge in links:
        other = edge.target if edge.source == node_id else edge.source
        if other not in neighbours and other != node_id:
            neighbours.append(other)
    label = index.nodes[node_id].label
    if len(neighbours) <= AROUND_AT_ONCE:
        title = f"{label} and what it links to"
        return [TourStep(id=f"around-{node_id}", title=title, focus=[node_id, *neighbours])]
    parts = math.ceil(len(neighbours) / AROUND_AT_ONCE)
    size = math.ceil(len(neighbours) / parts)  # parts of even size: 9 is 5 + 4, not 6 + 3
    return [
        TourStep(
            id=f"around-{node_id}-{part + 1}",
            title=f"{label} and what it links to ({part + 1} of {parts})",
            focus=[node_id, *neighbours[part * size : (part + 1) * size]],
        )
        for part in range(parts)
    ]


# --- edits: each returns a new list of tours ------------------------------------------------------


def _copy(tours: Sequence[Tour]) -> list[Tour]:
    return [t.model_copy(deep=True) for t in tours]


def find_tour(tours: Sequence[Tour], tour_id: str) -> Tour:
    """The tour with ``tour_id``; KeyError when there is none."""
    for tour in tours:
        if tour.id == tour_id:
            return tour
    raise KeyError(f"no tour {tour_id!r}")


def new_tour_id(tours: Sequence[Tour], title: str) -> str:
    return unique(slug(title, "tour", 50), {t.id for t in tours})


def new_step_id(tour: Tour) -> str:
    taken = {s.id for s in tour.steps}
    number = len(tour.steps) + 1
    while f"step-{number}" in taken:
        number += 1
    return f"step-{number}"


def with_tour_added(tours: Sequence[Tour], title: str) -> tuple[list[Tour], str]:
    """A new empty tour at the end; returns the list and the new tour's id."""
    result = _copy(tours)
    tour_id = new_tour_id(result, title)
    result.append(Tour(id=tour_id, title=title))
    return result, tour_id


def with_tour_changed(tours: Sequence[Tour], tour_id: str, **changes: object) -> list[Tour]:
    result = _copy(tours)
    for position, tour in enumerate(result):
        if tour.id == tour_id:
            result[position] = tour.model_copy(update=changes)
            return result
    raise KeyError(f"no tour {tour_id!r}")


def with_tour_removed(tours: Sequence[Tour], tour_id: str) -> list[Tour]:
    return [t for t in _copy(tours) if t.id != tour_id]


def with_step_added(
    tours: Sequence[Tour], tour_id: str, step: TourStep, at: int | None = None
) -> tuple[list[Tour], int]:
    """``step`` inserted at ``at`` (default: the end), given an id if it has none."""
    result = _copy(tours)
    tour = find_tour(result, tour_id)
    if not step.id:
        step = step.model_copy(update={"id": new_step_id(tour)})
    position = len(tour.steps) if at is None else max(0, min(at, len(tour.steps)))
    tour.steps.insert(position, step)
    return result, position


def with_step_changed(
    tours: Sequence[Tour], tour_id: str, index: int, **changes: object
) -> list[Tour]:
    result = _copy(tours)
    tour = find_tour(result, tour_id)
    step = tour.steps[index].model_copy(update=changes)
    if step.gone and (step.focus or step.reveal):
        step.gone = []  # given a subject again: what it lost is no longer said, nor saved
    tour.steps[index] = step
    return result


def with_step_removed(tours: Sequence[Tour], tour_id: str, index: int) -> list[Tour]:
    result = _copy(tours)
    del find_tour(result, tour_id).steps[index]
    return result


def with_steps_ordered(tours: Sequence[Tour], tour_id: str, order: Sequence[int]) -> list[Tour]:
    """Steps rearranged: ``order`` lists the old indices in their new order."""
    result = _copy(tours)
    tour = find_tour(result, tour_id)
    if sorted(order) != list(range(len(tour.steps))):
        raise ValueError("the new order must name every step once")
    tour.steps = [tour.steps[i] for i in order]
    return result


def split_parts(cmap: ConceptMap, step: TourStep, boxes: Boxes) -> tuple[TourStep, TourStep] | None:
    """``step`` as two steps that each show part of its subjects: the concepts are cut in two
    along the frame's longer side where the wider part is narrowest, and each focused or revealed
    item goes with its concept (a link with its source). Both keep the title and caption; the
    notes stay with the first (``with_step_split`` also holds back, in the second, the links
    joining it to the first). None when there is nothing to split (fewer than two concepts, or
    every item on one side)."""
    index = _Index(cmap)
    view = resolve(cmap, Tour(id="split", title="", steps=[step]))[0]
    placed = sorted(n for n in view.subjects if n in boxes)
    if len(placed) < 2:
        return None
    area = bounds(boxes, placed)
    assert area is not None
    axis = 0 if area[2] >= area[3] else 1

    def middle(node_id: str) -> float:
        box = boxes[node_id]
        return box[axis] + box[axis + 2] / 2

    placed.sort(key=middle)
    ends = [middle(n) for n in placed]

    def worse_half(cut: int) -> tuple[float, float, float]:
        """The wider part; then the narrower gap; then the less even count."""
        wider = max(ends[cut] - ends[0], ends[-1] - ends[cut + 1])
        return wider, ends[cut] - ends[cut + 1], abs(cut + 1 - len(placed) / 2)

    cut = min(range(len(placed) - 1), key=worse_half)
    first_side = set(placed[: cut + 1])

    def side(item_id: str) -> int:
        if item_id in index.edges:
            item_id = index.edges[item_id].source
        return 0 if item_id in first_side or item_id not in boxes else 1

    parts: list[dict[str, list[str]]] = [{"focus": [], "reveal": []}, {"focus": [], "reveal": []}]
    for name in ("focus", "reveal"):
        for item_id in getattr(step, name):
            parts[side(item_id)][name].append(item_id)
    if not (parts[0]["focus"] or parts[0]["reveal"]) or not (
        parts[1]["focus"] or parts[1]["reveal"]
    ):
        return None
    first = step.model_copy(update={**parts[0], "camera": None}, deep=True)
    title = f"{step.title} (continued)" if step.title else ""
    second = step.model_copy(
        update={**parts[1], "camera": None, "id": "", "title": title, "notes": ""}, deep=True
    )
    return first, second


def with_step_split(
    cmap: ConceptMap, tours: Sequence[Tour], tour_id: str, index: int, boxes: Boxes
) -> list[Tour] | None:
    """The tour with step ``index`` split in two (``split_parts``); None when it cannot be."""
    result = _copy(tours)
    tour = find_tour(result, tour_id)
    parts = split_parts(cmap, tour.steps[index], boxes)
    if parts is None:
        return None
    first, second = parts
    tour.steps[index] = first
    second = second.model_copy(update={"id": new_step_id(tour)})
    tour.steps.insert(index + 1, second)
    # A link joining the two parts would pull the first part's concepts back into the second's
    # frame: it is held back, for a later step to show.
    passing = resolve(cmap, tour)[index + 1].passing
    held = [*second.hold, *sorted(passing - set(second.hold))]
    tour.steps[index + 1] = second.model_copy(update={"hold": held})
    return result


def with_links_held(
    tours: Sequence[Tour], tour_id: str, index: int, links: Iterable[str]
) -> list[Tour]:
    """Step ``index`` holding back ``links`` too (those it holds already stay held)."""
    result = _copy(tours)
    step = find_tour(result, tour_id).steps[index]
    held = [*step.hold, *sorted(set(links) - set(step.hold))]
    return with_step_changed(result, tour_id, index, hold=held)


def with_missing_dropped(cmap: ConceptMap, tours: Sequence[Tour], tour_id: str) -> list[Tour]:
    """The tour with every id that is no longer in the map taken out of focus and reveal."""
    result = _copy(tours)
    tour = find_tour(result, tour_id)
    index = _Index(cmap)
    for position, step in enumerate(tour.steps):
        keep_focus = [i for i in step.focus if i in index.nodes or i in index.edges]
        keep_reveal = [i for i in step.reveal if i in index.nodes or i in index.edges]
        keep_hold = [i for i in step.hold if i in index.nodes or i in index.edges]
        tour.steps[position] = step.model_copy(
            update={"focus": keep_focus, "reveal": keep_reveal, "hold": keep_hold}
        )
    return result


def focus_quotes(cmap: ConceptMap, step: TourStep) -> list[tuple[str, Quote]]:
    """Quotes of the step's focused concepts and links, each with what it belongs to."""
    index = _Index(cmap)
    found = []
    for item_id in step.focus:
        if item_id in index.nodes:
            node = index.nodes[item_id]
            found += [(node.label, q) for q in node.quotes]
        elif item_id in index.edges:
            edge = index.edges[item_id]
            found += [(proposition(cmap, edge, index.nodes), q) for q in edge.quotes]
    return found
