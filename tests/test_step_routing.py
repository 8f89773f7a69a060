"""A clicker's press routes only the links the step shows: the links a tour step hides are
routed when they are shown, so the lecturer's press does not wait for the hidden map."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from mapviewer.paths import DEFAULT_MAP
from mapviewer.scene.edgeitem import EdgeItem

from .test_framing import present

WINDOW_MAP = DEFAULT_MAP


def test_a_step_routes_no_link_it_hides(qtbot, window, monkeypatch) -> None:
    hall = present(qtbot, window.document, "releasing-the-brakes", (1024, 768))
    hall.activateWindow()
    for _ in range(3):
        QTest.keyClick(hall, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda: not hall.view.is_animating(), timeout=20_000)
    routed: list[tuple[str, bool]] = []
    update = EdgeItem.update_geometry

    def counted(link: EdgeItem) -> None:
        routed.append((link.edge_id, link.shown))
        update(link)

    monkeypatch.setattr(EdgeItem, "update_geometry", counted)
    QTest.keyClick(hall, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: hall.index == 4 and not hall.view.is_animating(), timeout=20_000)
    hidden = {edge_id for edge_id, shown in routed if not shown}
    assert routed, "the step moved concepts, so some shown links were routed again"
    assert hidden == set()
    hall.close()


def test_a_link_shown_by_a_step_runs_where_a_fresh_routing_puts_it(qtbot, window) -> None:
    """The links a step reveals were hidden while earlier steps moved concepts round them:
    each is drawn along the course routing it afresh gives, not a course from before."""
    hall = present(qtbot, window.document, "releasing-the-brakes", (1024, 768))
    hall.activateWindow()
    scene = hall.stage.scene
    for step in range(1, 6):
        QTest.keyClick(hall, Qt.Key.Key_Right)
        qtbot.waitUntil(
            lambda step=step: hall.index == step and not hall.view.is_animating(), timeout=20_000
        )
        shown = [link for link in scene.edge_items.values() if link.shown]
        assert shown
        drawn = {link.edge_id: link.curve for link in shown}
        for link in shown:
            link.update_geometry()
        moved = {link.edge_id for link in shown if link.curve != drawn[link.edge_id]}
        assert moved == set(), f"step {step}"
    hall.close()
