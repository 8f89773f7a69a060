"""Opening hostile and real-world files: how long each takes, beside reading the same file.

The budgets here used to be asserted by the tests (tests/io/test_hostile.py: every refusal
within 1 s and each fuzzed file within 2 s; tests/io/test_interop_corpus.py: each corpus file
within 2 s). The tests now check only that each file is opened or refused, in a worker that
fails a file as hung after a minute; the speed is measured here, on a quiet machine, next to a
reference taken in the same run: reading the file's bytes (hostile files, which the standard
parsers must not be given) or parsing it with the standard library's json / ElementTree (the
corpus, which is benign).

    python bench/io_speed.py [--repeat 3] [--interop ../shared/interop] [--fuzz 100]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mapviewer.io.registry import open_map
from mapviewer.problems import MapFileError
from tests.fuzz.mutator import FORMATS, inputs
from tests.io.test_hostile import (
    DEEP_JSON,
    DEEP_XML,
    JSON_SUFFIXES,
    ROOTS,
    WRONG_CONTENT,
    XML_ATTACKS,
)

REPO = Path(__file__).resolve().parent.parent
BUDGETS = {"hostile": 1.0, "fuzzed": 2.0, "corpus": 2.0}  # seconds for the slowest file


def hostile_files(folder: Path) -> list[Path]:
    """The hand-made hostile files of tests/io/test_hostile.py, written into ``folder``."""
    files: dict[str, str | bytes] = {}
    for attack, content in XML_ATTACKS:
        for suffix, root in ROOTS.items():
            files[f"{attack}{suffix}"] = content.replace("ROOT", root)
    for suffix in JSON_SUFFIXES:
        files[f"deep{suffix}"] = '{"elements": ' + DEEP_JSON + "}"
        files[f"empty{suffix}"] = ""
    files["deep.graphml"] = f"<graphml>{DEEP_XML}</graphml>"
    for name, content, _message in WRONG_CONTENT:
        files[name] = content
    paths = []
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        paths.append(path)
    return paths


def fuzzed_files(folder: Path, count: int) -> list[Path]:
    """``count`` inputs per format of the suite's fuzzer (tests/fuzz/mutator.py, same seed),
    written into ``folder``."""
    folder.mkdir()
    paths = []
    for fmt in sorted(FORMATS):
        for item in inputs(fmt, count):
            path = folder / f"{fmt}-{item.index}{item.suffix}"
            path.write_bytes(item.data)
            paths.append(path)
    return paths


def best_time(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return min(times)


def open_or_refuse(path: Path) -> None:
    with contextlib.suppress(MapFileError):
        open_map(path)


def stdlib_parse(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix in {".cxl", ".graphml", ".gexf", ".xml"}:
        ET.fromstring(data)  # the corpus is benign; hostile files never get here
    else:
        json.loads(data)


def measure(
    group: str, paths: list[Path], reference: Callable[[Path], object], repeat: int
) -> tuple[float, str]:
    """Print a group's figures; return its slowest opening time and that file's name."""
    opened = {p: best_time(lambda p=p: open_or_refuse(p), repeat) for p in paths}
    refs = {p: best_time(lambda p=p: reference(p), repeat) for p in paths}
    worst = max(opened, key=opened.__getitem__)
    median = statistics.median(opened.values())
    print(
        f"  {group:8} {len(paths):>5} files  median {median * 1000:8.2f} ms  "
        f"slowest {opened[worst] * 1000:8.2f} ms ({worst.name}; "
        f"reference {refs[worst] * 1000:.2f} ms)  total {sum(opened.values()):.2f} s "
        f"vs reference {sum(refs.values()):.3f} s"
    )
    return opened[worst], worst.name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="best of this many timings")
    parser.add_argument("--interop", type=Path, default=REPO.parent / "shared" / "interop")
    parser.add_argument("--fuzz", type=int, default=100, help="fuzzed inputs per format")
    args = parser.parse_args()
    results: dict[str, tuple[float, str]] = {}
    print(f"opening files (best of {args.repeat}); reference measured in the same run")
    with tempfile.TemporaryDirectory() as folder:
        hostile = hostile_files(Path(folder))
        read = Path.read_bytes
        results["hostile"] = measure("hostile", hostile, read, args.repeat)
        fuzzed = fuzzed_files(Path(folder) / "fuzz", args.fuzz)
        results["fuzzed"] = measure("fuzzed", fuzzed, read, 1)
    corpus = sorted(p for p in args.interop.rglob("*") if p.is_file() and p.suffix != ".md")
    if corpus:
        results["corpus"] = measure("corpus", corpus, stdlib_parse, args.repeat)
    else:
        print(f"  corpus: {args.interop} is absent; skipped")
    print("\nbudgets")
    failed = 0
    for group, (seconds, name) in results.items():
        ok = seconds <= BUDGETS[group]
        failed += not ok
        print(
            f"  {'PASS' if ok else 'FAIL'}  every {group} file opened or refused within "
            f"{BUDGETS[group]:.0f} s: slowest {seconds * 1000:.1f} ms ({name})"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
