"""The graph overview image (graph.png, graph.svg): the picture users look at first.

It is read left to right in layers: people | organisations | units | goals and
financial figures | deadlines.  Goals, figures and deadlines are nodes; posts,
unit links, "stated" and cited sources are labelled edges.  Mentions, evidence,
merges and the ontology are not drawn; places are listed in a footnote.

The layout is a small layered (Sugiyama-style) drawing: an edge that skips
layers runs through dummy slots in the columns between, and every edge label
is such a slot in the gap column before the edge's right end, so labels take
part in spacing and never overlap nodes or each other.  Column orders come from
barycentre sweeps, heights from a least-squares fit with minimum separations.
Everything is sorted and the renderers are told not to stamp dates or hashes
that vary, so the same graph gives the same bytes.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import matplotlib
import networkx as nx
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, FancyArrowPatch, FancyBboxPatch, Patch, Polygon, Rectangle
from matplotlib.path import Path as CurvePath
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF, RDFS, SDO
from rdflib.term import Node as Term

from kg.export import atomic_write
from kg.vocab import KG

DPI = 150
MAX_NODES = 60  # more than this and the picture becomes a hairball
MAX_FACTS_PER_ENTITY = 8  # goals and figures kept per entity when trimming
WRAP = 22  # characters per label line

# sizes in inches (one data unit of the drawing is one inch)
MARGIN, PAD_X, PAD_Y = 0.35, 0.1, 0.07
NODE_GAP, DUMMY_GAP, DUMMY_H = 0.24, 0.07, 0.05
MIN_COLUMN_GAP, MAX_COLUMN_GAP = 0.3, 0.9
LABEL_SIZE, NOTE_SIZE, TITLE_SIZE = 9.0, 9.0, 14.0


@dataclass(frozen=True, slots=True)
class NodeStyle:
    """How one kind of node is drawn, and in which layer."""

    layer: int
    shape: str
    face: str
    line: str
    legend: str
    text: str = "#1a1a1a"
    size: float = 10.0
    weight: str = "normal"


@dataclass(frozen=True, slots=True)
class EdgeStyle:
    colour: str
    dash: str = "solid"


NODE_STYLES: dict[str, NodeStyle] = {
    "person": NodeStyle(0, "ellipse", "#dbe9f6", "#1f4e79", "person"),
    "organization": NodeStyle(1, "rect", "#fde2c4", "#b35900", "organisation", weight="bold"),
    "unit": NodeStyle(2, "round", "#fff3dc", "#c98a1b", "unit"),
    "goal": NodeStyle(3, "flag", "#dcefd9", "#2e7d32", "goal"),
    "figure": NodeStyle(3, "chamfer", "#f1e6f6", "#6a1b9a", "financial figure", size=9.5),
    "deadline": NodeStyle(4, "hexagon", "#c62828", "#8e0000", "deadline", text="white", weight="bold"),
}
EDGE_STYLES: dict[str, EdgeStyle] = {
    "role": EdgeStyle("#1f4e79"),
    "unit": EdgeStyle("#a0701c"),
    "goal": EdgeStyle("#2e7d32"),
    "stated": EdgeStyle("#1565c0", "dashed"),
    "by": EdgeStyle("#c62828"),
    "figure": EdgeStyle("#6a1b9a"),
    "source": EdgeStyle("#8a8a8a", "dotted"),
}
ENTITY_CLASSES: tuple[tuple[URIRef, str], ...] = (
    (ORG.OrganizationalUnit, "unit"),  # a unit is also an organisation: the narrower class wins
    (SDO.Person, "person"),
    (SDO.Organization, "organization"),
)
ENTITY_KINDS = frozenset(kind for _, kind in ENTITY_CLASSES)
RELATION_LABELS = {"division": "unit of", "subsidiary": "subsidiary of", "owned": "owned by"}
MOVETO, LINETO, CURVE4 = int(CurvePath.MOVETO), int(CurvePath.LINETO), int(CurvePath.CURVE4)
SCALES = ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"))


@dataclass(frozen=True, slots=True)
class Node:
    key: str
    kind: str
    label: str
    owner: str | None = None  # the entity a goal or figure belongs to


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    kind: str
    label: str


@dataclass(frozen=True, slots=True)
class Scene:
    """What the overview shows: nodes and edges in a fixed order, a title and footnotes."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    title: str
    subtitle: str
    notes: tuple[str, ...]


