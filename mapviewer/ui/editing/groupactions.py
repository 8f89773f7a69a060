"""The Group menu: put the selection in a new group, ungroup, add to or remove from a group,
collapse and expand. Each is one undo step, however many concepts it changes.

A group is an ordinary concept that others name as their ``parent``: the canvas draws it as a
frame around them (mapviewer.scene.groupframe). Nothing here draws; it only edits the map.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtWidgets import QMenu, QWidget

from mapviewer.commands import (
    AddItemsCommand,
    EditNodeCommand,
    MoveNodesCommand,
    RemoveItemsCommand,
    SetGroupsCommand,
)
from mapviewer.groups import GAP
from mapviewer.model import Node
from mapviewer.scene.mapscene import MapScene
from mapviewer.ui.actions import make_action

if TYPE_CHECKING:
    from mapviewer.document import Document
    from mapviewer.ui.workspace import Workspace


class GroupActions:
    """Group operations on the workspace's current map and selection."""

    def __init__(
        self,
        workspace: Workspace,
        window: QWidget,
        rename: Callable[[str, str], None] | None = None,
    ) -> None:
        """``rename(kind, id)`` opens the label editor in place (CanvasEditing.rename): a new
        group's title is typed as it is made, as a new concept's is."""
        self.workspace = workspace
        self.rename = rename
        self.menu = QMenu("&Group", window)
        self.group = make_action(
            window,
            "&Group Selected Concepts",
            self.group_selection,
            ["Ctrl+G"],
            "Put the selected concepts in a new group, drawn as a frame around them",
        )
        self.ungroup = make_action(
            window,
            "&Ungroup",
            self.ungroup_selection,
            ["Ctrl+Shift+G"],
            "Release the selected groups' members; an empty frame goes with it",
        )
        self.add = make_action(
            window,
            "&Add to Group",
            self.add_to_group,
            ["Ctrl+Alt+G"],
            "Put the selected concepts in the selected group (the one selected last)",
        )
        self.remove = make_action(
            window,
            "&Remove from Group",
            self.remove_from_group,
            ["Ctrl+Alt+Shift+G"],
            "Take the selected concepts out of their group",
        )
        self.collapse = make_action(
            window,
            "&Collapse or Expand Group",
            self.toggle_collapsed,
            ["Ctrl+Shift+C"],
            "Show a group as one box that keeps its links, or as a frame around its members",
        )
        for action in (self.group, self.ungroup, self.add, self.remove, self.collapse):
            self.menu.addAction(action)
        self.menu.aboutToShow.connect(self.refresh)
        self._watched: MapScene | None = None
        workspace.scene_replaced.connect(lambda _scene: self._watch())
        self._watch()

    # --- state ----------------------------------------------------------------------------------

    def _watch(self) -> None:
        scene = self.workspace.scene
        if scene is self._watched:
            return
        self._watched = scene  # the old scene goes with its connections
        scene.selectionChanged.connect(self.refresh)
        self.refresh()

    def _selected(self) -> list[str]:
        """Selected concepts, in the order they were picked."""
        return self.workspace.scene.selection_order()

    def refresh(self) -> None:
        """Only what the selection allows is enabled, so a shortcut never does something
        unexpected and the menu shows what can be done. It runs on every selection change, so
        it asks the scene, which keeps the map's groups current, rather than working them out
        from all concepts (three times, 0.44 s of each click on a 20k map)."""
        if not shiboken6.isValid(self.workspace.scene):  # it emits as it is destroyed at exit
            return
        doc = self.workspace.document
        scene = self.workspace.scene
        selected = [n for n in self._selected() if n in doc.nodes]
        self.group.setEnabled(bool(selected))
        self.ungroup.setEnabled(any(scene.is_group(n) for n in selected))
        self.add.setEnabled(self._add_plan(selected) is not None)
        self.remove.setEnabled(any(doc.nodes[n].parent for n in selected))
        self.collapse.setEnabled(bool(self._collapse_targets(selected)))

    # --- operations -----------------------------------------------------------------------------

    def group_selection(self) -> None:
        doc = self.workspace.document
        selected = [n for n in self._selected() if n in doc.nodes]
        if not selected:
            return
        scene = self.workspace.scene
        chosen = set(selected)
        tops = [n for n in selected if not chosen.intersection(scene.groups_around(n))]
        around = {scene.group_of(n) for n in tops}
        outer = around.pop() if len(around) == 1 else None
        box = scene.map_bounds(tops)
        group = Node(
            id=doc.new_id("group"),
            label="Group",
            parent=outer,
            x=round(box.center().x(), 1),
            y=round(box.center().y(), 1),
        )
        stack = doc.undo_stack
        stack.beginMacro("Group")
        stack.push(AddItemsCommand(doc, [group], [], "New group"))
        stack.push(SetGroupsCommand(doc, dict.fromkeys(tops, group.id), "Group"))
        self._push_strangers_out(group.id)
        stack.endMacro()
        scene.select("node", group.id)
        if self.rename is not None:
            # Typing names it, Enter commits, Escape keeps "Group". The name is a step of its
            # own after the grouping, as typing after an insertion is in a word processor: the
            # first Ctrl+Z takes back the name, the next the group.
            self.rename("node", group.id)

    def _push_strangers_out(self, group_id: str) -> None:
        """Concepts the new frame is drawn over, moved just clear of it (the shortest way out)
        in the grouping's step: three concepts grouped on a new map framed a fourth lying
        between them, which read as one of them, in the window and in every picture of it."""
        scene = self.workspace.scene
        doc = self.workspace.document
        frame = scene.node_items[group_id].scene_box()
        ours = {group_id, *scene.members_of(group_id), *scene.groups_around(group_id)}
        gap = GAP / 2
        moves: dict[str, tuple[float, float]] = {}
        for node_id, item in scene.node_items.items():
            if node_id in ours or scene.is_group(node_id) or not item.shown:
                continue
            box = item.scene_box()
            if not box.intersects(frame):
                continue
            ways = (
                (frame.left() - gap - box.right(), 0.0),
                (frame.right() + gap - box.left(), 0.0),
                (0.0, frame.top() - gap - box.bottom()),
                (0.0, frame.bottom() + gap - box.top()),
            )
            dx, dy = min(ways, key=lambda way: abs(way[0]) + abs(way[1]))
            moves[node_id] = (round(item.cx + dx, 1), round(item.cy + dy, 1))
        if moves:
            doc.undo_stack.push(MoveNodesCommand(doc, moves, text="Move out of the new group"))

    def ungroup_selection(self) -> None:
        doc = self.workspace.document
        scene = self.workspace.scene
        chosen = [n for n in self._selected() if n in doc.nodes and scene.is_group(n)]
        if not chosen:
            return
        moves: dict[str, str | None] = {}
        for group in chosen:
            outer = doc.nodes[group].parent
            while outer in chosen:  # ungrouping nested groups together: members go right out
                outer = doc.nodes[outer].parent
            moves.update(dict.fromkeys(scene.direct_members(group), outer))
        moves = {n: p for n, p in moves.items() if n not in chosen or p != n}
        bare = {g for g in chosen if _bare(doc, g)}
        stack = doc.undo_stack
        stack.beginMacro("Ungroup")
        stack.push(SetGroupsCommand(doc, moves, "Ungroup"))
        if bare:
            stack.push(RemoveItemsCommand(doc, bare, set()))
        stack.endMacro()
        scene.select_many(n for n in moves if n in doc.nodes)

    def _add_plan(self, selected: list[str]) -> tuple[str, list[str]] | None:
        """The group the selection goes into (the group picked last) and who goes in: not the
        group itself, nor a group around it, nor those already in it."""
        doc = self.workspace.document
        scene = self.workspace.scene
        targets = [n for n in selected if scene.is_group(n)]
        if not targets:
            return None
        target = targets[-1]
        around = set(scene.groups_around(target))
        movers = [
            n for n in selected if n != target and n not in around and doc.nodes[n].parent != target
        ]
        return (target, movers) if movers else None

    def add_to_group(self) -> None:
        doc = self.workspace.document
        plan = self._add_plan([n for n in self._selected() if n in doc.nodes])
        if plan is None:
            return
        target, movers = plan
        doc.undo_stack.push(SetGroupsCommand(doc, dict.fromkeys(movers, target), "Add to group"))

    def remove_from_group(self) -> None:
        doc = self.workspace.document
        leaving = [n for n in self._selected() if n in doc.nodes and doc.nodes[n].parent]
        if not leaving:
            return
        moves: dict[str, str | None] = {}
        for node_id in leaving:
            group = doc.nodes[node_id].parent
            moves[node_id] = doc.nodes[group].parent if group in doc.nodes else None
        doc.undo_stack.push(SetGroupsCommand(doc, moves, "Remove from group"))

    def _collapse_targets(self, selected: list[str]) -> list[str]:
        """Selected groups, else the groups of the selected concepts."""
        doc = self.workspace.document
        scene = self.workspace.scene
        chosen = [n for n in selected if scene.is_group(n)]
        if not chosen:
            chosen = list(dict.fromkeys(p for n in selected if (p := doc.nodes[n].parent)))
        return [g for g in chosen if scene.is_group(g)]

    def toggle_collapsed(self) -> None:
        doc = self.workspace.document
        targets = self._collapse_targets([n for n in self._selected() if n in doc.nodes])
        if not targets:
            return
        collapse = any(not doc.nodes[g].collapsed for g in targets)
        text = "Collapse group" if collapse else "Expand group"
        stack = doc.undo_stack
        stack.beginMacro(text)
        for group in targets:
            if doc.nodes[group].collapsed != collapse:
                stack.push(EditNodeCommand(doc, group, "collapsed", collapse, text=text))
        stack.endMacro()
        self.workspace.scene.select_many(targets)


def _bare(doc: Document, group: str) -> bool:
    """A group that is only a frame (as Group makes them): no links, words or quotes of its own,
    so ungrouping removes it rather than leave a stray "Group" box behind."""
    node = doc.nodes[group]
    return not (doc.edges_of(group) or node.description or node.quotes or node.aliases)
