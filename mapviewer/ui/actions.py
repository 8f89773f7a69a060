"""Making menu actions the same way everywhere: text, shortcuts, tips, and the window knows them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def make_action(
    parent: QWidget,
    text: str,
    slot: Callable[[], object] | None = None,
    shortcuts: list | None = None,
    tip: str = "",
) -> QAction:
    """An action added to ``parent`` so its shortcut works wherever the focus is in the window."""
    action = QAction(text, parent)
    if shortcuts:
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action
