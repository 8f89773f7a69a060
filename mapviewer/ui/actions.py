"""Making menu actions the same way everywhere: text, shortcuts, tips, and the window knows them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget

KeySpec = QKeySequence | QKeySequence.StandardKey | str

# Edit > Redo's keys besides the platform's standard one (editactions binds the same).
REDO_KEYS = ("Ctrl+Shift+Z", "Ctrl+Y")


def is_undo_key(event: QKeyEvent) -> bool:
    """Whether a key is Edit > Undo's or Redo's: a text field claims them for its own history,
    so a form that keeps the map's history (the Details form, the Tours dock's fields) has to
    tell them apart from typing. Sequences are made when asked, after the application: a
    platform's standard keys made before it crash it."""
    pressed = QKeySequence(event.keyCombination())
    return (
        event.matches(QKeySequence.StandardKey.Undo)
        or event.matches(QKeySequence.StandardKey.Redo)
        or any(pressed == QKeySequence(keys) for keys in REDO_KEYS)
    )


def key_sequences(shortcuts: Iterable[KeySpec]) -> list[QKeySequence]:
    """Each shortcut once, none empty. A platform's standard key is often one of the keys listed
    beside it (Back is Alt+Left on Linux), and Qt finds an action that holds one sequence twice
    ambiguous and triggers nothing; a standard key a platform lacks (Quit) is empty."""
    unique: list[QKeySequence] = []
    for spec in shortcuts:
        sequence = QKeySequence(spec)
        if not sequence.isEmpty() and sequence not in unique:
            unique.append(sequence)
    return unique


def make_action(
    parent: QWidget,
    text: str,
    slot: Callable[[], object] | None = None,
    shortcuts: Sequence[KeySpec] | None = None,
    tip: str = "",
) -> QAction:
    """An action added to ``parent`` so its shortcut works wherever the focus is in the window."""
    action = QAction(text, parent)
    if shortcuts:
        action.setShortcuts(key_sequences(shortcuts))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action
