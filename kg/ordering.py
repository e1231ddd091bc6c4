"""ORDER BY of a query's solutions, done in Python after pyoxigraph has answered.

pyoxigraph's on-disk store sorts by comparing terms, and every comparison of two
strings or IRIs looks both up in its dictionary (a RocksDB read each): on the
shipped queries that was a third to a half of their time on the persistent
store.  The terms of the answer are read once anyway, so there a query whose
ORDER BY names only projected variables is run without it and its rows are
sorted here, on the terms read.  (An in-memory store sorts faster itself.)

SPARQL orders unbound before blank nodes, blank nodes before IRIs and IRIs
before literals, and literals by ``<`` where it is defined (numbers by value,
strings by code point, booleans, dates of one type); the relative order of
literals that ``<`` does not compare is left to the engine.  Here that is one
fixed order of kinds (numbers, then strings, ...), so the sort is total and
deterministic.  A literal this module cannot place where SPARQL wants it (NaN,
a date with a time zone, an unknown datatype) makes :func:`sort` give up, and
the caller lets the engine sort.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
# the integer types (a value of one is an int in Python) and, with them, every numeric type
INTEGERS = frozenset(
    XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
        "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    )
)
NUMBERS = INTEGERS | {XSD + "decimal", XSD + "float", XSD + "double"}
STRING = XSD + "string"
DATES = frozenset(XSD + name for name in ("date", "dateTime", "time", "gYear", "gYearMonth", "gMonth", "gMonthDay", "gDay"))
# a date or time without a time zone and with a four-digit year: its lexical order is its order in time
NAIVE_DATE = re.compile(r"\d{4}(-\d\d){0,2}(T\d\d:\d\d:\d\d(\.\d+)?)?|\d\d:\d\d:\d\d(\.\d+)?|--\d\d(-\d\d)?|---\d\d")
# an ORDER BY clause whose conditions are variables (SPARQL 1.1 grammar [23]-[24], the
# variable forms only): ?a, (?a), ASC(?a), DESC(?a); anything else is left to the engine
ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_VARIABLE = r"[?$](\w+)"
CONDITION = re.compile(
    rf"ASC\s*\(\s*{_VARIABLE}\s*\)|DESC\s*\(\s*{_VARIABLE}\s*\)|\(\s*{_VARIABLE}\s*\)|{_VARIABLE}", re.IGNORECASE
)
ORDER_CLAUSE = re.compile(rf"ORDER\s+BY(?P<conditions>(?:\s*(?:{CONDITION.pattern}))+)\s*", re.IGNORECASE)


class Unordered(Exception):
    """A term this module cannot place in SPARQL's order."""


@dataclass(frozen=True, slots=True)
class Key:
    variable: str
    descending: bool


@dataclass(frozen=True, slots=True)
class Trailing:
    """A query's final ORDER BY clause: the query text without it, and its keys."""

    unordered: str
    keys: tuple[Key, ...]


def trailing_order(text: str) -> Trailing | None:
    """The ORDER BY that ends ``text`` (nothing but white space after it), when every
    condition is a variable, ascending or descending; None otherwise (an expression
    as a key, LIMIT or OFFSET after it, a comment near it, no ORDER BY).  Such a
    clause can only be the outer query's: a subquery's ends before a closing brace."""
    starts = [match.start() for match in ORDER_BY.finditer(text)]
    if not starts:
        return None
    start = starts[-1]
    if "#" in text[text.rfind("}", 0, start) + 1 : start]:  # a comment before it might hide the real clause
        return None
    clause = ORDER_CLAUSE.fullmatch(text, start)
    if clause is None:
        return None
    keys = []
    for condition in CONDITION.finditer(clause["conditions"]):
        ascending, descending, bracketed, plain = condition.groups()
        keys.append(Key(ascending or descending or bracketed or plain, descending is not None))
    return Trailing(text[:start], tuple(keys))


def sort(rows: list[list[Any]], columns: Sequence[str], keys: Sequence[Key]) -> list[list[Any]]:
    """``rows`` of pyoxigraph terms sorted by ``keys`` (columns named by variable, each
    ascending or descending); raises :class:`Unordered` if some key term cannot be placed."""
    indexes = [columns.index(key.variable) for key in keys]
    if not any(key.descending for key in keys):  # one sort on the whole key
        return sorted(rows, key=lambda row: [term_key(row[i]) for i in indexes])
    ordered = rows
    for key, index in reversed(list(zip(keys, indexes))):  # stable sorts, the last key first
        ordered = sorted(ordered, key=lambda row: term_key(row[index]), reverse=key.descending)
    return ordered


def term_key(term: Any) -> tuple[Any, ...]:
    """Where a term goes in SPARQL's order, as a tuple Python compares."""
    kind = type(term)
    if kind is ox.Literal:
        return (3, *_literal_key(term))
    if kind is ox.NamedNode:
        return (2, term.value)
    if term is None:
        return (0,)
    if kind is ox.BlankNode:
        return (1, term.value)
    raise Unordered(f"cannot order {term!r}")


def _literal_key(term: ox.Literal) -> tuple[Any, ...]:
    datatype = term.datatype.value
    if datatype == STRING:
        return ("string", term.value)
    if term.language:
        return ("lang", term.value, term.language)
    if datatype in NUMBERS:
        try:
            number = Decimal(term.value.strip())
        except InvalidOperation:
            raise Unordered(f"ill-typed number {term.value!r}") from None
        if number.is_nan():
            raise Unordered("NaN has no place in the order")
        return ("number", number)
    if datatype == XSD + "boolean":
        return ("boolean", term.value in ("true", "1"))
    if datatype in DATES and NAIVE_DATE.fullmatch(term.value):
        return ("date", datatype, term.value)
    raise Unordered(f"cannot order a literal of {datatype}")
