"""Real files from other tools found on GitHub (tests/data/interop-extra/SOURCES.md) open as
their tools draw them, and keep what they showed through Save and reopen."""

from __future__ import annotations

from pathlib import Path

from mapviewer.io.registry import open_map

from ..conftest import DATA
from .util import drawn_look, round_trip

EXTRA = DATA / "interop-extra"
GRAPHML_PRIMER = EXTRA / "graphology-attributes.graphml"


def test_the_graphml_primers_colour_names_open_in_their_colours(qapp, tmp_path: Path) -> None:
    """The GraphML primer's example (copied by graphology and networkx) colours its nodes with
    a plain ``color`` key by CSS name, "yellow" by default: all six had opened grey, the names
    dropped as "not a colour", and were lost on Save."""
    cmap = open_map(GRAPHML_PRIMER)
    want = {
        "n0": "#008000",  # green
        "n1": "#FFFF00",  # yellow, the key's default
        "n2": "#0000FF",  # blue
        "n3": "#FF0000",  # red
        "n4": "#FFFF00",
        "n5": "#40E0D0",  # turquoise
    }
    assert {n.label: drawn_look(cmap, n.label)[0] for n in cmap.nodes} == want
    for suffix in (".graphml", ".json"):
        again = round_trip(cmap, tmp_path, suffix)
        assert {n.label: drawn_look(again, n.label)[0] for n in again.nodes} == want
