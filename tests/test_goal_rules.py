"""Goal rules on hand-built parses: plan nouns, orders, what is not a goal."""

from __future__ import annotations

from decimal import Decimal

from conftest import Tok, make_doc

from kg.facts import goals
from kg.facts.entities import analyse


def found(tokens):
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    return [(ents.name(g.holder), g.action, g.quantity) for g in goals.extract(doc, ents)]


def test_a_plan_noun_with_an_infinitive_is_a_goal_of_the_clause_subject():
    # "Acme unveiled plans to cut prices by 8%."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("unveiled", 1, "ROOT", "VERB", "unveil"),
        Tok("plans", 1, "dobj", "NOUN", "plan"),
        Tok("to", 4, "aux", "PART"),
        Tok("cut", 2, "acl", "VERB"),
        Tok("prices", 4, "dobj", "NOUN", "price"),
        Tok("by", 4, "prep", "ADP"),
        Tok("8", 8, "nummod", "NUM", ent="B-PERCENT"),
        Tok("%", 6, "pobj", "NOUN", ent="I-PERCENT"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(tokens) == [("Acme", "cut", Decimal(8))]


def test_an_order_is_a_purchase_to_come():
    # "Acme has ordered 30 planes."
    tokens = [
        Tok("Acme", 2, "nsubj", "PROPN", ent="B-ORG"),
        Tok("has", 2, "aux", "AUX", "have"),
        Tok("ordered", 2, "ROOT", "VERB", "order"),
        Tok("30", 4, "nummod", "NUM", ent="B-CARDINAL"),
        Tok("planes", 2, "dobj", "NOUN", "plane"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    assert found(tokens) == [("Acme", "buy", Decimal(30))]


def test_a_predicted_state_and_an_appointment_are_not_goals():
    # "Acme will benefit from the launch." / "Jane Roe is to succeed John Doe."
    state = [
        Tok("Acme", 2, "nsubj", "PROPN", ent="B-ORG"),
        Tok("will", 2, "aux", "AUX"),
        Tok("benefit", 2, "ROOT", "VERB"),
        Tok("from", 2, "prep", "ADP"),
        Tok("the", 5, "det", "DET"),
        Tok("launch", 3, "pobj", "NOUN"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    assert found(state) == []
    appointment = [
        Tok("Jane", 1, "compound", "PROPN", ent="B-PERSON"),
        Tok("Roe", 2, "nsubj", "PROPN", ent="I-PERSON"),
        Tok("is", 2, "ROOT", "AUX", "be"),
        Tok("to", 4, "aux", "PART"),
        Tok("succeed", 2, "xcomp", "VERB"),
        Tok("John", 6, "compound", "PROPN", ent="B-PERSON"),
        Tok("Doe", 4, "dobj", "PROPN", ent="I-PERSON"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    assert found(appointment) == []


def test_an_adjective_of_intention_is_a_cue():
    # "Acme is keen to start a service." / "Acme was keen to start a service." (a past wish)
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("is", 1, "ROOT", "AUX", "be", tag="VBZ"),
        Tok("keen", 1, "acomp", "ADJ"),
        Tok("to", 4, "aux", "PART"),
        Tok("start", 2, "xcomp", "VERB"),
        Tok("a", 6, "det", "DET"),
        Tok("service", 4, "dobj", "NOUN"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(tokens) == [("Acme", "start", None)]
    tokens[1] = Tok("was", 1, "ROOT", "AUX", "be", tag="VBD")
    assert found(tokens) == []


def test_a_reported_is_to_and_a_mislemmatised_cue_are_goals():
    # "Mr Roe said Acme is to close 10 plants." / "Acme hopes to open 10 plants." (lemma "hop")
    reported = [
        Tok("Roe", 1, "nsubj", "PROPN", ent="B-PERSON"),
        Tok("said", 1, "ROOT", "VERB", "say"),
        Tok("Acme", 3, "nsubj", "PROPN", ent="B-ORG"),
        Tok("is", 1, "ccomp", "AUX", "be"),
        Tok("to", 5, "aux", "PART"),
        Tok("close", 3, "xcomp", "VERB"),
        Tok("10", 7, "nummod", "NUM", ent="B-CARDINAL"),
        Tok("plants", 5, "dobj", "NOUN", "plant"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(reported) == [("Acme", "close", Decimal(10))]
    hopes = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("hopes", 1, "ROOT", "VERB", "hop"),
        Tok("to", 3, "aux", "PART"),
        Tok("open", 1, "xcomp", "VERB"),
        Tok("10", 5, "nummod", "NUM", ent="B-CARDINAL"),
        Tok("plants", 3, "dobj", "NOUN", "plant"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(hopes) == [("Acme", "open", Decimal(10))]


def test_jobs_that_are_to_go_at_a_firm_are_cuts_it_plans():
    # "2,500 jobs are to go at Acme." / "2,500 jobs went at Acme." (done: no goal)
    planned = [
        Tok("2,500", 1, "nummod", "NUM", ent="B-CARDINAL"),
        Tok("jobs", 2, "nsubj", "NOUN", "job"),
        Tok("are", 2, "ROOT", "AUX", "be"),
        Tok("to", 4, "aux", "PART"),
        Tok("go", 2, "xcomp", "VERB"),
        Tok("at", 4, "prep", "ADP"),
        Tok("Acme", 5, "pobj", "PROPN", ent="B-ORG"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    assert found(planned) == [("Acme", "cut", Decimal(2500))]
    done = [
        Tok("2,500", 1, "nummod", "NUM", ent="B-CARDINAL"),
        Tok("jobs", 2, "nsubj", "NOUN", "job"),
        Tok("went", 2, "ROOT", "VERB", "go"),
        Tok("at", 2, "prep", "ADP"),
        Tok("Acme", 3, "pobj", "PROPN", ent="B-ORG"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    assert found(done) == []


def test_a_planned_event_is_its_possessors_plan_and_serving_as_a_post_is_not():
    # "Acme's planned cutbacks hit Bolt." / "Jane Roe will serve as deputy."
    planned = [
        Tok("Acme", 3, "poss", "PROPN", ent="B-ORG"),
        Tok("'s", 0, "case", "PART"),
        Tok("planned", 3, "amod", "VERB", "plan"),
        Tok("cutbacks", 4, "nsubj", "NOUN", "cutback"),
        Tok("hit", 4, "ROOT", "VERB"),
        Tok("Bolt", 4, "dobj", "PROPN", ent="B-ORG"),
        Tok(".", 4, "punct", "PUNCT"),
    ]
    assert found(planned) == [("Acme", "cut back", None)]
    serving = [
        Tok("Jane", 1, "compound", "PROPN", ent="B-PERSON"),
        Tok("Roe", 3, "nsubj", "PROPN", ent="I-PERSON"),
        Tok("will", 3, "aux", "AUX"),
        Tok("serve", 3, "ROOT", "VERB"),
        Tok("as", 3, "prep", "ADP"),
        Tok("deputy", 4, "pobj", "NOUN"),
        Tok(".", 3, "punct", "PUNCT"),
    ]
    assert found(serving) == []
