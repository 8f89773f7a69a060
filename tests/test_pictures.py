"""yEd's pictures (image and SVG nodes) drawn as yEd draws them: scibot's architecture is ten
icons, which had opened as ten empty boxes. The picture is the concept's own (Node.picture, a
data: URI), drawn in the window, by ``mapviewer render``, on the web page, and written back to
yEd as its resources; a map naming anything else as a picture is refused, and a resource that
is not a picture opens as the empty box it was, named in the import's notes."""

from __future__ import annotations

import base64
import json
import struct
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from mapviewer.io import graphml, xmlsafe
from mapviewer.io.mapfile import load
from mapviewer.io.registry import open_map, open_map_noting, save_map
from mapviewer.model import (
    MAP_PICTURES_LIMIT,
    PICTURE_LIMIT,
    ConceptMap,
    Node,
    picture_parts,
    picture_uri,
)
from mapviewer.problems import MapFileError
from mapviewer.scene.nodeitem import NodeItem
from mapviewer.scene.picture import decoded
from mapviewer.scene.style import LIGHT, concept_style, kind_styles
from mapviewer.ui.mainwindow import MainWindow

from .conftest import DATA, INTEROP, needs_shared, run_mapviewer
from .io.chromium import BINARY, MISSING, Browser
from .test_loading import press_ctrl_o

ARCHITECTURE = INTEROP / "graphml" / "scibot-architecture.graphml"
VOLTA = DATA / "interop" / "yed-image-node.graphml"
GUARD = 30_000


def _colours(image: QImage, box: QRectF) -> set[str]:
    """The distinct colours of ``image`` inside ``box`` (its pixels), a pixel in from its edge."""
    inner = box.adjusted(2, 2, -2, -2).toRect().intersected(image.rect())
    return {
        image.pixelColor(x, y).name()
        for x in range(inner.left(), inner.right() + 1)
        for y in range(inner.top(), inner.bottom() + 1)
    }


def _inked(image: QImage, box: QRectF) -> int:
    """How many pixels inside ``box`` are drawn darker than a pale fill."""
    inner = box.adjusted(2, 2, -2, -2).toRect().intersected(image.rect())
    return sum(
        image.pixelColor(x, y).lightness() < 200
        for x in range(inner.left(), inner.right() + 1)
        for y in range(inner.top(), inner.bottom() + 1)
    )


def _resources(path: Path) -> dict[str, str]:
    """A GraphML file's <y:Resource> texts by id."""
    root = xmlsafe.parse(path).root
    return {r.get("id", ""): xmlsafe.text_of(r) for r in xmlsafe.descendants(root, "Resource")}


