"""The Edit menu: undo and redo, clipboard, delete, new concept, link, rename, kinds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QMimeData, QPointF
from PySide6.QtGui import QActionGroup, QGuiApplication, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from mapviewer.clipboard import (
    MIME,
    concepts_from_text,
    copy_fragment,
    parse_fragment,
    plain_text,
    prepare_paste,
)
from mapviewer.commands import (
    AddItemsCommand,
    ChangeKindCommand,
    RemoveItemsCommand,
    SetKindsCommand,
    SetSourcesCommand,
)
from mapviewer.document import Document
from mapviewer.model import Node
from mapviewer.plural import counted
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.ui.actions import REDO_KEYS, make_action
from mapviewer.ui.editing.canvasediting import CanvasEditing
from mapviewer.ui.editing.undofollow import UndoFollow

if TYPE_CHECKING:
    from mapviewer.ui.workspace import Workspace


class EditActions:
    """Edit menu actions; they act on the workspace's current document and selection."""

    def __init__(self, workspace: Workspace, window: QWidget) -> None:
        """``window`` owns the actions, so their shortcuts work wherever the focus is in it."""
        self.workspace = workspace
        self.canvas = CanvasEditing(workspace)
        self.undo_follow = UndoFollow(workspace)
        self._watched: MapScene | None = None  # the scene whose selection enables the actions
        self.undo_group = QUndoGroup(window)
        self.undo = self.undo_group.createUndoAction(window, "&Undo")
        self.undo.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo = self.undo_group.createRedoAction(window, "&Redo")
        # Both common redo keys, whatever the platform's first choice is.
        self.redo.setShortcuts([QKeySequence(keys) for keys in REDO_KEYS])
        window.addAction(self.undo)
        window.addAction(self.redo)
        self.cut = make_action(window, "Cu&t", self.cut_selection, [QKeySequence.StandardKey.Cut])
        self.copy = make_action(
            window, "&Copy", self.copy_selection, [QKeySequence.StandardKey.Copy]
        )
        self.paste = make_action(
            window, "&Paste", self.paste_clipboard, [QKeySequence.StandardKey.Paste]
        )
        self.delete = make_action(
            window, "&Delete", self.delete_selection, [QKeySequence.StandardKey.Delete, "Backspace"]
        )
        self.select_all = make_action(
            window, "Select &All", self.select_everything, [QKeySequence.StandardKey.SelectAll]
        )
        self.new_concept = make_action(
            window,
            "&New Concept",
            self.canvas.new_concept_near_selection,
            ["Insert", "Ctrl+Return"],
            "Add a concept beside the current one (or double-click empty canvas)",
        )
        self.connect = make_action(
            window,
            "&Link Selected Concepts",
            self.canvas.connect_selected,
            ["Ctrl+L"],
            "Link the two concepts last clicked, first to second (or drag a concept's + handle)",
        )
        self.rename = make_action(
            window, "&Rename", self.canvas.rename_current, ["F2"], "Rename in place"
        )
        self.kind_menu = QMenu("Concept &Kind", window)
        self.kind_menu.aboutToShow.connect(self._fill_kind_menu)
        for action in (self.cut, self.copy, self.delete, self.rename):
            action.setEnabled(False)
        workspace.scene_replaced.connect(lambda _scene: self.attach(self.workspace.document))
        self.attach(workspace.document)

    def fill_menu(self, menu: QMenu) -> None:
        menu.addAction(self.undo)
        menu.addAction(self.redo)
        menu.addSeparator()
        for action in (self.cut, self.copy, self.paste, self.delete):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.select_all)
        menu.addSeparator()
        menu.addAction(self.new_concept)
        menu.addAction(self.connect)
        menu.addAction(self.rename)
        menu.addMenu(self.kind_menu)

    def attach(self, document: Document) -> None:
        """Follow a newly opened document (its undo stack becomes the active one) and the
        workspace's current scene; calling it again for the same ones changes nothing."""
        if document.undo_stack not in self.undo_group.stacks():
            self.undo_group.addStack(document.undo_stack)
        for stack in self.undo_group.stacks():
            if stack is not document.undo_stack:
                self.undo_group.removeStack(stack)
        self.undo_group.setActiveStack(document.undo_stack)
        self.undo_follow.attach(document)
        scene = self.workspace.scene
        if scene is not self._watched:
            self._watched = scene
            scene.selectionChanged.connect(self._update_enabled)
        self._update_enabled()

    def _update_enabled(self) -> None:
        scene = self.workspace.scene
        if not shiboken6.isValid(scene):  # the scene emits as it is destroyed at exit
            return
        selected = scene.selectedItems()
        has_nodes = any(isinstance(i, NodeItem) for i in selected)
        self.cut.setEnabled(has_nodes)
        self.copy.setEnabled(has_nodes)
        self.delete.setEnabled(bool(selected))
        self.rename.setEnabled(len(selected) == 1)

    # --- selection ------------------------------------------------------------------------------

    def selected_ids(self) -> tuple[set[str], set[str]]:
        return self.workspace.scene.selected_ids()

    def select_everything(self) -> None:
        self.workspace.scene.select_all()  # the shown ones, links without items too

    def delete_selection(self) -> None:
        if self.canvas.editor.active:
            return
        nodes, edges = self.selected_ids()
        if nodes or edges:
            doc = self.workspace.document
            doc.undo_stack.push(RemoveItemsCommand(doc, nodes, edges))

    # --- clipboard ------------------------------------------------------------------------------

    def copy_selection(self) -> bool:
        nodes, _ = self.selected_ids()
        if not nodes:
            return False
        doc = self.workspace.document
        mime = QMimeData()
        mime.setData(MIME, copy_fragment(doc.cmap, doc.sources_base, nodes).encode("utf-8"))
        mime.setText(plain_text(doc.cmap, nodes))
        QGuiApplication.clipboard().setMimeData(mime)
        count = len(nodes)
        self.workspace.show_message(f"Copied {count} concept{'s' * (count != 1)}", 3000)
        return True

    def cut_selection(self) -> None:
        nodes, edges = self.selected_ids()
        if nodes and self.copy_selection():
            doc = self.workspace.document
            doc.undo_stack.push(RemoveItemsCommand(doc, nodes, edges, verb="Cut"))

    def paste_clipboard(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        view = self.workspace.view
        cursor = view.mapFromGlobal(view.cursor().pos())
        at = view.mapToScene(cursor) if view.viewport().rect().contains(cursor) else view.center()
        if mime is not None and mime.hasFormat(MIME):
            data = parse_fragment(bytes(mime.data(MIME).data()).decode("utf-8", "replace"))
            if data is not None and self.paste_fragment(data, at):
                return
        if mime is not None and mime.hasText():
            self.paste_text(mime.text(), at)

    def paste_fragment(self, data: dict[str, Any], at: QPointF) -> bool:
        doc = self.workspace.document
        paste = prepare_paste(data, doc.cmap, doc.new_id, (at.x(), at.y()))
        if paste is None:
            return False
        stack = doc.undo_stack
        stack.beginMacro(f"Paste {counted(len(paste.nodes), 'concept')}")
        if paste.kinds:
            stack.push(SetKindsCommand(doc, [*doc.cmap.kinds, *paste.kinds], "Add pasted kinds"))
        if paste.sources:
            stack.push(SetSourcesCommand(doc, [*doc.cmap.sources, *paste.sources]))
        stack.push(AddItemsCommand(doc, paste.nodes, paste.edges, "Paste"))
        stack.endMacro()
        self._select([n.id for n in paste.nodes])
        return True

    def paste_text(self, text: str, at: QPointF) -> None:
        labels = concepts_from_text(text)
        if not labels:
            return
        doc = self.workspace.document
        nodes = []
        taken: set[str] = set()
        look = self.canvas.new_look()  # new concepts, so they look like their neighbours
        for index, label in enumerate(labels):
            node_id = doc.new_id(label, taken)
            taken.add(node_id)
            x, y = self.canvas.free_spot_near(at.x(), at.y() + index * 70)
            nodes.append(Node(id=node_id, label=label, x=round(x, 1), y=round(y, 1), **look))
        doc.undo_stack.push(
            AddItemsCommand(doc, nodes, [], f"Paste {counted(len(nodes), 'concept')}")
        )
        self._select([n.id for n in nodes])

    def _select(self, node_ids: list[str]) -> None:
        """Select what was pasted as one change: one by one, with the scene's signals on, 2,000
        concepts took 5 s."""
        self.workspace.scene.select_many(node_ids)

    # --- kinds ----------------------------------------------------------------------------------

    def _fill_kind_menu(self) -> None:
        menu = self.kind_menu
        menu.clear()
        nodes, _ = self.selected_ids()
        doc = self.workspace.document
        current = {doc.nodes[n].kind for n in nodes if n in doc.nodes}
        group = QActionGroup(menu)
        for kind_id, label in [(k.id, k.label) for k in doc.cmap.kinds] + [(None, "No kind")]:
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(current == {kind_id})
            action.setEnabled(bool(nodes))
            group.addAction(action)
            action.triggered.connect(lambda _=False, k=kind_id: self.set_kind(k))
        # A new map has no kinds: the menu offered "No kind" alone, and no way to one.
        menu.addSeparator()
        new = menu.addAction("&New Kind…")
        new.setEnabled(bool(nodes))
        new.setToolTip("Name a new kind and give it to the selected concepts")
        new.triggered.connect(lambda: self.ask_new_kind())

    def ask_new_kind(self) -> str | None:
        """Edit > Concept Kind > New Kind…: a name asked, a kind of that name (a colour and a
        shape no other kind has) added and given to the selected concepts, one undo step."""
        nodes, _ = self.selected_ids()
        if not nodes:
            return None
        name, chosen = QInputDialog.getText(
            self.workspace.dialog_parent(), "New kind", "Name of the new kind:"
        )
        return self.add_kind(name.strip(), sorted(nodes)) if chosen and name.strip() else None

    def add_kind(self, name: str, node_ids: list[str]) -> str:
        """A kind ``name`` added to the map and given to ``node_ids``, one undo step; its id."""
        # The Kinds dialog's module, as Map > Kinds… loads it: not for the first frame.
        from mapviewer.ui.dialogs.kindsdialog import give_new_kind  # noqa: PLC0415

        kind = give_new_kind(self.workspace.document, name, node_ids)
        self.canvas.last_kind = kind.id
        return kind.id

    def set_kind(self, kind_id: str | None) -> None:
        nodes, _ = self.selected_ids()
        doc = self.workspace.document
        changing = [n for n in sorted(nodes) if doc.nodes[n].kind != kind_id]
        if changing:
            doc.undo_stack.push(ChangeKindCommand(doc, changing, kind_id))
        self.canvas.last_kind = kind_id
