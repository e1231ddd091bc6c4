"""The build graph's store answers like rdflib's own, and pyshacl reports the same on it."""

from __future__ import annotations

import dataclasses
import itertools
import random

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD
from sample_corpus import corpus

from kg import graphstore, rdf
from kg.validate import validate
from kg.vocab import KG


def random_triples(seed: int, count: int = 400) -> list[tuple[URIRef, URIRef, URIRef | Literal]]:
    pick = random.Random(seed)
    nodes = [URIRef(f"urn:n{i}") for i in range(30)]
    predicates = [URIRef(f"urn:p{i}") for i in range(6)]
    values: list[URIRef | Literal] = [*nodes, Literal("a"), Literal("a", lang="en"), Literal("1", datatype=XSD.integer), Literal(1)]
    return [(pick.choice(nodes), pick.choice(predicates), pick.choice(values)) for _ in range(count)]


def both(triples: list[tuple[URIRef, URIRef, URIRef | Literal]], *, by_object: bool = True) -> tuple[Graph, Graph]:
    plain, indexed = Graph(), graphstore.new_graph(by_object=by_object)
    for triple in triples:
        plain.add(triple)
        indexed.add(triple)
    return plain, indexed


@pytest.mark.parametrize("by_object", [True, False])
def test_every_pattern_matches_what_rdflib_matches(by_object: bool) -> None:
    triples = random_triples(1)
    plain, indexed = both(triples, by_object=by_object)
    assert len(indexed) == len(plain) == len(set(triples)) < len(triples)  # duplicates are stored once
    probes = [*triples[:20], (URIRef("urn:none"), URIRef("urn:p0"), Literal("zzz"))]
    for s, p, o in probes:
        for mask in itertools.product((True, False), repeat=3):
            pattern = tuple(term if keep else None for term, keep in zip((s, p, o), mask))
            assert set(indexed.triples(pattern)) == set(plain.triples(pattern)), pattern  # type: ignore[arg-type]
            assert (pattern in indexed) == (pattern in plain)


@pytest.mark.parametrize("by_object", [True, False])
def test_removing_keeps_the_count_and_the_indexes(by_object: bool) -> None:
    triples = random_triples(2)
    plain, indexed = both(triples, by_object=by_object)
    s, p, _ = triples[0]
    for pattern in ((s, None, None), (None, p, None), (None, None, Literal("a"))):
        plain.remove(pattern)
        indexed.remove(pattern)
        assert len(indexed) == len(plain)
        assert set(indexed) == set(plain)
        assert set(indexed.subjects(None, Literal("a"))) == set(plain.subjects(None, Literal("a")))


def test_a_store_indexed_by_some_predicates_answers_from_the_subject_and_for_those() -> None:
    """``by_predicate`` (the views' share of a build graph) indexes only the predicates
    read with an unbound subject: patterns with the subject bound, or with one of those
    predicates, answer as rdflib does; other predicates are found from their subject only."""
    triples = random_triples(3)
    listed = frozenset({URIRef("urn:p0"), URIRef("urn:p1")})
    plain, _ = both(triples)
    lean = graphstore.new_graph(by_object=False, by_predicate=listed)
    for triple in triples:
        lean.add(triple)
    assert len(lean) == len(plain)
    for s, p, o in triples[:20]:
        for pattern in ((s, None, None), (s, p, None), (s, p, o), (None, URIRef("urn:p0"), None), (None, URIRef("urn:p1"), o)):
            assert set(lean.triples(pattern)) == set(plain.triples(pattern)), pattern
    assert not set(lean.triples((None, URIRef("urn:p2"), None)))  # not indexed by that predicate
    s, p, _ = next(t for t in triples if t[1] not in listed)
    for store in (plain, lean):
        store.remove((s, None, None))
    assert set(lean) == set(plain)
    assert set(lean.triples((None, URIRef("urn:p0"), None))) == set(plain.triples((None, URIRef("urn:p0"), None)))


def test_sparql_and_namespaces_work_on_it() -> None:
    graph = rdf.to_graph(corpus())
    assert isinstance(graph.store, graphstore.IndexedMemory)
    assert graph.namespace_manager.curie(KG.Goal) == "kg:Goal"
    plain = Graph()
    for triple in graph:
        plain.add(triple)
    query = "SELECT ?f ?e WHERE { ?f <http://www.w3.org/ns/prov#wasDerivedFrom> ?e } ORDER BY ?f ?e"
    assert list(graph.query(query)) == list(plain.query(query))


def copy_in_memory(graph: Graph) -> Graph:
    """The same triples and prefixes in a graph over rdflib's default store."""
    plain = Graph()
    for prefix, namespace in graph.namespaces():
        plain.bind(prefix, namespace, override=True, replace=True)
    for triple in graph:
        plain.add(triple)
    return plain


def report_of(graph: Graph) -> tuple[object, ...]:
    report = validate(graph)
    return (report.conforms, report.checked, tuple(dataclasses.astuple(v) for v in report.violations))


def test_pyshacl_reports_the_same_on_both_stores() -> None:
    graph = rdf.to_graph(corpus())
    graph.remove((None, PROV.wasDerivedFrom, None))  # every fact loses its evidence
    graph.remove((next(graph.subjects(RDF.type, KG.Evidence)), KG.text, None))
    expected = report_of(copy_in_memory(graph))
    assert expected[0] is False and len(expected[2]) > 5
    assert report_of(graph) == expected


def test_one_value_then_several_then_one_again() -> None:
    graph = graphstore.new_graph()
    s, p = URIRef("urn:s"), URIRef("urn:p")
    values = [Literal("a"), Literal("b"), URIRef("urn:o")]
    for value in values:
        graph.add((s, p, value))
        graph.add((s, p, value))
    assert len(graph) == 3 and set(graph.objects(s, p)) == set(values)
    for n, value in enumerate(values):
        graph.remove((s, p, value))
        assert set(graph.objects(s, p)) == set(values[n + 1 :])
        assert set(graph.subjects(None, value)) == set()
        assert len(graph) == 2 - n
    assert list(graph) == []


def test_a_triple_added_from_its_subject_is_found_only_from_it() -> None:
    graph = graphstore.new_graph()
    store = graph.store
    assert isinstance(store, graphstore.IndexedMemory)
    node, cls = URIRef("urn:n"), URIRef("urn:C")
    store.add_from_subject((node, RDF.type, cls))
    assert list(graph.objects(node, RDF.type)) == [cls]
    assert (node, RDF.type, cls) in graph
    assert list(graph.subjects(RDF.type, cls)) == []  # not an instance a class target would find
    assert len(graph) == 0


def test_removing_every_triple_empties_every_index() -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    from kg import graphstore

    graph = graphstore.new_graph()
    a, b = URIRef("https://example.org/a"), URIRef("https://example.org/b")
    graph.add((a, RDF.type, b))
    graph.add((a, RDFS.label, Literal("A")))
    graph.remove((None, None, None))
    assert len(graph) == 0 and not list(graph)
    assert not list(graph.subjects(RDF.type, b)) and not list(graph.subjects(None, Literal("A")))
    graph.add((b, RDFS.label, Literal("B")))  # still a working store
    assert list(graph) == [(b, RDFS.label, Literal("B"))]
