"""The layered (top-down) layout, in the concept-map style: links point down, cross little, and
leave room for their linking phrases. No Qt.

Sugiyama's steps, each chosen for what a reader of a concept map notices:

1. Cycles are broken by reversing igraph's Eades feedback arc set (few links point up).
2. Layers: longest path, then Nikolov and Tarassov's promote heuristic both ways, which
   shortens long links (a long link is a line across rows of boxes) nearly as dot's network
   simplex does.
3. Order within layers: a chain of stand-ins ("dummies") for each long link, barycenter sweeps
   down and up with transposition, keeping the best order, then sifting. A link whose middle
   falls on a row gets a stand-in as wide as its phrase there. On small maps the same search
   also starts from seeded shuffles of the rows (it stops at a local optimum that depends on
   where it starts), and the order whose straight links cross least is refined as well.
4. Coordinates: each row is an order-preserving least-squares fit of every concept to its
   neighbours (pool-adjacent-violators, exact and linear), alternating down and up; dummy
   chains pull hard, so long links run straight in their lanes. Rows are as far apart as the
   tallest phrase between them needs, and in a long row every other concept sits lower, so the
   phrases of a fan of links alternate in height instead of colliding side by side.
5. The drawing itself is then improved (mapviewer.layout.refine): concepts move along their
   rows, sifting between the row's other concepts, to clear covered phrases and remove the
   crossings of the straight links the canvas draws; if phrases are still covered the rows are
   stretched until none is, then tightened again where room allows.
6. Maps up to VARIANTS_UP_TO concepts are laid out twice, in rows counted from the sources and
   from the sinks: the two put different links across several rows, and such long links cause
   most crossings (on the default map, 893 of 981). The drawing with fewer crossings is kept:
   on the default map the rows from the sinks, 896 crossings against 981 (dot: 900).
7. Maps of VARIANTS_UP_TO to PROJECT_UP_TO concepts are laid out once, in rows from the sinks,
   ordered as the multilevel force layout (mapviewer.layout.organic) has the concepts side by
   side, transposed a few rounds, and given one lean pass of the search (crossings, length and
   links under boxes only) over the concepts of few links that cross most; covered phrases are
   then pushed apart. On synthetic-1k: 14.0k crossings and 712 links under boxes (dot: 15.5k,
   744) in 0.7 s of CPU. Bigger maps are ordered by the sweeps and only pushed apart locally
   (mapviewer.layout.overlaps).
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from mapviewer.layout import Box, LayoutCancelled, Positions, Progress
from mapviewer.layout.overlaps import is_clear, one_per_pair, push_off_links, separate
from mapviewer.layout.quality import Link, crossing_pairs, geometry
from mapviewer.layout.refine import Refiner, worst_concepts

GAP_X = 28.0  # between two concepts in a row
DUMMY_W = 18.0  # the lane a long link runs in as it passes a row
ROW_MARGIN = 10.0  # above and below the tallest phrase between two rows
MIN_ROW_GAP = 46.0
STAGGER = 56.0  # how much lower every other concept of a long row sits
STAGGER_FROM = 4  # concepts in a row
DUMMY_PULL = 8.0  # weight of a stand-in's pull: long links run straight in their lane
PLACE_ITER = 8  # down/up rounds of the row fit, at most...
PLACE_ITER_BIG = 2  # ...on big maps, whose search moves them again (synthetic-1k: same crossings)
DEMOTE_ROUNDS = 30  # of the promote heuristic, at most...
DEMOTE_ROUNDS_BIG = 8  # ...on big maps: 0.06 s instead of 0.18 s at 1k, 0.1 % more crossings
SETTLED = 0.5  # scene units: the rounds stop once no concept moves more
SIFT_UP_TO = 2000  # nodes, dummies included: sifting costs rows x their length squared
SIFTS = 4
SWEEPS = 24  # barycenter down+up sweeps
RESTARTS = 8  # seeded shuffles the ordering also starts from
RESTART_UP_TO = 400  # nodes, dummies included
VARIANTS_UP_TO = 600  # concepts; bigger maps are laid out once and only pushed apart (a
# refining pass costs 0.5 s at 1k): smaller ones twice, and refined
ROW_STEPS = (-240.0, -120.0, -60.0, -30.0, 30.0, 60.0, 120.0, 240.0)  # moves tried along a row
PULLS = (0.25, 0.5, 0.75, 1.0)  # ...and these shares of the way to where the neighbours pull
# On big maps, only halfway and all the way, and no fixed steps: the sifting slots do their work
# (synthetic-1k: 14,042 crossings against 14,036, in 10 % less time).
PULLS_BIG = (0.5, 1.0)
SIFT_ROW = 80  # concepts; rows up to this long are sifted whole...
SIFT_NEAREST = 10  # ...longer ones beside the concepts nearest where its neighbours pull it
TRANSPOSES_BIG = 4  # after the force layout's order: 17.6k -> 16.4k crossings on synthetic-1k
PROJECT_UP_TO = 2000  # concepts; bigger maps are ordered by sweeps and only pushed apart
WORST_DEGREE = 3  # over VARIANTS_UP_TO concepts, one pass of the search over the concepts of
WORST_SHARE = 0.6  # at most this many links that cross most (at most this share of them)
SIFT_REACH = 150.0  # how far beyond its neighbours a concept tries the slots of its row
REFINE_PASSES = 5
THROUGH_ROUNDS = 10  # on big maps, of pushing boxes off the links under them


def _layers(
    n: int, edges: list[tuple[int, int]], from_top: bool = True, rounds: int = DEMOTE_ROUNDS
) -> list[int]:
    """Longest-path layers, counted from the sources or (not ``from_top``) from the sinks,
    then concepts moved up or down a layer where that shortens the links."""
    if not from_top:
        flipped = _layers(n, [(b, a) for a, b in edges], rounds=rounds)
        deepest = max(flipped, default=0)
        return [deepest - v for v in flipped]
    succ: list[list[int]] = [[] for _ in range(n)]
    pred: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges:
        succ[a].append(b)
        pred[b].append(a)
    indeg = [len(p) for p in pred]
    queue = [i for i in range(n) if indeg[i] == 0]
    order: list[int] = []
    while queue:
        i = queue.pop()
        order.append(i)
        for j in succ[i]:
            indeg[j] -= 1
            if indeg[j] == 0:
                queue.append(j)
    layer = [0] * n
    for i in order:
        for j in succ[i]:
            layer[j] = max(layer[j], layer[i] + 1)
    _demote(n, succ, pred, layer, rounds)
    base = min(layer) if layer else 0
    return [v - base for v in layer]


def _demote(
    n: int, succ: list[list[int]], pred: list[list[int]], layer: list[int], rounds: int
) -> None:
    """Move concepts a layer down (with the successors in their way), or up (with the
    predecessors in their way), while that shortens the links in total: Nikolov and Tarassov's
    promote heuristic, both ways; it comes close to the network-simplex layering of Graphviz's
    dot at a fraction of the code."""

    def shift(v: int, step: int, moved: list[int]) -> int:
        ahead, behind = (succ, pred) if step > 0 else (pred, succ)
        diff = 0
        for w in ahead[v]:
            if layer[w] == layer[v] + step:
                diff += shift(w, step, moved)
        layer[v] += step
        moved.append(v)
        return diff + len(behind[v]) - len(ahead[v])

    for _ in range(rounds):
        improved = False
        for step in (1, -1):
            ahead = succ if step > 0 else pred
            behind = pred if step > 0 else succ
            for v in range(n):
                if len(ahead[v]) <= len(behind[v]):
                    continue
                moved: list[int] = []
                if shift(v, step, moved) < 0:
                    improved = True
                else:
                    for u in moved:
                        layer[u] -= step
        if not improved:
            break


def _count_crossings(
    upper: dict[int, int], lower: dict[int, int], pairs: list[tuple[int, int]]
) -> int:
    """Crossings between two adjacent layers (positions in ``upper``/``lower``), by counting
    inversions with a sorted list: O(E log E)."""
    keyed = sorted((upper[a], lower[b]) for a, b in pairs)
    seen: list[int] = []
    count = 0
    for _, pos in keyed:
        index = bisect.bisect_right(seen, pos)
        count += len(seen) - index
        seen.insert(index, pos)
    return count


class _Graph:
    """The layered graph with dummies: nodes 0..n-1 are concepts, the rest stand-ins."""

    def __init__(
        self,
        boxes: Sequence[Box],
        edges: list[tuple[int, int]],
        layer: list[int],
        phrases: Sequence[tuple[float, float]],
    ) -> None:
        self.n = len(boxes)
        self.width = [b.width for b in boxes]
        self.height = [b.height for b in boxes]
        self.layer = list(layer)
        self.down: list[list[int]] = [[] for _ in range(self.n)]  # neighbours one layer below
        self.up: list[list[int]] = [[] for _ in range(self.n)]
        self.chains: dict[int, list[int]] = {}  # edge index -> its path of nodes, top to bottom
        for k, (a, b) in enumerate(edges):
            top, bottom = (a, b) if layer[a] < layer[b] else (b, a)
            path = [top]
            # A link across an even number of gaps has its middle, and its phrase, on the row
            # halfway: that row's stand-in is as wide and tall as the phrase.
            middle = (layer[top] + layer[bottom]) / 2
            for lay in range(layer[top] + 1, layer[bottom]):
                d = len(self.layer)
                self.layer.append(lay)
                on_phrase = lay == middle and phrases[k][0] > 0
                self.width.append(phrases[k][0] + 8.0 if on_phrase else DUMMY_W)
                self.height.append(phrases[k][1] if on_phrase else 0.0)
                self.down.append([])
                self.up.append([])
                path.append(d)
            path.append(bottom)
            for u, v in pairwise(path):
                self.down[u].append(v)
                self.up[v].append(u)
            self.chains[k] = path
        count = max(self.layer) + 1 if self.layer else 0
        self._between: tuple[np.ndarray, np.ndarray] | None = None
        self.rows: list[list[int]] = [[] for _ in range(count)]
        for node, lay in enumerate(self.layer):
            self.rows[lay].append(node)

    def links_between(self) -> tuple[np.ndarray, np.ndarray]:
        """Every link between adjacent rows as (upper ends, lower ends), built once."""
        if self._between is None:
            upper = [a for a in range(len(self.layer)) for _ in self.down[a]]
            lower = [b for a in range(len(self.layer)) for b in self.down[a]]
            self._between = (np.array(upper, dtype=int), np.array(lower, dtype=int))
        return self._between

    def is_dummy(self, node: int) -> bool:
        return node >= self.n


def _initial_order(g: _Graph) -> None:
    """Depth-first from the top rows, so subtrees start out side by side."""
    seen = [False] * len(g.layer)
    order: list[int] = []
    for start in [node for row in g.rows for node in row]:
        if seen[start]:
            continue
        stack = [start]
        while stack:
            node = stack.pop()
            if seen[node]:
                continue
            seen[node] = True
            order.append(node)
            stack.extend(reversed(g.down[node] + g.up[node]))
    rank = {node: i for i, node in enumerate(order)}
    for row in g.rows:
        row.sort(key=rank.__getitem__)


def _total_crossings(g: _Graph) -> int:
    total = 0
    for upper, lower in pairwise(g.rows):
        up_pos = {node: i for i, node in enumerate(upper)}
        low_pos = {node: i for i, node in enumerate(lower)}
        pairs = [(a, b) for a in upper for b in g.down[a]]
        total += _count_crossings(up_pos, low_pos, pairs)
    return total


def _sweep(g: _Graph, downward: bool) -> None:
    """Each row sorted by the mean position of its neighbours in the row before it (a node
    without any keeps its place; ties keep their order). In numpy: 0.3 s a run at 1k concepts
    in Python loops."""
    rows = g.rows if downward else g.rows[::-1]
    upper, lower = g.links_between()
    fixed_end, free_end = (upper, lower) if downward else (lower, upper)
    counts = np.bincount(free_end, minlength=len(g.layer))
    pos = np.zeros(len(g.layer))
    for fixed, free in pairwise(rows):
        pos[fixed] = np.arange(len(fixed))
        sums = np.bincount(free_end, weights=pos[fixed_end], minlength=len(g.layer))
        nodes = np.array(free, dtype=int)
        have = counts[nodes]
        keys = np.where(have > 0, sums[nodes] / np.maximum(have, 1), np.arange(len(nodes)))
        free[:] = nodes[np.argsort(keys, kind="stable")].tolist()


def _transpose(g: _Graph) -> None:
    """Swap neighbours in a row where that removes crossings with the rows above and below."""
    for lay, row in enumerate(g.rows):
        above = g.rows[lay - 1] if lay > 0 else []
        below = g.rows[lay + 1] if lay + 1 < len(g.rows) else []
        up_pos = {node: i for i, node in enumerate(above)}
        low_pos = {node: i for i, node in enumerate(below)}
        # The neighbours' places, looked up once: the other rows do not change meanwhile.
        ups = {v: [up_pos[x] for x in g.up[v]] for v in row}
        downs = {v: [low_pos[x] for x in g.down[v]] for v in row}
        for i in range(len(row) - 1):
            a, b = row[i], row[i + 1]
            up_ab, up_ba = _pair_crossings(ups[a], ups[b])
            down_ab, down_ba = _pair_crossings(downs[a], downs[b])
            if up_ab + down_ab > up_ba + down_ba:
                row[i], row[i + 1] = b, a


def _pair_crossings(left: list[int], right: list[int]) -> tuple[int, int]:
    """Crossings between two neighbours' links to one row (their ends' places there), with the
    first node on the left and with it on the right."""
    as_is = swapped = 0
    for x in left:
        for y in right:
            if x > y:
                as_is += 1
            elif y > x:
                swapped += 1
    return as_is, swapped


def _sift(g: _Graph, downward: bool) -> None:
    """Sifting (Matuszewski, Schonfeld and Molitor): each node, busiest first, tries every slot
    of its row and takes the one with the fewest crossings with the rows above and below."""
    count = len(g.rows)
    lays = range(count) if downward else range(count - 1, -1, -1)
    for lay in lays:
        row = g.rows[lay]
        if len(row) < 2:
            continue
        up_pos = {node: i for i, node in enumerate(g.rows[lay - 1])} if lay > 0 else {}
        low_pos = {node: i for i, node in enumerate(g.rows[lay + 1])} if lay + 1 < count else {}
        ups = {v: sorted(up_pos[a] for a in g.up[v]) for v in row}
        downs = {v: sorted(low_pos[a] for a in g.down[v]) for v in row}

        def left_of(
            a: int,
            b: int,
            ups: dict[int, list[int]] = ups,
            downs: dict[int, list[int]] = downs,
        ) -> int:
            """Crossings between the links of a and b when a is left of b."""
            total = 0
            for mine, theirs in ((ups[a], ups[b]), (downs[a], downs[b])):
                if mine and theirs:
                    total += sum(bisect.bisect_left(theirs, p) for p in mine)
            return total

        for v in sorted(row, key=lambda node: -(len(g.up[node]) + len(g.down[node]))):
            if not g.up[v] and not g.down[v]:
                continue
            others = [u for u in row if u != v]
            before = [left_of(u, v) for u in others]
            after = [left_of(v, u) for u in others]
            total = best = sum(after)
            slot = 0
            for k in range(len(others)):
                total += before[k] - after[k]
                if total < best:
                    best, slot = total, k + 1
            row[:] = [*others[:slot], v, *others[slot:]]


def _orders(g: _Graph, progress: Progress | None) -> list[list[list[int]]]:
    """Orders of the rows to draw: the one found from a depth-first start and, on maps up to
    RESTART_UP_TO nodes, those found from seeded shuffles of it. Sweeps, transposition and
    sifting stop at a local optimum that depends on where they start, and the fewest crossings
    between rows of stand-ins is not the fewest between the straight links the canvas draws,
    so the caller draws each and keeps the best."""
    _initial_order(g)
    start = [list(r) for r in g.rows]
    found = [_order_from(g, progress, 0.1, 0.3 / (1 + RESTARTS))[0]]
    if len(g.layer) <= RESTART_UP_TO:
        rng = random.Random(7)
        for restart in range(RESTARTS):
            g.rows = [list(r) for r in start]
            for row in g.rows:
                rng.shuffle(row)
            done = 0.1 + 0.3 * (restart + 1) / (1 + RESTARTS)
            rows, _ = _order_from(g, progress, done, 0.3 / (1 + RESTARTS))
            if rows not in found:
                found.append(rows)
    g.rows = found[0]
    return found


def _order_from(
    g: _Graph, progress: Progress | None, done: float, share: float
) -> tuple[list[list[int]], int]:
    """The best order the sweeps, then sifting, find from the rows' present order."""
    best = [list(r) for r in g.rows]
    best_count = _total_crossings(g)
    for sweep in range(SWEEPS):
        _sweep(g, downward=sweep % 2 == 0)
        _sweep(g, downward=sweep % 2 == 1)
        _transpose(g)
        count = _total_crossings(g)
        if count < best_count:
            best, best_count = [list(r) for r in g.rows], count
        if progress is not None and not progress(done + share * (sweep + 1) / SWEEPS):
            raise LayoutCancelled
        if best_count == 0:
            break
    g.rows = best
    if len(g.layer) <= SIFT_UP_TO:
        for sweep in range(SIFTS):
            _sift(g, downward=sweep % 2 == 0)
            count = _total_crossings(g)
            if count < best_count:
                best, best_count = [list(r) for r in g.rows], count
        g.rows = best
    return best, best_count


