"""Automatic layout from the Map menu: no overlaps, animated, one undo step, cancellable."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QApplication

from mapviewer.document import Document
from mapviewer.io.mapfile import dumps
from mapviewer.io.registry import open_map
from mapviewer.layout import METHODS, Box, LayoutCancelled, Link
from mapviewer.paths import DEFAULT_MAP
from mapviewer.scene.edgeitem import EdgeItem
from mapviewer.scene.groupframe import GroupItem
from mapviewer.sides import facing
from mapviewer.ui.mainwindow import MainWindow

from .conftest import INTEROP, needs_shared, shown_window
from .test_keyboard_start import click_link

WINDOW_MAP = DEFAULT_MAP
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def overlaps(win: MainWindow) -> list[tuple[str, str]]:
    """Boxes that overlap, and boxes inside a group's frame they do not belong to (a frame is
    drawn behind its own members)."""
    scene = win.scene
    frames = {
        i.node_id: i for i in scene.node_items.values() if isinstance(i, GroupItem) and i.frame
    }
    rects = sorted(
        ((i.scene_box(), i.node_id) for i in scene.node_items.values() if i.node_id not in frames),
        key=lambda r: r[0].left(),
    )
    found = []
    for index, (rect, a) in enumerate(rects):
        for other, b in rects[index + 1 :]:
            if other.left() >= rect.right():
                break
            if rect.intersects(other):
                found.append((a, b))
    for group, item in frames.items():
        members = set(scene.members_of(group))
        assert item.frame is not None
        found += [
            (group, b) for rect, b in rects if b not in members and item.frame.intersects(rect)
        ]
    return found


@pytest.mark.parametrize("kind", ["layered", "organic", "tidy"])
def test_layout_places_without_overlaps_in_one_undo_step(qtbot, window, kind) -> None:
    before = dumps(window.document.cmap)
    with qtbot.waitSignal(window.layouts.finished, timeout=120000) as blocker:
        window.layouts.run(kind)
    assert blocker.args == [True]
    assert overlaps(window) == []
    assert window.document.undo_stack.count() == 1
    assert dumps(window.document.cmap) != before
    window.edits.undo.trigger()
    assert dumps(window.document.cmap) == before


def test_layered_layout_mostly_points_links_down(qtbot, window) -> None:
    with qtbot.waitSignal(window.layouts.finished, timeout=120000):
        window.layouts.run("layered")
    doc = window.document
    down = sum(doc.nodes[e.source].y < doc.nodes[e.target].y for e in doc.cmap.edges)
    assert down / len(doc.cmap.edges) > 0.7


def test_a_layout_can_be_cancelled() -> None:
    rng = random.Random(2)
    boxes = [Box(f"n{i}", 120, 40) for i in range(600)]
    links = [Link(f"n{i}", f"n{rng.randrange(i)}", 60, 16) for i in range(1, 600)]
    calls = []

    def stop_soon(fraction: float) -> bool:
        calls.append(fraction)
        return fraction < 0.5

    for _, method in METHODS.values():
        with pytest.raises(LayoutCancelled):
            method(boxes, links, stop_soon)
    assert calls and max(calls) < 0.6


def test_cancelling_in_the_window_changes_nothing(qtbot, window) -> None:
    before = dumps(window.document.cmap)
    with qtbot.waitSignal(window.layouts.finished, timeout=120000) as blocker:
        window.layouts.run("organic")
        window.layouts.cancel()
    assert blocker.args == [False]  # the runner is done, and applied nothing
    assert dumps(window.document.cmap) == before
    assert window.document.undo_stack.count() == 0


def opened(qtbot, path: Path, saved_as: Path | None) -> MainWindow:
    window = shown_window(qtbot, Document(open_map(path), saved_as), (1600, 1000))
    return window


def tidy_by_keys(qtbot, window: MainWindow, key: Qt.Key = Qt.Key.Key_Y) -> list:
    """Map > Tidy by its shortcut, Ctrl+Shift+Y (or the layout on Ctrl+Shift+``key``); what
    the layout's finished signal said."""
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    with qtbot.waitSignal(window.layouts.finished, timeout=120_000) as blocker:
        qtbot.keyClick(QApplication.focusWidget(), key, CTRL_SHIFT)
    return blocker.args


