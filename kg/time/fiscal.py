"""Fiscal calendars: the month each organisation's fiscal year starts in.

The shipped table (kg/patterns/fiscal_years.json) names a few organisations
whose fiscal year is documented in their annual reports; users add or correct
entries (``[[fiscal_year]]`` in kg-overrides.toml, or ``kg build
--fiscal-years FILE``).  An organisation not listed keeps the calendar year.

A fiscal year is named by the calendar year it ends in: with an April start,
fiscal 2020 runs from April 2019 to March 2020.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg import patterns

CALENDAR = 1  # January: the calendar year


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


@dataclass(frozen=True, slots=True)
class FiscalEntry:
    """One organisation's fiscal calendar: its names and the month its year starts in."""

    names: tuple[str, ...]
    start_month: int


@dataclass(frozen=True, slots=True)
class FiscalCalendars:
    """Fiscal-year start months by organisation name (folded case); later entries win."""

    starts: tuple[tuple[str, int], ...] = ()

    def start_month(self, names: Iterable[str]) -> int | None:
        """The start month of the first of ``names`` the table knows, else None."""
        table = dict(self.starts)
        return next((table[f] for f in map(_fold, names) if f in table), None)

    def extended(self, entries: Iterable[FiscalEntry]) -> FiscalCalendars:
        """This table with ``entries`` added; an entry overrides a shipped one of the same name."""
        added = tuple((_fold(name), entry.start_month) for entry in entries for name in entry.names)
        names = {name for name, _ in added}
        return FiscalCalendars(tuple((n, m) for n, m in self.starts if n not in names) + added)


def shipped() -> FiscalCalendars:
    """The table shipped in kg/patterns/fiscal_years.json."""
    entries = [
        FiscalEntry((item["name"], *item.get("aliases", ())), int(item["start_month"]))
        for item in patterns.load("fiscal_years")["organisations"]
    ]
    return FiscalCalendars().extended(entries)
