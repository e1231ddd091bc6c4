"""Relations are stated only between entities of the kinds they admit (patterns/relation_kinds.json)."""

from __future__ import annotations

from conftest import Tok, make_doc
from test_relations import BASED, BORN

from kg.facts import relations
from kg.facts.entities import analyse
from kg.facts.relations import _kinds_fit
from kg.patterns import load


def _arguments(tokens):
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    return {doc[a.start : a.end].text: a for a in relations.arguments(doc, ents)}, ents


def test_kinds_follow_the_relation_signature():
    args, ents = _arguments(BASED)
    acme, beta, boston = args["Acme"], args["Beta Corp"], args["Boston"]
    assert _kinds_fit("headquarters", acme, boston, ents)
    assert _kinds_fit("subsidiary_of", acme, beta, ents)
    # an organisation as a headquarters, an organisation working for or born in something
    assert not _kinds_fit("headquarters", acme, beta, ents)
    assert not _kinds_fit("employee_of", acme, beta, ents)
    assert not _kinds_fit("birth_place", acme, boston, ents)
    # a place founding an organisation
    assert not _kinds_fit("founded_by", acme, boston, ents)


def test_an_unnamed_referent_and_a_literal_pass():
    args, ents = _arguments(BORN)
    he, paris, date = args["He"], args["Paris"], args["4 May 1950"]
    assert he.pending == "pronoun"
    assert _kinds_fit("birth_place", he, paris, ents)
    assert _kinds_fit("birth_date", he, date, ents)


# "Ann Lee, the chief executive of Acme, is based in Boston."
PERSON_BASED = [
    Tok("Ann", 1, "compound", "PROPN", ent="B-PERSON"),
    Tok("Lee", 10, "nsubjpass", "PROPN", ent="I-PERSON"),
    Tok(",", 1, "punct", "PUNCT"),
    Tok("the", 5, "det", "DET"),
    Tok("chief", 5, "amod", "ADJ"),
    Tok("executive", 1, "appos", "NOUN"),
    Tok("of", 5, "prep", "ADP"),
    Tok("Acme", 6, "pobj", "PROPN", ent="B-ORG"),
    Tok(",", 1, "punct", "PUNCT"),
    Tok("is", 10, "auxpass", "AUX", "be"),
    Tok("based", 10, "ROOT", "VERB", "base"),
    Tok("in", 10, "prep", "ADP"),
    Tok("Boston", 11, "pobj", "PROPN", ent="B-GPE"),
    Tok(".", 10, "punct", "PUNCT"),
]


def test_the_shipped_model_states_no_relation_against_its_kinds():
    admitted = {r: k for r, k in load("relation_kinds").items() if not r.startswith("_")}
    assert set(admitted) == set(relations.signatures())
    for tokens in (BASED, BORN, PERSON_BASED):
        doc = make_doc(tokens)
        ents = analyse(doc, "d")
        found = list(relations.extract(doc, ents))
        assert found
        for relation in found:
            subject_kinds, object_kinds = admitted[relation.relation]
            assert ents.kind(relation.subject).value in subject_kinds, relation
            if relation.object and object_kinds:
                assert ents.kind(relation.object).value in object_kinds, relation
