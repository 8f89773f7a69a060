"""Local search that removes crossings while keeping a drawing clear. No Qt.

A drawing comes in with no overlapping boxes. Each concept in turn tries a handful of candidate
spots (where its neighbours pull it, rings around that, or along its row for the layered
layout); a spot is allowed only if the concept's box stays clear of every other box, and it is
taken if it lowers

    TOUCH x phrases of its links on a box or a phrase (and phrases on its box)
    + crossings of its links + 2 x links under boxes (its own, or others under its box)
    + LENGTH x the length of its links (which keeps the map compact).

So boxes never overlap, covered phrases are cleared first and then mostly stay clear (the
callers check, and separate what a move that saved many crossings covered), and crossings go
down. The scores use the same drawn segments as mapviewer.layout.quality. Everything is in
numpy, one call per concept for all its candidates at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from mapviewer.layout import Link
from mapviewer.layout.quality import crossing_pairs, geometry, segments

MARGIN = 4.0  # free space a move must leave between boxes and phrases
LENGTH = 0.002  # cost of one scene unit of link, in crossings
THROUGH = 2.0
TOUCH = 40.0  # a phrase on a box or on another phrase, in crossings: moves clear them first

Candidates = Callable[[int, np.ndarray], np.ndarray]  # concept, positions -> K x 2 spots


class Refiner:
    """Moves concepts one at a time to spots that cut crossings and cover no phrase."""

    @classmethod
    def for_links(
        cls,
        x: np.ndarray,
        w: np.ndarray,
        h: np.ndarray,
        links: Sequence[Link],
        index: dict[str, int],
        lean: bool = False,
    ) -> tuple[Refiner, list[list[int]]]:
        """A refiner over ``links`` (concepts numbered by ``index``) and each concept's
        neighbours, as both layouts start their last pass."""
        src = np.array([index[ln.source] for ln in links], dtype=int)
        dst = np.array([index[ln.target] for ln in links], dtype=int)
        pw = np.array([ln.phrase_width for ln in links], dtype=float)
        ph = np.array([ln.phrase_height for ln in links], dtype=float)
        neighbours: list[list[int]] = [[] for _ in range(len(x))]
        for a, b in zip(src.tolist(), dst.tolist(), strict=True):
            neighbours[a].append(b)
            neighbours[b].append(a)
        return cls(x, w, h, src, dst, pw, ph, lean), neighbours

    def __init__(
        self,
        x: np.ndarray,
        w: np.ndarray,
        h: np.ndarray,
        src: np.ndarray,
        dst: np.ndarray,
        pw: np.ndarray,
        ph: np.ndarray,
        lean: bool = False,
    ) -> None:
        # Lean: crossings, length and the concept's own links under boxes only, for one fast
        # pass on a big map; covered phrases are left to the caller's overlap removal (on
        # synthetic-1k's layered rows: 14.0k crossings in 0.45 s, against 14.6k in 0.6 s).
        self.lean = lean
        self.x = np.array(x, dtype=float)
        self.bw, self.bh = w / 2, h / 2
        self.src, self.dst = src, dst
        self.pw, self.ph = pw / 2, ph / 2
        self.has_phrase = (pw > 0) & (ph > 0)
        # How far beyond the spots something can still touch: the biggest box or phrase.
        self.reach = (
            float(max(w.max(initial=0.0), pw.max(initial=0.0), h.max(initial=0.0))) + 2 * MARGIN
        )
        n = len(x)
        self.incident: list[np.ndarray] = [np.zeros(0, dtype=int)] * n
        lists: list[list[int]] = [[] for _ in range(n)]
        for k, (a, b) in enumerate(zip(src.tolist(), dst.tolist(), strict=True)):
            lists[a].append(k)
            lists[b].append(k)
        self.incident = [np.array(v, dtype=int) for v in lists]
        self._segments()

    def _segments(self) -> None:
        x = self.x
        self.x0, self.y0, self.x1, self.y1 = segments(
            x[:, 0], x[:, 1], self.bw, self.bh, self.src, self.dst
        )
        self._derived(slice(None))

    def _derived(self, ks: slice | np.ndarray) -> None:
        """Each link's bounding box and middle, kept up to date as concepts move: every cost
        needs them for all links, and only a moved concept's links change."""
        if isinstance(ks, slice):
            m = len(self.src)
            self.lo_x, self.hi_x = np.zeros(m), np.zeros(m)
            self.lo_y, self.hi_y = np.zeros(m), np.zeros(m)
            self.mid_x, self.mid_y = np.zeros(m), np.zeros(m)
        x0, y0, x1, y1 = self.x0[ks], self.y0[ks], self.x1[ks], self.y1[ks]
        self.lo_x[ks], self.hi_x[ks] = np.minimum(x0, x1), np.maximum(x0, x1)
        self.lo_y[ks], self.hi_y[ks] = np.minimum(y0, y1), np.maximum(y0, y1)
        self.mid_x[ks], self.mid_y[ks] = (x0 + x1) / 2, (y0 + y1) / 2

    def _update(self, v: int) -> None:
        ks = self.incident[v]
        if len(ks):
            x = self.x
            x0, y0, x1, y1 = segments(
                x[:, 0], x[:, 1], self.bw, self.bh, self.src[ks], self.dst[ks]
            )
            self.x0[ks], self.y0[ks], self.x1[ks], self.y1[ks] = x0, y0, x1, y1
            self._derived(ks)

    def costs(self, v: int, spots: np.ndarray) -> np.ndarray:
        """Cost of concept ``v`` at each of ``spots`` (K x 2); inf where something would touch."""
        out = np.full(len(spots), np.inf)
        free = self._box_free(v, spots)
        if free.any():
            out[free] = self._costs(v, spots[free])
        return out

    def _box_free(self, v: int, spots: np.ndarray) -> np.ndarray:
        """Spots where v's box would touch no other box: the cheap test, made first, against
        the boxes near enough to touch."""
        lo = spots.min(axis=0) - self.reach
        hi = spots.max(axis=0) + self.reach
        keep = (
            (self.x[:, 0] > lo[0])
            & (self.x[:, 0] < hi[0])
            & (self.x[:, 1] > lo[1])
            & (self.x[:, 1] < hi[1])
        )
        keep[v] = False
        ox = np.abs(spots[:, None, 0] - self.x[None, keep, 0]) < (
            self.bw[v] + self.bw[None, keep] + MARGIN
        )
        oy = np.abs(spots[:, None, 1] - self.x[None, keep, 1]) < (
            self.bh[v] + self.bh[None, keep] + MARGIN
        )
        return ~(ox & oy).any(axis=1)

    def _costs(self, v: int, spots: np.ndarray) -> np.ndarray:
        k_count = len(spots)
        ks = self.incident[v]
        d = len(ks)
        n = len(self.x)
        m = len(self.src)
        # Only what lies near the candidates and the links' other ends can be touched or crossed.
        ends = np.concatenate([self.src[ks], self.dst[ks]])
        pts = np.vstack([spots, self.x[ends]]) if d else spots
        reach = self.reach
        lo = pts.min(axis=0) - reach
        hi = pts.max(axis=0) + reach
        near_box = (
            (self.x[:, 0] > lo[0])
            & (self.x[:, 0] < hi[0])
            & (self.x[:, 1] > lo[1])
            & (self.x[:, 1] < hi[1])
        )
        others = (
            (self.hi_x > lo[0]) & (self.lo_x < hi[0]) & (self.hi_y > lo[1]) & (self.lo_y < hi[1])
        )
        others[ks] = False
        cost = np.zeros(k_count)
        # Box of v against every other box.
        keep = near_box.copy()
        keep[v] = False
        touching = np.zeros(k_count)  # phrases on boxes or phrases: allowed, at a high cost
        # Box of v against the phrases of links not its own.
        mx, my = self.mid_x, self.mid_y
        fixed_phr = others & self.has_phrase & (not self.lean)
        fx, fy, fw, fh = mx[fixed_phr], my[fixed_phr], self.pw[fixed_phr], self.ph[fixed_phr]
        if len(fx):
            touching += (
                (np.abs(spots[:, None, 0] - fx[None, :]) < self.bw[v] + fw[None, :] + MARGIN)
                & (np.abs(spots[:, None, 1] - fy[None, :]) < self.bh[v] + fh[None, :] + MARGIN)
            ).sum(axis=1)
        if d:
            # Its links' drawn segments for every spot: K*d of them.
            rows = np.repeat(np.arange(k_count), d)
            col = np.arange(k_count * d) % d  # np.tile's result, without its Python overhead
            ks_all = ks[col]
            ss = self.src[ks_all]
            tt = self.dst[ks_all]
            sx0 = np.where(ss == v, spots[rows, 0], self.x[ss, 0])
            sy0 = np.where(ss == v, spots[rows, 1], self.x[ss, 1])
            ex = np.where(tt == v, spots[rows, 0], self.x[tt, 0])
            ey = np.where(tt == v, spots[rows, 1], self.x[tt, 1])
            dx, dy = ex - sx0, ey - sy0
            # The boxes near by (v's own, at each spot, apart: every link here ends at it).
            nb = np.nonzero(keep)[0]
            px, py = self.x[nb, 0], self.x[nb, 1]
            sub_w, sub_h = self.bw[nb], self.bh[nb]
            local = np.full(n, -1)
            local[nb] = np.arange(len(nb))
            ax0, ay0, ax1, ay1 = _clip(
                sx0, sy0, dx, dy, self.bw[ss], self.bh[ss], self.bw[tt], self.bh[tt]
            )
            cost += self._crossings(ax0, ay0, ax1, ay1, ss, tt, others).reshape(k_count, d).sum(1)
            cost += LENGTH * np.hypot(ax1 - ax0, ay1 - ay0).reshape(k_count, d).sum(axis=1)
            # Its links under boxes (other than their ends).
            under = _under(ax0, ay0, ax1, ay1, px, py, sub_w, sub_h, local[ss], local[tt])
            cost += THROUGH * under.reshape(k_count, d).sum(axis=1)
            if self.lean:
                return cost
            # Its phrases against all boxes (v's at the spot) and the other phrases.
            has = self.has_phrase[ks_all]
            qx, qy = (ax0 + ax1) / 2, (ay0 + ay1) / 2
            qw, qh = self.pw[ks_all], self.ph[ks_all]
            bx = np.abs(qx[:, None] - px[None, :]) < qw[:, None] + sub_w[None, :] + MARGIN
            by = np.abs(qy[:, None] - py[None, :]) < qh[:, None] + sub_h[None, :] + MARGIN
            clash = (bx & by).sum(axis=1)
            clash += (np.abs(qx - spots[rows, 0]) < qw + self.bw[v] + MARGIN) & (
                np.abs(qy - spots[rows, 1]) < qh + self.bh[v] + MARGIN
            )
            if len(fx):
                clash += (
                    (np.abs(qx[:, None] - fx[None, :]) < qw[:, None] + fw[None, :] + MARGIN)
                    & (np.abs(qy[:, None] - fy[None, :]) < qh[:, None] + fh[None, :] + MARGIN)
                ).sum(axis=1)
            # ...and against each other.
            qx2, qy2 = qx.reshape(k_count, d), qy.reshape(k_count, d)
            qw2, qh2 = qw.reshape(k_count, d), qh.reshape(k_count, d)
            mutual = (
                np.abs(qx2[:, :, None] - qx2[:, None, :]) < qw2[:, :, None] + qw2[:, None, :]
            ) & (np.abs(qy2[:, :, None] - qy2[:, None, :]) < qh2[:, :, None] + qh2[:, None, :])
            mutual &= ~np.eye(d, dtype=bool)[None, :, :]
            has2 = has.reshape(k_count, d)
            mutual &= has2[:, :, None] & has2[:, None, :]
            touching += (clash * has).reshape(k_count, d).sum(axis=1) + mutual.sum(axis=(1, 2)) / 2
        # Other links under v's box.
        if m:
            sel = np.nonzero(others)[0]
            if len(sel):
                cost += THROUGH * _box_under(
                    spots,
                    self.bw[v],
                    self.bh[v],
                    self.x0[sel],
                    self.y0[sel],
                    self.x1[sel],
                    self.y1[sel],
                )
        cost += TOUCH * touching
        return cost

    def _crossings(
        self,
        ax0: np.ndarray,
        ay0: np.ndarray,
        ax1: np.ndarray,
        ay1: np.ndarray,
        ss: np.ndarray,
        tt: np.ndarray,
        others: np.ndarray,
    ) -> np.ndarray:
        sel = np.nonzero(others)[0]
        if not len(sel):
            return np.zeros(len(ax0))
        bx0, by0, bx1, by1 = self.x0[sel], self.y0[sel], self.x1[sel], self.y1[sel]
        # Which side of each segment the other's ends lie on: cross products written as two
        # outer products and a constant each (the hot spot of the search; no sign taken, the
        # products' signs say the same).
        ux, uy = ax1 - ax0, ay1 - ay0
        vx, vy = bx1 - bx0, by1 - by0
        ka = (uy * ax0 - ux * ay0)[:, None]
        kb = (vy * bx0 - vx * by0)[None, :]
        ux, uy, ax0, ay0 = ux[:, None], uy[:, None], ax0[:, None], ay0[:, None]
        ax1, ay1 = ax1[:, None], ay1[:, None]
        d1 = ux * by0 - uy * bx0 + ka
        d2 = ux * by1 - uy * bx1 + ka
        d3 = ay0 * vx - ax0 * vy + kb
        d4 = ay1 * vx - ax1 * vy + kb
        hit = (d1 * d2 < 0) & (d3 * d4 < 0)
        shared = (
            (self.src[sel][None] == ss[:, None])
            | (self.src[sel][None] == tt[:, None])
            | (self.dst[sel][None] == ss[:, None])
            | (self.dst[sel][None] == tt[:, None])
        )
        return (hit & ~shared).sum(axis=1).astype(float)

    def run(self, order: Sequence[int], candidates: Candidates, passes: int) -> np.ndarray:
        for _ in range(passes):
            moved = 0
            for v in order:
                spots = np.vstack([self.x[v][None, :], candidates(v, self.x)])
                cost = self.costs(v, spots)
                best = int(np.argmin(cost))
                if best != 0 and cost[best] < cost[0] - 1e-6:
                    self.x[v] = spots[best]
                    self._update(v)
                    moved += 1
            if not moved:
                break
        return self.x


