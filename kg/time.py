"""Temporal expressions: recognition in a parsed Doc and normalisation to TIMEX3 values.

Values follow TimeML (TIMEX3): calendar dates at the precision the text gives
("1998", "1998-01", "1998-01-08", "1998-W02", "1997-Q3", "1989-SU", times as
"1998-01-08T10:35"), durations as ISO 8601 periods ("P3M", "PT2H", "PXY" when
the amount is vague), sets by their period ("P1D" for "daily") and the
reference points PAST_REF, PRESENT_REF and FUTURE_REF.

Relative expressions ("last year", "Friday", "a year ago") are resolved against
an anchor, the document date.  Without an anchor they are never guessed from
the clock: the unknown parts are written with X ("XXXX", "XXXX-XX-XX").

Extents follow the TimeML annotation guidelines as applied in TimeBank: a
leading preposition is outside the expression ("in [1989]"), determiners and
modifiers are inside ("[the past three years]", "[early next year]").
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from kg import patterns

DATE, TIME, DURATION, SET = "DATE", "TIME", "DURATION", "SET"

# Surface formats, matched on lower-cased text.
_CLOCK_MARK = re.compile(r"\b([ap])\.?\s?m\b\.?")
_WORD = re.compile(r"\b(?:q[1-4]|[1-4]q)\b|\d{1,4}(?:[/:-]\d{1,4})+|'\d0s|\d+(?:st|nd|rd|th|s)?|'s|[a-z]+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SLASH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_YEAR = re.compile(r"(1[6-9]|20)\d\d")
_DECADE = re.compile(r"((?:1[6-9]|20)\d)0s")
_SHORT_DECADE = re.compile(r"'?(\d)0s")
_NUMERAL = re.compile(r"\d+")
_DAY_NUMBER = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")
_QUARTER_CODE = re.compile(r"(?:q([1-4])|([1-4])q)")
_AFFIXED_YEAR = re.compile(r"(?:mid|pre|post|early|late)-(?:1[6-9]|20)\d\d")


# no temporal expression in the data runs to more tokens than this
# ("this coming Sunday, March eighth" is seven)
_LONGEST = 9


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression: a character range of the Doc text and its TIMEX3 type and value."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value, "XXXX-XX-XX"-style when unresolved


@dataclass(frozen=True, slots=True)
class _Context:
    """What a relative expression is resolved against."""

    anchor: datetime.date | None
    tense: str | None  # "past", "present", "future"
    focus: str | None  # the last quarter value mentioned, e.g. "1989-Q3"


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The lexicons of kg/patterns/time.json, as lookups."""

    months: dict[str, int]
    month_names: frozenset[str]  # the full names, which need no following day to be read as months
    weekdays: dict[str, int]
    seasons: dict[str, str]
    season_start: dict[str, int]
    parts_of_day: dict[str, str]
    clock_words: dict[str, str]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    units: dict[str, str]
    sets: dict[str, str]
    set_quantifiers: frozenset[str]
    vague: frozenset[str]
    deictic_days: dict[str, int]
    shifts: dict[str, int]
    backward: frozenset[str]
    forward: frozenset[str]
    references: dict[str, str]
    reference_seeds: frozenset[str]
    holidays: dict[str, str]
    floating_holidays: dict[str, str]
    fillers: frozenset[str]
    approximators: tuple[tuple[str, ...], ...]
    edge_modifiers: tuple[tuple[str, ...], ...]
    left_context: frozenset[str]
    right_context: frozenset[str]
    prepositions: frozenset[str]


@cache
def _lexicon() -> _Lexicon:
    data = patterns.load("time")

    def concept_map(section: str) -> dict[str, str]:
        return patterns.lexicon("time", section)

    def int_map(section: str) -> dict[str, int]:
        return {form: int(concept) for form, concept in concept_map(section).items()}

    def phrases(section: str) -> tuple[tuple[str, ...], ...]:
        # longest first, so that "more than" is tried before "more"
        return tuple(sorted((tuple(p.split()) for p in data[section]), key=len, reverse=True))

    return _Lexicon(
        months=int_map("months"),
        month_names=frozenset(forms[0] for forms in data["months"].values()),
        weekdays=int_map("weekdays"),
        seasons=concept_map("seasons"),
        season_start={k: int(v) for k, v in data["season_start_month"].items()},
        parts_of_day=concept_map("parts_of_day"),
        clock_words=concept_map("clock_words"),
        numbers=int_map("numbers"),
        ordinals=int_map("ordinals"),
        units=concept_map("units"),
        sets=concept_map("adverbial_sets"),
        set_quantifiers=patterns.words("time", "set_quantifiers"),
        vague=patterns.words("time", "vague_quantities"),
        deictic_days=int_map("deictic_days"),
        shifts=int_map("shifts"),
        backward=patterns.words("time", "backward"),
        forward=patterns.words("time", "forward"),
        references=concept_map("references"),
        reference_seeds=patterns.words("time", "reference_seeds"),
        holidays=concept_map("holidays"),
        floating_holidays=concept_map("floating_holidays"),
        fillers=patterns.words("time", "fillers"),
        approximators=phrases("approximators"),
        edge_modifiers=phrases("edge_modifiers"),
        left_context=patterns.words("time", "left_context"),
        right_context=patterns.words("time", "right_context"),
        prepositions=patterns.words("time", "prepositions"),
    )


