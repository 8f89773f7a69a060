"""JSON Canvas (Obsidian): text, file, link and group nodes, labelled edges, and back out."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from mapviewer.document import Document
from mapviewer.io import jsoncanvas, mapfile
from mapviewer.io.registry import open_map
from mapviewer.scene.mapscene import MapScene

from ..conftest import DATA, imported_window

INTEROP = DATA / "interop"


def test_node_types_labels_colours_and_groups() -> None:
    cmap = jsoncanvas.load(INTEROP / "small.canvas")
    nodes = cmap.node_by_id()
    pd1 = nodes["t1"]
    assert (pd1.label, pd1.description) == ("PD-1", "A **receptor** on T cells.")
    assert pd1.kind == "text" and pd1.parent == "g1"  # inside the group's rectangle
    assert (nodes["t2"].label, nodes["t2"].color) == ("PD-L1 & friends", "#FF0000")
    assert (nodes["f1"].label, nodes["f1"].kind) == ("pd1.md", "file")
    assert nodes["f1"].data == {"file": "notes/biology/pd1.md", "subpath": "#Binding"}
    assert (nodes["f1"].width, nodes["f1"].height) == (200, 100)  # the card's own size
    assert (nodes["l1"].label, nodes["l1"].kind) == ("https://example.invalid/pd1", "link")
    group = nodes["g1"]
    assert (group.label, group.kind, group.color) == ("Checkpoints", "group", "#08B94E")
    # Canvas x/y is the top-left corner; concepts keep centres, the map centred on 0,0.
    assert (pd1.x - nodes["t2"].x, pd1.width) == (-300.0, 200.0)
    edges = cmap.edge_by_id()
    assert edges["e1"].label == "binds"
    assert (edges["e1"].from_side, edges["e1"].to_side) == ("left", "right")
    assert edges["e1"].data == {}  # the sides are the link's own, not kept data
    assert edges["e1"].color == "#E93147"  # preset 1, the link's own colour
    assert (edges["e3"].source, edges["e3"].target) == ("l1", "l1")


def test_round_trip_is_exact_and_obsidian_sees_text_nodes(tmp_path: Path) -> None:
    original = mapfile.load(DATA / "sample.json")
    original.nodes[2].label = "two\nlines"
    original.nodes[2].description = "and a description"
    target = tmp_path / "sample.canvas"
    jsoncanvas.save(original, target)
    assert mapfile.dumps(open_map(target)) == mapfile.dumps(original)
    data = json.loads(target.read_text(encoding="utf-8"))
    first = data["nodes"][0]
    assert first["type"] == "text"
    assert first["text"] == "Pembrolizumab\n\nAn anti-PD-1 antibody."
    assert first["x"] + first["width"] / 2 == 0.0  # the centre is where the map put it
    assert data["edges"][0] == {
        "id": "e1",
        "fromNode": "pembrolizumab",
        "toNode": "pd-1",
        "label": "blocks",
        "mapviewer": {"quotes": [original.edges[0].quotes[0].model_dump(exclude_none=True)]},
    }


def test_unplaced_concepts_get_a_place_on_the_canvas_but_stay_unplaced_here(
    tmp_path: Path,
) -> None:
    original = mapfile.load(DATA / "sample.json")
    for node in original.nodes[3:]:
        node.x = node.y = None
    target = tmp_path / "loose.canvas"
    jsoncanvas.save(original, target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert all(isinstance(n["x"], float | int) for n in data["nodes"])
    back = open_map(target)
    assert [n.placed for n in back.nodes] == [True, True, True, False, False]


def test_a_canvas_goes_back_out_as_its_author_drew_it(tmp_path: Path) -> None:
    """Exported again, file and link cards stay file and link cards (they became text cards
    naming the file), cards keep their heights (all became 34) and sides, and cards without a
    colour get none (they took the colour mapviewer gave their card type)."""
    source = INTEROP / "small.canvas"
    before = {n["id"]: n for n in json.loads(source.read_text(encoding="utf-8"))["nodes"]}
    target = tmp_path / "again.canvas"
    jsoncanvas.save(jsoncanvas.load(source), target)
    data = json.loads(target.read_text(encoding="utf-8"))
    after = {n["id"]: n for n in data["nodes"]}
    for ident in ("t1", "t2", "f1", "l1"):
        for key in ("type", "file", "subpath", "url", "height"):
            assert after[ident].get(key) == before[ident].get(key), (ident, key)
        assert str(after[ident].get("color")).lower() == str(before[ident].get("color")).lower()
    assert after["g1"]["color"] == "4"
    [e1] = [e for e in data["edges"] if e["id"] == "e1"]
    assert (e1["fromSide"], e1["toSide"]) == ("left", "right")
    assert mapfile.dumps(jsoncanvas.load(target)) == mapfile.dumps(jsoncanvas.load(source))


def test_a_side_no_card_has_is_left_out_and_said(tmp_path: Path) -> None:
    """A hand-edited canvas's "middle" side: the edge opens (free at that end, anchored at the
    other), and the map's description says what was left out, where."""
    cards = [
        {"id": "a", "type": "text", "text": "A", "x": 0, "y": 0, "width": 200, "height": 60},
        {"id": "b", "type": "text", "text": "B", "x": 0, "y": 300, "width": 200, "height": 60},
    ]
    edge = {"id": "ab", "fromNode": "a", "fromSide": "middle", "toNode": "b", "toSide": "top"}
    path = tmp_path / "odd.canvas"
    path.write_text(json.dumps({"nodes": cards, "edges": [edge]}), encoding="utf-8")
    cmap = open_map(path)
    assert (cmap.edges[0].from_side, cmap.edges[0].to_side) == (None, "top")
    assert "edges[id=ab]: from_side 'middle' (not a side of a box)" in cmap.description


