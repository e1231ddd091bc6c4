"""Reference resolution on hand-built parses: 'it' of a plan, of a statement noun and
beside a plural subject; descriptions ranked by a country; appositive names."""

from __future__ import annotations

import pytest
from conftest import Tok, make_doc

from kg.facts.entities import analyse


def referent(tokens, i):
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    key = ents.key(doc[i])
    return ents.name(key) if key is not None else None


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        # "Acme said it is to relocate plants."
        ([Tok("to", 5, "aux", "PART"), Tok("relocate", 3, "xcomp", "VERB"), Tok("plants", 5, "dobj", "NOUN", "plant")], "Acme"),
        # "Acme said it is to be paid." (the thing paid, not the firm)
        ([Tok("to", 5, "aux", "PART"), Tok("be", 5, "auxpass", "AUX"), Tok("paid", 3, "xcomp", "VERB", "pay")], None),
        # "Acme said it is important now again." (an expletive copula)
        ([Tok("important", 3, "acomp", "ADJ"), Tok("now", 3, "advmod", "ADV"), Tok("again", 3, "advmod", "ADV")], None),
    ],
)
def test_it_of_is_to_is_the_speaker_it_of_a_copula_is_not(clause, expected):
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("said", 1, "ROOT", "VERB", "say", tag="VBD"),
        Tok("it", 3, "nsubj", "PRON"),
        Tok("is", 1, "ccomp", "AUX", "be", tag="VBZ"),
        *clause,
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert referent(tokens, 2) == expected


def test_it_in_a_statement_noun_clause_is_the_author_of_the_statement():
    # "The plant was hit by Acme's announcement that it is to spin off a unit."
    tokens = [
        Tok("The", 1, "det", "DET"),
        Tok("plant", 3, "nsubjpass", "NOUN"),
        Tok("was", 3, "auxpass", "AUX", "be"),
        Tok("hit", 3, "ROOT", "VERB", tag="VBN"),
        Tok("by", 3, "agent", "ADP"),
        Tok("Acme", 7, "poss", "PROPN", ent="B-ORG"),
        Tok("'s", 5, "case", "PART"),
        Tok("announcement", 4, "pobj", "NOUN"),
        Tok("that", 10, "mark", "SCONJ"),
        Tok("it", 10, "nsubj", "PRON"),
        Tok("is", 7, "acl", "AUX", "be", tag="VBZ"),
        Tok("to", 12, "aux", "PART"),
        Tok("spin", 10, "xcomp", "VERB"),
        Tok("off", 12, "prt", "ADP"),
        Tok("a", 15, "det", "DET"),
        Tok("unit", 12, "dobj", "NOUN"),
        Tok(".", 3, "punct", "PUNCT"),
    ]
    assert referent(tokens, 9) == "Acme"


@pytest.mark.parametrize(("noun", "tag", "expected"), [("shares", "NNS", "Acme"), ("price", "NN", None)])
def test_a_plural_subject_does_not_compete_with_it(noun, tag, expected):
    # "Acme saw its shares rise after it said so." ('it' cannot be the shares; it can be the price)
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("saw", 1, "ROOT", "VERB", "see", tag="VBD"),
        Tok("its", 3, "poss", "PRON"),
        Tok(noun, 4, "nsubj", "NOUN", tag=tag),
        Tok("rise", 1, "ccomp", "VERB"),
        Tok("after", 7, "mark", "SCONJ"),
        Tok("it", 7, "nsubj", "PRON"),
        Tok("said", 4, "advcl", "VERB", "say", tag="VBD"),
        Tok("so", 7, "advmod", "ADV"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert referent(tokens, 6) == expected


def test_a_description_ranked_by_a_country_refers_back():
    # "Acme grew. South Korea's top car maker expects growth."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("grew", 1, "ROOT", "VERB", "grow"),
        Tok(".", 1, "punct", "PUNCT"),
        Tok("South", 4, "compound", "PROPN", ent="B-GPE"),
        Tok("Korea", 8, "poss", "PROPN", ent="I-GPE"),
        Tok("'s", 4, "case", "PART"),
        Tok("top", 8, "amod", "ADJ"),
        Tok("car", 8, "compound", "NOUN"),
        Tok("maker", 9, "nsubj", "NOUN"),
        Tok("expects", 9, "ROOT", "VERB", "expect", tag="VBZ"),
        Tok("growth", 9, "dobj", "NOUN"),
        Tok(".", 9, "punct", "PUNCT"),
    ]
    assert referent(tokens, 8) == "Acme"


