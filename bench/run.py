"""The benchmark: time mapviewer on the default map and the synthetic maps, against Graphviz.

For each map it runs `mapviewer --bench MAP` several times (a fresh process each time, so start-up
is included) and `sfdp -Tpng` on the same graph, then prints a table of medians, the ratio to
sfdp measured in the same run, and each budget with PASS or FAIL. Budgets are checked here, not
in unit tests: timings belong to a quiet machine and a report, not to a pass/fail test run.

    python bench/run.py [--runs 5] [--sizes 100,1k,5k,20k,100k] [--json results.json]

The 20k and 100k maps (issue 18's budgets) are compared with an empty window measured in the
same run instead of sfdp, which takes minutes on them: their first frame and full window are
also printed as a ratio to an empty map's, so a run on a busy machine can still be read. The
machine's load (`uptime`) is printed before and after. Start-up is also printed beside a bare
PySide6 window (bench/bare_window.py: QApplication, a QMainWindow shown and painted) measured in
the same run, so what mapviewer adds before its first frame reads as a difference.

Smaller budgets that used to be asserted by tests have their own scripts, each printing its
figures beside a reference measured in the same run: bench/quotes_speed.py (quote and typo
matching against the difflib / pure-Python code rapidfuzz replaced) and bench/io_speed.py
(refusing hostile files and opening the interop corpus, against reading / stdlib parsing), and
bench/paint_speed.py (a repaint at fit, mid-zoom and 100 % and a layout's glide frame, against an
empty map's repaint).
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
    # Issue 18, big graphs.
    ("synthetic-20k", "repaint_fit", 0.033, "20k map: repaint at fit <= 33 ms"),
    ("synthetic-20k", "select_latency", 0.050, "20k map: click-to-select <= 50 ms, fit and zoomed"),
    ("synthetic-20k", "first_frame", 2.5, "20k map: first frame <= 2.5 s"),
    ("synthetic-20k", "zoom_step", 0.050, "20k map: a zoom step near fit <= 50 ms"),
    ("synthetic-100k", "opened", 1, "100k clustered map, 5 % long links: opens, never a crash"),
    ("synthetic-100k", "first_frame", 6.0, "100k map: first frame <= 6 s"),
    ("synthetic-100k", "repaint_fit", 0.050, "100k map: repaint at fit <= 50 ms"),
    ("synthetic-100k", "peak_rss_mb", 1536, "100k map: peak RSS <= 1.5 GB (1,536 MB)"),
    (
        "synthetic-100k-nopos",
        "window_ready",
        60.0,
        "100k map without positions: laid out, drawn and the window idle <= 60 s",
    ),
]


def python() -> str:
    venv = REPO / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def bench_app(path: Path) -> dict:
    """One fresh `mapviewer --bench` process; the clock starts before the process is spawned."""
    return bench_process([python(), "-m", "mapviewer", "--bench", str(path)], str(path))


def bench_bare() -> dict:
    """One fresh bench/bare_window.py process: PySide6 alone showing and painting a window."""
    return bench_process([python(), str(HERE / "bare_window.py")], "bare_window.py")


def bench_process(command: list[str], name: str) -> dict:
    """Run ``command`` with a fresh clock and read the JSON line it prints."""
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
    start = time.perf_counter()
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, check=False, timeout=600
    )
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            whole = time.perf_counter() - start  # the process from spawn to exit
            return json.loads(line) | {"opened": 1, "whole_run": whole}
    # A crash (or a refusal) is a result too: the 100k map's budget is "never a crash".
    print(f"{name} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return {"opened": 0, "returncode": done.returncode}


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
    # The 100k map and its twin without positions come from one generation.
    missing = sorted({"100k" if s == "100k-nopos" else s for s in missing}, key=sizes.index)
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
    if "100k-nopos" in sizes and "100k" not in sizes:
        sizes.append("100k")  # missing_sizes orders by it
    print(f"load before: {load()}")
    missing = missing_sizes(sizes)
    if missing:
        print(f"generating synthetic maps {','.join(missing)} (once)...", file=sys.stderr)
        command = [python(), str(HERE / "generate.py"), "--sizes", ",".join(missing)]
        subprocess.run(command, check=True)
    # Measure the app as installed: with its bytecode compiled, as `make setup` leaves it.
    subprocess.run([python(), "-m", "compileall", "-q", str(REPO / "mapviewer")], check=True)
    empty = OUT / "empty.json"
    write_empty(empty)
    maps = [("empty window", empty), ("immunotherapy", DEFAULT_MAP)]
    maps += [(f"synthetic-{s}", OUT / f"synthetic-{s}.json") for s in sizes]
    if "1k" in sizes:
        maps.append(("synthetic-1k-unplaced", OUT / "synthetic-1k-unplaced.json"))
    # The floor first: PySide6 alone, as many runs as the small maps.
    bare = [r for r in (bench_bare() for _ in range(args.runs)) if r["opened"]]
    reference = median_result(bare) if bare else {}
    print("  measured bare PySide6 window", file=sys.stderr)
    rows = {}
    for name, path in maps:
        big = "20k" in name or "100k" in name
        runs = 1 if "100k" in name else max(1, args.runs // 2) if big else args.runs
        results = [bench_app(path) for _ in range(runs)]
        opened = [r for r in results if r["opened"]]
        if not opened:
            rows[name] = {"opened": 0}
            continue
        result = median_result(opened)
        result["opened"] = int(len(opened) == len(results))
        if name != "empty window" and not big:
            dot = OUT / f"{name}.dot"
            to_dot(path, dot)
            result["sfdp"] = bench_sfdp(dot, runs)
        rows[name] = result
        print(f"  measured {name}", file=sys.stderr)
    print(f"load after: {load()}")
    print_table(rows)
    print_startup(reference, rows)
    failed = check_budgets(rows)
    if args.json:
        rows_out = rows | {"bare PySide6 window": reference}
        args.json.write_text(json.dumps(rows_out, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


def load() -> str:
    """The machine's load averages, as `uptime` prints them: timings are wall clock."""
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])
    except OSError:
        return "unknown"


