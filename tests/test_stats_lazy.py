"""The Statistics dock follows the filters, computes its hubs only while shown and lets them be
cancelled, and draws its plots in the theme's colours."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable

import networkx as nx
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from mapviewer import mapstats
from mapviewer.commands import AddItemsCommand
from mapviewer.graph import MapGraph
from mapviewer.io.registry import open_map
from mapviewer.model import Node
from mapviewer.paths import DEFAULT_MAP
from mapviewer.scene.style import DARK
from mapviewer.ui.docks import statsdock
from mapviewer.ui.docks.statsdock import BarChart, StatsDock
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA
from .test_selection_table import untick_kind

WINDOW_MAP = DEFAULT_MAP
WINDOW_SIZE = (1600, 1000)
LEFT = Qt.MouseButton.LeftButton


class GatedHubs:
    """Stands in for the betweenness computation: it reports a quarter done, then waits for the
    test to open the gate, and ends as the real one would (cancelled, or with the scores)."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.calls: list[Callable[[], bool]] = []  # each run's "was I cancelled?"
        self.finished = threading.Event()

    def __call__(
        self,
        net: mapstats.Network,
        samples: int | None,
        cancelled: Callable[[], bool],
        progress: Callable[[int, int], None],
    ) -> dict[str, float]:
        self.calls.append(cancelled)
        progress(1, 4)
        try:
            self.gate.wait(60)
            if cancelled():
                raise mapstats.CancelledError
            return mapstats.betweenness(net, samples, cancelled)
        finally:
            self.finished.set()


@pytest.fixture
def gated(monkeypatch: pytest.MonkeyPatch):
    fake = GatedHubs()
    monkeypatch.setattr(statsdock, "betweenness", fake)
    yield fake
    fake.gate.set()  # never leave a worker waiting


def show_stats(qtbot, window: MainWindow) -> StatsDock:
    dock = window.stats_dock
    dock.toggleViewAction().trigger()  # View > Statistics
    qtbot.waitUntil(lambda: dock.panel is not None, timeout=20000)
    return dock


def plot_word(chart: BarChart) -> str:
    return chart.message_text()


def test_the_figures_describe_what_the_legend_shows(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.stats_dock.computed, timeout=30000):
        dock = show_stats(qtbot, window)
    panel = dock.panel
    total = len(window.document.cmap.nodes)
    drug = [k.id for k in window.document.cmap.kinds].index("drug")
    assert len(panel.kinds.groups[drug]) == 22
    assert panel.scope.text() == f"All {total} concepts of the map."
    with qtbot.waitSignal(dock.computed, timeout=30000):
        untick_kind(qtbot, window.legend, "drug")  # a real click on the Legend's check box
    assert panel.kinds.groups[drug] == []
    shown = total - 22
    assert sum(len(g) for g in panel.degrees.groups) == shown
    assert panel.scope.text().startswith(f"The {shown} of {total} concepts the filters show")
    drugs = {n.id for n in window.document.cmap.nodes if n.kind == "drug"}
    hubs = {group[0] for group in panel.hubs.groups}
    assert hubs and not hubs & drugs
    # Degrees count the links among the concepts shown: one linked only to drugs has none.
    net = mapstats.network(
        window.document.cmap, [n for n in window.document.nodes if n not in drugs]
    )
    isolated = {n for n, d in zip(net.ids, net.degrees, strict=True) if d == 0}
    assert isolated  # the default map has such concepts
    assert dock._degree_bins[0][0] == 0
    assert set(panel.degrees.groups[0]) == isolated


def test_the_hubs_can_be_cancelled_and_computed_again(
    qtbot, window: MainWindow, gated: GatedHubs
) -> None:
    dock = show_stats(qtbot, window)
    panel = dock.panel
    qtbot.waitUntil(lambda: plot_word(panel.hubs) == "Computing… 25 %", timeout=20000)
    assert panel.cancel.isVisible() and panel.cancel.text() == "Cancel"
    qtbot.mouseClick(panel.cancel, LEFT)
    assert gated.calls[0]()  # the worker is told to stop
    assert not dock.is_computing()
    assert plot_word(panel.hubs) == "Cancelled"
    assert panel.cancel.text() == "Compute"
    gated.gate.set()
    qtbot.waitUntil(gated.finished.is_set, timeout=20000)
    # The kinds and degrees were drawn meanwhile; the hubs stay cancelled.
    assert sum(len(g) for g in panel.degrees.groups) == len(window.document.cmap.nodes)
    assert plot_word(panel.hubs) == "Cancelled"
    with qtbot.waitSignal(dock.computed, timeout=30000):
        qtbot.mouseClick(panel.cancel, LEFT)  # "Compute"
    assert len(gated.calls) == 2
    assert panel.hubs.groups[0] == ["cancer-immunotherapy"]
    assert not panel.cancel.isVisible()


