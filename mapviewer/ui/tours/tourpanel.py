"""The Tours dock: choose, create and write tours and their steps, each change one undo step.

Every change the dock makes is one ReplaceToursCommand on the document's undo stack; typing into
a field merges into one undo step per field and step. The dock redraws from the document's
``tours_changed`` signal, so undo and redo show up in it like any other edit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSizeF, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mapviewer import tours as tourlib
from mapviewer.commands import ReplaceToursCommand
from mapviewer.document import Document
from mapviewer.evidence import stale_steps
from mapviewer.model import Camera, Quote, Tour, TourStep
from mapviewer.scene.edgeitem import EdgeItem
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.scene.style import PROJECTOR_LIGHT
from mapviewer.slides import frame_step, node_boxes
from mapviewer.ui.files.sourcewatch import watch_for
from mapviewer.ui.workspace import Workspace

PROJECTOR = (1920.0, 1080.0)  # the screen the editor's warnings assume


class TourPanel(QWidget):
    """Choose, create, rename and delete tours; add, order and write their steps."""

    present_requested = Signal()  # "Present from This Step" was pressed

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.setObjectName("TourPanel")
        self._updating = False
        self._build()
        self._follow(workspace.document)
        workspace.document_replaced.connect(self._on_document_replaced)

    @property
    def document(self) -> Document:
        return self.workspace.document

    def _follow(self, document: Document) -> None:
        document.tours_changed.connect(self.refresh)
        watch_for(document).sources_checked.connect(self.refresh)  # a quote may have gone stale
        self.refresh()

    def _on_document_replaced(self, document: Document) -> None:
        self._follow(document)

    # --- widgets --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.tour_box = QComboBox()
        self.tour_box.setAccessibleName("Tour")
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
        self.steps.currentRowChanged.connect(lambda _: self._show_step())
        self.steps.model().rowsMoved.connect(self._on_rows_moved)
        self.steps.itemDoubleClicked.connect(lambda _: self.preview())
        self.add_button = QPushButton("Add Step from Selection and View")
        self.add_button.setToolTip(
            "A new step after this one: the selected concepts and links in focus, "
            "framed as the map is in view now"
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
        self.focus_label = QLabel()
        self.focus_label.setWordWrap(True)
        self.focus_label.setTextFormat(Qt.TextFormat.PlainText)
        self.caption = QPlainTextEdit()
        self.caption.setAccessibleName("Caption")
        self.caption.setPlaceholderText("What the hall reads at the bottom of the screen")
        self.caption.setUndoRedoEnabled(False)  # Edit > Undo undoes it, one step per field
        self.caption.textChanged.connect(self._on_caption)
        self.quote_button = self._tool("Use a Quote", "Caption this step with a quote", None)
        self.quote_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.quote_menu = QMenu(self)
        self.quote_menu.aboutToShow.connect(self._fill_quote_menu)
        self.quote_button.setMenu(self.quote_menu)
        self.citation = QLabel()
        self.citation.setWordWrap(True)
        self.citation.setTextFormat(Qt.TextFormat.PlainText)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Speaker notes")
        self.notes.setPlaceholderText("Speaker notes: only the presenter view shows them")
        self.notes.setUndoRedoEnabled(False)
        self.notes.textChanged.connect(self._on_notes)
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
            ("Frame Focus Automatically", lambda: self._edit_step("camera", None, "Frame focus")),
            ("Move Step Up", lambda: self.move_step(self.steps.currentRow(), -1)),
            ("Move Step Down", lambda: self.move_step(self.steps.currentRow(), 1)),
            ("Remove Missing Concepts and Links", self.drop_missing),
        ):
            action = menu.addAction(text)
            action.triggered.connect(lambda _=False, s=slot: s())
        return menu

    def _layout(self, present: QPushButton) -> None:
        top = QHBoxLayout()
        top.addWidget(self.tour_box, 1)
        top.addWidget(self.new_tour_button)
        top.addWidget(self.delete_tour_button)
        step_buttons = QHBoxLayout()
        step_buttons.addWidget(self.remove_button)
        step_buttons.addWidget(self.preview_button)
        step_buttons.addWidget(self.more_button)
        step_buttons.addStretch(1)
        form = QFormLayout()
        form.addRow("Title", self.step_title)
        form.addRow("Focus", self.focus_label)
        form.addRow("Caption", self.caption)
        quote_row = QHBoxLayout()
        quote_row.addWidget(self.quote_button)
        quote_row.addWidget(self.citation, 1)
        form.addRow("", quote_row)
        form.addRow("Notes", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tour_title)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.add_button)
        layout.addLayout(step_buttons)
        layout.addLayout(form, 2)
        layout.addWidget(present)

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
        """Redraw from the document, keeping the chosen tour and step."""
        tour_id = self.tour_box.currentData()
        row = self.steps.currentRow()
        self._updating = True
        self.tour_box.clear()
        for tour in self.document.cmap.tours:
            self.tour_box.addItem(tour.title or tour.id, tour.id)
        position = self.tour_box.findData(tour_id)
        self.tour_box.setCurrentIndex(position if position >= 0 else 0)
        self._updating = False
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
        missing = tourlib.missing_ids(self.document.cmap, tour) if tour else {}
        stale = set(stale_steps(tour, watch_for(self.document).checks)) if tour else set()
        for index, step in enumerate(tour.steps if tour else []):
            words = step.title or step.caption or (step.quote.text if step.quote else "")
            text = (
                f"{index + 1}. {words.strip().splitlines()[0] if words.strip() else '(untitled)'}"
            )
            if index in missing:
                text += "  ⚠"
            if index in stale:
                text += "  ⚠ quote no longer matches its source"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.steps.addItem(item)
        if tour is not None and tour.steps:
            target = row if row is not None and 0 <= row < len(tour.steps) else 0
            self.steps.setCurrentRow(target)
        self._updating = False
        self._show_step()

    def _show_step(self) -> None:
        if self._updating:
            return
        step = self.current_step()
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
        self._updating = False

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
        view = tourlib.resolve(doc.cmap, tour)[index]
        if view.missing:
            text += f"\n⚠ No longer in the map: {', '.join(view.missing)}"
        fits = frame_step(
            view, node_boxes(self.workspace.scene), QSizeF(*PROJECTOR), PROJECTOR_LIGHT
        )[3]
        if not fits:
            text += "\n⚠ Too wide to read on a projector: split the step or give it less to show"
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
        tour = self.current_tour()
        if tour is not None:
            tours = tourlib.with_tour_changed(self.document.cmap.tours, tour.id, title=text)
            self._push(tours, "Rename tour", f"tour-title:{tour.id}")

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
        """A new step after the current one: the selection in focus, the view as its camera."""
        nodes, edges = self.selection()
        doc = self.document
        labels = [doc.nodes[n].label for n in nodes]
        step = TourStep(
            title=", ".join(labels[:3]) + (" …" if len(labels) > 3 else ""),
            focus=[*nodes, *edges],
            camera=self._view_camera(),
        )
        tours = list(doc.cmap.tours)
        tour = self.current_tour()
        if tour is None:  # the first step of a map without tours makes its first tour
            tours, tour_id = tourlib.with_tour_added(tours, "Tour")
        else:
            tour_id = tour.id
        at = self.current_step_index() + 1 if tour is not None and tour.steps else None
        tours, position = tourlib.with_step_added(tours, tour_id, step, at)
        self._push(tours, "Add tour step")
        self.choose(tour_id, position)

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

    def set_camera_from_view(self) -> None:
        self._edit_step("camera", self._view_camera(), "Set step camera")

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
        """Jump the main view to the step and select its focus."""
        tour, index = self.current_tour(), self.current_step_index()
        if tour is None or index < 0:
            return
        view = tourlib.resolve(self.document.cmap, tour)[index]
        scene = self.workspace.scene
        scene.select_many(view.focus.nodes, view.focus.edges)
        camera = view.camera or tourlib.default_camera(view, node_boxes(scene))
        self.workspace.view.fly_to_rect(QRectF(camera.x, camera.y, camera.width, camera.height))
