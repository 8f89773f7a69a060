"""Seeded synthetic maps for the benchmark: 100, 1k, 5k, 20k and 100k concepts.

Up to 20k, each map is a preferential-attachment tree plus 0.4*N extra links, with labels of 1-4
words, linking phrases, descriptions and 0-3 quotes taken verbatim from a generated source text,
so the maps are valid in every way the app checks. Positions are computed once by the app's own
layout (with its real label sizes) and stored, as a saved map would have them; the "-unplaced"
variant leaves them out to time the layout at load.

The 100k map ("100k": issue 18's "clustered, 5 % long links") is the shape of a big network
brought from Gephi or Cytoscape: 400 clusters of 250 concepts on a 20 x 20 grid of regions, each
cluster a preferential-attachment tree plus 0.33 x its size extra links inside it, and then 5 %
of all links (7,000 of 140,000) joining two concepts anywhere on the map, so they cross the whole
drawing: the links a grid index files under hundreds of cells. Laying out 100k concepts with the
app's layout takes far too long for a generator, so its positions are the generator's own: each
cluster's concepts sit on a jittered grid of 10 columns (300 x 120 units a concept, wider than
a 4-word label's box), clusters 1,500 units apart, all in about 75,000 x 75,000 units. The
"100k-nopos" map is the same graph with no positions, for the layout at load to place.

    python bench/generate.py [--out bench/out] [--sizes 100,1k,5k,20k,100k] [--seed 1]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mapviewer.io.mapfile import dumps
from mapviewer.model import ConceptMap, Edge, Kind, Node, Quote, Source

WORDS = (
    "antigen",
    "receptor",
    "kinase",
    "ligand",
    "cytokine",
    "tumour",
    "cell",
    "signal",
    "pathway",
    "marker",
    "inhibitor",
    "antibody",
    "vaccine",
    "therapy",
    "response",
    "resistance",
    "checkpoint",
    "lymphocyte",
    "macrophage",
    "dendritic",
    "stromal",
    "vascular",
    "metabolic",
    "hypoxic",
    "regulatory",
    "effector",
    "memory",
    "naive",
    "helper",
    "killer",
    "interferon",
    "interleukin",
    "chemokine",
    "integrin",
    "collagen",
    "matrix",
    "niche",
    "clone",
    "mutation",
    "burden",
    "expression",
    "density",
    "infiltrate",
    "exhaustion",
    "priming",
    "activation",
    "tolerance",
    "escape",
    "editing",
    "presentation",
    "peptide",
    "complex",
    "surface",
    "membrane",
    "nucleus",
    "mitochondria",
    "glycolysis",
    "lactate",
    "adenosine",
    "arginine",
    "tryptophan",
    "kynurenine",
    "oxygen",
    "glucose",
    "lipid",
    "sugar",
    "protein",
    "fragment",
    "dose",
    "schedule",
    "trial",
    "cohort",
    "biopsy",
    "imaging",
    "relapse",
    "remission",
    "toxicity",
    "fever",
    "rash",
    "colitis",
    "hepatitis",
    "pneumonitis",
    "thyroid",
    "adrenal",
    "kidney",
    "liver",
    "lung",
    "skin",
    "bowel",
    "brain",
    "marrow",
    "blood",
)
PHRASES = (
    "activates",
    "blocks",
    "binds",
    "inhibits",
    "recruits",
    "suppresses",
    "produces",
    "expresses",
    "predicts",
    "causes",
    "treats",
    "targets",
    "is part of",
    "leads to",
    "depends on",
    "is a kind of",
    "reduces",
    "increases",
    "signals to",
    "protects",
    "is measured by",
    "resists",
    "is approved for",
    "is combined with",
    "is found on",
)
KINDS = (
    ("therapy", "Therapy"),
    ("drug", "Drug"),
    ("checkpoint", "Checkpoint / target"),
    ("immune-cell", "Immune cell"),
    ("resistance", "Resistance mechanism"),
    ("cancer", "Cancer"),
    ("adverse-effect", "Adverse effect"),
    ("biomarker", "Biomarker"),
)
SIZES = {"100": 100, "1k": 1_000, "5k": 5_000, "20k": 20_000, "100k": 100_000}
CLUSTER = 250  # concepts per cluster of the 100k map
CLUSTER_COLUMNS = 10  # concepts per row inside a cluster
CELL_W, CELL_H = 300.0, 120.0  # a concept's place inside its cluster
CLUSTER_GAP = 1500.0  # empty canvas between clusters
LONG_SHARE = 0.05  # links joining two concepts anywhere on the map


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def source_text(rng: random.Random, count: int = 400) -> list[str]:
    return [sentence(rng, 8, 18) for _ in range(count)]


def make_nodes(rng: random.Random, count: int, sentences: list[str]) -> list[Node]:
    nodes = []
    for i in range(count):
        label = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))).capitalize()
        quotes = [
            Quote(source="synthetic", text=rng.choice(sentences)) for _ in range(rng.randint(0, 3))
        ]
        nodes.append(
            Node(
                id=f"n{i}",
                label=label,
                kind=rng.choice(KINDS)[0],
                description=sentence(rng, 8, 20),
                quotes=quotes,
            )
        )
    return nodes


def make_map(
    rng: random.Random,
    nodes: list[Node],
    edges: list[tuple[int, int]],
    seed: int,
    sentences: list[str],
    source_file: str,
) -> ConceptMap:
    count = len(nodes)
    return ConceptMap(
        title=f"Synthetic map, {count} concepts",
        description=f"Generated by bench/generate.py with seed {seed}.",
        sources=[
            Source(
                id="synthetic",
                title="Synthetic source",
                citation="Generated text",
                file=source_file,
            )
        ],
        kinds=[Kind(id=k, label=label) for k, label in KINDS],
        nodes=nodes,
        edges=[
            Edge(
                id=f"e{j}",
                source=f"n{a}",
                target=f"n{b}",
                label=rng.choice(PHRASES),
                quotes=[Quote(source="synthetic", text=rng.choice(sentences))]
                if rng.random() < 0.5
                else [],
            )
            for j, (a, b) in enumerate(edges)
        ],
    )


def generate(count: int, seed: int, sentences: list[str], source_file: str) -> ConceptMap:
    rng = random.Random(seed * 1_000_003 + count)
    nodes = make_nodes(rng, count, sentences)
    edges = []
    seen: set[tuple[int, int]] = set()
    targets = [0]
    for i in range(1, count):  # preferential attachment: popular concepts attract more links
        t = rng.choice(targets)
        seen.add((i, t))
        targets += [i, t]
        edges.append((i, t))
    extra = int(0.4 * count)
    while extra and count > 2:
        a, b = rng.randrange(count), rng.randrange(count)
        if a != b and (a, b) not in seen and (b, a) not in seen:
            seen.add((a, b))
            edges.append((a, b))
            extra -= 1
    return make_map(rng, nodes, edges, seed, sentences, source_file)


def generate_clustered(
    count: int, seed: int, sentences: list[str], source_file: str, placed: bool = True
) -> ConceptMap:
    """The 100k shape (see the module's docstring): clusters laid out on a grid, 5 % long links."""
    rng = random.Random(seed * 1_000_003 + count + 7)
    nodes = make_nodes(rng, count, sentences)
    clusters = [list(range(s, min(s + CLUSTER, count))) for s in range(0, count, CLUSTER)]
    side = math.ceil(math.sqrt(len(clusters)))
    rows = math.ceil(CLUSTER / CLUSTER_COLUMNS)
    pitch_x = CLUSTER_COLUMNS * CELL_W + CLUSTER_GAP
    pitch_y = rows * CELL_H + CLUSTER_GAP
    edges: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()

    def link(a: int, b: int) -> bool:
        if a == b or (a, b) in seen or (b, a) in seen:
            return False
        seen.add((a, b))
        edges.append((a, b))
        return True

    for number, members in enumerate(clusters):
        left = (number % side) * pitch_x
        top = (number // side) * pitch_y
        for place, index in enumerate(members):
            if placed:
                nodes[index].x = round(
                    left + (place % CLUSTER_COLUMNS) * CELL_W + rng.uniform(-30, 30), 1
                )
                nodes[index].y = round(
                    top + (place // CLUSTER_COLUMNS) * CELL_H + rng.uniform(-15, 15), 1
                )
        targets = [members[0]]
        for index in members[1:]:  # preferential attachment inside the cluster
            t = rng.choice(targets)
            link(index, t)
            targets += [index, t]
        extra = len(members) // 3
        while extra:
            if link(rng.choice(members), rng.choice(members)):
                extra -= 1
    inside = len(edges)
    long_links = round(inside * LONG_SHARE / (1 - LONG_SHARE))
    while long_links:
        if link(rng.randrange(count), rng.randrange(count)):
            long_links -= 1
    return make_map(rng, nodes, edges, seed, sentences, source_file)


def place_with_app(cmap: ConceptMap) -> None:
    """Lay the map out exactly as the app would at load, with real label sizes, and keep it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from mapviewer.app import make_application  # noqa: PLC0415
    from mapviewer.document import Document  # noqa: PLC0415
    from mapviewer.scene.mapscene import MapScene  # noqa: PLC0415

    app = make_application([])
    scene = MapScene(Document(cmap))
    scene.clear()
    del scene, app


def write_clustered(out: Path, count: int, seed: int, sentences: list[str]) -> None:
    """The clustered map with its own positions, and the same graph without any."""
    for suffix, placed in (("", True), ("-nopos", False)):
        cmap = generate_clustered(count, seed, sentences, "synthetic-source.txt", placed)
        path = out / f"synthetic-100k{suffix}.json"
        path.write_text(dumps(cmap), encoding="utf-8")
        print(f"wrote {path} ({len(cmap.nodes)} concepts, {len(cmap.edges)} links)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out")
    parser.add_argument("--sizes", default="100,1k,5k,20k,100k")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    sentences = source_text(rng)
    (args.out / "synthetic-source.txt").write_text("\n".join(sentences) + "\n", encoding="utf-8")
    for name in args.sizes.split(","):
        count = SIZES[name]
        if name == "100k":
            write_clustered(args.out, count, args.seed, sentences)
            continue
        cmap = generate(count, args.seed, sentences, "synthetic-source.txt")
        if name == "1k":
            unplaced = args.out / "synthetic-1k-unplaced.json"
            unplaced.write_text(dumps(cmap), encoding="utf-8")
            print(f"wrote {unplaced}")
        place_with_app(cmap)
        path = args.out / f"synthetic-{name}.json"
        path.write_text(dumps(cmap), encoding="utf-8")
        print(f"wrote {path} ({len(cmap.nodes)} concepts, {len(cmap.edges)} links)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