def write_empty(path: Path) -> None:
    """An empty map: the reference the big maps are compared with in the same run."""
    code = (
        "from mapviewer.io.mapfile import dumps; from mapviewer.model import ConceptMap; "
        "import sys; sys.stdout.write(dumps(ConceptMap(title='Empty')))"
    )
    done = subprocess.run([python(), "-c", code], capture_output=True, text=True, check=True)
    path.write_text(done.stdout, encoding="utf-8")


def print_table(rows: dict) -> None:
    head = (
        f"{'map':24} {'concepts':>8} {'links':>6} {'load':>7} {'layout':>7} {'scene':>7} "
        f"{'1st frame':>9} {'ready':>7} {'fit ms':>7} {'zoom ms':>7} {'(seen)':>6} {'pan ms':>7} "
        f"{'step ms':>7} {'sharp':>7} {'select':>7} {'RSS MB':>7} {'whole':>7} {'sfdp':>7} "
        f"{'vs ref':>12}"
    )
    print(head)
    print("-" * len(head))
    empty = rows.get("empty window", {})
    for name, r in rows.items():
        if not r.get("concepts") and name != "empty window":
            print(f"{name:24} did not open (see above)")
            continue
        sfdp = r.get("sfdp")
        if sfdp:
            ratio, sfdp_text = f"{r['first_frame'] / sfdp:.2f}x sfdp", f"{sfdp:.2f}s"
        elif empty.get("first_frame") and name != "empty window":
            ratio, sfdp_text = f"{r['first_frame'] / empty['first_frame']:.1f}x empty", "-"
        else:
            ratio, sfdp_text = "", "-"
        print(
            f"{name:24} {r['concepts']:>8} {r['links']:>6} {r['load']:>6.3f}s {r['layout']:>6.3f}s "
            f"{r['scene_build']:>6.3f}s {r['first_frame']:>8.3f}s {r['window_ready']:>6.2f}s "
            f"{r['repaint_fit'] * 1000:>7.1f} "
            f"{r['repaint_zoomed'] * 1000:>7.1f} {r['zoomed_concepts']:>6} "
            f"{r.get('pan_frame', 0) * 1000:>7.1f} {r['zoom_step'] * 1000:>7.1f} "
            f"{r['zoom_sharp'] * 1000:>7.1f} {r['select_latency'] * 1000:>7.1f} "
            f"{r['peak_rss_mb']:>7.1f} {r['whole_run']:>6.1f}s {sfdp_text:>7} {ratio:>12}"
        )


def print_startup(reference: dict, rows: dict) -> None:
    """The first frames beside the bare PySide6 window's, measured in the same run: what
    mapviewer adds before it draws, in seconds of the clock and of the process's CPU (the
    second moves less when other work shares the machine)."""
    if not reference.get("first_frame"):
        print("\nstart-up: the bare PySide6 window did not open (see above)")
        return
    print("\nstart-up, beside a bare PySide6 window (QApplication, a QMainWindow shown, painted)")
    print(f"{'':24} {'1st frame':>9} {'added':>7} {'CPU':>7} {'added':>7}")
    floor, floor_cpu = reference["first_frame"], reference.get("first_frame_cpu", 0.0)
    print(f"{'bare PySide6 window':24} {floor:>8.3f}s {'':>7} {floor_cpu:>6.3f}s")
    for name in ("empty window", "immunotherapy"):
        r = rows.get(name, {})
        if not r.get("first_frame"):
            continue
        cpu = r.get("first_frame_cpu", 0.0)
        print(
            f"{name:24} {r['first_frame']:>8.3f}s {r['first_frame'] - floor:>+6.3f}s "
            f"{cpu:>6.3f}s {cpu - floor_cpu:>+6.3f}s"
        )


def check_budgets(rows: dict) -> int:
    print("\nbudgets")
    failed = 0
    for name, metric, limit, text in BUDGETS:
        row = rows.get(name)
        if row is None:
            continue
        if metric != "opened" and not row.get("opened"):
            print(f"  FAIL  {text}: the map did not open")
            failed += 1
            continue
        if metric.endswith("/sfdp"):
            if not row.get("sfdp"):
                print(f"  SKIP  {text} (graphviz not installed: apt-get install graphviz)")
                continue
            value = row[metric.split("/")[0]] / row["sfdp"]
            shown = f"{value:.2f}x"
        elif metric == "opened":
            ok = bool(row.get("opened"))
            failed += not ok
            print(f"  {'PASS' if ok else 'FAIL'}  {text}: {'opened' if ok else 'crashed'}")
            continue
        else:
            value = row[metric]
            shown = (
                f"{value * 1000:.1f} ms" if value < 1 and "rss" not in metric else f"{value:.2f}"
            )
            empty = rows.get("empty window", {}).get(metric)
            if empty and name != "empty window" and metric in ("first_frame", "window_ready"):
                shown += f" (empty window {empty:.2f} s in this run: {value / empty:.1f}x)"
        ok = value <= limit
        failed += not ok
        print(f"  {'PASS' if ok else 'FAIL'}  {text}: {shown}")
    return failed


if __name__ == "__main__":
    sys.exit(main())
