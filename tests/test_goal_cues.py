"""Goal cues and blockers on hand-built parses: verbs of wanting, tentative and bid
cues, amounts the parser leaves loose, and what is reported rather than planned."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import Tok, make_doc

from kg.facts import goals
from kg.facts.entities import analyse


def found(tokens):
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    return [(ents.name(g.holder), g.action, g.quantity, g.deadline) for g in goals.extract(doc, ents)]


def test_wanting_an_object_is_a_goal_to_obtain_it():
    # "Acme wants lighter regulation."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("wants", 1, "ROOT", "VERB", "want", tag="VBZ"),
        Tok("lighter", 3, "amod", "ADJ", "light"),
        Tok("regulation", 1, "dobj", "NOUN"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(tokens) == [("Acme", "obtain", None, None)]


@pytest.mark.parametrize(("aux", "tag", "expected"), [("is", "VBG", [("Acme", "seek", Decimal(500), None)]), ("was", "VBG", [])])
def test_looking_for_a_counted_object_now_is_seeking_it(aux, tag, expected):
    # "Acme is looking for 500 engineers." (not "was looking", a past search, outside speech)
    tokens = [
        Tok("Acme", 2, "nsubj", "PROPN", ent="B-ORG"),
        Tok(aux, 2, "aux", "AUX", "be"),
        Tok("looking", 2, "ROOT", "VERB", "look", tag=tag),
        Tok("for", 2, "prep", "ADP"),
        Tok("500", 5, "nummod", "NUM", ent="B-CARDINAL"),
        Tok("engineers", 3, "pobj", "NOUN", "engineer"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    assert found(tokens) == expected


@pytest.mark.parametrize(("verb", "expected"), [("sell", [("Acme", "sell", Decimal(25), None)]), ("need", [])])
def test_may_marks_a_transaction_under_consideration(verb, expected):
    # "Acme may sell a 25% stake." (not "may need a 25% stake", a conjecture)
    tokens = [
        Tok("Acme", 2, "nsubj", "PROPN", ent="B-ORG"),
        Tok("may", 2, "aux", "AUX"),
        Tok(verb, 2, "ROOT", "VERB"),
        Tok("a", 6, "det", "DET"),
        Tok("25", 5, "nummod", "NUM", ent="B-PERCENT"),
        Tok("%", 6, "compound", "NOUN", ent="I-PERCENT"),
        Tok("stake", 2, "dobj", "NOUN"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    assert found(tokens) == expected


def test_an_untagged_sum_after_its_currency_sign_is_the_amount():
    # "Acme plans to invest £10bn."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("plans", 1, "ROOT", "VERB", "plan", tag="VBZ"),
        Tok("to", 3, "aux", "PART"),
        Tok("invest", 1, "xcomp", "VERB"),
        Tok("£", 5, "nmod", "SYM", tag="$"),
        Tok("10bn", 3, "dobj", "NOUN"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(tokens) == [("Acme", "invest", Decimal(10_000_000_000), None)]


def test_a_collective_noun_is_counted_by_its_of_phrase():
    # "Acme is to deploy a fleet of 35,000 cars, inviting buyers." (the gerund carries no amount)
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("is", 1, "ROOT", "AUX", "be", tag="VBZ"),
        Tok("to", 3, "aux", "PART"),
        Tok("deploy", 1, "xcomp", "VERB"),
        Tok("a", 5, "det", "DET"),
        Tok("fleet", 3, "dobj", "NOUN"),
        Tok("of", 5, "prep", "ADP"),
        Tok("35,000", 8, "nummod", "NUM", ent="B-CARDINAL"),
        Tok("cars", 6, "pobj", "NOUN", "car"),
        Tok(",", 3, "punct", "PUNCT"),
        Tok("inviting", 3, "advcl", "VERB", "invite", tag="VBG"),
        Tok("buyers", 10, "dobj", "NOUN", "buyer"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(tokens) == [("Acme", "deploy", Decimal(35000), None)]


@pytest.mark.parametrize(("cue", "expected"), [("agreed", []), ("offered", [("Acme", "pay", Decimal(850_000_000), None)])])
def test_a_payment_agreed_to_settle_is_reported_but_one_offered_is_a_plan(cue, expected):
    # "Acme agreed / offered to pay $850m to settle the suit."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok(cue, 1, "ROOT", "VERB", "agree" if cue == "agreed" else "offer", tag="VBD"),
        Tok("to", 3, "aux", "PART"),
        Tok("pay", 1, "xcomp", "VERB"),
        Tok("$", 5, "quantmod", "SYM", ent="B-MONEY", tag="$"),
        Tok("850m", 3, "dobj", "NUM", ent="I-MONEY"),
        Tok("to", 7, "aux", "PART"),
        Tok("settle", 3, "advcl", "VERB"),
        Tok("the", 9, "det", "DET"),
        Tok("suit", 7, "dobj", "NOUN"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(tokens) == expected


def test_running_a_firm_in_a_post_is_a_role_not_a_goal():
    # "As chief operating officer, Jane Roe will run Acme."
    tokens = [
        Tok("As", 8, "prep", "ADP"),
        Tok("chief", 3, "amod", "ADJ"),
        Tok("operating", 3, "compound", "NOUN"),
        Tok("officer", 0, "pobj", "NOUN"),
        Tok(",", 8, "punct", "PUNCT"),
        Tok("Jane", 6, "compound", "PROPN", ent="B-PERSON"),
        Tok("Roe", 8, "nsubj", "PROPN", ent="I-PERSON"),
        Tok("will", 8, "aux", "AUX"),
        Tok("run", 8, "ROOT", "VERB"),
        Tok("Acme", 8, "dobj", "PROPN", ent="B-ORG"),
        Tok(".", 8, "punct", "PUNCT"),
    ]
    assert found(tokens) == []


def test_a_causative_with_an_adjective_predicts_a_state():
    # "Acme said it would make the situation clearer."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("said", 1, "ROOT", "VERB", "say", tag="VBD"),
        Tok("it", 4, "nsubj", "PRON"),
        Tok("would", 4, "aux", "AUX"),
        Tok("make", 1, "ccomp", "VERB"),
        Tok("the", 6, "det", "DET"),
        Tok("situation", 7, "nsubj", "NOUN"),
        Tok("clearer", 4, "ccomp", "ADJ", "clear"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(tokens) == []


@pytest.mark.parametrize("extraposed", [True, False])
def test_an_it_standing_for_a_for_to_clause_holds_no_plan(extraposed):
    # "Acme grew. It will make great sense for us to build." / "... It will make great cars."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("grew", 1, "ROOT", "VERB", "grow"),
        Tok(".", 1, "punct", "PUNCT"),
        Tok("It", 5, "nsubj", "PRON", "it"),
        Tok("will", 5, "aux", "AUX"),
        Tok("make", 5, "ROOT", "VERB"),
        Tok("great", 7, "amod", "ADJ"),
        Tok("sense" if extraposed else "cars", 5, "dobj", "NOUN", "sense" if extraposed else "car"),
    ]
    if extraposed:
        tokens += [
            Tok("for", 11, "mark", "SCONJ"),
            Tok("us", 11, "nsubj", "PRON", "we"),
            Tok("to", 11, "aux", "PART"),
            Tok("build", 5, "advcl", "VERB"),
        ]
    tokens.append(Tok(".", 5, "punct", "PUNCT"))
    assert found(tokens) == ([] if extraposed else [("Acme", "make", None, None)])


def test_putting_forward_a_bid_is_a_plan_to_acquire():
    # "Acme will table a new offer for Beta."
    tokens = [
        Tok("Acme", 2, "nsubj", "PROPN", ent="B-ORG"),
        Tok("will", 2, "aux", "AUX"),
        Tok("table", 2, "ROOT", "VERB"),
        Tok("a", 5, "det", "DET"),
        Tok("new", 5, "amod", "ADJ"),
        Tok("offer", 2, "dobj", "NOUN"),
        Tok("for", 5, "prep", "ADP"),
        Tok("Beta", 6, "pobj", "PROPN", ent="B-ORG"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    assert found(tokens) == [("Acme", "acquire", None, None)]


def test_a_programme_that_aims_is_its_possessors_plan_and_from_a_year_is_its_deadline():
    # "Acme is speeding up its programme, which aims to save £190m from 2009."
    tokens = [
        Tok("Acme", 2, "nsubj", "PROPN", ent="B-ORG"),
        Tok("is", 2, "aux", "AUX", "be"),
        Tok("speeding", 2, "ROOT", "VERB", "speed", tag="VBG"),
        Tok("up", 2, "prt", "ADP"),
        Tok("its", 5, "poss", "PRON"),
        Tok("programme", 2, "dobj", "NOUN"),
        Tok(",", 5, "punct", "PUNCT"),
        Tok("which", 8, "nsubj", "PRON", tag="WDT"),
        Tok("aims", 5, "relcl", "VERB", "aim", tag="VBZ"),
        Tok("to", 10, "aux", "PART"),
        Tok("save", 8, "xcomp", "VERB"),
        Tok("£", 12, "quantmod", "SYM", ent="B-MONEY", tag="$"),
        Tok("190m", 10, "dobj", "NUM", ent="I-MONEY"),
        Tok("from", 10, "prep", "ADP"),
        Tok("2009", 13, "pobj", "NUM", ent="B-DATE"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    assert found(tokens) == [("Acme", "save", Decimal(190_000_000), "2009")]


def test_being_in_talks_to_buy_is_a_plan_of_the_subject():
    # "Acme says it is in talks to buy Beta."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("says", 1, "ROOT", "VERB", "say", tag="VBZ"),
        Tok("it", 3, "nsubj", "PRON"),
        Tok("is", 1, "ccomp", "AUX", "be", tag="VBZ"),
        Tok("in", 3, "prep", "ADP"),
        Tok("talks", 4, "pobj", "NOUN", "talk", tag="NNS"),
        Tok("to", 7, "aux", "PART"),
        Tok("buy", 5, "acl", "VERB"),
        Tok("Beta", 7, "dobj", "PROPN", ent="B-ORG"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(tokens) == [("Acme", "buy", None, None)]


def test_a_plan_nouns_purpose_clause_under_its_verb_is_the_plan():
    # "Acme signed an agreement with Beta to supply it with 36,000 cars."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("signed", 1, "ROOT", "VERB", "sign", tag="VBD"),
        Tok("an", 3, "det", "DET"),
        Tok("agreement", 1, "dobj", "NOUN"),
        Tok("with", 3, "prep", "ADP"),
        Tok("Beta", 4, "pobj", "PROPN", ent="B-ORG"),
        Tok("to", 7, "aux", "PART"),
        Tok("supply", 1, "advcl", "VERB"),
        Tok("it", 7, "dobj", "PRON"),
        Tok("with", 7, "prep", "ADP"),
        Tok("36,000", 11, "nummod", "NUM", ent="B-CARDINAL"),
        Tok("cars", 9, "pobj", "NOUN", "car"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(tokens) == [("Acme", "supply", Decimal(36000), None)]


@pytest.mark.parametrize(("noun", "expected"), [("plant", [("Acme", "produce", Decimal(150000), None)]), ("market", [])])
def test_a_facilitys_plan_is_its_owners(noun, expected):
    # "Acme said the new plant would produce 150,000 cars." (not "the new market", no facility)
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("said", 1, "ROOT", "VERB", "say", tag="VBD"),
        Tok("the", 4, "det", "DET"),
        Tok("new", 4, "amod", "ADJ"),
        Tok(noun, 6, "nsubj", "NOUN"),
        Tok("would", 6, "aux", "AUX"),
        Tok("produce", 1, "ccomp", "VERB"),
        Tok("150,000", 8, "nummod", "NUM", ent="B-CARDINAL"),
        Tok("cars", 6, "dobj", "NOUN", "car"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(tokens) == expected


def test_a_passive_plan_with_an_agent_is_the_agents():
    # "Beta will be bought by Acme."
    tokens = [
        Tok("Beta", 3, "nsubjpass", "PROPN", ent="B-ORG"),
        Tok("will", 3, "aux", "AUX"),
        Tok("be", 3, "auxpass", "AUX"),
        Tok("bought", 3, "ROOT", "VERB", "buy", tag="VBN"),
        Tok("by", 3, "agent", "ADP"),
        Tok("Acme", 4, "pobj", "PROPN", ent="B-ORG"),
        Tok(".", 3, "punct", "PUNCT"),
    ]
    assert found(tokens) == [("Acme", "buy", None, None)]


@pytest.mark.parametrize(("verb", "tag", "expected"), [("sees", "VBZ", [("Acme", "rise", Decimal(18), None)]), ("saw", "VBD", [])])
def test_seeing_a_rise_is_a_forecast_only_in_the_present(verb, tag, expected):
    # "Acme sees an 18% rise." / "Acme saw an 18% rise." (what happened)
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok(verb, 1, "ROOT", "VERB", "see", tag=tag),
        Tok("an", 5, "det", "DET"),
        Tok("18", 4, "nummod", "NUM", ent="B-PERCENT"),
        Tok("%", 5, "compound", "NOUN", ent="I-PERCENT"),
        Tok("rise", 1, "dobj", "NOUN"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(tokens) == expected


def test_a_gerund_reaching_a_level_carries_the_plan_on():
    # "Acme agreed to buy shares, taking its stake to 42%."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("agreed", 1, "ROOT", "VERB", "agree", tag="VBD"),
        Tok("to", 3, "aux", "PART"),
        Tok("buy", 1, "xcomp", "VERB"),
        Tok("shares", 3, "dobj", "NOUN", "share"),
        Tok(",", 3, "punct", "PUNCT"),
        Tok("taking", 3, "advcl", "VERB", "take", tag="VBG"),
        Tok("its", 8, "poss", "PRON"),
        Tok("stake", 6, "dobj", "NOUN"),
        Tok("to", 6, "prep", "ADP"),
        Tok("42", 11, "nummod", "NUM", ent="B-PERCENT"),
        Tok("%", 9, "pobj", "NOUN", ent="I-PERCENT"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(tokens) == [("Acme", "buy", None, None), ("Acme", "take", Decimal(42), None)]


def test_two_things_wanted_in_one_sentence_are_two_goals():
    # "Acme wants lighter regulation, as well as the removal."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("wants", 1, "ROOT", "VERB", "want", tag="VBZ"),
        Tok("lighter", 3, "amod", "ADJ", "light"),
        Tok("regulation", 1, "dobj", "NOUN"),
        Tok(",", 1, "punct", "PUNCT"),
        Tok("as", 7, "advmod", "ADV"),
        Tok("well", 7, "advmod", "ADV"),
        Tok("as", 1, "cc", "ADP"),
        Tok("the", 9, "det", "DET"),
        Tok("removal", 1, "conj", "NOUN"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    assert [(g.action, g.object) for g in goals.extract(doc, ents)] == [("obtain", "lighter regulation"), ("obtain", "removal")]


@pytest.mark.parametrize(("verb", "expected"), [("began", [("Acme", "launch", None, None)]), ("met", [])])
def test_a_purpose_noun_with_a_gerund_is_a_plan_unless_it_was_met(verb, expected):
    # "Acme began trials with a view to launching services." / "Acme met its aim of launching services."
    head = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok(verb, 1, "ROOT", "VERB", "begin" if verb == "began" else "meet", tag="VBD"),
    ]
    if verb == "began":
        rest = [
            Tok("trials", 1, "dobj", "NOUN", "trial"),
            Tok("with", 1, "prep", "ADP"),
            Tok("a", 5, "det", "DET"),
            Tok("view", 3, "pobj", "NOUN"),
            Tok("to", 5, "prep", "ADP"),
        ]
    else:
        rest = [
            Tok("its", 3, "poss", "PRON"),
            Tok("aim", 1, "dobj", "NOUN"),
            Tok("of", 3, "prep", "ADP"),
        ]
    at = len(head) + len(rest)
    tail = [
        Tok("launching", at - 1, "pcomp", "VERB", "launch", tag="VBG"),
        Tok("services", at, "dobj", "NOUN", "service"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(head + rest + tail) == expected


@pytest.mark.parametrize(("adjective", "expected"), [("lower", [("Acme", "fall", Decimal(4), "2005")]), ("good", [])])
def test_a_comparative_expected_of_a_clause_subject_is_a_forecast(adjective, expected):
    # "Acme expected margins to be lower in 2005, at 4%." (not "to be good", no direction)
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("expected", 1, "ROOT", "VERB", "expect", tag="VBD"),
        Tok("margins", 4, "nsubj", "NOUN", "margin", tag="NNS"),
        Tok("to", 4, "aux", "PART"),
        Tok("be", 1, "ccomp", "AUX"),
        Tok(adjective, 4, "acomp", "ADJ"),
        Tok("in", 4, "prep", "ADP"),
        Tok("2005", 6, "pobj", "NUM", ent="B-DATE"),
        Tok(",", 1, "punct", "PUNCT"),
        Tok("at", 1, "prep", "ADP"),
        Tok("4", 11, "nummod", "NUM", ent="B-PERCENT"),
        Tok("%", 9, "pobj", "NOUN", ent="I-PERCENT"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(tokens) == expected
