"""Tours in the main window: the Tours dock (the editor), the Present menu and Export Tour.

Every change the dock makes is one ReplaceToursCommand on the document's undo stack; typing into
a field merges into one undo step per field and step. The dock redraws from the document's
``tours_changed`` signal, so undo and redo show up in it like any other edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QPointF, QRect, QRectF, QSizeF, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence, QScreen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mapviewer import tours as tourlib
from mapviewer.commands import ReplaceToursCommand
from mapviewer.document import Document
from mapviewer.model import Camera, Tour, TourStep
from mapviewer.scene.edgeitem import EdgeItem
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.scene.style import PROJECTOR_LIGHT
from mapviewer.ui.actions import make_action
from mapviewer.ui.present.presentation import (
    PRESENTATION_KEYS,
    PRESENTATION_RULES,
    PresentationWindow,
    StageOptions,
    frame_step,
)

if TYPE_CHECKING:
    from mapviewer.ui.mainwindow import MainWindow
    from mapviewer.ui.present.presenterview import PresenterView

PROJECTOR = (1920.0, 1080.0)  # the screen the editor's warnings assume


def _boxes(window: MainWindow) -> dict[str, tuple[float, float, float, float]]:
    return {
        node_id: (item.cx + item.rect.left(), item.cy + item.rect.top(), *item.rect.getRect()[2:])
        for node_id, item in window.scene.node_items.items()
    }


class TourPanel(QWidget):
    """Choose, create, rename and delete tours; add, order and write their steps."""

    def __init__(self, window: MainWindow, ui: TourUi) -> None:
        super().__init__()
        self.window = window
        self.ui = ui
        self.setObjectName("TourPanel")
        self._updating = False
        self._build()
        self.refresh()

    @property
    def document(self) -> Document:
        return self.window.document

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
        present.clicked.connect(lambda: self.ui.start(from_current=True))
        self._layout(present)

    def _tool(self, text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        if slot is not None:
            button.clicked.connect(lambda _=False: slot())  # type: ignore[operator]
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
        for index, step in enumerate(tour.steps if tour else []):
            words = step.title or step.caption or (step.quote.text if step.quote else "")
            text = (
                f"{index + 1}. {words.strip().splitlines()[0] if words.strip() else '(untitled)'}"
            )
            if index in missing:
                text += "  ⚠"
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
        fits = frame_step(view, _boxes(self.window), QSizeF(*PROJECTOR), PROJECTOR_LIGHT)[3]
        if not fits:
            text += "\n⚠ Too wide to read on a projector: split the step or give it less to show"
        if step.camera is not None:
            text += "\nCamera: the view saved with the step"
        return text

    def _describe_caption(self, step: TourStep) -> str:
        caption = tourlib.caption_of(step, self.document.cmap)
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
        step = self.current_step()
        if self._updating or step is None:
            return
        text = self.caption.toPlainText()
        changes: dict[str, object] = {"caption": text}
        if step.quote is not None and not tourlib.same_words(text, step.quote.text):
            changes["quote"] = None  # no longer the source's words: no longer credited to it
        tour, index = self.current_tour(), self.current_step_index()
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
        scene = self.window.scene
        selected = scene.selectedItems()
        nodes = [n for n in scene.selection_order() if n in scene.node_items]
        nodes += [i.node_id for i in selected if isinstance(i, NodeItem) and i.node_id not in nodes]
        edges = sorted(i.edge_id for i in selected if isinstance(i, EdgeItem))
        return nodes, edges

    def _view_camera(self) -> Camera:
        view = self.window.view
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

    def use_quote(self, quote: object) -> None:
        tour, index = self.current_tour(), self.current_step_index()
        if tour is None or index < 0:
            return
        tours = tourlib.with_step_changed(
            self.document.cmap.tours,
            tour.id,
            index,
            caption=quote.text,
            quote=quote,  # type: ignore[attr-defined]
        )
        self._push(tours, "Caption from quote")

    def preview(self) -> None:
        """Jump the main view to the step and select its focus."""
        tour, index = self.current_tour(), self.current_step_index()
        if tour is None or index < 0:
            return
        view = tourlib.resolve(self.document.cmap, tour)[index]
        self.window.scene.select_many(view.focus.nodes, view.focus.edges)
        camera = view.camera or tourlib.default_camera(view, _boxes(self.window))
        self.window.view.fly_to_rect(QRectF(camera.x, camera.y, camera.width, camera.height))


@dataclass
class WindowSnapshot:
    """The editing window as it was when the presentation began, to put it back exactly."""

    geometry: QByteArray
    state: QByteArray
    rect: QRect = field(default_factory=QRect)
    nodes: list[str] = field(default_factory=list)
    edges: list[str] = field(default_factory=list)
    centre: QPointF = field(default_factory=QPointF)
    zoom: float = 1.0
    scroll: tuple[int, int] = (0, 0)
    auto_fit: bool = True
    focus: QWidget | None = None

    @classmethod
    def take(cls, window: MainWindow) -> WindowSnapshot:
        scene = window.scene
        selected = scene.selectedItems()
        return cls(
            geometry=window.saveGeometry(),
            state=window.saveState(),
            rect=window.geometry(),
            nodes=[i.node_id for i in selected if isinstance(i, NodeItem)],
            edges=[i.edge_id for i in selected if isinstance(i, EdgeItem)],
            centre=window.view.center(),
            zoom=window.view.zoom,
            scroll=(
                window.view.horizontalScrollBar().value(),
                window.view.verticalScrollBar().value(),
            ),
            auto_fit=window.view.auto_fit,
            focus=window.focusWidget(),
        )

    def restore(self, window: MainWindow) -> None:
        window.restoreGeometry(self.geometry)
        if not (window.isMaximized() or window.isFullScreen()):
            window.setGeometry(self.rect)  # to the pixel, whatever the window frame measures
        window.restoreState(self.state)
        window.scene.select_many(self.nodes, self.edges)
        self._restore_view(window)
        # Docks and geometry settle in the next event round; the view is put back after them,
        # to the scroll position, so not even rounding moves the map.
        QTimer.singleShot(0, lambda: self._restore_view(window))
        window.raise_()
        window.activateWindow()
        if self.focus is not None:
            self.focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _restore_view(self, window: MainWindow) -> None:
        view = window.view
        view.set_camera(self.centre, self.zoom)
        view.horizontalScrollBar().setValue(self.scroll[0])
        view.verticalScrollBar().setValue(self.scroll[1])
        view.auto_fit = self.auto_fit


class TourUi(QObject):
    """The Tours dock, the Present menu and File > Export Tour for one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.options = StageOptions.load()
        self.walk = False  # present a walk from the selection instead of a tour
        self.presentation: PresentationWindow | None = None
        self.presenter: PresenterView | None = None
        self._snapshot: WindowSnapshot | None = None
        self._tour_group: QActionGroup | None = None
        self.panel = TourPanel(window, self)
        self.dock = QDockWidget("Tours", window)
        self.dock.setObjectName("ToursDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.dock.hide()
        self._build_actions()
        self._build_menus()
        window.document.tours_changed.connect(self.panel.refresh)
        window.installEventFilter(self)  # a presentation never outlives its window

    def _build_actions(self) -> None:
        window = self.window
        self.act_start = make_action(
            window, "Start &Presentation", self.start, ["F5"], "Present full screen"
        )
        self.act_start_here = make_action(
            window,
            "Start from &Current Step",
            lambda: self.start(from_current=True),
            ["Shift+F5"],
            "Present from the step chosen in the Tours panel",
        )
        self.act_presenter = make_action(
            window,
            "Presenter &View",
            lambda: self.start(presenter=True, rehearse=len(QGuiApplication.screens()) < 2),
            ["Alt+F5"],
            "Present with notes, timer and the next step on a second screen (or rehearse)",
        )
        self.act_keys = make_action(window, "Presentation &Keys", self.show_keys)
        self.act_export = make_action(
            window,
            "Export &Tour…",
            self.export_dialog,
            tip="Save a tour as PDF slides or PNG images, one per step",
        )
        self.act_dark = self._toggle("&Dark Projector Theme", "dark")
        self.act_faint = self._toggle("Show &Unrevealed Concepts Faintly", "faint")
        self.act_spotlight = self._toggle("&Spotlight the Focus", "spotlight")

    def _toggle(self, text: str, name: str) -> QAction:
        action = QAction(text, self.window)
        action.setCheckable(True)
        action.setChecked(getattr(self.options, name))

        def changed(on: bool) -> None:
            setattr(self.options, name, on)
            self.options.save()
            if self.presentation is not None and name != "dark":  # the theme: next time
                self.presentation.go(self.presentation.index, animate=False)

        action.toggled.connect(changed)
        return action

    def _build_menus(self) -> None:
        window = self.window
        self.menu = QMenu("&Present", window)
        self.menu.aboutToShow.connect(self._fill_menu)
        window.menuBar().insertMenu(window.help_menu.menuAction(), self.menu)
        toggle = self.dock.toggleViewAction()
        toggle.setShortcut(QKeySequence("Ctrl+Shift+T"))
        window.view_menu.addAction(toggle)
        actions = window.file_menu.actions()
        export_image = window.files.export_image
        after = actions.index(export_image) + 1 if export_image in actions else len(actions)
        before = actions[after] if after < len(actions) else None
        window.file_menu.insertAction(before, self.act_export)  # type: ignore[arg-type]
        self._fill_menu()

    def _fill_menu(self) -> None:
        menu = self.menu
        menu.clear()
        for action in (self.act_start, self.act_start_here, self.act_presenter):
            menu.addAction(action)
        menu.addSeparator()
        if self._tour_group is not None:
            self._tour_group.deleteLater()
        group = self._tour_group = QActionGroup(menu)
        chosen = self.panel.current_tour()
        for tour in self.window.document.cmap.tours:
            action = menu.addAction(tour.title or tour.id)
            action.setCheckable(True)
            action.setChecked(not self.walk and chosen is not None and chosen.id == tour.id)
            action.triggered.connect(lambda _=False, t=tour.id: self.choose_tour(t))
            group.addAction(action)
        walk = menu.addAction("Walk from the Selection (no tour)")
        walk.setCheckable(True)
        walk.setChecked(self.walk or chosen is None)
        walk.triggered.connect(lambda _=False: self.choose_tour(None))
        group.addAction(walk)
        menu.addSeparator()
        for action in (self.act_dark, self.act_faint, self.act_spotlight):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.act_keys)

    def choose_tour(self, tour_id: str | None) -> None:
        """The tour F5 presents; None for the walk from the selection."""
        self.walk = tour_id is None
        if tour_id is not None:
            self.panel.choose(tour_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            QTimer.singleShot(0, self._after_window_close)
        return False

    def _after_window_close(self) -> None:
        if not self.window.isVisible() and self.presentation is not None:
            self.presentation.close()

    def set_document(self, document: Document) -> None:
        if self.presentation is not None:
            self.presentation.close()
        document.tours_changed.connect(self.panel.refresh)
        self.walk = False
        self.panel.refresh()

    # --- presenting -----------------------------------------------------------------------------

    def tour_to_present(self, from_current: bool = False) -> tuple[Tour, int]:
        tour = None if self.walk else self.panel.current_tour()
        if tour is not None and tour.steps:
            start = max(self.panel.current_step_index(), 0) if from_current else 0
            return tour, start
        nodes, edges = self.panel.selection()
        return tourlib.selection_walk(self.window.document.cmap, nodes, edges), 0

    def start(
        self, from_current: bool = False, presenter: bool = False, rehearse: bool = False
    ) -> None:
        """Present the chosen tour (or walk from the selection) full screen."""
        if self.presentation is not None:
            self.presentation.raise_()
            self.presentation.activateWindow()
            return
        tour, start = self.tour_to_present(from_current)
        if not tour.steps:
            self.window.statusBar().showMessage("Nothing to present: the map is empty", 5000)
            return
        screens = QGuiApplication.screens()
        here = self.window.screen()
        screen = here
        if len(screens) > 1 and not rehearse:
            screen = self.choose_screen(screens, here)
            if screen is None:
                return
        self._snapshot = WindowSnapshot.take(self.window)
        window = PresentationWindow(self.window.document, tour, self.options, start)
        window.closed.connect(self._on_closed)
        self.presentation = window
        if rehearse:
            window.resize(1280, 720)
            window.show()
        else:
            window.setScreen(screen)
            window.setGeometry(screen.geometry())
            window.showFullScreen()
        if presenter or (len(screens) > 1 and screen is not here):
            self.open_presenter(None if rehearse or screen is here else here)
        window.raise_()
        window.activateWindow()
        window.setFocus()

    def choose_screen(self, screens: list[QScreen], here: QScreen | None) -> QScreen | None:
        names = []
        for number, screen in enumerate(screens):
            size = screen.geometry()
            mark = " (this window)" if screen is here else ""
            names.append(f"{number + 1}: {screen.name()} — {size.width()}×{size.height()}{mark}")
        default = next((i for i, s in enumerate(screens) if s is not here), 0)
        name, ok = QInputDialog.getItem(
            self.window, "Present", "Show the presentation on:", names, default, False
        )
        return screens[names.index(name)] if ok and name in names else None

    def open_presenter(self, screen: QScreen | None = None) -> PresenterView | None:
        from mapviewer.ui.present.presenterview import PresenterView  # noqa: PLC0415 - when asked for

        if self.presentation is None:
            return None
        if self.presenter is None:
            self.presenter = PresenterView(self.presentation)
            self.presenter.destroyed.connect(self._forget_presenter)
        if screen is not None:
            self.presenter.setScreen(screen)
            self.presenter.setGeometry(screen.availableGeometry())
            self.presenter.showMaximized()
        else:
            self.presenter.resize(1100, 720)
            self.presenter.show()
        return self.presenter

    def _forget_presenter(self, *_: object) -> None:
        self.presenter = None

    def _on_closed(self) -> None:
        if self.presenter is not None:
            self.presenter.close()
        if self.presentation is not None:
            self.presentation.deleteLater()  # its scene stops following the document
        self.presentation = None
        if self._snapshot is not None:
            self._snapshot.restore(self.window)
            self._snapshot = None

    def show_keys(self) -> QDialog:
        dialog = QDialog(self.window)
        dialog.setWindowTitle("Presentation keys")
        dialog.setObjectName("PresentationKeysDialog")
        table = QTableWidget(len(PRESENTATION_KEYS), 2, dialog)
        table.setHorizontalHeaderLabels(["Keys", "Action"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        for row, (keys, what) in enumerate(PRESENTATION_KEYS):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(what))
        table.resizeColumnToContents(0)
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeRowsToContents()
        rules = QLabel(PRESENTATION_RULES)
        rules.setWordWrap(True)
        rules.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(table)
        layout.addWidget(rules)
        layout.addWidget(buttons)
        dialog.resize(760, 560)
        dialog.open()
        return dialog

    # --- slides ---------------------------------------------------------------------------------

    def export_dialog(self) -> None:
        doc = self.window.document
        tours = doc.cmap.tours
        if not tours:
            QMessageBox.information(self.window, "Export tour", "This map has no tours yet.")
            return
        tour = self.panel.current_tour() or tours[0]
        if len(tours) > 1:
            titles = [t.title or t.id for t in tours]
            title, ok = QInputDialog.getItem(
                self.window, "Export tour", "Tour:", titles, tours.index(tour), False
            )
            if not ok:
                return
            tour = tours[titles.index(title)]
        stem = f"{doc.path.stem if doc.path else 'map'}-{tour.id}"
        start = str((doc.path.parent if doc.path else Path.cwd()) / f"{stem}.pdf")
        pdf = "PDF slides, one page per step (*.pdf)"
        name, chosen = QFileDialog.getSaveFileName(
            self.window, "Export tour", start, f"{pdf};;A folder of PNG images (*)"
        )
        if not name:
            return
        target = name if chosen == pdf or name.lower().endswith(".pdf") else name.rstrip("/") + "/"
        if chosen == pdf and not name.lower().endswith(".pdf"):
            target = name + ".pdf"
        self.export(tour, target)

    def export(self, tour: Tour, target: str) -> list[Path]:
        from mapviewer.tourexport import TourExportError, export_tour  # noqa: PLC0415

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = export_tour(self.window.document, tour, target, self.options)
        except TourExportError as error:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(self.window, "Export failed", str(error))
            return []
        QGuiApplication.restoreOverrideCursor()
        where = written[0] if len(written) == 1 else written[0].parent
        self.window.statusBar().showMessage(
            f"Exported “{tour.title}”: {len(tourlib.resolve(self.window.document.cmap, tour))} "
            f"slides to {where}",
            6000,
        )
        return written
