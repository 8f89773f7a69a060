"""The Statistics dock: kinds, degrees and hubs; bars select concepts and follow the selection."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from mapviewer.commands import AddItemsCommand
from mapviewer.model import Node
from mapviewer.paths import DEFAULT_MAP
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.ui.docks.statsdock import BarChart, degree_bins
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, open_window
from .test_architecture import run_python

WINDOW_MAP = DEFAULT_MAP
WINDOW_SIZE = (1600, 1000)


@pytest.fixture
def window(qtbot, window: MainWindow) -> MainWindow:
    with qtbot.waitSignal(window.stats_dock.computed, timeout=20000):
        window.stats_dock.toggleViewAction().trigger()  # View > Statistics
    return window


def click_bar(qtbot, chart: BarChart, index: int) -> None:
    point = chart.bar_centre(index)
    qtbot.mouseClick(chart.widget.viewport(), Qt.MouseButton.LeftButton, pos=point)


def selected(win: MainWindow) -> set[str]:
    return {i.node_id for i in win.scene.selectedItems() if isinstance(i, NodeItem)}


def test_nothing_is_imported_or_computed_until_the_dock_is_shown() -> None:
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
heavy = lambda: sorted({m.split('.')[0] for m in sys.modules} & {'networkx', 'pyqtgraph'})
print(heavy(), window.stats_dock.panel is None)
window.stats_dock.show()
for _ in range(50):
    app.processEvents()
    if window.stats_dock.panel is not None:
        break
print(heavy(), window.stats_dock.panel is not None)
"""
    assert run_python(code).splitlines() == [
        "[] True",
        "['pyqtgraph'] True",
    ]


def test_degree_bins_keep_the_bulk_readable() -> None:
    assert degree_bins([1, 2, 2, 3, 5]) == [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]
    threes = [(s, s + 2) for s in range(0, 97, 3)]  # 100 degrees: 34 bars of up to three
    assert degree_bins(range(0, 100)) == [*threes, (99, 99)]
    hubs = [1] * 400 + [2] * 100 + [3] * 50 + [60, 80, 106]  # a preferential-attachment tail
    assert degree_bins(hubs) == [(1, 1), (2, 2), (3, 3), (4, 106)]


def test_the_charts_show_the_map(qtbot, window: MainWindow) -> None:
    panel = window.stats_dock.panel
    kinds = [k.id for k in window.document.cmap.kinds]
    assert len(panel.kinds.groups) == len(kinds)
    drug = kinds.index("drug")
    assert len(panel.kinds.groups[drug]) == 22  # as the legend says: "Drug  (22)"
    fill, _ = panel.kinds.colors[drug]
    assert fill == window.scene.style_for("drug").color  # the kind's own colour
    assert sum(len(g) for g in panel.degrees.groups) == len(window.document.cmap.nodes)
    assert panel.hubs.groups[:3] == [
        ["cancer-immunotherapy"],
        ["checkpoint-inhibitors"],
        ["t-cells"],
    ]
    assert len(panel.hubs.groups) == 15


def test_clicking_a_kinds_bar_selects_exactly_its_concepts(qtbot, window: MainWindow) -> None:
    panel = window.stats_dock.panel
    drug = [k.id for k in window.document.cmap.kinds].index("drug")
    click_bar(qtbot, panel.kinds, drug)
    drugs = {n.id for n in window.document.cmap.nodes if n.kind == "drug"}
    assert selected(window) == drugs
    assert "22 Drug concepts selected" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: panel.kinds.highlighted == {drug})  # and the bar says so


def test_clicking_a_degree_bar_selects_the_concepts_with_that_degree(
    qtbot, window: MainWindow
) -> None:
    panel = window.stats_dock.panel
    click_bar(qtbot, panel.degrees, 0)
    degrees = {n: len(window.document.edges_of(n)) for n in window.document.nodes}
    lowest = min(degrees.values())
    assert selected(window) == {n for n, d in degrees.items() if d == lowest}


def test_clicking_a_hub_selects_it_and_goes_there(qtbot, window: MainWindow) -> None:
    panel = window.stats_dock.panel
    click_bar(qtbot, panel.hubs, 2)
    assert window.scene.current == ("node", "t-cells")
    assert selected(window) == {"t-cells"}
    qtbot.waitUntil(lambda: not window.view.is_animating(), timeout=3000)
    item = window.scene.node_items["t-cells"]
    centre = window.view.center()
    assert abs(centre.x() - item.cx) < 2 and abs(centre.y() - item.cy) < 2


def test_selecting_on_the_map_highlights_the_bars(qtbot, window: MainWindow) -> None:
    panel = window.stats_dock.panel
    window.go_to("node", "t-cells")
    immune = [k.id for k in window.document.cmap.kinds].index("immune-cell")
    qtbot.waitUntil(lambda: panel.hubs.highlighted == {2})
    assert panel.kinds.highlighted == {immune}
    (bar,) = panel.degrees.highlighted
    assert "t-cells" in panel.degrees.groups[bar]
    window.scene.clearSelection()
    qtbot.waitUntil(lambda: not panel.hubs.highlighted)
    assert not panel.kinds.highlighted and not panel.degrees.highlighted


