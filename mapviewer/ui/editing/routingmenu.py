"""Map > Links: straight, curved or orthogonal — how every link of the map runs, saved in the
file, one undo step."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from mapviewer.commands import SetRoutingCommand
from mapviewer.model import ROUTINGS, Routing

if TYPE_CHECKING:
    from mapviewer.document import Document
    from mapviewer.ui.workspace import Workspace

TIPS = {
    "straight": "Links run straight from concept to concept",
    "curved": "Links curve round the concepts they do not join",
    "orthogonal": "Links run in horizontal and vertical pieces round the concepts they do not join",
}


class RoutingActions:
    """The Links submenu; its tick follows the open map, through undo and opening another."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        self.workspace = workspace
        self.menu = QMenu("&Links", parent)
        self.menu.setStatusTip("How the links of the map run")
        group = QActionGroup(self.menu)
        self.actions: dict[str, QAction] = {}
        for routing in ROUTINGS:
            action = self.menu.addAction(routing.capitalize())
            action.setCheckable(True)
            action.setStatusTip(TIPS[routing])
            group.addAction(action)
            action.triggered.connect(lambda _=False, r=routing: self.choose(cast(Routing, r)))
            self.actions[routing] = action
        self._document: Document | None = None
        self._follow(workspace.document)
        workspace.document_replaced.connect(self._follow)

    def choose(self, routing: Routing) -> None:
        document = self.workspace.document
        if routing != document.cmap.routing:
            document.undo_stack.push(SetRoutingCommand(document, routing))

    def _follow(self, document: Document) -> None:
        if self._document is not None:
            self._document.routing_changed.disconnect(self._show)
        self._document = document
        document.routing_changed.connect(self._show)
        self._show()

    def _show(self) -> None:
        self.actions[self.workspace.document.cmap.routing].setChecked(True)
