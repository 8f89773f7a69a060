"""The Style menu: the selected concepts' and links' own look, over their kind's.

Every choice is one undo step for the whole selection (SetStyleCommand). Colours come as named
swatches, so a choice is one click and reads the same in the menu and in a test, with "Other
Colour..." for any colour at all; "Reset to Kind's Style" takes the selection back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import QColorDialog, QInputDialog, QMenu

from mapviewer.boxes import LABEL_PT
from mapviewer.commands import (
    SetStyleCommand,
    items_named,
    route_changes,
    step_named,
    style_step,
)
from mapviewer.groups import frame_ids
from mapviewer.model import (
    DASHES,
    ENDS,
    POINTING_ENDS,
    SHAPES,
    TEXT_SIZE_MAX,
    TEXT_SIZE_MIN,
    Edge,
    Node,
    drawn_ends,
)
from mapviewer.palette import DEFAULT_COLOR, PALETTE
from mapviewer.scene.style import shape_path

if TYPE_CHECKING:
    from mapviewer.ui.workspace import Workspace

# The palette's colours by name, in its order (mapviewer.palette keeps them colour-blind safe).
COLOUR_NAMES = (
    "Blue",
    "Orange",
    "Bluish Green",
    "Reddish Purple",
    "Vermillion",
    "Sky Blue",
    "Yellow",
    "Purple",
    "Brown",
    "Grey",
)
TEXT_COLOURS = (("Black", "#000000"), ("White", "#FFFFFF"), ("Dark Grey", "#39424A"))
WIDTHS = (("Narrow", 120.0), ("Medium", 180.0), ("Wide", 260.0))
HEIGHTS = (("Short", 40.0), ("Medium", 70.0), ("Tall", 110.0))  # a one-line label needs ~33
DASH_NAMES = {"solid": "Solid", "dash": "Dashed", "dot": "Dotted", "dashdot": "Dash-Dot"}
# A link's line widths, in normal lines (Edge.width; None is the theme's own line).
LINE_WIDTHS: tuple[tuple[str, float | None], ...] = (
    ("&Thin", 0.5),
    ("&Normal", None),
    ("T&hick", 2.0),
    ("H&eavy", 4.0),
)
# A concept's own outline (Node.border_*): its colours, dashes and widths in normal outlines.
BORDER_COLOURS = (("&Black", "#000000"), ("Dark &Grey", "#39424A"))
# A group's own inside (Node.inside_color), drawn opaque behind its members: pale, as yEd's
# group fills are (react-app-archetype's #F2F0D8), so the members' own colours still read.
INSIDE_COLOURS = (
    ("Pale &Yellow", "#F2F0D8"),
    ("Pale &Grey", "#F0F0F0"),
    ("Pale &Blue", "#E3EEF8"),
    ("Pale G&reen", "#E4F2E8"),
    ("Pale Ora&nge", "#FBEBD9"),
    ("&White", "#FFFFFF"),
)
# What each colour field is called in the undo history.
COLOUR_FIELDS = {
    "color": "Colour",
    "text_color": "Text colour",
    "border_color": "Border colour",
    "inside_color": "Inside colour",
}
# What a change of each of a concept's looks is called in the undo history, from this menu and
# the Details form alike (commands.step_named): the Border entries say which of the border.
LOOK_NAMES = {
    **COLOUR_FIELDS,
    "shape": "Shape",
    "width": "Width",
    "height": "Height",
    "text_size": "Text size",
    "border_dash": "Border line",
    "border_width": "Border width",
}
BORDER_DASHES = {"solid": "&Solid", "dash": "&Dashed", "dot": "Do&tted", "dashdot": "D&ash-Dot"}
BORDER_WIDTHS: tuple[tuple[str, float | None], ...] = (
    ("No O&utline", 0.0),  # as yEd's border without a colour
    ("Th&in", 0.5),
    ("&Normal", None),
    ("T&hick", 2.0),
    ("H&eavy", 4.0),
)
# What a link's end is drawn as (Edge.head, tail; mapviewer.model.ENDS), as UML draws them.
END_NAMES = {
    "triangle": "&Arrowhead",
    "open_triangle": "&Open Triangle",
    "vee": "&Vee",
    "diamond": "&Diamond",
    "open_diamond": "Open D&iamond",
    "circle": "&Circle",
    "open_circle": "Open Ci&rcle",
}
# The sizes Text Size > Larger and Smaller step through, in points, as a word processor's size
# list: a point at a time round the theme's 10, where a yEd note (7.5) or a CmapTools title
# (12-13.5) sits, wider apart above. A concept off the ladder (9.75, CmapTools' 13 px) steps to
# the next size on it.
TEXT_SIZES = (4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 18, 20, 24, 28, 32, 36, 48, 60, 72, 96)
# Free in the window (Ctrl+Plus and Ctrl+Minus zoom the map): Ctrl+] and Ctrl+[ as in Word.
LARGER_KEYS, SMALLER_KEYS = "Ctrl+]", "Ctrl+["
MIN_WIDTH, MAX_WIDTH = 40, 2000
MIN_HEIGHT, MAX_HEIGHT = 20, 2000
# What Other Width... and Other Height... ask: title, prompt, presets, least and most.
SIZE_PROMPTS = {
    "width": (
        "Concept width",
        "Width of the box (the label wraps inside it):",
        WIDTHS,
        MIN_WIDTH,
        MAX_WIDTH,
    ),
    "height": (
        "Concept height",
        "Least height of the box (a label needing more still gets it):",
        HEIGHTS,
        MIN_HEIGHT,
        MAX_HEIGHT,
    ),
}


# A concept's and a link's own look, each field back to its kind's or the theme's: what Reset
# to Kind's Style sets.
BORDERS = {"border_color": None, "border_width": None, "border_dash": None}
NODE_LOOKS = {
    "color": None,
    "shape": None,
    "text_color": None,
    "width": None,
    "height": None,
    "text_size": None,
    "inside_color": None,  # a group's own inside (a yEd group fill)
    **BORDERS,
}
FREE_ENDS = {"from_side": None, "to_side": None}  # Free Link Ends from Sides sets these
LINK_LOOKS = {"color": None, "dash": None, "width": None, "head": None, "tail": None, **FREE_ENDS}


def two_headed(edge: Edge) -> bool:
    """Drawn with an arrowhead at each end (an undirected link keeps ``arrows`` undrawn)."""
    return edge.directed and edge.arrows == "both"


def both_ends_changes(both: bool) -> dict[str, Any]:
    """What giving links arrowheads at both ends (or taking the second away) changes: a link
    given two heads is given its direction too, or neither head would show."""
    return {"directed": True, "arrows": "both"} if both else {"arrows": None}


def end_changes(end: str, kind: str | None) -> dict[str, Any]:
    """What drawing links' ``end`` ("head" or "tail") as ``kind`` changes (None at the tail:
    no mark there). A pointing kind stands in for an arrowhead, so the link is given one at
    that end (its direction; at the source its second head), or the choice would not show;
    the normal arrowhead is the field's None."""
    value = None if kind == "triangle" else kind
    if end == "head":
        return {"head": value, "directed": True} if kind in POINTING_ENDS else {"head": value}
    if kind is None:
        return {"tail": None, "arrows": None}
    if kind in POINTING_ENDS:
        return {"tail": value, "directed": True, "arrows": "both"}
    return {"tail": value}


