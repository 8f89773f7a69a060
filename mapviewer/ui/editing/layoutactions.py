"""Automatic layout as undoable commands: computed off the UI thread, animated into place.

Big maps show progress and can be cancelled; the concepts glide to their new places (maps of a
few thousand concepts jump instead: moving every item sixty times a second would stutter), and
the whole move is one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEasingCurve, QObject, QThread, QVariantAnimation, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from mapviewer.arrange import groups_kept, layout_input
from mapviewer.commands import MoveNodesCommand, SetStyleCommand, as_stored, moved_bends
from mapviewer.layout import METHODS, Box, LayoutCancelled, Method
from mapviewer.model import Side
from mapviewer.scene.nodeitem import update_links
from mapviewer.sides import refaced

if TYPE_CHECKING:
    from mapviewer.layout import Link
    from mapviewer.ui.workspace import Workspace

ANIMATE_UP_TO = 1500  # concepts; more than this move in one jump
PROGRESS_FROM = 50  # concepts; the default map takes seconds now, and the dialog waits 300 ms
Positions = dict[str, tuple[float, float]]
ALGORITHMS: dict[str, tuple[str, Method]] = METHODS  # the Map menu's: "layered", "organic"


class _Worker(QThread):
    progressed = Signal(int)
    # Tests hold a layout at a late stage here (a threading.Event), to click Cancel there.
    progress_hook: Callable[[float], None] | None = None

    def __init__(self, algorithm: Method, boxes: list[Box], links: list[Link]) -> None:
        super().__init__()
        self.algorithm = algorithm
        self.boxes = boxes
        self.links = links
        self.result: Positions | None = None
        self.cancelled = False

    def _progress(self, fraction: float) -> bool:
        hook = _Worker.progress_hook
        if hook is not None:
            hook(fraction)
        self.progressed.emit(int(fraction * 100))
        return not self.cancelled

    def run(self) -> None:
        try:
            self.result = self.algorithm(self.boxes, self.links, self._progress)
        except LayoutCancelled:
            self.result = None


class LayoutRunner(QObject):
    """Runs one layout at a time for the workspace's current map."""

    finished = Signal(bool)  # applied?
    applying = Signal()  # the result is being applied: Cancel is disabled from here on

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.worker: _Worker | None = None
        self.dialog: QProgressDialog | None = None
        self.animation = QVariantAnimation(self)
        self.animation.setDuration(650)
        self.animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self.animation.valueChanged.connect(self._step)
        self.animation.finished.connect(self._commit)
        self._from: Positions = {}
        self._to: Positions = {}
        self._name = ""
        self._kind = ""
        self._boxes: list[Box] = []
        self._links: list[Link] = []

    def run(self, kind: str) -> None:
        if self.worker is not None and self.worker.isRunning():
            return
        name, algorithm = ALGORITHMS[kind]
        scene = self.workspace.scene
        if not scene.node_items:
            return
        # Box and phrase sizes as drawn: the layouts leave room for every linking phrase.
        boxes, links = layout_input(scene, kind)
        self._kind = kind
        self._links = links
        self._name = name
        self._boxes = boxes
        self.worker = _Worker(algorithm, boxes, links)
        self.worker.finished.connect(self._computed)
        if len(boxes) >= PROGRESS_FROM:
            self.dialog = QProgressDialog(
                f"{name}…", "Cancel", 0, 100, self.workspace.dialog_parent()
            )
            self.dialog.setWindowTitle("Automatic layout")
            self.dialog.setMinimumDuration(300)
            # Closed by us once the result is applied or dropped, not when the bar is full.
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.setCancelButton(QPushButton("Cancel", self.dialog))
            self.dialog.canceled.connect(self.cancel)
            self.worker.progressed.connect(self.dialog.setValue)
        self.workspace.show_message(f"{name}…", 0)
        self.worker.start()

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancelled = True
        self.workspace.show_message("Layout cancelled", 3000)

    def wait(self, timeout_ms: int = 30000) -> bool:
        """For tests and scripts: block until the running layout (if any) has been computed."""
        return self.worker is None or self.worker.wait(timeout_ms)

    def _computed(self) -> None:
        """Apply the result unless Cancel came first. A 5k map's apply kept the GUI thread
        7 s while the dialog, reset but still painted at 98 %, took clicks on a Cancel that was
        no longer heard: now the dialog says the layout is being applied, with Cancel disabled,
        and a click that was queued before that still cancels."""
        worker = self.worker
        dialog = self.dialog
        if dialog is not None and worker is not None and not worker.cancelled:
            QApplication.processEvents()  # a click on Cancel queued before now is still heard
            if self.worker is not worker or self.dialog is not dialog:
                return  # another layout was started meanwhile: this one is forgotten
            button = dialog.findChild(QPushButton)
            if button is not None:
                button.setEnabled(False)
            dialog.setLabelText(f"{self._name}: applying…")
            dialog.setValue(100)
            dialog.repaint()  # says so before the GUI thread is busy applying
        if worker is None or worker.result is None or worker.cancelled:
            self._close_dialog()
            self.worker = None
            self.finished.emit(False)
            return
        self.applying.emit()
        self.worker = None
        scene = self.workspace.scene
        placed = groups_kept(scene, self._boxes, self._links, worker.result, self._kind)
        result = {k: v for k, v in placed.items() if k in scene.node_items}
        self._from = {k: (scene.node_items[k].cx, scene.node_items[k].cy) for k in result}
        self._to = result
        if len(result) <= ANIMATE_UP_TO:
            self._unbend(result)
            self._close_dialog()
            self.animation.setStartValue(0.0)
            self.animation.setEndValue(1.0)
            self.animation.start()
        else:
            self._commit()
            self._close_dialog()

    def _unbend(self, result: Positions) -> None:
        """The links the layout will take the bends of are drawn without them from the first
        frame, as the last leaves them: drawn through their old bends while their concepts
        glided away, they zigzagged to points left behind (the scibot workflow's 50 routes)."""
        doc = self.workspace.document
        new = as_stored({k: xy for k, xy in result.items() if k in doc.nodes})
        old: dict[str, tuple[float | None, float | None]] = {
            k: (doc.nodes[k].x, doc.nodes[k].y) for k in new
        }
        items = self.workspace.scene.edge_items
        for edge_id in moved_bends(doc, new, old, clear=True):
            item = items.get(edge_id)
            if item is not None:
                item.set_bends([])

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)  # closing a QProgressDialog cancels it
            self.dialog.reset()
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _step(self, t: float) -> None:
        """One frame: the concepts a step nearer their places, their links drawn straight (or
        bent) until the last frame routes them. Routed round the boxes every frame, a curved or
        orthogonal map drew 3 frames in 650 ms (the scibot workflow 5); the last frame routes
        as before, every box filed where it now stands, so the final picture is the same."""
        scene = self.workspace.scene
        items = scene.node_items
        moved = []
        for node_id, (x1, y1) in self._to.items():
            item = items.get(node_id)
            if item is None:
                continue
            x0, y0 = self._from[node_id]
            item.place(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)
            moved.append(item)
        last = t >= 1.0
        if last:  # the routes keep clear of every box where it ends, not where it started
            for item in moved:
                scene.link_context.track(item)
        with scene.unrouted(not last, gliding=not last):
            update_links(moved, bundled=last)  # a link between two moved concepts once
        if scene.link_layer.bundles:  # they follow their frames, their links left as they were
            scene.link_layer.update()
        view = self.workspace.view
        if view.hub_names.placed:  # the names follow their concepts (HubNames.shown)
            view.viewport().update()

    def _commit(self) -> None:
        doc = self.workspace.document
        old = {k: (doc.nodes[k].x, doc.nodes[k].y) for k in self._to if k in doc.nodes}
        new = {k: v for k, v in self._to.items() if k in doc.nodes}
        # Links a canvas anchored to sides take the sides facing each other where the concepts
        # now are, in the same undo step: kept, they looped round their boxes.
        sides: dict[tuple[Side | None, Side | None], list[str]] = {}
        for edge_id, pair in refaced(doc.cmap, new).items():
            sides.setdefault(pair, []).append(edge_id)
        doc.undo_stack.beginMacro(self._name)
        # Links with bends whose ends move go straight (the route ran between the old places).
        doc.undo_stack.push(MoveNodesCommand(doc, new, old, self._name, clear_bends=True))
        for (out, back), edges in sides.items():
            changes = {"from_side": out, "to_side": back}
            doc.undo_stack.push(SetStyleCommand(doc, [], edges, {}, changes, "Link sides"))
        doc.undo_stack.endMacro()
        self.workspace.view.fit_all(animate=True)
        self.workspace.show_message(f"{self._name}: {len(new)} concepts placed", 4000)
        self.finished.emit(True)
