"""How readable the app's layouts are, beside Graphviz's on the same boxes, and how fast.

For each map (the shipped maps/*.json and the synthetic 100 / 1k / 5k maps that bench/generate.py
makes) it builds the app's scene offscreen, so every concept box and linking-phrase box has the
size the canvas draws, lays the map out with each method and prints, per layout: crossings (and
per link), links passing under an unrelated box, overlapping boxes, linking phrases that overlap
a box or another phrase, the spread of link lengths (std / mean), the area against the boxes'
own area, and the time. Every figure comes from mapviewer.layout.quality, the code the tests use.

Graphviz's dot, neato and sfdp (-Goverlap=prism) get the same graph with the same box sizes
(fixedsize boxes, inches at 72 dpi) and are scored the same way; their time is the wall time of
the `-Tplain` run. The budgets (issue 14) are printed as PASS / FAIL against the Graphviz figures
measured in the same run, never asserted in tests:

- layered: fewer crossings than dot and fewer links under boxes;
- organic: fewer crossings than sfdp -Goverlap=prism;
- both: 0 overlapping boxes and 0 phrase collisions, and the 1k map laid out in <= 0.3x the time
  of `sfdp -Goverlap=prism -Tpng` on it;
- the default map's stored positions: <= 1.2 crossings per link, <= 8 links under boxes, 0
  overlapping boxes and 0 covered phrases (printed whether or not Graphviz is there).

    python bench/layout_quality.py [--sizes 100,1k,5k] [--maps maps/a.json,...] [--no-graphviz]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from mapviewer.app import make_application  # noqa: E402 - after the path is set
from mapviewer.arrange import frames, layout_input  # noqa: E402
from mapviewer.convert import counts_line  # noqa: E402
from mapviewer.document import Document  # noqa: E402
from mapviewer.io.registry import open_map  # noqa: E402
from mapviewer.layout import METHODS, Box  # noqa: E402
from mapviewer.layout.quality import Link, Quality, fmt_area, measure  # noqa: E402
from mapviewer.paths import DEFAULT_MAP  # noqa: E402
from mapviewer.scene.mapscene import MapScene  # noqa: E402

ENGINES = (("dot", []), ("neato", ["-Goverlap=prism"]), ("sfdp", ["-Goverlap=prism"]))
SPEED_BUDGET = 0.3  # of sfdp -Goverlap=prism -Tpng on the 1k map
# Issue 14, item 9: the default map's stored positions.
STORED_BUDGET = {"crossings per link": 1.2, "links under boxes": 8, "overlaps": 0, "phrases": 0}


def to_dot(boxes: list[Box], links: list[Link]) -> str:
    """The graph for Graphviz: unlabelled fixed-size boxes (inches, 72 dpi) and plain arrows."""
    lines = ["digraph map {", 'node [shape=box, fixedsize=true, label=""];']
    index = {b.id: i for i, b in enumerate(boxes)}
    lines += [
        f"n{i} [width={b.width / 72:.4f}, height={b.height / 72:.4f}];" for i, b in enumerate(boxes)
    ]
    lines += [
        f"n{index[ln.source]} -> n{index[ln.target]};"
        for ln in links
        if ln.source in index and ln.target in index
    ]
    lines.append("}")
    return "\n".join(lines)


def run_graphviz(engine: str, flags: list[str], dot: Path, boxes: list[Box]):
    """(positions in scene units, seconds) from `ENGINE -Tplain`; y grows downward as on the
    canvas."""
    start = time.perf_counter()
    done = subprocess.run(
        [engine, *flags, "-Tplain", str(dot)], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - start
    positions = {}
    for line in done.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] == "node":
            i = int(parts[1][1:])
            positions[boxes[i].id] = (float(parts[2]) * 72, -float(parts[3]) * 72)
    return positions, seconds


def png_time(engine: str, flags: list[str], dot: Path) -> float:
    start = time.perf_counter()
    subprocess.run([engine, *flags, "-Tpng", "-o", os.devnull, str(dot)], check=True)
    return time.perf_counter() - start


def row(name: str, q: Quality, seconds: float | None) -> str:
    time_text = f"{seconds:8.3f}s" if seconds is not None else f"{'':9}"
    return (
        f"  {name:22} {q.crossings:>9} {q.crossings_per_link:>7.2f} {q.through:>8} "
        f"{q.overlaps:>8} {q.phrase_collisions:>8} {q.length_spread:>7.2f} "
        f"{fmt_area(q.area):>7} {q.area / max(q.box_area, 1):>6.1f}x {time_text}"
    )


HEAD = (
    f"  {'layout':22} {'crossings':>9} {'/link':>7} {'under':>8} {'overlaps':>8} {'phrases':>8} "
    f"{'spread':>7} {'area':>7} {'/boxes':>7} {'time':>9}"
)


def bench_map(path: Path, graphviz: bool) -> dict[str, tuple[Quality, float | None]]:
    cmap = open_map(path)
    scene = MapScene(Document(cmap, path.resolve()))
    boxes, links = layout_input(scene)
    # A group's frame is drawn behind its members, not as a box among them (and carries no
    # links here): every layout is scored on the boxes; tests/test_map_layout.py checks that
    # frames hold only their members.
    drawn_as_frames = frames(cmap.nodes)
    boxes = [b for b in boxes if b.id not in drawn_as_frames]
    sizes = {b.id: (b.width, b.height) for b in boxes}
    results: dict[str, tuple[Quality, float | None]] = {}
    stored = {n.id: (n.x, n.y) for n in cmap.nodes if n.x is not None and n.y is not None}
    if all(b.id in stored for b in boxes):
        results["stored positions"] = (measure(sizes, stored, links), None)
    for key, (_, method) in METHODS.items():
        start = time.perf_counter()
        positions = method(boxes, links, None)
        seconds = time.perf_counter() - start
        results[key] = (measure(sizes, positions, links), seconds)
    if graphviz:
        dot = OUT / f"{path.stem}.layout.dot"
        dot.write_text(to_dot(boxes, links), encoding="utf-8")
        for engine, flags in ENGINES:
            positions, seconds = run_graphviz(engine, flags, dot, boxes)
            label = engine + (" -Goverlap=prism" if flags else "")
            results[label] = (measure(sizes, positions, links), seconds)
        if path.stem == "synthetic-1k":
            results["sfdp -Tpng (1k budget)"] = (results["sfdp -Goverlap=prism"][0], None)
            results["_sfdp_png"] = (
                results["sfdp -Goverlap=prism"][0],
                png_time("sfdp", ["-Goverlap=prism"], dot),
            )
    del scene
    return results


def stored_budgets(
    name: str, results: dict[str, tuple[Quality, float | None]]
) -> list[tuple[bool, str]]:
    """The default map's own goal, on its stored positions (no Graphviz needed)."""
    stored = results.get("stored positions")
    if name != DEFAULT_MAP.stem or stored is None:
        return []
    q = stored[0]
    figures = {
        "crossings per link": q.crossings_per_link,
        "links under boxes": q.through,
        "overlaps": q.overlaps,
        "phrases": q.phrase_collisions,
    }
    return [
        (figures[key] <= limit, f"{name}: stored positions, {key} {figures[key]:.3g} <= {limit:g}")
        for key, limit in STORED_BUDGET.items()
    ]


