"""Lay a themed map out again for what bench/layout_quality.py scores, with numba.

    pip install numba   # BSD-2-Clause; only this tool needs it
    .venv/bin/python tools/anneal_map.py maps/immunotherapy.json --root-centre \
        --stage steps=4000000,temp=3,seed=3 \
        --stage steps=2000000,temp=1,seed=4,title_room=100,root_room=300:85

(the default map's recipe, from the positions it had before: about 6 and 3 minutes on a shared
core). Each ``--stage`` is one annealing run from where the last one stopped, its options
overriding the command line's. Only the concepts' ``x`` and ``y`` change, written as
tools/arrange_map.py writes them, so ``tests/test_map_layout.py``, test_framing.py and the
hub-name tests must pass after a run (the search's own terms are close to theirs, not theirs).

Why a second tuner. arrange_map.py's BenchSearch anneals the same score in numpy, about 170
moves a second (80,000 in about 8 minutes); the kernels here run the same kinds of move (one
concept, a swap inside a theme, a concept to a random spot in its frame, a frame shifted,
mirrored or swapped with another) at about 11,000 a second (4 million in 359 s on a shared
core), so a run can afford the millions of moves a change of arrangement needs.

The score is the bench's: straight links clipped to the boxes, phrases at their middles. Crossings
count 1 each; a link under a box ``--under`` (30); a phrase over a box or another phrase
``--phrase`` (40) plus its depth; boxes closer than 16 units, and a frame over a stranger's box or
another frame, (50 F + depth) F each, F being ``--feasible`` (100). Hard terms cost 1,000 a unit:
tour steps spread wider than a slide, a concept less than 80 units below the root, the map larger
than labels of 4.55 px at fit on 1920x1080 allow or outside 1.35-2.15 times as wide as tall, and
with ``--root-centre`` the root outside the middle third. ``--title-room`` keeps that much free
above each frame for its name at fit, ``--root-room`` half-sizes round the root for its name.
``--shrink`` anneals with every box and phrase that share of its size (the map's limits stay):
stages from 0.25 up to 1 find arrangements with fewer crossings that a run at full size, blocked by
its own boxes, misses. Links are kept 2 units clear of boxes (``CLEAR``), so rounding to whole units
when written puts none under one. ``--title-fit-frames`` limits ``--title-fit`` to the frames named;
raised in stages (2, 3, 4, 4.6) it disturbs the map far less than at once.

``--vertex`` is the share of vertex moves (Radermacher, Reichard, Rutter and Wagner, "Geometric
heuristics for rectilinear crossing minimization", JEA 2019): a concept goes to the place along a
line through it, in a random direction and within ``--vertex-reach``, where its straight links
cross the fewest others, found exactly by a sweep (``sweep``); the score above then takes or
refuses it. ``--free`` drops the map's own demands (frames, tour steps, root on top, size and
shape) to measure how low a method goes at all; the 14th attempt's floor run (README: 297
crossings at a quarter size, 435 at full size) was

    .venv/bin/python tools/anneal_map.py maps/immunotherapy.json -o /tmp/q.json --free \
        --vertex-reach 3000 --stage steps=600000,vertex=0.5,temp=3,shrink=0.25,seed=2
    .venv/bin/python tools/anneal_map.py /tmp/q.json -o /tmp/free.json --free --vertex 0.5 \
        --vertex-reach 3000 --stage shrink=0.5,steps=300000,seed=3 \
        --stage shrink=0.75,steps=300000,seed=4 --stage steps=400000,cold=0.02,seed=5
"""

# ruff: noqa: ANN001, ANN201, N803, N806, E741, C901 - numba kernels: flat numeric arguments named as in the maths
from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

import numpy as np

try:
    from numba import njit
except ImportError:  # pragma: no cover - a tool's optional dependency
    raise SystemExit("tools/anneal_map.py needs numba: .venv/bin/pip install numba") from None

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import arrange_map  # noqa: E402 - tools/ on the path first

from mapviewer.io.mapfile import load  # noqa: E402
from mapviewer.layout import Link  # noqa: E402
from mapviewer.layout.quality import measure  # noqa: E402

FIT_PX = 4.55  # labels at least this tall at fit on 1920x1080 (tests/test_map_layout.py: 4.5)
ASPECT = (1.35, 2.15)  # the test asks 1.3-2.2
HARD = 1000.0  # per unit of a hard term

