"""Map > Concept colours: filled or tinted — how every concept's colour is drawn, saved in the
file, one undo step. Tinted is how Obsidian draws a coloured card, and a canvas opens so."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from mapviewer.ui.editing.choicemenu import ChoiceMenu

if TYPE_CHECKING:
    from mapviewer.ui.workspace import Workspace

CHOICES = (
    ("filled", "Filled", "Each concept's colour fills its box"),
    ("tinted", "Tinted", "Each concept's colour outlines its box round a faint tint of it"),
)


def fills_menu(workspace: Workspace, parent: QWidget | None = None) -> ChoiceMenu:
    tip = "How the colours of the map's concepts are drawn"
    return ChoiceMenu(workspace, "fills", "Concept &colours", tip, CHOICES, parent)
