"""A tour's slides (presentation, PNG, PDF and PowerPoint all draw them with slides.Stage) show a
group's frame as the canvas does, its name too when the file writes it above the frame."""

from __future__ import annotations

from PySide6.QtCore import QSize, QSizeF

from mapviewer.document import Document
from mapviewer.io.registry import open_map
from mapviewer.model import Tour, TourStep
from mapviewer.slides import Stage, StageOptions, render_step
from mapviewer.tours import resolve

from .conftest import INTEROP, needs_shared

CANVAS_SAMPLE = INTEROP / "canvas/jsoncanvas-sample.canvas"
SLIDE = QSize(1920, 1080)


@needs_shared(INTEROP)
def test_a_slide_of_the_whole_canvas_shows_the_group_name_above_its_frame(qapp) -> None:
    """Obsidian's sample canvas in a tour step showing all of it: the slide was framed on the
    group's frame alone, so "JSON Canvas", written above the frame, ran off the slide's top
    edge (its top 13 px cut off); the whole name is on the slide now, above the frame."""
    cmap = open_map(CANVAS_SAMPLE)
    (group,) = [n for n in cmap.nodes if n.title_at == "above"]
    every = [n.id for n in cmap.nodes]
    cmap.tours.append(Tour(id="t", title="All", steps=[TourStep(id="s", reveal=every)]))
    stage = Stage(Document(cmap), StageOptions(), cached=False, close_ups=True)
    (view,) = resolve(cmap, cmap.tours[0])
    image = render_step(stage, view, SLIDE)
    centre, scale, _ = stage.layout(view, QSizeF(SLIDE))
    item = stage.scene.node_items[group.id]
    title, frame = item.label_box(), item.scene_box()

    def on_slide(x: float, y: float) -> tuple[int, int]:
        return (
            round((x - centre.x()) * scale + SLIDE.width() / 2),
            round((y - centre.y()) * scale + SLIDE.height() / 2),
        )

    left, top = on_slide(title.left(), title.top())
    right, bottom = on_slide(title.right(), title.bottom())
    assert top >= 0 and bottom <= on_slide(0, frame.top())[1] + 1
    # and the name is drawn there: ink unlike the canvas in the title's box
    canvas = stage.theme.canvas
    inked = sum(
        image.pixelColor(x, y) != canvas
        for x in range(max(left, 0), min(right, SLIDE.width()))
        for y in range(max(top, 0), bottom)
    )
    assert inked > 50
    stage.scene.deleteLater()
