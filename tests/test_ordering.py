"""ORDER BY done in Python on pyoxigraph's terms: which clauses qualify, and the order they give."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg import ordering, oxigraph, store
from kg.ordering import Key

EX = "http://example.org/"


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY ?b ?a\n", (Key("b", False), Key("a", False))),
        ("SELECT ?a WHERE { ?a ?p ?b } ORDER BY DESC(?a) ASC(?b)", (Key("a", True), Key("b", False))),
        ("SELECT ?a WHERE { ?a ?p ?b } ORDER BY (?b)", (Key("b", False),)),
    ],
)
def test_a_final_order_by_of_variables_is_taken_out(text: str, keys: tuple[Key, ...]) -> None:
    found = ordering.trailing_order(text)
    assert found is not None
    assert found.keys == keys
    assert "ORDER" not in found.unordered and found.unordered.rstrip().endswith("}")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a LIMIT 3",  # the order decides which rows are kept
        "SELECT ?a WHERE { ?a ?p ?b } ORDER BY STR(?a)",  # an expression, not a variable
        "SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a + 1",
        "SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a } }",  # a subquery's
        "SELECT ?a WHERE { ?a ?p ?b }",
        "SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a\n# ORDER BY ?b",  # the last one is a comment
        "SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a # ascending",
    ],
)
def test_other_orders_are_left_to_the_engine(text: str) -> None:
    assert ordering.trailing_order(text) is None


def literal(value: str, datatype: str = "string") -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(ordering.XSD + datatype))


def test_terms_follow_sparql_order() -> None:
    terms = [
        literal("b"), literal("10", "integer"), ox.NamedNode(EX + "b"), None, literal("9.5", "decimal"),
        literal("a"), ox.BlankNode("x"), ox.NamedNode(EX + "a"), literal("1.0E1", "double"), literal("2005", "gYear"),
    ]
    ordered = ordering.sort([[t] for t in terms], ["v"], [Key("v", False)])
    values = [row[0] for row in ordered]
    assert values[:4] == [None, ox.BlankNode("x"), ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b")]
    numbers = [v for v in values if isinstance(v, ox.Literal) and v.datatype.value != ordering.XSD + "string"]
    assert [n.value for n in numbers if "Year" not in n.datatype.value] == ["9.5", "10", "1.0E1"]  # by value, not by text
    strings = [v.value for v in values if isinstance(v, ox.Literal) and v.datatype.value == ordering.XSD + "string"]
    assert strings == ["a", "b"]


def test_descending_keys_and_ties_keep_the_later_keys() -> None:
    rows = [[literal("x"), literal("1", "integer")], [literal("y"), literal("2", "integer")], [literal("x"), literal("3", "integer")]]
    ordered = ordering.sort(rows, ["s", "n"], [Key("s", True), Key("n", False)])
    assert [(r[0].value, r[1].value) for r in ordered] == [("y", "2"), ("x", "1"), ("x", "3")]


@pytest.mark.parametrize("term", [literal("NaN", "double"), literal("2005-01-01Z", "date"), literal("x", "hexBinary")])
def test_a_term_without_a_known_place_gives_up(term: ox.Literal) -> None:
    with pytest.raises(ordering.Unordered):
        ordering.sort([[term], [literal("1", "integer")]], ["v"], [Key("v", False)])


@pytest.fixture()
def graph() -> Graph:
    graph = Graph()
    for i, (name, size) in enumerate([("beta", "10"), ("alpha", "9.5"), ("gamma", "100"), ("delta", None)]):
        node = URIRef(f"{EX}n{i}")
        graph.add((node, URIRef(EX + "name"), Literal(name)))
        if size is not None:
            graph.add((node, URIRef(EX + "size"), Literal(size, datatype=XSD.decimal)))
    return graph


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?name ?size WHERE { ?n <http://example.org/name> ?name OPTIONAL { ?n <http://example.org/size> ?size } } ORDER BY ?size",
        "SELECT ?name ?size WHERE { ?n <http://example.org/name> ?name OPTIONAL { ?n <http://example.org/size> ?size } } ORDER BY DESC(?name)",
        # a key that is not a column: the store sorts
        "SELECT ?name WHERE { ?n <http://example.org/name> ?name ; <http://example.org/size> ?size } ORDER BY DESC(?size)",
    ],
)
def test_pyoxigraph_rows_come_in_rdflibs_order(graph: Graph, text: str) -> None:
    by_rdflib = store.select(graph, text).rows
    by_oxigraph = store.select_store(oxigraph.store_of(graph), text, on_disk=True).rows
    assert by_oxigraph == by_rdflib
    assert len(by_rdflib) >= 3


def test_sizes_sort_as_numbers(graph: Graph) -> None:
    text = "SELECT ?size WHERE { ?n <http://example.org/size> ?size } ORDER BY ?size"
    assert store.select_store(oxigraph.store_of(graph), text, on_disk=True).rows == [[Decimal("9.5")], [Decimal("10")], [Decimal("100")]]


def test_a_time_zone_leaves_the_sort_to_the_store() -> None:
    graph = Graph()
    for i, day in enumerate(["2005-01-02Z", "2005-01-01+05:00", "2004-12-31-02:00"]):
        graph.add((URIRef(f"{EX}d{i}"), URIRef(EX + "on"), Literal(day, datatype=XSD.date)))
    text = "SELECT ?day WHERE { ?d <http://example.org/on> ?day } ORDER BY ?day"
    found = oxigraph.store_of(graph)
    sorted_by_store = [[term["day"].value] for term in found.query(text)]
    assert store.select_store(found, text, on_disk=True).rows == sorted_by_store
    assert len(sorted_by_store) == 3
