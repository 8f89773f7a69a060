"""Find Path: how are two concepts connected? The shortest chains of links, on the map and read out.

Choose two concepts (typing a label or an alias, as in the main search); the shortest chains that
join them, following links either way, are listed. The chain being read is lit on the map (the
dim filter "path" fades everything else, and its concepts and links are selected) and read out as
the propositions it is made of, each with the quotes that support it. Selecting anything off the
chain, or nothing, puts the chain out (the list keeps it: a click on its row lights it again).
The page is built with QTextCursor.insertText only, so text from a map file is never read as HTML.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPen,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFormLayout,
    QGraphicsItem,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStyleOptionGraphicsItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mapviewer.document import Document
from mapviewer.graph import Chain, GraphCache, MapGraph, cache_for
from mapviewer.model import Edge, Quote
from mapviewer.scene.mapscene import MapScene
from mapviewer.ui.actions import make_action
from mapviewer.ui.details.textpage import (
    ReadingPage,
    begin_quote_card,
    insert_proposition,
    link_href,
    plain_label,
)
from mapviewer.ui.navigation.searchfield import SearchField
from mapviewer.ui.workspace import Workspace

OpenQuote = Callable[[str, str, int], object]  # owner kind, owner id, quote index

MAX_CHAINS = 5
FILTER = "path"


class ChainOverlay(QGraphicsItem):
    """The chain drawn over a big map's batched overview, where concept and link items are
    hidden (so neither dimming nor selection shows); at readable zooms it draws nothing."""

    def __init__(self, accent: QColor) -> None:
        super().__init__()
        self.accent = accent
        self.points: list[QPointF] = []
        self.boxes: list[QRectF] = []
        self._bounds = QRectF()
        self.setZValue(50)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_chain(self, points: list[QPointF], boxes: list[QRectF]) -> None:
        self.prepareGeometryChange()
        self.points = points
        self.boxes = boxes
        bounds = QRectF()
        for box in boxes:
            bounds = bounds.united(box)
        self._bounds = bounds.adjusted(-40, -40, 40, 40)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never under the mouse

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        scene = self.scene()
        if not self.points or not getattr(scene, "overview_mode", False):
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(self.accent, 3.0)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawPolyline(self.points)
        painter.setBrush(self.accent)
        for box in self.boxes:
            painter.drawRect(box)


def selection_within(scene: MapScene, chain: tuple[set[str], set[str]]) -> bool:
    """Something is selected, and all of it is among ``chain``'s concepts and links."""
    nodes, edges = chain
    selected = scene.selectedItems()
    return bool(selected) and all(
        getattr(i, "node_id", None) in nodes or getattr(i, "edge_id", None) in edges
        for i in selected
    )


class ConceptField(SearchField):
    """A search field that remembers which concept was picked; typing again forgets it."""

    chosen = Signal(str)
    clears_on_escape = False

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setAccessibleName(placeholder)
        self.setMinimumWidth(160)
        self.setMaximumWidth(16777215)
        self.node_id = ""
        self.found.connect(self._on_found)
        self.textEdited.connect(self._forget)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape hands the keys back to the map and keeps the words (the path they name
        stays lit): it did nothing here, the keys stuck in the field until the mouse came."""
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            event.accept()
            self.dismissed.emit()
            return
        super().keyPressEvent(event)

    def _forget(self, *_: object) -> None:
        self.node_id = ""

    def _on_found(self, node_id: str) -> None:
        if self._cmap is None:
            return
        label = next((n.label for n in self._cmap.nodes if n.id == node_id), node_id)
        self.choose(node_id, label)

    def choose(self, node_id: str, label: str) -> None:
        self.node_id = node_id
        self.setText(label)
        self.setCursorPosition(0)
        self.chosen.emit(node_id)

    def resolve(self) -> str | None:
        """The concept picked, or the best match for what is typed, or ""; None while only
        the map's index, being built, can tell (``index_ready`` follows)."""
        if self.node_id:
            return self.node_id
        return self.best_match()


