"""A submenu of ticked choices for one map-wide choice of how the map is drawn, saved in the
file (Map > Links, Map > Concept colours): choosing pushes one undo step, and the tick follows
the open map through undo, redo and opening another."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from mapviewer.commands import SetLookCommand

if TYPE_CHECKING:
    from mapviewer.document import Document
    from mapviewer.model import MapLook
    from mapviewer.ui.workspace import Workspace


class ChoiceMenu:
    """The submenu for the map's ``look``: ``choices`` are (value, text, status tip)."""

    def __init__(
        self,
        workspace: Workspace,
        look: MapLook,
        title: str,
        tip: str,
        choices: Sequence[tuple[str, str, str]],
        parent: QWidget | None = None,
    ) -> None:
        self.workspace = workspace
        self.look: MapLook = look
        self.menu = QMenu(title, parent)
        self.menu.setStatusTip(tip)
        group = QActionGroup(self.menu)
        self.actions: dict[str, QAction] = {}
        for value, text, status in choices:
            action = self.menu.addAction(text)
            action.setCheckable(True)
            action.setStatusTip(status)
            group.addAction(action)
            action.triggered.connect(lambda _=False, v=value: self.choose(v))
            self.actions[value] = action
        self._document: Document | None = None
        self._follow(workspace.document)
        workspace.document_replaced.connect(self._follow)

    def choose(self, value: str) -> None:
        document = self.workspace.document
        if value != getattr(document.cmap, self.look):
            document.undo_stack.push(SetLookCommand(document, self.look, value))

    def _follow(self, document: Document) -> None:
        if self._document is not None:
            self._document.look_signal(self.look).disconnect(self._show)
        self._document = document
        document.look_signal(self.look).connect(self._show)
        self._show()

    def _show(self) -> None:
        self.actions[getattr(self.workspace.document.cmap, self.look)].setChecked(True)
