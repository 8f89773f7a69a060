"""A teacher preparing a lecture in the Tours dock, then presenting it.

The dock's ⚠ judged a step where the map has its concepts, though the presentation shows one
that does not read there as a close-up: "PD-L1 binds PD-1" moved up a place was flagged
(labels 21 px, the back row needs 30) while the hall saw it with labels of 40."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

from PySide6.QtCore import QSizeF, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QListWidget, QPushButton, QToolButton

from mapviewer.paths import DEFAULT_MAP
from mapviewer.slides import Stage, StageOptions
from mapviewer.ui.present.presentation import PresentationWindow
from mapviewer.ui.tours.tourpanel import CLOSE_UPS, WARNING

from .conftest import open_window
from .test_framing import present
from .test_tour_authoring_keys import CTRL, choose_row, open_tours

WINDOW_MAP = DEFAULT_MAP
WINDOW_SIZE = (1280, 720)
HALL = (1920, 1080)  # the projector the dock's check assumes


def test_a_step_the_hall_sees_as_a_readable_close_up_is_not_flagged(qtbot, window) -> None:
    steps = open_tours(qtbot, window)
    panel = window.tours.panel
    choose_row(qtbot, steps, 3)  # "PD-L1 binds PD-1, and the T cell stops"
    qtbot.keyClick(steps, Qt.Key.Key_Up, CTRL)
    qtbot.waitUntil(  # laid out on the worker thread
        lambda: steps.currentRow() == 2 and panel.fit_warning.isVisible(), timeout=60_000
    )
    assert steps.item(2).text() == "3. PD-L1 binds PD-1, and the T cell stops"  # no ⚠
    assert not any(steps.item(r).text().endswith(WARNING) for r in range(steps.count()))
    said = panel.fit_warning.text()
    assert WARNING not in said and said.startswith("Presented as a close-up")
    # Presented on that projector, the step is the close-up the dock describes.
    hall = present(qtbot, window.document, "releasing-the-brakes", HALL)
    hall.activateWindow()
    for _ in range(2):
        QTest.keyClick(hall, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: hall.index == 2 and not hall.view.is_animating(), timeout=10_000)
    shown = hall.stage.frame(hall.views[2], QSizeF(*HALL))
    assert hall.stage.closed_up and shown.fits
    assert f"labels {shown.label_px:.0f} px high" in said
    hall.close()


def test_tabbing_into_the_caption_continues_after_its_words(qtbot, window) -> None:
    """Tab from the step's title put the cursor before the caption's first word; Tab in the
    caption typed a tab character into what the hall reads instead of going on to the notes."""
    steps = open_tours(qtbot, window)
    panel = window.tours.panel
    choose_row(qtbot, steps, 0)
    caption, notes = panel.caption.toPlainText(), panel.notes.toPlainText()
    assert caption
    title = panel.step_title
    qtbot.mouseClick(title, Qt.MouseButton.LeftButton, pos=title.rect().center())
    qtbot.waitUntil(title.hasFocus, timeout=10_000)
    qtbot.keyClick(title, Qt.Key.Key_Tab)
    qtbot.waitUntil(panel.caption.hasFocus, timeout=10_000)
    qtbot.keyClicks(panel.caption, " Ask the hall why")
    assert panel.caption.toPlainText() == caption + " Ask the hall why"
    qtbot.keyClick(panel.caption, Qt.Key.Key_Tab)  # on towards the notes, past the quote button
    qtbot.waitUntil(lambda: not panel.caption.hasFocus(), timeout=10_000)
    assert "\t" not in panel.caption.toPlainText()
    for _ in range(3):
        if panel.notes.hasFocus():
            break
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    qtbot.waitUntil(panel.notes.hasFocus, timeout=10_000)
    qtbot.keyClicks(panel.notes, " Then show them.")
    assert panel.notes.toPlainText() == notes + " Then show them."
    for _ in range(3):  # Shift+Tab, back the way it came
        if panel.caption.hasFocus():
            break
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(panel.caption.hasFocus, timeout=10_000)
    qtbot.keyClicks(panel.caption, "?")
    step = panel.current_step()
    assert step is not None and step.caption == caption + " Ask the hall why?"
    assert step.notes == notes + " Then show them."


def test_add_step_right_after_choosing_one_says_it_repeats_it(qtbot, window) -> None:
    """Choosing a step selects its concepts; Add Step from Selection pressed next added an
    exact copy of it without a word. It still goes right after the chosen step (Ctrl+Z takes
    it back), and the status bar says which step it repeats."""
    steps = open_tours(qtbot, window)
    panel = window.tours.panel
    before = [s.focus for s in panel.current_tour().steps]
    choose_row(qtbot, steps, 1)  # "Checkpoints are brakes"
    qtbot.waitUntil(lambda: bool(window.scene.selected_ids()[0]), timeout=10_000)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: steps.count() == 13, timeout=10_000)
    assert steps.currentRow() == 2
    said = window.statusBar().currentMessage()
    assert "Step 3 shows just what step 2 shows" in said, said
    # Something else selected on the map: a step of its own, and nothing said.
    window.statusBar().clearMessage()
    item = window.scene.node_items["ctla-4"]
    window.view.centerOn(item)
    point = window.view.mapFromScene(item.cx, item.cy)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: window.scene.selected_ids()[0] == {"ctla-4"}, timeout=10_000)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: steps.count() == 14, timeout=10_000)
    assert panel.current_tour().steps[3].focus == ["ctla-4"]
    assert "shows just what" not in window.statusBar().currentMessage()
    for _ in range(2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)
    assert [s.focus for s in panel.current_tour().steps] == before


def test_a_step_whose_concepts_were_deleted_says_so_in_the_dock_and_the_hall(qtbot, window) -> None:
    """Deleting what a step shows (choosing the step selects it; Delete) left the step naming
    nothing: presented, it passed for an overview, its caption over the tour so far, and the
    dock called it "nothing: an overview of what is revealed"."""
    steps = open_tours(qtbot, window)
    panel = window.tours.panel
    choose_row(qtbot, steps, 3)  # "PD-L1 binds PD-1, and the T cell stops": the link and its ends
    qtbot.waitUntil(lambda: "pd-l1-binds-pd-1" in window.scene.selected_ids()[1], timeout=10_000)
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "pd-l1-binds-pd-1" not in window.document.edges, timeout=10_000)
    qtbot.waitUntil(lambda: steps.item(3).text().endswith("nothing left to show"), timeout=10_000)
    assert (
        steps.item(3).text()
        == f"4. PD-L1 binds PD-1, and the T cell stops  {WARNING} nothing left to show"
    )
    assert panel.current_step_index() == 3
    said = panel.focus_label.text()
    assert said.startswith(f"{WARNING} Nothing left to show: PD-L1 binds PD-1 was deleted")
    assert "overview" not in said
    # Steps that still show something of their own are not flagged so.
    assert not steps.item(2).text().endswith("nothing left to show")  # PD-L1 went; Macrophages stay
    # Presented from this step, the hall is told, above the step's words.
    present_button = next(
        b for b in panel.findChildren(QPushButton) if b.text() == "Present from This Step"
    )
    qtbot.mouseClick(present_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.tours.runner.presentation is not None, timeout=10_000)
    hall = window.tours.runner.presentation
    assert hall.index == 3
    band = [text.text for text in hall.overlay_widget.overlay.texts]
    assert band[:2] == [
        f"{WARNING} No longer in the map: PD-L1 binds PD-1",
        "PD-L1 binds PD-1, and the T cell stops",
    ]
    QTest.keyClick(hall, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.tours.runner.presentation is None, timeout=10_000)
    # Ctrl+Z brings the concepts back, and the step is whole again.
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: "pd-l1-binds-pd-1" in window.document.edges, timeout=10_000)
    qtbot.waitUntil(lambda: WARNING not in steps.item(3).text(), timeout=10_000)
    assert "PD-L1 binds PD-1" in panel.focus_label.text().splitlines()[0]


def test_a_step_whose_concepts_were_deleted_still_says_so_once_saved_and_reopened(
    qtbot, window, tmp_path: Path
) -> None:
    """The mark lived only in the open window: saved and reopened, the step named nothing and
    silently showed the overview of the tour so far."""
    folder = tmp_path / "maps"
    shutil.copytree(DEFAULT_MAP.parent, folder)
    path = folder / DEFAULT_MAP.name
    window = open_window(qtbot, path, WINDOW_SIZE)
    steps = open_tours(qtbot, window)
    choose_row(qtbot, steps, 3)  # "PD-L1 binds PD-1, and the T cell stops": the link and its ends
    qtbot.waitUntil(lambda: "pd-l1-binds-pd-1" in window.scene.selected_ids()[1], timeout=10_000)
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: steps.item(3).text().endswith("nothing left to show"), timeout=10_000)
    qtbot.keyClick(window.view, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=10_000)
    saved = json.loads(path.read_text(encoding="utf-8"))["tours"][0]["steps"][3]
    assert saved["gone"] == ["PD-L1 binds PD-1"] and "focus" not in saved

    reopened = open_window(qtbot, path, WINDOW_SIZE)
    steps = open_tours(qtbot, reopened)
    assert (
        steps.item(3).text()
        == f"4. PD-L1 binds PD-1, and the T cell stops  {WARNING} nothing left to show"
    )
    choose_row(qtbot, steps, 3)
    said = reopened.tours.panel.focus_label.text()
    assert said.startswith(f"{WARNING} Nothing left to show: PD-L1 binds PD-1 was deleted")
    hall = present(qtbot, reopened.document, "releasing-the-brakes", HALL)
    hall.activateWindow()
    QTest.keyClick(hall, Qt.Key.Key_End)
    for _ in range(steps.count() - 4):
        QTest.keyClick(hall, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: hall.index == 3, timeout=10_000)
    band = [text.text for text in hall.overlay_widget.overlay.texts]
    assert band[0] == f"{WARNING} No longer in the map: PD-L1 binds PD-1"
    QTest.keyClick(hall, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not hall.isVisible(), timeout=10_000)
    # Given a subject again (More > Set Focus from Selection), it no longer says it lost one.
    choose_row(qtbot, steps, 3)
    item = reopened.scene.node_items["ctla-4"]
    reopened.view.centerOn(item)
    point = reopened.view.mapFromScene(item.cx, item.cy)
    qtbot.mouseClick(reopened.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: reopened.scene.selected_ids()[0] == {"ctla-4"}, timeout=10_000)
    more = next(b for b in reopened.tours.panel.findChildren(QToolButton) if b.text() == "More")
    action = next(a for a in more.menu().actions() if a.text() == "Set Focus from Selection")
    action.trigger()
    qtbot.waitUntil(lambda: WARNING not in steps.item(3).text(), timeout=10_000)
    assert reopened.tours.panel.current_tour().steps[3].gone == []


def close_up_in_the_dock(qtbot, window) -> QListWidget:
    """The Tours dock open on Releasing the brakes with "PD-L1 binds PD-1" moved a place up,
    where it reads as a close-up: the dock's step list."""
    steps = open_tours(qtbot, window)
    panel = window.tours.panel
    choose_row(qtbot, steps, 3)
    qtbot.keyClick(steps, Qt.Key.Key_Up, CTRL)
    qtbot.waitUntil(lambda: panel.close_ups == {2}, timeout=60_000)
    return steps