def test_a_cards_markdown_reads_as_obsidian_shows_it_and_goes_back_as_written(
    tmp_path: Path,
) -> None:
    """Obsidian renders a text card's Markdown: "# **ANCHOR**" is a bold heading ANCHOR,
    "[[Papyrus|his brother]]" a link reading "his brother", "`cargo build`" code. The labels
    showed the marks. They read as shown now; an unedited card goes back with its Markdown, an
    edited one with its new words."""
    texts = {
        "a": "# **ANCHOR**",
        "b": "`cargo build` clients/server",
        "c": "[[Sans]] and [[Papyrus|his brother]]\n\nSee [the wiki](https://example.org).",
        "d": "snake_case_name stays, as does 2 * 3 * 4",
    }
    cards = [
        {"id": i, "type": "text", "text": t, "x": 0, "y": 100 * n, "width": 300, "height": 60}
        for n, (i, t) in enumerate(texts.items())
    ]
    path = tmp_path / "lore.canvas"
    path.write_text(json.dumps({"nodes": cards, "edges": []}), encoding="utf-8")
    cmap = open_map(path)
    labels = {n.id: n.label for n in cmap.nodes}
    assert labels == {
        "a": "ANCHOR",
        "b": "cargo build clients/server",
        "c": "Sans and his brother",
        "d": "snake_case_name stays, as does 2 * 3 * 4",
    }
    assert all("canvas-text" not in line for line in cmap.description.splitlines())
    cmap.nodes[1].label = "cargo build --release"  # edited in mapviewer
    out = tmp_path / "again.canvas"
    jsoncanvas.save(cmap, out)
    written = {c["id"]: c["text"] for c in json.loads(out.read_text(encoding="utf-8"))["nodes"]}
    assert written == {**texts, "b": "cargo build --release"}


