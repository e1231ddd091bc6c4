"""Graphs for the tests of pictures, the viewer and exports, made the way a build
makes them (kg.rdf.to_graph over hand-written records), without spaCy."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph

from kg import rdf
from kg.model import Corpus, Document, Entity, EntityKind, Evidence, FinancialFigure, Goal, Membership, Mention, Relation, Statement, UnitOf

NEWS = (
    "Acme Cloud aims to serve five million customers worldwide by 2030, said Jane Doe. "
    "Jane Doe, the chairman of Acme, spoke in Paris. "
    "Revenue of Acme Cloud, the cloud division of Acme, rose 12 percent from a year earlier, according to ZNews. "
    "Acme, based in France, was founded in 1999."
)
OTHER = "Bob Roe, chief executive of Acme, said Acme's turnover reached 825 million dollars."


def sentence(doc: str, text: str, part: str) -> Evidence:
    start = text.index(part)
    return Evidence(doc, start, start + len(part), part)


def mention(doc: str, text: str, said: Evidence, name: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Mention(doc, start, start + len(name), name, "name", said)


def corpus() -> Corpus:
    """Two articles: a chairman, an organisation with a unit, a goal with a deadline,
    figures, a statement citing a source, a headquarters and a founding date."""
    s1, s2, s3, s4 = (sentence("news", NEWS, p) for p in (
        "Acme Cloud aims to serve five million customers worldwide by 2030, said Jane Doe.",
        "Jane Doe, the chairman of Acme, spoke in Paris.",
        "Revenue of Acme Cloud, the cloud division of Acme, rose 12 percent from a year earlier, according to ZNews.",
        "Acme, based in France, was founded in 1999.",
    ))
    o1 = sentence("other", OTHER, OTHER)
    entities = (
        Entity("person:jane doe", EntityKind.PERSON, "Jane Doe", ("Doe",), (mention("news", NEWS, s1, "Jane Doe"), mention("news", NEWS, s2, "Jane Doe", 1))),
        Entity("person:bob roe", EntityKind.PERSON, "Bob Roe", (), (mention("other", OTHER, o1, "Bob Roe"),)),
        Entity("organization:acme", EntityKind.ORGANIZATION, "Acme", (), (
            mention("news", NEWS, s2, "Acme", 1), mention("news", NEWS, s4, "Acme", 4), mention("other", OTHER, o1, "Acme"))),
        Entity("organization:znews", EntityKind.ORGANIZATION, "ZNews", (), (mention("news", NEWS, s3, "ZNews"),)),
        Entity("unit:acme cloud", EntityKind.UNIT, "Acme Cloud", ("cloud division",), (mention("news", NEWS, s1, "Acme Cloud"),)),
        Entity("place:france", EntityKind.PLACE, "France", (), (mention("news", NEWS, s4, "France"),)),
        Entity("place:paris", EntityKind.PLACE, "Paris", (), (mention("news", NEWS, s2, "Paris"),)),
    )
    facts = (
        Membership("person:jane doe", "organization:acme", "chairman", "the chairman of Acme", s2),
        Membership("person:bob roe", "organization:acme", "chief executive", "chief executive of Acme", o1),
        UnitOf("unit:acme cloud", "organization:acme", "division", s3),
        Goal("unit:acme cloud", "serve", Decimal(5000000), "count", "customers", "worldwide", "2030", "by 2030", "person:jane doe", "aims", s1),
        FinancialFigure("unit:acme cloud", "revenue", "Revenue", Decimal(12), "percent", True, "a year earlier", "12 percent", s3),
        FinancialFigure("organization:acme", "turnover", "turnover", Decimal(825000000), "USD", False, None, "825 million dollars", o1),
        Statement("person:jane doe", None, "said", "Acme Cloud aims to serve five million customers worldwide by 2030", False, s1),
        Statement(None, "organization:znews", "according to", "Revenue of Acme Cloud rose 12 percent", False, s3),
        Relation("headquarters", "organization:acme", "place:france", None, (s4.start, s4.start + 4), (s4.start + 15, s4.start + 21), s4),
        Relation("date_founded", "organization:acme", None, "1999", (s4.start, s4.start + 4), (s4.end - 5, s4.end - 1), s4),
    )
    documents = (
        Document("news", "news.txt", NEWS, NEWS, title="Acme Cloud sets a goal", publisher="ZNews"),
        Document("other", "other.txt", OTHER, OTHER),
    )
    return Corpus(documents, entities, facts)


def graph() -> Graph:
    return rdf.to_graph(corpus())


def big_corpus(people: int = 4000, orgs: int = 1000) -> Corpus:
    """``people`` people each holding a post in one of ``orgs`` organisations (the
    first organisations have the most members), one article per organisation."""
    documents, entities, facts = [], [], []
    for o in range(orgs):
        members = [p for p in range(people) if p % orgs == o or (o < 10 and p % 97 == o)]
        names = [f"Person {p:05d}" for p in members]
        text = f"Org {o:04d} named " + ", ".join(names) + " to its board."
        doc = f"article-{o:04d}"
        documents.append(Document(doc, f"{doc}.txt", text, text))
        said = Evidence(doc, 0, len(text), text)
        entities.append(Entity(f"organization:org {o:04d}", EntityKind.ORGANIZATION, f"Org {o:04d}", (), (mention(doc, text, said, f"Org {o:04d}"),)))
        for p, name in zip(members, names):
            facts.append(Membership(f"person:person {p:05d}", f"organization:org {o:04d}", "director", "board", said))
    for p in range(people):
        o = p % orgs
        doc = f"article-{o:04d}"
        text = next(d.text for d in documents[o:o + 1])
        said = Evidence(doc, 0, len(text), text)
        entities.append(Entity(f"person:person {p:05d}", EntityKind.PERSON, f"Person {p:05d}", (), (mention(doc, text, said, f"Person {p:05d}"),)))
    return Corpus(tuple(documents), tuple(entities), tuple(facts))
