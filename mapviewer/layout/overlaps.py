"""Overlap removal for a free-form layout: boxes, linking phrases and links under boxes. No Qt.

Everything that may not touch is a rectangle: each concept's box, and each link's phrase box,
which sits on the middle of its drawn link (so a phrase is moved by moving both ends of its
link). Every round finds all overlapping pairs at once (mapviewer.layout.quality's sweep) and
pushes each pair apart along the axis where they overlap less, as Graphviz's prism does with its
proximity graph; a phrase on one of its own ends' boxes lengthens its link instead. Links that
pass under an unrelated box push the box off the line. If rounds run out, the whole drawing is
spread a little and the rounds resume: spreading separates everything in the end, so the result
never has an overlap, whatever the input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from mapviewer.layout import LayoutCancelled, Progress
from mapviewer.layout.quality import Link, overlapping_pairs, segments

BOX_MARGIN = 8.0  # free space kept around a concept box
PHRASE_MARGIN = 5.0  # ...and around a phrase box
PAIR_GAP = 4.0  # between the phrases of links that join the same two concepts
ROUNDS = 300  # pushes before the drawing is spread
SPREAD = 1.08


def _push(pos: np.ndarray, owner_a: np.ndarray, owner_b: np.ndarray, shift: np.ndarray) -> None:
    """Add ``shift`` to the objects' owners: a box is its own concept, a phrase both ends."""
    np.add.at(pos, owner_a, shift)
    np.add.at(pos, owner_b, shift)


def is_clear(
    x: np.ndarray, w: np.ndarray, h: np.ndarray, links: Sequence[Link], index: Mapping[str, int]
) -> bool:
    """No two boxes overlap and no phrase touches a box or another phrase (with the margins
    mapviewer.layout.refine keeps, so its moves never make a clear drawing unclear)."""
    from mapviewer.layout.quality import box_overlaps, geometry, phrase_collisions  # noqa: PLC0415

    sizes = {k: (w[i] + 4.0, h[i] + 4.0) for k, i in index.items()}
    geo = geometry(sizes, {k: (x[i, 0], x[i, 1]) for k, i in index.items()}, links)
    return not phrase_collisions(geo) and not box_overlaps(geo)


def separate(
    x: np.ndarray,
    w: np.ndarray,
    h: np.ndarray,
    links: Sequence[Link],
    index: Mapping[str, int],
    progress: Progress | None = None,
    through: bool = True,
) -> np.ndarray:
    """Positions near ``x`` (n x 2 centres) where no two boxes or phrases touch and, with
    ``through``, no link runs under a box that is neither of its ends."""
    result = try_separate(x, w, h, links, index, progress, through, spread=True)
    assert result is not None  # spreading always gets there
    return result


def one_per_pair(links: Sequence[Link]) -> list[Link]:
    """Links between the same two concepts as one, its phrase the widest of theirs by all of
    them stacked. Each phrase stands at the middle of its link here, so two links between one
    pair had their phrases on top of each other however far apart the concepts went: the map
    was spread again and again, and a 10-concept yEd diagram with six such pairs came out
    millions of units wide (the scene fans such links apart, their phrases side by side)."""
    merged: dict[tuple[str, str], Link] = {}
    for link in links:
        key = (min(link.source, link.target), max(link.source, link.target))
        have = merged.get(key)
        if have is None:
            merged[key] = link
        elif link.phrase_width > 0 and link.phrase_height > 0:
            width, height = have.phrase_width, have.phrase_height
            stacked = height + link.phrase_height + PAIR_GAP if width > 0 and height > 0 else 0
            merged[key] = Link(
                have.source,
                have.target,
                max(width, link.phrase_width),
                stacked or link.phrase_height,
            )
    return list(merged.values())


def try_separate(
    x: np.ndarray,
    w: np.ndarray,
    h: np.ndarray,
    links: Sequence[Link],
    index: Mapping[str, int],
    progress: Progress | None = None,
    through: bool = True,
    spread: bool = True,
    rounds: int = ROUNDS,
) -> np.ndarray | None:
    """As ``separate``; without ``spread``, None when ``rounds`` of pushes do not get there."""
    n = len(x)
    x = np.array(x, dtype=float)
    if n < 2:
        return x
    links = one_per_pair(links)
    src = np.array([index[ln.source] for ln in links], dtype=int)
    dst = np.array([index[ln.target] for ln in links], dtype=int)
    pw = np.array([ln.phrase_width for ln in links], dtype=float)
    ph = np.array([ln.phrase_height for ln in links], dtype=float)
    # A loop's phrase (a link from a concept to itself, or two ends laid out as one) is drawn
    # outside its box, not at its middle: counted there it covered the box for ever, and the
    # map was spread 40 times over (a yEd diagram of 10 concepts came out 20,000 units wide).
    has = np.nonzero((pw > 0) & (ph > 0) & (src != dst))[0]
    hw, hh = w / 2 + BOX_MARGIN / 2, h / 2 + BOX_MARGIN / 2
    # Owners: object k < n is concept k; object n + i is the phrase of link has[i] (two ends).
    own_a = np.concatenate([np.arange(n), src[has]])
    own_b = np.concatenate([np.full(n, -1), dst[has]])
    is_box = np.arange(len(own_a)) < n
    for attempt in range(40):
        for round_ in range(rounds):
            moved = _round(x, hw, hh, w / 2, h / 2, src, dst, has, pw, ph, own_a, own_b, is_box)
            if through and round_ % 3 == 2:
                moved |= _through_round(x, w / 2, h / 2, src, dst)
            if not moved and not (through and _through_round(x, w / 2, h / 2, src, dst)):
                return x
        if not spread:
            return None
        if progress is not None and not progress(min(0.99, 0.5 + 0.02 * attempt)):
            raise LayoutCancelled
        x = x.mean(axis=0) + (x - x.mean(axis=0)) * SPREAD
    return x


