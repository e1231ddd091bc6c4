"""Temporal expressions: normalisation to TIMEX3 values and recognition in text."""

from __future__ import annotations

import datetime

import pytest

from kg import time

ANCHOR = datetime.date(1989, 10, 30)  # a Monday in the fourth quarter


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        # years stay years, with or without a preposition
        ("2036", None, ("DATE", "2036")),
        ("by 2036", None, ("DATE", "2036")),
        ("fiscal 1989", None, ("DATE", "1989")),
        ("the 1990s", None, ("DATE", "199")),
        ("mid-1996", None, ("DATE", "1996")),
        ("nineteen ninety-six", None, ("DATE", "1996")),
        # calendar dates
        ("Oct. 15, 1999", None, ("DATE", "1999-10-15")),
        ("10/30/89", None, ("DATE", "1989-10-30")),
        ("August 1988", None, ("DATE", "1988-08")),
        ("Dec. 7", None, ("DATE", "1989-12-07")),
        ("Nov. 25", "past", ("DATE", "1988-11-25")),
        ("last June", None, ("DATE", "1989-06")),
        ("January this year", None, ("DATE", "1989-01")),
        # shifts from the anchor
        ("last year", None, ("DATE", "1988")),
        ("early next year", None, ("DATE", "1990")),
        ("next month", None, ("DATE", "1989-11")),
        ("this week", None, ("DATE", "1989-W44")),
        ("yesterday", None, ("DATE", "1989-10-29")),
        ("this morning", None, ("TIME", "1989-10-30TMO")),
        ("five years ago", None, ("DATE", "1984")),
        ("a year earlier", None, ("DATE", "1988")),
        ("last fall", None, ("DATE", "1988-FA")),
        # weekdays follow the tense of their clause
        ("Friday", "past", ("DATE", "1989-10-27")),
        ("Friday", "future", ("DATE", "1989-11-03")),
        ("last Monday", None, ("DATE", "1989-10-23")),
        # quarters and halves
        ("the third quarter", None, ("DATE", "1989-Q3")),
        ("third-quarter", None, ("DATE", "1989-Q3")),
        ("the second quarter of its fiscal year", None, ("DATE", "1989-Q2")),
        ("the third quarter of 1984", None, ("DATE", "1984-Q3")),
        ("Q3", None, ("DATE", "1989-Q3")),
        ("the year-ago quarter", None, ("DATE", "1988-Q3")),
        ("the second half of 1990", None, ("DATE", "1990-H2")),
        # durations
        ("three-month", None, ("DURATION", "P3M")),
        ("two weeks", None, ("DURATION", "P2W")),
        ("the past three years", None, ("DURATION", "P3Y")),
        ("the first nine months", None, ("DURATION", "P9M")),
        ("a two-year", None, ("DURATION", "P2Y")),
        ("five hours", None, ("DURATION", "PT5H")),
        ("several years", None, ("DURATION", "PXY")),
        ("a couple of years", None, ("DURATION", "P2Y")),
        # sets and reference points
        ("daily", None, ("SET", "P1D")),
        ("every month", None, ("SET", "P1M")),
        ("now", None, ("DATE", "PRESENT_REF")),
        ("currently", None, ("DATE", "PRESENT_REF")),
        ("recently", None, ("DATE", "PAST_REF")),
        ("former", None, ("DATE", "PAST_REF")),
        ("the future", None, ("DATE", "FUTURE_REF")),
        # clock times on the anchor's day, or on the day named
        ("10:35 a.m.", None, ("TIME", "1989-10-30T10:35")),
        ("5 p.m. EST Nov. 9", None, ("TIME", "1989-11-09T17:00")),
    ],
)
def test_normalise_with_anchor(text: str, tense: str | None, expected: tuple[str, str]) -> None:
    assert time.normalise(text, ANCHOR, tense_hint=tense) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2036", ("DATE", "2036")),
        ("Oct. 15, 1999", ("DATE", "1999-10-15")),
        ("last year", ("DATE", "XXXX")),
        ("a year earlier", ("DATE", "XXXX")),
        ("next month", ("DATE", "XXXX-XX")),
        ("yesterday", ("DATE", "XXXX-XX-XX")),
        ("Friday", ("DATE", "XXXX-WXX-5")),
        ("the third quarter", ("DATE", "XXXX-Q3")),
        ("Dec. 7", ("DATE", "XXXX-12-07")),
        ("two weeks", ("DURATION", "P2W")),
        ("now", ("DATE", "PRESENT_REF")),
    ],
)
def test_normalise_without_anchor_never_guesses(text: str, expected: tuple[str, str]) -> None:
    assert time.normalise(text, None) == expected


def test_a_year_earlier_counts_from_the_anchor() -> None:
    assert time.normalise("a year earlier", datetime.date(2019, 8, 20)) == ("DATE", "2018")


@pytest.mark.parametrize("text", ["", "the company", "shares", "$5 million", "of"])
def test_normalise_rejects_non_temporal_text(text: str) -> None:
    assert time.normalise(text, ANCHOR) is None


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from kg import nlp as kg_nlp

    return kg_nlp.load()


def test_find_trims_prepositions_and_resolves_against_the_anchor(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Profit rose in the third quarter from a year earlier, the company said Friday.")
    found = time.find(doc, ANCHOR)
    assert [(t.text, t.type, t.value) for t in found] == [
        ("the third quarter", "DATE", "1989-Q3"),
        # in an earnings report "a year earlier" is the quarter under discussion, a year before
        ("a year earlier", "DATE", "1988-Q3"),
        ("Friday", "DATE", "1989-10-27"),
    ]
    for timex in found:
        assert doc.text[timex.start : timex.end] == timex.text


def test_find_skips_ages_and_names(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Jan Kavan, whose 6-year-old son lives in London, has worked there for two years.")
    assert [(t.text, t.value) for t in time.find(doc, ANCHOR)] == [("two years", "P2Y")]