PAD = 14.0
PULL = 11.0 * 0.8
GAP = 16.0
FGAP = 20.0
PGAP = 2.0
# a link kept this clear of a box it does not join: rounding to whole units when written moved
# the ends enough to put 3-7 grazing links under boxes
CLEAR = 2.0


@njit(cache=True)
def seg(i, x, y, hw, hh, src, dst, out):
    s = src[i]
    t = dst[i]
    dx = x[t] - x[s]
    dy = y[t] - y[s]
    # exit fractions
    tx = hw[s] / abs(dx) if dx != 0 else 1e18
    ty = hh[s] / abs(dy) if dy != 0 else 1e18
    t0 = min(min(tx, ty), 1.0)
    tx = hw[t] / abs(dx) if dx != 0 else 1e18
    ty = hh[t] / abs(dy) if dy != 0 else 1e18
    t1 = min(min(tx, ty), 1.0)
    x0 = x[s] + dx * t0
    y0 = y[s] + dy * t0
    x1 = x[t] - dx * t1
    y1 = y[t] - dy * t1
    L = math.hypot(x1 - x0, y1 - y0)
    pull = PULL / max(L, 1e-9) if L > 11.0 else 0.0
    x1 = x1 - (x1 - x0) * pull
    y1 = y1 - (y1 - y0) * pull
    out[i, 0] = x0
    out[i, 1] = y0
    out[i, 2] = x1
    out[i, 3] = y1


@njit(cache=True)
def orient(ax, ay, bx, by, px, py):
    v = (bx - ax) * (py - ay) - (by - ay) * (px - ax)
    return 1 if v > 0 else (-1 if v < 0 else 0)


@njit(cache=True)
def crosses(a, b, S, src, dst):
    if src[a] == src[b] or src[a] == dst[b] or dst[a] == src[b] or dst[a] == dst[b]:
        return 0
    ax0, ay0, ax1, ay1 = S[a, 0], S[a, 1], S[a, 2], S[a, 3]
    bx0, by0, bx1, by1 = S[b, 0], S[b, 1], S[b, 2], S[b, 3]
    if max(ax0, ax1) <= min(bx0, bx1) or max(bx0, bx1) <= min(ax0, ax1):
        return 0
    if max(ay0, ay1) <= min(by0, by1) or max(by0, by1) <= min(ay0, ay1):
        return 0
    d1 = orient(ax0, ay0, ax1, ay1, bx0, by0)
    d2 = orient(ax0, ay0, ax1, ay1, bx1, by1)
    d3 = orient(bx0, by0, bx1, by1, ax0, ay0)
    d4 = orient(bx0, by0, bx1, by1, ax1, ay1)
    return 1 if (d1 * d2 < 0 and d3 * d4 < 0) else 0


@njit(cache=True)
def under(a, k, S, x, y, hw, hh, margin):
    x0, y0, x1, y1 = S[a, 0], S[a, 1], S[a, 2], S[a, 3]
    left = x[k] - hw[k] - margin
    right = x[k] + hw[k] + margin
    top = y[k] - hh[k] - margin
    bottom = y[k] + hh[k] + margin
    if min(x0, x1) >= right or max(x0, x1) <= left or min(y0, y1) >= bottom or max(y0, y1) <= top:
        return 0.0
    dx = x1 - x0
    dy = y1 - y0
    lo = 0.0
    hi = 1.0
    for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
        if p == 0:
            if q < 0:
                return 0.0
        else:
            r = q / p
            if p < 0:
                lo = max(lo, r)
            else:
                hi = min(hi, r)
    return 1.0 if hi - lo > 1e-6 else 0.0


@njit(cache=True)
def rect_depth(l1, t1, r1, b1, l2, t2, r2, b2, gap):
    ox = min(r1, r2) - max(l1, l2) + gap
    oy = min(b1, b2) - max(t1, t2) + gap
    if ox > 0 and oy > 0:
        return min(ox, oy)
    return 0.0


@njit(cache=True)
def depth(a, b, gap):
    """How deep rectangle ``a`` (left, top, right, bottom) reaches into ``b`` with ``gap``."""
    return rect_depth(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3], gap)


@njit(cache=True)
def box_at(k, x, y, hw, hh):
    """Concept ``k``'s box as (left, top, right, bottom)."""
    return x[k] - hw[k], y[k] - hh[k], x[k] + hw[k], y[k] + hh[k]


@njit(cache=True)
def phrase_at(b, S, pw, ph):
    """Link ``b``'s phrase box, at the middle of its clipped segment."""
    mx = (S[b, 0] + S[b, 2]) / 2
    my = (S[b, 1] + S[b, 3]) / 2
    return mx - pw[b] / 2, my - ph[b] / 2, mx + pw[b] / 2, my + ph[b] / 2


