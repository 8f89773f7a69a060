"""CmapTools CXL: propositions become links, appearances become positions, and back again."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapviewer.document import Document
from mapviewer.io import cxl, mapfile
from mapviewer.io.registry import open_map_noting, save_map
from mapviewer.problems import MapFileError
from mapviewer.scene.mapscene import MapScene

from ..conftest import DATA, INTEROP, needs_shared
from .util import graph_of

SMALL = DATA / "interop" / "small.cxl"


def test_a_phrase_to_two_concepts_becomes_two_links() -> None:
    cmap = cxl.load(SMALL)
    links = {(e.source, e.target): e.label for e in cmap.edges}
    assert links[("c1", "c2")] == "brakes"
    assert links[("c1", "c3")] == "brakes"
    assert ("c2", "c3") in links  # a direct concept-to-concept connection
    assert cmap.title == "Small CXL — T cells"
    assert "CmapTools" in cmap.description and "How T cells are held back." in cmap.description


def test_concepts_keep_positions_colours_fonts_and_comments() -> None:
    nodes = cxl.load(SMALL).node_by_id()
    pd1 = nodes["c1"]
    assert pd1.description == "A checkpoint\n\nProgrammed death 1."
    assert (pd1.width, pd1.color) == (80.0, "#FFC800")
    assert pd1.data["font-name"] == "Verdana"
    # Centred on the bounding box of placed concepts (100..500 x 50..250): y still grows down.
    assert (pd1.x, pd1.y) == (-200.0, -100.0)
    assert (nodes["c2"].x, nodes["c2"].y) == (0.0, 100.0)
    assert nodes["c2"].width is None  # -1 means "fit the text"
    assert nodes["c3"].color == "#FFFFFF"  # fully transparent: unfilled, on white
    assert nodes["c3"].label == "NK cells & friends"


def test_placeholder_ids_nesting_and_half_propositions_lose_nothing() -> None:
    cmap = cxl.load(SMALL)
    nodes = cmap.node_by_id()
    assert nodes["Immune-cells"].data["original_id"] == "Immune cells"
    assert nodes["c3"].parent == "Immune-cells"
    assert not nodes["Immune-cells"].placed  # no appearance: the app lays it out
    # "see also" has an incoming connection only: it stays on the map as a concept.
    assert nodes["see-also"].data["cxl"] == "linking-phrase"
    assert any(e.target == "see-also" for e in cmap.edges)


def test_shipped_map_round_trips_exactly(tmp_path: Path) -> None:
    original = mapfile.load(DATA / "sample.json")
    target = tmp_path / "sample.cxl"
    cxl.save(original, target)
    text = target.read_text(encoding="utf-8")
    assert '<concept id="pd-1" label="PD-1"' in text
    assert '<linking-phrase id="e1" label="blocks"' in text
    back = cxl.load(target)
    assert mapfile.dumps(back) == mapfile.dumps(original)


def test_exported_positions_are_positive_for_cmaptools(tmp_path: Path) -> None:
    original = mapfile.load(DATA / "sample.json")
    target = tmp_path / "sample.cxl"
    cxl.save(original, target)
    doc = cxl.xmlsafe.parse(target)
    for look in cxl.descendants(doc.root, "concept-appearance"):
        assert float(look.get("x")) > 0 and float(look.get("y")) > 0


def test_a_reimport_of_a_foreign_map_keeps_its_graph(tmp_path: Path) -> None:
    first = cxl.load(SMALL)
    cxl.save(first, tmp_path / "again.cxl")
    assert graph_of(cxl.load(tmp_path / "again.cxl")) == graph_of(first)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<cmap xmlns="http://cmap.ihmc.us/xml/cmap/"/>', "root <cmap> has no <map>"),
        (
            '<cmap><map><concept-list><concept id="a" label="A"/></concept-list>\n'
            '<connection-list><connection id="k" from-id="a" to-id="zz"/></connection-list>'
            "</map></cmap>",
            ":2:18: connection 'k' names 'zz': no concept or linking phrase has it",
        ),
    ],
)
def test_broken_files_say_where(tmp_path: Path, body: str, expected: str) -> None:
    path = tmp_path / "bad.cxl"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(MapFileError) as caught:
        cxl.load(path)
    assert expected in str(caught.value)


@needs_shared(INTEROP / "cxl" / "bacterial-characteristics.cxl")
def test_resources_attached_to_concepts_are_kept_and_counted() -> None:
    """CmapTools attaches images, documents and web pages to concepts; mapviewer shows none,
    and the import dropped all five of this map's without a word."""
    path = INTEROP / "cxl" / "bacterial-characteristics.cxl"
    cmap, notes = open_map_noting(path)
    kept = {n.label: n.data["resources"] for n in cmap.nodes if "resources" in n.data}
    assert sum(len(r) for r in kept.values()) == 5
    [flagellum] = kept["basal body"]
    assert flagellum["type"] == "image"
    assert flagellum["url"].endswith("FlagellumUltrastructure.jpg")
    assert any("5 resources (images, documents, web pages) listed in" in note for note in notes)


