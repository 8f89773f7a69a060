"""The `mapviewer` command: open the app, or work on map files without a window.

Subcommands import what they need when they run, so `mapviewer` alone starts the window
without paying for the CLI's tools, and `mapviewer validate` never loads Qt.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import sys
from pathlib import Path

COMMANDS = ("validate", "render", "schema", "check", "convert", "export-tour", "layout")


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mapviewer",
        description="Open a concept map. Subcommands: "
        + ", ".join(COMMANDS)
        + " (see `mapviewer COMMAND --help`).",
    )
    parser.add_argument("file", nargs="?", help="map file to open (default: the immunotherapy map)")
    parser.add_argument(
        "--bench",
        action="store_true",
        help="load, lay out and paint FILE, print one JSON line of timings and exit",
    )
    return parser


def _pixels(text: str) -> int:
    """A whole, positive number of pixels (argparse reports anything else, exit status 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of pixels") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of pixels, not {value}")
    return value


def _scale(text: str) -> float:
    """A positive, finite number: pixels per map unit."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, not {text}")
    return value


def _command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mapviewer")
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check map files; exit 1 if any has a problem")
    validate.add_argument("files", nargs="+", type=Path)
    render = sub.add_parser("render", help="draw a map to PNG, SVG or PDF as the window shows it")
    render.add_argument("file", type=Path)
    render.add_argument("-o", "--output", type=Path, required=True, help="OUT.png, .svg or .pdf")
    size = render.add_mutually_exclusive_group()
    limit = "at most 20,000 pixels a side and 200 megapixels"
    size.add_argument("--width", type=_pixels, help=f"output width in pixels ({limit})")
    size.add_argument("--height", type=_pixels, help="output height in pixels")
    size.add_argument(
        "--scale",
        type=_scale,
        help="pixels per map unit (default 1.5 for PNG, reduced to fit the limit)",
    )
    render.add_argument("--graph", help="which graph of a file that holds several (JGF)")
    sub.add_parser("schema", help="print the JSON Schema of the map file format")
    check = sub.add_parser("check", help="report quotes that no longer match their source text")
    check.add_argument("files", nargs="+", type=Path)
    check.add_argument(
        "--allow-outside",
        action="store_true",
        help="read source files outside each map's folder (absolute paths, ../, links that "
        "lead out); without it they are reported as blocked and the exit status is 1",
    )
    convert = sub.add_parser("convert", help="convert between map formats (by file extension)")
    convert.add_argument("input", type=Path)
    convert.add_argument("output", type=Path)
    convert.add_argument("--graph", help="with several graphs in one file (JGF): which to take")
    slides = sub.add_parser(
        "export-tour",
        help="a tour as slides, as projected, after a title slide: a PDF (16:9 pages), notes "
        "pages (--notes), a PowerPoint file (.pptx) or 1920x1080 PNGs",
    )
    slides.add_argument("file", type=Path)
    slides.add_argument("--tour", help="the tour's id (may be left out when the map has one)")
    slides.add_argument(
        "-o", "--output", required=True, help="OUT.pdf, OUT.pptx, or FOLDER/ for PNGs"
    )
    slides.add_argument("--theme", choices=("light", "dark"), default="light")
    slides.add_argument("--faint", action="store_true", help="unrevealed concepts faint")
    slides.add_argument(
        "--notes",
        action="store_true",
        help="notes pages: an A4 PDF with each slide above its speaker notes (OUT.pdf)",
    )
    lay = sub.add_parser(
        "layout",
        help="lay a map out again and write it with the new positions (like Graphviz's dot)",
    )
    lay.add_argument("file", type=Path)
    lay.add_argument("-o", "--output", type=Path, required=True, help="OUT (.json or any export)")
    lay.add_argument(
        "--method",
        choices=("layered", "organic", "tidy"),  # mapviewer.layout.METHODS
        default="layered",
        help="layered: top-down rows, links pointing down; organic: linked concepts together; "
        "tidy: the arrangement kept, overlapping boxes and phrases pushed apart",
    )
    return parser


def cmd_validate(files: list[Path]) -> int:
    from mapviewer.io.registry import open_map  # noqa: PLC0415
    from mapviewer.problems import MapFileError  # noqa: PLC0415

    failed = 0
    for path in files:
        try:
            open_map(path)
        except MapFileError as error:
            failed += 1
            for problem in error.problems:
                print(problem)
    if len(files) > 1 or failed:
        print(f"{len(files)} file(s) checked, {failed} with problems", file=sys.stderr)
    return 1 if failed else 0


def cmd_schema() -> int:
    from mapviewer.model import json_schema  # noqa: PLC0415

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def ensure_platform() -> None:
    """Without a display, Qt renders offscreen instead of refusing to start."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def cmd_render(
    file: Path,
    output: Path,
    width: int | None,
    scale: float | None,
    height: int | None = None,
    graph: str | None = None,
) -> int:
    """Exit status 0 drawn, 1 the map or the output failed, 2 a size that cannot be drawn."""
    ensure_platform()
    from mapviewer.app import make_application  # noqa: PLC0415
    from mapviewer.convert import note_choices  # noqa: PLC0415
    from mapviewer.document import Document  # noqa: PLC0415
    from mapviewer.io.registry import open_map  # noqa: PLC0415
    from mapviewer.memory import ensure_fits  # noqa: PLC0415
    from mapviewer.problems import MapFileError  # noqa: PLC0415
    from mapviewer.render import MARGIN, RenderError, render_to_file, size_problem  # noqa: PLC0415
    from mapviewer.scene.mapscene import MapScene  # noqa: PLC0415

    try:
        cmap = open_map(file, graph=graph)
        ensure_fits(cmap, file)
    except MapFileError as error:
        print(error, file=sys.stderr)
        return 1
    note_choices(file, graph, "drew")
    app = make_application([])
    scene = MapScene(Document(cmap, file.resolve()))
    if width is not None or height is not None or scale is not None:
        scene.flush_geometry()
        source = scene.picture_bounds().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        problem = size_problem(source, width, scale, height)
        if problem is not None:
            print(f"mapviewer render: {problem}", file=sys.stderr)
            return 2
    else:  # the default scale, reduced to fit the largest image if the map is huge
        scale = 1.5 if output.suffix.lower() == ".png" else 1.0
    try:
        size = render_to_file(scene, output, width=width, scale=scale, height=height)
    except RenderError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{output}: {size.width()}x{size.height()}", file=sys.stderr)
    del scene, app
    return 0


