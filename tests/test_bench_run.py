"""The benchmark script generates only the synthetic maps it lacks (20k takes minutes)."""

from __future__ import annotations

import sys

import pytest

from .conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import run


class DecidedError(Exception):
    """Stops main() once it has decided what to generate."""


def commands_before_measuring(monkeypatch, tmp_path, present: list[str], sizes: str) -> list:
    for name in present:
        (tmp_path / name).write_text("{}", encoding="utf-8")
    calls: list[list[str]] = []

    def fake_run(command, **_):
        calls.append([str(c) for c in command])
        if "compileall" in command:  # generation is decided before this: stop here
            raise DecidedError

    monkeypatch.setattr(run, "OUT", tmp_path)
    monkeypatch.setattr(run.subprocess, "run", fake_run)
    monkeypatch.setattr(sys, "argv", ["run.py", "--sizes", sizes])
    with pytest.raises(DecidedError):
        run.main()
    return [c[c.index("--sizes") + 1] for c in calls if "--sizes" in c]


def test_sizes_without_1k_do_not_regenerate_for_the_unplaced_1k_map(monkeypatch, tmp_path):
    assert commands_before_measuring(monkeypatch, tmp_path, ["synthetic-5k.json"], "5k") == []


def test_only_the_missing_sizes_are_generated(monkeypatch, tmp_path):
    present = ["synthetic-1k.json", "synthetic-1k-unplaced.json"]
    assert commands_before_measuring(monkeypatch, tmp_path, present, "1k,5k") == ["5k"]


def test_a_missing_unplaced_1k_map_regenerates_1k(monkeypatch, tmp_path):
    present = ["synthetic-1k.json", "synthetic-5k.json"]
    assert commands_before_measuring(monkeypatch, tmp_path, present, "1k,5k") == ["1k"]


def test_the_opening_benchmark_still_finds_its_files(tmp_path):
    """bench/io_speed.py imported names tests/io/test_hostile.py no longer had (the fuzzer
    moved to tests/fuzz) and stopped with an ImportError before measuring anything."""
    import io_speed  # noqa: PLC0415 - bench/ is on the path above

    hostile = io_speed.hostile_files(tmp_path)
    fuzzed = io_speed.fuzzed_files(tmp_path / "fuzz", 2)
    assert len(hostile) > 20 and all(p.exists() for p in hostile)
    assert len(fuzzed) == 2 * len(io_speed.FORMATS) and all(p.stat().st_size > 0 for p in fuzzed)
