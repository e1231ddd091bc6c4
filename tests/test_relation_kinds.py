"""The graph states a relation only between entities of kinds it admits
(patterns/relation_kinds.json, kg.facts.relations.kinds), checked at resolution."""

from __future__ import annotations

from sample_graphs import NEWS, sentence

from kg.facts.relations import kinds, signatures
from kg.model import Document, DocumentResult, Entity, EntityKind, Relation
from kg.resolve import resolve


def test_every_relation_has_kinds():
    assert kinds.relations() == set(signatures())


def test_kinds_follow_the_ontology():
    assert kinds.admits("headquarters", "organization", "place")
    assert kinds.admits("employee_of", "person", "organization")
    assert kinds.admits("founded_by", "organization", "organization")
    assert kinds.admits("birth_date", "person", None)  # a literal object is not checked
    assert not kinds.admits("headquarters", "person", "place")
    assert not kinds.admits("headquarters", "organization", "organization")
    assert not kinds.admits("employee_of", "person", "place")
    assert not kinds.admits("birth_place", "organization", "place")
    assert not kinds.admits("birth_date", "organization", None)
    assert not kinds.admits("ceo", "organization", "organization")


def test_resolution_drops_a_relation_whose_entities_have_kinds_it_does_not_admit():
    said = sentence("news", NEWS, "Acme, based in France, was founded in 1999.")
    entities = (
        Entity("d#1", EntityKind.ORGANIZATION, "Acme"),
        Entity("d#2", EntityKind.PLACE, "France"),
        Entity("d#3", EntityKind.PERSON, "Jane Doe"),
    )
    right = Relation("headquarters", "d#1", "d#2", None, (0, 4), (15, 21), said)
    facts = (
        right,
        Relation("birth_place", "d#1", "d#2", None, (0, 4), (15, 21), said),  # an organisation is not born
        Relation("headquarters", "d#3", "d#2", None, (0, 4), (15, 21), said),  # a person has no headquarters
        Relation("date_founded", "d#1", None, "1999", (0, 4), (38, 42), said),
    )
    document = Document("news", "news.txt", NEWS, NEWS)
    corpus = resolve([DocumentResult(document, entities, facts)])
    kept = {(f.relation, f.subject, f.object) for f in corpus.facts}
    assert kept == {
        ("headquarters", "organization:acme", "place:france"),
        ("date_founded", "organization:acme", None),
    }