def close_ups_counted(monkeypatch) -> list[int]:
    """The steps of every close-up laid out from now on, in order."""
    laid_out: list[int] = []
    shown = Stage.show

    def counted(stage: Stage, view, size, **kwargs):
        laid_out.append(view.index)
        return shown(stage, view, size, **kwargs)

    monkeypatch.setattr(Stage, "show", counted)
    return laid_out


def test_an_edit_lays_out_again_only_the_close_ups_of_the_steps_it_touches(
    qtbot, window, monkeypatch
) -> None:
    """Every edit (a Ctrl+Right nudge, a letter typed in a label) laid out every close-up the
    dock judges again, whatever it touched: 10 s an edit with the dock open on a 1k map."""
    close_up_in_the_dock(qtbot, window)
    panel = window.tours.panel
    laid_out = close_ups_counted(monkeypatch)
    views = panel.views
    seen_anywhere = set().union(*(v.revealed.nodes for v in views))

    def nudge(node_id: str) -> None:
        item = window.scene.node_items[node_id]
        window.view.centerOn(item)
        point = window.view.mapFromScene(item.cx, item.cy)
        qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        qtbot.waitUntil(lambda: window.scene.selected_ids()[0] == {node_id}, timeout=10_000)
        x = window.document.nodes[node_id].x
        qtbot.keyClick(window.view, Qt.Key.Key_Right, CTRL)
        qtbot.waitUntil(lambda: window.document.nodes[node_id].x != x, timeout=10_000)
        qtbot.waitUntil(lambda: not panel._check_timer.isActive(), timeout=30_000)

    # A concept no step of the tour shows: no close-up is laid out again.
    outside = next(n.id for n in window.document.cmap.nodes if n.id not in seen_anywhere)
    nudge(outside)
    assert laid_out == []
    # The subject of a close-up: that step's again, not every close-up's.
    step = min(panel.close_ups)
    subject = sorted(views[step].subjects)[0]
    nudge(subject)
    qtbot.waitUntil(lambda: step in laid_out, timeout=60_000)  # on the worker thread
    assert all(subject in panel.views[i].revealed.nodes for i in laid_out)


