"""Groups through other tools' files: real files from the shared corpus open with their groups
as frames' members, and every format that has groups writes them back so they reopen the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mapviewer.groups import parent_map
from mapviewer.io import cxl, cytoscape, gexf, graphml, jsoncanvas, mapfile
from mapviewer.io.registry import open_map, save_map
from mapviewer.model import ConceptMap, Node

from ..conftest import DATA, INTEROP, needs_shared
from .chromium import BINARY, MISSING, Browser

needs_chromium = pytest.mark.skipif(BINARY is None, reason=MISSING)

GROUPED = DATA / "groups.json"


def members(cmap: ConceptMap) -> dict[str, set[str]]:
    """Each group's members by label (ids may change through a format)."""
    labels = cmap.labels()
    out: dict[str, set[str]] = {}
    for child, parent in parent_map(cmap.nodes).items():
        out.setdefault(labels[parent], set()).add(labels[child])
    return out


@needs_shared(INTEROP)
def test_obsidian_groups_hold_what_lies_inside_them_smallest_first() -> None:
    cmap = open_map(INTEROP / "canvas/stardust-solid-aurora-overview.canvas")
    groups = members(cmap)
    assert len(groups) == 11  # every canvas group holds something
    nodes = cmap.node_by_id()
    parents = parent_map(cmap.nodes)
    nested = [g for g in set(parents.values()) if g in parents]
    assert nested  # groups inside groups: the smallest enclosing group wins
    for child, parent in parents.items():
        # The frame keeps the rectangle Obsidian draws it at: it holds each member's box.
        group, member = nodes[parent], nodes[child]
        assert group.width and group.height and member.width and member.height
        assert abs(member.x - group.x) + member.width / 2 <= group.width / 2
        assert abs(member.y - group.y) + member.height / 2 <= group.height / 2
        assert nodes[child].placed
    sample = open_map(INTEROP / "canvas/jsoncanvas-sample.canvas")
    [inside] = members(sample).values()
    assert len(inside) == 2


@needs_shared(INTEROP)
def test_cytoscape_compound_parents_nest() -> None:
    cmap = open_map(INTEROP / "cytoscape/compound-elements-array.json")
    parents = parent_map(cmap.nodes)
    assert len(parents) == 19
    assert parents["n3:n6"] == "p0" and parents["p0"] == "n3"  # a compound inside a compound


@needs_shared(INTEROP)
def test_cmaptools_nested_nodes_join_their_parent() -> None:
    cmap = open_map(INTEROP / "cxl/plants-ihmc-annotated.cxl")
    [(group, inside)] = members(cmap).items()
    assert group == "Nested Node" and len(inside) == 2


def test_a_yed_group_opens_as_a_group_and_a_closed_one_collapsed(tmp_path: Path) -> None:
    text = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <graph edgedefault="directed" id="G">
    <node id="n0" yfiles.foldertype="group">
      <data key="d6"><y:ProxyAutoBoundsNode><y:Realizers active="0"><y:GroupNode>
        <y:Geometry height="300" width="400" x="0" y="0"/>
        <y:NodeLabel modelName="internal" modelPosition="t">Checkpoints</y:NodeLabel>
      </y:GroupNode></y:Realizers></y:ProxyAutoBoundsNode></data>
      <graph edgedefault="directed" id="n0:">
        <node id="n0::n0"><data key="d6"><y:ShapeNode>
          <y:Geometry height="30" width="80" x="20" y="40"/><y:NodeLabel>PD-1</y:NodeLabel>
        </y:ShapeNode></data></node>
        <node id="n0::n1" yfiles.foldertype="folder">
          <data key="d6"><y:ProxyAutoBoundsNode><y:Realizers active="1"><y:GroupNode>
            <y:Geometry height="30" width="80" x="200" y="40"/>
            <y:NodeLabel>Ligands</y:NodeLabel>
          </y:GroupNode></y:Realizers></y:ProxyAutoBoundsNode></data>
          <graph edgedefault="directed" id="n0::n1:">
            <node id="n0::n1::n0"><data key="d6"><y:ShapeNode>
              <y:Geometry height="30" width="80" x="200" y="40"/><y:NodeLabel>PD-L1</y:NodeLabel>
            </y:ShapeNode></data></node>
          </graph>
        </node>
      </graph>
    </node>
    <node id="n1"/>
    <edge source="n1" target="n0::n1::n0"/>
  </graph>
