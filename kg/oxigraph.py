"""pyoxigraph, the fast path for large graphs: writing Turtle and answering SPARQL.

rdflib stays the graph the pipeline builds (and what SHACL validation reads);
pyoxigraph, an embedded RDF store written in Rust, writes that graph's Turtle
about ten times faster than rdflib's serializer and answers joins two orders
of magnitude faster.  A build writes a persistent store (``graph.oxigraph/``
beside ``graph.ttl``) when the graph is large; ``kg query`` uses it while it
still matches the Turtle file it was built from.

Terms cross from rdflib to pyoxigraph as sorted N-Triples lines, so the
Turtle written here lists subjects and predicates in one canonical order:
same graph, same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.serializers.nt import (
    _nt_row,  # the row writer of rdflib's N-Triples serializer
)

from kg import ordering
from kg.ordering import INTEGERS, XSD
from kg.vocab import PREFIXES

LARGE_GRAPH = 50_000  # triples: from here a build also writes the persistent store
LARGE_FILE = 4_000_000  # bytes of Turtle: from here kg query loads with pyoxigraph, not rdflib
STAMP = "kg-source.json"  # inside the store: which Turtle file (by SHA-256) it holds


def prefixes() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def ntriples(graph: Graph) -> list[bytes]:
    """The graph's triples as N-Triples lines, sorted (subject, predicate, object).

    Each line is what rdflib's N-Triples writer writes for the triple, made one at a
    time (the whole document at once would cost the graph's size again); the sort
    makes the order independent of how the graph was filled.  The graph holds no
    blank nodes, so the sorted lines are a canonical form of the graph."""
    return sorted({_nt_row(triple).encode("utf-8").rstrip(b"\n") for triple in graph})


LOAD_LINES = 50_000  # N-Triples lines parsed or loaded at a time: bounds the memory of a large graph


def _batches(lines: list[bytes]) -> Iterator[bytes]:
    """The lines as N-Triples documents of at most LOAD_LINES lines (pyoxigraph's bulk
    loader buffers a whole input: loaded at once, a large graph costs its size again)."""
    for start in range(0, len(lines), LOAD_LINES):
        yield b"\n".join(lines[start : start + LOAD_LINES]) + b"\n"


def _parsed(lines: list[bytes]) -> Iterator[ox.Triple]:
    for batch in _batches(lines):
        yield from ox.parse(batch, format=ox.RdfFormat.N_TRIPLES)


def _load(store: ox.Store, lines: list[bytes]) -> None:
    for batch in _batches(lines):
        store.bulk_load(batch, format=ox.RdfFormat.N_TRIPLES)


def turtle(lines: list[bytes]) -> bytes:
    """Turtle with the kg prefixes, subjects in sorted order, from sorted N-Triples lines."""
    data = ox.serialize(_parsed(lines), format=ox.RdfFormat.TURTLE, prefixes=prefixes())
    assert data is not None  # no output file given: the bytes are returned
    return data


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def store_path(graph_file: Path) -> Path:
    """Where the persistent store of ``graph.ttl`` lives: ``graph.oxigraph/`` beside it."""
    return graph_file.with_suffix(".oxigraph")


def write_store(lines: list[bytes], graph_file: Path) -> Path:
    """Build the persistent store of the graph whose Turtle is ``graph_file`` (already
    written), replacing any earlier store only once the new one is complete."""
    final = store_path(graph_file)
    building = final.with_name(f".{final.name}.building")
    old = final.with_name(f".{final.name}.old")
    for leftover in (building, old):
        shutil.rmtree(leftover, ignore_errors=True)
    store = ox.Store(str(building))
    _load(store, lines)
    store.optimize()
    store.flush()
    del store  # closes the database before it is moved
    stamp = {"graph": graph_file.name, "sha256": sha256_file(graph_file), "size": graph_file.stat().st_size}
    (building / STAMP).write_text(json.dumps(stamp, sort_keys=True) + "\n", encoding="utf-8")
    if final.exists():
        os.replace(final, old)
    os.replace(building, final)
    shutil.rmtree(old, ignore_errors=True)
    return final


def open_store(folder: Path) -> ox.Store:
    """A persistent store written by :func:`write_store`, opened read-only."""
    return ox.Store.read_only(str(folder))


def remove_store(graph_file: Path) -> None:
    """Drop a store that no longer matches the graph (the graph became small)."""
    shutil.rmtree(store_path(graph_file), ignore_errors=True)


def open_for(graph_file: Path) -> ox.Store | None:
    """A pyoxigraph store holding ``graph_file``: the persistent one built with it when
    it still matches the file, else the file loaded into memory when it is large;
    None for a small graph (rdflib answers those)."""
    return matching_store(graph_file) or (load(graph_file) if graph_file.stat().st_size >= LARGE_FILE else None)


def matching_store(graph_file: Path) -> ox.Store | None:
    """The persistent store built with ``graph_file``, opened read-only, if it still holds
    that file (same size and SHA-256 as when it was built); else None."""
    folder = store_path(graph_file)
    stamp_file = folder / STAMP
    if not stamp_file.is_file():
        return None
    try:
        stamp = json.loads(stamp_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stamp.get("size") == graph_file.stat().st_size and stamp.get("sha256") == sha256_file(graph_file):
        return open_store(folder)
    return None


def load(graph_file: Path) -> ox.Store:
    """An in-memory store with the Turtle file loaded."""
    store = ox.Store()
    store.bulk_load(path=str(graph_file), format=ox.RdfFormat.TURTLE)
    return store


def store_of(graph: Graph) -> ox.Store:
    """An in-memory store holding an rdflib graph (for tests and benchmarks)."""
    return memory_store(ntriples(graph))


def memory_store(lines: list[bytes]) -> ox.Store:
    """An in-memory store holding the graph of N-Triples ``lines``."""
    store = ox.Store()
    _load(store, lines)
    return store


def to_rdflib(term: Any) -> URIRef | Literal | BNode | None:
    """A pyoxigraph term as the rdflib term with the same meaning (an xsd:string
    literal as a plain one, as the build makes them)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == XSD + "string" else Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unexpected term {term!r}")


def python_value(term: Any) -> Any:
    """A pyoxigraph term as the plain value :func:`kg.store.python_value` gives for the same
    rdflib term: int, Decimal, bool and float for those datatypes, else the lexical form or IRI
    (without building rdflib terms, which would cost more than the query)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in INTEGERS:
                return int(term.value)
            if datatype == XSD + "decimal":
                return Decimal(term.value)
            if datatype == XSD + "boolean":
                return term.value in ("true", "1")
            if datatype in (XSD + "double", XSD + "float"):
                return float(term.value)
        except (ValueError, ArithmeticError):  # an ill-typed literal: rdflib keeps its text too
            return term.value
        return term.value
    return term.value


def solutions(store: ox.Store, text: str, *, on_disk: bool = False) -> tuple[str, list[str], Iterable[Any]]:
    """Run a read-only query: ("ASK", [], [answer]) or ("SELECT", columns, rows of plain values).

    On a store ``on_disk`` a query that ends with an ORDER BY of its own columns runs
    without it, and its rows are sorted in Python on the terms read (:mod:`kg.ordering`):
    the same order, without the RocksDB look-ups the store makes on every comparison of
    two strings or IRIs.  An in-memory store sorts faster itself.  The caller has already
    parsed the query (rdflib) and refused updates and SERVICE."""
    if on_disk and (sorted_here := _sorted_in_python(store, text)) is not None:
        columns, rows = sorted_here
        return "SELECT", columns, ([python_value(term) for term in row] for row in rows)
    result = store.query(text, prefixes=prefixes())
    if isinstance(result, bool):
        return "ASK", [], [result]
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        return "SELECT", columns, ([python_value(row[i]) for i in range(len(columns))] for row in result)
    return "GRAPH", [], []


def _sorted_in_python(store: ox.Store, text: str) -> tuple[list[str], list[list[Any]]] | None:
    """(columns, rows of terms) of a SELECT whose final ORDER BY is done here; None when the
    store has to sort (no such clause, a key that is not a column, a term without a known place)."""
    trailing = ordering.trailing_order(text)
    if trailing is None:
        return None
    result = store.query(trailing.unordered, prefixes=prefixes())
    if not isinstance(result, ox.QuerySolutions):
        return None
    columns = [v.value for v in result.variables]
    if not all(key.variable in columns for key in trailing.keys):
        return None
    terms = [[row[i] for i in range(len(columns))] for row in result]
    try:
        return columns, ordering.sort(terms, columns, trailing.keys)
    except ordering.Unordered:
        return None
