"""How few crossings a map's links could have at all: a floor for bench/layout_quality.py.

    pip install ogdf-py   # MIT bindings of OGDF (GPL); only this tool needs it
    .venv/bin/python tools/crossing_floor.py maps/immunotherapy.json --restarts 20

Why. Issue 14 asks the default map for at most 1.2 crossings per link, straight links clipped
to boxes. Before another night of annealing, it helps to know what the graph allows when
nothing else is asked: OGDF's planarization heuristic (SubgraphPlanarizer: the largest planar
subgraph it finds, then each remaining link inserted across the fewest links) draws links as
curves through any face, ignoring boxes, frames, tours and where the root sits. A straight-line
drawing with those demands can only do worse, so if this count is near the goal, the goal is out
of reach for any arrangement of the map. Frames are left out of the graph (they are drawn
behind their members, not linked); a pair linked both ways counts once, as on the bench.

`--draw OUT.svg` goes one step further and draws that planarization: OGDF's PlanarizationLayout
with its orthogonal layouter, every concept at the size the canvas gives its box plus the 12 units
tests/test_map_layout.py keeps between boxes. It prints what the drawing costs beside its
crossings (its size, the label height at fit on a full-HD screen, how much longer its links are
than straight ones), so that the one drawing that gets under the goal can be judged as a map.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path
from typing import Any

from mapviewer.io.registry import open_map


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("map", type=Path)
    parser.add_argument("--restarts", type=int, default=5, help="edge-insertion restarts")
    parser.add_argument("--seeds", type=int, default=10, help="runs, the best kept")
    parser.add_argument("--draw", type=Path, help="also draw it orthogonally, to this SVG")
    parser.add_argument("--separation", type=float, default=40.0, help="between parallel lines")
    args = parser.parse_args(argv)
    try:
        import ogdf  # noqa: PLC0415 - a tool-only dependency
    except ImportError as error:
        message = "tools/crossing_floor.py needs ogdf-py: .venv/bin/pip install ogdf-py"
        raise SystemExit(message) from error

    cmap = open_map(args.map)
    frames = {node.parent for node in cmap.nodes if node.parent}
    graph = ogdf.Graph()
    vertex = {node.id: graph.new_node() for node in cmap.nodes if node.id not in frames}
    pairs = {
        frozenset((edge.source, edge.target))
        for edge in cmap.edges
        if edge.source != edge.target and edge.source in vertex and edge.target in vertex
    }
    for pair in sorted(tuple(sorted(p)) for p in pairs):
        graph.new_edge(vertex[pair[0]], vertex[pair[1]])
    links = graph.number_of_edges()
    left_out = len(ogdf.maximal_planar_subgraph(graph))
    counts = []
    for seed in range(1, args.seeds + 1):  # the heuristic is randomised: seeded, reproducible
        ogdf.seed_random_engine(seed)
        counts.append(ogdf.crossing_number(graph, args.restarts))
    floor = min(counts)
    print(f"{args.map.name}: {graph.number_of_nodes()} concepts, {links} linked pairs")
    print(f"  outside the largest planar subgraph found: {left_out} links")
    print(f"  crossings, curved links and nothing else asked: {floor} ({floor / links:.2f} a link)")
    print(f"  over {len(counts)} seeds: {min(counts)}-{max(counts)}")
    if args.draw:
        draw(ogdf, args.map, args.draw, args.separation)
    return 0


BOX_GAP = 12.0  # tests/test_map_layout.py: free space between two concept boxes
FULL_HD = (1920, 1080)


def draw(ogdf: Any, path: Path, out: Path, separation: float) -> None:
    """Draw the map with OGDF's orthogonal planarization at the canvas's box sizes, and print
    what a reader of it would pay for its crossings."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from mapviewer.app import make_application  # noqa: PLC0415 - Qt only for box sizes
    from mapviewer.arrange import frames, layout_input  # noqa: PLC0415
    from mapviewer.document import Document  # noqa: PLC0415
    from mapviewer.scene.mapscene import MapScene  # noqa: PLC0415

    app = make_application([])
    scene = MapScene(Document(open_map(path), path.resolve()))
    boxes, links = layout_input(scene)
    left_out = frames(scene.document.nodes.values())
    boxes = [b for b in boxes if b.id not in left_out]
    graph = ogdf.Graph()
    vertex = {b.id: graph.new_node() for b in boxes}
    pairs = {
        tuple(sorted((link.source, link.target)))
        for link in links
        if link.source != link.target and link.source in vertex and link.target in vertex
    }
    for a, b in sorted(pairs):
        graph.new_edge(vertex[a], vertex[b])
    drawing = ogdf.GraphAttributes(graph, ogdf.ALL_ATTRIBUTES)
    for box in boxes:
        drawing.set_width(vertex[box.id], box.width + BOX_GAP)
        drawing.set_height(vertex[box.id], box.height + BOX_GAP)
    layout = ogdf.PlanarizationLayout()
    layout.use_orthogonal_layout(separation)
    with ogdf.seeded(1):
        layout.call(drawing)
    metrics = ogdf.drawing_metrics(drawing)
    width, height = metrics["width"], metrics["height"]
    fit = min(FULL_HD[0] / width, FULL_HD[1] / height)
    font_px = scene.theme.node_font.pointSizeF() * 96 / 72 * fit
    ends = [(e.source, e.target) for e in graph.edges()]
    centre = [((drawing.x(a), drawing.y(a)), (drawing.x(b), drawing.y(b))) for a, b in ends]
    straight = [math.dist(p, q) for p, q in centre]
    drawn = ogdf.edge_lengths(drawing)
    ratios = sorted(d / max(s, 1.0) for d, s in zip(drawn, straight, strict=True))
    crossings = metrics["crossings"]
    print(f"  drawn orthogonally: {crossings} crossings ({crossings / len(pairs):.2f} a link)")
    overlaps = metrics["node_overlap_pairs"]
    print(f"    {overlaps} overlapping boxes (with their {BOX_GAP:g}-unit gap)")
    print(f"    {width:,.0f} x {height:,.0f} units, width/height {width / height:.2f}")
    print(f"    labels {font_px:.1f} px tall at fit on {FULL_HD[0]}x{FULL_HD[1]}")
    print(
        f"    links {sum(drawn) / sum(straight):.2f}x their straight length in all,"
        f" {sum(r > 2 for r in ratios)} over 2x, the longest {ratios[-1]:.1f}x"
    )
    ogdf.write(drawing, str(out))
    print(f"    drawn to {out}")
    del scene, app


if __name__ == "__main__":
    sys.exit(main())
