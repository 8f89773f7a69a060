"""Small dialogs: why a file would not open, and every keyboard shortcut; opening the dialogs
that edit the open map."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mapviewer.problems import MapFileError
from mapviewer.ui.actions import make_action

if TYPE_CHECKING:
    from mapviewer.document import Document
    from mapviewer.ui.workspace import Workspace

MAX_INLINE = 12
DialogT = TypeVar("DialogT", bound=QDialog)

# Keys handled by the canvas itself rather than by a menu action.
CANVAS_KEYS = [
    ("Drag the canvas or a link / middle-drag", "Pan"),
    ("Mouse wheel / Ctrl+wheel", "Zoom about the cursor"),
    ("Two-finger scroll, Shift+wheel", "Pan"),
    ("+ / −", "Zoom in / out about the cursor"),
    ("0", "Fit the whole map"),
    ("Click a concept or link", "Show what the sources say about it"),
    ("Ctrl+click, Shift+click, Shift+drag", "Select several (toggle, add, rubber band)"),
    ("Drag a concept", "Move it (with everything selected)"),
    ("Double-click empty canvas", "New concept here"),
    ("Double-click a concept or link", "Rename it in place"),
    ("Drag a concept's + handle", "Link it to another concept (or to a new one)"),
    ("Arrow keys (a concept selected)", "Go to the linked concept in that direction"),
    ("Arrow keys (a link selected)", "Go to its end in that direction"),
    (
        "Arrow keys (nothing selected, whole map in view)",
        "Select the concept in the middle of the view",
    ),
    ("Ctrl+arrow keys (Ctrl+Shift: finer)", "Move the selected concepts"),
    ("Tab / Shift+Tab (a concept selected)", "Step round its linked concepts"),
    ("Enter", "Read the details of the current concept"),
    ("Escape", "Leave focus; else clear the selection; in a text field, cancel"),
    ("Escape (in Details)", "Back to the map, the selection kept"),
    ("Mouse back / forward buttons", "Back / forward through what was selected"),
    ("F6", "Move the keyboard focus to the next pane"),
]


def show_file_error(parent: QWidget, error: MapFileError, title: str) -> QMessageBox:
    """A window-modal message listing every problem; the app keeps what it had open."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    count = len(error.problems)
    box.setText(f"{title}: {error.file}")
    lines = [str(p) for p in error.problems]
    shown = "\n".join(lines[:MAX_INLINE])
    if count > MAX_INLINE:
        shown += f"\n… and {count - MAX_INLINE} more (see Show Details)"
    box.setInformativeText(shown)
    if count > MAX_INLINE:
        box.setDetailedText("\n".join(lines))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setObjectName("FileErrorDialog")
    box.open()
    return box


def on_a_keyboard(keys: QKeySequence) -> bool:
    """Whether the keys are on an ordinary keyboard: the platform's standard keys add F13-F35
    and dedicated keys (Undo read "Ctrl+Z, F14, Undo" on Linux), which a person cannot type."""
    for index in range(keys.count()):
        key = keys[index].key().value  # type: ignore[index]  # the stubs miss __getitem__
        if Qt.Key.Key_F13.value <= key <= Qt.Key.Key_F35.value or key >= Qt.Key.Key_Back.value:
            return False
    return True


def show_shortcuts(window: QWidget) -> QDialog:
    """Every shortcut the window's actions have, read from the actions so it cannot go stale."""
    rows: list[tuple[str, str]] = []
    for action in window.findChildren(QAction):
        keys = [
            k.toString(QKeySequence.SequenceFormat.NativeText)
            for k in action.shortcuts()
            if on_a_keyboard(k)
        ]
        if keys and action.text():
            rows.append((", ".join(keys), action.text().replace("&", "").rstrip("…")))
    rows.sort(key=lambda r: r[1])
    rows += CANVAS_KEYS
    dialog = QDialog(window)
    dialog.setWindowTitle("Keyboard shortcuts")
    dialog.setObjectName("ShortcutsDialog")
    table = QTableWidget(len(rows), 2, dialog)
    table.setHorizontalHeaderLabels(["Keys", "Action"])
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setAccessibleName("Keyboard shortcuts")
    for row, (shortcut, what) in enumerate(rows):
        table.setItem(row, 0, QTableWidgetItem(shortcut))
        table.setItem(row, 1, QTableWidgetItem(what))
    # Sized to its words, up to most of the screen: at a fixed 520x460 it showed 12 of its
    # 70-odd rows and scrolled sideways, the ends of the actions out of sight. The actions wrap
    # when the screen is narrower than their longest line; nothing scrolls sideways.
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    layout.addWidget(buttons)
    margins = layout.contentsMargins()
    frame = 2 * table.frameWidth()
    words = table.sizeHintForColumn(0) + table.sizeHintForColumn(1) + 24  # the cells' padding
    width = words + table.verticalScrollBar().sizeHint().width() + frame
    width += margins.left() + margins.right()
    lines = sum(table.sizeHintForRow(r) for r in range(table.rowCount()))
    height = (
        lines + header.sizeHint().height() + frame + buttons.sizeHint().height() + layout.spacing()
    )
    height += margins.top() + margins.bottom()
    screen = (window.screen() or dialog.screen()).availableGeometry()
    dialog.resize(min(width, int(screen.width() * 0.9)), min(height, int(screen.height() * 0.85)))
    dialog.open()
    return dialog


def open_document_dialog(
    workspace: Workspace, make: Callable[[Document, QWidget], DialogT]
) -> DialogT:
    """Open a dialog on the workspace's map without blocking the app; it is deleted on closing,
    so the next opening reads the map as it is then."""
    dialog = make(workspace.document, workspace.dialog_parent())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def document_dialog_action(
    workspace: Workspace,
    owner: QWidget,
    text: str,
    make: Callable[[Document, QWidget], QDialog],
    tip: str,
) -> QAction:
    """A menu action, added to ``owner`` (the window, for its shortcut), opening
    ``make(document, parent)`` through ``open_document_dialog``."""
    return make_action(owner, text, lambda: open_document_dialog(workspace, make), tip=tip)