# --- normalisation ------------------------------------------------------------------

Value = tuple[str, str]


def normalise(text: str, anchor: datetime.date | None, *, tense_hint: str | None = None) -> Value | None:
    """The TIMEX3 ``(type, value)`` of a temporal expression, or None if ``text`` is not one.

    ``anchor`` is the date relative expressions count from (the document
    date); without it their unknown parts are X-ed ("last year" -> "XXXX").
    ``tense_hint`` ("past", "present" or "future", the tense of the clause)
    picks the direction of an expression that names a weekday or month without
    saying which one: "said Friday" is the Friday before the anchor, "will
    meet Friday" the one after.
    """
    return _normalise_words(_words(text), _Context(anchor, tense_hint, None))


def _words(text: str) -> list[str]:
    """Lower-cased word tokens; abbreviation dots dropped, "a.m." folded to "am"."""
    return _WORD.findall(_CLOCK_MARK.sub(r"\1m", text.lower()))


def _normalise_words(words: Sequence[str], ctx: _Context) -> Value | None:
    lex = _lexicon()
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
    lex = _lexicon()
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


# value arithmetic -----------------------------------------------------------------


def _shift_months(day: datetime.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _iso_week(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _shift_quarter(year: int, quarter: int, by: int) -> str:
    index = year * 4 + quarter - 1 + by
    return f"{index // 4:04d}-Q{index % 4 + 1}"


def _at_granularity(unit: str, ctx: _Context, by: int) -> str | None:
    """The anchor moved ``by`` units, written at that unit's precision."""
    anchor = ctx.anchor
    if unit == "Y":
        return f"{anchor.year + by:04d}" if anchor else "XXXX"
    if unit == "M":
        if not anchor:
            return "XXXX-XX"
        year, month = _shift_months(anchor, by)
        return f"{year:04d}-{month:02d}"
    if unit == "Q":
        if not anchor:
            return "XXXX-QX"
        return _shift_quarter(*_quarter_of(anchor), by)
    if unit == "W":
        return _iso_week(anchor + datetime.timedelta(weeks=by)) if anchor else "XXXX-WXX"
    if unit == "D":
        return (anchor + datetime.timedelta(days=by)).isoformat() if anchor else "XXXX-XX-XX"
    if unit == "DE":
        return f"{(anchor.year + 10 * by) // 10:03d}" if anchor else "XXX"
    if unit == "CE":
        return f"{(anchor.year + 100 * by) // 100:02d}" if anchor else "XX"
    if unit == "WE":
        if not anchor:
            return "XXXX-WXX-WE"
        # the weekend just past, unless the anchor falls on one
        saturday = anchor - datetime.timedelta(days=(anchor.isoweekday() - 6) % 7)
        return f"{_iso_week(saturday + datetime.timedelta(weeks=by))}-WE"
    return None


def _duration(amount: int | None, unit: str) -> str | None:
    """An ISO 8601 period: "P3M", "PT2H"; ``amount`` None writes the vague "PXM"."""
    n = "X" if amount is None else str(amount)
    if unit in ("H", "S"):
        return f"PT{n}{unit}"
    if unit == "MIN":
        return f"PT{n}M"
    if unit == "DE":
        return "PXY" if amount is None else f"P{10 * amount}Y"
    if unit == "CE":
        return "PXY" if amount is None else f"P{100 * amount}Y"
    if unit in ("Y", "M", "W", "D", "Q"):
        return f"P{n}{unit}"
    return None


def _amount(words: Sequence[str]) -> int | None:
    """The number written by ``words`` ("three", "20", "twenty five", "a"), if that is all they are."""
    lex = _lexicon()
    if not words:
        return None
    if len(words) == 1 and _NUMERAL.fullmatch(words[0]):
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
    years = [int(w) for w in words if _YEAR.fullmatch(w)]
    return years[0] if len(years) == 1 else None


def _calendar_year(month: int, day: int | None, ctx: _Context, shift: int = 0) -> str:
    """The year of a month (and day) named without one, read in the direction of the tense.

    "last June" is the June before the anchor's month, "next June" the one after.
    Without a shift word, a past clause looks back, a future clause looks
    ahead, and otherwise the occurrence nearest the anchor is meant.
    """
    anchor = ctx.anchor
    if anchor is None:
        return "XXXX"
    this = (month, day or 1)
    now = (anchor.month, anchor.day if day else 1)
    year = anchor.year
    if shift < 0 or (shift == 0 and ctx.tense == "past"):
        return str(year - 1 if this > now else year)
    if shift > 0 or (shift == 0 and ctx.tense == "future"):
        return str(year + 1 if this < now else year)
    months_ahead = (month - anchor.month) % 12
    if months_ahead > 6:
        return str(year - 1 if month > anchor.month else year)
    return str(year + 1 if month < anchor.month else year)


def _weekday_date(weekday: int, ctx: _Context, shift: int) -> datetime.date | None:
    """The date of a weekday named relative to the anchor (ISO weekday numbers, Monday = 1)."""
    anchor = ctx.anchor
    if anchor is None:
        return None
    offset = weekday - anchor.isoweekday()
    if shift < 0:
        return anchor + datetime.timedelta(days=offset - 7 if offset >= 0 else offset)
    if shift > 0:
        return anchor + datetime.timedelta(days=offset + 7 if offset <= 0 else offset)
    if ctx.tense == "future":
        return anchor + datetime.timedelta(days=offset % 7)
    if ctx.tense == "past":
        return anchor - datetime.timedelta(days=(-offset) % 7)
    # no tense to go by: the nearest such day
    return anchor + datetime.timedelta(days=offset % 7 if offset % 7 <= 3 else offset % 7 - 7)


# rules ----------------------------------------------------------------------------


def _shift_word(words: Sequence[str], *, alone: bool = False) -> tuple[int, list[str]]:
    """The direction given by a leading "last", "next", "this" (0 when absent), and the rest.

    Unless ``alone``, a shift word with nothing after it is left in place.
    """
    lex = _lexicon()
    if words and words[0] in lex.shifts and (alone or len(words) > 1):
        return lex.shifts[words[0]], list(words[1:])
    return 0, list(words)


def _set_rule(words: list[str], ctx: _Context) -> Value | None:
    lex = _lexicon()
    if len(words) == 1 and words[0] in lex.sets:
        return SET, lex.sets[words[0]]
    if len(words) >= 2 and words[0] in lex.set_quantifiers and words[-1] in lex.units:
        amount = _amount(words[1:-1]) if len(words) > 2 else 1
        period = _duration(amount, lex.units[words[-1]]) if amount else None
        return (SET, period) if period else None
    return None


def _clock_rule(words: list[str], ctx: _Context) -> Value | None:
    """A time of day, on the date the rest of the phrase gives (the anchor's by default)."""
    lex = _lexicon()
    clock: str | None = None
    rest: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        follower = words[i + 1] if i + 1 < len(words) else ""
        match = _CLOCK.fullmatch(word)
        if clock is None and match and int(match[1]) < 25:
            hour, minute = int(match[1]), int(match[2])
            if follower in ("am", "pm"):
                hour, i = _twelve_hour(hour, follower), i + 1
            clock = f"{hour:02d}:{minute:02d}"
        elif clock is None and _NUMERAL.fullmatch(word) and follower in ("am", "pm") and 0 < int(word) <= 12:
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
        found = _normalise_words(rest, ctx)
        if found is None or found[0] != DATE or not re.fullmatch(r"[\dX]{4}-[\dX]{2}-[\dX]{2}", found[1]):
            return None
        day = found[1]
    return TIME, f"{day}T{clock}"


def _twelve_hour(hour: int, mark: str) -> int:
    if mark == "pm" and hour < 12:
        return hour + 12
    if mark == "am" and hour == 12:
        return 0
    return hour


def _numeric_date_rule(words: list[str], ctx: _Context) -> Value | None:
    if len(words) != 1:
        return None
    if match := _ISO_DATE.fullmatch(words[0]):
        return DATE, words[0]
    if match := _SLASH_DATE.fullmatch(words[0]):
        month, day, year = int(match[1]), int(match[2]), int(match[3])
        if year < 100:
            year += 1900 if year >= 30 else 2000
        if 1 <= month <= 12 and 1 <= day <= 31:
            return DATE, f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _calendar_rule(words: list[str], ctx: _Context) -> Value | None:
    """Month names with an optional day and year: "Oct. 15, 1999", "August 1988", "last June"."""
    lex = _lexicon()
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
        if _YEAR.fullmatch(word) and year is None:
            year = int(word)
        elif (m := _DAY_NUMBER.fullmatch(word)) and day is None and 1 <= int(m[1]) <= 31:
            day = int(m[1])
        elif word in lex.ordinals and day is None:
            day = lex.ordinals[word]
        elif word != "of":
            return None
    year_text = str(year) if year is not None else _calendar_year(month, day, ctx, shift)
    if day is None:
        return DATE, f"{year_text}-{month:02d}"
    return DATE, f"{year_text}-{month:02d}-{day:02d}"


def _part_of_day(words: list[str]) -> tuple[str | None, list[str]]:
    lex = _lexicon()
    parts = [w for w in words if w in lex.parts_of_day]
    rest = [w for w in words if w not in lex.parts_of_day]
    return (lex.parts_of_day[parts[0]] if len(parts) == 1 else None), rest


def _day_rule(words: list[str], ctx: _Context) -> Value | None:
    """Days named from the anchor: "yesterday", "Friday", "last Monday", "this morning", "Christmas"."""
    lex = _lexicon()
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
        day = _weekday_date(lex.weekdays[word], ctx, shift)
        if day is None:
            return DATE, f"XXXX-WXX-{lex.weekdays[word]}"
    elif word in lex.holidays or word in lex.floating_holidays:
        return _holiday(word, ctx)
    else:
        return None
    value = day.isoformat() if day else "XXXX-XX-XX"
    return (TIME, f"{value}T{part}") if part else (DATE, value)


def _holiday(name: str, ctx: _Context) -> Value:
    lex = _lexicon()
    year = ctx.anchor.year if ctx.anchor else None
    if name in lex.holidays:
        return DATE, f"{year if year else 'XXXX'}-{lex.holidays[name]}"
    month, weekday, nth = (int(p) for p in lex.floating_holidays[name].split("-"))
    if year is None:
        return DATE, f"XXXX-{month:02d}-XX"
    first = datetime.date(year, month, 1)
    day = first + datetime.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    return DATE, day.isoformat()


def _quarter_rule(words: list[str], ctx: _Context) -> Value | None:
    """Quarters and halves of a (fiscal) year: "the third quarter", "Q3", "the second half of 1989"."""
    lex = _lexicon()
    year = _year_in(words)
    # "the year-earlier third quarter": the same quarter a year before
    year_back = any(a == "year" and b in lex.backward for a, b in zip(words, words[1:]))
    rest = [w for w in words if not _YEAR.fullmatch(w) and w not in ("of", "'s", "year") and w not in lex.fillers]
    rest = [w for w in rest if not (year_back and w in lex.backward)]
    shift, rest = _shift_word(rest)
    if len(rest) == 1 and (code := _QUARTER_CODE.fullmatch(rest[0])):
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
        elif unit == "Q" and ctx.tense == "past" and number > _quarter_of(ctx.anchor)[1]:
            # a quarter still to come in the anchor's year, told in the past: last year's
            year -= 1
        if year_back:
            year -= 1
    return DATE, f"{year:04d}-{letter}{number}" if year is not None else f"XXXX-{letter}{number}"


def _season_rule(words: list[str], ctx: _Context) -> Value | None:
    lex = _lexicon()
    shift, rest = _shift_word(words)
    year = _year_in(rest)
    rest = [w for w in rest if not _YEAR.fullmatch(w) and w != "of"]
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


def _year_rule(words: list[str], ctx: _Context) -> Value | None:
    lex = _lexicon()
    if len(words) == 1 and _YEAR.fullmatch(words[0]):
        return DATE, words[0]
    if len(words) >= 2 and words[0] in ("nineteen", "eighteen") and (rest := _amount(words[1:])) and rest < 100:
        # a year read out in two halves: "nineteen ninety-six"
        return DATE, f"{lex.numbers[words[0]]}{rest:02d}"
    if len(words) == 2 and lex.units.get(words[1]) == "CE" and (m := _DAY_NUMBER.fullmatch(words[0])):
        # "the 20th century" is the hundred years written 19xx
        return DATE, f"{int(m[1]) - 1:02d}"
    if len(words) == 1 and (match := _DECADE.fullmatch(words[0])):
        return DATE, match[1]
    if len(words) == 1 and (match := _SHORT_DECADE.fullmatch(words[0])):
        century = "19" if ctx.anchor is None or ctx.anchor.year < 2030 else "20"
        return DATE, f"{century}{match[1]}"
    return None


def _relative_rule(words: list[str], ctx: _Context) -> Value | None:
    """Expressions built on a unit word: "last year", "the past three years", "a year ago", "two-week".

    An amount makes a duration ("the next two weeks" -> P2W) unless "ago" or
    "later" counts it off from the anchor ("five years ago" -> the year five
    before).  Without an amount, a shift word names the unit containing or
    next to the anchor ("last month"); a vague amount gives a vague period.
    """
    lex = _lexicon()
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
            period = _duration(amount, unit)
            return (DURATION, period) if period else None
        return DATE, _quarter_back(ctx, 4)
    if direction:
        if amount is None:
            return (DATE, "PAST_REF" if direction < 0 else "FUTURE_REF") if vague or plural else None
        if unit == "Y" and amount == 1 and direction < 0 and ctx.focus:
            return DATE, _quarter_back(ctx, 4)
        value = _at_granularity(unit, ctx, direction * amount)
        return (DATE, value) if value else None
    if amount is not None:
        period = _duration(amount, unit)
        return (DURATION, period) if period else None
    if vague or (not before and plural and not shift):
        period = _duration(None, unit)
        return (DURATION, period) if period else None
    if (before and not focused) or plural:
        return None
    if shift and unit in ("DE", "CE") and words[0] not in ("this", "current"):
        # "the past decade" measures ten years back from now
        period = _duration(1, unit)
        return (DURATION, period) if period else None
    if shift:
        value = _at_granularity(unit, ctx, shift)
        return (DATE, value) if value else None
    if unit == "Q":
        if words[0] in ("this", "current", "present"):
            return DATE, _at_granularity("Q", ctx, 0) or "XXXX-QX"
        return DATE, _quarter_back(ctx, 0)
    if words[0] in ("this", "current", "present", "full"):
        value = _at_granularity(unit, ctx, 0)
        return (DATE, value) if value else None
    # a bare "the year" measures a year; "the week" is the week in question,
    # underspecified ("1989-WXX"); "the month", "the day" are the anchor's
    if unit == "Y":
        return DURATION, "P1Y"
    if unit == "W":
        return DATE, f"{ctx.anchor.year:04d}-WXX" if ctx.anchor else "XXXX-WXX"
    value = _at_granularity(unit, ctx, 0)
    return (DATE, value) if value and unit in ("M", "D", "WE") else None


def _quarter_back(ctx: _Context, quarters: int) -> str:
    """The quarter under discussion (else the last one completed before the anchor), ``quarters`` earlier."""
    if ctx.focus and ctx.focus[:4].isdigit():
        return _shift_quarter(int(ctx.focus[:4]), int(ctx.focus[-1]), -quarters)
    if ctx.anchor is None:
        return "XXXX-QX"
    return _shift_quarter(*_quarter_of(ctx.anchor), -1 - quarters)


_RULES = (
    _set_rule,
    _numeric_date_rule,
    _clock_rule,
    _calendar_rule,
    _day_rule,
    _quarter_rule,
    _season_rule,
    _year_rule,
    _relative_rule,
)


# --- recognition --------------------------------------------------------------------


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
    match = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    if match is None:
        return False
    if anchor is None:
        return True
    year, quarter = _quarter_of(anchor)
    return int(match[1]) * 4 + int(match[2]) >= year * 4 + quarter - 3


def _trim(span: Span, seeds: set[int]) -> Span:
    """``span`` without the words TimeML leaves outside a temporal expression.

    Focus adverbs and possessives are outside ("only [six months]", "its
    [fourth quarter]"), and so is the article of a noun that the expression
    only modifies ("the [third-quarter] results", "a [two-year] contract").
    """
    lex = _lexicon()
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
    lex = _lexicon()
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
                ctx = _Context(anchor, tense, focus_of())
                value = _normalise_words(_words(span.text), ctx)
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


def _may_bound(first: Token, last: Token, lex: _Lexicon) -> bool:
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
    lex = _lexicon()
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


def _is_seed(token: Token, lex: _Lexicon) -> bool:
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
    if _AFFIXED_YEAR.fullmatch(low):
        return True
    if _YEAR.fullmatch(text) or _DECADE.fullmatch(text) or _SHORT_DECADE.fullmatch(text):
        return True
    if _CLOCK.fullmatch(text) or _ISO_DATE.fullmatch(text) or _SLASH_DATE.fullmatch(text):
        return True
    return bool(_QUARTER_CODE.fullmatch(low))


def _after_number(token: Token, lex: _Lexicon) -> bool:
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
