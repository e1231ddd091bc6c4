"""Facts to triples, without spaCy: every record type, declared terms, round trips."""

from __future__ import annotations

import dataclasses

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SDO, XSD
from sample_corpus import EV, TEXT, corpus, mention

from kg import rdf
from kg.export import facts_table, turtle
from kg.model import RELATIONS, Corpus, Entity, EntityKind, Evidence, Membership, Merge, UnitOf
from kg.vocab import KG


def test_every_relation_name_has_a_declared_property():
    ontology = rdf.ontology()
    for name in RELATIONS:
        prop = rdf.RELATION_PROPERTIES[name]
        assert (prop, RDF.type, None) in ontology, name


def test_graph_uses_only_declared_terms_and_typed_literals():
    graph = rdf.to_graph(corpus())
    ontology = rdf.ontology()
    declared = {s for s, _, o in ontology.triples((None, RDF.type, None)) if o in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)}
    data = rdf.to_graph(corpus(), with_ontology=False)
    assert {p for p in data.predicates()} - declared - {RDF.type, RDFS.label} == set()
    acme = next(data.subjects(SDO.foundingDate, None))
    assert data.value(acme, SDO.foundingDate) == Literal("1999", datatype=XSD.gYear)
    assert Literal("2030", datatype=XSD.gYear) in set(graph.objects())


def test_round_trips_through_turtle_and_json_ld():
    graph = rdf.to_graph(corpus())
    again = Graph().parse(data=turtle.serialize(graph), format="turtle")
    assert isomorphic(graph, again)
    jsonld = Graph().parse(data=graph.serialize(format="json-ld"), format="json-ld")
    assert isomorphic(graph, jsonld)


def test_same_input_same_bytes():
    assert turtle.serialize(rdf.to_graph(corpus())) == turtle.serialize(rdf.to_graph(corpus()))


def test_facts_table_has_a_row_per_fact_with_its_evidence():
    rows = list(facts_table.rows(rdf.to_graph(corpus())))
    kinds = sorted(r["kind"] for r in rows)
    assert kinds == ["ceo", "date_founded", "financial", "goal", "role", "statement", "unit"]
    founded = next(r for r in rows if r["kind"] == "date_founded")
    assert (founded["subject"], founded["object"], founded["value"]) == ("Acme", None, "1999")
    ceo = next(r for r in rows if r["kind"] == "ceo")
    assert (ceo["subject"], ceo["object"]) == ("Acme", "Jane Roe")
    figure = next(r for r in rows if r["kind"] == "financial")
    assert figure["value"] == 12.5 and figure["change"] is True
    for row in rows:
        ev = row["evidence"]
        assert TEXT[ev["start"] : ev["end"]] == ev["text"]


def test_a_fact_stated_twice_is_one_node_with_two_evidence():
    c = corpus()
    twice = Corpus(c.documents, c.entities, c.facts + (UnitOf("unit:acme cloud unit", "organization:acme", "division", EV),))
    graph = rdf.to_graph(twice)
    from rdflib.namespace import PROV

    from kg.vocab import KG

    [node] = list(graph.subjects(RDF.type, KG.UnitRelation))
    assert len(set(graph.objects(node, PROV.wasDerivedFrom))) == 2
    assert isinstance(node, URIRef)


def test_a_former_link_is_qualified_and_kept_out_of_the_current_structure():
    from rdflib.namespace import ORG

    c = corpus()
    current = next(f for f in c.facts if isinstance(f, UnitOf))
    former = dataclasses.replace(current, former=True)
    graph = rdf.to_graph(Corpus(c.documents, c.entities, (former,)))
    [node] = list(graph.subjects(RDF.type, KG.UnitRelation))
    assert graph.value(node, KG.former) == Literal(True)
    assert not list(graph.triples((None, ORG.unitOf, None))) and not list(graph.triples((None, ORG.subOrganizationOf, None)))
    [row] = [r for r in facts_table.rows(graph) if r["kind"] == "unit"]
    assert row["former"] is True
    # a current link keeps its node (the same IRI as before links could be former) and its ORG triple
    graph = rdf.to_graph(Corpus(c.documents, c.entities, (current,)))
    [node_now] = list(graph.subjects(RDF.type, KG.UnitRelation))
    assert node_now != node and graph.value(node_now, KG.former) is None
    assert list(graph.triples((None, ORG.unitOf, None))) or list(graph.triples((None, ORG.subOrganizationOf, None)))
    [row] = [r for r in facts_table.rows(graph) if r["kind"] == "unit"]
    assert row["former"] is False


def test_a_government_post_has_a_jurisdiction_not_an_organisation():
    from rdflib.namespace import ORG

    from kg.vocab import KG

    c = corpus()
    uk = Entity("place:uk", EntityKind.PLACE, "UK", (), (mention(0, 4),))
    post = Membership("person:jane roe", "place:uk", "chancellor", "UK Chancellor", EV)
    graph = rdf.to_graph(Corpus(c.documents, c.entities + (uk,), (post,)))
    [node] = list(graph.subjects(RDF.type, ORG.Membership))
    assert graph.value(node, ORG.organization) is None
    assert str(graph.value(graph.value(node, KG.jurisdiction), RDFS.label)) == "UK"
    [row] = [r for r in facts_table.rows(graph) if r["kind"] == "role"]
    assert (row["person"], row["role"], row["org"]) == ("Jane Roe", "chancellor", "UK")


def test_the_corpus_cut_up_by_document_gives_the_same_parts_and_lets_each_document_go() -> None:
    import sample_graphs

    whole = sample_graphs.big_corpus(40, 6)
    first_doc = whole.documents[0]
    merged = Merge(into="organization:org 0000", merged="Org 0000 Ltd", rule="same-normal-form", doc=first_doc.id,
                   evidence=Evidence(first_doc.id, 0, len(first_doc.text), first_doc.text))
    whole = dataclasses.replace(whole, merges=(merged,))
    by_document = rdf.ByDocument.of(whole)
    assert all(not e.mentions for e in by_document.entities)  # the mentions travel with their documents
    made = rdf.parts_of(by_document)
    first = next(made)
    assert len(by_document.documents) == len(whole.documents) - 1
    assert whole.documents[0].id not in by_document.facts and whole.documents[0].id not in by_document.mentions
    assert whole.documents[0].id not in by_document.merges
    assert list(first.subjects(RDF.type, KG.Merge))  # a merge travels with its document
    rest = list(made)
    assert not by_document.documents and not by_document.facts and not by_document.mentions and not by_document.merges
    assert not list(rest[-1].subjects(RDF.type, KG.Merge))  # the corpus-wide part stays small
    expected = list(rdf.parts(whole))
    assert len(expected) == 1 + len(rest) == len(whole.documents) + 1
    for found, wanted in zip([first, *rest], expected):
        assert isomorphic(found, wanted)
