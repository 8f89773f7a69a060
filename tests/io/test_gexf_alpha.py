"""GEXF's translucent colours (``<viz:color ... a="0.5"/>``) drawn as Gephi shows them: the
colour laid over the white page at its alpha, not at full strength; and written back as the file
said them, so a round trip through mapviewer keeps the alpha."""

from __future__ import annotations

from pathlib import Path

from mapviewer.io import gexf, xmlsafe
from mapviewer.io.registry import open_map, save_map
from mapviewer.io.xmlsafe import local

from ..conftest import INTEROP, needs_shared

AIRPORTS = INTEROP / "gexf" / "us-airports-gephi093.gexf"

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


def viz_colours(path: Path, tag: str = "node") -> dict[str, dict[str, str]]:
    """Each node's (or edge's) ``viz:color`` attributes, by its id, as the file writes them."""
    found: dict[str, dict[str, str]] = {}
    for element in xmlsafe.parse(path).root.iter():
        if local(element.tag) == tag:
            for part in element:
                if local(part.tag) == "color":
                    found[element.get("id", "")] = dict(part.attrib)
    return found


def test_a_translucent_colour_goes_back_as_the_file_said_it(tmp_path: Path) -> None:
    path = tmp_path / "translucent.gexf"
    path.write_text(TRANSLUCENT, encoding="utf-8")
    cmap = gexf.load(path)
    out = tmp_path / "again.gexf"
    gexf.save(cmap, out)
    written = {**viz_colours(out), **viz_colours(out, "edge")}
    assert written["h"] == {"r": "255", "g": "0", "b": "0", "a": "0.5"}  # not opaque pink
    assert written["f"] == {"r": "0", "g": "0", "b": "255", "a": "0.2"}
    assert written["s"] == {"r": "0", "g": "128", "b": "0", "a": "1.0"}
    assert written["g"] == {"r": "208", "g": "33", "b": "141", "a": "0.99607843"}
    assert written["e"] == {"r": "0", "g": "0", "b": "0", "a": "0.25"}
    again = gexf.load(out)  # and drawn as before
    assert [n.color for n in again.nodes] == [n.color for n in cmap.nodes]
    assert again.edges[0].color == "#BFBFBF"
    # A concept given a colour of its own since goes out in it, opaque.
    half = next(n for n in cmap.nodes if n.id == "h")
    half.color = "#0072B2"
    gexf.save(cmap, out)
    assert viz_colours(out)["h"] == {"r": "0", "g": "114", "b": "178"}


@needs_shared(AIRPORTS)
def test_gephis_own_alpha_survives_a_round_trip_of_a_real_file(tmp_path: Path) -> None:
    """Gephi 0.9.3 wrote 16 of the airports at a="0.99607843": they go back so."""
    before = viz_colours(AIRPORTS)
    out = tmp_path / "airports.gexf"
    gexf.save(gexf.load(AIRPORTS), out)
    after = viz_colours(out)
    alpha = {k: v for k, v in before.items() if "a" in v}
    assert len(alpha) == 16
    assert {k: after[k] for k in alpha} == alpha
    assert {k: v for k, v in after.items() if k in before} == before  # every node's colour


HEX_TRANSLUCENT = """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
  <graph defaultedgetype="directed">
    <nodes>
      <node id="h" label="Half red"><viz:color hex="#ff0000" a="0.5"/></node>
      <node id="o" label="Opaque teal"><viz:color hex="#008080"/></node>
      <node id="n" label="Not there"><viz:color hex="#00ff00" a="0"/></node>
    </nodes>
    <edges>
      <edge id="e" source="h" target="o"><viz:color hex="#000000" a="0.25"/></edge>
    </edges>
  </graph>
</gexf>
"""


def test_a_hex_colours_alpha_is_read_and_written_back(tmp_path: Path) -> None:
    """GEXF 1.3's ``hex`` with an ``a`` had opened at full strength (the alpha dropped): it opens
    as Gephi draws it, like ``r g b a``, and goes back as the file wrote it."""
    path = tmp_path / "hex.gexf"
    path.write_text(HEX_TRANSLUCENT, encoding="utf-8")
    cmap = open_map(path)
    colours = {n.label: n.color for n in cmap.nodes}
    assert colours["Half red"] == "#FF8080"  # was #FF0000
    assert colours["Opaque teal"] == "#008080"
    assert colours["Not there"] != "#00FF00"  # no colour of its own: its kind's
    assert cmap.edges[0].color == "#BFBFBF"  # was black
    out = tmp_path / "again.gexf"
    save_map(cmap, out)
    written = {**viz_colours(out), **viz_colours(out, "edge")}
    assert written["h"] == {"hex": "#FF0000", "a": "0.5"}
    assert written["e"] == {"hex": "#000000", "a": "0.25"}
    assert [n.color for n in open_map(out).nodes] == [n.color for n in cmap.nodes]
