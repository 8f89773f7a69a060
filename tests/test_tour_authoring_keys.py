"""A teacher writing a tour at the keyboard, in the Tours dock's step list and caption fields.

Delete in the step list deleted the chosen step's concepts from the map (choosing a step selects
its focus on the map, and the window's Delete took it); Ctrl+Up and Ctrl+Down moved no step;
Ctrl+Z typed in the caption or the notes undid nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QListWidget

from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.mainwindow import MainWindow

WINDOW_MAP = DEFAULT_MAP
WINDOW_SIZE = (1280, 720)
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def open_tours(qtbot, window: MainWindow) -> QListWidget:
    """Ctrl+Shift+T, as the View menu lists it, and wait for the dock's steps."""
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_T, CTRL | SHIFT)
    steps = window.tours.panel.steps
    qtbot.waitUntil(lambda: steps.isVisible() and steps.count() == 12, timeout=10_000)
    return steps


def choose_row(qtbot, steps: QListWidget, row: int) -> None:
    """Click the step, as a person does, so the list has the keyboard."""
    rect = steps.visualItemRect(steps.item(row))
    qtbot.mouseClick(steps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: steps.currentRow() == row and steps.hasFocus(), timeout=10_000)


def titles(window: MainWindow) -> list[str]:
    tour = window.tours.panel.current_tour()
    assert tour is not None
    return [step.title for step in tour.steps]


def test_delete_in_the_step_list_removes_the_step_not_its_concepts(qtbot, window) -> None:
    steps = open_tours(qtbot, window)
    concepts, links = len(window.document.nodes), len(window.document.edges)
    before = titles(window)
    choose_row(qtbot, steps, 1)  # "Checkpoints are brakes": PD-1 and its links selected
    qtbot.waitUntil(lambda: bool(window.scene.selected_ids()[0]), timeout=10_000)
    qtbot.keyClick(steps, Qt.Key.Key_Delete)
    assert titles(window) == before[:1] + before[2:]
    assert (len(window.document.nodes), len(window.document.edges)) == (concepts, links)
    assert steps.count() == 11 and steps.currentRow() == 1  # the next step is chosen
    qtbot.keyClick(steps, Qt.Key.Key_Backspace)  # as on a Mac keyboard
    assert titles(window) == before[:1] + before[3:]
    qtbot.keyClick(steps, Qt.Key.Key_Z, CTRL)  # each removal is one undo step
    assert titles(window) == before[:1] + before[2:]
    qtbot.keyClick(steps, Qt.Key.Key_Z, CTRL)
    assert titles(window) == before
    assert len(window.document.nodes) == concepts


def test_ctrl_up_and_down_move_the_chosen_step(qtbot, window) -> None:
    steps = open_tours(qtbot, window)
    before = titles(window)
    choose_row(qtbot, steps, 3)
    qtbot.keyClick(steps, Qt.Key.Key_Up, CTRL)
    qtbot.keyClick(steps, Qt.Key.Key_Up, CTRL)
    assert titles(window) == [before[0], before[3], before[1], before[2], *before[4:]]
    assert steps.currentRow() == 1 and steps.item(1).text().startswith(f"2. {before[3]}")
    qtbot.keyClick(steps, Qt.Key.Key_Down, CTRL)
    assert titles(window) == [before[0], before[1], before[3], before[2], *before[4:]]
    assert steps.currentRow() == 2
    for _ in range(3):  # each move is one undo step
        qtbot.keyClick(steps, Qt.Key.Key_Z, CTRL)
    assert titles(window) == before
    row = steps.currentRow()
    qtbot.keyClick(steps, Qt.Key.Key_Down)  # without Ctrl the arrows still choose a step
    assert titles(window) == before and steps.currentRow() == row + 1


def test_ctrl_z_in_the_caption_and_notes_undoes_the_typing(qtbot, window) -> None:
    steps = open_tours(qtbot, window)
    choose_row(qtbot, steps, 0)
    panel = window.tours.panel
    caption, notes = panel.caption.toPlainText(), panel.notes.toPlainText()
    for field, was in ((panel.caption, caption), (panel.notes, notes)):
        field.setFocus()
        qtbot.waitUntil(field.hasFocus, timeout=10_000)
        qtbot.keyClick(field, Qt.Key.Key_End, CTRL)  # after what is written
        qtbot.keyClicks(field, " Ask the hall why.")
        assert field.toPlainText() != was
        qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
        assert field.toPlainText() == was
        qtbot.keyClick(field, Qt.Key.Key_Z, CTRL | SHIFT)
        assert field.toPlainText().endswith(" Ask the hall why.")
        qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    step = panel.current_step()
    assert step is not None and (step.caption, step.notes) == (caption, notes)


