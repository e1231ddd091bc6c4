"""Normalisation: the text of a temporal expression and an anchor date to its TIMEX3 type and value.

The text is read as lower-cased words; a leading preposition, approximators
("about"), edge modifiers ("early", "the end of") and determiners are set
aside, since TIMEX3 keeps them out of the value.  The remaining words are
offered to the rules of :mod:`kg.time.rules` in a fixed order, the first
answer wins.  Relative expressions resolve against the anchor; without one
their unknown parts are X-ed, never taken from the clock.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from kg.time.calendar import Context
from kg.time.lexicon import CLOCK, NUMERAL, lexicon
from kg.time.rules import (
    calendar_rule,
    day_rule,
    numeric_date_rule,
    quarter_rule,
    relative_rule,
    season_rule,
    set_rule,
    year_rule,
)
from kg.time.timex import DATE, TIME, Value

# Surface formats, matched on lower-cased text.
_CLOCK_MARK = re.compile(r"\b([ap])\.?\s?m\b\.?")
_WORD = re.compile(r"\b(?:q[1-4]|[1-4]q)\b|\d{1,4}(?:[/:-]\d{1,4})+|'\d0s|\d+(?:st|nd|rd|th|s)?|'s|[a-z]+")
_DAY_VALUE = re.compile(r"[\dX]{4}-[\dX]{2}-[\dX]{2}")  # a calendar day, possibly X-ed


def normalise(text: str, anchor: datetime.date | None, *, tense_hint: str | None = None) -> Value | None:
    """The TIMEX3 ``(type, value)`` of a temporal expression, or None if ``text`` is not one.

    ``anchor`` is the date relative expressions count from (the document
    date); without it their unknown parts are X-ed ("last year" -> "XXXX").
    ``tense_hint`` ("past", "present" or "future", the tense of the clause)
    picks the direction of an expression that names a weekday or month without
    saying which one: "said Friday" is the Friday before the anchor, "will
    meet Friday" the one after.
    """
    return normalise_words(words_of(text), Context(anchor, tense_hint, None))


def words_of(text: str) -> list[str]:
    """Lower-cased word tokens; abbreviation dots dropped, "a.m." folded to "am"."""
    return _WORD.findall(_CLOCK_MARK.sub(r"\1m", text.lower()))


def normalise_words(words: Sequence[str], ctx: Context) -> Value | None:
    """The TIMEX3 ``(type, value)`` of an expression already split by :func:`words_of`, or None."""
    lex = lexicon()
    words = _drop_leading(words, lex.prepositions) or list(words)
    phrase = " ".join(words)
    if phrase in lex.references:
        return DATE, lex.references[phrase]
    words = _strip(words)
    if not words:
        return None
    for rule in _RULES:
        found = rule(words, ctx)
        if found is not None:
            return found
    return None


def _drop_leading(words: Sequence[str], drop: set[str] | frozenset[str]) -> list[str]:
    i = 0
    while i < len(words) and words[i] in drop:
        i += 1
    return list(words[i:])


def _strip(words: list[str]) -> list[str]:
    """Words without the approximators, determiners and edge modifiers that leave the value unchanged.

    TIMEX3 keeps "about", "early" or "the end of" in the ``mod`` attribute, not
    in the value: "early next year" has the value of "next year".
    """
    lex = lexicon()
    # a preposition heads the phrase the expression sits in ("by 2036")
    words = _drop_leading(words, lex.prepositions) or words
    changed = True
    while changed and words:
        changed = False
        for phrase in (*lex.approximators, *lex.edge_modifiers):
            if len(words) > len(phrase) and tuple(words[: len(phrase)]) == phrase:
                words, changed = words[len(phrase) :], True
                break
        if words and words[0] in lex.fillers and len(words) > 1:
            words, changed = words[1:], True
        # "a week or so", "decades-long", "the weeks ahead" measure the same span
        if words and len(words) > 1 and words[-1] in ("so", "long", "ahead"):
            words, changed = words[:-1], True
            if words[-1] == "or":
                words = words[:-1]
    # "fiscal" inside ("the second quarter of its fiscal year") qualifies the
    # calendar, it does not name a time
    return [w for w in words if w not in ("fiscal", "calendar")]


# the one rule that composes the others: a clock time on the date the rest of the phrase gives


def _clock_rule(words: list[str], ctx: Context) -> Value | None:
    """A time of day, on the date the rest of the phrase gives (the anchor's by default)."""
    lex = lexicon()
    clock: str | None = None
    rest: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        follower = words[i + 1] if i + 1 < len(words) else ""
        match = CLOCK.fullmatch(word)
        if clock is None and match and int(match[1]) < 25:
            hour, minute = int(match[1]), int(match[2])
            if follower in ("am", "pm"):
                hour, i = _twelve_hour(hour, follower), i + 1
            clock = f"{hour:02d}:{minute:02d}"
        elif clock is None and NUMERAL.fullmatch(word) and follower in ("am", "pm") and 0 < int(word) <= 12:
            clock, i = f"{_twelve_hour(int(word), follower):02d}:00", i + 1
        elif clock is None and word in lex.clock_words:
            clock = lex.clock_words[word]
        elif word not in ("est", "edt", "gmt", "et", "local", "time", "o", "clock"):
            rest.append(word)
        i += 1
    if clock is None:
        return None
    if not rest:
        day = ctx.anchor.isoformat() if ctx.anchor else "XXXX-XX-XX"
    else:
        found = normalise_words(rest, ctx)
        if found is None or found[0] != DATE or not _DAY_VALUE.fullmatch(found[1]):
            return None
        day = found[1]
    return TIME, f"{day}T{clock}"


def _twelve_hour(hour: int, mark: str) -> int:
    if mark == "pm" and hour < 12:
        return hour + 12
    if mark == "am" and hour == 12:
        return 0
    return hour


_RULES = (  # tried in this order; the first answer wins
    set_rule,
    numeric_date_rule,
    _clock_rule,
    calendar_rule,
    day_rule,
    quarter_rule,
    season_rule,
    year_rule,
    relative_rule,
)

