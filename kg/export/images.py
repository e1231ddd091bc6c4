"""Pictures of the graph, as PNG and SVG: the overview (graph.png, graph.svg), one
picture per organisation and person, and one per article (images/).

:mod:`kg.export.overview` and :mod:`kg.export.focus` decide what a picture
shows, :mod:`kg.export.layered` where things go; this module draws.  The
renderers are told not to stamp dates or hashes that vary, so the same graph
gives the same bytes.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import (
    Ellipse,
    FancyArrowPatch,
    FancyBboxPatch,
    Patch,
    Polygon,
    Rectangle,
)
from matplotlib.path import Path as CurvePath
from rdflib import Graph

from kg import iri
from kg.export import atomic_write
from kg.export.focus import document, neighbourhood
from kg.export.layered import (
    LABEL_SIZE,
    Layout,
    Measure,
    Point,
    Route,
    Slot,
    layout,
    point,
)
from kg.export.overview import Drawable, Scene, centrality, drawable, overview
from kg.export.projection import Node, Projection, local_name, project
from kg.export.styles import EDGE_STYLES, NODE_STYLES, NodeStyle

DPI = 150
MARGIN = 0.35  # inches
NOTE_SIZE, TITLE_SIZE = 9.0, 14.0
MOVETO, LINETO, CURVE4 = int(CurvePath.MOVETO), int(CurvePath.LINETO), int(CurvePath.CURVE4)
PICTURED_KINDS = ("person", "organization", "unit")  # entities that get a picture of their own
# Pictures a build draws of entities (the most central) and of articles (those with most
# facts): each takes about 0.4 s, so ten of each keep a 500-article build within ~10 s
# of pictures; `kg show` draws any other on demand.
PICTURES = 10
IMAGES = "images"  # the folder, under the build's output folder


@dataclass(frozen=True, slots=True)
class ImageSet:
    """What :func:`write_images` wrote: the overview and the pictures under images/."""

    overview: tuple[Path, ...]
    pictures: tuple[Path, ...]
    stems: dict[str, PurePosixPath]  # IRI of each entity or article drawn -> its picture below images/, no suffix
    entities: int
    entities_total: int
    documents: int
    documents_total: int


def write_overview(graph: Graph | Projection, out: Path) -> list[Path]:
    """Write ``out/graph.png`` and ``out/graph.svg``, the same overview of ``graph``,
    byte-identical for the same graph; returns both paths."""
    projection = graph if isinstance(graph, Projection) else project(graph)
    return write_scene(overview(projection), out / "graph")


def write_scene(scene: Scene, stem: Path) -> list[Path]:
    """Write ``stem``.png and ``stem``.svg; returns both paths."""
    png, svg = render(scene)
    paths = [stem.with_name(stem.name + ".png"), stem.with_name(stem.name + ".svg")]
    atomic_write(paths[0], png)
    atomic_write(paths[1], svg)
    return paths


def picture_path(node: Node) -> PurePosixPath:
    """Where the picture of an entity or article goes, below images/, without suffix:
    the IRI's path ("person/jack-ma", "doc/alibaba-cloud-2036")."""
    if node.key.startswith(iri.BASE):
        return PurePosixPath(node.key[len(iri.BASE):])
    folder = "doc" if node.kind == "document" else node.kind
    return PurePosixPath(folder, iri.slug(local_name(node.key) or node.key))


def pictured(projection: Projection, *, entities: int = PICTURES, documents: int = PICTURES) -> tuple[list[Node], list[Node], int, int]:
    """The entities and articles a build draws, and how many could have been drawn:
    the ``entities`` most central people and organisations with facts, and the
    ``documents`` articles stating most facts (ties by id)."""
    drawn = drawable(projection)
    linked = drawn.linked()
    _, rank = centrality(drawn, linked)
    return _pictured(projection, drawn, rank, entities, documents)


