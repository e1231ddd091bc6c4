"""Canonical Turtle: same graph, same bytes."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.export import atomic_write


def serialize(graph: Graph) -> bytes:
    """Turtle with subjects and predicates in sorted order (rdflib's serializer
    sorts them; the graph holds no blank nodes, so the output is canonical)."""
    return graph.serialize(format="turtle", encoding="utf-8")


def write(graph: Graph, path: Path) -> None:
    atomic_write(path, serialize(graph))
