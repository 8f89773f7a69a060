"""The colours and shapes kinds get when their map gives none; no Qt, so importers, exporters,
the document's first layout and the canvas share them.

A kind's colour is its concepts' fill. The palette starts from Okabe & Ito (2008), "Color
Universal Design", and moves the colours that merged for colour-blind readers apart in
lightness: at full strength Okabe-Ito's reddish purple and a mid grey are 6.2 apart (CIEDE2000)
under simulated deuteranopia, its blue and purple 7.1. Here every pair of PALETTE and of
KIND_COLOURS is at least MIN_KIND_DIFFERENCE apart with normal vision and under simulated
deuteranopia and protanopia, and black or white text reads on each at 4.5:1 or more
(tests/test_kind_colours.py measures both with mapviewer.colours).
"""

from __future__ import annotations

from typing import Final

from mapviewer.colours import luminance, parse
from mapviewer.model import Kind

# CIEDE2000. About 2 is just noticeable side by side on a large patch; Stone, Szafir & Setlur
# (2014), "An Engineering Model for Color Difference as a Function of Size" (Color and Imaging
# Conference), measured that the difference needed grows steeply as marks shrink, and a concept
# box at fit is a fraction of a degree. 10 asks for "clearly different at a glance" on such marks.
MIN_KIND_DIFFERENCE: Final = 10.0

PALETTE = (
    "#0072B2",  # blue (L* 46)
    "#E69F00",  # orange (L* 71)
    "#11AB78",  # bluish green (L* 62)
    "#BD84A8",  # reddish purple, lighter than Okabe-Ito's so a grey is not its twin (L* 62)
    "#D55E00",  # vermillion (L* 54)
    "#56B4E9",  # sky blue (L* 70)
    "#F0E442",  # yellow (L* 89); the outline darkens to 3:1 against a light canvas
    "#604671",  # purple, darker than blue so they part under deuteranopia (L* 34)
    "#8C564B",  # brown (L* 42)
    "#777777",  # grey (L* 50)
)

# The shipped maps' kinds (maps/*.json carry these colours; the test checks they match), by id:
# PALETTE's colours plus two greys for background concepts and theme frames.
KIND_COLOURS: Final = {
    "therapy": "#0072B2",
    "drug": "#56B4E9",
    "checkpoint": "#E69F00",
    "target": "#8C564B",
    "immune-cell": "#11AB78",
    "resistance": "#D55E00",
    "cancer": "#BD84A8",
    "adverse-effect": "#F0E442",
    "biomarker": "#604671",
    "process": "#777777",
    "concept": "#E6E6E6",
    "theme": "#B5B5B5",
}


def kind_color(kind: Kind, index: int) -> str:
    """The kind's own colour, else the palette's by its place in the map's kinds, so a kind
    looks the same in the window and in a web-page export."""
    return kind.color or PALETTE[index % len(PALETTE)]


DEFAULT_SHAPE: Final = "rounded"  # concepts of no kind (or of a kind the map does not list)
DEFAULT_COLOR: Final = "#5B6770"  # ...and their colour
SHAPE_CYCLE = ("rounded", "pill", "hexagon", "ellipse", "octagon", "rectangle", "diamond")

# Kinds the shipped maps use get a shape that hints at what they are.
WELL_KNOWN_SHAPES = {
    "therapy": "rounded",
    "drug": "pill",
    "checkpoint": "hexagon",
    "target": "hexagon",
    "immune-cell": "ellipse",
    "cell": "ellipse",
    "resistance": "octagon",
    "cancer": "rectangle",
    "adverse-effect": "parallelogram",
    "biomarker": "diamond",
    "process": "rounded",
}


def kind_shape(kind: Kind, index: int) -> str:
    """The kind's own shape, else one its id suggests, else the next of the cycle by its place
    in the map's kinds: every kind gets its own shape, so colour is never the only cue."""
    return kind.shape or WELL_KNOWN_SHAPES.get(kind.id) or SHAPE_CYCLE[index % len(SHAPE_CYCLE)]


def readable_text(fill: str) -> str:
    """Black or white text, whichever contrasts more with ``fill`` (``#RRGGBB``): WCAG's relative
    luminance, where contrast with black, (L + 0.05) / 0.05, equals white's at L = 0.179. The
    canvas and the web page both pick a concept's text colour so."""
    return "#000000" if luminance(parse(fill)) > 0.179 else "#FFFFFF"
