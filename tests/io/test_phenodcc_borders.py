"""The IMPC image pipeline's yEd diagrams open with their boxes outlined in their own colours
and their pictures without the border yEd keeps for them but does not draw."""

from __future__ import annotations

from collections import Counter

from ..conftest import DATA, imported_window

PROCESSING = DATA / "interop" / "yed-phenodcc-processing.graphml"
DESIGN = DATA / "interop" / "yed-phenodcc-design.graphml"


def test_the_pipelines_boxes_are_outlined_in_their_own_hues(qtbot) -> None:
    """Pale blue round the cyan steps, yellow-green round the notes, orange round the four
    formats, green round DONE, as docs/processing.png shows them: each drawn in its hue."""
    win = imported_window(qtbot, PROCESSING)
    given = Counter(n.border_color for n in win.document.cmap.nodes)
    assert given == {"#99CC00": 9, "#99CCFF": 5, "#FF9900": 4, "#008000": 1, None: 1}
    for node in win.document.cmap.nodes:
        if node.border_color in ("#99CCFF", "#FF9900"):
            drawn = win.scene.node_items[node.id].style.pen.color()
            want = {"#99CCFF": 210, "#FF9900": 36}[node.border_color]
            assert abs(drawn.hslHue() - want) <= 8  # darkened to stand out, its hue kept


def test_the_servers_pictures_take_no_border(qtbot) -> None:
    """Six SVG pictures (servers, a database) keep yEd's black BorderStyle, which yEd does not
    draw round a picture: they open as empty boxes in the theme's outline, not black ones."""
    win = imported_window(qtbot, DESIGN)
    nodes = win.document.cmap.nodes
    pictures = [n for n in nodes if n.data.get("yed-fill") == "none"]
    assert len(pictures) == 6
    assert all(n.border_color is None for n in pictures)
    assert {n.border_color for n in nodes if n not in pictures} == {"#99CCFF"}
    assert all(win.scene.node_items[n.id].style.pen.color().name() != "#000000" for n in pictures)
