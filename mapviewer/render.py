"""Drawing a map scene to PNG, SVG or PDF with the same items the window paints."""

from __future__ import annotations

import math
import re
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QFontInfo,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTransform,
)
from PySide6.QtSvg import QSvgGenerator

from mapviewer.scene.hubnames import HubNames, wanted
from mapviewer.scene.mapscene import MapScene

FORMATS = {".png": "PNG image", ".svg": "SVG vector image", ".pdf": "PDF document"}
MARGIN = 30.0
# The largest image drawn: 20,000 pixels a side and 200 megapixels (800 MB of memory for a
# PNG). A size asked for explicitly beyond it is refused (size_problem); one that merely
# follows from a default scale is reduced to fit (output_size).
MAX_SIDE = 20_000
MAX_MEGAPIXELS = 200


class RenderError(Exception):
    """The output could not be written; the message says why in plain words."""


def requested_size(
    source: QRectF, width: int | None, scale: float | None, height: int | None = None
) -> tuple[float, float]:
    """The image size in pixels that ``width``, ``height`` or ``scale`` asks for (at most one
    is given; none means 1 pixel per map unit), before any limit."""
    if width:
        factor = width / source.width()
    elif height:
        factor = height / source.height()
    else:
        factor = scale or 1.0
    return source.width() * factor, source.height() * factor


def _fits(w: float, h: float) -> bool:
    return max(w, h) <= MAX_SIDE + 0.5 and w * h <= MAX_MEGAPIXELS * 1e6


def size_problem(
    source: QRectF, width: int | None, scale: float | None, height: int | None = None
) -> str | None:
    """Why the size asked for cannot be drawn, in words; None when it can. Checked before
    anything is drawn: a negative scale once made a 1.6 GB image, NaN a traceback."""
    asked = (("width", width), ("height", height), ("scale", scale))
    given = [(name, value) for name, value in asked if value is not None]
    for name, value in given:
        if not (math.isfinite(value) and value > 0):
            return f"--{name} must be a positive number, not {value}"
    w, h = requested_size(source, width, scale, height)
    if _fits(w, h):
        return None
    what = f"--{given[0][0]} {given[0][1]:g}" if given else "The map at 1 pixel per unit"
    return (
        f"{what} would make an image of {w:,.0f} x {h:,.0f} pixels; the largest is "
        f"{MAX_SIDE:,} pixels a side and {MAX_MEGAPIXELS} megapixels"
    )


def output_size(
    source: QRectF, width: int | None, scale: float | None, height: int | None = None
) -> QSize:
    """The pixel size drawn: as asked, reduced (keeping the shape) to fit the largest image."""
    w, h = requested_size(source, width, scale, height)
    shrink = min(1.0, MAX_SIDE / max(w, h), (MAX_MEGAPIXELS * 1e6 / (w * h)) ** 0.5)
    return QSize(max(1, math.floor(w * shrink + 0.5)), max(1, math.floor(h * shrink + 0.5)))


def _paint(
    scene: MapScene, painter: QPainter, target: QRectF, source: QRectF, named: bool = False
) -> None:
    """The map as the window draws it at the picture's scale; ``named`` (a picture of pixels):
    drawn so small that its labels cannot be read, with the main concepts' names over it
    (scene.hubnames) and the bundles' counts clear of them. A PNG of the whole map 1,600 px
    wide, or of the view at fit, showed coloured boxes and no word where the window names 30
    things. An SVG or PDF is drawn with every label in full, to be zoomed into."""
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )
    painter.fillRect(target, scene.backgroundBrush())
    scale = min(target.width() / source.width(), target.height() / source.height())
    shift = target.center() - source.center() * scale  # KeepAspectRatio centres the source
    transform = QTransform(scale, 0, 0, scale, shift.x(), shift.y())
    names = HubNames()
    if named and wanted(scene.label_px(), scale):
        names.place(scene, transform, target.size().toSize())
    with names.kept_clear(scene, transform):
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    names.draw(painter)  # in the picture's pixels, as the window draws them on its viewport


def render_to_file(
    scene: MapScene,
    path: Path,
    source: QRectF | None = None,
    width: int | None = None,
    scale: float | None = None,
    height: int | None = None,
) -> QSize:
    """Render ``source`` (default: the whole visible map under its focus question) to
    ``path``; returns the pixel size. Raises RenderError for a size that is not a positive
    number (see size_problem)."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        raise RenderError(f"{path}: unknown image type '{suffix or '(none)'}'; use one of {known}")
    scene.flush_geometry()
    if source is None:
        source = scene.picture_bounds().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    for value in (width, height, scale):
        if value is not None and not (math.isfinite(value) and value > 0):
            raise RenderError(f"{path}: the image size must be a positive number, not {value}")
    size = output_size(source, width, scale, height)
    factor = size.width() / source.width()
    # Labels must be drawn as in the window at this scale, not as the overview's bars.
    previous = scene.overview_mode
    scene.set_view_scale(factor if suffix == ".png" else 1.0)
    scene.set_caching(False)
    try:
        with scene.without_marks():
            if suffix == ".png":
                _render_png(scene, path, source, size)
            elif suffix == ".svg":
                _render_svg(scene, path, source, size)
            else:
                _render_pdf(scene, path, source, size)
    finally:
        scene.set_caching(True)
        scene.set_overview_mode(previous)
    return size


def _render_png(scene: MapScene, path: Path, source: QRectF, size: QSize) -> None:
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(scene.backgroundBrush().color())
    painter = QPainter(image)
    _paint(scene, painter, QRectF(0, 0, size.width(), size.height()), source, named=True)
    painter.end()
    # PySide6 wants the format as str at run time; its stubs say bytes.
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
        raise RenderError(
            f"{path}: could not write the PNG file (check the folder exists and is writable)"
        )


def _render_svg(scene: MapScene, path: Path, source: QRectF, size: QSize) -> None:
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setTitle(scene.document.title)
    generator.setDescription("Concept map rendered by mapviewer")
    painter = QPainter()
    if not painter.begin(generator):
        raise RenderError(f"{path}: could not write the SVG file")
    _paint(scene, painter, QRectF(0, 0, size.width(), size.height()), source)
    painter.end()
    text = path.read_text(encoding="utf-8")
    path.write_text(_FONT_FAMILY.sub(_real_family, text), encoding="utf-8")


# Qt writes the family asked for, and Linux's "Sans Serif" is an alias only fontconfig knows:
# a browser or Inkscape drew the labels in its own default (a serif), wider or narrower than
# their boxes. The family the text was measured in goes first, then the generic family.
_FONT_FAMILY = re.compile(r'font-family="([^"]*)"')


def _real_family(match: re.Match[str]) -> str:
    asked = match.group(1)
    real = QFontInfo(QFont(asked)).family() or asked
    # Escaped for an attribute by hand: xml.sax.saxutils brings urllib.request and hashlib
    # into the window's start-up.
    name = real.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    name = name.replace("'", "")
    return f"font-family=\"'{name}', sans-serif\""


def _render_pdf(scene: MapScene, path: Path, source: QRectF, size: QSize) -> None:
    writer = QPdfWriter(str(path))
    writer.setTitle(scene.document.title)
    writer.setCreator("mapviewer")
    writer.setResolution(96)
    page = QPageSize(QSizeF(size.width(), size.height()), QPageSize.Unit.Point, "map")
    writer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter()
    if not painter.begin(writer):
        raise RenderError(f"{path}: could not write the PDF file")
    target = QRectF(0, 0, writer.width(), writer.height())
    _paint(scene, painter, target, source)
    painter.end()
