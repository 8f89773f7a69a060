"""Every shortcut of the window does one thing: a key bound twice in one window, even twice to
the same action, is "ambiguous" to Qt, which then triggers nothing (Alt+Left did nothing)."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QWidget

from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, open_window
from .test_editing import node_pos

WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def window_with_most_actions_enabled(qtbot) -> MainWindow:
    """A concept and a link's worth of history, and two concepts selected: back and forward,
    copy, delete and link are all enabled, so their keys are checked against the rest."""
    window = open_window(qtbot, DATA / "sample.json", (1300, 850))
    window.view.fit_all()
    viewport = window.view.viewport()
    for node_id in ("pd-1", "tregs", "ctla-4"):
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=node_pos(window, node_id))
    window.explore.back.trigger()
    qtbot.mouseClick(
        viewport,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        node_pos(window, "pd-1"),
    )
    assert window.explore.back.isEnabled() and window.explore.forward.isEnabled()
    return window


def bindings(window: MainWindow) -> list[tuple[str, QAction | QShortcut, list[str]]]:
    """Every action and shortcut object of the window with the keys it listens to."""
    found: list[tuple[str, QAction | QShortcut, list[str]]] = []
    for action in window.findChildren(QAction):
        found.append((action.text(), action, [k.toString() for k in action.shortcuts()]))
    for shortcut in window.findChildren(QShortcut):
        sequences = shortcut.keys()  # a method: QShortcut can hold several sequences
        keys = [k.toString() for k in sequences]
        found.append((f"shortcut {keys}", shortcut, keys))
    return found


def test_no_key_is_bound_twice_in_one_window(qtbot) -> None:
    window = window_with_most_actions_enabled(qtbot)
    owners: dict[tuple[object, str], list[str]] = defaultdict(list)
    twice_in_one: list[str] = []
    for name, owner, keys in bindings(window):
        twice_in_one += [f"{name}: {k}" for k in sorted(set(keys)) if keys.count(k) > 1]
        context = owner.shortcutContext() if isinstance(owner, QAction) else owner.context()
        if not owner.isEnabled() or context not in WINDOW_WIDE:
            continue  # off for now, or bound to one widget only
        parent = owner.parent()
        scope: object = "application"
        if context == Qt.ShortcutContext.WindowShortcut and isinstance(parent, QWidget):
            scope = parent.window()
        for key in set(keys):
            owners[(scope, key)].append(name)
    assert twice_in_one == []
    clashes = {key: names for (_, key), names in owners.items() if len(names) > 1}
    assert clashes == {}
