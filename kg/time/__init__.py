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

from kg.time.normalise import normalise
from kg.time.recognise import find
from kg.time.timex import DATE, DURATION, SET, TIME, Timex, Value

__all__ = ["DATE", "DURATION", "SET", "TIME", "Timex", "Value", "find", "normalise"]
