"""The TIMEX3 record: a temporal expression's place in the text, its type and its value.

Types are TimeML's four (DATE, TIME, DURATION, SET); a ``Value`` is the
``(type, value)`` pair that normalisation gives, e.g. ``("DATE", "1998-Q3")``.
"""

from __future__ import annotations

from dataclasses import dataclass

DATE, TIME, DURATION, SET = "DATE", "TIME", "DURATION", "SET"

Value = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression: a character range of the Doc text and its TIMEX3 type and value."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value, "XXXX-XX-XX"-style when unresolved

