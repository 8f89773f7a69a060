"""The organic layout: linked concepts close, few crossings, nothing covered. No Qt.

1. Shape: stress majorization (SMACOF, weights 1/d^2, from classical MDS) on the graph
   distances for maps up to FULL_STRESS_UP_TO concepts; igraph's Fruchterman-Reingold (the old
   Force layout's, seeded) for bigger ones, where an n x n stress costs seconds. Maps up to
   MULTI_START_UP_TO concepts are also laid out from a few seeded Fruchterman-Reingold starts
   and the drawing with the fewest crossings is kept: the local search of step 3 ends in a
   local optimum that depends on the start (on the checkpoints map, 23 crossings from the
   stress start and 14 from the best force start; sfdp: 19).
2. Spread (a uniform scale keeps every crossing) until at most a share (CLEAR_ENOUGH) of the
   phrases touch, then pushed apart locally where some still do (mapviewer.layout.overlaps,
   prism-like). How loose this leaves the drawing decides how far compaction gets, so small
   maps try two shares from each start (synthetic-100: 60 crossings with 5 %, 46 with 15 %;
   sfdp: 48).
3. Crossings removed by local search (mapviewer.layout.refine): each concept tries where its
   neighbours pull it and rings around that, and moves if its links cross less, run under fewer
   boxes and get shorter, without its box touching another.
4. Compacted: shrunk towards the centre while local pushes can still clear it (smaller steps
   when a big one cannot be cleared); then refined again. On maps the search runs on, the
   drawing after each stage is scored and the best clear one kept. Measured on the default map
   (157 concepts): 355 crossings against 401 for sfdp -Goverlap=prism, with no covered phrase
   (sfdp: 222). Bigger maps than REFINE_FULL_UP_TO skip step 3, which costs about 1 s a pass
   at 1k concepts, and compact in big steps only.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import numpy as np

from mapviewer.layout import Box, LayoutCancelled, Link, Positions, Progress, force_positions
from mapviewer.layout.overlaps import is_clear, one_per_pair, separate, try_separate

# concepts; the n x n stress costs 1.3 s at 1k: bigger maps start from igraph's FR
FULL_STRESS_UP_TO = 600
RINGS = (0.7, 1.0, 1.4)  # around the neighbours, in graph steps: wide boxes need the outer ones
REFINE_PASSES = 3
REFINE_FULL_UP_TO = 600  # concepts; bigger maps are not refined (a pass costs 1 s at 1k)
COMPACT_STEPS = 12
COMPACT_FULL_UP_TO = 600  # concepts; bigger maps compact in big steps only
COMPACT_ROUNDS = 40  # pushes a compaction step may take before a smaller one is tried
COMPACT_ROUNDS_BIG = 10  # ...over REFINE_FULL_UP_TO concepts, where only big steps are tried
SHRINKS = (0.85, 0.93, 0.97)  # compaction steps, the biggest that can be cleared taken
# Shares of links whose phrase may still touch when the first spreading stops (the pushes clear
# them): the first for every map, the others tried as well on small ones.
CLEAR_ENOUGH = (0.05, 0.15)
MULTI_START_UP_TO = 120  # concepts; smaller maps are also laid out from FORCE_SEEDS
FORCE_SEEDS = (1, 2, 3)
MULTILEVEL_UP_TO = 2000  # concepts; its finest level is an n x n FR (0.1 s at 1k, 4x at 2k)
COARSEST = 50  # concepts at the coarsest level of the multilevel start
FINE_ITERATIONS = 30  # of FR at each level over 300 concepts: the start is near already...
COARSE_ITERATIONS = 100  # ...and at the smaller ones, which set the shape
# Over REFINE_FULL_UP_TO concepts: looser first spreading (pushes clear the rest), so the
# drawing stays compact and crossings hide under boxes less rarely (synthetic-1k: 40x the
# boxes' area and 11.8k crossings, against 150x and 12.4k with 5 %)...
CLEAR_ENOUGH_BIG = 0.3
# ...and one pass of the local search over the leaves whose link crosses (at most this share
# of the concepts), worst first.
WORST_SHARE = 0.6
WORST_DEGREE = 1
ITERATIONS = 120
SCREEN = (16.0, 9.0)  # the screen a drawing is turned to fit best (_lying_down)
SCREEN_TURNS = 36  # turns tried, 5 degrees apart
WIDE_PRICE = 1.1  # crossings a drawing that shows larger on the screen may add (_across)


def _coarsen(
    n: int, edges: list[tuple[int, int]], rng: random.Random
) -> tuple[int, list[tuple[int, int]], list[int]]:
    """One level coarser: a seeded maximal matching, each concept paired with its free
    neighbour of least degree (hubs are not swallowed first), pairs merged."""
    adjacent: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges:
        adjacent[a].append(b)
        adjacent[b].append(a)
    order = list(range(n))
    rng.shuffle(order)
    mate = [-1] * n
    for v in order:
        if mate[v] >= 0:
            continue
        free = [u for u in adjacent[v] if mate[u] < 0 and u != v]
        if free:
            u = min(free, key=lambda c: (len(adjacent[c]), c))
            mate[v], mate[u] = u, v
        else:
            mate[v] = v
    cluster = [-1] * n
    count = 0
    for v in range(n):
        if cluster[v] < 0:
            cluster[v] = cluster[mate[v]] = count
            count += 1
    coarse = sorted(
        {
            (min(cluster[a], cluster[b]), max(cluster[a], cluster[b]))
            for a, b in edges
            if cluster[a] != cluster[b]
        }
    )
    return count, coarse, cluster


def multilevel_positions(n: int, edges: list[tuple[int, int]], seed: int = 7) -> np.ndarray:
    """Fruchterman-Reingold from the coarsest graph up, as sfdp does: the coarse levels set the
    global shape, so the fine ones need few iterations and fold less. Seeded: the same map
    always gets the same drawing."""
    import igraph  # noqa: PLC0415 - 0.1 s import kept off the start-up path

    rng = random.Random(seed)
    igraph.set_random_number_generator(random.Random(seed))
    levels: list[tuple[int, list[tuple[int, int]], list[int]]] = [(n, edges, [])]
    while levels[-1][0] > COARSEST:
        count, coarse, cluster = _coarsen(levels[-1][0], levels[-1][1], rng)
        if count > 0.9 * levels[-1][0]:
            break  # a star or a matching that no longer shrinks the graph
        levels.append((count, coarse, cluster))
    count, coarse, _ = levels[-1]
    graph = igraph.Graph(n=count, edges=coarse)
    x = np.array(graph.layout_fruchterman_reingold(grid=False, niter=500).coords, dtype=float)
    for level in range(len(levels) - 1, 0, -1):
        cluster = levels[level][2]
        count, finer, _ = levels[level - 1]
        jitter = np.array([[rng.uniform(-0.1, 0.1), rng.uniform(-0.1, 0.1)] for _ in range(count)])
        x = x.reshape(-1, 2)[cluster] + jitter
        if finer:
            e = np.array(finer)
            length = float(np.median(np.hypot(*(x[e[:, 0]] - x[e[:, 1]]).T)))
            x = x / max(length, 1e-9)  # FR's links are about 1 long
        layout = igraph.Graph(n=count, edges=finer).layout_fruchterman_reingold(
            seed=x.tolist(),
            niter=FINE_ITERATIONS if count > 300 else COARSE_ITERATIONS,
            grid=False,
            start_temp=float(np.sqrt(count)) / 10,
        )
        x = np.array(layout.coords, dtype=float)
    return x.reshape(n, 2)


def stress_positions(
    n: int, edges: list[tuple[int, int]], progress: Progress | None = None
) -> np.ndarray:
    """Stress majorization on the graph distances: each two concepts as far apart as the links
    between them, one unit a link. View > Focus draws a tangled neighbourhood so too
    (mapviewer.focusfit.untangled): round T cells its links crossed 560 times, against 1,349
    in rings."""
    d = _distances(n, edges, None)
    return _smacof(_start(n, d), d, progress)


def _distances(n: int, edges: list[tuple[int, int]], sources: list[int] | None) -> np.ndarray:
    import igraph  # noqa: PLC0415 - 0.1 s import kept off the start-up path

    graph = igraph.Graph(n=n, edges=edges)
    d = np.array(graph.distances(source=sources), dtype=float)
    finite = np.isfinite(d)
    far = (d[finite].max() if finite.any() else 1.0) + 1.0
    d[~finite] = far  # separate components sit a little apart
    return d


def _start(n: int, d: np.ndarray) -> np.ndarray:
    """Classical MDS by power iteration on the double-centred squared distances (seed-free)."""
    b = -0.5 * d**2
    b -= b.mean(axis=0)[None, :]
    b -= b.mean(axis=1)[:, None]
    rng = np.random.default_rng(7)
    v = rng.standard_normal((n, 2))
    for _ in range(60):
        v = b @ v
        v, _r = np.linalg.qr(v)
    vals = np.einsum("ij,ij->j", v, b @ v)
    x = v * np.sqrt(np.maximum(vals, 1e-9))[None, :]
    # Concepts with the same neighbours (leaves of one hub) have the same distances to all
    # others, and the same start: a seeded nudge lets stress pull them apart.
    return x + rng.standard_normal((n, 2)) * 0.05


def _smacof(x: np.ndarray, d: np.ndarray, progress: Progress | None) -> np.ndarray:
    with np.errstate(divide="ignore"):
        w = np.where(d > 0, d**-2.0, 0.0)
    np.fill_diagonal(w, 0.0)
    wsum = w.sum(axis=1)
    for it in range(ITERATIONS):
        sq = (x**2).sum(axis=1)
        dist = np.sqrt(np.maximum(sq[:, None] + sq[None, :] - 2 * (x @ x.T), 0.0))
        np.fill_diagonal(dist, 1.0)
        coef = w * d / np.maximum(dist, 1e-9)
        np.fill_diagonal(coef, 0.0)
        # Localized update (Gansner, Koren and North): each point moves to the weighted mean
        # of where its distances say it should be.
        x = (coef.sum(axis=1)[:, None] * x - coef @ x + w @ x) / np.maximum(wsum, 1e-9)[:, None]
        if progress is not None and it % 10 == 0 and not progress(0.05 + 0.45 * it / ITERATIONS):
            raise LayoutCancelled
    return x


def _scale_until_clear(
    x: np.ndarray,
    w: np.ndarray,
    h: np.ndarray,
    links: Sequence[Link],
    index: dict[str, int],
    clear_enough: float,
) -> np.ndarray:
    """Spread the drawing (which keeps every crossing as it is) until no more than
    ``clear_enough`` of the links have a phrase that touches: the overlap removal then has only
    local work left, which keeps the start's shape."""
    from mapviewer.layout.quality import overlapping_pairs, segments  # noqa: PLC0415

    n = len(x)
    allowed = int(len(links) * clear_enough)
    # Boxes 8 wider and taller, as the pushes keep them; the phrases of links that have one.
    bw, bh = (w + 8.0) / 2, (h + 8.0) / 2
    src = np.array([index[ln.source] for ln in links], dtype=int)
    dst = np.array([index[ln.target] for ln in links], dtype=int)
    pw = np.array([ln.phrase_width for ln in links], dtype=float) / 2
    ph = np.array([ln.phrase_height for ln in links], dtype=float) / 2
    has = np.nonzero((pw > 0) & (ph > 0))[0]

    def clear(step: int) -> bool:
        """Phrases touching a box or a phrase, and overlapping boxes, at most ``allowed``
        (quality.phrase_collisions + box_overlaps, counted in numpy)."""
        scaled = _scaled(x, step)
        x0, y0, x1, y1 = segments(scaled[:, 0], scaled[:, 1], bw, bh, src[has], dst[has])
        cx = np.concatenate([scaled[:, 0], (x0 + x1) / 2])
        cy = np.concatenate([scaled[:, 1], (y0 + y1) / 2])
        rx = np.concatenate([bw, pw[has]])
        ry = np.concatenate([bh, ph[has]])
        a, b = overlapping_pairs(cx - rx, cy - ry, cx + rx, cy + ry)
        boxes = int(((a < n) & (b < n)).sum())
        phrases = np.unique(np.concatenate([a[a >= n], b[b >= n]]))
        return boxes + len(phrases) <= allowed

    if len(x) <= REFINE_FULL_UP_TO:
        step = 0
        while step < 40 and not clear(step):
            step += 1
        return _scaled(x, step)
    # Big maps: the first step that is clear enough found by doubling, then halving, the
    # steps (9 tries instead of 14 on synthetic-1k; each is a sweep over every box and phrase).
    low, high = -1, 0
    while high < 39 and not clear(high):
        low, high = high, min(39, 2 * high + 1)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if clear(middle) else (middle, high)
    return _scaled(x, high)


