"""The map file format: what loads, what is refused and how the refusal reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mapviewer.io import jsonsafe, mapfile
from mapviewer.model import ConceptMap, json_schema
from mapviewer.paths import MAPS_DIR, SCHEMA_FILE
from mapviewer.problems import MapFileError

from .conftest import DATA

GOOD = {
    "format": "mapviewer-map",
    "version": 1,
    "title": "t",
    "sources": [{"id": "s1", "title": "Source one", "citation": "c", "file": "s1.txt"}],
    "kinds": [{"id": "drug", "label": "Drug", "color": "#E69F00", "shape": "pill"}],
    "nodes": [
        {"id": "pd1", "label": "PD-1", "kind": "drug", "x": 0.0, "y": 0.0},
        {"id": "t", "label": "T cells", "quotes": [{"source": "s1", "text": "some words here"}]},
    ],
    "edges": [{"id": "e1", "source": "pd1", "target": "t", "label": "brakes"}],
    "tours": [],
}


def write(tmp_path: Path, data: object, name: str = "map.json") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data, indent=2)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(MapFileError) as caught:
        mapfile.load(path)
    return [str(p) for p in caught.value.problems]


def test_a_good_map_loads_with_its_parts(tmp_path: Path) -> None:
    cmap = mapfile.load(write(tmp_path, GOOD))
    assert [n.label for n in cmap.nodes] == ["PD-1", "T cells"]
    assert cmap.nodes[1].quotes[0].text == "some words here"
    assert cmap.nodes[1].placed is False


@pytest.mark.parametrize("path", sorted(MAPS_DIR.glob("*.json")), ids=lambda p: p.name)
def test_every_shipped_map_loads(path: Path) -> None:
    cmap = mapfile.load(path)
    assert cmap.nodes, f"{path.name} has no concepts"


def test_json_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, '{\n  "format": "mapviewer-map",\n  "title": "x" "oops"\n}')
    [problem] = problems_of(path)
    assert problem == f"{path}:3:16: invalid JSON: a comma is missing here"


def test_empty_file_says_so(tmp_path: Path) -> None:
    assert problems_of(write(tmp_path, "")) == [f"{tmp_path / 'map.json'}:1:1: file is empty"]


def test_bad_utf8_names_the_place(tmp_path: Path) -> None:
    path = tmp_path / "map.json"
    path.write_bytes(b'{"title":\n "caf\xe9"}')
    [problem] = problems_of(path)
    assert problem == f"{path}:2:6: not UTF-8 text (byte 0xe9)"


def test_bad_utf8_after_a_byte_order_mark_names_the_right_byte(tmp_path: Path) -> None:
    path = tmp_path / "map.json"
    path.write_bytes(b'\xef\xbb\xbf{"title": "caf\xe9"}')
    [problem] = problems_of(path)
    assert problem == f"{path}:1:15: not UTF-8 text (byte 0xe9)"


def test_missing_file_and_folder_are_clear(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nope.json") == [f"{tmp_path / 'nope.json'}: no such file"]
    assert problems_of(tmp_path) == [f"{tmp_path}: is a folder, not a file"]


def test_schema_errors_name_the_field_path_and_node_id(tmp_path: Path) -> None:
    data = json.loads(json.dumps(GOOD))
    data["nodes"][0]["x"] = "left"
    del data["nodes"][1]["label"]
    data["kinds"][0]["color"] = "orange"
    path = write(tmp_path, data)
    found = problems_of(path)
    number = "Input should be a valid number, unable to parse string as a number"
    assert f"{path}: nodes[id=pd1].x: {number}" in found
    assert f"{path}: nodes[id=t].label: required field is missing" in found
    assert f"{path}: kinds[id=drug].color: colour 'orange' is not of the form #RRGGBB" in found


def test_reference_errors_are_all_reported_together(tmp_path: Path) -> None:
    data = json.loads(json.dumps(GOOD))
    data["nodes"].append({"id": "pd1", "label": "again"})
    data["nodes"][0]["kind"] = "checkpoint"
    data["nodes"][1]["quotes"][0]["source"] = "nowhere"
    data["edges"].append({"id": "e2", "source": "pd1", "target": "ghost"})
    data["nodes"][1]["label"] = 7  # a schema error in the same file
    path = write(tmp_path, data)
    found = problems_of(path)
    assert found == [
        f"{path}: nodes[id=t].label: Input should be a valid string",
        f"{path}: nodes[2]: duplicate id 'pd1': an earlier concept has it",
        f"{path}: nodes[id=pd1].kind: unknown kind 'checkpoint' (kinds: drug)",
        f"{path}: nodes[id=t].quotes[0].source: quote cites unknown source 'nowhere'",
        f"{path}: edges[id=e2].target: link target 'ghost' is not a concept in this map",
    ]


def test_duplicate_keys_and_nan_are_refused_where_they_are(tmp_path: Path) -> None:
    text = (
        json.dumps(GOOD)
        .replace('"x": 0.0', '"x": NaN')
        .replace('"label": "T cells"', '"label": "T cells", "label": "T"')
    )
    path = write(tmp_path, text)
    found = problems_of(path)
    assert f"{path}: nodes[id=pd1].x: NaN is not a number JSON allows" in found
    assert f'{path}: nodes[id=t]: duplicate key "label"' in found


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_file_holding_only_nan_says_so_plainly(tmp_path: Path, constant: str) -> None:
    path = write(tmp_path, f"{constant}\n")
    assert problems_of(path) == [f"{path}: (top level): {constant} is not a number JSON allows"]


def test_other_json_and_newer_versions_are_refused_politely(tmp_path: Path) -> None:
    expected = 'expected a JSON object with "format": "mapviewer-map", found array'
    assert problems_of(write(tmp_path, [1, 2])) == [f"{tmp_path / 'map.json'}: {expected}"]
    other = write(tmp_path, {"elements": []}, "cy.json")
    assert problems_of(other) == [
        f'{other}: format: not a mapviewer map: no format field (expected "mapviewer-map")'
    ]
    newer = write(tmp_path, dict(GOOD, version=2), "new.json")
    [problem] = problems_of(newer)
    assert "written by a newer mapviewer (format version 2)" in problem


def test_deeply_nested_json_is_refused_not_crashed(tmp_path: Path) -> None:
    path = write(tmp_path, "[" * 100_000 + "]" * 100_000)
    [problem] = problems_of(path)
    assert problem == f"{path}: JSON is nested too deeply"


def test_oversize_file_is_refused_before_reading(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(jsonsafe, "MAX_BYTES", 100)
    path = write(tmp_path, GOOD)
    [problem] = problems_of(path)
    assert "the limit is" in problem


def test_unknown_fields_survive_a_save(tmp_path: Path) -> None:
    data = json.loads(json.dumps(GOOD))
    data["x-course"] = {"week": 3}
    data["nodes"][0]["note"] = "for the exam"
    data["edges"][0]["weight"] = 2
    data["kinds"][0]["icon"] = "pill.svg"
    cmap = mapfile.load(write(tmp_path, data))
    out = tmp_path / "saved.json"
    mapfile.save(cmap, out)
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["x-course"] == {"week": 3}
    assert saved["nodes"][0]["note"] == "for the exam"
    assert saved["edges"][0]["weight"] == 2
    assert saved["kinds"][0]["icon"] == "pill.svg"


def test_saving_is_stable_byte_for_byte(tmp_path: Path) -> None:
    cmap = mapfile.load(DATA / "sample.json")
    first = mapfile.dumps(cmap)
    out = write(tmp_path, first, "once.json")
    again = mapfile.dumps(mapfile.load(out))
    assert again == first
    assert first.endswith("}\n") and not first.endswith("\n\n")
    assert '\n  "nodes": [\n    {\n      "id": "pembrolizumab",' in first


def test_schema_file_is_the_generated_schema() -> None:
    shipped = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert shipped == json_schema(), "regenerate with: make schema"


def test_schema_names_the_fixed_fields() -> None:
    schema = json_schema()
    assert set(schema["properties"]) >= {
        "format",
        "version",
        "title",
        "description",
        "sources",
        "kinds",
        "nodes",
        "edges",
        "tours",
    }
    node = schema["$defs"]["Node"]["properties"]
    assert set(node) >= {"id", "label", "kind", "aliases", "description", "quotes", "x", "y"}


def test_model_round_trip_keeps_everything() -> None:
    cmap = mapfile.load(DATA / "sample.json")
    again = ConceptMap.model_validate(json.loads(mapfile.dumps(cmap)))
    assert again == cmap


def test_a_steps_lost_names_are_checked_naming_their_place(tmp_path: Path) -> None:
    """A step's ``gone``: what it was about before all of it was deleted, by name."""
    data = json.loads(json.dumps(GOOD))
    data["tours"] = [{"id": "t1", "title": "T", "steps": [{"id": "s1", "gone": ["PD-1"]}]}]
    assert mapfile.load(write(tmp_path, data)).tours[0].steps[0].gone == ["PD-1"]
    for bad, where, message in (
        ([""], "gone[0]", "String should have at least 1 character"),
        (["PD-1", 3], "gone[1]", "Input should be a valid string"),
        ("PD-1", "gone", "Input should be a valid list"),
    ):
        data["tours"][0]["steps"][0]["gone"] = bad
        path = write(tmp_path, data)
        assert problems_of(path) == [f"{path}: tours[id=t1].steps[id=s1].{where}: {message}"]
