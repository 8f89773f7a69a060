"""The Statistics dock: concepts per kind, how linked they are, and the hubs to explain first.

Nothing here runs at start-up or while the dock is hidden: pyqtgraph is imported and the
figures computed when the dock is first shown, and again (debounced) when the map or its filters
change while it is shown. The figures describe the concepts the filters show, as Cytoscape's
node table does. Betweenness, the slow one on a big map, runs on a worker thread
(``mapviewer.mapstats``, estimated from sampled concepts on a big map) with a progress figure and
a Cancel button; a change of map, of filter, or hiding the dock stops it between two concepts.

Clicking a bar selects its concepts on the map; selecting on the map outlines the bars that hold
the selected concepts.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QPoint, QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mapviewer.document import Document
from mapviewer.graph import kind_counts
from mapviewer.mapstats import CancelledError, Network, betweenness, network, ranked, sample_count
from mapviewer.scene.mapscene import OVERVIEW_MIN_NODES, MapScene
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.scene.style import Theme, mix
from mapviewer.ui.docks import raise_when_opened
from mapviewer.ui.workspace import Workspace

HUB_COUNT = 15
MAX_DEGREE_BARS = 40  # wider degree bins beyond this many
MAX_DEGREE_TICKS = 12
LABEL_WIDTH = 190  # pixels for a bar's name before it is elided
BAR = 0.72  # bar thickness, as a share of its slot
FIRST_HEIGHT = 330  # pixels the dock takes when first opened
REFRESH_DELAY_MS = 250  # edits arrive in bursts (a paste, an undo): refresh once after them


def degree_bins(degrees: Iterable[int]) -> list[tuple[int, int]]:
    """Degree ranges, one bar each, lowest first: single degrees while there are at most
    ``MAX_DEGREE_BARS`` of them, wider ranges beyond. A long thin tail — a few hubs with many
    times the links of 99 % of the concepts — shares one last bar, so the bulk stays readable."""
    ordered = sorted(degrees)
    low, high = ordered[0], ordered[-1]
    p99 = ordered[int(0.99 * (len(ordered) - 1))]
    tail = high - p99 > 10 and high > 3 * max(p99, 1)
    top = p99 if tail else high
    width = max(1, math.ceil((top - low + 1) / MAX_DEGREE_BARS))
    bins = [(start, min(start + width - 1, top)) for start in range(low, top + 1, width)]
    if tail:
        bins.append((top + 1, high))
    return bins


def bin_label(low: int, high: int, last: bool = False) -> str:
    if low == high:
        return str(low)
    return f"{low}+" if last else f"{low}–{high}"


class BarChart:
    """One pyqtgraph plot of bars, each standing for a group of concepts.

    ``groups[i]`` are the concept ids bar ``i`` stands for; a click anywhere in a bar's row (or
    column) reports ``i``, so even a bar one concept high is easy to hit.
    """

    def __init__(
        self,
        pg: Any,  # the pyqtgraph module, imported when the dock is first shown
        horizontal: bool,
        on_click: Callable[[int], None],
        theme: Theme,
    ) -> None:
        self.pg = pg
        self.horizontal = horizontal
        self.on_click = on_click
        self.accent = theme.accent
        self.text_color = theme.text
        self.widget = pg.PlotWidget(background=theme.canvas)
        self.widget.setMinimumHeight(170)
        self.plot = self.widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.vb.setDefaultPadding(0.0)
        font = QFont(self.widget.font())
        font.setPointSizeF(max(font.pointSizeF() - 0.5, 7.5))
        self.font = font
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setStyle(tickFont=font, tickLength=-4, hideOverlappingLabels=False)
            axis.label.setFont(font)
            axis.enableAutoSIPrefix(False)
        self.bars = pg.BarGraphItem(x0=[], y0=[], width=[], height=[])
        self.plot.addItem(self.bars)
        self.texts: list[Any] = []
        self.groups: list[list[str]] = []
        self.spans: list[tuple[float, float]] = []  # each bar's extent along the category axis
        self.colors: list[tuple[QColor, QColor]] = []
        self.highlighted: set[int] = set()
        self.group_sets: list[set[str]] = []
        self.axis_titles: dict[str, str] = {}
        self.short_titles: dict[str, str] = {}  # see set_labels
        self.shown_titles: dict[str, str] = {}
        self.message = pg.TextItem("", anchor=(0.5, 0.5))
        self.message.setFont(font)
        # The longest bar and the category axis's ends; None while a word stands in the plot.
        self._extent: tuple[float, float, float] | None = None
        self.plot.vb.sigResized.connect(self._fit_range)
        self.set_theme(theme)
        self.widget.scene().sigMouseClicked.connect(self._on_click)

    def set_theme(self, theme: Theme) -> None:
        """Background, axes and words in the theme's colours: pyqtgraph draws with its own
        (white plots stayed white in the dark theme)."""
        self.accent = theme.accent
        self.text_color = QColor(theme.text)
        self.widget.setBackground(theme.canvas)
        muted = mix(theme.text, theme.canvas, 0.55)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(muted)
            axis.setTextPen(self.text_color)
        for axis_name in self.axis_titles:
            self._show_title(axis_name, again=True)  # in the new colour
        self.message.setColor(muted)
        for item in self.texts:
            item.setColor(self.text_color)
        self._paint_bars()

    # --- content --------------------------------------------------------------------------------

    def set_bars(
        self,
        values: list[float],
        groups: list[list[str]],
        colors: list[tuple[QColor, QColor]],
        labels: list[str] | None = None,
        spans: list[tuple[float, float]] | None = None,
        value_texts: list[str] | None = None,
    ) -> None:
        """Bars of ``values``; ``labels`` name them on the category axis (one slot each) unless
        ``spans`` places them on a numeric axis instead. ``colors`` are (fill, outline)."""
        self.plot.removeItem(self.message)
        for text in self.texts:
            self.plot.removeItem(text)
        self.texts = []
        self.groups = groups
        self.group_sets = [set(g) for g in groups]
        self.colors = colors
        self.spans = spans or [(i - BAR / 2, i + BAR / 2) for i in range(len(values))]
        self.highlighted = set()
        starts = [a for a, _ in self.spans]
        sizes = [b - a for a, b in self.spans]
        zeros = [0.0] * len(values)
        if self.horizontal:
            self.bars.setOpts(x0=zeros, width=values, y0=starts, height=sizes)
        else:
            self.bars.setOpts(x0=starts, width=sizes, y0=zeros, height=values)
        self._paint_bars()
        category = self.plot.getAxis("left" if self.horizontal else "bottom")
        if labels is not None:
            metrics = QFontMetrics(self.font)
            elided = [
                metrics.elidedText(t, Qt.TextElideMode.ElideRight, LABEL_WIDTH) for t in labels
            ]
            category.setTicks([list(enumerate(elided)), []])
            if self.horizontal:
                widest = max((metrics.horizontalAdvance(t) for t in elided), default=20)
                category.setWidth(widest + 12)
        else:
            category.setTicks(None)
        self.plot.vb.invertY(self.horizontal)
        top = max(values, default=1.0) or 1.0
        if value_texts:
            for index, text in enumerate(value_texts):
                item = self.pg.TextItem(text, color=self.text_color, anchor=(0, 0.5))
                item.setFont(self.font)
                item.setPos(values[index], index)
                self.plot.addItem(item)
                self.texts.append(item)
        low = min(starts, default=0.0) - 0.2
        high = max((b for _, b in self.spans), default=1.0) + 0.2
        self._extent = top, low, high
        self._fit_range()

    def _fit_range(self) -> None:
        """Show every bar, and past the longest the room its count written after it takes:
        that room is pixels, so it is worked out again as the plot is resized (a fixed share of
        the axis cut the last digit off in a narrow dock)."""
        for axis in self.short_titles:
            self._show_title(axis)
        if self._extent is None:
            return
        top, low, high = self._extent
        room = 1.04
        if self.texts:
            written = max(item.textItem.boundingRect().width() for item in self.texts)
            across = self.plot.vb.width() if self.horizontal else self.plot.vb.height()
            room = 1.16
            if across > 2 * written:  # laid out: the bars keep at least half the plot
                room = max(room, across / (across - written))
        if self.horizontal:
            self.plot.setRange(xRange=(0, top * room), yRange=(low, high), padding=0)
        else:
            self.plot.setRange(xRange=(low, high), yRange=(0, top * room), padding=0)

    def show_message(self, text: str) -> None:
        """A word in the empty plot (computing…, nothing to show)."""
        self.set_bars([], [], [])
        self._extent = None
        self.message.setText(text)
        self.plot.addItem(self.message)
        self.plot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
        self.message.setPos(0.5, 0.5)

    def message_text(self) -> str:
        """The word the plot shows instead of bars ("" when it shows bars)."""
        return str(self.message.toPlainText()) if self.message.scene() is not None else ""

    def set_labels(self, axis: str, text: str, short: str = "") -> None:
        """Title an axis; ``short`` stands in when ``text`` is longer than the axis (a narrow
        dock cut "Share of shortest chains passing through (%)" off mid-word)."""
        self.axis_titles[axis] = text
        if short:
            self.short_titles[axis] = short
        self._show_title(axis)

    def _show_title(self, axis: str, again: bool = False) -> None:
        text = self.axis_titles[axis]
        short = self.short_titles.get(axis)
        if short:
            length = self.plot.vb.width() if axis == "bottom" else self.plot.vb.height()
            if QFontMetrics(self.font).horizontalAdvance(text) > length:
                text = short
        if again or self.shown_titles.get(axis) != text:
            self.shown_titles[axis] = text
            self.plot.setLabel(axis, text, color=self.text_color.name())
            self.plot.getAxis(axis).label.setFont(self.font)

    def highlight(self, indexes: set[int]) -> None:
        """Outline the bars holding what is selected on the map."""
        if indexes != self.highlighted:
            self.highlighted = indexes
            self._paint_bars()

    def _paint_bars(self) -> None:
        if not self.colors:  # pyqtgraph cannot take empty lists of pens
            self.bars.setOpts(pens=None, brushes=None, pen=None, brush=None)
            return
        pens = []
        brushes = []
        for index, (fill, outline) in enumerate(self.colors):
            if index in self.highlighted:
                pens.append(self.pg.mkPen(self.accent, width=3))
                brushes.append(self.pg.mkBrush(fill.darker(115)))
            else:
                pens.append(self.pg.mkPen(outline, width=1))
                brushes.append(self.pg.mkBrush(fill))
        self.bars.setOpts(pens=pens, brushes=brushes)

    # --- clicks ---------------------------------------------------------------------------------

    def bar_centre(self, index: int) -> QPoint:
        """Where bar ``index`` is drawn, in the plot widget's pixels (for tests and tooltips)."""
        low, high = self.spans[index]
        middle = (low + high) / 2
        value = float(self.bars.opts["width" if self.horizontal else "height"][index])
        point = QPointF(value / 2, middle) if self.horizontal else QPointF(middle, value / 2)
        scene_point = self.plot.vb.mapViewToScene(point)
        return self.widget.mapFromScene(scene_point)

    def index_at(self, view_point: QPointF) -> int | None:
        position = view_point.y() if self.horizontal else view_point.x()
        gap = (1 - BAR) / 2  # the space between two bars belongs to the nearer one
        for index, (low, high) in enumerate(self.spans):
            if low - gap <= position <= high + gap:
                return index
        return None

    def _on_click(self, event: Any) -> None:  # a pyqtgraph MouseClickEvent
        if event.button() != Qt.MouseButton.LeftButton:
            return
        vb = self.plot.vb
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        index = self.index_at(vb.mapSceneToView(event.scenePos()))
        if index is not None:
            event.accept()
            self.on_click(index)