def test_a_first_step_needs_something_selected_on_a_fresh_map(qtbot, window) -> None:
    """File > New, then Add Step from Selection at once: the step framed nothing, an empty
    screen in the hall and an empty slide, titled "(untitled)"."""
    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: not window.document.nodes, timeout=10_000)
    qtbot.keyClick(window.view, Qt.Key.Key_T, CTRL | SHIFT)
    panel = window.tours.panel
    qtbot.waitUntil(panel.add_button.isVisible, timeout=10_000)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert window.document.cmap.tours == [] and panel.steps.count() == 0
    assert "Nothing selected" in window.statusBar().currentMessage()
    for name in ("Sun", "Plants"):  # Insert, type the name, Enter: as the Edit menu says
        window.view.setFocus()
        qtbot.keyClick(window.view, Qt.Key.Key_Insert)
        qtbot.keyClicks(QApplication.focusWidget(), name)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.document.nodes) == 2, timeout=10_000)
    sun = next(n.id for n in window.document.nodes.values() if n.label == "Sun")
    window.scene.clearSelection()
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)  # still nothing selected
    assert window.document.cmap.tours == []
    item = window.scene.node_items[sun]
    window.view.centerOn(item)
    point = window.view.mapFromScene(item.cx, item.cy)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert [(s.title, s.focus) for s in window.document.cmap.tours[0].steps] == [("Sun", [sun])]
    window.scene.clearSelection()  # after a step, nothing selected: an overview of what is shown
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert [s.title for s in window.document.cmap.tours[0].steps] == ["Sun", "Overview"]
    assert panel.steps.item(1).text() == "2. Overview"


def test_undoing_a_move_keeps_the_moved_step_chosen(qtbot, window) -> None:
    """Ctrl+Up then Ctrl+Z: the step went back, the row stayed, and the caption shown and
    typed into was the neighbour's that had taken the row."""
    steps = open_tours(qtbot, window)
    panel = window.tours.panel
    before = titles(window)
    choose_row(qtbot, steps, 3)
    qtbot.keyClick(steps, Qt.Key.Key_Up, CTRL)
    assert steps.currentRow() == 2 and panel.step_title.text() == before[3]
    qtbot.keyClick(steps, Qt.Key.Key_Z, CTRL)
    assert titles(window) == before
    assert steps.currentRow() == 3 and panel.step_title.text() == before[3]
    qtbot.keyClick(steps, Qt.Key.Key_Z, CTRL | SHIFT)
    assert steps.currentRow() == 2 and panel.step_title.text() == before[3]


def test_deleting_a_concept_forgets_the_links_steps_held_back_with_it(qtbot, window) -> None:
    """Step 2 holds back "PD-1 sits on T cells"; deleting PD-1 takes that link, and the step
    went on naming it: "No longer in the map: pd-1-sits-on-t-cells", and an empty "Held back"."""
    steps = open_tours(qtbot, window)
    panel = window.tours.panel
    choose_row(qtbot, steps, 1)  # its focus, PD-1 among it, selected on the map
    assert "pd-1-sits-on-t-cells" in window.document.cmap.tours[0].steps[1].hold
    qtbot.waitUntil(lambda: "pd-1" in window.scene.selected_ids()[0], timeout=10_000)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert "pd-1" not in window.document.nodes
    step = window.document.cmap.tours[0].steps[1]
    assert step.hold == []
    qtbot.waitUntil(lambda: "No longer in the map" not in panel.focus_label.text(), timeout=10_000)
    assert "Held back" not in panel.focus_label.text()
    # All three of its concepts went: the step says it has nothing left (not the held link).
    assert steps.item(1).text() == "2. Checkpoints are brakes  ⚠ nothing left to show"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # one undo brings the concepts and the hold
    assert "pd-1-sits-on-t-cells" in window.document.cmap.tours[0].steps[1].hold