@njit(cache=True)
def frame_at(F, g):
    return F[g, 0], F[g, 1], F[g, 2], F[g, 3]


@njit(cache=True)
def frame_of(g, x, y, hw, hh, gstart, gmem, title, F, troom=0.0):
    l = 1e18
    t = 1e18
    r = -1e18
    b = -1e18
    for q in range(gstart[g], gstart[g + 1]):
        k = gmem[q]
        l = min(l, x[k] - hw[k])
        r = max(r, x[k] + hw[k])
        t = min(t, y[k] - hh[k])
        b = max(b, y[k] + hh[k])
    l -= PAD
    r += PAD
    t -= PAD + title[g, 1] + troom
    b += PAD
    short = title[g, 0] + 2 * PAD - (r - l)
    if short > 0:
        l -= short / 2
        r += short / 2
    F[g, 0] = l
    F[g, 1] = t
    F[g, 2] = r
    F[g, 3] = b


@njit(cache=True)
def frame_over_box(F, g, x, y, hw, hh, k):
    """How deep box ``k`` reaches into frame ``g``'s keep-clear margin (0: clear)."""
    return depth(frame_at(F, g), box_at(k, x, y, hw, hh), FGAP)


@njit(cache=True)
def local(M, A, GA, mlist, alist, galist, x, y, S, F, fixed, n, m, G):
    """Cost terms touching moved boxes M, affected links A, affected groups GA; ``fixed`` holds
    the arrays a run does not change, in the order ``anneal`` packs them."""
    hw, hh, src, dst, pw, ph, group, steps_start, steps_mem, steps_wh, node_steps_start = fixed[:11]
    node_steps, W, ohw, ohh = fixed[11:]
    cross = 0.0
    und = 0.0
    ov = 0.0
    phr = 0.0
    fr = 0.0
    tour = 0.0
    root = 0.0
    # crossings
    for ia in range(len(alist)):
        a = alist[ia]
        for b in range(m):
            if b == a or (A[b] and b < a):
                continue
            cross += crosses(a, b, S, src, dst)
    # under
    for ia in range(len(alist)):
        a = alist[ia]
        for k in range(n):
            if k == src[a] or k == dst[a]:
                continue
            und += under(a, k, S, x, y, hw, hh, CLEAR)
    for b in range(m):
        if A[b]:
            continue
        for ik in range(len(mlist)):
            k = mlist[ik]
            if k == src[b] or k == dst[b]:
                continue
            und += under(b, k, S, x, y, hw, hh, CLEAR)
    # box overlaps
    for ik in range(len(mlist)):
        k = mlist[ik]
        for j in range(n):
            if j == k or (M[j] and j < k):
                continue
            d = depth(box_at(k, x, y, ohw, ohh), box_at(j, x, y, ohw, ohh), GAP)
            if d > 0:
                ov += W[2] + d
    # phrases
    for ia in range(len(alist)):
        a = alist[ia]
        if pw[a] <= 0:
            continue
        here = phrase_at(a, S, pw, ph)
        for k in range(n):
            d = depth(here, box_at(k, x, y, ohw, ohh), PGAP)
            if d > 0:
                phr += W[3] + d
        for b in range(m):
            if b == a or (A[b] and b < a) or pw[b] <= 0:
                continue
            d = depth(here, phrase_at(b, S, pw, ph), PGAP)
            if d > 0:
                phr += W[3] + d
    for b in range(m):
        if A[b] or pw[b] <= 0:
            continue
        there = phrase_at(b, S, pw, ph)
        for ik in range(len(mlist)):
            k = mlist[ik]
            d = depth(there, box_at(k, x, y, ohw, ohh), PGAP)
            if d > 0:
                phr += W[3] + d
    # frames vs strangers' boxes
    for ig in range(len(galist)):
        g = galist[ig]
        for k in range(n):
            if group[k] == g:
                continue
            d = frame_over_box(F, g, x, y, ohw, ohh, k)
            if d > 0:
                fr += W[4] + d
        for h in range(G):
            if h == g or (GA[h] and h < g):
                continue
            d = depth(frame_at(F, g), frame_at(F, h), FGAP)
            if d > 0:
                fr += W[4] + d
    for ik in range(len(mlist)):
        k = mlist[ik]
        for g in range(G):
            if GA[g] or group[k] == g:
                continue
            d = frame_over_box(F, g, x, y, ohw, ohh, k)
            if d > 0:
                fr += W[4] + d
    # tours: steps touching moved nodes (each once)
    seen = np.zeros(len(steps_wh), dtype=np.bool_)
    for ik in range(len(mlist)):
        k = mlist[ik]
        for q in range(node_steps_start[k], node_steps_start[k + 1]):
            s = node_steps[q]
            if seen[s]:
                continue
            seen[s] = True
            lx = 1e18
            hx = -1e18
            ly = 1e18
            hy = -1e18
            for p in range(steps_start[s], steps_start[s + 1]):
                j = steps_mem[p]
                lx = min(lx, x[j])
                hx = max(hx, x[j])
                ly = min(ly, y[j])
                hy = max(hy, y[j])
            tour += max(hx - lx - steps_wh[s, 0], 0.0) + max(hy - ly - steps_wh[s, 1], 0.0)
    # root on top
    if M[0]:
        for j in range(1, n):
            root += max(y[0] - y[j] + W[8], 0.0)
    else:
        for ik in range(len(mlist)):
            k = mlist[ik]
            root += max(y[0] - y[k] + W[8], 0.0)
    return (
        W[0] * cross + W[1] * und + ov * W[5] + phr * W[6] + fr * W[7] + tour * W[9] + root * W[10]
    )


