"""KnowledgeNet scoring on a hand-written record: exact counts, and predictions without gold."""

from __future__ import annotations

import copy

import pytest

from kg import nlp as kg_nlp
from kg.evaluation import knowledgenet as kn
from kg.model import Evidence, Relation

TEXT = "Ann Lee (born 3 May 1950) is a painter. She lives in Oslo, Norway."


def fact(pid: str, s: tuple[int, int], o: tuple[int, int]) -> dict:
    return {"propertyId": pid, "subjectStart": s[0], "subjectEnd": s[1], "objectStart": o[0], "objectEnd": o[1]}


def record(facts1: list[dict], facts2: list[dict]) -> dict:
    return {
        "documentId": "7",
        "documentText": TEXT,
        "passages": [
            {
                "passageId": "7:0:39",
                "passageStart": 0,
                "passageEnd": 39,
                "exhaustivelyAnnotatedProperties": [{"propertyId": "15", "propertyName": "DATE_OF_BIRTH"}],
                "facts": facts1,
            },
            {
                "passageId": "7:40:66",
                "passageStart": 40,
                "passageEnd": 66,
                "exhaustivelyAnnotatedProperties": [{"propertyId": "11", "propertyName": "PLACE_OF_RESIDENCE"}],
                "facts": facts2,
            },
        ],
    }


# Gold: Ann Lee's birth date; "She" (a pronoun mention) lives in Oslo and in Norway.
GOLD = record(
    [fact("15", (0, 7), (14, 24))],
    [fact("11", (40, 43), (53, 57)), fact("11", (40, 43), (59, 65))],
)
PREDICTED = record(
    [
        fact("15", (0, 7), (20, 24)),  # overlaps the gold date: true positive
        fact("15", (0, 3), (14, 24)),  # the same gold fact again: it matches once, so a false positive
        fact("10", (0, 7), (31, 38)),  # nationality is not exhaustively annotated here: ignored
    ],
    [fact("11", (40, 43), (53, 57))],  # true positive through the pronoun; Norway is missed
)


def test_counts_follow_the_text_f1_rules_exactly():
    scores = kn.score([GOLD], [PREDICTED])
    counts = dict(scores.per_property)
    assert counts["15"] == kn.Counts(tp=1, fp=1, fn=0)
    assert counts["11"] == kn.Counts(tp=1, fp=0, fn=1)
    assert counts["10"] == kn.Counts()
    assert scores.overall == kn.Counts(tp=2, fp=1, fn=1)
    assert scores.business == kn.Counts()
    lines = list(kn.report_lines(scores))
    assert lines[-1] == "micro P=0.667 R=0.667 F1=0.667"
    assert any(line.startswith("business (1-6) micro P=0.000") for line in lines)


def test_relations_are_placed_in_the_passage_that_holds_both_mentions():
    proof = Evidence("7", 40, 66, TEXT[40:66])
    inside = Relation("residence", "7#1", "7#2", None, (40, 43), (53, 57), proof)
    across = Relation("residence", "7#3", "7#2", None, (0, 7), (53, 57), proof)
    filled = kn.fill(GOLD, [inside, across, inside])
    assert [p["facts"] for p in filled["passages"]] == [
        [],
        [dict(fact("11", (40, 43), (53, 57)), subjectText="She", objectText="Oslo")],
    ]
    assert GOLD["passages"][1]["facts"][1]["objectStart"] == 59  # the input is not modified


@pytest.fixture(scope="module")
def nlp():
    return kg_nlp.load()


def test_input_without_gold_gives_predictions_only(nlp):
    bare = record([], [])
    blank = dict(copy.deepcopy(bare), documentId="8", documentText=" " * 66)
    predicted, scores = kn.evaluate([bare, blank], nlp)
    assert scores is None
    assert [r["documentId"] for r in predicted] == ["7", "8"]
    for rec in predicted:
        assert [p["passageId"] for p in rec["passages"]] == ["7:0:39", "7:40:66"]
        for passage in rec["passages"]:
            for f in passage["facts"]:
                assert passage["passageStart"] <= min(f["subjectStart"], f["objectStart"])
                assert max(f["subjectEnd"], f["objectEnd"]) <= passage["passageEnd"]
                assert f["subjectText"] == TEXT[f["subjectStart"] : f["subjectEnd"]]
    assert all(not p["facts"] for p in predicted[1]["passages"])


def test_input_with_gold_is_scored(nlp):
    predicted, scores = kn.evaluate([GOLD], nlp)
    assert scores is not None
    assert sum(c.tp + c.fn for _, c in scores.per_property) == 3
