"""Consistency warnings on hand-built corpora: contradicted comparatives and duplicate values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg import consistency, rdf
from kg.export.overview import overview
from kg.export.projection import project
from kg.model import Corpus, Document, Entity, EntityKind, Evidence, FinancialFigure, TimeValue

ACME, OTHER = "organization:acme", "organization:other"


def sentences(doc: str, *texts: str) -> tuple[Document, list[Evidence]]:
    """A document made of ``texts`` (one space apart) and each one's evidence."""
    text = " ".join(texts)
    out, at = [], 0
    for sentence in texts:
        out.append(Evidence(doc, at, at + len(sentence), sentence))
        at += len(sentence) + 1
    return Document(id=doc, source=f"{doc}.txt", text=text, content=text), out


def figure(
    evidence: Evidence, value: str, value_text: str, *, period: str | None = None, subject: str = ACME, metric: str = "loss",
    metric_text: str | None = None, change: bool = False, unit: str = "USD", time: TimeValue | None = None,
) -> FinancialFigure:
    assert value_text in evidence.text
    return FinancialFigure(
        subject=subject, metric=metric, metric_text=metric_text or metric, value=Decimal(value), unit=unit, change=change,
        period=period, value_text=value_text, evidence=evidence, period_time=time,
    )


def corpus(documents: list[Document], *figures: FinancialFigure) -> Corpus:
    entities = (Entity(ACME, EntityKind.ORGANIZATION, "Acme Cloud"), Entity(OTHER, EntityKind.ORGANIZATION, "Other"))
    return Corpus(documents=tuple(documents), entities=entities, facts=figures)


def warnings(c: Corpus) -> list[tuple[str, Decimal, Decimal]]:
    return [(w.kind, w.figure.value, w.other.value) for w in consistency.check(c).warnings]


# --- contradictions -------------------------------------------------------------


def seed_like(current: str) -> Corpus:
    document, (s1, s2) = sentences(
        "d",
        f"The division made a loss of {current} million U.S. dollars.",
        "That loss is higher than a year earlier, when it amounted to 23.49 million dollars.",
    )
    return corpus(
        [document],
        figure(s1, current.replace(".", "") + "0000", f"{current} million U.S. dollars"),
        figure(s2, "23490000", "23.49 million dollars", period="a year earlier"),
    )


def test_a_comparative_the_numbers_contradict_is_flagged_with_the_sentence():
    found = consistency.check(seed_like("22.64")).warnings
    assert len(found) == 1
    warning = found[0]
    assert (warning.kind, warning.figure.value, warning.other.value) == ("contradiction", Decimal("22640000"), Decimal("23490000"))
    assert warning.evidence.text.startswith("That loss is higher than a year earlier")
    assert "Acme Cloud" in warning.message and "higher" in warning.message and "22,640,000 is lower than 23,490,000" in warning.message


def test_a_comparative_the_numbers_bear_out_is_not_flagged():
    assert warnings(seed_like("24.64")) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Its loss rose to $10m from $8m.", []),
        ("Its loss fell to $10m from $8m.", [("contradiction", Decimal("10000000"), Decimal("8000000"))]),
        ("Its loss was $10m, down from $8m.", [("contradiction", Decimal("10000000"), Decimal("8000000"))]),
        ("Its loss was $10m, up from $8m.", []),
        # "from" far from the number does not name the earlier level
        ("Its loss fell to $10m from the year before, when it was $8m.", []),
    ],
)
def test_a_change_verb_with_from_names_the_earlier_level(sentence, expected):
    document, (s1,) = sentences("d", sentence)
    c = corpus([document], figure(s1, "10000000", "$10m"), figure(s1, "8000000", "$8m"))
    assert warnings(c) == expected


def test_a_baseline_must_be_of_an_earlier_period():
    # "higher than ... in 2006" compares with a later period: no claim about the earlier one
    time_2005 = TimeValue("2005", "2005", "resolved", None, "2005-01-01", "2005-12-31")
    time_2006 = TimeValue("2006", "2006", "resolved", None, "2006-01-01", "2006-12-31")
    document, (s1,) = sentences("d", "Its loss of $5m in 2005 was higher than the $7m it expects in 2006.")
    c = corpus([document], figure(s1, "5000000", "$5m", period="2005", time=time_2005), figure(s1, "7000000", "$7m", period="2006", time=time_2006))
    assert warnings(c) == []
    document, (s1,) = sentences("d", "Its loss of $5m in 2006 was higher than the $7m it made in 2005.")
    c = corpus([document], figure(s1, "5000000", "$5m", period="2006", time=time_2006), figure(s1, "7000000", "$7m", period="2005", time=time_2005))
    assert warnings(c) == [("contradiction", Decimal("5000000"), Decimal("7000000"))]


def test_figures_of_different_subjects_or_metrics_are_not_compared():
    document, (s1, s2) = sentences(
        "d", "Other made a loss of $5m.", "That loss is higher than a year earlier, when it amounted to $7m."
    )
    c = corpus([document], figure(s1, "5000000", "$5m", subject=OTHER), figure(s2, "7000000", "$7m", period="a year earlier"))
    assert warnings(c) == []
    c = corpus([document], figure(s1, "5000000", "$5m", metric="revenue"), figure(s2, "7000000", "$7m", period="a year earlier"))
    assert warnings(c) == []


