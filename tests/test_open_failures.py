"""Whatever a file does to a reader, the person gets a sentence naming the file: the commands
exit 1 (the file's fault) or 2 (mapviewer's), never with a traceback, and File > Open (or a
drop) shows a box and keeps the map that was open."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from mapviewer import cli
from mapviewer.io import registry
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, run_mapviewer
from .real_input import drag_and_drop, file_mime

INTEROP = DATA / "interop"


def nan_encoded(tmp_path: Path) -> Path:
    path = tmp_path / "nan.gexf"
    raw = (INTEROP / "small-13.gexf").read_bytes()
    path.write_bytes(raw.replace(b'encoding="UTF-8"', b'encoding="NaN"', 1))
    return path


def huge_number(tmp_path: Path) -> Path:
    path = tmp_path / "huge.cyjs"
    path.write_text('{"elements": [{"data": {"id": "a", "w": ' + "9" * 5000 + "}}]}")
    return path


@pytest.mark.slow
def test_each_command_refuses_a_hostile_file_with_a_sentence(tmp_path: Path) -> None:
    bad, huge = nan_encoded(tmp_path), huge_number(tmp_path)
    for args in (
        ["validate", str(bad), str(huge)],
        ["convert", str(bad), str(tmp_path / "out.graphml")],
        ["convert", str(huge), str(tmp_path / "out.canvas")],
        ["render", str(bad), "-o", str(tmp_path / "out.png")],
        ["check", str(huge)],
    ):
        result = run_mapviewer(*args)
        said = result.stdout + result.stderr
        assert result.returncode in (1, 2), (args, said)
        assert "Traceback" not in said, said
        assert str(args[1]) in said, said
    assert not list(tmp_path.glob("out.*"))


def test_an_unexpected_error_in_a_command_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(files: list[Path]) -> int:
        raise RuntimeError("something no reader foresaw")

    monkeypatch.setattr(cli, "cmd_validate", broken)
    path = tmp_path / "a.json"
    assert cli.main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: mapviewer failed unexpectedly (RuntimeError: something")
    assert "Traceback" not in err


def test_a_reader_bug_in_validate_names_the_file_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from mapviewer.io import cytoscape  # noqa: PLC0415

    def broken(*args: object, **kwargs: object) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(cytoscape, "from_data", broken)
    path = tmp_path / "a.cyjs"
    path.write_bytes((INTEROP / "small.cyjs").read_bytes())
    assert cli.main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: mapviewer could not read this file")
    assert "IndexError" in out


def file_error_box(win: MainWindow) -> QMessageBox | None:
    shown = [b for b in win.findChildren(QMessageBox, "FileErrorDialog") if b.isVisible()]
    return shown[-1] if shown else None


def dropped(qtbot, window: MainWindow, path: Path) -> QMessageBox:
    view = window.view
    assert drag_and_drop(view.viewport(), view.rect().center(), file_mime(path))
    qtbot.waitUntil(lambda: file_error_box(window) is not None, timeout=10_000)
    box = file_error_box(window)
    assert box is not None
    return box


def test_a_file_a_reader_chokes_on_shows_a_box_and_keeps_the_map(
    qtbot, window, tmp_path: Path
) -> None:
    before = window.document
    box = dropped(qtbot, window, nan_encoded(tmp_path))
    assert "names an encoding mapviewer does not know: 'NaN'" in box.informativeText()
    assert window.document is before
    box.close()


def test_any_exception_while_opening_shows_a_box_and_keeps_the_map(
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(registry, "open_map", broken)
    before = window.document
    path = tmp_path / "a.canvas"
    path.write_bytes((INTEROP / "small.canvas").read_bytes())
    box = dropped(qtbot, window, path)
    assert "could not be read (MemoryError" in box.informativeText()
    assert window.document is before
    box.close()
