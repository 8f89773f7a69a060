"""The find field: ranked suggestions as you type, each showing why it matched; Enter jumps.

The search index of a 20k-concept map takes over a second to build. Built on the first
keystroke, it froze that keystroke (issue 18: 1.7 s), so it is built on a worker thread as soon
as a find field takes the keyboard (Ctrl+F, a click, Find Path), before the first key, and again
after edits while the old index answers. Not on opening: a map nobody searches kept an index
the size of its scene (the 1k map's peak memory 128.5 -> 119.5 MB without it). A keystroke never
waits for it on a big map: the list says "Indexing…" and fills once the index arrives. Nor does
Enter: a name typed whole, or the start of one, is looked up in the names at once; anything
else says "Indexing…" and goes to the best match when the index arrives.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from mapviewer.model import ConceptMap

if TYPE_CHECKING:
    from concurrent.futures import Future

    from mapviewer.search import SearchIndex
    from mapviewer.ui.navigation.searchpopup import Suggestions

MAX_SUGGESTIONS = 12
# Below this many concepts the index builds in some 40 ms or less: on the first keystroke that
# needs it, as before, with no worker thread (the default map has under 200).
SMALL_MAP = 1000
# From this many concepts the index waits for the first keystroke (still built on the worker,
# the list saying "Indexing…"): built on opening, the 100k map's index took 850 MB more peak
# memory (2,104 -> 2,959 MB) and its first frame 12.9 -> 18.6 s, for a search nobody may make.
HUGE_MAP = 50_000
# Edits come in bursts (a command sends a signal per concept; the Find Path fields re-read the
# map while a drag moves concepts): one rebuild once they have settled.
EDIT_DELAY_MS = 250


def _build(cmap: ConceptMap, previous: SearchIndex | None) -> tuple[SearchIndex, dict[str, str]]:
    from mapviewer.search import SearchIndex  # noqa: PLC0415 - loaded with the first map's index

    return SearchIndex(cmap, previous), cmap.labels()


def named(cmap: ConceptMap, text: str) -> str | None:
    """The concept named ``text`` (a label, then an alias, compared as the index compares
    them: case, accents and punctuation aside), else the only concept with a name that starts
    with it: Enter's answer while the index is being built, the one the index gives. None for
    what the index must rank: the start of several names, a typo, words inside a name, an
    acronym typed in capitals ("TME" means the initials first)."""
    from mapviewer.search import ACRONYM_FROM, compact  # noqa: PLC0415 - with the first Enter

    key = compact(text)
    if not key:
        return None
    starting: set[str] = set()
    for field in ("label", "alias"):
        for node in cmap.nodes:
            names = [node.label] if field == "label" else node.aliases
            for name in map(compact, names):
                if name == key:
                    return node.id
                if name.startswith(key):
                    starting.add(node.id)
    shouted = text.upper() == text and len(key) >= ACRONYM_FROM
    return starting.pop() if len(starting) == 1 and not shouted else None


class IndexKeeper(QObject):
    """One map's search index, shared by every find field searching that map (the toolbar's
    and Find Path's two), kept up to date on the worker thread.

    ``index`` is the newest one built (None until the first arrives); ``fresh`` says whether
    it has seen the latest edit. ``ready`` follows each index that arrives."""

    ready = Signal()
    _built = Signal(object, int)  # the worker's Future, the map version it read

    def __init__(self, cmap: ConceptMap) -> None:
        super().__init__()
        self.cmap = cmap
        self.index: SearchIndex | None = None
        self.labels: dict[str, str] = {}
        self._version = 0  # bumped by each edit
        self._have = -1  # the version ``index`` was built from
        self._job: Future[tuple[SearchIndex, dict[str, str]]] | None = None
        self._job_version = -1
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._start)
        self._built.connect(self._on_built, Qt.ConnectionType.QueuedConnection)

    @property
    def fresh(self) -> bool:
        return self._have == self._version

    @property
    def small(self) -> bool:
        return len(self.cmap.nodes) < SMALL_MAP

    @property
    def huge(self) -> bool:
        return len(self.cmap.nodes) >= HUGE_MAP

    def edited(self) -> None:
        """The map changed: build again once the edits settle; the old index answers till then.
        A map not searched yet has nothing to bring up to date."""
        self._version += 1
        if self._job is None and self.index is not None:
            self._timer.start(EDIT_DELAY_MS)

    def warm(self) -> None:
        """A find field took the keyboard: a search is coming, so start building (not a huge
        map's index, which waits for a keystroke: 850 MB on the 100k map)."""
        if not self.huge:
            self.request()

    def request(self) -> None:
        """A keystroke wants an index: start building it now if none is built or on its way
        (a huge map's waits for this)."""
        if self.index is None and self._job is None and not self.small:
            self._timer.stop()
            self._start()

    def ensure(self) -> SearchIndex:
        """The index of the map as it is now, waiting for the worker or building it here: for a
        small map, whose index takes milliseconds (a big map's callers never wait on it)."""
        if self.index is not None and self.fresh:
            return self.index
        job, version = self._job, self._job_version
        if job is not None and version == self._version:
            self._take(version, job.result())
        else:
            self._take(self._version, _build(self.cmap, self.index))
        self._timer.stop()
        assert self.index is not None
        return self.index

    def _start(self) -> None:
        if self._job is not None or self.fresh or self.small:
            return  # a small map's index is built when a keystroke needs it: no thread at all
        version = self._version
        # Imported when first needed: concurrent.futures is not wanted before the first frame.
        from mapviewer.ui.workers import worker  # noqa: PLC0415

        job = worker("search-index").submit(_build, self.cmap, self.index)
        self._job, self._job_version = job, version
        # Runs on the worker thread: the queued connection hands the result to the GUI thread.
        job.add_done_callback(lambda done: self._built.emit(done, version))

    def _on_built(self, job: Future[tuple[SearchIndex, dict[str, str]]], version: int) -> None:
        if job is self._job:
            self._job = None
        error = job.exception()
        if error is not None:
            if version == self._version:
                raise error  # a bug: the map did not change under the worker
        elif version > self._have:
            self._take(version, job.result())
        if not self.fresh and self._job is None:
            self._timer.start(EDIT_DELAY_MS)  # edited while it was building

    def _take(self, version: int, built: tuple[SearchIndex, dict[str, str]]) -> None:
        if version <= self._have:
            return
        self.index, self.labels = built
        self._have = version
        self.ready.emit()


# The keepers in use, by map: find fields on the same map share one.
_keepers: weakref.WeakValueDictionary[int, IndexKeeper] = weakref.WeakValueDictionary()


def keeper_for(cmap: ConceptMap) -> IndexKeeper:
    keeper = _keepers.get(id(cmap))
    if keeper is None or keeper.cmap is not cmap:
        keeper = _keepers[id(cmap)] = IndexKeeper(cmap)
    return keeper


class SearchField(QLineEdit):
    """Emits ``found(node_id)`` when the user picks a concept; ``not_found(text)`` otherwise."""

    found = Signal(str)
    not_found = Signal(str)
    dismissed = Signal()  # Escape: the words are cleared, the keys go back to the map
    clears_on_escape = True  # a field of a form (Find Path's) keeps its words instead
    index_ready = Signal()  # a newer index of the map arrived (Find Path waits on it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Find a concept…  (Ctrl+F)")
        self.setClearButtonEnabled(True)
        self.setAccessibleName("Find a concept")
        self.setMinimumWidth(220)
        self.setMaximumWidth(360)
        self._cmap: ConceptMap | None = None
        self._keeper: IndexKeeper | None = None
        self._suggestions: Suggestions | None = None  # made on the first keystroke
        self._behind = False  # the list shows "Indexing…" or an index older than the map
        self._enter_waits = False  # Enter was pressed on words only the index can rank
        self.textEdited.connect(self._refresh)
        self.returnPressed.connect(self.go)

    def set_map(self, cmap: ConceptMap) -> None:
        """Search this map from now on; its index is built on the worker thread.

        Another map (an open, a New) empties the field: the words typed were about the map
        before, and Enter would look them up in this one. The same map after an edit keeps them.
        """
        another = cmap is not self._cmap
        if another and self.text():
            self.clear()
        self._cmap = cmap
        if another:
            self._enter_waits = False  # Enter was about the map before
            if self._keeper is not None:
                self._keeper.ready.disconnect(self._on_index_ready)
            self._keeper = keeper_for(cmap)
            self._keeper.ready.connect(self._on_index_ready)
        elif self._keeper is not None:
            self._keeper.edited()
        if self._suggestions is not None:
            self._suggestions.model.clear()
            if another:
                self._suggestions.popup.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape clears what was typed and hands the keys back: the F1 card promises it, and
        the field kept them (Escape twice, then 0 typed "PD-10" instead of fitting the map)."""
        if self.clears_on_escape and event.key() == Qt.Key.Key_Escape and not event.modifiers():
            if self._suggestions is not None:
                self._suggestions.popup.hide()
            self.clear()
            self.dismissed.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self._keeper is not None:
            self._keeper.warm()

    def best_match(self) -> str | None:
        """The concept that best matches what is typed, "" when none does, or None when only
        the index being built can tell (``index_ready`` follows): never waits for it."""
        keeper = self._keeper
        text = self.text()
        if keeper is None or not text.strip():
            return ""
        if keeper.small or (keeper.index is not None and keeper.fresh):
            hits = keeper.ensure().search(text, MAX_SUGGESTIONS)  # a small map's: milliseconds
            return hits[0].node_id if hits else ""
        found = named(keeper.cmap, text)
        if found is not None:
            return found
        keeper.request()  # a huge map's index starts now if no keystroke started it
        return None

    def _list(self) -> Suggestions:
        if self._suggestions is None:
            from mapviewer.ui.navigation.searchpopup import Suggestions  # noqa: PLC0415

            self._suggestions = Suggestions(self, self.found.emit)
        return self._suggestions

    def _refresh(self, text: str) -> None:
        suggestions = self._list()
        self._enter_waits = False  # Enter was about the words before
        keeper = self._keeper
        self._behind = False
        if keeper is None:
            return
        if keeper.small:
            keeper.ensure()  # milliseconds: the list is never behind on a small map
        else:
            keeper.request()
        index = keeper.index
        self._behind = index is None or not keeper.fresh
        if index is None:
            suggestions.show_waiting(self.hasFocus())
            return
        suggestions.show(index.search(text, MAX_SUGGESTIONS), keeper.labels, self.hasFocus())

    def _on_index_ready(self) -> None:
        """A newer index: an Enter waiting for it goes now; else what the list showed was
        waiting for it, so search again."""
        keeper = self._keeper
        if self._enter_waits:
            if keeper is not None and keeper.fresh:
                self._enter_waits = False
                self._list().popup.hide()
                self._jump()
        elif self._behind and self._suggestions is not None and self.text():
            self._refresh(self.text())
        self.index_ready.emit()

    def go(self) -> None:
        """Jump to the best match for what is typed (or the suggestion chosen in the list)."""
        chosen = self._suggestions.take_current() if self._suggestions is not None else None
        if chosen:
            self.found.emit(chosen)
            return
        self._jump()

    def _jump(self) -> None:
        """To the best match; while only the index being built can tell, the list says
        "Indexing…" and the jump comes when it arrives (unless the words change meanwhile)."""
        best = self.best_match()
        if best is None:
            self._enter_waits = True
            self._list().show_waiting(self.hasFocus())
        elif best:
            self.found.emit(best)
        elif self.text().strip():
            self.not_found.emit(self.text())
