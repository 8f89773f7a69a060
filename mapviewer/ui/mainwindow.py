"""The main window: the map in the middle, details and legend docked, menus for files and views."""

from __future__ import annotations

import linecache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QPoint, QPointF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QToolBar,
    QWidget,
)

from mapviewer import APP_NAME
from mapviewer.document import Document
from mapviewer.groups import concept_counts
from mapviewer.model import ConceptMap
from mapviewer.plural import counted, summary
from mapviewer.scene.mapscene import MapScene
from mapviewer.scene.mapview import STEP, MapView
from mapviewer.scene.style import LIGHT, Theme
from mapviewer.ui import settings as prefs
from mapviewer.ui.actions import make_action
from mapviewer.ui.details.detailpane import DetailPane
from mapviewer.ui.docks.legend import LegendList
from mapviewer.ui.files.fileactions import FileActions
from mapviewer.ui.files.trustbar import TrustBar, with_bar
from mapviewer.ui.navigation.explore import ExploreActions
from mapviewer.ui.navigation.linkbundles import LinkBundles
from mapviewer.ui.navigation.searchfield import SearchField
from mapviewer.ui.themes import apply_palette, saved_theme
from mapviewer.ui.workspace import Workspace

if TYPE_CHECKING:
    from mapviewer.ui.files.recoveryui import RecoveryKeeper

FIRST_RUN_SHARE = 0.9  # of the screen's free area, for a window with no saved geometry
SMALL_SCREEN = 1600  # pixels of free width: below this a first run takes the whole screen
DETAILS_WIDTH = 380
MAP_SHARE = 0.6  # of a first-run window's width kept for the map; else Legend stands over Details
TOURS_SHARE = 0.8  # of the window's height asked for Tours when first opened
# Raised whenever the docks' default arrangement changes: Qt restores a saved layout only when its
# number matches, so a layout saved by an older build gives way to the new defaults (saved before
# 1, Statistics and Selection reopened side by side, each half as wide as the tabs give them;
# before 2, Tours kept a column of its own where it is now a tab over the Legend).
DOCK_LAYOUT_VERSION = 2


