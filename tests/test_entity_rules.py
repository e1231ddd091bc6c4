"""Entity typing, name clustering and coreference on hand-built parses."""

from __future__ import annotations

import pytest
from conftest import Tok, make_doc

from kg.facts.entities import analyse
from kg.model import EntityKind

ORG, PERSON, PLACE = EntityKind.ORGANIZATION, EntityKind.PERSON, EntityKind.PLACE


def kinds(tokens: list[Tok]) -> dict[str, EntityKind]:
    return {e.name: e.kind for e in analyse(make_doc(tokens), "d").entities()}


# "Zorbex, the Swedish firm, cut jobs."  (model: place)
APPOSITION = [
    Tok("Zorbex", 6, "nsubj", "PROPN", ent="B-GPE"),
    Tok(",", 0, "punct", "PUNCT"),
    Tok("the", 4, "det", "DET"),
    Tok("Swedish", 4, "amod", "ADJ", ent="B-NORP"),
    Tok("firm", 0, "appos", "NOUN"),
    Tok(",", 0, "punct", "PUNCT"),
    Tok("cut", 6, "ROOT", "VERB"),
    Tok("jobs", 6, "dobj", "NOUN", "job"),
    Tok(".", 6, "punct", "PUNCT"),
]
# "Investors bought shares in Deccanair."  (model: person)
SHARES_IN = [
    Tok("Investors", 1, "nsubj", "NOUN", "investor"),
    Tok("bought", 1, "ROOT", "VERB", "buy"),
    Tok("shares", 1, "dobj", "NOUN", "share"),
    Tok("in", 2, "prep", "ADP"),
    Tok("Deccanair", 3, "pobj", "PROPN", ent="B-PERSON"),
    Tok(".", 1, "punct", "PUNCT"),
]
# "Quarto chief executive Ann Lee resigned."  (model: Quarto untagged)
POST_PREMODIFIER = [
    Tok("Quarto", 3, "compound", "PROPN"),
    Tok("chief", 2, "amod", "ADJ"),
    Tok("executive", 4, "compound", "NOUN"),
    Tok("Ann", 4, "compound", "PROPN", ent="B-PERSON"),
    Tok("Lee", 5, "nsubj", "PROPN", ent="I-PERSON"),
    Tok("resigned", 5, "ROOT", "VERB", "resign"),
    Tok(".", 5, "punct", "PUNCT"),
]
# "Gamma Zorbex Inc agreed to sell its chemicals arm."  (model: untagged)
LEGAL_FORM = [
    Tok("Gamma", 2, "compound", "PROPN"),
    Tok("Zorbex", 2, "compound", "PROPN"),
    Tok("Inc", 3, "nsubj", "PROPN"),
    Tok("agreed", 3, "ROOT", "VERB", "agree"),
    Tok("to", 5, "aux", "PART"),
    Tok("sell", 3, "xcomp", "VERB"),
    Tok("its", 8, "poss", "PRON", "its"),
    Tok("chemicals", 8, "compound", "NOUN", "chemical"),
    Tok("arm", 5, "dobj", "NOUN"),
    Tok(".", 3, "punct", "PUNCT"),
]
# "Zorbex plc cut jobs."  (model: untagged; the legal form in lower case)
LOWER_LEGAL_FORM = [
    Tok("Zorbex", 1, "compound", "PROPN"),
    Tok("plc", 2, "nsubj", "PROPN"),
    Tok("cut", 2, "ROOT", "VERB"),
    Tok("jobs", 2, "dobj", "NOUN", "job"),
    Tok(".", 2, "punct", "PUNCT"),
]
# "Mr Premo, 54, resigned."  (model: organisation)
HONORIFIC_AGE = [
    Tok("Mr", 1, "compound", "PROPN"),
    Tok("Premo", 5, "nsubj", "PROPN", ent="B-ORG"),
    Tok(",", 1, "punct", "PUNCT"),
    Tok("54", 1, "appos", "NUM"),
    Tok(",", 1, "punct", "PUNCT"),
    Tok("resigned", 5, "ROOT", "VERB", "resign"),
    Tok(".", 5, "punct", "PUNCT"),
]
# "XT said sales rose."  (model: place; an acronym outside the gazetteer)
ACRONYM = [
    Tok("XT", 1, "nsubj", "PROPN", ent="B-GPE"),
    Tok("said", 1, "ROOT", "VERB", "say"),
    Tok("sales", 3, "nsubj", "NOUN", "sale"),
    Tok("rose", 1, "ccomp", "VERB", "rise"),
    Tok(".", 1, "punct", "PUNCT"),
]
# "France said sales rose."  (a known country keeps its type)
COUNTRY = [Tok("France", 1, "nsubj", "PROPN", ent="B-GPE")] + ACRONYM[1:]
# "London-based Zorbex grew."
BASED = [
    Tok("London", 2, "npadvmod", "PROPN", ent="B-GPE"),
    Tok("-", 2, "punct", "PUNCT"),
    Tok("based", 3, "amod", "VERB", "base"),
    Tok("Zorbex", 4, "nsubj", "PROPN", ent="B-ORG"),
    Tok("grew", 4, "ROOT", "VERB", "grow"),
    Tok(".", 4, "punct", "PUNCT"),
]
# "Zorbex's shares in London fell."  (where shares trade, not whose they are)
TRADED_IN = [
    Tok("Zorbex", 2, "poss", "PROPN", ent="B-ORG"),
    Tok("’s", 0, "case", "PART"),
    Tok("shares", 5, "nsubj", "NOUN", "share"),
    Tok("in", 2, "prep", "ADP"),
    Tok("London", 3, "pobj", "PROPN", ent="B-GPE"),
    Tok("fell", 5, "ROOT", "VERB", "fall"),
    Tok(".", 5, "punct", "PUNCT"),
]
# "The official Xinhua Agency said ..."  (an adjective is no post)
OFFICIAL = [
    Tok("The", 3, "det", "DET"),
    Tok("official", 3, "amod", "ADJ"),
    Tok("Xinhua", 3, "compound", "PROPN", ent="B-ORG"),
    Tok("Agency", 4, "nsubj", "PROPN", ent="I-ORG"),
    Tok("said", 4, "ROOT", "VERB", "say"),
    Tok(".", 4, "punct", "PUNCT"),
]
# "Air Zorbex ordered planes."  (model: person)
AIR = [
    Tok("Air", 1, "compound", "PROPN", ent="B-PERSON"),
    Tok("Zorbex", 2, "nsubj", "PROPN", ent="I-PERSON"),
    Tok("ordered", 2, "ROOT", "VERB", "order"),
    Tok("planes", 2, "dobj", "NOUN", "plane"),
    Tok(".", 2, "punct", "PUNCT"),
]
# "It is owned by richest man Ravi Premo."  (model: organisation)
RICHEST_MAN = [
    Tok("It", 2, "nsubjpass", "PRON"),
    Tok("is", 2, "auxpass", "AUX"),
    Tok("owned", 2, "ROOT", "VERB", "own"),
    Tok("by", 2, "agent", "ADP"),
    Tok("richest", 5, "amod", "ADJ"),
    Tok("man", 7, "compound", "NOUN"),
    Tok("Ravi", 7, "compound", "PROPN", ent="B-ORG"),
    Tok("Premo", 3, "pobj", "PROPN", ent="I-ORG"),
    Tok(".", 2, "punct", "PUNCT"),
]


