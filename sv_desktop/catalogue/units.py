"""The units a metric can be reported in (the table in resources/frameworks/SCHEMA.md)."""

from __future__ import annotations

from .model import AGGREGATIONS, Unit

UNITS: dict[str, Unit] = {
    unit.id: unit
    for unit in (
        Unit("count", "number", "sum"),
        Unit("roles", "roles (not FTE)", "latest"),
        Unit("fte", "FTE", "latest"),
        Unit("hours", "hours", "sum"),
        Unit("weeks", "weeks", "sum"),
        Unit("gbp", "£", "sum"),
        Unit("percent", "%", "latest"),
        Unit("tco2e", "tCO2e", "sum"),
        Unit("tonnes", "tonnes", "sum"),
        Unit("litres", "litres", "sum"),
        Unit("m3", "m³", "sum"),
        Unit("m2", "m²", "sum"),
        Unit("km", "km", "sum"),
        Unit("kwh", "kWh", "sum"),
        Unit("yes_no", "yes / no", "latest"),
    )
}

assert all(unit.default_aggregation in AGGREGATIONS for unit in UNITS.values())


def unit(unit_id: str) -> Unit | None:
    """The unit with this id, or None."""
    return UNITS.get(unit_id)


def default_aggregation(unit_id: str) -> str:
    """How values in this unit add up over periods when the metric does not say."""
    return UNITS[unit_id].default_aggregation
