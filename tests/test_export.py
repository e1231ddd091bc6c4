"""kg export: JSON-LD, N-Triples, GraphML and the facts table as CSV and JSONL;
same bytes every time, the same graph back where the format is RDF."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from typer.testing import CliRunner

import sample_graphs
from kg.cli import app
from kg.export import facts_table
from kg.export.formats import FORMATS, columns, export

runner = CliRunner()


@pytest.fixture(scope="module")
def graph() -> Graph:
    return sample_graphs.graph()


@pytest.fixture(scope="module")
def graph_file(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "graph.ttl"
    graph.serialize(path, format="turtle")
    return path


def assert_same_graph(expected: Graph, actual: Graph) -> None:
    if not isomorphic(expected, actual):
        _, missing, unexpected = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(f"missing:\n{missing.serialize(format='nt')}\nunexpected:\n{unexpected.serialize(format='nt')}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_graph_same_bytes(graph: Graph, fmt: str) -> None:
    assert export(graph, fmt) == export(sample_graphs.graph(), fmt)


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # inside rdflib's JSON-LD parser
def test_jsonld_has_a_context_and_is_the_same_graph(graph: Graph) -> None:
    data = export(graph, "jsonld")
    document = json.loads(data)
    context = document["@context"]
    assert context["schema"] == "https://schema.org/" and context["kgid"] == "https://w3id.org/kgnews/id/"
    assert context["kg"] == "https://w3id.org/kgnews/ontology#"
    jane = next(n for n in document["@graph"] if n["@id"] == "kgid:person/jane-doe")
    assert jane["@type"] == ["schema:Person"] and jane["rdfs:label"] == ["Jane Doe"]
    assert_same_graph(graph, Graph().parse(data=data, format="json-ld"))


def test_ntriples_sorted_and_the_same_graph(graph: Graph) -> None:
    lines = export(graph, "nt").decode("utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(graph)
    assert_same_graph(graph, Graph().parse(data="\n".join(lines), format="nt"))


def test_graphml_for_gephi_and_networkx(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "graph.graphml"
    path.write_bytes(export(graph, "graphml"))
    read = nx.read_graphml(path, force_multigraph=True)
    assert read.is_directed()
    label = {key: data["label"] for key, data in read.nodes(data=True)}
    kinds = {data["label"]: data["kind"] for _, data in read.nodes(data=True)}
    assert kinds["Jane Doe"] == "person" and kinds["Acme"] == "organization" and kinds["serve 5M customers worldwide"] == "goal"
    edges = {(label[a], data["label"], label[b]) for a, b, data in read.edges(data=True)}
    assert ("Jane Doe", "chairman", "Acme") in edges
    assert ("Acme Cloud", "unit of", "Acme") in edges
    assert ("Acme", "headquarters", "France") in edges
    role = next(data for a, b, data in read.edges(data=True) if label[a] == "Jane Doe" and label[b] == "Acme")
    assert role["evidence"] == "Jane Doe, the chairman of Acme, spoke in Paris." and role["documents"] == 1


def test_facts_as_jsonl_is_the_facts_table(graph: Graph) -> None:
    assert export(graph, "jsonl") == facts_table.serialize(graph)


def test_facts_as_csv(graph: Graph) -> None:
    rows = list(csv.DictReader(io.StringIO(export(graph, "csv").decode("utf-8"))))
    expected = list(facts_table.rows(graph))
    assert len(rows) == len(expected) and list(rows[0]) == columns()
    assert [r["kind"] for r in rows] == [r["kind"] for r in expected]
    role = next(r for r in rows if r["kind"] == "role" and r["person"] == "Jane Doe")
    assert (role["role"], role["org"], role["evidence_doc"]) == ("chairman", "Acme", "news")
    text = sample_graphs.NEWS
    assert text[int(role["evidence_start"]):int(role["evidence_end"])] == role["evidence_text"]
    figure = next(r for r in rows if r["kind"] == "financial" and r["unit"] == "percent")
    assert (figure["value"], figure["change"], figure["person"]) == ("12", "true", "")


def test_cli_writes_each_format(graph_file: Path, tmp_path: Path) -> None:
    for fmt in FORMATS:
        out = tmp_path / f"graph.{fmt}"
        result = runner.invoke(app, ["export", "--graph", str(graph_file), "--format", fmt, "--out", str(out)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert out.read_bytes() == export(Graph().parse(graph_file), fmt)


def test_cli_writes_to_standard_output(graph_file: Path) -> None:
    result = runner.invoke(app, ["export", "--graph", str(graph_file), "--format", "nt"], catch_exceptions=False)
    assert result.exit_code == 0
    assert_same_graph(Graph().parse(graph_file), Graph().parse(data=result.stdout, format="nt"))


def test_cli_usage_errors(graph_file: Path, tmp_path: Path) -> None:
    unknown = runner.invoke(app, ["export", "--graph", str(graph_file), "--format", "xml"])
    assert unknown.exit_code == 2 and "unknown format" in unknown.output
    missing = runner.invoke(app, ["export", "--graph", str(tmp_path / "none.ttl"), "--format", "nt"])
    assert missing.exit_code == 2 and "no graph" in missing.output
    assert runner.invoke(app, ["export", "--graph", str(graph_file)]).exit_code == 2  # --format is required
