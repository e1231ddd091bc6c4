"""Relation extraction on hand-built parses: arguments, candidates, and the shipped model."""

from __future__ import annotations

import pytest
from conftest import Tok, make_doc

from kg.facts import relations
from kg.facts.entities import analyse
from kg.model import EntityKind

# "He was born in Paris on 4 May 1950."  (the antecedent of "He" is not in the text)
BORN = [
    Tok("He", 2, "nsubjpass", "PRON", "he"),
    Tok("was", 2, "auxpass", "AUX", "be"),
    Tok("born", 2, "ROOT", "VERB", "bear"),
    Tok("in", 2, "prep", "ADP"),
    Tok("Paris", 3, "pobj", "PROPN", ent="B-GPE"),
    Tok("on", 2, "prep", "ADP"),
    Tok("4", 7, "nummod", "NUM", ent="B-DATE"),
    Tok("May", 5, "pobj", "PROPN", ent="I-DATE"),
    Tok("1950", 7, "nummod", "NUM", ent="I-DATE"),
    Tok(".", 2, "punct", "PUNCT"),
]

# "Acme, a subsidiary of Beta Corp, is based in Boston."
BASED = [
    Tok("Acme", 9, "nsubjpass", "PROPN", ent="B-ORG"),
    Tok(",", 0, "punct", "PUNCT"),
    Tok("a", 3, "det", "DET"),
    Tok("subsidiary", 0, "appos", "NOUN"),
    Tok("of", 3, "prep", "ADP"),
    Tok("Beta", 6, "compound", "PROPN", ent="B-ORG"),
    Tok("Corp", 4, "pobj", "PROPN", ent="I-ORG"),
    Tok(",", 0, "punct", "PUNCT"),
    Tok("is", 9, "auxpass", "AUX", "be"),
    Tok("based", 9, "ROOT", "VERB", "base"),
    Tok("in", 9, "prep", "ADP"),
    Tok("Boston", 10, "pobj", "PROPN", ent="B-GPE"),
    Tok(".", 9, "punct", "PUNCT"),
]

# "Acme, which John Smith founded in 1990, makes tools."
FOUNDED = [
    Tok("Acme", 8, "nsubj", "PROPN", ent="B-ORG"),
    Tok(",", 0, "punct", "PUNCT"),
    Tok("which", 5, "dobj", "PRON", tag="WDT"),
    Tok("John", 4, "compound", "PROPN", ent="B-PERSON"),
    Tok("Smith", 5, "nsubj", "PROPN", ent="I-PERSON"),
    Tok("founded", 0, "relcl", "VERB", "found"),
    Tok("in", 5, "prep", "ADP"),
    Tok("1990", 6, "pobj", "NUM", ent="B-DATE"),
    Tok("makes", 8, "ROOT", "VERB", "make"),
    Tok("tools", 8, "dobj", "NOUN", "tool"),
    Tok(".", 8, "punct", "PUNCT"),
]

# "Mary Jones married John Smith."
MARRIED = [
    Tok("Mary", 1, "compound", "PROPN", ent="B-PERSON"),
    Tok("Jones", 2, "nsubj", "PROPN", ent="I-PERSON"),
    Tok("married", 2, "ROOT", "VERB", "marry"),
    Tok("John", 4, "compound", "PROPN", ent="B-PERSON"),
    Tok("Smith", 2, "dobj", "PROPN", ent="I-PERSON"),
    Tok(".", 2, "punct", "PUNCT"),
]


def found(tokens, **kwargs):
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    out = list(relations.extract(doc, ents, **kwargs))
    return doc, ents, out


def as_text(doc, rel):
    s0, s1 = rel.subject_span
    o0, o1 = rel.object_span
    return (rel.relation, doc.text[s0:s1], doc.text[o0:o1])


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("4 May 1950", "1950-05-04"),
        ("March 22, 1868", "1868-03-22"),
        ("November 1323", "1323-11"),
        ("in 1980", "1980"),
        ("the 1990s", None),
        ("last year", None),
    ],
)
def test_written_dates_normalise_to_iso(text, iso):
    assert relations.iso_date(text) == iso


def test_a_relative_pronoun_stands_for_the_noun_its_clause_modifies():
    doc = make_doc(FOUNDED)
    ents = analyse(doc, "d")
    args = relations.arguments(doc, ents)
    which = next(a for a in args if doc[a.start].text == "which")
    assert which.key is not None and ents.name(which.key) == "Acme"
    pairs = {
        (doc[s.start].text, doc[o.start].text)
        for c in relations.candidates(doc, ents)
        if c.subject.key == which.key and c.object.cls == "date"
        for s, o in c.pairs
    }
    assert pairs == {("Acme", "1990"), ("which", "1990")}


