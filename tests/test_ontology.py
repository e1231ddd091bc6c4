"""The ontology and the code stay together: every emitted term is declared and documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg import iri, rdf
from kg import nlp as kg_nlp
from kg.patterns import load
from kg.pipeline import build
from kg.vocab import KG

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return rdf.ontology()


def declared(ontology: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {s for k in kinds for s in ontology.subjects(RDF.type, k) if isinstance(s, URIRef)}


def test_every_kg_term_in_the_code_is_declared(ontology):
    terms = {URIRef(str(KG._NS) + name) for name in KG.__annotations__}
    assert terms - declared(ontology) == set()


def test_every_class_and_property_is_documented(ontology):
    for term in declared(ontology):
        assert (term, RDFS.label, None) in ontology, term
        assert (term, RDFS.comment, None) in ontology, term
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            assert (prop, RDFS.range, None) in ontology, prop
            if prop not in (iri_of("document"), iri_of("startOffset"), iri_of("endOffset"), iri_of("text"), iri_of("rule"), iri_of("unitOfMeasure")):
                assert (prop, RDFS.domain, None) in ontology, prop


def iri_of(name: str) -> URIRef:
    return URIRef(str(KG._NS) + name)


def test_every_metric_concept_is_in_the_scheme(ontology):
    from rdflib.namespace import SKOS

    for concept in load("metrics")["metrics"]:
        node = iri.metric(concept)
        assert (node, RDF.type, SKOS.Concept) in ontology, concept
        assert (node, RDFS.label, None) in ontology, concept


def test_a_built_graph_uses_only_declared_terms(ontology, tmp_path):
    build([ROOT / "seeds"], tmp_path, kg_nlp.load(), images_enabled=False)
    graph = Graph().parse(tmp_path / "graph.ttl")
    known = declared(ontology) | {RDF.type}
    used_predicates = set(graph.predicates())
    used_classes = {o for o in graph.objects(None, RDF.type) if isinstance(o, URIRef)}
    allowed_meta = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.Ontology}
    undeclared_predicates = {p for p in used_predicates - known if not str(p).startswith((str(RDFS), str(OWL), "http://purl.org/dc/terms/"))}
    assert undeclared_predicates == set()
    assert used_classes - known - allowed_meta - {URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme")} == set()