def worst_concepts(
    x: np.ndarray,
    w: np.ndarray,
    h: np.ndarray,
    links: Sequence[Link],
    index: dict[str, int],
    max_degree: int,
    share: float,
) -> list[int]:
    """The concepts of at most ``max_degree`` links whose links cross most, worst first, at
    most ``share`` of all: where one pass of the search pays on a big map. A concept of few
    links is cheap to score and free to move (a hub is held by its many neighbours)."""
    sizes = {k: (float(w[i]), float(h[i])) for k, i in index.items()}
    geo = geometry(sizes, {k: (float(x[i, 0]), float(x[i, 1])) for k, i in index.items()}, links)
    pairs = np.array(crossing_pairs(geo), dtype=int).reshape(-1, 2)
    n = len(x)
    per_link = np.bincount(pairs.ravel(), minlength=len(geo.src)).astype(float)
    per_concept = np.bincount(geo.src, weights=per_link, minlength=n) + np.bincount(
        geo.dst, weights=per_link, minlength=n
    )
    degree = np.bincount(np.concatenate([geo.src, geo.dst]), minlength=n)
    key = np.where((degree <= max_degree) & (per_concept > 0), per_concept, -1.0)
    # geometry() numbers concepts in the order of ``index``, as x does.
    ranked = np.argsort(-key, kind="stable")[: int(share * n)]
    return [int(v) for v in ranked if key[v] > 0]