def test_a_date_range_gives_both_ends():
    tokens = [
        Tok("Ann", 1, "compound", "PROPN", ent="B-PERSON"),
        Tok("Lee", 1, "ROOT", "PROPN", ent="I-PERSON"),
        Tok("(", 1, "punct", "PUNCT"),
        Tok("1856", 1, "appos", "NUM", ent="B-DATE"),
        Tok("–", 3, "punct", "PUNCT", ent="I-DATE"),
        Tok("3", 6, "nummod", "NUM", ent="I-DATE"),
        Tok("October", 3, "npadvmod", "PROPN", ent="I-DATE"),
        Tok("1902", 6, "nummod", "NUM", ent="I-DATE"),
        Tok(")", 1, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens)
    dates = [a.value for a in relations.arguments(doc, analyse(doc, "d")) if a.cls == "date"]
    assert dates == ["1856", "1902-10-03"]


def test_an_accepted_pair_yields_every_mention_pair_and_symmetric_readings():
    scorer = relations.Model(weights={"spouse": {"TP=spouse": 10.0}}, bias={"spouse": -5.0}, threshold={"spouse": 0.5})
    doc, ents, out = found(MARRIED, scorer=scorer)
    assert sorted(as_text(doc, r) for r in out) == [("spouse", "John Smith", "Mary Jones"), ("spouse", "Mary Jones", "John Smith")]
    assert all(r.object is not None and r.value is None for r in out)


def test_an_unresolved_pronoun_gets_an_unnamed_entity_only_when_a_relation_needs_it():
    scorer = relations.Model(weights={"birth_date": {"TP=birth": 10.0}}, bias={"birth_date": -5.0}, threshold={"birth_date": 0.5})
    doc, ents, out = found(BORN, scorer=scorer)
    assert [as_text(doc, r) for r in out] == [("birth_date", "He", "4 May 1950")]
    [rel] = out
    assert rel.value == "1950-05-04" and rel.object is None
    assert ents.kind(rel.subject) is EntityKind.PERSON
    unnamed = [e for e in ents.entities() if e.mentions[0].rule == "unnamed-pronoun"]
    assert [e.name for e in unnamed] == ["he (d)"]
    # nothing accepted, nothing registered
    doc = make_doc(BORN)
    ents = analyse(doc, "d")
    list(relations.extract(doc, ents, scorer=relations.Model({}, {}, {})))
    assert [e.name for e in ents.entities()] == ["Paris"]


def test_shipped_model_reads_birth_place_and_date():
    doc, _, out = found(BORN)
    assert {as_text(doc, r) for r in out} >= {("birth_place", "He", "Paris"), ("birth_date", "He", "4 May 1950")}


def test_shipped_model_reads_a_subsidiary_in_apposition_and_a_base():
    doc, _, out = found(BASED)
    got = {as_text(doc, r) for r in out}
    assert ("subsidiary_of", "Acme", "Beta Corp") in got
    assert ("headquarters", "Acme", "Boston") in got
    assert ("subsidiary_of", "Beta Corp", "Acme") not in got


def test_shipped_model_reads_a_founder_through_a_relative_clause():
    doc, _, out = found(FOUNDED)
    got = {as_text(doc, r) for r in out}
    assert ("founded_by", "which", "John Smith") in got
    assert ("date_founded", "which", "1990") in got


# "She is a member of Covenant Church where she serves."  The parser attaches the
# relative clause to "member", the head of the phrase that holds the name.
MEMBER_WHERE = [
    Tok("She", 1, "nsubj", "PRON", "she"),
    Tok("is", 1, "ROOT", "AUX", "be"),
    Tok("a", 3, "det", "DET"),
    Tok("member", 1, "attr", "NOUN"),
    Tok("of", 3, "prep", "ADP"),
    Tok("Covenant", 6, "compound", "PROPN", ent="B-ORG"),
    Tok("Church", 4, "pobj", "PROPN", ent="I-ORG"),
    Tok("where", 9, "advmod", "SCONJ", tag="WRB"),
    Tok("she", 9, "nsubj", "PRON", "she"),
    Tok("serves", 3, "relcl", "VERB", "serve"),
    Tok(".", 1, "punct", "PUNCT"),
]

# "He joined Zorbix Labs, which makes tools."  Zorbix Labs is a name the model missed.
UNTAGGED_WHICH = [
    Tok("He", 1, "nsubj", "PRON", "he"),
    Tok("joined", 1, "ROOT", "VERB", "join"),
    Tok("Zorbix", 3, "compound", "PROPN"),
    Tok("Labs", 1, "dobj", "PROPN"),
    Tok(",", 3, "punct", "PUNCT"),
    Tok("which", 6, "nsubj", "PRON", tag="WDT"),
    Tok("makes", 3, "relcl", "VERB", "make"),
    Tok("tools", 6, "dobj", "NOUN", "tool"),
    Tok(".", 1, "punct", "PUNCT"),
]


def test_a_relative_pronoun_finds_its_antecedent_inside_the_modified_phrase():
    doc = make_doc(MEMBER_WHERE)
    ents = analyse(doc, "d")
    where = next(a for a in relations.arguments(doc, ents) if doc[a.start].text == "where")
    assert where.key is not None and ents.name(where.key) == "Covenant Church"


def test_a_relative_pronoun_may_stand_for_a_name_the_model_missed():
    doc = make_doc(UNTAGGED_WHICH)
    ents = analyse(doc, "d")
    args = relations.arguments(doc, ents)
    name = next(a for a in args if doc[a.start].text == "Zorbix")
    which = next(a for a in args if doc[a.start].text == "which")
    assert which.pending == "name" and which.group == name.group


def test_features_read_through_lists_and_noun_modifiers():
    # "Acme is the parent company of Beta and Gamma."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("is", 1, "ROOT", "AUX", "be"),
        Tok("the", 4, "det", "DET"),
        Tok("parent", 4, "compound", "NOUN"),
        Tok("company", 1, "attr", "NOUN"),
        Tok("of", 4, "prep", "ADP"),
        Tok("Beta", 5, "pobj", "PROPN", ent="B-ORG"),
        Tok("and", 6, "cc", "CCONJ"),
        Tok("Gamma", 6, "conj", "PROPN", ent="B-ORG"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    by_object = {doc[c.object.start].text: c.features for c in relations.candidates(doc, ents) if doc[c.subject.start].text == "Acme"}
    assert "TM=parent" in by_object["Beta"] and "LM=parent" in by_object["Beta"]
    # Gamma, a list member, is reached by the same path as Beta
    path_beta = next(f[2:] for f in by_object["Beta"] if f.startswith("P="))
    assert "PC=" + path_beta in by_object["Gamma"]
    assert "OR=0" in by_object["Beta"]


def test_a_name_with_a_legal_suffix_is_an_organisation_whatever_its_label():
    tokens = [
        Tok("Shivaji", 2, "compound", "PROPN", ent="B-PERSON"),
        Tok("Works", 2, "compound", "PROPN", ent="I-PERSON"),
        Tok("Limited", 3, "nsubj", "PROPN", ent="I-PERSON"),
        Tok("grew", 3, "ROOT", "VERB", "grow"),
        Tok(".", 3, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    [entity] = ents.entities()
    assert entity.kind is EntityKind.ORGANIZATION


def test_a_model_reads_from_its_file_content():
    scorer = relations.Model.from_data({"relations": {"ceo": {"bias": -1.0, "threshold": 0.4, "weights": {"TP=ceo": 3.0}}}})
    assert scorer.accepts("ceo", ["TP=ceo"]) and not scorer.accepts("ceo", [])
    assert not scorer.accepts("spouse", ["TP=ceo"])


@pytest.mark.parametrize("tokens", [BORN, BASED])
def test_token_arrays_read_what_the_tokens_say(tokens):
    from kg.facts.relations.lexicon import lemma, lexicon
    from kg.facts.relations.tokens import tokens as token_arrays

    doc = make_doc(tokens)
    index = token_arrays(doc)
    for t in doc:
        assert (index.lemma[t.i], index.dep[t.i], index.pos[t.i], index.head[t.i]) == (lemma(t), t.dep_, t.pos_, t.head.i)
        assert index.trigger[t.i] == lexicon().trigger(t)
        assert index.modifiers[t.i] == [c.i for c in t.children if c.dep_ in ("compound", "amod")]
        assert index.sent_start[t.i] == t.sent.start


def test_scoring_all_relations_at_once_agrees_with_one_at_a_time():
    scorer = relations.model()
    features = sorted(scorer.by_feature)[::7]
    for n in range(0, len(features), 40):
        chosen = frozenset(features[n : n + 60]) | {"not-a-feature"}
        assert scorer.accepted(list(scorer.weights), chosen) == {r for r in scorer.weights if scorer.accepts(r, chosen)}
