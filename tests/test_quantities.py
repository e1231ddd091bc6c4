"""Quantities as written in news, parsed to exact decimals and ISO 4217 units."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.facts import quantities
from kg.facts.quantities import Quantity, canonical, parse


def lexical(value: Decimal) -> str:
    """The xsd:decimal lexical form must be plain digits with an optional point."""
    text = str(value)
    assert "E" not in text.upper(), f"{text} uses exponent notation"
    return text


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("825 million U.S. dollars", "825000000", "USD"),
        ("22.64 million U.S. dollars", "22640000", "USD"),
        ("23.49 million dollars", "23490000", "USD"),
        ("$1.13bn", "1130000000", "USD"),
        ("US$2 billion", "2000000000", "USD"),
        ("£600m", "600000000", "GBP"),
        ("274.5p", "2.745", "GBP"),
        ("17 cents", "0.17", "USD"),
        ("EUR 13.1 mn", "13100000", "EUR"),
        ("€3.5bn", "3500000000", "EUR"),
        ("4 billion euros", "4000000000", "EUR"),
        ("RMB 10 billion", "10000000000", "CNY"),
        ("90 percent", "90", "percent"),
        ("76%", "76", "percent"),
        ("2 per cent", "2", "percent"),
        ("0.5 percentage points", "0.5", "percent"),
        ("two billion", "2000000000", None),
        ("10 million", "10000000", None),
        ("1,000", "1000", None),
        ("1,234,567.89", "1234567.89", None),
        ("A$246bn", "246000000000", "AUD"),
        ("HK$1.5 billion", "1500000000", "HKD"),
        ("2.5 trillion yen", "2500000000000", "JPY"),
        ("three hundred", "300", None),
        ("twenty-five thousand", "25000", None),
    ],
)
def test_parse(text: str, value: str, unit: str | None) -> None:
    quantity = parse(text)
    assert quantity is not None
    assert isinstance(quantity.value, Decimal)
    assert quantity.value == Decimal(value)
    assert lexical(quantity.value) == value
    assert quantity.unit == unit


def test_currency_as_written() -> None:
    assert parse("825 million U.S. dollars") == Quantity(Decimal(825000000), "USD", "u.s. dollars")
    assert parse("£600m") == Quantity(Decimal(600000000), "GBP", "£")


@pytest.mark.parametrize("text", ["$5m", "5 million dollars"])
def test_bare_dollar_is_unsure_when_another_dollar_is_named(text: str) -> None:
    quantity = parse(text, other_dollars=True)
    assert quantity is not None
    assert quantity.value == Decimal(5000000)
    assert quantity.unit is None
    assert parse(text) == Quantity(quantity.value, "USD", quantity.currency_text)


@pytest.mark.parametrize("text", ["US$5m", "5 million U.S. dollars", "A$5m"])
def test_named_dollars_stay_named_when_another_dollar_is_named(text: str) -> None:
    quantity = parse(text, other_dollars=True)
    assert quantity is not None
    assert quantity.unit in ("USD", "AUD")


@pytest.mark.parametrize("text", ["", "   ", "no number here", "the company", "dollars", "%"])
def test_no_number(text: str) -> None:
    assert parse(text) is None


def test_non_breaking_space() -> None:
    assert parse("825\u00a0million dollars") == parse("825 million dollars")


@pytest.mark.parametrize("text", ["2.50 percent", "12.10%", "1.0 percent", "2.5 percent", "12.1%"])
def test_percent_values_are_canonical(text: str) -> None:
    """Equal values print equally whatever the unit: "2.50 percent" and "2.5 percent"
    are one value (facts are identified by a rendering of their values)."""
    quantity = parse(text)
    assert quantity is not None and quantity.unit == "percent"
    assert quantity.value == canonical(quantity.value)
    assert str(quantity.value) == str(canonical(quantity.value))
    lexical(quantity.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("8.25E+8", "825000000"), ("1.50", "1.5"), ("0E-7", "0"), ("1E+2", "100"), ("2.7450", "2.745"), ("0.000123", "0.000123")],
)
def test_canonical(value: str, expected: str) -> None:
    # (below 1e-6 no Decimal prints without exponent, whatever canonical does;
    # rdf.py writes decimals with format(value, "f") for that reason)
    assert str(canonical(Decimal(value))) == expected
    assert canonical(Decimal(value)) == Decimal(value)


SCALES = {"thousand": 1000, "million": 1000000, "billion": 1000000000}


@given(n=st.integers(min_value=0), scale=st.sampled_from(sorted(SCALES)))
def test_integer_times_scale(n: int, scale: str) -> None:
    quantity = parse(f"{n} {scale}")
    assert quantity is not None
    assert quantity.value == n * SCALES[scale]
    assert lexical(quantity.value) == str(n * SCALES[scale])
    assert quantity.unit is None


@given(
    whole=st.integers(min_value=0, max_value=10**6),
    cents=st.integers(min_value=0, max_value=99),
    scale=st.sampled_from(sorted(SCALES)),
)
def test_decimal_times_scale_is_exact(whole: int, cents: int, scale: str) -> None:
    text = f"{whole}.{cents:02d}"
    quantity = parse(f"${text} {scale}")
    assert quantity is not None
    assert quantity.unit == "USD"
    assert quantity.value == Decimal(text) * SCALES[scale]
    lexical(quantity.value)


@given(st.text(max_size=40))
def test_any_text_parses_or_gives_none(text: str) -> None:
    quantity = parse(text)
    if quantity is not None:
        assert isinstance(quantity.value, Decimal)
        assert quantity.value >= 0
        assert quantity.unit is None or quantity.unit == "percent" or len(quantity.unit) == 3


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("up from A$246bn the year before", ["A$246bn"]),
        ("was 4.3bn rupees ($98m; £52m), against 2.7bn", ["4.3bn rupees", "$98m", "£52m"]),
        ("US$ 3.5 billion and USD 2bn", ["US$ 3.5 billion", "USD 2bn"]),
        ("sold 5m cars in 2004", []),
    ],
)
def test_sums_of_money_are_found_by_their_surface_format(text, found):
    assert [text[a:b] for a, b in quantities.money_in(text)] == found
