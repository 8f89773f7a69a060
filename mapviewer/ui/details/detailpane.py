"""The detail pane: what a concept or link is, and what the sources say about it, word for word.

The page is built with QTextCursor.insertText only, never from HTML, so text from a map file is
always shown as the characters it contains: a label "<b>x</b>" reads as exactly that.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QWidget

from mapviewer.colours import AA_GRAPHIC
from mapviewer.document import Document
from mapviewer.groups import concept_counts
from mapviewer.model import Edge, Node, Quote, said_aliases
from mapviewer.plural import counted, summary
from mapviewer.ui.details.textpage import SCHEME as SCHEME
from mapviewer.ui.details.textpage import WARNING_COLOR as WARNING_COLOR
from mapviewer.ui.details.textpage import (
    ReadingPage,
    begin_quote_card,
    cut_short,
    insert_proposition,
    link_href,
    muted_colour,
    warning_colour,
)
from mapviewer.ui.details.textpage import parse_href as parse_href
from mapviewer.ui.signals import wire
from mapviewer.ui.themes import legible

MAX_VALUE = 400  # characters of one kept value shown; a longer one ends in an ellipsis
# Characters of a concept's label shown as its heading: a label of 2 million characters froze
# the window for minutes while Qt laid it out (one word) or 8 s (words); the rest is said.
MAX_HEADING = 1_000
MAX_MEMBERS = 30  # a group's members named in its Details; of more, how many more is said
MAX_FIELDS = 60  # kept fields (and entries of one) listed; of hundreds, how many more is said


def quote_warning(document: Document, source_id: str, words: str) -> str:
    """Why ``words`` cannot be shown as a quote of the source, or "" when they are in it."""
    text = document.source_text(source_id)
    from mapviewer.quotes import closest_passage, locate  # noqa: PLC0415 - not for the first frame

    if text is not None and locate(words, text) is not None:
        return ""
    if text is None:  # blocked (outside the map's folder), missing or unreadable: say which
        status = document.source_status(source_id)
        source = document.sources.get(source_id)
        if source is None or status.state == "missing":
            return "⚠ The text of this source is missing; the quote cannot be checked."
        return f"⚠ {status.describe(source)} The quote cannot be checked."
    start, end, similarity = closest_passage(words, text)
    return (
        "⚠ These words are not in the source. "
        f"Closest passage ({similarity:.0%} alike): “{' '.join(text[start:end].split())}”"
    )


class DetailPane(ReadingPage):
    """Shows one concept or link; emits what the reader clicked instead of following links."""

    current_changed = Signal(str, str)  # what the pane shows now: ("node" | "edge" | "", id)
    document_set = Signal(object)  # another map's Document is shown
    # Escape: the reader is done here. Enter on the map brings the keys to this pane, and
    # Escape did nothing in it, so the way back to the map was F6 round the panes or the mouse.
    back_to_map = Signal()

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document_model = document
        self.setAccessibleName("Details")
        self.current: tuple[str, str] = ("", "")
        self._recount_due = False  # see _on_count_changed
        self._listen(document, True)
        self.show_nothing()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            event.accept()
            self.back_to_map.emit()
            return
        super().keyPressEvent(event)

    def _listen(self, document: Document, on: bool) -> None:
        pairs = [
            (document.meta_changed, self._on_meta_changed),
            (document.sources_changed, self._on_sources_changed),
        ] + [
            (signal, self._on_count_changed)
            for signal in (
                document.reset,
                document.node_added,
                document.node_removed,
                document.node_changed,  # put in a group or taken out: the groups counted
                document.edge_added,
                document.edge_removed,
            )
        ]
        wire(pairs, on)

    def set_document(self, document: Document) -> None:
        self._listen(self.document_model, False)
        self.document_model = document
        self._listen(document, True)
        self.show_nothing()
        self.document_set.emit(document)

    def changeEvent(self, event: QEvent) -> None:
        """A theme switch changes the palette: the page's faint and link colours were taken
        from the old one (grey on the dark page), so the page is built again."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.show_item(*self.current)

    def _on_meta_changed(self) -> None:
        if not self.current[0]:  # the map's own page shows its title, question and description
            self.show_nothing()

    def _on_count_changed(self, *_: object) -> None:
        """The map's page counts its concepts and links: an edit or an undo that adds or removes
        some while it shows (undoing an added concept leaves nothing selected) redoes it, once
        for a paste of hundreds."""
        if not self.current[0] and not self._recount_due:
            self._recount_due = True
            QTimer.singleShot(0, self, self._recount)

    def _recount(self) -> None:
        self._recount_due = False
        if not self.current[0]:
            self.show_nothing()

    def _on_sources_changed(self) -> None:
        """A source renamed, cited, pointed at another file, allowed or removed: the quote cards
        name it and say whether its text can be read, so the page is built again."""
        self.show_item(*self.current)

    def _set_current(self, kind: str, ident: str) -> None:
        if self.current != (kind, ident):
            self.current = (kind, ident)
            self.current_changed.emit(kind, ident)

    # --- pages ----------------------------------------------------------------------------------

    def show_item(self, kind: str, ident: str) -> None:
        if kind == "node" and ident in self.document_model.nodes:
            self.show_node(ident)
        elif kind == "edge" and ident in self.document_model.edges:
            self.show_edge(ident)
        else:
            self.show_nothing()

    def show_nothing(self) -> None:
        self._set_current("", "")
        cursor = self._new_page()
        cmap = self.document_model.cmap
        self._heading(cursor, cmap.title, 1.45)
        if cmap.focus_question:  # the question the map answers, as it heads the canvas
            self._block(cursor)
            self._text(cursor, cmap.focus_question, bold=True, scale=1.1)
        if cmap.description:
            self._paragraph(cursor, cmap.description)
        self._paragraph(
            cursor,
            summary(**concept_counts(cmap.nodes), links=len(cmap.edges), sources=len(cmap.sources)),
            muted=True,
        )
        about = "what the sources say about it" if cmap.sources else "about it"
        self._paragraph(
            cursor,
            f"Click a concept or a link to read {about}. Ctrl+F finds a concept by name or alias.",
            muted=True,
        )
        self._finish(cursor)

    def show_node(self, node_id: str) -> None:
        doc = self.document_model
        node = doc.nodes[node_id]
        self._set_current("node", node_id)
        cursor = self._new_page()
        label = node.label
        self._heading(cursor, cut_short(label, MAX_HEADING), 1.45)
        if len(label) > MAX_HEADING:
            self._paragraph(
                cursor, f"The first {MAX_HEADING:,} of the label's {len(label):,} characters.", True
            )
        members = [n for n in doc.cmap.nodes if n.parent == node_id and n.id != node_id]
        self._kind_line(cursor, node, "Group" if members else "Concept")
        self._group_line(cursor, node, members)
        aliases = said_aliases(node)
        if aliases:
            self._paragraph(cursor, "Also called: " + ", ".join(aliases), muted=True)
        if node.description:
            self._paragraph(cursor, node.description)
        self._quotes(cursor, "node", node.id, node.quotes)
        links = doc.edges_of(node_id)
        if links:
            self._heading(cursor, f"Links ({len(links)})", 1.1)
            for edge in links:
                self._proposition(cursor, edge, first=node_id)
        self._kept_data(cursor, node.data)
        self._finish(cursor)

    def show_edge(self, edge_id: str) -> None:
        edge = self.document_model.edges[edge_id]
        self._set_current("edge", edge_id)
        cursor = self._new_page()
        self._proposition(cursor, edge, scale=1.3, bold=True)
        self._paragraph(cursor, "Link", muted=True)
        if edge.description:
            self._paragraph(cursor, edge.description)
        self._quotes(cursor, "edge", edge.id, edge.quotes)
        self._kept_data(cursor, edge.data)
        self._finish(cursor)

    # --- building blocks ------------------------------------------------------------------------

    def _heading(self, cursor: QTextCursor, text: str, scale: float) -> None:
        self._block(cursor, top=10 if cursor.position() else 0)
        self._text(cursor, text, bold=True, scale=scale)

    def _paragraph(self, cursor: QTextCursor, text: str, muted: bool = False) -> None:
        self._block(cursor)
        self._text(cursor, text, muted=muted)

    def _kind_line(self, cursor: QTextCursor, node: Node, plain: str = "Concept") -> None:
        """The concept's kind, or ``plain`` when it has none ("Group" for a group)."""
        self._block(cursor, top=2)
        kind = self.document_model.kinds.get(node.kind or "")
        swatch = QTextCharFormat()
        base = self.palette().color(QPalette.ColorRole.Base)  # a swatch is a graphic: 3:1
        colour = legible(kind.color, base, AA_GRAPHIC) if kind and kind.color else None
        swatch.setForeground(colour or muted_colour(self))
        cursor.insertText("■ ", swatch)
        kind_said = kind.label if kind else plain
        self._text(cursor, kind_said, muted=True)

    def _group_line(self, cursor: QTextCursor, node: Node, members: list[Node]) -> None:
        """What a group holds, or the group a concept is in, each name a link to it. A group
        just made read "■ Concept" and "No quotation from the sources yet." and not a word of
        its members; a member said nothing of its group."""
        doc = self.document_model
        if members:
            self._block(cursor, top=2)
            self._text(cursor, f"Holds {counted(len(members), 'concept')}: ", muted=True)
            for index, member in enumerate(members[:MAX_MEMBERS]):
                if index:
                    self._text(cursor, ", ", muted=True)
                label = cut_short(member.label)
                self._text(cursor, label, href=link_href("node", member.id))
            if len(members) > MAX_MEMBERS:
                self._text(cursor, f" and {len(members) - MAX_MEMBERS:,} more", muted=True)
        group = doc.nodes.get(node.parent or "")
        if group is not None and group.id != node.id:
            self._block(cursor, top=2)
            self._text(cursor, "In the group ", muted=True)
            self._text(cursor, cut_short(group.label), href=link_href("node", group.id))

    def _proposition(
        self,
        cursor: QTextCursor,
        edge: Edge,
        scale: float = 1.0,
        bold: bool = False,
        first: str = "",
    ) -> None:
        """'Pembrolizumab — blocks → PD-1': each concept and the phrase navigate on click."""
        self._block(cursor, top=3, bottom=3)
        insert_proposition(cursor, self, self.document_model, edge, link_href, scale, first=first)

    def _quotes(self, cursor: QTextCursor, owner: str, owner_id: str, quotes: list[Quote]) -> None:
        """The quotations, or that there are none yet where the map has sources to quote: an
        import from another tool (most have no sources) said "No quotation from the sources
        yet." on every concept and link, of sources it never had."""
        if not quotes:
            if self.document_model.cmap.sources:
                self._paragraph(cursor, "No quotation from the sources yet.", muted=True)
            return
        self._heading(cursor, f"What the sources say ({len(quotes)})", 1.1)
        for index, quote in enumerate(quotes):
            self._quote_block(cursor, owner, owner_id, index, quote)

    def _quote_block(
        self, cursor: QTextCursor, owner: str, owner_id: str, index: int, quote: Quote
    ) -> None:
        begin_quote_card(cursor, self, quote.text, before=self._lead_in(quote))
        source = self.document_model.sources.get(quote.source)
        self._quote_warning(cursor, quote)
        block = QTextBlockFormat()
        block.setTopMargin(6)
        cursor.insertBlock(block)
        self._text(cursor, "— ", muted=True)
        title = source.title if source else quote.source
        self._text(cursor, title, href=link_href("quote", owner_id, f"{owner}:{index}"))
        if source and source.citation and source.citation != title:
            self._text(cursor, f"\n{source.citation}", muted=True)
        cursor.movePosition(QTextCursor.MoveOperation.End)

    def _kept_data(self, cursor: QTextCursor, data: dict[str, object]) -> None:
        """What the file it came from said besides (keptdata): a gene's ids, an airport's city,
        a CmapTools resource with its web page. Kept on import, it was shown nowhere. A web
        address is a link the reader may click; any other text is only text."""
        if not data:
            return
        # It names the formats' own keys, so it imports their readers: not for the first frame.
        from mapviewer.io.keptdata import said, shown_fields  # noqa: PLC0415

        fields = shown_fields(data)
        if not fields:
            return
        self._heading(cursor, f"Data ({len(fields)})", 1.1)
        for key, value in fields[:MAX_FIELDS]:
            lines = said(value)
            self._block(cursor, top=3, bottom=1)
            self._text(cursor, f"{key}  ", muted=True)
            if len(lines) == 1 and len(lines[0]) == 1:
                self._parts(cursor, lines[0])
                continue
            for line in lines[:MAX_FIELDS]:
                self._block(cursor, top=1, bottom=1)
                fmt = cursor.blockFormat()
                fmt.setLeftMargin(14)
                cursor.setBlockFormat(fmt)
                self._parts(cursor, line)
            self._more(cursor, len(lines), "entries")
        self._more(cursor, len(fields), "fields")

    def _more(self, cursor: QTextCursor, count: int, what: str) -> None:
        if count > MAX_FIELDS:
            self._paragraph(cursor, f"and {count - MAX_FIELDS} more {what}", muted=True)

    def _parts(self, cursor: QTextCursor, parts: list[tuple[str, str]]) -> None:
        from mapviewer.io.keptdata import is_web_address  # noqa: PLC0415 - as _kept_data

        for index, (label, text) in enumerate(parts):
            if index:
                self._text(cursor, " · ", muted=True)
            if label:
                self._text(cursor, f"{label} ", muted=True)
            shown = text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"
            self._text(cursor, shown, href=text if is_web_address(text) else "")

    def _lead_in(self, quote: Quote) -> str:
        """The source's words before a quote that begins mid-thought ("It is a protein..."), so
        the card says what "It" is; "" when the quote stands alone or its source is unread."""
        from mapviewer.quotes import begins_mid_thought, lead_in  # noqa: PLC0415

        if not begins_mid_thought(quote.text):
            return ""  # most quotes: no source text needed
        text = self.document_model.source_text(quote.source)
        return lead_in(quote.text, text) if text is not None else ""

    def _quote_warning(self, cursor: QTextCursor, quote: Quote) -> None:
        """Say so when the words are not (or no longer) in the source they cite."""
        warning = quote_warning(self.document_model, quote.source, quote.text)
        if not warning:
            return
        warn = QTextCharFormat()
        warn.setForeground(warning_colour(self))
        block = QTextBlockFormat()
        block.setTopMargin(6)
        cursor.insertBlock(block)
        cursor.insertText(warning, warn)
