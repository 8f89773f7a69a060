"""GraphML: yEd drawings, networkx attribute files and namespace-less files, and back out."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from mapviewer.io import graphml, mapfile
from mapviewer.problems import MapFileError

from ..conftest import DATA

INTEROP = DATA / "interop"


def test_yed_labels_geometry_colours_and_groups() -> None:
    cmap = graphml.load(INTEROP / "yed-small.graphml")
    nodes = cmap.node_by_id()
    pd1 = nodes["n0"]
    assert (pd1.label, pd1.description, pd1.color, pd1.width) == (
        "PD-1",
        "A receptor on T cells.",
        "#FFCC00",
        80.0,
    )
    assert pd1.data["yed-shape"] == "hexagon"
    # yEd geometry is the top-left corner; mapviewer keeps centres, with the map centred on 0,0.
    t_cells = nodes["n1::n0"]
    assert (t_cells.x - pd1.x, t_cells.y - pd1.y) == (210.0, 140.0)
    assert t_cells.parent == "n1" and nodes["n1"].data["group"] is True
    assert cmap.edges[0].label == "brakes"
    assert cmap.edges[0].data["url"] == "https://example.invalid/pd1"
    assert "Checkpoints drawn in yEd" in cmap.description


def test_networkx_keys_become_typed_data_and_types_become_kinds() -> None:
    cmap = graphml.load(INTEROP / "networkx-small.graphml")
    assert cmap.title == "Small ontology"
    assert [k.id for k in cmap.kinds] == ["class", "instance"]
    assert all(k.color and k.color.startswith("#") for k in cmap.kinds)
    nodes = cmap.node_by_id()
    assert nodes["Entity"].data == {"weight": 1.5, "virtual": False}  # the key's default
    assert nodes["Gene"].data == {"virtual": True}
    assert nodes["BRCA1"].kind == "instance"
    links = {(e.source, e.target): e for e in cmap.edges}
    assert links[("Gene", "Entity")].label == "is_a"
    assert links[("Gene", "Entity")].data == {"count": 3}
    assert not any(n.placed for n in cmap.nodes)  # no positions: the app lays them out


def test_files_without_the_namespace_and_plain_positions() -> None:
    cmap = graphml.load(INTEROP / "plain-small.graphml")
    nodes = cmap.node_by_id()
    # (-10, 5) and (30, 25) in the file: centred, and spread apart (their boxes would meet)
    # along the same direction, twice as far across as down.
    a, b = nodes["a"], nodes["b"]
    assert nodes["a"].color == "#FF0000"
    assert (a.x, a.y) == (-b.x, -b.y) and b.x == 2 * b.y > 20.0
    assert nodes["c"].label == "c" and not nodes["c"].placed
    assert len(cmap.edges) == 2


def test_round_trip_is_exact_and_yed_and_networkx_can_read_it(tmp_path: Path) -> None:
    original = mapfile.load(DATA / "sample.json")
    target = tmp_path / "sample.graphml"
    graphml.save(original, target)
    assert mapfile.dumps(graphml.load(target)) == mapfile.dumps(original)
    text = target.read_text(encoding="utf-8")
    assert "<y:ShapeNode>" in text and "<y:NodeLabel>PD-1</y:NodeLabel>" in text
    assert '<y:Shape type="hexagon" />' in text  # the checkpoint kind's shape
    # Keys must all precede the graph (yEd and networkx both insist).
    assert text.rindex("<key ") < text.index("<graph ")
    graph = nx.read_graphml(target)
    assert graph.nodes["pd-1"]["label"] == "PD-1"
    assert graph.nodes["pd-1"]["kind"] == "checkpoint"
    assert graph.edges["pembrolizumab", "pd-1"]["label"] == "blocks"


def test_typed_data_survives_and_mixed_types_travel_as_metadata(tmp_path: Path) -> None:
    cmap = mapfile.load(DATA / "sample.json")
    cmap.nodes[0].data = {"score": 2.5, "flag": True, "mixed": 1, "nested": {"a": [1, 2]}}
    cmap.nodes[1].data = {"score": 0.5, "mixed": "one", "type": "not a kind"}
    target = tmp_path / "typed.graphml"
    graphml.save(cmap, target)
    back = graphml.load(target)
    assert [n.data for n in back.nodes] == [n.data for n in cmap.nodes]
    assert [n.kind for n in back.nodes] == [n.kind for n in cmap.nodes]


def test_an_edge_to_nowhere_is_named(tmp_path: Path) -> None:
    path = tmp_path / "dangling.graphml"
    path.write_text(
        '<graphml><graph>\n<node id="a"/>\n  <edge id="e9" source="a" target="b"/>'
        "</graph></graphml>",
        encoding="utf-8",
    )
    with pytest.raises(MapFileError) as caught:
        graphml.load(path)
    assert str(caught.value) == f"{path}:3:3: link 'e9' names 'b', which is not a node in this file"


def test_unnamed_concepts_and_links_gain_no_label_field_going_through_graphml(
    tmp_path: Path,
) -> None:
    """yEd's UML palette has 20 nodes without a name (class boxes and corners) and links
    without one. Saved for yEd and opened again, each had gained a field "label" holding
    nothing in its data (20 concepts, 4 links), which went into every later save; now they
    come back unnamed with nothing added, and the second save is the first."""
    cmap = graphml.load(INTEROP / "yed-uml-palette.graphml")
    blank = {n.id for n in cmap.nodes if not n.label}
    assert len(blank) == 20
    first = tmp_path / "first.graphml"
    graphml.save(cmap, first)
    again = graphml.load(first)
    assert {n.id for n in again.nodes if not n.label} == blank
    assert [n.id for n in again.nodes if "label" in n.data] == []
    assert [e.id for e in again.edges if "label" in e.data] == []
    second = tmp_path / "second.graphml"
    graphml.save(again, second)
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def _yed_file(tmp_path: Path, realizers: dict[str, str]) -> Path:
    """A yEd file with one node per realizer, each named by its label, in yEd 3.21's words."""
    nodes = "".join(
        f'<node id="n{i}"><data key="d6">{body.format(label=label, x=200 * i)}</data></node>'
        for i, (label, body) in enumerate(realizers.items())
    )
    path = tmp_path / "architecture.graphml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:y="http://www.yworks.com/xml/graphml">\n'
        '<key for="node" id="d6" yfiles.type="nodegraphics"/>\n'
        f'<graph edgedefault="directed" id="G">{nodes}</graph></graphml>\n',
        encoding="utf-8",
    )
    return path


