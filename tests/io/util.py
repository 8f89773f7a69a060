"""Helpers shared by the io tests: comparing maps, round trips, and seeded random maps."""

from __future__ import annotations

import random
from pathlib import Path

from mapviewer.io.registry import open_map, save_map
from mapviewer.model import ConceptMap, Edge, Node, Quote, Source
from mapviewer.scene.style import LIGHT, concept_style, kind_styles

# Text that breaks careless writers: markup, entities, right-to-left, astral and combining
# characters, quotes of every kind, and JSON/HTML-significant characters.
PIECES = (
    "PD-1",
    "<b>bold</b>",
    "a & b",
    "&amp;",
    "\u05e9\u05dc\u05d5\u05dd",  # Hebrew, right to left
    "\u0645\u0631\u062d\u0628\u0627",  # Arabic
    "\u2067isolate\u2069",
    "T\u00e9l\u00e9",
    "e\u0301",  # combining accent
    "\U0001f9ec",  # astral plane (DNA emoji)
    "\u6f22\u5b57",
    "'single'",
    '"double"',
    "</script>",
    "\u2028line sep",
    "x > y",
    "50%",
    "{braces}",
    "back\\slash",
)


def random_text(rng: random.Random, words: int = 3) -> str:
    return " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, words)))


def random_map(seed: int, nodes: int = 12) -> ConceptMap:
    """A map with awkward text everywhere, self-links, cycles and parallel links."""
    rng = random.Random(seed)
    source = Source(id="src", title=random_text(rng), citation=random_text(rng, 5))
    concepts = []
    for index in range(nodes):
        placed = rng.random() < 0.8
        concepts.append(
            Node(
                id=f"n{index}-{rng.choice(['a', 'b', 'x_y', 'z.1'])}",
                label=random_text(rng),
                aliases=[random_text(rng)] if rng.random() < 0.5 else [],
                description=random_text(rng, 8) if rng.random() < 0.5 else "",
                quotes=[Quote(source="src", text=random_text(rng, 6))]
                if rng.random() < 0.5
                else [],
                x=float(rng.randint(-900, 900)) if placed else None,
                y=float(rng.randint(-600, 600)) if placed else None,
            )
        )
    links = []
    ids = [c.id for c in concepts]
    for index in range(nodes + 4):
        a = rng.choice(ids)
        b = a if index % 7 == 0 else rng.choice(ids)  # self-links
        links.append(Edge(id=f"e{index}", source=a, target=b, label=random_text(rng)))
    links.append(Edge(id="cycle-a", source=ids[0], target=ids[1], label="to"))
    links.append(Edge(id="cycle-b", source=ids[1], target=ids[0], label="and back"))
    return ConceptMap(title=random_text(rng), sources=[source], nodes=concepts, edges=links)


def round_trip(cmap: ConceptMap, folder: Path, suffix: str) -> ConceptMap:
    path = folder / f"trip{suffix}"
    save_map(cmap, path)
    return open_map(path)


def graph_of(cmap: ConceptMap) -> tuple[dict, dict]:
    """What every format must keep: concepts with labels, links with ends and labels."""
    nodes = {n.id: n.label for n in cmap.nodes}
    edges = {e.id: (e.source, e.target, e.label) for e in cmap.edges}
    return nodes, edges


def positions_of(cmap: ConceptMap) -> dict[str, tuple[float, float] | None]:
    return {n.id: ((n.x, n.y) if n.placed else None) for n in cmap.nodes}


def drawn_look(cmap: ConceptMap, label: str) -> tuple[str, str, str]:
    """A concept's fill, label colour and shape as the canvas paints them (light theme): its
    own look over its kind's."""
    node = next(n for n in cmap.nodes if n.label == label)
    style = concept_style(kind_styles(cmap, LIGHT), node, LIGHT, {})
    return style.fill.name().upper(), style.text.name().upper(), style.shape