def write_overview(graph: Graph, out: Path) -> list[Path]:
    """Write ``out/graph.png`` and ``out/graph.svg``, the same overview of ``graph``,
    byte-identical for the same graph; returns both paths."""
    png, svg = render(scene(graph))
    paths = [out / "graph.png", out / "graph.svg"]
    atomic_write(paths[0], png)
    atomic_write(paths[1], svg)
    return paths


# --- what to draw ----------------------------------------------------------------------


def scene(graph: Graph, *, limit: int = MAX_NODES) -> Scene:
    """The entities with facts, their goals, figures and deadlines (at most ``limit``
    nodes, the most central entities first) and the edges among them."""
    entities = _entities(graph)
    nodes, edges = _merge(entities, _facts(graph, set(entities)))
    linked = {key for edge in edges for key in (edge.source, edge.target)}
    kept = linked if len(linked) <= limit else _trim(nodes, edges, linked, limit)
    shown = tuple(n for n in nodes.values() if n.key in kept)
    drawn = tuple(e for e in edges if e.source in kept and e.target in kept)
    total = sum(1 for key in linked if nodes[key].kind in ENTITY_KINDS)
    return Scene(shown, drawn, _title(shown, total), _subtitle(shown), _notes(graph, entities, linked))


def _entities(graph: Graph) -> dict[str, Node]:
    entities: dict[str, Node] = {}
    for cls, kind in ENTITY_CLASSES:
        for subject in _typed(graph, cls):
            entities.setdefault(str(subject), Node(str(subject), kind, _label(graph, subject)))
    return entities


def _typed(graph: Graph, cls: URIRef) -> list[Term]:
    return sorted(graph.subjects(RDF.type, cls), key=str)


def _one(graph: Graph, subject: Term, predicate: URIRef) -> Term | None:
    """The value of ``predicate`` (the least, if the graph states several)."""
    return min(graph.objects(subject, predicate), key=str, default=None)


def _text(term: Term | None) -> str:
    return str(term).strip() if term is not None else ""


def _label(graph: Graph, subject: Term) -> str:
    label = _text(_one(graph, subject, RDFS.label))
    return label or str(subject).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _facts(graph: Graph, entities: set[str]) -> Iterator[Node | Edge]:
    for reader in (_memberships, _units, _goals, _figures, _sources):
        yield from reader(graph, entities)


def _merge(entities: dict[str, Node], items: Iterable[Node | Edge]) -> tuple[dict[str, Node], list[Edge]]:
    """Nodes by key (entities first) and one edge per (source, target, kind), its labels joined."""
    nodes = dict(sorted(entities.items()))
    labels: dict[tuple[str, str, str], set[str]] = {}
    for item in items:
        if isinstance(item, Node):
            nodes.setdefault(item.key, item)
        else:
            labels.setdefault((item.source, item.target, item.kind), set()).add(item.label)
    edges = [Edge(s, t, k, ", ".join(sorted(x for x in labels[s, t, k] if x))) for s, t, k in sorted(labels)]
    return nodes, edges


def _memberships(graph: Graph, entities: set[str]) -> Iterator[Edge]:
    for fact in _typed(graph, ORG.Membership):
        person, org, role = (_one(graph, fact, p) for p in (ORG.member, ORG.organization, ORG.role))
        if str(person) in entities and str(org) in entities:
            label = (_label(graph, role) if role is not None else "") or _text(_one(graph, fact, KG.roleText))
            yield Edge(str(person), str(org), "role", label or "member")


def _units(graph: Graph, entities: set[str]) -> Iterator[Edge]:
    for fact in _typed(graph, KG.UnitRelation):
        unit, parent = _one(graph, fact, KG.unit), _one(graph, fact, KG.parentOrganization)
        kind = _text(_one(graph, fact, KG.relationKind))
        if str(unit) in entities and str(parent) in entities and unit != parent:
            yield Edge(str(unit), str(parent), "unit", RELATION_LABELS.get(kind, "unit of"))
    for predicate, label in ((ORG.unitOf, "unit of"), (ORG.subOrganizationOf, "subsidiary of")):
        for unit, parent in sorted(graph.subject_objects(predicate), key=lambda pair: (str(pair[0]), str(pair[1]))):
            if str(unit) in entities and str(parent) in entities and unit != parent:
                yield Edge(str(unit), str(parent), "unit", label)