@pytest.mark.parametrize(
    ("tokens", "name", "kind"),
    [
        (APPOSITION, "Zorbex", ORG),
        (SHARES_IN, "Deccanair", ORG),
        (POST_PREMODIFIER, "Quarto", ORG),
        (POST_PREMODIFIER, "Ann Lee", PERSON),
        (HONORIFIC_AGE, "Premo", PERSON),
        (ACRONYM, "XT", ORG),
        (COUNTRY, "France", PLACE),
        (BASED, "London", PLACE),
        (TRADED_IN, "London", PLACE),
        (OFFICIAL, "Xinhua Agency", ORG),
        (AIR, "Air Zorbex", ORG),
        (RICHEST_MAN, "Ravi Premo", PERSON),
        (LEGAL_FORM, "Gamma Zorbex Inc", ORG),
        (LOWER_LEGAL_FORM, "Zorbex plc", ORG),
    ],
)
def test_context_types_a_name(tokens, name, kind):
    assert kinds(tokens)[name] == kind


def _two_names(first: str, second: str) -> list[Tok]:
    """"<first> rose and <second> fell." with both tagged organisations."""
    a, b = first.split(), second.split()
    toks: list[Tok] = []
    for i, w in enumerate(a):
        toks.append(Tok(w, len(a) - 1, "compound" if i < len(a) - 1 else "nsubj", "PROPN", ent=("B-ORG" if i == 0 else "I-ORG")))
    rose = len(toks)
    toks[-1].head = rose
    toks.append(Tok("rose", rose, "ROOT", "VERB", "rise"))
    toks.append(Tok("and", rose, "cc", "CCONJ"))
    start = len(toks)
    fell = start + len(b)
    for i, w in enumerate(b):
        toks.append(Tok(w, fell if i == len(b) - 1 else start + len(b) - 1, "nsubj" if i == len(b) - 1 else "compound", "PROPN", ent=("B-ORG" if i == 0 else "I-ORG")))
    toks.append(Tok("fell", rose, "conj", "VERB", "fall"))
    toks.append(Tok(".", rose, "punct", "PUNCT"))
    return toks


