"""How big a concept's box is: one measurement for the document's first layout and the canvas.

A map may leave concepts unplaced. The document places them as it opens, before any scene
exists, and the boxes it packs must be the boxes the canvas then draws, or packed concepts would
overlap. So the label's line breaking, the padding and the room a shape needs live here, under
the scene, measured with QtGui's font metrics alone (no widgets, no items); the canvas's
NodeItem sizes itself with the same functions. Every theme draws labels in the one font and
wrap width given here (scene/style.py), so a box keeps its size whatever the theme.

Labels are measured from cached word widths: a 5k-concept scene measures 12,000 labels, and with
Qt's text layout (and the search for balanced lines) that took 0.4 s, a fraction of that now.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF

from mapviewer.model import ConceptMap, Node, caption_offset
from mapviewer.palette import DEFAULT_SHAPE, kind_shape

LABEL_PT = 10.0  # the concept label's font size in points
LABEL_WIDTH = 150.0  # labels wrap at this many scene units
PAD_X = 12.0  # room between the label and the box's sides...
PAD_Y = 8.0  # ...and its top and bottom
MIN_WIDTH = 56.0
# A circle holds its label's block (padded by CIRCLE_PAD) within it, corners and all; lines
# wrap at CIRCLE_WRAP of the usual width, so a long label makes a rounder block and a smaller
# circle (a two-line 150-wide block needs one 165 across, three lines of 105 one 140).
CIRCLE_PAD = 6.0
CIRCLE_WRAP = 0.7
# A diamond holds its label in its middle half each way, so it wraps as a circle does: at the
# usual width a two-line name made a flat diamond 270 wide to hold it (the default map's
# biomarkers pushed their frames into their neighbours'), at 105 a rounder one 170-200 wide.
NARROW_WRAP = ("circle", "diamond")
BLANK_WIDTH = 1.0  # the width an empty label lays out at (Qt's text layout of nothing)
# A label of 2 million characters opened as a box 16.7 million units wide (one word) or 1.4
# million tall (words), after seconds of measuring: a label is drawn in at most MAX_LINES
# lines, the last ending in "…" (the Details pane shows it whole), and only its first
# MAX_CHARS characters are read to lay them out.
MAX_LINES = 12
MAX_CHARS = 2000

BoxMeasure = Callable[[Node], tuple[float, float]]  # a concept -> its box's (width, height)


def label_font(family: str = "", point_size: float = LABEL_PT, plain: bool = False) -> QFont:
    """The font concept labels are drawn in (the application's default family when empty):
    demibold, or ``plain`` for a map whose labels are (ConceptMap.lettering)."""
    font = QFont(family) if family else QFont()
    font.setPointSizeF(point_size)
    font.setWeight(QFont.Weight.Normal if plain else QFont.Weight.DemiBold)
    return font


# --- font metrics, cached -------------------------------------------------------------------------

_METRICS: dict[str, QFontMetricsF] = {}
# id(font) -> (the font, its key, its metrics, line spacing, height). Asking Qt for a font's
# key and line spacing costs 2-6 us a call; a 1k map's labels asked 4,500 times (14 ms of its
# first frame). The font is held so its id cannot be reused, and compared (0.1 us) so a font
# changed in place is measured again.
_INFO: dict[int, tuple[QFont, str, QFontMetricsF, float, float]] = {}
_WORDS: dict[str, dict[str, float]] = {}


def font_info(font: QFont) -> tuple[QFont, str, QFontMetricsF, float, float]:
    """(font, key, metrics, line spacing, height), looked up once per font object."""
    info = _INFO.get(id(font))
    if info is None or info[0] != font:
        key = font.key()
        fm = _METRICS.get(key)
        if fm is None:
            fm = _METRICS[key] = QFontMetricsF(font)
        info = _INFO[id(font)] = (font, key, fm, fm.lineSpacing(), fm.height())
    return info


def metrics(font: QFont) -> QFontMetricsF:
    """Font metrics, made once per font: building them costs more than measuring a label."""
    return font_info(font)[2]


def _word_width(font_key: str, fm: QFontMetricsF, word: str) -> float:
    widths = _WORDS.setdefault(font_key, {})
    width = widths.get(word)
    if width is None:
        width = widths[word] = fm.horizontalAdvance(word)
    return width


def line_width(line: str, font: QFont) -> float:
    """The width of one line of single-spaced words, from the cached word widths."""
    _, key, fm, _, _ = font_info(font)
    words = line.split(" ")
    return sum(_word_width(key, fm, word) for word in words) + _word_width(key, fm, " ") * (
        len(words) - 1
    )


# --- line breaking --------------------------------------------------------------------------------


class Lines(NamedTuple):
    """A label broken into lines: each line's text and width, and the block's size."""

    lines: list[str]
    widths: list[float]
    line_height: float
    width: float
    height: float


def _greedy(
    widths: list[float], space: float, limit: float, glued: list[bool] | None = None
) -> list[int]:
    """Indices where lines start when words of ``widths`` fill lines up to ``limit``; a piece
    of a word ``glued`` to the one before joins it without a space (see _break_long_words)."""
    starts = [0]
    line = widths[0] if widths else 0.0
    for index in range(1, len(widths)):
        gap = 0.0 if glued is not None and glued[index] else space
        if line + gap + widths[index] > limit:
            starts.append(index)
            line = widths[index]
        else:
            line += gap + widths[index]
    return starts


def _two_line_width(widths: list[float], space: float) -> float:
    """The narrowest width at which greedy filling puts the words on two lines: the widest
    line of the best split. Word widths are whole 64ths of a pixel (Qt's fixed point), so these
    sums are exact and the answer is the one _greedy's own sums give."""
    best = math.inf
    total = sum(widths) + space * (len(widths) - 1)
    first = widths[0]
    for split in range(1, len(widths)):
        second = total - first - space
        best = min(best, max(first, second))
        first += space + widths[split]
    return best


# Inside a word too wide for a line: after a dot, slash, underscore, colon, backslash or hyphen
# that has more after it; in a piece still too wide, also where a lower-case letter meets a
# capital ("IllegalArgument|Exception").
_AFTER_PUNCTUATION = re.compile(r"(?<=[./_:\\-])(?=[^./_:\\-])")
_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _split(word: str, at: re.Pattern[str]) -> list[str]:
    """``word`` cut where ``at`` matches, leaving no piece of one or two characters at either
    end ("bold</" over "b>")."""
    cuts = [m.start() for m in at.finditer(word) if 3 <= m.start() <= len(word) - 3]
    starts = [0, *cuts, len(word)]
    return [word[a:b] for a, b in itertools.pairwise(starts) if a < b]


def _pieces(word: str, too_wide: Callable[[str], bool]) -> list[str]:
    return [
        small
        for piece in _split(word, _AFTER_PUNCTUATION)
        for small in (_split(piece, _CAMEL_HUMP) if too_wide(piece) else [piece])
    ]


def _chunks(piece: str, key: str, fm: QFontMetricsF, limit: float) -> list[str]:
    """``piece`` as it is, or, when wider than two labels' lines (a run of letters with no
    place to break it: "xxxx…" 16.7 million units wide), cut into runs about ``limit`` wide."""
    width = _word_width(key, fm, piece)
    if width <= max(limit, 2 * LABEL_WIDTH):
        return [piece]
    size = max(1, int(len(piece) * limit / width))
    return [piece[k : k + size] for k in range(0, len(piece), size)]


def _break_long_words(
    words: list[str], widths: list[float], key: str, fm: QFontMetricsF, space: float, limit: float
) -> tuple[list[str], list[float]]:
    """Lines for words of which one is wider than ``limit``: broken inside such words where
    _pieces allows ("java.lang." over "IllegalArgumentException"), balanced as
    break_lines balances; a piece still too wide overflows."""
    tokens: list[str] = []
    sizes: list[float] = []
    glued: list[bool] = []
    for word, width in zip(words, widths, strict=True):
        pieces = (
            _pieces(word, lambda piece: _word_width(key, fm, piece) > limit)
            if width > limit
            else [word]
        )
        pieces = [chunk for piece in pieces for chunk in _chunks(piece, key, fm, limit)]
        for index, piece in enumerate(pieces):
            tokens.append(piece)
            sizes.append(_word_width(key, fm, piece) if len(pieces) > 1 else width)
            glued.append(index > 0)
    starts = _greedy(sizes, space, limit, glued)
    low, high = max(sizes), limit
    for _ in range(8):
        mid = (low + high) / 2
        if len(_greedy(sizes, space, mid, glued)) <= len(starts):
            high = mid
        else:
            low = mid
    starts = _greedy(sizes, space, high, glued)
    lines, line_widths = [], []
    for first, end in zip(starts, [*starts[1:], len(tokens)], strict=True):
        text, width = tokens[first], sizes[first]
        for index in range(first + 1, end):
            text += tokens[index] if glued[index] else " " + tokens[index]
            width += sizes[index] + (0.0 if glued[index] else space)
        lines.append(text)
        line_widths.append(width)
    return lines, line_widths


def break_lines(text: str, font: QFont, max_width: float) -> Lines:
    """Break ``text`` into balanced lines no wider than ``max_width``. A word wider than that
    overflows, unless it is wider than a label's usual wrap width as well (an identifier such
    as "java.lang.IllegalArgumentException", which made boxes 250 units wide and names cut at
    fit): that is broken at its dots, slashes, hyphens or capitals (see _break_long_words). A
    box another tool sized narrower than a word such as "blue/green" keeps it whole, as that
    tool drew it.

    Balanced means "Chimeric antigen receptor / T-cell therapy" rather than a full first line
    and an orphaned last word: the narrowest width that needs no more lines than greedy filling.
    """
    _, key, fm, line_height, font_height = font_info(font)
    cut = len(text) > MAX_CHARS
    if cut:
        text = text[:MAX_CHARS]
    lines: list[str] = []
    # A line's width is its words' widths plus its spaces, all measured once per font: Qt
    # shaping each line again cost ~5 us a line (2,000 lines on a 1k map).
    line_widths: list[float] = []
    space = _word_width(key, fm, " ")
    for paragraph in text.split("\n") or [""]:
        words = paragraph.split()
        if not words:
            lines.append("")
            line_widths.append(0.0)
            continue
        widths = [_word_width(key, fm, w) for w in words]
        if max(widths) > max(max_width, LABEL_WIDTH):
            broken, broken_widths = _break_long_words(words, widths, key, fm, space, max_width)
            lines += broken
            line_widths += broken_widths
            continue
        if sum(widths) + space * (len(words) - 1) <= max_width:
            starts = [0]
        else:
            starts = _greedy(widths, space, max_width)
            low, high = max(widths), max_width
            # Greedy filling needs no more lines than ``starts`` exactly when the width is at
            # least the best split's widest line. For two lines that is one pass over the split
            # points, so the search compares numbers instead of filling lines 8 times (most
            # wrapped labels take two lines; 0.6 s of a 100k map's scene build).
            fits = _two_line_width(widths, space) if len(starts) == 2 else None
            for _ in range(8):
                mid = (low + high) / 2
                if (
                    mid >= fits
                    if fits is not None
                    else len(_greedy(widths, space, mid)) <= len(starts)
                ):
                    high = mid
                else:
                    low = mid
            starts = _greedy(widths, space, high)
        for first, end in zip(starts, [*starts[1:], len(words)], strict=True):
            lines.append(" ".join(words[first:end]))
            line_widths.append(sum(widths[first:end]) + space * (end - first - 1))
        if len(lines) > MAX_LINES:
            break
    if cut or len(lines) > MAX_LINES:
        del lines[MAX_LINES:], line_widths[MAX_LINES:]
        room = max(max_width, line_widths[-1])
        last = lines[-1].rstrip()
        while " " in last and _word_width(key, fm, last + "…") > room:
            last = last.rsplit(" ", 1)[0].rstrip()
        last = fm.elidedText(last + "…", Qt.TextElideMode.ElideRight, room)
        lines[-1], line_widths[-1] = last, _word_width(key, fm, last)
    height = font_height + (len(lines) - 1) * line_height
    return Lines(lines, line_widths, line_height, max(line_widths) + 1.0, height)


# --- boxes ----------------------------------------------------------------------------------------


@cache
def shape_padding(shape: str) -> tuple[float, float]:
    """Extra room a shape needs around its label so the text stays inside the outline."""
    return {
        "ellipse": (22.0, 10.0),
        "diamond": (34.0, 16.0),
        "hexagon": (16.0, 4.0),
        "octagon": (10.0, 4.0),
        "parallelogram": (14.0, 2.0),
        "pill": (8.0, 0.0),
        "circle": (22.0, 10.0),  # as an ellipse: a name tag beside one (scene.hubnames), and
        # room to wrap in; box_around sizes the circle itself its own way
        "cylinder": (0.0, 14.0),  # its lid and its rounded foot
        "cloud": (26.0, 14.0),
        "document": (0.0, 8.0),  # its wavy foot
        "tag": (16.0, 0.0),
        "triangle": (44.0, 22.0),  # the label sits low and wide in it
        "card": (8.0, 2.0),
    }.get(shape, (0.0, 0.0))


# --- outlines ------------------------------------------------------------------------------------

# The least room between a label's lines and its shape's outline, beyond which a line reads as
# spilling out (the outline's pen takes half of it).
LABEL_MARGIN = 3.0
TRIANGLE_RISE = 0.5  # a triangle is at least this share of its width tall
# yEd's cloud's dips (CLOUD_BUMPS of them, between its bumps) lie this share of the way out
# from its middle to its box: the octagon through them is inside the cloud (scene.style's
# cloud_curves, which draws the bumps as half circles on its sides).
_CLOUD_DIP = 1 / (math.cos(math.pi / 8) + math.sin(math.pi / 8))


def _cut(width: float, height: float, frac: float) -> float:
    """Width of a corner cut, as a share of the width: a fraction of the height, so tall boxes
    keep readable sides."""
    return min(height * frac, width * 0.25) / width


def polygon_fractions(
    shape: str, width: float, height: float
) -> tuple[tuple[float, float], ...] | None:
    """The corners of a polygonal shape in a box of this size, as shares of its width and
    height from its top left (None for rectangles and curved shapes): what scene.style draws
    and what a label is fitted into."""
    if shape == "hexagon":
        c = _cut(width, height, 0.45)
        return ((c, 0), (1 - c, 0), (1, 0.5), (1 - c, 1), (c, 1), (0, 0.5))
    if shape == "octagon":
        c = _cut(width, height, 0.3)
        cy = min(0.3, c * width / height)
        return ((c, 0), (1 - c, 0), (1, cy), (1, 1 - cy), (1 - c, 1), (c, 1), (0, 1 - cy), (0, cy))
    if shape == "diamond":
        return ((0.5, 0), (1, 0.5), (0.5, 1), (0, 0.5))
    if shape == "parallelogram":
        c = _cut(width, height, 0.35)
        return ((c, 0), (1, 0), (1 - c, 1), (0, 1))
    if shape == "triangle":  # Cytoscape's and yEd's: pointing up, its foot the box's
        return ((0.5, 0), (1, 1), (0, 1))
    if shape == "tag":  # yEd's userMessage, Cytoscape's tag: pointed at the right
        c = _cut(width, height, 0.5)
        return ((0, 0), (1 - c, 0), (1, 0.5), (1 - c, 1), (0, 1))
    if shape == "card":  # yEd's card (a punched card): its top-left corner cut off
        c = _cut(width, height, 0.35)
        cy = min(0.35, c * width / height)
        return ((c, 0), (1, 0), (1, 1), (0, 1), (0, cy))
    return None


def cylinder_lid(width: float, height: float) -> float:
    """Half the height of a cylinder's lid: a share of the box, flatter on a wide low box so
    the label keeps its room, as yEd's dataBase draws it."""
    return max(2.0, min(height * 0.15, width * 0.12))


def document_wave(width: float, height: float) -> float:
    """How far a document's wavy foot rises and falls about its line."""
    return min(height * 0.1, width * 0.1)


def label_shift(shape: str, width: float, height: float, text_height: float) -> float:
    """How far below the box's middle the label's middle sits: in a triangle on its foot,
    where it is wide (centred, a name ran out of both slanted sides); in a cylinder under its
    lid; in a document above its wavy foot. Elsewhere the label is centred."""
    if shape == "triangle":
        return max(0.0, height / 2 - PAD_Y - text_height / 2)
    if shape == "cylinder":
        return cylinder_lid(width, height) / 2
    if shape == "document":
        return -document_wave(width, height)
    return 0.0


def _convex_corners(
    shape: str, width: float, height: float
) -> tuple[tuple[float, float], ...] | None:
    """The corners, as shares of the box, of a convex outline a label must sit inside, turning
    clockwise on screen: a polygon's own, or the octagon through a cloud's dips (None for the
    other shapes)."""
    if shape == "cloud":
        return _CLOUD_OCTAGON
    return polygon_fractions(shape, width, height)


_CLOUD_OCTAGON = tuple(
    (
        0.5 + _CLOUD_DIP * math.cos(k * math.pi / 8) / 2,
        0.5 + _CLOUD_DIP * math.sin(k * math.pi / 8) / 2,
    )
    for k in range(1, 16, 2)
)


def _convex_scale(
    corners: tuple[tuple[float, float], ...],
    width: float,
    height: float,
    a: float,
    b: float,
    shift: tuple[float, float],
) -> float:
    """The least factor by which a convex outline of ``corners`` in a box of this size must
    grow, both ways, to hold a block reaching ``a`` either side of its middle and ``b`` above
    and below the label's middle, which sits ``shift[0] + factor * shift[1]`` below the box's
    (see label_shift). Each side's inner side is a linear condition on the factor, so this is
    solved outright: searched for, it cost 100 us a concept."""
    low, rise = shift
    need = 0.0
    fx, fy = corners[-1]
    px, py = (fx - 0.5) * width, (fy - 0.5) * height
    for fx, fy in corners:  # each side, from (px, py) to (qx, qy)
        qx, qy = (fx - 0.5) * width, (fy - 0.5) * height
        nx, ny = py - qy, qx - px  # points inwards on a clockwise outline
        # The block's corner furthest out across this side is the one to hold: inside at
        # factor f when nx * x + ny * (y + f * rise) >= f * (nx * px + ny * py).
        short = nx * (a if nx > 0 else -a) - ny * (low - b if ny > 0 else low + b)
        if short > 0:
            gain = ny * rise - nx * px - ny * py
            need = max(need, short / gain if gain > 0 else _GROWTH_LIMIT)
        px, py = qx, qy
    return need


_GROWTH_LIMIT = 64.0  # no label needs its box this many times the padded size


def _holds(shape: str, width: float, height: float, a: float, b: float) -> bool:
    """Whether a pill, cylinder or document of this size holds a block reaching ``a`` either
    side of its middle and ``b`` above and below the label's middle (see label_shift)."""
    half_w, half_h = width / 2, height / 2
    dy = label_shift(shape, width, height, 2 * (b - LABEL_MARGIN))
    if shape == "pill":  # a corner past the straight sides is within the round end, which
        # is an ellipse's when the pill is taller than wide (Qt keeps a radius to half a side)
        radius = min(half_w, half_h)
        over = max(a - half_w + radius, 0.0)
        return (over / radius) ** 2 + (b / half_h) ** 2 <= 1
    if shape == "cylinder":  # between the lid's near rim and where the sides meet the foot
        lid = cylinder_lid(width, height)
        return a <= half_w and dy - b >= 2 * lid - half_h and dy + b <= half_h - lid
    if shape == "document":  # above the wave's crest
        wave = document_wave(width, height)
        return a <= half_w and dy - b >= -half_h and dy + b <= half_h - 2 * wave
    return True


def _fitted(
    shape: str, width: float, height: float, text_width: float, text_height: float
) -> float:
    """The least factor (1 or more) by which a box of ``shape`` and this size must grow, both
    ways, for its label to sit LABEL_MARGIN inside its outline. A shape's padding (see
    shape_padding) suits a label of a line or two; a long one spilled out of the sides of an
    ellipse, a diamond, a cloud, and one word out of a triangle."""
    if shape in ("rounded", "rectangle", "circle"):  # the padding keeps it in
        return 1.0
    a, b = text_width / 2 + LABEL_MARGIN, text_height / 2 + LABEL_MARGIN
    if shape == "ellipse":
        return max(1.0, math.hypot(2 * a / width, 2 * b / height))
    corners = _convex_corners(shape, width, height)
    if corners is not None:
        # A triangle's label sits on its foot, which moves down as the box grows.
        shift = (-PAD_Y - text_height / 2, height / 2) if shape == "triangle" else (0.0, 0.0)
        return max(1.0, _convex_scale(corners, width, height, a, b, shift))
    if _holds(shape, width, height, a, b):
        return 1.0
    low, high = 1.0, 2.0
    while not _holds(shape, width * high, height * high, a, b):
        low, high = high, high * 2
        if high > _GROWTH_LIMIT:
            return high
    for _ in range(14):
        mid = (low + high) / 2
        if _holds(shape, width * mid, height * mid, a, b):
            high = mid
        else:
            low = mid
    return high


def wrap_width(shape: str, fixed_width: float | None, label_width: float = LABEL_WIDTH) -> float:
    """How wide a label's lines may grow: a box width the file sets (imported maps keep their
    sizes) leaves room for the padding and the shape; otherwise the theme's wrap width."""
    if fixed_width:
        return max(40.0, min(600.0, fixed_width - 2 * PAD_X - shape_padding(shape)[0]))
    return label_width * CIRCLE_WRAP if shape in NARROW_WRAP else label_width


def label_wrap(
    text: str,
    font: QFont,
    shape: str,
    fixed_width: float | None,
    fixed_height: float | None,
    label_width: float = LABEL_WIDTH,
) -> float:
    """How wide a concept's label lines may grow: ``wrap_width``, except in a box whose height
    the file sets that the label, so wrapped, would make taller. There the label wraps as in a
    box of no set size and the box grows wider instead, as yEd draws a label too long for its
    node on its own lines and CmapTools fits the box to the text: both sized their boxes for
    narrower fonts than ours, and wrapping within them stacked a 30-high yEd legend entry four
    lines high ("curation / start / Page / Note"), over the entries above and below it."""
    wrap = wrap_width(shape, fixed_width, label_width)
    if not fixed_height or wrap >= label_width:
        return wrap
    tall = break_lines(text, font, wrap).height + 2 * PAD_Y + shape_padding(shape)[1]
    return wrap if tall <= fixed_height else label_width


# The type a label may be set down to, in steps, to keep the lines of a box another tool sized
# for its narrower type (fitted_font): a tenth smaller reads as the same label; below this share,
# the box grows round the label instead.
FIT_STEPS = (0.95, 0.9, 0.85, 0.8)


@cache
def fitted_font(
    text: str,
    font: QFont,
    shape: str,
    fixed_width: float | None,
    fixed_height: float | None,
    label_width: float = LABEL_WIDTH,
    captioned: bool = False,
) -> QFont:
    """``font``, or a step smaller (FIT_STEPS) where a box whose width and height the file
    sets holds the label on its lines only so: yEd sized its boxes for its own type, and in
    ours phenodcc's "download only visible" took two lines in a box 30 high, its box grown
    over "responsive interface" 10 units below; yEd's autoSizePolicy "content" sizes the
    label, never the node, so the box the author drew is kept and the type gives. A
    ``captioned`` box (a picture, its name written outside it) holds no label: ``font``."""
    if captioned or not (fixed_width and fixed_height) or not text.strip():
        return font
    wrap = wrap_width(shape, fixed_width, label_width)
    room = fixed_height - 2 * PAD_Y - shape_padding(shape)[1]
    if wrap >= label_width or break_lines(text, font, wrap).height <= room:
        return font
    _, _, _, line_height, font_height = font_info(font)
    held = max(1, 1 + math.floor((room - font_height) / line_height))  # at least one line
    if len(break_lines(text, font, wrap).lines) <= held:
        return font  # on the box's lines already: smaller type would gain no line
    for step in FIT_STEPS:
        smaller = QFont(font)
        smaller.setPointSizeF(font.pointSizeF() * step)
        if len(break_lines(text, smaller, wrap).lines) <= held:
            return smaller
    return font


def box_around(
    text_width: float,
    text_height: float,
    shape: str,
    fixed_width: float | None,
    fixed_height: float | None = None,
) -> tuple[float, float]:
    """The (width, height) of a box of ``shape`` around a label block of the given size: at
    least the width and height the file sets (an imported card keeps its size), and never
    smaller than the label needs. The label is drawn centred in it, across and down. A circle
    is as tall as it is wide: the larger of the sizes set, or the circle round the label."""
    if shape == "circle":
        if text_width <= BLANK_WIDTH and fixed_width and fixed_height:
            side = max(fixed_width, fixed_height)
        else:
            held = math.hypot(text_width + 2 * CIRCLE_PAD, text_height + 2 * CIRCLE_PAD)
            side = max(MIN_WIDTH, held, fixed_width or 0.0, fixed_height or 0.0)
        return side, side
    if text_width <= BLANK_WIDTH and fixed_width and fixed_height:
        return fixed_width, fixed_height  # no label: as the file draws it (yEd's 8 x 8 corners)
    extra_x, extra_y = shape_padding(shape)
    # The least width is the one the file sets, where it sets one: CmapTools draws "16" 31
    # wide, and at mapviewer's own least width (56) the numbered concepts of a row 32 apart
    # covered each other, "16" hidden under "17".
    width = max(fixed_width or MIN_WIDTH, text_width + 2 * PAD_X + extra_x)
    height = max(text_height + 2 * PAD_Y + extra_y, fixed_height or 0.0)
    if shape == "triangle":  # at least half as tall as wide: round a line it was a flat sliver
        height = max(height, width * TRIANGLE_RISE)
    scale = _fitted(shape, width, height, text_width, text_height)
    return width * scale, height * scale


def map_measure(cmap: ConceptMap) -> BoxMeasure:
    """Measures the concepts of ``cmap`` as the canvas will draw them: in the label font (in
    the concept's own text size where it has one), each in its own shape or else its kind's
    (as the map's kinds resolve it), at least as wide and as tall as it says if it does."""
    shapes = {"": DEFAULT_SHAPE}
    shapes.update((kind.id, kind_shape(kind, index)) for index, kind in enumerate(cmap.kinds))
    plain = cmap.lettering == "plain"
    plain_font = label_font(plain=plain)
    sized: dict[float, QFont] = {}  # a concept's own text size -> its font, made once

    def measure(node: Node) -> tuple[float, float]:
        if node.width and node.height and caption_offset(node) is not None:
            return node.width, node.height  # a picture, its name written outside it
        shape = node.shape or shapes.get(node.kind or "", DEFAULT_SHAPE)
        if node.text_size is None:
            font = plain_font
        else:
            font = sized.get(node.text_size) or sized.setdefault(
                node.text_size, label_font(point_size=node.text_size, plain=plain)
            )
        font = fitted_font(node.label, font, shape, node.width, node.height)
        wrap = label_wrap(node.label, font, shape, node.width, node.height)
        block = break_lines(node.label, font, wrap)
        return box_around(block.width, block.height, shape, node.width, node.height)

    return measure