@njit(cache=True)
def _half(nx, ny, c, px, py, dx, dy, lo, hi):
    """Narrow [lo, hi] to the t where (px, py) + t (dx, dy) lies on n . p >= c."""
    a = nx * dx + ny * dy
    b = nx * px + ny * py - c
    if a == 0.0:
        return (lo, hi) if b >= 0.0 else (1.0, 0.0)
    r = -b / a
    if a > 0.0:
        return max(lo, r), hi
    return lo, min(hi, r)


@njit(cache=True)
def sweep(v, x, y, src, dst, inc_start, inc, dx, dy, R):
    """Where along the line through concept ``v`` in direction (dx, dy), within R of it, its links
    cross the fewest others (straight, centre to centre), nearest to where it is: the step of
    Radermacher et al.'s vertex movement. The places where link v-u crosses link a-b form a convex
    region (u's view of a-b, beyond a-b), so along the line they are one interval; the count is
    swept over their ends, O(deg m log m), instead of tried at sampled places."""
    m = len(src)
    deg = inc_start[v + 1] - inc_start[v]
    ts = np.empty(2 * deg * m)
    ds = np.empty(2 * deg * m)
    k = 0
    px = x[v]
    py = y[v]
    for q in range(inc_start[v], inc_start[v + 1]):
        e = inc[q]
        u = dst[e] if src[e] == v else src[e]
        ux = x[u]
        uy = y[u]
        for f in range(m):
            a = src[f]
            b = dst[f]
            if a in (v, u) or b in (v, u):
                continue
            ax = x[a] - ux
            ay = y[a] - uy
            bx = x[b] - ux
            by = y[b] - uy
            cr = ax * by - ay * bx
            if cr == 0.0:
                continue
            s = 1.0 if cr > 0 else -1.0
            lo = -R
            hi = R
            # on b's side of the line u-a, on a's side of the line u-b
            lo, hi = _half(-ay * s, ax * s, (-ay * ux + ax * uy) * s, px, py, dx, dy, lo, hi)
            lo, hi = _half(by * s, -bx * s, (by * ux - bx * uy) * s, px, py, dx, dy, lo, hi)
            # beyond a-b from u
            nx = -(by - ay)
            ny = bx - ax
            side = nx * (ux - x[a]) + ny * (uy - y[a])
            sg = -1.0 if side > 0 else 1.0
            lo, hi = _half(nx * sg, ny * sg, (nx * x[a] + ny * y[a]) * sg, px, py, dx, dy, lo, hi)
            if hi > lo:
                ts[k] = hi  # ends first at a tie: the intervals are open
                ds[k] = -1.0
                ts[k + 1] = lo
                ds[k + 1] = 1.0
                k += 2
    if k == 0:
        return 0.0
    order = np.argsort(ts[:k], kind="mergesort")
    count = 0.0
    best = 1e18
    bt = 0.0
    bd = 1e18
    prev = -R
    for i in range(k + 1):
        t = ts[order[i]] if i < k else R
        if t > prev:
            # the stretch (prev, t) has ``count`` crossings
            d = 0.0 if prev <= 0.0 <= t else min(abs(prev), abs(t))
            if count < best or (count == best and d < bd):
                best = count
                bd = d
                if d == 0.0:
                    bt = 0.0
                else:
                    edge = min(40.0, (t - prev) / 2)
                    bt = prev + edge if prev > 0.0 else t - edge
            prev = t
        if i < k:
            count += ds[order[i]]
    return bt


