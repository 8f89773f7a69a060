"""GEXF's translucent colours (``<viz:color ... a="0.5"/>``) drawn as Gephi shows them: the
colour laid over the white page at its alpha, not at full strength."""

from __future__ import annotations

from pathlib import Path

from mapviewer.io import gexf

TRANSLUCENT = """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
  <graph defaultedgetype="directed">
    <nodes>
      <node id="h" label="Half red"><viz:color r="255" g="0" b="0" a="0.5"/></node>
      <node id="f" label="Faint blue"><viz:color r="0" g="0" b="255" a="0.2"/></node>
      <node id="s" label="Solid green"><viz:color r="0" g="128" b="0" a="1.0"/></node>
      <node id="g" label="Gephi's own"><viz:color r="208" g="33" b="141" a="0.99607843"/></node>
    </nodes>
    <edges>
      <edge id="e" source="h" target="f"><viz:color r="0" g="0" b="0" a="0.25"/></edge>
    </edges>
  </graph>
</gexf>
"""


def test_a_translucent_colour_is_laid_over_the_white_page(tmp_path: Path) -> None:
    path = tmp_path / "translucent.gexf"
    path.write_text(TRANSLUCENT, encoding="utf-8")
    cmap = gexf.load(path)
    colours = {n.label: n.color for n in cmap.nodes}
    assert colours["Half red"] == "#FF8080"  # not #FF0000: half of it, on white
    assert colours["Faint blue"] == "#CCCCFF"
    assert colours["Solid green"] == "#008000"
    assert colours["Gephi's own"] == "#D0218D"  # Gephi's 254/255 is opaque to the eye
    assert cmap.edges[0].color == "#BFBFBF"  # a quarter of black: a light grey line
