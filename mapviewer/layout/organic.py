"""The organic layout: linked concepts close, few crossings, nothing covered. No Qt.

1. Shape: stress majorization (SMACOF, weights 1/d^2, from classical MDS) on the graph
   distances for maps up to FULL_STRESS_UP_TO concepts; igraph's Fruchterman-Reingold (the old
   Force layout's, seeded) for bigger ones, where an n x n stress costs seconds.
2. Spread (a uniform scale keeps every crossing) until no box or phrase touches, then pushed
   apart locally where some still do (mapviewer.layout.overlaps, prism-like).
3. Crossings removed by local search (mapviewer.layout.refine): each concept tries where its
   neighbours pull it and rings around that, and moves if its links cross less, run under fewer
   boxes and get shorter, without its box touching another.
4. Compacted: shrunk towards the centre while local pushes can still clear it; then refined
   again. Measured on the default map (157 concepts): 1.42 crossings per link against 1.49 for
   sfdp -Goverlap=prism, with no covered phrase (sfdp: 222). Bigger maps than
   REFINE_FULL_UP_TO skip step 3, which costs about 0.5 s a pass at 1k concepts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mapviewer.layout import Box, LayoutCancelled, Link, Positions, Progress, force_positions
from mapviewer.layout.overlaps import is_clear, separate, try_separate

# concepts; the n x n stress costs 1.3 s at 1k: bigger maps start from igraph's FR
FULL_STRESS_UP_TO = 600
RINGS = (0.7,)
REFINE_PASSES = 3
REFINE_FULL_UP_TO = 600  # concepts; bigger maps are not refined (0.5 s a pass at 1k)
COMPACT_STEPS = 12
ITERATIONS = 120


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
    x: np.ndarray, w: np.ndarray, h: np.ndarray, links: Sequence[Link], index: dict[str, int]
) -> np.ndarray:
    """Spread the drawing (which keeps every crossing as it is) until few things touch: the
    overlap removal then has only local work left, which keeps the stress layout's shape."""
    from mapviewer.layout.quality import box_overlaps, geometry, phrase_collisions  # noqa: PLC0415

    ids = list(index)
    sizes = {k: (w[i] + 8.0, h[i] + 8.0) for k, i in index.items()}
    allowed = 0
    for _ in range(40):
        pos = {k: (x[i, 0], x[i, 1]) for i, k in enumerate(ids)}
        geo = geometry(sizes, pos, links)
        if len(phrase_collisions(geo)) + len(box_overlaps(geo)) <= allowed:
            break
        x = x * 1.15
    return x


def organic_layout(
    boxes: Sequence[Box], links: Sequence[Link], progress: Progress | None = None
) -> Positions:
    n = len(boxes)
    if n == 0:
        return {}
    index = {b.id: i for i, b in enumerate(boxes)}
    kept = [
        ln for ln in links if ln.source in index and ln.target in index and ln.source != ln.target
    ]
    edges = sorted(
        {
            (min(index[ln.source], index[ln.target]), max(index[ln.source], index[ln.target]))
            for ln in kept
        }
    )
    if n <= 2:
        x = np.array([[0.0, 0.0], [1.0, 0.0]][:n])
    elif n <= FULL_STRESS_UP_TO:
        d = _distances(n, edges, None)
        x = _smacof(_start(n, d), d, progress)
    else:
        # Fruchterman-Reingold with igraph's grid (C, 0.3 s at 1k) instead of an n x n stress.
        x = np.array(force_positions(n, edges), dtype=float).reshape(n, 2)
    if progress is not None and not progress(0.5):
        raise LayoutCancelled
    x -= x.mean(axis=0)
    # One graph step long enough for two half boxes and a phrase between them.
    w = np.array([b.width for b in boxes])
    h = np.array([b.height for b in boxes])
    phrase = np.median([ln.phrase_width for ln in kept]) if kept else 0.0
    unit = float(np.median(w)) + float(phrase) + 40.0
    if edges:
        e = np.array(edges)
        lengths = np.sqrt(((x[e[:, 0]] - x[e[:, 1]]) ** 2).sum(axis=1))
        x *= unit / max(float(np.median(lengths)), 1e-9)
    x = _scale_until_clear(x, w, h, kept, index)
    x = separate(x, w, h, kept, index, progress, through=False)
    x = _refine(x, w, h, kept, index, unit, progress)
    x = compact(x, w, h, kept, index)
    x = _refine(x, w, h, kept, index, unit, progress)
    if not is_clear(x, w, h, kept, index):  # a move that saved many crossings covered a phrase
        x = separate(x, w, h, kept, index, progress, through=False)
    return {b.id: (float(x[i, 0]), float(x[i, 1])) for i, b in enumerate(boxes)}


def compact(
    x: np.ndarray, w: np.ndarray, h: np.ndarray, links: Sequence[Link], index: dict[str, int]
) -> np.ndarray:
    """Shrink the drawing towards its centre while a few local pushes can still clear it."""
    for _ in range(COMPACT_STEPS):
        centre = x.mean(axis=0)
        trial = try_separate(
            centre + (x - centre) * 0.85, w, h, links, index, through=False, spread=False
        )
        if trial is None:
            break
        x = trial
    return x


def _refine(
    x: np.ndarray,
    w: np.ndarray,
    h: np.ndarray,
    links: Sequence[Link],
    index: dict[str, int],
    unit: float,
    progress: Progress | None,
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

    degree = np.array([len(v) for v in neighbours])
    order = sorted(range(len(x)), key=lambda i: (degree[i], i))
    passes = REFINE_PASSES if len(x) <= REFINE_FULL_UP_TO else 0
    return refiner.run(order, candidates, passes)