def test_yeds_queue_tape_and_notes_open_in_the_nearest_shapes(tmp_path: Path) -> None:
    """distributed-greeter's architecture (yEd 3.21.1, no licence to copy it; these are its
    nodes' realizers): the message queue is a flowchart "direct data" (a cylinder on its side),
    the session cache a "paper tape", Redis and MySQL UML notes. All four had opened as
    rounded boxes, like its services; now a pill (round at both ends), a document (a wavy
    edge) and square-cornered rectangles."""
    generic = (
        '<y:GenericNode configuration="com.yworks.flowchart.{kind}">'
        '<y:Geometry height="40.0" width="130.0" x="{x}" y="0.0"/>'
        '<y:Fill color="#E8EEF7" color2="#B7C9E3" transparent="false"/>'
        "<y:NodeLabel>{label}</y:NodeLabel></y:GenericNode>"
    )
    note = (
        '<y:UMLNoteNode><y:Geometry height="65.0" width="126.0" x="{x}" y="0.0"/>'
        '<y:Fill hasColor="false" transparent="false"/>'
        "<y:NodeLabel>{label}</y:NodeLabel></y:UMLNoteNode>"
    )
    path = _yed_file(
        tmp_path,
        {
            "Message Queue": generic.replace("{kind}", "directData"),
            "Session Cache": generic.replace("{kind}", "paperType"),
            "Redis": note,
            "MySQL": note,
        },
    )
    shapes = {n.label: n.shape for n in graphml.load(path).nodes}
    assert shapes == {
        "Message Queue": "pill",
        "Session Cache": "document",
        "Redis": "rectangle",
        "MySQL": "rectangle",
    }


def test_yeds_see_through_fills_open_as_yed_paints_them_on_its_canvas() -> None:
    """The yEd UML palette (ruslo/yed-uml) fills its 20 link-end dots with #C0C0C07F: grey at
    half strength, which yEd paints light grey on its white canvas. They had opened at full
    strength, as dark as a disabled button; now #E0E0E0. Solid colours stay as written."""
    cmap = graphml.load(INTEROP / "yed-uml-palette.graphml")
    fills = [n.color for n in cmap.nodes if n.shape == "ellipse"]
    assert len(fills) == 20 and set(fills) == {"#E0E0E0"}
    assert {n.color for n in cmap.nodes if n.label == "Class"} == {"#FFCC99"}
