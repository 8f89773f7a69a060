"""Making a big map's link items: as now, against the way it was, in the same run.

For each file it makes the scene as opening the file does, with its concept and link items
(``build_links``), times that (CPU seconds, median of --repeat runs, the two ways
alternating; the concept items take the same time both ways), and checks that
both give every link the same course, arrowhead and phrase box, and a bounding box holding
the one of before. "Before" puts back, by patching the link item, what was changed:

- its bounding box: the item had a pen as wide as its hit band, so Qt asked ``shape`` for its
  bounding rectangle, and every link made was stroked and united with its arrowhead and
  phrase (QPainterPath.united) as it was filed. Now its path is the box alone, worked out
  from its points (``EdgeItem._bounds``), and the band is made when a click or the pointer
  first asks. (Before, the pen is set as each box is filed, not once as the item is made: a
  few milliseconds more.)
- its end marks: each link's arrowhead was made a QPolygonF as its course was worked out.
  Now its corners are kept as numbers and made a polygon when the link layer draws it (or
  the hit band is made); a big map opens far out, where no link item is drawn. (Before,
  the outline reads them, as it did: they are made as each box is filed.)

The files the speed-up was measured on are big public networks not kept here: Gephi Lite's
divided-they-blog GEXF (19,025 links: the scene 2.76 s -> 1.62 s CPU, median of 5, on the
lab machine) and Gephi's yeast network (graphology's src/gexf/test/resources/yeast.gexf,
7,182 links: 0.81 s -> 0.70 s, median of 7, most of it its 2,361 concept items).

    python bench/link_items_speed.py [--repeat 5] [FILE ...]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainterPath, QPen

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FILES = [REPO / "maps" / "immunotherapy.json", REPO / "maps" / "checkpoints.json"]
Signature = dict[str, tuple[object, ...]]


@contextmanager
def before() -> Iterator[None]:
    """The link item as it was: a hit pen, its outline as its path, its marks made with it."""
    from mapviewer.scene.edgeitem import EdgeItem  # noqa: PLC0415 - needs the Qt application

    pens: dict[float, QPen] = {}

    def outline(self: EdgeItem, old: QRectF | None) -> None:
        width = self._hit_width()
        pen = pens.get(width)
        if pen is None:
            pen = pens[width] = QPen(QColor(0, 0, 0, 0), width)
        self.setPen(pen)
        path = QPainterPath(self.curve)
        path.addPolygon(self.arrow)
        path.addPolygon(self.tail)
        if not self.label_rect.isEmpty():
            path.addRect(self.label_rect)
        self.setPath(path)
        self._hit = None
        if self.index is not None:
            self.index.set(self, self.sceneBoundingRect(), self.line)
        if old is not None:
            self._refresh(old.united(self.sceneBoundingRect()))

    saved = EdgeItem._outline
    EdgeItem._outline = outline  # type: ignore[method-assign]
    try:
        yield
    finally:
        EdgeItem._outline = saved  # type: ignore[method-assign]


def build(path: Path) -> Callable[[], tuple[float, Signature, dict[str, QRectF]]]:
    """Makes ``path``'s scene as opening it does: CPU seconds, each link's drawing and its
    bounding box."""
    from mapviewer.document import Document  # noqa: PLC0415 - needs the Qt application
    from mapviewer.io.registry import open_map  # noqa: PLC0415
    from mapviewer.scene.mapscene import MapScene  # noqa: PLC0415

    document = Document(open_map(path))

    def run() -> tuple[float, Signature, dict[str, QRectF]]:
        # The window collects garbage from a timer between events (ui/collector.py), never
        # while it makes a scene; a full collection here would land in either way at random.
        gc.collect()
        gc.disable()
        try:
            started = time.process_time()
            scene = MapScene(document, links_later=True)
            scene.links_by_region = False  # every link, however many
            scene.build_links()
            spent = time.process_time() - started
        finally:
            gc.enable()
        drawn: Signature = {}
        boxes: dict[str, QRectF] = {}
        for key, item in scene.edge_items.items():
            curve = item.curve
            course = [
                (curve.elementAt(i).x, curve.elementAt(i).y) for i in range(curve.elementCount())
            ]
            arrow = [(p.x(), p.y()) for p in item.arrow]
            drawn[key] = (tuple(course), tuple(arrow), item.label_rect.getRect())
            boxes[key] = item.sceneBoundingRect()
        return spent, drawn, boxes

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from mapviewer.app import make_application  # noqa: PLC0415

    make_application([])
    for path in args.files:
        run = build(path)
        then: list[float] = []
        now: list[float] = []
        for _ in range(args.repeat):
            with before():
                spent_then, drawn_then, boxes_then = run()
            spent_now, drawn_now, boxes_now = run()
            then.append(spent_then)
            now.append(spent_now)
        # Both boxes are worked out in floats: a straight link's differ by about 1e-12.
        slack = 1e-6
        holds = sum(
            boxes_now[k].adjusted(-slack, -slack, slack, slack).contains(box)
            for k, box in boxes_then.items()
        )
        grown = max(
            (
                max(
                    a.left() - b.left(),
                    a.top() - b.top(),
                    b.right() - a.right(),
                    b.bottom() - a.bottom(),
                )
                for k, a in boxes_then.items()
                for b in (boxes_now[k],)
            ),
            default=0.0,
        )
        print(
            f"{path.name}: scene with {len(drawn_now)} link items made in "
            f"{statistics.median(then):.2f} s CPU before, {statistics.median(now):.2f} s now "
            f"(median of {args.repeat}; before {min(then):.2f}-{max(then):.2f}, "
            f"now {min(now):.2f}-{max(now):.2f}); drawn the same: {drawn_then == drawn_now}; "
            f"boxes holding the old: {holds}/{len(boxes_then)}, at most {grown:.2f} wider",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
