"""Extraction rules on hand-built parses, so they hold whatever the statistical model does."""

from __future__ import annotations

from decimal import Decimal

from conftest import Tok, make_doc

from kg.facts import financial, goals, roles, statements, units
from kg.facts.entities import analyse
from kg.model import EntityKind


def names(ents, facts, field):
    return [ents.name(getattr(f, field)) if getattr(f, field) else None for f in facts]


# "Acme's cloud division saw its revenue grow by 40 percent in 2019."
# (the model tags Acme as a place; the possessed unit noun says it is an organisation)
UNIT_SENTENCE = [
    Tok("Acme", 3, "poss", "PROPN", ent="B-GPE"),
    Tok("’s", 0, "case", "PART"),
    Tok("cloud", 3, "compound", "NOUN"),
    Tok("division", 4, "nsubj", "NOUN"),
    Tok("saw", 4, "ROOT", "VERB", "see"),
    Tok("its", 6, "poss", "PRON"),
    Tok("revenue", 7, "nsubj", "NOUN"),
    Tok("grow", 4, "ccomp", "VERB"),
    Tok("by", 7, "prep", "ADP"),
    Tok("40", 10, "nummod", "NUM", ent="B-PERCENT"),
    Tok("percent", 8, "pobj", "NOUN", ent="I-PERCENT"),
    Tok("in", 7, "prep", "ADP"),
    Tok("2019", 11, "pobj", "NUM", ent="B-DATE"),
    Tok(".", 4, "punct", "PUNCT"),
]


def test_possessor_of_a_division_is_an_organisation_and_the_unit_is_found():
    doc = make_doc(UNIT_SENTENCE)
    ents = analyse(doc, "d")
    kinds = {e.name: e.kind for e in ents.entities()}
    assert kinds == {"Acme": EntityKind.ORGANIZATION, "Acme cloud division": EntityKind.UNIT}
    links = list(units.extract(doc, ents))
    assert [(ents.name(f.unit), ents.name(f.parent), f.relation) for f in links] == [("Acme cloud division", "Acme", "division")]


def test_growth_by_a_percentage_is_a_signed_change_of_the_pronoun_s_referent():
    doc = make_doc(UNIT_SENTENCE)
    ents = analyse(doc, "d")
    [figure] = financial.extract(doc, ents)
    assert ents.name(figure.subject) == "Acme cloud division"
    assert (figure.metric, figure.value, figure.unit, figure.change, figure.period) == ("revenue", Decimal(40), "percent", True, "2019")


