"""Test set-up: Qt runs offscreen and never touches the user's settings or recovery files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_SCALE_FACTOR", "1")

import pytest

if TYPE_CHECKING:
    from mapviewer.document import Document
    from mapviewer.ui.mainwindow import MainWindow

    from .opener import Opener

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
INTEROP = SHARED / "interop"
SEEDS = SHARED / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Each test gets its own config and data folders, so QSettings and recovery start empty."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("MAPVIEWER_SETTINGS_DIR", str(home / "settings"))


def needs_shared(path: Path) -> pytest.MarkDecorator:
    """Skip, with the reason, tests that read ../shared/ where a checkout has no such folder."""
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is absent (outside this repo)")


_GENUINE: dict[str, object] = {}  # methods the autouse fixtures replace, as the app has them


@pytest.fixture(autouse=True)
def _never_block_on_unsaved_changes(monkeypatch: pytest.MonkeyPatch):
    """Closing a window with edits asks Save/Discard/Cancel in a modal dialog, which would hang
    a headless test at teardown; tests answer Discard unless they set another answer."""
    from mapviewer.ui.files import fileactions  # noqa: PLC0415 - Qt only after the platform is set

    _GENUINE.setdefault("ask_to_save", vars(fileactions.FileActions)["ask_to_save"])
    monkeypatch.setattr(fileactions.FileActions, "ask_to_save", lambda self: fileactions.DISCARD)


@pytest.fixture
def real_unsaved_question(_never_block_on_unsaved_changes, monkeypatch: pytest.MonkeyPatch):
    """The Save / Discard / Cancel box as the app shows it, for a test that answers it itself."""
    from mapviewer.ui.files import fileactions  # noqa: PLC0415

    monkeypatch.setattr(fileactions.FileActions, "ask_to_save", _GENUINE["ask_to_save"])


@pytest.fixture(autouse=True)
def _new_map_without_asking(monkeypatch: pytest.MonkeyPatch):
    """File > New asks for a title and a template in a modal dialog, which would hang a headless
    test: tests get the template chosen in it and the default title, as if Enter was pressed,
    unless they ask for ``real_new_map_dialog``."""
    from mapviewer.ui.files import fileactions  # noqa: PLC0415 - Qt only after the platform is set

    def answer(self, template: int = 0):
        from mapviewer.ui.dialogs.newmapdialog import templates  # noqa: PLC0415

        choices = templates()
        return choices[min(template, len(choices) - 1)].new_map("")

    _GENUINE.setdefault("ask_new_map", vars(fileactions.FileActions)["ask_new_map"])
    monkeypatch.setattr(fileactions.FileActions, "ask_new_map", answer)


@pytest.fixture
def real_new_map_dialog(_new_map_without_asking, monkeypatch: pytest.MonkeyPatch):
    """The New Map dialog as the app shows it, for a test that fills it in itself."""
    from mapviewer.ui.files import fileactions  # noqa: PLC0415

    monkeypatch.setattr(fileactions.FileActions, "ask_new_map", _GENUINE["ask_new_map"])


@pytest.fixture(autouse=True)
def _empty_clipboard_after_each_test():
    """What one test copies must not be pasted by the next, and Qt's offscreen platform
    (PySide6 6.11) segfaults at interpreter exit while its clipboard still holds data, which
    turns a green run's exit status into 139."""
    yield
    from PySide6.QtGui import QGuiApplication  # noqa: PLC0415

    if QGuiApplication.instance() is not None:
        QGuiApplication.clipboard().clear()


@pytest.fixture(autouse=True, scope="session")
def _collect_garbage_on_the_gui_thread():
    """As in the app (mapviewer.ui.collector): worker threads (layout, statistics) must never
    run a cyclic collection that frees Qt objects, so it runs here, between tests."""
    import gc  # noqa: PLC0415

    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_between_tests():
    yield
    from mapviewer.ui.collector import collect_if_due  # noqa: PLC0415

    collect_if_due()