def _fit(targets: list[float], weights: list[float], seps: list[float]) -> list[float]:
    """Positions as close as possible (weighted least squares) to ``targets`` keeping at least
    ``seps[i]`` between node i and i + 1: pool-adjacent-violators on the shifted problem."""
    offset = [0.0]
    for s in seps:
        offset.append(offset[-1] + s)
    blocks: list[list[float]] = []  # [value, weight, count]
    for t, w, off in zip(targets, weights, offset, strict=True):
        blocks.append([t - off, w, 1])
        while len(blocks) > 1 and blocks[-2][0] >= blocks[-1][0]:
            v2, w2, c2 = blocks.pop()
            v1, w1, c1 = blocks[-1]
            blocks[-1] = [(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, c1 + c2]
    out: list[float] = []
    for value, _, count in blocks:
        out.extend([value] * int(count))
    return [v + off for v, off in zip(out, offset, strict=True)]


def _row_seps(g: _Graph, extra: dict[tuple[int, int], float]) -> list[list[float]]:
    """Per row, the least distance between the centres of each two neighbours in it."""
    seps_of = []
    for row in g.rows:
        seps = []
        for a, b in pairwise(row):
            gap = GAP_X if not (g.is_dummy(a) or g.is_dummy(b)) else GAP_X / 2
            seps.append((g.width[a] + g.width[b]) / 2 + gap + extra.get((a, b), 0.0))
        seps_of.append(seps)
    return seps_of


def _place_x(
    g: _Graph, extra: dict[tuple[int, int], float], rounds: int = PLACE_ITER
) -> list[float]:
    x = [0.0] * len(g.layer)
    seps_of = _row_seps(g, extra)
    for row, seps in zip(g.rows, seps_of, strict=True):
        pos = 0.0
        for i, node in enumerate(row):
            x[node] = pos
            if i < len(seps):
                pos += seps[i]
    for it in range(rounds):
        before = list(x)
        for direction in ("down", "up", "both") if it % 2 == 0 else ("up", "down", "both"):
            rows = range(len(g.rows)) if direction != "up" else range(len(g.rows) - 1, -1, -1)
            for lay in rows:
                row = g.rows[lay]
                if not row:
                    continue
                targets, weights = [], []
                for node in row:
                    around = (
                        g.up[node]
                        if direction == "down"
                        else g.down[node]
                        if direction == "up"
                        else g.up[node] + g.down[node]
                    )
                    if around:
                        # A chain of dummies pulls hard: long links run straight in their lane.
                        weight = DUMMY_PULL if g.is_dummy(node) else 1.0
                        targets.append(sum(x[a] for a in around) / len(around))
                        weights.append(weight * len(around))
                    else:
                        targets.append(x[node])
                        weights.append(0.01)
                for node, value in zip(row, _fit(targets, weights, seps_of[lay]), strict=True):
                    x[node] = value
        if max((abs(a - b) for a, b in zip(x, before, strict=True)), default=0.0) < SETTLED:
            break  # the rounds have settled: more would move nothing the eye can see
    return x


def _place_y(
    g: _Graph, links: Sequence[Link], edges: list[tuple[int, int]], extra_gap: list[float]
) -> list[float]:
    """Row centres: each gap as tall as the tallest phrase whose middle falls in it needs."""
    heights = [
        max((g.height[v] for v in row), default=0.0)
        + (STAGGER if sum(v < g.n for v in row) >= STAGGER_FROM else 0.0)
        for row in g.rows
    ]
    lows = [min((g.height[v] for v in row if v < g.n), default=0.0) for row in g.rows]
    phrase = [0.0] * max(len(g.rows), 1)
    for k, (a, b) in enumerate(edges):
        ph = links[k].phrase_height
        top = min(g.layer[a], g.layer[b])
        span = abs(g.layer[a] - g.layer[b])
        gap = top + (span - 1) // 2
        phrase[gap] = max(phrase[gap], ph)
    y: list[float] = []
    pos = 0.0
    for lay, height in enumerate(heights):
        if lay:
            uneven = (heights[lay - 1] - lows[lay - 1]) / 2 + (height - lows[lay]) / 2
            room = max(MIN_ROW_GAP, phrase[lay - 1] + 2 * ROW_MARGIN + uneven) + extra_gap[lay - 1]
            pos += heights[lay - 1] / 2 + room + height / 2
        y.append(pos)
    return y


def layered_layout(
    boxes: Sequence[Box], links: Sequence[Link], progress: Progress | None = None
) -> Positions:
    if not boxes:
        return {}
    import igraph  # noqa: PLC0415 - 0.1 s import kept off the start-up path

    index = {b.id: i for i, b in enumerate(boxes)}
    # Links between the same two concepts as one (see overlaps.one_per_pair).
    kept = one_per_pair(
        [ln for ln in links if ln.source in index and ln.target in index and ln.source != ln.target]
    )
    edges = [(index[ln.source], index[ln.target]) for ln in kept]
    graph = igraph.Graph(n=len(boxes), edges=edges, directed=True)
    reverse = set(graph.feedback_arc_set(method="eades")) if edges else set()
    directed = [(b, a) if k in reverse else (a, b) for k, (a, b) in enumerate(edges)]
    if progress is not None and not progress(0.1):
        raise LayoutCancelled
    w = np.array([b.width for b in boxes], dtype=float)
    h = np.array([b.height for b in boxes], dtype=float)
    phrases = [(ln.phrase_width, ln.phrase_height) for ln in kept]
    if len(boxes) > PROJECT_UP_TO:
        g = _Graph(boxes, directed, _layers(len(boxes), directed), phrases)
        g.rows = _ordered(g, kept, directed, w, h, index, progress)[0]
        pos = _drawn(g, kept, directed)
        # Huge maps: local pushes only (rows bend a little where phrases crowd), in seconds; a
        # few rounds push boxes off the links that run under them (synthetic-1k: 836 -> 705
        # links under boxes, dot 744, for 2 % more crossings and 0.2 s).
        pos = separate(pos, w, h, kept, index, progress, through=False)
        pos = push_off_links(pos, w, h, kept, index, THROUGH_ROUNDS)
        return _positions(boxes, separate(pos, w, h, kept, index, progress, through=False))
    if len(boxes) > VARIANTS_UP_TO:
        # Big maps: rows from the sinks, ordered as a force layout turned upright has them, one
        # pass of the search over the concepts of few links that cross most.
        layer = _layers(len(boxes), directed, from_top=False, rounds=DEMOTE_ROUNDS_BIG)
        g = _Graph(boxes, directed, layer, phrases)
        _project_order(g, edges)
        for _ in range(TRANSPOSES_BIG):
            _transpose(g)
        if progress is not None and not progress(0.5):
            raise LayoutCancelled
        pos = _drawn(g, kept, directed, PLACE_ITER_BIG)
        pos = separate(pos, w, h, kept, index, progress, through=False)
        order = worst_concepts(pos, w, h, kept, index, WORST_DEGREE, WORST_SHARE)
        pos = _refine_rows(
            pos, w, h, kept, index, g, order=order, passes=1, lean=True, moves=((), PULLS_BIG)
        )
        if not is_clear(pos, w, h, kept, index):
            pos = separate(pos, w, h, kept, index, progress, through=False)
        return _positions(boxes, pos)
    # Rows counted from the top (sources first) or from the bottom (sinks last) give different
    # long links, which cause most crossings: both are drawn, and the drawing with the fewest
    # crossings kept.
    best: tuple[int, np.ndarray] | None = None
    for half, from_top in enumerate((True, False)):
        part = _part(progress, 0.1 + 0.45 * half, 0.45)
        g = _Graph(boxes, directed, _layers(len(boxes), directed, from_top), phrases)
        for rows in _ordered(g, kept, directed, w, h, index, part):
            g.rows = rows
            pos = _refined(_drawn(g, kept, directed), w, h, kept, index, g, part)
            count = _drawn_crossings(pos, w, h, kept, index)
            if best is None or count < best[0]:
                best = (count, pos)
    assert best is not None
    return _positions(boxes, best[1])


def _project_order(g: _Graph, edges: list[tuple[int, int]]) -> None:
    """Order the rows as a multilevel force layout (mapviewer.layout.organic) has the concepts
    side by side, turned so that its vertical runs with the rows; stand-ins sit evenly between
    their link's ends. The force layout has few crossings, and on a big map its order keeps
    more of that than barycenter sweeps find (synthetic-1k, as drawn: 17.7k crossings against
    20.2k from the sweeps).
    """
    from mapviewer.layout.organic import multilevel_positions  # noqa: PLC0415

    n = g.n
    undirected = sorted({(min(a, b), max(a, b)) for a, b in edges})
    x = multilevel_positions(n, undirected)
    layer = np.array(g.layer[:n], dtype=float)
    angles = np.linspace(0.0, 2 * np.pi, 24, endpoint=False)
    upright = x[:, 0:1] * np.sin(angles)[None, :] + x[:, 1:2] * np.cos(angles)[None, :]
    centred = upright - upright.mean(axis=0)
    fit = (centred * (layer - layer.mean())[:, None]).sum(axis=0) / np.maximum(
        np.sqrt((centred**2).sum(axis=0)), 1e-12
    )
    angle = angles[int(np.argmax(fit))]
    key = np.zeros(len(g.layer))
    key[:n] = x[:, 0] * np.cos(angle) - x[:, 1] * np.sin(angle)
    for path in g.chains.values():
        a, b = path[0], path[-1]
        for j, d in enumerate(path[1:-1], 1):
            key[d] = key[a] + (key[b] - key[a]) * j / (len(path) - 1)
    g.rows = [[row[i] for i in np.argsort(key[row], kind="stable")] for row in g.rows]


def _part(progress: Progress | None, start: float, share: float) -> Progress | None:
    """Progress of one of several runs, as its share of the whole (so it never goes back)."""
    if progress is None:
        return None
    whole = progress
    return lambda fraction: whole(start + share * fraction)


def _drawn(
    g: _Graph, kept: Sequence[Link], directed: list[tuple[int, int]], rounds: int = PLACE_ITER
) -> np.ndarray:
    """The rows in their present order, as positions (concepts only)."""
    x = _place_x(g, {}, rounds)
    y = _place_y(g, kept, directed, [0.0] * max(len(g.rows), 1))
    pos = np.array([[x[i], y[g.layer[i]]] for i in range(g.n)], dtype=float)
    _stagger(g, pos)
    return pos


def _ordered(
    g: _Graph,
    kept: Sequence[Link],
    directed: list[tuple[int, int]],
    w: np.ndarray,
    h: np.ndarray,
    index: dict[str, int],
    progress: Progress | None,
) -> list[list[list[int]]]:
    """Orders of the rows worth refining: the one found from a depth-first start and, on maps
    up to RESTART_UP_TO nodes, of those found from shuffles, the one whose straight links
    cross least before refining (which predicts the end only roughly: both are refined)."""
    orders = _orders(g, progress)
    kept_orders = orders[:1]
    best: tuple[int, list[list[int]]] | None = None
    for rows in orders[1:]:
        g.rows = rows
        count = _drawn_crossings(_drawn(g, kept, directed), w, h, kept, index)
        if best is None or count < best[0]:
            best = (count, rows)
    if best is not None:
        kept_orders.append(best[1])
    if progress is not None and not progress(0.5):
        raise LayoutCancelled
    return kept_orders


def _refined(
    pos: np.ndarray,
    w: np.ndarray,
    h: np.ndarray,
    kept: Sequence[Link],
    index: dict[str, int],
    g: _Graph,
    progress: Progress | None,
) -> np.ndarray:
    """Moves along the rows clear most covered phrases and remove crossings; what is left is
    cleared by stretching the rows, then the rows are tightened again where there is room."""
    pos = _refine_rows(pos, w, h, kept, index, g)
    if not is_clear(pos, w, h, kept, index):
        pos = _widen_until_clear(pos, w, h, kept, index)
        pos = separate(pos, w, h, kept, index, progress, through=False)
        pos = _refine_rows(pos, w, h, kept, index, g)
    pos = _narrow_while_clear(pos, w, h, kept, index)
    pos = _refine_rows(pos, w, h, kept, index, g)
    if not is_clear(pos, w, h, kept, index):
        pos = separate(pos, w, h, kept, index, progress, through=False)
    return pos


def _drawn_crossings(
    pos: np.ndarray, w: np.ndarray, h: np.ndarray, links: Sequence[Link], index: dict[str, int]
) -> int:
    sizes = {k: (float(w[i]), float(h[i])) for k, i in index.items()}
    places = {k: (float(pos[i, 0]), float(pos[i, 1])) for k, i in index.items()}
    return len(crossing_pairs(geometry(sizes, places, links)))


def _positions(boxes: Sequence[Box], pos: np.ndarray) -> Positions:
    return {b.id: (float(pos[i, 0]), float(pos[i, 1])) for i, b in enumerate(boxes)}


def _stagger(g: _Graph, pos: np.ndarray) -> None:
    """In a row of many concepts, every other one sits a little lower: the phrases of a fan of
    links then alternate in height instead of running into each other side by side."""
    for row in g.rows:
        concepts = [v for v in row if v < g.n]
        if len(concepts) < STAGGER_FROM:
            continue
        for i, v in enumerate(concepts):
            pos[v, 1] += STAGGER / 2 if i % 2 else -STAGGER / 2


def _widen_until_clear(
    pos: np.ndarray, w: np.ndarray, h: np.ndarray, links: Sequence[Link], index: dict[str, int]
) -> np.ndarray:
    """Stretch the rows sideways (which keeps every crossing) until no box or phrase touches
    another; the local search then pulls concepts back together where there is room."""
    centre = pos[:, 0].mean()
    for _ in range(40):
        if is_clear(pos, w, h, links, index):
            break
        pos[:, 0] = centre + (pos[:, 0] - centre) * 1.12
    return pos


def _narrow_while_clear(
    pos: np.ndarray, w: np.ndarray, h: np.ndarray, links: Sequence[Link], index: dict[str, int]
) -> np.ndarray:
    """Undo what widening is no longer needed for, now that concepts have moved."""
    centre = pos[:, 0].mean()
    for _ in range(20):
        trial = pos.copy()
        trial[:, 0] = centre + (pos[:, 0] - centre) * 0.92
        if not is_clear(trial, w, h, links, index):
            break
        pos = trial
    return pos


def _refine_rows(
    pos: np.ndarray,
    w: np.ndarray,
    h: np.ndarray,
    links: Sequence[Link],
    index: dict[str, int],
    g: _Graph,
    order: Sequence[int] | None = None,
    passes: int = REFINE_PASSES,
    lean: bool = False,
    moves: tuple[tuple[float, ...], tuple[float, ...]] = (ROW_STEPS, PULLS),
) -> np.ndarray:
    """Crossings removed and rows tightened by moving concepts along their rows only (all,
    fewest links first, or those of ``order``)."""
    refiner, neighbours = Refiner.for_links(pos, w, h, links, index, lean)
    steps = np.array(moves[0])

    def candidates(v: int, p: np.ndarray) -> np.ndarray:
        here = p[v]
        xs = list(here[0] + steps)
        near = neighbours[v]
        if near:
            centre = float(p[near, 0].mean())
            xs += [here[0] + (centre - here[0]) * f for f in moves[1]]
        # Beside the other concepts of the row that lie under or over its neighbours: sifting,
        # scored on the drawing itself (further away, links only get longer).
        row = rows_of[g.layer[v]]
        if near:
            low = min(float(p[near, 0].min()), here[0]) - SIFT_REACH
            high = max(float(p[near, 0].max()), here[0]) + SIFT_REACH
            long_row = len(row) > SIFT_ROW
            row = row[(p[row, 0] > low) & (p[row, 0] < high)]
            if long_row:  # only the concepts nearest where its neighbours pull it
                pull = float(p[near, 0].mean())
                row = row[np.argsort(np.abs(p[row, 0] - pull), kind="stable")[:SIFT_NEAREST]]
            side = (w[row] + w[v]) / 2 + 24.0
            xs += list(p[row, 0] - side) + list(p[row, 0] + side)
        return np.array([[value, here[1]] for value in xs])

    rows_of = [np.array([v for v in row if v < g.n], dtype=int) for row in g.rows]
    if order is None:
        order = sorted(range(len(pos)), key=lambda i: (len(neighbours[i]), i))
    return refiner.run(order, candidates, passes)