def _goals(graph: Graph, entities: set[str]) -> Iterator[Node | Edge]:
    for fact in _typed(graph, KG.Goal):
        holder, by, deadline = (_one(graph, fact, p) for p in (KG.holder, KG.statedBy, KG.deadline))
        if str(holder) not in entities:
            continue
        yield Node(str(fact), "goal", _goal_label(graph, fact), owner=str(holder))
        yield Edge(str(holder), str(fact), "goal", "goal")
        if by is not None and str(by) in entities and by != holder:
            yield Edge(str(by), str(fact), "stated", "stated")
        if deadline is not None and _text(deadline):
            yield Node(f"deadline:{_text(deadline)}", "deadline", _text(deadline))
            yield Edge(str(fact), f"deadline:{_text(deadline)}", "by", "by")


def _goal_label(graph: Graph, fact: Term) -> str:
    """Action, target and scope in reading order: "serve 2B customers worldwide"."""
    quantity = _decimal(_one(graph, fact, KG.targetQuantity))
    unit = _text(_one(graph, fact, KG.unitOfMeasure))
    target = _amount(quantity, unit, change=False) if quantity is not None else ""
    action, obj, scope = (_text(_one(graph, fact, p)) for p in (KG.action, KG.targetObject, KG.scope))
    return " ".join(part for part in (action, target, obj, scope) if part) or "goal"


def _figures(graph: Graph, entities: set[str]) -> Iterator[Node | Edge]:
    for fact in _typed(graph, KG.FinancialFigure):
        subject = _one(graph, fact, KG.figureOf)
        if str(subject) in entities:
            yield Node(str(fact), "figure", _figure_label(graph, fact), owner=str(subject))
            yield Edge(str(subject), str(fact), "figure", "")


def _figure_label(graph: Graph, fact: Term) -> str:
    """Metric as written and the compact value, the period on its own line:
    "loss 23.49M USD\\n(a year earlier)"."""
    metric = _one(graph, fact, KG.metric)
    name = _text(_one(graph, fact, KG.metricText)) or (_label(graph, metric) if metric is not None else "figure")
    value = _decimal(_one(graph, fact, SDO.value))
    change = _text(_one(graph, fact, KG.isChange)).lower() in {"true", "1"}
    amount = _amount(value, _text(_one(graph, fact, KG.unitOfMeasure)), change=change) if value is not None else ""
    period = _text(_one(graph, fact, KG.period))
    period = period[4:] if period.lower().startswith("the ") else period
    return f"{name} {amount}".strip() + (f"\n({period})" if period else "")


def _decimal(term: Term | None) -> Decimal | None:
    if not isinstance(term, Literal):
        return None
    try:
        value = Decimal(str(term))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _amount(value: Decimal, unit: str, *, change: bool) -> str:
    """A value as people write it in headlines: "+90%", "825M USD", "2B", "-1.5B EUR"."""
    sign = "\u2212" if value < 0 else ("+" if change and value > 0 else "")
    number = _compact(abs(value))
    if unit == "percent":
        return f"{sign}{number}%"
    return f"{sign}{number}" + (f" {unit}" if unit and unit != "count" else "")


def _compact(value: Decimal) -> str:
    for size, suffix in SCALES:
        if value >= size:
            return _plain(value / size) + suffix
    return _plain(value) if value < 1000 else f"{value:,.0f}"


def _plain(value: Decimal) -> str:
    return format(value, ".2f").rstrip("0").rstrip(".")


def _sources(graph: Graph, entities: set[str]) -> Iterator[Edge]:
    for fact in _typed(graph, KG.Statement):
        speaker, source = _one(graph, fact, KG.speaker), _one(graph, fact, KG.citedSource)
        if str(speaker) in entities and str(source) in entities and speaker != source:
            yield Edge(str(source), str(speaker), "source", "source")


# --- keeping large graphs readable -----------------------------------------------------


