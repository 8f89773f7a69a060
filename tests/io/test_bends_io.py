"""A link's own route (Edge.bends) read from and written to other tools' files and map files."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from mapviewer.io import cxl, gexf, graphml, mapfile, xmlsafe
from mapviewer.io.records import META_KEY
from mapviewer.io.registry import open_map, save_map
from mapviewer.model import ConceptMap, Edge, Node

from ..conftest import DATA, INTEROP, needs_shared

TESTS = DATA / "interop"
WORKFLOW = INTEROP / "graphml" / "scibot-workflow-paper-id.graphml"
ARCHITECTURE = INTEROP / "graphml" / "scibot-architecture.graphml"
BACTERIA = INTEROP / "cxl" / "bacterial-characteristics.cxl"
PLANTS = INTEROP / "cxl" / "plants-ihmc-annotated.cxl"
CXL = "{http://cmap.ihmc.us/xml/cmap/}"
Y = "{http://www.yworks.com/xml/graphml}"


def yed_route(path: Path, edge_id: str) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """An edge's source centre and bends as yEd has them in the file (its own frame)."""
    root = xmlsafe.parse(path, None).root  # type: ignore[arg-type]
    edge = next(e for e in xmlsafe.descendants(root, "edge") if e.get("id") == edge_id)
    node = next(n for n in xmlsafe.descendants(root, "node") if n.get("id") == edge.get("source"))
    box = next(xmlsafe.descendants(node, "Geometry"))
    x, y, w, h = (float(box.get(k, "0")) for k in ("x", "y", "width", "height"))
    points = [(float(p.get("x", "")), float(p.get("y", ""))) for p in edge.iter(f"{Y}Point")]
    return (x + w / 2, y + h / 2), points


def route_from_source(cmap: ConceptMap, edge_id: str) -> list[tuple[float, float]]:
    edge = next(e for e in cmap.edges if e.id == edge_id)
    source = cmap.node_by_id()[edge.source]
    assert source.x is not None and source.y is not None
    return [(round(x - source.x, 3), round(y - source.y, 3)) for x, y in edge.bends]


@pytest.mark.parametrize(
    ("path", "bent", "points", "edge_id", "exits"),
    [
        # 102 bends, and 74 places where a line leaves its box by a port off the centre
        pytest.param(WORKFLOW, 50, 176, "e1", 1, marks=needs_shared(WORKFLOW)),
        pytest.param(ARCHITECTURE, 1, 2, "e18", 0, marks=needs_shared(ARCHITECTURE)),
        (TESTS / "yed-demo-groups.graphml", 20, 80, "e1", 1),
        (TESTS / "yed-image-node.graphml", 24, 38, "e0", 0),
    ],
)
def test_yeds_bends_open_where_yed_draws_them(
    path: Path, bent: int, points: int, edge_id: str, exits: int
) -> None:
    cmap = graphml.load(path)
    assert sum(1 for e in cmap.edges if e.bends) == bent
    assert sum(len(e.bends) for e in cmap.edges) == points
    # Each bend stands where yEd has it from the link's source concept (our frame is the
    # file's shifted to centre the map; none of these is spread apart), after where the line
    # leaves its source's box by a port.
    centre, bends = yed_route(path, edge_id)
    expected = [v for x, y in bends for v in (x - centre[0], y - centre[1])]
    route = route_from_source(cmap, edge_id)[exits : exits + len(bends)]
    assert [v for point in route for v in point] == pytest.approx(expected, abs=0.002)


@needs_shared(WORKFLOW)
def test_a_yed_line_leaves_its_box_at_its_port_across_or_down_as_yed_draws_it() -> None:
    """scibot's "e1" leaves its 150 x 30 box by a port 10.9 above its centre and runs across
    to its first bend, then up to its second: its route starts on the box's right side at the
    port's height. Its target's port is the centre: nothing is added there."""
    cmap = graphml.load(WORKFLOW)
    assert route_from_source(cmap, "e1") == [(75.0, -10.909), (95.0, -10.909), (95.0, -600.0)]


