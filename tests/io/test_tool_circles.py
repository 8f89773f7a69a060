"""A shape another tool calls a circle opens round, as that tool draws it, and goes back as
that tool's circle: KEGG's compounds in Cytoscape (KEGG_NODE_SHAPE "circle"), CmapTools'
border-shape "circle". Both had opened as flat ellipses as tall as their labels."""

from __future__ import annotations

import json
from pathlib import Path

from mapviewer.document import Document
from mapviewer.io.registry import open_map, save_map
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.style import LIGHT

from ..conftest import DATA, INTEROP, needs_shared

KEGG = INTEROP / "cytoscape/tca-cycle-kegg.cyjs"


def _boxes(path: Path) -> dict[str, tuple[str, float, float]]:
    """Each concept's shape and box (width, height) as the canvas draws it, by id."""
    scene = MapScene(Document(open_map(path)), LIGHT)
    scene.flush_geometry()
    return {
        ident: (item.style.shape, item.box.width(), item.box.height())
        for ident, item in scene.node_items.items()
    }


@needs_shared(INTEROP)
def test_keggs_compounds_open_as_round_dots(qapp, tmp_path: Path) -> None:
    """The TCA cycle's 23 compounds (KEGG draws them as dots 8 by 8) were ellipses 90 wide,
    30 high; they are circles, and stay so saved as Cytoscape.js JSON and opened again."""
    compounds = {
        str(n["data"]["id"])
        for n in json.loads(KEGG.read_text(encoding="utf-8"))["elements"]["nodes"]
        if n["data"].get("KEGG_NODE_SHAPE") == "circle"
    }
    assert len(compounds) == 23
    boxes = _boxes(KEGG)
    for ident in compounds:
        shape, width, height = boxes[ident]
        assert shape == "circle" and width == height, (ident, boxes[ident])
    saved = tmp_path / "tca.cyjs"
    save_map(open_map(KEGG), saved)
    again = _boxes(saved)
    assert all(again[ident] == boxes[ident] for ident in compounds)


def test_a_cmaptools_circle_opens_round_and_goes_back_a_circle(qapp, tmp_path: Path) -> None:
    """A CmapTools concept of border-shape "circle" opened as an oval as tall as its label;
    it is a circle, and saved as CXL it is CmapTools' circle again, where it had become an
    oval (CmapTools fits an oval's height to its text)."""
    text = (DATA / "interop/small.cxl").read_text(encoding="utf-8")
    source = tmp_path / "circle.cxl"
    source.write_text(
        text.replace(
            '<concept-appearance id="c2" ', '<concept-appearance id="c2" border-shape="circle" '
        ),
        encoding="utf-8",
    )
    shape, width, height = _boxes(source)["c2"]
    assert shape == "circle" and width == height
    out = tmp_path / "out.cxl"
    save_map(open_map(source), out)
    written = out.read_text(encoding="utf-8")
    assert written.count('border-shape="circle"') == 1 and "oval" not in written
    assert _boxes(out)["c2"] == (shape, width, height)


def test_a_circle_drawn_here_goes_to_cmaptools_as_an_oval(qapp, tmp_path: Path) -> None:
    """None of the CmapTools files we hold names a "circle" border-shape, so a circle chosen
    here is written as the oval every CmapTools draws; mapviewer's own metadata brings it back
    round."""
    cmap = open_map(DATA / "interop/small.cxl")
    cmap.nodes[0].shape = "circle"
    out = tmp_path / "out.cxl"
    save_map(cmap, out)
    written = out.read_text(encoding="utf-8")
    assert 'border-shape="circle"' not in written and 'border-shape="oval"' in written
    assert _boxes(out)[cmap.nodes[0].id][0] == "circle"