def cmd_check(files: list[Path], allow_outside: bool = False) -> int:
    from mapviewer.quotecheck import check_files  # noqa: PLC0415

    return check_files(files, allow_outside)


def cmd_convert(source: Path, target: Path, graph: str | None) -> int:
    from mapviewer.convert import convert  # noqa: PLC0415

    return convert(source, target, graph)


def cmd_export_tour(
    file: Path, tour_id: str | None, output: str, dark: bool, faint: bool, notes: bool = False
) -> int:
    ensure_platform()
    from mapviewer.app import make_application  # noqa: PLC0415
    from mapviewer.document import Document  # noqa: PLC0415
    from mapviewer.io.registry import open_map  # noqa: PLC0415
    from mapviewer.memory import ensure_fits  # noqa: PLC0415
    from mapviewer.problems import MapFileError  # noqa: PLC0415
    from mapviewer.slides import StageOptions  # noqa: PLC0415
    from mapviewer.tourexport import TourExportError, export_tour, find_tour  # noqa: PLC0415

    try:
        cmap = open_map(file)
        ensure_fits(cmap, file)
        tour = find_tour(cmap, tour_id)
    except MapFileError as error:
        print(error, file=sys.stderr)
        return 1
    except TourExportError as error:
        print(f"{file}: {error}", file=sys.stderr)
        return 1
    app = make_application([])
    options = StageOptions(dark=dark, faint=faint)
    try:
        written = export_tour(Document(cmap, file.resolve()), tour, output, options, notes=notes)
    except (TourExportError, OSError) as error:
        print(error, file=sys.stderr)
        return 1
    kinds = {".pdf": "PDF pages", ".pptx": "PowerPoint slides"}
    kind = kinds.get(written[0].suffix.lower(), "PNG images, 1920x1080")
    if notes:
        kind = "A4 notes pages"
    steps = len(tour.steps)
    print(
        f"{output}: {steps + 1} {kind} (a title and {steps} step{'s' * (steps != 1)}), "
        f"tour '{tour.id}'",
        file=sys.stderr,
    )
    del app
    return 0


