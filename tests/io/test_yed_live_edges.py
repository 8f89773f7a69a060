"""yEd Live's link lines keep the colour and dash their edge style gives them."""

from __future__ import annotations

from PySide6.QtGui import QColor

from mapviewer.io import graphml

from ..conftest import DATA, imported_window

SIMPLE = DATA / "interop" / "yed-live-simple.graphml"
SUBGRAPHS = DATA / "interop" / "yed-live-subgraphs.graphml"
BROWN = "#663800"


def test_yed_live_links_open_in_their_own_colour_and_dash() -> None:
    links = {e.label: e for e in graphml.load(SIMPLE).edges}
    # stroke="#FF663800" on the style, and a <yjs:Stroke> whose fill names a shared Color.
    assert (links["Control action"].color, links["Control action"].dash) == (BROWN, None)
    assert (links["Feedback"].color, links["Feedback"].dash) == (BROWN, "dash")


def test_a_style_shared_by_reference_is_read_too() -> None:
    # <y:GraphMLReference ResourceKey="8"/>: the shared PolylineEdgeStyle's black stroke.
    assert {e.color for e in graphml.load(SUBGRAPHS).edges} == {"#000000"}


def test_the_window_draws_the_brown_lines(qtbot) -> None:
    win = imported_window(qtbot, SIMPLE, (900, 700))
    shot = win.view.grab().toImage()
    brown = QColor(BROWN)
    near = sum(
        abs(c.red() - brown.red()) + abs(c.green() - brown.green()) + abs(c.blue() - brown.blue())
        < 40
        for c in (
            shot.pixelColor(x, y) for x in range(shot.width()) for y in range(0, shot.height(), 2)
        )
    )
    assert near > 100  # two brown lines' worth of pixels; none when drawn in the theme's grey
