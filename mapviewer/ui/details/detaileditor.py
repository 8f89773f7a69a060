"""The Details dock's edit form: every field of a concept or link, each edit an undoable command.

The form changes nothing itself. Typing pushes commands that merge while one field keeps the
focus, so a word typed is one undo step and leaving the field starts the next; the form follows
the document's signals like every other view, so undo and redo show in it at once. Text goes in
and comes out as plain text only.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QUndoCommand,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mapviewer.boxes import LABEL_PT
from mapviewer.commands import (
    ChangeKindCommand,
    EditEdgeCommand,
    EditNodeCommand,
    SetStyleCommand,
    items_named,
    step_named,
    style_step,
)
from mapviewer.document import Document
from mapviewer.groups import frame_ids
from mapviewer.model import (
    DASHES,
    ENDS,
    LINE_WIDTH_LIMIT,
    SHAPES,
    TEXT_SIZE_MAX,
    TEXT_SIZE_MIN,
    Edge,
    Node,
    Quote,
    drawn_ends,
)
from mapviewer.palette import DEFAULT_COLOR, PALETTE
from mapviewer.scene.style import kind_styles
from mapviewer.scene.text import plain_tooltip
from mapviewer.ui.actions import is_undo_key, make_action
from mapviewer.ui.details.detailpane import DetailPane, quote_warning
from mapviewer.ui.details.textpage import plain_label
from mapviewer.ui.docks.legend import swatch_icon
from mapviewer.ui.editing.pictureactions import (
    ask_for_picture,
    give_picture,
    pictured_ids,
    take_pictures,
)
from mapviewer.ui.editing.stylemenu import (
    BORDER_COLOURS,
    COLOUR_FIELDS,
    COLOUR_NAMES,
    DASH_NAMES,
    END_NAMES,
    INSIDE_COLOURS,
    LINK_LOOKS,
    LOOK_NAMES,
    MAX_HEIGHT,
    MAX_WIDTH,
    MIN_HEIGHT,
    MIN_WIDTH,
    NODE_LOOKS,
    TEXT_COLOURS,
    both_ends_changes,
    colour_icon,
    colour_key,
    end_changes,
    shape_icon,
    two_headed,
)
from mapviewer.ui.signals import wire

# Ids of their own, so typing in the form never merges into a rename made on the canvas.
FORM_NODE_EDIT = 101
FORM_EDGE_EDIT = 102
FORM_STYLE_EDIT = 103
# What steps a number field: its arrow keys, its arrow buttons, the wheel.
STEPPING = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel)
STEP_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
CHECK_DELAY_MS = 300  # a typed quote is checked against its source once typing pauses

_card_ids = itertools.count(1)


def _merge_in_session(
    command: FormNodeEdit | FormEdgeEdit, other: QUndoCommand, base: type[QUndoCommand]
) -> bool:
    if getattr(other, "session", None) != command.session:
        return False
    if not base.mergeWith(command, other):
        return False
    command.setObsolete(command.value == command.old)  # typed back to the start: no step at all
    return True


class FormNodeEdit(EditNodeCommand):
    """A concept field typed in the form; merges only within one session of one field."""

    def __init__(
        self, document: Document, node_id: str, field: str, value: Any, session: tuple, text: str
    ) -> None:
        super().__init__(document, node_id, field, value, merge=True, text=text)
        self.session = session

    def id(self) -> int:
        return FORM_NODE_EDIT

    def mergeWith(self, other: QUndoCommand) -> bool:
        return _merge_in_session(self, other, EditNodeCommand)


class FormEdgeEdit(EditEdgeCommand):
    """A link field typed in the form; merges only within one session of one field."""

    def __init__(
        self, document: Document, edge_id: str, field: str, value: Any, session: tuple, text: str
    ) -> None:
        super().__init__(document, edge_id, field, value, merge=True, text=text)
        self.session = session

    def id(self) -> int:
        return FORM_EDGE_EDIT

    def mergeWith(self, other: QUndoCommand) -> bool:
        return _merge_in_session(self, other, EditEdgeCommand)


class FormStyleEdit(SetStyleCommand):
    """A number typed in the form for several selected items: one step per visit to the
    field, as typing for one item is, however many values it passed through."""

    def __init__(
        self,
        document: Document,
        nodes: list[str],
        edges: list[str],
        changes: dict[str, Any],
        session: tuple,
        text: str,
    ) -> None:
        super().__init__(document, nodes, edges, changes, changes, text)
        self.session = session

    def id(self) -> int:
        return FORM_STYLE_EDIT

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, FormStyleEdit) or other.session != self.session:
            return False
        if (other.old_nodes.keys(), other.old_edges.keys()) != (
            self.old_nodes.keys(),
            self.old_edges.keys(),
        ):
            return False
        self.node_changes, self.edge_changes = other.node_changes, other.edge_changes
        self.setObsolete(not self.changes_anything)  # typed back to the start: no step at all
        return True


# The number fields: what the Style menu calls each (a step for several items is named so),
# and what a field shows for an item that has none of its own.
NUMBER_NAMES = {
    **{("node", field): LOOK_NAMES[field] for field in ("width", "height", "text_size")},
    ("node", "border_width"): LOOK_NAMES["border_width"],
    ("edge", "width"): "Link width",
}


def _shown_number(kind: str, field: str, value: float | None) -> float | None:
    """The number a field shows for ``value``: a width in whole points, a line's own 1 as none."""
    if kind == "node" and field in ("width", "height"):
        return round(value) if value else None
    if field in ("border_width", "width"):
        return 1.0 if value is None else value
    return value


OTHER = "other"  # the colour lists' last entry: any colour, from a colour dialog
MIXED = "mixed"  # shown while the selected items differ: choosing it changes nothing
NEW_KIND = "\0new kind"  # the Kind list's last entry: asks a name (no kind id holds a NUL)
# The look choices that follow the whole selection (when the item shown is one of several
# selected), as Style menu entries do: the field, and whether concepts and links take it.
SHARED_LOOKS = {
    "color": (True, True),
    "text_color": (True, False),
    "border_color": (True, False),
    "inside_color": (True, False),  # frames only
    "shape": (True, False),
    "border_dash": (True, False),
    "picture": (True, False),  # not a frame's
    "dash": (False, True),
}


def picture_said(uri: str | None, mixed: bool) -> str:
    """A concept's picture in a few words: its type and size (read from the URI's text, not
    decoded: the form loads on every change)."""
    if mixed:
        return "Mixed"
    if uri is None:
        return "None"
    head, _, body = uri.partition(",")
    kind = head.removeprefix("data:").split(";")[0].split("/")[-1].split("+")[0].upper()
    size = len(body) * 3 // 4 if head.endswith(";base64") else len(body)
    return f"{kind}, {size / 1024:,.0f} kB" if size >= 1024 else f"{kind}, {size} bytes"


def _colour_combo(name: str, first: str, colours: list[tuple[str, str]]) -> QComboBox:
    """A colour list: ``first`` (none of the item's own: the kind's or the theme's), named
    swatches, and "Other colour..." at the end."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem(first, "")
    for label, color in colours:
        combo.addItem(colour_icon(color), label, color)
    combo.addItem("Other colour...", OTHER)
    return combo


def _show_colour(combo: QComboBox, color: str | None, listed: int, mixed: bool = False) -> None:
    """Select ``color`` in ``combo``, showing it before "Other" when it is none of the
    ``listed`` entries (one such entry at most: the list does not grow as items are shown);
    "Mixed" there when the selected items have different colours. Colours are found as
    colours: a file's #ff0000 is the list's #FF0000."""
    key = colour_key(color)
    index = next((i for i in range(listed) if colour_key(combo.itemData(i)) == key), -1)
    if mixed or index < 0 or index >= listed:
        if combo.count() > listed + 1:
            combo.removeItem(listed)
        index = listed
        if mixed:
            combo.insertItem(index, "Mixed", MIXED)
        else:
            combo.insertItem(index, colour_icon(color or ""), color or "", color)
    combo.setCurrentIndex(index)


