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
from kg.cli import app
from kg.export import turtle

from test_scale import corpus


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> pipeline.BuildReport:
    folder = tmp_path_factory.mktemp("oxigraph")
    report = pipeline.build([corpus(folder / "in")], folder / "out", kg_nlp.load, images_enabled=False, validation=False, cache=False)
    assert report.graph is not None
    return report


def normalised(table: store.Table) -> list[str]:
    """Rows as sorted text; GROUP_CONCAT's order (which SPARQL leaves open) is sorted too,
    and a decimal is its value (the store keeps xsd:decimal in canonical form: 4500000000.0
    is 4500000000 there)."""
    def cell(value: Any) -> str:
        if isinstance(value, Decimal):
            return repr(value.normalize())
        return " | ".join(sorted(value.split(" | "))) if isinstance(value, str) and " | " in value else repr(value)

    return sorted(json.dumps([cell(v) for v in row]) for row in table.rows)


def test_turtle_is_the_graph_and_deterministic(built: pipeline.BuildReport) -> None:
    assert built.graph is not None
    data = turtle.serialize(built.graph)
    assert isomorphic(Graph().parse(data=data, format="turtle"), built.graph)
    shuffled = Graph()
    for triple in sorted(built.graph, key=repr, reverse=True):  # filled in another order
        shuffled.add(triple)
    assert turtle.serialize(shuffled) == data
    assert data.startswith(b"@prefix")


@pytest.mark.parametrize("name", sorted(store.shipped_queries()))
def test_every_shipped_query_gives_the_same_answers(built: pipeline.BuildReport, name: str) -> None:
    assert built.graph is not None
    text = store.shipped_queries()[name]
    by_rdflib = store.select(built.graph, text)
    by_oxigraph = store.select_store(oxigraph.store_of(built.graph), text)
    assert by_oxigraph.columns == by_rdflib.columns
    assert normalised(by_oxigraph) == normalised(by_rdflib)
    assert by_rdflib.rows, name


def test_values_have_the_same_python_types(built: pipeline.BuildReport) -> None:
    assert built.graph is not None
    text = "SELECT ?v ?c ?s WHERE { ?f schema:value ?v ; kg:isChange ?c ; kg:metricText ?s } ORDER BY ?v LIMIT 3"
    rows = store.select_store(oxigraph.store_of(built.graph), text).rows
    assert rows == store.select(built.graph, text).rows  # Decimal("4.5E+9") == Decimal("4500000000.0")
    assert [type(v) for v in rows[0]] == [type(v) for v in store.select(built.graph, text).rows[0]]


def test_a_large_graph_gets_a_store_that_kg_query_uses(built: pipeline.BuildReport, tmp_path: Path) -> None:
    assert built.graph is not None
    path = tmp_path / "graph.ttl"
    written = turtle.write(built.graph, path, store=True)
    assert written == [path, oxigraph.store_path(path)]
    found = oxigraph.open_for(path)
    assert found is not None and len(found) == len(built.graph)
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
    turtle.write(built.graph, path)
    assert not oxigraph.store_path(path).exists()


def test_a_slow_query_on_the_store_stops_at_the_timeout(built: pipeline.BuildReport) -> None:
    assert built.graph is not None
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with pytest.raises(store.QueryTimeout, match="0.2 s"):
        store.select_store(oxigraph.store_of(built.graph), slow, timeout=0.2)


def test_ntriples_are_rdflib_lines_in_order(built: pipeline.BuildReport) -> None:
    assert built.graph is not None
    data = built.graph.serialize(format="nt", encoding="utf-8")
    assert oxigraph.ntriples(built.graph) == sorted(set(line for line in data.splitlines() if line))


def test_loading_in_batches_gives_the_same_turtle_and_store(built: pipeline.BuildReport, monkeypatch: pytest.MonkeyPatch) -> None:
    assert built.graph is not None
    lines = oxigraph.ntriples(built.graph)
    whole = oxigraph.turtle(lines)
    monkeypatch.setattr(oxigraph, "LOAD_LINES", 7)
    assert len(lines) > 7 * 10
    assert oxigraph.turtle(lines) == whole
    assert len(oxigraph.memory_store(lines)) == len(lines)


def test_the_facts_table_is_the_same_from_either_engine(built: pipeline.BuildReport, tmp_path: Path) -> None:
    from kg.export import facts_table

    assert built.graph is not None
    by_rdflib = facts_table.serialize(built.graph)
    assert by_rdflib.count(b"\n") > 5
    written = next(p for p in built.outputs if p.name == "facts.jsonl")
    assert written.read_bytes() == by_rdflib  # the build reads it from pyoxigraph
    path = tmp_path / "graph.ttl"
    turtle.write(built.graph, path, store=True)
    assert facts_table.serialize(oxigraph.open_store(oxigraph.store_path(path))) == by_rdflib