@njit(cache=True)
def keep(x, y, S, F, to_x, to_y, to_S, to_F, mlist, alist, galist):
    """Copy what a move touches (moved concepts' places, affected links' segments, affected
    frames) from the first four arrays to the last four: kept before the move, put back when
    it is refused."""
    for k in mlist:
        to_x[k] = x[k]
        to_y[k] = y[k]
    for e in alist:
        for c in range(4):
            to_S[e, c] = S[e, c]
    for g in galist:
        for c in range(4):
            to_F[g, c] = F[g, c]


@njit(cache=True)
def bounds_cost(x, y, hw, hh, F, G, n, limw, limh, alo, ahi, rc=0.0):
    l = 1e18
    t = 1e18
    r = -1e18
    b = -1e18
    for k in range(n):
        l = min(l, x[k] - hw[k])
        r = max(r, x[k] + hw[k])
        t = min(t, y[k] - hh[k])
        b = max(b, y[k] + hh[k])
    for g in range(G):
        l = min(l, F[g, 0])
        t = min(t, F[g, 1])
        r = max(r, F[g, 2])
        b = max(b, F[g, 3])
    w = r - l
    h = b - t
    c = max(w - limw, 0.0) + max(h - limh, 0.0)
    c += max(alo * h - w, 0.0) + max(w - ahi * h, 0.0)
    # the root at the top, in the middle third: the map reads down from it
    c += rc * max(abs(x[0] - (l + r) / 2) - w / 6, 0.0)
    return c


