"""What a future form does not plan, on hand-built parses: an indirect question, a
quotation's habitual 'would', a linking verb's assessment, an allegation's clause."""

from __future__ import annotations

import pytest
from conftest import Tok, make_doc

from kg.facts import goals
from kg.facts.entities import analyse


def found(tokens):
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    return [(ents.name(g.holder), g.action) for g in goals.extract(doc, ents)]


@pytest.mark.parametrize(("mark", "expected"), [("Whether", []), ("Then", [("Acme", "act")])])
def test_a_future_asked_about_with_whether_is_no_plan(mark, expected):
    # "Whether Acme will act is another matter." / "Then Acme will act ..."
    tokens = [
        Tok(mark, 3, "mark" if mark == "Whether" else "advmod", "SCONJ" if mark == "Whether" else "ADV"),
        Tok("Acme", 3, "nsubj", "PROPN", ent="B-ORG"),
        Tok("will", 3, "aux", "AUX"),
        Tok("act", 4 if mark == "Whether" else 3, "csubj" if mark == "Whether" else "ROOT", "VERB"),
    ]
    if mark == "Whether":
        tokens += [Tok("is", 4, "ROOT", "AUX", "be", tag="VBZ"), Tok("another", 6, "det", "DET"), Tok("matter", 4, "attr", "NOUN")]
    tokens.append(Tok(".", tokens[-1].head if mark == "Whether" else 3, "punct", "PUNCT"))
    assert found(tokens) == expected


