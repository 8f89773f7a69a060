"""Positions for concepts a file did not place, and whole-map layouts. No Qt.

The whole-map layouts (Map menu, `mapviewer layout`) live in this package's modules: layered
(top-down rows), organic (stress), with overlaps (overlap removal), refine (crossing removal by
local search) and quality (the figures the tests and bench/layout_quality.py report). They are
imported when run, so placing a few concepts never loads numpy.

Placing unplaced concepts:

A force-directed layout (igraph's Fruchterman-Reingold, C code: 0.6 s for 1k concepts and 0.3 s
for 5k with its grid variant, against 3.7 s / 48 s for networkx's spring layout) gives the
shape; a packer then moves each box to the nearest free spot, hubs first, so no two boxes overlap
whatever the force layout did.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from mapviewer.model import ConceptMap, Node

GAP_X = 36.0  # room left between boxes, wide enough for an arrow and a short linking phrase
GAP_Y = 30.0
CELL = 240.0
SPREAD = 0.6  # how far force-layout coordinates are evened out towards their ranks
ASPECT = 1.6  # width / height of a fresh layout, the shape of a wide screen
PYTHON_RINGS = 2  # the packer's rings tried spot by spot before numpy takes many at once
# Boxes a packer holds from which it searches past PYTHON_RINGS in numpy: below, every ring is
# tried spot by spot, quicker there (the default map's 174 concepts packed in 5 ms, 8 ms with
# numpy) and a new concept dropped on a small map does not load numpy.
NUMPY_FROM = 200
Progress = Callable[[float], bool]  # fraction done -> keep going?
Positions = dict[str, tuple[float, float]]


@dataclass(frozen=True)
class Link:
    """A link between two concepts and the size of its linking phrase's box (0 x 0 if none)."""

    source: str
    target: str
    phrase_width: float = 0.0
    phrase_height: float = 0.0


@dataclass(frozen=True)
class Box:
    """A concept's size, centred on its position; where it is now, when it has a place (what
    a layout that keeps the arrangement starts from)."""

    id: str
    width: float
    height: float
    x: float | None = None
    y: float | None = None


