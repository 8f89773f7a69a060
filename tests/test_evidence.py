"""Keeping quotes true and seeing what backs the map, as a person meets it: a source edited on
disk raises a bar, the bar's button lists the stale items, a row's click selects its item, F5
asks before a tour with stale quotes, and View > Evidence Colouring marks the canvas."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from mapviewer.evidence import source_support
from mapviewer.paths import DEFAULT_MAP
from mapviewer.ui.docks.evidence import NAME, QUOTES, STATE, EvidenceDock
from mapviewer.ui.files.sourcewatch import watch_for
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, open_window
from .real_input import keys_when_shown

PD1_WORDS = "acts as a brake on T-cell activity"


def sample_copy(folder: Path, *, stale_quote: bool = False, tour: bool = True) -> Path:
    """The sample map and its source beside it in ``folder``, with a tour whose second step is
    captioned with PD-1's quote; ``stale_quote`` edits PD-1's quote so it no longer matches."""
    data = json.loads((DATA / "sample.json").read_text(encoding="utf-8"))
    pd1 = next(n for n in data["nodes"] if n["id"] == "pd-1")
    if stale_quote:
        pd1["quotes"][0]["text"] = pd1["quotes"][0]["text"].replace("acts as", "acts like")
    if tour:
        quote = dict(pd1["quotes"][0])
        data["tours"] = [
            {
                "id": "intro",
                "title": "Intro",
                "steps": [
                    {"title": "Drugs", "focus": ["pembrolizumab"]},
                    {
                        "title": "Brakes",
                        "focus": ["pd-1"],
                        "caption": quote["text"],
                        "quote": quote,
                    },
                ],
            }
        ]
    shutil.copytree(DATA / "sources", folder / "sources")
    path = folder / "sample.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def edit_source(folder: Path, old: str, new: str) -> None:
    """What another program does: write the source file anew."""
    source = folder / "sources" / "checkpoint-primer.txt"
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(text.replace(old, new), encoding="utf-8")


def click_row(qtbot, dock: EvidenceDock, row: int) -> None:
    table = dock.table
    rect = table.visualRect(dock.model.index(row, NAME))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def names(dock: EvidenceDock) -> list[str]:
    return [item.name for item in dock.model.rows]


def test_a_source_edited_on_disk_raises_the_bar_and_its_button_lists_the_stale(
    qtbot, tmp_path: Path
) -> None:
    win = open_window(qtbot, sample_copy(tmp_path), (1200, 800))
    bar = win.evidence.bar
    assert not bar.isVisible()  # every quote matches: nothing to say
    edit_source(tmp_path, PD1_WORDS, "acts like a brake on T-cell activity")
    qtbot.waitUntil(bar.isVisible, timeout=10_000)
    # PD-1's quote and the tour step captioned with it.
    assert bar.label.text() == (
        "⚠ 2 quotes no longer match their source “Checkpoint primer” (checkpoint-primer.txt): "
        "PD-1, step 2 of “Intro”."
    )
    assert bar.geometry().bottom() == win.view.height() - 1  # along the canvas's bottom edge
    qtbot.mouseClick(bar.show_button, Qt.MouseButton.LeftButton)
    dock = win.evidence.dock
    qtbot.waitUntil(dock.isVisible, timeout=10_000)
    assert not bar.isVisible()
    assert dock.state.currentText() == "Stale"
    assert names(dock) == ["PD-1"]
    click_row(qtbot, dock, 0)
    assert win.scene.current == ("node", "pd-1")
    assert "not in the source" in win.details.toPlainText()
    # The Tours dock flags the step, numbered as it shows it.
    steps = win.tours.panel.steps
    assert steps.item(1).text() == "2. Brakes  ⚠ quote no longer matches its source"
    assert "⚠" not in steps.item(0).text()
    # Put right on disk: the bar goes, the dock has nothing stale left.
    bar.show_count(2)
    edit_source(tmp_path, "acts like a brake on T-cell activity", PD1_WORDS)
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: names(dock) == [], timeout=10_000)
    qtbot.waitUntil(lambda: steps.item(1).text() == "2. Brakes", timeout=10_000)


def test_the_stale_quote_bar_names_the_source_and_what_quotes_it(qtbot, tmp_path: Path) -> None:
    """The bar said "⚠ 1 quote no longer matches its source." and not which source, nor whose
    quote: the person had to open the Evidence dock to learn either. It names the source's
    title and file and the concept; its Show Them lists that concept, and a click on its row
    selects it."""
    win = open_window(qtbot, sample_copy(tmp_path, tour=False), (1024, 768))
    bar = win.evidence.bar
    edit_source(tmp_path, PD1_WORDS, "acts like a brake on T-cell activity")
    qtbot.waitUntil(bar.isVisible, timeout=10_000)
    said = bar.label.text()
    assert "“Checkpoint primer” (checkpoint-primer.txt)" in said
    assert said.endswith(": PD-1.")
    qtbot.mouseClick(bar.show_button, Qt.MouseButton.LeftButton)
    dock = win.evidence.dock
    qtbot.waitUntil(lambda: dock.isVisible() and names(dock) == ["PD-1"], timeout=10_000)
    click_row(qtbot, dock, 0)
    assert win.scene.current == ("node", "pd-1")


def test_opening_a_map_whose_quotes_no_longer_match_says_so(qtbot, tmp_path: Path) -> None:
    win = open_window(qtbot, sample_copy(tmp_path, stale_quote=True, tour=False), (1200, 800))
    bar = win.evidence.bar
    qtbot.waitUntil(bar.isVisible, timeout=10_000)
    assert bar.label.text() == (
        "⚠ 1 quote no longer matches its source “Checkpoint primer” (checkpoint-primer.txt): PD-1."
    )
    qtbot.mouseClick(bar.dismiss, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()


def test_a_map_whose_source_text_is_gone_says_so_not_that_its_quotes_changed(
    qtbot, tmp_path: Path
) -> None:
    """A copy of a map whose text stayed behind said "2 quotes no longer match their source",
    as if their words had changed: it names the file that cannot be found instead; and where
    some quotes do not match as well, it says both."""
    path = sample_copy(tmp_path, tour=True)
    (tmp_path / "sources" / "checkpoint-primer.txt").unlink()
    win = open_window(qtbot, path, (1200, 800))
    bar = win.evidence.bar
    qtbot.waitUntil(bar.isVisible, timeout=10_000)
    said = bar.label.text()
    assert said.startswith("⚠ The text of a source cannot be found or read (")
    assert "checkpoint-primer.txt" in said and said.endswith("quotes cannot be checked.")
    assert "no longer match" not in said
    win.close()
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    path = sample_copy(mixed, stale_quote=True, tour=False)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["sources"].append({"id": "gone", "title": "Gone", "file": "sources/gone.txt"})
    data["nodes"][0]["quotes"].append({"source": "gone", "text": "Words of a lost text."})
    path.write_text(json.dumps(data), encoding="utf-8")
    win = open_window(qtbot, path, (1200, 800))
    bar = win.evidence.bar
    qtbot.waitUntil(bar.isVisible, timeout=10_000)
    assert bar.label.text() == (
        "⚠ 1 quote no longer matches its source “Checkpoint primer” (checkpoint-primer.txt): "
        "PD-1; "
        "the text of a source cannot be found or read (sources/gone.txt)."
    )


def test_the_evidence_dock_sorts_filters_and_selects(qtbot, tmp_path: Path) -> None:
    win = open_window(qtbot, sample_copy(tmp_path, stale_quote=True, tour=False), (1400, 900))
    toggle = win.evidence.dock.toggleViewAction()
    assert toggle in win.view_menu.actions()
    toggle.trigger()
    dock = win.evidence.dock
    qtbot.waitUntil(dock.isVisible, timeout=10_000)
    assert len(dock.model.rows) == 5 + 4  # every concept and link
    by_name = {item.name: item for item in dock.model.rows}
    assert by_name["PD-1"].state == "stale"
    assert by_name["T cells"].state == "unquoted"
    assert by_name["Pembrolizumab"].state == "quoted"
    assert by_name["Pembrolizumab"].quotes == 1
    assert dock.model.sources_text(by_name["Pembrolizumab"]) == "Checkpoint primer"
    # Only the unquoted, by the state chooser.
    dock.state.setCurrentIndex(dock.state.findData("unquoted"))
    assert {item.state for item in dock.model.rows} == {"unquoted"}
    assert "T cells" in names(dock)
    # Words narrow it further, typed as a person types them.
    dock.words.setFocus()
    qtbot.keyClicks(dock.words, "suppress")
    assert sorted(names(dock)) == [
        "CTLA-4 — suppresses multiplication of → T cells",
        "Regulatory T cells — suppress → T cells",
    ]
    assert dock.summary.text() == "2 of 9 shown · 4 quoted · 4 unquoted · 1 stale"
    dock.words.clear()
    dock.state.setCurrentIndex(0)
    # A click on a header sorts: by number of quotes, then by state (stale first).
    header = dock.table.horizontalHeader()
    quotes_x = header.sectionViewportPosition(QUOTES) + header.sectionSize(QUOTES) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(quotes_x, 5))
    counts = [item.quotes for item in dock.model.rows]
    assert counts == sorted(counts) or counts == sorted(counts, reverse=True)
    state_x = header.sectionViewportPosition(STATE) + header.sectionSize(STATE) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(state_x, 5))
    states = [item.state for item in dock.model.rows]
    assert states[0] == "stale" or states[-1] == "stale"
    # A click on a link's row selects the link on the map.
    row = next(i for i, item in enumerate(dock.model.rows) if item.kind == "edge")
    click_row(qtbot, dock, row)
    assert win.scene.current == ("edge", dock.model.rows[row].ident)


def test_editing_a_quote_updates_the_open_dock(qtbot, tmp_path: Path) -> None:
    win = open_window(qtbot, sample_copy(tmp_path, tour=False), (1200, 800))
    dock = win.evidence.dock
    dock.show_state("unquoted")
    assert "T cells" in names(dock)
    from mapviewer.commands import EditNodeCommand  # noqa: PLC0415
    from mapviewer.model import Quote  # noqa: PLC0415

    quote = Quote(source="primer", text="words the primer never said at all")
    win.document.undo_stack.push(EditNodeCommand(win.document, "t-cells", "quotes", [quote]))
    qtbot.waitUntil(lambda: "T cells" not in names(dock), timeout=10_000)
    dock.show_state("stale")
    assert names(dock) == ["T cells"]
    win.document.undo_stack.undo()
    qtbot.waitUntil(lambda: names(dock) == [], timeout=10_000)


def test_f5_asks_before_presenting_a_tour_with_stale_quotes(qtbot, tmp_path: Path) -> None:
    win = open_window(qtbot, sample_copy(tmp_path, stale_quote=True), (1200, 800))
    win.tours.panel.choose("intro", 0)
    win.activateWindow()
    win.view.setFocus()
    qtbot.waitUntil(win.view.hasFocus, timeout=10_000)
    # Return takes the default, "Show Them": no show; the Tours dock opens on the stale step.
    with keys_when_shown(QMessageBox, [Qt.Key.Key_Return]) as answer:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F5)
    assert answer.shown is not None
    assert answer.texts[0] == "In “Intro”, 1 quote no longer matches its source (step 2)."
    assert win.tours.runner.presentation is None
    assert win.tours.dock.isVisible()
    assert win.tours.panel.current_step_index() == 1
    # "Present Anyway" (its letter, P) starts the show; F5 from the Tours dock's step list.
    win.activateWindow()
    qtbot.waitUntil(lambda: win.tours.panel.steps.hasFocus(), timeout=10_000)
    with keys_when_shown(QMessageBox, [Qt.Key.Key_P]):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: win.tours.runner.presentation is not None, timeout=10_000)
    win.tours.runner.presentation.close()


def test_f5_does_not_ask_when_every_quote_matches(qtbot, tmp_path: Path) -> None:
    win = open_window(qtbot, sample_copy(tmp_path), (1200, 800))
    win.tours.panel.choose("intro", 0)
    win.activateWindow()
    win.view.setFocus()
    qtbot.waitUntil(win.view.hasFocus, timeout=10_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: win.tours.runner.presentation is not None, timeout=10_000)
    win.tours.runner.presentation.close()


def test_evidence_colouring_dashes_unquoted_links_and_marks_stale_concepts(
    qtbot, tmp_path: Path
) -> None:
    win = open_window(qtbot, sample_copy(tmp_path, stale_quote=True, tour=False), (1200, 800))
    links = win.scene.edge_items
    assert {item.dash for item in links.values()} == {"solid"}
    action = win.evidence.colouring.action
    assert action in win.view_menu.actions()
    action.trigger()
    assert win.statusBar().currentMessage() == (
        "Evidence: 3 links no quote supports (dashed); 1 item whose quotes no longer match."
    )
    assert links["e1"].dash == "solid"  # quoted
    assert {links[e].dash for e in ("e2", "e3", "e4")} == {"dash"}  # no quote backs them
    marked = [c for c in win.scene.node_items["pd-1"].childItems() if c.toolTip()]
    assert marked and "no longer matches" in marked[0].toolTip()
    assert not [c for c in win.scene.node_items["t-cells"].childItems() if c.toolTip()]
    from mapviewer.commands import EditEdgeCommand  # noqa: PLC0415
    from mapviewer.model import Quote  # noqa: PLC0415

    quote = Quote(source="primer", text="PD-1 is an immune checkpoint")  # now it is backed
    win.document.undo_stack.push(EditEdgeCommand(win.document, "e2", "quotes", [quote]))
    qtbot.waitUntil(lambda: links["e2"].dash == "solid", timeout=10_000)
    win.document.undo_stack.undo()
    qtbot.waitUntil(lambda: links["e2"].dash == "dash", timeout=10_000)
    win.themes.choose("dark")  # a new scene keeps the colouring
    assert win.scene.edge_items["e2"].dash == "dash"
    action.trigger()
    assert {item.dash for item in win.scene.edge_items.values()} == {"solid"}
    assert not [c for c in win.scene.node_items["pd-1"].childItems() if c.toolTip()]


@pytest.fixture
def default(qtbot) -> MainWindow:
    return open_window(qtbot, DEFAULT_MAP, (1400, 900))


def lit(win: MainWindow) -> tuple[set[str], set[str], set[str], set[str]]:
    """Concepts shown, concepts bright, links shown, links bright."""
    nodes, edges = win.scene.node_items, win.scene.edge_items
    return (
        {n for n, i in nodes.items() if i.shown},
        {n for n, i in nodes.items() if i.shown and not i.dimmed},
        {e for e, i in edges.items() if i.shown},
        {e for e, i in edges.items() if i.shown and not i.dimmed},
    )


def test_both_show_only_controls_follow_one_rule(qtbot, default: MainWindow) -> None:
    source = "eran2023"
    support = source_support(default.document.cmap, source)
    menu = default.explore.source_menu
    menu.aboutToShow.emit()
    choice = next(a for a in menu.actions() if a.text() == default.document.sources[source].title)
    choice.trigger()
    from_menu = lit(default)
    assert from_menu[1] == set(support.nodes)
    assert from_menu[3] == set(support.edges)
    for edge_id in from_menu[3]:  # a bright link quotes this source, never only others
        assert any(q.source == source for q in default.document.edges[edge_id].quotes)
    assert from_menu[0] > from_menu[1]  # neighbours shown faintly
    default.explore.filter_by_source("")
    assert lit(default)[0] == set(default.scene.node_items)
    default.reader_dock.show()
    default.reader.show_source(source)
    box = default.reader.only_supported
    qtbot.waitUntil(box.isVisible, timeout=10_000)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert default.reader.only_supported.isChecked()
    assert lit(default) == from_menu
    menu.aboutToShow.emit()  # one filter: the View menu shows the source chosen
    chosen = [a.text() for a in menu.actions() if a.isChecked()]
    assert chosen == [default.document.sources[source].title]


def test_watch_is_one_per_document_and_counts_like_check(qtbot, tmp_path: Path) -> None:
    win = open_window(qtbot, sample_copy(tmp_path, stale_quote=True), (1200, 800))
    watch = watch_for(win.document)
    assert watch_for(win.document) is watch
    assert watch.stale_count() == 2  # PD-1's quote and the tour step's


@pytest.mark.slow
def test_a_5k_map_notices_a_changed_sentence_and_lists_its_items(qtbot, tmp_path: Path) -> None:
    """The synthetic 5k map quotes 50 sentences 11 000 times: one sentence rewritten on disk
    makes exactly its quotes stale, and the dock lists exactly the items that hold them."""
    import random  # noqa: PLC0415

    from mapviewer.io.mapfile import dumps  # noqa: PLC0415

    from .test_big_scene import placed_map, source_text  # noqa: PLC0415

    sentences = source_text(random.Random(3), 50)
    cmap = placed_map(5000)
    (tmp_path / "x.txt").write_text("\n".join(sentences) + "\n", encoding="utf-8")
    path = tmp_path / "big.json"
    path.write_text(dumps(cmap), encoding="utf-8")
    win = open_window(qtbot, path, (1400, 900))
    watch = watch_for(win.document)
    qtbot.waitUntil(lambda: not watch.checking, timeout=60_000)
    assert not win.evidence.bar.isVisible()
    changed = sentences[7]
    holders = {
        (kind, item.id)
        for kind, items in (("node", cmap.nodes), ("edge", cmap.edges))
        for item in items
        if any(q.text == changed for q in item.quotes)
    }
    stale = sum(q.text == changed for item in [*cmap.nodes, *cmap.edges] for q in item.quotes)
    text = (tmp_path / "x.txt").read_text(encoding="utf-8")
    (tmp_path / "x.txt").write_text(text.replace(changed, changed.upper()), encoding="utf-8")
    bar = win.evidence.bar
    qtbot.waitUntil(bar.isVisible, timeout=60_000)
    assert bar.label.text().startswith(f"⚠ {stale} quotes no longer match their source “")
    qtbot.mouseClick(bar.show_button, Qt.MouseButton.LeftButton)
    dock = win.evidence.dock
    qtbot.waitUntil(dock.isVisible, timeout=10_000)
    assert {(item.kind, item.ident) for item in dock.model.rows} == holders
    click_row(qtbot, dock, 0)
    assert win.scene.current == (dock.model.rows[0].kind, dock.model.rows[0].ident)


def test_the_default_map_has_nothing_unquoted_as_its_about_box_says(qtbot, default) -> None:
    """Its 13 theme frames were listed as unquoted concepts: a group is a frame round its
    members, claiming nothing itself, and is not listed."""
    default.evidence.dock.toggleViewAction().trigger()
    dock = default.evidence.dock
    qtbot.waitUntil(dock.isVisible, timeout=10_000)
    cmap = default.document.cmap
    groups = {n.parent for n in cmap.nodes if n.parent}
    assert len(groups) == 13
    assert len(dock.model.everything) == len(cmap.nodes) - 13 + len(cmap.edges)
    assert {item.state for item in dock.model.everything} == {"quoted"}
    assert " 0 unquoted · 0 stale" in dock.summary.text()


def test_evidence_colouring_on_a_map_all_quoted_says_so(qtbot, default) -> None:
    """On the default map the colouring changes nothing on the canvas (all is quoted): turning
    it on seemed to do nothing. The status bar says what it found."""
    default.activateWindow()
    default.view.setFocus()
    default.evidence.colouring.action.trigger()
    assert default.statusBar().currentMessage() == (
        "Evidence: every link quotes its sources, and every quote matches them."
    )
