"""Anchoring: the periods of figures and the deadlines of goals, resolved against the document date.

A stage over the resolved corpus: each figure's period phrase and each goal's
deadline phrase, as written, is read with :mod:`kg.time` against its
document's date (the anchor) and kept beside the phrase as a
:class:`~kg.model.TimeValue`:

* relative expressions ("a year earlier", "last year", "next year", "over the
  past three years", "currently") count from the anchor; a "year earlier"
  after a quarter has been named is that quarter a year before (TimeML);
* "the three months to December" is the span of that many months ending with
  the latest such month before the anchor;
* "fiscal" periods follow the subject's fiscal calendar (:mod:`kg.time.fiscal`;
  a unit follows its parent's), the calendar year by default;
* without an anchor a relative expression stays unresolved ("no-anchor"):
  nothing is ever taken from the clock.

Documents without a date of their own take ``default_date`` (``kg build
--doc-date``); a date in the document's metadata always wins.
"""

from __future__ import annotations

import calendar as days_of
import dataclasses
import datetime
import re
from collections.abc import Sequence

from kg.model import Corpus, Document, Entity, Fact, FinancialFigure, Goal, TimeValue, UnitOf
from kg.time.calendar import Context
from kg.time.fiscal import CALENDAR, FiscalCalendars
from kg.time.lexicon import NUMERAL, YEAR, lexicon
from kg.time.normalise import normalise, normalise_words, words_of
from kg.time.timex import DATE, DURATION

RESOLVED, NO_ANCHOR, UNPARSED = "resolved", "no-anchor", "unparsed"

# Surface formats of TIMEX3 values and document dates.
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_CALENDAR_VALUE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-([QH])([1-4]))?")
_ISO_INTERVAL = re.compile(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})")
_FISCAL_VALUE = re.compile(r"([\dX]{4})(?:-([QH])([1-4]))?")
_DURATION = re.compile(r"P(\d+)([YMWD])")

SPAN_WORDS = frozenset({"to", "ended", "ending", "through", "until", "till"})  # "the three months [to] December"
_FISCAL_UNITS = frozenset({"year", "years", "quarter", "quarters", "half"})  # "financial [year]" is a fiscal year
QUARTER_FOCUS = re.compile(r"\d{4}-Q[1-4]")


def anchor_of(date: str | None) -> datetime.date | None:
    """The day a document date names: an ISO date or timestamp ("2005-01-19T10:00Z"), or a
    date as written ("19 January 2005"); None when it names no single day."""
    if not date or not date.strip():
        return None
    match = _ISO_DAY.match(date.strip())
    if match is None:
        found = normalise(date, None)
        match = _ISO_DAY.fullmatch(found[1]) if found else None
    if match is None:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def resolve(corpus: Corpus, *, default_date: datetime.date | None = None, fiscal: FiscalCalendars = FiscalCalendars()) -> Corpus:
    """The corpus with every figure's period and goal's deadline resolved, and undated documents dated ``default_date``."""
    documents = tuple(_dated(d, default_date) for d in corpus.documents)
    anchors = {d.id: anchor_of(d.date) for d in documents}
    starts = _fiscal_starts(corpus.entities, corpus.facts, fiscal)
    focus: dict[str, str] = {}  # document -> the quarter last named in it
    done: dict[int, Fact] = {}
    order = sorted(range(len(corpus.facts)), key=lambda i: (corpus.facts[i].evidence.doc, corpus.facts[i].evidence.start))
    for i in order:
        fact = corpus.facts[i]
        doc = fact.evidence.doc
        if isinstance(fact, FinancialFigure) and fact.period:
            # reported figures are told in the past: "the fourth quarter" is the last one begun
            time = resolve_phrase(fact.period, anchors.get(doc), fiscal_start=starts.get(fact.subject), tense="past", focus=focus.get(doc))
            done[i] = dataclasses.replace(fact, period_time=time)
            if time.value and QUARTER_FOCUS.fullmatch(time.value):
                focus[doc] = time.value
        elif isinstance(fact, Goal) and fact.deadline_text:
            time = resolve_phrase(fact.deadline_text, anchors.get(doc), fiscal_start=starts.get(fact.holder), tense="future")
            done[i] = dataclasses.replace(fact, deadline_time=time)
    facts = tuple(done.get(i, fact) for i, fact in enumerate(corpus.facts))
    return dataclasses.replace(corpus, documents=documents, facts=facts)


def _dated(document: Document, default: datetime.date | None) -> Document:
    if document.date or default is None:
        return document
    return dataclasses.replace(document, date=default.isoformat())


def _fiscal_starts(entities: Sequence[Entity], facts: Sequence[Fact], table: FiscalCalendars) -> dict[str, int]:
    """Entity key -> fiscal-year start month, for entities the table names or units of them."""
    own = {e.key: month for e in entities if (month := table.start_month((e.name, *e.alt_names))) is not None}
    parents = {f.unit: f.parent for f in facts if isinstance(f, UnitOf) and not f.former}
    starts = dict(own)
    for unit in parents:
        seen, current = {unit}, parents[unit]
        while current not in own and current in parents and parents[current] not in seen:
            seen.add(current)
            current = parents[current]
        if unit not in own and current in own:
            starts[unit] = own[current]
    return starts