class ChainView(ReadingPage):
    """A chain read out as propositions with their quotes; concepts and sources are links."""

    margin = 10.0
    block_bottom = 2.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Chain of propositions")

    def show_message(self, heading: str, text: str) -> None:
        cursor = self._new_page()
        self._text(cursor, heading, bold=True, scale=1.15)
        self._block(cursor)
        self._text(cursor, text, muted=True)

    def show_chain(self, document: Document, heading: str, note: str, chain: list[Edge]) -> None:
        cursor = self._new_page()
        self._text(cursor, heading, bold=True, scale=1.15)
        if note:
            self._block(cursor, top=2)
            self._text(cursor, note, muted=True)
        for number, edge in enumerate(chain, 1):
            self._block(cursor, top=14)
            self._text(cursor, f"{number}.  ", muted=True)
            self._proposition(cursor, document, edge)
            if edge.quotes:
                for index, quote in enumerate(edge.quotes):
                    self._quote(cursor, document, edge.id, index, quote)
            else:
                self._block(cursor, top=2)
                self._text(cursor, "No quotation supports this link yet.", muted=True)
        self._finish(cursor)

    # --- building blocks ------------------------------------------------------------------------

    def _proposition(self, cursor: QTextCursor, document: Document, edge: Edge) -> None:
        """'PD-1 — switches off → T-cell activation' in the link's own direction."""
        insert_proposition(cursor, self, document, edge, link_href)

    def _quote(
        self, cursor: QTextCursor, document: Document, edge_id: str, index: int, quote: Quote
    ) -> None:
        begin_quote_card(cursor, self, quote.text, indent=14, top=4, padding=7)
        source = document.sources.get(quote.source)
        cursor.insertBlock()
        self._text(cursor, "— ", muted=True)
        self._text(
            cursor,
            source.title if source else quote.source,
            href=link_href("quote", edge_id, f"edge:{index}"),
        )
        cursor.movePosition(QTextCursor.MoveOperation.End)