def test_a_yed_edge_drawn_backwards_keeps_its_route_backwards(tmp_path: Path) -> None:
    """An arrowhead at the source makes the link run the other way: so does its route."""
    path = tmp_path / "back.graphml"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d0" yfiles.type="nodegraphics"/>
  <key for="edge" id="d1" yfiles.type="edgegraphics"/>
  <graph edgedefault="directed" id="G">
    <node id="a"><data key="d0"><y:ShapeNode><y:Geometry x="0" y="0" width="40" height="20"/>
      <y:NodeLabel>A</y:NodeLabel></y:ShapeNode></data></node>
    <node id="b"><data key="d0"><y:ShapeNode><y:Geometry x="400" y="0" width="40" height="20"/>
      <y:NodeLabel>B</y:NodeLabel></y:ShapeNode></data></node>
    <edge id="e0" source="a" target="b"><data key="d1"><y:PolyLineEdge>
      <y:Path sx="0" sy="0" tx="0" ty="0"><y:Point x="20" y="200"/><y:Point x="420" y="300"/>
      </y:Path><y:Arrows source="standard" target="none"/></y:PolyLineEdge></data></edge>
  </graph>
</graphml>
""",
        encoding="utf-8",
    )
    edge = graphml.load(path).edges[0]
    assert (edge.source, edge.target) == ("b", "a")
    assert route_from_source(graphml.load(path), "e0") == [(0.0, 290.0), (-400.0, 190.0)]


def test_yed_lives_bends_open_where_yed_live_draws_them() -> None:
    cmap = graphml.load(TESTS / "yed-live-subgraphs.graphml")
    bent = {e.id: e.bends for e in cmap.edges if e.bends}
    assert sorted(bent) == ["n0::e0", "n0::n1::e1"]
    # <y:Bend Location="1901,1276"/> and "1728.75,1276", 172.25 apart on one level.
    (x1, y1), (x2, y2) = bent["n0::n1::e1"]
    assert (x1 - x2, y1 - y2) == (172.25, 0.0)


def test_a_graphml_round_trip_keeps_every_route(tmp_path: Path) -> None:
    cmap = graphml.load(TESTS / "yed-demo-groups.graphml")
    path = tmp_path / "trip.graphml"
    graphml.save(cmap, path)
    # yEd reads them as its own bends: a y:Path of y:Points in the PolyLineEdge (its 40, and
    # the 40 places its lines leave their boxes by their ports, from the centre to there now).
    root = xmlsafe.parse(path, None).root  # type: ignore[arg-type]
    assert len(list(root.iter(f"{Y}Point"))) == 80
    back = graphml.load(path)
    assert {e.id: e.bends for e in back.edges} == {e.id: e.bends for e in cmap.edges}


def test_bends_a_map_cannot_hold_are_left_out_and_said(tmp_path: Path, caplog) -> None:
    path = tmp_path / "bad.graphml"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="edge" id="d1" yfiles.type="edgegraphics"/>
  <graph edgedefault="directed" id="G">
    <node id="a"/><node id="b"/>
    <edge id="e0" source="a" target="b"><data key="d1"><y:PolyLineEdge><y:Path>
      <y:Point x="10" y="20"/><y:Point x="left" y="20"/><y:Point x="NaN" y="0"/>
      <y:Point x="30" y="1e300"/><y:Point x="40" y="50"/>
    </y:Path></y:PolyLineEdge></data></edge>
  </graph>
</graphml>
""",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="mapviewer.io.records"):
        cmap = graphml.load(path)
    assert cmap.edges[0].bends == [(10.0, 20.0), (40.0, 50.0)]
    said = caplog.text
    assert str(path) in said and "link 'e0'" in said
    assert "bend 2 ('left', '20') skipped: not a point" in said
    assert "bend 3 ('NaN', '0') skipped" in said
    assert "bend 4 ('30', '1e300') skipped: beyond the map's limit" in said
    assert "Style values mapviewer cannot draw were left out" in cmap.description


def test_a_route_too_long_to_be_one_is_left_out_whole(tmp_path: Path, caplog) -> None:
    points = "".join(f'<y:Point x="{i}" y="0"/>' for i in range(1001))
    path = tmp_path / "long.graphml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<graphml'
        ' xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">'
        '<key for="edge" id="d1" yfiles.type="edgegraphics"/><graph id="G"><node id="a"/>'
        '<node id="b"/><edge id="e0" source="a" target="b"><data key="d1"><y:PolyLineEdge>'
        f"<y:Path>{points}</y:Path></y:PolyLineEdge></data></edge></graph></graphml>\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="mapviewer.io.records"):
        cmap = graphml.load(path)
    assert cmap.edges[0].bends == []
    assert "link 'e0'" in caplog.text and "bends '1,001 points' skipped" in caplog.text


