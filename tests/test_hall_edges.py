"""A lecture's screens keep their borders clean: what a step is not about and the screen's edge
or the caption band would cut is left out, rather than shown faint and half."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtTest import QTest

from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.present.presentation import PresentationWindow

from .test_framing import _no_show_left_over, on_screen, present  # noqa: F401 - the fixture

WINDOW_MAP = DEFAULT_MAP


def cut_leftovers(hall: PresentationWindow) -> list[str]:
    """What the hall shows of things the step is not about, cut by the screen's edge or the
    caption band: concepts partly in sight, phrases of their links partly in sight, and lines
    drawn to a concept out of sight."""
    view = hall.current
    assert view is not None
    band = hall.overlay_widget.overlay.band_height
    stage = QRect(0, 0, hall.width(), round(hall.height() - band))
    scene = hall.stage.scene
    subjects = set(view.subjects) | set(view.focus.nodes)
    about = set(view.subject_links) | set(view.focus.edges)

    def cut(rect: QRectF) -> bool:
        box = on_screen(hall, rect)
        return box.intersects(stage) and not stage.contains(box)

    found = []
    for node_id, item in scene.node_items.items():
        if item.shown and node_id not in subjects and cut(item.held_box()):
            found.append(node_id)
    for edge_id, link in scene.edge_items.items():
        drawn = on_screen(hall, link.mapRectToScene(link.boundingRect()))
        if not link.shown or edge_id in about or not drawn.intersects(stage):
            continue
        ends = (link.source, link.target)
        phrase = link.mapRectToScene(link.label_rect)
        if (link.text is not None and cut(phrase)) or any(
            not stage.contains(on_screen(hall, end.held_box())) for end in ends
        ):
            found.append(edge_id)
    return found


@pytest.mark.parametrize(
    ("tour", "size", "keys", "step"),
    [
        # "Two places resistance comes from": half of Immune evasion under the band.
        ("why-it-fails", (1280, 720), [Qt.Key.Key_Right], 1),
        # "Hiding: fewer targets to see": a sliver of Tumour microenvironment at the corner.
        ("why-it-fails", (1280, 720), [Qt.Key.Key_PageDown, Qt.Key.Key_Space], 2),
        # "Ipilimumab releases the CTLA-4 brake": two faint "blocks" lines crossing the screen
        # from drugs out of sight, one phrase under the band.
        ("releasing-the-brakes", (1024, 768), [Qt.Key.Key_End, Qt.Key.Key_Left, Qt.Key.Key_Up], 9),
    ],
)
def test_a_clicker_step_shows_nothing_cut_at_the_borders(
    qtbot, window, tour: str, size: tuple[int, int], keys: list[Qt.Key], step: int
) -> None:
    hall = present(qtbot, window.document, tour, size)
    hall.activateWindow()
    for key in keys:
        QTest.keyClick(hall, key)
    qtbot.waitUntil(lambda: hall.index == step and not hall.view.is_animating(), timeout=20_000)
    assert cut_leftovers(hall) == []
    hall.close()
