"""Light and dark: the map's theme and the widgets' palette change together, and are remembered.

Both palettes go through ``accessible``: every text role reaches WCAG AA (4.5:1) against the
background it is drawn on, and disabled text 3:1 (WCAG exempts inactive controls; they still
say what is unavailable). Fusion's own light palette missed three: white on its selection blue
(3.7:1), the faint placeholder text (half-transparent black, 4.0:1) and visited links (3.1:1).
Colours the widgets choose themselves (a warning's orange, a kind's swatch) go through
``legible`` against the role they sit on. tests/test_contrast.py measures all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QActionGroup, QColor, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from mapviewer.colours import AA_GRAPHIC, AA_TEXT, composite, contrast
from mapviewer.scene.style import DARK, LIGHT, Theme, from_rgb, legible_on, rgb
from mapviewer.ui import settings as prefs

if TYPE_CHECKING:
    from mapviewer.ui.workspace import Workspace

THEMES = {"light": LIGHT, "dark": DARK}
KEY = "view/theme"

_role = QPalette.ColorRole
# (text, background) pairs the widgets draw; the first of a pair is the one moved if need be.
TEXT_ON = (
    (_role.WindowText, _role.Window),
    (_role.Text, _role.Base),
    (_role.Text, _role.AlternateBase),
    (_role.ButtonText, _role.Button),
    (_role.PlaceholderText, _role.Base),
    (_role.ToolTipText, _role.ToolTipBase),
    (_role.Link, _role.Base),
    (_role.LinkVisited, _role.Base),
)
# White on the selection colour: here the background moves, a selection stays white on colour.
BACKGROUND_UNDER = ((_role.HighlightedText, _role.Highlight),)
# Quote cards and quoted passages tint the page with the selection colour (at most this much):
# the page's text, faint text and links must read on the tint too.
TINT = 0.12
ON_TINT = (_role.Text, _role.PlaceholderText, _role.Link)
GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled)


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


def seen(colour: QColor, behind: QColor) -> QColor:
    """What a (possibly translucent) colour looks like drawn over ``behind``."""
    return from_rgb(composite(rgb(colour), colour.alphaF(), rgb(behind)))


def legible(colour: QColor | str, behind: QColor, ratio: float = AA_TEXT) -> QColor:
    """``colour`` made just dark or light enough to read on ``behind`` at ``ratio``: hand-picked
    colours (a warning, a kind's swatch) keep their hue in either theme."""
    return legible_on(seen(QColor(colour), behind), behind, ratio)


def text_contrast(palette: QPalette, group: QPalette.ColorGroup, text: _role, back: _role) -> float:
    """WCAG's contrast of a text role over a background role, translucency composited."""
    under = palette.color(group, back)
    return contrast(rgb(seen(palette.color(group, text), under)), rgb(under))


def accessible(palette: QPalette) -> QPalette:
    """``palette`` with every text role at AA against its background (disabled ones at 3:1)."""
    fixed = QPalette(palette)
    for group in GROUPS:
        ratio = AA_GRAPHIC if group == QPalette.ColorGroup.Disabled else AA_TEXT
        for text, back in TEXT_ON:
            if text_contrast(fixed, group, text, back) < ratio:
                under = fixed.color(group, back)
                fixed.setColor(group, text, legible(fixed.color(group, text), under, ratio))
        tint = QColor(fixed.color(group, _role.Highlight))
        tint.setAlphaF(TINT)
        tinted = seen(tint, fixed.color(group, _role.Base))
        for text in ON_TINT:
            colour = fixed.color(group, text)
            if contrast(rgb(seen(colour, tinted)), rgb(tinted)) < ratio:
                fixed.setColor(group, text, legible(colour, tinted, ratio))
        for text, back in BACKGROUND_UNDER:
            if text_contrast(fixed, group, text, back) < ratio:
                colour = fixed.color(group, text)
                fixed.setColor(group, back, legible(fixed.color(group, back), colour, ratio))
    return fixed


def palette_for(theme: Theme) -> QPalette:
    """The widgets' palette in ``theme``: Fusion's own for light, ours for dark."""
    if theme is DARK:
        return accessible(dark_palette())
    app = QApplication.instance()
    base = app.style().standardPalette() if isinstance(app, QApplication) else QPalette()
    return accessible(base)


def apply_palette(theme: Theme) -> None:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    # Qt's QStyle (hundreds of enum members, ~10 ms to set up) loads with the style, not with
    # this module: the light theme's first frame never needs it.
    from mapviewer.ui.indicators import OutlinedIndicators  # noqa: PLC0415

    if not isinstance(app.style(), OutlinedIndicators):
        # Fusion in both themes: the platform style may ignore a dark palette.
        app.setStyle(OutlinedIndicators("Fusion"))
    app.setPalette(palette_for(theme))


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