def test_another_map_stops_the_computation_of_the_last(
    qtbot, window: MainWindow, gated: GatedHubs
) -> None:
    dock = show_stats(qtbot, window)
    qtbot.waitUntil(lambda: len(gated.calls) == 1, timeout=20000)
    assert window.open_path(DATA / "sample.json")
    assert gated.calls[0]()  # the default map's computation was told to stop
    gated.gate.set()
    qtbot.waitUntil(lambda: not dock.is_computing() and len(gated.calls) == 2, timeout=30000)
    assert dock.panel.hubs.groups[0] == ["t-cells"]  # the sample map's hub


def test_nothing_is_computed_while_the_dock_is_hidden(
    qtbot, window: MainWindow, gated: GatedHubs
) -> None:
    dock = show_stats(qtbot, window)
    qtbot.waitUntil(lambda: len(gated.calls) == 1, timeout=20000)
    dock.toggleViewAction().trigger()  # hidden while computing: it stops
    assert gated.calls[0]()
    assert not dock.is_computing()
    gated.gate.set()
    # Edits and a filter while hidden start nothing...
    node = Node(id="new-drug", label="New drug", kind="drug", x=0, y=0)
    window.document.undo_stack.push(AddItemsCommand(window.document, [node], [], "New"))
    untick_kind(qtbot, window.legend, "therapy")
    assert len(gated.calls) == 1 and not dock.is_computing()
    # ...and shown again, one computation describes the map as it is now.
    with qtbot.waitSignal(dock.computed, timeout=30000):
        dock.toggleViewAction().trigger()
    assert len(gated.calls) == 2
    therapy = [k.id for k in window.document.cmap.kinds].index("therapy")
    drug = [k.id for k in window.document.cmap.kinds].index("drug")
    assert dock.panel.kinds.groups[therapy] == []
    assert len(dock.panel.kinds.groups[drug]) == 23


def background(chart: BarChart) -> QColor:
    image = chart.widget.grab().toImage()
    return image.pixelColor(QPoint(4, 4))


def test_the_plots_take_the_dark_theme(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.stats_dock.computed, timeout=30000):
        dock = show_stats(qtbot, window)
    panel = dock.panel
    assert background(panel.kinds).lightness() > 200  # light theme: a light plot
    dark = next(a for a in window.themes.menu.actions() if a.text() == "Dark")
    dark.trigger()  # View > Theme > Dark
    for chart in (panel.kinds, panel.degrees, panel.hubs):
        qtbot.waitUntil(lambda c=chart: background(c) == DARK.canvas, timeout=10000)
    axis = panel.degrees.plot.getAxis("bottom")
    assert axis.textPen().color() == DARK.text  # tick labels readable on the dark plot


def test_the_estimate_names_the_hubs_networkx_does() -> None:
    """Exact on a small map (the default map's values equal networkx's); above EXACT_LIMIT a
    fixed amount of work decides the number of sampled sources."""
    cmap = open_map(DEFAULT_MAP)
    ours = mapstats.betweenness(mapstats.network(cmap))
    theirs = nx.betweenness_centrality(MapGraph(cmap).simple, normalized=True)
    assert max(abs(ours[k] - theirs[k]) for k in theirs) < 1e-12
    assert mapstats.sample_count(1000, 1400) is None
    assert mapstats.sample_count(20000, 28000) == 41
    assert mapstats.sample_count(5000, 7000) == 166
    # A preferential-attachment network of 1,500: the sampled estimate finds the exact top 5.
    rng = random.Random(3)
    graph = nx.barabasi_albert_graph(1500, 2, seed=rng.randrange(1000))
    ids = [str(n) for n in graph]
    net = mapstats.Network(
        ids,
        [sorted(graph[n]) for n in graph],
        [graph.degree(n) for n in graph],
    )
    exact = [n for n, _ in mapstats.ranked(mapstats.betweenness(net), 5)]
    samples = mapstats.sample_count(1500, net.links)
    assert samples is not None and samples < 1500
    estimate = [n for n, _ in mapstats.ranked(mapstats.betweenness(net, samples), 5)]
    assert set(estimate) == set(exact)