class PathFinder(QWidget):
    """Two concept fields, the chains found between them, and the chain being read.

    It reads the open map and its scene from ``workspace`` when it acts, and starts over when
    another map is opened; ``open_quote`` shows a quote's source (the window's reader)."""

    def __init__(
        self, workspace: Workspace, open_quote: OpenQuote, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setAccessibleName("Find a path between two concepts")
        self.source = ""
        self.target = ""
        self.chains: list[Chain] = []
        self.total = 0
        self.current = -1
        self._cache: GraphCache | None = None
        self._version = -1  # the graph version the chains were found in
        self._overlay: ChainOverlay | None = None
        self.lit = False  # the chain being read is lit on the map (see _selection_changed)
        self._selecting = False  # selecting the chain itself
        self._watched: MapScene | None = None  # the scene whose selection can put it out
        self.from_field = ConceptField("From concept…")
        self.to_field = ConceptField("To concept…")
        for field in (self.from_field, self.to_field):
            field.dismissed.connect(
                lambda: self.workspace.view.setFocus(Qt.FocusReason.OtherFocusReason)
            )
        self.swap_button = QToolButton()
        self.swap_button.setText("⇅")
        self.swap_button.setToolTip("Swap the two concepts")
        self.swap_button.setAccessibleName("Swap the two concepts")
        self.find_button = QPushButton("Find Path")
        self.find_button.setDefault(True)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Forget the path and light the whole map again")
        self.counter = plain_label(wrap=False)
        self.previous_button = QToolButton()
        self.previous_button.setText("◀")
        self.previous_button.setToolTip("Previous chain")
        self.previous_button.setAccessibleName("Previous chain")
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.setToolTip("Next chain")
        self.next_button.setAccessibleName("Next chain")
        self.chain_list = QListWidget()
        self.chain_list.setAccessibleName("Shortest chains")
        self.chain_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.chain_list.setUniformItemSizes(True)
        self.chain_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chain_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.view = ChainView()
        self._lay_out()
        self._finding = False  # Find Path waits for the index to make out a name
        for field in (self.from_field, self.to_field):
            field.index_ready.connect(self._on_index_ready)
            field.textEdited.connect(self._forget_finding)
        self.from_field.chosen.connect(lambda _id: self._after_choosing(self.from_field))
        self.to_field.chosen.connect(lambda _id: self._after_choosing(self.to_field))
        self.swap_button.clicked.connect(self.swap)
        self.find_button.clicked.connect(self.find_path)
        self.clear_button.clicked.connect(self.clear)
        self.previous_button.clicked.connect(lambda: self.show_chain(self.current - 1))
        self.next_button.clicked.connect(lambda: self.show_chain(self.current + 1))
        self.chain_list.currentRowChanged.connect(self._on_row)
        self.chain_list.itemClicked.connect(self._on_row_clicked)
        self.view.navigate.connect(self._navigate)
        self.view.open_quote.connect(open_quote)
        workspace.document_replaced.connect(self.set_document)
        workspace.theme_changed.connect(self._on_theme_changed)
        self.set_document(workspace.document)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("From", self.from_field)
        to_row = QHBoxLayout()
        to_row.addWidget(self.to_field, 1)
        to_row.addWidget(self.swap_button)
        form.addRow("To", to_row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.find_button)
        stepper = QHBoxLayout()
        stepper.addWidget(self.counter, 1)
        stepper.addWidget(self.previous_button)
        stepper.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addLayout(stepper)
        layout.addWidget(self.chain_list)
        layout.addWidget(self.view, 1)
        self._show_steps(False)

    def _show_steps(self, visible: bool) -> None:
        for widget in (self.counter, self.previous_button, self.next_button, self.chain_list):
            widget.setVisible(visible)

    # --- the open map ---------------------------------------------------------------------------

    def set_document(self, document: Document) -> None:
        """Another map is open: forget the chains and search its concepts."""
        self.document = document
        self._watch(self.workspace.scene)
        self._cache = None
        for field in (self.from_field, self.to_field):
            field.set_map(document.cmap)
            field.clear()
            field.node_id = ""
        for signal in document.content_signals(moves=True):
            signal.connect(self._map_changed)
        self._reset_result()
        self.view.show_message(
            "How are two concepts connected?",
            "Choose two concepts by name or alias — for example PD-1 and T-cell exhaustion — "
            "and press Find Path. The shortest chains of links between them light up on the map "
            "and read here as sentences, each with what the sources say.",
        )

    def _on_theme_changed(self, _theme: object) -> None:
        """The new theme came with a new scene: light the path being read in it again."""
        self._watch(self.workspace.scene)  # once the new scene has its selection back
        if self.isVisible() and self.chains and self.lit:
            self.show_chain(self.current, quiet=True)

    def _watch(self, scene: MapScene) -> None:
        if scene is not self._watched:
            self._watched = scene
            scene.selectionChanged.connect(self._selection_changed)

    def _selection_changed(self) -> None:
        """The chain stays lit while what is selected lies on it (reading along it, clicking
        its concepts); selecting anything else, or nothing, puts it out, so the new selection
        is never drawn faded under the chain's dimming."""
        scene = self._watched
        if not self.lit or self._selecting or scene is None or not isValid(scene):
            return
        chain = self.chains[self.current] if 0 <= self.current < len(self.chains) else []
        lit = (set(self.chain_nodes()), {step.edge_id for step in chain})
        if not selection_within(scene, lit):
            self.put_out()

    def put_out(self) -> None:
        """The map lit whole again; the chains stay listed and read out."""
        self.lit = False
        self.workspace.scene.clear_dim_filter(FILTER)
        if self._overlay is not None and isValid(self._overlay):
            self._overlay.set_chain([], [])

    def cache(self) -> GraphCache:
        if self._cache is None:
            self._cache = cache_for(self.document)
        return self._cache

    def _map_changed(self, *_: object) -> None:
        if self.sender() is not None and self.sender() is not self.document:
            return  # a signal from a map that is no longer open
        for field in (self.from_field, self.to_field):
            field.set_map(self.document.cmap)
        if self.chains:
            QTimer.singleShot(0, self._refresh_after_edit)

    def _refresh_after_edit(self) -> None:
        """Labels may have changed (read the chain again); so may the chains (search again)."""
        if not self.chains:
            return
        ends_exist = self.source in self.document.nodes and self.target in self.document.nodes
        if not ends_exist:
            self.clear()
            return
        if self.cache().version != self._version:
            self._search(self.source, self.target, quiet=True)
        else:
            self.show_chain(self.current, quiet=True)

    # --- searching ------------------------------------------------------------------------------

    def _after_choosing(self, field: ConceptField) -> None:
        """A concept chosen (Enter, or a suggestion clicked): the search starts when the other
        field names one too, picked or only typed (Enter in To, with "keytruda" typed in From,
        did nothing until Find Path was clicked); else the cursor goes there."""
        other = self.to_field if field is self.from_field else self.from_field
        if other.node_id or other.text().strip():
            self.find_path()
        elif field is self.from_field:
            other.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_index_ready(self) -> None:
        if self._finding:
            self.find_path()  # waits again if the other field's name still needs it

    def _forget_finding(self, *_: object) -> None:
        self._finding = False  # new words: Find Path is pressed again for them

    def swap(self) -> None:
        a_id, a_text = self.from_field.node_id, self.from_field.text()
        self.from_field.setText(self.to_field.text())
        self.from_field.node_id = self.to_field.node_id
        self.to_field.setText(a_text)
        self.to_field.node_id = a_id
        if self.chains:
            self.find_path()

    def set_ends(self, source: str, target: str) -> None:
        """Put two concepts in the fields (by id) without searching."""
        for field, node_id in ((self.from_field, source), (self.to_field, target)):
            node = self.document.nodes.get(node_id)
            if node is not None:
                field.node_id = node_id
                field.setText(node.label)
                field.setCursorPosition(0)

    def find_path(self) -> None:
        """Find the shortest chains between the two concepts in the fields; a name only the
        index can make out (a big map's, being built) is looked up once it arrives."""
        source, target = self.from_field.resolve(), self.to_field.resolve()
        self._finding = source is None or target is None
        if source is None or target is None:
            self._reset_result()
            self.view.show_message(
                "Indexing…", "Looking the names up: the map's index is being built."
            )
            return
        for field, node_id in ((self.from_field, source), (self.to_field, target)):
            if node_id:
                field.node_id = node_id
                field.setText(self.document.nodes[node_id].label)
                field.setCursorPosition(0)
        if not source or not target:
            missing = self.from_field if not source else self.to_field
            what = missing.text().strip()
            self._reset_result()
            self.view.show_message(
                "Which concept?",
                f"No concept matches “{what}”." if what else "Choose a concept in both fields.",
            )
            missing.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._search(source, target)

    def _search(self, source: str, target: str, quiet: bool = False) -> None:
        self.source, self.target = source, target
        graph = self.cache().graph
        self._version = graph.version
        label_a = self.document.nodes[source].label
        label_b = self.document.nodes[target].label
        if source == target:
            self._reset_result()
            self.view.show_message("The same concept twice", "Choose two different concepts.")
            return
        self.chains = graph.shortest_chains(source, target, limit=MAX_CHAINS)
        self.total = graph.count_shortest_chains(source, target)
        if not self.chains:
            self._reset_result()
            self.view.show_message(
                "No path",
                f"No chain of links joins {label_a} and {label_b}: "
                "they lie in separate parts of the map.",
            )
            self.workspace.show_message(f"No path from {label_a} to {label_b}", 5000)
            return
        self._fill_list(graph)
        keep = self.current if quiet and 0 <= self.current < len(self.chains) else 0
        self.show_chain(keep, quiet=quiet)

    def _fill_list(self, graph: MapGraph) -> None:
        nodes = self.document.nodes
        self.chain_list.blockSignals(True)
        self.chain_list.clear()
        for number, chain in enumerate(self.chains, 1):
            # the ends are in the fields above: a row names what lies between them
            between = [nodes[n].label for n in graph.chain_nodes(self.source, chain)[1:-1]]
            if between:
                text = "via " + " → ".join(between)
            else:
                text = f"directly: {self.document.edges[chain[0].edge_id].label or 'linked'}"
            self.chain_list.addItem(QListWidgetItem(f"{number}.  {text}"))
        self.chain_list.blockSignals(False)
        rows = min(len(self.chains), MAX_CHAINS)
        height = rows * self.chain_list.sizeHintForRow(0)
        self.chain_list.setFixedHeight(height + 2 * self.chain_list.frameWidth() + 2)
        self._show_steps(True)

    def _reset_result(self) -> None:
        self.chains = []
        self.total = 0
        self.current = -1
        self.chain_list.clear()
        self._show_steps(False)
        self.put_out()

    def clear(self) -> None:
        """Forget the path: the whole map lights up again."""
        had_chain = bool(self.chains)
        self._reset_result()
        if had_chain:
            self.workspace.scene.clearSelection()
        self.view.show_message(
            "How are two concepts connected?", "Choose two concepts and press Find Path."
        )

    # --- reading a chain ------------------------------------------------------------------------

    def _on_row(self, row: int) -> None:
        if 0 <= row < len(self.chains) and row != self.current:
            self.show_chain(row)

    def _on_row_clicked(self, item: QListWidgetItem) -> None:
        """A click on the chain being read lights it again after another selection put it out."""
        row = self.chain_list.row(item)
        if row == self.current and not self.lit:
            self.show_chain(row)

    def overlay(self) -> ChainOverlay:
        """The chain's overview drawing, in the current scene (a new map brings a new scene)."""
        scene = self.workspace.scene
        overlay = self._overlay
        if overlay is None or not isValid(overlay) or overlay.scene() is not scene:
            overlay = ChainOverlay(scene.theme.accent)
            scene.addItem(overlay)
            self._overlay = overlay
        return overlay

    def chain_nodes(self) -> list[str]:
        if not 0 <= self.current < len(self.chains):
            return []
        return self.cache().graph.chain_nodes(self.source, self.chains[self.current])

    def show_chain(self, index: int, quiet: bool = False) -> None:
        """Light chain ``index`` on the map, select it, frame it, and read it out. ``quiet``
        (after an edit) leaves the camera alone, lights the chain only if it was lit, and
        selects it only if the chain before it was the selection."""
        if not self.chains:
            return
        index = max(0, min(index, len(self.chains) - 1))
        scene = self.workspace.scene
        light = not quiet or self.lit
        # After an edit the chain may have changed: the chain lit before it is in the filter.
        before = scene.dim_filter(FILTER)
        reselect = not quiet or (light and before is not None and selection_within(scene, before))
        self.current = index
        chain = self.chains[index]
        nodes = self.chain_nodes()
        edges = [step.edge_id for step in chain]
        if light:
            self.lit = True
            scene.set_dim_filter(FILTER, set(nodes), set(edges))
            items = [scene.node_items[n] for n in nodes if n in scene.node_items]
            self.overlay().set_chain(
                [QPointF(i.cx, i.cy) for i in items],
                [i.scene_box() for i in items],
            )
        if reselect:
            self._select(nodes, edges)
        if not quiet:
            self.workspace.view.fly_to_rect(scene.map_bounds(nodes).adjusted(-60, -60, 60, 60))
        self.chain_list.blockSignals(True)
        self.chain_list.setCurrentRow(index)
        self.chain_list.blockSignals(False)
        count = len(self.chains)
        self.counter.setText(f"Chain {index + 1} of {count}")
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < count - 1)
        doc = self.document
        links = len(chain)
        note = f"{links} link{'s' * (links != 1)} from {doc.nodes[self.source].label} to "
        note += f"{doc.nodes[self.target].label}"
        if self.total > count:
            note += f" · showing {count} of {self.total} equally short chains"
        self.view.show_chain(
            doc, f"Chain {index + 1} of {count}", note, [doc.edges[s.edge_id] for s in chain]
        )

    def _select(self, nodes: list[str], edges: list[str]) -> None:
        """Select the chain as one change: nothing becomes 'current' along the way (and the
        selection cleared on the way does not put the chain out)."""
        self._selecting = True
        try:
            self.workspace.scene.select_many(nodes, edges)
        finally:
            self._selecting = False

    def _navigate(self, kind: str, ident: str) -> None:
        self.workspace.go_to(kind, ident)


