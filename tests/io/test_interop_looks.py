"""Other tools' files open looking as they did in their own tools and go back out so: yEd's
black lines, Cytoscape.js styles and stylesheets, Gephi's sizes, weights and edge ids."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from mapviewer.colours import contrast
from mapviewer.document import Document
from mapviewer.io import graphml
from mapviewer.model import ConceptMap
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.style import DARK, LIGHT, PROJECTOR_DARK, Theme, rgb

from ..conftest import INTEROP, needs_shared

shared = needs_shared(INTEROP)
WORKFLOW = INTEROP / "graphml/scibot-workflow-paper-id.graphml"
ARCHITECTURE = INTEROP / "graphml/scibot-architecture.graphml"


def drawn_colours(cmap: ConceptMap, theme: Theme = LIGHT) -> dict[str, str]:
    """Each link's colour as the link layer draws it unselected."""
    scene = MapScene(Document(cmap), theme)
    scene.flush_geometry()
    layer = scene.link_layer
    return {
        i: layer.pen_for(item, 1).color().name().upper() for i, item in scene.edge_items.items()
    }


# --- yEd ------------------------------------------------------------------------------------


@shared
def test_yeds_black_lines_open_black_and_go_back_black(qapp, tmp_path: Path) -> None:
    """yEd draws every line black unless told otherwise: 52 of the scibot workflow's 70 links
    and 17 of its architecture's 19. They opened in mapviewer's grey and went back grey."""
    for path, black in ((WORKFLOW, 52), (ARCHITECTURE, 17)):
        cmap = graphml.load(path)
        assert Counter(e.color for e in cmap.edges)["#000000"] == black
        assert Counter(drawn_colours(cmap).values())["#000000"] == black
        out = tmp_path / path.name
        graphml.save(cmap, out)
        assert out.read_text(encoding="utf-8").count('<y:LineStyle color="#000000"') == black
        again = graphml.load(out)
        assert Counter(e.color for e in again.edges)["#000000"] == black


@shared
def test_black_lines_stay_visible_on_a_dark_canvas(qapp) -> None:
    """Drawn black where the canvas is light; on the dark and projector canvases, where black
    would not be seen, in the theme's own link colour."""
    cmap = graphml.load(ARCHITECTURE)
    black = [e.id for e in cmap.edges if e.color == "#000000"]
    for theme in (DARK, PROJECTOR_DARK):
        colours = drawn_colours(cmap, theme)
        for ident in black:
            assert colours[ident] == theme.link.name().upper()
            assert contrast(rgb(theme.link), rgb(theme.canvas)) >= 3
    assert drawn_colours(cmap, DARK)["e15"] == "#FF0000"  # yEd's red stays red
