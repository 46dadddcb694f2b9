"""Money: `Decimal` in code, a decimal string in the files, never a float."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal

CENT = Decimal("0.01")
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}
MASK = "•••"


class MoneyError(ValueError):
    """A value that is not an amount of money; the message says why."""


# Nobody's IT budget line reaches a trillion; a bigger number is a typo or an attack on the
# arithmetic (Decimal would happily carry 10**5000 into every total).
MAX_AMOUNT = Decimal(10) ** 12
_STORED = re.compile(r"-?(0|[1-9][0-9]{0,12})(\.[0-9]{1,2})?")
# Currencies written with a decimal comma nearly everywhere they are used; the rest take the
# point (the euro too: it is written both ways, and ctotui shows amounts as "€12,500.50").
_COMMA_CURRENCIES = frozenset(
    {"SEK", "NOK", "DKK", "ISK", "PLN", "CZK", "HUF", "RON", "BGN", "BRL", "ARS", "TRY", "RUB"}
)


def decimal_mark_for(currency: str) -> str:
    """The default `amount_decimal` setting for *currency*: "," or "."."""
    return "," if currency.upper() in _COMMA_CURRENCIES else "."


def parse_amount(value: object, *, allow_negative: bool = False) -> Decimal:
    """An amount as stored in a data file: a plain decimal string with a point and at most two
    places ("12500.00"), or a whole number. Nothing else — no grouping, no exponent, no float,
    nothing beyond `MAX_AMOUNT` — so a file can never be misread.
    """
    if isinstance(value, bool):
        raise MoneyError(f"expected an amount, got {value!r}")
    if isinstance(value, float):
        raise MoneyError(f'amounts are decimal strings, not floats: write "{value}"')
    if isinstance(value, int):
        if abs(value) > MAX_AMOUNT:
            raise MoneyError(f"amount out of range: {_short(str(value))}")
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        if not value.is_finite() or abs(value) > MAX_AMOUNT:
            raise MoneyError(f"not an amount: {_short(str(value))}")
        amount = value
    elif isinstance(value, str):
        if not _STORED.fullmatch(value):
            raise MoneyError(f"not a stored amount (like 12500.00): {_short(value)!r}")
        amount = Decimal(value)
        if abs(amount) > MAX_AMOUNT:
            raise MoneyError(f"amount out of range: {_short(value)}")
    else:
        raise MoneyError(f"expected an amount, got {type(value).__name__}")
    if amount < 0 and not allow_negative:
        raise MoneyError(f"amount cannot be negative: {value}")
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


def parse_amount_input(text: str, decimal: str = ".", *, allow_negative: bool = False) -> Decimal:
    """An amount a person typed (CLI, form, CSV cell) under the `amount_decimal` setting.

    With a decimal point: "12500", "12,500.50", "12 500.5", "12.5k", "€1.2M". With a decimal
    comma: "12500", "12.500,50", "12 500,5", "12,5k". A number whose other mark is not a
    thousands separator ("12,50" under the point) is ambiguous and refused with both readings;
    exponents, NaN, infinities and amounts beyond `MAX_AMOUNT` are refused.
    """
    if decimal not in (".", ","):
        raise MoneyError(f"amount_decimal must be '.' or ',', not {decimal!r}")
    group = "," if decimal == "." else "."
    raw = text.strip()
    body = raw.replace(" ", "").replace("_", "").replace("\u00a0", "").replace("'", "")
    negative = body.startswith("-")
    body = body.removeprefix("-")
    for symbol in SYMBOLS.values():
        body = body.removeprefix(symbol)
    multiplier, suffix = 1, ""
    if body[-1:].lower() in ("k", "m"):
        body, suffix = body[:-1], body[-1:]
        multiplier = 1000 if suffix.lower() == "k" else 1_000_000
    whole, mark, fraction = body.partition(decimal)
    if not re.fullmatch(r"[0-9]+([" + re.escape(group) + r"][0-9]+)*", whole) or (
        mark and not re.fullmatch(r"[0-9]+", fraction)
    ):
        if decimal in body and group in body and body.rfind(group) > body.rfind(decimal):
            raise MoneyError(_other_convention(raw, decimal))
        raise MoneyError(_not_an_amount(raw, decimal))
    if group in whole:
        groups = whole.split(group)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise MoneyError(_ambiguous(raw, decimal, groups, suffix))
    digits = whole.replace(group, "") + (f".{fraction}" if mark else "")
    amount = Decimal(digits) * multiplier
    if negative:
        amount = -amount
    if abs(amount) > MAX_AMOUNT:
        raise MoneyError(f"amount out of range (at most {MAX_AMOUNT:,.0f}): {_short(raw)}")
    if amount < 0 and not allow_negative:
        raise MoneyError(f"amount cannot be negative: {raw}")
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


def _not_an_amount(raw: str, decimal: str) -> str:
    example = "12500.50 or 12,500.50" if decimal == "." else "12500,50 or 12.500,50"
    return f"not an amount: {_short(raw)!r} (write it like {example})"


def _other_convention(raw: str, decimal: str) -> str:
    other = "," if decimal == "." else "."
    return (
        f"amount {_short(raw)!r} uses {other!r} as the decimal mark, but amount_decimal is "
        f"{decimal!r}; write it with {decimal!r} or change the setting"
    )


def _ambiguous(raw: str, decimal: str, groups: list[str], suffix: str) -> str:
    other = "," if decimal == "." else "."
    as_decimal = f"{''.join(groups[:-1])}{decimal}{groups[-1]}{suffix}"
    as_thousands = "".join(groups) + suffix
    name = "point" if decimal == "." else "comma"
    return (
        f"ambiguous amount {_short(raw)!r}: with a decimal {name} (amount_decimal = "
        f'"{decimal}") the {other!r} is not a thousands separator here; write {as_decimal} '
        f"or {as_thousands}"
    )


def format_amount_input(amount: Decimal, decimal: str = ".") -> str:
    """*amount* as a person would type it back under the setting: "12500.50" / "12500,50"."""
    text = amount_text(amount)
    return text.replace(".", ",") if decimal == "," else text


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def amount_text(amount: Decimal) -> str:
    """The stored form: a plain decimal string with two places ("12500.00")."""
    return str(amount.quantize(CENT, rounding=ROUND_HALF_EVEN))


def format_money(
    amount: Decimal | None, currency: str = "EUR", *, masked: bool = False, ascii_only: bool = False
) -> str:
    """Human form: "€12,500", "€1,234.50", "CHF 900"; masked in presentation mode.

    *ascii_only* (the `--ascii` option) writes the code instead of a sign: "EUR 12,500".
    """
    if amount is None:
        return ""
    if masked:
        return MASK
    whole = amount == amount.to_integral_value()
    number = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    symbol = None if ascii_only and currency != "USD" else SYMBOLS.get(currency)
    if symbol:
        return f"-{symbol}{number[1:]}" if number.startswith("-") else f"{symbol}{number}"
    return f"{currency} {number}"


def format_compact(
    amount: Decimal | None, currency: str = "EUR", *, masked: bool = False, ascii_only: bool = False
) -> str:
    """Short form for narrow columns: "€12.5k", "€1.2M" ("EUR12.5k" with *ascii_only*)."""
    if amount is None:
        return ""
    if masked:
        return MASK
    # "$" is ASCII already; other signs become the code.
    plain = ascii_only and currency != "USD"
    symbol = currency if plain else SYMBOLS.get(currency, currency + " ")
    value = abs(amount)
    if value >= 1_000_000:
        text = f"{value / 1_000_000:.1f}M"
    elif value >= 100_000:
        text = f"{value / 1000:.0f}k"
    elif value >= 1000:
        text = f"{value / 1000:.1f}k"
    else:
        text = f"{value:.0f}"
    text = text.replace(".0k", "k").replace(".0M", "M")
    return f"{'-' if amount < 0 else ''}{symbol}{text}"
