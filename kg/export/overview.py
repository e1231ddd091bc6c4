"""What the overview picture (graph.png, graph.svg) shows.

A small graph is drawn whole: people, organisations, units, their goals and
financial figures, deadlines, and places linked by a relation; posts, unit
links, relations, "stated" and cited sources are labelled edges.  Mentions,
evidence, statements and the ontology are not drawn; places without a link are
named in a footnote.

A large graph is drawn at the level of entities: the most central ones
(PageRank over the links facts make between entities), each with a count of its
goals and figures, and the rest of each group of linked entities (a Louvain
community) collapsed into one grey box linked to the central members it hangs
off.  The page stays about 1,900 pixels wide.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import networkx as nx

from kg.export.centrality import communities, pagerank, ranked
from kg.export.labels import shorten
from kg.export.projection import Edge, Node, Projection
from kg.export.styles import ENTITY_KINDS, NODE_STYLES, plural

MAX_NODES = 60  # a drawing with more nodes than this becomes a hairball
MAX_ENTITIES = 36  # entities drawn in the overview of a large graph
DRAWN_KINDS = frozenset({"person", "organization", "unit", "place", "goal", "figure"})
DRAWN_EDGES = frozenset({"role", "unit", "goal", "stated", "figure", "relation", "warning"})
FACT_KINDS = ("goal", "figure")


@dataclass(frozen=True, slots=True)
class Scene:
    """What one picture shows: nodes and edges in a fixed order, a title and footnotes."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    title: str
    subtitle: str
    notes: tuple[str, ...]
    focus: str | None = None  # the node the picture is about, drawn with a heavy outline


@dataclass(frozen=True, slots=True)
class Drawable:
    """Everything a picture could show: entities, goals, figures, deadlines, and the edges among them."""

    nodes: dict[str, Node]
    edges: tuple[Edge, ...]

    def linked(self) -> set[str]:
        return {key for edge in self.edges for key in (edge.source, edge.target)}

    def owner(self, key: str) -> str:
        return self.nodes[key].owner or key


def drawable(projection: Projection, *, doc: str | None = None) -> Drawable:
    """The drawable part of ``projection``; with ``doc``, only what that document states.

    Goals gain a deadline node ("by" edge) and a cited source an edge to the speaker
    who cited it ("source"): statements themselves are not drawn."""
    nodes = {k: n for k, n in projection.nodes.items() if n.kind in DRAWN_KINDS}
    kept = [e for e in projection.edges if doc is None or doc in e.docs]
    edges = [e for e in kept if e.kind in DRAWN_EDGES and e.source in nodes and e.target in nodes]
    for edge in list(edges):
        deadline = nodes[edge.target].prop("deadline") if edge.kind == "goal" else ""
        if deadline:
            key = f"deadline:{deadline}"
            nodes.setdefault(key, Node(key, "deadline", deadline))
            edges.append(Edge(edge.target, key, "by", "by", edge.evidence, edge.docs))
    speaker = {e.target: e.source for e in kept if e.kind == "said"}
    for edge in kept:
        who = speaker.get(edge.source)
        if edge.kind == "source" and who in nodes and edge.target in nodes and who != edge.target:
            edges.append(Edge(edge.target, who, "source", "source", edge.evidence, edge.docs))
    return Drawable(nodes, tuple(_merge(edges)))


def _merge(edges: Iterable[Edge]) -> list[Edge]:
    """One edge per (source, target, kind): labels joined, evidence and documents pooled."""
    pooled: dict[tuple[str, str, str], list[Edge]] = {}
    for edge in edges:
        pooled.setdefault((edge.source, edge.target, edge.kind), []).append(edge)
    merged = []
    for (source, target, kind), group in sorted(pooled.items()):
        labels = sorted({x for e in group for x in e.label.split(", ") if x})
        merged.append(Edge(source, target, kind, shorten(", ".join(labels), 48) if labels else "",
                           tuple(sorted({k for e in group for k in e.evidence})), tuple(sorted({d for e in group for d in e.docs}))))
    return merged


def overview(projection: Projection, *, limit: int = MAX_NODES, entities: int = MAX_ENTITIES) -> Scene:
    """The whole graph when it fits in ``limit`` nodes, else its ``entities`` most
    central entities with the rest of their groups collapsed."""
    drawn = drawable(projection)
    linked = drawn.linked()
    if len(linked) <= limit:
        notes = footnotes(projection, linked)
        shown = tuple(n for n in drawn.nodes.values() if n.key in linked)
        return Scene(shown, drawn.edges, "Knowledge graph overview", subtitle(shown), notes)
    places = sum(1 for n in projection.of_kind("place") if n.key not in linked)
    idle = sum(1 for n in projection.of_kind(*ENTITY_KINDS - {"place"}) if n.key not in linked)
    also = (f"Also in the graph: {places} places and {idle} other entities without facts drawn here.",) if places or idle else ()
    return _collapsed(drawn, linked, entities, also)


