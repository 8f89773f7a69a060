"""How long the window stops answering while File > Open reads a big file, and when the new
map's first frame comes: a 50 ms timer ticks on the GUI thread, and the longest gap between
two ticks is the longest the window froze.

    python bench/open_gaps.py FILE [FILE...]

Prints one JSON line per file: seconds to each stage shown in the progress dialog, to the
first frame of the new map (``first_frame``), and the longest tick gap (``longest_gap``),
with the stage it fell in.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QTimer

from mapviewer.app import make_application
from mapviewer.document import Document
from mapviewer.io.registry import open_map
from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.files.fileactions import DISCARD
from mapviewer.ui.mainwindow import MainWindow


def measure(path: Path) -> dict[str, object]:
    app = make_application([])
    window = MainWindow(Document(open_map(DEFAULT_MAP), DEFAULT_MAP))
    window.resize(1600, 1000)
    window.show()
    while not window.view.painted:
        app.processEvents()
    result: dict[str, object] = {"file": str(path)}
    gaps: list[tuple[float, str]] = []
    stage = ["asking"]
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0], stage[0]))
        last[0] = now

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(tick)
    timer.start()
    start = time.perf_counter()
    window.files.open_path(path)
    load = window.files.loading
    done: list[bool] = []
    if load is None:  # a small file opens at once
        done.append(True)
    else:

        def shown(name: str) -> None:
            stage[0] = name
            result[name] = round(time.perf_counter() - start, 2)

        load.stage_shown.connect(shown)
        load.finished.connect(done.append)
    while not done:
        app.processEvents()
    result["first_frame"] = round(time.perf_counter() - start, 2)
    result["concepts"] = len(window.document.cmap.nodes)
    timer.stop()
    longest = max(gaps, default=(0.0, ""))
    result["longest_gap"] = round(longest[0], 2)
    result["longest_gap_in"] = longest[1]
    print(json.dumps(result), flush=True)
    window.files.ask_to_save = lambda: DISCARD  # an import is unsaved: closing would ask
    window.close()
    return result


def main() -> int:
    os.environ.setdefault("MAPVIEWER_SETTINGS_DIR", tempfile.mkdtemp())
    # The import is unsaved work: its journal goes to a folder of the run's own.
    os.environ.setdefault("MAPVIEWER_RECOVERY_DIR", tempfile.mkdtemp())
    for name in sys.argv[1:]:
        measure(Path(name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
