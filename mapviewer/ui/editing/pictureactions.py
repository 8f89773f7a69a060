"""Style > Picture...: a concept drawn as an image file's picture, as yEd's image and SVG nodes
are, chosen from a file, dropped on it, or taken away again.

The file is read as a map's sources are (io.safefile: a regular file, its size refused before
it is read whole), its type told by its bytes (a name can say anything), an SVG's links out of
itself cut as the canvas cuts them (scene.picture.self_contained), and the picture decoded
once before it is set: a file Qt cannot read is refused by name rather than drawn as a blank.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSizeF, Qt
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from mapviewer.commands import SetStyleCommand, step_named
from mapviewer.groups import frame_ids
from mapviewer.io.safefile import FileRefusedError, read_capped
from mapviewer.model import (
    BOX_BEFORE_PICTURE,
    CAPTION_AT,
    MAP_PICTURES_LIMIT,
    PICTURE_LIMIT,
    Node,
    box_before_picture,
    caption_offset,
    picture_parts,
    picture_type,
    picture_uri,
)
from mapviewer.scene.nodeitem import CAPTION_GAP
from mapviewer.scene.picture import PICTURE_SUFFIXES, decoded, natural_size, self_contained
from mapviewer.ui.files.fileactions import dialog_folder

if TYPE_CHECKING:
    from mapviewer.document import Document
    from mapviewer.ui.workspace import Workspace

# A picture concept's longer side, as yEd's icons are (scibot's 48-64): a box on the map, not
# the photograph's own 2,000 pixels.
ICON_SIDE = 64.0
PICTURE_FILTER = f"Pictures ({' '.join(f'*{s}' for s in sorted(PICTURE_SUFFIXES))});;All files (*)"


def picture_from_file(path: Path) -> str:
    """The picture in the file at ``path`` as the ``data:`` URI a concept keeps, or
    FileRefusedError saying why not (its reason names no path: the error does)."""
    data = read_capped(path, PICTURE_LIMIT)
    media = picture_type(data)
    if media is None:
        raise FileRefusedError(path, "is no PNG, JPEG, GIF or SVG picture (by its bytes)")
    if media == "image/svg+xml":
        data = self_contained(data)
    uri = picture_uri(media, data)
    try:
        picture_parts(uri)
    except ValueError as exc:
        raise FileRefusedError(path, str(exc)) from None
    if decoded(uri) is None:
        kind = media.split("/")[1].split("+")[0].upper()
        raise FileRefusedError(path, f"is a {kind} picture that cannot be read")
    return uri


def picture_changes(node: Node, uri: str | None) -> dict[str, Any]:
    """What giving ``node`` the picture changes: a concept drawn as a box becomes an icon of
    the picture's proportions, ICON_SIDE on its longer side, its name written below it as yEd
    writes an image node's (inside, "CTLA-4" was cut to "TLA-" across a 50-unit picture); one
    already drawn as a picture keeps its box and name. Taking the picture away (None) gives
    the box back, the name inside it again: the size it had before the picture was given it
    here (box_before_picture), else fitted to its name, as a file's picture concept has no
    other box to go back to."""
    if uri is None:
        width, height = box_before_picture(node)
        data = {k: v for k, v in node.data.items() if k not in (CAPTION_AT, BOX_BEFORE_PICTURE)}
        return {"picture": None, "width": width, "height": height, "data": data}
    if node.picture is not None and caption_offset(node) is not None:
        return {"picture": uri}
    picture = decoded(uri)
    natural = natural_size(picture) if picture is not None else QSizeF()
    if natural.isEmpty():
        natural = QSizeF(1.0, 1.0)
    scaled = natural.scaled(QSizeF(ICON_SIDE, ICON_SIDE), Qt.AspectRatioMode.KeepAspectRatio)
    width, height = round(scaled.width(), 1), round(scaled.height(), 1)
    below = [0.0, round(height / 2 + CAPTION_GAP, 1)]  # pushed clear below by the canvas
    data = {**node.data, CAPTION_AT: below}
    if node.picture is None and (node.width or node.height):
        data[BOX_BEFORE_PICTURE] = [node.width, node.height]
    return {"picture": uri, "width": width, "height": height, "data": data}


def pictures_room(document: Document, node_ids: list[str], uri: str) -> bool:
    """Whether giving ``node_ids`` the picture keeps the map's pictures within their limit."""
    chosen = set(node_ids)
    others = sum(len(n.picture or "") for n in document.cmap.nodes if n.id not in chosen)
    return others + len(uri) * len(chosen) <= MAP_PICTURES_LIMIT