def footnotes(projection: Projection, linked: set[str], *, docs: set[str] | None = None) -> tuple[str, ...]:
    """Footnotes naming what is mentioned but not drawn: places, and entities with no facts."""
    def mentioned(node: Node) -> bool:
        return docs is None or bool(docs & set(node.docs))

    places = sorted({n.label for n in projection.of_kind("place") if n.key not in linked and mentioned(n)})
    idle = sorted({n.label for n in projection.of_kind(*ENTITY_KINDS - {"place"}) if n.key not in linked and mentioned(n)})
    found = (listing("Places mentioned", places), listing("Also mentioned, without facts", idle))
    return tuple(note for note in found if note)


def listing(prefix: str, names: list[str], *, most: int = 15) -> str:
    if not names:
        return ""
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return f"{prefix}: {', '.join(names[:most])}{more}"


def subtitle(shown: Iterable[Node]) -> str:
    counts: dict[str, int] = {}
    for node in shown:
        counts[node.kind] = counts.get(node.kind, 0) + 1
    return " \u00b7 ".join(f"{counts[kind]} {plural(kind, counts[kind])}" for kind in NODE_STYLES if counts.get(kind))


def entity_links(drawn: Drawable, keys: set[str]) -> nx.Graph:
    """The entities among ``keys`` as nodes, linked when a fact joins them (a "stated"
    edge to a goal links the speaker with the goal's holder)."""
    links = nx.Graph()
    links.add_nodes_from(sorted(k for k in keys if drawn.nodes[k].kind in ENTITY_KINDS))
    for edge in drawn.edges:
        a, b = drawn.owner(edge.source), drawn.owner(edge.target)
        if a != b and a in links and b in links:
            links.add_edge(a, b)
    return links


def centrality(drawn: Drawable, keys: set[str]) -> tuple[nx.Graph, dict[str, float]]:
    """Entity links and their PageRank, jumping more often to entities with more
    goals and figures and more articles mentioning them."""
    links = entity_links(drawn, keys)
    facts: dict[str, int] = {}
    for key in keys:
        if drawn.nodes[key].kind in FACT_KINDS:
            facts[drawn.owner(key)] = facts.get(drawn.owner(key), 0) + 1
    weight = {k: 1.0 + facts.get(k, 0) + len(drawn.nodes[k].docs) for k in links}
    return links, pagerank(links, weight)


def _collapsed(drawn: Drawable, linked: set[str], most: int, notes: tuple[str, ...]) -> Scene:
    links, rank = centrality(drawn, linked)
    labels = {k: drawn.nodes[k].label for k in links}
    order = ranked(rank, labels)
    place = {key: i for i, key in enumerate(order)}
    shown = set(order[:most])
    facts: dict[str, dict[str, int]] = {}
    for key in linked:
        if drawn.nodes[key].kind in FACT_KINDS:
            counts = facts.setdefault(drawn.owner(key), {})
            counts[drawn.nodes[key].kind] = counts.get(drawn.nodes[key].kind, 0) + 1
    nodes = {k: _summarised(drawn.nodes[k], facts.get(k, {})) for k in sorted(shown)}
    edges = _entity_edges(drawn, shown)
    hidden_groups = hidden = 0
    for index, members in enumerate(communities(links)):
        group = set(members)
        omitted = sorted((k for k in group if k not in shown), key=place.__getitem__)
        if not omitted:
            continue
        anchors = [k for k in order if k in group and k in shown][:1]  # the group's most central member
        if not anchors:
            hidden_groups, hidden = hidden_groups + 1, hidden + len(omitted)
            continue
        key = f"community:{index}"
        names = ", ".join(labels[k] for k in omitted[:3]) + (", \u2026" if len(omitted) > 3 else "")
        nodes[key] = Node(key, "community", f"+{len(omitted)} more: {names}")
        edges.append(Edge(anchors[0], key, "community", ""))
    total = len(links)
    kept = tuple(nodes.values())
    title = f"Knowledge graph overview: the {len(shown)} most central of {total} entities"
    sub = subtitle(n for n in kept if n.kind != "community") + " \u00b7 goals and figures counted, not drawn"
    extra = "Grey boxes collapse the rest of a group of linked entities."
    if hidden:
        extra += f" Not drawn: {hidden} entities in {hidden_groups} groups with no central member."
    return Scene(kept, tuple(_merge(edges)), title, sub, (extra, *notes))


def _summarised(node: Node, counts: dict[str, int]) -> Node:
    summary = " \u00b7 ".join(f"{counts[k]} {plural(k, counts[k]).replace('financial ', '')}" for k in FACT_KINDS if counts.get(k))
    if not summary:
        return node
    return replace(node, label=f"{node.label}\n{summary}")


def _entity_edges(drawn: Drawable, shown: set[str]) -> list[Edge]:
    """Edges between shown entities; a speaker's "stated" edge to a goal becomes one to the goal's holder."""
    edges = []
    for edge in drawn.edges:
        a, b = drawn.owner(edge.source), drawn.owner(edge.target)
        if a == b or a not in shown or b not in shown or edge.kind in ("goal", "figure", "by", "warning"):
            continue
        label = "stated goals" if edge.kind == "stated" else edge.label
        edges.append(Edge(a, b, edge.kind, label, edge.evidence, edge.docs))
    return edges