def menu_choice(window, menu: str, choice: str) -> QAction:
    """Map > ``menu`` > ``choice``, found through the menu bar as a person finds it."""
    bar = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Map" and a.menu())
    sub = next(a.menu() for a in bar.actions() if a.text() == menu and a.menu())
    return next(a for a in sub.actions() if a.text().replace("&", "") == choice)


def test_links_routed_anew_while_presenting_are_framed_anew_in_the_hall(qtbot, window) -> None:
    """Map > Links chosen from the editing window while the show ran moves the phrases the
    step is framed round: the hall kept the old framing (why-it-fails step 3 made orthogonal
    at 1200x800: zoom 2.32 where a show started afresh frames it at 2.59)."""

    def at_step_3(show: PresentationWindow) -> None:
        show.activateWindow()
        for index in (1, 2):
            QTest.keyClick(show, Qt.Key.Key_Right)
            qtbot.waitUntil(lambda i=index: show.index == i, timeout=10_000)
        qtbot.waitUntil(lambda: not show.view.is_animating(), timeout=10_000)

    def camera(show: PresentationWindow) -> tuple[float, float, float]:
        centre = show.view.mapToScene(show.view.viewport().rect().center())
        return centre.x(), centre.y(), show.view.transform().m11()

    def same(a: tuple[float, float, float], b: tuple[float, float, float]) -> bool:
        return abs(a[0] - b[0]) < 3 and abs(a[1] - b[1]) < 3 and abs(a[2] / b[2] - 1) < 0.01

    live = present(qtbot, window.document, "why-it-fails", (1200, 800))
    at_step_3(live)
    before = camera(live)
    menu_choice(window, "&Links", "Orthogonal").trigger()
    assert window.document.cmap.routing == "orthogonal"
    fresh = present(qtbot, window.document, "why-it-fails", (1200, 800))
    at_step_3(fresh)
    framed = camera(fresh)
    fresh.close()
    assert not same(before, framed)  # the routing moves this step's framing
    qtbot.waitUntil(lambda: same(camera(live), framed), timeout=10_000)
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: same(camera(live), before), timeout=10_000)
    live.close()


