"""Document dates, --doc-date, --fiscal-years and the consistency warning, end to end on the seed.

The English model runs here: one CLI build of the seed with --doc-date feeds
the SPARQL checks (the seed article has no date of its own).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import XSD
from typer.testing import CliRunner, Result

from kg import nlp as kg_nlp
from kg import store
from kg.cli import app
from kg.pipeline import build
from kg.reading import read, read_all
from kg.validate import validate

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
BODY = "Acme said on Monday that its profit rose to $5m from $4m, the company said in a statement to investors."

runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args), catch_exceptions=False)


def select(graph: Graph, sparql: str) -> list[dict]:
    table = store.table(store.run(graph, sparql))
    return [dict(zip(table.columns, row)) for row in table.rows]


# --- reading: the date from the document's metadata -----------------------------


@pytest.mark.parametrize(
    ("record", "date"),
    [
        ({"date": "2005-01-19"}, "2005-01-19"),
        ({"published": "2005-01-20"}, "2005-01-20"),
        ({"datePublished": "2005-01-21T09:00:00Z"}, "2005-01-21T09:00:00Z"),
        ({"date": "2005-01-19", "published": "2005-02-01"}, "2005-01-19"),
        ({"date": 20050119}, None),  # not text: no date rather than a guess
        ({}, None),
    ],
)
def test_jsonl_date_fields(tmp_path: Path, record: dict, date: str | None):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "x", "text": BODY, **record}) + "\n", encoding="utf-8")
    (document,) = list(read_all(path, doc_id="a"))
    assert document.date == date  # type: ignore[union-attr]


@pytest.mark.parametrize("key", ["date", "published", "Published"])
def test_front_matter_date_fields(tmp_path: Path, key: str):
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: Acme\n{key}: 2019-11-15\n---\n{BODY}\n", encoding="utf-8")
    assert read(path).date == "2019-11-15"


# --- the seed: the contradiction warning --------------------------------------


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    out = tmp_path_factory.mktemp("seed")
    report = build([SEEDS], out, kg_nlp.load(), images_enabled=False, cache=False)
    assert [w.kind for w in report.warnings] == ["contradiction"]
    return store.load(out / "graph.ttl")


def test_the_seed_gives_the_contradiction_warning_linking_both_losses_and_the_sentence(seed_graph: Graph):
    rows = select(seed_graph, store.query_text("warnings"))
    assert len(rows) == 1
    row = rows[0]
    assert (row["kind"], row["org"], row["metric"]) == ("contradiction", "Alibaba cloud computing division", "loss")
    assert (row["value"], row["other_value"], row["other_period"]) == (Decimal("22640000"), Decimal("23490000"), "a year earlier")
    assert row["text"] == "That loss is higher than a year earlier, when it amounted to 23.49 million dollars."
    text = (SEEDS / "alibaba-cloud-2036.txt").read_text(encoding="utf-8")
    assert text[row["start"] : row["end"]] == row["text"]
    assert "higher" in row["message"]


def test_without_a_date_the_seed_periods_are_unresolved_not_guessed(seed_graph: Graph):
    rows = select(seed_graph, """
        SELECT ?period ?how ?value WHERE {
          ?f a kg:FinancialFigure ; kg:period ?period ; kg:timeResolution ?how .
          OPTIONAL { ?f kg:periodValue ?value }
          FILTER NOT EXISTS { ?f time:hasTime ?t }
        } ORDER BY ?period""")
    assert rows == [
        {"period": "a year earlier", "how": "no-anchor", "value": "XXXX"},
        {"period": "the second quarter of its fiscal year", "how": "no-anchor", "value": None},
    ]
    assert validate(seed_graph).conforms


# --- the CLI: --doc-date and --fiscal-years ---------------------------------------


def test_doc_date_resolves_the_seed_periods_on_alibabas_fiscal_calendar(tmp_path: Path):
    result = invoke("build", str(SEEDS), "--out", str(tmp_path), "--no-images", "--no-cache", "--doc-date", "2019-11-15")
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "consistency warnings │ 1" in flat
    assert "warning contradiction: Alibaba cloud computing division: the loss of 22.64 million U.S. dollars is said to be higher" in flat
    graph = store.load(tmp_path / "graph.ttl")
    assert select(graph, "SELECT ?d WHERE { ?a a schema:NewsArticle ; schema:datePublished ?d }") == [{"d": "2019-11-15"}]
    rows = select(graph, """
        SELECT ?period ?value ?begin ?end ?fiscal WHERE {
          ?f a kg:FinancialFigure ; kg:period ?period ; kg:periodValue ?value ; kg:timeResolution "resolved" ;
             time:hasTime [ time:hasBeginning/time:inXSDDate ?begin ; time:hasEnd/time:inXSDDate ?end ] .
          OPTIONAL { ?f kg:fiscalPeriod ?fiscal }
        } ORDER BY ?period""")
    # Alibaba's fiscal year starts in April: its second quarter (fiscal 2020) is July to September 2019,
    # and the loss "a year earlier" is that quarter of 2018
    assert rows == [
        {"period": "a year earlier", "value": "2018-Q3", "begin": "2018-07-01", "end": "2018-09-30", "fiscal": None},
        {"period": "the second quarter of its fiscal year", "value": "2019-Q3", "begin": "2019-07-01", "end": "2019-09-30", "fiscal": True},
    ]
    deadlines = set(graph.objects(None, graph.namespace_manager.expand_curie("kg:deadline")))
    assert deadlines == {Literal("2036", datatype=XSD.gYear)}  # a year-only deadline stays a year
    assert validate(graph).conforms
    records = [json.loads(line) for line in (tmp_path / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    periods = sorted(
        (r["period"], r["period_value"], r["period_start"], r["period_end"]) for r in records if r["kind"] == "financial" and r["period"]
    )
    assert periods == [
        ("a year earlier", "2018-Q3", "2018-07-01", "2018-09-30"),
        ("the second quarter of its fiscal year", "2019-Q3", "2019-07-01", "2019-09-30"),
    ]


def test_fiscal_years_file_overrides_the_shipped_calendar(tmp_path: Path):
    calendars = tmp_path / "fiscal.toml"
    calendars.write_text('[[fiscal_year]]\nnames = ["Alibaba"]\nstart_month = 1\n', encoding="utf-8")
    result = invoke("build", str(SEEDS), "--out", str(tmp_path / "out"), "--no-images", "--no-cache",
                    "--doc-date", "2019-11-15", "--fiscal-years", str(calendars))
    assert result.exit_code == 0, result.output
    graph = store.load(tmp_path / "out" / "graph.ttl")
    rows = select(graph, 'SELECT ?v WHERE { ?f kg:period "the second quarter of its fiscal year" ; kg:periodValue ?v }')
    assert rows == [{"v": "2019-Q2"}]  # the calendar year: April to June


@pytest.mark.parametrize("value", ["2019-13-01", "15/11/2019", "2019-11", "yesterday"])
def test_a_bad_doc_date_is_a_usage_error(tmp_path: Path, value: str):
    result = invoke("build", str(SEEDS), "--out", str(tmp_path), "--no-images", "--doc-date", value)
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
    assert not (tmp_path / "graph.ttl").exists()


def test_a_bad_fiscal_years_file_is_a_usage_error(tmp_path: Path):
    calendars = tmp_path / "fiscal.toml"
    calendars.write_text('[[fiscal_year]]\nnames = ["Alibaba"]\n', encoding="utf-8")
    result = invoke("build", str(SEEDS), "--out", str(tmp_path / "out"), "--no-images", "--fiscal-years", str(calendars))
    assert result.exit_code == 2
    assert "start_month" in result.output
    assert invoke("build", str(SEEDS), "--out", str(tmp_path / "out"), "--fiscal-years", str(tmp_path / "none.toml")).exit_code == 2
