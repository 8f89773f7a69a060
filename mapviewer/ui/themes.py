"""Light and dark: the map's theme and the widgets' palette change together, and are remembered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QActionGroup, QColor, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from mapviewer.scene.style import DARK, LIGHT, Theme
from mapviewer.ui import settings as prefs

if TYPE_CHECKING:
    from mapviewer.ui.workspace import Workspace

THEMES = {"light": LIGHT, "dark": DARK}
KEY = "view/theme"


def saved_theme() -> Theme:
    return THEMES.get(str(prefs.settings().value(KEY, "light")), LIGHT)


def dark_palette() -> QPalette:
    """A dark palette for the widgets around the map, in the dark theme's colours."""
    palette = QPalette()
    window, base, text = QColor("#24282E"), QColor("#1C1F24"), QColor("#ECEFF3")
    role = QPalette.ColorRole
    for r, colour in [
        (role.Window, window),
        (role.WindowText, text),
        (role.Base, base),
        (role.AlternateBase, window),
        (role.ToolTipBase, base),
        (role.ToolTipText, text),
        (role.Text, text),
        (role.Button, window),
        (role.ButtonText, text),
        (role.BrightText, QColor("#FF7B72")),
        (role.Link, QColor("#58A6FF")),
        (role.Highlight, QColor("#1F6FEB")),
        (role.HighlightedText, QColor("#FFFFFF")),
        (role.PlaceholderText, QColor("#8B949E")),
    ]:
        palette.setColor(r, colour)
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.Text, role.ButtonText, role.WindowText):
        palette.setColor(disabled, r, QColor("#6E7681"))
    return palette


def apply_palette(theme: Theme) -> None:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if theme is DARK:
        app.setStyle("Fusion")  # the platform style may ignore a dark palette
        app.setPalette(dark_palette())
    else:
        app.setPalette(app.style().standardPalette())


class ThemeActions:
    """View > Theme: Light / Dark."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        self.workspace = workspace
        self.menu = QMenu("&Theme", parent)
        group = QActionGroup(self.menu)
        for key, theme in THEMES.items():
            action = self.menu.addAction(key.capitalize())
            action.setCheckable(True)
            action.setChecked(theme is workspace.theme)
            group.addAction(action)
            action.triggered.connect(lambda _=False, k=key: self.choose(k))

    def choose(self, key: str) -> None:
        theme = THEMES[key]
        prefs.settings().setValue(KEY, key)
        apply_palette(theme)
        self.workspace.set_theme(theme)
