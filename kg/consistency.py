"""Consistency checks over the resolved corpus: figures that do not agree with each other.

Two kinds of :class:`~kg.model.ConsistencyWarning`, both about levels
(figures that are not changes) of one subject, metric and unit:

* **contradiction**: a comparative claim the numbers contradict.  A "than"
  cue ("higher than", "lower than", kg/patterns/comparatives.json) compares
  the figure named before it, or, in a sentence that names none ("That loss is
  higher than a year earlier, when it amounted to 23.49 million dollars"), the
  last figure of that subject and metric shortly before, with the first such
  figure after it, its baseline, whose period must be the earlier one (a
  backward phrase such as "a year earlier", or a resolved span ending before
  the figure's begins).  A change verb followed by "from" ("rose 5% to $10m
  from $8m", "down from $8m") names the earlier level right after "from".
  When the claimed direction does not hold, both figures are linked.
* **duplicate**: two different values for the same subject, metric, unit and
  change flag, and the same period: the same resolved span (across documents
  only when the phrase writes its year) or the same period phrase within one
  document.  Both figures are
  kept; figures of one sentence are not compared (a sentence giving a level
  and its earlier level is a comparison, not a duplicate), nor are forecasts
  and estimates (a hedged sentence), nor figures whose metric is qualified
  differently ("US truck sales" and "US sales").
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from kg.model import ConsistencyWarning, Corpus, Evidence, FinancialFigure
from kg.patterns import load
from kg.time.lexicon import lexicon as time_lexicon
from kg.time.normalise import words_of

CONTRADICTION, DUPLICATE = "contradiction", "duplicate"
LOOKBACK_CHARS = 300  # how far back "That loss" may find the figure it refers to (about two sentences)
_APPROXIMATOR = {"more than", "less than", "fewer than"}  # before a number: "more than $1bn"
_NUMBER_START = re.compile(r"\s*(?:[\d$£€¥]|us\$|rmb|eur|gbp|usd)")
_WORD = re.compile(r"[a-z0-9]+")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_TO_BEFORE = re.compile(r"\bto\s+\S*$")  # "to" right before a number: the level reached
_LAST_WORD = re.compile(r"([a-z0-9]+)[\s-]*$")


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int
    end: int
    direction: int  # +1: the figure claims to be higher than its baseline, -1 lower
    kind: str  # "than" | "from"
    text: str


@dataclass(frozen=True, slots=True)
class _Lexicon:
    than: tuple[tuple[re.Pattern[str], int, str], ...]
    verbs: tuple[tuple[re.Pattern[str], int], ...]
    baseline: frozenset[str]
    hedges: frozenset[str]
    not_qualifiers: frozenset[str]


@cache
def _lexicon() -> _Lexicon:
    data = load("comparatives")
    sign = {"higher": 1, "lower": -1}

    def pattern(form: str) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])")

    than = tuple((pattern(f), sign[d], f) for d, forms in data["than"].items() for f in forms)
    verbs = tuple((pattern(f), sign[d]) for d, forms in data["change_verbs"].items() for f in forms)
    baseline = frozenset(w for form in data["baseline_words"] for w in words_of(form))
    return _Lexicon(than, verbs, baseline, frozenset(data["hedges"]), frozenset(data["not_qualifiers"]))


def check(corpus: Corpus) -> Corpus:
    """The corpus with its consistency warnings."""
    return dataclasses.replace(corpus, warnings=tuple(warnings(corpus)))


def warnings(corpus: Corpus) -> Iterator[ConsistencyWarning]:
    """Contradictions first, then duplicates, each in document and text order."""
    names = {e.key: e.name for e in corpus.entities}
    name_words = {e.key: frozenset(w for n in (e.name, *e.alt_names) for w in _WORD.findall(n.lower())) for e in corpus.entities}
    figures = [f for f in corpus.facts if isinstance(f, FinancialFigure)]
    figures.sort(key=lambda f: (f.evidence.doc, f.evidence.start, _position(f)))
    contradictions = list(_contradictions([f for f in figures if not f.change], names))
    yield from contradictions
    linked = {frozenset((id(w.figure), id(w.other))) for w in contradictions}
    yield from _duplicates(figures, names, name_words, linked)


def _key(figure: FinancialFigure) -> tuple[str, str, str]:
    return figure.subject, figure.metric, figure.unit


def _position(figure: FinancialFigure) -> int:
    """Where the figure's number stands in its sentence (-1 when it cannot be found)."""
    return figure.evidence.text.find(figure.value_text)


