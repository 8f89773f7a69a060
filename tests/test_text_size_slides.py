"""A concept's own text size on the slides of a tour: a yEd map's 10 px notes (7.5 pt) are
framed so they read from the back row, not as if they were the theme's 10 pt."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QImage

from mapviewer import tours
from mapviewer.document import Document
from mapviewer.io import graphml
from mapviewer.model import ConceptMap, Tour, TourStep
from mapviewer.slides import Stage, StageOptions
from mapviewer.tourexport import export_tour

from .conftest import DATA

DASHED_FRAMES = DATA / "interop/yed-dashed-frames.graphml"
SLIDE_H = 1080
BACK_ROW_INK = SLIDE_H / 40  # capitals to descenders, as the slides' type rules go


def ids(cmap: ConceptMap, *labels: str) -> list[str]:
    by_label = {node.label: node.id for node in cmap.nodes}
    return [by_label[label] for label in labels]


def ink_height(image: QImage, rect: QRectF) -> int:
    """Rows of dark ink (the label's letters) within ``rect`` of the slide, top to bottom."""
    rows = [
        y
        for y in range(max(0, int(rect.top()) - 2), min(image.height(), int(rect.bottom()) + 3))
        if any(
            image.pixelColor(x, y).lightness() < 100
            for x in range(max(0, int(rect.left())), min(image.width(), int(rect.right()) + 1))
        )
    ]
    return rows[-1] - rows[0] + 1 if rows else 0


def test_a_yed_maps_10_px_labels_read_from_the_back_row_on_a_slide(qtbot, tmp_path: Path) -> None:
    """The step walks the data from Local Disk up to the libraries. Framed by the theme's
    13.3 px, it fitted the screen with PyTorch's 7.5 pt label 25 px high on the slide, under
    the 27 px of ink the back row needs; framed by its own size it does not fit where the map
    has it, and is shown as a close-up that reads."""
    cmap = graphml.load(DASHED_FRAMES)
    step = ids(
        cmap,
        "Local Disk",
        "Data Stores",
        "Input/Output Streams",
        "Data Readers",
        "Environments",
        "TensorFlow",
        "PyTorch",
    )
    tour = Tour(id="flow", title="Data flow", steps=[TourStep(title="Into the model", reveal=step)])
    cmap.tours = [tour]
    assert {node.text_size for node in cmap.nodes} == {7.5, 9.0}  # yEd's 10 and 12 px
    folder = tmp_path / "slides"
    written = export_tour(Document(cmap, DASHED_FRAMES), tour, f"{folder}/")
    slide = QImage(str(written[1]))
    assert (slide.width(), slide.height()) == (1920, SLIDE_H)

    # Where PyTorch's label is on the slide: the exporter's framing, worked out again.
    stage = Stage(Document(cmap), StageOptions(), cached=False, close_ups=True)
    view = tours.resolve(cmap, tour)[0]
    stage.apply(view)
    framed = stage.frame(view, QSizeF(1920, SLIDE_H))
    (pytorch,) = ids(cmap, "PyTorch")
    item = stage.scene.node_items[pytorch]
    size = item.text.size
    scale, centre = framed.scale, framed.centre
    rect = QRectF(
        960 + (item.cx - size.width() / 2 - centre.x()) * scale,
        SLIDE_H / 2 + (item.cy - size.height() / 2 - centre.y()) * scale,
        size.width() * scale,
        size.height() * scale,
    )
    assert framed.visible().contains(item.scene_box())  # whole, above the caption band
    assert ink_height(slide, rect) >= BACK_ROW_INK