class PathFinderDock(QDockWidget):
    """The Find Path dock, and the View menu's "Find Path…" action that opens it (its shortcut
    works anywhere in ``parent``, the main window)."""

    def __init__(
        self, workspace: Workspace, open_quote: OpenQuote, parent: QWidget | None = None
    ) -> None:
        super().__init__("Find Path", parent)
        self.setObjectName("PathFinderDock")
        self.workspace = workspace
        self.finder = PathFinder(workspace, open_quote, self)
        self.setWidget(self.finder)
        self.find_action = make_action(
            parent or self,
            "Find &Path…",
            self.start,
            ["Ctrl+Shift+P"],
            "Show how two concepts are connected: the shortest chains of links between them",
        )
        self._sized = False
        self.visibilityChanged.connect(self._on_visibility)

    def _take_room(self) -> None:
        """First opened under another dock (Details): take most of the height, the chain is
        long."""
        main = self.parentWidget()
        if self.isFloating() or not isinstance(main, QMainWindow):
            return
        area = main.dockWidgetArea(self)
        above = [
            dock
            for dock in main.findChildren(QDockWidget)
            if dock is not self
            and dock.isVisible()
            and not dock.isFloating()
            and main.dockWidgetArea(dock) == area
        ]
        if not above:
            return
        height = sum(dock.height() for dock in above) + self.height()
        share = int(height * 0.38) // len(above)
        main.resizeDocks(
            [*above, self], [share] * len(above) + [int(height * 0.62)], Qt.Orientation.Vertical
        )

    def sizeHint(self) -> QSize:
        return QSize(380, 520)

    def start(self) -> None:
        """Open the dock, starting from the selected concepts: two selected are searched at once,
        one becomes the start."""
        self.show()
        self.raise_()
        picked = self.workspace.scene.selection_order()
        if len(picked) >= 2:
            self.finder.set_ends(picked[0], picked[-1])
            self.finder.find_path()
            return
        if len(picked) == 1:
            self.finder.set_ends(picked[0], "")
            self.finder.to_field.clear()
            self.finder.to_field.node_id = ""
            self.finder.to_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.finder.from_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.finder.from_field.selectAll()

    def _on_visibility(self, visible: bool) -> None:
        if not (isValid(self.workspace) and isValid(self.workspace.scene)):
            return  # the window is being torn down
        if visible and not self._sized:
            self._sized = True
            self._take_room()
        if not visible and self.isHidden():  # closed, not merely tabbed behind another dock
            self.finder.put_out()  # the dimming and the chain's outline (it stayed drawn)
        elif visible and self.finder.chains:
            self.finder.show_chain(self.finder.current, quiet=True)