def _scaled(x: np.ndarray, step: int) -> np.ndarray:
    """``x`` spread ``step`` times by 1.15, one step at a time as the layout always has (a
    single factor of 1.15**step differs in the last bits, and the pushes after it amplify that
    into another drawing)."""
    for _ in range(step):
        x = x * 1.15
    return x


def organic_layout(
    boxes: Sequence[Box], links: Sequence[Link], progress: Progress | None = None
) -> Positions:
    n = len(boxes)
    if n == 0:
        return {}
    index = {b.id: i for i, b in enumerate(boxes)}
    # Links between the same two concepts as one (see overlaps.one_per_pair).
    kept = one_per_pair(
        [ln for ln in links if ln.source in index and ln.target in index and ln.source != ln.target]
    )
    edges = sorted(
        {
            (min(index[ln.source], index[ln.target]), max(index[ln.source], index[ln.target]))
            for ln in kept
        }
    )
    w = np.array([b.width for b in boxes])
    h = np.array([b.height for b in boxes])
    if n <= 2:
        starts = [np.array([[0.0, 0.0], [1.0, 0.0]][:n])]
    elif n <= FULL_STRESS_UP_TO:
        starts = [stress_positions(n, edges, progress)]
        if n <= MULTI_START_UP_TO:
            # The local search ends in a local optimum that depends on the start: a few seeded
            # force layouts as well, the drawing with the fewest crossings kept.
            starts += [
                np.array(force_positions(n, edges, seed, grid=False), dtype=float).reshape(n, 2)
                for seed in FORCE_SEEDS
            ]
    elif n <= MULTILEVEL_UP_TO:
        # Multilevel Fruchterman-Reingold (sfdp's scheme, igraph's C at each level) instead of
        # an n x n stress: synthetic-1k 13.2k straight-line crossings in 0.14 s of CPU, against
        # 19.2k for one grid FR and 21.3k for stress.
        starts = [multilevel_positions(n, edges)]
    else:
        # Fruchterman-Reingold with igraph's grid (C, 0.3 s at 1k) instead of an n x n stress.
        starts = [np.array(force_positions(n, edges), dtype=float).reshape(n, 2)]
    # A force or stress drawing has no up, and the default map's (with its 13 frames) came out
    # 5,275 x 9,021 units: a strip down the middle of a wide screen at fit. Maps with one start
    # also try it turned to lie across (the start's shape does not always survive the spreading,
    # so both are finished and measured). Small maps keep their starts: turned, synthetic-100's
    # fewest crossings went from 46 to 60; big ones keep the one run their time allows.
    turned = None
    if MULTI_START_UP_TO < n <= REFINE_FULL_UP_TO:
        turned = _lying_down(starts[0] - starts[0].mean(axis=0))
        if turned is not None:
            starts.append(turned)
    if progress is not None and not progress(0.5):
        raise LayoutCancelled
    # How loose the first spreading leaves the drawing decides how far compaction gets, and
    # which optimum the search ends in: small maps try both.
    if n <= MULTI_START_UP_TO:
        tightness: tuple[float, ...] = CLEAR_ENOUGH
    elif n <= REFINE_FULL_UP_TO or n > MULTILEVEL_UP_TO:
        tightness = CLEAR_ENOUGH[:1]
    else:
        tightness = (CLEAR_ENOUGH_BIG,)
    runs = [(x, share) for x in starts for share in tightness]
    done = [_finish(x, w, h, kept, index, edges, share, progress) for x, share in runs]
    if turned is not None:
        x = _across(done[0], done[1], w, h, kept, index)
    else:
        scores = [_score(x, w, h, kept, index) if len(done) > 1 else (0, 0) for x in done]
        x = done[scores.index(min(scores))]
    return {b.id: (float(x[i, 0]), float(x[i, 1])) for i, b in enumerate(boxes)}