@pytest.mark.parametrize(("determiner", "tag", "expected"), [("what", "WDT", []), ("the", "DT", [("Acme", "offer")])])
def test_a_future_in_an_indirect_wh_question_is_no_plan(determiner, tag, expected):
    # "Zorb asked what sweeteners Acme will offer." / "Zorb asked ... the sweeteners Acme will offer"
    tokens = [
        Tok("Zorb", 1, "nsubj", "PROPN", ent="B-PERSON"),
        Tok("asked", 1, "ROOT", "VERB", "ask", tag="VBD"),
        Tok(determiner, 3, "det", "DET", tag=tag),
        Tok("sweeteners", 6, "dobj", "NOUN", "sweetener", tag="NNS"),
        Tok("Acme", 6, "nsubj", "PROPN", ent="B-ORG"),
        Tok("will", 6, "aux", "AUX"),
        Tok("offer", 1, "ccomp", "VERB"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(tokens) == expected


@pytest.mark.parametrize(("quoted", "expected"), [(True, []), (False, [("Acme", "open")])])
def test_would_in_a_direct_quotation_is_not_a_reported_future(quoted, expected):
    # '"Acme would open shops," Zorb said.' (habitual or hypothetical) / 'Zorb said Acme would open shops.'
    clause = [
        Tok("Acme", 2, "nsubj", "PROPN", ent="B-ORG"),
        Tok("would", 2, "aux", "AUX"),
        Tok("open", 0, "ccomp", "VERB"),
        Tok("shops", 2, "dobj", "NOUN", "shop"),
    ]
    if quoted:
        tokens = [Tok('"', 7, "punct", "PUNCT"), *_shift(clause, 1, 7), Tok(",", 7, "punct", "PUNCT"), Tok('"', 7, "punct", "PUNCT"),
                  Tok("Zorb", 7, "nsubj", "PROPN", ent="B-PERSON"), Tok("said", 7, "ROOT", "VERB", "say", tag="VBD"), Tok(".", 7, "punct", "PUNCT")]
    else:
        tokens = [Tok("Zorb", 1, "nsubj", "PROPN", ent="B-PERSON"), Tok("said", 1, "ROOT", "VERB", "say", tag="VBD"),
                  *_shift(clause, 2, 1), Tok(".", 1, "punct", "PUNCT")]
    assert found(tokens) == expected


def _shift(tokens: list[Tok], by: int, root: int) -> list[Tok]:
    """The clause moved ``by`` tokens right, its head (index 0's head) set to ``root``."""
    return [Tok(t.text, root if t.dep == "ccomp" else t.head + by, t.dep, t.pos, t.lemma, t.ent, t.tag) for t in tokens]


@pytest.mark.parametrize(("verb", "expected"), [("look", []), ("buy", [("Acme", "buy")])])
def test_a_linking_verb_with_like_says_how_something_seems(verb, expected):
    # "Acme will look like a bank." / "Acme will buy like a bank." (a manner: still a plan)
    tokens = [
        Tok("Acme", 2, "nsubj", "PROPN", ent="B-ORG"),
        Tok("will", 2, "aux", "AUX"),
        Tok(verb, 2, "ROOT", "VERB"),
        Tok("like", 2, "prep", "ADP"),
        Tok("a", 5, "det", "DET"),
        Tok("bank", 3, "pobj", "NOUN"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    assert found(tokens) == expected


@pytest.mark.parametrize(("cue", "lemma", "expected"), [("looks", "look", []), ("plans", "plan", [("Acme", "keep")])])
def test_looking_set_to_is_the_writers_assessment(cue, lemma, expected):
    # "Acme looks set to keep prices." / "Acme plans to keep prices."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok(cue, 1, "ROOT", "VERB", lemma, tag="VBZ"),
    ]
    if cue == "looks":
        tokens.append(Tok("set", 1, "acomp", "ADJ"))
    n = len(tokens)
    tokens += [
        Tok("to", n + 1, "aux", "PART"),
        Tok("keep", 1, "xcomp", "VERB"),
        Tok("prices", n + 1, "dobj", "NOUN", "price"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(tokens) == expected


@pytest.mark.parametrize(("noun", "expected"), [("charges", []), ("shops", [("Acme", "rig")])])
def test_an_intention_in_an_allegations_that_clause_is_no_plan(noun, expected):
    # "Acme will pay to settle charges, that it sought to rig bids." (the parser hangs the
    # 'that' clause on the verb); with "shops" no allegation precedes it
    tokens = [
        Tok("Acme", 2, "nsubj", "PROPN", ent="B-ORG"),
        Tok("will", 2, "aux", "AUX"),
        Tok("pay", 2, "ROOT", "VERB"),
        Tok("to", 4, "aux", "PART"),
        Tok("settle", 2, "advcl", "VERB"),
        Tok(noun, 4, "dobj", "NOUN", noun.rstrip("s"), tag="NNS"),
        Tok(",", 2, "punct", "PUNCT"),
        Tok("that", 9, "mark", "SCONJ"),
        Tok("it", 9, "nsubj", "PRON"),
        Tok("sought", 2, "advcl", "VERB", "seek", tag="VBD"),
        Tok("to", 11, "aux", "PART"),
        Tok("rig", 9, "xcomp", "VERB"),
        Tok("bids", 11, "dobj", "NOUN", "bid", tag="NNS"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    assert [g for g in found(tokens) if g[1] == "rig"] == expected


@pytest.mark.parametrize(("adverb", "expected"), [("rather", [("Acme", "buy back")]), ("then", [("Acme", "buy back"), ("Acme", "buy")])])
def test_the_alternative_after_rather_than_is_turned_down(adverb, expected):
    # "Acme will buy back shares rather than buy Zorb." / "... and then buy Zorb."
    tokens = [
        Tok("Acme", 2, "nsubj", "PROPN", ent="B-ORG"),
        Tok("will", 2, "aux", "AUX"),
        Tok("buy", 2, "ROOT", "VERB"),
        Tok("back", 2, "advmod", "ADV"),
        Tok("shares", 2, "dobj", "NOUN", "share", tag="NNS"),
        Tok(adverb, 6, "advmod", "ADV"),
        Tok("than" if adverb == "rather" else "and", 2, "cc", "CCONJ"),
        Tok("buy", 2, "conj", "VERB"),
        Tok("Zorb", 7, "dobj", "PROPN", ent="B-ORG"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    assert found(tokens) == expected


@pytest.mark.parametrize(("complement", "expected"), [("be", []), ("grow", [("Acme", "grow")])])
def test_continuing_in_a_state_is_no_plan(complement, expected):
    # "Acme will continue to be careful." / "Acme will continue to grow carefully."
    tokens = [
        Tok("Acme", 2, "nsubj", "PROPN", ent="B-ORG"),
        Tok("will", 2, "aux", "AUX"),
        Tok("continue", 2, "ROOT", "VERB"),
        Tok("to", 4, "aux", "PART"),
        Tok(complement, 2, "xcomp", "AUX" if complement == "be" else "VERB"),
        Tok("careful" if complement == "be" else "carefully", 4, "acomp" if complement == "be" else "advmod", "ADJ" if complement == "be" else "ADV"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    assert found(tokens) == expected


@pytest.mark.parametrize(("before", "pos", "expected"), [("Zorb", "PROPN", None), ("big", "ADJ", 3)])
def test_a_number_after_a_name_is_part_of_the_name(before, pos, expected):
    # "Acme will develop the Zorb 3 field." / "Acme will develop the big 3 fields."
    tokens = [
        Tok("Acme", 2, "nsubj", "PROPN", ent="B-ORG"),
        Tok("will", 2, "aux", "AUX"),
        Tok("develop", 2, "ROOT", "VERB"),
        Tok("the", 6, "det", "DET"),
        Tok(before, 6, "nmod" if pos == "PROPN" else "amod", pos),
        Tok("3", 6, "nummod", "NUM"),
        Tok("field", 2, "dobj", "NOUN"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    assert [g.quantity for g in goals.extract(doc, ents)] == [expected]


@pytest.mark.parametrize(("passive", "expected"), [(True, []), (False, [("Acme", "offset")])])
def test_a_passive_complement_with_its_own_subject_is_undergone(passive, expected):
    # "Acme expects the loss to be offset." / "Acme expects to offset the loss."
    if passive:
        clause = [Tok("the", 3, "det", "DET"), Tok("loss", 6, "nsubjpass", "NOUN"), Tok("to", 6, "aux", "PART"),
                  Tok("be", 6, "auxpass", "AUX"), Tok("offset", 1, "ccomp", "VERB", tag="VBN")]
    else:
        clause = [Tok("to", 3, "aux", "PART"), Tok("offset", 1, "xcomp", "VERB"), Tok("the", 5, "det", "DET"), Tok("loss", 3, "dobj", "NOUN")]
    tokens = [Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"), Tok("expects", 1, "ROOT", "VERB", "expect", tag="VBZ"), *clause,
              Tok(".", 1, "punct", "PUNCT")]
    assert found(tokens) == expected


@pytest.mark.parametrize(("aux", "expected"), [("will", []), ("", [("Acme", "rise")])])
def test_what_the_subject_will_see_is_not_its_forecast(aux, expected):
    # "Acme will see an 18% rise." (what will happen to it) / "Acme sees an 18% rise." (its forecast)
    tokens = [Tok("Acme", 2, "nsubj", "PROPN", ent="B-ORG"), Tok(aux, 2, "aux", "AUX")] if aux else [
        Tok("Acme", 2, "nsubj", "PROPN", ent="B-ORG"), Tok("now", 2, "advmod", "ADV")]
    tokens += [
        Tok("see" if aux else "sees", 2, "ROOT", "VERB", "see", tag="VB" if aux else "VBZ"),
        Tok("an", 6, "det", "DET"),
        Tok("18", 5, "nummod", "NUM", ent="B-PERCENT"),
        Tok("%", 6, "compound", "NOUN", ent="I-PERCENT"),
        Tok("rise", 2, "dobj", "NOUN"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    assert found(tokens) == expected


def test_a_plan_claimed_by_a_verb_is_still_a_plan():
    # "Acme claims it will open shops." (a claim verb, not an allegation noun)
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("claims", 1, "ROOT", "VERB", "claim", tag="VBZ"),
        Tok("it", 4, "nsubj", "PRON"),
        Tok("will", 4, "aux", "AUX"),
        Tok("open", 1, "ccomp", "VERB"),
        Tok("shops", 4, "dobj", "NOUN", "shop", tag="NNS"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert found(tokens) == [("Acme", "open")]


def test_expecting_to_see_a_clause_is_the_clauses_forecast():
    # "Acme expects to see earnings grow by 20%."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("expects", 1, "ROOT", "VERB", "expect", tag="VBZ"),
        Tok("to", 3, "aux", "PART"),
        Tok("see", 1, "xcomp", "VERB"),
        Tok("earnings", 5, "nsubj", "NOUN", tag="NNS"),
        Tok("grow", 3, "ccomp", "VERB"),
        Tok("by", 5, "prep", "ADP"),
        Tok("20", 8, "nummod", "NUM", ent="B-PERCENT"),
        Tok("%", 6, "pobj", "NOUN", ent="I-PERCENT"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    assert [(ents.name(g.holder), g.action, g.quantity, g.unit) for g in goals.extract(doc, ents)] == [("Acme", "grow", 20, "percent")]


@pytest.mark.parametrize(
    ("aux", "verb", "expected"), [("had", "hope", []), ("has", "hope", [("Acme", "market")]), ("had", "agree", [("Acme", "market")])]
)
def test_an_intention_in_the_past_perfect_was_overtaken(aux, verb, expected):
    # "Acme had hoped to market a drug." / "Acme has hoped ..." / "Acme had agreed ..." (a commitment binds)
    tokens = [
        Tok("Acme", 2, "nsubj", "PROPN", ent="B-ORG"),
        Tok(aux, 2, "aux", "AUX", "have"),
        Tok(verb + "d", 2, "ROOT", "VERB", verb, tag="VBN"),
        Tok("to", 4, "aux", "PART"),
        Tok("market", 2, "xcomp", "VERB"),
        Tok("a", 6, "det", "DET"),
        Tok("drug", 4, "dobj", "NOUN"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    assert found(tokens) == expected