class Packer:
    """Finds the free spot nearest a wish for each box; a spatial hash keeps checks local.

    A box whose wish is taken is searched for ring by ring around it; past the first rings,
    those are checked with numpy, several at a time, against the boxes in the cells they cover
    (in Python, one spot at a time, the yeast network's 2,361 concepts took 851,000 spot checks
    and 2.4 s of CPU; now 0.8 s). The numpy check is the Python one's arithmetic, cell test
    included, so every box lands on the same spot either way."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = defaultdict(
            list
        )
        self._rects: list[tuple[float, float, float, float]] = []  # every box, in order
        self._table: Any = None  # numpy copy of _rects' first _tabled rows, and their cells
        self._tabled = 0

    def _cell_range(self, left: float, top: float, right: float, bottom: float) -> Iterable:
        for cx in range(math.floor(left / CELL), math.floor(right / CELL) + 1):
            for cy in range(math.floor(top / CELL), math.floor(bottom / CELL) + 1):
                yield cx, cy

    def occupy(self, x: float, y: float, width: float, height: float) -> None:
        rect = (x - width / 2, y - height / 2, x + width / 2, y + height / 2)
        for key in self._cell_range(*rect):
            self._cells[key].append(rect)
        self._rects.append(rect)

    def is_free(self, x: float, y: float, width: float, height: float) -> bool:
        left = x - width / 2 - GAP_X / 2
        top = y - height / 2 - GAP_Y / 2
        right = x + width / 2 + GAP_X / 2
        bottom = y + height / 2 + GAP_Y / 2
        for key in self._cell_range(left, top, right, bottom):
            for r_left, r_top, r_right, r_bottom in self._cells.get(key, ()):
                if (
                    left < r_right + GAP_X / 2
                    and r_left - GAP_X / 2 < right
                    and top < r_bottom + GAP_Y / 2
                    and r_top - GAP_Y / 2 < bottom
                ):
                    return False
        return True

    def place(self, box: Box, wish_x: float, wish_y: float) -> tuple[float, float]:
        """Occupy and return the free position nearest ``wish``, searching outward ring by ring:
        the nearest free spot of the first ring that has one (the first in ring order of those
        equally near). The first rings are tried spot by spot (all of them while the packer
        holds few boxes); further out, many rings at once in numpy."""
        step_x = (box.width + GAP_X) / 2
        step_y = (box.height + GAP_Y) / 2
        found: tuple[float, float] | None = None
        if self.is_free(wish_x, wish_y, box.width, box.height):
            found = (wish_x, wish_y)
        by_spot = PYTHON_RINGS if len(self._rects) >= NUMPY_FROM else 9_999
        for ring in range(1, by_spot + 1):
            if found is not None:
                break
            best: tuple[float, float, float] | None = None
            for i in range(-ring, ring + 1):
                for j in (-ring, ring) if abs(i) != ring else range(-ring, ring + 1):
                    x = wish_x + i * step_x
                    y = wish_y + j * step_y
                    dist = (i * step_x) ** 2 + (j * step_y) ** 2
                    if (best is None or dist < best[0]) and self.is_free(
                        x, y, box.width, box.height
                    ):
                        best = (dist, x, y)
            if best is not None:
                found = (best[1], best[2])
        first = by_spot + 1
        while found is None and first < 10_000:
            last = min(2 * first + 2, 9_999)  # rings 3-8, 9-20, 21-44, ...: few numpy calls
            found = self._free_in_rings(box, wish_x, wish_y, first, last)
            first = last + 1
        if found is None:
            raise RuntimeError("no free position found")  # unreachable: space is unbounded
        self.occupy(found[0], found[1], box.width, box.height)
        return found

    def _boxes_near(self, left: float, top: float, right: float, bottom: float) -> Any:
        """The boxes ``is_free`` could see for a spot whose margin lies in this rectangle
        (those sharing a cell with it), as rows of left, top, right, bottom and their first and
        last cells (x, y, x, y). A filter over every box in numpy, not a walk of the cells:
        at 28 rings out that was 230 cells, and the walk took longer than the tests."""
        import numpy as np  # noqa: PLC0415

        count = len(self._rects)
        if self._table is None or len(self._table) < count:
            table = np.empty((max(2 * count, 256), 8))
            if self._table is not None:
                table[: self._tabled] = self._table[: self._tabled]
            self._table = table
        if self._tabled < count:
            new = np.array(self._rects[self._tabled :], dtype=float)
            self._table[self._tabled : count, :4] = new
            self._table[self._tabled : count, 4:] = np.floor(new / CELL)
            self._tabled = count
        table = self._table[:count]
        near = (
            (table[:, 4] <= math.floor(right / CELL))
            & (math.floor(left / CELL) <= table[:, 6])
            & (table[:, 5] <= math.floor(bottom / CELL))
            & (math.floor(top / CELL) <= table[:, 7])
        )
        return table[near]

    def _free_in_rings(
        self, box: Box, wish_x: float, wish_y: float, first: int, last: int
    ) -> tuple[float, float] | None:
        """The spot ``place`` picks in rings ``first``..``last``, if any of them has one free.

        Whether a box blocks a spot is a test on the spot's column (x) and one on its row (y),
        so the whole square of rings is tested with a column and a row table per box.
        Each expression is the one ``is_free`` evaluates, in the same order, cell test included,
        so the floats compared are the same bit for bit."""
        import numpy as np  # noqa: PLC0415 - only a crowded placement needs it

        steps = np.arange(-last, last + 1)
        step_x = (box.width + GAP_X) / 2
        step_y = (box.height + GAP_Y) / 2
        xs = wish_x + steps * step_x
        ys = wish_y + steps * step_y
        left = xs - box.width / 2 - GAP_X / 2
        top = ys - box.height / 2 - GAP_Y / 2
        right = xs + box.width / 2 + GAP_X / 2
        bottom = ys + box.height / 2 + GAP_Y / 2
        r = self._boxes_near(left[0], top[0], right[-1], bottom[-1])
        if len(r):
            r_cells = r[:, 4:]
            # columns[k, c]: box k is in the way of column c's spots, were they on its rows
            columns = (
                (left < r[:, 2:3] + GAP_X / 2)
                & (r[:, 0:1] - GAP_X / 2 < right)
                # is_free only sees the boxes in the cells its spot's margin covers
                & (r_cells[:, 0:1] <= np.floor(right / CELL))
                & (np.floor(left / CELL) <= r_cells[:, 2:3])
            )
            rows = (
                (top < r[:, 3:4] + GAP_Y / 2)
                & (r[:, 1:2] - GAP_Y / 2 < bottom)
                & (r_cells[:, 1:2] <= np.floor(bottom / CELL))
                & (np.floor(top / CELL) <= r_cells[:, 3:4])
            )
            # Each test is monotonic along the line, so a box blocks a block of columns by a
            # block of rows: painted as corners of a difference table, summed up both ways.
            hit = columns.any(axis=1) & rows.any(axis=1)
            size = len(steps)
            col0 = columns[hit].argmax(axis=1)
            col1 = size - columns[hit, ::-1].argmax(axis=1)
            row0 = rows[hit].argmax(axis=1)
            row1 = size - rows[hit, ::-1].argmax(axis=1)
            corners = np.bincount(
                np.concatenate(
                    [
                        col0 * (size + 1) + row0,
                        col0 * (size + 1) + row1,
                        col1 * (size + 1) + row0,
                        col1 * (size + 1) + row1,
                    ]
                ),
                np.repeat([1.0, -1.0, -1.0, 1.0], len(col0)),
                minlength=(size + 1) ** 2,
            ).reshape(size + 1, size + 1)
            blocked = corners.cumsum(axis=0).cumsum(axis=1)[:size, :size] > 0  # [column, row]
        else:
            blocked = np.zeros((len(steps), len(steps)), dtype=bool)
        # The distance is squared in Python, as place() always did: pow() and x*x may differ in
        # the last bit, and that could reorder two spots equally far in all but rounding.
        dx2 = [(k * step_x) ** 2 for k in range(last + 1)]
        dy2 = [(k * step_y) ** 2 for k in range(last + 1)]
        square = _rings_square(last)
        open_ = ~blocked & (square >= first)
        if not open_.any():
            return None
        ring = int(square[open_].min())
        ring_i, ring_j = _ring_offsets(ring)
        free = open_[ring_i + last, ring_j + last]
        spots = list(zip(ring_i[free].tolist(), ring_j[free].tolist(), strict=True))
        # min() keeps the first of equals, as place()'s strict "<" did
        i, j = min(spots, key=lambda spot: dx2[abs(spot[0])] + dy2[abs(spot[1])])
        return float(xs[i + last]), float(ys[j + last])


@functools.cache
def _rings_square(last: int) -> Any:
    """Each spot's ring in the square of rings up to ``last``, indexed [column, row]."""
    import numpy as np  # noqa: PLC0415

    steps = np.abs(np.arange(-last, last + 1))
    return np.maximum.outer(steps, steps)


