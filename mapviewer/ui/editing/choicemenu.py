"""A submenu of ticked choices for one map-wide setting saved in the file (Map > Links, Map >
Concept colours): choosing pushes one undo step, and the tick follows the open map through
undo, redo and opening another."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QAction, QActionGroup, QUndoCommand
from PySide6.QtWidgets import QMenu, QWidget

if TYPE_CHECKING:
    from mapviewer.document import Document
    from mapviewer.ui.workspace import Workspace


class ChoiceMenu:
    """``choices`` are (value, text, status tip); ``current`` reads the map's value,
    ``command`` makes the undo step that sets another, and ``changed`` picks the document's
    signal that says it changed."""

    def __init__(
        self,
        workspace: Workspace,
        title: str,
        tip: str,
        choices: Sequence[tuple[str, str, str]],
        current: Callable[[Document], str],
        command: Callable[[Document, str], QUndoCommand],
        changed: Callable[[Document], SignalInstance],
        parent: QWidget | None = None,
    ) -> None:
        self.workspace = workspace
        self._current, self._command, self._changed = current, command, changed
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
        if value != self._current(document):
            document.undo_stack.push(self._command(document, value))

    def _follow(self, document: Document) -> None:
        if self._document is not None:
            self._changed(self._document).disconnect(self._show)
        self._document = document
        self._changed(document).connect(self._show)
        self._show()

    def _show(self) -> None:
        self.actions[self._current(self.workspace.document)].setChecked(True)
