"""Keeping quotes true: the open map's source files are watched, and a change re-checks quotes.

A source edited on disk (a paper replaced by its published version, a note rewritten) can make
quotes say words the source no longer says. Each open document gets one ``QuoteWatch``: it
watches the files its sources point at, as ``filewatch`` watches the map (the process's one
QFileSystemWatcher; each file and its folder, since an editor's atomic save replaces the inode),
reads the texts again when one really changed, and says how many quotes went stale. The
``StaleQuotesBar`` tells the person, without stopping them, on opening and after such a change.

Quotes are checked through ``mapviewer.evidence.QuoteChecks``, each sentence once per source
text, on a worker thread: a quote that no longer matches costs its closest passage (some 15 ms),
and a rewritten source can make hundreds stale at once. The window hears the result when it is
ready (``sources_checked``); until then it shows what it knew.
"""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from mapviewer.document import Document
from mapviewer.evidence import (
    ItemEvidence,
    QuoteChecks,
    all_quotes,
    count_stale,
    lost_texts,
    map_evidence,
    stale_owners,
)
from mapviewer.ui.files.filewatch import SETTLE_MS, EdgeBar, _release_when_gone, _SharedWatcher
from mapviewer.ui.workers import worker

WATCH_NAME = "QuoteWatch"
POLL_MS = 30  # how often the UI thread looks whether the worker has finished


Stamp = tuple[int, int] | None  # (mtime in ns, size) of a file, None when it does not exist


def _stamp(path: str) -> Stamp:
    try:
        info = Path(path).stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def stale_text(count: int) -> str:
    """The bar's words, also used by the F5 question."""
    if count == 1:
        return "1 quote no longer matches its source"
    return f"{count} quotes no longer match their source"


def _some(names: list[str]) -> str:
    """The first three of ``names``, then how many more."""
    more = len(names) - 3
    return ", ".join(names[:3]) + (f" and {more} more" if more > 0 else "")


def stale_named(count: int, sources: list[str], owners: list[str]) -> str:
    """``count`` stale quotes, their sources and holders named: "1 quote no longer matches its
    source “Checkpoint primer” (checkpoint-primer.txt): PD-1"."""
    said = stale_text(count)
    if not sources:
        return said
    if len(sources) > 1:
        said = said.replace("their source", "their sources")
    said = f"{said} {_some(sources)}"
    return f"{said}: {_some(owners)}" if owners else said


def bar_text(
    count: int,
    lost: int,
    files: list[str],
    sources: list[str] | None = None,
    owners: list[str] | None = None,
) -> str:
    """The bar's words for ``count`` stale quotes, ``lost`` of them because the texts of
    ``files`` cannot be found or read: a copy of a map whose texts stayed behind said that its
    quotes "no longer match", as if their words had changed. The others' ``sources`` and the
    concepts, links and steps holding them (``owners``) are named: the bar said which sources
    no more than how many."""
    stale = stale_named(count - lost, sources or [], owners or [])
    if not lost:
        return f"⚠ {stale}."
    texts = "the text of " + ("a source" if len(files) == 1 else f"{len(files)} sources")
    said = f"{texts} cannot be found or read ({_some(files)})"
    unchecked = "1 quote cannot be checked" if lost == 1 else f"{lost} quotes cannot be checked"
    if lost == count:
        return f"⚠ {said[0].upper()}{said[1:]}: {unchecked}."
    return f"⚠ {stale}; {said}."


