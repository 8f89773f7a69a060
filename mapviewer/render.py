"""Drawing a map scene to PNG, SVG or PDF with the same items the window paints."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from mapviewer.scene.mapscene import MapScene

FORMATS = {".png": "PNG image", ".svg": "SVG vector image", ".pdf": "PDF document"}
MARGIN = 30.0
MAX_PIXELS = 16000  # longest side of a PNG; larger requests are scaled down to this


class RenderError(Exception):
    """The output could not be written; the message says why in plain words."""


def output_size(source: QRectF, width: int | None, scale: float | None) -> QSize:
    factor = width / source.width() if width else scale or 1.0
    w, h = source.width() * factor, source.height() * factor
    shrink = min(1.0, MAX_PIXELS / max(w, h))
    return QSize(max(1, round(w * shrink)), max(1, round(h * shrink)))


def _paint(scene: MapScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )
    painter.fillRect(target, scene.backgroundBrush())
    scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)


def render_to_file(
    scene: MapScene,
    path: Path,
    source: QRectF | None = None,
    width: int | None = None,
    scale: float | None = None,
) -> QSize:
    """Render ``source`` (default: the whole visible map) to ``path``; returns the pixel size."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        raise RenderError(f"{path}: unknown image type '{suffix or '(none)'}'; use one of {known}")
    scene.flush_geometry()
    if source is None:
        source = scene.map_bounds().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    size = output_size(source, width, scale)
    factor = size.width() / source.width()
    # Labels must be drawn as in the window at this scale, not as the overview's bars.
    previous = scene.overview_mode
    scene.set_view_scale(factor if suffix == ".png" else 1.0)
    scene.set_caching(False)
    try:
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
    _paint(scene, painter, QRectF(0, 0, size.width(), size.height()), source)
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