def test_a_short_cards_first_paragraph_shows_whole(tmp_path: Path) -> None:
    """Obsidian shows a card's whole text: "Odoo-Project / Link to Git-Repo / Link to
    Kubernetes-Cluster" (a real PaaS overview canvas) read as only "Odoo-Project", the two
    other lines hidden in the description. A short first paragraph is the label, lines kept;
    a heading alone, or the first line of a long paragraph, as before."""
    texts = {
        "odoo": "Odoo-Project\nLink to Git-Repo\nLink to Kubernetes-Cluster",
        "forge": "**Code-Forge**\nGitHub / Gitea / GitLab\n\nWhere the code lives.",
        "list": "Checkpoints\n- PD-1\n- CTLA-4",
        "heading": "# Ping Network\nSends a ping to every peer.",
        "long": "A note\n" + "\n".join(f"line {k} of a longer paragraph" for k in range(6)),
    }
    cards = [
        {"id": i, "type": "text", "text": t, "x": 0, "y": 200 * n, "width": 300, "height": 120}
        for n, (i, t) in enumerate(texts.items())
    ]
    path = tmp_path / "paas.canvas"
    path.write_text(json.dumps({"nodes": cards, "edges": []}), encoding="utf-8")
    nodes = open_map(path).node_by_id()
    shown = {i: (n.label, n.description) for i, n in nodes.items()}
    assert shown["odoo"] == ("Odoo-Project\nLink to Git-Repo\nLink to Kubernetes-Cluster", "")
    assert shown["forge"] == ("Code-Forge\nGitHub / Gitea / GitLab", "Where the code lives.")
    assert shown["list"] == ("Checkpoints\n\u2022 PD-1\n\u2022 CTLA-4", "")
    assert shown["heading"] == ("Ping Network", "Sends a ping to every peer.")
    assert shown["long"][0] == "A note"
    out = tmp_path / "again.canvas"
    jsoncanvas.save(open_map(path), out)
    written = {c["id"]: c["text"] for c in json.loads(out.read_text(encoding="utf-8"))["nodes"]}
    assert written == texts  # unedited: as their author wrote them


def test_a_cards_first_paragraph_that_fits_its_card_shows_whole(tmp_path: Path) -> None:
    """Stardust's roadmap canvas (CC0) sizes each card to its text: "[**black-hole**](...):
    / 1-tap minimize everything (useful when stardust is an overlay)" in 260 x 140 read as only
    "black-hole:", its second line too long for the short-paragraph rule. A paragraph that fits
    the card its author made shows whole; the same text in a card one line tall does not."""
    text = (
        "[**black-hole**](https://github.com/StardustXR/black-hole):\n"
        "1-tap minimize everything (useful when stardust is an overlay)"
    )
    cards = [
        {"id": "fits", "type": "text", "text": text, "x": 0, "y": 0, "width": 260, "height": 140},
        {"id": "strip", "type": "text", "text": text, "x": 0, "y": 300, "width": 260, "height": 40},
    ]
    path = tmp_path / "roadmap.canvas"
    path.write_text(json.dumps({"nodes": cards, "edges": []}), encoding="utf-8")
    nodes = open_map(path).node_by_id()
    assert nodes["fits"].label == (
        "black-hole:\n1-tap minimize everything (useful when stardust is an overlay)"
    )
    assert nodes["fits"].description == ""
    assert nodes["strip"].label == "black-hole:"
    out = tmp_path / "again.canvas"
    jsoncanvas.save(open_map(path), out)
    written = {c["id"]: c["text"] for c in json.loads(out.read_text(encoding="utf-8"))["nodes"]}
    assert written == {"fits": text, "strip": text}  # as written, Markdown and all


