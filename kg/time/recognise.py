"""Recognition: the temporal expressions of a parsed Doc, with TimeML extents and TIMEX3 values.

Candidates are runs of time words and their modifiers; within a run the
longest stretches that normalise are kept.  Extents follow the TimeML
annotation guidelines as applied in TimeBank: a leading preposition is outside
the expression ("in [1989]"), determiners and modifiers are inside ("[the past
three years]", "[early next year]"), focus adverbs and possessives are
outside ("only [six months]", "its [fourth quarter]").
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Span, Token

from kg.time.calendar import Context, quarter_of
from kg.time.lexicon import (
    AFFIXED_YEAR,
    CLOCK,
    DECADE,
    ISO_DATE,
    QUARTER_CODE,
    SHORT_DECADE,
    SLASH_DATE,
    YEAR,
    Lexicon,
    lexicon,
)
from kg.time.normalise import normalise_words, words_of
from kg.time.timex import Timex, Value

# no temporal expression in the data runs to more tokens than this
# ("this coming Sunday, March eighth" is seven)
_LONGEST = 9

_QUARTER_VALUE = re.compile(r"(\d{4})-Q([1-4])")


def find(doc: Doc, anchor: datetime.date | None) -> list[Timex]:
    """The temporal expressions of ``doc`` in text order, normalised against ``anchor``.

    Candidates are runs of time words (month and weekday names, unit nouns,
    years, deictic adverbs) with the modifiers that may surround them, plus the
    model's DATE and TIME entities.  Within a run the longest stretch that
    normalises is kept, and the rest of the run is searched again.  A quarter
    once named becomes the reference for "the year-earlier quarter" and "a
    year ago" later in the document, as in earnings reports.
    """
    allowed, seeds = _mark(doc)
    found: list[Timex] = []
    focus: str | None = None
    for start, end in _runs(doc, allowed):
        for i, j, (kind, value) in _best_stretches(doc, i_start=start, i_end=end, seeds=seeds, anchor=anchor, focus_of=lambda: focus):
            span = _trim(doc[i:j], seeds)
            found.append(Timex(span.start_char, span.end_char, span.text, kind, value))
            if _is_current_quarter(value, anchor):
                focus = value
    return found


def _is_current_quarter(value: str, anchor: datetime.date | None) -> bool:
    """Whether ``value`` is a quarter the report is about: within the year up to the anchor, or later.

    A quarter a year before that ("the year-earlier quarter") is a comparison,
    not a new topic.
    """
    match = _QUARTER_VALUE.fullmatch(value)
    if match is None:
        return False
    if anchor is None:
        return True
    year, quarter = quarter_of(anchor)
    return int(match[1]) * 4 + int(match[2]) >= year * 4 + quarter - 3


def _trim(span: Span, seeds: set[int]) -> Span:
    """``span`` without the words TimeML leaves outside a temporal expression.

    Focus adverbs and possessives are outside ("only [six months]", "its
    [fourth quarter]"), and so is the article of a noun that the expression
    only modifies ("the [third-quarter] results", "a [two-year] contract").
    """
    doc = span.doc
    start, end = span.start, span.end
    last = doc[end - 1]
    modifier = last.dep_ in ("amod", "compound", "nmod", "nummod") and not start <= last.head.i < end
    drop = {"about", "only", "just", "its", "his", "her", "their", "our", "my", "your"}
    if modifier:
        drop |= {"the", "a", "an"}
    while start < end - 1 and doc[start].lower_ in drop and any(k in seeds for k in range(start + 1, end)):
        start += 1
    while end - 1 > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end]


def _best_stretches(
    doc: Doc,
    *,
    i_start: int,
    i_end: int,
    seeds: set[int],
    anchor: datetime.date | None,
    focus_of: Callable[[], str | None],
) -> Iterator[tuple[int, int, Value]]:
    """Longest normalisable token stretches of ``doc[i_start:i_end]`` that contain a seed, left to right.

    ``focus_of`` gives the quarter under discussion at the moment of asking,
    which the stretches yielded so far may have changed.
    """
    lex = lexicon()
    pending = [(i_start, i_end)]
    tense = _tense(doc[i_start:i_end])
    while pending:
        start, end = pending.pop(0)
        best: tuple[int, int, Value] | None = None
        for length in range(min(end - start, _LONGEST), 0, -1):
            for i in range(start, end - length + 1):
                j = i + length
                if not any(k in seeds for k in range(i, j)) or not _may_bound(doc[i], doc[j - 1], lex):
                    continue
                span = doc[i:j]
                ctx = Context(anchor, tense, focus_of())
                value = normalise_words(words_of(span.text), ctx)
                if value is not None:
                    best = (i, j, value)
                    break
            if best:
                break
        if best is None:
            continue
        yield best
        if best[0] > start:
            pending.append((start, best[0]))
        if best[1] < end:
            pending.append((best[1], end))
        pending.sort()


def _may_bound(first: Token, last: Token, lex: Lexicon) -> bool:
    """Whether a stretch may start at ``first`` and end at ``last`` (no dangling punctuation or articles)."""
    if first.is_punct or first.lower_ in ("of", "'s", "and", "or", "ago"):
        return False
    if first.lower_ in lex.prepositions:
        return False
    return not (last.is_punct and last.text != ".") and last.lower_ not in ("of", "the", "a", "an", "and", "or", "'s")


def _runs(doc: Doc, allowed: set[int]) -> Iterator[tuple[int, int]]:
    """Maximal runs of allowed tokens, as token index ranges."""
    start: int | None = None
    for token in doc:
        if token.i in allowed:
            if start is None:
                start = token.i
        elif start is not None:
            yield start, token.i
            start = None
    if start is not None:
        yield start, len(doc)


def _mark(doc: Doc) -> tuple[set[int], set[int]]:
    """Tokens that may belong to a temporal expression, and those that can carry one (seeds)."""
    lex = lexicon()
    seeds = {t.i for t in doc if _is_seed(t, lex)}
    allowed = set(seeds)
    for token in doc:
        low = token.lower_.rstrip(".")
        if low in lex.left_context or low in lex.right_context or low in lex.ordinals or low in lex.numbers:
            allowed.add(token.i)
        elif token.like_num and not token.text.startswith(("$", "%")):
            allowed.add(token.i)
        elif low in ("-", "'s", "of", ",") and 0 < token.i < len(doc) - 1:
            allowed.add(token.i)
        elif token.lower_ in lex.parts_of_day or low in lex.units or low in lex.weekdays or low in lex.months:
            allowed.add(token.i)
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            allowed.update(t.i for t in ent if t.lower_ not in lex.prepositions or t.i > ent.start)
    for token in doc:
        if token.i not in seeds or token.lower_ not in lex.units:
            continue
        after = [t.lower_ for t in doc[token.i + 1 : token.i + 3] if t.text != "-"]
        before = doc[token.i - 2] if token.i >= 2 else None
        # an age ("a 6-year-old", "52 years old") is not a time
        if after[:1] == ["old"]:
            seeds.discard(token.i)
        # a rate ("$1.76 a year", "700 seats a week") is a quantity per unit
        elif before is not None and doc[token.i - 1].lower_ in ("a", "an", "per") and (
            before.like_num or before.is_currency or before.pos_ in ("NOUN", "PROPN") or before.text == "%"
        ):
            seeds.discard(token.i)
    # a currency sign, a percent sign or a following noun of measure makes a number an amount
    for token in doc:
        if token.i in seeds and token.like_num:
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            prev = doc[token.i - 1] if token.i > 0 else None
            if (prev is not None and prev.is_currency) or (nxt is not None and nxt.lower_ in ("%", "percent")):
                seeds.discard(token.i)
    return allowed, seeds


def _is_seed(token: Token, lex: Lexicon) -> bool:
    low = token.lower_.rstrip(".")
    text = token.text
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if low in lex.months:
        # "may", "march" are also a verb; month names are capitalised proper nouns;
        # an abbreviation ("Jan") must be followed by its dot or a day ("Jan Kavan" is a name)
        if not text[0].isupper() or token.tag_ == "MD" or (low in ("may", "march") and token.pos_ != "PROPN"):
            return False
        return low in lex.month_names or text.endswith(".") or (nxt is not None and (nxt.text == "." or nxt.like_num))
    if low in lex.weekdays:
        return text[0].isupper() and len(low) > 3
    if low in lex.units:
        return low not in ("second", "seconds", "sec", "secs", "min", "mins", "half", "hr", "hrs") or _after_number(token, lex)
    if low in lex.seasons:
        return token.pos_ == "NOUN" or token.pos_ == "PROPN"
    if low in lex.deictic_days or low in lex.parts_of_day or low in lex.clock_words or low in lex.holidays:
        return True
    if low in lex.floating_holidays:
        return True
    if low in lex.sets and low != "quarterly":
        # "the Communist Party daily": a newspaper, not a frequency
        return token.pos_ not in ("NOUN", "PROPN")
    if low == "future":
        # the noun ("in the future"), not the adjective ("future payments")
        return token.dep_ not in ("amod", "compound")
    if low == "past":
        return token.pos_ == "NOUN" and token.i > 0 and token.doc[token.i - 1].lower_ == "the"
    if low in lex.reference_seeds:
        return True
    if low in ("nineteen", "eighteen") and nxt is not None and nxt.lower_ in lex.numbers:
        return True  # a year read out: "nineteen ninety-six"
    if token.like_num and nxt is not None and nxt.lower_.replace(".", "") in ("am", "pm"):
        return True
    if AFFIXED_YEAR.fullmatch(low):
        return True
    if YEAR.fullmatch(text) or DECADE.fullmatch(text) or SHORT_DECADE.fullmatch(text):
        return True
    if CLOCK.fullmatch(text) or ISO_DATE.fullmatch(text) or SLASH_DATE.fullmatch(text):
        return True
    return bool(QUARTER_CODE.fullmatch(low))


def _after_number(token: Token, lex: Lexicon) -> bool:
    i = token.i - 1
    while i >= 0 and token.doc[i].text == "-":
        i -= 1
    return i >= 0 and (token.doc[i].like_num or token.doc[i].lower_ in lex.numbers)


def _tense(span: Span) -> str | None:
    """The tense of the clause around ``span``: "past", "present" or "future" (None if unclear)."""
    head: Token = span.root
    for _ in range(4):
        if head.pos_ in ("VERB", "AUX"):
            break
        if head.head is head:
            return None
        head = head.head
    else:
        return None
    auxiliaries = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("will", "'ll", "shall") for a in auxiliaries) or any(
        a.lower_ == "going" for a in auxiliaries
    ):
        return "future"
    if head.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxiliaries):
        return "past"
    if head.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxiliaries):
        return "present"
    return None
