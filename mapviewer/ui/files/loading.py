"""Opening a big map without freezing the window: read, check and lay out in a worker thread,
with progress and Cancel through to the new map's first frame.

A 29 MB GraphML import froze the window 10-15 s, and a 100k map without positions showed
nothing for over 300 s. The model is plain pydantic, so reading the file, checking it fits in
memory and placing its unplaced concepts all run off the GUI thread; only the document and its
scene (Qt objects) are made on it, after the worker is done, the scene's items in slices from a
timer (a 29.7 MB GraphML import held the window 15.6 s building them in one go). Until the new
scene is complete the current map stays as it was and usable, and Cancel drops the new map
whatever stage it is in (a stage in C code, igraph's force layout, cannot be interrupted: its
result is thrown away when it ends). Once the new map is being shown, Cancel is disabled: it
could no longer be honoured.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from mapviewer.io import registry
from mapviewer.layout import LayoutCancelled
from mapviewer.memory import ensure_fits
from mapviewer.model import ConceptMap

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from mapviewer.scene.mapscene import MapScene

# Stages as the dialog names them, and where each ends on the bar (the reading of a file takes
# about as long as laying it out when it has no positions; building the scene is the rest).
READING, CHECKING, LAYING_OUT, BUILDING, DRAWING = (
    "Reading",
    "Checking",
    "Laying out",
    "Building the map",
    "Drawing",
)
_RANGES = {
    READING: (0, 40),
    CHECKING: (40, 42),
    LAYING_OUT: (42, 85),
    BUILDING: (85, 97),
    DRAWING: (97, 100),
}
# Seconds of item making per turn of the event loop while the new map is built: clicks, pans
# and Cancel on the map open now wait at most about this long.
BUILD_SLICE = 0.04


# Workers still running after a Cancel: a QThread collected while it runs aborts the process.
_RUNNING: set[LoadWorker] = set()


class LoadWorker(QThread):
    """Reads, checks and places one file; the GUI thread picks up ``result`` or ``error``."""

    stage = Signal(str, float)  # stage name, fraction of that stage done
    # Tests pause a load here (a threading.Event), to act on the old map while it loads.
    stage_hook: Callable[[str], None] | None = None

    def __init__(self, path: Path, graph: str | None) -> None:
        super().__init__()
        self.path = path
        self.graph = graph
        self.cancelled = threading.Event()
        self.result: tuple[ConceptMap, list[str]] | None = None
        self.error: BaseException | None = None

    def _enter(self, name: str) -> None:
        self._report(name, 0.0)
        hook = LoadWorker.stage_hook
        if hook is not None:
            hook(name)

    def _report(self, name: str, fraction: float) -> bool:
        self.stage.emit(name, fraction)
        return not self.cancelled.is_set()

    def run(self) -> None:
        try:
            self._enter(READING)
            cmap, notes = registry.open_map_noting(
                self.path, progress=lambda f: self._report(READING, f), graph=self.graph
            )
            self._enter(CHECKING)
            ensure_fits(cmap, self.path, window=True)
            self._enter(LAYING_OUT)
            place_unplaced(cmap, lambda f: self._report(LAYING_OUT, f))
            if self.cancelled.is_set():
                raise registry.ImportCancelled
            self.result = (cmap, notes)
        except (registry.ImportCancelled, LayoutCancelled):
            self.result = None
        except Exception as error:  # told to the person, on the GUI thread
            self.error = error


def place_unplaced(cmap: ConceptMap, progress: Callable[[float], bool] | None = None) -> None:
    """Give the concepts ``cmap`` leaves unplaced positions, as the document would when it is
    made (Document._place_unplaced, the same boxes and rounding), but here, off the GUI thread."""
    from mapviewer.boxes import map_measure  # noqa: PLC0415 - QtGui font metrics, no widgets
    from mapviewer.layout.bigplace import unplaced_positions  # noqa: PLC0415

    if all(node.placed for node in cmap.nodes):
        return
    nodes = {node.id: node for node in cmap.nodes}
    for node_id, (x, y) in unplaced_positions(cmap, map_measure(cmap), progress).items():
        nodes[node_id].x = round(x, 1)
        nodes[node_id].y = round(y, 1)


class MapLoad(QObject):
    """One file being opened: the worker, the progress dialog, and what happens at the end.

    Once the worker is done and not cancelled, ``build(cmap)`` makes the new map's document
    and a scene for it whose items are still to make (MapScene's ``build_later``); they are
    made in slices, with progress and Cancel, while the map open now stays on screen. Then
    ``ready(scene, notes)`` shows it (False: it did not, the person kept the open map); the
    dialog stays (Cancel disabled) until the view has painted the new map. ``failed(error)``
    gets an exception, ``cancelled()`` is called when the person cancelled."""

    finished = Signal(bool)  # True: the new map is on screen; False: failed or cancelled
    stage_shown = Signal(str)  # the dialog now names this stage (for tests and --bench)
    # Tests hold the build here: while it answers False, no item is made.
    build_gate: Callable[[], bool] | None = None

    def __init__(
        self,
        path: Path,
        graph: str | None,
        parent_widget: QWidget,
        viewport: QWidget,
        build: Callable[[ConceptMap], MapScene],
        ready: Callable[[MapScene, list[str]], bool],
        failed: Callable[[BaseException], None],
        cancelled: Callable[[], None],
    ) -> None:
        super().__init__(parent_widget)
        self.path = path
        self._build = build
        self._ready = ready
        self._scene: MapScene | None = None  # the new map while its items are being made
        self._notes: list[str] = []
        self._builder = QTimer(self)
        self._builder.setInterval(0)
        self._builder.timeout.connect(self._build_some)
        self._failed = failed
        self._cancelled = cancelled
        self._viewport = viewport
        self._stage = ""
        self.done = False
        self.dialog = QProgressDialog(f"Opening {path.name}…", "Cancel", 0, 100, parent_widget)
        self.dialog.setWindowTitle("Opening map")
        # Not modal: the map already open stays pannable and clickable while this one loads.
        self.dialog.setWindowModality(Qt.WindowModality.NonModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(0)
        self.cancel_button = QPushButton("Cancel", self.dialog)
        self.dialog.setCancelButton(self.cancel_button)
        self.dialog.canceled.connect(self.cancel)
        self.worker = LoadWorker(path, graph)
        self.worker.stage.connect(self._show_stage)
        self.worker.finished.connect(self._computed)
        self.worker.finished.connect(lambda worker=self.worker: _RUNNING.discard(worker))

    def start(self) -> None:
        self._show_stage(READING, 0.0)
        self.dialog.show()
        _RUNNING.add(self.worker)
        self.worker.start()

    def cancel(self) -> None:
        """Drop the load now; a worker still in C code finishes in the background, unheeded."""
        if self.done or not self.cancel_button.isEnabled():
            return
        self.worker.cancelled.set()
        self._drop_scene()
        self._end(False)
        self._cancelled()

    def _show_stage(self, name: str, fraction: float) -> None:
        if self.done:
            return
        low, high = _RANGES[name]
        self.dialog.setValue(int(low + (high - low) * max(0.0, min(1.0, fraction))))
        if name != self._stage:
            self._stage = name
            self.dialog.setLabelText(f"{name}: {self.path.name}…")
            self.stage_shown.emit(name)

    def _computed(self) -> None:
        worker = self.worker
        if self.done or worker.cancelled.is_set():
            return
        if worker.error is not None:
            self._end(False)
            self._failed(worker.error)
            return
        if worker.result is None:  # cancelled from inside (a reader's own check)
            self._end(False)
            self._cancelled()
            return
        QApplication.processEvents()  # a click on Cancel queued before now is still heard
        if self.done:
            return
        self._show_stage(BUILDING, 0.0)
        self.dialog.repaint()  # the dialog says so before the GUI thread is busy
        cmap, self._notes = worker.result
        self._scene = self._build(cmap)
        self._builder.start()

    def _build_some(self) -> None:
        """One slice of the new scene's items; once all are made, the new map is shown."""
        scene = self._scene
        gate = MapLoad.build_gate
        if scene is None or self.done or (gate is not None and not gate()):
            return
        # What is made lives as long as the map is open: out of the collector's way, as the
        # first map's objects are after its first frame (app.run). Left in, full collections
        # walked the growing map between slices, 1-2 s each on the 100k map.
        gc.freeze()
        done = scene.build_more(BUILD_SLICE)
        self._show_stage(BUILDING, done)
        if done < 1.0:
            return
        self._builder.stop()
        self._scene = None
        # From here the new map is being shown: Cancel could no longer be honoured.
        self.cancel_button.setEnabled(False)
        if not self._ready(scene, self._notes):
            _discard(scene)
            self._end(False)
            return
        self._show_stage(DRAWING, 0.0)
        self._viewport.installEventFilter(self)
        self._viewport.update()

    def _drop_scene(self) -> None:
        self._builder.stop()
        scene, self._scene = self._scene, None
        if scene is not None:
            _discard(scene)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Paint:
            self._viewport.removeEventFilter(self)
            # The first frame is being painted now: close once it is on screen.
            QTimer.singleShot(0, self, lambda: self._end(True))
        return False

    def _end(self, shown: bool) -> None:
        if self.done:
            return
        self.done = True
        self._builder.stop()
        self.dialog.setValue(100 if shown else self.dialog.value())
        self.dialog.close()
        self.dialog.deleteLater()
        self.finished.emit(shown)


def _discard(scene: MapScene) -> None:
    """A new map that is not shown after all: its scene and its document go."""
    document = scene.document
    scene.deleteLater()
    document.deleteLater()