def test_more_than_before_a_number_is_an_approximator_not_a_comparison():
    assert [c.text for c in consistency._cues("It made more than $5m, more than a year earlier.")] == ["more than"]


def test_changes_are_not_compared_as_levels():
    document, (s1,) = sentences("d", "Its loss fell 5% to $10m from $8m.")
    c = corpus([document], figure(s1, "-5", "5%", unit="percent", change=True), figure(s1, "10000000", "$10m"), figure(s1, "8000000", "$8m"))
    assert [w[0] for w in warnings(c)] == ["contradiction"]


# --- duplicates -----------------------------------------------------------------


def test_two_values_for_one_period_phrase_in_a_document_are_both_kept_and_flagged():
    document, (s1, s2) = sentences("d", "Its loss was $5m in the fourth quarter.", "In the fourth quarter the loss came to $6m.")
    five, six = figure(s1, "5000000", "$5m", period="the fourth quarter"), figure(s2, "6000000", "$6m", period="the fourth quarter")
    checked = consistency.check(corpus([document], five, six))
    assert [(w.kind, w.figure, w.other) for w in checked.warnings] == [("duplicate", five, six)]
    assert checked.facts == (five, six)  # both kept
    assert checked.warnings[0].evidence == s2


def test_across_documents_only_a_period_that_writes_its_year_is_the_same_period():
    d1, (a,) = sentences("d1", "Its loss was $5m last year.")
    d2, (b,) = sentences("d2", "Its loss was $6m last year.")
    assert warnings(corpus([d1, d2], figure(a, "5000000", "$5m", period="last year"), figure(b, "6000000", "$6m", period="last year"))) == []
    # "last year" resolved alike in two documents is as reliable as their dates: not compared
    y2004 = TimeValue("last year", "2004", "resolved", "2005-01-19", "2004-01-01", "2004-12-31")
    c = corpus([d1, d2], figure(a, "5000000", "$5m", period="last year", time=y2004), figure(b, "6000000", "$6m", period="last year", time=y2004))
    assert warnings(c) == []
    d1, (a,) = sentences("d1", "Its loss was $5m in 2004.")
    d2, (b,) = sentences("d2", "Its 2004 loss was $6m.")
    written = TimeValue("2004", "2004", "resolved", None, "2004-01-01", "2004-12-31")
    c = corpus([d1, d2], figure(a, "5000000", "$5m", period="2004", time=written), figure(b, "6000000", "$6m", period="2004", time=written))
    assert warnings(c) == [("duplicate", Decimal("5000000"), Decimal("6000000"))]


def test_a_period_with_an_edge_modifier_is_not_the_whole_period():
    d1, (a, b) = sentences("d1", "Its shares rose 20% in January.", "Its shares rose 6% in late January.")
    jan = TimeValue("January", "2005-01", "resolved", "2005-03-01", "2005-01-01", "2005-01-31")
    late = TimeValue("late January", "2005-01", "resolved", "2005-03-01", "2005-01-01", "2005-01-31")
    c = corpus([d1], figure(a, "20", "20%", period="January", metric="share price", unit="percent", change=True, time=jan),
               figure(b, "6", "6%", period="late January", metric="share price", unit="percent", change=True, time=late))
    assert warnings(c) == []


@pytest.mark.parametrize(
    ("second", "metric_text"),
    [
        ("Analysts expect its loss to reach $6m in 2004.", "loss"),  # an estimate may differ
        ("Its US loss was $6m in 2004.", "loss"),  # a narrower loss
    ],
)
def test_forecasts_and_differently_qualified_metrics_are_not_duplicates(second, metric_text):
    document, (s1, s2) = sentences("d", "Its loss was $5m in 2004.", second)
    c = corpus([document], figure(s1, "5000000", "$5m", period="2004"), figure(s2, "6000000", "$6m", period="2004", metric_text=metric_text))
    assert warnings(c) == []


def test_equal_values_and_one_sentence_are_no_duplicates():
    document, (s1, s2) = sentences("d", "Its loss was $5m in 2004, against $6m in 2004.", "Its loss was $5m in 2004.")
    c = corpus(
        [document],
        figure(s1, "5000000", "$5m", period="2004"), figure(s1, "6000000", "$6m", period="2004"), figure(s2, "5000000", "$5m", period="2004"),
    )
    kinds = warnings(c)
    # $6m (sentence 1) and $5m (sentence 2) differ across sentences: one warning; none within sentence 1
    assert kinds == [("duplicate", Decimal("6000000"), Decimal("5000000"))]


def test_a_warning_is_drawn_as_an_edge_between_its_figures() -> None:
    seen = project(rdf.to_graph(consistency.check(seed_like("22.64"))))
    label = {key: node.label for key, node in seen.nodes.items()}
    drawn = [(label[e.source], e.label, label[e.target]) for e in overview(seen).edges if e.kind == "warning"]
    assert drawn == [("loss 22.64M USD", "contradicts", "loss 23.49M USD\n(a year earlier)")]
    flagged = next(node for node in seen.nodes.values() if node.label == "loss 22.64M USD")
    assert "22,640,000 is lower than 23,490,000" in flagged.prop("warning")
    assert not [e for e in overview(project(rdf.to_graph(consistency.check(seed_like("24.64"))))).edges if e.kind == "warning"]