def _show_choice(combo: QComboBox, value: str, mixed: bool) -> None:
    """Select ``value`` in a list of choices, or "Mixed" (added at its end while needed)."""
    at = combo.findData(MIXED)
    if mixed:
        if at < 0:
            combo.addItem("Mixed", MIXED)
        combo.setCurrentIndex(combo.findData(MIXED))
        return
    if at >= 0:
        combo.removeItem(at)
    combo.setCurrentIndex(max(0, combo.findData(value)))


def parse_aliases(text: str) -> list[str]:
    """One alias per line; blank lines and surrounding spaces do not count."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _own_history(widget: QObject, undo: bool) -> Callable[[], None] | None:
    """The text field's own undo (or redo) when it has typing to take back, else None. Number
    boxes have none here: a number is set, not typed over a visit, and their step is the map's."""
    if isinstance(widget, QLineEdit) and not widget.isReadOnly():
        if undo:
            return widget.undo if widget.isUndoAvailable() else None
        return widget.redo if widget.isRedoAvailable() else None
    if isinstance(widget, QPlainTextEdit) and not widget.isReadOnly():
        text = widget.document()
        if undo:
            return widget.undo if text.isUndoAvailable() else None
        return widget.redo if text.isRedoAvailable() else None
    return None


def _forget_history(widget: QObject) -> None:
    """Drop a text field's own undo history, leaving its text and the map alone."""
    if isinstance(widget, QPlainTextEdit):
        widget.document().clearUndoRedoStacks()
    elif isinstance(widget, QLineEdit) and (widget.isUndoAvailable() or widget.isRedoAvailable()):
        blocked = widget.blockSignals(True)  # setText starts a fresh history; no edit is made
        widget.setText(widget.text())
        widget.blockSignals(blocked)


class GrowingText(QPlainTextEdit):
    """Plain text that grows with what it holds, from ``min_lines`` up to ``max_lines``."""

    def __init__(self, placeholder: str = "", min_lines: int = 2, max_lines: int = 12) -> None:
        super().__init__()
        self.min_lines = min_lines
        self.max_lines = max_lines
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_: object) -> None:
        lines = self.document().documentLayout().documentSize().height()
        lines = max(self.min_lines, min(self.max_lines, lines))
        frame = self.frameWidth() * 2
        margin = self.document().documentMargin() * 2
        self.setFixedHeight(int(lines * self.fontMetrics().lineSpacing() + margin + frame + 2))

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()


def _tool_button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    button.setAutoRaise(True)
    return button


class QuoteCard(QFrame):
    """One quote in the form: the source it cites, its words, and whether the source has them."""

    text_edited = Signal(object)
    source_chosen = Signal(object)
    move_requested = Signal(object, int)  # card, -1 up or +1 down
    remove = Signal(object)
    show_in_source = Signal(object)

    def __init__(self, document: Document, pending: bool) -> None:
        super().__init__()
        self.document_model = document
        self.uid = next(_card_ids)
        self.pending = pending  # added in the form, not yet in the map (it has no words yet)
        self.setObjectName("QuoteCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.source = QComboBox()
        self.source.setAccessibleName("Quoted source")
        self.source.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.source.setMinimumContentsLength(8)
        for source in document.cmap.sources:
            self.source.addItem(source.title, source.id)
            self.source.setItemData(  # a tooltip that looks like markup is read as HTML
                self.source.count() - 1, plain_tooltip(source.title), Qt.ItemDataRole.ToolTipRole
            )
        self.source.activated.connect(lambda _index: self.source_chosen.emit(self))
        self.up = _tool_button("↑", "Move quote up")
        self.down = _tool_button("↓", "Move quote down")
        self.open = _tool_button("↗", "Show in the source")
        self.delete = _tool_button("✕", "Remove quote")
        self.up.clicked.connect(lambda: self.move_requested.emit(self, -1))
        self.down.clicked.connect(lambda: self.move_requested.emit(self, 1))
        self.open.clicked.connect(lambda: self.show_in_source.emit(self))
        self.delete.clicked.connect(lambda: self.remove.emit(self))
        self.text = GrowingText("Words copied from the source, exactly", 2, 10)
        self.text.setAccessibleName("Quote text")
        self.text.textChanged.connect(lambda: self.text_edited.emit(self))
        self.warning = plain_label(warning=True)
        self.warning.hide()
        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self.check)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(2)
        top.addWidget(self.source, 1)
        for button in (self.up, self.down, self.open, self.delete):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 6, 8)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.text)
        layout.addWidget(self.warning)

    @property
    def source_id(self) -> str:
        return self.source.currentData() or ""

    @property
    def words(self) -> str:
        return self.text.toPlainText()

    def load(self, quote: Quote, keep_text: bool) -> None:
        """Show ``quote``; ``keep_text`` leaves alone words being typed that cannot be kept."""
        index = self.source.findData(quote.source)
        if index < 0:  # cites a source this map does not list: show its id rather than lie
            self.source.addItem(f"{quote.source} (not in this map)", quote.source)
            index = self.source.count() - 1
        self.source.setCurrentIndex(index)
        if self.words != quote.text and not keep_text:
            self.text.setPlainText(quote.text)
            self.check()

    def set_position(self, index: int, count: int) -> None:
        self.up.setEnabled(not self.pending and index > 0)
        self.down.setEnabled(not self.pending and index < count - 1)
        self.open.setEnabled(not self.pending)

    def schedule_check(self) -> None:
        self.check_timer.start()

    def check(self) -> None:
        """Warn, as the reading pane does, when the words are not in the cited source."""
        self.check_timer.stop()
        words = self.words
        if not words.strip():
            message = "" if self.pending else "A quote needs words: type them, or remove it."
        else:
            message = quote_warning(self.document_model, self.source_id, words)
        self.warning.setText(message)
        self.warning.setVisible(bool(message))