class MainWindow(QMainWindow):
    """One window showing one map at a time."""

    def __init__(self, document: Document | None = None, deferred: bool = False) -> None:
        """Build the window. With ``deferred``, only what the first frame shows is built now
        (the map, the legend and details docks, the toolbars, the menu titles); the rest (the
        editing machinery, the other docks, the menus' contents) follows as soon as the event
        loop runs, so the map appears as fast as Python and Qt allow."""
        super().__init__()
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self._restore_geometry()  # before the first frame, so the window does not jump after it
        document = document or Document(ConceptMap())
        self.ready = False
        theme = saved_theme()
        if theme is not LIGHT:  # widgets built from here on take the dark palette at once
            apply_palette(theme)
        # Pixel caches, and a big map's link items, come after the first frame (finish_setup).
        self.workspace = Workspace(
            document, theme, cached=not deferred, links_later=deferred, parent=self
        )
        self.view = MapView(self.workspace.scene, self)
        self.workspace.attach_view(self.view)
        self.trust_bar = TrustBar(self.workspace)  # asks before sources outside the map are read
        self.setCentralWidget(with_bar(self.trust_bar, self.view))
        # The map has the keys when the window opens. The bar's buttons come first in the
        # focus chain: with the bar up, Space (meant for the map) pressed "Allow for this map".
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.details = DetailPane(document)
        self.legend = LegendList()
        self.search_field = SearchField()
        self.recovery: RecoveryKeeper | None = None
        self._build_core_docks()
        self.files = FileActions(self.workspace, self)
        self.explore = ExploreActions(
            self.workspace,
            self,
            lambda: (
                [self.view, self.search_field, self.legend, self.details]
                + ([self.reader.text] if self.ready else [])
            ),
        )
        self.bundles = LinkBundles(self.workspace, self)
        self._build_view_actions()
        self._build_menu_titles()
        self._build_toolbar()
        self.addToolBar(self.explore.toolbar())
        self._status_counts = QLabel()
        self.statusBar().addPermanentWidget(self._status_counts)
        self.legend.kind_toggled.connect(self._on_kind_toggled)
        self.details.navigate.connect(self.go_to)
        self.details.open_quote.connect(self.open_quote)
        self.details.back_to_map.connect(self._focus_map)
        self.search_field.found.connect(self._found)
        self.search_field.dismissed.connect(self.view.setFocus)
        self.search_field.not_found.connect(
            lambda text: self.statusBar().showMessage(f"No concept matches “{text}”", 4000)
        )
        self.view.navigate_requested.connect(self.go_to)
        self.workspace.navigate_requested.connect(self.go_to)
        self.workspace.message.connect(self.statusBar().showMessage)
        self.workspace.legend_stale.connect(self._refresh_legend)
        self.view.history_requested.connect(self.explore.walk)
        self.view.details_requested.connect(self._focus_details)
        self._refresh_for_document()
        self._side_docks_placed = False
        self._tours_sized = False  # the Tours tab over the Legend has had its height once
        if deferred:  # the rest once the map is on screen
            self.view.first_frame.connect(lambda: self.scene.when_built(self.finish_setup))
        else:
            self.finish_setup()

    def finish_setup(self) -> None:
        """Everything the first frame does not need; runs once."""
        if self.ready:
            return
        from mapviewer.ui.details.detaileditor import DetailEditing  # noqa: PLC0415
        from mapviewer.ui.details.sourcereader import SourceReader  # noqa: PLC0415
        from mapviewer.ui.dialogs.kindsdialog import kinds_action  # noqa: PLC0415
        from mapviewer.ui.dialogs.mapproperties import properties_action  # noqa: PLC0415
        from mapviewer.ui.dialogs.sourcesdialog import SourceActions  # noqa: PLC0415
        from mapviewer.ui.docks.evidence import EvidenceUi  # noqa: PLC0415
        from mapviewer.ui.editing.editactions import EditActions  # noqa: PLC0415
        from mapviewer.ui.editing.fillsmenu import fills_menu  # noqa: PLC0415
        from mapviewer.ui.editing.groupactions import GroupActions  # noqa: PLC0415
        from mapviewer.ui.editing.layoutactions import LayoutRunner  # noqa: PLC0415
        from mapviewer.ui.editing.letteringmenu import lettering_menu  # noqa: PLC0415
        from mapviewer.ui.editing.pagemenu import PageColour  # noqa: PLC0415
        from mapviewer.ui.editing.pictureactions import PictureActions  # noqa: PLC0415
        from mapviewer.ui.editing.routingmenu import routing_menu  # noqa: PLC0415
        from mapviewer.ui.editing.stylemenu import StyleActions  # noqa: PLC0415
        from mapviewer.ui.files.recoveryui import RecoveryKeeper  # noqa: PLC0415
        from mapviewer.ui.themes import ThemeActions  # noqa: PLC0415
        from mapviewer.ui.tours.tourui import TourUi  # noqa: PLC0415

        document = self.document
        self.scene.build_links()
        self.scene.finish_searches()
        self.scene.set_caching(True)
        self.reader = SourceReader(document)
        from PySide6.QtWidgets import QUndoView  # noqa: PLC0415

        self.history = QUndoView()
        self.history.setEmptyLabel("Opened")
        self.history.setAccessibleName("Undo history")
        self._build_docks()
        self.edits = EditActions(self.workspace, self)
        self.detail_editing = DetailEditing(self.details, self.details_dock, self)
        # The form's look choices follow the whole selection, as the Style menu's do.
        self.detail_editing.editor.selection = lambda: self.workspace.scene.selected_ids()
        self.act_kinds = kinds_action(self.workspace, self)
        self.act_map_properties = properties_action(self.workspace, self)
        self.source_files = SourceActions(self.workspace, self.reader, self)  # Map > Sources, drops
        self.layouts = LayoutRunner(self.workspace, self)
        self.styles = StyleActions(self.workspace, self.style_menu)
        self.pictures = PictureActions(self.workspace, self.style_menu)  # and files dropped
        self.view.picture_dropped.connect(self.pictures.drop_on)
        self.groups = GroupActions(self.workspace, self, self.edits.canvas.rename)
        self.routing = routing_menu(self.workspace, self)  # Map > Links
        self.fills = fills_menu(self.workspace, self)  # Map > Concept colours
        self.lettering = lettering_menu(self.workspace, self)  # Map > Concept labels
        self.page = PageColour(self.workspace, self)  # Map > Page Colour…
        self._build_edit_actions()
        self.themes = ThemeActions(self.workspace, self)
        self._fill_menus()
        self.tours = TourUi(  # Tours dock, Present menu, File > Export Tour
            self.workspace,
            self,
            file_menu=self.file_menu,
            export_after=self.files.export_image,
            view_menu=self.view_menu,
            before_menu=self.help_menu,
        )
        self._place_tours()
        toggle = self.tours.dock.toggleViewAction()
        toggle.toggled.connect(self._raise_tours)
        toggle.triggered.connect(self._front_opened_tours)  # after the dock's own slot shows it
        self.evidence = EvidenceUi(self.workspace, self, view_menu=self.view_menu, tours=self.tours)
        self.reader.navigate.connect(self.go_to)
        self.reader.filter_changed.connect(self._on_source_filter)
        self.details.current_changed.connect(self.reader.set_current)
        # Qt tells of a selection item by item: Details looks at it once they are all in.
        self._selection_settled = QTimer(self)
        self._selection_settled.setSingleShot(True)
        self._selection_settled.setInterval(0)
        self._selection_settled.timeout.connect(self._details_follow_selection)
        self._connect_scene()
        self._connect_document()
        self.workspace.scene_replaced.connect(self._on_scene_replaced)
        self.workspace.document_replaced.connect(self._on_document_replaced)
        self.workspace.theme_changed.connect(self._on_theme_changed)
        self.recovery = RecoveryKeeper(self.workspace, self)
        self.view.context_menu_requested.connect(self._show_context_menu)
        self._restore_layout()
        # The sources PySide6 read while importing the modules above (see app.run).
        linecache.clearcache()
        self.ready = True

    @property
    def document(self) -> Document:
        return self.workspace.document

    @property
    def scene(self) -> MapScene:
        return self.workspace.scene

    @property
    def theme(self) -> Theme:
        return self.workspace.theme

    # --- construction ---------------------------------------------------------------------------

    def _build_core_docks(self) -> None:
        self.details_dock = QDockWidget("Details", self)
        self.details_dock.setObjectName("DetailsDock")
        self.details_dock.setWidget(self.details)
        self.details_dock.setMinimumWidth(300)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.details_dock)
        self.legend_dock = QDockWidget("Legend", self)
        self.legend_dock.setObjectName("LegendDock")
        self.legend_dock.setWidget(self.legend)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.legend_dock)
        self.resizeDocks([self.details_dock], [DETAILS_WIDTH], Qt.Orientation.Horizontal)

    def showEvent(self, event: QShowEvent) -> None:
        """The side docks are placed for the size the window first shows at."""
        if not self._side_docks_placed:
            self._side_docks_placed = True
            self._fit_legend()
        super().showEvent(event)

    def _fit_legend(self) -> None:
        """Widen the legend dock to its longest row ("Resistance mechanism  (28)" was cut off),
        up to a third of the window; only at start, so a width the user chose is kept.

        In a window too narrow for a dock on each side of the map, the Legend stands over
        Details instead: on a 1280x720 laptop screen the two left the map 510 of 1,152 pixels,
        and the default map at fit named five concepts, none of the six most linked."""
        horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        wanted = max(210, min(self.legend.wanted_width(), self.width() // 3))
        if self.width() - wanted - DETAILS_WIDTH >= MAP_SHARE * self.width():
            self.resizeDocks([self.legend_dock], [wanted], horizontal)
            return
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.legend_dock)
        self.splitDockWidget(self.legend_dock, self.details_dock, vertical)
        if self.ready:  # the Source pane, built already, goes back under Details
            self.splitDockWidget(self.details_dock, self.reader_dock, vertical)
            self._place_tours()
        details_least = self.details_dock.minimumWidth()
        self.resizeDocks([self.details_dock], [max(wanted, details_least)], horizontal)
        self._size_legend_over_details()

    def _size_legend_over_details(self) -> None:
        """The Legend over Details as tall as its rows, up to 9/20 of the window."""
        layout = self.layout()
        if layout is not None:
            layout.activate()  # the column has its height before it is shared out
        title = self.legend_dock.height() - self.legend.height()
        tall = min(self.legend.wanted_height() + title, self.height() * 9 // 20)
        self.resizeDocks([self.legend_dock], [tall], Qt.Orientation.Vertical)

    def _place_tours(self) -> None:
        """With the Legend over Details (a window too narrow for a column each side of the map),
        the Tours panel opens as a tab over the Legend rather than in a column of its own left
        of the map: there it left the map 489 of a 1280x720 window's pixels."""
        right = Qt.DockWidgetArea.RightDockWidgetArea
        tours = self.tours.dock
        if self.dockWidgetArea(self.legend_dock) == right and self.dockWidgetArea(tours) != right:
            self.tabifyDockWidget(self.legend_dock, tours)

    def _raise_tours(self, opened: bool) -> None:
        """Opened from its menu or Ctrl+Shift+T, the panel comes in front of the Legend's tab
        (its visibilityChanged stays quiet while it is behind)."""
        if opened:
            QTimer.singleShot(0, self._front_tours)  # once its tab is in the bar

    def _front_opened_tours(self, opened: bool) -> None:
        """Opened from its menu or Ctrl+Shift+T: in front and sized before its first paint. A
        turn of the event loop later, as _raise_tours does, it was painted at the Legend's
        height first (340 px at 1280x720, then 375 and 395)."""
        if opened:
            self._front_tours()

    def _front_tours(self) -> None:
        """In front of the Legend it is a tab over; the first time, two thirds of the column
        high, as in a column of its own: it had the Legend's 290 px, five of its steps in sight."""
        tours = self.tours.dock
        if tours.isFloating() or not self.tabifiedDockWidgets(tours):
            return
        tours.raise_()
        if not self._tours_sized:
            self._tours_sized = True
            layout = self.layout()
            if layout is not None:
                layout.activate()  # the tab in front before its group is sized
            tall = round(self.height() * TOURS_SHARE)
            self.resizeDocks([tours], [tall], Qt.Orientation.Vertical)
            if layout is not None:
                layout.activate()
            self.resizeDocks([tours], [tall], Qt.Orientation.Vertical)

    def _build_docks(self) -> None:
        from mapviewer.ui.docks.columnwidth import ColumnWidth  # noqa: PLC0415
        from mapviewer.ui.docks.minimap import MinimapDock  # noqa: PLC0415
        from mapviewer.ui.docks.pathfinder import PathFinderDock  # noqa: PLC0415
        from mapviewer.ui.docks.selectiontable import SelectionTableDock  # noqa: PLC0415
        from mapviewer.ui.docks.statsdock import StatsDock  # noqa: PLC0415

        self.reader_dock = QDockWidget("Source", self)
        self.reader_dock.setObjectName("SourceDock")
        self.reader_dock.setWidget(self.reader)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.reader_dock)
        self.splitDockWidget(self.details_dock, self.reader_dock, Qt.Orientation.Vertical)
        self.reader_dock.hide()  # opens when a quote's source is asked for
        ColumnWidth(self, self.reader_dock)
        self._legend_tabbed = False  # the Legend made a tab of Details while the Source is open
        self.reader_dock.visibilityChanged.connect(self._on_reader_shown)
        self.history_dock = QDockWidget("History", self)
        self.history_dock.setObjectName("HistoryDock")
        self.history_dock.setWidget(self.history)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.history_dock)
        self.history_dock.hide()
        self.minimap_dock = MinimapDock(self.workspace, self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.minimap_dock)
        self.path_dock = PathFinderDock(self.workspace, self.open_quote, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.path_dock)
        self.stats_dock = StatsDock(self.workspace, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.stats_dock)
        self.selection_dock = SelectionTableDock(self.workspace, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.selection_dock)
        self.tabifyDockWidget(self.stats_dock, self.selection_dock)  # side by side, both cramped
        for dock in (self.minimap_dock, self.path_dock, self.stats_dock, self.selection_dock):
            dock.hide()

    def _action(
        self, text: str, slot: object, shortcuts: list | None = None, tip: str = ""
    ) -> QAction:
        return make_action(self, text, slot, shortcuts, tip)  # type: ignore[arg-type]

    def _build_view_actions(self) -> None:
        """Actions the toolbar shows from the first frame."""
        # Kept as attributes for tests and the toolbar; defined by FileActions.
        self.act_open = self.files.open
        self.act_export = self.files.export_image
        self.act_quit = self.files.quit
        self.act_zoom_in = self._action(
            "Zoom &In",
            lambda: self.view.zoom_by(STEP),
            [QKeySequence.StandardKey.ZoomIn, "Ctrl+="],
            "Zoom in about the cursor",
        )
        self.act_zoom_out = self._action(
            "Zoom &Out",
            lambda: self.view.zoom_by(1 / STEP),
            [QKeySequence.StandardKey.ZoomOut],
            "Zoom out about the cursor",
        )
        self.act_fit = self._action(
            "&Fit to Window",
            lambda: self.view.fit_all(animate=True),
            ["Ctrl+0"],
            "Show the whole map",
        )
        self.act_actual = self._action(
            "&Actual Size",
            self.actual_size,
            ["Ctrl+1"],
            "Zoom to 100 %, on the selection if there is one",
        )
        self.act_find = self._action(
            "&Find Concept…", self.focus_search, [QKeySequence.StandardKey.Find], "Find a concept"
        )
        self.act_shortcuts = self._action("&Keyboard Shortcuts", self.show_shortcuts, ["F1"])
        self.act_about = self._action("&About mapviewer", self.show_about)

    def _build_edit_actions(self) -> None:
        self.act_layout_layered = self._action(
            "&Layered (top-down)",
            lambda: self.layouts.run("layered"),
            ["Ctrl+Shift+L"],
            "Arrange the map in layers, links pointing down, as concept maps are drawn",
        )
        self.act_layout_organic = self._action(
            "&Organic",
            lambda: self.layouts.run("organic"),
            ["Ctrl+Shift+F"],
            "Arrange the map so linked concepts sit together, with few crossings",
        )
        self.act_layout_tidy = self._action(
            "&Tidy (Keep the Arrangement)",
            lambda: self.layouts.run("tidy"),
            ["Ctrl+Shift+Y"],
            "Push apart the concepts and phrases that overlap, leaving everything else where "
            "it is: for an import whose boxes came out bigger than its tool drew them",
        )

    def _build_menu_titles(self) -> None:
        """The menu bar's titles, so the window's layout is final from the first frame."""
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.edit_menu = bar.addMenu("&Edit")
        self.map_menu = bar.addMenu("&Map")
        self.style_menu = bar.addMenu("&Style")
        self.view_menu = bar.addMenu("&View")
        self.help_menu = bar.addMenu("&Help")

    def _fill_menus(self) -> None:
        self.files.fill_menu(self.file_menu)
        self.recent_menu = self.files.recent_menu
        self.edits.fill_menu(self.edit_menu)
        layout_menu = self.map_menu.addMenu("Automatic &Layout")
        layout_menu.addAction(self.act_layout_layered)
        layout_menu.addAction(self.act_layout_organic)
        layout_menu.addAction(self.act_layout_tidy)
        self.map_menu.addMenu(self.groups.menu)
        self.map_menu.addMenu(self.routing.menu)
        self.map_menu.addMenu(self.fills.menu)
        self.map_menu.addMenu(self.lettering.menu)
        self.map_menu.addAction(self.page.choose_action)
        self.map_menu.addAction(self.page.default_action)
        self.map_menu.addSeparator()
        self.map_menu.addAction(self.act_kinds)
        self.map_menu.addAction(self.source_files.action)
        self.map_menu.addAction(self.act_map_properties)
        self.map_menu.addSeparator()
        self.map_menu.addAction(self.detail_editing.toggle)
        for action in (self.act_zoom_in, self.act_zoom_out, self.act_fit, self.act_actual):
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.act_find)
        self.view_menu.addAction(self.path_dock.find_action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.details_dock.toggleViewAction())
        self.view_menu.addAction(self.reader_dock.toggleViewAction())
        self.view_menu.addAction(self.legend_dock.toggleViewAction())
        self.view_menu.addAction(self.history_dock.toggleViewAction())
        for dock in (self.minimap_dock, self.path_dock, self.stats_dock, self.selection_dock):
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addSeparator()
        self.explore.fill_menu(self.view_menu)
        self.view_menu.addAction(self.bundles.action)
        self.view_menu.addMenu(self.themes.menu)
        self.help_menu.addAction(self.act_shortcuts)
        self.help_menu.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main", self)
        bar.setObjectName("MainToolbar")
        bar.setMovable(False)
        bar.setIconSize(QSize(18, 18))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addAction(self.act_open)
        bar.addSeparator()
        self.act_zoom_out.setIconText("−")
        self.act_zoom_in.setIconText("+")
        self.act_fit.setIconText("Fit")
        for action in (self.act_zoom_out, self.act_zoom_in, self.act_fit):
            bar.addAction(action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addWidget(self.search_field)
        self.addToolBar(bar)
        self.toolbar = bar

    # --- document -------------------------------------------------------------------------------

    def _connect_scene(self) -> None:
        self.scene.current_changed.connect(self._on_current_changed)
        self.scene.selectionChanged.connect(self._selection_settled.start)
        self.scene.selectionChanged.connect(self.detail_editing.editor.selection_changed)

    def _on_scene_replaced(self, _scene: MapScene) -> None:
        """Another map or another theme: everything that holds the scene follows it here, or it
        keeps drawing a deleted one (the overview segfaulted)."""
        self._connect_scene()
        self._apply_source_filter()  # the reader's checkbox stays ticked across a swap

    def _connect_document(self) -> None:
        doc = self.document
        self.history.setStack(doc.undo_stack)
        doc.modified_changed.connect(self._update_title)
        doc.path_changed.connect(self._update_title)
        doc.meta_changed.connect(self._update_title)
        doc.kinds_changed.connect(self._refresh_legend)
        structure = (doc.reset, doc.node_added, doc.node_removed, doc.edge_added, doc.edge_removed)
        for signal in structure:
            signal.connect(self._on_structure_changed)
        for signal in (doc.node_changed, doc.edge_changed):
            signal.connect(self._on_item_changed)

    def set_document(self, document: Document) -> None:
        """Show another map; the old document and its scene are dropped."""
        self.workspace.set_document(document)

    def _on_document_replaced(self, document: Document) -> None:
        self._connect_document()
        self.reader.set_document(document)  # its source filter starts off for the new map
        self._apply_source_filter()
        self.details.set_document(document)
        self._refresh_for_document()
        self.view.fit_all()

    def _refresh_for_document(self) -> None:
        doc = self.document
        self.legend.populate(doc, self.scene.styles, self.scene.hidden_kinds)
        self.search_field.set_map(doc.cmap)
        self.details.show_nothing()
        self._update_counts()
        self._update_title()

    def _update_title(self, *_: object) -> None:
        doc = self.document
        self.setWindowTitle(f"{doc.title} — {doc.display_name}[*] — {APP_NAME}")
        self.setWindowModified(doc.modified)
        self.setWindowFilePath(str(doc.path) if doc.path is not None else "")

    def _update_counts(self) -> None:
        doc = self.document
        # The scene keeps its groups as concepts join and leave them: no scan of the map at
        # every edit.
        groups = len(self.scene.group_ids())
        self._status_counts.setText(
            summary(**concept_counts(doc.cmap.nodes, groups), links=len(doc.cmap.edges))
        )
        # Laid out now, not at the next turn of the event loop: a repaint already due drew the
        # longer count ("· 1 group" after Ctrl+G) in the old, narrower place, cut off.
        layout = self.statusBar().layout()
        if layout is not None:
            layout.activate()

    def refresh_legend(self) -> None:
        """Kinds with their counts (shown / total while filtered)."""
        self._refresh_legend()

    def _refresh_legend(self) -> None:
        self.legend.populate(
            self.document, self.scene.styles, self.scene.hidden_kinds, self.scene.kind_counts()
        )

    def _on_structure_changed(self, *_: object) -> None:
        self._update_counts()
        self._refresh_legend()
        self.search_field.set_map(self.document.cmap)
        kind, ident = self.details.current
        if kind and ident not in (self.document.nodes if kind == "node" else self.document.edges):
            self.details.show_nothing()
        elif kind == "node":
            self.details.show_item(kind, ident)  # its list of links may have changed

    def _on_item_changed(self, ident: str) -> None:
        self.search_field.set_map(self.document.cmap)
        if self._details_name(ident):
            self.details.show_item(*self.details.current)
        if self.document.nodes.get(ident) is not None:
            self._refresh_legend()
            self._update_counts()  # a concept put in a group, or taken out, makes or ends one

    def _details_name(self, ident: str) -> bool:
        """Whether the Details page says something of ``ident``: the item itself, one of the
        shown concept's links (its phrase, the concept at its other end) or an end of the shown
        link. A new linked concept's page read "Tumour cell — linked to → Antigen" after its
        phrase, "presents", was typed."""
        kind, current = self.details.current
        if ident == current:
            return True
        edges = self.document.edges
        if kind == "edge":
            shown = edges.get(current)
            return shown is not None and ident in (shown.source, shown.target)
        if kind != "node":
            return False
        changed = edges.get(ident)
        if changed is not None:
            return current in (changed.source, changed.target)
        return any(ident in (e.source, e.target) for e in self.document.edges_of(current))

    def open_path(self, path: str | Path) -> bool:
        """Open a map file (asking about unsaved changes); on failure keep the current map."""
        return self.files.open_path(path)

    def _show_context_menu(self, global_pos: QPoint, scene_pos: QPointF) -> None:
        menu = QMenu(self)
        nodes, edges = self.edits.selected_ids()
        if nodes or edges:
            for action in (self.edits.rename, self.edits.cut, self.edits.copy, self.edits.delete):
                menu.addAction(action)
            if nodes:
                menu.addMenu(self.edits.kind_menu)
                menu.addMenu(self.groups.menu)
            menu.addMenu(self.style_menu)
            if len(nodes) >= 2:
                menu.addAction(self.edits.connect)
        else:
            new = menu.addAction("New Concept Here")
            new.triggered.connect(lambda: self.edits.canvas.new_concept_at(scene_pos))
            menu.addAction(self.edits.paste)
            menu.addSeparator()
            menu.addAction(self.act_fit)
        menu.exec(global_pos)

    # --- navigation -----------------------------------------------------------------------------

    def go_to(self, kind: str, ident: str) -> None:
        """Select a concept or link, show its details, and bring it into view."""
        if kind == "node" and self.scene.shown_as(ident) != ident:
            # Inside a collapsed group: go to the group's box, and say where the concept is.
            group = self.scene.shown_as(ident)
            names = self.document.nodes
            self.statusBar().showMessage(
                f"“{names[ident].label}” is inside the collapsed group “{names[group].label}”"
                " (Map > Group > Collapse or Expand Group, Ctrl+Shift+C, opens it)",
                6000,
            )
            ident = group
        if kind == "node" and not self.scene.is_node_visible(ident):
            self.explore.reveal(ident)  # outside the focus or the source filter
        if kind == "node" and not self.scene.is_node_visible(ident):
            node = self.document.nodes.get(ident)
            if node is not None:  # its kind is hidden: show the kind again rather than fail
                self.scene.set_kind_hidden(node.kind or "", False)
                row = self.legend.row_for(node.kind or "")
                if row is not None:
                    self.legend.blockSignals(True)
                    row.setCheckState(Qt.CheckState.Checked)
                    self.legend.blockSignals(False)
        if not self.scene.select(kind, ident):
            return
        if kind == "node":
            self.view.reveal_node(ident)
        else:
            edge = self.scene.edge_items[ident]
            self.view.reveal_rect(edge.sceneBoundingRect().adjusted(-60, -60, 60, 60))

    def actual_size(self) -> None:
        """100 % about the selected concepts (about the middle of the view, the selection went
        off the screen), else about the middle."""
        scene = self.scene
        boxes = [
            scene.node_items[n].sceneBoundingRect()
            for n in scene.selection_order()
            if n in scene.node_items and scene.node_items[n].shown
        ]
        if boxes:
            around = boxes[0]
            for box in boxes[1:]:
                around = around.united(box)
            self.view.fly_to(around.center(), 1.0)
        else:
            self.view.fly_to(self.view.center(), 1.0)

    def _found(self, node_id: str) -> None:
        """Go to the concept found, and give the keys back to the map: the arrows, 0 and
        Escape went on editing the words typed (a user typed "PD-10" meaning to fit the map)."""
        self.go_to("node", node_id)
        if self.scene.current == ("node", node_id):  # not a collapsed group's box instead
            self.explore.show_found(node_id)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def open_quote(self, owner_kind: str, owner_id: str, index: int) -> None:
        """Open the source of a quote in the reader, scrolled to it and highlighted."""
        if not self.reader_dock.isVisible():
            self.reader_dock.show()  # laid out by _on_reader_shown
        self.reader_dock.raise_()
        self.reader.show_quote(owner_kind, owner_id, index)

    def _on_reader_shown(self, visible: bool) -> None:
        """The Source pane takes most of its column, from a quote's link or the View menu.

        In a window too narrow for a dock either side of the map, the Legend stands over
        Details: at 1280x800 the three shared 729 pixels, the Source's text twelve lines high
        under its chooser and title. There the Legend becomes a tab beside Details while the
        Source is open, and stands over Details again once it closes."""
        reader, details, legend = self.reader_dock, self.details_dock, self.legend_dock
        if reader.isFloating() or self.dockWidgetArea(reader) != self.dockWidgetArea(details):
            return
        if not visible:
            if self._legend_tabbed and reader.isHidden():  # closed, not a tab sent behind
                self._legend_tabbed = False
                # after ColumnWidth has given the column its width back
                QTimer.singleShot(0, self._legend_over_details_again)
            return
        if self._legend_tabbed or reader in self.tabifiedDockWidgets(details):
            return
        if (
            legend.isVisible()
            and not legend.isFloating()
            and self.dockWidgetArea(legend) == self.dockWidgetArea(details)
            and legend not in self.tabifiedDockWidgets(details)
        ):
            self.tabifyDockWidget(details, legend)
            details.raise_()
            self._legend_tabbed = True
        layout = self.layout()
        if layout is not None:
            layout.activate()  # the column as it stands now, before it is shared out
        # Lines of a readable length (the Source's size hint), while the map keeps most of the
        # window: asked as a minimum, 420 px put a window with more docks open off an 800 px
        # screen.
        wide = min(reader.sizeHint().width(), self.width() * 2 // 5)
        if details.width() < wide:
            self.resizeDocks([details, reader], [wide, wide], Qt.Orientation.Horizontal)
        column = [details, reader]
        height = sum(dock.height() for dock in column)
        self.resizeDocks(column, [height * 2 // 5, height * 3 // 5], Qt.Orientation.Vertical)

    def _legend_over_details_again(self) -> None:
        legend, details = self.legend_dock, self.details_dock
        if legend in self.tabifiedDockWidgets(details) and self.reader_dock.isHidden():
            # out of the tabs first: split from a tab, Qt adds Details as one more tab
            area = self.dockWidgetArea(details)
            self.removeDockWidget(legend)
            self.addDockWidget(area, legend)
            self.splitDockWidget(legend, details, Qt.Orientation.Vertical)
            legend.show()
            self._size_legend_over_details()

    def _on_source_filter(self, source_id: str, on: bool) -> None:
        self._apply_source_filter()
        if on:
            nodes, edges = self.reader.supported()
            title = self.document.sources[source_id].title
            self.statusBar().showMessage(
                f"{len(nodes)} concepts and {len(edges)} links quote “{title}”", 5000
            )

    def _apply_source_filter(self) -> None:
        """Show only what the reader's source supports, as its checkbox says: the same filter
        as the View menu's, so the menu shows that source chosen."""
        reader = self.reader
        on = reader.only_supported.isChecked() and reader.source_id
        self.explore.filter_by_source(reader.source_id if on else "")

    def _on_current_changed(self, kind: str, ident: str) -> None:
        self.details.show_item(kind, ident)
        if self.reader_dock.isVisible():
            self.reader.follow_selection(kind, ident)
        if kind and not self.details_dock.isVisible():
            self.details_dock.show()

    def _details_follow_selection(self) -> None:
        """Several selected, Details shows one of them: the canvas keeps no current item for a
        rubber band or Select All from nothing (so no concept's neighbours are lit), and the
        pane stayed on the map's page, or on an item Ctrl+click had taken out."""
        kind, ident = self.details.current
        nodes, edges = self.scene.selected_ids()
        if ident in (nodes if kind == "node" else edges) or not (nodes or edges):
            return
        order = self.scene.selection_order()
        if order:
            self._on_current_changed("node", order[0])
        elif edges:
            self._on_current_changed("edge", min(edges))

    def set_theme(self, theme: Theme) -> None:
        """Redraw the map in another theme, keeping the view and the selection."""
        self.workspace.set_theme(theme)

    def _on_theme_changed(self, _theme: Theme) -> None:
        self._refresh_legend()  # the legend keeps hidden kinds unticked, in the new swatches

    def _focus_details(self) -> None:
        self.details_dock.show()
        self.details_dock.raise_()
        self.details.setFocus()

    def _focus_map(self) -> None:
        """The keys back on the map (from a floating Details too), the selection as it was."""
        self.activateWindow()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_kind_toggled(self, kind_id: str, visible: bool) -> None:
        selected = self.scene.selection_order()
        self.scene.set_kind_hidden(kind_id, not visible)
        # Counted as the status bar counts them: a frame is no concept (it said "152 of 174"
        # beside "161 concepts · 13 groups").
        groups = set(self.scene.group_ids())
        shown = len([n for n in self.scene.visible_node_ids() if n not in groups])
        total = concept_counts(self.document.cmap.nodes, len(groups))["concepts"]
        said = f"{shown} of {total} concepts shown"
        # Unticking the kind of the concept being read took it, its highlight and its Details
        # away with no word: the bar only counted "156 of 161 concepts shown".
        gone = [n for n in selected if not self.scene.is_node_visible(n)]
        if not gone:
            self.statusBar().showMessage(said, 3000)
            return
        nodes = self.document.nodes
        which = f"“{nodes[gone[0]].label}”" if len(gone) == 1 else counted(len(gone), "concept")
        row = self.legend.row_for(kind_id)
        kind = row.text().rsplit("  (", 1)[0] if row is not None else "its kind"
        verb = "is" if len(gone) == 1 else "are"
        self.statusBar().showMessage(
            f"{said}: the selected {which} {verb} hidden with {kind} (tick it to show again)",
            10000,
        )

    # --- window events --------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            event.acceptProposedAction()
            # Open after the drop returns, so an error dialog does not block the drag source.
            path = urls[0].toLocalFile()
            QTimer.singleShot(0, lambda: self.open_path(path))

    def _restore_geometry(self) -> None:
        """Where the window was; on a first run, most of the screen, centred, so a big map has
        room and the window opens where the eye is."""
        geometry = prefs.settings().value("window/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            prefs.fit_to_screen(self)  # saved on a bigger screen, or with more docks open
            return
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1280, 820)
            return
        room = screen.availableGeometry()
        share = FIRST_RUN_SHARE if room.width() >= SMALL_SCREEN else 1.0  # a laptop needs it all
        size = QSize(round(room.width() * share), round(room.height() * share))
        self.resize(size.expandedTo(QSize(960, 640)).boundedTo(room.size()))
        self.move(room.center() - self.rect().center())

    def _restore_layout(self) -> None:
        """Docks and toolbars as they were; they exist only once finish_setup has built them."""
        state = prefs.settings().value("window/state")
        if not isinstance(state, QByteArray):
            return
        if self.restoreState(state, DOCK_LAYOUT_VERSION) or self._restore_older_layout(state):
            self._side_docks_placed = True  # as the person left them, not for a first run
            prefs.fit_to_screen(self)  # the docks restored may not fit this screen together

    def _restore_older_layout(self, state: QByteArray) -> bool:
        """A layout an older build saved (version 0 or 1): the docks the person had open stay
        open, and Statistics and Selection, which a build before 1 put side by side, share one
        place as tabs as they do now; where the Legend stands over Details, Tours is a tab over
        it, not the column of its own a build before 2 gave it (the map 489 px of a 1280x720
        window instead of 904)."""
        if not (self.restoreState(state, 1) or self.restoreState(state, 0)):
            return False
        self._place_tours()
        stats, selection = self.stats_dock, self.selection_dock
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        docked = not stats.isFloating() and not selection.isFloating()
        if (
            docked
            and self.dockWidgetArea(stats) == bottom == self.dockWidgetArea(selection)
            and selection not in self.tabifiedDockWidgets(stats)
        ):
            self.tabifyDockWidget(stats, selection)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.workspace.discard_recovery()
        prefs.remember_last_map(self.document.path)
        store = prefs.settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState(DOCK_LAYOUT_VERSION))
        event.accept()

    def show_shortcuts(self) -> None:
        from mapviewer.ui.dialogs.messages import show_shortcuts  # noqa: PLC0415

        show_shortcuts(self)

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

        from mapviewer import __version__  # noqa: PLC0415

        box = QMessageBox(self)
        box.setWindowTitle("About mapviewer")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"mapviewer {__version__}")
        box.setInformativeText(
            "An interactive concept map of cancer immunotherapy. Every concept and link quotes "
            "the source documents word for word."
        )
        box.exec()
