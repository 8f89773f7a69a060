"""Projectors overscan and cut the picture's edges: a step keeps its concepts clear of them,
5 % of the screen height (the broadcast action-safe border) unless its labels would then be
too small for the back row, when it gives up only as much of the margin as it must.

Geometry is read from the live presentation's own items, stepped with the clicker's key."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest

from mapviewer.document import Document
from mapviewer.io.mapfile import load

from .test_framing import present

MAPS = sorted((Path(__file__).resolve().parent.parent / "maps").glob("*.json"))
SAFE = 0.05  # of the screen height
LEAST = 0.015  # what every step kept before, and still keeps


def edge_gaps(
    qtbot,
    path: Path,
    tour_id: str,
    size: tuple[int, int],
    said: list[tuple[list[str], list[str]]] | None = None,
) -> list[float]:
    """Per step, how near the concepts it is about come to an edge of the screen above the
    caption band, in pixels; ``said`` gets, per step, what the band's caption and source say
    and what the step's caption and source are."""
    window = present(qtbot, Document(load(path), path), tour_id, size)
    window.activateWindow()
    gaps = []
    for index in range(len(window.views)):
        if index:
            QTest.keyClick(window, Qt.Key.Key_Right)
            qtbot.waitUntil(lambda: not window.view.is_animating(), timeout=10_000)
        assert window.index == index
        view = window.current
        assert view is not None
        band = window.overlay_widget.overlay.band_height
        stage = QRect(0, 0, window.width(), round(window.height() - band))
        scene = window.stage.scene
        nearest = min(stage.width(), stage.height()) / 2
        for node_id in view.subjects:
            item = scene.node_items[node_id]
            if not (item.shown and item.isVisible()):
                continue
            box = window.view.mapFromScene(item.scene_box()).boundingRect()
            nearest = min(
                nearest,
                box.left() - stage.left(),
                box.top() - stage.top(),
                stage.right() - box.right(),
                stage.bottom() - box.bottom(),
            )
        gaps.append(nearest)
        if said is not None:
            caption = view.caption
            words = f"“{caption.text}”" if caption.quoted else caption.text
            cited = [f"— {caption.citation}"] if caption.citation else []
            shown = [text.text for text in window.overlay_widget.overlay.texts]
            said.append((shown[-1 - len(cited) :], [words, *cited]))
    window.close()
    return gaps


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)], ids=["1024x768", "1920x1080"])
def test_most_steps_keep_their_concepts_clear_of_the_projectors_cut(qtbot, size) -> None:
    """At a margin of 1.5 % only the steps whose labels had reached their largest kept their
    concepts 5 % of the height from the edges, 3 of the 33 at 1024x768 and 6 at 1920x1080
    (Releasing the brakes, step 2: a concept 19 px from an edge of 1024x768, now 45); now
    two in three do at least, and the rest, which would not read from the back row so far
    in, keep what they had."""
    gaps = []
    for path in MAPS:
        for tour in load(path).tours:
            gaps += edge_gaps(qtbot, path, tour.id, size)
    height = size[1]
    safe = sum(gap >= SAFE * height - 1 for gap in gaps)
    assert safe * 3 >= len(gaps) * 2, f"{safe} of {len(gaps)} steps clear of the edges"
    assert min(gaps) >= LEAST * height - 1


DEFAULT_MAP = Path(__file__).resolve().parent.parent / "maps" / "immunotherapy.json"
HALL = 0.03  # the least a step keeps in the hall, where a close-up may keep the 5 %
# The one step whose labels would be under the back row's size with 3 % and its source whole,
# even as a close-up (20.2 px where 21.3 read): it still narrows the margin and cuts the source.
NARROWED = {("why-it-fails", 6, (1024, 768))}


@pytest.mark.parametrize(
    "size", [(1024, 768), (1280, 720), (1920, 1080)], ids=["1024x768", "1280x720", "1920x1080"]
)
def test_every_step_keeps_its_concepts_and_its_source_whole_in_the_hall(qtbot, size) -> None:
    """Steps that read only with the edges used kept 1.5 % there and had their source cut to a
    line: why-it-fails, step 1, at 1024x768 put Resistance to immunotherapy 17 px from the
    top and cited "Overcoming resistance to cancer immunotherapy /…". Now such a step is a
    close-up where that keeps the 5 % (step 1: 47 px, its source whole on two lines), and no
    step of either tour comes nearer than 3 % of the height or cuts its caption or source,
    but one that would not read from the back row otherwise (NARROWED)."""
    height = size[1]
    for tour in load(DEFAULT_MAP).tours:
        said: list[tuple[list[str], list[str]]] = []
        gaps = edge_gaps(qtbot, DEFAULT_MAP, tour.id, size, said)
        for number, (gap, (shown, words)) in enumerate(zip(gaps, said, strict=True), 1):
            where = f"{tour.id}, step {number}, at {size[0]}x{size[1]}"
            if (tour.id, number, size) in NARROWED:
                assert gap >= LEAST * height - 1, where
                continue
            assert gap >= HALL * height - 1, f"{where}: a concept {gap} px from the edge"
            assert shown == words, f"{where}: the band says {shown!r}"
        if size == (1024, 768) and tour.id == "why-it-fails":
            assert gaps[0] >= SAFE * height - 1
