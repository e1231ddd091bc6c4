"""pyoxigraph: canonical Turtle from the rdflib graph, and the same answers as rdflib."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg import nlp as kg_nlp
from kg import oxigraph, pipeline, store
from kg.ordering import sort
from kg.cli import app
from kg.export import turtle

from test_scale import corpus


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of a build."""
    folder = tmp_path_factory.mktemp("oxigraph")
    report = pipeline.build([corpus(folder / "in")], folder / "out", kg_nlp.load, images_enabled=False, validation=False, cache=False)
    assert report.triples > 0
    return folder / "out"


@pytest.fixture(scope="module")
def built(out: Path) -> Graph:
    """The graph of the build (its graph.ttl)."""
    return Graph().parse(out / "graph.ttl", format="turtle")


def test_the_build_writes_canonical_turtle_from_its_store(out: Path, built: Graph) -> None:
    assert (out / "graph.ttl").read_bytes() == turtle.serialize(built)
    assert not [p.name for p in out.iterdir() if p.name.startswith(".graph")]  # no spill or store left behind


def normalised(table: store.Table) -> list[str]:
    """Rows as sorted text; GROUP_CONCAT's order (which SPARQL leaves open) is sorted too,
    and a decimal is its value (the store keeps xsd:decimal in canonical form: 4500000000.0
    is 4500000000 there)."""
    def cell(value: Any) -> str:
        if isinstance(value, Decimal):
            return repr(value.normalize())
        return " | ".join(sorted(value.split(" | "))) if isinstance(value, str) and " | " in value else repr(value)

    return sorted(json.dumps([cell(v) for v in row]) for row in table.rows)


def test_turtle_is_the_graph_and_deterministic(built: Graph) -> None:
    data = turtle.serialize(built)
    assert isomorphic(Graph().parse(data=data, format="turtle"), built)
    shuffled = Graph()
    for triple in sorted(built, key=repr, reverse=True):  # filled in another order
        shuffled.add(triple)
    assert turtle.serialize(shuffled) == data
    assert data.startswith(b"@prefix")


@pytest.mark.parametrize("name", sorted(store.shipped_queries()))
def test_every_shipped_query_gives_the_same_answers(built: Graph, name: str) -> None:
    text = store.shipped_queries()[name]
    by_rdflib = store.select(built, text)
    by_oxigraph = store.select_store(oxigraph.store_of(built), text)
    assert by_oxigraph.columns == by_rdflib.columns
    assert normalised(by_oxigraph) == normalised(by_rdflib)
    assert by_rdflib.rows, name


def test_values_have_the_same_python_types(built: Graph) -> None:
    text = "SELECT ?v ?c ?s WHERE { ?f schema:value ?v ; kg:isChange ?c ; kg:metricText ?s } ORDER BY ?v LIMIT 3"
    rows = store.select_store(oxigraph.store_of(built), text).rows
    assert rows == store.select(built, text).rows  # Decimal("4.5E+9") == Decimal("4500000000.0")
    assert [type(v) for v in rows[0]] == [type(v) for v in store.select(built, text).rows[0]]


def test_a_large_graph_gets_a_store_that_kg_query_uses(built: Graph, tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    written = turtle.write(built, path, store=True)
    assert written == [path, oxigraph.store_path(path)]
    found = oxigraph.open_for(path)
    assert found is not None and len(found) == len(built)
    runner = CliRunner()
    result = runner.invoke(app, ["query", "roles", "--graph", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)
    for bad, message in (('INSERT DATA { <urn:a> <urn:b> "c" }', "not allowed"), ("SELECT * WHERE { SERVICE <http://x.org/s> { ?s ?p ?o } }", "SERVICE")):
        refused = runner.invoke(app, ["query", bad, "--graph", str(path)])
        assert refused.exit_code == 2 and message in refused.output
    # a graph file that no longer matches its store is not answered from the store
    path.write_bytes(path.read_bytes() + b"\n<urn:x> <urn:y> <urn:z> .\n")
    assert oxigraph.open_for(path) is None
    # ... and a smaller graph written there drops the store
    turtle.write(built, path)
    assert not oxigraph.store_path(path).exists()


def test_a_slow_query_on_the_store_stops_at_the_timeout(built: Graph) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with pytest.raises(store.QueryTimeout, match="0.2 s"):
        store.select_store(oxigraph.store_of(built), slow, timeout=0.2)


def test_ntriples_are_rdflib_lines_in_order(built: Graph) -> None:
    data = built.serialize(format="nt", encoding="utf-8")
    assert oxigraph.ntriples(built) == sorted(set(line for line in data.splitlines() if line))


def test_loading_in_batches_gives_the_same_turtle_and_store(built: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = oxigraph.ntriples(built)
    whole = oxigraph.turtle(lines)
    monkeypatch.setattr(oxigraph, "LOAD_LINES", 7)
    assert len(lines) > 7 * 10
    assert oxigraph.turtle(lines) == whole
    assert len(oxigraph.memory_store(lines)) == len(lines)


def test_the_facts_table_is_the_same_from_either_engine(built: Graph, out: Path, tmp_path: Path) -> None:
    from kg.export import facts_table

    by_rdflib = facts_table.serialize(built)
    assert by_rdflib.count(b"\n") > 5
    assert (out / "facts.jsonl").read_bytes() == by_rdflib  # the build reads it from pyoxigraph
    path = tmp_path / "graph.ttl"
    turtle.write(built, path, store=True)
    assert facts_table.serialize(oxigraph.open_store(oxigraph.store_path(path))) == by_rdflib


@pytest.mark.parametrize("name", ["evidence", "roles", "statements"])
def test_kg_query_on_the_store_sorts_in_python_in_rdflibs_order(
    built: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    from kg import ordering

    path = tmp_path / "graph.ttl"
    turtle.write(built, path, store=True)
    sorted_here: list[int] = []

    def counted(rows: list[list[Any]], *rest: Any) -> list[list[Any]]:
        sorted_here.append(len(rows))
        return sort(rows, *rest)

    monkeypatch.setattr(ordering, "sort", counted)
    text = store.shipped_queries()[name]
    by_store = store.select_file(path, text)
    by_rdflib = store.select(built, text)
    assert sorted_here == [len(by_rdflib.rows)]  # the persistent store's rows were sorted here
    trailing = ordering.trailing_order(text)
    assert trailing is not None
    keys = [by_rdflib.columns.index(key.variable) for key in trailing.keys]
    assert [[row[i] for i in keys] for row in by_store.rows] == [[row[i] for i in keys] for row in by_rdflib.rows]
    assert normalised(by_store) == normalised(by_rdflib)