@pytest.mark.parametrize("key", [Qt.Key.Key_L, Qt.Key.Key_F], ids=["layered", "organic"])
def test_a_layout_of_a_map_with_frames_leaves_every_phrase_room(qtbot, key) -> None:
    """Map > Layered (Ctrl+Shift+L) and Organic (Ctrl+Shift+F) on the default map, 13 frames:
    each group's members were packed 30 units apart after the layout, and 106 (Layered) and
    165 (Organic) linking phrases found nowhere free to sit. Members are now packed as far
    apart as the widest phrase needs. Both lie across the screen."""
    from .test_map_layout import (  # noqa: PLC0415
        covered_phrases,
        frame_clashes,
        overlapping_boxes,
    )

    window = opened(qtbot, DEFAULT_MAP, DEFAULT_MAP)
    doc = window.document
    assert tidy_by_keys(qtbot, window, key) == [True]
    qtbot.waitUntil(lambda: doc.undo_stack.count() == 1, timeout=60_000)
    scene = window.scene
    scene.flush_geometry()
    assert covered_phrases(scene) == []
    assert overlapping_boxes(scene) == [] and frame_clashes(scene) == []
    # Across the wide window, not a strip down its middle: Organic's drawing, which has no up
    # of its own, stood 5,275 x 9,021 units and filled a third of the window at fit.
    drawn = scene.itemsBoundingRect()
    assert drawn.width() > 1.2 * drawn.height()


@needs_shared(INTEROP / "gexf" / "les-miserables-gephi081.gexf")
def test_tidy_keeps_an_imported_arrangement_and_takes_its_overlaps_out(qtbot) -> None:
    """Gephi's Les Misérables graph drawn with mapviewer's boxes: 34 overlapping pairs, labels
    hidden under others, 7 since an import spreads crowded positions (mapviewer.io.spread).
    Map > Tidy (Ctrl+Shift+Y) pushes apart only what touches: none overlap after, most
    concepts stay within a few units of where they opened, and the whole move is one undo
    step."""
    window = opened(qtbot, INTEROP / "gexf" / "les-miserables-gephi081.gexf", None)
    doc = window.document
    before = {n.id: (n.x, n.y) for n in doc.cmap.nodes}
    assert len(overlaps(window)) >= 5
    assert tidy_by_keys(qtbot, window) == [True]
    assert overlaps(window) == []
    moves = sorted(math.dist(before[n.id], (n.x, n.y)) for n in doc.cmap.nodes if n.x is not None)
    assert moves[len(moves) // 2] < 40  # the median concept barely moved
    assert doc.undo_stack.count() == 1
    window.edits.undo.trigger()
    assert {n.id: (n.x, n.y) for n in doc.cmap.nodes} == before


def test_tidy_on_a_map_with_frames_and_nothing_to_take_out_leaves_it_be(qtbot) -> None:
    """Map > Tidy on the default map, which has no overlapping boxes: its 13 frames were given to
    the layout as boxes over their members, which it pushed away, and each group was then packed
    in rows: concepts moved 450 units at the median, Cancer immunotherapy 1,530. Now nothing
    moves more than a few units, and every frame still holds only its members."""
    from .test_map_layout import frame_clashes, overlapping_boxes  # noqa: PLC0415

    window = opened(qtbot, DEFAULT_MAP, DEFAULT_MAP)
    doc = window.document
    before = {n.id: (n.x, n.y) for n in doc.cmap.nodes}
    assert tidy_by_keys(qtbot, window) == [True]
    qtbot.waitUntil(lambda: doc.undo_stack.count() == 1, timeout=60_000)
    moved = {n.id: math.dist(before[n.id], (n.x or 0.0, n.y or 0.0)) for n in doc.cmap.nodes}
    assert max(moved.values()) <= 30, sorted(moved.items(), key=lambda kv: -kv[1])[:5]
    assert frame_clashes(window.scene) == [] and overlapping_boxes(window.scene) == []


@needs_shared(INTEROP / "canvas" / "stardust-install-process.canvas")
def test_a_layout_turns_a_canvas_links_to_the_sides_that_face_each_other(qtbot) -> None:
    """The Stardust install flowchart's edges leave the bottom of one card for the top of the
    next. Laid out anew (Ctrl+Shift+F) the cards change places: kept on those sides, links
    looped round their boxes. Each takes the sides facing each other, in the same undo step."""
    path = INTEROP / "canvas" / "stardust-install-process.canvas"
    window = opened(qtbot, path, path)
    doc = window.document
    before = dumps(doc.cmap)
    assert tidy_by_keys(qtbot, window, Qt.Key.Key_F) == [True]
    qtbot.waitUntil(lambda: doc.undo_stack.count() == 1, timeout=60_000)
    nodes = doc.cmap.node_by_id()
    for edge in doc.cmap.edges:
        if edge.source != edge.target:
            source, target = nodes[edge.source], nodes[edge.target]
            here = ((source.x, source.y), (target.x, target.y))
            assert (edge.from_side, edge.to_side) == facing(*here), edge.label
    assert dumps(doc.cmap) != before
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dumps(doc.cmap) == before, timeout=10_000)