</graphml>"""
    path = tmp_path / "groups.graphml"
    path.write_text(text, encoding="utf-8")
    cmap = graphml.load(path)
    assert members(cmap) == {"Checkpoints": {"PD-1", "Ligands"}, "Ligands": {"PD-L1"}}
    nodes = {n.label: n for n in cmap.nodes}
    assert nodes["Ligands"].collapsed and not nodes["Checkpoints"].collapsed
    # Open, the group keeps its geometry, as yEd draws it; closed, the box is its label's.
    assert (nodes["Checkpoints"].width, nodes["Checkpoints"].height) == (400, 300)
    assert nodes["Ligands"].width is None


@pytest.mark.parametrize(
    ("suffix", "module"),
    [
        (".canvas", jsoncanvas),
        (".graphml", graphml),
        (".gexf", gexf),
        (".cyjs", cytoscape),
        (".cxl", cxl),
    ],
)
def test_groups_and_collapse_survive_a_round_trip(tmp_path: Path, suffix: str, module) -> None:
    original = mapfile.load(GROUPED)
    original.node_by_id()["ligands"].collapsed = True
    target = tmp_path / f"out{suffix}"
    module.save(original, target)
    back = module.load(target)
    assert members(back) == members(original)
    assert {n.label for n in back.nodes if n.collapsed} == {"Ligands"}


def test_a_foreign_canvas_reads_our_groups_by_their_rectangles(tmp_path: Path) -> None:
    """Obsidian knows nothing of our metadata: the group's rectangle alone must enclose its
    members' boxes, as the canvas draws them."""
    target = tmp_path / "out.canvas"
    jsoncanvas.save(mapfile.load(GROUPED), target)
    data = json.loads(target.read_text(encoding="utf-8"))
    data.pop("mapviewer")
    for body in data["nodes"]:
        body.pop("mapviewer", None)
    foreign = tmp_path / "foreign.canvas"
    foreign.write_text(json.dumps(data), encoding="utf-8")
    assert members(jsoncanvas.load(foreign)) == members(mapfile.load(GROUPED))
    groups = [b for b in data["nodes"] if b["type"] == "group"]
    assert {g["label"] for g in groups} == {"Checkpoints", "Ligands"}


@needs_chromium
def test_the_web_page_draws_frames_and_collapsed_groups(tmp_path: Path) -> None:
    cmap = mapfile.load(GROUPED)
    page = tmp_path / "groups.html"
    save_map(cmap, page)
    collapsed = mapfile.load(GROUPED)
    collapsed.node_by_id()["ligands"].collapsed = True
    closed_page = tmp_path / "closed.html"
    save_map(collapsed, closed_page)
    browser = Browser(tmp_path / "profile")

    def rect(node_id: str) -> dict[str, float]:
        found = browser.evaluate(
            f"JSON.stringify(document.querySelector('.node[data-id=\"{node_id}\"] > :first-child')"
            ".getBoundingClientRect())"
        )
        return json.loads(found)

    def inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
        return (
            outer["left"] <= inner["left"]
            and inner["right"] <= outer["right"]
            and outer["top"] <= inner["top"]
            and inner["bottom"] <= outer["bottom"]
        )

    try:
        browser.open(page.as_uri())
        frames = "Array.from(document.querySelectorAll('.frames .node')).map(e => e.dataset.id)"
        assert browser.evaluate(f"{frames}.join(',')") == "checkpoints,ligands"  # outer behind
        for member in ("pd1", "ctla4", "pdl1", "pdl2"):
            assert inside(rect(member), rect("checkpoints")), member
        assert inside(rect("pdl2"), rect("ligands"))
        browser.open(closed_page.as_uri())
        hidden = "document.querySelector('.node[data-id=\"pdl1\"]').getAttribute('display')"
        assert browser.evaluate(hidden) == "none"
        assert browser.evaluate(f"{frames}.join(',')") == "checkpoints"  # Ligands is one box
        assert browser.evaluate("document.querySelectorAll('.link').length") == 4
    finally:
        browser.close()


def test_a_group_without_a_colour_keeps_none_through_graphml(tmp_path: Path) -> None:
    """yEd needs a fill for a group, so one without a colour is written in yEd's grey; read
    back, it came with that grey as its own colour (#F5F5F5)."""
    cmap = ConceptMap(
        title="g",
        nodes=[
            Node(id="g", label="Group"),
            Node(id="a", label="A", parent="g", x=0, y=0),
            Node(id="b", label="B", parent="g", x=200, y=0),
        ],
    )
    path = tmp_path / "g.graphml"
    graphml.save(cmap, path)
    assert "#F5F5F5" in path.read_text(encoding="utf-8")  # yEd still sees its grey
    assert graphml.load(path).node_by_id()["g"].color is None
