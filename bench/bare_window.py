"""The floor under mapviewer's start-up: Python and PySide6 alone, one window shown and painted.

bench/run.py runs it beside `mapviewer --bench`, with the same clock (MAPVIEWER_T0, set just
before the process is spawned) and the same window size, so what mapviewer adds before it draws
anything is printed as a difference measured in the same minutes, whatever the machine's load.
It prints one JSON line: ``first_frame`` (seconds from spawn to the end of the first paint of
the window's central widget), ``first_frame_cpu`` (the process's CPU seconds by then) and
``peak_rss_mb``.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


class Canvas(QWidget):
    """Stands where mapviewer's map view stands; its first paint is the frame timed."""

    painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted = True


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    canvas = Canvas()
    window.setCentralWidget(canvas)
    window.resize(1600, 1000)
    window.show()
    while not canvas.painted:
        app.processEvents()
    first_frame = time.time() - float(os.environ.get("MAPVIEWER_T0", time.time()))
    result = {
        "first_frame": round(first_frame, 4),
        "first_frame_cpu": round(time.process_time(), 4),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(result), flush=True)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