@pytest.mark.parametrize(
    ("first", "second", "merged", "rule"),
    [
        ("Hanwa Motor", "Hanwa", True, "generic-extension"),
        ("Time Warner", "TimeWarner", True, "spelling"),
        ("GM Europe", "GM", False, None),
    ],
)
def test_name_variants(first, second, merged, rule):
    ents = analyse(make_doc(_two_names(first, second)), "d")
    orgs = [e for e in ents.entities() if e.kind is ORG]
    assert len(orgs) == (1 if merged else 2)
    assert [m.rule for m in ents.merges] == ([rule] if merged else [])


# "Regulator Ofcom fined Zorbex. The company appealed."
def test_the_company_is_not_the_regulator():
    tokens = [
        Tok("Regulator", 1, "compound", "NOUN", "regulator"),
        Tok("Ofcom", 2, "nsubj", "PROPN", ent="B-ORG"),
        Tok("fined", 2, "ROOT", "VERB", "fine"),
        Tok("Zorbex", 2, "dobj", "PROPN", ent="B-ORG"),
        Tok(".", 2, "punct", "PUNCT"),
        Tok("The", 6, "det", "DET"),
        Tok("company", 7, "nsubj", "NOUN"),
        Tok("appealed", 7, "ROOT", "VERB", "appeal"),
        Tok(".", 7, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    assert ents.name(ents.key(doc[6])) == "Zorbex"


# "Zorbex rose. Russia said it will sell Zorbex."  ('it' is the speaker, a country)
def test_it_can_be_the_country_that_speaks():
    tokens = [
        Tok("Zorbex", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("rose", 1, "ROOT", "VERB", "rise"),
        Tok(".", 1, "punct", "PUNCT"),
        Tok("Russia", 4, "nsubj", "PROPN", ent="B-GPE"),
        Tok("said", 4, "ROOT", "VERB", "say"),
        Tok("it", 7, "nsubj", "PRON"),
        Tok("will", 7, "aux", "AUX"),
        Tok("sell", 4, "ccomp", "VERB"),
        Tok("Zorbex", 7, "dobj", "PROPN", ent="B-ORG"),
        Tok(".", 4, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    assert ents.name(ents.key(doc[5])) == "Russia"


# "Zorbex saw its shares rise."  (possessive 'its' bound by its clause's subject)
def test_its_is_bound_by_the_clause_subject():
    tokens = [
        Tok("Zorbex", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("saw", 1, "ROOT", "VERB", "see"),
        Tok("its", 3, "poss", "PRON"),
        Tok("shares", 4, "nsubj", "NOUN", "share"),
        Tok("rise", 1, "ccomp", "VERB"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    assert ents.name(ents.key(doc[2])) == "Zorbex"


def _misread_company(honorific: bool) -> list[Tok]:
    """"Zorbex grew. Zorbex fell. Zorbex rose. Zorbex's unit grew." with every Zorbex read
    as a person; optionally "Mr Zorbex" in the first sentence."""
    tokens: list[Tok] = []
    if honorific:
        tokens.append(Tok("Mr", 1, "compound", "PROPN"))
    for verb in ("grew", "fell", "rose"):
        start = len(tokens)
        tokens += [Tok("Zorbex", start + 1, "nsubj", "PROPN", ent="B-PERSON"), Tok(verb, start + 1, "ROOT", "VERB"), Tok(".", start + 1, "punct", "PUNCT")]
    start = len(tokens)
    tokens += [
        Tok("Zorbex", start + 2, "poss", "PROPN", ent="B-PERSON"),
        Tok("'s", start, "case", "PART"),
        Tok("unit", start + 3, "nsubj", "NOUN"),
        Tok("grew", start + 3, "ROOT", "VERB", "grow"),
        Tok(".", start + 3, "punct", "PUNCT"),
    ]
    return tokens


@pytest.mark.parametrize(("honorific", "kind"), [(False, ORG), (True, PERSON)])
def test_a_one_word_name_with_only_organisation_evidence_is_an_organisation(honorific, kind):
    # the model's labels outvote one possessed unit, but a person is introduced by a
    # full name or an honorific, which this name never has
    assert kinds(_misread_company(honorific))["Zorbex"] == kind


def _addressed_later(honorific: str) -> list[Tok]:
    """"Simon Vantrell spoke. HONORIFIC Vantrell agreed." with the full name read as a
    place (as the model read "Deutsche Bank's Simon Champion") and the second mention untagged."""
    return [
        Tok("Simon", 1, "compound", "PROPN", ent="B-GPE"),
        Tok("Vantrell", 2, "nsubj", "PROPN", ent="I-GPE"),
        Tok("spoke", 2, "ROOT", "VERB", "speak"),
        Tok(".", 2, "punct", "PUNCT"),
        Tok(honorific, 5, "compound", "PROPN"),
        Tok("Vantrell", 6, "nsubj", "PROPN"),
        Tok("agreed", 6, "ROOT", "VERB", "agree"),
        Tok(".", 6, "punct", "PUNCT"),
    ]


@pytest.mark.parametrize(("honorific", "kind"), [("Mr", PERSON), ("Ms", PERSON), ("New", PLACE)])
def test_a_full_name_read_as_a_place_whose_surname_is_addressed_with_an_honorific_is_a_person(honorific, kind):
    assert kinds(_addressed_later(honorific))["Simon Vantrell"] == kind


# "Zorbex signed with Hindustan Aeronautics (HAL)."  (model: "Hindustan Aeronautics (HAL")
UNCLOSED = [
    Tok("Zorbex", 1, "nsubj", "PROPN", ent="B-ORG"),
    Tok("signed", 1, "ROOT", "VERB", "sign"),
    Tok("with", 1, "prep", "ADP"),
    Tok("Hindustan", 4, "compound", "PROPN", ent="B-ORG"),
    Tok("Aeronautics", 2, "pobj", "PROPN", ent="I-ORG"),
    Tok("(", 6, "punct", "PUNCT", ent="I-ORG"),
    Tok("HAL", 4, "appos", "PROPN", ent="I-ORG"),
    Tok(")", 6, "punct", "PUNCT"),
    Tok(".", 1, "punct", "PUNCT"),
]


def test_a_name_ends_before_a_bracket_it_does_not_close():
    assert set(kinds(UNCLOSED)) == {"Zorbex", "Hindustan Aeronautics"}