def budgets(name: str, results: dict[str, tuple[Quality, float | None]]) -> list[tuple[bool, str]]:
    checks: list[tuple[bool, str]] = []
    layered, organic = results["layered"][0], results["organic"][0]
    for key, q in (("layered", layered), ("organic", organic)):
        checks.append((q.overlaps == 0, f"{key}: 0 overlapping boxes ({q.overlaps})"))
        checks.append(
            (q.phrase_collisions == 0, f"{key}: 0 phrase collisions ({q.phrase_collisions})")
        )
    dot = results.get("dot")
    if dot is not None:
        d = dot[0]
        checks.append(
            (
                layered.crossings < d.crossings,
                f"layered crossings {layered.crossings} < dot {d.crossings}",
            )
        )
        checks.append(
            (
                layered.through < d.through,
                f"layered links under boxes {layered.through} < dot {d.through}",
            )
        )
    sfdp = results.get("sfdp -Goverlap=prism")
    if sfdp is not None:
        s = sfdp[0]
        checks.append(
            (
                organic.crossings < s.crossings,
                f"organic crossings {organic.crossings} < sfdp -Goverlap=prism {s.crossings}",
            )
        )
    png = results.get("_sfdp_png")
    if png is not None and png[1]:
        for key in ("layered", "organic"):
            seconds = results[key][1] or 0.0
            ratio = seconds / png[1]
            checks.append(
                (
                    ratio <= SPEED_BUDGET,
                    f"{key} on the 1k map: {seconds:.3f} s = {ratio:.2f}x sfdp -Goverlap=prism "
                    f"-Tpng ({png[1]:.3f} s), budget {SPEED_BUDGET}x",
                )
            )
    return [(ok, f"{name}: {text}") for ok, text in checks]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1k,5k", help="synthetic maps ('' for none)")
    parser.add_argument("--maps", help="comma-separated map files (default: maps/*.json)")
    parser.add_argument("--no-graphviz", action="store_true")
    args = parser.parse_args()
    graphviz = not args.no_graphviz and all(shutil.which(e) for e, _ in ENGINES)
    if not graphviz and not args.no_graphviz:
        print(
            "Graphviz not found (apt-get install graphviz): its rows are left out", file=sys.stderr
        )
    sizes = [s for s in args.sizes.split(",") if s]
    missing = [s for s in sizes if not (OUT / f"synthetic-{s}.json").exists()]
    if missing:
        print(f"generating synthetic maps {','.join(missing)} (once)...", file=sys.stderr)
        script = [sys.executable, str(HERE / "generate.py"), "--sizes", ",".join(missing)]
        subprocess.run(script, check=True)
    OUT.mkdir(exist_ok=True)
    paths = (
        [Path(p) for p in args.maps.split(",")]
        if args.maps
        else sorted((REPO / "maps").glob("*.json"))
    )
    paths += [OUT / f"synthetic-{s}.json" for s in sizes]
    app = make_application([])
    checks: list[tuple[bool, str]] = []
    for path in paths:
        results = bench_map(path, graphviz)
        q0 = next(iter(results.values()))[0]
        # Counted as the window's status line counts them: a theme frame is a group.
        print(f"\n{path.name}: {counts_line(open_map(path).nodes, q0.links)}")
        print(HEAD)
        for name, (q, seconds) in results.items():
            if not name.startswith("_") and "budget" not in name:
                print(row(name, q, seconds))
        checks += stored_budgets(path.stem, results)
        if graphviz:
            checks += budgets(path.stem, results)
    if checks:
        print("\nbudgets (against Graphviz measured in this run, and the default map's own)")
        for ok, text in checks:
            print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    del app
    return 1 if any(not ok for ok, _ in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