def test_a_fall_is_negative():
    tokens = [
        Tok("Acme", 2, "poss", "PROPN", ent="B-ORG"),
        Tok("’s", 0, "case", "PART"),
        Tok("profits", 3, "nsubj", "NOUN", "profit"),
        Tok("fell", 3, "ROOT", "VERB", "fall"),
        Tok("9", 5, "nummod", "NUM", ent="B-PERCENT"),
        Tok("%", 3, "dobj", "NOUN", ent="I-PERCENT"),
        Tok(".", 3, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens)
    [figure] = financial.extract(doc, analyse(doc, "d"))
    assert (figure.metric, figure.value, figure.change) == ("profit", Decimal(-9), True)


# "Jane Roe, chief executive of Acme, said the firm aims to open 20 stores and hire 500 staff by 2030."
ROLE_GOAL_SENTENCE = [
    Tok("Jane", 1, "compound", "PROPN", ent="B-PERSON"),
    Tok("Roe", 8, "nsubj", "PROPN", ent="I-PERSON"),
    Tok(",", 1, "punct", "PUNCT"),
    Tok("chief", 4, "amod", "ADJ"),
    Tok("executive", 1, "appos", "NOUN"),
    Tok("of", 4, "prep", "ADP"),
    Tok("Acme", 5, "pobj", "PROPN", ent="B-ORG"),
    Tok(",", 1, "punct", "PUNCT"),
    Tok("said", 8, "ROOT", "VERB", "say"),
    Tok("the", 10, "det", "DET"),
    Tok("firm", 11, "nsubj", "NOUN"),
    Tok("aims", 8, "ccomp", "VERB", "aim"),
    Tok("to", 13, "aux", "PART"),
    Tok("open", 11, "xcomp", "VERB"),
    Tok("20", 15, "nummod", "NUM", ent="B-CARDINAL"),
    Tok("stores", 13, "dobj", "NOUN", "store"),
    Tok("and", 13, "cc", "CCONJ"),
    Tok("hire", 13, "conj", "VERB"),
    Tok("500", 19, "nummod", "NUM", ent="B-CARDINAL"),
    Tok("staff", 17, "dobj", "NOUN"),
    Tok("by", 17, "prep", "ADP"),
    Tok("2030", 20, "pobj", "NUM", ent="B-DATE"),
    Tok(".", 8, "punct", "PUNCT"),
]


def test_appositive_title_gives_a_membership():
    doc = make_doc(ROLE_GOAL_SENTENCE)
    ents = analyse(doc, "d")
    [membership] = roles.extract(doc, ents)
    assert (ents.name(membership.person), membership.role, ents.name(membership.org)) == ("Jane Roe", "chief executive", "Acme")
    assert membership.role_text == "chief executive of Acme"


def test_coordinated_goals_share_the_deadline_and_the_speaker():
    doc = make_doc(ROLE_GOAL_SENTENCE)
    ents = analyse(doc, "d")
    found = list(goals.extract(doc, ents))
    assert [(g.action, g.quantity, g.object, g.deadline) for g in found] == [
        ("open", Decimal(20), "stores", "2030"),
        ("hire", Decimal(500), "staff", "2030"),
    ]
    assert names(ents, found, "holder") == ["Acme", "Acme"]  # "the firm"
    assert names(ents, found, "stated_by") == ["Jane Roe", "Jane Roe"]
    assert {g.modality for g in found} == {"aims"}


def test_negated_plan_is_not_a_goal():
    tokens = [
        Tok("Acme", 3, "nsubj", "PROPN", ent="B-ORG"),
        Tok("does", 3, "aux", "AUX", "do"),
        Tok("not", 3, "neg", "PART"),
        Tok("plan", 3, "ROOT", "VERB"),
        Tok("to", 5, "aux", "PART"),
        Tok("sell", 3, "xcomp", "VERB"),
        Tok(".", 3, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens)
    assert list(goals.extract(doc, analyse(doc, "d"))) == []


def test_according_to_a_person_and_an_outlet():
    # "Sales are risky, according to Roe, according to Newswire."  (Roe named before)
    tokens = [
        Tok("Jane", 1, "compound", "PROPN", ent="B-PERSON"),
        Tok("Roe", 2, "nsubj", "PROPN", ent="I-PERSON"),
        Tok("spoke", 2, "ROOT", "VERB", "speak"),
        Tok(".", 2, "punct", "PUNCT"),
        Tok("Sales", 5, "nsubj", "NOUN", "sale"),
        Tok("are", 5, "ROOT", "AUX", "be"),
        Tok("risky", 5, "acomp", "ADJ"),
        Tok(",", 5, "punct", "PUNCT"),
        Tok("according", 5, "prep", "VERB", "accord"),
        Tok("to", 8, "prep", "ADP"),
        Tok("Roe", 9, "pobj", "PROPN", ent="B-PERSON"),
        Tok(",", 5, "punct", "PUNCT"),
        Tok("according", 5, "prep", "VERB", "accord"),
        Tok("to", 12, "prep", "ADP"),
        Tok("Newswire", 13, "pobj", "PROPN", ent="B-GPE"),
        Tok(".", 5, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    assert {e.name: e.kind for e in ents.entities()}["Newswire"] is EntityKind.ORGANIZATION
    [statement] = statements.extract(doc, ents)
    assert ents.name(statement.speaker) == "Jane Roe" and ents.name(statement.source) == "Newswire"
    assert statement.content == "Sales are risky."


def test_common_noun_misread_as_a_person_is_not_an_entity():
    tokens = [
        Tok("Mom", 1, "nsubj", "NOUN", ent="B-PERSON"),
        Tok("says", 1, "ROOT", "VERB", "say"),
        Tok("she", 3, "nsubj", "PRON"),
        Tok("agrees", 1, "ccomp", "VERB", "agree"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    assert ents.entities() == ()
    assert list(statements.extract(doc, ents)) == []


def test_surname_and_pronoun_resolve_to_the_full_name():
    tokens = [
        Tok("Jane", 1, "compound", "PROPN", ent="B-PERSON"),
        Tok("Roe", 2, "nsubj", "PROPN", ent="I-PERSON"),
        Tok("left", 2, "ROOT", "VERB", "leave"),
        Tok(".", 2, "punct", "PUNCT"),
        Tok("Roe", 5, "nsubj", "PROPN", ent="B-PERSON"),
        Tok("said", 5, "ROOT", "VERB", "say"),
        Tok("she", 7, "nsubj", "PRON"),
        Tok("agreed", 5, "ccomp", "VERB", "agree"),
        Tok(".", 5, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    [person] = ents.entities()
    assert person.name == "Jane Roe" and person.alt_names == ("Roe",)
    assert [m.rule for m in person.mentions] == ["name", "name", "pronoun"]
    assert [(m.merged, m.rule) for m in ents.merges] == [("Roe", "surname")]


def test_named_subsidiary_in_apposition():
    # "Lexus, a subsidiary of Toyota, grew."
    tokens = [
        Tok("Lexus", 7, "nsubj", "PROPN", ent="B-ORG"),
        Tok(",", 0, "punct", "PUNCT"),
        Tok("a", 3, "det", "DET"),
        Tok("subsidiary", 0, "appos", "NOUN"),
        Tok("of", 3, "prep", "ADP"),
        Tok("Toyota", 4, "pobj", "PROPN", ent="B-ORG"),
        Tok(",", 0, "punct", "PUNCT"),
        Tok("grew", 7, "ROOT", "VERB", "grow"),
        Tok(".", 7, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    links = [(ents.name(f.unit), ents.name(f.parent), f.relation) for f in units.extract(doc, ents)]
    assert links == [("Lexus", "Toyota", "subsidiary")]
