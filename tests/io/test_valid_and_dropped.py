"""Valid files other tools write that were refused, and imports that dropped things without a
word (issue 15): each opens, keeps what it held, and the import says what it flattened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mapviewer.convert import convert
from mapviewer.io import registry
from mapviewer.ui.mainwindow import MainWindow

from ..conftest import DATA
from ..real_input import drag_and_drop, file_mime

INTEROP = DATA / "interop"
HYPER = json.loads((INTEROP / "v2-hyperedges.json").read_text(encoding="utf-8"))


def write(folder: Path, name: str, data: object) -> Path:
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_obsidians_empty_canvas_opens(tmp_path: Path) -> None:
    cmap = registry.open_map(write(tmp_path, "Untitled.canvas", "{}"))
    assert cmap.nodes == [] and cmap.edges == []


def test_a_canvas_with_a_plugins_top_level_key_opens_and_keeps_it(tmp_path: Path) -> None:
    data = json.loads((INTEROP / "small.canvas").read_text(encoding="utf-8"))
    data["metadata"] = {"version": "1.0-1.0", "frontmatter": {"tags": ["x"]}}  # Advanced Canvas
    cmap = registry.open_map(write(tmp_path, "advanced.canvas", data))
    assert len(cmap.nodes) == len(data["nodes"])
    assert cmap.model_extra == {"metadata": data["metadata"]}


@pytest.mark.parametrize("name", ["elements.json", "elements.cyjs"])
def test_the_cytoscape_js_elements_object_opens_as_cytoscape(tmp_path: Path, name: str) -> None:
    elements = {
        "nodes": [{"data": {"id": "a", "label": "CTLA-4"}}, {"data": {"id": "b", "label": "B7"}}],
        "edges": [{"data": {"source": "a", "target": "b", "interaction": "binds"}}],
    }
    path = write(tmp_path, name, elements)
    assert registry.format_for(path) is registry.CYTOSCAPE
    cmap = registry.open_map(path)
    assert [n.label for n in cmap.nodes] == ["CTLA-4", "B7"]
    assert [(e.label, e.data) for e in cmap.edges] == [("", {"interaction": "binds"})]


def test_cytoscape_nodes_without_ids_open_and_the_import_says_so(tmp_path: Path) -> None:
    data = {"elements": [{"data": {"id": "node-2"}}, {"data": {"label": "no id"}}, {"data": {}}]}
    cmap, notes = registry.open_map_noting(write(tmp_path, "anon.cyjs", data))
    assert [n.id for n in cmap.nodes] == ["node-2", "node-2a", "node-3"]
    assert cmap.nodes[1].label == "no id"
    assert notes == ["2 nodes without an id got one (node-N)"]


def test_a_gexf_node_written_once_per_spell_is_one_concept_with_its_time_kept() -> None:
    """gephi/gexf's photoviz-dynamic.gexf (GEXF 1.1draft) writes node 120 twice."""
    cmap, notes = registry.open_map_noting(INTEROP / "photoviz-dynamic.gexf")
    photos = [n for n in cmap.nodes if n.id == "120"]
    assert len(photos) == 1 and photos[0].label == "Photos"
    assert photos[0].data["spells"] == [["29", "38"], ["40", "41"]]
    history = photos[0].data["history"]["codelines"]
    assert [h["start"] for h in history] == ["29", "40"]
    assert len(notes) == 1 and notes[0].startswith("GEXF time data flattened: ")
    assert "1 repeated entry (one per spell) joined" in notes[0]
    assert notes[0] in cmap.description


def test_gexf_spells_and_value_history_stay_in_data() -> None:
    cmap, notes = registry.open_map_noting(INTEROP / "dynamic-small.gexf")
    node = cmap.nodes[0]
    assert node.data["dose"] == 3  # the latest value shows
    assert node.data["spells"] == [["2014-01-01", "2016-01-01"], ["2018-01-01", None]]
    assert node.data["history"]["dose"] == [
        {"value": 1, "start": "2014-01-01", "end": "2015-01-01"},
        {"value": 3, "start": "2015-01-01", "end": None},
    ]
    assert cmap.edges[0].data["spells"] == [["2014-06-01", None]]
    assert notes == [
        "GEXF time data flattened: 2 concepts and links keep their spells and value history "
        "in their data, and show their latest values"
    ]


def test_jgf_hyperedges_become_hub_concepts_and_the_import_counts_them(tmp_path: Path) -> None:
    cmap, notes = registry.open_map_noting(write(tmp_path, "hyper.json", HYPER))
    hubs = [n for n in cmap.nodes if n.data.get("jgf") == "hyperedge"]
    assert [h.label for h in hubs] == ["checkpoint complex", "on", "signals", "hyperedge 4"]
    assert len(cmap.edges) == 1 + 3 + 2 + 3 + 2  # the plain edge, then each hub's members
    signals = hubs[2].id
    assert {
        (e.source, e.target, e.directed) for e in cmap.edges if signals in (e.source, e.target)
    } == {
        ("a", signals, True),
        (signals, "b", True),
        (signals, "c", True),
    }
    assert notes == [
        "4 JGF hyperedges became hub concepts linked to their members "
        "(mapviewer links join two concepts)"
    ]
    assert "4 JGF hyperedges became hub concepts" in cmap.description


def test_convert_says_what_the_import_flattened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "hyper.json", HYPER)
    assert convert(source, tmp_path / "out.canvas", None) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{tmp_path / 'out.canvas'}: 7 concepts, 11 links",
        f"{source}: 4 JGF hyperedges became hub concepts linked to their members "
        "(mapviewer links join two concepts)",
    ]


def test_the_window_says_what_an_import_flattened(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    path = write(tmp_path, "hyper.json", HYPER)
    view = window.view
    assert drag_and_drop(view.viewport(), view.rect().center(), file_mime(path))
    status = window.statusBar()
    qtbot.waitUntil(lambda: "4 JGF hyperedges" in status.currentMessage(), timeout=10_000)
    assert status.currentMessage().startswith("Imported hyper.json (JSON Graph Format): 4 JGF")
    assert len(window.document.cmap.nodes) == 7
