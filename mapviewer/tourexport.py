"""Slides: a tour as a PDF (a title slide, then one 16:9 page per step), a PDF of notes pages
(each slide above its speaker notes), a PowerPoint file, or a folder of PNGs, as projected.

Each step is drawn by the presentation's own Stage (mapviewer.slides) at 1920x1080, so the
handout shows what the hall saw: the same framing, reveal, spotlight, caption and citation; the
title slide and the numbers come from mapviewer.slidedeck. Notes pages and PowerPoint have a
module each (tournotes, tourpptx), imported only when asked for. No window is involved: the
command line's export-tour loads no user-interface module.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QSizeF
from PySide6.QtGui import QPageSize, QPainter

from mapviewer.document import Document
from mapviewer.io.atomic import write_atomic
from mapviewer.model import ConceptMap, Tour
from mapviewer.slidedeck import (
    PDF_DPI,
    SLIDE,
    Deck,
    DeckPainter,
    Progress,
    make_deck,
    pdf_writer,
)
from mapviewer.slidedeck import TourExportError as TourExportError  # callers catch it here
from mapviewer.slides import StageOptions

PNG_PATTERN = "step-{:02d}.png"  # step-00.png is the title slide


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
    progress: Progress | None = None,
    notes: bool = False,
) -> list[Path]:
    """Write the slides (``notes``: notes pages, a PDF); returns the files written. The format
    follows ``target``: .pdf, .pptx, or a folder for PNGs. Raises TourExportError with the
    reason."""
    deck = make_deck(document.cmap, tour)
    if not deck.views:
        raise TourExportError(f"tour '{tour.id}' has no steps")
    path = Path(target)
    suffix = "" if path.is_dir() else path.suffix.lower()
    if notes and suffix != ".pdf":
        raise TourExportError(f"{target}: notes pages are written as a PDF (end the name .pdf)")
    if not (suffix in (".pdf", ".pptx") or wants_folder(target)):
        raise TourExportError(
            f"{target}: slides go to a .pdf or .pptx file, or to a folder of PNG images "
            "(end it with /)"
        )
    pages = DeckPainter(document, options or StageOptions())
    try:
        if suffix == ".pdf" and notes:
            from mapviewer.tournotes import write_notes_pdf  # noqa: PLC0415 - when asked for

            return [save(path, write_notes_pdf(pages, deck, progress))]
        if suffix == ".pdf":
            return [_write_pdf(pages, deck, path, progress)]
        if suffix == ".pptx":
            from mapviewer.tourpptx import write_pptx  # noqa: PLC0415 - python-pptx is slow to load

            return [save(path, write_pptx(pages, deck, progress))]
        return _write_pngs(pages, deck, path, progress)
    finally:
        pages.close()


def save(path: Path, data: bytes) -> Path:
    """All or nothing: a failed write leaves any earlier file as it was."""
    try:
        write_atomic(path, data)
    except OSError as error:
        raise TourExportError(f"{path}: cannot write there ({_why(error)})") from error
    return path


def _why(error: OSError) -> str:
    return error.strerror or str(error)


def _write_pdf(pages: DeckPainter, deck: Deck, path: Path, progress: Progress | None) -> Path:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    points = QSizeF(SLIDE.width() * 72 / PDF_DPI, SLIDE.height() * 72 / PDF_DPI)
    writer = pdf_writer(buffer, deck.heading, QPageSize(points, QPageSize.Unit.Point, "slide"))
    painter = QPainter()
    if not painter.begin(writer):
        raise TourExportError(f"{path}: could not start the PDF")
    size = QSizeF(writer.width(), writer.height())
    count = len(deck.views) + 1
    for number in range(count):
        if number:
            writer.newPage()
        pages.page(painter, deck, number, size)
        if progress is not None:
            progress(number + 1, count)
    painter.end()
    del writer
    return save(path, bytes(buffer.data().data()))


def _write_pngs(
    pages: DeckPainter, deck: Deck, folder: Path, progress: Progress | None
) -> list[Path]:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise TourExportError(f"{folder}: cannot make the folder ({_why(error)})") from error
    written = []
    count = len(deck.views) + 1
    for number in range(count):
        path = folder / PNG_PATTERN.format(number)
        if not pages.image(deck, number, SLIDE).save(str(path)):
            raise TourExportError(f"{path}: could not write the image (is the folder writable?)")
        written.append(path)
        if progress is not None:
            progress(number + 1, count)
    # Slides left from a longer export would read as part of this one; nothing else is touched.
    for path in folder.glob("step-*.png"):
        found = re.fullmatch(r"step-(\d+)\.png", path.name)
        if found and int(found.group(1)) >= count and path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()
    return written
