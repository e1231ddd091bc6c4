"""The build graph's store: three plain dictionaries, no contexts, no events.

A build writes one graph, reads it (views, SHACL) and never needs named
graphs, quoted formulas or change events.  rdflib's default ``Memory`` store
keeps all three for every triple, which makes adding and matching triples
several times slower than plain subject/predicate/object dictionaries.
:func:`new_graph` is an ordinary :class:`rdflib.Graph` over such a store
(:class:`IndexedMemory`), so every rdflib API, SPARQL and pyshacl work on it
unchanged.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from typing import Any

from rdflib import Graph
from rdflib.plugins.stores.memory import SimpleMemory

# first term -> second term -> the third term, or a set of them when there are several
# (most subject/predicate pairs of a kg graph have one object: a one-element set would
# be most of the store's memory)
Index = dict[Any, dict[Any, Any]]


class IndexedMemory(SimpleMemory):
    """Triples indexed subject -> predicate -> objects, predicate -> object ->
    subjects and object -> subject -> predicates, with a running count (pyshacl
    asks for the data graph's size once per constraint it evaluates).

    The namespace bindings are ``SimpleMemory``'s.  The store holds one graph and
    answers every context with it; it says it is context and graph aware only so
    that pyshacl, which wraps the data graph's store in an rdflib Dataset, accepts
    it (pyshacl then reads through the graph itself)."""

    context_aware = True
    graph_aware = True

    def __init__(
        self, configuration: str | None = None, identifier: Any = None, *, by_object: bool = True, by_predicate: frozenset[Any] | None = None
    ) -> None:
        super().__init__(configuration, identifier)
        self._spo: Index = {}
        self._pos: Index = {}
        # predicate -> object -> subjects for these predicates only (None: all); a pattern
        # with its subject unbound and another predicate finds nothing
        self._by_predicate = by_predicate
        # object -> subject -> predicates; without it (``by_object`` False: a third less
        # memory) a pattern with only its object bound is read through every predicate
        self._osp: Index | None = {} if by_object else None
        self._count = 0

    def add(self, triple: Any, context: Any = None, quoted: bool = False) -> None:
        s, p, o = triple
        if _put(self._spo, s, p, o):
            if self._by_predicate is None or p in self._by_predicate:
                _put(self._pos, p, o, s)
            if self._osp is not None:
                _put(self._osp, o, s, p)
            self._count += 1

    def add_from_subject(self, triple: Any) -> None:
        """Add a triple that only a lookup from its subject finds (``triples((s, ...))``),
        not one by predicate or object, and that is not counted: a fact about a node
        another part of a graph describes, told to whoever reads that node (see
        :class:`kg.validate.Batch`)."""
        s, p, o = triple
        _put(self._spo, s, p, o)

    def remove(self, triple_pattern: Any, context: Any = None) -> None:
        if tuple(triple_pattern) == (None, None, None):  # every triple: the indexes start again
            self._spo, self._pos, self._osp = {}, {}, None if self._osp is None else {}
            self._count = 0
            return
        for (s, p, o), _ in list(self.triples(triple_pattern)):
            _drop(self._spo, s, p, o)
            if self._by_predicate is None or p in self._by_predicate:
                _drop(self._pos, p, o, s)
            if self._osp is not None:
                _drop(self._osp, o, s, p)
            self._count -= 1

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[tuple[Any, Iterator[Any]]]:
        """Every triple matching the pattern (None is a wildcard), read from the index
        that starts with a bound term."""
        s, p, o = triple_pattern
        none: Iterator[Any] = iter(())
        if s is not None:
            by_predicate = self._spo.get(s)
            if by_predicate is None:
                return
            for predicate in (list(by_predicate) if p is None else (p,)):
                objects = _terms(by_predicate.get(predicate))
                if o is None:
                    for obj in objects:
                        yield (s, predicate, obj), none
                elif o in objects:
                    yield (s, predicate, o), none
        elif p is not None:
            by_object = self._pos.get(p)
            if by_object is None:
                return
            for obj in (list(by_object) if o is None else (o,)):
                for subject in _terms(by_object.get(obj)):
                    yield (subject, p, obj), none
        elif o is not None and self._osp is not None:
            for subject, predicates in list(self._osp.get(o, {}).items()):
                for predicate in _terms(predicates):
                    yield (subject, predicate, o), none
        elif o is not None:
            for predicate, by_object in list(self._pos.items()):
                for subject in _terms(by_object.get(o)):
                    yield (subject, predicate, o), none
        else:
            for subject, by_predicate in list(self._spo.items()):
                for predicate, objects in list(by_predicate.items()):
                    for obj in _terms(objects):
                        yield (subject, predicate, obj), none

    def __len__(self, context: Any = None) -> int:
        return self._count

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        yield from ()

    def add_graph(self, graph: Any) -> None:
        pass

    def remove_graph(self, graph: Any) -> None:
        pass

    def values(self, subject: Any, predicate: Any) -> tuple[Any, ...] | list[Any]:
        """The objects of ``subject`` and ``predicate`` (one dictionary lookup)."""
        return _terms(self._spo.get(subject, {}).get(predicate))


def objects(graph: Graph, subject: Any, predicate: Any) -> tuple[Any, ...] | list[Any]:
    """``graph.objects(subject, predicate)`` as a sequence; read straight from the
    indexes when the graph is over an :class:`IndexedMemory` store."""
    store = graph.store
    if isinstance(store, IndexedMemory) and subject is not None and predicate is not None:
        return store.values(subject, predicate)
    return list(graph.objects(subject, predicate))


def _terms(value: Any) -> tuple[Any, ...] | list[Any]:
    """The third terms an index entry holds (a copy: callers may change the store as they go)."""
    if value is None:
        return ()
    return list(value) if type(value) is set else (value,)


def _put(index: Index, a: Any, b: Any, c: Any) -> bool:
    """Add ``c`` under ``index[a][b]``; False when it was there already."""
    inner = index.get(a)
    if inner is None:
        index[a] = {b: c}
        return True
    held = inner.get(b)
    if held is None:
        inner[b] = c
        return True
    if type(held) is set:
        if c in held:
            return False
        held.add(c)
        return True
    if held == c:
        return False
    inner[b] = {held, c}
    return True


def _drop(index: Index, a: Any, b: Any, c: Any) -> None:
    """Remove ``c`` from ``index[a][b]`` (it is there), and entries left empty."""
    inner = index[a]
    held = inner[b]
    if type(held) is set:
        held.discard(c)
        if len(held) == 1:
            inner[b] = next(iter(held))
        return
    del inner[b]
    if not inner:
        del index[a]


def new_graph(*, by_object: bool = True, by_predicate: frozenset[Any] | None = None) -> Graph:
    """An empty graph over an :class:`IndexedMemory` store (see there for ``by_object``
    and ``by_predicate``)."""
    return Graph(store=IndexedMemory(by_object=by_object, by_predicate=by_predicate))


def extend(graph: Graph, triples: Iterable[Any]) -> None:
    """Add ``triples`` (rdflib terms, already checked: another graph's) to ``graph``."""
    add = graph.store.add  # Graph.add would check each term's type again
    for triple in triples:
        add(triple, graph)
