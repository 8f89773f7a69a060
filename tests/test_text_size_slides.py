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
from mapviewer.slides import Stage, StageOptions, StepFrame
from mapviewer.tourexport import export_tour

from .conftest import DATA

DASHED_FRAMES = DATA / "interop/yed-dashed-frames.graphml"
SLIDE_H = 1080
BACK_ROW_INK = SLIDE_H / 40  # capitals to descenders, as the slides' type rules go


def ids(cmap: ConceptMap, *labels: str) -> list[str]:
    by_label = {node.label: node.id for node in cmap.nodes}
    return [by_label[label] for label in labels]


def ink_height(image: QImage, rect: QRectF, dark: int = 100) -> int:
    """Rows of ink darker than ``dark`` (the letters) within ``rect`` of the slide, top to
    bottom; its edge rows left out, where a link's line meets its phrase's box."""
    rows = [
        y
        for y in range(max(0, int(rect.top()) + 1), min(image.height(), int(rect.bottom())))
        if any(
            image.pixelColor(x, y).lightness() < dark
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
    stage, framed = staged(cmap, tour, 0)
    (pytorch,) = ids(cmap, "PyTorch")
    item = stage.scene.node_items[pytorch]
    assert framed.visible().contains(item.scene_box())  # whole, above the caption band
    assert ink_height(slide, on_slide(framed, label_box(stage, pytorch))) >= BACK_ROW_INK


def staged(cmap: ConceptMap, tour: Tour, index: int) -> tuple[Stage, StepFrame]:
    """A stage showing step ``index`` as the slide export does, and how it is framed."""
    stage = Stage(Document(cmap), StageOptions(), cached=False, close_ups=True)
    view = tours.resolve(cmap, tour)[index]
    stage.apply(view)
    return stage, stage.frame(view, QSizeF(1920, SLIDE_H))


def label_box(stage: Stage, node_id: str) -> QRectF:
    """Where a concept's label's lines are, in scene units."""
    item = stage.scene.node_items[node_id]
    size = item.text.size
    return QRectF(
        item.cx - size.width() / 2, item.cy - size.height() / 2, size.width(), size.height()
    )


def on_slide(framed: StepFrame, box: QRectF) -> QRectF:
    """A scene rectangle in the slide's pixels."""
    scale, centre = framed.scale, framed.centre
    return QRectF(
        960 + (box.left() - centre.x()) * scale,
        SLIDE_H / 2 + (box.top() - centre.y()) * scale,
        box.width() * scale,
        box.height() * scale,
    )


def test_a_phrase_is_no_larger_than_the_small_labels_it_joins(qtbot, tmp_path: Path) -> None:
    """The second step shows ml-io's six 7.5 pt library blocks, and the "example/tensors"
    link into their frame. Phrases were sized against the theme's 10 pt label: 61 px over
    54 px blocks, the link's words louder than the concepts. Now no larger than the blocks."""
    cmap = graphml.load(DASHED_FRAMES)
    chain = ids(cmap, "Data Readers", "Environments")
    libraries = ids(cmap, "NumPy", "SciPy", "MXNet", "TensorFlow", "PyTorch", "Arrow")
    steps = [TourStep(title="Readers", reveal=chain), TourStep(title="Libraries", reveal=libraries)]
    tour = Tour(id="libraries", title="Libraries", steps=steps)
    cmap.tours = [tour]
    written = export_tour(Document(cmap, DASHED_FRAMES), tour, f"{tmp_path / 'slides'}/")
    slide = QImage(str(written[2]))

    stage, framed = staged(cmap, tour, 1)
    (numpy,) = ids(cmap, "NumPy")
    (link,) = [e.id for e in cmap.edges if e.label == "example/tensors"]
    phrase = stage.scene.edge_items[link]
    phrase_box = phrase.mapRectToScene(phrase.label_rect)
    assert framed.visible().contains(phrase_box)  # the phrase is on the slide
    # Black letters only: the link's line (#2E3338, lightness 51) runs through its phrase.
    label_ink = ink_height(slide, on_slide(framed, label_box(stage, numpy)), dark=30)
    phrase_ink = ink_height(slide, on_slide(framed, phrase_box), dark=30)
    assert label_ink >= BACK_ROW_INK
    # "NumPy" runs from a capital to a descender, "example/tensors" from an ascender to one:
    # a hair taller in the same type.
    assert phrase_ink <= label_ink * 1.05, (phrase_ink, label_ink)
