"""A concept's picture (Node.picture) drawn into its box, as yEd draws its image and SVG nodes.

Decoded once per picture, and drawn on screen from a pixmap made once per size in device
pixels (a zoom level): a map of one icon six times (scibot's database) decodes it once, and a
frame at fit blits pixmaps instead of running an SVG renderer per icon. A vector device (a PDF,
an SVG) gets the SVG itself, sharp at any size. Nothing a picture refers to is read: QSvgRenderer
loads the file an ``<image href="/home/...">`` names (an entity expanding to a path too, Qt 6.11,
whatever its options), so every link of an SVG that is not into itself (``#id``) or a ``data:``
URI is cut before Qt sees it (``self_contained``).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from functools import lru_cache

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QImageReader, QPaintEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from mapviewer.model import picture_parts

# Distinct pictures kept decoded, and the bytes of pixmaps kept made (a picture at a size):
# scibot's ten icons at fit take 60 kB, so a map's icons at a few zoom levels stay; the
# pixmaps used longest ago go first.
DECODED_KEPT = 64
PIXMAP_BYTES = 64 * 1024 * 1024
PIXMAP_AREA = 2048 * 2048  # device pixels of the largest pixmap kept: 16 MB
# A picture's longest side as decoded: 2 MB of PNG can say 30,000 x 30,000 pixels (3.6 GB).
# One of more than ALLOCATION_MB (4,096 pixels square) is not read (drawn as its box), and one
# longer than PICTURE_SIDE is read scaled down to it.
PICTURE_SIDE = 2048
ALLOCATION_MB = 64
# Devices drawn to in pixels, where a ready pixmap is as good as the picture itself.
_RASTER = frozenset({QPaintEngine.Type.Raster, QPaintEngine.Type.OpenGL2, QPaintEngine.Type.X11})

# What a file dragged onto a concept is called to be taken as its picture rather than opened
# as a map (its bytes are what is believed once it is dropped).
PICTURE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg"})

Decoded = QImage | QSvgRenderer
_NOTHING = (  # one transparent pixel, a PNG
    b"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAACXBIWXMAAA7EAAAOxAGVKw4b"
    b"AAAAC0lEQVQImWNgAAIAAAUAAWJVMogAAAAASUVORK5CYII="
)
# An SVG attribute naming what to draw (href, xlink:href, or any prefix's), with its value.
_HREF = re.compile(rb"""((?<![\w.:-])(?:[\w.-]+:)?href\s*=\s*)(["'])(.*?)\2""", re.S)


def self_contained(svg: bytes) -> bytes:
    """The SVG with every link pointed at a transparent pixel (an empty or missing one makes
    Qt warn) but those into itself and ``data:`` URIs, as they are written: a path, a
    ``file:`` or ``http:`` address, a character or entity reference that might become one."""

    def cut(found: re.Match[bytes]) -> bytes:
        value = found.group(3).strip()
        if value.startswith(b"#") or value[:5].lower() == b"data:":
            return found.group(0)
        return found.group(1) + found.group(2) + _NOTHING + found.group(2)

    return _HREF.sub(cut, svg)


@lru_cache(maxsize=DECODED_KEPT)
def decoded(uri: str) -> Decoded | None:
    """The picture ready to draw, or None when its bytes are no picture Qt can read (the box
    is then drawn as its shape: a picture that cannot be read is not a blank)."""
    try:
        media, data = picture_parts(uri)
    except ValueError:
        return None
    if media == "image/svg+xml":
        renderer = QSvgRenderer(QByteArray(self_contained(data)))
        renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        return renderer if renderer.isValid() else None
    return _image(data)


def _image(data: bytes) -> QImage | None:
    """A raster picture read at most PICTURE_SIDE pixels a side."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAllocationLimit(ALLOCATION_MB)
    size = reader.size()
    if size.isValid() and size.width() * size.height() * 4 > ALLOCATION_MB * 1024 * 1024:
        return None  # as Qt would refuse it, without its warning
    if size.isValid() and max(size.width(), size.height()) > PICTURE_SIDE:
        side = QSize(PICTURE_SIDE, PICTURE_SIDE)
        reader.setScaledSize(size.scaled(side, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else image


def natural_size(picture: Decoded) -> QSizeF:
    """The picture's own proportions: its pixels, or its SVG's view box."""
    if isinstance(picture, QImage):
        return QSizeF(picture.size())
    box = picture.viewBoxF()
    return box.size() if not box.isEmpty() else QSizeF(picture.defaultSize())


def fitted(box: QRectF, size: QSizeF) -> QRectF:
    """The largest rectangle of ``size``'s proportions centred in ``box``, as yEd scales an
    icon into its node."""
    if size.isEmpty():
        return QRectF(box)
    scaled = size.scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
    return QRectF(
        box.center().x() - scaled.width() / 2,
        box.center().y() - scaled.height() / 2,
        scaled.width(),
        scaled.height(),
    )


class _Pixmaps:
    """Pictures made at a size, kept while PIXMAP_BYTES allow, the longest unused going first."""

    def __init__(self) -> None:
        self.kept: OrderedDict[tuple[str, int, int], QPixmap] = OrderedDict()
        self.bytes = 0

    def get(self, uri: str, width: int, height: int) -> QPixmap | None:
        key = (uri, width, height)
        pixmap = self.kept.get(key)
        if pixmap is not None:
            self.kept.move_to_end(key)
            return pixmap
        pixmap = _made(uri, width, height)
        if pixmap is None:
            return None
        self.kept[key] = pixmap
        self.bytes += width * height * 4
        while self.bytes > PIXMAP_BYTES and len(self.kept) > 1:
            (_, w, h), _ = self.kept.popitem(last=False)
            self.bytes -= w * h * 4
        return pixmap


_pixmaps = _Pixmaps()


def _made(uri: str, width: int, height: int) -> QPixmap | None:
    picture = decoded(uri)
    if picture is None:
        return None
    if isinstance(picture, QImage):
        return QPixmap.fromImage(
            picture.scaled(
                QSize(width, height),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    picture.render(painter, QRectF(0, 0, width, height))
    painter.end()
    return QPixmap.fromImage(image)


def _draw_itself(painter: QPainter, picture: Decoded, target: QRectF) -> None:
    if isinstance(picture, QImage):
        painter.drawImage(target, picture)
    else:
        picture.render(painter, target)


def draw_picture(painter: QPainter, uri: str, box: QRectF) -> bool:
    """Draw the picture into ``box`` keeping its proportions; False when it cannot be read."""
    picture = decoded(uri)
    if picture is None:
        return False
    target = fitted(box, natural_size(picture))
    engine = painter.paintEngine()
    if engine is not None and engine.type() not in _RASTER:  # PDF, SVG: the picture itself
        _draw_itself(painter, picture, target)
        return True
    transform = painter.worldTransform()
    scale = max(transform.m11() ** 2 + transform.m12() ** 2, 1e-12) ** 0.5
    device = painter.device()
    scale *= device.devicePixelRatioF() if device is not None else 1.0
    width, height = round(target.width() * scale), round(target.height() * scale)
    if width < 1 or height < 1:
        return True  # smaller than a pixel: nothing to see
    if width * height > PIXMAP_AREA:  # zoomed far in: drawn as it is, not kept
        _draw_itself(painter, picture, target)
        return True
    pixmap = _pixmaps.get(uri, width, height)
    if pixmap is None:
        return False
    painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
    return True