@needs_shared(ARCHITECTURE)
def test_scibots_icons_are_drawn_in_their_boxes_when_opened_with_file_open(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    press_ctrl_o(qtbot, window, monkeypatch, ARCHITECTURE)
    qtbot.waitUntil(lambda: len(window.scene.node_items) == 10, timeout=GUARD)
    qtbot.waitUntil(lambda: window.view.painted, timeout=GUARD)
    assert all(n.picture for n in window.document.cmap.nodes)
    view = window.view
    shot = view.viewport().grab().toImage()
    for item in window.scene.node_items.values():
        box = view.mapFromScene(item.scene_box()).boundingRect()
        colours = _colours(shot, QRectF(box))
        # An icon's shades (a server's greys, a laptop's blues), not a box's one fill colour.
        assert len(colours) > 8, (item.label, len(colours))
        assert _inked(shot, QRectF(box)) > 30, item.label


@needs_shared(ARCHITECTURE)
def test_render_draws_the_icons_into_the_png(tmp_path: Path) -> None:
    """The laptops' screens are the only blue of the drawing: an empty box has none."""
    out = tmp_path / "architecture.png"
    done = run_mapviewer("render", str(ARCHITECTURE), "-o", str(out))
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    blue = 0
    for x in range(0, image.width(), 2):
        for y in range(0, image.height(), 2):
            colour = image.pixelColor(x, y)
            blue += colour.blue() > colour.red() + 60 and colour.blue() > colour.green() + 20
    assert blue > 200


@needs_shared(ARCHITECTURE)
@pytest.mark.skipif(BINARY is None, reason=MISSING)
def test_the_page_shows_each_icon_as_an_image_of_its_data_uri(tmp_path: Path) -> None:
    cmap = open_map(ARCHITECTURE)
    sizes = {n.id: (n.width, n.height) for n in cmap.nodes}
    page = tmp_path / "architecture.html"
    save_map(cmap, page)
    browser = Browser(tmp_path / "profile")
    try:
        browser.screen(1280, 800)
        browser.open(page.as_uri())
        images = browser.evaluate(
            """Promise.all(Array.from(document.querySelectorAll('g.node image')).map(
              function (image) {
                const href = image.getAttribute('href');
                const loaded = new Image();
                return new Promise(function (done) {
                  loaded.onload = function () { done(loaded.naturalWidth); };
                  loaded.onerror = function () { done(0); };
                  loaded.src = href;
                }).then(function (natural) {
                  return {id: image.closest('g.node').dataset.id, href: href.slice(0, 26),
                    w: +image.getAttribute('width'), h: +image.getAttribute('height'),
                    natural: natural};
                });
              }))"""
        )
        asked = browser.requested_urls()
        assert all(url.startswith(("file:", "data:")) for url in asked), asked
    finally:
        browser.close()
    assert len(images) == 10
    for image in images:
        assert image["href"] == "data:image/svg+xml;base64,"
        assert (image["w"], image["h"]) == pytest.approx(sizes[image["id"]])
        assert image["natural"] > 0, image["id"]  # the browser decoded it


@needs_shared(ARCHITECTURE)
def test_graphml_written_back_keeps_each_resource_once_and_byte_for_byte(tmp_path: Path) -> None:
    before = _resources(ARCHITECTURE)
    out = tmp_path / "back.graphml"
    graphml.save(open_map(ARCHITECTURE), out)
    after = _resources(out)
    assert sorted(t.strip() for t in after.values()) == sorted(t.strip() for t in before.values())
    text = out.read_text(encoding="utf-8")
    assert text.count("<y:SVGNode>") == 10 and "<y:ShapeNode>" not in text
    again = open_map(out)
    assert {n.id: n.picture for n in again.nodes} == {
        n.id: n.picture for n in open_map(ARCHITECTURE).nodes
    }


def test_volta_phone_goes_back_to_yed_as_its_png(tmp_path: Path) -> None:
    out = tmp_path / "volta.graphml"
    graphml.save(open_map(VOLTA), out)
    (text,) = _resources(out).values()
    (original,) = _resources(VOLTA).values()
    assert base64.b64decode(text) == base64.b64decode("".join(original.split()))
    assert "<y:ImageNode>" in out.read_text(encoding="utf-8")


def test_a_coloured_concept_with_a_picture_goes_to_yed_filled_and_comes_back_so(
    tmp_path: Path,
) -> None:
    """yEd keeps an image node's fill: a concept's own colour (and its kind's) goes there, and
    comes back, where the node had gone unfilled and the colour was lost."""
    picture = picture_uri("image/png", _png(8, 8))
    cmap = ConceptMap(
        kinds=[{"id": "drug", "label": "Drug", "color": "#E69F00"}],
        nodes=[
            Node(id="own", label="Own", color="#56B4E9", picture=picture),
            Node(id="kinds", label="Kind's", kind="drug", picture=picture),
            Node(id="none", label="None", picture=picture),
        ],
    )
    out = tmp_path / "coloured.graphml"
    graphml.save(cmap, out)
    root = xmlsafe.parse(out).root
    fills = {
        node.get("id"): next(xmlsafe.descendants(node, "Fill")).attrib
        for node in xmlsafe.descendants(root, "node")
    }
    assert fills["own"].get("color") == "#56B4E9"
    assert fills["kinds"].get("color") == "#E69F00"
    assert fills["none"].get("hasColor") == "false"
    again = {n.id: n for n in open_map(out).nodes}
    assert again["own"].color == "#56B4E9" and again["own"].picture == picture
    assert again["kinds"].color is None and again["kinds"].kind == "drug"


def _map_with_picture(tmp_path: Path, picture: str) -> Path:
    path = tmp_path / "bad.json"
    nodes = [{"id": "server", "label": "Server", "picture": picture}]
    path.write_text(json.dumps({"format": "mapviewer-map", "version": 1, "nodes": nodes}))
    return path


PNG_HEAD = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("picture", "said"),
    [
        ("file:///etc/passwd", "not a file: address"),
        ("http://example.com/server.png", "not a http: address"),
        ("data:image/png;base64,@@not base64@@", "base64 does not decode"),
        ("data:text/html;base64,PGI+", "text/html is no picture type"),
        (picture_uri("image/png", PNG_HEAD + bytes(PICTURE_LIMIT)), "at most 2 MB"),
        (picture_uri("image/png", b"GIF89a" + bytes(10)), "not a PNG image"),
    ],
)
def test_a_map_whose_picture_is_no_picture_of_its_own_is_refused_naming_it(
    tmp_path: Path, picture: str, said: str
) -> None:
    with pytest.raises(MapFileError) as refused:
        load(_map_with_picture(tmp_path, picture))
    message = str(refused.value)
    assert "nodes[id=server].picture" in message and said in message


