"""The link index finds every link crossing a painted area, long diagonal ones included."""

from __future__ import annotations

import random

from PySide6.QtCore import QLineF, QRectF

from mapviewer.scene.gridindex import MAX_CELLS, GridIndex


def box_of(line: QLineF) -> QRectF:
    return QRectF(line.p1(), line.p2()).normalized().adjusted(-5, -5, 5, 5)


def crosses(line: QLineF, area: QRectF) -> bool:
    """Sampled: does the segment pass through the area?"""
    return any(area.contains(line.pointAt(t / 200)) for t in range(201))


def test_query_finds_every_segment_that_crosses_the_area() -> None:
    rng = random.Random(4)
    index = GridIndex()
    lines = {}
    for key in range(400):
        line = QLineF(
            rng.uniform(0, 30000),
            rng.uniform(0, 18000),
            rng.uniform(0, 30000),
            rng.uniform(0, 18000),
        )
        lines[key] = line
        index.set(key, box_of(line), line)
    for _ in range(30):
        area = QRectF(rng.uniform(0, 28000), rng.uniform(0, 16000), 1600, 1000)
        found = index.query(area)
        missing = [k for k, line in lines.items() if crosses(line, area) and k not in found]
        assert missing == []


def test_moving_and_discarding_keep_the_index_exact() -> None:
    index = GridIndex()
    long = QLineF(0, 0, 20000, 12000)
    index.set("a", box_of(long), long)
    assert index.query(QRectF(9900, 5900, 200, 200)) == {"a"}
    short = QLineF(0, 0, 50, 50)
    index.set("a", box_of(short), short)
    assert index.query(QRectF(9900, 5900, 200, 200)) == set()
    assert index.query(QRectF(0, 0, 10, 10)) == {"a"}
    index.discard("a")
    assert index.query(QRectF(-100, -100, 30000, 30000)) == set()
    assert len(index) == 0


def test_a_key_moved_within_its_cells_keeps_its_filing_and_is_found_where_it_is(
    monkeypatch,
) -> None:
    """A frame of a layout's glide moves every link a few units: each was taken out of its
    cells and filed again, though nearly all stayed under the same cells. Now only its
    rectangle follows; one that reaches other cells is filed afresh, and each is found where
    it now is, not where it was."""
    index = GridIndex()
    short, long = QLineF(100, 100, 180, 150), QLineF(2000, 2000, 5000, 3900)
    index.set("short", box_of(short), short)
    index.set("long", box_of(long), long)
    refiled: list[str] = []
    discard = GridIndex.discard
    monkeypatch.setattr(
        GridIndex, "discard", lambda self, key: refiled.append(key) or discard(self, key)
    )
    for line, key in ((short, "short"), (long, "long")):
        line.translate(8, 4)
        index.set(key, box_of(line), line)
    assert refiled == []
    assert index.query(QRectF(186, 156, 2, 2)) == {"short"}  # its new end, beyond its old box
    assert index.query(QRectF(5008, 3906, 2, 2)) == {"long"}
    assert index.query(QRectF(96, 96, 2, 2)) == set()  # where its old box began
    short.translate(400, 0)  # into the next cells
    index.set("short", box_of(short), short)
    assert refiled == ["short"]
    assert index.query(QRectF(520, 120, 2, 2)) == {"short"}
    assert index.query(QRectF(120, 120, 2, 2)) == set()


def test_bounds_cover_every_rectangle_held_and_follow_moves() -> None:
    index = GridIndex()
    assert index.bounds().isNull()
    index.set("a", QRectF(-50, 10, 100, 20))
    index.set("b", QRectF(900, -300, 10, 10), QLineF(900, -300, 910, -290))
    assert index.bounds() == QRectF(-50, -300, 960, 330)
    index.set("b", QRectF(0, 0, 10, 10))
    index.discard("a")
    assert index.bounds() == QRectF(0, 0, 10, 10)


def test_links_left_of_and_above_the_origin_are_found_in_their_own_cells_only() -> None:
    """Cells are packed into one int each; negative rows and columns must not alias."""
    index = GridIndex()
    index.set("north-west", QRectF(-900, -900, 50, 50))
    index.set("south-west", QRectF(-900, 850, 50, 50))
    index.set("north-east", QRectF(850, -900, 50, 50))
    index.set("origin", QRectF(-10, -10, 20, 20))
    assert index.query(QRectF(-950, -950, 120, 120)) == {"north-west"}
    assert index.query(QRectF(-950, 800, 120, 120)) == {"south-west"}
    assert index.query(QRectF(800, -950, 120, 120)) == {"north-east"}
    assert index.query(QRectF(-5, -5, 10, 10)) == {"origin"}
    index.discard("origin")
    assert index.query(QRectF(-5, -5, 10, 10)) == set()


def test_a_key_across_an_enormous_map_is_kept_aside_and_still_found() -> None:
    """A link between concepts 1e7 units apart would be filed under millions of cells (a 100k
    map of random long links ran out of memory and crashed); it is kept aside instead, and
    every query along it still finds it."""
    index: GridIndex[str] = GridIndex()
    line = QLineF(-1e7, -1e7, 1e7, 1e7)
    index.set("long", QRectF(line.p1(), line.p2()).normalized(), line)
    index.set("box", QRectF(-1e7, -1e7, 2e7, 2e7))
    index.set("near", QRectF(0, 0, 10, 10))
    assert len(index._cells) <= MAX_CELLS
    assert index.query(QRectF(5e6, 5e6, 10, 10)) == {"long", "box"}
    assert index.query(QRectF(1, 1, 2, 2)) == {"long", "box", "near"}
    index.discard("long")
    index.discard("box")
    assert index.query(QRectF(5e6, 5e6, 10, 10)) == set()
