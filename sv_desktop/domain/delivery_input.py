"""Whether a commitment, a delivery return or a remedy can be stored: each problem named by field.

Input validation only; progress and RAG are delivery.py's business.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from sv_desktop.domain.delivery import CommitmentData, Period, RemedyData, RemedyKind, periods
from sv_desktop.domain.errors import FieldError, ValidationError
from sv_desktop.domain.money import money_problem

# What the store's Quantity column (Numeric(20, 4)) holds: a figure with more places would be rounded
# silently on saving, so it is refused here instead.
QUANTITY_STEP = Decimal("0.0001")
MAX_QUANTITY = Decimal("9999999999999999.9999")


def validate_commitment(data: CommitmentData, known_units: frozenset[str] | set[str],
                        contract_start: date | None, contract_end: date | None) -> CommitmentData:
    data = replace(data, title=" ".join(data.title.split()), cohort=data.cohort.strip(),
                   bid_text=data.bid_text.strip(), justification=data.justification.strip())
    errors: list[FieldError] = []
    if not data.title:
        errors.append(FieldError("title", "A commitment needs a name."))
    if data.unit not in known_units:
        errors.append(FieldError("unit", f"'{data.unit}' is not a unit SV Desktop knows."))
    for name, value in (("target", data.target), ("baseline", data.baseline)):
        if value is not None and (not value.is_finite() or value < 0):
            errors.append(FieldError(name, "Must be a number, zero or more."))
        elif value is not None and (problem := _quantity_problem(value)):
            errors.append(FieldError(name, problem))
    if data.unit == "percent" and data.target is not None and data.target.is_finite() and data.target > 100:
        errors.append(FieldError("target", "A percentage cannot be over 100."))
    if data.start_date and data.due_date and data.due_date < data.start_date:
        errors.append(FieldError("due_date", "The due date is before the start date."))
    span = _span_text(contract_start, contract_end)
    for name, day in (("start_date", data.start_date), ("due_date", data.due_date)):
        if day is None:
            continue
        if (contract_start and day < contract_start) or (contract_end and day > contract_end):
            errors.append(FieldError(name, f"{day:%d/%m/%Y} is outside the contract period ({span})."))
    if data.bespoke and not data.justification:
        errors.append(FieldError("justification",
                                 "A bespoke metric needs a justification: why no framework metric fits."))
    if errors:
        raise ValidationError(errors)
    return data


def validate_return(commitment: CommitmentData, period: Period, actual: Decimal | None,
                    unit: str | None = None) -> None:
    """The period must be one of the commitment's reporting periods; the actual a number, zero or more."""
    errors: list[FieldError] = []
    terms = commitment.terms
    if terms is None:
        errors.append(FieldError("commitment", "Fill in the commitment's " + ", ".join(commitment.missing)
                                 + " before recording returns."))
        raise ValidationError(errors)
    if actual is None:
        errors.append(FieldError("actual", "Enter the value delivered in the period."))
    elif not actual.is_finite():
        errors.append(FieldError("actual", "Not a number."))
    elif actual < 0:
        errors.append(FieldError("actual", "Cannot be negative; record a correction as a lower figure with a note."))
    elif commitment.unit == "percent" and actual > 100:
        errors.append(FieldError("actual", "A percentage cannot be over 100."))
    elif problem := _quantity_problem(actual):
        errors.append(FieldError("actual", problem))
    if unit is not None and unit != commitment.unit:
        errors.append(FieldError("unit", f"Reported in '{unit}', but the commitment is measured in "
                                         f"'{commitment.unit}'; convert the figure first."))
    allowed = periods(terms.start_date, terms.due_date, commitment.frequency)
    if period not in allowed:
        span = _span_text(terms.start_date, terms.due_date)
        if period.end < terms.start_date or period.start > terms.due_date:
            errors.append(FieldError("period", f"{period.label} is outside the commitment ({span})."))
        else:
            errors.append(FieldError("period", f"{period.label} is not one of the commitment's "
                                               f"{commitment.frequency.label.lower()} reporting periods."))
    if errors:
        raise ValidationError(errors)


def validate_remedy(data: RemedyData, contract_total: Decimal | None, deductions_over: Decimal | None,
                    today: date) -> RemedyData:
    data = replace(data, description=data.description.strip(), outcome=data.outcome.strip())
    errors: list[FieldError] = []
    if not data.description:
        errors.append(FieldError("description", "Say what was agreed."))
    if data.kind.takes_amount:
        if data.amount is None or not data.amount.is_finite() or data.amount <= 0:
            errors.append(FieldError("amount", f"A {data.kind.label.lower()} needs an amount in pounds."))
        elif problem := money_problem(data.amount):
            errors.append(FieldError("amount", f"The amount {problem}."))
        if deductions_over is not None and (contract_total is None or contract_total <= deductions_over):
            errors.append(FieldError("kind", f"The policy allows a {data.kind.label.lower()} only on contracts "
                                             f"over £{deductions_over:,.0f} total value."))
    elif data.amount is not None:
        errors.append(FieldError("amount", f"An {data.kind.label.lower()} has no amount."))
    if data.raised_on > today:
        errors.append(FieldError("raised_on", "The date raised is in the future."))
    if data.due_on and data.due_on < data.raised_on:
        errors.append(FieldError("due_on", "Due before it was raised."))
    if data.closed_on and data.closed_on < data.raised_on:
        errors.append(FieldError("closed_on", "Closed before it was raised."))
    if data.closed_on and not data.outcome:
        errors.append(FieldError("outcome", "Record the outcome when closing."))
    if errors:
        raise ValidationError(errors)
    return data


def _quantity_problem(value: Decimal) -> str | None:
    """Why a finite, non-negative figure cannot be stored as it is, or None."""
    if value > MAX_QUANTITY:
        return "Too large to store (at most 9,999,999,999,999,999)."
    if value != value.quantize(QUANTITY_STEP):
        return "At most four decimal places."
    return None


def _span_text(start: date | None, end: date | None) -> str:
    left = f"{start:%d/%m/%Y}" if start else "no start date"
    right = f"{end:%d/%m/%Y}" if end else "no end date"
    return f"{left} to {right}"


__all__ = ["RemedyKind", "validate_commitment", "validate_remedy", "validate_return"]