def stepped_size(text_size: float | None, steps: int) -> float:
    """A concept's text size ``steps`` places up (or down) the TEXT_SIZES ladder from its own
    size, or from the theme's where it has none; held within the model's limits."""
    now = LABEL_PT if text_size is None else text_size
    if steps > 0:
        bigger = [size for size in TEXT_SIZES if size > now + 1e-6]
        return float(bigger[min(steps, len(bigger)) - 1]) if bigger else TEXT_SIZE_MAX
    smaller = [size for size in TEXT_SIZES if size < now - 1e-6]
    return float(smaller[max(steps, -len(smaller))]) if smaller else TEXT_SIZE_MIN


def colour_key(color: str | None) -> str | None:
    """A colour as compared: #b7b69e is #B7B69E, and a name the colour it names; None for
    none of its own ("" too, as the colour lists hold it)."""
    if not color:
        return None
    parsed = QColor(color)
    return parsed.name().upper() if parsed.isValid() else color.upper()


def colour_icon(color: str, size: int = 16) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def shape_icon(shape: str, size: int = 22) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#39424A"))
    painter.drawPath(shape_path(shape, QRectF(1.5, 4.5, size - 3, size - 9)))
    painter.end()
    return QIcon(pixmap)


class StyleActions:
    """Fills the window's Style menu (its title is in the menu bar from the first frame); the
    actions act on the workspace's current selection."""

    def __init__(self, workspace: Workspace, menu: QMenu) -> None:
        self.workspace = workspace
        self.menu = menu
        self.menu.aboutToShow.connect(self._update)
        # Each colour field's swatches by colour (None: the kind's or the theme's), ticked
        # where everything the menu would change has that one; none ticked: mixed.
        self.swatches: dict[str, dict[str | None, QAction]] = {}
        self.colour_menu = self.menu.addMenu("&Colour")
        for name, color in zip(COLOUR_NAMES, PALETTE, strict=True):
            setter = self._colour_setter("color", color)
            self._swatch("color", color, self._add(self.colour_menu, name, setter))
        self.colour_menu.addSeparator()
        self._add(self.colour_menu, "&Other Colour...", lambda: self.choose_colour("color"))
        self.text_menu = self.menu.addMenu("&Text Colour")
        for name, color in TEXT_COLOURS:
            setter = self._colour_setter("text_color", color, links=False)
            self._swatch("text_color", color, self._add(self.text_menu, name, setter))
        self.text_menu.addSeparator()
        self._add(self.text_menu, "&Other Colour...", lambda: self.choose_colour("text_color"))
        automatic = self._add(self.text_menu, "&Automatic", lambda: self.set_nodes(text_color=None))
        self._swatch("text_color", None, automatic)
        self.shape_menu = self.menu.addMenu("&Shape")
        self.shape_actions: dict[str, QAction] = {}
        for shape in SHAPES:
            action = self._add(self.shape_menu, shape.capitalize(), self._shape_setter(shape))
            action.setIcon(shape_icon(shape))
            action.setCheckable(True)
            self.shape_actions[shape] = action
        # Each size's entries ticked for the size the selection has, as Shape and Link Width
        # are (none was: which height a concept had could not be seen from the menu).
        self.size_actions: dict[str, dict[float | None, QAction]] = {"width": {}, "height": {}}
        self.width_menu = self.menu.addMenu("&Width")
        for name, width in WIDTHS:
            text = f"{name} ({width:.0f})"
            self._size_entry(
                "width", width, self._add(self.width_menu, text, self._width_setter(width))
            )
        self._add(self.width_menu, "&Other Width...", lambda: self.choose_size("width"))
        fit = self._add(self.width_menu, "&Fit to Label", lambda: self.set_nodes(width=None))
        self._size_entry("width", None, fit)
        self.height_menu = self.menu.addMenu("&Height")
        for name, height in HEIGHTS:
            text = f"{name} ({height:.0f})"
            entry = self._add(self.height_menu, text, self._height_setter(height))
            self._size_entry("height", height, entry)
        self._add(self.height_menu, "&Other Height...", lambda: self.choose_size("height"))
        fit = self._add(self.height_menu, "&Fit to Label", lambda: self.set_nodes(height=None))
        self._size_entry("height", None, fit)
        self._border_menu()
        self._inside_menu()
        self._text_size_menu()
        self.menu.addSeparator()
        self.dash_menu = self.menu.addMenu("Link &Line")
        self.dash_actions: dict[str, QAction] = {}
        for dash in DASHES:
            action = self._add(self.dash_menu, DASH_NAMES[dash], self._dash_setter(dash))
            action.setCheckable(True)
            self.dash_actions[dash] = action
        self.line_width_menu = self.menu.addMenu("Lin&k Width")
        self.line_width_actions: dict[float | None, QAction] = {}
        for name, line_width in LINE_WIDTHS:
            text = f"{name} ({line_width or 1:g}×)"
            action = self._add(self.line_width_menu, text, self._line_width_setter(line_width))
            action.setCheckable(True)
            self.line_width_actions[line_width] = action
        self.end_actions: dict[str, dict[str | None, QAction]] = {"head": {}, "tail": {}}
        self.head_menu = self.menu.addMenu("Link Tar&get End")
        self.tail_menu = self.menu.addMenu("Link So&urce End")
        for end, menu in (("head", self.head_menu), ("tail", self.tail_menu)):
            kinds: tuple[str | None, ...] = ENDS if end == "head" else (None, *ENDS)
            for kind in kinds:
                text = END_NAMES[kind] if kind else "&None"
                action = self._add(menu, text, self._end_setter(end, kind))
                action.setCheckable(True)
                self.end_actions[end][kind] = action
        self.directed = self._add(self.menu, "Link Has &Direction", self._toggle_direction)
        self.directed.setCheckable(True)
        self.directed.setStatusTip("Draw the selected links with an arrowhead (a direction)")
        self.both_ends = self._add(
            self.menu, "Link Arrowheads at Both &Ends", self._toggle_both_ends
        )
        self.both_ends.setCheckable(True)
        self.both_ends.setStatusTip("Draw the selected links with an arrowhead at each end")
        self.free_ends = self._add(
            self.menu,
            "&Free Link Ends from Sides",
            lambda: self.apply({}, dict(FREE_ENDS), "Free link ends"),
        )
        self.free_ends.setStatusTip(
            "Let the selected links meet their concepts anywhere, as the map's routing draws"
            " them, instead of at the sides a canvas anchored them to"
        )
        self.straighten = self._add(self.menu, "Straighte&n Links", self.straighten_links)
        self.straighten.setStatusTip(
            "Take the bends out of the selected links: the map's routing draws them again"
        )
        self.menu.addSeparator()
        self.reset = self._add(self.menu, "&Reset to Kind's Style", self.reset_selection)
        self.reset.setStatusTip("Take the selection's own colours, shape, size and text size back")

    def _border_menu(self) -> None:
        """Border: the concepts' own outline colour, dash and width, as yEd and CmapTools
        give a node's; each group ticked for what the selection has."""
        self.border_menu = self.menu.addMenu("&Border")
        menu = self.border_menu
        for name, color in (*BORDER_COLOURS, *zip(COLOUR_NAMES, PALETTE, strict=True)):
            action = self._add(menu, name, self._border_setter("border_color", color))
            self._swatch("border_color", color, action)
        self._add(menu, "&Other Colour...", lambda: self.choose_colour("border_color"))
        kinds = self._add(menu, "&Kind's Colour", self._border_setter("border_color", None))
        self._swatch("border_color", None, kinds)
        menu.addSeparator()
        self.border_actions: dict[str, dict[object, QAction]] = {"dash": {}, "width": {}}
        for dash, name in BORDER_DASHES.items():
            value = None if dash == "solid" else dash
            action = self._add(menu, name, self._border_setter("border_dash", value))
            action.setCheckable(True)
            self.border_actions["dash"][value] = action
        menu.addSeparator()
        for name, width in BORDER_WIDTHS:
            text = name if width == 0 else f"{name} ({width or 1:g}×)"
            action = self._add(menu, text, self._border_setter("border_width", width))
            action.setCheckable(True)
            self.border_actions["width"][width] = action

    def _inside_menu(self) -> None:
        """Inside Colour: the selected frames' own inside, as yEd fills a group under its
        header; the tint of the frame's colour is mapviewer's own look."""
        self.inside_menu = self.menu.addMenu("&Inside Colour")
        menu = self.inside_menu
        for name, color in INSIDE_COLOURS:
            self._swatch("inside_color", color, self._add(menu, name, self._inside_setter(color)))
        menu.addSeparator()
        self._add(menu, "&Other Colour...", lambda: self.choose_colour("inside_color"))
        tint = self._add(menu, "&Tint of Frame's Colour", self._inside_setter(None))
        self._swatch("inside_color", None, tint)
        menu.setStatusTip("Fill the inside of the selected groups' frames")

    def _inside_setter(self, color: str | None) -> Callable[[], object]:
        return lambda: self.set_inside(color)

    def _text_size_menu(self) -> None:
        """Text Size: the concepts' own label size, a step up or down each from its own (a
        yEd title stays bigger than its notes), or back to the theme's."""
        self.text_size_menu = self.menu.addMenu("Te&xt Size")
        menu = self.text_size_menu
        self.larger = self._add(menu, "&Larger", lambda: self.step_text_size(1))
        self.larger.setShortcut(QKeySequence(LARGER_KEYS))
        self.smaller = self._add(menu, "&Smaller", lambda: self.step_text_size(-1))
        self.smaller.setShortcut(QKeySequence(SMALLER_KEYS))
        for action in (self.larger, self.smaller):
            # Reachable while the menu is shut: the window holds the menu bar's actions.
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        menu.addSeparator()
        self.text_size_reset = self._add(
            menu,
            "&Reset to Theme's Size",
            lambda: self.apply({"text_size": None}, {}, LOOK_NAMES["text_size"]),
        )
        self.text_size_reset.setCheckable(True)

    def step_text_size(self, steps: int) -> bool:
        """One undo step moving each selected concept's text size ``steps`` up or down the
        ladder from its own: concepts of different sizes keep their order."""
        nodes, _ = self.selected_ids()
        doc = self.workspace.document
        sizes: dict[float, list[str]] = {}
        for node_id in nodes:
            size = stepped_size(doc.nodes[node_id].text_size, steps)
            if size != doc.nodes[node_id].text_size:
                sizes.setdefault(size, []).append(node_id)
        if not sizes:
            return False
        what = "Larger text" if steps > 0 else "Smaller text"
        changed = [node_id for ids in sizes.values() for node_id in ids]
        doc.undo_stack.beginMacro(step_named(doc, what, changed, []))
        for size, ids in sizes.items():
            doc.undo_stack.push(SetStyleCommand(doc, ids, [], {"text_size": size}, {}, what))
        doc.undo_stack.endMacro()
        return True

    def _border_setter(self, field: str, value: object) -> Callable[[], object]:
        return lambda: self.apply({field: value}, {}, LOOK_NAMES[field])

    def _end_setter(self, end: str, kind: str | None) -> Callable[[], object]:
        what = "Link target end" if end == "head" else "Link source end"
        return lambda: self.apply({}, end_changes(end, kind), what)

    def _add(
        self, menu: QMenu, text: str, slot: Callable[[], object], icon: QIcon | None = None
    ) -> QAction:
        action = menu.addAction(text)
        if icon is not None:
            action.setIcon(icon)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _swatch(self, field: str, color: str | None, action: QAction) -> None:
        if color is not None:
            action.setIcon(colour_icon(color))
        action.setCheckable(True)
        self.swatches.setdefault(field, {})[color] = action

    def _size_entry(self, field: str, size: float | None, action: QAction) -> None:
        action.setCheckable(True)
        self.size_actions[field][size] = action

    def _colour_setter(self, field: str, color: str, links: bool = True) -> Callable[[], object]:
        if links:
            return lambda: self.apply({field: color}, {field: color}, "Colour")
        return lambda: self.set_nodes(**{field: color})

    def _shape_setter(self, shape: str) -> Callable[[], object]:
        return lambda: self.set_nodes(shape=shape)

    def _width_setter(self, width: float) -> Callable[[], object]:
        return lambda: self.set_nodes(width=width)

    def _height_setter(self, height: float) -> Callable[[], object]:
        return lambda: self.set_nodes(height=height)

    def _dash_setter(self, dash: str) -> Callable[[], object]:
        return lambda: self.apply({}, {"dash": None if dash == "solid" else dash}, "Link line")

    def _line_width_setter(self, width: float | None) -> Callable[[], object]:
        return lambda: self.apply({}, {"width": width}, "Link width")

    # --- the selection ----------------------------------------------------------------------

    def selected_ids(self) -> tuple[list[str], list[str]]:
        """The selection in id order (links Select All chose before drawing them included)."""
        nodes, edges = self.workspace.scene.selected_ids()
        return sorted(nodes), sorted(edges)

    def selected_frames(self) -> list[str]:
        """The selected concepts drawn as frames: the only ones an inside colour shows on."""
        nodes, _ = self.selected_ids()
        frames = frame_ids(self.workspace.document.cmap.nodes)
        return [n for n in nodes if n in frames]

    def _update(self) -> None:
        """Enable what applies to the selection, and tick the shape, line and direction it has."""
        nodes, edges = self.selected_ids()
        doc = self.workspace.document
        for menu in (
            self.text_menu,
            self.shape_menu,
            self.width_menu,
            self.height_menu,
            self.border_menu,
            self.text_size_menu,
        ):
            menu.setEnabled(bool(nodes))
        self.colour_menu.setEnabled(bool(nodes or edges))
        self.reset.setEnabled(bool(nodes or edges))
        self.dash_menu.setEnabled(bool(edges))
        self.line_width_menu.setEnabled(bool(edges))
        self.head_menu.setEnabled(bool(edges))
        self.tail_menu.setEnabled(bool(edges))
        self._tick_looks(nodes, edges)
        frames = self.selected_frames()
        self.inside_menu.setEnabled(bool(frames))
        self._tick_colours(nodes, edges, frames)
        self.directed.setEnabled(bool(edges))
        self.both_ends.setEnabled(bool(edges))
        anchored = [e for e in edges if doc.edges[e].from_side or doc.edges[e].to_side]
        self.free_ends.setEnabled(bool(anchored))
        self.straighten.setEnabled(any(doc.edges[e].bends for e in edges))
        shapes = {doc.nodes[n].shape for n in nodes}
        for shape, action in self.shape_actions.items():
            action.setChecked(shapes == {shape})
        dashes = {doc.edges[e].dash or "solid" for e in edges}
        for dash, action in self.dash_actions.items():
            action.setChecked(dashes == {dash})
        for field, actions in self.size_actions.items():
            sizes = {getattr(doc.nodes[n], field) for n in nodes}
            for size, action in actions.items():
                action.setChecked(sizes == {size})
        line_widths = {doc.edges[e].width for e in edges}
        for line_width, action in self.line_width_actions.items():
            action.setChecked(line_widths == {line_width})
        self.directed.setChecked(bool(edges) and all(doc.edges[e].directed for e in edges))
        self.both_ends.setChecked(bool(edges) and all(two_headed(doc.edges[e]) for e in edges))

    def _tick_colours(self, nodes: list[str], edges: list[str], frames: list[str]) -> None:
        """Tick each colour menu's swatch that everything it would change shares (a link's
        colour with the concepts'; a frame's inside among the frames only)."""
        doc = self.workspace.document
        for field, swatches in self.swatches.items():
            owners = frames if field == "inside_color" else nodes
            values = {colour_key(getattr(doc.nodes[n], field)) for n in owners}
            if field == "color":
                values |= {colour_key(doc.edges[e].color) for e in edges}
            for color, action in swatches.items():
                action.setChecked(values == {colour_key(color)})

    def _tick_looks(self, nodes: list[str], edges: list[str]) -> None:
        """Tick the border dash and width the selected concepts share, and the marks the
        selected links' ends are drawn with."""
        doc = self.workspace.document
        for key, actions in self.border_actions.items():
            values = {getattr(doc.nodes[n], f"border_{key}") for n in nodes}
            for value, action in actions.items():
                action.setChecked(values == {value})
        self.text_size_reset.setChecked(
            bool(nodes) and all(doc.nodes[n].text_size is None for n in nodes)
        )
        drawn = [drawn_ends(doc.edges[e]) for e in edges]
        for index, end in enumerate(("tail", "head")):
            kinds = {ends[index] for ends in drawn}
            for kind, action in self.end_actions[end].items():
                action.setChecked(bool(edges) and kinds == {kind})

    # --- changing the look --------------------------------------------------------------------

    def apply(self, node_changes: dict[str, Any], edge_changes: dict[str, Any], what: str) -> bool:
        """One undo step setting ``node_changes`` on the selected concepts and ``edge_changes``
        on the selected links; False when there was nothing to change."""
        nodes, edges = self.selected_ids()
        return self.apply_to(nodes, edges, node_changes, edge_changes, what)

    def set_inside(self, color: str | None) -> bool:
        """One undo step giving every selected frame ``color`` inside (None: the tint)."""
        what = LOOK_NAMES["inside_color"]
        return self.apply_to(self.selected_frames(), [], {"inside_color": color}, {}, what)

    def apply_to(
        self,
        nodes: list[str],
        edges: list[str],
        node_changes: dict[str, Any],
        edge_changes: dict[str, Any],
        what: str,
    ) -> bool:
        doc = self.workspace.document
        command = style_step(doc, nodes, edges, node_changes, edge_changes, what)
        if command is None:
            return False
        doc.undo_stack.push(command)
        return True

    def set_nodes(self, **changes: Any) -> bool:
        return self.apply(changes, {}, LOOK_NAMES[next(iter(changes))])

    def _toggle_direction(self) -> None:
        # The action toggled itself before calling: its state is what the links should be.
        self.apply({}, {"directed": self.directed.isChecked()}, "Link direction")

    def _toggle_both_ends(self) -> None:
        self.apply({}, both_ends_changes(self.both_ends.isChecked()), "Link arrowheads")

    def straighten_links(self) -> bool:
        """One undo step taking the bends out of the selected links that have them, and with
        them their smoothing (a yEd or CmapTools curve); False when none has."""
        _, edges = self.selected_ids()
        doc = self.workspace.document
        bent = [e for e in edges if doc.edges[e].bends]
        if not bent:
            return False
        text = f"Straighten {items_named(doc, [], bent)}"
        doc.undo_stack.push(SetStyleCommand(doc, [], bent, {}, route_changes([]), text))
        return True

    def reset_selection(self) -> bool:
        return self.apply(dict(NODE_LOOKS), dict(LINK_LOOKS), "Reset style")

    def choose_colour(self, field: str) -> None:
        """Ask for any colour for ``field`` (a COLOUR_FIELDS name), starting from the first
        selected item's own (else its colour): one undo step for every item it applies to,
        links for "color" only, frames only for "inside_color"."""
        nodes, edges = self.selected_ids()
        if field == "inside_color":
            nodes = self.selected_frames()
        if field != "color":
            edges = []
        if not nodes and not edges:
            return
        doc = self.workspace.document
        first: Node | Edge = doc.nodes[nodes[0]] if nodes else doc.edges[edges[0]]
        now = getattr(first, field, None) or first.color
        chosen = QColorDialog.getColor(
            QColor(now or DEFAULT_COLOR), self.workspace.dialog_parent(), "Choose a colour"
        )
        if chosen.isValid():
            value = chosen.name().upper()
            self.apply_to(nodes, edges, {field: value}, {field: value}, COLOUR_FIELDS[field])

    def choose_size(self, field: str) -> None:
        """Ask for the selected concepts' width or least height, starting from the first's."""
        nodes, _ = self.selected_ids()
        if not nodes:
            return
        title, prompt, presets, low, high = SIZE_PROMPTS[field]
        now = getattr(self.workspace.document.nodes[nodes[0]], field) or presets[1][1]
        size, ok = QInputDialog.getInt(
            self.workspace.dialog_parent(), title, prompt, round(now), low, high, 10
        )
        if ok:
            self.set_nodes(**{field: float(size)})