def _score(
    x: np.ndarray, w: np.ndarray, h: np.ndarray, links: Sequence[Link], index: dict[str, int]
) -> tuple[int, int]:
    """Crossings, then links under boxes: what the bench and a reader count first."""
    from mapviewer.layout.quality import crossing_pairs, geometry, through_pairs  # noqa: PLC0415

    sizes = {k: (float(w[i]), float(h[i])) for k, i in index.items()}
    geo = geometry(sizes, {k: (float(x[i, 0]), float(x[i, 1])) for k, i in index.items()}, links)
    return len(crossing_pairs(geo)), len({e for e, _ in through_pairs(geo)})


def _fit(width: float, height: float) -> float:
    """How large a drawing of ``width`` x ``height`` shows at fit on a SCREEN-shaped screen
    (relative)."""
    return min(SCREEN[0] / max(width, 1e-9), SCREEN[1] / max(height, 1e-9))


def _screen_fit(x: np.ndarray, w: np.ndarray, h: np.ndarray) -> float:
    """_fit of the drawing's boxes."""
    width = float(np.max(x[:, 0] + w / 2) - np.min(x[:, 0] - w / 2))
    height = float(np.max(x[:, 1] + h / 2) - np.min(x[:, 1] - h / 2))
    return _fit(width, height)


