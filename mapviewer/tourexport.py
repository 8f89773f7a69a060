"""Slides: a tour as a PDF (one 16:9 page per step) or a folder of PNGs, exactly as projected.

Each page is drawn by the presentation's own Stage (mapviewer.slides) at 1920x1080, so the
handout shows what the hall saw: the same framing, reveal, spotlight, caption and citation. No
window is involved: the command line's export-tour loads no user-interface module.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from mapviewer.document import Document
from mapviewer.io.atomic import write_atomic
from mapviewer.model import ConceptMap, Tour
from mapviewer.slides import Stage, StageOptions, render_step
from mapviewer.tours import StepView, resolve

SLIDE = QSize(1920, 1080)
PDF_DPI = 96  # the scene's fonts are sized in points for 96 dpi; pages are 1920x1080 at it
PNG_PATTERN = "step-{:02d}.png"


class TourExportError(Exception):
    """The slides could not be made; the message says why in plain words."""


def find_tour(cmap: ConceptMap, tour_id: str | None) -> Tour:
    """The tour named ``tour_id`` (or the only one when none is named), else a clear error."""
    ids = [t.id for t in cmap.tours]
    listed = ", ".join(ids)
    if tour_id is None:
        if len(cmap.tours) == 1:
            return cmap.tours[0]
        if not cmap.tours:
            raise TourExportError("the map has no tours")
        raise TourExportError(f"the map has {len(ids)} tours; choose one with --tour: {listed}")
    for tour in cmap.tours:
        if tour.id == tour_id:
            return tour
    if not ids:
        raise TourExportError(f"no tour '{tour_id}': the map has no tours")
    raise TourExportError(f"no tour '{tour_id}'; the map's tours are: {listed}")


def wants_folder(target: str | Path) -> bool:
    """A folder of PNGs for ``FOLDER/``, an existing folder, or a name without an extension."""
    text = str(target)
    path = Path(text)
    return text.endswith(("/", os.sep)) or path.is_dir() or not path.suffix


def export_tour(
    document: Document,
    tour: Tour,
    target: str | Path,
    options: StageOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write the slides; returns the files written. Raises TourExportError with the reason."""
    views = resolve(document.cmap, tour)
    if not views:
        raise TourExportError(f"tour '{tour.id}' has no steps")
    stage = Stage(document, options or StageOptions(), cached=False)
    path = Path(target)
    try:
        if path.suffix.lower() == ".pdf" and not path.is_dir():
            return [_write_pdf(stage, views, path, f"{tour.title} — {document.title}", progress)]
        if wants_folder(target):
            return _write_pngs(stage, views, path, progress)
    finally:
        stage.scene.deleteLater()
    raise TourExportError(
        f"{target}: slides go to a .pdf file or to a folder of PNG images (end it with /)"
    )


def _why(error: OSError) -> str:
    return error.strerror or str(error)


def _write_pdf(
    stage: Stage,
    views: list[StepView],
    path: Path,
    title: str,
    progress: Callable[[int, int], None] | None,
) -> Path:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("mapviewer")
    writer.setResolution(PDF_DPI)
    points = QSizeF(SLIDE.width() * 72 / PDF_DPI, SLIDE.height() * 72 / PDF_DPI)
    page = QPageSize(points, QPageSize.Unit.Point, "slide")
    writer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF()))
    painter = QPainter()
    if not painter.begin(writer):
        raise TourExportError(f"{path}: could not start the PDF")
    size = QSizeF(writer.width(), writer.height())
    for number, view in enumerate(views):
        if number:
            writer.newPage()
        stage.render(painter, view, size)
        if progress is not None:
            progress(number + 1, len(views))
    painter.end()
    del writer
    try:  # all or nothing: a failed write leaves any earlier file as it was
        write_atomic(path, bytes(buffer.data().data()))
    except OSError as error:
        raise TourExportError(f"{path}: cannot write there ({_why(error)})") from error
    return path


def _write_pngs(
    stage: Stage, views: list[StepView], folder: Path, progress: Callable[[int, int], None] | None
) -> list[Path]:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise TourExportError(f"{folder}: cannot make the folder ({_why(error)})") from error
    written = []
    for number, view in enumerate(views):
        path = folder / PNG_PATTERN.format(number + 1)
        if not render_step(stage, view, SLIDE).save(str(path)):
            raise TourExportError(f"{path}: could not write the image (is the folder writable?)")
        written.append(path)
        if progress is not None:
            progress(number + 1, len(views))
    # Slides left from a longer export would read as part of this one; nothing else is touched.
    for path in folder.glob("step-*.png"):
        found = re.fullmatch(r"step-(\d+)\.png", path.name)
        if found and int(found.group(1)) > len(views) and path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()
    return written