def test_map_files_keep_bends_and_write_none_for_links_without(tmp_path: Path) -> None:
    cmap = ConceptMap(
        title="Route",
        nodes=[Node(id="a", label="A", x=0, y=0), Node(id="b", label="B", x=300, y=0)],
        edges=[
            Edge(id="round", source="a", target="b", bends=[(0.0, 120.0), (300.5, 120.25)]),
            Edge(id="straight", source="b", target="a"),
        ],
    )
    path = tmp_path / "route.json"
    mapfile.save(cmap, path)
    text = path.read_text(encoding="utf-8")
    assert text.count('"bends"') == 1
    assert mapfile.load(path).edges[0].bends == [(0.0, 120.0), (300.5, 120.25)]


@needs_shared(BACTERIA)
def test_cmaptools_curves_open_as_lines_through_their_curves_and_phrase() -> None:
    cmap = cxl.load(BACTERIA)
    bent = [e for e in cmap.edges if e.bends]
    assert len(bent) == 4 and sum(len(e.bends) for e in bent) == 14
    assert sorted(e.label for e in bent) == [
        "are all",
        "are all",
        "are mainly",
        "which is\nwhy it is",
    ]
    # "are all": from its concept at (2371, 411) a 3-point curve pulled towards (2459, 489) to
    # its phrase at (2446, 618), then another on to "Bacteria". The line passes through the
    # curve's middle (2433.75, 501.75), not the control point, and through the phrase.
    route = route_from_source(cmap, "1140544595234_1792505205_3762")
    assert route[:2] == [(62.75, 90.75), (75.0, 207.0)]
    assert len(route) == 3
    assert all(e.smooth for e in bent)  # drawn as CmapTools draws them: curves through them


@needs_shared(PLANTS)
def test_a_cmaptools_vector_line_passes_through_its_own_points() -> None:
    cmap = cxl.load(PLANTS)
    # type="vector" from (129, 159): through (272, 172) and (292, 192), to "have" at (323, 255).
    assert route_from_source(cmap, "have") == [(143.0, 13.0), (163.0, 33.0), (194.0, 96.0)]
    assert not cmap.edges[0].smooth  # straight from point to point, as CmapTools draws it


@needs_shared(BACTERIA)
def test_a_cxl_round_trip_keeps_routes_and_gives_cmaptools_its_curves_back(
    tmp_path: Path,
) -> None:
    cmap = cxl.load(BACTERIA)
    path = tmp_path / "trip.cxl"
    cxl.save(cmap, path)
    back = cxl.load(path)
    assert {e.id: e.bends for e in back.edges} == {e.id: e.bends for e in cmap.edges}
    assert {e.id: e.smooth for e in back.edges} == {e.id: e.smooth for e in cmap.edges}
    again = mapfile.map_from_data(json.loads(mapfile.dumps(cmap)), "trip")  # a map file
    assert [e.smooth for e in again.edges] == [e.smooth for e in cmap.edges]

    # CmapTools draws the same curves: each control point stands where the original's does
    # from its link's phrase (to the unit: CXL's are whole numbers), with the same types.
    def curves(file: Path) -> dict[str, list[tuple[str | None, tuple[int, int]]]]:
        root = xmlsafe.parse(file, None).root  # type: ignore[arg-type]
        phrases = {
            a.get("id"): (int(a.get("x", "0")), int(a.get("y", "0")))
            for a in root.iter(f"{CXL}linking-phrase-appearance")
        }
        joins = {c.get("id"): c for c in root.iter(f"{CXL}connection")}
        found: dict[str, list[tuple[str | None, tuple[int, int]]]] = {}
        for look in root.iter(f"{CXL}connection-appearance"):
            conn = joins[look.get("id")]
            phrase = conn.get("to-id") if conn.get("to-id") in phrases else conn.get("from-id")
            px, py = phrases[phrase]
            for point in look.iter(f"{CXL}control-point"):
                offset = (int(point.get("x", "0")) - px, int(point.get("y", "0")) - py)
                side = "in" if conn.get("to-id") == phrase else "out"
                found.setdefault(f"{phrase} {side}", []).append((look.get("type"), offset))
        return found

    before, after = curves(BACTERIA), curves(path)
    assert len(before) == 8 and sorted(before) == sorted(after)  # both sides of 4
    for phrase, points in before.items():
        assert [t for t, _ in after[phrase]] == [t for t, _ in points]
        for (_, (x0, y0)), (_, (x1, y1)) in zip(points, after[phrase], strict=True):
            assert abs(x1 - x0) <= 1 and abs(y1 - y0) <= 1