def _round(
    x: np.ndarray,
    hw: np.ndarray,
    hh: np.ndarray,
    bw: np.ndarray,
    bh: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
    has: np.ndarray,
    pw: np.ndarray,
    ph: np.ndarray,
    own_a: np.ndarray,
    own_b: np.ndarray,
    is_box: np.ndarray,
) -> bool:
    n = len(x)
    x0, y0, x1, y1 = segments(x[:, 0], x[:, 1], bw, bh, src[has], dst[has])
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    cx = np.concatenate([x[:, 0], mx])
    cy = np.concatenate([x[:, 1], my])
    rx = np.concatenate([hw, pw[has] / 2 + PHRASE_MARGIN / 2])
    ry = np.concatenate([hh, ph[has] / 2 + PHRASE_MARGIN / 2])
    a, b = overlapping_pairs(cx - rx, cy - ry, cx + rx, cy + ry)
    if not len(a):
        return False
    ox = rx[a] + rx[b] - np.abs(cx[a] - cx[b])
    oy = ry[a] + ry[b] - np.abs(cy[a] - cy[b])
    sx = np.where(cx[a] < cx[b], -1.0, 1.0)
    sy = np.where(cy[a] < cy[b], -1.0, 1.0)
    # Ties (the same centre) are broken by index, so the result stays deterministic.
    along_x = ox < oy
    shift = np.zeros((len(a), 2))
    shift[along_x, 0] = sx[along_x] * (ox[along_x] / 2 + 0.5)
    shift[~along_x, 1] = sy[~along_x] * (oy[~along_x] / 2 + 0.5)
    delta = np.zeros((n + 1, 2))  # row n collects pushes to "no second owner"
    oa_a, ob_a = own_a[a], np.where(own_b[a] < 0, n, own_b[a])
    oa_b, ob_b = own_a[b], np.where(own_b[b] < 0, n, own_b[b])
    # A phrase on one of its own ends: lengthen the link, the other end moves away.
    own_end = (~is_box[b]) & is_box[a] & ((own_a[b] == a) | (own_b[b] == a))
    if own_end.any():
        k = np.nonzero(own_end)[0]
        box = a[k]
        other = np.where(own_a[b[k]] == box, own_b[b[k]], own_a[b[k]])
        d = x[other] - x[box]
        length = np.maximum(np.sqrt((d**2).sum(axis=1)), 1e-9)[:, None]
        need = np.minimum(ox[k], oy[k])[:, None] * 2 + 1.0
        np.add.at(delta, other, d / length * need)
        shift[k] = 0.0
    _push(delta, oa_a, ob_a, shift)
    _push(delta, oa_b, ob_b, -shift)
    x += delta[:n]
    return True


def push_off_links(
    x: np.ndarray,
    w: np.ndarray,
    h: np.ndarray,
    links: Sequence[Link],
    index: Mapping[str, int],
    rounds: int,
) -> np.ndarray:
    """A few rounds of pushing boxes off the links that run under them, and nothing else
    (boxes may touch afterwards: the caller separates): the cheap part of ``through``."""
    x = np.array(x, dtype=float)
    src = np.array([index[ln.source] for ln in links], dtype=int)
    dst = np.array([index[ln.target] for ln in links], dtype=int)
    for _ in range(rounds):
        if not _through_round(x, w / 2, h / 2, src, dst):
            break
    return x


def _through_round(
    x: np.ndarray, bw: np.ndarray, bh: np.ndarray, src: np.ndarray, dst: np.ndarray
) -> bool:
    """Push boxes off links that run under them (and the links the other way)."""
    from mapviewer.layout.quality import Geometry, through_pairs  # noqa: PLC0415

    x0, y0, x1, y1 = segments(x[:, 0], x[:, 1], bw, bh, src, dst)
    empty = np.zeros(0)
    geo = Geometry([""] * len(x), x[:, 0], x[:, 1], bw, bh, src, dst, x0, y0, x1, y1, empty, empty)
    pairs = through_pairs(geo)
    if not pairs:
        return False
    e = np.array([p[0] for p in pairs])
    k = np.array([p[1] for p in pairs])
    dx, dy = x1[e] - x0[e], y1[e] - y0[e]
    length = np.maximum(np.hypot(dx, dy), 1e-9)
    nx, ny = -dy / length, dx / length
    side = (x[k, 0] - x0[e]) * nx + (x[k, 1] - y0[e]) * ny
    sign = np.where(side >= 0, 1.0, -1.0)
    reach = np.abs(nx) * bw[k] + np.abs(ny) * bh[k] + BOX_MARGIN
    need = (reach - np.abs(side)) / 2 + 0.5
    shift = np.stack([nx * sign * need, ny * sign * need], axis=1)
    delta = np.zeros_like(x)
    np.add.at(delta, k, shift)
    np.add.at(delta, src[e], -shift / 2)
    np.add.at(delta, dst[e], -shift / 2)
    x += delta
    return True
