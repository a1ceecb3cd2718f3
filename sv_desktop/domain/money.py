"""Money is Decimal pounds, exact to the penny; parsing accepts what officers type."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
MAX_VALUE = Decimal("1000000000000")  # £1tn: above any public contract, below Numeric(16, 2)

_MULTIPLIERS = {"k": Decimal(1000), "m": Decimal(1000000), "bn": Decimal(1000000000), "b": Decimal(1000000000)}
_MONEY_RE = re.compile(r"^(?P<number>\d+(?:\.\d+)?)\s*(?P<suffix>k|m|bn|b)?$", re.IGNORECASE)


def parse_money(text: str) -> Decimal | None:
    """Read "£1,234,567.00", "1.2m", "250k" or blank (None); raise ValueError otherwise."""
    cleaned = text.strip().replace(",", "").replace("£", "").replace(" ", "")
    if not cleaned:
        return None
    if cleaned.startswith("-"):
        raise ValueError("must not be negative")
    match = _MONEY_RE.match(cleaned)
    if not match:
        raise ValueError(f"'{text.strip()}' is not an amount in pounds (for example 1,250,000.00 or 1.25m)")
    try:
        value = Decimal(match["number"])
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise ValueError(f"'{text.strip()}' is not an amount in pounds") from exc
    suffix = (match["suffix"] or "").lower()
    if suffix:
        value *= _MULTIPLIERS[suffix]
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def format_money(value: Decimal | None, *, pence: bool = False) -> str:
    """£1,234,567 (or with pence); an empty string for no value."""
    if value is None:
        return ""
    if pence:
        return f"£{value:,.2f}"
    return f"£{value.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"


def money_problem(value: Decimal | None) -> str | None:
    """Why a stored amount is not acceptable, or None when it is."""
    if value is None:
        return None
    if not value.is_finite():
        return "must be a number"
    if value < 0:
        return "must not be negative"
    if value > MAX_VALUE:
        return "is larger than any contract value the store can hold (£1 trillion)"
    if value != value.quantize(PENNY):
        return "must be whole pence (at most two decimal places)"
    return None
