"""Colour maths with no Qt: WCAG contrast, CIELAB and CIEDE2000, and simulated colour vision
deficiency, so the themes, the kinds' palette and their tests measure colours one way.

Sources:
- WCAG 2.1, "relative luminance" and "contrast ratio" (success criteria 1.4.3 and 1.4.11):
  text needs 4.5:1 against what is behind it (AA), a graphical object 3:1.
- CIELAB (D65 white) and CIEDE2000 as written out by Sharma, Wu & Dalal (2005), "The CIEDE2000
  color-difference formula: implementation notes", Color Res. Appl. 30(1); ``delta_e2000`` gives
  their test pairs' values (tests/test_kind_colours.py checks some).
- Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color
  vision deficiency", IEEE TVCG 15(6): the severity 1.0 matrices for protanopia and
  deuteranopia, applied to linear RGB as the paper's model works in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

RGB = tuple[float, float, float]  # sRGB channels, 0..1
LAB = tuple[float, float, float]

AA_TEXT = 4.5  # WCAG 2.1 AA, normal text
AA_GRAPHIC = 3.0  # WCAG 2.1 AA, a graphical object such as a colour swatch

# Machado et al. (2009), table of simulation matrices, severity 1.0 (linear RGB in and out).
PROTANOPIA = (
    (0.152286, 1.052583, -0.204868),
    (0.114503, 0.786281, 0.099216),
    (-0.003882, -0.048116, 1.051998),
)
DEUTERANOPIA = (
    (0.367322, 0.860646, -0.227968),
    (0.280085, 0.672501, 0.047413),
    (-0.011820, 0.042940, 0.968881),
)
DEFICIENCIES = {"deuteranopia": DEUTERANOPIA, "protanopia": PROTANOPIA}


# The colours CSS and SVG name (CSS Color Module Level 4, section 6.1), as ``#RRGGBB``: GraphML
# and GEXF files give a colour as a plain attribute, often by name (the GraphML primer's nodes
# are "green", "yellow" and "turquoise"; cytoscape.js styles say "red").
CSS_NAMED: dict[str, str] = {
    "aliceblue": "#F0F8FF", "antiquewhite": "#FAEBD7", "aqua": "#00FFFF", "aquamarine": "#7FFFD4",
    "azure": "#F0FFFF", "beige": "#F5F5DC", "bisque": "#FFE4C4", "black": "#000000",
    "blanchedalmond": "#FFEBCD", "blue": "#0000FF", "blueviolet": "#8A2BE2", "brown": "#A52A2A",
    "burlywood": "#DEB887", "cadetblue": "#5F9EA0", "chartreuse": "#7FFF00",
    "chocolate": "#D2691E", "coral": "#FF7F50", "cornflowerblue": "#6495ED", "cornsilk": "#FFF8DC",
    "crimson": "#DC143C", "cyan": "#00FFFF", "darkblue": "#00008B", "darkcyan": "#008B8B",
    "darkgoldenrod": "#B8860B", "darkgray": "#A9A9A9", "darkgreen": "#006400",
    "darkgrey": "#A9A9A9", "darkkhaki": "#BDB76B", "darkmagenta": "#8B008B",
    "darkolivegreen": "#556B2F", "darkorange": "#FF8C00", "darkorchid": "#9932CC",
    "darkred": "#8B0000", "darksalmon": "#E9967A", "darkseagreen": "#8FBC8F",
    "darkslateblue": "#483D8B", "darkslategray": "#2F4F4F", "darkslategrey": "#2F4F4F",
    "darkturquoise": "#00CED1", "darkviolet": "#9400D3", "deeppink": "#FF1493",
    "deepskyblue": "#00BFFF", "dimgray": "#696969", "dimgrey": "#696969", "dodgerblue": "#1E90FF",
    "firebrick": "#B22222", "floralwhite": "#FFFAF0", "forestgreen": "#228B22",
    "fuchsia": "#FF00FF", "gainsboro": "#DCDCDC", "ghostwhite": "#F8F8FF", "gold": "#FFD700",
    "goldenrod": "#DAA520", "gray": "#808080", "green": "#008000", "greenyellow": "#ADFF2F",
    "grey": "#808080", "honeydew": "#F0FFF0", "hotpink": "#FF69B4", "indianred": "#CD5C5C",
    "indigo": "#4B0082", "ivory": "#FFFFF0", "khaki": "#F0E68C", "lavender": "#E6E6FA",
    "lavenderblush": "#FFF0F5", "lawngreen": "#7CFC00", "lemonchiffon": "#FFFACD",
    "lightblue": "#ADD8E6", "lightcoral": "#F08080", "lightcyan": "#E0FFFF",
    "lightgoldenrodyellow": "#FAFAD2", "lightgray": "#D3D3D3", "lightgreen": "#90EE90",
    "lightgrey": "#D3D3D3", "lightpink": "#FFB6C1", "lightsalmon": "#FFA07A",
    "lightseagreen": "#20B2AA", "lightskyblue": "#87CEFA", "lightslategray": "#778899",
    "lightslategrey": "#778899", "lightsteelblue": "#B0C4DE", "lightyellow": "#FFFFE0",
    "lime": "#00FF00", "limegreen": "#32CD32", "linen": "#FAF0E6", "magenta": "#FF00FF",
    "maroon": "#800000", "mediumaquamarine": "#66CDAA", "mediumblue": "#0000CD",
    "mediumorchid": "#BA55D3", "mediumpurple": "#9370DB", "mediumseagreen": "#3CB371",
    "mediumslateblue": "#7B68EE", "mediumspringgreen": "#00FA9A", "mediumturquoise": "#48D1CC",
    "mediumvioletred": "#C71585", "midnightblue": "#191970", "mintcream": "#F5FFFA",
    "mistyrose": "#FFE4E1", "moccasin": "#FFE4B5", "navajowhite": "#FFDEAD", "navy": "#000080",
    "oldlace": "#FDF5E6", "olive": "#808000", "olivedrab": "#6B8E23", "orange": "#FFA500",
    "orangered": "#FF4500", "orchid": "#DA70D6", "palegoldenrod": "#EEE8AA",
    "palegreen": "#98FB98", "paleturquoise": "#AFEEEE", "palevioletred": "#DB7093",
    "papayawhip": "#FFEFD5", "peachpuff": "#FFDAB9", "peru": "#CD853F", "pink": "#FFC0CB",
    "plum": "#DDA0DD", "powderblue": "#B0E0E6", "purple": "#800080", "red": "#FF0000",
    "rosybrown": "#BC8F8F", "royalblue": "#4169E1", "saddlebrown": "#8B4513", "salmon": "#FA8072",
    "sandybrown": "#F4A460", "seagreen": "#2E8B57", "seashell": "#FFF5EE", "sienna": "#A0522D",
    "silver": "#C0C0C0", "skyblue": "#87CEEB", "slateblue": "#6A5ACD", "slategray": "#708090",
    "slategrey": "#708090", "snow": "#FFFAFA", "springgreen": "#00FF7F", "steelblue": "#4682B4",
    "tan": "#D2B48C", "teal": "#008080", "thistle": "#D8BFD8", "tomato": "#FF6347",
    "turquoise": "#40E0D0", "violet": "#EE82EE", "wheat": "#F5DEB3", "white": "#FFFFFF",
    "whitesmoke": "#F5F5F5", "yellow": "#FFFF00", "yellowgreen": "#9ACD32",
    "rebeccapurple": "#663399"
}  # fmt: skip


def parse(colour: str) -> RGB:
    """``#RRGGBB`` (or ``#RGB``) as sRGB channels 0..1."""
    text = colour.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        raise ValueError(f"not a #RRGGBB colour: {colour!r}")
    return (int(text[0:2], 16) / 255, int(text[2:4], 16) / 255, int(text[4:6], 16) / 255)


