"""Making menu actions the same way everywhere: text, shortcuts, tips, and the window knows them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

KeySpec = QKeySequence | QKeySequence.StandardKey | str


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