def test_the_bars_still_follow_the_selection_after_a_theme_switch(
    qtbot, window: MainWindow
) -> None:
    """The dark theme brings a new scene; the dock listened to the old one's selection."""
    panel = window.stats_dock.panel
    window.themes.choose("dark")
    window.go_to("node", "t-cells")
    qtbot.waitUntil(lambda: panel.hubs.highlighted == {2}, timeout=10000)


def test_the_figures_follow_an_edit(qtbot, window: MainWindow) -> None:
    panel = window.stats_dock.panel
    drug = [k.id for k in window.document.cmap.kinds].index("drug")
    node = Node(id="new-drug", label="New drug", kind="drug", x=0, y=0)
    window.document.undo_stack.push(AddItemsCommand(window.document, [node], [], "New"))
    qtbot.waitUntil(lambda: len(panel.kinds.groups[drug]) == 23, timeout=5000)
    qtbot.waitUntil(lambda: not window.stats_dock.is_computing(), timeout=20000)
    assert sum(len(g) for g in panel.degrees.groups) == len(window.document.cmap.nodes)


def test_another_map_replaces_the_figures(qtbot, window: MainWindow) -> None:
    panel = window.stats_dock.panel
    with qtbot.waitSignal(window.stats_dock.computed, timeout=20000):
        assert window.open_path(DATA / "sample.json")
    assert [len(g) for g in panel.kinds.groups] == [1, 2, 2]
    assert panel.hubs.groups[0] == ["t-cells"]


def test_a_kind_is_selected_on_a_big_map_drawn_as_an_overview(qtbot, tmp_path: Path) -> None:
    nodes = [
        {
            "id": f"c{i}",
            "label": f"Concept {i}",
            "kind": "drug" if i % 4 == 0 else "cell",
            "x": (i % 20) * 260.0,
            "y": (i // 20) * 160.0,
        }
        for i in range(320)
    ]
    kinds = [{"id": "drug", "label": "Drug"}, {"id": "cell", "label": "Cell"}]
    data = {"format": "mapviewer-map", "version": 1, "kinds": kinds, "nodes": nodes}
    path = tmp_path / "big.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    win = open_window(qtbot, path)
    with qtbot.waitSignal(win.stats_dock.computed, timeout=20000):
        win.stats_dock.show()
    win.view.fit_all()
    assert win.scene.overview_mode
    click_bar(qtbot, win.stats_dock.panel.kinds, 0)
    assert not win.scene.overview_mode  # zoomed in far enough for concepts to be drawn...
    assert selected(win) == {f"c{i}" for i in range(0, 320, 4)}  # ...so they can be selected


def test_the_degree_axis_labels_do_not_print_over_each_other(qtbot, window: MainWindow) -> None:
    """The last bin's label (the highest degree) once sat one bar from a regular one: "2728"."""
    chart = window.stats_dock.panel.degrees
    axis = chart.plot.getAxis("bottom")
    named = [(i, text) for i, text in axis._tickLevels[0] if text]
    metrics = QFontMetrics(chart.font)
    spans = []
    for index, text in named:
        middle = chart.plot.vb.mapViewToScene(QPointF(index, 0)).x()
        half = metrics.horizontalAdvance(text) / 2
        spans.append((middle - half, middle + half, text))
    assert named[-1][1] == "28"  # the default map's best-linked concept has 28 links
    clashes = [(a[2], b[2]) for a, b in itertools.pairwise(spans) if b[0] < a[1] + 2]
    assert not clashes


def test_the_hubs_axis_title_fits_a_narrow_dock(qtbot, window: MainWindow) -> None:
    """The full title where it fits, a short one where it does not: a narrow dock once cut it
    to "Share of shortest chains passing th"."""
    chart = window.stats_dock.panel.hubs
    metrics = QFontMetrics(chart.font)

    def title() -> str:
        return str(chart.plot.getAxis("bottom").label.toPlainText()).strip()

    def fits() -> bool:
        return metrics.horizontalAdvance(title()) <= chart.plot.vb.width()

    assert title() == "Share of shortest chains passing through (%)" and fits()
    window.resize(800, 720)
    qtbot.waitUntil(
        lambda: (
            chart.plot.vb.width()
            < metrics.horizontalAdvance("Share of shortest chains passing through (%)")
        ),
        timeout=10_000,
    )
    qtbot.waitUntil(fits, timeout=10_000)
    assert title() == "Chains through it (%)"
    window.resize(1600, 1000)
    qtbot.waitUntil(
        lambda: title() == "Share of shortest chains passing through (%)", timeout=10_000
    )


def test_escape_after_clicking_a_bar_clears_what_it_selected(qtbot, window: MainWindow) -> None:
    """The click leaves the keyboard on the chart; Escape there (or in the map) clears the
    concepts the bar selected, as Escape does in the map, and the bar's outline goes."""
    panel = window.stats_dock.panel
    assert panel is not None
    click_bar(qtbot, panel.kinds, 0)
    assert len(selected(window)) > 1
    qtbot.waitUntil(lambda: bool(panel.kinds.highlighted), timeout=10_000)
    focused = QApplication.focusWidget()
    assert focused is not None and window.stats_dock.isAncestorOf(focused)
    qtbot.keyClick(focused, Qt.Key.Key_Escape)
    assert selected(window) == set()
    qtbot.waitUntil(lambda: not panel.kinds.highlighted, timeout=10_000)
    # And in the map, after another bar:
    click_bar(qtbot, panel.degrees, 1)
    assert selected(window)
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus, timeout=10_000)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert selected(window) == set()
