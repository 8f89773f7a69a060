"""A focus's arrangement drawn closer, to fit the view at a readable size. No Qt.

Rings leave room empty between their spokes and in the corners of the view: Focus 2 on PD-1
(44 concepts) spread 2,300 units wide, its labels 7.4 px when framed whole in a 1366x768
window, so the view showed its middle and cut 8 concepts. Here the arrangement is scaled toward
its middle to the frame, then each pair of boxes still overlapping is pushed apart the way it
overlaps least, each box held in the frame, so every concept keeps its side of its neighbours.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from mapviewer.focuslayout import GAP, PHRASE_GAP, Point, Size
from mapviewer.layout import Link, spread_to_ranks

ROUNDS = 80  # passes pushing overlapping boxes apart before a frame is given up
PATIENCE = 8  # ...or passes without fewer overlaps than the fewest yet
SPREAD = 0.75  # how far toward evenly apart: 0.5, 178 more phrases on boxes (Focus 2, 1366x768)


def squeeze(
    placed: Mapping[str, Point],
    sizes: Mapping[str, Size],
    links: Sequence[tuple[str, str, Size]],
    centre: str,
    frame: Size,
    gap: float = GAP / 2,
    clear: bool = True,
    spread: float = 0.0,
) -> dict[str, Point] | None:
    """The arrangement of the concepts of ``sizes`` drawn so their boxes fit ``frame`` (width,
    height in scene units), ``gap`` apart, the centre back where ``placed`` has it (the whole
    moved with it); None if they will not fit. Each of ``links`` (source, target, phrase
    size) with a phrase keeps its two boxes that phrase apart, across or along, and with
    ``clear`` every other box off the phrase halfway between them, so the phrase has
    somewhere to go (drawn closer without, 50 of PD-1's phrases sat on a box), as many as
    will fit: from where clearing every one stops gaining, only the phrases' ends apart.
    With ``spread``, the concepts are first drawn that far toward evenly apart across the
    frame, in their order along each axis, so the rings' empty room goes to the phrases."""
    nodes = sorted(sizes)
    width, height = frame
    if not nodes or any(sizes[n][0] + gap > width or sizes[n][1] + gap > height for n in nodes):
        return None
    if sum((w + gap) * (h + gap) for w, h in sizes.values()) > width * height:
        return None  # more box than frame: no pushing will make room
    boxes = _Boxes(placed, sizes, nodes, frame, gap, spread)
    if boxes.fits_already:
        return dict(placed)
    index = {n: i for i, n in enumerate(nodes)}
    ties = [
        (index[a], index[b], pw + 2 * PHRASE_GAP, ph + 2 * PHRASE_GAP)
        for a, b, (pw, ph) in links
        if a in index and b in index and a != b and pw > 0
    ]
    least, since, rounds = math.inf, 0, 0
    while rounds < ROUNDS:
        rounds += 1
        overlaps = boxes.push_apart() + boxes.make_room(ties, clear)
        boxes.hold()
        if not overlaps:
            break
        # Given up once the overlaps stop thinning: a frame too small only churns. Every
        # phrase's spot kept clear will not fit, most of them will: from there, only the
        # phrases' ends apart. Started again without, 1 in 4 phrases of Focus 2 on PD-1
        # in a 1366x768 window sat on a box.
        least, since = (overlaps, 0) if overlaps < least else (least, since + 1)
        if since > PATIENCE and clear:
            clear, least, since, rounds = False, math.inf, 0, 0
        elif since > PATIENCE:
            return None
    else:
        return None
    at = index[centre]
    shift_x, shift_y = placed[centre][0] - boxes.xs[at], placed[centre][1] - boxes.ys[at]
    out = dict(placed)
    for i, n in enumerate(nodes):
        out[n] = (boxes.xs[i] + shift_x, boxes.ys[i] + shift_y)
    return out


def untangled(
    centre: str,
    links: Sequence[tuple[str, str, Size]],
    sizes: Mapping[str, Size],
    positions: Mapping[str, Point],
    frame: Size,
) -> dict[str, Point]:
    """The concepts of ``sizes`` drawn by their link distances (stress majorization, as the
    organic layout starts), turned to lie across, mirrored to keep the sides they have on the
    map (``positions``), stretched to ``frame`` round the centre's place on the map; for
    squeeze to draw into the view. Rings by distance keep a concept's cousins on the far side
    of their wedges, and the links between them cross the middle: Focus 2 on T cells (96
    concepts, 193 links) crossed 1,349 times in a full-HD window; drawn so, 417. A
    neighbourhood's centre is linked to all of it, so it comes out near the middle."""
    import numpy as np  # noqa: PLC0415 - not loaded to open a map (test_architecture)

    from mapviewer.layout.organic import stress_positions  # noqa: PLC0415 - igraph, numpy

    nodes = sorted(sizes)
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted(
        {(min(index[a], index[b]), max(index[a], index[b])) for a, b, _ in links if a != b}
    )
    cx, cy = positions.get(centre, (0.0, 0.0))
    home = np.array([positions.get(n, (cx, cy)) for n in nodes], dtype=float) - (cx, cy)
    if len(nodes) < 3:
        return {n: positions.get(n, (cx, cy)) for n in nodes}  # nothing to untangle
    at = stress_positions(len(nodes), edges)
    at -= at[index[centre]]
    # Turned so the widest spread lies along x, as the view is wide.
    _, axes = np.linalg.eigh(np.cov(at.T))
    wide = axes[:, -1]
    at = at @ np.array([[wide[0], -wide[1]], [wide[1], wide[0]]])
    at *= np.where((at * home).sum(axis=0) < 0, -1.0, 1.0)
    # Each side of the centre stretched to half the frame: framed whole, the centre stands
    # in the middle of the view.
    half = np.array(frame) / 2
    at = np.where(
        at > 0,
        at * half / np.maximum(at.max(axis=0), 1e-9),
        at * half / np.maximum(-at.min(axis=0), 1e-9),
    )
    return {n: (cx + float(at[i, 0]), cy + float(at[i, 1])) for i, n in enumerate(nodes)}


def crossings(
    placed: Mapping[str, Point], sizes: Mapping[str, Size], links: Sequence[tuple[str, str, Size]]
) -> int:
    """How many times the links of an arrangement cross (mapviewer.layout.quality's count)."""
    from mapviewer.layout.quality import crossing_pairs, geometry  # noqa: PLC0415 - numpy

    drawn = [Link(a, b) for a, b, _ in links]
    return len(crossing_pairs(geometry(sizes, placed, drawn)))


def _spread(places: Sequence[float], middle: float, scale: float, spread: float) -> list[float]:
    """``places`` scaled by ``scale`` toward ``middle``, then drawn ``spread`` of the way to
    evenly apart in their order: scaled only, a far ring's one concept kept a side of the view
    to itself and the others bunched (Focus 2 on PD-1 in a 1366x768 window)."""
    low, high = min(places), max(places)
    at = middle + ((low + high) / 2 - middle) * scale
    span = (high - low) * scale
    return [at + (r - 0.5) * span for r in spread_to_ranks(places, spread)]


class _Boxes:
    """The boxes' centres as squeeze moves them, and the frame each must stay in."""

    def __init__(
        self,
        placed: Mapping[str, Point],
        sizes: Mapping[str, Size],
        nodes: list[str],
        frame: Size,
        gap: float,
        spread: float,
    ) -> None:
        width, height = frame
        self.gap = gap
        self.half_w = [sizes[n][0] / 2 for n in nodes]
        self.half_h = [sizes[n][1] / 2 for n in nodes]
        left = min(placed[n][0] - w for n, w in zip(nodes, self.half_w, strict=True))
        right = max(placed[n][0] + w for n, w in zip(nodes, self.half_w, strict=True))
        top = min(placed[n][1] - h for n, h in zip(nodes, self.half_h, strict=True))
        bottom = max(placed[n][1] + h for n, h in zip(nodes, self.half_h, strict=True))
        self.fits_already = right - left <= width and bottom - top <= height
        mx, my = (left + right) / 2, (top + bottom) / 2
        wide, tall = 2 * max(self.half_w), 2 * max(self.half_h)
        sx = min(1.0, (width - wide) / max(right - left - wide, 1.0))
        sy = min(1.0, (height - tall) / max(bottom - top - tall, 1.0))
        self.xs = _spread([placed[n][0] for n in nodes], mx, sx, spread)
        self.ys = _spread([placed[n][1] for n in nodes], my, sy, spread)
        self.low_x = [mx - width / 2 + w for w in self.half_w]
        self.high_x = [mx + width / 2 - w for w in self.half_w]
        self.low_y = [my - height / 2 + h for h in self.half_h]
        self.high_y = [my + height / 2 - h for h in self.half_h]
        self.reach = wide + gap  # boxes further apart along x than this cannot meet

    def push_apart(self) -> int:
        """Each two boxes that overlap pushed apart; how many did."""
        xs, ys, half_w, half_h, gap = self.xs, self.ys, self.half_w, self.half_h, self.gap
        order = sorted(range(len(xs)), key=lambda k: (xs[k], k))
        pushed = 0
        for a, i in enumerate(order):
            for j in order[a + 1 :]:
                dx = xs[j] - xs[i]
                if dx >= self.reach:
                    break
                over_x = half_w[i] + half_w[j] + gap - abs(dx)
                over_y = half_h[i] + half_h[j] + gap - abs(ys[j] - ys[i])
                if over_x > 0 and over_y > 0:
                    pushed += 1
                    # Wide boxes: apart along y costs the frame less than along x.
                    self._part(i, j, over_x, over_y, 1.0, 1.0)
        return pushed

    def make_room(self, ties: Sequence[tuple[int, int, float, float]], clear: bool) -> int:
        """Each link's ends a phrase apart, and with ``clear`` other boxes off the phrase
        halfway between them; how many were pushed. The boxes on a phrase are found for all
        of them at once (numpy): box by box in Python, Focus 2 on Immune checkpoint inhibitors
        (93 concepts, 180 links) spent half its 1.7 s of CPU here."""
        import numpy as np  # noqa: PLC0415 - not loaded to open a map (test_architecture)

        xs, ys, half_w, half_h = self.xs, self.ys, self.half_w, self.half_h
        at_x, at_y = np.array(xs), np.array(ys)
        wide, tall = np.array(half_w), np.array(half_h)
        pushed = 0
        for i, j, pw, ph in ties:
            over_x = half_w[i] + half_w[j] + pw - abs(xs[j] - xs[i])
            over_y = half_h[i] + half_h[j] + ph - abs(ys[j] - ys[i])
            if over_x > 0 and over_y > 0:
                pushed += 1
                self._part(i, j, over_x, over_y, pw + 1, ph + 1)
            if not clear:
                continue
            at_x[i], at_x[j], at_y[i], at_y[j] = xs[i], xs[j], ys[i], ys[j]
            mx, my = (xs[i] + xs[j]) / 2, (ys[i] + ys[j]) / 2
            # A box's overlap with this phrase does not change as the others are pushed off.
            reach_x = wide + pw / 2 + self.gap / 2 - np.abs(at_x - mx)
            reach_y = tall + ph / 2 + self.gap / 2 - np.abs(at_y - my)
            for k in np.flatnonzero((reach_x > 0) & (reach_y > 0)).tolist():
                if k in (i, j):
                    continue
                pushed += 1
                over_x, over_y = float(reach_x[k]), float(reach_y[k])
                # The box one way, the link's two ends the other.
                if over_y <= over_x:
                    push = (over_y / 2 + 0.5) * (1 if ys[k] - my >= 0 else -1)
                    ys[k] += push
                    ys[i], ys[j] = ys[i] - push, ys[j] - push
                else:
                    push = (over_x / 2 + 0.5) * (1 if xs[k] - mx >= 0 else -1)
                    xs[k] += push
                    xs[i], xs[j] = xs[i] - push, xs[j] - push
                at_x[k], at_y[k] = xs[k], ys[k]
            at_x[i], at_x[j], at_y[i], at_y[j] = xs[i], xs[j], ys[i], ys[j]
        return pushed

    def _part(self, i: int, j: int, over_x: float, over_y: float, by_x: float, by_y: float) -> None:
        """Boxes ``i`` and ``j`` pushed apart half the overlap each, the way it is least (in
        units of ``by_x`` and ``by_y``)."""
        if over_y / by_y <= over_x / by_x:
            push = (over_y / 2 + 0.5) * (1 if self.ys[j] >= self.ys[i] else -1)
            self.ys[i], self.ys[j] = self.ys[i] - push, self.ys[j] + push
        else:
            push = (over_x / 2 + 0.5) * (1 if self.xs[j] >= self.xs[i] else -1)
            self.xs[i], self.xs[j] = self.xs[i] - push, self.xs[j] + push

    def hold(self) -> None:
        """Every box back inside the frame."""
        for i in range(len(self.xs)):
            self.xs[i] = min(max(self.xs[i], self.low_x[i]), self.high_x[i])
            self.ys[i] = min(max(self.ys[i], self.low_y[i]), self.high_y[i])
