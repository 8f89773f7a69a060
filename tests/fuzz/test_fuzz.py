"""Every reader, fed mutated real files: the only acceptable outcomes are a map or the app's own
MapFileError naming the file. A crash (any other exception), a hang (no answer from the worker
process within HUNG_AFTER seconds: it is killed and replaced) or a dead worker fails the format.

The normal suite runs FUZZ_COUNT (300) inputs per format; ``make fuzz`` runs 5,000 per format
and prints executions, crashes and hangs. The inputs are deterministic (tests/fuzz/mutator.py):
a failure names the format and index that rebuild the input.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ..opener import Opener
from .mutator import FORMATS, inputs

FUZZ_COUNT = int(os.environ.get("FUZZ_COUNT", "300"))
FUZZ_SEED = int(os.environ.get("FUZZ_SEED", "15"))
SHOWN = 5  # failures listed in full; the rest are counted


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_mutated_files_open_or_fail_cleanly(
    opener: Opener, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    counts = {"opened": 0, "refused": 0, "crashed": 0, "hung": 0, "died": 0}
    failures: list[str] = []
    for item in inputs(fmt, FUZZ_COUNT, FUZZ_SEED):
        path = tmp_path / f"fuzz-{item.index}{item.suffix}"
        path.write_bytes(item.data)
        result = opener.attempt(path)
        outcome = result.outcome
        if outcome == "refused" and not result.message.startswith(str(path)):
            outcome = "crashed"  # a refusal must name the file
        counts[outcome] += 1
        if outcome in ("opened", "refused"):
            path.unlink()
        else:
            failures.append(f"{fmt} #{item.index} (from {item.seed}): {result.message[:300]}")
    executions = sum(counts.values())
    crashes = counts["crashed"] + counts["died"]
    if "FUZZ_COUNT" in os.environ:  # `make fuzz`: the figures the README reports
        with capsys.disabled():
            print(
                f"\nfuzz {fmt}: {executions} executions ({counts['opened']} opened, "
                f"{counts['refused']} refused), {crashes} crashes, {counts['hung']} hangs"
            )
    assert executions == FUZZ_COUNT
    shown = "\n".join(failures[:SHOWN])
    more = f"\n... and {len(failures) - SHOWN} more" if len(failures) > SHOWN else ""
    assert not failures, f"{len(failures)} of {executions} inputs failed:\n{shown}{more}"
