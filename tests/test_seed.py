"""The seed article's competency questions, asked with SPARQL over a real build.

The English model runs here (end to end); rule behaviour on hand-built parses
is tested in test_rules.py.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from kg import nlp as kg_nlp
from kg import store
from kg.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "alibaba-cloud-2036.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, list[dict], Path]:
    out = tmp_path_factory.mktemp("seed-build")
    report = build([SEED.parent], out, kg_nlp.load(), images_enabled=False)
    assert not report.skipped
    graph = store.load(out / "graph.ttl")
    rows = [json.loads(line) for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    return graph, rows, out


def select(graph: Graph, sparql: str) -> list[dict]:
    table = store.table(store.run(graph, sparql))
    return [dict(zip(table.columns, row)) for row in table.rows]


def test_alibaba_is_an_organisation_with_the_cloud_division(built):
    graph, _, _ = built
    rows = select(graph, """
        SELECT ?org ?unit WHERE {
          ?o a schema:Organization ; rdfs:label ?org ; org:hasUnit ?u .
          ?u a org:OrganizationalUnit ; org:unitOf ?o ; rdfs:label ?unit .
        }""")
    assert rows == [{"org": "Alibaba", "unit": "Alibaba cloud computing division"}]
    places = {r["p"] for r in select(graph, "SELECT ?p WHERE { ?x a schema:Place ; rdfs:label ?p }")}
    assert "Alibaba" not in places
    assert places == {"China", "United States"}


def test_the_division_has_two_goals_for_2036_stated_by_jack_ma(built):
    graph, _, _ = built
    rows = select(graph, """
        SELECT ?holder ?action ?quantity ?object ?scope ?deadline ?by WHERE {
          ?g a kg:Goal ; kg:holder/rdfs:label ?holder ; kg:action ?action ;
             kg:targetQuantity ?quantity ; kg:targetObject ?object ; kg:deadline ?deadline ;
             kg:statedBy/rdfs:label ?by .
          OPTIONAL { ?g kg:scope ?scope }
        } ORDER BY ?action""")
    assert rows == [
        {"holder": "Alibaba cloud computing division", "action": "serve", "quantity": Decimal(2000000000),
         "object": "customers", "scope": "worldwide", "deadline": "2036", "by": "Jack Ma"},
        {"holder": "Alibaba cloud computing division", "action": "support", "quantity": Decimal(10000000),
         "object": "companies", "scope": None, "deadline": "2036", "by": "Jack Ma"},
    ]
    deadlines = set(graph.objects(None, store_term("kg:deadline", graph)))
    assert deadlines == {Literal("2036", datatype=XSD.gYear)}


def store_term(curie: str, graph: Graph):
    return graph.namespace_manager.expand_curie(curie)


def test_jack_ma_is_chairman_of_alibaba(built):
    graph, _, _ = built
    rows = select(graph, """
        SELECT ?person ?role ?org ?text WHERE {
          ?m a org:Membership ; org:member/rdfs:label ?person ; org:role/rdfs:label ?role ;
             org:organization/rdfs:label ?org ; kg:roleText ?text .
        }""")
    assert rows == [{"person": "Jack Ma", "role": "chairman", "org": "Alibaba", "text": "chairman of the board of directors"}]


def test_the_divisions_figures_with_currency_and_period(built):
    graph, _, _ = built
    rows = select(graph, """
        SELECT ?metric ?value ?unit ?change ?period WHERE {
          ?f a kg:FinancialFigure ; kg:figureOf/rdfs:label "Alibaba cloud computing division" ;
             kg:metric/rdfs:label ?metric ; schema:value ?value ; kg:unitOfMeasure ?unit ; kg:isChange ?change .
          OPTIONAL { ?f kg:period ?period }
        } ORDER BY ?metric ?value""")
    assert rows == [
        {"metric": "loss", "value": Decimal("22640000"), "unit": "USD", "change": False, "period": None},
        {"metric": "loss", "value": Decimal("23490000"), "unit": "USD", "change": False, "period": "a year earlier"},
        {"metric": "revenue", "value": Decimal("90"), "unit": "percent", "change": True, "period": "the second quarter of its fiscal year"},
        {"metric": "revenue", "value": Decimal("825000000"), "unit": "USD", "change": False, "period": None},
    ]


def test_zdnet_is_the_cited_source_of_ma_s_statement(built):
    graph, _, _ = built
    rows = select(graph, """
        SELECT ?speaker ?source ?text WHERE {
          ?s a kg:Statement ; kg:citedSource ?src ; kg:speaker/rdfs:label ?speaker ; prov:wasDerivedFrom/kg:text ?text .
          ?src a schema:Organization ; rdfs:label ?source .
        }""")
    assert len(rows) == 1
    assert rows[0]["speaker"] == "Jack Ma" and rows[0]["source"] == "ZDNet"
    assert "according to ZDNet" in rows[0]["text"]


def test_every_evidence_reproduces_the_file_text(built):
    graph, _, _ = built
    text = SEED.read_text(encoding="utf-8")
    rows = select(graph, "SELECT ?start ?end ?text WHERE { ?e a kg:Evidence ; kg:startOffset ?start ; kg:endOffset ?end ; kg:text ?text }")
    assert rows
    for row in rows:
        assert text[row["start"] : row["end"]] == row["text"]
    mentions = select(graph, "SELECT ?start ?end ?text WHERE { ?m a kg:Mention ; kg:startOffset ?start ; kg:endOffset ?end ; kg:text ?text }")
    for row in mentions:
        assert text[row["start"] : row["end"]] == row["text"]


def test_every_fact_has_evidence(built):
    graph, _, _ = built
    missing = select(graph, """
        SELECT ?f WHERE {
          VALUES ?c { org:Membership kg:UnitRelation kg:FinancialFigure kg:Goal kg:Statement }
          ?f a ?c . FILTER NOT EXISTS { ?f prov:wasDerivedFrom ?e }
        }""")
    assert missing == []


def test_nothing_from_page_furniture_or_misread_names(built):
    graph, _, _ = built
    labels = {r["l"] for r in select(graph, "SELECT ?l WHERE { ?x a ?c ; rdfs:label ?l . VALUES ?c { schema:Person schema:Organization schema:Place } }")}
    assert labels == {"Alibaba", "ZDNet", "Jack Ma", "China", "United States"}
    evidence = " ".join(r["t"] for r in select(graph, "SELECT ?t WHERE { ?e a kg:Evidence ; kg:text ?t }"))
    for furniture in ("2 min", "Tags in this article", "translated from Dutch"):
        assert furniture not in evidence


def test_document_metadata_from_the_translation_notice(built):
    graph, _, _ = built
    rows = select(graph, "SELECT ?p ?lang WHERE { ?d a schema:NewsArticle ; kg:publisherName ?p ; kg:translatedFrom ?lang }")
    assert rows == [{"p": "Techzine.eu", "lang": "nl"}]


def test_facts_table_contract(built):
    _, rows, _ = built
    kinds = [r["kind"] for r in rows]
    assert kinds.count("financial") == 4 and kinds.count("goal") == 2 and kinds.count("role") == 1 and kinds.count("unit") == 1
    goal = next(r for r in rows if r["kind"] == "goal" and r["action"] == "serve")
    assert {k: goal[k] for k in ("holder", "quantity", "unit", "object", "deadline", "stated_by")} == {
        "holder": "Alibaba cloud computing division", "quantity": 2000000000, "unit": "count",
        "object": "customers", "deadline": "2036", "stated_by": "Jack Ma",
    }
    unit = next(r for r in rows if r["kind"] == "unit")
    assert (unit["unit"], unit["parent"], unit["relation"]) == ("Alibaba cloud computing division", "Alibaba", "division")
    text = SEED.read_text(encoding="utf-8")
    for row in rows:
        ev = row["evidence"]
        assert ev["doc"] == "alibaba-cloud-2036" and text[ev["start"] : ev["end"]] == ev["text"]