def _clip(
    sx: np.ndarray,
    sy: np.ndarray,
    dx: np.ndarray,
    dy: np.ndarray,
    sw: np.ndarray,
    sh: np.ndarray,
    tw: np.ndarray,
    th: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    cx = np.stack([sx, sx + dx])
    cy = np.stack([sy, sy + dy])
    hw = np.stack([sw, tw])
    hh = np.stack([sh, th])
    src = np.arange(len(sx))
    dst = src + len(sx)
    return segments(cx.ravel(), cy.ravel(), hw.ravel(), hh.ravel(), src, dst)


def _under(
    x0: np.ndarray,
    y0: np.ndarray,
    x1: np.ndarray,
    y1: np.ndarray,
    px: np.ndarray,
    py: np.ndarray,
    bw: np.ndarray,
    bh: np.ndarray,
    ss: np.ndarray,
    tt: np.ndarray,
) -> np.ndarray:
    """For each segment (row), how many boxes (centres px, py, the same for every row; other
    than its ends ss, tt, given as columns, -1 for none) it passes under."""
    left, right = px - bw, px + bw
    top, bottom = py - bh, py + bh
    # Only pairs whose bounding boxes meet can cross: clipped exactly, the rest skipped.
    near = (np.minimum(x0, x1)[:, None] <= right[None, :]) & (
        np.maximum(x0, x1)[:, None] >= left[None, :]
    )
    near &= (np.minimum(y0, y1)[:, None] <= bottom[None, :]) & (
        np.maximum(y0, y1)[:, None] >= top[None, :]
    )
    rows = np.arange(len(x0))
    near[rows[ss >= 0], ss[ss >= 0]] = False
    near[rows[tt >= 0], tt[tt >= 0]] = False
    r, c = np.nonzero(near)
    hit = _clips(x0[r], y0[r], x1[r], y1[r], left[c], right[c], top[c], bottom[c])
    return np.bincount(r[hit], minlength=len(x0)).astype(float)


def _clips(
    x0: np.ndarray,
    y0: np.ndarray,
    x1: np.ndarray,
    y1: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    top: np.ndarray,
    bottom: np.ndarray,
) -> np.ndarray:
    """Liang-Barsky, pair by pair: does something of the segment remain inside the box?"""
    dx, dy = x1 - x0, y1 - y0
    t_lo = np.zeros(len(x0))
    t_hi = np.ones(len(x0))
    for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
        with np.errstate(divide="ignore", invalid="ignore"):
            r = q / p
        t_lo = np.where(p < 0, np.maximum(t_lo, r), t_lo)
        t_hi = np.where(p > 0, np.minimum(t_hi, r), t_hi)
        t_hi = np.where((p == 0) & (q < 0), -1.0, t_hi)
    return t_hi - t_lo > 1e-6


def _box_under(
    spots: np.ndarray,
    bw: float,
    bh: float,
    x0: np.ndarray,
    y0: np.ndarray,
    x1: np.ndarray,
    y1: np.ndarray,
) -> np.ndarray:
    """For each spot, how many of the segments pass under a box of half size bw x bh there."""
    left, right = spots[:, 0:1] - bw, spots[:, 0:1] + bw
    top, bottom = spots[:, 1:2] - bh, spots[:, 1:2] + bh
    near = (np.minimum(x0, x1)[None, :] <= right) & (np.maximum(x0, x1)[None, :] >= left)
    near &= (np.minimum(y0, y1)[None, :] <= bottom) & (np.maximum(y0, y1)[None, :] >= top)
    k, e = np.nonzero(near)
    hit = _clips(x0[e], y0[e], x1[e], y1[e], left[k, 0], right[k, 0], top[k, 0], bottom[k, 0])
    return np.bincount(k[hit], minlength=len(spots)).astype(float)
