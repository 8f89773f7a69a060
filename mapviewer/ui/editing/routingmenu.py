"""Map > Links: straight, curved or orthogonal — how every link of the map runs, saved in the
file, one undo step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from mapviewer.ui.editing.choicemenu import ChoiceMenu

if TYPE_CHECKING:
    from mapviewer.ui.workspace import Workspace

CHOICES = (
    ("straight", "Straight", "Links run straight from concept to concept"),
    ("curved", "Curved", "Links curve round the concepts they do not join"),
    (
        "orthogonal",
        "Orthogonal",
        "Links run in horizontal and vertical pieces round the concepts they do not join",
    ),
)


def routing_menu(workspace: Workspace, parent: QWidget | None = None) -> ChoiceMenu:
    return ChoiceMenu(
        workspace, "routing", "&Links", "How the links of the map run", CHOICES, parent
    )
