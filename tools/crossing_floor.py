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
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mapviewer.io.registry import open_map


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("map", type=Path)
    parser.add_argument("--restarts", type=int, default=5, help="edge-insertion restarts")
    parser.add_argument("--seeds", type=int, default=10, help="runs, the best kept")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
