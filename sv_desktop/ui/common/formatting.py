"""How values read in the interface: money, dates, empty cells."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sv_desktop.domain.money import format_money


def date_text(value: date | None) -> str:
    """UK day/month/year, the way officers write dates."""
    return value.strftime("%d/%m/%Y") if value else ""


def money_text(value: Decimal | None) -> str:
    return format_money(value)