def _trim(nodes: dict[str, Node], edges: list[Edge], linked: set[str], limit: int) -> set[str]:
    """At most ``limit`` of the ``linked`` nodes.  Entities are taken most central
    first (PageRank over entity-to-entity links, jumping more often to entities with
    more goals and figures; ties broken by label), each with
    up to MAX_FACTS_PER_ENTITY goals and figures (and their deadlines) and as many
    of its linked entities; an entity whose share does not fit is left out, and
    none is drawn without an edge."""
    entity = {key for key in linked if nodes[key].kind in ENTITY_KINDS}
    owner = {key: node.owner or key for key, node in nodes.items()}
    kinds = list(NODE_STYLES)
    facts_of: dict[str, list[str]] = {}
    for key in sorted(linked - entity, key=lambda k: (kinds.index(nodes[k].kind), nodes[k].label, k)):
        if nodes[key].owner is not None:
            facts_of.setdefault(nodes[key].owner or "", []).append(key)
    links = _entity_links(edges, owner, entity)
    rank = _pagerank(links, {key: 1.0 + len(facts_of.get(key, [])) for key in entity})
    central = sorted(entity, key=lambda k: (-rank[k], nodes[k].label, k))
    place = {key: i for i, key in enumerate(central)}
    deadlines_of: dict[str, list[str]] = {}
    for edge in edges:
        if edge.kind == "by":
            deadlines_of.setdefault(edge.source, []).append(edge.target)
    kept: set[str] = set()
    for key in central:
        facts = facts_of.get(key, [])[:MAX_FACTS_PER_ENTITY]
        partners = sorted(links[key], key=place.__getitem__)[:MAX_FACTS_PER_ENTITY]
        new = {key, *facts, *(d for f in facts for d in deadlines_of.get(f, [])), *partners} - kept
        if len(kept) + len(new) <= limit:
            kept |= new
    # a partner reached through a goal that did not fit would stand alone
    drawn = {key for e in edges if e.source in kept and e.target in kept for key in (e.source, e.target)}
    return kept & drawn


def _entity_links(edges: list[Edge], owner: dict[str, str], entity: set[str]) -> nx.Graph:
    """Entities as nodes, linked when a fact joins them (a "stated" edge to a goal
    links the speaker with the goal's holder)."""
    links = nx.Graph()
    links.add_nodes_from(sorted(entity))
    for edge in edges:
        a, b = owner[edge.source], owner[edge.target]
        if a != b and a in entity and b in entity:
            links.add_edge(a, b)
    return links


def _pagerank(links: nx.Graph, weight: dict[str, float], *, alpha: float = 0.85, rounds: int = 100) -> dict[str, float]:
    """Personalised PageRank of the nodes of ``links``: random jumps land on a node in
    proportion to its ``weight``.  Power iteration in sorted order, rounded so that
    equal ranks compare equal.  (``nx.pagerank`` needs scipy, which kg does not
    depend on.)"""
    order = sorted(links)
    neighbours = {v: sorted(links[v]) for v in order}
    total = sum(weight[v] for v in order)
    jump = {v: weight[v] / total for v in order}
    rank = dict(jump)
    for _ in range(rounds):
        dangling = sum(rank[v] for v in order if not neighbours[v])
        new = {v: (1 - alpha + alpha * dangling) * jump[v] for v in order}
        for v in order:
            for w in neighbours[v]:
                new[w] += alpha * rank[v] / len(neighbours[v])
        rank = new
    return {v: round(r, 9) for v, r in rank.items()}


def _title(shown: tuple[Node, ...], total: int) -> str:
    entities = sum(1 for n in shown if n.kind in ENTITY_KINDS)
    if entities >= total:
        return "Knowledge graph overview"
    return f"Knowledge graph overview: {entities} of {total} entities, the most central ({total - entities} omitted)"


def _subtitle(shown: tuple[Node, ...]) -> str:
    counts = [(sum(1 for n in shown if n.kind == kind), style.legend) for kind, style in NODE_STYLES.items()]
    return " \u00b7 ".join(f"{n} {_plural(name, n)}" for n, name in counts if n)


def _plural(name: str, n: int) -> str:
    if n == 1:
        return name
    return "people" if name == "person" else name + "s"


def _notes(graph: Graph, entities: dict[str, Node], linked: set[str]) -> tuple[str, ...]:
    """Footnotes naming what is mentioned but not drawn: places, and entities with no facts."""
    places = sorted({_label(graph, p) for p in _typed(graph, SDO.Place)})
    idle = sorted({n.label for n in entities.values() if n.key not in linked})
    notes = (_listing("Places mentioned", places), _listing("Also mentioned, without facts", idle))
    return tuple(note for note in notes if note)


def _listing(prefix: str, names: list[str], *, most: int = 15) -> str:
    if not names:
        return ""
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return f"{prefix}: {', '.join(names[:most])}{more}"


# --- layout ----------------------------------------------------------------------------

Measure = Callable[[str, float, str], tuple[float, float]]
Point = tuple[float, float]


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
        return self.columns[-1][1]

    @property
    def height(self) -> float:
        return max(self.y[k] + s.height / 2 for k, s in self.slots.items())

    def centre(self, key: str) -> Point:
        left, right = self.columns[self.slots[key].column]
        return (left + right) / 2, self.y[key]


