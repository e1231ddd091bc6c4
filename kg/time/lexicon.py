"""The words and surface formats temporal expressions are made of.

The lexicons are data (kg/patterns/time.json), read once on first use into a
``Lexicon`` of lookups.  The surface formats (years, decades, clock times,
numeric dates, quarter codes) are named regular expressions over lower-cased
words, shared by recognition and normalisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg import patterns

# Surface formats, matched on lower-cased words.
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
SLASH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
YEAR = re.compile(r"(1[6-9]|20)\d\d")
DECADE = re.compile(r"((?:1[6-9]|20)\d)0s")
SHORT_DECADE = re.compile(r"'?(\d)0s")
NUMERAL = re.compile(r"\d+")
DAY_NUMBER = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")
QUARTER_CODE = re.compile(r"(?:q([1-4])|([1-4])q)")
AFFIXED_YEAR = re.compile(r"(?:mid|pre|post|early|late)-(?:1[6-9]|20)\d\d")


@dataclass(frozen=True, slots=True)
class Lexicon:
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
def lexicon() -> Lexicon:
    """The lexicons, read from kg/patterns/time.json on the first call and shared after."""
    data = patterns.load("time")

    def concept_map(section: str) -> dict[str, str]:
        return patterns.lexicon("time", section)

    def int_map(section: str) -> dict[str, int]:
        return {form: int(concept) for form, concept in concept_map(section).items()}

    def phrases(section: str) -> tuple[tuple[str, ...], ...]:
        # longest first, so that "more than" is tried before "more"
        return tuple(sorted((tuple(p.split()) for p in data[section]), key=len, reverse=True))

    return Lexicon(
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
