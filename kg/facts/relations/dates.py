"""Written dates as relation objects: ISO values, and the two ends of a range."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Span, Token

DASHES = frozenset({"-", "–", "—", "--"})
RANGE_WORDS = frozenset({"to", "until"})

_MONTHS = {
    name: n
    for n, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
            ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{3,4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{3,4})\b")
_MONTH_YEAR = re.compile(r"\b([A-Za-z]+)\.?,?\s+(\d{3,4})\b")
_YEAR = re.compile(r"\b(1\d{3}|20\d{2})\b")


def iso_date(text: str) -> str | None:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) for a written date with a year, else None."""
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy")):
        m = pattern.search(text)
        if m:
            parts = dict(zip(order, m.groups()))
            month = _MONTHS.get(parts["m"].lower())
            day = int(parts["d"])
            if month and 1 <= day <= 31:
                return f"{int(parts['y']):04d}-{month:02d}-{day:02d}"
    m = _MONTH_YEAR.search(text)
    if m and m.group(1).lower() in _MONTHS:
        return f"{int(m.group(2)):04d}-{_MONTHS[m.group(1).lower()]:02d}"
    m = _YEAR.search(text)
    return m.group(1) if m else None


def date_parts(ent: Span) -> Iterator[tuple[int, int, str]]:
    """(start, end, ISO value) of each date a DATE entity writes; a range
    ("1856 – 3 October 1902") gives both ends, a date without a year none."""
    parts: list[list[Token]] = [[]]
    for token in ent:
        if token.text in DASHES or token.lower_ in RANGE_WORDS:
            parts.append([])
        else:
            parts[-1].append(token)
    for part in parts:
        if not part:
            continue
        value = iso_date(ent.doc[part[0].i : part[-1].i + 1].text)
        if value is not None:
            yield part[0].i, part[-1].i + 1, value