def _pictured(projection: Projection, drawn: Drawable, rank: dict[str, float], entities: int, documents: int) -> tuple[list[Node], list[Node], int, int]:
    candidates = {k for k in drawn.linked() if drawn.nodes[k].kind in PICTURED_KINDS}
    people = sorted(candidates, key=lambda k: (-rank.get(k, 0.0), drawn.nodes[k].label.lower(), k))
    facts: dict[str, int] = {}
    for edge in drawn.edges:
        for doc in edge.docs:
            facts[doc] = facts.get(doc, 0) + 1
    articles = sorted(projection.of_kind("document"), key=lambda n: (-facts.get(n.prop("id"), 0), n.prop("id"), n.key))
    chosen = [projection.nodes[k] for k in people[:entities]]
    return chosen, articles[:documents], len(people), len(articles)


def write_images(graph: Graph | Projection, out: Path, *, entities: int = PICTURES, documents: int = PICTURES) -> ImageSet:
    """The overview and the pictures of entities and articles (see :func:`pictured`),
    under ``out/images/<kind>/<name>.png|svg``; pictures an earlier build left
    there and this one did not draw are removed."""
    projection = graph if isinstance(graph, Projection) else project(graph)
    first = write_overview(projection, out)
    drawn = drawable(projection)
    _, rank = centrality(drawn, drawn.linked())
    people, articles, people_total, articles_total = _pictured(projection, drawn, rank, entities, documents)
    folder = out / IMAGES
    written: list[Path] = []
    stems = {node.key: picture_path(node) for node in (*people, *articles)}
    for node in people:
        written += write_scene(neighbourhood(projection, node.key, drawn=drawn, rank=rank), folder / stems[node.key])
    for node in articles:
        written += write_scene(document(projection, node.key), folder / stems[node.key])
    _remove_stale(folder, set(written))
    return ImageSet(tuple(first), tuple(written), stems, len(people), people_total, len(articles), articles_total)


def _remove_stale(folder: Path, keep: set[Path]) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".png", ".svg") and path.is_file() and path not in keep:
            path.unlink()
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()


# --- drawing ---------------------------------------------------------------------------


def render(scene: Scene) -> tuple[bytes, bytes]:
    """The scene drawn as PNG and SVG bytes; the same scene gives the same bytes."""
    # SVG ids are salted hashes: a fixed salt keeps them stable.  Glyphs as paths look
    # the same in every viewer, and "$" in a company name is a dollar, not mathtext.
    with matplotlib.rc_context({"svg.hashsalt": "kg", "svg.fonttype": "path", "font.family": "DejaVu Sans", "text.parse_math": False}):
        figure = Figure(dpi=DPI, facecolor="white")
        canvas = FigureCanvasAgg(figure)
        _draw(figure, scene, _measurer(figure, canvas))
        png, svg = io.BytesIO(), io.BytesIO()
        figure.savefig(png, format="png", dpi=DPI, metadata={"Software": None}, pil_kwargs={"compress_level": 1})  # fast; about 10% larger
        figure.savefig(svg, format="svg", metadata={"Date": None})
    return png.getvalue(), svg.getvalue()


def _measurer(figure: Figure, canvas: FigureCanvasAgg) -> Measure:
    """Width and height in inches of a text as it will be drawn."""
    renderer = canvas.get_renderer()

    def measure(text: str, size: float, weight: str) -> Point:
        artist = figure.text(0, 0, text, fontsize=size, fontweight=weight)
        box = artist.get_window_extent(renderer)
        artist.remove()
        return box.width / DPI, box.height / DPI

    return measure