def test_a_new_lettering_is_measured_by_the_tours_dock(qtbot, window) -> None:
    """Map > Concept Labels > Plain narrows every box: the dock's measuring scenes kept the
    bold sizes, so its close-ups and warnings were those of the bold map."""
    close_up_in_the_dock(qtbot, window)
    panel = window.tours.panel
    bold = panel.shown[2].label_px
    menu_choice(window, "Concept La&bels", "Plain").trigger()
    assert window.document.cmap.lettering == "plain"
    hall = present(qtbot, window.document, "releasing-the-brakes", HALL)
    hall.activateWindow()
    for index in (1, 2):
        QTest.keyClick(hall, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda i=index: hall.index == i, timeout=10_000)
    plain = hall.stage.frame(hall.views[2], QSizeF(*HALL)).label_px
    hall.close()
    assert abs(plain - bold) > 0.5  # plain boxes close the step up larger
    qtbot.waitUntil(lambda: abs(panel.shown[2].label_px - plain) < 0.05, timeout=30_000)
    assert f"labels {plain:.0f} px high" in panel.fit_warning.text()


def test_typing_a_concepts_description_lays_out_no_close_up_again(
    qtbot, window, monkeypatch
) -> None:
    """A concept's description, quotes, aliases and colours change nothing the hall measures:
    typing the description of a concept in close-ups laid every one of them out again at each
    key (default map spread 5x, PD-L1 in 4 of 12 close-ups: 1.4-1.7 s a key)."""
    close_up_in_the_dock(qtbot, window)
    panel = window.tours.panel
    laid_out = close_ups_counted(monkeypatch)
    subject = sorted(panel.views[2].subjects)[0]
    window.go_to("node", subject)
    window.detail_editing.toggle.trigger()
    editor = window.detail_editing.editor
    window.activateWindow()
    editor.description_edit.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(editor.description_edit.hasFocus, timeout=10_000)
    qtbot.keyClick(editor.description_edit, Qt.Key.Key_End, CTRL)
    qtbot.keyClicks(editor.description_edit, " Ask")
    node = window.document.nodes[subject]
    qtbot.waitUntil(lambda: node.description.endswith(" Ask"), timeout=10_000)
    qtbot.waitUntil(lambda: not panel._check_timer.isActive(), timeout=30_000)
    assert laid_out == []
    editor.label_edit.setFocus(Qt.FocusReason.MouseFocusReason)  # a new name is measured
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_End)
    qtbot.keyClicks(editor.label_edit, " axis")
    qtbot.waitUntil(lambda: window.document.nodes[subject].label.endswith(" axis"), timeout=10_000)
    qtbot.waitUntil(lambda: 2 in laid_out, timeout=30_000)


