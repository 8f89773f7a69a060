"""Where a concept's label breaks: at spaces, and inside a word only when the word is wider than
a label's usual wrap width (identifiers and addresses from other tools' files)."""

from __future__ import annotations

from mapviewer.boxes import LABEL_WIDTH, PAD_X
from mapviewer.document import Document
from mapviewer.io.registry import open_map
from mapviewer.model import ConceptMap, Node
from mapviewer.scene.mapscene import MapScene

from .conftest import INTEROP, needs_shared


def _lines(scene: MapScene, node_id: str) -> list[str]:
    return scene.node_items[node_id].text.lines


def test_an_address_breaks_at_its_slashes_and_keeps_every_character(qapp) -> None:
    """A link card's address made a box 330 units wide on one line."""
    url = "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6046073/"
    identifier = "java.lang.IllegalArgumentException"
    cmap = ConceptMap(
        nodes=[Node(id="u", label=url, x=0, y=0), Node(id="j", label=identifier, x=0, y=300)]
    )
    scene = MapScene(Document(cmap))
    for node_id, label in (("u", url), ("j", identifier)):
        lines = _lines(scene, node_id)
        assert len(lines) >= 2 and "".join(lines) == label
        assert scene.node_items[node_id].scene_box().width() <= LABEL_WIDTH + 2 * PAD_X + 2
    assert all(line[-1] in "./" for line in _lines(scene, "u")[:-1])  # after a dot or slash
    assert _lines(scene, "j") == ["java.lang.Illegal", "ArgumentException"]


def test_words_that_fit_a_label_still_break_only_at_spaces(qapp) -> None:
    cmap = ConceptMap(
        nodes=[Node(id="t", label="Tumour-infiltrating lymphocytes (TILs)", x=0, y=0)]
    )
    assert _lines(MapScene(Document(cmap)), "t") == ["Tumour-infiltrating", "lymphocytes (TILs)"]


@needs_shared(INTEROP)
def test_a_box_cmaptools_sized_keeps_its_words_whole(qapp) -> None:
    """CmapTools sized "blue/green" and "Ziehl-Neelsen" boxes a little narrower than our font
    sets them: the box grows to the word, as before, rather than break it in two."""
    path = INTEROP / "cxl" / "bacterial-characteristics.cxl"
    cmap = open_map(path)
    scene = MapScene(Document(cmap, path))
    labels = {node.label: node.id for node in cmap.nodes}
    for label in ("blue/green", "Ziehl-Neelsen"):
        assert _lines(scene, labels[label]) == [label]


def test_no_line_is_a_stray_one_or_two_characters(qapp) -> None:
    """A markup-like label broke as "bold</" over "b>"."""
    labels = ["<img src=x><b>bold</b>", "pembrolizumab/nivolumab/atezolizumab/x"]
    cmap = ConceptMap(
        nodes=[Node(id=f"n{i}", label=t, x=0, y=i * 200) for i, t in enumerate(labels)]
    )
    scene = MapScene(Document(cmap))
    for index, label in enumerate(labels):
        lines = _lines(scene, f"n{index}")
        assert len(lines) >= 2 and all(len(line) >= 3 for line in lines), lines
        assert "".join(lines).replace(" ", "") == label.replace(" ", "")