@needs_shared(INTEROP / "cxl" / "bacterial-characteristics.cxl")
def test_a_phrase_shared_by_several_links_goes_back_as_one(tmp_path: Path) -> None:
    """CmapTools lets one linking phrase join a concept to several (Bacteria "can be of shape"
    four shapes): the bacterial map's 59 phrases make 82 links, and written back they became
    82 phrases, the author's one phrase drawn four times."""
    source = INTEROP / "cxl" / "bacterial-characteristics.cxl"
    first = cxl.load(source)
    target = tmp_path / "again.cxl"
    cxl.save(first, target)
    written = target.read_text(encoding="utf-8")
    assert (
        written.count("<linking-phrase ")
        == source.read_text(encoding="utf-8").count("<linking-phrase ")
        == 59
    )
    again = cxl.load(target)

    def links(cmap) -> list[tuple[str, str, str, str]]:
        return [(e.id, e.source, e.target, e.label) for e in cmap.edges]

    assert links(again) == links(first) and len(first.edges) == 82


def test_numbered_concepts_a_row_apart_stay_readable(qapp, tmp_path: Path) -> None:
    """A class's CmapTools maps (IndustEngOrganization.cxl) number their concepts and draw
    them 31 wide in a row 35 and 32 apart: "15", "16", "17". At mapviewer's least box width
    (56) each covered half its neighbour, "16" hidden under "17"; at the width the file sets
    (grown only for the label) every number shows whole, clear of the others' boxes."""
    concept = '<concept id="c{n}" label="{n}"/>'
    look = '<concept-appearance id="c{n}" x="{x}" y="62" width="31" height="25"/>'
    row = {15: 231, 16: 266, 17: 298}
    text = (
        '<?xml version="1.0" encoding="UTF-8"?><cmap xmlns="http://cmap.ihmc.us/xml/cmap/">'
        "<map><concept-list>"
        + "".join(concept.format(n=n) for n in row)
        + "</concept-list><concept-appearance-list>"
        + "".join(look.format(n=n, x=x) for n, x in row.items())
        + "</concept-appearance-list></map></cmap>"
    )
    path = tmp_path / "row.cxl"
    path.write_text(text, encoding="utf-8")
    scene = MapScene(Document(cxl.load(path)))
    scene.flush_geometry()
    items = {item.label: item for item in scene.node_items.values()}
    for label, item in items.items():
        words = item.text.size
        shown = item.scene_box()
        label_box = shown.adjusted(
            (shown.width() - words.width()) / 2,
            (shown.height() - words.height()) / 2,
            -(shown.width() - words.width()) / 2,
            -(shown.height() - words.height()) / 2,
        )
        for other, neighbour in items.items():
            if other != label:
                assert not neighbour.scene_box().intersects(label_box), (label, other)
    assert items["16"].scene_box().width() < 56


def test_concepts_without_a_name_stay_unnamed_through_cxl(qapp, tmp_path: Path) -> None:
    """The SBGN glycolysis map draws its 10 process glyphs without a name. Saved as CXL and
    opened again, each came back with its id written in its box ("glyph8"); now they are as
    they were, and a CmapTools concept with an empty label is still named by its id."""
    source = DATA / "interop" / "sbgn-glycolysis-elements.json"
    cmap, _ = open_map_noting(source)
    unnamed = {n.id for n in cmap.nodes if not n.label}
    assert len(unnamed) == 10
    path = tmp_path / "glycolysis.cxl"
    save_map(cmap, path)
    again, _ = open_map_noting(path)
    scene = MapScene(Document(again))
    scene.flush_geometry()
    drawn = {ident: scene.node_items[ident].label for ident in unnamed}
    assert drawn == dict.fromkeys(unnamed, "")
    named = {n.id: n.label for n in again.nodes if n.id not in unnamed}
    assert named == {n.id: n.label for n in cmap.nodes if n.id not in unnamed}
    # Not written by mapviewer: named by its id, as before.
    foreign = SMALL.read_text(encoding="utf-8").replace('label="PD-1"', 'label=""', 1)
    assert 'label=""' in foreign
    (tmp_path / "foreign.cxl").write_text(foreign, encoding="utf-8")
    assert "" not in {n.label for n in cxl.load(tmp_path / "foreign.cxl").nodes}
