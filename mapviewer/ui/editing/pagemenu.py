"""Map > Page Colour… and Default Page Colour: the colour the map is drawn on, saved in the file
(ConceptMap.background), one undo step. CmapTools' dark pages were read and drawn, but a person
could neither choose one nor take one away."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QColorDialog, QWidget

from mapviewer.commands import SetLookCommand

if TYPE_CHECKING:
    from mapviewer.document import Document
    from mapviewer.ui.workspace import Workspace


class PageColour:
    """The two actions; Default Page Colour is greyed while the map has no colour of its own."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        self.workspace = workspace
        self.choose_action = QAction("Page C&olour…", parent)
        self.choose_action.setStatusTip("Choose the colour the map is drawn on, saved in the file")
        self.choose_action.triggered.connect(self.choose)
        self.default_action = QAction("De&fault Page Colour", parent)
        self.default_action.setStatusTip("Draw the map on the theme's own page colour again")
        self.default_action.triggered.connect(lambda: self.set_colour(None))
        self._document: Document | None = None
        self._follow(workspace.document)
        workspace.document_replaced.connect(self._follow)

    def choose(self) -> None:
        """Ask for a colour, starting from the page as it is drawn now."""
        now = self.workspace.scene.theme.canvas
        chosen = QColorDialog.getColor(now, self.workspace.dialog_parent(), "Page colour")
        if chosen.isValid():
            self.set_colour(chosen.name().upper())

    def set_colour(self, colour: str | None) -> None:
        document = self.workspace.document
        if colour != document.cmap.background:
            document.undo_stack.push(SetLookCommand(document, "background", colour))

    def _follow(self, document: Document) -> None:
        if self._document is not None:
            self._document.page_changed.disconnect(self._show)
        self._document = document
        document.page_changed.connect(self._show)
        self._show()

    def _show(self) -> None:
        self.default_action.setEnabled(self.workspace.document.cmap.background is not None)
