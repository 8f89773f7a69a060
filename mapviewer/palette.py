"""The colours kinds get when their map gives none; no Qt, so importers and exporters share them.

Okabe & Ito (2008), "Color Universal Design", minus black, plus two safe extras: it stays
distinguishable for the common forms of colour blindness.
"""

from __future__ import annotations

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
