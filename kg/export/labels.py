"""Values and labels as people write them: "825M USD", "+90%", "serve 2B customers worldwide"."""

from __future__ import annotations

import textwrap
from decimal import Decimal, InvalidOperation

from rdflib import Literal
from rdflib.term import Node as Term

SCALES = ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"))
WRAP = 22  # characters per line of a node label in the pictures


def decimal(term: Term | None) -> Decimal | None:
    """A literal's number, or None when it is not a finite number."""
    if not isinstance(term, Literal):
        return None
    try:
        value = Decimal(str(term))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def amount(value: Decimal, unit: str, *, change: bool) -> str:
    """A value as headlines write it: "+90%", "825M USD", "2B", "\u22121.5B EUR", "5\u00d7"."""
    sign = "\u2212" if value < 0 else ("+" if change and value > 0 else "")
    number = compact(abs(value))
    if unit == "percent":
        return f"{sign}{number}%"
    if unit == "multiple":
        return f"{number}\u00d7"
    return f"{sign}{number}" + (f" {unit}" if unit and unit != "count" else "")


def compact(value: Decimal) -> str:
    """A non-negative number with a scale letter: 825M, 22.64M, 2B, 5,000, 12.5."""
    for size, suffix in SCALES:
        if value >= size:
            return plain(value / size) + suffix
    return plain(value) if value < 1000 else f"{value:,.0f}"


def plain(value: Decimal) -> str:
    return format(value, ".2f").rstrip("0").rstrip(".")


def exact(value: Decimal) -> str:
    """The full number with thousands separators: "825,000,000", "22.64"."""
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = f"{int(whole.lstrip('-') or '0'):,}"
    return sign + grouped + (f".{fraction.rstrip('0')}" if fraction.rstrip("0") else "")


def shorten(text: str, width: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``width`` characters."""
    return textwrap.shorten(" ".join(text.split()), width, placeholder=" \u2026") or text[:width]


def wrap(label: str, width: int = WRAP) -> str:
    """Lines of at most ``width`` characters, at most four of them per line of ``label``."""
    lines = (shorten(line, 4 * width) for line in label.splitlines())
    return "\n".join(textwrap.fill(line, width, break_on_hyphens=False) for line in lines)