@pytest.mark.parametrize(
    ("smooth", "kind", "control"),
    [(False, "vector", (100, 100)), (True, "bezier-3pt", (100, 150))],
)
def test_a_route_drawn_here_goes_to_cmaptools_as_it_is_drawn(
    tmp_path: Path, smooth: bool, kind: str, control: tuple[int, int]
) -> None:
    """One bend each side of the phrase. Drawn sharp: two vectors, straight to the bend and on,
    as CmapTools draws a vector (it had gone as Beziers: CmapTools drew it curved). Drawn
    smooth: two 3-point curves whose middles are the bends."""
    cmap = ConceptMap(
        title="Curve",
        nodes=[Node(id="a", label="A", x=0, y=0), Node(id="b", label="B", x=400, y=0)],
        edges=[
            Edge(
                id="ab",
                source="a",
                target="b",
                label="to",
                bends=[(100, 100), (300, 100)],
                smooth=smooth,
            )
        ],
    )
    path = tmp_path / "curve.cxl"
    cxl.save(cmap, path)
    root = xmlsafe.parse(path, None).root  # type: ignore[arg-type]
    looks = {a.get("id"): a for a in root.iter(f"{CXL}connection-appearance")}
    phrase = next(root.iter(f"{CXL}linking-phrase-appearance"))
    concept = next(root.iter(f"{CXL}concept-appearance"))
    shift = (int(concept.get("x", "0")), int(concept.get("y", "0")))  # where "a" went
    # the phrase at the middle of the line by length, (200, 100), as the window writes it
    assert (int(phrase.get("x", "0")) - shift[0], int(phrase.get("y", "0")) - shift[1]) == (
        200,
        100,
    )
    into = looks["ab:in"]
    [point] = into.iter(f"{CXL}control-point")
    assert into.get("type") == looks["ab:out"].get("type") == kind
    # sharp: the bend itself; smooth: the control point whose curve from (0, 0) to (200, 100)
    # has its middle at (100, 100)
    assert (int(point.get("x", "0")) - shift[0], int(point.get("y", "0")) - shift[1]) == control
    back = cxl.load(path).edges[0]  # as it was, nothing of CmapTools' added to its data
    assert (back.bends, back.data, back.smooth) == ([(100.0, 100.0), (300.0, 100.0)], {}, smooth)
    # As CmapTools draws it: a stranger's file (no metadata of ours) opens the same.
    plain = path.read_text(encoding="utf-8").replace(f'"{META_KEY}"', '"not-ours"')
    stranger = tmp_path / "stranger.cxl"
    stranger.write_text(plain, encoding="utf-8")
    opened = cxl.load(stranger)
    ax, ay = next((n.x or 0, n.y or 0) for n in opened.nodes if n.id == "a")
    read = opened.edges[0]
    from_a = [(x - ax, y - ay) for x, y in read.bends]
    assert (from_a, read.smooth) == ([(100.0, 100.0), (200.0, 100.0), (300.0, 100.0)], smooth)


def test_a_smooth_route_of_many_points_goes_to_cmaptools_as_a_spline(tmp_path: Path) -> None:
    """Three bends before the phrase, drawn smooth: a spline through them (it had gone as a
    vector, drawn with corners, and opened sharp)."""
    bends = [(50.0, 80.0), (100.0, 120.0), (150.0, 80.0), (300.0, 60.0)]
    cmap = ConceptMap(
        title="Spline",
        nodes=[Node(id="a", label="A", x=0, y=0), Node(id="b", label="B", x=400, y=0)],
        edges=[Edge(id="ab", source="a", target="b", label="to", bends=bends, smooth=True)],
    )
    path = tmp_path / "spline.cxl"
    cxl.save(cmap, path)
    root = xmlsafe.parse(path, None).root  # type: ignore[arg-type]
    kinds = {a.get("id"): a.get("type") for a in root.iter(f"{CXL}connection-appearance")}
    assert "spline" in kinds.values() and "vector" not in kinds.values()


