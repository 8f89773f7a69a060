"""Label text: measured from cached word widths, laid out for drawing only when first drawn.

Building a 5k-concept scene measured 12,000 labels; with Qt's text layout (and the binary search
for balanced lines) that took 0.4 s, with cached word widths it takes a fraction of that. Most
labels of a big map are never drawn at a readable size, so their QStaticText waits until they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QStaticText

_METRICS: dict[str, QFontMetricsF] = {}


def metrics(font: QFont) -> QFontMetricsF:
    """Font metrics, made once per font: building them costs more than measuring a label."""
    return _font_info(font)[2]


# id(font) -> (the font, its key, its metrics, line spacing, height). Asking Qt for a font's
# key and line spacing costs 2-6 us a call; a 1k map's labels asked 4,500 times (14 ms of its
# first frame). The font is held so its id cannot be reused, and compared (0.1 us) so a font
# changed in place is measured again.
_INFO: dict[int, tuple[QFont, str, QFontMetricsF, float, float]] = {}


def _font_info(font: QFont) -> tuple[QFont, str, QFontMetricsF, float, float]:
    info = _INFO.get(id(font))
    if info is None or info[0] != font:
        key = font.key()
        fm = _METRICS.get(key)
        if fm is None:
            fm = _METRICS[key] = QFontMetricsF(font)
        info = _INFO[id(font)] = (font, key, fm, fm.lineSpacing(), fm.height())
    return info


_WORDS: dict[str, dict[str, float]] = {}


def _word_width(font_key: str, fm: QFontMetricsF, word: str) -> float:
    widths = _WORDS.setdefault(font_key, {})
    width = widths.get(word)
    if width is None:
        width = widths[word] = fm.horizontalAdvance(word)
    return width


def line_width(line: str, font: QFont) -> float:
    """The width of one line of single-spaced words, from the cached word widths."""
    _, key, fm, _, _ = _font_info(font)
    words = line.split(" ")
    return sum(_word_width(key, fm, word) for word in words) + _word_width(key, fm, " ") * (
        len(words) - 1
    )


def _greedy(widths: list[float], space: float, limit: float) -> list[int]:
    """Indices where lines start when words of ``widths`` fill lines up to ``limit``."""
    starts = [0]
    line = widths[0] if widths else 0.0
    for index in range(1, len(widths)):
        if line + space + widths[index] > limit:
            starts.append(index)
            line = widths[index]
        else:
            line += space + widths[index]
    return starts


@dataclass(eq=False)
class LabelText:
    """A label broken into lines, with each line's width and the block's size.

    Line breaks are computed here from word widths, not by Qt's text layout, so measuring a
    label costs a few dictionary lookups; each line is drawn as its own unwrapped QStaticText,
    built the first time the label is drawn at a readable size.
    """

    lines: list[str]
    widths: list[float]
    line_height: float
    size: QSizeF
    _statics: list[QStaticText] | None = field(default=None, repr=False)

    def draw(self, painter: QPainter, top_left: QPointF) -> None:
        if self._statics is None:
            self._statics = [_static(line) for line in self.lines]
        centre = top_left.x() + self.size.width() / 2
        y = top_left.y()
        for static, width in zip(self._statics, self.widths, strict=True):
            painter.drawStaticText(QPointF(centre - width / 2, y), static)
            y += self.line_height

    def bars(self) -> list[QRectF]:
        """Stand-ins for the lines when text is too small to read, relative to the top left."""
        rects = []
        for index, width in enumerate(self.widths):
            top = index * self.line_height + self.line_height * 0.3
            left = (self.size.width() - width) / 2
            rects.append(QRectF(left, top, width, self.line_height * 0.45))
        return rects


def _static(line: str) -> QStaticText:
    static = QStaticText(line)
    static.setTextFormat(Qt.TextFormat.PlainText)  # a label is never HTML
    static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
    return static


_SHARED: dict[tuple[str, str, float], LabelText] = {}


def shared_label(text: str, font: QFont, max_width: float) -> LabelText:
    """``layout_label`` for texts that repeat, such as linking phrases: laid out once, shared."""
    key = (_font_info(font)[1], text, max_width)
    found = _SHARED.get(key)
    if found is None:
        if len(_SHARED) > 50_000:
            _SHARED.clear()
        found = _SHARED[key] = layout_label(text, font, max_width)
    return found


def layout_label(text: str, font: QFont, max_width: float) -> LabelText:
    """Break ``text`` into balanced lines no wider than ``max_width`` (a longer word overflows).

    Balanced means "Chimeric antigen receptor / T-cell therapy" rather than a full first line
    and an orphaned last word: the narrowest width that needs no more lines than greedy filling.
    """
    _, key, fm, line_height, font_height = _font_info(font)
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
        if sum(widths) + space * (len(words) - 1) <= max_width:
            starts = [0]
        else:
            starts = _greedy(widths, space, max_width)
            low, high = max(widths), max_width
            for _ in range(8):
                mid = (low + high) / 2
                if len(_greedy(widths, space, mid)) <= len(starts):
                    high = mid
                else:
                    low = mid
            starts = _greedy(widths, space, high)
        for first, end in zip(starts, [*starts[1:], len(words)], strict=True):
            lines.append(" ".join(words[first:end]))
            line_widths.append(sum(widths[first:end]) + space * (end - first - 1))
    height = font_height + (len(lines) - 1) * line_height
    return LabelText(lines, line_widths, line_height, QSizeF(max(line_widths) + 1.0, height))


def plain_tooltip(text: str) -> str:
    """Qt renders a tooltip as HTML when it merely looks like markup; escape it so it never is."""
    import html  # noqa: PLC0415 - only when a tooltip is shown

    escaped = html.escape(text).replace("\n", "<br>")
    return f"<p style='white-space:pre-wrap'>{escaped}</p>"


def centred(size: QSizeF) -> QPointF:
    return QPointF(-size.width() / 2, -size.height() / 2)
