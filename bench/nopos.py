"""Maps for timing File > Open of big files: a 100k-concept map without positions (native JSON)
and a GraphML export of a placed synthetic map (about 29 MB at 20k concepts, the size of the
import that froze the window in issue 18).

Concepts and links come from bench/generate.py's generator (preferential-attachment tree plus
0.4*N extra links: 100k concepts, ~140k links); no x/y is written, so the app lays them out.

    python bench/nopos.py [--out bench/out] [--count 100000] [--graphml-count 20000]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import generate, source_text
from mapviewer.io.mapfile import dumps
from mapviewer.io.registry import save_map


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--graphml-count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    sentences = source_text(random.Random(args.seed))
    (args.out / "synthetic-source.txt").write_text("\n".join(sentences) + "\n", encoding="utf-8")
    cmap = generate(args.count, args.seed, sentences, "synthetic-source.txt")
    path = args.out / f"nopos-{args.count // 1000}k.json"
    path.write_text(dumps(cmap), encoding="utf-8")
    print(f"wrote {path} ({len(cmap.nodes)} concepts, {len(cmap.edges)} links, no positions)")
    if args.graphml_count:
        small = generate(args.graphml_count, args.seed, sentences, "synthetic-source.txt")
        for index, node in enumerate(small.nodes):  # a grid: placed, as another tool saves it
            node.x, node.y = (index % 150) * 220.0, (index // 150) * 110.0
        target = args.out / f"big-{args.graphml_count // 1000}k.graphml"
        save_map(small, target)
        size = target.stat().st_size / 1e6
        print(f"wrote {target} ({len(small.nodes)} concepts, {size:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
