"""Map > Concept labels: bold or plain — how every concept's label is lettered, saved in the file,
one undo step. mapviewer letters its own maps bold; yEd, CmapTools, Gephi, Cytoscape and
Obsidian letter theirs plain and size their boxes for it, so their files open plain."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from mapviewer.ui.editing.choicemenu import ChoiceMenu

if TYPE_CHECKING:
    from mapviewer.ui.workspace import Workspace

CHOICES = (
    ("bold", "Bold", "Concept labels in bold type, as mapviewer letters its maps"),
    ("plain", "Plain", "Concept labels in plain type, as most other tools letter theirs"),
)


def lettering_menu(workspace: Workspace, parent: QWidget | None = None) -> ChoiceMenu:
    tip = "How the labels of the map's concepts are lettered"
    return ChoiceMenu(workspace, "lettering", "Concept La&bels", tip, CHOICES, parent)
