"""How readable a layout is, in figures: crossings, links under boxes, overlaps, covered phrases.

One measure for the layouts, their tests and bench/layout_quality.py (which prints the same
figures for Graphviz), so a claim such as "fewer crossings than dot" is checked with the code
that tunes the layouts. Links are scored as the canvas draws a straight link: centre to centre,
clipped to the two boxes, the arrow's end pulled in as scene/edgeitem.py does, and the linking
phrase's box centred on the middle of what remains. Boxes are rectangles (a shaped concept's
outline lies inside its box, so this is the stricter reading). No Qt: sizes come in as numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from mapviewer.layout import Link

ARROW_PULL = 11.0 * 0.8  # the drawn line stops this far inside its arrowhead (edgeitem.py)
CHUNK = 512  # links compared with all others at once: bounds memory on 20k-link maps


@dataclass(frozen=True)
class Quality:
    crossings: int
    links: int
    through: int  # links passing under a box that is neither of their ends
    overlaps: int  # pairs of concept boxes that overlap
    phrase_collisions: int  # phrases overlapping a box or another phrase
    length_spread: float  # standard deviation / mean of the drawn link lengths
    area: float  # of the bounding box, in scene units squared
    box_area: float  # all concept boxes together: area / box_area says how loose the map is

    @property
    def crossings_per_link(self) -> float:
        return self.crossings / self.links if self.links else 0.0


@dataclass
class Geometry:
    """Boxes and drawn link segments of a layout, as arrays (index order of ``ids``)."""

    ids: list[str]
    cx: np.ndarray
    cy: np.ndarray
    hw: np.ndarray  # half widths
    hh: np.ndarray
    src: np.ndarray  # per link: index of its source...
    dst: np.ndarray  # ...and target
    x0: np.ndarray  # the drawn segment
    y0: np.ndarray
    x1: np.ndarray
    y1: np.ndarray
    pw: np.ndarray  # phrase box sizes, centred on the segment's middle
    ph: np.ndarray


def _exit(hw: np.ndarray, hh: np.ndarray, dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
    """The fraction of (dx, dy) at which a ray from a box's centre leaves the box."""
    with np.errstate(divide="ignore", invalid="ignore"):
        tx = np.where(dx != 0, hw / np.abs(dx), np.inf)
        ty = np.where(dy != 0, hh / np.abs(dy), np.inf)
    return np.minimum(np.minimum(tx, ty), 1.0)


