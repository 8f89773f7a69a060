"""Lecture tours without Qt: what each step focuses and reveals, its framing, caption and walks.

The rules a tour follows (the README and the Help text say the same):

- A step's **focus** is the concepts and links it names in ``focus``, plus the two concepts at the
  ends of each focused link, plus every link joining two concepts focused by that same step
  (naming "PD-1" and "T cells" together is talking about how they are linked).
- **Reveal is cumulative.** Step *i* shows everything focused or named in ``reveal`` by steps
  0..*i* (a revealed link brings its two concepts). ``reveal`` adds context without focusing it.
- The **camera** is the step's ``camera`` rectangle when it has one; otherwise the bounds of the
  focus, padded (or of everything revealed so far when the focus is empty; or the whole map).
- The **caption** is ``caption``; a step whose ``quote`` holds the same words (or whose caption is
  empty) shows them as a quotation with its source's title. Words that differ from the quote are
  shown as the lecturer's own, with no citation, so a source is never credited with words it
  did not say.
- Ids that no longer exist (a concept deleted after the tour was written) are skipped, never
  fatal; ``missing_ids`` lists them so the editor can say so.

Every edit helper returns a new list of tours: the editor wraps it in one undoable command.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from mapviewer.ids import slug, unique
from mapviewer.model import Camera, ConceptMap, Edge, Quote, Tour, TourStep, spoken_sentence
from mapviewer.quotes import normalize

FOCUS_PADDING = 40.0  # scene units kept around a focus when framing it
WALK_TOUR_ID = "__walk__"
WALK_DEPTH = 2  # the walk without a tour goes this many links out from the selection

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
    primary: str | None = None  # the first concept the step names: kept in sight above all

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
    """Every step of ``tour`` with its focus, cumulative reveal, camera and caption."""
    index = _Index(cmap)
    views = []
    revealed = Items()
    count = len(tour.steps)
    for number, step in enumerate(tour.steps):
        focus, missing = _focus(index, step)
        own, more_missing = _own_reveal(index, step, focus)
        revealed = revealed | own
        views.append(
            StepView(
                index=number,
                count=count,
                title=step.title,
                focus=focus,
                revealed=revealed,
                camera=step.camera,
                caption=caption_of(step, cmap),
                notes=step.notes,
                missing=tuple(missing + [m for m in more_missing if m not in missing]),
                primary=_primary(index, step),
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
    """Where to look when the step stores no camera: its focus, or what is revealed, or all."""
    for ids in (view.focus.nodes, view.revealed.nodes, boxes.keys()):
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


def frame(
    view: StepView,
    boxes: Boxes,
    stage: tuple[float, float],
    min_scale: float,
    max_scale: float,
) -> tuple[float, float, float]:
    """Centre (scene units) and scale (pixels per unit) that show a step on a stage of
    ``stage`` pixels (the screen above the caption).

    The camera rectangle is fitted whole. A step with a focus is never shown smaller than
    ``min_scale``, the zoom at which labels read from the back of the hall: when its camera is
    wider than that, the view zooms in and moves as little as it must to keep the focus in
    sight. When even the focus is too wide (a long link), the first concept the step names
    stays in view with the focused concepts nearest to it that fit, and the view leans toward
    the rest, so the link can be followed off the screen. A step without a focus is an
    overview, fitted whole whatever the type size.
    """
    width, height = stage
    target = view.camera or default_camera(view, boxes)
    scale = min(width / target.width, height / target.height)
    focus = bounds(boxes, view.focus.nodes)
    if focus is not None:
        scale = max(scale, min_scale)
    scale = max(min(scale, max_scale), 1e-3)
    cx = target.x + target.width / 2
    cy = target.y + target.height / 2
    if focus is not None:
        left, top, w, h = focus
        px, py, pw, ph = _group(view, boxes, width / scale, height / scale) or focus
        cx = _keep_in_sight(cx, width / scale, left, w, px, pw)
        cy = _keep_in_sight(cy, height / scale, top, h, py, ph)
    return cx, cy, scale


def _group(
    view: StepView, boxes: Boxes, span_w: float, span_h: float
) -> tuple[float, float, float, float] | None:
    """Bounds of the step's first concept and the focused concepts nearest to it that fit in
    a window of ``span_w`` by ``span_h`` scene units together."""
    first = boxes.get(view.primary or "")
    if first is None:
        return None
    fx, fy = first[0] + first[2] / 2, first[1] + first[3] / 2
    others = sorted(
        (n for n in view.focus.nodes if n in boxes and n != view.primary),
        key=lambda n: (
            (boxes[n][0] + boxes[n][2] / 2 - fx) ** 2 + (boxes[n][1] + boxes[n][3] / 2 - fy) ** 2
        ),
    )
    group = [view.primary or ""]
    for node_id in others:
        rect = bounds(boxes, [*group, node_id])
        if rect is not None and rect[2] <= span_w and rect[3] <= span_h:
            group.append(node_id)
    return bounds(boxes, group)


def _keep_in_sight(
    centre: float, span: float, start: float, size: float, first: float, first_size: float
) -> float:
    """Move ``centre`` of a window ``span`` wide as little as needed to show [start, start+size],
    with a little air when there is room. When it does not fit, show [first, first+first_size]
    (the first concept and its group) and lean toward the rest as far as the window allows."""
    air = min(FOCUS_PADDING / 2, max(0.0, (span - size) / 2))
    low, high = start - air, start + size + air
    if high - low < span:
        return min(max(centre, high - span / 2), low + span / 2)
    middle = start + size / 2
    if first_size >= span:
        return first + first_size / 2
    air = min(FOCUS_PADDING / 2, (span - first_size) / 2)  # room to show where the link goes
    return min(max(middle, first + first_size + air - span / 2), first - air + span / 2)


# --- the walk without a tour ----------------------------------------------------------------------


def proposition(cmap: ConceptMap, edge: Edge) -> str:
    """A link read as a sentence: "PD-1 sits on T cells"."""
    return spoken_sentence(cmap.labels(), edge)


def _first_quote(quotes: Sequence[Quote]) -> Quote | None:
    return quotes[0] if quotes else None


def selection_walk(
    cmap: ConceptMap, nodes: Sequence[str], edges: Sequence[str] = (), depth: int = WALK_DEPTH
) -> Tour:
    """A tour made up on the spot from the selection, for presenting a map that has none.

    Step 1 is the selection. Then, for each concept reached (the selection first, then its
    neighbours, breadth first, up to ``depth`` links away), one step per link not yet shown:
    the link and the concept at its other end, captioned with the link's own quote; then a step
    framing that concept with all its neighbours. With nothing selected the walk starts from
    the whole map and then the concept with the most links.
    """
    index = _Index(cmap)
    start_nodes = [n for n in nodes if n in index.nodes]
    for edge_id in edges:
        edge = index.edges.get(edge_id)
        if edge is not None:
            start_nodes += [e for e in (edge.source, edge.target) if e not in start_nodes]
    steps: list[TourStep] = []
    if not start_nodes:
        if not index.nodes:
            return Tour(id=WALK_TOUR_ID, title="Walk", steps=[])
        steps.append(TourStep(id="overview", title=cmap.title, caption=cmap.description))
        hub = max(cmap.nodes, key=lambda n: len(index.links.get(n.id, ())))
        start_nodes = [hub.id]
    first = index.nodes[start_nodes[0]]
    steps.append(
        TourStep(
            id=f"at-{first.id}",
            title=", ".join(index.nodes[n].label for n in start_nodes),
            focus=[*start_nodes, *[e for e in edges if e in index.edges]],
            quote=_first_quote(first.quotes),
            notes=first.description,
        )
    )
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
                        title=proposition(index.cmap, edge),
                        focus=[edge.id],
                        quote=_first_quote(edge.quotes),
                        notes=index.nodes[other].description,
                    )
                )
            neighbours = {e.target if e.source == node_id else e.source for e in links}
            steps.append(
                TourStep(
                    id=f"around-{node_id}",
                    title=f"{index.nodes[node_id].label} and what it links to",
                    focus=[node_id, *sorted(neighbours)],
                )
            )
        ring = next_ring


# --- edits: each returns a new list of tours ------------------------------------------------------


def _copy(tours: Sequence[Tour]) -> list[Tour]:
    return [t.model_copy(deep=True) for t in tours]


def _find(tours: list[Tour], tour_id: str) -> Tour:
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
    tour = _find(result, tour_id)
    if not step.id:
        step = step.model_copy(update={"id": new_step_id(tour)})
    position = len(tour.steps) if at is None else max(0, min(at, len(tour.steps)))
    tour.steps.insert(position, step)
    return result, position


def with_step_changed(
    tours: Sequence[Tour], tour_id: str, index: int, **changes: object
) -> list[Tour]:
    result = _copy(tours)
    tour = _find(result, tour_id)
    tour.steps[index] = tour.steps[index].model_copy(update=changes)
    return result


def with_step_removed(tours: Sequence[Tour], tour_id: str, index: int) -> list[Tour]:
    result = _copy(tours)
    del _find(result, tour_id).steps[index]
    return result


def with_steps_ordered(tours: Sequence[Tour], tour_id: str, order: Sequence[int]) -> list[Tour]:
    """Steps rearranged: ``order`` lists the old indices in their new order."""
    result = _copy(tours)
    tour = _find(result, tour_id)
    if sorted(order) != list(range(len(tour.steps))):
        raise ValueError("the new order must name every step once")
    tour.steps = [tour.steps[i] for i in order]
    return result


def with_missing_dropped(cmap: ConceptMap, tours: Sequence[Tour], tour_id: str) -> list[Tour]:
    """The tour with every id that is no longer in the map taken out of focus and reveal."""
    result = _copy(tours)
    tour = _find(result, tour_id)
    index = _Index(cmap)
    for position, step in enumerate(tour.steps):
        keep_focus = [i for i in step.focus if i in index.nodes or i in index.edges]
        keep_reveal = [i for i in step.reveal if i in index.nodes or i in index.edges]
        tour.steps[position] = step.model_copy(update={"focus": keep_focus, "reveal": keep_reveal})
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
            found += [(proposition(cmap, edge), q) for q in edge.quotes]
    return found
