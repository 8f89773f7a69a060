"""Switching between light and dark redraws the map in a new scene; nothing the reader had set
up may be lost or left pointing at the old scene."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from mapviewer.paths import DEFAULT_MAP
from mapviewer.scene.style import DARK
from mapviewer.ui.docks.legend import KIND_ROLE
from mapviewer.ui.mainwindow import MainWindow

WINDOW_MAP = DEFAULT_MAP
WINDOW_SIZE = (1600, 1000)


def bright(win: MainWindow) -> set[str]:
    return {n for n, item in win.scene.node_items.items() if not item.dimmed}


def test_the_overview_follows_a_theme_switch(qtbot, window: MainWindow) -> None:
    window.minimap_dock.show()
    minimap = window.minimap_dock.minimap
    qtbot.waitUntil(minimap.isVisible)
    minimap.grab()
    window.themes.choose("dark")
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # the old scene goes
    image = minimap.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)  # segfaulted
    corner = image.pixelColor(image.width() // 2, 3)  # inside the frame, above the miniature
    assert corner.lightness() < 80  # drawn on the dark canvas
    assert QColor(DARK.canvas).lightness() < 80


def test_the_source_filter_still_dims_after_a_theme_switch(qtbot, window: MainWindow) -> None:
    window.reader_dock.show()
    window.reader.show_source("eran2023")
    window.reader.only_supported.setChecked(True)
    supported, _ = window.reader.supported()
    assert bright(window) == supported
    window.themes.choose("dark")
    assert window.reader.only_supported.isChecked()
    assert bright(window) == supported


def test_a_found_path_stays_lit_after_a_theme_switch(qtbot, window: MainWindow) -> None:
    window.path_dock.find_action.trigger()
    finder = window.path_dock.finder
    finder.set_ends("pd-1", "t-cells")
    qtbot.mouseClick(finder.find_button, Qt.MouseButton.LeftButton)
    lit = bright(window)
    assert finder.chains and lit != set(window.scene.node_items)
    window.themes.choose("dark")
    assert bright(window) == lit


def test_hidden_kinds_stay_hidden_after_a_theme_switch(qtbot, window: MainWindow) -> None:
    row = window.legend.item(0)
    kind = row.data(KIND_ROLE)
    row.setCheckState(Qt.CheckState.Unchecked)  # untick the first kind in the legend
    hidden = {n.id for n in window.document.cmap.nodes if (n.kind or "") == kind}
    assert hidden and not hidden & set(window.scene.visible_node_ids())
    window.themes.choose("dark")
    assert not hidden & set(window.scene.visible_node_ids())
    assert window.legend.row_for(kind).checkState() == Qt.CheckState.Unchecked
