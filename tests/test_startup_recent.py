"""The map the app opens at start-up is listed in File > Open Recent, whichever way it was chosen:
named in the shell, or the one open when the app last closed. Before, only a named file was."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from mapviewer import app as start
from mapviewer.ui import settings as prefs
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, copy_sample
from .real_input import keys_when_shown
from .test_disk_safety import press_ctrl


def started_window(qtbot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """``mapviewer.app.run`` as the shell runs it, its event loop standing in until the window
    is ready; the window it made."""
    made: list[MainWindow] = []

    def event_loop() -> int:
        def ready() -> bool:
            made[:] = [
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, MainWindow) and w.isVisible() and w.ready
            ]
            return bool(made)

        qtbot.waitUntil(ready, timeout=30_000)
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(event_loop))
    # The app freezes what the first frame built out of the collector's way, for the process's
    # life: in a test process that would be every later test's objects too.
    monkeypatch.setattr(start, "_collect_from_now_on", lambda _window: None)
    return made


def recent_by_keys(qtbot, window: MainWindow) -> list[str]:
    """Alt+F, then R for Open Recent: the entries the submenu lists."""
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(window.file_menu.isVisible, timeout=10_000)
    qtbot.keyClick(window.file_menu, Qt.Key.Key_R)
    qtbot.waitUntil(window.recent_menu.isVisible, timeout=10_000)
    texts = [a.text() for a in window.recent_menu.actions() if not a.isSeparator()]
    qtbot.keyClick(window.recent_menu, Qt.Key.Key_Escape)
    qtbot.keyClick(window.file_menu, Qt.Key.Key_Escape)
    return texts


@pytest.mark.parametrize("how", ["last map", "named"])
def test_the_start_up_map_is_in_open_recent(qtbot, monkeypatch, tmp_path, how: str) -> None:
    path = copy_sample(tmp_path)
    made = started_window(qtbot, monkeypatch)
    if how == "last map":
        prefs.remember_last_map(path)  # it was open when the app last closed
        start.run(None)
    else:
        start.run(path)
    [window] = made
    qtbot.addWidget(window)
    assert window.document.path == path.resolve()
    assert recent_by_keys(qtbot, window)[0] == "&1 map.json"
    assert prefs.recent_files() == [path.resolve()]


@pytest.mark.parametrize(
    "name", ["small.canvas", "yed-small.graphml", "elements-array.json", "small.cxl"]
)
def test_another_tools_file_named_in_the_shell_opens_as_an_unsaved_import(
    qtbot, monkeypatch, tmp_path, name: str
) -> None:
    """`mapviewer drawing.canvas` then Ctrl+S once wrote our JSON over the Obsidian file: a
    file named in the shell opened as the map's own file, whatever its format. Now it opens as
    File > Open opens it: a new unsaved map, and Ctrl+S asks where."""
    path = tmp_path / name
    shutil.copy(DATA / "interop" / name, path)
    before = path.read_bytes()
    made = started_window(qtbot, monkeypatch)
    start.run(path)
    [window] = made
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: len(window.document.cmap.nodes) > 0, timeout=30_000)
    assert window.document.path is None and window.document.origin == path.resolve()
    assert f"{name} (imported)" in window.windowTitle()
    with keys_when_shown(QFileDialog, [Qt.Key.Key_Escape]) as dialog:
        press_ctrl(qtbot, window, Qt.Key.Key_S)
    assert dialog.shown is not None  # Save As, not Save
    assert path.read_bytes() == before
    assert path.resolve() not in prefs.recent_files()
