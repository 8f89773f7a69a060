"""Starting the window: the QApplication, the first map, and the --bench measurement mode."""

from __future__ import annotations

import gc
import linecache
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from mapviewer import APP_NAME, __version__
from mapviewer.paths import DEFAULT_MAP

if TYPE_CHECKING:  # imported when the window is made, after QApplication (see run)
    from mapviewer.scene.mapview import MapView
    from mapviewer.ui.mainwindow import MainWindow


def process_age() -> float:
    """Seconds since this process started (the bench runner's clock when it passes one)."""
    t0 = os.environ.get("MAPVIEWER_T0")
    if t0:
        return time.time() - float(t0)
    try:
        stat = Path("/proc/self/stat").read_text()
        start_ticks = int(stat.rsplit(")", 1)[1].split()[19])
        up = float(Path("/proc/uptime").read_text().split()[0])
        return up - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter()


def make_application(argv: list[str]) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication(argv)
    app.setApplicationDisplayName("mapviewer")
    return app


def run(path: Path | None, bench: bool = False) -> int:
    """Open the window on ``path`` (or the default map) and run until it closes."""
    app = make_application(sys.argv[:1])
    # Imported after QApplication so its 0.1 s of model and scene imports overlap nothing slow.
    from mapviewer.document import Document  # noqa: PLC0415
    from mapviewer.io.registry import is_native, open_map  # noqa: PLC0415
    from mapviewer.memory import ensure_fits  # noqa: PLC0415
    from mapviewer.model import ConceptMap  # noqa: PLC0415
    from mapviewer.problems import MapFileError  # noqa: PLC0415
    from mapviewer.ui.files.fileactions import opens_in_background  # noqa: PLC0415
    from mapviewer.ui.mainwindow import MainWindow  # noqa: PLC0415
    from mapviewer.ui.settings import last_map  # noqa: PLC0415

    # PySide6 reads the source of each module imported after it (inspect.getsource, looking
    # for `from __feature__ import`), and linecache kept every line: 3.9 MB, 3.5% of a 1k map's
    # peak memory. Tracebacks read again what they need.
    linecache.clearcache()
    # No file named: the map open when the app last closed, else the immunotherapy map.
    target = path or (None if bench else last_map()) or DEFAULT_MAP
    timings: dict[str, float] = {}
    error: MapFileError | None = None
    t = time.perf_counter()
    # A big file: the window first, empty, then the file read in the background with progress
    # and Cancel (File > Open's path). Read here first, a 29 MB GraphML kept any window from
    # appearing for 8-9 s, and a 100k map without positions for over 300 s.
    # Another tool's file takes File > Open's path too, whatever its size: it opens as a new,
    # unsaved map (Ctrl+S asks where), never to be saved over in our format, and the status
    # bar says what the import left out.
    later = not bench and (opens_in_background(target) or not is_native(target))
    try:
        if later:
            document = Document(ConceptMap(title=target.name))
        else:
            cmap = open_map(target)
            ensure_fits(cmap, target)
            document = Document(cmap, target.resolve())
    except MapFileError as exc:
        error = exc
        document = Document(ConceptMap())
    # The document lays out what the file left unplaced as it opens: that is "layout", not load.
    timings["load"] = time.perf_counter() - t - document.layout_seconds
    timings["layout"] = document.layout_seconds
    t = time.perf_counter()
    window = MainWindow(document, deferred=True)
    timings["scene_build"] = time.perf_counter() - t
    if bench:
        window.resize(1600, 1000)
    window.view.first_frame.connect(lambda: _collect_from_now_on(window))
    window.show()  # the view fits the map as it is first sized
    if error is not None:
        from mapviewer.ui.dialogs.messages import show_file_error  # noqa: PLC0415 - only when needed

        show_file_error(window, error, "The map could not be opened")
    # The map named, the one open when the app last closed, or the default; a big file read
    # in the background goes in once it has opened (File > Open adds it then).
    elif not bench and not later:
        from mapviewer.ui import settings as prefs  # noqa: PLC0415

        prefs.add_recent_file(target)
    if bench:
        return _bench(app, window, timings, target)
    from mapviewer.ui.files.recoveryui import offer_recovery  # noqa: PLC0415

    # After the first frame and the concept items built in slices after it, queued behind the
    # window's own finish_setup: a zero timer set here fired before the first paint and made it
    # wait for finish_setup (50 ms).
    def recover() -> None:
        window.finish_setup()  # a restore replaces the document the whole window follows
        if window.recovery is not None:
            offer_recovery(window.workspace, window.recovery)
        if later:
            window.files.open_path(target)

    window.view.first_frame.connect(lambda: window.scene.when_built(recover))
    return app.exec()


