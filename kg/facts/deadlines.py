"""Deadlines of goals: "by 2036", "by the end of 2010", "in April 2008".

A deadline is the object of a deadline preposition that holds a year; its ISO
value keeps the precision written (a year stays a year, a month-year a month).
A year is a surface format, so a regular expression finds it.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

DEADLINE_PREPS = ("by", "in", "until", "before", "within", "for", "to", "from")
_YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], 1)}


def deadline_of(action: Token) -> Token | None:
    """The object of a deadline preposition holding a year: "by 2036", "by the end of 2010"."""
    for prep in action.children:
        if prep.dep_ == "prep" and prep.lower_ in DEADLINE_PREPS:
            for obj in prep.children:
                # "to", "for" and "from" name a deadline only with a date: "to March 2005", not
                # "to 400,000"; "save £190m annually from 2009" is reached from that year
                is_date = obj.ent_type_ == "DATE" or prep.lower_ not in ("to", "for", "from")
                if obj.dep_ == "pobj" and is_date and _YEAR.search(subtree_text(obj)):
                    return obj
    return None


def deadline_value(token: Token) -> tuple[str | None, str]:
    """ISO value of a deadline phrase: a year stays a year, a month-year a month."""
    text = subtree_text(token)
    year = _YEAR.search(text)
    if year is None:
        return None, text
    month = next((m for w, m in _MONTHS.items() if re.search(rf"\b{w}\b", text.lower())), None)
    return (f"{year.group()}-{month:02d}" if month else year.group()), text


def subtree_text(token: Token) -> str:
    tokens = list(token.subtree)
    return token.doc[tokens[0].i : tokens[-1].i + 1].text