def test_a_yed_resource_of_garbage_opens_as_an_empty_box_named_in_the_notes(
    tmp_path: Path,
) -> None:
    text = VOLTA.read_text(encoding="utf-8")
    start = text.index('<y:Resource id="1"')
    end = text.index("</y:Resource>", start)
    garbage = text[: text.index(">", start) + 1] + "bm90IGFuIGltYWdl" + text[end:]
    path = tmp_path / "garbage.graphml"
    path.write_text(garbage, encoding="utf-8")
    cmap, notes = open_map_noting(path)
    phone = next(n for n in cmap.nodes if n.id == "n9")
    assert phone.picture is None
    fill = concept_style(kind_styles(cmap, LIGHT), phone, LIGHT, {}).fill
    assert fill.name().upper() == "#FFFFFF"  # the empty box yEd's canvas shows through
    (note,) = [n for n in notes if "picture" in n]
    line = garbage[: garbage.index('<node id="n9"')].count("\n") + 1
    assert "1 picture" in note and f"line {line}" in note and "'n9'" in note


def test_an_svg_pictures_links_to_files_are_not_followed(qapp, tmp_path: Path) -> None:
    """QSvgRenderer draws the file an <image href> names; a map's picture must not."""
    red = tmp_path / "red.png"
    fill = QImage(20, 20, QImage.Format.Format_RGB32)
    fill.fill(QColor("#ff0000"))
    fill.save(str(red))
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="20" height="20"><image width="20" height="20" xlink:href="{red}"/>'
        f'<image width="20" height="20" href="{red.as_uri()}"/>'
        '<rect width="4" height="4" fill="#000000"/></svg>'
    )
    node = Node(id="n", label="", picture=picture_uri("image/svg+xml", svg.encode()))
    assert picture_parts(node.picture or "")[0] == "image/svg+xml"
    item = NodeItem(
        "n",
        "",
        concept_style(kind_styles(ConceptMap(nodes=[node]), LIGHT), node, LIGHT, {}),
        LIGHT,
        40.0,
        40.0,
        None,
    )
    item.picture = node.picture
    image = QImage(60, 60, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.translate(30, 30)
    item.paint(painter, QStyleOptionGraphicsItem())
    painter.end()
    colours = _colours(image, QRectF(10, 10, 40, 40))
    assert "#000000" in colours  # the picture was drawn...
    assert "#ff0000" not in colours  # ...without the file it names


def _png(width: int, height: int) -> bytes:
    """A black PNG of 1-bit pixels: tiny as a file, huge as an image."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = (b"\x00" + bytes((width + 7) // 8)) * height
    idat = chunk(b"IDAT", zlib.compress(rows, 9))
    return PNG_HEAD + chunk(b"IHDR", header) + idat + chunk(b"IEND", b"")


def test_a_small_png_saying_it_is_huge_is_read_small_or_not_at_all(qapp) -> None:
    """2 MB of PNG may say 20,000 x 10,000 pixels (800 MB as an image): it is not read, its
    concept drawn as its box. A photograph of 4,000 x 2,000 is read at most 2,048 pixels a
    side, its proportions kept, where each zoom's pixmap had been made from the whole."""
    huge = _png(20_000, 10_000)
    assert len(huge) < PICTURE_LIMIT
    assert decoded(picture_uri("image/png", huge)) is None
    image = decoded(picture_uri("image/png", _png(4_000, 2_000)))
    assert isinstance(image, QImage)
    assert (image.width(), image.height()) == (2048, 1024)


def _yed_album(path: Path, count: int) -> list[int]:
    """A yEd file of ``count`` image nodes, each its own 2 MB PNG (about 2.7 MB of base64,
    70 MB for 26): the line each node starts on."""
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
        ' xmlns:y="http://www.yworks.com/xml/graphml">\n'
        '<key for="node" id="d6" yfiles.type="nodegraphics"/>\n'
        '<key for="graphml" id="d7" yfiles.type="resources"/>\n'
        '<graph edgedefault="directed" id="G">\n'
    )
    lines, parts = [], [head]
    for index in range(count):
        lines.append(sum(part.count("\n") for part in parts) + 1)
        parts.append(
            f'<node id="n{index}"><data key="d6"><y:ImageNode>'
            f'<y:Geometry height="40" width="40" x="{index * 60}" y="0"/>'
            f"<y:NodeLabel>Photo {index}</y:NodeLabel>"
            f'<y:Image refid="{index + 1}"/></y:ImageNode></data></node>\n'
        )
    parts.append('</graph>\n<data key="d7"><y:Resources>\n')
    for index in range(count):
        data = PNG_HEAD + index.to_bytes(4, "big") + bytes(PICTURE_LIMIT - len(PNG_HEAD) - 4)
        text = base64.b64encode(data).decode("ascii")
        parts.append(f'<y:Resource id="{index + 1}" type="java.awt.image.BufferedImage">')
        parts.append(f"{text}</y:Resource>\n")
    parts.append("</y:Resources></data>\n</graphml>\n")
    path.write_text("".join(parts), encoding="ascii")
    return lines


def test_a_yed_file_of_more_pictures_than_a_map_holds_opens_with_those_that_fit(
    tmp_path: Path,
) -> None:
    """26 photographs of 2 MB: the first 23 fit in the map's 64 MB of pictures, the last three
    open as plain boxes, named in the import's notes with the file, node and line; the import
    had failed outright."""
    path = tmp_path / "album.graphml"
    lines = _yed_album(path, 26)
    cmap, notes = open_map_noting(path)
    pictured = [n.id for n in cmap.nodes if n.picture]
    assert pictured == [f"n{i}" for i in range(23)]
    assert sum(len(n.picture or "") for n in cmap.nodes) <= MAP_PICTURES_LIMIT
    (note,) = [n for n in notes if "plain boxes" in n]
    assert "3 concepts of album.graphml" in note and "64 MB" in note
    assert f"'Photo 23' (node 'n23', line {lines[23]})" in note
    assert f"'Photo 24' (node 'n24', line {lines[24]})" in note
    assert f"'Photo 25' (node 'n25', line {lines[25]})" in note
    assert note in cmap.description