class DetailEditor(QScrollArea):
    """The form for the current concept or link of one document."""

    open_quote = Signal(str, str, int)  # owner kind, owner id, quote index

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document_model = document
        self.current: tuple[str, str] = ("", "")
        # The selected concepts and links (the window's canvas tells): the look choices follow
        # them all while the item shown is one of them.
        self.selection: Callable[[], tuple[set[str], set[str]]] = lambda: (set(), set())
        # A selection changes item by item (Qt tells of each): the form is shown again once.
        self._reselect = QTimer(self)
        self._reselect.setSingleShot(True)
        self._reselect.setInterval(0)
        self._reselect.timeout.connect(self._on_selection)
        self.cards: list[QuoteCard] = []
        self._session = 0  # bumped whenever a field loses the focus: the next edit is a new step
        self._pushing = False
        self._loading = False
        self._kind_signature: tuple = ()
        self.setWidgetResizable(True)
        self._in_sight: QuoteCard | None = None  # a new quote's card, kept on screen as it grows
        self.verticalScrollBar().rangeChanged.connect(self._scroll_to_typing)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Edit details")
        self._build()
        self._wire(document, True)
        self.show_item("", "")

    # --- construction ---------------------------------------------------------------------------

    def _build(self) -> None:
        body = QWidget()
        body.setObjectName("DetailEditorBody")
        self.empty = plain_label("Select a concept or a link on the map to edit it.", muted=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = plain_label(muted=True)
        self.label_edit = QLineEdit()
        self.label_edit.setAccessibleName("Label")
        self.label_edit.setClearButtonEnabled(False)
        self.label_edit.textEdited.connect(self._on_label)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Kind")
        self.kind_combo.activated.connect(self._on_kind)
        self.aliases_edit = GrowingText("Other names, one per line", 2, 8)
        self.aliases_edit.setAccessibleName("Aliases")
        self.aliases_edit.textChanged.connect(self._on_aliases)
        self.description_edit = GrowingText("What it is, in a sentence or two", 3, 14)
        self.description_edit.setAccessibleName("Description")
        self.description_edit.textChanged.connect(self._on_description)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(8)
        self.label_title = QLabel("Label")  # "Phrase" for a link
        self.label_title.setBuddy(self.label_edit)
        self.form.addRow(self.label_title, self.label_edit)
        self.form.addRow("Kind", self.kind_combo)
        self.form.addRow("Aliases", self.aliases_edit)
        self.form.addRow("Description", self.description_edit)
        self._build_look()
        self.quotes_title = QLabel("Quotes")
        font = self.quotes_title.font()
        font.setBold(True)
        self.quotes_title.setFont(font)
        self.add_quote_button = QToolButton()
        self.add_quote_button.setText("+ Add Quote")
        self.add_quote_button.setToolTip("Add a quotation from one of the map's sources")
        self.add_quote_button.setAccessibleName("Add quote")
        self.add_quote_button.clicked.connect(self.add_quote)
        quotes_bar = QHBoxLayout()
        quotes_bar.addWidget(self.quotes_title)
        quotes_bar.addStretch(1)
        quotes_bar.addWidget(self.add_quote_button)
        self.quotes_hint = plain_label("No quotation from the sources yet.", muted=True, wrap=False)
        self.cards_layout = QVBoxLayout()
        self.cards_layout.setSpacing(8)
        self.form_box = QWidget()
        box = QVBoxLayout(self.form_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(10)
        box.addWidget(self.caption)
        box.addLayout(self.form)
        box.addSpacing(6)
        box.addLayout(quotes_bar)
        box.addWidget(self.quotes_hint)
        box.addLayout(self.cards_layout)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addWidget(self.empty)
        layout.addWidget(self.form_box)
        layout.addStretch(1)
        self.setWidget(body)
        for field in (self.label_edit, self.aliases_edit, self.description_edit):
            field.installEventFilter(self)

    def _build_look(self) -> None:
        """The item's own look, over its kind's: colour, text colour, shape, size; a link's
        colour, line and direction; and a way back to the kind's."""
        palette = list(zip(COLOUR_NAMES, PALETTE, strict=True))
        self.colour_combo = _colour_combo("Colour", "Kind's colour", palette)
        self.colour_combo.activated.connect(lambda i: self._on_colour(self.colour_combo, i))
        self.text_colour_combo = _colour_combo("Text colour", "Automatic", list(TEXT_COLOURS))
        self.text_colour_combo.activated.connect(
            lambda i: self._on_colour(self.text_colour_combo, i)
        )
        self.shape_combo = QComboBox()
        self.shape_combo.setAccessibleName("Shape")
        self.shape_combo.addItem("Kind's shape", "")
        for shape in SHAPES:
            self.shape_combo.addItem(shape_icon(shape), shape.capitalize(), shape)
        self.shape_combo.activated.connect(self._on_shape)
        self.width_spin = QSpinBox()
        self.width_spin.setAccessibleName("Width")
        self.width_spin.lineEdit().setAccessibleName("Width")  # what a screen reader lands in
        self.width_spin.setRange(MIN_WIDTH - 1, MAX_WIDTH)  # the lowest means "fit the label"
        self.width_spin.setSingleStep(10)
        self.width_spin.setSpecialValueText("Fit to label")
        self.width_spin.setSuffix(" wide")
        self.width_spin.valueChanged.connect(self._on_width)
        self.width_spin.installEventFilter(self)
        self.height_spin = QSpinBox()
        self.height_spin.setAccessibleName("Height")
        self.height_spin.lineEdit().setAccessibleName("Height")
        self.height_spin.setRange(MIN_HEIGHT - 1, MAX_HEIGHT)  # the lowest: "fit the label"
        self.height_spin.setSingleStep(10)
        self.height_spin.setSpecialValueText("Fit to label")
        self.height_spin.setSuffix(" tall at least")
        self.height_spin.valueChanged.connect(self._on_height)
        self.height_spin.installEventFilter(self)
        self.text_size_spin = QDoubleSpinBox()
        self.text_size_spin.setAccessibleName("Text size")
        self.text_size_spin.lineEdit().setAccessibleName("Text size")
        self.text_size_spin.setDecimals(2)  # CmapTools' 13 px is 9.75 pt
        # The lowest is the theme's size, as the lowest width is "fit to label".
        self.text_size_spin.setRange(TEXT_SIZE_MIN - 1, TEXT_SIZE_MAX)
        self.text_size_spin.setSingleStep(1.0)
        self.text_size_spin.setSpecialValueText(f"Theme's ({LABEL_PT:g} pt)")
        self.text_size_spin.setSuffix(" pt")
        self.text_size_spin.setToolTip("The label's type size; the box grows or shrinks round it")
        self.text_size_spin.valueChanged.connect(self._on_text_size)
        self.text_size_spin.installEventFilter(self)
        self.dash_combo = QComboBox()
        self.dash_combo.setAccessibleName("Line")
        for dash in DASHES:
            self.dash_combo.addItem(DASH_NAMES[dash], dash)
        self.dash_combo.activated.connect(self._on_dash)
        self.line_width_spin = QDoubleSpinBox()
        self.line_width_spin.setAccessibleName("Line width")
        self.line_width_spin.lineEdit().setAccessibleName("Line width")
        self.line_width_spin.setDecimals(2)
        self.line_width_spin.setRange(0.1, LINE_WIDTH_LIMIT)  # 1: the theme's own link line
        self.line_width_spin.setSingleStep(0.5)
        self.line_width_spin.setValue(1.0)
        self.line_width_spin.setSuffix(" × normal")
        self.line_width_spin.setToolTip("How thick the link is drawn: 2 is twice a normal link")
        self.line_width_spin.valueChanged.connect(self._on_line_width)
        self.line_width_spin.installEventFilter(self)
        self._build_borders_and_ends(palette)
        # Each number field: the kind of item and its field it sets, and what takes a number.
        self._numbers: dict[QAbstractSpinBox, tuple[str, str, Callable[[Any], None]]] = {
            self.width_spin: ("node", "width", self._on_width),
            self.height_spin: ("node", "height", self._on_height),
            self.text_size_spin: ("node", "text_size", self._on_text_size),
            self.border_width_spin: ("node", "border_width", self._on_border_width),
            self.line_width_spin: ("edge", "width", self._on_line_width),
        }
        self._typed: set[QAbstractSpinBox] = set()  # typed into since "Mixed" was shown
        # A spin box puts its suffix back in an empty field: it has none while "Mixed" shows.
        self._suffixes = {spin: spin.suffix() for spin in self._numbers}  # type: ignore[attr-defined]
        for spin in self._numbers:
            spin.lineEdit().setPlaceholderText("Mixed")  # shown while the items differ
            spin.lineEdit().textEdited.connect(lambda _text, spin=spin: self._typed.add(spin))
            spin.editingFinished.connect(lambda spin=spin: self._on_number_done(spin))
        self.directed_check = QCheckBox("Has a direction (arrowhead)")
        self.directed_check.setAccessibleName("Direction")
        self.directed_check.clicked.connect(self._on_directed)
        self.both_ends_check = QCheckBox("Arrowheads at both ends")
        self.both_ends_check.setAccessibleName("Arrowheads at both ends")
        self.both_ends_check.clicked.connect(self._on_both_ends)
        self._build_picture()
        self.reset_style_button = QToolButton()
        self.reset_style_button.setText("Reset to kind's style")
        self.reset_style_button.setAccessibleName("Reset to kind's style")
        self.reset_style_button.clicked.connect(self.reset_style)
        self.form.addRow("Colour", self.colour_combo)
        self.form.addRow("Text colour", self.text_colour_combo)
        self.form.addRow("Shape", self.shape_combo)
        self.form.addRow("Width", self.width_spin)
        self.form.addRow("Height", self.height_spin)
        self.form.addRow("Text size", self.text_size_spin)
        self.form.addRow("Border", self.border_colour_combo)
        self.form.addRow("Border line", self.border_dash_combo)
        self.form.addRow("Border width", self.border_width_spin)
        self.form.addRow("Picture", self.picture_row)
        self.form.addRow("Inside", self.inside_colour_combo)
        self.form.addRow("Line", self.dash_combo)
        self.form.addRow("Line width", self.line_width_spin)
        self.form.addRow("Target end", self.end_combos["head"])
        self.form.addRow("Source end", self.end_combos["tail"])
        self.form.addRow("Direction", self.directed_check)
        self.form.addRow("", self.both_ends_check)
        self.form.addRow("", self.reset_style_button)

    def _build_picture(self) -> None:
        """The concept's picture: what it is, Choose... for a file, Remove (Style > Picture...
        and Remove Picture, for the selection the shown concept is part of)."""
        self.picture_row = QWidget()
        # What it is above its two buttons: in one line they widened the form past the dock.
        column = QVBoxLayout(self.picture_row)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.picture_text = QLabel("None")
        self.picture_text.setTextFormat(Qt.TextFormat.PlainText)
        self.picture_text.setAccessibleName("Picture")
        self.picture_choose = QToolButton()
        self.picture_choose.setText("Choose...")
        self.picture_choose.setAccessibleName("Choose picture")
        self.picture_choose.clicked.connect(lambda: self._on_picture(remove=False))
        self.picture_remove = QToolButton()
        self.picture_remove.setText("Remove")
        self.picture_remove.setAccessibleName("Remove picture")
        self.picture_remove.clicked.connect(lambda: self._on_picture(remove=True))
        row.addWidget(self.picture_choose)
        row.addWidget(self.picture_remove)
        row.addStretch(1)
        column.addWidget(self.picture_text)
        column.addLayout(row)

    def _on_picture(self, remove: bool) -> None:
        nodes, _ = self._targets("picture")
        doc = self.document_model
        self.end_session()
        if remove:
            take_pictures(doc, nodes)
        elif (path := ask_for_picture(doc, self)) is not None:
            give_picture(doc, nodes, path, self)
        self.end_session()
        self.load()

    def _build_borders_and_ends(self, palette: list[tuple[str, str]]) -> None:
        """A concept's own outline (colour, line, width) and what a link's ends are drawn as,
        as Style > Border and the Link End menus set them."""
        plain = [(name.replace("&", ""), color) for name, color in BORDER_COLOURS]
        self.border_colours = [*plain, *palette]
        self.border_colour_combo = _colour_combo("Border", "Kind's outline", self.border_colours)
        self.border_colour_combo.activated.connect(
            lambda i: self._on_colour(self.border_colour_combo, i)
        )
        self.inside_colours = [(name.replace("&", ""), color) for name, color in INSIDE_COLOURS]
        self.inside_colour_combo = _colour_combo(
            "Inside colour", "Tint of its colour", self.inside_colours
        )
        self.inside_colour_combo.setToolTip("What the group's frame is filled with inside")
        self.inside_colour_combo.activated.connect(
            lambda i: self._on_colour(self.inside_colour_combo, i)
        )
        self.border_dash_combo = QComboBox()
        self.border_dash_combo.setAccessibleName("Border line")
        for dash in DASHES:
            self.border_dash_combo.addItem(DASH_NAMES[dash], dash)
        self.border_dash_combo.activated.connect(self._on_border_dash)
        self.border_width_spin = QDoubleSpinBox()
        self.border_width_spin.setAccessibleName("Border width")
        self.border_width_spin.lineEdit().setAccessibleName("Border width")
        self.border_width_spin.setDecimals(2)
        self.border_width_spin.setRange(0.0, LINE_WIDTH_LIMIT)  # 1: the theme's own outline
        self.border_width_spin.setSpecialValueText("None")  # 0: no outline, as Style > Border
        self.border_width_spin.setSingleStep(0.5)
        self.border_width_spin.setValue(1.0)
        self.border_width_spin.setSuffix(" × normal")
        self.border_width_spin.valueChanged.connect(self._on_border_width)
        self.border_width_spin.installEventFilter(self)
        self.end_combos: dict[str, QComboBox] = {}
        for end, name in (("head", "Target end"), ("tail", "Source end")):
            combo = QComboBox()
            combo.setAccessibleName(name)
            if end == "tail":
                combo.addItem("None", "")
            for kind in ENDS:
                combo.addItem(END_NAMES[kind].replace("&", ""), kind)
            combo.activated.connect(lambda i, end=end: self._on_end(end, i))
            self.end_combos[end] = combo

    def _wire(self, document: Document, on: bool) -> None:
        pairs = (
            (document.node_changed, self._on_node_changed),
            (document.edge_changed, self._on_edge_changed),
            (document.kinds_changed, self._on_kinds_changed),
            (document.sources_changed, self._on_sources_changed),
            (document.node_removed, self._on_removed),
            (document.edge_removed, self._on_removed),
            (document.reset, self._on_reset),
        )
        wire(pairs, on)

    def set_document(self, document: Document) -> None:
        self._wire(self.document_model, False)
        self.document_model = document
        self._wire(document, True)
        self._kind_signature = ()
        self.current = ("", "")
        self.show_item("", "")

    # --- what is shown --------------------------------------------------------------------------

    def item(self) -> Node | Edge | None:
        kind, ident = self.current
        doc = self.document_model
        return doc.nodes.get(ident) if kind == "node" else doc.edges.get(ident) if kind else None

    def show_item(self, kind: str, ident: str) -> None:
        """Edit this concept or link ("" for none)."""
        doc = self.document_model
        if not ((kind == "node" and ident in doc.nodes) or (kind == "edge" and ident in doc.edges)):
            kind, ident = "", ""
        if (kind, ident) != self.current:
            self.end_session()
            self.current = (kind, ident)
            self._clear_cards()
        self.empty.setVisible(not kind)
        self.form_box.setVisible(bool(kind))
        if not kind:
            return
        is_node = kind == "node"
        self.form.setRowVisible(self.kind_combo, is_node)
        self.form.setRowVisible(self.aliases_edit, is_node)
        node_rows: tuple[QWidget, ...] = (
            self.text_colour_combo,
            self.shape_combo,
            self.width_spin,
            self.height_spin,
            self.text_size_spin,
            self.border_colour_combo,
            self.border_dash_combo,
            self.border_width_spin,
            self.picture_row,
        )
        for widget in node_rows:
            self.form.setRowVisible(widget, is_node)
        self.form.setRowVisible(self.inside_colour_combo, False)  # a frame's: load shows it
        link_rows = (
            self.dash_combo,
            self.line_width_spin,
            self.directed_check,
            self.both_ends_check,
            *self.end_combos.values(),
        )
        for widget in link_rows:
            self.form.setRowVisible(widget, not is_node)
        self.label_title.setText("Label" if is_node else "Phrase")
        self.label_edit.setPlaceholderText(
            "A concept needs a label" if is_node else "Linking phrase, e.g. blocks"
        )
        self.load()

    def load(self) -> None:
        """Bring every field in line with the map, leaving alone what already agrees."""
        item = self.item()
        if item is None:
            return
        self._loading = True
        try:
            self.caption.setText(self._caption(item))
            keep_label = self._typing_invalid(self.label_edit, self.label_edit.text())
            if self.label_edit.text() != item.label and not keep_label:
                self.label_edit.setText(item.label)
            if isinstance(item, Node):
                nodes = self.document_model.nodes
                kinds = {nodes[n].kind for n in self._alike()[0]}
                self._load_kind(item.kind, len(kinds) > 1)
                if parse_aliases(self.aliases_edit.toPlainText()) != item.aliases:
                    self.aliases_edit.setPlainText("\n".join(item.aliases))
            if self.description_edit.toPlainText() != item.description:
                self.description_edit.setPlainText(item.description)
            self._load_look(item)
            self._load_quotes(item.quotes)
        finally:
            self._loading = False

    def _load_look(self, item: Node | Edge) -> None:
        mixed = self._mixed
        _show_colour(self.colour_combo, item.color, len(COLOUR_NAMES) + 1, mixed("color"))
        if isinstance(item, Node):
            listed = len(TEXT_COLOURS) + 1
            _show_colour(self.text_colour_combo, item.text_color, listed, mixed("text_color"))
            _show_choice(self.shape_combo, item.shape or "", mixed("shape"))
            for spin, field in ((self.width_spin, "width"), (self.height_spin, "height")):
                size = getattr(item, field)
                self._show_number(spin, round(size) if size else spin.minimum(), field)
            size = item.text_size or self.text_size_spin.minimum()
            self._show_number(self.text_size_spin, size, "text_size")
            listed = len(self.border_colours) + 1
            border = mixed("border_color")
            _show_colour(self.border_colour_combo, item.border_color, listed, border)
            dash = item.border_dash or "solid"
            _show_choice(self.border_dash_combo, dash, mixed("border_dash"))
            border_width = 1.0 if item.border_width is None else item.border_width
            self._show_number(self.border_width_spin, border_width, "border_width")
            # A frame's only: a concept becomes one when another is put in it, and back.
            frame = item.id in frame_ids(self.document_model.cmap.nodes)
            self.form.setRowVisible(self.inside_colour_combo, frame)
            self.form.setRowVisible(self.picture_row, not frame)
            self.picture_text.setText(picture_said(item.picture, mixed("picture")))
            pictured = self._targets("picture")[0]
            doc = self.document_model
            self.picture_remove.setEnabled(any(doc.nodes[n].picture for n in pictured))
            listed = len(self.inside_colours) + 1
            inside = mixed("inside_color")
            _show_colour(self.inside_colour_combo, item.inside_color, listed, inside)
        else:
            _show_choice(self.dash_combo, item.dash or "solid", mixed("dash"))
            links = [self.document_model.edges[e] for e in self._targets("dash")[1]]
            self._show_number(self.line_width_spin, item.width or 1.0, "width")
            self._show_check(self.directed_check, [link.directed for link in links])
            self._show_check(self.both_ends_check, [two_headed(link) for link in links])
            for index, end in enumerate(("tail", "head")):
                combo = self.end_combos[end]
                if len({drawn_ends(link)[index] for link in links}) > 1:
                    _show_choice(combo, "", True)
                    continue
                _show_choice(combo, "", False)  # drops "Mixed"
                kind = drawn_ends(item)[index]
                combo.setCurrentIndex(combo.findData(kind or ""))  # none drawn: the head blank

    def _show_number(self, spin: QAbstractSpinBox, value: float, field: str) -> None:
        """The item's number, or an empty field saying "Mixed" where the selected items of its
        kind differ (typing there sets them all); left alone while typed in: the items follow
        the field, not the field the items."""
        if spin.hasFocus():
            return
        self._typed.discard(spin)
        mixed = self._numbers_differ(field)
        spin.setSuffix("" if mixed else self._suffixes[spin])  # type: ignore[attr-defined]
        spin.setValue(value)  # type: ignore[attr-defined]
        if mixed:
            spin.lineEdit().clear()

    def _alike(self) -> tuple[list[str], list[str]]:
        """The selected items of the shown item's kind (the item alone when it is not one of
        the selection): what a number typed in the form sets."""
        nodes, edges = self._shared_with()
        return (nodes, []) if self.current[0] == "node" else ([], edges)

    def _numbers_differ(self, field: str) -> bool:
        kind = self.current[0]
        nodes, edges = self._alike()
        doc = self.document_model
        items: list[Node | Edge] = [doc.nodes[n] for n in nodes] + [doc.edges[e] for e in edges]
        return len({_shown_number(kind, field, getattr(item, field)) for item in items}) > 1

    def _caption(self, item: Node | Edge) -> str:
        shared, links = self._shared_with()
        if len(shared) + len(links) > 1:  # style, kind and numbers act on them all: say so
            named = items_named(self.document_model, shared, links)
            what = "Concept" if isinstance(item, Node) else "Link"
            return f"{what}  ·  style, kind and sizes apply to {named} selected"
        if isinstance(item, Node):
            return f"Concept  ·  id {item.id}"
        nodes = self.document_model.nodes
        source = nodes[item.source].label if item.source in nodes else item.source
        target = nodes[item.target].label if item.target in nodes else item.target
        return f"Link  ·  {source} → {target}"

    def _shared_with(self) -> tuple[list[str], list[str]]:
        """The selected concepts and links, when the item shown is one of several selected;
        else the item alone."""
        kind, ident = self.current
        nodes, edges = self.selection()
        doc = self.document_model
        if ident not in (nodes if kind == "node" else edges):
            return ([ident], []) if kind == "node" else ([], [ident]) if kind else ([], [])
        return sorted(n for n in nodes if n in doc.nodes), sorted(
            e for e in edges if e in doc.edges
        )

    def _targets(self, field: str) -> tuple[list[str], list[str]]:
        """The concepts and links a look choice of ``field`` changes: the shown item's kind
        of item among the selection (a frame's inside: frames only)."""
        nodes, edges = self._shared_with()
        on_nodes, on_edges = SHARED_LOOKS[field]
        if field == "inside_color":
            frames = frame_ids(self.document_model.cmap.nodes)
            nodes = [n for n in nodes if n in frames]
        elif field == "picture":
            nodes = pictured_ids(self.document_model, nodes)
        return (nodes if on_nodes else []), (edges if on_edges else [])

    def _mixed(self, field: str) -> bool:
        """Whether the items a choice of ``field`` would change differ in it."""
        nodes, edges = self._targets(field)
        doc = self.document_model
        items: list[Node | Edge] = [doc.nodes[n] for n in nodes] + [doc.edges[e] for e in edges]
        same = colour_key if field in COLOUR_FIELDS else (lambda value: value)
        return len({same(getattr(item, field)) for item in items}) > 1

    def _choose(self, field: str, value: Any, what: str) -> None:
        """A look chosen: one undo step for the shown item, or for every selected item it
        applies to while the item is one of several (as the Style menu sets them)."""
        nodes, edges = self._targets(field)
        if len(nodes) + len(edges) <= 1:
            self._step(field, value, self._named(what))
            return
        self._restyle(nodes, edges, {field: value}, {field: value}, what)
        self.load()

    def _named(self, what: str) -> str:
        """A step of the shown item alone, named as the Style menu names it (step_named)."""
        kind, ident = self.current
        nodes, edges = ([ident], []) if kind == "node" else ([], [ident])
        return step_named(self.document_model, what, nodes, edges)

    def _typing_invalid(self, widget: QWidget, text: str) -> bool:
        """Words being typed that the map cannot hold yet (an empty label) stay on screen."""
        return widget.hasFocus() and not text.strip()

    def _load_kind(self, kind_id: str | None, mixed: bool) -> None:
        doc = self.document_model
        kinds = [(k.id, k.label, k.color, k.shape) for k in doc.cmap.kinds]
        unknown = kind_id if kind_id and kind_id not in doc.kinds else None
        signature = (tuple(kinds), unknown)
        if signature != self._kind_signature:
            self._kind_signature = signature
            styles = kind_styles(doc.cmap)
            self.kind_combo.clear()
            for kind in doc.cmap.kinds:
                self.kind_combo.addItem(swatch_icon(styles[kind.id]), kind.label, kind.id)
            if unknown:
                self.kind_combo.addItem(f"{unknown} (not defined)", unknown)
            self.kind_combo.addItem(swatch_icon(styles[""]), "No kind", "")
            # Edit > Concept Kind has New Kind…: the form had no way to a kind the map lacks.
            self.kind_combo.addItem("New kind…", NEW_KIND)
        _show_choice(self.kind_combo, kind_id or "", mixed)

    # --- quotes -----------------------------------------------------------------------------------

    def _committed(self) -> list[QuoteCard]:
        return [c for c in self.cards if not c.pending]

    def _load_quotes(self, quotes: list[Quote]) -> None:
        committed = self._committed()
        if len(committed) != len(quotes):
            pending = [c for c in self.cards if c.pending]
            for card in committed:
                self._drop_card(card)
            self.cards = []
            for _ in quotes:
                self._add_card(pending=False)
            for card in pending:
                self.cards.append(card)
                self.cards_layout.addWidget(card)
            committed = self._committed()
        for card, quote in zip(committed, quotes, strict=True):
            card.load(quote, keep_text=self._typing_invalid(card.text, card.words))
        for index, card in enumerate(self.cards):
            card.set_position(index, len(committed))
        self.quotes_title.setText(f"Quotes ({len(quotes)})" if quotes else "Quotes")
        self.quotes_hint.setVisible(not self.cards)
        has_sources = bool(self.document_model.cmap.sources)
        self.quotes_hint.setText(
            "No quotation from the sources yet." if has_sources else "This map lists no sources."
        )
        self.add_quote_button.setEnabled(has_sources)
        self.add_quote_button.setToolTip(
            "Add a quotation from one of the map's sources"
            if has_sources
            else "This map lists no sources to quote"
        )

    def _add_card(self, pending: bool) -> QuoteCard:
        card = QuoteCard(self.document_model, pending)
        card.text_edited.connect(self._on_card_text)
        card.source_chosen.connect(self._on_card_source)
        card.move_requested.connect(self._on_card_move)
        card.remove.connect(self._on_card_remove)
        card.show_in_source.connect(self._on_card_open)
        card.text.installEventFilter(self)
        self.cards.append(card)
        self.cards_layout.addWidget(card)
        return card

    def _drop_card(self, card: QuoteCard) -> None:
        card.text.removeEventFilter(self)
        card.check_timer.stop()
        card.hide()
        card.setParent(None)
        card.deleteLater()

    def _clear_cards(self) -> None:
        for card in self.cards:
            self._drop_card(card)
        self.cards = []

    def add_quote(self) -> QuoteCard | None:
        """A new empty quote at the end; it joins the map when its first word is typed."""
        if self.item() is None or not self.document_model.cmap.sources:
            return None
        pending = next((c for c in self.cards if c.pending), None)
        if pending is None:
            pending = self._add_card(pending=True)
            self._loading = True
            try:
                self._load_quotes(self.item().quotes)  # type: ignore[union-attr]
            finally:
                self._loading = False
        pending.text.setFocus(Qt.FocusReason.OtherFocusReason)
        self._keep_in_sight(pending)
        return pending

    def _keep_in_sight(self, card: QuoteCard) -> None:
        """Scroll to ``card`` once the form is laid out, and whenever its height changes while
        the card's words have the keys: asked at once, the new card had no place yet, the form
        jumped up to the aliases, and the box being typed in was out of sight."""
        self._in_sight = card
        QTimer.singleShot(0, self._scroll_to_typing)

    def _scroll_to_typing(self) -> None:
        card = self._in_sight
        if card is None or card not in self.cards or not card.text.hasFocus():
            self._in_sight = None
            return
        self.ensureWidgetVisible(card, 0, 10)

    # --- edits ----------------------------------------------------------------------------------

    def end_session(self) -> None:
        """The next edit of any field is a new undo step."""
        self._session += 1

    def _push(self, command: QUndoCommand) -> None:
        self._pushing = True
        try:
            self.document_model.undo_stack.push(command)
        finally:
            self._pushing = False

    def _type_into(self, field: str, value: Any, key: object, text: str) -> None:
        """Typing: merges with the previous keystrokes of this session of this field."""
        kind, ident = self.current
        session = (self._session, key)
        doc = self.document_model
        if kind == "node":
            self._push(FormNodeEdit(doc, ident, field, value, session, text))
        elif kind == "edge":
            self._push(FormEdgeEdit(doc, ident, field, value, session, text))

    def _step(self, field: str, value: Any, text: str) -> None:
        """An edit that is a whole undo step by itself: choosing, moving, removing."""
        kind, ident = self.current
        doc = self.document_model
        self.end_session()
        if kind == "node":
            self._push(EditNodeCommand(doc, ident, field, value, text=text))
        elif kind == "edge":
            self._push(EditEdgeCommand(doc, ident, field, value, text=text))
        self.end_session()

    def _on_label(self, text: str) -> None:
        item = self.item()
        if item is None or text == item.label:
            return
        if isinstance(item, Node) and not text.strip():
            return  # a concept needs a label: wait for one, restore the old one on leaving
        what = "label" if isinstance(item, Node) else "link phrase"
        self._type_into("label", text, "label", f"Edit {what}")

    def _on_kind(self, index: int) -> None:
        item = self.item()
        kind_id = self.kind_combo.itemData(index) or None
        if not isinstance(item, Node) or kind_id == MIXED:
            return
        if kind_id == NEW_KIND:
            self._ask_new_kind()
            return
        # Every selected concept, as Map > Kind gives them one; the shown one alone else.
        nodes = self.document_model.nodes
        changing = [n for n in self._alike()[0] if nodes[n].kind != kind_id]
        if changing:
            self.end_session()
            self._push(ChangeKindCommand(self.document_model, changing, kind_id))
            self.end_session()
        self.load()  # the others changed too: "Mixed" may go

    def _ask_new_kind(self) -> None:
        """New kind… in the Kind list: a name asked, a kind of that name given to every
        selected concept (as the list's other entries are), one undo step; or nothing."""
        name, chosen = QInputDialog.getText(self, "New kind", "Name of the new kind:")
        if chosen and name.strip():
            # The Kinds dialog's module, as Map > Kinds… loads it: not for the first frame.
            from mapviewer.ui.dialogs.kindsdialog import give_new_kind  # noqa: PLC0415

            self.end_session()
            self._pushing = True
            try:
                give_new_kind(self.document_model, name.strip(), self._alike()[0])
            finally:
                self._pushing = False
            self.end_session()
        self.load()  # the new kind shown, or the concept's own again after a cancel

    def _on_colour(self, combo: QComboBox, index: int) -> None:
        item = self.item()
        if item is None:
            return
        fields = {
            self.colour_combo: "color",
            self.text_colour_combo: "text_color",
            self.inside_colour_combo: "inside_color",
        }
        field = fields.get(combo, "border_color")
        value = combo.itemData(index) or None
        if value == MIXED:
            return
        if value == OTHER:
            now = getattr(item, field) or item.color or DEFAULT_COLOR
            chosen = QColorDialog.getColor(QColor(now), self, "Choose a colour")
            value = chosen.name().upper() if chosen.isValid() else getattr(item, field)
        if colour_key(value) != colour_key(getattr(item, field)) or self._mixed(field):
            self._choose(field, value, COLOUR_FIELDS[field])
        else:
            self.load()

    def _on_shape(self, index: int) -> None:
        item = self.item()
        shape = self.shape_combo.itemData(index) or None
        if shape == MIXED or not isinstance(item, Node):
            return
        if shape != item.shape or self._mixed("shape"):
            self._choose("shape", shape, LOOK_NAMES["shape"])

    def _on_width(self, value: int) -> None:
        self._on_size("width", value, MIN_WIDTH)

    def _on_height(self, value: int) -> None:
        self._on_size("height", value, MIN_HEIGHT)

    def _on_size(self, field: str, value: int, least: int) -> None:
        """A width or height typed: below the least, the box fits its label again."""
        item = self.item()
        if self._loading or not isinstance(item, Node):
            return
        size = float(value) if value >= least else None
        if size != getattr(item, field) or self._numbers_differ(field):
            self._set_number(field, size, field)

    def _on_text_size(self, value: float) -> None:
        """A text size typed or stepped: one undo step per visit to the field, as a width;
        below the least the label is in the theme's size again."""
        item = self.item()
        if self._loading or not isinstance(item, Node):
            return
        size = value if value >= TEXT_SIZE_MIN else None
        if size != item.text_size or self._numbers_differ("text_size"):
            self._set_number("text_size", size, "text size")

    def _on_dash(self, index: int) -> None:
        item = self.item()
        dash = self.dash_combo.itemData(index)
        dash = None if dash == "solid" else dash
        if dash == MIXED or not isinstance(item, Edge):
            return
        if dash != item.dash or self._mixed("dash"):
            self._choose("dash", dash, "Link line")

    def _on_line_width(self, value: float) -> None:
        item = self.item()
        if self._loading or not isinstance(item, Edge):
            return
        width = None if value == 1.0 else value  # a normal line is the theme's, as unset
        if width != item.width or self._numbers_differ("width"):
            self._set_number("width", width, "line width")

    def _on_border_dash(self, index: int) -> None:
        item = self.item()
        dash = self.border_dash_combo.itemData(index)
        dash = None if dash == "solid" else dash
        if dash == MIXED or not isinstance(item, Node):
            return
        if dash != item.border_dash or self._mixed("border_dash"):
            self._choose("border_dash", dash, LOOK_NAMES["border_dash"])

    def _on_border_width(self, value: float) -> None:
        item = self.item()
        if self._loading or not isinstance(item, Node):
            return
        width = None if value == 1.0 else value  # a normal outline is the theme's, as unset
        if width != item.border_width or self._numbers_differ("border_width"):
            self._set_number("border_width", width, "border width")

    def _set_number(self, field: str, value: float | None, key: str) -> None:
        """A number typed: for the shown item, or for every selected item of its kind in one
        step named as the Style menu names it; the keystrokes of one visit merge."""
        nodes, edges = self._alike()
        doc = self.document_model
        what = step_named(doc, NUMBER_NAMES[(self.current[0], field)], nodes, edges)
        if len(nodes) + len(edges) <= 1:
            self._type_into(field, value, key, what)
            return
        session = (self._session, key)
        command = FormStyleEdit(doc, nodes, edges, {field: value}, session, what)
        if command.changes_anything:
            self._push(command)

    def _step_from_shown(self, spin: QAbstractSpinBox, event: QEvent) -> None:
        """An arrow key, an arrow button or the wheel on "Mixed" steps all from the shown
        item's number: the empty field made the first step only show that number."""
        if spin.lineEdit().text():
            return
        if isinstance(event, QKeyEvent) and event.key() not in STEP_KEYS:
            return
        if isinstance(event, QMouseEvent) and spin.lineEdit().geometry().contains(
            event.position().toPoint()
        ):
            return  # a click into the text, to type over "Mixed"
        spin.setSuffix(self._suffixes[spin])  # type: ignore[attr-defined]
        spin.setValue(spin.value())  # type: ignore[attr-defined]  # writes the number back

    def _on_number_done(self, spin: QAbstractSpinBox) -> None:
        """Enter, or leaving the field: a number typed over "Mixed" that the shown item has
        already sets the others too (the field's value did not change, so nothing had)."""
        kind, field, take = self._numbers[spin]
        if kind != self.current[0]:  # left as another kind of item came to be shown
            self._typed.discard(spin)
            return
        if spin in self._typed:
            self._typed.discard(spin)
            if spin.lineEdit().text():
                take(spin.value())  # type: ignore[attr-defined]
        if not self._numbers_differ(field):  # one number now: its unit back
            spin.setSuffix(self._suffixes[spin])  # type: ignore[attr-defined]

    def _on_end(self, end: str, index: int) -> None:
        """A link end's mark chosen: one undo step, as the Style menu's Link End entries."""
        item = self.item()
        if not isinstance(item, Edge):
            return
        kind = self.end_combos[end].itemData(index) or None
        if kind == MIXED:
            return
        what = "Link target end" if end == "head" else "Link source end"
        self._set_links(end_changes(end, kind), what)

    def _set_links(self, changes: dict[str, Any], what: str) -> None:
        """One undo step giving every selected link (the shown one among them) ``changes``."""
        _, links = self._targets("dash")  # every selected link, as the Line choice
        self._restyle([], links, {}, changes, what)
        self.load()  # the others changed too: "Mixed" may go

    def _restyle(
        self,
        nodes: list[str],
        edges: list[str],
        node_changes: dict[str, Any],
        edge_changes: dict[str, Any],
        what: str,
    ) -> None:
        """One undo step of its own (never merged with typing) for the items, several named
        in the history as the Style menu names them; none when nothing would change."""
        command = style_step(self.document_model, nodes, edges, node_changes, edge_changes, what)
        if command is not None:
            self.end_session()
            self._push(command)
            self.end_session()

    @staticmethod
    def _show_check(check: QCheckBox, values: list[bool]) -> None:
        """Ticked, not, or partly where the selected links differ (a click then sets all)."""
        if len(set(values)) > 1:
            check.setCheckState(Qt.CheckState.PartiallyChecked)
            return
        check.setTristate(False)
        check.setChecked(bool(values) and values[0])

    def _on_directed(self, checked: bool) -> None:
        item = self.item()
        if not isinstance(item, Edge):
            return
        if len(self._targets("dash")[1]) > 1:
            self._set_links({"directed": checked}, "Link direction")
        elif checked != item.directed:
            self._step("directed", checked, self._named("Link direction"))

    def _on_both_ends(self, checked: bool) -> None:
        """Both heads or the target's only: one undo step (a link given two heads is given its
        direction too, as Style > Link Arrowheads at Both Ends does)."""
        item = self.item()
        if isinstance(item, Edge):
            self._set_links(both_ends_changes(checked), "Link arrowheads")

    def reset_style(self) -> None:
        """The item's look back to its kind's (with the rest of the selection it is one of, as
        Style > Reset to Kind's Style): one undo step, none when there is nothing own."""
        nodes, edges = self._shared_with()
        if not nodes and not edges:
            return
        self._restyle(nodes, edges, dict(NODE_LOOKS), dict(LINK_LOOKS), "Reset style")

    def _on_aliases(self) -> None:
        item = self.item()
        if self._loading or not isinstance(item, Node):
            return
        aliases = parse_aliases(self.aliases_edit.toPlainText())
        if aliases != item.aliases:
            self._type_into("aliases", aliases, "aliases", "Edit aliases")

    def _on_description(self) -> None:
        item = self.item()
        if self._loading or item is None:
            return
        text = self.description_edit.toPlainText()
        if text != item.description:
            self._type_into("description", text, "description", "Edit description")

    def _on_card_text(self, card: QuoteCard) -> None:
        if self._loading:
            return
        card.schedule_check()
        self._commit_card_text(card, card.words)

    def _commit_card_text(self, card: QuoteCard, words: str) -> None:
        item = self.item()
        if item is None or not words.strip() or not card.source_id:
            return  # a quote needs words; the card says so once typing pauses
        quotes = [q.model_copy(deep=True) for q in item.quotes]
        if card.pending:
            card.pending = False
            quotes.append(Quote(source=card.source_id, text=words))
            text = "Add quote"
        else:
            index = self._committed().index(card)
            if quotes[index].text == words:
                return
            quotes[index] = quotes[index].model_copy(update={"text": words})
            text = "Edit quote"
        self._type_into("quotes", quotes, ("quote", card.uid), text)

    def _on_card_source(self, card: QuoteCard) -> None:
        card.check()
        item = self.item()
        if item is None or card.pending:
            return
        index = self._committed().index(card)
        quotes = [q.model_copy(deep=True) for q in item.quotes]
        if quotes[index].source != card.source_id:
            quotes[index] = quotes[index].model_copy(update={"source": card.source_id})
            self._step("quotes", quotes, "Change quote source")

    def _on_card_move(self, card: QuoteCard, delta: int) -> None:
        item = self.item()
        if item is None or card.pending:
            return
        index = self._committed().index(card)
        other = index + delta
        if not 0 <= other < len(item.quotes):
            return
        quotes = [q.model_copy(deep=True) for q in item.quotes]
        quotes[index], quotes[other] = quotes[other], quotes[index]
        self._step("quotes", quotes, "Move quote up" if delta < 0 else "Move quote down")

    def _on_card_remove(self, card: QuoteCard) -> None:
        item = self.item()
        if item is None:
            return
        if card.pending:
            self.cards.remove(card)
            self._drop_card(card)
            self.load()
            return
        index = self._committed().index(card)
        quotes = [q.model_copy(deep=True) for i, q in enumerate(item.quotes) if i != index]
        self._step("quotes", quotes, "Remove quote")

    def _on_card_open(self, card: QuoteCard) -> None:
        if not card.pending:
            kind, ident = self.current
            self.open_quote.emit(kind, ident, self._committed().index(card))

    def _tidy(self, widget: QObject) -> None:
        """On leaving a field: spaces around a label or a quote are typing, not content."""
        if widget is self.label_edit:
            text = self.label_edit.text()
            if text.strip() and text != text.strip():
                self._on_label(text.strip())
            return
        card = next((c for c in self.cards if c.text is widget), None)
        if card is not None and card.words.strip() and card.words != card.words.strip():
            self._commit_card_text(card, card.words.strip())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in STEPPING and watched in self._numbers:
            self._step_from_shown(watched, event)
        # Ctrl+Z in a text field takes back the typing of this visit to it first, as a text
        # field does anywhere (the map follows each keystroke, so it follows the undo too);
        # only a field with nothing of its own to undo passes the key to the map's undo, a
        # history the form follows. Ctrl+Z in a quote undid the whole quote edit at once.
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and is_undo_key(
            event  # type: ignore[arg-type]
        ):
            undo = event.matches(QKeySequence.StandardKey.Undo)  # type: ignore[attr-defined]
            own = _own_history(watched, undo)
            if kind == QEvent.Type.ShortcutOverride:
                # Accepted, the key comes here rather than to the window's Undo shortcut.
                event.setAccepted(own is not None)
                return True
            stack = self.document_model.undo_stack
            if own is not None:
                own()
            elif undo:
                stack.undo()
            else:
                stack.redo()
            return True
        if kind == QEvent.Type.FocusOut and self.item() is not None:
            reason = event.reason() if isinstance(event, QFocusEvent) else None
            if reason != Qt.FocusReason.PopupFocusReason:
                self._tidy(watched)
                self.end_session()
                self.load()
                if isinstance(watched, QAbstractSpinBox):  # it writes its number back after this
                    self._reselect.start()
                # The visit's typing is one step of the map's history now: Ctrl+Z on coming
                # back undoes the map's last step, not typing from an earlier visit.
                _forget_history(watched)
        return super().eventFilter(watched, event)

    # --- the document changed -------------------------------------------------------------------

    def _follow(self) -> None:
        if not self._pushing:  # an undo, a redo or another view: typing on is a new step
            self.end_session()
        self.load()

    def _on_node_changed(self, node_id: str) -> None:
        kind, ident = self.current
        if kind == "node" and ident == node_id:
            self._follow()
        else:
            edge = self.document_model.edges.get(ident) if kind == "edge" else None
            if edge is not None and node_id in (edge.source, edge.target):
                self.caption.setText(self._caption(edge))
            self._others_changed()

    def _on_edge_changed(self, edge_id: str) -> None:
        if self.current == ("edge", edge_id):
            self._follow()
        else:
            self._others_changed()

    def _others_changed(self) -> None:
        """Another item changed (one of the selection, perhaps: undo gives several their
        colours back after the shown one): "Mixed" is judged again, once, when they all have."""
        if self.isVisible() and self.item() is not None:
            self._reselect.start()

    def selection_changed(self) -> None:
        self._reselect.start()

    def _on_selection(self) -> None:
        if self.isVisible() and self.item() is not None:
            self.load()

    def _on_kinds_changed(self) -> None:
        if self.current[0] == "node":
            self.load()

    def _on_sources_changed(self) -> None:
        self._clear_cards()
        if self.current[0]:
            self.load()

    def _on_reset(self) -> None:
        self.show_item("", "")

    def _on_removed(self, ident: str) -> None:
        if self.current[1] == ident and self.item() is None:
            self.show_item("", "")


class DetailsPanel(QWidget):
    """The Details dock's contents: the reading page, or the form, and the switch between them."""

    def __init__(self, pane: DetailPane, editor: DetailEditor, toggle: QAction) -> None:
        super().__init__()
        self.pane = pane
        self.editor = editor
        self.edit_button = QToolButton()
        self.edit_button.setDefaultAction(toggle)
        self.edit_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.edit_button.setAutoRaise(True)
        bar = QHBoxLayout()
        bar.setContentsMargins(12, 4, 6, 0)
        bar.addStretch(1)
        bar.addWidget(self.edit_button)
        self.stack = QStackedWidget()
        self.stack.addWidget(pane)
        self.stack.addWidget(editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)


class DetailEditing:
    """Puts the form into the Details dock beside ``pane`` and switches it on and off; the
    Edit Details shortcut works anywhere in ``host``, the main window."""

    def __init__(self, pane: DetailPane, dock: QDockWidget, host: QWidget) -> None:
        self.pane = pane
        self.dock = dock
        self.editor = DetailEditor(pane.document_model)
        self.toggle = make_action(
            host,
            "&Edit Details",
            None,
            ["Ctrl+Shift+E"],
            "Edit the label, kind, aliases, description and quotes of the current item",
        )
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self.set_editing)
        self.panel = DetailsPanel(pane, self.editor, self.toggle)
        dock.setWidget(self.panel)
        pane.current_changed.connect(self.editor.show_item)
        pane.document_set.connect(self.editor.set_document)
        # A quote's source opens as from the reading page: the window answers the pane.
        self.editor.open_quote.connect(pane.open_quote)
        self.set_editing(False)

    @property
    def editing(self) -> bool:
        return self.panel.stack.currentWidget() is self.editor

    def set_editing(self, on: bool) -> None:
        if self.toggle.isChecked() != on:
            self.toggle.setChecked(on)  # comes back here through toggled
            return
        self.toggle.setIconText("Done" if on else "Edit")
        self.editor.end_session()
        if on:
            self.editor.show_item(*self.pane.current)
            self.panel.stack.setCurrentWidget(self.editor)
            if not self.dock.isVisible():
                self.dock.show()
            self.dock.raise_()
            if self.editor.item() is not None:
                self.editor.label_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.panel.stack.setCurrentWidget(self.pane)
