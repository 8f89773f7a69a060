"""The benchmark: time mapviewer on the default map and the synthetic maps, against Graphviz.

For each map it runs `mapviewer --bench MAP` several times (a fresh process each time, so start-up
is included) and `sfdp -Tpng` on the same graph, then prints a table of medians, the ratio to
sfdp measured in the same run, and each budget with PASS or FAIL. Budgets are checked here, not
in unit tests: timings belong to a quiet machine and a report, not to a pass/fail test run.

    python bench/run.py [--runs 5] [--sizes 100,1k,5k,20k] [--json results.json]

Smaller budgets that used to be asserted by tests have their own scripts, each printing its
figures beside a reference measured in the same run: bench/quotes_speed.py (quote and typo
matching against the difflib / pure-Python code rapidfuzz replaced) and bench/io_speed.py
(refusing hostile files and opening the interop corpus, against reading / stdlib parsing).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
DEFAULT_MAP = REPO / "maps" / "immunotherapy.json"

# (map name, metric, limit, what it means); "sfdp" limits are ratios to sfdp -Tpng.
BUDGETS = [
    ("immunotherapy", "first_frame", 0.30, "first frame of the default map <= 0.30 s"),
    ("immunotherapy", "first_frame/sfdp", 1.0, "first frame of the default map <= 1.0x sfdp -Tpng"),
    ("synthetic-1k", "first_frame", 0.35, "1k map with stored positions: first frame <= 0.35 s"),
    ("synthetic-1k", "peak_rss_mb", 110, "1k map: peak RSS <= 110 MB"),
    ("synthetic-5k", "repaint_zoomed", 0.016, "5k map: repaint at working zoom <= 16 ms"),
    ("synthetic-5k", "repaint_fit", 0.033, "5k map: repaint at fit <= 33 ms (50 ms in issue 3)"),
    ("synthetic-20k", "pan_frame", 0.050, "20k map: opens, and a pan frame takes <= 50 ms"),
]


def python() -> str:
    venv = REPO / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def bench_app(path: Path) -> dict:
    """One fresh `mapviewer --bench` process; the clock starts before the process is spawned."""
    # A settings folder of its own: a person's saved window size must not change the figures.
    settings = OUT / "settings"
    shutil.rmtree(settings, ignore_errors=True)
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        MAPVIEWER_SETTINGS_DIR=str(settings),
        XDG_DATA_HOME=str(settings / "data"),
        MAPVIEWER_T0=repr(time.time()),
    )
    env.pop("DISPLAY", None)
    done = subprocess.run(
        [python(), "-m", "mapviewer", "--bench", str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"mapviewer --bench {path} printed no result:\n{done.stderr[-2000:]}")


def to_dot(path: Path, dot: Path) -> None:
    """The same graph for Graphviz: labelled boxes and labelled arrows."""
    data = json.loads(path.read_text(encoding="utf-8"))

    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'

    lines = ["digraph map {", "node [shape=box, style=rounded];"]
    lines += [f"{q(n['id'])} [label={q(n['label'])}];" for n in data["nodes"]]
    lines += [
        f"{q(e['source'])} -> {q(e['target'])} [label={q(e.get('label', ''))}];"
        for e in data["edges"]
    ]
    lines.append("}")
    dot.write_text("\n".join(lines), encoding="utf-8")


def bench_sfdp(dot: Path, runs: int) -> float | None:
    sfdp = shutil.which("sfdp")
    if sfdp is None:
        return None
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sfdp, "-Tpng", "-o", os.devnull, str(dot)],
            capture_output=True,
            check=False,
            timeout=900,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_result(results: list[dict]) -> dict:
    merged = dict(results[0])
    for key, value in results[0].items():
        if isinstance(value, int | float):
            middle = statistics.median(r[key] for r in results)
            # An even number of runs averages the middle two: counts must stay whole.
            merged[key] = round(middle) if isinstance(value, int) else middle
    return merged


def missing_sizes(sizes: list[str]) -> list[str]:
    """The sizes whose maps are not generated yet. Generating 20k takes minutes, so a run that
    asks for other sizes never regenerates it; the unplaced 1k map matters only when 1k is
    asked for (generate.py writes it with 1k)."""
    missing = [s for s in sizes if not (OUT / f"synthetic-{s}.json").exists()]
    unplaced = OUT / "synthetic-1k-unplaced.json"
    if "1k" in sizes and "1k" not in missing and not unplaced.exists():
        missing.append("1k")
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="100,1k,5k,20k")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    sizes = args.sizes.split(",")
    missing = missing_sizes(sizes)
    if missing:
        print(f"generating synthetic maps {','.join(missing)} (once)...", file=sys.stderr)
        command = [python(), str(HERE / "generate.py"), "--sizes", ",".join(missing)]
        subprocess.run(command, check=True)
    # Measure the app as installed: with its bytecode compiled, as `make setup` leaves it.
    subprocess.run([python(), "-m", "compileall", "-q", str(REPO / "mapviewer")], check=True)
    maps = [("immunotherapy", DEFAULT_MAP)]
    maps += [(f"synthetic-{s}", OUT / f"synthetic-{s}.json") for s in sizes]
    if "1k" in sizes:
        maps.append(("synthetic-1k-unplaced", OUT / "synthetic-1k-unplaced.json"))
    rows = {}
    for name, path in maps:
        runs = args.runs if "20k" not in name else max(1, args.runs // 2)
        result = median_result([bench_app(path) for _ in range(runs)])
        dot = OUT / f"{name}.dot"
        to_dot(path, dot)
        result["sfdp"] = bench_sfdp(dot, runs if "20k" not in name else 1)
        rows[name] = result
        print(f"  measured {name}", file=sys.stderr)
    print_table(rows)
    failed = check_budgets(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


def print_table(rows: dict) -> None:
    head = (
        f"{'map':24} {'concepts':>8} {'links':>6} {'load':>7} {'layout':>7} {'scene':>7} "
        f"{'1st frame':>9} {'fit ms':>7} {'zoom ms':>7} {'(seen)':>6} {'pan ms':>7} {'RSS MB':>7} "
        f"{'sfdp':>7} {'vs sfdp':>7}"
    )
    print(head)
    print("-" * len(head))
    for name, r in rows.items():
        sfdp = r.get("sfdp")
        ratio = f"{r['first_frame'] / sfdp:.2f}x" if sfdp else "n/a"
        sfdp_text = f"{sfdp:.2f}s" if sfdp else "absent"
        print(
            f"{name:24} {r['concepts']:>8} {r['links']:>6} {r['load']:>6.3f}s {r['layout']:>6.3f}s "
            f"{r['scene_build']:>6.3f}s {r['first_frame']:>8.3f}s {r['repaint_fit'] * 1000:>7.1f} "
            f"{r['repaint_zoomed'] * 1000:>7.1f} {r['zoomed_concepts']:>6} "
            f"{r.get('pan_frame', 0) * 1000:>7.1f} "
            f"{r['peak_rss_mb']:>7.1f} {sfdp_text:>7} {ratio:>7}"
        )


def check_budgets(rows: dict) -> int:
    print("\nbudgets")
    failed = 0
    for name, metric, limit, text in BUDGETS:
        row = rows.get(name)
        if row is None:
            continue
        if metric.endswith("/sfdp"):
            if not row.get("sfdp"):
                print(f"  SKIP  {text} (graphviz not installed: apt-get install graphviz)")
                continue
            value = row[metric.split("/")[0]] / row["sfdp"]
            shown = f"{value:.2f}x"
        else:
            value = row[metric]
            shown = (
                f"{value * 1000:.1f} ms" if value < 1 and "rss" not in metric else f"{value:.2f}"
            )
        ok = value <= limit
        failed += not ok
        print(f"  {'PASS' if ok else 'FAIL'}  {text}: {shown}")
    return failed


if __name__ == "__main__":
    sys.exit(main())