def test_formats_without_bends_of_their_own_keep_them_in_our_metadata(tmp_path: Path) -> None:
    cmap = graphml.load(TESTS / "yed-demo-groups.graphml")
    path = tmp_path / "trip.gexf"
    gexf.save(cmap, path)
    back = gexf.load(path)
    assert {e.id: e.bends for e in back.edges} == {e.id: e.bends for e in cmap.edges}


def test_yeds_curved_edges_open_smooth_and_its_polylines_keep_their_corners(
    tmp_path: Path,
) -> None:
    """yEd draws a QuadCurveEdge as a curve through its bends' way, a PolyLineEdge with
    corners at each: the link is drawn so (Edge.smooth), and kept through a yEd round trip."""
    curved = graphml.load(TESTS / "yed-closed-folders.graphml")
    assert [e.id for e in curved.edges if e.smooth] == ["n6::n1::e0"]
    path = tmp_path / "trip.graphml"
    graphml.save(curved, path)
    assert [e.smooth for e in graphml.load(path).edges] == [e.smooth for e in curved.edges]
    demo = graphml.load(TESTS / "yed-demo-groups.graphml")
    assert any(e.bends for e in demo.edges) and not any(e.smooth for e in demo.edges)


def realizers(path: Path) -> dict[str, str]:
    """Each edge's yEd type (``PolyLineEdge``, ``SplineEdge``...), by its id, as yEd reads it."""
    root = xmlsafe.parse(path, None).root  # type: ignore[arg-type]
    found = {}
    for edge in xmlsafe.descendants(root, "edge"):
        look = next(e for e in edge.iter() if e.tag.startswith(Y) and e.tag.endswith("Edge"))
        found[edge.get("id", "")] = look.tag.removeprefix(Y)
    return found


@needs_shared(BACTERIA)
def test_a_smooth_link_goes_to_yed_as_a_curve_through_its_bends(tmp_path: Path) -> None:
    """CmapTools' Bezier connections open smooth; exported for yEd they had gone as polylines,
    corners at each bend: they go as yEd's spline, the curve that passes through every bend."""
    cmap = open_map(BACTERIA)
    smooth = {e.id for e in cmap.edges if e.smooth}
    assert len(smooth) == 4
    path = tmp_path / "bacteria.graphml"
    save_map(cmap, path)
    kinds = realizers(path)
    assert {k for k, v in kinds.items() if v == "SplineEdge"} == smooth
    assert {v for k, v in kinds.items() if k not in smooth} == {"PolyLineEdge"}
    assert {e.id for e in open_map(path).edges if e.smooth} == smooth


def test_a_yed_curve_goes_back_to_yed_as_the_curve_it_came_as(tmp_path: Path) -> None:
    """The closed-folders sample's quad curve goes back a quad curve (it had gone a polyline);
    straightened, the same link goes a polyline."""
    cmap = open_map(TESTS / "yed-closed-folders.graphml")
    path = tmp_path / "folders.graphml"
    save_map(cmap, path)
    kinds = realizers(path)
    assert kinds["n6::n1::e0"] == "QuadCurveEdge"
    assert set(kinds.values()) == {"PolyLineEdge", "QuadCurveEdge"}
    curve = next(e for e in cmap.edges if e.id == "n6::n1::e0")
    curve.bends, curve.smooth = [], False
    save_map(cmap, path)
    assert realizers(path)["n6::n1::e0"] == "PolyLineEdge"


@pytest.mark.parametrize("straightness", ["0.1", "0.65"])
def test_a_yed_quad_curve_goes_back_with_its_straightness(
    tmp_path: Path, straightness: str
) -> None:
    """A QuadCurveEdge bows from its bends' polyline as its ``straightness`` says: kept, it
    goes back to yEd (and through our own map file) with it, so yEd draws the same curve; it
    had gone without, drawn at yEd's default whatever the file said."""
    text = (TESTS / "yed-closed-folders.graphml").read_text(encoding="utf-8")
    source = tmp_path / "bowed.graphml"
    source.write_text(text.replace('straightness="0.1"', f'straightness="{straightness}"'))
    saved = tmp_path / "saved.json"
    save_map(open_map(source), saved)
    back = tmp_path / "back.graphml"
    save_map(open_map(saved), back)
    root = xmlsafe.parse(back, None).root  # type: ignore[arg-type]
    curves = [e.get("straightness") for e in root.iter(f"{Y}QuadCurveEdge")]
    assert curves == [straightness]