def _across(
    plain: np.ndarray,
    turned: np.ndarray,
    w: np.ndarray,
    h: np.ndarray,
    links: Sequence[Link],
    index: dict[str, int],
) -> np.ndarray:
    """Of a drawing as it came and turned, the one that shows larger on a wide screen, unless
    it crosses more than WIDE_PRICE times as often: the default map's with frames, 710 turned
    against 703 but 48 % larger at fit (Organic's drawing without frames fits better as it
    came, 487 crossings, and is kept)."""
    crossings = [_score(x, w, h, links, index)[0] for x in (plain, turned)]
    wide = _screen_fit(turned, w, h) > _screen_fit(plain, w, h)
    return turned if wide and crossings[1] <= WIDE_PRICE * crossings[0] else plain


def _lying_down(x: np.ndarray) -> np.ndarray | None:
    """``x`` (centred) turned to fit a wide screen best, in SCREEN_TURNS steps (the smallest
    turn kept among near equals); None when it fits best as it is. Turned before the
    spreading, so the boxes, wider than tall, are cleared where they lie."""
    if len(x) < 3:
        return None
    best, best_fit = None, 0.0
    for step in range(SCREEN_TURNS):
        angle = math.pi * step / SCREEN_TURNS
        turn = np.array([[math.cos(angle), math.sin(angle)], [-math.sin(angle), math.cos(angle)]])
        turned = x @ turn
        width, height = np.ptp(turned, axis=0)
        fit = _fit(float(width), float(height))
        if fit > best_fit * 1.01:
            best, best_fit = (turned if step else None), fit
    return best


