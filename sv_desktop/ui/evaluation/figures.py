"""How the evaluation's figures read and are typed: sub-weights and scores in percentage points.

Shared by the models and the dialogs, so "5", "2.5" and "3.00" read the same everywhere.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def number_text(value: Decimal | int | None, places: int = 2) -> str:
    """5.00 -> '5', 2.50 -> '2.5', None -> ''."""
    if value is None:
        return ""
    value = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{value:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def weighted_text(value: Decimal | None) -> str:
    """A weighted score in percentage points, always to two places: '3.00'."""
    return "" if value is None else f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):.2f}"


def parse_percent(text: str) -> Decimal:
    """'5', '5%', '2.5' -> Decimal; anything else raises ValueError with the reason."""
    cleaned = text.strip().rstrip("%").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{text.strip()}' is not a percentage; type a number such as 5 or 2.5.") from None
    if not value.is_finite() or value < 0 or value > 100:
        raise ValueError(f"'{text.strip()}' is not a percentage between 0 and 100.")
    return value


__all__ = ["number_text", "parse_percent", "weighted_text"]
