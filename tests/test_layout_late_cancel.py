"""Late Cancel of a layout: honoured up to the moment the result is applied, and from that
moment the dialog says it is applying, with Cancel disabled (issue 18: at 92 % on a 5k map the
dialog froze at 98 % for over 7 s and the layout was applied anyway).

The layout is held at its last progress report by _Worker.progress_hook (a threading.Event),
so the clicks land at a late stage every time, without waiting a while."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from mapviewer.io.mapfile import dumps
from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.editing import layoutactions

WINDOW_MAP = DEFAULT_MAP  # over PROGRESS_FROM concepts: the layout shows its dialog
GUARD = 120_000  # ms: a layout of the default map on a loaded 2-core machine


class Hold:
    """Stops the layout thread at its first progress report from ``late`` on."""

    def __init__(self, late: float) -> None:
        self.late = late
        self.reached = threading.Event()
        self.release = threading.Event()

    def __call__(self, fraction: float) -> None:
        if fraction >= self.late and not self.reached.is_set():
            self.reached.set()
            self.release.wait(GUARD / 1000)


@pytest.fixture
def hold() -> Iterator[Hold]:
    held = Hold(0.5)  # organic reports 0.5 last, then finishes without asking again
    layoutactions._Worker.progress_hook = held
    yield held
    layoutactions._Worker.progress_hook = None
    held.release.set()


def cancel_button(runner: layoutactions.LayoutRunner) -> QPushButton:
    assert runner.dialog is not None
    button = runner.dialog.findChild(QPushButton)
    assert button is not None
    return button


def test_cancel_at_the_last_stage_applies_nothing(qtbot, window, hold) -> None:
    before = dumps(window.document.cmap)
    runner = window.layouts
    with qtbot.waitSignal(runner.finished, timeout=GUARD) as done:
        runner.run("organic")
        qtbot.waitUntil(hold.reached.is_set, timeout=GUARD)
        assert runner.dialog is not None
        qtbot.waitUntil(runner.dialog.isVisible, timeout=GUARD)
        QTest.mouseClick(cancel_button(runner), Qt.MouseButton.LeftButton)
        hold.release.set()
    assert done.args == [False]
    assert dumps(window.document.cmap) == before
    assert window.document.undo_stack.count() == 0
    assert "cancelled" in window.statusBar().currentMessage()


def test_cancel_is_disabled_while_the_result_is_applied(qtbot, window, hold) -> None:
    runner = window.layouts
    seen: list[tuple[bool, bool, str]] = []

    def applying() -> None:
        dialog = runner.dialog
        assert dialog is not None
        button = cancel_button(runner)
        seen.append((dialog.isVisible(), button.isEnabled(), dialog.labelText()))
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # too late: nothing happens

    runner.applying.connect(applying)
    with qtbot.waitSignal(runner.finished, timeout=GUARD) as done:
        runner.run("organic")
        qtbot.waitUntil(hold.reached.is_set, timeout=GUARD)
        assert runner.dialog is not None
        qtbot.waitUntil(runner.dialog.isVisible, timeout=GUARD)
        hold.release.set()
    assert len(seen) == 1
    visible, enabled, label = seen[0]
    assert visible and not enabled and "applying" in label
    assert done.args == [True]
    qtbot.waitUntil(lambda: window.document.undo_stack.count() == 1, timeout=GUARD)
    assert "cancelled" not in window.statusBar().currentMessage()
