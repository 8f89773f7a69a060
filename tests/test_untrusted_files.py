"""Files that are not files, and source paths that lead out of the map's folder (issue 15).

A map (or an import) that is a FIFO or a link to /dev/zero is refused at once, naming the file;
`mapviewer check` never prints a word of a file outside the map's folder (not /etc, not the
environment in /proc/self/environ) unless told --allow-outside, and even then never reads
/proc, a pipe, or more than the source cap.

The commands run in a child process: before the fix a FIFO hung them forever, so the child's
timeout is the only thing that can end such a test (it is a guard, not a measured duration).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mapviewer.io import registry
from mapviewer.io.mapfile import load, save
from mapviewer.io.safefile import FileRefusedError, read_capped
from mapviewer.model import ConceptMap, Node, Quote, Source
from mapviewer.problems import MapFileError
from mapviewer.quotecheck import check_map
from mapviewer.sources import MAX_SOURCE_BYTES, SourceTexts

from .conftest import REPO

GUARD = 120  # seconds a child may take before the test calls it hung
PRIMER = "Checkpoint inhibitors release the brakes on T cells. Responses can be durable."

needs_posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")


def mapviewer(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mapviewer", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=GUARD,
        check=False,
        env={**os.environ, **(env or {})},
    )


def map_quoting(folder: Path, file: str, quote: str = "release the brakes") -> Path:
    """A map in ``folder`` with one source whose file is ``file`` and one quote of it."""
    cmap = ConceptMap(
        title="Quotes",
        sources=[Source(id="s", title="The source", file=file)],
        nodes=[Node(id="n", label="A concept", x=0, y=0, quotes=[Quote(source="s", text=quote)])],
    )
    path = folder / "map.json"
    save(cmap, path)
    return path


# --- maps and imports that are not regular files ----------------------------------------------


@needs_posix
@pytest.mark.parametrize("name", ["map.json", "map.graphml", "map.xml", "map.cxl"])
def test_a_fifo_map_is_refused_at_once_naming_it(tmp_path: Path, name: str) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    done = mapviewer("validate", str(fifo))
    assert done.returncode == 1
    assert f"{fifo}: is a pipe (FIFO), not a file" in done.stdout


def test_a_map_linked_to_dev_zero_is_refused_naming_it(tmp_path: Path) -> None:
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    done = mapviewer("validate", str(link))
    assert done.returncode == 1
    assert f"{link}: is a device, not a file" in done.stdout
    assert "MemoryError" not in done.stderr


def test_registry_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    link = tmp_path / "zero.cyjs"
    link.symlink_to("/dev/zero")
    with pytest.raises(MapFileError, match="is a device"):
        registry.open_map(link)
    with pytest.raises(MapFileError, match="system file"):
        registry.open_map(Path("/proc/self/status"))


def test_reading_stops_one_byte_past_the_cap_whatever_the_size_says(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    assert read_capped(big, 5000) == b"x" * 5000
    with pytest.raises(FileRefusedError, match="the limit is 4999 bytes"):
        read_capped(big, 4999)


# --- source texts and `mapviewer check` -------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "told"),
    [
        (2 * 2**20 + 400 * 2**10, "file is 2.4 MB; the limit is 2 MB"),
        (2 * 2**20 + 1, "file is more than 2 MB; the limit is 2 MB"),
        (70 * 2**20, "file is 70 MB; the limit is 2 MB"),
    ],
)
def test_a_file_over_the_limit_is_told_a_size_that_is_over_it(
    tmp_path: Path, size: int, told: str
) -> None:
    """A picture of 2.4 MB was refused as "file is 2 MB; the limit is 2 MB"."""
    big = tmp_path / "photo.png"
    with big.open("wb") as out:
        out.truncate(size)
    with pytest.raises(FileRefusedError) as refused:
        read_capped(big, 2 * 2**20)
    assert str(refused.value).endswith(told)


def test_check_prints_nothing_of_the_environment(tmp_path: Path) -> None:
    path = map_quoting(tmp_path, "/proc/self/environ", quote="SECRET_TOKEN=abc")
    secret = {"SECRET_TOKEN": "hunter2-do-not-print"}
    done = mapviewer("check", str(path), env=secret)
    assert done.returncode == 1
    assert "hunter2" not in done.stdout + done.stderr
    assert "sources[id=s]: file '/proc/self/environ' is outside the map's folder; blocked" in (
        done.stdout
    )
    # Allowed, it is still no document: /proc is never read.
    done = mapviewer("check", "--allow-outside", str(path), env=secret)
    assert done.returncode == 1
    assert "hunter2" not in done.stdout + done.stderr
    assert "cannot be read: is a system file under /proc or /sys" in done.stdout


@pytest.mark.parametrize("kind", ["absolute", "climbing", "symlink"])
def test_check_blocks_files_outside_the_map_folder_unless_allowed(
    tmp_path: Path, kind: str
) -> None:
    private = tmp_path / "private" / "diary.txt"
    private.parent.mkdir()
    private.write_text(PRIMER, "utf-8")
    folder = tmp_path / "maps" / "shared"
    folder.mkdir(parents=True)
    if kind == "absolute":
        file = str(private)
    elif kind == "climbing":
        file = "../../private/diary.txt"
    else:
        (folder / "notes.txt").symlink_to(private)
        file = "notes.txt"
    path = map_quoting(folder, file, quote="release the brakes on B cells")  # a stale quote
    done = mapviewer("check", str(path))
    assert done.returncode == 1
    assert f"sources[id=s]: file '{file}' is outside the map's folder; blocked" in done.stdout
    assert "brakes on T cells" not in done.stdout  # no closest passage of the private file
    done = mapviewer("check", "--allow-outside", str(path))
    assert done.returncode == 1  # the stale quote, now checked against the file
    assert "blocked" not in done.stdout
    assert "closest passage" in done.stdout and "brakes on T cells" in done.stdout


def test_texts_inside_the_folder_and_shipped_texts_are_read(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "primer.txt").write_text(PRIMER, "utf-8")
    path = map_quoting(tmp_path, "texts/primer.txt")
    assert check_map(load(path), path) == []
    shipped = REPO / "maps" / "immunotherapy.json"
    done = mapviewer("check", str(shipped))
    assert done.returncode == 0, done.stdout
    assert "blocked" not in done.stdout


@needs_posix
def test_a_fifo_or_a_huge_sparse_source_is_refused_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    with (tmp_path / "huge.txt").open("wb") as handle:
        handle.truncate(2 * 1024**3)  # 2 GB of nothing: once read whole into memory
    cmap = ConceptMap(
        sources=[
            Source(id="pipe", title="Pipe", file="pipe.txt"),
            Source(id="huge", title="Huge", file="huge.txt"),
        ]
    )
    texts = SourceTexts(cmap, tmp_path / "map.json")
    assert texts.text("pipe") is None
    assert texts.status("pipe").reason == "is a pipe (FIFO), not a file"
    assert texts.text("huge") is None
    assert texts.status("huge").state == "unreadable"
    assert texts.status("huge").reason == "file is 2048 MB; the limit is 64 MB"
    assert MAX_SOURCE_BYTES == 64 * 1024 * 1024  # README, "Sources", says 64 MB


@needs_posix
def test_file_open_refuses_a_fifo_at_once_naming_it(qtbot, window, tmp_path: Path) -> None:
    """Ctrl+O on a FIFO: an error box names it. A writer stands ready so that a reader that
    does open the pipe (as before the fix) gets an empty file rather than waiting forever."""
    from PySide6.QtCore import Qt  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox  # noqa: PLC0415

    fifo = tmp_path / "map.json"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.open("wb").close(), daemon=True)
    writer.start()
    before = window.document
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(fifo), ""))
        window.view.setFocus()
        qtbot.keyClick(
            QApplication.focusObject(), Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier
        )

    def error_box() -> QMessageBox | None:
        found = [w for w in QApplication.topLevelWidgets() if w.objectName() == "FileErrorDialog"]
        return next((w for w in found if isinstance(w, QMessageBox) and w.isVisible()), None)

    qtbot.waitUntil(lambda: error_box() is not None, timeout=10_000)
    box = error_box()
    assert box is not None
    assert f"{fifo}: is a pipe (FIFO), not a file" in box.informativeText()
    assert window.document is before  # the open map stays
    box.close()
    os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))  # lets the waiting writer go
    writer.join(timeout=GUARD)