@njit(cache=True)
def anneal(
    x,
    y,
    hw,
    hh,
    src,
    dst,
    pw,
    ph,
    group,
    gstart,
    gmem,
    title,
    inc_start,
    inc,
    steps_start,
    steps_mem,
    steps_wh,
    node_steps_start,
    node_steps,
    W,
    steps,
    T0,
    T1,
    reach,
    seed,
    limw,
    limh,
    alo,
    ahi,
    wb,
    pgroup,
    rc,
    ohw,
    ohh,
    troom,
    pvertex=0.0,
    vreach=1000.0,
):
    np.random.seed(seed)
    fixed = (hw, hh, src, dst, pw, ph, group, steps_start, steps_mem, steps_wh, node_steps_start,
             node_steps, W, ohw, ohh)  # fmt: skip
    n = len(x)
    m = len(src)
    G = len(gstart) - 1
    S = np.zeros((m, 4))
    F = np.zeros((max(G, 1), 4))
    for i in range(m):
        seg(i, x, y, hw, hh, src, dst, S)
    for g in range(G):
        frame_of(g, x, y, hw, hh, gstart, gmem, title, F, troom)
    M = np.zeros(n, dtype=np.bool_)
    A = np.zeros(m, dtype=np.bool_)
    GA = np.zeros(max(G, 1), dtype=np.bool_)
    ox = np.zeros(n)
    oy = np.zeros(n)
    Sback = np.zeros((m, 4))
    Fback = np.zeros((max(G, 1), 4))
    bc = bounds_cost(x, y, hw, hh, F, G, n, limw, limh, alo, ahi, rc)
    accepted = 0
    for step in range(steps):
        frac = step / steps
        T = T0 * (T1 / T0) ** frac
        r = np.random.random()
        # choose move
        mlist = np.empty(0, dtype=np.int64)
        kind = 0
        if pvertex > 0.0 and np.random.random() < pvertex:
            mlist = np.array([np.random.randint(n)])
            kind = 7
        elif r < pgroup and G > 0:
            g = np.random.randint(G)
            mlist = gmem[gstart[g] : gstart[g + 1]].copy()
            kind = 1 if np.random.random() < 0.6 else (2 if np.random.random() < 0.5 else 3)
            if kind == 2:
                h = np.random.randint(G)
                if h == g:
                    continue
                mlist = np.concatenate((mlist, gmem[gstart[h] : gstart[h + 1]]))
        else:
            v = np.random.randint(n)
            q = np.random.random()
            if q < 0.15:
                # swap with another in the same group (or ungrouped)
                gv = group[v]
                if gv >= 0:
                    u = gmem[gstart[gv] + np.random.randint(gstart[gv + 1] - gstart[gv])]
                else:
                    u = np.random.randint(n)
                if u == v or group[u] != group[v]:
                    continue
                mlist = np.array([v, u])
                kind = 5
            elif q < 0.25 and group[v] >= 0:
                mlist = np.array([v])
                kind = 6
            else:
                mlist = np.array([v])
                kind = 4 if q < 0.4 else 0
        # mark
        for k in mlist:
            M[k] = True
        alist_l = []
        for k in mlist:
            for q in range(inc_start[k], inc_start[k + 1]):
                e = inc[q]
                if not A[e]:
                    A[e] = True
                    alist_l.append(e)
        alist = np.array(alist_l, dtype=np.int64) if len(alist_l) else np.empty(0, dtype=np.int64)
        gl = []
        for k in mlist:
            g = group[k]
            if g >= 0 and not GA[g]:
                GA[g] = True
                gl.append(g)
        galist = np.array(gl, dtype=np.int64) if len(gl) else np.empty(0, dtype=np.int64)
        before = local(M, A, GA, mlist, alist, galist, x, y, S, F, fixed, n, m, G)
        keep(x, y, S, F, ox, oy, Sback, Fback, mlist, alist, galist)
        sig = reach * (1 - frac) + 8.0
        if kind == 7:
            v = mlist[0]
            ang = np.random.random() * math.pi
            dx = math.cos(ang)
            dy = math.sin(ang)
            t = sweep(v, x, y, src, dst, inc_start, inc, dx, dy, vreach)
            x[v] += t * dx
            y[v] += t * dy
        elif kind == 0:
            v = mlist[0]
            x[v] += np.random.normal() * sig
            y[v] += np.random.normal() * sig
        elif kind == 4:
            v = mlist[0]
            deg = inc_start[v + 1] - inc_start[v]
            if deg == 0:
                x[v] += np.random.normal() * sig
                y[v] += np.random.normal() * sig
            else:
                e = inc[inc_start[v] + np.random.randint(deg)]
                o = dst[e] if src[e] == v else src[e]
                ang = np.random.random() * 2 * math.pi
                rad = 120 + np.random.random() * 200
                x[v] = x[o] + rad * math.cos(ang)
                y[v] = y[o] + rad * math.sin(ang) * 0.6
        elif kind == 6:
            gv = group[v]
            x[v] = (
                F[gv, 0]
                + PAD
                + hw[v]
                + np.random.random() * max(F[gv, 2] - F[gv, 0] - 2 * PAD - 2 * hw[v], 1.0)
            )
            y[v] = (
                F[gv, 1]
                + PAD
                + title[gv, 1]
                + hh[v]
                + np.random.random()
                * max(F[gv, 3] - F[gv, 1] - 2 * PAD - title[gv, 1] - 2 * hh[v], 1.0)
            )
        elif kind == 5:
            a = mlist[0]
            b = mlist[1]
            x[a], x[b] = ox[b], ox[a]
            y[a], y[b] = oy[b], oy[a]
        elif kind == 1:
            dx = np.random.normal() * sig
            dy = np.random.normal() * sig
            for k in mlist:
                x[k] += dx
                y[k] += dy
        elif kind == 3:
            # mirror the group left-right around its centre
            cxm = 0.0
            for k in mlist:
                cxm += x[k]
            cxm /= len(mlist)
            for k in mlist:
                x[k] = 2 * cxm - x[k]
        elif kind == 2:
            g = group[mlist[0]]
            h = -1
            for k in mlist:
                if group[k] != g:
                    h = group[k]
                    break
            ca = F[g, 0] + F[g, 2]
            cb = F[h, 0] + F[h, 2]
            da = F[g, 1] + F[g, 3]
            db = F[h, 1] + F[h, 3]
            for k in mlist:
                if group[k] == g:
                    x[k] += (cb - ca) / 2
                    y[k] += (db - da) / 2
                else:
                    x[k] += (ca - cb) / 2
                    y[k] += (da - db) / 2
        for e in alist:
            seg(e, x, y, hw, hh, src, dst, S)
        for g in galist:
            frame_of(g, x, y, hw, hh, gstart, gmem, title, F, troom)
        after = local(M, A, GA, mlist, alist, galist, x, y, S, F, fixed, n, m, G)
        bc2 = bounds_cost(x, y, hw, hh, F, G, n, limw, limh, alo, ahi, rc)
        delta = after - before + wb * (bc2 - bc)
        if delta <= 0 or np.random.random() < math.exp(-delta / T):
            bc = bc2
            accepted += 1
        else:  # put back what the move changed
            keep(ox, oy, Sback, Fback, x, y, S, F, mlist, alist, galist)
        for k in mlist:
            M[k] = False
        for e in alist:
            A[e] = False
        for g in galist:
            GA[g] = False
    return accepted