def _draw(figure: Figure, scene: Scene, measure: Measure) -> None:
    """Title, subtitle, the graph (or "no facts"), legend and footnotes, top to
    bottom, on a page sized to hold them."""
    placed = layout(scene, measure) if scene.nodes else None
    content = (placed.width, placed.height) if placed else (4.0, 1.2)
    kinds = [k for k in NODE_STYLES if any(n.kind == k for n in scene.nodes)]
    title_w, title_h = measure(scene.title, TITLE_SIZE, "bold")
    sub_w, sub_h = measure(scene.subtitle, 10.5, "normal") if scene.subtitle else (0.0, 0.0)
    width = max(content[0], title_w, sub_w, _legend_width(kinds, measure), 5.0) + 2 * MARGIN
    notes = [textwrap.fill(note, int((width - 2 * MARGIN) / (NOTE_SIZE / 72 * 0.62))) for note in scene.notes]
    notes_h = sum(measure(note, NOTE_SIZE, "normal")[1] + 0.08 for note in notes)
    top = MARGIN + title_h + sub_h + 0.35
    legend_y = top + content[1] + 0.45
    height = legend_y + (0.3 if kinds else 0.0) + notes_h + MARGIN
    figure.set_size_inches(width, height)
    ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)  # y grows downwards, like the layout
    ax.set_axis_off()
    ax.text(MARGIN, MARGIN, scene.title, fontsize=TITLE_SIZE, fontweight="bold", va="top", color="#222222")
    ax.text(MARGIN, MARGIN + title_h + 0.06, scene.subtitle, fontsize=10.5, va="top", color="#555555")
    origin = (MARGIN + (width - 2 * MARGIN - content[0]) / 2, top)
    if placed:
        _draw_graph(ax, placed, origin, scene.focus)
    else:
        ax.text(width / 2, top + content[1] / 2, "no facts", fontsize=13, ha="center", va="center", color="#777777")
    _draw_legend(ax, kinds, (MARGIN, legend_y), measure)
    y = legend_y + (0.3 if kinds else 0.0)
    for note in notes:
        ax.text(MARGIN, y, note, fontsize=NOTE_SIZE, va="top", color="#555555")
        y += measure(note, NOTE_SIZE, "normal")[1] + 0.08


def _draw_graph(ax: Axes, placed: Layout, origin: Point, focus: str | None) -> None:
    """Edges under nodes, edge labels on white over their edges; the focus node outlined heavily."""
    ox, oy = origin
    colour: dict[str, str] = {}
    for route in placed.routes:
        style = EDGE_STYLES[route.edge.kind]
        colour.update(dict.fromkeys(route.slots[1:-1], style.colour))
        path = CurvePath(*_edge_path(route, placed, origin))
        arrow = "<|-" if route.reverse else "-|>"
        ax.add_patch(FancyArrowPatch(path=path, arrowstyle=arrow, mutation_scale=11, lw=1.3, color=style.colour, linestyle=style.dash, zorder=2))
    for key, slot in placed.slots.items():
        x, y = placed.centre(key)
        if slot.node is not None:
            _draw_node(ax, slot.node, slot, (x + ox, y + oy), focus=slot.node.key == focus)
        elif slot.text:
            box = {"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"}
            ax.text(x + ox, y + oy, slot.text, fontsize=LABEL_SIZE, ha="center", va="center", color=colour[key], bbox=box, zorder=5)


def _draw_node(ax: Axes, node: Node, slot: Slot, centre: Point, *, focus: bool) -> None:
    style = NODE_STYLES[node.kind]
    inset = 0.08 if style.shape == "stack" else 0.0
    width, height = slot.width - inset, slot.height - inset
    front = (centre[0] - inset / 2, centre[1] + inset / 2)
    for step in (inset, inset / 2) if inset else ():  # sheets peeking out behind: a group collapsed into one node
        ax.add_patch(_shape(style, (front[0] + step, front[1] - step), width, height))
    outline = _shape(style, front, width, height)
    if focus:
        outline.set_linewidth(3.2)
    ax.add_patch(outline)
    shift = -point(slot.height) / 2 if style.shape == "flag" else 0.0
    ax.text(front[0] + shift, front[1], slot.text, fontsize=style.size, fontweight=style.weight, color=style.text,
            ha="center", va="center", multialignment="center", zorder=4)


def _shape(style: NodeStyle, centre: Point, width: float, height: float) -> Patch:
    """The node's outline: ellipse, box, rounded box, flag, cut-corner box, hexagon, diamond, ..."""
    x, y = centre
    left, right, top, bottom = x - width / 2, x + width / 2, y - height / 2, y + height / 2
    p, c = point(height), 0.07
    if style.shape == "ellipse":
        return _look(Ellipse(centre, width, height), style)
    if style.shape == "rect":
        return _look(Rectangle((left, top), width, height), style)
    if style.shape in ("round", "speech", "stack"):
        return _look(FancyBboxPatch((left, top), width, height, boxstyle="round,pad=0,rounding_size=0.1"), style)
    corners = {
        "flag": [(left, top), (right - p, top), (right, y), (right - p, bottom), (left, bottom)],
        "hexagon": [(left, y), (left + p, top), (right - p, top), (right, y), (right - p, bottom), (left + p, bottom)],
        "diamond": [(left, y), (x, top), (right, y), (x, bottom)],
        "page": [(left, top), (right - 2 * c, top), (right, top + 2 * c), (right, bottom), (left, bottom)],
        "chamfer": [(left + c, top), (right - c, top), (right, top + c), (right, bottom - c), (right - c, bottom),
                    (left + c, bottom), (left, bottom - c), (left, top + c)],
    }[style.shape]
    return _look(Polygon(corners, closed=True), style)


