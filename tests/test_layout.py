"""Automatic placement: no overlaps, placed concepts stay put, the same map lays out the same."""

from __future__ import annotations

import random

import mapviewer.layout as layout
from mapviewer.layout import GAP_X, Box, auto_place


def boxes(count: int, seed: int = 1) -> list[Box]:
    rng = random.Random(seed)
    return [Box(f"n{i}", rng.uniform(60, 190), rng.uniform(38, 80)) for i in range(count)]


def tree_edges(count: int, seed: int = 1) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [(f"n{i}", f"n{rng.randrange(i)}") for i in range(1, count)]


def overlapping(placed: dict[str, tuple[float, float]], sizes: dict[str, tuple[float, float]]):
    rects = sorted(
        (x - sizes[k][0] / 2, y - sizes[k][1] / 2, x + sizes[k][0] / 2, y + sizes[k][1] / 2, k)
        for k, (x, y) in placed.items()
    )
    for i, (_, t1, r1, b1, k1) in enumerate(rects):
        for l2, t2, _, b2, k2 in rects[i + 1 :]:
            if l2 >= r1:
                break
            if t1 < b2 and t2 < b1:
                yield k1, k2


def test_fresh_layout_has_no_overlaps_and_is_deterministic() -> None:
    items = boxes(400)
    edges = tree_edges(400)
    first = auto_place(items, edges)
    assert set(first) == {b.id for b in items}
    sizes = {b.id: (b.width, b.height) for b in items}
    assert list(overlapping(first, sizes)) == []
    assert auto_place(items, edges) == first


def test_linked_concepts_end_up_near_each_other() -> None:
    items = boxes(200)
    edges = tree_edges(200)
    placed = auto_place(items, edges)
    linked = [abs(placed[a][0] - placed[b][0]) + abs(placed[a][1] - placed[b][1]) for a, b in edges]
    rng = random.Random(9)
    ids = list(placed)
    random_pairs = [
        abs(placed[a][0] - placed[b][0]) + abs(placed[a][1] - placed[b][1])
        for a, b in (rng.sample(ids, 2) for _ in range(200))
    ]
    assert sum(linked) / len(linked) < 0.6 * sum(random_pairs) / len(random_pairs)


def test_new_concepts_go_beside_their_placed_neighbours_without_moving_them() -> None:
    fixed = {"a": (0.0, 0.0), "b": (400.0, 0.0)}
    sizes = {"a": (150.0, 50.0), "b": (150.0, 50.0)}
    new = [Box("c", 120, 50), Box("d", 120, 50), Box("lonely", 100, 40)]
    placed = auto_place(new, [("c", "a"), ("d", "a"), ("d", "b")], fixed, sizes)
    assert set(placed) == {"c", "d", "lonely"}
    all_sizes = sizes | {b.id: (b.width, b.height) for b in new}
    assert list(overlapping(placed | fixed, all_sizes)) == []
    cx, cy = placed["c"]
    assert abs(cx) + abs(cy) < 300  # next to a, its only neighbour
    assert placed["lonely"][0] > 400 + GAP_X  # unlinked: in a column beside the map


def test_laying_out_leaves_pythons_global_random_sequence_alone() -> None:
    random.seed(123)
    expected = [random.random() for _ in range(3)]
    random.seed(123)
    placed = auto_place(boxes(50), tree_edges(50))
    assert [random.random() for _ in range(3)] == expected  # as if no layout had run
    random.seed(999)
    assert auto_place(boxes(50), tree_edges(50)) == placed  # its own seed, whatever the global


def test_crowded_boxes_land_where_the_spot_by_spot_search_puts_them(monkeypatch) -> None:
    """Boxes that all wish for the same few spots go rings out, where the packer checks many
    rings at once in numpy: every one lands exactly where trying spot by spot, ring by ring,
    puts it (a packer that never uses numpy searches as before), so a file opens as before."""
    rng = random.Random(3)
    items = boxes(700, seed=3)
    # Wishes in three tight clumps and a few strays, some on one another's exact spot.
    centres = [(0.0, 0.0), (900.0, 40.0), (300.0, -700.0)]
    wishes = [
        (cx + rng.choice((0.0, rng.uniform(-30, 30))), cy + rng.uniform(-20, 20))
        for cx, cy in (rng.choice(centres) for _ in items)
    ]

    def pack() -> tuple[dict[str, tuple[float, float]], float]:
        packer = layout.Packer()
        placed = {b.id: packer.place(b, *wish) for b, wish in zip(items, wishes, strict=True)}
        steps = [
            max(abs(x - wx) / ((b.width + GAP_X) / 2), abs(y - wy) / ((b.height + 30.0) / 2))
            for b, (wx, wy), (x, y) in zip(items, wishes, placed.values(), strict=True)
        ]
        return placed, max(steps)

    monkeypatch.setattr(layout, "NUMPY_FROM", 0)  # numpy from the first box on
    quick, farthest = pack()
    assert farthest > 3 * layout.PYTHON_RINGS  # far rings were searched in numpy
    monkeypatch.setattr(layout, "NUMPY_FROM", 10**9)
    one_by_one, _ = pack()
    assert quick == one_by_one
    sizes = {b.id: (b.width, b.height) for b in items}
    assert list(overlapping(quick, sizes)) == []