@functools.cache
def _ring_offsets(ring: int) -> tuple[Any, Any]:
    """The (i, j) steps of ``ring`` in the order place() tries them, as numpy arrays."""
    import numpy as np  # noqa: PLC0415

    steps = [
        (i, j)
        for i in range(-ring, ring + 1)
        for j in ((-ring, ring) if abs(i) != ring else range(-ring, ring + 1))
    ]
    table = np.array(steps, dtype=np.int64)
    return table[:, 0], table[:, 1]


def force_positions(
    count: int, edges: Sequence[tuple[int, int]], seed: int = 7, grid: bool | None = None
) -> list:
    """A force-directed layout in arbitrary units; igraph is imported only when needed.
    ``grid`` None: igraph's grid variant from 300 concepts on."""
    if count == 0:
        return []
    if count == 1:
        return [(0.0, 0.0)]
    import igraph  # noqa: PLC0415 - 0.1 s import kept off the start-up path

    graph = igraph.Graph(n=count, edges=list(edges))
    import random  # noqa: PLC0415

    # A generator of our own: seeding Python's global one would reset every other user's
    # random sequence each time a map is laid out. Same seed, same numbers, same positions.
    igraph.set_random_number_generator(random.Random(seed))
    # The grid variant is 5x faster from a few hundred concepts on, at no visible cost.
    use_grid = count > 300 if grid is None else grid
    layout = graph.layout_fruchterman_reingold(grid=use_grid, niter=500)
    return [tuple(c) for c in layout.coords]


