"""Map > Concept colours: filled or tinted — how every concept's colour is drawn, saved in the
file, one undo step. Tinted is how Obsidian draws a coloured card, and a canvas opens so."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QWidget

from mapviewer.commands import SetFillsCommand
from mapviewer.model import Fills
from mapviewer.ui.editing.choicemenu import ChoiceMenu

if TYPE_CHECKING:
    from mapviewer.ui.workspace import Workspace

CHOICES = (
    ("filled", "Filled", "Each concept's colour fills its box"),
    ("tinted", "Tinted", "Each concept's colour outlines its box round a faint tint of it"),
)


def fills_menu(workspace: Workspace, parent: QWidget | None = None) -> ChoiceMenu:
    return ChoiceMenu(
        workspace,
        "Concept &colours",
        "How the colours of the map's concepts are drawn",
        CHOICES,
        current=lambda document: document.cmap.fills,
        command=lambda document, value: SetFillsCommand(document, cast(Fills, value)),
        changed=lambda document: document.kinds_changed,
        parent=parent,
    )
