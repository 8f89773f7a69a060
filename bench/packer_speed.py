"""Placing concepts a file gave no position: the packer's numpy ring search against its
spot-by-spot search (the packer as it was before: NUMPY_FROM raised past any map), in the
same run.

For each file (every concept's position dropped) and a crowded synthetic case (boxes wishing
for three spots), it lays the concepts out as File > Open does, times the packing alone
(``layout._pack_in_order``, CPU seconds, median of --repeat runs, the two searches alternating)
and checks that both put every concept on the same spot. The files the speed-up was measured on
are big public networks not kept here: Gephi's yeast network (graphology's
src/gexf/test/resources/yeast.gexf, 2,361 concepts: 2.4 s -> 0.8 s CPU on the lab machine)
and Gephi Lite's divided-they-blog GEXF.

    python bench/packer_speed.py [--repeat 3] [FILE ...]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import mapviewer.layout as layout
from mapviewer.layout import Box

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FILES = [REPO / "maps" / "immunotherapy.json", REPO / "maps" / "checkpoints.json"]
NEVER = 10**9  # NUMPY_FROM for every ring spot by spot: the search before numpy


def file_case(path: Path) -> Callable[[], dict[str, tuple[float, float]]]:
    """Lays out ``path`` with no concept placed, as opening it would."""
    from mapviewer.boxes import map_measure  # noqa: PLC0415 - needs the Qt application
    from mapviewer.io.registry import open_map  # noqa: PLC0415

    cmap = open_map(path)
    for node in cmap.nodes:
        node.x = node.y = None
    measure = map_measure(cmap)
    return lambda: layout.unplaced_positions(cmap, measure)


def crowded_case(count: int = 1200) -> Callable[[], dict[str, tuple[float, float]]]:
    """``count`` boxes wishing for three spots: most go many rings out."""
    rng = random.Random(3)
    boxes = [Box(f"n{i}", rng.uniform(60, 190), rng.uniform(38, 80)) for i in range(count)]
    centres = [(0.0, 0.0), (900.0, 40.0), (300.0, -700.0)]
    wishes = [
        (cx + rng.uniform(-30, 30), cy + rng.uniform(-20, 20))
        for cx, cy in (rng.choice(centres) for _ in boxes)
    ]
    return lambda: layout._pack_in_order(boxes, wishes, [], None)


def packing_seconds(run: Callable[[], dict], numpy_from: int) -> tuple[float, dict]:
    """CPU seconds spent in the packer during ``run``, numpy used from ``numpy_from`` boxes."""
    spent = [0.0]
    pack = layout._pack_in_order

    def timed(*args: object) -> dict:
        started = time.process_time()
        try:
            return pack(*args)  # type: ignore[arg-type]
        finally:
            spent[0] += time.process_time() - started

    saved = layout.NUMPY_FROM
    layout.NUMPY_FROM = numpy_from
    layout._pack_in_order = timed  # type: ignore[assignment]
    try:
        started = time.process_time()
        result = run()
        if not spent[0]:  # the crowded case calls the packer itself
            spent[0] = time.process_time() - started
    finally:
        layout.NUMPY_FROM = saved
        layout._pack_in_order = pack
    return spent[0], result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from PySide6.QtGui import QGuiApplication  # noqa: PLC0415 - measuring labels needs it

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - kept alive
    cases = [(p.name, file_case(p)) for p in (args.files or DEFAULT_FILES)]
    cases.append(("crowded synthetic, 1,200 boxes", crowded_case()))
    print(f"{'case':40} {'numpy rings':>12} {'spot by spot':>13} {'ratio':>6}  same spots")
    same_everywhere = True
    for name, run in cases:
        quick, reference = [], []
        same = True
        for _ in range(args.repeat):
            seconds, placed = packing_seconds(run, layout.NUMPY_FROM)
            quick.append(seconds)
            seconds, expected = packing_seconds(run, NEVER)
            reference.append(seconds)
            same = same and placed == expected
        same_everywhere = same_everywhere and same
        new, old = statistics.median(quick), statistics.median(reference)
        ratio = new / old if old else float("nan")
        print(f"{name[:40]:40} {new:11.3f}s {old:12.3f}s {ratio:6.2f}  {'yes' if same else 'NO'}")
    return 0 if same_everywhere else 1


if __name__ == "__main__":
    sys.exit(main())
