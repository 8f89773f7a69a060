"""Where a concept's label breaks: at spaces, and inside a word only when the word is wider than
a label's usual wrap width (identifiers and addresses from other tools' files)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from mapviewer.boxes import LABEL_WIDTH, MAX_LINES, PAD_X
from mapviewer.document import Document
from mapviewer.io.mapfile import save
from mapviewer.io.registry import open_map
from mapviewer.model import ConceptMap, Edge, Node
from mapviewer.scene.mapscene import MapScene

from .conftest import INTEROP, needs_shared, open_window


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


@pytest.mark.parametrize(
    "label",
    ["x" * 2_000_000, ("checkpoint inhibitor " * 100_000)[:2_000_000]],
    ids=["one-word", "words"],
)
def test_a_label_of_two_million_characters_opens_as_a_bounded_box(qtbot, tmp_path, label) -> None:
    """A label of 2 million characters opened as a line 16.7 million units wide (one word) or
    a box 1.4 million tall (words), and clicking it froze the window for minutes while the
    Details page laid it out. It is drawn in at most MAX_LINES lines, the last ending in "…";
    a click selects it and Details heads its page with the label's start and says how long
    it is."""
    cmap = ConceptMap(
        nodes=[Node(id="long", label=label, x=0, y=0), Node(id="pd-1", label="PD-1", x=300, y=0)],
        edges=[Edge(id="e", source="long", target="pd-1", label="blocks")],
    )
    path = tmp_path / "long.json"
    save(cmap, path)
    win = open_window(qtbot, path, (1280, 800))
    item = win.scene.node_items["long"]
    box = item.scene_box()
    assert box.width() <= 2 * LABEL_WIDTH and box.height() <= 300
    lines = _lines(win.scene, "long")
    assert len(lines) <= MAX_LINES and lines[-1].endswith("…")
    centre = win.view.mapFromScene(box.center())
    QTest.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: win.details.current == ("node", "long"), timeout=20_000)
    page = win.details.toPlainText()
    assert page.startswith(label[:200])
    assert "of the label's 2,000,000 characters" in page
    assert len(item.tooltip_text()) < 5_000