def _frames_of_a_layout(qtbot, window: MainWindow, each: Callable[[float], None]) -> int:
    """Map > Layered by its shortcut, Ctrl+Shift+L; ``each`` called at every frame of the
    glide; the number of frames."""
    frames: list[float] = []

    def frame(t: float) -> None:
        frames.append(t)
        each(t)

    window.layouts.animation.valueChanged.connect(frame)
    assert tidy_by_keys(qtbot, window, Qt.Key.Key_L) == [True]
    window.layouts.animation.valueChanged.disconnect(frame)
    return len(frames)


@needs_shared(INTEROP / "graphml/scibot-workflow-paper-id.graphml")
def test_an_orthogonal_maps_layout_glides_in_many_frames_and_ends_routed_as_before(
    qtbot,
) -> None:
    """Routing every link round the boxes at every frame, the scibot workflow's 650 ms glide
    drew 10 frames offscreen (5 on a screen); its links now go straight until the last
    frame routes them."""
    window = opened(qtbot, INTEROP / "graphml/scibot-workflow-paper-id.graphml", None)
    assert window.document.cmap.routing == "orthogonal"
    routed: list[bool] = []

    def each(t: float) -> None:
        if t < 1.0:
            routed.append(any(e.routed for e in window.scene.edge_items.values()))

    # How many frames a glide draws follows the machine's speed (41 on an idle machine, 19 with
    # both cores busy, 10 before on an idle one), so only a glide, not its frame rate, is asked.
    assert _frames_of_a_layout(qtbot, window, each) >= 3
    assert routed and not any(routed[1:])  # the first frame is the picture before the move
    assert any(e.routed for e in window.scene.edge_items.values())


def test_the_names_drawn_zoomed_out_glide_with_their_concepts(qtbot) -> None:
    """The names of the main concepts stood where the concepts had been until the glide
    ended, floating over empty canvas: now each moves as far as its concept at every frame."""
    window = opened(qtbot, DEFAULT_MAP, None)
    view = window.view
    qtbot.waitUntil(lambda: bool(view.hub_names.placed), timeout=30_000)
    offsets: dict[int, tuple[float, float]] = {}
    worst = [0.0]

    def each(_t: float) -> None:
        at = view.viewportTransform()
        for rect, item, _ in view.hub_names.shown():
            centre = at.map(QPointF(item.cx, item.cy))
            offset = (rect.center().x() - centre.x(), rect.center().y() - centre.y())
            first = offsets.setdefault(id(item), offset)
            worst[0] = max(worst[0], math.dist(first, offset))

    assert _frames_of_a_layout(qtbot, window, each) >= 2
    assert offsets
    assert worst[0] < 1.0


def test_no_two_names_meet_while_their_concepts_glide(qtbot) -> None:
    """Map > Layered on the default map at fit: each name rides with its concept, and names
    of concepts gliding across each other were drawn one over the other, unreadable, until
    the glide ended. A name that would meet one drawn before it is left out for that frame,
    and the last frame names the concepts again where they now stand."""
    window = opened(qtbot, DEFAULT_MAP, None)
    view = window.view
    qtbot.waitUntil(lambda: len(view.hub_names.placed) >= 10, timeout=30_000)
    met: list[tuple[str, str]] = []
    drawn: list[int] = []

    def each(t: float) -> None:
        if t >= 1.0:
            return
        shown = view.hub_names.shown()
        drawn.append(len(shown))
        for index, (rect, _, text) in enumerate(shown):
            met.extend((text, other) for r, _, other in shown[index + 1 :] if r.intersects(rect))

    assert _frames_of_a_layout(qtbot, window, each) >= 3
    assert met == []
    assert max(drawn) >= 10  # names are drawn during the glide, not all hidden
    view.viewport().repaint()
    qtbot.waitUntil(lambda: len(view.hub_names.placed) >= 10, timeout=10_000)
    shown = view.hub_names.shown()
    assert not any(
        a.intersects(b) for i, (a, _, _) in enumerate(shown) for b, _, _ in shown[i + 1 :]
    )