def to_hex(rgb: RGB) -> str:
    return "#" + "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in rgb)


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    c = min(1.0, max(0.0, c))
    return c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def luminance(rgb: RGB) -> float:
    """WCAG's relative luminance."""
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG's contrast ratio, 1 to 21, whichever colour is lighter."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """``t`` of ``a`` over ``1 - t`` of ``b``, channel by channel in sRGB as Qt's painter
    composes a translucent colour."""
    return (a[0] * t + b[0] * (1 - t), a[1] * t + b[1] * (1 - t), a[2] * t + b[2] * (1 - t))


def composite(colour: RGB, alpha: float, behind: RGB) -> RGB:
    """What a translucent colour looks like drawn over ``behind``."""
    return mix(colour, behind, alpha)


def readable_on(colour: RGB, behind: RGB, ratio: float = AA_TEXT) -> RGB:
    """``colour``, moved towards black or white (whichever ``behind`` contrasts more with)
    just far enough to reach ``ratio`` against ``behind``: a hue chosen for meaning (a kind's
    swatch, a warning's orange) keeps its hue and becomes legible on either theme."""
    if contrast(colour, behind) >= ratio:
        return colour
    white, black = (1.0, 1.0, 1.0), (0.0, 0.0, 0.0)
    goal = white if contrast(white, behind) >= contrast(black, behind) else black
    low, high = 0.0, 1.0  # how much of the goal goes in; bisection, the contrast is monotonic
    for _ in range(20):
        middle = (low + high) / 2
        if contrast(mix(goal, colour, middle), behind) >= ratio:
            high = middle
        else:
            low = middle
    # As painted, 8 bits a channel: a step further while rounding lost the last hair.
    found = quantize(mix(goal, colour, high))
    while contrast(found, behind) < ratio and high < 1:
        high = min(1.0, high + 1 / 255)
        found = quantize(mix(goal, colour, high))
    return found


# A link's own colour this close to the canvas would not be seen: yEd's black lines on the dark
# or projector canvas (1.2:1 and 1:1) are drawn in the canvas's link grey instead, and a colour
# with a hue (Gephi's pale community greens, 1.2-1.4:1 on the light canvas) is darkened or
# lightened just enough, keeping its hue: grey there would hide which community a link leaves.
LEAST_LINE_CONTRAST = 1.5
HUED = 0.25  # HSV saturation from which a colour is a hue to keep, not a grey
# Whether a link's colour has a hue is its CIELAB chroma, not its HSV saturation: saturation
# called GeneMANIA's sand (#DAD4A8, chroma 23, its "shared protein domains") a grey at 0.229,
# drawing its 27 links in the theme's grey, while it calls a near-black blue (#101820, chroma 7)
# a hue at 0.5. Below this chroma a colour reads as a tinted grey (a warm grey #808070 is 9).
GREY_CHROMA = 10.0


def line_on(colour: RGB, canvas: RGB, grey: RGB) -> RGB:
    """How a link of ``colour`` is drawn on ``canvas`` whose own links are ``grey``: as it is
    where it shows, else kept in its hue or, a grey itself, in ``grey`` (see above)."""
    if contrast(colour, canvas) >= LEAST_LINE_CONTRAST:
        return colour
    _, a, b = lab(colour)
    if math.hypot(a, b) >= GREY_CHROMA:
        return readable_on(colour, canvas, LEAST_LINE_CONTRAST)
    return grey


# A tinted map (ConceptMap.fills) draws a concept's colour as Obsidian draws a coloured card: the
# colour at 7 % over the card, inside an outline of the colour.
TINT = 0.07
WHITE: RGB = (1.0, 1.0, 1.0)


def tinted_look(colour: RGB, canvas: RGB) -> tuple[RGB, RGB]:
    """Fill and outline of a concept of ``colour`` in a tinted map on ``canvas``: the colour at
    TINT over a card (white on a light canvas, a shade off the canvas on a dark one), outlined
    in the colour itself, moved only as far as 3:1 against the canvas needs (a white card gets
    a grey edge). One rule for the window and the web page."""
    dark = luminance(canvas) < luminance((0.5, 0.5, 0.5))
    card = mix(WHITE, canvas, 0.08) if dark else WHITE
    return quantize(mix(colour, card, TINT)), readable_on(colour, canvas, AA_GRAPHIC)


def quantize(rgb: RGB) -> RGB:
    """Rounded to 8 bits a channel."""
    return (round(rgb[0] * 255) / 255, round(rgb[1] * 255) / 255, round(rgb[2] * 255) / 255)


def simulate(rgb: RGB, matrix: Sequence[Sequence[float]]) -> RGB:
    """How ``rgb`` looks with the deficiency ``matrix`` describes (Machado et al. 2009)."""
    linear = [_linear(c) for c in rgb]
    out = [sum(m * c for m, c in zip(row, linear, strict=True)) for row in matrix]
    return (_gamma(out[0]), _gamma(out[1]), _gamma(out[2]))


def lab(rgb: RGB) -> LAB:
    """CIELAB under D65, from sRGB."""
    r, g, b = (_linear(c) for c in rgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def delta_e2000(lab1: LAB, lab2: LAB) -> float:
    """CIEDE2000 between two CIELAB colours (kL = kC = kH = 1), after Sharma et al. (2005)."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    d_l, d_c = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    elif h2p - h1p > 180:
        dh = h2p - h1p - 360
    else:
        dh = h2p - h1p + 360
    d_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, cp_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        h_bar = (h1p + h2p + 360) / 2
    else:
        h_bar = (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_bar - 30))
        + 0.24 * math.cos(math.radians(2 * h_bar))
        + 0.32 * math.cos(math.radians(3 * h_bar + 6))
        - 0.20 * math.cos(math.radians(4 * h_bar - 63))
    )
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * cp_bar
    s_h = 1 + 0.015 * cp_bar * t
    d_theta = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_bar**7 / (cp_bar**7 + 25**7))
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt(
        (d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h)
    )


def difference(a: RGB, b: RGB, vision: str = "") -> float:
    """CIEDE2000 between two sRGB colours as seen with normal vision (``""``) or one of
    DEFICIENCIES."""
    if vision:
        matrix = DEFICIENCIES[vision]
        a, b = simulate(a, matrix), simulate(b, matrix)
    return delta_e2000(lab(a), lab(b))


def closest_pairs(
    colours: dict[str, RGB], visions: Iterable[str] = ("", *DEFICIENCIES)
) -> list[tuple[float, str, str, str]]:
    """Every pair of named colours with its smallest difference over ``visions``, closest
    first: (ΔE2000, vision, name, name)."""
    names = list(colours)
    found = []
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            worst = min((difference(colours[first], colours[second], v), v) for v in visions)
            found.append((worst[0], worst[1], first, second))
    return sorted(found)
