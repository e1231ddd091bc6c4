"""Periods and deadlines resolved against the document date (kg.time.anchor), and fiscal calendars."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, TIME, XSD

from kg import overrides, rdf
from kg.model import Corpus, Document, Entity, EntityKind, Evidence, FinancialFigure, Goal, Mention, UnitOf
from kg.time import anchor
from kg.time.anchor import NO_ANCHOR, RESOLVED, UNPARSED, anchor_of, resolve_phrase
from kg.time.fiscal import FiscalCalendars, FiscalEntry, shipped
from kg.validate import validate
from kg.vocab import KG

NOV_2019 = datetime.date(2019, 11, 15)
JAN_2005 = datetime.date(2005, 1, 19)


@pytest.mark.parametrize(
    ("text", "day", "value", "begin", "end"),
    [
        ("a year earlier", NOV_2019, "2018", "2018-01-01", "2018-12-31"),
        ("last year", JAN_2005, "2004", "2004-01-01", "2004-12-31"),
        ("next year", NOV_2019, "2020", "2020-01-01", "2020-12-31"),
        ("the three months to December", JAN_2005, "2004-Q4", "2004-10-01", "2004-12-31"),
        ("the six months ended 30 June", NOV_2019, "2019-H1", "2019-01-01", "2019-06-30"),
        ("the year to March", NOV_2019, "2018-04/2019-03", "2018-04-01", "2019-03-31"),
        ("the second quarter of its fiscal year", NOV_2019, "2019-Q2", "2019-04-01", "2019-06-30"),
        ("over the past three years", NOV_2019, "P3Y", "2016-11-16", "2019-11-15"),
        ("currently", NOV_2019, "2019-11-15", "2019-11-15", "2019-11-15"),
        ("2004", None, "2004", "2004-01-01", "2004-12-31"),  # absolute: no anchor needed
    ],
)
def test_phrases_resolve_against_the_document_date(text, day, value, begin, end):
    time = resolve_phrase(text, day, tense="past")
    assert (time.value, time.status, time.begin, time.end) == (value, RESOLVED, begin, end)
    assert time.text == text  # the phrase as written is kept


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a year earlier", "XXXX"),
        ("last year", "XXXX"),
        ("the fourth quarter", "XXXX-Q4"),
        ("over the past three years", "P3Y"),
        ("currently", "PRESENT_REF"),
        ("the three months to December", None),
    ],
)
def test_without_an_anchor_a_relative_phrase_stays_unresolved(text, value):
    time = resolve_phrase(text, None, tense="past")
    assert (time.value, time.status, time.begin, time.end, time.anchor) == (value, NO_ANCHOR, None, None, None)


def test_a_phrase_that_is_no_time_is_unparsed():
    assert resolve_phrase("annual", NOV_2019).status == UNPARSED
    assert resolve_phrase("the deal", NOV_2019).value is None


def test_a_year_earlier_after_a_quarter_is_that_quarter_a_year_before():
    time = resolve_phrase("a year earlier", NOV_2019, tense="past", focus="2019-Q3")
    assert (time.value, time.begin, time.end) == ("2018-Q3", "2018-07-01", "2018-09-30")


@pytest.mark.parametrize(
    ("text", "day", "value", "begin", "end"),
    [
        # Alibaba's fiscal year starts in April: its second quarter is July to September
        ("the second quarter of its fiscal year", NOV_2019, "2019-Q3", "2019-07-01", "2019-09-30"),
        # the latest one begun by the anchor: in June 2019 that is the one of fiscal 2019
        ("the second quarter of its fiscal year", datetime.date(2019, 6, 1), "2018-Q3", "2018-07-01", "2018-09-30"),
        ("fiscal 2020", None, "2019-04/2020-03", "2019-04-01", "2020-03-31"),
        ("last fiscal year", NOV_2019, "2018-04/2019-03", "2018-04-01", "2019-03-31"),
        ("the first half of the financial year", NOV_2019, "2019-04/2019-09", "2019-04-01", "2019-09-30"),
    ],
)
def test_fiscal_periods_follow_the_fiscal_calendar(text, day, value, begin, end):
    time = resolve_phrase(text, day, fiscal_start=4, tense="past")
    assert (time.value, time.status, time.begin, time.end, time.fiscal) == (value, RESOLVED, begin, end, True)


def test_a_fiscal_quarter_without_an_anchor_is_not_given_a_calendar_value():
    time = resolve_phrase("the second quarter of its fiscal year", None, fiscal_start=4)
    assert (time.value, time.status, time.fiscal) == (None, NO_ANCHOR, True)


def test_the_calendar_year_is_the_default_fiscal_year():
    assert resolve_phrase("fiscal 2020", None).value == "2020"
    assert resolve_phrase("fiscal 2020", None, fiscal_start=1).value == "2020"


@pytest.mark.parametrize(
    ("date", "day"),
    [("2005-01-19", JAN_2005), ("2005-01-19T10:00:00Z", JAN_2005), ("19 January 2005", JAN_2005),
     ("January 19, 2005", JAN_2005), ("2005", None), ("soon", None), ("", None), (None, None), ("2005-02-30", None)],
)
def test_document_dates(date, day):
    assert anchor_of(date) == day


def test_the_shipped_fiscal_table_and_user_entries():
    table = shipped()
    assert table.start_month(["Apple"]) == 10
    assert table.start_month(["microsoft corp"]) == 7
    assert table.start_month(["Alibaba Group"]) == 4
    assert table.start_month(["Acme"]) is None
    extended = table.extended([FiscalEntry(("Acme", "Acme Ltd"), 4), FiscalEntry(("Apple",), 9)])
    assert extended.start_month(["ACME LTD"]) == 4
    assert extended.start_month(["Apple"]) == 9  # a user entry overrides the shipped one


def test_fiscal_years_in_the_overrides_file(tmp_path: Path):
    path = tmp_path / "kg-overrides.toml"
    path.write_text('[[fiscal_year]]\nnames = ["Infosys", "Infosys Ltd"]\nstart_month = 4\n', encoding="utf-8")
    assert overrides.load(path).fiscal_years == (FiscalEntry(("Infosys", "Infosys Ltd"), 4),)
    path.write_text('[[fiscal_year]]\nnames = ["Infosys"]\nstart_month = 13\n', encoding="utf-8")
    with pytest.raises(overrides.OverridesError, match="start_month = 1 to 12"):
        overrides.load(path)


# --- the stage over a corpus ---------------------------------------------------

TEXT = "Acme Cloud made a loss of $5m in the second quarter of its fiscal year. Acme aims to double sales by 2036."


def _corpus(date: str | None) -> Corpus:
    document = Document(id="d", source="d.txt", text=TEXT, content=TEXT, date=date)
    first, second = Evidence("d", 0, 71, TEXT[:71]), Evidence("d", 72, len(TEXT), TEXT[72:])
    entities = (
        Entity("organization:acme", EntityKind.ORGANIZATION, "Acme", mentions=(Mention("d", 72, 76, "Acme", "name", second),)),
        Entity("unit:acme cloud", EntityKind.UNIT, "Acme Cloud", mentions=(Mention("d", 0, 10, "Acme Cloud", "name", first),)),
    )
    figure = FinancialFigure(
        subject="unit:acme cloud", metric="loss", metric_text="loss", value=Decimal("5000000"), unit="USD", change=False,
        period="the second quarter of its fiscal year", value_text="$5m", evidence=first,
    )
    goal = Goal(
        holder="organization:acme", action="double", quantity=None, unit=None, object="sales", scope=None,
        deadline="2036", deadline_text="2036", stated_by=None, modality="aims", evidence=second,
    )
    unit = UnitOf(unit="unit:acme cloud", parent="organization:acme", relation="division", evidence=first)
    return Corpus(documents=(document,), entities=entities, facts=(figure, goal, unit))


ACME_APRIL = FiscalCalendars().extended([FiscalEntry(("Acme",), 4)])


def test_a_unit_follows_its_parents_fiscal_calendar():
    corpus = anchor.resolve(_corpus("2019-11-15"), fiscal=ACME_APRIL)
    figure = corpus.facts[0]
    assert isinstance(figure, FinancialFigure) and figure.period_time is not None
    assert (figure.period_time.value, figure.period_time.fiscal, figure.period_time.anchor) == ("2019-Q3", True, "2019-11-15")


def test_doc_date_applies_only_to_undated_documents():
    dated = anchor.resolve(_corpus("2019-11-15"), default_date=datetime.date(2001, 1, 1))
    assert dated.documents[0].date == "2019-11-15"  # the document's own date wins
    undated = anchor.resolve(_corpus(None), default_date=datetime.date(2019, 11, 15))
    assert undated.documents[0].date == "2019-11-15"
    assert anchor.resolve(_corpus(None)).documents[0].date is None  # never today's date


def test_the_graph_keeps_the_phrase_and_adds_the_interval_or_says_it_is_unresolved():
    graph = rdf.to_graph(anchor.resolve(_corpus("2019-11-15"), fiscal=ACME_APRIL))
    figure = next(graph.subjects(RDF.type, KG.FinancialFigure))
    assert graph.value(figure, KG.period) == Literal("the second quarter of its fiscal year")
    assert graph.value(figure, KG.periodValue) == Literal("2019-Q3")
    assert graph.value(figure, KG.timeResolution) == Literal("resolved")
    assert graph.value(figure, KG.fiscalPeriod) == Literal(True)
    interval = graph.value(figure, TIME.hasTime)
    assert isinstance(interval, URIRef) and (interval, RDF.type, TIME.ProperInterval) in graph
    begin = graph.value(graph.value(interval, TIME.hasBeginning), TIME.inXSDDate)
    end = graph.value(graph.value(interval, TIME.hasEnd), TIME.inXSDDate)
    assert (begin, end) == (Literal("2019-07-01", datatype=XSD.date), Literal("2019-09-30", datatype=XSD.date))
    assert validate(graph).conforms

    undated = rdf.to_graph(anchor.resolve(_corpus(None), fiscal=ACME_APRIL))
    figure = next(undated.subjects(RDF.type, KG.FinancialFigure))
    assert undated.value(figure, KG.timeResolution) == Literal("no-anchor")
    assert undated.value(figure, TIME.hasTime) is None and undated.value(figure, KG.periodValue) is None
    assert validate(undated).conforms


def test_a_year_only_deadline_stays_a_year():
    graph = rdf.to_graph(anchor.resolve(_corpus(None)))
    goal = next(graph.subjects(RDF.type, KG.Goal))
    assert list(graph.objects(goal, KG.deadline)) == [Literal("2036", datatype=XSD.gYear)]
    assert graph.value(goal, KG.timeResolution) == Literal("resolved")
    interval = graph.value(goal, KG.deadlineInterval)
    assert graph.value(graph.value(interval, TIME.hasEnd), TIME.inXSDDate) == Literal("2036-12-31", datatype=XSD.date)


def test_a_deadline_only_kg_time_can_read_is_typed_by_its_precision():
    corpus = _corpus("2019-11-15")
    goal = corpus.facts[1]
    assert isinstance(goal, Goal)
    relative = Goal(**{**{f: getattr(goal, f) for f in goal.__slots__}, "deadline": None, "deadline_text": "next year"})
    graph = rdf.to_graph(anchor.resolve(Corpus(corpus.documents, corpus.entities, (relative,))))
    node = next(graph.subjects(RDF.type, KG.Goal))
    assert list(graph.objects(node, KG.deadline)) == [Literal("2020", datatype=XSD.gYear)]
    assert graph.value(node, KG.deadlineText) == Literal("next year")


def test_a_figure_with_a_period_but_no_resolution_does_not_conform():
    graph = rdf.to_graph(anchor.resolve(_corpus("2019-11-15")))
    figure = next(graph.subjects(RDF.type, KG.FinancialFigure))
    graph.remove((figure, KG.timeResolution, None))
    report = validate(graph)
    assert not report.conforms
