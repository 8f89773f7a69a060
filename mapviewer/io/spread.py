"""How far apart to draw a foreign file's positions so that its concepts' boxes do not pile up.

Other tools draw a node as a dot or a small circle, so their files place nodes closer than a
labelled box is wide: networkx's layouts write coordinates between -1 and 1 (the 34 members of
Zachary's karate club opened as one box with 33 under it), Gephi Lite's airlines sample puts
235 airports at ten units a degree, and Gephi's own Power Grid puts 4,941 stations a tenth of a
box apart. Drawn as they are, the picture the file's author saw is lost under the boxes. The
positions are spread about their middle by one factor, so the drawing keeps its shape, only
when most boxes would cover another: a file drawn with room for its boxes (CmapTools, yEd,
Obsidian) keeps its coordinates. No Qt here: the importers run headless.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

CROWDED_SHARE = 0.5  # spread when more than this share of the boxes cover another
CLEARED_SHARE = 0.75  # by the factor that clears this share of them
GAP = 1.15  # and a little more, so the cleared boxes do not touch
PROBES = 2000  # boxes whose neighbours are looked at, on a bigger map a seeded sample
MAX_FACTOR = 100_000.0  # coordinates stay finite numbers however close the file put them

# One box: centre x, centre y, width, height.
Box = tuple[float, float, float, float]


def spread_factor(boxes: Sequence[Box]) -> float:
    """1.0, or the factor the centres must be moved apart by (about their middle) for
    CLEARED_SHARE of the boxes to cover no other, when more than CROWDED_SHARE of them do."""
    if len(boxes) < 2:
        return 1.0
    data = np.asarray(boxes, dtype=float)
    order = np.argsort(data[:, 0], kind="stable")
    data = data[order]
    xs, ys, half_w, half_h = data[:, 0], data[:, 1], data[:, 2] / 2, data[:, 3] / 2
    widest = float(half_w.max())
    indices = list(range(len(data)))
    if len(data) > PROBES:
        indices = sorted(random.Random(0).sample(indices, PROBES))
    needed = []
    for i in indices:
        # Only boxes whose x range can meet this one's: a window of the sorted centres.
        lo = int(np.searchsorted(xs, xs[i] - half_w[i] - widest, side="left"))
        hi = int(np.searchsorted(xs, xs[i] + half_w[i] + widest, side="right"))
        dx = np.abs(xs[lo:hi] - xs[i])
        dy = np.abs(ys[lo:hi] - ys[i])
        reach_x = half_w[lo:hi] + half_w[i]
        reach_y = half_h[lo:hi] + half_h[i]
        covering = (dx < reach_x) & (dy < reach_y)
        covering[i - lo] = False
        if not covering.any():
            needed.append(1.0)
            continue
        with np.errstate(divide="ignore"):
            # Apart along x or along y clears a pair, whichever comes first as they spread.
            apart = np.minimum(reach_x / dx, reach_y / dy)[covering]
        needed.append(float(apart.max()))
    scales = np.asarray(needed)
    if np.count_nonzero(scales > 1.0) <= CROWDED_SHARE * len(scales):
        return 1.0
    stuck = ~np.isfinite(scales)  # on the very spot of another box: no factor parts them
    if np.count_nonzero(stuck) >= (1 - CLEARED_SHARE) * len(scales):
        return 1.0
    scales[stuck] = scales[~stuck].max()
    factor = float(np.percentile(scales, CLEARED_SHARE * 100)) * GAP
    return min(factor, MAX_FACTOR)