def _cues(sentence: str) -> Iterator[_Cue]:
    lex = _lexicon()
    lower = sentence.lower()
    for pattern, direction, form in lex.than:
        for match in pattern.finditer(lower):
            if form in _APPROXIMATOR and _NUMBER_START.match(lower, match.end()):
                continue
            yield _Cue(match.start(), match.end(), direction, "than", form)
    for match in re.finditer(r"(?<![\w-])from(?![\w-])", lower):
        # the change verb nearest before "from" gives the direction
        verbs = [(m.start(), direction) for pattern, direction in lex.verbs for m in pattern.finditer(lower, 0, match.start())]
        if verbs:
            _, direction = max(verbs)
            yield _Cue(match.start(), match.end(), direction, "from", "from")


def _contradictions(levels: list[FinancialFigure], names: dict[str, str]) -> Iterator[ConsistencyWarning]:
    sentences: dict[Evidence, list[FinancialFigure]] = defaultdict(list)
    for figure in levels:
        if _position(figure) >= 0:
            sentences[figure.evidence].append(figure)
    seen: set[tuple[int, int]] = set()
    for evidence, here in sentences.items():
        for cue in sorted(_cues(evidence.text), key=lambda c: c.start):
            pair = _compared(cue, evidence, here, levels)
            if pair is None or (id(pair[0]), id(pair[1])) in seen:
                continue
            figure, baseline = pair
            seen.add((id(figure), id(baseline)))
            if cue.direction * (figure.value - baseline.value) > 0:
                continue  # the claim holds
            yield ConsistencyWarning(CONTRADICTION, figure, baseline, evidence, _contradiction_message(figure, baseline, cue, names))


def _compared(cue: _Cue, evidence: Evidence, here: list[FinancialFigure], levels: list[FinancialFigure]) -> tuple[FinancialFigure, FinancialFigure] | None:
    """(figure, baseline) a cue compares, or None."""
    after = sorted((f for f in here if _position(f) >= cue.end), key=_position)
    for baseline in after[:2]:
        if cue.kind == "from" and len(evidence.text[cue.end : _position(baseline)].split()) > 1:
            continue  # the earlier level stands right after "from"
        before = [f for f in here if _position(f) < cue.start and _key(f) == _key(baseline)]
        figure = max(before, key=_position) if before else None
        if figure is None and cue.kind == "from":
            # "slipped from £3.24bn in 2003 to £2.89bn": the level reached follows "to"
            figure = next((f for f in after if _position(f) > _position(baseline) and _key(f) == _key(baseline)
                           and _TO_BEFORE.search(evidence.text, 0, _position(f))), None)
        if figure is None and cue.kind == "than" and not [f for f in here if _position(f) < cue.start]:
            figure = _referent(baseline, evidence, levels)
        if figure is None or figure is baseline:
            continue
        if cue.kind == "from" or _earlier(baseline, figure) or _earlier_year_between(evidence.text[cue.end : _position(baseline)], figure):
            return figure, baseline
    return None


def _earlier_year_between(gap: str, figure: FinancialFigure) -> bool:
    """"lower than 2003's $1.2bn": a year between the cue and the baseline, before any year of the figure's period."""
    years = [int(y) for y in _YEAR.findall(gap)]
    own = [int(y) for y in _YEAR.findall(figure.period or "")]
    return len(years) == 1 and len(gap.split()) <= 3 and all(years[0] < y for y in own)


def _referent(baseline: FinancialFigure, evidence: Evidence, levels: list[FinancialFigure]) -> FinancialFigure | None:
    """The figure a sentence without a number of its own compares ("That loss is higher ..."):
    the last one of the baseline's subject, metric and unit shortly before, with no other
    figure of that metric in between."""
    for figure in reversed(levels):
        if figure.evidence.doc != evidence.doc or figure.evidence.start >= evidence.start:
            continue
        if evidence.start - figure.evidence.end > LOOKBACK_CHARS:
            return None
        if figure.metric == baseline.metric:
            return figure if _key(figure) == _key(baseline) else None
    return None


def _backward(period: str | None) -> bool:
    lex, time = _lexicon(), time_lexicon()
    words = words_of(period or "")
    return any(w in lex.baseline or time.shifts.get(w, 0) < 0 for w in words)


def _earlier(baseline: FinancialFigure, figure: FinancialFigure) -> bool:
    """Whether the baseline's period is the earlier one: written so ("a year earlier"), or
    resolved to a span that ends before the figure's begins."""
    if _backward(figure.period):
        return False
    if _backward(baseline.period):
        return True
    b, f = baseline.period_time, figure.period_time
    return bool(b and f and b.end and f.begin and b.end < f.begin)


