"""Positions for a big map that comes without any (a network exported from Gephi, Cytoscape or
a script): 100k concepts laid out within a minute, with progress and Cancel. No Qt.

The packer of ``mapviewer.layout`` (a box at a time, in Python) and 500 rounds of igraph's
force layout took minutes at 100k concepts, and igraph's DrL 447 s on this 2-core machine.
Here the force layout is igraph's grid variant, 100 rounds (6 s at 100k), with progress and
Cancel between the stages (measuring, force layout, rows).
Boxes are then put in rows: the concepts are cut into rows by their height in the force
layout, and each row is swept left to right, every box as near its wished x as the box before
it allows. No two boxes overlap, neighbours stay near, and it is numpy throughout.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from mapviewer.layout import ASPECT, GAP_X, GAP_Y, SPREAD, Box, LayoutCancelled, Positions, Progress
from mapviewer.model import ConceptMap, Node

if TYPE_CHECKING:
    import numpy as np

BIG_FROM = 10_000  # unplaced concepts, none placed: from here on the rows below, not the packer
ROUNDS = 100  # force-layout rounds (6 s at 100k concepts; igraph's default 500 took 30 s)
DENSITY = 0.33  # share of the layout's area the boxes cover, as the packer's layouts


def _check(progress: Progress | None, fraction: float) -> None:
    if progress is not None and not progress(fraction):
        raise LayoutCancelled


def place_big(
    boxes: Sequence[Box], edges: Sequence[tuple[str, str]], progress: Progress | None = None
) -> Positions:
    """Positions for every box, none overlapping; ``progress(fraction)`` returning False stops
    with LayoutCancelled. Reports 0 -> 1."""
    count = len(boxes)
    if count == 0:
        return {}
    import igraph  # noqa: PLC0415 - 0.1 s import kept off the start-up path
    import numpy as np  # noqa: PLC0415

    index = {box.id: i for i, box in enumerate(boxes)}
    pairs = [(index[a], index[b]) for a, b in edges if a in index and b in index and a != b]
    graph = igraph.Graph(n=count, edges=pairs)
    _check(progress, 0.05)
    # A generator of our own, seeded: same map, same layout, and nobody else's sequence reset.
    igraph.set_random_number_generator(random.Random(7))
    # One call: seeding a second call with the first one's layout made each further burst
    # 10-40 times slower (27-50 s instead of 3 s at 100k: the contracted layout crowds the
    # grid variant's cells), so Cancel is checked before and after it, not during.
    coords = graph.layout_fruchterman_reingold(niter=ROUNDS, grid=True).coords
    _check(progress, 0.9)
    xy = np.asarray(coords, dtype=float)
    sizes = np.array([(b.width, b.height) for b in boxes], dtype=float)
    placed = rows(xy, sizes)
    _check(progress, 1.0)
    return {box.id: (float(x), float(y)) for box, (x, y) in zip(boxes, placed, strict=True)}


def rows(xy: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Box centres near ``xy`` (any units) that do not overlap: ``sizes`` are (width, height).

    Rows hold equal numbers of boxes, taken by height in the force layout; a row is as tall as
    its tallest box, and within it each box goes to its wished x or just right of the box
    before, whichever is further right (x_i = s_i + running max of (wish_i - s_i), s the
    running sum of the spacings), so boxes keep their left-to-right order and never touch."""
    import numpy as np  # noqa: PLC0415

    count = len(xy)
    cells = (sizes[:, 0] + GAP_X) * (sizes[:, 1] + GAP_Y)
    area = float(cells.sum()) / DENSITY
    width = math.sqrt(area * ASPECT)
    row_height = float(np.mean(sizes[:, 1])) + GAP_Y
    row_count = max(1, min(count, round(area / width / row_height)))
    span = xy.max(axis=0) - xy.min(axis=0)
    span[span == 0] = 1.0
    # Blended with its rank, as the packer's layouts are (layout.spread_to_ranks): hubs'
    # neighbourhoods no longer crowd one stretch of a row and push the rest of it far right.
    order = np.empty(count)
    order[np.argsort(xy[:, 0], kind="stable")] = np.arange(count) / max(count - 1, 1)
    wish_x = (SPREAD * order + (1 - SPREAD) * (xy[:, 0] - xy[:, 0].min()) / span[0]) * width
    by_y = np.argsort(xy[:, 1], kind="stable")
    result = np.zeros_like(xy)
    top = 0.0
    for members in np.array_split(by_y, row_count):
        if len(members) == 0:
            continue
        members = members[np.argsort(wish_x[members], kind="stable")]
        widths = sizes[members, 0]
        spacing = np.zeros(len(members))
        spacing[1:] = (widths[:-1] + widths[1:]) / 2 + GAP_X
        steps = np.cumsum(spacing)
        result[members, 0] = steps + np.maximum.accumulate(wish_x[members] - steps)
        tallest = float(sizes[members, 1].max())
        result[members, 1] = top + tallest / 2
        top += tallest + GAP_Y
    result[:, 0] -= result[:, 0].mean()
    result[:, 1] -= top / 2
    return result


def unplaced_positions(
    cmap: ConceptMap,
    measure: Callable[[Node], tuple[float, float]],
    progress: Progress | None = None,
) -> Positions:
    """``mapviewer.layout.unplaced_positions`` with progress and Cancel, and for a big map with
    no concept placed, the rows above instead of the packer. Measuring 100k labels takes
    seconds too, so it reports progress as well (0 -> 0.2, the layout 0.2 -> 1)."""
    unplaced = [n for n in cmap.nodes if not n.placed]
    if not unplaced:
        return {}
    if len(unplaced) < BIG_FROM or len(unplaced) != len(cmap.nodes):
        from mapviewer.layout import unplaced_positions as small  # noqa: PLC0415

        _check(progress, 0.0)
        found = small(cmap, measure)
        _check(progress, 1.0)
        return found
    boxes = []
    step = max(1, len(unplaced) // 20)
    for done, node in enumerate(unplaced):
        boxes.append(Box(node.id, *measure(node)))
        if done % step == 0:
            _check(progress, 0.2 * done / len(unplaced))

    def later(fraction: float) -> bool:
        return progress is None or progress(0.2 + 0.8 * fraction)

    return place_big(boxes, [(e.source, e.target) for e in cmap.edges], later)
