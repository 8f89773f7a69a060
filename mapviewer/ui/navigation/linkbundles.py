"""View > Bundle Links Between Groups: the link layer's bundles (scene/bundles.py) on or off,
remembered between sessions and kept when another map opens."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from mapviewer.scene.mapscene import MapScene
from mapviewer.ui.actions import make_action
from mapviewer.ui.settings import bundle_links, remember_bundle_links
from mapviewer.ui.workspace import Workspace


class LinkBundles:
    """The checkable action; it sets every scene the workspace shows."""

    def __init__(self, workspace: Workspace, host: QWidget) -> None:
        self.workspace = workspace
        self.action: QAction = make_action(
            host,
            "Bundle &Links Between Groups",
            None,
            None,
            "Zoomed out too far to read the links, draw those between two groups as one line "
            "with their count",
        )
        self.action.setCheckable(True)
        self.action.setChecked(bundle_links())
        self.action.toggled.connect(self._toggled)
        workspace.scene_replaced.connect(self._apply)
        self._apply(workspace.scene)

    def _toggled(self, on: bool) -> None:
        remember_bundle_links(on)
        self._apply(self.workspace.scene)

    def _apply(self, scene: MapScene) -> None:
        scene.link_layer.set_bundling(self.action.isChecked())
