"""Whether what an officer typed into a carbon plan can be stored: dates, years and figures that make sense.

This is input validation (a typing slip gets a message naming the field), not the
policy checks of carbon_plan.check_plan, which judge a well-formed plan.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from sv_desktop.domain.carbon_plan import CarbonPlanData, EmissionFigure, InterimTarget, emissions
from sv_desktop.domain.errors import FieldError, ValidationError

EARLIEST_YEAR = 1990
LATEST_TARGET_YEAR = 2100


def validate_plan(data: CarbonPlanData, today: date) -> CarbonPlanData:
    """The plan with text trimmed, or ValidationError listing every field that is wrong."""
    data = replace(
        data,
        url=data.url.strip(),
        reduction_measures=data.reduction_measures.strip(),
        approved_by=data.approved_by.strip(),
        notes=data.notes.strip(),
        baseline=_trimmed(data.baseline),
        current=_trimmed(data.current),
        interim_targets=tuple(sorted(data.interim_targets, key=lambda t: t.year)),
    )
    errors: list[FieldError] = []
    if data.url and not data.url.lower().startswith(("http://", "https://")):
        errors.append(FieldError("url", f"'{data.url}' is not a web address (it should start with https://)."))
    for name, value in (("publication_date", data.publication_date), ("approved_on", data.approved_on)):
        if value is not None and value > today:
            errors.append(FieldError(name, f"{value:%d/%m/%Y} is in the future."))
    if data.baseline_year is not None and not EARLIEST_YEAR <= data.baseline_year <= today.year:
        errors.append(FieldError("baseline_year",
                                 f"The baseline year must be between {EARLIEST_YEAR} and {today.year}."))
    if data.reporting_year_end is not None:
        if data.reporting_year_end > today:
            errors.append(FieldError("reporting_year_end", "The reporting year cannot end in the future."))
        elif data.baseline_year is not None and data.reporting_year_end.year < data.baseline_year:
            errors.append(FieldError("reporting_year_end", "The reporting year ends before the baseline year."))
    if data.net_zero_year is not None and not 2000 <= data.net_zero_year <= LATEST_TARGET_YEAR:
        errors.append(FieldError("net_zero_year", f"The net zero year must be between 2000 and {LATEST_TARGET_YEAR}."))
    if data.net_zero_year is not None and data.baseline_year is not None and data.net_zero_year <= data.baseline_year:
        errors.append(FieldError("net_zero_year", "The net zero year must be after the baseline year."))
    for period, breakdown in (("baseline", data.baseline), ("current", data.current)):
        for source, figure in breakdown.items():
            if figure.tco2e is not None and figure.tco2e < 0:
                errors.append(FieldError(period, f"{source.short}: emissions cannot be negative "
                                                 "(record removals or offsets in the notes)."))
            if figure.tco2e is not None and not figure.tco2e.is_finite():
                errors.append(FieldError(period, f"{source.short}: not a number."))
    for target in data.interim_targets:
        if not Decimal(0) < target.reduction_percent <= Decimal(100):
            errors.append(FieldError("interim_targets",
                                     f"{target.year}: a reduction must be more than 0% and at most 100%."))
        if data.baseline_year is not None and target.year <= data.baseline_year:
            errors.append(FieldError("interim_targets", f"{target.year} is not after the baseline year."))
        if data.net_zero_year is not None and target.year > data.net_zero_year:
            errors.append(FieldError("interim_targets", f"{target.year} is after the net zero year."))
    if len({t.year for t in data.interim_targets}) != len(data.interim_targets):
        errors.append(FieldError("interim_targets", "Two interim targets have the same year."))
    if errors:
        raise ValidationError(errors)
    return data


def _trimmed(breakdown):
    """Drop empty lines (no figure, no explanation); trim explanations."""
    return emissions({source: EmissionFigure(figure.tco2e, figure.explanation.strip())
            for source, figure in breakdown.items()
            if figure.tco2e is not None or figure.explanation.strip()})


__all__ = ["InterimTarget", "validate_plan"]