@pytest.fixture(autouse=True)
def _light_palette_after_each_test(request: pytest.FixtureRequest):
    """Switching to the dark theme sets the application's palette, which outlives the window:
    without this a later test's pixels depended on which tests ran before it."""
    yield
    if "qapp" in request.fixturenames or "qtbot" in request.fixturenames:
        from mapviewer.scene.style import LIGHT  # noqa: PLC0415
        from mapviewer.ui.themes import apply_palette  # noqa: PLC0415

        apply_palette(LIGHT)


def copy_sample(folder: Path) -> Path:
    """The sample map copied into ``folder`` with its source beside it: a map a test may change."""
    shutil.copytree(DATA / "sources", folder / "sources")
    target = folder / "map.json"
    shutil.copy(DATA / "sample.json", target)
    return target


def shown_window(
    qtbot, document: Document, size: tuple[int, int] = (1200, 800), *, deferred: bool = False
) -> MainWindow:
    """A main window on ``document``, shown at ``size``, painted once and set up (``deferred``:
    the rest of its set-up after the first frame, as the app opens)."""
    from mapviewer.ui import mainwindow  # noqa: PLC0415 - Qt only after the platform is set

    win = mainwindow.MainWindow(document, deferred=deferred)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitUntil(lambda: win.view.painted and win.ready, timeout=20_000)
    return win


def open_window(qtbot, path: Path, size: tuple[int, int] = (1600, 1000)) -> MainWindow:
    """A main window on the map at ``path``, shown at ``size`` and painted once."""
    from mapviewer.document import Document  # noqa: PLC0415 - Qt only after the platform is set
    from mapviewer.io.mapfile import load  # noqa: PLC0415

    return shown_window(qtbot, Document(load(path), path), size)


def imported_window(qtbot, path: Path, size: tuple[int, int] = (1200, 900)) -> MainWindow:
    """Another tool's file imported into a main window (no path of its own, as File > Open
    leaves an import until it is saved), shown at ``size`` and painted once."""
    from mapviewer.document import Document  # noqa: PLC0415 - Qt only after the platform is set
    from mapviewer.io.registry import open_map  # noqa: PLC0415

    return shown_window(qtbot, Document(open_map(path)), size)


@pytest.fixture
def window(qtbot, request: pytest.FixtureRequest) -> MainWindow:
    """The main window on the test module's ``WINDOW_MAP`` (the sample map unless it says),
    shown at its ``WINDOW_SIZE`` and painted: one window set-up for every UI test. A
    module that needs more (a dock open, the window active) overrides ``window`` and asks
    for this one."""
    path = getattr(request.module, "WINDOW_MAP", DATA / "sample.json")
    size = getattr(request.module, "WINDOW_SIZE", (1200, 800))
    return open_window(qtbot, path, size)


def run_mapviewer(
    *args: str, cwd: Path = REPO, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``python -m mapviewer ARGS`` in a fresh process, offscreen, as a person runs it in a shell;
    the timeout only stops a hung run from stalling the suite."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "mapviewer", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )


def kill_once_it_says(code: str, *args: str, word: str, env: dict[str, str]) -> None:
    """Run ``python -c code args``, wait until it prints a line with ``word`` (or exits), then
    SIGKILL it: a crash at a moment the test chose, not after a guessed sleep."""
    import signal  # noqa: PLC0415 - only the crash tests need it

    with subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=REPO,
    ) as process:
        try:
            assert process.stdout is not None
            assert any(word in line for line in process.stdout), f"it never said {word}"
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()


@pytest.fixture(scope="module")
def opener() -> Iterator[Opener]:
    """A worker process that opens files for a test module: a reader stuck in C or killed by
    a file is reported as hung or dead, never waited on by the suite itself."""
    import tempfile  # noqa: PLC0415

    from .opener import Opener  # noqa: PLC0415

    with tempfile.TemporaryFile() as errors:
        worker = Opener(errors)
        yield worker
        worker.stop()


@pytest.fixture
def big(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every map of the test is "big": lazy concept items and links made by region, as on the
    100k map, lowered so that a grid of a few hundred concepts takes that path."""
    from mapviewer.scene import mapscene  # noqa: PLC0415

    monkeypatch.setattr(mapscene, "LAZY_FROM", 100)
    monkeypatch.setattr(mapscene, "LINKS_BY_REGION_FROM", 100)
