"""The arrangement a focus draws: centre in place, rings by distance, nothing overlapping."""

from __future__ import annotations

import math

from mapviewer.focusfit import squeeze
from mapviewer.focuslayout import ASPECT, focus_layout


def star_of_stars() -> tuple[list, dict, dict]:
    """A hub with eight spokes, each with three leaves; boxes as wide as real labels."""
    links, sizes, places = [], {"hub": (160.0, 44.0)}, {"hub": (500.0, 300.0)}
    for i in range(8):
        spoke = f"s{i}"
        sizes[spoke] = (140.0, 40.0)
        places[spoke] = (500 + 900 * math.cos(i), 300 + 900 * math.sin(i))  # scattered far
        links.append(("hub", spoke, (70.0, 18.0)))
        for j in range(3):
            leaf = f"l{i}{j}"
            sizes[leaf] = (120.0, 40.0)
            places[leaf] = (-3000.0 + 400 * j, 2000.0 * i)
            links.append((spoke, leaf, (90.0, 18.0)))
    return links, sizes, places


def rect(at: tuple[float, float], size: tuple[float, float]) -> tuple[float, ...]:
    return (at[0] - size[0] / 2, at[1] - size[1] / 2, at[0] + size[0] / 2, at[1] + size[1] / 2)


def meet(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_the_centre_stays_and_rings_go_out_by_distance_without_overlaps() -> None:
    links, sizes, places = star_of_stars()
    out = focus_layout("hub", links, sizes, places)
    assert out["hub"] == places["hub"]
    assert set(out) == set(sizes)
    boxes = [rect(out[n], sizes[n]) for n in sizes]
    assert not any(meet(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])

    def reach(node: str) -> float:  # round the rings, which are ellipses ASPECT wide
        (x, y), (hx, hy) = out[node], out["hub"]
        return math.hypot((x - hx) / ASPECT, y - hy)

    # Each leaf lies farther out than the spoke it hangs from.
    assert all(reach(f"l{i}{j}") > reach(f"s{i}") for i in range(8) for j in range(3))
    # Much closer together than the scattered places: the whole fits a window.
    xs = [x for x, _ in out.values()]
    assert max(xs) - min(xs) < 2500


def test_spokes_keep_their_order_round_the_centre() -> None:
    links, sizes, places = star_of_stars()
    out = focus_layout("hub", links, sizes, places)
    hx, hy = out["hub"]

    def turn(points: dict, node: str) -> float:
        x, y = points[node]
        return math.atan2(y - hy, x - hx)

    before = sorted(range(8), key=lambda i: turn(places, f"s{i}"))
    after = sorted(range(8), key=lambda i: turn(out, f"s{i}"))
    # The same cyclic order: one is a rotation of the other.
    start = after.index(before[0])
    assert after[start:] + after[:start] == before


def test_a_link_phrase_never_lies_under_a_box() -> None:
    links, sizes, places = star_of_stars()
    out = focus_layout("hub", links, sizes, places)
    for a, b, phrase in links:
        (ax, ay), (bx, by) = out[a], out[b]
        mid = ((ax + bx) / 2, (ay + by) / 2)
        # the phrase sits about halfway between the two concepts
        label = rect(mid, (phrase[0] * 0.5, phrase[1] * 0.5))
        others = [rect(out[n], sizes[n]) for n in sizes if n not in (a, b)]
        assert not any(meet(label, box) for box in others), (a, b)


def test_rings_take_the_shape_asked_for() -> None:
    """A close-up lays its rings out in the shape of the screen above its caption (see
    slides.Stage): rings asked wider spread the same concepts wider than tall, still apart."""

    def shape(aspect: float) -> float:
        links, sizes, places = star_of_stars()
        out = focus_layout("hub", links, sizes, places, aspect=aspect)
        boxes = [rect(out[n], sizes[n]) for n in sizes]
        assert not any(meet(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
        width = max(b[2] for b in boxes) - min(b[0] for b in boxes)
        return width / (max(b[3] for b in boxes) - min(b[1] for b in boxes))

    assert shape(2.6) > shape(ASPECT) * 1.3


def test_drawn_closer_the_rings_fit_a_frame_with_room_for_their_phrases() -> None:
    """focusfit.squeeze: the rings of a hub with 33 concepts spread wider than a laptop's
    view at a readable size; drawn closer they fit it, no boxes overlapping, each spoke on
    its side of the hub, the hub in its place and each phrase clear of the other boxes."""
    links, sizes, places = star_of_stars()
    out = focus_layout("hub", links, sizes, places)
    frame = (1100.0, 800.0)
    spread = [rect(out[n], sizes[n]) for n in sizes]
    assert max(b[2] for b in spread) - min(b[0] for b in spread) > frame[0] + 200  # too wide
    closer = squeeze(out, sizes, links, "hub", frame)
    assert closer is not None
    boxes = [rect(closer[n], sizes[n]) for n in sizes]
    assert max(b[2] for b in boxes) - min(b[0] for b in boxes) <= frame[0]
    assert max(b[3] for b in boxes) - min(b[1] for b in boxes) <= frame[1]
    assert not any(meet(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert closer["hub"] == out["hub"]
    hx, hy = out["hub"]
    for i in range(8):
        (x0, y0), (x1, y1) = out[f"s{i}"], closer[f"s{i}"]
        assert (x0 - hx) * (x1 - hx) + (y0 - hy) * (y1 - hy) > 0  # still on its side
    for a, b, phrase in links:
        (ax, ay), (bx, by) = closer[a], closer[b]
        label = rect(((ax + bx) / 2, (ay + by) / 2), phrase)
        assert not [n for n in sizes if n not in (a, b) and meet(label, rect(closer[n], sizes[n]))]


def test_what_will_not_fit_is_not_drawn_closer() -> None:
    links, sizes, places = star_of_stars()
    out = focus_layout("hub", links, sizes, places)
    assert squeeze(out, sizes, links, "hub", (600.0, 400.0)) is None
