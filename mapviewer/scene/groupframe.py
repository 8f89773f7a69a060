"""A group on the canvas: a concept that contains others, drawn as a titled frame behind them, or,
collapsed, as one box that stands for all of them.

It is a NodeItem whose box is the frame, so links to the group itself, selection, framing and
dragging treat it as the concept it is. The scene measures the frame (mapviewer.groups) from its
members and hands it over with ``set_frame``; the frame holds no geometry of its own.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from mapviewer.groups import HEADER_TINT
from mapviewer.scene.nodeitem import HALO, HANDLE_GAP, HANDLE_RADIUS, MIN_READABLE_PX, NodeItem
from mapviewer.scene.overview import OverviewFrame
from mapviewer.scene.style import KindStyle, Theme, frame_title, outline_pen
from mapviewer.scene.text import LabelText, shared_label

RADIUS = 8.0
TITLE_PAD = 6.0  # room above and below the title inside its band
GRIP = 10.0  # how wide the frame's border is for the mouse: the inside stays the canvas's
STACK = 4.0  # a collapsed group's second outline is offset by this much: a stack of cards
FRAME_Z = -0.5  # behind links (0) and concepts (1); inner frames a little above outer ones
FRAME_LINE = 1.4  # a frame's outline: thinner than a concept's, its members the thing to read
TITLE_WRAP = 4.0  # a title placed as its file says wraps at this many labels' widths


def _inside(style: KindStyle, tint: float) -> QColor:
    """A frame's inside: the group's own (yEd's group fill, drawn as yEd draws it), else its
    colour at ``tint``, pale enough that the members in front stay the thing to read."""
    if style.inside is not None:
        return QColor(style.inside)
    fill = QColor(style.color)
    fill.setAlphaF(tint)
    return fill


def _frame_colours(style: KindStyle) -> tuple[QColor, QColor, QPen]:
    """Fill, title band and border of a frame in its kind's colour: light enough that the
    members in front stay the thing to read."""
    fill = _inside(style, 0.07)
    band = QColor(style.color)
    band.setAlphaF(0.22)
    return fill, band, outline_pen(style.border, FRAME_LINE * style.border_scale, style.border_dash)


def _header_colours(style: KindStyle) -> tuple[QColor, QColor, QPen]:
    """Fill, title band and border of a frame with a header of the group's own colour, as yEd
    draws one: the band in the colour itself (its title in the group's text colour, which
    reads on it), the inside a pale tint of it (yEd's group insides are: TorchStudio's
    #99CCFF headers over #EEFFFF); the group's own inside where its file gave one."""
    fill = _inside(style, HEADER_TINT)
    border = outline_pen(style.border, FRAME_LINE * style.border_scale, style.border_dash)
    return fill, QColor(style.color), border


class GroupItem(NodeItem):
    """A concept with members: a frame around them, or one box when collapsed."""

    frame: QRectF | None = None  # the frame in scene units; None: drawn as a box
    # Where the frame writes its title (mapviewer.model.TITLE_PLACES); None: centred in a
    # pale band, mapviewer's own look.
    title_at: str | None = None
    _title: LabelText | None = None  # the title as the frame writes it (see set_label)
    # The rectangle the file drew the group as (Node.width/height): the frame keeps at least
    # that, centred on ``home``. None: the frame is measured round the members alone.
    least: tuple[float, float] | None = None
    # Where the group itself stands: the model's x/y, moved with the group by drags and
    # layouts. The item's own centre is the frame's, which grows round a member outside.
    home: tuple[float, float] = (0.0, 0.0)

    def __init__(
        self,
        node_id: str,
        label: str,
        style: KindStyle,
        theme: Theme,
        width: float | None = None,
        height: float | None = None,
    ) -> None:
        # The size is the frame's, not the box's: collapsed, a 1200 x 675 slide frame would be
        # a 1200 x 675 box with one name in it.
        super().__init__(node_id, label, style, theme)
        self.set_least(width, height)

    def set_least(self, width: float | None, height: float | None) -> bool:
        """Keep at least a ``width`` x ``height`` frame round ``home`` from now on; True when
        that changed, so the scene measures the frame again."""
        least = (width, height) if width and height else None
        changed = least != self.least
        self.least = least
        return changed

    def given_box(self) -> tuple[float, float, float, float] | None:
        """The rectangle the file drew the group as, where the group stands now."""
        if self.least is None:
            return None
        (x, y), (w, h) = self.home, self.least
        return x - w / 2, y - h / 2, x + w / 2, y + h / 2

    def place(self, x: float, y: float) -> None:
        """Move the group; a frame moves its home along with it (a drag moves the item from
        the frame's centre, which need not be home)."""
        if self.frame is None:
            self.home = (x, y)
        else:
            self.home = (self.home[0] + x - self.cx, self.home[1] + y - self.cy)
        super().place(x, y)

    def stand_at(self, x: float, y: float) -> None:
        """Stand at (x, y) as the frame or a collapsed group's box is measured, the group's
        home unmoved: collapsed at its members' middle, it opens where it stood."""
        NodeItem.place(self, x, y)

    def title_text(self) -> LabelText:
        """The title as the frame writes it. A title placed as a file places it is written on
        one line where it can, as yEd and Obsidian write a group's name: wrapped as a concept's
        label, kubermatic's "apis/registryman.kubermatic.com/v1alpha1" took three lines, and
        its frame rose into the one above."""
        return self._title or self.text

    def title_size(self) -> tuple[float, float]:
        """Width and height of the title band the frame must leave room for inside it: none
        for a title written above the frame."""
        if self.title_at == "above":
            return 0.0, 0.0
        size = self.title_text().size
        return size.width(), size.height() + 2 * TITLE_PAD

    def held_box(self) -> QRectF:
        """What the frame of a group holding this one must enclose, in scene units: the frame
        with its title when that is written above it (Stardust's "Triangles" ran across the
        border of "Augmentation Surface Patterns" around it)."""
        box = self.scene_box()
        if self.frame is None or self.title_at != "above":
            return box
        return box.united(self._title_rect().translated(self.cx, self.cy))

    def set_title_at(self, place: str | None) -> None:
        """Write the title at ``place`` from now on; the scene measures the frame again."""
        if place != self.title_at:
            self.title_at = place
            self.set_label(self.label, self.style, follow=False)

    def set_label(self, label: str, style: KindStyle, follow: bool = True) -> bool:
        reshaped = super().set_label(label, style, follow)
        self._title = (
            shared_label(label, self._font, self._theme.label_width * TITLE_WRAP)
            if self.title_at is not None
            else None
        )
        if self.frame is not None:
            self._apply_frame(self.frame)
        return reshaped

    def set_frame(self, frame: QRectF | None, depth: int = 0) -> bool:
        """Draw as a frame over ``frame`` (scene units), or as a box when None. True when the
        outline changed, so the caller updates the links that end on it."""
        if frame == self.frame:
            return False
        was_frame = self.frame is not None
        self.frame = frame
        if frame is None:
            self.setZValue(1.0)
            if was_frame:
                super().set_label(self.label, self.style, follow=False)
            return True
        self.setZValue(FRAME_Z + 0.01 * depth)
        self._apply_frame(frame)
        return True

    def _apply_frame(self, frame: QRectF) -> None:
        self.prepareGeometryChange()
        width, height = frame.width(), frame.height()
        self.box = QRectF(-width / 2, -height / 2, width, height)
        self.half_w, self.half_h = width / 2, height / 2
        reach = max(HALO, HANDLE_GAP + HANDLE_RADIUS + 2)
        self._bounds = self.box.adjusted(-HALO, -HALO, reach, HALO).united(
            self._title_rect().adjusted(-HALO, -HALO, HALO, 0)
        )
        self.setRect(self._bounds)
        self._path = None
        self._hit = None
        self._polygon = None
        centre = frame.center()
        self.stand_at(centre.x(), centre.y())
        self.update()

    def outline(self) -> QPainterPath:
        if self.frame is None:
            return super().outline()
        if self._path is None:
            path = QPainterPath()
            path.addRoundedRect(self.box, RADIUS, RADIUS)
            self._path = path
        return self._path

    def _exit_fraction(self, dx: float, dy: float) -> float:
        if self.frame is None:
            return super()._exit_fraction(dx, dy)
        return min(
            self.half_w / abs(dx) if dx else float("inf"),
            self.half_h / abs(dy) if dy else float("inf"),
        )

    def _title_band(self) -> QRectF:
        box = self.box
        return QRectF(box.left(), box.top(), box.width(), self.title_size()[1])

    def _title_rect(self) -> QRectF:
        """Where the title is written, with its padding, in item units: the band across the
        frame's top, or, above the frame, as wide as the title."""
        if self.title_at != "above":
            return self._title_band()
        size = self.title_text().size
        height = size.height() + 2 * TITLE_PAD
        return QRectF(self.box.left(), self.box.top() - height, size.width() + TITLE_PAD, height)

    def label_box(self) -> QRectF:
        """A frame's title band: typing its name over the whole frame hid every member."""
        if self.frame is None:
            return super().label_box()
        return self._title_rect().translated(self.cx, self.cy)

    def keep_clear(self) -> tuple[float, float, float, float]:
        """A frame's title, not the frame: links and phrases cross a frame as they cross the
        canvas, but one over the title hid it ("shows promise in overcoming" lay over
        "Checkpoint inhibitors"). Filed by the frame's whole rect, every link between two other
        frames went round it; filed at the group's own x/y, as it was, an unseen box in the
        middle of each frame pushed links and phrases aside."""
        if self.frame is None:
            return super().keep_clear()
        left = self.cx + self.box.left()
        top = self.cy + self.box.top()
        if self.title_at == "above":
            rect = self._title_rect().translated(self.cx, self.cy)
            return rect.left(), rect.top(), rect.right(), rect.bottom()
        title = self._title_left() - TITLE_PAD
        return (
            left + max(title, 0.0),
            top,
            left + min(title + self.title_text().size.width() + 2 * TITLE_PAD, self.box.width()),
            top + self.title_size()[1],
        )

    def colours(self) -> tuple[QColor, QColor, QPen]:
        """Fill, title band and border, as translucent as the frame is drawn: the overview of a
        big map draws a frame in the same colours."""
        header = self.title_at in ("left", "centre", "right")
        return (_header_colours if header else _frame_colours)(self.style)

    def overview_frame(self) -> OverviewFrame:
        """The frame as the zoomed-out overview draws it: its outline and tint, its title band,
        and where its title stands (a bar there, as each concept's label is one)."""
        fill, band, border = self.colours()
        text = self.title_text().size
        title = self.label_box()
        left = self.box.left() + self.cx + self._title_left()
        width = min(text.width(), title.right() - left)
        return OverviewFrame(
            box=self.scene_box(),
            fill=fill,
            border=border.color(),
            band=None if self.title_at == "above" else title,
            band_fill=band,
            title=QRectF(left, title.center().y() - text.height() / 2, width, text.height()),
        )

    def _title_left(self) -> float:
        """Where the title's text starts, from the frame's left edge: centred, at the left or
        right as the file says, or at the padding when the frame is narrower than its title;
        written above the frame, at its left edge, as Obsidian writes a group's name."""
        spare = self.box.width() - self.title_text().size.width()
        if self.title_at == "above":
            return 0.0
        if self.title_at == "left":
            return TITLE_PAD
        if self.title_at == "right":
            return max(spare - TITLE_PAD, TITLE_PAD)
        return max(spare / 2, TITLE_PAD)

    def handle_at(self) -> QPointF:
        """A frame's handle stays right of it, within the room its bounds keep there."""
        if self.frame is None:
            return super().handle_at()
        return QPointF(self.box.right() + HANDLE_GAP, 0)

    def shape(self) -> QPainterPath:
        """A frame is held by its border and title band; its inside belongs to the canvas, so
        links and empty space within it can still be clicked, panned and double-clicked."""
        if self.frame is None:
            return super().shape()
        if self._hit is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(GRIP)
            hit = stroker.createStroke(self.outline())
            hit.addRect(self._title_rect())
            hit.addEllipse(
                QPointF(self.box.right() + HANDLE_GAP, 0), HANDLE_RADIUS + 2, HANDLE_RADIUS + 2
            )
            self._hit = hit.simplified()
        return self._hit

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self.frame is None:
            # Collapsed: a second outline peeks out behind the box, as a stack of cards does.
            painter.setBrush(self.style.brush)
            painter.setPen(self.style.pen)
            painter.drawPath(self.outline().translated(STACK, STACK))
            super().paint(painter, option, widget)
            return
        painter.save()  # the view does not save painter state for its items
        header = self.title_at in ("left", "centre", "right")
        fill, band, border = self.colours()
        path = self.outline()
        selected = self.isSelected()
        if selected or self.hovered or self.emphasis:
            halo = QColor(self._theme.accent)
            halo.setAlphaF(0.35 if selected else 0.18)
            painter.setPen(QPen(halo, 8.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawPath(path)
        if self.title_at != "above":
            painter.setClipPath(path)
            painter.fillRect(self._title_band(), band)
            painter.setClipping(False)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(self._theme.accent, 2.2) if selected else border)
        painter.drawPath(path)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if self.editable and (selected or self.hovered) and lod > 0.3:
            self.paint_handle(painter)
        if lod * self._font_px >= MIN_READABLE_PX:
            # The title stands out on light and dark canvases alike, at 4.5:1 on its band; on
            # a header of the group's own colour, in the group's text colour, which reads on it.
            if header:
                painter.setPen(self.style.text)
            else:
                behind = band if self.title_at is None else QColor(Qt.GlobalColor.transparent)
                painter.setPen(frame_title(self.style, self._theme, behind))
            painter.setFont(self._font)
            left = self.box.left() + self._title_left()
            top = self._title_rect().top() + TITLE_PAD
            self.title_text().draw(painter, QPointF(left, top))
        painter.restore()
