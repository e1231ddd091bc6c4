"""A small hand-made corpus with one fact of every kind, for tests that need no spaCy."""

from __future__ import annotations

from decimal import Decimal

from kg.model import (
    Corpus,
    Document,
    Entity,
    EntityKind,
    Evidence,
    FinancialFigure,
    Goal,
    Membership,
    Mention,
    Merge,
    Relation,
    Statement,
    UnitOf,
)

TEXT = "Acme, led by Jane Roe, was founded in 1999. Its cloud unit aims to reach 5 million users by 2030."
EV = Evidence("d", 0, 43, TEXT[0:43])
EV2 = Evidence("d", 44, len(TEXT), TEXT[44:])


def mention(start: int, end: int, sentence: Evidence = EV) -> Mention:
    return Mention("d", start, end, TEXT[start:end], "name", sentence)


def corpus() -> Corpus:
    entities = (
        Entity("organization:acme", EntityKind.ORGANIZATION, "Acme", (), (mention(0, 4),)),
        Entity("person:jane roe", EntityKind.PERSON, "Jane Roe", ("Roe",), (mention(13, 21),)),
        Entity("unit:acme cloud unit", EntityKind.UNIT, "Acme cloud unit", ("cloud unit",), (mention(48, 58, EV2),)),
    )
    facts = (
        Membership("person:jane roe", "organization:acme", "chief executive", "led by", EV),
        UnitOf("unit:acme cloud unit", "organization:acme", "division", EV2),
        FinancialFigure("organization:acme", "revenue", "sales", Decimal("12.5"), "percent", True, None, "12.5%", EV),
        Goal("unit:acme cloud unit", "reach", Decimal(5000000), "count", "users", None, "2030", "by 2030", "person:jane roe", "aims", EV2),
        Statement("person:jane roe", "organization:acme", "says", "it grows", False, EV),
        Relation("date_founded", "organization:acme", None, "1999", (0, 4), (38, 42), EV),
        Relation("ceo", "organization:acme", "person:jane roe", None, (0, 4), (13, 21), EV),
    )
    merges = (Merge("person:jane roe", "Roe", "surname", "d"),)
    return Corpus((Document("d", "d.txt", TEXT, TEXT, publisher="Example News", translated_from="nl"),), entities, facts, merges)