def renamed(qtbot, window, node_id: str, typed: str) -> str:
    """The concept's name with ``typed`` added in Details, Enter pressed: its new name."""
    if window.detail_editing.editor.isHidden():
        window.go_to("node", node_id)
        window.detail_editing.toggle.trigger()
    editor = window.detail_editing.editor
    window.activateWindow()
    editor.label_edit.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(editor.label_edit.hasFocus, timeout=10_000)
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_End)
    qtbot.keyClicks(editor.label_edit, typed)
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Return)
    name = window.document.nodes[node_id].label
    assert name.endswith(typed)
    return name


def test_renaming_a_concept_lays_out_only_the_close_ups_in_sight(qtbot, window) -> None:
    """Renaming a hub laid out again, at each key, the close-up of every step showing it (the
    default map spread 5x, PD-L1 in 4 of 12 close-ups: 1.6-2.2 s a key). Only the chosen
    step's is laid out with the edit; the others keep their verdict until an idle moment,
    and the show frames the step round the new name as a fresh show does."""
    steps = close_up_in_the_dock(qtbot, window)
    panel = window.tours.panel
    choose_row(qtbot, steps, 0)  # the close-up is no longer the step in sight
    subject = sorted(panel.views[2].subjects)[0]
    at_edit: list[int] = []
    recheck = panel._recheck

    def counted() -> None:
        recheck()
        at_edit.append(panel.laid_out)

    panel._check_timer.timeout.disconnect(panel._recheck)
    panel._check_timer.timeout.connect(counted)
    before = panel.laid_out
    name = renamed(qtbot, window, subject, " axis")
    qtbot.waitUntil(lambda: len(at_edit) >= 1, timeout=30_000)
    assert set(at_edit) == {before}  # no close-up laid out with any key
    qtbot.waitUntil(lambda: panel.laid_out > before and not panel._pending, timeout=30_000)
    assert panel.close_ups == {2}
    assert WARNING not in steps.item(2).text()
    # The show, stepped to it, frames the close-up round the new name as a fresh show does.
    hall = present(qtbot, window.document, "releasing-the-brakes", HALL)
    hall.activateWindow()
    for _ in range(2):
        QTest.keyClick(hall, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: hall.index == 2 and not hall.view.is_animating(), timeout=10_000)
    assert hall.stage.closed_up
    assert hall.stage.scene.node_items[subject].label == name
    fresh = Stage(window.document, StageOptions(), cached=False, close_ups=True)
    framed = fresh.show(hall.views[2], QSizeF(hall.size()))
    assert abs(hall.view.transform().m11() - framed.scale) < 1e-6
    centre = hall.view.mapToScene(hall.view.viewport().rect().center())
    assert abs(centre.x() - framed.centre.x()) < 2 / framed.scale
    hall.close()


