"""The registry: which format a file is, progress and cancelling, saving by suffix, the CLI."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from mapviewer.io import mapfile, registry
from mapviewer.io.registry import ImportCancelled, format_for, open_map, save_map
from mapviewer.problems import MapFileError

from ..conftest import DATA, run_mapviewer

INTEROP = DATA / "interop"
EVERY_FORMAT = (
    "small.cxl",
    "yed-small.graphml",
    "small-13.gexf",
    "small.cyjs",
    "elements-array.json",
    "v1-single.json",
    "v2-multi.json",
    "small.canvas",
)


@pytest.mark.parametrize("name", EVERY_FORMAT)
def test_progress_rises_to_one(name: str) -> None:
    seen: list[float] = []
    open_map(INTEROP / name, progress=lambda f: seen.append(f) or True)
    assert seen and seen[-1] == 1.0
    assert seen == sorted(seen) and all(0.0 <= f <= 1.0 for f in seen)


@pytest.mark.parametrize("name", EVERY_FORMAT)
def test_a_false_from_progress_cancels(name: str) -> None:
    calls: list[float] = []

    def stop_at_second(fraction: float) -> bool:
        calls.append(fraction)
        return len(calls) < 2

    with pytest.raises(ImportCancelled):
        open_map(INTEROP / name, progress=stop_at_second)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("small.cyjs", registry.CYTOSCAPE),
        ("elements-array.json", registry.CYTOSCAPE),
        ("v1-single.json", registry.JGF),
        ("small.cxl", registry.CXL),
        ("small.canvas", registry.CANVAS),
    ],
)
def test_format_for_reads_ambiguous_content(name: str, expected: registry.FileFormat) -> None:
    assert format_for(INTEROP / name) is expected
    assert not expected.native  # so the GUI opens it as a new untitled map
    assert format_for(DATA / "sample.json") is registry.NATIVE


def test_xml_suffix_is_told_by_its_root(tmp_path: Path) -> None:
    for source, count in (("small.cxl", 5), ("plain-small.graphml", 3), ("small-12.gexf", 2)):
        path = tmp_path / f"{source}.xml"
        path.write_bytes((INTEROP / source).read_bytes())
        assert len(open_map(path).nodes) == count


def test_save_map_by_suffix_and_refusals(tmp_path: Path) -> None:
    cmap = mapfile.load(DATA / "sample.json")
    for fmt in registry.writable_formats():
        target = tmp_path / f"out{fmt.suffixes[0]}"
        save_map(cmap, target)
        assert target.stat().st_size > 500
    assert mapfile.load(tmp_path / "out.json") == cmap  # .json stays our own format
    assert len(open_map(tmp_path / "out.gexf").nodes) == len(cmap.nodes)  # Gephi's, too
    with pytest.raises(MapFileError, match=r"cannot save as \.jgf"):
        save_map(cmap, tmp_path / "out.jgf")


def test_dialog_filters() -> None:
    opened = registry.open_filter()
    for suffix in ("*.cxl", "*.graphml", "*.gexf", "*.cyjs", "*.canvas", "*.xml", "*.json"):
        assert suffix in opened.split(";;")[0]
    exported = registry.export_filter().split(";;")
    assert exported == [
        "CmapTools map (*.cxl)",
        "GraphML (yEd, networkx) (*.graphml)",
        "GEXF (Gephi) (*.gexf)",
        "Cytoscape JSON (*.cyjs)",
        "JSON Canvas (Obsidian) (*.canvas)",
        "Web page (*.html *.htm)",
    ]


def test_cli_convert_round_trip_and_no_traceback(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess:
        return run_mapviewer("convert", *args)

    done = run(str(INTEROP / "v2-multi.json"), str(tmp_path / "cars.graphml"), "--graph", "1")
    assert done.returncode == 0, done.stderr
    assert f"{tmp_path / 'cars.graphml'}: 1 concept, 1 link" in done.stderr
    assert [n.label for n in open_map(tmp_path / "cars.graphml").nodes] == ["C"]
    bomb = tmp_path / "bomb.cxl"
    bomb.write_text('<!DOCTYPE a [<!ENTITY b "c">]><cmap>&b;</cmap>', encoding="utf-8")
    done = run(str(bomb), str(tmp_path / "out.cyjs"))
    assert done.returncode == 1
    assert done.stdout.startswith(f"{bomb}: refused: the file declares a DTD")
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: d.pop("format"), "not a mapviewer map: no format field"),
        (lambda d: d.update(format="mapviewer-mapp"), 'format "mapviewer-mapp"'),
    ],
    ids=["left out", "misspelt"],
)
def test_a_map_without_its_format_says_so(tmp_path: Path, change, said: str) -> None:
    """It was read as a JSON Canvas and refused with "edges[0] needs fromNode and toNode"."""
    data = json.loads((DATA / "sample.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "hand-edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(MapFileError) as caught:
        registry.open_map(path)
    text = str(caught.value)
    assert said in text and "hand-edited.json" in text and "fromNode" not in text


def test_a_cut_short_map_is_told_in_a_whole_sentence(tmp_path: Path) -> None:
    """The json module's "Unterminated string starting at" ended mid-sentence."""
    text = (DATA / "sample.json").read_text(encoding="utf-8")
    path = tmp_path / "cut.json"
    path.write_text(text[: text.index('"label"') + 5], encoding="utf-8")
    with pytest.raises(MapFileError) as caught:
        registry.open_map(path)
    said = str(caught.value)
    assert "cut.json" in said and "never closed (is the file cut short?)" in said
    assert not said.rstrip().endswith(" at")


def test_a_map_saved_as_utf16_by_notepad_opens(tmp_path: Path) -> None:
    """Windows Notepad's "Unicode" is UTF-16 with a byte order mark: it was refused as "not
    UTF-8 text (byte 0xff)". A broken one names the encoding."""
    text = (DATA / "sample.json").read_text(encoding="utf-8")
    path = tmp_path / "notepad.json"
    path.write_text(text, encoding="utf-16")
    assert path.read_bytes()[:2] == b"\xff\xfe"
    assert format_for(path) is registry.NATIVE
    assert mapfile.dumps(open_map(path)) == mapfile.dumps(open_map(DATA / "sample.json"))
    path.write_bytes(b"\xff\xfe" + "{}".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate
    with pytest.raises(MapFileError) as caught:
        open_map(path)
    assert "not valid UTF-16 text" in str(caught.value)