def resolve_phrase(
    text: str,
    anchor: datetime.date | None,
    *,
    fiscal_start: int | None = None,
    tense: str | None = None,
    focus: str | None = None,
) -> TimeValue:
    """A period or deadline phrase as a :class:`TimeValue`, against ``anchor`` (the document date).

    ``fiscal_start`` is the month the subject's fiscal year starts in (None or 1:
    the calendar year); ``tense`` and ``focus`` (the quarter under discussion)
    are passed on to :mod:`kg.time`.
    """
    words = words_of(text)
    fiscal = "fiscal" in words or any(a == "financial" and b in _FISCAL_UNITS for a, b in zip(words, words[1:]))
    # "financial year" is the British "fiscal year": kg.time reads neither word as a time
    words = [w for n, w in enumerate(words) if not (w == "financial" and n + 1 < len(words) and words[n + 1] in _FISCAL_UNITS)]
    anchor_iso = anchor.isoformat() if anchor else None
    months_to = _months_to(text, words, anchor)
    if months_to is not None:
        return months_to
    if fiscal and fiscal_start not in (None, CALENDAR):
        found = _fiscal(text, words, anchor, fiscal_start or CALENDAR)
        if found is not None:
            return found
    value = normalise_words(words, Context(anchor, tense, focus))
    if value is None:
        return TimeValue(text, None, UNPARSED, anchor_iso)
    return _placed(text, value[0], value[1], anchor)


def _placed(text: str, kind: str, value: str, anchor: datetime.date | None) -> TimeValue:
    """A TIMEX3 value with its span: a calendar value spans its unit, a duration ends at the anchor."""
    anchor_iso = anchor.isoformat() if anchor else None
    if kind == DURATION:
        if anchor is None:
            return TimeValue(text, value, NO_ANCHOR)
        # "over the past three years": the span of that length up to the anchor
        match = _DURATION.fullmatch(value)
        if match is None:
            return TimeValue(text, value, RESOLVED, anchor_iso)
        begin = _back(anchor, int(match[1]), match[2]) + datetime.timedelta(days=1)
        return TimeValue(text, value, RESOLVED, anchor_iso, begin.isoformat(), anchor_iso)
    if kind != DATE:
        return TimeValue(text, None, UNPARSED, anchor_iso)  # a set ("annually") or a clock time is no period
    if value == "PRESENT_REF":
        # "currently": the document's own day
        return TimeValue(text, anchor_iso, RESOLVED, anchor_iso, anchor_iso, anchor_iso) if anchor else TimeValue(text, value, NO_ANCHOR)
    if value in ("PAST_REF", "FUTURE_REF"):
        return TimeValue(text, value, RESOLVED if anchor else NO_ANCHOR, anchor_iso)
    if "X" in value:
        return TimeValue(text, value, NO_ANCHOR if anchor is None else UNPARSED, anchor_iso)
    span = calendar_span(value)
    return TimeValue(text, value, RESOLVED, anchor_iso, *(d.isoformat() for d in span) if span else (None, None))


def _back(day: datetime.date, amount: int, unit: str) -> datetime.date:
    if unit == "D":
        return day - datetime.timedelta(days=amount)
    if unit == "W":
        return day - datetime.timedelta(weeks=amount)
    index = day.year * 12 + day.month - 1 - amount * (12 if unit == "Y" else 1)
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, min(day.day, days_of.monthrange(year, month + 1)[1]))