class StatsPanel(QWidget):
    """Three charts side by side; built only when the dock is first shown."""

    def __init__(self, dock: StatsDock) -> None:
        super().__init__(dock)
        import pyqtgraph as pg  # noqa: PLC0415 - only when statistics are first shown

        self.dock = dock
        theme = dock.workspace.theme
        self.kinds = BarChart(pg, True, dock.select_kind, theme)
        self.degrees = BarChart(pg, False, dock.select_degree_bin, theme)
        self.hubs = BarChart(pg, True, dock.select_hub, theme)
        self.degrees.set_labels("bottom", "Links per concept (degree)")
        self.degrees.set_labels("left", "Concepts")
        self.hubs.set_labels(
            "bottom", "Share of shortest chains passing through (%)", "Chains through it (%)"
        )
        self.hub_note = QLabel()
        self.scope = QLabel()  # which concepts the figures describe: the filters decide
        self.scope.setTextFormat(Qt.TextFormat.PlainText)
        self.cancel = QPushButton("Cancel")
        self.cancel.setToolTip("Stop computing the hubs (betweenness); the other charts stay")
        self.cancel.hide()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 2, 6, 6)
        outer.setSpacing(2)
        outer.addWidget(self.scope)
        layout = QHBoxLayout()
        layout.setSpacing(14)
        outer.addLayout(layout, 1)
        for chart, title, caption, stretch in (
            (self.kinds, "Concepts per kind", "Click a bar to select that kind's concepts.", 10),
            (
                self.degrees,
                "How linked the concepts are",
                "Click a bar to select the concepts with that many links.",
                10,
            ),
            (
                self.hubs,
                f"Hubs: the {HUB_COUNT} concepts most chains pass through",
                "The ones a lecturer should explain first. Click one to go there.",
                13,
            ),
        ):
            layout.addLayout(self._column(chart, title, caption), stretch)

    def charts(self) -> tuple[BarChart, BarChart, BarChart]:
        return self.kinds, self.degrees, self.hubs

    def _column(self, chart: BarChart, title: str, caption: str) -> QVBoxLayout:
        heading = QLabel(title)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        note = QLabel(caption)
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        column = QVBoxLayout()
        column.setSpacing(2)
        if chart is self.hubs:
            row = QHBoxLayout()
            row.addWidget(heading, 1)
            row.addWidget(self.cancel)
            column.addLayout(row)
        else:
            column.addWidget(heading)
        column.addWidget(note)
        column.addWidget(chart.widget, 1)
        if chart is self.hubs:
            self.hub_caption = note
        return column