def auto_place(
    boxes: Sequence[Box],
    edges: Iterable[tuple[str, str]],
    fixed: dict[str, tuple[float, float]] | None = None,
    fixed_sizes: dict[str, tuple[float, float]] | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions for ``boxes`` (the unplaced concepts) that overlap neither each other nor the
    concepts in ``fixed``; returns only the new positions."""
    fixed = fixed or {}
    fixed_sizes = fixed_sizes or {}
    if not boxes:
        return {}
    packer = Packer()
    for node_id, (x, y) in fixed.items():
        width, height = fixed_sizes.get(node_id, (150.0, 50.0))
        packer.occupy(x, y, width, height)
    edge_list = list(edges)
    if fixed:
        return _place_near_neighbours(boxes, edge_list, fixed, packer)
    return force_directed(boxes, edge_list)


def unplaced_positions(
    cmap: ConceptMap, measure: Callable[[Node], tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """Positions for the concepts of ``cmap`` that have none, around those that have;
    ``measure`` gives a concept's box (width, height). Returns only the new positions."""
    unplaced = [n for n in cmap.nodes if not n.placed]
    if not unplaced:
        return {}
    boxes = [Box(n.id, *measure(n)) for n in unplaced]
    fixed = {n.id: (n.x, n.y) for n in cmap.nodes if n.x is not None and n.y is not None}
    sizes = {n.id: measure(n) for n in cmap.nodes if n.id in fixed}
    return auto_place(boxes, [(e.source, e.target) for e in cmap.edges], fixed, sizes)


def spread_to_ranks(values: Sequence[float], amount: float) -> list[float]:
    """Blend coordinates with their ranks, mapped to 0..1.

    Force layouts pack hubs' neighbourhoods into a dense core; rank-blending evens the density
    (the packer then needs about 9 tries a box instead of over 1,000 at 5k concepts) while
    keeping every concept on the same side of every other.
    """
    count = len(values)
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    order = sorted(range(count), key=values.__getitem__)
    rank = [0.0] * count
    for position, index in enumerate(order):
        rank[index] = position / max(count - 1, 1)
    return [amount * rank[i] + (1 - amount) * (values[i] - low) / span for i in range(count)]


def _place_near_neighbours(
    boxes: Sequence[Box],
    edges: list[tuple[str, str]],
    fixed: dict[str, tuple[float, float]],
    packer: Packer,
) -> dict[str, tuple[float, float]]:
    neighbours: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    placed = dict(fixed)
    right = max(x for x, _ in fixed.values()) + CELL
    top = min(y for _, y in fixed.values())
    pending = list(boxes)
    result: dict[str, tuple[float, float]] = {}
    orphan_row = 0
    while pending:
        progress = False
        later = []
        for box in pending:
            near = [placed[n] for n in neighbours[box.id] if n in placed]
            if near:
                wish = (sum(p[0] for p in near) / len(near), sum(p[1] for p in near) / len(near))
                result[box.id] = placed[box.id] = packer.place(box, *wish)
                progress = True
            else:
                later.append(box)
        if not progress and later:
            box = later.pop(0)  # nothing placed links to it: start a column beside the map
            wish = (right, top + orphan_row * 90.0)
            orphan_row += 1
            result[box.id] = placed[box.id] = packer.place(box, *wish)
        pending = later
    return result


# --- a fresh layout for a map without positions (auto_place), and the whole-map methods --------


def _index(boxes: Sequence[Box], edges: Iterable[tuple[str, str]]) -> list[tuple[int, int]]:
    index = {box.id: i for i, box in enumerate(boxes)}
    return [(index[a], index[b]) for a, b in edges if a in index and b in index and a != b]


def force_directed(
    boxes: Sequence[Box], edges: Iterable[tuple[str, str]], progress: Progress | None = None
) -> dict[str, tuple[float, float]]:
    """Organic clusters: linked concepts close, unlinked apart, no overlaps."""
    pairs = _index(boxes, edges)
    raw = force_positions(len(boxes), pairs)
    if progress is not None and not progress(0.4):
        raise LayoutCancelled
    xs = spread_to_ranks([p[0] for p in raw], SPREAD)
    ys = spread_to_ranks([p[1] for p in raw], SPREAD)
    area = sum((b.width + GAP_X) * (b.height + GAP_Y) for b in boxes) / 0.33
    width = math.sqrt(area * ASPECT)
    height = area / width
    wishes = [((x - 0.5) * width, (y - 0.5) * height) for x, y in zip(xs, ys, strict=True)]
    return _pack_in_order(boxes, wishes, pairs, progress)


class LayoutCancelled(Exception):  # noqa: N818 - a cancellation, not an error
    """The person cancelled a layout that was still running."""


def _pack_in_order(
    boxes: Sequence[Box],
    wishes: list[tuple[float, float]],
    pairs: list[tuple[int, int]],
    progress: Progress | None,
) -> dict[str, tuple[float, float]]:
    """Hubs first, each box to the free spot nearest its wish; reports progress 0.4 -> 1.0."""
    degree = [0] * len(boxes)
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    order = sorted(range(len(boxes)), key=lambda i: (-degree[i], boxes[i].id))
    packer = Packer()
    result = {}
    step = max(1, len(order) // 50)
    for done, i in enumerate(order):
        result[boxes[i].id] = packer.place(boxes[i], *wishes[i])
        if (
            progress is not None
            and done % step == 0
            and not progress(0.4 + 0.6 * done / len(order))
        ):
            raise LayoutCancelled
    return result


def layered_method(
    boxes: Sequence[Box], links: Sequence[Link], progress: Progress | None = None
) -> Positions:
    """Top-down layers in the concept-map style (mapviewer.layout.layered)."""
    from mapviewer.layout.layered import layered_layout  # noqa: PLC0415 - imports this module

    return layered_layout(boxes, links, progress)


def organic_method(
    boxes: Sequence[Box], links: Sequence[Link], progress: Progress | None = None
) -> Positions:
    """Linked concepts close, hubs spread (mapviewer.layout.organic)."""
    from mapviewer.layout.organic import organic_layout  # noqa: PLC0415 - imports this module

    return organic_layout(boxes, links, progress)


def tidy_method(
    boxes: Sequence[Box], links: Sequence[Link], progress: Progress | None = None
) -> Positions:
    """The arrangement kept, overlaps taken out: boxes and phrases pushed apart only where
    they touch (mapviewer.layout.overlaps), for a map whose boxes came out bigger than the tool
    that placed them drew them (an import from Gephi or Cytoscape: the Les Misérables graph's
    77 concepts had 34 overlaps, none after, moved 10 units at the median). Pushing boxes off
    the links under them too moved them 455 units at the median and doubled the crossings, so
    that is left to the other layouts. Concepts without a place get the organic layout's."""
    import numpy as np  # noqa: PLC0415 - only a layout run needs it

    from mapviewer.layout.overlaps import separate  # noqa: PLC0415 - imports this module

    if any(b.x is None or b.y is None for b in boxes):
        start = organic_method(boxes, links, progress)
    else:
        start = {b.id: (b.x or 0.0, b.y or 0.0) for b in boxes}
    index = {b.id: i for i, b in enumerate(boxes)}
    x = np.array([start[b.id] for b in boxes], dtype=float).reshape(-1, 2)
    w = np.array([b.width for b in boxes], dtype=float)
    h = np.array([b.height for b in boxes], dtype=float)
    ours = [ln for ln in links if ln.source in index and ln.target in index]
    placed = separate(x, w, h, ours, index, progress, through=False)
    return {b.id: (float(placed[i, 0]), float(placed[i, 1])) for i, b in enumerate(boxes)}


Method = Callable[[Sequence[Box], Sequence[Link], "Progress | None"], Positions]
# key: (menu / message name, function); `mapviewer layout --method KEY` and the Map menu.
METHODS: dict[str, tuple[str, Method]] = {
    "layered": ("Layered layout (top-down)", layered_method),
    "organic": ("Organic layout", organic_method),
    "tidy": ("Tidy (arrangement kept, overlaps removed)", tidy_method),
}
