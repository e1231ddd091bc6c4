"""Loading graphs and querying them: shipped queries, clear syntax errors, plain tables."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.plugins.sparql import prepareQuery

from kg import iri, store
from kg.vocab import KG, PREFIXES

SHIPPED = ("entities", "evidence", "figures", "goals", "roles", "statements", "units")
NS = {k: str(v) for k, v in PREFIXES.items()}
EX = "https://example.org/"


# --- shipped queries --------------------------------------------------------------


def test_shipped_queries_are_all_there() -> None:
    queries = store.shipped_queries()
    assert set(SHIPPED) <= set(queries)
    assert list(queries) == sorted(queries)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_query_parses(name: str) -> None:
    text = store.shipped_queries()[name]
    assert text.startswith("#"), "a shipped query starts with a comment saying what it answers"
    prepareQuery(text, initNs=NS)
    # and runs (on an empty graph) to a table
    result = store.table(store.run(Graph(), text))
    assert result.rows == []
    assert result.columns


# --- query_text -------------------------------------------------------------------


def test_query_text_by_name() -> None:
    assert store.query_text("roles") == store.shipped_queries()["roles"]


def test_query_text_from_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("SELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert store.query_text(str(path)) == "SELECT ?s WHERE { ?s ?p ?o }\n"


def test_query_text_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.rq"
    with pytest.raises(store.QueryError, match="no such query file"):
        store.query_text(str(missing))


@pytest.mark.parametrize("text", ["SELECT ?s WHERE { ?s ?p ?o }", "ASK{?s?p?o}", "DESCRIBE <https://example.org/x>"])
def test_query_text_raw_sparql_is_kept(text: str) -> None:
    assert store.query_text(text) == text


def test_query_text_unknown_name_lists_shipped() -> None:
    with pytest.raises(store.QueryError) as caught:
        store.query_text("rolez")
    message = str(caught.value)
    assert "rolez" in message
    for name in SHIPPED:
        assert name in message


# --- run ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("SELEKT * WHERE { ?s ?p ?o }", 1, 1),
        ("SELECT * WHERE { ?s ?p ?o ", 1, 27),
        ("PREFIX ex: <https://example.org/>\nSELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(?s = )\n}", 5, None),
    ],
)
def test_syntax_error_names_position_and_hint(text: str, line: int, column: int | None) -> None:
    with pytest.raises(store.QueryError) as caught:
        store.run(Graph(), text)
    message = str(caught.value)
    assert "line" in message and "column" in message
    assert f"line {line}," in message
    if column is not None:
        assert f"column {column}" in message
    assert "hint:" in message
    # the offending line is quoted, with a caret under the column
    quoted = text.splitlines()[line - 1]
    assert quoted.strip() in message
    assert "^" in message


def test_unknown_prefix_is_a_query_error() -> None:
    with pytest.raises(store.QueryError, match="foo"):
        store.run(Graph(), "SELECT * WHERE { ?s foo:bar ?o }")


def test_prefixes_are_predeclared_and_bindings_apply() -> None:
    graph = Graph()
    a, b = URIRef(EX + "a"), URIRef(EX + "b")
    graph.add((a, ns.RDFS.label, Literal("A")))
    graph.add((b, ns.RDFS.label, Literal("B")))
    result = store.table(store.run(graph, "SELECT ?label WHERE { ?s rdfs:label ?label }", s=b))
    assert result.rows == [["B"]]


def test_load(tmp_path: Path) -> None:
    graph = Graph()
    graph.add((URIRef(EX + "a"), ns.RDFS.label, Literal("A")))
    path = tmp_path / "g.ttl"
    graph.serialize(path, format="turtle")
    loaded = store.load(path)
    assert set(loaded) == set(graph)


# --- table -----------------------------------------------------------------------


def test_table_converts_values() -> None:
    graph = Graph()
    s = URIRef(EX + "s")
    graph.add((s, URIRef(EX + "decimal"), Literal("825000000.5", datatype=ns.XSD.decimal)))
    graph.add((s, URIRef(EX + "integer"), Literal(146, datatype=ns.XSD.nonNegativeInteger)))
    graph.add((s, URIRef(EX + "boolean"), Literal(True)))
    graph.add((s, URIRef(EX + "string"), Literal("Jack Ma")))
    graph.add((s, URIRef(EX + "lang"), Literal("Alibaba", lang="en")))
    graph.add((s, URIRef(EX + "date"), Literal(datetime.date(2019, 10, 1))))
    graph.add((s, URIRef(EX + "year"), Literal("2036", datatype=ns.XSD.gYear)))
    graph.add((s, URIRef(EX + "odd"), Literal("x", datatype=URIRef(EX + "type"))))
    graph.add((s, URIRef(EX + "iri"), URIRef(EX + "o")))
    query = f"""
        SELECT ?decimal ?integer ?boolean ?string ?lang ?date ?year ?odd ?iri ?missing WHERE {{
          ?s <{EX}decimal> ?decimal ; <{EX}integer> ?integer ; <{EX}boolean> ?boolean ;
             <{EX}string> ?string ; <{EX}lang> ?lang ; <{EX}date> ?date ; <{EX}year> ?year ;
             <{EX}odd> ?odd ; <{EX}iri> ?iri .
          OPTIONAL {{ ?s <{EX}missing> ?missing }}
        }}"""
    result = store.table(store.run(graph, query))
    assert result.columns == ["decimal", "integer", "boolean", "string", "lang", "date", "year", "odd", "iri", "missing"]
    [row] = result.rows
    values = dict(zip(result.columns, row))
    assert values["decimal"] == Decimal("825000000.5") and isinstance(values["decimal"], Decimal)
    assert values["integer"] == 146 and isinstance(values["integer"], int)
    assert values["boolean"] is True
    assert values["string"] == "Jack Ma"
    assert values["lang"] == "Alibaba"
    assert values["date"] == "2019-10-01"
    assert values["year"] == "2036"
    assert values["odd"] == "x"
    assert values["iri"] == EX + "o"
    assert values["missing"] is None
    for value in row:
        assert value is None or isinstance(value, (str, int, bool, Decimal))


@pytest.mark.parametrize(("query", "answer"), [("ASK { ?s ?p ?o }", True), ("ASK { ?s ?p 42 }", False)])
def test_ask_is_a_one_cell_table(query: str, answer: bool) -> None:
    graph = Graph()
    graph.add((URIRef(EX + "s"), ns.RDFS.label, Literal("x")))
    result = store.table(store.run(graph, query))
    assert result.columns == ["ask"]
    assert result.rows == [[answer]]


def test_construct_is_not_a_table() -> None:
    with pytest.raises(store.QueryError, match="SELECT"):
        store.table(store.run(Graph(), "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))


# --- a shipped query on a hand-built graph ------------------------------------------


def test_roles_query_on_a_hand_built_graph() -> None:
    graph = Graph()
    person = iri.entity("person", "Jack Ma")
    org = iri.entity("organization", "Alibaba")
    role = iri.role("chairman")
    doc = iri.document("alibaba-cloud-2036")
    evidence = iri.evidence("alibaba-cloud-2036", 146, 240)
    fact = iri.fact("role", "Jack Ma chairman Alibaba")
    sentence = "Jack Ma, currently chairman of the board of directors, says he has great goals for the future."
    graph.add((person, ns.RDFS.label, Literal("Jack Ma")))
    graph.add((org, ns.RDFS.label, Literal("Alibaba")))
    graph.add((role, ns.RDFS.label, Literal("chairman")))
    graph.add((doc, ns.SDO.identifier, Literal("alibaba-cloud-2036")))
    graph.add((fact, ns.RDF.type, ns.ORG.Membership))
    graph.add((fact, ns.ORG.member, person))
    graph.add((fact, ns.ORG.role, role))
    graph.add((fact, ns.ORG.organization, org))
    graph.add((fact, KG.roleText, Literal("chairman of the board of directors")))
    graph.add((fact, ns.PROV.wasDerivedFrom, evidence))
    graph.add((evidence, KG.document, doc))
    graph.add((evidence, KG.startOffset, Literal(146, datatype=ns.XSD.nonNegativeInteger)))
    graph.add((evidence, KG.endOffset, Literal(240, datatype=ns.XSD.nonNegativeInteger)))
    graph.add((evidence, KG.text, Literal(sentence)))

    result = store.table(store.run(graph, store.query_text("roles")))
    rows = [dict(zip(result.columns, row)) for row in result.rows]
    assert rows == [
        {
            "fact": str(fact),
            "person": "Jack Ma",
            "role": "chairman",
            "role_text": "chairman of the board of directors",
            "org": "Alibaba",
            "doc": "alibaba-cloud-2036",
            "start": 146,
            "end": 240,
            "text": sentence,
        }
    ]


def test_entities_query_on_an_entity_without_other_names() -> None:
    """Most entities have no skos:altLabel; the shipped query must still list them."""
    graph = Graph()
    person = iri.entity("person", "Jack Ma")
    graph.add((person, ns.RDF.type, ns.SDO.Person))
    graph.add((person, ns.RDFS.label, Literal("Jack Ma")))
    result = store.table(store.run(graph, store.query_text("entities")))
    rows = [dict(zip(result.columns, row)) for row in result.rows]
    assert len(rows) == 1
    assert rows[0]["label"] == "Jack Ma"
    assert rows[0]["class"] == str(ns.SDO.Person)
    assert rows[0]["alt_labels"] in ("", None)
    assert rows[0]["mentions"] == 0