def test_an_empty_group_keeps_its_rectangle(tmp_path: Path) -> None:
    """A group with nothing inside is a region its author drew, an edge ending on its side: it
    had shrunk to a label-sized box, the edge running three times too far."""
    body = {
        "nodes": [
            {
                "id": "front",
                "type": "group",
                "label": "Interface / Front",
                "x": 0,
                "y": -860,
                "width": 400,
                "height": 400,
            },
            {
                "id": "main",
                "type": "text",
                "text": "Main",
                "x": 140,
                "y": -300,
                "width": 120,
                "height": 60,
            },
            {
                "id": "net",
                "type": "group",
                "label": "Network",
                "x": -200,
                "y": 0,
                "width": 800,
                "height": 400,
            },
            {
                "id": "srv",
                "type": "text",
                "text": "Server",
                "x": 0,
                "y": 100,
                "width": 120,
                "height": 60,
            },
        ],
        "edges": [{"id": "e", "fromNode": "main", "toNode": "front", "toSide": "bottom"}],
    }
    path = tmp_path / "echo.canvas"
    path.write_text(json.dumps(body), encoding="utf-8")
    nodes = open_map(path).node_by_id()
    assert (nodes["front"].width, nodes["front"].height) == (400, 400)
    # A group with a member keeps its rectangle too: the frame is drawn at least that big.
    assert nodes["srv"].parent == "net" and (nodes["net"].width, nodes["net"].height) == (800, 400)


def test_an_empty_card_stays_empty_at_its_size(qapp, tmp_path: Path) -> None:
    """Obsidian users leave empty cards on a slide (Advanced Canvas' "New Slide" group holds
    one, 260 x 60): Obsidian shows it blank; it opened named by its id, "b13ddbac143a3668"."""
    canvas = {
        "nodes": [
            {
                "id": "b13ddbac143a3668",
                "type": "text",
                "text": "",
                "x": 1080,
                "y": -200,
                "width": 260,
                "height": 60,
            },
            {
                "id": "d0a835eb20d19369",
                "type": "text",
                "text": "这是一句话",
                "x": 1080,
                "y": 0,
                "width": 250,
                "height": 60,
            },
        ],
        "edges": [{"id": "e", "fromNode": "d0a835eb20d19369", "toNode": "b13ddbac143a3668"}],
    }
    path = tmp_path / "slide.canvas"
    path.write_text(json.dumps(canvas, ensure_ascii=False), encoding="utf-8")
    cmap = open_map(path)
    labels = {n.id: n.label for n in cmap.nodes}
    assert labels == {"b13ddbac143a3668": "", "d0a835eb20d19369": "这是一句话"}
    scene = MapScene(Document(cmap))
    scene.flush_geometry()
    blank = scene.node_items["b13ddbac143a3668"]
    assert blank.label == ""
    assert (blank.box.width(), blank.box.height()) == (260.0, 60.0)
    out = tmp_path / "again.canvas"
    jsoncanvas.save(cmap, out)
    again = json.loads(out.read_text(encoding="utf-8"))
    assert {n["id"]: n["text"] for n in again["nodes"]} == {
        "b13ddbac143a3668": "",
        "d0a835eb20d19369": "这是一句话",
    }


def test_advanced_canvas_line_styles_open_dashed_and_go_back_to_the_plugin(
    qapp, tmp_path: Path
) -> None:
    """Advanced Canvas (an Obsidian plugin) styles a line in the edge's styleAttributes: a
    dotted edge of FDscend's tutorial canvas opened solid, and its attributes went back inside
    mapviewer's metadata, where the plugin does not look. A line made solid here goes back
    solid, the plugin's other attributes kept."""
    cards = [
        {"id": c, "type": "text", "text": c, "x": 300 * i, "y": 0, "width": 200, "height": 60}
        for i, c in enumerate("abcd")
    ]
    style = {"pathfindingMethod": "square", "path": "dotted"}
    edges = [
        {"id": "dotted", "fromNode": "a", "toNode": "b", "styleAttributes": style},
        {"id": "long", "fromNode": "b", "toNode": "c", "styleAttributes": {"path": "long-dashed"}},
        {"id": "plain", "fromNode": "c", "toNode": "d", "styleAttributes": {}},
    ]
    path = tmp_path / "styled.canvas"
    path.write_text(json.dumps({"nodes": cards, "edges": edges}), encoding="utf-8")
    cmap = open_map(path)
    assert {e.id: e.dash for e in cmap.edges} == {"dotted": "dot", "long": "dash", "plain": None}
    scene = MapScene(Document(cmap))
    scene.flush_geometry()
    pens = {i: scene.link_layer.pen_for(item, 1) for i, item in scene.edge_items.items()}
    assert pens["dotted"].style() != Qt.PenStyle.SolidLine
    assert pens["long"].style() != Qt.PenStyle.SolidLine
    assert pens["plain"].style() == Qt.PenStyle.SolidLine
    out = tmp_path / "again.canvas"
    jsoncanvas.save(cmap, out)
    again = {e["id"]: e for e in json.loads(out.read_text(encoding="utf-8"))["edges"]}
    assert again["dotted"]["styleAttributes"] == style
    assert again["long"]["styleAttributes"] == {"path": "long-dashed"}
    assert again["plain"]["styleAttributes"] == {}
    solid = cmap.model_copy(
        update={"edges": [e.model_copy(update={"dash": "solid"}) for e in cmap.edges]}
    )
    jsoncanvas.save(solid, out)
    again = {e["id"]: e for e in json.loads(out.read_text(encoding="utf-8"))["edges"]}
    assert again["dotted"]["styleAttributes"] == {"pathfindingMethod": "square"}
    assert {e.dash or "solid" for e in open_map(out).edges} == {"solid"}