def _contradiction_message(figure: FinancialFigure, baseline: FinancialFigure, cue: _Cue, names: dict[str, str]) -> str:
    said = "higher" if cue.direction > 0 else "lower"
    is_ = "lower than" if figure.value < baseline.value else "higher than" if figure.value > baseline.value else "equal to"
    when = f" ({baseline.period})" if baseline.period else ""
    return (
        f"{names.get(figure.subject, figure.subject)}: the {figure.metric} of {figure.value_text} is said to be {said} "
        f"than {baseline.value_text}{when} ('{cue.text}'), but {_number(figure.value)} is {is_} {_number(baseline.value)}"
    )


def _number(value: Decimal) -> str:
    """22640000 as "22,640,000"; 1.5 as "1.5"."""
    return format(value.normalize() if value == value.to_integral() else value, ",f")


def _period_key(figure: FinancialFigure) -> tuple[str, ...] | None:
    """What makes two figures' periods the same one.

    A resolved span counts across documents only when the phrase writes its year
    ("2004", "the third quarter of 2004"): a relative phrase resolved against two
    documents' dates is only as reliable as the dates.  A phrase with an edge
    modifier or approximator ("late January", "about a year") names part of its
    span, and is compared as written, within its document.
    """
    time, words = figure.period_time, words_of(figure.period or "")
    doc = figure.evidence.doc
    if not words:
        return None
    if _modified(words):
        return ("phrase", doc, " ".join(words))
    if time is not None and time.status == "resolved" and time.begin and time.end:
        return ("span", time.begin, time.end) if _YEAR.search(figure.period or "") else ("span", doc, time.begin, time.end)
    return ("phrase", doc, " ".join(words))


def _modified(words: list[str]) -> bool:
    lex = time_lexicon()
    rest = words[1:] if words[0] in lex.prepositions else words
    rest = rest[1:] if rest and rest[0] in lex.fillers else rest
    return any(tuple(rest[: len(p)]) == p for p in (*lex.edge_modifiers, *lex.approximators))


def _hedged(figure: FinancialFigure) -> bool:
    """A forecast or estimate ("is expected to", "forecast", "would"): it may differ from another."""
    return not _lexicon().hedges.isdisjoint(_WORD.findall(figure.evidence.text.lower()))


def _qualifier(figure: FinancialFigure, subject_words: frozenset[str]) -> str:
    """The word right before the metric that narrows it ("truck" in "US truck sales"), or ""."""
    text = figure.evidence.text.lower()
    value_at = max(_position(figure), 0)
    starts = [m.start() for m in re.finditer(re.escape(figure.metric_text.lower()), text)]
    if not starts:
        return ""
    at = min(starts, key=lambda s: abs(s - value_at))
    match = _LAST_WORD.search(text, 0, at)
    word = match[1] if match else ""
    if word in _lexicon().not_qualifiers or word in subject_words or word.isdigit():
        return ""
    return word


def _duplicates(
    figures: Iterable[FinancialFigure], names: dict[str, str], name_words: dict[str, frozenset[str]], linked: set[frozenset[int]]
) -> Iterator[ConsistencyWarning]:
    groups: dict[tuple[object, ...], list[FinancialFigure]] = defaultdict(list)
    for figure in figures:
        period = _period_key(figure)
        if period is not None:
            groups[(*_key(figure), figure.change, *period)].append(figure)
    for group in groups.values():
        words = name_words.get(group[0].subject, frozenset())
        # forecasts and estimates may differ from each other and from outcomes
        kept = [f for f in group if not _hedged(f)]
        reported: set[frozenset[Decimal]] = set()
        for n, other in enumerate(kept):
            first = next(
                (
                    f for f in kept[:n]
                    if f.value != other.value and f.evidence != other.evidence and frozenset((id(f), id(other))) not in linked
                    and _qualifier(f, words) == _qualifier(other, words)
                ),
                None,
            )
            if first is None or frozenset((first.value, other.value)) in reported:
                continue
            reported.add(frozenset((first.value, other.value)))
            when = first.period_time.value if first.period_time and first.period_time.status == "resolved" else first.period
            message = (
                f"{names.get(first.subject, first.subject)}: two values of {first.metric} for {when}: "
                f"{first.value_text} ({first.evidence.doc}) and {other.value_text} ({other.evidence.doc})"
            )
            yield ConsistencyWarning(DUPLICATE, first, other, other.evidence, message)
