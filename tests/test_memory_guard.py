"""A map too big for this machine's memory is refused with a sentence, never a crash: the window
keeps its map, render exits 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mapviewer import memory
from mapviewer.io.mapfile import load
from mapviewer.paths import DEFAULT_MAP
from mapviewer.problems import MapFileError

from .conftest import DATA, REPO
from .real_input import drag_and_drop, file_mime

WINDOW_MAP = DATA / "sample.json"


def test_the_estimate_grows_with_the_map_and_refuses_past_what_is_free(monkeypatch) -> None:
    small, big = load(DATA / "sample.json"), load(DEFAULT_MAP)
    assert memory.needed_bytes(small) < memory.needed_bytes(big)
    room = int(memory.needed_bytes(small) * memory.HEADROOM) + 1
    monkeypatch.setattr(memory, "available_bytes", lambda: room)
    memory.ensure_fits(small, "small.json")  # fits
    with pytest.raises(MapFileError) as refused:
        memory.ensure_fits(big, "big.json")
    assert "big.json" in str(refused.value) and "GB of memory" in str(refused.value)


def test_nothing_is_refused_where_the_system_does_not_say(monkeypatch) -> None:
    monkeypatch.setattr(memory, "MEMINFO", Path("/nonexistent/meminfo"))
    assert memory.available_bytes() is None
    memory.ensure_fits(load(DEFAULT_MAP), "map.json")


def test_a_map_too_big_dropped_on_the_window_is_refused_and_its_own_kept(
    qtbot, window, monkeypatch
) -> None:
    monkeypatch.setattr(memory, "available_bytes", lambda: 1)
    before = window.document
    shown: list[str] = []
    monkeypatch.setattr(
        "mapviewer.ui.files.fileactions.show_file_error",
        lambda parent, error, title: shown.append(str(error)),
    )
    viewport = window.view.viewport()
    drag_and_drop(viewport, viewport.rect().center(), file_mime(DEFAULT_MAP))
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "of memory" in shown[0] and DEFAULT_MAP.name in shown[0]
    assert window.document is before


def test_render_exits_1_with_the_reason(tmp_path) -> None:
    code = (
        "import sys; from mapviewer import memory, cli\n"
        "memory.available_bytes = lambda: 1\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code, "render", str(DEFAULT_MAP), "-o", str(tmp_path / "m.png")],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "of memory" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "m.png").exists()
