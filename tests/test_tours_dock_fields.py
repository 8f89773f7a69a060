"""The Tours dock at 1280x720 with the Legend and Details open: every field of the chosen step
whole in sight, whatever the step. A focus of ten names, or one with links held back, wrapped
to eight lines there and cut its own last lines; the caption was cut and the notes and the
caption's source were out of sight under it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.mainwindow import MainWindow
from mapviewer.ui.tours.tourpanel import FOCUS_LINES, TourPanel

WINDOW_MAP = DEFAULT_MAP
WINDOW_SIZE = (1280, 720)
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def fields(panel: TourPanel) -> dict[str, QWidget]:
    present = next(
        b for b in panel.findChildren(QPushButton) if b.text() == "Present from This Step"
    )
    return {
        "tour": panel.tour_box,
        "tour title": panel.tour_title,
        "steps": panel.steps,
        "add": panel.add_button,
        "remove": panel.remove_button,
        "preview": panel.preview_button,
        "more": panel.more_button,
        "title": panel.step_title,
        "focus": panel.focus_label,
        "caption": panel.caption,
        "use a quote": panel.quote_button,
        "source": panel.citation,
        "notes": panel.notes,
        "present": present,
    }


def cut(panel: TourPanel) -> dict[str, tuple[int, int]]:
    """The fields not whole in sight: their visible height against their own."""
    return {
        name: (widget.visibleRegion().boundingRect().height(), widget.height())
        for name, widget in fields(panel).items()
        if widget.visibleRegion().boundingRect() != widget.rect()
    }


def ink_rows(widget: QWidget) -> set[int]:
    """The rows of the widget, as drawn, with a dark pixel: where its text is."""
    image = widget.grab().toImage()
    return {
        y
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).lightness() < 100
    }


def test_every_field_of_every_step_is_whole_at_1280x720(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_T, CTRL_SHIFT)
    panel = window.tours.panel
    steps = panel.steps
    qtbot.waitUntil(lambda: steps.isVisible() and steps.count() == 12, timeout=10_000)
    qtbot.waitUntil(lambda: window.tours.dock.height() >= window.details_dock.height())
    two_lines = 0
    for tour in range(panel.tour_box.count()):
        if tour:  # the next tour, from the keyboard in its chooser
            qtbot.keyClick(panel.tour_box, Qt.Key.Key_Down)
            qtbot.waitUntil(lambda t=tour: panel.tour_box.currentIndex() == t, timeout=10_000)
        rect = steps.visualItemRect(steps.item(0))
        qtbot.mouseClick(steps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.waitUntil(lambda: steps.hasFocus(), timeout=10_000)
        for row in range(steps.count()):
            if row:
                qtbot.keyClick(steps, Qt.Key.Key_Down)
            qtbot.waitUntil(lambda r=row: panel.current_step_index() == r, timeout=10_000)
            qtbot.waitUntil(lambda: not cut(panel), timeout=10_000)
            two_lines += focus_drawn_whole(panel)
    assert two_lines >= 12  # steps whose focus needs its second line


def focus_drawn_whole(panel: TourPanel) -> bool:
    """The focus in its lines as drawn, starting as the focus does; whether it took two."""
    label = panel.focus_label
    shown = label.shown()
    assert len(shown) <= FOCUS_LINES
    assert shown[0].rstrip("… ") in label.text()
    if len(shown) < 2 or not shown[1]:
        return False
    line = label.fontMetrics().lineSpacing()  # a long focus, or links held back: ink on each
    rows = ink_rows(label)
    assert any(y < line for y in rows) and any(y >= line for y in rows), label.text()
    assert label.toolTip()  # the whole of it, where it is cut
    return True