def segments(
    cx: np.ndarray, cy: np.ndarray, hw: np.ndarray, hh: np.ndarray, src: np.ndarray, dst: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The drawn part of each link: centre to centre, clipped to both boxes, the end pulled in
    under the arrowhead."""
    dx = cx[dst] - cx[src]
    dy = cy[dst] - cy[src]
    t0 = _exit(hw[src], hh[src], dx, dy)
    t1 = _exit(hw[dst], hh[dst], -dx, -dy)
    x0, y0 = cx[src] + dx * t0, cy[src] + dy * t0
    x1, y1 = cx[dst] - dx * t1, cy[dst] - dy * t1
    length = np.hypot(x1 - x0, y1 - y0)
    pull = np.where(length > 11.0, ARROW_PULL / np.maximum(length, 1e-9), 0.0)
    return x0, y0, x1 - (x1 - x0) * pull, y1 - (y1 - y0) * pull


def geometry(
    sizes: Mapping[str, tuple[float, float]],
    positions: Mapping[str, tuple[float, float]],
    links: Iterable[Link],
) -> Geometry:
    """Drawn segments of ``links`` between boxes of ``sizes`` centred on ``positions``; loops and
    links to concepts without a position are left out."""
    ids = [k for k in sizes if k in positions]
    index = {k: i for i, k in enumerate(ids)}
    cx = np.array([positions[k][0] for k in ids], dtype=float)
    cy = np.array([positions[k][1] for k in ids], dtype=float)
    hw = np.array([sizes[k][0] / 2 for k in ids], dtype=float)
    hh = np.array([sizes[k][1] / 2 for k in ids], dtype=float)
    kept = [
        ln for ln in links if ln.source in index and ln.target in index and ln.source != ln.target
    ]
    src = np.array([index[ln.source] for ln in kept], dtype=int)
    dst = np.array([index[ln.target] for ln in kept], dtype=int)
    x0, y0, x1, y1 = segments(cx, cy, hw, hh, src, dst)
    pw = np.array([ln.phrase_width for ln in kept], dtype=float)
    ph = np.array([ln.phrase_height for ln in kept], dtype=float)
    return Geometry(ids, cx, cy, hw, hh, src, dst, x0, y0, x1, y1, pw, ph)


def _orient(
    ax: np.ndarray, ay: np.ndarray, bx: np.ndarray, by: np.ndarray, px: np.ndarray, py: np.ndarray
) -> np.ndarray:
    return np.sign((bx - ax) * (py - ay) - (by - ay) * (px - ax))


def crossing_pairs(g: Geometry) -> list[tuple[int, int]]:
    """Pairs of links (indices, first < second) whose drawn segments cross; links that share a
    concept never count, as at a hub they meet by design."""
    found: list[tuple[int, int]] = []
    n = len(g.src)
    lo_x, hi_x = np.minimum(g.x0, g.x1), np.maximum(g.x0, g.x1)
    lo_y, hi_y = np.minimum(g.y0, g.y1), np.maximum(g.y0, g.y1)
    for start in range(0, n, CHUNK):
        a = np.arange(start, min(n, start + CHUNK))[:, None]
        b = np.arange(n)[None, :]
        mask = (b > a) & (lo_x[a] < hi_x[b]) & (lo_x[b] < hi_x[a])
        mask &= (lo_y[a] < hi_y[b]) & (lo_y[b] < hi_y[a])
        mask &= (g.src[a] != g.src[b]) & (g.src[a] != g.dst[b])
        mask &= (g.dst[a] != g.src[b]) & (g.dst[a] != g.dst[b])
        ia, ib = np.nonzero(mask)
        if not len(ia):
            continue
        ea, eb = ia + start, ib
        d1 = _orient(g.x0[ea], g.y0[ea], g.x1[ea], g.y1[ea], g.x0[eb], g.y0[eb])
        d2 = _orient(g.x0[ea], g.y0[ea], g.x1[ea], g.y1[ea], g.x1[eb], g.y1[eb])
        d3 = _orient(g.x0[eb], g.y0[eb], g.x1[eb], g.y1[eb], g.x0[ea], g.y0[ea])
        d4 = _orient(g.x0[eb], g.y0[eb], g.x1[eb], g.y1[eb], g.x1[ea], g.y1[ea])
        hit = (d1 * d2 < 0) & (d3 * d4 < 0)
        found += zip(ea[hit].tolist(), eb[hit].tolist(), strict=True)
    return found


def through_pairs(g: Geometry) -> list[tuple[int, int]]:
    """(link, box) pairs where the drawn link passes under a box that is neither of its ends."""
    found: list[tuple[int, int]] = []
    n = len(g.src)
    left, right = g.cx - g.hw, g.cx + g.hw
    top, bottom = g.cy - g.hh, g.cy + g.hh
    for start in range(0, n, CHUNK):
        e = np.arange(start, min(n, start + CHUNK))[:, None]
        x0, y0, x1, y1 = g.x0[e], g.y0[e], g.x1[e], g.y1[e]
        mask = (np.minimum(x0, x1) < right) & (np.maximum(x0, x1) > left)
        mask &= (np.minimum(y0, y1) < bottom) & (np.maximum(y0, y1) > top)
        mask &= (np.arange(len(g.ids))[None, :] != g.src[e]) & (
            np.arange(len(g.ids))[None, :] != g.dst[e]
        )
        ie, ib = np.nonzero(mask)
        if not len(ie):
            continue
        le = ie + start
        # Liang-Barsky: clip the segment to the box; it passes under it if something remains.
        dx, dy = g.x1[le] - g.x0[le], g.y1[le] - g.y0[le]
        t_lo = np.zeros(len(le))
        t_hi = np.ones(len(le))
        for p, q in (
            (-dx, g.x0[le] - left[ib]),
            (dx, right[ib] - g.x0[le]),
            (-dy, g.y0[le] - top[ib]),
            (dy, bottom[ib] - g.y0[le]),
        ):
            with np.errstate(divide="ignore", invalid="ignore"):
                r = q / p
            t_lo = np.where(p < 0, np.maximum(t_lo, r), t_lo)
            t_hi = np.where(p > 0, np.minimum(t_hi, r), t_hi)
            t_hi = np.where((p == 0) & (q < 0), -1.0, t_hi)
        hit = t_hi - t_lo > 1e-6
        found += zip(le[hit].tolist(), ib[hit].tolist(), strict=True)
    return found


def overlapping_pairs(
    left: np.ndarray, top: np.ndarray, right: np.ndarray, bottom: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j), i < j, of rectangles whose interiors overlap: sorted along x, each compared
    with those that start before it ends, all in numpy."""
    count = len(left)
    if count < 2:
        empty = np.zeros(0, dtype=int)
        return empty, empty
    order = np.argsort(left, kind="stable")
    lefts = left[order]
    ends = np.searchsorted(lefts, right[order], side="left")
    starts = np.arange(count) + 1
    spans = np.maximum(ends - starts, 0)
    total = int(spans.sum())
    if total == 0:
        empty = np.zeros(0, dtype=int)
        return empty, empty
    first = np.repeat(np.arange(count), spans)
    offsets = np.arange(total) - np.repeat(np.cumsum(spans) - spans, spans)
    second = starts[first] + offsets
    a, b = order[first], order[second]
    hit = (top[a] < bottom[b]) & (top[b] < bottom[a]) & (left[b] < right[a]) & (left[a] < right[b])
    a, b = a[hit], b[hit]
    return np.minimum(a, b), np.maximum(a, b)


def _overlapping(
    left: np.ndarray, top: np.ndarray, right: np.ndarray, bottom: np.ndarray
) -> list[tuple[int, int]]:
    a, b = overlapping_pairs(left, top, right, bottom)
    return list(zip(a.tolist(), b.tolist(), strict=True))


def box_overlaps(g: Geometry) -> list[tuple[int, int]]:
    return _overlapping(g.cx - g.hw, g.cy - g.hh, g.cx + g.hw, g.cy + g.hh)


def phrase_rects(g: Geometry) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    mx, my = (g.x0 + g.x1) / 2, (g.y0 + g.y1) / 2
    return mx - g.pw / 2, my - g.ph / 2, mx + g.pw / 2, my + g.ph / 2


def phrase_collisions(g: Geometry) -> set[int]:
    """Links whose phrase overlaps a concept box or another link's phrase."""
    has = np.nonzero((g.pw > 0) & (g.ph > 0))[0]
    pl, pt, pr, pb = (a[has] for a in phrase_rects(g))
    count = len(g.ids)
    left = np.concatenate([g.cx - g.hw, pl])
    top = np.concatenate([g.cy - g.hh, pt])
    right = np.concatenate([g.cx + g.hw, pr])
    bottom = np.concatenate([g.cy + g.hh, pb])
    found: set[int] = set()
    for i, j in _overlapping(left, top, right, bottom):
        if j < count:  # two boxes: counted by box_overlaps
            continue
        found.add(int(has[j - count]))
        if i >= count:
            found.add(int(has[i - count]))
    return found


def measure(
    sizes: Mapping[str, tuple[float, float]],
    positions: Mapping[str, tuple[float, float]],
    links: Sequence[Link],
) -> Quality:
    g = geometry(sizes, positions, links)
    lengths = np.hypot(g.x1 - g.x0, g.y1 - g.y0)
    mean = float(lengths.mean()) if len(lengths) else 0.0
    spread = float(lengths.std() / mean) if mean > 0 else 0.0
    if g.ids:
        width = float((g.cx + g.hw).max() - (g.cx - g.hw).min())
        height = float((g.cy + g.hh).max() - (g.cy - g.hh).min())
    else:
        width = height = 0.0
    return Quality(
        crossings=len(crossing_pairs(g)),
        links=len(g.src),
        through=len({e for e, _ in through_pairs(g)}),
        overlaps=len(box_overlaps(g)),
        phrase_collisions=len(phrase_collisions(g)),
        length_spread=spread,
        area=width * height,
        box_area=float((4 * g.hw * g.hh).sum()),
    )


def fmt_area(value: float) -> str:
    """Scene units squared as a short figure (1.2M)."""
    if value >= 1e6:
        return f"{value / 1e6:.1f}M"
    return f"{value / 1e3:.0f}k" if value >= 1e3 else f"{value:.0f}"