def _finish(
    x: np.ndarray,
    w: np.ndarray,
    h: np.ndarray,
    kept: Sequence[Link],
    index: dict[str, int],
    edges: list[tuple[int, int]],
    clear_enough: float,
    progress: Progress | None,
) -> np.ndarray:
    """Scaled to the boxes, spread until clear, crossings removed, compacted, refined again."""
    x = x - x.mean(axis=0)
    # One graph step long enough for two half boxes and a phrase between them.
    phrase = np.median([ln.phrase_width for ln in kept]) if kept else 0.0
    unit = float(np.median(w)) + float(phrase) + 40.0
    if edges:
        e = np.array(edges)
        lengths = np.sqrt(((x[e[:, 0]] - x[e[:, 1]]) ** 2).sum(axis=1))
        x = x * (unit / max(float(np.median(lengths)), 1e-9))
    x = _scale_until_clear(x, w, h, kept, index, clear_enough)
    x = separate(x, w, h, kept, index, progress, through=False)
    if len(x) > REFINE_FULL_UP_TO:
        # Big maps: no local search (a pass costs about 1 ms a concept), compacted in big steps.
        x = compact(x, w, h, kept, index)
        if not is_clear(x, w, h, kept, index):
            x = separate(x, w, h, kept, index, progress, through=False)
        if len(x) <= MULTILEVEL_UP_TO:
            x = _refine_worst(x, w, h, kept, index, unit)
        return x
    # Small maps: each stage's drawing is scored and the best clear one kept, as the local
    # search weighs crossings against links under boxes and length, and may trade some back.
    best = (_score(x, w, h, kept, index), x)
    for stage in ("refine", "compact", "refine"):
        if stage == "refine":
            x = _refine(x, w, h, kept, index, unit, progress)
        else:
            x = compact(x, w, h, kept, index)
        if is_clear(x, w, h, kept, index):
            score = _score(x, w, h, kept, index)
            if score < best[0]:
                best = (score, x)
    return best[1]


