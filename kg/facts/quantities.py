"""Numbers as written in news: "825 million U.S. dollars", "$1.13bn", "£600m",
"274.5p", "90 percent", "two billion".  Surface formats only, so regular
expressions are the right tool here; they are compiled once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from functools import cache

from kg.patterns import load

PRECISION = 60  # digits; Python's default of 28 would round "…001 billion"
MINOR_UNIT = re.compile(r"\d\s*(p|pence|cents?)\b")  # "274.5p", "50 cents"


@dataclass(frozen=True, slots=True)
class Quantity:
    value: Decimal
    unit: str | None  # ISO 4217 code, "percent", or None when the unit is unknown or unsure
    currency_text: str | None = None  # the currency as written, if any


@dataclass(frozen=True, slots=True)
class _Grammar:
    number: re.Pattern[str]
    symbol: re.Pattern[str]
    symbols: dict[str, str]
    words: dict[str, str]
    codes: frozenset[str]
    # each code, and each currency word longest first, with the pattern that finds it as a whole word
    code_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    word_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    minor: dict[str, str]
    units: dict[str, int]
    scales: dict[str, int]
    percent: tuple[str, ...]
    money: re.Pattern[str]


@cache
def _grammar() -> _Grammar:
    money = load("currencies")
    numbers = load("numbers")
    symbols = dict(money["symbols"])
    words = {form: code for code, forms in money["words"].items() for form in forms}
    scale_words = "|".join(sorted((re.escape(s) for s in numbers["scales"]), key=len, reverse=True))
    symbol_alt = "|".join(sorted((re.escape(s) for s in symbols), key=len, reverse=True))
    codes = frozenset(money["codes"])
    return _Grammar(
        # 1,234.5 | 1.2 | .5, then an optional scale glued or spaced: "1.13bn", "825 million"
        number=re.compile(rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*(?P<scale>(?:{scale_words})\b)?", re.IGNORECASE),
        symbol=re.compile(rf"(?P<sym>{symbol_alt})\s*(?=[\d.])"),
        symbols=symbols,
        words=words,
        codes=codes,
        code_patterns=tuple((code, re.compile(rf"\b{code}\b")) for code in codes),
        word_patterns=tuple((form, re.compile(rf"\b{re.escape(form)}\b")) for form in sorted(words, key=len, reverse=True)),
        minor=dict(money["minor"]),
        units=dict(numbers["units"]),
        scales={k.lower(): v for k, v in numbers["scales"].items()},
        percent=tuple(numbers["percent"]),
        money=_money_pattern(symbol_alt, money),
    )


def _money_pattern(symbol_alt: str, money: dict[str, object]) -> re.Pattern[str]:
    """A sum of money as written: a currency sign or code before a number with a scale
    ("A$246bn", "$200m", "US$3.5 billion"), or a number with a scale before a currency
    word ("4.3bn rupees", "2 million euros").  A bare number is not money."""
    numeral = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    scale = r"bn|billion|m|million|mn|tn|trillion"
    word_forms = [f for forms in money["words"].values() for f in forms]  # type: ignore[attr-defined]
    words = "|".join(sorted((re.escape(w) for w in word_forms), key=len, reverse=True))
    codes = "|".join(money["codes"])  # type: ignore[arg-type]
    return re.compile(
        rf"(?<![\w$£€¥])(?:(?:{symbol_alt})\s?|(?:{codes})\s)(?:{numeral})\s?(?:{scale})\b"
        rf"|(?<![\w.,])(?:{numeral})\s?(?:{scale})\s(?:{words})\b",
        re.IGNORECASE,
    )


def money_in(text: str) -> list[tuple[int, int]]:
    """Character offsets of the sums of money written in ``text`` ("A$246bn", "4.3bn rupees")."""
    return [m.span() for m in _grammar().money.finditer(text)]


def parse(text: str, *, other_dollars: bool = False) -> Quantity | None:
    """The value and unit of a written quantity, or None if it holds no number.

    ``other_dollars`` says the document names a non-US dollar, in which case a
    bare "$" or "dollars" is left without a currency rather than guessed.
    """
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return _parse(text, other_dollars=other_dollars)


def _parse(text: str, *, other_dollars: bool) -> Quantity | None:
    g = _grammar()
    clean = text.replace("\u00a0", " ").strip()
    lower = clean.lower()
    value = _numeric(clean, g)
    if value is None:
        value = _spelled(lower, g)
    if value is None:
        return None
    if any(lower.endswith(p) or f"{p} " in lower or lower.endswith(p.replace(" ", "")) for p in g.percent):
        return Quantity(canonical(value), "percent")
    unit, written = _currency(clean, lower, g, other_dollars=other_dollars)
    if unit is not None and written is not None and written.lower() in g.minor:
        value = value / 100
    return Quantity(canonical(value), unit, written)


def canonical(value: Decimal) -> Decimal:
    """The value in fixed-point form without trailing zeros: 8.25E+8 -> 825000000.

    xsd:decimal has no exponent notation, and equal values must print equally.
    """
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return Decimal(format(value.normalize(), "f"))


def _numeric(text: str, g: _Grammar) -> Decimal | None:
    match = g.number.search(text)
    if match is None:
        return None
    try:
        value = Decimal(match["num"].replace(",", ""))
    except InvalidOperation:
        return None
    scale = match["scale"]
    if scale:
        # "m" and "b" only scale when glued to the number or followed by nothing
        # that makes them a word: "£600m", "$2bn".
        value *= g.scales[scale.lower()]
    else:
        rest = text[match.end() :].lower().split()
        if rest and rest[0] in g.scales:
            value *= g.scales[rest[0]]
    return value


def _spelled(lower: str, g: _Grammar) -> Decimal | None:
    """Numbers in words: "two billion", "ten", "a million"."""
    total, current, seen = 0, 0, False
    for word in re.findall(r"[a-z]+", lower.replace("-", " ")):
        if word in g.units and not (word in ("a", "an") and seen):
            current += g.units[word]
            seen = seen or word not in ("a", "an")
        elif word in g.scales and len(word) > 2:
            current = max(current, 1) * g.scales[word]
            if g.scales[word] >= 1000:
                total, current = total + current, 0
            seen = True
        elif seen:
            break
    return Decimal(total + current) if seen else None


def _currency(clean: str, lower: str, g: _Grammar, *, other_dollars: bool) -> tuple[str | None, str | None]:
    symbol = g.symbol.search(clean)
    if symbol:
        written = symbol["sym"]
        code = g.symbols[written]
        if written == "$" and other_dollars:
            return None, written
        return code, written
    # (a code or word must occur in the text before its pattern can match: most texts hold none)
    for code, pattern in g.code_patterns:
        if code in clean and pattern.search(clean):
            return ("CNY" if code == "RMB" else code), code
    for form, pattern in g.word_patterns:
        if form in lower and pattern.search(lower):
            code = g.words[form]
            if code == "USD" and other_dollars and "u" not in form.split()[0]:
                return None, form
            return code, form
    minor = MINOR_UNIT.search(lower)
    if minor:
        return g.minor[minor.group(1)], minor.group(1)
    return None, None