def test_the_default_maps_glide_leaves_phrase_places_and_bundled_links_to_its_last_frame(
    qtbot, monkeypatch
) -> None:
    """Map > Layered on the default map: every frame of the glide looked for a free place for
    each of its 299 phrases (a quarter of a frame's CPU) and recomputed the 120 links drawn at
    fit only as part of a bundle; it drew 7 frames in 650 ms. Now the phrases ride at their
    links' middles and the bundled links wait, until the last frame places them all."""
    from mapviewer.scene import edgeitem  # noqa: PLC0415

    window = opened(qtbot, DEFAULT_MAP, None)
    qtbot.waitUntil(lambda: bool(window.scene.link_layer.bundles), timeout=10_000)
    searches: list[int] = []
    freest = edgeitem._freest
    monkeypatch.setattr(edgeitem, "_freest", lambda *a: searches.append(1) or freest(*a))
    bundled: list[str] = []
    update = edgeitem.EdgeItem.update_geometry

    def update_geometry(link: edgeitem.EdgeItem) -> None:
        if link.in_bundle:
            bundled.append(link.edge_id)
        update(link)

    monkeypatch.setattr(edgeitem.EdgeItem, "update_geometry", update_geometry)
    during: list[tuple[int, int]] = []

    def each(t: float) -> None:
        if t < 1.0:
            during.append((len(searches), len(bundled)))

    assert _frames_of_a_layout(qtbot, window, each) >= 2
    assert during and during[-1] == (0, 0)
    assert len(searches) >= 299  # the last frame placed them (none covered: see above)
    assert len(set(bundled)) >= 60  # and recomputed the bundled links


def test_a_glides_frames_leave_the_links_own_boxes_to_its_last_frame(qtbot, monkeypatch) -> None:
    """Map > Layered on the default map: each frame of the glide set every moving link's own
    box in Qt (its index, the pointer), a sixth of the frame's CPU in full HD; the layer draws
    from its own filing. The last frame sets them: a click on a moved link's phrase picks it."""
    window = opened(qtbot, DEFAULT_MAP, None)
    qtbot.waitUntil(lambda: bool(window.scene.link_layer.bundles), timeout=10_000)
    boxes: list[str] = []
    set_path = EdgeItem.setPath

    def counted(link: EdgeItem, path: QPainterPath) -> None:
        boxes.append(link.edge_id)
        set_path(link, path)

    monkeypatch.setattr(EdgeItem, "setPath", counted)
    before = {k: link.sceneBoundingRect() for k, link in window.scene.edge_items.items()}
    during: list[int] = []

    def each(t: float) -> None:
        if t < 1.0:
            during.append(len(boxes))

    assert _frames_of_a_layout(qtbot, window, each) >= 2
    assert during and during[-1] == 0
    assert len(set(boxes)) >= 250  # the last frame set them
    moved = sorted(
        k
        for k, link in window.scene.edge_items.items()
        if not link.label_rect.isEmpty() and not before[k].intersects(link.sceneBoundingRect())
    )
    assert moved
    click_link(qtbot, window, moved[len(moved) // 2])


def test_a_glides_frames_make_no_path_for_a_straight_link(qtbot, monkeypatch) -> None:
    """Map > Layered on the default map: each frame of the glide made every moving straight
    link's path as well as its line, a fifth of recomputing it, though the layer draws the
    line. The path is made when asked (a click's band, a phrase's place), from where the
    line is once the concepts have landed."""
    from mapviewer.scene import edgeitem  # noqa: PLC0415

    window = opened(qtbot, DEFAULT_MAP, None)
    qtbot.waitUntil(lambda: bool(window.scene.link_layer.bundles), timeout=10_000)
    made: list[int] = []

    class Counted(QPainterPath):
        def __init__(self, *args: object) -> None:
            made.append(1)
            super().__init__(*args)

    monkeypatch.setattr(edgeitem, "QPainterPath", Counted)
    straight = [e for e in window.scene.edge_items.values() if e.source is not e.target]
    during: list[int] = []

    def each(t: float) -> None:
        if t < 1.0:
            during.append(len(made))

    assert _frames_of_a_layout(qtbot, window, each) >= 2
    assert during and during[-1] == 0
    doc = window.document
    for item in window.scene.node_items.values():
        if not isinstance(item, GroupItem):
            assert (item.cx, item.cy) == (doc.nodes[item.node_id].x, doc.nodes[item.node_id].y)
    lines = [e for e in straight if e.line is not None]
    assert len(lines) >= 100
    for link in lines:
        assert link.line is not None
        course = link.curve
        ends = (course.pointAtPercent(0.0), course.pointAtPercent(1.0))
        assert ends == (link.line.p1(), link.line.p2()), link.label