class QuoteWatch(QObject):
    """One document's quote checks, kept current as the map is edited and its sources change.

    ``changed`` follows any re-check (an edit, a source replaced); ``sources_checked`` follows
    the checks of every quote after the map opened or a source file changed on disk: what the
    bar announces."""

    changed = Signal()
    sources_checked = Signal()

    def __init__(self, document: Document) -> None:
        super().__init__(document)
        self.setObjectName(WATCH_NAME)
        self.document = document
        self._checks = QuoteChecks(document.source_texts)
        self._evidence: list[ItemEvidence] | None = None
        self._stale: int | None = None
        self.shared = _SharedWatcher.get()
        self.shared.watcher.fileChanged.connect(self._on_event)
        self.shared.watcher.directoryChanged.connect(self._on_event)
        self.watched: list[str] = []  # this document's share of the shared watcher
        watched = self.watched
        self.destroyed.connect(lambda: _release_when_gone(watched))
        self.stamps: dict[str, Stamp] = {}  # each source file as it was when last read
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(SETTLE_MS)
        self.settle.timeout.connect(self.look)
        self.recheck = QTimer(self)  # many signals of one command make one re-check
        self.recheck.setSingleShot(True)
        self.recheck.setInterval(0)
        self.recheck.timeout.connect(self._announce)
        self._job: Future[object] | None = None
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self._poll)
        for signal in document.content_signals(moves=False):
            signal.connect(self._edited)
        document.tours_changed.connect(self._edited)
        document.sources_changed.connect(self._sources_changed)
        document.path_changed.connect(self._sources_changed)
        self.rewatch()
        self.check_all()

    # --- results --------------------------------------------------------------------------------

    @property
    def checks(self) -> QuoteChecks:
        """The checks against the texts the document holds now (a save elsewhere or another
        answer about outside files gives it new ones)."""
        if self._checks.texts is not self.document.source_texts:
            self._checks = QuoteChecks(self.document.source_texts)
            self._forget()
        return self._checks

    def evidence(self) -> list[ItemEvidence]:
        """Every concept and link with its quotes, sources and state; computed when asked."""
        checks = self.checks
        if self._evidence is None:
            self._evidence = map_evidence(self.document.cmap, checks)
        return self._evidence

    def lost_texts(self) -> tuple[int, list[str]]:
        """How many stale quotes are so because their texts are not there, and whose."""
        return lost_texts(self.document.cmap, self.checks)

    def stale_owners(self) -> tuple[list[str], list[str]]:
        """The sources whose texts no longer hold a quote, and the items holding those."""
        return stale_owners(self.document.cmap, self.checks)

    def stale_count(self) -> int:
        """Stale quotes of concepts, links and tour steps, as ``mapviewer check`` counts them."""
        checks = self.checks
        if self._stale is None:
            self._stale = count_stale(self.document.cmap, checks)
        return self._stale

    def _forget(self) -> None:
        self._evidence = None
        self._stale = None

    def _edited(self, *_: object) -> None:
        self._forget()
        self.recheck.start()

    def _announce(self) -> None:
        if not self.checking:  # else the worker's end says it, with every answer ready
            self.changed.emit()

    def _sources_changed(self) -> None:
        self.rewatch()
        self._forget()
        self.check_all()

    @property
    def checking(self) -> bool:
        """A worker is checking quotes; ``sources_checked`` follows when it is done."""
        return self.poll.isActive()

    def check_all(self) -> None:
        """Check every quote not yet checked against the texts as they are now, off the UI
        thread; ``sources_checked`` then says the counts are true."""
        checks = self.checks
        quotes = checks.unchecked(all_quotes(self.document.cmap))
        # The texts are read here, once each: a reader library (a PDF's) may not be safe to
        # call from two threads, and the worker then only compares words.
        for source_id in dict.fromkeys(q.source for q in quotes):
            checks.texts.text(source_id)
        if self._job is not None:
            self._job.cancel()  # a later change: its checks are for texts no longer shown

        def work() -> None:
            for quote in quotes:
                checks.is_stale(quote)  # the answer is kept in ``checks``

        self._job = worker("quote-check").submit(work)
        self.poll.start()

    def _poll(self) -> None:
        job = self._job
        if job is None or not job.done():
            return
        self.poll.stop()
        self._job = None
        error = None if job.cancelled() else job.exception()
        if error is not None:
            raise error
        self._forget()
        self.changed.emit()
        self.sources_checked.emit()

    # --- watching -------------------------------------------------------------------------------

    def source_files(self) -> list[str]:
        """The files the sources' texts come from, or would come from once they exist. A file
        outside the map's folder that the person has not allowed is not looked at."""
        paths = []
        for source in self.document.cmap.sources:
            status = self.document.source_status(source.id)
            if status.path is not None and status.state != "blocked":
                paths.append(str(status.path))
        return list(dict.fromkeys(paths))

    def rewatch(self) -> None:
        """Watch the sources' files and their folders as the document names them now."""
        files = self.source_files()
        self.stamps = {path: _stamp(path) for path in files}
        wanted = list(dict.fromkeys([*files, *(str(Path(p).parent) for p in files)]))
        self.shared.release(self.watched)
        self.watched.clear()
        self.watched.extend(wanted)
        self.shared.want(self.watched)

    def _on_event(self, path: str) -> None:
        if path in self.watched:
            self.settle.start()

    def look(self) -> bool:
        """After change events settled: read the texts again if a source file really changed
        (a touch that keeps size and time, or another file in the folder, is no change)."""
        self.shared.ensure(self.watched)  # an atomic replace made the watcher drop the file
        fresh = {path: _stamp(path) for path in self.stamps}
        if fresh == self.stamps:
            return False
        self.stamps = fresh
        self.document.reread_sources()  # -> sources_changed -> rewatch and re-check
        return True


def watch_for(document: Document) -> QuoteWatch:
    """The document's one QuoteWatch, made when first asked for; it goes with the document."""
    found = document.findChild(QuoteWatch, WATCH_NAME)
    return found if found is not None else QuoteWatch(document)


class StaleQuotesBar(EdgeBar):
    """A strip along the bottom of the canvas: "N quotes no longer match their source", a button
    to the list, and a button to put it away. Non-modal: the person may finish a thought first.
    (The bar for a map changed on disk takes the top edge.)"""

    AT_BOTTOM = True

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("StaleQuotesBar")
        self.setAccessibleName("Stale quotes")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.show_button = QPushButton("&Show Them")
        self.show_button.setToolTip("List the concepts and links whose quotes no longer match")
        self.dismiss = QPushButton("&Dismiss")
        self.dismiss.setToolTip("Hide this note; the Evidence dock still lists them")
        self.dismiss.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.show_button)
        layout.addWidget(self.dismiss)
        self.hide()

    def show_count(
        self,
        count: int,
        lost: int = 0,
        files: list[str] | None = None,
        named: tuple[list[str], list[str]] = ([], []),
    ) -> None:
        """Say how many quotes are stale (``lost`` of them as the texts of ``files`` are not
        there), and ``named``: the others' sources and the items holding them; none hides the
        bar."""
        if count <= 0:
            self.hide()
            return
        self.label.setText(bar_text(count, lost, files or [], *named))
        self._place()
        self.show()
        self.raise_()
