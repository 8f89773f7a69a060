"""The open map and what shows it: one object every dock, action and dialog holds instead of
the main window.

Opening another map or switching the theme replaces the document or the scene; a widget that
kept its own reference would go on drawing a deleted scene (the overview once segfaulted that
way). Widgets hold the workspace, read ``workspace.document`` / ``workspace.scene`` when they act,
and subscribe to ``document_replaced`` / ``scene_replaced`` to rebuild what they show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.style import Theme

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from mapviewer.document import Document
    from mapviewer.scene.mapview import MapView


class Workspace(QObject):
    """The document, its scene, the view and the status line of one window."""

    # After the scene changed (another map, another theme); the view shows the new one already.
    scene_replaced = Signal(object)  # MapScene
    # After another map was opened; scene_replaced has been emitted for its scene first.
    document_replaced = Signal(object)  # Document
    theme_changed = Signal(object)  # Theme
    # Requests that the window answers: they name what is wanted, not who does it.
    navigate_requested = Signal(str, str)  # ("node" | "edge", id): select, show and reveal it
    message = Signal(str, int)  # a status-line message and how long it stays (ms; 0 = until next)
    legend_stale = Signal()  # what is shown changed: kind counts must be recounted
    work_discarded = Signal()  # the unsaved edits were saved or thrown away on purpose

    def __init__(
        self,
        document: Document,
        theme: Theme,
        *,
        cached: bool = True,
        links_later: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._theme = theme
        # The window's first map: what its first frame can do without is made just after it.
        self._scene = MapScene(
            document, theme, cached=cached, links_later=links_later, searches_later=links_later
        )
        self._view: MapView | None = None
        document.lettering_changed.connect(self._relettered)
        document.page_changed.connect(self._relettered)

    # --- what is open ---------------------------------------------------------------------------

    @property
    def document(self) -> Document:
        return self._document

    @property
    def scene(self) -> MapScene:
        return self._scene

    @property
    def theme(self) -> Theme:
        return self._theme

    @property
    def view(self) -> MapView:
        if self._view is None:
            raise RuntimeError("the workspace has no view yet: call attach_view first")
        return self._view

    def attach_view(self, view: MapView) -> None:
        """The view is made from the first scene, so it joins the workspace after it."""
        self._view = view

    def dialog_parent(self) -> QWidget:
        """The top-level window the map is shown in, to parent dialogs and message boxes."""
        return self.view.window()

    # --- replacing ------------------------------------------------------------------------------

    def set_document(
        self, document: Document, *, links_later: bool = False, scene: MapScene | None = None
    ) -> None:
        """Show another map: a new scene for it, then ``document_replaced``; the old document
        and scene are deleted once every subscriber has let go of them. ``links_later``: a big
        map's link items wait for a closer zoom (MapScene), as at start-up. ``scene``: one
        already built for ``document`` (the background loader's)."""
        old_document = self._document
        if old_document is not document:
            for signal in (old_document.lettering_changed, old_document.page_changed):
                signal.disconnect(self._relettered)
            document.lettering_changed.connect(self._relettered)
            document.page_changed.connect(self._relettered)
        self._document = document
        if scene is None:
            scene = MapScene(document, self._theme, links_later=links_later)
        self._replace_scene(scene)
        self.document_replaced.emit(document)
        if old_document is not document:
            old_document.deleteLater()

    def set_theme(self, theme: Theme) -> None:
        """Redraw the same map in another theme, keeping the camera, the hidden kinds and the
        selection."""
        self._redraw(theme)
        self.theme_changed.emit(theme)

    def _relettered(self) -> None:
        """The map's labels turned bold or plain: every box is measured again in the new type,
        as when the theme changes. A new page colour is drawn so too: every item's ink comes
        from the scene's theme on that page (style.on_page)."""
        self._redraw(self._theme)

    def _redraw(self, theme: Theme) -> None:
        old = self._scene
        view = self.view
        centre, zoom, current = view.center(), view.zoom, old.current
        hidden = set(old.hidden_kinds)
        self._theme = theme
        # A big map's links wait for a closer look, as when it was opened (all 140,000 link
        # items of the 100k map are 0.9 GB); its concepts are all made now, for the docks.
        scene = MapScene(self._document, theme, links_later=True)
        scene.finish_items()
        for kind_id in hidden:
            scene.set_kind_hidden(kind_id, True)
        self._replace_scene(scene)
        view.set_camera(centre, zoom)
        if current[0]:
            scene.select(*current)

    def _replace_scene(self, scene: MapScene) -> None:
        old = self._scene
        self._scene = scene
        if self._view is not None:
            self._view.setScene(scene)
        self.scene_replaced.emit(scene)
        old.deleteLater()

    # --- requests -------------------------------------------------------------------------------

    def go_to(self, kind: str, ident: str) -> None:
        """Select a concept or link, show its details and bring it into view."""
        self.navigate_requested.emit(kind, ident)

    def show_message(self, text: str, timeout_ms: int = 4000) -> None:
        self.message.emit(text, timeout_ms)

    def refresh_legend(self) -> None:
        self.legend_stale.emit()

    def discard_recovery(self) -> None:
        self.work_discarded.emit()
