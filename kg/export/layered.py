"""A layered (Sugiyama-style) drawing of a scene, left to right, in inches.

Nodes go in columns by class (people | organisations | units | facts | values
and places | groups).  An edge that skips columns runs through dummy slots in
the columns between, and every edge label is such a slot in the gap column
before the edge's right end, so labels take part in spacing and never overlap
nodes or each other.  Column orders come from barycentre sweeps with a
transpose step (Gansner et al.), heights from a least-squares fit with minimum
separations.  Everything is sorted, so the same scene gives the same layout.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import networkx as nx

from kg.export.labels import wrap
from kg.export.overview import Scene
from kg.export.projection import Edge, Node
from kg.export.styles import NODE_STYLES

Measure = Callable[[str, float, str], tuple[float, float]]
Point = tuple[float, float]

# sizes in inches (one unit of the drawing is one inch)
PAD_X, PAD_Y = 0.1, 0.07
NODE_GAP, DUMMY_GAP, DUMMY_H = 0.24, 0.07, 0.05
MIN_COLUMN_GAP, MAX_COLUMN_GAP = 0.3, 0.9
LABEL_SIZE = 9.0
MAX_WIDTH = 12.0  # the drawing's width, so that a page with margins is about 1,920 pixels at 150 dpi
PART_GAP = 0.45  # between unconnected parts

@dataclass(frozen=True, slots=True)
class Slot:
    """What takes room in a column: a node, an edge label, or a long edge passing through."""

    key: str
    column: int
    width: float
    height: float
    text: str = ""  # the wrapped node label, or the edge label
    node: Node | None = None
    rank: tuple[int, str] = (0, "")  # first order: kind and label of the node, or of the node an edge leads to


@dataclass(frozen=True, slots=True)
class Route:
    """An edge as the slots it runs through, left to right."""

    edge: Edge
    slots: tuple[str, ...]
    reverse: bool  # the arrow points left
    loop: bool  # both ends in one column: out to the right and back


@dataclass(frozen=True, slots=True)
class Layout:
    """Slots placed in inches: column bounds (left, right) and the centre height of every slot."""

    slots: dict[str, Slot]
    routes: tuple[Route, ...]
    columns: tuple[Point, ...]
    y: dict[str, float]

    @property
    def width(self) -> float:
        return max(right for _, right in self.columns)

    @property
    def height(self) -> float:
        return max(self.y[k] + s.height / 2 for k, s in self.slots.items())

    def centre(self, key: str) -> Point:
        left, right = self.columns[self.slots[key].column]
        return (left + right) / 2, self.y[key]


def layout(scene: Scene, measure: Measure, *, max_width: float = MAX_WIDTH) -> Layout:
    """Each connected part of the scene drawn on its own (:func:`layered`), and the
    parts packed side by side in stacks, as few rows high as ``max_width`` allows."""
    parts = _parts(scene)
    placed = [layered(nodes, edges, measure) for nodes, edges in parts]
    return placed[0] if len(placed) == 1 else _pack(placed, max_width)


def _parts(scene: Scene) -> list[tuple[list[Node], list[tuple[int, Edge]]]]:
    """Connected parts, largest first (ties: the first node's order); edges keep their index in the scene."""
    joined = nx.Graph()
    joined.add_nodes_from(n.key for n in scene.nodes)
    joined.add_edges_from((e.source, e.target) for e in scene.edges)
    kinds = list(NODE_STYLES)
    rank = {n.key: (kinds.index(n.kind), n.label.lower(), n.key) for n in scene.nodes}
    groups = sorted((sorted(group, key=rank.__getitem__) for group in nx.connected_components(joined)), key=lambda g: (-len(g), rank[g[0]]))
    part = {key: i for i, group in enumerate(groups) for key in group}
    parts: list[tuple[list[Node], list[tuple[int, Edge]]]] = [([], []) for _ in groups]
    for node in scene.nodes:
        parts[part[node.key]][0].append(node)
    for index, edge in enumerate(scene.edges):
        parts[part[edge.source]][1].append((index, edge))
    return parts


def _pack(placed: list[Layout], max_width: float) -> Layout:
    """The parts in order, either in stacks left to right (as many stacks as make the
    drawing least high within ``max_width``) or in rows filled up to ``max_width``
    (better when one part is much wider than the rest), whichever is lower."""
    limit = max(max_width, max(p.width for p in placed))
    stacks, lowest = [list(range(len(placed)))], float("inf")
    for count in range(1, len(placed) + 1):
        split = _split([p.height for p in placed], count)
        width = sum(max(placed[i].width for i in stack) for stack in split) + PART_GAP * (len(split) - 1)
        height = max(sum(placed[i].height for i in stack) + PART_GAP * (len(stack) - 1) for stack in split)
        if width <= limit and height < lowest - 1e-9:
            stacks, lowest = split, height
    rows: list[list[int]] = [[]]
    for i, part in enumerate(placed):
        if rows[-1] and sum(placed[j].width + PART_GAP for j in rows[-1]) + part.width > limit:
            rows.append([])
        rows[-1].append(i)
    row_height = sum(max(placed[i].height for i in row) for row in rows) + PART_GAP * (len(rows) - 1)
    at: dict[int, Point] = {}
    if row_height < lowest - 1e-9:
        y0 = 0.0
        for row in rows:
            x0 = 0.0
            for i in row:
                at[i] = (x0, y0)
                x0 += placed[i].width + PART_GAP
            y0 += max(placed[i].height for i in row) + PART_GAP
    else:
        x0 = 0.0
        for stack in stacks:
            y0 = 0.0
            for i in stack:
                at[i] = (x0, y0)
                y0 += placed[i].height + PART_GAP
            x0 += max(placed[i].width for i in stack) + PART_GAP
    slots: dict[str, Slot] = {}
    columns: list[Point] = []
    y: dict[str, float] = {}
    routes: list[Route] = []
    for i, part in enumerate(placed):
        dx, dy = at[i]
        base = len(columns)
        columns.extend((left + dx, right + dx) for left, right in part.columns)
        slots.update({k: replace(slot, column=slot.column + base) for k, slot in part.slots.items()})
        y.update({k: v + dy for k, v in part.y.items()})
        routes.extend(part.routes)
    return Layout(slots, tuple(routes), tuple(columns), y)


def _split(heights: list[float], stacks: int) -> list[list[int]]:
    """Consecutive runs of the parts, about equally high."""
    target = sum(heights) / stacks
    split: list[list[int]] = [[]]
    filled = 0.0
    for i, height in enumerate(heights):
        if split[-1] and filled + height / 2 > target and len(split) < stacks:
            split.append([])
            filled = 0.0
        split[-1].append(i)
        filled += height
    return split


def layered(nodes: list[Node], edges: list[tuple[int, Edge]], measure: Measure) -> Layout:
    """Columns by layer (nodes in even columns, edge labels in the odd ones between),
    orders that cross few edges, and heights that keep edges short and level."""
    layers = sorted({NODE_STYLES[n.kind].layer for n in nodes})
    column = {n.key: 2 * layers.index(NODE_STYLES[n.kind].layer) for n in nodes}
    kinds = list(NODE_STYLES)
    ordered = sorted(nodes, key=lambda n: (kinds.index(n.kind), n.label.lower(), n.key))
    slots = {n.key: _node_slot(n, column[n.key], measure) for n in ordered}
    routes = []
    for index, edge in edges:
        route, passes = _route(index, edge, column, measure, slots[edge.target].rank)
        routes.append(route)
        slots.update(passes)
    links: dict[str, list[str]] = {key: [] for key in slots}
    for route in routes:
        for a, b in zip(route.slots, route.slots[1:]):
            links[a].append(b)
            links[b].append(a)
    columns: list[list[str]] = [[] for _ in range(max(s.column for s in slots.values()) + 1)]
    for key, slot in sorted(slots.items(), key=lambda item: item[1].rank):
        columns[slot.column].append(key)
    order = _order(columns, links, _anchors(routes, links, slots), slots)
    y = _heights(order, slots, links)
    return Layout(slots, tuple(routes), _bounds(order, slots, y, links), y)


def _node_slot(node: Node, column: int, measure: Measure) -> Slot:
    style = NODE_STYLES[node.kind]
    text = wrap(node.label)
    width, height = _outer(style.shape, *measure(text, style.size, style.weight))
    return Slot(node.key, column, width, height, text, node, (list(NODE_STYLES).index(node.kind), node.label.lower()))


def _outer(shape: str, text_width: float, text_height: float) -> Point:
    """The size of a node's shape around its text."""
    width, height = text_width + 2 * PAD_X, text_height + 2 * PAD_Y
    if shape == "ellipse":  # the ellipse through the corners of the text box, padded
        return text_width * 1.42 + 0.12, text_height * 1.42 + 0.1
    if shape == "flag":
        return width + point(height), height
    if shape == "hexagon":
        return width + 2 * point(height), height
    if shape == "diamond":  # the rhombus through the midpoints of a box twice the text's size
        return 2 * text_width + 0.1, 2 * text_height + 0.1
    if shape == "stack":  # room for the offset sheets behind
        return width + 0.08, height + 0.08
    return width, height


def point(height: float) -> float:
    return 0.3 * height


def _route(index: int, edge: Edge, column: dict[str, int], measure: Measure, rank: tuple[int, str]) -> tuple[Route, dict[str, Slot]]:
    """The slots an edge passes through; its label goes in the last one, next to its right end."""
    a, b = column[edge.source], column[edge.target]
    left, right = (edge.source, edge.target) if a <= b else (edge.target, edge.source)
    between = [a + 1] if a == b else list(range(min(a, b) + 1, max(a, b)))
    passes: dict[str, Slot] = {}
    for c in between:
        text = edge.label if c == between[-1] else ""
        width, height = measure(text, LABEL_SIZE, "normal") if text else (0.0, DUMMY_H)
        key = f"edge{index}@{c}"
        passes[key] = Slot(key, c, width + (0.1 if text else 0.0), height + (0.04 if text else 0.0), text, rank=rank)
    return Route(edge, (left, *passes, right), reverse=a > b, loop=a == b), passes


def _anchors(routes: list[Route], links: dict[str, list[str]], slots: dict[str, Slot]) -> dict[str, list[str]]:
    """The links that decide order: a goal or figure follows only its owner, so the
    facts of one entity stay together, goals before figures."""
    anchors = {key: list(near) for key, near in links.items()}
    for route in routes:
        end = route.slots[0] if route.reverse else route.slots[-1]
        node = slots[end].node
        owner = node.owner if node is not None else None
        if owner is not None and route.edge.source != owner:
            anchors[end].remove(route.slots[1] if route.reverse else route.slots[-2])
    return anchors


def _order(columns: list[list[str]], links: dict[str, list[str]], anchors: dict[str, list[str]], slots: dict[str, Slot], *, sweeps: int = 12) -> list[list[str]]:
    """Orders within columns by alternating barycentre sweeps over the ``anchors``;
    the one with fewest crossings of ``links``."""
    current = [list(c) for c in columns]
    best, fewest = [list(c) for c in current], _cost(current, links, slots)
    for sweep in range(sweeps):
        down = sweep % 2 == 0
        for c in range(1, len(current)) if down else range(len(current) - 2, -1, -1):
            current[c] = _by_barycentre(current[c], current[c - 1 if down else c + 1], anchors)
        _transpose(current, links, slots)
        cost = _cost(current, links, slots)
        if cost < fewest:
            best, fewest = [list(c) for c in current], cost
    return best


def _transpose(columns: list[list[str]], links: dict[str, list[str]], slots: dict[str, Slot], *, rounds: int = 8) -> None:
    """Swap neighbours in a column while that crosses fewer edges (Gansner et al.'s
    transpose step); one entity's goals and figures keep their order."""
    for _ in range(rounds):
        swapped = False
        for c, column in enumerate(columns):
            sides = [{k: i for i, k in enumerate(columns[d])} for d in (c - 1, c + 1) if 0 <= d < len(columns)]
            for i in range(len(column) - 1):
                u, v = column[i], column[i + 1]
                if _same_owner(slots[u], slots[v]):
                    continue
                if _pair_crossings(v, u, links, sides) < _pair_crossings(u, v, links, sides):
                    column[i], column[i + 1] = v, u
                    swapped = True
        if not swapped:
            return


def _same_owner(a: Slot, b: Slot) -> bool:
    return a.node is not None and b.node is not None and a.node.owner is not None and a.node.owner == b.node.owner


def _pair_crossings(upper: str, lower: str, links: dict[str, list[str]], sides: list[dict[str, int]]) -> int:
    """Crossings between the edges of ``upper`` and ``lower`` with ``upper`` placed first."""
    total = 0
    for position in sides:
        ups = [position[k] for k in links[upper] if k in position]
        downs = [position[k] for k in links[lower] if k in position]
        total += sum(1 for a in ups for b in downs if a > b)
    return total


def _cost(columns: list[list[str]], links: dict[str, list[str]], slots: dict[str, Slot]) -> int:
    """Edge crossings, plus one for each break in a run of one entity's goals or figures."""
    breaks = 0
    for column in columns:
        kinds: dict[str, list[str]] = {}
        for key in column:
            node = slots[key].node
            if node is not None and node.owner is not None:
                kinds.setdefault(node.owner, []).append(node.kind)
        breaks += sum(sum(1 for a, b in zip(run, run[1:]) if a != b) for run in kinds.values())
    return _crossings(columns, links) + breaks


def _by_barycentre(column: list[str], reference: list[str], anchors: dict[str, list[str]]) -> list[str]:
    """The column sorted by the mean position of each slot's anchors in ``reference``;
    slots with none there keep their places, ties keep their order."""
    position = {key: i for i, key in enumerate(reference)}
    movable: list[tuple[float, int, str]] = []
    for i, key in enumerate(column):
        near = [position[k] for k in anchors[key] if k in position]
        if near:
            movable.append((round(sum(near) / len(near), 9), i, key))
    ordered = list(column)
    for place, (_, _, key) in zip(sorted(i for _, i, _ in movable), sorted(movable)):
        ordered[place] = key
    return ordered


def _crossings(columns: list[list[str]], links: dict[str, list[str]]) -> int:
    total = 0
    for left, right in zip(columns, columns[1:]):
        position = {key: i for i, key in enumerate(right)}
        segments = sorted((i, position[k]) for i, key in enumerate(left) for k in links[key] if k in position)
        for n, (a1, b1) in enumerate(segments):
            total += sum(1 for a2, b2 in segments[n + 1 :] if a2 > a1 and b2 < b1)
    return total


def _gap(a: Slot, b: Slot) -> float:
    both_nodes = a.node is not None and b.node is not None
    return (a.height + b.height) / 2 + (NODE_GAP if both_nodes else DUMMY_GAP)


def _heights(order: list[list[str]], slots: dict[str, Slot], links: dict[str, list[str]], *, rounds: int = 40) -> dict[str, float]:
    """Centre heights: each slot pulled towards the mean height of its neighbours,
    keeping the order and the minimum gaps within its column; topmost edge at 0."""
    y: dict[str, float] = {}
    spans = [sum(_gap(slots[a], slots[b]) for a, b in zip(c, c[1:])) for c in order]
    for column, span in zip(order, spans):
        top = (max(spans) - span) / 2
        for key, offset in zip(column, _offsets(column, slots)):
            y[key] = top + offset
    for sweep in range(rounds):
        for column in order if sweep % 2 == 0 else order[::-1]:
            pulls = [_pull(key, y, slots, links) for key in column]
            y.update(zip(column, _fit(pulls, _offsets(column, slots))))
    top = min(y[k] - slots[k].height / 2 for k in y)
    return {k: v - top for k, v in y.items()}


def _pull(key: str, y: dict[str, float], slots: dict[str, Slot], links: dict[str, list[str]]) -> Point:
    """Where a slot's neighbours pull it, and how hard: links between two pieces of
    one long edge pull hardest, so long edges run straight (Gansner et al.'s weights)."""
    if not links[key]:
        return y[key], 1.0
    weights = [1.0 + (slots[key].node is None) + (slots[k].node is None) + 4.0 * (slots[key].node is None and slots[k].node is None) for k in links[key]]
    total = sum(weights)
    return sum(w * y[k] for w, k in zip(weights, links[key])) / total, total


def _offsets(column: list[str], slots: dict[str, Slot]) -> list[float]:
    offsets = [0.0]
    for a, b in zip(column, column[1:]):
        offsets.append(offsets[-1] + _gap(slots[a], slots[b]))
    return offsets


def _fit(pulls: list[Point], offsets: list[float]) -> list[float]:
    """The heights closest (weighted least squares) to the ``pulls`` (target, weight)
    that keep y[i+1] - y[i] >= offsets[i+1] - offsets[i]: pool-adjacent-violators on y - offset."""
    blocks: list[tuple[float, float, int]] = []  # (mean, weight, size)
    for (target, weight), offset in zip(pulls, offsets):
        mean, size = target - offset, 1
        while blocks and blocks[-1][0] > mean:
            previous, total, count = blocks.pop()
            mean = (previous * total + mean * weight) / (total + weight)
            weight, size = total + weight, count + size
        blocks.append((mean, weight, size))
    values = [mean for mean, _, size in blocks for _ in range(size)]
    return [value + offset for value, offset in zip(values, offsets)]


def _bounds(order: list[list[str]], slots: dict[str, Slot], y: dict[str, float], links: dict[str, list[str]]) -> tuple[Point, ...]:
    """Left and right edge of every column; gaps widen where edges climb far."""
    bounds: list[Point] = []
    x = 0.0
    for c, column in enumerate(order):
        if c:
            climb = max((abs(y[a] - y[b]) for a in order[c - 1] for b in links[a] if b in column), default=0.0)
            x += min(MAX_COLUMN_GAP, max(MIN_COLUMN_GAP, 0.22 * climb))
        width = max((slots[k].width for k in column), default=0.0)
        bounds.append((x, x + width))
        x += width
    return tuple(bounds)

