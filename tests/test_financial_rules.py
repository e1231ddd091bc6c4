"""Financial-figure rules on hand-built parses: counted figures, stakes, conversions, future clauses."""

from __future__ import annotations

from decimal import Decimal

from conftest import Tok, make_doc

from kg.facts import financial
from kg.facts.entities import analyse


def figures(tokens):
    doc = make_doc(tokens)
    ents = analyse(doc, "d")
    return [(ents.name(f.subject), f.metric, f.value, f.unit, f.change) for f in financial.extract(doc, ents)]


def test_a_verb_that_names_the_metric_gives_a_counted_figure():
    # "Acme sold 95,000 cars."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("sold", 1, "ROOT", "VERB", "sell"),
        Tok("95,000", 3, "nummod", "NUM", ent="B-CARDINAL"),
        Tok("cars", 1, "dobj", "NOUN", "car"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert figures(tokens) == [("Acme", "sales", Decimal(95000), "count", False)]


def test_counted_people_are_staff_only_when_employed():
    # "Acme employs 8,500 people." / "8,500 people lost money."
    employed = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("employs", 1, "ROOT", "VERB", "employ"),
        Tok("8,500", 3, "nummod", "NUM", ent="B-CARDINAL"),
        Tok("people", 1, "dobj", "NOUN", "people"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert figures(employed) == [("Acme", "employees", Decimal(8500), "count", False)]
    lost = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("said", 1, "ROOT", "VERB", "say"),
        Tok("8,500", 3, "nummod", "NUM", ent="B-CARDINAL"),
        Tok("people", 4, "nsubj", "NOUN", "people"),
        Tok("lost", 1, "ccomp", "VERB", "lose"),
        Tok("money", 4, "dobj", "NOUN"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert figures(lost) == []


def test_a_percentage_owned_is_a_stake():
    # "Acme owns 8% of Beta."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("owns", 1, "ROOT", "VERB", "own"),
        Tok("8", 3, "nummod", "NUM", ent="B-PERCENT"),
        Tok("%", 1, "dobj", "NOUN", ent="I-PERCENT"),
        Tok("of", 3, "prep", "ADP"),
        Tok("Beta", 4, "pobj", "PROPN", ent="B-ORG"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert figures(tokens) == [("Acme", "stake", Decimal(8), "percent", False)]


def test_a_bracketed_conversion_is_not_a_second_figure():
    # "Acme's profit rose to 2.4bn euros (£1.6bn)."  The model tags the euros as a CARDINAL.
    tokens = [
        Tok("Acme", 2, "poss", "PROPN", ent="B-ORG"),
        Tok("'s", 0, "case", "PART"),
        Tok("profit", 3, "nsubj", "NOUN"),
        Tok("rose", 3, "ROOT", "VERB", "rise"),
        Tok("to", 3, "prep", "ADP"),
        Tok("2.4bn", 6, "nummod", "NUM", ent="B-CARDINAL"),
        Tok("euros", 4, "pobj", "NOUN", "euro"),
        Tok("(", 6, "punct", "PUNCT"),
        Tok("£", 9, "nmod", "SYM", tag="$", ent="B-MONEY"),
        Tok("1.6bn", 6, "appos", "NUM", ent="I-MONEY"),
        Tok(")", 6, "punct", "PUNCT"),
        Tok(".", 3, "punct", "PUNCT"),
    ]
    assert figures(tokens) == [("Acme", "profit", Decimal(2400000000), "EUR", False)]


def test_a_figure_in_a_clause_about_the_future_is_not_reported():
    # "Acme will cut 500 jobs."
    tokens = [
        Tok("Acme", 2, "nsubj", "PROPN", ent="B-ORG"),
        Tok("will", 2, "aux", "AUX"),
        Tok("cut", 2, "ROOT", "VERB"),
        Tok("500", 4, "nummod", "NUM", ent="B-CARDINAL"),
        Tok("jobs", 2, "dobj", "NOUN", "job"),
        Tok(".", 2, "punct", "PUNCT"),
    ]
    assert figures(tokens) == []


def test_a_workforce_trimmed_by_a_number_is_job_cuts_and_overheads_are_costs():
    # "Acme trimmed its workforce by 2,000 and reduced its overheads by 20%."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("trimmed", 1, "ROOT", "VERB", "trim"),
        Tok("its", 3, "poss", "PRON"),
        Tok("workforce", 1, "dobj", "NOUN"),
        Tok("by", 1, "prep", "ADP"),
        Tok("2,000", 4, "pobj", "NUM", ent="B-CARDINAL"),
        Tok("and", 1, "cc", "CCONJ"),
        Tok("reduced", 1, "conj", "VERB", "reduce"),
        Tok("its", 9, "poss", "PRON"),
        Tok("overheads", 7, "dobj", "NOUN", "overhead"),
        Tok("by", 7, "prep", "ADP"),
        Tok("20", 12, "nummod", "NUM", ent="B-PERCENT"),
        Tok("%", 10, "pobj", "NOUN", ent="I-PERCENT"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert figures(tokens) == [
        ("Acme", "job cuts", Decimal(2000), "count", False),
        ("Acme", "cost", Decimal(-20), "percent", True),
    ]


def test_a_deal_that_could_be_worth_a_sum_has_that_value_in_a_clause_about_the_future():
    # "Acme is to supply planes in a deal that could be worth $6bn."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("is", 1, "ROOT", "AUX", "be"),
        Tok("to", 3, "aux", "PART"),
        Tok("supply", 1, "xcomp", "VERB"),
        Tok("planes", 3, "dobj", "NOUN", "plane"),
        Tok("in", 3, "prep", "ADP"),
        Tok("a", 7, "det", "DET"),
        Tok("deal", 5, "pobj", "NOUN"),
        Tok("that", 10, "nsubj", "PRON", tag="WDT"),
        Tok("could", 10, "aux", "AUX", tag="MD"),
        Tok("be", 7, "relcl", "AUX"),
        Tok("worth", 10, "acomp", "ADJ"),
        Tok("$", 13, "nmod", "SYM", ent="B-MONEY", tag="$"),
        Tok("6bn", 11, "npadvmod", "NUM", ent="I-MONEY"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert figures(tokens) == [("Acme", "deal value", Decimal(6000000000), "USD", False)]


def test_halving_a_metric_is_a_fall_of_half():
    # "Acme halved its dividend."
    tokens = [
        Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
        Tok("halved", 1, "ROOT", "VERB", "halve"),
        Tok("its", 3, "poss", "PRON"),
        Tok("dividend", 1, "dobj", "NOUN"),
        Tok(".", 1, "punct", "PUNCT"),
    ]
    assert figures(tokens) == [("Acme", "dividend", Decimal(-50), "percent", True)]


def test_a_doubling_is_a_change_in_percent_and_a_multiple_of_a_rise_a_multiple():
    # "Acme's profits doubled."
    doubled = [
        Tok("Acme", 2, "poss", "PROPN", ent="B-ORG"),
        Tok("'s", 0, "case", "PART"),
        Tok("profits", 3, "nsubj", "NOUN", "profit", tag="NNS"),
        Tok("doubled", 3, "ROOT", "VERB", "double"),
        Tok(".", 3, "punct", "PUNCT"),
    ]
    assert figures(doubled) == [("Acme", "profit", Decimal(100), "percent", True)]
    # "Acme posted a doubling in profit." / "... a fivefold rise in profit." / "... a fivefold growth in profit."
    cases = (
        (Tok("doubling", 1, "dobj", "NOUN", "doubling"), None, 100),
        (Tok("fivefold", 4, "amod", "ADJ"), "rise", 5),
        (Tok("fivefold", 4, "amod", "ADJ"), "growth", 5),
    )
    for word, rise_word, change in cases:
        rise = [] if rise_word is None else [Tok(rise_word, 1, "dobj", "NOUN")]
        noun = 3 + len(rise)
        tokens = [
            Tok("Acme", 1, "nsubj", "PROPN", ent="B-ORG"),
            Tok("posted", 1, "ROOT", "VERB", "post"),
            Tok("a", noun, "det", "DET"),
            word,
            *rise,
            Tok("in", noun, "prep", "ADP"),
            Tok("profit", noun + 1, "pobj", "NOUN"),
            Tok(".", 1, "punct", "PUNCT"),
        ]
        assert figures(tokens) == [("Acme", "profit", Decimal(change), "percent" if change == 100 else "multiple", True)], word.text
    # "Acme's profits rose 10-fold." (the tokenizer splits the hyphen off)
    tenfold = [
        Tok("Acme", 2, "poss", "PROPN", ent="B-ORG"),
        Tok("'s", 0, "case", "PART"),
        Tok("profits", 3, "nsubj", "NOUN", "profit", tag="NNS"),
        Tok("rose", 3, "ROOT", "VERB", "rise"),
        Tok("10", 6, "nummod", "NUM"),
        Tok("-", 6, "punct", "PUNCT"),
        Tok("fold", 3, "advmod", "ADV"),
        Tok(".", 3, "punct", "PUNCT"),
    ]
    assert figures(tenfold) == [("Acme", "profit", Decimal(10), "multiple", True)]
    # "Acme's profits rose onefold." is no change at all
    assert figures([*tenfold[:4], Tok("onefold", 3, "advmod", "ADV"), Tok(".", 3, "punct", "PUNCT")]) == []
