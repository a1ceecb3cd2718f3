"""Proxy values: an organisation's own £-per-unit valuation of a social value metric.

No proxy values ship with SV Desktop (the National TOMs and HACT values are
licensed), so money is shown only where the user's own file gives a value, and
always with the source and year that file names. Units stay the primary figure.

A metric is identified the way the delivery portfolio groups commitments: a
framework metric by its framework id and ref; a bespoke metric by its name
(case and spacing ignored) and its unit.
No Qt, no I/O.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sv_desktop.domain.money import PENNY


def _normal_title(title: str) -> str:
    return " ".join(title.split()).casefold()


@dataclass(frozen=True, order=True)
class MetricKey:
    """Which metric a total or a proxy value is for."""

    framework_id: str  # "" for a bespoke metric
    ref: str  # the framework ref; "" for a bespoke metric
    title: str = ""  # bespoke only: the name, normalised (case and spacing ignored)
    unit: str = ""  # bespoke only: the unit id

    @classmethod
    def framework(cls, framework_id: str, ref: str) -> MetricKey:
        return cls(framework_id, ref)

    @classmethod
    def bespoke(cls, title: str, unit: str) -> MetricKey:
        return cls("", "", _normal_title(title), unit)

    @classmethod
    def of(cls, framework_id: str, ref: str, title: str, unit: str) -> MetricKey:
        """The key of a commitment: its framework metric, or its bespoke name and unit."""
        return cls.framework(framework_id, ref) if framework_id else cls.bespoke(title, unit)

    @property
    def bespoke_metric(self) -> bool:
        return not self.framework_id

    def __str__(self) -> str:
        if self.framework_id:
            return f"{self.framework_id} {self.ref}"
        return f"bespoke '{self.title}' ({self.unit})"


@dataclass(frozen=True)
class ProxyValue:
    """£ per unit of one metric, as the organisation's own file states it."""

    metric: MetricKey
    gbp_per_unit: Decimal
    source: str
    year: int
    note: str = ""
    line: int | None = None  # where the value was written in the file

    def value_of(self, amount: Decimal) -> Decimal:
        """The £ value of `amount` units, to the penny."""
        return (amount * self.gbp_per_unit).quantize(PENNY, rounding=ROUND_HALF_UP)

    @property
    def attribution(self) -> str:
        """ "Organisation's own valuation, 2025 (2025 values)": what every £ figure is shown with."""
        return f"{self.source} ({self.year} values)"


class ProxyTable:
    """Proxy values by metric; `get` returns None for a metric without one (then no £ is shown)."""

    def __init__(self, values: Iterable[ProxyValue] = ()):
        self._by_metric: dict[MetricKey, ProxyValue] = {}
        for value in values:
            self._by_metric.setdefault(value.metric, value)

    def get(self, metric: MetricKey) -> ProxyValue | None:
        return self._by_metric.get(metric)

    def __len__(self) -> int:
        return len(self._by_metric)

    def __bool__(self) -> bool:
        return bool(self._by_metric)

    def values(self) -> tuple[ProxyValue, ...]:
        return tuple(self._by_metric.values())


__all__ = ["MetricKey", "ProxyTable", "ProxyValue"]
