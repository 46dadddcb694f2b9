"""Money never goes through a float; dates typed by a person resolve against a fixed today."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctotui.domain.dates import (
    DATE_HELP,
    DateError,
    format_date,
    parse_date_input,
    parse_iso_date,
    relative_days,
)
from ctotui.domain.money import (
    MAX_AMOUNT,
    MoneyError,
    amount_text,
    decimal_mark_for,
    format_amount_input,
    format_compact,
    format_money,
    parse_amount,
    parse_amount_input,
)

D = pendulum.Date
TODAY = D(2026, 11, 27)  # a Friday, the fixed "today" of the test-suite


@pytest.mark.parametrize(
    ("text", "decimal", "amount"),
    [
        ("12500", ".", "12500.00"),
        ("12,500.50", ".", "12500.50"),
        ("12_500", ".", "12500.00"),
        ("12k", ".", "12000.00"),
        ("12.5K", ".", "12500.00"),
        ("1.5M", ".", "1500000.00"),
        ("€900", ".", "900.00"),
        ("  42 ", ".", "42.00"),
        ("0", ".", "0.00"),
        ("12 500,5", ",", "12500.50"),
        ("12.500,50", ",", "12500.50"),
        ("1,5", ",", "1.50"),
        ("12,5k", ",", "12500.00"),
    ],
)
def test_typed_amounts_parse_to_exact_decimals(text: str, decimal: str, amount: str) -> None:
    parsed = parse_amount_input(text, decimal)
    assert isinstance(parsed, Decimal) and parsed == Decimal(amount)
    assert amount_text(parsed) == amount


@pytest.mark.parametrize(
    ("text", "decimal", "message"),
    [
        # Misread before: "12,50" was stored as 1250.00, "1,5" as 15.00, "1.234,56" as 1.23.
        (
            "12,50",
            ".",
            "ambiguous amount '12,50': with a decimal point (amount_decimal = \".\") the ',' is "
            "not a thousands separator here; write 12.50 or 1250",
        ),
        (
            "1,5",
            ".",
            "ambiguous amount '1,5': with a decimal point (amount_decimal = \".\") the ',' is "
            "not a thousands separator here; write 1.5 or 15",
        ),
        (
            "1.234,56",
            ".",
            "amount '1.234,56' uses ',' as the decimal mark, but amount_decimal is '.'; write it "
            "with '.' or change the setting",
        ),
        (
            "12.50",
            ",",
            "ambiguous amount '12.50': with a decimal comma (amount_decimal = \",\") the '.' is "
            "not a thousands separator here; write 12,50 or 1250",
        ),
        ("1e27", ".", "not an amount: '1e27' (write it like 12500.50 or 12,500.50)"),
        ("NaN", ".", "not an amount: 'NaN' (write it like 12500.50 or 12,500.50)"),
        ("Infinity", ",", "not an amount: 'Infinity' (write it like 12500,50 or 12.500,50)"),
        ("", ".", "not an amount: '' (write it like 12500.50 or 12,500.50)"),
        ("-3", ".", "amount cannot be negative: -3"),
        ("2000000000000", ".", "amount out of range (at most 1,000,000,000,000): 2000000000000"),
    ],
)
def test_typed_amounts_that_could_be_misread_are_refused(
    text: str, decimal: str, message: str
) -> None:
    with pytest.raises(MoneyError) as refused:
        parse_amount_input(text, decimal)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0.1, 'amounts are decimal strings, not floats: write "0.1"'),
        (12500.5, 'amounts are decimal strings, not floats: write "12500.5"'),
        ("-3", "amount cannot be negative: -3"),
        (-3, "amount cannot be negative: -3"),
        ("abc", "not a stored amount (like 12500.00): 'abc'"),
        ("12,500.50", "not a stored amount (like 12500.00): '12,500.50'"),
        ("12.5k", "not a stored amount (like 12500.00): '12.5k'"),
        ("1e27", "not a stored amount (like 12500.00): '1e27'"),
        ("NaN", "not a stored amount (like 12500.00): 'NaN'"),
        ("1" * 5000, "not a stored amount (like 12500.00): '" + "1" * 37 + "…'"),
        (10**30, "amount out of range: 1000000000000000000000000000000"),
        (True, "expected an amount, got True"),
        ([1], "expected an amount, got list"),
    ],
)
def test_stored_amounts_are_strict(value: object, message: str) -> None:
    with pytest.raises(MoneyError) as refused:
        parse_amount(value)
    assert str(refused.value) == message


def test_stored_amounts_parse() -> None:
    assert parse_amount("12500.00") == Decimal("12500.00")
    assert parse_amount("12500.5") == Decimal("12500.50")
    assert parse_amount(7) == Decimal("7.00")
    assert parse_amount(Decimal("0.1") + Decimal("0.2")) == Decimal("0.30")
    assert parse_amount("-12.5", allow_negative=True) == Decimal("-12.50")


def test_the_decimal_mark_defaults_from_the_currency() -> None:
    assert decimal_mark_for("EUR") == "." and decimal_mark_for("USD") == "."
    assert decimal_mark_for("SEK") == "," and decimal_mark_for("BRL") == ","


@given(
    st.decimals(
        min_value=Decimal(0), max_value=MAX_AMOUNT, places=2, allow_nan=False, allow_infinity=False
    ),
    st.sampled_from([".", ","]),
)
def test_every_amount_formatted_under_every_setting_parses_back(
    amount: Decimal, decimal: str
) -> None:
    text = format_amount_input(amount, decimal)
    assert parse_amount_input(text, decimal) == amount
    assert parse_amount(amount_text(amount)) == amount


def test_money_formatting() -> None:
    assert format_money(Decimal("12500")) == "€12,500"
    assert format_money(Decimal("1234.50")) == "€1,234.50"
    assert format_money(Decimal("900"), "CHF") == "CHF 900"
    assert format_money(Decimal("-12.5"), "USD") == "-$12.50"
    assert format_money(Decimal("5"), masked=True) == "•••"
    assert format_money(None) == ""
    assert [format_compact(Decimal(v)) for v in ("950", "1234", "12500", "250000")] == [
        "€950",
        "€1.2k",
        "€12.5k",
        "€250k",
    ]
    assert format_compact(Decimal("1250000"), "GBP") == "£1.2M"
    assert format_compact(Decimal("-12000")) == "-€12k"
    assert format_compact(Decimal("3000"), "CHF") == "CHF 3k"
    assert format_compact(Decimal("3000"), masked=True) == "•••"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("today", TODAY),
        ("tomorrow", D(2026, 11, 28)),
        ("Yesterday", D(2026, 11, 26)),
        ("+3d", D(2026, 11, 30)),
        ("+2w", D(2026, 12, 11)),
        ("+ 2 w", D(2026, 12, 11)),
        ("+1m", D(2026, 12, 27)),
        ("+1q", D(2027, 2, 27)),
        ("-1y", D(2025, 11, 27)),
        ("next friday", D(2026, 12, 4)),  # today is a Friday: the next one, a week on
        ("friday", D(2026, 12, 4)),
        ("next  Monday", D(2026, 11, 30)),
        ("thu", D(2026, 12, 3)),
        ("this sat", D(2026, 11, 28)),
        ("end of month", D(2026, 11, 30)),
        ("eom", D(2026, 11, 30)),
        ("end of quarter", D(2026, 12, 31)),
        ("eoq", D(2026, 12, 31)),
        ("end of year", D(2026, 12, 31)),
        ("2027-01-31", D(2027, 1, 31)),
        ("2028-02-29", D(2028, 2, 29)),
    ],
)
def test_natural_dates(text: str, day: pendulum.Date) -> None:
    assert parse_date_input(text, TODAY) == day


def test_end_of_quarter_and_month_arithmetic_from_other_days() -> None:
    assert parse_date_input("end of quarter", D(2026, 1, 31)) == D(2026, 3, 31)
    assert parse_date_input("end of quarter", D(2026, 4, 1)) == D(2026, 6, 30)
    assert parse_date_input("+1m", D(2026, 1, 31)) == D(2026, 2, 28)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("someday", f"not a date: 'someday' ({DATE_HELP})"),
        ("next week", f"not a date: 'next week' ({DATE_HELP})"),
        ("+2x", f"not a date: '+2x' ({DATE_HELP})"),
        ("2026-02-30", "no such date: '2026-02-30'"),
        ("2026-13-01", "no such date: '2026-13-01'"),
        ("", "a date is required"),
        ("   ", "a date is required"),
    ],
)
def test_bad_natural_dates_say_what_is_expected(text: str, message: str) -> None:
    with pytest.raises(DateError) as refused:
        parse_date_input(text, TODAY)
    assert str(refused.value) == message


@pytest.mark.parametrize("text", ["2026-2-3", "20260203", "2026-02-03T10:00", " 2026-02-03"])
def test_stored_dates_are_strictly_iso(text: str) -> None:
    with pytest.raises(DateError, match="expected YYYY-MM-DD"):
        parse_iso_date(text)


def test_date_display() -> None:
    assert format_date(D(2026, 3, 5)) == "2026-03-05"
    assert format_date(D(2026, 3, 5), "DD/MM/YYYY") == "05/03/2026"
    assert format_date(None) == ""
    assert relative_days(TODAY, TODAY) == "today"
    assert relative_days(D(2026, 11, 28), TODAY) == "tomorrow"
    assert relative_days(D(2026, 11, 26), TODAY) == "yesterday"
    assert relative_days(D(2026, 12, 2), TODAY) == "in 5d"
    assert relative_days(D(2026, 11, 24), TODAY) == "3d ago"