def _collect_from_now_on(window: QObject) -> None:
    """After the first frame: everything built so far lives as long as the window, so it is
    frozen out of the collector's way, and collection resumes, on the GUI thread only."""
    from mapviewer.ui.collector import collect_on_this_thread  # noqa: PLC0415

    gc.freeze()
    collect_on_this_thread(window)


def _median_repaint(window: MainWindow, runs: int = 9) -> float:
    import statistics  # noqa: PLC0415 - bench only; 10 ms of imports the window need not pay

    viewport = window.view.viewport()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        viewport.repaint()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _median_pan(app: QApplication, view: MapView, steps: int = 12) -> float:
    """A drag's frame: scroll 60 pixels and let Qt repaint what scrolled into view."""
    import statistics  # noqa: PLC0415

    times = []
    for index in range(steps):
        start = time.perf_counter()
        view._scroll_by(60 if index % 4 < 2 else -60, 30)
        view.viewport().repaint()
        times.append(time.perf_counter() - start)
    app.processEvents()
    return statistics.median(times)


def _wait_idle(app: QApplication, quiet: float = 0.05, limit: float = 300.0) -> None:
    """Until the event loop is idle: two zero-timers in a row are served within ``quiet``
    seconds (work queued after the window is complete, such as statistics computed in slices
    on the GUI thread, delays them)."""
    from PySide6.QtCore import QTimer  # noqa: PLC0415

    start = time.perf_counter()
    calm = 0
    served: list[float] = []
    while calm < 2 and time.perf_counter() - start < limit:
        served.clear()
        t = time.perf_counter()
        QTimer.singleShot(0, lambda: served.append(time.perf_counter()))
        while not served:
            app.processEvents()
        calm = calm + 1 if served[0] - t <= quiet else 0


def _zoom_steps(app: QApplication, view: MapView, steps: int = 6) -> tuple[float, float]:
    """Wheel-notch zoom steps near fit, in and out about the centre: the median frame at each
    step, and the frame that follows once zooming stops (zoomed out, a step first shows the
    last picture scaled and the sharp one comes when the scale settles; at a closer zoom
    the two are the same frame)."""
    import statistics  # noqa: PLC0415

    from mapviewer.scene.mapview import STEP  # noqa: PLC0415

    centre = view.viewport().rect().center()
    times = []
    for index in range(steps):
        start = time.perf_counter()
        view.zoom_by(STEP if index % 2 == 0 else 1 / STEP, centre)
        view.viewport().repaint()
        times.append(time.perf_counter() - start)
    app.processEvents()
    view._settle.stop()  # as if the settle timer had fired: the sharp frame
    start = time.perf_counter()
    view.viewport().repaint()
    sharp = time.perf_counter() - start
    view.fit_all()
    app.processEvents()
    view._settle.stop()
    view.viewport().repaint()
    return statistics.median(times), sharp


