"""Validating a graph a batch of subjects at a time gives the report of validating it whole."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sample_graphs
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SDO
from sample_corpus import corpus

from kg import oxigraph, rdf
from kg.validate import validate
from kg.validate_batches import validate_sorted
from kg.vocab import KG


def two_corpora() -> Graph:
    """The sample article and six articles of a board-membership corpus: people hold posts
    in organisations of other articles, so nodes are linked across documents."""
    graph = rdf.to_graph(corpus())
    for triple in rdf.to_graph(sample_graphs.big_corpus(people=30, orgs=6), with_ontology=False):
        graph.add(triple)
    return graph


def unchanged(graph: Graph) -> None:
    pass


def no_evidence_in_one_article(graph: Graph) -> None:
    for fact in [s for s, o in graph.subject_objects(PROV.wasDerivedFrom) if "article-0001" in str(o)]:
        graph.remove((fact, PROV.wasDerivedFrom, None))


def two_resolutions(graph: Graph) -> None:
    # the same figure read in two articles whose dates resolved its period differently
    figure = next(graph.subjects(RDF.type, KG.FinancialFigure))
    graph.add((figure, KG.timeResolution, Literal("resolved")))
    graph.add((figure, KG.timeResolution, Literal("no-anchor")))


def broken_evidence_and_label(graph: Graph) -> None:
    evidence = next(graph.subjects(RDF.type, KG.Evidence))
    graph.remove((evidence, KG.startOffset, None))
    acme = next(graph.subjects(RDFS.label, Literal("Acme")))
    graph.add((acme, RDFS.label, Literal("Acme Corp")))


def entity_never_mentioned(graph: Graph) -> None:
    person = next(graph.subjects(RDFS.label, Literal("Person 00007")))
    for mention in list(graph.subjects(KG.mentionOf, person)):
        graph.remove((mention, None, None))
    graph.remove((None, SDO.mentions, person))


def wrong_member_class(graph: Graph) -> None:
    membership = next(graph.subjects(RDF.type, URIRef("http://www.w3.org/ns/org#Membership")))
    org = next(graph.subjects(RDFS.label, Literal("Org 0002")))
    graph.set((membership, URIRef("http://www.w3.org/ns/org#member"), org))


@pytest.mark.parametrize(
    "breakage", [unchanged, no_evidence_in_one_article, two_resolutions, broken_evidence_and_label, entity_never_mentioned, wrong_member_class]
)
@pytest.mark.parametrize("batch", [9, 100_000])
def test_batches_report_what_the_whole_graph_reports(tmp_path: Path, breakage: Callable[[Graph], None], batch: int) -> None:
    graph = two_corpora()
    breakage(graph)
    lines = oxigraph.ntriples(graph)
    path = tmp_path / "graph.nt"
    path.write_bytes(b"\n".join(lines) + b"\n")
    whole = validate(graph)
    batched = validate_sorted(path, oxigraph.memory_store(lines), ontology=rdf.ontology(), batch=batch)
    assert batched.violations == whole.violations
    assert (batched.conforms, batched.checked) == (whole.conforms, whole.checked)
    assert whole.conforms == (breakage is unchanged)