def calendar_span(value: str) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day of a calendar TIMEX3 value ("2016-Q2", "2015", "2015-12", "2015-12-31")
    or an ISO interval of months ("2019-04/2020-03"); None for any other value."""
    if match := _ISO_INTERVAL.fullmatch(value):
        y1, m1, y2, m2 = (int(g) for g in match.groups())
        if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
            return None
        return datetime.date(y1, m1, 1), _month_end(y2, m2)
    match = _CALENDAR_VALUE.fullmatch(value)
    if match is None:
        return None
    year = int(match[1])
    try:
        if match[3]:
            day = datetime.date(year, int(match[2]), int(match[3]))
            return day, day
        if match[2]:
            return datetime.date(year, int(match[2]), 1), _month_end(year, int(match[2]))
    except ValueError:
        return None
    if match[4]:
        length = 3 if match[4] == "Q" else 6
        first = (int(match[5]) - 1) * length + 1
        return datetime.date(year, first, 1), _month_end(year, first + length - 1)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, days_of.monthrange(year, month)[1])


def span_value(year: int, month: int, months: int) -> str:
    """The TIMEX3 value of ``months`` months from ``month`` of ``year``: a quarter, half,
    year or month when one fits, else an ISO 8601 interval of months."""
    if months == 1:
        return f"{year:04d}-{month:02d}"
    if months == 3 and month in (1, 4, 7, 10):
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    if months == 6 and month in (1, 7):
        return f"{year:04d}-H{1 if month == 1 else 2}"
    if months == 12 and month == 1:
        return f"{year:04d}"
    end_year, end_month = divmod(year * 12 + month - 1 + months - 1, 12)
    return f"{year:04d}-{month:02d}/{end_year:04d}-{end_month + 1:02d}"


def _months_to(text: str, words: list[str], anchor: datetime.date | None) -> TimeValue | None:
    """"the three months to December", "the year to March 2005", "the six months ended 30 June":
    a span of whole months ending with the month named."""
    lex = lexicon()
    at = next((i for i, w in enumerate(words) if w in SPAN_WORDS), None)
    if at is None or at == 0:
        return None
    head = [w for w in words[:at] if w not in lex.fillers and w not in ("first", "past", "last", "latest")]
    tail = [w for w in words[at + 1 :] if w not in lex.fillers and w not in ("end", "of")]
    if not head or lex.units.get(head[-1]) not in ("M", "Y", "Q"):
        return None
    per_unit = {"M": 1, "Q": 3, "Y": 12}[lex.units[head[-1]]]
    amount = _amount(head[:-1])
    months = [lex.months[w] for w in tail if w in lex.months]
    years = [int(w) for w in tail if YEAR.fullmatch(w)]
    others = [w for w in tail if w not in lex.months and not YEAR.fullmatch(w) and not NUMERAL.fullmatch(w.rstrip("stndrh"))]
    if amount is None or len(months) != 1 or len(years) > 1 or others:
        return None
    month, length = months[0], amount * per_unit
    anchor_iso = anchor.isoformat() if anchor else None
    if years:
        end_year = years[0]
    elif anchor is None:
        return TimeValue(text, None, NO_ANCHOR)
    else:
        # the latest such month already over by the anchor
        end_year = anchor.year if month < anchor.month else anchor.year - 1
    start_year, start_month = divmod(end_year * 12 + month - 1 - (length - 1), 12)
    begin, end = datetime.date(start_year, start_month + 1, 1), _month_end(end_year, month)
    value = span_value(start_year, start_month + 1, length)
    return TimeValue(text, value, RESOLVED, anchor_iso, begin.isoformat(), end.isoformat())


def _amount(words: Sequence[str]) -> int | None:
    """How many units: none written is one ("the year to March"), else a numeral or number word."""
    lex = lexicon()
    if not words or list(words) in (["a"], ["an"]):
        return 1
    if len(words) == 1 and NUMERAL.fullmatch(words[0]):
        return int(words[0])
    if len(words) == 1 and words[0] in lex.numbers:
        return lex.numbers[words[0]]
    return None


def _fiscal(text: str, words: list[str], anchor: datetime.date | None, start: int) -> TimeValue | None:
    """A fiscal year, or a quarter or half of one, on a calendar whose year starts in ``start``."""
    named = [int(w) for w in words if YEAR.fullmatch(w)]
    found = normalise_words([w for w in words if w != "fiscal"], Context(anchor, None, None))
    match = _FISCAL_VALUE.fullmatch(found[1]) if found and found[0] == DATE else None
    if match is None or len(named) > 1:
        return None
    part, number = match[2], int(match[3]) if match[3] else 1
    length = 3 if part == "Q" else 6 if part == "H" else 12
    offset = (number - 1) * length
    anchor_iso = anchor.isoformat() if anchor else None
    if named:
        year = named[0]  # fiscal 2020: the fiscal year that ends in 2020
    elif anchor is None:
        return TimeValue(text, None, NO_ANCHOR, fiscal=True)
    elif part is None:
        # this, last or next fiscal year: the calendar reading says how many years away
        year = _fiscal_year_of(anchor, start) + (int(match[1]) - anchor.year if match[1].isdigit() else 0)
    else:
        # a quarter or half of "its fiscal year": the latest one begun by the anchor
        year = _fiscal_year_of(anchor, start)
        if _first_month(year, start) + offset > anchor.year * 12 + anchor.month - 1:
            year -= 1
    first_year, first_month = divmod(_first_month(year, start) + offset, 12)
    last_year, last_month = divmod(_first_month(year, start) + offset + length - 1, 12)
    begin, end = datetime.date(first_year, first_month + 1, 1), _month_end(last_year, last_month + 1)
    value = span_value(first_year, first_month + 1, length)
    return TimeValue(text, value, RESOLVED, anchor_iso, begin.isoformat(), end.isoformat(), fiscal=True)


def _fiscal_year_of(day: datetime.date, start: int) -> int:
    """The name (the calendar year it ends in) of the fiscal year ``day`` falls in."""
    return day.year + 1 if start != CALENDAR and day.month >= start else day.year


def _first_month(fiscal_year: int, start: int) -> int:
    """The fiscal year's first month, counted in months since year 0."""
    return (fiscal_year - (1 if start != CALENDAR else 0)) * 12 + start - 1