class HubJob:
    """Betweenness of one network on a worker thread; ``stop`` ends it before the next source
    concept (another map, another filter, the dock hidden, the Cancel button)."""

    def __init__(self, net: Network) -> None:
        self.net = net
        self.samples = sample_count(len(net.ids), net.links)
        self.stop = threading.Event()
        self.finished = threading.Event()
        self.done = 0
        self.total = 1
        self.scores: dict[str, float] | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="hubs", daemon=True)

    def _run(self) -> None:
        try:
            self.scores = betweenness(self.net, self.samples, self.stop.is_set, self._progress)
        except CancelledError:
            pass
        except Exception as error:  # handed to the GUI thread, which re-raises it
            self.error = error
        finally:
            self.finished.set()

    def _progress(self, done: int, total: int) -> None:
        self.done, self.total = done, max(total, 1)


class StatsDock(QDockWidget):
    """The Statistics dock; computes nothing until it is shown, and only while it is shown. It
    describes the concepts the filters show (the Legend's kinds, the focus, the source filter),
    follows the map and scene ``workspace`` holds, and starts over when another map is opened."""

    computed = Signal()  # every chart shows the current map (betweenness included)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Statistics", parent)
        self.setObjectName("StatisticsDock")
        raise_when_opened(self)
        self.workspace = workspace
        self.panel: StatsPanel | None = None
        self.placeholder = QLabel("Statistics are computed when this dock is shown.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.setWidget(self.placeholder)
        self._stale = True
        self._job: HubJob | None = None
        self._hubs_for: tuple[Network, dict[str, float], int | None] | None = None
        self._hub_ids: list[str] = []
        self._kind_ids: list[str] = []
        self._degree_bins: list[tuple[int, int]] = []
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._poll = QTimer(self)
        self._poll.setInterval(40)
        self._poll.timeout.connect(self._check_hubs)
        self._selection_timer = QTimer(self)
        self._selection_timer.setSingleShot(True)
        self._selection_timer.setInterval(0)
        self._selection_timer.timeout.connect(self.follow_selection)
        # A bar's click leaves the keyboard on its chart, where Escape did nothing: the concepts
        # it selected stayed selected. Escape in the dock clears the map's selection, as in the map.
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.clear_selection)
        self.visibilityChanged.connect(self._on_visibility)
        workspace.scene_replaced.connect(self._follow_scene)
        workspace.document_replaced.connect(self.set_document)
        workspace.theme_changed.connect(self._on_theme)
        self.set_document(workspace.document)
        self._follow_scene(workspace.scene)

    def sizeHint(self) -> QSize:
        return QSize(1000, 340)

    # --- following the map ----------------------------------------------------------------------

    def _follow_scene(self, scene: MapScene) -> None:
        """Another map or theme: outline what is selected in the new scene, in its colours, and
        describe what its filters show."""
        scene.selectionChanged.connect(self._selection_timer.start)
        scene.visibility_changed.connect(self._map_changed)
        self._map_changed()

    def set_document(self, document: Document) -> None:
        """Another map is open: figures start over."""
        self.document = document
        for signal in document.content_signals(moves=False):
            signal.connect(self._map_changed)
        self._hubs_for = None
        self._map_changed()

    def _map_changed(self, *_: object) -> None:
        sender = self.sender()
        if isinstance(sender, Document) and sender is not self.document:
            return  # the map that was open before
        self._stale = True
        self._cancel_job()  # describes a map that is no more: stop burning the CPU on it
        if self.panel is not None and self.isVisible():
            self._refresh_timer.start()

    def _on_visibility(self, visible: bool) -> None:
        if not visible:
            if self._job is not None:  # computed again when shown
                self._cancel_job()
                self._stale = True
            self._refresh_timer.stop()
            return
        if self.panel is None:
            main = self.parentWidget()
            if not self.isFloating() and isinstance(main, QMainWindow):
                # room for fifteen readable hub names
                main.resizeDocks([self], [FIRST_HEIGHT], Qt.Orientation.Vertical)
            # Let the dock appear first: loading pyqtgraph takes a moment on a cold start.
            self.placeholder.setText("Computing statistics…")
            QTimer.singleShot(0, self._build)
        elif self._stale:
            self.refresh()

    def _build(self) -> None:
        if self.panel is None and isValid(self):
            self.panel = StatsPanel(self)
            self.setWidget(self.panel)
            self.panel.cancel.clicked.connect(self._cancel_or_restart)
            self.refresh()

    def _on_theme(self, theme: Theme) -> None:
        """The plots take the theme's canvas and text colours (pyqtgraph keeps its own)."""
        if self.panel is not None:
            for chart in self.panel.charts():
                chart.set_theme(theme)
            self._stale = True
            if self.isVisible():
                self.refresh()

    # --- computing ------------------------------------------------------------------------------

    def shown_ids(self) -> list[str] | None:
        """The concepts the filters show; None when nothing is filtered out."""
        items = self.workspace.scene.node_items
        if all(item.shown for item in items.values()):
            return None
        return [node_id for node_id, item in items.items() if item.shown]

    def refresh(self) -> None:
        """Recompute and redraw the kinds and degrees now; the hubs on the worker thread."""
        panel = self.panel
        if panel is None:
            return
        self._stale = False
        self._refresh_timer.stop()
        self._cancel_job()
        shown = self.shown_ids()
        net = network(self.document.cmap, shown)
        total = len(self.document.cmap.nodes)
        panel.scope.setText(
            f"All {total:,} concepts of the map."
            if shown is None
            else f"The {len(net.ids):,} of {total:,} concepts the filters show (kinds ticked in "
            "the Legend, focus, source)."
        )
        self._draw_kinds(panel, net)
        self._draw_degrees(panel, net)
        cached = self._hubs_for
        if cached is not None and cached[0] == net:  # same links (a rename, a move, a theme)
            self._draw_hubs(panel, net, cached[1], cached[2])
        elif len(net.ids) < 3:
            self._hub_ids = []
            panel.hubs.show_message("Too few concepts shown")
            panel.cancel.hide()
            self.computed.emit()
        else:
            self._start_job(net)
        self.follow_selection()

    def _start_job(self, net: Network) -> None:
        panel = self.panel
        assert panel is not None
        job = HubJob(net)
        self._job = job
        self.destroyed.connect(job.stop.set)  # a closing window stops the thread too
        panel.hubs.show_message("Computing…")
        panel.cancel.setText("Cancel")
        panel.cancel.show()
        job.thread.start()
        self._poll.start()

    def _cancel_job(self) -> None:
        job = self._job
        if job is not None:
            job.stop.set()
            self._job = None
        self._poll.stop()

    def _cancel_or_restart(self) -> None:
        """The button beside the hubs: Cancel while computing, Compute after a cancel."""
        panel = self.panel
        if panel is None:
            return
        if self._job is not None:
            self._cancel_job()
            self._hub_ids = []
            panel.hubs.show_message("Cancelled")
            panel.cancel.setText("Compute")
            self.workspace.show_message("Hubs not computed: cancelled", 4000)
        else:
            self.refresh()

    def _check_hubs(self) -> None:
        job = self._job
        panel = self.panel
        if job is None or panel is None:
            self._poll.stop()
            return
        if not job.finished.is_set():
            text = f"Computing… {int(100 * job.done / job.total)} %"
            if panel.hubs.message_text() != text:
                panel.hubs.show_message(text)
            return
        self._poll.stop()
        self._job = None
        if job.error is not None:
            raise job.error
        if job.scores is None:
            return  # cancelled
        self._hubs_for = (job.net, job.scores, job.samples)
        self._draw_hubs(panel, job.net, job.scores, job.samples)
        self.follow_selection()

    def is_computing(self) -> bool:
        return self._job is not None

    # --- drawing --------------------------------------------------------------------------------

    def _colors(self, kind_id: str) -> tuple[QColor, QColor]:
        style = self.workspace.scene.style_for(kind_id)
        return style.color, style.border

    def _draw_kinds(self, panel: StatsPanel, net: Network) -> None:
        counts = dict.fromkeys(kind_counts(self.document.cmap), 0)  # every kind, in file order
        members: dict[str, list[str]] = {k: [] for k in counts}
        kinds = self.document.nodes
        for node_id in net.ids:
            kind = kinds[node_id].kind or ""
            members.setdefault(kind, []).append(node_id)
            counts[kind] = counts.get(kind, 0) + 1
        self._kind_ids = list(counts)
        labels = [
            self.workspace.scene.style_for(k).label if k else "Concept (no kind)"
            for k in self._kind_ids
        ]
        panel.kinds.set_bars(
            [float(counts[k]) for k in self._kind_ids],
            [members[k] for k in self._kind_ids],
            [self._colors(k) for k in self._kind_ids],
            labels=labels,
            value_texts=[f" {counts[k]}" for k in self._kind_ids],
        )
        panel.kinds.plot.hideAxis("bottom")

    def _draw_degrees(self, panel: StatsPanel, net: Network) -> None:
        if not net.ids:
            self._degree_bins = []
            panel.degrees.show_message("No concepts shown")
            return
        self._degree_bins = degree_bins(net.degrees)
        starts = [low for low, _ in self._degree_bins]
        groups: list[list[str]] = [[] for _ in self._degree_bins]
        for node_id, degree in zip(net.ids, net.degrees, strict=True):
            groups[bisect_right(starts, degree) - 1].append(node_id)
        every = max(1, math.ceil(len(self._degree_bins) / MAX_DEGREE_TICKS))
        last = len(self._degree_bins) - 1
        # The last bin is always named (the best-linked concept's degree); a regular tick
        # closer to it than the others are to each other would print over it ("2728").
        labels = [
            bin_label(low, high, last=index == last)
            if index == last or (index % every == 0 and last - index >= every)
            else ""
            for index, (low, high) in enumerate(self._degree_bins)
        ]
        base = QColor("#7A8A99")
        panel.degrees.set_bars(
            [float(len(g)) for g in groups],
            groups,
            [(base, base.darker(125))] * len(groups),
            labels=labels,
        )

    def _draw_hubs(
        self, panel: StatsPanel, net: Network, scores: dict[str, float], samples: int | None
    ) -> None:
        ranked_hubs = ranked(scores, HUB_COUNT)
        self._hub_ids = [node_id for node_id, _ in ranked_hubs]
        nodes = self.document.nodes
        panel.hubs.set_bars(
            [100 * score for _, score in ranked_hubs],
            [[node_id] for node_id in self._hub_ids],
            [self._colors(nodes[n].kind or "") for n in self._hub_ids],
            labels=[nodes[n].label for n in self._hub_ids],
        )
        panel.cancel.hide()
        how = ""
        if samples is not None:
            how = f"Estimated from {samples} sampled concepts of {len(net.ids):,} (fixed seed). "
        panel.hub_caption.setText(
            how + "The ones a lecturer should explain first. Click one to go there."
        )
        self.computed.emit()

    # --- map selection <-> bars -----------------------------------------------------------------

    def selected_nodes(self) -> set[str]:
        return {i.node_id for i in self.workspace.scene.selectedItems() if isinstance(i, NodeItem)}

    def follow_selection(self) -> None:
        """Outline every bar that holds a concept selected on the map."""
        if self.panel is None:
            return
        selected = self.selected_nodes()
        for chart in self.panel.charts():
            chart.highlight({i for i, group in enumerate(chart.group_sets) if selected & group})

    def clear_selection(self) -> None:
        self.workspace.scene.clearSelection()

    def _select(self, node_ids: list[str], what: str) -> None:
        scene = self.workspace.scene
        shown = [n for n in node_ids if n in scene.node_items and scene.node_items[n].shown]
        if len(shown) == 1:
            self.workspace.go_to("node", shown[0])
        else:
            big = len(scene.node_items) >= OVERVIEW_MIN_NODES
            if shown and big:
                # A big map below the readable zoom is drawn as an overview whose concept items
                # are hidden, and Qt cannot select hidden items: frame them at a zoom where they
                # are drawn first, then select.
                view = self.workspace.view
                centre, scale = view.fit_rect_camera(scene.map_bounds(shown))
                view.fly_to(centre, max(scale, scene.overview_threshold() * 1.05), animate=False)
            scene.select_many(shown)
            if shown and not big:
                self.workspace.view.fly_to_rect(scene.map_bounds(shown))
        hidden = len(node_ids) - len(shown)
        message = f"{len(shown)} {what} selected"
        if hidden:
            message += f" ({hidden} hidden by a filter)"
        self.workspace.show_message(message, 5000)

    def select_kind(self, index: int) -> None:
        if self.panel is None:
            return
        kind_id = self._kind_ids[index]
        label = self.workspace.scene.style_for(kind_id).label if kind_id else "kind-less"
        self._select(self.panel.kinds.groups[index], f"{label} concepts")

    def select_degree_bin(self, index: int) -> None:
        if self.panel is None or not self.panel.degrees.groups[index]:
            return  # an empty slot: nothing to select
        low, high = self._degree_bins[index]
        links = f"{low}" if low == high else f"{low}–{high}"
        self._select(self.panel.degrees.groups[index], f"concepts with {links} links")

    def select_hub(self, index: int) -> None:
        self.workspace.go_to("node", self._hub_ids[index])