def test_cards_at_fit_are_named_as_obsidian_shows_them_never_by_a_dash(
    qtbot, tmp_path: Path
) -> None:
    """Obsidian draws "---" as a rule, and under a line of text makes that line a heading: a
    card opening with a rule was named "---", a dash among the names at fit, and an empty
    heading ("# ") was named by its id. A rule is no words; a file card is named by its file,
    a link card by its address, and a card that shows no words goes unnamed, as the empty
    card does."""
    odd = {
        "rule": "---",
        "ruled": "---\nNotes below",
        "heading": "Staging\n---\nTNM and its limits",
        "stars": "* * *",
        "blank": "# ",
        "empty": "",
        "dash": "-",  # an empty list item
    }
    bodies: list[dict[str, object]] = [
        {"id": ident, "type": "text", "text": text} for ident, text in odd.items()
    ]
    bodies.append({"id": "file", "type": "file", "file": "notes/biology/Checkpoint.md"})
    bodies.append({"id": "link", "type": "link", "url": "https://example.org/pd1"})
    bodies += [{"id": f"c{i}", "type": "text", "text": f"Card {i}"} for i in range(24)]
    for i, body in enumerate(bodies):  # far apart: at fit the labels are too small to read
        body.update(x=(i % 6) * 900, y=(i // 6) * 700, width=250, height=60)
    edges = [
        {"id": f"e{i}", "fromNode": b["id"], "toNode": f"c{i}"} for i, b in enumerate(bodies[:8])
    ]
    path = tmp_path / "odd.canvas"
    path.write_text(json.dumps({"nodes": bodies, "edges": edges}), encoding="utf-8")
    win = imported_window(qtbot, path, (1300, 850))
    labels = {i: win.scene.node_items[i].label for i in (*odd, "file", "link")}
    assert labels == {
        "rule": "",
        "ruled": "Notes below",
        "heading": "Staging",
        "stars": "",
        "blank": "",
        "empty": "",
        "dash": "",
        "file": "Checkpoint.md",
        "link": "https://example.org/pd1",
    }
    qtbot.waitUntil(lambda: len(win.view.hub_names.placed) > 10, timeout=10_000)
    names = {item.node_id: text for _, item, text in win.view.hub_names.placed}
    assert not [t for t in names.values() if not any(c.isalnum() for c in t)]  # no "---"
    assert not {"rule", "stars", "blank", "empty", "dash"} & set(names)
    assert names["ruled"] == "Notes below" and names["heading"] == "Staging"
    assert names["file"] == "Checkpoint.md"
    assert names["link"].replace("\n", "") == "https://example.org/pd1"
    # Written back, each card's Markdown is as its author wrote it.
    out = tmp_path / "again.canvas"
    jsoncanvas.save(win.document.cmap, out)
    again = {n["id"]: n for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]}
    assert {i: again[i]["text"] for i in odd} == odd
