"""bench/layout_quality.py names each map's size as the window's status line does."""

from __future__ import annotations

import sys

import pytest

from .conftest import DATA, REPO

sys.path.insert(0, str(REPO / "bench"))
import layout_quality


def test_the_layout_bench_counts_a_maps_frames_as_groups_not_concepts(
    qtbot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The bench printed "immunotherapy.json: 174 concepts, 299 links" where the window says
    161 concepts, 13 groups: frames were counted as concepts. A map of 7 concepts in 2 groups
    now reads "7 concepts, 2 groups, 4 links", its figures unchanged."""
    args = ["layout_quality.py", "--sizes", "", "--maps", str(DATA / "groups.json")]
    monkeypatch.setattr(sys, "argv", [*args, "--no-graphviz"])
    assert layout_quality.main() == 0
    lines = capsys.readouterr().out.splitlines()
    assert "groups.json: 7 concepts, 2 groups, 4 links" in lines
    assert any(line.split()[:2] == ["stored", "positions"] for line in lines)
