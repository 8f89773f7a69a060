"""The shape of the code that users feel: the model needs no Qt, start-up loads nothing heavy."""

from __future__ import annotations

import os
import subprocess
import sys

from mapviewer.document import Document
from mapviewer.io.mapfile import load
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.mapview import MapView
from mapviewer.scene.nodeitem import NodeItem

from .conftest import DATA, REPO

# _hashlib is OpenSSL (3.3 MB), reached through pydantic -> secrets -> hmac.
HEAVY = (
    "networkx",
    "pyqtgraph",
    "igraph",
    "scipy",
    "numpy",
    "defusedxml",
    "_hashlib",
    "rapidfuzz",
    "difflib",
)


def run_python(code: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_model_io_and_queries_never_import_qt() -> None:
    modules = [
        f"mapviewer.io.{p.stem}"
        for p in (REPO / "mapviewer" / "io").glob("*.py")
        if p.stem != "__init__"
    ] + [
        "mapviewer.model",
        "mapviewer.checks",
        "mapviewer.layout",
        "mapviewer.search",
        "mapviewer.quotes",
        "mapviewer.quotecheck",
        "mapviewer.sources",
        "mapviewer.problems",
        "mapviewer.graph",
        "mapviewer.tours",
        "mapviewer.recovery",
        "mapviewer.palette",
        "mapviewer.paths",
        "mapviewer.clipboard",
        "mapviewer.focuslayout",
        "mapviewer.focusfit",
        "mapviewer.groups",
        "mapviewer.ids",
    ]
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules)
    code += "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    assert run_python(code) == "[]"


def test_opening_the_default_map_loads_nothing_heavy() -> None:
    code = """
import sys
from mapviewer.app import make_application
app = make_application([])
from mapviewer.document import Document
from mapviewer.io.registry import open_map
from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.mainwindow import MainWindow
window = MainWindow(Document(open_map(DEFAULT_MAP), DEFAULT_MAP))
window.show()
app.processEvents()
print(sorted(m for m in sys.modules if m.split('.')[0] in HEAVY))
""".replace("HEAVY", repr(HEAVY))
    assert run_python(code) == "[]"


def test_the_first_frame_loads_nothing_it_does_not_draw() -> None:
    """The window as the app opens it (deferred), up to its first frame: the label editor,
    the worker threads' pool (concurrent.futures), the outlined-indicator style and Qt's
    QStyle type (~10 ms of enum set-up) wait until something uses them."""
    code = """
import sys
from mapviewer.app import make_application
app = make_application([])
from PySide6 import QtWidgets
from mapviewer.document import Document
from mapviewer.io.registry import open_map
from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.mainwindow import MainWindow
window = MainWindow(Document(open_map(DEFAULT_MAP), DEFAULT_MAP), deferred=True)
window.resize(1200, 800)
window.show()
while not window.view.painted:
    app.processEvents()
late = ("mapviewer.ui.editing.inlineeditor", "mapviewer.ui.workers", "mapviewer.ui.indicators",
        "concurrent.futures")
loaded = sorted(m for m in late if m in sys.modules)
# PySide6 makes a type when first used: only then can its absence be seen.
lazy = "QTableWidgetSelectionRange" not in vars(QtWidgets)
print(loaded, lazy and "QStyle" in vars(QtWidgets))
"""
    assert run_python(code) == "[] False"


def test_modules_put_off_at_start_up_still_work_when_used() -> None:
    code = """
import mapviewer.model
import secrets
from importlib.metadata import version
from pydantic import SecretStr
same = SecretStr("a") == SecretStr("a")  # compared with secrets.compare_digest
print(len(secrets.token_hex(4)), version("pydantic").count(".") >= 1, same)
"""
    assert run_python(code) == "8 True True"


def test_qt_overrides_are_called(qtbot) -> None:
    """Qt calls only exact camelCase names; a misspelt override would silently never run."""
    calls: list[str] = []
    original = NodeItem.paint

    class Probe(NodeItem):
        def paint(self, painter, option, widget=None):
            calls.append("paint")
            original(self, painter, option, widget)

    scene = MapScene(Document(load(DATA / "sample.json")))
    probe = Probe("probe", "probe", scene.styles[""], scene.theme)
    probe.place(130, 200)  # inside the fitted view of the sample map
    scene.addItem(probe)
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    view.fit_all()
    qtbot.waitUntil(lambda: view.painted)  # MapView.paintEvent ran
    assert "paint" in calls
