"""Calendar arithmetic for relative expressions: shifts by unit, quarters, ISO weeks, periods.

Every function resolves against a ``Context`` (the anchor date, the tense of
the clause, the quarter under discussion).  Without an anchor nothing is
guessed from the clock: the unknown parts are written with X ("XXXX",
"XXXX-QX", "XXXX-WXX").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Context:
    """What a relative expression is resolved against."""

    anchor: datetime.date | None
    tense: str | None  # "past", "present", "future"
    focus: str | None  # the last quarter value mentioned, e.g. "1989-Q3"


def _shift_months(day: datetime.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _iso_week(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(day: datetime.date) -> tuple[int, int]:
    """The year and quarter (1-4) ``day`` falls in."""
    return day.year, (day.month - 1) // 3 + 1


def _shift_quarter(year: int, quarter: int, by: int) -> str:
    index = year * 4 + quarter - 1 + by
    return f"{index // 4:04d}-Q{index % 4 + 1}"


def at_granularity(unit: str, ctx: Context, by: int) -> str | None:
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
        return _shift_quarter(*quarter_of(anchor), by)
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


def duration(amount: int | None, unit: str) -> str | None:
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


def calendar_year(month: int, day: int | None, ctx: Context, shift: int = 0) -> str:
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


def weekday_date(weekday: int, ctx: Context, shift: int) -> datetime.date | None:
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


def quarter_back(ctx: Context, quarters: int) -> str:
    """The quarter under discussion (else the last one completed before the anchor), ``quarters`` earlier."""
    if ctx.focus and ctx.focus[:4].isdigit():
        return _shift_quarter(int(ctx.focus[:4]), int(ctx.focus[-1]), -quarters)
    if ctx.anchor is None:
        return "XXXX-QX"
    return _shift_quarter(*quarter_of(ctx.anchor), -1 - quarters)
