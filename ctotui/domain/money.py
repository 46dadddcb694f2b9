"""Money: `Decimal` in code, a decimal string in the files, never a float."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

CENT = Decimal("0.01")
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}
MASK = "•••"


class MoneyError(ValueError):
    """A value that is not an amount of money; the message says why."""


def parse_amount(value: object, *, allow_negative: bool = False) -> Decimal:
    """An amount from the file (decimal string or int) or from a form ("12,500.50", "12k").

    Floats are refused: 0.1 + 0.2 is not 0.3, and a budget must add up to the cent.
    """
    if isinstance(value, bool):
        raise MoneyError(f"expected an amount, got {value!r}")
    if isinstance(value, float):
        raise MoneyError(f'amounts are decimal strings, not floats: write "{value}"')
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "").replace(" ", "")
        for symbol in SYMBOLS.values():
            text = text.removeprefix(symbol)
        multiplier = 1
        if text[-1:].lower() == "k":
            text, multiplier = text[:-1], 1000
        elif text[-1:].lower() == "m":
            text, multiplier = text[:-1], 1_000_000
        try:
            amount = Decimal(text) * multiplier
        except InvalidOperation:
            raise MoneyError(f"not an amount: {value!r}") from None
        if not amount.is_finite():
            raise MoneyError(f"not an amount: {value!r}")
    else:
        raise MoneyError(f"expected an amount, got {type(value).__name__}")
    if amount < 0 and not allow_negative:
        raise MoneyError(f"amount cannot be negative: {value}")
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


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
