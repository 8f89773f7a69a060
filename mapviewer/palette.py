"""The colours and shapes kinds get when their map gives none; no Qt, so importers, exporters,
the document's first layout and the canvas share them.

Okabe & Ito (2008), "Color Universal Design", minus black, plus two safe extras: it stays
distinguishable for the common forms of colour blindness.
"""

from __future__ import annotations

from typing import Final

from mapviewer.model import Kind

PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#B8A200",  # yellow, darkened so a border is visible on white
    "#6A3D9A",  # purple
    "#8C564B",  # brown
    "#7F7F7F",  # grey
)


def kind_color(kind: Kind, index: int) -> str:
    """The kind's own colour, else the palette's by its place in the map's kinds, so a kind
    looks the same in the window and in a web-page export."""
    return kind.color or PALETTE[index % len(PALETTE)]


DEFAULT_SHAPE: Final = "rounded"  # concepts of no kind (or of a kind the map does not list)
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
    channels = [int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return "#000000" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.179 else "#FFFFFF"