def _select_latency(app: QApplication, view: MapView, share: float) -> float:
    """A real click on a concept through the viewport, timed until the selection is drawn and
    what follows it (Details, the docks' handlers) has run: the concept shown nearest the
    viewport's point at ``share`` of its width and height, at the current zoom."""
    from PySide6.QtCore import QPoint  # noqa: PLC0415
    from PySide6.QtTest import QTest  # noqa: PLC0415 - bench only

    scene = view.map_scene()
    rect = view.viewport().rect()
    aim = view.mapToScene(QPoint(int(rect.width() * share), int(rect.height() * share)))
    shown = [i for i in scene.node_items.values() if i.shown]
    if not shown:
        return 0.0
    shown.sort(key=lambda i: (i.cx - aim.x()) ** 2 + (i.cy - aim.y()) ** 2)
    # Zoomed out a concept can be smaller than a pixel: the nearest one whose centre's pixel
    # lands inside it, as a person would aim.
    pos = view.mapFromScene(shown[0].cx, shown[0].cy)
    for item in shown[:200]:
        here = view.mapFromScene(item.cx, item.cy)
        if scene.node_at(view.mapToScene(here)) == item.node_id:
            pos = here
            break
    scene.clearSelection()
    app.processEvents()
    start = time.perf_counter()
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos
    )
    app.processEvents()  # what the selection change queued
    view.viewport().repaint()  # the selection drawn
    elapsed = time.perf_counter() - start
    if scene.current[0] != "node":
        raise RuntimeError(f"the click at {pos.x()},{pos.y()} selected no concept")
    return elapsed


def _bench(app: QApplication, window: MainWindow, timings: dict[str, float], target: Path) -> int:
    import json  # noqa: PLC0415
    import resource  # noqa: PLC0415

    view = window.view
    while not view.painted:
        app.processEvents()
    timings["first_frame"] = process_age()
    # The process's own CPU to that frame: moves less than the clock when the machine is busy.
    timings["first_frame_cpu"] = time.process_time()
    while not window.ready:  # the rest of the window, then measure
        app.processEvents()
    _wait_idle(app)
    timings["window_ready"] = process_age()
    window.resize(1600, 1000)
    app.processEvents()
    timings["repaint_fit"] = _median_repaint(window)
    scene = view.map_scene()
    timings["zoom_step"], timings["zoom_sharp"] = _zoom_steps(app, view)
    timings["select_fit"] = _select_latency(app, view, 0.45)
    count = max(1, len(scene.node_items))
    bounds = scene.map_bounds()
    viewport = view.viewport().rect()
    # Zoom so that about 50 concepts fill the viewport, centred on the middle concept: a guess
    # from the map's density first, then corrected by counting what is actually in view.
    share = min(1.0, 50 / count)
    scale = (
        viewport.width() * viewport.height() / (bounds.width() * bounds.height() * share)
    ) ** 0.5
    items = sorted(scene.node_items.values(), key=lambda i: (i.pos().x(), i.pos().y()))
    centre = items[len(items) // 2].pos() if items else bounds.center()
    seen = 0
    for _ in range(4):
        view.set_camera(centre, scale)
        visible = view.mapToScene(viewport).boundingRect()
        seen = sum(1 for i in scene.node_items.values() if visible.contains(i.pos()))
        if seen == 0 or abs(seen - 50) <= 5 or count <= 50:
            break
        scale *= (seen / 50) ** 0.5
    app.processEvents()
    timings["zoomed_concepts"] = seen
    timings["zoom_scale"] = round(scale, 3)
    timings["repaint_zoomed"] = _median_repaint(window)
    timings["select_zoomed"] = _select_latency(app, view, 0.55)
    timings["select_latency"] = max(timings["select_fit"], timings["select_zoomed"])
    timings["pan_frame"] = _median_pan(app, view)
    timings["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timings["concepts"] = len(scene.node_items)
    timings["links"] = len(window.document.cmap.edges)
    # A big map makes link items only where the view looked (MapScene.show_region).
    timings["link_items"] = len(scene.edge_items)
    result = {"file": str(target)} | {
        k: round(v, 4) if isinstance(v, float) else v for k, v in timings.items()
    }
    print(json.dumps(result), flush=True)
    window.close()
    return 0
