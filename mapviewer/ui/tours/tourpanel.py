"""The Tours dock: choose, create and write tours and their steps, each change one undo step.

Every change the dock makes is one ReplaceToursCommand on the document's undo stack; typing into
a field merges into one undo step per field and step. The dock redraws from the document's
``tours_changed`` signal, so undo and redo show up in it like any other edit.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from concurrent.futures import Future

from PySide6.QtCore import QEvent, QObject, QRectF, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QResizeEvent, QShowEvent, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mapviewer import tours as tourlib
from mapviewer.commands import ReplaceToursCommand
from mapviewer.document import Document
from mapviewer.evidence import stale_steps
from mapviewer.model import Camera, Edge, Node, Quote, Tour, TourStep
from mapviewer.scene.edgeitem import EdgeItem
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.slides import (
    LABEL_EM_MIN,
    Stage,
    StageOptions,
    StepFrame,
    frame_step,
    layout_overlay,
    node_boxes,
)
from mapviewer.ui.actions import is_undo_key
from mapviewer.ui.elided import ElidedLabel
from mapviewer.ui.files.sourcewatch import watch_for
from mapviewer.ui.tours import closeups
from mapviewer.ui.workers import worker
from mapviewer.ui.workspace import Workspace

PROJECTOR = (1920.0, 1080.0)  # the screen the editor's warnings assume
WARNING = "⚠"
TOUR_BOX_CHARACTERS = 16  # the tour chooser shows this much of a title, so the dock can be narrow
LAZY_PAUSE_MS = 300  # the editing has paused when no key came for this long
CLOSE_UPS = "close-ups"  # the worker thread the hall's close-ups are laid out on
# The step's fields, each whole in the dock of a 1280x720 window (411 px high with the Legend
# and Details): lines of the focus, of the caption's source and of the caption and notes each.
FOCUS_LINES = 2
CITATION_LINES = 2
TEXT_LINES = 3
LIST_ROWS = 3  # the steps in sight at the least, the fields taking the rest of the room
# Keys the step list answers itself, as a slide sorter does, rather than the window's Edit menu:
# Delete there deleted the step's concepts from the map (the step is selected on the map).
REMOVE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
MOVE_KEYS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}  # with Ctrl: the step up or down
# The fields of a concept or link no measure of a step depends on (see TourPanel._measure_of).
UNMEASURED = {
    "description",
    "quotes",
    "aliases",
    "color",
    "text_color",
    "border_color",
    "inside_color",
}
NOTHING_SELECTED = (
    "Nothing selected: click the concepts (Ctrl+click for more) and links the step is about, "
    "then Add Step from Selection"
)


def lines_high(edit: QPlainTextEdit, lines: int) -> int:
    """The height of ``edit`` showing ``lines`` lines of its text, frame and margins round."""
    margin = round(edit.document().documentMargin())
    return edit.fontMetrics().lineSpacing() * lines + 2 * (edit.frameWidth() + margin)


# A hall's verdict on a step: how it is shown, whether as a close-up, and what it shows.
Verdict = tuple[StepFrame, bool, frozenset[str]]


class TourPanel(QWidget):
    """Choose, create, rename and delete tours; add, order and write their steps."""

    present_requested = Signal()  # "Present from This Step" was pressed
    # From the worker thread (queued to this one): a close-up laid out for the map as it was
    # at a revision, and the end of a batch of them.
    _worked_out = Signal(int, object, object, object, bool)
    _batch_done = Signal(object, int)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.setObjectName("TourPanel")
        self._updating = False
        self._stage: Stage | None = None  # the hall's geometry, made when a step is checked
        self.frames: dict[int, StepFrame] = {}  # the current tour's steps on a projector
        # ...and as presented, for those that do not read where the map has their concepts
        self.shown: dict[int, StepFrame] = {}
        self.close_ups: set[int] = set()  # the steps presented as close-ups
        # The hall's verdicts so far, by what they depend on, each with the concepts and links
        # its step shows, until an edit touches one of those: a close-up is laid out afresh for
        # each (a second on a 1k map), and a caption is typed a key at a time.
        self._verdicts: dict[Hashable, Verdict] = {}
        # Those an edit touched, still shown while they are worked out again on the worker
        # thread after a pause in the editing (_lazy_timer): renaming a hub in 4 of 12
        # close-ups laid all 4 out at each key, 1.6-2.2 s (default map spread 5x), and then
        # one an idle tick, the window frozen 0.5-0.8 s for each.
        self._old: dict[Hashable, Verdict] = {}
        self._pending: dict[int, tuple[tourlib.StepView, StepFrame, Hashable]] = {}
        self._unknown: set[int] = set()  # pending steps with no verdict yet, old or new
        # Counts the edits a verdict depends on: one laid out at an older count is dropped.
        self.revision = 0
        self._batch: Future[None] | None = None  # the close-ups being laid out
        # _split_helps's last answer: the tour, what else it depends on, and the answer.
        self._split_kept: tuple[Tour, tuple[int, int, float], bool] | None = None
        self.laid_out = 0  # close-ups the hall has laid out, for watching that they wait
        self.views: list[tourlib.StepView] = []  # ...and as resolved
        self._measured: dict[str, str | None] = {}  # _measure_of each item when last judged
        self._stale = True  # the checks above wait for the panel to be shown
        self._chosen_id = ""  # the id of the step the fields show
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(0)
        self._check_timer.timeout.connect(self._recheck)
        # One stale close-up worked out again a pause in the editing: each takes 0.5-0.8 s on
        # the default map spread 5x, so at once after a key it held up the next one typed.
        self._lazy_timer = QTimer(self)
        self._lazy_timer.setSingleShot(True)
        self._lazy_timer.setInterval(LAZY_PAUSE_MS)
        self._lazy_timer.timeout.connect(self._work_out_next)
        self._worked_out.connect(self._on_worked_out)
        self._batch_done.connect(self._on_batch_done)
        self._build()
        self._follow(workspace.document)
        workspace.document_replaced.connect(self._on_document_replaced)

    @property
    def document(self) -> Document:
        return self.workspace.document

    def _follow(self, document: Document) -> None:
        document.tours_changed.connect(self.refresh)
        # Moving a concept can make a step fit, or not: the warnings follow the map at once.
        for signal in (*document.content_signals(moves=True), document.routing_changed):
            signal.connect(self._forget)
            signal.connect(self._check_timer.start)
        # The lettering is every box's size: the measuring scenes are made again in it (the
        # previews and close-ups kept the old sizes), as the editing window's scene is.
        document.lettering_changed.connect(self._relettered)
        watch_for(document).sources_checked.connect(self.refresh)  # a quote may have gone stale
        self.refresh()

    def _forget(self, *touched: object) -> None:
        """An edit: the verdicts on the steps that show what it touched go, the others stay
        (every close-up was laid out again on each edit: 10 s a keystroke with the dock open
        on a 1k map). The signals with no ids (reset, kinds) touch every step. A close-up
        being laid out meanwhile is for the map before the edit: it is dropped when done."""
        if not touched:
            self.revision += 1
            self._old.update(self._verdicts)
            self._verdicts.clear()
            return
        what = touched[0]
        if isinstance(what, str) and self._measured.get(what) == self._measure_of(what):
            return  # its words or colours: nothing a verdict measured
        self.revision += 1
        ids = set(what) if isinstance(what, list) else {str(what)}
        for key in [k for k, (*_, shows) in self._verdicts.items() if not ids.isdisjoint(shows)]:
            self._old[key] = self._verdicts.pop(key)

    def _measure_of(self, item_id: str) -> str | None:
        """What of a concept or link the hall's verdicts measure: all but its description,
        quotes, aliases and colours. Typing a hub's description laid out again the close-up of
        every step showing it, a keystroke at a time."""
        doc = self.document
        item: Node | Edge | None = doc.nodes.get(item_id) or doc.edges.get(item_id)
        if item is None:
            return None
        return item.model_dump_json(exclude=UNMEASURED)

    def _on_document_replaced(self, document: Document) -> None:
        self._drop_stages()
        self._follow(document)

    def _drop_stages(self) -> None:
        """The measuring scene and every verdict go; made again when next asked."""
        if self._stage is not None:
            self._stage.scene.deleteLater()
        self._stage = None
        self.revision += 1
        self._verdicts.clear()
        self._old.clear()  # measured in the old lettering: not worth showing while made again

    def _relettered(self) -> None:
        self._drop_stages()
        self._check_timer.start()

    def stage(self) -> Stage:
        """A projector scene of the open map, for measuring steps as the hall will see them
        (link phrases are bigger there than in the editor); it follows the document's edits."""
        if self._stage is None or self._stage.document is not self.document:
            self._stage = Stage(self.document, StageOptions(), cached=False)
            self._stage.scene.setParent(self)
        return self._stage

    def _verdict_key(self, view: tourlib.StepView, framed: StepFrame, size: QSizeF) -> Hashable:
        """All a hall's verdict on ``view`` depends on but the map's concepts and links (the
        caption only through its band's height)."""
        camera = view.camera
        return (
            view.subjects,
            view.focus,
            view.revealed,
            view.new,
            view.primary,
            (camera.x, camera.y, camera.width, camera.height) if camera else None,
            *(layout_overlay(view, size, framed.theme, n).band_height for n in (1, 2)),
        )

    def _judged_on(self, view: tourlib.StepView) -> frozenset[str]:
        """The concepts and links the hall's verdict on ``view`` depends on: those it frames
        (its subjects, its focus and its own links with their ends, or all it has revealed
        when it is an overview) and the links among them a close-up lays out with them.
        Every earlier step's concepts are in a later one's reveal, and with them in its
        verdict, an edit to the first step's concept laid out every close-up after it."""
        edges = self.document.edges
        members = set(view.subjects) | set(view.focus.nodes)
        own = set(view.subject_links) | set(view.focus.edges)
        for edge_id in own:
            if edge_id in edges:
                members |= {edges[edge_id].source, edges[edge_id].target}
        if not members:
            return view.revealed.nodes | view.revealed.edges
        among = {
            e
            for e in view.revealed.edges
            if e in edges and edges[e].source in members and edges[e].target in members
        }
        return frozenset(members | own | among)

    def _resolve(self, tour: Tour) -> list[tourlib.StepView]:
        """The tour's steps resolved against the map."""
        return tourlib.resolve(self.document.cmap, tour)

    def reads(self, index: int) -> bool:
        """Whether step ``index`` reads from the back row as presented (unchecked, or its
        close-up not laid out yet: it does)."""
        if index in self._unknown:
            return True
        framed = self.shown.get(index, self.frames.get(index))
        return framed is None or framed.fits

    # --- widgets --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.tour_box = QComboBox()
        self.tour_box.setAccessibleName("Tour")
        # Sized to its longest title, the chooser held the dock 479 px wide: the map kept 489
        # of a 1280x720 window's pixels. Cut short, the full title is in the field under it.
        self.tour_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.tour_box.setMinimumContentsLength(TOUR_BOX_CHARACTERS)
        self.tour_box.currentIndexChanged.connect(lambda _: self._show_tour())
        self.new_tour_button = self._tool("New", "A new, empty tour", self.new_tour)
        self.delete_tour_button = self._tool("Delete", "Delete this tour", self.delete_tour)
        self.tour_title = QLineEdit()
        self.tour_title.setPlaceholderText("Tour title")
        self.tour_title.setAccessibleName("Tour title")
        self.tour_title.textEdited.connect(self._on_tour_title)
        self.steps = QListWidget()
        self.steps.setAccessibleName("Steps")
        self.steps.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.steps.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.steps.currentRowChanged.connect(lambda _: self._on_step_chosen())
        self.steps.model().rowsMoved.connect(self._on_rows_moved)
        self.steps.itemClicked.connect(lambda _: self._on_step_clicked())
        self.steps.itemDoubleClicked.connect(lambda _: self._on_step_clicked())
        self.steps.installEventFilter(self)
        self.add_button = QPushButton("Add Step from Selection")
        self.add_button.setToolTip(
            "A new step after this one: the selected concepts and links in focus, "
            "framed to show them"
        )
        self.add_button.clicked.connect(self.add_step_from_selection)
        self.remove_button = self._tool("Remove", "Remove this step", self.remove_step)
        self.preview_button = self._tool("Preview", "Show this step in the map", self.preview)
        self.more_button = self._tool("More", "More changes to this step", None)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setMenu(self._more_menu())
        self.step_title = QLineEdit()
        self.step_title.setAccessibleName("Step title")
        self.step_title.setPlaceholderText("Heading shown above the caption")
        self.step_title.textEdited.connect(lambda text: self._edit_step("title", text))
        # Two lines whatever the step: a focus of ten names, or one held back links, wrapped to
        # eight lines at 1280x720 and pushed the caption and notes out of the dock's sight,
        # its own last lines cut. Cut short, the whole of it is the field's tooltip.
        self.focus_label = ElidedLabel(lines=FOCUS_LINES)
        self.focus_label.setAccessibleName("Focus")
        self.fit_warning = QLabel()
        self.fit_warning.setObjectName("StepFitWarning")
        self.fit_warning.setWordWrap(True)
        self.fit_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.fit_warning.hide()
        self.split_button = QPushButton("Split Step in Two")
        self.split_button.setToolTip(
            "Two steps, each showing part of this one's concepts, large enough to read"
        )
        self.split_button.clicked.connect(self.split_step)
        self.split_button.hide()
        self.hold_button = QPushButton("Hold Back Links Shown in Passing")
        self.hold_button.setToolTip(
            "Links that would first show here only because both their concepts are revealed, "
            "reaching beyond this step: keep them hidden until a later step names them"
        )
        self.hold_button.clicked.connect(self.hold_passing_links)
        self.hold_button.hide()
        self.caption = QPlainTextEdit()
        self.caption.setAccessibleName("Caption")
        self.caption.setPlaceholderText("What the hall reads at the bottom of the screen")
        self.caption.setUndoRedoEnabled(False)  # Edit > Undo undoes it, one step per field
        # Tab goes on to the next field, as in the rest of the dock: in the caption it typed a
        # tab character, which the hall saw as a gap in the words.
        self.caption.setTabChangesFocus(True)
        self.caption.textChanged.connect(self._on_caption)
        self.caption.installEventFilter(self)
        self.quote_button = self._tool("Use a Quote", "Caption this step with a quote", None)
        self.quote_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.quote_menu = QMenu(self)
        self.quote_menu.aboutToShow.connect(self._fill_quote_menu)
        self.quote_button.setMenu(self.quote_menu)
        self.citation = ElidedLabel(lines=CITATION_LINES)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Speaker notes")
        self.notes.setPlaceholderText("Speaker notes: only the presenter view shows them")
        self.notes.setUndoRedoEnabled(False)
        self.notes.setTabChangesFocus(True)
        self.notes.textChanged.connect(self._on_notes)
        self.notes.installEventFilter(self)
        present = QPushButton("Present from This Step")
        present.clicked.connect(self.present_requested)
        self._layout(present)

    def _tool(self, text: str, tip: str, slot: Callable[[], object] | None) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        if slot is not None:
            button.clicked.connect(lambda _=False: slot())
        return button

    def _more_menu(self) -> QMenu:
        menu = QMenu(self)
        for text, slot in (
            ("Set Focus from Selection", self.set_focus_from_selection),
            ("Reveal Selection Here (without Focus)", self.set_reveal_from_selection),
            ("Set Camera from View", self.set_camera_from_view),
            ("Split Step in Two", self.split_step),
            ("Hold Back Selected Links (until a Step Names Them)", self.set_hold_from_selection),
            ("Frame Focus Automatically", lambda: self._edit_step("camera", None, "Frame focus")),
            ("Move Step Up\tCtrl+Up", lambda: self.move_step(self.steps.currentRow(), -1)),
            ("Move Step Down\tCtrl+Down", lambda: self.move_step(self.steps.currentRow(), 1)),
            ("Remove Missing Concepts and Links", self.drop_missing),
        ):
            action = menu.addAction(text)
            action.triggered.connect(lambda _=False, s=slot: s())
        return menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The step list's own keys, and Edit > Undo from the caption and notes.

        The window's Delete would delete what is selected on the map, which is the chosen
        step's focus; in the list, Delete means the step. The caption and notes keep no undo of
        their own (Edit > Undo takes back a field's typing as one step), yet claimed Ctrl+Z for
        it, so Ctrl+Z typed there did nothing at all."""
        kind = event.type()
        if kind == QEvent.Type.FocusIn and watched in (self.caption, self.notes):
            self._tabbed_into(watched, event)
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return super().eventFilter(watched, event)
        if not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if watched is self.steps:
            act = self._step_key(event)
            if act is None:
                return super().eventFilter(watched, event)
            event.accept()  # the list's, not the window's shortcut
            if kind == QEvent.Type.KeyPress:
                act()
            return True
        if (
            kind == QEvent.Type.ShortcutOverride
            and watched in (self.caption, self.notes)
            and is_undo_key(event)
        ):
            event.ignore()  # left to the window's Undo and Redo
            return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _tabbed_into(edit: QPlainTextEdit, event: QEvent) -> None:
        """Tabbed into, the caption and the notes put the cursor after what is written, as a
        line edit does: it went before the first word, and what was typed next led the text."""
        keyboard = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
        if isinstance(event, QFocusEvent) and event.reason() in keyboard:
            edit.moveCursor(QTextCursor.MoveOperation.End)

    def _step_key(self, event: QKeyEvent) -> Callable[[], object] | None:
        """What a key pressed in the step list does to the chosen step, if it is one of its keys."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = Qt.Key(event.key())
        if self.current_step_index() < 0:
            return None
        if key in REMOVE_KEYS and modifiers == Qt.KeyboardModifier.NoModifier:
            return self.remove_step
        if key in MOVE_KEYS and modifiers == Qt.KeyboardModifier.ControlModifier:
            return lambda: self.move_step(self.current_step_index(), MOVE_KEYS[key])
        return None

    def _layout(self, present: QPushButton) -> None:
        top = QHBoxLayout()
        top.addWidget(self.tour_box, 1)
        top.addWidget(self.new_tour_button)
        top.addWidget(self.delete_tour_button)
        step_buttons = QHBoxLayout()
        step_buttons.addWidget(self.add_button, 1)
        step_buttons.addWidget(self.remove_button)
        step_buttons.addWidget(self.preview_button)
        step_buttons.addWidget(self.more_button)
        # The caption and notes keep a few lines each; the rest of the dock's height is the
        # step list's, and the divider between them can be dragged.
        for edit in (self.caption, self.notes):
            edit.setFixedHeight(lines_high(edit, TEXT_LINES))
        form = QFormLayout()
        form.addRow("Title", self.step_title)
        form.addRow("Focus", self.focus_label)
        form.addRow("", self.fit_warning)
        form.addRow("", self.split_button)
        form.addRow("", self.hold_button)
        form.addRow("Caption", self.caption)
        quote_row = QHBoxLayout()
        quote_row.addWidget(self.quote_button)
        quote_row.addWidget(self.citation, 1)
        form.addRow("", quote_row)
        form.addRow("Notes", self.notes)
        self.listing = QWidget()
        upper = QVBoxLayout(self.listing)
        upper.setContentsMargins(0, 0, 0, 0)
        upper.addWidget(self.steps, 1)
        upper.addLayout(step_buttons)
        self.editing = QWidget()
        lower = QVBoxLayout(self.editing)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addLayout(form)
        lower.addStretch(1)
        # In a short dock the step's fields scroll rather than squeeze the list to a few rows.
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(self.editing)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.listing)
        self.splitter.addWidget(scroller)
        self.splitter.setStretchFactor(0, 1)  # a taller dock shows more steps...
        self.splitter.setStretchFactor(1, 0)  # ...the fields being whole already
        self.splitter.splitterMoved.connect(self._divided_by_hand)
        self._by_hand = False
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tour_title)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(present)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._recheck()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._divide()

    def _divided_by_hand(self) -> None:
        self._by_hand = True

    def _divide(self) -> None:
        """The step's fields as high as they need, each whole, and the rest of the dock the
        step list's, LIST_ROWS rows at the least; once the person drags the divider, theirs.
        Three fifths to the list left the fields 118 px at 1280x720: the caption cut, the
        notes and the caption's source out of sight."""
        if self._by_hand or self.splitter.height() <= 0:
            return
        row = self.steps.sizeHintForRow(0) if self.steps.count() else 0
        row = max(row, self.steps.fontMetrics().lineSpacing())
        self.steps.setMinimumHeight(LIST_ROWS * row + 2 * self.steps.frameWidth())
        total = sum(self.splitter.sizes())
        least = self.listing.minimumSizeHint().height()
        fields = max(0, min(self.editing.sizeHint().height(), total - least))
        if self.splitter.sizes() != [total - fields, fields]:
            self.splitter.setSizes([total - fields, fields])

    # --- what is chosen -------------------------------------------------------------------------

    def current_tour(self) -> Tour | None:
        tour_id = self.tour_box.currentData()
        return next((t for t in self.document.cmap.tours if t.id == tour_id), None)

    def current_step_index(self) -> int:
        tour = self.current_tour()
        row = self.steps.currentRow()
        return row if tour is not None and 0 <= row < len(tour.steps) else -1

    def current_step(self) -> TourStep | None:
        tour, index = self.current_tour(), self.current_step_index()
        return tour.steps[index] if tour is not None and index >= 0 else None

    def choose(self, tour_id: str, step: int | None = None) -> None:
        position = self.tour_box.findData(tour_id)
        if position >= 0:
            self.tour_box.setCurrentIndex(position)
        if step is not None:
            self.steps.setCurrentRow(step)

    # --- showing the document -------------------------------------------------------------------

    def refresh(self) -> None:
        """Redraw from the document, keeping the chosen tour and step: the same step wherever
        an edit or its undo put it (undoing a move left the row chosen, now another step's,
        and the caption typed next went to that step), else the same row."""
        tour_id = self.tour_box.currentData()
        was = self.tour_box.currentIndex()
        row = self.steps.currentRow()
        step_id = self._chosen_id  # the document already holds the edit: the step shown last
        self._updating = True
        self.tour_box.clear()
        for tour in self.document.cmap.tours:
            self.tour_box.addItem(tour.title or tour.id, tour.id)
        position = self.tour_box.findData(tour_id)
        if position < 0:  # renamed (its id follows its title): the same place in the list
            position = min(max(was, 0), self.tour_box.count() - 1)
        self.tour_box.setCurrentIndex(max(position, 0))
        self._updating = False
        shown = self.current_tour()
        if step_id and shown is not None:
            ids = [step.id for step in shown.steps]
            row = ids.index(step_id) if ids.count(step_id) == 1 else row
        self._show_tour(row)

    def _show_tour(self, row: int | None = None) -> None:
        if self._updating:
            return
        tour = self.current_tour()
        self._updating = True
        self._set_line(self.tour_title, tour.title if tour else "")
        self.tour_title.setEnabled(tour is not None)
        self.delete_tour_button.setEnabled(tour is not None)
        self.steps.clear()
        for index in range(len(tour.steps) if tour else 0):
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.steps.addItem(item)
        target = row if tour is not None and row is not None and 0 <= row < len(tour.steps) else 0
        self._check(tour)
        if tour is not None and tour.steps:
            self.steps.setCurrentRow(target)
        self._updating = False
        self._show_step()

    def _check(self, tour: Tour | None) -> None:
        """Frame every step of ``tour`` on a 1920x1080 projector and mark in the list each one
        that cannot show all it is about at a readable size, or names what is gone. A close-up
        not laid out yet for the map as it is keeps its last verdict (none: the step is not
        flagged) until the worker thread has laid it out again (_work_out_next), the
        chosen step's first."""
        self.frames = {}
        self.shown = {}
        self.close_ups = set()
        self.views = []
        self._pending = {}
        self._unknown = set()
        # Hidden (the dock closed, as at start-up), nothing is measured: the check waits for
        # the dock to be shown rather than build the hall's scene for nobody.
        self._stale = not self.isVisible()
        if tour is not None and tour.steps and not self._stale:
            stage = self.stage()
            boxes, phrases, sizes = stage.boxes(), stage.phrases(), stage.sizes()
            size = QSizeF(*PROJECTOR)
            self.views = self._resolve(tour)
            for view in self.views:
                framed = frame_step(view, boxes, size, stage.theme, phrases, sizes)
                self.frames[view.index] = framed
                if not framed.fits:  # the presentation closes it up, if that reads: does it?
                    key = self._verdict_key(view, framed, size)
                    found = self._verdicts.get(key)
                    if found is None:
                        found = self._old.get(key)
                        self._pending[view.index] = (view, framed, key)
                    if found is None:
                        self._unknown.add(view.index)
                    self.shown[view.index] = found[0] if found else framed
                    if found is not None and found[1]:
                        self.close_ups.add(view.index)
        waiting = {key for *_, key in self._pending.values()}
        self._old = {key: verdict for key, verdict in self._old.items() if key in waiting}
        if self._pending:
            self._lazy_timer.start()
        if tour is not None:
            self._mark(tour)

    def _rows_in_sight(self) -> set[int]:
        seen = self.steps.viewport().rect()
        return {
            row
            for row in range(self.steps.count())
            if self.steps.visualItemRect(self.steps.item(row)).intersects(seen)
        }

    def _work_out_next(self) -> None:
        """Lay the stale close-ups out on the worker thread, in a copy of the map as it is now:
        the chosen step's first, then the rows in sight. One batch at a time; the next, if the
        map changed meanwhile, once it is done."""
        if not self._pending or self._check_timer.isActive():
            return  # the map changed again: the check to come queues them afresh
        if self._batch is not None:
            return  # _on_batch_done comes back for the rest
        sight = self._rows_in_sight()
        chosen = self.current_step_index()
        order = sorted(self._pending, key=lambda i: (i != chosen, i not in sight, i))
        asked = {self._pending[i][2]: self._pending[i][0] for i in order}
        revision = self.revision

        def deliver(key: Hashable, view: tourlib.StepView, seen: StepFrame, close: bool) -> bool:
            self._worked_out.emit(revision, key, view, seen, close)
            return revision == self.revision  # read on the worker thread: the map as it was?

        batch = worker(CLOSE_UPS).submit(
            closeups.lay_out,
            self.document.cmap.model_dump_json(),
            list(asked.items()),
            QSizeF(*PROJECTOR),
            deliver,
        )
        self._batch = batch
        batch.add_done_callback(lambda done: self._batch_done.emit(done, revision))

    def _on_worked_out(
        self, revision: int, key: Hashable, view: tourlib.StepView, seen: StepFrame, close: bool
    ) -> None:
        """A close-up from the worker thread: kept if the map is still the one it was laid out
        in, and shown by each step it is the verdict on; dropped (and laid out again) if not."""
        if revision != self.revision:
            return
        self.laid_out += 1
        shows = self._judged_on(view)
        self._verdicts[key] = (seen, close, shows)
        self._measured.update((i, self._measure_of(i)) for i in shows)
        self._old.pop(key, None)
        indices = [i for i, (*_, waiting) in self._pending.items() if waiting == key]
        for index in indices:
            del self._pending[index]
            self._unknown.discard(index)
            self.shown[index] = seen
            self.close_ups.discard(index)
            if close:
                self.close_ups.add(index)
        tour = self.current_tour()
        if tour is not None and indices:
            self._mark(tour)
        if self.current_step_index() in indices:
            self._show_fit(self.current_step())
            self._divide()

    def _on_batch_done(self, batch: Future[None], revision: int) -> None:
        if batch is not self._batch:
            return
        self._batch = None
        error = batch.exception()
        if error is not None and revision == self.revision:
            raise error  # a bug: the worker had the map to itself
        if self._pending:
            self._lazy_timer.start()  # what the map changed meanwhile, after a pause

    def _mark(self, tour: Tour) -> None:
        """Each step's line in the list: its number and words, and ⚠ with why in its tip."""
        missing = tourlib.missing_ids(self.document.cmap, tour)
        emptied = {v.index for v in self._resolve(tour) if v.gone}
        stale = set(stale_steps(tour, watch_for(self.document).checks))
        for row in range(min(self.steps.count(), len(tour.steps))):
            step = tour.steps[row]
            words = (step.title or step.caption or (step.quote.text if step.quote else "")).strip()
            text = f"{row + 1}. {words.splitlines()[0] if words else '(untitled)'}"
            tips = []
            if not self.reads(row):
                tips.append("Too much to read on a projector")
            if row in missing:
                tips.append("Names concepts or links no longer in the map")
            if row in emptied:
                tips.append("What it showed was deleted from the map: it has nothing to show")
            if row in stale:
                tips.append("A quote no longer matches its source")
            if row in emptied:
                text += f"  {WARNING} nothing left to show"
            elif row in stale:
                text += f"  {WARNING} quote no longer matches its source"
            elif tips:
                text += f"  {WARNING}"
            item = self.steps.item(row)
            item.setText(text)
            item.setToolTip("; ".join(tips))

    def _recheck(self) -> None:
        """The map changed: check the steps again, keeping the list as it is."""
        self._updating = True
        self._check(self.current_tour())
        self._updating = False
        self._show_step()

    def _on_step_chosen(self) -> None:
        self._show_step()
        # Choosing a step shows its focus on the map; chosen by a click, when the click ends
        # (_on_step_clicked), so a press that starts dragging the step elsewhere moves no camera.
        pressed = QApplication.mouseButtons() & Qt.MouseButton.LeftButton
        if not self._updating and not pressed:
            self.preview()

    def _on_step_clicked(self) -> None:
        """A click shows the step even when it was already chosen: the dock opens with the
        first step highlighted and the map still whole, and that step is the one clicked
        first; a step clicked again after looking elsewhere on the map comes back too."""
        if not self._updating:
            self.preview()

    def _show_step(self) -> None:
        if self._updating:
            return
        step = self.current_step()
        self._chosen_id = step.id if step is not None else ""
        self._updating = True
        for widget in (self.step_title, self.caption, self.notes, self.quote_button):
            widget.setEnabled(step is not None)
        for button in (self.remove_button, self.preview_button, self.more_button):
            button.setEnabled(step is not None)
        self._set_line(self.step_title, step.title if step else "")
        self._set_plain(self.caption, step.caption if step else "")
        self._set_plain(self.notes, step.notes if step else "")
        self.focus_label.setText(self._describe_focus(step) if step else "")
        self.citation.setText(self._describe_caption(step) if step else "")
        self._show_fit(step)
        self._divide()  # a warning under the focus takes its room from the list
        self._updating = False

    def _show_fit(self, step: TourStep | None) -> None:
        """Say at once when the chosen step cannot be read on a projector, and offer the fixes:
        splitting it, or holding back the links that widen it in passing. A step the
        presentation shows as a close-up that reads is no fault: the dock says how it will be
        shown, without a warning, and still offers the fixes that would show it in place."""
        index = self.current_step_index()
        framed = self.frames.get(index) if step is not None else None
        view = self.views[index] if 0 <= index < len(self.views) else None
        seen = self.shown.get(index, framed)
        lines = []
        can_split = can_hold = False
        if index in self._unknown:
            pass  # said once its close-up is laid out (_on_worked_out)
        elif framed is not None and seen is not None and view is not None and not framed.fits:
            need = PROJECTOR[1] * LABEL_EM_MIN
            close = index in self.close_ups
            if seen.fits:
                lines.append(
                    f"Presented as a close-up: its concepts alone, laid out afresh round "
                    f"“{self._centre_name(view)}”, labels {seen.label_px:.0f} px high on a "
                    f"1920×1080 projector. Where the map has them they would be "
                    f"{framed.label_px:.0f} px, and the back row needs {need:.0f}."
                )
            else:
                lines.append(
                    f"{WARNING} Too much to show at once: on a 1920×1080 projector its labels "
                    f"would be {seen.label_px:.0f} px high{', even as a close-up' if close else ''}"
                    f", and the back row needs {need:.0f}."
                )
            can_split = self._split_helps(framed)
            can_hold = bool(view.passing)
            if can_hold:
                names = [
                    tourlib.proposition(self.document.cmap, self.document.edges[e])
                    for e in sorted(view.passing)
                ]
                lines.append(f"Shown in passing, reaching beyond the step: {'; '.join(names)}.")
            fixes = (
                "split the step in two, or move its concepts closer together."
                if can_split
                else "move its concepts closer together, or give the step less to show."
            )
            lead = "To show it where the map has them, " if seen.fits else ""
            lines.append((lead + fixes) if lead else fixes[0].upper() + fixes[1:])
        if framed is not None and framed.framing.widened:
            lines.append("The saved camera leaves part of the focus out: it is widened to show it.")
        self.fit_warning.setText("\n".join(lines))
        self.fit_warning.setVisible(bool(lines))
        self.split_button.setVisible(can_split)
        self.hold_button.setVisible(can_hold)

    def _centre_name(self, view: tourlib.StepView) -> str:
        """The concept a close-up is laid out round, as Stage._close_up chooses it."""
        nodes = self.document.nodes
        centre = view.primary if view.primary in view.subjects else min(view.subjects, default="")
        return nodes[centre].label if centre in nodes else centre

    def _split_helps(self, framed: StepFrame) -> bool:
        """Whether splitting the chosen step shows each half larger than the whole (a step
        about one long link cannot be helped by it). Worked out again only when the step, the
        map or the frame changed: each check after an edit asked again, 39 ms of it."""
        tour, index = self.current_tour(), self.current_step_index()
        if tour is None or index < 0:
            return False
        asked = (self.revision, index, framed.scale)
        kept = self._split_kept
        if kept is not None and kept[0] is tour and kept[1] == asked:
            return kept[2]
        helps = self._split_halves_larger(tour, index, framed)
        self._split_kept = (tour, asked, helps)
        return helps

    def _split_halves_larger(self, tour: Tour, index: int, framed: StepFrame) -> bool:
        stage = self.stage()
        boxes = stage.boxes()
        split = tourlib.with_step_split(
            self.document.cmap, self.document.cmap.tours, tour.id, index, boxes
        )
        if split is None:
            return False
        views = tourlib.resolve(self.document.cmap, tourlib.find_tour(split, tour.id))
        phrases = stage.phrases()
        size = QSizeF(*PROJECTOR)
        halves = [
            frame_step(v, boxes, size, stage.theme, phrases, stage.sizes())
            for v in views[index : index + 2]
        ]
        return all(half.scale > framed.scale * 1.01 for half in halves)

    @staticmethod
    def _set_line(edit: QLineEdit, text: str) -> None:
        if edit.text() != text:
            edit.setText(text)

    @staticmethod
    def _set_plain(edit: QPlainTextEdit, text: str) -> None:
        if edit.toPlainText() != text:
            edit.setPlainText(text)

    def _describe_focus(self, step: TourStep) -> str:
        doc = self.document
        names = []
        for item_id in step.focus:
            if item_id in doc.nodes:
                names.append(doc.nodes[item_id].label)
            elif item_id in doc.edges:
                names.append(tourlib.proposition(doc.cmap, doc.edges[item_id]))
        text = "; ".join(names) if names else "nothing: an overview of what is revealed"
        tour = self.current_tour()
        index = self.current_step_index()
        if tour is None:
            return text
        view = self._resolve(tour)[index]
        if view.gone:
            text = (
                f"{WARNING} Nothing left to show: {'; '.join(view.gone)} was deleted from the "
                "map. Presented, it says so above its words, over the tour so far. Give it "
                "a focus (More > Set Focus from Selection), or remove it."
            )
        if view.missing:
            text += f"\n{WARNING} No longer in the map: {', '.join(view.missing)}"
        if step.hold:
            held = [
                tourlib.proposition(doc.cmap, doc.edges[e]) for e in step.hold if e in doc.edges
            ]
            text += f"\nHeld back: {'; '.join(held)}"
        if step.camera is not None:
            text += "\nCamera: the view saved with the step"
        return text

    def _describe_caption(self, step: TourStep) -> str:
        caption = tourlib.caption_of(step, self.document.cmap)
        if step.quote is not None and watch_for(self.document).checks.is_stale(step.quote):
            return f"⚠ These words are no longer in the source: {caption.citation}"
        if caption.quoted:
            return f"Quoted from: {caption.citation}"
        if caption.text:
            return "Your own words (no citation)"
        return ""

    # --- edits: each one command ----------------------------------------------------------------

    def _push(self, tours: list[Tour], text: str, merge_key: str | None = None) -> None:
        self.document.undo_stack.push(ReplaceToursCommand(self.document, tours, text, merge_key))

    def _edit_step(self, name: str, value: object, text: str | None = None) -> None:
        tour, index = self.current_tour(), self.current_step_index()
        if self._updating or tour is None or index < 0:
            return
        step = tour.steps[index]
        key = f"{name}:{tour.id}:{step.id or index}" if text is None else None
        tours = tourlib.with_step_changed(self.document.cmap.tours, tour.id, index, **{name: value})
        self._push(tours, text or f"Edit step {name}", key)

    def _on_caption(self) -> None:
        tour, index = self.current_tour(), self.current_step_index()
        if self._updating or tour is None or index < 0:
            return
        step = tour.steps[index]
        text = self.caption.toPlainText()
        changes: dict[str, object] = {"caption": text}
        if step.quote is not None and not tourlib.same_words(text, step.quote.text):
            changes["quote"] = None  # no longer the source's words: no longer credited to it
        tours = tourlib.with_step_changed(self.document.cmap.tours, tour.id, index, **changes)
        self._push(tours, "Edit caption", f"caption:{tour.id}:{step.id or index}")

    def _on_notes(self) -> None:
        self._edit_step("notes", self.notes.toPlainText())

    def _on_tour_title(self, text: str) -> None:
        """Rename the tour; an id made from its old title is made again from the new one (an id
        written by hand stays, as other files may name it)."""
        tour = self.current_tour()
        if tour is None:
            return
        tours = self.document.cmap.tours
        others = [t for t in tours if t.id != tour.id]
        changes: dict[str, object] = {"title": text}
        if tour.id == tourlib.new_tour_id(others, tour.title):
            changes["id"] = tourlib.new_tour_id(others, text)
        position = self.tour_box.currentIndex()
        self._push(
            tourlib.with_tour_changed(tours, tour.id, **changes),
            "Rename tour",
            f"tour-title:{position}",
        )

    def new_tour(self, title: str = "New tour") -> str:
        tours, tour_id = tourlib.with_tour_added(self.document.cmap.tours, title)
        self._push(tours, "New tour")
        self.choose(tour_id)
        self.tour_title.setFocus()
        self.tour_title.selectAll()
        return tour_id

    def delete_tour(self) -> None:
        tour = self.current_tour()
        if tour is not None:
            tours = tourlib.with_tour_removed(self.document.cmap.tours, tour.id)
            self._push(tours, f"Delete tour “{tour.title}”")

    def selection(self) -> tuple[list[str], list[str]]:
        scene = self.workspace.scene
        selected = scene.selectedItems()
        nodes = [n for n in scene.selection_order() if n in scene.node_items]
        nodes += [i.node_id for i in selected if isinstance(i, NodeItem) and i.node_id not in nodes]
        edges = sorted(i.edge_id for i in selected if isinstance(i, EdgeItem))
        return nodes, edges

    def _view_camera(self) -> Camera:
        view = self.workspace.view
        rect = view.mapToScene(view.viewport().rect()).boundingRect()
        return Camera(
            x=round(rect.x(), 1),
            y=round(rect.y(), 1),
            width=max(round(rect.width(), 1), 1.0),
            height=max(round(rect.height(), 1), 1.0),
        )

    def add_step_from_selection(self) -> None:
        """A new step after the current one: the selection in focus, framed to show it (not the
        editor's view, which may show the whole map at a size no one in the hall can read).

        With nothing selected the step is an overview of what the steps before it revealed; with
        nothing revealed yet either, it would show the hall an empty screen, so it is not added
        and the status bar says what to do."""
        nodes, edges = self.selection()
        doc = self.document
        tour = self.current_tour()
        at = self.current_step_index() + 1 if tour is not None and tour.steps else None
        labels = [doc.nodes[n].label for n in nodes]
        title = ", ".join(labels[:3]) + (" …" if len(labels) > 3 else "")
        if not nodes and not edges:
            shown = tourlib.resolve(doc.cmap, tour)[at - 1].revealed if tour and at else None
            if not shown:
                self.workspace.show_message(NOTHING_SELECTED, 10_000)
                return
            title = "Overview"
        step = TourStep(title=title, focus=[*nodes, *edges])
        tours = list(doc.cmap.tours)
        if tour is None:  # the first step of a map without tours makes its first tour
            tours, tour_id = tourlib.with_tour_added(tours, "Tour")
        else:
            tour_id = tour.id
        repeated = self._repeated(nodes, edges)
        tours, position = tourlib.with_step_added(tours, tour_id, step, at)
        self._push(tours, "Add tour step")
        self.choose(tour_id, position)
        if repeated is not None:
            self.workspace.show_message(
                f"Step {position + 1} shows just what step {repeated + 1} shows: choosing a "
                "step selects its concepts and links. For a step about something else, select "
                "that on the map first (Ctrl+Z takes this one back)",
                15_000,
            )

    def _repeated(self, nodes: list[str], edges: list[str]) -> int | None:
        """The chosen step, when ``nodes`` and ``edges`` are just what choosing it selected: a
        step added from them would repeat it. Choosing a step selects its focus on the map, so
        Add Step from Selection pressed next added a copy of it without a word."""
        tour, index = self.current_tour(), self.current_step_index()
        if tour is None or index < 0 or not (nodes or edges):
            return None
        focus = tourlib.resolve(self.document.cmap, tour)[index].focus
        return index if (frozenset(nodes), frozenset(edges)) == (focus.nodes, focus.edges) else None

    def remove_step(self) -> None:
        tour, index = self.current_tour(), self.current_step_index()
        if tour is not None and index >= 0:
            tours = tourlib.with_step_removed(self.document.cmap.tours, tour.id, index)
            self._push(tours, "Remove tour step")
            self.steps.setCurrentRow(min(index, len(tour.steps) - 2))

    def move_step(self, index: int, delta: int) -> None:
        tour = self.current_tour()
        if tour is None or not 0 <= index < len(tour.steps):
            return
        target = max(0, min(len(tour.steps) - 1, index + delta))
        order = list(range(len(tour.steps)))
        order.insert(target, order.pop(index))
        self.reorder(order, target)

    def reorder(self, order: list[int], current: int | None = None) -> None:
        """Steps in a new order (old indices, listed in their new places), as one undo step."""
        tour = self.current_tour()
        if tour is None or order == list(range(len(tour.steps))):
            return
        tours = tourlib.with_steps_ordered(self.document.cmap.tours, tour.id, order)
        self._push(tours, "Reorder tour steps")
        self.steps.setCurrentRow(current if current is not None else self.steps.currentRow())

    def _on_rows_moved(self, *_: object) -> None:
        if self._updating:
            return
        order = [
            self.steps.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.steps.count())
        ]
        moved = self.steps.currentRow()
        # Apply after the drop has finished: the list is rebuilt from the document.
        QTimer.singleShot(0, lambda: self.reorder(order, moved))

    def set_focus_from_selection(self) -> None:
        nodes, edges = self.selection()
        self._edit_step("focus", [*nodes, *edges], "Set step focus")

    def set_reveal_from_selection(self) -> None:
        nodes, edges = self.selection()
        self._edit_step("reveal", [*nodes, *edges], "Set step reveal")

    def set_hold_from_selection(self) -> None:
        _, edges = self.selection()
        self._edit_step("hold", edges, "Set links held back")

    def set_camera_from_view(self) -> None:
        self._edit_step("camera", self._view_camera(), "Set step camera")

    def split_step(self) -> None:
        """Split the chosen step in two (one undo step), each showing part of what it is about."""
        tour, index = self.current_tour(), self.current_step_index()
        if tour is None or index < 0:
            return
        tours = tourlib.with_step_split(
            self.document.cmap, self.document.cmap.tours, tour.id, index, self.stage().boxes()
        )
        if tours is None:
            self.workspace.show_message("This step has nothing that can be split off", 5000)
            return
        self._push(tours, "Split tour step")
        self.steps.setCurrentRow(index)

    def hold_passing_links(self) -> None:
        """Hold back, from the chosen step on, the links it would show only in passing."""
        tour, index = self.current_tour(), self.current_step_index()
        if tour is None or index < 0:
            return
        passing = tourlib.resolve(self.document.cmap, tour)[index].passing
        if passing:
            tours = tourlib.with_links_held(self.document.cmap.tours, tour.id, index, passing)
            self._push(tours, "Hold back links")

    def drop_missing(self) -> None:
        tour = self.current_tour()
        if tour is not None:
            tours = tourlib.with_missing_dropped(
                self.document.cmap, self.document.cmap.tours, tour.id
            )
            self._push(tours, "Remove missing items from tour")

    def _fill_quote_menu(self) -> None:
        menu = self.quote_menu
        menu.clear()
        step = self.current_step()
        found = tourlib.focus_quotes(self.document.cmap, step) if step else []
        sources = self.document.sources
        for owner, quote in found:
            words = quote.text if len(quote.text) <= 90 else quote.text[:88] + "…"
            source = sources[quote.source].title if quote.source in sources else quote.source
            action = menu.addAction(f"{owner}: “{words}” ({source})")
            action.triggered.connect(lambda _=False, q=quote: self.use_quote(q))
        if not found:
            empty = menu.addAction("The focused concepts and links have no quotes")
            empty.setEnabled(False)

    def use_quote(self, quote: Quote) -> None:
        tour, index = self.current_tour(), self.current_step_index()
        if tour is None or index < 0:
            return
        tours = tourlib.with_step_changed(
            self.document.cmap.tours,
            tour.id,
            index,
            caption=quote.text,
            quote=quote,
        )
        self._push(tours, "Caption from quote")

    def preview(self) -> None:
        """Select the step's focus in the main view and frame everything the step is about."""
        tour, index = self.current_tour(), self.current_step_index()
        if tour is None or index < 0:
            return
        view = tourlib.resolve(self.document.cmap, tour)[index]
        scene = self.workspace.scene
        scene.select_many(view.focus.nodes, view.focus.edges)
        camera = tourlib.default_camera(view, node_boxes(scene))
        if view.camera is not None and not view.subjects:
            camera = view.camera
        self.workspace.view.fly_to_rect(QRectF(camera.x, camera.y, camera.width, camera.height))