def compact(
    x: np.ndarray, w: np.ndarray, h: np.ndarray, links: Sequence[Link], index: dict[str, int]
) -> np.ndarray:
    """Shrink the drawing towards its centre while a few local pushes can still clear it; when
    a big step fails, smaller ones are tried (one stubborn phrase would otherwise stop it all,
    and a loose drawing has long links that cross more)."""
    big = len(x) > COMPACT_FULL_UP_TO  # pushes cost 4 ms a round at 1k concepts
    for _ in range(COMPACT_STEPS):
        centre = x.mean(axis=0)
        for factor in SHRINKS[:1] if big else SHRINKS:
            shrunk = centre + (x - centre) * factor
            rounds = COMPACT_ROUNDS_BIG if big else COMPACT_ROUNDS
            trial = try_separate(
                shrunk, w, h, links, index, through=False, spread=False, rounds=rounds
            )
            if trial is not None:
                x = trial
                break
        else:
            break
    return x


def _refine_worst(
    x: np.ndarray,
    w: np.ndarray,
    h: np.ndarray,
    links: Sequence[Link],
    index: dict[str, int],
    unit: float,
) -> np.ndarray:
    """One pass of the local search over the concepts of at most WORST_DEGREE links whose
    links cross, worst first (mapviewer.layout.refine.worst_concepts). On synthetic-1k its 303
    leaves take 0.2 s and cut 11.8k crossings to 9.9k; concepts of up to 2 links as well,
    9.5k in 0.6 s; a full pass costs 1 s. Whatever it leaves touching is pushed apart."""
    from mapviewer.layout.refine import worst_concepts  # noqa: PLC0415

    order = worst_concepts(x, w, h, links, index, WORST_DEGREE, WORST_SHARE)
    x = _refine(x, w, h, links, index, unit, None, order=order, passes=1)
    if not is_clear(x, w, h, links, index):
        x = separate(x, w, h, links, index, None, through=False)
    return x


def _refine(
    x: np.ndarray,
    w: np.ndarray,
    h: np.ndarray,
    links: Sequence[Link],
    index: dict[str, int],
    unit: float,
    progress: Progress | None,
    order: Sequence[int] | None = None,
    passes: int = REFINE_PASSES,
) -> np.ndarray:
    from mapviewer.layout.refine import Refiner  # noqa: PLC0415

    refiner, neighbours = Refiner.for_links(x, w, h, links, index)
    angles = np.linspace(0, 2 * np.pi, 8, endpoint=False)
    ring = np.stack([np.cos(angles), np.sin(angles)], axis=1)

    def candidates(v: int, pos: np.ndarray) -> np.ndarray:
        near = neighbours[v]
        if not near:
            return np.zeros((0, 2))
        centre = pos[near].mean(axis=0)
        here = pos[v]
        spots = [centre[None, :], here + (centre - here)[None, :] * np.array([[0.3], [0.6]])]
        for r in RINGS:
            spots.append(centre[None, :] + ring * unit * r)
        spots.append(here[None, :] + ring * unit * 0.35)
        return np.vstack(spots)

    if order is None:
        degree = np.array([len(v) for v in neighbours])
        order = sorted(range(len(x)), key=lambda i: (degree[i], i))
    return refiner.run(order, candidates, passes)