def _csr(lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    start = np.zeros(len(lists) + 1, dtype=np.int64)
    for i, row in enumerate(lists):
        start[i + 1] = start[i] + len(row)
    flat = np.array([v for row in lists for v in row], dtype=np.int64)
    return start, flat


class Problem:
    """The map's concepts, links, themes and tour steps as flat arrays for the kernels."""

    def __init__(self, geom: arrange_map.Geometry) -> None:
        self.geom = geom
        n, m = len(geom.ids), len(geom.src)
        self.hw, self.hh = np.asarray(geom.half_w, float), np.asarray(geom.half_h, float)
        self.src, self.dst = np.asarray(geom.src, np.int64), np.asarray(geom.dst, np.int64)
        self.pw, self.ph = (
            np.asarray(geom.label_hw * 2, float),
            np.asarray(geom.label_hh * 2, float),
        )
        self.group = np.asarray(geom.group, np.int64)
        self.title = np.asarray(geom.title, float).reshape(-1, 2)
        groups = len(self.title)
        self.gstart, self.gmem = _csr(
            [[k for k in range(n) if self.group[k] == j] for j in range(groups)]
        )
        self.inc_start, self.inc = _csr(
            [[e for e in range(m) if self.src[e] == k or self.dst[e] == k] for k in range(n)]
        )
        steps = geom.steps
        self.steps_start, self.steps_mem = _csr([s[0].tolist() for s in steps])
        self.steps_wh = np.array([[s[1], s[2]] for s in steps], dtype=float).reshape(-1, 2)
        self.node_steps_start, self.node_steps = _csr(
            [[j for j, s in enumerate(steps) if k in set(s[0].tolist())] for k in range(n)]
        )

    def score(self, x: np.ndarray, y: np.ndarray) -> str:
        g = self.geom
        sizes = {k: (2 * self.hw[i], 2 * self.hh[i]) for i, k in enumerate(g.ids)}
        where = {k: (float(x[i]), float(y[i])) for i, k in enumerate(g.ids)}
        links = [
            Link(g.ids[s], g.ids[t], float(w), float(h))
            for s, t, w, h in zip(self.src, self.dst, self.pw, self.ph, strict=True)
        ]
        q = measure(sizes, where, links)
        return (
            f"{q.crossings} crossings ({q.crossings_per_link:.2f} a link), "
            f"{q.through} under boxes, {q.overlaps} overlaps, "
            f"{q.phrase_collisions} covered phrases"
        )


def run(
    problem: Problem, x: np.ndarray, y: np.ndarray, args: argparse.Namespace, font: float
) -> None:
    p = problem
    fit = FIT_PX / (font * 96 / 72)
    weights = np.array(
        [
            1.0,
            args.under,
            50.0 * args.feasible,
            args.phrase,
            50.0 * args.feasible,
            args.feasible,
            1.0,
            args.feasible,
            80.0,
            HARD,
            0.0 if args.free else HARD,
        ]
    )
    k = args.shrink
    hw, hh, pw, ph = p.hw * k, p.hh * k, p.pw * k, p.ph * k
    title = p.title.copy()
    wide = [g for g, frame in enumerate(p.geom.group_ids) if frame in args.title_fit_frames]
    title[wide if args.title_fit_frames else slice(None), 0] *= max(1.0, args.title_fit)
    room_w, room_h = hw.copy(), hh.copy()
    room_w[0] = max(room_w[0], args.root_room[0])
    room_h[0] = max(room_h[0], args.root_room[1])
    group, gstart, gmem = p.group, p.gstart, p.gmem
    steps = p.steps_start, p.steps_mem, p.steps_wh, p.node_steps_start, p.node_steps
    limw, limh, aspect = 1920 / fit, 1080 / fit, ASPECT
    if args.free:  # none of the map's own demands: no frames, tour steps, root on top or size
        group, gstart, gmem = np.full_like(p.group, -1), np.zeros(1, np.int64), p.gmem[:0]
        title = title[:0]
        steps = (np.zeros(1, np.int64), p.steps_mem[:0], p.steps_wh[:0],
                 np.zeros(len(p.hw) + 1, np.int64), p.node_steps[:0])  # fmt: skip
        limw, limh, aspect = 1e12, 1e12, (0.0, 1e12)
    anneal(
        x,
        y,
        hw,
        hh,
        p.src,
        p.dst,
        pw,
        ph,
        group,
        gstart,
        gmem,
        title,
        p.inc_start,
        p.inc,
        *steps,
        weights,
        args.steps,
        args.temp,
        args.cold,
        args.reach,
        args.seed,
        limw,
        limh,
        aspect[0],
        aspect[1],
        HARD,
        args.frame_moves,
        HARD if args.root_centre and not args.free else 0.0,
        room_w,
        room_h,
        args.title_room,
        args.vertex,
        args.vertex_reach,
    )


def stages(args: argparse.Namespace) -> list[argparse.Namespace]:
    """The runs asked for: the command line's options, overridden stage by stage."""
    found = []
    for text in args.stage or [""]:
        stage = argparse.Namespace(**vars(args))
        for pair in filter(None, text.split(",")):
            key, _, value = pair.partition("=")
            if not hasattr(stage, key) or key in ("map", "output", "stage"):
                raise SystemExit(f"--stage: no option {key!r}")
            old = getattr(stage, key)
            if isinstance(old, set):  # a comma-separated list: it would split the stage
                raise SystemExit(f"--stage: give {key} on the command line")
            if isinstance(old, tuple):
                setattr(stage, key, tuple(float(v) for v in value.split(":")))
            else:
                setattr(stage, key, type(old)(value))
        found.append(stage)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("map", type=Path)
    parser.add_argument("-o", "--output", type=Path, help="write here instead of in place")
    parser.add_argument("--steps", type=int, default=2_000_000)
    parser.add_argument("--temp", type=float, default=1.0, help="starting temperature")
    parser.add_argument("--cold", type=float, default=0.05, help="final temperature")
    parser.add_argument("--reach", type=float, default=200.0, help="largest typical move")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--feasible", type=float, default=100.0, help="weight of hard overlaps")
    parser.add_argument("--frame-moves", type=float, default=0.03, help="share of frame moves")
    parser.add_argument(
        "--shrink",
        type=float,
        default=1.0,
        help="boxes and phrases this size while annealing (< 1 first, then 1: a homotopy)",
    )
    parser.add_argument(
        "--vertex",
        type=float,
        default=0.0,
        help="share of vertex moves: a concept to the fewest crossings along a random line",
    )
    parser.add_argument(
        "--vertex-reach", type=float, default=1000.0, help="how far along it a vertex move looks"
    )
    parser.add_argument(
        "--free",
        action="store_true",
        help="none of the map's own demands (frames, tour steps, root on top, size): its floor",
    )
    parser.add_argument("--under", type=float, default=30.0, help="cost of a link under a box")
    parser.add_argument("--root-centre", action="store_true")
    parser.add_argument("--title-room", type=float, default=0.0)
    parser.add_argument(
        "--title-fit",
        type=float,
        default=1.0,
        help="frames at least this many times their title's width (its name at fit is wider)",
    )
    parser.add_argument(
        "--title-fit-frames",
        type=lambda t: set(t.split(",")) if t else set(),
        default=set(),
        help="comma-separated frame ids --title-fit applies to (default: all)",
    )
    parser.add_argument("--phrase", type=float, default=40.0, help="cost of a covered phrase")
    parser.add_argument(
        "--root-room", type=lambda t: tuple(float(v) for v in t.split(",")), default=(0.0, 0.0)
    )
    parser.add_argument(
        "--stage",
        action="append",
        default=[],
        help="one run, from where the last stopped: key=value,... over the options above",
    )
    args = parser.parse_args(argv)
    cmap = load(args.map)
    scene = arrange_map.build_scene(cmap, args.map.resolve())
    geom = arrange_map.measure(scene)
    problem = Problem(geom)
    x, y = np.array(geom.x, float), np.array(geom.y, float)
    print("before:", problem.score(x, y), flush=True)
    for stage in stages(args):
        start = time.perf_counter()
        run(problem, x, y, stage, scene.theme.node_font.pointSizeF())
        print(f"after {time.perf_counter() - start:.0f} s:", problem.score(x, y), flush=True)
    x, y = np.round(x), np.round(y)  # whole units: CXL, for one, keeps no fractions
    x -= x.min() - 100.0
    y -= y.min() - 100.0
    print("written:", problem.score(x, y), flush=True)
    text = arrange_map.write_positions(cmap, geom.ids, x, y, geom.group_ids)
    (args.output or args.map).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
