"""Where Python's own limits raise inside a reader (issue 15's fuzzing found 148 such crashes):
integers over 4,300 digits (ValueError), float() of a 400-digit integer (OverflowError), XML
declaring an encoding no codec has (LookupError) or a multi-byte one pyexpat cannot take
(ValueError). Each must be the app's own MapFileError naming the file and the place; UTF-16
XML, as Windows tools write it, opens. Files are opened in the worker process (tests/opener.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mapviewer.io import registry
from mapviewer.problems import MapFileError

from ..conftest import DATA
from ..opener import Opener

INTEROP = DATA / "interop"
HUGE = "9" * 5000
WIDE = "1" * 400  # an int Python holds, but float() cannot
JSON_FILES = {
    ".canvas": '{"nodes": [{"id": "a", "type": "text", "text": "A", "x": NUMBER, "y": 0, '
    '"width": 80, "height": 40}], "edges": []}',
    ".cyjs": '{"elements": {"nodes": [{"data": {"id": "a"}, "position": {"x": NUMBER, "y": 0}}],'
    ' "edges": []}}',
    ".json": '{"graph": {"nodes": {"a": {"label": "A", "metadata": {"x": NUMBER, "y": 0}}}}}',
}
XML_SEEDS = {".cxl": "small.cxl", ".graphml": "yed-small.graphml", ".gexf": "small-13.gexf"}


def refused_with(opener: Opener, path: Path, *parts: str) -> str:
    result = opener.open(path)
    assert result.outcome == "refused", f"{path.name}: {result.outcome} {result.message}"
    assert result.message.startswith(str(path)), result.message
    for part in parts:
        assert part in result.message, result.message
    return result.message


@pytest.mark.parametrize("suffix", sorted(JSON_FILES))
@pytest.mark.parametrize(
    ("number", "says"),
    [
        (HUGE, "9999...(5000 characters) is too large a number"),
        (WIDE, "1111...(400 characters) is too large a number"),
        ("1e400", "1e400 is too large a number"),
        ("-1e400", "-1e400 is too large a number"),
    ],
)
def test_numbers_beyond_python_limits_are_refused_with_their_place(
    opener: Opener, tmp_path: Path, suffix: str, number: str, says: str
) -> None:
    path = tmp_path / f"numbers{suffix}"
    path.write_text(JSON_FILES[suffix].replace("NUMBER", number), encoding="utf-8")
    message = refused_with(opener, path, says)
    assert ".x:" in message  # the place: the field that holds it


@pytest.mark.parametrize("suffix", sorted(XML_SEEDS))
@pytest.mark.parametrize("encoding", ["NaN", "x" * 300, "no-such-codec", "utf\x00-8"])
def test_unknown_xml_encodings_are_refused_by_name(
    opener: Opener, tmp_path: Path, suffix: str, encoding: str
) -> None:
    raw = (INTEROP / XML_SEEDS[suffix]).read_bytes()
    path = tmp_path / f"encoding{suffix}"
    path.write_bytes(raw.replace(b'encoding="UTF-8"', f'encoding="{encoding}"'.encode(), 1))
    refused_with(opener, path, ":1:1: the XML declaration names an encoding mapviewer does not")


@pytest.mark.parametrize("suffix", [*sorted(XML_SEEDS), ".xml"])
@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_xml_opens_as_the_same_map(
    opener: Opener, tmp_path: Path, suffix: str, codec: str
) -> None:
    seed = INTEROP / XML_SEEDS.get(suffix, "yed-small.graphml")
    text = seed.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    path = tmp_path / f"wide{suffix}"
    path.write_bytes(text.encode(codec))
    assert opener.open(path).outcome == "opened"
    copy = tmp_path / f"narrow{suffix}"
    copy.write_bytes(seed.read_bytes())
    wide, narrow = registry.open_map(path), registry.open_map(copy)
    assert [n.label for n in wide.nodes] == [n.label for n in narrow.nodes]


def test_xml_in_another_single_or_multi_byte_encoding_opens(tmp_path: Path) -> None:
    for codec in ("latin-1", "cp1252", "shift_jis", "utf-32"):
        path = tmp_path / f"{codec}.graphml"
        text = (INTEROP / "plain-small.graphml").read_text(encoding="utf-8")
        text = text.replace("<graphml", f"<!-- {codec} --><graphml", 1)
        declared = text.replace('encoding="UTF-8"', f'encoding="{codec}"', 1)
        assert declared != text
        path.write_bytes(declared.encode(codec))
        assert registry.open_map(path).nodes, codec


def test_utf8_bytes_that_declare_utf16_are_refused_plainly(opener: Opener, tmp_path: Path) -> None:
    path = tmp_path / "lie.gexf"
    raw = (INTEROP / "small-13.gexf").read_bytes()
    path.write_bytes(raw.replace(b'encoding="UTF-8"', b'encoding="UTF-16"', 1))
    refused_with(opener, path, ":1:1: the XML declaration says UTF-16, but the file is not")


def test_a_reader_bug_still_comes_out_as_a_file_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last line of defence: an exception no reader expected is MapFileError naming the
    file (a ReaderBugError, which the fuzzer counts as a crash), never a traceback."""
    from mapviewer.io import gexf  # noqa: PLC0415

    def broken(path: Path, progress: object = None) -> None:
        raise KeyError("oops")

    monkeypatch.setattr(gexf, "load", broken)
    path = tmp_path / "any.gexf"
    path.write_bytes((INTEROP / "small-13.gexf").read_bytes())
    with pytest.raises(registry.ReaderBugError) as caught:
        registry.open_map(path)
    assert isinstance(caught.value, MapFileError)
    assert str(caught.value).startswith(f"{path}: mapviewer could not read this file")
    assert "KeyError" in str(caught.value)
