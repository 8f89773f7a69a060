"""Real files made by Gephi, Cytoscape and Obsidian, found on GitHub (tests/data/interop/
SOURCES.md), open looking as their tools drew them."""

from __future__ import annotations

from collections import Counter

from mapviewer.io.registry import open_map

from ..conftest import DATA
from .test_interop_looks import drawn_colours

GENEMANIA_WEB = DATA / "interop/genemania-web-elements.json"


def test_genemanias_web_network_draws_each_kind_of_evidence_in_its_colour(qapp) -> None:
    """GeneMANIA's page gives cytoscape.js bare elements, each interaction's kind a code in
    ``group`` (cytoscape.js's gene demos): its 593 links had all opened grey."""
    cmap = open_map(GENEMANIA_WEB)
    assert len(cmap.nodes) == 21 and len(cmap.edges) == 593
    colours = drawn_colours(cmap)
    seen = Counter((e.data["group"], colours[e.id]) for e in cmap.edges)
    assert seen[("coexp", "#D0B7D3")] == 253  # co-expression lilac
    assert seen[("pi", "#EAA2A3")] == 113  # physical interactions pink
    assert seen[("predict", "#F6C28C")] == 95
    assert seen[("path", "#9BD8DD")] == 82
    assert seen[("coloc", "#A0B3D8")] == 23
    assert not any(e.directed for e in cmap.edges)  # as cytoscape.js draws them