def _look(patch: Patch, style: NodeStyle) -> Patch:
    patch.set_facecolor(style.face)
    patch.set_edgecolor(style.line)
    patch.set_linewidth(1.4)
    patch.set_zorder(3)
    return patch


def _edge_path(route: Route, placed: Layout, origin: Point) -> tuple[list[Point], list[int]]:
    """Vertices and codes of an edge: out of the right side of its left end, level
    through every column it crosses, S-curves in the gaps, into the left side of its
    right end (or, for a loop, round its label and back into the right side)."""
    ox, oy = origin
    first, *middle, last = route.slots

    def side(key: str, right: bool) -> Point:
        x, y = placed.centre(key)
        half = placed.slots[key].width / 2
        return (x + half if right else x - half) + ox, y + oy

    def edge(key: str, right: bool) -> Point:
        bounds = placed.columns[placed.slots[key].column]
        return bounds[1 if right else 0] + ox, placed.y[key] + oy

    verts, codes = [side(first, True)], [MOVETO]
    _line(verts, codes, edge(first, True))
    if route.loop:
        turn = placed.centre(middle[0])
        _curve(verts, codes, (turn[0] + ox, turn[1] + oy), vertical_end=True)
        _curve(verts, codes, edge(last, True), vertical_start=True)
        _line(verts, codes, side(last, True))
        return verts, codes
    for key in middle:
        _curve(verts, codes, edge(key, False))
        _line(verts, codes, edge(key, True))
    _curve(verts, codes, edge(last, False))
    _line(verts, codes, side(last, False))
    return verts, codes


def _line(verts: list[Point], codes: list[int], to: Point) -> None:
    if abs(verts[-1][0] - to[0]) + abs(verts[-1][1] - to[1]) > 1e-6:
        verts.append(to)
        codes.append(LINETO)


def _curve(verts: list[Point], codes: list[int], to: Point, *, vertical_start: bool = False, vertical_end: bool = False) -> None:
    """A cubic from the last vertex to ``to``, level at both ends unless told otherwise."""
    (x0, y0), (x1, y1) = verts[-1], to
    if abs(y0 - y1) < 1e-6 and not (vertical_start or vertical_end):
        _line(verts, codes, to)
        return
    start = (x0, (y0 + y1) / 2) if vertical_start else ((x0 + x1) / 2, y0)
    end = (x1, (y0 + y1) / 2) if vertical_end else ((x0 + x1) / 2, y1)
    verts.extend([start, end, to])
    codes.extend([CURVE4] * 3)


def _legend_width(kinds: list[str], measure: Measure) -> float:
    return sum(0.55 + measure(NODE_STYLES[k].legend, LABEL_SIZE, "normal")[0] + 0.3 for k in kinds)


def _draw_legend(ax: Axes, kinds: list[str], at: Point, measure: Measure) -> None:
    x, y = at
    for kind in kinds:
        style = NODE_STYLES[kind]
        ax.add_patch(_shape(style, (x + 0.22, y), 0.44, 0.22))
        ax.text(x + 0.55, y, style.legend, fontsize=LABEL_SIZE, va="center", color="#333333")
        x += 0.55 + measure(style.legend, LABEL_SIZE, "normal")[0] + 0.3


def write_picture(projection: Projection, key: str, folder: Path) -> tuple[Scene, list[Path]]:
    """Draw the entity or article ``key`` as ``folder/<kind>/<name>.png`` and ``.svg``,
    the same picture a build would draw; returns the scene and both paths."""
    node = projection.nodes[key]
    scene = document(projection, key) if node.kind == "document" else neighbourhood(projection, key)
    return scene, write_scene(scene, folder / picture_path(node))
