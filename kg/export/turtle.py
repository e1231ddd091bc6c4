"""Canonical Turtle: same graph, same bytes; and the query store of a large graph."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg import oxigraph
from kg.export import atomic_write


def serialize(graph: Graph) -> bytes:
    """Turtle with subjects and predicates in sorted order.  pyoxigraph writes it from
    the graph's sorted N-Triples (rdflib's own Turtle writer is ten times slower);
    the graph holds no blank nodes, so the output is canonical."""
    return oxigraph.turtle(oxigraph.ntriples(graph))


def write(graph: Graph, path: Path, *, store: bool | None = None) -> list[Path]:
    """Write ``path`` and, for a large graph (or with ``store``), the persistent query
    store beside it (``graph.oxigraph/``, see :mod:`kg.oxigraph`).  A store left by an
    earlier, larger build is removed, so none is stale.  Returns the paths written."""
    return write_lines(oxigraph.ntriples(graph), path, store=store)


def write_lines(lines: list[bytes], path: Path, *, store: bool | None = None) -> list[Path]:
    """:func:`write` for a graph given as sorted N-Triples lines (:func:`kg.oxigraph.ntriples`)."""
    atomic_write(path, oxigraph.turtle(lines))
    if store is None:
        store = len(lines) >= oxigraph.LARGE_GRAPH
    if not store:
        oxigraph.remove_store(path)
        return [path]
    return [path, oxigraph.write_store(lines, path)]
