"""How links joining the same two concepts fan out, so they do not draw over each other.

The window (mapviewer.scene.mapscene) and the web page (mapviewer.io.html) both bend such links
by these rules, and must agree: the page shows the map as the window does, from numbers alone.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TypeVar

# Scene units between the middles of two neighbouring links of one pair.
BEND_STEP = 34.0
# The farthest a fanned-out link's middle strays from the straight line: more links between one
# pair share it more tightly. GeneMANIA's network joins RFC3 and RFC4 by dozens of links, whose
# fan of 34-unit steps looped far outside the fitted view.
FAN_REACH = 4 * BEND_STEP
FAN_SHARE = 0.5  # and no farther than this share of the distance between the two concepts

T = TypeVar("T")


def parallel(links: Iterable[T], ends: Callable[[T], tuple[str, str]]) -> list[list[T]]:
    """The links joining the same two concepts (by the ids ``ends`` gives), either way round,
    in groups of two or more, in the order given."""
    groups: dict[tuple[str, str], list[T]] = defaultdict(list)
    for link in links:
        a, b = ends(link)
        if a != b:
            groups[(a, b) if a < b else (b, a)].append(link)
    return [group for group in groups.values() if len(group) > 1]


def bends(
    sources: list[str], first: str, a: tuple[float, float], b: tuple[float, float]
) -> list[float]:
    """The bends of one pair's links, whose sources are ``sources`` (in order) and whose ends
    lie at ``a`` and ``b``: BEND_STEP apart (closer when that would take the outermost past
    FAN_REACH, or FAN_SHARE of the way between them), evenly about the straight line. A bend is
    measured to the left of the link's own direction, so links whose source is not ``first``
    (the pair's lesser id) take the opposite sign to curve to the same side."""
    middle = (len(sources) - 1) / 2
    reach = min(FAN_REACH, FAN_SHARE * math.dist(a, b))
    step = min(BEND_STEP, reach / middle) if middle else BEND_STEP
    out = []
    for index, source in enumerate(sources):
        offset = (index - middle) * step
        out.append(offset if source == first else -offset)
    return out