def test_a_description_with_a_descriptive_appositive_is_still_definite():
    # "Acme grew. The Swedish firm, the largest maker, said so."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("grew", 1, "ROOT", "VERB", "grow"),
        Tok(".", 1, "punct", "PUNCT"),
        Tok("The", 5, "det", "DET"),
        Tok("Swedish", 5, "amod", "ADJ", ent="B-NORP"),
        Tok("firm", 11, "nsubj", "NOUN"),
        Tok(",", 5, "punct", "PUNCT"),
        Tok("the", 9, "det", "DET"),
        Tok("largest", 9, "amod", "ADJ", "large"),
        Tok("maker", 5, "appos", "NOUN"),
        Tok(",", 5, "punct", "PUNCT"),
        Tok("said", 11, "ROOT", "VERB", "say", tag="VBD"),
        Tok("so", 11, "advmod", "ADV"),
        Tok(".", 11, "punct", "PUNCT"),
    ]
    assert referent(tokens, 5) == "Acme"


def test_it_after_a_described_subject_is_its_appositive_name():
    # "India's biggest firm, Acme, says it is in talks to buy Beta."
    tokens = [
        Tok("India", 3, "poss", "PROPN", ent="B-GPE"),
        Tok("'s", 0, "case", "PART"),
        Tok("biggest", 3, "amod", "ADJ", "big"),
        Tok("firm", 7, "nsubj", "NOUN"),
        Tok(",", 3, "punct", "PUNCT"),
        Tok("Acme", 3, "appos", "PROPN", ent="B-ORG"),
        Tok(",", 3, "punct", "PUNCT"),
        Tok("says", 7, "ROOT", "VERB", "say", tag="VBZ"),
        Tok("it", 9, "nsubj", "PRON"),
        Tok("is", 7, "ccomp", "AUX", "be", tag="VBZ"),
        Tok("in", 9, "prep", "ADP"),
        Tok("talks", 10, "pobj", "NOUN", "talk", tag="NNS"),
        Tok("to", 13, "aux", "PART"),
        Tok("buy", 11, "acl", "VERB"),
        Tok("Beta", 13, "dobj", "PROPN", ent="B-ORG"),
        Tok(".", 7, "punct", "PUNCT"),
    ]
    assert referent(tokens, 8) == "Acme"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # "Acme said it is in talks to buy Beta."
        (["in", "talks", "talk"], "Acme"),
        # "Acme said it is in the interest to buy Beta." (an extraposed clause)
        (["in", "interest", "interest"], None),
        # "Acme said it is up governments to buy Beta." ("it is up to governments to decide")
        (["up", "governments", "government"], None),
    ],
)
def test_it_of_a_planning_state_is_the_planner_an_extraposed_it_is_not(words, expected):
    prep, noun, lemma = words
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("said", 1, "ROOT", "VERB", "say", tag="VBD"),
        Tok("it", 3, "nsubj", "PRON"),
        Tok("is", 1, "ccomp", "AUX", "be", tag="VBZ"),
        Tok(prep, 3, "prep", "ADP"),
        Tok(noun, 4, "pobj", "NOUN", lemma),
        Tok("to", 7, "aux", "PART"),
        Tok("buy", 5 if noun == "talks" else 3, "acl" if noun == "talks" else "xcomp", "VERB"),
        Tok("Beta", 7, "dobj", "PROPN", ent="B-ORG"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert referent(tokens, 2) == expected


@pytest.mark.parametrize(("coordinated", "expected"), [(True, None), (False, "Acme")])
def test_their_after_a_coordinated_subject_is_no_one_organisation(coordinated, expected):
    # "Acme and Quix control their shops." / "Acme controls their shops." (a plural 'their' for one firm)
    subject = [Tok("Acme", 3, "nsubj", "PROPN", ent="B-ORG"), Tok("and", 0, "cc", "CCONJ"), Tok("Quix", 0, "conj", "PROPN", ent="B-ORG")]
    if not coordinated:
        subject = [Tok("Acme", 3, "nsubj", "PROPN", ent="B-ORG"), Tok("now", 3, "advmod", "ADV"), Tok("really", 3, "advmod", "ADV")]
    tokens = [
        *subject,
        Tok("control", 3, "ROOT", "VERB"),
        Tok("their", 5, "poss", "PRON"),
        Tok("shops", 3, "dobj", "NOUN", "shop", tag="NNS"),
        Tok(".", 3, "punct", "PUNCT"),
    ]
    assert referent(tokens, 4) == expected
