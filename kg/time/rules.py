"""Normalisation rules: each reads one family of expressions from its words, or declines.

A rule takes the lower-cased words of a candidate (approximators, edge
modifiers and a leading preposition already stripped) and a ``Context``, and
returns the TIMEX3 ``(type, value)`` or None.  The rules cover sets ("daily"),
numeric dates, month names, named days and holidays, quarters and halves,
seasons, years and decades, and expressions built on a unit word ("last
year", "three months ago").  :mod:`kg.time.normalise` tries them in order.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from kg.time.calendar import (
    Context,
    at_granularity,
    calendar_year,
    duration,
    quarter_back,
    quarter_of,
    weekday_date,
)
from kg.time.lexicon import (
    DAY_NUMBER,
    DECADE,
    ISO_DATE,
    NUMERAL,
    QUARTER_CODE,
    SHORT_DECADE,
    SLASH_DATE,
    YEAR,
    lexicon,
)
from kg.time.timex import DATE, DURATION, SET, TIME, Value


def _amount(words: Sequence[str]) -> int | None:
    """The number written by ``words`` ("three", "20", "twenty five", "a"), if that is all they are."""
    lex = lexicon()
    if not words:
        return None
    if len(words) == 1 and NUMERAL.fullmatch(words[0]):
        return int(words[0])
    if words[0] in ("a", "an") and len(words) > 1:
        # the article counts only alone: "a two-year" is two, "a couple" two, "a hundred" a hundred
        words = words[1:]
    total = current = 0
    for word in words:
        if word not in lex.numbers:
            return None
        value = lex.numbers[word]
        if value in (100, 1000):
            current = max(current, 1) * value
            if value == 1000:
                total, current = total + current, 0
        else:
            current += value
    return total + current


def _year_in(words: Sequence[str]) -> int | None:
    years = [int(w) for w in words if YEAR.fullmatch(w)]
    return years[0] if len(years) == 1 else None


def _shift_word(words: Sequence[str], *, alone: bool = False) -> tuple[int, list[str]]:
    """The direction given by a leading "last", "next", "this" (0 when absent), and the rest.

    Unless ``alone``, a shift word with nothing after it is left in place.
    """
    lex = lexicon()
    if words and words[0] in lex.shifts and (alone or len(words) > 1):
        return lex.shifts[words[0]], list(words[1:])
    return 0, list(words)


def set_rule(words: list[str], ctx: Context) -> Value | None:
    lex = lexicon()
    if len(words) == 1 and words[0] in lex.sets:
        return SET, lex.sets[words[0]]
    if len(words) >= 2 and words[0] in lex.set_quantifiers and words[-1] in lex.units:
        amount = _amount(words[1:-1]) if len(words) > 2 else 1
        period = duration(amount, lex.units[words[-1]]) if amount else None
        return (SET, period) if period else None
    return None


def numeric_date_rule(words: list[str], ctx: Context) -> Value | None:
    if len(words) != 1:
        return None
    if match := ISO_DATE.fullmatch(words[0]):
        return DATE, words[0]
    if match := SLASH_DATE.fullmatch(words[0]):
        month, day, year = int(match[1]), int(match[2]), int(match[3])
        if year < 100:
            year += 1900 if year >= 30 else 2000
        if 1 <= month <= 12 and 1 <= day <= 31:
            return DATE, f"{year:04d}-{month:02d}-{day:02d}"
    return None


def calendar_rule(words: list[str], ctx: Context) -> Value | None:
    """Month names with an optional day and year: "Oct. 15, 1999", "August 1988", "last June"."""
    lex = lexicon()
    shift, words = _shift_word(words)
    months = [i for i, w in enumerate(words) if w in lex.months]
    if len(months) != 1:
        return None
    at = months[0]
    before, after = words[:at], words[at + 1 :]
    # a weekday before the date repeats it ("Friday, Oct. 13")
    before = [w for w in before if w not in lex.weekdays]
    month = lex.months[words[at]]
    day: int | None = None
    year: int | None = None
    if len(after) == 2 and after[0] in lex.shifts and lex.units.get(after[1]) == "Y" and ctx.anchor:
        # "June last year", "January this year"
        year, after = ctx.anchor.year + lex.shifts[after[0]], []
    for word in (*before, *after):
        if YEAR.fullmatch(word) and year is None:
            year = int(word)
        elif (m := DAY_NUMBER.fullmatch(word)) and day is None and 1 <= int(m[1]) <= 31:
            day = int(m[1])
        elif word in lex.ordinals and day is None:
            day = lex.ordinals[word]
        elif word != "of":
            return None
    year_text = str(year) if year is not None else calendar_year(month, day, ctx, shift)
    if day is None:
        return DATE, f"{year_text}-{month:02d}"
    return DATE, f"{year_text}-{month:02d}-{day:02d}"


def _part_of_day(words: list[str]) -> tuple[str | None, list[str]]:
    lex = lexicon()
    parts = [w for w in words if w in lex.parts_of_day]
    rest = [w for w in words if w not in lex.parts_of_day]
    return (lex.parts_of_day[parts[0]] if len(parts) == 1 else None), rest


def day_rule(words: list[str], ctx: Context) -> Value | None:
    """Days named from the anchor: "yesterday", "Friday", "last Monday", "this morning", "Christmas"."""
    lex = lexicon()
    part, rest = _part_of_day(words)
    day: datetime.date | None = None
    if part and rest in ([], ["this"], ["last"], ["tomorrow"], ["yesterday"]):
        # "this morning", "tonight": the anchor's day; "last night": the day before
        shift = {"last": -1, "yesterday": -1, "tomorrow": 1}.get(rest[0] if rest else "", 0)
        day = ctx.anchor + datetime.timedelta(days=shift) if ctx.anchor else None
        value = day.isoformat() if day else "XXXX-XX-XX"
        return TIME, f"{value}T{part}"
    shift, rest = _shift_word(rest)
    if len(rest) != 1:
        phrase = " ".join(rest)
        if phrase in lex.holidays or phrase in lex.floating_holidays:
            return _holiday(phrase, ctx)
        return None
    word = rest[0]
    if word in lex.deictic_days:
        day = ctx.anchor + datetime.timedelta(days=lex.deictic_days[word]) if ctx.anchor else None
        if word == "tonight":
            part = part or "NI"
    elif word in lex.weekdays:
        day = weekday_date(lex.weekdays[word], ctx, shift)
        if day is None:
            return DATE, f"XXXX-WXX-{lex.weekdays[word]}"
    elif word in lex.holidays or word in lex.floating_holidays:
        return _holiday(word, ctx)
    else:
        return None
    value = day.isoformat() if day else "XXXX-XX-XX"
    return (TIME, f"{value}T{part}") if part else (DATE, value)


def _holiday(name: str, ctx: Context) -> Value:
    lex = lexicon()
    year = ctx.anchor.year if ctx.anchor else None
    if name in lex.holidays:
        return DATE, f"{year if year else 'XXXX'}-{lex.holidays[name]}"
    month, weekday, nth = (int(p) for p in lex.floating_holidays[name].split("-"))
    if year is None:
        return DATE, f"XXXX-{month:02d}-XX"
    first = datetime.date(year, month, 1)
    day = first + datetime.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    return DATE, day.isoformat()


def quarter_rule(words: list[str], ctx: Context) -> Value | None:
    """Quarters and halves of a (fiscal) year: "the third quarter", "Q3", "the second half of 1989"."""
    lex = lexicon()
    year = _year_in(words)
    # "the year-earlier third quarter": the same quarter a year before
    year_back = any(a == "year" and b in lex.backward for a, b in zip(words, words[1:]))
    rest = [w for w in words if not YEAR.fullmatch(w) and w not in ("of", "'s", "year") and w not in lex.fillers]
    rest = [w for w in rest if not (year_back and w in lex.backward)]
    shift, rest = _shift_word(rest)
    if len(rest) == 1 and (code := QUARTER_CODE.fullmatch(rest[0])):
        rest = ["q", code[1] or code[2]]
        number, unit = int(rest[1]), "Q"
    elif len(rest) == 2 and rest[0] in lex.ordinals and lex.units.get(rest[1]) in ("Q", "HALF"):
        number, unit = lex.ordinals[rest[0]], lex.units[rest[1]]
    elif len(rest) == 1 and rest[0] in ("quarter", "period") and year is not None and ctx.focus:
        # "the 1988 quarter": the quarter under discussion, in another year
        return DATE, f"{year:04d}-{ctx.focus[-2:]}"
    else:
        return None
    if unit == "Q" and not 1 <= number <= 4 or unit == "HALF" and not 1 <= number <= 2:
        return None
    letter = "Q" if unit == "Q" else "H"
    if year is None and ctx.anchor:
        year = ctx.anchor.year
        if "year" in words and shift:
            year += shift
        elif unit == "Q" and ctx.tense == "past" and number > quarter_of(ctx.anchor)[1]:
            # a quarter still to come in the anchor's year, told in the past: last year's
            year -= 1
        if year_back:
            year -= 1
    return DATE, f"{year:04d}-{letter}{number}" if year is not None else f"XXXX-{letter}{number}"


def season_rule(words: list[str], ctx: Context) -> Value | None:
    lex = lexicon()
    shift, rest = _shift_word(words)
    year = _year_in(rest)
    rest = [w for w in rest if not YEAR.fullmatch(w) and w != "of"]
    if len(rest) != 1 or rest[0] not in lex.seasons:
        return None
    season = lex.seasons[rest[0]]
    if year is None and ctx.anchor:
        start = lex.season_start[season]
        year = ctx.anchor.year
        if shift < 0 and start + 3 > ctx.anchor.month:
            year -= 1
        elif shift > 0 and start <= ctx.anchor.month:
            year += 1
    return DATE, f"{year:04d}-{season}" if year is not None else f"XXXX-{season}"


def year_rule(words: list[str], ctx: Context) -> Value | None:
    lex = lexicon()
    if len(words) == 1 and YEAR.fullmatch(words[0]):
        return DATE, words[0]
    if len(words) >= 2 and words[0] in ("nineteen", "eighteen") and (rest := _amount(words[1:])) and rest < 100:
        # a year read out in two halves: "nineteen ninety-six"
        return DATE, f"{lex.numbers[words[0]]}{rest:02d}"
    if len(words) == 2 and lex.units.get(words[1]) == "CE" and (m := DAY_NUMBER.fullmatch(words[0])):
        # "the 20th century" is the hundred years written 19xx
        return DATE, f"{int(m[1]) - 1:02d}"
    if len(words) == 1 and (match := DECADE.fullmatch(words[0])):
        return DATE, match[1]
    if len(words) == 1 and (match := SHORT_DECADE.fullmatch(words[0])):
        century = "19" if ctx.anchor is None or ctx.anchor.year < 2030 else "20"
        return DATE, f"{century}{match[1]}"
    return None


def relative_rule(words: list[str], ctx: Context) -> Value | None:
    """Expressions built on a unit word: "last year", "the past three years", "a year ago", "two-week".

    An amount makes a duration ("the next two weeks" -> P2W) unless "ago" or
    "later" counts it off from the anchor ("five years ago" -> the year five
    before).  Without an amount, a shift word names the unit containing or
    next to the anchor ("last month"); a vague amount gives a vague period.
    """
    lex = lexicon()
    positions = [i for i, w in enumerate(words) if w in lex.units or w == "period"]
    if not positions:
        return None
    at = positions[-1]
    unit_word = words[at]
    unit = lex.units.get(unit_word, "Q")  # a reporting "period" is a quarter
    if unit_word == "period" and ctx.focus is None and not {"latest", "year", "corresponding", "comparable"} & set(words):
        return None
    before, after = words[:at], words[at + 1 :]
    # "year-earlier quarter", "year-ago period": the same quarter a year before
    year_back = len(before) >= 2 and before[-2] == "year" and before[-1] in lex.backward
    if year_back:
        before = before[:-2]
    direction = 0
    if after:
        if len(after) != 1:
            return None
        if after[0] in lex.backward:
            direction = -1
        elif after[0] in lex.forward:
            direction = 1
        else:
            return None
    plural = unit_word.endswith("s") and unit_word not in ("hrs", "yrs", "mins", "secs")
    shift, before = _shift_word(before, alone=True)
    if not before and unit == "Y" and direction < 0 and not plural:
        before = ["1"]  # the adjective "year-earlier" counts one year back
    if len(before) >= 2 and before[0] in lex.ordinals:
        before = before[1:]  # "the first nine months" is a span of nine months
    before = [w for w in before if w not in ("more", "other", "of")]  # "two more weeks", "a couple of years"
    focused = before in (["latest"], ["recent"], ["most", "recent"], ["year", "to", "date"])
    amount = _amount(before) if before and not focused else None
    vague = bool(before) and not focused and all(w in lex.vague for w in before)
    if year_back:
        if amount is not None and unit != "Q":
            period = duration(amount, unit)
            return (DURATION, period) if period else None
        return DATE, quarter_back(ctx, 4)
    if direction:
        if amount is None:
            return (DATE, "PAST_REF" if direction < 0 else "FUTURE_REF") if vague or plural else None
        if unit == "Y" and amount == 1 and direction < 0 and ctx.focus:
            return DATE, quarter_back(ctx, 4)
        value = at_granularity(unit, ctx, direction * amount)
        return (DATE, value) if value else None
    if amount is not None:
        period = duration(amount, unit)
        return (DURATION, period) if period else None
    if vague or (not before and plural and not shift):
        period = duration(None, unit)
        return (DURATION, period) if period else None
    if (before and not focused) or plural:
        return None
    if shift and unit in ("DE", "CE") and words[0] not in ("this", "current"):
        # "the past decade" measures ten years back from now
        period = duration(1, unit)
        return (DURATION, period) if period else None
    if shift:
        value = at_granularity(unit, ctx, shift)
        return (DATE, value) if value else None
    if unit == "Q":
        if words[0] in ("this", "current", "present"):
            return DATE, at_granularity("Q", ctx, 0) or "XXXX-QX"
        return DATE, quarter_back(ctx, 0)
    if words[0] in ("this", "current", "present", "full"):
        value = at_granularity(unit, ctx, 0)
        return (DATE, value) if value else None
    # a bare "the year" measures a year; "the week" is the week in question,
    # underspecified ("1989-WXX"); "the month", "the day" are the anchor's
    if unit == "Y":
        return DURATION, "P1Y"
    if unit == "W":
        return DATE, f"{ctx.anchor.year:04d}-WXX" if ctx.anchor else "XXXX-WXX"
    value = at_granularity(unit, ctx, 0)
    return (DATE, value) if value and unit in ("M", "D", "WE") else None

