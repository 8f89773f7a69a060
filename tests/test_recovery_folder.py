"""Crash journals follow the settings folder: a session started with a fresh
MAPVIEWER_SETTINGS_DIR (a test, the benchmark) is never offered another session's unsaved
edits, and MAPVIEWER_RECOVERY_DIR still puts them anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from mapviewer.io.atomic import stamp_file
from mapviewer.io.mapfile import load
from mapviewer.recovery import default_folder, leftovers
from mapviewer.ui.files import recoveryui

from .conftest import DATA, open_window
from .real_input import keys_when_shown
from .test_disk_safety import leave_journal


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "sample.json"
    target.write_bytes((DATA / "sample.json").read_bytes())
    return target


def test_a_fresh_settings_folder_is_offered_no_other_sessions_edits(
    qtbot, tmp_path: Path, copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One session crashed with unsaved edits; both sessions share the user's data folder.
    monkeypatch.setenv("MAPVIEWER_SETTINGS_DIR", str(tmp_path / "first"))
    cmap = load(copy)
    cmap.nodes[0].label = "Edited before the crash"
    leave_journal(cmap, copy, stamp_file(copy))
    # The next starts in a settings folder of its own, and is offered nothing.
    monkeypatch.setenv("MAPVIEWER_SETTINGS_DIR", str(tmp_path / "second"))
    window = open_window(qtbot, copy)
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Escape]) as box:
        assert recoveryui.offer_recovery(window.workspace, window.recovery) is False
    assert not box.active
    assert window.document.nodes[cmap.nodes[0].id].label != "Edited before the crash"
    # Back in the first session's settings folder, its edits are offered.
    monkeypatch.setenv("MAPVIEWER_SETTINGS_DIR", str(tmp_path / "first"))
    [journal] = leftovers().journals
    assert journal.cmap.nodes[0].label == "Edited before the crash"


def test_the_recovery_folder_setting_still_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAPVIEWER_SETTINGS_DIR", str(tmp_path / "settings"))
    monkeypatch.setenv("MAPVIEWER_RECOVERY_DIR", str(tmp_path / "journals"))
    assert default_folder() == tmp_path / "journals"
    monkeypatch.delenv("MAPVIEWER_RECOVERY_DIR")
    assert default_folder() == tmp_path / "settings" / "recovery"