def cmd_layout(file: Path, output: Path, method: str) -> int:
    """Positions from the layout, sizes from the scene the app draws; written as Save writes."""
    ensure_platform()
    from mapviewer.app import make_application  # noqa: PLC0415
    from mapviewer.arrange import arrange  # noqa: PLC0415
    from mapviewer.document import Document  # noqa: PLC0415
    from mapviewer.io.registry import open_map, save_map  # noqa: PLC0415
    from mapviewer.problems import MapFileError  # noqa: PLC0415
    from mapviewer.scene.mapscene import MapScene  # noqa: PLC0415
    from mapviewer.sources import relocated  # noqa: PLC0415

    try:
        cmap = open_map(file)
    except MapFileError as error:
        print(error, file=sys.stderr)
        return 1
    app = make_application([])
    scene = MapScene(Document(cmap, file.resolve()))
    positions = arrange(scene, method)
    del scene
    from mapviewer.convert import counts_line  # noqa: PLC0415
    from mapviewer.sides import refaced  # noqa: PLC0415

    edges = cmap.edge_by_id()
    for edge_id, (out, back) in refaced(cmap, positions).items():
        edges[edge_id].from_side, edges[edge_id].to_side = out, back
    for node in cmap.nodes:
        if node.id in positions:
            node.x, node.y = (round(v, 1) for v in positions[node.id])
    try:
        save_map(relocated(cmap, file.absolute(), output), output)
    except MapFileError as error:
        print(error, file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    placed = [node for node in cmap.nodes if node.id in positions]
    print(f"{output}: {counts_line(placed)} placed ({method})", file=sys.stderr)
    del app
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run a command or the window. Whatever escapes them (a bug) ends as one sentence naming
    the file and exit status 2, never a traceback: the readers turn every fault of a file into
    MapFileError themselves, so this is only the last line of defence."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(argv)
    except Exception as exc:  # a bug: still a sentence, never a traceback
        files = [a for a in argv if not a.startswith("-") and a not in COMMANDS]
        subject = files[0] if files else "mapviewer"
        detail = str(exc).splitlines()[0][:200] if str(exc) else ""
        print(
            f"{subject}: mapviewer failed unexpectedly ({type(exc).__name__}"
            f"{': ' + detail if detail else ''}). Please report it with the file",
            file=sys.stderr,
        )
        return 2


def _main(argv: list[str]) -> int:
    if argv and argv[0] in COMMANDS:
        args = _command_parser().parse_args(argv)
        if args.command == "validate":
            return cmd_validate(args.files)
        if args.command == "schema":
            return cmd_schema()
        if args.command == "render":
            return cmd_render(
                args.file, args.output, args.width, args.scale, args.height, args.graph
            )
        if args.command == "check":
            return cmd_check(args.files, args.allow_outside)
        if args.command == "convert":
            return cmd_convert(args.input, args.output, args.graph)
        if args.command == "export-tour":
            dark = args.theme == "dark"
            return cmd_export_tour(args.file, args.tour, args.output, dark, args.faint, args.notes)
        if args.command == "layout":
            return cmd_layout(args.file, args.output, args.method)
    args = _gui_parser().parse_args(argv)
    # Start-up builds a great many long-lived objects (Qt's enums, pydantic's schemas, the map);
    # the cyclic collector would only re-scan them. It comes back after the first frame.
    gc.disable()
    # The model and the readers come before Qt: PySide6 reads the source of every module
    # imported after it (looking for `from __feature__ import`), ~20 ms for pydantic's modules.
    import mapviewer.io.registry  # noqa: PLC0415
    import mapviewer.model  # noqa: F401, PLC0415
    from mapviewer.app import run  # noqa: PLC0415

    return run(Path(args.file) if args.file else None, bench=args.bench)