def layout(scene: Scene, measure: Measure) -> Layout:
    """Columns by layer (nodes in even columns, edge labels in the odd ones between),
    orders that cross few edges, and heights that keep edges short and level."""
    layers = sorted({NODE_STYLES[n.kind].layer for n in scene.nodes})
    column = {n.key: 2 * layers.index(NODE_STYLES[n.kind].layer) for n in scene.nodes}
    kinds = list(NODE_STYLES)
    ordered = sorted(scene.nodes, key=lambda n: (kinds.index(n.kind), n.label.lower(), n.key))
    slots = {n.key: _node_slot(n, column[n.key], measure) for n in ordered}
    routes = []
    for index, edge in enumerate(scene.edges):
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


def _wrap(label: str) -> str:
    """Lines of at most WRAP characters, at most four of them per line of ``label``."""
    lines = (textwrap.shorten(line, 4 * WRAP, placeholder=" \u2026") for line in label.splitlines())
    return "\n".join(textwrap.fill(line, WRAP, break_on_hyphens=False) for line in lines)


def _node_slot(node: Node, column: int, measure: Measure) -> Slot:
    style = NODE_STYLES[node.kind]
    text = _wrap(node.label)
    width, height = _outer(style.shape, *measure(text, style.size, style.weight))
    return Slot(node.key, column, width, height, text, node, (list(NODE_STYLES).index(node.kind), node.label.lower()))


def _outer(shape: str, text_width: float, text_height: float) -> Point:
    """The size of a node's shape around its text."""
    width, height = text_width + 2 * PAD_X, text_height + 2 * PAD_Y
    if shape == "ellipse":  # the ellipse through the corners of the text box, padded
        return text_width * 1.42 + 0.12, text_height * 1.42 + 0.1
    if shape == "flag":
        return width + _point(height), height
    if shape == "hexagon":
        return width + 2 * _point(height), height
    return width, height


def _point(height: float) -> float:
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
        figure.savefig(png, format="png", dpi=DPI, metadata={"Software": None})
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
        _draw_graph(ax, placed, origin)
    else:
        ax.text(width / 2, top + content[1] / 2, "no facts", fontsize=13, ha="center", va="center", color="#777777")
    _draw_legend(ax, kinds, (MARGIN, legend_y), measure)
    y = legend_y + (0.3 if kinds else 0.0)
    for note in notes:
        ax.text(MARGIN, y, note, fontsize=NOTE_SIZE, va="top", color="#555555")
        y += measure(note, NOTE_SIZE, "normal")[1] + 0.08


def _draw_graph(ax: Axes, placed: Layout, origin: Point) -> None:
    """Edges under nodes, edge labels on white over their edges."""
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
            _draw_node(ax, slot.node, slot, (x + ox, y + oy))
        elif slot.text:
            box = {"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"}
            ax.text(x + ox, y + oy, slot.text, fontsize=LABEL_SIZE, ha="center", va="center", color=colour[key], bbox=box, zorder=5)


def _draw_node(ax: Axes, node: Node, slot: Slot, centre: Point) -> None:
    style = NODE_STYLES[node.kind]
    ax.add_patch(_shape(style, centre, slot.width, slot.height))
    shift = -_point(slot.height) / 2 if style.shape == "flag" else 0.0
    ax.text(centre[0] + shift, centre[1], slot.text, fontsize=style.size, fontweight=style.weight, color=style.text,
            ha="center", va="center", multialignment="center", zorder=4)


def _shape(style: NodeStyle, centre: Point, width: float, height: float) -> Patch:
    """The node's outline: ellipse, box, rounded box, flag, cut-corner box or hexagon."""
    x, y = centre
    left, right, top, bottom = x - width / 2, x + width / 2, y - height / 2, y + height / 2
    p, c = _point(height), 0.07
    if style.shape == "ellipse":
        return _look(Ellipse(centre, width, height), style)
    if style.shape == "rect":
        return _look(Rectangle((left, top), width, height), style)
    if style.shape == "round":
        return _look(FancyBboxPatch((left, top), width, height, boxstyle="round,pad=0,rounding_size=0.1"), style)
    corners = {
        "flag": [(left, top), (right - p, top), (right, y), (right - p, bottom), (left, bottom)],
        "hexagon": [(left, y), (left + p, top), (right - p, top), (right, y), (right - p, bottom), (left + p, bottom)],
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
