"""graph.html: an interactive viewer in one self-contained file.

The page carries its own script and style (kg/export/viewer/: draw.js, panel.js,
viewer.css, written for kg; no CDN, nothing fetched), and the graph as JSON: every thing of the projection
(people, organisations, units, places, goals, figures, statements, articles)
with its properties, links and evidence sentences.  It opens from file://.

For a large graph the page starts with an overview, the most central entities
(the order here: PageRank over the links facts make, then each entity's facts,
then articles), and adds neighbours on demand, so a graph of thousands of
things stays responsive.  The JSON is written with sorted keys and a fixed
order, so the same graph gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from kg.export import atomic_write
from kg.export.centrality import pagerank, ranked
from kg.export.projection import Node, Projection, project
from kg.export.styles import EDGE_STYLES, ENTITY_KINDS, NODE_STYLES

VIEWER_KINDS = ("person", "organization", "unit", "place", "goal", "figure", "statement", "document")
HIDDEN_KINDS = ("document",)  # unticked in the class filter when the page opens
OVERVIEW = 80  # entities the page opens with, for a large graph
SMALL = 150  # a graph with at most this many things opens whole


def write(graph: Graph | Projection, path: Path, *, title: str = "Knowledge graph", pictures: dict[str, str] | None = None) -> Path:
    """Write the viewer for ``graph`` to ``path``; ``pictures`` maps a node's IRI to
    the relative path of its picture, which the page links to.  The page is written
    a piece at a time (:func:`pieces`), never held whole."""
    atomic_write(path, (piece.encode("utf-8") for piece in pieces(graph, title=title, pictures=pictures)))
    return path


def render(graph: Graph | Projection, *, title: str = "Knowledge graph", pictures: dict[str, str] | None = None) -> bytes:
    """The viewer page as bytes: the same graph, the same bytes."""
    return "".join(pieces(graph, title=title, pictures=pictures)).encode("utf-8")


def pieces(graph: Graph | Projection, *, title: str = "Knowledge graph", pictures: dict[str, str] | None = None) -> Iterator[str]:
    """The viewer page in consecutive pieces: the page up to its data, the JSON a
    record at a time, the rest of the page."""
    projection = graph if isinstance(graph, Projection) else project(graph)
    page = _asset("viewer.html")
    script = _asset("draw.js") + "\n" + _asset("panel.js")
    for name, value in (("STYLE", _asset("viewer.css")), ("SCRIPT", script), ("TITLE", _escape(title))):
        page = page.replace(f"/*{name}*/", value)
    head, _, tail = page.partition("/*DATA*/")
    yield head
    for chunk in _json(payload(projection, title=title, pictures=pictures or {})):
        # inside <script> only "</" could end the element early; "<" escaped as \u003c keeps the JSON intact
        yield chunk.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    yield tail


def _json(data: dict[str, Any]) -> Iterator[str]:
    """``data`` as compact JSON with sorted keys, in pieces: the same text as one
    ``json.dumps`` of it, each list written an item at a time."""
    yield "{"
    for n, key in enumerate(sorted(data)):
        value = data[key]
        yield ("," if n else "") + _dumps(key) + ":"
        if isinstance(value, list):
            yield "["
            for m, item in enumerate(value):
                yield ("," if m else "") + _dumps(item)
            yield "]"
        else:
            yield _dumps(value)
    yield "}"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _asset(name: str) -> str:
    return resources.files("kg.export").joinpath("viewer", name).read_text(encoding="utf-8")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def order(projection: Projection) -> list[str]:
    """Every node of the viewer, the most central entities first, then each entity's
    goals, figures and statements (following their owner), then articles."""
    entities = {k for k, n in projection.nodes.items() if n.kind in ENTITY_KINDS}
    owner = {k: (n.owner if n.owner in entities else k) for k, n in projection.nodes.items()}
    links = nx.Graph()
    links.add_nodes_from(sorted(entities))
    weight = {k: 1.0 + len(projection.nodes[k].docs) for k in entities}
    for edge in projection.edges:
        a, b = owner[edge.source], owner[edge.target]
        if a in entities and a != b and b in entities:
            links.add_edge(a, b)
        for end in {a, b} & entities:
            weight[end] += 1.0
    rank = pagerank(links, weight)
    position = {k: i for i, k in enumerate(ranked(rank, {k: projection.nodes[k].label for k in entities}))}
    kinds = list(VIEWER_KINDS)

    def key(node: Node) -> tuple[int, int, int, str, str]:
        if node.kind == "document":
            return (2, 0, 0, node.prop("id"), node.key)
        if node.kind in ENTITY_KINDS:
            return (0, position[node.key], 0, "", node.key)
        anchor = owner[node.key]
        return (1, position.get(anchor, len(position)), kinds.index(node.kind), node.label.lower(), node.key)

    return [n.key for n in sorted((n for n in projection.nodes.values() if n.kind in kinds), key=key)]


def payload(projection: Projection, *, title: str, pictures: dict[str, str]) -> dict[str, Any]:
    """The graph as the page reads it: nodes in :func:`order`, edges and evidence by index."""
    keys = order(projection)
    index = {k: i for i, k in enumerate(keys)}
    sentence_keys = sorted({s for k in keys for s in projection.nodes[k].evidence} | {s for e in projection.edges for s in e.evidence},
                           key=lambda s: (projection.sentences[s].doc, projection.sentences[s].start, projection.sentences[s].end, s))
    sentence = {k: i for i, k in enumerate(sentence_keys)}
    docs = sorted({projection.sentences[s].doc for s in sentence_keys} | {projection.nodes[k].prop("id") for k in keys if projection.nodes[k].kind == "document"})
    doc_index = {d: i for i, d in enumerate(docs)}
    titles = {n.prop("id"): n.prop("title") for n in projection.of_kind("document")}
    nodes = []
    for key in keys:
        node = projection.nodes[key]
        record: dict[str, Any] = {"id": key, "k": VIEWER_KINDS.index(node.kind), "l": node.label.replace("\n", " ")}
        if node.owner in index:
            record["o"] = index[node.owner]
        if node.props:
            record["p"] = [list(p) for p in node.props]
        if node.names:
            record["n"] = list(node.names)
        if node.evidence:
            record["e"] = [sentence[s] for s in node.evidence]
        if node.marks:
            record["m"] = [[sentence[s], start, end] for s, start, end in node.marks]
        if key in pictures:
            record["img"] = pictures[key]
        nodes.append(record)
    edges = [[index[e.source], index[e.target], list(EDGE_STYLES).index(e.kind), e.label, [sentence[s] for s in e.evidence]]
             for e in projection.edges if e.source in index and e.target in index]
    entities = [i for i, k in enumerate(keys) if projection.nodes[k].kind in ENTITY_KINDS]
    small = sum(1 for k in keys if projection.nodes[k].kind not in HIDDEN_KINDS) <= SMALL
    return {
        "title": title,
        "kinds": [_kind(kind) for kind in VIEWER_KINDS],
        "edgeKinds": [{"id": kind, "colour": style.colour, "dash": style.dash} for kind, style in EDGE_STYLES.items()],
        "docs": [[d, titles.get(d, "")] for d in docs],
        "sentences": [[doc_index[projection.sentences[s].doc], projection.sentences[s].start, projection.sentences[s].end, projection.sentences[s].text] for s in sentence_keys],
        "nodes": nodes,
        "edges": edges,
        "overview": list(range(len(keys))) if small else entities[:OVERVIEW],
    }


def _kind(kind: str) -> dict[str, Any]:
    style = NODE_STYLES[kind]
    return {"id": kind, "label": style.legend, "plural": style.plural, "shape": style.shape, "face": style.face,
            "line": style.line, "shown": kind not in HIDDEN_KINDS}