def hall_label_px(window, view) -> float:
    """The labels of ``view`` as a show started now frames them on the hall's projector."""
    fresh = Stage(window.document, StageOptions(), cached=False, close_ups=True)
    return fresh.show(view, QSizeF(*HALL)).label_px


def test_a_close_up_is_laid_out_off_the_window_and_shows_the_new_name(
    qtbot, window, monkeypatch
) -> None:
    """Each close-up an edit made stale was laid out on the window's own thread, one a pause
    in the editing: the window froze for 0.5-0.8 s each (default map spread 5x). Laid out on
    a worker thread, the dock says how the hall sees the step round the new name once done,
    as the show, stepped to it, frames it."""
    steps = close_up_in_the_dock(qtbot, window)
    panel = window.tours.panel
    threads: list[str] = []
    shown = Stage.show

    def on_which_thread(stage: Stage, view, size, **kwargs):
        threads.append(threading.current_thread().name)
        return shown(stage, view, size, **kwargs)

    monkeypatch.setattr(Stage, "show", on_which_thread)
    view = panel.views[2]
    subject = view.primary  # the close-up is laid out round it
    assert subject in view.subjects
    before = panel.laid_out
    name = renamed(qtbot, window, subject, " axis, the ligand the tumour shows")
    qtbot.waitUntil(lambda: panel.laid_out > before and not panel._pending, timeout=60_000)
    monkeypatch.setattr(Stage, "show", shown)
    assert threads and all(t.startswith(CLOSE_UPS) for t in threads), threads
    assert steps.currentRow() == 2 and WARNING not in steps.item(2).text()
    assert f"round “{name}”" in panel.fit_warning.text()
    hall = present(qtbot, window.document, "releasing-the-brakes", HALL)
    hall.activateWindow()
    for _ in range(2):
        QTest.keyClick(hall, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: hall.index == 2 and not hall.view.is_animating(), timeout=10_000)
    assert hall.stage.closed_up and hall.stage.scene.node_items[subject].label == name
    seen = hall.stage.frame(hall.views[2], QSizeF(*HALL)).label_px
    hall.close()
    qtbot.waitUntil(
        lambda: f"labels {seen:.0f} px high" in panel.fit_warning.text(), timeout=60_000
    )


def test_a_close_up_laid_out_before_a_further_edit_is_not_shown(qtbot, window, monkeypatch) -> None:
    """A close-up laid out on the worker thread for the map as it was before the next edit
    is dropped when it arrives, and laid out again: the dock shows the latest name's."""
    close_up_in_the_dock(qtbot, window)
    panel = window.tours.panel
    view = panel.views[2]
    subject = sorted(view.subjects)[0]
    entered: list[str] = []
    gate = threading.Event()
    shown = Stage.show

    def held(stage: Stage, view, size, **kwargs):
        if threading.current_thread().name.startswith(CLOSE_UPS):
            entered.append(stage.document.nodes[subject].label)
            assert gate.wait(timeout=120)
        return shown(stage, view, size, **kwargs)

    monkeypatch.setattr(Stage, "show", held)
    first = renamed(qtbot, window, subject, " axis")
    first_px = hall_label_px(window, panel.views[2])
    qtbot.waitUntil(lambda: entered == [first], timeout=30_000)  # held in the worker
    latest = renamed(qtbot, window, subject, " and every ligand it shows the T cells")
    latest_px = hall_label_px(window, panel.views[2])
    assert abs(first_px - latest_px) >= 1  # the two names read at sizes the dock tells apart
    gate.set()
    qtbot.waitUntil(lambda: latest in entered, timeout=60_000)  # laid out again
    qtbot.waitUntil(
        lambda: f"labels {latest_px:.0f} px high" in panel.fit_warning.text(), timeout=60_000
    )
    assert abs(panel.shown[2].label_px - latest_px) < 0.05
