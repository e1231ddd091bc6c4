"""Role rules on hand-built parses: posts taken up, titles before quoted speakers, demonyms."""

from __future__ import annotations

from conftest import Tok, make_doc

from kg.facts import roles
from kg.facts.entities import analyse


def posts(tokens):
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    return sorted((ents.name(m.person), m.role, ents.name(m.org) if m.org else None) for m in roles.extract(doc, ents))


def test_coordinated_titles_of_a_post_taken_up_share_the_organisation():
    # "Jane Roe is to become chairman and chief executive of Acme."
    tokens = [
        Tok("Jane", 1, "compound", "PROPN", ent="B-PERSON"),
        Tok("Roe", 2, "nsubj", "PROPN", ent="I-PERSON"),
        Tok("is", 2, "ROOT", "AUX", "be"),
        Tok("to", 4, "aux", "PART"),
        Tok("become", 2, "xcomp", "VERB"),
        Tok("chairman", 4, "attr", "NOUN"),
        Tok("and", 5, "cc", "CCONJ"),
        Tok("chief", 8, "amod", "ADJ"),
        Tok("executive", 5, "conj", "NOUN"),
        Tok("of", 5, "prep", "ADP"),
        Tok("Acme", 9, "pobj", "PROPN", ent="B-ORG"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    assert posts(tokens) == [("Jane Roe", "chairman", "Acme"), ("Jane Roe", "chief executive", "Acme")]


def test_a_title_before_a_quoted_speaker_attached_elsewhere_is_still_read():
    # Acme grew. "Sales were strong," chief executive Jane Roe said.
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("grew", 1, "ROOT", "VERB", "grow"),
        Tok(".", 1, "punct", "PUNCT"),
        Tok('"', 5, "punct", "PUNCT"),
        Tok("Sales", 5, "nsubj", "NOUN"),
        Tok("were", 13, "ccomp", "AUX", "be"),
        Tok("strong", 5, "acomp", "ADJ"),
        Tok(",", 5, "punct", "PUNCT"),
        Tok('"', 5, "punct", "PUNCT"),
        Tok("chief", 10, "amod", "ADJ"),
        Tok("executive", 5, "attr", "NOUN"),
        Tok("Jane", 12, "compound", "PROPN", ent="B-PERSON"),
        Tok("Roe", 13, "nsubj", "PROPN", ent="I-PERSON"),
        Tok("said", 13, "ROOT", "VERB", "say"),
        Tok(".", 13, "punct", "PUNCT"),
    ]
    assert posts(tokens) == [("Jane Roe", "chief executive", "Acme")]


def test_a_demonym_names_the_country_of_a_government_post():
    # "France objected. French finance minister Jean Dupont spoke."
    tokens = [
        Tok("France", 1, "nsubj", "PROPN", ent="B-GPE"),
        Tok("objected", 1, "ROOT", "VERB", "object"),
        Tok(".", 1, "punct", "PUNCT"),
        Tok("French", 5, "amod", "ADJ", ent="B-NORP"),
        Tok("finance", 5, "compound", "NOUN"),
        Tok("minister", 7, "compound", "NOUN"),
        Tok("Jean", 7, "compound", "PROPN", ent="B-PERSON"),
        Tok("Dupont", 8, "nsubj", "PROPN", ent="I-PERSON"),
        Tok("spoke", 8, "ROOT", "VERB", "speak"),
        Tok(".", 8, "punct", "PUNCT"),
    ]
    assert posts(tokens) == [("Jean Dupont", "finance minister", "France")]