def pictured_ids(document: Document, node_ids: list[str]) -> list[str]:
    """The concepts among ``node_ids`` that can be drawn as a picture: a group's frame cannot."""
    frames = frame_ids(document.cmap.nodes)
    return [n for n in node_ids if n in document.nodes and n not in frames]


def ask_for_picture(document: Document, parent: QWidget) -> Path | None:
    """The picture file a person chooses, starting beside the map; None when they cancel."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "Choose a picture", str(dialog_folder(document)), PICTURE_FILTER
    )
    return Path(name) if name else None


def give_picture(document: Document, node_ids: list[str], path: Path, parent: QWidget) -> bool:
    """One undo step drawing ``node_ids`` as the picture in ``path``; a file that is no
    picture, or one the map has no room for, is refused with a message naming it."""
    nodes = pictured_ids(document, node_ids)
    if not nodes:
        return False
    try:
        uri = picture_from_file(path)
    except FileRefusedError as error:
        QMessageBox.warning(parent, "Picture not set", str(error))
        return False
    if not pictures_room(document, nodes, uri):
        limit = MAP_PICTURES_LIMIT // 1024 // 1024
        said = f"{path}: the map's pictures would come to more than {limit} MB"
        QMessageBox.warning(parent, "Picture not set", said)
        return False
    return push_pictures(document, nodes, uri, "Picture")


def take_pictures(document: Document, node_ids: list[str]) -> bool:
    """One undo step drawing those of ``node_ids`` that have a picture as boxes again."""
    nodes = [n for n in pictured_ids(document, node_ids) if document.nodes[n].picture]
    return bool(nodes) and push_pictures(document, nodes, None, "Remove picture")


def push_pictures(document: Document, nodes: list[str], uri: str | None, what: str) -> bool:
    """One undo step giving each concept the picture (or taking it), with the box and name
    that go with it (picture_changes); False when nothing would change."""
    text = step_named(document, what, nodes, [])
    commands = [
        SetStyleCommand(document, [n], [], picture_changes(document.nodes[n], uri), {}, text)
        for n in nodes
    ]
    commands = [c for c in commands if c.changes_anything]
    if not commands:
        return False
    document.undo_stack.beginMacro(text)
    for command in commands:
        document.undo_stack.push(command)
    document.undo_stack.endMacro()
    return True


class PictureActions:
    """Picture... and Remove Picture in the Style menu, acting on the selected concepts, one
    undo step for all of them; a picture file dropped on a concept comes here too."""

    def __init__(self, workspace: Workspace, menu: QMenu) -> None:
        self.workspace = workspace
        menu.addSeparator()
        self.choose = menu.addAction("&Picture...")
        self.choose.setStatusTip(
            "Draw the selected concepts as a picture from a PNG, JPEG, GIF or SVG file"
        )
        self.choose.triggered.connect(lambda _=False: self.choose_picture())
        self.remove = menu.addAction("Re&move Picture")
        self.remove.setStatusTip("Draw the selected concepts as their boxes again")
        self.remove.triggered.connect(
            lambda _=False: take_pictures(self.workspace.document, self.selected())
        )
        menu.aboutToShow.connect(self._update)

    def selected(self) -> list[str]:
        nodes, _ = self.workspace.scene.selected_ids()
        return pictured_ids(self.workspace.document, sorted(nodes))

    def _update(self) -> None:
        nodes = self.selected()
        doc = self.workspace.document
        self.choose.setEnabled(bool(nodes))
        self.remove.setEnabled(any(doc.nodes[n].picture for n in nodes))

    def choose_picture(self) -> bool:
        """Ask for a picture file for the selected concepts."""
        nodes = self.selected()
        doc, parent = self.workspace.document, self.workspace.dialog_parent()
        path = ask_for_picture(doc, parent) if nodes else None
        return path is not None and give_picture(doc, nodes, path, parent)

    def drop_on(self, node_id: str, path: str) -> bool:
        """A picture file dropped on a concept: its picture (and that of the selection it is
        part of, as the menu would give them all)."""
        selected = self.selected()
        nodes = selected if node_id in selected else [node_id]
        doc, parent = self.workspace.document, self.workspace.dialog_parent()
        return give_picture(doc, nodes, Path(path), parent)
